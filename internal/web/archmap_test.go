package web_test

import (
	"fmt"
	"net/url"
	"testing"

	"archgov/internal/app"
)

// The architecture map (issue 12) through the page and the JSON API on the demo district: the
// office's district map groups the applications per unit, a unit's people see their own
// systems and never another unit's, and a bad unit filter is refused with a message naming it.
func TestArchitectureMapPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health, edu := s.unit("320507119"), s.unit("320507105")

		// The office: the whole district, applications one node per unit, the layers' table.
		office := s.login("office")
		page := office.get("/architecture-map")
		mustAnswer(t, "office's map", page, 200, "电子政务架构图", `id="archmap-data"`, "/static/archmap.js", "/static/vendor/echarts-6.1.0.min.js",
			"区数据交换共享平台", "人口库", "区政务云", "按单位合并", fmt.Sprintf(`href="/architecture-map?unit_id=%d"`, edu.ID), "SHR-R8")
		mustNotContain(t, "office's map", page, "<script>") // CSP: no inline script
		mustContain(t, "nav", page, `href="/architecture-map"`)

		// A unit's contact: its own systems one by one, another unit's never, even asked for.
		weijian := s.login("weijian")
		page = weijian.get("/architecture-map")
		mustAnswer(t, "weijian's map", page, 200, "全民健康信息平台", "社区卫生服务中心HIS", "▲未上云")
		mustNotContain(t, "weijian's map", page, "区学籍管理系统", "按单位合并")
		page = weijian.get(fmt.Sprintf("/architecture-map?unit_id=%d", edu.ID))
		mustAnswer(t, "weijian's map of 教育局", page, 200, "人口库")
		mustNotContain(t, "weijian's map of 教育局", page, "区学籍管理系统", "全民健康信息平台")

		// The API answers the same map; the filter names a unit.
		var m app.ArchMap
		s.apiJSON("GET", fmt.Sprintf("/api/v1/architecture-map?unit_id=%d", health.ID), "office", "", &m)
		if len(m.Layers) != 4 || m.Systems == 0 {
			t.Fatalf("health's map: %d layers, %d systems", len(m.Layers), m.Systems)
		}
		for _, n := range m.Nodes {
			if n.Kind == app.NodeSystem && n.UnitID != health.ID {
				t.Errorf("health's map shows %s of unit %d", n.Name, n.UnitID)
			}
			if n.Kind == app.NodeCloud && n.Name != "区政务云" {
				t.Errorf("cloud node named %q", n.Name)
			}
		}
		r := s.api("GET", "/api/v1/architecture-map", "weijian", "", "Accept-Language", "en")
		mustStatus(t, "weijian's map in English", r, 200)
		mustContain(t, "weijian's map in English", r, `"District government cloud"`, `"Infrastructure"`)

		// Refusals: not a number, no such unit — 422 naming unit_id, on the page and the API.
		msg := s.wantAPIError(s.api("GET", "/api/v1/architecture-map?unit_id=abc", "weijian", ""), 422, "invalid", "unit_id", "unit_id not a number")
		if msg == "" {
			t.Error("no message")
		}
		msg = s.wantAPIError(s.api("GET", "/api/v1/architecture-map?unit_id=987654", "office", ""), 422, "invalid", "unit_id", "no such unit")
		if msg != "所属单位：没有这个单位" {
			t.Errorf("message %q", msg)
		}
		page = office.get("/architecture-map?" + url.Values{"unit_id": {"987654"}}.Encode())
		mustAnswer(t, "page with no such unit", page, 422, "没有这个单位")
	})
}
