package demo_test

import (
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// TestLoadBaseLibraries loads the demo district on every backend and checks the base libraries
// (SHR-P2, SHR-R5): five, each with catalog entries feeding it, and each but the 社会信用库 with
// its authoritative provider (公安分局 for 人口库 …) and the provider look-up the feedback routing
// uses; the 社会信用库's provider is not yet settled, which the look-up says (SHR-R5).
func TestLoadBaseLibraries(t *testing.T) {
	onEveryBackend(t, march, func(t *testing.T, svc *app.Service) {
		sums, err := svc.LibraryOverview(ctx, cli)
		if err != nil || len(sums) != 5 {
			t.Fatalf("%d libraries (%v), want 5", len(sums), err)
		}
		want := map[domain.BaseLibrary]string{domain.LibPopulation: "苏州市公安局相城分局", domain.LibLegalPerson: "区市场监督管理局",
			domain.LibGeo: "苏州市自然资源和规划局相城分局", domain.LibLicense: "区行政审批局"}
		docked := 0
		for _, s := range sums {
			l := s.Library
			if !l.Active || l.Description == "" || l.ProviderName != want[l.Code] || (l.Code != domain.LibCredit && len(l.ContributorUnitIDs) == 0) {
				t.Fatalf("library %s: %+v", l.Code, l)
			}
			if s.Entries == 0 {
				t.Fatalf("library %s: no catalog entry feeds it", l.Code)
			}
			docked += s.Systems.Docked
			err := svc.DB().InTx(ctx, func(tx *store.Tx) error {
				u, err := svc.BaseLibraryProvider(ctx, tx, l.Code)
				if l.Code == domain.LibCredit {
					if x := domain.AsError(err); x.Code != domain.EInvalid || x.Field != "base_library" {
						t.Errorf("provider of %s: %d %v, want none", l.Code, u, err)
					}
					return nil
				}
				if err == nil && u != l.ProviderUnitID {
					t.Errorf("provider of %s: %d, want %d", l.Code, u, l.ProviderUnitID)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if docked == 0 {
			t.Fatal("no system docked to any base library")
		}
	})
}
