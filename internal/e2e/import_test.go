package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"archgov/internal/store"
)

// writeWorkbook saves a 台账 the way a unit keeps it: a title row above the header, Chinese
// headers, units by name, dates written by hand.
func writeWorkbook(t *testing.T, name string, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", "信息系统")
	f.SetCellValue("信息系统", "A1", "区卫生健康委员会信息系统台账（2026年）")
	f.MergeCell("信息系统", "A1", "I1")
	header := []any{"系统编码", "系统名称", "所属单位", "密级", "系统类别", "托管方式", "托管说明", "网络", "上线时间"}
	for i, r := range append([][]any{header}, rows...) {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow("信息系统", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// The info office imports a unit's workbook through the UI: it sees the preview, confirms, and
// the systems are in the registry; a workbook with a bad cell shows the problem by row and
// column and writes nothing (issue 3).
func TestBrowserImportWorkbook(t *testing.T) {
	t.Parallel()
	base, svc, browserCtx := start(t, 300*time.Second)
	count := func() int {
		t.Helper()
		p, err := svc.Systems(ctx, cli, store.SystemFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(p.Items)
	}
	before := count()

	tab := logIn(t, browserCtx, base, "office", "周晓岚")
	answerDialogs(t, tab, nil) // the confirm button asks first

	good := writeWorkbook(t, "good.xlsx", [][]any{
		{"ＸＣ－ＷＪ－９０１", " 妇幼健康信息系统 ", "区卫生健康委员会", "否", "业务系统", "政务云", "", "政务外网", "2019.5.1"},
		{"XC-WJ-902", "预防接种门诊系统", "320507119", "非涉密", "业务系统", "单位机房", "区卫健委机房", "电子政务外网", "2020年3月1日"},
	})
	upload(t, tab, "upload the workbook for a preview", base+"/systems/import", `#upload`, good, `#import-summary`)
	if s := get(t, tab, "read the summary", chromedp.Text(css(`#import-summary`))); !strings.Contains(s, "新增2条") {
		t.Errorf("preview summary %q; want 新增2条", s)
	}
	if lines := get(t, tab, "read the lines", chromedp.Text(css(`#import-lines`))); !strings.Contains(lines, "XC-WJ-901") || !strings.Contains(lines, "新增") {
		t.Errorf("preview lines %q", lines)
	}
	if n := count(); n != before {
		t.Fatalf("the preview stored systems: %d → %d", before, n)
	}
	savePage(t, tab, "import-preview.png")

	do(t, tab, "confirm the import",
		chromedp.Click(css(`#confirm-import button`)),
		chromedp.WaitVisible(css(`div.flash`)),
	)
	if f := get(t, tab, "read the flash", chromedp.Text(css(`div.flash`))); !strings.Contains(f, "已导入") || !strings.Contains(f, "新增2条") {
		t.Errorf("flash after importing: %q", f)
	}
	if n := count(); n != before+2 {
		t.Fatalf("after the import %d systems, want %d", n, before+2)
	}

	bad := writeWorkbook(t, "bad.xlsx", [][]any{
		{"XC-WJ-903", "院前急救调度系统", "区卫生健康委员会", "非涉密", "业务系统", "政务云2", "", "电子政务外网", "2021-06-01"},
		{"XC-WJ-904", "卫生监督执法系统", "区卫生健康委员会", "非涉密", "业务系统", "政务云", "", "电子政务外网", "2021-06-01"},
	})
	upload(t, tab, "upload a workbook with a bad cell", base+"/systems/import", `#upload`, bad, `#import-problems`)
	problems := get(t, tab, "read the problems", chromedp.Text(css(`#import-problems`)))
	if !strings.Contains(problems, "第3行「托管方式」：“政务云2”不是有效值") {
		t.Errorf("problems %q; want the row and column named", problems)
	}
	if ok := get(t, tab, "look for a confirm button", chromedp.Evaluate[bool](`document.querySelector('#confirm-import') !== null`)); ok {
		t.Error("a workbook with problems offers to import")
	}
	if n := count(); n != before+2 {
		t.Fatalf("a workbook with a bad row changed the registry: %d systems, want %d", n, before+2)
	}
	savePage(t, tab, "import-problems.png")
}

// upload opens the page at url, chooses file in the file input of form (a selector) and sends
// the form, and waits for the element then (a selector) to show.
func upload(t *testing.T, tab context.Context, step, url, form, file, then string) {
	t.Helper()
	do(t, tab, step,
		chromedp.Navigate(url),
		chromedp.WaitVisible(css(form+` input[type=file]`)),
		chromedp.SetUploadFiles(css(form+` input[type=file]`), []string{file}),
		chromedp.Click(css(form+` button`)),
		chromedp.WaitVisible(css(then)),
	)
}
