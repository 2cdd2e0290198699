package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// Issue 12's targets on the city database (cityDB): the architecture map of the whole district
// < 500 ms, an assessment of the 500 units < 5 s — the use cases themselves
// (Service.ArchitectureMap, ComputeAssessment) and their API answers through the real handler,
// as the office: the map of the district and of one unit, the year's assessment.
//
//	go test ./internal/bench -run '^$' -bench 'City(Map|Assessment)$' -benchtime 10x -timeout 90m -v
//	go test ./internal/bench -run '^$' -bench 'City(Map|Assessment)Postgres$' -benchtime 10x -timeout 120m -v

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
	c := &http.Client{}
	return namedCall{"GET " + path, func() error {
		req, _ := http.NewRequest(http.MethodGet, base+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := c.Do(req)
		if err != nil {
			return err
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d: %.300s", resp.StatusCode, body)
		}
		return nil
	}}
}

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
