package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/store"
	"archgov/internal/testdb"
	"archgov/internal/testdb/demodb"
	"archgov/internal/web"
)

// The command line is driven in-process through run, with the tests' cheap KDF (TestMain).

const (
	key = testdb.Key
	// opsPassword is strong under the default policy and does not contain "ops".
	opsPassword = "Yunwei-Strong-2026"
)

// cli runs archgov commands against one database: a SQLite file, or a PostgreSQL schema of
// its own.
type cli struct {
	t      *testing.T
	db     string // --db
	driver string // database/sql driver for the test's raw checks
}

func newCLI(t *testing.T) *cli {
	t.Helper()
	return &cli{t: t, db: filepath.Join(t.TempDir(), "archgov.db"), driver: "sqlite"}
}

// schemaSeq keeps the schema names of tests running in parallel apart.
var schemaSeq atomic.Int64

// newPostgresCLI gives the commands a fresh schema of ARCHGOV_TEST_POSTGRES, dropped at the end.
func newPostgresCLI(t *testing.T) *cli {
	t.Helper()
	dsn := os.Getenv("ARCHGOV_TEST_POSTGRES")
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	schema := fmt.Sprintf("cli_%d_%d", time.Now().UnixNano(), schemaSeq.Add(1))
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
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return &cli{t: t, db: u.String(), driver: "pgx"}
}

// backends runs f on SQLite, and on PostgreSQL when ARCHGOV_TEST_POSTGRES is set.
func backends(t *testing.T, f func(t *testing.T, c *cli)) {
	t.Run("sqlite", func(t *testing.T) { t.Parallel(); f(t, newCLI(t)) })
	if os.Getenv("ARCHGOV_TEST_POSTGRES") != "" {
		t.Run("postgres", func(t *testing.T) { t.Parallel(); f(t, newPostgresCLI(t)) })
	}
}

// demo points the commands at the test's own copy of the demo district as `archgov demo`
// leaves it (the tests' KDF, real clock), loaded once per process through the same use cases
// (demodb). TestSystemsImportExport still runs `archgov demo` itself.
func (c *cli) demo() {
	c.t.Helper()
	b := testdb.Backend{Name: "sqlite"}
	if c.driver == "pgx" {
		b.Name = "postgres"
	}
	c.db = demodb.DSN(c.t, b, nil, kdf)
}

// TestMain gives the commands the tests' cheap KDF and removes the demo templates (demodb)
// when the tests end.
func TestMain(m *testing.M) {
	kdf = testdb.KDF
	os.Exit(demodb.Run(m))
}

// sql opens the database for the test's raw statements.
func (c *cli) sql() *sql.DB {
	c.t.Helper()
	raw, err := sql.Open(c.driver, c.db)
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { raw.Close() })
	return raw
}

// words is how many leading arguments name the command ("user add" is two).
func words(args []string) int {
	if len(args) >= 2 && (args[0] == "user" || args[0] == "token" || args[0] == "audit" || args[0] == "import" || args[0] == "export" || args[0] == "mail" || args[0] == "draw" || args[0] == "rules") {
		return 2
	}
	return 1
}

// run runs one command with --db and --key inserted after the command words (unless the
// arguments already give --db), and returns its exit code and output.
func (c *cli) run(stdin string, args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	full := append([]string{}, args...)
	if len(args) > 0 && !hasFlag(args, "--db") {
		n := min(words(args), len(args))
		full = append(append(append([]string{}, args[:n]...), "--db", c.db, "--key", key), args[n:]...)
	} else if len(args) > 0 && !hasFlag(args, "--key") {
		n := min(words(args), len(args))
		full = append(append(append([]string{}, args[:n]...), "--key", key), args[n:]...)
	}
	var out, errb bytes.Buffer
	// The limit only stops a hung command. Loading the demo district for real takes a minute or
	// more under -race on a busy 2-core machine; the other commands take seconds, but a catalog
	// import or export of the demo's 406 entries took over a minute under -race with CI's four
	// tests at once (-parallel 4) beside other work on the machine.
	limit := 3 * time.Minute
	if len(args) > 0 && args[0] == "demo" {
		limit = 5 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	code = run(ctx, full, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func hasFlag(args []string, f string) bool {
	for _, a := range args {
		if a == f || strings.HasPrefix(a, f+"=") {
			return true
		}
	}
	return false
}

// ok runs a command that must succeed and returns its standard output.
func (c *cli) ok(stdin string, args ...string) string {
	c.t.Helper()
	code, out, errs := c.run(stdin, args...)
	if code != 0 {
		c.t.Fatalf("archgov %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// users returns the usernames `user list` shows.
func (c *cli) users() []string {
	c.t.Helper()
	out := c.ok("", "user", "list")
	var names []string
	for i, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if f := strings.Fields(line); i > 0 && len(f) > 1 {
			names = append(names, f[1])
		}
	}
	return names
}

// open opens the command line's database for the test's own checks, closed at the end.
func (c *cli) open() *store.DB {
	c.t.Helper()
	db, err := store.Open(context.Background(), c.db, store.Options{Sealer: testdb.Sealer(c.t)})
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { db.Close() })
	return db
}

// addOps creates the user "ops" (区信息办 reviewer) with opsPassword.
func (c *cli) addOps() {
	c.t.Helper()
	out := c.ok(opsPassword+"\n", "user", "add", "--username", "ops", "--name", "运维", "--role", "office")
	if !strings.Contains(out, "created user ops") {
		c.t.Fatalf("user add says %q", out)
	}
}

func TestVersionAndUsage(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	if out := c.ok("", "version"); !strings.HasPrefix(out, "archgov ") {
		t.Errorf("version prints %q", out)
	}
	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{nil, 2, "Usage:"},
		{[]string{"audit", "check"}, 2, "archgov audit verify"},
		{[]string{"user", "add", "--bogus"}, 2, "bogus"},
		{[]string{"token", "create"}, 2, "--username is required"},
		{[]string{"backup"}, 2, "--to FILE is required"},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), tc.args, strings.NewReader(""), &out, &errb)
		if code != tc.code || !strings.Contains(errb.String(), tc.says) {
			t.Errorf("archgov %v: exit %d, stderr %q; want exit %d saying %q", tc.args, code, errb.String(), tc.code, tc.says)
		}
	}
	if _, err := os.Stat(c.db); err == nil {
		t.Error("a usage error created the database file")
	}
}

func TestMigrateTwice(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		first := c.ok("", "migrate")
		if m := regexp.MustCompile(`applied (\d+) migrations`).FindStringSubmatch(first); m == nil || m[1] == "0" {
			t.Fatalf("first migrate says %q; want some migrations applied", first)
		}
		if second := c.ok("", "migrate"); !strings.Contains(second, "applied 0 migrations") {
			t.Errorf("second migrate says %q; want applied 0", second)
		}
	})
}

func TestUserAdd(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		c.ok("", "migrate")
		c.addOps()
		if got := c.users(); len(got) != 1 || got[0] != "ops" {
			t.Fatalf("user list shows %v, want [ops]", got)
		}
		u, err := c.open().Read().UserByUsername(context.Background(), "ops")
		if err != nil {
			t.Fatal(err)
		}
		if !u.MustChange || u.Name != "运维" || len(u.Grants) != 1 || u.Grants[0].Role != domain.RoleOffice {
			t.Errorf("ops = must change %v, name %q, grants %v; want a must-change 运维 with role office", u.MustChange, u.Name, u.Grants)
		}

		// Refusals exit non-zero, say why in Chinese on stderr and create nothing.
		for _, tc := range []struct {
			name     string
			password string
			args     []string
			says     string
		}{
			{"too short", "Ab-12345", nil, "至少需要10个字符"},
			{"too few classes", "abcdefghijklmn", nil, "至少3类"},
			{"a common password dressed up", "Admin@12345", nil, "常见密码"},
			{"one letter repeated", "aaaaaaaaA1!", nil, "不同的字符"},
			{"ten spaces count for nothing", "          Aa1!", nil, "至少需要10个字符"},
			{"a control character", "Hqrtvwxz12\x01", nil, "控制字符"},
			{"contains the username", "Weakling-Ops-2026", nil, "不得包含用户名"},
			{"unknown role", opsPassword, []string{"--role", "wizard"}, "“wizard”不是有效的角色"},
			{"scoped role without unit", opsPassword, []string{"--role", "unit_contact"}, "须指定单位"},
			{"scoped role with a unit that does not exist", opsPassword, []string{"--role", "unit_contact:999999"}, "单位不存在"},
			{"administrator with a business role", opsPassword, []string{"--role", "sysadmin", "--role", "office"}, "三权分立"},
			{"username taken", opsPassword, []string{"--username", "ops"}, "已被使用"},
			{"no password", "", nil, "no password"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				args := []string{"user", "add", "--name", "测试"}
				if !hasFlag(tc.args, "--username") {
					args = append(args, "--username", "weakling")
				}
				if !hasFlag(tc.args, "--role") {
					args = append(args, "--role", "office")
				}
				args = append(args, tc.args...)
				stdin := tc.password
				if stdin != "" {
					stdin += "\n"
				}
				code, out, errs := c.run(stdin, args...)
				if code == 0 {
					t.Fatalf("exit 0, stdout %q; want a refusal", out)
				}
				t.Logf("stderr: %s", errs)
				if !strings.Contains(errs, tc.says) {
					t.Errorf("stderr %q; want it to say %q", errs, tc.says)
				}
				if got := c.users(); len(got) != 1 {
					t.Errorf("after the refusal user list shows %v, want only ops", got)
				}
			})
		}
		// The demo district goes only into an empty database.
		if code, _, errs := c.run("", "demo"); code == 0 || !strings.Contains(errs, "not empty") {
			t.Errorf("demo on a database with users: exit %d, stderr %q; want a refusal", code, errs)
		}
		if got := c.users(); len(got) != 1 {
			t.Errorf("after the refused demo user list shows %v, want only ops", got)
		}
		// The password rules are named on stderr for a weak password (“password: …”).
		if _, _, errs := c.run("short\n", "user", "add", "--username", "weakling", "--name", "测试", "--role", "office"); !strings.Contains(errs, "password") {
			t.Errorf("weak password message %q does not name the field", errs)
		}
	})
}

// TestTokenOnAPI is the spine's acceptance criterion: `user add` + `token create` give a token
// that works on /api/v1/me, until the account is disabled or the token revoked.
func TestTokenOnAPI(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		c.ok("", "migrate")
		c.addOps()
		out := c.ok("", "token", "create", "--username", "ops")
		if !strings.HasSuffix(out, "\n") || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "agv_") {
			t.Fatalf("token create printed %q; want only the token on one line", out)
		}
		token := strings.TrimSpace(out)
		if len(token) < 20 || strings.ContainsAny(token, " \t") {
			t.Fatalf("token %q looks wrong", token)
		}

		// The server, built the way `serve` builds it, on the same file and key.
		db := c.open()
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		srv, err := web.New(app.New(db, app.Options{KDF: kdf, Logger: quiet}), web.Config{Logger: quiet})
		if err != nil {
			t.Fatal(err)
		}
		h := srv.Handler()
		me := func(tok string) (int, string) {
			r := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil)
			if tok != "" {
				r.Header.Set("Authorization", "Bearer "+tok)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			return w.Code, w.Body.String()
		}
		if code, body := me(token); code != http.StatusOK || !strings.Contains(body, `"ops"`) {
			t.Fatalf("GET /api/v1/me with the token: %d %s; want 200 naming ops", code, body)
		}
		if code, _ := me(""); code != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/me without a token: %d, want 401", code)
		}
		if code, _ := me(token[:len(token)-1] + "x"); code != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/me with a altered token: %d, want 401", code)
		}

		// A disabled account's token stops working, and no new one is issued for it.
		c.ok("", "user", "disable", "--username", "ops")
		if code, _ := me(token); code != http.StatusUnauthorized {
			t.Errorf("token of a disabled account: %d, want 401", code)
		}
		if code, out, _ := c.run("", "token", "create", "--username", "ops"); code == 0 || strings.Contains(out, "agv_") {
			t.Errorf("token create for a disabled account: exit %d, stdout %q; want a refusal", code, out)
		}
		// Enabling the account does not bring the old token back (issue 13, low 7): the disable
		// revoked it. A new one works.
		c.ok("", "user", "enable", "--username", "ops")
		if code, _ := me(token); code != http.StatusUnauthorized {
			t.Errorf("token after enabling the account again: %d, want 401", code)
		}
		token = strings.TrimSpace(c.ok("", "token", "create", "--username", "ops"))
		if code, _ := me(token); code != http.StatusOK {
			t.Errorf("a new token after enabling the account: %d, want 200", code)
		}

		if out := c.ok("", "token", "revoke", "--token", token); !strings.Contains(out, "revoked") {
			t.Errorf("token revoke says %q", out)
		}
		if code, body := me(token); code != http.StatusUnauthorized {
			t.Errorf("GET /api/v1/me with the revoked token: %d %s, want 401", code, body)
		}
		if code, _, _ := c.run("", "token", "revoke", "--token", "agv_doesnotexist"); code == 0 {
			t.Error("revoking an unknown token exits 0")
		}
		for _, ttl := range []string{"0s", "-1h", "9000h"} {
			if code, out, _ := c.run("", "token", "create", "--username", "ops", "--ttl", ttl); code == 0 || out != "" {
				t.Errorf("token create --ttl %s: exit %d, stdout %q; want a refusal", ttl, code, out)
			}
		}
		if code, out, _ := c.run("", "token", "create", "--username", "nobody"); code == 0 || out != "" {
			t.Errorf("token create for an unknown user: exit %d, stdout %q", code, out)
		}
	})
}

// TestAuditVerifyFindsEditedByte is the spine's acceptance criterion: changing one byte of one
// audit row in the SQLite file by hand makes `audit verify` fail naming that row.
func TestAuditVerifyFindsEditedByte(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.ok("", "migrate")
	c.addOps()
	// A distinctive name: the audit record of this creation holds it as "new":"Zqxjkv" in
	// its changes, a byte sequence no other row can contain (the users row holds the bare name).
	c.ok(opsPassword+"\n", "user", "add", "--username", "marker", "--name", "Zqxjkv", "--role", "expert")
	c.ok("", "token", "create", "--username", "ops") // a record after it, so it is not the tip
	out := c.ok("", "audit", "verify")
	m := regexp.MustCompile(`(\d+) records verified`).FindStringSubmatch(out)
	if m == nil || m[1] == "0" {
		t.Fatalf("audit verify on an intact chain says %q", out)
	}

	// The record's id, from the store.
	db := c.open()
	ctx := context.Background()
	u, err := db.Read().UserByUsername(ctx, "marker")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := db.Read().AuditRecords(ctx, store.AuditFilter{Action: "user.create", EntityType: "user", EntityID: fmt.Sprint(u.ID)})
	if err != nil || len(recs) != 1 {
		t.Fatalf("audit records of the creation: %v, %v", recs, err)
	}
	target := recs[0]
	needle := []byte(`"new":"Zqxjkv"`)
	if !bytes.Contains([]byte(target.Changes), needle) {
		t.Fatalf("record %d changes %s do not hold %s", target.ID, target.Changes, needle)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	// Move everything from the WAL into the main file, so the row is there.
	raw, err := sql.Open("sqlite", c.db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(c.db + "-wal"); err == nil && fi.Size() > 0 {
		t.Fatalf("the WAL still holds %d bytes after the checkpoint", fi.Size())
	}

	file, err := os.ReadFile(c.db)
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(file, needle); n != 1 {
		t.Fatalf("%s occurs %d times in the file, want exactly once", needle, n)
	}
	at := bytes.Index(file, needle) + len(`"new":"`) // the Z
	file[at] = 'Y'                                   // one byte, still valid UTF-8 and JSON
	if err := os.WriteFile(c.db, file, 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, errs := c.run("", "audit", "verify")
	if code == 0 {
		t.Fatalf("audit verify after editing record %d: exit 0, %q", target.ID, out)
	}
	t.Logf("audit verify after the edit: %s", errs)
	if want := fmt.Sprintf("audit record %d:", target.ID); !strings.Contains(errs, want) {
		t.Errorf("audit verify stderr %q; want it to name the edited record (%q)", errs, want)
	}
	// The edit really is in the row the server reads.
	db2 := c.open()
	if r, err := db2.Read().AuditRecord(ctx, target.ID); err != nil || !strings.Contains(r.Changes, `"new":"Yqxjkv"`) {
		t.Errorf("record %d after the edit: %v, %v", target.ID, r, err)
	}
}

func TestBackup(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.ok("", "migrate")
	c.addOps()
	c.ok("", "token", "create", "--username", "ops")
	want := regexp.MustCompile(`\d+ records verified`).FindString(c.ok("", "audit", "verify"))

	dir := t.TempDir()
	to := filepath.Join(dir, "copy.db")
	if out := c.ok("", "backup", "--to", to); !strings.Contains(out, to) {
		t.Errorf("backup says %q", out)
	}
	// The copy is a database of its own: its chain verifies with the same key, and it has the
	// same records.
	got := c.ok("", "audit", "verify", "--db", to, "--key", key)
	if !strings.Contains(got, want) {
		t.Errorf("audit verify of the backup says %q, want %q", got, want)
	}
	if out := c.ok("", "user", "list", "--db", to, "--key", key); !strings.Contains(out, "ops") {
		t.Errorf("the backup's user list lacks ops: %q", out)
	}

	// An existing file is never overwritten.
	exists := filepath.Join(dir, "exists.db")
	if err := os.WriteFile(exists, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := c.run("", "backup", "--to", exists)
	if code == 0 || !strings.Contains(errs, "exists") {
		t.Errorf("backup to an existing file: exit %d, stderr %q; want a refusal", code, errs)
	}
	if b, _ := os.ReadFile(exists); string(b) != "keep me" {
		t.Errorf("backup overwrote an existing file: %q", b)
	}

	// PostgreSQL is backed up with pg_dump; the command says so without connecting anywhere
	// (nothing listens on port 1).
	start := time.Now()
	code, _, errs = c.run("", "backup", "--db", "postgres://nobody@127.0.0.1:1/none?connect_timeout=5", "--to", filepath.Join(dir, "pg.db"))
	if code == 0 || !strings.Contains(errs, "pg_dump") {
		t.Errorf("backup of PostgreSQL: exit %d, stderr %q; want a refusal naming pg_dump", code, errs)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("backup of PostgreSQL took %v: it should refuse before connecting", d)
	}
	if _, err := os.Stat(filepath.Join(dir, "pg.db")); err == nil {
		t.Error("backup of PostgreSQL wrote a file")
	}
}

// TestRefusesNewerDatabase: a binary never works on a database a newer archgov migrated.
func TestRefusesNewerDatabase(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		c.ok("", "migrate")
		raw := c.sql()
		if _, err := raw.Exec(`INSERT INTO schema_version (version, applied_at) VALUES (999, 0)`); err != nil {
			t.Fatal(err)
		}

		for _, args := range [][]string{
			{"audit", "verify"},
			{"user", "list"},
			{"migrate"},
			{"serve", "--addr", "127.0.0.1:0"},
		} {
			code, out, errs := c.run("", args...)
			if code == 0 || !strings.Contains(errs, "newer") {
				t.Errorf("archgov %s on a newer database: exit %d, stdout %q, stderr %q; want a refusal saying newer", strings.Join(args, " "), code, out, errs)
			}
		}
		// Nothing was changed by the refusals.
		var n int
		if err := raw.QueryRow(`SELECT count(*) FROM users`).Scan(&n); err != nil || n != 0 {
			t.Errorf("users after the refusals: %d, %v; want none (serve must not bootstrap)", n, err)
		}
	})
}

func TestUserPasswdAndDisable(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		c.ok("", "migrate")
		c.addOps()
		db := c.open()
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		svc := app.New(db, app.Options{KDF: kdf, Logger: quiet})
		ctx := context.Background()

		// passwd sets a password that must be changed at next login; the old one stops working.
		const next = "Reset-Passw0rd-2026"
		if code, _, errs := c.run("weak\n", "user", "passwd", "--username", "ops"); code == 0 || !strings.Contains(errs, "至少需要10个字符") {
			t.Errorf("user passwd with a weak password: exit %d, stderr %q", code, errs)
		}
		if code, _, errs := c.run("P@ssw0rd2026\n", "user", "passwd", "--username", "ops"); code == 0 || !strings.Contains(errs, "常见密码") {
			t.Errorf("user passwd with a common password: exit %d, stderr %q", code, errs)
		}
		if code, _, _ := c.run(next+"\n", "user", "passwd", "--username", "nobody"); code == 0 {
			t.Error("user passwd for an unknown user exits 0")
		}
		c.ok(next+"\n", "user", "passwd", "--username", "ops")
		res, err := svc.Login(ctx, "ops", next, "192.0.2.1", "test")
		if err != nil {
			t.Fatalf("login with the password set by user passwd: %v", err)
		}
		if !res.Auth.MustChange {
			t.Error("a password set by user passwd need not be changed at next login")
		}
		if _, err := svc.Login(ctx, "ops", opsPassword, "192.0.2.1", "test"); domain.ErrorCode(err) != domain.EUnauthorized {
			t.Errorf("login with the old password after user passwd: %v, want unauthorized", err)
		}

		// disable: the right password no longer logs in, and the session already open ends.
		if out := c.ok("", "user", "disable", "--username", "ops"); !strings.Contains(out, "disabled") {
			t.Errorf("user disable says %q", out)
		}
		if _, err := svc.Login(ctx, "ops", next, "192.0.2.2", "test"); domain.ErrorCode(err) != domain.EUnauthorized {
			t.Errorf("login of a disabled account: %v, want unauthorized", err)
		}
		if _, err := svc.SessionAuth(ctx, res.Cookie, "192.0.2.1"); domain.ErrorCode(err) != domain.EUnauthorized {
			t.Errorf("session of a disabled account: %v, want unauthorized", err)
		}
		if out := c.ok("", "user", "list"); !regexp.MustCompile(`(?m)^\d+\s+ops\s.*disabled\s*$`).MatchString(out) {
			t.Errorf("user list does not show ops disabled:\n%s", out)
		}
		if code, _, _ := c.run("", "user", "disable", "--username", "nobody"); code == 0 {
			t.Error("user disable for an unknown user exits 0")
		}

		// roles: administrator roles, which the web no longer changes (三权分立), are set here.
		if out := c.ok("", "user", "roles", "--username", "ops", "--role", "auditadmin"); !strings.Contains(out, "auditadmin") {
			t.Errorf("user roles says %q", out)
		}
		if u, err := db.Read().UserByUsername(ctx, "ops"); err != nil || len(u.Grants) != 1 || u.Grants[0].Role != domain.RoleAuditAdmin {
			t.Errorf("ops after user roles: %v, %v; want auditadmin only", u, err)
		}
		if code, _, errs := c.run("", "user", "roles", "--username", "ops", "--role", "auditadmin", "--role", "office"); code == 0 || !strings.Contains(errs, "三权分立") {
			t.Errorf("user roles breaking the separation: exit %d, stderr %q", code, errs)
		}
		if code, _, _ := c.run("", "user", "roles", "--username", "ops"); code != 2 {
			t.Errorf("user roles without --role: exit %d, want 2", code)
		}
		// unlock: an administrator locked out is unlocked here.
		c.ok("", "user", "enable", "--username", "ops")
		for range 5 {
			svc.Login(ctx, "ops", "Wrong-Password-1", "192.0.2.3", "test")
		}
		if _, err := svc.Login(ctx, "ops", next, "192.0.2.4", "test"); domain.ErrorCode(err) != domain.ELocked {
			t.Fatalf("login after five failures: %v, want locked", err)
		}
		if out := c.ok("", "user", "unlock", "--username", "ops"); !strings.Contains(out, "unlocked") {
			t.Errorf("user unlock says %q", out)
		}
		if _, err := svc.Login(ctx, "ops", next, "192.0.2.4", "test"); err != nil {
			t.Errorf("login after user unlock: %v", err)
		}
	})
}

// TestBackupWhileWriting: a backup taken while the server writes is a consistent database
// whose audit chain verifies, and the writer is not stopped by it.
func TestBackupWhileWriting(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	c.ok("", "migrate")
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := app.New(c.open(), app.Options{KDF: kdf, Logger: quiet})
	ctx := context.Background()
	root := &domain.Unit{Code: "320507", Name: "苏州市相城区", Kind: domain.KindDistrict}
	if err := svc.CreateUnit(ctx, app.SystemActor(), root); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	wrote := make(chan int)
	go func() {
		n := 0
		defer func() { wrote <- n }()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			u := &domain.Unit{Code: fmt.Sprintf("320507%05d", i), Name: fmt.Sprintf("部门%d", i), Kind: domain.KindBureau, ParentID: root.ID}
			if err := svc.CreateUnit(ctx, app.SystemActor(), u); err != nil {
				t.Errorf("write during the backup: %v", err)
				return
			}
			n++
		}
	}()
	time.Sleep(50 * time.Millisecond)
	to := filepath.Join(t.TempDir(), "hot.db")
	c.ok("", "backup", "--to", to)
	close(stop)
	n := <-wrote
	if n == 0 {
		t.Fatal("the writer wrote nothing")
	}
	out := c.ok("", "audit", "verify", "--db", to, "--key", key)
	m := regexp.MustCompile(`(\d+) records verified`).FindStringSubmatch(out)
	if m == nil || m[1] == "0" {
		t.Fatalf("audit verify of the hot backup says %q", out)
	}
	c.ok("", "audit", "verify")
	t.Logf("%d units written meanwhile; backup holds %s audit records", n, m[1])
}

// TestServeFirstStart: the first start of an empty database without --demo creates one system
// administrator and prints a one-time password once; it logs in and must be changed.
func TestServeFirstStart(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	serve := func() string {
		out, stop := c.serve(t)
		stop()
		return out.String()
	}
	first := serve()
	user := regexp.MustCompile(`username: (\S+)`).FindStringSubmatch(first)
	pw := regexp.MustCompile(`one-time password: (\S+)`).FindStringSubmatch(first)
	if user == nil || pw == nil {
		t.Fatalf("first start printed no administrator login:\n%s", first)
	}
	second := serve()
	if strings.Contains(second, pw[1]) || strings.Contains(second, "one-time password") {
		t.Errorf("the second start printed a password again:\n%s", second)
	}
	if got := c.users(); len(got) != 1 || got[0] != user[1] {
		t.Errorf("users after two starts: %v, want only %s", got, user[1])
	}

	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := app.New(c.open(), app.Options{KDF: kdf, Logger: quiet})
	res, err := svc.Login(context.Background(), user[1], pw[1], "192.0.2.9", "test")
	if err != nil {
		t.Fatalf("login with the printed one-time password: %v", err)
	}
	if !res.Auth.MustChange {
		t.Error("the one-time password need not be changed at first login")
	}
	if !res.Auth.Actor.Has(domain.RoleSysAdmin) {
		t.Errorf("the first user has roles %v, want sysadmin", res.Auth.Actor.Grants)
	}
}

// TestKey: SQLite without a configured key gets one generated beside the file (mode 0600) and
// reused; PostgreSQL without a key is refused before any connection.
func TestKey(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	code, _, errs := c.run("", "migrate", "--key=")
	if code != 0 || !strings.Contains(errs, c.db+".key") {
		t.Fatalf("migrate without a key: exit %d, stderr %q; want a generated key file named", code, errs)
	}
	fi, err := os.Stat(c.db + ".key")
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %v, want 0600", fi.Mode().Perm())
	}
	k1, _ := os.ReadFile(c.db + ".key")
	if code, _, errs := c.run("", "audit", "verify", "--key="); code != 0 || strings.Contains(errs, "generated") {
		t.Errorf("second command without a key: exit %d, stderr %q; want the key file reused", code, errs)
	}
	if k2, _ := os.ReadFile(c.db + ".key"); !bytes.Equal(k1, k2) {
		t.Error("the key file changed")
	}
	if code, _, errs := c.run("", "migrate", "--key", "not-hex"); code == 0 || !strings.Contains(errs, "key") {
		t.Errorf("migrate with a malformed key: exit %d, stderr %q", code, errs)
	}

	start := time.Now()
	code, _, errs = c.run("", "migrate", "--db", "postgres://nobody@127.0.0.1:1/none", "--key=")
	if code == 0 || !strings.Contains(errs, "ARCHGOV_KEY") {
		t.Errorf("PostgreSQL without a key: exit %d, stderr %q; want a refusal naming ARCHGOV_KEY", code, errs)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the refusal took %v: it should come before connecting", d)
	}
}

// TestEnvironment: every flag has an ARCHGOV_* variable; a flag wins over it.
func TestEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("ARCHGOV_DB", filepath.Join(dir, "env.db"))
	t.Setenv("ARCHGOV_KEY", key)
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"migrate"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("migrate from the environment: exit %d, %s", code, errb.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "env.db")); err != nil {
		t.Errorf("ARCHGOV_DB was not used: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "env.db.key")); err == nil {
		t.Error("a key file was generated although ARCHGOV_KEY is set")
	}
	flagDB := filepath.Join(dir, "flag.db")
	if code := run(context.Background(), []string{"migrate", "--db", flagDB}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("migrate --db: exit %d, %s", code, errb.String())
	}
	if _, err := os.Stat(flagDB); err != nil {
		t.Errorf("--db did not win over ARCHGOV_DB: %v", err)
	}
}

// lockedBuffer is a bytes.Buffer that a running command writes while the test reads it.
// serve starts `archgov serve` on the test database with the extra flags and waits until it
// says it is serving. stop shuts it down as SIGTERM does and checks that it ended well.
func (c *cli) serve(t *testing.T, extra ...string) (out *lockedBuffer, stop func()) {
	t.Helper()
	out = &lockedBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	args := append([]string{"serve", "--db", c.db, "--key", key, "--addr", "127.0.0.1:0"}, extra...)
	go func() { done <- run(ctx, args, strings.NewReader(""), out, io.Discard) }()
	deadline := time.After(30 * time.Second)
	for !strings.Contains(out.String(), "serving") {
		select {
		case code := <-done:
			cancel()
			t.Fatalf("serve ended with %d before serving: %s", code, out.String())
		case <-deadline:
			cancel()
			t.Fatalf("serve did not start: %s", out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	return out, func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve after shutdown: exit %d", code)
			}
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not shut down")
		}
	}
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestMissingDatabaseIsNotCreated: a command that only uses a database (everything but
// migrate, demo and serve) refuses a SQLite path that does not exist, and leaves nothing
// behind: a mistyped --db must not create an empty database and a new key beside it, and must
// not advise `archgov migrate`, after which `audit verify` would report an intact, empty chain.
func TestMissingDatabaseIsNotCreated(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo.db")
	for _, args := range [][]string{
		{"audit", "verify", "--db", missing, "--key", key},
		{"user", "list", "--db", missing, "--key=" /* no key: one would be generated */},
		{"token", "create", "--username", "ops", "--db", missing, "--key", key},
		{"backup", "--to", filepath.Join(dir, "copy.db"), "--db", missing, "--key", key},
	} {
		var out, errb bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
		if code == 0 {
			t.Errorf("archgov %s: exit 0", strings.Join(args, " "))
		}
		if !strings.Contains(errb.String(), missing) {
			t.Errorf("archgov %s: stderr %q does not name the missing file", strings.Join(args, " "), errb.String())
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			t.Errorf("archgov %s left %s behind", strings.Join(args, " "), e.Name())
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// TestServeAddressLockThreshold (issue 13, low 8): serve takes the per-address lockout threshold
// from --address-lock-threshold (or ARCHGOV_ADDRESS_LOCK_THRESHOLD): failed logins on different
// names from one address lock it only at that count, not at the per-account 5.
func TestServeAddressLockThreshold(t *testing.T) {
	t.Parallel()
	c := newCLI(t)
	if code, _, errs := c.run("", "serve", "--address-lock-threshold", "3"); code != 2 || !strings.Contains(errs, "address-lock-threshold") {
		t.Errorf("serve with a threshold below 10: exit %d, stderr %q; want a usage error", code, errs)
	}
	out, stop := c.serve(t, "--address-lock-threshold", "12")
	addr := regexp.MustCompile(`serving (http://\S+)`)
	base := addr.FindStringSubmatch(out.String())[1]
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	csrf := regexp.MustCompile(`name="csrf" value="([^"]+)"`)
	login := func(username string) int {
		resp, err := client.Get(base + "/login")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m := csrf.FindSubmatch(page)
		if m == nil {
			t.Fatalf("no csrf field on the login page:\n%s", page)
		}
		resp, err = client.PostForm(base+"/login", url.Values{"csrf": {string(m[1])}, "username": {username}, "password": {"Wrong-Password-1"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i := 1; i <= 12; i++ {
		st := login(fmt.Sprintf("guess%d", i))
		if i < 12 && st == http.StatusTooManyRequests {
			t.Fatalf("failure %d from one address locked it; the threshold is 12", i)
		}
		if i == 12 && st != http.StatusTooManyRequests {
			t.Errorf("failure 12 from one address: %d, want 429", st)
		}
	}
	stop()
}

// TestServeBusyPort (issue 14): serve listens before it touches the database, so a port in use
// ends it with an error naming the address and leaves neither a database nor a key behind, even
// with --demo.
func TestServeBusyPort(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "archgov.db")
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"serve", "--demo", "--db", db, "--key=", "--addr", busy.Addr().String()}, strings.NewReader(""), &out, &errb)
	if code == 0 {
		t.Fatalf("serve on a busy port: exit 0\n%s", out.String())
	}
	if !strings.Contains(errb.String(), busy.Addr().String()) {
		t.Errorf("stderr %q does not name the busy address", errb.String())
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		t.Errorf("serve on a busy port left %s behind", e.Name())
	}
}

// TestServeDemoLoginsNameRoles (issue 14): the demo logins serve prints name roles with their
// units, not role:UNITCODE.
func TestServeDemoLoginsNameRoles(t *testing.T) {
	t.Parallel()
	var b bytes.Buffer
	printDemoLogins(&b)
	leader := i18n.T(i18n.ZH, "ui.role_of_unit", i18n.T(i18n.ZH, "role.leader"), "苏州市公安局相城分局")
	if !strings.Contains(b.String(), leader) || strings.Contains(b.String(), "leader:320507106") {
		t.Errorf("demo logins:\n%s", b.String())
	}
}
