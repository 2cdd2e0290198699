package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"archgov/internal/store"
)

// The architecture map (issue 12) in a browser: the health commission's contact opens the map,
// ECharts draws it on a canvas (some of its pixels painted), and clicking the node of the
// commission's 全民健康信息平台 opens that system's page.
func TestBrowserArchitectureMap(t *testing.T) {
	t.Parallel()
	base, svc, browserCtx := start(t, 200*time.Second)
	p, err := svc.Systems(ctx, cli, store.SystemFilter{Query: "XC-SYS-0069", Limit: 1})
	if err != nil || len(p.Items) != 1 {
		t.Fatalf("XC-SYS-0069: %v", err)
	}
	sys := p.Items[0]

	tab := logIn(t, browserCtx, base, "weijian", "褚佳敏")
	do(t, tab, "open the map",
		chromedp.Navigate(base+"/architecture-map"),
		chromedp.WaitVisible(css(`#archmap-chart canvas`)),
	)
	waitJS(t, tab, `document.getElementById("archmap-chart").dataset.ready === "1"`)
	painted := get(t, tab, "count painted pixels", chromedp.Evaluate[int](`(() => {
		const c = document.querySelector("#archmap-chart canvas");
		const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
		let n = 0;
		for (let i = 3; i < d.length; i += 4) { if (d[i] !== 0) n++; }
		return n;
	})()`))
	if painted < 2000 {
		t.Fatalf("the map's canvas has %d painted pixels", painted)
	}
	keepScreen(t, tab, "archmap.png", chromedp.FullScreenshot(90))

	// Where ECharts drew the node, in the window's coordinates (scrolled into the window first).
	xy := get(t, tab, "find the node", chromedp.Evaluate[[]float64](fmt.Sprintf(`(() => {
		const el = document.getElementById("archmap-chart");
		const chart = echarts.getInstanceByDom(el);
		const i = chart.getOption().series[0].data.findIndex(n => n.id === "system:%d");
		if (i < 0) return [];
		const at = chart.convertToPixel({seriesIndex: 0}, chart.getModel().getSeriesByIndex(0).getData().getItemLayout(i));
		window.scrollTo(0, window.scrollY + el.getBoundingClientRect().top + at[1] - window.innerHeight / 2);
		const r = el.getBoundingClientRect();
		return [r.left + at[0], r.top + at[1]];
	})()`, sys.ID)))
	if len(xy) != 2 {
		t.Fatalf("no node system:%d on the map", sys.ID)
	}
	do(t, tab, "click the node",
		chromedp.MouseClickXY(xy[0], xy[1]),
		chromedp.WaitVisible(css(`#history`)),
	)
	loc := get(t, tab, "read the location", chromedp.Location())
	if got, want := path(t, loc), fmt.Sprintf("/systems/%d", sys.ID); got != want {
		t.Errorf("clicking the node opened %s, want %s", got, want)
	}
}
