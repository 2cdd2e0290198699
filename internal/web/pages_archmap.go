package web

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"archgov/internal/app"
	"archgov/internal/i18n"
)

// The architecture map (issue 12): GET /architecture-map draws app.ArchitectureMap with
// ECharts' graph series (static/archmap.js reads the map from the page's JSON block: the CSP
// allows no inline script) above a table of the layers that needs no script at all; GET
// /api/v1/architecture-map answers the same map as JSON.

func (s *Server) archMapRoutes() {
	s.handle("GET /architecture-map", s.ui(s.archMapPage))
}

// archMapAPI is the map's JSON API.
func (s *Server) archMapAPI() []apiRoute {
	return []apiRoute{{pattern: "GET /api/v1/architecture-map", status: http.StatusOK, h: s.apiArchMap,
		id: "architectureMap", tag: "architecture",
		sum: "The district's architecture map",
		doc: "The district's layered architecture drawn from the registries (issue 12): layers portal, application, platform and infrastructure; " +
			"a node per system in service (or, on the district's map, per unit for a layer of more than 60 systems, with the count), " +
			"the district data exchange and sharing platform (SHR-P1), the active base libraries (SHR-P2), the government cloud and the machine rooms not closed (ENV-P2); " +
			"edges from each system to where it runs (hosting gov_cloud, or its room), to the exchange platform when its exchange channels include `platform`, " +
			"and to each base library it uses, `docked`, `planned` (an open docking plan) or `not_docked` (SHR-R7, SHR-R8). " +
			"off_cloud, undocked and findings count the live ENV-P1.off-cloud and SHR-R8.undocked-base-data findings and the open findings of the node's systems. " +
			"Read in the caller's scope like the registers' lists: a unit's people see their unit's systems and rooms only; the shared nodes are everyone's. " +
			"A unit_id of no unit is a 422 naming unit_id.",
		query: []param{qInt("unit_id", "Only this unit's systems (and rooms), one node each; the shared platforms, libraries and cloud stay.")},
		out:   app.ArchMap{},
		okDoc: "The map.",
	}}
}

// archMap reads the map the request asks for and names the layers and shared nodes in the
// request's language.
func (s *Server) archMap(r *http.Request, rq *request) (*app.ArchMap, error) {
	f := filtersOf(r)
	q := app.MapQuery{UnitID: f.num("unit_id")}
	if f.err != nil {
		return nil, f.err
	}
	m, err := s.svc.ArchitectureMap(r.Context(), rq.auth.Actor, q)
	if err != nil {
		return nil, err
	}
	for i, l := range m.Layers {
		m.Layers[i].Name = i18n.T(rq.lang, "archmap.layer."+string(l.Layer))
	}
	for i, n := range m.Nodes {
		if n.Kind == app.NodeCloud || n.Kind == app.NodeExchange {
			m.Nodes[i].Name = i18n.T(rq.lang, "archmap.node."+string(n.Kind))
		}
	}
	return m, nil
}

func (s *Server) apiArchMap(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	return s.archMap(r, rq)
}

// archMapData is the page's JSON block for static/archmap.js: the map and the words it shows.
type archMapData struct {
	Map    *app.ArchMap      `json:"map"`
	Labels map[string]string `json:"labels"`
	Marks  map[string]string `json:"marks"` // a node's marks in words (archMarks), by node id
}

type archMapView struct {
	Page
	Map       *app.ArchMap
	Data      archMapData
	Layers    []archLayerView
	Grouped   []string // the grouped layers' names
	EdgeKinds []app.MapEdgeKind
	NodeKinds []app.MapNodeKind
}

// archLayerView is one layer of the table: its nodes with their marks and links.
type archLayerView struct {
	app.MapLayerCount
	Rows []archRow
}

type archRow struct {
	Node  app.MapNode
	Marks []string
	Links []archLink
}

type archLink struct {
	Name, Href string
	Kind       app.MapEdgeKind
	Systems    int
}

// archMarks are a node's marks in words: what the colours and borders of the drawing say.
func archMarks(lang i18n.Lang, n app.MapNode) []string {
	var out []string
	one := n.Kind == app.NodeSystem
	if n.OffCloud > 0 {
		out = append(out, pick(one, i18n.T(lang, "archmap.mark.off_cloud"), i18n.T(lang, "archmap.mark.off_cloud_n", n.OffCloud)))
	}
	if n.Undocked > 0 {
		out = append(out, pick(one, i18n.T(lang, "archmap.mark.undocked"), i18n.T(lang, "archmap.mark.undocked_n", n.Undocked)))
	}
	if n.Overdue {
		out = append(out, i18n.T(lang, "archmap.mark.overdue"))
	}
	if n.Findings > 0 {
		out = append(out, i18n.T(lang, "archmap.mark.findings_n", n.Findings))
	}
	return out
}

func pick(cond bool, a, b string) string {
	if cond {
		return a
	}
	return b
}

func (s *Server) archMapPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	m, err := s.archMap(r, rq)
	if err != nil {
		return err
	}
	lang := rq.lang
	v := archMapView{Page: s.page(r, i18n.T(lang, "archmap.title")), Map: m, EdgeKinds: app.MapEdgeKinds, NodeKinds: app.MapNodeKinds}
	v.Crumbs = v.Crumbs[:1]
	labels := map[string]string{"open": i18n.T(lang, "archmap.open"), "expand": i18n.T(lang, "archmap.expand"),
		"unit": i18n.T(lang, "archmap.col_unit"), "systems": i18n.T(lang, "archmap.col_systems")}
	for _, k := range v.EdgeKinds {
		labels["edge."+string(k)] = i18n.T(lang, "archmap.edge."+string(k))
	}
	for _, k := range v.NodeKinds {
		labels["kind."+string(k)] = i18n.T(lang, "archmap.kind."+string(k))
	}
	marks := map[string][]string{}
	byID := map[string]int{}
	rows := map[app.MapLayer][]archRow{}
	for i, n := range m.Nodes {
		byID[n.ID] = i
		marks[n.ID] = archMarks(lang, n)
	}
	links := map[string][]archLink{}
	for _, e := range m.Edges {
		t := m.Nodes[byID[e.Target]]
		links[e.Source] = append(links[e.Source], archLink{Name: t.Name, Href: t.Href, Kind: e.Kind, Systems: e.Systems})
	}
	for _, n := range m.Nodes {
		rows[n.Layer] = append(rows[n.Layer], archRow{Node: n, Marks: marks[n.ID], Links: links[n.ID]})
	}
	for _, l := range m.Layers {
		rs := rows[l.Layer]
		slices.SortStableFunc(rs, func(a, b archRow) int { // shared nodes first, then by unit
			return cmp.Compare(a.Node.UnitID, b.Node.UnitID)
		})
		v.Layers = append(v.Layers, archLayerView{MapLayerCount: l, Rows: rs})
		if l.Grouped {
			v.Grouped = append(v.Grouped, l.Name)
		}
	}
	v.Data = archMapData{Map: m, Labels: labels, Marks: map[string]string{}}
	for id, ms := range marks {
		if len(ms) > 0 {
			v.Data.Marks[id] = strings.Join(ms, " ")
		}
	}
	s.render(w, r, http.StatusOK, "archmap", v)
	return nil
}

// ArchEdge and ArchKind name an edge kind and a node kind for the template (the legend);
// ArchLink is an edge kind in the table's short form.
func (p *helpers) ArchEdge(k app.MapEdgeKind) string { return p.T("archmap.edge." + string(k)) }
func (p *helpers) ArchLink(k app.MapEdgeKind) string { return p.T("archmap.link." + string(k)) }
func (p *helpers) ArchKind(k app.MapNodeKind) string { return p.T("archmap.kind." + string(k)) }
