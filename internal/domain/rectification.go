package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Rectification notices (整改通知书, FLOW-4, FLOW-5). When a random spot check finds a project
// not, partly or improperly responding to a requirement of its task book, or a supervision
// finding or the office itself calls for it, the office issues a notice: a numbered document
// (the same sequence as the task books, DocNumber) addressed to the unit, listing the items to
// rectify and a deadline in working days. The unit answers each item with evidence, the office
// verifies — accepts (closed) or returns it with a comment (the unit answers again). A notice
// found at detailed design halts the project (叫停) until the office resumes it, which it may
// only once the notice is closed; one found at bidding or acceptance is also sent to the
// finance bureau (财政局) and the audit bureau (审计局), who see those notices and their
// projects, and nothing else.

// RectSource is what a notice comes from.
type RectSource string

const (
	RectFromSpotCheck   RectSource = "spot_check"  // a failed random spot check (SourceID: the check)
	RectFromSupervision RectSource = "supervision" // a finding of the supervision log (SourceID: the entry)
	RectFromOffice      RectSource = "office"      // the office on its own (SourceID 0)
)

// RectSources lists the sources in display order.
var RectSources = []RectSource{RectFromSpotCheck, RectFromSupervision, RectFromOffice}

// RectOutcome is how a requirement was found answered (the spot check's failing outcomes).
type RectOutcome string

const (
	OutcomeNotResponded RectOutcome = "not_responded" // 未响应
	OutcomePartial      RectOutcome = "partial"       // 部分响应
	OutcomeImproper     RectOutcome = "improper"      // 响应不当
)

// RectOutcomes lists the outcomes that call for rectification, in display order.
var RectOutcomes = []RectOutcome{OutcomeNotResponded, OutcomePartial, OutcomeImproper}

// RectItem is one item of a notice: the clause of the requirement, how it was found, the
// problem, and the unit's answer (empty until it answers).
type RectItem struct {
	Clause  string      `json:"clause"`
	Outcome RectOutcome `json:"outcome"`
	Problem string      `json:"problem"`
	Answer  string      `json:"answer"`
}

// RectStatus is where a notice stands.
type RectStatus string

// RectAction is a step of a notice.
type RectAction string

const (
	RectIssued   RectStatus = "issued"   // 待整改
	RectAnswered RectStatus = "answered" // 已反馈
	RectReturned RectStatus = "returned" // 退回整改
	RectClosed   RectStatus = "closed"   // 已办结

	RectAnswer RectAction = "answer" // the unit answers every item with evidence
	RectAccept RectAction = "accept" // the office verifies the rectification
	RectReturn RectAction = "return" // the office sends it back with a comment
)

// RectStatuses lists the statuses in display order.
var RectStatuses = []RectStatus{RectIssued, RectAnswered, RectReturned, RectClosed}

// Open reports whether the unit still owes the notice an answer (it may be overdue).
func (s RectStatus) Open() bool { return s == RectIssued || s == RectReturned }

// The bounds of a notice.
const (
	MinRectDays   = 1
	MaxRectDays   = 60
	MaxRectItems  = 50
	maxRectClause = 20
	maxRectText   = 2000
	maxRectAnswer = 4000
)

// Rectification is a rectification notice (整改通知书).
type Rectification struct {
	ID           int64        `json:"id"`
	Number       DocNumber    `json:"number"`
	DocNumber    string       `json:"doc_number"` // Number as printed: 相信办〔2026〕13号
	ProjectID    int64        `json:"project_id"`
	ProjectName  string       `json:"project_name,omitempty"` // read
	UnitID       int64        `json:"unit_id"`
	UnitName     string       `json:"unit_name,omitempty"` // read
	Issuer       string       `json:"issuer"`              // 发文机关 when issued
	Source       RectSource   `json:"source"`
	SourceID     int64        `json:"source_id"`
	Stage        ProjectStage `json:"stage,omitempty"` // where it was found (bidding, design, acceptance), "" elsewhere
	Items        []RectItem   `json:"items"`
	DeadlineDays int          `json:"deadline_days"` // working days from the issue date
	IssuedOn     time.Time    `json:"issued_on"`
	Deadline     time.Time    `json:"deadline"`
	Halts        bool         `json:"halts"`   // found at design: it halted the project (叫停)
	Bureaus      bool         `json:"bureaus"` // found at bidding or acceptance: the finance and audit bureaus are notified
	Status       RectStatus   `json:"status"`
	Comment      string       `json:"comment"` // the office's comment of the last return
	AnsweredAt   time.Time    `json:"answered_at,omitzero"`
	ClosedAt     time.Time    `json:"closed_at,omitzero"`
	EscalatedAt  time.Time    `json:"escalated_at,omitzero"` // overdue and escalated (once per deadline)
	Version      int64        `json:"version"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
}

// Consequences sets what a notice found at stage brings (FLOW-4): found at detailed design it
// halts the project; found at bidding or acceptance the finance and audit bureaus are told.
func (r *Rectification) Consequences() {
	r.Halts = r.Stage == StageDesign
	r.Bureaus = r.Stage == StageBidding || r.Stage == StageAcceptance
}

// Overdue reports whether the unit owes an answer past the deadline on the date today.
func (r *Rectification) Overdue(today time.Time) bool {
	return r.Status.Open() && !r.Deadline.IsZero() && Day(today).After(r.Deadline)
}

// Validate checks a notice as the office writes it, every problem at once: a project, a known
// source (a spot check or a supervision entry named by its id; the office's own names none), a
// stage where one is given that takes materials, one to MaxRectItems items each with its clause,
// a failing outcome and the problem found, and a deadline of MinRectDays to MaxRectDays working
// days. Answers are the unit's (AnswerReady).
func (r *Rectification) Validate() error {
	var errs Problems
	errs.Check(r.ProjectID <= 0, "project_id", "err.required")
	if !errs.Check(!slices.Contains(RectSources, r.Source), "source", "err.enum") {
		errs.Check(r.Source != RectFromOffice && r.SourceID <= 0, "source_id", "err.required")
		errs.Check(r.Source == RectFromOffice && r.SourceID != 0, "source_id", "err.rect.source_id")
	}
	errs.Check(r.Stage != "" && !r.Stage.TakesMaterials(), "stage", "err.enum")
	errs.Check(r.Source == RectFromSpotCheck && r.Stage == "", "stage", "err.required")
	if !errs.Check(len(r.Items) == 0, "items", "err.required") {
		errs.Check(len(r.Items) > MaxRectItems, "items", "err.rect.too_many", MaxRectItems)
	}
	for i := range r.Items {
		it := &r.Items[i]
		trimSpace(&it.Clause, &it.Problem, &it.Answer)
		f := row("items", i)
		errs.Check(it.Clause == "" || utf8.RuneCountInString(it.Clause) > maxRectClause, f+"clause", "err.required_len", maxRectClause)
		errs.Check(!slices.Contains(RectOutcomes, it.Outcome), f+"outcome", "err.enum")
		errs.Check(it.Problem == "" || utf8.RuneCountInString(it.Problem) > maxRectText, f+"problem", "err.required_len", maxRectText)
		errs.Check(utf8.RuneCountInString(it.Answer) > maxRectAnswer, f+"answer", "err.too_long", maxRectAnswer)
	}
	errs.Check(r.DeadlineDays < MinRectDays || r.DeadlineDays > MaxRectDays, "deadline_days", "err.rect.deadline_days", MinRectDays, MaxRectDays)
	return errs.Err()
}

// RectCheck is what the answer step's guard reads: the notice with the answers given, and the
// number of its evidence files.
type RectCheck struct {
	R     *Rectification
	Files int
}

// AnswerReady says what an answer lacks, all at once: an answer to each item
// (items.<i>.answer, at most maxRectAnswer characters) and at least one evidence file (files).
func (c RectCheck) AnswerReady() error {
	var errs Problems
	if c.R != nil {
		for i, it := range c.R.Items {
			f := row("items", i) + "answer"
			if !errs.Check(strings.TrimSpace(it.Answer) == "", f, "err.rect.unanswered", it.Clause) {
				errs.Check(utf8.RuneCountInString(it.Answer) > maxRectAnswer, f, "err.too_long", maxRectAnswer)
			}
		}
	}
	errs.Check(c.Files == 0, "files", "err.rect.no_files")
	return errs.Err()
}

// RectificationFlow is a notice's course: the unit answers every item with evidence, the
// office verifies — accepts (closed) or returns it with a comment, and the unit answers again.
var RectificationFlow = &Workflow[RectStatus, RectAction, SystemActor, RectCheck]{
	Name: "rectification", Title: "rect.title", Clauses: []string{"FLOW-4", "FLOW-5"}, States: RectStatuses,
	Conflict: "err.rect.transition", StateKey: "rectstatus.", ActionKey: "rectaction.", NoteMax: maxRectText,
	Steps: []Transition[RectStatus, RectAction, SystemActor, RectCheck]{
		{Action: RectAnswer, From: []RectStatus{RectIssued, RectReturned}, To: RectAnswered, By: unitOnly,
			Rule: "an answer to every item and at least one evidence file", Guard: func(c RectCheck, _ string) error { return c.AnswerReady() }},
		{Action: RectAccept, From: []RectStatus{RectAnswered}, To: RectClosed, By: officeOnly},
		{Action: RectReturn, From: []RectStatus{RectAnswered}, To: RectReturned, By: officeOnly, Note: "comment"},
	},
}

// RectActions lists the notice's actions in display order.
var RectActions = RectificationFlow.Actions()
