package domain

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Finding is what a governance rule found of one record (issue 11): the rule engine
// (internal/rules) evaluates the rules, the service keeps one finding per record and rule
// (app/rules.go). A finding resolves by itself when the rule stops firing, and is waived while
// an approved waiver of its record and rule runs.
type Finding struct {
	ID          int64         `json:"id"`
	SubjectKind string        `json:"subject_kind"` // system, machine_room, website, media, unit, base_library, application
	SubjectID   int64         `json:"subject_id"`
	SubjectName string        `json:"subject_name"`
	UnitID      int64         `json:"unit_id"` // the unit it belongs to; 0 for the district's own (base libraries)
	UnitName    string        `json:"unit_name,omitempty"`
	RuleID      string        `json:"rule_id"`
	RuleVersion int64         `json:"rule_version"` // the rule set's version that last found it
	Clauses     []string      `json:"clauses"`
	Severity    string        `json:"severity"` // error, warning, info
	MessageZH   string        `json:"message_zh"`
	MessageEN   string        `json:"message_en"`
	Status      FindingStatus `json:"status"`
	FirstSeen   time.Time     `json:"first_seen"`
	LastSeen    time.Time     `json:"last_seen"`
	ResolvedAt  time.Time     `json:"resolved_at,omitzero"`
}

// Message is the finding's message in lang.
func (f *Finding) Message(lang string) string {
	if lang == "en" && f.MessageEN != "" {
		return f.MessageEN
	}
	return f.MessageZH
}

// FindingStatus is open, waived or resolved.
type FindingStatus string

// The finding statuses.
const (
	FindingOpen     FindingStatus = "open"
	FindingWaived   FindingStatus = "waived"
	FindingResolved FindingStatus = "resolved"
)

// FindingStatuses lists them in display order.
var FindingStatuses = []FindingStatus{FindingOpen, FindingWaived, FindingResolved}

// Live reports whether the rule still fires (open or waived).
func (s FindingStatus) Live() bool { return s == FindingOpen || s == FindingWaived }

// Waiver (豁免) sets a finding aside: the record's unit asks with a reason and an expiry, the
// info office approves or refuses; an approved waiver lapses on its expiry (the sweep), and the
// office may revoke it before.
type Waiver struct {
	ID          int64        `json:"id"`
	SubjectKind string       `json:"subject_kind"`
	SubjectID   int64        `json:"subject_id"`
	SubjectName string       `json:"subject_name,omitempty"` // read with it (the finding's)
	UnitID      int64        `json:"unit_id"`
	UnitName    string       `json:"unit_name,omitempty"`
	RuleID      string       `json:"rule_id"`
	Reason      string       `json:"reason"`
	ExpiresOn   time.Time    `json:"expires_on"` // the last day it holds
	Status      WaiverStatus `json:"status"`
	Comment     string       `json:"comment"` // the office's, on approval, refusal or revocation
	RequestedBy int64        `json:"requested_by,omitempty"`
	DecidedBy   int64        `json:"decided_by,omitempty"`
	DecidedAt   time.Time    `json:"decided_at,omitzero"`
	Version     int64        `json:"version"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
}

// WaiverStatus is a state of a waiver.
type WaiverStatus string

// WaiverAction is a step of a waiver.
type WaiverAction string

// The waiver states and steps.
const (
	WaiverRequested WaiverStatus = "requested"
	WaiverApproved  WaiverStatus = "approved"
	WaiverRefused   WaiverStatus = "refused"
	WaiverWithdrawn WaiverStatus = "withdrawn"
	WaiverRevoked   WaiverStatus = "revoked"
	WaiverLapsed    WaiverStatus = "lapsed" // past its expiry (the sweep)

	WaiverApprove  WaiverAction = "approve"
	WaiverRefuse   WaiverAction = "refuse"
	WaiverWithdraw WaiverAction = "withdraw"
	WaiverRevoke   WaiverAction = "revoke"
)

// WaiverStatuses lists the states in display order.
var WaiverStatuses = []WaiverStatus{WaiverRequested, WaiverApproved, WaiverRefused, WaiverWithdrawn, WaiverRevoked, WaiverLapsed}

// MaxWaiverDays bounds a waiver's length: the office looks at it again at least every year.
const MaxWaiverDays = 366

// WaiverCheck is what a waiver step is checked against: the day.
type WaiverCheck struct{ Today time.Time }

// Validate checks a waiver request: a reason, and an expiry after today and within a year.
func (w *Waiver) Validate(today time.Time) error {
	w.Reason = strings.TrimSpace(w.Reason)
	var errs Problems
	errs.Check(w.Reason == "", "reason", "err.required")
	errs.Check(utf8.RuneCountInString(w.Reason) > 1000, "reason", "err.too_long", 1000)
	if !errs.Check(w.ExpiresOn.IsZero(), "expires_on", "err.required") {
		errs.Check(!w.ExpiresOn.After(today), "expires_on", "err.waiver.expiry_past")
		errs.Check(w.ExpiresOn.After(today.AddDate(0, 0, MaxWaiverDays)), "expires_on", "err.waiver.expiry_far", MaxWaiverDays)
	}
	return errs.Err()
}

// Blocks reports whether the waiver stands in the way of another request for its finding:
// it waits for the office, or it is in force (one at a time per record and rule).
func (w *Waiver) Blocks() bool { return w.Status == WaiverRequested || w.Status == WaiverApproved }

// Holds reports whether the waiver sets its finding aside on the day today.
func (w *Waiver) Holds(today time.Time) bool {
	return w.Status == WaiverApproved && !today.After(w.ExpiresOn)
}

// WaiverFlow is a waiver's course: the office approves or refuses the unit's request (a
// refusal needs its comment), the unit may withdraw it while it waits, the office may revoke an
// approved one (with its comment). Lapsing on expiry is the sweep's, not a step.
var WaiverFlow = &Workflow[WaiverStatus, WaiverAction, SystemActor, WaiverCheck]{
	Name: "waiver", Title: "waiver.title", Clauses: []string{"ORG-3"}, States: WaiverStatuses[:5], // lapsed: the sweep's, not a step
	Conflict: "err.waiver.transition", StateKey: "waiverstatus.", ActionKey: "waiveraction.", NoteMax: 1000,
	Steps: []Transition[WaiverStatus, WaiverAction, SystemActor, WaiverCheck]{
		{Action: WaiverApprove, From: []WaiverStatus{WaiverRequested}, To: WaiverApproved, By: officeOnly},
		{Action: WaiverRefuse, From: []WaiverStatus{WaiverRequested}, To: WaiverRefused, By: officeOnly, Note: "comment"},
		{Action: WaiverWithdraw, From: []WaiverStatus{WaiverRequested}, To: WaiverWithdrawn, By: unitOnly},
		{Action: WaiverRevoke, From: []WaiverStatus{WaiverApproved}, To: WaiverRevoked, By: officeOnly, Note: "comment"},
	},
}

// WaiverActions lists the waiver's actions in display order.
var WaiverActions = WaiverFlow.Actions()

// Bilingual is a text kept in both languages (a rule's message), an argument i18n.T shows in
// the reader's.
type Bilingual struct{ ZH, EN string }

// InLang is the text in lang ("en", or Chinese for anything else).
func (b Bilingual) InLang(lang string) string {
	if lang == "en" && b.EN != "" {
		return b.EN
	}
	return b.ZH
}

func (b Bilingual) String() string { return b.ZH }

// RuleViolation is the error of a governance rule that refuses a step (deny) or that the step
// must acknowledge (warn): 422, the rule's ID in Rule, its clauses and message as arguments.
func RuleViolation(ruleID string, clauses []string, msg Bilingual) *Error {
	return &Error{Code: EUnprocessable, Message: "err.rules.violation", Rule: ruleID, Args: []any{strings.Join(clauses, " · "), msg}}
}
