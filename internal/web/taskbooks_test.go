package web_test

// Task books over HTTP (FLOW-3, BLD-R4), both backends: issuing through the API (409 on a
// project not approved or issued twice), reading it as the unit, the finance bureau and another
// unit (404), recording actuals over budget and seeing the governance rules' BLD-R4 findings
// (the deviations) on the task book page, the project page, the findings API and the office's
// home — not in the task book's JSON; the print page with its number and the A4 stylesheet of
// GB/T 9704-2012.

import (
	"fmt"
	"net/url"
	"strconv"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func TestTaskBookAPIAndPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := s.unit("320507119")
		items := s.acceptedItems(health.ID, 2027, 1_000_000)
		sys := app.SystemActor()
		p := &domain.Project{UnitID: health.ID, PlanItemID: items[0], Functions: []string{"甲类专项台账填报"}, NoData: true, Content: "建设卫健数据中台",
			Budget:    []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 600_000}, {Category: domain.CatCloud, Amount: 400_000}},
			Responses: mandatoryAnswers()}
		if err := s.svc.CreateProject(s.ctx, sys, p); err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/api/v1/projects/%d/task-book", p.ID)
		findings := fmt.Sprintf("/api/v1/findings?kind=application&subject_id=%d&clause=BLD-R4", p.ID)
		runAPICases(t, s, []apiCase{
			{name: "not approved", method: "POST", path: path, actor: "office", body: `{}`, want: 409},
			{name: "none yet", method: "GET", path: path, actor: "office", want: 404},
		})
		for _, act := range []domain.ProjectAction{domain.ProjSubmit, domain.ProjReview, domain.ProjApprove} {
			var err error
			if act == domain.ProjApprove { // reviewed and given the opinion first (BLD-R3)
				s.reviewed(p.ID)
				if p, err = s.svc.Project(s.ctx, sys, p.ID); err != nil {
					t.Fatal(err)
				}
			}
			if p, err = s.svc.TransitionProject(s.ctx, sys, p.ID, app.ProjectStep{Version: p.Version, Action: act, ApprovedBudget: 500_000}); err != nil {
				t.Fatal(err)
			}
		}
		var tb domain.TaskBook
		s.apiJSON("POST", path, "office", `{"milestones":[{"name":"招标","planned":"2020-01-10T00:00:00Z"},{"name":"验收","planned":"2099-12-31T00:00:00Z"}]}`, &tb)
		if tb.Number.Prefix == "" || tb.ApprovedBudget != 500_000 || len(tb.Milestones) != 2 {
			t.Fatalf("issued %+v", tb)
		}
		v := strconv.FormatInt(tb.Version, 10)
		// The finance and audit bureaus read it once a notice sent to them concerns the project
		// (FLOW-4: found at bidding).
		runAPICases(t, s, []apiCase{{name: "finance before any notice", method: "GET", path: path, actor: "finance", want: 404}})
		var notice domain.Rectification
		s.apiJSON("POST", "/api/v1/rectifications", "office", fmt.Sprintf(`{"project_id":%d,"source":"office","items":[{"clause":"FLOW-4","outcome":"partial","problem":"招标文件缺项"}],"deadline_days":5}`, p.ID), &notice)
		if !notice.Bureaus {
			t.Fatalf("a bidding notice goes to the bureaus: %+v", notice)
		}
		runAPICases(t, s, []apiCase{
			{name: "issued twice", method: "POST", path: path, actor: "office", body: `{}`, want: 409},
			{name: "the unit cannot issue", method: "POST", path: path, actor: "weijian", body: `{}`, want: 403},
			{name: "a bad plan", method: "POST", path: path, actor: "office", body: `{"milestones":[{"name":"招标"}]}`, want: 409},
			{name: "the unit reads", method: "GET", path: path, actor: "weijian", want: 200, has: []string{tb.DocNumber, `"category":"cloud_migration","amount":200000`},
				hasNot: []string{`"deviations"`}},
			// The tender planned in 2020, not reached: the rules found it overdue at the issue.
			{name: "the overdue finding", method: "GET", path: findings, actor: "weijian", want: 200, has: []string{`"rule_id":"BLD-R4.milestone-overdue"`},
				hasNot: []string{`"rule_id":"BLD-R4.over-budget"`}},
			{name: "the finance bureau reads", method: "GET", path: path, actor: "finance", want: 200, has: []string{tb.DocNumber}},
			{name: "another unit", method: "GET", path: path, actor: "jiaoyu", want: 404},
			{name: "the office records no actuals", method: "PUT", path: path + "/actuals", actor: "office", body: `{"version":` + v + `}`, want: 403},
			{name: "an unknown milestone", method: "PUT", path: path + "/actuals", actor: "weijian", body: `{"version":` + v + `,"milestones":[{"name":"没有"}]}`, want: 422, has: []string{`"field":"milestones.0.name"`}},
			{name: "stale", method: "PUT", path: path + "/actuals", actor: "weijian", body: `{"version":99}`, want: 409},
			{name: "over budget", method: "PUT", path: path + "/actuals", actor: "weijian",
				body: `{"version":` + v + `,"spent":[{"category":"general","amount":350000},{"category":"cloud_migration","amount":250000}],"milestones":[{"name":"招标","actual":"2020-01-20T00:00:00Z"}]}`,
				want: 200, has: []string{`"spent":[{"category":"general","amount":350000},{"category":"cloud_migration","amount":250000}]`}, hasNot: []string{`"deviations"`}},
			{name: "the findings follow the actuals", method: "GET", path: findings, actor: "weijian", want: 200,
				has:    []string{`"rule_id":"BLD-R4.over-budget"`, `"rule_id":"BLD-R4.category-over-budget"`, `"rule_id":"BLD-R4.milestone-late"`},
				hasNot: []string{`"rule_id":"BLD-R4.milestone-overdue"`}},
			{name: "the finance bureau reads no findings", method: "GET", path: findings, actor: "finance", want: 200, has: []string{`"items":[]`}},
			{name: "the unit is told", method: "GET", path: "/api/v1/inbox", actor: "weijian_head", want: 200, has: []string{tb.DocNumber, fmt.Sprintf(`"link":"/projects/%d/task-book"`, p.ID)}},
		})

		// The pages: the task book shows the application's BLD-R4 findings beside the numbers, so
		// does the project page; the office's home counts it; the finance bureau, which reads the
		// task book but no findings, sees them too, without the links to the findings' pages. The
		// print page has the number, the date as documents write it, no navigation.
		of, fin := s.login("office"), s.login("finance")
		page := of.get(fmt.Sprintf("/projects/%d/task-book", p.ID))
		mustContain(t, "task book page", page, tb.DocNumber, `id="deviations"`, `data-rule="BLD-R4.over-budget"`,
			`data-rule="BLD-R4.category-over-budget"`, `data-rule="BLD-R4.milestone-late"`, "超出任务书核定的该类别金额", "晚于任务书的计划日期完成",
			`<td class="num">350000</td>`, `<td class="num">600000</td>`)
		mustNotContain(t, "task book page", page, `data-rule="BLD-R4.milestone-overdue"`, `id="no-deviation"`)
		mustContain(t, "project page", of.get(fmt.Sprintf("/projects/%d", p.ID)), `id="task-book-deviations"`, tb.DocNumber, "超出任务书核定的该类别金额")
		mustContain(t, "office home", of.get("/"), "份项目任务书偏离控制指标")
		finPage := fin.get(fmt.Sprintf("/projects/%d/task-book", p.ID))
		mustContain(t, "finance reads the page", finPage, tb.DocNumber, `<td class="num">350000</td>`, `id="deviations"`,
			`data-rule="BLD-R4.category-over-budget"`, "超出任务书核定的该类别金额")
		mustNotContain(t, "finance reads the page", finPage, `href="/findings/`, "request-waiver")
		mustContain(t, "the office links", page, `href="/findings/`)
		pr := fin.get(fmt.Sprintf("/projects/%d/task-book/print", p.ID))
		mustContain(t, "print page", pr, tb.DocNumber, `/static/taskbook-print.css`, `class="redline"`, health.Name+"：",
			fmt.Sprintf("%d年%d月%d日", tb.IssuedOn.Year(), tb.IssuedOn.Month(), tb.IssuedOn.Day()))
		mustNotContain(t, "print page", pr, `class="topbar"`, `<button`, `<nav`)
		mustContain(t, "print stylesheet", fin.get("/static/taskbook-print.css"), "@page { size: A4; margin: 37mm 26mm 35mm 28mm; }")

		// The unit records actuals on the page; a bad number is named.
		wj := s.login("weijian")
		bad := wj.post(fmt.Sprintf("/projects/%d/task-book/actuals", p.ID), url.Values{"csrf": {wj.csrf}, "version": {"2"}, "spent_general": {"x"}})
		mustStatus(t, "bad spend", bad, 422)
		ok := wj.post(fmt.Sprintf("/projects/%d/task-book/actuals", p.ID), url.Values{"csrf": {wj.csrf}, "version": {"2"}, "spent_general": {"100"},
			"milestone_name_0": {"招标"}, "milestone_actual_0": {"2020-01-05"}})
		mustRedirect(t, "actuals", ok, fmt.Sprintf("/projects/%d/task-book", p.ID))
		fixed := wj.get(fmt.Sprintf("/projects/%d/task-book", p.ID))
		mustContain(t, "within budget and on time", fixed, `id="deviations"`, `id="no-deviation"`)
		mustNotContain(t, "within budget and on time", fixed, `data-rule="BLD-R4.`)
	})
}
