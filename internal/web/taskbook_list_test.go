package web_test

// The task-book list (项目任务书, FLOW-3, BLD-R4), page and API, both backends: the office sees
// every task book with its number, project, unit, budget, spend and the governance rules'
// BLD-R4 findings of its application (the deviations), and the filters by year and deviation
// narrow it (a live BLD-R4 finding); the office's to-do leads to the deviating ones; a unit sees
// its own and not another unit's; the finance bureau reads them all without the application
// links; the API pages by cursor and the page by number.

import (
	"fmt"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func TestTaskBookList(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		// A task book of 卫健委 (the unit of weijian), whatever the demo issued.
		health := s.unit("320507119")
		sys := app.SystemActor()
		p := s.approvedProject(health.ID, 500_000)
		own, err := s.svc.IssueTaskBook(s.ctx, sys, p.ID, app.TaskBookIssue{})
		if err != nil {
			t.Fatal(err)
		}

		type page struct {
			Items      []domain.TaskBook `json:"items"`
			NextCursor string            `json:"next_cursor"`
		}
		var all, deviating, wj, jy, fin page
		s.apiJSON("GET", "/api/v1/task-books", "office", "", &all)
		s.apiJSON("GET", "/api/v1/task-books?deviation=1", "office", "", &deviating)
		s.apiJSON("GET", "/api/v1/task-books", "weijian", "", &wj)
		s.apiJSON("GET", "/api/v1/task-books", "jiaoyu", "", &jy)
		s.apiJSON("GET", "/api/v1/task-books", "finance", "", &fin)
		if n, err := s.svc.CountTaskBooks(s.ctx, sys, app.TaskBookFilter{}); err != nil || n != len(all.Items) || n < 3 {
			t.Fatalf("office lists %d task books, the count is %d (%v); the demo issues several", len(all.Items), n, err)
		}
		if _, _, books := s.bureausTold(); len(fin.Items) != len(books) { // FLOW-4: only those of projects a notice sent to the bureaus concerns
			t.Errorf("finance lists %d task books, the bureaus were told of %d", len(fin.Items), len(books))
		}
		numbers := func(p page, unit int64, same bool) (out []string) {
			for _, b := range p.Items {
				if (b.UnitID == unit) == same {
					out = append(out, b.DocNumber)
				}
			}
			return out
		}
		mine, others := numbers(all, health.ID, true), numbers(all, health.ID, false)
		if got := numbers(wj, health.ID, true); len(wj.Items) != len(mine) || len(got) != len(mine) {
			t.Errorf("weijian lists %v, want 卫健委's %v", got, mine)
		}
		if len(others) == 0 {
			t.Fatal("no task book of another unit to look for")
		}
		for _, b := range jy.Items {
			if b.ID == own.ID {
				t.Errorf("jiaoyu lists 卫健委's task book %s", own.DocNumber)
			}
		}
		// Deviating: the demo's over-budget and late ones (their applications have live BLD-R4
		// findings), not the one just issued; every other has none.
		if len(deviating.Items) == 0 || len(deviating.Items) >= len(all.Items) {
			t.Errorf("%d of %d task books deviating", len(deviating.Items), len(all.Items))
		}
		isDeviating := map[int64]bool{}
		for _, b := range deviating.Items {
			isDeviating[b.ID] = true
		}
		for _, b := range all.Items {
			fs, err := s.svc.Findings(s.ctx, sys, app.FindingFilter{Kind: domain.SubjectApplication, SubjectID: b.ProjectID, Clause: "BLD-R4"})
			if err != nil {
				t.Fatal(err)
			}
			if (len(fs.Items) > 0) != isDeviating[b.ID] || b.ID == own.ID && isDeviating[b.ID] {
				t.Errorf("task book %s: listed as deviating %v, %d live BLD-R4 findings", b.DocNumber, isDeviating[b.ID], len(fs.Items))
			}
		}
		runAPICases(t, s, []apiCase{
			{name: "the projects' year", method: "GET", path: "/api/v1/task-books?year=2027", actor: "office", want: 200, has: []string{own.DocNumber}},
			{name: "another year", method: "GET", path: "/api/v1/task-books?year=2031", actor: "office", want: 200, has: []string{`"items":[]`}},
			{name: "a bad flag", method: "GET", path: "/api/v1/task-books?deviation=maybe", actor: "office", want: 422, has: []string{`"field":"deviation"`}},
			{name: "a bad year", method: "GET", path: "/api/v1/task-books?year=x", actor: "office", want: 422, has: []string{`"field":"year"`}},
		})

		// The API pages by cursor: pages of two cover the list once, newest first.
		var seen []int64
		for path := "/api/v1/task-books?limit=2"; ; {
			var pg page
			s.apiJSON("GET", path, "office", "", &pg)
			for _, b := range pg.Items {
				if len(seen) > 0 && b.ID >= seen[len(seen)-1] {
					t.Fatalf("cursor paging out of order: %d after %v", b.ID, seen)
				}
				seen = append(seen, b.ID)
			}
			if pg.NextCursor == "" {
				break
			}
			path = "/api/v1/task-books?limit=2&cursor=" + pg.NextCursor
		}
		if len(seen) != len(all.Items) {
			t.Errorf("cursor paging gave %d of %d task books", len(seen), len(all.Items))
		}

		// The pages. The office: every task book, the over-budget badge, the total; the filters.
		of := s.login("office")
		list := of.get("/task-books")
		mustContain(t, "office's list", list, own.DocNumber, health.Name, `data-rule="BLD-R4.category-over-budget"`, `data-rule="BLD-R4.milestone-late"`,
			"<th>偏差</th>", fmt.Sprintf("共%d条", len(all.Items)),
			fmt.Sprintf(`href="/projects/%d"`, p.ID), `<a href="/task-books" class="active" aria-current="page">`)
		mustContain(t, "office's list", list, others...)
		dev := of.get("/task-books?deviation=1")
		mustContain(t, "deviating only", dev, fmt.Sprintf("共%d条", len(deviating.Items)), `data-rule="BLD-R4.category-over-budget"`)
		mustNotContain(t, "deviating only", dev, own.DocNumber)
		mustContain(t, "another year", of.get("/task-books?year=2031"), "暂无项目任务书", "共0条")
		mustStatus(t, "a bad year", of.get("/task-books?year=x"), 422)
		// The demo's task books fit on one page (the pager's links are TestListPager's): page 2
		// is empty and still says the total; a page number that is no number is named.
		p2 := of.get("/task-books?page=2")
		mustContain(t, "page 2", p2, fmt.Sprintf("共%d条", len(all.Items)), `<nav class="pager"`)
		mustNotContain(t, "page 2", p2, own.DocNumber)
		mustStatus(t, "page x", of.get("/task-books?page=x"), 422)
		// The office's to-do leads to the deviating task books.
		mustContain(t, "office home", of.get("/"), `href="/task-books?deviation=1"`)

		// A unit sees its own, not another unit's.
		w := s.login("weijian")
		mustContain(t, "weijian's list", w.get("/task-books"), own.DocNumber)
		mustNotContain(t, "weijian's list", w.get("/task-books"), others...)
		mustNotContain(t, "jiaoyu's list", s.login("jiaoyu").get("/task-books"), own.DocNumber)
		// The finance bureau reads no task book until a notice sent to it concerns its project
		// (FLOW-4, rectifications_test.go).
		fl := s.login("finance").get("/task-books")
		mustNotContain(t, "finance's list", fl, own.DocNumber, `href="/findings/`) // the deviations without links: it reads no findings
		for _, b := range fin.Items {
			if isDeviating[b.ID] {
				mustContain(t, "finance's list", fl, `<span class="finding-link" title=`)
			}
		}
		if !strings.Contains(fl.text(), `href="/task-books"`) {
			t.Error("finance's menu has no 项目任务书")
		}
	})
}

// approvedProject is an application of the unit for a new accepted plan item, approved with
// the approved budget (reviewed first, BLD-R3), as the operator.
func (s *site) approvedProject(unit int64, approved int64) *domain.Project {
	s.t.Helper()
	sys := app.SystemActor()
	items := s.acceptedItems(unit, 2027, 1_000_000)
	p := &domain.Project{UnitID: unit, PlanItemID: items[0], Functions: []string{"甲类专项台账填报"}, NoData: true, Content: "建设数据中台",
		Budget:    []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 600_000}, {Category: domain.CatCloud, Amount: 400_000}},
		Responses: mandatoryAnswers()}
	if err := s.svc.CreateProject(s.ctx, sys, p); err != nil {
		s.t.Fatal(err)
	}
	for _, act := range []domain.ProjectAction{domain.ProjSubmit, domain.ProjReview, domain.ProjApprove} {
		var err error
		if act == domain.ProjApprove {
			s.reviewed(p.ID)
			if p, err = s.svc.Project(s.ctx, sys, p.ID); err != nil {
				s.t.Fatal(err)
			}
		}
		if p, err = s.svc.TransitionProject(s.ctx, sys, p.ID, app.ProjectStep{Version: p.Version, Action: act, ApprovedBudget: approved}); err != nil {
			s.t.Fatal(err)
		}
	}
	return p
}
