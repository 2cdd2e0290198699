package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/gm"
)

// Issue 12's targets on the city database (cityDB): every overview dashboard p95 < 150 ms, the
// architecture map of the whole district < 500 ms, an assessment of the 500 units < 5 s — the
// use cases themselves (Service.Dashboard, ArchitectureMap, ComputeAssessment) and their API
// answers and pages through the real handler: the dashboards of the office (the district, and
// narrowed to one unit), of the leader (the units they lead) and of a unit's contact (its unit,
// on its home page); the map of the district and of one unit; the year's assessment.
//
//	go test ./internal/bench -run '^$' -bench 'City(Dashboards|Map|Assessment)$' -benchtime 10x -timeout 90m -v
//	go test ./internal/bench -run '^$' -bench 'City(Dashboards|Map|Assessment)Postgres$' -benchtime 10x -timeout 120m -v

// cityActor is the demo user username as the API sees it.
func cityActor(b *testing.B, svc *app.Service, username string) domain.Actor {
	b.Helper()
	ctx := context.Background()
	tok, _, err := svc.CreateToken(ctx, app.SystemActor(), username, "bench", time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	a, err := svc.TokenAuth(ctx, tok, "127.0.0.1")
	if err != nil {
		b.Fatal(err)
	}
	return a.Actor
}

// timed runs each named call once to warm up, then once per benchmark round, and reports every
// call's p50 and p95 and the p95 over all.
func timed(b *testing.B, calls []namedCall) {
	b.Helper()
	for _, c := range calls {
		if err := c.do(); err != nil {
			b.Fatalf("%s: %v", c.name, err)
		}
	}
	lat := map[string][]time.Duration{}
	var all []time.Duration
	b.ResetTimer()
	for b.Loop() {
		for _, c := range calls {
			t0 := time.Now()
			if err := c.do(); err != nil {
				b.Fatalf("%s: %v", c.name, err)
			}
			d := time.Since(t0)
			lat[c.name] = append(lat[c.name], d)
			all = append(all, d)
		}
	}
	b.StopTimer()
	for _, c := range calls {
		b.Logf("%-40s p50 %8.1f ms  p95 %8.1f ms", c.name, ms(pct(lat[c.name], 50)), ms(pct(lat[c.name], 95)))
	}
	b.ReportMetric(ms(pct(all, 50)), "p50-ms")
	b.ReportMetric(ms(pct(all, 95)), "p95-ms")
}

type namedCall struct {
	name string
	do   func() error
}

// apiCall is a GET of path through the real handler (cityServer) with the office's token: the
// use case and the JSON the API writes.
func apiCall(base, tok, path string) namedCall {
	return httpCall("GET "+path, base, "Bearer "+tok, path)
}

// pageCall is a GET of the page path with a session cookie (citySession).
func pageCall(name, base, cookie, path string) namedCall {
	return httpCall(name, base, cookie, path)
}

func httpCall(name, base, cred, path string) namedCall {
	c := noRedirects()
	return namedCall{name, func() error { _, err := getCity(c, base, cred, path); return err }}
}

func benchCityDashboards(b *testing.B, backend string) {
	db, svc := cityDB(b, backend)
	ctx := context.Background()
	health, err := db.Read().UnitByCode(ctx, "320507119")
	if err != nil {
		b.Fatal(err)
	}
	office, leader, unit := cityActor(b, svc, "office"), cityActor(b, svc, "leader"), cityActor(b, svc, "weijian")
	// cold: a service over the same database that keeps no overview (app.Options.DashboardCache
	// < 0), so every call computes — what the first request after any change costs. The others
	// are served from the cache after the warm-up round: nothing changes during the benchmark.
	cold := app.New(db, app.Options{KDF: gm.KDFParams{Iterations: 1000, SaltLen: 16, KeyLen: 32}, DashboardCache: -1})
	dashOf := func(svc *app.Service, a domain.Actor, q app.DashboardQuery) func() error {
		return func() error { _, err := svc.Dashboard(ctx, a, q); return err }
	}
	dash := func(a domain.Actor, q app.DashboardQuery) func() error { return dashOf(svc, a, q) }
	cookies := map[string]string{}
	for _, u := range []string{"office", "leader", "weijian"} {
		cookies[u] = citySession(b, svc, u)
	}
	base, tok := cityServer(b, svc)
	timed(b, []namedCall{
		{"cold: office: the district", dashOf(cold, office, app.DashboardQuery{})},
		{"cold: office: one unit", dashOf(cold, office, app.DashboardQuery{UnitID: health.ID})},
		{"cold: leader: the units led", dashOf(cold, leader, app.DashboardQuery{})},
		{"cold: unit contact: own unit", dashOf(cold, unit, app.DashboardQuery{})},
		{"office: the district", dash(office, app.DashboardQuery{})},
		{"office: one unit", dash(office, app.DashboardQuery{UnitID: health.ID})},
		{"leader: the units led", dash(leader, app.DashboardQuery{})},
		{"unit contact: own unit", dash(unit, app.DashboardQuery{})},
		apiCall(base, tok, "/api/v1/dashboard"),
		pageCall("office: GET /overview", base, cookies["office"], "/overview"),
		pageCall("leader: GET /overview", base, cookies["leader"], "/overview"),
		pageCall("unit contact: GET / (its dashboard)", base, cookies["weijian"], "/"),
	})
}

func BenchmarkCityDashboards(b *testing.B)         { benchCityDashboards(b, "sqlite") }
func BenchmarkCityDashboardsPostgres(b *testing.B) { benchCityDashboards(b, "postgres") }
func benchCityMap(b *testing.B, backend string) {
	db, svc := cityDB(b, backend)
	ctx := context.Background()
	health, err := db.Read().UnitByCode(ctx, "320507119")
	if err != nil {
		b.Fatal(err)
	}
	office := cityActor(b, svc, "office")
	m, err := svc.ArchitectureMap(ctx, office, app.MapQuery{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: the district's map: %d nodes, %d edges", backend, len(m.Nodes), len(m.Edges))
	base, tok := cityServer(b, svc)
	timed(b, []namedCall{
		{"office: the whole district", func() error { _, err := svc.ArchitectureMap(ctx, office, app.MapQuery{}); return err }},
		{"office: one unit", func() error { _, err := svc.ArchitectureMap(ctx, office, app.MapQuery{UnitID: health.ID}); return err }},
		apiCall(base, tok, "/api/v1/architecture-map"),
	})
}

func BenchmarkCityMap(b *testing.B)         { benchCityMap(b, "sqlite") }
func BenchmarkCityMapPostgres(b *testing.B) { benchCityMap(b, "postgres") }

func benchCityAssessment(b *testing.B, backend string) {
	_, svc := cityDB(b, backend)
	ctx := context.Background()
	office := cityActor(b, svc, "office")
	year := svc.Today().Year()
	scores, err := svc.ComputeAssessment(ctx, office, year)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: %d units assessed for %d", backend, len(scores), year)
	if len(scores) < 400 {
		b.Fatalf("%d units assessed; the city has 500", len(scores))
	}
	base, tok := cityServer(b, svc)
	timed(b, []namedCall{
		{"compute the year's assessment", func() error { _, err := svc.ComputeAssessment(ctx, office, year); return err }},
		apiCall(base, tok, fmt.Sprintf("/api/v1/assessments/compute?year=%d", year)),
	})
}

func BenchmarkCityAssessment(b *testing.B)         { benchCityAssessment(b, "sqlite") }
func BenchmarkCityAssessmentPostgres(b *testing.B) { benchCityAssessment(b, "postgres") }
