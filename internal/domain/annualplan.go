package domain

import (
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// AnnualPlan is a unit's plan of informatization projects for one year (BLD-R1, BLD-R2, BLD-P1):
// one per unit and year. The unit drafts it, its leader in charge (分管领导) approves it, the unit
// submits it to the office, and the office accepts it into the district plan (ORG-2 names the
// special items: cloud migration, machine-room closure, website merging, platform docking).
type AnnualPlan struct {
	ID        int64            `json:"id"`
	UnitID    int64            `json:"unit_id"`
	UnitName  string           `json:"unit_name,omitempty"`
	Year      int              `json:"year"`
	Status    AnnualPlanStatus `json:"status"`
	Items     []AnnualItem     `json:"items,omitempty"` // read with one plan, not in lists
	ItemCount int              `json:"item_count"`      // read with the plan
	Total     int64            `json:"total"`           // the items' budgets, 元
	Version   int64            `json:"version"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
}

// AnnualItem is one project of an annual plan. Budget is in whole yuan (元).
type AnnualItem struct {
	Name      string       `json:"name"`
	Kind      ItemKind     `json:"kind"`
	Budget    int64        `json:"budget"` // 元
	Funding   string       `json:"funding"`
	Category  ItemCategory `json:"category"`
	Brief     string       `json:"brief"`
	SystemIDs []int64      `json:"system_ids"`
}

// AnnualPlanStatus is a state of an annual plan.
type AnnualPlanStatus string

// ItemKind is 新建 / 升级 / 改造 / 续建 / 运维.
type ItemKind string

// ItemCategory is the budget category of an item: general, or a special item of ORG-2.
type ItemCategory string

const (
	APDraft          AnnualPlanStatus = "draft"
	APLeaderReview   AnnualPlanStatus = "leader_review"
	APLeaderApproved AnnualPlanStatus = "leader_approved"
	APSubmitted      AnnualPlanStatus = "submitted"
	APAccepted       AnnualPlanStatus = "accepted"

	ItemNew      ItemKind     = "new"      // 新建
	ItemUpgrade  ItemKind     = "upgrade"  // 升级
	ItemRenovate ItemKind     = "renovate" // 改造
	ItemContinue ItemKind     = "continue" // 续建
	ItemOperate  ItemKind     = "operate"  // 运维
	CatGeneral   ItemCategory = "general"
	CatCloud     ItemCategory = "cloud_migration"  // 迁移上云
	CatRoomClose ItemCategory = "room_closure"     // 机房关停
	CatWebMerge  ItemCategory = "website_merging"  // 网站整合
	CatDocking   ItemCategory = "platform_docking" // 平台对接
)

// The enumerations in display order.
var (
	AnnualPlanStatuses = []AnnualPlanStatus{APDraft, APLeaderReview, APLeaderApproved, APSubmitted, APAccepted}
	ItemKinds          = []ItemKind{ItemNew, ItemUpgrade, ItemRenovate, ItemContinue, ItemOperate}
	ItemCategories     = []ItemCategory{CatGeneral, CatCloud, CatRoomClose, CatWebMerge, CatDocking}
)

// MaxPlanItems bounds a plan's items.
const MaxPlanItems = 200

// Validate checks the plan's own fields and each item's; a problem of item i names its field
// items.i.field.
func (p *AnnualPlan) Validate() error {
	var errs Problems
	errs.Check(p.UnitID == 0, "unit_id", "err.required")
	errs.Check(p.Year < 2000 || p.Year > 2100, "year", "err.range", 2000, 2100)
	errs.Check(len(p.Items) > MaxPlanItems, "items", "err.annualplan.too_many", MaxPlanItems)
	for i := range p.Items {
		it := &p.Items[i]
		trimSpace(&it.Name, &it.Funding, &it.Brief)
		f := "items." + strconv.Itoa(i) + "."
		errs.Check(it.Name == "" || utf8.RuneCountInString(it.Name) > 100, f+"name", "err.required_len", 100)
		errs.Check(!slices.Contains(ItemKinds, it.Kind), f+"kind", "err.enum")
		errs.Check(!slices.Contains(ItemCategories, it.Category), f+"category", "err.enum")
		errs.Check(it.Budget < 0 || it.Budget > 100_000_000_000, f+"budget", "err.range", 0, 100_000_000_000)
		errs.Check(utf8.RuneCountInString(it.Funding) > 100, f+"funding", "err.too_long", 100)
		errs.Check(utf8.RuneCountInString(it.Brief) > 1000, f+"brief", "err.too_long", 1000)
		errs.Check(len(it.SystemIDs) > 50, f+"system_ids", "err.annualplan.too_many", 50)
		if it.SystemIDs == nil {
			it.SystemIDs = []int64{}
		}
	}
	if p.Items == nil {
		p.Items = []AnnualItem{}
	}
	return errs.Err()
}

// AnnualPlanAction is a step of an annual plan.
type AnnualPlanAction string

const (
	APSend     AnnualPlanAction = "send"      // to the leader in charge
	APApprove  AnnualPlanAction = "approve"   // the leader approves
	APReturn   AnnualPlanAction = "return"    // the leader returns it to draft, with comments
	APSubmit   AnnualPlanAction = "submit"    // to the office
	APAccept   AnnualPlanAction = "accept"    // into the district plan
	APSendBack AnnualPlanAction = "send_back" // the office returns it to draft, with comments
)

// ByLeader is the unit's leader in charge (分管领导: the leader role granted for the unit).
const ByLeader SystemActor = "leader"

// AnnualPlanCheck is what the steps read beside the state: the plan's item count.
type AnnualPlanCheck struct{ Items int }

func needsItems(c AnnualPlanCheck, _ string) error {
	if c.Items == 0 {
		return Invalid("items", "err.annualplan.no_items")
	}
	return nil
}

// AnnualPlanFlow is the plan's lifecycle (BLD-R1, BLD-R2): the unit sends it to its leader,
// who approves or returns it; the unit submits the approved plan; the office accepts it into
// the district plan or returns it. A return needs comments and leads back to draft, where the
// items may be edited again; the audit trail keeps every round.
var AnnualPlanFlow = &Workflow[AnnualPlanStatus, AnnualPlanAction, SystemActor, AnnualPlanCheck]{
	Name: "annual_plan", Title: "nav.annualplans", Clauses: []string{"BLD-R1", "BLD-R2", "BLD-P1"}, States: AnnualPlanStatuses,
	Conflict: "err.annualplan.transition", StateKey: "apstatus.", ActionKey: "apaction.", NoteMax: 1000,
	Steps: []Transition[AnnualPlanStatus, AnnualPlanAction, SystemActor, AnnualPlanCheck]{
		{Action: APSend, From: []AnnualPlanStatus{APDraft}, To: APLeaderReview, By: unitOnly,
			Rule: "at least one item", Guard: needsItems},
		{Action: APApprove, From: []AnnualPlanStatus{APLeaderReview}, To: APLeaderApproved, By: []SystemActor{ByLeader}},
		{Action: APReturn, From: []AnnualPlanStatus{APLeaderReview}, To: APDraft, By: []SystemActor{ByLeader}, Note: "note"},
		{Action: APSubmit, From: []AnnualPlanStatus{APLeaderApproved}, To: APSubmitted, By: unitOnly,
			Rule: "at least one item", Guard: needsItems},
		{Action: APAccept, From: []AnnualPlanStatus{APSubmitted}, To: APAccepted, By: officeOnly},
		{Action: APSendBack, From: []AnnualPlanStatus{APSubmitted}, To: APDraft, By: officeOnly, Note: "note"},
	},
}

// AnnualPlanActions lists the actions in display order.
var AnnualPlanActions = AnnualPlanFlow.Actions()

// DistrictRow is a total of accepted items of one unit, kind and category (yuan).
type DistrictRow struct {
	UnitID   int64        `json:"unit_id"`
	UnitName string       `json:"unit_name"`
	Kind     ItemKind     `json:"kind"`
	Category ItemCategory `json:"category"`
	Items    int          `json:"items"`
	Budget   int64        `json:"budget"`
}
