package demo_test

import (
	"fmt"
	"slices"
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
)

// The demo's task books (FLOW-3, BLD-R4): every approved application has one, numbered
// 相信办〔2026〕1号 on without a gap, in the order of the applications; the units recorded actuals
// on all but the newest; the governance rules find exactly one over budget (in a category and
// in total) and one with a milestone reached late (BLD-R4), and the office's to-do counts
// those two.
func TestLoadTaskBooks(t *testing.T) {
	onEveryBackend(t, november, func(t *testing.T, svc *app.Service) {
		approved, err := svc.Projects(ctx, cli, app.ProjectFilter{Status: domain.ProjApproved})
		if err != nil {
			t.Fatal(err)
		}
		if len(approved.Items) < 3 {
			t.Fatalf("%d approved applications: the demo shows an over-budget, a late and an on-track task book", len(approved.Items))
		}
		books, err := svc.TaskBooks(ctx, cli, app.TaskBookFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(books.Items) != len(approved.Items) {
			t.Errorf("%d task books for %d approved applications", len(books.Items), len(approved.Items))
		}
		byProject := indexBy(books.Items, func(b *domain.TaskBook) int64 { return b.ProjectID })
		ids := []int64{}
		for _, p := range approved.Items {
			if byProject[p.ID] == nil {
				t.Errorf("approved application %d %s has no task book", p.ID, p.Name)
			}
			ids = append(ids, p.ID)
		}
		slices.Sort(ids)
		over, late, overdue, recorded := 0, 0, 0, 0
		for i, id := range ids {
			b := byProject[id]
			if b == nil {
				continue
			}
			if want := fmt.Sprintf("%s〔2026〕%d号", demo.DocNumberPrefix, i+1); b.DocNumber != want {
				t.Errorf("task book of application %d: number %s, want %s (sequential in the applications' order)", id, b.DocNumber, want)
			}
			if !b.ActualsOn.IsZero() {
				recorded++
			}
			// The deviations are what the governance rules found of the application (BLD-R4).
			fs, err := svc.Findings(ctx, cli, app.FindingFilter{Kind: domain.SubjectApplication, SubjectID: id, Clause: domain.ClauseTaskBook})
			if err != nil {
				t.Fatal(err)
			}
			rules := map[string]int{}
			for _, f := range fs.Items {
				rules[f.RuleID]++
			}
			if rules["BLD-R4.category-over-budget"] > 0 {
				over++
				if b.SpentTotal() <= b.ApprovedBudget || rules["BLD-R4.over-budget"] != 1 {
					t.Errorf("over-budget task book %s: spent %d of %d, findings %v", b.DocNumber, b.SpentTotal(), b.ApprovedBudget, rules)
				}
			} else if b.SpentTotal() > b.ApprovedBudget {
				t.Errorf("task book %s over its total and no category over: %v", b.DocNumber, rules)
			}
			if rules["BLD-R4.milestone-late"] > 0 {
				late++
			}
			if rules["BLD-R4.milestone-overdue"] > 0 {
				overdue++
				if i != 2 {
					t.Errorf("task book %s has a milestone overdue: %v (want only the third)", b.DocNumber, rules)
				}
			}
		}
		if over != 1 || late != 1 || overdue != 1 {
			t.Errorf("%d task books over budget, %d late and %d with a milestone overdue, want one each", over, late, overdue)
		}
		if recorded != len(ids)-2 {
			t.Errorf("%d of %d task books with actuals, want all but the 2 newest", recorded, len(ids))
		}
		// The office's to-do (BLD-R4): the three deviating.
		if n, err := svc.CountDeviatingTaskBooks(ctx, cli); err != nil || n != 3 {
			t.Errorf("deviating task books %d, %v; want 3", n, err)
		}
	})
}
