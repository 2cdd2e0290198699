package app_test

import (
	"fmt"
	"slices"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// The architecture map (issue 12) on the demo district: the layers, an edge the registries
// record, the flags read from the rules' findings (ENV-P1, SHR-R8), the unit groups of the
// district's map, and the scope: a unit user's map holds none of another unit's systems.

func mapNode(m *app.ArchMap, id string) *app.MapNode {
	for i := range m.Nodes {
		if m.Nodes[i].ID == id {
			return &m.Nodes[i]
		}
	}
	return nil
}

func mapEdge(m *app.ArchMap, from, to string) *app.MapEdge {
	for i := range m.Edges {
		if m.Edges[i].Source == from && m.Edges[i].Target == to {
			return &m.Edges[i]
		}
	}
	return nil
}

func TestArchitectureMap(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu := e.unit("320507119").ID, e.unit("320507105").ID
		platform := fmt.Sprintf("system:%d", e.sitesSystemID("XC-SYS-0069")) // 全民健康信息平台: platform, on the cloud, docked to 人口库
		his := e.sitesSystemID("XC-SYS-0071")                                // 社区卫生服务中心HIS: in a unit room, its own copy of 人口库
		emergency := e.sitesSystemID("XC-SYS-0076")                          // 120急救指挥调度系统: 人口库 not docked

		// The health commission's contact: its own systems one by one, the shared layers.
		m, err := e.svc.ArchitectureMap(e.ctx, e.actor("weijian"), app.MapQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var layers []app.MapLayer
		for _, l := range m.Layers {
			layers = append(layers, l.Layer)
			if l.Grouped {
				t.Errorf("a unit's %d systems grouped in layer %s", m.Systems, l.Layer)
			}
		}
		if !slices.Equal(layers, app.MapLayers) {
			t.Fatalf("layers %v", layers)
		}
		p := mapNode(m, platform)
		if p == nil || p.Layer != app.LayerPlatform || p.Href == "" {
			t.Fatalf("全民健康信息平台: %+v", p)
		}
		if ed := mapEdge(m, platform, "library:population"); ed == nil || ed.Kind != app.EdgeDocked {
			t.Errorf("全民健康信息平台 → 人口库: %+v, want docked", ed)
		}
		if ed := mapEdge(m, platform, "cloud"); ed == nil || ed.Kind != app.EdgeHosted {
			t.Errorf("全民健康信息平台 → 政务云: %+v", ed)
		}
		if ed := mapEdge(m, platform, "exchange"); ed == nil {
			t.Error("全民健康信息平台 exchanges through the district platform (SHR-P1): no edge")
		}
		h := mapNode(m, fmt.Sprintf("system:%d", his))
		if h == nil || h.Layer != app.LayerApplication {
			t.Fatalf("HIS: %+v", h)
		}
		hisSys, err := e.svc.System(e.ctx, e.actor("weijian"), his)
		if err != nil {
			t.Fatal(err)
		}
		if ed := mapEdge(m, h.ID, fmt.Sprintf("room:%d", hisSys.RoomID)); hisSys.RoomID == 0 || ed == nil || ed.Kind != app.EdgeHosted {
			t.Errorf("HIS → its room %d: %+v", hisSys.RoomID, ed)
		}
		if ed := mapEdge(m, fmt.Sprintf("system:%d", emergency), "library:population"); ed == nil || ed.Kind == app.EdgeDocked {
			t.Errorf("120急救 → 人口库: %+v, want undocked", ed)
		}

		// The flags are the rules' findings: every system node agrees with the findings list.
		live := func(rule string) map[int64]bool {
			fs, err := e.svc.Findings(e.ctx, e.actor("weijian"), app.FindingFilter{Kind: domain.SubjectSystem, RuleID: rule, Limit: 500})
			if err != nil {
				t.Fatal(err)
			}
			out := map[int64]bool{}
			for _, f := range fs.Items {
				out[f.SubjectID] = true
			}
			return out
		}
		offCloud, undocked := live(domain.RuleOffCloud), live(domain.RuleUndocked)
		var nOff, nUndocked, nFindings int
		for _, n := range m.Nodes {
			if n.Kind != app.NodeSystem {
				continue
			}
			if n.UnitID != health {
				t.Errorf("weijian sees %s of unit %d", n.Name, n.UnitID)
			}
			if (n.OffCloud == 1) != offCloud[n.RecordID] || (n.Undocked == 1) != undocked[n.RecordID] {
				t.Errorf("%s: off_cloud %d undocked %d, findings say %v %v", n.Name, n.OffCloud, n.Undocked, offCloud[n.RecordID], undocked[n.RecordID])
			}
			nOff, nUndocked, nFindings = nOff+n.OffCloud, nUndocked+n.Undocked, nFindings+n.Findings
		}
		if h.OffCloud != 1 || nUndocked == 0 || nFindings == 0 {
			t.Errorf("HIS off-cloud %d; %d undocked, %d open findings on the map: the demo has both", h.OffCloud, nUndocked, nFindings)
		}

		// Scope: another unit's systems stay out, even when asked for by the filter.
		other, err := e.svc.ArchitectureMap(e.ctx, e.actor("weijian"), app.MapQuery{UnitID: edu})
		if err != nil {
			t.Fatal(err)
		}
		if other.Systems != 0 || mapNode(other, fmt.Sprintf("system:%d", e.sitesSystemID("XC-SYS-0019"))) != nil {
			t.Errorf("weijian's map of 教育局 shows %d systems", other.Systems)
		}
		if mapNode(other, "library:population") == nil || mapNode(other, "cloud") == nil {
			t.Error("the shared layers are every login's")
		}

		// The office's district map groups the applications per unit; choosing the unit shows them.
		d, err := e.svc.ArchitectureMap(e.ctx, e.actor("office"), app.MapQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if !d.Layers[1].Grouped || d.Systems <= app.GroupAbove {
			t.Fatalf("the district's %d systems, layers %+v", d.Systems, d.Layers)
		}
		g := mapNode(d, fmt.Sprintf("unit:%d:application", edu))
		u, err := e.svc.ArchitectureMap(e.ctx, e.actor("office"), app.MapQuery{UnitID: edu})
		if err != nil {
			t.Fatal(err)
		}
		var apps int
		for _, n := range u.Nodes {
			if n.Kind == app.NodeSystem && n.Layer == app.LayerApplication {
				apps++
			}
			if n.Kind == app.NodeSystem && n.UnitID != edu {
				t.Errorf("教育局's map shows %s", n.Name)
			}
		}
		if g == nil || g.Kind != app.NodeUnit || g.Systems != apps || apps == 0 || mapNode(u, fmt.Sprintf("system:%d", e.sitesSystemID("XC-SYS-0019"))) == nil {
			t.Errorf("教育局's group %+v, %d applications when chosen", g, apps)
		}

		// Every node of the district's map is what the unit's own map (nothing grouped, each
		// system read whole) adds up to: the district's reads the systems' places narrow and
		// their findings in subject order, the unit's reads them in full.
		checkDistrictByUnits(t, e, d)

		// A unit that does not exist is refused naming the filter.
		_, err = e.svc.ArchitectureMap(e.ctx, e.actor("office"), app.MapQuery{UnitID: 987654})
		wantCode(t, err, domain.EInvalid, "unit_id")
	})
}

// checkDistrictByUnits compares each system and unit node of the office's district map d with
// the nodes of its unit's map: a system node is the same node; a unit node counts what that
// unit's systems of the layer count, and its edges carry what theirs carry.
func checkDistrictByUnits(t *testing.T, e *env, d *app.ArchMap) {
	t.Helper()
	type edgeKey struct {
		target string
		kind   app.MapEdgeKind
	}
	unitMaps := map[int64]*app.ArchMap{}
	unitMap := func(id int64) *app.ArchMap {
		if unitMaps[id] == nil {
			m, err := e.svc.ArchitectureMap(e.ctx, e.actor("office"), app.MapQuery{UnitID: id})
			if err != nil {
				t.Fatal(err)
			}
			unitMaps[id] = m
		}
		return unitMaps[id]
	}
	var groups, systems int
	for _, n := range d.Nodes {
		switch n.Kind {
		case app.NodeSystem:
			systems++
			if got := mapNode(unitMap(n.UnitID), n.ID); got == nil || *got != n {
				t.Errorf("%s: the district's node %+v, its unit's %+v", n.ID, n, got)
			}
		case app.NodeUnit:
			groups++
			u := unitMap(n.UnitID)
			want := app.MapNode{}
			wantEdges := map[edgeKey]int{}
			for _, x := range u.Nodes {
				if x.Kind != app.NodeSystem || x.Layer != n.Layer {
					continue
				}
				want.Systems += x.Systems
				want.OffCloud += x.OffCloud
				want.Undocked += x.Undocked
				want.Findings += x.Findings
				for _, ed := range u.Edges {
					if ed.Source == x.ID {
						wantEdges[edgeKey{ed.Target, ed.Kind}] += ed.Systems
					}
				}
			}
			if n.Systems != want.Systems || n.OffCloud != want.OffCloud || n.Undocked != want.Undocked || n.Findings != want.Findings {
				t.Errorf("%s counts %d systems, %d off the cloud, %d undocked, %d findings; its unit's map %d, %d, %d, %d",
					n.ID, n.Systems, n.OffCloud, n.Undocked, n.Findings, want.Systems, want.OffCloud, want.Undocked, want.Findings)
			}
			gotEdges := map[edgeKey]int{}
			for _, ed := range d.Edges {
				if ed.Source == n.ID {
					gotEdges[edgeKey{ed.Target, ed.Kind}] += ed.Systems
				}
			}
			if fmt.Sprint(gotEdges) != fmt.Sprint(wantEdges) {
				t.Errorf("%s: edges %v, its unit's map %v", n.ID, gotEdges, wantEdges)
			}
		}
	}
	if groups == 0 || systems == 0 {
		t.Errorf("the district's map: %d unit nodes, %d system nodes", groups, systems)
	}
}
