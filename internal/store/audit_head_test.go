package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"archgov/internal/audit"
	"archgov/internal/gm"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// Hardening, medium: deleting the newest audit records and pointing audit_head at the new last
// record — plain SQL with values already in the table — must not verify.
func TestAuditTruncationWithHeadRepointedIsFound(t *testing.T) {
	each(t, func(t *testing.T, b testdb.Backend) {
		for _, n := range []int{1, 3} {
			t.Run(fmt.Sprintf("newest %d deleted", n), func(t *testing.T) {
				ctx := context.Background()
				db, clock := openAt(t, b)
				for i := 1; i <= 6; i++ {
					clock.Advance(time.Second)
					appendAudit(t, db, fmt.Sprintf("sysadmin%d", i), "unit.update")
				}
				verifies(t, db, 6)
				last := int64(6 - n)
				if rawExec(t, db, `DELETE FROM audit_log WHERE id > ?`, last) != int64(n) {
					t.Fatal("delete removed nothing")
				}
				rawExec(t, db, `UPDATE audit_head SET last_id = (SELECT id FROM audit_log WHERE id = ?), last_hash = (SELECT hash FROM audit_log WHERE id = ?) WHERE id = 1`, last, last)
				_, err := db.Read().VerifyAudit(ctx)
				var br *audit.Break
				if !errors.As(err, &br) {
					t.Fatalf("VerifyAudit after truncation = %v, want *audit.Break", err)
				}
				if br.ID != last+1 || !strings.Contains(br.Reason, "newest records were deleted") {
					t.Fatalf("break at %d (%s), want %d naming the deleted newest records", br.ID, br.Reason, last+1)
				}
			})
		}
		t.Run("head MAC blanked", func(t *testing.T) {
			db, clock := openAt(t, b)
			for i := 1; i <= 3; i++ {
				clock.Advance(time.Second)
				appendAudit(t, db, "sysadmin", "unit.update")
			}
			rawExec(t, db, `UPDATE audit_head SET mac = '' WHERE id = 1`)
			var br *audit.Break
			if _, err := db.Read().VerifyAudit(context.Background()); !errors.As(err, &br) || br.ID != 4 {
				t.Fatalf("VerifyAudit with the MAC blanked = %v, want a break at 4", err)
			}
		})
		t.Run("head MAC made with another key", func(t *testing.T) {
			// The MAC key comes from the SM4 key, not from the database: a database opened with
			// another key does not verify (and cannot forge) this one's head.
			db, clock := openAt(t, b)
			clock.Advance(time.Second)
			appendAudit(t, db, "sysadmin", "unit.update")
			other, _ := testdbSealerOther(t)
			mac := other.Derive(store.AuditHeadLabel).Sum([]byte("audit-head"), []byte("1"), []byte(lastHash(t, db)))
			rawExec(t, db, `UPDATE audit_head SET mac = ? WHERE id = 1`, mac)
			if _, err := db.Read().VerifyAudit(context.Background()); err == nil {
				t.Fatal("a head MAC made with another key verified")
			}
		})
	})
}

// An anchor catches what the head's MAC cannot: the whole audit state rolled back to an earlier,
// consistent one (the old head row, MAC and all, put back after the newer records are deleted).
func TestAuditAnchorCatchesRollback(t *testing.T) {
	each(t, func(t *testing.T, b testdb.Backend) {
		ctx := context.Background()
		db, clock := openAt(t, b)
		for i := 1; i <= 3; i++ {
			clock.Advance(time.Second)
			appendAudit(t, db, "sysadmin", "unit.update")
		}
		var oldID int64
		var oldHash, oldMAC string
		if err := rawRow(db, `SELECT last_id, last_hash, mac FROM audit_head WHERE id = 1`).Scan(&oldID, &oldHash, &oldMAC); err != nil {
			t.Fatal(err)
		}
		for i := 4; i <= 6; i++ {
			clock.Advance(time.Second)
			appendAudit(t, db, "sysadmin", "unit.update")
		}
		r5, _ := db.Read().AuditRecord(ctx, 5)
		an := &audit.Anchor{Seq: 5, Hash: r5.Hash, At: r5.At}
		an.Sign(db.AnchorKey())
		if err := db.Read().CheckAnchor(ctx, an); err != nil {
			t.Fatalf("CheckAnchor on the intact chain: %v", err)
		}

		// Roll back to the saved state: the chain verifies (the MAC is genuine, only old)…
		rawExec(t, db, `DELETE FROM audit_log WHERE id > ?`, oldID)
		rawExec(t, db, `UPDATE audit_head SET last_id = ?, last_hash = ?, mac = ? WHERE id = 1`, oldID, oldHash, oldMAC)
		verifies(t, db, 3)
		// …but the anchor taken later is no longer reached.
		var br *audit.Break
		err := db.Read().CheckAnchor(ctx, an)
		if !errors.As(err, &br) || br.ID != 4 || !strings.Contains(br.Reason, "reached record 5, it now ends at 3") {
			t.Fatalf("CheckAnchor after a rollback = %v, want a break at 4", err)
		}

		// A rebuilt chain of the same length does not match the anchor's hash either.
		for i := 4; i <= 6; i++ {
			appendAudit(t, db, "forger", "unit.update")
		}
		if err := db.Read().CheckAnchor(ctx, an); !errors.As(err, &br) || br.ID != 5 {
			t.Fatalf("CheckAnchor on a rebuilt chain = %v, want a break at 5", err)
		}
		// And an anchor whose MAC does not verify is refused before anything is compared.
		raw := fmt.Sprintf(`{"format":%q,"seq":2,"hash":%q,"at":"2026-01-01T00:00:00Z","mac":%q}`, audit.AnchorFormat, r5.Hash, an.MAC)
		if _, err := audit.ParseAnchor([]byte(raw), db.AnchorKey()); !errors.Is(err, audit.ErrAnchorMAC) {
			t.Fatalf("ParseAnchor of an edited anchor = %v, want ErrAnchorMAC", err)
		}
	})
}

// An existing database (schema before 0017) gets its chain tip sealed when it is migrated, and
// the operator is told.
func TestAuditHeadSealedOnUpgrade(t *testing.T) {
	each(t, func(t *testing.T, b testdb.Backend) {
		ctx := context.Background()
		db, clock := openAt(t, b)
		for i := 1; i <= 3; i++ {
			clock.Advance(time.Second)
			appendAudit(t, db, "sysadmin", "unit.update")
		}
		// Back to schema 16: no mac column (and none of the later migrations' tables).
		rawExec(t, db, `ALTER TABLE audit_head DROP COLUMN mac`)
		rawExec(t, db, `DROP TABLE security_events`)
		undoAfterUnitPeople(t, db, b) // 0024–0028
		undoUnitPeople(t, db)         // 0023
		// 0021 (projects): the catalog's check of project_id, then the tables.
		undo21 := []string{`DROP TRIGGER catalog_entries_project_insert`, `DROP TRIGGER catalog_entries_project_update`}
		if b.Name == "postgres" {
			undo21 = []string{`ALTER TABLE catalog_entries DROP CONSTRAINT catalog_entries_project_fk`}
		}
		for _, undo := range append(undo21, `DROP INDEX catalog_entries_project`, `DROP TABLE project_responses`, `DROP TABLE project_new_systems`, `DROP TABLE projects`) {
			rawExec(t, db, undo)
		}
		for _, undo := range []string{`DROP TABLE mail_outbox`, `DROP TABLE notifications`, `DROP TABLE guides`, `ALTER TABLE users DROP COLUMN email`,
			`DROP TABLE annual_plan_items`, `DROP TABLE annual_plans`, // 0019, 0020
			`DROP TABLE draws`, `DROP TABLE experts`} { // 0022
			rawExec(t, db, undo)
		}
		rawExec(t, db, `DELETE FROM schema_version WHERE version >= 17`)
		if _, err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if notes := db.Notes(); len(notes) != 1 || !strings.Contains(notes[0], "record 3") {
			t.Fatalf("notes = %q, want one naming record 3", notes)
		}
		verifies(t, db, 3)
		appendAudit(t, db, "sysadmin", "unit.update")
		verifies(t, db, 4)
	})
}

func lastHash(t *testing.T, db *store.DB) string {
	t.Helper()
	var h string
	if err := rawRow(db, `SELECT last_hash FROM audit_head WHERE id = 1`).Scan(&h); err != nil {
		t.Fatal(err)
	}
	return h
}

// testdbSealerOther is a sealer with a key other than the test databases'.
func testdbSealerOther(t *testing.T) (*gm.Sealer, error) {
	t.Helper()
	s, err := gm.NewSealer([]byte("0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	return s, nil
}

// undoAfterUnitPeople takes a database back to schema 23: the objects of migrations 0024
// (project reviews), 0025 (what an approved project registers), 0026 (task books), 0027
// (attachment purposes), 0028 (project stages), 0029 (key-project supervision), 0030 (spot
// checks), 0031 (rectification notices), 0032 (systems' cloud exemption) and 0033 (governance
// rules: rule sets, findings, waivers, decisions, leases, systems.status_at), 0035 (the
// component catalog) and 0036 (the duplicate check's columns of projects; task_books goes
// whole with 0026), 0039 (the department assessment), 0040 (notices and standards), 0041 (catalog
// entries' systems as rows) and 0042 (the overview dashboards' indexes).
func undoAfterUnitPeople(t *testing.T, db *store.DB, b testdb.Backend) {
	t.Helper()
	// 0042 (the overview dashboards' indexes)
	for _, undo := range []string{`DROP INDEX findings_groups`, `DROP INDEX findings_flow`, `DROP INDEX projects_year_status_stage`,
		`DROP INDEX systems_unit_status`} {
		rawExec(t, db, undo)
	}
	// 0041 (catalog entries' systems as rows), 0040 (notices and technical standards, ORG-4, ORG-5) and
	// 0039 (the department assessment, ORG-3).
	for _, undo := range []string{`ALTER TABLE components DROP COLUMN standard_id`, `ALTER TABLE docking_plans DROP COLUMN standard_id`,
		`DROP TABLE standards`, `DROP TABLE notices`, `DROP TABLE catalog_entry_systems`, `DROP INDEX catalog_entries_published`, // 0041 too
		`DROP TABLE assessment_objections`, `DROP TABLE assessment_scores`, `DROP TABLE assessments`} {
		rawExec(t, db, undo)
	}
	// 0036 (the duplicate-construction check, issue 15) and 0035 (the shared component
	// catalog); 0034 only drops columns 0026 makes.
	for _, undo := range []string{`ALTER TABLE projects DROP COLUMN dup_verdicts`, `ALTER TABLE projects DROP COLUMN dup_answers`,
		`ALTER TABLE projects DROP COLUMN functions`, `ALTER TABLE projects DROP COLUMN component_ids`, `DROP TABLE component_users`, `DROP TABLE components`} {
		rawExec(t, db, undo)
	}
	// 0033 (governance rules as code, issue 11)
	for _, undo := range []string{`DROP TABLE leases`, `DROP TABLE rule_decisions`, `DROP TABLE waivers`, `DROP TABLE findings`,
		`DROP TABLE rule_sets`, `ALTER TABLE systems DROP COLUMN status_at`} {
		rawExec(t, db, undo)
	}
	// 0032 (systems' exemption from moving to the cloud, ENV-P1)
	for _, undo := range []string{`ALTER TABLE systems DROP COLUMN cloud_exemption_basis`, `ALTER TABLE systems DROP COLUMN cloud_exemption`} {
		rawExec(t, db, undo)
	}
	// 0031 (rectification notices and halting, FLOW-4)
	for _, undo := range []string{`DROP TABLE rectifications`, `ALTER TABLE projects DROP COLUMN halt_reason`, `ALTER TABLE projects DROP COLUMN halted_at`} {
		rawExec(t, db, undo)
	}
	// 0030 (spot checks, FLOW-4): the tables, then projects.stage_at and its index.
	for _, undo := range []string{`DROP TABLE spot_check_inspectors`, `DROP TABLE spot_checks`, `DROP TABLE check_rounds`,
		`DROP INDEX projects_stage_at`, `ALTER TABLE projects DROP COLUMN stage_at`} {
		rawExec(t, db, undo)
	}
	// 0029 (key-project supervision, FLOW-5)
	for _, undo := range []string{`DROP TABLE supervision_log`, `DROP TABLE project_supervisors`, `DROP TABLE project_supervisions`} {
		rawExec(t, db, undo)
	}
	rawExec(t, db, `DROP TABLE project_stage_materials`)          // 0028
	rawExec(t, db, `ALTER TABLE projects DROP COLUMN stage`)      // 0028
	rawExec(t, db, `ALTER TABLE attachments DROP COLUMN purpose`) // 0027
	rawExec(t, db, `DROP TABLE task_books`)                       // 0026
	// 0024 (project reviews and opinions): they refer to projects, experts and draws.
	for _, undo := range []string{`DROP TABLE project_opinions`, `DROP TABLE project_reviews`} {
		rawExec(t, db, undo)
	}
	// 0025 (what an approved project registers): the systems' and cloud requests' project_id.
	undo25 := []string{`DROP TRIGGER cloud_requests_project_insert`, `DROP TRIGGER cloud_requests_project_update`}
	if b.Name == "postgres" {
		undo25 = []string{`ALTER TABLE cloud_requests DROP CONSTRAINT cloud_requests_project_fk`}
	}
	for _, undo := range append(undo25, `DROP INDEX cloud_requests_project`, `DROP INDEX systems_project`, `ALTER TABLE systems DROP COLUMN project_id`) {
		rawExec(t, db, undo)
	}
}
