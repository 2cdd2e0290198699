// Package search turns mixed Chinese and Latin text into index terms, for the full-text index
// the store keeps in search_terms (migration 0013) and that the catalog and the systems
// registry query.
//
// Chinese has no spaces between words, and a two-character word such as 人口 is the most
// common thing people search for, so the index does not try to find words. Terms are:
//
//   - CJK runs (Han, kana, Hangul): every character on its own (unigram) and every pair of
//     neighbouring characters (bigram). 户籍人口 → 户 籍 人 口 户籍 籍人 人口.
//   - Latin letter runs and digit runs (split where letters meet digits): the lower-cased
//     word and every prefix of it, up to MaxWordPrefix bytes. SYS-0001 → s sy sys 0 00 000 0001.
//   - Full-width ASCII (ＡＢＣ１２３, the ideographic space) is made half-width first, as
//     internal/sheet does for spreadsheet cells; punctuation and spaces only separate runs.
//
// A query is tokenized the same way but smaller: a CJK run of two or more characters gives only
// its bigrams (they imply the unigrams), a one-character run gives that character, a Latin word
// gives itself (which the indexed prefixes turn into a prefix match). A document matches when
// it holds EVERY query term (AND): 人口基础 (人口 口基 基础) finds 人口基础信息 but not 户籍人口,
// while 人口 finds both. Unigrams are indexed, rather than answering a one-character query by a
// prefix scan over the bigrams, because a character that ends a run (人 in 法人) starts no
// bigram; an exact lookup of the unigram finds it and costs the same as any other term.
//
// Terms do not carry positions, so 口人 matches 人口人 and 人口基础 matches 基础人口口基: a
// document holding all the pieces matches even when they are not adjacent in that order. For
// names, summaries and data-item names that is rarely seen and never hides a real match.
//
// Ranking (store.Reader.Search, store.Hit) is three keys, in order: every query term in a title
// field (name or code) first; then more fields that each hold every query term on their own
// (name, code, summary, data items: 0–4); then the most recently indexed; ties by higher id.
// There is no term-frequency weighting, so a user can always tell why one entry is above another.
package search

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// MaxWordPrefix bounds the prefixes indexed for a Latin or digit word (in bytes; such words are
// ASCII after folding, or letters of other scripts). A longer query word is cut to this length,
// so it still matches as a prefix.
const MaxWordPrefix = 24

// Field bits: which field of a document a term was found in. Name and code are the title fields.
const (
	FieldName    = "name"
	FieldCode    = "code"
	FieldSummary = "summary"
	FieldItems   = "items" // data-item names, one per line
)

// FieldBits maps a field name to its bit in search_terms.fields.
var FieldBits = map[string]int{FieldName: 1, FieldCode: 2, FieldSummary: 4, FieldItems: 8}

// TitleBits are the fields whose hits rank first.
const TitleBits = 1 | 2

const fullWidthOffset = 0xFF01 - '!'

// fold makes full-width ASCII half-width and the ideographic space a space.
func fold(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return unicode.ToLower(r - fullWidthOffset)
	case r == 0x3000:
		return ' '
	}
	return unicode.ToLower(r)
}

// isCJK reports a character of a script written without spaces.
func isCJK(r rune) bool {
	// ー (the prolonged sound mark) belongs to no script but sits inside katakana words.
	return r == 'ー' || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

type runKind int

const (
	runNone runKind = iota
	runCJK
	runLetters
	runDigits
)

func kindOf(r rune) runKind {
	switch {
	case isCJK(r):
		return runCJK
	case unicode.IsDigit(r):
		return runDigits
	case unicode.IsLetter(r):
		return runLetters
	}
	return runNone
}

// runs splits text into runs of one kind, folded.
func runs(text string, fn func(k runKind, run []rune)) {
	var cur []rune
	kind := runNone
	flush := func() {
		if kind != runNone && len(cur) > 0 {
			fn(kind, cur)
		}
		cur = cur[:0]
	}
	for _, r := range text {
		r = fold(r)
		k := kindOf(r)
		if k != kind {
			flush()
			kind = k
		}
		if k != runNone {
			cur = append(cur, r)
		}
	}
	flush()
}

// DocTerms returns the distinct index terms of text, sorted.
func DocTerms(text string) []string {
	set := map[string]struct{}{}
	AddDocTerms(set, text)
	return sorted(set)
}

// AddDocTerms adds the index terms of text to set.
func AddDocTerms(set map[string]struct{}, text string) {
	runs(text, func(k runKind, run []rune) {
		switch k {
		case runCJK:
			for i := range run {
				set[string(run[i:i+1])] = struct{}{}
				if i+1 < len(run) {
					set[string(run[i:i+2])] = struct{}{}
				}
			}
		default:
			w := string(run)
			set[w] = struct{}{}
			for n := 1; n < len(w) && n <= MaxWordPrefix; n++ {
				if utf8.RuneStart(w[n]) {
					set[w[:n]] = struct{}{}
				}
			}
		}
	})
}

// QueryTerms returns the distinct terms a document must all hold to match q, sorted; none when
// q has no letters, digits or CJK characters (such a query matches nothing in the index).
func QueryTerms(q string) []string {
	set := map[string]struct{}{}
	runs(q, func(k runKind, run []rune) {
		switch {
		case k == runCJK && len(run) == 1:
			set[string(run)] = struct{}{}
		case k == runCJK:
			for i := 0; i+1 < len(run); i++ {
				set[string(run[i:i+2])] = struct{}{}
			}
		default:
			w := string(run)
			if len(w) > MaxWordPrefix {
				n := MaxWordPrefix
				for n > 0 && !utf8.RuneStart(w[n]) {
					n--
				}
				w = w[:n]
			}
			set[w] = struct{}{}
		}
	})
	return sorted(set)
}

// Postings returns, for a document's fields, every term with the bits of the fields it occurs
// in. Fields with names not in FieldBits are refused by the store.
func Postings(fields map[string]string) map[string]int {
	out := map[string]int{}
	for name, text := range fields {
		bit := FieldBits[name]
		set := map[string]struct{}{}
		AddDocTerms(set, text)
		for t := range set {
			out[t] |= bit
		}
	}
	return out
}

func sorted(set map[string]struct{}) []string {
	out := make([]string, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}
