package bench

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/demo/city"
	"archgov/internal/gm"
	"archgov/internal/store"
	"archgov/internal/testdb"
	"archgov/internal/web"
)

// The city-scale targets (issue 12) are measured on the demo district grown by the city
// generator (internal/demo/city): 500 units, 20,000 systems, 50,000 projects over ten years,
// 200,000 catalog entries with 2,000,000 data items, 5,000 websites, 1,000 machine rooms, their
// findings and audit history. Generating it takes minutes, so the database is kept and reused:
// SQLite in $TMPDIR/archgov-<scale>-<seed>.db (with its key in ….db.key, as `archgov demo
// --scale city --seed 1 --db $TMPDIR/archgov-city-1.db` leaves it), PostgreSQL in the schema
// city_<scale>_<seed> of ARCHGOV_TEST_POSTGRES. A database counts as built when the generator
// marked it (city.Generated). ARCHGOV_CITY_SCALE=small makes a quick one for trying the
// benchmarks; ARCHGOV_CITY_SEED picks the seed (1); ARCHGOV_CITY_PATHS (comma-separated) replaces
// the list benchmark's requests, e.g. to profile one.
//
//	go test ./internal/bench -run '^$' -bench 'CityLists$' -benchtime 20x -timeout 90m -v
//	go test ./internal/bench -run '^$' -bench 'CityListsPostgres$' -benchtime 20x -timeout 120m -v

func cityScale() (string, uint64) {
	scale := os.Getenv("ARCHGOV_CITY_SCALE")
	if _, ok := city.Sizes[scale]; !ok {
		scale = "city"
	}
	seed, err := strconv.ParseUint(os.Getenv("ARCHGOV_CITY_SEED"), 10, 64)
	if err != nil {
		seed = 1
	}
	return scale, seed
}

// cityDB opens the kept city database of backend, generating it first when it is missing or
// was not finished.
func cityDB(b *testing.B, backend string) (*store.DB, *app.Service) {
	b.Helper()
	ctx := context.Background()
	scale, seed := cityScale()
	clock := city.NewClock(time.Time{})
	var dsn string
	var sealer *gm.Sealer
	switch backend {
	case "sqlite":
		dsn = filepath.Join(os.TempDir(), fmt.Sprintf("archgov-%s-%d.db", scale, seed))
		sealer = testdb.Sealer(b)
		if key, err := os.ReadFile(dsn + ".key"); err == nil { // made by the command line
			k, err := gm.ParseKey(strings.TrimSpace(string(key)))
			if err != nil {
				b.Fatal(err)
			}
			if sealer, err = gm.NewSealer(k); err != nil {
				b.Fatal(err)
			}
		}
	case "postgres":
		base := os.Getenv("ARCHGOV_TEST_POSTGRES")
		if base == "" {
			b.Skip("ARCHGOV_TEST_POSTGRES not set")
		}
		schema := fmt.Sprintf("city_%s_%d", scale, seed)
		admin, err := sql.Open("pgx", base)
		if err != nil {
			b.Fatal(err)
		}
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS `+schema); err != nil {
			b.Fatal(err)
		}
		u, err := url.Parse(base)
		if err != nil {
			b.Fatal(err)
		}
		qv := u.Query()
		qv.Set("search_path", schema)
		u.RawQuery = qv.Encode()
		dsn, sealer = u.String(), testdb.Sealer(b)
	}
	open := func() *store.DB {
		db, err := store.Open(ctx, dsn, store.Options{Sealer: sealer, Now: clock.Now})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := db.Migrate(ctx); err != nil {
			b.Fatal(err)
		}
		return db
	}
	db := open()
	if m, ok, err := city.Generated(ctx, db); err == nil && ok && m.Seed == seed && m.Size == city.Sizes[scale] {
		b.Cleanup(func() { db.Close() })
		b.Logf("%s: reusing the %s-scale database of seed %d", backend, scale, seed)
		return db, benchService(db)
	}
	// Not there or not finished: start afresh.
	db.Close()
	if backend == "sqlite" {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(dsn + suffix)
		}
	} else {
		admin, err := sql.Open("pgx", os.Getenv("ARCHGOV_TEST_POSTGRES"))
		if err != nil {
			b.Fatal(err)
		}
		schema := fmt.Sprintf("city_%s_%d", scale, seed)
		_, err = admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE; CREATE SCHEMA `+schema)
		admin.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	db = open()
	b.Cleanup(func() { db.Close() })
	svc := benchService(db)
	start := time.Now()
	err := city.Generate(ctx, svc, city.Options{Seed: seed, Size: city.Sizes[scale], Clock: clock,
		Progress: func(step string, done, total int) {
			if done == total {
				b.Logf("%s: %s %d in %s", backend, step, total, time.Since(start).Round(time.Second))
			}
		}})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: generated the %s-scale district (seed %d) in %s", backend, scale, seed, time.Since(start).Round(time.Second))
	return db, svc
}

// cityServer serves the real handler over the city database and returns its URL and an API
// token of the info office's demo user.
func cityServer(b *testing.B, svc *app.Service) (string, string) {
	b.Helper()
	srv, err := web.New(svc, web.Config{Logger: discardLogger()})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(ts.Close)
	return ts.URL, cityToken(b, svc, "office")
}

// cityToken is a new API token of the demo user username. Take it after citySession: the
// first session's password change revokes the user's tokens.
func cityToken(b *testing.B, svc *app.Service, username string) string {
	b.Helper()
	tok, _, err := svc.CreateToken(context.Background(), app.SystemActor(), username, "bench", time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	return tok
}

// benchPassword is the demo users' password once a benchmark changed it (a page needs a
// session whose password is not the initial one).
const benchPassword = "Bench-City-2026!x"

// citySession logs the demo user username in as the web login does and returns the session
// cookie's value, the first time changing the initial password (kept in the kept database).
func citySession(b *testing.B, svc *app.Service, username string) string {
	b.Helper()
	ctx := context.Background()
	if res, err := svc.Login(ctx, username, benchPassword, "127.0.0.1", "bench"); err == nil && res.Auth.Ready() {
		return res.Cookie
	}
	res, err := svc.Login(ctx, username, demo.Password, "127.0.0.1", "bench")
	if err != nil {
		b.Fatalf("login %s: %v", username, err)
	}
	if err := svc.ChangePassword(ctx, res.Auth, demo.Password, benchPassword); err != nil {
		b.Fatalf("password %s: %v", username, err)
	}
	if res, err = svc.Login(ctx, username, benchPassword, "127.0.0.1", "bench"); err != nil || !res.Auth.Ready() {
		b.Fatalf("login %s after the change: %v", username, err)
	}
	return res.Cookie
}

// get is one GET of base+path with the credential: "Bearer …" (the API) or a session cookie's
// value (pages). A redirect is an error: a page that sends the client to the login is not the
// page measured.
func getCity(c *http.Client, base, cred, path string) (time.Duration, error) {
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	if strings.HasPrefix(cred, "Bearer ") {
		req.Header.Set("Authorization", cred)
	} else {
		req.AddCookie(&http.Cookie{Name: "archgov_session", Value: cred})
	}
	t0 := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	d := time.Since(t0)
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: %d %s %.300s", path, resp.StatusCode, resp.Header.Get("Location"), body)
	}
	return d, nil
}

// noRedirects is a client that reports redirects instead of following them.
func noRedirects() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// benchPaths times GET requests of paths, one after another, each round all of them: API paths
// with the token tok, pages (not starting /api/) with the session cookie; it reports every
// path's p50 and p95 and the p95 over all as the benchmark's metrics.
func benchPaths(b *testing.B, base, tok, cookie string, paths []string) {
	b.Helper()
	c := noRedirects()
	call := func(path string) time.Duration {
		cred := cookie
		if strings.HasPrefix(path, "/api/") {
			cred = "Bearer " + tok
		}
		d, err := getCity(c, base, cred, path)
		if err != nil {
			b.Fatal(err)
		}
		return d
	}
	for _, p := range paths { // warm the statement cache and the pages once
		call(p)
	}
	lat := map[string][]time.Duration{}
	var all []time.Duration
	b.ResetTimer()
	for b.Loop() {
		for _, p := range paths {
			d := call(p)
			lat[p] = append(lat[p], d)
			all = append(all, d)
		}
	}
	b.StopTimer()
	for _, p := range paths {
		b.Logf("%-64s p50 %7.1f ms  p95 %7.1f ms", p, ms(pct(lat[p], 50)), ms(pct(lat[p], 95)))
	}
	b.ReportMetric(ms(pct(all, 50)), "p50-ms")
	b.ReportMetric(ms(pct(all, 95)), "p95-ms")
}

// cityListPaths are the registers' first pages and common filters, API and web, as the office
// sees them.
func cityListPaths(year int) []string {
	y := strconv.Itoa(year)
	return []string{
		"/api/v1/systems?limit=50",
		"/api/v1/systems?limit=50&hosting=unit_room",
		"/api/v1/systems?limit=50&q=人口",
		"/api/v1/machine-rooms?limit=50",
		"/api/v1/websites?limit=50",
		"/api/v1/projects?limit=50",
		"/api/v1/projects?limit=50&year=" + y + "&status=under_review",
		"/api/v1/task-books?limit=50",
		"/api/v1/catalog?limit=20",
		"/api/v1/catalog?limit=20&q=人口基础",
		"/api/v1/findings?limit=50",
		"/systems",
		"/projects",
		"/catalog",
		"/findings",
	}
}

func benchCityLists(b *testing.B, backend string) {
	_, svc := cityDB(b, backend)
	cookie := citySession(b, svc, "office")
	base, tok := cityServer(b, svc)
	paths := cityListPaths(svc.Today().Year())
	if only := os.Getenv("ARCHGOV_CITY_PATHS"); only != "" { // e.g. to profile one request
		paths = strings.Split(only, ",")
	}
	benchPaths(b, base, tok, cookie, paths)
}

func BenchmarkCityLists(b *testing.B)         { benchCityLists(b, "sqlite") }
func BenchmarkCityListsPostgres(b *testing.B) { benchCityLists(b, "postgres") }
