package bench

import (
	"context"
	"fmt"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/gm"
	"archgov/internal/testdb"
)

// The department assessment's target (issue 12, ORG-3): every unit of a city-scale district
// assessed in under 5 s — 500 units, 20,000 systems, 200,000 catalog entries, 5,000 websites,
// 1,000 machine rooms, 20,000 open findings, 10,000 data corrections and 5,000 rectification
// notices, written straight into the tables over the demo district (SQLite). One iteration is
// Service.ComputeAssessment: one query an indicator for all units, scoring in Go.
//
//	go test ./internal/bench -run '^$' -bench Assessment -benchtime 3x

func BenchmarkAssessment500Units(b *testing.B) {
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC) }
	svc := app.New(testdb.SQLite(b, clock), app.Options{KDF: gm.KDFParams{Iterations: 1000, SaltLen: 16, KeyLen: 32}})
	if err := demo.Load(ctx, svc); err != nil {
		b.Fatal(err)
	}
	db := svc.DB().Writer()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	exec := func(q string, args ...any) {
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			b.Fatal(err)
		}
	}
	var root int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM units WHERE parent_id IS NULL`).Scan(&root); err != nil {
		b.Fatal(err)
	}
	var units []int64
	for i := range 500 {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO units (code, name, kind, level, parent_id, active, created_at, updated_at)
			VALUES (?, ?, 'bureau', 2, ?, 1, 0, 0) RETURNING id`, fmt.Sprintf("BENCH%04d", i), fmt.Sprintf("基准单位%d", i), root).Scan(&id); err != nil {
			b.Fatal(err)
		}
		units = append(units, id)
	}
	u := func(i int) int64 { return units[i%len(units)] }
	for i := range 20_000 {
		hosting := "gov_cloud"
		if i%5 == 0 {
			hosting = "unit_room"
		}
		exec(`INSERT INTO systems (code, name, unit_id, category, classification, hosting, network, status, created_at, updated_at)
			VALUES (?, ?, ?, 'business', 'unclassified', ?, 'extranet', 'running', 0, 0)`, fmt.Sprintf("BENCH-%06d", i), fmt.Sprintf("基准系统%d", i), u(i), hosting)
	}
	// The off-cloud systems' findings, and as many other open findings.
	exec(`INSERT INTO findings (subject_kind, subject_id, unit_id, rule_id, rule_version, clauses, severity, message_zh, message_en, status, first_seen, last_seen)
		SELECT 'system', id, unit_id, 'ENV-P1.off-cloud', 1, 'ENV-P1', 'info', '基准', 'bench', 'open', 0, 0 FROM systems WHERE code LIKE 'BENCH-%' AND hosting = 'unit_room'`)
	exec(`INSERT INTO findings (subject_kind, subject_id, unit_id, rule_id, rule_version, clauses, severity, message_zh, message_en, status, first_seen, last_seen)
		SELECT 'system', id, unit_id, 'BLD-R5.idle', 1, 'BLD-R5', 'warning', '基准', 'bench', 'open', 0, 0 FROM systems WHERE code LIKE 'BENCH-%' AND hosting <> 'unit_room' AND id % 4 = 0`)
	statuses := []string{"submitted", "registered", "published", "published", "precompiled"}
	for i := range 200_000 {
		exec(`INSERT INTO catalog_entries (class, item, class_code, code, name, provider_unit_id, format, share_type, update_cycle, status, created_at, updated_at)
			VALUES ('1', '01', '101', ?, ?, ?, 'database', 'unconditional', 'daily', ?, 0, 0)`, fmt.Sprintf("BENCH%07d", i), fmt.Sprintf("基准目录%d", i), u(i), statuses[i%len(statuses)])
	}
	for i := range 5_000 {
		st := []string{"registered", "unregistered", "submitted", "closed"}[i%4]
		exec(`INSERT INTO websites (name, host, unit_id, hosting, status, created_at, updated_at) VALUES (?, ?, ?, 'gov_cloud', ?, 0, 0)`,
			fmt.Sprintf("基准网站%d", i), fmt.Sprintf("b%d.example.gov.cn", i), u(i), st)
	}
	for i := range 1_000 {
		st, closed := "closed", "2020-03-01"
		if i%3 == 0 {
			st, closed = "in_use", ""
		}
		exec(`INSERT INTO machine_rooms (unit_id, name, kind, status, closed_date, created_at, updated_at) VALUES (?, ?, 'other', ?, ?, 0, 0)`,
			u(i), fmt.Sprintf("基准机房%d", i), st, closed)
	}
	answered := time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC).UnixMicro()
	for i := range 10_000 {
		at := answered
		if i%4 == 0 {
			at = 0
		}
		exec(`INSERT INTO feedback (reporter_unit_id, provider_unit_id, library, kind, description, status, due_date, reported_at, answered_at, created_at, updated_at)
			VALUES (?, ?, 'population', 'missing', '基准纠错', 'submitted', ?, 0, ?, 0, 0)`, u(i+1), u(i), fmt.Sprintf("2026-%02d-15", 1+i%11), at)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	office := app.SystemActor()
	b.ResetTimer()
	var n int
	for b.Loop() {
		scores, err := svc.ComputeAssessment(ctx, office, 2026)
		if err != nil {
			b.Fatal(err)
		}
		n = len(scores)
	}
	b.StopTimer()
	if n < 500 {
		b.Fatalf("assessed %d units", n)
	}
	b.ReportMetric(float64(n), "units")
}
