package web_test

// The units' annual plans over HTTP: the path from draft to the district plan through the API,
// with the refusals and their statuses (every answer validated against the OpenAPI document).

import (
	"fmt"
	"testing"

	"archgov/internal/domain"
)

func TestAnnualPlansAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := s.unit("320507119")
		var p domain.AnnualPlan
		s.apiJSON("POST", "/api/v1/annual-plans", "weijian", fmt.Sprintf(`{"unit_id":%d,"year":2027,"items":[]}`, health.ID), &p)
		if p.Status != domain.APDraft || p.Year != 2027 {
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
			{name: "second plan of the year", method: "POST", path: "/api/v1/annual-plans", actor: "weijian", body: fmt.Sprintf(`{"unit_id":%d,"year":2027,"items":[]}`, health.ID), want: 422, has: []string{`"field":"year"`}},
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
			{name: "list by year", method: "GET", path: "/api/v1/annual-plans?year=2027&status=accepted", actor: "leader", want: 200, has: []string{`"total":1000000`}},
			{name: "list other year", method: "GET", path: "/api/v1/annual-plans?year=2031", actor: "office", want: 200, has: []string{`"items":[]`}},
		})
	})
}
