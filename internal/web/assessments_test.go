package web_test

// Department assessment (ORG-3) through the web: the office's pages (the years, the scores,
// the export, a new year's form refusing bad weights), a unit's view (its own score and its
// evidence only, the objection form), the office's answer, the applicant's score on a project's
// page; the same through the JSON API with its refusals.

import (
	"fmt"
	"net/url"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// demoAssessmentID is the demo's published assessment.
func (s *site) demoAssessmentID() int64 {
	s.t.Helper()
	l, err := s.svc.Assessments(s.ctx, app.SystemActor())
	if err != nil || len(l) != 1 {
		s.t.Fatalf("assessments %v (%v)", l, err)
	}
	return l[0].ID
}

func TestAssessmentPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		id := s.demoAssessmentID()
		health, edu := s.unit("320507119"), s.unit("320507105")
		office, weijian := s.login("office"), s.login("weijian")
		base := fmt.Sprintf("/assessments/%d", id)

		mustAnswer(t, "the years", office.get("/assessments"), 200, "电子政务架构治理部门考核", "已公布", "ORG-3")
		mustAnswer(t, "the office's results", office.get(base), 200, "考核结果", health.Name, edu.Name, "系统上云率", "申诉更正", "导出")
		mustWorkbook(t, "the export", office.get(base+"/export.xlsx"))

		// A unit sees its own score and evidence, not another's.
		own := weijian.get(base)
		mustAnswer(t, "the unit's results", own, 200, health.Name, "共1条")
		mustNotContain(t, "the unit's results", own, edu.Name)
		mustStatus(t, "another unit's drill-down", weijian.get(fmt.Sprintf("%s/units/%d", base, edu.ID)), 404)
		unitPage := fmt.Sprintf("%s/units/%d", base, health.ID)
		mustAnswer(t, "the drill-down", weijian.get(unitPage), 200, "系统上云率：得分依据", `href="/systems/`, "查看当前列表", "提出申诉")

		// The objection: a reason is required; then filed, and the office answers.
		r := weijian.post(unitPage+"/objection", url.Values{"csrf": {weijian.csrf}, "reason": {" "}})
		mustAnswer(t, "an objection without a reason", r, 422, "申诉理由")
		oid := createdID(t, "object", weijian.post(unitPage+"/objection", url.Values{"csrf": {weijian.csrf}, "reason": {"网站备案已提交"}}), "/objections/")
		mustAnswer(t, "the unit's objection", weijian.get(fmt.Sprintf("/objections/%d", oid)), 200, "网站备案已提交", "待答复")
		mustNotContain(t, "the unit's objection", weijian.get(fmt.Sprintf("/objections/%d", oid)), "答复申诉")
		// The office's home page lists it as a to-do leading to the objections waiting; the unit's does not.
		mustAnswer(t, "the office's to-dos", office.get("/"), 200, "1条考核申诉待答复", `href="/objections?status=submitted"`)
		mustNotContain(t, "the unit's to-dos", weijian.get("/"), "考核申诉待答复")
		mustAnswer(t, "the objections waiting", office.get("/objections?status=submitted"), 200, health.Name, "待答复", "共1条")
		mustStatus(t, "another unit's objection", s.login("jiaoyu").get(fmt.Sprintf("/objections/%d", oid)), 404)
		answer := fmt.Sprintf("/objections/%d/answer", oid)
		r = office.post(answer, url.Values{"csrf": {office.csrf}, "version": {"1"}, "action": {"accept"}, "corrected_score": {"150"}, "answer": {"采纳"}})
		mustAnswer(t, "a corrected score out of range", r, 422, "更正后得分", `value="150"`)
		mustRedirect(t, "reject", office.post(answer, url.Values{"csrf": {office.csrf}, "version": {"1"}, "action": {"reject"}, "answer": {"备案未完成，维持原分"}}),
			fmt.Sprintf("/objections/%d", oid))
		mustAnswer(t, "the answered objection", weijian.get(fmt.Sprintf("/objections/%d", oid)), 200, "已驳回", "备案未完成，维持原分")
		mustAnswer(t, "the objection list", office.get("/objections?status=rejected"), 200, health.Name, "共1条")
		mustNotContain(t, "the office's to-dos once answered", office.get("/"), "考核申诉待答复")

		// A new year: weights that do not sum to 100 are refused naming the sum; a unit may not.
		form := url.Values{"csrf": {office.csrf}, "year": {"2030"}, "title": {"2030年度考核"}, "objection_days": {"10"},
			"weight_cloud": {"50"}, "weight_rooms": {"40"}}
		mustAnswer(t, "bad weights", office.post("/assessments/new", form), 422, "各指标权重之和须为100，当前为90", `value="40"`)
		form.Set("weight_catalog", "10")
		nid := createdID(t, "a new year", office.post("/assessments/new", form), "/assessments/")
		mustAnswer(t, "the draft's preview", office.get(fmt.Sprintf("/assessments/%d", nid)), 200, "得分预览（未公布）", "计算并公布", health.Name)
		mustStatus(t, "a unit opening the draft", weijian.get(fmt.Sprintf("/assessments/%d", nid)), 404)
		mustStatus(t, "a unit's new-assessment form", weijian.get("/assessments/new"), 403)

		// ORG-3, later approvals: the applicant's latest score on its project's page.
		p, err := s.svc.Projects(s.ctx, app.SystemActor(), store.ProjectFilter{Limit: 1})
		if err != nil || len(p.Items) == 0 {
			t.Fatalf("the projects: %v (%v)", p.Items, err)
		}
		mustAnswer(t, "the project's page", office.get(fmt.Sprintf("/projects/%d", p.Items[0].ID)), 200, "申报单位最近一次考核得分", `id="applicant-score"`)

		// In English: the same pages, every string translated.
		mustRedirect(t, "GET /lang/en", weijian.get("/lang/en"), "/")
		en := weijian.get(unitPage)
		mustAnswer(t, "the English drill-down", en, 200, "Cloud migration rate: evidence", "Current list", "Points / weight")
		mustNotContain(t, "the English drill-down", en, "系统上云率", "得分依据")
	})
}

func TestAssessmentAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		id := s.demoAssessmentID()
		health, edu := s.unit("320507119"), s.unit("320507105")
		var years struct{ Items []domain.Assessment }
		s.apiJSON("GET", "/api/v1/assessments", "weijian", "", &years)
		if len(years.Items) != 1 || years.Items[0].Status != domain.AssessPublished {
			t.Fatalf("the unit's years %+v", years.Items)
		}
		var scores struct{ Items []domain.UnitScore }
		s.apiJSON("GET", fmt.Sprintf("/api/v1/assessments/%d/scores", id), "weijian", "", &scores)
		if len(scores.Items) != 1 || scores.Items[0].UnitID != health.ID {
			t.Fatalf("the unit's scores %+v", scores.Items)
		}
		var one domain.UnitScore
		s.apiJSON("GET", fmt.Sprintf("/api/v1/assessments/%d/scores/%d", id, health.ID), "weijian", "", &one)
		if len(one.Items) != 8 || one.Score != scores.Items[0].Score {
			t.Fatalf("the unit's score %+v", one)
		}
		s.wantAPIError(s.api("GET", fmt.Sprintf("/api/v1/assessments/%d/scores/%d", id, edu.ID), "weijian", ""), 404, "not_found", "", "another unit's score")
		s.wantAPIError(s.api("GET", "/api/v1/assessments/compute?year=2026", "weijian", ""), 403, "forbidden", "", "a unit computing")
		var live struct{ Items []domain.UnitScore }
		s.apiJSON("GET", fmt.Sprintf("/api/v1/assessments/compute?year=%d", years.Items[0].Year), "office", "", &live)
		if len(live.Items) < 50 || live.Items[0].Rank != 1 {
			t.Fatalf("computed %d units", len(live.Items))
		}
		s.wantAPIError(s.api("POST", "/api/v1/assessments", "office", `{"year":2031,"title":"x","weights":[{"code":"cloud","weight":70}]}`),
			422, "invalid", "weights", "weights summing to 70")
		s.wantAPIError(s.api("POST", "/api/v1/assessments", "weijian", `{"year":2031,"title":"x"}`), 403, "forbidden", "", "a unit creating")

		var o domain.Objection
		s.apiJSON("POST", fmt.Sprintf("/api/v1/assessments/%d/objections", id), "weijian", `{"reason":"目录发布率口径有误"}`, &o)
		if o.UnitID != health.ID || o.UnitName != health.Name || o.Status != domain.ObjSubmitted {
			t.Fatalf("objection %+v", o)
		}
		s.wantAPIError(s.api("POST", fmt.Sprintf("/api/v1/assessments/%d/objections", id), "weijian_head", `{"reason":"再次"}`), 422, "invalid", "reason", "objecting twice")
		s.wantAPIError(s.api("POST", fmt.Sprintf("/api/v1/assessments/%d/objections", id), "jiaoyu", fmt.Sprintf(`{"unit_id":%d,"reason":"代为"}`, health.ID)),
			403, "forbidden", "", "objecting for another unit")
		path := fmt.Sprintf("/api/v1/objections/%d", o.ID)
		s.wantAPIError(s.api("POST", path+"/transition", "weijian", fmt.Sprintf(`{"version":%d,"action":"reject","answer":"x"}`, o.Version)), 403, "forbidden", "", "a unit answering")
		s.apiJSON("POST", path+"/transition", "office", fmt.Sprintf(`{"version":%d,"action":"accept","corrected_score":90.5,"answer":"采纳"}`, o.Version), &o)
		s.apiJSON("GET", fmt.Sprintf("/api/v1/assessments/%d/scores/%d", id, health.ID), "weijian", "", &one)
		if o.Status != domain.ObjAccepted || one.Final != 90.5 {
			t.Fatalf("accepted: %s, final %.2f", o.Status, one.Final)
		}
	})
}
