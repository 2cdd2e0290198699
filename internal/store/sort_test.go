package store_test

// Sorted registry lists (systems, machine rooms): every order walks all in-scope records
// exactly once, page by page, from cursors that carry their own sort key, on every backend.

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// Names whose bytewise order differs from a linguistic collation's (case, accents, CJK, digits),
// with ties, so the id must break them.
var sortNames = []string{"alpha", "Beta", "beta", "Zeta", "区域卫生平台", "办公OA", "Ärzte", "10号平台", "9号平台", "alpha", "_内网", "a b"}

// linguisticNames gives the name and code columns on PostgreSQL a linguistic collation (ICU's
// English), as a database created with a non-C locale has: the lists must still order bytewise,
// like SQLite. The test database itself is often created with the C locale, which would hide it.
func linguisticNames(t *testing.T, db *store.DB, table string, cols ...string) {
	t.Helper()
	if db.Dialect != store.Postgres {
		return
	}
	var n int
	if err := rawRow(db, `SELECT count(*) FROM pg_collation WHERE collname = 'en-x-icu'`).Scan(&n); err != nil || n == 0 {
		t.Logf("no ICU collation en-x-icu (%v): the columns keep the database's collation", err)
		return
	}
	for _, c := range cols {
		rawExec(t, db, `ALTER TABLE `+table+` ALTER COLUMN `+c+` TYPE TEXT COLLATE "en-x-icu"`)
	}
	var lt bool
	if err := rawRow(db, `SELECT 'Beta' < 'alpha' COLLATE "en-x-icu"`).Scan(&lt); err != nil || lt {
		t.Fatalf("en-x-icu orders Beta before alpha (%v): not linguistic", err)
	}
}

// walkPages reads a list page after page, each from the cursor after the previous page's last
// record (nil for the first page), until a page holds fewer than limit; it fails the test on an
// error and when the walk does not end within most pages.
func walkPages[T any](t *testing.T, name string, limit, most int, page func(last *T) ([]*T, error)) []*T {
	t.Helper()
	var all []*T
	var last *T
	for pages := 0; ; pages++ {
		if pages > most {
			t.Fatalf("%s limit %d: the walk does not end: %v", name, limit, idsOf(all))
		}
		xs, err := page(last)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(xs) > limit {
			t.Fatalf("%s limit %d: got %d rows", name, limit, len(xs))
		}
		all = append(all, xs...)
		if len(xs) < limit {
			return all
		}
		last = xs[len(xs)-1]
	}
}

func TestSortedSystemPages(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		_, health, edu := district(t, db)
		linguisticNames(t, db, "systems", "name", "code")

		goLives := []time.Time{date(2019, 5, 1), {}, date(2021, 1, 1), date(2019, 5, 1), {}, date(2024, 12, 31)}
		var mine, others []*domain.System
		for i, name := range sortNames {
			for j, u := range []*domain.Unit{health, edu} {
				s := sys(fmt.Sprintf("XC-%s-%02d", []string{"wj", "JY"}[j], (i*7)%len(sortNames)), name, u.ID, domain.HostingCloud,
					domain.CategoryBusiness, domain.StatusRunning)
				s.GoLive = goLives[(i+j)%len(goLives)]
				if i%3 != 0 { // some share their time: updated_at ties too
					clock.Advance(time.Second)
				}
				insertSystem(t, db, s)
				if j == 0 {
					mine = append(mine, s)
				} else {
					others = append(others, s)
				}
			}
		}
		// Changing a system moves it to the top of "updated".
		clock.Advance(time.Minute)
		mine[2].Vendor = "某公司"
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateSystem(ctx, mine[2]) })

		scope := authz.Scope{UnitIDs: []int64{health.ID}}
		id := func(s *domain.System) int64 { return s.ID }
		for _, tc := range []struct {
			sort      store.ListSort
			num, desc bool
		}{{store.SortID, true, false}, {store.SortName, false, false}, {store.SortCode, false, false},
			{store.SortGoLive, false, true}, {store.SortUpdated, true, true}} {
			key := func(s *domain.System) string { return store.SystemSortKey(tc.sort, s) }
			if tc.sort == store.SortID {
				key = func(s *domain.System) string { return strconv.FormatInt(s.ID, 10) }
			}
			want := testdb.SortedIDs(mine, key, id, tc.num, tc.desc)
			// the page after last, of at most limit systems matching f
			page := func(f store.SystemFilter, limit int) func(last *domain.System) ([]*domain.System, error) {
				return func(last *domain.System) ([]*domain.System, error) {
					f.Sort, f.Limit = tc.sort, limit
					if last != nil {
						f.After, f.AfterKey = last.ID, store.SystemSortKey(tc.sort, last)
					}
					return db.Read().Systems(ctx, scope, f)
				}
			}
			name := fmt.Sprintf("sort %q", tc.sort)
			for _, limit := range []int{1, 2, 5, 100} {
				got := idsOf(walkPages(t, name, limit, len(mine)+1, page(store.SystemFilter{}, limit)))
				if !slices.Equal(got, want) {
					t.Fatalf("sort %q limit %d: walked %v, want %v", tc.sort, limit, got, want)
				}
			}
			// Filters and the cursor together; another unit's records never appear.
			all, err := db.Read().Systems(ctx, authz.Scope{All: true}, store.SystemFilter{Sort: tc.sort, Query: "a"})
			if err != nil {
				t.Fatal(err)
			}
			var wantQ []int64
			for _, s := range all {
				if s.UnitID == health.ID {
					wantQ = append(wantQ, s.ID)
				}
			}
			walked := walkPages(t, name+" with q=a", 3, len(mine)+1, page(store.SystemFilter{Query: "a"}, 3))
			for _, s := range walked {
				if s.UnitID != health.ID {
					t.Fatalf("sort %q: another unit's system %d in scope %v", tc.sort, s.ID, scope)
				}
			}
			if got := idsOf(walked); len(wantQ) == 0 || !slices.Equal(got, wantQ) {
				t.Fatalf("sort %q with q=a: walked %v, want %v", tc.sort, got, wantQ)
			}
			if n, err := db.Read().CountSystems(ctx, scope, store.SystemFilter{Sort: tc.sort, After: 99, AfterKey: "z", Query: "a"}); err != nil || n != len(wantQ) {
				t.Fatalf("sort %q: count %d, %v; want %d", tc.sort, n, err, len(wantQ))
			}
		}
		if len(others) != len(mine) {
			t.Fatal("setup")
		}
	})
}

func TestSortedRoomPages(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		_, health, edu := district(t, db)
		linguisticNames(t, db, "machine_rooms", "name")
		var mine []*domain.MachineRoom
		for i, name := range sortNames {
			if i == 9 {
				continue // room names are unique within a unit
			}
			for _, u := range []*domain.Unit{edu, health} {
				if i%2 == 0 {
					clock.Advance(time.Second)
				}
				m := insertRoom(t, db, &domain.MachineRoom{UnitID: u.ID, Name: name + "机房", Kind: domain.RoomOther, Status: domain.RoomInUse})
				if u == health {
					mine = append(mine, m)
				}
			}
		}
		clock.Advance(time.Minute)
		mine[0].Racks = 3
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateMachineRoom(ctx, mine[0]) })

		scope := authz.Scope{UnitIDs: []int64{health.ID}}
		id := func(m *domain.MachineRoom) int64 { return m.ID }
		for _, tc := range []struct {
			sort      store.ListSort
			num, desc bool
		}{{store.SortID, true, false}, {store.SortName, false, false}, {store.SortUpdated, true, true}} {
			key := func(m *domain.MachineRoom) string { return store.RoomSortKey(tc.sort, m) }
			if tc.sort == store.SortID {
				key = func(m *domain.MachineRoom) string { return strconv.FormatInt(m.ID, 10) }
			}
			want := testdb.SortedIDs(mine, key, id, tc.num, tc.desc)
			for _, limit := range []int{1, 4, 100} {
				ms := walkPages(t, fmt.Sprintf("sort %q", tc.sort), limit, len(mine)+1, func(last *domain.MachineRoom) ([]*domain.MachineRoom, error) {
					f := store.RoomFilter{Sort: tc.sort, Limit: limit}
					if last != nil {
						f.After, f.AfterKey = last.ID, store.RoomSortKey(tc.sort, last)
					}
					return db.Read().MachineRooms(ctx, scope, f)
				})
				for _, m := range ms {
					if m.UnitID != health.ID {
						t.Fatalf("another unit's room %d", m.ID)
					}
				}
				if got := idsOf(ms); !slices.Equal(got, want) {
					t.Fatalf("sort %q limit %d: walked %v, want %v", tc.sort, limit, got, want)
				}
			}
		}
	})
}
