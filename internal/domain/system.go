package domain

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// System is one information system in the district's registry (ENV-P1, ENV-P3, BLD-R5).
// For a classified (涉密) system only minimal metadata is kept: code, name, unit,
// classification and status; everything else must stay empty.
type System struct {
	ID             int64          `json:"id"`
	Code           string         `json:"code"`
	Name           string         `json:"name"`
	UnitID         int64          `json:"unit_id"`
	UnitName       string         `json:"unit_name,omitempty"`
	Purpose        string         `json:"purpose"`
	Category       SystemCategory `json:"category"`
	Classification Classification `json:"classification"`
	Hosting        Hosting        `json:"hosting"`
	HostingNote    string         `json:"hosting_note"`      // the machine room or provider; the justification for on-site production (ENV-P3)
	RoomID         int64          `json:"room_id,omitempty"` // the unit's machine room, for hosting unit_room (ENV-P2)
	Network        Network        `json:"network"`
	UserLevels     []UserLevel    `json:"user_levels"` // PTL-R2
	GoLive         time.Time      `json:"go_live,omitzero"`
	LastUpgrade    time.Time      `json:"last_upgrade,omitzero"`
	Vendor         string         `json:"vendor"`
	AnnualCost     string         `json:"annual_cost"` // 万元, a decimal in one spelling (12.5, not 12.50)
	Status         SystemStatus   `json:"status"`
	StatusAt       time.Time      `json:"status_at,omitzero"`       // the day it entered its status (BLD-R5), kept by the service
	ReplacedByID   int64          `json:"replaced_by_id,omitempty"` // for 被替代
	StatusBefore   SystemStatus   `json:"status_before,omitempty"`  // the state a cleanup filing came from
	OfflineDate    time.Time      `json:"offline_date,omitzero"`
	ProjectID      int64          `json:"project_id,omitempty"` // the approved project that registered it 在建 (FLOW-2)
	Version        int64          `json:"version"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`

	// ExchangeChannels (SHR-P1) and BaseData (SHR-R7, SHR-R8): see plan.go.
	ExchangeChannels []ExchangeChannel `json:"exchange_channels"`
	BaseData         []BaseDataUse     `json:"base_data"`

	// CloudExemption is why a system off the cloud need not move onto it (ENV-P1), on the
	// strength of the document named in CloudExemptionBasis; empty: none. On-site production
	// (ENV-P3) is not an exemption kind: it is the hosting onsite, justified in HostingNote.
	CloudExemption      CloudExemption `json:"cloud_exemption"`
	CloudExemptionBasis string         `json:"cloud_exemption_basis"` // the document (name and number) or the justification
}

// SystemCategory is 业务系统 / 门户网站 / 支撑平台 / 基础库 / 其他.
type SystemCategory string

// Classification is 涉密 / 非涉密.
type Classification string

// Hosting is where a system runs (ENV-P1, ENV-P3).
type Hosting string

// Network is the network a system serves on.
type Network string

// CloudExemption is a reason a system off the government cloud may stay where it is (ENV-P1).
type CloudExemption string

// UserLevel is a service level a system serves (PTL-P2, PTL-R2).
type UserLevel string

// SystemStatus is a state of the system lifecycle (BLD-R5).
type SystemStatus string

const (
	CategoryBusiness    SystemCategory = "business"
	CategoryPortal      SystemCategory = "portal"
	CategoryPlatform    SystemCategory = "platform"
	CategoryBaseLibrary SystemCategory = "base_library"
	CategoryOther       SystemCategory = "other"

	Classified   Classification = "classified"
	Unclassified Classification = "unclassified"

	HostingCloud  Hosting = "gov_cloud"
	HostingRoom   Hosting = "unit_room"
	HostingOther  Hosting = "other_hosting"
	HostingOnsite Hosting = "onsite" // ENV-P3: on-site production equipment, with justification

	NetworkExtranet Network = "extranet"
	NetworkInternet Network = "internet"
	NetworkPrivate  Network = "private"

	ExemptNone           CloudExemption = ""                      // no exemption: off the cloud, it must move (ENV-R2)
	ExemptHigherBuilt    CloudExemption = "higher_level_built"    // 上级统建: built and run by the city or province
	ExemptHigherRetained CloudExemption = "higher_level_retained" // 上级要求保留: a higher level orders it kept where it is

	LevelDistrict UserLevel = "district"
	LevelTown     UserLevel = "town"
	LevelVillage  UserLevel = "village"

	StatusUnderConstruction SystemStatus = "under_construction" // 在建: registered when its project is approved (FLOW-2)
	StatusRunning           SystemStatus = "running"
	StatusIdle              SystemStatus = "idle"
	StatusUnmaintained      SystemStatus = "unmaintained"
	StatusSuperseded        SystemStatus = "superseded"
	StatusCleanupFiled      SystemStatus = "cleanup_filed"
	StatusCleanupAccepted   SystemStatus = "cleanup_accepted"
	StatusOffline           SystemStatus = "offline"
)

// systemCodeRe: letters and digits in groups joined by single hyphens (XC-SYS-0001).
var systemCodeRe = regexp.MustCompile(`^[0-9A-Z]+(-[0-9A-Z]+)*$`)

// The enumerations in display order (forms, filters, spreadsheet drop-downs).
var (
	SystemCategories = []SystemCategory{CategoryBusiness, CategoryPortal, CategoryPlatform, CategoryBaseLibrary, CategoryOther}
	Classifications  = []Classification{Unclassified, Classified}
	Hostings         = []Hosting{HostingCloud, HostingRoom, HostingOther, HostingOnsite}
	Networks         = []Network{NetworkExtranet, NetworkInternet, NetworkPrivate}
	CloudExemptions  = []CloudExemption{ExemptHigherBuilt, ExemptHigherRetained} // besides none ("")
	UserLevels       = []UserLevel{LevelDistrict, LevelTown, LevelVillage}
	SystemStatuses   = []SystemStatus{StatusUnderConstruction, StatusRunning, StatusIdle, StatusUnmaintained, StatusSuperseded, StatusCleanupFiled, StatusCleanupAccepted, StatusOffline}
)

// Normalize trims what people paste into forms and spreadsheets.
func (s *System) Normalize() {
	trimSpace(&s.Code, &s.Name, &s.Purpose, &s.HostingNote, &s.Vendor, &s.AnnualCost, &s.CloudExemptionBasis)
	s.Code = strings.ToUpper(s.Code)
	s.AnnualCost = canonicalDecimal(s.AnnualCost)
	slices.Sort(s.UserLevels)
	s.UserLevels = slices.Compact(s.UserLevels)
	s.normalizeSharing()
}

// Validate checks a system's own fields. New systems start running.
func (s *System) Validate() error {
	s.Normalize()
	var errs Problems
	errs.Check(!systemCodeRe.MatchString(s.Code) || len(s.Code) < 2 || len(s.Code) > 30, "code", "err.system.code")
	errs.Check(s.Name == "" || utf8.RuneCountInString(s.Name) > 100, "name", "err.required_len", 100)
	errs.Check(s.UnitID == 0, "unit_id", "err.required")
	errs.Check(!slices.Contains(Classifications, s.Classification), "classification", "err.enum")
	errs.Check(!slices.Contains(SystemStatuses, s.Status), "status", "err.enum")
	if s.Classification == Classified {
		// 涉密 systems: minimal metadata only. What is not kept cannot leak.
		kept := s.Purpose != "" || s.Hosting != "" || s.HostingNote != "" || s.Network != "" || len(s.UserLevels) > 0 ||
			!s.GoLive.IsZero() || !s.LastUpgrade.IsZero() || s.Vendor != "" || s.AnnualCost != "" || s.Category != "" ||
			len(s.ExchangeChannels) > 0 || len(s.BaseData) > 0 || s.CloudExemption != "" || s.CloudExemptionBasis != ""
		errs.Check(kept, "classification", "err.system.classified_minimal")
		return errs.Err()
	}
	errs.Check(s.Category == "", "category", "err.required")
	errs.Check(!slices.Contains(SystemCategories, s.Category), "category", "err.enum")
	errs.Check(s.Hosting == "", "hosting", "err.required")
	errs.Check(!slices.Contains(Hostings, s.Hosting), "hosting", "err.enum")
	errs.Check(s.Hosting == HostingOnsite && s.HostingNote == "", "hosting_note", "err.system.onsite_justification") // ENV-P3
	errs.Check(s.Network == "", "network", "err.required")
	errs.Check(!slices.Contains(Networks, s.Network), "network", "err.enum")
	s.validateExemption(&errs)
	errs.Check(utf8.RuneCountInString(s.Purpose) > 500, "purpose", "err.too_long", 500)
	errs.Check(utf8.RuneCountInString(s.HostingNote) > 200, "hosting_note", "err.too_long", 200)
	errs.Check(utf8.RuneCountInString(s.Vendor) > 100, "vendor", "err.too_long", 100)
	errs.Check(s.AnnualCost != "" && !decimalRe.MatchString(s.AnnualCost), "annual_cost", "err.decimal")
	errs.Check(!s.GoLive.IsZero() && !s.LastUpgrade.IsZero() && s.LastUpgrade.Before(s.GoLive), "last_upgrade", "err.system.upgrade_before_golive")
	for _, l := range s.UserLevels {
		errs.Check(!slices.Contains(UserLevels, l), "user_levels", "err.enum")
	}
	errs.Add(s.validateSharing())
	return errs.Err()
}

// validateExemption checks the exemption from moving to the cloud (ENV-P1): a known kind with
// the document that grants it, only for a system neither on the cloud nor on-site production
// (ENV-P3), which need none; and no basis without an exemption.
func (s *System) validateExemption(errs *Problems) {
	if s.CloudExemption == ExemptNone {
		errs.Check(s.CloudExemptionBasis != "", "cloud_exemption_basis", "err.system.exemption_basis_unused")
		return
	}
	if errs.Check(!slices.Contains(CloudExemptions, s.CloudExemption), "cloud_exemption", "err.enum") {
		return
	}
	errs.Check(s.Hosting == HostingCloud || s.Hosting == HostingOnsite, "cloud_exemption", "err.system.exemption_hosting")
	errs.Check(s.CloudExemptionBasis == "", "cloud_exemption_basis", "err.system.exemption_basis")
	errs.Check(utf8.RuneCountInString(s.CloudExemptionBasis) > 200, "cloud_exemption_basis", "err.too_long", 200)
}

// CloudNetwork reports whether the system serves on a network ENV-P1 covers. The rules apply to
// "部署于我区电子政务外网的政务信息系统" (seed 一、适用范围), and ENV-P1 (二（一）基本原则1) moves
// "所有非涉密政务信息系统" onto the district cloud. We read the extranet as the 电子政务外网 with
// its 互联网接入区: the district's internet-facing systems (portals, public services) are
// published through it, the district cloud has an internet zone for them (the demo's portals
// run there; the migration plans of XC-SYS-0054 and XC-SYS-0066 target it), and the machine
// rooms they sit in close under ENV-P2 like any other, so they must move too. A 部门专网 (a
// department's own network, mostly a city or province vertical one: 人社, 医保, 司法行政, 公安
// 视频, 教育城域网) is a network apart, which the district cloud does not reach and these rules
// do not govern.
func (s *System) CloudNetwork() bool {
	return s.Network == NetworkExtranet || s.Network == NetworkInternet
}

// SystemAction is a step of the lifecycle.
type SystemAction string

const (
	SysGoLive           SystemAction = "go_live" // 投入运行: a system under construction goes into operation
	SysMarkIdle         SystemAction = "mark_idle"
	SysMarkUnmaintained SystemAction = "mark_unmaintained"
	SysMarkSuperseded   SystemAction = "mark_superseded" // needs the replacing system
	SysResume           SystemAction = "resume"
	SysFileCleanup      SystemAction = "file_cleanup"   // 清理备案 (BLD-R5), the unit's 责任人
	SysAcceptCleanup    SystemAction = "accept_cleanup" // the info office accepts the filing
	SysReturnCleanup    SystemAction = "return_cleanup" // ... or returns it
	SysTakeOffline      SystemAction = "take_offline"   // 下线, after the filing was accepted
)

// SystemActions lists the actions in display order.
var SystemActions = SystemFlow.Actions()

// SystemActor is who may take a lifecycle step: the unit that owns the record, or the info
// office. The registers the units keep (rooms, sites, plans, catalog, cloud) share it.
type SystemActor string

const (
	ByUnit   SystemActor = "unit"      // the owning unit's 责任人 or 联系人
	ByHead   SystemActor = "unit_head" // the owning unit's 责任人 only
	ByOffice SystemActor = "office"    // 区信息办
)

// Who takes the steps of most workflows.
var unitOnly, officeOnly, unitOrOffice = []SystemActor{ByUnit}, []SystemActor{ByOffice}, []SystemActor{ByUnit, ByOffice}

// SystemFlow is the lifecycle (BLD-R5). A system registered by an approved project starts under
// construction (在建, FLOW-2) and goes live into the state a newly registered system starts in
// (running); one whose construction is abandoned is filed for cleanup from there. Returning a
// cleanup filing leads back to the state it was filed from (idle when unknown).
var SystemFlow = &Workflow[SystemStatus, SystemAction, SystemActor, *System]{
	Name: "system", Title: "nav.systems", Clauses: []string{"BLD-R5"}, States: SystemStatuses,
	Conflict: "err.system.transition", StateKey: "status.", ActionKey: "sysaction.",
	Back: func(s *System) SystemStatus { return cmp.Or(s.StatusBefore, StatusIdle) },
	Steps: []Transition[SystemStatus, SystemAction, SystemActor, *System]{
		{Action: SysGoLive, From: []SystemStatus{StatusUnderConstruction}, To: StatusRunning, By: unitOrOffice},
		{Action: SysMarkIdle, From: []SystemStatus{StatusRunning}, To: StatusIdle, By: unitOrOffice},
		{Action: SysMarkUnmaintained, From: []SystemStatus{StatusRunning, StatusIdle}, To: StatusUnmaintained, By: unitOrOffice},
		{Action: SysMarkSuperseded, From: []SystemStatus{StatusRunning, StatusIdle, StatusUnmaintained}, To: StatusSuperseded, By: unitOrOffice},
		{Action: SysResume, From: []SystemStatus{StatusIdle, StatusUnmaintained, StatusSuperseded}, To: StatusRunning, By: unitOrOffice},
		{Action: SysFileCleanup, From: []SystemStatus{StatusUnderConstruction, StatusIdle, StatusUnmaintained, StatusSuperseded}, To: StatusCleanupFiled, By: []SystemActor{ByHead}},
		{Action: SysAcceptCleanup, From: []SystemStatus{StatusCleanupFiled}, To: StatusCleanupAccepted, By: officeOnly},
		{Action: SysReturnCleanup, From: []SystemStatus{StatusCleanupFiled}, By: officeOnly},
		{Action: SysTakeOffline, From: []SystemStatus{StatusCleanupAccepted}, To: StatusOffline, By: unitOrOffice},
	},
}

// InService reports whether the system still serves: not accepted for cleanup, not offline.
func (s *System) InService() bool {
	return s.Status != StatusOffline && s.Status != StatusCleanupAccepted
}

// canonicalDecimal writes a decimal one way ("12.50" and "12.5" are the same cost), so that an
// exported spreadsheet, where Excel keeps numbers as numbers, re-imports as unchanged. Text that
// is not a decimal is left for Validate to refuse.
func canonicalDecimal(s string) string {
	if !decimalRe.MatchString(s) {
		return s
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole = strings.TrimLeft(whole, "0"); whole == "" {
		whole = "0"
	}
	if frac = strings.TrimRight(frac, "0"); frac == "" {
		return whole
	}
	return whole + "." + frac
}
