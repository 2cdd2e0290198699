package web_test

// Rectification notices and halting over HTTP (FLOW-4, FLOW-5), both backends, on the demo: the
// office issues a notice from a project's page (a bad item line refused, 422) and through the
// API (422 naming the fields); the unit answers on the notice's page (no file: 422) and through
// the API; the office returns (a comment required) and accepts; the print page is an official
// document; the office halts a project (a reason required), its stage steps answer 409, and
// resumes it. The finance and audit bureaus, walked over every register's list and a record of
// each, see exactly the notice sent to them, its project and its task book.

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// biddingProject is a demo project at bidding with its task book, of a unit other than 教育局
// (jiaoyu's), and the login of its unit's 联系人.
func (s *site) biddingProject() (*domain.Project, *domain.TaskBook, string) {
	s.t.Helper()
	sys := app.SystemActor()
	jy, err := s.svc.DB().Read().UserByUsername(s.ctx, "jiaoyu")
	if err != nil {
		s.t.Fatal(err)
	}
	pg, err := s.svc.Projects(s.ctx, sys, app.ProjectFilter{Stage: domain.StageBidding})
	if err != nil {
		s.t.Fatal(err)
	}
	for _, p := range pg.Items {
		if p.UnitID == jy.UnitID {
			continue
		}
		tb, err := s.svc.ProjectTaskBook(s.ctx, sys, p.ID)
		if err != nil {
			s.t.Fatal(err)
		}
		u, err := s.svc.Unit(s.ctx, sys, p.UnitID)
		if err != nil {
			s.t.Fatal(err)
		}
		return p, tb, "contact_" + u.Code
	}
	s.t.Fatal("no demo project at bidding")
	return nil, nil, ""
}

func TestRectificationPagesAndAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		p, tb, contact := s.biddingProject()
		of := s.login("office")
		ppage := fmt.Sprintf("/projects/%d", p.ID)
		mustContain(t, "project page", of.get(ppage), `id="rect-open"`, `id="project-halt"`, "开具整改通知书")

		// The page's form: a line without its problem is named; a good one opens the notice.
		bad := of.post(ppage+"/rectifications", url.Values{"csrf": {of.csrf}, "outcome": {"partial"},
			"items": {"SHR-P1 没有分隔"}, "deadline_days": {"10"}})
		mustAnswer(t, "a bad item line", bad, 422, "整改事项：第1行格式应为") // the notice's label, not a sharing request's
		if strings.Contains(bad.text(), "申请信息项") {
			t.Error("the refusal names a sharing request's field")
		}
		r := of.post(ppage+"/rectifications", url.Values{"csrf": {of.csrf}, "outcome": {"partial"},
			"items": {tb.Requirements[0].Clause + "｜招标文件未写入该要求"}, "deadline_days": {"10"}})
		if r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/rectifications/") {
			t.Fatalf("open: %d %s", r.status, r.header.Get("Location"))
		}
		loc := strings.SplitN(r.header.Get("Location"), "?", 2)[0]
		var x domain.Rectification
		s.apiJSON("GET", "/api/v1"+loc, "office", "", &x)
		if !x.Bureaus || x.Status != domain.RectIssued || x.Stage != domain.StageBidding || x.DeadlineDays != 10 {
			t.Fatalf("notice %+v", x)
		}
		mustContain(t, "notice page", of.get(loc), x.DocNumber, "招标文件未写入该要求", "待整改", `id="print-link"`)
		pr := of.get(loc + "/print")
		mustContain(t, "print page", pr, x.DocNumber, `class="redline"`, "限期整改", "抄送：区财政局、区审计局", "年")
		mustNotContain(t, "print page", pr, `<nav`, `<button`)
		mustContain(t, "the list", of.get("/rectifications?status=issued"), x.DocNumber)
		mustContain(t, "the nav", of.get("/"), `href="/rectifications"`)

		// The API: every problem named; the unit answers (no file: 422; then with a file).
		runAPICases(t, s, []apiCase{
			{name: "a bad notice", method: "POST", path: "/api/v1/rectifications", actor: "office",
				body: fmt.Sprintf(`{"project_id":%d,"source":"office","items":[{"clause":"","outcome":"fine","problem":""}],"deadline_days":99}`, p.ID),
				want: 422, has: []string{`"field":"items.0.clause"`}},
			{name: "the unit cannot issue", method: "POST", path: "/api/v1/rectifications", actor: contact,
				body: fmt.Sprintf(`{"project_id":%d,"source":"office","items":[{"clause":"FLOW-4","outcome":"partial","problem":"x"}],"deadline_days":5}`, p.ID), want: 403},
			{name: "the list, filtered", method: "GET", path: fmt.Sprintf("/api/v1/rectifications?project_id=%d&status=issued", p.ID), actor: contact, want: 200, has: []string{x.DocNumber}},
			{name: "a bad filter", method: "GET", path: "/api/v1/rectifications?status=done", actor: "office", want: 422},
			{name: "no file yet", method: "POST", path: "/api/v1" + loc + "/answer", actor: contact,
				body: fmt.Sprintf(`{"version":%d,"answers":["已补充"]}`, x.Version), want: 422, has: []string{`"field":"files"`}},
			{name: "the office does not answer", method: "POST", path: "/api/v1" + loc + "/answer", actor: "office",
				body: fmt.Sprintf(`{"version":%d,"answers":["x"]}`, x.Version), want: 403},
			{name: "another unit", method: "GET", path: "/api/v1" + loc, actor: "jiaoyu", want: 404},
		})
		w := s.login(contact)
		mustAnswer(t, "a refused answer", w.post(loc+"/answer", url.Values{"csrf": {w.csrf}, "version": {fmt.Sprint(x.Version)}, "answer": {""}}), 422,
			"须上传至少一份佐证材料")
		if _, err := s.svc.AddAttachment(s.ctx, app.SystemActor(), "rectification", x.ID, "整改.pdf", bytes.NewReader(pdfBytes)); err != nil {
			t.Fatal(err)
		}
		mustRedirect(t, "an answer", w.post(loc+"/answer", url.Values{"csrf": {w.csrf}, "version": {fmt.Sprint(x.Version)}, "answer": {"已在招标文件中补充"}}), loc)
		s.apiJSON("GET", "/api/v1"+loc, "office", "", &x)
		mustAnswer(t, "a return without comment", of.post(loc+"/transition", url.Values{"csrf": {of.csrf}, "version": {fmt.Sprint(x.Version)}, "action": {"return"}}), 422, "必填")
		mustRedirect(t, "accept", of.post(loc+"/transition", url.Values{"csrf": {of.csrf}, "version": {fmt.Sprint(x.Version)}, "action": {"accept"}}), loc)
		mustContain(t, "closed", of.get(loc), "已办结", "核验通过整改")
		runAPICases(t, s, []apiCase{{name: "closed: no step", method: "POST", path: "/api/v1" + loc + "/transition", actor: "office",
			body: fmt.Sprintf(`{"version":%d,"action":"return","comment":"x"}`, x.Version+1), want: 409}})

		// Halting by hand: a reason required; every stage step 409; resumed.
		mustAnswer(t, "a halt without reason", of.post(ppage+"/halt", url.Values{"csrf": {of.csrf}, "version": {fmt.Sprint(p.Version)}}), 422, "必填")
		var hp domain.Project
		s.apiJSON("GET", fmt.Sprintf("/api/v1/projects/%d", p.ID), "office", "", &hp)
		s.apiJSON("POST", fmt.Sprintf("/api/v1/projects/%d/halt", p.ID), "office", fmt.Sprintf(`{"version":%d,"reason":"现场检查发现重大问题"}`, hp.Version), &hp)
		mustContain(t, "halted page", of.get(ppage), `id="project-halted"`, "已叫停", "现场检查发现重大问题", `id="project-resume"`)
		runAPICases(t, s, []apiCase{
			{name: "a halted project's step", method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/stage/transition", p.ID), actor: "office",
				body: fmt.Sprintf(`{"version":%d,"action":"finish_bidding"}`, hp.Version), want: 409, has: []string{"已被叫停"}},
			{name: "resume without reason", method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/resume", p.ID), actor: "office",
				body: fmt.Sprintf(`{"version":%d}`, hp.Version), want: 422, has: []string{`"field":"reason"`}},
			{name: "resume", method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/resume", p.ID), actor: "office",
				body: fmt.Sprintf(`{"version":%d,"reason":"已整改"}`, hp.Version), want: 200},
		})
	})
}

// TestBureausSeeOnlyTheirNotices walks, as the finance and the audit bureau, every register's
// list and a record of each kind: only the notice sent to them (bidding), its project and its
// task book appear; a notice they were not sent, other projects and task books, and every unit
// register's records answer 404 (FLOW-4).
func TestBureausSeeOnlyTheirNotices(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		p, _, _ := s.biddingProject()
		sys := app.SystemActor()
		item := []domain.RectItem{{Clause: "FLOW-4", Outcome: domain.OutcomePartial, Problem: "抽查未通过"}}
		x, err := s.svc.OpenRectification(s.ctx, sys, app.RectificationOpen{ProjectID: p.ID, Source: domain.RectFromOffice, Items: item, DeadlineDays: 5})
		if err != nil || !x.Bureaus {
			t.Fatalf("notice %+v %v", x, err)
		}
		// A notice of another project at implementation: not theirs.
		impl, err := s.svc.Projects(s.ctx, sys, app.ProjectFilter{Stage: domain.StageImplementation})
		if err != nil || len(impl.Items) == 0 {
			t.Fatalf("a project at implementation: %v", err)
		}
		y, err := s.svc.OpenRectification(s.ctx, sys, app.RectificationOpen{ProjectID: impl.Items[0].ID, Source: domain.RectFromOffice, Items: item, DeadlineDays: 5})
		if err != nil || y.Bureaus {
			t.Fatalf("notice %+v %v", y, err)
		}
		otherTB, err := s.svc.ProjectTaskBook(s.ctx, sys, impl.Items[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		ids := func(actor, path string) []int64 {
			r := s.api("GET", path, actor, "")
			if r.status == 403 {
				return nil
			}
			if r.status != 200 {
				t.Fatalf("%s %s: %d %s", actor, path, r.status, r.body)
			}
			var pg struct {
				Items []struct {
					ID int64 `json:"id"`
				} `json:"items"`
			}
			if err := json.Unmarshal(r.body, &pg); err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, it := range pg.Items {
				out = append(out, it.ID)
			}
			return out
		}
		told, projects, books := s.bureausTold() // the demo's, with this one
		for _, who := range []string{"finance", "audit"} {
			for path, want := range map[string][]int64{
				"/api/v1/rectifications?limit=200": told, "/api/v1/projects?limit=200": projects, "/api/v1/task-books?limit=200": books,
				"/api/v1/systems": nil, "/api/v1/machine-rooms": nil, "/api/v1/websites": nil, "/api/v1/new-media": nil,
				"/api/v1/cloud/requests": nil, "/api/v1/annual-plans": nil, "/api/v1/sharing-requests": nil, "/api/v1/feedback": nil,
				"/api/v1/draws": nil, "/api/v1/experts": nil, "/api/v1/supervision": nil,
			} {
				if got := ids(who, path); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("%s lists %s: %v, want %v", who, path, got, want)
				}
			}
			runAPICases(t, s, []apiCase{
				{name: who + " reads the notice", method: "GET", path: fmt.Sprintf("/api/v1/rectifications/%d", x.ID), actor: who, want: 200},
				{name: who + " reads the project", method: "GET", path: fmt.Sprintf("/api/v1/projects/%d", p.ID), actor: who, want: 200},
				{name: who + " reads its task book", method: "GET", path: fmt.Sprintf("/api/v1/projects/%d/task-book", p.ID), actor: who, want: 200},
				{name: who + " not another notice", method: "GET", path: fmt.Sprintf("/api/v1/rectifications/%d", y.ID), actor: who, want: 404},
				{name: who + " not another project", method: "GET", path: fmt.Sprintf("/api/v1/projects/%d", y.ProjectID), actor: who, want: 404},
				{name: who + " not another task book", method: "GET", path: fmt.Sprintf("/api/v1/projects/%d/task-book", otherTB.ProjectID), actor: who, want: 404},
				{name: who + " not the project's supervision log", method: "GET", path: fmt.Sprintf("/api/v1/projects/%d/supervision-log", p.ID), actor: who, want: 403},
				{name: who + " takes no step", method: "POST", path: fmt.Sprintf("/api/v1/rectifications/%d/transition", x.ID), actor: who,
					body: fmt.Sprintf(`{"version":%d,"action":"accept"}`, x.Version), want: 403},
			})
			for _, sysID := range []int64{1, 2} {
				runAPICases(t, s, []apiCase{{name: who + " no system", method: "GET", path: fmt.Sprintf("/api/v1/systems/%d", sysID), actor: who, want: 404}})
			}
		}
		mustContain(t, "finance's menu", s.login("finance").get("/rectifications"), x.DocNumber, `href="/rectifications"`)
	})
}

// bureausTold lists, newest first, what the demo's own notices for the finance and audit
// bureaus let them read (its failed bidding check's, FLOW-4): the notices, their projects and
// those projects' task books.
func (s *site) bureausTold() (notices, projects, books []int64) {
	s.t.Helper()
	pg, err := s.svc.Rectifications(s.ctx, app.SystemActor(), app.RectificationFilter{Bureaus: true})
	if err != nil {
		s.t.Fatal(err)
	}
	for _, n := range pg.Items {
		notices = append(notices, n.ID)
		if !slices.Contains(projects, n.ProjectID) {
			tb, err := s.svc.ProjectTaskBook(s.ctx, app.SystemActor(), n.ProjectID)
			if err != nil {
				s.t.Fatal(err)
			}
			projects, books = append(projects, n.ProjectID), append(books, tb.ID)
		}
	}
	desc := func(a, b int64) int { return cmp.Compare(b, a) }
	slices.SortFunc(projects, desc)
	slices.SortFunc(books, desc)
	return notices, projects, books
}
