package web

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// The pages of the department assessment (部门考核, ORG-3): the years (/assessments), a year's
// page (its indicators and weights, the scores — a live preview while a draft, the frozen
// snapshot once published — the export and the objections), a unit's drill-down to the
// evidence of every point (/assessments/{id}/units/{unit}) with the objection form, and the
// objections (/objections) with the office's answer.

func (s *Server) assessmentRoutes() {
	s.handle("GET /assessments", s.ui(s.assessmentsPage))
	assessmentPages.routes(s)
	s.handle("GET /assessments/{id}/units/{unit}", s.ui(s.assessmentUnitPage))
	s.handle("POST /assessments/{id}/units/{unit}/objection", s.ui(s.objectionFilePost))
	s.handle("GET /assessments/{id}/export.xlsx", s.ui(s.assessmentXLSX))
	s.handle("GET /objections", s.ui(s.objectionsPage))
	s.handle("GET /objections/{id}", s.ui(showPage(s, "objection", s.objectionView)))
	s.handle("POST /objections/{id}/answer", s.ui(s.objectionAnswerPost))
}

var assessmentPages = &recordPages[domain.Assessment, app.AssessmentCreate, *assessmentView, *assessmentFormView]{
	base: "/assessments", nav: "nav.assessments", detail: "assessment", form: "assessment_form",
	newTitle: "assess.new", editTitle: "unit.edit", name: func(x *domain.Assessment) string { return x.Title },
	kind: authz.KindAssessment, createIn: authz.AssessmentWrite,
	get:     (*app.Service).Assessment,
	mayEdit: assessmentMayEdit,
	blank: func(domain.Actor) domain.Assessment {
		return domain.Assessment{Weights: domain.DefaultWeights(), ObjectionDays: app.DefaultObjectionDays}
	},
	read:   assessmentFromForm,
	create: (*app.Service).CreateAssessment,
	update: func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, c app.AssessmentCreate) (*domain.Assessment, error) {
		return svc.UpdateAssessment(ctx, a, id, c.AssessmentEdit)
	},
	view: (*Server).assessmentView, formView: (*Server).assessmentFormView, step: (*Server).assessmentStep,
}

func assessmentMayEdit(a domain.Actor, x *domain.Assessment) error {
	if err := authz.Can(a, authz.AssessmentWrite, authz.Assessment(x.ID, x.Status == domain.AssessPublished)); err != nil {
		return err
	}
	if x.Status != domain.AssessDraft {
		return domain.Errorf(domain.EConflict, "err.assess.frozen")
	}
	return nil
}

// AssessStatus … ObjAction name the assessment's values in the page's language.
func (p *helpers) AssessStatus(s domain.AssessmentStatus) string {
	return p.T("assessstatus." + string(s))
}
func (p *helpers) AssessAction(a domain.AssessmentAction) string {
	return p.T("assessaction." + string(a))
}
func (p *helpers) Indicator(i domain.Indicator) string { return p.T("indicator." + string(i)) }
func (p *helpers) IndicatorFormula(i domain.Indicator) string {
	return p.T("indicatorformula." + string(i))
}
func (p *helpers) IndicatorClause(i domain.Indicator) string { return domain.IndicatorClause[i] }
func (p *helpers) ObjStatus(s domain.ObjectionStatus) string { return p.T("objstatus." + string(s)) }
func (p *helpers) ObjAction(a domain.ObjectionAction) string { return p.T("objaction." + string(a)) }

// Points writes a score with two decimals.
func (p *helpers) Points(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

// Percent writes a rate as a percentage with one decimal.
func (p *helpers) Percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }

// EvidenceHref is the page of an indicator's evidence record.
func (p *helpers) EvidenceHref(i domain.Indicator, e domain.Evidence) string {
	id := strconv.FormatInt(e.ID, 10)
	switch i {
	case domain.IndCloud:
		return "/systems/" + id
	case domain.IndRooms:
		return "/machine-rooms/" + id
	case domain.IndWebsites:
		return "/websites/" + id
	case domain.IndCatalog:
		return "/catalog/" + id
	case domain.IndFeedback:
		return "/feedback/" + id
	case domain.IndRect:
		return "/rectifications/" + id
	case domain.IndSpot:
		return "/spot-checks/" + strconv.FormatInt(e.Parent, 10) + "/checks/" + id
	}
	return "/findings/" + id
}

// IndicatorList is the register's list, filtered to the unit, where today's records of an
// indicator are (a published snapshot keeps the records as they were).
func (p *helpers) IndicatorList(i domain.Indicator, unitID int64) string {
	u := strconv.FormatInt(unitID, 10)
	switch i {
	case domain.IndCloud:
		return "/systems?unit_id=" + u + "&offcloud=1"
	case domain.IndRooms:
		return "/machine-rooms?unit_id=" + u + "&kind=other"
	case domain.IndWebsites:
		return "/websites?unit_id=" + u
	case domain.IndCatalog:
		return "/catalog?unit_id=" + u
	case domain.IndFeedback:
		return "/feedback?provider_unit_id=" + u
	case domain.IndRect:
		return "/rectifications?unit_id=" + u
	case domain.IndSpot:
		return "/spot-checks"
	}
	return "/findings?unit_id=" + u + "&status=open"
}

type assessmentsView struct {
	Page
	Items     []*domain.Assessment
	CanCreate bool
}

func (s *Server) assessmentsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	a := rq.auth.Actor
	items, err := s.svc.Assessments(r.Context(), a)
	if err != nil {
		return err
	}
	v := assessmentsView{Page: s.page(r, i18n.T(rq.lang, "nav.assessments")), Items: items,
		CanCreate: authz.Can(a, authz.AssessmentWrite, authz.Resource{Kind: authz.KindAssessment}) == nil}
	v.Crumbs = v.Crumbs[:1]
	s.render(w, r, http.StatusOK, "assessments", v)
	return nil
}

type assessmentView struct {
	Page
	A          *domain.Assessment
	Steps      []domain.AssessmentAction
	CanEdit    bool
	Preview    bool // a draft's scores, computed now and not stored
	Scores     []*domain.UnitScore
	Objections []*domain.Objection
	History    []*audit.Record
}

// Points of a score's indicator i (the list's columns; a preview's scores carry their items).
func (v *assessmentView) ItemPoints(sc *domain.UnitScore, i domain.Indicator) string {
	for _, it := range sc.Items {
		if it.Code == i {
			return v.H().Points(it.Points)
		}
	}
	return ""
}

func (s *Server) assessmentView(r *http.Request, rq *request, x *domain.Assessment, pg Page) (*assessmentView, error) {
	a, ctx := rq.auth.Actor, r.Context()
	v := &assessmentView{Page: pg, A: x, Steps: s.svc.AssessmentSteps(a, x), CanEdit: assessmentMayEdit(a, x) == nil}
	var err error
	if x.Status == domain.AssessDraft {
		v.Preview = true
		if v.Scores, err = s.svc.ComputeAssessment(ctx, a, x.Year); err != nil {
			return nil, err
		}
	} else {
		if v.Scores, err = s.svc.Scores(ctx, a, x.ID); err != nil {
			return nil, err
		}
		p, err := s.svc.Objections(ctx, a, app.ObjectionFilter{AssessmentID: x.ID, Limit: 200})
		if err != nil {
			return nil, err
		}
		v.Objections = p.Items
	}
	v.History, err = s.svc.AssessmentHistory(ctx, a, x.ID)
	return v, err
}

type assessmentFormView struct {
	formBase
	A    domain.Assessment
	Rows []weightRow
}

// weightRow is an indicator on the form: its weight, 0 when it does not count.
type weightRow struct {
	Code   domain.Indicator
	Weight int
}

func (s *Server) assessmentFormView(r *http.Request, rq *request, f formBase, x domain.Assessment) (*assessmentFormView, error) {
	if x.Year == 0 {
		x.Year = s.svc.Now().Year()
	}
	v := &assessmentFormView{formBase: f, A: x}
	for _, i := range domain.Indicators {
		v.Rows = append(v.Rows, weightRow{Code: i, Weight: x.WeightOf(i)})
	}
	return v, nil
}

// assessmentFromForm reads the form: its fields and a weight per indicator (weight_<code>; an
// empty or 0 weight leaves the indicator out). A weight that is not a number is named.
func assessmentFromForm(r *http.Request) (app.AssessmentCreate, error) {
	var c app.AssessmentCreate
	var errs domain.Problems
	errs.Add(bindForm(r, &c, "year"))
	errs.Add(bindForm(r, &c.AssessmentEdit, "version", "title", "objection_days"))
	if _, ok := r.PostForm["weight_cloud"]; ok {
		weights := []domain.IndicatorWeight{}
		for _, i := range domain.Indicators {
			txt := strings.TrimSpace(r.PostFormValue("weight_" + string(i)))
			if txt == "" || txt == "0" {
				continue
			}
			n, err := strconv.Atoi(txt)
			if err != nil {
				errs.Add(domain.Invalid("weight_"+string(i), "err.number"))
				continue
			}
			weights = append(weights, domain.IndicatorWeight{Code: i, Weight: n})
		}
		c.Weights = &weights
	}
	return c, errs.Err()
}

func (s *Server) assessmentStep(r *http.Request, rq *request, id, ver int64) error {
	_, err := s.svc.TransitionAssessment(r.Context(), rq.auth.Actor, id, app.AssessmentStep{Version: ver, Action: domain.AssessmentAction(r.PathValue("action"))})
	return err
}

func (s *Server) assessmentXLSX(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := s.svc.WriteAssessment(r.Context(), rq.auth.Actor, rq.lang, id, &buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", `attachment; filename="assessment-`+strconv.FormatInt(id, 10)+`.xlsx"`)
	_, err = w.Write(buf.Bytes())
	return err
}

type assessmentUnitView struct {
	Page
	A         *domain.Assessment
	Score     *domain.UnitScore
	Preview   bool
	Objection *domain.Objection // the unit's objection, when it filed one
	CanObject bool
	Reason    string // what a refused objection held
}

// unitScore reads the unit's published score, or computes a draft's (the office's preview).
func (s *Server) unitScore(r *http.Request, rq *request, x *domain.Assessment, unitID int64) (*domain.UnitScore, error) {
	a, ctx := rq.auth.Actor, r.Context()
	if x.Status == domain.AssessPublished {
		return s.svc.Score(ctx, a, x.ID, unitID)
	}
	all, err := s.svc.ComputeAssessment(ctx, a, x.Year)
	if err != nil {
		return nil, err
	}
	for _, sc := range all {
		if sc.UnitID == unitID {
			return sc, nil
		}
	}
	return nil, domain.NotFound()
}

func (s *Server) assessmentUnitView(r *http.Request, rq *request) (*assessmentUnitView, error) {
	a, ctx := rq.auth.Actor, r.Context()
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	unitID, err := strconv.ParseInt(r.PathValue("unit"), 10, 64)
	if err != nil || unitID <= 0 {
		return nil, domain.NotFound()
	}
	x, err := s.svc.Assessment(ctx, a, id)
	if err != nil {
		return nil, err
	}
	sc, err := s.unitScore(r, rq, x, unitID)
	if err != nil {
		return nil, err
	}
	title := sc.UnitName + " · " + x.Title
	v := &assessmentUnitView{A: x, Score: sc, Preview: x.Status == domain.AssessDraft,
		Page: s.page(r, title, crumb{"/assessments", i18n.T(rq.lang, "nav.assessments")}, crumb{"/assessments/" + itoa(x.ID), x.Title}, crumb{"", sc.UnitName})}
	if !v.Preview {
		p, err := s.svc.Objections(ctx, a, app.ObjectionFilter{AssessmentID: x.ID, UnitID: unitID, Limit: 1})
		if err != nil {
			return nil, err
		}
		if len(p.Items) > 0 {
			v.Objection = p.Items[0]
		}
		v.CanObject = v.Objection == nil && x.ObjectionOpen(s.svc.Today()) &&
			authz.Can(a, authz.ObjectionFile, authz.Resource{Kind: authz.KindObjection, UnitID: unitID}) == nil
	}
	if r.Method == http.MethodPost {
		v.Reason = r.PostFormValue("reason")
	}
	return v, nil
}

func (s *Server) assessmentUnitPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	v, err := s.assessmentUnitView(r, rq)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "assessment_unit", v)
	return nil
}

func (s *Server) objectionFilePost(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	unitID, err := strconv.ParseInt(r.PathValue("unit"), 10, 64)
	if err != nil || unitID <= 0 {
		return domain.NotFound()
	}
	o, err := s.svc.FileObjection(r.Context(), rq.auth.Actor, id, app.ObjectionCreate{UnitID: unitID, Reason: r.PostFormValue("reason")})
	if err != nil {
		if c := domain.ErrorCode(err); c != domain.EInvalid && c != domain.EConflict {
			return err
		}
		v, verr := s.assessmentUnitView(r, rq)
		if verr != nil {
			return verr
		}
		return s.refused(w, r, err, "assessment_unit", v, &v.Page)
	}
	redirect(w, r, "/objections/"+itoa(o.ID), "flash.saved")
	return nil
}

type objectionsView struct {
	listBase
	Items    []*domain.Objection
	Statuses []domain.ObjectionStatus
}

// objectionList reads the objection list's filters (the page's and the API's).
func objectionList(r *http.Request) (app.ObjectionFilter, error) {
	q := filtersOf(r)
	f := app.ObjectionFilter{AssessmentID: q.num("assessment_id"), UnitID: q.num("unit_id"),
		Status: oneOf(q, "status", domain.ObjectionStatuses), After: q.cursor()}
	return f, q.err
}

func (s *Server) objectionsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "objection.list", authz.KindObjection, nil, "status")
	if err != nil {
		return err
	}
	base.CanCreate = false // filed from a unit's score
	v := objectionsView{listBase: base, Statuses: domain.ObjectionStatuses}
	v.Items, v.Pager, err = listFrom(s, r, objectionList, (*app.Service).Objections, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "objections", v)
	return nil
}

type objectionView struct {
	Page
	O       *domain.Objection
	Steps   []domain.ObjectionAction
	History []*audit.Record
	// What a refused answer held.
	Answer, Corrected string
}

func (s *Server) objectionView(r *http.Request, rq *request, id int64) (*objectionView, error) {
	a, ctx := rq.auth.Actor, r.Context()
	o, err := s.svc.Objection(ctx, a, id)
	if err != nil {
		return nil, err
	}
	title := i18n.T(rq.lang, "objection.title") + " · " + o.UnitName + " · " + strconv.Itoa(o.Year)
	v := &objectionView{O: o, Steps: s.svc.ObjectionSteps(a, o),
		Page: s.page(r, title, crumb{"/objections", i18n.T(rq.lang, "objection.list")}, crumb{"", title})}
	if r.Method == http.MethodPost {
		v.Answer, v.Corrected = r.PostFormValue("answer"), r.PostFormValue("corrected_score")
	}
	v.History, err = s.svc.ObjectionHistory(ctx, a, id)
	return v, err
}

func (s *Server) objectionAnswerPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	st := app.ObjectionStep{Version: ver, Action: domain.ObjectionAction(r.PostFormValue("action")), Answer: r.PostFormValue("answer")}
	var serr error
	if st.Action == domain.ObjAccept {
		if st.CorrectedScore, serr = strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("corrected_score")), 64); serr != nil {
			serr = domain.Invalid("corrected_score", "err.number")
		}
	}
	if serr == nil {
		_, serr = s.svc.AnswerObjection(r.Context(), rq.auth.Actor, id, st)
	}
	if serr != nil {
		if c := domain.ErrorCode(serr); c != domain.EInvalid && c != domain.EConflict {
			return serr
		}
		v, verr := s.objectionView(r, rq, id)
		if verr != nil {
			return verr
		}
		return s.refused(w, r, serr, "objection", v, &v.Page)
	}
	redirect(w, r, "/objections/"+itoa(id), "flash.saved")
	return nil
}

// applicantScore is the project's unit's latest published score for the project page (ORG-3:
// later approvals); nil when none.
func (s *Server) applicantScore(r *http.Request, rq *request, p *domain.Project) *domain.UnitScore {
	sc, err := s.svc.ApplicantScore(r.Context(), rq.auth.Actor, p)
	if err != nil {
		return nil
	}
	return sc
}

// objectionTodos: the units' objections to a published assessment waiting for the office's
// answer (ORG-3), for whoever may answer them.
func (s *Server) objectionTodos(r *http.Request) []todo {
	rq := reqOf(r)
	a := rq.auth.Actor
	if authz.Can(a, authz.ObjectionAnswer, authz.Resource{Kind: authz.KindObjection}) != nil {
		return nil
	}
	n, err := s.svc.CountObjections(r.Context(), a, app.ObjectionFilter{Status: domain.ObjSubmitted})
	if err != nil || n == 0 {
		return nil
	}
	return []todo{{Text: i18n.T(rq.lang, "todo.objections_submitted", n), Href: "/objections?status=submitted", Clause: "ORG-3"}}
}
