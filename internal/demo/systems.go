package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// SystemSeed is one demo information system (ENV-P1, ENV-P3, BLD-R5).
type SystemSeed struct {
	Code, Name, UnitCode, Purpose string
	Category                      domain.SystemCategory
	Classification                domain.Classification
	Hosting                       domain.Hosting
	HostingNote                   string
	Network                       domain.Network
	Exemption                     domain.CloudExemption // ENV-P1: 上级统建 / 上级要求保留, with its Basis
	Basis                         string
	Levels                        []domain.UserLevel
	GoLive, LastUpgrade           string                // "2019-05-01" or ""
	Vendor, AnnualCost            string                // AnnualCost in 万元, e.g. "12.5"
	Steps                         []domain.SystemAction // lifecycle steps to replay after creation, e.g. {SysMarkIdle}
	ReplacedBy                    string                // code of the replacing system, for SysMarkSuperseded
	// SinceMonths: the last step's state began this many months before the demo's today (补录),
	// so that the demo shows systems idle long enough for BLD-R5 and recently idle ones beside.
	SinceMonths int
}

const seedDate = "2006-01-02"

// System turns the seed into a registry entry of the given unit, as CreateSystem takes it.
// A date that does not parse is left zero (LoadSystems refuses such a seed).
func (s SystemSeed) System(unitID int64) *domain.System {
	goLive, _ := time.Parse(seedDate, s.GoLive)
	upgrade, _ := time.Parse(seedDate, s.LastUpgrade)
	return withSharing(s.Code, &domain.System{ // plans.go: exchange channels and base data
		Code: s.Code, Name: s.Name, UnitID: unitID, Purpose: s.Purpose,
		Category: s.Category, Classification: s.Classification,
		Hosting: s.Hosting, HostingNote: s.HostingNote, Network: s.Network, CloudExemption: s.Exemption, CloudExemptionBasis: s.Basis,
		UserLevels: slices.Clone(s.Levels), GoLive: goLive, LastUpgrade: upgrade,
		Vendor: s.Vendor, AnnualCost: s.AnnualCost,
	})
}

func (s SystemSeed) checkDates() error {
	for _, d := range []string{s.GoLive, s.LastUpgrade} {
		if _, err := time.Parse(seedDate, d); d != "" && err != nil {
			return fmt.Errorf("date %q is not YYYY-MM-DD", d)
		}
	}
	return nil
}

// stepNotes go into the audit record of each replayed lifecycle step.
var stepNotes = map[domain.SystemAction]string{
	domain.SysMarkIdle:         "演示数据：系统已无业务使用",
	domain.SysMarkUnmaintained: "演示数据：运维合同到期未续签",
	domain.SysMarkSuperseded:   "演示数据：功能已由新系统承接",
	domain.SysFileCleanup:      "演示数据：清理备案（BLD-R5），数据已归档，账号已注销",
	domain.SysAcceptCleanup:    "演示数据：经核查，同意清理备案",
	domain.SysTakeOffline:      "演示数据：服务已停止，政务云资源已回收",
}

// stepActor is the command line acting in the capacity a lifecycle step asks for (the
// transition table in the domain decides by capacity, not by the command line's blanket
// authority): the info office accepts or returns a cleanup filing, the owning unit's 责任人
// takes every other step (BLD-R5). The audit log shows the command line with that role.
func stepActor(act domain.SystemAction, unitID int64, unitCode string) domain.Actor {
	if act == domain.SysAcceptCleanup || act == domain.SysReturnCleanup {
		return officeActor()
	}
	return unitHead(unitID, unitCode)
}

// LoadSystems creates the demo systems through the use cases as the command line
// (app.SystemActor()), then replays each system's Steps, so validation and audit apply as
// for any other change. All systems are created before any step is replayed, so a system
// can be superseded by one listed after it. unitIDs maps unit code → id.
func LoadSystems(ctx context.Context, svc *app.Service, unitIDs map[string]int64) error {
	cli := app.SystemActor()
	ids := make(map[string]int64, len(Systems))
	versions := make(map[string]int64, len(Systems))
	for _, s := range Systems {
		unitID := unitIDs[s.UnitCode]
		if unitID == 0 {
			return fmt.Errorf("demo: system %s %s: unknown unit %s", s.Code, s.Name, s.UnitCode)
		}
		if err := s.checkDates(); err != nil {
			return fmt.Errorf("demo: system %s %s: %w", s.Code, s.Name, err)
		}
		sys := s.System(unitID)
		if err := svc.CreateSystem(ctx, cli, sys); err != nil {
			return fmt.Errorf("demo: system %s %s: %w", s.Code, s.Name, err)
		}
		ids[s.Code], versions[s.Code] = sys.ID, sys.Version
	}
	for _, s := range Systems {
		for _, act := range s.Steps {
			st := app.SystemStep{Version: versions[s.Code], Action: act, Note: stepNotes[act]}
			if s.SinceMonths > 0 && act == s.Steps[len(s.Steps)-1] {
				st.Since = svc.Today().AddDate(0, -s.SinceMonths, 0)
			}
			if act == domain.SysMarkSuperseded {
				if st.ReplacedBy = ids[s.ReplacedBy]; st.ReplacedBy == 0 {
					return fmt.Errorf("demo: system %s %s: replacing system %q is not a demo system", s.Code, s.Name, s.ReplacedBy)
				}
			}
			sys, err := svc.TransitionSystem(ctx, stepActor(act, unitIDs[s.UnitCode], s.UnitCode), ids[s.Code], st)
			if err != nil {
				return fmt.Errorf("demo: system %s %s: %s: %w", s.Code, s.Name, act, err)
			}
			versions[s.Code] = sys.Version
		}
	}
	return nil
}

// Levels served (PTL-R2): district-wide systems serve the district, towns/streets and
// villages/communities; a town's own systems serve the town and its villages.
var (
	levelsD   = []domain.UserLevel{domain.LevelDistrict}
	levelsDT  = []domain.UserLevel{domain.LevelDistrict, domain.LevelTown}
	levelsDTV = []domain.UserLevel{domain.LevelDistrict, domain.LevelTown, domain.LevelVillage}
	levelsT   = []domain.UserLevel{domain.LevelTown}
	levelsTV  = []domain.UserLevel{domain.LevelTown, domain.LevelVillage}
)

// Systems is the demo inventory of 相城区: mostly on the government cloud (ENV-P1); some in
// units' machine rooms or hosted elsewhere on the extranet or the internet (findings, or
// candidates for a migration plan, ENV-R2); systems the city or province built, exempted from
// moving (上级统建, with the document that built them); systems on a department's own private
// network (部门专网), outside ENV-P1's scope; on-site production equipment with its
// justification (ENV-P3); a few classified (涉密) systems with minimal metadata only; and some
// idle, unmaintained, superseded or cleaned-up ones (BLD-R5). Vendors and the documents'
// numbers are invented; any likeness to a real company or document is chance.
//
// Codes are XC-SYS-NNNN in list order.
var Systems = []SystemSeed{
	// 区政府办公室.
	{Code: "XC-SYS-0001", Name: "相城区人民政府门户网站", UnitCode: "320507101", Purpose: "区政府信息公开、政务动态发布和政民互动的统一门户（PTL-P1）", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsDTV, GoLive: "2008-10-01", LastUpgrade: "2022-07-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "32"},
	{Code: "XC-SYS-0002", Name: "协同办公系统（OA）", UnitCode: "320507101", Purpose: "全区党政机关公文流转、会议管理和内部事务协同办理", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2011-03-01", LastUpgrade: "2023-02-01", Vendor: "江苏苏澄信息产业有限公司", AnnualCost: "65"},
	{Code: "XC-SYS-0003", Name: "12345政务服务热线系统", UnitCode: "320507101", Purpose: "12345热线受理、派单、督办和回访，工单下派至镇街和村社区", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2012-12-01", LastUpgrade: "2024-01-10", Vendor: "江苏汇澄软件股份有限公司", AnnualCost: "75"},
	{Code: "XC-SYS-0004", Name: "网格化社会治理平台", UnitCode: "320507101", Purpose: "网格员巡查上报、事件流转处置和社会治理态势分析", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2018-05-01", LastUpgrade: "2024-07-01", Vendor: "苏州御窑数字科技有限公司", AnnualCost: "75"},
	{Code: "XC-SYS-0005", Name: "视频会议系统", UnitCode: "320507101", Purpose: "区镇两级视频会议和应急视频会商", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区政府办公室视频会议机房", Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2009-06-01", LastUpgrade: "2019-08-01", Vendor: "苏州元和视讯技术有限公司", AnnualCost: "12"},
	{Code: "XC-SYS-0006", Name: "涉密文件交换系统", UnitCode: "320507101", Classification: domain.Classified},

	// 区委办公室.
	{Code: "XC-SYS-0007", Name: "智慧党建云平台", UnitCode: "320507102", Purpose: "党组织、党员信息管理，三会一课和党员教育线上开展", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2019-07-01", Vendor: "苏州御窑数字科技有限公司", AnnualCost: "22"},
	{Code: "XC-SYS-0008", Name: "机要文件处理系统", UnitCode: "320507102", Classification: domain.Classified},
	{Code: "XC-SYS-0009", Name: "涉密办公系统", UnitCode: "320507102", Classification: domain.Classified},

	// 区发展和改革委员会.
	{Code: "XC-SYS-0010", Name: "社会信用信息平台", UnitCode: "320507103", Purpose: "公共信用信息归集、信用查询和守信联合激励失信联合惩戒", Category: domain.CategoryBaseLibrary, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2017-06-01", LastUpgrade: "2022-09-01", Vendor: "江苏汇澄软件股份有限公司", AnnualCost: "36"},
	{Code: "XC-SYS-0011", Name: "投资项目在线审批监管平台（相城节点）", UnitCode: "320507103", Purpose: "固定资产投资项目赋码、审批、核准和备案的在线办理与监管", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingOther, HostingNote: "省级统建，部署于江苏省政务云", Network: domain.NetworkExtranet,
		Exemption: domain.ExemptHigherBuilt, Basis: "江苏省发展改革委《关于投资项目在线审批监管平台全省统一部署应用的通知》（苏发改投资发〔2015〕1436号）", Levels: levelsDT, GoLive: "2016-01-01", LastUpgrade: "2021-05-01", Vendor: "北京京澄软件有限公司", AnnualCost: "3"},
	{Code: "XC-SYS-0012", Name: "价格监测系统", UnitCode: "320507103", Purpose: "重要商品和服务价格采集、监测和报送", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2013-05-01", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "4.5", Steps: []domain.SystemAction{domain.SysMarkIdle}, SinceMonths: 9},

	// 区经济和信息化局（区信息办）.
	{Code: "XC-SYS-0013", Name: "政务云管理平台", UnitCode: "320507104", Purpose: "区政务云计算、存储、网络资源的申请、分配、计量和运维监控（ENV-R1）", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2017-09-01", LastUpgrade: "2024-10-01", Vendor: "江苏苏澄信息产业有限公司", AnnualCost: "55"},
	{Code: "XC-SYS-0014", Name: "电子政务外网网络管理系统", UnitCode: "320507104", Purpose: "电子政务外网区、镇街、村社区三级网络设备监控与运维", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区经信局网络中心机房（电子政务外网核心接入机房）", Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2010-04-01", LastUpgrade: "2021-06-01", Vendor: "苏州蠡口网络科技有限公司", AnnualCost: "18"},
	{Code: "XC-SYS-0015", Name: "政务外网安全接入平台", UnitCode: "320507104", Purpose: "移动终端和下级单位接入电子政务外网的认证、准入和审计", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区经信局网络中心机房（电子政务外网核心接入机房）", Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2016-09-01", LastUpgrade: "2022-09-01", Vendor: "江苏澄盾网络安全技术有限公司", AnnualCost: "25"},
	{Code: "XC-SYS-0016", Name: "网络安全态势感知平台", UnitCode: "320507104", Purpose: "全区政务网络和政务云的安全监测、威胁预警和通报处置", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2020-10-01", LastUpgrade: "2024-09-01", Vendor: "江苏澄盾网络安全技术有限公司", AnnualCost: "80"},
	{Code: "XC-SYS-0017", Name: "相城企业服务云", UnitCode: "320507104", Purpose: "惠企政策发布、企业诉求受理和政策兑现线上申报", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsDT, GoLive: "2019-11-01", LastUpgrade: "2023-10-01", Vendor: "苏州相和数据科技有限公司", AnnualCost: "35"},

	// 区教育局.
	{Code: "XC-SYS-0018", Name: "智慧教育云平台", UnitCode: "320507105", Purpose: "全区中小学和幼儿园教学资源、统一身份认证和教育管理应用的承载平台", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2017-09-01", LastUpgrade: "2024-08-20", Vendor: "苏州启澄教育科技有限公司", AnnualCost: "120"},
	{Code: "XC-SYS-0019", Name: "区学籍管理系统", UnitCode: "320507105", Purpose: "区属中小学学籍变动、转学和毕业审核", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2012-09-01", LastUpgrade: "2020-08-01", Vendor: "苏州启澄教育科技有限公司", AnnualCost: "6"},
	{Code: "XC-SYS-0020", Name: "义务教育招生入学报名平台", UnitCode: "320507105", Purpose: "义务教育阶段新生网上报名、材料审核和派位结果查询", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsDT, GoLive: "2018-05-01", LastUpgrade: "2025-04-01", Vendor: "苏州启澄教育科技有限公司", AnnualCost: "25"},
	{Code: "XC-SYS-0021", Name: "教育城域网管理系统", UnitCode: "320507105", Purpose: "教育城域网骨干和校园网出口的设备监控、上网行为管理", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区教育局机房（教育城域网中心）", Network: domain.NetworkPrivate, Levels: levelsDT, GoLive: "2011-05-01", LastUpgrade: "2019-06-01", Vendor: "苏州启澄教育科技有限公司", AnnualCost: "14"},
	{Code: "XC-SYS-0022", Name: "校园安全视频监控平台", UnitCode: "320507105", Purpose: "中小学校园出入口、周界视频监控集中管理", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区教育局机房（教育城域网中心）", Network: domain.NetworkPrivate, Levels: levelsDT, GoLive: "2015-08-01", LastUpgrade: "2022-08-01", Vendor: "苏州元和视讯技术有限公司", AnnualCost: "28"},
	{Code: "XC-SYS-0023", Name: "教师继续教育管理系统", UnitCode: "320507105", Purpose: "教师继续教育学分登记、培训报名和学时审核", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsDT, GoLive: "2016-02-01", Vendor: "苏州启澄教育科技有限公司", AnnualCost: "5", Steps: []domain.SystemAction{domain.SysMarkIdle}, SinceMonths: 2},
	{Code: "XC-SYS-0024", Name: "教育局OA办公系统（旧版）", UnitCode: "320507105", Purpose: "教育局机关内部公文流转（已改用区协同办公系统）", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2010-09-01", Vendor: "苏州澄枫信息技术有限公司", AnnualCost: "3.5", Steps: []domain.SystemAction{domain.SysMarkIdle, domain.SysFileCleanup}},

	// 苏州市公安局相城分局.
	{Code: "XC-SYS-0025", Name: "公安视频监控联网平台", UnitCode: "320507106", Purpose: "全区公共安全视频监控点位的联网汇聚、存储和调阅", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区公安分局机房", Network: domain.NetworkPrivate,
		Exemption: domain.ExemptHigherRetained, Basis: "苏州市公安局《关于保留各分局公安信息网机房的通知》（苏公通〔2019〕35号）", Levels: levelsDT, GoLive: "2013-06-01", LastUpgrade: "2023-05-01", Vendor: "苏州元和视讯技术有限公司", AnnualCost: "240"},
	{Code: "XC-SYS-0026", Name: "雪亮工程视频共享平台", UnitCode: "320507106", Purpose: "经安全边界向综治、城管、应急等部门共享公共视频资源", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2019-12-01", LastUpgrade: "2024-11-01", Vendor: "苏州元和视讯技术有限公司", AnnualCost: "95"},
	{Code: "XC-SYS-0027", Name: "出租房屋流动人口管理系统", UnitCode: "320507106", Purpose: "出租房屋登记、流动人口居住登记和社区民警核查", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2014-03-01", LastUpgrade: "2020-09-01", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "18"},
	{Code: "XC-SYS-0028", Name: "交通信号控制系统", UnitCode: "320507106", Purpose: "全区路口交通信号配时优化和绿波协调控制", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingOnsite, HostingNote: "信号机及区域控制主机须部署于路口和交警指挥中心现场，实时控制路口信号（ENV-P3）", Network: domain.NetworkPrivate, Levels: levelsD, GoLive: "2015-04-01", LastUpgrade: "2023-04-01", Vendor: "苏州漕湖智联科技有限公司", AnnualCost: "60"},
	{Code: "XC-SYS-0029", Name: "情报信息综合研判系统", UnitCode: "320507106", Classification: domain.Classified},
	{Code: "XC-SYS-0030", Name: "警务指挥调度涉密子系统", UnitCode: "320507106", Classification: domain.Classified},

	// 区民政局.
	{Code: "XC-SYS-0031", Name: "智慧养老服务平台", UnitCode: "320507107", Purpose: "居家上门服务派单、养老机构监管和老年人能力评估", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2018-11-01", LastUpgrade: "2024-04-01", Vendor: "苏州相和数据科技有限公司", AnnualCost: "42"},
	{Code: "XC-SYS-0032", Name: "社会救助管理系统", UnitCode: "320507107", Purpose: "低保、特困、临时救助的申请、审核审批和资金发放（含家庭经济状况核对）", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2019-06-01", LastUpgrade: "2023-12-01", Vendor: "江苏汇澄软件股份有限公司", AnnualCost: "30"},
	{Code: "XC-SYS-0033", Name: "低保审核系统", UnitCode: "320507107", Purpose: "最低生活保障申请的镇街初审和区级审批（已由社会救助管理系统替代）", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区民政局机房", Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2010-07-01", LastUpgrade: "2015-06-01", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "4", Steps: []domain.SystemAction{domain.SysMarkSuperseded}, ReplacedBy: "XC-SYS-0032" /* 社会救助管理系统 */, SinceMonths: 14},
	{Code: "XC-SYS-0034", Name: "婚姻登记管理系统", UnitCode: "320507107", Purpose: "结婚、离婚登记和婚姻登记档案查询", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingOther, HostingNote: "省民政厅统建，部署于省民政专有云", Network: domain.NetworkExtranet,
		Exemption: domain.ExemptHigherBuilt, Basis: "江苏省民政厅《关于全省婚姻登记信息系统统一建设和应用的通知》（苏民事〔2008〕21号）", Levels: levelsD, GoLive: "2009-01-01", LastUpgrade: "2020-01-01", Vendor: "北京京澄软件有限公司", AnnualCost: "2"},
	{Code: "XC-SYS-0035", Name: "居家养老服务呼叫中心", UnitCode: "320507107", Purpose: "老年人紧急呼叫和居家养老服务热线（功能已并入智慧养老服务平台）", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区民政局机房", Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2013-10-01", LastUpgrade: "2017-10-01", Vendor: "苏州蠡口网络科技有限公司", AnnualCost: "8", Steps: []domain.SystemAction{domain.SysMarkIdle, domain.SysFileCleanup}},

	// 区司法局.
	{Code: "XC-SYS-0036", Name: "社区矫正信息管理系统", UnitCode: "320507108", Purpose: "社区矫正对象入矫、报到、定位和解矫管理", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingOther, HostingNote: "省司法厅统建，部署于省司法行政专网", Network: domain.NetworkPrivate,
		Exemption: domain.ExemptHigherBuilt, Basis: "江苏省司法厅《关于全省社区矫正信息管理系统统一建设的通知》（苏司通〔2014〕95号）", Levels: levelsDT, GoLive: "2015-01-01", LastUpgrade: "2022-01-01", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "3"},
	{Code: "XC-SYS-0037", Name: "公共法律服务平台", UnitCode: "320507108", Purpose: "法律咨询、法律援助申请和公证预约", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsDTV, GoLive: "2018-12-01", LastUpgrade: "2023-07-01", Vendor: "江苏汇澄软件股份有限公司", AnnualCost: "12"},

	// 区财政局.
	{Code: "XC-SYS-0038", Name: "财政预算一体化系统", UnitCode: "320507109", Purpose: "预算编制、指标管理、支付和会计核算一体化", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2021-01-01", LastUpgrade: "2024-12-01", Vendor: "苏州阳澄财信科技有限公司", AnnualCost: "180"},
	{Code: "XC-SYS-0039", Name: "国库集中支付系统", UnitCode: "320507109", Purpose: "预算单位国库集中支付申请、审核和清算", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区财政局机房", Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2009-05-01", LastUpgrade: "2018-12-01", Vendor: "苏州阳澄财信科技有限公司", AnnualCost: "22"},
	{Code: "XC-SYS-0040", Name: "财政指标管理系统（旧版）", UnitCode: "320507109", Purpose: "预算指标下达和调整（已由预算一体化系统替代）", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区财政局机房", Network: domain.NetworkPrivate, Levels: levelsDT, GoLive: "2008-12-01", LastUpgrade: "2014-06-01", Vendor: "苏州阳澄财信科技有限公司", AnnualCost: "5", Steps: []domain.SystemAction{domain.SysMarkSuperseded}, ReplacedBy: "XC-SYS-0038" /* 财政预算一体化系统 */},
	{Code: "XC-SYS-0041", Name: "政府采购管理系统", UnitCode: "320507109", Purpose: "政府采购计划、合同备案和履约验收", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2015-09-01", LastUpgrade: "2022-10-01", Vendor: "苏州阳澄财信科技有限公司", AnnualCost: "16"},

	// 区人力资源和社会保障局.
	{Code: "XC-SYS-0042", Name: "就业创业服务平台", UnitCode: "320507110", Purpose: "求职招聘、就业登记、创业补贴和职业培训补贴申领", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsDTV, GoLive: "2016-03-01", LastUpgrade: "2023-05-01", Vendor: "江苏汇澄软件股份有限公司", AnnualCost: "26"},
	{Code: "XC-SYS-0043", Name: "社会保险经办系统", UnitCode: "320507110", Purpose: "企业职工和城乡居民社会保险参保登记、缴费和待遇核定", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingOther, HostingNote: "市人社局统建，部署于市人社数据中心", Network: domain.NetworkPrivate,
		Exemption: domain.ExemptHigherBuilt, Basis: "苏州市人力资源和社会保障局《关于社会保险经办信息系统全市集中统一建设的通知》（苏人社发〔2009〕156号）", Levels: levelsDT, GoLive: "2010-01-01", LastUpgrade: "2022-06-01", Vendor: "北京京澄软件有限公司", AnnualCost: "5"},
	{Code: "XC-SYS-0044", Name: "人事人才档案管理系统", UnitCode: "320507110", Purpose: "流动人员人事档案接收、转递和查询", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2015-05-01", Vendor: "江苏苏澄信息产业有限公司", AnnualCost: "5.5", Steps: []domain.SystemAction{domain.SysMarkUnmaintained}},

	// 苏州市自然资源和规划局相城分局.
	{Code: "XC-SYS-0045", Name: "不动产登记系统", UnitCode: "320507111", Purpose: "不动产首次、转移、抵押登记和权属查询", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "自然资源和规划分局机房（不动产登记中心）", Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2016-10-01", LastUpgrade: "2023-08-01", Vendor: "苏州东桥测绘地理信息有限公司", AnnualCost: "60"},
	{Code: "XC-SYS-0046", Name: "空间地理信息平台", UnitCode: "320507111", Purpose: "全区基础测绘成果、影像和地名地址的统一服务（空间地理基础库）", Category: domain.CategoryBaseLibrary, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2017-04-01", LastUpgrade: "2024-06-01", Vendor: "苏州东桥测绘地理信息有限公司", AnnualCost: "70"},
	{Code: "XC-SYS-0047", Name: "国土空间基础信息平台", UnitCode: "320507111", Purpose: "国土空间规划“一张图”实施监督", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2020-11-01", LastUpgrade: "2024-10-01", Vendor: "苏州东桥测绘地理信息有限公司", AnnualCost: "50"},

	// 苏州市生态环境局相城分局.
	{Code: "XC-SYS-0048", Name: "污染源在线监控系统", UnitCode: "320507112", Purpose: "重点排污单位废水、废气在线监测数据接收和超标报警", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2012-06-01", LastUpgrade: "2022-05-01", Vendor: "上海申澄智能科技有限公司", AnnualCost: "35"},
	{Code: "XC-SYS-0049", Name: "环境空气质量自动监测站数据采集系统", UnitCode: "320507112", Purpose: "区内国控、省控空气自动监测站数据采集和质控", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingOnsite, HostingNote: "空气自动监测站分析仪和数采仪须部署于站点现场（ENV-P3）", Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2015-01-01", LastUpgrade: "2023-01-01", Vendor: "上海申澄智能科技有限公司", AnnualCost: "48"},
	{Code: "XC-SYS-0050", Name: "环境信访管理系统", UnitCode: "320507112", Purpose: "环境信访投诉受理和办理（已转由12345热线统一受理）", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2013-11-01", Vendor: "苏州蠡口网络科技有限公司", AnnualCost: "3", Steps: []domain.SystemAction{domain.SysMarkIdle}},

	// 区住房和城乡建设局.
	{Code: "XC-SYS-0051", Name: "建设工程质量安全监管系统", UnitCode: "320507113", Purpose: "在建工程质量安全监督、检查和整改闭环", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2015-06-01", LastUpgrade: "2022-04-01", Vendor: "江苏汇澄软件股份有限公司", AnnualCost: "25"},
	{Code: "XC-SYS-0052", Name: "房产交易与网签备案系统", UnitCode: "320507113", Purpose: "商品房和存量房买卖合同网签、备案和资金监管", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区住建局机房（房产交易中心）", Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2011-09-01", LastUpgrade: "2021-08-01", Vendor: "江苏苏澄信息产业有限公司", AnnualCost: "40"},
	{Code: "XC-SYS-0053", Name: "建筑工地扬尘在线监测系统", UnitCode: "320507113", Purpose: "建筑工地颗粒物在线监测和视频联动", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2019-03-01", Vendor: "苏州湖畔云创信息技术有限公司", AnnualCost: "18"},

	// 区交通运输局.
	{Code: "XC-SYS-0054", Name: "公交智能调度系统", UnitCode: "320507114", Purpose: "公交车辆定位、智能排班调度和实时到站信息发布", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingOther, HostingNote: "电信IDC托管（公交运营公司合作数据中心）", Network: domain.NetworkInternet, Levels: levelsD, GoLive: "2016-05-01", LastUpgrade: "2023-03-01", Vendor: "苏州漕湖智联科技有限公司", AnnualCost: "45"},
	{Code: "XC-SYS-0055", Name: "治超非现场执法系统", UnitCode: "320507114", Purpose: "货车超限超载不停车称重检测和非现场执法", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingOnsite, HostingNote: "称重检测设备和抓拍前端须部署于治超检测站现场（ENV-P3）", Network: domain.NetworkPrivate, Levels: levelsD, GoLive: "2020-09-01", Vendor: "苏州漕湖智联科技有限公司", AnnualCost: "26"},

	// 区水务局.
	{Code: "XC-SYS-0056", Name: "智慧水务平台", UnitCode: "320507115", Purpose: "供水、排水、水环境和防汛数据汇聚与一张图展示", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2020-04-01", LastUpgrade: "2024-09-01", Vendor: "苏州望湖水务自动化有限公司", AnnualCost: "95"},
	{Code: "XC-SYS-0057", Name: "河长制管理平台", UnitCode: "320507115", Purpose: "区镇村三级河长巡河、问题交办和考核", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2017-12-01", LastUpgrade: "2023-06-01", Vendor: "苏州望湖水务自动化有限公司", AnnualCost: "20"},
	{Code: "XC-SYS-0058", Name: "防汛防旱指挥系统", UnitCode: "320507115", Purpose: "雨水情监测、防汛预警发布和抢险调度", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区水务局防汛指挥中心机房", Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2012-05-01", LastUpgrade: "2022-04-01", Vendor: "苏州望湖水务自动化有限公司", AnnualCost: "30"},
	{Code: "XC-SYS-0059", Name: "水厂自控系统（SCADA）", UnitCode: "320507115", Purpose: "区属水厂取水、制水、加药和出厂水质的生产过程控制", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingOnsite, HostingNote: "水厂自控系统，需现场生产环境（ENV-P3）", Network: domain.NetworkPrivate, Levels: levelsD, GoLive: "2014-10-01", LastUpgrade: "2021-10-01", Vendor: "苏州望湖水务自动化有限公司", AnnualCost: "38"},
	{Code: "XC-SYS-0060", Name: "泵闸站远程监控系统", UnitCode: "320507115", Purpose: "区内排涝泵站和节制闸的远程监控和启闭", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingOnsite, HostingNote: "泵闸站PLC和监控主机须部署于泵站现场，保障汛期就地控制（ENV-P3）", Network: domain.NetworkPrivate, Levels: levelsDT, GoLive: "2016-07-01", Vendor: "苏州望湖水务自动化有限公司", AnnualCost: "22"},
	{Code: "XC-SYS-0061", Name: "水资源管理系统", UnitCode: "320507115", Purpose: "取水许可、取水计量和水资源费征收", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2015-03-01", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "6", Steps: []domain.SystemAction{domain.SysMarkUnmaintained}},

	// 区农业农村局.
	{Code: "XC-SYS-0062", Name: "村（社区）“三资”管理平台", UnitCode: "320507116", Purpose: "农村集体资金、资产、资源的账务、合同和交易监管", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2015-12-01", LastUpgrade: "2023-03-01", Vendor: "苏州阳澄财信科技有限公司", AnnualCost: "36"},
	{Code: "XC-SYS-0063", Name: "农产品质量安全追溯平台", UnitCode: "320507116", Purpose: "农产品生产主体备案、合格证开具和质量追溯", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsDTV, GoLive: "2016-09-01", LastUpgrade: "2021-09-01", Vendor: "苏州相和数据科技有限公司", AnnualCost: "12"},
	{Code: "XC-SYS-0064", Name: "动物疫病防控信息系统", UnitCode: "320507116", Purpose: "动物免疫、检疫和疫情报告", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingOther, HostingNote: "省农业农村厅统建，部署于省政务云", Network: domain.NetworkExtranet,
		Exemption: domain.ExemptHigherBuilt, Basis: "江苏省农业农村厅《关于动物疫病防控信息系统全省统一部署的通知》（苏农牧〔2013〕9号）", Levels: levelsDT, GoLive: "2013-04-01", Vendor: "北京京澄软件有限公司", AnnualCost: "2"},

	// 区商务局.
	{Code: "XC-SYS-0065", Name: "商贸流通企业统计监测系统", UnitCode: "320507117", Purpose: "限上商贸企业经营数据监测（已改用省级直报系统）", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2014-08-01", Vendor: "苏州蠡口网络科技有限公司", AnnualCost: "3", Steps: []domain.SystemAction{domain.SysMarkIdle}},
	{Code: "XC-SYS-0066", Name: "电子商务公共服务平台", UnitCode: "320507117", Purpose: "电商企业培训、孵化和网货展示", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingOther, HostingNote: "电信IDC托管", Network: domain.NetworkInternet, Levels: levelsD, GoLive: "2016-11-01", LastUpgrade: "2019-11-01", Vendor: "苏州蠡口网络科技有限公司", AnnualCost: "9"},

	// 区文化体育和旅游局.
	{Code: "XC-SYS-0067", Name: "相城文旅公共服务平台", UnitCode: "320507118", Purpose: "文旅资讯、场馆预约和文化活动报名", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsDT, GoLive: "2019-04-01", LastUpgrade: "2024-04-01", Vendor: "苏州湖畔云创信息技术有限公司", AnnualCost: "20"},
	{Code: "XC-SYS-0068", Name: "公共图书馆管理系统", UnitCode: "320507118", Purpose: "区图书馆和镇街分馆的图书编目、流通和通借通还", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2010-11-01", LastUpgrade: "2020-06-01", Vendor: "苏州蠡口网络科技有限公司", AnnualCost: "12"},

	// 区卫生健康委员会.
	{Code: "XC-SYS-0069", Name: "全民健康信息平台", UnitCode: "320507119", Purpose: "区域医疗卫生数据汇聚、互联互通和业务协同", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2016-12-01", LastUpgrade: "2024-05-01", Vendor: "江苏润元医疗信息技术有限公司", AnnualCost: "150"},
	{Code: "XC-SYS-0070", Name: "基层医疗卫生机构管理信息系统", UnitCode: "320507119", Purpose: "社区卫生服务中心和村卫生室的诊疗、公共卫生和药品管理", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2014-06-01", LastUpgrade: "2023-09-01", Vendor: "江苏润元医疗信息技术有限公司", AnnualCost: "110"},
	{Code: "XC-SYS-0071", Name: "社区卫生服务中心HIS", UnitCode: "320507119", Purpose: "社区卫生服务中心门急诊挂号、收费、药房和住院管理", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区卫健委数据中心机房", Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2009-09-01", LastUpgrade: "2019-09-01", Vendor: "江苏润元医疗信息技术有限公司", AnnualCost: "55"},
	{Code: "XC-SYS-0072", Name: "电子健康档案管理系统", UnitCode: "320507119", Purpose: "居民电子健康档案建档、更新和授权调阅", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2013-03-01", LastUpgrade: "2022-03-01", Vendor: "江苏润元医疗信息技术有限公司", AnnualCost: "35"},
	{Code: "XC-SYS-0073", Name: "疾病预防控制信息系统", UnitCode: "320507119", Purpose: "传染病监测、慢病管理和突发公共卫生事件报告", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2012-04-01", LastUpgrade: "2020-04-01", Vendor: "江苏润元医疗信息技术有限公司", AnnualCost: "22"},
	{Code: "XC-SYS-0074", Name: "预防接种管理系统", UnitCode: "320507119", Purpose: "儿童预防接种登记、预约和疫苗出入库追溯", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2011-02-01", LastUpgrade: "2018-05-01", Vendor: "江苏润元医疗信息技术有限公司", AnnualCost: "16"},
	{Code: "XC-SYS-0075", Name: "家庭医生签约服务系统", UnitCode: "320507119", Purpose: "家庭医生团队签约、履约服务和居民线上咨询", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsDTV, GoLive: "2018-03-01", LastUpgrade: "2023-03-01", Vendor: "江苏润元医疗信息技术有限公司", AnnualCost: "20"},
	{Code: "XC-SYS-0076", Name: "120急救指挥调度系统", UnitCode: "320507119", Purpose: "120呼救受理、急救车辆调度和院前急救信息传递", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区急救中心调度机房", Network: domain.NetworkPrivate, Levels: levelsD, GoLive: "2013-07-01", LastUpgrade: "2022-11-01", Vendor: "江苏安澄应急科技有限公司", AnnualCost: "40"},
	{Code: "XC-SYS-0077", Name: "区卫生信息网（旧版门户）", UnitCode: "320507119", Purpose: "卫健委旧版门户网站（内容已迁入区政府门户网站卫健栏目）", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsD, GoLive: "2009-05-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "2", Steps: []domain.SystemAction{domain.SysMarkIdle, domain.SysFileCleanup, domain.SysAcceptCleanup}},

	// 区退役军人事务局.
	{Code: "XC-SYS-0078", Name: "退役军人服务管理系统", UnitCode: "320507120", Purpose: "退役军人信息采集、服务站管理和帮扶援助", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2019-09-01", Vendor: "苏州相和数据科技有限公司", AnnualCost: "8"},
	{Code: "XC-SYS-0079", Name: "双拥优抚信息系统", UnitCode: "320507120", Purpose: "优抚对象抚恤补助发放和双拥工作台账", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2014-09-01", Vendor: "苏州蠡口网络科技有限公司", AnnualCost: "2.5", Steps: []domain.SystemAction{domain.SysMarkUnmaintained}},

	// 区应急管理局.
	{Code: "XC-SYS-0080", Name: "安全生产监管平台", UnitCode: "320507121", Purpose: "企业安全生产检查、隐患排查治理和执法", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2016-06-01", LastUpgrade: "2023-10-01", Vendor: "江苏安澄应急科技有限公司", AnnualCost: "40"},
	{Code: "XC-SYS-0081", Name: "应急指挥调度系统", UnitCode: "320507121", Purpose: "突发事件信息接报、视频会商、资源调度和预案管理", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2019-01-01", LastUpgrade: "2024-03-01", Vendor: "江苏安澄应急科技有限公司", AnnualCost: "110"},
	{Code: "XC-SYS-0082", Name: "危险化学品安全风险监测预警系统", UnitCode: "320507121", Purpose: "重大危险源企业温度、压力、液位等感知数据的实时监测预警", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2021-04-01", Vendor: "江苏安澄应急科技有限公司", AnnualCost: "45"},

	// 区审计局.
	{Code: "XC-SYS-0083", Name: "审计管理系统", UnitCode: "320507122", Purpose: "审计计划、项目实施和审计档案管理", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2015-04-01", LastUpgrade: "2022-12-01", Vendor: "北京京澄软件有限公司", AnnualCost: "10"},

	// 区市场监督管理局.
	{Code: "XC-SYS-0084", Name: "市场主体登记系统", UnitCode: "320507123", Purpose: "企业和个体工商户设立、变更、注销登记", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2014-03-01", LastUpgrade: "2022-02-01", Vendor: "北京京澄软件有限公司", AnnualCost: "25"},
	{Code: "XC-SYS-0085", Name: "食品安全监管平台", UnitCode: "320507123", Purpose: "食品生产经营主体许可、日常检查和抽检监测", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2017-07-01", LastUpgrade: "2024-02-01", Vendor: "苏州相和数据科技有限公司", AnnualCost: "30"},
	{Code: "XC-SYS-0086", Name: "学校食堂“明厨亮灶”智慧监管系统", UnitCode: "320507123", Purpose: "中小学和幼儿园食堂后厨视频接入和AI违规识别", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2020-09-01", Vendor: "苏州元和视讯技术有限公司", AnnualCost: "28"},
	{Code: "XC-SYS-0087", Name: "计量器具检定管理系统", UnitCode: "320507123", Purpose: "强制检定计量器具登记和检定计划（检定业务已划转市计量院）", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2013-06-01", Vendor: "苏州蠡口网络科技有限公司", AnnualCost: "3", Steps: []domain.SystemAction{domain.SysMarkIdle}},

	// 区统计局.
	{Code: "XC-SYS-0088", Name: "统计数据管理系统", UnitCode: "320507124", Purpose: "统计调查数据的审核、汇总和历史数据查询", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2012-01-01", LastUpgrade: "2020-01-01", Vendor: "北京京澄软件有限公司", AnnualCost: "4"},

	// 区医疗保障局.
	{Code: "XC-SYS-0089", Name: "医疗保障信息平台（相城经办）", UnitCode: "320507125", Purpose: "医保参保登记、待遇审核和基金结算经办", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingOther, HostingNote: "市医保局统建，部署于市医保数据中心", Network: domain.NetworkPrivate,
		Exemption: domain.ExemptHigherBuilt, Basis: "苏州市医疗保障局《关于全市统一的医疗保障信息平台上线运行的通知》（苏医保发〔2021〕52号）", Levels: levelsDT, GoLive: "2021-11-01", Vendor: "北京京澄软件有限公司", AnnualCost: "3"},
	{Code: "XC-SYS-0090", Name: "医保基金智能监管系统", UnitCode: "320507125", Purpose: "定点医药机构医保结算数据的智能审核和疑点核查", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2020-03-01", Vendor: "江苏润元医疗信息技术有限公司", AnnualCost: "20"},

	// 区行政审批局.
	{Code: "XC-SYS-0091", Name: "相城区政务服务网", UnitCode: "320507126", Purpose: "全区政务服务事项网上申报、查询和评价的统一入口，对接江苏政务服务网", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsDTV, GoLive: "2016-06-30", LastUpgrade: "2023-09-15", Vendor: "江苏汇澄软件股份有限公司", AnnualCost: "85"},
	{Code: "XC-SYS-0092", Name: "一网通办统一受理平台", UnitCode: "320507126", Purpose: "综合窗口统一收件、分办、出件，区镇村三级政务服务事项统一受理", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2019-03-01", LastUpgrade: "2024-06-20", Vendor: "江苏汇澄软件股份有限公司", AnnualCost: "168"},
	{Code: "XC-SYS-0093", Name: "政务服务“好差评”系统", UnitCode: "320507126", Purpose: "政务服务办件评价、差评回访整改和统计分析", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2020-01-01", Vendor: "江苏汇澄软件股份有限公司", AnnualCost: "12"},
	{Code: "XC-SYS-0094", Name: "公共资源交易平台", UnitCode: "320507126", Purpose: "工程建设、政府采购和产权交易的电子招投标与交易见证", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsDT, GoLive: "2016-03-01", LastUpgrade: "2023-03-01", Vendor: "江苏汇澄软件股份有限公司", AnnualCost: "40"},
	{Code: "XC-SYS-0095", Name: "区网上办事大厅", UnitCode: "320507126", Purpose: "早期网上办事入口（已由相城区政务服务网替代）", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsDT, GoLive: "2013-10-01", LastUpgrade: "2017-05-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "10", Steps: []domain.SystemAction{domain.SysMarkSuperseded}, ReplacedBy: "XC-SYS-0091" /* 相城区政务服务网 */},
	{Code: "XC-SYS-0096", Name: "网上审批系统（2012版）", UnitCode: "320507126", Purpose: "行政审批事项网上预审和办理（已由一网通办统一受理平台替代并下线）", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "区行政审批局机房（区政务服务中心）", Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2012-08-01", LastUpgrade: "2016-03-01", Vendor: "北京京澄软件有限公司", AnnualCost: "15", Steps: []domain.SystemAction{domain.SysMarkSuperseded, domain.SysFileCleanup, domain.SysAcceptCleanup, domain.SysTakeOffline}, ReplacedBy: "XC-SYS-0092" /* 一网通办统一受理平台 */},

	// 区城市管理局.
	{Code: "XC-SYS-0097", Name: "城市运行管理服务平台（一网统管）", UnitCode: "320507127", Purpose: "城市运行体征监测、事件统一分拨和跨部门联动处置", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2022-06-01", LastUpgrade: "2025-06-01", Vendor: "上海申澄智能科技有限公司", AnnualCost: "260"},
	{Code: "XC-SYS-0098", Name: "数字城管系统", UnitCode: "320507127", Purpose: "城市部件事件采集、立案、派遣、处置和核查结案", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2010-12-01", LastUpgrade: "2019-12-01", Vendor: "苏州蠡口网络科技有限公司", AnnualCost: "45"},
	{Code: "XC-SYS-0099", Name: "城管执法办案系统", UnitCode: "320507127", Purpose: "城市管理领域行政处罚案件办理", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2016-04-01", LastUpgrade: "2022-07-01", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "14"},
	{Code: "XC-SYS-0100", Name: "垃圾分类智能监管平台", UnitCode: "320507127", Purpose: "生活垃圾分类投放、收运车辆和处置量的全过程监管", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2020-11-01", LastUpgrade: "2024-05-01", Vendor: "苏州漕湖智联科技有限公司", AnnualCost: "32"},

	// 区数据局.
	{Code: "XC-SYS-0101", Name: "政务数据共享交换平台", UnitCode: "320507128", Purpose: "跨部门、跨层级政务数据的交换与共享（SHR-P1）", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2017-11-01", LastUpgrade: "2024-03-01", Vendor: "苏州相和数据科技有限公司", AnnualCost: "120"},
	{Code: "XC-SYS-0102", Name: "人口基础信息库", UnitCode: "320507128", Purpose: "全区实有人口基础信息的汇聚、比对和共享（人口库）", Category: domain.CategoryBaseLibrary, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2018-06-01", LastUpgrade: "2024-05-01", Vendor: "苏州相和数据科技有限公司", AnnualCost: "45"},
	{Code: "XC-SYS-0103", Name: "法人单位基础信息库", UnitCode: "320507128", Purpose: "企业、机关事业单位和社会组织基础信息的汇聚和共享（法人库）", Category: domain.CategoryBaseLibrary, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2018-06-01", LastUpgrade: "2023-11-01", Vendor: "苏州相和数据科技有限公司", AnnualCost: "38"},
	{Code: "XC-SYS-0104", Name: "电子证照库", UnitCode: "320507128", Purpose: "电子证照的制证、归集、共享和用证核验", Category: domain.CategoryBaseLibrary, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2019-09-01", LastUpgrade: "2024-08-01", Vendor: "江苏汇澄软件股份有限公司", AnnualCost: "40"},
	{Code: "XC-SYS-0105", Name: "政务信息资源目录系统", UnitCode: "320507128", Purpose: "政务信息资源目录的编制、登记、发布和维护（SHR-P3）", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDT, GoLive: "2019-04-01", LastUpgrade: "2023-06-01", Vendor: "苏州相和数据科技有限公司", AnnualCost: "25"},
	{Code: "XC-SYS-0106", Name: "公共数据开放平台", UnitCode: "320507128", Purpose: "公共数据向社会有条件开放和开发利用", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsD, GoLive: "2021-07-01", Vendor: "苏州湖畔云创信息技术有限公司", AnnualCost: "30"},
	{Code: "XC-SYS-0107", Name: "城市大脑数据中台", UnitCode: "320507128", Purpose: "数据治理、指标计算和算法模型服务", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2022-12-01", LastUpgrade: "2025-03-01", Vendor: "上海申澄智能科技有限公司", AnnualCost: "260"},
	{Code: "XC-SYS-0108", Name: "统一身份认证平台", UnitCode: "320507128", Purpose: "政务人员和办事群众的统一身份认证与单点登录", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsDTV, GoLive: "2018-10-01", LastUpgrade: "2023-04-01", Vendor: "苏州湖畔云创信息技术有限公司", AnnualCost: "28"},
	{Code: "XC-SYS-0109", Name: "i相城移动服务平台", UnitCode: "320507128", Purpose: "政务服务和便民服务的移动端入口（App和小程序后台）", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsDTV, GoLive: "2020-05-20", LastUpgrade: "2024-12-01", Vendor: "杭州浙澄数字技术有限公司", AnnualCost: "48"},

	// 国家税务总局苏州市相城区税务局.
	{Code: "XC-SYS-0110", Name: "涉税信息共享交换系统", UnitCode: "320507129", Purpose: "与区级部门交换不动产、工商登记等第三方涉税信息", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsD, GoLive: "2019-05-01", Vendor: "苏州阳澄财信科技有限公司", AnnualCost: "6"},

	// 元和街道.
	{Code: "XC-SYS-0111", Name: "元和街道门户网站", UnitCode: "320507201", Purpose: "街道政务公开、便民服务和社区动态", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsTV, GoLive: "2012-05-01", LastUpgrade: "2021-05-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "3"},
	{Code: "XC-SYS-0112", Name: "元和街道综合执法系统", UnitCode: "320507201", Purpose: "街道综合行政执法案件办理和执法巡查", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2021-01-01", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "8"},
	{Code: "XC-SYS-0113", Name: "元和街道智慧社区服务平台", UnitCode: "320507201", Purpose: "社区居民服务预约、活动报名和社区事务公开", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsTV, GoLive: "2019-08-01", LastUpgrade: "2023-08-01", Vendor: "苏州御窑数字科技有限公司", AnnualCost: "15"},
	{Code: "XC-SYS-0114", Name: "元和街道网格化管理系统（旧版）", UnitCode: "320507201", Purpose: "街道自建网格事件上报（事件已统一进入区网格化社会治理平台）", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsTV, GoLive: "2014-06-01", Vendor: "苏州蠡口网络科技有限公司", AnnualCost: "4", Steps: []domain.SystemAction{domain.SysMarkIdle}},

	// 黄桥街道.
	{Code: "XC-SYS-0115", Name: "黄桥街道门户网站", UnitCode: "320507202", Purpose: "街道政务公开和便民服务", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsTV, GoLive: "2013-04-01", LastUpgrade: "2020-10-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "2.5"},
	{Code: "XC-SYS-0116", Name: "黄桥街道综合执法系统", UnitCode: "320507202", Purpose: "街道综合行政执法案件办理和执法巡查", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2021-03-01", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "7"},

	// 北桥街道.
	{Code: "XC-SYS-0117", Name: "北桥街道门户网站", UnitCode: "320507203", Purpose: "街道政务公开和便民服务", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsTV, GoLive: "2013-06-01", LastUpgrade: "2020-12-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "2.5"},
	{Code: "XC-SYS-0118", Name: "北桥街道综合执法系统", UnitCode: "320507203", Purpose: "街道综合行政执法案件办理和执法巡查", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2021-02-01", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "7"},
	{Code: "XC-SYS-0119", Name: "北桥街道农村集体资产交易平台", UnitCode: "320507203", Purpose: "村集体资产资源租赁、发包的公开竞价交易", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "北桥街道办事处机房", Network: domain.NetworkInternet, Levels: levelsTV, GoLive: "2017-09-01", Vendor: "苏州蠡口网络科技有限公司", AnnualCost: "5"},

	// 太平街道.
	{Code: "XC-SYS-0120", Name: "太平街道门户网站", UnitCode: "320507204", Purpose: "街道政务公开和便民服务", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsTV, GoLive: "2013-05-01", LastUpgrade: "2021-06-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "2.5"},
	{Code: "XC-SYS-0121", Name: "太平街道综合执法系统", UnitCode: "320507204", Purpose: "街道综合行政执法案件办理和执法巡查", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2021-04-01", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "7"},
	{Code: "XC-SYS-0122", Name: "太平街道社会治安视频监控平台", UnitCode: "320507204", Purpose: "街道和村社区自建治安监控点位的汇聚和调阅", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsTV, GoLive: "2016-05-01", LastUpgrade: "2021-05-01", Vendor: "苏州元和视讯技术有限公司", AnnualCost: "12"},

	// 澄阳街道.
	{Code: "XC-SYS-0123", Name: "澄阳街道门户网站", UnitCode: "320507205", Purpose: "街道政务公开和便民服务", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsTV, GoLive: "2014-03-01", LastUpgrade: "2021-03-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "2.5"},
	{Code: "XC-SYS-0124", Name: "澄阳街道综合执法系统", UnitCode: "320507205", Purpose: "街道综合行政执法案件办理和执法巡查", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2021-05-01", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "7"},
	{Code: "XC-SYS-0125", Name: "澄阳街道智慧园区管理平台", UnitCode: "320507205", Purpose: "产业园区企业入驻、能耗和安全管理", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2020-04-01", Vendor: "苏州湖畔云创信息技术有限公司", AnnualCost: "16"},

	// 北河泾街道.
	{Code: "XC-SYS-0126", Name: "北河泾街道门户网站", UnitCode: "320507206", Purpose: "街道政务公开和便民服务", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsTV, GoLive: "2015-01-01", LastUpgrade: "2022-01-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "2.5"},
	{Code: "XC-SYS-0127", Name: "北河泾街道综合执法系统", UnitCode: "320507206", Purpose: "街道综合行政执法案件办理和执法巡查", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2021-06-01", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "7"},

	// 漕湖街道.
	{Code: "XC-SYS-0128", Name: "漕湖街道门户网站", UnitCode: "320507207", Purpose: "街道政务公开和便民服务", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsTV, GoLive: "2014-09-01", LastUpgrade: "2021-09-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "2.5"},
	{Code: "XC-SYS-0129", Name: "漕湖街道综合执法系统", UnitCode: "320507207", Purpose: "街道综合行政执法案件办理和执法巡查", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2021-03-15", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "7"},
	{Code: "XC-SYS-0130", Name: "漕湖街道安全生产网格化监管系统", UnitCode: "320507207", Purpose: "企业安全生产网格巡查和隐患闭环整改", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsTV, GoLive: "2019-11-01", Vendor: "江苏安澄应急科技有限公司", AnnualCost: "10"},

	// 渭塘镇.
	{Code: "XC-SYS-0131", Name: "渭塘镇门户网站", UnitCode: "320507208", Purpose: "镇政务公开和便民服务", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsTV, GoLive: "2011-08-01", LastUpgrade: "2020-08-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "2.5"},
	{Code: "XC-SYS-0132", Name: "渭塘镇综合执法系统", UnitCode: "320507208", Purpose: "镇综合行政执法案件办理和执法巡查", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2020-12-01", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "7"},
	{Code: "XC-SYS-0133", Name: "渭塘珍珠产业信息服务平台", UnitCode: "320507208", Purpose: "珍珠市场行情、商户信息和产业政策发布", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsT, GoLive: "2015-10-01", LastUpgrade: "2021-10-01", Vendor: "苏州蠡口网络科技有限公司", AnnualCost: "6"},

	// 阳澄湖镇.
	{Code: "XC-SYS-0134", Name: "阳澄湖镇门户网站", UnitCode: "320507209", Purpose: "镇政务公开、便民服务和特色产业宣传", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsTV, GoLive: "2011-09-01", LastUpgrade: "2021-09-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "3"},
	{Code: "XC-SYS-0135", Name: "阳澄湖镇综合执法系统", UnitCode: "320507209", Purpose: "镇综合行政执法案件办理和执法巡查", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2021-01-15", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "7"},
	{Code: "XC-SYS-0136", Name: "阳澄湖大闸蟹质量追溯系统", UnitCode: "320507209", Purpose: "养殖户登记、防伪蟹扣发放和大闸蟹产地溯源查询", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsTV, GoLive: "2016-09-01", LastUpgrade: "2022-08-01", Vendor: "苏州相和数据科技有限公司", AnnualCost: "18"},

	// 黄埭镇.
	{Code: "XC-SYS-0137", Name: "黄埭镇门户网站", UnitCode: "320507210", Purpose: "镇政务公开和便民服务", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsTV, GoLive: "2012-03-01", LastUpgrade: "2020-03-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "2.5"},
	{Code: "XC-SYS-0138", Name: "黄埭镇综合执法系统", UnitCode: "320507210", Purpose: "镇综合行政执法案件办理和执法巡查", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2021-02-15", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "7"},
	{Code: "XC-SYS-0139", Name: "黄埭镇网格化管理系统", UnitCode: "320507210", Purpose: "镇级网格事件上报和处置（已由区网格化社会治理平台替代）", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "黄埭镇政府机房", Network: domain.NetworkExtranet, Levels: levelsTV, GoLive: "2015-03-01", Vendor: "苏州蠡口网络科技有限公司", AnnualCost: "5", Steps: []domain.SystemAction{domain.SysMarkSuperseded}, ReplacedBy: "XC-SYS-0004" /* 网格化社会治理平台 */},

	// 望亭镇.
	{Code: "XC-SYS-0140", Name: "望亭镇门户网站", UnitCode: "320507211", Purpose: "镇政务公开和便民服务", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsTV, GoLive: "2012-07-01", LastUpgrade: "2020-07-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "2.5"},
	{Code: "XC-SYS-0141", Name: "望亭镇综合执法系统", UnitCode: "320507211", Purpose: "镇综合行政执法案件办理和执法巡查", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2021-04-15", Vendor: "南京宁澄信息系统工程有限公司", AnnualCost: "7"},
	{Code: "XC-SYS-0142", Name: "望亭镇智慧农业平台", UnitCode: "320507211", Purpose: "稻米产业园区农田物联网监测和农事管理", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsTV, GoLive: "2019-06-01", Vendor: "苏州湖畔云创信息技术有限公司", AnnualCost: "10"},

	// 相城经济技术开发区.
	{Code: "XC-SYS-0143", Name: "相城经济技术开发区门户网站", UnitCode: "320507301", Purpose: "开发区政务公开、招商政策和企业服务", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsT, GoLive: "2012-10-01", LastUpgrade: "2022-10-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "4"},
	{Code: "XC-SYS-0144", Name: "经开区企业安全生产监管系统", UnitCode: "320507301", Purpose: "园区企业安全生产检查和隐患整改", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2019-09-01", Vendor: "江苏安澄应急科技有限公司", AnnualCost: "10"},
	{Code: "XC-SYS-0145", Name: "经开区智慧园区运营中心", UnitCode: "320507301", Purpose: "园区企业、能耗、安防和环境数据的汇聚与运营", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "经开区管委会机房", Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2018-10-01", LastUpgrade: "2022-10-01", Vendor: "苏州湖畔云创信息技术有限公司", AnnualCost: "30"},

	// 苏州高铁新城.
	{Code: "XC-SYS-0146", Name: "苏州高铁新城门户网站", UnitCode: "320507302", Purpose: "高铁新城政务公开、产业政策和企业服务", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsT, GoLive: "2013-09-01", LastUpgrade: "2023-09-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "4"},
	{Code: "XC-SYS-0147", Name: "高铁新城数字孪生城市平台", UnitCode: "320507302", Purpose: "新城三维城市模型、感知设备接入和规划建设管理", Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Levels: levelsT, GoLive: "2021-10-01", LastUpgrade: "2024-10-01", Vendor: "上海申澄智能科技有限公司", AnnualCost: "180"},
	{Code: "XC-SYS-0148", Name: "高铁新城智慧停车管理系统", UnitCode: "320507302", Purpose: "公共停车场泊位信息、诱导和无感支付", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsT, GoLive: "2020-12-01", Vendor: "苏州漕湖智联科技有限公司", AnnualCost: "12"},

	// 阳澄湖生态旅游度假区.
	{Code: "XC-SYS-0149", Name: "阳澄湖生态旅游度假区门户网站", UnitCode: "320507303", Purpose: "度假区政务公开和旅游资讯", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsT, GoLive: "2012-06-01", LastUpgrade: "2021-06-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "3"},
	{Code: "XC-SYS-0150", Name: "度假区智慧旅游平台", UnitCode: "320507303", Purpose: "景区客流监测、旅游资讯和线上预订", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsT, GoLive: "2018-04-01", LastUpgrade: "2022-04-01", Vendor: "苏州湖畔云创信息技术有限公司", AnnualCost: "25"},
	{Code: "XC-SYS-0151", Name: "度假区景区票务管理系统", UnitCode: "320507303", Purpose: "景区门票销售、检票和结算", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingRoom, HostingNote: "度假区管委会机房", Network: domain.NetworkInternet, Levels: levelsT, GoLive: "2014-09-01", LastUpgrade: "2019-05-01", Vendor: "苏州蠡口网络科技有限公司", AnnualCost: "6"},

	// 相城高新技术产业开发区.
	{Code: "XC-SYS-0152", Name: "相城高新区门户网站", UnitCode: "320507304", Purpose: "高新区政务公开和科技政策发布", Category: domain.CategoryPortal, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsT, GoLive: "2015-05-01", LastUpgrade: "2022-05-01", Vendor: "苏州青枫网站建设有限公司", AnnualCost: "3"},
	{Code: "XC-SYS-0153", Name: "高新区科技创新服务平台", UnitCode: "320507304", Purpose: "科技企业认定、项目申报和创新券兑现", Category: domain.CategoryBusiness, Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkInternet, Levels: levelsT, GoLive: "2020-08-01", Vendor: "苏州相和数据科技有限公司", AnnualCost: "12"},
}
