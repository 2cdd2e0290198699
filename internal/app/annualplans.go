package app

import (
	"context"
	"io"
	"slices"
	"strconv"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/sheet"
	"archgov/internal/store"
)

// The units' annual plans (BLD-R1, BLD-R2, BLD-P1, ORG-2) and the district plan: the unit
// drafts its plan for a year, its leader in charge approves it, the unit submits it, the office
// accepts it into the district plan. Every step is audited; a returned plan keeps its history.

func annualPlanRes(p *domain.AnnualPlan) authz.Resource {
	return authz.Registry(authz.KindAnnualPlan, p.ID, p.UnitID)
}

var annualPlanType = recordType[domain.AnnualPlan]{entity: "annualplan", kind: authz.KindAnnualPlan, read: authz.AnnualPlanRead,
	res: annualPlanRes, load: store.Reader.AnnualPlan, insert: (*store.Tx).InsertAnnualPlan, update: (*store.Tx).UpdateAnnualPlan,
	key:     func(p *domain.AnnualPlan) (int64, int64) { return p.ID, p.Version },
	creates: authz.AnnualPlanCreate, valid: (*domain.AnnualPlan).Validate,
	fresh: func(p *domain.AnnualPlan) { p.ID, p.Status = 0, domain.APDraft }}

// annualPlanActors is in which capacities the actor acts on a plan of unitID: the unit's
// 责任人/联系人, its leader in charge, the office.
func annualPlanActors(a domain.Actor, unitID int64) []domain.SystemActor {
	who := unitActors(a, unitID)
	if a.System || a.HasFor(domain.RoleLeader, unitID) {
		who = append(who, domain.ByLeader)
	}
	return who
}

// AnnualPlanFilter narrows the plan list (year, unit, status; a page after an id).
type AnnualPlanFilter = store.AnnualPlanFilter

// AnnualPlans lists the plans in the actor's scope.
func (s *Service) AnnualPlans(ctx context.Context, a domain.Actor, f store.AnnualPlanFilter) (Page[*domain.AnnualPlan], error) {
	return annualPlanType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.AnnualPlan, error) {
		return s.db.Read().AnnualPlans(ctx, sc, f)
	})
}

// AnnualPlan returns one plan with its items; another unit's answers not found.
func (s *Service) AnnualPlan(ctx context.Context, a domain.Actor, id int64) (*domain.AnnualPlan, error) {
	return annualPlanType.get(ctx, s.db.Read(), a, id)
}

// checkPlanSystems refuses an item naming a system that is not a registered system of the
// plan's unit (items.i.system_ids).
func checkPlanSystems(ctx context.Context, tx *store.Tx, p *domain.AnnualPlan) error {
	var errs domain.Problems
	for i, it := range p.Items {
		for _, id := range it.SystemIDs {
			sys, err := tx.System(ctx, id)
			if domain.ErrorCode(err) == domain.ENotFound || (err == nil && sys.UnitID != p.UnitID) {
				errs.Add(domain.Invalid("items."+strconv.Itoa(i)+".system_ids", "err.annualplan.system"))
				break
			} else if err != nil {
				return err
			}
		}
	}
	return errs.Err()
}

// CreateAnnualPlan starts a unit's plan for a year, in draft. One per unit and year.
func (s *Service) CreateAnnualPlan(ctx context.Context, a domain.Actor, p *domain.AnnualPlan) error {
	return annualPlanType.create(ctx, s.db, a, p.UnitID, p, func(tx *store.Tx) error {
		if _, err := activeUnit(ctx, tx, "unit_id", p.UnitID); err != nil {
			return err
		}
		return checkPlanSystems(ctx, tx, p)
	})
}

// AnnualPlanEdit is an edit of a plan in draft: its items, replaced whole when given.
type AnnualPlanEdit struct {
	Version int64                `json:"version"`
	Items   *[]domain.AnnualItem `json:"items,omitempty"`
}

// Apply sets the plan's items for a new plan.
func (e AnnualPlanEdit) Apply(p *domain.AnnualPlan) {
	if e.Items != nil {
		p.Items = *e.Items
	}
}

// AnnualPlanNew is a new plan: the unit, the year and its first items.
type AnnualPlanNew struct {
	UnitID int64               `json:"unit_id"`
	Year   int                 `json:"year"`
	Items  []domain.AnnualItem `json:"items"`
}

// Apply fills in a new plan.
func (n AnnualPlanNew) Apply(p *domain.AnnualPlan) {
	p.UnitID, p.Year, p.Items = n.UnitID, n.Year, n.Items
}

// UpdateAnnualPlan saves an edit of the items, in draft only.
func (s *Service) UpdateAnnualPlan(ctx context.Context, a domain.Actor, id int64, e AnnualPlanEdit) (*domain.AnnualPlan, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.AnnualPlan, error) {
		return annualPlanType.change(ctx, tx, a, id, e.Version, annualPlanType.may(a, authz.AnnualPlanUpdate), func(p, _ *domain.AnnualPlan) (string, string, error) {
			if p.Status != domain.APDraft {
				return "", "", domain.Errorf(domain.EConflict, "err.annualplan.not_draft")
			}
			e.Apply(p)
			if err := p.Validate(); err != nil {
				return "", "", err
			}
			return "update", "", checkPlanSystems(ctx, tx, p)
		})
	})
}

// AnnualPlanStep is a workflow step with the version the client saw and, for a return, the
// comments.
type AnnualPlanStep struct {
	Version int64                   `json:"version"`
	Action  domain.AnnualPlanAction `json:"action"`
	Note    string                  `json:"note"`
}

// TransitionAnnualPlan takes one step of domain.AnnualPlanFlow: the table decides whether it is
// legal from the state and for the actor (the unit's people, its leader in charge, the office).
func (s *Service) TransitionAnnualPlan(ctx context.Context, a domain.Actor, id int64, st AnnualPlanStep) (*domain.AnnualPlan, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.AnnualPlan, error) {
		return annualPlanType.change(ctx, tx, a, id, st.Version, annualPlanType.may(a, authz.AnnualPlanTransition), func(p, _ *domain.AnnualPlan) (string, string, error) {
			next, err := domain.AnnualPlanFlow.Next(p.Status, st.Action, annualPlanActors(a, p.UnitID), st.Note, domain.AnnualPlanCheck{Items: len(p.Items)})
			if err != nil {
				return "", "", err
			}
			p.Status = next
			return string(st.Action), truncate(st.Note, 1000), nil
		})
	})
}

// AnnualPlanSteps lists the steps the actor may take on p now (for buttons).
func (s *Service) AnnualPlanSteps(a domain.Actor, p *domain.AnnualPlan) []domain.AnnualPlanAction {
	if authz.Can(a, authz.AnnualPlanTransition, annualPlanRes(p)) != nil {
		return nil
	}
	return domain.AnnualPlanFlow.Available(p.Status, annualPlanActors(a, p.UnitID), domain.AnnualPlanCheck{Items: len(p.Items)})
}

// AnnualPlanHistory is the plan's audit trail (every round of returns), for whoever may see it.
func (s *Service) AnnualPlanHistory(ctx context.Context, a domain.Actor, id int64) ([]*audit.Record, error) {
	return s.history(ctx, "annualplan", id, seen(s.AnnualPlan(ctx, a, id)))
}

// DistrictPlan totals the accepted items of year by unit, kind and category. The office and the
// district's readers of every unit's plans see it; others only their units' rows.
func (s *Service) DistrictPlan(ctx context.Context, a domain.Actor, year int) ([]domain.DistrictRow, error) {
	return inScope(a, authz.AnnualPlanRead, authz.KindAnnualPlan, func(sc authz.Scope) ([]domain.DistrictRow, error) {
		rows, err := s.db.Read().DistrictPlan(ctx, year)
		var out []domain.DistrictRow
		for _, r := range rows {
			if sc.Has(r.UnitID) {
				out = append(out, r)
			}
		}
		return out, err
	})
}

// WriteDistrictPlan writes the district plan of year as the workbook an office hands to the
// finance bureau: the units as rows, the categories as columns (yuan), a totals row and column.
func (s *Service) WriteDistrictPlan(ctx context.Context, a domain.Actor, lang i18n.Lang, year int, w io.Writer) error {
	rows, err := s.DistrictPlan(ctx, a, year)
	if err != nil {
		return err
	}
	t := sheet.CrossTab{Sheet: strconv.Itoa(year), Title: i18n.T(lang, "annualplans.district_title", year),
		Corner: i18n.T(lang, "annualplans.unit"), Total: i18n.T(lang, "annualplans.total")}
	for _, c := range domain.ItemCategories {
		t.Cols = append(t.Cols, i18n.T(lang, "apcat."+string(c)))
	}
	units := map[int64]int{}
	for _, r := range rows {
		i, ok := units[r.UnitID]
		if !ok {
			i = len(t.Rows)
			units[r.UnitID] = i
			t.Rows = append(t.Rows, r.UnitName)
			t.Values = append(t.Values, make([]int64, len(t.Cols)))
		}
		t.Values[i][slices.Index(domain.ItemCategories, r.Category)] += r.Budget
	}
	return sheet.WriteCrossTab(w, t)
}
