package store

import (
	"context"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// Data-correction feedback (SHR-R6): cases between a reporting and a providing unit.

// What was reported is written once; the workflow fields are saved at every step.
var feedbacks = newTable("feedback", "feedback", "f", ` LEFT JOIN units ru ON ru.id = f.reporter_unit_id
	LEFT JOIN units pu ON pu.id = f.provider_unit_id LEFT JOIN catalog_entries c ON c.id = f.entry_id`, func(f *domain.Feedback) []column {
	return versioned(&f.ID, &f.Version, &f.CreatedAt, &f.UpdatedAt,
		once("reporter_unit_id", &f.ReporterUnitID), join("COALESCE(ru.name, '')", &f.ReporterName),
		once("provider_unit_id", &f.ProviderUnitID), join("COALESCE(pu.name, '')", &f.ProviderName),
		once("entry_id", ref(&f.EntryID)), join("COALESCE(c.name, '')", &f.EntryName), once("library", text(&f.Library)),
		once("kind", text(&f.Kind)), once("data_item", &f.DataItem), once("description", &f.Description),
		once("sample_ref", &f.SampleRef), once("reported_at", at(&f.ReportedAt)),
		c("status", text(&f.Status)), c("resolution", text(&f.Resolution)), c("provider_note", &f.ProviderNote),
		c("reopen_reason", &f.ReopenReason), c("reopens", &f.Reopens), c("due_date", date(&f.DueDate)),
		c("answered_at", at(&f.AnsweredAt)), c("closed_at", at(&f.ClosedAt)), c("escalated_at", at(&f.EscalatedAt)),
		c("ever_overdue", flag(&f.EverOverdue)))
})

// Feedback loads one case; domain.NotFound when there is none.
func (r Reader) Feedback(ctx context.Context, id int64) (*domain.Feedback, error) {
	return feedbacks.get(ctx, r, `f.id = ?`, id)
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
	AnsweredFrom     time.Time // non-zero: first answered (fixed or disputed) at or after
	AnsweredTo       time.Time // non-zero: first answered before (the overview's answer times, DashAnswerTimes)
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
	w.addIf(!f.AnsweredFrom.IsZero(), `f.answered_at >= ?`, micros(f.AnsweredFrom))
	w.addIf(!f.AnsweredTo.IsZero(), `f.answered_at < ? AND f.answered_at <> 0`, micros(f.AnsweredTo))
	return w
}

// Feedbacks lists the cases within scope (from authz.ReadScope), newest first.
func (r Reader) Feedbacks(ctx context.Context, scope authz.Scope, f FeedbackFilter) ([]*domain.Feedback, error) {
	return feedbacks.list(ctx, r, "feedback list", r.feedbackWhere(scope, f), ` ORDER BY f.id DESC`, f.Limit)
}

// CountFeedback counts the cases within scope that match f (Before and Limit ignored).
func (r Reader) CountFeedback(ctx context.Context, scope authz.Scope, f FeedbackFilter) (int, error) {
	f.Before = 0
	return r.countWhere(ctx, "feedback", "feedback f", r.feedbackWhere(scope, f))
}

// InsertFeedback stores a new case.
func (tx *Tx) InsertFeedback(ctx context.Context, f *domain.Feedback) error {
	return feedbacks.insert(ctx, tx, f)
}

// UpdateFeedback saves the case's workflow fields if its version is still f.Version (a stale
// one is a conflict). What was reported never changes.
func (tx *Tx) UpdateFeedback(ctx context.Context, f *domain.Feedback) error {
	return feedbacks.update(ctx, tx, f, "")
}

// OverdueUnescalatedFeedback lists the cases the provider owes past their deadline on the date
// today that were not escalated yet, oldest first (for the escalation sweep).
func (r Reader) OverdueUnescalatedFeedback(ctx context.Context, today time.Time) ([]*domain.Feedback, error) {
	return feedbacks.all(ctx, r, "overdue feedback", ` WHERE f.status IN (?, ?) AND f.due_date < ? AND f.escalated_at = 0 ORDER BY f.id`,
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
