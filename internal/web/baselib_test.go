package web_test

// The base libraries (SHR-P2, SHR-R5) through the JSON API and the pages, on the demo district:
// every user reads them; the office edits them, with its refusals; a unit sees the district's
// docking counts but only its own systems.

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func (s *site) library(code domain.BaseLibrary) *domain.Library {
	s.t.Helper()
	l, err := s.svc.DB().Read().BaseLibraryByCode(s.ctx, code)
	if err != nil {
		s.t.Fatalf("library %s: %v", code, err)
	}
	return l
}

func TestAPIBaseLibraries(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		pop := s.library(domain.LibPopulation)
		path := fmt.Sprintf("/api/v1/base-libraries/%d", pop.ID)
		health := s.unit("320507119")
		runAPICases(t, s, []apiCase{
			{name: "list", method: "GET", path: "/api/v1/base-libraries", actor: "yuanhe", want: 200,
				has: []string{`"code":"population"`, "苏州市公安局相城分局", `"code":"license"`, "区行政审批局", `"not_docked":`}},
			{name: "list without a token", method: "GET", path: "/api/v1/base-libraries", want: 401},
			{name: "detail", method: "GET", path: path, actor: "weijian", want: 200,
				has: []string{"苏州市公安局相城分局", `"entry_list":[{`, `"all_systems":false`, `"system_list":{`}},
			{name: "detail office", method: "GET", path: path, actor: "office", want: 200, has: []string{`"all_systems":true`}},
			{name: "missing", method: "GET", path: "/api/v1/base-libraries/999999", actor: "weijian", want: 404},
			{name: "unit edits", method: "PUT", path: path, actor: "weijian_head", body: fmt.Sprintf(`{"version":%d,"name":"越权"}`, pop.Version), want: 403},
			{name: "no provider", method: "PUT", path: path, actor: "office", body: fmt.Sprintf(`{"version":%d,"provider_unit_id":0}`, pop.Version),
				want: 422, has: []string{`"field":"provider_unit_id"`}},
			{name: "no name", method: "PUT", path: path, actor: "office", body: fmt.Sprintf(`{"version":%d,"name":""}`, pop.Version),
				want: 422, has: []string{`"field":"name"`}},
			{name: "stale", method: "PUT", path: path, actor: "office", body: `{"version":99,"name":"人口基础库"}`, want: 409},
			{name: "unknown field", method: "PUT", path: path, actor: "office", body: fmt.Sprintf(`{"version":%d,"code":"macro"}`, pop.Version), want: 400},
			{name: "catalog filter", method: "GET", path: "/api/v1/catalog?base_library=population&limit=5", actor: "yuanhe", want: 200, has: []string{`"base_library":"population"`},
				hasNot: []string{`"base_library":"legal_person"`}},
			// A malformed code is a bad request; a well-formed code no library has finds nothing.
			{name: "catalog filter malformed", method: "GET", path: "/api/v1/catalog?base_library=Macro%21", actor: "yuanhe", want: 422, has: []string{`"field":"base_library"`}},
			{name: "catalog filter unknown", method: "GET", path: "/api/v1/catalog?base_library=macro", actor: "yuanhe", want: 200, has: []string{`"items":[]`}},
		})
		if got := s.library(domain.LibPopulation); got.Version != pop.Version {
			t.Fatalf("a refused edit changed the library: %+v", got)
		}
		var l domain.Library
		s.apiJSON("PUT", path, "office", fmt.Sprintf(`{"version":%d,"description":"实有人口","contributor_unit_ids":[%d]}`, pop.Version, health.ID), &l)
		if l.Version != pop.Version+1 || l.Description != "实有人口" || l.ProviderUnitID != pop.ProviderUnitID || len(l.ContributorUnitIDs) != 1 {
			t.Fatalf("edited %+v", l)
		}
		if rec := s.lastAudit(); rec.Action != "baselibrary.update" || rec.Actor != "office" {
			t.Fatalf("audit %+v", rec)
		}
	})
}

func TestBaseLibraryPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		pop := s.library(domain.LibPopulation)
		page := fmt.Sprintf("/base-libraries/%d", pop.ID)

		// A unit's contact: the list and the page, no edit button, only its own systems.
		b := s.login("weijian")
		r := b.get("/base-libraries")
		mustAnswer(t, "list", r, 200, "人口库", "苏州市公安局相城分局", `href="/base-libraries"`)
		r = b.get(page)
		if r.status != 200 || strings.Contains(r.text(), "/edit\"") || !strings.Contains(r.text(), "docking-counts") ||
			!strings.Contains(r.text(), "下表仅列出本单位的系统") {
			t.Fatalf("page: %d\n%s", r.status, r.body)
		}
		d, err := s.svc.BaseLibraryDetail(s.ctx, app.SystemActor(), pop.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		health := s.unit("320507119").ID
		for _, ss := range d.Systems {
			for _, sys := range ss {
				if sys.UnitID != health && strings.Contains(r.text(), sys.SystemCode) {
					t.Fatalf("weijian sees %s of another unit", sys.SystemName)
				}
			}
		}
		mustStatus(t, "unit opens the edit form", b.get(page+"/edit"), http.StatusForbidden)
		if r := b.post(page+"/edit", url.Values{"csrf": {b.csrf}, "version": {fmt.Sprint(pop.Version)}, "name": {"越权"},
			"provider_unit_id": {fmt.Sprint(health)}}); r.status != http.StatusForbidden {
			t.Fatalf("unit posts the edit form: %d", r.status)
		}

		// The office: the edit form, a field error, then the edit and its history.
		o := s.login("office")
		r = o.get(page)
		mustAnswer(t, "office page", r, 200, page+"/edit")
		r = o.get(page + "/edit")
		mustAnswer(t, "edit form", r, 200, `name="provider_unit_id"`)
		form := url.Values{"csrf": {o.csrf}, "version": {fmt.Sprint(pop.Version)}, "name": {"人口基础库"}, "name_en": {"Population"},
			"description": {"实有人口"}, "provider_unit_id": {"0"}, "active": {"1"}}
		r = o.post(page+"/edit", form)
		mustAnswer(t, "no provider", r, http.StatusUnprocessableEntity, "须指定权威来源部门", `value="人口基础库"`)
		// A refused edit that cleared the name still names the library as saved in its title.
		form.Set("name", "")
		r = o.post(page+"/edit", form)
		mustAnswer(t, "cleared name", r, http.StatusUnprocessableEntity, "<title>编辑基础库："+pop.Name)
		form.Set("name", "人口基础库")
		form.Set("provider_unit_id", fmt.Sprint(pop.ProviderUnitID))
		form["contributor_unit_ids"] = []string{fmt.Sprint(health)}
		r = o.post(page+"/edit", form)
		if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), page) {
			t.Fatalf("save: %d %s\n%s", r.status, r.header.Get("Location"), r.body)
		}
		r = o.post(page+"/edit", form) // the same version again: stale
		mustStatus(t, "stale save", r, http.StatusConflict)
		r = o.get(page)
		if !strings.Contains(r.text(), "人口基础库") || !strings.Contains(r.text(), "区卫生健康委员会") || !strings.Contains(r.text(), "修改基础库") {
			t.Fatalf("after the edit:\n%s", r.body)
		}
		// A library without its provider (the demo's 社会信用库, as after migration 0014 before the
		// office assigns one, SHR-R5) is on the office's to-do list, and on nobody else's; assigned,
		// it is off the list.
		if r = o.get("/"); !strings.Contains(r.text(), "1个基础库尚未指定权威来源部门") {
			t.Fatalf("office home without the to-do:\n%s", r.body)
		}
		if r = b.get("/"); strings.Contains(r.text(), "尚未指定权威来源部门") {
			t.Fatal("the unit sees the office's to-do")
		}
		credit, ndrc := s.library(domain.LibCredit), s.unit("320507103").ID
		if _, err := s.svc.UpdateBaseLibrary(s.ctx, app.SystemActor(), credit.ID, app.BaseLibraryEdit{Version: credit.Version, ProviderUnitID: &ndrc}); err != nil {
			t.Fatal(err)
		}
		if r = o.get("/"); strings.Contains(r.text(), "尚未指定权威来源部门") {
			t.Fatal("to-do with every provider assigned")
		}
		// The catalog list filtered by the library.
		if r = o.get("/catalog?base_library=population"); r.status != 200 || !strings.Contains(r.text(), `<option value="population" selected>`) {
			t.Fatalf("catalog filter: %d", r.status)
		}
	})
}
