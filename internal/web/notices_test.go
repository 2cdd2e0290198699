package web_test

// Notices (ORG-4) and technical standards (ORG-5) through the web: the office drafts on the
// form and publishes from the page; units read the published ones (a draft answers 404), find
// them by search with 共 N 条, and find them in their inbox; a new version supersedes the one
// in force, whose page says so; the same through the JSON API with its refusals.

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
)

// standard is the demo standard code's version in force.
func (s *site) standard(code string) *domain.Standard {
	s.t.Helper()
	x, err := demo.PublishedStandard(s.ctx, s.svc, code)
	if err != nil {
		s.t.Fatal(err)
	}
	return x
}

func TestNoticePages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		office, unit := s.login("office"), s.login("weijian")
		mustAnswer(t, "the unit's notice list", unit.get("/notices"), 200, "关于开展2027年度政务信息系统上云迁移工作的通知", "已撤回", "共3条", "ORG-4")
		if strings.Contains(unit.get("/notices").text(), "关于组织2027年度政务信息化治理培训的通知") {
			t.Fatal("a unit lists the office's draft")
		}
		mustStatus(t, "a unit's new-notice form", unit.get("/notices/new"), 403)

		// Refused: no title — named, and what was typed stays.
		r := office.post("/notices/new", url.Values{"csrf": {office.csrf}, "title": {""}, "kind": {"notice"}, "body": {"正文草稿"}})
		mustAnswer(t, "a refused notice", r, 422, "标题", "正文草稿")
		id := createdID(t, "draft a notice", office.post("/notices/new", url.Values{"csrf": {office.csrf}, "title": {"关于报送数据目录的通知"},
			"kind": {"notice"}, "body": {"请各单位于月底前报送。"}}), "/notices/")
		path := fmt.Sprintf("/notices/%d", id)
		mustAnswer(t, "the draft's page", office.get(path), 200, "关于报送数据目录的通知", "草稿", "发布")
		mustStatus(t, "a unit opening a draft", unit.get(path), 404)
		mustStatus(t, "a unit publishing a draft", unit.post(path+"/steps/publish", url.Values{"csrf": {unit.csrf}, "version": {"1"}}), 404)

		mustRedirect(t, "publish", office.post(path+"/steps/publish", url.Values{"csrf": {office.csrf}, "version": {"1"}}), path)
		mustAnswer(t, "the unit reads it", unit.get(path), 200, "关于报送数据目录的通知", "已发布", "请各单位于月底前报送。")
		mustAnswer(t, "the unit's search", unit.get("/notices?q=数据目录"), 200, "关于报送数据目录的通知", "共1条")
		mustAnswer(t, "the unit's inbox", unit.get("/inbox"), 200, "区信息办发布通知：《关于报送数据目录的通知》")
		mustStatus(t, "a unit withdrawing", unit.post(path+"/steps/withdraw", url.Values{"csrf": {unit.csrf}, "version": {"2"}, "withdraw_note": {"x"}}), 403)
		mustStatus(t, "editing a published notice", office.get(path+"/edit"), 409)
		// Withdrawing without a reason is refused on the page; with one, readers see it.
		mustAnswer(t, "withdraw without a reason", office.post(path+"/steps/withdraw", url.Values{"csrf": {office.csrf}, "version": {"2"}}), 422, "撤回理由")
		mustRedirect(t, "withdraw", office.post(path+"/steps/withdraw", url.Values{"csrf": {office.csrf}, "version": {"2"}, "withdraw_note": {"内容有误"}}), path)
		mustAnswer(t, "a withdrawn notice", unit.get(path), 200, "已撤回", "内容有误")
	})
}

func TestStandardPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		office, unit := s.login("office"), s.login("weijian")
		mustAnswer(t, "the unit's standards", unit.get("/standards?code="+demo.StdPopulation), 200, "人口基础信息库共享接口规范", "V2.0", "V2.1", "已被新版本替代", "共2条")
		cur := s.standard(demo.StdPopulation)
		p, err := s.svc.Standards(s.ctx, app.SystemActor(), app.StandardFilter{Code: demo.StdPopulation, Status: domain.StdSuperseded})
		if err != nil || len(p.Items) != 1 {
			t.Fatalf("the superseded version: %v %v", p.Items, err)
		}
		old := p.Items[0]
		mustAnswer(t, "the superseded version's page", unit.get(fmt.Sprintf("/standards/%d", old.ID)), 200, "本版本已被新版本替代", fmt.Sprintf(`href="/standards/%d"`, cur.ID), "版本沿革")
		// The system page of a demo plan names V2.0 with a link, marked superseded.
		sys := s.system("XC-SYS-0019")
		mustAnswer(t, "a plan naming V2.0", office.get(fmt.Sprintf("/systems/%d", sys.ID)), 200, fmt.Sprintf(`href="/standards/%d"`, old.ID), "人口基础信息库共享接口规范 V2.0", "已被新版本替代")

		// The office revises: the new draft's form, then publishing supersedes V2.1.
		r := office.post(fmt.Sprintf("/standards/%d/steps/revise", cur.ID), url.Values{"csrf": {office.csrf}, "version": {itoa(int(cur.Version))}, "edition": {"V2.2"}})
		draftPath, _, ok := strings.Cut(r.header.Get("Location"), "/edit")
		if r.status != 303 || !ok {
			t.Fatalf("revise: %d %s\n%s", r.status, r.header.Get("Location"), r.body)
		}
		mustStatus(t, "a unit opening the draft", unit.get(draftPath), 404)
		r = office.post(draftPath, url.Values{"csrf": {office.csrf}, "version": {"1"}, "name": {"人口基础信息库共享接口规范"}, "kind": {"interface"},
			"library": {"population"}, "edition": {"V2.2"}, "effective_date": {"2027-03-01"}, "summary": {"新增电子户口簿接口。"}, "url": {"ftp://x"}})
		mustAnswer(t, "a bad link", r, 422, "全文链接", "http://")
		mustRedirect(t, "save the draft", office.post(draftPath, url.Values{"csrf": {office.csrf}, "version": {"1"}, "name": {"人口基础信息库共享接口规范"}, "kind": {"interface"},
			"library": {"population"}, "edition": {"V2.2"}, "effective_date": {"2027-03-01"}, "summary": {"新增电子户口簿接口。"}}), draftPath)
		mustRedirect(t, "publish V2.2", office.post(draftPath+"/steps/publish", url.Values{"csrf": {office.csrf}, "version": {"2"}}), draftPath)
		mustAnswer(t, "V2.1 now", unit.get(fmt.Sprintf("/standards/%d", cur.ID)), 200, "本版本已被新版本替代", "V2.2")
		mustAnswer(t, "the unit's inbox", unit.get("/inbox"), 200, "区信息办发布技术标准《人口基础信息库共享接口规范》V2.2（XC-JK-001），替代原V2.1版")
		// The docking form offers the versions in force only.
		form := office.get(fmt.Sprintf("/systems/%d/docking-plans/new?library=population", sys.ID))
		mustAnswer(t, "the docking form", form, 200, "人口基础信息库共享接口规范 V2.2", "区数据交换共享平台接入规程 V1.0", "ORG-5")
		if strings.Contains(form.text(), "人口基础信息库共享接口规范 V2.1") {
			t.Fatal("the docking form offers a superseded version")
		}
	})
}

func TestNoticeStandardAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		var n domain.Notice
		s.apiJSON("POST", "/api/v1/notices", "office", `{"title":"API 通知","kind":"announcement"}`, &n)
		path := fmt.Sprintf("/api/v1/notices/%d", n.ID)
		s.wantAPIError(s.api("GET", path, "weijian", ""), 404, "not_found", "", "a unit reading a draft")
		s.wantAPIError(s.api("POST", "/api/v1/notices", "weijian", `{"title":"x"}`), 403, "forbidden", "", "a unit drafting")
		s.wantAPIError(s.api("POST", path+"/transition", "office", fmt.Sprintf(`{"action":"publish","version":%d}`, n.Version)), 422, "invalid", "body", "publish without a body")
		s.apiJSON("PATCH", path, "office", fmt.Sprintf(`{"version":%d,"body":"周日停机"}`, n.Version), &n)
		s.apiJSON("POST", path+"/transition", "office", fmt.Sprintf(`{"action":"publish","version":%d}`, n.Version), &n)
		if n.Status != domain.NoticePublished {
			t.Fatalf("published: %+v", n)
		}
		var list struct{ Items []domain.Notice }
		s.apiJSON("GET", "/api/v1/notices?q=API&kind=announcement", "weijian", "", &list)
		if len(list.Items) != 1 || list.Items[0].ID != n.ID {
			t.Fatalf("the unit's list: %+v", list.Items)
		}
		s.wantAPIError(s.api("GET", "/api/v1/notices?status=bogus", "weijian", ""), 422, "invalid", "status", "a bad status filter")

		// Standards: a bad edition on revise, then the new version supersedes the one in force.
		cur := s.standard(demo.StdCredit)
		spath := fmt.Sprintf("/api/v1/standards/%d", cur.ID)
		s.wantAPIError(s.api("POST", spath+"/transition", "weijian", fmt.Sprintf(`{"action":"revise","version":%d,"edition":"V2.0"}`, cur.Version)), 403, "forbidden", "", "a unit revising")
		s.wantAPIError(s.api("POST", spath+"/transition", "office", fmt.Sprintf(`{"action":"revise","version":%d,"edition":"%s"}`, cur.Version, cur.Edition)), 422, "invalid", "edition", "an edition the standard has")
		var d domain.Standard
		s.apiJSON("POST", spath+"/transition", "office", fmt.Sprintf(`{"action":"revise","version":%d,"edition":"V2.0"}`, cur.Version), &d)
		s.apiJSON("PATCH", fmt.Sprintf("/api/v1/standards/%d", d.ID), "office", fmt.Sprintf(`{"version":%d,"effective_date":"2027-01-01T00:00:00Z"}`, d.Version), &d)
		s.apiJSON("POST", fmt.Sprintf("/api/v1/standards/%d/transition", d.ID), "office", fmt.Sprintf(`{"action":"publish","version":%d}`, d.Version), &d)
		var old domain.Standard
		s.apiJSON("GET", spath, "weijian", "", &old)
		if d.Status != domain.StdPublished || old.Status != domain.StdSuperseded {
			t.Fatalf("after publishing V2.0: new %s, old %s", d.Status, old.Status)
		}
		// A docking plan naming the superseded version, or typing text: refused, naming standard_id.
		sysID := s.system("XC-SYS-0085").ID
		docks := fmt.Sprintf("/api/v1/systems/%d/docking-plans", sysID)
		s.wantAPIError(s.api("POST", docks, "office", fmt.Sprintf(`{"library":"credit","standard_id":%d,"node":"om","planned_date":"2027-12-31T00:00:00Z"}`, old.ID)), 422, "invalid", "standard_id", "a superseded version")
		s.wantAPIError(s.api("POST", docks, "office", `{"library":"credit","interface_version":"信用接口 v9","node":"om","planned_date":"2027-12-31T00:00:00Z"}`), 422, "invalid", "standard_id", "typed text")
	})
}
