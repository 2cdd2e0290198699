package store_test

// Government-cloud pools and requests (ENV-R1) on every backend: read-back, the conditional
// allocation and release, the capacity edit that may not undercut the allocation, and scoped
// filtered lists.

import (
	"context"
	"testing"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

func TestCloudPoolsAndAllocation(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		capy := domain.CloudResources{VCPU: 100, MemoryGiB: 400, StorageGiB: 10240, BandwidthMbps: 1000, PublicIPs: 4}
		p := &domain.CloudPool{Name: "政务外网区资源池", Description: "外网区", Capacity: capy}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertCloudPool(ctx, p) })
		got, err := db.Read().CloudPool(ctx, p.ID)
		if err != nil || got.Name != p.Name || got.Capacity != capy || !got.Allocated.IsZero() || got.Version != 1 || !got.CreatedAt.Equal(t0) {
			t.Fatalf("read back %+v %v", got, err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertCloudPool(ctx, &domain.CloudPool{Name: "政务外网区资源池", Capacity: capy})
		})
		if e := domain.AsError(err); e.Code != domain.EInvalid || e.Field != "name" {
			t.Fatalf("duplicate name: %v", err)
		}

		// Allocation within capacity, exactly up to it, and refused beyond it naming the dimension.
		a := domain.CloudResources{VCPU: 60, MemoryGiB: 200, StorageGiB: 1024, BandwidthMbps: 100, PublicIPs: 1}
		inTx(t, db, func(tx *store.Tx) error { return tx.AllocateCloud(ctx, p.ID, a) })
		// Exactly up to capacity is fine (vCPU and storage become full).
		inTx(t, db, func(tx *store.Tx) error {
			return tx.AllocateCloud(ctx, p.ID, domain.CloudResources{VCPU: 40, StorageGiB: 10240 - 1024})
		})
		err = db.InTx(ctx, func(tx *store.Tx) error {
			return tx.AllocateCloud(ctx, p.ID, domain.CloudResources{VCPU: 0, MemoryGiB: 201})
		})
		if e := domain.AsError(err); e.Code != domain.EUnprocessable || e.Field != "granted_memory_gib" || e.Args[1] != int64(201) || e.Args[3] != int64(200) {
			t.Fatalf("over capacity: %v", err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.AllocateCloud(ctx, p.ID, domain.CloudResources{VCPU: 1}) })
		if e := domain.AsError(err); e.Code != domain.EUnprocessable || e.Field != "granted_vcpu" {
			t.Fatalf("vCPU exhausted: %v", err)
		}
		got, _ = db.Read().CloudPool(ctx, p.ID)
		if got.Allocated != (domain.CloudResources{VCPU: 100, MemoryGiB: 200, StorageGiB: 10240, BandwidthMbps: 100, PublicIPs: 1}) {
			t.Fatalf("allocated %+v", got.Allocated)
		}

		// The capacity edit: stale version 409; below the allocation a field error; at it fine.
		edit := *got
		edit.Capacity.MemoryGiB = 199
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateCloudPool(ctx, &edit) })
		if e := domain.AsError(err); e.Code != domain.EInvalid || e.Field != "memory_gib" {
			t.Fatalf("capacity below allocation: %v", err)
		}
		edit = *got
		edit.Version = 9
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateCloudPool(ctx, &edit) })
		if domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("stale pool edit: %v", err)
		}
		edit = *got
		edit.Capacity.MemoryGiB, edit.Name = 200, "外网区资源池"
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateCloudPool(ctx, &edit) })
		if got, _ = db.Read().CloudPool(ctx, p.ID); got.Version != 2 || got.Capacity.MemoryGiB != 200 || got.Name != "外网区资源池" {
			t.Fatalf("after edit %+v", got)
		}

		// Release returns capacity, and never below zero.
		inTx(t, db, func(tx *store.Tx) error { return tx.ReleaseCloud(ctx, p.ID, a) })
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.ReleaseCloud(ctx, p.ID, a) })
		if err == nil {
			t.Fatal("releasing more than allocated succeeded")
		}
		got, _ = db.Read().CloudPool(ctx, p.ID)
		if got.Allocated != (domain.CloudResources{VCPU: 40, StorageGiB: 10240 - 1024}) {
			t.Fatalf("after release %+v", got.Allocated)
		}
	})
}

func TestCloudRequestsStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		_, health, edu := district(t, db)
		hs := insertSystem(t, db, sys("XC-WJ-001", "全民健康信息平台", health.ID, domain.HostingCloud, domain.CategoryPlatform, domain.StatusRunning))
		es := insertSystem(t, db, sys("XC-JY-001", "智慧教育云平台", edu.ID, domain.HostingCloud, domain.CategoryPlatform, domain.StatusRunning))
		p := &domain.CloudPool{Name: "互联网区资源池", Capacity: domain.CloudResources{VCPU: 10}}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertCloudPool(ctx, p) })

		mk := func(unit, system int64, st domain.CloudRequestStatus, just string) *domain.CloudRequest {
			r := &domain.CloudRequest{UnitID: unit, SystemID: system, PoolID: p.ID, Requested: domain.CloudResources{VCPU: 2, PublicIPs: 1},
				Justification: just, PeriodStart: date(2027, 1, 1), PeriodEnd: date(2029, 12, 31), Status: st}
			inTx(t, db, func(tx *store.Tx) error { return tx.InsertCloudRequest(ctx, r) })
			return r
		}
		r1 := mk(health.ID, hs.ID, domain.CloudDraft, "接入医疗机构")
		r2 := mk(health.ID, hs.ID, domain.CloudSubmitted, "扩容")
		r3 := mk(edu.ID, es.ID, domain.CloudSubmitted, "在线课堂_100%")

		got, err := db.Read().CloudRequest(ctx, r1.ID)
		if err != nil || got.UnitName != "区卫生健康委员会" || got.SystemName != "全民健康信息平台" || got.PoolName != "互联网区资源池" ||
			got.ProjectID != 0 || !got.PeriodStart.Equal(date(2027, 1, 1)) || !got.PeriodEnd.Equal(date(2029, 12, 31)) || got.Version != 1 ||
			got.Requested.PublicIPs != 1 || !got.Granted.IsZero() || !got.DecidedAt.IsZero() {
			t.Fatalf("read back %+v %v", got, err)
		}

		// Update with optimistic concurrency.
		got.Status, got.Granted, got.DecisionNote, got.DecidedAt = domain.CloudPartiallyApproved, domain.CloudResources{VCPU: 1}, "核减", t0
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateCloudRequest(ctx, got) })
		stale := *got
		stale.Version = 1
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateCloudRequest(ctx, &stale) }); domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("stale update: %v", err)
		}
		again, _ := db.Read().CloudRequest(ctx, r1.ID)
		if again.Version != 2 || again.Granted.VCPU != 1 || again.DecisionNote != "核减" || !again.DecidedAt.Equal(t0) {
			t.Fatalf("after update %+v", again)
		}

		ids := func(scope authz.Scope, f store.CloudRequestFilter) []int64 {
			t.Helper()
			return listIDs(t, db.Read().CloudRequests, scope, f)
		}
		all := authz.Scope{All: true}
		eq := func(got, want []int64) {
			t.Helper()
			if len(got) != len(want) {
				t.Fatalf("ids %v, want %v", got, want)
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("ids %v, want %v", got, want)
				}
			}
		}
		eq(ids(all, store.CloudRequestFilter{}), []int64{r3.ID, r2.ID, r1.ID}) // newest first
		eq(ids(authz.Scope{UnitIDs: []int64{health.ID}}, store.CloudRequestFilter{}), []int64{r2.ID, r1.ID})
		eq(ids(authz.Scope{}, store.CloudRequestFilter{}), nil)
		eq(ids(all, store.CloudRequestFilter{Status: domain.CloudSubmitted}), []int64{r3.ID, r2.ID})
		eq(ids(all, store.CloudRequestFilter{Query: "健康"}), []int64{r2.ID, r1.ID})
		eq(ids(all, store.CloudRequestFilter{Query: "_100%"}), []int64{r3.ID}) // LIKE wildcards are literal
		eq(ids(all, store.CloudRequestFilter{Query: "100_"}), nil)
		eq(ids(all, store.CloudRequestFilter{SystemID: es.ID}), []int64{r3.ID})
		eq(ids(all, store.CloudRequestFilter{Before: r3.ID, Limit: 1}), []int64{r2.ID})
		if n, err := db.Read().CountCloudRequests(ctx, authz.Scope{UnitIDs: []int64{edu.ID}}, store.CloudRequestFilter{Status: domain.CloudSubmitted}); err != nil || n != 1 {
			t.Fatalf("count %d %v", n, err)
		}
		uses, err := db.Read().CloudUnitUses(ctx, all)
		if err != nil || len(uses) != 1 || uses[0].UnitID != health.ID || uses[0].Granted.VCPU != 1 || uses[0].Requests != 1 {
			t.Fatalf("unit uses %+v %v", uses, err)
		}
		if uses, _ := db.Read().CloudUnitUses(ctx, authz.Scope{UnitIDs: []int64{edu.ID}}); len(uses) != 0 {
			t.Fatalf("edu scope sees %+v", uses)
		}

	})
}
