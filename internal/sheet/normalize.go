package sheet

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The full-width forms of ASCII (U+FF01–U+FF5E) sit at a fixed offset from
// ASCII. This is the part of NFKC that matters for hand-typed 台账; the rest
// of NFKC would also rewrite things people mean, such as ① or ㎡.
const fullWidthOffset = 0xFF01 - '!'

func isSpace(r rune) bool {
	// unicode.IsSpace covers U+3000 (ideographic space) and U+00A0 (NBSP);
	// zero-width spaces and the BOM arrive from copy-and-paste.
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

func isFullWidthAlnum(r rune) bool {
	return (r >= '０' && r <= '９') || (r >= 'Ａ' && r <= 'Ｚ') || (r >= 'ａ' && r <= 'ｚ')
}

// plainASCII reports whether s needs no rewriting by the functions below
// except trimming, which is the common case worth a fast path.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c < ' ' {
			return false
		}
	}
	return true
}

func trim(s string) string { return strings.TrimFunc(s, isSpace) }

// cleanText is how Text values are kept: trimmed, full-width letters and
// digits and odd spaces made plain, line breaks kept as \n, Chinese
// punctuation such as （）， left alone because it is what people mean.
func cleanText(s string) string {
	s = trim(s)
	if plainASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\u200b' || r == '\ufeff':
		case isSpace(r):
			b.WriteByte(' ')
		case isFullWidthAlnum(r):
			b.WriteRune(r - fullWidthOffset)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// halfWidth makes every full-width ASCII form half-width and drops all
// whitespace: the form of codes, numbers and dates.
func halfWidth(s string, keepSpaces bool) string {
	s = trim(s)
	if plainASCII(s) && (keepSpaces || !strings.Contains(s, " ")) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case isSpace(r):
			space = true
			continue
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= fullWidthOffset
		case r == '。':
			r = '.'
		}
		if space && keepSpaces {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// Fold returns the form in which two spellings of a label, name or header
// are compared: full-width forms made half-width, all whitespace removed,
// letters in lower case. "政务 云", "政务云" and "政务云　" fold alike, as do
// "ＯＡ系统" and "oa系统".
func Fold(s string) string {
	return strings.ToLower(halfWidth(s, false))
}

// foldHeader folds a header and drops what people add to headers: required
// markers (*), trailing colons.
func foldHeader(s string) string {
	f := Fold(s)
	for {
		before := f
		f = strings.Trim(f, "*:")
		f = strings.TrimPrefix(f, "★")
		f = strings.TrimSuffix(f, "★")
		if f == before {
			return f
		}
	}
}

// stripNote drops a trailing parenthesised note from a folded header, as in
// 系统名称(必填) or 上线时间(年月日).
func stripNote(f string) string {
	if !strings.HasSuffix(f, ")") {
		return f
	}
	i := strings.LastIndexByte(f, '(')
	if i <= 0 {
		return f
	}
	return foldHeader(f[:i])
}

// hasControl reports invalid UTF-8 or a control character other than tab and line breaks.
func hasControl(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return true
		}
	}
	return false
}
