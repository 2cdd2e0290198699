package store_test

// The shared component catalog (组件目录, issue 15) on every backend: the row, its users, the
// scope (drafts are the office's), the filters and the search index document.

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

func insertComponent(t *testing.T, db *store.DB, x *domain.Component) *domain.Component {
	t.Helper()
	return inserted(t, db, x, func(tx *store.Tx) error { return tx.InsertComponent(context.Background(), x) })
}

func TestComponentStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		d, health, edu := district(t, db)
		idp := insertSystem(t, db, sys("S-IDP", "统一身份认证平台", d.ID, domain.HostingCloud, domain.CategoryPlatform, domain.StatusRunning))
		his := insertSystem(t, db, sys("S-HIS", "区域卫生信息平台", health.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusRunning))
		edus := insertSystem(t, db, sys("S-EDU", "智慧教育平台", edu.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusRunning))

		ident := insertComponent(t, db, &domain.Component{Name: "统一身份认证", Kind: domain.CompIdentity, UnitID: d.ID, SystemID: idp.ID,
			Summary: "全区政务应用统一登录和用户管理", Functions: []string{"单点登录", "统一用户管理", "实名核验"},
			Standard: "统一身份认证接入规范", StandardVersion: "2.1", StandardURL: "https://example.gov.cn/idp.pdf", Access: "向区信息办提交接入申请表",
			UserSystemIDs: []int64{his.ID, edus.ID}, Status: domain.CompPublished})
		got, err := db.Read().Component(ctx, ident.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *ident
		want.UnitName, want.SystemName = d.Name, idp.Name
		want.UserSystems = []domain.ComponentUser{
			{ID: edus.ID, Code: "S-EDU", Name: "智慧教育平台", UnitID: edu.ID, UnitName: edu.Name},
			{ID: his.ID, Code: "S-HIS", Name: "区域卫生信息平台", UnitID: health.ID, UnitName: health.Name},
		}
		want.UserSystemIDs = []int64{edus.ID, his.ID} // in code order, as read
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("read back\n%+v\nwant\n%+v", *got, want)
		}

		// The name is unique in the catalog.
		err = db.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertComponent(ctx, &domain.Component{Name: ident.Name, Kind: domain.CompOther, UnitID: d.ID, Functions: []string{"其他"}, Status: domain.CompDraft})
		})
		wantCode(t, err, domain.EInvalid, "name")

		draft := insertComponent(t, db, &domain.Component{Name: "电子印章系统", Kind: domain.CompSeal, UnitID: d.ID, Summary: "电子签章",
			Functions: []string{"电子签章", "验章"}, UserSystemIDs: []int64{}, Status: domain.CompDraft})
		sms := insertComponent(t, db, &domain.Component{Name: "短信平台", Kind: domain.CompSMS, UnitID: health.ID,
			Functions: []string{"短信发送", "验证码"}, UserSystemIDs: []int64{his.ID}, Status: domain.CompRetired})

		// Optimistic update replaces the users; a stale version is a conflict.
		stale := *got
		got.UserSystemIDs = []int64{idp.ID}
		got.Functions = append(got.Functions, "扫码登录")
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateComponent(ctx, got) })
		if got.Version != 2 {
			t.Fatalf("version after update %d", got.Version)
		}
		again, err := db.Read().Component(ctx, ident.ID)
		if err != nil || !slices.Equal(again.UserSystemIDs, []int64{idp.ID}) || len(again.Functions) != 4 {
			t.Fatalf("after update: %+v %v", again, err)
		}
		stale.Name = "旧名"
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateComponent(ctx, &stale) })
		if domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("stale update: %v", err)
		}

		// Scope: drafts are the office's (All); everyone else lists the others.
		all := authz.Scope{All: true}
		for name, c := range map[string]struct {
			scope authz.Scope
			f     store.ComponentFilter
			want  []int64
		}{
			"all":           {all, store.ComponentFilter{}, []int64{ident.ID, draft.ID, sms.ID}},
			"a unit's user": {authz.Scope{UnitIDs: []int64{edu.ID}}, store.ComponentFilter{}, []int64{ident.ID, sms.ID}},
			"no units":      {authz.Scope{}, store.ComponentFilter{}, []int64{ident.ID, sms.ID}},
			"unit":          {all, store.ComponentFilter{UnitID: health.ID}, []int64{sms.ID}},
			"kind":          {all, store.ComponentFilter{Kind: domain.CompSeal}, []int64{draft.ID}},
			"status":        {all, store.ComponentFilter{Status: domain.CompRetired}, []int64{sms.ID}},
			"used by":       {all, store.ComponentFilter{SystemID: his.ID}, []int64{sms.ID}},
			"by function":   {all, store.ComponentFilter{Query: "扫码登录"}, []int64{ident.ID}},
			"by summary":    {authz.Scope{}, store.ComponentFilter{Query: "签章"}, nil}, // a draft: the office's
			"office search": {all, store.ComponentFilter{Query: "签章"}, []int64{draft.ID}},
			"sorted":        {all, store.ComponentFilter{Sort: store.SortName, Limit: 1}, []int64{draft.ID}},
		} {
			t.Run(name, func(t *testing.T) {
				ids := listIDs(t, db.Read().Components, c.scope, c.f)
				if !slices.Equal(ids, c.want) {
					t.Fatalf("got %v, want %v", ids, c.want)
				}
				if c.f.Limit == 0 {
					if n, err := db.Read().CountComponents(ctx, c.scope, c.f); err != nil || n != len(c.want) {
						t.Fatalf("count %d %v", n, err)
					}
				}
			})
		}

		// The index: a published component is a public document under its unit; a draft or a
		// retired one is found by every unit's search only.
		type doc struct {
			unit   int64
			public int
		}
		docOf := func(id int64) doc {
			var x doc
			if err := rawRow(db, `SELECT unit_id, public FROM search_docs WHERE doc_kind = ? AND doc_id = ?`, store.DocComponent, id).Scan(&x.unit, &x.public); err != nil {
				t.Fatalf("doc %d: %v", id, err)
			}
			return x
		}
		if g := docOf(ident.ID); g != (doc{d.ID, 1}) {
			t.Errorf("published doc %+v", g)
		}
		if g := docOf(draft.ID); g != (doc{0, 0}) {
			t.Errorf("draft doc %+v", g)
		}
		p, err := db.Read().Search(ctx, store.DocComponent, authz.Scope{UnitIDs: []int64{d.ID}}, "实名核验", 10, "")
		if err != nil || len(p.Hits) != 1 || p.Hits[0].ID != ident.ID {
			t.Fatalf("public search: %+v %v", p, err)
		}
		if p, err := db.Read().Search(ctx, store.DocComponent, authz.Scope{UnitIDs: []int64{d.ID}}, "验章", 10, ""); err != nil || len(p.Hits) != 0 {
			t.Fatalf("a draft found by its unit: %+v %v", p, err)
		}
	})
}
