package web_test

// Project applications over HTTP (FLOW-2, BLD-P2, BLD-P3, SHR-R3): the path from a draft to
// approval through a returned round in the API, with the refusals and their statuses (every
// answer validated against the OpenAPI document), and the same path on the pages.

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// acceptedItems walks a unit's plan of year to the district plan (as the operator) and returns
// its items' ids.
func (s *site) acceptedItems(unit int64, year int, budgets ...int64) []int64 {
	s.t.Helper()
	sys := app.SystemActor()
	p := &domain.AnnualPlan{UnitID: unit, Year: year}
	for i, b := range budgets {
		p.Items = append(p.Items, domain.AnnualItem{Name: fmt.Sprintf("计划项目%d", i+1), Kind: domain.ItemUpgrade, Category: domain.CatGeneral, Budget: b})
	}
	if err := s.svc.CreateAnnualPlan(s.ctx, sys, p); err != nil {
		s.t.Fatal(err)
	}
	for _, act := range []domain.AnnualPlanAction{domain.APSend, domain.APApprove, domain.APSubmit, domain.APAccept} {
		var err error
		if p, err = s.svc.TransitionAnnualPlan(s.ctx, sys, p.ID, app.AnnualPlanStep{Version: p.Version, Action: act}); err != nil {
			s.t.Fatal(err)
		}
	}
	items, err := s.svc.ProjectPlanItems(s.ctx, sys, year)
	if err != nil {
		s.t.Fatal(err)
	}
	var ids []int64
	for _, it := range items {
		if it.PlanID == p.ID {
			ids = append(ids, it.ID)
		}
	}
	return ids
}

// mandatoryAnswers answers every mandatory requirement of the default guide: comply, except
// one partly with its plan.
func mandatoryAnswers() []domain.ProjectResponse {
	var out []domain.ProjectResponse
	for _, it := range domain.DefaultGuideItems() {
		if it.Mandatory {
			out = append(out, domain.ProjectResponse{Clause: it.Clause, Answer: domain.AnswerComply})
		}
	}
	out[3] = domain.ProjectResponse{Clause: out[3].Clause, Answer: domain.AnswerPartial, Text: "二期整合旧系统"}
	return out
}

func TestProjectsAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health, edu := s.unit("320507119"), s.unit("320507105")
		_, told, _ := s.bureausTold() // the demo's failed bidding check's project (FLOW-4)
		if len(told) != 1 {
			t.Fatalf("the demo told the bureaus of %v", told)
		}
		items := s.acceptedItems(health.ID, 2027, 1_000_000)
		eduItems := s.acceptedItems(edu.ID, 2027, 60_000)

		var p domain.Project
		s.apiJSON("POST", "/api/v1/projects", "weijian", fmt.Sprintf(`{"plan_item_id":%d,"budget":[{"category":"general","amount":900000}],"content":"卫健数据中台","functions":["甲类专项台账填报"]}`, items[0]), &p)
		if p.Status != domain.ProjDraft || p.UnitID != health.ID || p.Year != 2027 || p.Name != "计划项目1" || p.Total != 900_000 {
			t.Fatalf("created %+v", p)
		}
		path := func(rest string) string { return fmt.Sprintf("/api/v1/projects/%d%s", p.ID, rest) }
		step := func(action, comment string, v int64, approved int64) string {
			return fmt.Sprintf(`{"version":%d,"action":%q,"comment":%q,"approved_budget":%d}`, v, action, comment, approved)
		}
		answers, _ := json.Marshal(mandatoryAnswers())
		halfDone := strings.Replace(string(answers), `"text":"二期整合旧系统"`, `"text":""`, 1)
		entry := fmt.Sprintf(`{"class":"3","item":"19","catalog":"101","name":"居民健康档案","provider_unit_id":%d,"summary":"测试","format":"database",
			"share_type":"unconditional","share_condition":"","share_channel":"platform","share_form":"api","update_cycle":"monthly","project_id":%d,
			"items":[{"name":"机构代码","column":"org_code","type":"char","length":18,"primary_key":true}]}`, health.ID, p.ID)
		runAPICases(t, s, []apiCase{
			{name: "another unit's plan item", method: "POST", path: "/api/v1/projects", actor: "weijian", body: fmt.Sprintf(`{"unit_id":%d,"plan_item_id":%d}`, health.ID, eduItems[0]), want: 422, has: []string{`"field":"plan_item_id"`}},
			{name: "another unit applies", method: "POST", path: "/api/v1/projects", actor: "jiaoyu", body: fmt.Sprintf(`{"unit_id":%d,"plan_item_id":%d}`, health.ID, items[0]), want: 403},
			{name: "the office does not apply", method: "POST", path: "/api/v1/projects", actor: "office", body: fmt.Sprintf(`{"plan_item_id":%d}`, items[0]), want: 403},
			{name: "plan items", method: "GET", path: "/api/v1/projects/plan-items?year=2027", actor: "weijian", want: 200, has: []string{fmt.Sprintf(`"id":%d`, items[0]), `"plan_status":"accepted"`}, hasNot: []string{fmt.Sprintf(`"id":%d,`, eduItems[0])}},
			{name: "another unit's application", method: "GET", path: path(""), actor: "jiaoyu", want: 404},
			{name: "another unit's edit", method: "PATCH", path: path(""), actor: "jiaoyu", body: `{"version":1,"name":"x"}`, want: 404},
			{name: "another unit's step", method: "POST", path: path("/transition"), actor: "jiaoyu", body: step("submit", "", 1, 0), want: 404},
			{name: "submit without answers and catalog", method: "POST", path: path("/transition"), actor: "weijian", body: step("submit", "", 1, 0), want: 422,
				has: []string{`"field":"responses.ENV-R1"`, `"field":"responses.SHR-R3"`}},
			{name: "partial answer without a plan", method: "PATCH", path: path(""), actor: "weijian", body: `{"version":1,"responses":` + halfDone + `}`, want: 422, has: []string{`"field":"responses.BLD-P3"`}},
			{name: "stale edit", method: "PATCH", path: path(""), actor: "weijian", body: `{"version":9,"name":"x"}`, want: 409},
			{name: "answers", method: "PATCH", path: path(""), actor: "weijian", body: `{"version":1,"responses":` + string(answers) + `,"cloud":{"vcpu":8,"memory_gib":32,"storage_gib":500,"bandwidth_mbps":0,"public_ips":0},"new_systems":[{"name":"卫健数据中台系统","brief":"数据汇聚"}]}`, want: 200,
				has: []string{`"clause":"BLD-P3"`, `"answer":"partial"`, `"vcpu":8`}},
			{name: "still no catalog (SHR-R3, the rule)", method: "POST", path: path("/transition"), actor: "weijian", body: step("submit", "", 2, 0), want: 422,
				has: []string{`"code":"unprocessable"`, `"rule":"SHR-R3.pre-compiled-catalog"`, `【SHR-R3】`}, hasNot: []string{`responses.`}},
			{name: "entry of a missing project", method: "POST", path: "/api/v1/catalog", actor: "weijian", body: strings.Replace(entry, fmt.Sprintf(`"project_id":%d`, p.ID), `"project_id":999999`, 1), want: 422, has: []string{`"field":"project_id"`}},
			{name: "pre-compiled entry", method: "POST", path: "/api/v1/catalog", actor: "weijian", body: entry, want: 201, has: []string{fmt.Sprintf(`"project_id":%d`, p.ID)}},
			{name: "submit", method: "POST", path: path("/transition"), actor: "weijian", body: step("submit", "", 2, 0), want: 200, has: []string{`"status":"submitted"`, `"catalog_ids":[`}},
			{name: "edit once submitted", method: "PATCH", path: path(""), actor: "weijian", body: `{"version":3,"name":"x"}`, want: 409},
			{name: "the unit cannot review", method: "POST", path: path("/transition"), actor: "weijian", body: step("review", "", 3, 0), want: 403},
			{name: "the leader takes no step", method: "POST", path: path("/transition"), actor: "leader", body: step("review", "", 3, 0), want: 403},
			{name: "approve before review", method: "POST", path: path("/transition"), actor: "office", body: step("approve", "", 3, 900000), want: 409},
			{name: "review", method: "POST", path: path("/transition"), actor: "office", body: step("review", "", 3, 0), want: 200, has: []string{`"status":"under_review"`}},
			{name: "return without comment", method: "POST", path: path("/transition"), actor: "office", body: step("return", "", 4, 0), want: 422, has: []string{`"field":"comment"`}},
			{name: "return", method: "POST", path: path("/transition"), actor: "office", body: step("return", "补充可行性研究报告", 4, 0), want: 200, has: []string{`"status":"returned"`, `"decision_note":"补充可行性研究报告"`}},
			{name: "the unit is told", method: "GET", path: "/api/v1/inbox?unread=1", actor: "weijian_head", want: 200, has: []string{`补充可行性研究报告`, fmt.Sprintf(`"link":"/projects/%d"`, p.ID)}},
			{name: "edit when returned", method: "PATCH", path: path(""), actor: "weijian", body: `{"version":5,"content":"卫健数据中台，附可研"}`, want: 200},
			{name: "submit again", method: "POST", path: path("/transition"), actor: "weijian", body: step("submit", "已补充", 6, 0), want: 200},
			{name: "the office is told", method: "GET", path: "/api/v1/inbox?unread=1", actor: "office", want: 200, has: []string{`计划项目1`}},
			{name: "review again", method: "POST", path: path("/transition"), actor: "office", body: step("review", "", 7, 0), want: 200},
		})
		// review (BLD-R3, FLOW-2): the expert review and the governance review opinion first;
		// each of their changes raises the application's version.
		linked, affiliated := s.reviewExperts(health.ID)
		if affiliated == 0 {
			t.Fatalf("no demo expert is affiliated with 卫健委")
		}
		var items2 []string
		for _, a := range mandatoryAnswers() {
			items2 = append(items2, fmt.Sprintf(`{"clause":%q,"verdict":"accepted","comment":""}`, a.Clause))
		}
		opinion := `{"version":0,"overall":"符合治理要求","items":[` + strings.Join(items2, ",") + `]}`
		score := `{"criterion":"%s","score":4,"comment":"可行"}`
		var scores []string
		for _, c := range domain.ReviewCriteria {
			scores = append(scores, fmt.Sprintf(score, c))
		}
		review := `{"version":1,"recommendation":"approve","comment":"同意","scores":[` + strings.Join(scores, ",") + `]}`
		paper := func(expert int64, body string) string { return fmt.Sprintf(`{"expert_id":%d,`, expert) + body[1:] }
		runAPICases(t, s, []apiCase{
			{name: "approve without the review", method: "POST", path: path("/transition"), actor: "office", body: step("approve", "", 8, 850000), want: 422, has: []string{`"field":"reviews"`, `"field":"opinion"`}},
			{name: "the expert before the assignment", method: "GET", path: path(""), actor: "expert", want: 404},
			{name: "an expert of the applying unit", method: "POST", path: path("/reviewers"), actor: "office", body: fmt.Sprintf(`{"expert_ids":[%d]}`, affiliated), want: 422, has: []string{`"field":"expert_ids"`, `BLD-R3`}},
			{name: "the unit does not assign", method: "POST", path: path("/reviewers"), actor: "weijian", body: fmt.Sprintf(`{"expert_ids":[%d]}`, linked), want: 403},
			{name: "assign by hand", method: "POST", path: path("/reviewers"), actor: "office", body: fmt.Sprintf(`{"expert_ids":[%d]}`, linked), want: 200, has: []string{`"assigned":1`, `"submitted":0`}},
			{name: "the expert is told", method: "GET", path: "/api/v1/inbox?unread=1", actor: "expert", want: 200, has: []string{fmt.Sprintf(`"link":"/reviews/%d"`, p.ID)}},
			{name: "the expert reads the application", method: "GET", path: path(""), actor: "expert", want: 200, has: []string{`"name":"计划项目1"`}},
			{name: "the expert lists it", method: "GET", path: "/api/v1/reviews?pending=1", actor: "expert", want: 200, has: []string{`"project_name":"计划项目1"`}},
			{name: "the expert does not read the others' reviews", method: "GET", path: path("/reviews"), actor: "expert", want: 403},
			{name: "nor the opinion", method: "GET", path: path("/opinion"), actor: "expert", want: 403},
			{name: "another unit's application is not the expert's", method: "GET", path: "/api/v1/projects/999999/reviews/mine", actor: "expert", want: 404},
			{name: "scores refused", method: "PUT", path: path("/reviews/mine"), actor: "expert", body: `{"version":1,"scores":[{"criterion":"feasibility","score":9,"comment":"x"}],"recommendation":"maybe"}`, want: 422,
				has: []string{`"field":"scores.feasibility.score"`, `"field":"scores.budget.comment"`, `"field":"recommendation"`}},
			{name: "submit the review", method: "PUT", path: path("/reviews/mine"), actor: "expert", body: review, want: 200, has: []string{`"recommendation":"approve"`, `"submitted_at"`}},
			{name: "frozen", method: "PUT", path: path("/reviews/mine"), actor: "expert", body: strings.Replace(review, `"version":1`, `"version":2`, 1), want: 409},
			// A review handed in on paper, recorded by the office (BLD-R3): only for an assigned expert, frozen as well.
			{name: "paper review by the unit", method: "PUT", path: path("/reviews/paper"), actor: "weijian", body: paper(linked, review), want: 403},
			{name: "paper review without the expert", method: "PUT", path: path("/reviews/paper"), actor: "office", body: review, want: 422, has: []string{`"field":"expert_id"`}},
			{name: "paper review of an expert not assigned", method: "PUT", path: path("/reviews/paper"), actor: "office", body: paper(affiliated, review), want: 404},
			{name: "paper review of a review already in", method: "PUT", path: path("/reviews/paper"), actor: "office", body: paper(linked, strings.Replace(review, `"version":1`, `"version":2`, 1)), want: 409},
			{name: "the aggregate", method: "GET", path: path("/reviews"), actor: "office", want: 200, has: []string{`"submitted":1`, `"mean":4`, `"approve":1`}},
			{name: "the office is told the reviews are in", method: "GET", path: "/api/v1/inbox?unread=1", actor: "office", want: 200, has: []string{`专家评审已全部提交`}},
			{name: "approve without the opinion", method: "POST", path: path("/transition"), actor: "office", body: step("approve", "", 10, 850000), want: 422, has: []string{`"field":"opinion"`}, hasNot: []string{`"field":"reviews"`}},
			{name: "an opinion incomplete", method: "PUT", path: path("/opinion"), actor: "office", body: `{"version":0,"items":[{"clause":"BLD-P3","verdict":"needs_change"}],"overall":""}`, want: 422,
				has: []string{`"field":"items.BLD-P3"`, `"field":"items.ENV-R1"`, `"field":"overall"`}},
			{name: "the opinion", method: "PUT", path: path("/opinion"), actor: "office", body: opinion, want: 200, has: []string{`"verdict":"accepted"`, `"version":1`}},
			{name: "the unit reads the opinion", method: "GET", path: path("/opinion"), actor: "weijian", want: 200, has: []string{`符合治理要求`}},
			{name: "approve over the request", method: "POST", path: path("/transition"), actor: "office", body: step("approve", "", 11, 900001), want: 422, has: []string{`"field":"approved_budget"`}},
			{name: "approve", method: "POST", path: path("/transition"), actor: "office", body: step("approve", "同意立项", 11, 850000), want: 200, has: []string{`"status":"approved"`, `"approved_budget":850000`}},
			{name: "a second decision", method: "POST", path: path("/transition"), actor: "office", body: step("reject", "迟到的决定", 11, 0), want: 409},
			{name: "no opinion once decided", method: "PUT", path: path("/opinion"), actor: "office", body: strings.Replace(opinion, `"version":0`, `"version":1`, 1), want: 409},
			// What approval made (FLOW-2, ENV-R1): the new system 在建 and the draft cloud request, tied to the project.
			{name: "what approval made", method: "GET", path: path(""), actor: "weijian", want: 200, has: []string{`"created_system_ids":[`, `"cloud_request_ids":[`},
				hasNot: []string{`"created_system_ids":[]`, `"cloud_request_ids":[]`}},
			{name: "systems 在建", method: "GET", path: "/api/v1/systems?status=under_construction", actor: "weijian", want: 200,
				has: []string{`卫健数据中台系统`, `"status":"under_construction"`, fmt.Sprintf(`"project_id":%d`, p.ID)}},
			{name: "its cloud request", method: "GET", path: "/api/v1/cloud/requests", actor: "weijian", want: 200,
				has: []string{fmt.Sprintf(`"project_id":%d`, p.ID), `"system_name":"卫健数据中台系统"`, `"status":"draft"`}},
			{name: "history", method: "GET", path: path("/history"), actor: "weijian", want: 200, has: []string{`project.return`, `补充可行性研究报告`, `project.approve`}},
			{name: "list by year and status", method: "GET", path: "/api/v1/projects?year=2027&status=approved", actor: "leader", want: 200, has: []string{`"approved_budget":850000`}},
			{name: "another unit lists none", method: "GET", path: "/api/v1/projects", actor: "jiaoyu", want: 200, has: []string{`"items":[]`}},
			{name: "the finance bureau lists the project it was told of", method: "GET", path: "/api/v1/projects", actor: "finance", want: 200,
				has: []string{fmt.Sprintf(`"items":[{"id":%d,`, told[0])}, hasNot: []string{`},{"id":`}},
		})
	})
}

func TestProjectPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := s.unit("320507119")
		items := s.acceptedItems(health.ID, 2027, 500_000)
		wj, of := s.login("weijian"), s.login("office")

		list := wj.get("/projects")
		mustContain(t, "list", list, `href="/projects/new"`)
		form := wj.get("/projects/new")
		mustContain(t, "new form", form, fmt.Sprintf(`<option value="%d"`, items[0]), `name="budget_general"`)

		// No plan item: refused on the form, naming the field.
		bad := wj.post("/projects/new", url.Values{"csrf": {wj.csrf}, "_form": {"keep"}, "version": {"0"}, "plan_item_id": {""}, "budget_general": {"100"}})
		mustStatus(t, "no plan item", bad, 422)
		mustContain(t, "no plan item", bad, `err-plan_item_id`)
		r := wj.post("/projects/new", url.Values{"csrf": {wj.csrf}, "_form": {"keep"}, "version": {"0"}, "plan_item_id": {fmt.Sprint(items[0])},
			"name": {"卫健数据共享平台"}, "kind": {"upgrade"}, "key_category": {"theme"}, "content": {"升级共享平台"}, "budget_general": {"450000"}})
		id := createdID(t, "create", r, "/projects/")
		page := fmt.Sprintf("/projects/%d", id)

		// The full form: the answers per requirement, the declaration of no data resource.
		edit := wj.get(page + "/edit")
		mustContain(t, "edit form", edit, `name="answer_ENV-R1"`, `name="_full"`, `name="no_data"`, `name="cloud_vcpu"`)
		full := url.Values{"csrf": {wj.csrf}, "_form": {"keep"}, "_full": {"1"}, "version": {"1"}, "plan_item_id": {fmt.Sprint(items[0])},
			"name": {"卫健数据共享平台"}, "kind": {"upgrade"}, "key_category": {"theme"}, "content": {"升级共享平台"}, "room_work": {"none"},
			"functions":      {"甲类专项台账填报\n\n甲类专项台账汇总"},
			"budget_general": {"450000"}, "budget_justification": {""}, "no_data": {"1"}, "user_levels": {"district", "town"},
			"cloud_vcpu": {"4"}, "cloud_memory_gib": {"16"}, "cloud_storage_gib": {""}, "cloud_bandwidth_mbps": {""}, "cloud_public_ips": {""},
			"new_name": {"共享门户", ""}, "new_brief": {"对外服务", ""}, "site_name": {"", ""}, "site_reason": {"", ""},
			"media_kind": {"wechat_service", "wechat_service"}, "media_name": {"", ""}, "media_reason": {"", ""},
			"ex_unit": {"", ""}, "ex_data": {"", ""}, "ex_channel": {"platform", "platform"}, "int_ref": {"", ""}, "int_mode": {"integrate", "integrate"}, "int_note": {"", ""}}
		for _, a := range mandatoryAnswers() {
			full.Add("clause", a.Clause)
			full.Set("answer_"+a.Clause, string(a.Answer))
			full.Set("text_"+a.Clause, a.Text)
		}
		// A partial answer without its plan: the form again, the row's message at its place.
		missing := cloneValues(full)
		missing.Set("text_BLD-P3", "")
		r = wj.post(page, missing)
		mustStatus(t, "partial without plan", r, 422)
		mustContain(t, "partial without plan", r, `id="err-responses.BLD-P3"`)
		mustRedirect(t, "save", wj.post(page, full), page)

		// The materials (issue 9, FLOW-2): the upload offers what a file is for, the page says which are missing.
		mustContain(t, "materials", wj.get(page), `name="purpose"`, `value="feasibility"`, "尚未上传：项目建议书、可行性研究报告、预算表")
		up := wj.upload("/attachments", map[string]string{"csrf": wj.csrf, "entity_type": "project", "entity_id": fmt.Sprint(id), "purpose": "feasibility", "back": page}, "可研报告.pdf", pdfBytes)
		mustRedirect(t, "upload the feasibility study", up, page)
		mustContain(t, "materials after the upload", wj.get(page), "可研报告.pdf", "<td>可行性研究报告</td>", "尚未上传：项目建议书、预算表")
		up = wj.upload("/attachments", map[string]string{"csrf": wj.csrf, "entity_type": "project", "entity_id": fmt.Sprint(id), "purpose": "minutes", "back": page}, "纪要.pdf", pdfBytes)
		mustStatus(t, "a purpose the application does not know", up, 422)
		mustContain(t, "a purpose the application does not know", up, "材料类型「minutes」不适用于该记录")

		for _, st := range []struct {
			b      *browser
			action string
			ver    string
			form   url.Values
			want   int
		}{
			{wj, "submit", "2", nil, 303},
			{of, "review", "3", nil, 303},
			{of, "return", "4", url.Values{"comment": {""}}, 422},
			{of, "return", "4", url.Values{"comment": {"请补充预算明细"}}, 303},
			{wj, "submit", "5", nil, 303},
			{of, "review", "6", nil, 303},
			{of, "approve", "7", url.Values{"approved_budget": {"400000"}}, 422},  // review: before the expert review and the opinion
			{of, "approve", "10", url.Values{"approved_budget": {"500000"}}, 422}, // over the request
			{of, "approve", "10", url.Values{"approved_budget": {"400000"}}, 422}, // a theme project for two levels only: PTL-R2's warning not acknowledged
			{of, "approve", "10", url.Values{"approved_budget": {"400000"}, "acknowledge_warnings": {"1"}}, 303},
		} {
			if st.action == "approve" && st.ver == "10" && st.form.Get("approved_budget") == "500000" {
				s.reviewed(id) // review: one expert's review and the opinion (+3 versions)
			}
			f := url.Values{"csrf": {st.b.csrf}, "version": {st.ver}}
			for k, v := range st.form {
				f[k] = v
			}
			r := st.b.post(page+"/steps/"+st.action, f)
			if r.status != st.want {
				t.Fatalf("%s: %d, want %d\n%s", st.action, r.status, st.want, r.body)
			}
			if st.action == "approve" && st.want == 422 && st.form.Get("approved_budget") == "400000" && st.ver == "10" {
				// The approval's warnings (issue 11): the form shows them with the check box to
				// acknowledge them, and the refusal names the box and lists the rule.
				mustContain(t, "unacknowledged", r, `id="acknowledge-warnings"`, `name="acknowledge_warnings"`, `id="approval-warnings"`,
					"PTL-R2.user-levels", `id="rule-errors"`, "有治理规则警告须先确认", `id="err-acknowledge_warnings"`)
			}
			// The home page's to-dos: the office has one to accept, the unit one returned.
			switch {
			case st.action == "submit" && st.ver == "2":
				mustContain(t, "office to-do", of.get("/"), "1项立项申请待受理", `href="/projects?status=submitted"`)
			case st.action == "return" && st.want == 303:
				mustContain(t, "unit to-do", wj.get("/"), "1项立项申请被退回修改")
			}
		}
		v := wj.get(page)
		mustStatus(t, "page", v, 200)
		mustContain(t, "page", v, `id="responses"`, `ENV-R1`, `二期整合旧系统`, `id="catalog"`, `id="no-data"`, `id="attachments"`, `id="history"`,
			`请补充预算明细`, `400000`, `共享门户`, `id="plan-item"`)
		// What approval made (FLOW-2, ENV-R1): the new system 在建 and the cloud request, linked;
		// the system's page links the project back; the list filters 在建.
		mustContain(t, "page", v, `id="approved-effects"`, `href="/cloud/requests/`, `在建`)
		m := regexp.MustCompile(`href="/systems/(\d+)">共享门户</a>`).FindStringSubmatch(v.text())
		if m == nil {
			t.Fatalf("the project page links no new system\n%.3000s", v.body)
		}
		sysPage := wj.get("/systems/" + m[1])
		mustStatus(t, "system page", sysPage, 200)
		mustContain(t, "system page", sysPage, `id="system-project"`, fmt.Sprintf(`href="/projects/%d"`, id), `在建`, `投入运行`)
		mustContain(t, "systems 在建", of.get("/systems?status=under_construction"), `共享门户`)
		mustNotContain(t, "systems running", of.get("/systems?status=running"), `共享门户`)
		// The history names the steps in words, the returned round's comment among them.
		if !regexp.MustCompile(`退回修改`).MatchString(v.text()) {
			t.Error("the history does not name the return")
		}
		// The list finds it by status; another unit sees none.
		l := of.get("/projects?status=approved&year=2027")
		mustContain(t, "office list", l, "卫健数据共享平台")
		jy := s.login("jiaoyu")
		mustNotContain(t, "jiaoyu list", jy.get("/projects"), "卫健数据共享平台")
		mustStatus(t, "jiaoyu page", jy.get(page), 404)
	})
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// reviewExperts are the demo expert linked to the login expert and an expert affiliated with unit
// (0 when the unit has none).
func (s *site) reviewExperts(unit int64) (linked, affiliated int64) {
	s.t.Helper()
	all, err := s.svc.Experts(s.ctx, app.SystemActor(), app.ExpertFilter{Limit: 200})
	if err != nil {
		s.t.Fatal(err)
	}
	for _, e := range all.Items {
		if e.Username == "expert" {
			linked = e.ID
		} else if e.UnitID == unit && affiliated == 0 {
			affiliated = e.ID
		}
	}
	if linked == 0 {
		s.t.Fatalf("no demo expert is linked to the login expert")
	}
	return linked, affiliated
}

// reviewed gives an application under review one expert's submitted review and the governance
// review opinion (BLD-R3, FLOW-2), as the office: its version rises by three.
func (s *site) reviewed(projectID int64) {
	s.t.Helper()
	sys := app.SystemActor()
	p, err := s.svc.Project(s.ctx, sys, projectID)
	if err != nil {
		s.t.Fatal(err)
	}
	linked, _ := s.reviewExperts(p.UnitID)
	set, err := s.svc.AssignReviewers(s.ctx, sys, projectID, app.ReviewerAssignment{ExpertIDs: []int64{linked}})
	if err != nil {
		s.t.Fatal(err)
	}
	sub := app.ReviewSubmission{Version: set.Reviews[0].Version, Recommendation: domain.RecApprove}
	for _, c := range domain.ReviewCriteria {
		sub.Scores = append(sub.Scores, domain.ReviewScore{Criterion: c, Score: 4, Comment: "可行"})
	}
	if _, err := s.svc.SubmitReview(s.ctx, sys, projectID, linked, sub); err != nil {
		s.t.Fatal(err)
	}
	o := app.OpinionEdit{Overall: "同意"}
	for _, r := range p.Responses {
		o.Items = append(o.Items, domain.OpinionItem{Clause: r.Clause, Verdict: domain.VerdictAccepted})
	}
	if _, err := s.svc.WriteOpinion(s.ctx, sys, projectID, o); err != nil {
		s.t.Fatal(err)
	}
}
