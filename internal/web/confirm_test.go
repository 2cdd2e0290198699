package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestConfirmOnForms: static/app.js asks its confirmation from the submit event, reading
// data-confirm off the form submitted; the attribute on any other element (a button) is never
// read, and the action goes through unasked. Every template puts it on a <form>.
func TestConfirmOnForms(t *testing.T) {
	tag := regexp.MustCompile(`<([a-zA-Z]+)\b[^>]*\bdata-confirm=`)
	n := 0
	err := fs.WalkDir(assets, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") {
			return err
		}
		b, err := fs.ReadFile(assets, path)
		if err != nil {
			return err
		}
		for _, m := range tag.FindAllStringSubmatch(string(b), -1) {
			n++
			if !strings.EqualFold(m[1], "form") {
				t.Errorf("%s: data-confirm on <%s>, which app.js never reads; put it on the form", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("no data-confirm found in the templates: the pattern no longer matches them")
	}
}
