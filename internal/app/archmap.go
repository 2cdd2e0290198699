package app

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// The district's architecture map (issue 12): the registries drawn as layers — the portals, the
// units' applications, the shared platforms (the district exchange platform of SHR-P1, the
// platform systems and the base libraries of SHR-P2) and the infrastructure (the government
// cloud of ENV-P1 and the machine rooms not yet closed, ENV-P2) — with an edge from each system
// to what it runs on and what it docks with, as the registries record it: its hosting and room,
// its exchange channel "platform" (SHR-P1), and its base data with the docking state and open
// docking plans (SHR-R7, SHR-R8). Nothing is invented: a system with no recorded link has no
// edge. What stands out is what the governance rules found (issue 11's findings): a live
// ENV-P1.off-cloud or SHR-R8.undocked-base-data finding, and open findings of any rule.
//
// Everything is read in the viewer's scope, as each register's list is: systems and their
// findings and plans by authz.ReadScope(KindSystem), rooms by ReadScope(KindRoom); the base
// libraries, the cloud and the exchange platform are the district's, shared by every login.

// MapLayer names a layer of the map, top to bottom.
type MapLayer string

const (
	LayerPortal         MapLayer = "portal"         // 门户: the portal websites' systems (PTL-P1)
	LayerApplication    MapLayer = "application"    // 应用: the units' business systems
	LayerPlatform       MapLayer = "platform"       // 平台: the exchange platform, platform systems, base libraries
	LayerInfrastructure MapLayer = "infrastructure" // 基础设施: the government cloud and the rooms
)

// MapLayers in drawing order, top to bottom.
var MapLayers = []MapLayer{LayerPortal, LayerApplication, LayerPlatform, LayerInfrastructure}

// MapNodeKind is what a node stands for.
type MapNodeKind string

const (
	NodeSystem   MapNodeKind = "system"   // one system
	NodeUnit     MapNodeKind = "unit"     // one unit's systems of a layer, drawn as one node (grouped)
	NodeExchange MapNodeKind = "exchange" // the district data exchange and sharing platform (SHR-P1)
	NodeLibrary  MapNodeKind = "library"  // a base library (SHR-P2)
	NodeCloud    MapNodeKind = "cloud"    // the district government cloud (ENV-P1)
	NodeRoom     MapNodeKind = "room"     // a machine room not yet closed (ENV-P2)
)

// MapNodeKinds in legend order.
var MapNodeKinds = []MapNodeKind{NodeSystem, NodeUnit, NodeExchange, NodeLibrary, NodeCloud, NodeRoom}

// MapEdgeKind is what an edge records.
type MapEdgeKind string

const (
	EdgeHosted    MapEdgeKind = "hosted"     // runs on the cloud or in the room (ENV-P1, ENV-P2)
	EdgeExchange  MapEdgeKind = "exchange"   // exchanges through the district platform (SHR-P1)
	EdgeDocked    MapEdgeKind = "docked"     // takes the library's data docked (SHR-R7)
	EdgePlanned   MapEdgeKind = "planned"    // uses the library's data undocked, with an open docking plan (SHR-R8)
	EdgeNotDocked MapEdgeKind = "not_docked" // uses the library's data undocked and without a plan (SHR-R8)
)

// MapEdgeKinds in legend order.
var MapEdgeKinds = []MapEdgeKind{EdgeHosted, EdgeExchange, EdgeDocked, EdgePlanned, EdgeNotDocked}

// GroupAbove is the number of systems a layer shows one by one on the district's map; a layer
// with more is drawn one node per unit (with the count), and choosing a unit shows its systems.
// A district of a hundred systems keeps its portals and platforms apart and groups its
// applications; a city's 20,000 systems stay a drawing of a few hundred nodes.
const GroupAbove = 60

// MapQuery narrows the map: UnitID 0 is the whole district in the viewer's scope, otherwise that
// unit's systems (and the shared layers).
type MapQuery struct {
	UnitID int64 `json:"unit_id,omitempty"`
}

// ArchMap is the map: its layers with their counts, the nodes and the edges, and the units the
// unit filter offers.
type ArchMap struct {
	UnitID  int64           `json:"unit_id,omitempty"`
	Layers  []MapLayerCount `json:"layers"`
	Nodes   []MapNode       `json:"nodes"`
	Edges   []MapEdge       `json:"edges"`
	Units   []MapUnit       `json:"units"`
	Systems int             `json:"systems"` // the systems drawn, one by one or in their unit's node
}

// MapLayerCount is one layer: its nodes, the systems they stand for, and whether its systems
// are grouped per unit (GroupAbove).
type MapLayerCount struct {
	Layer   MapLayer `json:"layer"`
	Name    string   `json:"name,omitempty"` // in the viewer's language (set by the web layer)
	Nodes   int      `json:"nodes"`
	Systems int      `json:"systems"`
	Grouped bool     `json:"grouped"`
}

// MapNode is a node. Systems counts the systems it stands for (a unit node) or that run on it
// or dock with it (the shared nodes); OffCloud, Undocked and Findings count its systems with a
// live ENV-P1.off-cloud finding, a live SHR-R8.undocked-base-data finding, and their open
// findings (for one system: 0 or 1, 0 or 1, its open findings; for a room: its own open
// findings; for a base library, Undocked counts the systems
// using its data undocked). Href is its page.
type MapNode struct {
	ID       string                `json:"id"`
	Kind     MapNodeKind           `json:"kind"`
	Layer    MapLayer              `json:"layer"`
	Name     string                `json:"name"`
	Code     string                `json:"code,omitempty"`
	RecordID int64                 `json:"record_id,omitempty"` // the system, room, base library or unit
	UnitID   int64                 `json:"unit_id,omitempty"`
	UnitName string                `json:"unit_name,omitempty"`
	Category domain.SystemCategory `json:"category,omitempty"`
	Status   string                `json:"status,omitempty"` // a system's or a room's
	Systems  int                   `json:"systems"`
	OffCloud int                   `json:"off_cloud"`
	Undocked int                   `json:"undocked"`
	Findings int                   `json:"findings"`
	Overdue  bool                  `json:"overdue,omitempty"` // a room with a live ENV-R3.room-overdue finding
	Href     string                `json:"href"`
}

// MapEdge links a system (or a unit node) to what it runs on or docks with; Systems is the
// number of systems it stands for.
type MapEdge struct {
	Source  string      `json:"source"`
	Target  string      `json:"target"`
	Kind    MapEdgeKind `json:"kind"`
	Systems int         `json:"systems"`
}

// MapUnit is a unit the filter offers: one with systems in service in the viewer's scope.
type MapUnit struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Systems int    `json:"systems"`
}

const (
	nodeCloud    = "cloud"
	nodeExchange = "exchange"
)

// layerOf places a system by its category: portals, platforms and base-library systems in
// theirs, the rest (business, other, and classified systems, which keep no category) among the
// applications.
func layerOf(c domain.SystemCategory) MapLayer {
	switch c {
	case domain.CategoryPortal:
		return LayerPortal
	case domain.CategoryPlatform, domain.CategoryBaseLibrary:
		return LayerPlatform
	}
	return LayerApplication
}

// ArchitectureMap draws the district's architecture (issue 12) in the actor's read scope, in a
// handful of batched queries (store/archmap.go) and nothing per system: the systems in service
// (the district's map reads every system's place narrow, and only the systems it draws one by
// one in full), their findings' flags, the open docking plans, the rooms, the units, the base
// libraries. A unit the filter names that does not exist is refused naming unit_id.
func (s *Service) ArchitectureMap(ctx context.Context, a domain.Actor, q MapQuery) (*ArchMap, error) {
	if err := authz.Can(a, authz.SystemRead, authz.Resource{Kind: authz.KindSystem}); err != nil {
		return nil, err
	}
	if err := authz.Can(a, authz.BaseLibraryRead, authz.Resource{Kind: authz.KindBaseLibrary}); err != nil {
		return nil, err
	}
	r := s.db.Read()
	if q.UnitID < 0 {
		return nil, domain.Invalid("unit_id", "err.archmap.unit")
	}
	if q.UnitID != 0 {
		if _, err := r.Unit(ctx, q.UnitID); domain.ErrorCode(err) == domain.ENotFound {
			return nil, domain.Invalid("unit_id", "err.archmap.unit")
		} else if err != nil {
			return nil, err
		}
	}
	sysScope, roomScope := authz.ReadScope(a, authz.KindSystem), authz.ReadScope(a, authz.KindRoom)

	// The systems: a unit's map draws each of them, read in full; the district's reads every
	// system's place, and in full only those of the layers it does not group.
	var places []store.MapPlace
	details := map[int64]*store.MapSystem{}
	perLayer := map[MapLayer]int{}
	grouped := map[MapLayer]bool{}
	if q.UnitID != 0 {
		systems, err := r.MapSystems(ctx, sysScope, q.UnitID, nil)
		if err != nil {
			return nil, err
		}
		places = make([]store.MapPlace, len(systems))
		for i := range systems {
			places[i] = systems[i].MapPlace
			details[systems[i].ID] = &systems[i]
			perLayer[layerOf(systems[i].Category)]++
		}
	} else {
		var err error
		if places, err = r.MapPlaces(ctx, sysScope, 0); err != nil {
			return nil, err
		}
		for _, x := range places {
			perLayer[layerOf(x.Category)]++
		}
		for _, l := range MapLayers {
			grouped[l] = perLayer[l] > GroupAbove
		}
		ids := []int64{} // none: no query (nil would read them all)
		for _, x := range places {
			if !grouped[layerOf(x.Category)] {
				ids = append(ids, x.ID)
			}
		}
		systems, err := r.MapSystems(ctx, sysScope, 0, ids)
		if err != nil {
			return nil, err
		}
		for i := range systems {
			details[systems[i].ID] = &systems[i]
		}
	}
	docking, err := r.MapOpenDockings(ctx, sysScope, q.UnitID)
	if err != nil {
		return nil, err
	}
	var used []int64 // the rooms the unit's systems run in (another unit's, seldom)
	if q.UnitID != 0 {
		for _, x := range places {
			if x.RoomID != 0 && x.Hosting == domain.HostingRoom {
				used = append(used, x.RoomID)
			}
		}
	}
	rooms, err := r.MapRooms(ctx, roomScope, q.UnitID, used)
	if err != nil {
		return nil, err
	}
	sysFindings, err := r.MapFindingsOf(ctx, domain.SubjectSystem, sysScope, q.UnitID)
	if err != nil {
		return nil, err
	}
	roomFindings, err := r.MapFindingsOf(ctx, domain.SubjectRoom, roomScope, 0)
	if err != nil {
		return nil, err
	}
	units, err := mapUnits(ctx, r, sysScope, q.UnitID, places)
	if err != nil {
		return nil, err
	}
	libs, err := r.BaseLibraries(ctx)
	if err != nil {
		return nil, err
	}
	unitNames := make(map[int64]string, len(units))
	m := &ArchMap{UnitID: q.UnitID, Units: make([]MapUnit, len(units)), Nodes: []MapNode{}, Edges: []MapEdge{}}
	for i, u := range units {
		unitNames[u.ID] = u.Name
		m.Units[i] = MapUnit{ID: u.ID, Name: u.Name, Systems: u.Systems}
	}
	b := newMapBuilder(m)

	// The shared nodes first: the exchange platform, the base libraries, the cloud, the rooms.
	exchange := b.node(MapNode{ID: nodeExchange, Kind: NodeExchange, Layer: LayerPlatform,
		Href: "/systems?category=" + string(domain.CategoryPlatform)})
	libNode := map[domain.BaseLibrary]int{}
	for _, l := range libs {
		if !l.Active {
			continue
		}
		libNode[l.Code] = b.node(MapNode{ID: "library:" + string(l.Code), Kind: NodeLibrary, Layer: LayerPlatform, Name: l.Name,
			Code: string(l.Code), RecordID: l.ID, UnitID: l.ProviderUnitID, UnitName: l.ProviderName,
			Href: fmt.Sprintf("/base-libraries/%d", l.ID)})
	}
	cloud := b.node(MapNode{ID: nodeCloud, Kind: NodeCloud, Layer: LayerInfrastructure, Href: "/cloud"})
	roomNode := make(map[int64]int, len(rooms))
	rf := findingsOf(roomFindings)
	for _, rm := range rooms {
		f := rf.of(rm.ID) // rooms and their findings both in id order
		roomNode[rm.ID] = b.node(MapNode{ID: "room:" + strconv.FormatInt(rm.ID, 10), Kind: NodeRoom, Layer: LayerInfrastructure,
			Name: rm.Name, RecordID: rm.ID, UnitID: rm.UnitID, UnitName: unitNames[rm.UnitID], Status: string(rm.Status),
			Findings: f.OpenFindings, Overdue: f.Overdue, Href: fmt.Sprintf("/machine-rooms/%d", rm.ID)})
	}

	planned := make(map[store.MapDocking]bool, len(docking))
	for _, d := range docking {
		planned[d] = true
	}
	type unitLayer struct {
		unit  int64
		layer MapLayer
	}
	unitNode := map[unitLayer]int{}
	sf := findingsOf(sysFindings)
	for _, x := range places { // in id order: the nodes and edges in the order of their first system
		layer := layerOf(x.Category)
		var from int
		if grouped[layer] { // the unit's node of the layer, made by its first system
			k := unitLayer{x.UnitID, layer}
			n, ok := unitNode[k]
			if !ok {
				id := strconv.FormatInt(x.UnitID, 10)
				n = b.node(MapNode{ID: "unit:" + id + ":" + string(layer), Kind: NodeUnit, Layer: layer, Name: unitNames[x.UnitID],
					RecordID: x.UnitID, UnitID: x.UnitID, UnitName: unitNames[x.UnitID], Href: "/architecture-map?unit_id=" + id})
				unitNode[k] = n
			}
			from = n
		} else {
			d := details[x.ID]
			if d == nil {
				continue // out of service or out of scope since its place was read
			}
			id := strconv.FormatInt(x.ID, 10)
			from = b.node(MapNode{ID: "system:" + id, Kind: NodeSystem, Layer: layer, Name: d.Name, Code: d.Code, RecordID: x.ID,
				UnitID: x.UnitID, UnitName: unitNames[x.UnitID], Category: d.Category, Status: string(d.Status), Href: "/systems/" + id})
		}
		n, f := &m.Nodes[from], sf.of(x.ID)
		n.Systems++
		n.OffCloud += b2n(f.OffCloud)
		n.Undocked += b2n(f.Undocked)
		n.Findings += f.OpenFindings
		m.Systems++

		switch x.Hosting {
		case domain.HostingCloud:
			b.edge(from, cloud, EdgeHosted)
		case domain.HostingRoom:
			if to, ok := roomNode[x.RoomID]; ok {
				b.edge(from, to, EdgeHosted)
			}
		}
		if x.Platform {
			b.edge(from, exchange, EdgeExchange)
		}
		for _, u := range x.BaseData {
			to, ok := libNode[u.Library]
			if !ok {
				continue // a library the office retired: no node to dock with
			}
			kind := EdgeKindOf(domain.GroupOf(u.State, planned[store.MapDocking{SystemID: x.ID, Library: u.Library}]))
			b.edge(from, to, kind)
		}
	}
	for _, l := range MapLayers {
		m.Layers = append(m.Layers, MapLayerCount{Layer: l, Nodes: b.layerNodes[l], Systems: perLayer[l], Grouped: grouped[l]})
	}
	return m, nil
}

// subjectFindings walks findings in subject id order alongside records in id order.
type subjectFindings struct {
	fs []store.MapSubjectFindings
	i  int
}

func findingsOf(fs []store.MapSubjectFindings) *subjectFindings { return &subjectFindings{fs: fs} }

// of is the findings of the record id; ids must come in increasing order.
func (w *subjectFindings) of(id int64) store.MapFindings {
	for w.i < len(w.fs) && w.fs[w.i].SubjectID < id {
		w.i++
	}
	if w.i < len(w.fs) && w.fs[w.i].SubjectID == id {
		return w.fs[w.i].MapFindings
	}
	return store.MapFindings{}
}

// mapUnits are the units the filter offers: those with systems in service in scope, with their
// names. The district's map has read every system's place already; a unit's map counts them in
// one GROUP BY.
func mapUnits(ctx context.Context, r store.Reader, scope authz.Scope, unitID int64, places []store.MapPlace) ([]store.MapUnit, error) {
	var out []store.MapUnit
	if unitID != 0 {
		var err error
		if out, err = r.MapUnits(ctx, scope); err != nil {
			return nil, err
		}
	} else {
		counts := map[int64]int{}
		for _, x := range places {
			if counts[x.UnitID] == 0 {
				out = append(out, store.MapUnit{ID: x.UnitID})
			}
			counts[x.UnitID]++
		}
		slices.SortFunc(out, func(a, b store.MapUnit) int { return cmp.Compare(a.ID, b.ID) })
		for i := range out {
			out[i].Systems = counts[out[i].ID]
		}
	}
	ids := make([]int64, len(out))
	for i, u := range out {
		ids[i] = u.ID
	}
	names, err := r.UnitNames(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Name = names[out[i].ID]
	}
	return out, nil
}

// EdgeKindOf is the edge of a docking group (domain.GroupOf).
func EdgeKindOf(g domain.DockingGroup) MapEdgeKind {
	switch g {
	case domain.GroupDocked:
		return EdgeDocked
	case domain.GroupPlanned:
		return EdgePlanned
	}
	return EdgeNotDocked
}

func b2n(b bool) int {
	if b {
		return 1
	}
	return 0
}

// mapBuilder adds nodes once and counts the systems behind each edge, so that a unit node's
// hundred systems on the cloud are one edge with its count. Nodes are known by their index in
// m.Nodes: a city's 20,000 systems add their edges without building a string a system.
type mapBuilder struct {
	m          *ArchMap
	edges      map[edgeKey]int // → index in m.Edges
	layerNodes map[MapLayer]int
}

type edgeKey struct {
	from, to int
	kind     MapEdgeKind
}

func newMapBuilder(m *ArchMap) *mapBuilder {
	return &mapBuilder{m: m, edges: map[edgeKey]int{}, layerNodes: map[MapLayer]int{}}
}

// node adds n and returns its index.
func (b *mapBuilder) node(n MapNode) int {
	b.m.Nodes = append(b.m.Nodes, n)
	b.layerNodes[n.Layer]++
	return len(b.m.Nodes) - 1
}

// edge adds one system to the edge from → to of the kind; the shared node it reaches counts it.
func (b *mapBuilder) edge(from, to int, kind MapEdgeKind) {
	key := edgeKey{from, to, kind}
	i, ok := b.edges[key]
	if !ok {
		i = len(b.m.Edges)
		b.edges[key] = i
		b.m.Edges = append(b.m.Edges, MapEdge{Source: b.m.Nodes[from].ID, Target: b.m.Nodes[to].ID, Kind: kind})
	}
	b.m.Edges[i].Systems++
	if t := &b.m.Nodes[to]; t.Kind != NodeSystem && t.Kind != NodeUnit {
		t.Systems++
		if kind == EdgePlanned || kind == EdgeNotDocked {
			t.Undocked++ // a library: the systems using its data undocked (SHR-R8)
		}
	}
}
