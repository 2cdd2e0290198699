package testdb

import "testing"

// WithoutRace marks a test whose work is a sequential sweep — every route for every role, every
// filter value of every list, every recorded answer, a quality evaluation — where the race
// detector finds nothing that the package's concurrent tests do not already exercise, and costs
// most of the suite's time (five to eight times the CPU of the same test without it). Under
// -race such a test skips, saying so; .ci/run then runs exactly these tests again without
// -race (it finds them by this call), so CI runs every test. `go test ./...` runs them as usual.
func WithoutRace(t testing.TB) {
	t.Helper()
	if raceEnabled {
		t.Skip("a sequential sweep, run without -race: .ci/run's pass `tests without the race detector` runs it (testdb.WithoutRace)")
	}
}
