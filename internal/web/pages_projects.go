package web

import (
	"context"
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

// The project applications' pages (立项申请, FLOW-2, BLD-P2, BLD-P3, SHR-R3): the list with its
// filters and pager, an application's page (its plan item, budget, systems, cloud needs, the
// answers to its guide's requirements, its catalog entries, files, steps and history), the
// form (a new application starts from a plan item; the full form edits the rest) and the step
// forms.

func (s *Server) projectRoutes() {
	s.handle("GET /projects", s.ui(s.projectsPage))
	projectPages.routes(s)
}

// projectPages describes the application pages: the unit writes, the office reviews.
var projectPages = &recordPages[domain.Project, app.ProjectNew, *projectView, *projectFormView]{
	base: "/projects", nav: "nav.projects", detail: "project", form: "project_form",
	newTitle: "projects.new", editTitle: "projects.edit", name: func(p *domain.Project) string { return p.Name },
	kind: authz.KindProject, createIn: authz.ProjectCreate,
	get:     (*app.Service).Project,
	mayEdit: projectMayEdit,
	blank: func(domain.Actor) domain.Project {
		return domain.Project{KeyCategory: domain.KeyNone, RoomWork: domain.RoomWorkNone, Kind: domain.ItemNew}
	},
	read:   projectFromForm,
	create: (*app.Service).CreateProject,
	update: func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, n app.ProjectNew) (*domain.Project, error) {
		return svc.UpdateProject(ctx, a, id, n.ProjectEdit)
	},
	view: (*Server).projectView, formView: (*Server).projectFormView, step: (*Server).projectStep,
	reshow: shownOnPage, // a gate's refusal (422, every governance rule it found violated) shows at the step's form
}

func projectMayEdit(a domain.Actor, p *domain.Project) error {
	if err := authz.Can(a, authz.ProjectUpdate, authz.Registry(authz.KindProject, p.ID, p.UnitID)); err != nil {
		return err
	}
	if !p.Status.Editable() {
		return domain.Errorf(domain.EConflict, "err.project.not_editable", "projstatus."+string(p.Status))
	}
	return nil
}

// ProjStatus … ProjAnswer name the applications' enumerations in the page's language.
func (p *helpers) ProjStatus(s domain.ProjectStatus) string { return p.T("projstatus." + string(s)) }
func (p *helpers) ProjAction(a domain.ProjectAction) string { return p.T("projaction." + string(a)) }
func (p *helpers) ProjKey(k domain.KeyCategory) string      { return p.T("projkey." + string(k)) }
func (p *helpers) ProjRoom(w domain.RoomWork) string        { return p.T("projroom." + string(w)) }
func (p *helpers) ProjTarget(t domain.IntegrationTarget) string {
	return p.T("projtarget." + string(t))
}
func (p *helpers) ProjMode(m domain.IntegrationMode) string  { return p.T("projmode." + string(m)) }
func (p *helpers) ProjAnswer(a domain.ResponseAnswer) string { return p.T("projanswer." + string(a)) }
func (p *helpers) ExChannel(c domain.ExchangeChannel) string { return p.T("exchannel." + string(c)) }
func (p *helpers) MediaKindName(k domain.MediaKind) string   { return p.T("mkind." + string(k)) }
func (p *helpers) UserLevelName(l domain.UserLevel) string   { return p.T("ulevel." + string(l)) }

// projectList reads the list filters shared by the page and the API.
func projectList(r *http.Request) (app.ProjectFilter, error) {
	q := r.URL.Query()
	var f app.ProjectFilter
	var err error
	if f.Status, err = queryEnum(q, "status", domain.ProjectStatuses); err != nil {
		return f, err
	}
	if f.UnitID, err = formInt(r, "unit_id"); err != nil {
		return f, err
	}
	if f.Stage, err = queryEnum(q, "stage", domain.ProjectStages); err != nil { // FLOW-4
		return f, err
	}
	if f.Awaiting, err = queryFlag(q, "awaiting"); err != nil {
		return f, err
	}
	year, err := formInt(r, "year")
	if err != nil {
		return f, err
	}
	f.Year = int(year)
	f.After, err = decodeCursor(q.Get("cursor"))
	return f, err
}

type projectsView struct {
	listBase
	Projects []*domain.Project
	Statuses []domain.ProjectStatus
	Stages   []domain.ProjectStage // FLOW-4
}

func (s *Server) projectsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.projects", authz.KindProject, nil, "year", "unit_id", "status", "stage", "awaiting")
	if err != nil {
		return err
	}
	a := rq.auth.Actor
	v := projectsView{listBase: base, Statuses: domain.ProjectStatuses, Stages: domain.ProjectStages}
	v.CanCreate = a.Has(domain.RoleUnitHead) || a.Has(domain.RoleUnitContact)
	f, err := projectList(r)
	if err != nil {
		return err
	}
	v.Projects, v.Pager, err = listPage(r, func(limit int) ([]*domain.Project, error) {
		f.Limit = limit
		p, err := s.svc.Projects(r.Context(), a, f)
		return p.Items, err
	}, func() (int, error) { return s.svc.CountProjects(r.Context(), a, f) })
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "projects", v)
	return nil
}

// projectRow is a requirement of the guide with the application's answer, for the detail page
// and the form.
type projectRow struct {
	domain.GuideRequirement
	Answer domain.ResponseAnswer
	Note   string // the answer's plan or reason
	Field  string // responses.<clause>
}

type projectView struct {
	Page
	Project     *domain.Project
	Guide       *domain.Guide
	Rows        []projectRow
	Catalog     []*domain.CatalogEntry
	Created     []*domain.System       // the systems its approval registered 在建 (FLOW-2)
	CloudReqs   []*domain.CloudRequest // the cloud requests its approval filed (ENV-R1)
	Systems     map[int64]string       // the systems named, by id
	Components  []*domain.Component    // the shared components it will use, readable ones (issue 15)
	Units       map[int64]string       // the exchange partners, by id
	Steps       []domain.ProjectAction
	CanEdit     bool
	History     []*audit.Record
	Attachments attachmentsView
	Path        []domain.ProjectStatus // the step bar
	Comment     string                 // what a refused step's form held
	Approved    string
	Categories  []domain.ItemCategory
	TaskBook    *domain.TaskBook    // its task book, when issued and the viewer may read it (FLOW-3)
	CanIssue    bool                // the office may issue it now
	Review      *reviewSection      // the expert review and the opinion, when the viewer's (pages_project_reviews.go)
	Supervision *supervisionSection // a key project's supervision, when the viewer's (FLOW-5, pages_supervision.go)
	Stages      *stageSection       // its stages after the task book (FLOW-4, pages_stages.go)
	Rect        *rectSection        // its rectification notices and halt (FLOW-4, pages_rectifications.go)
	Findings    findingsSection     // the governance rules' findings and the gates' decisions (issue 11, pages_findings.go)
	Acknowledge bool                // what a refused approval's form held (acknowledge_warnings)
	Dup         *dupSection         // the duplicate-construction check (issue 15, pages_project_dup.go)
	UnitScore   *domain.UnitScore   // the unit's latest published assessment score (ORG-3: later approvals, pages_assessments.go)
}

// The rules whose findings the page marks (domain.Rule*).
func (v *projectView) RuleNoRoomBuild() string { return domain.RuleNoRoomBuild }
func (v *projectView) RuleExchangeOff() string { return domain.RuleExchangeOff }

// Found reports whether the application has a live finding of the rule: the page marks what
// the rules found (ENV-R1's machine room, SHR-P1's exchanges), it does not judge it again.
func (v *projectView) Found(rule string) bool {
	return slices.ContainsFunc(v.Findings.Items, func(f findingRow) bool { return f.RuleID == rule })
}

// projectRows lists the guide's requirements with p's answers.
func projectRows(g *domain.Guide, p *domain.Project) []projectRow {
	var rows []projectRow
	if g == nil {
		return rows
	}
	for _, it := range g.Items {
		r := projectRow{GuideRequirement: it, Field: domain.ResponseField(it.Clause)}
		if a, ok := p.Response(it.Clause); ok {
			r.Answer, r.Note = a.Answer, a.Text
		}
		rows = append(rows, r)
	}
	return rows
}

func (s *Server) projectView(r *http.Request, rq *request, p *domain.Project, pg Page) (*projectView, error) {
	a, ctx := rq.auth.Actor, r.Context()
	v := &projectView{Page: pg, Project: p, Steps: s.svc.ProjectSteps(a, p), CanEdit: projectMayEdit(a, p) == nil,
		Systems: map[int64]string{}, Units: map[int64]string{}, Categories: domain.ItemCategories}
	if r.Method == http.MethodPost { // a refused step: what its form held
		v.Comment, v.Approved = r.PostFormValue("comment"), r.PostFormValue("approved_budget")
		v.Acknowledge = r.PostFormValue("acknowledge_warnings") == "1"
	}
	v.Path = []domain.ProjectStatus{domain.ProjDraft, domain.ProjSubmitted, domain.ProjUnderReview, domain.ProjApproved}
	switch p.Status {
	case domain.ProjReturned:
		v.Path = []domain.ProjectStatus{domain.ProjDraft, domain.ProjSubmitted, domain.ProjUnderReview, domain.ProjReturned}
	case domain.ProjRejected:
		v.Path = []domain.ProjectStatus{domain.ProjDraft, domain.ProjSubmitted, domain.ProjUnderReview, domain.ProjRejected}
	}
	g, err := s.svc.Guide(ctx, a, p.GuideID)
	if err != nil {
		return nil, err
	}
	v.Guide, v.Rows = g, projectRows(g, p)
	if v.Catalog, err = s.svc.ProjectCatalog(ctx, a, p); err != nil {
		return nil, err
	}
	if v.Created, v.CloudReqs, err = s.svc.ProjectCreated(ctx, a, p); err != nil {
		return nil, err
	}
	ids := slices.Clone(p.SystemIDs)
	for _, it := range p.Integrations {
		if it.Target == domain.TargetSystem {
			ids = append(ids, it.ID)
		}
	}
	for _, id := range ids {
		if sys, err := s.svc.System(ctx, a, id); err == nil {
			v.Systems[id] = sys.Code + " " + sys.Name
		}
	}
	for _, id := range p.ComponentIDs {
		if c, err := s.svc.Component(ctx, a, id); err == nil {
			v.Components = append(v.Components, c)
		}
	}
	for _, x := range p.Exchanges {
		if u, err := s.svc.Unit(ctx, a, x.UnitID); err == nil {
			v.Units[x.UnitID] = u.Name
		}
	}
	v.TaskBook, _ = s.svc.ProjectTaskBook(ctx, a, p.ID) // none yet, or not the viewer's: no section
	v.CanIssue = v.TaskBook == nil && s.svc.CanIssueTaskBook(a, p)
	if v.Dup, err = s.dupSectionOf(r, rq, p); err != nil {
		return nil, err
	}
	if v.Review, err = s.reviewSection(r, rq, p, g); err != nil {
		return nil, err
	}
	v.UnitScore = s.applicantScore(r, rq, p)
	if v.Supervision, err = s.supervisionSection(r, rq, p, pg); err != nil {
		return nil, err
	}
	// An expert reviewer reads the application but not its history, which holds the opinion
	// and the other reviewers (BLD-R3): the page without it.
	if v.History, err = s.svc.ProjectHistory(ctx, a, p.ID); err != nil && domain.ErrorCode(err) != domain.EForbidden {
		return nil, err
	}
	if v.Stages, err = s.stageSectionOf(r, rq, p, v.Page); err != nil {
		return nil, err
	}
	if v.Rect, err = s.rectSectionOf(r, rq, p); err != nil {
		return nil, err
	}
	if v.Findings, err = s.findingsOf(r, pg, domain.SubjectApplication, p.ID, p.UnitID); err != nil {
		return nil, err
	}
	if slices.Contains(v.Steps, domain.ProjApprove) { // the warnings the approval must acknowledge (issue 11)
		if v.Findings.Warnings, err = s.svc.ApprovalWarnings(ctx, a, p.ID); err != nil {
			return nil, err
		}
	}
	v.Attachments, err = s.attachments(r, v.Page, "project", p.ID, "/projects/"+itoa(p.ID))
	return v, err
}

// ApprovedDefault is what the approval form offers: the total less the duplicate check's cuts.
func (v *projectView) ApprovedDefault() int64 {
	return v.Project.Total - domain.Cuts(v.Project.DupVerdicts)
}

// Amount is the budget line of category c (0 when there is none).
func (v *projectView) Amount(c domain.ItemCategory) int64 { return budgetOf(v.Project.Budget, c) }

func budgetOf(lines []domain.BudgetLine, c domain.ItemCategory) int64 {
	for _, b := range lines {
		if b.Category == c {
			return b.Amount
		}
	}
	return 0
}

// EntryName names the catalog entry an integration names, or its id.
func (v *projectView) EntryName(id int64) string {
	for _, c := range v.Catalog {
		if c.ID == id {
			return c.Code + " " + c.Name
		}
	}
	return "#" + itoa(id)
}

type projectFormView struct {
	formBase
	Project      domain.Project
	Items        []*domain.PlanItemRef // the plan items the application may be for
	Rows         []projectRow          // the guide's requirements and the answers
	NewSystems   []domain.NewSystem
	Exchanges    []domain.ProjectExchange
	Websites     []domain.PlannedWebsite
	Media        []domain.PlannedMedia
	Integrations []domain.Integration
	Systems      []*domain.System       // the unit's systems
	Entries      []*domain.CatalogEntry // the unit's catalog entries
	Components   []*domain.Component    // the published shared components (issue 15)
	AllUnits     []treeNode             // the exchange partners to choose from
	Libraries    []*domain.Library
	Kinds        []domain.ItemKind
	Keys         []domain.KeyCategory
	RoomWorks    []domain.RoomWork
	Categories   []domain.ItemCategory
	Channels     []domain.ExchangeChannel
	MediaKinds   []domain.MediaKind
	Levels       []domain.UserLevel
	Targets      []domain.IntegrationTarget
	Modes        []domain.IntegrationMode
	Answers      []domain.ResponseAnswer
	Dims         []domain.CloudDim
}

// blankRows is how many empty rows each of the form's tables offers to add.
const blankRows = 2

func (s *Server) projectFormView(r *http.Request, rq *request, f formBase, p domain.Project) (*projectFormView, error) {
	a, ctx := rq.auth.Actor, r.Context()
	v := &projectFormView{formBase: f, Project: p, Kinds: domain.ItemKinds, Keys: domain.KeyCategories, RoomWorks: domain.RoomWorks,
		Categories: domain.ItemCategories, Channels: domain.ExchangeChannels, MediaKinds: domain.MediaKinds, Levels: domain.UserLevels,
		Targets: domain.IntegrationTargets, Modes: domain.IntegrationModes, Answers: domain.ResponseAnswers, Dims: domain.CloudDims}
	items, err := s.svc.ProjectPlanItems(ctx, a, p.Year)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if p.UnitID == 0 || it.UnitID == p.UnitID {
			v.Items = append(v.Items, it)
		}
	}
	if f.New {
		return v, nil
	}
	v.NewSystems = append(slices.Clone(p.NewSystems), make([]domain.NewSystem, blankRows)...)
	v.Exchanges = append(slices.Clone(p.Exchanges), make([]domain.ProjectExchange, blankRows)...)
	v.Websites = append(slices.Clone(p.Websites), make([]domain.PlannedWebsite, blankRows)...)
	v.Media = append(slices.Clone(p.Media), make([]domain.PlannedMedia, blankRows)...)
	v.Integrations = append(slices.Clone(p.Integrations), make([]domain.Integration, blankRows)...)
	if g, err := s.svc.Guide(ctx, a, p.GuideID); err == nil {
		v.Rows = projectRows(g, &p)
	} else {
		return nil, err
	}
	sys, err := s.svc.Systems(ctx, a, app.SystemFilter{UnitID: p.UnitID, Limit: 500})
	if err != nil {
		return nil, err
	}
	v.Systems = sys.Items
	entries, err := s.svc.Catalog(ctx, a, app.CatalogFilter{UnitID: p.UnitID, Limit: 500})
	if err != nil {
		return nil, err
	}
	v.Entries = entries.Items
	comps, err := s.svc.Components(ctx, a, app.ComponentFilter{Status: domain.CompPublished, Limit: 500})
	if err != nil {
		return nil, err
	}
	v.Components = comps.Items
	if v.AllUnits, err = s.readableUnits(r, a, ""); err != nil {
		return nil, err
	}
	v.Libraries, err = s.svc.BaseLibraries(ctx, a)
	return v, err
}

// Amount is the budget line of category c on the form ("" when there is none).
func (v *projectFormView) Amount(c domain.ItemCategory) string {
	for _, b := range v.Project.Budget {
		if b.Category == c {
			return strconv.FormatInt(b.Amount, 10)
		}
	}
	return ""
}

// Cloud is the quantity of dimension d on the form.
func (v *projectFormView) Cloud(d domain.CloudDim) int64 { return v.Project.Cloud.Get(d) }

// FunctionsText is the function points one a line, for the form's text area (issue 15).
func (v *projectFormView) FunctionsText() string { return strings.Join(v.Project.Functions, "\n") }

// FunctionErrs are the problems of each line of the function points.
func (v *projectFormView) FunctionErrs() []string {
	var out []string
	for i := range v.Project.Functions {
		if m := v.FieldErr("functions." + strconv.Itoa(i)); m != "" {
			out = append(out, m)
		}
	}
	return out
}

// UsesComponent reports whether the application names component id among those it will use.
func (v *projectFormView) UsesComponent(id int64) bool {
	return slices.Contains(v.Project.ComponentIDs, id)
}

// Has reports whether the application names id among the systems it changes.
func (v *projectFormView) Has(id int64) bool { return slices.Contains(v.Project.SystemIDs, id) }

// UsesLibrary and HasLevel report the ticked base libraries and user levels.
func (v *projectFormView) UsesLibrary(l domain.BaseLibrary) bool {
	return slices.Contains(v.Project.BaseData, l)
}
func (v *projectFormView) HasLevel(l domain.UserLevel) bool {
	return slices.Contains(v.Project.UserLevels, l)
}

// Ref is the value of an integration's option: target:id.
func (v *projectFormView) Ref(it domain.Integration) string {
	if it.ID == 0 {
		return ""
	}
	return string(it.Target) + ":" + strconv.FormatInt(it.ID, 10)
}

// projectFromForm reads the form. The new-application form sends the plan item and the first
// fields; the full form (marked _full) sends every field, its tables as repeated row fields
// (a row without a name is dropped), its check boxes, the budget per category and the answers
// per requirement (answer_<clause>, text_<clause>; no answer: none).
func projectFromForm(r *http.Request) (app.ProjectNew, error) {
	var n app.ProjectNew
	var errs domain.Problems
	errs.Add(bindForm(r, &n.ProjectEdit, "version", "plan_item_id", "name", "kind", "key_category", "content", "budget_justification", "room_work"))
	f := r.PostForm
	at := func(k string, i int) string {
		if vs := f[k]; i < len(vs) {
			return strings.TrimSpace(vs[i])
		}
		return ""
	}
	num := func(field, s string) int64 {
		if s == "" {
			return 0
		}
		v, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			errs.Add(domain.Invalid(field, "err.number"))
		}
		return v
	}
	budget := []domain.BudgetLine{}
	for _, c := range domain.ItemCategories {
		if s := strings.TrimSpace(f.Get("budget_" + string(c))); s != "" {
			budget = append(budget, domain.BudgetLine{Category: c, Amount: num("budget", s)})
		}
	}
	n.Budget = &budget
	if f.Has("functions") { // issue 15: the function points, one a line, empty lines dropped
		functions := []string{}
		for _, l := range strings.Split(f.Get("functions"), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				functions = append(functions, l)
			}
		}
		n.Functions = &functions
	}
	if f.Get("_full") == "" {
		return n, errs.Err()
	}
	noData := f.Get("no_data") == "1"
	n.NoData = &noData
	var cloud domain.CloudResources
	for _, d := range domain.CloudDims {
		*cloud.Ptr(d) = num("cloud."+string(d), strings.TrimSpace(f.Get("cloud_"+string(d))))
	}
	n.Cloud = &cloud
	ids := []int64{}
	for _, s := range f["system_ids"] {
		ids = append(ids, num("system_ids", s))
	}
	n.SystemIDs = &ids
	components := []int64{}
	for _, s := range f["component_ids"] {
		components = append(components, num("component_ids", s))
	}
	n.ComponentIDs = &components
	libs := []domain.BaseLibrary{}
	for _, s := range f["base_data"] {
		libs = append(libs, domain.BaseLibrary(s))
	}
	n.BaseData = &libs
	levels := []domain.UserLevel{}
	for _, s := range f["user_levels"] {
		levels = append(levels, domain.UserLevel(s))
	}
	n.UserLevels = &levels
	systems := []domain.NewSystem{}
	for i := range f["new_name"] {
		if x := (domain.NewSystem{Name: at("new_name", i), Brief: at("new_brief", i)}); x.Name != "" || x.Brief != "" {
			systems = append(systems, x)
		}
	}
	n.NewSystems = &systems
	exchanges := []domain.ProjectExchange{}
	for i := range f["ex_data"] {
		x := domain.ProjectExchange{Data: at("ex_data", i), Channel: domain.ExchangeChannel(at("ex_channel", i))}
		x.UnitID = num("exchanges."+strconv.Itoa(len(exchanges))+".unit_id", at("ex_unit", i))
		if x.Data != "" || x.UnitID != 0 {
			exchanges = append(exchanges, x)
		}
	}
	n.Exchanges = &exchanges
	sites := []domain.PlannedWebsite{}
	for i := range f["site_name"] {
		if x := (domain.PlannedWebsite{Name: at("site_name", i), Reason: at("site_reason", i)}); x.Name != "" || x.Reason != "" {
			sites = append(sites, x)
		}
	}
	n.Websites = &sites
	media := []domain.PlannedMedia{}
	for i := range f["media_name"] {
		if x := (domain.PlannedMedia{Kind: domain.MediaKind(at("media_kind", i)), Name: at("media_name", i), Reason: at("media_reason", i)}); x.Name != "" || x.Reason != "" {
			media = append(media, x)
		}
	}
	n.Media = &media
	integrations := []domain.Integration{}
	for i := range f["int_ref"] {
		target, id, _ := strings.Cut(at("int_ref", i), ":")
		if target == "" {
			continue
		}
		x := domain.Integration{Target: domain.IntegrationTarget(target), Mode: domain.IntegrationMode(at("int_mode", i)), Note: at("int_note", i)}
		x.ID = num("integrations."+strconv.Itoa(len(integrations))+".id", id)
		integrations = append(integrations, x)
	}
	n.Integrations = &integrations
	responses := []domain.ProjectResponse{}
	for _, cl := range f["clause"] {
		ans := f.Get("answer_" + cl)
		if ans == "" {
			continue
		}
		responses = append(responses, domain.ProjectResponse{Clause: cl, Answer: domain.ResponseAnswer(ans), Text: f.Get("text_" + cl)})
	}
	n.Responses = &responses
	return n, errs.Err()
}

func (s *Server) projectStep(r *http.Request, rq *request, id, ver int64) error {
	st := app.ProjectStep{Version: ver, Action: domain.ProjectAction(r.PathValue("action")), Comment: r.PostFormValue("comment"),
		AcknowledgeWarnings: r.PostFormValue("acknowledge_warnings") == "1"}
	if b := strings.TrimSpace(r.PostFormValue("approved_budget")); b != "" {
		var err error
		if st.ApprovedBudget, err = strconv.ParseInt(b, 10, 64); err != nil {
			return domain.Invalid("approved_budget", "err.number")
		}
	}
	_, err := s.svc.TransitionProject(r.Context(), rq.auth.Actor, id, st)
	return err
}

// projectTodos are the applications waiting for the viewer: for the office those submitted
// (to accept for review) and under review (to decide); for a unit's people those returned for
// revision (FLOW-2).
func (s *Server) projectTodos(r *http.Request) []todo {
	rq := reqOf(r)
	a, ctx := rq.auth.Actor, r.Context()
	var out []todo
	add := func(st domain.ProjectStatus, key string) {
		if n, err := s.svc.CountProjects(ctx, a, app.ProjectFilter{Status: st}); err == nil && n > 0 {
			out = append(out, todo{Text: i18n.T(rq.lang, key, n), Href: "/projects?status=" + string(st), Clause: "FLOW-2"})
		}
	}
	switch {
	case a.Has(domain.RoleOffice):
		add(domain.ProjSubmitted, "todo.projects_submitted")
		add(domain.ProjUnderReview, "todo.projects_under_review")
		// FLOW-4: stage materials in, the move on to confirm (pages_stages.go).
		if n, err := s.svc.CountProjects(ctx, a, app.ProjectFilter{Awaiting: true}); err == nil && n > 0 {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.projects_stage_awaiting", n), Href: "/projects?awaiting=1", Clause: "FLOW-4"})
		}
	case a.Has(domain.RoleUnitHead) || a.Has(domain.RoleUnitContact):
		add(domain.ProjReturned, "todo.projects_returned")
	}
	return out
}
