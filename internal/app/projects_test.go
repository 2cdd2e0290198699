package app_test

// Project applications (FLOW-2, BLD-P2, BLD-P3, SHR-R3) on the demo district: the path from a
// draft for an accepted plan item to approval through a returned round, and the refusals —
// no accepted plan item, another unit's application, unanswered mandatory requirements, no
// catalog, an illegal step, two decisions at once, the catalog's project reference.

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// acceptedPlan walks a unit's plan of year with items of the given budgets to the district plan
// (as the operator) and returns its items as an application refers to them.
func (e *env) acceptedPlan(unit int64, year int, budgets ...int64) []*domain.PlanItemRef {
	e.t.Helper()
	sys := app.SystemActor()
	p := &domain.AnnualPlan{UnitID: unit, Year: year, Items: planItems(budgets...)}
	if err := e.svc.CreateAnnualPlan(e.ctx, sys, p); err != nil {
		e.t.Fatal(err)
	}
	for _, act := range []domain.AnnualPlanAction{domain.APSend, domain.APApprove, domain.APSubmit, domain.APAccept} {
		var err error
		if p, err = e.svc.TransitionAnnualPlan(e.ctx, sys, p.ID, app.AnnualPlanStep{Version: p.Version, Action: act}); err != nil {
			e.t.Fatal(err)
		}
	}
	items, err := e.db.Read().AcceptedPlanItems(e.ctx, authz.Scope{All: true}, year)
	if err != nil {
		e.t.Fatal(err)
	}
	return slices.DeleteFunc(items, func(it *domain.PlanItemRef) bool { return it.PlanID != p.ID })
}

// projStep takes a step of an application as who, at its current version.
func (e *env) projStep(who string, id int64, act domain.ProjectAction, comment string, approved int64) (*domain.Project, error) {
	e.t.Helper()
	p := must(e, "project", store.Reader.Project, id)
	return e.svc.TransitionProject(e.ctx, e.actor(who), id, app.ProjectStep{Version: p.Version, Action: act, Comment: comment, ApprovedBudget: approved})
}

// testFunctions are the function points of the tests' applications (issue 15): what nothing of
// the demo district does, so that the duplicate check finds no match to answer.
func testFunctions() []string {
	return []string{"甲类专项台账填报", "甲类专项台账汇总"}
}

// fieldsOf lists the fields an error names, every one of them.
func fieldsOf(err error) []string {
	var out []string
	if e := domain.AsError(err); e != nil {
		for _, f := range e.Fields() {
			out = append(out, f.Field)
		}
	}
	return out
}

// inboxHas reports whether who has a notification of event about the application.
func (e *env) inboxHas(who, event string, id int64) bool {
	e.t.Helper()
	list, _, err := e.svc.Inbox(e.ctx, e.actor(who), app.InboxFilter{Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	return slices.ContainsFunc(list, func(n *domain.Notification) bool {
		return n.Event == event && n.EntityType == "project" && n.EntityID == id
	})
}

func TestProjectPath(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu := e.unit(codeHealth), e.unit(codeEdu)
		items := e.acceptedPlan(health.ID, 2027, 1_000_000, 250_000)
		eduItems := e.acceptedPlan(edu.ID, 2027, 80_000)
		draftPlan := &domain.AnnualPlan{UnitID: health.ID, Year: 2026, Items: planItems(5_000)}
		if err := e.svc.CreateAnnualPlan(e.ctx, app.SystemActor(), draftPlan); err != nil {
			t.Fatal(err)
		}
		var draftItem int64
		if err := e.db.Writer().QueryRowContext(e.ctx, `SELECT id FROM annual_plan_items WHERE plan_id = `+strconv.FormatInt(draftPlan.ID, 10)).Scan(&draftItem); err != nil {
			t.Fatal(err)
		}

		// BLD-P2: no plan item, another unit's item, an item of a plan not accepted: 422 on
		// plan_item_id, and nothing written.
		before := e.head()
		for _, item := range []int64{0, eduItems[0].ID, draftItem, 999999} {
			err := e.svc.CreateProject(e.ctx, e.actor("weijian"), &domain.Project{UnitID: health.ID, Year: 2027, PlanItemID: item})
			wantCode(t, err, domain.EInvalid, "plan_item_id")
		}
		// Another unit cannot apply for the health commission.
		err := e.svc.CreateProject(e.ctx, e.actor("jiaoyu"), &domain.Project{UnitID: health.ID, PlanItemID: items[0].ID})
		wantCode(t, err, domain.EForbidden, "")
		e.wantNoAudit(before)

		// The unit, the year, the name and the kind come from the plan item; the guide is the
		// year's published revision.
		p := added(e, "weijian", "application", e.svc.CreateProject, &domain.Project{Functions: testFunctions(), PlanItemID: items[0].ID,
			Budget: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 900_000}}, Content: "建设卫健数据中台"})
		guides, _ := e.svc.Guides(e.ctx, e.actor("weijian"), store.GuideFilter{Year: 2027, Status: domain.GuidePublished})
		if p.UnitID != health.ID || p.Year != 2027 || p.Name != items[0].Name || p.Kind != domain.ItemNew || p.Status != domain.ProjDraft ||
			len(guides.Items) != 1 || p.GuideID != guides.Items[0].ID || p.KeyCategory != domain.KeyNone || p.RoomWork != domain.RoomWorkNone {
			t.Fatalf("created %+v (guides %v)", p, guides.Items)
		}
		e.wantAudit(before, "project.create", "weijian")
		guide := guides.Items[0]

		// Another unit's application is hidden (404) for reading, editing and steps; the leader
		// in charge reads it but takes no step (403).
		_, err = e.svc.Project(e.ctx, e.actor("jiaoyu"), p.ID)
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.UpdateProject(e.ctx, e.actor("jiaoyu"), p.ID, app.ProjectEdit{Version: 1, Name: ptr("改名")})
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.projStep("jiaoyu", p.ID, domain.ProjSubmit, "", 0)
		wantCode(t, err, domain.ENotFound, "")
		if _, err := e.svc.Project(e.ctx, e.actor("leader"), p.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.projStep("leader", p.ID, domain.ProjSubmit, "", 0)
		wantCode(t, err, domain.EForbidden, "")
		if got, err := e.svc.Projects(e.ctx, e.actor("jiaoyu"), app.ProjectFilter{}); err != nil || len(got.Items) != 0 {
			t.Fatalf("jiaoyu lists %v %v", got.Items, err)
		}

		// Submitting without the answers and the catalog: every problem named at once.
		_, err = e.projStep("weijian", p.ID, domain.ProjSubmit, "", 0)
		wantCode(t, err, domain.EInvalid, "")
		got := fieldsOf(err)
		for _, cl := range guide.Mandatory() {
			if !slices.Contains(got, "responses."+cl) {
				t.Errorf("submit: no problem on responses.%s: %v", cl, got)
			}
		}
		if slices.Contains(got, "catalog_ids") { // SHR-R3 is the rules' gate, after the workflow's own checks
			t.Errorf("submit: the domain checked the catalog: %v", got)
		}

		// Answers: a partial answer needs its plan; a clause the guide does not have is refused;
		// another unit's system is not the unit's to change (BLD-P3).
		var answers []domain.ProjectResponse
		for _, cl := range guide.Mandatory() {
			answers = append(answers, domain.ProjectResponse{Clause: cl, Answer: domain.AnswerComply})
		}
		answers[2] = domain.ProjectResponse{Clause: answers[2].Clause, Answer: domain.AnswerPartial}
		_, err = e.svc.UpdateProject(e.ctx, e.actor("weijian"), p.ID, app.ProjectEdit{Version: 1, Responses: &answers})
		wantCode(t, err, domain.EInvalid, "responses."+answers[2].Clause)
		answers[2].Text = "二期完成整合"
		unknown := append(slices.Clone(answers), domain.ProjectResponse{Clause: "ORG-5", Answer: domain.AnswerComply})
		_, err = e.svc.UpdateProject(e.ctx, e.actor("weijian"), p.ID, app.ProjectEdit{Version: 1, Responses: &unknown})
		wantCode(t, err, domain.EInvalid, "responses.ORG-5")
		eduSys, err := e.svc.Systems(e.ctx, e.actor("jiaoyu"), app.SystemFilter{UnitID: edu.ID, Limit: 1})
		if err != nil || len(eduSys.Items) == 0 {
			t.Fatalf("edu systems %v", err)
		}
		_, err = e.svc.UpdateProject(e.ctx, e.actor("weijian"), p.ID, app.ProjectEdit{Version: 1, SystemIDs: &[]int64{eduSys.Items[0].ID}})
		wantCode(t, err, domain.EInvalid, "system_ids")
		// Over the plan item's budget.
		over := []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 1_000_000}, {Category: domain.CatCloud, Amount: 200_000}}
		p, err = e.svc.UpdateProject(e.ctx, e.actor("weijian"), p.ID, app.ProjectEdit{Version: 1, Responses: &answers, Budget: &over})
		if err != nil || p.Total != 1_200_000 || len(p.Responses) != len(answers) {
			t.Fatalf("edit: %+v %v", p, err)
		}
		_, err = e.svc.UpdateProject(e.ctx, e.actor("weijian"), p.ID, app.ProjectEdit{Version: 1, Name: ptr("x")})
		wantCode(t, err, domain.EConflict, "") // stale version

		// SHR-R3: an entry pre-compiled for the application; the database and the app refuse a
		// project that does not exist, another unit's application, a non-precompiled entry.
		entry := e.addEntry("weijian", withProject(newEntry(health.ID, "居民健康档案"), p.ID))
		if entry.ProjectID != p.ID {
			t.Fatalf("entry project %d", entry.ProjectID)
		}
		wantCode(t, e.svc.CreateCatalogEntry(e.ctx, e.actor("weijian"), withProject(newEntry(health.ID, "x"), 999999)), domain.EInvalid, "project_id")
		wantCode(t, e.svc.CreateCatalogEntry(e.ctx, e.actor("jiaoyu"), withProject(newEntry(edu.ID, "y"), p.ID)), domain.EInvalid, "project_id")
		eduProject := added(e, "jiaoyu", "edu application", e.svc.CreateProject, &domain.Project{Functions: testFunctions(), PlanItemID: eduItems[0].ID})
		wantCode(t, e.svc.CreateCatalogEntry(e.ctx, e.actor("weijian"), withProject(newEntry(health.ID, "z"), eduProject.ID)), domain.EInvalid, "project_id")

		// Still over budget without a justification: only that is left.
		_, err = e.projStep("weijian", p.ID, domain.ProjSubmit, "", 0)
		if got := fieldsOf(err); !slices.Equal(got, []string{"budget_justification"}) {
			t.Fatalf("submit over budget: %v", err)
		}
		p, err = e.svc.UpdateProject(e.ctx, e.actor("weijian"), p.ID, app.ProjectEdit{Version: p.Version, BudgetJustification: ptr("新增迁移上云任务")})
		if err != nil {
			t.Fatal(err)
		}
		before = e.head()
		if p, err = e.projStep("weijian", p.ID, domain.ProjSubmit, "", 0); err != nil || p.Status != domain.ProjSubmitted || p.SubmittedAt.IsZero() {
			t.Fatalf("submit: %+v %v", p, err)
		}
		e.wantAudit(before, "project.submit", "weijian")
		if !e.inboxHas("office", "project_submitted", p.ID) {
			t.Error("the office was not notified of the submission")
		}

		// Submitted: no edit, no entry joins or leaves, no step the office alone may take.
		_, err = e.svc.UpdateProject(e.ctx, e.actor("weijian"), p.ID, app.ProjectEdit{Version: p.Version, Name: ptr("x")})
		wantCode(t, err, domain.EConflict, "")
		wantCode(t, e.svc.CreateCatalogEntry(e.ctx, e.actor("weijian"), withProject(newEntry(health.ID, "晚到的条目"), p.ID)), domain.EInvalid, "project_id")
		_, err = e.projStep("weijian", p.ID, domain.ProjReview, "", 0)
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.projStep("office", p.ID, domain.ProjApprove, "", 100) // not under review yet
		wantCode(t, err, domain.EConflict, "")
		if _, err := e.svc.AddAttachment(e.ctx, e.actor("weijian"), "project", p.ID, "可研.pdf", bytes.NewReader([]byte("%PDF-1.4 x"))); domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("a file added after submission: %v", err)
		}

		// Returned for revision: a comment is required; the unit is told, edits and submits again.
		if p, err = e.projStep("office", p.ID, domain.ProjReview, "", 0); err != nil || p.Status != domain.ProjUnderReview {
			t.Fatalf("review: %v", err)
		}
		_, err = e.projStep("office", p.ID, domain.ProjReturn, " ", 0)
		wantCode(t, err, domain.EInvalid, "comment")
		if p, err = e.projStep("office", p.ID, domain.ProjReturn, "请补充可行性研究报告", 0); err != nil || p.Status != domain.ProjReturned || p.DecisionNote != "请补充可行性研究报告" {
			t.Fatalf("return: %+v %v", p, err)
		}
		if !e.inboxHas("weijian", "project_returned", p.ID) || !e.inboxHas("weijian_head", "project_returned", p.ID) {
			t.Error("the unit was not told of the return")
		}
		// The application's materials say what they are (issue 9): a purpose of the project's, not another kind's.
		_, err = e.svc.AddAttachmentFor(e.ctx, e.actor("weijian"), "project", p.ID, "minutes", "可研.pdf", bytes.NewReader([]byte("%PDF-1.4 x")))
		wantCode(t, err, domain.EInvalid, "purpose")
		att, err := e.svc.AddAttachmentFor(e.ctx, e.actor("weijian"), "project", p.ID, "feasibility", "可研.pdf", bytes.NewReader([]byte("%PDF-1.4 x")))
		if err != nil {
			t.Fatalf("a file on a returned application: %v", err)
		}
		if files, err := e.svc.Attachments(e.ctx, e.actor("leader"), "project", p.ID); err != nil || len(files) != 1 || files[0].ID != att.ID || files[0].Purpose != "feasibility" {
			t.Fatalf("the application's files as read back: %+v %v", files, err)
		}
		if p, err = e.svc.UpdateProject(e.ctx, e.actor("weijian_head"), p.ID, app.ProjectEdit{Version: p.Version, Content: ptr("建设卫健数据中台，补充可研")}); err != nil {
			t.Fatal(err)
		}
		for _, st := range []struct {
			who string
			act domain.ProjectAction
		}{{"weijian", domain.ProjSubmit}, {"office", domain.ProjReview}} {
			if p, err = e.projStep(st.who, p.ID, st.act, "", 0); err != nil {
				t.Fatalf("%s: %v", st.act, err)
			}
		}

		// Approval: within the requested budget; after the review (project_reviews_test.go).
		_, err = e.projStep("office", p.ID, domain.ProjApprove, "", 1_200_001)
		wantCode(t, err, domain.EInvalid, "approved_budget")
		e.reviewed(p.ID)
		p = must(e, "project", store.Reader.Project, p.ID)

		// Two decisions at once: one wins, the other is told the application changed (409).
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, st := range []app.ProjectStep{{Version: p.Version, Action: domain.ProjApprove, ApprovedBudget: 1_100_000},
			{Version: p.Version, Action: domain.ProjReject, Comment: "不符合规划"}} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = e.svc.TransitionProject(e.ctx, e.actor("office"), p.ID, st)
			}()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("two decisions at once: %v, %v", errs[0], errs[1])
		}
		for _, err := range errs {
			if err != nil && domain.ErrorCode(err) != domain.EConflict {
				t.Fatalf("the losing decision: %v", err)
			}
		}
		p = must(e, "project", store.Reader.Project, p.ID)
		if errs[0] == nil {
			if p.Status != domain.ProjApproved || p.ApprovedBudget != 1_100_000 || p.DecidedAt.IsZero() || !e.inboxHas("weijian", "project_approved", p.ID) {
				t.Fatalf("approved %+v", p)
			}
		} else if p.Status != domain.ProjRejected || !e.inboxHas("weijian", "project_rejected", p.ID) {
			t.Fatalf("rejected %+v", p)
		}
		// Decided: an illegal step.
		_, err = e.projStep("office", p.ID, domain.ProjReturn, "再改", 0)
		wantCode(t, err, domain.EConflict, "")

		// The application keeps its guide when a new revision is published.
		g := must(e, "guide", store.Reader.Guide, guide.ID)
		draft, err := e.svc.TransitionGuide(e.ctx, e.actor("office"), g.ID, app.GuideStep{Version: g.Version, Action: domain.GuideRevise})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.TransitionGuide(e.ctx, e.actor("office"), draft.ID, app.GuideStep{Version: draft.Version, Action: domain.GuidePublish}); err != nil {
			t.Fatal(err)
		}
		if p := must(e, "project", store.Reader.Project, p.ID); p.GuideID != guide.ID {
			t.Fatalf("guide %d after a new revision, want %d", p.GuideID, guide.ID)
		}

		// The history keeps the returned round, its comment and both submissions; the catalog
		// entry is read with the application.
		hist, err := e.svc.ProjectHistory(e.ctx, e.actor("weijian"), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, r := range hist {
			actions = append(actions, r.Action)
		}
		all := strings.Join(actions, " ")
		if strings.Count(all, "project.submit") != 2 || !strings.Contains(all, "project.return") || !slices.ContainsFunc(hist, func(r *audit.Record) bool {
			return r.Action == "project.return" && strings.Contains(r.Changes, "请补充可行性研究报告")
		}) {
			t.Fatalf("history %v", actions)
		}
		if !slices.Equal(p.CatalogIDs, []int64{entry.ID}) {
			t.Fatalf("catalog ids %v", p.CatalogIDs)
		}
		// The plan items weijian may apply for: its unit's accepted ones only.
		mine, err := e.svc.ProjectPlanItems(e.ctx, e.actor("weijian"), 2027)
		if err != nil || len(mine) != 2 || mine[0].UnitID != health.ID {
			t.Fatalf("plan items %+v %v", mine, err)
		}
		if office, _ := e.svc.ProjectPlanItems(e.ctx, e.actor("office"), 0); len(office) != 0 {
			t.Fatalf("the office applies for nothing, got %d items", len(office))
		}
	})
}

// TestProjectDeclarations: the declaration of no data resource stands for the catalog; it
// contradicts existing entries; machine-room work is refused at submission by the governance
// rule ENV-R1 (the gate, issue 11: TestGates), and the application stays a draft.
func TestProjectDeclarations(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		items := e.acceptedPlan(health.ID, 2027, 100_000)
		guides, _ := e.svc.Guides(e.ctx, e.actor("weijian"), store.GuideFilter{Year: 2027, Status: domain.GuidePublished})
		var answers []domain.ProjectResponse
		for _, cl := range guides.Items[0].Mandatory() {
			answers = append(answers, domain.ProjectResponse{Clause: cl, Answer: domain.AnswerNA, Text: "不涉及"})
		}
		p := added(e, "weijian", "application", e.svc.CreateProject, &domain.Project{Functions: testFunctions(), PlanItemID: items[0].ID, Content: "机房扩容",
			Budget: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 90_000}}, NoData: true, Responses: answers,
			RoomWork: domain.RoomWorkExtend})
		e.addEntry("weijian", withProject(newEntry(health.ID, "机房台账"), p.ID))
		_, err := e.projStep("weijian", p.ID, domain.ProjSubmit, "", 0)
		wantCode(t, err, domain.EInvalid, "no_data")
		p, err = e.svc.UpdateProject(e.ctx, e.actor("weijian"), p.ID, app.ProjectEdit{Version: 1, NoData: ptr(false)})
		if err != nil {
			t.Fatal(err)
		}
		// The machine-room extension is refused at submission by the rules' gate (ENV-R1, deny),
		// the refusal kept; without it the application goes on.
		_, err = e.projStep("weijian", p.ID, domain.ProjSubmit, "", 0)
		wantCode(t, err, domain.EUnprocessable, "")
		if r := domain.AsError(err).Rule; r != "ENV-R1.no-machine-room-build" {
			t.Fatalf("refused by %q: %v", r, err)
		}
		if ds, err := e.svc.RuleDecisions(e.ctx, e.actor("weijian"), p.ID); err != nil || len(ds) != 1 || ds[0].Outcome != "deny" {
			t.Fatalf("decisions %+v %v", ds, err)
		}
		p, err = e.svc.UpdateProject(e.ctx, e.actor("weijian"), p.ID, app.ProjectEdit{Version: p.Version, RoomWork: ptr(domain.RoomWorkNone)})
		if err != nil {
			t.Fatal(err)
		}
		for _, act := range []domain.ProjectAction{domain.ProjSubmit, domain.ProjReview} {
			who := map[domain.ProjectAction]string{domain.ProjSubmit: "weijian", domain.ProjReview: "office"}[act]
			if _, err := e.projStep(who, p.ID, act, "", 0); err != nil {
				t.Fatalf("%s: %v", act, err)
			}
		}
		if p, err = e.projStep("office", p.ID, domain.ProjReject, "建设内容为机房扩容（ENV-R1）", 0); err != nil || p.Status != domain.ProjRejected {
			t.Fatalf("reject: %v", err)
		}
	})
}

func withProject(c *domain.CatalogEntry, project int64) *domain.CatalogEntry {
	c.ProjectID = project
	return c
}
