package web

import (
	"context"
	"net/http"
	"strings"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
)

// componentRoutes registers the pages of the shared component catalog (组件目录, issue 15).
func (s *Server) componentRoutes() {
	s.handle("GET /components", s.ui(s.componentsPage))
	s.sheetRoutes("/components", componentsPages)
	componentPages.routes(s)
}

// componentPages describes the component pages: the office writes, everyone reads what is
// not a draft. The providing system and the user systems are chosen in search boxes offering
// "code name" (the replacing-system box of the system page), resolved when saving.
var componentPages = &recordPages[domain.Component, componentForm, *componentView, *componentFormView]{
	base: "/components", nav: "nav.components", detail: "component", form: "component_form",
	newTitle: "components.new", editTitle: "unit.edit", name: func(x *domain.Component) string { return x.Name },
	kind: authz.KindComponent, createIn: authz.ComponentWrite,
	get:     (*app.Service).Component,
	mayEdit: componentMayEdit,
	blank: func(a domain.Actor) domain.Component {
		return domain.Component{Kind: domain.CompOther, UnitID: a.UnitID}
	},
	read: componentFromForm,
	create: func(svc *app.Service, ctx context.Context, a domain.Actor, x *domain.Component) error {
		f := componentForm{system: x.SystemName, users: boxesOf(x.UserSystems)}
		if err := f.resolve(ctx, svc, a); err != nil {
			return withProblems(err, x.Validate())
		}
		x.SystemID, x.UserSystemIDs = *f.SystemID, *f.UserSystemIDs
		return svc.CreateComponent(ctx, a, x)
	},
	update: func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, f componentForm) (*domain.Component, error) {
		if err := f.resolve(ctx, svc, a); err != nil {
			cur, gerr := svc.Component(ctx, a, id)
			if gerr != nil {
				return nil, gerr
			}
			f.ComponentEdit.Apply(cur)
			return nil, withProblems(err, cur.Validate())
		}
		return svc.UpdateComponent(ctx, a, id, f.ComponentEdit)
	},
	view: (*Server).componentView, formView: (*Server).componentFormView, step: (*Server).componentStep,
}

// componentForm is the component form: the edit, and the texts of the system boxes.
type componentForm struct {
	app.ComponentEdit
	system string   // the providing system's box
	users  []string // the user systems' boxes, the empty ones dropped
}

// Apply copies the form onto x, the boxes as typed (shown again on a refusal): the names hold
// the boxes' texts until saving resolves them.
func (f componentForm) Apply(x *domain.Component) {
	f.ComponentEdit.Apply(x)
	x.SystemID, x.SystemName = 0, f.system
	x.UserSystems = make([]domain.ComponentUser, len(f.users))
	for i, u := range f.users {
		x.UserSystems[i] = domain.ComponentUser{Name: u}
	}
}

// boxesOf are what the user-system boxes held, from a record Apply filled.
func boxesOf(us []domain.ComponentUser) []string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.Name
	}
	return out
}

// resolve finds the systems the boxes name, every unknown one a problem.
func (f *componentForm) resolve(ctx context.Context, svc *app.Service, a domain.Actor) error {
	var errs domain.Problems
	f.SystemID, f.UserSystemIDs = new(int64), &[]int64{}
	if f.system != "" {
		id, err := systemByText(ctx, svc, a, f.system, 0)
		if err != nil {
			return err
		}
		if !errs.Check(id == 0, "system_id", "err.component.system_unknown", f.system) {
			*f.SystemID = id
		}
	}
	for _, u := range f.users {
		id, err := systemByText(ctx, svc, a, u, 0)
		if err != nil {
			return err
		}
		if !errs.Check(id == 0, "user_system_ids", "err.component.system_unknown", u) {
			*f.UserSystemIDs = append(*f.UserSystemIDs, id)
		}
	}
	return errs.Err()
}

// withProblems is err with the problems of more beside it (every field at once).
func withProblems(err, more error) error {
	if domain.ErrorCode(err) != domain.EInvalid {
		return err
	}
	var errs domain.Problems
	errs.Add(err)
	if domain.ErrorCode(more) == domain.EInvalid {
		errs.Add(more)
	}
	return errs.Err()
}

// componentFromForm reads the form: its fields, the function points one a line, the boxes.
func componentFromForm(r *http.Request) (componentForm, error) {
	var f componentForm
	err := bindForm(r, &f.ComponentEdit, "version", "name", "kind", "unit_id", "summary", "standard_id", "standard", "standard_version", "standard_url", "access")
	if _, ok := r.PostForm["functions"]; ok {
		fs := domain.SplitFunctions(r.PostFormValue("functions"))
		f.Functions = &fs
	}
	f.system = strings.TrimSpace(r.PostFormValue("system"))
	for _, u := range r.PostForm["user_system"] {
		if u = strings.TrimSpace(u); u != "" {
			f.users = append(f.users, u)
		}
	}
	return f, err
}

func componentMayEdit(a domain.Actor, x *domain.Component) error {
	return authz.Can(a, authz.ComponentWrite, authz.Component(x.ID, x.UnitID, x.Status == domain.CompDraft))
}

// CompKind, CompStatus and CompAction name the catalog's enumerations in the page's language.
func (p *helpers) CompKind(k domain.ComponentKind) string     { return p.T("compkind." + string(k)) }
func (p *helpers) CompStatus(s domain.ComponentStatus) string { return p.T("compstatus." + string(s)) }
func (p *helpers) CompAction(a domain.ComponentAction) string { return p.T("compaction." + string(a)) }

// componentList reads the list filters shared by the page, the export and the API.
func componentList(r *http.Request) (app.ComponentFilter, error) {
	q := filtersOf(r)
	f := app.ComponentFilter{Query: q.text("q"), Kind: oneOf(q, "kind", domain.ComponentKinds), Status: oneOf(q, "status", domain.ComponentStatuses),
		UnitID: q.num("unit_id"), SystemID: q.num("system_id"), Sort: q.sort(app.ComponentSorts)}
	f.AfterKey, f.After = q.sortCursor(f.Sort)
	return f, q.err
}

type componentsView struct {
	listBase
	Components []*domain.Component
	Kinds      []domain.ComponentKind
	Statuses   []domain.ComponentStatus
}

func (s *Server) componentsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	// The unit filter offers every unit: the catalog is the district's, whoever reads it.
	base, err := s.listBase(r, rq, "nav.components", "", app.ComponentSorts, "q", "unit_id", "kind", "status", "sort")
	if err != nil {
		return err
	}
	v := componentsView{listBase: base, Kinds: domain.ComponentKinds, Statuses: domain.ComponentStatuses}
	v.CanCreate = authz.Can(rq.auth.Actor, authz.ComponentWrite, authz.Resource{Kind: authz.KindComponent}) == nil
	v.Components, v.Pager, err = listFrom(s, r, componentList, (*app.Service).Components, (*app.Service).CountComponents)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "components", v)
	return nil
}

type componentView struct {
	Page
	Component *domain.Component
	Steps     []domain.ComponentAction
	CanEdit   bool
	History   []*audit.Record
}

func (s *Server) componentView(r *http.Request, rq *request, x *domain.Component, pg Page) (*componentView, error) {
	a := rq.auth.Actor
	v := &componentView{Page: pg, Component: x, Steps: s.svc.ComponentSteps(a, x), CanEdit: componentMayEdit(a, x) == nil}
	var err error
	v.History, err = s.svc.ComponentHistory(r.Context(), a, x.ID)
	return v, err
}

type componentFormView struct {
	formBase
	Component domain.Component
	Kinds     []domain.ComponentKind
	Functions string   // one a line
	System    string   // the providing system's box
	Users     []string // the user systems' boxes, and empty ones to add some
	Systems   []*domain.System
	// Standards are the published standard versions the component may name (ORG-5), and the
	// one it names already when superseded since.
	Standards []*domain.Standard
}

// userBoxes is how many empty user-system boxes the form adds.
const userBoxes = 5

func (s *Server) componentFormView(r *http.Request, rq *request, f formBase, x domain.Component) (*componentFormView, error) {
	v := &componentFormView{formBase: f, Component: x, Kinds: domain.ComponentKinds, Functions: strings.Join(x.Functions, "\n")}
	v.System = x.SystemName // as typed, on a refusal
	if x.SystemID != 0 {    // as saved
		if sys, err := s.svc.System(r.Context(), rq.auth.Actor, x.SystemID); err == nil {
			v.System = sys.Code + " " + sys.Name
		}
	}
	for _, u := range x.UserSystems {
		v.Users = append(v.Users, strings.TrimSpace(u.Code+" "+u.Name))
	}
	v.Users = append(v.Users, make([]string, userBoxes)...)
	var err error
	if v.Standards, err = s.svc.StandardChoices(r.Context(), rq.auth.Actor, x.StandardID); err != nil {
		return nil, err
	}
	v.Systems, err = s.replacements(r, rq.auth.Actor, 0, "")
	return v, err
}

func (s *Server) componentStep(r *http.Request, rq *request, id, ver int64) error {
	_, err := s.svc.TransitionComponent(r.Context(), rq.auth.Actor, id, app.ComponentStep{Version: ver, Action: domain.ComponentAction(r.PathValue("action"))})
	return err
}

// The component catalog's spreadsheet pages (pages_import.go).
var componentsPages = &sheetPages{book: app.ComponentsBook, nav: "nav.components", title: "components.import_title", help: "components.import_help",
	key: "componentfield.unit_name", name: "componentfield.name", export: exportOf(componentList, (*app.Service).ExportComponents)}

// systemComponents lists the components system id uses that the actor may see (its page).
func (s *Server) systemComponents(r *http.Request, a domain.Actor, id int64) ([]*domain.Component, error) {
	return s.svc.SystemComponents(r.Context(), a, id)
}
