package rules

import (
	"reflect"
	"sort"
)

// The inputs the rules read: one Go type per kind of subject, each field named (in CEL, in test
// cases and in message templates) by its json tag. An expression sees only its subject's input —
// the record plus the facts about it the service reads for it (a system's migration plan, the
// unit's other websites) — never the database or another unit's records. docs/RULES.md documents
// every field with an example per kind; TestInputDocs keeps that page and these types in step.
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
	KindApplication Kind = "application"  // 项目申报 (ENV-R1, ENV-R2, BLD-P2, SHR-R1..R3, SHR-R7, PTL-R1, PTL-R2, PTL-R4)
)

// System is a registered information system and the facts its rules need.
type System struct {
	ID             int64    `json:"id"`
	Code           string   `json:"code"`
	Name           string   `json:"name"`
	UnitID         int64    `json:"unit_id"`
	UnitName       string   `json:"unit_name"`
	Category       string   `json:"category"`       // business, portal, platform, base_library, other
	Classified     bool     `json:"classified"`     // 涉密
	Hosting        string   `json:"hosting"`        // cloud, unit_room, onsite, other
	Network        string   `json:"network"`        // extranet (电子政务外网), internet (互联网区), private (部门专网: outside ENV-P1's scope)
	Exemption      string   `json:"exemption"`      // "" or the cloud exemption's kind (上级统建 higher_level_built, 上级要求保留 higher_level_retained)
	Status         string   `json:"status"`         // under_construction, running, idle, unmaintained, superseded, cleanup_filed, offline
	InService      bool     `json:"in_service"`     // under construction or running, idle, unmaintained, superseded (not filed, not offline)
	StatusSince    string   `json:"status_since"`   // the day it entered its status
	MigrationPlan  string   `json:"migration_plan"` // the status of its migration plan (ENV-R2): "" none, planned, in_progress, done, cancelled
	MigrationOpen  bool     `json:"migration_open"` // a plan planned or in progress
	MigrationDue   string   `json:"migration_due"`  // the open plan's planned date
	Undocked       []string `json:"undocked"`       // base libraries it uses without docking and without an open docking plan (SHR-R8)
	UserLevels     []string `json:"user_levels"`    // district, town, village (PTL-R2)
	ExchangeOthers []string `json:"exchange_channels"`
}

// MachineRoom is a machine room with its closing deadline.
type MachineRoom struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	UnitID    int64  `json:"unit_id"`
	UnitName  string `json:"unit_name"`
	Kind      string `json:"kind"`     // access (接入机房), mandated (上级要求保留), other
	Status    string `json:"status"`   // in_use, closing, closed
	Deadline  string `json:"deadline"` // the closing deadline of the governance settings (ENV-R3); "" for rooms that may stay
	Onsite    bool   `json:"onsite_production"`
	Exemption string `json:"exemption_basis"`
}

// Website is a website and its unit's other live websites.
type Website struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	Host          string `json:"host"`
	UnitID        int64  `json:"unit_id"`
	UnitName      string `json:"unit_name"`
	Status        string `json:"status"`   // unregistered, submitted, registered, notice_issued, closed, merged
	Deadline      string `json:"deadline"` // the registration deadline (PTL-R3)
	UnitWebsites  int    `json:"unit_websites"`
	MergeIntoHost string `json:"merge_into"`
}

// Media is a new-media account and the count of its unit's live accounts of its kind and topic.
type Media struct {
	ID           int64  `json:"id"`
	Kind         string `json:"kind"` // wechat_service, wechat_subscription, wechat_work, app, weibo, douyin, other
	Name         string `json:"name"`
	UnitID       int64  `json:"unit_id"`
	UnitName     string `json:"unit_name"`
	Topic        string `json:"topic"`
	Decision     string `json:"decision"` // "" undecided, keep, merge, close
	Status       string `json:"status"`
	SameKindUnit int    `json:"same_kind_topic"` // live accounts of the unit of this kind and topic, this one included
}

// Unit is an organisation unit and whether it has named its people (ORG-1).
type Unit struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Code        string `json:"code"`
	Kind        string `json:"kind"`            // the unit's kind (bureau, town, village, ...)
	Level       int    `json:"level"`           // its depth in the tree: 1 the district's units
	Responsible bool   `json:"has_responsible"` // a 责任人 named
	Contact     bool   `json:"has_contact"`     // a 联系人 named
}

// BaseLibrary is a base data library (SHR-P2) and how many systems use it.
type BaseLibrary struct {
	ID         int64  `json:"id"`
	Code       string `json:"code"`
	Name       string `json:"name"`
	Active     bool   `json:"active"`           // in use by the district
	ProviderID int64  `json:"provider_unit_id"` // 0: no authoritative provider named (SHR-R5)
}

// Application is a project application (项目申报) and what its rules need to know.
type Application struct {
	ID               int64             `json:"id"`
	Name             string            `json:"name"`
	UnitID           int64             `json:"unit_id"`
	UnitName         string            `json:"unit_name"`
	Year             int               `json:"year"`
	Kind             string            `json:"kind"` // new, upgrade, renovate, continue, operate
	Status           string            `json:"status"`
	KeyCategory      string            `json:"key_category"`
	Total            int64             `json:"total"` // 元
	Content          string            `json:"content"`
	PlanItem         bool              `json:"plan_item"`          // it references a plan item
	PlanAccepted     bool              `json:"plan_item_accepted"` // ... of a plan accepted into the district plan (BLD-P2)
	PlanBudget       int64             `json:"plan_item_budget"`
	Stage            string            `json:"stage"`       // after the task book: bidding, design, implementation, acceptance, accepted
	RoomWork         string            `json:"room_work"`   // none, build, extend, renovate (ENV-R1)
	NewSystems       []string          `json:"new_systems"` // the names of the systems it builds
	Systems          []AppSystem       `json:"systems"`     // the registered systems it changes
	Exchanges        []AppExchange     `json:"exchanges"`
	BaseData         []string          `json:"base_data"` // base libraries it uses (SHR-R7)
	Websites         []AppWebsite      `json:"websites"`
	UnitWebsites     int               `json:"unit_websites"` // live websites of the unit (PTL-R1)
	Media            []AppMedia        `json:"media"`
	UserLevels       []string          `json:"user_levels"`
	DistrictWide     bool              `json:"district_wide"`     // its plan item or key category makes it district-wide (PTL-R2)
	Catalog          int               `json:"catalog_entries"`   // its pre-compiled catalog entries (SHR-R3)
	CatalogPublished int               `json:"catalog_published"` // ... of them registered and published (SHR-R4)
	NoData           bool              `json:"no_data"`           // declares it produces no data resource
	Responses        map[string]string `json:"responses"`         // clause → answer: comply, partial, na
}

// AppSystem is one system an application changes.
type AppSystem struct {
	Code          string `json:"code"`
	Name          string `json:"name"`
	OffCloud      bool   `json:"off_cloud"`      // off the cloud and in ENV-P1's scope
	MigrationOpen bool   `json:"migration_open"` // has an open migration plan
}

// AppExchange is one exchange with another department.
type AppExchange struct {
	Unit    string `json:"unit"`
	Data    string `json:"data"`
	Channel string `json:"channel"` // platform (the district platform), direct, other
}

// AppWebsite is a website an application plans.
type AppWebsite struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// AppMedia is a new-media account an application plans.
type AppMedia struct {
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Reason string `json:"reason"`
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
