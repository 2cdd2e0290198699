package app

import (
	"context"
	"slices"
	"strconv"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// The review of an application under review (BLD-R3, FLOW-2). The office assigns experts to it,
// by hand or from a verifiable draw for it (draws.go); an expert affiliated with the applying
// unit is refused either way. Each assigned expert — through their linked login, who then reads
// that application and nothing else of its unit — scores feasibility, necessity, construction
// content, budget reasonableness and technical standards 1–5 with a comment each and
// recommends; a submitted review is frozen. The office reads the aggregate and writes the
// governance review opinion (治理审核意见): per requirement the application answered, accepted
// or needs change, and an overall opinion. Approval needs every assigned expert's review and the
// opinion (domain.ProjectCheck). Every change raises the application's version (store.TouchProject),
// so that a decision taken at the same time is refused (409) rather than taken on what it did
// not see; each is audited in its transaction.

// loadProject is store.Reader.Project with the logins of the experts assigned to review it: who
// may read it as its reviewers (authz.Resource.Reviewers).
func loadProject(r store.Reader, ctx context.Context, id int64) (*domain.Project, error) {
	p, err := r.Project(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Reviewers, err = r.ReviewerAccounts(ctx, id); err != nil {
		return nil, err
	}
	if err := withSupervisors(r, ctx, p); err != nil { // supervision.go (FLOW-5)
		return nil, err
	}
	if p.Bureaus, err = r.BureauProject(ctx, id); err != nil { // rectifications.go (FLOW-4)
		return nil, err
	}
	p.Inspectors, err = r.InspectorAccounts(ctx, id) // spotchecks.go (FLOW-4)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// reviewCheck fills what an approval needs of the review into c (domain.ProjectCheck):
// the reviews' aggregate and whether the opinion is written.
func reviewCheck(ctx context.Context, r store.Reader, c *domain.ProjectCheck) error {
	rs, err := r.ProjectReviews(ctx, c.P.ID)
	if err != nil {
		return err
	}
	c.Reviews = domain.Aggregate(rs)
	_, err = r.ProjectOpinion(ctx, c.P.ID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil
	}
	c.Opinion = err == nil
	return err
}

// underReview refuses a review change unless the application is under review (409).
func underReview(p *domain.Project) error {
	if p.Status != domain.ProjUnderReview {
		return domain.Errorf(domain.EConflict, "err.review.not_under_review", "projstatus."+string(p.Status))
	}
	return nil
}

// openProject loads an application in tx for a review change: the actor must be allowed act on
// it (404 when hidden, 403), and it must be under review (409).
func openProject(ctx context.Context, tx *store.Tx, a domain.Actor, id int64, act authz.Action) (*domain.Project, error) {
	p, err := loadProject(tx.Reader, ctx, id)
	if err == nil {
		err = authz.Can(a, act, projectRes(p))
	}
	if err == nil {
		err = underReview(p)
	}
	return p, err
}

// ProjectReviewSet is what the office reads of an application's expert review: every review
// and their aggregate.
type ProjectReviewSet struct {
	Reviews   []*domain.ProjectReview `json:"reviews"`
	Aggregate domain.ReviewAggregate  `json:"aggregate"`
}

// ProjectReviews returns the reviews of an application and their aggregate: the office's.
func (s *Service) ProjectReviews(ctx context.Context, a domain.Actor, projectID int64) (*ProjectReviewSet, error) {
	r := s.db.Read()
	p, err := loadProject(r, ctx, projectID)
	if err == nil {
		err = authz.Can(a, authz.ProjectReviewManage, projectRes(p))
	}
	if err != nil {
		return nil, err
	}
	rs, err := r.ProjectReviews(ctx, projectID)
	if err != nil {
		return nil, err
	}
	if rs == nil {
		rs = []*domain.ProjectReview{}
	}
	return &ProjectReviewSet{Reviews: rs, Aggregate: domain.Aggregate(rs)}, nil
}

// ReviewerAssignment assigns experts to an application: those of a draw for it (DrawID), or
// the experts named (ExpertIDs).
type ReviewerAssignment struct {
	DrawID    int64   `json:"draw_id,omitempty"`
	ExpertIDs []int64 `json:"expert_ids,omitempty"`
}

// AssignReviewers assigns experts to an application under review (the office), in one
// transaction with its audit record (project.assign_reviewers) and a notification to each
// expert's login. From a draw: a draw of project_review for this application that left out
// its unit; the drawn experts already assigned are passed over (a new draw adds to the
// reviewers). By hand: existing, active experts, none affiliated with the applying unit
// (BLD-R3) nor already assigned — each refused on expert_ids (422).
func (s *Service) AssignReviewers(ctx context.Context, a domain.Actor, projectID int64, q ReviewerAssignment) (*ProjectReviewSet, error) {
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		p, err := openProject(ctx, tx, a, projectID, authz.ProjectReviewManage)
		if err != nil {
			return err
		}
		if (q.DrawID == 0) == (len(q.ExpertIDs) == 0) {
			return domain.Invalid("expert_ids", "err.review.assign_what")
		}
		have, err := tx.ProjectReviews(ctx, p.ID)
		if err != nil {
			return err
		}
		assigned := func(id int64) bool {
			return slices.ContainsFunc(have, func(r *domain.ProjectReview) bool { return r.ExpertID == id })
		}
		field, ids := "expert_ids", q.ExpertIDs
		if q.DrawID != 0 {
			field = "draw_id"
			d, err := tx.Draw(ctx, q.DrawID)
			if domain.ErrorCode(err) == domain.ENotFound {
				return domain.Invalid(field, "err.review.draw", q.DrawID)
			}
			if err != nil {
				return err
			}
			if d.Purpose != domain.DrawProjectReview || d.SubjectKind != domain.DrawSubjectProject || d.SubjectID != p.ID || d.ExcludeUnitID != p.UnitID {
				return domain.Invalid(field, "err.review.draw", q.DrawID)
			}
			ids = nil
			for _, k := range d.Result {
				id, err := strconv.ParseInt(k, 10, 64)
				if err != nil {
					return domain.Invalid(field, "err.review.draw", q.DrawID)
				}
				if !assigned(id) {
					ids = append(ids, id)
				}
			}
		}
		var errs domain.Problems
		var experts []*domain.Expert
		seen := map[int64]bool{}
		for _, id := range ids {
			e, err := tx.Expert(ctx, id)
			if domain.ErrorCode(err) == domain.ENotFound {
				errs.Add(domain.Invalid(field, "err.review.expert", id))
				continue
			} else if err != nil {
				return err
			}
			switch {
			case !e.Active:
				errs.Add(domain.Invalid(field, "err.review.inactive", e.Name))
			case e.UnitID == p.UnitID: // BLD-R3: never an expert of the applying unit
				errs.Add(domain.Invalid(field, "err.review.affiliated", e.Name, p.UnitName))
			case assigned(id) || seen[id]:
				errs.Add(domain.Invalid(field, "err.review.assigned", e.Name))
			}
			seen[id] = true
			experts = append(experts, e)
		}
		if err := errs.Err(); err != nil {
			return err
		}
		if len(experts) == 0 {
			return domain.Invalid(field, "err.review.none_new")
		}
		names := make([]string, len(experts))
		for i, e := range experts {
			r := &domain.ProjectReview{ProjectID: p.ID, ExpertID: e.ID, DrawID: q.DrawID, Scores: []domain.ReviewScore{}}
			if err := tx.InsertProjectReview(ctx, r); err != nil {
				return err
			}
			names[i] = e.Name
			if e.UserID != 0 {
				if err := s.notify(ctx, tx, []int64{e.UserID}, "review_assigned", "project", p.ID, "/reviews/"+id(p.ID), p.UnitName, p.Name); err != nil {
					return err
				}
			}
		}
		if err := tx.TouchProject(ctx, p); err != nil {
			return err
		}
		change := map[string]any{"reviewers": names}
		if q.DrawID != 0 {
			change["draw_id"] = q.DrawID
		}
		return record(ctx, tx, a, event{action: "project.assign_reviewers", entityType: "project", entityID: id(p.ID), changes: audit.Diff(nil, change, nil)})
	})
	if err != nil {
		return nil, err
	}
	return s.ProjectReviews(ctx, a, projectID)
}

func projectLink(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) }

// MyReview is the review of an application by the expert whose login the actor is: 404 when
// the actor is no expert assigned to it.
func (s *Service) MyReview(ctx context.Context, a domain.Actor, projectID int64) (*domain.ProjectReview, error) {
	r := s.db.Read()
	e, err := r.ExpertByUser(ctx, a.UserID)
	if err != nil {
		if domain.ErrorCode(err) == domain.ENotFound {
			return nil, domain.NotFound()
		}
		return nil, err
	}
	x, err := r.ProjectReviewOf(ctx, projectID, e.ID)
	if err == nil {
		var p *domain.Project
		if p, err = loadProject(r, ctx, projectID); err == nil {
			err = authz.Can(a, authz.ProjectRead, projectRes(p))
		}
	}
	if err != nil {
		return nil, err
	}
	return x, nil
}

// MyReviews lists the reviews assigned to the expert whose login the actor is, newest first
// (none for a login linked to no expert); only the pending ones when pending is set.
func (s *Service) MyReviews(ctx context.Context, a domain.Actor, pending bool) ([]*domain.ProjectReview, error) {
	if a.UserID == 0 {
		return nil, domain.Forbidden()
	}
	r := s.db.Read()
	e, err := r.ExpertByUser(ctx, a.UserID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return []*domain.ProjectReview{}, nil
	}
	if err != nil {
		return nil, err
	}
	rs, err := r.ExpertReviews(ctx, e.ID, pending)
	if rs == nil {
		rs = []*domain.ProjectReview{}
	}
	return rs, err
}

// ReviewSubmission is an expert's review as submitted, with the version of the review seen.
type ReviewSubmission struct {
	Version        int64                 `json:"version"`
	Scores         []domain.ReviewScore  `json:"scores"`
	Recommendation domain.Recommendation `json:"recommendation"`
	Comment        string                `json:"comment"`
}

// SubmitMyReview submits the actor's own review of an application (the assigned expert).
func (s *Service) SubmitMyReview(ctx context.Context, a domain.Actor, projectID int64, sub ReviewSubmission) (*domain.ProjectReview, error) {
	e, err := s.db.Read().ExpertByUser(ctx, a.UserID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.NotFound()
	}
	if err != nil {
		return nil, err
	}
	return s.SubmitReview(ctx, a, projectID, e.ID, sub)
}

// PaperReview is a review handed in on paper that the office records for the expert ExpertID.
type PaperReview struct {
	ExpertID int64 `json:"expert_id"`
	ReviewSubmission
}

// RecordPaperReview records, as the office, the review an assigned expert handed in on paper
// (BLD-R3): the same checks and freeze as the expert's own submission; an expert not assigned
// answers 404.
func (s *Service) RecordPaperReview(ctx context.Context, a domain.Actor, projectID int64, pr PaperReview) (*domain.ProjectReview, error) {
	return s.SubmitReview(ctx, a, projectID, pr.ExpertID, pr.ReviewSubmission)
}

// SubmitReview submits the review of an application by an expert: the expert themself, or the
// office recording a review handed in on paper. Every field problem is named at once (422); a
// review already submitted is frozen (409), as is an application no longer under review; an
// expert not assigned answers 404. When it is the last review in, the office is told.
func (s *Service) SubmitReview(ctx context.Context, a domain.Actor, projectID, expertID int64, sub ReviewSubmission) (*domain.ProjectReview, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.ProjectReview, error) {
		p, err := loadProject(tx.Reader, ctx, projectID)
		if err != nil {
			return nil, err
		}
		x, err := tx.ProjectReviewOf(ctx, projectID, expertID)
		res := projectRes(p)
		if err == nil {
			res.Account = x.ExpertUserID
		} else if domain.ErrorCode(err) == domain.ENotFound {
			res.Account = -1 // nobody's: the office may still see the application, and gets 404 below
		} else {
			return nil, err
		}
		if err := authz.Can(a, authz.ProjectReviewSubmit, res); err != nil {
			return nil, err
		}
		if x == nil && expertID <= 0 { // a paper review naming no expert
			return nil, domain.Invalid("expert_id", "err.required")
		}
		if x == nil {
			return nil, domain.NotFound()
		}
		if err := underReview(p); err != nil {
			return nil, err
		}
		if x.Submitted() {
			return nil, domain.Errorf(domain.EConflict, "err.review.submitted")
		}
		if x.Version != sub.Version {
			return nil, domain.Conflict()
		}
		before := *x
		x.Scores, x.Recommendation, x.Comment = sub.Scores, sub.Recommendation, sub.Comment
		if err := x.ValidateSubmission(); err != nil {
			return nil, err
		}
		x.SubmittedAt = tx.Now()
		if err := tx.UpdateProjectReview(ctx, x); err != nil {
			return nil, err
		}
		if err := tx.TouchProject(ctx, p); err != nil {
			return nil, err
		}
		if err := record(ctx, tx, a, event{action: "project_review.submit", entityType: "project_review", entityID: id(x.ID),
			changes: audit.Diff(&before, x, nil)}); err != nil {
			return nil, err
		}
		all, err := tx.ProjectReviews(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		if domain.Aggregate(all).Complete() {
			office, err := officePeople(ctx, tx)
			if err == nil {
				err = s.notify(ctx, tx, office, "reviews_complete", "project", p.ID, projectLink(p.ID), p.UnitName, p.Name)
			}
			if err != nil {
				return nil, err
			}
		}
		return x, nil
	})
}

// ProjectOpinion returns the governance review opinion of an application, for the office and
// the applying unit's people (not the experts): one with ID 0 and no items when none is written.
func (s *Service) ProjectOpinion(ctx context.Context, a domain.Actor, projectID int64) (*domain.ProjectOpinion, error) {
	r := s.db.Read()
	p, err := loadProject(r, ctx, projectID)
	if err == nil {
		err = authz.Can(a, authz.ProjectOpinionRead, projectRes(p))
	}
	if err != nil {
		return nil, err
	}
	o, err := r.ProjectOpinion(ctx, projectID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return &domain.ProjectOpinion{ProjectID: projectID, Items: []domain.OpinionItem{}}, nil
	}
	return o, err
}

// OpinionEdit is the governance review opinion as the office writes it, with the version of the
// opinion seen (0 for the first).
type OpinionEdit struct {
	Version int64                `json:"version"`
	Items   []domain.OpinionItem `json:"items"`
	Overall string               `json:"overall"`
}

// WriteOpinion writes or rewrites the governance review opinion of an application under review
// (the office, FLOW-2): one verdict per requirement the application answered, a comment with
// each needs change, an overall opinion (422 naming each). Audited as project.opinion, in the
// application's history.
func (s *Service) WriteOpinion(ctx context.Context, a domain.Actor, projectID int64, e OpinionEdit) (*domain.ProjectOpinion, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.ProjectOpinion, error) {
		p, err := openProject(ctx, tx, a, projectID, authz.ProjectReviewManage)
		if err != nil {
			return nil, err
		}
		o, err := tx.ProjectOpinion(ctx, projectID)
		var before *domain.ProjectOpinion
		switch {
		case domain.ErrorCode(err) == domain.ENotFound:
			o = &domain.ProjectOpinion{ProjectID: projectID}
		case err != nil:
			return nil, err
		default:
			b := *o
			before = &b
		}
		if o.Version != e.Version {
			return nil, domain.Conflict()
		}
		clauses := make([]string, len(p.Responses))
		for i, r := range p.Responses {
			clauses[i] = r.Clause
		}
		o.Items, o.Overall = e.Items, e.Overall
		if err := o.Validate(clauses); err != nil {
			return nil, err
		}
		if before == nil {
			err = tx.InsertProjectOpinion(ctx, o)
		} else {
			err = tx.UpdateProjectOpinion(ctx, o)
		}
		if err != nil {
			return nil, err
		}
		if err := tx.TouchProject(ctx, p); err != nil {
			return nil, err
		}
		var was any
		if before != nil {
			was = opinionShown(before)
		}
		return o, record(ctx, tx, a, event{action: "project.opinion", entityType: "project", entityID: id(p.ID),
			changes: audit.Diff(was, opinionShown(o), nil)})
	})
}

// opinionShown is what the audit trail keeps of an opinion: its verdicts and overall text.
func opinionShown(o *domain.ProjectOpinion) map[string]any {
	return map[string]any{"opinion_items": o.Items, "opinion": o.Overall}
}

// projectHistoryAccess authorizes reading an application's history: whoever may read its
// governance review opinion (the office, the unit's people and leader), for the history holds
// the opinion and the reviewers' names; an expert reviewer reads the application, not this (403).
func (s *Service) projectHistoryAccess(ctx context.Context, a domain.Actor, id int64) error {
	p, err := s.Project(ctx, a, id)
	if err != nil {
		return err
	}
	return authz.Can(a, authz.ProjectOpinionRead, projectRes(p))
}
