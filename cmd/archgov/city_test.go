package main

import (
	"regexp"
	"strings"
	"testing"

	"archgov/internal/testdb"
)

// `archgov demo --scale small` grows a demo district as the city generator does
// (internal/demo/city, tested there on both backends) and prints what it wrote; an unknown
// scale is a usage error, and a database grown once is not grown again.
func TestDemoScaleCommand(t *testing.T) {
	testdb.WithoutRace(t) // the city generator is sequential
	t.Parallel()
	c := newCLI(t)
	if code, _, errs := c.run("", "demo", "--scale", "town"); code != 2 || !strings.Contains(errs, "--scale must be city or small") {
		t.Errorf("demo --scale town: exit %d, stderr %q; want a usage error", code, errs)
	}
	c.demo()
	out := c.ok("", "demo", "--scale", "small", "--seed", "5")
	for _, want := range []string{`(?m)^  systems +400$`, `(?m)^  projects +500$`, `(?m)^  catalog_entries +1000$`, `(?m)^  fingerprint +[0-9a-f]{64}$`, `seed 5`} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("demo --scale small printed %q; want %s", out, want)
		}
	}
	if code, _, errs := c.run("", "demo", "--scale", "small"); code == 0 || !strings.Contains(errs, "more than the demo district") {
		t.Errorf("demo --scale small twice: exit %d, stderr %q; want a refusal", code, errs)
	}
}
