package web

import (
	"context"
	"html/template"
	"net/http"
	"reflect"
	"slices"
	"time"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// A register's HTML pages, described once (issue 14). A register names, in a recordPages
// value, where its records live, how one is read, checked, created, changed and moved through
// its steps, and how its detail and form views are built; the handlers of the detail page, the
// new and edit forms, saving and the step forms are written once, here. Its list page starts
// from listBase (the filters, the pager, the export link, the sort links, the units to filter
// by). What is the register's own — its filters, the sections of its detail page, the fields
// of its form — stays in its pages_X.go.

// viewer is a page's view: a pointer to a struct embedding Page, so that a refusal's messages
// can be put on it (formErr).
type viewer interface{ page() *Page }

func (p *Page) page() *Page { return p }

// formBase is what every record form shows besides its fields: the title (new or edit), the
// crumbs back to the list, whether the record is new, and the units the actor may register
// records of this kind in.
type formBase struct {
	Page
	New   bool
	Units []treeNode
}

func (f *formBase) form() *formBase { return f }

// formViewer is a form's view: a pointer to a struct embedding formBase.
type formViewer interface {
	viewer
	form() *formBase
}

// recordPages describes the pages of a register whose records are T, changed by edits E.
// V is the detail view, F the form view.
type recordPages[T any, E interface{ Apply(*T) }, V viewer, F formViewer] struct {
	base   string // the list's path, "/machine-rooms"; a record is base/{id}
	nav    string // the message key naming the register (the list's crumb)
	detail string // the detail page's template
	form   string // the form's template

	newTitle, editTitle string          // message keys of the form's title; editTitle takes the name
	name                func(*T) string // the record's name: the detail page's title, in the edit form's
	kind                authz.Kind      // the units offered on the form: those the actor may
	createIn            authz.Action    // create records of this kind in

	get     func(*app.Service, context.Context, domain.Actor, int64) (*T, error)
	mayEdit func(domain.Actor, *T) error // may the actor edit the record (the edit form)
	blank   func(domain.Actor) T         // a new record's defaults
	read    func(*http.Request) (E, error)
	create  func(*app.Service, context.Context, domain.Actor, *T) error
	update  func(*app.Service, context.Context, domain.Actor, int64, E) (*T, error)
	// refused adjusts a record shown again after a refused edit (optional).
	refused func(*T)

	// view builds the detail view of x, on a page titled by its name (pg).
	view     func(s *Server, r *http.Request, rq *request, x *T, pg Page) (V, error)
	formView func(s *Server, r *http.Request, rq *request, f formBase, x T) (F, error)

	// step moves record id, seen at version ver, by the action in the path; a refusal whose
	// code is in reshow (invalid and conflict when empty) is shown on the detail page.
	step   func(s *Server, r *http.Request, rq *request, id, ver int64) error
	reshow []domain.Code
}

// shownOnPage are the refusals of a step shown on the record's page, at the step's form: a
// field, a stale version, a rule of the workflow. Others are an error page.
var shownOnPage = []domain.Code{domain.EInvalid, domain.EConflict, domain.EUnprocessable}

// routes registers the record pages: the new form, the detail page, the edit form, saving
// and, when the register has steps, the step forms. The list page and others are the
// register's own.
func (p *recordPages[T, E, V, F]) routes(s *Server) {
	s.handle("GET "+p.base+"/new", s.ui(p.newPage(s)))
	s.handle("POST "+p.base+"/new", s.ui(p.createPage(s)))
	s.handle("GET "+p.base+"/{id}", s.ui(p.detailPage(s)))
	s.handle("GET "+p.base+"/{id}/edit", s.ui(p.editPage(s)))
	s.handle("POST "+p.base+"/{id}", s.ui(p.updatePage(s)))
	if p.step != nil {
		s.handle("POST "+p.base+"/{id}/steps/{action}", s.ui(p.stepPage(s)))
	}
}

// crumbs leads from the list to a record page titled title.
func (p *recordPages[T, E, V, F]) crumbs(rq *request, title string) []crumb {
	return []crumb{{p.base, i18n.T(rq.lang, p.nav)}, {"", title}}
}

// load reads record id and builds its detail view.
func (p *recordPages[T, E, V, F]) load(s *Server, r *http.Request, rq *request, id int64) (V, error) {
	x, err := p.get(s.svc, r.Context(), rq.auth.Actor, id)
	if err != nil {
		var none V
		return none, err
	}
	name := p.name(x)
	return p.view(s, r, rq, x, s.page(r, name, p.crumbs(rq, name)...))
}

func (p *recordPages[T, E, V, F]) detailPage(s *Server) pageFunc {
	return showPage(s, p.detail, func(r *http.Request, rq *request, id int64) (V, error) { return p.load(s, r, rq, id) })
}

// showPage is the handler of a page showing the record of the path's {id}, built by view.
func showPage[V any](s *Server, tmpl string, view func(*http.Request, *request, int64) (V, error)) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		v, err := view(r, rq, id)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, tmpl, v)
		return nil
	}
}

// refusedOnPage shows the detail page of record id again with a step's refusal at its field;
// other errors are returned.
func (p *recordPages[T, E, V, F]) refusedOnPage(s *Server, w http.ResponseWriter, r *http.Request, rq *request, id int64, err error) error {
	codes := p.reshow
	if len(codes) == 0 {
		codes = []domain.Code{domain.EInvalid, domain.EConflict}
	}
	if !slices.Contains(codes, domain.ErrorCode(err)) {
		return err
	}
	v, verr := p.load(s, r, rq, id)
	if verr != nil {
		return verr
	}
	return s.refused(w, r, err, p.detail, v, v.page())
}

func (p *recordPages[T, E, V, F]) stepPage(s *Server) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		id, ver, err := idVersion(r)
		if err != nil {
			return err
		}
		if err := p.step(s, r, rq, id, ver); err != nil {
			return p.refusedOnPage(s, w, r, rq, id, err)
		}
		redirect(w, r, p.base+"/"+itoa(id), "flash.saved")
		return nil
	}
}

// formOf builds the form view of x: new, or the edit of the record saved as saved.
func (p *recordPages[T, E, V, F]) formOf(s *Server, r *http.Request, rq *request, x T, saved *T) (F, error) {
	title := i18n.T(rq.lang, p.newTitle)
	if saved != nil {
		title = i18n.T(rq.lang, p.editTitle, p.name(saved))
	}
	f := formBase{Page: s.page(r, title, p.crumbs(rq, title)...), New: saved == nil}
	units, err := s.creatableUnits(r, rq.auth.Actor, p.kind, p.createIn)
	if err != nil {
		var none F
		return none, err
	}
	f.Units = flatten(units)
	return p.formView(s, r, rq, f, x)
}

// saved finishes a save: the record's page, or the form again with the refusal.
func (p *recordPages[T, E, V, F]) saved(s *Server, w http.ResponseWriter, r *http.Request, rq *request, err error, id int64, x T, cur *T) error {
	return s.saved(w, r, err, p.form, p.base+"/"+itoa(id), func() (any, *Page, error) {
		v, err := p.formOf(s, r, rq, x, cur)
		return v, v.page(), err
	})
}

func (p *recordPages[T, E, V, F]) newPage(s *Server) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		v, err := p.formOf(s, r, rq, p.blank(rq.auth.Actor), nil)
		if err != nil {
			return err
		}
		if len(v.form().Units) == 0 {
			return domain.Forbidden()
		}
		s.render(w, r, http.StatusOK, p.form, v)
		return nil
	}
}

func (p *recordPages[T, E, V, F]) createPage(s *Server) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		e, err := p.readForm(r)
		var x T
		e.Apply(&x)
		if err == nil {
			err = p.create(s.svc, r.Context(), rq.auth.Actor, &x)
		}
		return p.saved(s, w, r, rq, err, recordID(&x), x, nil)
	}
}

func (p *recordPages[T, E, V, F]) editPage(s *Server) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		x, err := p.get(s.svc, r.Context(), rq.auth.Actor, id)
		if err != nil {
			return err
		}
		if err := p.mayEdit(rq.auth.Actor, x); err != nil {
			return err
		}
		v, err := p.formOf(s, r, rq, *x, x)
		if err != nil {
			return err
		}
		s.render(w, r, http.StatusOK, p.form, v)
		return nil
	}
}

func (p *recordPages[T, E, V, F]) updatePage(s *Server) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		cur, err := p.get(s.svc, r.Context(), rq.auth.Actor, id)
		if err != nil {
			return err
		}
		e, err := p.readForm(r)
		if err == nil {
			_, err = p.update(s.svc, r.Context(), rq.auth.Actor, id, e)
		}
		form := asSent(cur, e)
		if p.refused != nil {
			p.refused(&form)
		}
		return p.saved(s, w, r, rq, err, id, form, cur)
	}
}

func (p *recordPages[T, E, V, F]) readForm(r *http.Request) (E, error) {
	if p.read != nil {
		return p.read(r)
	}
	return bound[E](r)
}

// asSent is the form shown again after a refused edit: the record as saved, with what the form
// sent, at the version it was read.
func asSent[T any, E interface{ Apply(*T) }](cur *T, e E) T {
	form := *cur
	e.Apply(&form)
	setVersion(&form, e)
	return form
}

// recordID is a record's ID field (0 before it is created).
func recordID(x any) int64 { return reflect.ValueOf(x).Elem().FieldByName("ID").Int() }

// setVersion sets a record's Version to the edit's: the version the form was read at.
func setVersion(x, e any) {
	reflect.ValueOf(x).Elem().FieldByName("Version").SetInt(reflect.ValueOf(e).FieldByName("Version").Int())
}

// listBase is what every register's list page shows besides its rows and its own filters.
type listBase struct {
	Page
	Q         map[string]string // the filters as asked, to fill the filter form again
	Units     []treeNode        // the units the viewer may filter by
	Pager     pager
	Export    template.URL            // the filters, for the export link
	Sorts     []sortOption            // the orders offered (list_sort.go)
	SortLink  map[string]template.URL // the filters in another order, for the column headers
	CanCreate bool
}

// listBase starts the list page titled by message key title: the filters named in keys, as
// asked; the orders of sorts, when the list offers them (the export is then in registration
// order); the units whose records of kind the viewer may read ("": every unit); whether the
// viewer may register one (a keeper).
func (s *Server) listBase(r *http.Request, rq *request, title string, kind authz.Kind, sorts []app.ListSort, keys ...string) (listBase, error) {
	v := listBase{Page: s.page(r, i18n.T(rq.lang, title)), Q: asked(r, keys...), CanCreate: keeper(rq.auth.Actor)}
	v.Crumbs = v.Crumbs[:1]
	v.Export = filtersOnly(r)
	if sorts != nil {
		v.Sorts, v.SortLink = sortOptions(v.Page, sorts, v.Q["sort"]), sortLinks(r, sorts)
		v.Export = filtersOnly(r, "sort")
	}
	var err error
	v.Units, err = s.readableUnits(r, rq.auth.Actor, kind)
	return v, err
}

// asked is the list's filters named in keys as the request asks them ("" for one it does not),
// to fill the filter form again.
func asked(r *http.Request, keys ...string) map[string]string {
	q := map[string]string{}
	for _, k := range keys {
		q[k] = r.URL.Query().Get(k)
	}
	return q
}

// readableUnits lists, as a tree, the units whose records of kind k the actor may read (""
// for every unit the actor sees).
func (s *Server) readableUnits(r *http.Request, a domain.Actor, k authz.Kind) ([]treeNode, error) {
	var scope authz.Scope
	if k != "" {
		scope = authz.ReadScope(a, k)
	}
	units, err := s.unitsWhere(r, a, func(u *domain.Unit) bool { return k == "" || scope.Has(u.ID) })
	return flatten(units), err
}

// keeper reports whether the actor keeps registers: the office, a unit's head or contact.
func keeper(a domain.Actor) bool {
	return a.Has(domain.RoleOffice) || a.Has(domain.RoleUnitHead) || a.Has(domain.RoleUnitContact)
}

// unitsWhere lists the units the actor sees that keep takes.
func (s *Server) unitsWhere(r *http.Request, a domain.Actor, keep func(u *domain.Unit) bool) ([]*domain.Unit, error) {
	units, err := s.svc.Units(r.Context(), a, app.UnitFilter{})
	if err != nil {
		return nil, err
	}
	var out []*domain.Unit
	for _, u := range units.Items {
		if keep(u) {
			out = append(out, u)
		}
	}
	return out, nil
}

// creatableUnits lists the active units in which the actor may create records of kind k.
func (s *Server) creatableUnits(r *http.Request, a domain.Actor, k authz.Kind, act authz.Action) ([]*domain.Unit, error) {
	return s.unitsWhere(r, a, func(u *domain.Unit) bool {
		return u.Active && authz.Can(a, act, authz.Resource{Kind: k, UnitID: u.ID}) == nil
	})
}

// DateValue renders a date for an <input type=date>.
func (Page) DateValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// dayUTC is the calendar day of t at midnight UTC, as dates are kept.
func dayUTC(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
