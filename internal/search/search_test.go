package search

import (
	"slices"
	"strings"
	"testing"
)

// termCase is a text and the terms it makes, space-separated in any order.
type termCase struct{ name, in, want string }

func checkTerms(t *testing.T, fn string, terms func(string) []string, cases []termCase) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := terms(c.in)
			want := strings.Fields(c.want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s(%q) = %q, want %q", fn, c.in, got, want)
			}
		})
	}
}

func TestDocTerms(t *testing.T) {
	checkTerms(t, "DocTerms", DocTerms, []termCase{
		{"chinese", "户籍人口", "人 人口 口 户 户籍 籍 籍人"},
		{"one character", "人", "人"},
		{"latin lower-cased with prefixes", "OA", "o oa"},
		{"letters and digits split", "SYS-0001", "0 00 000 0001 s sy sys"},
		{"mixed", "OA系统v2", "2 o oa v 系 系统 统"},
		{"full-width", "ＯＡ１　系统", "1 o oa 系 系统 统"},
		{"punctuation separates runs", "人口，基础（信息）", "人 人口 口 基 基础 础 信 信息 息"},
		{"punctuation only", "！？、%_\\ -", ""},
		{"kana", "データ", "タ ータ デ デー ー"},
	})
}

func TestQueryTerms(t *testing.T) {
	checkTerms(t, "QueryTerms", QueryTerms, []termCase{
		{"two characters", "人口", "人口"},
		{"four characters", "人口基础", "人口 口基 基础"},
		{"one character", "人", "人"},
		{"repeated grams once", "人口人口", "人口 口人"},
		{"code fragment", "SYS-00", "00 sys"},
		{"full-width code", "ＳＹＳ－００", "00 sys"},
		{"trimmed and mixed", "  OA 系统 ", "oa 系统"},
		{"punctuation only", "%", ""},
		{"long word cut", strings.Repeat("a", 30), strings.Repeat("a", MaxWordPrefix)},
	})
}

// matches is the index's rule in memory: every query term among the document's terms.
func matches(doc, q string) bool {
	terms := DocTerms(doc)
	qs := QueryTerms(q)
	if len(qs) == 0 {
		return false
	}
	for _, t := range qs {
		if _, ok := slices.BinarySearch(terms, t); !ok {
			return false
		}
	}
	return true
}

func TestMatchRule(t *testing.T) {
	cases := []struct {
		doc, q string
		want   bool
	}{
		{"户籍人口基本信息", "人口", true},
		{"人口基础信息库", "人口", true},
		{"人口基础信息库", "人口基础", true},
		{"户籍人口基本信息", "人口基础", false},
		{"企业法人登记信息", "人", true}, // the last character of a run
		{"企业法人登记信息", "法", true},
		{"企业登记信息", "人口", false},
		{"XC-JY-0001 教育门户", "JY-00", true},
		{"XC-JY-0001 教育门户", "jy-0002", false},
		{"XC-JY-0001", "0001", true},
		{"XC-JY-0001", "001", false}, // Latin and digit words match by prefix, not infix
		{"ＯＡ办公系统", "oa办公", true},
		{"不动产登记", "不动产", true},
	}
	for _, c := range cases {
		if got := matches(c.doc, c.q); got != c.want {
			t.Errorf("%q matches %q = %v, want %v", c.q, c.doc, got, c.want)
		}
	}
}

func TestPostingsFieldBits(t *testing.T) {
	p := Postings(map[string]string{FieldName: "人口信息", FieldItems: "人口数\n姓名"})
	if p["人口"] != FieldBits[FieldName]|FieldBits[FieldItems] {
		t.Errorf("人口 bits = %b", p["人口"])
	}
	if p["姓名"] != FieldBits[FieldItems] || p["信息"] != FieldBits[FieldName] {
		t.Errorf("bits: 姓名 %b 信息 %b", p["姓名"], p["信息"])
	}
	if _, ok := p["数姓"]; ok {
		t.Error("a bigram crossed the line between two data items")
	}
}
