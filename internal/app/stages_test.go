package app_test

// A project's stages after its task book (FLOW-4, BLD-R5, SHR-R4) on the demo district, both
// backends: the full path bidding → design → implementation → acceptance → accepted →
// operation; moving on refused without the stage's materials (422 naming each missing thing);
// the acceptance gates refused all at once (catalog unpublished, a new system not filled in, a
// cloud request in draft, no actuals); on acceptance the new system goes into service and the
// replaced one is superseded; illegal and stale steps 409; another unit 404; the inbox notices.

import (
	"bytes"
	"slices"
	"strconv"
	"sync"
	"testing"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// stagedProject is an approved application of the health commission with a catalog entry, a
// new system, cloud resources, and replacing one of the unit's running systems (BLD-P3); its
// task book is issued. It returns the project, its catalog entry and the replaced system.
func (e *env) stagedProject() (*domain.Project, int64, *domain.System) {
	e.t.Helper()
	health := e.unit(codeHealth)
	running, err := e.svc.Systems(e.ctx, e.actor("weijian"), store.SystemFilter{UnitID: health.ID, Status: domain.StatusRunning, Limit: 1})
	if err != nil || len(running.Items) == 0 {
		e.t.Fatalf("a running system of the health commission: %v", err)
	}
	old := running.Items[0]
	item := e.acceptedPlan(health.ID, 2027, 1_000_000)[0]
	guides, err := e.svc.Guides(e.ctx, e.actor("weijian"), store.GuideFilter{Year: 2027, Status: domain.GuidePublished})
	if err != nil || len(guides.Items) == 0 {
		e.t.Fatalf("guide 2027: %v", err)
	}
	var answers []domain.ProjectResponse
	for _, it := range guides.Items[0].Items {
		answers = append(answers, domain.ProjectResponse{Clause: it.Clause, Answer: domain.AnswerComply})
	}
	p := added(e, "weijian", "application", e.svc.CreateProject, &domain.Project{Functions: testFunctions(), PlanItemID: item.ID, Content: "建设内容",
		Budget: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 100_000}}, Responses: answers,
		NewSystems: []domain.NewSystem{{Name: "卫健协同平台", Brief: "卫健协同平台的建设"}}, Cloud: projectCloud,
		UserLevels:   []domain.UserLevel{domain.LevelDistrict},
		Integrations: []domain.Integration{{Target: domain.TargetSystem, ID: old.ID, Mode: domain.ModeReplace, Note: "整体替代"}}})
	entry := e.addEntry("weijian", withProject(newEntry(health.ID, p.Name+"数据"), p.ID)).ID
	for _, st := range []domain.ProjectAction{domain.ProjSubmit, domain.ProjReview, domain.ProjApprove} {
		who := "office"
		if st == domain.ProjSubmit {
			who = "weijian"
		} else if st == domain.ProjApprove {
			e.reviewed(p.ID)
		}
		if _, err := e.projStep(who, p.ID, st, "", 100_000); err != nil {
			e.t.Fatalf("%s: %v", st, err)
		}
	}
	if _, err := e.svc.IssueTaskBook(e.ctx, e.actor("office"), p.ID, app.TaskBookIssue{}); err != nil {
		e.t.Fatalf("issue: %v", err)
	}
	return must(e, "project", store.Reader.Project, p.ID), entry, old
}

// stageStep takes a stage step as who at the project's current version.
func (e *env) stageStep(who string, id int64, act domain.StageAction, comment string) (*domain.Project, error) {
	e.t.Helper()
	p := must(e, "project", store.Reader.Project, id)
	return e.svc.TransitionStage(e.ctx, e.actor(who), id, app.StageStep{Version: p.Version, Action: act, Comment: comment})
}

// materials submits a response (符合) to every requirement of p's task book at stage as who.
func (e *env) materials(who string, p *domain.Project, stage domain.ProjectStage) (*domain.StageMaterials, error) {
	e.t.Helper()
	tb := must(e, "task book", store.Reader.ProjectTaskBook, p.ID)
	m, err := e.svc.StageMaterials(e.ctx, e.actor("office"), p.ID, string(stage))
	if err != nil {
		e.t.Fatal(err)
	}
	var rs []domain.ProjectResponse
	for _, r := range tb.Requirements {
		rs = append(rs, domain.ProjectResponse{Clause: r.Clause, Answer: domain.AnswerComply})
	}
	return e.svc.SubmitStageMaterials(e.ctx, e.actor(who), p.ID, string(stage), app.StageMaterialsEdit{Version: m.Version, Responses: rs, Note: "材料齐备"})
}

func (e *env) stageFile(p *domain.Project, stage domain.ProjectStage) {
	e.t.Helper()
	if _, err := e.svc.AddAttachmentFor(e.ctx, e.actor("weijian"), "project_stage", p.ID, string(stage), string(stage)+".pdf", bytes.NewReader(samplePDF)); err != nil {
		e.t.Fatalf("file of %s: %v", stage, err)
	}
}

func wantFields(t *testing.T, err error, want ...string) {
	t.Helper()
	got := fieldsOf(err)
	for _, f := range want {
		if !slices.Contains(got, f) {
			t.Fatalf("error %v names %q, want %q among them", err, got, f)
		}
	}
}

func TestProjectStages(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		p, entry, old := e.stagedProject()
		if p.Stage != domain.StageBidding {
			t.Fatalf("stage after the task book = %q, want bidding", p.Stage)
		}
		tb := must(e, "task book", store.Reader.ProjectTaskBook, p.ID)
		if len(tb.Requirements) == 0 {
			t.Fatal("the task book carries no requirement")
		}
		clause := tb.Requirements[0].Clause

		// A project without a task book has no stage: 409.
		draft := added(e, "weijian", "draft", e.svc.CreateProject, &domain.Project{Functions: testFunctions(), PlanItemID: p.PlanItemID})
		_, err := e.stageStep("office", draft.ID, domain.StageFinishBidding, "")
		wantCode(t, err, domain.EConflict, "")

		// Moving on without the materials: 422 naming the materials and the files.
		_, err = e.stageStep("office", p.ID, domain.StageFinishBidding, "")
		wantCode(t, err, domain.EInvalid, "")
		wantFields(t, err, "materials.bidding", "materials.bidding.files")
		// Not the unit's step to confirm; another unit sees nothing; the wrong stage is illegal.
		_, err = e.stageStep("weijian", p.ID, domain.StageFinishBidding, "")
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.stageStep("jiaoyu", p.ID, domain.StageFinishBidding, "")
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.stageStep("office", p.ID, domain.StageAccept, "")
		wantCode(t, err, domain.EConflict, "")
		// Stale: 409.
		_, err = e.svc.TransitionStage(e.ctx, e.actor("office"), p.ID, app.StageStep{Version: p.Version - 1, Action: domain.StageFinishBidding})
		wantCode(t, err, domain.EConflict, "")

		// The materials: the unit only, of the current stage, a response to each requirement.
		_, err = e.materials("office", p, domain.StageBidding)
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.materials("jiaoyu", p, domain.StageBidding)
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.materials("weijian", p, domain.StageDesign)
		wantCode(t, err, domain.EConflict, "")
		_, err = e.svc.StageMaterials(e.ctx, e.actor("weijian"), p.ID, "implementation")
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.SubmitStageMaterials(e.ctx, e.actor("weijian"), p.ID, "bidding", app.StageMaterialsEdit{
			Responses: []domain.ProjectResponse{{Clause: clause, Answer: domain.AnswerPartial}, {Clause: "XX-9", Answer: domain.AnswerComply}}})
		wantCode(t, err, domain.EInvalid, "")
		wantFields(t, err, domain.ResponseField(clause), "responses.1.clause")
		m, err := e.materials("weijian", p, domain.StageBidding)
		if err != nil || m.Version != 1 || len(m.Responses) != len(tb.Requirements) || m.SubmittedBy != "weijian" {
			t.Fatalf("materials = %+v, %v", m, err)
		}
		if !e.inboxHas("office", "stage_materials", p.ID) {
			t.Fatal("the office was not told of the materials")
		}
		_, err = e.svc.SubmitStageMaterials(e.ctx, e.actor("weijian"), p.ID, "bidding", app.StageMaterialsEdit{Version: 0, Responses: m.Responses})
		wantCode(t, err, domain.EConflict, "")
		// Still no evidence file: 422 on the files only.
		_, err = e.stageStep("office", p.ID, domain.StageFinishBidding, "")
		wantCode(t, err, domain.EInvalid, "materials.bidding.files")
		if got := fieldsOf(err); len(got) != 1 {
			t.Fatalf("fields %q, want the files only", got)
		}
		// A file must be the current stage's.
		for _, purpose := range []string{"", "design"} {
			_, err = e.svc.AddAttachmentFor(e.ctx, e.actor("weijian"), "project_stage", p.ID, purpose, "x.pdf", bytes.NewReader(samplePDF))
			wantCode(t, err, domain.EInvalid, "purpose")
		}
		e.stageFile(p, domain.StageBidding)
		if p, err = e.stageStep("office", p.ID, domain.StageFinishBidding, ""); err != nil || p.Stage != domain.StageDesign {
			t.Fatalf("finish bidding: %v, %+v", err, p)
		}
		if !e.inboxHas("weijian", "stage_moved", p.ID) {
			t.Fatal("the unit was not told of the move")
		}
		// Design: the same; then implementation, and the unit applies for acceptance.
		if _, err := e.materials("weijian", p, domain.StageDesign); err != nil {
			t.Fatal(err)
		}
		e.stageFile(p, domain.StageDesign)
		if _, err := e.stageStep("office", p.ID, domain.StageFinishDesign, ""); err != nil {
			t.Fatal(err)
		}
		// Implementation takes no files.
		_, err = e.svc.AddAttachmentFor(e.ctx, e.actor("weijian"), "project_stage", p.ID, "design", "x.pdf", bytes.NewReader(samplePDF))
		wantCode(t, err, domain.EConflict, "")
		_, err = e.stageStep("office", p.ID, domain.StageApplyAcceptance, "")
		wantCode(t, err, domain.EForbidden, "")
		if p, err = e.stageStep("weijian", p.ID, domain.StageApplyAcceptance, ""); err != nil || p.Stage != domain.StageAcceptance {
			t.Fatalf("apply: %v", err)
		}
		if !e.inboxHas("office", "stage_reported", p.ID) {
			t.Fatal("the office was not told of the application")
		}

		// Acceptance gates, every missing thing at once.
		sysID := p.CreatedSystemIDs[0]
		reqID := p.CloudRequestIDs[0]
		_, err = e.stageStep("office", p.ID, domain.StageAccept, "")
		wantCode(t, err, domain.EInvalid, "")
		id := strconv.FormatInt
		wantFields(t, err, "materials.acceptance", "gates.systems."+id(sysID, 10), "gates.cloud."+id(reqID, 10), "gates.actuals")
		// A return needs the comment; it goes back to implementation.
		_, err = e.stageStep("office", p.ID, domain.StageReturnAcceptance, "")
		wantCode(t, err, domain.EInvalid, "comment")

		// Settle each: materials and a file, the catalog registered and published (SHR-R4), the
		// system filled in, the draft cloud request withdrawn, the actuals recorded.
		if _, err := e.materials("weijian", p, domain.StageAcceptance); err != nil {
			t.Fatal(err)
		}
		e.stageFile(p, domain.StageAcceptance)
		for _, st := range []struct {
			who string
			act domain.CatalogAction
		}{{"weijian", domain.CatSubmit}, {"office", domain.CatRegister}} {
			c := must(e, "entry", store.Reader.CatalogEntry, entry)
			if _, err := e.svc.TransitionCatalogEntry(e.ctx, e.actor(st.who), entry, app.CatalogStep{Version: c.Version, Action: st.act}); err != nil {
				t.Fatalf("catalog %s: %v", st.act, err)
			}
		}
		sys := must(e, "system", store.Reader.System, sysID)
		vendor := "某科技公司"
		if _, err := e.svc.UpdateSystem(e.ctx, e.actor("weijian"), sysID, app.SystemEdit{Version: sys.Version, Vendor: &vendor}); err != nil {
			t.Fatal(err)
		}
		q := must(e, "request", store.Reader.CloudRequest, reqID)
		if _, err := e.svc.TransitionCloudRequest(e.ctx, e.actor("weijian"), reqID, app.CloudStep{Version: q.Version, Action: domain.CloudWithdraw}); err != nil {
			t.Fatal(err)
		}
		tb = must(e, "task book", store.Reader.ProjectTaskBook, p.ID)
		if _, err := e.svc.RecordTaskBookActuals(e.ctx, e.actor("weijian"), p.ID, app.TaskBookActuals{Version: tb.Version,
			Actuals: domain.Actuals{Spent: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 90_000}}}}); err != nil {
			t.Fatal(err)
		}
		// Everything else settled, the entry registered but not published: still refused on the catalog, by the rules' acceptance gate
		// (SHR-R4.catalog-published, deny at accept), and the refusal is kept with its rule-set version.
		_, err = e.stageStep("office", p.ID, domain.StageAccept, "")
		wantCode(t, err, domain.EUnprocessable, "")
		if r := domain.AsError(err).Rule; r != "SHR-R4.catalog-published" {
			t.Fatalf("refused by %q: %v", r, err)
		}
		if ds, err := e.svc.RuleDecisions(e.ctx, e.actor("office"), p.ID); err != nil || len(ds) == 0 || ds[0].Gate != "accept" ||
			ds[0].Outcome != "deny" || ds[0].RuleVersion < 1 {
			t.Fatalf("the refused acceptance was not kept: %+v %v", ds, err)
		}
		c := must(e, "entry", store.Reader.CatalogEntry, entry)
		if _, err := e.svc.TransitionCatalogEntry(e.ctx, e.actor("office"), entry, app.CatalogStep{Version: c.Version, Action: domain.CatPublish}); err != nil {
			t.Fatal(err)
		}
		// Two acceptances at once: one wins, the other is stale (409); the systems step once.
		p = must(e, "project", store.Reader.Project, p.ID)
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = e.svc.TransitionStage(e.ctx, e.actor("office"), p.ID, app.StageStep{Version: p.Version, Action: domain.StageAccept})
			}()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) || domain.ErrorCode(errs[0])+domain.ErrorCode(errs[1]) != domain.EConflict {
			t.Fatalf("two acceptances: %v, %v; want one and a 409", errs[0], errs[1])
		}
		if p = must(e, "project", store.Reader.Project, p.ID); p.Stage != domain.StageAccepted {
			t.Fatalf("stage %s after the acceptance", p.Stage)
		}
		// BLD-R5: the new system in service, the replaced one superseded by it, each audited.
		if sys := must(e, "system", store.Reader.System, sysID); sys.Status != domain.StatusRunning {
			t.Fatalf("new system %s, want running", sys.Status)
		}
		if o := must(e, "system", store.Reader.System, old.ID); o.Status != domain.StatusSuperseded || o.ReplacedByID != sysID {
			t.Fatalf("replaced system %s by %d, want superseded by %d", o.Status, o.ReplacedByID, sysID)
		}
		h, err := e.svc.SystemHistory(e.ctx, e.actor("office"), old.ID)
		if err != nil || !slices.ContainsFunc(h, func(r *audit.Record) bool { return r.Action == "system.mark_superseded" }) {
			t.Fatalf("history of the replaced system: %v", err)
		}
		nh, err := e.svc.SystemHistory(e.ctx, e.actor("office"), sysID)
		lives := 0
		for _, r := range nh {
			if r.Action == "system.go_live" {
				lives++
			}
		}
		if err != nil || lives != 1 {
			t.Fatalf("the new system went live %d times (%v), want once", lives, err)
		}
		// Accepted: no bidding step; the unit puts it into operation; the office is told.
		_, err = e.stageStep("office", p.ID, domain.StageFinishBidding, "")
		wantCode(t, err, domain.EConflict, "")
		if p, err = e.stageStep("weijian", p.ID, domain.StageStartOperation, ""); err != nil || p.Stage != domain.StageOperation {
			t.Fatalf("operation: %v", err)
		}
		ph, err := e.svc.ProjectHistory(e.ctx, e.actor("office"), p.ID)
		if err != nil || !slices.ContainsFunc(ph, func(r *audit.Record) bool { return r.Action == "project.stage_accept" }) {
			t.Fatalf("project history lacks the acceptance: %v", err)
		}
	})
}
