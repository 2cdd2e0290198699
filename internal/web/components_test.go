package web_test

// The shared component catalog (组件目录, issue 15) through the web: the office adds a component
// on the form (function points one a line, systems chosen in search boxes), every problem at
// once with what was typed kept; publishes it; a unit reads it, and the system's page lists
// it; the same through the JSON API with its refusals; the workbook round trip.

import (
	"fmt"
	"net/url"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// system reads a demo system by code.
func (s *site) system(code string) *domain.System {
	s.t.Helper()
	p, err := s.svc.Systems(s.ctx, app.SystemActor(), app.SystemFilter{Query: code})
	if err != nil {
		s.t.Fatal(err)
	}
	for _, x := range p.Items {
		if x.Code == code {
			return x
		}
	}
	s.t.Fatalf("no system %s", code)
	return nil
}

func TestComponentPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		office := s.login("office")
		data, his := s.unit("320507128"), s.system("XC-SYS-0069")
		mustAnswer(t, "the new component form", office.get("/components/new"), 200, `name="functions"`, `list="component-systems"`, "XC-SYS-0108 统一身份认证平台")

		// Refused: no name, a bad link, a function point too short, an unknown system — all at
		// once, and what was typed stays on the form.
		bad := url.Values{"csrf": {office.csrf}, "name": {""}, "kind": {"identity"}, "unit_id": {fmt.Sprint(data.ID)}, "standard_url": {"ftp://x"},
			"functions": {"单点登录\n单"}, "user_system": {"没有这个系统", ""}}
		r := office.post("/components/new", bad)
		mustAnswer(t, "a refused component", r, 422, "须为以 http:// 或 https:// 开头的完整链接", "功能点“单”须为2至60个字符",
			"找不到信息系统“没有这个系统”", `value="没有这个系统"`, "单点登录\n单")

		good := url.Values{"csrf": {office.csrf}, "name": {"页面测试认证组件"}, "kind": {"identity"}, "unit_id": {fmt.Sprint(data.ID)},
			"system": {"XC-SYS-0108 统一身份认证平台"}, "summary": {"统一登录"}, "functions": {"单点登录\n页面测试核验"}, "access": {"填写申请表"},
			"user_system": {his.Code + " " + his.Name, "", ""}}
		id := createdID(t, "create component", office.post("/components/new", good), "/components/")
		path := fmt.Sprintf("/components/%d", id)
		mustAnswer(t, "the draft's page", office.get(path), 200, "页面测试认证组件", "草稿", "单点登录", "页面测试核验", his.Name, "统一身份认证平台", "发布")
		mustAnswer(t, "the edit form", office.get(path+"/edit"), 200, `value="XC-SYS-0108 统一身份认证平台"`, `value="`+his.Code+" "+his.Name+`"`)

		// A unit does not see the draft, nor may it add components.
		weijian := s.login("weijian")
		mustStatus(t, "a unit opening a draft", weijian.get(path), 404)
		mustStatus(t, "a unit's new-component form", weijian.get("/components/new"), 403)

		mustRedirect(t, "publish", office.post(path+"/steps/publish", url.Values{"csrf": {office.csrf}, "version": {"1"}}), path)
		mustAnswer(t, "the unit reads the published component", weijian.get(path), 200, "已发布", "单点登录")
		mustNotContain(t, "no edit for a unit", weijian.get(path), path+"/edit")
		mustAnswer(t, "the unit's list, searched by function point", weijian.get("/components?q=页面测试核验"), 200, "页面测试认证组件", "共1条")
		mustAnswer(t, "the list filtered by kind", weijian.get("/components?kind=identity&q=页面测试"), 200, "页面测试认证组件")
		mustAnswer(t, "the nav", weijian.get("/components"), 200, `href="/components"`, "组件目录")
		// The system's page lists the components it uses.
		mustAnswer(t, "the system's page", weijian.get(fmt.Sprintf("/systems/%d", his.ID)), 200, "使用的组件", path, "页面测试认证组件")
		// A stale step is refused on the page.
		mustStatus(t, "a stale retire", office.post(path+"/steps/retire", url.Values{"csrf": {office.csrf}, "version": {"1"}}), 409)
	})
}

func TestComponentAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		data, idp := s.unit("320507128"), s.system("XC-SYS-0108")
		body := fmt.Sprintf(`{"name":"接口测试短信组件","kind":"sms","unit_id":%d,"system_id":%d,"functions":["短信发送","验证码"],"user_system_ids":[%d]}`, data.ID, idp.ID, idp.ID)
		s.wantAPIError(s.api("POST", "/api/v1/components", "weijian", body), 403, "forbidden", "", "a unit adding")
		r := s.api("POST", "/api/v1/components", "office", `{"kind":"nope","functions":[],"standard_url":"x"}`)
		s.wantAPIError(r, 422, "invalid", "name", "every problem at once")
		mustContain(t, "every problem at once", r, `"kind"`, `"functions"`, `"standard_url"`, `"unit_id"`)

		var c domain.Component
		s.apiJSON("POST", "/api/v1/components", "office", body, &c)
		if c.Status != domain.CompDraft || len(c.UserSystems) != 1 || c.UserSystems[0].Code != "XC-SYS-0108" || c.SystemName != idp.Name {
			t.Fatalf("created: %+v", c)
		}
		path := fmt.Sprintf("/api/v1/components/%d", c.ID)
		s.wantAPIError(s.api("GET", path, "weijian", ""), 404, "not_found", "", "a unit reading a draft")
		r = s.api("POST", path+"/transition", "office", fmt.Sprintf(`{"action":"publish","version":%d}`, c.Version))
		s.wantAPIError(r, 422, "invalid", "summary", "publish without a summary")
		mustContain(t, "publish without the access procedure", r, `"access"`)
		s.apiJSON("PATCH", path, "office", fmt.Sprintf(`{"version":%d,"summary":"短信","access":"申请"}`, c.Version), &c)
		s.wantAPIError(s.api("PATCH", path, "office", fmt.Sprintf(`{"version":%d}`, c.Version-1)), 409, "conflict", "", "a stale edit")
		s.apiJSON("POST", path+"/transition", "office", fmt.Sprintf(`{"action":"publish","version":%d}`, c.Version), &c)
		if c.Status != domain.CompPublished {
			t.Fatalf("published: %s", c.Status)
		}
		var got domain.Component
		s.apiJSON("GET", path, "weijian", "", &got)
		s.wantAPIError(s.api("POST", path+"/transition", "weijian", fmt.Sprintf(`{"action":"retire","version":%d}`, c.Version)), 403, "forbidden", "", "a unit retiring")
		var list struct{ Items []domain.Component }
		s.apiJSON("GET", fmt.Sprintf("/api/v1/components?system_id=%d&q=短信", idp.ID), "weijian", "", &list)
		if len(list.Items) != 1 || list.Items[0].ID != c.ID {
			t.Fatalf("list by user system: %+v", list.Items)
		}
		var hist struct{ Items []struct{ Action string } }
		s.apiJSON("GET", path+"/history", "weijian", "", &hist)
		if len(hist.Items) != 3 || hist.Items[0].Action != "component.publish" {
			t.Fatalf("history: %+v", hist.Items)
		}
		mustWorkbook(t, "the export", s.api("GET", "/api/v1/components/export?q=接口测试", "weijian", ""))
		mustWorkbook(t, "the template", s.api("GET", "/api/v1/components/template", "weijian", ""))
	})
}
