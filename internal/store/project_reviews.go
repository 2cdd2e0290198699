package store

import (
	"context"

	"archgov/internal/domain"
)

// The expert review of project applications (BLD-R3) and the office's governance review opinion
// (FLOW-2), migration 0024: one versioned row per assigned expert and project, its scores a JSON
// list; one versioned opinion per project, its verdicts a JSON list.

var projectReviews = newTable("project review", "project_reviews", "r",
	` JOIN experts e ON e.id = r.expert_id JOIN projects p ON p.id = r.project_id`,
	func(x *domain.ProjectReview) []column {
		return versioned(&x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt, once("project_id", &x.ProjectID),
			join("p.name", &x.ProjectName), join("p.unit_id", &x.UnitID),
			once("expert_id", &x.ExpertID), join("e.name", &x.ExpertName), join("COALESCE(e.user_id, 0)", &x.ExpertUserID),
			once("draw_id", ref(&x.DrawID)), c("scores", jsonList(&x.Scores)), c("recommendation", text(&x.Recommendation)),
			c("comment", &x.Comment), c("submitted_at", at(&x.SubmittedAt)))
	}).onUnique(func(x *domain.ProjectReview, _ error) error {
	return domain.Invalid("expert_ids", "err.review.assigned", x.ExpertName) // (project_id, expert_id) is the one unique key
})

// ProjectReview loads one review; domain.NotFound when there is none.
func (r Reader) ProjectReview(ctx context.Context, id int64) (*domain.ProjectReview, error) {
	return projectReviews.get(ctx, r, `r.id = ?`, id)
}

// ProjectReviewOf loads the review of a project by an expert; domain.NotFound when the expert
// is not assigned to it.
func (r Reader) ProjectReviewOf(ctx context.Context, projectID, expertID int64) (*domain.ProjectReview, error) {
	return projectReviews.get(ctx, r, `r.project_id = ? AND r.expert_id = ?`, projectID, expertID)
}

// ProjectReviews lists the reviews of a project in assignment order.
func (r Reader) ProjectReviews(ctx context.Context, projectID int64) ([]*domain.ProjectReview, error) {
	return projectReviews.all(ctx, r, "project reviews", ` WHERE r.project_id = ? ORDER BY r.id`, projectID)
}

// ExpertReviews lists an expert's reviews, newest assignment first; pending (not submitted) ones
// only when pending is set.
func (r Reader) ExpertReviews(ctx context.Context, expertID int64, pending bool) ([]*domain.ProjectReview, error) {
	w := r.where(`r.expert_id = ?`, expertID)
	w.addIf(pending, `r.submitted_at = 0`)
	return projectReviews.list(ctx, r, "expert reviews", w, ` ORDER BY r.id DESC`, 0)
}

// ReviewerAccounts lists the logins of the experts assigned to a project (who may read it as
// its reviewers).
func (r Reader) ReviewerAccounts(ctx context.Context, projectID int64) ([]int64, error) {
	return queryAll(ctx, r.q, "reviewer accounts", scalar[int64],
		`SELECT e.user_id FROM project_reviews r JOIN experts e ON e.id = r.expert_id
		 WHERE r.project_id = ? AND e.user_id IS NOT NULL ORDER BY e.user_id`, projectID)
}

// InsertProjectReview stores a new assignment (a review not yet submitted).
func (tx *Tx) InsertProjectReview(ctx context.Context, x *domain.ProjectReview) error {
	return projectReviews.insert(ctx, tx, x)
}

// UpdateProjectReview saves x if its version is still x.Version.
func (tx *Tx) UpdateProjectReview(ctx context.Context, x *domain.ProjectReview) error {
	return projectReviews.update(ctx, tx, x, "")
}

var projectOpinions = newTable("project opinion", "project_opinions", "o", ``, func(o *domain.ProjectOpinion) []column {
	return versioned(&o.ID, &o.Version, &o.CreatedAt, &o.UpdatedAt, once("project_id", &o.ProjectID),
		c("items", jsonList(&o.Items)), c("overall", &o.Overall))
})

// ProjectOpinion loads the governance review opinion of a project; domain.NotFound when none
// is written.
func (r Reader) ProjectOpinion(ctx context.Context, projectID int64) (*domain.ProjectOpinion, error) {
	return projectOpinions.get(ctx, r, `o.project_id = ?`, projectID)
}

// InsertProjectOpinion stores a project's first opinion.
func (tx *Tx) InsertProjectOpinion(ctx context.Context, o *domain.ProjectOpinion) error {
	return projectOpinions.insert(ctx, tx, o)
}

// UpdateProjectOpinion saves o if its version is still o.Version.
func (tx *Tx) UpdateProjectOpinion(ctx context.Context, o *domain.ProjectOpinion) error {
	return projectOpinions.update(ctx, tx, o, "")
}

// TouchProject raises a project's version if it is still p.Version (a conflict if not): a change
// of its review (an assignment, a submitted review, the opinion) is a change of the application
// that a decision taken at once must not miss — the decision saved against the old version
// gets 409, and so does the review change that comes after a decision.
func (tx *Tx) TouchProject(ctx context.Context, p *domain.Project) error {
	now := tx.Now()
	res, err := tx.exec(ctx, `UPDATE projects SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, micros(now), p.ID, p.Version)
	return wrap(saved(res, err, &p.Version, &p.UpdatedAt, now), "touch project %d", p.ID)
}
