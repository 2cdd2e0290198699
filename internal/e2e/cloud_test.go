package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"archgov/internal/domain"
	"archgov/internal/store"
)

// The info office looks at the government cloud's use (ENV-R1): the pools with their bars and
// the units' totals; it opens a submitted request, grants less than asked without reasons (the
// field error shows), then with reasons after confirming, and the pool's allocation grows by
// exactly what was granted.
func TestBrowserCloudDecision(t *testing.T) {
	t.Parallel()
	base, svc, browserCtx := start(t, 300*time.Second)
	p, err := svc.CloudRequests(ctx, cli, store.CloudRequestFilter{Status: domain.CloudSubmitted, Limit: 1})
	if err != nil || len(p.Items) == 0 {
		t.Fatalf("no submitted demo request: %v", err)
	}
	req := p.Items[0]
	poolBefore, err := svc.CloudPool(ctx, cli, req.PoolID)
	if err != nil {
		t.Fatal(err)
	}

	tab := logIn(t, browserCtx, base, "office", "周晓岚")
	dialogs := answerDialogs(t, tab, nil)

	do(t, tab, "open the cloud overview",
		chromedp.Navigate(base+"/cloud"),
		chromedp.WaitVisible(css(`meter.usebar`)),
	)
	if n := get(t, tab, "count the bars", chromedp.Evaluate[int](`document.querySelectorAll("meter.usebar").length`)); n != 15 {
		t.Errorf("%d utilisation bars, want 15 (3 pools × 5 dimensions)", n)
	}
	if units := get(t, tab, "read the units", chromedp.Text(css(`#units`))); !strings.Contains(units, "区数据局") {
		t.Errorf("units table %q", units)
	}
	savePage(t, tab, "cloud.png")

	granted := req.Requested
	granted.VCPU = req.Requested.VCPU / 2
	do(t, tab, "grant half the vCPU without reasons",
		chromedp.Navigate(fmt.Sprintf("%s/cloud/requests/%d", base, req.ID)),
		chromedp.WaitVisible(css(`#decision input[name=granted_vcpu]`)),
		chromedp.SetValue(css(`#decision input[name=granted_vcpu]`), fmt.Sprint(granted.VCPU)),
		chromedp.Click(css(`#decision form button[type=submit]`)),
		chromedp.WaitVisible(css(`#form-error`)),
	)
	confirmed(t, dialogs, "approving", "同意")
	if e := get(t, tab, "read the error", chromedp.Text(css(`#form-error`))); !strings.Contains(e, "须说明理由") {
		t.Errorf("error %q", e)
	}
	do(t, tab, "give reasons and approve",
		chromedp.SendKeys(css(`#decision input[name=note]`), "vCPU按压测结果核减一半"),
		chromedp.Click(css(`#decision form button[type=submit]`)),
		chromedp.WaitVisible(css(`div.flash`)),
	)
	if st := get(t, tab, "read the status", chromedp.Text(css(`#request-status`))); st != "部分同意" {
		t.Errorf("status %q, want 部分同意", st)
	}
	if h := get(t, tab, "read the history", chromedp.Text(css(`#history`))); !strings.Contains(h, "同意资源申请") || !strings.Contains(h, "vCPU按压测结果核减一半") {
		t.Errorf("history %q", h)
	}
	savePage(t, tab, "cloud-request.png")
	after, err := svc.CloudPool(ctx, cli, req.PoolID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Allocated != poolBefore.Allocated.Plus(granted) {
		t.Errorf("allocation %+v, want %+v + %+v", after.Allocated, poolBefore.Allocated, granted)
	}
	// The list filters through htmx without a page load.
	do(t, tab, "filter the list by status",
		chromedp.Navigate(base+"/cloud/requests"),
		chromedp.WaitVisible(css(`#request-list`)),
		chromedp.SetValue(css(`select[name=status]`), "partially_approved"),
	)
	get(t, tab, "tell htmx", chromedp.Evaluate[bool](`document.querySelector('select[name=status]').dispatchEvent(new Event('change', {bubbles: true}))`))
	waitJS(t, tab, `location.search.includes("status=partially_approved")`)
	waitJS(t, tab, `[...document.querySelectorAll("#request-list tbody tr td:last-child")].every(td => td.textContent.trim() === "部分同意")`)
	savePage(t, tab, "cloud-requests.png")
	do(t, tab, "open the request form",
		chromedp.Navigate(base+"/cloud/requests/new"),
		chromedp.WaitVisible(css(`select[name=system_id]`)),
	)
	savePage(t, tab, "cloud-request-form.png")
}
