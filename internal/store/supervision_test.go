package store_test

// Key-project supervision (FLOW-5) on every backend: an assignment read back with its accounts
// and its project, its accounts replaced by a versioned update (a stale one refused), the
// supervisors' logins, the list scoped by unit and by the supervisor's own login, and the
// append-only log paged newest first, filtered by kind, a correction referring to its entry.

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

func TestSupervisionStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		_, health, edu := district(t, db)
		g, _, items := guideAndItems(t, db, health.ID)
		project := func(item *domain.PlanItemRef, name string) *domain.Project {
			p := &domain.Project{UnitID: health.ID, Year: 2027, PlanItemID: item.ID, GuideID: g.ID, Name: name, Kind: domain.ItemNew,
				KeyCategory: domain.KeyTheme, RoomWork: domain.RoomWorkNone, Status: domain.ProjApproved, NoData: true}
			return inserted(t, db, p, func(tx *store.Tx) error { return tx.InsertProject(ctx, p) })
		}
		p, q := project(items[0], "数据中台"), project(items[1], "驾驶舱")
		shi := insertUser(t, db, &domain.User{Username: "shiwh", Name: "施文浩"}, "x")
		wang := insertUser(t, db, &domain.User{Username: "wangjl", Name: "王监理"}, "x")

		x := &domain.Supervision{ProjectID: p.ID, Firm: "恒信监理", UserIDs: []int64{shi.ID}}
		inserted(t, db, x, func(tx *store.Tx) error { return tx.InsertSupervision(ctx, x) })
		got, err := db.Read().ProjectSupervision(ctx, p.ID)
		if err != nil || got.Firm != "恒信监理" || got.ProjectName != "数据中台" || got.UnitName != health.Name || got.KeyCategory != domain.KeyTheme ||
			!slices.Equal(got.UserIDs, []int64{shi.ID}) || got.Users[0].Name != "施文浩" {
			t.Fatalf("read back %+v %v", got, err)
		}
		if _, err := db.Read().ProjectSupervision(ctx, q.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("none assigned: %v", err)
		}
		// A change replaces the accounts; a stale one is a conflict.
		clock.Advance(time.Minute)
		got.UserIDs = []int64{wang.ID, shi.ID}
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateSupervision(ctx, got) })
		stale := *got
		stale.Version = 1
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateSupervision(ctx, &stale) }); domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("stale update: %v", err)
		}
		if ids, err := db.Read().SupervisorAccounts(ctx, p.ID); err != nil || !slices.Equal(ids, []int64{shi.ID, wang.ID}) {
			t.Fatalf("supervisors %v %v", ids, err)
		}
		// The list: by unit scope, by the supervisor's own login, none for another unit.
		list := func(sc authz.Scope, self int64) int {
			xs, err := db.Read().Supervisions(ctx, sc, self, store.SupervisionFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return len(xs)
		}
		if list(authz.Scope{All: true}, 0) != 1 || list(authz.Scope{UnitIDs: []int64{health.ID}}, 0) != 1 ||
			list(authz.Scope{UnitIDs: []int64{edu.ID}}, 0) != 0 || list(authz.Scope{}, wang.ID) != 1 || list(authz.Scope{}, 999) != 0 {
			t.Fatal("the assignments' scope")
		}

		// The log: newest first, paged, by kind; a correction names its entry.
		day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
		var entries []*domain.SupervisionEntry
		for i, k := range []domain.SupervisionKind{domain.SupMaterialReview, domain.SupRegularMeeting, domain.SupSiteInspection} {
			e := &domain.SupervisionEntry{ProjectID: p.ID, Kind: k, Date: day.AddDate(0, 0, i), Participants: "施文浩", Findings: "发现" + string(k), AuthorID: shi.ID}
			entries = append(entries, inserted(t, db, e, func(tx *store.Tx) error { return tx.InsertSupervisionEntry(ctx, e) }))
		}
		fix := &domain.SupervisionEntry{ProjectID: p.ID, Kind: domain.SupSiteInspection, Date: day, Participants: "施文浩", Findings: "更正", Corrects: entries[2].ID}
		inserted(t, db, fix, func(tx *store.Tx) error { return tx.InsertSupervisionEntry(ctx, fix) }) // by the command line: no author
		page, err := db.Read().SupervisionLog(ctx, p.ID, store.SupervisionLogFilter{Limit: 2})
		if err != nil || len(page) != 2 || page[0].ID != fix.ID || page[0].Corrects != entries[2].ID || page[0].AuthorID != 0 || page[1].AuthorName != "施文浩" {
			t.Fatalf("first page %+v %v", page, err)
		}
		rest, err := db.Read().SupervisionLog(ctx, p.ID, store.SupervisionLogFilter{After: page[1].ID})
		if err != nil || len(rest) != 2 || !rest[1].Date.Equal(day) {
			t.Fatalf("rest %+v %v", rest, err)
		}
		site, err := db.Read().SupervisionLog(ctx, p.ID, store.SupervisionLogFilter{Kind: domain.SupSiteInspection})
		if err != nil || len(site) != 2 {
			t.Fatalf("by kind %+v %v", site, err)
		}
		if other, err := db.Read().SupervisionLog(ctx, q.ID, store.SupervisionLogFilter{}); err != nil || len(other) != 0 {
			t.Fatalf("another project's log %+v %v", other, err)
		}
	})
}
