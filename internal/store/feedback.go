package store

import (
	"context"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// Data-correction feedback (SHR-R6): cases between a reporting and a providing unit.

const feedbackCols = `f.id, f.reporter_unit_id, COALESCE(ru.name, ''), f.provider_unit_id, COALESCE(pu.name, ''),
	COALESCE(f.entry_id, 0), COALESCE(c.name, ''), f.library, f.kind, f.data_item, f.description, f.sample_ref,
	f.status, f.resolution, f.provider_note, f.reopen_reason, f.reopens, f.due_date, f.reported_at, f.answered_at,
	f.closed_at, f.escalated_at, f.ever_overdue, f.version, f.created_at, f.updated_at`
const feedbackFrom = ` FROM feedback f LEFT JOIN units ru ON ru.id = f.reporter_unit_id LEFT JOIN units pu ON pu.id = f.provider_unit_id
	LEFT JOIN catalog_entries c ON c.id = f.entry_id`

var scanFeedback = scanner(func(f *domain.Feedback) []any {
	return []any{&f.ID, &f.ReporterUnitID, &f.ReporterName, &f.ProviderUnitID, &f.ProviderName,
		&f.EntryID, &f.EntryName, text(&f.Library), text(&f.Kind), &f.DataItem, &f.Description, &f.SampleRef,
		text(&f.Status), text(&f.Resolution), &f.ProviderNote, &f.ReopenReason, &f.Reopens, date(&f.DueDate), at(&f.ReportedAt), at(&f.AnsweredAt),
		at(&f.ClosedAt), at(&f.EscalatedAt), flag(&f.EverOverdue), &f.Version, at(&f.CreatedAt), at(&f.UpdatedAt)}
})

// Feedback loads one case; domain.NotFound when there is none.
func (r Reader) Feedback(ctx context.Context, id int64) (*domain.Feedback, error) {
	return queryOne(ctx, r.q, "feedback", scanFeedback, `SELECT `+feedbackCols+feedbackFrom+` WHERE f.id = ?`, id)
}

// FeedbackFilter narrows the case list, newest first; Before is the keyset cursor.
type FeedbackFilter struct {
	ReporterUnitIDs  []int64 // "reported by us": any of these units reported it
	ProviderUnitIDs  []int64 // "waiting for us": any of these units provides it
	ProviderUnitID   int64
	EntryID          int64
	Library          domain.BaseLibrary
	Status           domain.FeedbackStatus
	Open             bool      // the provider owes the next step (submitted or acknowledged)
	AwaitingReporter bool      // the reporter owes the next step: confirm or reopen (fixed or disputed)
	OverdueOn        time.Time // non-zero: only cases the provider owes past their deadline on this date
	ReportedFrom     time.Time // non-zero: reported at or after
	ReportedTo       time.Time // non-zero: reported before
	Before           int64
	Limit            int
}

// feedbackWhere builds the condition. A case is in scope when its provider or its reporter is
// (authz.canSee for two-unit records).
func (r Reader) feedbackWhere(scope authz.Scope, f FeedbackFilter) *filter {
	w := r.where(`1 = 1`)
	w.addIf(f.Before > 0, `f.id < ?`, f.Before)
	w.between(scope, "f.provider_unit_id", "f.reporter_unit_id", f.ProviderUnitIDs, f.ReporterUnitIDs)
	eq(w, "f.provider_unit_id", f.ProviderUnitID)
	eq(w, "f.entry_id", f.EntryID)
	eq(w, "f.library", string(f.Library))
	eq(w, "f.status", string(f.Status))
	w.addIf(f.Open || !f.OverdueOn.IsZero(), `f.status IN (?, ?)`, string(domain.FbSubmitted), string(domain.FbAcknowledged))
	w.addIf(f.AwaitingReporter, `f.status IN (?, ?)`, string(domain.FbFixed), string(domain.FbDisputed))
	w.addIf(!f.OverdueOn.IsZero(), `f.due_date < ?`, fmtDate(f.OverdueOn))
	w.addIf(!f.ReportedFrom.IsZero(), `f.reported_at >= ?`, micros(f.ReportedFrom))
	w.addIf(!f.ReportedTo.IsZero(), `f.reported_at < ?`, micros(f.ReportedTo))
	return w
}

// Feedbacks lists the cases within scope (from authz.ReadScope), newest first.
func (r Reader) Feedbacks(ctx context.Context, scope authz.Scope, f FeedbackFilter) ([]*domain.Feedback, error) {
	return list(ctx, r.q, "feedback list", scanFeedback, `SELECT `+feedbackCols+feedbackFrom, r.feedbackWhere(scope, f), ` ORDER BY f.id DESC`, f.Limit)
}

// CountFeedback counts the cases within scope that match f (Before and Limit ignored).
func (r Reader) CountFeedback(ctx context.Context, scope authz.Scope, f FeedbackFilter) (int, error) {
	f.Before = 0
	return r.countWhere(ctx, "feedback", "feedback f", r.feedbackWhere(scope, f))
}

// What was reported is written once; the workflow fields are saved at every step.
var feedbackRecord = newRecord("feedback", []string{"reporter_unit_id", "provider_unit_id", "entry_id", "library", "kind", "data_item",
	"description", "sample_ref", "reported_at"},
	"status", "resolution", "provider_note", "reopen_reason", "reopens", "due_date", "answered_at", "closed_at", "escalated_at", "ever_overdue")

func feedbackValues(f *domain.Feedback) []any {
	return []any{string(f.Status), string(f.Resolution), f.ProviderNote, f.ReopenReason, f.Reopens, fmtDate(f.DueDate),
		micros(f.AnsweredAt), micros(f.ClosedAt), micros(f.EscalatedAt), b2i(f.EverOverdue)}
}

// InsertFeedback stores a new case.
func (tx *Tx) InsertFeedback(ctx context.Context, f *domain.Feedback) error {
	fixed := []any{f.ReporterUnitID, f.ProviderUnitID, nullID(f.EntryID), string(f.Library), string(f.Kind), f.DataItem, f.Description,
		f.SampleRef, micros(f.ReportedAt)}
	return wrap(tx.insert(ctx, feedbackRecord, append(fixed, feedbackValues(f)...), &f.ID, &f.Version, &f.CreatedAt, &f.UpdatedAt), "insert feedback")
}

// UpdateFeedback saves the case's workflow fields if its version is still f.Version (a stale
// one is a conflict). What was reported never changes.
func (tx *Tx) UpdateFeedback(ctx context.Context, f *domain.Feedback) error {
	return wrap(tx.update(ctx, feedbackRecord, feedbackValues(f), f.ID, &f.Version, &f.UpdatedAt), "update feedback %d", f.ID)
}

// OverdueUnescalatedFeedback lists the cases the provider owes past their deadline on the date
// today that were not escalated yet, oldest first (for the escalation sweep).
func (r Reader) OverdueUnescalatedFeedback(ctx context.Context, today time.Time) ([]*domain.Feedback, error) {
	return queryAll(ctx, r.q, "overdue feedback", scanFeedback,
		`SELECT `+feedbackCols+feedbackFrom+` WHERE f.status IN (?, ?) AND f.due_date < ? AND f.escalated_at = 0 ORDER BY f.id`,
		string(domain.FbSubmitted), string(domain.FbAcknowledged), fmtDate(today))
}

// EscalateFeedback marks case id escalated at now if the provider still owes it a step past its
// deadline on today and it was not escalated: one conditional UPDATE, so two runs at once, or a
// run racing the provider's answer, escalate it at most once and never fail. It reports whether
// this call did. The version stays: escalation is the system's note on the case, and must not
// turn the provider's open form stale.
func (tx *Tx) EscalateFeedback(ctx context.Context, id int64, today, now time.Time) (bool, error) {
	ok, err := changedOne(tx.exec(ctx, `UPDATE feedback SET escalated_at = ?, ever_overdue = 1
		WHERE id = ? AND status IN (?, ?) AND due_date < ? AND escalated_at = 0`,
		micros(now), id, string(domain.FbSubmitted), string(domain.FbAcknowledged), fmtDate(today)))
	return ok, wrap(err, "escalate feedback %d", id)
}

// BackdateFeedback moves a case's report, first answer and deadline into the past: for demo
// data only, which is made through the use cases today but tells a story of weeks.
func (tx *Tx) BackdateFeedback(ctx context.Context, id int64, reported, answered, due time.Time, everOverdue bool) error {
	_, err := tx.exec(ctx, `UPDATE feedback SET reported_at = ?, answered_at = ?, due_date = ?, ever_overdue = ?, created_at = ? WHERE id = ?`,
		micros(reported), micros(answered), fmtDate(due), b2i(everOverdue), micros(reported), id)
	return wrap(err, "backdate feedback %d", id)
}
