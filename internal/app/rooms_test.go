package app_test

// The machine-room registry use cases (ENV-P2, ENV-P3, ENV-R3) on the demo district: who may
// register, see and edit a room, its closing lifecycle and plan, the deadline from the
// governance settings, and the link from the system registry.

import (
	"slices"
	"strings"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// newRoom is a room of kind 其他 of a unit, as a form would send it.
func newRoom(unitID int64, name string) *domain.MachineRoom {
	return &domain.MachineRoom{UnitID: unitID, Name: name, Address: "办公楼3楼", AreaM2: "40", Racks: 4, Kind: domain.RoomOther}
}

func (e *env) addRoom(who string, m *domain.MachineRoom) *domain.MachineRoom {
	e.t.Helper()
	return added(e, who, "room "+m.Name, e.svc.CreateMachineRoom, m)
}

func (e *env) room(id int64) *domain.MachineRoom {
	e.t.Helper()
	return must(e, "room", store.Reader.MachineRoom, id)
}

func (e *env) roomStep(who string, id int64, st app.RoomStep) (*domain.MachineRoom, error) {
	e.t.Helper()
	st.Version = e.room(id).Version
	return e.svc.TransitionRoom(e.ctx, e.actor(who), id, st)
}

func TestCreateMachineRoom(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu := e.unit(codeHealth), e.unit(codeEdu)
		h := e.head()
		m := newRoom(health.ID, " 区卫健委三楼机房 ")
		m.Status, m.ClosedDate = domain.RoomClosed, day(2020, 1, 1) // ignored: a new room is in use
		e.addRoom("weijian", m)
		rec := e.wantAudit(h, "room.create", "weijian")
		if rec.EntityType != "room" || !strings.Contains(rec.Changes, "区卫健委三楼机房") {
			t.Fatalf("audit %+v", rec)
		}
		got := e.room(m.ID)
		if got.Name != "区卫健委三楼机房" || got.Status != domain.RoomInUse || !got.ClosedDate.IsZero() || got.Version != 1 {
			t.Fatalf("stored %+v", got)
		}
		// Kind 其他 in 2026 is past the default deadline (2018-08-22 + 24 months).
		if !m.Overdue || !m.Deadline.Equal(day(2020, 8, 22)) {
			t.Fatalf("new room: deadline %v overdue %v", m.Deadline, m.Overdue)
		}

		h = e.head()
		for _, c := range []struct {
			name   string
			who    string
			room   *domain.MachineRoom
			code   domain.Code
			field  string
			errKey string
		}{
			{"bad kind", "weijian", &domain.MachineRoom{UnitID: health.ID, Name: "甲", Kind: "机房"}, domain.EInvalid, "kind", "err.enum"},
			{"access without basis (ENV-P2)", "weijian", &domain.MachineRoom{UnitID: health.ID, Name: "乙", Kind: domain.RoomAccess}, domain.EInvalid, "exemption_basis", "err.room.exemption_basis"},
			{"mandated without basis", "office", &domain.MachineRoom{UnitID: health.ID, Name: "丙", Kind: domain.RoomMandated}, domain.EInvalid, "exemption_basis", "err.room.exemption_basis"},
			{"on-site without justification (ENV-P3)", "weijian", &domain.MachineRoom{UnitID: health.ID, Name: "丁", Kind: domain.RoomOther, Onsite: true}, domain.EInvalid, "exemption_basis", "err.room.onsite_justification"},
			{"name taken in the unit", "weijian", newRoom(health.ID, "区卫健委三楼机房"), domain.EInvalid, "name", "err.room.name_taken"},
			{"another unit's", "weijian", newRoom(edu.ID, "戊"), domain.EForbidden, "", ""},
			{"a leader keeps no registry", "leader", newRoom(health.ID, "己"), domain.EForbidden, "", ""},
			{"an administrator keeps no registry", "sysadmin", newRoom(health.ID, "庚"), domain.EForbidden, "", ""},
		} {
			err := e.svc.CreateMachineRoom(e.ctx, e.actor(c.who), c.room)
			wantCode(t, err, c.code, c.field)
			if c.errKey != "" {
				wantMessage(t, err, c.code, c.errKey)
			}
		}
		e.wantNoAudit(h)
		// The same name in another unit is another room.
		e.addRoom("jiaoyu", newRoom(edu.ID, "区卫健委三楼机房"))
	})
}

func TestMachineRoomScopeAndEdit(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu := e.unit(codeHealth), e.unit(codeEdu)
		m := e.addRoom("weijian", newRoom(health.ID, "卫健委测试机房"))

		// Lists are scoped: the unit sees its own, the office all, administrators none.
		names := func(who string, l app.RoomList) []string {
			p, err := e.svc.MachineRooms(e.ctx, e.actor(who), l)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, r := range p.Items {
				out = append(out, r.UnitName)
			}
			slices.Sort(out)
			return slices.Compact(out)
		}
		if got := names("jiaoyu", app.RoomList{}); !slices.Equal(got, []string{edu.Name}) {
			t.Errorf("jiaoyu sees rooms of %v", got)
		}
		if got := names("weijian", app.RoomList{}); !slices.Equal(got, []string{health.Name}) {
			t.Errorf("weijian sees rooms of %v", got)
		}
		if got := names("sysadmin", app.RoomList{}); len(got) != 0 {
			t.Errorf("sysadmin sees rooms of %v", got)
		}
		if got := names("office", app.RoomList{}); len(got) < 10 {
			t.Errorf("office sees rooms of %d units", len(got))
		}
		if got := names("office", app.RoomList{RoomFilter: store.RoomFilter{Query: "测试"}}); !slices.Equal(got, []string{health.Name}) {
			t.Errorf("search: %v", got)
		}

		// Another unit's room is not found, to read and to edit alike.
		_, err := e.svc.MachineRoom(e.ctx, e.actor("jiaoyu"), m.ID)
		wantCode(t, err, domain.ENotFound, "")
		h := e.head()
		_, err = e.svc.UpdateMachineRoom(e.ctx, e.actor("jiaoyu"), m.ID, app.RoomEdit{Version: 1, Racks: ptr(99)})
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.TransitionRoom(e.ctx, e.actor("jiaoyu"), m.ID, app.RoomStep{Version: 1, Action: domain.RoomStartClosing, Note: "x"})
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.EditRoomMilestone(e.ctx, e.actor("jiaoyu"), m.ID, 0, app.MilestoneEdit{Version: 1, Title: "x", Due: day(2027, 1, 1)}, false)
		wantCode(t, err, domain.ENotFound, "")
		// A leader sees the rooms of the units led (the police's) but edits none.
		police, err := e.svc.MachineRooms(e.ctx, e.actor("office"), app.RoomList{RoomFilter: store.RoomFilter{UnitID: e.unit(codePolice).ID}})
		if err != nil || len(police.Items) == 0 {
			t.Fatalf("police rooms %v", err)
		}
		pr := police.Items[0]
		if _, err := e.svc.MachineRoom(e.ctx, e.actor("leader"), pr.ID); err != nil {
			t.Fatalf("leader reads a room of a unit led: %v", err)
		}
		_, err = e.svc.UpdateMachineRoom(e.ctx, e.actor("leader"), pr.ID, app.RoomEdit{Version: pr.Version, Racks: ptr(99)})
		wantCode(t, err, domain.EForbidden, "")
		e.wantNoAudit(h)

		// The unit edits; a stale version is a conflict and changes nothing.
		got, err := e.svc.UpdateMachineRoom(e.ctx, e.actor("weijian_head"), m.ID, app.RoomEdit{Version: 1, Racks: ptr(6), Kind: ptr(domain.RoomAccess), ExemptionBasis: ptr("苏数据〔2019〕6号")})
		if err != nil || got.Racks != 6 || got.Version != 2 || got.Overdue || !got.Deadline.IsZero() {
			t.Fatalf("update: %+v %v", got, err)
		}
		rec := e.wantAudit(h, "room.update", "weijian_head")
		if !strings.Contains(rec.Changes, "racks") || !strings.Contains(rec.Changes, "exemption_basis") {
			t.Errorf("audit changes %s", rec.Changes)
		}
		h = e.head()
		_, err = e.svc.UpdateMachineRoom(e.ctx, e.actor("weijian"), m.ID, app.RoomEdit{Version: 1, Racks: ptr(7)})
		wantCode(t, err, domain.EConflict, "")
		_, err = e.svc.UpdateMachineRoom(e.ctx, e.actor("weijian"), m.ID, app.RoomEdit{Version: 2, ExemptionBasis: ptr(" ")})
		wantCode(t, err, domain.EInvalid, "exemption_basis")
		_, err = e.svc.UpdateMachineRoom(e.ctx, e.actor("weijian"), m.ID, app.RoomEdit{Version: 2, UnitID: &edu.ID})
		wantCode(t, err, domain.EInvalid, "unit_id")
		e.wantNoAudit(h)
		if e.room(m.ID).Racks != 6 {
			t.Fatal("a refused edit changed the room")
		}
	})
}

func TestMachineRoomClosing(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		m := e.addRoom("weijian", newRoom(health.ID, "卫健委待关停机房"))
		h := e.head()

		// Illegal transitions are conflicts; a plan is needed to start closing.
		_, err := e.roomStep("weijian", m.ID, app.RoomStep{Action: domain.RoomClose, ClosedDate: day(2026, 1, 1)})
		wantCode(t, err, domain.EConflict, "")
		_, err = e.roomStep("weijian", m.ID, app.RoomStep{Action: domain.RoomStartClosing})
		wantMessage(t, err, domain.EInvalid, "err.room.plan_needed")
		e.wantNoAudit(h)

		// The plan: milestones, by the unit, audited on the room, each raising its version.
		plan, err := e.svc.EditRoomMilestone(e.ctx, e.actor("weijian"), m.ID, 0, app.MilestoneEdit{Version: 1, Title: "系统迁移上云", Due: day(2026, 6, 30)}, false)
		if err != nil || len(plan.Milestones) != 1 || plan.Version != 2 {
			t.Fatalf("add milestone: %+v %v", plan, err)
		}
		e.wantAudit(h, "room.milestone_add", "weijian")
		_, err = e.svc.EditRoomMilestone(e.ctx, e.actor("weijian"), m.ID, 0, app.MilestoneEdit{Version: 1, Title: "设备下电", Due: day(2026, 9, 30)}, false)
		wantCode(t, err, domain.EConflict, "")
		_, err = e.svc.EditRoomMilestone(e.ctx, e.actor("weijian"), m.ID, 0, app.MilestoneEdit{Version: 2, Title: "设备下电"}, false)
		wantCode(t, err, domain.EInvalid, "due")
		plan, err = e.svc.EditRoomMilestone(e.ctx, e.actor("weijian"), m.ID, 0, app.MilestoneEdit{Version: 2, Title: "设备下电", Due: day(2026, 9, 30)}, false)
		if err != nil || len(plan.Milestones) != 2 {
			t.Fatalf("second milestone: %+v %v", plan, err)
		}
		first := plan.Milestones[0]
		plan, err = e.svc.EditRoomMilestone(e.ctx, e.actor("office"), m.ID, first.ID, app.MilestoneEdit{Version: plan.Version, Title: first.Title, Due: first.Due, Done: day(2026, 2, 1)}, false)
		if err != nil || !plan.Milestones[0].Done.Equal(day(2026, 2, 1)) {
			t.Fatalf("done: %+v %v", plan, err)
		}
		_, err = e.svc.EditRoomMilestone(e.ctx, e.actor("weijian"), m.ID, 999999, app.MilestoneEdit{Version: plan.Version}, true)
		wantCode(t, err, domain.ENotFound, "")

		// Start closing with the plan; the unit cannot take it back, the office can.
		h = e.head()
		got, err := e.roomStep("weijian", m.ID, app.RoomStep{Action: domain.RoomStartClosing})
		if err != nil || got.Status != domain.RoomClosing || !got.Overdue {
			t.Fatalf("start closing: %+v %v", got, err)
		}
		e.wantAudit(h, "room.start_closing", "weijian")
		h = e.head()
		_, err = e.roomStep("weijian", m.ID, app.RoomStep{Action: domain.RoomReopen})
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.roomStep("weijian", m.ID, app.RoomStep{Action: domain.RoomStartClosing, Note: "再次"})
		wantCode(t, err, domain.EConflict, "")
		e.wantNoAudit(h)
		if got, err = e.roomStep("office", m.ID, app.RoomStep{Action: domain.RoomReopen, Note: "计划调整"}); err != nil || got.Status != domain.RoomInUse {
			t.Fatalf("reopen: %+v %v", got, err)
		}
		if _, err = e.roomStep("office", m.ID, app.RoomStep{Action: domain.RoomStartClosing}); err != nil {
			t.Fatal(err)
		}

		// A room still hosting a system in service does not close.
		s := registrySystem(health.ID, "XC-WJ-RM1", "机房测试系统")
		s.Hosting, s.RoomID = domain.HostingRoom, m.ID
		e.addSystem("weijian", s)
		h = e.head()
		_, err = e.roomStep("weijian", m.ID, app.RoomStep{Action: domain.RoomClose})
		wantCode(t, err, domain.EInvalid, "closed_date")
		_, err = e.roomStep("weijian", m.ID, app.RoomStep{Action: domain.RoomClose, ClosedDate: day(2026, 3, 3)}) // the clock says 2 March
		wantMessage(t, err, domain.EInvalid, "err.room.closed_future")
		_, err = e.roomStep("weijian", m.ID, app.RoomStep{Action: domain.RoomClose, ClosedDate: day(2026, 3, 1)})
		wantMessage(t, err, domain.EConflict, "err.room.still_hosting")
		e.wantNoAudit(h)
		// Moved to the cloud: the room link goes with the hosting, and the room closes.
		if _, err := e.svc.UpdateSystem(e.ctx, e.actor("weijian"), s.ID, app.SystemEdit{Version: e.stored(s.ID).Version, Hosting: ptr(domain.HostingCloud)}); err != nil {
			t.Fatal(err)
		}
		if e.stored(s.ID).RoomID != 0 {
			t.Fatal("a system moved to the cloud still names its room")
		}
		got, err = e.roomStep("weijian", m.ID, app.RoomStep{Action: domain.RoomClose, ClosedDate: day(2026, 3, 1)})
		if err != nil || got.Status != domain.RoomClosed || !got.ClosedDate.Equal(day(2026, 3, 1)) || got.Overdue {
			t.Fatalf("close: %+v %v", got, err)
		}
		// A closed room's plan is history.
		_, err = e.svc.EditRoomMilestone(e.ctx, e.actor("weijian"), m.ID, 0, app.MilestoneEdit{Version: got.Version, Title: "补充", Due: day(2026, 9, 30)}, false)
		wantMessage(t, err, domain.EConflict, "err.room.closed_plan")

		hist, err := e.svc.RoomHistory(e.ctx, e.actor("weijian"), m.ID)
		if err != nil {
			t.Fatal(err)
		}
		var acts []string
		for _, r := range hist {
			acts = append(acts, r.Action)
		}
		want := []string{"room.close", "room.start_closing", "room.reopen", "room.start_closing", "room.milestone_update", "room.milestone_add", "room.milestone_add", "room.create"}
		if !slices.Equal(acts, want) {
			t.Errorf("history %v, want %v", acts, want)
		}
		_, err = e.svc.RoomHistory(e.ctx, e.actor("jiaoyu"), m.ID)
		wantCode(t, err, domain.ENotFound, "")
	})
}

// TestRoomOverdueFollowsGovernance: the deadline comes from the governance settings; when the
// office moves the policy date, the rules' findings (ENV-R3.room-overdue) move with it at once,
// and the flags, the filter and the to-do count, which read them, agree; when the clock passes
// the deadline, the daily sweep finds the rooms overdue.
func TestRoomOverdueFollowsGovernance(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		office := e.actor("office")
		overdue := func(who string) (flagged, listed, counted int) {
			t.Helper()
			p, err := e.svc.MachineRooms(e.ctx, e.actor(who), app.RoomList{})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range p.Items {
				if m.Overdue {
					flagged++
				}
			}
			l, err := e.svc.MachineRooms(e.ctx, e.actor(who), app.RoomList{RoomFilter: store.RoomFilter{Overdue: true}})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range l.Items {
				if !m.Overdue {
					t.Errorf("overdue filter lists %s, not overdue", m.Name)
				}
			}
			n, err := e.svc.CountFindings(e.ctx, e.actor(who), app.FindingFilter{RuleID: domain.RuleRoomOverdue, Status: domain.FindingOpen})
			if err != nil {
				t.Fatal(err)
			}
			return flagged, len(l.Items), n
		}
		f, l, n := overdue("office")
		if f < 3 || f != l || f != n {
			t.Fatalf("default policy: flagged %d, listed %d, counted %d", f, l, n)
		}
		if f, l, n := overdue("weijian"); f != 1 || l != 1 || n != 1 {
			t.Fatalf("weijian: flagged %d, listed %d, counted %d", f, l, n)
		}

		// The office sets a later policy date: nothing is overdue on 2 March 2026.
		g, v, err := e.svc.Governance(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		g.RoomPolicyDate, g.RoomPeriodMonths = day(2025, 1, 1), 24
		if err := e.svc.UpdateGovernance(e.ctx, office, g, v); err != nil {
			t.Fatal(err)
		}
		if f, l, n := overdue("office"); f != 0 || l != 0 || n != 0 {
			t.Fatalf("policy 2025-01-01 + 24 months: flagged %d, listed %d, counted %d", f, l, n)
		}
		p, _ := e.svc.MachineRooms(e.ctx, office, app.RoomList{RoomFilter: store.RoomFilter{Kind: domain.RoomOther, Status: domain.RoomInUse}})
		for _, m := range p.Items {
			if !m.Onsite && !m.Deadline.Equal(day(2027, 1, 1)) {
				t.Fatalf("%s deadline %v, want 2027-01-01", m.Name, m.Deadline)
			}
		}
		// ... and when the clock passes the new deadline, they are overdue again.
		e.clock.T = time.Date(2027, 1, 2, 1, 0, 0, 0, time.UTC)
		if f2, l2, n2 := overdue("office"); f2 != 0 || l2 != 0 || n2 != 0 {
			t.Fatalf("before the sweep: flagged %d, listed %d, counted %d", f2, l2, n2)
		}
		if _, err := e.svc.Sweep(e.ctx, app.SystemActor()); err != nil {
			t.Fatal(err)
		}
		if f2, l2, n2 := overdue("office"); f2 != f || l2 != l || n2 != n {
			t.Fatalf("after the new deadline: flagged %d, listed %d, counted %d, want %d", f2, l2, n2, f)
		}
	})
}

// TestSystemNamesItsRoom: a system hosted in a unit machine room may name the room; only a
// room of its own unit, only with that hosting.
func TestSystemNamesItsRoom(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu := e.unit(codeHealth), e.unit(codeEdu)
		mine := e.addRoom("weijian", newRoom(health.ID, "卫健委系统机房"))
		theirs := e.addRoom("jiaoyu", newRoom(edu.ID, "教育局系统机房"))
		h := e.head()
		for _, c := range []struct {
			name string
			mut  func(s *domain.System)
		}{
			{"another unit's room", func(s *domain.System) { s.Hosting, s.RoomID = domain.HostingRoom, theirs.ID }},
			{"a room on the cloud", func(s *domain.System) { s.RoomID = mine.ID }},
			{"no such room", func(s *domain.System) { s.Hosting, s.RoomID = domain.HostingRoom, 999999 }},
		} {
			s := registrySystem(health.ID, "", "机房系统") // a unit user's code is allocated
			c.mut(s)
			err := e.svc.CreateSystem(e.ctx, e.actor("weijian"), s)
			wantCode(t, err, domain.EInvalid, "room_id")
		}
		e.wantNoAudit(h)
		s := registrySystem(health.ID, "XC-WJ-RM2", "机房系统")
		s.Hosting, s.RoomID = domain.HostingRoom, mine.ID
		e.addSystem("weijian", s)
		ss, err := e.svc.RoomSystems(e.ctx, e.actor("weijian"), mine.ID)
		if err != nil || len(ss) != 1 || ss[0].ID != s.ID {
			t.Fatalf("room systems %v %v", ss, err)
		}
		_, err = e.svc.UpdateSystem(e.ctx, e.actor("office"), s.ID, app.SystemEdit{Version: 1, RoomID: &theirs.ID})
		wantCode(t, err, domain.EInvalid, "room_id")
		// A room with systems does not move to another unit.
		_, err = e.svc.UpdateMachineRoom(e.ctx, e.actor("office"), mine.ID, app.RoomEdit{Version: e.room(mine.ID).Version, UnitID: &edu.ID})
		wantMessage(t, err, domain.EInvalid, "err.room.move_hosting")
	})
}
