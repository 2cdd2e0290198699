package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Sharing requests (国发〔2016〕51号《政务信息资源共享管理暂行办法》): a unit that needs a 有条件共享
// resource of another unit asks its provider, stating the purpose and the legal or policy basis of
// the use; the provider answers within a number of working days (Governance.SharingReplyDays),
// approving with a scope or refusing with a reason. 无条件共享 needs no request, and 不予共享
// cannot be requested, only its basis read. This is the governance record of sharing, not the
// data transfer, which runs on the exchange platform (SHR-P1).

// SharingStatus is a state of a sharing request.
type SharingStatus string

const (
	SharingSubmitted SharingStatus = "submitted" // waiting for the provider's answer
	SharingApproved  SharingStatus = "approved"  // the provider shares, within its scope
	SharingRefused   SharingStatus = "refused"   // the provider refused, with its reason
	SharingWithdrawn SharingStatus = "withdrawn" // the requester took it back before the answer
)

// SharingStatuses lists the states in display order.
var SharingStatuses = []SharingStatus{SharingSubmitted, SharingApproved, SharingRefused, SharingWithdrawn}

// SharingAction is a step of a request's lifecycle (submission is its creation).
type SharingAction string

const (
	SharingApprove  SharingAction = "approve"  // the provider approves, with a scope
	SharingRefuse   SharingAction = "refuse"   // the provider refuses, with a reason
	SharingWithdraw SharingAction = "withdraw" // the requester withdraws before the answer
)

// SharingActions lists the actions in display order.
var SharingActions = SharingFlow.Actions()

// Answers reports whether the action is the provider's answer (authz sharing.answer).
func (a SharingAction) Answers() bool { return a == SharingApprove || a == SharingRefuse }

// SharingActor is the side in which someone acts on a request.
type SharingActor string

const (
	ShareByRequester SharingActor = "requester" // the requesting unit's 责任人 or 联系人
	ShareByProvider  SharingActor = "provider"  // the providing unit's 责任人 or 联系人
)

// SharingFlow is the request lifecycle (SHR-P3). Every step leaves submitted, so an answered or
// withdrawn request is final: answering twice or withdrawing an answered request is a conflict.
var SharingFlow = &Workflow[SharingStatus, SharingAction, SharingActor, any]{
	Name: "sharing", Title: "nav.sharing", Clauses: []string{"SHR-P3"}, States: SharingStatuses,
	Conflict: "err.sharing.transition", StateKey: "sharingstatus.", ActionKey: "sharingaction.",
	Steps: []Transition[SharingStatus, SharingAction, SharingActor, any]{
		{Action: SharingApprove, From: []SharingStatus{SharingSubmitted}, To: SharingApproved, By: []SharingActor{ShareByProvider}},
		{Action: SharingRefuse, From: []SharingStatus{SharingSubmitted}, To: SharingRefused, By: []SharingActor{ShareByProvider}},
		{Action: SharingWithdraw, From: []SharingStatus{SharingSubmitted}, To: SharingWithdrawn, By: []SharingActor{ShareByRequester}},
	},
}

// SharingRequest is one unit's request for a 有条件共享 catalog entry of another unit. The
// provider is the entry's at submission and stays fixed, so the request keeps answering to the
// unit it was sent to. SubmittedOn is the day of receipt and DueDate the last working day of the
// answer (SubmittedOn + SharingReplyDays working days), both fixed at submission: a later change
// of the calendar or the period does not move a deadline already running.
type SharingRequest struct {
	ID              int64         `json:"id"`
	EntryID         int64         `json:"entry_id"`
	EntryName       string        `json:"entry_name,omitempty"`
	EntryCode       string        `json:"entry_code,omitempty"`
	ProviderUnitID  int64         `json:"provider_unit_id"`
	ProviderName    string        `json:"provider_name,omitempty"`
	RequesterUnitID int64         `json:"requester_unit_id"`
	RequesterName   string        `json:"requester_name,omitempty"`
	Purpose         string        `json:"purpose"`
	Basis           string        `json:"basis"`     // the legal or policy basis of the use
	Items           []string      `json:"items"`     // the data items asked for; empty: the whole entry
	SystemID        int64         `json:"system_id"` // the requester's system that will use the data, optional
	SystemName      string        `json:"system_name,omitempty"`
	UseUntil        time.Time     `json:"use_until,omitzero"` // the end of the intended use, optional
	Status          SharingStatus `json:"status"`
	SubmittedOn     time.Time     `json:"submitted_on"`
	DueDate         time.Time     `json:"due_date"`
	AnsweredAt      time.Time     `json:"answered_at,omitzero"`
	Scope           string        `json:"scope"`       // an approval's scope: conditions, channel, period
	ScopeItems      []string      `json:"scope_items"` // the data items approved; empty: all those asked for
	ValidUntil      time.Time     `json:"valid_until,omitzero"`
	RefusalReason   string        `json:"refusal_reason"`
	EscalatedAt     time.Time     `json:"escalated_at,omitzero"` // when the overdue answer went to the provider's 责任人 and the office
	Version         int64         `json:"version"`
	CreatedAt       time.Time     `json:"created_at"`
	UpdatedAt       time.Time     `json:"updated_at"`
}

// Overdue reports whether the answer is late on date today: still unanswered after its due date.
func (r *SharingRequest) Overdue(today time.Time) bool {
	return r.Status == SharingSubmitted && Day(today).After(r.DueDate)
}

// Normalize trims what people paste into forms and drops empty and repeated item names.
func (r *SharingRequest) Normalize() {
	trimSpace(&r.Purpose, &r.Basis)
	r.Items = normNames(r.Items)
}

func normNames(in []string) []string {
	out := []string{}
	for _, s := range in {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Validate checks what the requester states (the app checks the entry and the system).
func (r *SharingRequest) Validate() error {
	r.Normalize()
	var errs Problems
	errs.Check(r.RequesterUnitID == 0, "requester_unit_id", "err.required")
	errs.Check(r.EntryID == 0, "entry_id", "err.required")
	errs.Check(r.Purpose == "", "purpose", "err.sharing.purpose_required")
	errs.Check(utf8.RuneCountInString(r.Purpose) > 1000, "purpose", "err.too_long", 1000)
	errs.Check(r.Basis == "", "basis", "err.sharing.basis_required")
	errs.Check(utf8.RuneCountInString(r.Basis) > 1000, "basis", "err.too_long", 1000)
	errs.Check(!slices.Contains(SharingStatuses, r.Status), "status", "err.enum")
	return errs.Err()
}

// CheckSharable decides whether unit requester may request entry c (SHR-P3, 国发〔2016〕51号):
// only another unit's published 有条件共享 entry; 无条件共享 needs no request and 不予共享 can
// only have its basis read. The items asked for must be the entry's own and not themselves
// 不予共享. Refusals are 422 on entry_id (or items).
func CheckSharable(c *CatalogEntry, requester int64, items []string) error {
	refuse := func(field, key string, args ...any) error {
		e := Errorf(EUnprocessable, key, args...)
		e.Field = field
		return e
	}
	switch {
	case c.ProviderUnitID == requester:
		return refuse("entry_id", "err.sharing.own_entry")
	case c.Status != CatPublished:
		return refuse("entry_id", "err.sharing.not_published", "catstatus."+string(c.Status))
	case c.ShareType == ShareUnconditional:
		return refuse("entry_id", "err.sharing.unconditional")
	case c.ShareType == ShareNone:
		basis := c.ShareBasis
		if basis == "" {
			basis = c.ShareCondition
		}
		return refuse("entry_id", "err.sharing.not_shared", basis)
	case c.ShareType != ShareConditional:
		return refuse("entry_id", "err.sharing.not_conditional")
	}
	return checkItems(c, "items", items)
}

// checkItems checks that every name is a data item of the entry that may be shared at all.
func checkItems(c *CatalogEntry, field string, names []string) error {
	for _, n := range names {
		i := slices.IndexFunc(c.Items, func(d DataItem) bool { return d.Name == n })
		if i < 0 {
			return Invalid(field, "err.sharing.no_such_item", n)
		}
		if c.Items[i].ShareType == ShareNone {
			return Invalid(field, "err.sharing.item_not_shared", n)
		}
	}
	return nil
}

// SharingAnswer is the provider's answer: an approval states its scope (and may narrow the
// items and set an end date), a refusal its reason.
type SharingAnswer struct {
	Scope      string
	ScopeItems []string
	ValidUntil time.Time
	Reason     string
}

// DecideSharing checks the provider's answer to r about entry c and writes it onto r: an approval
// needs a scope, an entry still published, and may approve only items asked for (all of the
// entry's when none were named); a refusal needs its reason. today bounds the end date of an approval.
func DecideSharing(r *SharingRequest, c *CatalogEntry, act SharingAction, ans SharingAnswer, today time.Time) error {
	trimSpace(&ans.Scope, &ans.Reason)
	switch act {
	case SharingApprove:
		items := normNames(ans.ScopeItems)
		if c.Status != CatPublished {
			// Withdrawn (or back under review) since the request came: nothing left to approve.
			e := Errorf(EUnprocessable, "err.sharing.not_published", "catstatus."+string(c.Status))
			e.Field = "entry_id"
			return e
		}
		switch {
		case ans.Scope == "":
			return Invalid("scope", "err.sharing.scope_required")
		case utf8.RuneCountInString(ans.Scope) > 2000:
			return Invalid("scope", "err.too_long", 2000)
		case !ans.ValidUntil.IsZero() && Day(ans.ValidUntil).Before(Day(today)):
			return Invalid("valid_until", "err.sharing.valid_until_past")
		}
		for _, n := range items {
			if len(r.Items) > 0 && !slices.Contains(r.Items, n) {
				return Invalid("scope_items", "err.sharing.item_not_asked", n)
			}
		}
		if err := checkItems(c, "scope_items", items); err != nil {
			return err
		}
		r.Scope, r.ScopeItems, r.ValidUntil, r.RefusalReason = ans.Scope, items, Day(ans.ValidUntil), ""
		if ans.ValidUntil.IsZero() {
			r.ValidUntil = time.Time{}
		}
	case SharingRefuse:
		switch {
		case ans.Reason == "":
			return Invalid("refusal_reason", "err.sharing.reason_required")
		case utf8.RuneCountInString(ans.Reason) > 2000:
			return Invalid("refusal_reason", "err.too_long", 2000)
		}
		r.RefusalReason, r.Scope, r.ScopeItems, r.ValidUntil = ans.Reason, "", []string{}, time.Time{}
	default:
		return Invalid("action", "err.enum")
	}
	return nil
}
