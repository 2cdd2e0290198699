package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// What the requester stated is written once; a step saves the state and the answer.
var sharings = newTable("sharing request", "sharing_requests", "q", ` LEFT JOIN catalog_entries c ON c.id = q.entry_id
	LEFT JOIN units pu ON pu.id = q.provider_unit_id LEFT JOIN units ru ON ru.id = q.requester_unit_id
	LEFT JOIN systems s ON s.id = q.system_id`, func(r *domain.SharingRequest) []column {
	return versioned(&r.ID, &r.Version, &r.CreatedAt, &r.UpdatedAt,
		once("entry_id", &r.EntryID), join("COALESCE(c.name, '')", &r.EntryName), join("COALESCE(c.code, '')", &r.EntryCode),
		once("provider_unit_id", &r.ProviderUnitID), join("COALESCE(pu.name, '')", &r.ProviderName),
		once("requester_unit_id", &r.RequesterUnitID), join("COALESCE(ru.name, '')", &r.RequesterName),
		once("purpose", &r.Purpose), once("basis", &r.Basis), once("items", textAs(&r.Items, parseNames, namesText)),
		once("system_id", ref(&r.SystemID)), join("COALESCE(s.name, '')", &r.SystemName), once("use_until", date(&r.UseUntil)),
		once("submitted_on", date(&r.SubmittedOn)), once("due_date", date(&r.DueDate)), once("escalated_at", at(&r.EscalatedAt)),
		c("status", text(&r.Status)), c("answered_at", at(&r.AnsweredAt)), c("scope", &r.Scope),
		c("scope_items", textAs(&r.ScopeItems, parseNames, namesText)), c("valid_until", date(&r.ValidUntil)),
		c("refusal_reason", &r.RefusalReason))
})

func namesText(names []string) string {
	if names == nil {
		names = []string{}
	}
	b, _ := json.Marshal(names)
	return string(b)
}

func parseNames(s string) []string {
	out := []string{}
	_ = json.Unmarshal([]byte(s), &out)
	return out
}

// SharingRequest loads one request; domain.NotFound when there is none.
func (r Reader) SharingRequest(ctx context.Context, id int64) (*domain.SharingRequest, error) {
	return sharings.get(ctx, r, `q.id = ?`, id)
}

// SharingFilter narrows the request list. The list runs newest first: Before is the keyset
// cursor (the last id of the previous page). RequesterIn and ProviderIn keep the requests of
// those units on that side ("我申请的", "待我答复"); nil means any, an empty non-nil list none.
type SharingFilter struct {
	Query       string // entry name or purpose contains
	RequesterIn []int64
	ProviderIn  []int64
	EntryID     int64
	Status      domain.SharingStatus
	OverdueOn   time.Time // only unanswered requests whose due date is before this day
	Escalated   bool      // only unanswered requests already escalated
	// AnsweredFrom and AnsweredTo (non-zero): only requests answered at or after, before (the
	// overview's answer-time figures, DashAnswerTimes).
	AnsweredFrom, AnsweredTo time.Time
	Before                   int64
	Limit                    int
}

func (r Reader) sharingWhere(scope authz.Scope, f SharingFilter) *filter {
	w := r.where(`1 = 1`)
	w.addIf(f.Before > 0, `q.id < ?`, f.Before)
	w.between(scope, "q.provider_unit_id", "q.requester_unit_id", f.ProviderIn, f.RequesterIn)
	w.contains(strings.TrimSpace(f.Query), "c.name", "q.purpose")
	eq(w, "q.entry_id", f.EntryID)
	eq(w, "q.status", string(f.Status))
	w.addIf(!f.OverdueOn.IsZero(), `q.status = ? AND q.due_date < ?`, string(domain.SharingSubmitted), fmtDate(f.OverdueOn))
	w.addIf(f.Escalated, `q.status = ? AND q.escalated_at <> 0`, string(domain.SharingSubmitted))
	w.addIf(!f.AnsweredFrom.IsZero(), `q.answered_at >= ?`, micros(f.AnsweredFrom))
	w.addIf(!f.AnsweredTo.IsZero(), `q.answered_at < ? AND q.answered_at <> 0`, micros(f.AnsweredTo))
	return w
}

// SharingRequests lists the requests within scope, newest first. The scope comes from
// authz.ReadScope, so a unit's query returns only requests it made or must answer.
func (r Reader) SharingRequests(ctx context.Context, scope authz.Scope, f SharingFilter) ([]*domain.SharingRequest, error) {
	return sharings.list(ctx, r, "sharing requests", r.sharingWhere(scope, f), ` ORDER BY q.id DESC`, f.Limit)
}

// CountSharingRequests counts the requests within scope that match f (Before and Limit ignored).
func (r Reader) CountSharingRequests(ctx context.Context, scope authz.Scope, f SharingFilter) (int, error) {
	f.Before = 0
	return r.countWhere(ctx, "sharing requests", "sharing_requests q LEFT JOIN catalog_entries c ON c.id = q.entry_id", r.sharingWhere(scope, f))
}

// InsertSharingRequest stores a new request.
func (tx *Tx) InsertSharingRequest(ctx context.Context, q *domain.SharingRequest) error {
	return sharings.insert(ctx, tx, q)
}

// UpdateSharingRequest saves a step of q (its state and answer) if its version is still
// q.Version (a stale one is a conflict). What the requester stated never changes.
func (tx *Tx) UpdateSharingRequest(ctx context.Context, q *domain.SharingRequest) error {
	return sharings.update(ctx, tx, q, "")
}

// OverdueSharingToEscalate lists the ids of the unanswered requests whose due date is before
// today and that were not escalated yet, oldest first.
func (r Reader) OverdueSharingToEscalate(ctx context.Context, today time.Time) ([]int64, error) {
	return queryAll(ctx, r.q, "overdue sharing requests", scalar[int64],
		`SELECT id FROM sharing_requests WHERE status = ? AND due_date < ? AND escalated_at = 0 ORDER BY id`,
		string(domain.SharingSubmitted), fmtDate(today))
}

// EscalateSharing marks request id escalated at now if it is still unanswered, overdue on today
// and not escalated: one conditional UPDATE, so two escalation runs at once escalate it once.
// It reports whether this call did. The version stays: escalation is the system's note on the
// request, and must not turn the provider's open answer form stale.
func (tx *Tx) EscalateSharing(ctx context.Context, id int64, today, now time.Time) (bool, error) {
	ok, err := changedOne(tx.exec(ctx, `UPDATE sharing_requests SET escalated_at = ? WHERE id = ? AND status = ? AND due_date < ? AND escalated_at = 0`,
		micros(now), id, string(domain.SharingSubmitted), fmtDate(today)))
	return ok, wrap(err, "escalate sharing request %d", id)
}
