package app_test

// The duplicate-construction check in the application workflow (issue 15) on the demo district:
// an application of the health commission that proposes what 区民政局's 智慧养老服务平台 already
// does finds it above the threshold; a submission is refused until every such match is
// answered, and nothing changes; the office records its verdicts on the function points, which
// bound the approved budget and go into the task book. The tests rely on what any sensible check
// does (the paraphrased system among the matches, above the threshold), never on a score.

import (
	"slices"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// demoSystem is the demo system of code.
func (e *env) demoSystem(code string) *domain.System {
	e.t.Helper()
	got, err := e.svc.Systems(e.ctx, app.SystemActor(), app.SystemFilter{Query: code, Limit: 5})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, s := range got.Items {
		if s.Code == code {
			return s
		}
	}
	e.t.Fatalf("no demo system %s", code)
	return nil
}

// answerAll answers, as who, every match of the application's check above the threshold: sys
// with how, the others integrate.
func (e *env) answerAll(who string, p *domain.Project, sys int64, how domain.DupAnswer) (*domain.Project, error) {
	e.t.Helper()
	res, err := e.svc.ProjectDuplicates(e.ctx, e.actor(who), p.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	var answers []domain.DupAnswer
	for _, m := range res.Matches {
		if !m.Above {
			continue
		}
		a := domain.DupAnswer{Kind: m.Kind, ID: m.ID, Answer: domain.DupIntegrate}
		if m.Kind == domain.DupSystem && m.ID == sys {
			a.Answer, a.Reason = how.Answer, how.Reason
		}
		answers = append(answers, a)
	}
	return e.svc.UpdateProject(e.ctx, e.actor(who), p.ID, app.ProjectEdit{Version: p.Version, DupAnswers: &answers})
}

func TestProjectDuplicateCheck(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		items := e.acceptedPlan(health.ID, 2027, 600_000)
		elder := e.demoSystem("XC-SYS-0031") // 智慧养老服务平台 of 区民政局
		guides, _ := e.svc.Guides(e.ctx, e.actor("weijian"), store.GuideFilter{Year: 2027, Status: domain.GuidePublished})
		var answers []domain.ProjectResponse
		for _, cl := range guides.Items[0].Mandatory() {
			answers = append(answers, domain.ProjectResponse{Clause: cl, Answer: domain.AnswerComply})
		}
		functions := []string{"居家上门服务派单", "养老机构监管", "老年人能力评估"}
		p := added(e, "weijian", "application", e.svc.CreateProject, &domain.Project{PlanItemID: items[0].ID, Name: "智慧养老服务平台",
			Content: "建设居家养老上门服务派单、养老机构监管和老年人能力评估功能。", Functions: functions, NoData: true, Responses: answers,
			Budget: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 500_000}}})

		// The check: the system of another unit among the matches, above the threshold, with why
		// (terms, the function points that matched); whoever reads the application reads it.
		res, err := e.svc.ProjectDuplicates(e.ctx, e.actor("weijian"), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(res.Matches, func(m domain.DupMatch) bool { return m.Kind == domain.DupSystem && m.ID == elder.ID })
		if i < 0 || !res.Matches[i].Above || len(res.Matches[i].Terms) == 0 || len(res.Matches[i].Functions) == 0 || res.Matches[i].UnitName == "" {
			t.Fatalf("the paraphrased system in the check: %d in %+v", i, res.Matches)
		}
		if len(res.Matches) > domain.DupShown || res.Threshold <= 0 {
			t.Fatalf("%d matches, threshold %d", len(res.Matches), res.Threshold)
		}
		if _, err := e.svc.ProjectDuplicates(e.ctx, e.actor("office"), p.ID); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.ProjectDuplicates(e.ctx, e.actor("jiaoyu"), p.ID)
		wantCode(t, err, domain.ENotFound, "")

		// Submitting while it is unanswered: 422 naming the match, and nothing changes.
		before := e.head()
		_, err = e.projStep("weijian", p.ID, domain.ProjSubmit, "", 0)
		wantCode(t, err, domain.EInvalid, "")
		field := domain.DupAnswerField(domain.DupSystem, elder.ID)
		if !slices.Contains(fieldsOf(err), field) {
			t.Fatalf("submit: no problem on %s: %v", field, fieldsOf(err))
		}
		for _, x := range domain.AsError(err).Fields() {
			if x.Field == field && (x.Message != "err.project.dup_unanswered" || !slices.Contains(x.Args, any(elder.Name))) {
				t.Fatalf("the refusal does not name the match: %+v", x)
			}
		}
		if got := must(e, "project", store.Reader.Project, p.ID); got.Status != domain.ProjDraft || got.Version != p.Version || !got.SubmittedAt.IsZero() {
			t.Fatalf("a refused submission changed the application: %s v%d", got.Status, got.Version)
		}
		e.wantNoAudit(before)

		// "Differs" without a reason (at least 10 characters) is refused on its field; an answer
		// to nothing the check compares with is refused.
		_, err = e.answerAll("weijian", p, elder.ID, domain.DupAnswer{Answer: domain.DupDiffers, Reason: "不同"})
		wantCode(t, err, domain.EInvalid, field+".reason")
		nothing := []domain.DupAnswer{{Kind: domain.DupSystem, ID: 999999, Answer: domain.DupReuse}}
		_, err = e.svc.UpdateProject(e.ctx, e.actor("weijian"), p.ID, app.ProjectEdit{Version: p.Version, DupAnswers: &nothing})
		wantCode(t, err, domain.EInvalid, domain.DupAnswerField(domain.DupSystem, 999999))
		e.wantNoAudit(before)

		// Answered: saved with the names read back, audited; the submission goes through.
		why := "本项目面向卫健系统的医养结合签约服务，区平台不含医疗机构签约和随访。"
		if p, err = e.answerAll("weijian", p, elder.ID, domain.DupAnswer{Answer: domain.DupDiffers, Reason: why}); err != nil {
			t.Fatal(err)
		}
		e.wantAudit(before, "project.update", "weijian")
		if a, ok := p.DupAnswerTo(domain.DupSystem, elder.ID); !ok || a.Name != elder.Name || a.Reason != why || a.Answer != domain.DupDiffers {
			t.Fatalf("the answer as saved: %+v %v", a, ok)
		}
		if p, err = e.projStep("weijian", p.ID, domain.ProjSubmit, "", 0); err != nil || p.Status != domain.ProjSubmitted {
			t.Fatalf("submit after answering: %v", err)
		}
		if p, err = e.projStep("office", p.ID, domain.ProjReview, "", 0); err != nil {
			t.Fatal(err)
		}

		// The office's verdicts: the unit may not (403), another unit does not see it (404), a
		// stale version is 409, problems are named (422), then recorded and audited.
		verdicts := []domain.DupVerdict{
			{Function: functions[0], Verdict: domain.DupNotApproved, Kind: domain.DupSystem, ID: elder.ID, Note: "使用区智慧养老服务平台派单"},
			{Function: functions[2], Verdict: domain.DupCut, Kind: domain.DupSystem, ID: elder.ID, Amount: 120_000},
		}
		before = e.head()
		_, err = e.svc.RecordDupVerdicts(e.ctx, e.actor("weijian"), p.ID, app.DupVerdictEdit{Version: p.Version, Verdicts: verdicts})
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.RecordDupVerdicts(e.ctx, e.actor("jiaoyu"), p.ID, app.DupVerdictEdit{Version: p.Version, Verdicts: verdicts})
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.RecordDupVerdicts(e.ctx, e.actor("office"), p.ID, app.DupVerdictEdit{Version: p.Version - 1, Verdicts: verdicts})
		wantCode(t, err, domain.EConflict, "")
		bad := []domain.DupVerdict{{Function: "助餐", Verdict: domain.DupCut, Kind: domain.DupSystem, ID: elder.ID, Amount: 1},
			{Function: functions[1], Verdict: domain.DupCut, Kind: domain.DupSystem, ID: elder.ID},
			{Function: functions[2], Verdict: domain.DupNotApproved, Kind: domain.DupSystem, ID: 999999}}
		_, err = e.svc.RecordDupVerdicts(e.ctx, e.actor("office"), p.ID, app.DupVerdictEdit{Version: p.Version, Verdicts: bad})
		wantCode(t, err, domain.EInvalid, "")
		for _, f := range []string{"dup_verdicts", "dup_verdicts.1.amount", "dup_verdicts.2.match"} {
			if !slices.Contains(fieldsOf(err), f) {
				t.Errorf("verdicts: no problem on %s: %v", f, fieldsOf(err))
			}
		}
		e.wantNoAudit(before)
		if p, err = e.svc.RecordDupVerdicts(e.ctx, e.actor("office"), p.ID, app.DupVerdictEdit{Version: p.Version, Verdicts: verdicts}); err != nil {
			t.Fatal(err)
		}
		rec := e.wantAudit(before, "project.dup_verdicts", "office")
		if !strings.Contains(rec.Changes, "dup_verdicts") || !strings.Contains(rec.Changes, functions[0]) {
			t.Fatalf("the audit record: %s", rec.Changes)
		}
		if len(p.DupVerdicts) != 2 || p.DupVerdicts[0].Name != elder.Name || p.DupVerdicts[1].Amount != 120_000 {
			t.Fatalf("verdicts as saved: %+v", p.DupVerdicts)
		}

		// Approval within the total less the cuts.
		e.reviewed(p.ID)
		_, err = e.projStep("office", p.ID, domain.ProjApprove, "", 500_000-120_000+1)
		wantCode(t, err, domain.EInvalid, "approved_budget")
		if domain.AsError(err).Message != "err.project.approved_over_cuts" {
			t.Fatalf("approval over the cuts: %v", err)
		}
		if p, err = e.svc.TransitionProject(e.ctx, e.actor("office"), p.ID, app.ProjectStep{Version: must(e, "project", store.Reader.Project, p.ID).Version,
			Action: domain.ProjApprove, ApprovedBudget: 380_000, AcknowledgeWarnings: true}); err != nil || p.Status != domain.ProjApproved {
			t.Fatalf("approve within the cuts: %v", err)
		}

		// The task book carries the verdicts: the function point not to be built and the cut.
		tb, err := e.svc.IssueTaskBook(e.ctx, e.actor("office"), p.ID, app.TaskBookIssue{})
		if err != nil {
			t.Fatal(err)
		}
		tb, err = e.svc.ProjectTaskBook(e.ctx, e.actor("weijian"), p.ID)
		if err != nil || tb.ApprovedBudget != 380_000 || len(domain.NotApproved(tb.DupVerdicts)) != 1 ||
			tb.DupVerdicts[0].Function != functions[0] || domain.Cuts(tb.DupVerdicts) != 120_000 {
			t.Fatalf("task book %+v %v", tb, err)
		}
	})
}

// An application names the shared components it will use (issue 15): published ones only — a
// draft or retired component, or an id that is none, is refused on component_ids (422) and
// nothing changes.
func TestProjectComponents(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		items := e.acceptedPlan(health.ID, 2027, 600_000)
		p := added(e, "weijian", "application", e.svc.CreateProject, &domain.Project{PlanItemID: items[0].ID, Name: "预防接种预约提醒",
			Content: "接种预约和提醒。", Functions: []string{"接种预约", "接种提醒"}, NoData: true,
			Budget: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 100_000}}})
		byName := map[string]*domain.Component{}
		cs, err := e.svc.Components(e.ctx, e.actor("office"), app.ComponentFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs.Items {
			byName[c.Name] = c
		}
		sms, draft, retired := byName["政务短信平台"], byName["区块链存证服务"], byName["电子政务外网VPN接入"]
		if sms == nil || draft == nil || retired == nil || draft.Status != domain.CompDraft || retired.Status != domain.CompRetired {
			t.Fatalf("demo components: %v %v %v", sms, draft, retired)
		}
		for _, bad := range [][]int64{{draft.ID}, {retired.ID}, {999_999}, {sms.ID, sms.ID}} {
			_, err := e.svc.UpdateProject(e.ctx, e.actor("weijian"), p.ID, app.ProjectEdit{Version: p.Version, ComponentIDs: &bad})
			if e := domain.AsError(err); e == nil || e.Field != "component_ids" {
				t.Errorf("components %v: %v, want 422 on component_ids", bad, err)
			}
		}
		if got, _ := e.svc.Project(e.ctx, e.actor("weijian"), p.ID); got.Version != p.Version || len(got.ComponentIDs) != 0 {
			t.Fatalf("a refused edit changed the application: %+v", got.ComponentIDs)
		}
		ok := []int64{sms.ID}
		got, err := e.svc.UpdateProject(e.ctx, e.actor("weijian"), p.ID, app.ProjectEdit{Version: p.Version, ComponentIDs: &ok})
		if err != nil || !slices.Equal(got.ComponentIDs, ok) {
			t.Fatalf("a published component: %v %v", got, err)
		}
	})
}
