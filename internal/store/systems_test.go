package store_test

// The information-system registry (ENV-P1, ENV-P3, BLD-R5) on every backend.

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// ids is the ID of each record.
func idsOf[T any](xs []*T) []int64 {
	var out []int64
	for _, x := range xs {
		out = append(out, reflect.ValueOf(x).Elem().FieldByName("ID").Int())
	}
	return out
}

// listIDs is the ids of the records list gives in scope under f, failing the test on an error.
func listIDs[T, F any](t *testing.T, list func(context.Context, authz.Scope, F) ([]*T, error), scope authz.Scope, f F) []int64 {
	t.Helper()
	xs, err := list(context.Background(), scope, f)
	if err != nil {
		t.Fatal(err)
	}
	return idsOf(xs)
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func insertSystem(t *testing.T, db *store.DB, s *domain.System) *domain.System {
	t.Helper()
	return inserted(t, db, s, func(tx *store.Tx) error { return tx.InsertSystem(context.Background(), s) })
}

// sys is a valid non-classified system with the given differences.
func sys(code, name string, unitID int64, hosting domain.Hosting, cat domain.SystemCategory, st domain.SystemStatus) *domain.System {
	s := &domain.System{Code: code, Name: name, UnitID: unitID, Category: cat, Classification: domain.Unclassified,
		Hosting: hosting, Network: domain.NetworkExtranet, Status: st}
	if hosting == domain.HostingOnsite {
		s.HostingNote = "设备自带工作站"
	}
	return s
}

func TestSystemInsertAndReadBack(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		_, health, _ := district(t, db)

		full := &domain.System{
			Code: "xc-wj-001", Name: "区域卫生信息平台", UnitID: health.ID, Purpose: "全区居民健康档案与诊疗数据汇聚",
			Category: domain.CategoryPlatform, Classification: domain.Unclassified, Hosting: domain.HostingRoom,
			HostingNote: "卫健委三楼机房", Network: domain.NetworkPrivate,
			UserLevels: []domain.UserLevel{domain.LevelVillage, domain.LevelDistrict, domain.LevelTown},
			GoLive:     date(2019, 5, 1), LastUpgrade: date(2023, 11, 20), Vendor: "苏州某科技有限公司", AnnualCost: "35.5000",
			Status: domain.StatusRunning, CloudExemption: domain.ExemptHigherBuilt, CloudExemptionBasis: "市卫健委《关于统一建设区域卫生信息平台的通知》（苏卫信〔2017〕8号）",
		}
		if err := full.Validate(); err != nil {
			t.Fatal(err)
		}
		insertSystem(t, db, full)
		if !full.CreatedAt.Equal(t0) || !full.UpdatedAt.Equal(t0) {
			t.Fatalf("InsertSystem times %v %v, want %v", full.CreatedAt, full.UpdatedAt, t0)
		}

		got, err := db.Read().System(ctx, full.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Code != "XC-WJ-001" || got.Name != full.Name || got.UnitID != health.ID || got.UnitName != "区卫生健康委员会" ||
			got.Purpose != full.Purpose || got.Category != domain.CategoryPlatform || got.Classification != domain.Unclassified ||
			got.Hosting != domain.HostingRoom || got.HostingNote != "卫健委三楼机房" || got.Network != domain.NetworkPrivate ||
			got.Vendor != full.Vendor || got.AnnualCost != full.AnnualCost || got.AnnualCost == "" || got.Status != domain.StatusRunning ||
			got.ReplacedByID != 0 || got.StatusBefore != "" || !got.OfflineDate.IsZero() ||
			got.CloudExemption != domain.ExemptHigherBuilt || got.CloudExemptionBasis != full.CloudExemptionBasis ||
			got.Version != 1 || !got.CreatedAt.Equal(t0) || !got.UpdatedAt.Equal(t0) {
			t.Fatalf("read back %+v", got)
		}
		// Dates are calendar dates: the same day back, no time of day, no zone shift.
		if !got.GoLive.Equal(date(2019, 5, 1)) || !got.LastUpgrade.Equal(date(2023, 11, 20)) {
			t.Fatalf("dates read back as %v, %v", got.GoLive, got.LastUpgrade)
		}
		var goLive, upgrade, offline string
		if err := rawRow(db, `SELECT go_live, last_upgrade, offline_date FROM systems WHERE id = ?`, full.ID).Scan(&goLive, &upgrade, &offline); err != nil {
			t.Fatal(err)
		}
		if goLive != "2019-05-01" || upgrade != "2023-11-20" || offline != "" {
			t.Fatalf("dates stored as %q %q %q", goLive, upgrade, offline)
		}
		var exemption string
		if err := rawRow(db, `SELECT cloud_exemption FROM systems WHERE id = ?`, full.ID).Scan(&exemption); err != nil || exemption != "higher_level_built" {
			t.Fatalf("cloud_exemption stored as %q (%v)", exemption, err)
		}
		// User levels come back as stored: normalized by Validate into one order.
		if want := []domain.UserLevel{domain.LevelDistrict, domain.LevelTown, domain.LevelVillage}; !slices.Equal(got.UserLevels, want) {
			t.Fatalf("user levels %v, want %v", got.UserLevels, want)
		}
		byCode, err := db.Read().SystemByCode(ctx, "XC-WJ-001")
		if err != nil || byCode.ID != full.ID || byCode.UnitName != "区卫生健康委员会" {
			t.Fatalf("SystemByCode = %+v, %v", byCode, err)
		}

		// The store keeps the order it is given; one level, none.
		two := sys("XC-WJ-002", "预约挂号系统", health.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusRunning)
		two.UserLevels = []domain.UserLevel{domain.LevelTown, domain.LevelDistrict}
		insertSystem(t, db, two)
		if got, _ := db.Read().System(ctx, two.ID); !slices.Equal(got.UserLevels, two.UserLevels) || !got.GoLive.IsZero() || !got.LastUpgrade.IsZero() {
			t.Fatalf("second system read back %+v", got)
		}
		one := sys("XC-WJ-003", "家庭医生签约", health.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusRunning)
		one.UserLevels = []domain.UserLevel{domain.LevelVillage}
		insertSystem(t, db, one)
		if got, _ := db.Read().System(ctx, one.ID); !slices.Equal(got.UserLevels, one.UserLevels) {
			t.Fatalf("one level read back %v", got.UserLevels)
		}

		// A classified system: the minimal record, and nothing else is stored.
		secret := &domain.System{Code: "XC-SM-001", Name: "涉密公文系统", UnitID: health.ID, Classification: domain.Classified, Status: domain.StatusRunning}
		if err := secret.Validate(); err != nil {
			t.Fatal(err)
		}
		insertSystem(t, db, secret)
		got, err = db.Read().System(ctx, secret.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Classification != domain.Classified || got.Purpose != "" || got.Category != "" || got.Hosting != "" || got.Network != "" ||
			len(got.UserLevels) != 0 || !got.GoLive.IsZero() || got.Vendor != "" || got.AnnualCost != "" || got.CloudExemption != "" || got.CloudExemptionBasis != "" {
			t.Fatalf("classified read back %+v", got)
		}
		if err := got.Validate(); err != nil {
			t.Fatalf("a classified system read back no longer validates: %v", err)
		}

		// The lifecycle fields round-trip.
		two.Status, two.ReplacedByID, two.StatusBefore = domain.StatusCleanupAccepted, one.ID, domain.StatusSuperseded
		two.OfflineDate = date(2026, 3, 6)
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateSystem(ctx, two) })
		got, _ = db.Read().System(ctx, two.ID)
		if got.Status != domain.StatusCleanupAccepted || got.ReplacedByID != one.ID || got.StatusBefore != domain.StatusSuperseded ||
			!got.OfflineDate.Equal(date(2026, 3, 6)) || got.Version != 2 {
			t.Fatalf("lifecycle fields read back %+v", got)
		}

		_, err = db.Read().System(ctx, 999999)
		wantCode(t, err, domain.ENotFound, "")
		_, err = db.Read().SystemByCode(ctx, "NOPE")
		wantCode(t, err, domain.ENotFound, "")
	})
}

func TestSystemUniqueCodeAndOptimisticUpdate(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		d := insertUnit(t, db, &domain.Unit{Code: "D1", Name: "区", Kind: domain.KindDistrict, Active: true})
		u := insertUnit(t, db, &domain.Unit{Code: "B1", Name: "局一", Kind: domain.KindBureau, ParentID: d.ID, Active: true})
		s1 := insertSystem(t, db, sys("S-1", "系统一", u.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusRunning))
		insertSystem(t, db, sys("S-2", "系统二", u.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusRunning))

		err := db.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertSystem(ctx, sys("S-1", "重复", u.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusRunning))
		})
		wantCode(t, err, domain.EInvalid, "code")
		if ss, _ := db.Read().Systems(ctx, authz.Scope{All: true}, store.SystemFilter{}); len(ss) != 2 {
			t.Fatalf("after a refused duplicate: %d systems, want 2", len(ss))
		}

		// Two editors load version 1; the first save wins, the second is a conflict.
		first, _ := db.Read().System(ctx, s1.ID)
		second, _ := db.Read().System(ctx, s1.ID)
		clock.Advance(time.Minute)
		first.Name = "系统一（改）"
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateSystem(ctx, first) })
		if first.Version != 2 || !first.UpdatedAt.Equal(clock.T) {
			t.Fatalf("after update: version %d updated %v", first.Version, first.UpdatedAt)
		}
		second.Name = "系统一（另改）"
		second.Status = domain.StatusIdle
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateSystem(ctx, second) })
		wantCode(t, err, domain.EConflict, "")
		got, _ := db.Read().System(ctx, s1.ID)
		if got.Name != "系统一（改）" || got.Status != domain.StatusRunning || got.Version != 2 || !got.UpdatedAt.Equal(clock.T) || !got.CreatedAt.Equal(t0) {
			t.Fatalf("the stale update changed something: %+v", got)
		}

		// Renaming the code to one that is taken is refused on the field, and nothing changes.
		got.Code = "S-2"
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateSystem(ctx, got) })
		wantCode(t, err, domain.EInvalid, "code")
		if again, _ := db.Read().System(ctx, s1.ID); again.Code != "S-1" || again.Version != 2 {
			t.Fatalf("refused code change stored: %+v", again)
		}

		// A system that does not exist cannot be updated.
		err = db.InTx(ctx, func(tx *store.Tx) error {
			return tx.UpdateSystem(ctx, &domain.System{ID: 999999, Code: "S-9", Name: "无", UnitID: u.ID, Classification: domain.Unclassified, Status: domain.StatusRunning, Version: 1})
		})
		if err == nil {
			t.Fatal("updating a missing system succeeded")
		}
	})
}

func TestSystemFiltersScopeAndPaging(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		d, health, edu := district(t, db)
		street := insertUnit(t, db, &domain.Unit{Code: "320507201", Name: "元和街道", Kind: domain.KindStreet, ParentID: d.ID, Active: true})
		empty := insertUnit(t, db, &domain.Unit{Code: "320507107", Name: "区民政局", Kind: domain.KindBureau, ParentID: d.ID, Active: true})

		platform := insertSystem(t, db, sys("XC-WJ-001", "区域卫生信息平台", health.ID, domain.HostingCloud, domain.CategoryPlatform, domain.StatusRunning))
		booking := insertSystem(t, db, sys("XC-WJ-002", "预约挂号系统", health.ID, domain.HostingRoom, domain.CategoryBusiness, domain.StatusIdle))
		portal := insertSystem(t, db, sys("XC-JY-001", "教育局门户网站", edu.ID, domain.HostingOther, domain.CategoryPortal, domain.StatusRunning))
		cctv := insertSystem(t, db, sys("XC-JY-002", "校园安防监控", edu.ID, domain.HostingOnsite, domain.CategoryBusiness, domain.StatusRunning))
		secret := insertSystem(t, db, &domain.System{Code: "XC-WJ-SM1", Name: "涉密公文系统", UnitID: health.ID, Classification: domain.Classified, Status: domain.StatusRunning})
		oldOA := insertSystem(t, db, sys("XC-YH-001", "元和旧OA系统", street.ID, domain.HostingRoom, domain.CategoryOther, domain.StatusOffline))
		library := insertSystem(t, db, sys("XC-JY-003", "学籍基础库", edu.ID, domain.HostingRoom, domain.CategoryBaseLibrary, domain.StatusCleanupAccepted))
		filed := insertSystem(t, db, sys("XC-JY-004", "教师培训管理", edu.ID, domain.HostingRoom, domain.CategoryBusiness, domain.StatusCleanupFiled))
		oddName := insertSystem(t, db, sys("XC-WJ-003", `100%_达标\考核`, health.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusSuperseded))
		all := []int64{platform.ID, booking.ID, portal.ID, cctv.ID, secret.ID, oldOA.ID, library.ID, filed.ID, oddName.ID}
		everyone := authz.Scope{All: true}
		// ENV-P1's rule finds these off the cloud (the engine's findings; the filter reads them).
		for _, x := range []*domain.System{booking, portal, filed} {
			addFinding(t, db, domain.SubjectSystem, x.ID, x.UnitID, domain.RuleOffCloud, domain.FindingOpen)
		}

		cases := []struct {
			name  string
			scope authz.Scope
			f     store.SystemFilter
			want  []int64
		}{
			{"all", everyone, store.SystemFilter{}, all},
			{"name contains", everyone, store.SystemFilter{Query: "门户"}, []int64{portal.ID}},
			{"code contains", everyone, store.SystemFilter{Query: "JY-00"}, []int64{portal.ID, cctv.ID, library.ID, filed.ID}},
			{"query trimmed", everyone, store.SystemFilter{Query: "  挂号 "}, []int64{booking.ID}},
			{"percent is literal", everyone, store.SystemFilter{Query: "%"}, []int64{oddName.ID}},
			{"underscore is literal", everyone, store.SystemFilter{Query: "_"}, []int64{oddName.ID}},
			{"backslash is literal", everyone, store.SystemFilter{Query: `\`}, []int64{oddName.ID}},
			{"no match", everyone, store.SystemFilter{Query: "公安"}, nil},
			{"unit", everyone, store.SystemFilter{UnitID: health.ID}, []int64{platform.ID, booking.ID, secret.ID, oddName.ID}},
			{"unit without systems", everyone, store.SystemFilter{UnitID: empty.ID}, nil},
			{"status", everyone, store.SystemFilter{Status: domain.StatusRunning}, []int64{platform.ID, portal.ID, cctv.ID, secret.ID}},
			{"status idle", everyone, store.SystemFilter{Status: domain.StatusIdle}, []int64{booking.ID}},
			{"hosting", everyone, store.SystemFilter{Hosting: domain.HostingRoom}, []int64{booking.ID, oldOA.ID, library.ID, filed.ID}},
			{"hosting on-site", everyone, store.SystemFilter{Hosting: domain.HostingOnsite}, []int64{cctv.ID}},
			{"category", everyone, store.SystemFilter{Category: domain.CategoryBusiness}, []int64{booking.ID, cctv.ID, filed.ID, oddName.ID}},
			{"category base library", everyone, store.SystemFilter{Category: domain.CategoryBaseLibrary}, []int64{library.ID}},
			// ENV-P1: a live finding of its rule.
			{"off cloud", everyone, store.SystemFilter{OffCloud: true}, []int64{booking.ID, portal.ID, filed.ID}},
			{"off cloud in a unit", everyone, store.SystemFilter{OffCloud: true, UnitID: edu.ID}, []int64{portal.ID, filed.ID}},
			{"unit and status", everyone, store.SystemFilter{UnitID: edu.ID, Status: domain.StatusRunning}, []int64{portal.ID, cctv.ID}},
			{"query and hosting", everyone, store.SystemFilter{Query: "XC-JY", Hosting: domain.HostingRoom}, []int64{library.ID, filed.ID}},
			{"after", everyone, store.SystemFilter{After: library.ID}, []int64{filed.ID, oddName.ID}},
			{"limit", everyone, store.SystemFilter{Limit: 2}, []int64{platform.ID, booking.ID}},

			// Scope: a unit's systems only; filters narrow within it and never widen it.
			{"scope health", authz.Scope{UnitIDs: []int64{health.ID}}, store.SystemFilter{}, []int64{platform.ID, booking.ID, secret.ID, oddName.ID}},
			{"scope health and street", authz.Scope{UnitIDs: []int64{health.ID, street.ID}}, store.SystemFilter{}, []int64{platform.ID, booking.ID, secret.ID, oldOA.ID, oddName.ID}},
			{"scope of a unit without systems", authz.Scope{UnitIDs: []int64{empty.ID}}, store.SystemFilter{}, nil},
			{"empty scope", authz.Scope{}, store.SystemFilter{}, nil},
			{"empty scope with a unit filter", authz.Scope{}, store.SystemFilter{UnitID: health.ID}, nil},
			{"empty scope with self", authz.Scope{SelfID: 1}, store.SystemFilter{}, nil},
			{"scope health, filter edu", authz.Scope{UnitIDs: []int64{health.ID}}, store.SystemFilter{UnitID: edu.ID}, nil},
			{"scope health, query 教育", authz.Scope{UnitIDs: []int64{health.ID}}, store.SystemFilter{Query: "教育"}, nil},
			{"scope health, off cloud", authz.Scope{UnitIDs: []int64{health.ID}}, store.SystemFilter{OffCloud: true}, []int64{booking.ID}},
			{"scope health, after and limit", authz.Scope{UnitIDs: []int64{health.ID}}, store.SystemFilter{After: platform.ID, Limit: 2}, []int64{booking.ID, secret.ID}},
		}
		for _, c := range cases {
			ss, err := db.Read().Systems(ctx, c.scope, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got := idsOf(ss); !slices.Equal(got, c.want) {
				t.Errorf("%s: got %v, want %v", c.name, got, c.want)
			}
		}

		// Keyset pagination returns every row exactly once, in id order — also filtered and scoped.
		pagings := []struct {
			name  string
			scope authz.Scope
			f     store.SystemFilter
			want  []int64
		}{
			{"all", everyone, store.SystemFilter{}, all},
			{"edu", everyone, store.SystemFilter{UnitID: edu.ID}, []int64{portal.ID, cctv.ID, library.ID, filed.ID}},
			{"scope health", authz.Scope{UnitIDs: []int64{health.ID}}, store.SystemFilter{}, []int64{platform.ID, booking.ID, secret.ID, oddName.ID}},
			{"off cloud", everyone, store.SystemFilter{OffCloud: true}, []int64{booking.ID, portal.ID, filed.ID}},
		}
		for _, p := range pagings {
			for _, size := range []int{1, 2, 3, 4, len(all), len(all) + 1} {
				var seen []int64
				f := p.f
				f.Limit = size
				for pages := 0; ; pages++ {
					if pages > len(all)+1 {
						t.Fatalf("%s, page size %d: pagination does not end", p.name, size)
					}
					ss, err := db.Read().Systems(ctx, p.scope, f)
					if err != nil {
						t.Fatal(err)
					}
					if len(ss) > size {
						t.Fatalf("%s, page size %d: got %d rows", p.name, size, len(ss))
					}
					seen = append(seen, idsOf(ss)...)
					if len(ss) < size {
						break
					}
					f.After = ss[len(ss)-1].ID
				}
				if !slices.Equal(seen, p.want) {
					t.Errorf("%s, page size %d: saw %v, want %v", p.name, size, seen, p.want)
				}
			}
		}
	})
}

// Codes are stored upper-case (domain.System.Normalize) and people type them in lower case;
// names can hold Latin letters ("OA"). A search must find the same rows on every backend.
// listOf is every system in scope.
func listOf(t *testing.T, db *store.DB, scope authz.Scope) []*domain.System {
	t.Helper()
	ss, err := db.Read().Systems(context.Background(), scope, store.SystemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return ss
}

func TestSystemQueryIgnoresLatinCase(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		d := insertUnit(t, db, &domain.Unit{Code: "320507", Name: "相城区", Kind: domain.KindDistrict, Active: true})
		s := insertSystem(t, db, sys("XC-YH-001", "元和OA系统", d.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusRunning))
		for _, q := range []string{"XC-YH", "xc-yh", "OA", "oa"} {
			ss, err := db.Read().Systems(ctx, authz.Scope{All: true}, store.SystemFilter{Query: q})
			if err != nil {
				t.Fatal(err)
			}
			if got := idsOf(ss); !slices.Equal(got, []int64{s.ID}) {
				t.Errorf("query %q: got %v, want [%d]", q, got, s.ID)
			}
		}
	})
}
