package city_test

import (
	"context"
	"os"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/demo/city"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/store"
	"archgov/internal/testdb"
	"archgov/internal/testdb/demodb"
)

func TestMain(m *testing.M) { os.Exit(demodb.Run(m)) }

var kdf = gm.KDFParams{Iterations: 1000, SaltLen: 16, KeyLen: 32}

// day is the tests' today: the demo template is shared per clock time.
var day = time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)

// tiny is a size just above the demo district's own (74 units, 163 systems, 61 websites, 406 catalog
// entries …), so that every kind gets generated records and the test stays cheap.
var tiny = city.Size{Units: 84, Rooms: 50, Systems: 240, Websites: 80, Projects: 200, Catalog: 500, Years: 10}

// generate grows a copy of the demo district to the tiny size with seed.
func generate(t *testing.T, be testdb.Backend, seed uint64) (*app.Service, map[string]int, string) {
	t.Helper()
	clock := city.NewClock(day)
	db := demodb.Open(t, be, clock.Now, kdf)
	svc := app.New(db, app.Options{KDF: kdf})
	ctx := context.Background()
	steps := map[string]int{}
	err := city.Generate(ctx, svc, city.Options{Seed: seed, Size: tiny, Clock: clock,
		Progress: func(step string, done, total int) { steps[step] = done }})
	if err != nil {
		t.Fatal(err)
	}
	if steps["catalog"] == 0 || steps["projects"] == 0 || steps["findings"] != 1 {
		t.Errorf("progress reported %v", steps)
	}
	if got := clock.Now(); !got.Equal(day) {
		t.Errorf("the clock was left at %s", got)
	}
	if m, ok, err := city.Generated(ctx, db); err != nil || !ok || m.Seed != seed || m.Size != tiny {
		t.Errorf("generated: %+v %v %v", m, ok, err)
	}
	counts, hash, err := city.Fingerprint(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	return svc, counts, hash
}

// TestGenerateSmall grows the demo district to a tiny size twice with one seed on each
// backend, and once with another seed on SQLite: the same seed makes the same rows, another seed other rows, the
// counts are the size's, and the use cases read what was written — the audit chain verifies,
// the lists and pages of applications and task books load, a second rules sweep finds nothing
// new, the catalog search finds the generated entries.
func TestGenerateSmall(t *testing.T) {
	testdb.WithoutRace(t) // the generator is sequential: under -race it only took longer
	size := tiny
	for _, be := range testdb.Backends(t) {
		t.Run(be.Name, func(t *testing.T) {
			t.Parallel()
			svc, counts, hash := generate(t, be, 7)
			_, counts2, hash2 := generate(t, be, 7)
			if hash != hash2 {
				t.Errorf("seed 7 twice: %s and %s (counts %v and %v)", hash, hash2, counts, counts2)
			}
			if be.Name == "sqlite" { // the seed decides (once is enough)
				if _, _, hash3 := generate(t, be, 8); hash == hash3 {
					t.Errorf("seeds 7 and 8 made the same rows (%s)", hash)
				}
			}
			for table, want := range map[string]int{"units": size.Units, "systems": size.Systems, "machine_rooms": size.Rooms,
				"websites": size.Websites, "projects": size.Projects, "catalog_entries": size.Catalog} {
				if counts[table] != want {
					t.Errorf("%s: %d rows, want %d", table, counts[table], want)
				}
			}
			if counts["catalog_items"] < 5*size.Catalog || counts["findings"] == 0 || counts["task_books"] == 0 {
				t.Errorf("counts %v", counts)
			}
			// Search documents: every system and every catalog entry has one.
			if counts["search_docs"] < size.Systems+size.Catalog {
				t.Errorf("%d search documents for %d systems and %d entries", counts["search_docs"], size.Systems, size.Catalog)
			}
			t.Logf("%s: %v %s", be.Name, counts, hash)
			ctx := context.Background()
			sys := app.SystemActor()
			if n, err := svc.VerifyAudit(ctx); err != nil || n < counts["audit_log"] {
				t.Errorf("audit chain: %d verified of %d: %v", n, counts["audit_log"], err)
			}
			// Every state of the application lifecycle is there, and a list and a page of each load.
			for _, st := range []domain.ProjectStatus{domain.ProjDraft, domain.ProjSubmitted, domain.ProjUnderReview, domain.ProjReturned,
				domain.ProjApproved, domain.ProjRejected} {
				p, err := svc.Projects(ctx, sys, app.ProjectFilter{Status: st, Limit: 5})
				if err != nil || len(p.Items) == 0 {
					t.Fatalf("applications %s: %d, %v", st, len(p.Items), err)
				}
				if _, err := svc.Project(ctx, sys, p.Items[len(p.Items)-1].ID); err != nil {
					t.Errorf("application %d (%s): %v", p.Items[0].ID, st, err)
				}
			}
			stages := map[domain.ProjectStage]bool{}
			p, err := svc.Projects(ctx, sys, app.ProjectFilter{Status: domain.ProjApproved})
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range p.Items {
				stages[x.Stage] = true
			}
			for _, st := range domain.ProjectStages {
				if !stages[st] {
					t.Errorf("no approved application at stage %s (%v)", st, stages)
				}
			}
			books, err := svc.DB().Read().TaskBooks(ctx, authz.Scope{All: true}, store.TaskBookFilter{Limit: 3})
			if err != nil || len(books) == 0 {
				t.Fatalf("task books: %d, %v", len(books), err)
			}
			if books[len(books)-1].DocNumber == "" {
				t.Errorf("task book without a number: %+v", books[len(books)-1])
			}
			again, err := svc.Sweep(ctx, sys)
			if err != nil || again.Opened != 0 {
				t.Errorf("second sweep opened %d findings: %v", again.Opened, err)
			}
			hits, err := svc.DB().Read().Search(ctx, store.DocCatalog, authz.Scope{All: true}, "信息", 5, "")
			if err != nil || len(hits.Hits) == 0 {
				t.Errorf("catalog search: %d hits, %v", len(hits.Hits), err)
			}
		})
	}
}
