package draw

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func seedOf(b byte) []byte { return bytes.Repeat([]byte{b}, SeedSize) }

func experts(n int) []string {
	c := make([]string, n)
	for i := range c {
		c[i] = fmt.Sprintf("expert-%03d", i+1)
	}
	return c
}

// The algorithm is fixed: this draw's result is part of the documentation (docs/RULES.md shows
// how to recompute it), so a change of the algorithm must be a new Version, not a silent edit.
func TestPickIsTheDocumentedAlgorithm(t *testing.T) {
	_, got, err := Pick(seedOf(7), experts(12), 3)
	if err != nil {
		t.Fatal(err)
	}
	want := pinned
	if !slices.Equal(got, want) {
		t.Fatalf("draw of seed 07…07 over expert-001..012, 3: got %q, want %q", got, want)
	}
}

// pinned is the result TestPickIsTheDocumentedAlgorithm expects.
// docs/draw_verify.py, written apart from this package in Python, computes the same.
var pinned = []string{"expert-001", "expert-011", "expert-005"}

func TestCommitIsSM3OfVersionAndSeed(t *testing.T) {
	const want = "46726a94c2af139ed36c0b18b09e0928bde1ccac43a12c78d40002195b279859" // docs/draw_verify.py
	if got := Commit(seedOf(7)); got != want {
		t.Fatalf("Commit(07…07) = %s, want %s", got, want)
	}
}

func TestDrawRecomputesTheSameResult(t *testing.T) {
	for i := range 50 {
		d, err := Run(experts(5+i), 1+i%5)
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(d); err != nil {
			t.Fatalf("draw %d: %v", i, err)
		}
		if len(d.Result) != d.Count {
			t.Fatalf("draw %d: %d drawn, want %d", i, len(d.Result), d.Count)
		}
		seen := map[string]bool{}
		for _, r := range d.Result {
			if seen[r] || !slices.Contains(d.Candidates, r) {
				t.Fatalf("draw %d: %q drawn twice or not a candidate: %v", i, r, d.Result)
			}
			seen[r] = true
		}
	}
}

// The listing order does not matter: the candidates are put in canonical order first.
func TestPickIgnoresTheListingOrder(t *testing.T) {
	c := experts(20)
	r := slices.Clone(c)
	slices.Reverse(r)
	_, a, _ := Pick(seedOf(1), c, 5)
	_, b, _ := Pick(seedOf(1), r, 5)
	if !slices.Equal(a, b) {
		t.Fatalf("same candidates in another order drew %v and %v", a, b)
	}
}

func TestVerifyRefusesATamperedDraw(t *testing.T) {
	d, err := Run(experts(30), 5)
	if err != nil {
		t.Fatal(err)
	}
	other := func(f func(*Draw)) Draw {
		c := d
		c.Candidates, c.Result = slices.Clone(d.Candidates), slices.Clone(d.Result)
		f(&c)
		return c
	}
	seed2 := hex.EncodeToString(seedOf(9))
	cases := map[string]struct {
		d    Draw
		want string
	}{
		"changed seed": {other(func(c *Draw) { c.Seed = seed2 }), "commitment"},
		"changed seed and commitment": {other(func(c *Draw) {
			c.Seed, c.Commitment = seed2, Commit(seedOf(9))
		}), "differs"},
		"a candidate not drawn removed": {other(func(c *Draw) {
			i := slices.IndexFunc(c.Candidates, func(k string) bool { return !slices.Contains(d.Result, k) })
			c.Candidates = slices.Delete(c.Candidates, i, i+1)
		}), "differs"},
		"a candidate added":    {other(func(c *Draw) { c.Candidates = append(c.Candidates, "zz-extra") }), "differs"},
		"count changed":        {other(func(c *Draw) { c.Count++ }), "differs"},
		"result reordered":     {other(func(c *Draw) { slices.Reverse(c.Result) }), "differs"},
		"seed not revealed":    {other(func(c *Draw) { c.Seed = "" }), "not revealed"},
		"unknown algorithm":    {other(func(c *Draw) { c.Version = "v0" }), "unknown algorithm"},
		"candidates unordered": {other(func(c *Draw) { slices.Reverse(c.Candidates) }), "canonical"},
	}
	for name, tc := range cases {
		err := Verify(tc.d)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Verify = %v, want an error with %q", name, err, tc.want)
		}
	}
}

func TestPickRefusals(t *testing.T) {
	if _, _, err := Pick(seedOf(1), []string{"a", "b", "a"}, 1); err == nil {
		t.Error("a candidate listed twice was accepted")
	}
	if _, _, err := Pick(seedOf(1), []string{"a", ""}, 1); err == nil {
		t.Error("an empty candidate key was accepted")
	}
	if _, _, err := Pick(seedOf(1), experts(2), 3); err != ErrTooFew {
		t.Errorf("3 of 2: %v, want ErrTooFew", err)
	}
	if _, _, err := Pick(seedOf(1), experts(2), 0); err != ErrTooFew {
		t.Errorf("0 of 2: %v, want ErrTooFew", err)
	}
	if _, _, err := Pick([]byte("short"), experts(2), 1); err == nil {
		t.Error("a short seed was accepted")
	}
}

// Every candidate is as likely to be drawn: over 6,000 draws of 1 of 6 with seeds 0..5999 each
// is drawn about 1,000 times (a chi-square test at a fixed seed set, so it cannot flake).
func TestPickIsUniform(t *testing.T) {
	c := experts(6)
	counts := map[string]int{}
	const draws = 6000
	for i := range draws {
		seed := make([]byte, SeedSize)
		copy(seed, fmt.Appendf(nil, "%d", i))
		_, r, err := Pick(seed, c, 1)
		if err != nil {
			t.Fatal(err)
		}
		counts[r[0]]++
	}
	chi, want := 0.0, float64(draws)/float64(len(c))
	for _, k := range c {
		d := float64(counts[k]) - want
		chi += d * d / want
	}
	if chi > 20.5 { // p = 0.001 for 5 degrees of freedom
		t.Fatalf("counts %v: chi-square %.1f", counts, chi)
	}
}

func TestBelowStaysInRange(t *testing.T) {
	s := NewStream(seedOf(3))
	for n := 1; n < 200; n++ {
		if v := s.Below(n); v < 0 || v >= n {
			t.Fatalf("Below(%d) = %d", n, v)
		}
	}
}

// Check names every failed check, so that a page can say all that differs: a changed seed fails
// the commitment and, drawn again, the result; a count above the candidates fails the count.
func TestCheckListsEveryProblem(t *testing.T) {
	d, err := Run(experts(10), 3)
	if err != nil {
		t.Fatal(err)
	}
	if fs := Check(d); len(fs) != 0 {
		t.Fatalf("a fresh draw: %v", fs)
	}
	problems := func(d Draw) []Problem {
		var out []Problem
		for _, f := range Check(d) {
			out = append(out, f.Problem)
		}
		return out
	}
	c := d
	c.Seed = hex.EncodeToString(seedOf(9))
	if got := problems(c); !slices.Equal(got, []Problem{BadCommitment, BadResult}) {
		t.Errorf("changed seed: %v", got)
	}
	c = d
	c.Candidates = append(slices.Clone(d.Candidates[1:]), d.Candidates[0]) // first moved last
	if got := problems(c); !slices.Contains(got, BadOrder) {
		t.Errorf("candidates out of order: %v", got)
	}
	c = d
	c.Count = 11
	if got := problems(c); !slices.Equal(got, []Problem{BadCount}) {
		t.Errorf("count above the candidates: %v", got)
	}
	c = d
	c.Candidates = append(slices.Clone(d.Candidates), d.Candidates[0])
	if got := problems(c); !slices.Equal(got, []Problem{BadCandidates}) {
		t.Errorf("a candidate twice: %v", got)
	}
}
