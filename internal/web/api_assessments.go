package web

import (
	"net/http"
	"strconv"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// The department assessment's JSON API (ORG-3): the years' assessments (a register), their
// scores, a unit's figures with evidence, the live computation, the export, and the objections.

func (s *Server) assessmentsAPI() apiRegister {
	list := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		items, err := s.svc.Assessments(r.Context(), rq.auth.Actor)
		return pageOf(app.Page[*domain.Assessment]{Items: items}), err
	}
	return apiRegister{base: "/api/v1/assessments", tag: "assessments", one: "Assessment", many: "Assessments", the: "assessment", these: "assessments",
		list: apiOp{h: list, out: list_[*domain.Assessment](), query: []param{}}.says("List the years' assessments",
			"Newest year first, all in one page (one a year). Every signed-in user lists the published ones (the indicators and weights are public: every unit knows how it is scored); the info office its drafts too (ORG-3)."),
		create: createFrom[app.AssessmentCreate, domain.Assessment, *domain.Assessment](s, (*app.Service).CreateAssessment,
			func(x *domain.Assessment) int64 { return x.ID }, (*app.Service).Assessment).says("Create a year's assessment",
			"The info office only. A year has one assessment (422 on year). Without weights it starts with the default indicators (cloud 20, rooms 10, websites 10, catalog 15, feedback 10, rectification 15, spotcheck 10, findings 10) and a 10-working-day objection window. The weights must sum to 100 (422 on weights), each indicator known and listed once, each weight 1–100 (422 on weights.N). Audited as assessment.create."),
		get: recordAt(s, (*app.Service).Assessment).says("Get an assessment", "A draft answers 404 to anyone but the info office."),
		update: withBody(s, (*app.Service).UpdateAssessment).says("Edit a draft assessment",
			"Fields left out keep their values; version is required (a stale one 409). weights replaces the whole list; every problem is named (422: weights, weights.N, objection_days, title). A published assessment answers 409 (frozen). Audited as assessment.update."),
		transition: withBody(s, (*app.Service).TransitionAssessment).says("Publish an assessment",
			"action publish (draft → published): computes every unit's figures from the records, stores them as the frozen snapshot, sets the objection window (objection_days working days from today) and notifies every unit, in one transaction. Audited as assessment.publish."),
		history: apiOp{h: s.apiHistory((*app.Service).AssessmentHistory)}.says("An assessment's history", "The audit records of the assessment, newest first."),
	}
}

// list_ is the answer type of a one-page list.
func list_[T any]() list[T] { return list[T]{} }

func (s *Server) objectionsAPI() apiRegister {
	return apiRegister{base: "/api/v1/objections", tag: "assessments", one: "Objection", many: "Objections", the: "objection", these: "objections",
		filters: []param{
			qInt("assessment_id", "Only this assessment's objections."),
			qInt("unit_id", "Only this unit's."),
			qOf[domain.ObjectionStatus]("status", "Only this status."),
		},
		list: pageList(s, byRequest(objectionList), byID, (*app.Service).Objections, nil).says("List objections",
			"Newest first, keyset-paginated. The info office lists all; a unit's people and its leader the unit's own."),
		get: recordAt(s, (*app.Service).Objection).says("Get an objection", "Another unit's answers 404."),
		transition: withBody(s, (*app.Service).AnswerObjection).says("Answer an objection",
			"The info office only (a unit 403). action accept needs corrected_score (0–100, 422) and answer (422), and sets the unit's final score; action reject needs answer. An answered objection, or a stale version, answers 409. The unit is notified. Audited as objection.accept or objection.reject."),
		history: apiOp{h: s.apiHistory((*app.Service).ObjectionHistory)}.says("An objection's history", "The audit records of the objection, newest first."),
	}
}

// assessmentAPIRoutes are the operations beside the two registers.
func (s *Server) assessmentAPIRoutes() []apiRoute {
	compute := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		year, err := strconv.Atoi(r.URL.Query().Get("year"))
		if err != nil || year < 2000 || year > 2100 {
			return nil, domain.Invalid("year", "err.range", 2000, 2100)
		}
		items, err := s.svc.ComputeAssessment(r.Context(), rq.auth.Actor, year)
		return pageOf(app.Page[*domain.UnitScore]{Items: items}), err
	}
	unitScore := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		id, err := pathID(r)
		if err != nil {
			return nil, err
		}
		unit, err := strconv.ParseInt(r.PathValue("unit"), 10, 64)
		if err != nil || unit <= 0 {
			return nil, domain.NotFound()
		}
		return s.svc.Score(r.Context(), rq.auth.Actor, id, unit)
	}
	file := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		id, err := pathID(r)
		if err != nil {
			return nil, err
		}
		var in app.ObjectionCreate
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		return s.svc.FileObjection(r.Context(), rq.auth.Actor, id, in)
	}
	export := func(w http.ResponseWriter, r *http.Request, rq *request) error {
		return s.assessmentXLSX(w, r, rq)
	}
	return []apiRoute{
		{pattern: "GET /api/v1/assessments/compute", status: http.StatusOK, h: compute, id: "computeAssessment", tag: "assessments",
			sum:   "Compute every unit's figures now",
			doc:   "The info office only (403 otherwise). Every active unit's score for year, as the records stand now, with every indicator's figure and its evidence, best first: the year's configured weights, the default ones when the year has none. Nothing is stored (publishing stores). One query an indicator for all units.",
			query: []param{must(qInt("year", "The assessment year (2000–2100)."))},
			out:   list[*domain.UnitScore]{}, okDoc: "The units' scores.", errs: []int{400}},
		{pattern: "GET /api/v1/assessments/{id}/scores", status: http.StatusOK, h: itemsAt(s, (*app.Service).Scores).h, id: "listAssessmentScores", tag: "assessments",
			sum: "A published assessment's scores",
			doc: "Best first, without evidence: the office all units, a leader the units led, a unit its own (scores are not public). A draft has none (its preview is computeAssessment).",
			out: list[*domain.UnitScore]{}, okDoc: "The scores."},
		{pattern: "GET /api/v1/assessments/{id}/scores/{unit}", status: http.StatusOK, h: unitScore, id: "getAssessmentScore", tag: "assessments",
			sum:   "A unit's score with its evidence",
			doc:   "Every indicator's figure (num, den, rate, points) and the records that make it (evidence: id, name, met), frozen at publication. Another unit's answers 404.",
			query: []param{{name: "unit", in: "path", doc: "The unit's id.", schema: obj{"type": "integer", "format": "int64"}}},
			out:   domain.UnitScore{}, okDoc: "The unit's score."},
		{pattern: "GET /api/v1/assessments/{id}/export", status: http.StatusOK, h: s.apiXLSX(export), id: "exportAssessment", tag: "assessments",
			sum: "Export a published assessment",
			doc: "The scores the caller may see as .xlsx: rank, unit, each indicator's points and figure, score and final score. Audited as assessment.export.",
			out: xlsxAnswer, okDoc: "The workbook."},
		{pattern: "POST /api/v1/assessments/{id}/objections", status: http.StatusCreated, h: file, id: "fileObjection", tag: "assessments",
			sum: "Object to a unit's published score",
			doc: "The unit's 责任人 or 联系人 (unit_id: the unit, default the caller's; another unit 403), with a reason (422), within the objection window (409 after it), once a year (422 on reason the second time). The office is notified. Audited as objection.create.",
			in:  app.ObjectionCreate{}, out: &domain.Objection{}, okDoc: "The objection.", errs: []int{409}},
	}
}
