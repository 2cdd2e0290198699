package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/search"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

type testDoc struct {
	id      int64
	unit    int64
	public  bool
	name    string
	summary string
	items   []string
}

func indexDocs(t *testing.T, db *store.DB, clock *testdb.Clock, docs ...testDoc) {
	t.Helper()
	for _, d := range docs {
		clock.Advance(time.Minute) // later documents are more recent
		err := db.InTx(context.Background(), func(tx *store.Tx) error {
			return tx.IndexDoc(context.Background(), store.DocCatalog, d.id, d.unit, d.public, map[string]string{
				search.FieldName: d.name, search.FieldSummary: d.summary, search.FieldItems: strings.Join(d.items, "\n")})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func searchIDs(t *testing.T, db *store.DB, scope authz.Scope, q string) []int64 {
	t.Helper()
	p, err := db.Read().Search(context.Background(), store.DocCatalog, scope, q, 100, "")
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var ids []int64
	for _, h := range p.Hits {
		ids = append(ids, h.ID)
	}
	return ids
}

// The demo's population entries must be found by 人口 and by 人口基础, and nothing unrelated.
func TestSearchChineseWords(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		indexDocs(t, db, clock,
			testDoc{id: 1, unit: 10, public: true, name: "户籍人口基本信息", summary: "全区户籍人口的基本情况", items: []string{"姓名", "公民身份号码", "户籍地址"}},
			testDoc{id: 2, unit: 10, public: true, name: "人口基础信息", summary: "人口库汇聚的基础信息", items: []string{"姓名", "出生日期"}},
			testDoc{id: 3, unit: 11, public: true, name: "企业登记信息", summary: "企业法人登记事项", items: []string{"统一社会信用代码", "法定代表人"}},
			testDoc{id: 4, unit: 12, public: true, name: "不动产登记信息", summary: "不动产权利登记", items: []string{"不动产单元号", "权利人"}},
			testDoc{id: 5, unit: 13, public: true, name: "低保对象信息", summary: "最低生活保障对象", items: []string{"家庭人口数", "保障金额"}},
			testDoc{id: 6, unit: 14, public: true, name: "学校基本信息", summary: "中小学校办学情况", items: []string{"学校名称", "在校学生数"}},
		)
		all := authz.Scope{All: true}
		cases := []struct {
			q    string
			want []int64
		}{
			// 2 and 1 hold 人口 in the name, 5 only in a data item; 2 is the more recent.
			{"人口", []int64{2, 1, 5}},
			{"人口基础", []int64{2}},
			{"人口基础信息", []int64{2}},
			{"户籍人口", []int64{1}},
			{"企业登记信息", []int64{3}},
			{"不动产", []int64{4}},
			{"登记", []int64{4, 3}},
			{"权利人", []int64{4}},
			{"人", []int64{2, 1, 3, 5, 4}}, // names first; 3 has 人 in summary and items, 5 and 4 in items
			{"学", []int64{6}},
			{"家庭人口数", []int64{5}},
			{"公安", nil},
			{"人口 企业", nil}, // every term, not any
			{"！？", nil},    // no term at all
			{"ＸＹＺ", nil},
		}
		for _, c := range cases {
			if got := searchIDs(t, db, all, c.q); !slices.Equal(got, c.want) {
				t.Errorf("search %q = %v, want %v", c.q, got, c.want)
			}
		}
	})
}

func TestSearchRankAndPages(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		indexDocs(t, db, clock,
			testDoc{id: 1, unit: 1, public: true, name: "社保缴费记录", items: []string{"医疗保险"}},                  // data items only
			testDoc{id: 2, unit: 1, public: true, name: "医疗机构信息", summary: "医疗机构执业登记"},                      // name and summary
			testDoc{id: 3, unit: 1, public: true, name: "医疗保障信息"},                                           // name only, most recent of the title hits but fewer fields
			testDoc{id: 4, unit: 1, public: true, name: "药品目录", summary: "医保医疗目录", items: []string{"医疗类别"}}, // summary and items
		)
		want := []int64{2, 3, 4, 1}
		if got := searchIDs(t, db, authz.Scope{All: true}, "医疗"); !slices.Equal(got, want) {
			t.Fatalf("rank = %v, want %v (title hits first, then more fields, then recency)", got, want)
		}
		p, err := db.Read().Search(ctx, store.DocCatalog, authz.Scope{All: true}, "医疗", 0, "")
		if err != nil {
			t.Fatal(err)
		}
		if h := p.Hits[0]; !h.TitleHit() || h.FieldsHit() != 2 {
			t.Errorf("hit 2: title %v fields %d, want true 2", h.TitleHit(), h.FieldsHit())
		}
		if h := p.Hits[3]; h.TitleHit() || h.FieldsHit() != 1 {
			t.Errorf("hit 1: title %v fields %d, want false 1", h.TitleHit(), h.FieldsHit())
		}
		// Pages of one: the same order, each document once, then the end.
		var paged []int64
		cursor := ""
		for range 10 {
			p, err := db.Read().Search(ctx, store.DocCatalog, authz.Scope{All: true}, "医疗", 1, cursor)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range p.Hits {
				paged = append(paged, h.ID)
			}
			if cursor = p.Next; cursor == "" {
				break
			}
		}
		if !slices.Equal(paged, want) {
			t.Errorf("paged = %v, want %v", paged, want)
		}
		if _, err := db.Read().Search(ctx, store.DocCatalog, authz.Scope{All: true}, "医疗", 1, "garbage!"); domain.ErrorCode(err) != domain.EInvalid {
			t.Errorf("bad cursor: %v, want invalid", err)
		}
	})
}

func TestSearchVisibility(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		indexDocs(t, db, clock,
			testDoc{id: 1, unit: 10, public: true, name: "户籍人口基本信息"},
			testDoc{id: 2, unit: 10, public: false, name: "流动人口登记草稿"},
			testDoc{id: 3, unit: 20, public: false, name: "残疾人口信息草稿"},
		)
		cases := []struct {
			name  string
			scope authz.Scope
			want  []int64
		}{
			{"office sees all", authz.Scope{All: true}, []int64{3, 2, 1}},
			{"unit 10 sees its drafts and public", authz.Scope{UnitIDs: []int64{10}}, []int64{2, 1}},
			{"unit 20 never sees unit 10's draft", authz.Scope{UnitIDs: []int64{20}}, []int64{3, 1}},
			{"no units: public only", authz.Scope{}, []int64{1}},
		}
		for _, c := range cases {
			if got := searchIDs(t, db, c.scope, "人口"); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", c.name, got, c.want)
			}
		}
		// Publishing is a re-index with public = true.
		indexDocs(t, db, clock, testDoc{id: 3, unit: 20, public: true, name: "残疾人口信息"})
		if got := searchIDs(t, db, authz.Scope{UnitIDs: []int64{10}}, "残疾"); !slices.Equal(got, []int64{3}) {
			t.Errorf("published: %v", got)
		}
	})
}

func TestSearchReindexAndRemove(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		indexDocs(t, db, clock, testDoc{id: 7, unit: 1, public: true, name: "学校基本信息", items: []string{"学校名称"}})
		indexDocs(t, db, clock, testDoc{id: 7, unit: 1, public: true, name: "医院基本信息", items: []string{"医院等级"}})
		all := authz.Scope{All: true}
		if got := searchIDs(t, db, all, "学校"); got != nil {
			t.Errorf("old term still found: %v", got)
		}
		if got := searchIDs(t, db, all, "医院等级"); !slices.Equal(got, []int64{7}) {
			t.Errorf("new term: %v", got)
		}
		// A failed transaction leaves the old postings.
		err := db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.IndexDoc(ctx, store.DocCatalog, 7, 1, true, map[string]string{search.FieldName: "养老机构"}); err != nil {
				return err
			}
			return domain.Conflict()
		})
		if domain.ErrorCode(err) != domain.EConflict {
			t.Fatal(err)
		}
		if got := searchIDs(t, db, all, "医院"); !slices.Equal(got, []int64{7}) {
			t.Errorf("after rollback: %v", got)
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error {
			return tx.IndexDoc(ctx, store.DocCatalog, 8, 1, true, map[string]string{"owner": "x"})
		}); err == nil {
			t.Error("unknown field accepted")
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.RemoveDoc(ctx, store.DocCatalog, 7) }); err != nil {
			t.Fatal(err)
		}
		if got := searchIDs(t, db, all, "医院"); got != nil {
			t.Errorf("removed doc found: %v", got)
		}
		var n int
		if err := rawRow(db, `SELECT count(*) FROM search_terms`).Scan(&n); err != nil || n != 0 {
			t.Errorf("postings left: %d %v", n, err)
		}
	})
}

// The systems registry's name search goes through the index: Chinese fragments, code
// fragments, renames, and the backfill of migration 0013.
func TestSystemSearchUsesIndex(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		u := insertUnit(t, db, &domain.Unit{Code: "320507", Name: "相城区", Kind: domain.KindDistrict, Active: true})
		pop := insertSystem(t, db, sys("SYS-0001", "人口基础信息平台", u.ID, domain.HostingCloud, domain.CategoryPlatform, domain.StatusRunning))
		reg := insertSystem(t, db, sys("SYS-0102", "户籍人口管理系统", u.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusRunning))
		firm := insertSystem(t, db, sys("QY-0001", "企业法人登记系统", u.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusRunning))
		find := func(q string) []int64 {
			t.Helper()
			return listIDs(t, db.Read().Systems, authz.Scope{All: true}, store.SystemFilter{Query: q})
		}
		cases := []struct {
			q    string
			want []int64
		}{
			{"人口", []int64{pop.ID, reg.ID}},
			{"人口基础", []int64{pop.ID}},
			{"法人", []int64{firm.ID}},
			{"SYS-00", []int64{pop.ID}},
			{"sys-01", []int64{reg.ID}},
			{"ＳＹＳ", []int64{pop.ID, reg.ID}},
			{"0001", []int64{pop.ID, firm.ID}},
			{"QY 登记", []int64{firm.ID}},
			{"SYS 登记", nil},
		}
		for _, c := range cases {
			if got := find(c.q); !slices.Equal(got, c.want) {
				t.Errorf("systems %q = %v, want %v", c.q, got, c.want)
			}
		}
		// Renaming re-indexes in the update's transaction.
		pop.Name, pop.Code = "电子证照库", "ZZ-0001"
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateSystem(ctx, pop) }); err != nil {
			t.Fatal(err)
		}
		if got := find("人口基础"); got != nil {
			t.Errorf("old name still found: %v", got)
		}
		if got := find("SYS-00"); got != nil {
			t.Errorf("old code still found: %v", got)
		}
		if got := find("证照"); !slices.Equal(got, []int64{pop.ID}) {
			t.Errorf("new name: %v", got)
		}
		// Systems written before migration 0013 are indexed by its backfill.
		rawExec(t, db, `DELETE FROM search_terms`)
		if got := find("证照"); got != nil {
			t.Fatalf("index emptied, still found %v", got)
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error { return store.BackfillSystemsIndex(ctx, tx) }); err != nil {
			t.Fatal(err)
		}
		if got := find("证照"); !slices.Equal(got, []int64{pop.ID}) {
			t.Errorf("after backfill: %v", got)
		}
		if got := find("人口"); !slices.Equal(got, []int64{reg.ID}) {
			t.Errorf("after backfill 人口: %v", got)
		}
	})
}

// The duplicate check's first pass (issue 15) answers the same on both backends, whichever way
// each reads the index (on SQLite one statement a term, on PostgreSQL one statement for all):
// documents sharing the heavier terms first, a term in a document's name counting twice, ties
// by kind and id, at most limit; and each term's document count, up to a cap.
func TestSharedTermsRankAndCounts(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		indexDocs(t, db, clock,
			testDoc{id: 1, unit: 1, public: true, name: "养老服务"},                      // both terms in the name: 2×1000 + 2×600
			testDoc{id: 2, unit: 1, public: true, name: "民政", summary: "养老服务"},       // both in the summary: 1000 + 600
			testDoc{id: 3, unit: 1, public: true, name: "服务指南"},                      // 服务 in the name: 2×600, above 4 for the name
			testDoc{id: 4, unit: 1, public: true, name: "目录", items: []string{"养老"}}, // 养老 in the items: 1000
			testDoc{id: 5, unit: 1, public: true, name: "清单", items: []string{"养老"}}, // the same as 4: after it, by id
		)
		kinds := []string{store.DocCatalog}
		terms, weights := []string{"养老", "服务"}, []int64{1000, 600}
		for _, c := range []struct {
			limit int
			want  []int64
		}{{10, []int64{1, 2, 3, 4, 5}}, {3, []int64{1, 2, 3}}} {
			refs, err := db.Read().SharedTerms(ctx, kinds, terms, weights, 100, c.limit)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, r := range refs {
				if r.Kind != store.DocCatalog {
					t.Errorf("a %s among the catalog's documents", r.Kind)
				}
				got = append(got, r.ID)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("limit %d: %v, want %v", c.limit, got, c.want)
			}
		}
		if refs, err := db.Read().SharedTerms(ctx, kinds, []string{"无关"}, []int64{1000}, 100, 10); err != nil || refs != nil {
			t.Errorf("a term no document holds: %v, %v; want none", refs, err)
		}
		for _, c := range []struct {
			limit int
			want  map[string]int
		}{{10, map[string]int{"养老": 4, "服务": 3, "无关": 0}}, {2, map[string]int{"养老": 2, "服务": 2, "无关": 0}}} {
			got, err := db.Read().TermCounts(ctx, kinds, []string{"养老", "服务", "无关"}, c.limit)
			if err != nil {
				t.Fatal(err)
			}
			for term, n := range c.want {
				if got[term] != n {
					t.Errorf("limit %d: %s is in %d documents, want %d", c.limit, term, got[term], n)
				}
			}
		}
	})
}
