package demo_test

import (
	"context"
	"os"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/testdb"
	"archgov/internal/testdb/demodb"
)

// TestMain: the tests share one real load of the demo per backend and clock (demodb builds it
// through demo.Load and the use cases) and each reads its own copy; the templates go at the end.
func TestMain(m *testing.M) { os.Exit(demodb.Run(m)) }

// The two clocks the demo is loaded at: 2 March 2026, and 26 November 2026 at 10:00 in
// Shanghai, when the sharing and feedback deadlines of the demo have run out or are running.
// (demodb/warm builds the templates of both; a third clock would be a third demo build.)
var (
	march    = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	november = time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
)

// The tests read the demo as the operator at the command line, and never cancel.
var (
	ctx = context.Background()
	cli = app.SystemActor()
)

// sqlite is the backend of the tests that need to run only once.
var sqlite = testdb.Backend{Name: "sqlite"}

// loadedDemo is the test's own copy of the demo district of backend b as loaded at at (a copy of
// demodb's template; the demo passwords are hashed with testdb.KDF), its clock standing at at.
func loadedDemo(t *testing.T, b testdb.Backend, at time.Time) *app.Service {
	t.Helper()
	db := demodb.Open(t, b, testdb.NewClock(at).Now, testdb.KDF)
	return app.New(db, app.Options{KDF: testdb.KDF})
}

// onEveryBackend runs check in parallel on every backend, each on its own copy of the demo
// loaded at at.
func onEveryBackend(t *testing.T, at time.Time, check func(t *testing.T, svc *app.Service)) {
	t.Parallel()
	for _, b := range testdb.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			check(t, loadedDemo(t, b, at))
		})
	}
}

// everyOne reports each of all that counts has none of, with format naming it ("no entry %s")
// and the counts: the demo shows every state of a workflow.
func everyOne[K comparable](t *testing.T, all []K, counts map[K]int, format string) {
	t.Helper()
	for _, k := range all {
		if counts[k] == 0 {
			t.Errorf(format+" (%v)", k, counts)
		}
	}
}

// indexBy maps each of vs by its key.
func indexBy[K comparable, V any](vs []V, key func(V) K) map[K]V {
	m := make(map[K]V, len(vs))
	for _, v := range vs {
		m[key(v)] = v
	}
	return m
}

// systemCode keys stored systems for indexBy.
func systemCode(s *domain.System) string { return s.Code }
