package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestRulesPage: every clause ID the templates cite resolves to a rule of docs/RULES.md, on
// the rules page and in the chip's hover text.
func TestRulesPage(t *testing.T) {
	t.Parallel()
	list, byID := clauseRules()
	if len(list) < 40 {
		t.Fatalf("docs/RULES.md yields %d clauses", len(list))
	}
	cited := regexp.MustCompile(`\b(?:ENV|BLD|SHR|PTL|FLOW|ORG)-[A-Z]?[0-9]+\b`)
	err := fs.WalkDir(assets, "templates", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(assets, p)
		for _, id := range cited.FindAllString(string(b), -1) {
			if _, ok := byID[id]; !ok {
				t.Errorf("%s cites %s, which docs/RULES.md does not list", p, id)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	chip := string(clauseChips("SHR-R7 · SHR-R8", "warn"))
	if !strings.Contains(chip, `<a class="clause warn" href="/rules#SHR-R7" title="`+byID["SHR-R7"]+`">SHR-R7</a>`) || !strings.Contains(chip, `href="/rules#SHR-R8"`) {
		t.Errorf("chips: %s", chip)
	}
	if chip := string(clauseChips("<x>")); chip != `<span class="clause">&lt;x&gt;</span>` {
		t.Errorf("a text that is no clause: %s", chip)
	}
}
