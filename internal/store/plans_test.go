package store_test

// Migration and docking plans, and the systems' sharing fields, on every backend.

import (
	"context"
	"slices"
	"testing"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

func TestPlansStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		_, health, edu := district(t, db)

		// Sharing fields read back as written.
		a := sys("XC-A", "机房系统A", health.ID, domain.HostingRoom, domain.CategoryBusiness, domain.StatusRunning)
		a.ExchangeChannels = []domain.ExchangeChannel{domain.ExchangePlatform, domain.ExchangeOther}
		a.BaseData = []domain.BaseDataUse{{Library: domain.LibPopulation, State: domain.DockOwnCopy}, {Library: domain.LibGeo, State: domain.DockNone}}
		insertSystem(t, db, a)
		bsys := insertSystem(t, db, sys("XC-B", "机房系统B", edu.ID, domain.HostingOther, domain.CategoryBusiness, domain.StatusRunning))
		got, err := db.Read().System(ctx, a.ID)
		if err != nil || !slices.Equal(got.ExchangeChannels, a.ExchangeChannels) || !slices.Equal(got.BaseData, a.BaseData) {
			t.Fatalf("read back %v %v (%v)", got.ExchangeChannels, got.BaseData, err)
		}

		// One migration plan per system (whether it leaves a system without one is the ENV-P1
		// rule's finding, which the NoPlan filter reads: findings_filter_test.go).
		mp := &domain.MigrationPlan{SystemID: a.ID, Difficulty: domain.DifficultyHigh, DifficultyReasons: "专用硬件", TargetResources: "4 vCPU",
			Node: domain.NodeUpgrade, PlannedDate: date(2026, 1, 31), Status: domain.PlanPlanned}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertMigrationPlan(ctx, mp) })
		dup := *mp
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.InsertMigrationPlan(ctx, &dup) })
		if domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("second migration plan: %v", err)
		}
		mp.Status = domain.PlanCancelled
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateMigrationPlan(ctx, mp) })
		everyone := authz.Scope{All: true}
		stale := *mp
		stale.Version--
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateMigrationPlan(ctx, &stale) }); domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("stale update: %v", err)
		}

		// Docking plans: one open per system and library, enforced by the database.
		dp := func(sysID int64, lib domain.BaseLibrary, planned string, st domain.PlanStatus) *domain.DockingPlan {
			p := &domain.DockingPlan{SystemID: sysID, Library: lib, InterfaceVersion: "v1", Node: domain.NodeOM, PlannedDate: planDay(planned), Status: st}
			inTx(t, db, func(tx *store.Tx) error { return tx.InsertDockingPlan(ctx, p) })
			return p
		}
		p1 := dp(a.ID, domain.LibPopulation, "2026-06-30", domain.PlanPlanned)
		dp(a.ID, domain.LibGeo, "2026-06-30", domain.PlanInProgress)
		dp(a.ID, domain.LibPopulation, "2025-01-01", domain.PlanCancelled) // a closed one beside the open one is fine
		again := &domain.DockingPlan{SystemID: a.ID, Library: domain.LibPopulation, InterfaceVersion: "v2", Node: domain.NodeOM, PlannedDate: date(2027, 1, 1), Status: domain.PlanInProgress}
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.InsertDockingPlan(ctx, again) })
		if e := domain.AsError(err); e.Code != domain.EConflict || e.Message != "err.plan.docking_open" {
			t.Fatalf("second open docking plan: %v", err)
		}
		dp(bsys.ID, domain.LibCredit, "2026-06-30", domain.PlanPlanned)

		// The combined list: planned date, then kind, then id; keyset pages of one.
		var items []string
		f := store.PlanFilter{Limit: 1}
		for {
			got, err := db.Read().Plans(ctx, everyone, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 {
				break
			}
			it := got[0]
			items = append(items, string(it.Kind)+":"+it.SystemCode+":"+it.Detail+":"+string(it.Status))
			f.After = store.PlanCursor{Date: it.PlannedDate.Format("2006-01-02"), Kind: it.Kind, ID: it.ID}
		}
		want := []string{"docking:XC-A:population:cancelled", "migration:XC-A:high:cancelled", "docking:XC-A:population:planned",
			"docking:XC-A:geo:in_progress", "docking:XC-B:credit:planned"}
		if !slices.Equal(items, want) {
			t.Fatalf("plans\n%v\nwant\n%v", items, want)
		}
		scoped, err := db.Read().Plans(ctx, authz.Scope{UnitIDs: []int64{edu.ID}}, store.PlanFilter{})
		if err != nil || len(scoped) != 1 || scoped[0].SystemCode != "XC-B" {
			t.Fatalf("scoped plans %v %v", scoped, err)
		}
		// Overdue is what the rules found (SHR-R8.docking-overdue on the system, live): XC-A's two
		// open docking plans, not its cancelled one, nor XC-B's, whose finding is resolved.
		addFinding(t, db, domain.SubjectSystem, a.ID, health.ID, domain.RuleDockingLate, domain.FindingOpen)
		addFinding(t, db, domain.SubjectSystem, bsys.ID, edu.ID, domain.RuleDockingLate, domain.FindingResolved)
		overdue, err := db.Read().Plans(ctx, everyone, store.PlanFilter{Overdue: true, Today: "2026-07-01", Kind: domain.PlanKindDocking})
		if err != nil || len(overdue) != 2 || overdue[0].SystemCode != "XC-A" || overdue[1].SystemCode != "XC-A" || !overdue[0].Overdue {
			t.Fatalf("overdue docking plans %+v %v", overdue, err)
		}

		if none, _ := db.Read().Plans(ctx, authz.Scope{}, store.PlanFilter{}); len(none) != 0 {
			t.Fatalf("empty scope lists %d", len(none))
		}
		ds, err := db.Read().DockingPlansOf(ctx, a.ID)
		if err != nil || len(ds) != 3 || ds[0].ID != p1.ID || ds[0].UnitName != "区卫生健康委员会" {
			t.Fatalf("docking plans of A: %v", err)
		}
	})
}

func planDay(s string) time.Time {
	d, _ := time.Parse("2006-01-02", s)
	return d
}
