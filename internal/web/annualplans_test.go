package web_test

// The units' annual plans over HTTP: the path from draft to the district plan through the API,
// with the refusals and their statuses (every answer validated against the OpenAPI document).

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"archgov/internal/domain"
)

// The plans of these tests are of 2028, a year the demo district has no plans of (its own are
// 2027's, demo.Plans).
func TestAnnualPlansAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := s.unit("320507119")
		var p domain.AnnualPlan
		s.apiJSON("POST", "/api/v1/annual-plans", "weijian", fmt.Sprintf(`{"unit_id":%d,"year":2028,"items":[]}`, health.ID), &p)
		if p.Status != domain.APDraft || p.Year != 2028 {
			t.Fatalf("created %+v", p)
		}
		path := func(rest string) string { return fmt.Sprintf("/api/v1/annual-plans/%d%s", p.ID, rest) }
		step := func(action, note string, v int64) string {
			return fmt.Sprintf(`{"version":%d,"action":%q,"note":%q}`, v, action, note)
		}
		items := `[{"name":"卫健数据上云","kind":"new","budget":800000,"funding":"区财政","category":"cloud_migration","brief":"迁移","system_ids":[]},
			{"name":"机房关停","kind":"renovate","budget":200000,"funding":"区财政","category":"room_closure","brief":"","system_ids":[]}]`
		runAPICases(t, s, []apiCase{
			{name: "another unit's plan", method: "GET", path: path(""), actor: "jiaoyu", want: 404},
			{name: "another unit's edit", method: "PATCH", path: path(""), actor: "jiaoyu", body: `{"version":1,"items":[]}`, want: 404},
			{name: "second plan of the year", method: "POST", path: "/api/v1/annual-plans", actor: "weijian", body: fmt.Sprintf(`{"unit_id":%d,"year":2028,"items":[]}`, health.ID), want: 422, has: []string{`"field":"year"`}},
			{name: "send without items", method: "POST", path: path("/transition"), actor: "weijian", body: step("send", "", 1), want: 422, has: []string{`"field":"items"`}},
			{name: "bad item", method: "PATCH", path: path(""), actor: "weijian", body: `{"version":1,"items":[{"name":"","kind":"x","budget":1,"funding":"","category":"general","brief":"","system_ids":[]}]}`, want: 422, has: []string{`"field":"items.0.name"`}},
			{name: "stale version", method: "PATCH", path: path(""), actor: "weijian", body: `{"version":7,"items":[]}`, want: 409},
			{name: "edit", method: "PATCH", path: path(""), actor: "weijian", body: `{"version":1,"items":` + items + `}`, want: 200, has: []string{`"item_count":2`, `"total":1000000`}},
			{name: "illegal step", method: "POST", path: path("/transition"), actor: "office", body: step("accept", "", 2), want: 409},
			{name: "send", method: "POST", path: path("/transition"), actor: "weijian", body: step("send", "", 2), want: 200, has: []string{`"status":"leader_review"`}},
			{name: "return without comments", method: "POST", path: path("/transition"), actor: "leader", body: step("return", "", 3), want: 422, has: []string{`"field":"note"`}},
			{name: "return", method: "POST", path: path("/transition"), actor: "leader", body: step("return", "补充依据", 3), want: 200, has: []string{`"status":"draft"`}},
			{name: "send again", method: "POST", path: path("/transition"), actor: "weijian", body: step("send", "", 4), want: 200},
			{name: "unit approves itself", method: "POST", path: path("/transition"), actor: "weijian", body: step("approve", "", 5), want: 403},
			{name: "approve", method: "POST", path: path("/transition"), actor: "leader", body: step("approve", "", 5), want: 200},
			{name: "submit", method: "POST", path: path("/transition"), actor: "weijian", body: step("submit", "", 6), want: 200},
			{name: "accept", method: "POST", path: path("/transition"), actor: "office", body: step("accept", "", 7), want: 200, has: []string{`"status":"accepted"`}},
			{name: "history", method: "GET", path: path("/history"), actor: "weijian", want: 200, has: []string{`annualplan.return`, `补充依据`, `annualplan.accept`}},
			{name: "list by year", method: "GET", path: "/api/v1/annual-plans?year=2028&status=accepted", actor: "leader", want: 200, has: []string{`"total":1000000`}},
			{name: "list other year", method: "GET", path: "/api/v1/annual-plans?year=2031", actor: "office", want: 200, has: []string{`"items":[]`}},
		})
	})
}

func TestAnnualPlanPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := s.unit("320507119")
		wj, ld, of := s.login("weijian"), s.login("leader"), s.login("office")
		// The list offers the new-plan form to the unit; creating leads to the plan's page.
		if r := wj.get("/annual-plans"); r.status != 200 || !strings.Contains(r.text(), `action="/annual-plans/new"`) {
			t.Fatalf("list: %d", r.status)
		}
		r := wj.post("/annual-plans/new", url.Values{"csrf": {wj.csrf}, "unit_id": {fmt.Sprint(health.ID)}, "year": {"2028"}})
		if r.status != 303 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		var l struct{ Items []domain.AnnualPlan }
		s.apiJSON("GET", "/api/v1/annual-plans?year=2028", "weijian", "", &l)
		if len(l.Items) != 1 {
			t.Fatalf("plans %+v", l.Items)
		}
		path := fmt.Sprintf("/annual-plans/%d", l.Items[0].ID)
		// The items form: a bad budget is refused on the page naming the row's field; then saved.
		bad := wj.post(path, url.Values{"csrf": {wj.csrf}, "version": {"1"}, "item_name": {"上云", ""}, "item_kind": {"new", "new"},
			"item_category": {"cloud_migration", "general"}, "item_budget": {"12x", ""}, "item_funding": {"", ""}, "item_brief": {"", ""}, "item_systems": {"", ""}})
		if bad.status != 422 || !strings.Contains(bad.text(), "items.0.budget") {
			t.Fatalf("bad budget: %d", bad.status)
		}
		ok := wj.post(path, url.Values{"csrf": {wj.csrf}, "version": {"1"}, "item_name": {"上云", "网站整合", ""}, "item_kind": {"new", "upgrade", "new"},
			"item_category": {"cloud_migration", "website_merging", "general"}, "item_budget": {"600000", "150000", ""},
			"item_funding": {"区财政", "区财政", ""}, "item_brief": {"", "", ""}, "item_systems": {"", "", ""}})
		if ok.status != 303 {
			t.Fatalf("save items: %d %s", ok.status, ok.body)
		}
		// Steps from the page: returning without comments is refused on the page.
		for _, st := range []struct {
			b      *browser
			action string
			ver    string
			note   string
			want   int
		}{{wj, "send", "2", "", 303}, {ld, "return", "3", "", 422}, {ld, "approve", "3", "", 303}, {wj, "submit", "4", "", 303}, {of, "accept", "5", "", 303}} {
			r := st.b.post(path+"/steps/"+st.action, url.Values{"csrf": {st.b.csrf}, "version": {st.ver}, "note": {st.note}})
			if r.status != st.want {
				t.Fatalf("%s: %d, want %d", st.action, r.status, st.want)
			}
		}
		page := wj.get(path)
		if page.status != 200 || !strings.Contains(page.text(), "750000") || !strings.Contains(page.text(), "id=\"history\"") {
			t.Fatalf("plan page: %d", page.status)
		}
		// The district plan: the page and the workbook, with the totals.
		d := of.get("/annual-plans/district?year=2028")
		if d.status != 200 || !strings.Contains(d.text(), health.Name) || !strings.Contains(d.text(), "750000") {
			t.Fatalf("district page: %d", d.status)
		}
		x := of.get("/annual-plans/district.xlsx?year=2028")
		if x.status != 200 {
			t.Fatalf("district workbook: %d", x.status)
		}
		f, err := excelize.OpenReader(bytes.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sh := f.GetSheetName(0)
		for cell, want := range map[string]string{"A3": health.Name, "C3": "600000", "E3": "150000", "G3": "750000", "G4": "750000", "A4": "合计"} {
			if v, _ := f.GetCellValue(sh, cell); v != want {
				t.Errorf("%s = %q, want %q", cell, v, want)
			}
		}
	})
}
