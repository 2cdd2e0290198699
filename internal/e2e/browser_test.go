package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/gm"
	"archgov/internal/testdb"
	"archgov/internal/testdb/demodb"
	"archgov/internal/web"
)

const (
	chromium = "/usr/bin/chromium"
	// newPassword satisfies the default policy and contains none of the demo usernames.
	newPassword = "Xc-Governance-2026"
)

// The tests read and check the database through the use cases as the operator at the command
// line, with a context that is never cancelled (the browser steps run in the tabs' contexts).
var (
	ctx = context.Background()
	cli = app.SystemActor()
)

type (
	void   = chromedp.Void
	action = chromedp.Action[void]
	css    = chromedp.CSS
)

// TestBrowser walks the first-login journey of the spine issue in Chromium: a demo user logs
// in, is forced to change the initial password, lands on the home page and sees the units tree
// (a screenshot is kept); a destructive action is not carried out when its confirmation is
// dismissed; a bureau's contact gets the 404 page for another bureau's user and has no link to
// the audit log.
func TestBrowser(t *testing.T) {
	t.Parallel()
	base, svc, browserCtx := start(t, 300*time.Second)

	// The system administrator's tab serves the first two steps: the second needs the login
	// the first completes.
	admin := newUser(t, browserCtx)
	adminIn := false
	console := watchConsole(t, admin)
	t.Run("sysadmin first login and units tree", func(t *testing.T) {
		loginForcedChange(t, admin, base, "sysadmin", "李明辉")
		adminIn = true
		u, err := svc.DB().Read().UserByUsername(ctx, "sysadmin")
		if err != nil {
			t.Fatal(err)
		}
		if u.MustChange {
			t.Error("after the forced change the account still must change its password")
		}

		do(t, admin, "open the units tree",
			chromedp.Navigate(base+"/units"),
			chromedp.WaitVisible(css(`#unit-tree table`)),
		)
		tree := get(t, admin, "read the tree", chromedp.Text(css(`#unit-tree`)))
		rows := get(t, admin, "count rows", chromedp.Evaluate[int](`document.querySelectorAll("#unit-tree tbody tr").length`))
		for _, name := range []string{
			"苏州市相城区",                               // the district
			"区卫生健康委员会", "区教育局", "区经济和信息化局", "区财政局", // bureaus
			"元和街道", "黄桥街道", "渭塘镇", "阳澄湖镇", "黄埭镇", "望亭镇", // towns and streets
			"相城经济技术开发区", // a zone
			"莲花村",       // a village
		} {
			if !strings.Contains(tree, name) {
				t.Errorf("units tree does not show %s", name)
			}
		}
		if rows != len(demo.Units) {
			t.Errorf("units tree has %d rows, want one per demo unit (%d)", rows, len(demo.Units))
		}
		screenshot(t, admin, "units.png")

		// The search filters the tree in place through htmx (under the strict CSP), and the
		// address follows it so the filtered view can be bookmarked.
		do(t, admin, "search the tree", chromedp.SendKeys(css(`input[name=q]`), "卫生"))
		waitJS(t, admin, `document.querySelectorAll("#unit-tree tbody tr").length === 1`)
		if row := get(t, admin, "read the match", chromedp.Text(css(`#unit-tree tbody tr`))); !strings.Contains(row, "区卫生健康委员会") {
			t.Errorf("searching 卫生 shows %q", row)
		}
		if loc := get(t, admin, "location", chromedp.Location()); !strings.Contains(loc, "q=") {
			t.Errorf("after the search the address is %s, want the query in it", loc)
		}
		for _, m := range console() {
			t.Errorf("browser console: %s", m)
		}
	})

	t.Run("destructive action asks for confirmation", func(t *testing.T) {
		if !adminIn {
			t.Skip("the system administrator could not log in")
		}
		unit, err := svc.DB().Read().UnitByCode(ctx, "320507209003") // 清水村: nothing keeps it in use
		if err != nil {
			t.Fatal(err)
		}
		if !unit.Active {
			t.Fatal("the demo unit starts inactive")
		}

		// Dialogs are dismissed until accept is set.
		var accept atomic.Bool
		dialogs := answerDialogs(t, admin, accept.Load)

		const form = `form[action$="/deactivate"]`
		do(t, admin, "open the unit page",
			chromedp.Navigate(fmt.Sprintf("%s/units/%d", base, unit.ID)),
			chromedp.WaitVisible(css(form+` button`)),
		)
		label := get(t, admin, "read the button", chromedp.Text(css(form+` button`)))
		q := get(t, admin, "read data-confirm", chromedp.AttributeValue(css(form), "data-confirm"))
		if strings.TrimSpace(label) != "停用单位" {
			t.Errorf("deactivate button says %q, want 停用单位", label)
		}
		if !q.Exists || !strings.Contains(q.Value, unit.Name) {
			t.Errorf("deactivate form data-confirm = %q (present %v); want a question naming %s", q.Value, q.Exists, unit.Name)
		}

		// Dismissed: nothing is sent, the unit stays active.
		do(t, admin, "click 停用单位", chromedp.Click(css(form+` button`)))
		confirmed(t, dialogs, "clicking 停用单位", unit.Name)
		time.Sleep(500 * time.Millisecond) // room for a wrongly sent form to arrive
		loc := get(t, admin, "where are we", chromedp.Location())
		if u, _ := url.Parse(loc); u == nil || u.Path != fmt.Sprintf("/units/%d", unit.ID) || u.Query().Get("flash") != "" {
			t.Errorf("after dismissing the confirmation the browser is at %s", loc)
		}
		after, err := svc.DB().Read().Unit(ctx, unit.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !after.Active || after.Version != unit.Version {
			t.Fatalf("dismissing the confirmation changed the unit: active %v, version %d→%d", after.Active, unit.Version, after.Version)
		}

		// Accepted: the same click deactivates it, so the step above proved something.
		accept.Store(true)
		do(t, admin, "click 停用单位 and confirm",
			chromedp.Click(css(form+` button`)),
			chromedp.WaitVisible(css(`div.flash`)),
		)
		confirmed(t, dialogs, "clicking 停用单位", unit.Name)
		if flash := get(t, admin, "read the flash", chromedp.Text(css(`div.flash`))); !strings.Contains(flash, "单位已停用") {
			t.Errorf("flash after confirming: %q", flash)
		}
		if after, err = svc.DB().Read().Unit(ctx, unit.ID); err != nil {
			t.Fatal(err)
		}
		if after.Active {
			t.Error("confirming 停用单位 left the unit active")
		}
	})

	t.Run("unit contact gets 404 for another bureau's user", func(t *testing.T) {
		tab := logIn(t, browserCtx, base, "weijian", "褚佳敏")
		other, err := svc.DB().Read().UserByUsername(ctx, "jiaoyu") // 区教育局
		if err != nil {
			t.Fatal(err)
		}
		colleague, err := svc.DB().Read().UserByUsername(ctx, "weijian_head") // the same 区卫生健康委员会
		if err != nil {
			t.Fatal(err)
		}

		// The colleague's record shows, so the 404 below is about scope, not a broken page.
		resp := get(t, tab, "open the colleague's page", chromedp.NavigateResponse(fmt.Sprintf("%s/users/%d", base, colleague.ID)))
		if main := get(t, tab, "read the colleague's page", chromedp.Text(css(`main`))); resp.Status != http.StatusOK || !strings.Contains(main, colleague.Name) {
			t.Fatalf("own unit's user page: status %d, main %q; want 200 showing %s", resp.Status, main, colleague.Name)
		}

		resp = get(t, tab, "open the other bureau's user", chromedp.NavigateResponse(fmt.Sprintf("%s/users/%d", base, other.ID)))
		heading := get(t, tab, "read the heading", chromedp.Text(css(`main h1`)))
		message := get(t, tab, "read the message", chromedp.Text(css(`main .alert`)))
		if resp.Status != http.StatusNotFound || strings.TrimSpace(heading) != "404" {
			t.Errorf("another bureau's user page: status %d, heading %q; want the 404 page", resp.Status, heading)
		}
		if !strings.Contains(message, "记录不存在") {
			t.Errorf("404 page says %q; want the not-found message", message)
		}
		if body := get(t, tab, "read the page", chromedp.Text(css(`body`))); strings.Contains(body, other.Name) || strings.Contains(body, other.Username) {
			t.Errorf("the 404 page leaks the other user's identity: %q", body)
		}

		do(t, tab, "go home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(`nav.sidenav`)))
		nav := get(t, tab, "read the navigation",
			chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("nav.sidenav a")).map(a => a.getAttribute("href"))`))
		if !slices.Contains(nav, "/units") {
			t.Errorf("navigation %v lacks /units", nav)
		}
		if n := get(t, tab, "count audit links", chromedp.Evaluate[int](`document.querySelectorAll('a[href^="/audit"]').length`)); n != 0 {
			t.Errorf("a unit contact's page has %d links to the audit log; navigation %v", n, nav)
		}
	})
}

// TestMain stops the shared Chromium (shared) and removes the demo templates (demodb) when the
// tests end.
func TestMain(m *testing.M) {
	code := demodb.Run(m)
	shared.stop()
	os.Exit(code)
}

// start runs the real server on the test's own copy of the demo (startServer), and then gives the
// test its context of the shared Chromium, which ends after timeout (startChromium): in this
// order, so that the deadline is for the browser steps, not for the demo build. The deadline only
// stops a hung test early: it allows for the other browser tests running beside it on the same
// cores (about twice what the test takes with the machine to itself, and more).
func start(t *testing.T, timeout time.Duration) (base string, svc *app.Service, browser context.Context) {
	t.Helper()
	base, svc = startServer(t)
	return base, svc, startChromium(t, timeout)
}

// startServer runs the real server in-process on a SQLite file filled with the demo district.
func startServer(t *testing.T) (string, *app.Service) {
	t.Helper()
	kdf := gm.KDFParams{Iterations: 1000, SaltLen: 16, KeyLen: 32}
	// The test's own copy of the demo district, loaded once per process (demodb).
	db := demodb.Open(t, testdb.Backend{Name: "sqlite"}, nil, kdf)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := app.New(db, app.Options{KDF: kdf, Logger: quiet})
	srv, err := web.New(svc, web.Config{District: "相城区", Version: "e2e", Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return hs.URL, svc
}

// shared is the one headless Chromium of the test process, started by the first test that needs
// it and stopped by TestMain. The browser tests run in parallel, each against a server and a demo
// database of its own, each person in a browser context of their own (newUser: their own
// cookies, so two tests' sessions on 127.0.0.1 never meet). One browser serves them all: that
// saves a Chromium start per test, and the tests' waits on the server and on the renderer overlap
// instead of adding up (CI time).
var shared sharedChromium

type sharedChromium struct {
	once    sync.Once
	ctx     context.Context // the browser's first tab, never navigated: the tests open theirs from it
	cancel  context.CancelFunc
	dataDir string
	err     error
}

// startChromium returns a context of the shared browser (started on first use) that ends after
// timeout or when the test ends: the test's tabs, opened from it, close with it, and its steps
// fail once the deadline has passed.
func startChromium(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must run the browser tests, but %s is missing: %v", chromium, err)
		}
		t.Skipf("%s not installed (the browser tests run in CI)", chromium)
	}
	shared.once.Do(shared.start)
	if shared.err != nil {
		t.Fatalf("start chromium: %v", shared.err)
	}
	ctx, cancel := context.WithTimeout(shared.ctx, timeout)
	t.Cleanup(cancel)
	return ctx
}

// start launches the browser. Its first context must carry no timeout (a timeout would stop the
// browser itself), so the launch is given a minute by a timer instead.
func (c *sharedChromium) start() {
	if c.dataDir, c.err = os.MkdirTemp("", "archgov-e2e-chromium-"); c.err != nil {
		return
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(c.dataDir),
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("no-proxy-server", true),
		// Every test's tabs are in the background but the last opened: they must not be slowed.
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
	)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	c.ctx, c.cancel = browserCtx, func() { cancelBrowser(); cancelAlloc() }
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(browserCtx) }()
	select {
	case c.err = <-started:
	case <-time.After(time.Minute):
		c.err = errors.New("chromium did not start within a minute")
	}
	if c.err != nil {
		c.cancel()
	}
}

// stop closes the browser, if it was started, and removes its profile.
func (c *sharedChromium) stop() {
	if c.cancel != nil {
		c.cancel()
	}
	if c.dataDir != "" {
		os.RemoveAll(c.dataDir)
	}
}

// newUser opens a tab in a browser context of its own (its own cookies), the way a second
// person on another machine would, closed when the test ends.
func newUser(t *testing.T, browserCtx context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a browser context: %v", err)
	}
	return ctx
}

// do runs browser steps and stops the test, naming the step, on error.
func do(t *testing.T, ctx context.Context, step string, steps ...action) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// get runs one browser action that returns a value.
func get[T any](t *testing.T, ctx context.Context, step string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	// A read is asked again when Chromium forgot the node chromedp had just found (-32000, "No
	// node with given id found"): the document's node ids are renumbered when the page is done
	// loading under load (chromedp/chromedp#1001), so the node found is gone, not the element.
	// An element that is really missing still fails, after three tries.
	for try := 1; err != nil && strings.Contains(err.Error(), "(-32000)") && try < 3; try++ {
		time.Sleep(100 * time.Millisecond)
		v, err = chromedp.Run(ctx, a)
	}
	if err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	return v
}

func path(t *testing.T, loc string) string {
	t.Helper()
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("location %q: %v", loc, err)
	}
	return u.Path
}

// loginForcedChange logs a demo user in with the initial password, checks that the password
// change is forced (also when the user tries to go elsewhere), changes it to newPassword and
// checks that the home page greets the user.
func loginForcedChange(t *testing.T, tab context.Context, base, username, name string) {
	t.Helper()
	do(t, tab, "log in as "+username,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(css(`input[name=username]`)),
		chromedp.SendKeys(css(`input[name=username]`), username),
		chromedp.SendKeys(css(`input[name=password]`), demo.Password),
		chromedp.Click(css(`form[action="/login"] button[type=submit]`)),
		chromedp.WaitVisible(css(`#forced-change`)),
	)
	if loc := get(t, tab, "location", chromedp.Location()); path(t, loc) != "/password" {
		t.Errorf("after the first login the browser is at %s, want /password", loc)
	}
	if notice := get(t, tab, "read the notice", chromedp.Text(css(`#forced-change`))); !strings.Contains(notice, "修改密码") {
		t.Errorf("forced-change notice says %q", notice)
	}

	// Until the password is changed, every page sends the user back to the form.
	do(t, tab, "try to skip the change",
		chromedp.Navigate(base+"/units"),
		chromedp.WaitVisible(css(`#forced-change`)),
	)
	if loc := get(t, tab, "location", chromedp.Location()); path(t, loc) != "/password" {
		t.Errorf("before the change /units led to %s, want /password", loc)
	}

	do(t, tab, "change the password",
		chromedp.SendKeys(css(`input[name=current]`), demo.Password),
		chromedp.SendKeys(css(`input[name=password]`), newPassword),
		chromedp.SendKeys(css(`input[name=confirm]`), newPassword),
		chromedp.Click(css(`form[action="/password"] button[type=submit]`)),
		chromedp.WaitVisible(css(`div.flash`)),
	)
	if loc := get(t, tab, "location", chromedp.Location()); path(t, loc) != "/" {
		t.Errorf("after the change the browser is at %s, want the home page", loc)
	}
	if h := get(t, tab, "read the heading", chromedp.Text(css(`main h1`))); !strings.Contains(h, name) || !strings.Contains(h, "您好") {
		t.Errorf("home page heading %q; want a greeting of %s", h, name)
	}
	if f := get(t, tab, "read the flash", chromedp.Text(css(`div.flash`))); !strings.Contains(f, "密码已修改") {
		t.Errorf("flash after the change: %q", f)
	}
	if t.Failed() {
		t.FailNow()
	}
}

// waitJS waits until a JavaScript expression is true. (chromedp.Poll builds its predicate with
// new Function, which the page's Content-Security-Policy rightly forbids.)
func waitJS(t *testing.T, tab context.Context, expr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(tab, chromedp.Evaluate[bool](expr))
		if err != nil {
			t.Fatalf("evaluate %s: %v", expr, err)
		}
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still false after 10s: %s", expr)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// watchConsole collects the tab's uncaught exceptions and Content-Security-Policy violations;
// the returned func lists those seen so far.
func watchConsole(t *testing.T, tab context.Context) func() []string {
	t.Helper()
	var mu sync.Mutex
	var bad []string
	ctx, stop := context.WithCancel(tab)
	msgs := chromedp.Console(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.IsException() || strings.Contains(m.Text, "Content Security Policy") {
				mu.Lock()
				bad = append(bad, m.String())
				mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() { stop(); <-done })
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(bad)
	}
}

// logIn opens a tab for a person of its own (newUser) and logs username in through the forced
// password change (loginForcedChange). When the test ends, every uncaught exception and
// Content-Security-Policy violation the tab saw fails it.
func logIn(t *testing.T, browserCtx context.Context, base, username, name string) context.Context {
	t.Helper()
	tab := newUser(t, browserCtx)
	console := watchConsole(t, tab)
	t.Cleanup(func() {
		for _, m := range console() {
			t.Errorf("browser console of %s: %s", username, m)
		}
	})
	loginForcedChange(t, tab, base, username, name)
	return tab
}

// answerDialogs answers every JavaScript dialog the tab opens, accepting it when accept says so
// (nil: always), until the test ends. It reports each on the returned channel as "type: message"
// ("confirm: 确定停用…"), or "error: …" when answering failed; reports nobody reads past the
// eighth are dropped.
func answerDialogs(t *testing.T, tab context.Context, accept func() bool) <-chan string {
	t.Helper()
	dialogs := make(chan string, 8)
	listen, stop := context.WithCancel(tab)
	events := chromedp.Events(listen, page.JavascriptDialogOpening)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev, err := range events {
			if err != nil {
				return
			}
			report := string(ev.Type) + ": " + ev.Message
			if _, err := chromedp.Call(listen, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: accept == nil || accept()}); err != nil {
				report = "error: " + err.Error()
			}
			select {
			case dialogs <- report:
			default:
			}
		}
	}()
	t.Cleanup(func() { stop(); <-done })
	return dialogs
}

// confirmed waits up to 10 s for the dialog that step opens, which must be a confirmation whose
// question holds every one of words.
func confirmed(t *testing.T, dialogs <-chan string, step string, words ...string) {
	t.Helper()
	select {
	case d := <-dialogs:
		q, ok := strings.CutPrefix(d, "confirm: ")
		for _, w := range words {
			ok = ok && strings.Contains(q, w)
		}
		if !ok || q == "" {
			t.Errorf("%s: dialog %q; want a confirmation asking about %q", step, d, words)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("%s asked for no confirmation", step)
	}
}

// screenshot saves a full-page screenshot (savePage) and checks that it is one: a PNG of the
// whole page, which on the pages it is taken of is taller than the window.
func screenshot(t *testing.T, tab context.Context, name string) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(savePage(t, tab, name)))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	// The tree of ~60 units is taller than the 900-pixel window: a full-page shot is taller.
	if b := img.Bounds(); b.Dx() < 800 || b.Dy() <= 900 {
		t.Errorf("screenshot is %dx%d; want the full page (wider than 800, taller than the window)", b.Dx(), b.Dy())
	}
}

// savePage saves a full-page screenshot as name in the test's temp dir, and in
// $ARCHGOV_SCREENSHOT_DIR when that is set (so CI can keep it after the temp dir is gone), and
// returns it.
func savePage(t *testing.T, tab context.Context, name string) []byte {
	t.Helper()
	buf := get(t, tab, "screenshot", chromedp.FullScreenshot(100))
	for _, dir := range []string{t.TempDir(), os.Getenv("ARCHGOV_SCREENSHOT_DIR")} {
		if dir != "" {
			keepShot(t, dir, name, buf)
		}
	}
	return buf
}

// keepScreen saves a screenshot (shot: of the window or of an element) as name in
// $ARCHGOV_SCREENSHOT_DIR, and takes it only when that is set: a picture to look at.
func keepScreen(t *testing.T, tab context.Context, name string, shot chromedp.Action[[]byte]) {
	t.Helper()
	if dir := os.Getenv("ARCHGOV_SCREENSHOT_DIR"); dir != "" {
		keepShot(t, dir, name, get(t, tab, "screenshot "+name, shot))
	}
}

// keepShot writes the screenshot buf into dir (made if need be) as name.
func keepShot(t *testing.T, dir, name string, buf []byte) {
	t.Helper()
	file := filepath.Join(dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", file)
}
