package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserExpertDraw: the office opens the drawing form as a project page links to it (the
// project and its unit, 卫健委), sees the eligible experts — none of 卫健委's —, draws three and
// lands on the draw's page, which recomputes the draw and lists the candidates in canonical
// order with the three drawn (BLD-R3).
func TestBrowserExpertDraw(t *testing.T) {
	t.Parallel()
	base, svc, browser := start(t, 300*time.Second)
	tab := logIn(t, browser, base, "office", "周晓岚")
	health, err := svc.DB().Read().UnitByCode(ctx, "320507119")
	if err != nil {
		t.Fatal(err)
	}
	do(t, tab, "open the drawing form",
		chromedp.Navigate(fmt.Sprintf("%s/draws/new?purpose=project_review&subject_kind=project&subject_id=90021&exclude_unit_id=%d", base, health.ID)),
		chromedp.WaitVisible(css(`#draw-eligible`)),
	)
	if txt := get(t, tab, "read the eligible experts", chromedp.Text(css(`#draw-eligible`))); !strings.Contains(txt, "黄立群") || strings.Contains(txt, "冯立新") {
		t.Errorf("eligible experts: %q", txt)
	}
	do(t, tab, "draw three",
		chromedp.SetValue(css(`input[name=count]`), "3"),
		chromedp.Click(css(`form[action="/draws/new"] button.primary`)),
		chromedp.WaitVisible(css(`#draw-verify`)),
	)
	if ok := get(t, tab, "read the verdict", chromedp.Text(css(`main h1`))); !strings.Contains(ok, "复算一致") {
		t.Errorf("the draw's heading: %q", ok)
	}
	if n := get(t, tab, "count the drawn", chromedp.Evaluate[int](`document.querySelectorAll("#draw-result li").length`)); n != 3 {
		t.Errorf("%d experts drawn, want 3", n)
	}
	if n := get(t, tab, "count the marked candidates", chromedp.Evaluate[int](`document.querySelectorAll("#draw-candidates strong").length`)); n != 3 {
		t.Errorf("%d candidates marked drawn, want 3", n)
	}
	screenshot(t, tab, "draw.png")
}
