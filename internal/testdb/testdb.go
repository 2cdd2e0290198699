// Package testdb opens real databases for tests: a SQLite file in the test's temp dir always,
// and a PostgreSQL schema of its own when ARCHGOV_TEST_POSTGRES holds a DSN, so concurrent test
// runs never collide. Nothing is mocked: the conformance suite runs the same code as production.
package testdb

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"archgov/internal/gm"
	"archgov/internal/store"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Key is the SM4 key tests encrypt with.
const Key = "000102030405060708090a0b0c0d0e0f"

// KDF is the password hashing of the tests and of the demo templates they share (demodb):
// a thousand iterations instead of production's gm.DefaultKDF, which takes seconds per hash
// under -race. A stored hash carries its own parameters, so a database hashed with it works
// with any KDF setting.
var KDF = gm.KDFParams{Iterations: 1000, SaltLen: 16, KeyLen: 32}

// Backend names a database a test can run on.
type Backend struct {
	Name string
	Open func(t testing.TB, now func() time.Time) *store.DB
}

// Backends returns SQLite, and PostgreSQL when configured.
func Backends(t testing.TB) []Backend {
	bs := []Backend{{Name: "sqlite", Open: SQLite}}
	if os.Getenv("ARCHGOV_TEST_POSTGRES") != "" {
		bs = append(bs, Backend{Name: "postgres", Open: Postgres})
	}
	return bs
}

// ServiceBackends returns the backends of a test of the layers above the store (internal/app,
// internal/web): Backends, or only the one ARCHGOV_TEST_SERVICE_BACKENDS names ("sqlite" or
// "postgres"). .ci/run's race pass runs them on SQLite and its pass without the race detector on
// PostgreSQL, so every such test still runs on both (docs/DEVELOPMENT.md#ci): the race detector
// made their PostgreSQL half cost twice their SQLite half, and the Go code it exercises there —
// the store's PostgreSQL dialect and pgx — is the store's, which runs its conformance suite on
// both backends under -race (Backends), as do the tests of concurrency that call Backends.
func ServiceBackends(t testing.TB) []Backend {
	t.Helper()
	bs := Backends(t)
	only := os.Getenv("ARCHGOV_TEST_SERVICE_BACKENDS")
	if only == "" {
		return bs
	}
	if only != "sqlite" && only != "postgres" {
		t.Fatalf("ARCHGOV_TEST_SERVICE_BACKENDS=%q: want sqlite or postgres", only)
	}
	i := slices.IndexFunc(bs, func(b Backend) bool { return b.Name == only })
	if i < 0 {
		t.Fatalf("ARCHGOV_TEST_SERVICE_BACKENDS=%s, but ARCHGOV_TEST_POSTGRES is not set", only)
	}
	return bs[i : i+1]
}

// Sealer returns the test sealer.
func Sealer(t testing.TB) *gm.Sealer {
	k, err := gm.ParseKey(Key)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gm.NewSealer(k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// SQLite opens a migrated database in a fresh file: a copy of an empty database migrated once
// per test process (migrating takes a third of a second under -race; a copy, a millisecond).
// The copy is migrated again on open, which finds nothing to do.
func SQLite(t testing.TB, now func() time.Time) *store.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "archgov.db")
	migrated.once.Do(func() { migrated.file, migrated.err = migrateEmpty() })
	if migrated.err != nil {
		t.Fatalf("testdb: migrate the empty SQLite template: %v", migrated.err)
	}
	if err := os.WriteFile(path, migrated.file, 0o600); err != nil {
		t.Fatal(err)
	}
	return OpenDSN(t, path, now)
}

// migrated is the process's migrated empty SQLite database, kept in memory so that nothing is
// left behind when the process ends.
var migrated struct {
	once sync.Once
	file []byte
	err  error
}

// migrateEmpty migrates an empty SQLite database in a temporary directory and returns its file,
// everything checkpointed into it.
func migrateEmpty() ([]byte, error) {
	dir, err := os.MkdirTemp("", "archgov-testdb-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	key, err := gm.ParseKey(Key)
	if err != nil {
		return nil, err
	}
	sealer, err := gm.NewSealer(key)
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	path := filepath.Join(dir, "archgov.db")
	db, err := store.Open(ctx, path, store.Options{Sealer: sealer})
	if err != nil {
		return nil, err
	}
	_, err = db.Migrate(ctx)
	if err == nil {
		_, err = db.Writer().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	if err = errors.Join(err, db.Close()); err != nil {
		return nil, err
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("the template still has %d bytes of WAL after closing", fi.Size())
	}
	return os.ReadFile(path)
}

// Postgres opens a migrated database in a fresh schema, dropped when the test ends.
func Postgres(t testing.TB, now func() time.Time) *store.DB {
	dsn := os.Getenv("ARCHGOV_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("ARCHGOV_TEST_POSTGRES not set")
	}
	return OpenDSN(t, Unsynced(Schema(t, dsn, "t")), now)
}

// Schema creates a fresh, empty schema named from prefix in the PostgreSQL database at dsn,
// dropped when the test ends, and returns dsn with the schema as its search path.
func Schema(t testing.TB, dsn, prefix string) string {
	t.Helper()
	schema := fmt.Sprintf("%s_%d_%s", prefix, time.Now().UnixNano(), strings.ToLower(gm.RandomToken(4)))
	schema = strings.NewReplacer("-", "_").Replace(schema)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec(`CREATE SCHEMA "` + schema + `"`); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec(`DROP SCHEMA "` + schema + `" CASCADE`)
		admin.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	qv := u.Query()
	qv.Set("search_path", schema)
	u.RawQuery = qv.Encode()
	return u.String()
}

// Unsynced is the PostgreSQL URL dsn with synchronous_commit off for its sessions (pgx sends an
// unknown URL parameter as a run-time parameter): a commit returns before its WAL is flushed to
// disk. A test database is thrown away with the test, so losing the last commits in a crash
// costs nothing, while a flush per commit — thousands while the demo is loaded — costs the
// test suite minutes on a slow disk. Isolation and every constraint are unchanged.
func Unsynced(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn // store.Open reports it
	}
	qv := u.Query()
	qv.Set("synchronous_commit", "off")
	u.RawQuery = qv.Encode()
	return u.String()
}

// OpenDSN opens the database at dsn (a SQLite path or a PostgreSQL URL) with the test sealer
// and clock now, migrated, and closes it when the test ends.
func OpenDSN(t testing.TB, dsn string, now func() time.Time) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn, store.Options{Sealer: Sealer(t), Now: now, Conns: PostgresConns})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// PostgresConns is the connection pool of a test's PostgreSQL database (production's is 20). The
// server allows 100 connections (max_connections): two test processes side by side (go test's
// -p on two cores), four tests each (-parallel 4), 20 each, and a burst of concurrent logins or an
// overview's parallel queries, exceeded it — "sorry, too many clients already", an internal
// error in a test of concurrent logins (.ci/run, session 20). At 6: 48 at most for the tests'
// own databases; .ci/run's pass of internal/app and internal/web on PostgreSQL peaked at 70–89
// connections in all, the templates', the schemas' and the server's own included.
const PostgresConns = 6

// Clock is a settable clock for tests, safe to move while a server reads it.
type Clock struct {
	mu sync.Mutex
	T  time.Time
}

// NewClock returns a clock set to t.
func NewClock(t time.Time) *Clock { return &Clock{T: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.T
}

// Advance moves the clock.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.T = c.T.Add(d)
	c.mu.Unlock()
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.T = t
	c.mu.Unlock()
}

// Together runs fns at the same moment (released by one signal) and returns their errors in
// order: the races a test must show are closed. The functions must not touch t.
func Together(fns ...func() error) []error {
	errs := make([]error, len(fns))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, fn := range fns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn()
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// SortedIDs orders xs as a sorted list must come out of the database (store.ListSort): by key
// (bytewise, or as numbers when num), then by id; desc reverses both. It gives their ids.
func SortedIDs[T any](xs []T, key func(T) string, id func(T) int64, num, desc bool) []int64 {
	s := slices.Clone(xs)
	slices.SortFunc(s, func(a, b T) int {
		var c int
		if num {
			x, _ := strconv.ParseInt(key(a), 10, 64)
			y, _ := strconv.ParseInt(key(b), 10, 64)
			c = cmp.Compare(x, y)
		} else {
			c = strings.Compare(key(a), key(b))
		}
		if c == 0 {
			c = cmp.Compare(id(a), id(b))
		}
		if desc {
			return -c
		}
		return c
	})
	out := make([]int64, len(s))
	for i, x := range s {
		out[i] = id(x)
	}
	return out
}
