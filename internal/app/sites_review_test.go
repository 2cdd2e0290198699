package app_test

import (
	"testing"

	"archgov/internal/store"
)

// Regressions from the security review of websites and new-media accounts: what an export or
// a list shows of other units' records, and what an import accepts.

// TestSiteNameCursorStaysInScope: a name-sorted list continued after another unit's record
// answers as after a record that does not exist — nothing — so the cursor tells nothing of
// other units' names.
func TestSiteNameCursorStaysInScope(t *testing.T) {
	eachDemo(t, func(t *testing.T, e *env) {
		jiaoyu, edu := e.actor("jiaoyu"), e.unit("320507105").ID
		all, err := e.svc.Websites(e.ctx, e.actor("office"), store.WebsiteFilter{})
		if err != nil {
			t.Fatal(err)
		}
		hidden := 0
		for _, w := range all.Items {
			if w.UnitID == edu {
				continue
			}
			hidden++
			p, err := e.svc.Websites(e.ctx, jiaoyu, store.WebsiteFilter{Sort: store.SiteSortName, After: w.ID, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) != 0 {
				t.Errorf("after %s (another unit's): %d of jiaoyu's sites", w.Host, len(p.Items))
			}
		}
		if hidden == 0 {
			t.Fatal("no other unit's sites in the demo")
		}
		// Its own cursor still pages.
		first, err := e.svc.Websites(e.ctx, jiaoyu, store.WebsiteFilter{Sort: store.SiteSortName, Limit: 2})
		if err != nil || first.NextCursor == 0 {
			t.Fatalf("first page: %+v %v", first, err)
		}
		rest, err := e.svc.Websites(e.ctx, jiaoyu, store.WebsiteFilter{Sort: store.SiteSortName, After: first.NextCursor, Limit: 50})
		if err != nil || len(first.Items)+len(rest.Items) != 4 {
			t.Errorf("jiaoyu's pages: %d + %d sites (%v), want 4", len(first.Items), len(rest.Items), err)
		}

		ms, err := e.svc.MediaAccounts(e.ctx, e.actor("office"), store.MediaFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms.Items {
			if m.UnitID == edu {
				continue
			}
			p, err := e.svc.MediaAccounts(e.ctx, jiaoyu, store.MediaFilter{Sort: store.SiteSortName, After: m.ID, Limit: 50})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) != 0 {
				t.Errorf("after account %s (another unit's): %d of jiaoyu's accounts", m.Name, len(p.Items))
			}
		}
	})
}
