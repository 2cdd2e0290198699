package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// PlanNode is the project node a plan rides on (ENV-R2, SHR-R8): the system's next upgrade,
// renovation, continuation or O&M project.
type PlanNode string

const (
	NodeUpgrade      PlanNode = "upgrade"      // 升级
	NodeRenovation   PlanNode = "renovation"   // 改造
	NodeContinuation PlanNode = "continuation" // 续建
	NodeOM           PlanNode = "om"           // 运维
)

// Difficulty is the unit's assessment of a migration (ENV-R2).
type Difficulty string

const (
	DifficultyLow    Difficulty = "low"
	DifficultyMedium Difficulty = "medium"
	DifficultyHigh   Difficulty = "high"
)

// PlanStatus is a state of a migration or docking plan.
type PlanStatus string

const (
	PlanPlanned    PlanStatus = "planned"
	PlanInProgress PlanStatus = "in_progress"
	PlanMigrated   PlanStatus = "migrated" // migration plans: the system is on the government cloud
	PlanDocked     PlanStatus = "docked"   // docking plans: the system takes its data from the library
	PlanCancelled  PlanStatus = "cancelled"
)

// PlanAction is a step of a plan's lifecycle.
type PlanAction string

const (
	PlanStart    PlanAction = "start"    // planned → in progress
	PlanBack     PlanAction = "back"     // in progress → planned
	PlanComplete PlanAction = "complete" // in progress → migrated / docked
	PlanCancel   PlanAction = "cancel"   // planned or in progress → cancelled
	PlanReopen   PlanAction = "reopen"   // cancelled → planned
)

// The enumerations in display order.
var (
	PlanNodes    = []PlanNode{NodeUpgrade, NodeRenovation, NodeContinuation, NodeOM}
	Difficulties = []Difficulty{DifficultyLow, DifficultyMedium, DifficultyHigh}
	PlanActions  = MigrationPlanFlow.Actions()
	// MigrationStatuses and DockingStatuses list each kind's states.
	MigrationStatuses = []PlanStatus{PlanPlanned, PlanInProgress, PlanMigrated, PlanCancelled}
	DockingStatuses   = []PlanStatus{PlanPlanned, PlanInProgress, PlanDocked, PlanCancelled}
	PlanStatuses      = []PlanStatus{PlanPlanned, PlanInProgress, PlanMigrated, PlanDocked, PlanCancelled}
)

// Open reports whether a plan still has work to do.
func (s PlanStatus) Open() bool { return s == PlanPlanned || s == PlanInProgress }

// MigrationPlan is the plan to move an off-cloud system onto the government cloud (ENV-R2):
// one per system. Marking it migrated moves the system to the cloud.
type MigrationPlan struct {
	ID                int64      `json:"id"`
	SystemID          int64      `json:"system_id"`
	SystemCode        string     `json:"system_code,omitempty"`
	SystemName        string     `json:"system_name,omitempty"`
	UnitID            int64      `json:"unit_id"`
	UnitName          string     `json:"unit_name,omitempty"`
	Difficulty        Difficulty `json:"difficulty"`
	DifficultyReasons string     `json:"difficulty_reasons"` // required for 中 and 高
	TargetResources   string     `json:"target_resources"`   // what the system will use on the cloud
	Node              PlanNode   `json:"node"`
	PlannedDate       time.Time  `json:"planned_date"`
	Status            PlanStatus `json:"status"`
	Evidence          string     `json:"evidence"` // what shows the migration happened (files: the attachments module)
	DoneDate          time.Time  `json:"done_date,omitzero"`
	Version           int64      `json:"version"`
	CreatedAt         time.Time  `json:"created_at"`
	UpdatedAt         time.Time  `json:"updated_at"`
}

// Normalize trims what people paste into forms.
func (p *MigrationPlan) Normalize() {
	trimSpace(&p.DifficultyReasons, &p.TargetResources, &p.Evidence)
}

// Validate checks a migration plan's own fields.
func (p *MigrationPlan) Validate() error {
	p.Normalize()
	switch {
	case p.SystemID == 0:
		return Invalid("system_id", "err.required")
	case p.Difficulty == "":
		return Invalid("difficulty", "err.required")
	case !slices.Contains(Difficulties, p.Difficulty):
		return Invalid("difficulty", "err.enum")
	case p.Difficulty != DifficultyLow && p.DifficultyReasons == "":
		return Invalid("difficulty_reasons", "err.plan.reasons_required") // ENV-R2
	case utf8.RuneCountInString(p.DifficultyReasons) > 1000:
		return Invalid("difficulty_reasons", "err.too_long", 1000)
	case p.TargetResources == "":
		return Invalid("target_resources", "err.required")
	case utf8.RuneCountInString(p.TargetResources) > 500:
		return Invalid("target_resources", "err.too_long", 500)
	case p.Node == "":
		return Invalid("node", "err.required")
	case !slices.Contains(PlanNodes, p.Node):
		return Invalid("node", "err.enum")
	case p.PlannedDate.IsZero():
		return Invalid("planned_date", "err.required")
	case !slices.Contains(MigrationStatuses, p.Status):
		return Invalid("status", "err.enum")
	case utf8.RuneCountInString(p.Evidence) > 1000:
		return Invalid("evidence", "err.too_long", 1000)
	}
	return nil
}

// DockingPlan is the plan to dock an existing system that uses base data onto the base
// library (SHR-R8). A system may have any number, but at most one open per library.
type DockingPlan struct {
	ID         int64       `json:"id"`
	SystemID   int64       `json:"system_id"`
	SystemCode string      `json:"system_code,omitempty"`
	SystemName string      `json:"system_name,omitempty"`
	UnitID     int64       `json:"unit_id"`
	UnitName   string      `json:"unit_name,omitempty"`
	Library    BaseLibrary `json:"library"`
	// StandardID is the published version of the library's interface standard (or an access
	// procedure) the system will follow (ORG-5, SHR-R7); the standard's name, edition and state
	// are read with the plan. InterfaceVersion is the standard's name and edition as they were
	// when the plan named it, or, for a plan made before standards were published (migration
	// 0040), the text the unit typed then, kept readable.
	StandardID       int64          `json:"standard_id,omitempty"`
	StandardName     string         `json:"standard_name,omitempty"`
	StandardEdition  string         `json:"standard_edition,omitempty"`
	StandardStatus   StandardStatus `json:"standard_status,omitempty"`
	InterfaceVersion string         `json:"interface_version"`
	Node             PlanNode       `json:"node"`
	PlannedDate      time.Time      `json:"planned_date"`
	Status           PlanStatus     `json:"status"`
	Note             string         `json:"note"`
	DoneDate         time.Time      `json:"done_date,omitzero"`
	Version          int64          `json:"version"`
	CreatedAt        time.Time      `json:"created_at"`
	UpdatedAt        time.Time      `json:"updated_at"`
}

// Normalize trims what people paste into forms.
func (p *DockingPlan) Normalize() {
	trimSpace(&p.InterfaceVersion, &p.Note)
}

// Validate checks a docking plan's own fields.
func (p *DockingPlan) Validate() error {
	p.Normalize()
	switch {
	case p.SystemID == 0:
		return Invalid("system_id", "err.required")
	case p.Library == "":
		return Invalid("library", "err.required")
	case !p.Library.Valid():
		return Invalid("library", "err.enum")
	case p.StandardID == 0 && p.InterfaceVersion == "":
		return Invalid("standard_id", "err.required") // ORG-5: a published standard version
	case utf8.RuneCountInString(p.InterfaceVersion) > 100:
		return Invalid("interface_version", "err.too_long", 100)
	case p.Node == "":
		return Invalid("node", "err.required")
	case !slices.Contains(PlanNodes, p.Node):
		return Invalid("node", "err.enum")
	case p.PlannedDate.IsZero():
		return Invalid("planned_date", "err.required")
	case !slices.Contains(DockingStatuses, p.Status):
		return Invalid("status", "err.enum")
	case utf8.RuneCountInString(p.Note) > 1000:
		return Invalid("note", "err.too_long", 1000)
	}
	return nil
}

// MigrationPlanFlow (ENV-R2) and DockingPlanFlow (SHR-R8) are the lifecycles of the two kinds
// of plan, alike but for their done state.
var (
	MigrationPlanFlow = planFlow("migration_plan", "plans.migration", "ENV-R2", MigrationStatuses, PlanMigrated)
	DockingPlanFlow   = planFlow("docking_plan", "plans.docking", "SHR-R8", DockingStatuses, PlanDocked)
)

// planFlow is a plan's lifecycle. The owning unit and the info office keep plans as they keep
// the system. Done (migrated, docked) is final: the system has moved, and undoing that is a
// system edit, not a plan step. A system out of service can only have its plans cancelled, and a
// cancellation needs its reason.
func planFlow(name, title, clause string, states []PlanStatus, done PlanStatus) *Workflow[PlanStatus, PlanAction, SystemActor, *System] {
	const rule = "the system is in service"
	inService := func(sys *System, _ string) error {
		if !sys.InService() {
			return Errorf(EUnprocessable, "err.plan.system_out_of_service")
		}
		return nil
	}
	return &Workflow[PlanStatus, PlanAction, SystemActor, *System]{
		Name: name, Title: title, Clauses: []string{clause}, States: states,
		Conflict: "err.plan.transition", StateKey: "planstatus.", ActionKey: "planaction.", NoteKey: "err.plan.cancel_reason",
		Steps: []Transition[PlanStatus, PlanAction, SystemActor, *System]{
			{Action: PlanStart, From: []PlanStatus{PlanPlanned}, To: PlanInProgress, By: unitOrOffice, Guard: inService, Rule: rule},
			{Action: PlanBack, From: []PlanStatus{PlanInProgress}, To: PlanPlanned, By: unitOrOffice, Guard: inService, Rule: rule},
			{Action: PlanComplete, From: []PlanStatus{PlanInProgress}, To: done, By: unitOrOffice, Guard: inService, Rule: rule},
			{Action: PlanCancel, From: []PlanStatus{PlanPlanned, PlanInProgress}, To: PlanCancelled, By: unitOrOffice, Note: "note"},
			{Action: PlanReopen, From: []PlanStatus{PlanCancelled}, To: PlanPlanned, By: unitOrOffice, Guard: inService, Rule: rule},
		},
	}
}

// BaseLibrary is one of the district's base libraries (SHR-P2, SHR-R7): the stable code of a
// row of the base_libraries table. The office adds libraries (issue 4), so the domain checks
// only a code's form (Valid); whether a library with that code exists, and is still in use, is
// the app layer's check against the table inside the transaction.
type BaseLibrary string

var libraryCode = regexp.MustCompile(`^[a-z][a-z0-9_]{1,31}$`)

// Valid reports whether l has the form of a library code: lowercase, a letter first, 2 to 32
// letters, digits and underscores.
func (l BaseLibrary) Valid() bool { return libraryCode.MatchString(string(l)) }

// CompareLibraries orders library codes: the five seeded libraries in their display order,
// then the libraries the office added, by code.
func CompareLibraries(a, b BaseLibrary) int {
	rank := func(l BaseLibrary) int {
		if i := slices.Index(BaseLibraries, l); i >= 0 {
			return i
		}
		return len(BaseLibraries)
	}
	if c := rank(a) - rank(b); c != 0 {
		return c
	}
	return strings.Compare(string(a), string(b))
}

const (
	LibPopulation  BaseLibrary = "population"   // 人口库
	LibLegalPerson BaseLibrary = "legal_person" // 法人库
	LibGeo         BaseLibrary = "geo"          // 空间地理库
	LibCredit      BaseLibrary = "credit"       // 社会信用库
	LibLicense     BaseLibrary = "license"      // 电子证照库
)

// DockingState says how a system gets the base data it uses (SHR-R7, SHR-R8).
type DockingState string

const (
	DockDocked  DockingState = "docked"   // 已对接基础库
	DockOwnCopy DockingState = "own_copy" // 自建副本
	DockNone    DockingState = "none"     // 未对接
)

// ExchangeChannel is how a system exchanges data with other departments (SHR-P1).
type ExchangeChannel string

const (
	ExchangePlatform ExchangeChannel = "platform" // 区数据交换平台
	ExchangeDirect   ExchangeChannel = "direct"   // 点对点直连
	ExchangeOther    ExchangeChannel = "other"
)

// The enumerations in display order.
var (
	// BaseLibraries are the five libraries seeded by migration 0014; the office may add more
	// (the base_libraries table is the list).
	BaseLibraries    = []BaseLibrary{LibPopulation, LibLegalPerson, LibGeo, LibCredit, LibLicense}
	DockingStates    = []DockingState{DockDocked, DockOwnCopy, DockNone}
	ExchangeChannels = []ExchangeChannel{ExchangePlatform, ExchangeDirect, ExchangeOther}
)

// BaseDataUse is one base library a system uses and how it gets the data.
type BaseDataUse struct {
	Library BaseLibrary  `json:"library"`
	State   DockingState `json:"state"`
}

// normalizeSharing puts a system's exchange channels and base data in one order (library
// display order), so that an edit or a re-import that changes nothing compares equal.
func (s *System) normalizeSharing() {
	slices.SortFunc(s.ExchangeChannels, func(a, b ExchangeChannel) int {
		return slices.Index(ExchangeChannels, a) - slices.Index(ExchangeChannels, b)
	})
	s.ExchangeChannels = slices.Compact(s.ExchangeChannels)
	slices.SortStableFunc(s.BaseData, func(a, b BaseDataUse) int { return CompareLibraries(a.Library, b.Library) })
}

// validateSharing checks the exchange channels and base data of a non-classified system.
func (s *System) validateSharing() error {
	for _, c := range s.ExchangeChannels {
		if !slices.Contains(ExchangeChannels, c) {
			return Invalid("exchange_channels", "err.enum")
		}
	}
	for i, u := range s.BaseData {
		switch {
		case !u.Library.Valid():
			return Invalid("base_data", "err.enum")
		case !slices.Contains(DockingStates, u.State):
			return Invalid("base_data", "err.enum")
		case i > 0 && s.BaseData[i-1].Library == u.Library:
			return Invalid("base_data", "err.system.base_data_twice")
		}
	}
	return nil
}

// BaseDataState returns how the system gets the library's data; "" when it does not use it.
func (s *System) BaseDataState(l BaseLibrary) DockingState {
	for _, u := range s.BaseData {
		if u.Library == l {
			return u.State
		}
	}
	return ""
}

// SetBaseDataState records how the system gets the library's data ("" removes the library).
func (s *System) SetBaseDataState(l BaseLibrary, st DockingState) {
	out := make([]BaseDataUse, 0, len(s.BaseData)+1)
	for _, u := range s.BaseData {
		if u.Library != l {
			out = append(out, u)
		}
	}
	if st != "" {
		out = append(out, BaseDataUse{Library: l, State: st})
	}
	s.BaseData = out
	s.normalizeSharing()
}

// PlanKind tells migration plans from docking plans in the combined list.
type PlanKind string

const (
	PlanKindMigration PlanKind = "migration"
	PlanKindDocking   PlanKind = "docking"
)

// PlanKinds lists the kinds in display order.
var PlanKinds = []PlanKind{PlanKindMigration, PlanKindDocking}

// PlanItem is one row of the combined plan list: a migration or a docking plan with its system.
type PlanItem struct {
	Kind        PlanKind   `json:"kind"`
	ID          int64      `json:"id"`
	SystemID    int64      `json:"system_id"`
	SystemCode  string     `json:"system_code"`
	SystemName  string     `json:"system_name"`
	UnitID      int64      `json:"unit_id"`
	UnitName    string     `json:"unit_name"`
	Status      PlanStatus `json:"status"`
	Node        PlanNode   `json:"node"`
	PlannedDate time.Time  `json:"planned_date"`
	Detail      string     `json:"detail"` // the difficulty of a migration plan, the library of a docking plan
	DoneDate    time.Time  `json:"done_date,omitzero"`
	// Overdue: the system has a live finding of the plan kind's lateness rule (ENV-R2 for a
	// migration, SHR-R8 for a docking plan: domain.RuleMigrationLate, RuleDockingLate).
	Overdue bool `json:"overdue"`
}
