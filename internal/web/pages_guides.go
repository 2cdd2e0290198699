package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
)

// guideRoutes registers the pages of the annual declaration guides (FLOW-1).
func (s *Server) guideRoutes() {
	s.handle("GET /guides", s.ui(s.guidesPage))
	guidePages.routes(s)
}

// guidePages describes the guide pages: the office writes, everyone reads the published.
var guidePages = &recordPages[domain.Guide, app.GuideCreate, *guideView, *guideFormView]{
	base: "/guides", nav: "nav.guides", detail: "guide", form: "guide_form",
	newTitle: "guides.new", editTitle: "unit.edit", name: guideName,
	kind: authz.KindGuide, createIn: authz.GuideWrite,
	get:     (*app.Service).Guide,
	mayEdit: guideMayEdit,
	blank: func(domain.Actor) domain.Guide {
		return domain.Guide{Items: domain.DefaultGuideItems()} // the form proposes next year
	},
	read:   guideFromForm,
	create: (*app.Service).CreateGuide,
	update: func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, c app.GuideCreate) (*domain.Guide, error) {
		return svc.UpdateGuide(ctx, a, id, c.GuideEdit)
	},
	view: (*Server).guideView, formView: (*Server).guideFormView, step: (*Server).guideStep,
}

func guideName(g *domain.Guide) string {
	return g.Title + "（" + strconv.Itoa(g.Revision) + "）"
}

func guideMayEdit(a domain.Actor, g *domain.Guide) error {
	if err := authz.Can(a, authz.GuideWrite, authz.Guide(g.ID, g.Status != domain.GuideDraft)); err != nil {
		return err
	}
	if g.Status != domain.GuideDraft {
		return domain.Errorf(domain.EConflict, "err.guide.frozen")
	}
	return nil
}

// GuideStatus and GuideAction name the guide's states and steps in the page's language.
func (p *helpers) GuideStatus(s domain.GuideStatus) string { return p.T("guidestatus." + string(s)) }
func (p *helpers) GuideAction(a domain.GuideAction) string { return p.T("guideaction." + string(a)) }

// guideList reads the list filters shared by the page and the API.
func guideList(r *http.Request) (app.GuideFilter, error) {
	q := filtersOf(r)
	f := app.GuideFilter{Status: oneOf(q, "status", domain.GuideStatuses), Year: int(q.num("year")), After: q.cursor()}
	return f, q.err
}

type guidesView struct {
	listBase
	Guides   []*domain.Guide
	Statuses []domain.GuideStatus
}

func (s *Server) guidesPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.guides", authz.KindGuide, nil, "year", "status")
	if err != nil {
		return err
	}
	v := guidesView{listBase: base, Statuses: domain.GuideStatuses}
	v.CanCreate = authz.Can(rq.auth.Actor, authz.GuideWrite, authz.Resource{Kind: authz.KindGuide}) == nil
	v.Guides, v.Pager, err = listFrom(s, r, guideList, (*app.Service).Guides, nil) // a guide a year, a few revisions each: counted by reading them
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "guides", v)
	return nil
}

type guideView struct {
	Page
	Guide   *domain.Guide
	Steps   []domain.GuideAction
	CanEdit bool
	History []*audit.Record
	Path    []domain.GuideStatus // the step bar: draft, published
}

func (s *Server) guideView(r *http.Request, rq *request, g *domain.Guide, pg Page) (*guideView, error) {
	a := rq.auth.Actor
	v := &guideView{Page: pg, Guide: g, Steps: s.svc.GuideSteps(a, g), CanEdit: guideMayEdit(a, g) == nil}
	v.Path = domain.GuideStatuses[:2]
	if g.Status == domain.GuideSuperseded {
		v.Path = domain.GuideStatuses
	}
	var err error
	v.History, err = s.svc.GuideHistory(r.Context(), a, g.ID)
	return v, err
}

type guideFormView struct {
	formBase
	Guide domain.Guide
	Rows  []domain.GuideRequirement // the requirements, and empty rows to add some
}

func (s *Server) guideFormView(r *http.Request, rq *request, f formBase, g domain.Guide) (*guideFormView, error) {
	if g.Year == 0 {
		g.Year = s.svc.Now().Year() + 1
	}
	rows := append(append([]domain.GuideRequirement(nil), g.Items...), make([]domain.GuideRequirement, 3)...)
	return &guideFormView{formBase: f, Guide: g, Rows: rows}, nil
}

// guideFromForm reads the guide form: its fields, and the requirements table as rows
// item_clause/item_text with item_mandatory naming the checked rows; empty rows are dropped.
func guideFromForm(r *http.Request) (app.GuideCreate, error) {
	var c app.GuideCreate
	var errs domain.Problems
	errs.Add(bindForm(r, &c, "year"))
	errs.Add(bindForm(r, &c.GuideEdit, "version", "title", "requirements", "scope", "encouraged", "window_start", "window_end"))
	if err := errs.Err(); err != nil {
		return c, err
	}
	if _, ok := r.PostForm["item_clause"]; !ok {
		return c, nil // no table on the form: the requirements stay
	}
	clauses, texts := r.PostForm["item_clause"], r.PostForm["item_text"]
	mandatory := map[string]bool{}
	for _, i := range r.PostForm["item_mandatory"] {
		mandatory[i] = true
	}
	items := []domain.GuideRequirement{}
	for i, cl := range clauses {
		text := ""
		if i < len(texts) {
			text = texts[i]
		}
		if strings.TrimSpace(cl) == "" && strings.TrimSpace(text) == "" {
			continue
		}
		items = append(items, domain.GuideRequirement{Clause: cl, Text: text, Mandatory: mandatory[strconv.Itoa(i)]})
	}
	c.Items = &items
	return c, nil
}

func (s *Server) guideStep(r *http.Request, rq *request, id, ver int64) error {
	_, err := s.svc.TransitionGuide(r.Context(), rq.auth.Actor, id, app.GuideStep{Version: ver, Action: domain.GuideAction(r.PathValue("action"))})
	return err
}
