package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
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
	base, svc := startServer(t) // first: the test's deadline is for the browser, not the demo build
	browserCtx := startChromium(t, 120*time.Second)
	ctx := context.Background()
	office := app.SystemActor()
	count := func() int {
		t.Helper()
		p, err := svc.Systems(ctx, office, store.SystemFilter{})
		if err != nil {
			t.Fatal(err)
		}
		return len(p.Items)
	}
	before := count()

	tab := newUser(t, browserCtx)
	console := watchConsole(t, tab)
	loginForcedChange(t, tab, base, "office", "周晓岚")

	// Confirmations are accepted (the confirm button asks first).
	lctx, stop := context.WithCancel(tab)
	events := chromedp.Events(lctx, page.JavascriptDialogOpening)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, err := range events {
			if err != nil {
				return
			}
			chromedp.Call(lctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	defer func() { stop(); <-done }()

	good := writeWorkbook(t, "good.xlsx", [][]any{
		{"ＸＣ－ＷＪ－９０１", " 妇幼健康信息系统 ", "区卫生健康委员会", "否", "业务系统", "政务云", "", "政务外网", "2019.5.1"},
		{"XC-WJ-902", "预防接种门诊系统", "320507119", "非涉密", "业务系统", "单位机房", "区卫健委机房", "电子政务外网", "2020年3月1日"},
	})
	do(t, tab, "upload the workbook for a preview",
		chromedp.Navigate(base+"/systems/import"),
		chromedp.WaitVisible(css(`#upload input[type=file]`)),
		chromedp.SetUploadFiles(css(`#upload input[type=file]`), []string{good}),
		chromedp.Click(css(`#upload button`)),
		chromedp.WaitVisible(css(`#import-summary`)),
	)
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
	do(t, tab, "upload a workbook with a bad cell",
		chromedp.Navigate(base+"/systems/import"),
		chromedp.WaitVisible(css(`#upload input[type=file]`)),
		chromedp.SetUploadFiles(css(`#upload input[type=file]`), []string{bad}),
		chromedp.Click(css(`#upload button`)),
		chromedp.WaitVisible(css(`#import-problems`)),
	)
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
	if bad := console(); len(bad) > 0 {
		t.Errorf("console errors: %v", bad)
	}
}

// savePage keeps a screenshot of the page in the test's temp dir (and $ARCHGOV_SCREENSHOT_DIR).
func savePage(t *testing.T, tab context.Context, name string) {
	t.Helper()
	buf := get(t, tab, "screenshot", chromedp.FullScreenshot(100))
	for _, dir := range []string{t.TempDir(), os.Getenv("ARCHGOV_SCREENSHOT_DIR")} {
		if dir == "" {
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, name), buf, 0o644); err != nil {
			t.Errorf("save %s: %v", name, err)
		}
	}
}
