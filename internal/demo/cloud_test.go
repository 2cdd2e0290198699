package demo_test

import (
	"slices"
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// TestLoadCloud loads the demo district on every backend and checks that the cloud part is
// believable: three pools, about 25 requests from several units in every state, each for a
// system of its own unit, and pool allocations that are exactly what the approved requests hold.
func TestLoadCloud(t *testing.T) {
	onEveryBackend(t, march, func(t *testing.T, svc *app.Service) {
		pools, err := svc.CloudPools(ctx, cli)
		if err != nil || len(pools) != 3 {
			t.Fatalf("%d pools (%v), want 3", len(pools), err)
		}
		p, err := svc.CloudRequests(ctx, cli, store.CloudRequestFilter{})
		if err != nil {
			t.Fatal(err)
		}
		// Besides the seeds, the drafts the demo's approved applications filed (ENV-R1, FLOW-2);
		// those of the accepted projects were granted on the way (FLOW-4, stages.go) and hold.
		held := map[int64]domain.CloudResources{}
		for _, r := range p.Items {
			if r.ProjectID != 0 && r.Status.Holds() {
				held[r.PoolID] = held[r.PoolID].Plus(r.Granted)
			}
		}
		p.Items = slices.DeleteFunc(p.Items, func(r *domain.CloudRequest) bool { return r.ProjectID != 0 })
		if n := len(p.Items); n < 20 || n > 40 || n != len(demo.CloudRequests) {
			t.Fatalf("%d requests, want about 25 (%d seeds)", n, len(demo.CloudRequests))
		}
		states := map[domain.CloudRequestStatus]int{}
		units := map[int64]bool{}
		for _, r := range p.Items {
			states[r.Status]++
			units[r.UnitID] = true
			sys, err := svc.System(ctx, cli, r.SystemID)
			if err != nil || sys.UnitID != r.UnitID {
				t.Fatalf("request %d: system %d is not of unit %d (%v)", r.ID, r.SystemID, r.UnitID, err)
			}
			if !r.PeriodEnd.After(r.PeriodStart) || r.Justification == "" {
				t.Fatalf("request %d: %+v", r.ID, r)
			}
			switch r.Status {
			case domain.CloudApproved:
				if r.Granted != r.Requested {
					t.Fatalf("approved request %d grants %+v of %+v", r.ID, r.Granted, r.Requested)
				}
			case domain.CloudPartiallyApproved:
				if r.Granted == r.Requested || !r.Granted.Fits(r.Requested) || r.DecisionNote == "" {
					t.Fatalf("partial request %d: %+v", r.ID, r)
				}
			case domain.CloudRejected:
				if r.DecisionNote == "" {
					t.Fatalf("rejected request %d without reasons", r.ID)
				}
			}
			if r.Status.Holds() {
				held[r.PoolID] = held[r.PoolID].Plus(r.Granted)
			}
		}
		everyOne(t, domain.CloudRequestStatuses, states, "no demo request is %s")
		if len(units) < 6 {
			t.Errorf("requests from %d units, want several", len(units))
		}
		for _, pool := range pools {
			if pool.Allocated != held[pool.ID] || !pool.Allocated.Fits(pool.Capacity) {
				t.Errorf("pool %s: allocated %+v, approved requests hold %+v, capacity %+v", pool.Name, pool.Allocated, held[pool.ID], pool.Capacity)
			}
			if pool.Allocated.IsZero() {
				t.Errorf("pool %s: nothing allocated", pool.Name)
			}
		}
		u, err := svc.CloudUtilisation(ctx, cli)
		if err != nil || len(u.Units) < 5 {
			t.Fatalf("utilisation per unit: %d units (%v)", len(u.Units), err)
		}
	})
}
