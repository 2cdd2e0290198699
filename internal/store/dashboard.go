package store

import (
	"context"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// The overview dashboards' figures (issue 12, ORG-3): counted with GROUP BY over the registers,
// one query per register, never a loop over records. Every condition is the one the register's
// list filter writes (systemWhere, roomWhere, websiteWhere, mediaWhere, rectificationWhere,
// findingWhere), so a figure is the 共 N 条 of the list it links to; TestDashboardLinksMatchLists
// follows every link to check it.

// putCatalogSystems writes the systems an entry names as rows (catalog_entry_systems, migration
// 0041): what the catalog coverage and the systems list's ?catalogued=1 read.
func (tx *Tx) putCatalogSystems(ctx context.Context, c *domain.CatalogEntry) error {
	if _, err := tx.exec(ctx, `DELETE FROM catalog_entry_systems WHERE entry_id = ?`, c.ID); err != nil {
		return wrap(err, "catalog entry %d systems", c.ID)
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, id := range c.SystemIDs {
		if id > 0 && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	err := insertRows(ctx, tx, `INSERT INTO catalog_entry_systems (entry_id, system_id) VALUES `, ids, 100,
		func(_ int, id int64) []any { return []any{c.ID, id} })
	return wrap(err, "catalog entry %d systems", c.ID)
}

// catalogued is the condition "a published catalog entry names the system in idCol" (SHR-P3);
// its one argument is domain.CatPublished.
func catalogued(idCol string) string {
	return `EXISTS (SELECT 1 FROM catalog_entry_systems ces JOIN catalog_entries ce ON ce.id = ces.entry_id
		WHERE ces.system_id = ` + idCol + ` AND ce.status = ?)`
}

// DashUnit is one unit's figures on the overview: the counts of its registers' lists.
type DashUnit struct {
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	// Systems: running (status running); Cloud: running on the government cloud; OffCloud: a live
	// ENV-P1 finding (?offcloud=1); Catalogued: running and named by a published entry.
	Systems    int `json:"systems"`
	Cloud      int `json:"cloud"`
	OffCloud   int `json:"off_cloud"`
	Catalogued int `json:"catalogued"`
	// Rooms that must close (kind other, ENV-R3), those closed, and those with a live ENV-R3 finding.
	RoomsToClose int `json:"rooms_to_close"`
	RoomsClosed  int `json:"rooms_closed"`
	RoomsOverdue int `json:"rooms_overdue"`
	// Websites (PTL-R3): all, registered, with a live PTL-R3 finding.
	Websites           int `json:"websites"`
	WebsitesRegistered int `json:"websites_registered"`
	WebsitesOverdue    int `json:"websites_overdue"`
	// New-media accounts (PTL-R4): all, done (已落实), undecided (待定).
	Media          int `json:"media"`
	MediaDone      int `json:"media_done"`
	MediaUndecided int `json:"media_undecided"`
	// Rectification notices (FLOW-4): not closed, and owed past their deadline today.
	RectOpen    int `json:"rect_open"`
	RectOverdue int `json:"rect_overdue"`
	// Findings: open (status open), filled in by the service from the finding groups.
	Findings int `json:"findings"`
}

// DashUnits counts, per unit within scope, the figures of DashUnit (Findings aside). Units
// with no record in any of these registers are left out.
func (r Reader) DashUnits(ctx context.Context, scope authz.Scope, today time.Time) ([]*DashUnit, error) {
	by := map[int64]*DashUnit{}
	var order []int64
	unit := func(id int64) *DashUnit {
		if u := by[id]; u != nil {
			return u
		}
		u := &DashUnit{UnitID: id}
		by[id] = u
		order = append(order, id)
		return u
	}
	// Each query: unit_id, then its counts, scanned into the unit's fields.
	type part struct {
		what, sql string
		args      []any
		col       string
		fields    func(*DashUnit) []any
	}
	published := string(domain.CatPublished)
	parts := []part{
		{"systems", `SELECT s.unit_id,
			sum(CASE WHEN s.status = ? THEN 1 ELSE 0 END),
			sum(CASE WHEN s.status = ? AND s.hosting = ? THEN 1 ELSE 0 END),
			sum(CASE WHEN s.status = ? AND ` + catalogued("s.id") + ` THEN 1 ELSE 0 END)
			FROM systems s`,
			[]any{string(domain.StatusRunning), string(domain.StatusRunning), string(domain.HostingCloud), string(domain.StatusRunning), published},
			"s.unit_id", func(u *DashUnit) []any { return []any{&u.Systems, &u.Cloud, &u.Catalogued} }},
		// The systems with a live ENV-P1 finding (?offcloud=1: liveFinding), from the findings:
		// one per system and rule, so a join counts each system once.
		{"systems off the cloud", `SELECT s.unit_id, count(*) FROM findings lf JOIN systems s ON s.id = lf.subject_id AND lf.subject_kind = ?
			AND lf.rule_id = ? AND lf.status IN (?, ?)`,
			[]any{domain.SubjectSystem, domain.RuleOffCloud, string(domain.FindingOpen), string(domain.FindingWaived)},
			"s.unit_id", func(u *DashUnit) []any { return []any{&u.OffCloud} }},
		{"machine rooms", `SELECT m.unit_id,
			sum(CASE WHEN m.kind = ? THEN 1 ELSE 0 END),
			sum(CASE WHEN m.kind = ? AND m.status = ? THEN 1 ELSE 0 END),
			sum(` + liveFindingFlag(domain.SubjectRoom, "m.id", domain.RuleRoomOverdue) + `)
			FROM machine_rooms m`,
			[]any{string(domain.RoomOther), string(domain.RoomOther), string(domain.RoomClosed)},
			"m.unit_id", func(u *DashUnit) []any { return []any{&u.RoomsToClose, &u.RoomsClosed, &u.RoomsOverdue} }},
		{"websites", `SELECT w.unit_id, count(*),
			sum(CASE WHEN w.status = ? THEN 1 ELSE 0 END),
			sum(` + liveFindingFlag(domain.SubjectWebsite, "w.id", domain.RuleWebsiteOverdue) + `)
			FROM websites w`,
			[]any{string(domain.WebRegistered)},
			"w.unit_id", func(u *DashUnit) []any { return []any{&u.Websites, &u.WebsitesRegistered, &u.WebsitesOverdue} }},
		{"new media", `SELECT m.unit_id, count(*),
			sum(CASE WHEN m.status = ? THEN 1 ELSE 0 END),
			sum(CASE WHEN m.status = ? THEN 1 ELSE 0 END)
			FROM media_accounts m`,
			[]any{string(domain.MediaDone), string(domain.MediaUndecided)},
			"m.unit_id", func(u *DashUnit) []any { return []any{&u.Media, &u.MediaDone, &u.MediaUndecided} }},
		{"rectifications", `SELECT r.unit_id,
			sum(CASE WHEN r.status <> ? THEN 1 ELSE 0 END),
			sum(CASE WHEN r.status IN (?, ?) AND r.deadline < ? THEN 1 ELSE 0 END)
			FROM rectifications r`,
			[]any{string(domain.RectClosed), string(domain.RectIssued), string(domain.RectReturned), fmtDate(domain.Day(today))},
			"r.unit_id", func(u *DashUnit) []any { return []any{&u.RectOpen, &u.RectOverdue} }},
	}
	for _, p := range parts {
		w := r.where(`1 = 1`)
		w.scope(scope, p.col)
		if w.none {
			continue
		}
		err := r.q.eachRow(ctx, "overview "+p.what, func(s rowScanner) error {
			var id int64
			var n [4]int
			dest := []any{&id}
			for i := range p.fields(&DashUnit{}) {
				dest = append(dest, &n[i])
			}
			if err := s.Scan(dest...); err != nil {
				return err
			}
			for i, f := range p.fields(unit(id)) {
				*f.(*int) = n[i]
			}
			return nil
		}, p.sql+w.sql+` GROUP BY `+p.col, append(p.args, w.args...)...)
		if err != nil {
			return nil, err
		}
	}
	if len(order) > 0 {
		names, err := pairs[int64, string](ctx, r.q, "overview units", `SELECT id, name FROM units`)
		if err != nil {
			return nil, err
		}
		for _, u := range by {
			u.UnitName = names[u.UnitID]
		}
	}
	out := make([]*DashUnit, len(order))
	for i, id := range order {
		out[i] = by[id]
	}
	return out, nil
}

// DashMonthly is a count by month ("2026-03") of rows dated from a month on, and of those before.
type DashMonthly struct {
	Before  int
	ByMonth map[string]int
}

// DashSeries is a monthly series the overview draws: its table, unit column, date column
// ('YYYY-MM-DD' text) and condition.
type DashSeries struct {
	what, from, unitCol, dateCol, cond string
	args                               []any
	before                             bool // also count the rows before the first month (a running total)
}

var (
	// DashMigrated: migration plans completed (ENV-R2: the system moved onto the cloud), by done_date.
	DashMigrated = DashSeries{"migrated", `migration_plans p JOIN systems s ON s.id = p.system_id`, "s.unit_id", "p.done_date",
		`p.status = ?`, []any{string(domain.PlanMigrated)}, true}
	// DashRoomsClosed: rooms that had to close (kind other) and closed (ENV-R3), by closed_date.
	DashRoomsClosed = DashSeries{"rooms closed", `machine_rooms m`, "m.unit_id", "m.closed_date",
		`m.kind = ? AND m.status = ?`, []any{string(domain.RoomOther), string(domain.RoomClosed)}, true}
	// DashWebsitesRegistered: websites by the day they were registered (PTL-R3).
	DashWebsitesRegistered = DashSeries{"websites registered", `websites w`, "w.unit_id", "w.registered_date", `1 = 1`, nil, false}
	// DashMediaDone: new-media accounts whose decision was carried out (PTL-R4), by done_date.
	DashMediaDone = DashSeries{"media done", `media_accounts m`, "m.unit_id", "m.done_date", `m.status = ?`, []any{string(domain.MediaDone)}, false}
	// DashCatalogPublished: published catalog entries (SHR-R4) by publish_date.
	DashCatalogPublished = DashSeries{"catalog published", `catalog_entries c`, "c.provider_unit_id", "c.publish_date",
		`c.status = ?`, []any{string(domain.CatPublished)}, false}
	// DashRectIssued: rectification notices (FLOW-4) by the day they were issued.
	DashRectIssued = DashSeries{"rectifications issued", `rectifications r`, "r.unit_id", "r.issued_on", `1 = 1`, nil, false}
)

// DashCounts counts the rows of the series within scope by month from the month of since on.
func (r Reader) DashCounts(ctx context.Context, scope authz.Scope, x DashSeries, since time.Time) (DashMonthly, error) {
	out := DashMonthly{ByMonth: map[string]int{}}
	w := r.where(x.cond, x.args...)
	w.scope(scope, x.unitCol)
	w.add(x.dateCol + ` <> ''`)
	if w.none {
		return out, nil
	}
	start := since.Format("2006-01") + "-01"
	if !x.before { // the months only: a range of the date's index where there is one
		w.add(x.dateCol+` >= ?`, start)
	}
	// By day, which an index on the date (catalog_entries_published) gives in order without
	// sorting; the days are added up by month here (at most a few thousand rows).
	err := r.q.eachRow(ctx, "overview "+x.what, func(s rowScanner) error {
		var day string
		var n int
		if err := s.Scan(&day, &n); err != nil {
			return err
		}
		if day < start {
			out.Before += n
		} else {
			out.ByMonth[day[:min(7, len(day))]] += n
		}
		return nil
	}, `SELECT `+x.dateCol+`, count(*) FROM `+x.from+w.sql+` GROUP BY `+x.dateCol, w.args...)
	return out, err
}

// DashProjectCount is the number of applications of a year in a status and stage.
type DashProjectCount struct {
	Year   int
	Status domain.ProjectStatus
	Stage  domain.ProjectStage
	N      int
}

// DashProjects counts the applications within scope by year, status and stage (FLOW-2, FLOW-4).
func (r Reader) DashProjects(ctx context.Context, scope authz.Scope) ([]DashProjectCount, error) {
	w := r.where(`1 = 1`)
	w.scope(scope, "p.unit_id")
	if w.none {
		return nil, nil
	}
	return queryAll(ctx, r.q, "overview projects", func(s rowScanner) (DashProjectCount, error) {
		var c DashProjectCount
		err := s.Scan(&c.Year, text(&c.Status), text(&c.Stage), &c.N)
		return c, err
	}, `SELECT p.year, p.status, p.stage, count(*) FROM projects p`+w.sql+` GROUP BY p.year, p.status, p.stage`, w.args...)
}

// DashSpotCount is the number of spot checks of published rounds at a stage with an outcome.
type DashSpotCount struct {
	Stage  domain.ProjectStage
	Status domain.SpotCheckStatus
	N      int
}

// PublishedCheckFilter narrows the checks of published rounds (一公开, FLOW-4): the overview's
// spot-check outcomes and the list they drill into.
type PublishedCheckFilter struct {
	Stage  domain.ProjectStage
	Status domain.SpotCheckStatus
	UnitID int64
	After  int64 // the id of the last check of the previous page (newest first)
	Limit  int
}

func (r Reader) publishedCheckWhere(scope authz.Scope, f PublishedCheckFilter) *filter {
	w := r.where(`r.status = ?`, string(domain.RoundPublished))
	w.scope(scope, "k.unit_id")
	eq(w, "r.stage", string(f.Stage))
	eq(w, "k.status", string(f.Status))
	eq(w, "k.unit_id", f.UnitID)
	return w
}

// PublishedChecks lists the checks of published rounds of the units within scope, newest first.
func (r Reader) PublishedChecks(ctx context.Context, scope authz.Scope, f PublishedCheckFilter) ([]*domain.SpotCheck, error) {
	w := r.publishedCheckWhere(scope, f)
	w.addIf(f.After > 0, `k.id < ?`, f.After)
	return spotChecks.list(ctx, r, "published spot checks", w, ` ORDER BY k.id DESC`, f.Limit)
}

// CountPublishedChecks counts what PublishedChecks lists (its paging aside).
func (r Reader) CountPublishedChecks(ctx context.Context, scope authz.Scope, f PublishedCheckFilter) (int, error) {
	return r.countWhere(ctx, "published spot checks", `spot_checks k JOIN check_rounds r ON r.id = k.round_id`, r.publishedCheckWhere(scope, f))
}

// DashSpotChecks counts the checks of published rounds of the units within scope by the round's
// stage and the check's outcome (PublishedChecks' condition).
func (r Reader) DashSpotChecks(ctx context.Context, scope authz.Scope) ([]DashSpotCount, error) {
	w := r.publishedCheckWhere(scope, PublishedCheckFilter{})
	if w.none {
		return nil, nil
	}
	return queryAll(ctx, r.q, "overview spot checks", func(s rowScanner) (DashSpotCount, error) {
		var c DashSpotCount
		err := s.Scan(text(&c.Stage), text(&c.Status), &c.N)
		return c, err
	}, `SELECT r.stage, k.status, count(*) FROM spot_checks k JOIN check_rounds r ON r.id = k.round_id`+w.sql+
		` GROUP BY r.stage, k.status`, w.args...)
}

// DashAnswers is how many answers were given in a window and their mean time in days.
type DashAnswers struct {
	N        int     `json:"count"`
	MeanDays float64 `json:"mean_days"`
}

// DashAnswerTimes measures the answers given in [from, to) by the units within scope as
// providers: sharing requests (the day submitted → approved or refused) when sharing is true,
// else data-correction feedback (reported → first fix or dispute, SHR-R6).
func (r Reader) DashAnswerTimes(ctx context.Context, scope authz.Scope, sharing bool, from, to time.Time) (DashAnswers, error) {
	table, start := `feedback f`, `f.reported_at / 1000000.0`
	if sharing {
		// submitted_on is the district's day (UTC+8): it began 8 hours before its UTC midnight.
		table, start = `sharing_requests f`, `((julianday(f.submitted_on) - 2440587.5) * 86400 - 28800)`
		if r.q.d == Postgres {
			start = `(extract(epoch FROM f.submitted_on::date) - 28800)`
		}
	}
	w := r.where(`f.answered_at >= ? AND f.answered_at < ?`, micros(from), micros(to))
	w.scope(scope, `f.provider_unit_id`)
	var out DashAnswers
	if w.none {
		return out, nil
	}
	var sum float64
	err := r.q.row(ctx, `SELECT count(*), CAST(COALESCE(sum(f.answered_at / 1000000.0 - `+start+`), 0) AS DOUBLE PRECISION) FROM `+table+w.sql, w.args...).Scan(&out.N, &sum)
	if err != nil {
		return out, wrap(err, "overview answer times")
	}
	if out.N > 0 {
		out.MeanDays = sum / float64(out.N) / 86400
	}
	return out, nil
}

// DashFindingFlow counts the findings within scope first seen since, and those resolved since.
func (r Reader) DashFindingFlow(ctx context.Context, scope authz.Scope, since time.Time) (found, resolved int, err error) {
	w := r.where(`1 = 1`)
	w.scope(scope, "f.unit_id")
	if w.none {
		return 0, 0, nil
	}
	err = r.q.row(ctx, `SELECT COALESCE(sum(CASE WHEN f.first_seen >= ? THEN 1 ELSE 0 END), 0),
		COALESCE(sum(CASE WHEN f.resolved_at >= ? THEN 1 ELSE 0 END), 0) FROM findings f`+w.sql,
		append([]any{micros(since), micros(since)}, w.args...)...).Scan(&found, &resolved)
	return found, resolved, wrap(err, "overview finding flow")
}

// CountCatalog counts the entries the scope may see that match f, its search aside (the
// overview's published entries: catalogWhere, the list's own condition).
func (r Reader) CountCatalog(ctx context.Context, scope authz.Scope, f CatalogFilter) (int, error) {
	f.Query = ""
	return r.countWhere(ctx, "catalog", "catalog_entries c", r.catalogWhere(scope, f, catalogPlan{}))
}
