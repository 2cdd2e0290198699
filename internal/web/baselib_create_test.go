package web_test

// Adding a base library (issue 4) through the API and the pages: the office only, with its
// refusals; the added library then appears wherever a library is chosen or filtered on.

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"archgov/internal/demo"
	"archgov/internal/domain"
)

func TestAPIBaseLibraryCreate(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		stats := s.unit("320507124")
		body := func(code, name string, provider int64) string {
			return fmt.Sprintf(`{"code":%q,"name":%q,"name_en":"Macro economy","provider_unit_id":%d}`, code, name, provider)
		}
		runAPICases(t, s, []apiCase{
			{name: "unit adds", method: "POST", path: "/api/v1/base-libraries", actor: "weijian_head", body: body("macro_economy", "宏观经济库", stats.ID), want: 403},
			{name: "bad code", method: "POST", path: "/api/v1/base-libraries", actor: "office", body: body("Macro-Economy", "宏观经济库", stats.ID),
				want: 422, has: []string{`"field":"code"`}},
			{name: "code taken", method: "POST", path: "/api/v1/base-libraries", actor: "office", body: body("population", "人口库二", stats.ID),
				want: 422, has: []string{`"field":"code"`}},
			{name: "no provider", method: "POST", path: "/api/v1/base-libraries", actor: "office", body: body("macro_economy", "宏观经济库", 0),
				want: 422, has: []string{`"field":"provider_unit_id"`}},
			{name: "no name", method: "POST", path: "/api/v1/base-libraries", actor: "office", body: body("macro_economy", "", stats.ID),
				want: 422, has: []string{`"field":"name"`}},
		})
		// Refusals write nothing (the last record is the API token of a caller, not a library).
		if got := s.lastAudit(); got.Action == "baselibrary.create" {
			t.Fatalf("a refusal wrote %+v", got)
		}
		if _, err := s.svc.DB().Read().BaseLibraryByCode(s.ctx, "macro_economy"); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("a refusal added the library: %v", err)
		}
		r := s.api("POST", "/api/v1/base-libraries", "office", body("macro_economy", "宏观经济库", stats.ID))
		mustAnswer(t, "add", r, http.StatusCreated, `"code":"macro_economy"`, stats.Name)
		if rec := s.lastAudit(); rec.Action != "baselibrary.create" || rec.Actor != "office" {
			t.Fatalf("audit %+v", rec)
		}
		// The list, the catalog filter and the feedback route know it.
		runAPICases(t, s, []apiCase{
			{name: "listed", method: "GET", path: "/api/v1/base-libraries", actor: "weijian", want: 200, has: []string{`"code":"macro_economy"`, "宏观经济库"}},
			{name: "entry feeds it", method: "POST", path: "/api/v1/catalog", actor: "weijian", want: 201, has: []string{`"base_library":"macro_economy"`},
				body: fmt.Sprintf(`{"class":"3","item":"19","catalog":"001","name":"卫生经济统计","provider_unit_id":%d,"summary":"卫生总费用","format":"database",
					"share_type":"unconditional","share_channel":"platform","share_form":"api","update_cycle":"yearly","base_library":"macro_economy",
					"items":[{"name":"年度","column":"year","type":"number","length":4,"primary_key":true}]}`, s.unit("320507119").ID)},
			{name: "unknown library", method: "POST", path: "/api/v1/feedback", actor: "jiaoyu", want: 422, has: []string{`"field":"library"`},
				body: fmt.Sprintf(`{"reporter_unit_id":%d,"library":"weather","kind":"other","description":"x"}`, s.unit("320507105").ID)},
			{name: "report to its provider", method: "POST", path: "/api/v1/feedback", actor: "jiaoyu", want: 201,
				has:  []string{`"library":"macro_economy"`, fmt.Sprintf(`"provider_unit_id":%d`, stats.ID)},
				body: fmt.Sprintf(`{"reporter_unit_id":%d,"library":"macro_economy","kind":"outdated","description":"2025年数据未更新"}`, s.unit("320507105").ID)},
		})
	})
}

func TestBaseLibraryCreatePages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		stats := s.unit("320507124")
		b := s.login("weijian")
		if r := b.get("/base-libraries"); r.status != 200 || strings.Contains(r.text(), "/base-libraries/new") {
			t.Fatalf("unit list offers adding: %d", r.status)
		}
		mustStatus(t, "unit opens the form", b.get("/base-libraries/new"), http.StatusForbidden)
		o := s.login("office")
		mustAnswer(t, "office list", o.get("/base-libraries"), 200, `href="/base-libraries/new"`)
		mustAnswer(t, "form", o.get("/base-libraries/new"), 200, `name="code"`)
		form := url.Values{"csrf": {o.csrf}, "code": {"population"}, "name": {"宏观经济库"}, "name_en": {"Macro economy"},
			"description": {"宏观经济统计数据"}, "provider_unit_id": {fmt.Sprint(stats.ID)}}
		r := o.post("/base-libraries/new", form)
		mustAnswer(t, "code taken", r, http.StatusUnprocessableEntity, "已被其他基础库使用", `value="宏观经济库"`)
		form.Set("code", "macro_economy")
		r = o.post("/base-libraries/new", form)
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/base-libraries/") {
			t.Fatalf("add: %d %s\n%s", r.status, r.header.Get("Location"), r.body)
		}
		if r := o.get("/base-libraries"); !strings.Contains(r.text(), "宏观经济库") || !strings.Contains(r.text(), stats.Name) {
			t.Fatalf("list after adding:\n%s", r.body)
		}

		// Every place a library is chosen or filtered on offers it, by its name.
		option := `<option value="macro_economy"`
		sysID := s.planSystem("XC-LIB-NEW-1", "gov_cloud", "")
		for _, page := range []string{"/catalog", "/catalog/new", "/systems/" + itoa(int(sysID)) + "/edit",
			"/systems/" + itoa(int(sysID)) + "/docking-plans/new", "/feedback/new?library=macro_economy"} {
			r := b.get(page)
			text := r.text()
			if page == "/systems/"+itoa(int(sysID))+"/edit" {
				option = `name="base_macro_economy"`
			} else {
				option = `<option value="macro_economy"`
			}
			if r.status != 200 || !strings.Contains(text, option) || !strings.Contains(text, "宏观经济库") {
				t.Fatalf("%s does not offer the added library: %d\n%s", page, r.status, r.body)
			}
		}
		// The system form saves its base-data use; the docking form plans to dock to it.
		r = b.get("/systems/" + itoa(int(sysID)) + "/edit")
		if r.status != 200 {
			t.Fatal(r.status)
		}
		var sys domain.System
		s.apiJSON(http.MethodPatch, "/api/v1/systems/"+itoa(int(sysID)), "weijian",
			`{"version":1,"base_data":[{"library":"macro_economy","state":"own_copy"}]}`, &sys)
		if sys.BaseDataState("macro_economy") != domain.DockOwnCopy {
			t.Fatalf("base data %+v", sys.BaseData)
		}
		r = b.post("/systems/"+itoa(int(sysID))+"/docking-plans/new", url.Values{"csrf": {b.csrf}, "library": {"macro_economy"},
			"standard_id": {itoa(int(s.standard(demo.StdExchange).ID))}, "node": {"om"}, "planned_date": {"2027-06-30"}})
		mustStatus(t, "docking plan", r, http.StatusSeeOther)
		if r := b.get("/systems/" + itoa(int(sysID))); !strings.Contains(r.text(), "宏观经济库") {
			t.Fatalf("system page does not name the library:\n%s", r.body)
		}
	})
}
