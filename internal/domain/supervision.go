package domain

import (
	"slices"
	"time"
	"unicode/utf8"
)

// Whole-lifecycle supervision of key projects (重点项目全过程监理, FLOW-5). A key project (one
// whose KeyCategory is not none) gets a supervision unit (监理单位): a firm from outside the
// district's units, whose people log in with the supervisor role. The office assigns the firm
// and its accounts to the project (Supervision) and may change them, with a reason; those
// accounts then read that project — its application, task book and supervision log — and
// nothing else of its unit. They keep the supervision log (SupervisionEntry): material
// reviews, regular meetings, special governance meetings and site inspections.

// Supervision is the supervision unit assigned to a key project: the firm's name and the
// supervisor accounts that work for it on this project.
type Supervision struct {
	ID        int64            `json:"id"`
	ProjectID int64            `json:"project_id"`
	Firm      string           `json:"firm"`     // 监理单位
	UserIDs   []int64          `json:"user_ids"` // the supervisor accounts, by id
	Users     []SupervisorUser `json:"users"`    // the same accounts with their names, read
	Version   int64            `json:"version"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
	// Read with a list: the project's name, unit and key category.
	ProjectName string      `json:"project_name,omitempty"`
	UnitID      int64       `json:"unit_id,omitempty"`
	UnitName    string      `json:"unit_name,omitempty"`
	KeyCategory KeyCategory `json:"key_category,omitempty"`
}

// SupervisorUser is a supervisor account as an assignment names it.
type SupervisorUser struct {
	ID       int64  `json:"id"`
	Username string `json:"username"`
	Name     string `json:"name"`
}

const maxFirm = 100

// Validate checks an assignment, every problem at once: a firm, at least one account, none
// twice. Whether each account is an active supervisor is the service's check (it reads them).
func (s *Supervision) Validate() error {
	trimSpace(&s.Firm)
	var errs Problems
	errs.Check(s.Firm == "" || utf8.RuneCountInString(s.Firm) > maxFirm, "firm", "err.required_len", maxFirm)
	ids := slices.Clone(s.UserIDs)
	slices.Sort(ids)
	errs.Check(len(ids) == 0, "user_ids", "err.required")
	errs.Check(len(slices.Compact(ids)) != len(s.UserIDs), "user_ids", "err.supervision.duplicate")
	return errs.Err()
}

// IsKey reports whether p is a key project (FLOW-5), which supervision is for.
func (p *Project) IsKey() bool { return p.KeyCategory != "" && p.KeyCategory != KeyNone }

// SupervisionKind is what a supervision log entry records.
type SupervisionKind string

const (
	SupMaterialReview    SupervisionKind = "material_review"    // 材料审查
	SupRegularMeeting    SupervisionKind = "regular_meeting"    // 例会
	SupGovernanceMeeting SupervisionKind = "governance_meeting" // 专题治理会议
	SupSiteInspection    SupervisionKind = "site_inspection"    // 现场检查
)

// SupervisionKinds lists the kinds in display order.
var SupervisionKinds = []SupervisionKind{SupMaterialReview, SupRegularMeeting, SupGovernanceMeeting, SupSiteInspection}

// SupervisionEntry is one entry of a key project's supervision log (监理日志, FLOW-5). The log is
// append-only: an entry is never edited nor deleted; a correction is a new entry whose Corrects
// names the entry it corrects.
//
// Rectification (issue 10, later): a finding that calls for rectification will open a
// rectification notice (整改通知书) from the entry; the notice will refer to the entry by its id,
// so the entry itself needs no change then.
type SupervisionEntry struct {
	ID           int64           `json:"id"`
	ProjectID    int64           `json:"project_id"`
	Kind         SupervisionKind `json:"kind"`
	Date         time.Time       `json:"date"`         // the day it took place
	Participants string          `json:"participants"` // 参加人员
	Findings     string          `json:"findings"`     // 发现的问题 / 审查意见
	Actions      string          `json:"actions"`      // 后续措施
	Corrects     int64           `json:"corrects,omitempty"`
	AuthorID     int64           `json:"author_id"`
	AuthorName   string          `json:"author_name,omitempty"` // read
	Version      int64           `json:"version"`               // always 1: entries are never changed
	CreatedAt    time.Time       `json:"created_at"`
	UpdatedAt    time.Time       `json:"updated_at"`
}

const (
	maxParticipants = 500
	maxFindings     = 4000
)

// Validate checks an entry as written, every problem at once: a known kind, a date not after
// today, participants and findings; follow-up actions are optional.
func (e *SupervisionEntry) Validate(today time.Time) error {
	trimSpace(&e.Participants, &e.Findings, &e.Actions)
	var errs Problems
	errs.Check(!slices.Contains(SupervisionKinds, e.Kind), "kind", "err.enum")
	if !errs.Check(e.Date.IsZero(), "date", "err.required") {
		errs.Check(Day(e.Date).After(Day(today)), "date", "err.supervision.future")
	}
	errs.Check(e.Participants == "" || utf8.RuneCountInString(e.Participants) > maxParticipants, "participants", "err.required_len", maxParticipants)
	errs.Check(e.Findings == "" || utf8.RuneCountInString(e.Findings) > maxFindings, "findings", "err.required_len", maxFindings)
	errs.Check(utf8.RuneCountInString(e.Actions) > maxFindings, "actions", "err.too_long", maxFindings)
	return errs.Err()
}
