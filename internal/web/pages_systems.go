package web

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
)

// systemFilter reads the list filters shared by the page and the API.
func systemFilter(r *http.Request) (app.SystemFilter, error) {
	q := filtersOf(r)
	f := app.SystemFilter{Query: q.text("q"), Status: oneOf(q, "status", domain.SystemStatuses), Hosting: oneOf(q, "hosting", domain.Hostings),
		Category: oneOf(q, "category", domain.SystemCategories), OffCloud: q.flag("offcloud"), NoPlan: q.flag("noplan"),
		Catalogued: q.flag("catalogued"),
		UnitID:     q.num("unit_id"), Sort: q.sort(app.SystemSorts)}
	f.AfterKey, f.After = q.sortCursor(f.Sort)
	return f, q.err
}

// systemPages describes the pages of the system register.
var systemPages = &recordPages[domain.System, app.SystemEdit, *systemView, *systemFormView]{
	base: "/systems", nav: "nav.systems", detail: "system", form: "system_form",
	newTitle: "system.new", editTitle: "unit.edit", name: func(x *domain.System) string { return x.Name },
	kind: authz.KindSystem, createIn: authz.SystemCreate,
	get: (*app.Service).System, mayEdit: systemMayEdit,
	blank: func(a domain.Actor) domain.System {
		return domain.System{UnitID: a.UnitID, Classification: domain.Unclassified, Category: domain.CategoryBusiness,
			Hosting: domain.HostingCloud, Network: domain.NetworkExtranet}
	},
	read:   systemFromForm,
	create: (*app.Service).CreateSystem, update: (*app.Service).UpdateSystem,
	view: (*Server).systemView, formView: (*Server).systemFormView, step: (*Server).systemStep,
}

type systemsView struct {
	listBase
	Systems    []*domain.System
	Statuses   []domain.SystemStatus
	Hostings   []domain.Hosting
	Categories []domain.SystemCategory
	// OffCloud are the systems with a live ENV-P1 finding (off the cloud, no exemption, no open
	// migration plan), for the rows' chip: what the rules found, not worked out here.
	OffCloud map[int64]bool
}

// Status, Hosting and Category name the enumerations in the page's language.
func (p *helpers) Status(s domain.SystemStatus) string     { return p.T("status." + string(s)) }
func (p *helpers) Hosting(h domain.Hosting) string         { return p.T("hosting." + string(h)) }
func (p *helpers) Category(c domain.SystemCategory) string { return p.T("category." + string(c)) }

func (s *Server) systemsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.systems", authz.KindSystem, app.SystemSorts,
		"q", "unit_id", "status", "hosting", "category", "offcloud", "noplan", "catalogued", "sort")
	if err != nil {
		return err
	}
	v := systemsView{listBase: base, Statuses: domain.SystemStatuses, Hostings: domain.Hostings, Categories: domain.SystemCategories}
	v.Systems, v.Pager, err = listFrom(s, r, systemFilter, (*app.Service).Systems, (*app.Service).CountSystems)
	if err != nil {
		return err
	}
	ids := make([]int64, len(v.Systems)) // the page's systems only (an empty list asks for none)
	for i, x := range v.Systems {
		ids[i] = x.ID
	}
	fs, err := s.svc.Findings(r.Context(), rq.auth.Actor, app.FindingFilter{Kind: domain.SubjectSystem, RuleID: domain.RuleOffCloud, SubjectIDs: ids})
	if err != nil {
		return err
	}
	v.OffCloud = map[int64]bool{}
	for _, f := range fs.Items {
		v.OffCloud[f.SubjectID] = true
	}
	s.render(w, r, http.StatusOK, "systems", v)
	return nil
}

type systemView struct {
	Page
	System     *domain.System
	ReplacedBy *domain.System
	Project    *domain.Project     // the approved project that registered it 在建 (FLOW-2), when the actor may see it
	Room       *domain.MachineRoom // where it runs, for hosting unit_room
	Steps      []domain.SystemAction
	History    []*audit.Record
	CanEdit    bool
	Plans      planSection     // pages_plans.go: migration (ENV-R2) and docking (SHR-R8) plans
	Findings   findingsSection // pages_findings.go: what the governance rules found (issue 11)
	Serves     servesSection   // pages_serves.go: the websites and new-media accounts it serves
	// Evidence files: cleanup filings, acceptance reports (BLD-R5).
	Attachments attachmentsView
	// Replacements are offered in the replacing-system search box of mark_superseded.
	Replacements []*domain.System
	// Components are the shared components it uses (组件目录, issue 15) that the viewer sees.
	Components []*domain.Component
}

// Action names a lifecycle step.
func (p *helpers) Action(a domain.SystemAction) string { return p.T("sysaction." + string(a)) }

// Levels names user levels, joined.
func (p *helpers) Levels(ls []domain.UserLevel) string {
	out := make([]string, len(ls))
	for i, l := range ls {
		out[i] = p.T("ulevel." + string(l))
	}
	return strings.Join(out, p.T("ui.list_sep"))
}

func systemMayEdit(a domain.Actor, sys *domain.System) error {
	return authz.Can(a, authz.SystemUpdate, authz.System(sys))
}

func (s *Server) systemView(r *http.Request, rq *request, sys *domain.System, pg Page) (*systemView, error) {
	id := sys.ID
	v := &systemView{Page: pg, System: sys}
	if sys.ReplacedByID != 0 {
		v.ReplacedBy, _ = s.svc.System(r.Context(), rq.auth.Actor, sys.ReplacedByID)
	}
	if sys.RoomID != 0 {
		v.Room, _ = s.svc.MachineRoom(r.Context(), rq.auth.Actor, sys.RoomID)
	}
	if sys.ProjectID != 0 {
		v.Project, _ = s.svc.Project(r.Context(), rq.auth.Actor, sys.ProjectID)
	}
	v.Steps = s.svc.SystemSteps(rq.auth.Actor, sys)
	var err error
	if slices.Contains(v.Steps, domain.SysMarkSuperseded) {
		if v.Replacements, err = s.replacements(r, rq.auth.Actor, sys.ID, ""); err != nil {
			return v, err
		}
	}
	v.CanEdit = systemMayEdit(rq.auth.Actor, sys) == nil
	if v.Findings, err = s.findingsOf(r, v.Page, domain.SubjectSystem, id, sys.UnitID); err != nil {
		return v, err
	}
	if v.Plans, err = s.planSection(r, rq, sys, v.Findings.Items); err != nil {
		return v, err
	}
	if v.Serves, err = s.servesSection(r, rq, sys); err != nil {
		return v, err
	}
	if v.Components, err = s.systemComponents(r, rq.auth.Actor, id); err != nil {
		return v, err
	}
	if v.History, err = s.svc.SystemHistory(r.Context(), rq.auth.Actor, id); err != nil {
		return v, err
	}
	v.Attachments, err = s.attachments(r, v.Page, "system", id, "/systems/"+itoa(id))
	return v, err
}

type systemFormView struct {
	formBase
	System domain.System
	// ChoosesCode: the info office may set a code (on create, empty asks for the next); a unit
	// user's new system gets its code from the server, and its code is not theirs to change.
	ChoosesCode bool
	Categories  []domain.SystemCategory
	Classes     []domain.Classification
	Hostings    []domain.Hosting
	Networks    []domain.Network
	Exemptions  []domain.CloudExemption // ENV-P1, besides none
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

func (s *Server) systemFormView(r *http.Request, rq *request, f formBase, sys domain.System) (*systemFormView, error) {
	v := &systemFormView{formBase: f, System: sys, ChoosesCode: app.ChoosesSystemCodes(rq.auth.Actor),
		Categories: domain.SystemCategories, Classes: domain.Classifications, Hostings: domain.Hostings, Networks: domain.Networks,
		Exemptions: domain.CloudExemptions, Levels: domain.UserLevels}
	var err error
	v.Rooms, err = s.roomChoices(r, rq.auth.Actor, f.Units)
	return v, err
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
			LastUpgrade: new(time.Time), RoomID: e.RoomID, ExchangeChannels: &[]domain.ExchangeChannel{}, BaseData: &[]domain.BaseDataUse{},
			CloudExemption: new(domain.CloudExemption), CloudExemptionBasis: new(string)}
	}
	return e, err
}

func (s *Server) systemStep(r *http.Request, rq *request, id, ver int64) error {
	st := app.SystemStep{Version: ver, Action: domain.SystemAction(r.PathValue("action")), Note: r.PostFormValue("note")}
	var err error
	if st.ReplacedBy, err = s.replacementID(r, rq.auth.Actor, id); err != nil {
		return err
	}
	_, err = s.svc.TransitionSystem(r.Context(), rq.auth.Actor, id, st)
	return err
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
	found, err := systemByText(r.Context(), s.svc, a, text, id)
	if err != nil || found != 0 {
		return found, err
	}
	return 0, domain.Invalid("replaced_by_id", "err.system.replacement_unknown", text)
}

// systemByText finds the system a search box names ("code name", as its list offers it, or a
// code or name typed in full) among those the actor may see, other than exclude; 0 when none.
// The replacing-system box and the component form's system boxes read it.
func systemByText(ctx context.Context, svc *app.Service, a domain.Actor, text string, exclude int64) (int64, error) {
	code, _, _ := strings.Cut(text, " ")
	p, err := svc.Systems(ctx, a, app.SystemFilter{Query: code, Limit: maxReplacements + 1})
	if err != nil {
		return 0, err
	}
	for _, x := range p.Items {
		if x.ID != exclude && (strings.EqualFold(x.Code, code) || x.Code+" "+x.Name == text || x.Name == text) {
			return x.ID, nil
		}
	}
	return 0, nil
}
