package web

import (
	"net/http"
	"strconv"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// Random spot-check rounds (随机抽查, 双随机、一公开, FLOW-4) in the JSON API: the office creates,
// edits, draws and publishes a round; a check's drawn inspectors (or the office) record its
// outcome; once published every logged-in user reads the round, its draws and its outcomes.

var pCheck = param{name: "check", in: "path", doc: "The spot check's id (one of the round's; another 404).", schema: obj{"type": "integer", "format": "int64"}}
var pDraw = param{name: "draw", in: "path", doc: "The draw's id (one of the round's; another 404).", schema: obj{"type": "integer", "format": "int64"}}

// roundCheck reads the check at the path's {check} of the round at {id} (404 for a check of
// another round).
func (s *Server) roundCheck(r *http.Request, rq *request) (*domain.SpotCheck, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	cid, err := strconv.ParseInt(r.PathValue("check"), 10, 64)
	if err != nil || cid <= 0 {
		return nil, domain.NotFound()
	}
	c, err := s.svc.SpotCheck(r.Context(), rq.auth.Actor, cid)
	if err != nil {
		return nil, err
	}
	if c.RoundID != id {
		return nil, domain.NotFound()
	}
	return c, nil
}

func (s *Server) spotChecksAPI() []apiRoute {
	rounds := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		limit, err := limitOf(r)
		if err != nil {
			return nil, err
		}
		q := r.URL.Query()
		f := app.CheckRoundFilter{Limit: limit}
		if f.Stage, err = queryEnum(q, "stage", domain.MaterialStages); err != nil {
			return nil, err
		}
		if f.Status, err = queryEnum(q, "status", domain.CheckRoundStatuses); err != nil {
			return nil, err
		}
		if f.After, err = decodeCursor(q.Get("cursor")); err != nil {
			return nil, err
		}
		p, err := s.svc.CheckRounds(r.Context(), rq.auth.Actor, f)
		return pageOf(p), err
	}
	mine := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		limit, err := limitOf(r)
		if err != nil {
			return nil, err
		}
		f := app.SpotCheckFilter{Limit: limit}
		if f.Status, err = queryEnum(r.URL.Query(), "status", domain.SpotCheckStatuses); err != nil {
			return nil, err
		}
		if f.After, err = decodeCursor(r.URL.Query().Get("cursor")); err != nil {
			return nil, err
		}
		p, err := s.svc.MySpotChecks(r.Context(), rq.auth.Actor, f)
		return pageOf(p), err
	}
	create := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		var in app.CheckRoundEdit
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		return s.svc.CreateCheckRound(r.Context(), rq.auth.Actor, in)
	}
	check := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) { return s.roundCheck(r, rq) }
	outcome := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		c, err := s.roundCheck(r, rq)
		if err != nil {
			return nil, err
		}
		var in app.SpotCheckRecordIn
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		return s.svc.RecordSpotCheck(r.Context(), rq.auth.Actor, c.ID, in)
	}
	verify := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		id, err := pathID(r)
		if err != nil {
			return nil, err
		}
		did, err := strconv.ParseInt(r.PathValue("draw"), 10, 64)
		if err != nil || did <= 0 {
			return nil, domain.NotFound()
		}
		_, c, err := s.svc.RoundDraw(r.Context(), rq.auth.Actor, id, did)
		return c, err
	}
	const seen = "Before publication the info office and the round's drawn inspectors only (others 404); once published every logged-in user (一公开)."
	return []apiRoute{
		{pattern: "GET /api/v1/spot-checks", status: http.StatusOK, h: rounds,
			id: "listCheckRounds", tag: "projects", sum: "List the spot-check rounds",
			doc:   "The random spot-check rounds (随机抽查, FLOW-4), newest first, keyset-paginated: every one for the info office; the published ones (一公开) and those the caller inspects a check of for everyone else.",
			query: paged(qEnum("stage", "Only rounds of this stage.", string(domain.StageBidding), string(domain.StageDesign), string(domain.StageAcceptance)), qOf[domain.CheckRoundStatus]("status", "Only rounds in this status.")),
			out:   list[*domain.CheckRound]{}, okDoc: "The rounds.", errs: []int{400}},
		{pattern: "GET /api/v1/spot-checks/mine", status: http.StatusOK, h: mine,
			id: "listMySpotChecks", tag: "projects", sum: "List the checks I was drawn to inspect",
			doc:   "The spot checks the caller was drawn to inspect (我的抽查), newest first, keyset-paginated.",
			query: paged(qOf[domain.SpotCheckStatus]("status", "Only checks in this status.")),
			out:   list[*domain.SpotCheck]{}, okDoc: "The checks.", errs: []int{400}},
		{pattern: "POST /api/v1/spot-checks", status: http.StatusCreated, h: create,
			id: "createCheckRound", tag: "projects", sum: "Open a spot-check round",
			doc: "The info office only (others 403). A draft round: title; stage bidding, design or acceptance; period_from ≤ period_to (the days the candidates reached the stage); sample_size (1–500) or sample_percent (1–100, rounded up), one of them; include_key (default true: key projects are always checked); inspectors_per (2–9); pool_office, pool_experts (experts with an account), pool_supervisors, at least one. Every problem is named at once (422). Audited as checkround.create.",
			in:  app.CheckRoundEdit{}, inDoc: "The round.", out: &domain.CheckRound{}, okDoc: "The draft round."},
		recordAt(s, (*app.Service).RoundReport).says("Get a spot-check round",
			"The round's inputs (stage, period, sample rule, key-project rule, inspector pool), its candidates (a draft's as they are now, for the office; a drawn round's as they were, each marked key and checked), its checks with their inspectors and outcomes, and its draws — the project draw, then each check's inspector draw with the inspected unit left out — each with its recomputation (verify: commitment, canonical order, result, exclusion), which `archgov draw verify ID` and docs/draw_verify.py repeat. "+seen).
			route("GET /api/v1/spot-checks/{id}", "getCheckRound", "projects", "The round."),
		withBody(s, (*app.Service).UpdateCheckRound).says("Edit a draft spot-check round",
			"The info office only; the round must still be a draft (else 409); version is the one read (stale: 409). The same fields and checks as the creation. Audited as checkround.update.").
			route("PUT /api/v1/spot-checks/{id}", "updateCheckRound", "projects", "The round as saved.", 409),
		withBody(s, (*app.Service).DrawCheckRound).says("Draw a spot-check round",
			"The info office only (双随机). In one transaction: the key projects among the candidates are included outright (when include_key), the sample of the rest is drawn with the verifiable draw (purpose spot_check_projects), and for each project checked its inspectors_per inspectors are drawn (purpose spot_check_inspectors) from the active users of the round's pool — office staff, experts' linked accounts, supervisors — with everyone of the inspected unit recused (its people, those holding a role for it, experts affiliated with it, the project's own supervisors). No candidate: 422; a pool too small for a project: 422 on inspectors_per naming it, nothing drawn; a round not in draft or a stale version: 409. Every draw is kept (verify it with `archgov draw verify ID`), audited as draw.create, the checks as spotcheck.create, the round as checkround.draw; the inspectors (spot_check_assigned) and the checked units (spot_check_drawn) are notified.").
			route("POST /api/v1/spot-checks/{id}/draw", "drawCheckRound", "projects", "The round as drawn.", 409),
		withBody(s, (*app.Service).PublishCheckRound).says("Publish a spot-check round",
			"The info office only (一公开): the round must be drawn and every check recorded (else 409 naming how many are pending); version is the one read (stale: 409). From then every logged-in user reads the round, its draws and outcomes; every unit is notified (check_round_published). Audited as checkround.publish.").
			route("POST /api/v1/spot-checks/{id}/publish", "publishCheckRound", "projects", "The round as published.", 409),
		{pattern: "GET /api/v1/spot-checks/{id}/checks/{check}", status: http.StatusOK, h: check,
			id: "getSpotCheck", tag: "projects", sum: "Get a spot check",
			doc:   "One project checked in the round: its inspectors and their draw, its outcome per requirement of the task book, its status (pending, passed, failed) and its rectification notice (rectification_id, once one is opened). Before publication the info office and the check's inspectors only (others 404); once published every logged-in user. The evidence files are attachments of entity spot_check.",
			query: []param{pCheck}, out: &domain.SpotCheck{}, okDoc: "The check."},
		{pattern: "POST /api/v1/spot-checks/{id}/checks/{check}/outcome", status: http.StatusOK, h: outcome,
			id: "recordSpotCheck", tag: "projects", sum: "Record a spot check's outcome",
			doc:   "By one of the check's drawn inspectors, or the info office for a paper form (anyone else 404). The round must be drawn and not published (409); version is the check's (stale: 409). outcomes holds one {clause, result, comment} per requirement of the task book: result responded (已响应), not_responded (未响应), partial (部分响应) or improper (响应不当), a comment required for all but responded (422 on outcomes.<clause>; a clause the task book does not carry 422 on outcomes.<i>.clause). Any result other than responded fails the check, which opens a rectification notice (整改通知书). Recording again replaces the outcome. The unit and the office are notified (spot_check_recorded). Audited as spotcheck.record.",
			query: []param{pCheck}, in: app.SpotCheckRecordIn{}, inDoc: "The version read, the outcomes and a summary.", out: &domain.SpotCheck{}, okDoc: "The check as recorded.",
			errs: []int{http.StatusConflict}},
		{pattern: "GET /api/v1/spot-checks/{id}/draws/{draw}", status: http.StatusOK, h: verify,
			id: "verifyCheckRoundDraw", tag: "projects", sum: "Recompute a draw of a spot-check round",
			doc:   "One of the round's draws recomputed from what was kept, as `archgov draw verify ID` does: the seed against the commitment, the candidates' canonical order, the result drawn again, no candidate of the unit left out. published is the draw as docs/draw_verify.py reads it. " + seen,
			query: []param{pDraw}, out: &app.DrawCheck{}, okDoc: "The recomputation."},
	}
}
