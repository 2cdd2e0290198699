package demo

import (
	"context"
	"fmt"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

func init() {
	// After the guides (95); the project applications (97) are made from the accepted items.
	loaders = append(loaders, loader{order: 96, name: "annual plans", load: LoadAnnualPlans})
}

// PlanYear is the year of the demo's annual plans: the year the published 2027 guide asks for.
const PlanYear = 2027

// PlanSeed is one unit's demo annual plan (BLD-R1, BLD-R2, BLD-P1) and how far it has come:
// Target is its state at the end; LeaderReturn and OfficeSendBack, when given, are the comments
// of a round in which the leader in charge returned it or the office sent it back. A plan whose
// Target lies beyond that round was revised (Revise applied to its items) and went on.
type PlanSeed struct {
	UnitCode       string
	Target         domain.AnnualPlanStatus
	LeaderReturn   string
	OfficeSendBack string
	Revise         func(items []domain.AnnualItem)
	Items          []ItemSeed
}

// ItemSeed is one project of a demo plan; Systems are the codes of the unit's registered systems
// it concerns. Funding "" is the usual source for the unit and the category (ORG-2: the special
// items come from the unit's special funds).
type ItemSeed struct {
	Name     string
	Kind     domain.ItemKind
	Wan      int64 // budget in 万元
	Funding  string
	Category domain.ItemCategory
	Brief    string
	Systems  []string
}

const (
	fundDistrict = "区级财政预算资金"
	fundTown     = "镇（街道）财政资金"
	fundZone     = "功能区财政资金"
	fundSpecial  = "单位专项资金（ORG-2）"
)

// Plans are the demo district's 2027 plans: 42 of its units' (all but 区教育局 and 区卫生健康委员会,
// which the walkthroughs start from, and the units without systems), in every state of
// domain.AnnualPlanFlow — 24 accepted into the district plan (52 items, which the demo project
// applications refer to), 5 submitted, 4 approved by the leader in charge, 4 waiting for the
// leader (公安分局's with the demo leader), 5 in draft: 区民政局's returned by the leader and
// 元和街道's sent back by the office, each with its comments; 区数据局's was returned once, revised
// and accepted. The items concern the units' registered demo systems: migrations to the
// government cloud, machine-room closures, portals merged into the district's, docking with the
// base libraries and the exchange platform (ORG-2), and the units' own upgrades and operations.
var Plans = []PlanSeed{
	// Accepted into the district plan.
	{UnitCode: "320507101", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "协同办公系统（OA）移动端升级", Kind: domain.ItemUpgrade, Wan: 120, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0002"},
			Brief: "新增移动办公、电子签章和公文全流程留痕，统一登录改由区统一身份认证平台提供。"},
		{Name: "视频会议系统迁移上云", Kind: domain.ItemRenovate, Wan: 85, Category: domain.CatCloud, Systems: []string{"XC-SYS-0005"},
			Brief: "视频会议管理平台迁至区政务云，区政府办公室视频会议机房的服务器下线，终端保留。"},
		{Name: "12345政务服务热线系统运维", Kind: domain.ItemOperate, Wan: 75, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0003"},
			Brief: "2027年度热线系统运维、坐席软件许可续期和知识库维护。"},
	}},
	{UnitCode: "320507102", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "智慧党建云平台续建（二期）", Kind: domain.ItemContinue, Wan: 60, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0007"},
			Brief: "建设党员积分管理和组织生活线上纪实，覆盖村（社区）党组织。"},
		{Name: "智慧党建云平台对接人口基础信息库", Kind: domain.ItemRenovate, Wan: 18, Category: domain.CatDocking, Systems: []string{"XC-SYS-0007"},
			Brief: "党员基本信息改由区人口基础信息库核验，不再自行采集（SHR-P2）。"},
	}},
	{UnitCode: "320507103", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "社会信用信息平台升级", Kind: domain.ItemUpgrade, Wan: 90, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0010"},
			Brief: "按省公共信用信息平台新标准改造信用报告和信用修复功能。"},
		{Name: "社会信用信息平台对接法人单位基础信息库", Kind: domain.ItemRenovate, Wan: 22, Category: domain.CatDocking, Systems: []string{"XC-SYS-0010"},
			Brief: "市场主体基本信息由法人单位基础信息库提供，经区政务数据共享交换平台按日同步。"},
	}},
	{UnitCode: "320507104", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "区政务云扩容（三期）", Kind: domain.ItemNew, Wan: 380, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0013"},
			Brief: "新增计算节点和分布式存储，承接2027年各单位系统迁移上云（ENV-R1）。"},
		{Name: "网络安全态势感知平台运维", Kind: domain.ItemOperate, Wan: 80, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0016", "XC-SYS-0015"},
			Brief: "全年安全监测值守、威胁情报订阅和应急响应服务，含政务外网安全接入平台的年度运维。"},
		{Name: "相城企业服务云改造", Kind: domain.ItemRenovate, Wan: 45, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0017"},
			Brief: "政策兑现申报改为“免申即享”，企业信息由法人库自动带出。"},
	}},
	{UnitCode: "320507108", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "公共法律服务平台升级", Kind: domain.ItemUpgrade, Wan: 35, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0037"},
			Brief: "增加法律援助网上申请、视频公证预约功能。"},
		{Name: "公共法律服务平台对接电子证照库", Kind: domain.ItemRenovate, Wan: 12, Category: domain.CatDocking, Systems: []string{"XC-SYS-0037"},
			Brief: "申请人身份证、户口簿等材料由电子证照库调取，免于提交纸质材料。"},
	}},
	{UnitCode: "320507109", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "国库集中支付系统迁移上云", Kind: domain.ItemRenovate, Wan: 110, Category: domain.CatCloud, Systems: []string{"XC-SYS-0039"},
			Brief: "迁至区政务云，与财政预算一体化系统同平台运行，按等保三级加固。"},
		{Name: "财政局机房关停", Kind: domain.ItemRenovate, Wan: 30, Category: domain.CatRoomClose, Systems: []string{"XC-SYS-0040"},
			Brief: "旧版财政指标管理系统数据归档后下线，财政局机房设备处置（ENV-R3）。"},
	}},
	{UnitCode: "320507110", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "就业创业服务平台升级", Kind: domain.ItemUpgrade, Wan: 68, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0042"},
			Brief: "新增零工市场供需匹配和创业补贴线上申领。"},
		{Name: "人事人才档案数字化（二期）", Kind: domain.ItemContinue, Wan: 40, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0044"},
			Brief: "完成剩余约1.2万卷人事档案的数字化加工和目录建库。"},
	}},
	{UnitCode: "320507111", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "不动产登记系统迁移上云", Kind: domain.ItemRenovate, Wan: 150, Category: domain.CatCloud, Systems: []string{"XC-SYS-0045"},
			Brief: "不动产登记系统及其数据库迁至区政务云，登记中心机房保留网络设备。"},
		{Name: "国土空间基础信息平台续建", Kind: domain.ItemContinue, Wan: 130, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0047"},
			Brief: "完成国土空间规划“一张图”实施监督模块。"},
	}},
	{UnitCode: "320507112", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "污染源在线监控系统升级", Kind: domain.ItemUpgrade, Wan: 56, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0048"},
			Brief: "接入新增重点排污单位监控点位，增加超标自动预警。"},
		{Name: "环境信访管理系统对接12345热线", Kind: domain.ItemRenovate, Wan: 15, Category: domain.CatDocking, Systems: []string{"XC-SYS-0050"},
			Brief: "环境类工单由12345热线统一派发，办理结果自动回传。"},
	}},
	{UnitCode: "320507113", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "房产交易与网签备案系统迁移上云", Kind: domain.ItemRenovate, Wan: 90, Category: domain.CatCloud, Systems: []string{"XC-SYS-0052"},
			Brief: "迁至区政务云，与不动产登记系统经共享交换平台联办。"},
		{Name: "建设工程质量安全监管系统升级", Kind: domain.ItemUpgrade, Wan: 70, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0051"},
			Brief: "增加危大工程清单管理和塔吊监测数据接入。"},
	}},
	{UnitCode: "320507114", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "治超非现场执法检测点扩建", Kind: domain.ItemNew, Wan: 160, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0055"},
			Brief: "新建4处不停车称重检测点，数据接入治超非现场执法系统。"},
	}},
	{UnitCode: "320507115", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "智慧水务平台续建（二期）", Kind: domain.ItemContinue, Wan: 220, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0056", "XC-SYS-0061"},
			Brief: "供排水管网监测和水资源取用水监控并入智慧水务平台。"},
		{Name: "防汛防旱指挥系统迁移上云", Kind: domain.ItemRenovate, Wan: 65, Category: domain.CatCloud, Systems: []string{"XC-SYS-0058"},
			Brief: "指挥系统迁至区政务云，水务局机房仅保留视频会商终端。"},
		{Name: "河长制管理平台运维", Kind: domain.ItemOperate, Wan: 30, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0057"},
			Brief: "2027年度平台运维和巡河App维护。"},
	}},
	{UnitCode: "320507116", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "村（社区）“三资”管理平台升级", Kind: domain.ItemUpgrade, Wan: 48, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0062"},
			Brief: "增加村级财务“非现金”支付监管和合同到期预警。"},
		{Name: "农产品质量安全追溯平台对接法人单位基础信息库", Kind: domain.ItemRenovate, Wan: 16, Category: domain.CatDocking, Systems: []string{"XC-SYS-0063"},
			Brief: "生产经营主体信息由法人库核验，追溯码与市场主体关联。"},
	}},
	{UnitCode: "320507118", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "相城文旅公共服务平台升级", Kind: domain.ItemUpgrade, Wan: 52, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0067"},
			Brief: "增加场馆预约、文化活动报名和客流统计。"},
		{Name: "公共图书馆管理系统运维", Kind: domain.ItemOperate, Wan: 18, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0068"},
			Brief: "2027年度系统运维和数字资源续订。"},
	}},
	{UnitCode: "320507121", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "应急指挥调度系统升级", Kind: domain.ItemUpgrade, Wan: 140, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0081"},
			Brief: "融合通信升级，接入雪亮工程视频和镇街应急广播。"},
		{Name: "危险化学品安全风险监测预警系统续建", Kind: domain.ItemContinue, Wan: 90, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0082"},
			Brief: "将剩余12家重大危险源企业接入监测预警。"},
	}},
	{UnitCode: "320507123", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "食品安全监管平台升级", Kind: domain.ItemUpgrade, Wan: 60, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0085"},
			Brief: "增加抽检不合格食品核查处置闭环和风险分级。"},
		{Name: "“明厨亮灶”智慧监管扩面", Kind: domain.ItemContinue, Wan: 45, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0086"},
			Brief: "覆盖全区养老机构食堂和大型餐饮单位后厨。"},
	}},
	{UnitCode: "320507125", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "医保基金智能监管系统升级", Kind: domain.ItemUpgrade, Wan: 75, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0090"},
			Brief: "新增门诊统筹和长护险智能审核规则库。"},
	}},
	{UnitCode: "320507126", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "一网通办统一受理平台升级", Kind: domain.ItemUpgrade, Wan: 180, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0092"},
			Brief: "“高效办成一件事”主题服务扩至30项，材料由电子证照库复用。"},
		{Name: "网上审批系统（2012版）下线及机房关停", Kind: domain.ItemRenovate, Wan: 38, Category: domain.CatRoomClose, Systems: []string{"XC-SYS-0096", "XC-SYS-0092"},
			Brief: "历史办件数据迁入一网通办统一受理平台后下线，审批局机房设备处置（ENV-R3）。"},
		{Name: "区网上办事大厅并入相城区政务服务网", Kind: domain.ItemRenovate, Wan: 26, Category: domain.CatWebMerge, Systems: []string{"XC-SYS-0095", "XC-SYS-0091"},
			Brief: "网上办事大厅栏目和办事指南并入政务服务网，原域名跳转（PTL-P1）。"},
	}},
	{UnitCode: "320507127", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "城市运行管理服务平台（一网统管）续建", Kind: domain.ItemContinue, Wan: 260, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0097"},
			Brief: "建设城市体征指标和联勤联动指挥模块。"},
		{Name: "数字城管系统并入一网统管平台", Kind: domain.ItemRenovate, Wan: 35, Category: domain.CatDocking, Systems: []string{"XC-SYS-0098"},
			Brief: "数字城管案件流转改由一网统管平台承载，原系统只读保留一年。"},
	}},
	// Returned once by the leader in charge, revised (the base-data item cut) and accepted.
	{UnitCode: "320507128", Target: domain.APAccepted,
		LeaderReturn: "人口、法人库数据治理与市级项目有重复部分，请剔除后压减预算再报。",
		Revise:       func(items []domain.AnnualItem) { items[1].Budget = 700_000 },
		Items: []ItemSeed{
			{Name: "政务数据共享交换平台升级", Kind: domain.ItemUpgrade, Wan: 160, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0101"},
				Brief: "支持库表级实时同步和接口调用审计，满足有条件共享的授权控制（SHR-R4）。"},
			{Name: "人口、法人基础信息库数据治理", Kind: domain.ItemRenovate, Wan: 90, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0102", "XC-SYS-0103"},
				Brief: "比对纠错和质量评估，问题数据经纠错闭环反馈提供部门（SHR-R6）。"},
			{Name: "公共数据开放平台运维", Kind: domain.ItemOperate, Wan: 40, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0106"},
				Brief: "2027年度平台运维和开放数据集更新。"},
		}},
	{UnitCode: "320507202", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "黄桥街道门户网站整合至区政府门户", Kind: domain.ItemRenovate, Wan: 8, Category: domain.CatWebMerge, Systems: []string{"XC-SYS-0115"},
			Brief: "栏目内容迁入区政府门户网站的街道子站，原网站关停，域名跳转（PTL-P1）。"},
		{Name: "黄桥街道综合执法系统运维", Kind: domain.ItemOperate, Wan: 6, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0116"},
			Brief: "2027年度系统运维和执法记录仪数据存储扩容。"},
	}},
	{UnitCode: "320507208", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "渭塘镇门户网站整合至区政府门户", Kind: domain.ItemRenovate, Wan: 8, Category: domain.CatWebMerge, Systems: []string{"XC-SYS-0131"},
			Brief: "栏目内容迁入区政府门户网站的镇子站，原网站关停，域名跳转（PTL-P1）。"},
		{Name: "渭塘珍珠产业信息服务平台改造", Kind: domain.ItemRenovate, Wan: 22, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0133"},
			Brief: "增加珍珠商户直播备案和交易价格指数发布。"},
	}},
	{UnitCode: "320507209", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "阳澄湖大闸蟹质量追溯系统升级", Kind: domain.ItemUpgrade, Wan: 50, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0136"},
			Brief: "防伪蟹扣改为一物一码，养殖户信息由法人库和人口库核验。"},
		{Name: "阳澄湖镇门户网站整合至区政府门户", Kind: domain.ItemRenovate, Wan: 9, Category: domain.CatWebMerge, Systems: []string{"XC-SYS-0134"},
			Brief: "特色产业宣传栏目迁入区政府门户网站的镇子站，原网站关停（PTL-P1）。"},
	}},
	{UnitCode: "320507301", Target: domain.APAccepted, Items: []ItemSeed{
		{Name: "经开区智慧园区运营中心迁移上云", Kind: domain.ItemRenovate, Wan: 78, Category: domain.CatCloud, Systems: []string{"XC-SYS-0145"},
			Brief: "运营中心平台和数据迁至区政务云，大屏终端保留。"},
		{Name: "经开区管委会机房关停", Kind: domain.ItemRenovate, Wan: 20, Category: domain.CatRoomClose, Systems: []string{"XC-SYS-0145"},
			Brief: "迁移完成后机房设备处置，网络设备并入电子政务外网接入点（ENV-R3）。"},
		{Name: "经开区企业安全生产监管系统对接区安全生产监管平台", Kind: domain.ItemRenovate, Wan: 15, Category: domain.CatDocking, Systems: []string{"XC-SYS-0144"},
			Brief: "检查记录和隐患整改数据按日推送区应急管理局平台。"},
	}},

	// Submitted to the office, waiting to be accepted.
	{UnitCode: "320507117", Target: domain.APSubmitted, Items: []ItemSeed{
		{Name: "电子商务公共服务平台迁移上云", Kind: domain.ItemRenovate, Wan: 30, Category: domain.CatCloud, Systems: []string{"XC-SYS-0066"},
			Brief: "由服务商托管迁至区政务云，数据归区商务局所有。"},
		{Name: "商贸流通企业统计监测系统升级", Kind: domain.ItemUpgrade, Wan: 20, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0065"},
			Brief: "增加限上企业数据直报校验。"},
	}},
	{UnitCode: "320507120", Target: domain.APSubmitted, Items: []ItemSeed{
		{Name: "退役军人服务管理系统与双拥优抚信息系统整合", Kind: domain.ItemRenovate, Wan: 42, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0078", "XC-SYS-0079"},
			Brief: "两套系统整合为一，优抚对象信息统一维护（BLD-P3）。"},
	}},
	{UnitCode: "320507203", Target: domain.APSubmitted, Items: []ItemSeed{
		{Name: "北桥街道农村集体资产交易平台迁移上云", Kind: domain.ItemRenovate, Wan: 15, Category: domain.CatCloud, Systems: []string{"XC-SYS-0119"},
			Brief: "平台迁至区政务云，街道办事处机房停用。"},
		{Name: "北桥街道门户网站整合至区政府门户", Kind: domain.ItemRenovate, Wan: 8, Category: domain.CatWebMerge, Systems: []string{"XC-SYS-0117"},
			Brief: "栏目内容迁入区政府门户网站的街道子站，原网站关停（PTL-P1）。"},
	}},
	{UnitCode: "320507210", Target: domain.APSubmitted, Items: []ItemSeed{
		{Name: "黄埭镇网格化管理系统下线及机房关停", Kind: domain.ItemRenovate, Wan: 12, Category: domain.CatRoomClose, Systems: []string{"XC-SYS-0139"},
			Brief: "系统已由区网格化社会治理平台替代，数据归档后下线，镇政府机房关停（ENV-R3）。"},
		{Name: "黄埭镇门户网站整合至区政府门户", Kind: domain.ItemRenovate, Wan: 8, Category: domain.CatWebMerge, Systems: []string{"XC-SYS-0137"},
			Brief: "栏目内容迁入区政府门户网站的镇子站，原网站关停（PTL-P1）。"},
	}},
	{UnitCode: "320507302", Target: domain.APSubmitted, Items: []ItemSeed{
		{Name: "高铁新城数字孪生城市平台续建（二期）", Kind: domain.ItemContinue, Wan: 350, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0147"},
			Brief: "扩展至新城全域，接入地下管线和建筑信息模型。"},
		{Name: "高铁新城智慧停车管理系统对接城市运行管理服务平台", Kind: domain.ItemRenovate, Wan: 18, Category: domain.CatDocking, Systems: []string{"XC-SYS-0148"},
			Brief: "泊位和违停数据推送区一网统管平台。"},
	}},

	// Approved by the leader in charge, not yet submitted.
	{UnitCode: "320507122", Target: domain.APLeaderApproved, Items: []ItemSeed{
		{Name: "审计管理系统升级（大数据审计）", Kind: domain.ItemUpgrade, Wan: 65, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0083"},
			Brief: "建设审计数据分析室，经共享交换平台按需调取被审计单位数据。"},
	}},
	{UnitCode: "320507124", Target: domain.APLeaderApproved, Items: []ItemSeed{
		{Name: "统计数据管理系统运维", Kind: domain.ItemOperate, Wan: 22, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0088"},
			Brief: "2027年度系统运维和经济普查数据处理支持。"},
		{Name: "统计数据管理系统对接法人单位基础信息库", Kind: domain.ItemRenovate, Wan: 9, Category: domain.CatDocking, Systems: []string{"XC-SYS-0088"},
			Brief: "统计单位名录与法人库比对更新。"},
	}},
	{UnitCode: "320507204", Target: domain.APLeaderApproved, Items: []ItemSeed{
		{Name: "太平街道社会治安视频监控平台并入雪亮工程", Kind: domain.ItemRenovate, Wan: 26, Category: domain.CatDocking, Systems: []string{"XC-SYS-0122"},
			Brief: "自建点位接入公安雪亮工程视频共享平台，街道平台不再扩容。"},
		{Name: "太平街道门户网站整合至区政府门户", Kind: domain.ItemRenovate, Wan: 8, Category: domain.CatWebMerge, Systems: []string{"XC-SYS-0120"},
			Brief: "栏目内容迁入区政府门户网站的街道子站，原网站关停（PTL-P1）。"},
	}},
	{UnitCode: "320507303", Target: domain.APLeaderApproved, Items: []ItemSeed{
		{Name: "度假区景区票务管理系统迁移上云", Kind: domain.ItemRenovate, Wan: 24, Category: domain.CatCloud, Systems: []string{"XC-SYS-0151"},
			Brief: "票务系统迁至区政务云，管委会机房停用。"},
		{Name: "度假区智慧旅游平台升级", Kind: domain.ItemUpgrade, Wan: 40, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0150"},
			Brief: "增加客流预警和分时预约。"},
	}},

	// Sent to the leader in charge, waiting for the approval.
	{UnitCode: "320507106", Target: domain.APLeaderReview, Items: []ItemSeed{
		{Name: "公安视频监控联网平台扩容", Kind: domain.ItemContinue, Wan: 480, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0025"},
			Brief: "新增存储满足90天录像保存要求，接入新建高清点位。"},
		{Name: "雪亮工程视频共享平台运维", Kind: domain.ItemOperate, Wan: 95, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0026"},
			Brief: "2027年度平台运维和共享链路租用。"},
		{Name: "出租房屋流动人口管理系统对接人口基础信息库", Kind: domain.ItemRenovate, Wan: 20, Category: domain.CatDocking, Systems: []string{"XC-SYS-0027"},
			Brief: "居住登记信息与人口库双向比对，变更经共享交换平台同步。"},
	}},
	{UnitCode: "320507129", Target: domain.APLeaderReview, Items: []ItemSeed{
		{Name: "涉税信息共享交换系统对接政务数据共享交换平台", Kind: domain.ItemRenovate, Wan: 12, Category: domain.CatDocking, Systems: []string{"XC-SYS-0110"},
			Brief: "第三方涉税信息改经区政务数据共享交换平台获取，停用点对点前置机。"},
	}},
	{UnitCode: "320507205", Target: domain.APLeaderReview, Items: []ItemSeed{
		{Name: "澄阳街道智慧园区管理平台升级", Kind: domain.ItemUpgrade, Wan: 30, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0125"},
			Brief: "增加企业能耗在线监测和安全生产检查记录。"},
		{Name: "澄阳街道门户网站整合至区政府门户", Kind: domain.ItemRenovate, Wan: 8, Category: domain.CatWebMerge, Systems: []string{"XC-SYS-0123"},
			Brief: "栏目内容迁入区政府门户网站的街道子站，原网站关停（PTL-P1）。"},
	}},
	{UnitCode: "320507304", Target: domain.APLeaderReview, Items: []ItemSeed{
		{Name: "高新区科技创新服务平台升级", Kind: domain.ItemUpgrade, Wan: 45, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0153"},
			Brief: "创新券兑现改为线上全流程，企业信息由法人库带出。"},
		{Name: "相城高新区门户网站整合至区政府门户", Kind: domain.ItemRenovate, Wan: 8, Category: domain.CatWebMerge, Systems: []string{"XC-SYS-0152"},
			Brief: "科技政策栏目迁入区政府门户网站的功能区子站，原网站关停（PTL-P1）。"},
	}},

	// In draft: returned by the leader, sent back by the office, or not yet sent.
	{UnitCode: "320507107", Target: domain.APDraft,
		LeaderReturn: "智慧养老服务平台续建内容与2026年项目有重复，请细化建设内容并附平台运营数据后再报。",
		Items: []ItemSeed{
			{Name: "智慧养老服务平台续建", Kind: domain.ItemContinue, Wan: 130, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0031"},
				Brief: "扩展居家上门服务监管和助餐点管理。"},
			{Name: "区民政局机房关停", Kind: domain.ItemRenovate, Wan: 26, Category: domain.CatRoomClose, Systems: []string{"XC-SYS-0033", "XC-SYS-0035"},
				Brief: "低保审核系统和居家养老呼叫中心数据归档后下线，机房设备处置（ENV-R3）。"},
			{Name: "社会救助管理系统对接人口基础信息库", Kind: domain.ItemRenovate, Wan: 15, Category: domain.CatDocking, Systems: []string{"XC-SYS-0032"},
				Brief: "救助对象家庭成员信息由人口库核验。"},
		}},
	{UnitCode: "320507201", Target: domain.APDraft,
		OfficeSendBack: "智慧社区服务平台与区级“i相城”移动服务平台功能重叠，请说明差异或改为对接；旧版网格系统下线请列入清理计划（BLD-R5）。",
		Items: []ItemSeed{
			{Name: "元和街道智慧社区服务平台升级", Kind: domain.ItemUpgrade, Wan: 35, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0113"},
				Brief: "增加社区活动报名和居民议事。"},
			{Name: "元和街道网格化管理系统（旧版）下线", Kind: domain.ItemRenovate, Wan: 4, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0114"},
				Brief: "历史事件数据导入区网格化社会治理平台后下线。"},
			{Name: "元和街道门户网站整合至区政府门户", Kind: domain.ItemRenovate, Wan: 8, Category: domain.CatWebMerge, Systems: []string{"XC-SYS-0111"},
				Brief: "栏目内容迁入区政府门户网站的街道子站，原网站关停（PTL-P1）。"},
		}},
	{UnitCode: "320507206", Target: domain.APDraft, Items: []ItemSeed{
		{Name: "北河泾街道综合执法系统运维", Kind: domain.ItemOperate, Wan: 5, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0127"},
			Brief: "2027年度系统运维。"},
	}},
	{UnitCode: "320507207", Target: domain.APDraft, Items: []ItemSeed{
		{Name: "漕湖街道安全生产网格化监管系统升级", Kind: domain.ItemUpgrade, Wan: 28, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0130"},
			Brief: "隐患整改闭环和企业安全承诺线上签署。"},
	}},
	{UnitCode: "320507211", Target: domain.APDraft, Items: []ItemSeed{
		{Name: "望亭镇智慧农业平台续建", Kind: domain.ItemContinue, Wan: 36, Category: domain.CatGeneral, Systems: []string{"XC-SYS-0142"},
			Brief: "扩展至稻米产业园二期农田。"},
		{Name: "望亭镇门户网站整合至区政府门户", Kind: domain.ItemRenovate, Wan: 8, Category: domain.CatWebMerge, Systems: []string{"XC-SYS-0140"},
			Brief: "栏目内容迁入区政府门户网站的镇子站，原网站关停（PTL-P1）。"},
	}},
}

// funding is an item's source of funds: as the seed says, else the unit's special funds for
// the special items of ORG-2, else the budget of the unit's level.
func (it ItemSeed) funding(unitCode string) string {
	switch {
	case it.Funding != "":
		return it.Funding
	case it.Category != domain.CatGeneral:
		return fundSpecial
	case len(unitCode) == 9 && unitCode[6] == '2':
		return fundTown
	case len(unitCode) == 9 && unitCode[6] == '3':
		return fundZone
	}
	return fundDistrict
}

// LoadAnnualPlans drafts each unit's plan as its 责任人 and walks it through
// domain.AnnualPlanFlow to its Target: sent and approved or returned by the unit's leader in
// charge, submitted, accepted or sent back by the office, as the use cases allow.
func LoadAnnualPlans(ctx context.Context, svc *app.Service, units map[string]int64) error {
	systems := map[string]int64{}
	if err := eachSystem(ctx, svc, store.SystemFilter{Limit: 200}, func(s *domain.System) error {
		systems[s.Code] = s.ID
		return nil
	}); err != nil {
		return err
	}
	for _, sd := range Plans {
		if err := loadPlan(ctx, svc, units, systems, sd); err != nil {
			return fmt.Errorf("plan of %s: %w", sd.UnitCode, err)
		}
	}
	return nil
}

func loadPlan(ctx context.Context, svc *app.Service, units, systems map[string]int64, sd PlanSeed) error {
	unitID := units[sd.UnitCode]
	if unitID == 0 {
		return fmt.Errorf("unknown unit")
	}
	p := &domain.AnnualPlan{UnitID: unitID, Year: PlanYear}
	for _, it := range sd.Items {
		item := domain.AnnualItem{Name: it.Name, Kind: it.Kind, Budget: it.Wan * 10_000, Funding: it.funding(sd.UnitCode),
			Category: it.Category, Brief: it.Brief, SystemIDs: []int64{}}
		for _, code := range it.Systems {
			id := systems[code]
			if id == 0 {
				return fmt.Errorf("item %s: unknown system %s", it.Name, code)
			}
			item.SystemIDs = append(item.SystemIDs, id)
		}
		p.Items = append(p.Items, item)
	}
	head := unitHead(unitID, sd.UnitCode)
	leader := actingAs(domain.Grant{Role: domain.RoleLeader, UnitID: unitID, UnitCode: sd.UnitCode})
	office := officeActor()
	if err := svc.CreateAnnualPlan(ctx, head, p); err != nil {
		return err
	}
	type move struct {
		by   domain.Actor
		act  domain.AnnualPlanAction
		note string
	}
	do := func(moves ...move) error {
		for _, m := range moves {
			next, err := svc.TransitionAnnualPlan(ctx, m.by, p.ID, app.AnnualPlanStep{Version: p.Version, Action: m.act, Note: m.note})
			if err != nil {
				return fmt.Errorf("%s: %w", m.act, err)
			}
			p = next
		}
		return nil
	}
	// A round that ended in a return, by the leader or by the office after the leader's
	// approval; the unit then revises the plan (when the seed says how).
	var round []move
	switch {
	case sd.LeaderReturn != "":
		round = []move{{head, domain.APSend, ""}, {leader, domain.APReturn, sd.LeaderReturn}}
	case sd.OfficeSendBack != "":
		round = []move{{head, domain.APSend, ""}, {leader, domain.APApprove, ""}, {head, domain.APSubmit, ""}, {office, domain.APSendBack, sd.OfficeSendBack}}
	}
	if err := do(round...); err != nil {
		return err
	}
	if sd.Revise != nil {
		items := append([]domain.AnnualItem(nil), p.Items...)
		sd.Revise(items)
		next, err := svc.UpdateAnnualPlan(ctx, head, p.ID, app.AnnualPlanEdit{Version: p.Version, Items: &items})
		if err != nil {
			return fmt.Errorf("revise: %w", err)
		}
		p = next
	}
	// Then on from draft to the target: sent, approved, submitted, accepted.
	for _, m := range []move{{head, domain.APSend, ""}, {leader, domain.APApprove, ""}, {head, domain.APSubmit, ""}, {office, domain.APAccept, ""}} {
		if p.Status == sd.Target {
			break
		}
		if err := do(m); err != nil {
			return err
		}
	}
	if p.Status != sd.Target {
		return fmt.Errorf("ended %s, want %s", p.Status, sd.Target)
	}
	return nil
}
