package web

import (
	"net/http"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// The review of an application under review (BLD-R3, FLOW-2) in the JSON API: the office assigns
// experts and reads their reviews with the aggregate, an assigned expert submits their own, the
// office writes the governance review opinion; an expert lists the reviews assigned to them.

// route makes an API route of an operation of the register-style helpers.
func (o apiOp) route(pattern, id, tag, okDoc string, errs ...int) apiRoute {
	return apiRoute{pattern: pattern, status: http.StatusOK, h: o.h, id: id, tag: tag, sum: o.sum, doc: o.doc,
		in: o.in, out: o.out, okDoc: okDoc, query: o.query, errs: errs}
}

func (s *Server) projectReviewsAPI() []apiRoute {
	myReviews := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		pending, err := queryFlag(r.URL.Query(), "pending")
		if err != nil {
			return nil, err
		}
		items, err := s.svc.MyReviews(r.Context(), rq.auth.Actor, pending)
		return pageOf(app.Page[*domain.ProjectReview]{Items: items}), err
	}
	mine := apiOp{h: myReviews, out: list[*domain.ProjectReview]{},
		query: []param{qEnum("pending", "`true` (or `1`) for the reviews not submitted yet only.", flagValues...)}}.says("List my reviews",
		"The reviews assigned to the expert whose login the caller is (BLD-R3), newest assignment first, with the application's name; none for a login linked to no expert. One page: next_cursor is empty.")
	return []apiRoute{
		recordAt(s, (*app.Service).ProjectReviews).says("Get an application's expert reviews",
			"The info office only (anyone who may see the application otherwise 403, others 404): every assigned expert's review — submitted ones with their scores (1–5 per criterion: feasibility, necessity, content, budget, standards, each with a comment) and recommendation — and the aggregate: assigned and submitted counts, the mean of each criterion over the submitted reviews, the overall mean and the count of each recommendation.").
			route("GET /api/v1/projects/{id}/reviews", "getProjectReviews", "projects", "The reviews and their aggregate."),
		withBody(s, (*app.Service).AssignReviewers).says("Assign reviewers to an application",
			"The info office, on an application under review (otherwise 409). Either draw_id — a draw of purpose project_review for this application that left out its unit (otherwise 422 on draw_id): its drawn experts are assigned, those already assigned passed over — or expert_ids, chosen by hand: each must exist, be active, not be affiliated with the applying unit (BLD-R3) and not be assigned already (422 on expert_ids naming the expert). Each expert's login is notified (review_assigned) and may then read the application. Audited as project.assign_reviewers, in the application's history; the application's version rises.").
			route("POST /api/v1/projects/{id}/reviewers", "assignProjectReviewers", "projects", "The reviews and their aggregate after the assignment.", 409),
		recordAt(s, (*app.Service).MyReview).says("Get my review of an application",
			"The review of the application by the expert whose login the caller is; 404 when the caller is no expert assigned to it.").
			route("GET /api/v1/projects/{id}/reviews/mine", "getMyProjectReview", "projects", "The caller's review."),
		withBody(s, (*app.Service).SubmitMyReview).says("Submit my review of an application",
			"By the assigned expert, while the application is under review (otherwise 409): scores lists one {criterion, score 1–5, comment} per criterion (feasibility 可行性, necessity 必要性, content 建设内容, budget 预算合理性, standards 技术规范), recommendation is approve (建议立项), approve_revise (修改后立项) or reject (不建议立项). Every problem is named at once (422: scores.<criterion>.score, scores.<criterion>.comment, recommendation). version is the review's; a review already submitted is frozen (409). When the last review is in, the office is notified (reviews_complete). Audited as project_review.submit.").
			route("PUT /api/v1/projects/{id}/reviews/mine", "submitMyProjectReview", "projects", "The review, submitted.", 409),
		withBody(s, (*app.Service).RecordPaperReview).says("Record a review handed in on paper",
			"The info office records the review an assigned expert handed in on paper (BLD-R3): expert_id names the expert (404 when not assigned to the application), the rest as the expert's own submission — version is the review's, scores one {criterion, score 1–5, comment} per criterion, recommendation; every problem named at once (422), a review already submitted is frozen (409), as is an application no longer under review. Audited as project_review.submit with the office as the actor.").
			route("PUT /api/v1/projects/{id}/reviews/paper", "recordPaperProjectReview", "projects", "The review, submitted.", 409),
		recordAt(s, (*app.Service).ProjectOpinion).says("Get an application's governance review opinion",
			"The office's 治理审核意见 (FLOW-2), for the office and the applying unit's people and leader (an expert reviewer gets 403): per requirement the application answered, accepted or needs_change with a comment, and the overall opinion. Not written yet: id 0 and no items.").
			route("GET /api/v1/projects/{id}/opinion", "getProjectOpinion", "projects", "The opinion."),
		withBody(s, (*app.Service).WriteOpinion).says("Write an application's governance review opinion",
			"The info office, while the application is under review (otherwise 409). items holds one {clause, verdict, comment} per requirement the application answered (422 on items.<clause> for one missing, on items for a clause it did not answer); needs_change needs a comment; overall is required. version is the opinion's (0 for the first); a stale one answers 409. Approval needs it (422 on opinion). Audited as project.opinion, in the application's history; the application's version rises.").
			route("PUT /api/v1/projects/{id}/opinion", "writeProjectOpinion", "projects", "The opinion as saved.", 409),
		mine.route("GET /api/v1/reviews", "listMyReviews", "projects", "The caller's reviews."),
	}
}
