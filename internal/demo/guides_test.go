package demo_test

import (
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// The demo guides: 2026's published, 2027's corrected once — its first revision superseded by
// the second, which is published with the requirements of the rules.
func TestLoadGuides(t *testing.T) {
	onEveryBackend(t, november, func(t *testing.T, svc *app.Service) {
		p, err := svc.Guides(ctx, cli, app.GuideFilter{})
		if err != nil {
			t.Fatal(err)
		}
		got := map[[2]int]domain.GuideStatus{}
		for _, g := range p.Items {
			got[[2]int{g.Year, g.Revision}] = g.Status
			if g.Status == domain.GuidePublished && len(g.Mandatory()) == 0 {
				t.Errorf("published guide %d/%d has no mandatory requirement", g.Year, g.Revision)
			}
		}
		want := map[[2]int]domain.GuideStatus{{2026, 1}: domain.GuidePublished, {2027, 1}: domain.GuideSuperseded, {2027, 2}: domain.GuidePublished}
		if len(got) != len(want) {
			t.Fatalf("guides %v, want %v", got, want)
		}
		for k, s := range want {
			if got[k] != s {
				t.Errorf("guide %d revision %d: %s, want %s", k[0], k[1], got[k], s)
			}
		}
	})
}
