package store_test

// Regression tests for the security review fixed in 7b1996f and abfbaff, at the storage level:
// forged audit checkpoints, and the races PostgreSQL lets through where SQLite's single writer
// serialises (run on both, so SQLite is held to the same answers).

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"archgov/internal/audit"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// A checkpoint row only bridges the gap a pruning left before the oldest record. One inserted
// by someone with database access must not hide an edited or deleted record: before the fix,
// verification started at the newest checkpoint, so a forged one at record 10 hid an edit of
// record 5.
func TestAuditForgedCheckpointCannotHideRecords(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		forge  func(t *testing.T, db *store.DB, hash func(id int64) string)
		wantID int64
	}{
		{"record 5 edited, checkpoint forged at 10", func(t *testing.T, db *store.DB, hash func(int64) string) {
			rawExec(t, db, `UPDATE audit_log SET actor = 'someone-else' WHERE id = 5`)
			rawExec(t, db, `INSERT INTO audit_checkpoints (upto_id, upto_hash, created_at) VALUES (?, ?, ?)`, 10, hash(10), t0.UnixMicro())
		}, 5},
		{"record 5 edited, checkpoints forged at 10 and 19", func(t *testing.T, db *store.DB, hash func(int64) string) {
			rawExec(t, db, `UPDATE audit_log SET outcome = 'failure' WHERE id = 5`)
			for _, id := range []int64{10, 19} {
				rawExec(t, db, `INSERT INTO audit_checkpoints (upto_id, upto_hash, created_at) VALUES (?, ?, ?)`, id, hash(id), t0.UnixMicro())
			}
		}, 5},
		{"record 5 deleted, checkpoint forged at 10", func(t *testing.T, db *store.DB, hash func(int64) string) {
			rawExec(t, db, `DELETE FROM audit_log WHERE id = 5`)
			rawExec(t, db, `INSERT INTO audit_checkpoints (upto_id, upto_hash, created_at) VALUES (?, ?, ?)`, 10, hash(10), t0.UnixMicro())
		}, 5},
		{"records 1-4 deleted, checkpoint forged at 10 (not at the gap)", func(t *testing.T, db *store.DB, hash func(int64) string) {
			rawExec(t, db, `DELETE FROM audit_log WHERE id <= 4`)
			rawExec(t, db, `INSERT INTO audit_checkpoints (upto_id, upto_hash, created_at) VALUES (?, ?, ?)`, 10, hash(10), t0.UnixMicro())
		}, 4},
		{"records 1-10 deleted, matching checkpoint forged, no pruning record", func(t *testing.T, db *store.DB, hash func(int64) string) {
			rawExec(t, db, `DELETE FROM audit_log WHERE id <= 10`)
			rawExec(t, db, `INSERT INTO audit_checkpoints (upto_id, upto_hash, created_at) VALUES (?, ?, ?)`, 10, hash(10), t0.UnixMicro())
		}, 10},
		{"records 1-4 deleted, checkpoint at the gap with a wrong hash", func(t *testing.T, db *store.DB, hash func(int64) string) {
			rawExec(t, db, `DELETE FROM audit_log WHERE id <= 4`)
			rawExec(t, db, `INSERT INTO audit_checkpoints (upto_id, upto_hash, created_at) VALUES (?, ?, ?)`, 4, hash(3), t0.UnixMicro())
		}, 4},
	}
	each(t, func(t *testing.T, b testdb.Backend) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				db, clock := openAt(t, b)
				hashes := map[int64]string{}
				for i := 1; i <= 20; i++ {
					clock.Advance(time.Second)
					r := appendAudit(t, db, fmt.Sprintf("user%d", i), "unit.update")
					hashes[r.ID] = r.Hash
				}
				verifies(t, db, 20)
				c.forge(t, db, func(id int64) string { return hashes[id] })
				breaksAt(t, db, c.wantID)
			})
		}
	})
}

// A real prune still verifies, and names the checkpoint it left; a checkpoint forged beyond it
// hides nothing edited after it.
func TestAuditPruneCheckpointAndForgery(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		var last *audit.Record
		for i := 1; i <= 10; i++ {
			last = appendAudit(t, db, "old", "unit.update")
		}
		clock.Advance(30 * 24 * time.Hour)
		hashes := map[int64]string{}
		for i := 11; i <= 20; i++ {
			r := appendAudit(t, db, "recent", "unit.update")
			hashes[r.ID] = r.Hash
		}
		clock.Set(t0.Add(200 * 24 * time.Hour))
		// PruneAudit writes the pruning's own record, which names the checkpoint.
		var removed, uptoID int64
		var uptoHash string
		inTx(t, db, func(tx *store.Tx) error {
			var err error
			removed, uptoID, uptoHash, err = tx.PruneAudit(ctx, clock.Now().AddDate(0, 0, -180), &audit.Record{Actor: "auditadmin"})
			return err
		})
		if removed != 10 || uptoID != last.ID || uptoHash != last.Hash {
			t.Fatalf("PruneAudit = %d, %d, %q; want 10 up to record %d with its hash", removed, uptoID, uptoHash, last.ID)
		}
		verifies(t, db, 11)
		// Edit record 13, then forge a checkpoint at 15 to skip it.
		rawExec(t, db, `UPDATE audit_log SET actor = 'recenT' WHERE id = 13`)
		rawExec(t, db, `INSERT INTO audit_checkpoints (upto_id, upto_hash, created_at) VALUES (?, ?, ?)`, 15, hashes[15], clock.Now().UnixMicro())
		breaksAt(t, db, 13)
	})
}

// One district: the database refuses a second root, so two concurrent creations (each of
// which passed the use case's check) cannot both land.
func TestSecondRootRefused(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		d := insertUnit(t, db, &domain.Unit{Code: "320507", Name: "苏州市相城区", Kind: domain.KindDistrict, Active: true})
		for _, u := range []*domain.Unit{
			{Code: "320508", Name: "苏州市姑苏区", Kind: domain.KindDistrict, Active: true},
			{Code: "X1", Name: "无上级的局", Kind: domain.KindBureau, Level: 1, Active: true},
			{Code: "X2", Name: "停用的根", Kind: domain.KindDistrict, Level: 1},
		} {
			err := db.InTx(ctx, func(tx *store.Tx) error { return tx.InsertUnit(ctx, u) })
			wantCode(t, err, domain.EInvalid, "parent_id")
		}
		// A duplicate code is still reported as such.
		err := db.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertUnit(ctx, &domain.Unit{Code: "320507", Name: "重复", Kind: domain.KindBureau, Level: 1, ParentID: d.ID, Active: true})
		})
		wantCode(t, err, domain.EInvalid, "code")
		if roots, _ := db.Read().Units(ctx, store.UnitFilter{Kind: domain.KindDistrict}); len(roots) != 1 {
			t.Fatalf("%d districts", len(roots))
		}
	})
	each(t, func(t *testing.T, b testdb.Backend) {
		ctx := context.Background()
		db, _ := openAt(t, b)
		root := func(code string) func() error {
			return func() error {
				return db.InTx(ctx, func(tx *store.Tx) error {
					return tx.InsertUnit(ctx, &domain.Unit{Code: code, Name: "区" + code, Kind: domain.KindDistrict, Level: 1, Active: true})
				})
			}
		}
		errs := testdb.Together(root("R1"), root("R2"), root("R3"))
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else {
				wantCode(t, err, domain.EInvalid, "parent_id")
			}
		}
		if ok != 1 {
			t.Fatalf("concurrent roots: %v, want exactly one stored", errs)
		}
	})
}

// Two grant edits from the same version: one wins, the other is a conflict, and the stored
// roles are exactly the winner's, never a merge.
func TestReplaceGrantsConcurrent(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		d := insertUnit(t, db, &domain.Unit{Code: "D1", Name: "区", Kind: domain.KindDistrict, Active: true})
		ua := insertUnit(t, db, &domain.Unit{Code: "A1", Name: "甲局", Kind: domain.KindBureau, ParentID: d.ID, Active: true})
		u := insertUser(t, db, &domain.User{Username: "racer", Name: "并发"}, "hash-1")
		reqs := [][]domain.Grant{
			{{Role: domain.RoleUnitContact, UnitID: ua.ID}, {Role: domain.RoleExpert}},
			{{Role: domain.RoleLeader, UnitID: ua.ID}, {Role: domain.RoleSupervisor}, {Role: domain.RoleFinance}},
		}
		names := func(gs []domain.Grant) []string {
			var out []string
			for _, g := range gs {
				out = append(out, fmt.Sprintf("%s:%d", g.Role, g.UnitID))
			}
			slices.Sort(out)
			return out
		}
		for round := 0; round < 5; round++ {
			v := u.Version + int64(2*round) // each round: one winner, then a reset
			replace := func(gs []domain.Grant) func() error {
				return func() error {
					return db.InTx(ctx, func(tx *store.Tx) error { return tx.ReplaceGrants(ctx, u.ID, v, gs) })
				}
			}
			errs := testdb.Together(replace(reqs[0]), replace(reqs[1]))
			won := -1
			for i, err := range errs {
				switch domain.ErrorCode(err) {
				case "":
					won = i
				case domain.EConflict:
				default:
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if (errs[0] == nil) == (errs[1] == nil) {
				t.Fatalf("round %d: %v, want one success and one conflict", round, errs)
			}
			got, err := db.Read().Grants(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(names(got), names(reqs[won])) {
				t.Fatalf("round %d: roles %v, want exactly %v", round, names(got), names(reqs[won]))
			}
			if cur, _ := db.Read().User(ctx, u.ID); cur.Version != v+1 {
				t.Fatalf("round %d: version %d, want %d (one bump)", round, cur.Version, v+1)
			}
			inTx(t, db, func(tx *store.Tx) error { return tx.ReplaceGrants(ctx, u.ID, v+1, nil) })
		}
	})
}

// A role scoped to a unit keeps the unit in use while its holder is enabled, wherever the
// holder's own unit is.
func TestUnitInUseCountsScopedRoles(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		home, held := bureaus(t, db)
		u := insertUser(t, db, &domain.User{Username: "contact", Name: "联系人", UnitID: home.ID}, "hash-1")
		inUse := func() bool {
			t.Helper()
			ok, err := db.Read().UnitInUse(ctx, held.ID)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if inUse() {
			t.Fatal("an empty unit is in use")
		}
		inTx(t, db, func(tx *store.Tx) error {
			return tx.ReplaceGrants(ctx, u.ID, 1, []domain.Grant{{Role: domain.RoleUnitContact, UnitID: held.ID}})
		})
		if !inUse() {
			t.Fatal("a unit an enabled user holds a unit_contact role for is not in use")
		}
		cur, _ := db.Read().User(ctx, u.ID)
		cur.Disabled = true
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateUser(ctx, cur) })
		if inUse() {
			t.Fatal("a disabled user's role keeps the unit in use")
		}
	})
}

// A successful login clears the account's failure counter while failed guesses count on it.
// A guess that waited for the counter's row while the clear deleted it must still be counted
// (and audited, which happens in the same transaction), not fail with "no rows".
func TestLockFailureSurvivesConcurrentClear(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		const key = "u:office"
		inTx(t, db, func(tx *store.Tx) error {
			return tx.SaveFailure(ctx, store.Failure{Key: key, Failures: 3, FirstAt: t0})
		})

		locked := make(chan struct{})
		clearErr := make(chan error, 1)
		go func() {
			clearErr <- db.InTx(ctx, func(tx *store.Tx) error {
				if _, err := tx.LockFailure(ctx, key); err != nil {
					close(locked)
					return err
				}
				close(locked)
				time.Sleep(200 * time.Millisecond) // the other transaction queues on the row meanwhile
				return tx.ClearFailure(ctx, key)
			})
		}()
		<-locked
		var got store.Failure
		err := db.InTx(ctx, func(tx *store.Tx) error {
			var err error
			if got, err = tx.LockFailure(ctx, key); err != nil {
				return err
			}
			got.Failures++
			if got.FirstAt.IsZero() {
				got.FirstAt = t0
			}
			return tx.SaveFailure(ctx, got)
		})
		if err := <-clearErr; err != nil {
			t.Fatalf("the clearing transaction: %v", err)
		}
		if err != nil {
			t.Fatalf("a failure counted while the counter was being cleared: %v", err)
		}
		if f, _ := db.Read().Failure(ctx, key); f.Failures != 1 {
			t.Fatalf("counter %+v after a clear and one failure, want 1", f)
		}
	})
}
