package domain

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Guide is the office's annual project declaration guide (申报指南, FLOW-1) for one year: what
// the district wants built, the window in which units declare, and the governance requirements
// every application must answer (FLOW-2). A published guide does not change: a correction is a
// new revision that supersedes it, and an application keeps the revision it answered.
type Guide struct {
	ID           int64              `json:"id"`
	Year         int                `json:"year"`     // the plan year the guide is for
	Revision     int                `json:"revision"` // 1, 2, … within the year
	Title        string             `json:"title"`
	Requirements string             `json:"requirements"` // 申报要求
	Scope        string             `json:"scope"`        // 整合与改造范围
	Encouraged   string             `json:"encouraged"`   // 鼓励方向
	WindowStart  time.Time          `json:"window_start,omitzero"`
	WindowEnd    time.Time          `json:"window_end,omitzero"`
	Items        []GuideRequirement `json:"items"`
	Status       GuideStatus        `json:"status"`
	PublishedAt  time.Time          `json:"published_at,omitzero"`
	Version      int64              `json:"version"`
	CreatedAt    time.Time          `json:"created_at"`
	UpdatedAt    time.Time          `json:"updated_at"`
}

// GuideRequirement is one governance requirement an application answers: the clause it comes
// from, its text as the guide words it, and whether an answer is required to submit.
type GuideRequirement struct {
	Clause    string `json:"clause"`
	Text      string `json:"text"`
	Mandatory bool   `json:"mandatory"`
}

// GuideStatus is a state of a guide.
type GuideStatus string

const (
	GuideDraft      GuideStatus = "draft"
	GuidePublished  GuideStatus = "published"
	GuideSuperseded GuideStatus = "superseded" // a later revision of the year was published
)

// GuideAction is a step of a guide.
type GuideAction string

const (
	GuidePublish GuideAction = "publish"
	GuideRevise  GuideAction = "revise"    // starts the next revision as a draft copy
	GuideReplace GuideAction = "supersede" // taken by the system when the next revision is published
)

// GuideActor is who acts on guides: only the office.
type GuideActor string

const (
	GuideOffice GuideActor = "office"
	GuideSystem GuideActor = "system" // the publishing of the next revision
)

// GuideFlow is the guide's lifecycle (FLOW-1).
var GuideFlow = &Workflow[GuideStatus, GuideAction, GuideActor, *Guide]{
	Name: "guide", Title: "nav.guides", Clauses: []string{"FLOW-1", "FLOW-2"}, States: GuideStatuses,
	Conflict: "err.guide.transition", StateKey: "guidestatus.", ActionKey: "guideaction.",
	Steps: []Transition[GuideStatus, GuideAction, GuideActor, *Guide]{
		{Action: GuidePublish, From: []GuideStatus{GuideDraft}, To: GuidePublished, By: []GuideActor{GuideOffice},
			Guard: func(g *Guide, _ string) error { return g.ReadyToPublish() },
			Rule:  "a title, the declaration window and at least one requirement; publishing supersedes the year's earlier revision"},
		// Revising leaves the revision published and makes a draft copy with the next number.
		{Action: GuideRevise, From: []GuideStatus{GuidePublished}, To: GuidePublished, By: []GuideActor{GuideOffice}},
		// Taken in the transaction that publishes the year's next revision.
		{Action: GuideReplace, From: []GuideStatus{GuidePublished}, To: GuideSuperseded, By: []GuideActor{GuideSystem}},
	},
}

// The enumerations in display order.
var (
	GuideStatuses = []GuideStatus{GuideDraft, GuidePublished, GuideSuperseded}
	GuideActions  = GuideFlow.Actions()
)

var clauseRe = regexp.MustCompile(`^(ENV|BLD|SHR|PTL|FLOW|ORG)-[PR]?[0-9]{1,2}$`)

// Validate checks a guide's own fields: every problem at once.
func (g *Guide) Validate() error {
	for _, p := range []*string{&g.Title, &g.Requirements, &g.Scope, &g.Encouraged} {
		*p = strings.TrimSpace(*p)
	}
	var errs Problems
	errs.Check(g.Year < 2000 || g.Year > 2100, "year", "err.range", 2000, 2100)
	errs.Check(g.Title == "" || utf8.RuneCountInString(g.Title) > 200, "title", "err.required_len", 200)
	for f, p := range map[string]string{"requirements": g.Requirements, "scope": g.Scope, "encouraged": g.Encouraged} {
		errs.Check(utf8.RuneCountInString(p) > 5000, f, "err.too_long", 5000)
	}
	errs.Check(!g.WindowStart.IsZero() && !g.WindowEnd.IsZero() && g.WindowEnd.Before(g.WindowStart), "window_end", "err.guide.window_order")
	seen := map[string]bool{}
	for i := range g.Items {
		it := &g.Items[i]
		it.Clause, it.Text = strings.ToUpper(strings.TrimSpace(it.Clause)), strings.TrimSpace(it.Text)
		field := fmt.Sprintf("items.%d", i) // the row of the requirements table
		errs.Check(!clauseRe.MatchString(it.Clause) || seen[it.Clause], field, "err.guide.clause", it.Clause)
		errs.Check(it.Text == "" || utf8.RuneCountInString(it.Text) > 1000, field, "err.guide.item_text", it.Clause)
		seen[it.Clause] = true
	}
	return errs.Err()
}

// ReadyToPublish says what a draft still lacks: the window and at least one requirement.
func (g *Guide) ReadyToPublish() error {
	var errs Problems
	errs.Check(g.WindowStart.IsZero(), "window_start", "err.required")
	errs.Check(g.WindowEnd.IsZero(), "window_end", "err.required")
	errs.Check(len(g.Items) == 0, "items", "err.guide.no_items")
	return errs.Err()
}

// Open says whether day falls in the declaration window (both ends included).
func (g *Guide) Open(day time.Time) bool {
	d := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	return g.Status == GuidePublished && !d.Before(g.WindowStart) && !d.After(g.WindowEnd)
}

// Mandatory lists the clauses an application must answer.
func (g *Guide) Mandatory() []string {
	var out []string
	for _, it := range g.Items {
		if it.Mandatory {
			out = append(out, it.Clause)
		}
	}
	return out
}

// DefaultGuideItems are the governance requirements a new guide starts with: the clauses of the
// rules a project application answers (FLOW-2), in the rules' words; the office edits them.
func DefaultGuideItems() []GuideRequirement {
	return []GuideRequirement{
		{"ENV-R1", "不新建、扩建、改造机房；计算、存储、网络资源向区信息办申请，统一部署在区政务云。", true},
		{"ENV-R2", "涉及政务云外已建系统的升级、改造、续建、运维项目，须同步完成迁移上云。", true},
		{"BLD-P2", "项目须包含在本单位已被采纳的年度政务信息化项目计划中。", true},
		{"BLD-P3", "从业务需求出发，说明整合或替代的本单位已有数据资源和业务应用。", true},
		{"SHR-P1", "跨领域、跨部门、跨层级数据交换统一使用区数据交换共享平台。", true},
		{"SHR-R1", "不得新建数据交换平台。", true},
		{"SHR-R2", "自行对接的业务流转，数据须通过区数据交换共享平台汇聚到区城市公共资源库。", true},
		{"SHR-R3", "立项申请前预编项目信息资源目录（名称、提供方、摘要、共享属性、更新周期等）。", true},
		{"SHR-R6", "涉及基础数据采集的，从城市公共资源库获取初始数据并反馈缺失和不一致。", false},
		{"SHR-R7", "涉及人口、法人、空间地理信息数据的，按基础数据规范设计和建设。", true},
		{"PTL-R1", "原则上复用本部门或本领域已有网站；新建网站须说明理由。", true},
		{"PTL-R2", "覆盖全区的项目，按区、镇（街道）、村（社区）各级用户需求分类设计功能。", false},
	}
}
