package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// sitesWebsite reads a website as it is now, bypassing HTTP.
func (s *site) sitesWebsite(host string) *domain.Website {
	s.t.Helper()
	ws, err := s.svc.DB().Read().WebsitesByHosts(s.ctx, []string{host})
	if err != nil || ws[host] == nil {
		s.t.Fatalf("website %s: %v", host, err)
	}
	return ws[host]
}

func (s *site) sitesMedia(kind domain.MediaKind, name string) *domain.MediaAccount {
	s.t.Helper()
	ms, err := s.svc.DB().Read().MediaAccounts(s.ctx, authz.Scope{All: true}, store.MediaFilter{Kind: kind, Query: name})
	if err != nil {
		s.t.Fatal(err)
	}
	for _, m := range ms {
		if m.Name == name {
			return m
		}
	}
	s.t.Fatalf("no account %s %s", kind, name)
	return nil
}

func TestAPIWebsitesAndMedia(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		wjw, jyj, zy := s.sitesWebsite("wjw.szxc.gov.cn"), s.sitesWebsite("jyj.szxc.gov.cn"), s.sitesWebsite("zy.jyj.szxc.gov.cn")
		health := s.sitesMedia(domain.MediaWechatService, "健康相城")
		edu := s.sitesMedia(domain.MediaMiniProgram, "相城入学报名")
		unit := func(code string) string { return fmt.Sprint(s.unit(code).ID) }
		runAPICases(t, s, []apiCase{
			{name: "websites as office", method: "GET", path: "/api/v1/websites?limit=200", actor: "office", want: 200,
				has: []string{`"host":"www.szxc.gov.cn"`, `"host":"wjw.szxc.gov.cn"`, `"overdue":true`, `"next_cursor":""`}},
			{name: "websites as jiaoyu: own unit only", method: "GET", path: "/api/v1/websites", actor: "jiaoyu", want: 200,
				has: []string{`"host":"jyj.szxc.gov.cn"`}, hasNot: []string{"wjw.szxc.gov.cn", "www.szxc.gov.cn"}},
			{name: "websites overdue", method: "GET", path: "/api/v1/websites?overdue=1&limit=200", actor: "office", want: 200,
				has: []string{`"host":"zy.jyj.szxc.gov.cn"`, `"host":"hzz.swj.szxc.gov.cn"`}, hasNot: []string{`"status":"registered"`, `"overdue":false`}},
			{name: "websites by name", method: "GET", path: "/api/v1/websites?sort=name&limit=3", actor: "office", want: 200, has: []string{`"next_cursor":"`}},
			{name: "websites bad sort", method: "GET", path: "/api/v1/websites?sort=host", actor: "office", want: 422, has: []string{`"field":"sort"`}},
			{name: "websites bad status", method: "GET", path: "/api/v1/websites?status=gone", actor: "office", want: 422, has: []string{`"field":"status"`}},
			{name: "website of another unit", method: "GET", path: fmt.Sprintf("/api/v1/websites/%d", wjw.ID), actor: "jiaoyu", want: 404},
			{name: "website own", method: "GET", path: fmt.Sprintf("/api/v1/websites/%d", jyj.ID), actor: "jiaoyu", want: 200, has: []string{`"status":"registered"`, `"overdue":false`}},
			{name: "website history", method: "GET", path: fmt.Sprintf("/api/v1/websites/%d/history", jyj.ID), actor: "jiaoyu", want: 200,
				has: []string{`"action":"website.create"`, `"action":"website.accept"`}},
			{name: "website history other unit", method: "GET", path: fmt.Sprintf("/api/v1/websites/%d/history", wjw.ID), actor: "yuanhe", want: 404},
			{name: "create bad hosting", method: "POST", path: "/api/v1/websites", actor: "jiaoyu", want: 422,
				body: `{"name":"x","host":"x1.szxc.gov.cn","unit_id":` + unit("320507105") + `,"hosting":"cloud9"}`, has: []string{`"field":"hosting"`}},
			{name: "create bad host", method: "POST", path: "/api/v1/websites", actor: "jiaoyu", want: 422,
				body: `{"name":"x","host":"ftp://x1.szxc.gov.cn","unit_id":` + unit("320507105") + `,"hosting":"gov_cloud"}`, has: []string{`"field":"host"`}},
			{name: "create bad site code en", method: "POST", path: "/api/v1/websites", actor: "jiaoyu", lang: "en", want: 422,
				body: `{"name":"x","host":"x1.szxc.gov.cn","unit_id":` + unit("320507105") + `,"hosting":"gov_cloud","site_code":"12"}`, has: []string{`"field":"site_code"`, "ten digits"}},
			{name: "create for another unit", method: "POST", path: "/api/v1/websites", actor: "jiaoyu", want: 403,
				body: `{"name":"x","host":"x1.szxc.gov.cn","unit_id":` + unit("320507119") + `,"hosting":"gov_cloud"}`},
			{name: "create unknown field", method: "POST", path: "/api/v1/websites", actor: "jiaoyu", want: 400,
				body: `{"name":"x","host":"x1.szxc.gov.cn","unit_id":` + unit("320507105") + `,"hosting":"gov_cloud","status":"registered"}`},
			{name: "create", method: "POST", path: "/api/v1/websites", actor: "jiaoyu", want: 201,
				body: `{"name":"相城区教育局测试网站","host":"https://X1.szxc.gov.cn/a","unit_id":` + unit("320507105") + `,"hosting":"gov_cloud"}`,
				has:  []string{`"host":"x1.szxc.gov.cn"`, `"status":"unregistered"`, `"overdue":true`}},
			{name: "patch another unit's", method: "PATCH", path: fmt.Sprintf("/api/v1/websites/%d", wjw.ID), actor: "jiaoyu", want: 404,
				body: fmt.Sprintf(`{"version":%d,"name":"x"}`, wjw.Version)},
			{name: "patch stale", method: "PATCH", path: fmt.Sprintf("/api/v1/websites/%d", jyj.ID), actor: "jiaoyu", want: 409,
				body: fmt.Sprintf(`{"version":%d,"name":"x"}`, jyj.Version-1)},
			{name: "patch", method: "PATCH", path: fmt.Sprintf("/api/v1/websites/%d", jyj.ID), actor: "jiaoyu", want: 200,
				body: fmt.Sprintf(`{"version":%d,"icp":"苏ICP备05012305号-9"}`, jyj.Version), has: []string{`"icp":"苏ICP备05012305号-9"`}},
			{name: "notice to a registered site", method: "POST", path: fmt.Sprintf("/api/v1/websites/%d/transition", wjw.ID), actor: "office", want: 409,
				body: fmt.Sprintf(`{"version":%d,"action":"issue_notice","note":"关停"}`, wjw.Version), has: []string{`"code":"conflict"`}},
			{name: "notice by the unit", method: "POST", path: fmt.Sprintf("/api/v1/websites/%d/transition", zy.ID), actor: "jiaoyu", want: 403,
				body: fmt.Sprintf(`{"version":%d,"action":"issue_notice","note":"关停"}`, zy.Version)},
			{name: "notice", method: "POST", path: fmt.Sprintf("/api/v1/websites/%d/transition", zy.ID), actor: "office", want: 200,
				body: fmt.Sprintf(`{"version":%d,"action":"issue_notice","note":"逾期未登记，请关停"}`, zy.Version), has: []string{`"status":"notice_issued"`, `"notice_text":"逾期未登记，请关停"`}},
			{name: "bad action", method: "POST", path: fmt.Sprintf("/api/v1/websites/%d/transition", zy.ID), actor: "office", want: 422,
				body: fmt.Sprintf(`{"version":%d,"action":"explode"}`, zy.Version+1), has: []string{`"field":"action"`}},

			{name: "media as office", method: "GET", path: "/api/v1/new-media?limit=200", actor: "office", want: 200, has: []string{"健康相城", "相城入学报名"}},
			{name: "media as jiaoyu", method: "GET", path: "/api/v1/new-media?limit=200", actor: "jiaoyu", want: 200, has: []string{"相城入学报名"}, hasNot: []string{"健康相城"}},
			{name: "media by kind", method: "GET", path: "/api/v1/new-media?kind=douyin&limit=200", actor: "office", want: 200, has: []string{`"kind":"douyin"`}, hasNot: []string{`"kind":"weibo"`}},
			{name: "media search topic", method: "GET", path: "/api/v1/new-media?q=" + url.QueryEscape("卫生健康") + "&limit=200", actor: "office", want: 200, has: []string{"健康相城"}, hasNot: []string{"相城公安"}},
			{name: "media bad kind filter", method: "GET", path: "/api/v1/new-media?kind=tiktok", actor: "office", want: 422, has: []string{`"field":"kind"`}},
			{name: "media other unit", method: "GET", path: fmt.Sprintf("/api/v1/new-media/%d", health.ID), actor: "jiaoyu", want: 404},
			{name: "media create bad kind", method: "POST", path: "/api/v1/new-media", actor: "jiaoyu", want: 422,
				body: `{"kind":"tiktok","name":"x","account_id":"abc","unit_id":` + unit("320507105") + `}`, has: []string{`"field":"kind"`}},
			{name: "media create", method: "POST", path: "/api/v1/new-media", actor: "jiaoyu", want: 201,
				body: `{"kind":"douyin","name":"相城教育直播","account_id":"xcjy2026","unit_id":` + unit("320507105") + `,"topic":"教育"}`, has: []string{`"status":"undecided"`, `"decision":""`}},
			{name: "media decide by the unit", method: "POST", path: fmt.Sprintf("/api/v1/new-media/%d/transition", edu.ID), actor: "jiaoyu", want: 403,
				body: fmt.Sprintf(`{"version":%d,"action":"decide","decision":"keep"}`, edu.Version)},
			{name: "media complete undecided", method: "POST", path: fmt.Sprintf("/api/v1/new-media/%d/transition", edu.ID), actor: "jiaoyu", want: 409,
				body: fmt.Sprintf(`{"version":%d,"action":"complete"}`, edu.Version)},
			{name: "media propose", method: "POST", path: fmt.Sprintf("/api/v1/new-media/%d/transition", edu.ID), actor: "jiaoyu", want: 200,
				body: fmt.Sprintf(`{"version":%d,"action":"propose","decision":"keep","note":"招生报名入口"}`, edu.Version), has: []string{`"status":"proposed"`, `"decision":"keep"`}},
			{name: "media history", method: "GET", path: fmt.Sprintf("/api/v1/new-media/%d/history", edu.ID), actor: "jiaoyu", want: 200, has: []string{`"action":"media.propose"`}},
			{name: "media patch stale", method: "PATCH", path: fmt.Sprintf("/api/v1/new-media/%d", edu.ID), actor: "jiaoyu", want: 409,
				body: fmt.Sprintf(`{"version":%d,"topic":"x"}`, edu.Version)},
		})
	})
}

func TestAPIWebsitesExportImport(t *testing.T) {
	t.Parallel()
	s := newSite(t, testdb.Backends(t)[0])
	r := mustWorkbook(t, "export", s.api("GET", "/api/v1/websites/export?unit_id="+fmt.Sprint(s.unit("320507105").ID), "office", ""))
	rep := s.uploadBook("/api/v1/websites/import", "office", r.body)
	mustAnswer(t, "re-import of the export", rep, 200, `"unchanged":4`, `"applied":false`)
	bad := sitesBadBook(t)
	rep = s.uploadBook("/api/v1/websites/import?apply=true", "office", bad)
	mustAnswer(t, "bad import", rep, 422, `"line":3,"column":"托管方式"`, `"code":"unprocessable"`)
	if _, err := s.svc.DB().Read().WebsitesByHosts(s.ctx, []string{"good.szxc.gov.cn"}); err != nil {
		t.Fatal(err)
	}
	if ws, _ := s.svc.DB().Read().WebsitesByHosts(s.ctx, []string{"good.szxc.gov.cn"}); len(ws) != 0 {
		t.Error("a bad workbook wrote its good row")
	}
	for _, p := range []string{"/api/v1/websites/template", "/api/v1/new-media/template"} {
		mustWorkbook(t, p, s.api("GET", p, "jiaoyu", ""))
	}
	m := s.api("GET", "/api/v1/new-media/export?kind=douyin", "office", "")
	mustStatus(t, "media export", m, 200)
	rep = s.uploadBook("/api/v1/new-media/import", "office", m.body)
	if rep.status != 200 || !strings.Contains(rep.text(), `"create":0`) || !strings.Contains(rep.text(), `"update":0`) {
		t.Fatalf("media re-import: %d %s", rep.status, rep.body)
	}
}

// sitesBadBook has a good row and a bad one (托管方式 政务云2).
func sitesBadBook(t *testing.T) []byte {
	return workbook(t, app.WebsiteSheet, []any{"good.szxc.gov.cn", "好网站", "区教育局", "", "", "政务云"},
		[]any{"bad.szxc.gov.cn", "坏网站", "区教育局", "", "", "政务云2"})
}

func TestWebsitePages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		wjw, jyj := s.sitesWebsite("wjw.szxc.gov.cn"), s.sitesWebsite("jyj.szxc.gov.cn")
		b := s.login("weijian")
		list := b.get("/websites")
		mustStatus(t, "list", list, 200)
		mustContain(t, "list", list, "wjw.szxc.gov.cn", "PTL-R3", "2019年8月22日")
		mustNotContain(t, "list", list, "jyj.szxc.gov.cn")
		mustStatus(t, "other unit's site", b.get(fmt.Sprintf("/websites/%d", jyj.ID)), 404)
		mustStatus(t, "other unit's edit", b.get(fmt.Sprintf("/websites/%d/edit", jyj.ID)), 404)
		detail := b.get(fmt.Sprintf("/websites/%d", wjw.ID))
		mustStatus(t, "detail", detail, 200)
		mustContain(t, "detail", detail, "区卫生健康委员会网站", "已登记", `id="history"`, "登记网站备案")

		// The form shows a field error and keeps what was typed.
		form := b.get("/websites/new")
		mustStatus(t, "new form", form, 200)
		// Merge targets and systems offered are those the viewer may see.
		mustContain(t, "new form", form, "· wjw.szxc.gov.cn", "XC-SYS-0077")
		mustNotContain(t, "new form", form, "· www.szxc.gov.cn", "· jyj.szxc.gov.cn", "XC-SYS-0001")
		r := b.post("/websites/new", url.Values{"csrf": {b.csrf}, "name": {"健康教育网"}, "host": {"ftp://jkjy.szxc.gov.cn"},
			"unit_id": {fmt.Sprint(s.unit("320507119").ID)}, "hosting": {"gov_cloud"}})
		mustStatus(t, "bad host", r, 422)
		mustContain(t, "bad host", r, "不是有效的域名", "健康教育网")
		r = b.post("/websites/new", url.Values{"csrf": {b.csrf}, "name": {"健康教育网"}, "host": {"http://JKJY.szxc.gov.cn/"},
			"unit_id": {fmt.Sprint(s.unit("320507119").ID)}, "hosting": {"gov_cloud"}, "site_code": {""}})
		mustRedirect(t, "create", r, "/websites/")
		created := b.get(strings.SplitN(r.header.Get("Location"), "?", 2)[0])
		mustContain(t, "created", created, "jkjy.szxc.gov.cn", "未备案", `id="overdue-finding"`, "提交备案", "data-confirm")
		mustNotContain(t, "created", created, "/steps/issue_notice") // the unit may not issue notices

		// Editing with a stale version: 409, the form again.
		cur := s.sitesWebsite("jkjy.szxc.gov.cn")
		r = b.post(fmt.Sprintf("/websites/%d", cur.ID), url.Values{"csrf": {b.csrf}, "version": {fmt.Sprint(cur.Version - 1)}, "name": {"x"},
			"host": {cur.Host}, "unit_id": {fmt.Sprint(cur.UnitID)}, "hosting": {"gov_cloud"}})
		mustStatus(t, "stale edit", r, 409)

		// The office sees the notice step on an unregistered site; an illegal step is a 409 page.
		o := s.login("office")
		page := o.get(fmt.Sprintf("/websites/%d", cur.ID))
		mustContain(t, "office detail", page, "下发关停通知", "关停通知内容", "· www.szxc.gov.cn")
		mustNotContain(t, "office detail", page, "· spaq.szxc.gov.cn") // closed: no merge target
		r = o.post(fmt.Sprintf("/websites/%d/steps/accept", cur.ID), url.Values{"csrf": {o.csrf}, "version": {fmt.Sprint(cur.Version)}})
		mustStatus(t, "accept unsubmitted", r, 409)
		r = o.post(fmt.Sprintf("/websites/%d/steps/issue_notice", cur.ID), url.Values{"csrf": {o.csrf}, "version": {fmt.Sprint(cur.Version)}, "note": {"逾期未登记，请关停"}})
		mustRedirect(t, "notice", r, fmt.Sprintf("/websites/%d", cur.ID))
		mustContain(t, "after notice", o.get(fmt.Sprintf("/websites/%d", cur.ID)), "已下发关停通知", "逾期未登记，请关停")

		// Home to-do: websites unregistered past the deadline, in the viewer's scope.
		home := b.get("/")
		mustContain(t, "home", home, "个网站逾期未登记备案", "/findings?rule=PTL-R3.website-overdue&amp;status=open")
		mustContain(t, "office home", o.get("/"), "个网站备案待登记", "新媒体账号的整合意见待决定")

		// Import through the pages: preview, confirm, result.
		imp := b.get("/websites/import")
		mustStatus(t, "import page", imp, 200)
		book := sitesGoodBook(t)
		prev := b.uploadBook("/websites/import", book)
		mustStatus(t, "preview", prev, 200)
		mustContain(t, "preview", prev, "confirm-import", "wjw3.szxc.gov.cn")
		done := b.post(applyPath(t, prev, "/websites/import"), url.Values{"csrf": {b.csrf}})
		mustStatus(t, "apply", done, 200)
		s.sitesWebsite("wjw3.szxc.gov.cn")
		bad := b.uploadBook("/websites/import", sitesBadBook(t))
		mustStatus(t, "bad preview", bad, 422)
		mustContain(t, "bad preview", bad, "第3行「托管方式」")
		mustWorkbook(t, "export", b.get("/websites/export.xlsx?status=registered"))
	})
}

func sitesGoodBook(t *testing.T) []byte {
	return workbook(t, app.WebsiteSheet, []any{"wjw3.szxc.gov.cn", "卫健委第三网站", "区卫生健康委员会", "", "", "政务云"})
}

func TestMediaPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health, edu := s.sitesMedia(domain.MediaWechatService, "健康相城"), s.sitesMedia(domain.MediaMiniProgram, "相城入学报名")
		b := s.login("weijian")
		list := b.get("/new-media?kind=wechat_service")
		mustStatus(t, "list", list, 200)
		mustContain(t, "list", list, "健康相城", "微信服务号", "PTL-R4")
		mustNotContain(t, "list", list, "相城入学报名", "抖音</td>")
		mustStatus(t, "other unit's", b.get(fmt.Sprintf("/new-media/%d", edu.ID)), 404)
		detail := b.get(fmt.Sprintf("/new-media/%d", health.ID))
		mustContain(t, "detail", detail, "健康相城", "已决定", "保留", "确认已落实", "主办单位：区卫生健康委员会") // history names the unit
		r := b.post("/new-media/new", url.Values{"csrf": {b.csrf}, "kind": {"tiktok"}, "name": {"x"}, "account_id": {"abc"}, "unit_id": {fmt.Sprint(s.unit("320507119").ID)}})
		mustStatus(t, "bad kind", r, 422)
		r = b.post("/new-media/new", url.Values{"csrf": {b.csrf}, "kind": {"weibo"}, "name": {"健康相城微博"}, "account_id": {"5012345678"}, "unit_id": {fmt.Sprint(s.unit("320507119").ID)}, "topic": {"卫生健康"}})
		mustRedirect(t, "create", r, "/new-media/")
		created := b.get(strings.SplitN(r.header.Get("Location"), "?", 2)[0])
		mustContain(t, "created", created, "健康相城微博", "待定", "提出意见")
		mustNotContain(t, "created", created, `/steps/decide"`)
		cur := s.sitesMedia(domain.MediaWeibo, "健康相城微博")
		r = b.post(fmt.Sprintf("/new-media/%d/steps/propose", cur.ID), url.Values{"csrf": {b.csrf}, "version": {fmt.Sprint(cur.Version)}, "decision": {"close"}, "note": {"粉丝少"}})
		mustRedirect(t, "propose", r, fmt.Sprintf("/new-media/%d", cur.ID))
		r = b.post(fmt.Sprintf("/new-media/%d/steps/complete", cur.ID), url.Values{"csrf": {b.csrf}, "version": {fmt.Sprint(cur.Version + 1)}})
		mustStatus(t, "complete a proposal", r, 409)
		o := s.login("office")
		mustContain(t, "office sees the proposal", o.get(fmt.Sprintf("/new-media/%d", cur.ID)), "单位已提出意见", "关停", `/steps/decide"`, `/steps/reject"`)
		imp := o.get("/new-media/import")
		mustStatus(t, "import page", imp, 200)
		mustContain(t, "import page", imp, `/new-media/template.xlsx`)
	})
}

// TestSitePagesInEnglish: every label of the website and new-media pages has its English text.
func TestSitePagesInEnglish(t *testing.T) {
	t.Parallel()
	s := newSite(t, testdb.Backends(t)[0])
	o := s.login("office")
	o.setLang("en")
	for path, want := range map[string][]string{
		"/websites": {"Registration status", "Overdue, unregistered", "Register a website"},
		fmt.Sprintf("/websites/%d", s.sitesWebsite("hzz.swj.szxc.gov.cn").ID): {"Shutdown notice issued", "has a shutdown notice", "History"},
		"/websites/new": {"Government website code", "Merged into"},
		"/new-media":    {"WeChat service account", "Decision", "Any kind"},
		fmt.Sprintf("/new-media/%d", s.sitesMedia(domain.MediaWechatSubscription, "相城卫健").ID): {"Proposed by the unit", "return the proposal", "Merge into another"},
		"/new-media/new": {"Account ID", "Domain"},
	} {
		r := o.get(path)
		mustStatus(t, path, r, 200)
		mustContain(t, path, r, want...)
		mustNotContain(t, path, r, "websites.", "newmedia.", "wstatus.", "mstatus.", "mkind.", "wsaction.", "maction.", "mdecision.")
	}
}
