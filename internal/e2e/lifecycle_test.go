package e2e

import (
	"context"
	"fmt"
	"regexp"
	"slices"
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

// TestBrowserProjectLifecycle walks the project lifecycle of issue 9 through the pages, with the
// demo users (docs/guide/projects.md「完整流程」): the office's published 2027 guide (FLOW-1);
// 区卫生健康委员会, which has no 2027 plan in the demo, writes one with one item and sends it to
// its leader in charge, who approves it; the unit submits it and the office accepts it into the
// district plan (BLD-R1, BLD-R2); the unit applies for the item, answering the guide's mandatory
// requirements and declaring it makes no data, and submits (FLOW-2, BLD-P2, SHR-R3); the office
// takes it under review, draws two experts from the application's link and assigns them (BLD-R3);
// each expert scores it at 我的评审; the office writes the governance opinion, approves it with a
// budget — the new system is registered 在建 — and issues the task book, whose print page carries
// its document number and indicators (FLOW-3, BLD-R4).
func TestBrowserProjectLifecycle(t *testing.T) {
	t.Parallel()
	started := time.Now()
	base, svc, browser := start(t, 300*time.Second)
	db := svc.DB().Read()
	health, err := db.UnitByCode(ctx, "320507119") // no 2027 plan in the demo (demo.Plans)
	if err != nil {
		t.Fatal(err)
	}
	guides, err := db.Guides(ctx, authz.Scope{All: true}, store.GuideFilter{Year: demo.PlanYear, Status: domain.GuidePublished, Limit: 1})
	if err != nil || len(guides) != 1 {
		t.Fatalf("the demo's published %d guide: %v %v", demo.PlanYear, guides, err)
	}
	guide := guides[0]
	const (
		itemName  = "互联网医院监管平台"
		itemWan   = "900000"
		applied   = "850000"
		approved  = "800000"
		newSystem = "互联网医院监管系统"
	)
	year := strconv.Itoa(demo.PlanYear)

	office := logIn(t, browser, base, "office", "周晓岚")
	unit := logIn(t, browser, base, "weijian", "褚佳敏")  // 区卫生健康委员会's 联系人
	leader := logIn(t, browser, base, "leader", "吴建国") // its leader in charge (BLD-R2)
	officeAsks, unitAsks, leaderAsks := answerDialogs(t, office, nil), answerDialogs(t, unit, nil), answerDialogs(t, leader, nil)

	// 1. The guide the applications answer (FLOW-1).
	do(t, office, "open the guides", chromedp.Navigate(base+"/guides"), chromedp.WaitVisible(css(`#guide-list`)))
	if list := get(t, office, "read the guides", chromedp.Text(css(`#guide-list`))); !strings.Contains(list, guide.Title) || !strings.Contains(list, "已发布") {
		t.Errorf("the guides list: %q", list)
	}
	follow(t, office, "open the guide", fmt.Sprintf(`#guide-list a[href="/guides/%d"]`, guide.ID), `#requirements`)
	if h := heading(t, office); !strings.Contains(h, guide.Title) || !strings.Contains(h, "已发布") {
		t.Errorf("the guide's heading: %q", h)
	}
	if reqs := get(t, office, "read the requirements", chromedp.Text(css(`#requirements`))); !strings.Contains(reqs, "BLD-P2") || !strings.Contains(reqs, "SHR-R3") {
		t.Errorf("the guide's requirements: %q", reqs)
	}

	// 2. The unit writes its 2027 plan and sends it to the leader in charge (BLD-R1, BLD-R2).
	const newPlan = `form[action="/annual-plans/new"]`
	do(t, unit, "open the annual plans",
		chromedp.Navigate(base+"/annual-plans"),
		chromedp.WaitVisible(css(newPlan)),
		chromedp.SetValue(css(newPlan+` select[name=unit_id]`), strconv.FormatInt(health.ID, 10)),
		chromedp.SetValue(css(newPlan+` input[name=year]`), year),
	)
	follow(t, unit, "start the plan", newPlan+` button`, `div.flash`)
	planURL := get(t, unit, "location", chromedp.Location())
	const row = `#items tbody tr:first-child `
	do(t, unit, "write the item",
		chromedp.SendKeys(css(row+`input[name=item_name]`), itemName),
		chromedp.SetValue(css(row+`select[name=item_kind]`), string(domain.ItemNew)),
		chromedp.SetValue(css(row+`select[name=item_category]`), string(domain.CatGeneral)),
		chromedp.SendKeys(css(row+`input[name=item_budget]`), itemWan),
		chromedp.SendKeys(css(row+`input[name=item_funding]`), "区级财政预算资金"),
		chromedp.SendKeys(css(row+`input[name=item_brief]`), "对辖区互联网医院的诊疗、处方和药品配送进行在线监管。"),
	)
	follow(t, unit, "save the item", `#items button.primary`, `div.flash`)
	if v := get(t, unit, "read the item", chromedp.Value(css(row+`input[name=item_name]`))); v != itemName {
		t.Errorf("the plan's first item after saving: %q", v)
	}
	planStep(t, unit, unitAsks, "send it to the leader", "send", "报分管领导", "分管领导审批中")
	savePage(t, unit, "lifecycle-plan.png")

	// 3. The leader in charge approves it.
	do(t, leader, "open the plan", chromedp.Navigate(planURL), chromedp.WaitVisible(css(`#lifecycle`)))
	if items := get(t, leader, "read the items", chromedp.Text(css(`#items`))); !strings.Contains(items, itemName) || !strings.Contains(items, itemWan) {
		t.Errorf("the plan the leader reads: %q", items)
	}
	planStep(t, leader, leaderAsks, "approve it", "approve", "批准", "分管领导已批准")

	// 4. The unit submits it; the office accepts it into the district plan.
	do(t, unit, "open the plan", chromedp.Navigate(planURL), chromedp.WaitVisible(css(`#lifecycle`)))
	planStep(t, unit, unitAsks, "submit it", "submit", "报送信息办", "已报送")
	do(t, office, "open the plan", chromedp.Navigate(planURL), chromedp.WaitVisible(css(`#lifecycle`)))
	planStep(t, office, officeAsks, "accept it", "accept", "纳入全区计划", "已纳入全区计划")
	do(t, office, "open the district plan",
		chromedp.Navigate(base+"/annual-plans/district?year="+year),
		chromedp.WaitVisible(css(`#district-plan`)),
	)
	if r := get(t, office, "read the unit's row", chromedp.Evaluate[string](
		`[...document.querySelectorAll("#district-plan tbody tr")].map(r => r.innerText).find(t => t.includes("`+health.Name+`")) || ""`)); !strings.Contains(r, itemWan) {
		t.Errorf("the district plan's row of %s: %q; want its item's %s", health.Name, r, itemWan)
	}
	if st := get(t, office, "download the workbook", chromedp.Evaluate[string](
		`fetch(document.querySelector('a[href^="/annual-plans/district.xlsx"]').href).then(r => r.status + " " + r.headers.get("Content-Type"))`,
		chromedp.EvalAwaitPromise)); !strings.HasPrefix(st, "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
		t.Errorf("the district plan's workbook: %s", st)
	}

	// 5. The unit applies for the item (FLOW-2, BLD-P2): the short form, then the full one.
	do(t, unit, "open the new application",
		chromedp.Navigate(base+"/projects/new"),
		chromedp.WaitVisible(css(`select[name=plan_item_id]`)),
	)
	item := get(t, unit, "find the plan item", chromedp.Evaluate[string](
		`([...document.querySelectorAll("select[name=plan_item_id] option")].find(o => o.text.includes("`+itemName+`")) || {value: ""}).value`))
	if item == "" {
		t.Fatalf("the new application lists no %s among the accepted plan items", itemName)
	}
	do(t, unit, "fill in the application",
		chromedp.SetValue(css(`select[name=plan_item_id]`), item),
		chromedp.SendKeys(css(`textarea[name=content]`), "建设互联网医院监管平台，对接省互联网医院监管平台，诊疗和处方数据经区数据交换共享平台共享。"),
		chromedp.SendKeys(css(`input[name=budget_general]`), applied),
		chromedp.SendKeys(css(`textarea[name=functions]`), "互联网医院诊疗行为监管\n电子处方流转监管"), // issue 15
	)
	follow(t, unit, "save the application", `form[action="/projects/new"] button.primary`, `div.flash`)
	projectURL := get(t, unit, "location", chromedp.Location())
	pid, err := strconv.ParseInt(strings.TrimPrefix(path(t, projectURL), "/projects/"), 10, 64)
	if err != nil {
		t.Fatalf("after saving the application the browser is at %s", projectURL)
	}
	if h := heading(t, unit); !strings.Contains(h, itemName) || !strings.Contains(h, "草稿") {
		t.Errorf("the new application's heading: %q", h)
	}
	follow(t, unit, "edit the rest", fmt.Sprintf(`a[href="/projects/%d/edit"]`, pid), `#responses`)
	mandatory := get(t, unit, "list the mandatory requirements", chromedp.Evaluate[[]string](
		`[...document.querySelectorAll("#responses tbody tr")].filter(r => r.querySelector(".req")).map(r => r.querySelector("input[name=clause]").value)`))
	if !slices.Contains(mandatory, "BLD-P2") || !slices.Contains(mandatory, "SHR-R3") {
		t.Fatalf("the form's mandatory requirements: %v", mandatory)
	}
	steps := []action{
		chromedp.SendKeys(css(`input[name=new_name]`), newSystem),
		chromedp.SendKeys(css(`input[name=new_brief]`), "互联网医院诊疗行为和处方流转的在线监管。"),
		chromedp.SetValue(css(`input[name=cloud_vcpu]`), "8"),
		chromedp.SetValue(css(`input[name=cloud_memory_gib]`), "32"),
		chromedp.SetValue(css(`input[name=cloud_storage_gib]`), "500"),
		chromedp.Click(css(`input[name=no_data]`)), // SHR-R3: no pre-compiled catalog, so the declaration
	}
	for _, c := range mandatory {
		steps = append(steps, chromedp.SetValue(css(`select[name="answer_`+c+`"]`), string(domain.AnswerComply)))
	}
	do(t, unit, "answer the guide", steps...)
	follow(t, unit, "save the full form", fmt.Sprintf(`form[action="/projects/%d"] button.primary`, pid), `div.flash`)
	if txt := get(t, unit, "read the catalog section", chromedp.Text(css(`#catalog`))); !strings.Contains(txt, "不产生") {
		t.Errorf("the application's catalog section after declaring no data: %q", txt)
	}
	projectStep(t, unit, unitAsks, "submit the application", "submit", "提交", "已提交")

	// 6. The office takes it under review, draws two experts and assigns them (BLD-R3).
	do(t, office, "open the application", chromedp.Navigate(projectURL), chromedp.WaitVisible(css(`#lifecycle`)))
	projectStep(t, office, officeAsks, "take it under review", "review", "受理审核", "审核中")
	follow(t, office, "open the drawing form", `#draw-link`, `#draw-eligible`)
	if txt := get(t, office, "read the eligible", chromedp.Text(css(`#draw-eligible`))); strings.Contains(txt, "冯立新") {
		t.Errorf("the drawing form offers 卫健委's own expert: %q", txt)
	}
	do(t, office, "ask for two", chromedp.SetValue(css(`input[name=count]`), "2"))
	follow(t, office, "draw", `form[action="/draws/new"] button.primary`, `#draw-verify`)
	did, err := strconv.ParseInt(strings.TrimPrefix(path(t, get(t, office, "location", chromedp.Location())), "/draws/"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	draw, err := db.Draw(ctx, did)
	if err != nil || len(draw.Result) != 2 || draw.SubjectID != pid || draw.ExcludeUnitID != health.ID {
		t.Fatalf("the draw: %+v %v", draw, err)
	}
	follow(t, office, "back to the application", `#draw-subject`, `#assign-draw`)
	follow(t, office, "assign the drawn", `#assign-draw button`, `div.flash`)
	reviewers := get(t, office, "read the reviewers", chromedp.Text(css(`#reviewers`)))
	experts := make([]*domain.Expert, len(draw.Result))
	for i, key := range draw.Result {
		id, _ := strconv.ParseInt(key, 10, 64)
		if experts[i], err = db.Expert(ctx, id); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(reviewers, experts[i].Name) {
			t.Errorf("the reviewers %q lack the drawn %s", reviewers, experts[i].Name)
		}
	}

	// 7. The reviews come in (BLD-R3). The demo pool's one expert with a login, 黄立群 (expert),
	// is assigned by hand when the draw did not pick him, and scores at 我的评审; the drawn
	// experts hand in paper forms, which the office records on the application's page.
	var own *domain.Expert
	if own, err = expertOfLogin(svc, "expert"); err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(experts, func(e *domain.Expert) bool { return e.ID == own.ID }) {
		do(t, office, "choose 黄立群 by hand", chromedp.Evaluate[void](fmt.Sprintf(
			`document.querySelector('#assign-hand [name=expert_ids] [value="%d"]').selected = true`, own.ID)))
		follow(t, office, "assign him", `#assign-hand button`, `div.flash`)
		experts = append(experts, own)
	}
	score := func(tab context.Context, who string, i int) {
		var steps []action
		for j, c := range domain.ReviewCriteria {
			steps = append(steps,
				chromedp.SetValue(css(`input[name=score_`+string(c)+`]`), strconv.Itoa(3+(i+j)%3)),
				chromedp.SendKeys(css(`textarea[name=comment_`+string(c)+`]`), "符合要求。"))
		}
		steps = append(steps,
			chromedp.Click(css(`input[name=recommendation][value=`+string(domain.RecApprove)+`]`)),
			chromedp.SendKeys(css(`textarea[name=comment]`), "项目建设必要，方案可行，建议立项。"))
		do(t, tab, "score it for "+who, steps...)
	}
	expertTab := logIn(t, browser, base, "expert", own.Name)
	expertAsks := answerDialogs(t, expertTab, nil)
	do(t, expertTab, "open 我的评审", chromedp.Navigate(base+"/reviews"), chromedp.WaitVisible(css(`main`)))
	follow(t, expertTab, "open the scoring form", fmt.Sprintf(`main a[href="/reviews/%d"]`, pid), `#review-form`)
	score(expertTab, own.Name, 0)
	follow(t, expertTab, "submit the review", `#review-form button.primary`, `div.flash`)
	confirmed(t, expertAsks, "submitting the review", "不能修改")
	if rec := get(t, expertTab, "read the submitted review", chromedp.Text(css(`#submitted`))); !strings.Contains(rec, "建议立项") {
		t.Errorf("%s's review after submitting: %q", own.Name, rec)
	}
	for i, e := range experts {
		if e.ID == own.ID {
			continue
		}
		do(t, office, "open the application", chromedp.Navigate(projectURL), chromedp.WaitVisible(css(`#reviewers`)))
		follow(t, office, "open "+e.Name+"'s paper form", fmt.Sprintf(`a[href="/projects/%d/reviews/%d/paper"]`, pid, e.ID), `#review-form`)
		if h := heading(t, office); !strings.Contains(h, "代录"+e.Name+"的纸质评分") {
			t.Errorf("the paper form's heading: %q", h)
		}
		score(office, e.Name, i+1)
		follow(t, office, "record "+e.Name+"'s paper review", `#review-form button.primary`, `div.flash`)
		confirmed(t, officeAsks, "recording the paper review", "不能修改")
	}

	// 8. The office writes the opinion, approves with a budget and issues the task book
	// (FLOW-2, FLOW-3, BLD-R4).
	do(t, office, "open the application", chromedp.Navigate(projectURL), chromedp.WaitVisible(css(`#opinion-form`)))
	if agg := get(t, office, "read the aggregate", chromedp.Text(css(`#review-aggregate`))); !strings.Contains(agg, fmt.Sprintf("已提交 %d / %d", len(experts), len(experts))) || !strings.Contains(agg, fmt.Sprintf("建议立项 %d", len(experts))) {
		t.Errorf("the reviews' aggregate: %q", agg)
	}
	do(t, office, "pass every answer",
		chromedp.Evaluate[void](`document.querySelectorAll('#opinion-form input[type=radio][value="`+string(domain.VerdictAccepted)+`"]').forEach(r => r.click())`),
		chromedp.SendKeys(css(`#opinion-form textarea[name=overall]`), "项目符合全区电子政务统筹建设要求，同意按核定预算立项。"),
	)
	follow(t, office, "save the opinion", `#opinion-form button.primary`, `div.flash`)
	do(t, office, "set the approved budget", chromedp.SetValue(css(`form[action$="/steps/approve"] input[name=approved_budget]`), approved))
	projectStep(t, office, officeAsks, "approve it", "approve", "批准立项", "已批准立项")
	if fx := get(t, office, "read what the approval did", chromedp.Text(css(`#approved-effects`))); !strings.Contains(fx, newSystem) || !strings.Contains(fx, "在建") {
		t.Errorf("the application's 批准之后 section: %q", fx)
	}
	screenshot(t, office, "lifecycle-approved.png")
	follow(t, office, "open the task book's form", `#task-book a.button`, `#issue`)
	follow(t, office, "issue the task book", `#issue button.primary`, `div.flash`)
	number := get(t, office, "read the number", chromedp.Text(css(`#doc-number`)))
	if !regexp.MustCompile(`^` + demo.DocNumberPrefix + `〔\d{4}〕\d+号$`).MatchString(number) {
		t.Errorf("the task book's number %q; want %s〔year〕N号", number, demo.DocNumberPrefix)
	}
	follow(t, office, "open the print page", `#print-link`, `table.indicators`)
	if n := get(t, office, "read the printed number", chromedp.Text(css(`#doc-number`))); n != number {
		t.Errorf("the print page's number %q; the task book's %q", n, number)
	}
	if ind := get(t, office, "read the indicators", chromedp.Text(css(`table.indicators`))); !strings.Contains(ind, approved) || !strings.Contains(ind, newSystem) {
		t.Errorf("the print page's indicators: %q; want the approved %s and the new system", ind, approved)
	}
	savePage(t, office, "lifecycle-taskbook.png")

	// What the pages said is what was recorded.
	p, err := db.Project(ctx, pid)
	if err != nil {
		t.Fatal(err)
	}
	if p.Status != domain.ProjApproved || p.ApprovedBudget != 800000 || p.UnitID != health.ID || p.GuideID != guide.ID {
		t.Errorf("the application: status %s, approved budget %d, unit %d, guide %d", p.Status, p.ApprovedBudget, p.UnitID, p.GuideID)
	}
	systems, err := db.Systems(ctx, authz.Scope{All: true}, store.SystemFilter{UnitID: health.ID, Status: domain.StatusUnderConstruction, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(systems, func(s *domain.System) bool { return s.ProjectID == pid && s.Name == newSystem }) {
		t.Errorf("no system %s registered 在建 for the application among %d under construction", newSystem, len(systems))
	}
	tb, err := db.ProjectTaskBook(ctx, pid)
	if err != nil || tb.DocNumber != number || tb.ApprovedBudget != 800000 {
		t.Errorf("the task book: %+v %v", tb, err)
	}
	t.Logf("the walk took %s", time.Since(started).Round(100*time.Millisecond))
}

// follow clicks what click selects on the tab's page and waits for want on the page that
// follows (not on the one clicked on, which may show the same selector: a flash).
func follow(t *testing.T, tab context.Context, step, click, want string) {
	t.Helper()
	do(t, tab, step,
		chromedp.Evaluate[void](`document.documentElement.dataset.left = "1"`),
		chromedp.Click(css(click)),
		chromedp.WaitVisible(css(`html:not([data-left]) `+want)),
	)
}

// planStep takes an annual plan's step by its button (confirming the question) and checks the
// state the page then shows.
func planStep(t *testing.T, tab context.Context, asks <-chan string, step, act, label, state string) {
	t.Helper()
	follow(t, tab, step, `form[action$="/steps/`+act+`"] button`, `div.flash`)
	confirmed(t, asks, step, label)
	if h := get(t, tab, "read the state", chromedp.Text(css(`.head-row`))); !strings.Contains(h, state) {
		t.Errorf("after %q the plan's heading says %q; want %s", step, h, state)
	}
}

// projectStep takes an application's step by its button (confirming the question) and checks
// the state its heading then shows.
func projectStep(t *testing.T, tab context.Context, asks <-chan string, step, act, label, state string) {
	t.Helper()
	follow(t, tab, step, `form[action$="/steps/`+act+`"] button`, `div.flash`)
	confirmed(t, asks, step, label)
	if h := heading(t, tab); !strings.Contains(h, state) {
		t.Errorf("after %q the application's heading says %q; want %s", step, h, state)
	}
}

func heading(t *testing.T, tab context.Context) string {
	t.Helper()
	return get(t, tab, "read the heading", chromedp.Text(css(`main h1`)))
}

// expertOfLogin is the pool's expert linked to the login username.
func expertOfLogin(svc *app.Service, username string) (*domain.Expert, error) {
	u, err := svc.DB().Read().UserByUsername(ctx, username)
	if err != nil {
		return nil, err
	}
	return svc.DB().Read().ExpertByUser(ctx, u.ID)
}
