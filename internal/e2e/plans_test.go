package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"archgov/internal/domain"
)

// TestBrowserMigrationPlan: the office opens a demo system whose migration is in progress
// (ENV-R2), sees the plan and the ENV-P1 finding, marks it migrated after confirming the
// dialog that says the hosting will change, and the page then shows the system on 政务云.
func TestBrowserMigrationPlan(t *testing.T) {
	base, svc := startServer(t)
	browser := startChromium(t, 120*time.Second)
	tab := newUser(t, browser)
	loginForcedChange(t, tab, base, "office", "")
	ctx := context.Background()
	sys, err := svc.DB().Read().SystemByCode(ctx, "XC-SYS-0045") // 不动产登记系统: migration in progress in the demo
	if err != nil {
		t.Fatal(err)
	}

	dialogs := make(chan string, 4)
	lctx, stop := context.WithCancel(tab)
	events := chromedp.Events(lctx, page.JavascriptDialogOpening)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev, err := range events {
			if err != nil {
				return
			}
			if _, err := chromedp.Call(lctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true}); err != nil {
				dialogs <- "error: " + err.Error()
				continue
			}
			dialogs <- ev.Message
		}
	}()
	defer func() { stop(); <-done }()

	const form = `form[action$="/migration-plan/steps/complete"]`
	do(t, tab, "open the system page",
		chromedp.Navigate(fmt.Sprintf("%s/systems/%d", base, sys.ID)),
		chromedp.WaitVisible(css(`#migration-plan`)),
		chromedp.WaitVisible(css(form+` button`)),
	)
	screenshot(t, tab, "system-plans.png")
	if f := get(t, tab, "read the finding", chromedp.Text(css(`#offcloud-finding`))); !strings.Contains(f, "ENV-P1") {
		t.Errorf("ENV-P1 finding %q", f)
	}
	do(t, tab, "mark migrated",
		chromedp.SendKeys(css(form+` input[name=evidence]`), "迁移验收报告 E2E-1"),
		chromedp.Click(css(form+` button`)),
	)
	select {
	case d := <-dialogs:
		if !strings.Contains(d, "标记已迁移上云") || !strings.Contains(d, "政务云") {
			t.Errorf("confirmation %q", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no confirmation dialog")
	}
	do(t, tab, "wait for the page after the step", chromedp.WaitVisible(css(`div.flash`)))
	if txt := get(t, tab, "read the plan", chromedp.Text(css(`#migration-plan`))); !strings.Contains(txt, "已迁移") || !strings.Contains(txt, "迁移验收报告 E2E-1") {
		t.Errorf("plan after the step: %q", txt)
	}
	screenshot(t, tab, "system-migrated.png")
	got, err := svc.DB().Read().System(ctx, sys.ID)
	if err != nil || got.Hosting != domain.HostingCloud || got.HostingNote != "" {
		t.Fatalf("system after the step: %+v %v", got, err)
	}

	do(t, tab, "open the plan list", chromedp.Navigate(base+"/plans"), chromedp.WaitVisible(css(`#plan-list`)))
	screenshot(t, tab, "plans.png")
}
