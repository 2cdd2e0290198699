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
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/store"
	"archgov/internal/testdb"
	"archgov/internal/web"
)

// The catalog search target (issue 4) measured where a user meets it: GET /api/v1/catalog?q=…
// through the real handler (token, scope, search, facet counts, JSON) over the real store with
// 200,000 entries and 2,000,000 data items, on top of the demo district. The entries are
// city.CatalogEntry's written through Tx.InsertCatalogEntry — the entry row, its ten
// data items and its search postings — 1,000 per transaction, without the use cases' audit
// records. Building takes minutes, so the database is kept and reused by the next run:
// SQLite in $TMPDIR/archgov-catbench-N.db, PostgreSQL in the schema catbench_N of
// ARCHGOV_TEST_POSTGRES. ARCHGOV_CATALOG_BENCH_N changes N (e.g. 5000 for a quick look).

// catalogBenchQueries are the measured requests: two-character and longer Chinese words, a
// rare word, a Latin prefix, a resource-code prefix, and searches with filters.
var catalogBenchQueries = []string{
	"q=人口",
	"q=人口基础",
	"q=企业登记信息",
	"q=大闸蟹",
	"q=gi",
	"q=人口&share_type=conditional&open=0",
	"q=企业登记信息&status=published&update_cycle=daily",
	"q=不动产&unit={unit}",
	"q=信息&class=3",
}

func catalogBenchN() int {
	if v := os.Getenv("ARCHGOV_CATALOG_BENCH_N"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			return n
		}
	}
	return 200_000
}

// catalogBenchDB opens the kept benchmark database of backend, building it first if needed.
func catalogBenchDB(b *testing.B, backend string, n int) *store.DB {
	ctx := context.Background()
	var dsn, done string
	switch backend {
	case "sqlite":
		dsn = filepath.Join(os.TempDir(), fmt.Sprintf("archgov-catbench-%d.db", n))
		done = dsn + ".done"
		if _, err := os.Stat(done); err != nil {
			for _, suffix := range []string{"", "-wal", "-shm", ".done"} {
				os.Remove(dsn + suffix)
			}
		}
	case "postgres":
		base := os.Getenv("ARCHGOV_TEST_POSTGRES")
		if base == "" {
			b.Skip("ARCHGOV_TEST_POSTGRES not set")
		}
		schema := fmt.Sprintf("catbench_%d", n)
		admin, err := sql.Open("pgx", base)
		if err != nil {
			b.Fatal(err)
		}
		defer admin.Close()
		var ok bool
		admin.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'catbench_done')`, schema).Scan(&ok)
		if !ok {
			if _, err := admin.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE`); err != nil {
				b.Fatal(err)
			}
			if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
				b.Fatal(err)
			}
		} else {
			done = "exists"
		}
		u, err := url.Parse(base)
		if err != nil {
			b.Fatal(err)
		}
		qv := u.Query()
		qv.Set("search_path", schema)
		u.RawQuery = qv.Encode()
		dsn = u.String()
	}
	db, err := store.Open(ctx, dsn, store.Options{Sealer: testdb.Sealer(b)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	built := false
	if backend == "sqlite" {
		_, err := os.Stat(done)
		built = err == nil
	} else {
		built = done == "exists"
	}
	if built {
		b.Logf("%s: reusing the %d-entry database", backend, n)
		return db
	}
	start := time.Now()
	svc := benchService(db)
	if err := demo.Load(ctx, svc); err != nil {
		b.Fatal(err)
	}
	units, err := db.Read().Units(ctx, store.UnitFilter{})
	if err != nil {
		b.Fatal(err)
	}
	var ids []int64
	for _, u := range units {
		if u.Active && u.Kind != domain.KindDistrict {
			ids = append(ids, u.ID)
		}
	}
	day := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	const perTx = 1000
	for lo := 0; lo < n; lo += perTx {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for i := lo; i < min(lo+perTx, n); i++ {
				if err := tx.InsertCatalogEntry(ctx, city.CatalogEntry(i, ids, day)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if lo%20000 == 0 && lo > 0 {
			b.Logf("%s: %d entries in %s", backend, lo, time.Since(start).Round(time.Second))
		}
	}
	analyze := `ANALYZE`
	if backend == "postgres" {
		analyze = `VACUUM ANALYZE`
	}
	if _, err := db.Writer().ExecContext(ctx, analyze); err != nil {
		b.Fatal(err)
	}
	if backend == "sqlite" {
		if err := os.WriteFile(done, nil, 0o644); err != nil {
			b.Fatal(err)
		}
	} else if _, err := db.Writer().ExecContext(ctx, `CREATE TABLE catbench_done (n INTEGER)`); err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: built %d entries in %s", backend, n, time.Since(start).Round(time.Second))
	return db
}

func benchService(db *store.DB) *app.Service {
	return app.New(db, app.Options{KDF: gm.KDFParams{Iterations: 1000, SaltLen: 16, KeyLen: 32}})
}

func benchCatalogList(b *testing.B, backend string) {
	n := catalogBenchN()
	db := catalogBenchDB(b, backend, n)
	ctx := context.Background()
	svc := benchService(db)
	var entries, items int
	db.Writer().QueryRowContext(ctx, `SELECT count(*) FROM catalog_entries`).Scan(&entries)
	db.Writer().QueryRowContext(ctx, `SELECT count(*) FROM catalog_items`).Scan(&items)
	b.Logf("%s: %d catalog entries, %d data items", backend, entries, items)
	srv, err := web.New(svc, web.Config{Logger: discardLogger()})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(ts.Close)
	// The office (every entry) and the health commission's contact (published entries and its own).
	var toks []string
	for _, user := range []string{"office", "weijian"} {
		tok, _, err := svc.CreateToken(ctx, app.SystemActor(), user, "bench", time.Hour)
		if err != nil {
			b.Fatal(err)
		}
		toks = append(toks, tok)
	}
	health, err := db.Read().UnitByCode(ctx, "320507119")
	if err != nil {
		b.Fatal(err)
	}
	c := &http.Client{}
	call := func(q, tok string) (time.Duration, int) {
		req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/v1/catalog?limit=20&"+strings.ReplaceAll(q, "{unit}", strconv.FormatInt(health.ID, 10)), nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		t0 := time.Now()
		resp, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(t0)
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: %d %s", q, resp.StatusCode, body)
		}
		return d, strings.Count(string(body), `"code":`)
	}
	for _, q := range catalogBenchQueries { // warm the statement cache and the pages once
		for _, tok := range toks {
			if _, hits := call(q, tok); hits == 0 && n >= 100_000 {
				b.Fatalf("%s found nothing", q)
			}
		}
	}
	lat := map[string][]time.Duration{}
	var all []time.Duration
	b.ResetTimer()
	for b.Loop() {
		for _, tok := range toks {
			for _, q := range catalogBenchQueries {
				d, _ := call(q, tok)
				lat[q] = append(lat[q], d)
				all = append(all, d)
			}
		}
	}
	b.StopTimer()
	for _, q := range catalogBenchQueries {
		b.Logf("%-52s p50 %6.1f ms  p95 %6.1f ms", q, ms(pct(lat[q], 50)), ms(pct(lat[q], 95)))
	}
	b.ReportMetric(ms(pct(all, 50)), "p50-ms")
	b.ReportMetric(ms(pct(all, 95)), "p95-ms")
}

func BenchmarkCatalogList(b *testing.B)         { benchCatalogList(b, "sqlite") }
func BenchmarkCatalogListPostgres(b *testing.B) { benchCatalogList(b, "postgres") }
