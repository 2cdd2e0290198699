package web_test

// The expert review and the governance review opinion on the pages (BLD-R3, FLOW-2): the office
// assigns an expert by hand on the application's page (an expert of the applying unit refused,
// 422 on the page), the expert finds it under 我的评审, submits the scoring form with a bad score
// (422 naming the criterion on the page) and then a good one (frozen after), the office reads
// the aggregate and writes the opinion on the page (a refusal named, then saved), and the
// unit's people read the opinion.

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

var versionFieldRe = regexp.MustCompile(`name="version" value="(\d+)"`)

func TestReviewPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := s.unit("320507119")
		items := s.acceptedItems(health.ID, 2027, 1_000_000)
		sys := app.SystemActor()
		p := &domain.Project{UnitID: health.ID, PlanItemID: items[0], Functions: []string{"甲类专项台账填报"}, NoData: true, Content: "建设卫健数据中台",
			Budget: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 600_000}}, Responses: mandatoryAnswers()}
		if err := s.svc.CreateProject(s.ctx, sys, p); err != nil {
			t.Fatal(err)
		}
		for _, act := range []domain.ProjectAction{domain.ProjSubmit, domain.ProjReview} {
			var err error
			if p, err = s.svc.TransitionProject(s.ctx, sys, p.ID, app.ProjectStep{Version: p.Version, Action: act}); err != nil {
				t.Fatal(err)
			}
		}
		linked, affiliated := s.reviewExperts(health.ID)
		page := fmt.Sprintf("/projects/%d", p.ID)
		of, ex, wj := s.login("office"), s.login("expert"), s.login("weijian")

		// The office's section: the draw link, the assignment forms, the opinion's form.
		mustAnswer(t, "office project page", of.get(page), 200, `id="review"`, `id="assign-hand"`, `id="assign-draw"`, `id="opinion-form"`,
			"purpose=project_review", fmt.Sprintf("subject_id=%d", p.ID), fmt.Sprintf("exclude_unit_id=%d", health.ID), "尚未指派评审专家")
		mustAnswer(t, "the unit sees no section yet", wj.get(page), 200)
		if r := wj.get(page); regexp.MustCompile(`id="review"`).Match(r.body) {
			t.Fatalf("the unit sees the review section before the opinion:\n%s", r.body)
		}
		if affiliated != 0 {
			mustAnswer(t, "an expert of the applying unit", of.post(page+"/reviewers", url.Values{"csrf": {of.csrf}, "expert_ids": {fmt.Sprint(affiliated)}}),
				422, "BLD-R3", `class="field-error"`, `id="assign-hand"`)
		}
		mustAnswer(t, "nothing chosen", of.post(page+"/reviewers", url.Values{"csrf": {of.csrf}}), 422, "请选择一次抽取或至少一名专家")
		mustRedirect(t, "assign by hand", of.post(page+"/reviewers", url.Values{"csrf": {of.csrf}, "expert_ids": {fmt.Sprint(linked)}}), page)
		mustAnswer(t, "assigned", of.get(page), 200, "黄立群", "待评审", "已提交 0 / 1")

		// The expert: 我的评审, the scoring form, a bad score, a good one, frozen.
		mustAnswer(t, "my reviews", ex.get("/reviews"), 200, `href="/reviews"`, "我的评审", fmt.Sprintf(`href="/reviews/%d"`, p.ID), p.Name, "待评审")
		form := ex.get(fmt.Sprintf("/reviews/%d", p.ID))
		mustAnswer(t, "scoring page", form, 200, `id="review-form"`, fmt.Sprintf(`href="/projects/%d"`, p.ID), health.Name)
		m := versionFieldRe.FindSubmatch(form.body)
		if m == nil {
			t.Fatalf("no version on the scoring form:\n%s", form.body)
		}
		sub := url.Values{"csrf": {ex.csrf}, "version": {string(m[1])}, "recommendation": {"approve"}, "comment": {"同意立项"}}
		for _, c := range domain.ReviewCriteria {
			sub.Set("score_"+string(c), "4")
			sub.Set("comment_"+string(c), "可行")
		}
		sub.Set("score_feasibility", "9")
		mustAnswer(t, "a bad score", ex.post(fmt.Sprintf("/reviews/%d", p.ID), sub), 422, "可行性：请打1–5分", `value="9"`, `id="review-form"`)
		sub.Set("score_feasibility", "5")
		mustRedirect(t, "submit", ex.post(fmt.Sprintf("/reviews/%d", p.ID), sub), fmt.Sprintf("/reviews/%d", p.ID))
		mustAnswer(t, "frozen", ex.get(fmt.Sprintf("/reviews/%d", p.ID)), 200, "不能修改", "建议立项", `id="submitted"`)
		if r := ex.get(fmt.Sprintf("/reviews/%d", p.ID)); regexp.MustCompile(`id="review-form"`).Match(r.body) {
			t.Fatalf("the form is still offered after the submission:\n%s", r.body)
		}
		mustAnswer(t, "submitted twice", ex.post(fmt.Sprintf("/reviews/%d", p.ID), sub), 409, "评审已提交")
		mustAnswer(t, "no opinion for the expert", ex.get(page), 200)
		if r := ex.get(page); regexp.MustCompile(`id="review"`).Match(r.body) {
			t.Fatalf("the expert sees the office's review section:\n%s", r.body)
		}

		// The office: the aggregate, the opinion refused then written.
		mustAnswer(t, "aggregate", of.get(page), 200, `id="review-aggregate"`, "已提交 1 / 1", "4.20", "5.00", "建议立项 1")
		op := url.Values{"csrf": {of.csrf}, "version": {"0"}, "overall": {""}}
		for _, a := range mandatoryAnswers() {
			op.Add("clause", a.Clause)
			op.Set("verdict_"+a.Clause, "accepted")
		}
		first := mandatoryAnswers()[0].Clause
		op.Set("verdict_"+first, "needs_change")
		mustAnswer(t, "opinion refused", of.post(page+"/opinion", op), 422, first+" 审核结论为需修改时须写明意见", `id="opinion-form"`)
		op.Set("comment_"+first, "补充容灾方案")
		op.Set("overall", "符合治理要求，按意见修改")
		mustRedirect(t, "opinion", of.post(page+"/opinion", op), page)
		mustAnswer(t, "opinion saved", of.get(page), 200, "补充容灾方案", "符合治理要求，按意见修改")
		mustAnswer(t, "the unit reads the opinion", wj.get(page), 200, `id="opinion-read"`, "补充容灾方案", "符合治理要求，按意见修改", "需修改")

		// A review handed in on paper (BLD-R3): a second expert assigned, the office records the form.
		all, err := s.svc.Experts(s.ctx, sys, app.ExpertFilter{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(all.Items, func(e *domain.Expert) bool { return e.ID != linked && e.UnitID != health.ID && e.Active })
		if i < 0 {
			t.Fatal("no second demo expert to assign")
		}
		second := all.Items[i]
		paper := fmt.Sprintf("%s/reviews/%d/paper", page, second.ID)
		mustAnswer(t, "no paper form before the assignment", of.get(paper), 404)
		mustRedirect(t, "assign a second", of.post(page+"/reviewers", url.Values{"csrf": {of.csrf}, "expert_ids": {fmt.Sprint(second.ID)}}), page)
		mustAnswer(t, "the paper link", of.get(page), 200, `href="`+paper+`"`, "录入纸质评分", "已提交 1 / 2")
		mustAnswer(t, "the unit has no paper form", wj.get(paper), 403)
		pf := of.get(paper)
		mustAnswer(t, "the paper form", pf, 200, "代录"+second.Name+"的纸质评分", `action="`+paper+`"`, `id="review-form"`)
		m = versionFieldRe.FindSubmatch(pf.body)
		if m == nil {
			t.Fatalf("no version on the paper form:\n%s", pf.body)
		}
		sub.Set("csrf", of.csrf)
		sub.Set("version", string(m[1]))
		sub.Set("score_budget", "0")
		mustAnswer(t, "a bad paper score", of.post(paper, sub), 422, "预算合理性：请打1–5分", `action="`+paper+`"`)
		sub.Set("score_budget", "3")
		mustRedirect(t, "record the paper review", of.post(paper, sub), page)
		mustAnswer(t, "recorded", of.get(page), 200, "已提交 2 / 2", "建议立项 2")
		mustAnswer(t, "recorded twice", of.post(paper, sub), 409, "评审已提交")
	})
}
