package domain_test

import (
	"testing"

	"archgov/internal/domain"
)

// FLOW-3: a task book's number as GB/T 9704-2012 7.2.4 writes it: 机关代字, the full year in
// 六角括号, the sequence number without padding, 号.
func TestDocNumberString(t *testing.T) {
	for _, c := range []struct {
		d    domain.DocNumber
		want string
	}{
		{domain.DocNumber{Prefix: "相信办", Year: 2026, Seq: 12}, "相信办〔2026〕12号"},
		{domain.DocNumber{Prefix: "相信办", Year: 2027, Seq: 1}, "相信办〔2027〕1号"},
		{domain.DocNumber{Prefix: "苏州市相城区信息办", Year: 2026, Seq: 1234}, "苏州市相城区信息办〔2026〕1234号"},
	} {
		if got := c.d.String(); got != c.want {
			t.Errorf("%+v = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestDocNumberPrefix(t *testing.T) {
	for _, c := range []struct {
		prefix string
		ok     bool
	}{
		{"相信办", true}, {"办", true}, {"一二三四五六七八九十", true}, {"一二三四五六七八九十一", false},
		{"", false}, {"XC办", false}, {"相信 办", false}, {"相信办〔", false}, {"相信办1", false},
	} {
		if got := domain.ValidDocNumberPrefix(c.prefix); got != c.ok {
			t.Errorf("ValidDocNumberPrefix(%q) = %v, want %v", c.prefix, got, c.ok)
		}
		g := domain.DefaultGovernance()
		g.DocNumberPrefix = " " + c.prefix + "\t"
		err := g.Validate()
		if c.ok && (err != nil || g.DocNumberPrefix != c.prefix) {
			t.Errorf("Validate with %q: %v, prefix %q", c.prefix, err, g.DocNumberPrefix)
		}
		if !c.ok && (domain.ErrorCode(err) != domain.EInvalid || domain.AsError(err).Field != "doc_number_prefix") {
			t.Errorf("Validate with %q: %v, want invalid doc_number_prefix", c.prefix, err)
		}
	}
	if g := domain.DefaultGovernance(); g.Validate() != nil || g.DocNumberPrefix != "信息办" {
		t.Errorf("default prefix %q", g.DocNumberPrefix)
	}
}
