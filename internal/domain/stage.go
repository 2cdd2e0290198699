package domain

import (
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// ProjectStage is where a project stands after its task book is issued (FLOW-4): 招标 bidding,
// 详细设计 detailed design, 实施 implementation, 验收申请 the acceptance application, 已验收
// accepted, 运行 in operation. A project has none ("") before its task book.
type ProjectStage string

// StageAction is a step between stages.
type StageAction string

const (
	StageBidding        ProjectStage = "bidding"
	StageDesign         ProjectStage = "design"
	StageImplementation ProjectStage = "implementation"
	StageAcceptance     ProjectStage = "acceptance"
	StageAccepted       ProjectStage = "accepted"
	StageOperation      ProjectStage = "operation"

	StageFinishBidding    StageAction = "finish_bidding"    // the office confirms the bidding: on to design
	StageFinishDesign     StageAction = "finish_design"     // the office confirms the design: on to implementation
	StageApplyAcceptance  StageAction = "apply_acceptance"  // the unit applies for acceptance (验收申请)
	StageAccept           StageAction = "accept"            // the office accepts the project (验收通过)
	StageReturnAcceptance StageAction = "return_acceptance" // the office sends the application back to implementation
	StageStartOperation   StageAction = "start_operation"   // the accepted project goes into operation
)

// ProjectStages lists the stages in order.
var ProjectStages = []ProjectStage{StageBidding, StageDesign, StageImplementation, StageAcceptance, StageAccepted, StageOperation}

// MaterialStages are the stages at which the unit submits materials (FLOW-4: the random spot
// checks look at bidding, detailed design and acceptance).
var MaterialStages = []ProjectStage{StageBidding, StageDesign, StageAcceptance}

// TakesMaterials reports whether the unit submits materials at s.
func (s ProjectStage) TakesMaterials() bool { return slices.Contains(MaterialStages, s) }

// StageMaterials is what the unit submits at a stage (FLOW-4): a response to each requirement
// its task book carries — 符合; 部分符合 with the plan; 不适用 with the reason, as the
// application answered — and a note; the evidence files are attachments of the project's
// stage (entity "project_stage", purpose the stage). One per project and stage; submitting
// again replaces it (the audit trail keeps every submission).
type StageMaterials struct {
	ID          int64             `json:"id"`
	ProjectID   int64             `json:"project_id"`
	UnitID      int64             `json:"unit_id"`
	Stage       ProjectStage      `json:"stage"`
	Responses   []ProjectResponse `json:"responses"`
	Note        string            `json:"note"`
	SubmittedAt time.Time         `json:"submitted_at,omitzero"`
	SubmittedBy string            `json:"submitted_by"`
	Version     int64             `json:"version"`
	CreatedAt   time.Time         `json:"created_at"`
	UpdatedAt   time.Time         `json:"updated_at"`
}

// Check validates the materials against the task book's requirements, every problem at once: a
// response to each requirement (responses.<clause>), none to a clause it does not carry, a plan
// with 部分符合 and a reason with 不适用.
func (m *StageMaterials) Check(reqs []TaskRequirement) error {
	trimSpace(&m.Note)
	var errs Problems
	errs.Check(utf8.RuneCountInString(m.Note) > maxProjectText, "note", "err.too_long", maxProjectText)
	seen := map[string]bool{}
	for i := range m.Responses {
		r := &m.Responses[i]
		trimSpace(&r.Clause, &r.Text)
		known := slices.ContainsFunc(reqs, func(t TaskRequirement) bool { return t.Clause == r.Clause })
		if errs.Check(!known || seen[r.Clause], row("responses", i)+"clause", "err.stage.clause", r.Clause) {
			continue
		}
		seen[r.Clause] = true
		f := ResponseField(r.Clause)
		switch r.Answer {
		case AnswerComply:
		case AnswerPartial:
			errs.Check(r.Text == "", f, "err.project.partial_plan")
		case AnswerNA:
			errs.Check(r.Text == "", f, "err.project.na_reason")
		default:
			errs.Check(true, f, "err.enum")
		}
		errs.Check(utf8.RuneCountInString(r.Text) > maxProjectText, f, "err.too_long", maxProjectText)
	}
	for _, t := range reqs {
		errs.Check(!seen[t.Clause], ResponseField(t.Clause), "err.project.unanswered", t.Clause)
	}
	slices.SortFunc(m.Responses, func(a, b ProjectResponse) int {
		return slices.IndexFunc(reqs, func(t TaskRequirement) bool { return t.Clause == a.Clause }) -
			slices.IndexFunc(reqs, func(t TaskRequirement) bool { return t.Clause == b.Clause })
	})
	if m.Responses == nil {
		m.Responses = []ProjectResponse{}
	}
	return errs.Err()
}

// Response is the response to clause, and whether there is one.
func (m *StageMaterials) Response(clause string) (ProjectResponse, bool) {
	if m == nil {
		return ProjectResponse{}, false
	}
	i := slices.IndexFunc(m.Responses, func(r ProjectResponse) bool { return r.Clause == clause })
	if i < 0 {
		return ProjectResponse{}, false
	}
	return m.Responses[i], true
}

// StageCheck is what the stage steps read beside the stage: the task book's requirements, the
// materials submitted at the current stage (nil: none) and the number of its evidence files,
// and for the acceptance the state of what the project brought (SHR-R4, FLOW-2, ENV-R1, BLD-R4).
type StageCheck struct {
	Stage        ProjectStage
	Requirements []TaskRequirement
	Materials    *StageMaterials
	Files        int
	// acceptance gates
	Catalog   []*CatalogEntry // the project's pre-compiled catalog entries (not withdrawn)
	Systems   []*System       // the systems its approval registered
	Cloud     []*CloudRequest // the cloud requests its approval filed
	Actuals   bool            // actuals recorded on the task book
	Replaced  []*System       // the systems the application says it replaces (BLD-P3)
	Replacing int64           // the system that replaces them (0: none)
}

// materialsReady names what the current stage's materials lack: the materials themselves, or
// a response to a requirement (materials.<stage>.responses.<clause>), or an evidence file
// (materials.<stage>.files).
func (c StageCheck) materialsReady(errs *Problems) {
	f := "materials." + string(c.Stage)
	if errs.Check(c.Materials == nil, f, "err.stage.no_materials", "stage."+string(c.Stage)) {
		errs.Check(c.Files == 0, f+".files", "err.stage.no_files", "stage."+string(c.Stage))
		return
	}
	for _, t := range c.Requirements {
		_, ok := c.Materials.Response(t.Clause)
		errs.Check(!ok, f+"."+ResponseField(t.Clause), "err.project.unanswered", t.Clause)
	}
	errs.Check(c.Files == 0, f+".files", "err.stage.no_files", "stage."+string(c.Stage))
}

// ReadyToMove says what the current stage's materials lack to move on from it.
func (c StageCheck) ReadyToMove() error {
	var errs Problems
	c.materialsReady(&errs)
	return errs.Err()
}

// ReadyToAccept says, all at once, what the project lacks to be accepted: the acceptance
// materials; each pre-compiled catalog entry registered and published (SHR-R4); each system it
// registered filled in for service (SystemGaps); each of its cloud requests settled (not a
// draft, not awaiting a decision); its actuals recorded on the task book (BLD-R4); and, when
// it replaces systems (BLD-P3), a system of its own to name as their replacement.
func (c StageCheck) ReadyToAccept() error {
	var errs Problems
	c.materialsReady(&errs)
	// Each catalog entry registered and published (SHR-R4) is the rules engine's (SHR-R4.catalog-published).
	for _, s := range c.Systems {
		if s.Status != StatusUnderConstruction {
			continue
		}
		if gaps := SystemGaps(s); len(gaps) > 0 {
			errs.Check(true, "gates.systems."+strconv.FormatInt(s.ID, 10), "err.stage.system_gaps", s.Name, gaps)
		}
	}
	for _, r := range c.Cloud {
		errs.Check(r.Status == CloudDraft || r.Status == CloudSubmitted, "gates.cloud."+strconv.FormatInt(r.ID, 10),
			"err.stage.cloud_unsettled", r.ID, "cloudstatus."+string(r.Status))
	}
	errs.Check(!c.Actuals, "gates.actuals", "err.stage.no_actuals")
	errs.Check(len(c.Replaced) > 0 && c.Replacing == 0, "gates.replacement", "err.stage.no_replacement")
	return errs.Err()
}

// SystemGaps lists the registry fields a system registered 在建 must have before it goes into
// service with its project's acceptance: its purpose, its vendor (承建单位) and the user levels
// it serves. A 涉密 system keeps minimal metadata (none of them).
func SystemGaps(s *System) []string {
	if s.Classification == Classified {
		return nil
	}
	var out []string
	if s.Purpose == "" {
		out = append(out, "purpose")
	}
	if s.Vendor == "" {
		out = append(out, "vendor")
	}
	if len(s.UserLevels) == 0 {
		out = append(out, "user_levels")
	}
	return out
}

// StageFlow is a project's course after its task book (FLOW-4, BLD-R5, SHR-R4): the unit
// reports — it submits the materials of bidding, design and acceptance and applies for
// acceptance — and the office supervises — it confirms each move on, accepts or sends the
// application back. Moving on from a stage with materials needs them; acceptance needs the
// gates of ReadyToAccept and puts the project's 在建 systems into service and the systems it
// replaces to 被替代 in the same transaction (app/stages.go).
var StageFlow = &Workflow[ProjectStage, StageAction, SystemActor, StageCheck]{
	Name: "stage", Title: "stage.title", Clauses: []string{"FLOW-4", "BLD-R5", "SHR-R4"}, States: ProjectStages,
	Conflict: "err.stage.transition", StateKey: "stage.", ActionKey: "stageaction.", NoteMax: maxProjectText,
	Steps: []Transition[ProjectStage, StageAction, SystemActor, StageCheck]{
		{Action: StageFinishBidding, From: []ProjectStage{StageBidding}, To: StageDesign, By: officeOnly,
			Rule: "the bidding materials: a response to each requirement of the task book and an evidence file", Guard: stageReady},
		{Action: StageFinishDesign, From: []ProjectStage{StageDesign}, To: StageImplementation, By: officeOnly,
			Rule: "the design materials: a response to each requirement of the task book and an evidence file", Guard: stageReady},
		{Action: StageApplyAcceptance, From: []ProjectStage{StageImplementation}, To: StageAcceptance, By: unitOnly},
		{Action: StageAccept, From: []ProjectStage{StageAcceptance}, To: StageAccepted, By: officeOnly,
			Rule:  "the acceptance materials; new systems filled in; cloud requests settled; actuals recorded (BLD-R4); then the governance rules enforced at acceptance (SHR-R4: catalog entries published)",
			Guard: func(c StageCheck, _ string) error { return c.ReadyToAccept() }},
		{Action: StageReturnAcceptance, From: []ProjectStage{StageAcceptance}, To: StageImplementation, By: officeOnly, Note: "comment"},
		{Action: StageStartOperation, From: []ProjectStage{StageAccepted}, To: StageOperation, By: unitOrOffice},
	},
}

func stageReady(c StageCheck, _ string) error { return c.ReadyToMove() }

// StageActions lists the stage actions in display order.
var StageActions = StageFlow.Actions()
