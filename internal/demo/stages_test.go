package demo_test

import (
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// The demo's project stages (FLOW-4, BLD-R5): projects at each stage, two accepted (one in
// operation) whose new systems went into service, each accepted one with its catalog entries
// published and its cloud requests settled; the one applying for acceptance with its catalog
// entry registered and not yet published (SHR-R4); the materials of a stage awaiting the office.
func TestLoadStages(t *testing.T) {
	onEveryBackend(t, november, func(t *testing.T, svc *app.Service) {
		approved, err := svc.Projects(ctx, cli, app.ProjectFilter{Status: domain.ProjApproved})
		if err != nil {
			t.Fatal(err)
		}
		at := map[domain.ProjectStage]int{}
		for _, p := range approved.Items {
			p, err := svc.Project(ctx, cli, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			at[p.Stage]++
			if p.Stage == domain.StageAcceptance {
				if len(p.CatalogIDs) == 0 {
					t.Errorf("project %d applying for acceptance has no catalog entry", p.ID)
				}
				for _, id := range p.CatalogIDs {
					if c, err := svc.CatalogEntry(ctx, cli, id); err != nil || c.Status != domain.CatRegistered {
						t.Errorf("project %d applying for acceptance: catalog entry %d not registered (%v)", p.ID, id, err)
					}
				}
			}
			if p.Stage != domain.StageAccepted && p.Stage != domain.StageOperation {
				continue
			}
			for _, id := range p.CreatedSystemIDs {
				if s, err := svc.System(ctx, cli, id); err != nil || s.Status != domain.StatusRunning {
					t.Errorf("accepted project %d: system %d not in service (%v)", p.ID, id, err)
				}
			}
			for _, id := range p.CatalogIDs {
				if c, err := svc.CatalogEntry(ctx, cli, id); err != nil || c.Status != domain.CatPublished {
					t.Errorf("accepted project %d: catalog entry %d not published (%v)", p.ID, id, err)
				}
			}
		}
		want := map[domain.ProjectStage]int{domain.StageDesign: 2, domain.StageImplementation: 1, domain.StageAcceptance: 1,
			domain.StageAccepted: 1, domain.StageOperation: 1}
		for st, n := range want {
			if at[st] != n {
				t.Errorf("%d projects at %s, want %d (all: %v)", at[st], st, n, at)
			}
		}
		if at[domain.StageBidding] < 1 {
			t.Errorf("no project at bidding: %v", at)
		}
	})
}
