package domain_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"archgov/internal/domain"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// goodSystem is a complete, valid non-classified registry entry.
func goodSystem() *domain.System {
	return &domain.System{
		Code: "XC-WJ-001", Name: "区域卫生信息平台", UnitID: 7, Purpose: "全区居民健康档案与诊疗数据汇聚",
		Category: domain.CategoryPlatform, Classification: domain.Unclassified,
		Hosting: domain.HostingCloud, Network: domain.NetworkExtranet,
		UserLevels: []domain.UserLevel{domain.LevelDistrict, domain.LevelTown},
		GoLive:     day(2019, 5, 1), LastUpgrade: day(2023, 11, 20), Vendor: "苏州某科技有限公司", AnnualCost: "35.5",
		Status: domain.StatusRunning,
	}
}

// goodClassified is a 涉密 entry with the minimal metadata only.
func goodClassified() *domain.System {
	return &domain.System{Code: "XC-SM-001", Name: "涉密公文系统", UnitID: 7, Classification: domain.Classified, Status: domain.StatusRunning}
}

func TestSystemValidate(t *testing.T) {
	cases := []struct {
		name   string
		base   func() *domain.System
		mutate func(s *domain.System)
		field  string // "" = valid
		key    string
	}{
		{"complete", goodSystem, func(s *domain.System) {}, "", ""},
		{"minimal non-classified", goodSystem, func(s *domain.System) {
			s.Purpose, s.UserLevels, s.GoLive, s.LastUpgrade, s.Vendor, s.AnnualCost = "", nil, time.Time{}, time.Time{}, "", ""
		}, "", ""},

		// Code: letters and digits, hyphens allowed between them, 2–20 characters without them, 30 in all.
		{"code lower case and spaces are accepted (normalized)", goodSystem, func(s *domain.System) { s.Code = "  xc-wj-001 " }, "", ""},
		{"code without hyphens", goodSystem, func(s *domain.System) { s.Code = "XCWJ001" }, "", ""},
		{"code two characters", goodSystem, func(s *domain.System) { s.Code = "A1" }, "", ""},
		{"code 30 characters, 20 of them letters", goodSystem, func(s *domain.System) { s.Code = "AB-CD-EF-GH-IJ-KL-MN-OP-QR-S-T" }, "", ""},
		{"code 30 characters with hyphens", goodSystem, func(s *domain.System) { s.Code = "ABCD-EFGH-IJKL-MNOP-QRST-1-2-3" }, "", ""},
		{"code 31 characters", goodSystem, func(s *domain.System) { s.Code = "ABCD-EFGH-IJKL-MNOP-QRST-1-2-34" }, "code", "err.system.code"},
		{"code with a leading hyphen", goodSystem, func(s *domain.System) { s.Code = "-AB" }, "code", "err.system.code"},
		{"code with a trailing hyphen", goodSystem, func(s *domain.System) { s.Code = "AB-" }, "code", "err.system.code"},
		{"code with a double hyphen", goodSystem, func(s *domain.System) { s.Code = "A--B" }, "code", "err.system.code"},
		{"code empty", goodSystem, func(s *domain.System) { s.Code = "" }, "code", "err.system.code"},
		{"code blank", goodSystem, func(s *domain.System) { s.Code = "   " }, "code", "err.system.code"},
		{"code one character", goodSystem, func(s *domain.System) { s.Code = "A" }, "code", "err.system.code"},
		{"code only hyphens", goodSystem, func(s *domain.System) { s.Code = "---" }, "code", "err.system.code"},
		{"code 21 alnum", goodSystem, func(s *domain.System) { s.Code = strings.Repeat("A", 21) }, "", ""},
		{"code 31 characters, 16 of them letters", goodSystem, func(s *domain.System) { s.Code = "A-B-C-D-E-F-G-H-I-J-K-L-M-N-O-P" }, "code", "err.system.code"},
		{"code inner space", goodSystem, func(s *domain.System) { s.Code = "XC WJ 001" }, "code", "err.system.code"},
		{"code underscore", goodSystem, func(s *domain.System) { s.Code = "XC_WJ_001" }, "code", "err.system.code"},
		{"code Chinese", goodSystem, func(s *domain.System) { s.Code = "卫健001" }, "code", "err.system.code"},
		{"code full-width digits", goodSystem, func(s *domain.System) { s.Code = "ＸＣ００１" }, "code", "err.system.code"},

		{"name empty", goodSystem, func(s *domain.System) { s.Name = "" }, "name", "err.required_len"},
		{"name blank", goodSystem, func(s *domain.System) { s.Name = " \t " }, "name", "err.required_len"},
		{"name 100 characters", goodSystem, func(s *domain.System) { s.Name = strings.Repeat("系", 100) }, "", ""},
		{"name 101 characters", goodSystem, func(s *domain.System) { s.Name = strings.Repeat("系", 101) }, "name", "err.required_len"},
		{"unit missing", goodSystem, func(s *domain.System) { s.UnitID = 0 }, "unit_id", "err.required"},

		// Every enumeration refuses unknown and empty values on its own field.
		{"classification empty", goodSystem, func(s *domain.System) { s.Classification = "" }, "classification", "err.enum"},
		{"classification unknown", goodSystem, func(s *domain.System) { s.Classification = "涉密" }, "classification", "err.enum"},
		{"status empty", goodSystem, func(s *domain.System) { s.Status = "" }, "status", "err.enum"},
		{"status unknown", goodSystem, func(s *domain.System) { s.Status = "deleted" }, "status", "err.enum"},
		{"category empty", goodSystem, func(s *domain.System) { s.Category = "" }, "category", "err.required"},
		{"category unknown", goodSystem, func(s *domain.System) { s.Category = "业务系统" }, "category", "err.enum"},
		{"hosting empty", goodSystem, func(s *domain.System) { s.Hosting = "" }, "hosting", "err.required"},
		{"hosting unknown", goodSystem, func(s *domain.System) { s.Hosting = "gov_cloud2" }, "hosting", "err.enum"},
		{"network empty", goodSystem, func(s *domain.System) { s.Network = "" }, "network", "err.required"},
		{"network unknown", goodSystem, func(s *domain.System) { s.Network = "lan" }, "network", "err.enum"},
		{"user level unknown", goodSystem, func(s *domain.System) { s.UserLevels = []domain.UserLevel{domain.LevelDistrict, "city"} }, "user_levels", "err.enum"},
		{"user level empty string", goodSystem, func(s *domain.System) { s.UserLevels = []domain.UserLevel{""} }, "user_levels", "err.enum"},

		// ENV-P3: on-site production equipment may stay local, with a justification.
		{"on-site without justification", goodSystem, func(s *domain.System) { s.Hosting = domain.HostingOnsite }, "hosting_note", "err.system.onsite_justification"},
		{"on-site with a blank justification", goodSystem, func(s *domain.System) { s.Hosting, s.HostingNote = domain.HostingOnsite, "   " }, "hosting_note", "err.system.onsite_justification"},
		{"on-site with justification", goodSystem, func(s *domain.System) {
			s.Hosting, s.HostingNote = domain.HostingOnsite, "医学影像设备随机自带工作站，须与设备同机房"
		}, "", ""},
		{"unit room needs no note", goodSystem, func(s *domain.System) { s.Hosting = domain.HostingRoom }, "", ""},
		{"other hosting needs no note", goodSystem, func(s *domain.System) { s.Hosting = domain.HostingOther }, "", ""},

		// ENV-P1: an exemption from moving to the cloud names its document; only a system off the
		// cloud and not on-site production (ENV-P3, an exemption of its own) takes one.
		{"exempt, higher level built", goodSystem, func(s *domain.System) {
			s.Hosting, s.CloudExemption, s.CloudExemptionBasis = domain.HostingOther, domain.ExemptHigherBuilt, "市人社局《关于社会保险经办系统全市统建的通知》（苏人社发〔2009〕210号）"
		}, "", ""},
		{"exempt, retained, in a unit room on a private network", goodSystem, func(s *domain.System) {
			s.Hosting, s.Network, s.CloudExemption, s.CloudExemptionBasis = domain.HostingRoom, domain.NetworkPrivate, domain.ExemptHigherRetained, "省公安厅通知"
		}, "", ""},
		{"exemption without basis", goodSystem, func(s *domain.System) { s.Hosting, s.CloudExemption = domain.HostingOther, domain.ExemptHigherBuilt }, "cloud_exemption_basis", "err.system.exemption_basis"},
		{"exemption with a blank basis", goodSystem, func(s *domain.System) {
			s.Hosting, s.CloudExemption, s.CloudExemptionBasis = domain.HostingRoom, domain.ExemptHigherRetained, "  \t"
		}, "cloud_exemption_basis", "err.system.exemption_basis"},
		{"exemption basis 200", goodSystem, func(s *domain.System) {
			s.Hosting, s.CloudExemption, s.CloudExemptionBasis = domain.HostingOther, domain.ExemptHigherBuilt, strings.Repeat("文", 200)
		}, "", ""},
		{"exemption basis 201", goodSystem, func(s *domain.System) {
			s.Hosting, s.CloudExemption, s.CloudExemptionBasis = domain.HostingOther, domain.ExemptHigherBuilt, strings.Repeat("文", 201)
		}, "cloud_exemption_basis", "err.too_long"},
		{"exemption unknown", goodSystem, func(s *domain.System) {
			s.Hosting, s.CloudExemption, s.CloudExemptionBasis = domain.HostingOther, "onsite", "现场设备"
		}, "cloud_exemption", "err.enum"},
		{"exemption on the cloud", goodSystem, func(s *domain.System) {
			s.CloudExemption, s.CloudExemptionBasis = domain.ExemptHigherBuilt, "某文件"
		}, "cloud_exemption", "err.system.exemption_hosting"},
		{"exemption on-site", goodSystem, func(s *domain.System) {
			s.Hosting, s.HostingNote, s.CloudExemption, s.CloudExemptionBasis = domain.HostingOnsite, "泵站现场控制", domain.ExemptHigherRetained, "某文件"
		}, "cloud_exemption", "err.system.exemption_hosting"},
		{"basis without an exemption", goodSystem, func(s *domain.System) { s.Hosting, s.CloudExemptionBasis = domain.HostingRoom, "某文件" }, "cloud_exemption_basis", "err.system.exemption_basis_unused"},
		{"blank basis without an exemption", goodSystem, func(s *domain.System) { s.Hosting, s.CloudExemptionBasis = domain.HostingRoom, "   " }, "", ""},

		{"purpose 500", goodSystem, func(s *domain.System) { s.Purpose = strings.Repeat("用", 500) }, "", ""},
		{"purpose 501", goodSystem, func(s *domain.System) { s.Purpose = strings.Repeat("用", 501) }, "purpose", "err.too_long"},
		{"hosting note 200", goodSystem, func(s *domain.System) { s.HostingNote = strings.Repeat("房", 200) }, "", ""},
		{"hosting note 201", goodSystem, func(s *domain.System) { s.HostingNote = strings.Repeat("房", 201) }, "hosting_note", "err.too_long"},
		{"vendor 100", goodSystem, func(s *domain.System) { s.Vendor = strings.Repeat("商", 100) }, "", ""},
		{"vendor 101", goodSystem, func(s *domain.System) { s.Vendor = strings.Repeat("商", 101) }, "vendor", "err.too_long"},

		// Annual O&M cost in 万元: a plain decimal, at most 9 integer and 4 fraction digits.
		{"cost integer", goodSystem, func(s *domain.System) { s.AnnualCost = "12" }, "", ""},
		{"cost zero", goodSystem, func(s *domain.System) { s.AnnualCost = "0" }, "", ""},
		{"cost largest", goodSystem, func(s *domain.System) { s.AnnualCost = "999999999.9999" }, "", ""},
		{"cost with spaces", goodSystem, func(s *domain.System) { s.AnnualCost = " 8.25 " }, "", ""},
		{"cost negative", goodSystem, func(s *domain.System) { s.AnnualCost = "-1" }, "annual_cost", "err.decimal"},
		{"cost thousands separator", goodSystem, func(s *domain.System) { s.AnnualCost = "1,000" }, "annual_cost", "err.decimal"},
		{"cost five decimals", goodSystem, func(s *domain.System) { s.AnnualCost = "1.23456" }, "annual_cost", "err.decimal"},
		{"cost ten integer digits", goodSystem, func(s *domain.System) { s.AnnualCost = "1234567890" }, "annual_cost", "err.decimal"},
		{"cost leading point", goodSystem, func(s *domain.System) { s.AnnualCost = ".5" }, "annual_cost", "err.decimal"},
		{"cost trailing point", goodSystem, func(s *domain.System) { s.AnnualCost = "5." }, "annual_cost", "err.decimal"},
		{"cost exponent", goodSystem, func(s *domain.System) { s.AnnualCost = "1e3" }, "annual_cost", "err.decimal"},
		{"cost with unit", goodSystem, func(s *domain.System) { s.AnnualCost = "12万元" }, "annual_cost", "err.decimal"},
		{"cost full-width", goodSystem, func(s *domain.System) { s.AnnualCost = "１２" }, "annual_cost", "err.decimal"},

		{"upgrade before go-live", goodSystem, func(s *domain.System) { s.GoLive, s.LastUpgrade = day(2020, 1, 2), day(2020, 1, 1) }, "last_upgrade", "err.system.upgrade_before_golive"},
		{"upgrade on go-live day", goodSystem, func(s *domain.System) { s.GoLive, s.LastUpgrade = day(2020, 1, 1), day(2020, 1, 1) }, "", ""},
		{"upgrade without go-live", goodSystem, func(s *domain.System) { s.GoLive = time.Time{} }, "", ""},
		{"go-live without upgrade", goodSystem, func(s *domain.System) { s.LastUpgrade = time.Time{} }, "", ""},

		// 涉密: only code, name, unit, classification and status are kept; anything else is refused
		// on the classification field, so nothing sensitive is ever stored.
		{"classified minimal", goodClassified, func(s *domain.System) {}, "", ""},
		{"classified in any status", goodClassified, func(s *domain.System) { s.Status = domain.StatusCleanupFiled }, "", ""},
		{"classified blank purpose is empty", goodClassified, func(s *domain.System) { s.Purpose = "  " }, "", ""},
		{"classified still needs a code", goodClassified, func(s *domain.System) { s.Code = "" }, "code", "err.system.code"},
		{"classified still needs a name", goodClassified, func(s *domain.System) { s.Name = "" }, "name", "err.required_len"},
		{"classified still needs a unit", goodClassified, func(s *domain.System) { s.UnitID = 0 }, "unit_id", "err.required"},
		{"classified still needs a status", goodClassified, func(s *domain.System) { s.Status = "" }, "status", "err.enum"},
		{"classified purpose", goodClassified, func(s *domain.System) { s.Purpose = "公文流转" }, "classification", "err.system.classified_minimal"},
		{"classified category", goodClassified, func(s *domain.System) { s.Category = domain.CategoryBusiness }, "classification", "err.system.classified_minimal"},
		{"classified hosting", goodClassified, func(s *domain.System) { s.Hosting = domain.HostingRoom }, "classification", "err.system.classified_minimal"},
		{"classified hosting note", goodClassified, func(s *domain.System) { s.HostingNote = "三楼机房" }, "classification", "err.system.classified_minimal"},
		{"classified network", goodClassified, func(s *domain.System) { s.Network = domain.NetworkPrivate }, "classification", "err.system.classified_minimal"},
		{"classified user levels", goodClassified, func(s *domain.System) { s.UserLevels = []domain.UserLevel{domain.LevelDistrict} }, "classification", "err.system.classified_minimal"},
		{"classified go-live", goodClassified, func(s *domain.System) { s.GoLive = day(2018, 1, 1) }, "classification", "err.system.classified_minimal"},
		{"classified last upgrade", goodClassified, func(s *domain.System) { s.LastUpgrade = day(2018, 1, 1) }, "classification", "err.system.classified_minimal"},
		{"classified vendor", goodClassified, func(s *domain.System) { s.Vendor = "某公司" }, "classification", "err.system.classified_minimal"},
		{"classified annual cost", goodClassified, func(s *domain.System) { s.AnnualCost = "10" }, "classification", "err.system.classified_minimal"},
		{"classified cloud exemption", goodClassified, func(s *domain.System) { s.CloudExemption = domain.ExemptHigherBuilt }, "classification", "err.system.classified_minimal"},
		{"classified exemption basis", goodClassified, func(s *domain.System) { s.CloudExemptionBasis = "某文件" }, "classification", "err.system.classified_minimal"},
		{"classified with a complete record", goodSystem, func(s *domain.System) { s.Classification = domain.Classified }, "classification", "err.system.classified_minimal"},
	}
	for _, c := range cases {
		s := c.base()
		c.mutate(s)
		wantInvalid(t, c.name, s.Validate(), c.field, c.key)
	}
}

func TestSystemValidateNormalizes(t *testing.T) {
	s := goodSystem()
	s.Code, s.Name, s.Purpose, s.HostingNote, s.Vendor, s.AnnualCost = " xc-wj-009 ", " 预约挂号系统 ", " 预约 ", " 三楼 ", " 某公司 ", " 8.5 "
	s.UserLevels = []domain.UserLevel{domain.LevelVillage, domain.LevelDistrict, domain.LevelVillage, domain.LevelTown, domain.LevelDistrict}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Code != "XC-WJ-009" || s.Name != "预约挂号系统" || s.Purpose != "预约" || s.HostingNote != "三楼" || s.Vendor != "某公司" || s.AnnualCost != "8.5" {
		t.Errorf("not normalized: %+v", s)
	}
	// User levels are deduplicated and kept in one order, so that equal sets compare equal
	// (audit diffs, re-imports).
	if want := []domain.UserLevel{domain.LevelDistrict, domain.LevelTown, domain.LevelVillage}; !slices.Equal(s.UserLevels, want) {
		t.Errorf("user levels %v, want %v", s.UserLevels, want)
	}
	// The annual cost is kept in one canonical spelling, so a re-import of "12.50" over "12.5"
	// is no change.
	for in, want := range map[string]string{"12.50": "12.5", "035.5": "35.5", "12.0000": "12", "0.5": "0.5", "000": "0", "0.0": "0", " 7 ": "7", "": ""} {
		c := goodSystem()
		c.AnnualCost = in
		if err := c.Validate(); err != nil || c.AnnualCost != want {
			t.Errorf("annual cost %q → %q, %v; want %q", in, c.AnnualCost, err, want)
		}
	}
	other := goodSystem()
	other.UserLevels = []domain.UserLevel{domain.LevelTown, domain.LevelDistrict, domain.LevelTown}
	if err := other.Validate(); err != nil {
		t.Fatal(err)
	}
	if want := []domain.UserLevel{domain.LevelDistrict, domain.LevelTown}; !slices.Equal(other.UserLevels, want) {
		t.Errorf("user levels %v, want %v", other.UserLevels, want)
	}
}

// Actor sets as the use cases build them (app.unitActors).
var (
	nobody    []domain.SystemActor
	contact   = []domain.SystemActor{domain.ByUnit}
	headOnly  = []domain.SystemActor{domain.ByHead}
	head      = []domain.SystemActor{domain.ByUnit, domain.ByHead}
	office    = []domain.SystemActor{domain.ByOffice}
	officeAll = []domain.SystemActor{domain.ByOffice, domain.ByUnit, domain.ByHead}
)

var actorSets = []struct {
	name string
	who  []domain.SystemActor
}{
	{"nobody", nobody}, {"contact", contact}, {"head only", headOnly}, {"head", head}, {"office", office}, {"office+head", officeAll},
}

// lifecycle is BLD-R5 as the issue states it, written independently of the code's table:
// for each action, the states it starts from → the state it leads to ("" = back to the state
// before the filing), and who may take it.
var lifecycle = map[domain.SystemAction]struct {
	from map[domain.SystemStatus]domain.SystemStatus
	by   []domain.SystemActor
}{
	// 在建 (FLOW-2): a system an approved project registered goes live into running, as a newly
	// registered system starts.
	domain.SysGoLive: {map[domain.SystemStatus]domain.SystemStatus{
		domain.StatusUnderConstruction: domain.StatusRunning,
	}, []domain.SystemActor{domain.ByUnit, domain.ByOffice}},
	domain.SysMarkIdle: {map[domain.SystemStatus]domain.SystemStatus{
		domain.StatusRunning: domain.StatusIdle,
	}, []domain.SystemActor{domain.ByUnit, domain.ByOffice}},
	domain.SysMarkUnmaintained: {map[domain.SystemStatus]domain.SystemStatus{
		domain.StatusRunning: domain.StatusUnmaintained, domain.StatusIdle: domain.StatusUnmaintained,
	}, []domain.SystemActor{domain.ByUnit, domain.ByOffice}},
	domain.SysMarkSuperseded: {map[domain.SystemStatus]domain.SystemStatus{
		domain.StatusRunning: domain.StatusSuperseded, domain.StatusIdle: domain.StatusSuperseded, domain.StatusUnmaintained: domain.StatusSuperseded,
	}, []domain.SystemActor{domain.ByUnit, domain.ByOffice}},
	domain.SysResume: {map[domain.SystemStatus]domain.SystemStatus{
		domain.StatusIdle: domain.StatusRunning, domain.StatusUnmaintained: domain.StatusRunning, domain.StatusSuperseded: domain.StatusRunning,
	}, []domain.SystemActor{domain.ByUnit, domain.ByOffice}},
	// BLD-R5: the unit's 责任人 files the cleanup — not the contact, not the office; a system
	// whose construction is abandoned is filed from 在建.
	domain.SysFileCleanup: {map[domain.SystemStatus]domain.SystemStatus{
		domain.StatusUnderConstruction: domain.StatusCleanupFiled,
		domain.StatusIdle:              domain.StatusCleanupFiled, domain.StatusUnmaintained: domain.StatusCleanupFiled, domain.StatusSuperseded: domain.StatusCleanupFiled,
	}, []domain.SystemActor{domain.ByHead}},
	// Only the info office accepts or returns a filing.
	domain.SysAcceptCleanup: {map[domain.SystemStatus]domain.SystemStatus{
		domain.StatusCleanupFiled: domain.StatusCleanupAccepted,
	}, []domain.SystemActor{domain.ByOffice}},
	domain.SysReturnCleanup: {map[domain.SystemStatus]domain.SystemStatus{
		domain.StatusCleanupFiled: "",
	}, []domain.SystemActor{domain.ByOffice}},
	// 下线 only after the office accepted the filing.
	domain.SysTakeOffline: {map[domain.SystemStatus]domain.SystemStatus{
		domain.StatusCleanupAccepted: domain.StatusOffline,
	}, []domain.SystemActor{domain.ByUnit, domain.ByOffice}},
}

func TestSystemTransitionTable(t *testing.T) {
	if len(lifecycle) != len(domain.SystemActions) {
		t.Fatalf("the code has %d actions, the expected lifecycle %d", len(domain.SystemActions), len(lifecycle))
	}
	// A filing remembers where it came from; try every origin, and a record without one.
	befores := []domain.SystemStatus{domain.StatusUnderConstruction, domain.StatusIdle, domain.StatusUnmaintained, domain.StatusSuperseded, ""}
	checked := 0
	for _, act := range domain.SystemActions {
		rule, ok := lifecycle[act]
		if !ok {
			t.Errorf("action %q is not in the expected lifecycle", act)
			continue
		}
		for _, st := range domain.SystemStatuses {
			for _, before := range befores {
				if before != "" && st != domain.StatusCleanupFiled {
					continue // only a filed cleanup carries a state before
				}
				for _, as := range actorSets {
					s := &domain.System{ID: 1, Status: st, StatusBefore: before}
					got, err := domain.SystemFlow.Next(s.Status, act, as.who, "", s)
					what := fmt.Sprintf("%s from %s (before %q) by %s", act, st, before, as.name)
					checked++
					to, legal := rule.from[st]
					allowed := false
					for _, w := range as.who {
						allowed = allowed || slices.Contains(rule.by, w)
					}
					switch {
					case !legal:
						if domain.ErrorCode(err) != domain.EConflict || got != "" {
							t.Errorf("%s = %q, %v; want conflict", what, got, err)
						} else if e := domain.AsError(err); e.Message != "err.system.transition" {
							t.Errorf("%s: message %q", what, e.Message)
						}
					case !allowed:
						if domain.ErrorCode(err) != domain.EForbidden || got != "" {
							t.Errorf("%s = %q, %v; want forbidden", what, got, err)
						}
					default:
						want := to
						if want == "" {
							want = before
							if want == "" {
								want = domain.StatusIdle // a filing with no recorded origin goes back to idle
							}
						}
						if err != nil || got != want {
							t.Errorf("%s = %q, %v; want %q", what, got, err, want)
						}
					}
					if s.Status != st || s.StatusBefore != before {
						t.Errorf("%s changed the system it decided on: %+v", what, s)
					}
				}
			}
		}
	}
	if want := len(domain.SystemActions) * (len(domain.SystemStatuses) + len(befores) - 1) * len(actorSets); checked != want {
		t.Fatalf("checked %d combinations, want %d", checked, want)
	}
}

// The clauses the brief names, spelled out one by one.
func TestSystemTransitionRules(t *testing.T) {
	next := func(st, before domain.SystemStatus, act domain.SystemAction, who []domain.SystemActor) (domain.SystemStatus, domain.Code) {
		s := &domain.System{Status: st, StatusBefore: before}
		got, err := domain.SystemFlow.Next(st, act, who, "", s)
		return got, domain.ErrorCode(err)
	}
	// BLD-R5: only the 责任人 files a cleanup.
	for _, st := range []domain.SystemStatus{domain.StatusIdle, domain.StatusUnmaintained, domain.StatusSuperseded} {
		if got, code := next(st, "", domain.SysFileCleanup, head); code != "" || got != domain.StatusCleanupFiled {
			t.Errorf("head files cleanup from %s: %q, %q", st, got, code)
		}
		for _, who := range [][]domain.SystemActor{contact, office, nobody} {
			if _, code := next(st, "", domain.SysFileCleanup, who); code != domain.EForbidden {
				t.Errorf("file cleanup from %s by %v: %q, want forbidden", st, who, code)
			}
		}
	}
	// A running system is not cleaned up: it must first be idle, unmaintained or superseded.
	if _, code := next(domain.StatusRunning, "", domain.SysFileCleanup, head); code != domain.EConflict {
		t.Errorf("file cleanup of a running system: %q, want conflict", code)
	}
	// Only the office accepts or returns a filing, and a return goes back where it came from.
	for _, act := range []domain.SystemAction{domain.SysAcceptCleanup, domain.SysReturnCleanup} {
		for _, who := range [][]domain.SystemActor{contact, head, nobody} {
			if _, code := next(domain.StatusCleanupFiled, domain.StatusIdle, act, who); code != domain.EForbidden {
				t.Errorf("%s by %v: %q, want forbidden", act, who, code)
			}
		}
	}
	if got, code := next(domain.StatusCleanupFiled, domain.StatusIdle, domain.SysAcceptCleanup, office); code != "" || got != domain.StatusCleanupAccepted {
		t.Errorf("office accepts: %q, %q", got, code)
	}
	for _, before := range []domain.SystemStatus{domain.StatusIdle, domain.StatusUnmaintained, domain.StatusSuperseded} {
		if got, code := next(domain.StatusCleanupFiled, before, domain.SysReturnCleanup, office); code != "" || got != before {
			t.Errorf("office returns a filing made from %s: %q, %q", before, got, code)
		}
	}
	// 下线 only after acceptance.
	for _, st := range domain.SystemStatuses {
		got, code := next(st, domain.StatusIdle, domain.SysTakeOffline, office)
		if st == domain.StatusCleanupAccepted {
			if code != "" || got != domain.StatusOffline {
				t.Errorf("take offline after acceptance: %q, %q", got, code)
			}
		} else if code != domain.EConflict {
			t.Errorf("take offline from %s: %q, want conflict", st, code)
		}
	}
	if got, code := next(domain.StatusCleanupAccepted, "", domain.SysTakeOffline, contact); code != "" || got != domain.StatusOffline {
		t.Errorf("contact takes an accepted system offline: %q, %q", got, code)
	}
	// 在建 (FLOW-2): it goes live into running (by the unit or the office), is not marked idle,
	// unmaintained or superseded before it runs, and an abandoned one is filed for cleanup by the
	// 责任人 and, returned, is under construction again.
	for _, who := range [][]domain.SystemActor{contact, head, office} {
		if got, code := next(domain.StatusUnderConstruction, "", domain.SysGoLive, who); code != "" || got != domain.StatusRunning {
			t.Errorf("go live by %v: %q, %q", who, got, code)
		}
	}
	if _, code := next(domain.StatusUnderConstruction, "", domain.SysGoLive, nobody); code != domain.EForbidden {
		t.Errorf("go live by nobody: %q, want forbidden", code)
	}
	for _, act := range []domain.SystemAction{domain.SysMarkIdle, domain.SysMarkUnmaintained, domain.SysMarkSuperseded, domain.SysResume, domain.SysTakeOffline} {
		if _, code := next(domain.StatusUnderConstruction, "", act, officeAll); code != domain.EConflict {
			t.Errorf("%s from under construction: %q, want conflict", act, code)
		}
	}
	for _, st := range domain.SystemStatuses {
		if _, code := next(st, "", domain.SysGoLive, officeAll); st != domain.StatusUnderConstruction && code != domain.EConflict {
			t.Errorf("go live from %s: %q, want conflict", st, code)
		}
	}
	if got, code := next(domain.StatusUnderConstruction, "", domain.SysFileCleanup, head); code != "" || got != domain.StatusCleanupFiled {
		t.Errorf("head files cleanup of an abandoned construction: %q, %q", got, code)
	}
	if got, code := next(domain.StatusCleanupFiled, domain.StatusUnderConstruction, domain.SysReturnCleanup, office); code != "" || got != domain.StatusUnderConstruction {
		t.Errorf("a returned filing made under construction: %q, %q", got, code)
	}
	// Offline is the end.
	for _, act := range domain.SystemActions {
		if _, code := next(domain.StatusOffline, "", act, officeAll); code != domain.EConflict {
			t.Errorf("%s from offline: %q, want conflict", act, code)
		}
	}
	// An unknown action is bad input, not a state problem.
	_, err := domain.SystemFlow.Next(domain.StatusRunning, "delete", officeAll, "", &domain.System{Status: domain.StatusRunning})
	wantInvalid(t, "unknown action", err, "action", "err.enum")
}

func TestSystemAvailable(t *testing.T) {
	// Available offers exactly the steps Next allows, in display order.
	for _, st := range domain.SystemStatuses {
		for _, as := range actorSets {
			s := &domain.System{Status: st, StatusBefore: domain.StatusIdle}
			var want []domain.SystemAction
			for _, a := range domain.SystemActions {
				if _, err := domain.SystemFlow.Next(s.Status, a, as.who, "", s); err == nil {
					want = append(want, a)
				}
			}
			if got := domain.SystemFlow.Available(s.Status, as.who, s); !slices.Equal(got, want) {
				t.Errorf("Available(%s, %s) = %v, want %v", st, as.name, got, want)
			}
		}
	}
	// And the buttons people see, spelled out.
	cases := []struct {
		st   domain.SystemStatus
		who  []domain.SystemActor
		name string
		want []domain.SystemAction
	}{
		{domain.StatusUnderConstruction, contact, "contact", []domain.SystemAction{domain.SysGoLive}},
		{domain.StatusUnderConstruction, head, "head", []domain.SystemAction{domain.SysGoLive, domain.SysFileCleanup}},
		{domain.StatusUnderConstruction, office, "office", []domain.SystemAction{domain.SysGoLive}},
		{domain.StatusRunning, contact, "contact", []domain.SystemAction{domain.SysMarkIdle, domain.SysMarkUnmaintained, domain.SysMarkSuperseded}},
		{domain.StatusRunning, head, "head", []domain.SystemAction{domain.SysMarkIdle, domain.SysMarkUnmaintained, domain.SysMarkSuperseded}},
		{domain.StatusRunning, office, "office", []domain.SystemAction{domain.SysMarkIdle, domain.SysMarkUnmaintained, domain.SysMarkSuperseded}},
		{domain.StatusIdle, contact, "contact", []domain.SystemAction{domain.SysMarkUnmaintained, domain.SysMarkSuperseded, domain.SysResume}},
		{domain.StatusIdle, head, "head", []domain.SystemAction{domain.SysMarkUnmaintained, domain.SysMarkSuperseded, domain.SysResume, domain.SysFileCleanup}},
		{domain.StatusIdle, office, "office", []domain.SystemAction{domain.SysMarkUnmaintained, domain.SysMarkSuperseded, domain.SysResume}},
		{domain.StatusSuperseded, head, "head", []domain.SystemAction{domain.SysResume, domain.SysFileCleanup}},
		{domain.StatusCleanupFiled, contact, "contact", nil},
		{domain.StatusCleanupFiled, head, "head", nil},
		{domain.StatusCleanupFiled, office, "office", []domain.SystemAction{domain.SysAcceptCleanup, domain.SysReturnCleanup}},
		{domain.StatusCleanupAccepted, contact, "contact", []domain.SystemAction{domain.SysTakeOffline}},
		{domain.StatusCleanupAccepted, office, "office", []domain.SystemAction{domain.SysTakeOffline}},
		{domain.StatusOffline, officeAll, "everyone", nil},
		{domain.StatusIdle, nobody, "nobody", nil},
	}
	for _, c := range cases {
		if got := domain.SystemFlow.Available(c.st, c.who, &domain.System{Status: c.st, StatusBefore: domain.StatusIdle}); !slices.Equal(got, c.want) {
			t.Errorf("Available(%s, %s) = %v, want %v", c.st, c.name, got, c.want)
		}
	}
}
