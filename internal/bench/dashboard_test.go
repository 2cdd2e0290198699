package bench

import (
	"context"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/testdb"
)

// The overview's target (issue 12): app.Service.Dashboard p95 < 150 ms at city scale on the
// 2-core machine. The demo district is grown in SQL to about 500 units, 20,000 systems (a fifth
// off the cloud, so the sweep finds them), 1,000 machine rooms, 5,000 websites, 50,000 project
// applications over ten years in every status and stage, 4,000 completed migrations and 200,000
// published catalog entries each naming a system, with the findings the sweep would write for the
// systems off the cloud and the rooms past their deadline. The office
// (the whole district), a leader (four units) and a unit's contact are measured.
//
//	go test ./internal/bench -run '^$' -bench Dashboard -benchtime 30x
func BenchmarkDashboard(b *testing.B) {
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC) }
	db := testdb.SQLite(b, clock)
	svc := app.New(db, app.Options{KDF: gm.KDFParams{Iterations: 1000, SaltLen: 16, KeyLen: 32}})
	if err := demo.Load(ctx, svc); err != nil {
		b.Fatal(err)
	}
	w := db.Writer()
	start := time.Now()
	for _, q := range []string{
		`WITH RECURSIVE seq(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < 470)
		 INSERT INTO units (code, name, kind, level, parent_id, created_at, updated_at)
		 SELECT 'BENCH' || k, '压测单位' || k, u.kind, u.level, u.parent_id, 0, 0 FROM seq, units u WHERE u.code = '320507119'`,
		`WITH RECURSIVE seq(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM seq WHERE k < 19999),
		 u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS r, count(*) OVER () AS c FROM units)
		 INSERT INTO systems (code, name, unit_id, purpose, category, classification, hosting, network, user_levels, status, created_at, updated_at, status_at)
		 SELECT 'BENCH-' || k, '压测系统' || k, u.id, '', 'business', 'unclassified',
		   CASE WHEN k % 5 = 0 THEN 'unit_room' ELSE 'gov_cloud' END, 'extranet', 'district',
		   CASE WHEN k % 10 = 1 THEN 'idle' ELSE 'running' END, 0, 0, '2024-01-01'
		 FROM seq JOIN u ON u.r = seq.k % u.c`,
		`WITH RECURSIVE seq(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM seq WHERE k < 999),
		 u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS r, count(*) OVER () AS c FROM units)
		 INSERT INTO machine_rooms (unit_id, name, kind, status, closed_date, created_at, updated_at)
		 SELECT u.id, '压测机房' || k, CASE WHEN k % 4 = 0 THEN 'access' ELSE 'other' END,
		   CASE WHEN k % 3 = 0 THEN 'closed' ELSE 'in_use' END,
		   CASE WHEN k % 3 = 0 THEN date('2018-09-01', '+' || (k % 96) || ' months') ELSE '' END, 0, 0
		 FROM seq JOIN u ON u.r = seq.k % u.c`,
		`WITH RECURSIVE seq(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM seq WHERE k < 4999),
		 u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS r, count(*) OVER () AS c FROM units)
		 INSERT INTO websites (name, host, unit_id, hosting, status, registered_date, created_at, updated_at)
		 SELECT '压测网站' || k, 'bench' || k || '.example.gov.cn', u.id, 'gov_cloud',
		   CASE WHEN k % 4 = 0 THEN 'unregistered' ELSE 'registered' END,
		   CASE WHEN k % 4 = 0 THEN '' ELSE date('2025-01-01', '+' || (k % 700) || ' days') END, 0, 0
		 FROM seq JOIN u ON u.r = seq.k % u.c`,
		`WITH RECURSIVE seq(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM seq WHERE k < 50000),
		 u AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS r, count(*) OVER () AS c FROM units)
		 INSERT INTO projects (unit_id, year, plan_item_id, guide_id, name, kind, key_category, budget, total, content, room_work, status, stage,
		   version, created_at, updated_at)
		 SELECT u.id, 2017 + k % 10, p.plan_item_id, p.guide_id, '压测项目' || k, p.kind, p.key_category, p.budget, p.total, p.content, p.room_work,
		   CASE k % 6 WHEN 0 THEN 'draft' WHEN 1 THEN 'submitted' WHEN 2 THEN 'under_review' WHEN 3 THEN 'returned'
		     WHEN 4 THEN 'approved' ELSE 'rejected' END,
		   CASE WHEN k % 6 = 4 THEN CASE k % 5 WHEN 0 THEN 'bidding' WHEN 1 THEN 'design' WHEN 2 THEN 'implementation'
		     WHEN 3 THEN 'acceptance' ELSE 'operation' END ELSE '' END,
		   1, p.created_at, p.updated_at
		 FROM seq JOIN u ON u.r = seq.k % u.c JOIN projects p ON p.id = (SELECT min(id) FROM projects)`,
		`INSERT INTO migration_plans (system_id, difficulty, node, planned_date, status, done_date, created_at, updated_at)
		 SELECT s.id, 'low', 'upgrade', '2026-06-30', 'migrated', date('2024-12-01', '+' || (s.id % 730) || ' days'), 0, 0
		 FROM systems s WHERE s.code LIKE 'BENCH-%' AND s.hosting = 'gov_cloud' AND s.id % 4 = 0
		   AND NOT EXISTS (SELECT 1 FROM migration_plans m WHERE m.system_id = s.id) LIMIT 4000`,
		`WITH RECURSIVE seq(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM seq WHERE k < 199999),
		 s AS (SELECT id, unit_id, row_number() OVER (ORDER BY id) - 1 AS r, count(*) OVER () AS c FROM systems WHERE code LIKE 'BENCH-%')
		 INSERT INTO catalog_entries (class, item, class_code, code, name, provider_unit_id, format, share_type, update_cycle, status,
		   publish_date, system_ids, created_at, updated_at)
		 SELECT '3', '01', '301', 'BENCH/' || k, '压测目录' || k, s.unit_id, 'database', 'unconditional', 'daily', 'published',
		   date('2024-12-01', '+' || (k % 730) || ' days'), CAST(s.id AS TEXT), 0, 0
		 FROM seq JOIN s ON s.r = (seq.k * 7) % s.c`,
		`INSERT INTO catalog_entry_systems (entry_id, system_id) SELECT id, CAST(system_ids AS INTEGER) FROM catalog_entries WHERE code LIKE 'BENCH/%'`,
		// What the sweep would find, written straight: the systems off the cloud (ENV-P1) and the
		// rooms past their deadline (ENV-R3), each an open finding.
		`INSERT INTO findings (subject_kind, subject_id, unit_id, subject_name, rule_id, rule_version, clauses, severity, message_zh, message_en,
		   status, first_seen, last_seen)
		 SELECT 'system', id, unit_id, name, 'ENV-P1.off-cloud', 1, 'ENV-P1', 'warning', '未上云', 'off the cloud', 'open', 1764547200000000, 1764547200000000
		 FROM systems WHERE code LIKE 'BENCH-%' AND hosting = 'unit_room' AND status = 'running'`,
		`INSERT INTO findings (subject_kind, subject_id, unit_id, subject_name, rule_id, rule_version, clauses, severity, message_zh, message_en,
		   status, first_seen, last_seen)
		 SELECT 'machine_room', id, unit_id, name, 'ENV-R3.room-overdue', 1, 'ENV-R3', 'error', '逾期未关停', 'overdue', 'open', 1764547200000000, 1764547200000000
		 FROM machine_rooms WHERE name LIKE '压测机房%' AND kind = 'other' AND status <> 'closed'`,
	} {
		if _, err := w.ExecContext(ctx, q); err != nil {
			b.Fatalf("%v\n%s", err, q)
		}
	}
	if _, err := w.ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	var findings int
	w.QueryRowContext(ctx, `SELECT count(*) FROM findings WHERE status = 'open'`).Scan(&findings)
	b.Logf("city-scale district grown in %s; %d open findings", time.Since(start).Round(time.Millisecond), findings)

	office := domain.Actor{UserID: 1, Grants: []domain.Grant{{Role: domain.RoleOffice}}}
	var leader, unit domain.Actor
	for _, code := range []string{"320507106", "320507119", "320507105", "320507107"} {
		u, err := db.Read().UnitByCode(ctx, code)
		if err != nil {
			b.Fatal(err)
		}
		leader.Grants = append(leader.Grants, domain.Grant{Role: domain.RoleLeader, UnitID: u.ID})
		if code == "320507119" {
			unit = domain.Actor{UserID: 3, UnitID: u.ID, Grants: []domain.Grant{{Role: domain.RoleUnitContact, UnitID: u.ID}}}
		}
	}
	leader.UserID = 2
	took := map[string][]time.Duration{}
	for b.Loop() {
		for name, a := range map[string]domain.Actor{"office": office, "leader": leader, "unit": unit} {
			t := time.Now()
			d, err := svc.Dashboard(ctx, a, app.DashboardQuery{})
			if err != nil {
				b.Fatal(err)
			}
			took[name] = append(took[name], time.Since(t))
			if name == "office" && d.Cards[0].Value.N < 10_000 {
				b.Fatalf("the office sees %d systems on the cloud", d.Cards[0].Value.N)
			}
		}
	}
	for _, name := range []string{"office", "leader", "unit"} {
		b.ReportMetric(ms(pct(took[name], 50)), name+"-p50-ms")
		b.ReportMetric(ms(pct(took[name], 95)), name+"-p95-ms")
	}
}
