package web_test

// The overview (issue 12, ORG-3) over HTTP on the demo district: every number of the page and
// of GET /api/v1/dashboard is the 共 N 条 of the list it links to, for the office, a leader and a
// unit; a leader sees the units they lead only, a unit user its unit on the home page beside the
// to-dos; a login without units is refused; the workbook holds the same figures.

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
	"archgov/internal/testdb"
)

var (
	totalRe = regexp.MustCompile(`共(\d+)条`)
	countRe = regexp.MustCompile(`href="([^"]+)" data-count="(\d+)"`)
)

// listTotal is the 共 N 条 of the list page at href, read as b.
func listTotal(t *testing.T, b *browser, href string) int {
	t.Helper()
	r := b.get(href)
	if r.status != http.StatusOK {
		t.Fatalf("%s: %d\n%.400s", href, r.status, r.body)
	}
	m := totalRe.FindSubmatch(r.body)
	if m == nil {
		t.Fatalf("%s: no 共 N 条 on the page", href)
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// dashFigures lists every count of an overview with its link (months and ranking rows: the
// non-empty months and the first rows, to keep the test cheap).
func dashFigures(d *app.Dashboard) []app.DashFigure {
	var out []app.DashFigure
	for _, c := range d.Cards {
		for _, f := range append([]app.DashFigure{c.Value}, c.More...) {
			if f.Href != "" {
				out = append(out, f)
			}
		}
		if c.Of != nil {
			out = append(out, *c.Of)
		}
	}
	out = append(out, d.Charts.Funnel...)
	for _, m := range append(d.Charts.CloudTrend, d.Charts.RoomBurndown...) {
		if m.N > 0 {
			out = append(out, app.DashFigure{Key: "month " + m.Month, N: m.N, Href: m.Href})
		}
	}
	for _, c := range d.Charts.Heat.Cells {
		out = append(out, app.DashFigure{Key: "heat " + c.Clause, N: c.N, Href: c.Href})
	}
	for _, s := range d.Charts.SpotChecks {
		out = append(out, s.Outcomes...)
	}
	for i, u := range d.Charts.Ranking {
		if i == 5 {
			break
		}
		for k, n := range map[string]int{"systems": u.Systems, "cloud": u.Cloud, "off_cloud": u.OffCloud, "findings": u.Findings,
			"rect_open": u.RectOpen, "rect_overdue": u.RectOverdue} {
			out = append(out, app.DashFigure{Key: u.UnitName + " " + k, N: n, Href: u.Hrefs[k]})
		}
	}
	return out
}

func TestDashboardLinksMatchLists(t *testing.T) {
	testdb.WithoutRace(t)
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		for _, who := range []string{"office", "leader", "weijian"} {
			b := s.login(who)
			var d app.Dashboard
			s.apiJSON(http.MethodGet, "/api/v1/dashboard", who, "", &d)
			figs := dashFigures(&d)
			if len(figs) < 20 {
				t.Fatalf("%s: only %d figures", who, len(figs))
			}
			for _, f := range figs {
				if n := listTotal(t, b, f.Href); n != f.N {
					t.Errorf("%s: %s = %d, its list %s has 共%d条", who, f.Key, f.N, f.Href, n)
				}
			}
			// The answer-time cards' counts open the answers of their window (a list says so).
			for _, key := range []string{"sharing_answered", "feedback_answered"} {
				i := slices.IndexFunc(figs, func(f app.DashFigure) bool { return f.Key == key })
				switch {
				case i < 0:
					t.Errorf("%s: %s has no link", who, key)
				case who == "office" && figs[i].N == 0:
					t.Errorf("office: %s is 0: the demo answers nothing in the window", key)
				default:
					mustAnswer(t, who+" "+key, b.get(figs[i].Href), http.StatusOK, `id="answered-window"`, "期间答复的")
				}
			}
			// A day that is no day is refused, naming the parameter and the value.
			mustAnswer(t, who+" a bad answered_from", b.get("/sharing?answered_from=2026-13-01"), http.StatusUnprocessableEntity,
				"查询参数 answered_from 的值“2026-13-01”不是日期")
			s.wantAPIError(s.api(http.MethodGet, "/api/v1/feedback?answered_to=2026-02-30", who, ""), 422, "invalid", "answered_to", "a bad answered_to")
			// The page's numbers are the API's, and link to the same lists.
			page := b.get("/overview")
			if who == "weijian" {
				page = b.get("/")
			}
			links := countRe.FindAllStringSubmatch(page.text(), -1)
			if len(links) < 10 {
				t.Fatalf("%s: %d numbers with links on the page", who, len(links))
			}
			for _, l := range links[:8] {
				href := html.UnescapeString(l[1])
				if n, _ := strconv.Atoi(l[2]); listTotal(t, b, href) != n {
					t.Errorf("%s: the page's %s says %d", who, href, n)
				}
			}
		}
	})
}

func TestDashboardPagesAndScope(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		office, leader, wj := s.login("office"), s.login("leader"), s.login("weijian")

		// The office's page: the cards, the six charts, the script and its data, in the nav.
		p := office.get("/overview")
		mustAnswer(t, "office overview", p, http.StatusOK, "治理总览", "范围：全区", `id="card-cloud"`, `id="card-findings"`,
			`id="chart-cloud"`, `id="chart-rooms"`, `id="chart-funnel"`, `id="chart-heat"`, `id="chart-spot"`, `id="chart-ranking"`,
			`<script type="application/json" id="dash-data">`, `/static/vendor/echarts-6.1.0.min.js`, `/static/dashboard.js`,
			`href="/overview/export.xlsx"`, `href="/overview"`, "ENV-R3", "年")
		mustAnswer(t, "the script", office.get("/static/dashboard.js"), http.StatusOK, `renderer: "svg"`)
		mustAnswer(t, "office home", office.get("/"), http.StatusOK, `id="home-dash"`, `id="card-cloud"`)

		// A leader: the units they lead, nothing of another unit; narrowing to one led works, to
		// one not led is hidden.
		var d app.Dashboard
		s.apiJSON(http.MethodGet, "/api/v1/dashboard", "leader", "", &d)
		led := map[int64]bool{}
		for _, code := range []string{"320507106", "320507119", "320507105", "320507107"} {
			led[s.unit(code).ID] = true
		}
		if d.District || len(d.Units) != len(led) {
			t.Errorf("leader's view: district %v, units %+v", d.District, d.Units)
		}
		for _, u := range d.Charts.Ranking {
			if !led[u.UnitID] {
				t.Errorf("leader's ranking has %s", u.UnitName)
			}
		}
		lp := leader.get("/overview")
		mustAnswer(t, "leader overview", lp, http.StatusOK, "区卫生健康委员会", "区教育局", `name="unit_id"`)
		mustNotContain(t, "leader overview", lp, "范围：全区", "苏相合作区")
		park := s.unit("320507201").ID
		mustStatus(t, "leader, a unit not led", leader.get(fmt.Sprintf("/overview?unit_id=%d", park)), http.StatusNotFound)
		s.wantAPIError(s.api(http.MethodGet, fmt.Sprintf("/api/v1/dashboard?unit_id=%d", park), "leader", ""), 404, "not_found", "", "leader, a unit not led")
		health := s.unit("320507119").ID
		var one app.Dashboard
		s.apiJSON(http.MethodGet, fmt.Sprintf("/api/v1/dashboard?unit_id=%d", health), "leader", "", &one)
		for _, f := range dashFigures(&one)[:6] {
			if n := listTotal(t, leader, f.Href); n != f.N {
				t.Errorf("leader narrowed to 卫健委: %s = %d, its list %s has 共%d条", f.Key, f.N, f.Href, n)
			}
		}
		s.wantAPIError(s.api(http.MethodGet, "/api/v1/dashboard?unit_id=x", "leader", ""), 422, "invalid", "unit_id", "a bad unit")

		// A unit user: its unit's dashboard with the charts beside its to-do list.
		h := wj.get("/")
		mustAnswer(t, "unit home", h, http.StatusOK, `class="home-grid"`, "本单位治理概况", `id="chart-heat"`, "范围：区卫生健康委员会")
		mustNotContain(t, "unit home", h, "区教育局")

		// No unit to read: refused.
		for _, who := range []string{"expert", "sysadmin"} {
			mustStatus(t, who+" overview", s.login(who).get("/overview"), http.StatusForbidden)
			s.wantAPIError(s.api(http.MethodGet, "/api/v1/dashboard", who, ""), 403, "forbidden", "", who)
			mustNotContain(t, who+" home", s.login(who).get("/"), `id="home-dash"`)
		}

		// The filters the figures use refuse what they do not know.
		s.wantAPIError(s.api(http.MethodGet, "/api/v1/plans?done_month=2026-13", "office", ""), 422, "invalid", "done_month", "a bad month")
		s.wantAPIError(s.api(http.MethodGet, "/api/v1/machine-rooms?closed_month=March", "office", ""), 422, "invalid", "closed_month", "a bad month")
	})
}

func TestDashboardExport(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		var d app.Dashboard
		s.apiJSON(http.MethodGet, "/api/v1/dashboard", "office", "", &d)
		for _, r := range []reply{s.login("office").get("/overview/export.xlsx"), s.api(http.MethodGet, "/api/v1/dashboard/export", "office", "")} {
			mustWorkbook(t, "overview export", r)
			f, err := excelize.OpenReader(bytes.NewReader(r.body))
			if err != nil {
				t.Fatal(err)
			}
			rows, err := f.GetRows("指标")
			if err != nil {
				t.Fatal(err)
			}
			cloud := ""
			for _, row := range rows {
				if len(row) > 2 && strings.HasPrefix(row[0], "政务云迁移") {
					cloud = row[2]
				}
			}
			if want := strconv.Itoa(d.Cards[0].Value.N); cloud != want {
				t.Errorf("the workbook's cloud figure %q, the overview's %s", cloud, want)
			}
			units, err := f.GetRows("单位排名")
			if err != nil || len(units) != len(d.Charts.Ranking)+1 {
				t.Errorf("the workbook ranks %d rows (%v), the overview %d units", len(units)-1, err, len(d.Charts.Ranking))
			}
			heat, err := f.GetRows("问题分布")
			if err != nil || len(heat) != len(d.Charts.Heat.Units)+1 {
				t.Errorf("the workbook's heat map has %d rows (%v), the overview %d units", len(heat)-1, err, len(d.Charts.Heat.Units))
			}
			f.Close()
		}
		s.wantAPIError(s.api(http.MethodGet, "/api/v1/dashboard/export", "expert", ""), 403, "forbidden", "", "expert export")
	})
}
