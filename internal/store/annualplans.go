package store

import (
	"context"
	"encoding/json"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// The units' annual plans (BLD-R1, BLD-R2, BLD-P1): the plan row is a versioned record; its
// items are rows of annual_plan_items, replaced whole when the plan is saved in draft.

var annualPlans = newTable("annual plan", "annual_plans", "a", ` LEFT JOIN units n ON n.id = a.unit_id`, func(p *domain.AnnualPlan) []column {
	return versioned(&p.ID, &p.Version, &p.CreatedAt, &p.UpdatedAt, once("unit_id", &p.UnitID), join("COALESCE(n.name, '')", &p.UnitName),
		once("year", &p.Year), c("status", text(&p.Status)),
		join("(SELECT count(*) FROM annual_plan_items i WHERE i.plan_id = a.id)", &p.ItemCount),
		join("(SELECT COALESCE(sum(i.budget), 0) FROM annual_plan_items i WHERE i.plan_id = a.id)", &p.Total))
}).onUnique(func(p *domain.AnnualPlan, _ error) error {
	return domain.Invalid("year", "err.annualplan.exists")
})

// AnnualPlan loads one plan with its items; domain.NotFound when there is none.
func (r Reader) AnnualPlan(ctx context.Context, id int64) (*domain.AnnualPlan, error) {
	p, err := annualPlans.get(ctx, r, `a.id = ?`, id)
	if err != nil {
		return nil, err
	}
	p.Items, err = queryAll(ctx, r.q, "annual plan items", func(s rowScanner) (domain.AnnualItem, error) {
		var it domain.AnnualItem
		var ids string
		err := s.Scan(&it.Name, text(&it.Kind), &it.Budget, &it.Funding, text(&it.Category), &it.Brief, &ids)
		if err == nil {
			err = json.Unmarshal([]byte(ids), &it.SystemIDs)
		}
		return it, err
	}, `SELECT name, kind, budget, funding, category, brief, system_ids FROM annual_plan_items WHERE plan_id = ? ORDER BY position`, id)
	if p.Items == nil {
		p.Items = []domain.AnnualItem{}
	}
	return p, err
}

// AnnualPlanFilter narrows the plan list.
type AnnualPlanFilter struct {
	Year   int
	UnitID int64
	Status domain.AnnualPlanStatus
	After  int64 // the id of the last plan of the previous page
	Limit  int
}

// AnnualPlans lists the plans within scope in id order (without their items).
func (r Reader) AnnualPlans(ctx context.Context, scope authz.Scope, f AnnualPlanFilter) ([]*domain.AnnualPlan, error) {
	w := r.where(`1 = 1`)
	w.scope(scope, "a.unit_id")
	eq(w, "a.year", f.Year)
	eq(w, "a.unit_id", f.UnitID)
	eq(w, "a.status", string(f.Status))
	w.addIf(f.After > 0, `a.id > ?`, f.After)
	return annualPlans.list(ctx, r, "annual plans", w, ` ORDER BY a.id`, f.Limit)
}

// InsertAnnualPlan stores a new plan and its items.
func (tx *Tx) InsertAnnualPlan(ctx context.Context, p *domain.AnnualPlan) error {
	if err := annualPlans.insert(ctx, tx, p); err != nil {
		return err
	}
	return tx.putAnnualItems(ctx, p)
}

// UpdateAnnualPlan saves p if its version is still p.Version, its items replaced.
func (tx *Tx) UpdateAnnualPlan(ctx context.Context, p *domain.AnnualPlan) error {
	if err := annualPlans.update(ctx, tx, p, ""); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM annual_plan_items WHERE plan_id = ?`, p.ID); err != nil {
		return wrap(err, "delete annual plan items %d", p.ID)
	}
	return tx.putAnnualItems(ctx, p)
}

func (tx *Tx) putAnnualItems(ctx context.Context, p *domain.AnnualPlan) error {
	p.ItemCount, p.Total = len(p.Items), 0
	for i, it := range p.Items {
		ids, _ := json.Marshal(it.SystemIDs)
		if _, err := tx.exec(ctx, `INSERT INTO annual_plan_items (plan_id, position, name, kind, budget, funding, category, brief, system_ids)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, p.ID, i, it.Name, string(it.Kind), it.Budget, it.Funding, string(it.Category), it.Brief, string(ids)); err != nil {
			return wrap(err, "insert annual plan item %d/%d", p.ID, i)
		}
		p.Total += it.Budget
	}
	return nil
}

// DistrictPlan totals the accepted plans' items of year by unit, kind and category (in unit
// order): the district plan.
func (r Reader) DistrictPlan(ctx context.Context, year int) ([]domain.DistrictRow, error) {
	return queryAll(ctx, r.q, "district plan", func(s rowScanner) (domain.DistrictRow, error) {
		var d domain.DistrictRow
		err := s.Scan(&d.UnitID, &d.UnitName, text(&d.Kind), text(&d.Category), &d.Items, &d.Budget)
		return d, err
	}, `SELECT a.unit_id, n.name, i.kind, i.category, count(*), sum(i.budget)
		FROM annual_plan_items i JOIN annual_plans a ON a.id = i.plan_id JOIN units n ON n.id = a.unit_id
		WHERE a.year = ? AND a.status = ?
		GROUP BY a.unit_id, n.name, i.kind, i.category ORDER BY a.unit_id, i.kind, i.category`, year, string(domain.APAccepted))
}
