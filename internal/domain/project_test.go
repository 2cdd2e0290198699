package domain

import (
	"slices"
	"testing"
)

func fields(err error) map[string]bool {
	got := map[string]bool{}
	if e := AsError(err); e != nil {
		for _, f := range e.Fields() {
			got[f.Field] = true
		}
	}
	return got
}

func TestProjectValidate(t *testing.T) {
	p := Project{UnitID: 1, Year: 2027, PlanItemID: 3, Name: " 数据中台 ", Kind: ItemNew, KeyCategory: KeyNone, RoomWork: RoomWorkNone,
		Budget:     []BudgetLine{{CatGeneral, 100}, {CatCloud, 50}},
		SystemIDs:  []int64{9, 4, 9},
		UserLevels: []UserLevel{LevelVillage, LevelDistrict, LevelVillage},
		BaseData:   []BaseLibrary{LibGeo, LibPopulation},
		Responses:  []ProjectResponse{{Clause: "ENV-R1", Answer: AnswerComply}, {Clause: "BLD-P3", Answer: AnswerPartial, Text: "二期"}}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.Name != "数据中台" || p.Total != 150 || !slices.Equal(p.SystemIDs, []int64{4, 9}) ||
		!slices.Equal(p.UserLevels, []UserLevel{LevelDistrict, LevelVillage}) || !slices.Equal(p.BaseData, []BaseLibrary{LibPopulation, LibGeo}) {
		t.Fatalf("normalized %+v", p)
	}
	if p.NewSystems == nil || p.Exchanges == nil || p.CatalogIDs == nil || p.Integrations == nil {
		t.Fatalf("nil lists %+v", p)
	}

	// Every problem at once, each naming its field (rows as list.i.field, answers by clause).
	bad := Project{Year: 1999, Kind: "x", KeyCategory: "big", RoomWork: "dig",
		Budget:       []BudgetLine{{CatGeneral, 1}, {CatGeneral, -5}},
		NewSystems:   []NewSystem{{Name: ""}},
		Cloud:        CloudResources{VCPU: -1},
		Exchanges:    []ProjectExchange{{UnitID: 0, Data: "", Channel: "mail"}},
		BaseData:     []BaseLibrary{"人口"},
		Websites:     []PlannedWebsite{{Name: "新网站"}},
		Media:        []PlannedMedia{{Kind: "fax", Name: "x"}},
		UserLevels:   []UserLevel{"city"},
		Integrations: []Integration{{Target: "room", ID: 0, Mode: "merge"}},
		Responses: []ProjectResponse{{Clause: "SHR-R3", Answer: AnswerPartial}, {Clause: "PTL-R2", Answer: AnswerNA}, {Clause: "ENV-R1", Answer: "maybe"},
			{Clause: "XYZ-1", Answer: AnswerComply}, {Clause: "SHR-R3", Answer: AnswerComply}}}
	got := fields(bad.Validate())
	for _, f := range []string{"unit_id", "year", "plan_item_id", "name", "kind", "key_category", "room_work", "budget.1.category", "budget.1.amount",
		"new_systems.0.name", "cloud.vcpu", "exchanges.0.unit_id", "exchanges.0.data", "exchanges.0.channel", "base_data", // a website's reason: PTL-R1, the rules engine's
		"media.0.kind", "user_levels", "integrations.0.target", "integrations.0.id", "integrations.0.mode",
		"responses.SHR-R3", "responses.PTL-R2", "responses.ENV-R1", "responses.3.clause", "responses.4.clause"} {
		if !got[f] {
			t.Errorf("no problem on %s", f)
		}
	}
	// An exchange with the applying unit itself is no exchange with another department.
	self := p
	self.Exchanges = []ProjectExchange{{UnitID: 1, Data: "x", Channel: ExchangePlatform}}
	if !fields(self.Validate())["exchanges.0.unit_id"] {
		t.Error("an exchange with the unit itself passed")
	}
}

func TestProjectReadyToSubmit(t *testing.T) {
	p := &Project{Total: 120, Content: "建设", CatalogIDs: []int64{7}, Functions: []string{"数据汇聚"},
		Responses: []ProjectResponse{{Clause: "ENV-R1", Answer: AnswerComply}}}
	c := ProjectCheck{P: p, Mandatory: []string{"ENV-R1"}, PlanBudget: 200}
	if err := c.ReadyToSubmit(); err != nil {
		t.Fatal(err)
	}
	// Everything missing at once: the mandatory answers, the budget, the content (the catalog,
	// SHR-R3, is the rules engine's: internal/rules, SHR-R3.pre-compiled-catalog).
	empty := ProjectCheck{P: &Project{}, Mandatory: []string{"ENV-R1", "SHR-R3"}, PlanBudget: 200}
	got := fields(empty.ReadyToSubmit())
	if got["catalog_ids"] {
		t.Error("the domain checks the catalog, which is the rules engine's (SHR-R3)")
	}
	for _, f := range []string{"responses.ENV-R1", "responses.SHR-R3", "budget", "content", "functions"} {
		if !got[f] {
			t.Errorf("no problem on %s: %v", f, got)
		}
	}
	// Over the plan item's budget: refused without a justification, accepted with one.
	p.Total = 250
	if !fields(c.ReadyToSubmit())["budget_justification"] {
		t.Error("over budget without justification passed")
	}
	p.BudgetJustification = "新增迁移任务"
	if err := c.ReadyToSubmit(); err != nil {
		t.Fatal(err)
	}
	// Declaring no data resource and having entries contradict each other; the declaration alone
	// stands for the catalog.
	p.NoData = true
	if !fields(c.ReadyToSubmit())["no_data"] {
		t.Error("no data resource declared with entries passed")
	}
	p.CatalogIDs = nil
	if err := c.ReadyToSubmit(); err != nil {
		t.Fatal(err)
	}
}

func TestProjectFlow(t *testing.T) {
	unit, office := []SystemActor{ByUnit}, []SystemActor{ByOffice}
	ready := ProjectCheck{P: &Project{Total: 100, Content: "x", NoData: true, RoomWork: RoomWorkNone, Functions: []string{"数据汇聚"}}, PlanBudget: 100, Approved: 80,
		Reviews: ReviewAggregate{Assigned: 3, Submitted: 3}, Opinion: true}
	pending, noOpinion := ready, ready
	pending.Reviews.Submitted = 2 // BLD-R3: every assigned expert's review
	noOpinion.Opinion = false     // FLOW-2: the governance review opinion
	room := ready
	room.P = &Project{Total: 100, RoomWork: RoomWorkExtend}
	room.Approved = 80
	over := ready
	over.Approved = 101
	for _, c := range []struct {
		from ProjectStatus
		act  ProjectAction
		who  []SystemActor
		note string
		chk  ProjectCheck
		to   ProjectStatus
		code Code
	}{
		{ProjDraft, ProjSubmit, unit, "", ready, ProjSubmitted, ""},
		{ProjDraft, ProjSubmit, unit, "", ProjectCheck{P: &Project{}}, "", EInvalid},
		{ProjDraft, ProjSubmit, office, "", ready, "", EForbidden},
		{ProjReturned, ProjSubmit, unit, "", ready, ProjSubmitted, ""},
		{ProjSubmitted, ProjReview, office, "", ready, ProjUnderReview, ""},
		{ProjSubmitted, ProjReview, unit, "", ready, "", EForbidden},
		{ProjSubmitted, ProjApprove, office, "", ready, "", EConflict},
		{ProjUnderReview, ProjApprove, office, "", ready, ProjApproved, ""},
		{ProjUnderReview, ProjApprove, office, "", over, "", EInvalid},
		{ProjUnderReview, ProjApprove, office, "", room, ProjApproved, ""}, // ENV-R1 is the rules engine's gate (internal/rules)
		{ProjUnderReview, ProjApprove, office, "", pending, "", EInvalid},
		{ProjUnderReview, ProjApprove, office, "", noOpinion, "", EInvalid},
		{ProjUnderReview, ProjReturn, office, "补充可研", ready, ProjReturned, ""},
		{ProjSubmitted, ProjReturn, office, "材料不全", ready, ProjReturned, ""},
		{ProjUnderReview, ProjReturn, office, " ", ready, "", EInvalid},
		{ProjUnderReview, ProjReject, office, "不符合规划", ready, ProjRejected, ""},
		{ProjUnderReview, ProjReject, office, "", ready, "", EInvalid},
		{ProjApproved, ProjReturn, office, "x", ready, "", EConflict},
		{ProjRejected, ProjSubmit, unit, "", ready, "", EConflict},
	} {
		to, err := ProjectFlow.Next(c.from, c.act, c.who, c.note, c.chk)
		if to != c.to || ErrorCode(err) != c.code {
			t.Errorf("%s %s by %v: got %q %v, want %q %q", c.from, c.act, c.who, to, err, c.to, c.code)
		}
	}
	// Approval checks the budget, the reviews and the opinion at once (the machine-room work,
	// ENV-R1, is the rules engine's gate).
	_, err := ProjectFlow.Next(ProjUnderReview, ProjApprove, office, "", ProjectCheck{P: &Project{Total: 10, RoomWork: RoomWorkBuild}, Approved: 11})
	if got := fields(err); !got["approved_budget"] || got["room_work"] || !got["reviews"] || !got["opinion"] {
		t.Errorf("approval problems %v", got)
	}
	if !ProjDraft.Editable() || !ProjReturned.Editable() || ProjSubmitted.Editable() || ProjApproved.Editable() {
		t.Error("Editable")
	}
}
