package web

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// planRoutes registers the pages and API of migration plans (ENV-R2) and docking plans (SHR-R8) on systems.
func (s *Server) planRoutes() {
	s.handle("GET /plans", s.ui(s.plansPage))
	s.handle("GET /plans/export.xlsx", s.ui(s.plansExport))
	s.handle("GET /systems/{id}/migration-plan", s.ui(s.migrationPlanForm))
	s.handle("POST /systems/{id}/migration-plan", s.ui(s.migrationPlanSubmit))
	s.handle("POST /systems/{id}/migration-plan/steps/{action}", s.ui(s.migrationPlanStep))
	s.handle("GET /systems/{id}/docking-plans/new", s.ui(s.dockingPlanNew))
	s.handle("POST /systems/{id}/docking-plans/new", s.ui(s.dockingPlanCreate))
	s.handle("GET /systems/{id}/docking-plans/{pid}", s.ui(s.dockingPlanEdit))
	s.handle("POST /systems/{id}/docking-plans/{pid}", s.ui(s.dockingPlanUpdate))
	s.handle("POST /systems/{id}/docking-plans/{pid}/steps/{action}", s.ui(s.dockingPlanStep))

}

// Names of the plans' enumerations in the page's language.
func (p *helpers) PlanStatusName(st domain.PlanStatus) string { return p.T("planstatus." + string(st)) }
func (p *helpers) PlanNodeName(n domain.PlanNode) string      { return p.T("plannode." + string(n)) }
func (p *helpers) DifficultyName(d domain.Difficulty) string  { return p.T("difficulty." + string(d)) }
func (p *helpers) DockStateName(d domain.DockingState) string { return p.T("dockstate." + string(d)) }
func (p *helpers) PlanKindName(k domain.PlanKind) string      { return p.T("plankind." + string(k)) }

// PlanStepName names a step; completing says what it completes.
func (p *helpers) PlanStepName(kind domain.PlanKind, a domain.PlanAction) string {
	if a == domain.PlanComplete {
		return p.T("planaction.complete_" + string(kind))
	}
	return p.T("planaction." + string(a))
}

// PlanDetail names a list row's difficulty (migration) or library (docking).
func (p *helpers) PlanDetail(it *domain.PlanItem) string {
	if it.Kind == domain.PlanKindDocking {
		return p.LibraryName(domain.BaseLibrary(it.Detail))
	}
	return p.T("difficulty." + it.Detail)
}

// ExchangeChannelNames names a system's exchange channels, joined.
func (p *helpers) ExchangeChannelNames(cs []domain.ExchangeChannel) string {
	out := ""
	for i, c := range cs {
		if i > 0 {
			out += p.T("ui.list_sep")
		}
		out += p.T("exchannel." + string(c))
	}
	return out
}

// --- the plans on the system's page ----------------------------------------------------------

type dockingRow struct {
	Plan  *domain.DockingPlan
	Steps []domain.PlanAction
}

// planSection is what the system page shows of its plans.
type planSection struct {
	Show            bool // non-classified systems have plans
	Migration       *domain.MigrationPlan
	MigrationSteps  []domain.PlanAction
	MigrationLate   bool
	CanEdit         bool
	CanAddMigration bool
	Docking         []dockingRow
	History         []*audit.Record
	// What the rules found (issue 11), read from the system's findings, never worked out here:
	// off the cloud where ENV-P1 wants it on (a migration plan may be made), and without a cloud
	// exemption nor an open migration plan (ENV-R2); base data used without docking nor a
	// docking plan, and a docking plan past its date (SHR-R8).
	OffCloud    bool
	NoPlan      *domain.Finding
	Undocked    *domain.Finding
	DockingLate *domain.Finding
}

// planSection builds the plans of sys for the viewer; found is the system's live findings in the
// viewer's scope (the findings section's).
func (s *Server) planSection(r *http.Request, rq *request, sys *domain.System, found []findingRow) (planSection, error) {
	a := rq.auth.Actor
	v := planSection{Show: sys.Classification == domain.Unclassified}
	if !v.Show {
		return v, nil
	}
	ctx := r.Context()
	m, err := s.svc.MigrationPlanOf(ctx, a, sys.ID)
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return v, err
	}
	v.CanEdit = authz.Can(a, authz.SystemUpdate, authz.System(sys)) == nil
	if m != nil {
		v.Migration = m
		v.MigrationSteps = s.svc.MigrationPlanSteps(a, sys, m)
	}
	for _, f := range found {
		switch f.RuleID {
		case domain.RuleOffCloud:
			v.OffCloud = true
		case domain.RuleNoMigration:
			v.NoPlan = f.Finding
		case domain.RuleUndocked:
			v.Undocked = f.Finding
		case domain.RuleDockingLate:
			v.DockingLate = f.Finding
		case domain.RuleMigrationLate: // ENV-R2: the open plan past its date, as the rules found it
			v.MigrationLate = true
		}
	}
	v.CanAddMigration = v.CanEdit && v.OffCloud && m == nil
	ds, err := s.svc.DockingPlansOf(ctx, a, sys.ID)
	if err != nil {
		return v, err
	}
	for _, d := range ds {
		v.Docking = append(v.Docking, dockingRow{Plan: d, Steps: s.svc.DockingPlanSteps(a, sys, d)})
	}
	v.History, err = s.svc.PlanHistory(ctx, a, sys.ID)
	return v, err
}

// planEnumPrefix maps a plan field to the catalog prefix of its values (history lines).
var planEnumPrefix = map[string]string{"status": "planstatus.", "node": "plannode.", "difficulty": "difficulty.", "library": "baselib."}

// --- the system form's exchange channels and base data ----------------------------------------

// sharingFromForm reads the exchange channels (checkboxes) and the base data (one select per
// library, empty: not used) into the edit.
func sharingFromForm(r *http.Request, e *app.SystemEdit) {
	cs := []domain.ExchangeChannel{}
	for _, c := range r.PostForm["exchange_channels"] {
		cs = append(cs, domain.ExchangeChannel(c))
	}
	bd := []domain.BaseDataUse{}
	for k, vs := range r.PostForm { // one select per library the form offered: base_<code>
		l := domain.BaseLibrary(strings.TrimPrefix(k, "base_"))
		if strings.HasPrefix(k, "base_") && l.Valid() && len(vs) > 0 && vs[0] != "" {
			bd = append(bd, domain.BaseDataUse{Library: l, State: domain.DockingState(vs[0])})
		}
	}
	e.ExchangeChannels, e.BaseData = &cs, &bd
}

// HasChannel reports whether the form's system uses channel c.
func (v systemFormView) HasChannel(c domain.ExchangeChannel) bool {
	return slices.Contains(v.System.ExchangeChannels, c)
}

// BaseState is how the form's system gets library l's data ("" not used).
func (v systemFormView) BaseState(l domain.BaseLibrary) domain.DockingState {
	return v.System.BaseDataState(l)
}

// Sharing enumerations for the system form.
func (systemFormView) ChannelOptions() []domain.ExchangeChannel { return domain.ExchangeChannels }
func (v systemFormView) Libraries() []domain.BaseLibrary {
	used := make([]domain.BaseLibrary, len(v.System.BaseData))
	for i, u := range v.System.BaseData {
		used[i] = u.Library
	}
	return v.H().LibraryOptions(used...)
}
func (systemFormView) DockStates() []domain.DockingState { return domain.DockingStates }

// --- the plan list -----------------------------------------------------------------------------

type plansView struct {
	Page
	Items    []*domain.PlanItem
	Q        map[string]string
	Units    []treeNode
	Kinds    []domain.PlanKind
	Statuses []domain.PlanStatus
	Nodes    []domain.PlanNode
	Pager    pager
	Export   template.URL
}

func (s *Server) plansPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	v := plansView{Page: s.page(r, i18n.T(rq.lang, "plans.title"), crumb{"/systems", i18n.T(rq.lang, "nav.systems")}, crumb{"", i18n.T(rq.lang, "plans.title")}),
		Kinds: domain.PlanKinds, Statuses: domain.PlanStatuses, Nodes: domain.PlanNodes,
		Q: asked(r, "q", "unit_id", "kind", "status", "node", "overdue")}
	f, err := planFilter(r)
	if err != nil {
		return err
	}
	v.Items, v.Pager, err = listPage(r, func(limit int) ([]*domain.PlanItem, error) {
		f.Limit = limit
		p, err := s.svc.Plans(r.Context(), rq.auth.Actor, f)
		return p.Items, err
	}, nil) // plans are counted by reading them (one or two per off-cloud system)
	if err != nil {
		return err
	}
	v.Export = filtersOnly(r)
	if v.Units, err = s.readableUnits(r, rq.auth.Actor, authz.KindSystem); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "plans", v)
	return nil
}

func (s *Server) plansExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.xlsxExport("plans", exportOf(planFilter, (*app.Service).ExportPlans))(w, r, rq)
}

// --- migration plan form and steps -------------------------------------------------------------

type migrationFormView struct {
	Page
	System       *domain.System
	Plan         domain.MigrationPlan
	New          bool
	Difficulties []domain.Difficulty
	Nodes        []domain.PlanNode
}

// planFormPage starts the page of a plan form of system sys, titled by key add or edit.
func (s *Server) planFormPage(r *http.Request, rq *request, sys *domain.System, isNew bool, add, edit string) Page {
	title := i18n.T(rq.lang, edit)
	if isNew {
		title = i18n.T(rq.lang, add)
	}
	return s.page(r, title, crumb{"/systems", i18n.T(rq.lang, "nav.systems")}, crumb{"/systems/" + itoa(sys.ID), sys.Name}, crumb{"", title})
}

func (s *Server) migrationFormView(r *http.Request, rq *request, sys *domain.System, p domain.MigrationPlan, isNew bool) migrationFormView {
	return migrationFormView{Page: s.planFormPage(r, rq, sys, isNew, "plans.add_migration", "plans.edit_migration"),
		System: sys, Plan: p, New: isNew, Difficulties: domain.Difficulties, Nodes: domain.PlanNodes}
}

// systemToKeep loads the path's system and checks the actor may keep it (404 / 403 otherwise).
func (s *Server) systemToKeep(r *http.Request, rq *request) (*domain.System, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	sys, err := s.svc.System(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return nil, err
	}
	return sys, authz.Can(rq.auth.Actor, authz.SystemUpdate, authz.System(sys))
}

func (s *Server) migrationPlanForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	sys, err := s.systemToKeep(r, rq)
	if err != nil {
		return err
	}
	p, err := s.svc.MigrationPlanOf(r.Context(), rq.auth.Actor, sys.ID)
	isNew := domain.ErrorCode(err) == domain.ENotFound
	if err != nil && !isNew {
		return err
	}
	if isNew {
		p = &domain.MigrationPlan{Difficulty: domain.DifficultyLow, Node: domain.NodeUpgrade}
	}
	s.render(w, r, http.StatusOK, "plans_migration_form", s.migrationFormView(r, rq, sys, *p, isNew))
	return nil
}

func (s *Server) migrationPlanSubmit(w http.ResponseWriter, r *http.Request, rq *request) error {
	sys, err := s.systemToKeep(r, rq)
	if err != nil {
		return err
	}
	e, err := bound[app.MigrationPlanEdit](r)
	if err == nil {
		_, err = s.svc.SaveMigrationPlan(r.Context(), rq.auth.Actor, sys.ID, e)
	}
	if err != nil {
		p := domain.MigrationPlan{Version: e.Version}
		e.Apply(&p)
		v := s.migrationFormView(r, rq, sys, p, e.Version == 0)
		return s.refused(w, r, err, "plans_migration_form", &v, &v.Page)
	}
	toPlans(w, r, sys.ID)
	return nil
}

// toPlans goes back to the plans on the system's page after a change (the flash goes in the
// query, before the fragment, or the browser would take it for part of the fragment).
func toPlans(w http.ResponseWriter, r *http.Request, sysID int64) {
	redirect(w, r, "/systems/"+itoa(sysID)+"?flash=flash.saved#plans", "")
}

// planStepError shows a refused step on the system page (its field message next to the plans).
func (s *Server) planStepError(w http.ResponseWriter, r *http.Request, rq *request, sysID int64, err error) error {
	if !slices.Contains(shownOnPage, domain.ErrorCode(err)) {
		return err
	}
	v, verr := systemPages.load(s, r, rq, sysID)
	if verr != nil {
		return verr
	}
	if err := s.formErr(r, &v.Page, err); err != nil {
		return err
	}
	v.Page.Field = "plan_step"
	s.render(w, r, errorStatus(err), "system", v)
	return nil
}

func (s *Server) migrationPlanStep(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	st := app.PlanStep{Version: ver, Action: domain.PlanAction(r.PathValue("action")), Note: r.PostFormValue("note"), Evidence: r.PostFormValue("evidence")}
	if _, err := s.svc.TransitionMigrationPlan(r.Context(), rq.auth.Actor, id, st); err != nil {
		return s.planStepError(w, r, rq, id, err)
	}
	toPlans(w, r, id)
	return nil
}

// --- docking plan forms and steps --------------------------------------------------------------

type dockingFormView struct {
	Page
	System    *domain.System
	Plan      domain.DockingPlan
	New       bool
	Libraries []domain.BaseLibrary
	Nodes     []domain.PlanNode
	// Standards are the versions the plan may name (ORG-5): those in force, and the one it names
	// already when that one was superseded since.
	Standards []*domain.Standard
}

func (s *Server) dockingFormView(r *http.Request, rq *request, sys *domain.System, p domain.DockingPlan, isNew bool) dockingFormView {
	v := dockingFormView{Page: s.planFormPage(r, rq, sys, isNew, "plans.add_docking", "plans.edit_docking"), System: sys, Plan: p, New: isNew, Nodes: domain.PlanNodes}
	if isNew {
		v.Libraries = v.H().LibraryOptions()
	} else {
		v.Libraries = v.H().LibraryOptions(p.Library)
	}
	v.Standards, _ = s.svc.StandardChoices(r.Context(), rq.auth.Actor, p.StandardID) // none offered when it fails: the save names the field
	return v
}

func (s *Server) dockingPlanNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	sys, err := s.systemToKeep(r, rq)
	if err != nil {
		return err
	}
	p := domain.DockingPlan{Node: domain.NodeOM, Library: domain.BaseLibrary(r.URL.Query().Get("library"))}
	s.render(w, r, http.StatusOK, "plans_docking_form", s.dockingFormView(r, rq, sys, p, true))
	return nil
}

func (s *Server) dockingPlanCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	sys, err := s.systemToKeep(r, rq)
	if err != nil {
		return err
	}
	e, err := bound[app.DockingPlanEdit](r)
	if err == nil {
		_, err = s.svc.CreateDockingPlan(r.Context(), rq.auth.Actor, sys.ID, e)
	}
	if err != nil {
		var p domain.DockingPlan
		e.Apply(&p)
		v := s.dockingFormView(r, rq, sys, p, true)
		return s.refused(w, r, err, "plans_docking_form", &v, &v.Page)
	}
	toPlans(w, r, sys.ID)
	return nil
}

// dockingOfPath loads the path's docking plan, which must belong to the path's system.
func (s *Server) dockingOfPath(r *http.Request, rq *request, sys *domain.System) (*domain.DockingPlan, error) {
	pid, err := strconv.ParseInt(r.PathValue("pid"), 10, 64)
	if err != nil || pid <= 0 {
		return nil, domain.NotFound()
	}
	p, err := s.svc.DockingPlan(r.Context(), rq.auth.Actor, pid)
	if err != nil {
		return nil, err
	}
	if p.SystemID != sys.ID {
		return nil, domain.NotFound()
	}
	return p, nil
}

func (s *Server) dockingPlanEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	sys, err := s.systemToKeep(r, rq)
	if err != nil {
		return err
	}
	p, err := s.dockingOfPath(r, rq, sys)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "plans_docking_form", s.dockingFormView(r, rq, sys, *p, false))
	return nil
}

func (s *Server) dockingPlanUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	sys, err := s.systemToKeep(r, rq)
	if err != nil {
		return err
	}
	p, err := s.dockingOfPath(r, rq, sys)
	if err != nil {
		return err
	}
	e, err := bound[app.DockingPlanEdit](r)
	if err == nil {
		_, err = s.svc.UpdateDockingPlan(r.Context(), rq.auth.Actor, p.ID, e)
	}
	if err != nil {
		v := s.dockingFormView(r, rq, sys, asSent(p, e), false)
		return s.refused(w, r, err, "plans_docking_form", &v, &v.Page)
	}
	toPlans(w, r, sys.ID)
	return nil
}

func (s *Server) dockingPlanStep(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	sys, err := s.svc.System(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	p, err := s.dockingOfPath(r, rq, sys)
	if err != nil {
		return err
	}
	ver, err := formInt(r, "version")
	if err != nil {
		return err
	}
	st := app.PlanStep{Version: ver, Action: domain.PlanAction(r.PathValue("action")), Note: r.PostFormValue("note")}
	if _, err := s.svc.TransitionDockingPlan(r.Context(), rq.auth.Actor, p.ID, st); err != nil {
		return s.planStepError(w, r, rq, id, err)
	}
	toPlans(w, r, id)
	return nil
}
