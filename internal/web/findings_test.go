package web_test

// Governance findings and waivers over HTTP (issue 11): the list with its counts and filters, a
// unit's own findings only (another unit's answers 404 on the page and in the API), the section
// on a record's page, a waiver's course on the pages and in the API with its refusals (each
// naming its field in Chinese and English), the office's to-do; and the gates on an
// application: a machine room refused citing ENV-R1 in the form's error area and in the API's
// error.fields, the same application without it submitted.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// unitFinding is an open finding of the unit's systems that has no waiver asked for.
func (s *site) unitFinding(unitCode string) *domain.Finding {
	s.t.Helper()
	p, err := s.svc.Findings(s.ctx, app.SystemActor(), app.FindingFilter{UnitID: s.unit(unitCode).ID, Kind: domain.SubjectSystem,
		Status: domain.FindingOpen, Limit: 50})
	if err != nil {
		s.t.Fatal(err)
	}
	for _, f := range p.Items {
		if n, _ := s.svc.CountWaivers(s.ctx, app.SystemActor(), app.WaiverFilter{Kind: f.SubjectKind, SubjectID: f.SubjectID, RuleID: f.RuleID}); n == 0 {
			return f
		}
	}
	s.t.Fatalf("no open system finding of %s", unitCode)
	return nil
}

func TestFindingsPagesAndAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		mine, theirs := s.unitFinding("320507119"), s.unitFinding("320507105") // 卫健委 (weijian), 教育局
		office, wj := s.login("office"), s.login("weijian")

		// The office's list: the counts by severity and clause above it, every unit's rows.
		l := office.get("/findings")
		mustAnswer(t, "office list", l, http.StatusOK, `id="finding-counts"`, `id="counts-clause"`, `href="/rules#ENV-R3"`, "区教育局", "区卫生健康委员会", "共 ")
		mustContain(t, "office list of a unit", office.get(fmt.Sprintf("/findings?unit_id=%d&kind=system", theirs.UnitID)), fmt.Sprintf(`href="/findings/%d"`, theirs.ID))
		// Filters: by clause (the counts follow), by an unknown clause (422 naming it).
		byClause := office.get("/findings?clause=ENV-R3&status=all")
		mustAnswer(t, "by clause", byClause, http.StatusOK, "ENV-R3.room-overdue")
		mustNotContain(t, "by clause", byClause, "PTL-R3.website-overdue")
		mustStatus(t, "unknown clause", office.get("/findings?clause=XYZ-9"), http.StatusUnprocessableEntity)

		// A unit's list: its own rows only; another unit's finding is not there (404).
		wl := wj.get("/findings?status=open")
		mustAnswer(t, "weijian list", wl, http.StatusOK, fmt.Sprintf(`href="/findings/%d"`, mine.ID))
		mustNotContain(t, "weijian list", wl, fmt.Sprintf(`href="/findings/%d"`, theirs.ID), "区教育局</td>")
		mustStatus(t, "another unit's finding", wj.get(fmt.Sprintf("/findings/%d", theirs.ID)), http.StatusNotFound)
		mustAnswer(t, "own finding", wj.get(fmt.Sprintf("/findings/%d", mine.ID)), http.StatusOK, mine.MessageZH, `id="waiver-form"`,
			fmt.Sprintf(`href="/systems/%d"`, mine.SubjectID))
		s.wantAPIError(s.api("GET", fmt.Sprintf("/api/v1/findings/%d", theirs.ID), "weijian", ""), 404, "not_found", "", "another unit's finding")
		var f domain.Finding
		s.apiJSON("GET", fmt.Sprintf("/api/v1/findings/%d", theirs.ID), "office", "", &f)
		if f.RuleID != theirs.RuleID || f.MessageEN == "" {
			t.Errorf("office reads %+v", f)
		}
		var page struct{ Items []domain.Finding }
		s.apiJSON("GET", "/api/v1/findings?limit=200", "weijian", "", &page)
		for _, x := range page.Items {
			if x.UnitID != mine.UnitID {
				t.Errorf("weijian's API list has %s of unit %d", x.RuleID, x.UnitID)
			}
		}
		var counts app.FindingCounts
		s.apiJSON("GET", "/api/v1/findings/counts?status=open", "weijian", "", &counts)
		if counts.Total == 0 || len(counts.ByUnit) != 1 || len(counts.ByClause) == 0 || len(counts.BySeverity) == 0 {
			t.Errorf("weijian's counts %+v", counts)
		}
		s.wantAPIError(s.api("GET", "/api/v1/findings?severity=grave", "office", ""), 422, "invalid", "severity", "unknown severity")
		s.wantAPIError(s.api("GET", "/api/v1/findings?subject_id=3", "office", ""), 422, "invalid", "kind", "a record without its kind")

		// The record's page: the section with the finding, its clause chips and the request button.
		sp := wj.get(fmt.Sprintf("/systems/%d", mine.SubjectID))
		mustAnswer(t, "system page", sp, http.StatusOK, `id="findings"`, fmt.Sprintf(`data-rule="%s"`, mine.RuleID), `class="button request-waiver"`,
			fmt.Sprintf(`href="/findings/%d#waiver-request"`, mine.ID))
		mustNotContain(t, "system page as the office", office.get(fmt.Sprintf("/systems/%d", mine.SubjectID)), "request-waiver") // the office decides

		// In English, the finding reads in English.
		wj.setLang("en")
		mustContain(t, "English finding", wj.get(fmt.Sprintf("/findings/%d", mine.ID)), mine.MessageEN, "Ask for a waiver")
		wj.setLang("zh-CN")
	})
}

func TestWaiverPagesAndAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		f := s.unitFinding("320507119")
		office, wj, jy := s.login("office"), s.login("weijian"), s.login("jiaoyu")
		ask := fmt.Sprintf("/findings/%d/waiver", f.ID)
		today := siteNow.Format(time.DateOnly)
		later := siteNow.AddDate(0, 3, 0).Format(time.DateOnly)

		// Refusals of the request: another unit 404; the office 403; no reason and an expiry in
		// the past name their fields, in Chinese and in English, with what was typed kept.
		mustStatus(t, "another unit asks", jy.post(ask, url.Values{"csrf": {jy.csrf}, "reason": {"x"}, "expires_on": {later}}), http.StatusNotFound)
		mustStatus(t, "the office asks", office.post(ask, url.Values{"csrf": {office.csrf}, "reason": {"x"}, "expires_on": {later}}), http.StatusForbidden)
		r := wj.post(ask, url.Values{"csrf": {wj.csrf}, "reason": {""}, "expires_on": {today}})
		mustAnswer(t, "bad request", r, http.StatusUnprocessableEntity, `id="err-reason"`, `id="err-expires_on"`, "理由：", "豁免到期日：到期日须晚于今天")
		r = wj.post(ask, url.Values{"csrf": {wj.csrf}, "reason": {"已列入明年升级项目"}, "expires_on": {"2026-13-40"}})
		mustAnswer(t, "bad date", r, http.StatusUnprocessableEntity, `id="err-expires_on"`, "已列入明年升级项目")
		msg := s.wantAPIError(s.api("POST", fmt.Sprintf("/api/v1/findings/%d/waiver", f.ID), "weijian", `{"reason":"理由","expires_on":"2026-01-01T00:00:00Z"}`,
			"Accept-Language", "en"), 422, "invalid", "expires_on", "expiry in the past, in English")
		if !strings.Contains(msg, "Waiver expiry") {
			t.Errorf("English message %q", msg)
		}
		s.wantAPIError(s.api("POST", fmt.Sprintf("/api/v1/findings/%d/waiver", f.ID), "jiaoyu", `{"reason":"理由","expires_on":"2027-01-01T00:00:00Z"}`),
			404, "not_found", "", "another unit's user asks")

		// The request: the waiver's page; the office's to-do counts it with the demo's waiting one.
		r = wj.post(ask, url.Values{"csrf": {wj.csrf}, "reason": {"系统承建合同至明年三月，届时随升级改造一并整改"}, "expires_on": {later}})
		id := createdID(t, "request", r, "/waivers/")
		page := fmt.Sprintf("/waivers/%d", id)
		mustAnswer(t, "waiver page (unit)", wj.get(page), http.StatusOK, "待审核", "系统承建合同", `value="withdraw"`)
		mustNotContain(t, "waiver page (unit)", wj.get(page), `value="approve"`)
		mustStatus(t, "another unit's waiver", jy.get(page), http.StatusNotFound)
		mustContain(t, "office to-do", office.get("/"), "2条豁免申请待审核", `href="/waivers?status=requested"`)
		mustAnswer(t, "office's waivers", office.get("/waivers"), http.StatusOK, `id="waivers-waiting"`, fmt.Sprintf(`href="/waivers/%d"`, id))
		op := office.get(page)
		mustAnswer(t, "waiver page (office)", op, http.StatusOK, `value="approve"`, `value="refuse"`, `data-confirm="确定不予批准该豁免申请吗？"`)
		ver := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(op.text())[1]

		// Refusing needs a comment (the form again, naming it); the unit cannot approve.
		r = office.post(page+"/transition", url.Values{"csrf": {office.csrf}, "version": {ver}, "action": {"refuse"}, "comment": {""}})
		mustAnswer(t, "refuse without a comment", r, http.StatusUnprocessableEntity, `id="err-comment"`)
		mustStatus(t, "the unit approves", wj.post(page+"/transition", url.Values{"csrf": {wj.csrf}, "version": {ver}, "action": {"approve"}}), http.StatusForbidden)
		var w domain.Waiver
		s.apiJSON("GET", fmt.Sprintf("/api/v1/waivers/%d", id), "office", "", &w)
		s.wantAPIError(s.api("POST", fmt.Sprintf("/api/v1/waivers/%d/transition", id), "office", fmt.Sprintf(`{"version":%d,"action":"refuse"}`, w.Version)),
			422, "invalid", "comment", "API refusal without a comment")

		// Approved: the record's page shows the finding waived with the waiver's link.
		mustRedirect(t, "approve", office.post(page+"/transition", url.Values{"csrf": {office.csrf}, "version": {ver}, "action": {"approve"}, "comment": {"同意"}}), page)
		sp := wj.get(fmt.Sprintf("/systems/%d", f.SubjectID))
		mustContain(t, "waived on the record's page", sp, "已豁免", fmt.Sprintf(`href="/waivers/%d"`, id))
		var got domain.Finding
		s.apiJSON("GET", fmt.Sprintf("/api/v1/findings/%d", f.ID), "weijian", "", &got)
		if got.Status != domain.FindingWaived {
			t.Fatalf("after approval the finding is %s", got.Status)
		}
		// Revoked through the API with its comment: open again; the history tells the course.
		s.apiJSON("GET", fmt.Sprintf("/api/v1/waivers/%d", id), "office", "", &w)
		s.apiJSON("POST", fmt.Sprintf("/api/v1/waivers/%d/transition", id), "office", fmt.Sprintf(`{"version":%d,"action":"revoke","comment":"未按承诺报送整改计划"}`, w.Version), &w)
		s.apiJSON("GET", fmt.Sprintf("/api/v1/findings/%d", f.ID), "weijian", "", &got)
		if w.Status != domain.WaiverRevoked || got.Status != domain.FindingOpen {
			t.Fatalf("revoked: waiver %s, finding %s", w.Status, got.Status)
		}
		var hist struct{ Items []json.RawMessage }
		s.apiJSON("GET", fmt.Sprintf("/api/v1/waivers/%d/history", id), "weijian", "", &hist)
		if len(hist.Items) != 3 {
			t.Errorf("history of %d records", len(hist.Items))
		}
		mustContain(t, "waiver page history", wj.get(page), "申请豁免", "批准豁免", "撤销豁免", "未按承诺报送整改计划")
	})
}

func TestGatesOnTheApplication(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := s.unit("320507119")
		items := s.acceptedItems(health.ID, 2027, 500_000)
		p := &domain.Project{UnitID: health.ID, PlanItemID: items[0], Functions: []string{"甲类专项台账填报"}, NoData: true, Content: "新建卫健委数据中心机房", Responses: mandatoryAnswers(),
			Budget: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 400_000}}, RoomWork: domain.RoomWorkBuild}
		if err := s.svc.CreateProject(s.ctx, app.SystemActor(), p); err != nil {
			t.Fatal(err)
		}
		page := fmt.Sprintf("/projects/%d", p.ID)
		wj := s.login("weijian")

		// The page: refused, every violated rule in the form's error area, ENV-R1 first.
		r := wj.post(page+"/steps/submit", url.Values{"csrf": {wj.csrf}, "version": {fmt.Sprint(p.Version)}})
		mustAnswer(t, "submit with a machine room", r, http.StatusUnprocessableEntity, `id="form-error"`, "不符合治理规则", `id="rule-errors"`,
			"ENV-R1.no-machine-room-build", "【ENV-R1】")
		// The API: 422 naming the rule, error.fields listing it with its message.
		body := s.api("POST", "/api/v1/projects/"+fmt.Sprint(p.ID)+"/transition", "weijian", fmt.Sprintf(`{"version":%d,"action":"submit"}`, p.Version))
		mustAnswer(t, "API submit with a machine room", body, http.StatusUnprocessableEntity, `"code":"unprocessable"`, `"rule":"ENV-R1.no-machine-room-build"`,
			`"fields":[{"field":"","rule":"ENV-R1.no-machine-room-build"`)
		// The decisions on the application's page: two refusals at submission.
		mustContain(t, "decisions", wj.get(page), `id="gate-decisions"`, "未通过", "ENV-R1.no-machine-room-build")

		// The same application without the machine room is submitted.
		cur, err := s.svc.Project(s.ctx, app.SystemActor(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		none := domain.RoomWorkNone
		if cur, err = s.svc.UpdateProject(s.ctx, app.SystemActor(), p.ID, app.ProjectEdit{Version: cur.Version, RoomWork: &none}); err != nil {
			t.Fatal(err)
		}
		mustRedirect(t, "submit without it", wj.post(page+"/steps/submit", url.Values{"csrf": {wj.csrf}, "version": {fmt.Sprint(cur.Version)}}), page)
		mustContain(t, "decisions", wj.get(page), "通过")
	})
}

// TestFindingsOnRecordPages: every register's record page shows its findings in the section
// 治理规则发现, for the viewers whose scope holds them; a public unit page shows another unit's
// ORG-1 finding to nobody outside its scope.
func TestFindingsOnRecordPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		office, sysadm, jy := s.login("office"), s.login("sysadmin"), s.login("jiaoyu")
		pages := map[string]string{domain.SubjectRoom: "/machine-rooms/%d", domain.SubjectWebsite: "/websites/%d", domain.SubjectMedia: "/new-media/%d",
			domain.SubjectUnit: "/units/%d", domain.SubjectSystem: "/systems/%d"}
		for kind, path := range pages {
			p, err := s.svc.Findings(s.ctx, app.SystemActor(), app.FindingFilter{Kind: kind, Status: domain.FindingOpen, Limit: 1})
			if err != nil || len(p.Items) == 0 {
				t.Fatalf("no open finding of %s (%v)", kind, err)
			}
			f := p.Items[0]
			mustAnswer(t, kind+" page", office.get(fmt.Sprintf(path, f.SubjectID)), http.StatusOK, `id="findings"`, fmt.Sprintf(`data-rule="%s"`, f.RuleID),
				fmt.Sprintf(`href="/findings/%d"`, f.ID))
			if kind == domain.SubjectUnit { // a unit's page is public; its findings are not
				for _, b := range []*browser{sysadm, jy} {
					mustNotContain(t, "unit page outside the scope", b.get(fmt.Sprintf(path, f.SubjectID)), `id="findings"`, f.RuleID)
				}
			}
		}
		// A base library: the office sees the section — nothing found for the 人口库, which has its
		// provider; the 社会信用库's provider is not yet settled (SHR-R5).
		mustAnswer(t, "base library", office.get(fmt.Sprintf("/base-libraries/%d", s.library(domain.LibPopulation).ID)), http.StatusOK,
			`id="findings"`, `id="no-findings"`)
		mustAnswer(t, "base library without its provider", office.get(fmt.Sprintf("/base-libraries/%d", s.library(domain.LibCredit).ID)),
			http.StatusOK, `id="findings"`, `data-rule="SHR-R5.no-provider"`)
		// An application's page: its findings and the gates' decisions (the demo's approved ones).
		p, err := s.svc.Findings(s.ctx, app.SystemActor(), app.FindingFilter{Kind: domain.SubjectApplication, Limit: 1})
		if err != nil || len(p.Items) == 0 {
			t.Fatalf("no application finding (%v)", err)
		}
		mustAnswer(t, "application page", office.get(fmt.Sprintf("/projects/%d", p.Items[0].SubjectID)), http.StatusOK, `id="findings"`,
			`id="gate-decisions"`, fmt.Sprintf(`data-rule="%s"`, p.Items[0].RuleID))
	})
}
