package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// The review of an application under review on the pages (BLD-R3, FLOW-2): on the application's
// page the office's section — the assigned experts, the aggregate of their scores, the link to
// draw experts, the forms assigning the experts of a draw or chosen by hand, the governance
// review opinion's form — and, once written, the opinion read-only for the unit's people; for an
// expert 我的评审 (/reviews, the applications assigned, pending first) and the scoring page of
// each (/reviews/{id}), frozen once submitted. Every change goes through the same service calls
// as the JSON API (api_project_reviews.go); a refusal shows the form again with its fields named.

func (s *Server) projectReviewRoutes() {
	s.handle("GET /reviews", s.ui(s.myReviewsPage))
	s.handle("GET /reviews/{id}", s.ui(s.myReviewPage))
	s.handle("POST /reviews/{id}", s.ui(s.myReviewSubmit))
	s.handle("GET /projects/{id}/reviews/{expert}/paper", s.ui(s.paperReviewPage))
	s.handle("POST /projects/{id}/reviews/{expert}/paper", s.ui(s.paperReviewSubmit))
	s.handle("POST /projects/{id}/reviewers", s.ui(s.projectAssignReviewers))
	s.handle("POST /projects/{id}/opinion", s.ui(s.projectWriteOpinion))
}

// Criterion, Recommendation and Verdict name the review's enumerations in the page's language.
func (p *helpers) Criterion(c domain.ReviewCriterion) string { return p.T("criterion." + string(c)) }
func (p *helpers) Recommendation(r domain.Recommendation) string {
	return p.T("recommendation." + string(r))
}
func (p *helpers) Verdict(v domain.OpinionVerdict) string { return p.T("verdict." + string(v)) }

// opinionRow is a requirement the application answered with the office's verdict on it.
type opinionRow struct {
	Clause  string
	Text    string // the requirement
	Answer  domain.ResponseAnswer
	Note    string // the answer's plan or reason
	Verdict domain.OpinionVerdict
	Comment string
	Field   string // items.<clause>
}

// reviewSection is the review's section of an application's page: for the office (Manage) the
// reviews, their aggregate and the forms; for the unit's people the opinion once written.
type reviewSection struct {
	Manage          bool // the office, on an application under review: the forms
	Office          bool // the office: the reviews and the aggregate
	Set             *app.ProjectReviewSet
	Draws           []*domain.Draw   // the draws for this application
	Experts         []*domain.Expert // the experts the office may still assign by hand
	DrawLink        string
	Opinion         *domain.ProjectOpinion // ID 0 before it is written
	Rows            []opinionRow
	Overall         string
	Criteria        []domain.ReviewCriterion
	Recommendations []domain.Recommendation
	Verdicts        []domain.OpinionVerdict
}

// Count is how many submitted reviews recommend rec.
func (v *reviewSection) Count(rec domain.Recommendation) int {
	return v.Set.Aggregate.Recommendations[rec]
}

// reviewSection builds the section of application p for the viewer: nil when it is none of
// theirs (an expert reviewer, the finance bureau) or there is nothing to show yet.
func (s *Server) reviewSection(r *http.Request, rq *request, p *domain.Project, g *domain.Guide) (*reviewSection, error) {
	a, ctx := rq.auth.Actor, r.Context()
	v := &reviewSection{Criteria: domain.ReviewCriteria, Recommendations: domain.Recommendations, Verdicts: domain.OpinionVerdicts}
	o, err := s.svc.ProjectOpinion(ctx, a, p.ID)
	switch domain.ErrorCode(err) {
	case "":
		v.Opinion = o
	case domain.EForbidden, domain.ENotFound:
		return nil, nil // an expert reviewer reads the application, not the office's opinion
	default:
		return nil, err
	}
	set, err := s.svc.ProjectReviews(ctx, a, p.ID)
	switch domain.ErrorCode(err) {
	case "":
		v.Set, v.Office = set, true
	case domain.EForbidden:
	default:
		return nil, err
	}
	v.Manage = v.Office && p.Status == domain.ProjUnderReview
	if !v.Office && o.ID == 0 {
		return nil, nil // the unit's people see the opinion once it is written
	}
	if v.Office && !v.Manage && len(set.Reviews) == 0 && o.ID == 0 {
		return nil, nil
	}
	// The opinion's rows: what the office wrote, or what a refused form held.
	texts := map[string]string{}
	if g != nil {
		for _, it := range g.Items {
			texts[it.Clause] = it.Text
		}
	}
	posted := r.Method == http.MethodPost && r.PostForm.Has("overall")
	v.Overall = o.Overall
	if posted {
		v.Overall = r.PostFormValue("overall")
	}
	for _, resp := range p.Responses {
		row := opinionRow{Clause: resp.Clause, Text: texts[resp.Clause], Answer: resp.Answer, Note: resp.Text, Field: domain.OpinionField(resp.Clause)}
		if i := slices.IndexFunc(o.Items, func(it domain.OpinionItem) bool { return it.Clause == resp.Clause }); i >= 0 {
			row.Verdict, row.Comment = o.Items[i].Verdict, o.Items[i].Comment
		}
		if posted {
			row.Verdict, row.Comment = domain.OpinionVerdict(r.PostFormValue("verdict_"+resp.Clause)), r.PostFormValue("comment_"+resp.Clause)
		}
		v.Rows = append(v.Rows, row)
	}
	if !v.Manage {
		return v, nil
	}
	q := url.Values{"purpose": {string(domain.DrawProjectReview)}, "subject_kind": {string(domain.DrawSubjectProject)},
		"subject_id": {itoa(p.ID)}, "exclude_unit_id": {itoa(p.UnitID)}}
	v.DrawLink = "/draws/new?" + q.Encode()
	draws, err := s.svc.Draws(ctx, a, app.DrawFilter{Purpose: domain.DrawProjectReview, SubjectKind: domain.DrawSubjectProject,
		SubjectID: p.ID, UnitID: p.UnitID, Limit: 50})
	if err != nil {
		return nil, err
	}
	v.Draws = draws.Items
	active := true
	experts, err := s.svc.Experts(ctx, a, app.ExpertFilter{Active: &active, Limit: 500})
	if err != nil {
		return nil, err
	}
	for _, e := range experts.Items {
		assigned := slices.ContainsFunc(set.Reviews, func(x *domain.ProjectReview) bool { return x.ExpertID == e.ID })
		if e.UnitID != p.UnitID && !assigned { // BLD-R3: never an expert of the applying unit
			v.Experts = append(v.Experts, e)
		}
	}
	return v, nil
}

// formID reads an id of a form field; one that is no id is -1, which the service refuses on
// its field after the access check.
func formID(s string) int64 {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return -1
	}
	return n
}

func (s *Server) projectAssignReviewers(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var q app.ReviewerAssignment
	if d := r.PostFormValue("draw_id"); d != "" {
		q.DrawID = formID(d)
	}
	for _, e := range r.PostForm["expert_ids"] {
		if e != "" {
			q.ExpertIDs = append(q.ExpertIDs, formID(e))
		}
	}
	if _, err := s.svc.AssignReviewers(r.Context(), rq.auth.Actor, id, q); err != nil {
		return projectPages.refusedOnPage(s, w, r, rq, id, err)
	}
	redirect(w, r, "/projects/"+itoa(id)+"#review", "flash.saved")
	return nil
}

// projectWriteOpinion saves the opinion's form: per answered requirement (the clause fields)
// verdict_<clause> and comment_<clause>, and overall.
func (s *Server) projectWriteOpinion(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	e := app.OpinionEdit{Version: ver, Overall: r.PostFormValue("overall"), Items: []domain.OpinionItem{}}
	for _, cl := range r.PostForm["clause"] {
		e.Items = append(e.Items, domain.OpinionItem{Clause: cl, Verdict: domain.OpinionVerdict(r.PostFormValue("verdict_" + cl)),
			Comment: r.PostFormValue("comment_" + cl)})
	}
	if _, err := s.svc.WriteOpinion(r.Context(), rq.auth.Actor, id, e); err != nil {
		return projectPages.refusedOnPage(s, w, r, rq, id, err)
	}
	redirect(w, r, "/projects/"+itoa(id)+"#review", "flash.saved")
	return nil
}

type myReviewsView struct {
	Page
	Reviews []*domain.ProjectReview
}

// myReviewsPage is 我的评审: the applications assigned to the expert whose login the viewer is,
// the pending ones first (none for a login linked to no expert).
func (s *Server) myReviewsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	rs, err := s.svc.MyReviews(r.Context(), rq.auth.Actor, false)
	if err != nil {
		return err
	}
	slices.SortStableFunc(rs, func(a, b *domain.ProjectReview) int {
		switch {
		case a.Submitted() == b.Submitted():
			return 0
		case !a.Submitted():
			return -1
		}
		return 1
	})
	title := i18n.T(rq.lang, "nav.reviews")
	s.render(w, r, http.StatusOK, "review_list", myReviewsView{Page: s.page(r, title, crumb{"", title}), Reviews: rs})
	return nil
}

// scoreRow is a criterion on the scoring form: what was submitted, or what a refused form held.
type scoreRow struct {
	Criterion domain.ReviewCriterion
	Score     string
	Comment   string
}

type myReviewView struct {
	Page
	Review          *domain.ProjectReview
	Project         *domain.Project
	Rows            []scoreRow
	Rec             domain.Recommendation // what was submitted, or what a refused form held
	Comment         string
	Recommendations []domain.Recommendation
	Action          string // where the form posts: the expert's /reviews/{id}, the office's paper form
	Paper           bool   // the office records a review handed in on paper
}

// myReviewView is the viewer's review of application id with the application's summary: 404
// when the viewer is no expert assigned to it.
func (s *Server) myReviewView(r *http.Request, rq *request, id int64) (*myReviewView, error) {
	x, err := s.svc.MyReview(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return nil, err
	}
	return s.reviewFormView(r, rq, id, x, "/reviews/"+itoa(id))
}

// paperReviewView is the form in which the office records the review of application id that
// expert (path value) handed in on paper (BLD-R3): the office only (403 for the others who see
// the application), 404 for an expert not assigned to it.
func (s *Server) paperReviewView(r *http.Request, rq *request, id int64) (*myReviewView, error) {
	expert := formID(r.PathValue("expert"))
	set, err := s.svc.ProjectReviews(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(set.Reviews, func(x *domain.ProjectReview) bool { return x.ExpertID == expert })
	if i < 0 {
		return nil, domain.NotFound()
	}
	x := set.Reviews[i]
	v, err := s.reviewFormView(r, rq, id, x, fmt.Sprintf("/projects/%d/reviews/%d/paper", id, expert))
	if err != nil {
		return nil, err
	}
	v.Paper = true
	v.Page = s.page(r, i18n.T(rq.lang, "reviews.paper_form", x.ExpertName)+"："+v.Project.Name, crumb{"/projects", i18n.T(rq.lang, "nav.projects")},
		crumb{"/projects/" + itoa(id), v.Project.Name}, crumb{"", i18n.T(rq.lang, "reviews.paper_form", x.ExpertName)})
	return v, nil
}

// reviewFormView is the scoring form of review x of application id, posted to action.
func (s *Server) reviewFormView(r *http.Request, rq *request, id int64, x *domain.ProjectReview, action string) (*myReviewView, error) {
	a, ctx := rq.auth.Actor, r.Context()
	p, err := s.svc.Project(ctx, a, id)
	if err != nil {
		return nil, err
	}
	v := &myReviewView{Review: x, Project: p, Rec: x.Recommendation, Comment: x.Comment, Recommendations: domain.Recommendations, Action: action}
	posted := r.Method == http.MethodPost && !x.Submitted()
	for _, c := range domain.ReviewCriteria {
		row := scoreRow{Criterion: c}
		if sc := x.Score(c); sc.Score != 0 {
			row.Score, row.Comment = strconv.Itoa(sc.Score), sc.Comment
		}
		if posted {
			row.Score, row.Comment = r.PostFormValue("score_"+string(c)), r.PostFormValue("comment_"+string(c))
		}
		v.Rows = append(v.Rows, row)
	}
	if posted {
		v.Rec, v.Comment = domain.Recommendation(r.PostFormValue("recommendation")), r.PostFormValue("comment")
	}
	title := i18n.T(rq.lang, "reviews.score_form") + "：" + p.Name
	v.Page = s.page(r, title, crumb{"/reviews", i18n.T(rq.lang, "nav.reviews")}, crumb{"", p.Name})
	return v, nil
}

func (s *Server) myReviewPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	return showPage(s, "review_form", s.myReviewView)(w, r, rq)
}

// myReviewSubmit submits the expert's own scoring form (reviewForm).
func (s *Server) myReviewSubmit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, sub, err := reviewForm(r)
	if err != nil {
		return err
	}
	_, err = s.svc.SubmitMyReview(r.Context(), rq.auth.Actor, id, sub)
	return s.reviewSubmitted(w, r, rq, id, err, s.myReviewView, "/reviews/"+itoa(id))
}

// paperReviewPage and paperReviewSubmit are the office's form for a review handed in on paper.
func (s *Server) paperReviewPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	return showPage(s, "review_form", s.paperReviewView)(w, r, rq)
}

func (s *Server) paperReviewSubmit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, sub, err := reviewForm(r)
	if err != nil {
		return err
	}
	_, err = s.svc.RecordPaperReview(r.Context(), rq.auth.Actor, id, app.PaperReview{ExpertID: formID(r.PathValue("expert")), ReviewSubmission: sub})
	return s.reviewSubmitted(w, r, rq, id, err, s.paperReviewView, "/projects/"+itoa(id)+"#review")
}

// reviewForm reads the scoring form: score_<criterion> (1–5) and comment_<criterion> per
// criterion, recommendation and comment. A score that is no number is sent as 0, which the
// service refuses on its field (after its access check).
func reviewForm(r *http.Request) (int64, app.ReviewSubmission, error) {
	id, ver, err := idVersion(r)
	if err != nil {
		return 0, app.ReviewSubmission{}, err
	}
	sub := app.ReviewSubmission{Version: ver, Recommendation: domain.Recommendation(r.PostFormValue("recommendation")),
		Comment: r.PostFormValue("comment"), Scores: []domain.ReviewScore{}}
	for _, c := range domain.ReviewCriteria {
		n, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("score_" + string(c))))
		sub.Scores = append(sub.Scores, domain.ReviewScore{Criterion: c, Score: n, Comment: r.PostFormValue("comment_" + string(c))})
	}
	return id, sub, nil
}

// reviewSubmitted finishes a scoring form: to next when err is nil, the form again with the
// refusal when the review was refused for its content or a stale version.
func (s *Server) reviewSubmitted(w http.ResponseWriter, r *http.Request, rq *request, id int64, err error,
	view func(*http.Request, *request, int64) (*myReviewView, error), next string) error {
	if err == nil {
		redirect(w, r, next, "flash.saved")
		return nil
	}
	switch domain.ErrorCode(err) {
	case domain.EInvalid, domain.EUnprocessable, domain.EConflict:
	default:
		return err
	}
	v, verr := view(r, rq, id)
	if verr != nil {
		return verr
	}
	return s.refused(w, r, err, "review_form", v, &v.Page)
}
