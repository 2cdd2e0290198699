package app_test

import (
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// Issue 4: searching 人口 and 人口基础 both find the demo's population entries, through the
// Chinese-aware index (name, summary and data items), and a unit user never finds another
// unit's drafts.
func TestCatalogSearchFindsPopulationEntries(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		find := func(who, q string) []*domain.CatalogEntry {
			t.Helper()
			var out []*domain.CatalogEntry
			f := store.CatalogFilter{Query: q, Limit: 200}
			for {
				p, err := e.svc.Catalog(e.ctx, e.actor(who), f)
				if err != nil {
					t.Fatalf("search %q as %s: %v", q, who, err)
				}
				out = append(out, p.Items...)
				if p.NextCursor == 0 {
					return out
				}
				f.After = p.NextCursor
			}
		}
		names := func(es []*domain.CatalogEntry) string {
			var b strings.Builder
			for _, c := range es {
				b.WriteString(c.Name + "；")
			}
			return b.String()
		}
		for _, q := range []string{"人口", "人口基础"} {
			got := find("office", q)
			if !strings.Contains(names(got), "户籍人口基本信息") || !strings.Contains(names(got), "流动人口居住登记信息") {
				t.Errorf("search %q: the population entries are missing: %s", q, names(got))
			}
			for _, c := range got {
				if q == "人口" && !strings.Contains(c.Name+c.Summary, "人") {
					// found by a data item: fine, but then an item must say 人口
					full, err := e.svc.CatalogEntry(e.ctx, e.actor("office"), c.ID)
					if err != nil {
						t.Fatal(err)
					}
					ok := false
					for _, it := range full.Items {
						ok = ok || strings.Contains(it.Name, "人口")
					}
					if !ok {
						t.Errorf("search 人口 found %s, which says 人口 nowhere", c.Name)
					}
				}
			}
		}
		if got := find("office", "企业登记"); !strings.Contains(names(got), "企业登记信息") {
			t.Errorf("search 企业登记: %s", names(got))
		}
		// A unit user sees published entries of every provider, and drafts of its own only.
		for _, c := range find("jiaoyu", "信息") {
			if c.Status != domain.CatPublished && c.ProviderUnitID != e.unit("320507105").ID {
				t.Errorf("jiaoyu found another unit's %s entry %s", c.Status, c.Name)
			}
		}
	})
}

// Review findings on the catalog slice: a published entry cannot be revised to no data items;
// another unit reads a published entry's public history only; a missing provider is a field.
func TestCatalogReviewFindings(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		// A published entry of 卫健委, as weijian (its contact) sees it.
		var pub *domain.CatalogEntry
		p, err := e.svc.Catalog(e.ctx, e.actor("weijian"), store.CatalogFilter{UnitID: e.unit("320507119").ID, Status: domain.CatPublished, Limit: 1})
		if err != nil || len(p.Items) == 0 {
			t.Fatalf("no published entry of 卫健委: %v", err)
		}
		pub, err = e.svc.CatalogEntry(e.ctx, e.actor("weijian"), p.Items[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		h := e.head()
		none := []domain.DataItem{}
		_, err = e.svc.UpdateCatalogEntry(e.ctx, e.actor("weijian"), pub.ID, app.CatalogEdit{Version: pub.Version, Items: &none})
		wantCode(t, err, domain.EInvalid, "items")
		e.wantNoAudit(h)

		// Its history: the provider sees it all, another unit only from the first publication.
		own, err := e.svc.CatalogHistory(e.ctx, e.actor("weijian"), pub.ID)
		if err != nil {
			t.Fatal(err)
		}
		other, err := e.svc.CatalogHistory(e.ctx, e.actor("jiaoyu"), pub.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(other) == 0 || len(other) >= len(own) {
			t.Fatalf("history: provider %d records, another unit %d", len(own), len(other))
		}
		for _, r := range other {
			if r.Action == "catalog.create" || r.Action == "catalog.submit" || r.Action == "catalog.return" || r.Action == "catalog.register" {
				t.Errorf("another unit reads the draft-stage record %s", r.Action)
			}
		}

		err = e.svc.CreateCatalogEntry(e.ctx, e.actor("weijian"), &domain.CatalogEntry{Name: "无提供方"})
		if err == nil {
			t.Fatal("an entry without a provider was created")
		}
		wantCode(t, err, domain.EInvalid, "provider_unit_id")
	})
}
