package store

import (
	"context"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// Rectification notices (整改通知书, FLOW-4, FLOW-5), migration 0031: one versioned row per
// notice, its items as a JSON list; the number is allocated by NextDocNumber in the issuing
// transaction (the task books' sequence). A project's halt is two columns of its row.

var rectifications = newTable("rectification notice", "rectifications", "r", ` JOIN projects p ON p.id = r.project_id
	LEFT JOIN units u ON u.id = r.unit_id`,
	func(x *domain.Rectification) []column {
		return versioned(&x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt,
			once("project_id", &x.ProjectID), once("unit_id", &x.UnitID),
			join("p.name", &x.ProjectName), join("COALESCE(u.name, '')", &x.UnitName),
			once("doc_prefix", &x.Number.Prefix), once("doc_year", &x.Number.Year), once("doc_seq", &x.Number.Seq),
			once("issuer", &x.Issuer), once("source", text(&x.Source)), once("source_id", &x.SourceID),
			once("stage", text(&x.Stage)), c("items", jsonList(&x.Items)), once("deadline_days", &x.DeadlineDays),
			once("issued_on", date(&x.IssuedOn)), once("deadline", date(&x.Deadline)),
			once("halts", flag(&x.Halts)), once("bureaus", flag(&x.Bureaus)),
			c("status", text(&x.Status)), c("comment", &x.Comment),
			c("answered_at", at(&x.AnsweredAt)), c("closed_at", at(&x.ClosedAt)), read("escalated_at", at(&x.EscalatedAt)))
	}).onLoad(func(x *domain.Rectification) {
	x.DocNumber = x.Number.String()
	if x.Items == nil {
		x.Items = []domain.RectItem{}
	}
}).onUnique(func(*domain.Rectification, error) error {
	return domain.Conflict() // never in practice: the number was taken
})

// Rectification loads one notice; domain.NotFound when there is none.
func (r Reader) Rectification(ctx context.Context, id int64) (*domain.Rectification, error) {
	return rectifications.get(ctx, r, `r.id = ?`, id)
}

// RectificationFilter narrows the notices.
type RectificationFilter struct {
	ProjectID int64
	UnitID    int64
	Status    domain.RectStatus
	// OverdueOn: only the notices the unit owes an answer past their deadline on that day.
	OverdueOn time.Time
	Bureaus   bool    // only those sent to the finance and audit bureaus
	Halts     bool    // only those that halted their project
	Open      bool    // only those not closed yet (the overview's open notices, issue 12)
	IDs       []int64 // only these notices (nil: any; a spot-check round's, read at once)
	After     int64   // the id of the last notice of the previous page (newest first)
	Limit     int
}

// bureauNotice is the condition of a row of a project that a notice for the finance and audit
// bureaus concerns, the column col naming the project.
func bureauNotice(col string) string {
	return col + ` IN (SELECT b.project_id FROM rectifications b WHERE b.bureaus = 1)`
}

// bureauScope keeps the rows within scope, and, for the finance and audit bureaus
// (scope.Bureaus), those for which bureau holds.
func (w *filter) bureauScope(s authz.Scope, col, bureau string) {
	if s.Bureaus && !s.All {
		w.visible(s, col, bureau)
		return
	}
	w.scope(s, col)
}

func (r Reader) rectificationWhere(scope authz.Scope, f RectificationFilter) *filter {
	w := r.where(`1 = 1`)
	w.bureauScope(scope, "r.unit_id", `r.bureaus = 1`)
	w.in("r.id", f.IDs)
	eq(w, "r.project_id", f.ProjectID)
	eq(w, "r.unit_id", f.UnitID)
	eq(w, "r.status", string(f.Status))
	w.addIf(f.Bureaus, `r.bureaus = 1`)
	w.addIf(f.Halts, `r.halts = 1`)
	w.addIf(f.Open, `r.status <> ?`, string(domain.RectClosed))
	if !f.OverdueOn.IsZero() {
		w.add(`r.status IN (?, ?) AND r.deadline < ?`, string(domain.RectIssued), string(domain.RectReturned), fmtDate(domain.Day(f.OverdueOn)))
	}
	return w
}

// Rectifications lists the notices within scope that pass f, newest first.
func (r Reader) Rectifications(ctx context.Context, scope authz.Scope, f RectificationFilter) ([]*domain.Rectification, error) {
	w := r.rectificationWhere(scope, f)
	w.addIf(f.After > 0, `r.id < ?`, f.After)
	return rectifications.list(ctx, r, "rectification notices", w, ` ORDER BY r.id DESC`, f.Limit)
}

// CountRectifications counts the notices within scope that pass f (its paging aside).
func (r Reader) CountRectifications(ctx context.Context, scope authz.Scope, f RectificationFilter) (int, error) {
	return r.countWhere(ctx, "rectification notices", `rectifications r`, r.rectificationWhere(scope, f))
}

// OpenHaltingRectifications counts the notices of a project that halted it and are not closed:
// while there is one, the project may not be resumed.
func (r Reader) OpenHaltingRectifications(ctx context.Context, projectID int64) (int, error) {
	return r.q.count(ctx, "open halting notices", `SELECT count(*) FROM rectifications WHERE project_id = ? AND halts = 1 AND status <> ?`,
		projectID, string(domain.RectClosed))
}

// BureauProject reports whether a notice for the finance and audit bureaus concerns the project.
func (r Reader) BureauProject(ctx context.Context, projectID int64) (bool, error) {
	n, err := r.q.count(ctx, "bureau notices", `SELECT count(*) FROM rectifications WHERE project_id = ? AND bureaus = 1`, projectID)
	return n > 0, err
}

// InsertRectification stores a new notice (its number allocated in the same transaction).
func (tx *Tx) InsertRectification(ctx context.Context, x *domain.Rectification) error {
	if err := rectifications.insert(ctx, tx, x); err != nil {
		return err
	}
	x.DocNumber = x.Number.String()
	return nil
}

// UpdateRectification saves x if its version is still x.Version.
func (tx *Tx) UpdateRectification(ctx context.Context, x *domain.Rectification) error {
	return rectifications.update(ctx, tx, x, "")
}

// OverdueUnescalatedRectifications lists the notices the unit owes an answer past their
// deadline on the date today that were not escalated yet, oldest first (the escalation sweep).
func (r Reader) OverdueUnescalatedRectifications(ctx context.Context, today time.Time) ([]*domain.Rectification, error) {
	return rectifications.all(ctx, r, "overdue rectification notices",
		` WHERE r.status IN (?, ?) AND r.deadline < ? AND r.escalated_at = 0 ORDER BY r.id`,
		string(domain.RectIssued), string(domain.RectReturned), fmtDate(today))
}

// EscalateRectification marks notice id escalated at now if the unit still owes it an answer
// past its deadline on today and it was not escalated: one conditional UPDATE, so two runs at
// once escalate it at most once. The version stays (the unit's open form must not turn stale).
func (tx *Tx) EscalateRectification(ctx context.Context, id int64, today, now time.Time) (bool, error) {
	ok, err := changedOne(tx.exec(ctx, `UPDATE rectifications SET escalated_at = ?
		WHERE id = ? AND status IN (?, ?) AND deadline < ? AND escalated_at = 0`,
		micros(now), id, string(domain.RectIssued), string(domain.RectReturned), fmtDate(today)))
	return ok, wrap(err, "escalate rectification %d", id)
}
