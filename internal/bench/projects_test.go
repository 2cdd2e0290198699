package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/testdb"
	"archgov/internal/web"
)

// projectBenchN is how many project applications the benchmark fills the district with (issue 9:
// the project list and a project page p95 < 50 ms at 50,000 on SQLite). ARCHGOV_BENCH_PROJECTS
// sets a smaller number for a quick run.
func projectBenchN() int {
	if v, err := strconv.Atoi(os.Getenv("ARCHGOV_BENCH_PROJECTS")); err == nil && v > 0 {
		return v
	}
	return 50_000
}

// The lists and pages a reviewer walks: the office's whole list, filtered by year, status and unit,
// a unit's own list, one application as JSON and as a page.
var projectBenchPaths = []string{
	"/api/v1/projects?limit=50",
	"/api/v1/projects?limit=50&year=2028&status=under_review",
	"/api/v1/projects?limit=50&unit_id={unit}",
	"/api/v1/projects/{id}",
	"/projects",
	"/projects?year=2029&status=approved",
	"/projects/{id}",
}

// BenchmarkProjects measures the project list and a project's page over projectBenchN() project
// applications on SQLite. The first application is made through the use cases (an accepted plan
// item of a published guide's year, as a unit does); the rest are copies of it in SQL, spread over
// the district's units, six years and every status, each with its eight answers to the guide.
func BenchmarkProjects(b *testing.B) {
	var svc *app.Service
	var be testdb.Backend
	for _, x := range testdb.Backends(b) {
		if x.Name == "sqlite" {
			be = x
		}
	}
	if be.Name == "" {
		b.Skip("sqlite not available")
	}
	db := be.Open(b, time.Now)
	svc = app.New(db, app.Options{KDF: gm.KDFParams{Iterations: 1000, SaltLen: 16, KeyLen: 32}})
	ctx := context.Background()
	if err := demo.Load(ctx, svc); err != nil {
		b.Fatal(err)
	}
	sys := app.SystemActor()
	// A guide and an accepted plan of a year the demo does not use.
	const year = 2031
	g := &domain.Guide{Year: year, Title: "压测申报指南", WindowStart: time.Now(), WindowEnd: time.Now().AddDate(0, 1, 0)}
	if err := svc.CreateGuide(ctx, sys, g); err != nil {
		b.Fatal(err)
	}
	if _, err := svc.TransitionGuide(ctx, sys, g.ID, app.GuideStep{Version: g.Version, Action: domain.GuidePublish}); err != nil {
		b.Fatal(err)
	}
	health, err := db.Read().UnitByCode(ctx, "320507119")
	if err != nil {
		b.Fatal(err)
	}
	p := &domain.AnnualPlan{UnitID: health.ID, Year: year, Items: []domain.AnnualItem{{Name: "压测项目", Kind: domain.ItemNew, Category: domain.CatGeneral, Budget: 1_000_000}}}
	if err := svc.CreateAnnualPlan(ctx, sys, p); err != nil {
		b.Fatal(err)
	}
	for _, act := range []domain.AnnualPlanAction{domain.APSend, domain.APApprove, domain.APSubmit, domain.APAccept} {
		if p, err = svc.TransitionAnnualPlan(ctx, sys, p.ID, app.AnnualPlanStep{Version: p.Version, Action: act}); err != nil {
			b.Fatal(err)
		}
	}
	items, err := svc.ProjectPlanItems(ctx, sys, year)
	if err != nil {
		b.Fatal(err)
	}
	i := slices.IndexFunc(items, func(it *domain.PlanItemRef) bool { return it.PlanID == p.ID })
	first := &domain.Project{UnitID: health.ID, PlanItemID: items[i].ID, Content: "建设全区统一的业务协同平台，整合现有三个业务系统。"}
	if err := svc.CreateProject(ctx, sys, first); err != nil {
		b.Fatal(err)
	}
	n := projectBenchN()
	w := db.Writer()
	// n-1 copies: unit round robin over the district's units, year 2026–2031, status by id.
	_, err = w.ExecContext(ctx, `
WITH RECURSIVE seq(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < ?),
     u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS r, count(*) OVER () AS c FROM units)
INSERT INTO projects (unit_id, year, plan_item_id, guide_id, name, kind, key_category, budget, total, content,
    room_work, status, version, created_at, updated_at)
SELECT u.id, 2026 + seq.k % 6, p.plan_item_id, p.guide_id, '压测项目' || seq.k, p.kind, p.key_category, p.budget, p.total, p.content,
    p.room_work,
    CASE seq.k % 6 WHEN 0 THEN 'draft' WHEN 1 THEN 'submitted' WHEN 2 THEN 'under_review' WHEN 3 THEN 'returned'
        WHEN 4 THEN 'approved' ELSE 'rejected' END,
    1, p.created_at, p.updated_at
FROM seq JOIN projects p ON p.id = ? JOIN u ON u.r = seq.k % u.c`, n-1, first.ID)
	if err != nil {
		b.Fatal(err)
	}
	clauses := []string{"ENV-R1", "ENV-R2", "BLD-P2", "BLD-P3", "SHR-R1", "SHR-R3", "PTL-R1", "SEC-R1"}
	for _, c := range clauses {
		if _, err := w.ExecContext(ctx, `INSERT INTO project_responses (project_id, clause, answer, text) SELECT id, ?, 'comply', '' FROM projects`, c); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := w.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	var count int
	w.QueryRowContext(ctx, `SELECT count(*) FROM projects`).Scan(&count)
	b.Logf("sqlite: %d project applications, %d answers", count, count*len(clauses))

	srv, err := web.New(svc, web.Config{Logger: discardLogger()})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(ts.Close)
	tok, _, err := svc.CreateToken(ctx, sys, "office", "bench", time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	mid := strconv.FormatInt(first.ID+int64(n/2), 10)
	c := &http.Client{}
	call := func(path string) time.Duration {
		path = strings.NewReplacer("{unit}", strconv.FormatInt(health.ID, 10), "{id}", mid).Replace(path)
		req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		t0 := time.Now()
		resp, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		d := time.Since(t0)
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: %d %.300s", path, resp.StatusCode, body)
		}
		return d
	}
	for _, path := range projectBenchPaths { // warm the statement cache once
		call(path)
	}
	lat := map[string][]time.Duration{}
	var all []time.Duration
	b.ResetTimer()
	for b.Loop() {
		for _, path := range projectBenchPaths {
			d := call(path)
			lat[path] = append(lat[path], d)
			all = append(all, d)
		}
	}
	b.StopTimer()
	for _, path := range projectBenchPaths {
		b.Logf("%-56s p50 %6.1f ms  p95 %6.1f ms", path, ms(pct(lat[path], 50)), ms(pct(lat[path], 95)))
	}
	b.ReportMetric(ms(pct(all, 50)), "p50-ms")
	b.ReportMetric(ms(pct(all, 95)), "p95-ms")
}
