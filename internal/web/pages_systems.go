package web

import (
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// systemFilter reads the list filters shared by the page and the API.
func systemFilter(r *http.Request) (app.SystemFilter, error) {
	q := r.URL.Query()
	f := app.SystemFilter{Query: strings.TrimSpace(q.Get("q"))}
	var err error
	if f.Status, err = queryEnum(q, "status", domain.SystemStatuses); err != nil {
		return f, err
	}
	if f.Hosting, err = queryEnum(q, "hosting", domain.Hostings); err != nil {
		return f, err
	}
	if f.Category, err = queryEnum(q, "category", domain.SystemCategories); err != nil {
		return f, err
	}
	if f.OffCloud, err = queryFlag(q, "offcloud"); err != nil {
		return f, err
	}
	if f.NoPlan, err = queryFlag(q, "noplan"); err != nil {
		return f, err
	}
	if f.NoPlan {
		f.OffCloud = true // ENV-R2: off the cloud without a migration plan
	}
	if f.UnitID, err = formInt(r, "unit_id"); err != nil {
		return f, err
	}
	if f.Sort, err = listSort(r, app.SystemSorts); err != nil {
		return f, err
	}
	if f.AfterKey, f.After, err = decodeSortCursor(q.Get("cursor"), f.Sort); err != nil {
		return f, err
	}
	return f, nil
}

type systemsView struct {
	Page
	Systems    []*domain.System
	Q          map[string]string
	Units      []treeNode
	Statuses   []domain.SystemStatus
	Hostings   []domain.Hosting
	Categories []domain.SystemCategory
	Pager      pager
	Export     template.URL // the filters, for the export link
	Sorts      []sortOption
	SortLink   map[string]template.URL // the filters in another order, for the column headers
	CanCreate  bool
}

// Status, Hosting and Category name the enumerations in the page's language.
func (p Page) Status(s domain.SystemStatus) string     { return p.T("status." + string(s)) }
func (p Page) Hosting(h domain.Hosting) string         { return p.T("hosting." + string(h)) }
func (p Page) Category(c domain.SystemCategory) string { return p.T("category." + string(c)) }

func (s *Server) systemsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	v := systemsView{Page: s.page(r, i18n.T(rq.lang, "nav.systems")), Statuses: domain.SystemStatuses,
		Hostings: domain.Hostings, Categories: domain.SystemCategories, Q: map[string]string{}}
	v.Crumbs = v.Crumbs[:1]
	for _, k := range []string{"q", "unit_id", "status", "hosting", "category", "offcloud", "noplan", "sort"} {
		v.Q[k] = r.URL.Query().Get(k)
	}
	f, err := systemFilter(r)
	if err != nil {
		return err
	}
	v.Sorts, v.SortLink = sortOptions(v.Page, app.SystemSorts, v.Q["sort"]), sortLinks(r, app.SystemSorts)
	v.Systems, v.Pager, err = listPage(r, func(limit int) ([]*domain.System, error) {
		f.Limit = limit
		p, err := s.svc.Systems(r.Context(), rq.auth.Actor, f)
		return p.Items, err
	}, func() (int, error) { return s.svc.CountSystems(r.Context(), rq.auth.Actor, f) })
	if err != nil {
		return err
	}
	v.Export = filtersOnly(r, "sort") // the export is in registration order
	units, err := s.svc.Units(r.Context(), rq.auth.Actor, app.UnitFilter{})
	if err != nil {
		return err
	}
	scope := authz.ReadScope(rq.auth.Actor, authz.KindSystem)
	var mine []*domain.Unit
	for _, u := range units.Items {
		if scope.Has(u.ID) {
			mine = append(mine, u)
		}
	}
	v.Units = flatten(mine)
	a := rq.auth.Actor
	v.CanCreate = a.Has(domain.RoleOffice) || a.Has(domain.RoleUnitHead) || a.Has(domain.RoleUnitContact)
	s.render(w, r, http.StatusOK, "systems", v)
	return nil
}

type systemView struct {
	Page
	System     *domain.System
	ReplacedBy *domain.System
	Room       *domain.MachineRoom // where it runs, for hosting unit_room
	Steps      []domain.SystemAction
	History    []*audit.Record
	CanEdit    bool
	OffCloud   bool
	Plans      planSection   // pages_plans.go: migration (ENV-R2) and docking (SHR-R8) plans
	Serves     servesSection // pages_serves.go: the websites and new-media accounts it serves
	// Evidence files: cleanup filings, acceptance reports (BLD-R5).
	Attachments attachmentsView
	// Replacements are offered in the replacing-system search box of mark_superseded.
	Replacements []*domain.System
}

// Action names a lifecycle step.
func (p Page) Action(a domain.SystemAction) string { return p.T("sysaction." + string(a)) }

// Levels names user levels, joined.
func (p Page) Levels(ls []domain.UserLevel) string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = p.T("ulevel." + string(l))
	}
	return strings.Join(out, p.T("ui.list_sep"))
}

func (s *Server) systemPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.systemView(r, rq, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "system", v)
	return nil
}

func (s *Server) systemView(r *http.Request, rq *request, id int64) (systemView, error) {
	sys, err := s.svc.System(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return systemView{}, err
	}
	v := systemView{Page: s.page(r, sys.Name, crumb{"/systems", i18n.T(rq.lang, "nav.systems")}, crumb{"", sys.Name}), System: sys}
	if sys.ReplacedByID != 0 {
		v.ReplacedBy, _ = s.svc.System(r.Context(), rq.auth.Actor, sys.ReplacedByID)
	}
	if sys.RoomID != 0 {
		v.Room, _ = s.svc.MachineRoom(r.Context(), rq.auth.Actor, sys.RoomID)
	}
	v.Steps = s.svc.SystemSteps(rq.auth.Actor, sys)
	if slices.Contains(v.Steps, domain.SysMarkSuperseded) {
		if v.Replacements, err = s.replacements(r, rq.auth.Actor, sys.ID, ""); err != nil {
			return v, err
		}
	}
	v.CanEdit = authz.Can(rq.auth.Actor, authz.SystemUpdate, authz.System(sys)) == nil
	v.OffCloud = sys.OffCloud()
	if v.Plans, err = s.planSection(r, rq, sys); err != nil {
		return v, err
	}
	if v.Serves, err = s.servesSection(r, rq, sys); err != nil {
		return v, err
	}
	if v.History, err = s.svc.SystemHistory(r.Context(), rq.auth.Actor, id); err != nil {
		return v, err
	}
	v.Attachments, err = s.attachments(r, v.Page, "system", id, "/systems/"+itoa(id))
	return v, err
}

type systemFormView struct {
	Page
	System domain.System
	New    bool
	// ChoosesCode: the info office may set a code (on create, empty asks for the next); a unit
	// user's new system gets its code from the server, and its code is not theirs to change.
	ChoosesCode bool
	Units       []treeNode
	Categories  []domain.SystemCategory
	Classes     []domain.Classification
	Hostings    []domain.Hosting
	Networks    []domain.Network
	Levels      []domain.UserLevel
	Rooms       []*domain.MachineRoom // the machine rooms of the units above (ENV-P2)
}

// HasLevel reports whether the form's system serves level l.
func (v systemFormView) HasLevel(l domain.UserLevel) bool {
	for _, x := range v.System.UserLevels {
		if x == l {
			return true
		}
	}
	return false
}

// DateValue renders a date for an <input type=date>.
func (systemFormView) DateValue(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

func (s *Server) systemFormView(r *http.Request, rq *request, sys domain.System, isNew bool) (systemFormView, error) {
	title := i18n.T(rq.lang, "system.new")
	if !isNew {
		title = i18n.T(rq.lang, "unit.edit", sys.Name)
	}
	v := systemFormView{Page: s.page(r, title, crumb{"/systems", i18n.T(rq.lang, "nav.systems")}, crumb{"", title}), System: sys, New: isNew,
		ChoosesCode: app.ChoosesSystemCodes(rq.auth.Actor),
		Categories:  domain.SystemCategories, Classes: domain.Classifications, Hostings: domain.Hostings, Networks: domain.Networks, Levels: domain.UserLevels}
	units, err := s.svc.Units(r.Context(), rq.auth.Actor, app.UnitFilter{})
	if err != nil {
		return v, err
	}
	var mine []*domain.Unit
	for _, u := range units.Items {
		if u.Active && authz.Can(rq.auth.Actor, authz.SystemCreate, authz.Resource{Kind: authz.KindSystem, UnitID: u.ID}) == nil {
			mine = append(mine, u)
		}
	}
	v.Units = flatten(mine)
	v.Rooms, err = s.roomChoices(r, rq.auth.Actor, mine)
	return v, err
}

func (s *Server) systemNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	sys := domain.System{UnitID: rq.auth.Actor.UnitID, Classification: domain.Unclassified, Category: domain.CategoryBusiness,
		Hosting: domain.HostingCloud, Network: domain.NetworkExtranet}
	v, err := s.systemFormView(r, rq, sys, true)
	if err != nil {
		return err
	}
	if len(v.Units) == 0 {
		return domain.Forbidden()
	}
	s.render(w, r, http.StatusOK, "system_form", v)
	return nil
}

// systemFromForm reads the form into an edit.
func systemFromForm(r *http.Request) (app.SystemEdit, error) {
	var e app.SystemEdit
	err := bindForm(r, &e)
	sharingFromForm(r, &e) // pages_plans.go: the base data, one select per library
	if e.Hosting != nil && *e.Hosting != domain.HostingRoom {
		e.RoomID = new(int64) // the choice stays on the form when the hosting changes
	}
	if e.Classification != nil && *e.Classification == domain.Classified {
		// 涉密: only minimal metadata is kept, whatever the form still holds.
		e = app.SystemEdit{Version: e.Version, Code: e.Code, Name: e.Name, UnitID: e.UnitID, Classification: e.Classification,
			Purpose: new(string), HostingNote: new(string), Vendor: new(string), AnnualCost: new(string), UserLevels: &[]domain.UserLevel{},
			Category: new(domain.SystemCategory), Hosting: new(domain.Hosting), Network: new(domain.Network), GoLive: new(time.Time),
			LastUpgrade: new(time.Time), RoomID: e.RoomID, ExchangeChannels: &[]domain.ExchangeChannel{}, BaseData: &[]domain.BaseDataUse{}}
	}
	return e, err
}

func (s *Server) systemCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	e, err := systemFromForm(r)
	var sys domain.System
	e.Apply(&sys)
	if err == nil {
		err = s.svc.CreateSystem(r.Context(), rq.auth.Actor, &sys)
	}
	return s.saved(w, r, err, "system_form", "/systems/"+itoa(sys.ID), func() (any, *Page, error) {
		v, err := s.systemFormView(r, rq, sys, true)
		return &v, &v.Page, err
	})
}

func (s *Server) systemEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sys, err := s.svc.System(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	if err := authz.Can(rq.auth.Actor, authz.SystemUpdate, authz.System(sys)); err != nil {
		return err
	}
	v, err := s.systemFormView(r, rq, *sys, false)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "system_form", v)
	return nil
}

func (s *Server) systemUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cur, err := s.svc.System(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	e, err := systemFromForm(r)
	if err == nil {
		_, err = s.svc.UpdateSystem(r.Context(), rq.auth.Actor, id, e)
	}
	return s.saved(w, r, err, "system_form", "/systems/"+itoa(id), func() (any, *Page, error) {
		form := *cur
		e.Apply(&form)
		form.Version = e.Version
		v, err := s.systemFormView(r, rq, form, false)
		return &v, &v.Page, err
	})
}

func (s *Server) systemStep(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	st := app.SystemStep{Version: ver, Action: domain.SystemAction(r.PathValue("action")), Note: r.PostFormValue("note")}
	st.ReplacedBy, err = s.replacementID(r, rq.auth.Actor, id)
	if err == nil {
		_, err = s.svc.TransitionSystem(r.Context(), rq.auth.Actor, id, st)
	}
	if err != nil {
		if code := domain.ErrorCode(err); code == domain.EInvalid || code == domain.EConflict {
			v, verr := s.systemView(r, rq, id)
			if verr != nil {
				return verr
			}
			if err := s.formErr(r, &v.Page, err); err != nil {
				return err
			}
			s.render(w, r, errorStatus(err), "system", v)
			return nil
		}
		return err
	}
	redirect(w, r, "/systems/"+itoa(id), "flash.saved")
	return nil
}

// maxReplacements bounds the systems listed in the replacing-system search box; one not
// listed is still found by its code or name.
const maxReplacements = 200

// replacements lists systems the actor may see that could replace system id, matching q.
func (s *Server) replacements(r *http.Request, a domain.Actor, id int64, q string) ([]*domain.System, error) {
	p, err := s.svc.Systems(r.Context(), a, app.SystemFilter{Query: q, Limit: maxReplacements + 1})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(p.Items, func(x *domain.System) bool { return x.ID == id }), nil
}

// replacementID reads the replacing system from its search box ("code name", as the list
// offers it, or a code or name typed in full); replaced_by_id, the ID, is still read when the
// box is absent (older pages, scripts).
func (s *Server) replacementID(r *http.Request, a domain.Actor, id int64) (int64, error) {
	text := strings.TrimSpace(r.PostFormValue("replaced_by"))
	if text == "" {
		return formInt(r, "replaced_by_id")
	}
	code, _, _ := strings.Cut(text, " ")
	found, err := s.replacements(r, a, id, code)
	if err != nil {
		return 0, err
	}
	for _, x := range found {
		if strings.EqualFold(x.Code, code) || x.Code+" "+x.Name == text || x.Name == text {
			return x.ID, nil
		}
	}
	return 0, domain.Invalid("replaced_by_id", "err.system.replacement_unknown", text)
}
