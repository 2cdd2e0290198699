package demo_test

import (
	"slices"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
)

// The seeds: one plan per unit, of a unit with systems, every item naming a system of its own
// unit; 区教育局 and 区卫生健康委员会 (the walkthroughs' units) have none; most units have one.
func TestPlanSeeds(t *testing.T) {
	t.Parallel()
	unitOf := map[string]string{}
	for _, s := range demo.Systems {
		unitOf[s.Code] = s.UnitCode
	}
	seen := map[string]bool{}
	for _, p := range demo.Plans {
		if seen[p.UnitCode] {
			t.Errorf("unit %s has two plans", p.UnitCode)
		}
		seen[p.UnitCode] = true
		if len(p.Items) == 0 {
			t.Errorf("plan of %s has no items", p.UnitCode)
		}
		for _, it := range p.Items {
			if len(it.Systems) == 0 || it.Wan <= 0 || it.Brief == "" {
				t.Errorf("%s %s: systems %v, budget %d, brief %q", p.UnitCode, it.Name, it.Systems, it.Wan, it.Brief)
			}
			for _, code := range it.Systems {
				if unitOf[code] != p.UnitCode {
					t.Errorf("%s %s: system %s is %s's", p.UnitCode, it.Name, code, unitOf[code])
				}
			}
		}
	}
	for _, code := range []string{"320507105", "320507119"} {
		if seen[code] {
			t.Errorf("unit %s has a demo plan: the walkthroughs and tests make its plan of %d", code, demo.PlanYear)
		}
	}
	if len(seen)*2 <= len(demo.Units) {
		t.Errorf("%d of %d units have a plan, want most", len(seen), len(demo.Units))
	}
}

// The demo's 2027 plans, as loaded through the use cases: every state of the workflow, at least
// 40 accepted items (the project applications' plan items, BLD-P2) of every kind and special
// category (ORG-2), the returned plans with their comments in their history, and the district
// plan totalling exactly the accepted items.
func TestLoadAnnualPlans(t *testing.T) {
	onEveryBackend(t, november, func(t *testing.T, svc *app.Service) {
		page, err := svc.AnnualPlans(ctx, cli, app.AnnualPlanFilter{Year: demo.PlanYear, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != len(demo.Plans) {
			t.Fatalf("%d plans of %d, want %d", len(page.Items), demo.PlanYear, len(demo.Plans))
		}
		counts := map[domain.AnnualPlanStatus]int{}
		kinds := map[domain.ItemKind]int{}
		cats := map[domain.ItemCategory]int{}
		accepted, acceptedBudget := 0, int64(0)
		byUnit := map[string]*domain.AnnualPlan{}
		for _, p := range page.Items {
			counts[p.Status]++
			full, err := svc.AnnualPlan(ctx, cli, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			unit, err := svc.Unit(ctx, cli, p.UnitID)
			if err != nil {
				t.Fatal(err)
			}
			byUnit[unit.Code] = full
			for _, it := range full.Items {
				kinds[it.Kind]++
				cats[it.Category]++
				if len(it.SystemIDs) == 0 || it.Funding == "" {
					t.Errorf("%s %s: systems %v, funding %q", unit.Code, it.Name, it.SystemIDs, it.Funding)
				}
				if it.Category != domain.CatGeneral && !strings.Contains(it.Funding, "专项") {
					t.Errorf("%s %s: a special item (ORG-2) funded by %q", unit.Code, it.Name, it.Funding)
				}
				if p.Status == domain.APAccepted {
					accepted++
					acceptedBudget += it.Budget
				}
			}
		}
		everyOne(t, domain.AnnualPlanStatuses, counts, "no plan %s")
		everyOne(t, domain.ItemKinds, kinds, "no item of kind %s")
		everyOne(t, domain.ItemCategories, cats, "no item of category %s")
		if accepted < 40 {
			t.Errorf("%d accepted items, want at least 40", accepted)
		}

		// The district plan totals exactly the accepted items.
		rows, err := svc.DistrictPlan(ctx, cli, demo.PlanYear)
		if err != nil {
			t.Fatal(err)
		}
		var total int64
		n := 0
		for _, r := range rows {
			total += r.Budget
			n += r.Items
		}
		if total != acceptedBudget || n != accepted {
			t.Errorf("district plan: %d items, %d 元; the accepted plans: %d items, %d 元", n, total, accepted, acceptedBudget)
		}

		// The returns keep their comments in the history; the revised plan went on.
		for _, c := range []struct {
			unit, action string
			status       domain.AnnualPlanStatus
			comment      string
		}{
			{"320507107", "annualplan.return", domain.APDraft, "请细化建设内容"},
			{"320507201", "annualplan.send_back", domain.APDraft, "功能重叠"},
			{"320507128", "annualplan.return", domain.APAccepted, "压减预算"},
		} {
			p := byUnit[c.unit]
			if p == nil || p.Status != c.status {
				t.Errorf("plan of %s: %+v, want %s", c.unit, p, c.status)
				continue
			}
			hist, err := svc.AnnualPlanHistory(ctx, cli, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			var actions []string
			found := false
			for _, r := range hist {
				actions = append(actions, r.Action)
				found = found || (r.Action == c.action && strings.Contains(r.Changes, c.comment))
			}
			if !found {
				t.Errorf("plan of %s: history %v has no %s saying %q", c.unit, actions, c.action, c.comment)
			}
			if c.status == domain.APAccepted && !slices.Contains(actions, "annualplan.update") {
				t.Errorf("plan of %s: history %v shows no revision", c.unit, actions)
			}
		}
		if p := byUnit["320507128"]; p != nil && p.Items[1].Budget != 700_000 {
			t.Errorf("the revised item: %d 元, want 700000", p.Items[1].Budget)
		}
		// The demo leader (公安分局's, among others) has a plan to approve.
		if p := byUnit["320507106"]; p == nil || p.Status != domain.APLeaderReview {
			t.Errorf("公安分局's plan: %+v, want it with the leader", p)
		}
	})
}
