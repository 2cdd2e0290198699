// Package testdb opens real databases for tests: a SQLite file in the test's temp dir always,
// and a PostgreSQL schema of its own when ARCHGOV_TEST_POSTGRES holds a DSN, so concurrent test
// runs never collide. Nothing is mocked: the conformance suite runs the same code as production.
package testdb

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
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

// SQLite opens a migrated database in a fresh file.
func SQLite(t testing.TB, now func() time.Time) *store.DB {
	return open(t, t.TempDir()+"/archgov.db", now)
}

// Postgres opens a migrated database in a fresh schema, dropped when the test ends.
func Postgres(t testing.TB, now func() time.Time) *store.DB {
	dsn := os.Getenv("ARCHGOV_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("ARCHGOV_TEST_POSTGRES not set")
	}
	schema := fmt.Sprintf("t_%d_%s", time.Now().UnixNano(), strings.ToLower(gm.RandomToken(4)))
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
	return open(t, u.String(), now)
}

func open(t testing.TB, dsn string, now func() time.Time) *store.DB {
	db, err := store.Open(context.Background(), dsn, store.Options{Sealer: Sealer(t), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

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
