package e2e

import (
	"context"
	_ "embed"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"archgov/internal/store"
)

// axeSource is axe-core 4.14.1 (npm package axe-core, axe.min.js; MPL-2.0, testdata/axe.LICENSE),
// the accessibility engine the WCAG checks below run in the page.
//
//go:embed testdata/axe.min.js
var axeSource string

// The widths every list is checked at: a desktop and a phone.
const (
	desktop = 1440
	phone   = 390
)

// axeViolation is the part of an axe-core result a failure names.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// checkAxe runs axe-core on the tab's page for WCAG 2.1 A and AA (wcag2a, wcag2aa, wcag21a,
// wcag21aa) and fails the test for every violation, naming the page and the elements. It
// returns the number of violation nodes.
func checkAxe(t *testing.T, tab context.Context, page string) int {
	t.Helper()
	loaded := get(t, tab, "is axe loaded", chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if !loaded {
		do(t, tab, "load axe-core", chromedp.Evaluate[void](axeSource+";undefined"))
	}
	vs := get(t, tab, "run axe on "+page, chromedp.Evaluate[[]axeViolation](
		`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]}).then(r => r.violations)`,
		chromedp.EvalAwaitPromise))
	n := 0
	for _, v := range vs {
		n += len(v.Nodes)
		var where []string
		for i, nd := range v.Nodes {
			if i == 3 {
				where = append(where, fmt.Sprintf("… %d more", len(v.Nodes)-3))
				break
			}
			where = append(where, fmt.Sprint(nd.Target)+": "+strings.ReplaceAll(nd.Summary, "\n", " "))
		}
		t.Errorf("axe on %s: %s (%s, %d nodes): %s\n\t%s", page, v.ID, v.Impact, len(v.Nodes), v.Help, strings.Join(where, "\n\t"))
	}
	return n
}

// visit opens a page of the app at a width and waits for its main content.
func visit(t *testing.T, tab context.Context, base, path string, width int64) {
	t.Helper()
	do(t, tab, fmt.Sprintf("open %s at %d px", path, width),
		chromedp.EmulateViewport(width, 900),
		chromedp.Navigate(base+path),
		chromedp.WaitReady(css(`main`)),
	)
}

// TestBrowserAccessibility runs axe-core (WCAG 2.1 A and AA) on every page of the sidebar, the
// first detail page each list links to and the new-record forms, as three roles (the office,
// a bureau's contact, the system administrator), at 1440 px, and on every page of the office's
// sidebar at 390 px: no violations.
// It also checks that the skip link is the first thing Tab reaches and leads to the content.
func TestBrowserAccessibility(t *testing.T) {
	t.Parallel()
	base, _, browserCtx := start(t, 600*time.Second)
	var views, nodes atomic.Int64
	// The detail pages and forms the 1440 px walks reach, by their page (/systems/N): each is
	// checked once, by the first role to reach it. The roles' sidebar pages are checked for
	// each role, as they differ in what they offer; a record's page or form is the same template
	// for every role that may open it. (About 40 of the 80 the roles reached were repeats, at a
	// quarter of a renderer CPU-second each.)
	var records sync.Map
	t.Cleanup(func() { t.Logf("axe-core: %d page views, %d violation nodes", views.Load(), nodes.Load()) })
	// The roles, and the office's two widths, run at once, each in a tab of its own: the
	// browser's renderers and the server share the two cores of CI, which one tab leaves half idle.
	for _, role := range []struct{ username, name string }{{"office", "周晓岚"}, {"weijian", "褚佳敏"}, {"sysadmin", "李明辉"}} {
		t.Run(role.username, func(t *testing.T) {
			t.Parallel()
			tab := logIn(t, browserCtx, base, role.username, role.name)
			nodes.Add(int64(checkAxe(t, tab, "home")))
			views.Add(1)

			// The skip link: the first Tab stop, and it takes the focus to <main>.
			do(t, tab, "tab to the skip link", chromedp.KeyEvent("\t"))
			if f := get(t, tab, "focused", chromedp.Evaluate[string](`document.activeElement.className + "|" + document.activeElement.getAttribute("href")`)); f != "skip|#main" {
				t.Errorf("the first Tab stop is %q, want the skip link to #main", f)
			}

			// Phone width for one role, and there its sidebar's pages only: the layout at 390 px is
			// the stylesheet's, the same for every role (the roles differ in what the pages hold),
			// and what it changes is the lists, whose rows turn into cards labelled by CSS; the
			// detail pages and forms stack the same fields and colours the 1440 px walk checks.
			// Each page view costs axe-core about a quarter of a CPU-second in the renderer: the
			// walk was 226 views and half of the browser's CPU in CI (issue 14,
			// docs/PERFORMANCE.md). It runs in a second tab of the same login.
			if role.username == "office" {
				phoneTab, cancel := chromedp.NewContext(tab)
				t.Cleanup(cancel)
				t.Run("390", func(t *testing.T) {
					t.Parallel()
					views.Add(axeWalk(t, phoneTab, base, phone, nil, &nodes))
				})
			}
			t.Run("1440", func(t *testing.T) {
				t.Parallel()
				views.Add(axeWalk(t, tab, base, desktop, &records, &nodes))
			})
		})
	}
}

// axeWalk runs axe-core at width on every page of the sidebar (and /rules), then, when records
// is not nil, on the first record each list links to and the list's new-record form, unless a
// page of the same kind is in records already (claimed there); it counts the violation nodes
// into nodes and answers the pages it checked.
func axeWalk(t *testing.T, tab context.Context, base string, width int64, records *sync.Map, nodes *atomic.Int64) int64 {
	visit(t, tab, base, "/", width)
	pages := get(t, tab, "sidebar links", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll(".sidenav a")).map(a => a.getAttribute("href"))`))
	pages = append(pages, "/rules")
	sidebar := len(pages)
	seen := map[string]bool{}
	var views int64
	for i := 0; i < len(pages); i++ {
		p := pages[i]
		if seen[p] || strings.Contains(p, "export") {
			continue
		}
		seen[p] = true
		if i >= sidebar {
			if _, dup := records.LoadOrStore(pageKind(p), true); dup {
				continue
			}
		}
		visit(t, tab, base, p, width)
		nodes.Add(int64(checkAxe(t, tab, fmt.Sprintf("%s at %d px", p, width))))
		views++
		if records != nil && i < sidebar {
			pages = append(pages, get(t, tab, "links of "+p, chromedp.Evaluate[[]string](`[
				document.querySelector("main table.grid tbody td a[href^='/']"),
				document.querySelector("main .head-row a.button.primary[href$='/new']"),
			].filter(a => a).map(a => a.getAttribute("href"))`))...)
		}
	}
	return views
}

// pageKind is a page's address without its record numbers, query and fragment: the page it is
// an instance of (/systems/N).
func pageKind(p string) string {
	u, err := url.Parse(p)
	if err != nil {
		return p
	}
	return recordNumber.ReplaceAllString(u.Path, "/N")
}

var recordNumber = regexp.MustCompile(`/[0-9]+`)

// TestBrowserLists: the systems list at 1440 px and 390 px shows its total (共 N 条, the
// filtered count), pages by number and by previous/next with the filters kept in the address
// and in the form, shows statuses as badges on one line, and at 390 px turns into cards with
// every cell named and nothing wider than the screen.
func TestBrowserLists(t *testing.T) {
	t.Parallel()
	base, svc, browserCtx := start(t, 420*time.Second)
	n, err := svc.CountSystems(ctx, cli, store.SystemFilter{Status: "running"})
	if err != nil {
		t.Fatal(err)
	}
	tab := logIn(t, browserCtx, base, "office", "周晓岚")
	total := regexp.MustCompile(`共(\d+)条`)

	for _, w := range []int64{desktop, phone} {
		t.Run(strconv.Itoa(int(w)), func(t *testing.T) {
			visit(t, tab, base, "/systems?status=running", w)
			pager := get(t, tab, "read the pager", chromedp.Text(css(`nav.pager`)))
			if m := total.FindStringSubmatch(pager); m == nil || m[1] != strconv.Itoa(n) {
				t.Errorf("pager says %q; want 共%d条", pager, n)
			}
			do(t, tab, "next page", chromedp.Click(css(`nav.pager a[rel=next]`)), chromedp.WaitVisible(css(`nav.pager a[rel=prev]`)))
			loc, err := url.Parse(get(t, tab, "location", chromedp.Location()))
			if err != nil || loc.Query().Get("page") != "2" || loc.Query().Get("status") != "running" {
				t.Errorf("after 下一页 the address is %v; want page=2 with status=running kept", loc)
			}
			if cur := get(t, tab, "current page", chromedp.Text(css(`nav.pager [aria-current=page]`))); cur != "2" {
				t.Errorf("current page %q, want 2", cur)
			}
			if st := get(t, tab, "status filter", chromedp.Evaluate[string](`document.querySelector("select[name=status]").value`)); st != "running" {
				t.Errorf("on page 2 the status filter shows %q", st)
			}
			// Page numbers: page 1 again, by its number.
			do(t, tab, "page 1", chromedp.Click(css(`nav.pager a[aria-label="第 1 页"]`)), chromedp.WaitVisible(css(`nav.pager a[rel=next]`)))
			if cur := get(t, tab, "current page", chromedp.Text(css(`nav.pager [aria-current=page]`))); cur != "1" {
				t.Errorf("after clicking 1 the current page is %q", cur)
			}

			// Every status is a badge of a kind, on one line.
			bad := get(t, tab, "badges", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#system-list tbody tr")).map(tr => {
				const b = tr.querySelector("td:last-child .badge");
				if (!b) return "no badge: " + tr.textContent.trim().slice(0, 40);
				if (!/badge-(progress|done|refused|overdue|closed)/.test(b.className)) return "no kind: " + b.className;
				if (b.getClientRects().length !== 1) return "badge on more than one line: " + b.textContent;
				const bg = getComputedStyle(b).backgroundColor;
				return bg === "rgba(0, 0, 0, 0)" ? "badge without colour" : "";
			}).filter(s => s)`))
			for _, b := range bad {
				t.Error(b)
			}
			// Codes stay on one line.
			if split := get(t, tab, "codes on one line", chromedp.Evaluate[int](`Array.from(document.querySelectorAll("#system-list td.mono a")).filter(a => a.getClientRects().length > 1 || a.offsetHeight > 2 * parseFloat(getComputedStyle(a).lineHeight || 20)).length`)); split > 0 {
				t.Errorf("%d system codes wrap", split)
			}

			overflow := get(t, tab, "horizontal overflow", chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`))
			height := get(t, tab, "page height", chromedp.Evaluate[int](`document.documentElement.scrollHeight`))
			t.Logf("systems list at %d px: %d px tall, %d px wider than the window", w, height, overflow)
			if overflow > 0 {
				t.Errorf("at %d px the page scrolls sideways by %d px", w, overflow)
			}
			cards := get(t, tab, "cards", chromedp.Evaluate[string](`(() => {
				const tr = document.querySelector("#system-list tbody tr"), td = tr.cells[1];
				return getComputedStyle(tr).display + "|" + td.getAttribute("data-label") + "|" + getComputedStyle(td, "::before").content;
			})()`))
			if w == phone {
				if cards != `grid|名称|"名称"` {
					t.Errorf("at 390 px a row is %q; want a card (a grid of cells) whose cells show their column's name", cards)
				}
				keepScreen(t, tab, "systems-390.png", chromedp.CaptureScreenshot()) // the first screen
			} else {
				keepScreen(t, tab, "systems-1440.png", chromedp.CaptureScreenshot())
				keepScreen(t, tab, "systems-1440-list.png", chromedp.Screenshot(css(`#system-list`)))
			}
			if w == desktop && !strings.HasPrefix(cards, "table-row|") {
				t.Errorf("at 1440 px a row is %q; want a table row", cards)
			}
			checkAxe(t, tab, fmt.Sprintf("systems list at %d px", w))
			if w == phone {
				// A filter swaps the list in through htmx: the new rows are cards with names too.
				do(t, tab, "filter by hosting", chromedp.SetValue(css(`select[name=hosting]`), "unit_room"),
					chromedp.Evaluate[void](`document.querySelector("select[name=hosting]").dispatchEvent(new Event("change", {bubbles: true})); undefined`))
				waitJS(t, tab, `location.search.includes("hosting=unit_room")`)
				waitJS(t, tab, `Array.from(document.querySelectorAll("#system-list tbody tr")).every(tr => tr.cells[4] && tr.cells[4].textContent.includes("单位机房"))`)
				// (htmx settles the swapped content a moment after it is in the page)
				waitJS(t, tab, `document.querySelectorAll("#system-list tbody td:not([data-label]):not([colspan])").length === 0`)
			}
		})
	}
	// Every list fits the window at both widths: cards on the phone, one-line cells on the desktop.
	for _, p := range []string{"/machine-rooms", "/websites", "/new-media", "/catalog", "/cloud/requests", "/feedback", "/sharing", "/plans", "/units", "/base-libraries"} {
		for _, w := range []int64{desktop, phone} {
			visit(t, tab, base, p, w)
			if over := get(t, tab, "horizontal overflow", chromedp.Evaluate[int](`document.documentElement.scrollWidth - window.innerWidth`)); over > 0 {
				wide := get(t, tab, "what is too wide", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("body *")).
					filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && e.children.length === 0).slice(0, 5).
					map(e => e.tagName.toLowerCase() + "." + e.className + " " + e.textContent.trim().slice(0, 30))`))
				t.Errorf("%s at %d px scrolls sideways by %d px: %v", p, w, over, wide)
			}
		}
	}
	// The check itself: axe-core is the vendored version, and it does report a violation.
	checkAxe(t, tab, "base libraries at 390 px")
	if v := get(t, tab, "axe version", chromedp.Evaluate[string](`axe.version`)); v != "4.14.1" {
		t.Errorf("axe-core %s, want the vendored 4.14.1", v)
	}
	do(t, tab, "break the page", chromedp.Evaluate[void](`document.querySelector("main").append(document.createElement("img")); undefined`))
	if ids := get(t, tab, "axe on a broken page", chromedp.Evaluate[[]string](
		`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a"]}}).then(r => r.violations.map(v => v.id))`, chromedp.EvalAwaitPromise)); !slices.Contains(ids, "image-alt") {
		t.Errorf("axe on a page with an image without alt reports %v; want image-alt", ids)
	}
}
