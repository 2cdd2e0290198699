package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// drawRoutes registers the pages of the verifiable draws (BLD-R3): the office's list, the
// form that draws, a draw's page with its recomputation, and the draw as JSON for
// docs/draw_verify.py.
func (s *Server) drawRoutes() {
	s.handle("GET /draws", s.ui(s.drawsPage))
	s.handle("GET /draws/new", s.ui(s.drawNew))
	s.handle("POST /draws/new", s.ui(s.drawCreate))
	s.handle("GET /draws/{id}", s.ui(showPage(s, "draw", s.drawView)))
	s.handle("GET /draws/{id}/draw.json", s.ui(s.drawJSON))
}

// DrawPurpose and DrawSubject name a draw's purpose and subject kind in the page's language.
func (p *helpers) DrawPurpose(v domain.DrawPurpose) string { return p.T("drawpurpose." + string(v)) }
func (p *helpers) DrawSubject(v domain.DrawSubject) string { return p.T("drawsubject." + string(v)) }

type drawsView struct {
	listBase
	Draws    []*domain.Draw
	Purposes []domain.DrawPurpose
	Subjects []domain.DrawSubject
}

func (s *Server) drawsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.draws", authz.KindDraw, nil, "purpose", "subject_kind", "subject_id", "unit_id")
	if err != nil {
		return err
	}
	a := rq.auth.Actor
	v := drawsView{listBase: base, Purposes: domain.DrawPurposes, Subjects: domain.DrawSubjects}
	v.CanCreate = authz.Can(a, authz.DrawCreate, authz.Resource{Kind: authz.KindDraw}) == nil
	v.Draws, v.Pager, err = listFrom(s, r, drawList, (*app.Service).Draws, (*app.Service).CountDraws)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "draws", v)
	return nil
}

type drawFormView struct {
	Page
	Req         app.DrawRequest
	Purposes    []domain.DrawPurpose
	Subjects    []domain.DrawSubject
	Specialties []domain.Specialty
	Units       []treeNode
	// Candidates are the experts the request would draw from, when it names its subject and
	// the unit left out (a project page's link, or a refused draw): the office sees the pool
	// before drawing. Eligible is whether they were worked out.
	Candidates []domain.DrawCandidate
	Eligible   bool
}

// drawForm is the form of a draw, filled with req (what the office asked, or the query's
// prefill: a project page links here with its subject and unit).
func (s *Server) drawForm(r *http.Request, rq *request, req app.DrawRequest) (*drawFormView, error) {
	a := rq.auth.Actor
	if err := authz.Can(a, authz.DrawCreate, authz.Resource{Kind: authz.KindDraw}); err != nil {
		return nil, err
	}
	title := i18n.T(rq.lang, "draws.new")
	v := &drawFormView{Page: s.page(r, title, crumb{"/draws", i18n.T(rq.lang, "nav.draws")}, crumb{"", title}), Req: req,
		Purposes: domain.DrawPurposes, Subjects: domain.DrawSubjects, Specialties: domain.Specialties}
	units, err := s.unitsWhere(r, a, func(u *domain.Unit) bool { return true })
	v.Units = flatten(units)
	if err == nil && req.SubjectID > 0 && req.ExcludeUnitID > 0 {
		cands, cerr := s.svc.DrawCandidates(r.Context(), a, req)
		if cerr == nil {
			v.Candidates, v.Eligible = cands, true
		}
	}
	return v, err
}

func (s *Server) drawNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	req := app.DrawRequest{Purpose: domain.DrawProjectReview, SubjectKind: domain.DrawSubjectProject, Count: 5}
	q := r.URL.Query()
	if v, err := queryEnum(q, "purpose", domain.DrawPurposes); err == nil && v != "" {
		req.Purpose = v
	}
	if v, err := queryEnum(q, "subject_kind", domain.DrawSubjects); err == nil && v != "" {
		req.SubjectKind = v
	}
	req.SubjectID, _ = strconv.ParseInt(q.Get("subject_id"), 10, 64)
	req.ExcludeUnitID, _ = strconv.ParseInt(q.Get("exclude_unit_id"), 10, 64)
	v, err := s.drawForm(r, rq, req)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "draw_form", v)
	return nil
}

func (s *Server) drawCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	var req app.DrawRequest
	err := bindForm(r, &req)
	var d *domain.Draw
	if err == nil {
		d, err = s.svc.CreateDraw(r.Context(), rq.auth.Actor, req)
	}
	if err == nil {
		redirect(w, r, "/draws/"+itoa(d.ID), "flash.drawn")
		return nil
	}
	v, verr := s.drawForm(r, rq, req)
	if verr != nil {
		return verr
	}
	return s.refused(w, r, err, "draw_form", v, &v.Page)
}

type drawView struct {
	Page
	Draw      *domain.Draw
	Check     *app.DrawCheck
	Units     map[int64]string // the candidates' units by id
	Drawn     map[string]int   // a drawn candidate's place in the result, from 1
	Published string           // the draw as docs/draw_verify.py reads it
}

func (s *Server) drawView(r *http.Request, rq *request, id int64) (*drawView, error) {
	d, err := s.svc.Draw(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return nil, err
	}
	title := i18n.T(rq.lang, "draws.title", d.ID)
	v := &drawView{Page: s.page(r, title, crumb{"/draws", i18n.T(rq.lang, "nav.draws")}, crumb{"", title}), Draw: d,
		Check: app.CheckDraw(d), Units: map[int64]string{}, Drawn: map[string]int{}}
	for _, c := range d.Pool {
		if _, ok := v.Units[c.UnitID]; c.UnitID != 0 && !ok {
			v.Units[c.UnitID] = s.svc.UnitName(r.Context(), c.UnitID)
		}
	}
	for i, k := range d.Result {
		v.Drawn[k] = i + 1
	}
	b, _ := json.MarshalIndent(v.Check.Published, "", "  ")
	v.Published = string(b)
	return v, nil
}

// Problem says a failed check of a draw in the page's language.
func (p *helpers) Problem(pr app.DrawProblem) string { return p.T("drawcheck." + pr.Check) }

// drawJSON answers the draw as the API does, as a file to give to docs/draw_verify.py.
func (s *Server) drawJSON(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.svc.Draw(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="draw-`+itoa(d.ID)+`.json"`)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	b, _ := json.MarshalIndent(d, "", "  ")
	_, err = w.Write(append(b, '\n'))
	return err
}
