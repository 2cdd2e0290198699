package store

import (
	"context"
	"encoding/json"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// Project applications (立项申请, FLOW-2, BLD-P2, BLD-P3, SHR-R3): the row is a versioned record
// with its short lists as JSON or comma-separated text; the systems it builds and its answers to
// the guide are rows of their own, replaced whole when the application is saved. Its catalog
// entries are the entries whose project_id names it (a checked reference since 0021).

var projects = newTable("project", "projects", "p", ` LEFT JOIN units n ON n.id = p.unit_id`, func(p *domain.Project) []column {
	cols := []column{once("unit_id", &p.UnitID), join("COALESCE(n.name, '')", &p.UnitName), once("year", &p.Year),
		c("plan_item_id", &p.PlanItemID), once("guide_id", &p.GuideID), c("name", &p.Name), c("kind", text(&p.Kind)),
		c("key_category", text(&p.KeyCategory)), c("budget", jsonList(&p.Budget)), c("total", &p.Total),
		c("budget_justification", &p.BudgetJustification), c("content", &p.Content),
		c("functions", jsonList(&p.Functions)), c("dup_answers", jsonList(&p.DupAnswers)), c("dup_verdicts", jsonList(&p.DupVerdicts)),
		c("component_ids", jsonList(&p.ComponentIDs)),
		c("system_ids", textAs(&p.SystemIDs, parseIDs, idsText))}
	cols = append(cols, resources("", &p.Cloud, c)...)
	return versioned(&p.ID, &p.Version, &p.CreatedAt, &p.UpdatedAt, append(cols,
		c("room_work", text(&p.RoomWork)), c("exchanges", jsonList(&p.Exchanges)), c("base_data", codes(&p.BaseData)),
		c("websites", jsonList(&p.Websites)), c("media", jsonList(&p.Media)), c("user_levels", codes(&p.UserLevels)),
		c("integrations", jsonList(&p.Integrations)), c("no_data", flag(&p.NoData)), c("status", text(&p.Status)), c("stage", text(&p.Stage)),
		c("stage_at", at(&p.StageAt)),
		c("halted_at", at(&p.HaltedAt)), c("halt_reason", &p.HaltReason),
		c("approved_budget", &p.ApprovedBudget), c("decision_note", &p.DecisionNote),
		c("submitted_at", at(&p.SubmittedAt)), c("decided_at", at(&p.DecidedAt)))...)
}).onLoad((*domain.Project).NonNil)

// jsonList scans a JSON text column into a list (written by the same adapter only).
func jsonList[T any](p *[]T) convCol[[]T] {
	return textAs(p, func(s string) []T {
		out := []T{}
		_ = json.Unmarshal([]byte(s), &out) // written by the format below only
		return out
	}, func(xs []T) string {
		if xs == nil {
			return "[]"
		}
		b, _ := json.Marshal(xs)
		return string(b)
	})
}

// Project loads one application with the systems it builds, its answers, its catalog entries
// (not withdrawn ones) and its plan item; domain.NotFound when there is none.
func (r Reader) Project(ctx context.Context, id int64) (*domain.Project, error) {
	p, err := projects.get(ctx, r, `p.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if p.NewSystems, err = queryAll(ctx, r.q, "project new systems", func(s rowScanner) (domain.NewSystem, error) {
		var n domain.NewSystem
		return n, s.Scan(&n.Name, &n.Brief)
	}, `SELECT name, brief FROM project_new_systems WHERE project_id = ? ORDER BY position`, id); err != nil {
		return nil, err
	}
	if p.Responses, err = queryAll(ctx, r.q, "project responses", func(s rowScanner) (domain.ProjectResponse, error) {
		var x domain.ProjectResponse
		return x, s.Scan(&x.Clause, text(&x.Answer), &x.Text)
	}, `SELECT clause, answer, text FROM project_responses WHERE project_id = ? ORDER BY clause`, id); err != nil {
		return nil, err
	}
	if p.CatalogIDs, err = queryAll(ctx, r.q, "project catalog entries", scalar[int64],
		`SELECT id FROM catalog_entries WHERE project_id = ? AND status <> ? ORDER BY id`, id, string(domain.CatWithdrawn)); err != nil {
		return nil, err
	}
	// What its approval registered (FLOW-2, ENV-R1): the systems 在建 and the cloud requests.
	if p.CreatedSystemIDs, err = queryAll(ctx, r.q, "project systems", scalar[int64],
		`SELECT id FROM systems WHERE project_id = ? ORDER BY id`, id); err != nil {
		return nil, err
	}
	if p.CloudRequestIDs, err = queryAll(ctx, r.q, "project cloud requests", scalar[int64],
		`SELECT id FROM cloud_requests WHERE project_id = ? ORDER BY id`, id); err != nil {
		return nil, err
	}
	item, err := r.PlanItem(ctx, p.PlanItemID)
	if err != nil {
		return nil, err
	}
	p.PlanItem = item
	p.NonNil()
	return p, nil
}

// ProjectFilter narrows the application list.
type ProjectFilter struct {
	Year   int
	UnitID int64
	Status domain.ProjectStatus
	Stage  domain.ProjectStage // FLOW-4: only the projects at this stage
	// Awaiting: only the projects whose current stage's materials are submitted and whose move
	// on the office has not confirmed yet (FLOW-4: the office's to-do).
	Awaiting bool
	Halted   bool  // FLOW-4: only the halted projects
	After    int64 // the id of the last application of the previous page (newest first)
	Limit    int
}

// Projects lists the applications within scope, newest first, without their rows.
func (r Reader) Projects(ctx context.Context, scope authz.Scope, f ProjectFilter) ([]*domain.Project, error) {
	w := r.projectWhere(scope, f)
	w.addIf(f.After > 0, `p.id < ?`, f.After)
	return projects.list(ctx, r, "projects", w, ` ORDER BY p.id DESC`, f.Limit)
}

// CountProjects counts the applications within scope that pass f (its paging aside).
func (r Reader) CountProjects(ctx context.Context, scope authz.Scope, f ProjectFilter) (int, error) {
	return r.q.countWhere(ctx, "projects", `projects p`, r.projectWhere(scope, f))
}

func (r Reader) projectWhere(scope authz.Scope, f ProjectFilter) *filter {
	w := r.where(`1 = 1`)
	w.bureauScope(scope, "p.unit_id", bureauNotice("p.id")) // FLOW-4: the bureaus' projects
	eq(w, "p.year", f.Year)
	eq(w, "p.unit_id", f.UnitID)
	eq(w, "p.status", string(f.Status))
	eq(w, "p.stage", string(f.Stage))
	w.addIf(f.Halted, `p.halted_at <> 0`)
	if f.Awaiting { // FLOW-4: the current stage takes materials and they are in
		w.add(`p.stage IN (?, ?, ?) AND EXISTS (SELECT 1 FROM project_stage_materials m WHERE m.project_id = p.id AND m.stage = p.stage)`,
			string(domain.StageBidding), string(domain.StageDesign), string(domain.StageAcceptance))
	}
	return w
}

// InsertProject stores a new application and its rows.
func (tx *Tx) InsertProject(ctx context.Context, p *domain.Project) error {
	if err := projects.insert(ctx, tx, p); err != nil {
		return err
	}
	return tx.putProjectRows(ctx, p)
}

// UpdateProject saves p if its version is still p.Version, its rows replaced.
func (tx *Tx) UpdateProject(ctx context.Context, p *domain.Project) error {
	if err := projects.update(ctx, tx, p, ""); err != nil {
		return err
	}
	for _, t := range []string{"project_new_systems", "project_responses"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+t+` WHERE project_id = ?`, p.ID); err != nil {
			return wrap(err, "delete %s %d", t, p.ID)
		}
	}
	return tx.putProjectRows(ctx, p)
}

func (tx *Tx) putProjectRows(ctx context.Context, p *domain.Project) error {
	for i, n := range p.NewSystems {
		if _, err := tx.exec(ctx, `INSERT INTO project_new_systems (project_id, position, name, brief) VALUES (?, ?, ?, ?)`,
			p.ID, i, n.Name, n.Brief); err != nil {
			return wrap(err, "insert project new system %d/%d", p.ID, i)
		}
	}
	for _, x := range p.Responses {
		if _, err := tx.exec(ctx, `INSERT INTO project_responses (project_id, clause, answer, text) VALUES (?, ?, ?, ?)`,
			p.ID, x.Clause, string(x.Answer), x.Text); err != nil {
			return wrap(err, "insert project response %d/%s", p.ID, x.Clause)
		}
	}
	return nil
}

const planItemSelect = `SELECT i.id, a.id, a.unit_id, a.year, a.status, i.name, i.kind, i.category, i.budget
	FROM annual_plan_items i JOIN annual_plans a ON a.id = i.plan_id`

func scanPlanItem(s rowScanner) (*domain.PlanItemRef, error) {
	var it domain.PlanItemRef
	err := s.Scan(&it.ID, &it.PlanID, &it.UnitID, &it.Year, text(&it.PlanStatus), &it.Name, text(&it.Kind), text(&it.Category), &it.Budget)
	return &it, err
}

// PlanItem loads an annual plan item with its plan's unit, year and state; domain.NotFound
// when there is none.
func (r Reader) PlanItem(ctx context.Context, id int64) (*domain.PlanItemRef, error) {
	return queryOne(ctx, r.q, "annual plan item", scanPlanItem, planItemSelect+` WHERE i.id = ?`, id)
}

// AcceptedPlanItems lists the items of the accepted plans of year within scope (0: every
// year), by unit and position: what an application may refer to (BLD-P2).
func (r Reader) AcceptedPlanItems(ctx context.Context, scope authz.Scope, year int) ([]*domain.PlanItemRef, error) {
	w := r.where(`a.status = ?`, string(domain.APAccepted))
	w.scope(scope, "a.unit_id")
	eq(w, "a.year", year)
	return list(ctx, r.q, "accepted plan items", scanPlanItem, planItemSelect, w, ` ORDER BY a.year DESC, a.unit_id, i.position`, 0)
}
