package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// The pages of the random spot-check rounds (随机抽查, 双随机、一公开, FLOW-4): the list of rounds
// (/spot-checks: the office's all with the form opening one; everyone else's the published ones
// and those they inspect) with the checks the viewer was drawn to inspect (我的抽查); a round's
// page (its inputs, candidates, draws with their recomputation, checks and outcomes; the office's
// edit form, draw and publish buttons); and a check's page, the outcome form per requirement
// with the materials the unit submitted at the stage beside it.

func (s *Server) spotCheckRoutes() {
	s.handle("GET /spot-checks", s.ui(s.roundsPage))
	s.handle("POST /spot-checks", s.ui(s.roundCreate))
	s.handle("GET /spot-checks/{id}", s.ui(s.roundPage))
	s.handle("POST /spot-checks/{id}", s.ui(s.roundUpdate))
	s.handle("POST /spot-checks/{id}/draw", s.ui(s.roundStep((*app.Service).DrawCheckRound, "flash.drawn")))
	s.handle("POST /spot-checks/{id}/publish", s.ui(s.roundStep((*app.Service).PublishCheckRound, "flash.round_published")))
	s.handle("GET /spot-checks/{id}/checks/{check}", s.ui(s.spotCheckPage))
	s.handle("POST /spot-checks/{id}/checks/{check}", s.ui(s.spotCheckRecord))
}

// RoundStatus, CheckStatus, CheckResult and RoundAction name the spot checks' enumerations in
// the page's language.
func (p *helpers) RoundStatus(x domain.CheckRoundStatus) string {
	return p.T("roundstatus." + string(x))
}
func (p *helpers) CheckStatus(x domain.SpotCheckStatus) string {
	return p.T("checkstatus." + string(x))
}
func (p *helpers) CheckResult(x domain.CheckResult) string { return p.T("checkresult." + string(x)) }
func (p *helpers) RoundAction(x domain.CheckRoundAction) string {
	return p.T("roundaction." + string(x))
}

type roundsView struct {
	Page
	Items     []*domain.CheckRound
	Pager     pager
	Mine      []*domain.SpotCheck
	CanCreate bool
	Form      app.CheckRoundEdit // what a refused form held
	Stages    []domain.ProjectStage
}

func (s *Server) roundsView(r *http.Request, rq *request) (*roundsView, error) {
	a, ctx := rq.auth.Actor, r.Context()
	title := i18n.T(rq.lang, "nav.spotchecks")
	yes := true
	v := &roundsView{Page: s.page(r, title, crumb{"", title}), CanCreate: s.svc.CanManageRounds(a), Stages: domain.MaterialStages,
		Form: app.CheckRoundEdit{InspectorsPer: 2, IncludeKey: &yes, PoolOffice: true, PoolExperts: true}}
	var err error
	v.Items, v.Pager, err = listPage(r, func(limit int) ([]*domain.CheckRound, error) {
		p, err := s.svc.CheckRounds(ctx, a, app.CheckRoundFilter{Limit: limit})
		return p.Items, err
	}, func() (int, error) {
		p, err := s.svc.CheckRounds(ctx, a, app.CheckRoundFilter{})
		return len(p.Items), err
	})
	if err != nil {
		return nil, err
	}
	mine, err := s.svc.MySpotChecks(ctx, a, app.SpotCheckFilter{Limit: 50})
	if err != nil {
		return nil, err
	}
	v.Mine = mine.Items
	return v, nil
}

func (s *Server) roundsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	v, err := s.roundsView(r, rq)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "spotchecks", v)
	return nil
}

// roundForm reads the round form.
func roundForm(r *http.Request) (app.CheckRoundEdit, error) {
	num := func(name string) (int, error) {
		v, err := formInt(r, name)
		return int(v), err
	}
	q := app.CheckRoundEdit{Title: r.PostFormValue("title"), Stage: domain.ProjectStage(r.PostFormValue("stage")),
		PoolOffice: r.PostFormValue("pool_office") != "", PoolExperts: r.PostFormValue("pool_experts") != "",
		PoolSupervisors: r.PostFormValue("pool_supervisors") != ""}
	key := r.PostFormValue("include_key") != ""
	q.IncludeKey = &key
	q.PeriodFrom, _ = time.Parse(time.DateOnly, strings.TrimSpace(r.PostFormValue("period_from"))) // unreadable: refused as required
	q.PeriodTo, _ = time.Parse(time.DateOnly, strings.TrimSpace(r.PostFormValue("period_to")))
	var err error
	if q.SampleSize, err = num("sample_size"); err != nil {
		return q, err
	}
	if q.SamplePercent, err = num("sample_percent"); err != nil {
		return q, err
	}
	if q.InspectorsPer, err = num("inspectors_per"); err != nil {
		return q, err
	}
	v, err := formInt(r, "version")
	q.Version = v
	return q, err
}

func (s *Server) roundCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	q, err := roundForm(r)
	if err != nil {
		return err
	}
	x, err := s.svc.CreateCheckRound(r.Context(), rq.auth.Actor, q)
	if err != nil {
		v, verr := s.roundsView(r, rq)
		if verr != nil {
			return verr
		}
		if ferr := s.formErr(r, &v.Page, err); ferr != nil {
			return ferr
		}
		v.Form = q
		s.render(w, r, errorStatus(err), "spotchecks", v)
		return nil
	}
	redirect(w, r, "/spot-checks/"+itoa(x.ID), "flash.round_created")
	return nil
}

type roundView struct {
	Page
	*app.RoundReport
	Steps     []domain.CheckRoundAction
	CanEdit   bool
	Form      app.CheckRoundEdit
	Stages    []domain.ProjectStage
	Inspector map[int64]bool // the checks the viewer inspects
}

// KeyOf says whether the candidate project was included outright as a key project.
func (v *roundView) Sampled() int {
	n := 0
	for _, c := range v.Candidates {
		if c.Checked && !c.Key {
			n++
		}
	}
	return n
}

func (s *Server) roundView(r *http.Request, rq *request, id int64) (*roundView, error) {
	a, ctx := rq.auth.Actor, r.Context()
	rep, err := s.svc.RoundReport(ctx, a, id)
	if err != nil {
		return nil, err
	}
	x := rep.Round
	v := &roundView{RoundReport: rep, Steps: s.svc.RoundSteps(a, x), Stages: domain.MaterialStages, Inspector: map[int64]bool{}}
	v.CanEdit = x.Status == domain.RoundDraft && s.svc.CanManageRounds(a)
	key := x.IncludeKey
	v.Form = app.CheckRoundEdit{Version: x.Version, Title: x.Title, Stage: x.Stage, PeriodFrom: x.PeriodFrom, PeriodTo: x.PeriodTo,
		SampleSize: x.SampleSize, SamplePercent: x.SamplePercent, IncludeKey: &key, InspectorsPer: x.InspectorsPer,
		PoolOffice: x.PoolOffice, PoolExperts: x.PoolExperts, PoolSupervisors: x.PoolSupervisors}
	for _, c := range rep.Checks {
		for _, i := range c.Inspectors {
			if i.UserID == a.UserID {
				v.Inspector[c.ID] = true
			}
		}
	}
	v.Page = s.page(r, x.Title, crumb{"/spot-checks", i18n.T(rq.lang, "nav.spotchecks")}, crumb{"", x.Title})
	return v, nil
}

func (s *Server) roundPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	return showPage(s, "spotcheck_round", s.roundView)(w, r, rq)
}

func (s *Server) roundRefused(w http.ResponseWriter, r *http.Request, rq *request, id int64, err error, keep func(*roundView)) error {
	v, verr := s.roundView(r, rq, id)
	if verr != nil {
		return verr
	}
	if ferr := s.formErr(r, &v.Page, err); ferr != nil {
		return ferr
	}
	if keep != nil {
		keep(v)
	}
	s.render(w, r, errorStatus(err), "spotcheck_round", v)
	return nil
}

func (s *Server) roundUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	q, err := roundForm(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.UpdateCheckRound(r.Context(), rq.auth.Actor, id, q); err != nil {
		return s.roundRefused(w, r, rq, id, err, func(v *roundView) { v.Form = q })
	}
	redirect(w, r, "/spot-checks/"+itoa(id), "flash.saved")
	return nil
}

func (s *Server) roundStep(call func(*app.Service, context.Context, domain.Actor, int64, app.RoundStep) (*domain.CheckRound, error), flash string) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		id, ver, err := idVersion(r)
		if err != nil {
			return err
		}
		if _, err := call(s.svc, r.Context(), rq.auth.Actor, id, app.RoundStep{Version: ver}); err != nil {
			return s.roundRefused(w, r, rq, id, err, nil)
		}
		redirect(w, r, "/spot-checks/"+itoa(id), flash)
		return nil
	}
}

type spotCheckView struct {
	Page
	Round        *domain.CheckRound
	Check        *domain.SpotCheck
	Requirements []domain.TaskRequirement
	Materials    *domain.StageMaterials
	CanRecord    bool
	Results      []domain.CheckResult
	Form         map[string]domain.CheckOutcome // what a refused form held, by clause
	Evidence     attachmentsView                // the check's evidence files
	StageFiles   attachmentsView                // the unit's evidence files of its stages
	Notice       *app.CheckNotice               // the rectification notice it opened (FLOW-4), nil: none
}

// Outcome is the outcome of clause as the form shows it: what a refused form held, else the
// recorded one.
func (v *spotCheckView) Outcome(clause string) domain.CheckOutcome {
	if o, ok := v.Form[clause]; ok {
		return o
	}
	o, _ := v.Check.Outcome(clause)
	return o
}

// Response is what the unit's stage materials answered to clause.
func (v *spotCheckView) Response(clause string) domain.ProjectResponse {
	r, _ := v.Materials.Response(clause)
	return r
}

func (s *Server) spotCheckView(r *http.Request, rq *request) (*spotCheckView, error) {
	a, ctx := rq.auth.Actor, r.Context()
	c, err := s.roundCheck(r, rq)
	if err != nil {
		return nil, err
	}
	x, err := s.svc.CheckRound(ctx, a, c.RoundID)
	if err != nil {
		return nil, err
	}
	v := &spotCheckView{Round: x, Check: c, CanRecord: s.svc.CanRecordCheck(ctx, a, c), Results: domain.CheckResults}
	if v.Requirements, err = s.svc.CheckRequirements(ctx, a, c); err != nil {
		return nil, err
	}
	if v.Notice, err = s.svc.CheckNoticeOf(ctx, a, c); err != nil {
		return nil, err
	}
	if v.Materials, err = s.svc.CheckMaterials(ctx, a, c); err != nil {
		return nil, err
	}
	v.Page = s.page(r, c.ProjectName, crumb{"/spot-checks", i18n.T(rq.lang, "nav.spotchecks")},
		crumb{"/spot-checks/" + itoa(x.ID), x.Title}, crumb{"", c.ProjectName})
	back := "/spot-checks/" + itoa(x.ID) + "/checks/" + itoa(c.ID)
	if v.Evidence, err = s.attachments(r, v.Page, "spot_check", c.ID, back); err != nil {
		return nil, err
	}
	// The unit's stage files: for whoever reads the project (the office, the inspectors, the
	// unit); after publication other readers see the outcomes, not the unit's documents.
	if v.StageFiles, err = s.attachments(r, v.Page, "project_stage", c.ProjectID, back); domain.ErrorCode(err) == domain.ENotFound {
		v.StageFiles, err = attachmentsView{Page: v.Page}, nil
	}
	if err != nil {
		return nil, err
	}
	v.StageFiles.SectionID, v.StageFiles.CanChange = "stage-files", false
	return v, nil
}

func (s *Server) spotCheckPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	v, err := s.spotCheckView(r, rq)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "spotcheck", v)
	return nil
}

func (s *Server) spotCheckRecord(w http.ResponseWriter, r *http.Request, rq *request) error {
	v, err := s.spotCheckView(r, rq)
	if err != nil {
		return err
	}
	ver, err := formInt(r, "version")
	if err != nil {
		return err
	}
	in := app.SpotCheckRecordIn{Version: ver, Summary: r.PostFormValue("summary"), Outcomes: []domain.CheckOutcome{}}
	form := map[string]domain.CheckOutcome{}
	for _, t := range v.Requirements {
		res := r.PostFormValue("result." + t.Clause)
		if res == "" {
			continue // refused as missing
		}
		o := domain.CheckOutcome{Clause: t.Clause, Result: domain.CheckResult(res), Comment: r.PostFormValue("comment." + t.Clause)}
		in.Outcomes = append(in.Outcomes, o)
		form[t.Clause] = o
	}
	if _, err := s.svc.RecordSpotCheck(r.Context(), rq.auth.Actor, v.Check.ID, in); err != nil {
		if ferr := s.formErr(r, &v.Page, err); ferr != nil {
			return ferr
		}
		v.Form = form
		s.render(w, r, errorStatus(err), "spotcheck", v)
		return nil
	}
	redirect(w, r, "/spot-checks/"+itoa(v.Round.ID)+"/checks/"+itoa(v.Check.ID), "flash.saved")
	return nil
}

// IncludeKey says whether the form includes the key projects (the default).
func (v *roundsView) IncludeKey() bool { return v.Form.IncludeKey == nil || *v.Form.IncludeKey }

// IncludeKey says whether the form includes the key projects (the default).
func (v *roundView) IncludeKey() bool { return v.Form.IncludeKey == nil || *v.Form.IncludeKey }
