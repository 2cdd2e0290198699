package web_test

// Key-project supervision over HTTP (FLOW-5), both backends, on the demo: the supervisor reads
// the project assigned to them, its page and its log, and writes the log (a refused form shows
// each field's error, 422); another key project and its log are not found (404) and not
// writable; the project's unit reads the log but does not write it; the office assigns a
// supervision unit through the API (422 naming the fields, 409 on a stale version) and the new
// supervisor is told and then reads that project.

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// supervisedProjects are the demo's supervised key project and an approved key project nobody
// supervises.
func (s *site) supervisedProjects() (*domain.Project, *domain.Project) {
	s.t.Helper()
	sys := app.SystemActor()
	sup, err := s.svc.Supervisions(s.ctx, sys, app.SupervisionFilter{})
	if err != nil || len(sup.Items) != 1 {
		s.t.Fatalf("demo supervisions: %v %v", sup.Items, err)
	}
	pg, err := s.svc.Projects(s.ctx, sys, app.ProjectFilter{Status: domain.ProjApproved})
	if err != nil {
		s.t.Fatal(err)
	}
	i := slices.IndexFunc(pg.Items, func(p *domain.Project) bool { return p.IsKey() && p.ID != sup.Items[0].ProjectID })
	j := slices.IndexFunc(pg.Items, func(p *domain.Project) bool { return p.ID == sup.Items[0].ProjectID })
	if i < 0 || j < 0 {
		s.t.Fatal("the demo has no second approved key project")
	}
	return pg.Items[j], pg.Items[i]
}

func TestSupervisionPagesAndAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		p1, p2 := s.supervisedProjects()
		page1, page2 := fmt.Sprintf("/projects/%d/supervision", p1.ID), fmt.Sprintf("/projects/%d/supervision", p2.ID)
		log1, log2 := fmt.Sprintf("/api/v1/projects/%d/supervision-log", p1.ID), fmt.Sprintf("/api/v1/projects/%d/supervision-log", p2.ID)
		u1, err := s.svc.Unit(s.ctx, app.SystemActor(), p1.UnitID)
		if err != nil {
			t.Fatal(err)
		}
		contact := "contact_" + u1.Code // the demo's account of the unit's 联系人

		// The supervisor's pages: the project (with its supervision section), the log with the
		// form; another key project not found; the menu entry to their projects.
		sv := s.login("supervisor")
		mustContain(t, "project page", sv.get(fmt.Sprintf("/projects/%d", p1.ID)), `id="supervision"`, "姑苏恒信工程监理有限公司", "查看全部监理记录")
		mustContain(t, "supervision page", sv.get(page1), `id="add-entry"`, "专题治理会议", "更正第", `href="/supervision"`)
		mustContain(t, "my projects", sv.get("/supervision"), p1.Name)
		mustStatus(t, "another key project", sv.get(page2), 404)
		mustStatus(t, "another key project's page", sv.get(fmt.Sprintf("/projects/%d", p2.ID)), 404)
		mustStatus(t, "writing another project's log", sv.post(fmt.Sprintf("/projects/%d/supervision-log", p2.ID), url.Values{"csrf": {sv.csrf},
			"kind": {"site_inspection"}, "date": {"2026-11-20"}, "participants": {"监理"}, "findings": {"检查"}}), 404)
		mustAnswer(t, "a refused entry", sv.post(page1+"-log", url.Values{"csrf": {sv.csrf}, "kind": {"chat"}, "participants": {"监理"}}), 422,
			`aria-invalid="true"`, "不是有效的选项", "必填")
		mustRedirect(t, "an entry", sv.post(page1+"-log", url.Values{"csrf": {sv.csrf}, "kind": {"regular_meeting"}, "date": {"2026-11-20"},
			"participants": {"施文浩、建设单位"}, "findings": {"第三次例会：进度正常"}}), page1)
		mustContain(t, "the entry on the log", sv.get(page1), "第三次例会：进度正常")

		// The API: the log paged newest first; bad input names each field; another project 404.
		runAPICases(t, s, []apiCase{
			{name: "the log", method: "GET", path: log1 + "?limit=2", actor: "supervisor", want: 200, has: []string{"第三次例会：进度正常", `"next_cursor":"`}},
			{name: "a kind", method: "GET", path: log1 + "?kind=governance_meeting", actor: "supervisor", want: 200, has: []string{"短信"}, hasNot: []string{"第三次例会"}},
			{name: "a bad kind", method: "GET", path: log1 + "?kind=chat", actor: "supervisor", want: 422},
			{name: "another project's log", method: "GET", path: log2, actor: "supervisor", want: 404},
			{name: "another project's log, written", method: "POST", path: log2, actor: "supervisor",
				body: `{"kind":"site_inspection","date":"2026-11-20T00:00:00Z","participants":"监理","findings":"检查"}`, want: 404},
			{name: "bad input", method: "POST", path: log1, actor: "supervisor", body: `{"kind":"chat","date":"2099-01-01T00:00:00Z"}`, want: 422,
				has: []string{`"field":"kind"`, `"field":"date"`, `"field":"participants"`, `"field":"findings"`}},
			{name: "an entry", method: "POST", path: log1, actor: "supervisor",
				body: `{"kind":"material_review","date":"2026-11-21T00:00:00Z","participants":"施文浩","findings":"验收材料齐全"}`, want: 201, has: []string{`"author_name":"施文浩"`}},
			{name: "the unit reads", method: "GET", path: log1, actor: contact, want: 200, has: []string{"验收材料齐全"}},
			{name: "the unit does not write", method: "POST", path: log1, actor: contact,
				body: `{"kind":"material_review","date":"2026-11-21T00:00:00Z","participants":"x","findings":"y"}`, want: 403},
			{name: "another unit", method: "GET", path: log1, actor: "weijian", want: 404},
			{name: "the office assigns: bad input", method: "PUT", path: fmt.Sprintf("/api/v1/projects/%d/supervision", p2.ID), actor: "office",
				body: `{"version":0,"firm":"","user_ids":[]}`, want: 422, has: []string{`"field":"firm"`, `"field":"user_ids"`}},
			{name: "the office assigns: not a supervisor", method: "PUT", path: fmt.Sprintf("/api/v1/projects/%d/supervision", p2.ID), actor: "office",
				body: fmt.Sprintf(`{"version":0,"firm":"某监理公司","user_ids":[%d]}`, s.user("weijian").ID), want: 422, has: []string{`"field":"user_ids"`, "褚佳敏"}},
			{name: "the office assigns", method: "PUT", path: fmt.Sprintf("/api/v1/projects/%d/supervision", p2.ID), actor: "office",
				body: fmt.Sprintf(`{"version":0,"firm":"某监理公司","user_ids":[%d]}`, s.user("supervisor").ID), want: 200, has: []string{`"version":1`}},
			{name: "stale", method: "PUT", path: fmt.Sprintf("/api/v1/projects/%d/supervision", p2.ID), actor: "office",
				body: fmt.Sprintf(`{"version":0,"firm":"某监理公司","user_ids":[%d]}`, s.user("supervisor").ID), want: 409},
			{name: "told", method: "GET", path: "/api/v1/inbox", actor: "supervisor", want: 200, has: []string{fmt.Sprintf(`"link":"%s"`, page2), "某监理公司"}},
			{name: "now theirs", method: "GET", path: log2, actor: "supervisor", want: 200},
			{name: "both listed", method: "GET", path: "/api/v1/supervision", actor: "supervisor", want: 200, has: []string{p1.Name, p2.Name}},
		})

		// The office changes p2's supervision on its page: a reason is required (422, the form
		// again with what was typed), then saved; the history says who changed what and why.
		of := s.login("office")
		mustContain(t, "the change form", of.get(page2), `id="assign"`, `name="reason"`, "施文浩（supervisor）")
		supID := fmt.Sprint(s.user("supervisor").ID)
		mustAnswer(t, "a change without a reason", of.post(page2, url.Values{"csrf": {of.csrf}, "version": {"1"}, "firm": {"另一监理公司"},
			"user_ids": {supID}}), 422, "另一监理公司", `aria-invalid="true"`)
		mustAnswer(t, "a stale change", of.post(page2, url.Values{"csrf": {of.csrf}, "version": {"9"}, "firm": {"另一监理公司"},
			"user_ids": {supID}, "reason": {"原监理单位合同到期"}}), 409)
		mustRedirect(t, "a change", of.post(page2, url.Values{"csrf": {of.csrf}, "version": {"1"}, "firm": {"另一监理公司"},
			"user_ids": {supID}, "reason": {"原监理单位合同到期"}}), page2)
		mustContain(t, "the history", of.get(fmt.Sprintf("/projects/%d", p2.ID)), "指定监理单位", "另一监理公司", "原监理单位合同到期")
		// The unit reads the log on its project's page and has no form.
		unitPage := s.login(contact).get(page1)
		mustContain(t, "the unit's view", unitPage, "第三次例会：进度正常")
		if strings.Contains(unitPage.text(), `id="add-entry"`) || strings.Contains(unitPage.text(), `id="assign"`) {
			t.Error("the unit's view of the log has a form")
		}
	})
}
