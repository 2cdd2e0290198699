package demo_test

import (
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/store"
)

// TestLoadSharing loads the demo district and checks its sharing requests: about twenty, in
// every state, between several units, each for another unit's published 有条件共享 entry; at
// least one overdue and escalated, one overdue not escalated yet, and one waiting within its
// deadline for the health commission's answer.
func TestLoadSharing(t *testing.T) {
	onEveryBackend(t, november, func(t *testing.T, svc *app.Service) {
		p, err := svc.SharingRequests(ctx, cli, store.SharingFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(p.Items); n != len(demo.SharingSeeds) || n < 15 {
			t.Fatalf("%d requests, want %d", n, len(demo.SharingSeeds))
		}
		today := domain.Day(november.In(i18n.Zone))
		states := map[domain.SharingStatus]int{}
		units := map[int64]bool{}
		var escalated, lateOpen, waiting int
		health, err := svc.DB().Read().UnitByCode(ctx, "320507119")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Items {
			states[r.Status]++
			units[r.ProviderUnitID], units[r.RequesterUnitID] = true, true
			c, err := svc.CatalogEntry(ctx, cli, r.EntryID)
			if err != nil || c.ShareType != domain.ShareConditional || c.Status != domain.CatPublished || c.ProviderUnitID != r.ProviderUnitID || r.RequesterUnitID == r.ProviderUnitID {
				t.Fatalf("request %d for entry %+v (%v)", r.ID, c, err)
			}
			if r.Purpose == "" || r.Basis == "" || !r.DueDate.After(r.SubmittedOn) {
				t.Fatalf("request %d: %+v", r.ID, r)
			}
			switch {
			case r.Status == domain.SharingApproved && r.Scope == "", r.Status == domain.SharingRefused && r.RefusalReason == "":
				t.Fatalf("answer of request %d without its scope or reason", r.ID)
			case r.Overdue(today) && !r.EscalatedAt.IsZero():
				escalated++
			case r.Overdue(today):
				lateOpen++
			case r.Status == domain.SharingSubmitted && r.ProviderUnitID == health.ID:
				waiting++
			}
		}
		everyOne(t, domain.SharingStatuses, states, "no demo request is %s")
		if len(units) < 10 || escalated == 0 || lateOpen == 0 || waiting == 0 {
			t.Errorf("%d units, %d escalated, %d overdue not escalated, %d waiting for the health commission", len(units), escalated, lateOpen, waiting)
		}
	})
}
