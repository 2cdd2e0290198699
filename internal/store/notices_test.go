package store_test

// Notices (ORG-4) and technical standards (ORG-5) on every backend: the rows, the scope
// (drafts are the office's), search and filters, counts, one version in force per code and an
// edition not given twice, both enforced by the database, and a docking plan reading the
// standard version it names.

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

func TestNoticeStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		ins := func(n *domain.Notice) *domain.Notice {
			return inserted(t, db, n, func(tx *store.Tx) error { return tx.InsertNotice(ctx, n) })
		}
		draft := ins(&domain.Notice{Title: "培训通知（草稿）", Kind: domain.NoticeNotice, Body: "拟于一月培训", Status: domain.NoticeDraft})
		pub := ins(&domain.Notice{Title: "关于上云迁移的通知", Kind: domain.NoticeNotice, Body: "各单位：请登记迁移计划。", Status: domain.NoticePublished})
		ann := ins(&domain.Notice{Title: "政务云维护公告", Kind: domain.NoticeAnnouncement, Body: "周六维护", Status: domain.NoticePublished})
		got, err := db.Read().Notice(ctx, pub.ID)
		if err != nil || !reflect.DeepEqual(*got, *pub) {
			t.Fatalf("read back %+v, want %+v (%v)", got, pub, err)
		}
		ids := func(scope authz.Scope, f store.NoticeFilter) []int64 {
			t.Helper()
			xs, err := db.Read().Notices(ctx, scope, f)
			if err != nil {
				t.Fatal(err)
			}
			n, err := db.Read().CountNotices(ctx, scope, f)
			if err != nil || (f.After == 0 && f.Limit == 0 && n != len(xs)) {
				t.Fatalf("count %d of %d listed, %v", n, len(xs), err)
			}
			var out []int64
			for _, x := range xs {
				out = append(out, x.ID)
			}
			return out
		}
		office, unit := authz.Scope{All: true}, authz.Scope{UnitIDs: []int64{7}}
		for _, c := range []struct {
			name  string
			scope authz.Scope
			f     store.NoticeFilter
			want  []int64
		}{
			{"the office, newest first", office, store.NoticeFilter{}, []int64{ann.ID, pub.ID, draft.ID}},
			{"a unit: no drafts", unit, store.NoticeFilter{}, []int64{ann.ID, pub.ID}},
			{"a unit searching the body", unit, store.NoticeFilter{Query: "迁移计划"}, []int64{pub.ID}},
			{"a unit searching a draft's title", unit, store.NoticeFilter{Query: "培训"}, nil},
			{"by kind", office, store.NoticeFilter{Kind: domain.NoticeAnnouncement}, []int64{ann.ID}},
			{"by status", office, store.NoticeFilter{Status: domain.NoticeDraft}, []int64{draft.ID}},
			{"after a cursor", office, store.NoticeFilter{After: ann.ID, Limit: 1}, []int64{pub.ID}},
		} {
			if got := ids(c.scope, c.f); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
		stale := *pub
		pub.Status, pub.WithdrawNote = domain.NoticeWithdrawn, "日期有误"
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateNotice(ctx, pub) })
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateNotice(ctx, &stale) }); domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("stale notice update: %v", err)
		}
	})
}

func TestStandardStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		ins := func(x *domain.Standard) *domain.Standard {
			return inserted(t, db, x, func(tx *store.Tx) error { return tx.InsertStandard(ctx, x) })
		}
		v20 := ins(&domain.Standard{Code: "XC-JK-001", Name: "人口基础信息库共享接口规范", Kind: domain.StdInterface, Library: domain.LibPopulation,
			Edition: "V2.0", EffectiveDate: date(2024, 3, 1), Summary: "身份证号核验", URL: "https://example.gov.cn/jk001", Status: domain.StdSuperseded})
		v21 := ins(&domain.Standard{Code: "XC-JK-001", Name: "人口基础信息库共享接口规范", Kind: domain.StdInterface, Library: domain.LibPopulation,
			Edition: "V2.1", EffectiveDate: date(2026, 7, 1), Summary: "新增居住证查询", Status: domain.StdPublished})
		acc := ins(&domain.Standard{Code: "XC-JR-001", Name: "数据交换共享平台接入规程", Kind: domain.StdAccess, Edition: "V1.0", Status: domain.StdPublished})
		draft := ins(&domain.Standard{Code: "XC-JK-009", Name: "电子证照接口", Kind: domain.StdInterface, Edition: "V0.9", Status: domain.StdDraft})
		if got, err := db.Read().Standard(ctx, v20.ID); err != nil || !reflect.DeepEqual(*got, *v20) {
			t.Fatalf("read back %+v, want %+v (%v)", got, v20, err)
		}
		// The database keeps one version in force per code and each edition once.
		for name, x := range map[string]*domain.Standard{
			"a second version in force": {Code: "XC-JK-001", Name: "x", Kind: domain.StdInterface, Edition: "V3.0", Status: domain.StdPublished},
			"an edition given twice":    {Code: "XC-JK-001", Name: "x", Kind: domain.StdInterface, Edition: "V2.0", Status: domain.StdDraft},
		} {
			err := db.InTx(ctx, func(tx *store.Tx) error { return tx.InsertStandard(ctx, x) })
			if e := domain.AsError(err); e == nil || e.Code != domain.EInvalid || e.Field != "edition" {
				t.Errorf("%s: %v, want invalid at edition", name, err)
			}
		}
		list := func(scope authz.Scope, f store.StandardFilter) []int64 {
			t.Helper()
			xs, err := db.Read().Standards(ctx, scope, f)
			if err != nil {
				t.Fatal(err)
			}
			n, err := db.Read().CountStandards(ctx, scope, f)
			if err != nil || n != len(xs) {
				t.Fatalf("count %d of %d listed, %v", n, len(xs), err)
			}
			var out []int64
			for _, x := range xs {
				out = append(out, x.ID)
			}
			return out
		}
		office, unit := authz.Scope{All: true}, authz.Scope{}
		for _, c := range []struct {
			name  string
			scope authz.Scope
			f     store.StandardFilter
			want  []int64
		}{
			{"the office", office, store.StandardFilter{}, []int64{draft.ID, acc.ID, v21.ID, v20.ID}},
			{"a unit: no drafts", unit, store.StandardFilter{}, []int64{acc.ID, v21.ID, v20.ID}},
			{"one standard's versions", unit, store.StandardFilter{Code: "xc-jk-001"}, []int64{v21.ID, v20.ID}},
			{"search", unit, store.StandardFilter{Query: "居住证"}, []int64{v21.ID}},
			{"by library", unit, store.StandardFilter{Library: domain.LibPopulation, Status: domain.StdPublished}, []int64{v21.ID}},
			{"by kind", unit, store.StandardFilter{Kind: domain.StdAccess}, []int64{acc.ID}},
		} {
			if got := list(c.scope, c.f); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
		inForce, err := db.Read().PublishedStandards(ctx)
		if err != nil || len(inForce) != 2 || inForce[0].ID != v21.ID || inForce[1].ID != acc.ID {
			t.Fatalf("in force: %+v %v", inForce, err)
		}
		vs, err := db.Read().StandardVersions(ctx, "XC-JK-001")
		if err != nil || len(vs) != 2 || vs[0].ID != v20.ID {
			t.Fatalf("versions: %+v %v", vs, err)
		}

		// A docking plan reads the version it names; one made before keeps its typed text.
		d, _, _ := district(t, db)
		s := insertSystem(t, db, sys("S-POP", "人口应用", d.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusRunning))
		named := &domain.DockingPlan{SystemID: s.ID, Library: domain.LibPopulation, StandardID: v20.ID, InterfaceVersion: v20.Title(),
			Node: domain.NodeOM, PlannedDate: date(2027, 1, 1), Status: domain.PlanPlanned}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertDockingPlan(ctx, named) })
		legacy := &domain.DockingPlan{SystemID: s.ID, Library: domain.LibGeo, InterfaceVersion: "空间地理接口 v1",
			Node: domain.NodeOM, PlannedDate: date(2027, 1, 1), Status: domain.PlanPlanned}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertDockingPlan(ctx, legacy) })
		got, err := db.Read().DockingPlan(ctx, named.ID)
		if err != nil || got.StandardID != v20.ID || got.StandardName != v20.Name || got.StandardEdition != "V2.0" || got.StandardStatus != domain.StdSuperseded {
			t.Fatalf("plan naming V2.0: %+v %v", got, err)
		}
		got, err = db.Read().DockingPlan(ctx, legacy.ID)
		if err != nil || got.StandardID != 0 || got.StandardName != "" || got.InterfaceVersion != "空间地理接口 v1" {
			t.Fatalf("plan with typed text: %+v %v", got, err)
		}
	})
}
