package store

import (
	"context"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// Task books (项目任务书, FLOW-3, BLD-R4): one row per approved project, its indicators and
// requirements as JSON lists. Which deviate from their indicators is what the governance rules
// found of their application (a live finding citing BLD-R4, findings_filter.go), never worked
// out here.

var taskBooks = newTable("task book", "task_books", "t", "", func(t *domain.TaskBook) []column {
	cols := []column{once("project_id", &t.ProjectID), once("unit_id", &t.UnitID), once("year", &t.Year),
		once("project_name", &t.ProjectName), once("addressee", &t.Addressee), once("issuer", &t.Issuer),
		once("doc_prefix", &t.Number.Prefix), once("doc_year", &t.Number.Year), once("doc_seq", &t.Number.Seq),
		once("issued_on", date(&t.IssuedOn)), once("approved_budget", &t.ApprovedBudget), once("budget", jsonList(&t.Budget)),
		c("scope", jsonList(&t.Scope))}
	cols = append(cols, resources("", &t.Quota, once)...)
	cols = append(cols, c("milestones", jsonList(&t.Milestones)), c("requirements", jsonList(&t.Requirements)),
		once("dup_verdicts", jsonList(&t.DupVerdicts)),
		c("spent", jsonList(&t.Spent)), c("actuals_note", &t.ActualsNote), c("actuals_on", date(&t.ActualsOn)))
	return versioned(&t.ID, &t.Version, &t.CreatedAt, &t.UpdatedAt, cols...)
}).onLoad(func(t *domain.TaskBook) {
	t.DocNumber = t.Number.String()
	t.NonNil()
}).onUnique(func(t *domain.TaskBook, _ error) error {
	// The project has one already (two issues at once: the second), or, never in practice,
	// the number was taken: either way the caller's view is stale.
	return domain.Errorf(domain.EConflict, "err.taskbook.issued")
})

// TaskBook loads one task book; domain.NotFound when there is none.
func (r Reader) TaskBook(ctx context.Context, id int64) (*domain.TaskBook, error) {
	return taskBooks.get(ctx, r, `t.id = ?`, id)
}

// ProjectTaskBook loads the task book of a project; domain.NotFound when it has none.
func (r Reader) ProjectTaskBook(ctx context.Context, projectID int64) (*domain.TaskBook, error) {
	return taskBooks.get(ctx, r, `t.project_id = ?`, projectID)
}

// TaskBookFilter narrows the task books.
type TaskBookFilter struct {
	UnitID int64
	Year   int // the project's year
	// Deviating: only those whose application has a live (open or waived) finding of a rule
	// citing BLD-R4 — over budget in total or in a category, a milestone reached late or past
	// its date — as the rules found at the last save or the daily sweep.
	Deviating bool
	After     int64 // the id of the last task book of the previous page (newest first)
	Limit     int
}

func (r Reader) taskBookWhere(scope authz.Scope, f TaskBookFilter) *filter {
	w := r.where(`1 = 1`)
	w.bureauScope(scope, "t.unit_id", bureauNotice("t.project_id")) // FLOW-4: the bureaus' task books
	eq(w, "t.unit_id", f.UnitID)
	eq(w, "t.year", f.Year)
	if f.Deviating {
		w.liveClauseFinding(domain.SubjectApplication, "t.project_id", domain.ClauseTaskBook)
	}
	return w
}

// TaskBooks lists the task books within scope that pass f, newest first.
func (r Reader) TaskBooks(ctx context.Context, scope authz.Scope, f TaskBookFilter) ([]*domain.TaskBook, error) {
	w := r.taskBookWhere(scope, f)
	w.addIf(f.After > 0, `t.id < ?`, f.After)
	return taskBooks.list(ctx, r, "task books", w, ` ORDER BY t.id DESC`, f.Limit)
}

// CountTaskBooks counts the task books within scope that pass f (its paging aside).
func (r Reader) CountTaskBooks(ctx context.Context, scope authz.Scope, f TaskBookFilter) (int, error) {
	return r.countWhere(ctx, "task books", `task_books t`, r.taskBookWhere(scope, f))
}

// InsertTaskBook stores a new task book (its number allocated by NextDocNumber in the same
// transaction); a second one for the project is a conflict.
func (tx *Tx) InsertTaskBook(ctx context.Context, t *domain.TaskBook) error {
	if err := taskBooks.insert(ctx, tx, t); err != nil {
		return err
	}
	t.DocNumber = t.Number.String()
	return nil
}

// UpdateTaskBook saves t if its version is still t.Version.
func (tx *Tx) UpdateTaskBook(ctx context.Context, t *domain.TaskBook) error {
	return taskBooks.update(ctx, tx, t, "")
}
