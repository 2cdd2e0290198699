package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"archgov/internal/domain"
)

// TestBrowserMigrationPlan: the office opens a demo system whose migration is in progress
// (ENV-R2), sees the plan and no ENV-P1 finding (a plan under way deals with it, as the home
// to-do counts), marks it migrated after confirming the dialog that says the hosting will
// change, and the page then shows the system on 政务云.
func TestBrowserMigrationPlan(t *testing.T) {
	t.Parallel()
	base, svc, browser := start(t, 300*time.Second)
	tab := logIn(t, browser, base, "office", "周晓岚")
	sys, err := svc.DB().Read().SystemByCode(ctx, "XC-SYS-0045") // 不动产登记系统: migration in progress in the demo
	if err != nil {
		t.Fatal(err)
	}

	dialogs := answerDialogs(t, tab, nil)

	const form = `form[action$="/migration-plan/steps/complete"]`
	do(t, tab, "open the system page",
		chromedp.Navigate(fmt.Sprintf("%s/systems/%d", base, sys.ID)),
		chromedp.WaitVisible(css(`#migration-plan`)),
		chromedp.WaitVisible(css(form+` button`)),
	)
	screenshot(t, tab, "system-plans.png")
	if n := get(t, tab, "look for the finding", chromedp.Evaluate[int](`document.querySelectorAll("#offcloud-finding").length`)); n != 0 {
		t.Errorf("the ENV-P1 finding shows on a system whose migration is in progress")
	}
	do(t, tab, "mark migrated",
		chromedp.SendKeys(css(form+` input[name=evidence]`), "迁移验收报告 E2E-1"),
		chromedp.Click(css(form+` button`)),
	)
	confirmed(t, dialogs, "marking migrated", "标记已迁移上云", "政务云")
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
