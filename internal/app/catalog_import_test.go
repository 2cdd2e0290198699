package app_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// catBook builds a messy two-sheet catalog workbook: a title row and a merged group header
// above the real headers, full-width text and stray spaces, unit names instead of codes.
func catBook(t *testing.T, entries, items [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "信息资源"))
	must(f.SetCellValue("信息资源", "A1", "2026年 区卫健委 政务信息资源目录（第一批）"))
	must(f.MergeCell("信息资源", "A1", "H1"))
	must(f.SetSheetRow("信息资源", "A2", &[]any{"信息资源分类", "信息资源名称", "提供方", "摘要", "信息资源格式", "共享类型", "共享条件", "共享方式（渠道）", "共享方式（形式）", "更新周期", "是否向社会开放"}))
	for i, r := range entries {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		must(f.SetSheetRow("信息资源", cell, &r))
	}
	_, err := f.NewSheet("信息项")
	must(err)
	must(f.SetSheetRow("信息项", "A1", &[]any{"所属信息资源", "信息项名称", "字段名", "数据类型", "长度", "是否主键", "敏感"}))
	for i, r := range items {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		must(f.SetSheetRow("信息项", cell, &r))
	}
	var b bytes.Buffer
	must(f.Write(&b))
	return b.Bytes()
}

func catMessyRows() ([][]any, [][]any) {
	entries := [][]any{
		{319002, " 妇幼保健信息 ", "区卫生健康委员会", "孕产妇和儿童保健记录", "数据库", "有条件", "仅限卫生健康业务使用", "平台", "接口", "每月", "否"},
		{"３１９００３", "家庭医生签约信息", "320507119", "签约服务记录", "库表", "无条件共享", "", "共享平台", "库表", "按需", "是"},
	}
	items := [][]any{
		{"妇幼保健信息", "保健编号", "bjbh", "字符", 32, "是", "否"},
		{"妇幼保健信息", "母亲姓名", "ＭＱＸＭ", "字符串", 50, "否", "是"},
		{"家庭医生签约信息", "签约编号", "qybh", "字符型", 32, "是", ""},
		{"家庭医生签约信息", "签约日期", "qyrq", "日期", "", "", ""},
	}
	return entries, items
}

func TestImportCatalogMessyThenReimport(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		weijian := e.actor("weijian")
		entries, items := catMessyRows()
		book := catBook(t, entries, items)
		rep, err := e.svc.ImportCatalog(e.ctx, weijian, bytes.NewReader(book), false)
		if err != nil || len(rep.Problems) != 0 || rep.Create != 2 {
			t.Fatalf("preview: %v %+v", err, rep)
		}
		before := e.head()
		if rep, err = e.svc.ImportCatalog(e.ctx, weijian, bytes.NewReader(book), true); err != nil || !rep.Applied || rep.Create != 2 {
			t.Fatalf("apply: %v %+v", err, rep)
		}
		if n := len(e.since(before)); n != 3 { // two creations and the import
			t.Fatalf("%d audit records", n)
		}
		p, err := e.svc.Catalog(e.ctx, weijian, store.CatalogFilter{Query: "妇幼保健信息"})
		if err != nil || len(p.Items) != 1 {
			t.Fatalf("imported entry: %v %d", err, len(p.Items))
		}
		c := e.storedEntry(p.Items[0].ID)
		if !strings.HasPrefix(c.Code, "319002/") || c.ShareType != domain.ShareConditional || c.Status != domain.CatPrecompiled || len(c.Items) != 2 ||
			c.Items[1].Column != "MQXM" || !c.Items[1].Sensitive || !c.Items[0].PrimaryKey || c.UpdateCycle != domain.CycleMonthly {
			t.Fatalf("imported: %+v", c)
		}
		// The same file again, and the export of what it made: nothing changes.
		for name, data := range map[string][]byte{"same file": book, "export": e.exportCatalog(weijian, store.CatalogFilter{Query: "信息", UnitID: c.ProviderUnitID})} {
			before = e.head()
			rep, err = e.svc.ImportCatalog(e.ctx, weijian, bytes.NewReader(data), true)
			if err != nil || len(rep.Problems) != 0 || rep.Create+rep.Update != 0 || rep.Unchanged == 0 {
				t.Fatalf("%s again: %v %+v", name, err, rep)
			}
			e.wantNoAudit(before)
		}
	})
}

func (e *env) exportCatalog(a domain.Actor, f store.CatalogFilter) []byte {
	e.t.Helper()
	var b bytes.Buffer
	if _, err := e.svc.ExportCatalog(e.ctx, a, f, &b); err != nil {
		e.t.Fatal(err)
	}
	return b.Bytes()
}

func TestImportCatalogOneBadRowWritesNothing(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		weijian := e.actor("weijian")
		entries, items := catMessyRows()
		entries[1][6] = "" // fine: unconditional
		entries[0][6] = "" // conditional without conditions
		items = append(items, []any{"不存在的目录", "编号", "bh", "字符型", 10, "是", ""})
		items[2][3] = "文本" // not a type
		book := catBook(t, entries, items)
		before := e.head()
		rep, err := e.svc.ImportCatalog(e.ctx, weijian, bytes.NewReader(book), true)
		if err != nil || rep.Applied {
			t.Fatalf("apply: %v %+v", err, rep)
		}
		var got []string
		for _, p := range rep.Problems {
			got = append(got, p.String())
		}
		all := strings.Join(got, "\n")
		for _, want := range []string{"第3行「共享条件」：有条件共享和不予共享须写明共享条件", "「信息项」「数据类型」", "第6行「信息项」「所属信息资源」"} {
			if !strings.Contains(all, want) {
				t.Errorf("problems lack %q:\n%s", want, all)
			}
		}
		e.wantNoAudit(before)
		p, err := e.svc.Catalog(e.ctx, app.SystemActor(), store.CatalogFilter{Query: "家庭医生签约信息"})
		if err != nil || len(p.Items) != 0 {
			t.Fatalf("a failed import wrote %d entries (%v)", len(p.Items), err)
		}
		// Another unit's code cannot be updated from a file.
		pub, err := e.svc.Catalog(e.ctx, app.SystemActor(), store.CatalogFilter{UnitID: e.unit(codeEdu).ID, Status: domain.CatPrecompiled, Limit: 1})
		if err != nil || len(pub.Items) == 0 {
			t.Fatal(err)
		}
		entries, items = catMessyRows()
		book = catBook(t, entries[:1], items[:2])
		f, _ := excelize.OpenReader(bytes.NewReader(book))
		_ = f.SetSheetRow("信息资源", "A2", &[]any{"信息资源分类", "信息资源名称", "提供方", "摘要", "信息资源格式", "共享类型", "共享条件", "共享方式（渠道）", "共享方式（形式）", "更新周期", "是否向社会开放", "信息资源代码"})
		_ = f.SetCellValue("信息资源", "L3", pub.Items[0].Code)
		var b bytes.Buffer
		_ = f.Write(&b)
		rep, err = e.svc.ImportCatalog(e.ctx, weijian, bytes.NewReader(b.Bytes()), false)
		if err != nil || len(rep.Problems) == 0 || !strings.Contains(rep.Problems[0].Message, "不是您可修改的目录的代码") {
			t.Fatalf("another unit's code: %v %+v", err, rep)
		}
	})
}
