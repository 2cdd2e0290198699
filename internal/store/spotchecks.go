package store

import (
	"context"
	"time"

	"archgov/internal/domain"
)

// Random spot checks (随机抽查, FLOW-4), migration 0030: the rounds, the checks of a round with
// their inspectors (JSON on the check, names as drawn, and one row each in
// spot_check_inspectors for who may read them) and outcomes (JSON), and projects.stage_at that
// a round's candidates are chosen by.

var checkRounds = newTable("check round", "check_rounds", "r", ` LEFT JOIN users pb ON pb.id = r.published_by`,
	func(x *domain.CheckRound) []column {
		return versioned(&x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt, c("title", &x.Title), c("stage", text(&x.Stage)),
			c("period_from", date(&x.PeriodFrom)), c("period_to", date(&x.PeriodTo)), c("sample_size", &x.SampleSize),
			c("sample_percent", &x.SamplePercent), c("include_key", flag(&x.IncludeKey)), c("inspectors_per", &x.InspectorsPer),
			c("pool_office", flag(&x.PoolOffice)), c("pool_experts", flag(&x.PoolExperts)), c("pool_supervisors", flag(&x.PoolSupervisors)),
			c("status", text(&x.Status)), c("candidates", jsonList(&x.Candidates)), c("project_draw_id", ref(&x.ProjectDrawID)),
			c("drawn_at", at(&x.DrawnAt)), c("published_at", at(&x.PublishedAt)), c("published_by", ref(&x.PublishedBy)),
			join("COALESCE(pb.name, '')", &x.PublisherName), once("created_by", ref(&x.CreatedBy)))
	})

// CheckRound loads one round; domain.NotFound when there is none.
func (r Reader) CheckRound(ctx context.Context, id int64) (*domain.CheckRound, error) {
	return checkRounds.get(ctx, r, `r.id = ?`, id)
}

// CheckRoundFilter narrows the rounds: by stage and status, a page after an id (newest first).
type CheckRoundFilter struct {
	Stage  domain.ProjectStage
	Status domain.CheckRoundStatus
	After  int64
	Limit  int
}

// CheckRounds lists the rounds newest first: every one when all (the office), else the
// published ones and those the account self inspects a check of.
func (r Reader) CheckRounds(ctx context.Context, all bool, self int64, f CheckRoundFilter) ([]*domain.CheckRound, error) {
	w := r.where(`1 = 1`)
	w.addIf(!all, `(r.status = ? OR EXISTS (SELECT 1 FROM spot_check_inspectors i WHERE i.round_id = r.id AND i.user_id = ?))`,
		string(domain.RoundPublished), self)
	eq(w, "r.stage", string(f.Stage))
	eq(w, "r.status", string(f.Status))
	w.addIf(f.After > 0, `r.id < ?`, f.After)
	return checkRounds.list(ctx, r, "check rounds", w, ` ORDER BY r.id DESC`, f.Limit)
}

// InsertCheckRound stores a new round.
func (tx *Tx) InsertCheckRound(ctx context.Context, x *domain.CheckRound) error {
	return checkRounds.insert(ctx, tx, x)
}

// UpdateCheckRound saves x if its version is still x.Version.
func (tx *Tx) UpdateCheckRound(ctx context.Context, x *domain.CheckRound) error {
	return checkRounds.update(ctx, tx, x, "")
}

// RoundCandidates lists the projects that reached stage on the days from..to (the district's
// calendar days are given as the instants they start and end), by id: a round's candidates.
func (r Reader) RoundCandidates(ctx context.Context, stage domain.ProjectStage, from, to time.Time) ([]*domain.Project, error) {
	w := r.where(`p.stage = ? AND p.stage_at >= ? AND p.stage_at < ?`, string(stage), micros(from), micros(to))
	return projects.list(ctx, r, "round candidates", w, ` ORDER BY p.id`, 0)
}

var spotChecks = newTable("spot check", "spot_checks", "k", ` JOIN check_rounds r ON r.id = k.round_id
	JOIN projects p ON p.id = k.project_id LEFT JOIN units n ON n.id = k.unit_id LEFT JOIN users rb ON rb.id = k.recorded_by`,
	func(x *domain.SpotCheck) []column {
		return versioned(&x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt, once("round_id", &x.RoundID), once("project_id", &x.ProjectID),
			join("p.name", &x.ProjectName), once("unit_id", &x.UnitID), join("COALESCE(n.name, '')", &x.UnitName),
			join("r.stage", text(&x.Stage)), once("key_project", flag(&x.Key)), c("inspector_draw_id", ref(&x.InspectorDrawID)),
			c("inspectors", jsonList(&x.Inspectors)), c("outcomes", jsonList(&x.Outcomes)), c("summary", &x.Summary),
			c("status", text(&x.Status)), c("recorded_at", at(&x.RecordedAt)), c("recorded_by", ref(&x.RecordedBy)),
			join("COALESCE(rb.name, '')", &x.RecorderName), c("rectification_id", &x.RectificationID),
			join("CASE WHEN r.status = 'published' THEN 1 ELSE 0 END", flag(&x.RoundPublished)))
	})

// SpotCheck loads one check; domain.NotFound when there is none.
func (r Reader) SpotCheck(ctx context.Context, id int64) (*domain.SpotCheck, error) {
	return spotChecks.get(ctx, r, `k.id = ?`, id)
}

// SpotCheckFilter narrows the checks: of a round, of an inspector, of a project, by status.
type SpotCheckFilter struct {
	RoundID   int64
	Inspector int64
	ProjectID int64
	Status    domain.SpotCheckStatus
	After     int64 // the id of the last check of the previous page (newest first)
	Limit     int
}

// SpotChecks lists the checks f selects, newest first (a round's: in the order drawn, by id).
func (r Reader) SpotChecks(ctx context.Context, f SpotCheckFilter) ([]*domain.SpotCheck, error) {
	w := r.where(`1 = 1`)
	eq(w, "k.round_id", f.RoundID)
	eq(w, "k.project_id", f.ProjectID)
	eq(w, "k.status", string(f.Status))
	w.addIf(f.Inspector > 0, `EXISTS (SELECT 1 FROM spot_check_inspectors i WHERE i.check_id = k.id AND i.user_id = ?)`, f.Inspector)
	w.addIf(f.After > 0, `k.id < ?`, f.After)
	order := ` ORDER BY k.id DESC`
	if f.RoundID > 0 {
		order = ` ORDER BY k.id`
	}
	return spotChecks.list(ctx, r, "spot checks", w, order, f.Limit)
}

// InsertSpotCheck stores a check of a round being drawn (its inspectors: SetInspectors).
func (tx *Tx) InsertSpotCheck(ctx context.Context, x *domain.SpotCheck) error {
	return spotChecks.insert(ctx, tx, x)
}

// SetInspectors keeps the inspectors drawn for a check just inserted (its version unchanged:
// the check is drawn in the same transaction) and their logins.
func (tx *Tx) SetInspectors(ctx context.Context, x *domain.SpotCheck) error {
	var drawID any // NULL: none
	if x.InspectorDrawID != 0 {
		drawID = x.InspectorDrawID
	}
	if _, err := tx.exec(ctx, `UPDATE spot_checks SET inspector_draw_id = ?, inspectors = ? WHERE id = ?`,
		drawID, toJSON(x.Inspectors), x.ID); err != nil {
		return wrap(err, "set inspectors %d", x.ID)
	}
	for _, i := range x.Inspectors {
		if _, err := tx.exec(ctx, `INSERT INTO spot_check_inspectors (check_id, round_id, project_id, user_id) VALUES (?, ?, ?, ?)`,
			x.ID, x.RoundID, x.ProjectID, i.UserID); err != nil {
			return wrap(err, "insert inspector %d/%d", x.ID, i.UserID)
		}
	}
	return nil
}

// UpdateSpotCheck saves x if its version is still x.Version (the inspectors are not changed).
func (tx *Tx) UpdateSpotCheck(ctx context.Context, x *domain.SpotCheck) error {
	return spotChecks.update(ctx, tx, x, "")
}

// RoundInspectors lists the logins drawn to inspect a check of a round (who read it before
// it is published).
func (r Reader) RoundInspectors(ctx context.Context, roundID int64) ([]int64, error) {
	return queryAll(ctx, r.q, "round inspectors", scalar[int64],
		`SELECT DISTINCT user_id FROM spot_check_inspectors WHERE round_id = ? ORDER BY user_id`, roundID)
}

// InspectorAccounts lists the logins drawn to inspect a project in any round (who may read it).
func (r Reader) InspectorAccounts(ctx context.Context, projectID int64) ([]int64, error) {
	return queryAll(ctx, r.q, "inspector accounts", scalar[int64],
		`SELECT DISTINCT user_id FROM spot_check_inspectors WHERE project_id = ? ORDER BY user_id`, projectID)
}

// InspectorUnits lists, for the enabled logins holding one of roles, the units each is tied to:
// the unit it works for, the units it holds a role for, and the unit it is affiliated with as
// an active expert. With experts, the logins linked to an active expert are added whatever
// their roles. The pool of a round's inspectors, before recusal (app/spotchecks.go).
func (r Reader) InspectorUnits(ctx context.Context, roles []domain.Role, experts bool) ([]domain.Inspector, error) {
	byID := map[int64]*domain.Inspector{}
	var order []int64
	tie := func(id int64, name string, unit int64) {
		x, ok := byID[id]
		if !ok {
			x = &domain.Inspector{UserID: id, Name: name}
			byID[id] = x
			order = append(order, id)
		}
		if unit != 0 {
			for _, u := range x.Units {
				if u == unit {
					return
				}
			}
			x.Units = append(x.Units, unit)
		}
	}
	scan := func(what, q string, args ...any) error {
		return r.eachRow(ctx, what, func(s rowScanner) error {
			var id, unit int64
			var name string
			if err := s.Scan(&id, &name, &unit); err != nil {
				return err
			}
			tie(id, name, unit)
			return nil
		}, q, args...)
	}
	if len(roles) > 0 {
		if err := scan("inspector roles", `SELECT u.id, u.name, COALESCE(u.unit_id, 0) FROM users u
			WHERE u.disabled = 0 AND EXISTS (SELECT 1 FROM user_roles g WHERE g.user_id = u.id AND g.role IN (`+bindVars(len(roles))+`))
			ORDER BY u.id`, strArgs(roles)...); err != nil {
			return nil, err
		}
	}
	if experts {
		if err := scan("inspector experts", `SELECT u.id, u.name, COALESCE(u.unit_id, 0) FROM users u
			JOIN experts e ON e.user_id = u.id WHERE u.disabled = 0 AND e.active = 1 ORDER BY u.id`); err != nil {
			return nil, err
		}
	}
	if len(order) == 0 {
		return []domain.Inspector{}, nil
	}
	ids, args := inList("g.user_id", order, nil)
	if err := r.eachRow(ctx, "inspector grants", func(s rowScanner) error {
		var id, unit int64
		if err := s.Scan(&id, &unit); err != nil {
			return err
		}
		tie(id, "", unit)
		return nil
	}, `SELECT g.user_id, g.unit_id FROM user_roles g WHERE g.unit_id IS NOT NULL AND `+ids, args...); err != nil {
		return nil, err
	}
	eids, eargs := inList("e.user_id", order, nil)
	if err := r.eachRow(ctx, "inspector affiliations", func(s rowScanner) error {
		var id, unit int64
		if err := s.Scan(&id, &unit); err != nil {
			return err
		}
		tie(id, "", unit)
		return nil
	}, `SELECT e.user_id, e.unit_id FROM experts e WHERE e.unit_id IS NOT NULL AND `+eids, eargs...); err != nil {
		return nil, err
	}
	out := make([]domain.Inspector, len(order))
	for i, id := range order {
		out[i] = *byID[id]
	}
	return out, nil
}
