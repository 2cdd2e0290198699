package demo_test

import (
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
)

// The demo component catalog: at least 20 components, every one with 3–8 function points and
// a providing unit; most published, one draft, one retired; their users are demo systems, and
// the units' people read the published ones but not the draft.
func TestLoadComponents(t *testing.T) {
	if len(demo.Components) < 20 {
		t.Fatalf("%d demo components, want at least 20", len(demo.Components))
	}
	onEveryBackend(t, november, func(t *testing.T, svc *app.Service) {
		p, err := svc.Components(ctx, cli, app.ComponentFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Items) != len(demo.Components) {
			t.Fatalf("%d components loaded, want %d", len(p.Items), len(demo.Components))
		}
		by := map[domain.ComponentStatus]int{}
		users := 0
		for _, c := range p.Items {
			by[c.Status]++
			users += len(c.UserSystems)
			if n := len(c.Functions); n < 3 || n > 8 {
				t.Errorf("%s: %d function points", c.Name, n)
			}
			if c.UnitName == "" {
				t.Errorf("%s: no providing unit", c.Name)
			}
		}
		if by[domain.CompDraft] != 1 || by[domain.CompRetired] != 1 || by[domain.CompPublished] != len(demo.Components)-2 {
			t.Errorf("statuses %v", by)
		}
		if users < 60 {
			t.Errorf("%d user systems in all", users)
		}
		u, err := svc.DB().Read().UserByUsername(ctx, "weijian")
		if err != nil {
			t.Fatal(err)
		}
		weijian := domain.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, Grants: u.Grants}
		q, err := svc.Components(ctx, weijian, app.ComponentFilter{Limit: 100})
		if err != nil || len(q.Items) != len(demo.Components)-1 {
			t.Errorf("a unit lists %d components (%v), want all but the draft", len(q.Items), err)
		}
		// The search index finds a component by a function point.
		r, err := svc.Components(ctx, weijian, app.ComponentFilter{Query: "实名核验"})
		if err != nil || len(r.Items) != 1 || r.Items[0].Name != "统一身份认证平台" {
			t.Errorf("search by function point: %v %v", r.Items, err)
		}
	})
}
