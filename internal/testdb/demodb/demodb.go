// Package demodb gives a test its own database already holding the demo district, without
// loading the demo for every test: the demo is loaded once per test process (and per clock time
// and KDF) through the real use cases (app + demo.Load, so the same validation and audit as
// always) into a template, and every test gets an independent copy of that template.
//
//   - SQLite: the template is a file in a temp dir of the process, closed cleanly (WAL
//     checkpointed) before it is copied; each test gets a copy in its t.TempDir().
//   - PostgreSQL: the template is a database of its own (archgov_demo_<owner>_t<n>, connections
//     to it disallowed once built, compacted with VACUUM FULL); each test gets CREATE DATABASE
//     ... TEMPLATE, dropped (WITH FORCE) after the test ends, in the background, several at once
//     (dropLater: each DROP DATABASE costs a checkpoint).
//
// Clean-up of the templates: call Run from the package's TestMain, which removes them when the
// tests end. A process that dies without it leaves its template databases behind; the next
// process to use this package drops them: each process holds a session advisory lock on its
// owner number (part of the database names) for as long as it lives, so a database whose owner
// lock can be taken belongs to a dead process.
//
// Shared between processes: when ARCHGOV_TEST_DEMO_CACHE names a directory (.ci/run sets a fresh
// one per run), every test process of that run uses one template per key instead of building its
// own: the first to need it builds it (a lock file for SQLite, an advisory lock for PostgreSQL)
// and the others wait and copy it. Loading the demo under -race is the largest cost of the test
// suite, and six packages each loaded it on both backends. The shared templates outlive the
// processes; whoever set the variable removes them (.ci/run: the directory and the databases
// named archgov_demo_shared_<tag>_*, see runTag). Without the variable nothing is shared.
//
// This package imports app and demo, so store's and app's internal tests cannot use it (testdb
// itself stays free of them); app's and web's external tests (package app_test, web_test) can.
package demodb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/gm"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// Open returns a migrated database of backend b (testdb.Backends' "sqlite" or "postgres") that
// holds the demo district as loaded at now() (loaded on the real clock when now is nil), with
// demo passwords hashed with kdf. The database is the test's own: its changes are seen by no
// other test. Its clock is now afterwards.
func Open(t testing.TB, b testdb.Backend, now func() time.Time, kdf gm.KDFParams) *store.DB {
	t.Helper()
	return testdb.OpenDSN(t, DSN(t, b, now, kdf), now)
}

// DSN makes the test's copy of the demo template as Open does and returns its SQLite path or
// PostgreSQL URL, for code under test that opens the database itself (the command line). The
// copy is removed when the test ends.
func DSN(t testing.TB, b testdb.Backend, now func() time.Time, kdf gm.KDFParams) string {
	t.Helper()
	var at time.Time
	if now != nil {
		at = now()
	}
	tp := prepare(b.Name, at, kdf)
	if tp.err != nil {
		t.Fatalf("demodb: build the demo template (%s): %v", b.Name, tp.err)
	}
	var dsn string
	switch b.Name {
	case "sqlite":
		dsn = filepath.Join(t.TempDir(), "archgov.db")
		if err := copyFile(tp.path, dsn); err != nil {
			t.Fatalf("demodb: copy the template: %v", err)
		}
	case "postgres":
		name := fmt.Sprintf("%s_c%d", pg.prefix, pg.seq.Add(1))
		if _, err := pg.admin.Exec(`CREATE DATABASE "` + name + `" TEMPLATE "` + tp.name + `"`); err != nil {
			t.Fatalf("demodb: create database from the template: %v", err)
		}
		t.Cleanup(func() { pg.dropLater(name) })
		dsn = withDatabase(pg.dsn, name)
	default:
		t.Fatalf("demodb: unknown backend %q", b.Name)
	}
	return dsn
}

// Prepare builds the template of backend ("sqlite" or "postgres"), clock time at (the zero
// time: the real clock) and KDF now, unless this process or — with ARCHGOV_TEST_DEMO_CACHE —
// another process of the run has built it. .ci/run calls it before the tests (through the
// command demodb/warm, built without -race, so several times faster than a test process under
// -race) for the templates the test packages use; the tests then only copy them.
func Prepare(backend string, at time.Time, kdf gm.KDFParams) error {
	return prepare(backend, at, kdf).err
}

func prepare(backend string, at time.Time, kdf gm.KDFParams) *tmpl {
	k := key{backend: backend, kdf: kdf}
	if !at.IsZero() {
		k.at = at.UnixNano()
	}
	tp := template(k)
	tp.once.Do(func() {
		if cache := os.Getenv(CacheEnv); cache != "" {
			tp.err = tp.shared(k, cache)
			return
		}
		tp.err = tp.build(k)
	})
	return tp
}

// Run runs the tests and then removes the templates this process built; use it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(demodb.Run(m)) }
func Run(m *testing.M) int {
	code := m.Run()
	if err := Cleanup(); err != nil {
		fmt.Fprintln(os.Stderr, "demodb:", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// Cleanup drops the tests' PostgreSQL copies still queued (waiting for the drops) and removes
// the templates built so far (the SQLite files and the PostgreSQL databases). Tests must not
// call Open afterwards.
func Cleanup() error {
	errs := pg.dropped()
	mu.Lock()
	defer mu.Unlock()
	if dir != "" {
		errs = append(errs, os.RemoveAll(dir))
		dir = ""
	}
	for k, tp := range templates {
		if tp.name != "" && !tp.isShared {
			if _, err := pg.admin.Exec(`DROP DATABASE IF EXISTS "` + tp.name + `" WITH (FORCE)`); err != nil {
				errs = append(errs, err)
			}
		}
		delete(templates, k)
	}
	return errors.Join(errs...)
}

type key struct {
	backend string
	at      int64 // the clock's time in Unix ns; 0 for the real clock
	kdf     gm.KDFParams
}

type tmpl struct {
	once     sync.Once
	err      error
	path     string // SQLite file
	name     string // PostgreSQL database
	isShared bool   // in ARCHGOV_TEST_DEMO_CACHE's run: not this process's to remove
}

// runTag is the last six letters and digits of the cache directory's name, lower case: the
// shared PostgreSQL templates of one run are named archgov_demo_shared_<tag>_*, which is how
// .ci/run finds and drops its own.
func runTag(cache string) string {
	var b []byte
	for _, c := range []byte(strings.ToLower(filepath.Base(cache))) {
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' {
			b = append(b, c)
		}
	}
	return string(b[max(0, len(b)-6):])
}

// CacheEnv names the directory of the templates shared by the test processes of one run.
const CacheEnv = "ARCHGOV_TEST_DEMO_CACHE"

// shared points tp at the run's shared template for k, building it if no process has yet.
func (tp *tmpl) shared(k key, cache string) error {
	h := sha256.Sum256(fmt.Appendf(nil, "%s|%s|%d|%+v", cache, k.backend, k.at, k.kdf))
	id := hex.EncodeToString(h[:8])
	tp.isShared = true
	switch k.backend {
	case "sqlite":
		final := filepath.Join(cache, "demo-"+id+".db")
		lock := final + ".lock"
		deadline := time.Now().Add(20 * time.Minute)
		for {
			if _, err := os.Stat(final); err == nil {
				tp.path = final
				return nil
			}
			f, err := os.OpenFile(lock, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
			if err == nil {
				f.Close()
				defer os.Remove(lock)
				built := &tmpl{}
				if err := built.build(k); err != nil {
					return err
				}
				// build wrote into this process's own directory; publish it in one rename.
				tmp := final + ".tmp" + strconv.Itoa(os.Getpid())
				if err := copyFile(built.path, tmp); err != nil {
					return err
				}
				if err := os.Rename(tmp, final); err != nil {
					return err
				}
				tp.path = final
				return nil
			}
			if !errors.Is(err, os.ErrExist) {
				return err
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("waited 20 minutes for %s: remove the stale lock %s", final, lock)
			}
			time.Sleep(200 * time.Millisecond) // another process is building it
		}
	case "postgres":
		if err := pg.init(); err != nil {
			return err
		}
		ctx := context.Background()
		name := "archgov_demo_shared_" + runTag(cache) + "_" + id
		conn, err := pg.admin.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		// Lock numbers of shared builds stay below 2^40, clear of the owners' (above it) and
		// of the migrations' lock number.
		lockID := int64(binary.BigEndian.Uint64(h[8:16])%(1<<39)) + 1<<39
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, lockID); err != nil {
			return fmt.Errorf("shared template lock: %w", err)
		}
		defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, lockID)
		// A finished template no longer allows connections (build's last step); one that still
		// does was left half-built by a process that died: build it again.
		var allow sql.NullBool
		err = conn.QueryRowContext(ctx, `SELECT datallowconn FROM pg_database WHERE datname = $1`, name).Scan(&allow)
		switch {
		case err == nil && !allow.Bool:
			tp.name = name
			return nil
		case err == nil:
			if _, err := conn.ExecContext(ctx, `DROP DATABASE "`+name+`" WITH (FORCE)`); err != nil {
				return err
			}
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		tp.name = name
		return tp.buildInto(k, name)
	}
	return fmt.Errorf("unknown backend %q", k.backend)
}

var (
	mu        sync.Mutex
	templates = map[key]*tmpl{}
	dir       string // the process's SQLite templates
)

func template(k key) *tmpl {
	mu.Lock()
	defer mu.Unlock()
	tp := templates[k]
	if tp == nil {
		tp = &tmpl{}
		templates[k] = tp
	}
	return tp
}

// build loads the demo into a new template through the use cases, and closes it.
func (tp *tmpl) build(k key) error {
	var dsn string
	switch k.backend {
	case "sqlite":
		mu.Lock()
		if dir == "" {
			d, err := os.MkdirTemp("", "archgov-demodb-")
			if err != nil {
				mu.Unlock()
				return err
			}
			dir = d
		}
		dsn = filepath.Join(dir, fmt.Sprintf("demo-%d-%d.db", k.at, len(templates)))
		mu.Unlock()
	case "postgres":
		if err := pg.init(); err != nil {
			return err
		}
		return tp.buildInto(k, fmt.Sprintf("%s_t%d", pg.prefix, pg.seq.Add(1)))
	default:
		return fmt.Errorf("unknown backend %q", k.backend)
	}
	return tp.load(k, dsn)
}

// buildInto creates the PostgreSQL database name and loads the demo into it as a template.
func (tp *tmpl) buildInto(k key, name string) error {
	if _, err := pg.admin.Exec(`CREATE DATABASE "` + name + `"`); err != nil {
		return fmt.Errorf("create the template database: %w", err)
	}
	tp.name = name
	return tp.load(k, withDatabase(pg.dsn, name))
}

// load loads the demo into the new database at dsn through the use cases, and closes it.
func (tp *tmpl) load(k key, dsn string) error {
	ctx := context.Background()
	key, err := gm.ParseKey(testdb.Key)
	if err != nil {
		return err
	}
	sealer, err := gm.NewSealer(key)
	if err != nil {
		return err
	}
	now := time.Now
	if k.at != 0 {
		at := time.Unix(0, k.at)
		now = func() time.Time { return at }
	}
	db, err := store.Open(ctx, dsn, store.Options{Sealer: sealer, Now: now})
	if err != nil {
		return err
	}
	load := func() error {
		if _, err := db.Migrate(ctx); err != nil {
			return err
		}
		svc := app.New(db, app.Options{KDF: k.kdf, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err := demo.Load(ctx, svc); err != nil {
			return fmt.Errorf("demo.Load: %w", err)
		}
		if db.Dialect == store.SQLite {
			// Everything into the main file, so the file alone is the whole database.
			if _, err := db.Writer().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
				return fmt.Errorf("checkpoint: %w", err)
			}
		}
		if db.Dialect == store.Postgres {
			// Compact the template: loading the demo leaves the search index's table and its
			// primary key three and five times the size of their rows (every change reindexes
			// a document), and each test's CREATE DATABASE copies (and WAL-logs) every page:
			// 41 MB before, 19 MB after. No ANALYZE: the tests' plans stay those of a database
			// without statistics, as they were.
			if _, err := db.Writer().ExecContext(ctx, `VACUUM FULL`); err != nil {
				return fmt.Errorf("vacuum: %w", err)
			}
		}
		return nil
	}
	err = errors.Join(load(), db.Close())
	if err != nil {
		return err
	}
	switch k.backend {
	case "sqlite":
		if fi, err := os.Stat(dsn + "-wal"); err == nil && fi.Size() > 0 {
			return fmt.Errorf("the template %s still has %d bytes of WAL after closing", dsn, fi.Size())
		}
		tp.path = dsn
	case "postgres":
		// No connection to a template may be open while it is copied; none can open now.
		if _, err := pg.admin.Exec(`ALTER DATABASE "` + tp.name + `" ALLOW_CONNECTIONS false`); err != nil {
			return err
		}
	}
	return nil
}

// pg is the process's PostgreSQL side: the admin pool on ARCHGOV_TEST_POSTGRES's database, and
// the owner lock marking the databases this process creates as alive.
var pg pgSide

type pgSide struct {
	once   sync.Once
	err    error
	dsn    string
	admin  *sql.DB
	lock   *sql.Conn // holds pg_advisory_lock(owner) for the life of the process
	prefix string    // archgov_demo_<owner>
	seq    atomic.Int64

	drops     sync.WaitGroup // the tests' copies being dropped (dropLater)
	dropMu    sync.Mutex     // guards dropQueue and dropErrs
	dropQueue []string       // the tests' copies waiting to be dropped
	dropErrs  []error
}

var ownedName = regexp.MustCompile(`^archgov_demo_([0-9]+)_`)

func (p *pgSide) init() error {
	p.once.Do(func() { p.err = p.start() })
	return p.err
}

func (p *pgSide) start() error {
	ctx := context.Background()
	p.dsn = os.Getenv("ARCHGOV_TEST_POSTGRES")
	if p.dsn == "" {
		return errors.New("ARCHGOV_TEST_POSTGRES not set")
	}
	admin, err := sql.Open("pgx", p.dsn)
	if err != nil {
		return err
	}
	conn, err := admin.Conn(ctx)
	if err != nil {
		admin.Close()
		return err
	}
	// Owners are above 2^40, clear of the migrations' lock number.
	owner := rand.Int64N(1<<62) + 1<<40
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, owner); err != nil {
		conn.Close()
		admin.Close()
		return fmt.Errorf("owner lock: %w", err)
	}
	p.admin, p.lock, p.prefix = admin, conn, "archgov_demo_"+strconv.FormatInt(owner, 10)
	return p.sweep(ctx, owner)
}

// sweep drops the databases left by processes that are gone (their owner lock is free).
func (p *pgSide) sweep(ctx context.Context, self int64) error {
	rows, err := p.admin.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'archgov\_demo\_%'`)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, n := range names {
		m := ownedName.FindStringSubmatch(n)
		if m == nil {
			continue
		}
		owner, err := strconv.ParseInt(m[1], 10, 64)
		if err != nil || owner == self {
			continue
		}
		var free bool
		if err := p.lock.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, owner).Scan(&free); err != nil {
			return err
		}
		if !free {
			continue // its process is alive
		}
		_, err = p.admin.ExecContext(ctx, `DROP DATABASE IF EXISTS "`+n+`" WITH (FORCE)`)
		p.lock.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, owner)
		if err != nil {
			return fmt.Errorf("drop the leftover %s: %w", n, err)
		}
	}
	return nil
}

// dropLater queues the test's copy name to be dropped. DROP DATABASE makes PostgreSQL run a
// checkpoint and waits for it: every dirty page of the cluster written and every file written
// since the last checkpoint fsynced — the other copies in use, 480 files each — up to a second
// and more per test on the 2-core CI machine, for the dropping test and, through the disk, for
// the others. The queued copies are dropped dropBatch at a time, all at once, in the
// background: their checkpoint requests are served by one or two checkpoints instead of one
// each, a dropped copy's own files are not synced (PostgreSQL forgets their sync requests), and
// no test waits. Cleanup drops the rest and waits for them.
func (p *pgSide) dropLater(name string) {
	p.dropMu.Lock()
	p.dropQueue = append(p.dropQueue, name)
	var batch []string
	if len(p.dropQueue) >= dropBatch {
		batch, p.dropQueue = p.dropQueue, nil
	}
	p.dropMu.Unlock()
	p.dropAll(batch)
}

// dropBatch is how many copies are dropped at once.
const dropBatch = 8

// dropAll drops the databases names, each on its own connection, in the background.
func (p *pgSide) dropAll(names []string) {
	for _, name := range names {
		p.drops.Add(1)
		go func() {
			defer p.drops.Done()
			if _, err := p.admin.Exec(`DROP DATABASE IF EXISTS "` + name + `" WITH (FORCE)`); err != nil {
				p.dropMu.Lock()
				p.dropErrs = append(p.dropErrs, fmt.Errorf("drop the test database %s: %w", name, err))
				p.dropMu.Unlock()
			}
		}()
	}
}

// dropped drops the queued copies, waits for every drop and returns their errors.
func (p *pgSide) dropped() []error {
	p.dropMu.Lock()
	rest := p.dropQueue
	p.dropQueue = nil
	p.dropMu.Unlock()
	p.dropAll(rest)
	p.drops.Wait()
	p.dropMu.Lock()
	defer p.dropMu.Unlock()
	errs := p.dropErrs
	p.dropErrs = nil
	return errs
}

// withDatabase is dsn with its database replaced by name, its commits not waiting for the
// disk (testdb.Unsynced).
func withDatabase(dsn, name string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn // store.Open reports it
	}
	u.Path = "/" + name
	return testdb.Unsynced(u.String())
}

func copyFile(from, to string) error {
	src, err := os.Open(from)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return err
	}
	return dst.Close()
}
