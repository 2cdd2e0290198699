package e2e

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"archgov/internal/domain"
	"archgov/internal/store"
)

// A sharing request (国发〔2016〕51号) across two units in two browsers: 元和街道's contact
// finds a 有条件共享 entry of the health commission, asks without a basis (the field error
// shows, nothing is filed), then with one; the commission's contact sees it waiting, tries to
// refuse without a reason, and approves it with a scope; the requester sees the answer.
func TestBrowserSharingRequest(t *testing.T) {
	t.Parallel()
	base, svc, browserCtx := start(t, 300*time.Second)
	health, err := svc.DB().Read().UnitByCode(ctx, "320507119")
	if err != nil {
		t.Fatal(err)
	}
	yuanhe, err := svc.DB().Read().UnitByCode(ctx, "320507201")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := svc.Catalog(ctx, cli, store.CatalogFilter{UnitID: health.ID, ShareType: domain.ShareConditional,
		Status: domain.CatPublished, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var entry *domain.CatalogEntry
	for _, e := range entries.Items {
		open, err := svc.SharingRequests(ctx, cli, store.SharingFilter{EntryID: e.ID, RequesterIn: []int64{yuanhe.ID}, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(open.Items) == 0 {
			entry = e
			break
		}
	}
	if entry == nil {
		t.Fatal("no published 有条件共享 entry of the health commission that 元和街道 has not asked for")
	}
	before, err := svc.SharingRequests(ctx, cli, store.SharingFilter{EntryID: entry.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}

	asker := logIn(t, browserCtx, base, "yuanhe", "凌雪芳")
	do(t, asker, "open the entry",
		chromedp.Navigate(fmt.Sprintf("%s/catalog/%d", base, entry.ID)),
		chromedp.WaitVisible(css(`#request-sharing a.button`)),
		chromedp.Click(css(`#request-sharing a.button`)),
		chromedp.WaitVisible(css(`form[action="/sharing/new"] textarea[name=purpose]`)),
		chromedp.SendKeys(css(`textarea[name=purpose]`), "核对辖区新生儿落户信息"),
		chromedp.Click(css(`form[action="/sharing/new"] button[type=submit]`)),
		chromedp.WaitVisible(css(`.field-error`)),
	)
	if e := get(t, asker, "read the error", chromedp.Text(css(`.field-error`))); !strings.Contains(e, "依据") {
		t.Errorf("request without a basis: field error %q", e)
	}
	if after, _ := svc.SharingRequests(ctx, cli, store.SharingFilter{EntryID: entry.ID, Limit: 100}); len(after.Items) != len(before.Items) {
		t.Fatalf("a refused request was filed")
	}
	do(t, asker, "give the basis and submit",
		chromedp.SendKeys(css(`textarea[name=basis]`), "《相城区户籍管理工作规范》第十二条"),
		chromedp.Click(css(`form[action="/sharing/new"] button[type=submit]`)),
		chromedp.WaitVisible(css(`#request-status`)),
	)
	if st := get(t, asker, "read the status", chromedp.Text(css(`#request-status`))); st != "待答复" {
		t.Errorf("new request status %q, want 待答复", st)
	}
	if due := get(t, asker, "read the due date", chromedp.Text(css(`#due`))); !strings.Contains(due, "年") || !strings.Contains(due, "工作日") {
		t.Errorf("due %q: want a date and the working days left", due)
	}
	// The redirect after filing shows the flash (?flash=flash.saved). Everyone else opens the
	// request's page without it: the approval below waits for the flash its own redirect brings,
	// and a flash already on the page would end that wait before the form is even sent, so the
	// status was read from the page as it was before the approval (待答复; or the read raced the
	// navigation and hung until the deadline).
	filed, err := url.Parse(get(t, asker, "location", chromedp.Location()))
	if err != nil {
		t.Fatal(err)
	}
	if f := filed.Query().Get("flash"); f != "flash.saved" {
		t.Errorf("after filing the address is %s, want the saved flash", filed)
	}
	if !strings.HasPrefix(filed.Path, "/sharing/") {
		t.Fatalf("after filing the browser is at %s, want the request's page", filed)
	}
	loc := base + filed.Path
	savePage(t, asker, "sharing-request.png")

	provider := logIn(t, browserCtx, base, "weijian", "褚佳敏")
	dialogs := answerDialogs(t, provider, nil)
	do(t, provider, "refuse without a reason",
		chromedp.Navigate(loc),
		chromedp.WaitVisible(css(`#answer`)),
		chromedp.Click(css(`#answer form:has(input[value=refuse]) button[type=submit]`)),
		chromedp.WaitVisible(css(`.field-error`)),
	)
	confirmed(t, dialogs, "refusing")
	if st := get(t, provider, "status after the refused refusal", chromedp.Text(css(`#request-status`))); st != "待答复" {
		t.Errorf("status %q after a refusal without reason, want 待答复", st)
	}
	do(t, provider, "approve with a scope",
		chromedp.Navigate(loc),
		chromedp.WaitVisible(css(`#answer textarea[name=scope]`)),
		chromedp.WaitNotPresent(css(`div.flash`)),
		chromedp.SendKeys(css(`#answer textarea[name=scope]`), "仅限出生日期与出生地，通过共享平台接口调用"),
		chromedp.Click(css(`#answer form:has(input[value=approve]) button[type=submit]`)),
		chromedp.WaitVisible(css(`div.flash`)),
	)
	if st := get(t, provider, "read the status", chromedp.Text(css(`#request-status`))); st != "已同意" {
		t.Errorf("status %q after approval, want 已同意", st)
	}
	do(t, asker, "see the answer",
		chromedp.Navigate(loc),
		chromedp.WaitVisible(css(`#scope`)),
	)
	if sc := get(t, asker, "read the scope", chromedp.Text(css(`#scope`))); !strings.Contains(sc, "仅限出生日期与出生地") {
		t.Errorf("requester sees scope %q", sc)
	}
	savePage(t, asker, "sharing-approved.png")
}
