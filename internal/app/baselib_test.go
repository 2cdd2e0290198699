package app_test

// The base libraries (SHR-P2, SHR-R5) on the demo district: the office's edit with its
// refusals, the provider look-up feedback routing uses (SHR-R6), and what each viewer sees of
// the entries feeding a library and the systems docked to it.

import (
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

func (e *env) library(code domain.BaseLibrary) *domain.Library {
	e.t.Helper()
	return must(e, "library", store.Reader.BaseLibraryByCode, code)
}

func TestBaseLibraryEdit(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		l := e.library(domain.LibPopulation)
		health := e.unit(codeHealth)
		for _, who := range []string{"weijian", "yuanhe", "leader", "expert", "auditadmin"} {
			if got, err := e.svc.BaseLibrary(e.ctx, e.actor(who), l.ID); err != nil || got.ProviderUnitID != l.ProviderUnitID {
				t.Fatalf("%s reads the library: %v", who, err)
			}
		}
		_, err := e.svc.BaseLibrary(e.ctx, e.actor("weijian"), 999999)
		wantCode(t, err, domain.ENotFound, "")

		// Only the office edits: a unit's head, the leader and the administrators are refused.
		for _, who := range []string{"weijian", "weijian_head", "leader", "sysadmin"} {
			h := e.head()
			_, err := e.svc.UpdateBaseLibrary(e.ctx, e.actor(who), l.ID, app.BaseLibraryEdit{Version: l.Version, Name: ptr("越权")})
			wantCode(t, err, domain.EForbidden, "")
			e.wantNoAudit(h)
		}

		// Bad input names the field and writes nothing.
		zero, unknown := int64(0), int64(999999)
		for _, c := range []struct {
			edit  app.BaseLibraryEdit
			field string
		}{
			{app.BaseLibraryEdit{Name: ptr("  ")}, "name"},
			{app.BaseLibraryEdit{Name: ptr(strings.Repeat("库", 51))}, "name"},
			{app.BaseLibraryEdit{ProviderUnitID: &zero}, "provider_unit_id"},
			{app.BaseLibraryEdit{ProviderUnitID: &unknown}, "provider_unit_id"},
			{app.BaseLibraryEdit{ContributorUnitIDs: &[]int64{health.ID, unknown}}, "contributor_unit_ids"},
			{app.BaseLibraryEdit{Description: ptr(strings.Repeat("描", 1001))}, "description"},
		} {
			h := e.head()
			c.edit.Version = l.Version
			_, err := e.svc.UpdateBaseLibrary(e.ctx, e.actor("office"), l.ID, c.edit)
			wantCode(t, err, domain.EInvalid, c.field)
			e.wantNoAudit(h)
		}
		h := e.head()
		_, err = e.svc.UpdateBaseLibrary(e.ctx, e.actor("office"), l.ID, app.BaseLibraryEdit{Version: l.Version - 1, Name: ptr("人口基础库")})
		wantCode(t, err, domain.EConflict, "")
		e.wantNoAudit(h)

		// The office hands the library to another provider; the old provider may stay a contributor,
		// the new one is never also a contributor.
		old := l.ProviderUnitID
		off := false
		got, err := e.svc.UpdateBaseLibrary(e.ctx, e.actor("office"), l.ID, app.BaseLibraryEdit{Version: l.Version, Name: ptr(" 人口基础库 "),
			ProviderUnitID: &health.ID, ContributorUnitIDs: &[]int64{old, health.ID, old}, Active: &off})
		if err != nil {
			t.Fatal(err)
		}
		rec := e.wantAudit(h, "baselibrary.update", "office")
		if got.Name != "人口基础库" || got.ProviderUnitID != health.ID || got.ProviderName != health.Name || got.Active ||
			len(got.ContributorUnitIDs) != 1 || got.ContributorUnitIDs[0] != old || got.Version != l.Version+1 {
			t.Fatalf("saved %+v", got)
		}
		if !strings.Contains(rec.Changes, "人口基础库") || !strings.Contains(rec.Changes, `"provider_unit_id"`) || strings.Contains(rec.Changes, health.Name) {
			t.Fatalf("audit changes %s", rec.Changes)
		}
		if stored := e.library(domain.LibPopulation); stored.Version != got.Version || stored.ContributorUnitIDs[0] != old {
			t.Fatalf("stored %+v", stored)
		}
		hist, err := e.svc.BaseLibraryHistory(e.ctx, e.actor("weijian"), l.ID)
		if err != nil || len(hist) == 0 || hist[0].Action != "baselibrary.update" {
			t.Fatalf("history %v %v", hist, err)
		}

		// The feedback routing: an inactive library takes no reports; active again, it goes to
		// the new provider.
		err = e.db.InTx(e.ctx, func(tx *store.Tx) error {
			_, err := e.svc.BaseLibraryProvider(e.ctx, tx, domain.LibPopulation)
			return err
		})
		wantCode(t, err, domain.EInvalid, "base_library")
		on := true
		if _, err := e.svc.UpdateBaseLibrary(e.ctx, e.actor("office"), l.ID, app.BaseLibraryEdit{Version: got.Version, Active: &on}); err != nil {
			t.Fatal(err)
		}
		err = e.db.InTx(e.ctx, func(tx *store.Tx) error {
			u, err := e.svc.BaseLibraryProvider(e.ctx, tx, domain.LibPopulation)
			if err == nil && u != health.ID {
				t.Errorf("provider %d, want %d", u, health.ID)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = e.db.InTx(e.ctx, func(tx *store.Tx) error {
			_, err := e.svc.BaseLibraryProvider(e.ctx, tx, "macro_economy")
			return err
		})
		wantCode(t, err, domain.ENotFound, "")
	})
}

func TestBaseLibraryDetailVisibility(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		l := e.library(domain.LibPopulation)
		// A draft of the health commission feeding the population library: its unit and the
		// office see it, another unit does not.
		draft := newEntry(e.unit(codeHealth).ID, "出生医学证明草稿信息")
		draft.BaseLibrary = domain.LibPopulation
		e.addEntry("weijian", draft)
		has := func(d *app.LibraryDetail, id int64) bool {
			for _, c := range d.EntryList {
				if c.ID == id {
					return true
				}
			}
			return false
		}
		details := map[string]*app.LibraryDetail{}
		for _, who := range []string{"office", "weijian", "yuanhe"} {
			d, err := e.svc.BaseLibraryDetail(e.ctx, e.actor(who), l.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			details[who] = d
			for _, c := range d.EntryList {
				if c.BaseLibrary != domain.LibPopulation {
					t.Fatalf("%s: entry %s feeds %s", who, c.Name, c.BaseLibrary)
				}
			}
			if len(d.EntryList) != d.Entries {
				t.Fatalf("%s: %d entries listed, %d counted", who, len(d.EntryList), d.Entries)
			}
		}
		if !has(details["office"], draft.ID) || !has(details["weijian"], draft.ID) || has(details["yuanhe"], draft.ID) {
			t.Fatal("the draft is seen by its unit and the office only")
		}
		if details["yuanhe"].Entries != details["office"].Entries-1 || details["yuanhe"].Entries == 0 {
			t.Fatalf("yuanhe sees %d entries, the office %d", details["yuanhe"].Entries, details["office"].Entries)
		}

		// Systems: the same district-wide counts for everyone; the office lists them all, a
		// unit only its own.
		off, wj := details["office"], details["weijian"]
		if !off.AllSystems || wj.AllSystems || off.Counts != wj.Counts || off.Counts.Total() == 0 {
			t.Fatalf("counts: office %+v, weijian %+v", off.Counts, wj.Counts)
		}
		listed := func(d *app.LibraryDetail) (n int) {
			for g, ss := range d.Systems {
				for _, s := range ss {
					if s.Group != g || s.Library != domain.LibPopulation {
						t.Fatalf("system %s in group %s: %+v", s.SystemName, g, s)
					}
				}
				n += len(ss)
			}
			return n
		}
		if listed(off) != off.Counts.Total() {
			t.Fatalf("office lists %d of %d systems", listed(off), off.Counts.Total())
		}
		health := e.unit(codeHealth).ID
		for _, ss := range wj.Systems {
			for _, s := range ss {
				if s.UnitID != health {
					t.Fatalf("weijian sees %s of unit %d", s.SystemName, s.UnitID)
				}
			}
		}
		for _, p := range wj.DockingPlans {
			if p.UnitID != health || p.Library != domain.LibPopulation || !p.Status.Open() {
				t.Fatalf("weijian sees plan %+v", p)
			}
		}
		for _, p := range off.DockingPlans {
			if p.Library != domain.LibPopulation || !p.Status.Open() {
				t.Fatalf("office sees plan %+v", p)
			}
		}
		if off.Counts.Planned > 0 && len(off.DockingPlans) == 0 {
			t.Fatal("planned systems without open plans")
		}

		// The overview agrees with the detail.
		sums, err := e.svc.LibraryOverview(e.ctx, e.actor("yuanhe"))
		if err != nil || len(sums) != 5 || sums[0].Library.Code != domain.LibPopulation || sums[0].Entries != details["yuanhe"].Entries ||
			sums[0].Systems != off.Counts {
			t.Fatalf("overview %+v %v", sums, err)
		}
	})
}
