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

// A task book deviates from its indicators (BLD-R4) when its application has a live finding
// of a rule citing BLD-R4 — whichever rule, its first clause or another — open or waived; a
// resolved one, one citing another clause, or one of a record of another kind with the same
// id does not count. The filter selects and counts the same, within the reader's scope.
func TestTaskBooksDeviatingByFindings(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		_, health, edu := district(t, db)
		g := &domain.Guide{Year: 2027, Revision: 1, Title: "指南", Items: domain.DefaultGuideItems(), Status: domain.GuidePublished}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertGuide(ctx, g) })
		acceptedPlan(t, db, health.ID, 2027, domain.APAccepted, 100_000, 200_000, 300_000)
		acceptedPlan(t, db, edu.ID, 2027, domain.APAccepted, 400_000, 500_000)
		items, err := db.Read().AcceptedPlanItems(ctx, authz.Scope{All: true}, 2027)
		if err != nil || len(items) != 5 {
			t.Fatalf("items %v %v", items, err)
		}
		day := time.Date(2027, 3, 10, 0, 0, 0, 0, time.UTC)
		var books []*domain.TaskBook
		for i, it := range items {
			p := &domain.Project{UnitID: it.UnitID, Year: 2027, PlanItemID: it.ID, GuideID: g.ID, Name: "项目" + string(rune('甲'+i)),
				Kind: domain.ItemNew, KeyCategory: domain.KeyNone, RoomWork: domain.RoomWorkNone, Status: domain.ProjApproved, NoData: true,
				Stage: domain.StageImplementation, StageAt: day}
			inserted(t, db, p, func(tx *store.Tx) error { return tx.InsertProject(ctx, p) })
			b := &domain.TaskBook{ProjectID: p.ID, UnitID: p.UnitID, Year: 2027, ProjectName: p.Name, Addressee: "单位", Issuer: "区信息化办公室",
				Number: domain.DocNumber{Prefix: "相信办", Year: 2027, Seq: int64(i + 1)}, IssuedOn: day, ApprovedBudget: it.Budget,
				Milestones: []domain.Milestone{{Name: "验收", Planned: day.AddDate(0, 1, 0)}}}
			b.NonNil()
			books = append(books, inserted(t, db, b, func(tx *store.Tx) error { return tx.InsertTaskBook(ctx, b) }))
		}
		appKind := domain.SubjectApplication
		a, b, c, d, e := books[0], books[1], books[2], books[3], books[4]
		addFinding(t, db, appKind, a.ProjectID, a.UnitID, "BLD-R4.category-over-budget", domain.FindingOpen)
		addFinding(t, db, appKind, b.ProjectID, b.UnitID, "BLD-R4.milestone-overdue", domain.FindingWaived)
		addFinding(t, db, appKind, c.ProjectID, c.UnitID, "BLD-R4.over-budget", domain.FindingResolved)          // resolved
		addFinding(t, db, appKind, c.ProjectID, c.UnitID, "SHR-R4.catalog-published", domain.FindingOpen)        // another clause
		addFinding(t, db, domain.SubjectSystem, c.ProjectID, c.UnitID, "BLD-R4.over-budget", domain.FindingOpen) // another kind, same id
		// A rule the office publishes that cites BLD-R4 after its first clause counts too.
		later := &domain.Finding{SubjectKind: appKind, SubjectID: d.ProjectID, UnitID: d.UnitID, RuleID: "BLD-P1.earmarked", RuleVersion: 2,
			Clauses: []string{"BLD-P1", "BLD-R4"}, Severity: "warning", MessageZH: "测试发现", MessageEN: "a test finding", Status: domain.FindingOpen,
			FirstSeen: day, LastSeen: day}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertFinding(ctx, later) })
		// e has no finding at all.

		ids := func(sc authz.Scope, f store.TaskBookFilter) []int64 {
			t.Helper()
			xs, err := db.Read().TaskBooks(ctx, sc, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, x := range xs {
				out = append(out, x.ID)
			}
			if n, err := db.Read().CountTaskBooks(ctx, sc, f); f.Limit == 0 && (err != nil || n != len(out)) {
				t.Errorf("count %d %v, listed %d", n, err, len(out))
			}
			return out
		}
		all := authz.Scope{All: true}
		if got, want := ids(all, store.TaskBookFilter{Deviating: true}), []int64{d.ID, b.ID, a.ID}; !slices.Equal(got, want) {
			t.Errorf("deviating: %v, want %v (newest first)", got, want)
		}
		if got := ids(all, store.TaskBookFilter{}); len(got) != 5 {
			t.Errorf("all task books: %v", got)
		}
		if got, want := ids(authz.Scope{UnitIDs: []int64{edu.ID}}, store.TaskBookFilter{Deviating: true}), []int64{d.ID}; !slices.Equal(got, want) {
			t.Errorf("deviating in edu's scope: %v, want %v", got, want)
		}
		if got, want := ids(all, store.TaskBookFilter{Deviating: true, UnitID: health.ID, Limit: 1}), []int64{b.ID}; !slices.Equal(got, want) {
			t.Errorf("deviating, health's, one page: %v, want %v", got, want)
		}
		if n, err := db.Read().CountTaskBooks(ctx, all, store.TaskBookFilter{Deviating: true, UnitID: health.ID, Limit: 1}); err != nil || n != 2 {
			t.Errorf("deviating of health counted %d %v, want 2 (a and b)", n, err)
		}

		// The findings of several records at once (the list's column).
		fs, err := db.Read().Findings(ctx, all, store.FindingFilter{Kind: appKind, SubjectIDs: []int64{a.ProjectID, c.ProjectID, e.ProjectID}, Clause: "BLD-R4"})
		if err != nil || len(fs) != 1 || fs[0].SubjectID != a.ProjectID {
			t.Errorf("BLD-R4 findings of a, c, e: %+v %v", fs, err)
		}
		if fs, err := db.Read().Findings(ctx, all, store.FindingFilter{Kind: appKind, SubjectIDs: []int64{}}); err != nil || len(fs) != 0 {
			t.Errorf("findings of no record: %+v %v", fs, err)
		}
	})
}
