package demo_test

import (
	"slices"
	"testing"

	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// The demo's migration plans (ENV-R2), docking plans (SHR-R8) and the systems' exchange
// channels and base data load through the use cases and make a believable picture: plans in
// every state, migrated systems on the cloud, findings left where there is no plan.
func TestLoadPlans(t *testing.T) {
	t.Parallel()
	svc := loadedDemo(t, sqlite, march)
	all, err := svc.Systems(ctx, cli, store.SystemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	sysByCode := indexBy(all.Items, systemCode)

	// Exchange channels and base data as seeded (docking completions aside).
	for code, sh := range demo.SystemSharing {
		s := sysByCode[code]
		if s == nil || s.Classification != domain.Unclassified {
			t.Fatalf("%s: sharing seeded on a missing or classified system", code)
		}
		if len(s.ExchangeChannels) != len(sh.Channels) || len(s.BaseData) != len(sh.BaseData) {
			t.Errorf("%s stored channels %v base data %v, seeded %v %v", code, s.ExchangeChannels, s.BaseData, sh.Channels, sh.BaseData)
		}
	}

	// Migration plans: every seed stored, in each state, migrated ones on the cloud.
	states := map[domain.PlanStatus]int{}
	for _, m := range demo.MigrationPlans {
		p, err := svc.MigrationPlanOf(ctx, cli, sysByCode[m.Code].ID)
		if err != nil {
			t.Fatalf("%s: %v", m.Code, err)
		}
		states[p.Status]++
		s := sysByCode[m.Code]
		if p.Status == domain.PlanMigrated && (s.Hosting != domain.HostingCloud || s.HostingNote != "" || p.Evidence == "") {
			t.Errorf("%s migrated but the system is %s %q (evidence %q)", m.Code, s.Hosting, s.HostingNote, p.Evidence)
		}
		if p.Status != domain.PlanMigrated && !wantOffCloud(s) {
			t.Errorf("%s: open plan for a system that is not off the cloud", m.Code)
		}
	}
	for _, st := range []domain.PlanStatus{domain.PlanPlanned, domain.PlanInProgress, domain.PlanMigrated} {
		if states[st] < 2 {
			t.Errorf("%d migration plans %s, want at least 2 (%v)", states[st], st, states)
		}
	}
	// Some off-cloud systems deliberately have no plan: the ENV-R2 finding shows.
	off, err := svc.CountSystems(ctx, cli, store.SystemFilter{OffCloud: true})
	if err != nil {
		t.Fatal(err)
	}
	noPlan, err := svc.CountSystems(ctx, cli, store.SystemFilter{OffCloud: true, NoPlan: true})
	if err != nil {
		t.Fatal(err)
	}
	if noPlan < 5 || off-noPlan < 5 {
		t.Errorf("off the cloud %d, without a plan %d: want at least 5 with a plan and 5 without", off, noPlan)
	}

	// Docking plans in every state; a docked one changed its system's base data.
	dstates := map[domain.PlanStatus]int{}
	for code := range sysByCode {
		ds, err := svc.DockingPlansOf(ctx, cli, sysByCode[code].ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			dstates[d.Status]++
			s, _ := svc.System(ctx, cli, d.SystemID)
			st := s.BaseDataState(d.Library)
			switch {
			case d.Status == domain.PlanDocked && st != domain.DockDocked:
				t.Errorf("%s docked to %s but the system says %q", code, d.Library, st)
			case d.Status != domain.PlanDocked && (st == domain.DockDocked || st == ""):
				t.Errorf("%s: a docking plan for %s, which the system does not use undocked (%q)", code, d.Library, st)
			}
		}
	}
	everyOne(t, domain.DockingStatuses, dstates, "no docking plan %s")
	if n := len(demo.DockingPlans); dstates[domain.PlanPlanned]+dstates[domain.PlanInProgress]+dstates[domain.PlanDocked]+dstates[domain.PlanCancelled] != n {
		t.Errorf("docking plans stored %v, seeded %d", dstates, n)
	}

	// The combined list: overdue plans exist on the demo's clock (2026-03-02).
	p, err := svc.Plans(ctx, cli, store.PlanFilter{Overdue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) == 0 || !slices.ContainsFunc(p.Items, func(it *domain.PlanItem) bool { return it.SystemCode == "XC-SYS-0119" }) {
		t.Errorf("overdue plans: %d, want XC-SYS-0119 among them", len(p.Items))
	}
	// The audit chain holds over everything the plans did.
	if _, err := svc.VerifyAudit(ctx); err != nil {
		t.Fatalf("audit chain: %v", err)
	}
}
