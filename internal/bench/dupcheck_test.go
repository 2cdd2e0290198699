package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"archgov/internal/demo/city"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// The duplicate-construction check's target (issue 15): one check over 20,000 systems,
// 200,000 catalog entries and the components, p95 < 200 ms on SQLite. The database is the
// catalog benchmark's (catalogBenchDB: the demo district and 200,000 entries, kept in $TMPDIR
// and reused), copied, with 20,000 synthetic systems written through Tx.InsertSystem (the row
// and its index document: name, code and purpose) and 400 published components written through
// Tx.InsertComponent (row and index document: name, summary, function points), which the check
// loads and scores like the others. The copy is kept too ($TMPDIR/archgov-dupbench-v2-N.db).
// The proposals are the evaluation set's (internal/dupcheck/testdata/eval.json), each checked
// by the office.
//
//	go test ./internal/bench -run XXX -bench 'DupCheck$' -benchtime 3x -timeout 90m -v
//	ARCHGOV_CATALOG_BENCH_N=5000 go test ./internal/bench -run XXX -bench 'DupCheck$' -benchtime 3x -v   # a quick look

func dupBenchDB(b *testing.B, n int) *store.DB {
	ctx := context.Background()
	src := catalogBenchDB(b, "sqlite", n)
	srcPath := src.Path()
	dsn := filepath.Join(os.TempDir(), fmt.Sprintf("archgov-dupbench-v2-%d.db", n))
	done := dsn + ".done"
	if _, err := os.Stat(done); err == nil {
		src.Close()
		db, err := store.Open(ctx, dsn, store.Options{Sealer: testdb.Sealer(b)})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		b.Logf("reusing %s", dsn)
		return db
	}
	if err := src.Close(); err != nil { // checkpoints the WAL into the file
		b.Fatal(err)
	}
	if err := copyFileTo(srcPath, dsn); err != nil {
		b.Fatal(err)
	}
	db, err := store.Open(ctx, dsn, store.Options{Sealer: testdb.Sealer(b)})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
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
	start := time.Now()
	const systems, components, perTx = 20_000, 400, 5000
	for lo := 0; lo < systems; lo += perTx {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for i := lo; i < min(lo+perTx, systems); i++ {
				if err := tx.InsertSystem(ctx, city.System(i, ids[i%len(ids)])); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		for i := range components {
			c := city.Component(i, ids[i%len(ids)])
			if err := tx.InsertComponent(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := db.Writer().ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	b.Logf("added %d systems and %d components in %s", systems, components, time.Since(start).Round(time.Second))
	return db
}

func copyFileTo(from, to string) error {
	for _, suffix := range []string{"", "-wal", "-shm", ".done"} {
		os.Remove(to + suffix)
	}
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func BenchmarkDupCheck(b *testing.B) {
	ctx := context.Background()
	n := catalogBenchN()
	db := dupBenchDB(b, n)
	raw, err := os.ReadFile("../dupcheck/testdata/eval.json")
	if err != nil {
		b.Fatal(err)
	}
	var set struct {
		Proposals []domain.Proposal `json:"proposals"`
	}
	if err := json.Unmarshal(raw, &set); err != nil {
		b.Fatal(err)
	}
	svc := benchService(db)
	office, err := db.Read().UserByUsername(ctx, "office")
	if err != nil {
		b.Fatal(err)
	}
	a := domain.Actor{UserID: office.ID, Username: office.Username, UnitID: office.UnitID, Grants: office.Grants}
	var counts []string
	for _, k := range []string{store.DocSystem, store.DocCatalog, store.DocComponent} {
		ids, err := db.Read().DocIDs(ctx, k)
		if err != nil {
			b.Fatal(err)
		}
		counts = append(counts, fmt.Sprintf("%d %s", len(ids), k))
	}
	b.Logf("index documents: %v", counts)
	// The first round: every term's frequency counted for the first time (a fresh process).
	var cold, warm []time.Duration
	for _, p := range set.Proposals {
		t0 := time.Now()
		if _, err := svc.CheckDuplicates(ctx, a, p, 10); err != nil {
			b.Fatal(err)
		}
		cold = append(cold, time.Since(t0))
	}
	b.ResetTimer()
	for b.Loop() {
		for _, p := range set.Proposals {
			t0 := time.Now()
			res, err := svc.CheckDuplicates(ctx, a, p, 10)
			if err != nil {
				b.Fatal(err)
			}
			warm = append(warm, time.Since(t0))
			if len(res.Matches) == 0 {
				b.Fatalf("%s: no match at all", p.Name)
			}
		}
	}
	b.StopTimer()
	slices.Sort(cold)
	b.Logf("first round (term counts not cached): p50 %.1f ms, p95 %.1f ms, max %.1f ms over %d checks",
		ms(pct(cold, 50)), ms(pct(cold, 95)), ms(cold[len(cold)-1]), len(cold))
	b.Logf("later rounds: p50 %.1f ms, p95 %.1f ms over %d checks", ms(pct(warm, 50)), ms(pct(warm, 95)), len(warm))
	b.ReportMetric(ms(pct(warm, 50)), "p50-ms")
	b.ReportMetric(ms(pct(warm, 95)), "p95-ms")
	b.ReportMetric(ms(pct(cold, 95)), "cold-p95-ms")
}
