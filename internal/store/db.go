// Package store keeps archgov's records in SQLite (embedded, the default) or PostgreSQL (for
// several replicas). SQL is hand-written; where the dialects differ each has its own text. Both
// pass the one conformance suite in store_test.go against a real database.
//
// The store does not authorize: use cases call authz.Can first and pass the actor's scope into
// list queries, so a second backend never duplicates the rules.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"archgov/internal/gm"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Dialect is the SQL flavour of the database.
type Dialect int

const (
	SQLite Dialect = iota
	Postgres
)

func (d Dialect) String() string {
	if d == Postgres {
		return "postgres"
	}
	return "sqlite"
}

//go:embed migrations
var migrationsFS embed.FS

// DB is an open archgov database.
type DB struct {
	Dialect Dialect
	w       *sql.DB // writes; on SQLite exactly one connection, so writers queue instead of failing
	r       *sql.DB // reads; a pool (on PostgreSQL the same pool as w)
	sealer  *gm.Sealer
	now     func() time.Time
	path    string // SQLite file

	// stmts caches prepared statements of the read pool by SQL text: parsing the same query
	// on every request was a third of the CPU of an API call. The SQL texts are built from
	// fixed fragments, so the cache is small; it is bounded anyway.
	stmtMu sync.RWMutex
	stmts  map[string]*sql.Stmt // on the read pool
	// wstmts are the same for SQLite's one writer connection: a write transaction prepared its
	// statements anew, and parsing them was a sixth of loading the demo district. They are
	// prepared after a transaction that missed them (the transaction holds the only
	// connection) and taken into the next ones with Tx.StmtContext, which finds them already
	// prepared on that connection.
	wstmts map[string]*sql.Stmt

	opened openCache

	auditKey  *gm.MACKey // authenticates the audit chain's tip (audit_head.mac)
	anchorKey *gm.MACKey // signs audit anchors
	notes     []string   // what Migrate did that the operator should hear of
}

const maxCachedStmts = 512

// Options tune Open.
type Options struct {
	Sealer  *gm.Sealer       // encrypts personal data at rest (required)
	Now     func() time.Time // the clock; time.Now when nil
	Readers int              // SQLite reader pool size; 4 when 0
	Conns   int              // PostgreSQL pool size; 20 when 0
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn: a postgres:// URL or a SQLite file path. It does not
// migrate; call Migrate.
func Open(ctx context.Context, dsn string, o Options) (*DB, error) {
	if o.Sealer == nil {
		return nil, errors.New("store: open: no encryption key")
	}
	db := &DB{sealer: o.Sealer, now: o.Now, stmts: map[string]*sql.Stmt{}, wstmts: map[string]*sql.Stmt{},
		auditKey: o.Sealer.Derive(AuditHeadLabel), anchorKey: o.Sealer.Derive(AuditAnchorLabel)}
	if db.now == nil {
		db.now = time.Now
	}
	if IsPostgres(dsn) {
		p, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		n := o.Conns
		if n == 0 {
			n = 20
		}
		p.SetMaxOpenConns(n)
		p.SetMaxIdleConns(n)
		p.SetConnMaxIdleTime(5 * time.Minute)
		db.Dialect, db.w, db.r = Postgres, p, p
	} else {
		if dsn == "" {
			return nil, errors.New("store: open: empty database path")
		}
		db.path = dsn
		// _txlock=immediate: a write transaction takes the lock at BEGIN, so two writers never
		// deadlock upgrading read locks; busy_timeout makes other processes (a backup, the CLI)
		// wait rather than fail.
		pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
		w, err := sql.Open("sqlite", "file:"+escapePath(dsn)+"?"+pragmas+"&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		w.SetConnMaxIdleTime(0)
		r, err := sql.Open("sqlite", "file:"+escapePath(dsn)+"?"+pragmas+"&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		// Enough readers that requests rarely wait for a connection: database/sql hands a
		// freed connection to a random waiter, which turns pool waits into tail latency.
		// SQLite readers in WAL mode do not block each other; the Go scheduler shares the CPUs.
		n := o.Readers
		if n == 0 {
			n = 4
		}
		r.SetMaxOpenConns(n)
		r.SetMaxIdleConns(n)
		r.SetConnMaxIdleTime(0)
		db.Dialect, db.w, db.r = SQLite, w, r
	}
	if err := db.w.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect %s: %w", db.Dialect, err)
	}
	return db, nil
}

func escapePath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

// Close closes both pools.
func (db *DB) Close() error {
	db.stmtMu.Lock()
	for _, st := range db.stmts {
		st.Close()
	}
	for _, st := range db.wstmts {
		st.Close()
	}
	db.stmts, db.wstmts = map[string]*sql.Stmt{}, map[string]*sql.Stmt{}
	db.stmtMu.Unlock()
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Now is the store's clock.
func (db *DB) Now() time.Time { return db.now() }

// Stats returns the reader pool's statistics, for /metrics.
func (db *DB) Stats() sql.DBStats { return db.r.Stats() }

// Writer returns the writer pool, for /metrics.
func (db *DB) Writer() *sql.DB { return db.w }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.r.PingContext(ctx) }

// Path is the SQLite file, "" on PostgreSQL.
func (db *DB) Path() string { return db.path }

// Sealer returns the personal-data sealer.
func (db *DB) Sealer() *gm.Sealer { return db.sealer }

// q runs queries on a pool or inside a transaction, rewriting ? bind variables to $n for PostgreSQL.
type q struct {
	x interface {
		ExecContext(context.Context, string, ...any) (sql.Result, error)
		QueryContext(context.Context, string, ...any) (*sql.Rows, error)
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}
	d  Dialect
	db *DB
	tx *txStmts // set inside a transaction
}

// txStmts caches the statements one transaction prepares. They are prepared through the
// transaction itself: on SQLite the writer pool has a single connection, which the transaction
// holds, so preparing on the pool would wait for ever.
type txStmts struct {
	tx     *sql.Tx
	m      map[string]*sql.Stmt
	missed []string // SQLite: texts not among the writer's statements yet (DB.wstmts)
}

func (q q) rebind(s string) string {
	if q.d != Postgres || !strings.Contains(s, "?") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func (q q) exec(ctx context.Context, s string, args ...any) (sql.Result, error) {
	if st := q.stmt(ctx, s); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return q.x.ExecContext(ctx, q.rebind(s), args...)
}

func (q q) query(ctx context.Context, s string, args ...any) (*sql.Rows, error) {
	if st := q.stmt(ctx, s); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return q.x.QueryContext(ctx, q.rebind(s), args...)
}

func (q q) row(ctx context.Context, s string, args ...any) *sql.Row {
	if st := q.stmt(ctx, s); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return q.x.QueryRowContext(ctx, q.rebind(s), args...)
}

// stmt returns a prepared statement for s: from the read pool's cache, or from the
// transaction's own. Preparing the same SQL again and again was a third of an API call's CPU,
// and a fifth of a 20,000-row import's (which runs in one transaction).
func (q q) stmt(ctx context.Context, s string) *sql.Stmt {
	db := q.db
	switch {
	case q.tx != nil && db.Dialect == Postgres:
		// pgx keeps every statement it runs prepared on its connection (its statement cache);
		// a statement prepared for the transaction was parsed again by the server in every
		// transaction and deallocated at its end: 19,874 parses for 59,102 statements run while
		// the demo district loaded.
		return nil
	case q.tx != nil:
		text := q.rebind(s)
		if st := q.tx.m[text]; st != nil {
			return st
		}
		// SQLite (PostgreSQL's transactions returned above).
		var st *sql.Stmt
		db.stmtMu.RLock()
		ws := db.wstmts[text]
		db.stmtMu.RUnlock()
		if ws != nil {
			st = q.tx.tx.StmtContext(ctx, ws)
		} else if cacheable(text) {
			q.tx.missed = append(q.tx.missed, text)
		}
		if st == nil {
			var err error
			if st, err = q.tx.tx.PrepareContext(ctx, text); err != nil {
				return nil // the plain statement will report the error
			}
		}
		q.tx.m[text] = st
		return st
	case q.x == db.r:
		return db.cached(ctx, db.r, db.stmts, q.rebind(s))
	}
	return nil
}

// cached returns the statement for sqlText from cache, preparing it on pool the first time;
// nil when the cache is full or preparing fails (the plain query then reports the error).
func (db *DB) cached(ctx context.Context, pool *sql.DB, cache map[string]*sql.Stmt, sqlText string) *sql.Stmt {
	db.stmtMu.RLock()
	st, full := cache[sqlText], len(cache) >= maxCachedStmts
	db.stmtMu.RUnlock()
	if st != nil || full {
		return st
	}
	st, err := pool.PrepareContext(context.WithoutCancel(ctx), sqlText)
	if err != nil {
		return nil
	}
	db.stmtMu.Lock()
	defer db.stmtMu.Unlock()
	if old := cache[sqlText]; old != nil {
		st.Close()
		return old
	}
	cache[sqlText] = st
	return st
}

// keepWriterStmts prepares on SQLite's writer connection the statements a transaction that
// has ended missed (DB.wstmts), while the cache has room.
func (db *DB) keepWriterStmts(texts []string) {
	for _, text := range texts {
		db.stmtMu.RLock()
		_, have := db.wstmts[text]
		full := len(db.wstmts) >= maxCachedStmts
		db.stmtMu.RUnlock()
		if have || full {
			continue
		}
		st, err := db.w.PrepareContext(context.Background(), text)
		if err != nil {
			continue // the transactions prepare it themselves, as before
		}
		db.stmtMu.Lock()
		if db.wstmts[text] == nil && len(db.wstmts) < maxCachedStmts {
			db.wstmts[text], st = st, nil
		}
		db.stmtMu.Unlock()
		if st != nil {
			st.Close()
		}
	}
}

// cacheable reports whether a statement is worth keeping prepared: queries and changes of
// rows, not the schema's statements a migration runs once.
func cacheable(text string) bool {
	verb, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	switch strings.ToUpper(verb) {
	case "SELECT", "INSERT", "UPDATE", "DELETE", "WITH":
		return true
	}
	return false
}

// Reader is the read side: queries that may run outside a transaction.
type Reader struct{ q }

// Tx is a write transaction. Everything a use case changes, and its audit record, goes through
// one Tx.
type Tx struct {
	Reader
	tx    *sql.Tx
	after []func()
}

// DB is the database the reader reads (a cache's key: a process may open several).
func (r Reader) DB() *DB { return r.db }

// Read returns the read side on the reader pool.
func (db *DB) Read() Reader { return Reader{q{x: db.r, d: db.Dialect, db: db}} }

// AfterCommit registers fn to run once the transaction has committed (notifications, cache
// invalidation): a side effect must never happen for a change that was rolled back.
func (tx *Tx) AfterCommit(fn func()) { tx.after = append(tx.after, fn) }

// Now is the transaction's clock.
func (tx *Tx) Now() time.Time { return tx.db.now() }

// InTx runs fn in a write transaction, committing when it returns nil and rolling back
// otherwise, so nothing is ever half-written.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	stx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{Reader: Reader{q{x: stx, d: db.Dialect, db: db, tx: &txStmts{tx: stx, m: map[string]*sql.Stmt{}}}}, tx: stx}
	defer func() { db.keepWriterStmts(tx.q.tx.missed) }() // the connection is free again
	if err := fn(tx); err != nil {
		_ = stx.Rollback()
		return err
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	for _, f := range tx.after {
		f()
	}
	return nil
}

type migration struct {
	version int
	name    string
	sql     string
}

func (db *DB) migrations() ([]migration, error) {
	dir := path.Join("migrations", db.Dialect.String())
	entries, err := fs.ReadDir(migrationsFS, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("store: bad migration name %q", e.Name())
		}
		b, err := migrationsFS.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{v, e.Name(), string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("store: migrations must be numbered 1..n, found %s", m.name)
		}
	}
	return ms, nil
}

// LatestVersion is the schema version this binary knows.
func (db *DB) LatestVersion() int {
	ms, _ := db.migrations()
	return len(ms)
}

// ErrTooNew is returned when the database was migrated by a newer archgov.
var ErrTooNew = errors.New("store: database schema is newer than this binary")

// SchemaVersion returns the applied schema version (0 for an empty database).
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var exists bool
	switch db.Dialect {
	case SQLite:
		var n int
		if err := db.w.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_version'`).Scan(&n); err != nil {
			return 0, fmt.Errorf("store: schema version: %w", err)
		}
		exists = n > 0
	case Postgres:
		if err := db.w.QueryRowContext(ctx, `SELECT to_regclass('schema_version') IS NOT NULL`).Scan(&exists); err != nil {
			return 0, fmt.Errorf("store: schema version: %w", err)
		}
	}
	if !exists {
		return 0, nil
	}
	var v sql.NullInt64
	if err := db.w.QueryRowContext(ctx, `SELECT max(version) FROM schema_version`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return int(v.Int64), nil
}

// CheckVersion refuses a database newer than this binary and reports whether it is current.
func (db *DB) CheckVersion(ctx context.Context) (current bool, err error) {
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return false, err
	}
	if latest := db.LatestVersion(); v > latest {
		return false, fmt.Errorf("%w (database %d, binary %d)", ErrTooNew, v, latest)
	}
	return v == db.LatestVersion(), nil
}

// Migrate applies pending migrations, each in its own transaction. On PostgreSQL an advisory
// lock keeps replicas starting together from migrating twice.
func (db *DB) Migrate(ctx context.Context) (applied int, err error) {
	ms, err := db.migrations()
	if err != nil {
		return 0, err
	}
	if db.Dialect == Postgres {
		conn, err := db.w.Conn(ctx)
		if err != nil {
			return 0, err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7240528)`); err != nil {
			return 0, fmt.Errorf("store: migrate lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(7240528)`)
	}
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("store: migrate: %w", err)
	}
	cur, err := db.SchemaVersion(ctx)
	if err != nil {
		return 0, err
	}
	if cur > len(ms) {
		return 0, fmt.Errorf("%w (database %d, binary %d)", ErrTooNew, cur, len(ms))
	}
	for _, m := range ms[cur:] {
		err := db.InTx(ctx, func(tx *Tx) error {
			if _, err := tx.tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("store: migration %s: %w", m.name, err)
			}
			if fn := afterMigration[m.version]; fn != nil {
				if err := fn(ctx, tx); err != nil {
					return fmt.Errorf("store: migration %s: %w", m.name, err)
				}
			}
			_, err := tx.exec(ctx, `INSERT INTO schema_version (version, applied_at) VALUES (?, ?)`, m.version, micros(db.now()))
			return err
		})
		if err != nil {
			return applied, err
		}
		applied++
	}
	return applied, nil
}

// micros and fromMicros convert times to the stored form (unix microseconds, UTC).
func micros(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

func fromMicros(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMicro(v).UTC()
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// nullID stores 0 as NULL for optional references.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
