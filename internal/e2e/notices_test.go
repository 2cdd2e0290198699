package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserNoticePublished (ORG-4): the office drafts a notice on the form and publishes it
// from its page after confirming; a unit's 联系人 then finds it in the inbox, opens it, and
// reads it on the notices page.
func TestBrowserNoticePublished(t *testing.T) {
	t.Parallel()
	base, _, browser := start(t, 300*time.Second)
	office := logIn(t, browser, base, "office", "周晓岚")
	dialogs := answerDialogs(t, office, nil)
	do(t, office, "draft a notice",
		chromedp.Navigate(base+"/notices/new"),
		chromedp.WaitVisible(css(`input[name=title]`)),
		chromedp.SendKeys(css(`input[name=title]`), "关于浏览器测试的通知"),
		chromedp.SendKeys(css(`textarea[name=body]`), "请各单位知悉。"),
		chromedp.Click(css(`form button.primary`)),
		chromedp.WaitVisible(css(`form[action$="/steps/publish"] button`)),
	)
	do(t, office, "publish", chromedp.Click(css(`form[action$="/steps/publish"] button`)))
	confirmed(t, dialogs, "publishing", "发布")
	do(t, office, "wait for the published page", chromedp.WaitVisible(css(`div.flash`)))
	if h := get(t, office, "read the title", chromedp.Text(css(`h1`))); !strings.Contains(h, "已发布") {
		t.Fatalf("after publishing: %q", h)
	}

	unit := logIn(t, browser, base, "weijian", "褚佳敏")
	do(t, unit, "open the inbox", chromedp.Navigate(base+"/inbox"), chromedp.WaitVisible(css(`main table`)))
	if txt := get(t, unit, "read the inbox", chromedp.Text(css(`main table`))); !strings.Contains(txt, "区信息办发布通知：《关于浏览器测试的通知》") {
		t.Fatalf("the unit's inbox: %q", txt)
	}
	do(t, unit, "open the notice from the inbox",
		chromedp.Click(`//tr[contains(., "关于浏览器测试的通知")]//a`),
		chromedp.WaitVisible(css(`#notice-body`)),
	)
	if txt := get(t, unit, "read the notice", chromedp.Text(css(`#notice-body`))); !strings.Contains(txt, "请各单位知悉。") {
		t.Fatalf("the notice: %q", txt)
	}
	screenshot(t, unit, "notice.png")
	do(t, unit, "search the list", chromedp.Navigate(base+"/notices?q=浏览器测试"), chromedp.WaitVisible(css(`#notice-list`)))
	if txt := get(t, unit, "read the list", chromedp.Text(css(`#notice-list`))); !strings.Contains(txt, "共1条") {
		t.Fatalf("the unit's search: %q", txt)
	}
}
