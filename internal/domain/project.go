package domain

import (
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Project is a unit's project application (立项申请, FLOW-2): a project of an accepted item of the
// unit's annual plan for the year (BLD-P2), what it builds and with which of the unit's
// existing systems and data (BLD-P3), what it needs of the government cloud (ENV-R1), its
// pre-compiled catalog entries or a declaration that it produces no data resource (SHR-R3), and
// one answer to each governance requirement of the declaration guide it answers (FLOW-2). The
// guide revision is fixed when the application is made: a later revision does not change what
// it answered.
//
// Budgets are whole yuan (元). Total is the sum of the budget lines; ApprovedBudget is what the
// office approved (at most Total). CatalogIDs and PlanItem are read with the project.
type Project struct {
	ID                  int64             `json:"id"`
	UnitID              int64             `json:"unit_id"`
	UnitName            string            `json:"unit_name,omitempty"`
	Year                int               `json:"year"`
	PlanItemID          int64             `json:"plan_item_id"`        // the annual plan item (BLD-P2)
	PlanItem            *PlanItemRef      `json:"plan_item,omitempty"` // read with one project
	GuideID             int64             `json:"guide_id"`            // the guide revision answered (FLOW-2)
	Name                string            `json:"name"`
	Kind                ItemKind          `json:"kind"`
	KeyCategory         KeyCategory       `json:"key_category"` // FLOW-5
	Budget              []BudgetLine      `json:"budget"`
	Total               int64             `json:"total"`                // the budget lines' sum, 元
	BudgetJustification string            `json:"budget_justification"` // why Total exceeds the plan item (BLD-P1)
	Content             string            `json:"content"`              // 建设内容
	Functions           []string          `json:"functions"`            // its function points (功能点), what the duplicate check ranks (issue 15)
	SystemIDs           []int64           `json:"system_ids"`           // registered systems of the unit it changes
	ComponentIDs        []int64           `json:"component_ids"`        // the published shared components it will use (issue 15)
	NewSystems          []NewSystem       `json:"new_systems"`          // registered 在建 on approval (app/project_effects.go)
	Cloud               CloudResources    `json:"cloud"`                // what it needs of the government cloud (ENV-R1)
	RoomWork            RoomWork          `json:"room_work"`            // machine-room work (ENV-R1)
	Exchanges           []ProjectExchange `json:"exchanges"`            // with other departments (SHR-P1, SHR-R2)
	BaseData            []BaseLibrary     `json:"base_data"`            // base libraries it uses (SHR-R7)
	Websites            []PlannedWebsite  `json:"websites"`             // websites it plans (PTL-R1)
	Media               []PlannedMedia    `json:"media"`                // new-media accounts it plans (PTL-R4)
	UserLevels          []UserLevel       `json:"user_levels"`          // PTL-R2
	Integrations        []Integration     `json:"integrations"`         // the unit's data and applications it integrates or replaces (BLD-P3)
	NoData              bool              `json:"no_data"`              // it produces no data resource (SHR-R3)
	CatalogIDs          []int64           `json:"catalog_ids"`          // its pre-compiled catalog entries, read (SHR-R3)
	CreatedSystemIDs    []int64           `json:"created_system_ids"`   // the systems its approval registered 在建, read (FLOW-2)
	CloudRequestIDs     []int64           `json:"cloud_request_ids"`    // the cloud requests its approval filed, read (ENV-R1)
	Responses           []ProjectResponse `json:"responses"`            // one per requirement of the guide (FLOW-2)
	DupAnswers          []DupAnswer       `json:"dup_answers"`          // the unit's answers to the duplicate check's matches (project_dup.go)
	DupVerdicts         []DupVerdict      `json:"dup_verdicts"`         // the office's verdicts on overlapping function points, set in review (project_dup.go)
	Status              ProjectStatus     `json:"status"`
	Stage               ProjectStage      `json:"stage"`                 // after the task book (FLOW-4, stage.go); "" before
	StageAt             time.Time         `json:"-"`                     // when it reached Stage (a spot-check round's candidates, spotcheck.go)
	HaltedAt            time.Time         `json:"halted_at,omitzero"`    // halted (叫停, FLOW-4): no stage step until resumed
	HaltReason          string            `json:"halt_reason,omitempty"` // why it was halted
	ApprovedBudget      int64             `json:"approved_budget"`
	DecisionNote        string            `json:"decision_note"` // the office's comment of the last return, rejection or approval
	SubmittedAt         time.Time         `json:"submitted_at,omitzero"`
	DecidedAt           time.Time         `json:"decided_at,omitzero"`
	Version             int64             `json:"version"`
	CreatedAt           time.Time         `json:"created_at"`
	UpdatedAt           time.Time         `json:"updated_at"`
	// review (BLD-R3): the logins of the experts assigned to review it, read by the service
	// (app/project_reviews.go): they may read the application and nothing else of its unit.
	Reviewers []int64 `json:"-"`
	// supervision (FLOW-5): the logins of its supervision unit's people, read by the service
	// (app/supervision.go): they read this key project and nothing else of its unit.
	Supervisors []int64 `json:"-"`
	// spot checks (FLOW-4): the logins drawn to inspect it in a check round, read by the
	// service (app/spotchecks.go): they read it and nothing else of its unit.
	Inspectors []int64 `json:"-"`
	// rectification (FLOW-4): a notice of it is for the finance and audit bureaus, who then read
	// it (app/rectifications.go), and nothing else.
	Bureaus bool `json:"-"`
}

// maxProjectComponents bounds the shared components an application names (issue 15).
const maxProjectComponents = 50

// Halted reports whether the project is halted (叫停, FLOW-4): no stage step until resumed.
func (p *Project) Halted() bool { return !p.HaltedAt.IsZero() }

// PlanItemRef is an annual plan item as an application refers to it: the item, its plan's
// unit, year and state, and what it planned.
type PlanItemRef struct {
	ID         int64            `json:"id"`
	PlanID     int64            `json:"plan_id"`
	UnitID     int64            `json:"unit_id"`
	Year       int              `json:"year"`
	PlanStatus AnnualPlanStatus `json:"plan_status"`
	Name       string           `json:"name"`
	Kind       ItemKind         `json:"kind"`
	Category   ItemCategory     `json:"category"`
	Budget     int64            `json:"budget"`
}

// BudgetLine is the budget of one category (the annual plan's categories: general, or a special
// item of ORG-2).
type BudgetLine struct {
	Category ItemCategory `json:"category"`
	Amount   int64        `json:"amount"` // 元
}

// NewSystem is a system the project builds, named and described; it is registered (在建) when
// the project is approved.
type NewSystem struct {
	Name  string `json:"name"`
	Brief string `json:"brief"`
}

// ProjectExchange is a data exchange with another department and its channel (SHR-P1: the
// district exchange platform; SHR-R2: a business flow docked directly still sends its data
// through the platform).
type ProjectExchange struct {
	UnitID  int64           `json:"unit_id"`
	Data    string          `json:"data"`
	Channel ExchangeChannel `json:"channel"`
}

// PlannedWebsite is a website the project plans; PTL-R1 wants the reason it cannot reuse the
// unit's existing one.
type PlannedWebsite struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// PlannedMedia is a new-media account or app the project plans (PTL-R4).
type PlannedMedia struct {
	Kind   MediaKind `json:"kind"`
	Name   string    `json:"name"`
	Reason string    `json:"reason"`
}

// Integration is one of the unit's existing systems (applications) or catalog entries (data)
// the project integrates or replaces (BLD-P3).
type Integration struct {
	Target IntegrationTarget `json:"target"`
	ID     int64             `json:"id"`
	Mode   IntegrationMode   `json:"mode"`
	Note   string            `json:"note"`
}

// ProjectResponse answers one governance requirement of the guide (FLOW-2): 符合; 部分符合 with
// the plan to comply; 不适用 with the reason.
type ProjectResponse struct {
	Clause string         `json:"clause"`
	Answer ResponseAnswer `json:"answer"`
	Text   string         `json:"text"`
}

// KeyCategory is a key project's category (FLOW-5), or none.
type KeyCategory string

// RoomWork is machine-room work a project includes (ENV-R1 refuses all but none).
type RoomWork string

// IntegrationTarget is what an integration names: a system or a catalog entry.
type IntegrationTarget string

// IntegrationMode is whether the project integrates or replaces it.
type IntegrationMode string

// ResponseAnswer is an answer to a governance requirement.
type ResponseAnswer string

// ProjectStatus is a state of an application.
type ProjectStatus string

// ProjectAction is a step of an application.
type ProjectAction string

const (
	KeyNone         KeyCategory = "none"
	KeyArchitecture KeyCategory = "architecture" // 架构支撑类
	KeyTheme        KeyCategory = "theme"        // 主题类
	KeyIntegration  KeyCategory = "integration"  // 部门业务整合类

	RoomWorkNone     RoomWork = "none"
	RoomWorkBuild    RoomWork = "build"    // 新建
	RoomWorkExtend   RoomWork = "extend"   // 扩建
	RoomWorkRenovate RoomWork = "renovate" // 改造

	TargetSystem  IntegrationTarget = "system"
	TargetCatalog IntegrationTarget = "catalog"
	ModeIntegrate IntegrationMode   = "integrate" // 整合
	ModeReplace   IntegrationMode   = "replace"   // 替代

	AnswerComply  ResponseAnswer = "comply"  // 符合
	AnswerPartial ResponseAnswer = "partial" // 部分符合
	AnswerNA      ResponseAnswer = "na"      // 不适用

	ProjDraft       ProjectStatus = "draft"
	ProjSubmitted   ProjectStatus = "submitted"
	ProjUnderReview ProjectStatus = "under_review"
	ProjReturned    ProjectStatus = "returned" // for revision: the unit edits and submits again
	ProjApproved    ProjectStatus = "approved"
	ProjRejected    ProjectStatus = "rejected"

	ProjSubmit  ProjectAction = "submit"  // the unit submits to the office
	ProjReview  ProjectAction = "review"  // the office accepts it for review (受理)
	ProjApprove ProjectAction = "approve" // the office approves, with the approved budget
	ProjReturn  ProjectAction = "return"  // the office returns it for revision, with comments
	ProjReject  ProjectAction = "reject"  // the office rejects it, with reasons
)

// The enumerations in display order.
var (
	KeyCategories      = []KeyCategory{KeyNone, KeyArchitecture, KeyTheme, KeyIntegration}
	RoomWorks          = []RoomWork{RoomWorkNone, RoomWorkBuild, RoomWorkExtend, RoomWorkRenovate}
	IntegrationTargets = []IntegrationTarget{TargetSystem, TargetCatalog}
	IntegrationModes   = []IntegrationMode{ModeIntegrate, ModeReplace}
	ResponseAnswers    = []ResponseAnswer{AnswerComply, AnswerPartial, AnswerNA}
	ProjectStatuses    = []ProjectStatus{ProjDraft, ProjSubmitted, ProjUnderReview, ProjReturned, ProjApproved, ProjRejected}
)

// Editable reports whether the unit may change the application: in draft, or returned for
// revision.
func (s ProjectStatus) Editable() bool { return s == ProjDraft || s == ProjReturned }

// The bounds of an application's lists.
const (
	MaxProjectRows    = 50
	MaxProjectBudget  = 100_000_000_000 // 元
	maxProjectText    = 1000
	maxProjectContent = 5000
)

// Validate checks an application's own fields, every problem at once; a problem of row i of a
// list names its field list.i.field. It computes Total and puts lists in one order.
func (p *Project) Validate() error {
	trimSpace(&p.Name, &p.BudgetJustification, &p.Content)
	var errs Problems
	errs.Check(p.UnitID == 0, "unit_id", "err.required")
	errs.Check(p.Year < 2000 || p.Year > 2100, "year", "err.range", 2000, 2100)
	errs.Check(p.PlanItemID <= 0, "plan_item_id", "err.required")
	errs.Check(p.Name == "" || utf8.RuneCountInString(p.Name) > 100, "name", "err.required_len", 100)
	errs.Check(!slices.Contains(ItemKinds, p.Kind), "kind", "err.enum")
	errs.Check(!slices.Contains(KeyCategories, p.KeyCategory), "key_category", "err.enum")
	errs.Check(!slices.Contains(RoomWorks, p.RoomWork), "room_work", "err.enum")
	errs.Check(utf8.RuneCountInString(p.BudgetJustification) > maxProjectText, "budget_justification", "err.too_long", maxProjectText)
	errs.Check(utf8.RuneCountInString(p.Content) > maxProjectContent, "content", "err.too_long", maxProjectContent)
	errs.Add(p.Cloud.check("cloud."))
	p.checkDup(&errs) // the function points and the answers to the duplicate check (issue 15)
	errs.Check(len(p.ComponentIDs) > maxProjectComponents, "component_ids", "err.project.too_many", maxProjectComponents)
	for i, id := range p.ComponentIDs {
		if errs.Check(id <= 0 || slices.Contains(p.ComponentIDs[:i], id), "component_ids", "err.project.component", id) {
			break
		}
	}

	p.Total = 0
	seenCat := map[ItemCategory]bool{}
	errs.Check(len(p.Budget) > len(ItemCategories), "budget", "err.project.too_many", len(ItemCategories))
	for i, b := range p.Budget {
		f := row("budget", i)
		errs.Check(!slices.Contains(ItemCategories, b.Category) || seenCat[b.Category], f+"category", "err.project.category")
		errs.Check(b.Amount < 0 || b.Amount > MaxProjectBudget, f+"amount", "err.range", 0, MaxProjectBudget)
		seenCat[b.Category] = true
		p.Total += b.Amount
	}
	errs.Check(p.Total > MaxProjectBudget, "budget", "err.range", 0, MaxProjectBudget)

	errs.Check(len(p.SystemIDs) > MaxProjectRows, "system_ids", "err.project.too_many", MaxProjectRows)
	p.SystemIDs = sortedIDs(p.SystemIDs)
	errs.Check(len(p.NewSystems) > MaxProjectRows, "new_systems", "err.project.too_many", MaxProjectRows)
	for i := range p.NewSystems {
		n := &p.NewSystems[i]
		trimSpace(&n.Name, &n.Brief)
		f := row("new_systems", i)
		errs.Check(n.Name == "" || utf8.RuneCountInString(n.Name) > 100, f+"name", "err.required_len", 100)
		errs.Check(utf8.RuneCountInString(n.Brief) > maxProjectText, f+"brief", "err.too_long", maxProjectText)
	}
	errs.Check(len(p.Exchanges) > MaxProjectRows, "exchanges", "err.project.too_many", MaxProjectRows)
	for i := range p.Exchanges {
		x := &p.Exchanges[i]
		trimSpace(&x.Data)
		f := row("exchanges", i)
		errs.Check(x.UnitID <= 0 || x.UnitID == p.UnitID, f+"unit_id", "err.project.partner")
		errs.Check(x.Data == "" || utf8.RuneCountInString(x.Data) > 200, f+"data", "err.required_len", 200)
		errs.Check(!slices.Contains(ExchangeChannels, x.Channel), f+"channel", "err.enum")
	}
	for i, l := range p.BaseData {
		errs.Check(!l.Valid() || slices.Contains(p.BaseData[:i], l), "base_data", "err.enum")
	}
	slices.SortFunc(p.BaseData, CompareLibraries)
	errs.Check(len(p.Websites) > MaxProjectRows, "websites", "err.project.too_many", MaxProjectRows)
	for i := range p.Websites {
		w := &p.Websites[i]
		trimSpace(&w.Name, &w.Reason)
		f := row("websites", i)
		errs.Check(w.Name == "" || utf8.RuneCountInString(w.Name) > 100, f+"name", "err.required_len", 100)
		// PTL-R1 (a new website while the unit has one says why) is the rules engine's: PTL-R1.new-website.
		errs.Check(utf8.RuneCountInString(w.Reason) > maxProjectText, f+"reason", "err.too_long", maxProjectText)
	}
	errs.Check(len(p.Media) > MaxProjectRows, "media", "err.project.too_many", MaxProjectRows)
	for i := range p.Media {
		m := &p.Media[i]
		trimSpace(&m.Name, &m.Reason)
		f := row("media", i)
		errs.Check(!slices.Contains(MediaKinds, m.Kind), f+"kind", "err.enum")
		errs.Check(m.Name == "" || utf8.RuneCountInString(m.Name) > 100, f+"name", "err.required_len", 100)
		errs.Check(utf8.RuneCountInString(m.Reason) > maxProjectText, f+"reason", "err.too_long", maxProjectText)
	}
	for _, l := range p.UserLevels {
		errs.Check(!slices.Contains(UserLevels, l), "user_levels", "err.enum")
	}
	slices.SortFunc(p.UserLevels, func(a, b UserLevel) int { return slices.Index(UserLevels, a) - slices.Index(UserLevels, b) })
	p.UserLevels = slices.Compact(p.UserLevels)
	errs.Check(len(p.Integrations) > MaxProjectRows, "integrations", "err.project.too_many", MaxProjectRows)
	for i := range p.Integrations {
		g := &p.Integrations[i]
		trimSpace(&g.Note)
		f := row("integrations", i)
		errs.Check(!slices.Contains(IntegrationTargets, g.Target), f+"target", "err.enum")
		errs.Check(g.ID <= 0, f+"id", "err.required")
		errs.Check(!slices.Contains(IntegrationModes, g.Mode), f+"mode", "err.enum")
		errs.Check(utf8.RuneCountInString(g.Note) > 500, f+"note", "err.too_long", 500)
	}
	seen := map[string]bool{}
	for i := range p.Responses {
		r := &p.Responses[i]
		trimSpace(&r.Clause, &r.Text)
		f := row("responses", i)
		errs.Check(!clauseRe.MatchString(r.Clause) || seen[r.Clause], f+"clause", "err.guide.clause", r.Clause)
		seen[r.Clause] = true
		switch r.Answer {
		case AnswerComply:
		case AnswerPartial: // the plan to comply
			errs.Check(r.Text == "", ResponseField(r.Clause), "err.project.partial_plan")
		case AnswerNA: // the reason it does not apply
			errs.Check(r.Text == "", ResponseField(r.Clause), "err.project.na_reason")
		default:
			errs.Check(true, ResponseField(r.Clause), "err.enum")
		}
		errs.Check(utf8.RuneCountInString(r.Text) > maxProjectText, ResponseField(r.Clause), "err.too_long", maxProjectText)
	}
	p.nonNil()
	return errs.Err()
}

// nonNil gives every list of p an empty value instead of nil (JSON [] rather than null).
func (p *Project) nonNil() {
	if p.Budget == nil {
		p.Budget = []BudgetLine{}
	}
	if p.SystemIDs == nil {
		p.SystemIDs = []int64{}
	}
	if p.NewSystems == nil {
		p.NewSystems = []NewSystem{}
	}
	if p.Exchanges == nil {
		p.Exchanges = []ProjectExchange{}
	}
	if p.BaseData == nil {
		p.BaseData = []BaseLibrary{}
	}
	if p.Websites == nil {
		p.Websites = []PlannedWebsite{}
	}
	if p.Media == nil {
		p.Media = []PlannedMedia{}
	}
	if p.UserLevels == nil {
		p.UserLevels = []UserLevel{}
	}
	if p.Integrations == nil {
		p.Integrations = []Integration{}
	}
	if p.CatalogIDs == nil {
		p.CatalogIDs = []int64{}
	}
	if p.CreatedSystemIDs == nil {
		p.CreatedSystemIDs = []int64{}
	}
	if p.CloudRequestIDs == nil {
		p.CloudRequestIDs = []int64{}
	}
	if p.Responses == nil {
		p.Responses = []ProjectResponse{}
	}
	if p.Functions == nil {
		p.Functions = []string{}
	}
	if p.ComponentIDs == nil {
		p.ComponentIDs = []int64{}
	}
	if p.DupAnswers == nil {
		p.DupAnswers = []DupAnswer{}
	}
	if p.DupVerdicts == nil {
		p.DupVerdicts = []DupVerdict{}
	}
}

// NonNil is nonNil for a project read from the store.
func (p *Project) NonNil() { p.nonNil() }

// ResponseField is the field of the response to a requirement: responses.<clause>.
func ResponseField(clause string) string { return "responses." + clause }

// row is the prefix of the fields of row i of list: "list.i.".
func row(list string, i int) string { return list + "." + strconv.Itoa(i) + "." }

func sortedIDs(ids []int64) []int64 {
	ids = slices.Clone(ids)
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Response is the answer to clause, and whether there is one.
func (p *Project) Response(clause string) (ProjectResponse, bool) {
	i := slices.IndexFunc(p.Responses, func(r ProjectResponse) bool { return r.Clause == clause })
	if i < 0 {
		return ProjectResponse{}, false
	}
	return p.Responses[i], true
}

// ProjectCheck is what the steps read beside the state: the application, the mandatory clauses
// of its guide, the budget of its plan item, and for an approval the budget approved.
type ProjectCheck struct {
	P          *Project
	Mandatory  []string
	PlanBudget int64
	Approved   int64
	// review (BLD-R3, FLOW-2): the expert review of the application and whether the office's
	// governance review opinion is written, read for an approval (app/project_reviews.go).
	Reviews ReviewAggregate
	Opinion bool
	// Dup is the duplicate check of the application as it is submitted (issue 15), read by the
	// service for a submission: every match above the threshold must be answered.
	Dup *DupResult
}

// ReadyToSubmit says, all at once, what an application lacks to be submitted: an answer to
// every mandatory requirement of its guide (FLOW-2), its pre-compiled catalog entries or the
// declaration that it produces no data resource (SHR-R3), a budget, construction content, and
// a budget within its plan item's unless the excess is justified (BLD-P1, BLD-P2).
func (c ProjectCheck) ReadyToSubmit() error {
	p := c.P
	var errs Problems
	for _, cl := range c.Mandatory {
		_, ok := p.Response(cl)
		errs.Check(!ok, ResponseField(cl), "err.project.unanswered", cl)
	}
	// The catalog pre-compiled or declared absent (SHR-R3) is the rules engine's (SHR-R3.pre-compiled-catalog).
	errs.Check(len(p.CatalogIDs) > 0 && p.NoData, "no_data", "err.project.no_data_with_entries", len(p.CatalogIDs))
	errs.Check(p.Total <= 0, "budget", "err.project.no_budget")
	errs.Check(p.Content == "", "content", "err.required")
	errs.Check(len(p.Functions) == 0, "functions", "err.project.no_functions")
	errs.Add(p.Unanswered(c.Dup)) // issue 15: every match above the threshold answered
	errs.Check(p.Total > c.PlanBudget && p.BudgetJustification == "", "budget_justification", "err.project.over_plan",
		fmt.Sprint(p.Total), fmt.Sprint(c.PlanBudget))
	return errs.Err()
}

// readyToApprove checks an approval: a budget approved within the requested total, every
// assigned expert's review submitted (BLD-R3) and the governance review opinion written
// (FLOW-2). Machine-room work (ENV-R1) and the other governance rules are the engine's, at the
// approve gate (app/rules_gates.go).
func (c ProjectCheck) readyToApprove() error {
	var errs Problems
	if !errs.Check(c.Approved <= 0 || c.Approved > c.P.Total, "approved_budget", "err.project.approved_range", fmt.Sprint(c.P.Total)) {
		// issue 15: the office's budget cuts for overlapping function points come off the total.
		cuts := Cuts(c.P.DupVerdicts)
		errs.Check(c.Approved > c.P.Total-cuts, "approved_budget", "err.project.approved_over_cuts",
			fmt.Sprint(c.P.Total-cuts), fmt.Sprint(c.P.Total), fmt.Sprint(cuts))
	}
	// No machine-room work (ENV-R1) is the rules engine's (ENV-R1.no-machine-room-build).
	// review: BLD-R3, FLOW-2
	if !errs.Check(c.Reviews.Assigned == 0, "reviews", "err.project.no_reviewers") {
		errs.Check(!c.Reviews.Complete(), "reviews", "err.project.reviews_pending", c.Reviews.Submitted, c.Reviews.Assigned)
	}
	errs.Check(!c.Opinion, "opinion", "err.project.no_opinion")
	return errs.Err()
}

// ProjectFlow is the application's lifecycle (FLOW-2): the unit submits it, the office accepts
// it for review and approves it, returns it for revision (back to the unit, who edits and
// submits again; the audit trail keeps every round) or rejects it. A return and a rejection
// need the office's comment. Approval registers the new systems 在建 and files the cloud request
// in the same transaction (app/project_effects.go); the task book is a later slice.
var ProjectFlow = &Workflow[ProjectStatus, ProjectAction, SystemActor, ProjectCheck]{
	Name: "project", Title: "nav.projects", Clauses: []string{"FLOW-2", "BLD-P2", "SHR-R3", "ENV-R1"}, States: ProjectStatuses,
	Conflict: "err.project.transition", StateKey: "projstatus.", ActionKey: "projaction.", NoteMax: maxProjectText,
	Steps: []Transition[ProjectStatus, ProjectAction, SystemActor, ProjectCheck]{
		{Action: ProjSubmit, From: []ProjectStatus{ProjDraft, ProjReturned}, To: ProjSubmitted, By: unitOnly,
			Rule:  "every mandatory requirement answered, no catalog entries when declared absent, a budget within the plan item unless justified, its function points named and every match of the duplicate check above the threshold answered (issue 15); then the governance rules enforced at submission (ENV-R1, BLD-P2, SHR-R1, SHR-R3 …)",
			Guard: func(c ProjectCheck, _ string) error { return c.ReadyToSubmit() }},
		{Action: ProjReview, From: []ProjectStatus{ProjSubmitted}, To: ProjUnderReview, By: officeOnly},
		{Action: ProjApprove, From: []ProjectStatus{ProjUnderReview}, To: ProjApproved, By: officeOnly,
			Rule:  "approved budget within the requested less the budget cuts of the duplicate check (issue 15); every assigned expert's review submitted (BLD-R3); the governance review opinion written (FLOW-2); then the governance rules enforced at approval (ENV-R1, ENV-R2 …), their warnings acknowledged",
			Guard: func(c ProjectCheck, _ string) error { return c.readyToApprove() }},
		{Action: ProjReturn, From: []ProjectStatus{ProjSubmitted, ProjUnderReview}, To: ProjReturned, By: officeOnly, Note: "comment"},
		{Action: ProjReject, From: []ProjectStatus{ProjUnderReview}, To: ProjRejected, By: officeOnly, Note: "comment"},
	},
}

// ProjectActions lists the actions in display order.
var ProjectActions = ProjectFlow.Actions()
