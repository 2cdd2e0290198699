package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// The overview dashboards (总览, issue 12, ORG-3): the office's and the leaders' page /overview,
// the unit's panel on the home page, the export, and the list of published spot checks the
// spot-check chart drills into. The figures are app.Service.Dashboard's; this file only lays
// them out. The charts are drawn by static/dashboard.js (ECharts, SVG renderer, so that they
// print) from the figures embedded as JSON.

func (s *Server) dashboardRoutes() {
	s.handle("GET /overview", s.ui(s.overviewPage))
	s.handle("GET /overview/export.xlsx", s.ui(s.overviewExport))
	s.handle("GET /spot-checks/checks", s.ui(s.publishedChecksPage))
}

// month is the filter name, a month "2026-03", or "" (the overview's drill-down into a month of
// a series).
func (f *filters) month(name string) string {
	v := f.text(name)
	if v == "" {
		return ""
	}
	if t, err := time.Parse("2006-01", v); err != nil || t.Format("2006-01") != v {
		f.keep(domain.Invalid(name, "err.query_month", name, v))
		return ""
	}
	return v
}

// qMonth documents a month filter.
func qMonth(name, doc string) param {
	return param{name: name, doc: doc, schema: obj{"type": "string", "pattern": `^\d{4}-\d{2}$`}}
}

// dashboardQuery reads the overview's narrowing: unit_id.
func dashboardQuery(r *http.Request) (app.DashboardQuery, error) {
	q := filtersOf(r)
	d := app.DashboardQuery{UnitID: q.num("unit_id")}
	return d, q.err
}

// dashView is the overview as the templates show it: the cards with their labels, the figures
// for the charts' script, and the labels it needs.
type dashView struct {
	D      *app.Dashboard
	Cards  []dashCardView
	Charts dashChartData // JSON for static/dashboard.js
	Rank   []*app.DashUnitFigs
	More   int // units ranked beyond those shown
	Export string
	Scope  string
}

type dashCardView struct {
	Key, Title string
	Clauses    string
	Value      dashFig
	Days       string // the answer-time cards' headline
	Of         *dashFig
	Rate       string
	More       []dashFig
	Trend      string
	TrendNow   dashFig // the project card's two years, each a link
	TrendPrev  dashFig
}

type dashFig struct {
	Label string
	N     int
	Href  string
}

type dashChartData struct {
	Charts app.DashCharts    `json:"charts"`
	Labels map[string]string `json:"labels"`
}

// dashLabel names a figure of the dashboard in the language.
func dashLabel(lang i18n.Lang, key string) string {
	switch {
	case strings.HasPrefix(key, "status."):
		return i18n.T(lang, "projstatus."+strings.TrimPrefix(key, "status."))
	case strings.HasPrefix(key, "stage."):
		return i18n.T(lang, key)
	}
	for _, st := range domain.SpotCheckStatuses {
		if key == string(st) {
			return i18n.T(lang, "checkstatus."+key)
		}
	}
	return i18n.T(lang, "dash.fig."+key)
}

// number formats a mean to one decimal place.
func number(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// percent formats a share.
func percent(x float64) string { return strconv.FormatFloat(x*100, 'f', 1, 64) + "%" }

// dashboardView lays out the actor's overview.
func (s *Server) dashboardView(r *http.Request, rq *request, q app.DashboardQuery) (*dashView, error) {
	d, err := s.svc.Dashboard(r.Context(), rq.auth.Actor, q)
	if err != nil {
		return nil, err
	}
	lang := rq.lang
	fig := func(f app.DashFigure) dashFig { return dashFig{Label: dashLabel(lang, f.Key), N: f.N, Href: f.Href} }
	v := &dashView{D: d, Export: "/overview/export.xlsx"}
	if q.UnitID != 0 {
		v.Export += "?unit_id=" + strconv.FormatInt(q.UnitID, 10)
	}
	v.Scope = i18n.T(lang, "dash.scope_district")
	if !d.District {
		names := make([]string, len(d.Units))
		for i, u := range d.Units {
			names[i] = u.Name
		}
		v.Scope = i18n.T(lang, "dash.scope_units", strings.Join(names, i18n.T(lang, "ui.list_sep")))
	}
	for _, c := range d.Cards {
		cv := dashCardView{Key: c.Key, Title: i18n.T(lang, "dash.card."+c.Key), Clauses: strings.Join(c.Clauses, " · "), Value: fig(c.Value)}
		if c.Of != nil {
			of := fig(*c.Of)
			cv.Of = &of
		}
		if c.Rate != nil {
			cv.Rate = i18n.T(lang, "dash.rate", percent(*c.Rate))
		}
		if c.Key == "sharing" || c.Key == "feedback" {
			cv.Days = i18n.T(lang, "dash.none")
			if c.Days != nil {
				cv.Days = i18n.T(lang, "dash.days", number(*c.Days))
			}
		}
		for _, m := range c.More {
			cv.More = append(cv.More, fig(m))
		}
		if t := c.Trend; t != nil {
			switch t.Key {
			case "year_on_year":
				y := d.Today.Year()
				if strings.HasPrefix(t.NowHref, "/projects?year=") {
					y, _ = strconv.Atoi(strings.TrimPrefix(t.NowHref, "/projects?year="))
				}
				cv.TrendNow = dashFig{Label: i18n.T(lang, "dash.trend.year_now", y, int(t.Now)), Href: t.NowHref}
				cv.TrendPrev = dashFig{Label: i18n.T(lang, "dash.trend.year_before", y-1, int(t.Before)), Href: t.BeforeHref}
			case "mean_days_12_months":
				cv.Trend = i18n.T(lang, "dash.trend."+t.Key, number(t.Now), number(t.Before))
			default:
				cv.Trend = i18n.T(lang, "dash.trend."+t.Key, int(t.Now), int(t.Before))
			}
		}
		v.Cards = append(v.Cards, cv)
	}
	v.Rank = d.Charts.Ranking
	if len(v.Rank) > dashRankShown {
		v.More, v.Rank = len(v.Rank)-dashRankShown, v.Rank[:dashRankShown]
	}
	v.Charts = dashChartData{Charts: d.Charts, Labels: map[string]string{}}
	v.Charts.Charts.Ranking = v.Rank
	labels := v.Charts.Labels
	for _, k := range []string{"dash.series.migrated", "dash.series.migrated_total", "dash.series.rooms_closed", "dash.series.rooms_left",
		"dash.series.deadline", "dash.rank.findings", "dash.rank.off_cloud", "dash.rank.rect_open", "dash.no_findings"} {
		labels[k] = i18n.T(lang, k)
	}
	for _, f := range d.Charts.Funnel {
		labels[f.Key] = dashLabel(lang, f.Key)
	}
	for _, st := range domain.MaterialStages {
		labels["stage."+string(st)] = i18n.T(lang, "stage."+string(st))
	}
	for _, o := range domain.SpotCheckStatuses {
		labels[string(o)] = dashLabel(lang, string(o))
	}
	return v, nil
}

// dashRankShown is how many units the page's ranking shows (the export has them all).
const dashRankShown = 20

type overviewView struct {
	Page
	Dash    *dashView
	UnitID  int64
	Choices []app.DashUnitRef // the units the viewer may narrow to (leaders: those they lead)
}

func (s *Server) overviewPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	q, err := dashboardQuery(r)
	if err != nil {
		return err
	}
	title := i18n.T(rq.lang, "dash.title")
	v := overviewView{Page: s.page(r, title, crumb{"", title}), UnitID: q.UnitID}
	if v.Dash, err = s.dashboardView(r, rq, q); err != nil {
		return err
	}
	// The units to narrow to: those of the view, or when narrowed those of the whole view (the
	// district's has none to list: its page takes a unit from the ranking).
	if q.UnitID == 0 {
		if !v.Dash.D.District {
			v.Choices = v.Dash.D.Units
		}
	} else if whole, err := s.svc.Dashboard(r.Context(), rq.auth.Actor, app.DashboardQuery{}); err == nil && !whole.District {
		v.Choices = whole.Units
	}
	s.render(w, r, http.StatusOK, "overview", v)
	return nil
}

// homeDashboard is the home page's overview: a unit's people see their unit's, the office and
// the leaders the cards of theirs; nil for who has no unit to read.
func (s *Server) homeDashboard(r *http.Request, rq *request) *dashView {
	v, err := s.dashboardView(r, rq, app.DashboardQuery{})
	if err != nil {
		if domain.ErrorCode(err) != domain.EForbidden { // forbidden: no unit to read, no panel
			s.log.Error("home page overview", "err", err, "request_id", reqOf(r).id) // the to-dos still show
		}
		return nil
	}
	return v
}

// overviewExport writes the overview as a workbook: the cards' figures, every unit's row, the
// findings by clause and unit, the series, the stages and the spot checks.
func (s *Server) overviewExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	q, err := dashboardQuery(r)
	if err != nil {
		return err
	}
	v, err := s.dashboardView(r, rq, q)
	if err != nil {
		return err
	}
	b, err := dashboardBook(rq.lang, v)
	if err != nil {
		return err
	}
	xlsxHeaders(w, "overview-"+s.svc.Now().In(i18n.Zone).Format("20060102-150405")+".xlsx")
	w.Header().Set("Content-Length", strconv.Itoa(b.Len()))
	w.Write(b.Bytes())
	return nil
}

// dashboardBook is the overview's workbook.
func dashboardBook(lang i18n.Lang, v *dashView) (*bytes.Buffer, error) {
	T := func(k string, args ...any) string { return i18n.T(lang, k, args...) }
	f := excelize.NewFile()
	defer f.Close()
	d := v.D
	type sheet struct {
		name string
		rows [][]any
	}
	cards := sheet{name: T("dash.xlsx.cards"), rows: [][]any{
		{T("dash.xlsx.scope"), v.Scope}, {T("dash.xlsx.as_of"), i18n.Date(lang, d.Today)}, {},
		{T("dash.xlsx.card"), T("dash.xlsx.figure"), T("dash.xlsx.count"), T("dash.xlsx.rate"), T("dash.xlsx.trend"), T("dash.xlsx.link")}}}
	for _, c := range v.Cards {
		head := []any{c.Title + "（" + c.Clauses + "）", c.Value.Label, c.Value.N, c.Rate, c.Trend + c.TrendNow.Label + " " + c.TrendPrev.Label, c.Value.Href}
		if c.Days != "" {
			head[3] = c.Days
		}
		cards.rows = append(cards.rows, head)
		if c.Of != nil {
			cards.rows = append(cards.rows, []any{"", c.Of.Label, c.Of.N, "", "", c.Of.Href})
		}
		for _, m := range c.More {
			cards.rows = append(cards.rows, []any{"", m.Label, m.N, "", "", m.Href})
		}
	}
	rank := sheet{name: T("dash.xlsx.ranking"), rows: [][]any{{T("dash.rank.unit"), T("dash.rank.systems"), T("dash.rank.cloud"),
		T("dash.rank.off_cloud"), T("dash.rank.findings"), T("dash.rank.rect_open"), T("dash.rank.rect_overdue"),
		T("dash.fig.rooms_to_close"), T("dash.fig.rooms_closed"), T("dash.fig.websites"), T("dash.fig.websites_registered"),
		T("dash.fig.catalogued")}}}
	for _, u := range d.Charts.Ranking {
		rank.rows = append(rank.rows, []any{u.UnitName, u.Systems, u.Cloud, u.OffCloud, u.Findings, u.RectOpen, u.RectOverdue,
			u.RoomsToClose, u.RoomsClosed, u.Websites, u.WebsitesRegistered, u.Catalogued})
	}
	heat := sheet{name: T("dash.xlsx.heat"), rows: [][]any{{T("dash.rank.unit")}}}
	for _, c := range d.Charts.Heat.Clauses {
		heat.rows[0] = append(heat.rows[0], c)
	}
	for y, u := range d.Charts.Heat.Units {
		row := make([]any, len(d.Charts.Heat.Clauses)+1)
		row[0] = u.Name
		for _, c := range d.Charts.Heat.Cells {
			if c.Y == y {
				row[c.X+1] = c.N
			}
		}
		heat.rows = append(heat.rows, row)
	}
	series := sheet{name: T("dash.chart.cloud"), rows: [][]any{{T("dash.xlsx.month"), T("dash.series.migrated"), T("dash.series.migrated_total")}}}
	for _, m := range d.Charts.CloudTrend {
		series.rows = append(series.rows, []any{m.Month, m.N, m.Total})
	}
	rooms := sheet{name: T("dash.chart.rooms"), rows: [][]any{{T("dash.xlsx.month"), T("dash.series.rooms_closed"), T("dash.series.rooms_left")}}}
	for _, m := range d.Charts.RoomBurndown {
		rooms.rows = append(rooms.rows, []any{m.Month, m.N, m.Total})
	}
	funnel := sheet{name: T("dash.xlsx.funnel"), rows: [][]any{{T("dash.xlsx.stage"), T("dash.xlsx.count"), T("dash.xlsx.link")}}}
	for _, x := range d.Charts.Funnel {
		funnel.rows = append(funnel.rows, []any{dashLabel(lang, x.Key), x.N, x.Href})
	}
	spot := sheet{name: T("dash.xlsx.spot"), rows: [][]any{{T("dash.xlsx.stage"), T("dash.xlsx.outcome"), T("dash.xlsx.count"), T("dash.xlsx.link")}}}
	for _, st := range d.Charts.SpotChecks {
		for _, o := range st.Outcomes {
			spot.rows = append(spot.rows, []any{T("stage." + string(st.Stage)), dashLabel(lang, o.Key), o.N, o.Href})
		}
	}
	for i, sh := range []sheet{cards, rank, heat, series, rooms, funnel, spot} {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			return nil, err
		}
		for j, row := range sh.rows {
			cell, _ := excelize.CoordinatesToCellName(1, j+1)
			if err := f.SetSheetRow(sh.name, cell, &row); err != nil {
				return nil, err
			}
		}
		if err := f.SetColWidth(sh.name, "A", "A", 28); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return &b, nil
}

// The list of the checks of published rounds (the spot-check chart's drill-down).

type publishedChecksView struct {
	listBase
	Checks   []*domain.SpotCheck
	Stages   []domain.ProjectStage
	Statuses []domain.SpotCheckStatus
}

// publishedCheckList reads the list's filters (page and API alike).
func publishedCheckList(r *http.Request) (app.PublishedCheckFilter, error) {
	q := filtersOf(r)
	f := app.PublishedCheckFilter{Stage: oneOf(q, "stage", domain.MaterialStages), Status: oneOf(q, "status", domain.SpotCheckStatuses),
		UnitID: q.num("unit_id"), After: q.cursor()}
	return f, q.err
}

func (s *Server) publishedChecksPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "dash.checks.title", authz.KindSystem, nil, "stage", "status", "unit_id")
	if err != nil {
		return err
	}
	base.Crumbs = append(base.Crumbs[:1], crumb{"/spot-checks", i18n.T(rq.lang, "nav.spotchecks")}, crumb{"", base.Title})
	base.CanCreate = false
	v := publishedChecksView{listBase: base, Stages: domain.MaterialStages, Statuses: domain.SpotCheckStatuses}
	v.Checks, v.Pager, err = listFrom(s, r, publishedCheckList, (*app.Service).PublishedSpotChecks, (*app.Service).CountPublishedSpotChecks)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "spotcheck_results", v)
	return nil
}
