package domain

import (
	"slices"
	"time"
	"unicode/utf8"
)

// Data-correction feedback (数据纠错, SHR-R6): a unit that takes data from a catalog entry or a
// base library reports what is missing, inconsistent or outdated; the provider must supplement,
// verify and update. The case goes to the provider with a deadline of a number of working days
// (Governance.FeedbackReplyDays); the provider acknowledges (受理), then fixes (with a note) or
// disputes (with a reason); the reporter confirms, which closes the case, or reopens it.
//
// A reopened case goes back to submitted, not to acknowledged: the reopen reason is new
// information the provider has to take in (受理) again, and it gets a fresh deadline counted
// from the day of the reopening. The reply the deadline is about is the provider's fix or
// dispute (答复); acknowledging alone does not stop the clock.

// FeedbackKind is what is wrong with the data.
type FeedbackKind string

const (
	FbMissing      FeedbackKind = "missing"      // 数据缺失
	FbInconsistent FeedbackKind = "inconsistent" // 数据不一致
	FbOutdated     FeedbackKind = "outdated"     // 数据过时
	FbOther        FeedbackKind = "other"        // 其他
)

// FeedbackKinds lists the kinds in display order.
var FeedbackKinds = []FeedbackKind{FbMissing, FbInconsistent, FbOutdated, FbOther}

// FeedbackStatus is a state of a feedback case.
type FeedbackStatus string

const (
	FbSubmitted    FeedbackStatus = "submitted"    // 已提交: waiting for the provider to acknowledge
	FbAcknowledged FeedbackStatus = "acknowledged" // 已受理: the provider is on it
	FbFixed        FeedbackStatus = "fixed"        // 已修正: waiting for the reporter
	FbDisputed     FeedbackStatus = "disputed"     // 有异议: waiting for the reporter
	FbConfirmed    FeedbackStatus = "confirmed"    // 已确认关闭
)

// FeedbackStatuses lists the states in display order.
var FeedbackStatuses = []FeedbackStatus{FbSubmitted, FbAcknowledged, FbFixed, FbDisputed, FbConfirmed}

// WithProvider reports whether the provider owes the next step: the deadline runs and the case
// can be overdue only then.
func (s FeedbackStatus) WithProvider() bool { return s == FbSubmitted || s == FbAcknowledged }

// Feedback is one data-correction case. Exactly one target: a catalog entry (EntryID) or a base
// library (Library). SampleRef points at a sample record (its key or number), never the
// personal data itself.
type Feedback struct {
	ID             int64          `json:"id"`
	ReporterUnitID int64          `json:"reporter_unit_id"`
	ReporterName   string         `json:"reporter_name,omitempty"`
	ProviderUnitID int64          `json:"provider_unit_id"`
	ProviderName   string         `json:"provider_name,omitempty"`
	EntryID        int64          `json:"entry_id,omitempty"`
	EntryName      string         `json:"entry_name,omitempty"`
	Library        BaseLibrary    `json:"library,omitempty"`
	Kind           FeedbackKind   `json:"kind"`
	DataItem       string         `json:"data_item"`
	Description    string         `json:"description"`
	SampleRef      string         `json:"sample_ref"`
	Status         FeedbackStatus `json:"status"`
	Resolution     FeedbackStatus `json:"resolution,omitempty"` // the provider's last answer: fixed or disputed
	ProviderNote   string         `json:"provider_note"`        // the fix note or the dispute reason
	ReopenReason   string         `json:"reopen_reason"`
	Reopens        int            `json:"reopens"`
	DueDate        time.Time      `json:"due_date"`              // the provider's deadline (a date)
	ReportedAt     time.Time      `json:"reported_at"`           // the report, the start of response time
	AnsweredAt     time.Time      `json:"answered_at,omitzero"`  // the provider's first fix or dispute
	ClosedAt       time.Time      `json:"closed_at,omitzero"`    // the reporter's confirmation
	EscalatedAt    time.Time      `json:"escalated_at,omitzero"` // escalated as overdue (once per deadline)
	EverOverdue    bool           `json:"ever_overdue"`          // was overdue at least once
	Version        int64          `json:"version"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

// Overdue reports whether the provider owes an answer past its deadline on the date today.
func (f *Feedback) Overdue(today time.Time) bool {
	return f.Status.WithProvider() && Day(today).After(f.DueDate)
}

// Normalize trims what people paste into forms.
func (f *Feedback) Normalize() {
	trimSpace(&f.DataItem, &f.Description, &f.SampleRef)
}

// Validate checks a report's own fields. items are the data items of the target entry: a named
// data item must be one of them (a base library has no list, so any short name goes).
func (f *Feedback) Validate(items []DataItem) error {
	f.Normalize()
	var errs Problems
	errs.Check(f.ReporterUnitID == 0, "reporter_unit_id", "err.required")
	errs.Check(f.EntryID == 0 && f.Library == "", "entry_id", "err.feedback.target")
	errs.Check(f.EntryID != 0 && f.Library != "", "library", "err.feedback.target")
	errs.Check(f.Library != "" && !f.Library.Valid(), "library", "err.enum")
	errs.Check(!slices.Contains(FeedbackKinds, f.Kind), "kind", "err.enum")
	errs.Check(utf8.RuneCountInString(f.DataItem) > 100, "data_item", "err.too_long", 100)
	errs.Check(f.DataItem != "" && f.EntryID != 0 && !slices.ContainsFunc(items, func(it DataItem) bool { return it.Name == f.DataItem }), "data_item", "err.feedback.unknown_item", f.DataItem)
	errs.Check(f.Description == "", "description", "err.required")
	errs.Check(utf8.RuneCountInString(f.Description) > 2000, "description", "err.too_long", 2000)
	errs.Check(utf8.RuneCountInString(f.SampleRef) > 200, "sample_ref", "err.too_long", 200)
	errs.Check(f.ProviderUnitID != 0 && f.ProviderUnitID == f.ReporterUnitID, "reporter_unit_id", "err.feedback.own_data")
	return errs.Err()
}

// FeedbackAction is a step of a case.
type FeedbackAction string

const (
	FbAcknowledge FeedbackAction = "acknowledge" // the provider takes the case in (受理)
	FbFix         FeedbackAction = "fix"         // the provider corrected the data, with a note
	FbDispute     FeedbackAction = "dispute"     // the provider holds the data right, with a reason
	FbConfirm     FeedbackAction = "confirm"     // the reporter accepts the answer: closed
	FbReopen      FeedbackAction = "reopen"      // the reporter does not, with a reason: back to the provider
)

// FeedbackActions lists the actions in display order.
var FeedbackActions = FeedbackFlow.Actions()

// FeedbackActor is the side taking a step.
type FeedbackActor string

const (
	FbByProvider FeedbackActor = "provider" // the provider unit's 责任人 or 联系人
	FbByReporter FeedbackActor = "reporter" // the reporting unit's 责任人 or 联系人
)

// ByProvider reports whether the provider takes the action (authz feedback.respond), rather than
// the reporter (feedback.close).
func (a FeedbackAction) ByProvider() bool {
	t, _ := FeedbackFlow.Step(a)
	return slices.Contains(t.By, FbByProvider)
}

// FeedbackFlow is the case lifecycle (SHR-R6). The side is checked first: a step of the other
// side is forbidden whatever the state.
var FeedbackFlow = &Workflow[FeedbackStatus, FeedbackAction, FeedbackActor, any]{
	Name: "feedback", Title: "nav.feedback", Clauses: []string{"SHR-R6"}, States: FeedbackStatuses,
	Conflict: "err.feedback.transition", StateKey: "fbstatus.", ActionKey: "fbaction.", NoteMax: 1000, SideFirst: true,
	Steps: []Transition[FeedbackStatus, FeedbackAction, FeedbackActor, any]{
		{Action: FbAcknowledge, From: []FeedbackStatus{FbSubmitted}, To: FbAcknowledged, By: []FeedbackActor{FbByProvider}},
		{Action: FbFix, From: []FeedbackStatus{FbAcknowledged}, To: FbFixed, By: []FeedbackActor{FbByProvider}, Note: "note"},
		{Action: FbDispute, From: []FeedbackStatus{FbAcknowledged}, To: FbDisputed, By: []FeedbackActor{FbByProvider}, Note: "reason"},
		{Action: FbConfirm, From: []FeedbackStatus{FbFixed, FbDisputed}, To: FbConfirmed, By: []FeedbackActor{FbByReporter}},
		{Action: FbReopen, From: []FeedbackStatus{FbFixed, FbDisputed}, To: FbSubmitted, By: []FeedbackActor{FbByReporter}, Note: "reason"},
	},
}

// FeedbackNoteField names the field an action's text goes in ("note" or "reason"), "" for none.
func FeedbackNoteField(act FeedbackAction) string { return FeedbackFlow.NoteField(act) }
