package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// Governance rules (issue 11), migration 0033: the published rule sets, the findings the rules
// make, waivers, the gates' decisions and the sweep's lease. The rules themselves, and what a
// finding means, are the service's (app/rules.go) and the engine's (internal/rules); the store
// keeps rows.

// RuleSetRow is one published version of the rule set; Body is the rules as JSON.
type RuleSetRow struct {
	Version         int64     `json:"version"`
	GuideYear       int       `json:"guide_year"`
	Note            string    `json:"note"`
	Body            string    `json:"-"`
	PublishedBy     int64     `json:"published_by,omitempty"`
	PublishedByName string    `json:"published_by_name,omitempty"`
	PublishedAt     time.Time `json:"published_at"`
}

const ruleSetSelect = `SELECT rs.version, rs.guide_year, rs.note, rs.body, COALESCE(rs.published_by, 0), COALESCE(u.name, ''),
	rs.published_at FROM rule_sets rs LEFT JOIN users u ON u.id = rs.published_by`

func scanRuleSet(s rowScanner) (*RuleSetRow, error) {
	var x RuleSetRow
	var at int64
	err := s.Scan(&x.Version, &x.GuideYear, &x.Note, &x.Body, &x.PublishedBy, &x.PublishedByName, &at)
	x.PublishedAt = fromMicros(at)
	return &x, err
}

// LatestRuleSet is the rule set in force (the highest version); domain.NotFound when none was
// published yet.
func (r Reader) LatestRuleSet(ctx context.Context) (*RuleSetRow, error) {
	return r.RuleSet(ctx, 0)
}

// RuleSet loads one version (0: the latest); domain.NotFound when there is none.
func (r Reader) RuleSet(ctx context.Context, version int64) (*RuleSetRow, error) {
	q := ruleSetSelect + ` WHERE rs.version = ?`
	args := []any{version}
	if version == 0 {
		q, args = ruleSetSelect+` ORDER BY rs.version DESC LIMIT 1`, nil
	}
	x, err := scanRuleSet(r.q.row(ctx, q, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.NotFound()
	}
	return x, wrap(err, "rule set %d", version)
}

// LatestRuleSetHead is the version in force and when it was published, without its rules (the
// service's cache key); domain.NotFound when none was published yet.
func (r Reader) LatestRuleSetHead(ctx context.Context) (*RuleSetRow, error) {
	var x RuleSetRow
	var at int64
	err := r.q.row(ctx, `SELECT version, published_at FROM rule_sets ORDER BY version DESC LIMIT 1`).Scan(&x.Version, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.NotFound()
	}
	x.PublishedAt = fromMicros(at)
	return &x, wrap(err, "latest rule set")
}

// LatestRuleSetVersion is the version in force, 0 when none was published.
func (r Reader) LatestRuleSetVersion(ctx context.Context) (int64, error) {
	var v int64
	err := r.q.row(ctx, `SELECT COALESCE(MAX(version), 0) FROM rule_sets`).Scan(&v)
	return v, wrap(err, "latest rule set")
}

// RuleSets lists every version, newest first (their bodies too: a set is some tens of KB).
func (r Reader) RuleSets(ctx context.Context) ([]*RuleSetRow, error) {
	return queryAll(ctx, r.q, "rule sets", scanRuleSet, ruleSetSelect+` ORDER BY rs.version DESC`)
}

// InsertRuleSet stores a new version; the version must be free (domain.Conflict when another
// publication took it first: the PRIMARY KEY decides between replicas).
func (tx *Tx) InsertRuleSet(ctx context.Context, x *RuleSetRow) error {
	_, err := tx.exec(ctx, `INSERT INTO rule_sets (version, guide_year, note, body, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?)`,
		x.Version, x.GuideYear, x.Note, x.Body, nullID(x.PublishedBy), micros(x.PublishedAt))
	if isUnique(err) {
		return domain.Conflict()
	}
	return wrap(err, "insert rule set %d", x.Version)
}

// FindingKey names a finding: its subject and rule.
type FindingKey struct {
	Kind    string
	Subject int64
	Rule    string
}

const findingSelect = `SELECT f.id, f.subject_kind, f.subject_id, f.subject_name, f.unit_id, COALESCE(u.name, ''), f.rule_id, f.rule_version,
	f.clauses, f.severity, f.message_zh, f.message_en, f.status, f.first_seen, f.last_seen, f.resolved_at
	FROM findings f LEFT JOIN units u ON u.id = f.unit_id`

// findingSync is findingSelect without the unit's name (the sweep compares, it does not show).
const findingSync = `SELECT f.id, f.subject_kind, f.subject_id, f.subject_name, f.unit_id, '', f.rule_id, f.rule_version,
	f.clauses, f.severity, f.message_zh, f.message_en, f.status, f.first_seen, f.last_seen, f.resolved_at FROM findings f`

func scanFinding(s rowScanner) (*domain.Finding, error) {
	var x domain.Finding
	var clauses string
	var first, last, resolved int64
	err := s.Scan(&x.ID, &x.SubjectKind, &x.SubjectID, &x.SubjectName, &x.UnitID, &x.UnitName, &x.RuleID, &x.RuleVersion,
		&clauses, &x.Severity, &x.MessageZH, &x.MessageEN, &x.Status, &first, &last, &resolved)
	x.Clauses = strings.Fields(clauses)
	x.FirstSeen, x.LastSeen, x.ResolvedAt = fromMicros(first), fromMicros(last), fromMicros(resolved)
	return &x, err
}

// FindingFilter narrows the findings.
type FindingFilter struct {
	Kind       string
	SubjectID  int64   // with Kind: one record's
	SubjectIDs []int64 // with Kind: these records' (nil: no condition; empty: none)
	UnitID     int64
	RuleID     string
	Clause     string // findings citing this clause
	Severity   string
	Status     domain.FindingStatus // "": open and waived (the rule still fires)
	All        bool                 // resolved ones too, when Status is ""
	After      int64                // the id of the last finding of the previous page (newest first)
	Limit      int
}

func (r Reader) findingWhere(scope authz.Scope, f FindingFilter) *filter {
	return r.findingWhereOn(scope, f, "f.status")
}

// findingWhereOn is findingWhere testing the state through the expression status.
func (r Reader) findingWhereOn(scope authz.Scope, f FindingFilter, status string) *filter {
	w := r.where(`1 = 1`)
	w.scope(scope, "f.unit_id")
	eq(w, "f.subject_kind", f.Kind)
	eq(w, "f.subject_id", f.SubjectID)
	w.in("f.subject_id", f.SubjectIDs)
	eq(w, "f.unit_id", f.UnitID)
	eq(w, "f.rule_id", f.RuleID)
	eq(w, "f.severity", f.Severity)
	if f.Clause != "" {
		w.add(`(' ' || f.clauses || ' ') LIKE ?`, "% "+escapeLike(f.Clause)+" %")
	}
	switch {
	case f.Status != "":
		w.add(status+` = ?`, string(f.Status))
	case !f.All:
		w.add(status+` IN (?, ?)`, string(domain.FindingOpen), string(domain.FindingWaived))
	}
	return w
}

// Findings lists the findings within scope that pass f, newest first.
//
// On SQLite the live states (the default, or open) are tested row by row (+f.status) rather than
// through findings_status: most findings are live, and the embedded SQLite planned the state's
// index and sorted every live finding for a page of 50 (0.3–1 s at city scale, 93,600 findings:
// docs/PERFORMANCE.md, City scale); walking the ids backwards stops after the page. The rare
// states (resolved, waived) keep the index; a unit's scope still goes through findings_unit.
func (r Reader) Findings(ctx context.Context, scope authz.Scope, f FindingFilter) ([]*domain.Finding, error) {
	status := "f.status"
	if r.d == SQLite && !f.All && (f.Status == "" || f.Status == domain.FindingOpen) {
		status = "+f.status"
	}
	w := r.findingWhereOn(scope, f, status)
	w.addIf(f.After > 0, `f.id < ?`, f.After)
	return list(ctx, r.q, "findings", scanFinding, findingSelect, w, ` ORDER BY f.id DESC`, f.Limit)
}

// CountFindings counts the findings within scope that pass f (its paging aside).
func (r Reader) CountFindings(ctx context.Context, scope authz.Scope, f FindingFilter) (int, error) {
	return r.countWhere(ctx, "findings", `findings f`, r.findingWhere(scope, f))
}

// FindingGroup is a count of findings with the same clauses, severity, unit and rule.
type FindingGroup struct {
	Clauses  []string
	Severity string
	UnitID   int64
	UnitName string
	RuleID   string
	Kind     string
	N        int
}

// FindingGroups counts the findings within scope that pass f by clauses, severity, unit and
// rule, for the counts by clause, unit and severity (the service adds them up). Grouped in the
// order of findings_groups (migration 0042), which holds every column read: a status's
// findings are counted from the index alone, and the units' names joined to the groups.
func (r Reader) FindingGroups(ctx context.Context, scope authz.Scope, f FindingFilter) ([]FindingGroup, error) {
	w := r.findingWhere(scope, f)
	if w.none {
		return nil, nil
	}
	return queryAll(ctx, r.q, "finding counts", func(s rowScanner) (FindingGroup, error) {
		var g FindingGroup
		var clauses string
		err := s.Scan(&clauses, &g.Severity, &g.UnitID, &g.UnitName, &g.RuleID, &g.Kind, &g.N)
		g.Clauses = strings.Fields(clauses)
		return g, err
	}, `SELECT g.clauses, g.severity, g.unit_id, COALESCE(u.name, ''), g.rule_id, g.subject_kind, g.n FROM (
		SELECT f.unit_id, f.rule_id, f.subject_kind, f.severity, f.clauses, count(*) AS n FROM findings f`+w.sql+
		` GROUP BY f.unit_id, f.rule_id, f.subject_kind, f.severity, f.clauses) g LEFT JOIN units u ON u.id = g.unit_id`, w.args...)
}

// Finding loads one finding; domain.NotFound when there is none.
func (r Reader) Finding(ctx context.Context, id int64) (*domain.Finding, error) {
	x, err := scanFinding(r.q.row(ctx, findingSelect+` WHERE f.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.NotFound()
	}
	return x, wrap(err, "finding %d", id)
}

// FindingsOfSubjects loads every finding (resolved ones too) of the subjects of one kind, by
// subject and rule; ids nil: of every subject of the kind (the sweep).
func (r Reader) FindingsOfSubjects(ctx context.Context, kind string, ids []int64) (map[FindingKey]*domain.Finding, error) {
	out := map[FindingKey]*domain.Finding{}
	add := func(s rowScanner) error {
		x, err := scanFinding(s)
		if err != nil {
			return err
		}
		out[FindingKey{x.SubjectKind, x.SubjectID, x.RuleID}] = x
		return nil
	}
	if ids == nil {
		return out, r.q.eachRow(ctx, "findings of "+kind, add, findingSync+` WHERE f.subject_kind = ?`, kind)
	}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		cond, args := inList("f.subject_id", ids[:n], []any{kind})
		if err := r.q.eachRow(ctx, "findings of "+kind, add, findingSync+` WHERE f.subject_kind = ? AND `+cond, args...); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

// InsertFinding stores a new finding.
func (tx *Tx) InsertFinding(ctx context.Context, x *domain.Finding) error {
	return wrap(tx.q.row(ctx, `INSERT INTO findings (subject_kind, subject_id, unit_id, subject_name, rule_id, rule_version, clauses,
		severity, message_zh, message_en, status, first_seen, last_seen, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		x.SubjectKind, x.SubjectID, x.UnitID, x.SubjectName, x.RuleID, x.RuleVersion, strings.Join(x.Clauses, " "), x.Severity,
		x.MessageZH, x.MessageEN, string(x.Status), micros(x.FirstSeen), micros(x.LastSeen), micros(x.ResolvedAt)).Scan(&x.ID),
		"insert finding %s of %s %d", x.RuleID, x.SubjectKind, x.SubjectID)
}

// UpdateFinding saves a finding's every changing column.
func (tx *Tx) UpdateFinding(ctx context.Context, x *domain.Finding) error {
	_, err := tx.exec(ctx, `UPDATE findings SET unit_id = ?, subject_name = ?, rule_version = ?, clauses = ?, severity = ?, message_zh = ?,
		message_en = ?, status = ?, first_seen = ?, last_seen = ?, resolved_at = ? WHERE id = ?`,
		x.UnitID, x.SubjectName, x.RuleVersion, strings.Join(x.Clauses, " "), x.Severity, x.MessageZH, x.MessageEN, string(x.Status),
		micros(x.FirstSeen), micros(x.LastSeen), micros(x.ResolvedAt), x.ID)
	return wrap(err, "update finding %d", x.ID)
}

// TouchFindings marks every live finding of the kind seen at now by the version (the sweep,
// after it wrote what changed: one statement instead of one per finding).
func (tx *Tx) TouchFindings(ctx context.Context, kind string, version int64, now time.Time) error {
	_, err := tx.exec(ctx, `UPDATE findings SET last_seen = ?, rule_version = ? WHERE subject_kind = ? AND status IN (?, ?)`,
		micros(now), version, kind, string(domain.FindingOpen), string(domain.FindingWaived))
	return wrap(err, "touch findings of %s", kind)
}

// Waivers (豁免).

var waivers = newTable("waiver", "waivers", "w", ` LEFT JOIN units u ON u.id = w.unit_id`,
	func(x *domain.Waiver) []column {
		return versioned(&x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt,
			once("subject_kind", &x.SubjectKind), once("subject_id", &x.SubjectID), once("unit_id", &x.UnitID),
			join("COALESCE(u.name, '')", &x.UnitName), join(`COALESCE((SELECT f.subject_name FROM findings f WHERE f.subject_kind = w.subject_kind
				AND f.subject_id = w.subject_id AND f.rule_id = w.rule_id), '')`, &x.SubjectName),
			once("rule_id", &x.RuleID), once("reason", &x.Reason), once("expires_on", date(&x.ExpiresOn)),
			c("status", text(&x.Status)), c("comment", &x.Comment), once("requested_by", ref(&x.RequestedBy)),
			c("decided_by", ref(&x.DecidedBy)), c("decided_at", at(&x.DecidedAt)))
	})

// Waiver loads one waiver; domain.NotFound when there is none.
func (r Reader) Waiver(ctx context.Context, id int64) (*domain.Waiver, error) {
	return waivers.get(ctx, r, `w.id = ?`, id)
}

// WaiverFilter narrows the waivers.
type WaiverFilter struct {
	Kind      string
	SubjectID int64
	RuleID    string
	UnitID    int64
	Status    domain.WaiverStatus
	After     int64
	Limit     int
}

func (r Reader) waiverWhere(scope authz.Scope, f WaiverFilter) *filter {
	w := r.where(`1 = 1`)
	w.scope(scope, "w.unit_id")
	eq(w, "w.subject_kind", f.Kind)
	eq(w, "w.subject_id", f.SubjectID)
	eq(w, "w.rule_id", f.RuleID)
	eq(w, "w.unit_id", f.UnitID)
	eq(w, "w.status", string(f.Status))
	return w
}

// Waivers lists the waivers within scope that pass f, newest first.
func (r Reader) Waivers(ctx context.Context, scope authz.Scope, f WaiverFilter) ([]*domain.Waiver, error) {
	w := r.waiverWhere(scope, f)
	w.addIf(f.After > 0, `w.id < ?`, f.After)
	return waivers.list(ctx, r, "waivers", w, ` ORDER BY w.id DESC`, f.Limit)
}

// CountWaivers counts the waivers within scope that pass f.
func (r Reader) CountWaivers(ctx context.Context, scope authz.Scope, f WaiverFilter) (int, error) {
	return r.countWhere(ctx, "waivers", `waivers w`, r.waiverWhere(scope, f))
}

// HoldingWaivers loads the approved waivers of a kind that hold on today, by subject and rule
// (ids nil: of every subject of the kind).
func (r Reader) HoldingWaivers(ctx context.Context, kind string, ids []int64, today time.Time) (map[FindingKey]*domain.Waiver, error) {
	w := r.where(`w.subject_kind = ? AND w.status = ? AND w.expires_on >= ?`, kind, string(domain.WaiverApproved), fmtDate(today))
	w.in("w.subject_id", ids)
	xs, err := waivers.list(ctx, r, "waivers in force", w, ``, 0)
	out := map[FindingKey]*domain.Waiver{}
	for _, x := range xs {
		out[FindingKey{x.SubjectKind, x.SubjectID, x.RuleID}] = x
	}
	return out, err
}

// LapsedWaivers lists the approved waivers whose expiry is before today, oldest first.
func (r Reader) LapsedWaivers(ctx context.Context, today time.Time) ([]*domain.Waiver, error) {
	return waivers.all(ctx, r, "lapsed waivers", ` WHERE w.status = ? AND w.expires_on < ? ORDER BY w.id`,
		string(domain.WaiverApproved), fmtDate(today))
}

// InsertWaiver stores a new waiver request.
func (tx *Tx) InsertWaiver(ctx context.Context, x *domain.Waiver) error {
	return waivers.insert(ctx, tx, x)
}

// UpdateWaiver saves x if its version is still x.Version.
func (tx *Tx) UpdateWaiver(ctx context.Context, x *domain.Waiver) error {
	return waivers.update(ctx, tx, x, "")
}

// RuleDecision is a gate's decision (allow, warn, deny) and the rule-set version that made it.
type RuleDecision struct {
	ID          int64     `json:"id"`
	Gate        string    `json:"gate"`
	Kind        string    `json:"subject_kind"`
	SubjectID   int64     `json:"subject_id"`
	RuleVersion int64     `json:"rule_version"`
	Outcome     string    `json:"outcome"`
	Violations  string    `json:"-"` // JSON
	ActorID     int64     `json:"actor_id,omitempty"`
	ActorName   string    `json:"actor_name,omitempty"`
	At          time.Time `json:"at"`
}

// InsertRuleDecision records a gate's decision.
func (tx *Tx) InsertRuleDecision(ctx context.Context, x *RuleDecision) error {
	return wrap(tx.q.row(ctx, `INSERT INTO rule_decisions (gate, subject_kind, subject_id, rule_version, outcome, violations, actor_id, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, x.Gate, x.Kind, x.SubjectID, x.RuleVersion, x.Outcome, x.Violations,
		nullID(x.ActorID), micros(x.At)).Scan(&x.ID), "insert rule decision")
}

// RuleDecisions lists a subject's gate decisions, newest first.
func (r Reader) RuleDecisions(ctx context.Context, kind string, subjectID int64) ([]*RuleDecision, error) {
	return queryAll(ctx, r.q, "rule decisions", func(s rowScanner) (*RuleDecision, error) {
		var x RuleDecision
		var at int64
		err := s.Scan(&x.ID, &x.Gate, &x.Kind, &x.SubjectID, &x.RuleVersion, &x.Outcome, &x.Violations, &x.ActorID, &x.ActorName, &at)
		x.At = fromMicros(at)
		return &x, err
	}, `SELECT d.id, d.gate, d.subject_kind, d.subject_id, d.rule_version, d.outcome, d.violations, COALESCE(d.actor_id, 0),
		COALESCE(u.name, ''), d.at FROM rule_decisions d LEFT JOIN users u ON u.id = d.actor_id
		WHERE d.subject_kind = ? AND d.subject_id = ? ORDER BY d.id DESC`, kind, subjectID)
}

// TryLease takes the named lease for holder until now+ttl when it is free, expired or already
// the holder's: one statement, so of several replicas asking at once exactly one gets it.
func (db *DB) TryLease(ctx context.Context, name, holder string, now time.Time, ttl time.Duration) (bool, error) {
	res, err := db.w.ExecContext(ctx, db.Read().rebind(`INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE leases.expires_at < ? OR leases.holder = ?`), name, holder, micros(now.Add(ttl)), micros(now), holder)
	if err != nil {
		return false, wrap(err, "lease %s", name)
	}
	n, err := res.RowsAffected()
	return n == 1, wrap(err, "lease %s", name)
}

// ReleaseLease gives the lease back if holder holds it.
func (db *DB) ReleaseLease(ctx context.Context, name, holder string) error {
	_, err := db.w.ExecContext(ctx, db.Read().rebind(`DELETE FROM leases WHERE name = ? AND holder = ?`), name, holder)
	return wrap(err, "release lease %s", name)
}

// The facts the rules read beside the records (app/rule_subjects.go).

// RuleSystems loads the systems with the ids (nil: every system), in id order, with the fields
// the rules read (app/rule_subjects.go) and no others: the sweep reads every system of the
// district, and the registry's full row costs twice as much to scan.
func (r Reader) RuleSystems(ctx context.Context, ids []int64) ([]*domain.System, error) {
	const sel = `SELECT s.id, s.code, s.name, s.unit_id, COALESCE(n.name, ''), s.category, s.classification, s.hosting, s.network,
		s.cloud_exemption, s.status, s.status_at, s.user_levels, s.exchange_channels, s.base_data
		FROM systems s LEFT JOIN units n ON n.id = s.unit_id`
	var out []*domain.System
	scan := func(row rowScanner) error {
		var x domain.System
		var levels, channels, base, since string
		if err := row.Scan(&x.ID, &x.Code, &x.Name, &x.UnitID, &x.UnitName, &x.Category, &x.Classification, &x.Hosting, &x.Network,
			&x.CloudExemption, &x.Status, &since, &levels, &channels, &base); err != nil {
			return err
		}
		x.StatusAt, x.UserLevels, x.ExchangeChannels = parseDate(since), parseCodes[domain.UserLevel](levels), parseCodes[domain.ExchangeChannel](channels)
		if base != "" {
			x.BaseData = parseBaseData(base)
		}
		out = append(out, &x)
		return nil
	}
	if ids == nil {
		return out, r.q.eachRow(ctx, "systems for the rules", scan, sel+` ORDER BY s.id`)
	}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		cond, args := inList("s.id", ids[:n], nil)
		if err := r.q.eachRow(ctx, "systems for the rules", scan, sel+` WHERE `+cond+` ORDER BY s.id`, args...); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

// PlanState is where a system's migration plan stands: its status and planned date.
type PlanState struct {
	Status  domain.PlanStatus
	Planned string // 2026-12-07
}

// DockingState is a system's open docking plan: the library and its planned date.
type DockingState struct {
	Library domain.BaseLibrary
	Planned string // 2026-12-07
}

// SystemPlanFacts reads, for the systems with the ids (nil: all), their migration plan's state
// and their open docking plans.
func (r Reader) SystemPlanFacts(ctx context.Context, ids []int64) (map[int64]PlanState, map[int64][]DockingState, error) {
	mig, dock := map[int64]PlanState{}, map[int64][]DockingState{}
	each := func(run func(cond string, args []any) error) error {
		if ids == nil {
			return run(`1 = 1`, nil)
		}
		for rest := ids; len(rest) > 0; {
			n := min(len(rest), 500)
			cond, args := inList("system_id", rest[:n], nil)
			if err := run(cond, args); err != nil {
				return err
			}
			rest = rest[n:]
		}
		return nil
	}
	err := each(func(cond string, args []any) error {
		return r.q.eachRow(ctx, "migration plan states", func(s rowScanner) error {
			var id int64
			var p PlanState
			if err := s.Scan(&id, &p.Status, &p.Planned); err != nil {
				return err
			}
			mig[id] = p
			return nil
		}, `SELECT system_id, status, planned_date FROM migration_plans WHERE `+cond, args...)
	})
	if err != nil {
		return nil, nil, err
	}
	err = each(func(cond string, args []any) error {
		return r.q.eachRow(ctx, "open docking plans", func(s rowScanner) error {
			var id int64
			var d DockingState
			if err := s.Scan(&id, &d.Library, &d.Planned); err != nil {
				return err
			}
			dock[id] = append(dock[id], d)
			return nil
		}, `SELECT system_id, library, planned_date FROM docking_plans WHERE status IN (?, ?) AND `+cond,
			append([]any{string(domain.PlanPlanned), string(domain.PlanInProgress)}, args...)...)
	})
	return mig, dock, err
}

// CatalogPublishedCounts counts, of the catalog entries with the ids, those published.
func (r Reader) CatalogPublishedCount(ctx context.Context, ids []int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	cond, args := inList("id", ids, []any{string(domain.CatPublished)})
	return r.q.count(ctx, "published catalog entries", `SELECT count(*) FROM catalog_entries WHERE status = ? AND `+cond, args...)
}

// HasLiveFinding reports whether the subject has a live (open or waived) finding of the rule.
func (r Reader) HasLiveFinding(ctx context.Context, kind string, id int64, rule string) (bool, error) {
	n, err := r.count(ctx, "live finding", `SELECT count(*) FROM findings WHERE subject_kind = ? AND subject_id = ? AND rule_id = ? AND status IN (?, ?)`,
		kind, id, rule, string(domain.FindingOpen), string(domain.FindingWaived))
	return n > 0, err
}

// UnitNames names the units with the ids (an application's exchange partners), in one query
// and without the people a unit's full row reads (and unseals).
func (r Reader) UnitNames(ctx context.Context, ids []int64) (map[int64]string, error) {
	type named struct {
		id   int64
		name string
	}
	rows, err := keyed(ctx, r.q, "unit names", func(s rowScanner) (named, error) {
		var n named
		return n, s.Scan(&n.id, &n.name)
	}, func(n named) int64 { return n.id }, `SELECT id, name FROM units`, "id", ids)
	out := make(map[int64]string, len(rows))
	for id, n := range rows {
		out[id] = n.name
	}
	return out, err
}

// CountLiveWebsitesOfUnit counts the unit's websites that are not closed or merged (PTL-R1).
func (r Reader) CountLiveWebsitesOfUnit(ctx context.Context, unitID int64) (int, error) {
	return r.count(ctx, "live websites of unit", `SELECT count(*) FROM websites WHERE unit_id = ? AND status NOT IN (?, ?)`,
		unitID, string(domain.WebClosed), string(domain.WebMerged))
}
