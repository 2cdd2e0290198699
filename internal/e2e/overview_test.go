package e2e

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The overview (issue 12, ORG-3): the office's page draws its six charts (each an SVG with its
// shapes), a card's number is the 共 N 条 of the list it opens, a click on a chart element opens
// the list it counts, and the printed page keeps the charts; a leader's page shows only the
// units they lead.
func TestBrowserOverview(t *testing.T) {
	t.Parallel()
	base, _, browserCtx := start(t, 300*time.Second)
	total := regexp.MustCompile(`共(\d+)条`)

	tab := logIn(t, browserCtx, base, "office", "周晓岚")
	do(t, tab, "open the overview",
		chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate(base+"/overview"),
		chromedp.WaitVisible(css(`#chart-ranking`)),
	)
	waitJS(t, tab, `document.querySelectorAll(".chart svg").length === 6`)
	shapes := get(t, tab, "count the charts' shapes", chromedp.Evaluate[map[string]int](
		`Object.fromEntries(Array.from(document.querySelectorAll(".chart")).map(c => [c.id, c.querySelectorAll("svg path, svg rect, svg text").length]))`))
	for _, id := range []string{"chart-cloud", "chart-rooms", "chart-funnel", "chart-spot", "chart-heat", "chart-ranking"} {
		if shapes[id] < 10 {
			t.Errorf("%s drew %d shapes: %v", id, shapes[id], shapes)
		}
	}
	savePage(t, tab, "overview.png")
	checkAxe(t, tab, "overview")

	// A card's number and the list it opens.
	n := get(t, tab, "read the open findings", chromedp.Text(css(`#card-findings .dash-value a`)))
	do(t, tab, "open the findings it counts",
		chromedp.Click(css(`#card-findings .dash-value a`)),
		chromedp.WaitVisible(css(`nav.pager .total`)),
	)
	if loc := get(t, tab, "where", chromedp.Location()); !strings.Contains(loc, "/findings?status=open") {
		t.Errorf("the card opened %s", loc)
	}
	if got := get(t, tab, "read the total", chromedp.Text(css(`nav.pager .total`))); total.FindStringSubmatch(got) == nil || total.FindStringSubmatch(got)[1] != strings.TrimSpace(n) {
		t.Errorf("the card says %s open findings, the list %q", n, got)
	}

	// A click on the funnel's first element (applications submitted) opens the projects it counts.
	do(t, tab, "back to the overview",
		chromedp.Navigate(base+"/overview"),
		chromedp.WaitVisible(css(`#chart-funnel svg`)),
	)
	want := get(t, tab, "the funnel's first count", chromedp.Evaluate[int](`JSON.parse(document.getElementById("dash-data").textContent).charts.funnel[0].count`))
	do(t, tab, "click the funnel's first element",
		chromedp.Evaluate[void](`(function () {
			var chart = echarts.getInstanceByDom(document.getElementById("chart-funnel"));
			var el = chart.getModel().getSeriesByIndex(0).getData().getItemGraphicEl(0);
			var r = el.getBoundingRect(), box = document.getElementById("chart-funnel").getBoundingClientRect();
			var x = box.left + r.x + r.width / 2, y = box.top + r.y + r.height / 2;
			var target = document.elementFromPoint(x, y);
			["mousedown", "mouseup", "click"].forEach(function (type) {
				target.dispatchEvent(new MouseEvent(type, {bubbles: true, clientX: x, clientY: y}));
			});
		})()`),
		chromedp.WaitVisible(css(`nav.pager .total`)),
	)
	if loc := get(t, tab, "where", chromedp.Location()); !strings.Contains(loc, "/projects?status=submitted") {
		t.Errorf("the funnel opened %s", loc)
	}
	if got := get(t, tab, "read the total", chromedp.Text(css(`nav.pager .total`))); total.FindStringSubmatch(got) == nil || total.FindStringSubmatch(got)[1] != strconv.Itoa(want) {
		t.Errorf("the funnel says %d, the list %q", want, got)
	}

	// Printed: no side menu, the charts still drawn.
	do(t, tab, "print media",
		chromedp.Navigate(base+"/overview"),
		chromedp.WaitVisible(css(`#chart-heat svg`)),
	)
	if _, err := chromedp.Call(tab, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	printed := get(t, tab, "what prints", chromedp.Evaluate[string](
		`getComputedStyle(document.querySelector(".sidenav")).display + "|" + document.querySelectorAll(".chart svg path").length`))
	if parts := strings.Split(printed, "|"); parts[0] != "none" || parts[1] == "0" {
		t.Errorf("printed: side menu %s, %s chart paths", parts[0], parts[1])
	}

	// A unit's people: their unit's overview beside the to-dos on the home page.
	unit := logIn(t, browserCtx, base, "weijian", "褚佳敏")
	do(t, unit, "open the home page",
		chromedp.EmulateViewport(1440, 900),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(css(`#home-dash #chart-heat`)),
	)
	waitJS(t, unit, `document.querySelectorAll("#home-dash .chart svg").length === 6`)
	checkAxe(t, unit, "unit home")

	// A leader: the units they lead, no other.
	lead := logIn(t, browserCtx, base, "leader", "吴建国")
	do(t, lead, "open the leader's overview",
		chromedp.Navigate(base+"/overview"),
		chromedp.WaitVisible(css(`#chart-ranking`)),
	)
	waitJS(t, lead, `document.querySelectorAll(".chart svg").length === 6`)
	units := get(t, lead, "the ranked units", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#dash-rank tbody td:first-child")).map(td => td.textContent)`))
	led := map[string]bool{"苏州市公安局相城分局": true, "区卫生健康委员会": true, "区教育局": true, "区民政局": true}
	if len(units) == 0 {
		t.Error("the leader's ranking is empty")
	}
	for _, u := range units {
		if !led[u] {
			t.Errorf("the leader's overview ranks %s, which they do not lead", u)
		}
	}
}
