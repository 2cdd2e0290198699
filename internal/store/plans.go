package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// A system's base data uses are stored as comma-separated library:state pairs.

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

// planSystem is the joins of a plan's system and its unit (alias p, as both plan tables).
const planSystem = ` JOIN systems s ON s.id = p.system_id LEFT JOIN units n ON n.id = s.unit_id`

// planOf are the columns of the plan's system every plan has.
func planOf(systemID *int64, code, name *string, unitID *int64, unitName *string) []column {
	return []column{once("system_id", systemID), join("s.code", code), join("s.name", name), join("s.unit_id", unitID),
		join("COALESCE(n.name, '')", unitName)}
}

var migrations = newTable("migration plan", "migration_plans", "p", planSystem, func(p *domain.MigrationPlan) []column {
	return versioned(&p.ID, &p.Version, &p.CreatedAt, &p.UpdatedAt, append(planOf(&p.SystemID, &p.SystemCode, &p.SystemName, &p.UnitID, &p.UnitName),
		c("difficulty", text(&p.Difficulty)), c("difficulty_reasons", &p.DifficultyReasons), c("target_resources", &p.TargetResources),
		c("node", text(&p.Node)), c("planned_date", date(&p.PlannedDate)), c("status", text(&p.Status)), c("evidence", &p.Evidence),
		c("done_date", date(&p.DoneDate)))...)
}).onUnique(func(*domain.MigrationPlan, error) error { return domain.Conflict() }) // created meanwhile by someone else

// MigrationPlan loads a migration plan by id; domain.NotFound when there is none.
func (r Reader) MigrationPlan(ctx context.Context, id int64) (*domain.MigrationPlan, error) {
	return migrations.get(ctx, r, `p.id = ?`, id)
}

// MigrationPlanOf loads a system's migration plan; domain.NotFound when it has none.
func (r Reader) MigrationPlanOf(ctx context.Context, systemID int64) (*domain.MigrationPlan, error) {
	return migrations.get(ctx, r, `p.system_id = ?`, systemID)
}

// InsertMigrationPlan stores a system's migration plan; a second one is a conflict.
func (tx *Tx) InsertMigrationPlan(ctx context.Context, p *domain.MigrationPlan) error {
	return migrations.insert(ctx, tx, p)
}

// UpdateMigrationPlan saves p if its version is still p.Version.
func (tx *Tx) UpdateMigrationPlan(ctx context.Context, p *domain.MigrationPlan) error {
	return migrations.update(ctx, tx, p, "")
}

// The unique index allows one open docking plan per system and library.
// A plan names the standard version it follows (ORG-5, migration 0040), read with its name,
// edition and state.
var dockings = newTable("docking plan", "docking_plans", "p", planSystem+` LEFT JOIN standards sd ON sd.id = p.standard_id`, func(p *domain.DockingPlan) []column {
	return versioned(&p.ID, &p.Version, &p.CreatedAt, &p.UpdatedAt, append(planOf(&p.SystemID, &p.SystemCode, &p.SystemName, &p.UnitID, &p.UnitName),
		c("library", text(&p.Library)), c("standard_id", ref(&p.StandardID)), join("COALESCE(sd.name, '')", &p.StandardName),
		join("COALESCE(sd.edition, '')", &p.StandardEdition), join("COALESCE(sd.status, '')", text(&p.StandardStatus)),
		c("interface_version", &p.InterfaceVersion), c("node", text(&p.Node)),
		c("planned_date", date(&p.PlannedDate)), c("status", text(&p.Status)), c("note", &p.Note), c("done_date", date(&p.DoneDate)))...)
}).onUnique(func(p *domain.DockingPlan, _ error) error {
	return domain.Errorf(domain.EConflict, "err.plan.docking_open", "baselib."+string(p.Library))
})

// DockingPlan loads a docking plan by id; domain.NotFound when there is none.
func (r Reader) DockingPlan(ctx context.Context, id int64) (*domain.DockingPlan, error) {
	return dockings.get(ctx, r, `p.id = ?`, id)
}

// DockingPlansOf lists a system's docking plans in id order.
func (r Reader) DockingPlansOf(ctx context.Context, systemID int64) ([]*domain.DockingPlan, error) {
	return dockings.all(ctx, r, "docking plans", ` WHERE p.system_id = ? ORDER BY p.id`, systemID)
}

// InsertDockingPlan stores a docking plan; a second open one for the library is a conflict.
func (tx *Tx) InsertDockingPlan(ctx context.Context, p *domain.DockingPlan) error {
	return dockings.insert(ctx, tx, p)
}

// UpdateDockingPlan saves p if its version is still p.Version.
func (tx *Tx) UpdateDockingPlan(ctx context.Context, p *domain.DockingPlan) error {
	return dockings.update(ctx, tx, p, "")
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
	Overdue bool // the system has a live finding of the plan kind's lateness rule (planOverdue)
	// DoneMonth: only the plans completed in this month ("2026-03", by done_date; the overview).
	DoneMonth string
	Today     string // YYYY-MM-DD, the district's today: which docking plans a finding points at
	After     PlanCursor
	Limit     int
}

// planUnion is both kinds of plan as one table, x.
const planUnion = `(
	SELECT 'migration' AS kind, p.id AS id, p.system_id AS system_id, s.code AS code, s.name AS name, s.unit_id AS unit_id,
		COALESCE(n.name, '') AS unit_name, p.status AS status, p.node AS node, p.planned_date AS planned_date, p.difficulty AS detail,
		p.done_date AS done_date FROM migration_plans p` + planSystem + `
	UNION ALL
	SELECT 'docking', p.id, p.system_id, s.code, s.name, s.unit_id, COALESCE(n.name, ''), p.status, p.node, p.planned_date, p.library,
		p.done_date FROM docking_plans p` + planSystem + `
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
	w.addIf(f.DoneMonth != "", `substr(x.done_date, 1, 7) = ?`, f.DoneMonth)
	if _, err := time.Parse("2006-01-02", f.Today); f.Today != "" && err != nil {
		return nil, fmt.Errorf("plans: today %q: %w", f.Today, err)
	}
	overdue := planOverdue(f.Today) // a date the program made (checked above), written inline
	w.addIf(f.Overdue, overdue+` = 1`)
	return list(ctx, r.q, "plans", func(s rowScanner) (*domain.PlanItem, error) {
		var p domain.PlanItem
		err := s.Scan(text(&p.Kind), &p.ID, &p.SystemID, &p.SystemCode, &p.SystemName, &p.UnitID, &p.UnitName, text(&p.Status), text(&p.Node),
			date(&p.PlannedDate), &p.Detail, date(&p.DoneDate), flag(&p.Overdue))
		return &p, err
	}, `SELECT x.*, `+overdue+` AS overdue FROM `+planUnion, w, ` ORDER BY x.planned_date, x.kind, x.id`, f.Limit)
}

// planOverdue is 1 for an open plan whose system has a live finding of the kind's lateness rule
// (ENV-R2.migration-overdue, SHR-R8.docking-overdue): the rules judge it, not this query. A
// system has one migration plan, so its finding is the row's; its docking-lateness finding is
// one for all its docking plans (the message names the libraries), and the rows it points at
// are those of its open plans whose date has passed.
func planOverdue(today string) string {
	byDate := "" // without a day, every open docking plan of such a system
	if today != "" {
		byDate = `WHEN x.planned_date >= '` + today + `' THEN 0`
	}
	return `(CASE WHEN x.status NOT IN ('` + string(domain.PlanPlanned) + `', '` + string(domain.PlanInProgress) + `') THEN 0
	WHEN x.kind = 'migration' THEN ` + liveFindingFlag(domain.SubjectSystem, "x.system_id", domain.RuleMigrationLate) + `
	` + byDate + `
	ELSE ` + liveFindingFlag(domain.SubjectSystem, "x.system_id", domain.RuleDockingLate) + ` END)`
}
