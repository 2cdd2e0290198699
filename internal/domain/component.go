package domain

import (
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Component is one shared component of the district's component catalog (组件目录, issue 15):
// a reusable thing the district offers — unified identity, the electronic seal, electronic
// licences, SMS, map and spatial services, unified payment, the data-exchange interfaces, the
// government cloud's PaaS services — so that a project reuses it instead of building its own
// (SHR-R1, BLD-P3). The info office keeps the catalog; a published component is the district's
// and every login reads it.
type Component struct {
	ID         int64         `json:"id"`
	Name       string        `json:"name"`
	Kind       ComponentKind `json:"kind"`
	UnitID     int64         `json:"unit_id"` // the providing unit
	UnitName   string        `json:"unit_name,omitempty"`
	SystemID   int64         `json:"system_id,omitempty"` // the providing system, one of the unit's; 0 for none
	SystemName string        `json:"system_name,omitempty"`
	Summary    string        `json:"summary"` // 简介: what it does
	// Functions are its function points (功能点): short phrases of what it does (单点登录,
	// 实名核验), which the duplicate-construction check matches a proposal's against.
	Functions []string `json:"functions"`
	// StandardID names the published standard version of its interface (ORG-5, migration 0040),
	// 0 for none; when set, Standard, StandardVersion and StandardURL are the standard's.
	StandardID      int64  `json:"standard_id,omitempty"`
	Standard        string `json:"standard"`         // the interface standard's name
	StandardVersion string `json:"standard_version"` // and its version
	StandardURL     string `json:"standard_url"`     // a published standard, when there is one
	Access          string `json:"access"`           // 接入方式: how a unit applies for access
	// UserSystemIDs are the systems that use it; UserSystems the same, read with it.
	UserSystemIDs []int64         `json:"user_system_ids"`
	UserSystems   []ComponentUser `json:"user_systems,omitempty"`
	Status        ComponentStatus `json:"status"`
	Version       int64           `json:"version"`
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
}

// ComponentUser is a system using a component, as the component shows it.
type ComponentUser struct {
	ID       int64  `json:"id"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
}

// ComponentKind is what kind of component it is.
type ComponentKind string

const (
	CompIdentity ComponentKind = "identity" // 统一身份认证
	CompSeal     ComponentKind = "seal"     // 电子印章
	CompLicense  ComponentKind = "license"  // 电子证照
	CompSMS      ComponentKind = "sms"      // 短信
	CompMap      ComponentKind = "map"      // 地图/时空信息
	CompPayment  ComponentKind = "payment"  // 统一支付
	CompExchange ComponentKind = "exchange" // 数据共享交换接口
	CompPaaS     ComponentKind = "paas"     // 政务云 PaaS 服务
	CompOther    ComponentKind = "other"
)

// ComponentStatus is a state of a component in the catalog.
type ComponentStatus string

const (
	CompDraft     ComponentStatus = "draft"     // the office is writing it up; only the office sees it
	CompPublished ComponentStatus = "published" // offered to every unit
	CompRetired   ComponentStatus = "retired"   // no longer offered; kept for the systems that used it
)

// ComponentAction is a step of a component.
type ComponentAction string

const (
	CompPublish   ComponentAction = "publish"
	CompRetire    ComponentAction = "retire"
	CompReinstate ComponentAction = "reinstate"
)

// ComponentFlow is a component's lifecycle: the office publishes, retires and reinstates.
var ComponentFlow = &Workflow[ComponentStatus, ComponentAction, SystemActor, *Component]{
	Name: "component", Title: "nav.components", Clauses: []string{"SHR-R1", "BLD-P3"}, States: ComponentStatuses,
	Conflict: "err.component.transition", StateKey: "compstatus.", ActionKey: "compaction.",
	Steps: []Transition[ComponentStatus, ComponentAction, SystemActor, *Component]{
		{Action: CompPublish, From: []ComponentStatus{CompDraft}, To: CompPublished, By: officeOnly,
			Rule:  "a summary and how to apply for access",
			Guard: func(c *Component, _ string) error { return c.ReadyToPublish() }},
		{Action: CompRetire, From: []ComponentStatus{CompPublished}, To: CompRetired, By: officeOnly},
		{Action: CompReinstate, From: []ComponentStatus{CompRetired}, To: CompPublished, By: officeOnly},
	},
}

// The enumerations in display order.
var (
	ComponentKinds    = []ComponentKind{CompIdentity, CompSeal, CompLicense, CompSMS, CompMap, CompPayment, CompExchange, CompPaaS, CompOther}
	ComponentStatuses = []ComponentStatus{CompDraft, CompPublished, CompRetired}
	ComponentActions  = ComponentFlow.Actions()
)

// MaxComponentFunctions bounds a component's function points; each is as long as an
// application's (minFunctionLen–maxFunctionLen characters, project_dup.go), so the two compare.
const MaxComponentFunctions = 50

// functionSeps are the characters a function point may not hold: they separate the points in
// a spreadsheet cell.
const functionSeps = "、；;\n\r"

// SplitFunctions splits a cell or a text area of function points: one per line, or separated
// by 、 or ；.
func SplitFunctions(s string) []string {
	out := []string{}
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(functionSeps, r) }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Normalize trims what people paste into forms and spreadsheets, drops empty function points
// and puts the user systems in one order without duplicates.
func (c *Component) Normalize() {
	trimSpace(&c.Name, &c.Summary, &c.Standard, &c.StandardVersion, &c.StandardURL, &c.Access)
	fs := make([]string, 0, len(c.Functions))
	for _, f := range c.Functions {
		if f = strings.TrimSpace(f); f != "" {
			fs = append(fs, f)
		}
	}
	c.Functions = fs
	ids := make([]int64, 0, len(c.UserSystemIDs))
	for _, id := range c.UserSystemIDs {
		if id != 0 {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	c.UserSystemIDs = slices.Compact(ids)
}

// Validate checks a component's own fields: every problem at once.
func (c *Component) Validate() error {
	c.Normalize()
	var errs Problems
	errs.Check(c.Name == "" || utf8.RuneCountInString(c.Name) > 100, "name", "err.required_len", 100)
	errs.Check(c.Kind == "", "kind", "err.required")
	errs.Check(!slices.Contains(ComponentKinds, c.Kind), "kind", "err.enum")
	errs.Check(c.UnitID == 0, "unit_id", "err.required")
	errs.Check(utf8.RuneCountInString(c.Summary) > 2000, "summary", "err.too_long", 2000)
	errs.Add(checkFunctions(c.Functions))
	errs.Check(utf8.RuneCountInString(c.Standard) > 200, "standard", "err.too_long", 200)
	errs.Check(utf8.RuneCountInString(c.StandardVersion) > 50, "standard_version", "err.too_long", 50)
	errs.Check(c.StandardURL != "" && !webURL(c.StandardURL), "standard_url", "err.component.url")
	errs.Check(utf8.RuneCountInString(c.Access) > 2000, "access", "err.too_long", 2000)
	errs.Check(len(c.UserSystemIDs) > 500, "user_system_ids", "err.component.too_many_users", 500)
	errs.Check(!slices.Contains(ComponentStatuses, c.Status), "status", "err.enum")
	return errs.Err()
}

// checkFunctions checks the function points: 1–50 of them, each 2–40 characters, none twice,
// none holding a separator of the spreadsheet's cell.
func checkFunctions(fs []string) error {
	switch {
	case len(fs) == 0:
		return Invalid("functions", "err.component.functions_required")
	case len(fs) > MaxComponentFunctions:
		return Invalid("functions", "err.component.functions_many", MaxComponentFunctions)
	}
	seen := map[string]bool{}
	for _, f := range fs {
		n := utf8.RuneCountInString(f)
		switch {
		case n < minFunctionLen || n > maxFunctionLen:
			return Invalid("functions", "err.component.function_len", f, minFunctionLen, maxFunctionLen)
		case strings.ContainsAny(f, functionSeps):
			return Invalid("functions", "err.component.function_sep", f)
		case seen[strings.ToLower(f)]:
			return Invalid("functions", "err.component.function_twice", f)
		}
		seen[strings.ToLower(f)] = true
	}
	return nil
}

// webURL reports whether s is an absolute http(s) link.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil &&
		utf8.RuneCountInString(s) <= 500 && !strings.ContainsAny(s, " \t\n")
}

// ReadyToPublish says what a draft lacks before every unit sees it: what it does and how to
// apply for access.
func (c *Component) ReadyToPublish() error {
	var errs Problems
	errs.Check(c.Summary == "", "summary", "err.component.publish_needs")
	errs.Check(c.Access == "", "access", "err.component.publish_needs")
	return errs.Err()
}

// Public reports whether every login sees the component: published or retired (a retired one
// stays readable for the systems that used it); a draft is the office's.
func (c *Component) Public() bool { return c.Status != CompDraft }

// FunctionLines are the function points one per line (the search index's items field).
func (c *Component) FunctionLines() string { return strings.Join(c.Functions, "\n") }
