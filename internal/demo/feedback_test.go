package demo_test

import (
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// TestLoadFeedback loads the demo district and checks the data-correction cases (SHR-R6): one
// per seed, in every state, on published entries of another unit, at least one overdue and
// escalated, and the escalation sweep finding nothing more to do right after the load.
func TestLoadFeedback(t *testing.T) {
	onEveryBackend(t, november, func(t *testing.T, svc *app.Service) {
		p, err := svc.Feedbacks(ctx, cli, store.FeedbackFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(p.Items); n != len(demo.FeedbackCases) || n < 18 {
			t.Fatalf("%d cases, want %d (about 20)", n, len(demo.FeedbackCases))
		}
		states := map[domain.FeedbackStatus]int{}
		overdue, escalated, reopened, libs := 0, 0, 0, 0
		today := svc.Today()
		for _, f := range p.Items {
			states[f.Status]++
			if f.ReporterUnitID == f.ProviderUnitID {
				t.Errorf("case %d: a unit reports on its own data", f.ID)
			}
			if f.Library != "" {
				libs++
				if pid, err := svc.DB().Read().BaseLibraryProvider(ctx, f.Library); err != nil || pid != f.ProviderUnitID {
					t.Errorf("case %d: library %s is not provided by unit %d (%v)", f.ID, f.Library, f.ProviderUnitID, err)
				}
			} else if c, err := svc.CatalogEntry(ctx, cli, f.EntryID); err != nil || c.Status != domain.CatPublished || c.ProviderUnitID != f.ProviderUnitID {
				t.Errorf("case %d: entry %d is not a published entry of the provider (%v)", f.ID, f.EntryID, err)
			}
			if f.Overdue(today) {
				overdue++
				if f.EscalatedAt.IsZero() {
					t.Errorf("case %d is overdue but was not escalated", f.ID)
				}
			}
			if !f.EscalatedAt.IsZero() {
				escalated++
			}
			if f.Reopens > 0 {
				reopened++
			}
		}
		everyOne(t, domain.FeedbackStatuses, states, "no case in state %s")
		if overdue < 1 || escalated < 1 || reopened < 1 || libs < 1 {
			t.Errorf("overdue %d, escalated %d, reopened %d, on libraries %d: want at least one each", overdue, escalated, reopened, libs)
		}
		if n, err := svc.EscalateOverdueFeedback(ctx, november); err != nil || n != 0 {
			t.Errorf("a second sweep escalated %d (%v), want 0", n, err)
		}
		stats, err := svc.FeedbackStatsFor(ctx, cli, app.FeedbackPeriod{})
		if err != nil || len(stats) < 5 {
			t.Fatalf("stats: %d providers (%v)", len(stats), err)
		}
	})
}
