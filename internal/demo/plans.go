package demo

import (
	"context"
	"fmt"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func init() {
	loaders = append(loaders, loader{order: 50, name: "plans", load: LoadPlans})
}

// Sharing is a demo system's exchange channels (SHR-P1) and base data (SHR-R7).
type Sharing struct {
	Channels []domain.ExchangeChannel
	BaseData []domain.BaseDataUse
}

var (
	shPlatform = []domain.ExchangeChannel{domain.ExchangePlatform}
	shDirect   = []domain.ExchangeChannel{domain.ExchangeDirect}
	shBoth     = []domain.ExchangeChannel{domain.ExchangePlatform, domain.ExchangeDirect}
	shOther    = []domain.ExchangeChannel{domain.ExchangeOther}
)

func baseUses(kv ...string) []domain.BaseDataUse {
	var out []domain.BaseDataUse
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, domain.BaseDataUse{Library: domain.BaseLibrary(kv[i]), State: domain.DockingState(kv[i+1])})
	}
	return out
}

// SystemSharing gives the demo systems that exchange data or use base data their channels
// and libraries: the platform-era systems docked, older ones keeping their own copies or
// exchanging point to point (SHR-P1, SHR-R7), which is what the docking plans address.
var SystemSharing = map[string]Sharing{
	"XC-SYS-0002": {Channels: shPlatform},
	"XC-SYS-0003": {shPlatform, baseUses("population", "docked", "legal_person", "docked")},
	"XC-SYS-0004": {shPlatform, baseUses("population", "docked", "geo", "docked")},
	"XC-SYS-0010": {shPlatform, baseUses("legal_person", "docked", "credit", "docked")},
	"XC-SYS-0011": {shBoth, baseUses("legal_person", "docked")},
	"XC-SYS-0019": {shPlatform, baseUses("population", "own_copy")},
	"XC-SYS-0020": {shPlatform, baseUses("population", "docked", "geo", "own_copy")},
	"XC-SYS-0027": {shDirect, baseUses("population", "own_copy", "geo", "none")},
	"XC-SYS-0032": {shPlatform, baseUses("population", "docked", "credit", "none")},
	"XC-SYS-0033": {shDirect, baseUses("population", "own_copy")},
	"XC-SYS-0038": {shPlatform, baseUses("legal_person", "docked")},
	"XC-SYS-0039": {shDirect, baseUses("legal_person", "own_copy")},
	"XC-SYS-0042": {shPlatform, baseUses("population", "docked", "legal_person", "docked")},
	"XC-SYS-0043": {shDirect, baseUses("population", "docked")}, // 市人社局统建: docked to the population library through the city's platform
	"XC-SYS-0045": {[]domain.ExchangeChannel{domain.ExchangeDirect, domain.ExchangeOther}, baseUses("population", "own_copy", "legal_person", "none", "geo", "own_copy")},
	"XC-SYS-0048": {shPlatform, baseUses("legal_person", "own_copy", "geo", "docked")},
	"XC-SYS-0051": {shPlatform, baseUses("legal_person", "none")},
	"XC-SYS-0052": {shDirect, baseUses("population", "own_copy", "legal_person", "own_copy")},
	"XC-SYS-0058": {shOther, baseUses("geo", "own_copy")},
	"XC-SYS-0063": {shPlatform, baseUses("legal_person", "none")},
	"XC-SYS-0069": {shPlatform, baseUses("population", "docked")},
	"XC-SYS-0071": {shDirect, baseUses("population", "own_copy")},
	"XC-SYS-0072": {shPlatform, baseUses("population", "docked", "license", "none")},
	"XC-SYS-0075": {shPlatform, baseUses("population", "own_copy")},
	"XC-SYS-0076": {shDirect, baseUses("population", "none", "geo", "own_copy")},
	"XC-SYS-0078": {shPlatform, baseUses("population", "docked")},
	"XC-SYS-0084": {shPlatform, baseUses("legal_person", "docked", "credit", "docked", "license", "docked")},
	"XC-SYS-0085": {shPlatform, baseUses("legal_person", "docked", "credit", "own_copy")},
	"XC-SYS-0091": {shPlatform, baseUses("license", "docked")},
	"XC-SYS-0092": {shPlatform, baseUses("population", "docked", "legal_person", "docked", "credit", "docked", "license", "docked")},
	"XC-SYS-0094": {shBoth, baseUses("legal_person", "docked", "credit", "docked")},
	"XC-SYS-0097": {shPlatform, baseUses("population", "docked", "geo", "docked")},
	"XC-SYS-0098": {shPlatform, baseUses("geo", "own_copy")},
	"XC-SYS-0101": {Channels: shPlatform},
	"XC-SYS-0107": {shPlatform, baseUses("population", "docked", "legal_person", "docked", "geo", "docked")},
	"XC-SYS-0109": {shPlatform, baseUses("population", "docked", "license", "docked")},
	"XC-SYS-0113": {shPlatform, baseUses("population", "own_copy")},
	"XC-SYS-0122": {shOther, baseUses("geo", "none")},
	"XC-SYS-0147": {shPlatform, baseUses("geo", "own_copy")},
}

// withSharing adds a demo system's exchange channels and base data to its registry entry.
func withSharing(code string, sys *domain.System) *domain.System {
	if sh, ok := SystemSharing[code]; ok {
		sys.ExchangeChannels = append([]domain.ExchangeChannel(nil), sh.Channels...)
		sys.BaseData = append([]domain.BaseDataUse(nil), sh.BaseData...)
	}
	return sys
}

// MigrationSeed is a demo migration plan (ENV-R2) and the steps it has taken.
type MigrationSeed struct {
	Code              string // the system
	Difficulty        domain.Difficulty
	Reasons, Target   string
	Node              domain.PlanNode
	Planned, Evidence string
	Steps             []domain.PlanAction
}

// DockingSeed is a demo docking plan (SHR-R8) and the steps it has taken.
type DockingSeed struct {
	Code      string
	Library   domain.BaseLibrary
	Interface string // the code of the technical standard whose version in force the plan names (notices.go)
	Node      domain.PlanNode
	Planned   string
	Note      string
	Steps     []domain.PlanAction
}

var (
	planStarted = []domain.PlanAction{domain.PlanStart}
	planDone    = []domain.PlanAction{domain.PlanStart, domain.PlanComplete}
	planGiven   = []domain.PlanAction{domain.PlanCancel}
	// The interface standards the plans name (ORG-5): the version in force when the plan is made.
	ifPop    = StdPopulation
	ifLegal  = StdLegal
	ifGeo    = StdGeo
	ifCredit = StdCredit
)

// MigrationPlans are the demo migration plans: about half of the systems off the cloud where
// ENV-P1 wants them on have one (planned, in progress, one overdue, a few migrated, which moved
// them onto the cloud); the access-room network systems and a few others deliberately have
// none, so the ENV-R2 finding shows. The provincially and municipally built systems are exempt
// (上级统建) and the systems on a 部门专网 (教育城域网, 公安视频专网, 120) are outside ENV-P1's
// scope: neither takes a plan (the 教育城域网 systems leave their closing room under the room's
// own plan, ENV-R3).
var MigrationPlans = []MigrationSeed{
	{Code: "XC-SYS-0005", Difficulty: domain.DifficultyMedium, Reasons: "MCU 与会议终端为专用硬件，需改造为政务云视频会议服务并保留终端接入",
		Target: "政务云 8 vCPU / 32 GiB / 2 TiB，云视频会议服务", Node: domain.NodeRenovation, Planned: "2026-12-31", Steps: planStarted},
	{Code: "XC-SYS-0039", Difficulty: domain.DifficultyLow, Target: "政务云 4 vCPU / 16 GiB / 1 TiB，数据库服务",
		Node: domain.NodeRenovation, Planned: "2024-06-30", Evidence: "迁移验收报告 XCZW-2024-017", Steps: planDone},
	{Code: "XC-SYS-0045", Difficulty: domain.DifficultyMedium, Reasons: "登记簿数据库为 Oracle 11g，需迁移至政务云数据库服务并完成数据核验",
		Target: "政务云 16 vCPU / 64 GiB / 10 TiB", Node: domain.NodeUpgrade, Planned: "2026-10-31", Steps: planStarted},
	{Code: "XC-SYS-0052", Difficulty: domain.DifficultyLow, Target: "政务云 8 vCPU / 32 GiB / 2 TiB",
		Node: domain.NodeUpgrade, Planned: "2025-03-31", Evidence: "迁移验收报告 XCZW-2025-004", Steps: planDone},
	{Code: "XC-SYS-0054", Difficulty: domain.DifficultyLow, Target: "政务云 8 vCPU / 32 GiB / 1 TiB，互联网区",
		Node: domain.NodeOM, Planned: "2027-03-31"},
	{Code: "XC-SYS-0058", Difficulty: domain.DifficultyMedium, Reasons: "雨水情遥测终端经专线接入，需在政务云开通专线接入",
		Target: "政务云 8 vCPU / 32 GiB / 2 TiB，专线接入", Node: domain.NodeContinuation, Planned: "2026-08-31"},
	{Code: "XC-SYS-0066", Difficulty: domain.DifficultyLow, Target: "政务云 4 vCPU / 8 GiB / 200 GiB，互联网区",
		Node: domain.NodeOM, Planned: "2023-12-31", Evidence: "迁移验收报告 XCZW-2023-031", Steps: planDone},
	{Code: "XC-SYS-0071", Difficulty: domain.DifficultyHigh, Reasons: "各社区卫生服务中心 HIS 业务不能中断，需分批切换并改造医保接口",
		Target: "政务云 32 vCPU / 128 GiB / 8 TiB", Node: domain.NodeUpgrade, Planned: "2027-01-31", Steps: planStarted},
	{Code: "XC-SYS-0119", Difficulty: domain.DifficultyLow, Target: "政务云 2 vCPU / 4 GiB / 100 GiB，互联网区",
		Node: domain.NodeOM, Planned: "2025-12-31"}, // overdue on the demo's clock
	{Code: "XC-SYS-0145", Difficulty: domain.DifficultyMedium, Reasons: "物联网采集网关部署在园区，需经电子政务外网回传",
		Target: "政务云 16 vCPU / 64 GiB / 4 TiB", Node: domain.NodeRenovation, Planned: "2027-10-31"},
}

// DockingPlans are the demo docking plans for systems that use base data without docking
// (SHR-R8), in every state; some such systems deliberately have none yet.
var DockingPlans = []DockingSeed{
	{Code: "XC-SYS-0019", Library: domain.LibPopulation, Interface: ifPop, Node: domain.NodeUpgrade, Planned: "2027-08-31"},
	{Code: "XC-SYS-0027", Library: domain.LibPopulation, Interface: ifPop, Node: domain.NodeRenovation, Planned: "2026-12-31", Steps: planStarted},
	{Code: "XC-SYS-0032", Library: domain.LibCredit, Interface: ifCredit, Node: domain.NodeOM, Planned: "2027-06-30"},
	{Code: "XC-SYS-0045", Library: domain.LibPopulation, Interface: ifPop, Node: domain.NodeUpgrade, Planned: "2026-09-30", Steps: planStarted},
	{Code: "XC-SYS-0045", Library: domain.LibGeo, Interface: ifGeo, Node: domain.NodeUpgrade, Planned: "2027-03-31"},
	{Code: "XC-SYS-0048", Library: domain.LibLegalPerson, Interface: ifLegal, Node: domain.NodeOM, Planned: "2025-12-31", Note: "随年度运维合同完成接口改造", Steps: planDone},
	{Code: "XC-SYS-0052", Library: domain.LibPopulation, Interface: ifPop, Node: domain.NodeUpgrade, Planned: "2027-05-31"},
	{Code: "XC-SYS-0058", Library: domain.LibGeo, Interface: ifGeo, Node: domain.NodeContinuation, Planned: "2026-06-30"},
	{Code: "XC-SYS-0071", Library: domain.LibPopulation, Interface: ifPop, Node: domain.NodeUpgrade, Planned: "2027-01-31", Steps: planStarted},
	{Code: "XC-SYS-0076", Library: domain.LibPopulation, Interface: ifPop, Node: domain.NodeOM, Planned: "2027-04-30"},
	{Code: "XC-SYS-0085", Library: domain.LibCredit, Interface: ifCredit, Node: domain.NodeOM, Planned: "2026-12-31"},
	{Code: "XC-SYS-0098", Library: domain.LibGeo, Interface: ifGeo, Node: domain.NodeRenovation, Planned: "2026-12-31", Note: "数字城管将整合进一网统管平台，不再单独对接", Steps: planGiven},
}

// PlanEffect is what the demo plans change on a system: migrated onto the cloud, and how many
// times the system itself was changed (one per completed plan that moved it or docked it).
type PlanEffect struct {
	Migrated bool
	Changes  int
}

// PlanEffects says, per system code, what the demo plans change on the system (for tests that
// compare the stored systems with their seeds).
func PlanEffects() map[string]PlanEffect {
	out := map[string]PlanEffect{}
	for _, m := range MigrationPlans {
		if len(m.Steps) > 0 && m.Steps[len(m.Steps)-1] == domain.PlanComplete {
			e := out[m.Code]
			e.Migrated, e.Changes = true, e.Changes+1
			out[m.Code] = e
		}
	}
	for _, d := range DockingPlans {
		if len(d.Steps) > 0 && d.Steps[len(d.Steps)-1] == domain.PlanComplete {
			e := out[d.Code]
			e.Changes++
			out[d.Code] = e
		}
	}
	return out
}

// LoadPlans creates the demo migration and docking plans through the use cases as the
// command line, then replays their steps (so completing a migration moves its system onto
// the cloud, audited, as it would for anyone).
func LoadPlans(ctx context.Context, svc *app.Service, _ map[string]int64) error {
	cli := app.SystemActor()
	byCode := map[string]*domain.System{}
	for _, s := range Systems {
		sys, err := svc.DB().Read().SystemByCode(ctx, s.Code)
		if err != nil {
			return fmt.Errorf("demo: plans: system %s: %w", s.Code, err)
		}
		byCode[s.Code] = sys
	}
	// system finds a plan's system and its planned date.
	system := func(what, code, date string) (*domain.System, time.Time, error) {
		sys := byCode[code]
		if sys == nil {
			return nil, time.Time{}, fmt.Errorf("demo: %s: %s is not a demo system", what, code)
		}
		planned, err := time.Parse(seedDate, date)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("demo: %s %s: %w", what, code, err)
		}
		return sys, planned, nil
	}
	for _, m := range MigrationPlans {
		sys, planned, err := system("migration plan", m.Code, m.Planned)
		if err != nil {
			return err
		}
		p, err := svc.SaveMigrationPlan(ctx, cli, sys.ID, app.MigrationPlanEdit{Difficulty: m.Difficulty, DifficultyReasons: m.Reasons,
			TargetResources: m.Target, Node: m.Node, PlannedDate: planned})
		if err != nil {
			return fmt.Errorf("demo: migration plan %s: %w", m.Code, err)
		}
		for _, act := range m.Steps {
			st := app.PlanStep{Version: p.Version, Action: act, Note: "演示数据"}
			if act == domain.PlanComplete {
				st.Evidence = m.Evidence
			}
			if p, err = svc.TransitionMigrationPlan(ctx, cli, sys.ID, st); err != nil {
				return fmt.Errorf("demo: migration plan %s: %s: %w", m.Code, act, err)
			}
		}
	}
	for _, d := range DockingPlans {
		sys, planned, err := system("docking plan", d.Code, d.Planned)
		if err != nil {
			return err
		}
		std, err := PublishedStandard(ctx, svc, d.Interface)
		if err != nil {
			return err
		}
		lib, node, note := d.Library, d.Node, d.Note
		p, err := svc.CreateDockingPlan(ctx, cli, sys.ID, app.DockingPlanEdit{Library: &lib, StandardID: &std.ID, Node: &node, PlannedDate: &planned, Note: &note})
		if err != nil {
			return fmt.Errorf("demo: docking plan %s %s: %w", d.Code, d.Library, err)
		}
		for _, act := range d.Steps {
			st := app.PlanStep{Version: p.Version, Action: act, Note: "演示数据"}
			if act == domain.PlanCancel {
				st.Note = d.Note
			}
			if p, err = svc.TransitionDockingPlan(ctx, cli, p.ID, st); err != nil {
				return fmt.Errorf("demo: docking plan %s %s: %s: %w", d.Code, d.Library, act, err)
			}
		}
	}
	return nil
}
