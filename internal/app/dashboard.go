package app

import (
	"context"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"time"

	"golang.org/x/sync/errgroup"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/store"
)

// The overview dashboards (总览, issue 12; ORG-3: governance results are what departments are
// assessed on). One entry point, Dashboard(actor, query), computes every card and chart in the
// viewer's read scope — the office the district, a leader in charge the units they lead, a
// unit's people their unit — from the registers' own records and dates with aggregated queries
// (store/dashboard.go). Every figure carries the link of the list it counts, with the filters
// that list reads, so the number on the card is the list's 共 N 条.

// DashboardQuery narrows the overview.
type DashboardQuery struct {
	// UnitID: only this unit (it must be in the viewer's scope, else 404). 0: the whole scope.
	UnitID int64 `json:"unit_id,omitempty"`
}

// Dashboard is the overview of the registers in one viewer's scope.
type Dashboard struct {
	Today    time.Time     `json:"today"`
	District bool          `json:"district"`          // the whole district (the office)
	UnitID   int64         `json:"unit_id,omitempty"` // narrowed to one unit
	Units    []DashUnitRef `json:"units"`             // the units in view when not the district
	Cards    []DashCard    `json:"cards"`
	Charts   DashCharts    `json:"charts"`
}

// DashUnitRef names a unit of the view.
type DashUnitRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// DashFigure is a count and the list it counts (its 共 N 条).
type DashFigure struct {
	Key  string `json:"key"`
	N    int    `json:"count"`
	Href string `json:"href,omitempty"`
}

// DashCard is a KPI card: its headline, what that is a share of, its other figures, and a trend
// from the records' own dates.
type DashCard struct {
	Key     string       `json:"key"`
	Clauses []string     `json:"clauses"`
	Value   DashFigure   `json:"value"`          // the headline count
	Of      *DashFigure  `json:"of,omitempty"`   // what the headline is a share of
	Rate    *float64     `json:"rate,omitempty"` // Value/Of, 0–1
	Days    *float64     `json:"days,omitempty"` // answer-time cards: the mean of the last 12 months, in days
	More    []DashFigure `json:"more,omitempty"`
	Trend   *DashTrend   `json:"trend,omitempty"`
}

// DashTrend compares a figure now with the one before: Key names the two periods.
type DashTrend struct {
	Key        string  `json:"key"`
	Now        float64 `json:"now"`
	Before     float64 `json:"before"`
	NowHref    string  `json:"now_href,omitempty"`
	BeforeHref string  `json:"before_href,omitempty"`
}

// DashCharts are the overview's charts.
type DashCharts struct {
	CloudTrend   []DashMonth     `json:"cloud_trend"`   // ENV-R2: migrations completed by month, and in all
	RoomBurndown []DashMonth     `json:"room_burndown"` // ENV-R3: rooms closed by month, and those left to close
	RoomDeadline time.Time       `json:"room_deadline"`
	Funnel       []DashFigure    `json:"funnel"`      // FLOW-2, FLOW-4: applications by status, then projects by stage
	Heat         DashHeat        `json:"heat"`        // open findings by clause × unit
	SpotChecks   []DashSpotStage `json:"spot_checks"` // FLOW-4: outcomes of published rounds' checks by stage
	Ranking      []*DashUnitFigs `json:"ranking"`     // per unit, most open findings first
}

// DashMonth is one month of a series: the month's count (its list) and the running figure.
type DashMonth struct {
	Month string `json:"month"` // 2026-03
	N     int    `json:"count"`
	Total int    `json:"total"` // migrated so far / rooms left to close at the month's end
	Href  string `json:"href"`
}

// DashHeat is a heat map: the clauses (x), the units (y), and the non-empty cells.
type DashHeat struct {
	Clauses []string      `json:"clauses"`
	Units   []DashUnitRef `json:"units"`
	Cells   []DashCell    `json:"cells"`
}

// DashCell is the count of a clause × unit cell of the heat map.
type DashCell struct {
	Clause string `json:"clause"`
	UnitID int64  `json:"unit_id"`
	X      int    `json:"x"`
	Y      int    `json:"y"`
	N      int    `json:"count"`
	Href   string `json:"href"`
}

// DashSpotStage is the outcomes of the checks of one stage.
type DashSpotStage struct {
	Stage    domain.ProjectStage `json:"stage"`
	Outcomes []DashFigure        `json:"outcomes"` // pending, passed, failed
}

// DashUnitFigs is one unit's row of the ranking: its figures and the lists they count.
type DashUnitFigs struct {
	store.DashUnit
	Hrefs map[string]string `json:"hrefs"` // by figure: systems, cloud, off_cloud, findings, rect_open, rect_overdue
}

// dashHeatUnits and dashRankUnits bound the heat map's rows and the ranking drawn (the export has
// every unit).
const (
	dashHeatUnits = 20
	dashMonths    = 24
)

// link is the list path with the filters, and the unit when the view is narrowed to one.
func (q DashboardQuery) link(path string, kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	if q.UnitID != 0 && v.Get("unit_id") == "" {
		v.Set("unit_id", strconv.FormatInt(q.UnitID, 10))
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// Dashboard is the overview in the actor's read scope. Who has no unit to read (an expert, a
// supervision unit, the bureaus, the administrators) is refused (403); a unit out of scope
// answers 404. It is computed once per state of the database and day, per scope and query
// (dashboard_cache.go).
func (s *Service) Dashboard(ctx context.Context, a domain.Actor, q DashboardQuery) (*Dashboard, error) {
	viewer := authz.ReadScope(a, authz.KindSystem)
	if !viewer.All && len(viewer.UnitIDs) == 0 {
		return nil, domain.Forbidden()
	}
	if q.UnitID != 0 && !viewer.Has(q.UnitID) {
		return nil, domain.Hidden()
	}
	today := s.Today()
	stamp, err := s.dashStampOf(ctx, today) // before the figures: they are at least as new
	if err != nil {
		return nil, err
	}
	d, err := s.dash.get(ctx, dashKeyOf(viewer, q), stamp, func() (*Dashboard, error) { return s.dashboard(ctx, viewer, q, today) })
	if err != nil {
		return nil, err
	}
	return d.clone(), nil
}

// dashboard computes the overview of the viewer's scope (authz.ReadScope of the systems)
// narrowed by q on the day today. Every figure depends on these, the database and nothing else
// (not the time of day): what the cache's key and stamp say.
func (s *Service) dashboard(ctx context.Context, viewer authz.Scope, q DashboardQuery, today time.Time) (*Dashboard, error) {
	sc := viewer
	if q.UnitID != 0 {
		sc = authz.Scope{UnitIDs: []int64{q.UnitID}}
	}
	r := s.db.Read()
	d := &Dashboard{Today: today, District: sc.All, UnitID: q.UnitID, Units: []DashUnitRef{}}
	d.Charts.Ranking = []*DashUnitFigs{}

	// The series over the last two years, from the records' dates; the rooms' burn-down from
	// the policy date the closing deadline counts from (ENV-R3), at most ten years.
	g, _, err := s.Governance(ctx)
	if err != nil {
		return nil, err
	}
	since := time.Date(today.Year(), today.Month()-dashMonths+1, 1, 0, 0, 0, 0, today.Location())
	roomMonths := max(dashMonths, min(120, (today.Year()-g.RoomPolicyDate.Year())*12+int(today.Month()-g.RoomPolicyDate.Month())+1))
	roomSince := time.Date(today.Year(), today.Month()-time.Month(roomMonths)+1, 1, 0, 0, 0, 0, today.Location())

	// The queries are independent of each other: they run at once (each on a connection of the
	// readers' pool), so the overview takes about its slowest query rather than their sum.
	var (
		units            []*store.DashUnit
		groups           []store.FindingGroup
		seriesKeys       = []string{"migrated", "rooms", "websites", "media", "catalog", "rect"}
		seriesOf         = []store.DashSeries{store.DashMigrated, store.DashRoomsClosed, store.DashWebsitesRegistered, store.DashMediaDone, store.DashCatalogPublished, store.DashRectIssued}
		monthly          = make([]store.DashMonthly, len(seriesKeys))
		published        = -1 // the published entries of the provider, when the view has one (below)
		projects         []store.DashProjectCount
		newFindings      int
		resolvedFindings int
		sharing          DashCard
		feedback         DashCard
		checks           []store.DashSpotCount
	)
	provider, oneProvider := q.UnitID, sc.All || len(sc.UnitIDs) == 1
	if oneProvider && !sc.All {
		provider = sc.UnitIDs[0]
	}
	var queries errgroup.Group
	run := queries.Go
	run(func() (err error) { units, err = r.DashUnits(ctx, sc, today); return })
	run(func() (err error) {
		groups, err = r.FindingGroups(ctx, sc, store.FindingFilter{Status: domain.FindingOpen})
		return
	})
	for i, x := range seriesOf {
		from := since
		if seriesKeys[i] == "rooms" {
			from = roomSince
		}
		run(func() (err error) { monthly[i], err = r.DashCounts(ctx, sc, x, from); return })
	}
	if oneProvider {
		run(func() (err error) {
			published, err = r.CountCatalog(ctx, viewer, store.CatalogFilter{Status: domain.CatPublished, UnitID: provider})
			return
		})
	}
	run(func() (err error) { projects, err = r.DashProjects(ctx, sc); return })
	run(func() (err error) {
		newFindings, resolvedFindings, err = r.DashFindingFlow(ctx, sc, today.AddDate(0, 0, -90))
		return
	})
	run(func() (err error) { sharing, err = s.dashAnswers(ctx, r, sc, q, viewer, true, today); return })
	run(func() (err error) { feedback, err = s.dashAnswers(ctx, r, sc, q, viewer, false, today); return })
	run(func() (err error) { checks, err = r.DashSpotChecks(ctx, sc); return })
	if err := queries.Wait(); err != nil {
		return nil, err
	}

	var t store.DashUnit // the totals
	byUnit := map[int64]*store.DashUnit{}
	for _, u := range units {
		byUnit[u.UnitID] = u
	}
	openFindings := 0
	for _, g := range groups {
		openFindings += g.N
		if g.UnitID == 0 {
			continue // the district's own (base libraries): the office's card, no unit's row
		}
		u := byUnit[g.UnitID]
		if u == nil {
			u = &store.DashUnit{UnitID: g.UnitID, UnitName: g.UnitName}
			byUnit[g.UnitID] = u
			units = append(units, u)
		}
		u.Findings += g.N
	}
	for _, u := range units {
		t.Systems += u.Systems
		t.Cloud += u.Cloud
		t.OffCloud += u.OffCloud
		t.Catalogued += u.Catalogued
		t.RoomsToClose += u.RoomsToClose
		t.RoomsClosed += u.RoomsClosed
		t.RoomsOverdue += u.RoomsOverdue
		t.Websites += u.Websites
		t.WebsitesRegistered += u.WebsitesRegistered
		t.WebsitesOverdue += u.WebsitesOverdue
		t.Media += u.Media
		t.MediaDone += u.MediaDone
		t.MediaUndecided += u.MediaUndecided
		t.RectOpen += u.RectOpen
		t.RectOverdue += u.RectOverdue
	}
	if !sc.All {
		for _, id := range sc.UnitIDs {
			name := ""
			if u := byUnit[id]; u != nil {
				name = u.UnitName
			} else if x, err := r.Unit(ctx, id); err == nil {
				name = x.Name
			}
			d.Units = append(d.Units, DashUnitRef{ID: id, Name: name})
		}
	}

	series := map[string]store.DashMonthly{}
	for i, key := range seriesKeys {
		series[key] = monthly[i]
	}
	yearNow, yearBefore := lastYears(series, today)

	rate := func(n, of int) *float64 {
		if of == 0 {
			return nil
		}
		x := float64(n) / float64(of)
		return &x
	}
	fig := func(key string, n int, href string) DashFigure { return DashFigure{Key: key, N: n, Href: href} }
	figp := func(key string, n int, href string) *DashFigure { f := fig(key, n, href); return &f }
	trend := func(key string) *DashTrend {
		return &DashTrend{Key: "last_12_months", Now: float64(yearNow[key]), Before: float64(yearBefore[key])}
	}

	// The cards.
	inScope := t.Cloud + t.OffCloud
	cloud := DashCard{Key: "cloud", Clauses: []string{"ENV-P1", "ENV-R2"},
		Value: fig("cloud", t.Cloud, q.link("/systems", "status", string(domain.StatusRunning), "hosting", string(domain.HostingCloud))),
		More:  []DashFigure{fig("off_cloud", t.OffCloud, q.link("/systems", "offcloud", "1"))},
		Rate:  rate(t.Cloud, inScope), Trend: trend("migrated")}
	cloud.Trend.Key = "migrated_12_months"
	rooms := DashCard{Key: "rooms", Clauses: []string{"ENV-P2", "ENV-R3"},
		Value: fig("rooms_closed", t.RoomsClosed, q.link("/machine-rooms", "kind", string(domain.RoomOther), "status", string(domain.RoomClosed))),
		Of:    figp("rooms_to_close", t.RoomsToClose, q.link("/machine-rooms", "kind", string(domain.RoomOther))),
		Rate:  rate(t.RoomsClosed, t.RoomsToClose),
		More:  []DashFigure{fig("rooms_overdue", t.RoomsOverdue, q.link("/machine-rooms", "overdue", "1"))},
		Trend: trend("rooms")}
	sites := DashCard{Key: "websites", Clauses: []string{"PTL-R3"},
		Value: fig("websites_registered", t.WebsitesRegistered, q.link("/websites", "status", string(domain.WebRegistered))),
		Of:    figp("websites", t.Websites, q.link("/websites")),
		Rate:  rate(t.WebsitesRegistered, t.Websites),
		More:  []DashFigure{fig("websites_overdue", t.WebsitesOverdue, q.link("/websites", "overdue", "1"))},
		Trend: trend("websites")}
	media := DashCard{Key: "media", Clauses: []string{"PTL-R4"},
		Value: fig("media_done", t.MediaDone, q.link("/new-media", "status", string(domain.MediaDone))),
		Of:    figp("media", t.Media, q.link("/new-media")),
		Rate:  rate(t.MediaDone, t.Media),
		More:  []DashFigure{fig("media_undecided", t.MediaUndecided, q.link("/new-media", "status", string(domain.MediaUndecided)))},
		Trend: trend("media")}
	catalog := DashCard{Key: "catalog", Clauses: []string{"SHR-P3", "SHR-R4"},
		Value: fig("catalogued", t.Catalogued, q.link("/systems", "status", string(domain.StatusRunning), "catalogued", "1")),
		Of:    figp("running", t.Systems, q.link("/systems", "status", string(domain.StatusRunning))),
		Rate:  rate(t.Catalogued, t.Systems),
		Trend: trend("catalog")}
	catalog.Trend.Key = "published_12_months"
	// Published entries are every reader's (SHR-P3): the list is narrowed to the provider by
	// unit_id, which names one unit, so a view of several units (a leader's) shows none here.
	if oneProvider {
		href := "/catalog?status=" + string(domain.CatPublished)
		if provider != 0 {
			href += "&unit_id=" + strconv.FormatInt(provider, 10)
		}
		catalog.More = []DashFigure{fig("catalog_published", published, href)}
	}

	// The latest declaration year with applications (units apply in one year for the next,
	// BLD-R1) against the year before.
	y := today.Year()
	if len(projects) > 0 {
		y = slices.MaxFunc(projects, func(a, b store.DashProjectCount) int { return a.Year - b.Year }).Year
	}
	var thisYear, lastYear, approvedThisYear int
	stages := map[domain.ProjectStage]int{}
	statuses := map[domain.ProjectStatus]int{}
	for _, p := range projects {
		switch p.Year {
		case y:
			thisYear += p.N
			if p.Status == domain.ProjApproved {
				approvedThisYear += p.N
			}
		case y - 1:
			lastYear += p.N
		}
		statuses[p.Status] += p.N
		if p.Stage != "" {
			stages[p.Stage] += p.N
		}
	}
	yr := func(y int) string { return strconv.Itoa(y) }
	proj := DashCard{Key: "projects", Clauses: []string{"FLOW-2", "FLOW-4"},
		Value: fig("projects_year", thisYear, q.link("/projects", "year", yr(y))),
		More:  []DashFigure{fig("projects_approved_year", approvedThisYear, q.link("/projects", "year", yr(y), "status", string(domain.ProjApproved)))},
		Trend: &DashTrend{Key: "year_on_year", Now: float64(thisYear), Before: float64(lastYear),
			NowHref: q.link("/projects", "year", yr(y)), BeforeHref: q.link("/projects", "year", yr(y-1))}}
	for _, st := range []domain.ProjectStage{domain.StageBidding, domain.StageDesign, domain.StageImplementation, domain.StageAcceptance} {
		proj.More = append(proj.More, fig("stage."+string(st), stages[st], q.link("/projects", "stage", string(st))))
	}

	findings := DashCard{Key: "findings", Clauses: []string{"ORG-3"},
		Value: fig("findings_open", openFindings, q.link("/findings", "status", string(domain.FindingOpen))),
		Trend: &DashTrend{Key: "new_vs_resolved_90_days", Now: float64(newFindings), Before: float64(resolvedFindings)}}
	rect := DashCard{Key: "rectifications", Clauses: []string{"FLOW-4"},
		Value: fig("rect_open", t.RectOpen, q.link("/rectifications", "open", "1")),
		More:  []DashFigure{fig("rect_overdue", t.RectOverdue, q.link("/rectifications", "overdue", "1"))},
		Trend: trend("rect")}
	rect.Trend.Key = "issued_12_months"

	d.Cards = []DashCard{cloud, rooms, sites, media, catalog, proj, findings, rect, sharing, feedback}

	// The charts.
	d.Charts.RoomDeadline = g.RoomDeadline()
	mig, closed := series["migrated"], series["rooms"]
	total, left := mig.Before, t.RoomsToClose-closed.Before
	for _, m := range monthsFrom(since, dashMonths) {
		total += mig.ByMonth[m]
		d.Charts.CloudTrend = append(d.Charts.CloudTrend, DashMonth{Month: m, N: mig.ByMonth[m], Total: total,
			Href: q.link("/plans", "kind", string(domain.PlanKindMigration), "status", string(domain.PlanMigrated), "done_month", m)})
	}
	for _, m := range monthsFrom(roomSince, roomMonths) {
		left -= closed.ByMonth[m]
		d.Charts.RoomBurndown = append(d.Charts.RoomBurndown, DashMonth{Month: m, N: closed.ByMonth[m], Total: left,
			Href: q.link("/machine-rooms", "kind", string(domain.RoomOther), "status", string(domain.RoomClosed), "closed_month", m)})
	}
	for _, st := range []domain.ProjectStatus{domain.ProjSubmitted, domain.ProjUnderReview} {
		d.Charts.Funnel = append(d.Charts.Funnel, fig("status."+string(st), statuses[st], q.link("/projects", "status", string(st))))
	}
	for _, st := range domain.ProjectStages {
		d.Charts.Funnel = append(d.Charts.Funnel, fig("stage."+string(st), stages[st], q.link("/projects", "stage", string(st))))
	}
	d.Charts.Heat = dashHeat(groups, q)

	for _, st := range domain.MaterialStages {
		row := DashSpotStage{Stage: st}
		for _, o := range domain.SpotCheckStatuses {
			n := 0
			for _, c := range checks {
				if c.Stage == st && c.Status == o {
					n += c.N
				}
			}
			row.Outcomes = append(row.Outcomes, fig(string(o), n, q.link("/spot-checks/checks", "stage", string(st), "status", string(o))))
		}
		d.Charts.SpotChecks = append(d.Charts.SpotChecks, row)
	}

	sort.SliceStable(units, func(i, j int) bool {
		a, b := units[i], units[j]
		if a.Findings != b.Findings {
			return a.Findings > b.Findings
		}
		if a.OffCloud != b.OffCloud {
			return a.OffCloud > b.OffCloud
		}
		return a.UnitID < b.UnitID
	})
	for _, u := range units {
		id := strconv.FormatInt(u.UnitID, 10)
		d.Charts.Ranking = append(d.Charts.Ranking, &DashUnitFigs{DashUnit: *u, Hrefs: map[string]string{
			"systems":      "/systems?" + url.Values{"unit_id": {id}, "status": {string(domain.StatusRunning)}}.Encode(),
			"cloud":        "/systems?" + url.Values{"unit_id": {id}, "status": {string(domain.StatusRunning)}, "hosting": {string(domain.HostingCloud)}}.Encode(),
			"off_cloud":    "/systems?" + url.Values{"unit_id": {id}, "offcloud": {"1"}}.Encode(),
			"findings":     "/findings?" + url.Values{"unit_id": {id}, "status": {string(domain.FindingOpen)}}.Encode(),
			"rect_open":    "/rectifications?" + url.Values{"unit_id": {id}, "open": {"1"}}.Encode(),
			"rect_overdue": "/rectifications?" + url.Values{"unit_id": {id}, "overdue": {"1"}}.Encode(),
		}})
	}
	return d, nil
}

// lastYears sums each series over the last 12 months (this month included) and the 12 before.
func lastYears(series map[string]store.DashMonthly, today time.Time) (now, before map[string]int) {
	now, before = map[string]int{}, map[string]int{}
	start := time.Date(today.Year(), today.Month()-dashMonths+1, 1, 0, 0, 0, 0, today.Location())
	for i, m := range monthsFrom(start, dashMonths) {
		for k, s := range series {
			if i >= dashMonths-12 {
				now[k] += s.ByMonth[m]
			} else {
				before[k] += s.ByMonth[m]
			}
		}
	}
	return now, before
}

// monthsFrom lists n months from the month of start ("2026-03").
func monthsFrom(start time.Time, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = time.Date(start.Year(), start.Month()+time.Month(i), 1, 0, 0, 0, 0, time.UTC).Format("2006-01")
	}
	return out
}

// dashAnswers is the answer-time card of sharing requests or data-correction feedback: the
// providers' mean time to answer over the 12 months ending with today (from the district's
// midnight a year before tomorrow's) against the 12 before, and the answers owed past their
// deadline today. Whole days, so the figures change with the answers and the date, not the
// time of day (the cache's stamp).
func (s *Service) dashAnswers(ctx context.Context, r store.Reader, sc authz.Scope, q DashboardQuery, viewer authz.Scope, sharing bool,
	today time.Time) (DashCard, error) {
	end := time.Date(today.Year(), today.Month(), today.Day()+1, 0, 0, 0, 0, i18n.Zone) // what was answered today too
	year := end.AddDate(-1, 0, 0)
	cur, err := r.DashAnswerTimes(ctx, sc, sharing, year, end)
	if err != nil {
		return DashCard{}, err
	}
	prev, err := r.DashAnswerTimes(ctx, sc, sharing, year.AddDate(-1, 0, 0), year)
	if err != nil {
		return DashCard{}, err
	}
	c := DashCard{Trend: &DashTrend{Key: "mean_days_12_months", Now: cur.MeanDays, Before: prev.MeanDays}}
	if cur.N > 0 {
		days := cur.MeanDays
		c.Days = &days
	}
	// The lists the figures count: the answers of the window by the providers in scope (the
	// whole district; the unit narrowed to; else the viewer's units as providers, which sc is)
	// and the answers owed past their deadline.
	answered := url.Values{"answered_from": {year.Format(time.DateOnly)}, "answered_to": {end.AddDate(0, 0, -1).Format(time.DateOnly)}}
	owed := url.Values{"overdue": {"1"}}
	if q.UnitID != 0 {
		unit := strconv.FormatInt(q.UnitID, 10)
		answered.Set("provider_unit_id", unit)
		owed.Set("provider_unit_id", unit)
	}
	var overdue int
	var path string
	if sharing {
		c.Key, c.Clauses, path = "sharing", []string{"SHR-P1"}, "/sharing?"
		if !sc.All && q.UnitID == 0 {
			answered.Set("tab", "answer")
		}
		f := store.SharingFilter{OverdueOn: today}
		if q.UnitID != 0 { // owed by the unit
			f.ProviderIn = []int64{q.UnitID}
		}
		if overdue, err = r.CountSharingRequests(ctx, viewer, f); err != nil {
			return c, err
		}
	} else {
		c.Key, c.Clauses, path = "feedback", []string{"SHR-R6"}, "/feedback?"
		if !sc.All && q.UnitID == 0 {
			answered.Set("box", "provided")
		}
		f := store.FeedbackFilter{OverdueOn: today, ProviderUnitID: q.UnitID}
		if overdue, err = r.CountFeedback(ctx, viewer, f); err != nil {
			return c, err
		}
	}
	c.Value = DashFigure{Key: c.Key + "_answered", N: cur.N, Href: path + answered.Encode()}
	href := path + owed.Encode()
	c.More = []DashFigure{{Key: c.Key + "_overdue", N: overdue, Href: href}}
	return c, nil
}

// dashHeat lays the open findings out by clause × unit: the units with the most first (at most
// dashHeatUnits), the clauses by count.
func dashHeat(groups []store.FindingGroup, q DashboardQuery) DashHeat {
	type key struct {
		clause string
		unit   int64
	}
	cells, clauses, units, names := map[key]int{}, map[string]int{}, map[int64]int{}, map[int64]string{}
	for _, g := range groups {
		if g.UnitID == 0 {
			continue
		}
		units[g.UnitID] += g.N
		names[g.UnitID] = g.UnitName
		for _, c := range g.Clauses {
			cells[key{c, g.UnitID}] += g.N
		}
	}
	ids := make([]int64, 0, len(units))
	for id := range units {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int64) int {
		if units[a] != units[b] {
			return units[b] - units[a]
		}
		return int(a - b)
	})
	ids = ids[:min(len(ids), dashHeatUnits)]
	for k, n := range cells {
		if slices.Contains(ids, k.unit) {
			clauses[k.clause] += n
		}
	}
	h := DashHeat{Clauses: []string{}, Units: []DashUnitRef{}, Cells: []DashCell{}}
	for c := range clauses {
		h.Clauses = append(h.Clauses, c)
	}
	slices.SortFunc(h.Clauses, func(a, b string) int {
		if clauses[a] != clauses[b] {
			return clauses[b] - clauses[a]
		}
		if a < b {
			return -1
		}
		return 1
	})
	for y, id := range ids {
		h.Units = append(h.Units, DashUnitRef{ID: id, Name: names[id]})
		for x, c := range h.Clauses {
			if n := cells[key{c, id}]; n > 0 {
				h.Cells = append(h.Cells, DashCell{Clause: c, UnitID: id, X: x, Y: y, N: n,
					Href: "/findings?" + url.Values{"status": {string(domain.FindingOpen)}, "clause": {c}, "unit_id": {strconv.FormatInt(id, 10)}}.Encode()})
			}
		}
	}
	_ = q
	return h
}

// PublishedCheckFilter narrows the checks of published rounds (store.PublishedCheckFilter).
type PublishedCheckFilter = store.PublishedCheckFilter

// PublishedSpotChecks lists the checks of published rounds (一公开, FLOW-4) of the units whose
// registers the actor reads, newest first: the list the overview's spot-check outcomes count.
func (s *Service) PublishedSpotChecks(ctx context.Context, a domain.Actor, f PublishedCheckFilter) (Page[*domain.SpotCheck], error) {
	n := f.Limit
	f.Limit = plusOne(n)
	xs, err := s.db.Read().PublishedChecks(ctx, authz.ReadScope(a, authz.KindSystem), f)
	if err != nil {
		return Page[*domain.SpotCheck]{}, err
	}
	return paginate(xs, n, func(x *domain.SpotCheck) int64 { return x.ID }), nil
}

// CountPublishedSpotChecks counts what PublishedSpotChecks lists.
func (s *Service) CountPublishedSpotChecks(ctx context.Context, a domain.Actor, f PublishedCheckFilter) (int, error) {
	return s.db.Read().CountPublishedChecks(ctx, authz.ReadScope(a, authz.KindSystem), f)
}
