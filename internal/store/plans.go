package store

import (
	"context"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// A system's exchange channels and base data are stored as comma-separated codes.

func channelsText(cs []domain.ExchangeChannel) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return strings.Join(out, ",")
}

func parseChannels(s string) []domain.ExchangeChannel {
	var out []domain.ExchangeChannel
	for _, c := range strings.Split(s, ",") {
		if c != "" {
			out = append(out, domain.ExchangeChannel(c))
		}
	}
	return out
}

func baseDataText(us []domain.BaseDataUse) string {
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = string(u.Library) + ":" + string(u.State)
	}
	return strings.Join(out, ",")
}

func parseBaseData(s string) []domain.BaseDataUse {
	var out []domain.BaseDataUse
	for _, x := range strings.Split(s, ",") {
		if lib, st, ok := strings.Cut(x, ":"); ok {
			out = append(out, domain.BaseDataUse{Library: domain.BaseLibrary(lib), State: domain.DockingState(st)})
		}
	}
	return out
}

// noOpenMigrationPlan narrows a system query (alias s) to systems without a planned or
// in-progress migration plan; it takes those two statuses as arguments.
const noOpenMigrationPlan = ` AND NOT EXISTS (SELECT 1 FROM migration_plans mp WHERE mp.system_id = s.id AND mp.status IN (?, ?))`

const migrationCols = `p.id, p.system_id, s.code, s.name, s.unit_id, COALESCE(n.name, ''), p.difficulty, p.difficulty_reasons, p.target_resources,
	p.node, p.planned_date, p.status, p.evidence, p.done_date, p.version, p.created_at, p.updated_at`
const migrationFrom = ` FROM migration_plans p JOIN systems s ON s.id = p.system_id LEFT JOIN units n ON n.id = s.unit_id`

var scanMigration = scanner(func(p *domain.MigrationPlan) []any {
	return []any{&p.ID, &p.SystemID, &p.SystemCode, &p.SystemName, &p.UnitID, &p.UnitName, text(&p.Difficulty), &p.DifficultyReasons,
		&p.TargetResources, text(&p.Node), date(&p.PlannedDate), text(&p.Status), &p.Evidence, date(&p.DoneDate), &p.Version,
		at(&p.CreatedAt), at(&p.UpdatedAt)}
})

// MigrationPlan loads a migration plan by id; domain.NotFound when there is none.
func (r Reader) MigrationPlan(ctx context.Context, id int64) (*domain.MigrationPlan, error) {
	return queryOne(ctx, r.q, "migration plan", scanMigration, `SELECT `+migrationCols+migrationFrom+` WHERE p.id = ?`, id)
}

// MigrationPlanOf loads a system's migration plan; domain.NotFound when it has none.
func (r Reader) MigrationPlanOf(ctx context.Context, systemID int64) (*domain.MigrationPlan, error) {
	return queryOne(ctx, r.q, "migration plan of system", scanMigration, `SELECT `+migrationCols+migrationFrom+` WHERE p.system_id = ?`, systemID)
}

var migrationRecord = newRecord("migration_plans", []string{"system_id"}, "difficulty", "difficulty_reasons", "target_resources",
	"node", "planned_date", "status", "evidence", "done_date")

func migrationValues(p *domain.MigrationPlan) []any {
	return []any{string(p.Difficulty), p.DifficultyReasons, p.TargetResources, string(p.Node), fmtDate(p.PlannedDate), string(p.Status),
		p.Evidence, fmtDate(p.DoneDate)}
}

// InsertMigrationPlan stores a system's migration plan; a second one is a conflict.
func (tx *Tx) InsertMigrationPlan(ctx context.Context, p *domain.MigrationPlan) error {
	err := tx.insert(ctx, migrationRecord, append([]any{p.SystemID}, migrationValues(p)...), &p.ID, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	if isUnique(err) {
		return domain.Conflict() // created meanwhile by someone else
	}
	return wrap(err, "insert migration plan")
}

// UpdateMigrationPlan saves p if its version is still p.Version.
func (tx *Tx) UpdateMigrationPlan(ctx context.Context, p *domain.MigrationPlan) error {
	return wrap(tx.update(ctx, migrationRecord, migrationValues(p), p.ID, &p.Version, &p.UpdatedAt), "update migration plan %d", p.ID)
}

const dockingCols = `p.id, p.system_id, s.code, s.name, s.unit_id, COALESCE(n.name, ''), p.library, p.interface_version, p.node,
	p.planned_date, p.status, p.note, p.done_date, p.version, p.created_at, p.updated_at`
const dockingFrom = ` FROM docking_plans p JOIN systems s ON s.id = p.system_id LEFT JOIN units n ON n.id = s.unit_id`

var scanDocking = scanner(func(p *domain.DockingPlan) []any {
	return []any{&p.ID, &p.SystemID, &p.SystemCode, &p.SystemName, &p.UnitID, &p.UnitName, text(&p.Library), &p.InterfaceVersion,
		text(&p.Node), date(&p.PlannedDate), text(&p.Status), &p.Note, date(&p.DoneDate), &p.Version, at(&p.CreatedAt), at(&p.UpdatedAt)}
})

// DockingPlan loads a docking plan by id; domain.NotFound when there is none.
func (r Reader) DockingPlan(ctx context.Context, id int64) (*domain.DockingPlan, error) {
	return queryOne(ctx, r.q, "docking plan", scanDocking, `SELECT `+dockingCols+dockingFrom+` WHERE p.id = ?`, id)
}

// DockingPlansOf lists a system's docking plans in id order.
func (r Reader) DockingPlansOf(ctx context.Context, systemID int64) ([]*domain.DockingPlan, error) {
	return queryAll(ctx, r.q, "docking plans", scanDocking, `SELECT `+dockingCols+dockingFrom+` WHERE p.system_id = ? ORDER BY p.id`, systemID)
}

// errDockingOpen: the unique index allows one open docking plan per system and library.
var errDockingOpen = func(l domain.BaseLibrary) error {
	return domain.Errorf(domain.EConflict, "err.plan.docking_open", "baselib."+string(l))
}

var dockingRecord = newRecord("docking_plans", []string{"system_id"}, "library", "interface_version", "node", "planned_date",
	"status", "note", "done_date")

func dockingValues(p *domain.DockingPlan) []any {
	return []any{string(p.Library), p.InterfaceVersion, string(p.Node), fmtDate(p.PlannedDate), string(p.Status), p.Note, fmtDate(p.DoneDate)}
}

// InsertDockingPlan stores a docking plan; a second open one for the library is a conflict.
func (tx *Tx) InsertDockingPlan(ctx context.Context, p *domain.DockingPlan) error {
	err := tx.insert(ctx, dockingRecord, append([]any{p.SystemID}, dockingValues(p)...), &p.ID, &p.Version, &p.CreatedAt, &p.UpdatedAt)
	if isUnique(err) {
		return errDockingOpen(p.Library)
	}
	return wrap(err, "insert docking plan")
}

// UpdateDockingPlan saves p if its version is still p.Version.
func (tx *Tx) UpdateDockingPlan(ctx context.Context, p *domain.DockingPlan) error {
	err := tx.update(ctx, dockingRecord, dockingValues(p), p.ID, &p.Version, &p.UpdatedAt)
	if isUnique(err) {
		return errDockingOpen(p.Library)
	}
	return wrap(err, "update docking plan %d", p.ID)
}

// PlanCursor is the position after the last plan of a page: the list is ordered by planned
// date (the most urgent first), then kind, then id.
type PlanCursor struct {
	Date string
	Kind domain.PlanKind
	ID   int64
}

// PlanFilter narrows the combined plan list.
type PlanFilter struct {
	Query   string // system name or code contains
	UnitID  int64
	Kind    domain.PlanKind
	Status  domain.PlanStatus
	Node    domain.PlanNode
	Overdue bool   // planned date before Today and still open
	Today   string // YYYY-MM-DD, the district's today (for Overdue)
	After   PlanCursor
	Limit   int
}

const planUnion = `SELECT * FROM (
	SELECT 'migration' AS kind, p.id AS id, p.system_id AS system_id, s.code AS code, s.name AS name, s.unit_id AS unit_id,
		COALESCE(n.name, '') AS unit_name, p.status AS status, p.node AS node, p.planned_date AS planned_date, p.difficulty AS detail,
		p.done_date AS done_date` + migrationFrom + `
	UNION ALL
	SELECT 'docking', p.id, p.system_id, s.code, s.name, s.unit_id, COALESCE(n.name, ''), p.status, p.node, p.planned_date, p.library,
		p.done_date` + dockingFrom + `
) x`

// Plans lists migration and docking plans of the systems within scope, most urgent first.
func (r Reader) Plans(ctx context.Context, scope authz.Scope, f PlanFilter) ([]*domain.PlanItem, error) {
	w := r.where(`1 = 1`)
	w.scope(scope, "x.unit_id")
	w.addIf(f.After.Kind != "", `(x.planned_date > ? OR (x.planned_date = ? AND (x.kind > ? OR (x.kind = ? AND x.id > ?))))`,
		f.After.Date, f.After.Date, string(f.After.Kind), string(f.After.Kind), f.After.ID)
	w.contains(strings.TrimSpace(f.Query), "x.name", "x.code")
	eq(w, "x.unit_id", f.UnitID)
	eq(w, "x.kind", string(f.Kind))
	eq(w, "x.status", string(f.Status))
	eq(w, "x.node", string(f.Node))
	w.addIf(f.Overdue, `x.planned_date < ? AND x.status IN (?, ?)`, f.Today, string(domain.PlanPlanned), string(domain.PlanInProgress))
	return list(ctx, r.q, "plans", func(s rowScanner) (*domain.PlanItem, error) {
		var p domain.PlanItem
		err := s.Scan(text(&p.Kind), &p.ID, &p.SystemID, &p.SystemCode, &p.SystemName, &p.UnitID, &p.UnitName, text(&p.Status), text(&p.Node),
			date(&p.PlannedDate), &p.Detail, date(&p.DoneDate))
		return &p, err
	}, planUnion, w, ` ORDER BY x.planned_date, x.kind, x.id`, f.Limit)
}
