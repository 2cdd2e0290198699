package search

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// FuzzQueryTerms holds the query parser to what the store relies on: it never panics; terms are
// valid UTF-8, non-empty, distinct and sorted; a Latin or digit term is at most MaxWordPrefix
// bytes and a CJK term at most two characters; there are never more terms than characters; and
// a document always matches a query made of its own text (every query term is among the
// document's terms), so nothing can be written that its own words do not find.
// Seeds: testdata/fuzz/FuzzQueryTerms. Run: go test ./internal/search -run '^$' -fuzz FuzzQueryTerms -fuzztime 30s
func FuzzQueryTerms(f *testing.F) {
	for _, s := range []string{"", "户籍人口", "人口基础信息", "SYS-0001", "ＡＢＣ１２３", "法人", "人",
		"abcdefghijklmnopqrstuvwxyz0123456789", "ÄÖÜäöüß straße", "カタカナー", "한국어", "\xff\xfe", "a\x00b",
		"\u202e報告", "x" + string(make([]byte, 30)), "é" + "ééééééééééééééééééééééé" + "ü"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		terms := QueryTerms(q)
		if len(terms) > utf8.RuneCountInString(q) {
			t.Fatalf("%d terms from %d characters", len(terms), utf8.RuneCountInString(q))
		}
		if !slices.IsSorted(terms) || len(slices.Compact(slices.Clone(terms))) != len(terms) {
			t.Fatalf("terms not sorted and distinct: %q", terms)
		}
		for _, term := range terms {
			if term == "" || !utf8.ValidString(term) {
				t.Fatalf("term %q from %q", term, q)
			}
			r, _ := utf8.DecodeRuneInString(term)
			if isCJK(r) {
				if n := utf8.RuneCountInString(term); n > 2 {
					t.Fatalf("CJK term %q of %d characters", term, n)
				}
			} else if len(term) > MaxWordPrefix {
				t.Fatalf("term %q of %d bytes", term, len(term))
			}
		}
		doc := map[string]bool{}
		for _, term := range DocTerms(q) {
			if !utf8.ValidString(term) || term == "" {
				t.Fatalf("document term %q", term)
			}
			doc[term] = true
		}
		for _, term := range terms {
			if !doc[term] {
				t.Fatalf("%q does not find itself: query term %q is not among its document terms", q, term)
			}
		}
	})
}
