package app_test

// Migration plans (ENV-R2) and docking plans (SHR-R8) on systems: who may keep them, the
// transition table with its refusals, and the steps that change the system in the same
// transaction (migrated → 政务云; docked → the library's data comes from the library).

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// offCloudSystem registers a health-commission system in the commission's own machine room.
func (e *env) offCloudSystem(code string) *domain.System {
	e.t.Helper()
	s := registrySystem(e.unit(codeHealth).ID, code, "机房里的系统"+code)
	s.Hosting, s.HostingNote = domain.HostingRoom, "卫健委3楼机房"
	return e.addSystem("weijian", s)
}

func migrationEdit(version int64) app.MigrationPlanEdit {
	return app.MigrationPlanEdit{Version: version, Difficulty: domain.DifficultyHigh, DifficultyReasons: "数据库为 Oracle 9i，需改造",
		TargetResources: "政务云 8 vCPU / 32 GiB / 1 TiB", Node: domain.NodeUpgrade, PlannedDate: time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)}
}

func (e *env) migrationPlan(sysID int64) *domain.MigrationPlan {
	e.t.Helper()
	return must(e, "migration plan of", store.Reader.MigrationPlanOf, sysID)
}

func TestMigrationPlanRefusals(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := e.offCloudSystem("XC-PLAN-001")

		// A system on the cloud needs no migration plan: refused with a clear message.
		onCloud := e.addSystem("weijian", registrySystem(sys.UnitID, "XC-PLAN-002", "云上系统"))
		classified := e.addSystem("weijian", &domain.System{Code: "XC-PLAN-003", Name: "涉密系统", UnitID: sys.UnitID, Classification: domain.Classified})
		h := e.head()
		_, err := e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), onCloud.ID, migrationEdit(0))
		wantMessage(t, err, domain.EUnprocessable, "err.plan.not_offcloud")
		// Nor does a classified system.
		_, err = e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), classified.ID, migrationEdit(0))
		wantMessage(t, err, domain.EUnprocessable, "err.plan.not_offcloud")

		// 高 without reasons: a field error.
		bad := migrationEdit(0)
		bad.DifficultyReasons = "  "
		_, err = e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, bad)
		wantCode(t, err, domain.EInvalid, "difficulty_reasons")
		bad.Difficulty = domain.DifficultyMedium
		_, err = e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, bad)
		wantCode(t, err, domain.EInvalid, "difficulty_reasons")
		bad = migrationEdit(0)
		bad.Node = "rebuild"
		_, err = e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, bad)
		wantCode(t, err, domain.EInvalid, "node")
		bad = migrationEdit(0)
		bad.PlannedDate = time.Time{}
		_, err = e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, bad)
		wantCode(t, err, domain.EInvalid, "planned_date")

		// Another unit's people do not see the system: 404. The leader sees it, may not keep it.
		for _, who := range []string{"jiaoyu", "yuanhe", "sysadmin"} {
			_, err = e.svc.SaveMigrationPlan(e.ctx, e.actor(who), sys.ID, migrationEdit(0))
			wantCode(t, err, domain.ENotFound, "")
		}
		_, err = e.svc.SaveMigrationPlan(e.ctx, e.actor("leader"), sys.ID, migrationEdit(0))
		wantCode(t, err, domain.EForbidden, "")
		e.wantNoAudit(h)

		// The unit creates it; version 0 again (a second create) is a conflict.
		p, err := e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, migrationEdit(0))
		if err != nil {
			t.Fatal(err)
		}
		e.wantAudit(h, "migration_plan.create", "weijian")
		if p.Status != domain.PlanPlanned || p.Version != 1 || p.SystemCode != sys.Code {
			t.Fatalf("plan %+v", p)
		}
		h = e.head()
		_, err = e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, migrationEdit(0))
		wantCode(t, err, domain.EConflict, "")
		// A stale version: 409, nothing changed.
		_, err = e.svc.SaveMigrationPlan(e.ctx, e.actor("office"), sys.ID, migrationEdit(1))
		if err != nil {
			t.Fatal(err)
		}
		h = e.head()
		_, err = e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, migrationEdit(1))
		wantMessage(t, err, domain.EConflict, "err.conflict.version")
		_, err = e.svc.TransitionMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, app.PlanStep{Version: 1, Action: domain.PlanStart})
		wantMessage(t, err, domain.EConflict, "err.conflict.version")
		// Illegal transitions: 409 naming the state and the step.
		for _, act := range []domain.PlanAction{domain.PlanComplete, domain.PlanBack, domain.PlanReopen} {
			_, err = e.svc.TransitionMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, app.PlanStep{Version: 2, Action: act})
			wantMessage(t, err, domain.EConflict, "err.plan.transition")
		}
		_, err = e.svc.TransitionMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, app.PlanStep{Version: 2, Action: "jump"})
		wantCode(t, err, domain.EInvalid, "action")
		// Cancelling needs a reason; other units cannot step it.
		_, err = e.svc.TransitionMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, app.PlanStep{Version: 2, Action: domain.PlanCancel})
		wantCode(t, err, domain.EInvalid, "note")
		_, err = e.svc.TransitionMigrationPlan(e.ctx, e.actor("jiaoyu"), sys.ID, app.PlanStep{Version: 2, Action: domain.PlanStart})
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.TransitionMigrationPlan(e.ctx, e.actor("leader"), sys.ID, app.PlanStep{Version: 2, Action: domain.PlanStart})
		wantCode(t, err, domain.EForbidden, "")
		e.wantNoAudit(h)
		if got := e.migrationPlan(sys.ID); got.Version != 2 || got.Status != domain.PlanPlanned {
			t.Fatalf("refusals changed the plan: %+v", got)
		}
		// Reading: the owning unit, its leader, the office; others 404.
		for who, code := range map[string]domain.Code{"weijian": "", "leader": "", "office": "", "jiaoyu": domain.ENotFound} {
			_, err := e.svc.MigrationPlanOf(e.ctx, e.actor(who), sys.ID)
			if domain.ErrorCode(err) != code {
				t.Errorf("%s reads the plan: %v, want %q", who, err, code)
			}
		}
	})
}

func TestMigrationPlanMigratedMovesSystemToCloud(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := e.offCloudSystem("XC-PLAN-010")
		// It runs in the unit's machine room, which the registry knows.
		room := &domain.MachineRoom{UnitID: sys.UnitID, Name: "卫健委3楼机房", Kind: domain.RoomOther}
		if err := e.svc.CreateMachineRoom(e.ctx, e.actor("weijian"), room); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.UpdateSystem(e.ctx, e.actor("weijian"), sys.ID, app.SystemEdit{Version: e.stored(sys.ID).Version, RoomID: &room.ID}); err != nil {
			t.Fatal(err)
		}
		offcloudNoPlan := func() int {
			n, err := e.svc.CountSystems(e.ctx, e.actor("weijian"), store.SystemFilter{OffCloud: true, NoPlan: true})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := offcloudNoPlan()
		if _, err := e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, migrationEdit(0)); err != nil {
			t.Fatal(err)
		}
		if got := offcloudNoPlan(); got != before-1 {
			t.Fatalf("off the cloud without a plan: %d, want %d", got, before-1)
		}
		step := func(who string, act domain.PlanAction, note string) (*domain.MigrationPlan, error) {
			return e.svc.TransitionMigrationPlan(e.ctx, e.actor(who), sys.ID, app.PlanStep{Version: e.migrationPlan(sys.ID).Version, Action: act, Note: note, Evidence: "验收单 YS-2026-01"})
		}
		for _, s := range []struct {
			who  string
			act  domain.PlanAction
			want domain.PlanStatus
		}{
			{"weijian", domain.PlanStart, domain.PlanInProgress},
			{"office", domain.PlanBack, domain.PlanPlanned},
			{"weijian_head", domain.PlanStart, domain.PlanInProgress},
		} {
			h := e.head()
			p, err := step(s.who, s.act, "")
			if err != nil || p.Status != s.want {
				t.Fatalf("%s %s: %v, %+v", s.who, s.act, err, p)
			}
			e.wantAudit(h, "migration_plan."+string(s.act), s.who)
		}
		if e.stored(sys.ID).Hosting != domain.HostingRoom {
			t.Fatal("the system moved before the migration was done")
		}
		sysVersion := e.stored(sys.ID).Version

		h := e.head()
		p, err := step("weijian", domain.PlanComplete, "")
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != domain.PlanMigrated || p.DoneDate.IsZero() || p.Evidence != "验收单 YS-2026-01" {
			t.Fatalf("migrated plan %+v", p)
		}
		got := e.stored(sys.ID)
		if got.Hosting != domain.HostingCloud || got.HostingNote != "" || got.RoomID != 0 || got.Version != sysVersion+1 || e.offCloud(got.ID) {
			t.Fatalf("system after migration: %+v", got)
		}
		// Audited on both records, by the same call.
		rs := e.since(h)
		if len(rs) != 2 || rs[0].Action != "migration_plan.complete" || rs[0].EntityType != "migration_plan" ||
			rs[1].Action != "system.plan_migrated" || rs[1].EntityType != "system" || rs[1].EntityID != strconv.FormatInt(sys.ID, 10) {
			t.Fatalf("audit records %+v", rs)
		}
		if ch := impChanges(t, rs[1]); ch["hosting"].Old != "unit_room" || ch["hosting"].New != "gov_cloud" || ch["hosting_note"].Old != "卫健委3楼机房" {
			t.Fatalf("system audit changes %+v", ch)
		}
		// Done is final: no edit, no step back, and a new plan is not needed (on the cloud now).
		_, err = e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, migrationEdit(p.Version))
		wantMessage(t, err, domain.EConflict, "err.plan.closed")
		_, err = step("office", domain.PlanBack, "")
		wantMessage(t, err, domain.EConflict, "err.plan.transition")
		// The plan shows in the system's plan history.
		hist, err := e.svc.PlanHistory(e.ctx, e.actor("leader"), sys.ID)
		if err != nil || len(hist) != 5 {
			t.Fatalf("plan history: %d records, %v", len(hist), err)
		}
	})
}

// dockingEdit is a plan to dock onto lib following the demo's exchange-platform access
// procedure (ORG-5: a published standard version made for no particular library).
func (e *env) dockingEdit(lib domain.BaseLibrary) app.DockingPlanEdit {
	e.t.Helper()
	return app.DockingPlanEdit{Library: &lib, StandardID: ptr(e.standardInForce(demo.StdExchange).ID), Node: ptr(domain.NodeOM),
		PlannedDate: ptr(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC))}
}

func TestDockingPlans(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		s := registrySystem(e.unit(codeHealth).ID, "XC-DOCK-001", "妇幼保健系统")
		s.BaseData = []domain.BaseDataUse{{Library: domain.LibLegalPerson, State: domain.DockDocked}, {Library: domain.LibPopulation, State: domain.DockOwnCopy}}
		s.ExchangeChannels = []domain.ExchangeChannel{domain.ExchangeDirect, domain.ExchangePlatform, domain.ExchangeDirect}
		sys := e.addSystem("weijian", s)
		got := e.stored(sys.ID)
		// Stored in one order (display order), duplicates dropped.
		if !slices.Equal(got.ExchangeChannels, []domain.ExchangeChannel{domain.ExchangePlatform, domain.ExchangeDirect}) ||
			!slices.Equal(got.BaseData, []domain.BaseDataUse{{Library: domain.LibPopulation, State: domain.DockOwnCopy}, {Library: domain.LibLegalPerson, State: domain.DockDocked}}) {
			t.Fatalf("stored sharing fields %+v %+v", got.ExchangeChannels, got.BaseData)
		}

		h := e.head()
		// Refusals: missing interface version, unknown library, a library already docked, another unit.
		bad := e.dockingEdit(domain.LibPopulation)
		bad.StandardID = nil // ORG-5: the standard version is required
		_, err := e.svc.CreateDockingPlan(e.ctx, e.actor("weijian"), sys.ID, bad)
		wantCode(t, err, domain.EInvalid, "standard_id")
		_, err = e.svc.CreateDockingPlan(e.ctx, e.actor("weijian"), sys.ID, e.dockingEdit("weather"))
		wantCode(t, err, domain.EInvalid, "library")
		_, err = e.svc.CreateDockingPlan(e.ctx, e.actor("weijian"), sys.ID, e.dockingEdit(domain.LibLegalPerson))
		wantMessage(t, err, domain.EUnprocessable, "err.plan.already_docked")
		_, err = e.svc.CreateDockingPlan(e.ctx, e.actor("jiaoyu"), sys.ID, e.dockingEdit(domain.LibPopulation))
		wantCode(t, err, domain.ENotFound, "")
		e.wantNoAudit(h)

		p, err := e.svc.CreateDockingPlan(e.ctx, e.actor("weijian"), sys.ID, e.dockingEdit(domain.LibPopulation))
		if err != nil {
			t.Fatal(err)
		}
		e.wantAudit(h, "docking_plan.create", "weijian")
		// A second open plan for the same library: refused (409); another library is fine.
		h = e.head()
		_, err = e.svc.CreateDockingPlan(e.ctx, e.actor("office"), sys.ID, e.dockingEdit(domain.LibPopulation))
		wantMessage(t, err, domain.EConflict, "err.plan.docking_open")
		e.wantNoAudit(h)
		geo, err := e.svc.CreateDockingPlan(e.ctx, e.actor("office"), sys.ID, e.dockingEdit(domain.LibGeo))
		if err != nil {
			t.Fatal(err)
		}

		// PATCH: stale version 409; another unit 404; a change is audited.
		_, err = e.svc.UpdateDockingPlan(e.ctx, e.actor("weijian"), p.ID, app.DockingPlanEdit{Version: 7, Note: ptr("x")})
		wantMessage(t, err, domain.EConflict, "err.conflict.version")
		_, err = e.svc.UpdateDockingPlan(e.ctx, e.actor("yuanhe"), p.ID, app.DockingPlanEdit{Version: 1, Note: ptr("x")})
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.DockingPlan(e.ctx, e.actor("yuanhe"), p.ID)
		wantCode(t, err, domain.ENotFound, "")
		h = e.head()
		p, err = e.svc.UpdateDockingPlan(e.ctx, e.actor("weijian"), p.ID, app.DockingPlanEdit{Version: 1, Note: ptr("随系统运维合同一并实施")})
		if err != nil || p.Note != "随系统运维合同一并实施" || p.Version != 2 || p.InterfaceVersion != "区数据交换共享平台接入规程 V1.0" {
			t.Fatalf("update: %v %+v", err, p)
		}
		e.wantAudit(h, "docking_plan.update", "weijian")
		// Changing the library onto one that has an open plan is the same refusal.
		_, err = e.svc.UpdateDockingPlan(e.ctx, e.actor("office"), geo.ID, app.DockingPlanEdit{Version: geo.Version, Library: ptr(domain.LibPopulation)})
		wantMessage(t, err, domain.EConflict, "err.plan.docking_open")

		// The lifecycle: illegal step 409; start; complete → docked, and the system now takes
		// its population data from the library, audited on the system too.
		_, err = e.svc.TransitionDockingPlan(e.ctx, e.actor("weijian"), p.ID, app.PlanStep{Version: p.Version, Action: domain.PlanComplete})
		wantMessage(t, err, domain.EConflict, "err.plan.transition")
		p, err = e.svc.TransitionDockingPlan(e.ctx, e.actor("weijian"), p.ID, app.PlanStep{Version: p.Version, Action: domain.PlanStart})
		if err != nil || p.Status != domain.PlanInProgress {
			t.Fatalf("start: %v %+v", err, p)
		}
		h = e.head()
		p, err = e.svc.TransitionDockingPlan(e.ctx, e.actor("office"), p.ID, app.PlanStep{Version: p.Version, Action: domain.PlanComplete})
		if err != nil || p.Status != domain.PlanDocked || p.DoneDate.IsZero() {
			t.Fatalf("complete: %v %+v", err, p)
		}
		rs := e.since(h)
		if len(rs) != 2 || rs[0].Action != "docking_plan.complete" || rs[1].Action != "system.plan_docked" {
			t.Fatalf("audit %+v", rs)
		}
		if got := e.stored(sys.ID); got.BaseDataState(domain.LibPopulation) != domain.DockDocked || got.BaseDataState(domain.LibLegalPerson) != domain.DockDocked {
			t.Fatalf("system base data after docking: %+v", got.BaseData)
		}
		// Now a new population plan is refused as already docked.
		_, err = e.svc.CreateDockingPlan(e.ctx, e.actor("weijian"), sys.ID, e.dockingEdit(domain.LibPopulation))
		wantMessage(t, err, domain.EUnprocessable, "err.plan.already_docked")

		// Cancel (with a reason) and reopen; reopening next to another open plan for the
		// library is refused by the same rule.
		geo = mustDocking(t, e, geo.ID)
		_, err = e.svc.TransitionDockingPlan(e.ctx, e.actor("weijian"), geo.ID, app.PlanStep{Version: geo.Version, Action: domain.PlanCancel})
		wantCode(t, err, domain.EInvalid, "note")
		geo, err = e.svc.TransitionDockingPlan(e.ctx, e.actor("weijian"), geo.ID, app.PlanStep{Version: geo.Version, Action: domain.PlanCancel, Note: "系统将整合"})
		if err != nil || geo.Status != domain.PlanCancelled {
			t.Fatalf("cancel: %v %+v", err, geo)
		}
		_, err = e.svc.UpdateDockingPlan(e.ctx, e.actor("weijian"), geo.ID, app.DockingPlanEdit{Version: geo.Version, Note: ptr("x")})
		wantMessage(t, err, domain.EConflict, "err.plan.closed")
		geo2, err := e.svc.CreateDockingPlan(e.ctx, e.actor("weijian"), sys.ID, e.dockingEdit(domain.LibGeo))
		if err != nil {
			t.Fatalf("a new plan next to a cancelled one: %v", err)
		}
		_, err = e.svc.TransitionDockingPlan(e.ctx, e.actor("weijian"), geo.ID, app.PlanStep{Version: geo.Version, Action: domain.PlanReopen})
		wantMessage(t, err, domain.EConflict, "err.plan.docking_open")
		ds, err := e.svc.DockingPlansOf(e.ctx, e.actor("leader"), sys.ID)
		if err != nil || len(ds) != 3 || ds[2].ID != geo2.ID {
			t.Fatalf("docking plans: %v %d", err, len(ds))
		}

		// A classified system takes no docking plan.
		classified := e.addSystem("weijian", &domain.System{Code: "XC-DOCK-002", Name: "涉密系统", UnitID: sys.UnitID, Classification: domain.Classified})
		_, err = e.svc.CreateDockingPlan(e.ctx, e.actor("weijian"), classified.ID, e.dockingEdit(domain.LibPopulation))
		wantMessage(t, err, domain.EUnprocessable, "err.plan.classified")
	})
}

func mustDocking(t *testing.T, e *env, id int64) *domain.DockingPlan {
	t.Helper()
	p, err := e.db.Read().DockingPlan(e.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A system taken offline cancels its open plans in the same transaction; before that, a
// system out of service (cleanup accepted) can only have its plans cancelled.
func TestOfflineCancelsPlans(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := e.offCloudSystem("XC-PLAN-020")
		if _, err := e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, migrationEdit(0)); err != nil {
			t.Fatal(err)
		}
		d, err := e.svc.CreateDockingPlan(e.ctx, e.actor("weijian"), sys.ID, e.dockingEdit(domain.LibCredit))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []struct {
			who string
			act domain.SystemAction
		}{{"weijian", domain.SysMarkIdle}, {"weijian_head", domain.SysFileCleanup}, {"office", domain.SysAcceptCleanup}} {
			if _, err := e.transition(s.who, sys.ID, s.act, 0); err != nil {
				t.Fatalf("%s: %v", s.act, err)
			}
		}
		_, err = e.svc.TransitionMigrationPlan(e.ctx, e.actor("weijian"), sys.ID, app.PlanStep{Version: 1, Action: domain.PlanStart})
		wantMessage(t, err, domain.EUnprocessable, "err.plan.system_out_of_service")
		if steps := e.svc.MigrationPlanSteps(e.actor("weijian"), e.stored(sys.ID), e.migrationPlan(sys.ID)); !slices.Equal(steps, []domain.PlanAction{domain.PlanCancel}) {
			t.Fatalf("steps of a plan of a system out of service: %v", steps)
		}
		h := e.head()
		if _, err := e.transition("weijian", sys.ID, domain.SysTakeOffline, 0); err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, r := range e.since(h) {
			actions = append(actions, r.Action)
		}
		if !slices.Equal(actions, []string{"migration_plan.cancel", "docking_plan.cancel", "system.take_offline"}) {
			t.Fatalf("audit on taking offline: %v", actions)
		}
		if p := e.migrationPlan(sys.ID); p.Status != domain.PlanCancelled {
			t.Fatalf("migration plan %s", p.Status)
		}
		if p := mustDocking(t, e, d.ID); p.Status != domain.PlanCancelled {
			t.Fatalf("docking plan %s", p.Status)
		}
	})
}

func TestPlansList(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		a := e.offCloudSystem("XC-PLAN-030")
		b := e.offCloudSystem("XC-PLAN-031")
		late := migrationEdit(0)
		late.PlannedDate = time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC) // before t0 (2026-03-02): overdue
		if _, err := e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), a.ID, late); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), b.ID, migrationEdit(0)); err != nil {
			t.Fatal(err)
		}
		d, err := e.svc.CreateDockingPlan(e.ctx, e.actor("weijian"), b.ID, e.dockingEdit(domain.LibLicense))
		if err != nil {
			t.Fatal(err)
		}
		all := func(who string, f store.PlanFilter) []*domain.PlanItem {
			var out []*domain.PlanItem
			for {
				p, err := e.svc.Plans(e.ctx, e.actor(who), f)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, p.Items...)
				if p.Next.Kind == "" {
					return out
				}
				f.After = p.Next
			}
		}
		mine := func(items []*domain.PlanItem) []string {
			var out []string
			for _, it := range items {
				// The codes are allocated (weijian chooses none); the names carry the test's labels.
				if label, ok := strings.CutPrefix(it.SystemName, "机房里的系统"); ok && strings.HasPrefix(label, "XC-PLAN-03") {
					out = append(out, string(it.Kind)+":"+label)
				}
			}
			return out
		}
		// One per page, most urgent first: the overdue plan, the docking plan (June), then September.
		got := mine(all("weijian", store.PlanFilter{Limit: 1, Query: "XC-PLAN-03"}))
		want := []string{"migration:XC-PLAN-030", "docking:XC-PLAN-031", "migration:XC-PLAN-031"}
		if !slices.Equal(got, want) {
			t.Fatalf("plans = %v, want %v", got, want)
		}
		if got := mine(all("office", store.PlanFilter{Overdue: true})); !slices.Equal(got, want[:1]) {
			t.Fatalf("overdue = %v", got)
		}
		if got := mine(all("leader", store.PlanFilter{Kind: domain.PlanKindDocking})); !slices.Equal(got, want[1:2]) {
			t.Fatalf("docking = %v", got)
		}
		if got := mine(all("office", store.PlanFilter{Node: domain.NodeOM, Status: domain.PlanPlanned})); !slices.Equal(got, want[1:2]) {
			t.Fatalf("node O&M = %v", got)
		}
		items := all("weijian", store.PlanFilter{Query: "XC-PLAN-030"})
		if len(items) != 1 || !items[0].Overdue || items[0].Detail != "high" {
			t.Fatalf("overdue flag: %+v", items)
		}
		// Another unit sees none of them.
		if got := mine(all("jiaoyu", store.PlanFilter{})); len(got) != 0 {
			t.Fatalf("jiaoyu sees %v", got)
		}
		_ = d

		// The export is the filtered list, audited.
		var buf bytes.Buffer
		h := e.head()
		n, err := e.svc.ExportPlans(e.ctx, e.actor("weijian"), store.PlanFilter{Query: "XC-PLAN-03"}, &buf)
		if err != nil || n != 3 || buf.Len() == 0 {
			t.Fatalf("export: %d %v", n, err)
		}
		e.wantAudit(h, "plan.export", "weijian")
	})
}

// Completing a migration is one transaction: when the system cannot be saved, the plan is
// not marked migrated either and nothing is audited.
func TestMigrationCompleteIsAtomic(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		// A system stored without its category (as an old database might hold it): saving it
		// again fails validation. (Without its network it would be outside ENV-P1's scope and
		// take no plan.)
		broken := registrySystem(e.unit(codeHealth).ID, "XC-PLAN-040", "历史遗留系统")
		broken.Hosting, broken.HostingNote, broken.Category, broken.Status = domain.HostingRoom, "旧机房", "", domain.StatusRunning
		if err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
			if err := tx.InsertSystem(e.ctx, broken); err != nil {
				return err
			}
			// ... with the ENV-P1 finding its rules gave it then (a migration plan needs one).
			now := e.clock.Now()
			return tx.InsertFinding(e.ctx, &domain.Finding{SubjectKind: domain.SubjectSystem, SubjectID: broken.ID, UnitID: broken.UnitID,
				RuleID: domain.RuleOffCloud, RuleVersion: 1, Clauses: []string{"ENV-P1"}, Severity: "info", MessageZH: "部署在政务云之外",
				MessageEN: "off the cloud", Status: domain.FindingOpen, FirstSeen: now, LastSeen: now})
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), broken.ID, migrationEdit(0)); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.TransitionMigrationPlan(e.ctx, e.actor("weijian"), broken.ID, app.PlanStep{Version: 1, Action: domain.PlanStart}); err != nil {
			t.Fatal(err)
		}
		h := e.head()
		_, err := e.svc.TransitionMigrationPlan(e.ctx, e.actor("weijian"), broken.ID, app.PlanStep{Version: 2, Action: domain.PlanComplete})
		wantCode(t, err, domain.EInvalid, "category")
		e.wantNoAudit(h)
		if p := e.migrationPlan(broken.ID); p.Status != domain.PlanInProgress || p.Version != 2 || !p.DoneDate.IsZero() {
			t.Fatalf("plan after the failed completion: %+v", p)
		}
		if s := e.stored(broken.ID); s.Hosting != domain.HostingRoom || s.Version != 1 {
			t.Fatalf("system after the failed completion: %+v", s)
		}
	})
}

// ENV-P1's scope through the use cases: an exemption (上级统建, 上级要求保留) is refused without
// its document, on the cloud and for on-site production, naming the field and changing
// nothing; once recorded, the system is no longer off the cloud: it leaves the list filter and
// the home to-do's count, and takes no new migration plan. A 部门专网 system is outside the
// scope whatever its hosting; clearing the exemption brings the finding back.
func TestCloudExemptionScope(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := e.offCloudSystem("XC-EXEMPT-1")
		weijian := e.actor("weijian")
		count := func() int {
			n, err := e.svc.CountSystems(e.ctx, weijian, store.SystemFilter{OffCloud: true, NoPlan: true})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		listed := func(id int64) bool {
			p, err := e.svc.Systems(e.ctx, weijian, store.SystemFilter{OffCloud: true})
			if err != nil {
				t.Fatal(err)
			}
			return slices.ContainsFunc(p.Items, func(s *domain.System) bool { return s.ID == id })
		}
		if !e.offCloud(sys.ID) || !listed(sys.ID) {
			t.Fatal("an extranet system in a unit machine room is not off the cloud")
		}
		before := count()
		ptr := func(x domain.CloudExemption) *domain.CloudExemption { return &x }

		// Refusals, each naming its field; nothing changes, nothing is audited.
		h := e.head()
		for _, c := range []struct {
			name  string
			edit  app.SystemEdit
			field string
		}{
			{"no basis", app.SystemEdit{CloudExemption: ptr(domain.ExemptHigherBuilt)}, "cloud_exemption_basis"},
			{"blank basis", app.SystemEdit{CloudExemption: ptr(domain.ExemptHigherRetained), CloudExemptionBasis: new("　 ")}, "cloud_exemption_basis"},
			{"basis too long", app.SystemEdit{CloudExemption: ptr(domain.ExemptHigherBuilt), CloudExemptionBasis: new(strings.Repeat("文", 201))}, "cloud_exemption_basis"},
			{"unknown kind", app.SystemEdit{CloudExemption: ptr("onsite_production"), CloudExemptionBasis: new("现场设备")}, "cloud_exemption"},
			{"basis without an exemption", app.SystemEdit{CloudExemptionBasis: new("某文件")}, "cloud_exemption_basis"},
			{"on the cloud", app.SystemEdit{Hosting: new(domain.HostingCloud), HostingNote: new(""), CloudExemption: ptr(domain.ExemptHigherBuilt), CloudExemptionBasis: new("某文件")}, "cloud_exemption"},
			{"on-site production", app.SystemEdit{Hosting: new(domain.HostingOnsite), CloudExemption: ptr(domain.ExemptHigherBuilt), CloudExemptionBasis: new("某文件")}, "cloud_exemption"},
		} {
			c.edit.Version = sys.Version
			_, err := e.svc.UpdateSystem(e.ctx, weijian, sys.ID, c.edit)
			if domain.ErrorCode(err) != domain.EInvalid || !slices.Contains(fieldsOf(err), c.field) {
				t.Errorf("%s: %v, want invalid on %s", c.name, err, c.field)
			}
		}
		e.wantNoAudit(h)
		if s := e.stored(sys.ID); s.Version != sys.Version || s.CloudExemption != "" || s.CloudExemptionBasis != "" {
			t.Fatalf("refusals changed the system: %+v", s)
		}

		// Exempted: not off the cloud, not in the filter nor the to-do, no new plan.
		basis := "苏州市卫生健康委员会《关于区域卫生信息平台全市统一建设的通知》（苏卫信〔2016〕12号）"
		got, err := e.svc.UpdateSystem(e.ctx, weijian, sys.ID, app.SystemEdit{Version: sys.Version,
			CloudExemption: ptr(domain.ExemptHigherBuilt), CloudExemptionBasis: new("  " + basis + " ")})
		if err != nil {
			t.Fatal(err)
		}
		rec := e.wantAudit(h, "system.update", "weijian")
		if ch := impChanges(t, rec); ch["cloud_exemption"].New != "higher_level_built" || ch["cloud_exemption_basis"].New != basis {
			t.Fatalf("audit changes %s", rec.Changes)
		}
		if got.CloudExemptionBasis != basis || e.offCloud(got.ID) || listed(sys.ID) || count() != before-1 {
			t.Fatalf("exempted system %+v: listed %v, to-do %d (was %d)", got, listed(sys.ID), count(), before)
		}
		h = e.head()
		_, err = e.svc.SaveMigrationPlan(e.ctx, weijian, sys.ID, migrationEdit(0))
		wantMessage(t, err, domain.EUnprocessable, "err.plan.not_offcloud")
		e.wantNoAudit(h)

		// Cleared again: the finding is back.
		got, err = e.svc.UpdateSystem(e.ctx, weijian, sys.ID, app.SystemEdit{Version: got.Version, CloudExemption: ptr(""), CloudExemptionBasis: new("")})
		if err != nil || !e.offCloud(got.ID) || !listed(sys.ID) || count() != before {
			t.Fatalf("cleared: %v, off cloud %v, to-do %d (want %d)", err, e.offCloud(got.ID), count(), before)
		}

		// A 部门专网 system is outside the scope: not listed, no plan, whatever its hosting.
		private := registrySystem(sys.UnitID, "XC-EXEMPT-2", "卫生专网系统")
		private.Hosting, private.HostingNote, private.Network = domain.HostingRoom, "卫健委3楼机房", domain.NetworkPrivate
		private = e.addSystem("weijian", private)
		if e.offCloud(private.ID) || listed(private.ID) || count() != before {
			t.Fatalf("a private-network system counts as off the cloud (to-do %d, want %d)", count(), before)
		}
		_, err = e.svc.SaveMigrationPlan(e.ctx, weijian, private.ID, migrationEdit(0))
		wantMessage(t, err, domain.EUnprocessable, "err.plan.not_offcloud")
		// An internet-facing one in a provider's data centre is in it.
		web := registrySystem(sys.UnitID, "XC-EXEMPT-3", "互联网预约系统")
		web.Hosting, web.HostingNote, web.Network = domain.HostingOther, "电信IDC", domain.NetworkInternet
		web = e.addSystem("weijian", web)
		if !e.offCloud(web.ID) || !listed(web.ID) || count() != before+1 {
			t.Fatalf("an internet-facing system off the cloud is not counted (to-do %d, want %d)", count(), before+1)
		}
	})
}

// offCloud reports whether the rules find the system off the cloud where ENV-P1 wants it on:
// a live finding of ENV-P1.off-cloud, which every save of the system keeps current.
func (e *env) offCloud(id int64) bool {
	e.t.Helper()
	off, err := e.svc.DB().Read().HasLiveFinding(e.ctx, domain.SubjectSystem, id, domain.RuleOffCloud)
	if err != nil {
		e.t.Fatal(err)
	}
	return off
}
