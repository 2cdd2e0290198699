package web

import (
	"context"
	"net/http"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
)

// expertRoutes registers the pages of the expert pool (专家库, BLD-R3).
func (s *Server) expertRoutes() {
	s.handle("GET /experts", s.ui(s.expertsPage))
	expertPages.routes(s)
}

// expertPages describes the expert pages: the office keeps the pool; an expert reads the
// record of their own login.
var expertPages = &recordPages[domain.Expert, app.ExpertCreate, *expertView, *expertFormView]{
	base: "/experts", nav: "nav.experts", detail: "expert", form: "expert_form",
	newTitle: "experts.new", editTitle: "unit.edit", name: func(e *domain.Expert) string { return e.Name },
	kind: authz.KindExpert, createIn: authz.ExpertWrite,
	get:     (*app.Service).Expert,
	mayEdit: expertMayEdit,
	blank:   func(domain.Actor) domain.Expert { return domain.Expert{Active: true} },
	read:    expertFromForm,
	create:  (*app.Service).CreateExpert,
	update: func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, c app.ExpertCreate) (*domain.Expert, error) {
		return svc.UpdateExpert(ctx, a, id, c.ExpertEdit)
	},
	view: (*Server).expertView, formView: (*Server).expertFormView,
}

func expertMayEdit(a domain.Actor, e *domain.Expert) error {
	return authz.Can(a, authz.ExpertWrite, authz.Expert(e.ID, e.UserID))
}

// expertFromForm reads the expert form: every field of an edit, by its JSON name.
func expertFromForm(r *http.Request) (app.ExpertCreate, error) {
	var c app.ExpertCreate
	err := bindForm(r, &c.ExpertEdit)
	return c, err
}

// Specialty names a specialty in the page's language; Specialties names a list of them.
func (p *helpers) Specialty(sp domain.Specialty) string { return p.T("specialty." + string(sp)) }

func (p *helpers) SpecialtyNames(sps []domain.Specialty) []string {
	out := make([]string, len(sps))
	for i, sp := range sps {
		out[i] = p.Specialty(sp)
	}
	return out
}

type expertsView struct {
	listBase
	Experts     []*domain.Expert
	Specialties []domain.Specialty
}

func (s *Server) expertsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.experts", authz.KindExpert, nil, "q", "unit_id", "specialty", "active")
	if err != nil {
		return err
	}
	a := rq.auth.Actor
	v := expertsView{listBase: base, Specialties: domain.Specialties}
	v.CanCreate = authz.Can(a, authz.ExpertWrite, authz.Resource{Kind: authz.KindExpert}) == nil
	v.Experts, v.Pager, err = listFrom(s, r, expertList, (*app.Service).Experts, (*app.Service).CountExperts)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "experts", v)
	return nil
}

type expertView struct {
	Page
	Expert  *domain.Expert
	CanEdit bool
	CanDraw bool // the office: a link to the draws that left out the expert's unit
	History []*audit.Record
}

func (s *Server) expertView(r *http.Request, rq *request, e *domain.Expert, pg Page) (*expertView, error) {
	a := rq.auth.Actor
	v := &expertView{Page: pg, Expert: e, CanEdit: expertMayEdit(a, e) == nil,
		CanDraw: authz.Can(a, authz.DrawRead, authz.Resource{Kind: authz.KindDraw}) == nil}
	var err error
	v.History, err = s.svc.ExpertHistory(r.Context(), a, e.ID)
	return v, err
}

type expertFormView struct {
	formBase
	Expert      domain.Expert
	Specialties []domain.Specialty
	Accounts    []*domain.User // the logins holding the expert role, to link one
}

func (s *Server) expertFormView(r *http.Request, rq *request, f formBase, e domain.Expert) (*expertFormView, error) {
	accounts, err := s.svc.ExpertAccounts(r.Context(), rq.auth.Actor)
	return &expertFormView{formBase: f, Expert: e, Specialties: domain.Specialties, Accounts: accounts}, err
}

// HasSpecialty reports whether the form's expert has sp (its check box checked).
func (v *expertFormView) HasSpecialty(sp domain.Specialty) bool { return v.Expert.Has(sp) }
