package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// TestBrowserDuplicateCheck walks the duplicate-construction check of issue 15 ("Done when"):
// 区卫生健康委员会's draft application proposes what 区民政局's 智慧养老服务平台 already does; its
// 联系人 opens it and sees that system among the top matches with why (the overlapping terms
// marked, the function point it matched); submitting is refused naming the match; the unit
// answers every match above the threshold and submits; the office opens the application in
// review and sees the match and the unit's answer.
func TestBrowserDuplicateCheck(t *testing.T) {
	t.Parallel()
	started := time.Now()
	base, svc, browser := start(t, 120*time.Second)
	db := svc.DB().Read()
	health, err := db.UnitByCode(ctx, "320507119") // no 2027 plan in the demo (demo.Plans)
	if err != nil {
		t.Fatal(err)
	}
	elders, err := svc.Systems(ctx, cli, app.SystemFilter{Query: "XC-SYS-0031", Limit: 1})
	if err != nil || len(elders.Items) != 1 {
		t.Fatalf("the demo's 智慧养老服务平台: %v", err)
	}
	elder := elders.Items[0]

	// The unit's accepted plan item and its draft, as the operator (the lifecycle test walks these pages).
	plan := &domain.AnnualPlan{UnitID: health.ID, Year: demo.PlanYear, Items: []domain.AnnualItem{{Name: "医养结合服务平台", Kind: domain.ItemNew,
		Category: domain.CatGeneral, Budget: 600_000, Funding: "区财政"}}}
	if err := svc.CreateAnnualPlan(ctx, cli, plan); err != nil {
		t.Fatal(err)
	}
	for _, act := range []domain.AnnualPlanAction{domain.APSend, domain.APApprove, domain.APSubmit, domain.APAccept} {
		if plan, err = svc.TransitionAnnualPlan(ctx, cli, plan.ID, app.AnnualPlanStep{Version: plan.Version, Action: act}); err != nil {
			t.Fatal(err)
		}
	}
	items, err := db.AcceptedPlanItems(ctx, authz.Scope{All: true}, demo.PlanYear)
	if err != nil {
		t.Fatal(err)
	}
	var item int64
	for _, it := range items {
		if it.PlanID == plan.ID {
			item = it.ID
		}
	}
	guides, err := db.Guides(ctx, authz.Scope{All: true}, store.GuideFilter{Year: demo.PlanYear, Status: domain.GuidePublished, Limit: 1})
	if err != nil || len(guides) != 1 {
		t.Fatalf("the demo's published guide: %v", err)
	}
	var answers []domain.ProjectResponse
	for _, cl := range guides[0].Mandatory() {
		answers = append(answers, domain.ProjectResponse{Clause: cl, Answer: domain.AnswerComply})
	}
	p := &domain.Project{UnitID: health.ID, PlanItemID: item, Name: "智慧养老服务平台（医养结合）", NoData: true, Responses: answers,
		Content:   "建设居家养老上门服务派单、养老机构监管和老年人能力评估功能，并与家庭医生签约服务衔接。",
		Functions: []string{"居家上门服务派单", "养老机构监管", "老年人能力评估", "家庭医生签约衔接"},
		Budget:    []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 500_000}}}
	if err := svc.CreateProject(ctx, cli, p); err != nil {
		t.Fatal(err)
	}
	projectURL := base + "/projects/" + strconv.FormatInt(p.ID, 10)
	row := fmt.Sprintf(`#dup-system-%d`, elder.ID)

	unit := logIn(t, browser, base, "weijian", "褚佳敏")
	office := logIn(t, browser, base, "office", "周晓岚")
	unitAsks, officeAsks := answerDialogs(t, unit, nil), answerDialogs(t, office, nil)

	// 1. The unit sees the existing system among the matches, with why.
	do(t, unit, "open the draft", chromedp.Navigate(projectURL), chromedp.WaitVisible(css(`#duplicates`)))
	txt := get(t, unit, "read the match", chromedp.Text(css(row)))
	if !strings.Contains(txt, elder.Name) || !strings.Contains(txt, "区民政局") || !strings.Contains(txt, "须答复") || !strings.Contains(txt, "居家上门服务派单") {
		t.Errorf("the match of %s: %q", elder.Name, txt)
	}
	if marks := get(t, unit, "count the marked terms", chromedp.Evaluate[int](`document.querySelectorAll("`+row+` .dup-name mark").length`)); marks == 0 {
		t.Errorf("no term of %s is marked", elder.Name)
	}
	screenshot(t, unit, "dupcheck-matches")

	// 2. Submitting is refused, naming the match; the application stays a draft.
	follow(t, unit, "try to submit", `form[action$="/steps/submit"] button`, `#duplicates`)
	confirmed(t, unitAsks, "try to submit", "提交")
	if msg := get(t, unit, "read the refusal", chromedp.Text(css(row))); !strings.Contains(msg, "须先答复") {
		t.Errorf("the refusal at the match: %q", msg)
	}
	if h := heading(t, unit); !strings.Contains(h, "草稿") {
		t.Errorf("after the refusal the heading says %q", h)
	}

	// 3. The unit answers every match above the threshold (this one: how it differs) and submits.
	rows := get(t, unit, "list the matches to answer", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("#dup-matches tr.dup-match")].filter(r => r.querySelector("form.dup-answer")).map(r => r.id)`))
	for _, id := range rows {
		how, why := string(domain.DupIntegrate), "建设中与其对接，复用其已有功能。"
		if "#"+id == row {
			how, why = string(domain.DupDiffers), "本项目只建设与家庭医生签约服务的衔接，上门派单和机构监管使用区平台。"
		}
		do(t, unit, "answer "+id,
			chromedp.SetValue(css(`#`+id+` select[name=answer]`), how),
			chromedp.SendKeys(css(`#`+id+` textarea[name=reason]`), why))
		follow(t, unit, "save the answer to "+id, `#`+id+` form.dup-answer button`, `div.flash`)
	}
	projectStep(t, unit, unitAsks, "submit the answered application", "submit", "提交", "已提交")

	// 4. The office opens it, takes it under review and sees the match and the answer.
	do(t, office, "open the application", chromedp.Navigate(projectURL), chromedp.WaitVisible(css(`#lifecycle`)))
	projectStep(t, office, officeAsks, "take it under review", "review", "受理审核", "审核中")
	seen := get(t, office, "read the match and the answer", chromedp.Text(css(row)))
	if !strings.Contains(seen, elder.Name) || !strings.Contains(seen, "有差异") || !strings.Contains(seen, "家庭医生签约服务的衔接") {
		t.Errorf("the office's view of the match: %q", seen)
	}
	do(t, office, "the verdict form", chromedp.WaitVisible(css(`#dup-verdict-form`)))
	t.Logf("the walk took %s", time.Since(started).Round(100*time.Millisecond))
}
