package store

import (
	"context"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// The architecture map (issue 12) reads the whole district at once: a few batched queries, each
// scoped like its register's list, never one query per system. At city scale (20,000 systems,
// 1,000 rooms) each is one pass over its table and the findings' index.

// MapSystem is what the architecture map shows of one system in service: where it sits (its
// category and unit), where it runs (hosting, room), what it docks with (exchange channels,
// base data) and what the governance rules found on it (issue 11's findings, never computed
// here): a live ENV-P1.off-cloud finding, a live SHR-R8.undocked-base-data finding, and the
// number of its open findings.
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
	OffCloud         bool // a live finding of domain.RuleOffCloud (ENV-P1)
	Undocked         bool // a live finding of domain.RuleUndocked (SHR-R7, SHR-R8)
	OpenFindings     int  // open findings of any rule
}

// liveSQL is the IN list of the live finding statuses, written inline: constants of the program.
const liveSQL = `('` + string(domain.FindingOpen) + `', '` + string(domain.FindingWaived) + `')`

// MapSystems lists the systems in service (not accepted for cleanup, not offline: BLD-R5) within
// scope, of one unit when unitID is not 0, in id order, with their findings' flags read in the
// same query (one GROUP BY over the findings of systems, joined by id).
func (r Reader) MapSystems(ctx context.Context, scope authz.Scope, unitID int64) ([]MapSystem, error) {
	w := r.where(`s.status NOT IN (?, ?)`, string(domain.StatusCleanupAccepted), string(domain.StatusOffline))
	w.scope(scope, "s.unit_id")
	eq(w, "s.unit_id", unitID)
	return list(ctx, r.q, "map systems", func(sc rowScanner) (MapSystem, error) {
		var m MapSystem
		var channels, base string
		var offCloud, undocked int
		err := sc.Scan(&m.ID, &m.Code, &m.Name, &m.UnitID, &m.Category, &m.Classification, &m.Hosting, &m.RoomID, &m.Status,
			&channels, &base, &offCloud, &undocked, &m.OpenFindings)
		m.ExchangeChannels = parseCodes[domain.ExchangeChannel](channels)
		m.BaseData = parseBaseData(base)
		m.OffCloud, m.Undocked = offCloud > 0, undocked > 0
		return m, err
	}, `SELECT s.id, s.code, s.name, s.unit_id, s.category, s.classification, s.hosting, COALESCE(s.room_id, 0), s.status,
		s.exchange_channels, s.base_data, COALESCE(f.off_cloud, 0), COALESCE(f.undocked, 0), COALESCE(f.open_n, 0)
		FROM systems s LEFT JOIN (SELECT subject_id,
			MAX(CASE WHEN rule_id = '`+domain.RuleOffCloud+`' THEN 1 ELSE 0 END) AS off_cloud,
			MAX(CASE WHEN rule_id = '`+domain.RuleUndocked+`' THEN 1 ELSE 0 END) AS undocked,
			SUM(CASE WHEN status = '`+string(domain.FindingOpen)+`' THEN 1 ELSE 0 END) AS open_n
			FROM findings WHERE subject_kind = '`+domain.SubjectSystem+`' AND status IN `+liveSQL+`
			GROUP BY subject_id) f ON f.subject_id = s.id`, w, ` ORDER BY s.id`, 0)
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

// MapRoom is a machine room not yet closed (ENV-P2, ENV-R3), with its findings: a live
// ENV-R3.room-overdue finding and the number of its open findings.
type MapRoom struct {
	ID           int64
	UnitID       int64
	Name         string
	Kind         domain.RoomKind
	Status       domain.RoomStatus
	Overdue      bool
	OpenFindings int
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
		var overdue int
		err := sc.Scan(&m.ID, &m.UnitID, &m.Name, &m.Kind, &m.Status, &overdue, &m.OpenFindings)
		m.Overdue = overdue > 0
		return m, err
	}, `SELECT m.id, m.unit_id, m.name, m.kind, m.status, COALESCE(f.overdue, 0), COALESCE(f.open_n, 0)
		FROM machine_rooms m LEFT JOIN (SELECT subject_id,
			MAX(CASE WHEN rule_id = '`+domain.RuleRoomOverdue+`' THEN 1 ELSE 0 END) AS overdue,
			SUM(CASE WHEN status = '`+string(domain.FindingOpen)+`' THEN 1 ELSE 0 END) AS open_n
			FROM findings WHERE subject_kind = '`+domain.SubjectRoom+`' AND status IN `+liveSQL+`
			GROUP BY subject_id) f ON f.subject_id = m.id`, w, ` ORDER BY m.id`, 0)
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
