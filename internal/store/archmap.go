package store

import (
	"context"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// The architecture map (issue 12) reads the whole district at once: a few batched queries, each
// scoped like its register's list, never one query per system. At city scale (20,000 systems,
// 1,000 rooms) each is one pass over its table or the findings' index; the findings are read
// apart rather than joined, so that the systems' query stays a plain scan of one table.

// MapSystem is what the architecture map shows of one system in service: where it sits (its
// category and unit), where it runs (hosting, room), what it docks with (exchange channels,
// base data) and what the governance rules found on it (issue 11's findings, never computed
// here; MapSystemFindings): a live ENV-P1.off-cloud finding, a live SHR-R8.undocked-base-data
// finding, and the number of its open findings.
type MapSystem struct {
	ID               int64
	Code, Name       string
	UnitID           int64
	Category         domain.SystemCategory
	Classification   domain.Classification
	Hosting          domain.Hosting
	RoomID           int64
	Status           domain.SystemStatus
	ExchangeChannels []domain.ExchangeChannel
	BaseData         []domain.BaseDataUse
	MapFindings
}

// MapFindings is what the map shows of a record's findings.
type MapFindings struct {
	OffCloud     bool // a live finding of domain.RuleOffCloud (ENV-P1)
	Undocked     bool // a live finding of domain.RuleUndocked (SHR-R7, SHR-R8)
	Overdue      bool // a live finding of domain.RuleRoomOverdue (ENV-R3)
	OpenFindings int  // open findings of any rule
}

// MapSystems lists the systems in service (not accepted for cleanup, not offline: BLD-R5) within
// scope, of one unit when unitID is not 0, in id order.
func (r Reader) MapSystems(ctx context.Context, scope authz.Scope, unitID int64) ([]MapSystem, error) {
	w := r.where(`s.status NOT IN (?, ?)`, string(domain.StatusCleanupAccepted), string(domain.StatusOffline))
	w.scope(scope, "s.unit_id")
	eq(w, "s.unit_id", unitID)
	return list(ctx, r.q, "map systems", func(sc rowScanner) (MapSystem, error) {
		var m MapSystem
		// Plain strings: a named string type is scanned through reflection, which at 20,000 rows
		// is a measurable part of the map's time.
		var category, class, hosting, status, channels, base string
		err := sc.Scan(&m.ID, &m.Code, &m.Name, &m.UnitID, &category, &class, &hosting, &m.RoomID, &status, &channels, &base)
		m.Category, m.Classification, m.Hosting, m.Status = domain.SystemCategory(category), domain.Classification(class),
			domain.Hosting(hosting), domain.SystemStatus(status)
		if channels != "" {
			m.ExchangeChannels = parseCodes[domain.ExchangeChannel](channels)
		}
		if base != "" {
			m.BaseData = parseBaseData(base)
		}
		return m, err
	}, `SELECT s.id, s.code, s.name, s.unit_id, s.category, s.classification, s.hosting, COALESCE(s.room_id, 0), s.status,
		s.exchange_channels, s.base_data FROM systems s`, w, ` ORDER BY s.id`, 0)
}

// MapFindingsOf reads the live findings of one subject kind within scope (their unit_id), of one
// unit when unitID is not 0, into what the map shows of them, by subject id: one pass over the
// live findings, which the index findings_unit or findings_status serves.
func (r Reader) MapFindingsOf(ctx context.Context, kind string, scope authz.Scope, unitID int64) (map[int64]MapFindings, error) {
	w := r.where(`f.subject_kind = ? AND f.status IN (?, ?)`, kind, string(domain.FindingOpen), string(domain.FindingWaived))
	w.scope(scope, "f.unit_id")
	eq(w, "f.unit_id", unitID)
	out := map[int64]MapFindings{}
	if w.none {
		return out, nil
	}
	err := r.q.eachRow(ctx, "map findings", func(sc rowScanner) error {
		var id int64
		var rule, status string
		if err := sc.Scan(&id, &rule, &status); err != nil {
			return err
		}
		m := out[id]
		switch rule {
		case domain.RuleOffCloud:
			m.OffCloud = true
		case domain.RuleUndocked:
			m.Undocked = true
		case domain.RuleRoomOverdue:
			m.Overdue = true
		}
		if status == string(domain.FindingOpen) {
			m.OpenFindings++
		}
		out[id] = m
		return nil
	}, `SELECT f.subject_id, f.rule_id, f.status FROM findings f`+w.sql, w.args...)
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

// MapUnits lists the units with systems in service within scope, in id order: the map's unit
// filter offers these.
func (r Reader) MapUnits(ctx context.Context, scope authz.Scope) ([]MapUnit, error) {
	w := r.where(`s.status NOT IN (?, ?)`, string(domain.StatusCleanupAccepted), string(domain.StatusOffline))
	w.scope(scope, "s.unit_id")
	return list(ctx, r.q, "map units", func(sc rowScanner) (MapUnit, error) {
		var u MapUnit
		return u, sc.Scan(&u.ID, &u.Name, &u.Systems)
	}, `SELECT s.unit_id, COALESCE(n.name, ''), count(*) FROM systems s LEFT JOIN units n ON n.id = s.unit_id`, w,
		` GROUP BY s.unit_id, n.name ORDER BY s.unit_id`, 0)
}
