package web

import (
	"net/http"
	"strconv"
	"strings"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// treeNode is a unit with its depth, for the indented tree.
type treeNode struct {
	*domain.Unit
	Depth    int
	Children int
}

type unitsView struct {
	Page
	Nodes        []treeNode
	Query        string
	ShowInactive bool
	OnlyMissing  bool
	Total        int
}

// flatten orders units depth-first, parents before children, siblings by code.
func flatten(units []*domain.Unit) []treeNode {
	kids := map[int64][]*domain.Unit{}
	ids := map[int64]bool{}
	for _, u := range units {
		ids[u.ID] = true
	}
	for _, u := range units {
		p := u.ParentID
		if !ids[p] {
			p = 0 // orphaned by a filter: show at the top
		}
		kids[p] = append(kids[p], u)
	}
	for _, k := range kids {
		sortUnits(k)
	}
	var out []treeNode
	var walk func(parent int64, depth int)
	walk = func(parent int64, depth int) {
		for _, u := range kids[parent] {
			out = append(out, treeNode{Unit: u, Depth: depth, Children: len(kids[u.ID])})
			walk(u.ID, depth+1)
		}
	}
	walk(0, 0)
	return out
}

func sortUnits(us []*domain.Unit) {
	for i := 1; i < len(us); i++ {
		for j := i; j > 0 && us[j].Code < us[j-1].Code; j-- {
			us[j], us[j-1] = us[j-1], us[j]
		}
	}
}

func (s *Server) unitsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query()
	v := unitsView{Page: s.page(r, i18n.T(rq.lang, "nav.units")), Query: strings.TrimSpace(q.Get("q")),
		ShowInactive: q.Get("inactive") == "1", OnlyMissing: q.Get("missing") == "1"}
	v.Crumbs = v.Crumbs[:1]
	f := app.UnitFilter{}
	if v.OnlyMissing {
		f.Finding = domain.RulePeopleMissing // ORG-1: what the rules found, not worked out here
	}
	p, err := s.svc.Units(r.Context(), rq.auth.Actor, f)
	if err != nil {
		return err
	}
	var keep []*domain.Unit
	for _, u := range p.Items {
		if !u.Active && !v.ShowInactive {
			continue
		}
		if v.Query != "" && !strings.Contains(u.Name, v.Query) && !strings.Contains(u.Code, v.Query) {
			continue
		}
		keep = append(keep, u)
	}
	v.Nodes = flatten(keep)
	v.Total = len(v.Nodes)
	s.render(w, r, http.StatusOK, "units", v)
	return nil
}

type unitView struct {
	Page
	Unit        *domain.Unit
	Parent      *domain.Unit
	Children    []*domain.Unit
	CanEdit     bool
	CanContacts bool
	CanAdmin    bool
	Findings    findingsSection // what the governance rules found (ORG-1), for those who read the unit's findings
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := s.svc.Unit(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	v := unitView{Page: s.page(r, u.Name, crumb{"/units", i18n.T(rq.lang, "nav.units")}, crumb{"", u.Name}), Unit: u}
	if u.ParentID != 0 {
		v.Parent, _ = s.svc.Unit(r.Context(), rq.auth.Actor, u.ParentID)
	}
	kids, err := s.svc.Units(r.Context(), rq.auth.Actor, app.UnitFilter{ParentID: u.ID})
	if err != nil {
		return err
	}
	v.Children = kids.Items
	sortUnits(v.Children)
	a := rq.auth.Actor
	v.CanAdmin = authz.Can(a, authz.UnitUpdate, authz.Unit(u)) == nil
	v.CanContacts = authz.Can(a, authz.UnitUpdateContacts, authz.Unit(u)) == nil
	v.CanEdit = v.CanAdmin || v.CanContacts
	if v.Findings, err = s.findingsOf(r, v.Page, domain.SubjectUnit, u.ID, u.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "unit", v)
	return nil
}

type unitFormView struct {
	Page
	Unit    domain.Unit
	Choices app.UnitPeopleChoices // who may be named 责任人 and 联系人 (ORG-1)
	New     bool
	Full    bool // may edit code, name and kind (not only contacts)
	Kinds   []domain.UnitKind
	Parents []treeNode
	CanMove bool
}

func (s *Server) unitFormView(r *http.Request, rq *request, u domain.Unit, isNew bool) (unitFormView, error) {
	title := i18n.T(rq.lang, "unit.new")
	if !isNew {
		title = i18n.T(rq.lang, "unit.edit", u.Name)
	}
	v := unitFormView{Page: s.page(r, title, crumb{"/units", i18n.T(rq.lang, "nav.units")}, crumb{"", title}),
		Unit: u, New: isNew, Kinds: domain.UnitKinds}
	a := rq.auth.Actor
	v.Full = isNew || authz.Can(a, authz.UnitUpdate, authz.Unit(&u)) == nil
	v.CanMove = !isNew && authz.Can(a, authz.UnitMove, authz.Unit(&u)) == nil
	if !isNew {
		var err error
		if v.Choices, err = s.svc.UnitPeopleChoices(r.Context(), a, u.ID); err != nil {
			return v, err
		}
	}
	if isNew || v.CanMove {
		active, err := s.unitsWhere(r, a, func(x *domain.Unit) bool { return x.Active && x.ID != u.ID })
		if err != nil {
			return v, err
		}
		v.Parents = flatten(active)
	}
	return v, nil
}

func (s *Server) unitNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := authz.Can(rq.auth.Actor, authz.UnitCreate, authz.Resource{Kind: authz.KindUnit}); err != nil {
		return err
	}
	parent, err := formInt(r, "parent")
	if err != nil {
		return err
	}
	v, err := s.unitFormView(r, rq, domain.Unit{ParentID: parent, Kind: domain.KindBureau}, true)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "unit_form", v)
	return nil
}

func (s *Server) unitCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	var u domain.Unit
	err := bindForm(r, &u, "code", "name", "kind", "parent_id")
	if err == nil {
		err = s.svc.CreateUnit(r.Context(), rq.auth.Actor, &u)
	}
	return s.saved(w, r, err, "unit_form", "/units/"+itoa(u.ID), func() (any, *Page, error) {
		v, err := s.unitFormView(r, rq, u, true)
		return &v, &v.Page, err
	})
}

func (s *Server) unitEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	u, err := s.svc.Unit(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	if err := authz.Can(rq.auth.Actor, authz.UnitUpdateContacts, authz.Unit(u)); err != nil {
		return err
	}
	v, err := s.unitFormView(r, rq, *u, false)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "unit_form", v)
	return nil
}

func (s *Server) unitUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cur, err := s.svc.Unit(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	var e app.UnitEdit
	if err = bindForm(r, &e); err == nil {
		_, err = s.svc.UpdateUnit(r.Context(), rq.auth.Actor, id, e)
	}
	return s.saved(w, r, err, "unit_form", "/units/"+itoa(id), func() (any, *Page, error) {
		form := *cur
		form.Version = e.Version
		typed(&form.Code, e.Code)
		typed(&form.Name, e.Name)
		typed(&form.Kind, e.Kind)
		typed(&form.ResponsibleUserID, e.ResponsibleUserID)
		typed(&form.ContactUserID, e.ContactUserID)
		v, err := s.unitFormView(r, rq, form, false)
		return &v, &v.Page, err
	})
}

func (s *Server) unitMove(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	parent, err := formInt(r, "parent_id")
	if err != nil {
		return err
	}
	if _, err := s.svc.MoveUnit(r.Context(), rq.auth.Actor, id, parent, ver); err != nil {
		return err
	}
	redirect(w, r, "/units/"+itoa(id), "flash.moved")
	return nil
}

func (s *Server) unitSetActive(active bool) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		id, ver, err := idVersion(r)
		if err != nil {
			return err
		}
		if _, err := s.svc.SetUnitActive(r.Context(), rq.auth.Actor, id, ver, active); err != nil {
			return err
		}
		flash := "flash.deactivated"
		if active {
			flash = "flash.activated"
		}
		redirect(w, r, "/units/"+itoa(id), flash)
		return nil
	}
}
