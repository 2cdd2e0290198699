// Package draw is the verifiable random draw (可验证随机抽取) of experts for a project's review
// (BLD-R3) and of projects for a stage spot check (FLOW-4): anyone who may see a draw can
// recompute it and see that nobody chose its result.
//
// The protocol, in three steps:
//
//  1. Commit. The office's server makes a fresh 32-byte seed from crypto/rand and publishes
//     its commitment, SM3("archgov-draw-v1" ‖ seed), with the candidate list and how many are
//     to be drawn, before anything is drawn. The seed stays secret.
//  2. Draw. The candidates are put in canonical order (their keys sorted bytewise, duplicates
//     refused) and a partial Fisher–Yates shuffle picks n of them, its random numbers taken
//     from the seed alone (see Stream). Nothing else enters: not the time, not the order the
//     candidates were listed in.
//  3. Reveal. The seed is published beside the result. Verify checks that the seed matches
//     the commitment made before the draw and that the same candidates and count give the
//     same result; a changed seed, a changed candidate list or a changed count does not.
//
// Since the commitment binds the seed before the draw, the office cannot try seeds until it
// likes the result without the commitments showing it (each draw is recorded with its
// commitment time); since the seed is revealed, a reviewer can recompute every draw.
package draw

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"archgov/internal/gm"
)

// Version names the algorithm; a draw records it so that a later algorithm cannot change how an
// old draw verifies.
const Version = "archgov-draw-v1"

// SeedSize is the seed's length in bytes.
const SeedSize = 32

// A Draw is what is published: the commitment and the inputs before the draw, the seed and the
// result after it.
type Draw struct {
	Version    string   `json:"version"`
	Commitment string   `json:"commitment"` // hex SM3(Version ‖ seed)
	Candidates []string `json:"candidates"` // canonical order (sorted)
	Count      int      `json:"count"`
	Seed       string   `json:"seed,omitempty"`   // hex; empty until revealed
	Result     []string `json:"result,omitempty"` // in the order drawn
}

// NewSeed makes a fresh seed from the operating system's random source.
func NewSeed() ([]byte, error) {
	seed := make([]byte, SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return nil, fmt.Errorf("draw seed: %w", err)
	}
	return seed, nil
}

// Commit is the commitment to seed.
func Commit(seed []byte) string {
	h := gm.SM3(append([]byte(Version), seed...))
	return hex.EncodeToString(h[:])
}

// Canonical is the candidates in canonical order: sorted bytewise. A duplicate or an empty key
// is an error: a candidate counted twice would have twice the chance.
func Canonical(candidates []string) ([]string, error) {
	c := slices.Clone(candidates)
	slices.Sort(c)
	for i, k := range c {
		if k == "" {
			return nil, errors.New("draw: empty candidate key")
		}
		if i > 0 && c[i-1] == k {
			return nil, fmt.Errorf("draw: candidate %q listed twice", k)
		}
	}
	return c, nil
}

// ErrTooFew is returned when fewer candidates than the count are eligible.
var ErrTooFew = errors.New("draw: fewer candidates than the number to draw")

// Pick draws count of the candidates with seed: a partial Fisher–Yates shuffle of the canonical
// list, position i swapped with a position drawn uniformly from [i, len) by the seed's stream.
// It returns the canonical list and the result in the order drawn.
func Pick(seed []byte, candidates []string, count int) (canonical, result []string, err error) {
	if len(seed) != SeedSize {
		return nil, nil, fmt.Errorf("draw: seed must be %d bytes", SeedSize)
	}
	if canonical, err = Canonical(candidates); err != nil {
		return nil, nil, err
	}
	if count < 1 || count > len(canonical) {
		return nil, nil, ErrTooFew
	}
	pool := slices.Clone(canonical)
	s := NewStream(seed)
	for i := range count {
		j := i + s.Below(len(pool)-i)
		pool[i], pool[j] = pool[j], pool[i]
	}
	return canonical, pool[:count], nil
}

// Run makes a seed, commits to it and draws: the whole draw, seed included. A caller that
// publishes the commitment before the result keeps the seed from the Draw until then.
func Run(candidates []string, count int) (Draw, error) {
	seed, err := NewSeed()
	if err != nil {
		return Draw{}, err
	}
	return RunSeeded(seed, candidates, count)
}

// RunSeeded is Run with the seed given: for a demonstration whose draws must come out the same
// each time it is made, never for a real draw (whose seed only NewSeed makes).
func RunSeeded(seed []byte, candidates []string, count int) (Draw, error) {
	canonical, result, err := Pick(seed, candidates, count)
	if err != nil {
		return Draw{}, err
	}
	return Draw{Version: Version, Commitment: Commit(seed), Candidates: canonical, Count: count,
		Seed: hex.EncodeToString(seed), Result: result}, nil
}

// Verify recomputes d: the seed must match the commitment, the candidates must be in canonical
// order, and drawing again must give the recorded result. The error says which check failed
// (the first of Check's).
func Verify(d Draw) error {
	if fs := Check(d); len(fs) > 0 {
		return fs[0]
	}
	return nil
}

// Problem names a check of a draw that failed.
type Problem string

const (
	BadAlgorithm  Problem = "algorithm"  // an algorithm other than Version
	BadSeed       Problem = "seed"       // not revealed, or not 32 bytes of hex
	BadCommitment Problem = "commitment" // the seed does not match the commitment
	BadCandidates Problem = "candidates" // an empty key, or one listed twice
	BadOrder      Problem = "order"      // the candidates are not in canonical order
	BadCount      Problem = "count"      // fewer candidates than the count, or a count below 1
	BadResult     Problem = "result"     // drawing again gives another result
)

// Failure is a failed check of a draw: which one, and what was found.
type Failure struct {
	Problem Problem
	msg     string
}

func (f *Failure) Error() string { return "draw: " + f.msg }

// Check recomputes d and lists every check that fails, in the order Verify makes them: the
// algorithm, the seed, the commitment, the candidates and their order, the count, the result.
// None: d verifies.
func Check(d Draw) []*Failure {
	var out []*Failure
	fail := func(p Problem, format string, args ...any) {
		out = append(out, &Failure{Problem: p, msg: fmt.Sprintf(format, args...)})
	}
	if d.Version != Version {
		fail(BadAlgorithm, "unknown algorithm %q", d.Version)
		return out
	}
	seed, err := hex.DecodeString(d.Seed)
	if err != nil || len(seed) != SeedSize {
		fail(BadSeed, "the seed is not revealed or not 32 bytes of hex")
		return out
	}
	if Commit(seed) != d.Commitment {
		fail(BadCommitment, "the seed does not match the commitment")
	}
	canonical, err := Canonical(d.Candidates)
	if err != nil {
		fail(BadCandidates, "%s", strings.TrimPrefix(err.Error(), "draw: "))
		return out
	}
	if !slices.Equal(canonical, d.Candidates) {
		fail(BadOrder, "the candidates are not in canonical order")
	}
	_, result, err := Pick(seed, canonical, d.Count)
	if err != nil {
		fail(BadCount, "%d to draw of %d candidates", d.Count, len(canonical))
		return out
	}
	if !slices.Equal(result, d.Result) {
		fail(BadResult, "recomputed result %v differs from the recorded %v", result, d.Result)
	}
	return out
}

// Stream is the draw's source of random numbers: SM3 in counter mode over the seed. Block k
// (k = 0, 1, …) is SM3(Version ‖ seed ‖ k as 8 bytes big-endian); the stream reads the blocks
// in order, 8 bytes at a time, each a big-endian uint64.
type Stream struct {
	seed    []byte
	counter uint64
	buf     []byte
}

// NewStream starts the stream of seed.
func NewStream(seed []byte) *Stream {
	return &Stream{seed: bytes.Clone(seed)}
}

// Uint64 is the stream's next 8 bytes.
func (s *Stream) Uint64() uint64 {
	if len(s.buf) < 8 {
		msg := append(append([]byte(Version), s.seed...), binary.BigEndian.AppendUint64(nil, s.counter)...)
		h := gm.SM3(msg)
		s.buf = h[:]
		s.counter++
	}
	v := binary.BigEndian.Uint64(s.buf)
	s.buf = s.buf[8:]
	return v
}

// Below is a number uniform in [0, n), n ≥ 1, by rejection: a value below 2^64 mod n is drawn
// again, so that the values kept are a whole number of runs of n and no remainder is more likely
// than another.
func (s *Stream) Below(n int) int {
	if n <= 1 {
		return 0
	}
	u := uint64(n)
	limit := -u % u // 2^64 mod n: the values below it are rejected
	for {
		v := s.Uint64()
		if v >= limit {
			return int(v % u)
		}
	}
}
