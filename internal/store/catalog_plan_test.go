package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// The catalog list searches in two ways: a rare term's postings read first, or — when every term
// is common (more than CatalogFacetCap entries) — each term probed for the rows the list walks.
// Both find the same entries in the same order and honour the other filters and the scope;
// facet counts are given up (Capped) when the search is that broad.
func TestCatalogSearchPlans(t *testing.T) {
	eachInTurn(t, func(t *testing.T, b testdb.Backend) {
		ctx := context.Background()
		db, _ := openAt(t, b)
		u := insertUnit(t, db, &domain.Unit{Code: "320507", Name: "相城区", Kind: domain.KindDistrict, Active: true})
		v := insertUnit(t, db, &domain.Unit{Code: "320507119", Name: "卫健委", Kind: "bureau", ParentID: u.ID, Active: true})
		names := []string{"户籍人口基本信息", "流动人口居住登记信息", "人口基础信息", "企业登记信息", "不动产登记信息", "常住人口统计信息"}
		for i, n := range names {
			c := &domain.CatalogEntry{Class: "1", Item: "01", Name: n, ProviderUnitID: []int64{u.ID, v.ID}[i%2], Summary: "测试", Format: domain.FormatDatabase,
				ShareType: domain.ShareUnconditional, ShareChannel: domain.ChannelPlatform, ShareForm: domain.FormAPI, UpdateCycle: domain.CycleDaily,
				Status: []domain.CatalogStatus{domain.CatPublished, domain.CatPrecompiled}[i/3%2], PublishDate: time.Now(),
				Items: []domain.DataItem{{Name: "公民身份号码", Column: "sfz", Type: domain.ItemChar}}}
			if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.InsertCatalogEntry(ctx, c) }); err != nil {
				t.Fatal(err)
			}
		}
		type result struct {
			ids    []string
			facets store.CatalogFacets
		}
		run := func(scope authz.Scope, f store.CatalogFilter) result {
			t.Helper()
			cs, err := db.Read().CatalogEntries(ctx, scope, f)
			if err != nil {
				t.Fatal(err)
			}
			var r result
			for _, c := range cs {
				r.ids = append(r.ids, c.Name)
			}
			if r.facets, err = db.Read().CatalogFacets(ctx, scope, f); err != nil {
				t.Fatal(err)
			}
			return r
		}
		defer func(n int) { store.CatalogFacetCap = n }(store.CatalogFacetCap)
		for _, c := range []struct {
			scope authz.Scope
			f     store.CatalogFilter
			want  []string
		}{
			{authz.Scope{All: true}, store.CatalogFilter{Query: "人口"}, []string{names[0], names[1], names[2], names[5]}},
			{authz.Scope{All: true}, store.CatalogFilter{Query: "人口基础"}, []string{names[2]}},
			{authz.Scope{All: true}, store.CatalogFilter{Query: "登记信息", Sort: store.SortName}, []string{names[4], names[3], names[1]}},
			{authz.Scope{All: true}, store.CatalogFilter{Query: "人口", UnitID: v.ID}, []string{names[1], names[5]}},
			{authz.Scope{}, store.CatalogFilter{Query: "人口"}, []string{names[0], names[1], names[2]}}, // published only
			{authz.Scope{All: true}, store.CatalogFilter{Query: "身份号码", Limit: 2}, []string{names[0], names[1]}},
			{authz.Scope{All: true}, store.CatalogFilter{Query: "大闸蟹"}, nil},
		} {
			store.CatalogFacetCap = 5000
			read := run(c.scope, c.f)
			store.CatalogFacetCap = 1 // every term is common now: probed
			probed := run(c.scope, c.f)
			if !slices.Equal(read.ids, c.want) || !slices.Equal(probed.ids, c.want) {
				t.Errorf("%q %+v: read %v, probed %v, want %v", c.f.Query, c.f, read.ids, probed.ids, c.want)
			}
			total := 0
			for _, n := range read.facets.Status {
				total += n
			}
			if read.facets.Capped || (c.f.Limit == 0 && total != len(c.want)) {
				t.Errorf("%q: facets %+v for %d entries", c.f.Query, read.facets, len(c.want))
			}
			if len(c.want) > 1 && (!probed.facets.Capped || len(probed.facets.Status) != 0) {
				t.Errorf("%q: over the cap the facets are %+v", c.f.Query, probed.facets)
			}
		}
	})
}
