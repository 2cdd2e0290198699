package app_test

// The overviews' cache (dashboard_cache.go): what a viewer is served is always what computing
// the overview now gives — after a change through a use case at once, after a change of the
// rules at once, on the next day — and never another scope's overview.

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// dashCheck compares what the service (with its cache) serves with what a service that keeps
// nothing computes over the same database, and returns the served overview.
type dashCheck struct {
	e    *env
	cold *app.Service
}

func newDashCheck(e *env) dashCheck {
	return dashCheck{e: e, cold: app.New(e.db, app.Options{KDF: testKDF, DashboardCache: -1})}
}

func (c dashCheck) same(t *testing.T, who string, q app.DashboardQuery) *app.Dashboard {
	t.Helper()
	a := c.e.actor(who)
	got, err := c.e.svc.Dashboard(c.e.ctx, a, q)
	if err != nil {
		t.Fatalf("%s %+v: %v", who, q, err)
	}
	want, err := c.cold.Dashboard(c.e.ctx, a, q)
	if err != nil {
		t.Fatalf("%s %+v, computed: %v", who, q, err)
	}
	if g, w := dashJSON(t, got), dashJSON(t, want); g != w {
		t.Fatalf("%s %+v: served\n%.2000s\nbut the overview computed now is\n%.2000s", who, q, g, w)
	}
	return got
}

func dashJSON(t *testing.T, d *app.Dashboard) string {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// dashFigures is the headline figures of d by card, for telling two overviews apart.
func dashFigures(d *app.Dashboard) string {
	s := ""
	for _, c := range d.Cards {
		s += fmt.Sprintf("%s=%d ", c.Key, c.Value.N)
		if c.Of != nil {
			s += fmt.Sprintf("of=%d ", c.Of.N)
		}
	}
	return s
}

func TestDashboardCacheFollowsChanges(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		c := newDashCheck(e)
		health := e.unit("320507119").ID // 卫健委: the leader leads it, weijian works there
		views := []struct {
			who string
			q   app.DashboardQuery
		}{{"office", app.DashboardQuery{}}, {"office", app.DashboardQuery{UnitID: health}}, {"leader", app.DashboardQuery{}},
			{"leader", app.DashboardQuery{UnitID: health}}, {"weijian", app.DashboardQuery{}}}
		sites := func() []int {
			var n []int
			for _, v := range views {
				n = append(n, dashCard(t, c.same(t, v.who, v.q), "websites").Of.N)
			}
			return n
		}
		before := sites()
		sites() // served from the cache now: still the overview computed now

		// A website of 卫健委, through the use case: every view it is in counts it at once.
		w := e.sitesNewWebsite("weijian", "cache-check.szxc.gov.cn", "320507119")
		after := sites()
		for i, v := range views {
			if after[i] != before[i]+1 {
				t.Errorf("%s %+v: %d websites after adding one, %d before", v.who, v.q, after[i], before[i])
			}
		}

		// A write around the use cases (no audit record) leaves the audit chain's tip where it
		// was: the overview kept is served — which is why every change is audited. The next
		// audited change, or the next day, shows it.
		registered := dashCard(t, c.same(t, "office", app.DashboardQuery{}), "websites").Value.N
		if _, err := e.db.Writer().ExecContext(e.ctx, fmt.Sprintf(`UPDATE websites SET status = '%s' WHERE id = %d`, domain.WebRegistered, w.ID)); err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Dashboard(e.ctx, e.actor("office"), app.DashboardQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if n := dashCard(t, got, "websites").Value.N; n != registered {
			t.Fatalf("office: %d registered websites served after an unaudited write, %d kept: the overview was not served from the cache", n, registered)
		}
		e.clock.Advance(24 * time.Hour)
		for _, v := range views {
			c.same(t, v.who, v.q) // the next day: computed again
		}
		if n := dashCard(t, c.same(t, "office", app.DashboardQuery{}), "websites").Value.N; n != registered+1 {
			t.Errorf("office, the next day: %d registered websites, want %d", n, registered+1)
		}

		// Findings changed by the re-evaluation that follows a rule set's publication (in
		// transactions of their own, audited after them as ruleset.sweep): shown at once.
		off := dashCard(t, c.same(t, "office", app.DashboardQuery{}), "cloud").More[0].N
		if off == 0 {
			t.Fatal("the demo district has no system off the cloud to resolve")
		}
		mark := e.head()
		if _, err := e.svc.RemoveRule(e.ctx, e.actor("office"), domain.RuleOffCloud, -1, "cache check"); err != nil {
			t.Fatal(err)
		}
		if rs := e.since(mark); len(rs) != 2 || rs[0].Action != "ruleset.publish" || rs[1].Action != "ruleset.sweep" || rs[1].Actor != "office" {
			t.Fatalf("after the publication, %d audit records, want ruleset.publish then the re-evaluation's ruleset.sweep by the office", len(rs))
		}
		d := c.same(t, "office", app.DashboardQuery{})
		if n := dashCard(t, d, "cloud").More[0].N; n != 0 {
			t.Errorf("office: %d systems off the cloud after the rule was removed (%d before)", n, off)
		}
		for _, v := range views {
			c.same(t, v.who, v.q)
		}
	})
}

// TestDashboardCacheScopes: viewers of different scopes never share an overview, whoever asked
// first; a unit out of the viewer's scope stays hidden though another viewer's overview of it
// is kept.
func TestDashboardCacheScopes(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		c := newDashCheck(e)
		park := e.unit("320507201").ID // 园区: not led by the leader
		office := c.same(t, "office", app.DashboardQuery{})
		c.same(t, "office", app.DashboardQuery{UnitID: park})
		leader := c.same(t, "leader", app.DashboardQuery{})
		unit := c.same(t, "weijian", app.DashboardQuery{})
		if dashFigures(office) == dashFigures(leader) || dashFigures(leader) == dashFigures(unit) {
			t.Fatalf("the office, the leader and a unit were served the same figures:\n%s\n%s\n%s", dashFigures(office), dashFigures(leader), dashFigures(unit))
		}
		if leader.District || len(leader.Units) != 4 || unit.District || len(unit.Units) != 1 {
			t.Errorf("leader served district=%v with %d units, unit district=%v with %d units", leader.District, len(leader.Units), unit.District, len(unit.Units))
		}
		if _, err := e.svc.Dashboard(e.ctx, e.actor("leader"), app.DashboardQuery{UnitID: park}); domain.ErrorCode(err) != domain.ENotFound {
			t.Errorf("leader asking for 园区, which the office's overview is kept of: %v, want not found", err)
		}
		// Asked again in the other order, from the cache: the same.
		c.same(t, "weijian", app.DashboardQuery{})
		c.same(t, "leader", app.DashboardQuery{})
		c.same(t, "office", app.DashboardQuery{})
		for _, who := range []string{"expert", "finance"} {
			if _, err := e.svc.Dashboard(e.ctx, e.actor(who), app.DashboardQuery{}); domain.ErrorCode(err) != domain.EForbidden {
				t.Errorf("%s: %v, want forbidden", who, err)
			}
		}
		// What a caller does to its overview is its own.
		office.Cards[0].Value.N = -1
		office.Charts.Ranking[0].Hrefs["systems"] = "changed"
		c.same(t, "office", app.DashboardQuery{})
	})
}

// TestDashboardCacheConcurrent: many viewers at once while records change: each is served the
// overview of its own scope, and once the changes stop the overview computed now (run it with
// -race).
func TestDashboardCacheConcurrent(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		c := newDashCheck(e)
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for i := range 6 {
			who := []string{"office", "leader", "weijian"}[i%3]
			a := e.actor(who)
			wg.Go(func() {
				for range 5 {
					d, err := e.svc.Dashboard(e.ctx, a, app.DashboardQuery{})
					if err != nil {
						errs <- err
						return
					}
					if d.District != (who == "office") {
						errs <- fmt.Errorf("%s served district=%v", who, d.District)
						return
					}
				}
			})
		}
		for i := range 3 {
			e.sitesNewWebsite("weijian", fmt.Sprintf("cache-race-%d.szxc.gov.cn", i), "320507119")
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		for _, who := range []string{"office", "leader", "weijian"} {
			c.same(t, who, app.DashboardQuery{})
		}
	})
}
