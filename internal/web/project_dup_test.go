package web_test

// The duplicate-construction check on the application's page and in the API (issue 15): the
// unit's draft for what 区民政局's 智慧养老服务平台 already does lists that system with the
// overlapping terms marked; submitting is refused on the page naming the match; an answer
// "differs" without its reason is refused on its field keeping what was typed; answered, the
// application is submitted; the office records its verdicts (the unit may not) and reads the
// matches and the answers; the task book lists the function point not approved.

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func TestProjectDuplicatePages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := s.unit("320507119")
		items := s.acceptedItems(health.ID, 2027, 600_000)
		sys := app.SystemActor()
		elders, err := s.svc.Systems(s.ctx, sys, app.SystemFilter{Query: "XC-SYS-0031", Limit: 1})
		if err != nil || len(elders.Items) != 1 {
			t.Fatalf("the demo's 智慧养老服务平台: %v", err)
		}
		elder := elders.Items[0]
		p := &domain.Project{UnitID: health.ID, PlanItemID: items[0], Name: "智慧养老服务平台", NoData: true, Responses: mandatoryAnswers(),
			Content:   "建设居家养老上门服务派单、养老机构监管和老年人能力评估功能。",
			Functions: []string{"居家上门服务派单", "养老机构监管", "老年人能力评估"},
			Budget:    []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 500_000}}}
		if err := s.svc.CreateProject(s.ctx, sys, p); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/projects/%d", p.ID)
		row := fmt.Sprintf(`id="dup-system-%d"`, elder.ID)
		wj, of := s.login("weijian"), s.login("office")

		// The unit's draft: the match with its terms marked, the function point explained, a form to answer it.
		mustAnswer(t, "the draft's check", wj.get(page), 200, `id="duplicates"`, row, "<mark>", "区民政局", "须答复",
			"「居家上门服务派单」", `action="`+page+`/dup-answers"`, `name="answer"`)

		// Submitting unanswered: refused on the page, naming the match, nothing changed.
		r := wj.post(page+"/steps/submit", url.Values{"csrf": {wj.csrf}, "version": {fmt.Sprint(p.Version)}})
		mustAnswer(t, "submit unanswered", r, 422, "须先答复", elder.Name, "dup-unanswered")
		if got, _ := s.svc.Project(s.ctx, sys, p.ID); got.Status != domain.ProjDraft || got.Version != p.Version {
			t.Fatalf("a refused submission changed the application: %s v%d", got.Status, got.Version)
		}

		// "Differs" without its reason: the page again, the field's message, what was typed kept.
		answer := func(how, reason string, ver int64) reply {
			return wj.post(page+"/dup-answers", url.Values{"csrf": {wj.csrf}, "version": {fmt.Sprint(ver)}, "dup_kind": {"system"},
				"dup_id": {fmt.Sprint(elder.ID)}, "answer": {how}, "reason": {reason}})
		}
		r = answer("differs", "医养结合", p.Version)
		mustAnswer(t, "differs without a reason", r, 422, fmt.Sprintf(`id="err-dup_answers.system.%d.reason"`, elder.ID), "不少于10字", ">医养结合</textarea>",
			`<option value="differs" selected>`)

		// Answered: every match above the threshold (the API reads the check), then submitted.
		var check app.ProjectDuplicates
		s.apiJSON("GET", fmt.Sprintf("/api/v1/projects/%d/duplicates", p.ID), "weijian", "", &check)
		ver := p.Version
		for _, m := range check.Matches {
			if !m.Above {
				continue
			}
			how, why := "integrate", ""
			if m.Kind == domain.DupSystem && m.ID == elder.ID {
				how, why = "differs", "本项目面向医养结合签约服务，区平台不含医疗机构签约和随访。"
			}
			r := wj.post(page+"/dup-answers", url.Values{"csrf": {wj.csrf}, "version": {fmt.Sprint(ver)}, "dup_kind": {string(m.Kind)},
				"dup_id": {fmt.Sprint(m.ID)}, "answer": {how}, "reason": {why}})
			mustRedirect(t, "answer "+m.Name, r, page)
			ver++
		}
		mustRedirect(t, "submit answered", wj.post(page+"/steps/submit", url.Values{"csrf": {wj.csrf}, "version": {fmt.Sprint(ver)}}), page)
		mustRedirect(t, "accept for review", of.post(page+"/steps/review", url.Values{"csrf": {of.csrf}, "version": {fmt.Sprint(ver + 1)}}), page)
		ver += 2

		// The office's review: the match and the answer, the verdict form; the unit may not record verdicts.
		mustAnswer(t, "the office's review", of.get(page), 200, row, "医养结合签约服务", `id="dup-verdict-form"`, `name="verdict_0"`)
		mustContain(t, "the API's check", s.api("GET", fmt.Sprintf("/api/v1/projects/%d/duplicates", p.ID), "office", ""),
			`"answers":[`, `"answer":"differs"`, fmt.Sprintf(`"name":%q`, elder.Name))
		verdicts := url.Values{"csrf": {of.csrf}, "version": {fmt.Sprint(ver)}, "vfn": {"0", "1", "2"},
			"verdict_0": {"not_approved"}, "match_0": {fmt.Sprintf("system:%d", elder.ID)}, "note_0": {"使用区平台派单"},
			"verdict_1": {""}, "verdict_2": {"cut"}, "match_2": {fmt.Sprintf("system:%d", elder.ID)}, "amount_2": {"十万"}}
		mustStatus(t, "the unit records verdicts", wj.post(page+"/dup-verdicts", cloneValues(verdicts)), 403)
		r = of.post(page+"/dup-verdicts", verdicts)
		mustAnswer(t, "a cut without its amount", r, 422, `id="err-dup_verdicts.2.amount"`, `value="十万"`, "使用区平台派单")
		verdicts.Set("amount_2", "100000")
		mustRedirect(t, "verdicts", of.post(page+"/dup-verdicts", verdicts), page)
		mustAnswer(t, "the verdicts on the page", wj.get(page), 200, "不予建设：居家上门服务派单（与"+elder.Name+"重复）", "核减预算：老年人能力评估，核减100000元", `id="dup-cuts"`)
		mustAnswer(t, "the API's verdicts", s.api("POST", fmt.Sprintf("/api/v1/projects/%d/dup-verdicts", p.ID), "weijian",
			fmt.Sprintf(`{"version":%d,"verdicts":[]}`, ver+1)), 403)

		// Approved within the total less the cut; the task book lists the exclusion, on its page and in print.
		s.reviewed(p.ID)
		got, _ := s.svc.Project(s.ctx, sys, p.ID)
		if _, err := s.svc.TransitionProject(s.ctx, sys, p.ID, app.ProjectStep{Version: got.Version, Action: domain.ProjApprove, ApprovedBudget: 400_000, AcknowledgeWarnings: true}); err != nil {
			t.Fatal(err)
		}
		mustAnswer(t, "the decision", wj.get(page), 200, `id="dup-excluded"`, "居家上门服务派单")
		if _, err := s.svc.IssueTaskBook(s.ctx, sys, p.ID, app.TaskBookIssue{}); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{page + "/task-book", page + "/task-book/print"} {
			r := wj.get(path)
			mustAnswer(t, path, r, 200, "不予建设：居家上门服务派单（与"+elder.Name+"重复）", "核减预算：老年人能力评估")
			if strings.Count(string(r.body), "不予建设：") != 1 {
				t.Errorf("%s lists the exclusion %d times", path, strings.Count(string(r.body), "不予建设："))
			}
		}
	})
}
