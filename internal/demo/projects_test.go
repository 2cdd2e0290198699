package demo_test

import (
	"slices"
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// The demo's project applications need accepted annual plan items: as loaded, the demo makes one
// per accepted item (at most demo.MaxDemoProjects); given accepted plans, the loader makes
// applications in every state, one answering 部分符合 and one returned with its comment.
func TestLoadProjects(t *testing.T) {
	onEveryBackend(t, november, func(t *testing.T, svc *app.Service) {
		items, err := svc.ProjectPlanItems(ctx, cli, 0)
		if err != nil {
			t.Fatal(err)
		}
		loaded, err := svc.CountProjects(ctx, cli, app.ProjectFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) == 0 && loaded != 0 {
			t.Fatalf("%d applications without an accepted plan item", loaded)
		}
		if len(items) > 0 && loaded == 0 {
			t.Errorf("%d accepted plan items and no application", len(items))
		}
		// Each names the systems its plan item concerns, the systems it changes (ENV-R2, BLD-P3).
		demoApps, err := svc.Projects(ctx, cli, app.ProjectFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range demoApps.Items {
			if full, err := svc.Project(ctx, cli, p.ID); err != nil || len(full.SystemIDs) == 0 {
				t.Errorf("application %d %s changes no system (%v)", p.ID, p.Name, err)
			}
		}

		// Accepted plans of 2028 for three units, with a published guide of 2028: the loader's
		// applications of them show every state.
		units, err := svc.Units(ctx, cli, store.UnitFilter{})
		if err != nil {
			t.Fatal(err)
		}
		ids := map[string]int64{}
		for _, u := range units.Items {
			ids[u.Code] = u.ID
		}
		g := &domain.Guide{Year: 2028, Title: "2028年度申报指南", WindowStart: november, WindowEnd: november.AddDate(0, 1, 0)}
		if err := svc.CreateGuide(ctx, cli, g); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.TransitionGuide(ctx, cli, g.ID, app.GuideStep{Version: g.Version, Action: domain.GuidePublish}); err != nil {
			t.Fatal(err)
		}
		for _, code := range []string{"320507119", "320507105", "320507103"} {
			p := &domain.AnnualPlan{UnitID: ids[code], Year: 2028}
			for i, b := range []int64{800_000, 0, 120_000} {
				p.Items = append(p.Items, domain.AnnualItem{Name: code + "项目" + string(rune('甲'+i)), Kind: domain.ItemUpgrade, Category: domain.CatGeneral, Budget: b})
			}
			if err := svc.CreateAnnualPlan(ctx, cli, p); err != nil {
				t.Fatal(err)
			}
			for _, act := range []domain.AnnualPlanAction{domain.APSend, domain.APApprove, domain.APSubmit, domain.APAccept} {
				if p, err = svc.TransitionAnnualPlan(ctx, cli, p.ID, app.AnnualPlanStep{Version: p.Version, Action: act}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := demo.LoadProjects(ctx, svc, ids); err != nil {
			t.Fatal(err)
		}
		all, err := svc.Projects(ctx, cli, app.ProjectFilter{Year: 2028})
		if err != nil {
			t.Fatal(err)
		}
		counts := map[domain.ProjectStatus]int{}
		partial, returned := false, false
		for _, p := range all.Items {
			counts[p.Status]++
			full, err := svc.Project(ctx, cli, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if r, ok := full.Response("BLD-P3"); ok && r.Answer == domain.AnswerPartial && r.Text != "" {
				partial = true
			}
			returned = returned || (p.Status == domain.ProjReturned && p.DecisionNote != "")
			if !full.NoData && len(full.CatalogIDs) == 0 {
				t.Errorf("application %d has neither catalog entries nor the declaration", p.ID)
			}
			// The materials: all three once past the draft, but for the one returned to add two of them.
			files, err := svc.Attachments(ctx, cli, "project", p.ID)
			if err != nil {
				t.Fatal(err)
			}
			var purposes []string
			for _, f := range files {
				purposes = append(purposes, f.Purpose)
			}
			want := []string{"proposal", "feasibility", "budget"}
			if p.Status == domain.ProjDraft || p.Status == domain.ProjReturned {
				want = want[:1]
			}
			if !slices.Equal(purposes, want) {
				t.Errorf("%s application %d has materials %v, want %v", p.Status, p.ID, purposes, want)
			}
		}
		if len(all.Items) != 9 || !partial || !returned {
			t.Fatalf("2028 applications %v (partial %v, returned %v)", counts, partial, returned)
		}
		everyOne(t, domain.ProjectStatuses, counts, "no application %s")
	})
}

// The demo shows the duplicate-construction check (issue 15): every application has function
// points; a draft whose check lists another unit's system above the threshold, unanswered (its
// submission would be refused); an application under review with its answers and the office's
// verdicts — one function point not approved, one cut.
func TestDemoDuplicates(t *testing.T) {
	onEveryBackend(t, november, func(t *testing.T, svc *app.Service) {
		list, err := svc.Projects(ctx, cli, app.ProjectFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		refused, judged := false, false
		for _, x := range list.Items {
			p, err := svc.Project(ctx, cli, x.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Functions) == 0 {
				t.Errorf("application %d %s has no function points", p.ID, p.Name)
			}
			if p.Status == domain.ProjDraft && len(p.DupAnswers) == 0 {
				res, err := svc.ProjectDuplicates(ctx, cli, p.ID)
				if err != nil {
					t.Fatal(err)
				}
				refused = refused || slices.ContainsFunc(res.Matches, func(m domain.DupMatch) bool { return m.Above && m.UnitID != p.UnitID })
			}
			if p.Status == domain.ProjUnderReview && len(p.DupAnswers) > 0 && len(domain.NotApproved(p.DupVerdicts)) == 1 && domain.Cuts(p.DupVerdicts) > 0 {
				judged = true
			}
		}
		if !refused || !judged {
			t.Fatalf("a draft with an unanswered match of another unit: %v; an application with answers and verdicts: %v", refused, judged)
		}
	})
}
