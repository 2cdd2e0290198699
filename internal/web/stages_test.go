package web_test

// A project's stages over HTTP (FLOW-4), both backends: the materials read and submitted through
// the API (422 naming the missing response, 403 for the office, 404 for another unit), a move on
// refused without the evidence file (422 naming it), and the 阶段 section of the project page —
// the current stage, the unit's materials form, the office's confirmed step button — driving
// the project from bidding to detailed design.

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func TestProjectStagesAPIAndPage(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := s.unit("320507119")
		items := s.acceptedItems(health.ID, 2027, 1_000_000)
		sys := app.SystemActor()
		p := &domain.Project{UnitID: health.ID, PlanItemID: items[0], Functions: []string{"甲类专项台账填报"}, NoData: true, Content: "建设卫健协同平台",
			Budget: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 600_000}}, Responses: mandatoryAnswers()}
		if err := s.svc.CreateProject(s.ctx, sys, p); err != nil {
			t.Fatal(err)
		}
		for _, act := range []domain.ProjectAction{domain.ProjSubmit, domain.ProjReview, domain.ProjApprove} {
			var err error
			if act == domain.ProjApprove {
				s.reviewed(p.ID)
				if p, err = s.svc.Project(s.ctx, sys, p.ID); err != nil {
					t.Fatal(err)
				}
			}
			if p, err = s.svc.TransitionProject(s.ctx, sys, p.ID, app.ProjectStep{Version: p.Version, Action: act, ApprovedBudget: 500_000}); err != nil {
				t.Fatal(err)
			}
		}
		tb, err := s.svc.IssueTaskBook(s.ctx, sys, p.ID, app.TaskBookIssue{})
		if err != nil || len(tb.Requirements) == 0 {
			t.Fatalf("task book %v, %v", tb, err)
		}
		var answers []string
		for _, r := range tb.Requirements {
			answers = append(answers, `{"clause":"`+r.Clause+`","answer":"comply"}`)
		}
		first := tb.Requirements[0].Clause
		id := strconv.FormatInt(p.ID, 10)
		mat := "/api/v1/projects/" + id + "/stages/bidding/materials"
		runAPICases(t, s, []apiCase{
			{name: "none yet", method: "GET", path: mat, actor: "weijian", want: 200, has: []string{`"version":0`, `"stage":"bidding"`}},
			{name: "another unit", method: "GET", path: mat, actor: "jiaoyu", want: 404},
			{name: "no such stage", method: "GET", path: "/api/v1/projects/" + id + "/stages/implementation/materials", actor: "weijian", want: 404},
			{name: "the office does not submit", method: "PUT", path: mat, actor: "office", body: `{"version":0,"responses":[` + strings.Join(answers, ",") + `]}`, want: 403},
			{name: "a response missing", method: "PUT", path: mat, actor: "weijian", body: `{"version":0,"responses":[]}`, want: 422, has: []string{`"field":"responses.` + first + `"`}},
			{name: "not the current stage", method: "PUT", path: "/api/v1/projects/" + id + "/stages/design/materials", actor: "weijian", body: `{"version":0}`, want: 409},
			{name: "submitted", method: "PUT", path: mat, actor: "weijian", body: `{"version":0,"note":"招标文件已备案","responses":[` + strings.Join(answers, ",") + `]}`, want: 200, has: []string{`"version":1`, `"submitted_by":"weijian"`}},
			{name: "the office is told", method: "GET", path: "/api/v1/inbox", actor: "office", want: 200, has: []string{"招标阶段材料"}},
		})
		p, _ = s.svc.Project(s.ctx, sys, p.ID)
		v := strconv.FormatInt(p.Version, 10)
		step := "/api/v1/projects/" + id + "/stage/transition"
		runAPICases(t, s, []apiCase{
			{name: "no evidence file", method: "POST", path: step, actor: "office", body: `{"version":` + v + `,"action":"finish_bidding"}`, want: 422, has: []string{`"field":"materials.bidding.files"`}},
			{name: "not the unit's step", method: "POST", path: step, actor: "weijian", body: `{"version":` + v + `,"action":"finish_bidding"}`, want: 403},
			{name: "illegal", method: "POST", path: step, actor: "office", body: `{"version":` + v + `,"action":"accept"}`, want: 409},
			{name: "stale", method: "POST", path: step, actor: "office", body: `{"version":1,"action":"finish_bidding"}`, want: 409},
			{name: "another unit", method: "POST", path: step, actor: "jiaoyu", body: `{"version":` + v + `,"action":"apply_acceptance"}`, want: 404},
		})
		if _, err := s.svc.AddAttachmentFor(s.ctx, sys, "project_stage", p.ID, "bidding", "招标文件.pdf", bytes.NewReader([]byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"))); err != nil {
			t.Fatal(err)
		}

		// The office's to-do leads to the projects whose materials await it (FLOW-4).
		runAPICases(t, s, []apiCase{
			{name: "awaiting the office", method: "GET", path: "/api/v1/projects?awaiting=1&unit_id=" + strconv.FormatInt(health.ID, 10), actor: "office", want: 200, has: []string{`"id":` + id + `,`}},
			{name: "at bidding", method: "GET", path: "/api/v1/projects?stage=bidding&unit_id=" + strconv.FormatInt(health.ID, 10), actor: "office", want: 200, has: []string{`"id":` + id + `,`}},
			{name: "not at design", method: "GET", path: "/api/v1/projects?stage=design&unit_id=" + strconv.FormatInt(health.ID, 10), actor: "office", want: 200, hasNot: []string{`"id":` + id + `,`}},
		})
		mustContain(t, "office home", s.login("office").get("/"), "个项目的阶段材料待确认", `href="/projects?awaiting=1"`)

		// The page: the section with the current stage and the files; the unit's form; the
		// office's step, confirmed, moves it on; the unit resubmits through the form.
		of, wj := s.login("office"), s.login("weijian")
		page := of.get("/projects/" + id)
		mustContain(t, "office's section", page, `id="stages"`, `id="stage-current"`, "招标文件.pdf", `id="stage-materials-bidding"`,
			`action="/projects/`+id+`/stage/finish_bidding"`, `data-confirm="确定执行“确认招标完成，进入详细设计”吗？"`)
		mustNotContain(t, "office's section", page, `id="stage-materials-form"`, `id="stage-needs"`)
		mustContain(t, "ready", page, `id="stage-ready"`)
		form := wj.get("/projects/" + id)
		mustContain(t, "unit's form", form, `id="stage-materials-form"`, `name="answer_`+first+`"`, "招标文件已备案")
		mustNotContain(t, "unit's section", form, `/stage/finish_bidding"`)
		vals := url.Values{"csrf": {wj.csrf}, "version": {"1"}, "note": {"补充说明"}}
		for _, r := range tb.Requirements {
			vals.Add("clause", r.Clause)
		}
		vals.Set("text_"+first, "已写的说明")
		refused := wj.post("/projects/"+id+"/stages/bidding/materials", vals)
		mustStatus(t, "a response missing", refused, 422)
		mustContain(t, "the refused form keeps what was typed", refused, "补充说明", `value="已写的说明"`, "未答复")
		for _, r := range tb.Requirements {
			vals.Set("answer_"+r.Clause, "comply")
		}
		mustRedirect(t, "materials", wj.post("/projects/"+id+"/stages/bidding/materials", vals), "/projects/"+id+"?flash=")
		p, _ = s.svc.Project(s.ctx, sys, p.ID)
		mustRedirect(t, "step", of.post("/projects/"+id+"/stage/finish_bidding", url.Values{"csrf": {of.csrf}, "version": {strconv.FormatInt(p.Version, 10)}}),
			"/projects/"+id+"?flash=")
		after := wj.get("/projects/" + id)
		mustContain(t, "what design still needs", after, `id="stage-needs"`, "尚未提交“详细设计”阶段材料")
		mustContain(t, "moved on", after, `<li class="current" aria-current="step">详细设计</li>`, fmt.Sprintf(`action="/projects/%d/stages/design/materials"`, p.ID))
	})
}
