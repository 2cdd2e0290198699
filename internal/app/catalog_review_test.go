package app_test

// Regression tests of the catalog review findings: draft ids in related links, concurrent
// imports on PostgreSQL, data items of same-named entries of two providers, and withdrawn
// entries shadowing a name.

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
	"archgov/internal/dcat"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// A published entry may be related to a draft of another unit (the office linked it). Readers
// who may not see the draft never learn its id: not in the entry, the list, the change feed or
// the DCAT-AP export; and the provider's edit, which sends back the links it saw, keeps it.
func TestCatalogRelatedDraftsHidden(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		weijian, office := e.actor("weijian"), e.actor("office")
		pub := e.entryIn(domain.CatPublished, "关联测试已发布")
		other := e.entryIn(domain.CatPublished, "关联测试另一已发布")
		draft := e.addEntry("office", newEntry(e.unit(codePolice).ID, "公安草稿目录"))
		rel := []int64{draft.ID, other.ID}
		if _, err := e.svc.UpdateCatalogEntry(e.ctx, office, pub.ID, app.CatalogEdit{Version: pub.Version, RelatedIDs: &rel}); err != nil {
			t.Fatal(err)
		}
		want := []int64{other.ID}
		c, err := e.svc.CatalogEntry(e.ctx, weijian, pub.ID)
		if err != nil || !slices.Equal(c.RelatedIDs, want) {
			t.Fatalf("weijian reads related %v (%v), want %v", c.RelatedIDs, err, want)
		}
		if c, _ := e.svc.CatalogEntry(e.ctx, office, pub.ID); !slices.Contains(c.RelatedIDs, draft.ID) {
			t.Fatalf("the office sees the draft it linked: %v", c.RelatedIDs)
		}
		p, err := e.svc.Catalog(e.ctx, weijian, store.CatalogFilter{Query: "关联测试已发布"})
		if err != nil || len(p.Items) != 1 || !slices.Equal(p.Items[0].RelatedIDs, want) {
			t.Fatalf("list: %v %+v", err, p.Items)
		}
		var chs []*domain.CatalogChange
		for since := int64(0); ; {
			page, err := e.svc.CatalogChanges(e.ctx, weijian, since, 200)
			if err != nil {
				t.Fatal(err)
			}
			if len(page) == 0 {
				break
			}
			chs, since = append(chs, page...), page[len(page)-1].ID
		}
		seen := false
		for _, ch := range chs {
			if ch.EntryID == pub.ID && ch.Kind == domain.ChangeRevise {
				seen = true
				if slices.Contains(ch.Entry.RelatedIDs, draft.ID) {
					t.Fatalf("change %d shows the draft: %v", ch.ID, ch.Entry.RelatedIDs)
				}
			}
		}
		if !seen {
			t.Fatal("no revise change in the feed")
		}
		// The provider edits with what it saw: the hidden link stays.
		cur := e.storedEntry(pub.ID)
		summary := "新的摘要"
		if _, err := e.svc.UpdateCatalogEntry(e.ctx, weijian, pub.ID, app.CatalogEdit{Version: cur.Version, Summary: &summary, RelatedIDs: &want}); err != nil {
			t.Fatal(err)
		}
		if got := e.storedEntry(pub.ID).RelatedIDs; !slices.Equal(got, []int64{draft.ID, other.ID}) && !slices.Equal(got, []int64{other.ID, draft.ID}) {
			t.Fatalf("after weijian's edit the links are %v", got)
		}
		// The DCAT-AP export names published related entries only, whoever exports.
		var b bytes.Buffer
		if _, err := e.svc.ExportDCAT(e.ctx, office, dcatMeta, &b); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b.Bytes(), fmt.Appendf(nil, "/catalog/%d\"", draft.ID)) {
			t.Fatal("the DCAT-AP export names the draft")
		}
		if !bytes.Contains(b.Bytes(), fmt.Appendf(nil, "/catalog/%d\"", other.ID)) {
			t.Fatal("the DCAT-AP export lost the published related entry")
		}
	})
}

var dcatMeta = dcat.Meta{Base: "https://archgov.test"}

// itemBook is a catalog workbook with the given headers on both sheets.
func itemBook(t *testing.T, eh []any, entries [][]any, ih []any, items [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "信息资源"))
	must(f.SetSheetRow("信息资源", "A1", &eh))
	for i, r := range entries {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		must(f.SetSheetRow("信息资源", cell, &r))
	}
	_, err := f.NewSheet("信息项")
	must(err)
	must(f.SetSheetRow("信息项", "A1", &ih))
	for i, r := range items {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		must(f.SetSheetRow("信息项", cell, &r))
	}
	var b bytes.Buffer
	must(f.Write(&b))
	return b.Bytes()
}

var entryHeaders = []any{"信息资源分类", "信息资源名称", "提供方", "摘要", "信息资源格式", "共享类型", "共享条件", "共享方式（渠道）", "共享方式（形式）", "更新周期"}

// Two providers' new entries of the same name in one file: each gets the item rows naming its
// provider; item rows naming the shared name without a provider are a problem, not given to both.
func TestImportCatalogItemsByProvider(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		office := app.SystemActor()
		entries := [][]any{
			{319001, "重名信息资源", codeHealth, "卫健的", "数据库", "无条件共享", "", "共享平台", "库表", "每月"},
			{319001, "重名信息资源", codePolice, "公安的", "数据库", "无条件共享", "", "共享平台", "库表", "每月"},
		}
		ih := []any{"所属信息资源", "信息资源提供方", "信息项名称", "字段名", "数据类型"}
		ok := itemBook(t, entryHeaders, entries, ih, [][]any{
			{"重名信息资源", codeHealth, "卫健字段", "wj", "字符型"},
			{"重名信息资源", codePolice, "公安字段", "ga", "字符型"},
			{"重名信息资源", codePolice, "公安字段二", "ga2", "字符型"},
		})
		rep, err := e.svc.ImportCatalog(e.ctx, office, bytes.NewReader(ok), true)
		if err != nil || !rep.Applied || rep.Create != 2 {
			t.Fatalf("import: %v %+v", err, rep)
		}
		for unit, want := range map[string][]string{codeHealth: {"卫健字段"}, codePolice: {"公安字段", "公安字段二"}} {
			p, err := e.svc.Catalog(e.ctx, office, store.CatalogFilter{UnitID: e.unit(unit).ID, Query: "重名信息资源"})
			if err != nil || len(p.Items) != 1 {
				t.Fatalf("%s: %v %d", unit, err, len(p.Items))
			}
			var got []string
			for _, it := range e.storedEntry(p.Items[0].ID).Items {
				got = append(got, it.Name)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("%s's entry has items %v, want %v", unit, got, want)
			}
		}
		// Without the provider column the rows are ambiguous: a problem, nothing written.
		entries[0][1], entries[1][1] = "又一重名", "又一重名"
		amb := itemBook(t, entryHeaders, entries, []any{"所属信息资源", "信息项名称", "字段名", "数据类型"}, [][]any{{"又一重名", "字段", "zd", "字符型"}})
		before := e.head()
		rep, err = e.svc.ImportCatalog(e.ctx, office, bytes.NewReader(amb), true)
		if err != nil || rep.Applied || len(rep.Problems) != 1 || rep.Problems[0].Line != 2 {
			t.Fatalf("ambiguous items: %v %+v", err, rep)
		}
		e.wantNoAudit(before)
	})
}

// A withdrawn entry's name is free again: an import row of that name pre-compiles a new entry
// instead of reporting the withdrawn one as not editable.
func TestImportCatalogAfterWithdrawal(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		old := e.entryIn(domain.CatWithdrawn, "已撤销后重建")
		book := itemBook(t, entryHeaders, [][]any{{319001, "已撤销后重建", codeHealth, "重建", "数据库", "无条件共享", "", "共享平台", "库表", "每月"}},
			[]any{"所属信息资源", "信息项名称", "字段名", "数据类型"}, [][]any{{"已撤销后重建", "字段", "zd", "字符型"}})
		rep, err := e.svc.ImportCatalog(e.ctx, e.actor("weijian"), bytes.NewReader(book), true)
		if err != nil || !rep.Applied || rep.Create != 1 || rep.Lines[0].Code == old.Code {
			t.Fatalf("import: %v %+v", err, rep)
		}
		if got := e.storedEntry(old.ID); got.Status != domain.CatWithdrawn || got.Version != old.Version {
			t.Fatalf("the withdrawn entry changed: %+v", got)
		}
	})
}

// Two imports at once, each creating entries in two classifications and revising published
// entries in opposite orders, with a single creation beside them: on PostgreSQL they used to
// deadlock (the feed's counter, the code counters and the audit chain taken in different
// orders); now they queue.
func TestImportCatalogConcurrently(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		weijian := e.actor("weijian")
		a, b := e.entryIn(domain.CatPublished, "并发导入甲"), e.entryIn(domain.CatPublished, "并发导入乙")
		row := func(code any, cls int, name, summary string) []any {
			return []any{code, cls, name, codeHealth, summary, "数据库", "有条件共享", "仅限卫生健康业务使用", "共享平台", "接口", "每月"}
		}
		hdr := append([]any{"信息资源代码"}, entryHeaders...)
		ih := []any{"所属信息资源", "信息项名称", "字段名", "数据类型"}
		for round := range 4 {
			books := [][]byte{
				itemBook(t, hdr, [][]any{row("", 319101, fmt.Sprintf("并发新建甲%d", round), "x"), row(a.Code, 319001, a.Name, fmt.Sprintf("甲改%d", round)),
					row("", 319102, fmt.Sprintf("并发新建丙%d", round), "x"), row(b.Code, 319001, b.Name, fmt.Sprintf("乙改甲%d", round))},
					ih, [][]any{{fmt.Sprintf("并发新建甲%d", round), "字段", "zd", "字符型"}, {fmt.Sprintf("并发新建丙%d", round), "字段", "zd", "字符型"}}),
				itemBook(t, hdr, [][]any{row(b.Code, 319001, b.Name, fmt.Sprintf("乙改%d", round)), row("", 319102, fmt.Sprintf("并发新建乙%d", round), "x"),
					row(a.Code, 319001, a.Name, fmt.Sprintf("甲改乙%d", round)), row("", 319101, fmt.Sprintf("并发新建丁%d", round), "x")},
					ih, [][]any{{fmt.Sprintf("并发新建乙%d", round), "字段", "zd", "字符型"}, {fmt.Sprintf("并发新建丁%d", round), "字段", "zd", "字符型"}}),
			}
			var wg sync.WaitGroup
			errs := make([]error, len(books))
			for i, book := range books {
				wg.Go(func() {
					rep, err := e.svc.ImportCatalog(e.ctx, weijian, bytes.NewReader(book), true)
					if err == nil && !rep.Applied {
						// A stale version (the other import revised the entry first) is a
						// problem of the file, reported; that is not what this test is about.
						for _, p := range rep.Problems {
							err = fmt.Errorf("%s", p.String())
						}
					}
					errs[i] = err
				})
			}
			// and a single creation in one of the same classifications
			var single error
			wg.Go(func() {
				c := newEntry(e.unit(codeHealth).ID, fmt.Sprintf("并发单建%d", round))
				c.Catalog = "102"
				single = e.svc.CreateCatalogEntry(e.ctx, weijian, c)
			})
			wg.Wait()
			if single != nil {
				t.Fatalf("round %d, single creation: %v", round, single)
			}
			for i, err := range errs {
				if err != nil && !isConflict(err) {
					t.Fatalf("round %d, import %d: %v", round, i, err)
				}
			}
		}
	})
}

func isConflict(err error) bool {
	return domain.AsError(err) != nil && domain.AsError(err).Code == domain.EConflict
}
