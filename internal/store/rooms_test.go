package store_test

// The machine-room registry (ENV-P2, ENV-P3, ENV-R3) on every backend.

import (
	"context"
	"slices"
	"testing"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

func insertRoom(t *testing.T, db *store.DB, m *domain.MachineRoom) *domain.MachineRoom {
	t.Helper()
	return inserted(t, db, m, func(tx *store.Tx) error { return tx.InsertMachineRoom(context.Background(), m) })
}

func TestRoomStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		_, health, edu := district(t, db)

		full := &domain.MachineRoom{UnitID: health.ID, Name: "区急救中心调度机房", Address: "区急救中心2楼", AreaM2: "35.5", Racks: 4,
			Kind: domain.RoomOther, ExemptionBasis: "调度设备须现场运行", Onsite: true, Status: domain.RoomInUse, ClosingNote: "无"}
		insertRoom(t, db, full)
		got, err := db.Read().MachineRoom(ctx, full.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *full
		want.UnitName = "区卫生健康委员会"
		if *got != want {
			t.Fatalf("read back\n%+v\nwant\n%+v", *got, want)
		}

		// Unique within the unit, not across units.
		dup := &domain.MachineRoom{UnitID: health.ID, Name: full.Name, Kind: domain.RoomOther, Status: domain.RoomInUse}
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.InsertMachineRoom(ctx, dup) })
		if e := domain.AsError(err); e.Code != domain.EInvalid || e.Field != "name" {
			t.Fatalf("duplicate name in the unit: %v", err)
		}
		eduRoom := insertRoom(t, db, &domain.MachineRoom{UnitID: edu.ID, Name: full.Name, Kind: domain.RoomAccess, ExemptionBasis: "文件", Status: domain.RoomInUse})
		closed := insertRoom(t, db, &domain.MachineRoom{UnitID: health.ID, Name: "老机房", Kind: domain.RoomOther, Status: domain.RoomClosed, ClosedDate: date(2020, 6, 30)})
		open := insertRoom(t, db, &domain.MachineRoom{UnitID: health.ID, Name: "数据中心机房", Kind: domain.RoomOther, Status: domain.RoomClosing})

		// Optimistic update: the stale version is a conflict.
		stale := *open
		open.Racks = 9
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateMachineRoom(ctx, open) })
		if open.Version != 2 {
			t.Fatalf("version after update %d", open.Version)
		}
		stale.Racks = 3
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateMachineRoom(ctx, &stale) })
		if domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("stale update: %v", err)
		}

		// Filters and scope.
		all := authz.Scope{All: true}
		list := func(scope authz.Scope, f store.RoomFilter) []int64 {
			t.Helper()
			ids := listIDs(t, db.Read().MachineRooms, scope, f)
			n, err := db.Read().CountMachineRooms(ctx, scope, f)
			if err != nil || (f.Limit == 0 && f.After == 0 && n != len(ids)) {
				t.Fatalf("count %d (%v), list %d", n, err, len(ids))
			}
			return ids
		}
		for name, c := range map[string]struct {
			scope authz.Scope
			f     store.RoomFilter
			want  []int64
		}{
			"all":             {all, store.RoomFilter{}, []int64{full.ID, eduRoom.ID, closed.ID, open.ID}},
			"unit scope":      {authz.Scope{UnitIDs: []int64{edu.ID}}, store.RoomFilter{}, []int64{eduRoom.ID}},
			"empty scope":     {authz.Scope{}, store.RoomFilter{}, nil},
			"unit filter":     {all, store.RoomFilter{UnitID: health.ID}, []int64{full.ID, closed.ID, open.ID}},
			"status":          {all, store.RoomFilter{Status: domain.RoomClosed}, []int64{closed.ID}},
			"kind":            {all, store.RoomFilter{Kind: domain.RoomAccess}, []int64{eduRoom.ID}},
			"name contains":   {all, store.RoomFilter{Query: "调度"}, []int64{full.ID, eduRoom.ID}},
			"like is escaped": {all, store.RoomFilter{Query: "%"}, nil},
			"keyset":          {all, store.RoomFilter{After: eduRoom.ID, Limit: 1}, []int64{closed.ID}},
		} {
			if got := list(c.scope, c.f); !slices.Equal(got, c.want) {
				t.Errorf("%s: %v, want %v", name, got, c.want)
			}
		}

		// Milestones, and the systems that name the room.
		ms := &domain.RoomMilestone{RoomID: open.ID, Title: "系统迁移上云", Due: date(2025, 12, 31)}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertRoomMilestone(ctx, ms) })
		early := &domain.RoomMilestone{RoomID: open.ID, Title: "方案评审", Due: date(2024, 6, 30), Done: date(2024, 6, 20)}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertRoomMilestone(ctx, early) })
		ms.Done = date(2026, 1, 5)
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateRoomMilestone(ctx, ms) })
		plan, err := db.Read().RoomMilestones(ctx, open.ID)
		if err != nil || len(plan) != 2 || *plan[0] != *early || *plan[1] != *ms {
			t.Fatalf("plan %v (%v)", plan, err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.DeleteRoomMilestone(ctx, full.ID, ms.ID) })
		if domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("deleting another room's milestone: %v", err)
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.DeleteRoomMilestone(ctx, open.ID, ms.ID) })
		if plan, _ := db.Read().RoomMilestones(ctx, open.ID); len(plan) != 1 {
			t.Fatalf("after delete %v", plan)
		}

		s := sys("XC-WJ-9", "社区卫生服务中心HIS", health.ID, domain.HostingRoom, domain.CategoryBusiness, domain.StatusRunning)
		s.RoomID = open.ID
		insertSystem(t, db, s)
		other := insertSystem(t, db, sys("XC-WJ-10", "云上系统", health.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusRunning))
		if got, _ := db.Read().System(ctx, s.ID); got.RoomID != open.ID {
			t.Fatalf("system room %d", got.RoomID)
		}
		if got, _ := db.Read().System(ctx, other.ID); got.RoomID != 0 {
			t.Fatalf("system without room: %d", got.RoomID)
		}
		hosted, err := db.Read().SystemsInRoom(ctx, open.ID)
		if err != nil || !slices.Equal(idsOf(hosted), []int64{s.ID}) {
			t.Fatalf("systems in room %v (%v)", idsOf(hosted), err)
		}
		gone := sys("XC-WJ-11", "已下线系统", health.ID, domain.HostingRoom, domain.CategoryBusiness, domain.StatusOffline)
		gone.RoomID = open.ID
		insertSystem(t, db, gone)
		counts, err := db.Read().RoomSystemCounts(ctx, []int64{open.ID, full.ID})
		if err != nil || len(counts) != 1 || counts[open.ID] != 1 {
			t.Fatalf("systems in service per room %v (%v)", counts, err)
		}
		s.RoomID, gone.RoomID = 0, 0
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateSystem(ctx, s) })
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateSystem(ctx, gone) })
		if hosted, _ := db.Read().SystemsInRoom(ctx, open.ID); len(hosted) != 0 {
			t.Fatalf("unlinked system still listed")
		}
	})
}
