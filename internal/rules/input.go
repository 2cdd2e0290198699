package rules

import (
	"reflect"
	"sort"
)

// The inputs the rules read: one Go type per kind of subject, each field named (in CEL, in test
// cases and in message templates) by its json tag. An expression sees only its subject's input —
// the record plus the facts about it the service reads for it (a system's migration plan, the
// unit's other websites) — never the database or another unit's records. docs/RULES-INPUT.md documents
// every field with an example per kind, generated from the doc tags (go generate ./internal/rules).
//
// Dates are strings in the district's calendar, "2026-12-07", and "" when there is none; they
// compare as strings, and today, add_days and add_months work with them (functions.go).

// Kind is a kind of subject: the CEL variable its rules read and the type of that variable.
type Kind string

// The kinds of subject.
const (
	KindSystem      Kind = "system"       // 信息系统 (ENV-P1, ENV-R2, BLD-R5, SHR-R7, SHR-R8)
	KindMachineRoom Kind = "machine_room" // 机房 (ENV-P2, ENV-R3)
	KindWebsite     Kind = "website"      // 网站 (PTL-R1, PTL-R3)
	KindMedia       Kind = "media"        // 新媒体账号 (PTL-R4)
	KindUnit        Kind = "unit"         // 单位 (ORG-1)
	KindBaseLibrary Kind = "base_library" // 基础库 (SHR-R5)
	KindApplication Kind = "application"  // 项目申报 (ENV-R1, ENV-R2, BLD-P2, BLD-R4, SHR-R1..R3, SHR-R7, PTL-R1, PTL-R2, PTL-R4)
)

// System is a registered information system and the facts its rules need.
type System struct {
	ID             int64            `json:"id" doc:"系统的编号"`
	Code           string           `json:"code" doc:"系统编码，如 XC-SYS-0014"`
	Name           string           `json:"name" doc:"系统名称"`
	UnitID         int64            `json:"unit_id" doc:"所属单位的编号"`
	UnitName       string           `json:"unit_name" doc:"所属单位名称"`
	Category       string           `json:"category" doc:"类别：business 业务系统, portal 门户网站, platform 支撑平台, base_library 基础库, other 其他"`
	Classified     bool             `json:"classified" doc:"是否涉密"`
	Hosting        string           `json:"hosting" doc:"部署位置：gov_cloud 政务云, unit_room 单位机房, onsite 现场生产设备 (ENV-P3), other_hosting 其他"`
	Network        string           `json:"network" doc:"网络：extranet 电子政务外网, internet 互联网区, private 部门专网（不在 ENV-P1 范围内）"`
	Exemption      string           `json:"exemption" doc:"上云豁免：空为无, higher_level_built 上级统建, higher_level_retained 上级要求保留"`
	Status         string           `json:"status" doc:"状态：under_construction 在建, running 运行, idle 闲置, unmaintained 无人维护, superseded 被替代, cleanup_filed 已清理备案, cleanup_accepted 备案已接收, offline 已下线"`
	InService      bool             `json:"in_service" doc:"仍在用：未下线、清理备案未被接收"`
	StatusSince    string           `json:"status_since" doc:"进入当前状态的日期"`
	MigrationPlan  string           `json:"migration_plan" doc:"迁移上云计划的状态 (ENV-R2)：空为无, planned 计划中, in_progress 进行中, migrated 已迁移, cancelled 已取消"`
	MigrationOpen  bool             `json:"migration_open" doc:"有计划中或进行中的迁移计划"`
	MigrationDue   string           `json:"migration_due" doc:"进行中迁移计划的计划完成日期"`
	BaseData       []SystemBaseData `json:"base_data" doc:"使用的基础库数据及其对接情况 (SHR-R7, SHR-R8)"`
	UserLevels     []string         `json:"user_levels" doc:"用户层级：district 区, town 镇（街道）, village 村（社区）"`
	ExchangeOthers []string         `json:"exchange_channels" doc:"与其他部门交换数据的渠道：platform 区数据交换平台, direct 点对点直连, other 其他"`
}

// SystemBaseData is a base library's data a system uses, with its docking (SHR-R8).
type SystemBaseData struct {
	Library  string `json:"library" doc:"基础库代码：population 人口库, legal_entity 法人库, spatial 空间地理库 等"`
	Name     string `json:"name" doc:"基础库名称，如 人口库"`
	Docked   bool   `json:"docked" doc:"已按基础数据规范对接该基础库"`
	PlanOpen bool   `json:"plan_open" doc:"有计划中或进行中的对接（接口改造）计划"`
	PlanDue  string `json:"plan_due" doc:"该对接计划的计划完成日期，无则为空"`
}

// MachineRoom is a machine room with its closing deadline.
type MachineRoom struct {
	ID        int64  `json:"id" doc:"机房的编号"`
	Name      string `json:"name" doc:"机房名称"`
	UnitID    int64  `json:"unit_id" doc:"所属单位的编号"`
	UnitName  string `json:"unit_name" doc:"所属单位名称"`
	Kind      string `json:"kind" doc:"类型：access 接入机房, mandated 上级要求保留, other 其他"`
	Status    string `json:"status" doc:"状态：in_use 在用, closing 关停中, closed 已关停"`
	Deadline  string `json:"deadline" doc:"关停期限（治理设置的政策日期加期限，ENV-R3）；可保留的机房为空"`
	Onsite    bool   `json:"onsite_production" doc:"有现场生产设备 (ENV-P3)"`
	Exemption string `json:"exemption_basis" doc:"保留依据（文件名称和文号）"`
}

// Website is a website and its unit's other live websites.
type Website struct {
	ID            int64  `json:"id" doc:"网站的编号"`
	Name          string `json:"name" doc:"网站名称"`
	Host          string `json:"host" doc:"域名"`
	UnitID        int64  `json:"unit_id" doc:"所属单位的编号"`
	UnitName      string `json:"unit_name" doc:"所属单位名称"`
	Status        string `json:"status" doc:"备案状态：unregistered 未备案, submitted 已提交备案, registered 已登记, notice_issued 已下发关停通知, closed 已关停, merged 已并入其他网站"`
	Deadline      string `json:"deadline" doc:"备案期限（治理设置，PTL-R3）"`
	UnitWebsites  int    `json:"unit_websites" doc:"本单位未关停、未并入的网站数（含本网站）"`
	MergeIntoHost string `json:"merge_into" doc:"拟并入网站的域名"`
}

// Media is a new-media account and the count of its unit's live accounts of its kind and topic.
type Media struct {
	ID           int64  `json:"id" doc:"账号的编号"`
	Kind         string `json:"kind" doc:"类型：wechat_service 服务号, wechat_subscription 订阅号, wechat_enterprise 企业微信, mini_program 小程序, app 移动App, weibo 微博, douyin 抖音, other 其他"`
	Name         string `json:"name" doc:"账号名称"`
	UnitID       int64  `json:"unit_id" doc:"所属单位的编号"`
	UnitName     string `json:"unit_name" doc:"所属单位名称"`
	Topic        string `json:"topic" doc:"领域，如 教育、卫生健康"`
	Decision     string `json:"decision" doc:"整合决定：空为未定, keep 保留, merge 整合并入, close 关停"`
	Status       string `json:"status" doc:"整合进度：undecided 待定, proposed 单位已提出意见, decided 信息办已决定, done 已落实"`
	SameKindUnit int    `json:"same_kind_topic" doc:"本单位同类型、同领域、仍保留的账号数（含本账号）"`
}

// Unit is an organisation unit and whether it has named its people (ORG-1).
type Unit struct {
	ID          int64  `json:"id" doc:"单位的编号"`
	Name        string `json:"name" doc:"单位名称"`
	Code        string `json:"code" doc:"单位代码"`
	Kind        string `json:"kind" doc:"单位类型：district 区, bureau 部门, town 镇, street 街道, zone 开发区, village 村, community 社区"`
	Level       int    `json:"level" doc:"服务层级 (PTL-P2)：1 区级（区、部门）, 2 镇（街道、开发区）, 3 村（社区）"`
	Responsible bool   `json:"has_responsible" doc:"已明确治理责任人"`
	Contact     bool   `json:"has_contact" doc:"已明确联系人"`
}

// BaseLibrary is a base data library (SHR-P2).
type BaseLibrary struct {
	ID         int64  `json:"id" doc:"基础库的编号"`
	Code       string `json:"code" doc:"代码，如 population 人口库"`
	Name       string `json:"name" doc:"名称"`
	Active     bool   `json:"active" doc:"在用"`
	ProviderID int64  `json:"provider_unit_id" doc:"权威提供部门的单位编号；0 为尚未明确 (SHR-R5)"`
}

// Application is a project application (项目申报) and what its rules need to know.
type Application struct {
	ID               int64             `json:"id" doc:"申报的编号"`
	Name             string            `json:"name" doc:"项目名称"`
	UnitID           int64             `json:"unit_id" doc:"建设单位的编号"`
	UnitName         string            `json:"unit_name" doc:"建设单位名称"`
	Year             int               `json:"year" doc:"年度"`
	Kind             string            `json:"kind" doc:"建设类型：new 新建, upgrade 升级, renovate 改造, continue 续建, operate 运维"`
	Status           string            `json:"status" doc:"申报状态：draft 草稿, submitted 已提交, under_review 审核中, returned 退回修改, approved 已批准, rejected 不予立项"`
	Stage            string            `json:"stage" doc:"任务书下达后的阶段：bidding 招标, design 详细设计, implementation 实施, acceptance 验收申请, accepted 已验收, operation 运行；之前为空"`
	KeyCategory      string            `json:"key_category" doc:"重点项目类别 (FLOW-5)：none 非重点, architecture 架构支撑类, theme 主题类, integration 部门业务整合类"`
	Total            int64             `json:"total" doc:"申报预算合计（元）"`
	Content          string            `json:"content" doc:"建设内容"`
	PlanItem         bool              `json:"plan_item" doc:"引用了年度计划项"`
	PlanAccepted     bool              `json:"plan_item_accepted" doc:"该计划项所在的年度计划已纳入全区计划 (BLD-P2)"`
	PlanBudget       int64             `json:"plan_item_budget" doc:"计划项的预算（元）"`
	RoomWork         string            `json:"room_work" doc:"机房建设内容 (ENV-R1)：none 无, build 新建, extend 扩建, renovate 改造"`
	NewSystems       []string          `json:"new_systems" doc:"拟新建系统的名称"`
	Systems          []AppSystem       `json:"systems" doc:"升级、改造或替代的已登记系统"`
	Exchanges        []AppExchange     `json:"exchanges" doc:"与其他部门的数据交换 (SHR-P1, SHR-R2)"`
	BaseData         []string          `json:"base_data" doc:"使用的基础库代码 (SHR-R7)：population, legal_entity, spatial, …"`
	Websites         []AppWebsite      `json:"websites" doc:"拟新建的网站 (PTL-R1)"`
	UnitWebsites     int               `json:"unit_websites" doc:"本单位现有未关停的网站数"`
	Media            []AppMedia        `json:"media" doc:"拟新建的新媒体账号 (PTL-R4)"`
	UserLevels       []string          `json:"user_levels" doc:"功能覆盖的用户层级 (PTL-R2)：district, town, village"`
	DistrictWide     bool              `json:"district_wide" doc:"全区性项目：架构支撑类或主题类重点项目 (PTL-R2)"`
	Catalog          int               `json:"catalog_entries" doc:"预编目录条数 (SHR-R3)"`
	CatalogPublished int               `json:"catalog_published" doc:"其中已登记发布的条数 (SHR-R4)"`
	NoData           bool              `json:"no_data" doc:"声明不产生数据资源"`
	TaskBook         bool              `json:"task_book" doc:"已下达项目任务书 (FLOW-3)"`
	TaskBookBudget   int64             `json:"task_book_budget" doc:"任务书核定的预算（元，BLD-R4 的控制指标）"`
	Spent            int64             `json:"spent" doc:"单位最近填报的实际支出合计（元）"`
	TaskBookLines    []AppBudgetLine   `json:"task_book_lines" doc:"任务书按类别核定的预算和单位填报的实际支出 (BLD-R4)：核定了金额或有支出的每个类别一行；尚无任务书为空"`
	Milestones       []AppMilestone    `json:"milestones" doc:"任务书的进度节点 (BLD-R4)：计划完成日期和实际完成日期；尚无任务书为空"`
	Responses        map[string]string `json:"responses" doc:"对申报指南各项治理要求的答复：条款 → comply 符合, partial 部分符合, na 不适用；取值前先用 'X' in application.responses 判断是否答复"`
}

// AppSystem is one system an application changes.
type AppSystem struct {
	Code          string `json:"code" doc:"系统编码"`
	Name          string `json:"name" doc:"系统名称"`
	OffCloud      bool   `json:"off_cloud" doc:"在 ENV-P1 范围内且不在政务云上"`
	MigrationOpen bool   `json:"migration_open" doc:"有计划中或进行中的迁移计划"`
}

// AppBudgetLine is one budget category of an application's task book: the amount approved and
// the spend recorded (BLD-R4).
type AppBudgetLine struct {
	Category string `json:"category" doc:"类别：general 一般, cloud_migration 迁移上云, room_closure 机房关停, website_merging 网站整合, platform_docking 平台对接"`
	Approved int64  `json:"approved" doc:"任务书核定的该类别金额（元）；任务书未核定该类别为 0"`
	Spent    int64  `json:"spent" doc:"单位填报的该类别实际支出（元）"`
}

// AppMilestone is one milestone of an application's task book (BLD-R4).
type AppMilestone struct {
	Name    string `json:"name" doc:"节点名称，如 招标、详细设计、实施、验收"`
	Planned string `json:"planned" doc:"计划完成日期"`
	Actual  string `json:"actual" doc:"实际完成日期；尚未完成为空"`
}

// AppExchange is one exchange with another department.
type AppExchange struct {
	Unit    string `json:"unit" doc:"对方单位名称"`
	Data    string `json:"data" doc:"交换的数据"`
	Channel string `json:"channel" doc:"渠道：platform 区数据交换共享平台, direct 点对点直连, other 其他"`
}

// AppWebsite is a website an application plans.
type AppWebsite struct {
	Name   string `json:"name" doc:"网站名称"`
	Reason string `json:"reason" doc:"不能复用已有网站的理由"`
}

// AppMedia is a new-media account an application plans.
type AppMedia struct {
	Kind   string `json:"kind" doc:"账号类型（同 media.kind）"`
	Name   string `json:"name" doc:"账号名称"`
	Reason string `json:"reason" doc:"不能整合到已有账号的理由"`
}

// kindInfo is what the engine knows of a kind: the input's type, its title and an example.
type kindInfo struct {
	typ   reflect.Type
	title Text
}

var kinds = map[Kind]kindInfo{
	KindSystem:      {reflect.TypeFor[System](), Text{ZH: "信息系统", EN: "Information system"}},
	KindMachineRoom: {reflect.TypeFor[MachineRoom](), Text{ZH: "机房", EN: "Machine room"}},
	KindWebsite:     {reflect.TypeFor[Website](), Text{ZH: "网站", EN: "Website"}},
	KindMedia:       {reflect.TypeFor[Media](), Text{ZH: "新媒体账号", EN: "New-media account"}},
	KindUnit:        {reflect.TypeFor[Unit](), Text{ZH: "单位", EN: "Unit"}},
	KindBaseLibrary: {reflect.TypeFor[BaseLibrary](), Text{ZH: "基础库", EN: "Base library"}},
	KindApplication: {reflect.TypeFor[Application](), Text{ZH: "项目申报", EN: "Project application"}},
}

// Kinds lists the kinds of subject in a stable order.
func Kinds() []Kind {
	out := make([]Kind, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// Title is the kind's name in lang ("zh" or "en").
func (k Kind) Title(lang string) string { return kinds[k].title.In(lang) }

// Known reports whether k is a kind of subject.
func (k Kind) Known() bool { _, ok := kinds[k]; return ok }
