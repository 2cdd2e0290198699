package web

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// baseLibraryRoutes registers the pages and API of the base libraries (SHR-P2, SHR-R5).
func (s *Server) baseLibraryRoutes() {
	s.handle("GET /base-libraries", s.ui(s.baseLibrariesPage))
	s.handle("GET /base-libraries/new", s.ui(s.baseLibraryNew))
	s.handle("POST /base-libraries/new", s.ui(s.baseLibraryCreate))
	s.handle("GET /base-libraries/{id}", s.ui(s.baseLibraryPage))
	s.handle("GET /base-libraries/{id}/edit", s.ui(s.baseLibraryEdit))
	s.handle("POST /base-libraries/{id}/edit", s.ui(s.baseLibraryUpdate))

}

// libEntryLimit is how many feeding entries a library's page lists; the rest are a link to the
// catalog filtered by the library.
const libEntryLimit = 50

// LibraryTitle names a library in the page's language: its English name in English when the
// office gave one, its name otherwise.
func (p *helpers) LibraryTitle(l *domain.Library) string {
	if p.Lang == i18n.EN && l.NameEN != "" {
		return l.NameEN
	}
	return l.Name
}

// GroupName names a docking group (docked / planned / not docked).
func (p *helpers) GroupName(g domain.DockingGroup) string {
	return p.T("baselibrary.group." + string(g))
}

// baseLibraryTodos tells the office which libraries in use have no authoritative provider yet
// (SHR-R5): after migration 0014 the five seeded libraries have none, and feedback against
// them (SHR-R6) has nowhere to go until the office names one.
func (s *Server) baseLibraryTodos(r *http.Request) []todo {
	rq := reqOf(r)
	if authz.Can(rq.auth.Actor, authz.BaseLibraryUpdate, authz.Resource{Kind: authz.KindBaseLibrary}) != nil {
		return nil
	}
	return s.findingTodo(r.Context(), rq, domain.RuleNoProvider, "todo.baselibrary_no_provider", "SHR-R5")
}

type baseLibrariesView struct {
	Page
	Libraries []app.LibrarySummary
	CanCreate bool
	// The libraries' live findings (SHR-R5) by library, for those who read them (the office):
	// what the rules found, never worked out here.
	Findings map[int64][]*domain.Finding
}

func (s *Server) baseLibrariesPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	sums, err := s.svc.LibraryOverview(r.Context(), rq.auth.Actor)
	if err != nil {
		return err
	}
	v := baseLibrariesView{Page: s.page(r, i18n.T(rq.lang, "baselibrary.title")), Libraries: sums,
		CanCreate: authz.Can(rq.auth.Actor, authz.BaseLibraryUpdate, authz.Resource{Kind: authz.KindBaseLibrary}) == nil}
	v.Crumbs = v.Crumbs[:1]
	if sc := authz.ReadScope(rq.auth.Actor, authz.KindFinding); sc.All {
		fs, err := s.svc.Findings(r.Context(), rq.auth.Actor, app.FindingFilter{Kind: domain.SubjectBaseLibrary, Limit: 200})
		if err != nil {
			return err
		}
		v.Findings = map[int64][]*domain.Finding{}
		for _, f := range fs.Items {
			v.Findings[f.SubjectID] = append(v.Findings[f.SubjectID], f)
		}
	}
	s.render(w, r, http.StatusOK, "baselib_list", v)
	return nil
}

type baseLibraryView struct {
	Page
	*app.LibraryDetail
	Groups   []domain.DockingGroup
	CountOf  map[domain.DockingGroup]int
	CanEdit  bool
	History  []*audit.Record
	Findings findingsSection // what the governance rules found (SHR-R5; pages_findings.go)
}

func (s *Server) baseLibraryPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	d, err := s.svc.BaseLibraryDetail(r.Context(), rq.auth.Actor, id, libEntryLimit)
	if err != nil {
		return err
	}
	title := d.Library.Name
	if rq.lang == i18n.EN && d.Library.NameEN != "" {
		title = d.Library.NameEN
	}
	v := baseLibraryView{Page: s.page(r, title, crumb{"/base-libraries", i18n.T(rq.lang, "baselibrary.title")}, crumb{"", title}),
		LibraryDetail: d, Groups: domain.DockingGroups, CountOf: map[domain.DockingGroup]int{
			domain.GroupDocked: d.Counts.Docked, domain.GroupPlanned: d.Counts.Planned, domain.GroupNotDocked: d.Counts.NotDocked}}
	v.CanEdit = authz.Can(rq.auth.Actor, authz.BaseLibraryUpdate, authz.BaseLibrary(id)) == nil
	if v.History, err = s.svc.BaseLibraryHistory(r.Context(), rq.auth.Actor, id); err != nil {
		return err
	}
	if v.Findings, err = s.findingsOf(r, v.Page, domain.SubjectBaseLibrary, id, 0); err != nil { // the district's own (unit 0): the office's
		return err
	}
	s.render(w, r, http.StatusOK, "baselib", v)
	return nil
}

type baseLibraryFormView struct {
	Page
	Library     domain.Library
	Units       []treeNode
	Contributes map[int64]bool
	New         bool // adding a library (issue 4): the code is asked for
}

// baseLibraryFormView shows form values l; the title and crumbs name the library as saved
// (savedName), not as typed, so a refused edit that cleared the name still says which it is.
func (s *Server) baseLibraryFormView(r *http.Request, rq *request, l domain.Library, savedName string) (*baseLibraryFormView, error) {
	title := i18n.T(rq.lang, "baselibrary.edit", savedName)
	crumbs := []crumb{{"/base-libraries", i18n.T(rq.lang, "baselibrary.title")}, {"/base-libraries/" + itoa(l.ID), savedName}}
	if l.ID == 0 {
		title = i18n.T(rq.lang, "baselibrary.new")
		crumbs = crumbs[:1]
	}
	v := &baseLibraryFormView{Page: s.page(r, title, append(crumbs, crumb{"", title})...), Library: l, Contributes: map[int64]bool{},
		New: l.ID == 0}
	active, err := s.unitsWhere(r, rq.auth.Actor, func(u *domain.Unit) bool { return u.Active })
	if err != nil {
		return nil, err
	}
	v.Units = flatten(active)
	for _, id := range l.ContributorUnitIDs {
		v.Contributes[id] = true
	}
	return v, nil
}

func (s *Server) baseLibraryEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	l, err := s.svc.BaseLibrary(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	if err := authz.Can(rq.auth.Actor, authz.BaseLibraryUpdate, authz.BaseLibrary(id)); err != nil {
		return err
	}
	v, err := s.baseLibraryFormView(r, rq, *l, l.Name)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "baselib_form", v)
	return nil
}

func (s *Server) baseLibraryUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cur, err := s.svc.BaseLibrary(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	e, err := bound[app.BaseLibraryEdit](r)
	if err == nil {
		_, err = s.svc.UpdateBaseLibrary(r.Context(), rq.auth.Actor, id, e)
	}
	return s.saved(w, r, err, "baselib_form", "/base-libraries/"+itoa(id), func() (any, *Page, error) {
		v, err := s.baseLibraryFormView(r, rq, asSent(cur, e), cur.Name)
		if err != nil {
			return nil, nil, err
		}
		return v, &v.Page, nil
	})
}

// baseLibraryNew shows the form adding a library (issue 4); the office only.
func (s *Server) baseLibraryNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := authz.Can(rq.auth.Actor, authz.BaseLibraryUpdate, authz.Resource{Kind: authz.KindBaseLibrary}); err != nil {
		return err
	}
	v, err := s.baseLibraryFormView(r, rq, domain.Library{Active: true}, "")
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "baselib_form", v)
	return nil
}

// newBaseLibraryFromForm reads the form adding a library.
func newBaseLibraryFromForm(r *http.Request) (app.NewBaseLibrary, error) {
	var n app.NewBaseLibrary
	err := bindForm(r, &n)
	n.Code = domain.BaseLibrary(strings.TrimSpace(string(n.Code)))
	return n, err
}

func (s *Server) baseLibraryCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	n, err := newBaseLibraryFromForm(r)
	var l *domain.Library
	if err == nil {
		l, err = s.svc.CreateBaseLibrary(r.Context(), rq.auth.Actor, n)
	}
	to := "/base-libraries"
	if l != nil {
		to += "/" + itoa(l.ID)
	}
	return s.saved(w, r, err, "baselib_form", to, func() (any, *Page, error) {
		form := domain.Library{Code: n.Code, Name: n.Name, NameEN: n.NameEN, Description: n.Description, ProviderUnitID: n.ProviderUnitID,
			ContributorUnitIDs: n.ContributorUnitIDs, Active: true}
		v, err := s.baseLibraryFormView(r, rq, form, "")
		if err != nil {
			return nil, nil, err
		}
		return v, &v.Page, nil
	})
}

// API ---------------------------------------------------------------------------------------

func (s *Server) apiBaseLibraryCreate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	var in app.NewBaseLibrary
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return s.svc.CreateBaseLibrary(r.Context(), rq.auth.Actor, in)
}

func (s *Server) apiBaseLibraries(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	sums, err := s.svc.LibraryOverview(r.Context(), rq.auth.Actor)
	return pageOf(app.Page[app.LibrarySummary]{Items: sums}), err
}

func (s *Server) apiBaseLibrary(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.BaseLibraryDetail(r.Context(), rq.auth.Actor, id, libEntryLimit)
}

func (s *Server) apiBaseLibraryUpdate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.BaseLibraryEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return s.svc.UpdateBaseLibrary(r.Context(), rq.auth.Actor, id, in)
}

// libraryLister reads the base-library table once per page, when a page first names or lists
// a library: the table, not a fixed list, is the set of libraries (issue 4).
func (s *Server) libraryLister(ctx context.Context) func() []*domain.Library {
	var ls []*domain.Library
	loaded := false
	return func() []*domain.Library {
		if !loaded {
			loaded = true
			if all, err := s.svc.LibraryTable(ctx); err == nil {
				ls = all
			}
		}
		return ls
	}
}

// library finds the library with this code in the table; nil when there is none.
func (p *helpers) library(code domain.BaseLibrary) *domain.Library {
	if p.libraries == nil {
		return nil
	}
	for _, l := range p.libraries() {
		if l.Code == code {
			return l
		}
	}
	return nil
}

// LibraryName names a library by its code in the page's language: its name from the table (the
// English name in English when it has one); the seeded libraries' message keys only when the
// table cannot say.
func (p *helpers) LibraryName(code domain.BaseLibrary) string {
	if l := p.library(code); l != nil {
		return p.LibraryTitle(l)
	}
	if k := "baselib." + string(code); i18n.Has(p.Lang, k) {
		return p.T(k)
	}
	return string(code)
}

// LibraryCodes lists every library's code in display order (filters: a library switched off
// still has its entries).
func (p *helpers) LibraryCodes() []domain.BaseLibrary {
	var out []domain.BaseLibrary
	if p.libraries != nil {
		for _, l := range p.libraries() {
			out = append(out, l.Code)
		}
	}
	return out
}

// LibraryOptions lists the codes a form offers: the libraries in use, and those of keep (what
// the record already names) even if switched off since, so that saving keeps them.
func (p *helpers) LibraryOptions(keep ...domain.BaseLibrary) []domain.BaseLibrary {
	var out []domain.BaseLibrary
	if p.libraries != nil {
		for _, l := range p.libraries() {
			if l.Active || slices.Contains(keep, l.Code) {
				out = append(out, l.Code)
			}
		}
	}
	return out
}
