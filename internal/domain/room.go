package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// MachineRoom is one machine room (机房) of a unit outside the government cloud (ENV-P2,
// ENV-P3, ENV-R3). Access rooms (接入机房) and rooms a higher level orders kept (上级要求保留)
// may stay, on the strength of a document named in ExemptionBasis; every other room must close
// by the deadline the governance settings give (RoomDeadline).
type MachineRoom struct {
	ID             int64      `json:"id"`
	UnitID         int64      `json:"unit_id"`
	UnitName       string     `json:"unit_name,omitempty"`
	Name           string     `json:"name"`
	Address        string     `json:"address"`
	AreaM2         string     `json:"area_m2"` // m², a decimal in one spelling (12.5, not 12.50)
	Racks          int        `json:"racks"`
	Kind           RoomKind   `json:"kind"`
	ExemptionBasis string     `json:"exemption_basis"` // the document (name and number) that lets the room stay (ENV-P2), or the justification of on-site production (ENV-P3)
	Onsite         bool       `json:"onsite_production"`
	Status         RoomStatus `json:"status"`
	ClosedDate     time.Time  `json:"closed_date,omitzero"`
	ClosingNote    string     `json:"closing_note"` // the closing plan in words (besides its milestones)
	Version        int64      `json:"version"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`

	// Worked out when the room is read, never stored: the governance settings may change.
	Deadline time.Time `json:"deadline,omitzero"` // ENV-R3; zero for rooms that may stay
	Overdue  bool      `json:"overdue"`           // read: a live ENV-R3 finding (past the deadline, not closed)
}

// RoomKind is 接入机房 / 上级要求保留 / 其他 (ENV-P2).
type RoomKind string

// RoomStatus is a state of a room's closing (ENV-R3).
type RoomStatus string

const (
	RoomAccess   RoomKind = "access"   // 接入机房: may stay
	RoomMandated RoomKind = "mandated" // 上级要求保留: may stay
	RoomOther    RoomKind = "other"    // 其他: closes by the deadline

	RoomInUse   RoomStatus = "in_use"
	RoomClosing RoomStatus = "closing"
	RoomClosed  RoomStatus = "closed"
)

// The enumerations in display order (forms, filters, spreadsheet drop-downs).
var (
	RoomKinds    = []RoomKind{RoomAccess, RoomMandated, RoomOther}
	RoomStatuses = []RoomStatus{RoomInUse, RoomClosing, RoomClosed}
)

// Normalize trims what people paste into forms and spreadsheets.
func (r *MachineRoom) Normalize() {
	trimSpace(&r.Name, &r.Address, &r.AreaM2, &r.ExemptionBasis, &r.ClosingNote)
	r.AreaM2 = canonicalDecimal(r.AreaM2)
}

// Validate checks a room's own fields.
func (r *MachineRoom) Validate() error {
	r.Normalize()
	var errs Problems
	errs.Check(r.Name == "" || utf8.RuneCountInString(r.Name) > 100, "name", "err.required_len", 100)
	errs.Check(r.UnitID == 0, "unit_id", "err.required")
	errs.Check(utf8.RuneCountInString(r.Address) > 200, "address", "err.too_long", 200)
	errs.Check(r.AreaM2 != "" && !decimalRe.MatchString(r.AreaM2), "area_m2", "err.decimal")
	errs.Check(r.Racks < 0 || r.Racks > 10000, "racks", "err.range", 0, 10000)
	errs.Check(r.Kind == "", "kind", "err.required")
	errs.Check(!slices.Contains(RoomKinds, r.Kind), "kind", "err.enum")
	errs.Check((r.Kind == RoomAccess || r.Kind == RoomMandated) && r.ExemptionBasis == "", "exemption_basis", "err.room.exemption_basis") // ENV-P2
	errs.Check(r.Onsite && r.ExemptionBasis == "", "exemption_basis", "err.room.onsite_justification")                                    // ENV-P3
	errs.Check(utf8.RuneCountInString(r.ExemptionBasis) > 200, "exemption_basis", "err.too_long", 200)
	errs.Check(!slices.Contains(RoomStatuses, r.Status), "status", "err.enum")
	errs.Check(r.Status == RoomClosed && r.ClosedDate.IsZero(), "closed_date", "err.required")
	errs.Check(r.Status != RoomClosed && !r.ClosedDate.IsZero(), "closed_date", "err.room.closed_date_open")
	errs.Check(utf8.RuneCountInString(r.ClosingNote) > 500, "closing_note", "err.too_long", 500)
	return errs.Err()
}

// MayStay reports whether the rules let the room stay: an access room or one a higher level
// orders kept (ENV-P2), or one holding on-site production equipment (ENV-P3).
func (r *MachineRoom) MayStay() bool {
	return r.Kind == RoomAccess || r.Kind == RoomMandated || r.Onsite
}

// SetDeadline sets the room's closing deadline under g (ENV-R3): none for a room that may
// stay. Whether a room is past it is the rules' finding (ENV-R3.room-overdue), which the store
// reads into Overdue.
func (r *MachineRoom) SetDeadline(g Governance) {
	r.Deadline = time.Time{}
	if !r.MayStay() {
		r.Deadline = g.RoomDeadline()
	}
}

// RoomMilestone is one step of a room's closing plan.
type RoomMilestone struct {
	ID     int64     `json:"id"`
	RoomID int64     `json:"room_id"`
	Title  string    `json:"title"`
	Due    time.Time `json:"due,omitzero"`
	Done   time.Time `json:"done,omitzero"`
}

// Validate checks a milestone: a title, a due date; done when it was done.
func (m *RoomMilestone) Validate() error {
	m.Title = strings.TrimSpace(m.Title)
	switch {
	case m.Title == "" || utf8.RuneCountInString(m.Title) > 200:
		return Invalid("title", "err.required_len", 200)
	case m.Due.IsZero():
		return Invalid("due", "err.required")
	}
	return nil
}

// RoomAction is a step of a room's closing.
type RoomAction string

const (
	RoomStartClosing RoomAction = "start_closing" // needs a plan: a milestone or a note
	RoomClose        RoomAction = "close"         // needs the day it closed
	RoomReopen       RoomAction = "reopen"        // the office takes a closing room back into use
)

// RoomActions lists the actions in display order.
var RoomActions = RoomFlow.Actions()

// RoomCheck is what the closing steps need besides being legal: the milestones of the room's
// closing plan, the day it closed (for close) and today.
type RoomCheck struct {
	Milestones    int
	Closed, Today time.Time
}

// RoomFlow is the closing lifecycle (ENV-R3). Starting to close needs a plan (at least one
// milestone, or a note saying how); closing needs the day it closed, which cannot be later than
// today.
var RoomFlow = &Workflow[RoomStatus, RoomAction, SystemActor, RoomCheck]{
	Name: "machine_room", Title: "nav.rooms", Clauses: []string{"ENV-R3"}, States: RoomStatuses,
	Conflict: "err.room.transition", StateKey: "roomstatus.", ActionKey: "roomaction.", NoteMax: 500,
	Steps: []Transition[RoomStatus, RoomAction, SystemActor, RoomCheck]{
		{Action: RoomStartClosing, From: []RoomStatus{RoomInUse}, To: RoomClosing, By: unitOrOffice,
			Rule: "a closing plan: a milestone, or a note saying how",
			Guard: func(c RoomCheck, note string) error {
				if c.Milestones == 0 && strings.TrimSpace(note) == "" {
					return Invalid("note", "err.room.plan_needed")
				}
				return nil
			}},
		{Action: RoomClose, From: []RoomStatus{RoomClosing}, To: RoomClosed, By: unitOrOffice,
			Rule: "the day it closed, not after today",
			Guard: func(c RoomCheck, _ string) error {
				if c.Closed.IsZero() {
					return Invalid("closed_date", "err.required")
				}
				if c.Closed.After(time.Date(c.Today.Year(), c.Today.Month(), c.Today.Day(), 0, 0, 0, 0, time.UTC)) {
					return Invalid("closed_date", "err.room.closed_future")
				}
				return nil
			}},
		{Action: RoomReopen, From: []RoomStatus{RoomClosing}, To: RoomInUse, By: officeOnly},
	},
}
