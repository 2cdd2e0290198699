package store_test

// The base libraries (SHR-P2, SHR-R5) on every backend: the five seeded rows, an edit of the
// authoritative provider and contributors with its optimistic version, and the provider
// look-up the data-correction feedback uses (SHR-R6).

import (
	"context"
	"testing"

	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

func TestBaseLibraries(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		ls, err := db.Read().BaseLibraries(ctx)
		if err != nil || len(ls) != 5 {
			t.Fatalf("seeded libraries: %d %v", len(ls), err)
		}
		for i, l := range ls {
			if l.Code != domain.BaseLibraries[i] || !l.Active || l.ProviderUnitID != 0 || l.Version != 1 {
				t.Fatalf("seeded library %d: %+v", i, l)
			}
		}
		if _, err := db.Read().BaseLibraryProvider(ctx, domain.LibPopulation); domain.AsError(err).Field != "base_library" {
			t.Fatalf("provider not yet assigned: %v", err)
		}
		if _, err := db.Read().BaseLibraryProvider(ctx, "nope"); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("unknown code: %v", err)
		}

		var police, health int64
		inTx(t, db, func(tx *store.Tx) error {
			d := &domain.Unit{Code: "320507", Name: "相城区", Kind: domain.KindDistrict, Level: 1, Active: true}
			if err := tx.InsertUnit(ctx, d); err != nil {
				return err
			}
			p := &domain.Unit{Code: "320507106", Name: "苏州市公安局相城分局", Kind: domain.KindBureau, Level: 2, ParentID: d.ID, Active: true}
			h := &domain.Unit{Code: "320507112", Name: "区卫生健康委员会", Kind: domain.KindBureau, Level: 2, ParentID: d.ID, Active: true}
			if err := tx.InsertUnit(ctx, p); err != nil {
				return err
			}
			police = p.ID
			if err := tx.InsertUnit(ctx, h); err != nil {
				return err
			}
			health = h.ID
			return nil
		})
		pop, err := db.Read().BaseLibraryByCode(ctx, domain.LibPopulation)
		if err != nil {
			t.Fatal(err)
		}
		pop.ProviderUnitID, pop.ContributorUnitIDs, pop.Description = police, []int64{health}, "实有人口"
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateBaseLibrary(ctx, pop) })
		got, err := db.Read().BaseLibrary(ctx, pop.ID)
		if err != nil || got.ProviderName != "苏州市公安局相城分局" || len(got.ContributorNames) != 1 || got.ContributorNames[0] != "区卫生健康委员会" ||
			got.Version != 2 || got.Description != "实有人口" {
			t.Fatalf("read back %+v %v", got, err)
		}
		if u, err := db.Read().BaseLibraryProvider(ctx, domain.LibPopulation); err != nil || u != police {
			t.Fatalf("provider: %d %v", u, err)
		}
		stale := *got
		stale.Version = 1
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateBaseLibrary(ctx, &stale) })
		if domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("stale edit: %v", err)
		}
	})
}
