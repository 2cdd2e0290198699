package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// The architecture map (issue 12) reads the whole district at once: a few batched queries, each
// scoped like its register's list, never one query per system. At city scale (20,000 systems,
// 1,000 rooms) each is one pass over its table or the findings' index; the findings are read
// apart rather than joined, so that the systems' query stays a plain scan of one table.

// MapPlace is what the architecture map needs of every system in service to place and link
// it: its unit and category (its layer), where it runs (hosting, room) and what it docks with
// (the exchange platform, base data). The district's map reads it for all 20,000 systems of a
// city, so it is read narrow (MapPlaces): small codes for the category and hosting rather than
// their text, the exchange channels as the one flag the map draws.
type MapPlace struct {
	ID, UnitID int64
	// Category is one of domain.SystemCategories; MapPlaces gives "" for any other value (a
	// classified system keeps none), which the map places as it places "".
	Category domain.SystemCategory
	// Hosting is domain.HostingCloud or HostingRoom, which the map draws as an edge; MapPlaces
	// gives "" for any other (MapSystems the value itself).
	Hosting  domain.Hosting
	RoomID   int64
	Platform bool // its exchange channels include the district platform (domain.ExchangePlatform, SHR-P1)
	BaseData []domain.BaseDataUse
}

// MapSystem is a system the map draws one by one: its place and its code, name and status.
type MapSystem struct {
	MapPlace
	Code, Name string
	Status     domain.SystemStatus
}

// MapFindings is what the map shows of a record's findings (issue 11's, never computed here).
type MapFindings struct {
	OffCloud     bool // a live finding of domain.RuleOffCloud (ENV-P1)
	Undocked     bool // a live finding of domain.RuleUndocked (SHR-R7, SHR-R8)
	Overdue      bool // a live finding of domain.RuleRoomOverdue (ENV-R3)
	OpenFindings int  // open findings of any rule
}

// inService keeps the systems in service (not accepted for cleanup, not offline: BLD-R5).
func (r Reader) inService() *filter {
	return r.where(`s.status NOT IN (?, ?)`, string(domain.StatusCleanupAccepted), string(domain.StatusOffline))
}

// codeOf is a SQL CASE giving col's value as its 1-based position in values, 0 for any other:
// a small integer scans without the string the driver makes for a text column. The values are
// the program's constants, written inline.
func codeOf[T ~string](col string, values []T) string {
	var b strings.Builder
	b.WriteString(`CASE ` + col)
	for i, v := range values {
		fmt.Fprintf(&b, ` WHEN '%s' THEN %d`, v, i+1)
	}
	b.WriteString(` ELSE 0 END`)
	return b.String()
}

// mapHostings are the hostings MapPlaces tells apart.
var mapHostings = []domain.Hosting{domain.HostingCloud, domain.HostingRoom}

// platformFlag is 1 when the exchange channels (a comma-separated list) include the platform.
const platformFlag = `CASE WHEN ',' || s.exchange_channels || ',' LIKE '%,` + string(domain.ExchangePlatform) + `,%' THEN 1 ELSE 0 END`

// MapPlaces lists the places of the systems in service within scope, of one unit when unitID is
// not 0, in id order: one pass over systems in rowid order, no sort, five columns of which one
// text (the base data, mostly empty) and the category, hosting and platform flag packed into one
// integer — each column scanned costs the driver's lock, an interface and database/sql's
// conversion, a text column a string besides. The integers are scanned into int64: database/sql
// converts an int64 into an int through its text.
func (r Reader) MapPlaces(ctx context.Context, scope authz.Scope, unitID int64) ([]MapPlace, error) {
	w := r.inService()
	w.scope(scope, "s.unit_id")
	eq(w, "s.unit_id", unitID)
	if w.none {
		return nil, nil
	}
	// The rows are scanned into the same variables, and kept in blocks joined once at the end: a
	// slice grown row by row to 20,000 places copies them over and over (a large slice grows by a
	// quarter), and fresh variables a row are a heap allocation a row.
	var (
		blocks [][]MapPlace
		block  []MapPlace
		p      MapPlace
		codes  int64 // the category's code + 16 × the hosting's + 256 × the platform flag
		base   string
	)
	err := r.q.eachRow(ctx, "map places", func(sc rowScanner) error {
		p, base = MapPlace{}, ""
		if err := sc.Scan(&p.ID, &p.UnitID, &codes, &p.RoomID, &base); err != nil {
			return err
		}
		if c := int(codes % 16); c > 0 && c <= len(domain.SystemCategories) {
			p.Category = domain.SystemCategories[c-1]
		}
		if h := int(codes / 16 % 16); h > 0 && h <= len(mapHostings) {
			p.Hosting = mapHostings[h-1]
		}
		p.Platform = codes/256 == 1
		if base != "" {
			p.BaseData = parseBaseData(base)
		}
		if len(block) == cap(block) {
			block = make([]MapPlace, 0, 2048)
			blocks = append(blocks, nil)
		}
		block = append(block, p)
		blocks[len(blocks)-1] = block
		return nil
	}, `SELECT s.id, s.unit_id, `+codeOf("s.category", domain.SystemCategories)+` + 16 * (`+codeOf("s.hosting", mapHostings)+
		`) + 256 * (`+platformFlag+`), COALESCE(s.room_id, 0), s.base_data FROM systems s`+w.sql+` ORDER BY s.id`, w.args...)
	return slices.Concat(blocks...), err
}

// MapSystems lists the systems in service within scope, of one unit when unitID is not 0, and
// when ids is not nil only those, in id order.
func (r Reader) MapSystems(ctx context.Context, scope authz.Scope, unitID int64, ids []int64) ([]MapSystem, error) {
	var out []MapSystem
	read := func(ids []int64) error {
		w := r.inService()
		w.scope(scope, "s.unit_id")
		eq(w, "s.unit_id", unitID)
		w.in("s.id", ids)
		part, err := list(ctx, r.q, "map systems", func(sc rowScanner) (MapSystem, error) {
			var m MapSystem
			// Plain strings: a named string type is scanned through reflection.
			var category, hosting, status, channels, base string
			err := sc.Scan(&m.ID, &m.Code, &m.Name, &m.UnitID, &category, &hosting, &m.RoomID, &status, &channels, &base)
			m.Category, m.Hosting, m.Status = domain.SystemCategory(category), domain.Hosting(hosting), domain.SystemStatus(status)
			m.Platform = slices.Contains(parseCodes[domain.ExchangeChannel](channels), domain.ExchangePlatform)
			if base != "" {
				m.BaseData = parseBaseData(base)
			}
			return m, err
		}, `SELECT s.id, s.code, s.name, s.unit_id, s.category, s.hosting, COALESCE(s.room_id, 0), s.status,
		s.exchange_channels, s.base_data FROM systems s`, w, ` ORDER BY s.id`, 0)
		out = append(out, part...)
		return err
	}
	if ids == nil {
		return out, read(nil)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return out, chunks(ids, 500, read) // ids in order, so the chunks' rows are too
}

// MapSubjectFindings is what the map shows of one record's live findings.
type MapSubjectFindings struct {
	SubjectID int64
	MapFindings
}

// MapFindingsOf reads the live findings of one subject kind within scope (their unit_id), of one
// unit when unitID is not 0, into what the map shows of them, one a subject in subject id order:
// one pass over the index findings_subject_rule, in its order (no sort), or over findings_unit
// for a unit. On SQLite the live states are tested row by row (+f.status): most
// findings are live, and through an index that leads with the state (findings_status,
// findings_groups) SQLite read every live finding of every kind and sorted them (90,000 at city
// scale, ten times the time).
func (r Reader) MapFindingsOf(ctx context.Context, kind string, scope authz.Scope, unitID int64) ([]MapSubjectFindings, error) {
	status := "f.status"
	if r.d == SQLite {
		status = "+f.status"
	}
	w := r.where(`f.subject_kind = ? AND `+status+` IN (?, ?)`, kind, string(domain.FindingOpen), string(domain.FindingWaived))
	w.scope(scope, "f.unit_id")
	eq(w, "f.unit_id", unitID)
	if w.none {
		return nil, nil
	}
	// One row a finding, its rule and state packed in one integer (no aggregate: SQLite's
	// aggregate functions a row cost more than the rows), a subject's rows together in subject
	// order; the rules and states are the program's constants, written inline.
	var out []MapSubjectFindings
	var id, code int64 // scanned into the same variables (fresh ones a row are an allocation a row)
	err := r.q.eachRow(ctx, "map findings", func(sc rowScanner) error {
		if err := sc.Scan(&id, &code); err != nil {
			return err
		}
		if n := len(out); n == 0 || out[n-1].SubjectID != id {
			out = append(out, MapSubjectFindings{SubjectID: id})
		}
		m := &out[len(out)-1]
		m.OffCloud = m.OffCloud || code&1 != 0
		m.Undocked = m.Undocked || code&2 != 0
		m.Overdue = m.Overdue || code&4 != 0
		m.OpenFindings += int(code / 8)
		return nil
	}, `SELECT f.subject_id, CASE f.rule_id WHEN '`+domain.RuleOffCloud+`' THEN 1 WHEN '`+domain.RuleUndocked+`' THEN 2 WHEN '`+
		domain.RuleRoomOverdue+`' THEN 4 ELSE 0 END + 8 * (CASE WHEN f.status = '`+string(domain.FindingOpen)+
		`' THEN 1 ELSE 0 END) FROM findings f`+w.sql+
		` ORDER BY f.subject_id`, w.args...)
	return out, err
}

// MapDocking is an open docking plan (SHR-R8): the system plans to dock to the library.
type MapDocking struct {
	SystemID int64
	Library  domain.BaseLibrary
}

// MapOpenDockings lists the open (planned or in-progress) docking plans of the systems within
// scope, of one unit when unitID is not 0.
func (r Reader) MapOpenDockings(ctx context.Context, scope authz.Scope, unitID int64) ([]MapDocking, error) {
	w := r.where(`p.status IN (?, ?)`, string(domain.PlanPlanned), string(domain.PlanInProgress))
	w.scope(scope, "s.unit_id")
	eq(w, "s.unit_id", unitID)
	return list(ctx, r.q, "map docking plans", func(sc rowScanner) (MapDocking, error) {
		var d MapDocking
		return d, sc.Scan(&d.SystemID, &d.Library)
	}, `SELECT p.system_id, p.library FROM docking_plans p JOIN systems s ON s.id = p.system_id`, w, ``, 0)
}

// MapRoom is a machine room not yet closed (ENV-P2, ENV-R3); its findings are read with
// MapFindingsOf.
type MapRoom struct {
	ID     int64
	UnitID int64
	Name   string
	Kind   domain.RoomKind
	Status domain.RoomStatus
}

// MapRooms lists the rooms within scope that are not closed, in id order; with unitID, that
// unit's rooms and the rooms listed in also (those its systems run in).
func (r Reader) MapRooms(ctx context.Context, scope authz.Scope, unitID int64, also []int64) ([]MapRoom, error) {
	w := r.where(`m.status <> ?`, string(domain.RoomClosed))
	w.scope(scope, "m.unit_id")
	if unitID != 0 {
		c, args := inList("m.id", append([]int64{0}, also...), []any{unitID})
		w.add(`(m.unit_id = ? OR `+c+`)`, args...)
	}
	return list(ctx, r.q, "map rooms", func(sc rowScanner) (MapRoom, error) {
		var m MapRoom
		return m, sc.Scan(&m.ID, &m.UnitID, &m.Name, &m.Kind, &m.Status)
	}, `SELECT m.id, m.unit_id, m.name, m.kind, m.status FROM machine_rooms m`, w, ` ORDER BY m.id`, 0)
}

// MapUnit is a unit with systems on the map: its name and how many of its systems in service
// are within scope.
type MapUnit struct {
	ID      int64
	Name    string
	Systems int
}

// MapUnits counts the systems in service within scope by unit, in unit id order: the map's unit
// filter offers these units (their names: UnitNames). Grouped by the unit alone, the systems are
// read in the order of the index systems_unit, with no sort.
func (r Reader) MapUnits(ctx context.Context, scope authz.Scope) ([]MapUnit, error) {
	w := r.inService()
	w.scope(scope, "s.unit_id")
	return list(ctx, r.q, "map units", func(sc rowScanner) (MapUnit, error) {
		var u MapUnit
		var n int64
		err := sc.Scan(&u.ID, &n)
		u.Systems = int(n)
		return u, err
	}, `SELECT s.unit_id, count(*) FROM systems s`, w, ` GROUP BY s.unit_id ORDER BY s.unit_id`, 0)
}
