package i18n

import (
	"maps"
	"strings"
	"testing"
	"testing/fstest"
)

// messageFiles makes a file system of message files from their names and texts.
func messageFiles(texts map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, text := range texts {
		fsys[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}

func TestLoadReadsTheFormat(t *testing.T) {
	cat := load(messageFiles(map[string]string{
		"messages/zh-CN/a.txt": "# a comment\n\n  a.one = 一 %s  \nlist_sep=、\n",
		"messages/zh-CN/b.txt": "b-two = 二 = 2",
		"messages/en/a.txt":    "a.one =  one %s\t\nlist_sep = ,\\s\n\n# x\nmulti = \\sx\\ny\\tz\\\\ \nempty =\n",
	}))
	want := map[Lang]map[string]string{
		ZH: {"a.one": "一 %s", "list_sep": "、", "b-two": "二 = 2"},
		EN: {"a.one": "one %s", "list_sep": ", ", "multi": " x\ny\tz\\", "empty": ""},
	}
	for _, l := range Langs {
		if !maps.Equal(cat[l], want[l]) {
			t.Errorf("%s: got %q, want %q", l, cat[l], want[l])
		}
	}
}

// A broken message file stops the program at start, naming the file and line.
func TestLoadRefusesBrokenFiles(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no =", map[string]string{"messages/en/a.txt": "a = x\n\nb x\n"},
			"messages/en/a.txt:3: not a comment nor key = text"},
		{"bad key", map[string]string{"messages/en/a.txt": "a b = x\n"},
			"messages/en/a.txt:1: not a comment nor key = text"},
		{"empty key", map[string]string{"messages/en/a.txt": "= x\n"},
			"messages/en/a.txt:1: not a comment nor key = text"},
		{"duplicate in a file", map[string]string{"messages/en/a.txt": "a = x\n# c\na = y\n"},
			"messages/en/a.txt:3: key a defined twice (first at messages/en/a.txt:1)"},
		{"duplicate across files",
			map[string]string{"messages/zh-CN/a.txt": "k = 甲\n", "messages/zh-CN/b.txt": "\nk = 乙\n"},
			"messages/zh-CN/b.txt:2: key k defined twice (first at messages/zh-CN/a.txt:1)"},
		{"unknown escape", map[string]string{"messages/en/a.txt": "a = x\nb = 50\\% off\n"},
			`messages/en/a.txt:2: unknown escape \%`},
		{"backslash at the end", map[string]string{"messages/en/a.txt": "a = x\\\n"},
			`messages/en/a.txt:1: a \ ends the line`},
		{"control character", map[string]string{"messages/en/a.txt": "a = x\r\n"},
			"messages/en/a.txt:1: control character U+000D"},
		{"not UTF-8", map[string]string{"messages/en/a.txt": "a = \xff\n"},
			"messages/en/a.txt:1: not UTF-8"},
		{"unknown language", map[string]string{"messages/fr/a.txt": "a = x\n"},
			"messages/fr: not a language directory"},
		{"not a .txt file", map[string]string{"messages/en/a.po": "a = x\n"},
			"messages/en/a.po: not a .txt message file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				got, _ := recover().(string)
				if !strings.Contains(got, c.want) {
					t.Errorf("panic %q, want one with %q", got, c.want)
				}
			}()
			load(messageFiles(c.files))
		})
	}
}

// The same key in two languages is no duplicate.
func TestLoadKeepsLanguagesApart(t *testing.T) {
	cat := load(messageFiles(map[string]string{
		"messages/zh-CN/a.txt": "k = 甲\n",
		"messages/en/a.txt":    "k = A\n",
	}))
	if cat[ZH]["k"] != "甲" || cat[EN]["k"] != "A" {
		t.Errorf("got %q", cat)
	}
}
