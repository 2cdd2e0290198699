package domain_test

import (
	"testing"

	"archgov/internal/domain"
)

// TestNextSystemCode: the server's code for a new system is the prefix and the number after
// the highest among the codes with the prefix and digits only, at least four digits.
func TestNextSystemCode(t *testing.T) {
	for _, c := range []struct {
		prefix string
		codes  []string
		want   string
	}{
		{"SYS-", nil, "SYS-0001"},
		{"XC-SYS-", []string{"XC-SYS-0001", "XC-SYS-0153", "XC-SYS-0042"}, "XC-SYS-0154"},
		// Longer numbers count by value, not by string order; other endings do not count.
		{"XC-SYS-", []string{"XC-SYS-0999", "XC-SYS-10000", "XC-SYS-9999"}, "XC-SYS-10001"},
		{"XC-SYS-", []string{"XC-SYS-00043", "XC-SYS-0100"}, "XC-SYS-0101"},
		{"XC-SYS-", []string{"XC-SYS-0007-A", "XC-SYS-A9", "XC-SYS-", "XC-OTHER-0500"}, "XC-SYS-0001"},
		{"SYS", []string{"SYS12", "SYS-0100"}, "SYS0013"},
	} {
		if got := domain.NextSystemCode(c.prefix, c.codes); got != c.want {
			t.Errorf("NextSystemCode(%q, %v) = %q, want %q", c.prefix, c.codes, got, c.want)
		}
	}
}

// TestGovernanceCodePrefix: the prefix is letters, digits and hyphens, at most 20, saved
// upper-case; a prefix the codes could not start with is refused on its field.
func TestGovernanceCodePrefix(t *testing.T) {
	for _, p := range []string{"SYS-", "xc-sys-", "XC-SYS", "A", "ABCDEFGHIJ-123456789"} {
		g := domain.DefaultGovernance()
		g.SystemCodePrefix = p
		if err := g.Validate(); err != nil {
			t.Errorf("prefix %q refused: %v", p, err)
		}
	}
	g := domain.DefaultGovernance()
	g.SystemCodePrefix = " xc-sys- "
	if err := g.Validate(); err != nil || g.SystemCodePrefix != "XC-SYS-" {
		t.Errorf("prefix saved as %q (%v)", g.SystemCodePrefix, err)
	}
	for _, p := range []string{"", "-", "-SYS", "XC--SYS", "XC_SYS", "系统-", "XC SYS", "ABCDEFGHIJ-1234567890"} {
		g := domain.DefaultGovernance()
		g.SystemCodePrefix = p
		if e := domain.AsError(g.Validate()); e == nil || e.Field != "system_code_prefix" {
			t.Errorf("prefix %q: %v, want refused on system_code_prefix", p, e)
		}
	}
}
