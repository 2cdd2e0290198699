package demo_test

import (
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// The demo's spot checks and rectification (FLOW-4): a published bidding round whose failed
// check's notice went to the finance and audit bureaus (the finance login reads it, its project
// and task book, and no other project); a design round awaiting publication whose failed check
// halted its project with the notice open; an overdue notice recorded from paper, escalated.
func TestLoadSpotChecks(t *testing.T) {
	onEveryBackend(t, november, func(t *testing.T, svc *app.Service) {
		rounds, err := svc.CheckRounds(ctx, cli, app.CheckRoundFilter{})
		if err != nil || len(rounds.Items) != 2 {
			t.Fatalf("rounds: %v %v", rounds.Items, err)
		}
		byStage := map[domain.ProjectStage]*domain.CheckRound{}
		for _, x := range rounds.Items {
			byStage[x.Stage] = x
		}
		bid, design := byStage[domain.StageBidding], byStage[domain.StageDesign]
		if bid == nil || !bid.Published() || design == nil || design.Status != domain.RoundDrawn {
			t.Fatalf("rounds by stage: %+v", byStage)
		}
		failed := func(x *domain.CheckRound) *domain.SpotCheck {
			checks, err := svc.SpotChecks(ctx, cli, x)
			if err != nil {
				t.Fatal(err)
			}
			var out []*domain.SpotCheck
			for _, c := range checks {
				if c.Status == domain.CheckPending || len(c.Inspectors) != 2 {
					t.Errorf("%s: check %d %s with %d inspectors", x.Title, c.ID, c.Status, len(c.Inspectors))
				}
				if c.Status == domain.CheckFailed {
					out = append(out, c)
				}
			}
			if len(out) != 1 || out[0].RectificationID == 0 {
				t.Fatalf("%s: failed checks %+v", x.Title, out)
			}
			return out[0]
		}

		// The bidding failure: its notice told the bureaus; the finance login reads the notice and
		// its project, and not a project it was not told of.
		bf := failed(bid)
		n, err := svc.Rectification(ctx, cli, bf.RectificationID)
		if err != nil || !n.Bureaus || n.Halts || n.Status != domain.RectIssued {
			t.Fatalf("bidding notice: %+v %v", n, err)
		}
		u, err := svc.DB().Read().UserByUsername(ctx, "finance")
		if err != nil {
			t.Fatal(err)
		}
		fin := domain.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, Grants: u.Grants}
		if _, err := svc.Rectification(ctx, fin, n.ID); err != nil {
			t.Fatalf("finance reads the notice: %v", err)
		}
		if _, err := svc.Project(ctx, fin, n.ProjectID); err != nil {
			t.Fatalf("finance reads its project: %v", err)
		}
		seen, err := svc.Projects(ctx, fin, app.ProjectFilter{})
		if err != nil || len(seen.Items) != 1 || seen.Items[0].ID != n.ProjectID {
			t.Fatalf("finance's projects: %v %v", seen.Items, err)
		}

		// The design failure halted its project, its notice open.
		df := failed(design)
		p, err := svc.Project(ctx, cli, df.ProjectID)
		if err != nil || !p.Halted() || p.Stage != domain.StageDesign {
			t.Fatalf("halted project: %+v %v", p, err)
		}
		if n, err := svc.Rectification(ctx, cli, df.RectificationID); err != nil || !n.Halts || !n.Status.Open() {
			t.Fatalf("design notice: %+v %v", n, err)
		}

		// The notice recorded from paper is overdue and escalated.
		over, err := svc.Rectifications(ctx, cli, app.RectificationFilter{OverdueOn: svc.Today()})
		if err != nil || len(over.Items) != 1 || over.Items[0].EscalatedAt.IsZero() || over.Items[0].Source != domain.RectFromOffice {
			t.Fatalf("overdue notices: %+v %v", over.Items, err)
		}
	})
}
