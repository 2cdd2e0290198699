package app_test

// The overview dashboards (issue 12, ORG-3) on the demo district: the figures equal what the
// registers' own counts give in the viewer's scope; a leader sees exactly the units they lead, a
// unit's people their unit; a unit out of scope is hidden (404) and a login without units is
// refused (403).

import (
	"slices"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// dashCard is the card of key.
func dashCard(t *testing.T, d *app.Dashboard, key string) app.DashCard {
	t.Helper()
	for _, c := range d.Cards {
		if c.Key == key {
			return c
		}
	}
	t.Fatalf("no card %s", key)
	return app.DashCard{}
}

func TestDashboardFigures(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		for _, who := range []string{"office", "leader", "weijian"} {
			a := e.actor(who)
			d, err := e.svc.Dashboard(e.ctx, a, app.DashboardQuery{})
			if err != nil {
				t.Fatalf("%s: %v", who, err)
			}
			count := func(what string, got int, want func() (int, error)) {
				t.Helper()
				n, err := want()
				if err != nil {
					t.Fatal(err)
				}
				if got != n {
					t.Errorf("%s: %s = %d, the register counts %d", who, what, got, n)
				}
			}
			sys := func(f store.SystemFilter) func() (int, error) {
				return func() (int, error) { return e.svc.CountSystems(e.ctx, a, f) }
			}
			cloud := dashCard(t, d, "cloud")
			count("cloud (ENV-P1)", cloud.Value.N, sys(store.SystemFilter{Status: domain.StatusRunning, Hosting: domain.HostingCloud}))
			count("off cloud (ENV-P1)", cloud.More[0].N, sys(store.SystemFilter{OffCloud: true}))
			cat := dashCard(t, d, "catalog")
			count("catalogued (SHR-P3)", cat.Value.N, sys(store.SystemFilter{Status: domain.StatusRunning, Catalogued: true}))
			count("running", cat.Of.N, sys(store.SystemFilter{Status: domain.StatusRunning}))
			rect := dashCard(t, d, "rectifications")
			count("open notices (FLOW-4)", rect.Value.N, func() (int, error) {
				return e.svc.CountRectifications(e.ctx, a, app.RectificationFilter{Open: true})
			})
			count("overdue notices (FLOW-4)", rect.More[0].N, func() (int, error) {
				return e.svc.CountRectifications(e.ctx, a, app.RectificationFilter{OverdueOn: e.svc.Today()})
			})
			count("open findings", dashCard(t, d, "findings").Value.N, func() (int, error) {
				return e.svc.CountFindings(e.ctx, a, app.FindingFilter{Status: domain.FindingOpen})
			})
			sites := dashCard(t, d, "websites")
			count("websites (PTL-R3)", sites.Of.N, func() (int, error) { return e.svc.CountWebsites(e.ctx, a, store.WebsiteFilter{}) })
			count("registered websites", sites.Value.N, func() (int, error) {
				return e.svc.CountWebsites(e.ctx, a, store.WebsiteFilter{Status: domain.WebRegistered})
			})
			count("new media done (PTL-R4)", dashCard(t, d, "media").Value.N, func() (int, error) {
				return e.svc.CountMediaAccounts(e.ctx, a, store.MediaFilter{Status: domain.MediaDone})
			})
			for _, f := range d.Charts.Funnel {
				var pf store.ProjectFilter
				if st, ok := cutPrefix(f.Key, "stage."); ok {
					pf.Stage = domain.ProjectStage(st)
				} else if st, ok := cutPrefix(f.Key, "status."); ok {
					pf.Status = domain.ProjectStatus(st)
				}
				count("funnel "+f.Key, f.N, func() (int, error) { return e.svc.CountProjects(e.ctx, a, pf) })
			}
			// The heat map's cells and the ranking's findings are the same open findings.
			perUnit := map[int64]int{}
			for _, c := range d.Charts.Heat.Cells {
				if c.Y >= len(d.Charts.Heat.Units) || d.Charts.Heat.Units[c.Y].ID != c.UnitID || d.Charts.Heat.Clauses[c.X] != c.Clause {
					t.Errorf("%s: heat cell %+v is not at its unit and clause", who, c)
				}
				count("heat "+c.Clause, c.N, func() (int, error) {
					return e.svc.CountFindings(e.ctx, a, app.FindingFilter{Status: domain.FindingOpen, Clause: c.Clause, UnitID: c.UnitID})
				})
				perUnit[c.UnitID] += c.N
			}
			for _, u := range d.Charts.Ranking {
				count("ranking findings", u.Findings, func() (int, error) {
					return e.svc.CountFindings(e.ctx, a, app.FindingFilter{Status: domain.FindingOpen, UnitID: u.UnitID})
				})
				count("ranking off cloud", u.OffCloud, sys(store.SystemFilter{OffCloud: true, UnitID: u.UnitID}))
			}
			if len(d.Charts.CloudTrend) != 24 || len(d.Charts.RoomBurndown) < 24 {
				t.Errorf("%s: %d and %d months, want 24 and at least 24", who, len(d.Charts.CloudTrend), len(d.Charts.RoomBurndown))
			}
			last := d.Charts.RoomBurndown[len(d.Charts.RoomBurndown)-1]
			if rooms := dashCard(t, d, "rooms"); last.Total != rooms.Of.N-rooms.Value.N {
				t.Errorf("%s: burn-down ends at %d rooms left, the card says %d of %d closed", who, last.Total, rooms.Value.N, rooms.Of.N)
			}
			for _, st := range d.Charts.SpotChecks {
				for _, o := range st.Outcomes {
					count("spot checks "+string(st.Stage)+" "+o.Key, o.N, func() (int, error) {
						return e.svc.CountPublishedSpotChecks(e.ctx, a, app.PublishedCheckFilter{Stage: st.Stage, Status: domain.SpotCheckStatus(o.Key)})
					})
				}
			}
		}

		// The district sees more than a leader, who sees more than one unit.
		office, _ := e.svc.Dashboard(e.ctx, e.actor("office"), app.DashboardQuery{})
		leader, _ := e.svc.Dashboard(e.ctx, e.actor("leader"), app.DashboardQuery{})
		unit, _ := e.svc.Dashboard(e.ctx, e.actor("weijian"), app.DashboardQuery{})
		if !office.District || leader.District || unit.District {
			t.Errorf("district views: office %v, leader %v, unit %v", office.District, leader.District, unit.District)
		}
		if o, l, u := dashCard(t, office, "findings").Value.N, dashCard(t, leader, "findings").Value.N, dashCard(t, unit, "findings").Value.N; !(o > l && l > u && u > 0) {
			t.Errorf("open findings: office %d, leader %d, unit %d; want office > leader > unit > 0", o, l, u)
		}
	})
}

// TestDashboardScope: a leader sees the units they lead and no other; a unit's people their own
// unit; narrowing to a unit out of scope is hidden; a login with no unit to read is refused.
func TestDashboardScope(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		led := []int64{}
		for _, code := range []string{"320507106", "320507119", "320507105", "320507107"} {
			led = append(led, e.unit(code).ID)
		}
		d, err := e.svc.Dashboard(e.ctx, e.actor("leader"), app.DashboardQuery{})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, u := range d.Units {
			ids = append(ids, u.ID)
		}
		if slices.Sort(ids); !slices.Equal(ids, sorted(led)) {
			t.Errorf("leader's units %v, want %v", ids, sorted(led))
		}
		for _, u := range d.Charts.Ranking {
			if !slices.Contains(led, u.UnitID) {
				t.Errorf("leader's ranking shows unit %d (%s), which they do not lead", u.UnitID, u.UnitName)
			}
		}
		for _, u := range d.Charts.Heat.Units {
			if !slices.Contains(led, u.ID) {
				t.Errorf("leader's heat map shows unit %d (%s)", u.ID, u.Name)
			}
		}
		park := e.unit("320507201").ID // 园区: not led by the leader
		if _, err := e.svc.Dashboard(e.ctx, e.actor("leader"), app.DashboardQuery{UnitID: park}); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("leader narrowing to a unit not led: %v, want not found", err)
		}
		health := e.unit("320507119").ID
		one, err := e.svc.Dashboard(e.ctx, e.actor("leader"), app.DashboardQuery{UnitID: health})
		if err != nil {
			t.Fatal(err)
		}
		own, err := e.svc.Dashboard(e.ctx, e.actor("weijian"), app.DashboardQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if len(own.Units) != 1 || own.Units[0].ID != health {
			t.Errorf("unit user's units %+v, want only 卫健委", own.Units)
		}
		for _, u := range own.Charts.Ranking {
			if u.UnitID != health {
				t.Errorf("unit user's ranking shows unit %d", u.UnitID)
			}
		}
		// The leader narrowed to 卫健委 sees what 卫健委's own people see.
		for _, k := range []string{"cloud", "rooms", "websites", "findings", "rectifications"} {
			if a, b := dashCard(t, one, k).Value.N, dashCard(t, own, k).Value.N; a != b {
				t.Errorf("%s: leader narrowed to 卫健委 %d, 卫健委 itself %d", k, a, b)
			}
		}
		if _, err := e.svc.Dashboard(e.ctx, e.actor("weijian"), app.DashboardQuery{UnitID: park}); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("unit user asking for another unit: %v, want not found", err)
		}
		for _, who := range []string{"expert", "sysadmin", "finance"} {
			if _, err := e.svc.Dashboard(e.ctx, e.actor(who), app.DashboardQuery{}); domain.ErrorCode(err) != domain.EForbidden {
				t.Errorf("%s: %v, want forbidden", who, err)
			}
		}
	})
}

func sorted(xs []int64) []int64 {
	out := slices.Clone(xs)
	slices.Sort(out)
	return out
}

func cutPrefix(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && s[:len(prefix)] == prefix {
		return s[len(prefix):], true
	}
	return "", false
}
