package demo_test

import (
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
)

// The demo pool: every seed registered, the inactive ones deactivated, the demo login expert
// linked to 黄立群, and 卫健委's own experts affiliated with it (left out of its reviews).
func TestLoadExperts(t *testing.T) {
	onEveryBackend(t, november, func(t *testing.T, svc *app.Service) {
		p, err := svc.Experts(ctx, cli, app.ExpertFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) != len(demo.Experts) {
			t.Fatalf("%d experts, want %d", len(p.Items), len(demo.Experts))
		}
		inactive, health := 0, 0
		for _, e := range p.Items {
			if !e.Active {
				inactive++
			}
			if e.UnitName == "区卫生健康委员会" {
				health++
			}
		}
		if inactive != 2 || health != 2 {
			t.Errorf("%d inactive (want 2), %d of 卫健委 (want 2)", inactive, health)
		}
		u, err := svc.DB().Read().UserByUsername(ctx, "expert")
		if err != nil {
			t.Fatal(err)
		}
		e, err := svc.DB().Read().ExpertByUser(ctx, u.ID)
		if err != nil || e.Name != "黄立群" || e.Name != u.Name {
			t.Fatalf("the demo login expert is linked to %+v (%v)", e, err)
		}
	})
}
