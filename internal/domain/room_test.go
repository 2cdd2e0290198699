package domain_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"archgov/internal/domain"
)

func goodRoom() *domain.MachineRoom {
	return &domain.MachineRoom{UnitID: 7, Name: "区卫健委数据中心机房", Address: "区卫生健康委员会6楼", AreaM2: "110.50", Racks: 12,
		Kind: domain.RoomOther, Status: domain.RoomInUse}
}

func TestRoomValidate(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(r *domain.MachineRoom)
		field  string
		key    string
	}{
		{"complete", func(r *domain.MachineRoom) {}, "", ""},
		{"minimal", func(r *domain.MachineRoom) { r.Address, r.AreaM2, r.Racks = "", "", 0 }, "", ""},
		{"name empty", func(r *domain.MachineRoom) { r.Name = "  " }, "name", "err.required_len"},
		{"name 101", func(r *domain.MachineRoom) { r.Name = strings.Repeat("机", 101) }, "name", "err.required_len"},
		{"unit missing", func(r *domain.MachineRoom) { r.UnitID = 0 }, "unit_id", "err.required"},
		{"address 201", func(r *domain.MachineRoom) { r.Address = strings.Repeat("址", 201) }, "address", "err.too_long"},
		{"area not a number", func(r *domain.MachineRoom) { r.AreaM2 = "约100" }, "area_m2", "err.decimal"},
		{"area negative", func(r *domain.MachineRoom) { r.AreaM2 = "-5" }, "area_m2", "err.decimal"},
		{"racks negative", func(r *domain.MachineRoom) { r.Racks = -1 }, "racks", "err.range"},
		{"racks too many", func(r *domain.MachineRoom) { r.Racks = 10001 }, "racks", "err.range"},
		{"kind empty", func(r *domain.MachineRoom) { r.Kind = "" }, "kind", "err.required"},
		{"kind unknown", func(r *domain.MachineRoom) { r.Kind = "接入机房" }, "kind", "err.enum"},
		{"status unknown", func(r *domain.MachineRoom) { r.Status = "open" }, "status", "err.enum"},
		// ENV-P2: the rooms that may stay name the document that lets them.
		{"access without basis", func(r *domain.MachineRoom) { r.Kind = domain.RoomAccess }, "exemption_basis", "err.room.exemption_basis"},
		{"mandated with a blank basis", func(r *domain.MachineRoom) { r.Kind, r.ExemptionBasis = domain.RoomMandated, "  " }, "exemption_basis", "err.room.exemption_basis"},
		{"access with basis", func(r *domain.MachineRoom) { r.Kind, r.ExemptionBasis = domain.RoomAccess, "苏数据〔2019〕6号" }, "", ""},
		{"basis 201", func(r *domain.MachineRoom) { r.Kind, r.ExemptionBasis = domain.RoomAccess, strings.Repeat("文", 201) }, "exemption_basis", "err.too_long"},
		// ENV-P3: on-site production stays, with its justification.
		{"onsite without justification", func(r *domain.MachineRoom) { r.Onsite = true }, "exemption_basis", "err.room.onsite_justification"},
		{"onsite with justification", func(r *domain.MachineRoom) { r.Onsite, r.ExemptionBasis = true, "泵闸控制设备须现场运行" }, "", ""},
		{"closed without date", func(r *domain.MachineRoom) { r.Status = domain.RoomClosed }, "closed_date", "err.required"},
		{"closed with date", func(r *domain.MachineRoom) { r.Status, r.ClosedDate = domain.RoomClosed, day(2020, 6, 30) }, "", ""},
		{"open with a closed date", func(r *domain.MachineRoom) { r.ClosedDate = day(2020, 6, 30) }, "closed_date", "err.room.closed_date_open"},
		{"plan 501", func(r *domain.MachineRoom) { r.ClosingNote = strings.Repeat("计", 501) }, "closing_note", "err.too_long"},
	}
	for _, c := range cases {
		r := goodRoom()
		c.mutate(r)
		wantInvalid(t, c.name, r.Validate(), c.field, c.key)
	}
	r := goodRoom()
	r.AreaM2, r.Name = " 110.50 ", " 机房 "
	if err := r.Validate(); err != nil || r.AreaM2 != "110.5" || r.Name != "机房" {
		t.Errorf("normalized to %q %q (%v)", r.AreaM2, r.Name, err)
	}
}

// TestRoomDeadline: only rooms that must close have a deadline (ENV-R3), policy date + period
// of the governance settings. Whether a room is past it is the rules' (ENV-R3.room-overdue,
// internal/rules' tests).
func TestRoomDeadline(t *testing.T) {
	g := domain.DefaultGovernance()
	deadline := day(2020, 8, 22)
	cases := []struct {
		name     string
		mutate   func(r *domain.MachineRoom)
		deadline time.Time
	}{
		{"other", func(r *domain.MachineRoom) {}, deadline},
		{"other, closed", func(r *domain.MachineRoom) { r.Status, r.ClosedDate = domain.RoomClosed, day(2021, 1, 1) }, deadline},
		{"access", func(r *domain.MachineRoom) { r.Kind = domain.RoomAccess }, time.Time{}},
		{"mandated", func(r *domain.MachineRoom) { r.Kind = domain.RoomMandated }, time.Time{}},
		{"on-site production", func(r *domain.MachineRoom) { r.Onsite = true }, time.Time{}},
	}
	for _, c := range cases {
		r := goodRoom()
		c.mutate(r)
		r.SetDeadline(g)
		if !r.Deadline.Equal(c.deadline) {
			t.Errorf("%s: deadline %v, want %v", c.name, r.Deadline, c.deadline)
		}
	}
	// The office moves the policy: the deadline moves with it.
	g.RoomPolicyDate, g.RoomPeriodMonths = day(2024, 1, 1), 36
	r := goodRoom()
	r.SetDeadline(g)
	if !r.Deadline.Equal(day(2027, 1, 1)) {
		t.Errorf("moved policy: deadline %v", r.Deadline)
	}
}

// TestRoomTransitions is the whole table: every status × action × actor.
func TestRoomTransitions(t *testing.T) {
	unit, office := []domain.SystemActor{domain.ByUnit}, []domain.SystemActor{domain.ByOffice}
	type want struct {
		to   domain.RoomStatus
		code domain.Code
	}
	ok := func(s domain.RoomStatus) want { return want{to: s} }
	conflict, forbidden := want{code: domain.EConflict}, want{code: domain.EForbidden}
	planned := domain.RoomCheck{Milestones: 1, Closed: day(2026, 3, 1), Today: day(2026, 3, 2)}
	cases := map[string]want{
		"in_use/start_closing/unit": ok(domain.RoomClosing), "in_use/start_closing/office": ok(domain.RoomClosing),
		"in_use/close/unit": conflict, "in_use/close/office": conflict,
		"in_use/reopen/unit": conflict, "in_use/reopen/office": conflict,
		"closing/start_closing/unit": conflict, "closing/start_closing/office": conflict,
		"closing/close/unit": ok(domain.RoomClosed), "closing/close/office": ok(domain.RoomClosed),
		"closing/reopen/unit": forbidden, "closing/reopen/office": ok(domain.RoomInUse),
		"closed/start_closing/unit": conflict, "closed/start_closing/office": conflict,
		"closed/close/unit": conflict, "closed/close/office": conflict,
		"closed/reopen/unit": conflict, "closed/reopen/office": conflict,
	}
	for _, st := range domain.RoomStatuses {
		for _, act := range domain.RoomActions {
			for name, who := range map[string][]domain.SystemActor{"unit": unit, "office": office} {
				k := fmt.Sprintf("%s/%s/%s", st, act, name)
				w, found := cases[k]
				if !found {
					t.Fatalf("case %s missing", k)
				}
				got, err := domain.RoomFlow.Next(st, act, who, "计划", planned)
				if domain.ErrorCode(err) != w.code || got != w.to {
					t.Errorf("%s: %q %v, want %q %q", k, got, err, w.to, w.code)
				}
			}
		}
	}
	if _, err := domain.RoomFlow.Next(domain.RoomInUse, "demolish", office, "", domain.RoomCheck{}); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("unknown action: %v", err)
	}
	if got := domain.RoomFlow.Available(domain.RoomClosing, unit, domain.RoomCheck{}); !slices.Equal(got, []domain.RoomAction{domain.RoomClose}) {
		t.Errorf("steps of a unit from closing: %v", got)
	}
	if got := domain.RoomFlow.Available(domain.RoomClosing, office, domain.RoomCheck{}); !slices.Equal(got, []domain.RoomAction{domain.RoomClose, domain.RoomReopen}) {
		t.Errorf("steps of the office from closing: %v", got)
	}
}

// roomStep takes act by the office from the state it starts from, with the plan and days given.
func roomStep(act domain.RoomAction, milestones int, note string, closed, today time.Time) error {
	from := domain.RoomClosing
	if act == domain.RoomStartClosing {
		from = domain.RoomInUse
	}
	_, err := domain.RoomFlow.Next(from, act, []domain.SystemActor{domain.ByOffice}, note, domain.RoomCheck{Milestones: milestones, Closed: closed, Today: today})
	return err
}

// TestRoomGuards: what the closing steps need besides being legal (ENV-R3).
func TestRoomGuards(t *testing.T) {
	today := day(2026, 3, 2)
	wantInvalid(t, "start without plan", roomStep(domain.RoomStartClosing, 0, " ", time.Time{}, today), "note", "err.room.plan_needed")
	wantInvalid(t, "start with a milestone", roomStep(domain.RoomStartClosing, 1, "", time.Time{}, today), "", "")
	wantInvalid(t, "start with a note", roomStep(domain.RoomStartClosing, 0, "随系统上云关停", time.Time{}, today), "", "")
	wantInvalid(t, "close without date", roomStep(domain.RoomClose, 2, "", time.Time{}, today), "closed_date", "err.required")
	wantInvalid(t, "close tomorrow", roomStep(domain.RoomClose, 2, "", day(2026, 3, 3), today), "closed_date", "err.room.closed_future")
	wantInvalid(t, "close today", roomStep(domain.RoomClose, 0, "", today, today), "", "")
	wantInvalid(t, "note too long", roomStep(domain.RoomReopen, 0, strings.Repeat("注", 501), time.Time{}, today), "note", "err.too_long")
}

func TestMilestoneValidate(t *testing.T) {
	wantInvalid(t, "no title", (&domain.RoomMilestone{Due: day(2026, 1, 1)}).Validate(), "title", "err.required_len")
	wantInvalid(t, "no due", (&domain.RoomMilestone{Title: "设备下电"}).Validate(), "due", "err.required")
	wantInvalid(t, "good", (&domain.RoomMilestone{Title: "设备下电", Due: day(2026, 1, 1)}).Validate(), "", "")
}
