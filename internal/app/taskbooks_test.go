package app_test

// Task books (FLOW-3, BLD-R4) on the demo district, both backends: issued only for an approved
// project and only once, numbered per year without gap or duplicate even when a hundred are
// issued at once, the guide's requirements carried in, the unit's actuals and the deviations the
// governance rules find (BLD-R4: over budget, a milestone late or overdue), who reads what.

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/rules"
	"archgov/internal/store"
)

// approvedProject walks an application of the health commission for 2027 to approval (budget
// 800,000 general + 200,000 cloud migration, approved 900,000), one requirement answered
// 部分符合 and one 不适用, and returns it.
func (e *env) approvedProject() *domain.Project {
	e.t.Helper()
	health := e.unit(codeHealth)
	items := e.acceptedPlan(health.ID, 2027, 1_000_000)
	gs, err := e.svc.Guides(e.ctx, e.actor("weijian"), store.GuideFilter{Year: 2027, Status: domain.GuidePublished})
	if err != nil || len(gs.Items) == 0 {
		e.t.Fatalf("guide 2027: %v", err)
	}
	var answers []domain.ProjectResponse
	for i, it := range gs.Items[0].Items {
		r := domain.ProjectResponse{Clause: it.Clause, Answer: domain.AnswerComply}
		switch i {
		case 1:
			r.Answer, r.Text = domain.AnswerPartial, "二期完成整合"
		case 2:
			r.Answer, r.Text = domain.AnswerNA, "不涉及"
		}
		answers = append(answers, r)
	}
	p := added(e, "weijian", "application", e.svc.CreateProject, &domain.Project{Functions: testFunctions(), PlanItemID: items[0].ID, NoData: true,
		Budget:     []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 800_000}, {Category: domain.CatCloud, Amount: 200_000}},
		Content:    "建设卫健数据中台\n\n迁移核酸检测系统上云",
		NewSystems: []domain.NewSystem{{Name: "卫健数据中台"}}, Cloud: domain.CloudResources{VCPU: 16, MemoryGiB: 64, StorageGiB: 2000},
		Responses: answers})
	for _, st := range []struct {
		who string
		act domain.ProjectAction
	}{{"weijian", domain.ProjSubmit}, {"office", domain.ProjReview}, {"office", domain.ProjApprove}} {
		if st.act == domain.ProjApprove { // reviewed and given the opinion first (BLD-R3)
			e.reviewed(p.ID)
		}
		if p, err = e.projStep(st.who, p.ID, st.act, "", 900_000); err != nil {
			e.t.Fatalf("%s: %v", st.act, err)
		}
	}
	return p
}

func TestTaskBookIssue(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		p := e.approvedProject()
		year := e.svc.Today().Year()
		last, err := e.db.Read().LastDocNumber(e.ctx, year)
		if err != nil {
			t.Fatal(err)
		}

		// Not approved: 409. Not the office: 403; another unit: 404.
		draft := added(e, "weijian", "draft", e.svc.CreateProject, &domain.Project{Functions: testFunctions(), PlanItemID: p.PlanItemID})
		_, err = e.svc.IssueTaskBook(e.ctx, e.actor("office"), draft.ID, app.TaskBookIssue{})
		wantCode(t, err, domain.EConflict, "")
		_, err = e.svc.IssueTaskBook(e.ctx, e.actor("weijian"), p.ID, app.TaskBookIssue{})
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.IssueTaskBook(e.ctx, e.actor("jiaoyu"), p.ID, app.TaskBookIssue{})
		wantCode(t, err, domain.ENotFound, "")
		// A milestone without its date, an empty scope, a clause not carried in: 422 on each.
		_, err = e.svc.IssueTaskBook(e.ctx, e.actor("office"), p.ID, app.TaskBookIssue{Scope: []domain.ScopeItem{},
			Milestones: []domain.Milestone{{Name: "招标"}}, Procurement: []string{"ZZZ-9"}})
		if got := fieldsOf(err); !slices.Equal(got, []string{"scope", "milestones.0.planned", "procurement.0"}) {
			t.Fatalf("bad plan: %v (%v)", got, err)
		}

		before := e.head()
		tb, err := e.svc.IssueTaskBook(e.ctx, e.actor("office"), p.ID, app.TaskBookIssue{})
		if err != nil {
			t.Fatal(err)
		}
		// The issue, and the project entering its first stage, bidding (FLOW-4, stages.go).
		if rs := e.since(before); len(rs) != 2 || rs[0].Action != "taskbook.issue" || rs[1].Action != "project.stage_start" || rs[0].Actor != "office" {
			t.Fatalf("audit records %d, want taskbook.issue and project.stage_start by the office", len(rs))
		}
		if tb.Number.Seq != last+1 || tb.Number.Year != year || tb.DocNumber != tb.Number.String() || tb.Number.Prefix != "相信办" {
			t.Fatalf("number %+v %q (last %d)", tb.Number, tb.DocNumber, last)
		}
		// The indicators: the approved budget by category pro rata (800,000:200,000 of 900,000),
		// the scope from the new system and the content's lines, the quota, four milestones.
		if tb.ApprovedBudget != 900_000 || !slices.Equal(tb.Budget, []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 720_000}, {Category: domain.CatCloud, Amount: 180_000}}) {
			t.Fatalf("budget %d %v", tb.ApprovedBudget, tb.Budget)
		}
		if len(tb.Scope) != 3 || tb.Scope[0].Name != "建设卫健数据中台" || tb.Scope[2].Name != "迁移核酸检测系统上云" {
			t.Fatalf("scope %v", tb.Scope)
		}
		if tb.Quota.VCPU != 16 || tb.Quota.StorageGiB != 2000 || len(tb.Milestones) != 4 || tb.Addressee != p.UnitName || tb.Issuer == "" {
			t.Fatalf("task book %+v", tb)
		}
		// FLOW-3: every requirement but the one answered 不适用, with the guide's text and the
		// partial answer's plan; all of them procurement requirements too.
		g := must(e, "guide", store.Reader.Guide, p.GuideID)
		if len(tb.Requirements) != len(g.Items)-1 || tb.Requirements[0].Text != g.Items[0].Text || tb.Requirements[1].Plan != "二期完成整合" ||
			slices.ContainsFunc(tb.Requirements, func(r domain.TaskRequirement) bool { return r.Clause == g.Items[2].Clause || !r.Procurement }) {
			t.Fatalf("requirements %+v", tb.Requirements)
		}
		if !e.inboxHasOf("weijian", "taskbook_issued", "taskbook", tb.ID) || !e.inboxHasOf("weijian_head", "taskbook_issued", "taskbook", tb.ID) {
			t.Error("the unit was not told of the task book")
		}

		// Issued twice: 409, and the number is given back (the next issue gets last+2).
		_, err = e.svc.IssueTaskBook(e.ctx, e.actor("office"), p.ID, app.TaskBookIssue{})
		wantCode(t, err, domain.EConflict, "")
		if n, _ := e.db.Read().LastDocNumber(e.ctx, year); n != last+1 {
			t.Fatalf("a refused issue kept number %d", n)
		}

		// Who reads it: the unit, its leader, the office; another unit 404, and the finance and
		// audit bureaus too until a rectification notice sent to them concerns the project
		// (FLOW-4, rectifications_test.go).
		for _, who := range []string{"finance", "audit"} {
			_, err := e.svc.ProjectTaskBook(e.ctx, e.actor(who), p.ID)
			wantCode(t, err, domain.ENotFound, "")
		}
		for _, who := range []string{"weijian", "weijian_head", "leader", "office"} {
			if _, err := e.svc.ProjectTaskBook(e.ctx, e.actor(who), p.ID); err != nil {
				t.Errorf("%s reads the task book: %v", who, err)
			}
		}
		_, err = e.svc.ProjectTaskBook(e.ctx, e.actor("jiaoyu"), p.ID)
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.RecordTaskBookActuals(e.ctx, e.actor("jiaoyu"), p.ID, app.TaskBookActuals{Version: tb.Version})
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.RecordTaskBookActuals(e.ctx, e.actor("office"), p.ID, app.TaskBookActuals{Version: tb.Version})
		wantCode(t, err, domain.EForbidden, "")
	})
}

// taskBookRules lists the rules citing BLD-R4 with a live finding on the application, sorted,
// as the office sees them: the task book's deviations as the governance rules found them.
func (e *env) taskBookRules(projectID int64) []string {
	e.t.Helper()
	p, err := e.svc.Findings(e.ctx, e.actor("office"), app.FindingFilter{Kind: domain.SubjectApplication, SubjectID: projectID, Clause: domain.ClauseTaskBook})
	if err != nil {
		e.t.Fatal(err)
	}
	out := []string{}
	for _, f := range p.Items {
		out = append(out, f.RuleID)
	}
	slices.Sort(out)
	return out
}

// deviating reports whether the office's list of deviating task books has the task book, and
// checks that the to-do counts the same.
func (e *env) deviating(tb *domain.TaskBook) bool {
	e.t.Helper()
	office := e.actor("office")
	pg, err := e.svc.TaskBooks(e.ctx, office, app.TaskBookFilter{Deviating: true})
	if err != nil {
		e.t.Fatal(err)
	}
	if n, err := e.svc.CountDeviatingTaskBooks(e.ctx, office); err != nil || n != len(pg.Items) {
		e.t.Fatalf("the to-do counts %d (%v), the list has %d", n, err, len(pg.Items))
	}
	return slices.ContainsFunc(pg.Items, func(x *domain.TaskBook) bool { return x.ID == tb.ID })
}

// The task book's deviations from its indicators (BLD-R4) are the governance rules' findings of
// its application, brought up to date in the transaction of every save of the task book and by
// the sweep: a milestone past its date at issue; a category overspent (and the total), a
// milestone reached late; corrected actuals resolve them; a milestone the date overtakes opens
// at the sweep, with no save; reaching it resolves it. The deviating list and the to-do follow.
func TestTaskBookFindings(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		const (
			overBudget = "BLD-R4.over-budget"
			category   = "BLD-R4.category-over-budget"
			late       = "BLD-R4.milestone-late"
			overdue    = "BLD-R4.milestone-overdue"
		)
		p := e.approvedProject() // approved 900,000: general 720,000, cloud migration 180,000
		today := e.svc.Today()
		tb, err := e.svc.IssueTaskBook(e.ctx, e.actor("office"), p.ID, app.TaskBookIssue{Milestones: []domain.Milestone{
			{Name: "招标", Planned: today.AddDate(0, 0, -10)}, {Name: "详细设计", Planned: today.AddDate(0, 0, 5)}, {Name: "验收", Planned: today.AddDate(0, 6, 0)}}})
		if err != nil {
			t.Fatal(err)
		}
		// Issued with the tender's date already past: overdue at once (the issue refreshes the
		// application's findings), on the deviating list and the office's to-do.
		if got := e.taskBookRules(p.ID); !slices.Equal(got, []string{overdue}) {
			t.Fatalf("after the issue: %v", got)
		}
		if !e.deviating(tb) {
			t.Fatal("not listed as deviating after the issue")
		}
		fs := e.liveFindings(overdue, rules.KindApplication, p.ID)
		if len(fs) != 1 || fs[0].UnitID != p.UnitID || fs[0].Severity != "warning" || !strings.Contains(fs[0].MessageZH, p.Name) {
			t.Fatalf("the overdue finding: %+v", fs)
		}
		if _, err := e.svc.Finding(e.ctx, e.actor("weijian"), fs[0].ID); err != nil {
			t.Fatalf("the unit reads its finding: %v", err)
		}

		// Bad actuals: an unknown category, scope item and milestone, a date after today — 422
		// on each; a stale version 409; nothing changes.
		_, err = e.svc.RecordTaskBookActuals(e.ctx, e.actor("weijian"), p.ID, app.TaskBookActuals{Version: tb.Version, Actuals: domain.Actuals{
			Spent: []domain.BudgetLine{{Category: "x", Amount: 1}}, Delivered: []string{"没有这项"},
			Milestones: []domain.MilestoneActual{{Name: "没有", Actual: today}, {Name: "验收", Actual: today.AddDate(0, 0, 1)}}}})
		if got := fieldsOf(err); !slices.Equal(got, []string{"spent.0.category", "delivered.0", "milestones.0.name", "milestones.1.actual"}) {
			t.Fatalf("bad actuals: %v (%v)", got, err)
		}
		_, err = e.svc.RecordTaskBookActuals(e.ctx, e.actor("weijian"), p.ID, app.TaskBookActuals{Version: tb.Version + 1})
		wantCode(t, err, domain.EConflict, "")

		// The unit reports: the cloud migration over its 180,000 (and the total over 900,000), the
		// tender reached two days late. In the same transaction: over budget in total and in a
		// category, a milestone late; the tender no longer overdue.
		before := e.head()
		tb, err = e.svc.RecordTaskBookActuals(e.ctx, e.actor("weijian"), p.ID, app.TaskBookActuals{Version: tb.Version, Actuals: domain.Actuals{
			Spent:      []domain.BudgetLine{{Category: domain.CatCloud, Amount: 250_000}, {Category: domain.CatGeneral, Amount: 700_000}},
			Delivered:  []string{"建设卫健数据中台"},
			Milestones: []domain.MilestoneActual{{Name: "招标", Actual: today.AddDate(0, 0, -8)}},
			Note:       "上云费用超支"}})
		if err != nil {
			t.Fatal(err)
		}
		e.wantAudit(before, "taskbook.actuals", "weijian")
		if got := e.taskBookRules(p.ID); !slices.Equal(got, []string{category, late, overBudget}) {
			t.Fatalf("after the overspending and the late tender: %v", got)
		}
		if !tb.Scope[0].Delivered || tb.Scope[1].Delivered || tb.SpentTotal() != 950_000 {
			t.Fatalf("scope %v spent %v", tb.Scope, tb.Spent)
		}
		if fs := e.liveFindings(category, rules.KindApplication, p.ID); len(fs) != 1 || fs[0].Severity != "warning" ||
			!slices.Equal(fs[0].Clauses, []string{"BLD-R4", "BLD-P1"}) {
			t.Fatalf("the category finding: %+v", fs)
		}
		if !e.deviating(tb) {
			t.Fatal("not listed as deviating when over budget")
		}
		if n, err := e.svc.CountDeviatingTaskBooks(e.ctx, e.actor("jiaoyu")); err != nil || n != 0 {
			t.Fatalf("jiaoyu counts %d %v", n, err)
		}

		// Within the total but a category over its amount: only the category rule fires. A
		// category the task book did not approve at all counts as over too.
		tb, err = e.svc.RecordTaskBookActuals(e.ctx, e.actor("weijian"), p.ID, app.TaskBookActuals{Version: tb.Version, Actuals: domain.Actuals{
			Spent: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 500_000}, {Category: domain.CatRoomClose, Amount: 10_000}}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := e.taskBookRules(p.ID); !slices.Equal(got, []string{category, late}) {
			t.Fatalf("a category without an approved amount: %v", got)
		}

		// Corrected: within budget, the tender's date as planned. Every finding resolves, and the
		// task book leaves the deviating list.
		tb, err = e.svc.RecordTaskBookActuals(e.ctx, e.actor("weijian_head"), p.ID, app.TaskBookActuals{Version: tb.Version, Actuals: domain.Actuals{
			Spent:      []domain.BudgetLine{{Category: domain.CatCloud, Amount: 100_000}},
			Milestones: []domain.MilestoneActual{{Name: "招标", Actual: today.AddDate(0, 0, -10)}}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := e.taskBookRules(p.ID); len(got) != 0 {
			t.Fatalf("after the correction: %v", got)
		}
		all, err := e.svc.Findings(e.ctx, e.actor("office"), app.FindingFilter{Kind: domain.SubjectApplication, SubjectID: p.ID,
			Clause: domain.ClauseTaskBook, Status: domain.FindingResolved})
		if err != nil || len(all.Items) != 4 {
			t.Fatalf("resolved BLD-R4 findings: %d %v, want the four", len(all.Items), err)
		}
		if e.deviating(tb) {
			t.Fatal("still listed as deviating")
		}

		// The design's date passes with nothing saved: the daily sweep finds it overdue.
		e.clock.Advance(10 * 24 * time.Hour)
		if got := e.taskBookRules(p.ID); len(got) != 0 {
			t.Fatalf("a finding without a save or a sweep: %v", got)
		}
		if _, err := e.svc.Sweep(e.ctx, app.SystemActor()); err != nil {
			t.Fatal(err)
		}
		if got := e.taskBookRules(p.ID); !slices.Equal(got, []string{overdue}) {
			t.Fatalf("after the sweep: %v", got)
		}
		if !e.deviating(tb) {
			t.Fatal("not listed as deviating once overdue")
		}
		// Reached (late): overdue resolves, late opens.
		tb, err = e.svc.RecordTaskBookActuals(e.ctx, e.actor("weijian"), p.ID, app.TaskBookActuals{Version: tb.Version, Actuals: domain.Actuals{
			Spent:      []domain.BudgetLine{{Category: domain.CatCloud, Amount: 100_000}},
			Milestones: []domain.MilestoneActual{{Name: "详细设计", Actual: e.svc.Today()}}}})
		if err != nil {
			t.Fatal(err)
		}
		if got := e.taskBookRules(p.ID); !slices.Equal(got, []string{late}) {
			t.Fatalf("the design reached late: %v", got)
		}
	})
}

// inboxHasOf reports whether who has a notification of event about the record.
func (e *env) inboxHasOf(who, event, entity string, id int64) bool {
	e.t.Helper()
	list, _, err := e.svc.Inbox(e.ctx, e.actor(who), app.InboxFilter{Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	return slices.ContainsFunc(list, func(n *domain.Notification) bool {
		return n.Event == event && n.EntityType == entity && n.EntityID == id
	})
}

// TestTaskBookNumbersParallel issues a hundred task books at once (FLOW-3): numbers last+1 …
// last+100, each once.
func TestTaskBookNumbersParallel(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		p := e.approvedProject()
		const n = 100
		ids := make([]int64, n)
		if err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
			for i := range ids {
				q := *p
				q.ID, q.Version = 0, 0
				if err := tx.InsertProject(e.ctx, &q); err != nil {
					return err
				}
				ids[i] = q.ID
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		year := e.svc.Today().Year()
		last, _ := e.db.Read().LastDocNumber(e.ctx, year)
		seqs := make([]int64, n)
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tb, err := e.svc.IssueTaskBook(e.ctx, e.actor("office"), id, app.TaskBookIssue{})
				if errs[i] = err; err == nil {
					seqs[i] = tb.Number.Seq
				}
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("issue %d: %v", i, err)
			}
		}
		slices.Sort(seqs)
		for i, s := range seqs {
			if s != last+int64(i)+1 {
				t.Fatalf("numbers %v: want %d..%d, no gap, no duplicate", seqs, last+1, last+n)
			}
		}
		var rows, distinct int
		if err := e.db.Writer().QueryRowContext(e.ctx, `SELECT COUNT(*), COUNT(DISTINCT doc_seq) FROM task_books WHERE doc_year = `+strconv.Itoa(year)).Scan(&rows, &distinct); err != nil || rows != distinct {
			t.Fatalf("stored numbers: %d rows, %d distinct, %v", rows, distinct, err)
		}
	})
}
