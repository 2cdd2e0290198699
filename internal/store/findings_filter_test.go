package store_test

// The registers' filters and flags that read what the governance rules found (issue 11): a
// record is selected, or flagged, when it has a live (open or waived) finding of the rule; a
// resolved one, or one of another rule or record, does not count.

import (
	"context"
	"slices"
	"testing"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// addFinding stores a finding of rule on a record, as the rules' sync does.
func addFinding(t *testing.T, db *store.DB, kind string, subject, unit int64, rule string, st domain.FindingStatus) *domain.Finding {
	t.Helper()
	now := time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)
	f := &domain.Finding{SubjectKind: kind, SubjectID: subject, UnitID: unit, RuleID: rule, RuleVersion: 1, Clauses: []string{rule[:6]},
		Severity: "warning", MessageZH: "测试发现", MessageEN: "a test finding", Status: st, FirstSeen: now, LastSeen: now}
	inTx(t, db, func(tx *store.Tx) error { return tx.InsertFinding(context.Background(), f) })
	return f
}

func TestFilterByFindings(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		_, health, edu := district(t, db)
		all := authz.Scope{All: true}

		// Systems: noplan is a live ENV-R2.no-migration-plan finding, offcloud a live
		// ENV-P1.off-cloud one.
		a := insertSystem(t, db, sys("XC-F1", "系统一", health.ID, domain.HostingRoom, domain.CategoryBusiness, domain.StatusRunning))
		b := insertSystem(t, db, sys("XC-F2", "系统二", edu.ID, domain.HostingOther, domain.CategoryBusiness, domain.StatusRunning))
		c := insertSystem(t, db, sys("XC-F3", "系统三", edu.ID, domain.HostingOther, domain.CategoryBusiness, domain.StatusRunning))
		addFinding(t, db, domain.SubjectSystem, a.ID, health.ID, domain.RuleNoMigration, domain.FindingOpen)
		addFinding(t, db, domain.SubjectSystem, b.ID, edu.ID, domain.RuleNoMigration, domain.FindingWaived)
		addFinding(t, db, domain.SubjectSystem, c.ID, edu.ID, domain.RuleNoMigration, domain.FindingResolved)
		addFinding(t, db, domain.SubjectSystem, c.ID, edu.ID, domain.RuleUndocked, domain.FindingOpen)  // another rule
		addFinding(t, db, domain.SubjectRoom, c.ID, edu.ID, domain.RuleNoMigration, domain.FindingOpen) // another kind, same id
		if got := listIDs(t, db.Read().Systems, all, store.SystemFilter{NoPlan: true}); !slices.Equal(got, []int64{a.ID, b.ID}) {
			t.Errorf("noplan: %v, want %v", got, []int64{a.ID, b.ID})
		}
		if got := listIDs(t, db.Read().Systems, authz.Scope{UnitIDs: []int64{edu.ID}}, store.SystemFilter{NoPlan: true}); !slices.Equal(got, []int64{b.ID}) {
			t.Errorf("noplan in scope: %v", got)
		}
		if n, err := db.Read().CountSystems(ctx, all, store.SystemFilter{NoPlan: true}); err != nil || n != 2 {
			t.Errorf("noplan count %d %v", n, err)
		}
		addFinding(t, db, domain.SubjectSystem, c.ID, edu.ID, domain.RuleOffCloud, domain.FindingOpen)
		if got := listIDs(t, db.Read().Systems, all, store.SystemFilter{OffCloud: true}); !slices.Equal(got, []int64{c.ID}) {
			t.Errorf("offcloud: %v, want %v", got, []int64{c.ID})
		}

		// Machine rooms: the overdue flag and filter are a live ENV-R3.room-overdue finding.
		room := func(name string, unit int64) *domain.MachineRoom {
			m := &domain.MachineRoom{UnitID: unit, Name: name, Kind: domain.RoomOther, Status: domain.RoomInUse}
			return inserted(t, db, m, func(tx *store.Tx) error { return tx.InsertMachineRoom(ctx, m) })
		}
		late, fine, gone := room("逾期机房", health.ID), room("按期机房", health.ID), room("已关机房", edu.ID)
		addFinding(t, db, domain.SubjectRoom, late.ID, health.ID, domain.RuleRoomOverdue, domain.FindingOpen)
		addFinding(t, db, domain.SubjectRoom, gone.ID, edu.ID, domain.RuleRoomOverdue, domain.FindingResolved)
		if got := listIDs(t, db.Read().MachineRooms, all, store.RoomFilter{Overdue: true}); !slices.Equal(got, []int64{late.ID}) {
			t.Errorf("overdue rooms: %v", got)
		}
		for _, m := range []*domain.MachineRoom{late, fine, gone} {
			got, err := db.Read().MachineRoom(ctx, m.ID)
			if err != nil || got.Overdue != (m.ID == late.ID) {
				t.Errorf("room %s overdue %v (%v)", m.Name, got.Overdue, err)
			}
		}

		// Websites: the same with PTL-R3.website-overdue.
		site := func(name, host string, unit int64) *domain.Website {
			w := &domain.Website{Name: name, Host: host, UnitID: unit, Status: domain.WebUnregistered, Hosting: domain.HostingCloud}
			return inserted(t, db, w, func(tx *store.Tx) error { return tx.InsertWebsite(ctx, w) })
		}
		w1, w2 := site("逾期网站", "late.example.gov.cn", edu.ID), site("按期网站", "fine.example.gov.cn", edu.ID)
		addFinding(t, db, domain.SubjectWebsite, w1.ID, edu.ID, domain.RuleWebsiteOverdue, domain.FindingWaived)
		if got := listIDs(t, db.Read().Websites, all, store.WebsiteFilter{Overdue: true}); !slices.Equal(got, []int64{w1.ID}) {
			t.Errorf("overdue websites: %v", got)
		}
		if got, err := db.Read().Website(ctx, w2.ID); err != nil || got.Overdue {
			t.Errorf("a website without a finding is overdue: %v", err)
		}
		if got, err := db.Read().Website(ctx, w1.ID); err != nil || !got.Overdue {
			t.Errorf("a waived finding leaves the website overdue: %v", err)
		}

		// Units: ORG-1.people-missing.
		addFinding(t, db, domain.SubjectUnit, edu.ID, edu.ID, domain.RulePeopleMissing, domain.FindingOpen)
		us, err := db.Read().Units(ctx, store.UnitFilter{Finding: domain.RulePeopleMissing})
		if err != nil || len(us) != 1 || us[0].ID != edu.ID {
			t.Errorf("units missing people: %v %v", us, err)
		}
	})
}
