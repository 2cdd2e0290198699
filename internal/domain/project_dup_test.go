package domain

import (
	"slices"
	"strings"
	"testing"
)

// The function points and the answers to the duplicate check are an application's own fields
// (issue 15): checked with the others, every problem at once; a draft may have none.
func TestProjectDupFields(t *testing.T) {
	base := func() Project {
		return Project{UnitID: 1, Year: 2027, PlanItemID: 3, Name: "居家养老服务平台", Kind: ItemNew, KeyCategory: KeyNone, RoomWork: RoomWorkNone}
	}
	p := base()
	if err := p.Validate(); err != nil || p.Functions == nil || p.DupAnswers == nil || p.DupVerdicts == nil {
		t.Fatalf("a draft without function points: %v %+v", err, p)
	}
	p.Functions = []string{" 上门服务派单 ", "老年人能力评估"}
	p.DupAnswers = []DupAnswer{{Kind: DupSystem, ID: 9, Answer: DupDiffers, Reason: "本平台只服务街道辖区的助餐点，不含派单"},
		{Kind: DupComponent, ID: 2, Answer: DupReuse}, {Kind: DupSystem, ID: 4, Answer: DupIntegrate}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.Functions[0] != "上门服务派单" || p.DupAnswers[0].ID != 4 || p.DupAnswers[1].ID != 9 || p.DupAnswers[2].Kind != DupComponent {
		t.Fatalf("normalized %v %+v", p.Functions, p.DupAnswers)
	}

	bad := base()
	bad.Functions = []string{"派", strings.Repeat("长", 61), "上门服务派单", "上门服务派单"}
	bad.DupAnswers = []DupAnswer{{Kind: DupSystem, ID: 9, Answer: DupDiffers, Reason: "不一样"}, {Kind: DupSystem, ID: 9, Answer: DupReuse},
		{Kind: "room", ID: 1, Answer: DupReuse}, {Kind: DupCatalog, ID: 5, Answer: "ignore"}, {Kind: DupComponent, ID: 0, Answer: DupReuse}}
	got := fields(bad.Validate())
	for _, f := range []string{"functions.0", "functions.1", "functions.3", "dup_answers.system.9.reason", "dup_answers.system.9",
		"dup_answers.2", "dup_answers.catalog.5.answer", "dup_answers.4"} {
		if !got[f] {
			t.Errorf("no problem on %s: %v", f, got)
		}
	}
	if got["functions.2"] {
		t.Error("the first of two equal function points refused")
	}
	many := base()
	for i := range MaxFunctions + 1 {
		many.Functions = append(many.Functions, "功能"+strings.Repeat("点", 1+i%5)+string(rune('甲'+i)))
	}
	if !fields(many.Validate())["functions"] {
		t.Error("51 function points accepted")
	}
}

// Submission needs the function points and an answer to every match above the threshold;
// matches below it, and answers to things no longer matched, do not matter.
func TestProjectDupSubmit(t *testing.T) {
	p := &Project{Total: 100, Content: "建设", NoData: true, Functions: []string{"上门服务派单"},
		DupAnswers: []DupAnswer{{Kind: DupSystem, ID: 77, Answer: DupReuse}}}
	res := &DupResult{Threshold: 60, Matches: []DupMatch{
		{Kind: DupSystem, ID: 9, Name: "智慧养老服务平台", UnitName: "区民政局", Score: 88, Above: true},
		{Kind: DupComponent, ID: 3, Name: "统一短信平台", Score: 70, Above: true},
		{Kind: DupCatalog, ID: 5, Name: "养老机构名录", Score: 40}}}
	c := ProjectCheck{P: p, PlanBudget: 100, Dup: res}
	got := fields(c.ReadyToSubmit())
	if len(got) != 2 || !got["dup_answers.system.9"] || !got["dup_answers.component.3"] {
		t.Fatalf("unanswered: %v", got)
	}
	e := AsError(c.ReadyToSubmit())
	if e.Message != "err.project.dup_unanswered" || !slices.Contains(e.Args, any("智慧养老服务平台")) {
		t.Fatalf("the refusal does not name the match: %+v", e)
	}
	p.DupAnswers = append(p.DupAnswers, DupAnswer{Kind: DupSystem, ID: 9, Answer: DupIntegrate}, DupAnswer{Kind: DupComponent, ID: 3, Answer: DupReuse})
	if err := c.ReadyToSubmit(); err != nil {
		t.Fatal(err)
	}
	p.Functions = nil
	if !fields(c.ReadyToSubmit())["functions"] {
		t.Error("submitted without function points")
	}
}

// The office's verdicts: on the application's function points, one each, naming the match; a
// cut needs its amount; the cuts bound the approval.
func TestProjectDupVerdicts(t *testing.T) {
	p := &Project{Total: 500_000, Functions: []string{"上门服务派单", "养老机构监管", "能力评估"}}
	vs := []DupVerdict{
		{Function: "能力评估", Verdict: DupCut, Kind: DupSystem, ID: 9, Amount: 100_000, Note: "部分重叠"},
		{Function: " 上门服务派单", Verdict: DupNotApproved, Kind: DupSystem, ID: 9, Amount: 5},
	}
	if err := p.CheckVerdicts(vs); err != nil {
		t.Fatal(err)
	}
	if vs[0].Function != "上门服务派单" || vs[0].Amount != 0 || vs[1].Function != "能力评估" {
		t.Fatalf("normalized %+v", vs)
	}
	bad := []DupVerdict{
		{Function: "助餐", Verdict: DupCut, Kind: DupSystem, ID: 9, Amount: 1},
		{Function: "上门服务派单", Verdict: "maybe", Kind: "room", ID: 9},
		{Function: "上门服务派单", Verdict: DupNotApproved, Kind: DupSystem, ID: 9},
		{Function: "养老机构监管", Verdict: DupCut, Kind: DupSystem, ID: 0},
		{Function: "能力评估", Verdict: DupCut, Kind: DupCatalog, ID: 2, Amount: 600_000},
	}
	got := fields(p.CheckVerdicts(bad))
	for _, f := range []string{"dup_verdicts", "dup_verdicts.0.verdict", "dup_verdicts.0.match", "dup_verdicts.0",
		"dup_verdicts.1.match", "dup_verdicts.1.amount"} {
		if !got[f] {
			t.Errorf("no problem on %s: %v", f, got)
		}
	}
	// Approval: within the total less the cuts.
	p.DupVerdicts = vs
	ok := ProjectCheck{P: p, Approved: 400_000, Reviews: ReviewAggregate{Assigned: 1, Submitted: 1}, Opinion: true}
	if err := ok.readyToApprove(); err != nil {
		t.Fatal(err)
	}
	over := ok
	over.Approved = 400_001
	if e := AsError(over.readyToApprove()); e == nil || e.Field != "approved_budget" || e.Message != "err.project.approved_over_cuts" {
		t.Fatalf("approved over the total less the cuts: %v", e)
	}
	if Cuts(vs) != 100_000 || len(NotApproved(vs)) != 1 {
		t.Fatalf("cuts %d, not approved %v", Cuts(vs), NotApproved(vs))
	}
}
