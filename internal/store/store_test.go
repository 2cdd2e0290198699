package store_test

// The store conformance suite: every test runs against every backend of testdb.Backends, so
// SQLite and PostgreSQL are held to the same behaviour. Raw SQL through database/sql is used
// only to look at what is really stored or to tamper with it, never to set up state the store
// could set up itself.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

var t0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// each runs fn once per backend.
func each(t *testing.T, fn func(t *testing.T, b testdb.Backend)) {
	t.Helper()
	for _, b := range testdb.Backends(t) {
		t.Run(b.Name, func(t *testing.T) { t.Parallel(); fn(t, b) })
	}
}

// eachInTurn is each with the backends one after the other, for a test that changes package
// state (store.CatalogFacetCap); such a test is not parallel either.
func eachInTurn(t *testing.T, fn func(t *testing.T, b testdb.Backend)) {
	t.Helper()
	for _, b := range testdb.Backends(t) {
		t.Run(b.Name, func(t *testing.T) { fn(t, b) })
	}
}

// conform runs fn in parallel on a migrated database of every backend, its clock at t0: a test
// of the conformance suite.
func conform(t *testing.T, fn func(t *testing.T, db *store.DB, clock *testdb.Clock)) {
	t.Helper()
	t.Parallel()
	each(t, func(t *testing.T, b testdb.Backend) {
		db, clock := openAt(t, b)
		fn(t, db, clock)
	})
}

// bureaus inserts the district 区 (D1) and two of its bureaus, 甲局 (A1) and 乙局 (B1).
func bureaus(t *testing.T, db *store.DB) (a, b *domain.Unit) {
	t.Helper()
	d := insertUnit(t, db, &domain.Unit{Code: "D1", Name: "区", Kind: domain.KindDistrict, Active: true})
	a = insertUnit(t, db, &domain.Unit{Code: "A1", Name: "甲局", Kind: domain.KindBureau, ParentID: d.ID, Active: true})
	b = insertUnit(t, db, &domain.Unit{Code: "B1", Name: "乙局", Kind: domain.KindBureau, ParentID: d.ID, Active: true})
	return a, b
}

// district inserts the district 相城区 and two of its bureaus, 区卫生健康委员会 and 区教育局: the
// units most tests hang their records on.
func district(t *testing.T, db *store.DB) (d, health, edu *domain.Unit) {
	t.Helper()
	d = insertUnit(t, db, &domain.Unit{Code: "320507", Name: "相城区", Kind: domain.KindDistrict, Active: true})
	health = insertUnit(t, db, &domain.Unit{Code: "320507119", Name: "区卫生健康委员会", Kind: domain.KindBureau, ParentID: d.ID, Active: true})
	edu = insertUnit(t, db, &domain.Unit{Code: "320507105", Name: "区教育局", Kind: domain.KindBureau, ParentID: d.ID, Active: true})
	return d, health, edu
}

// openAt opens a migrated database whose clock starts at t0.
func openAt(t *testing.T, b testdb.Backend) (*store.DB, *testdb.Clock) {
	t.Helper()
	c := &testdb.Clock{T: t0}
	return b.Open(t, c.Now), c
}

// openEmpty opens a database with no schema at all (testdb.Open always migrates).
func openEmpty(t *testing.T, b testdb.Backend) *store.DB {
	t.Helper()
	var dsn string
	switch b.Name {
	case "sqlite":
		dsn = filepath.Join(t.TempDir(), "empty.db")
	case "postgres":
		dsn = testdb.Schema(t, os.Getenv("ARCHGOV_TEST_POSTGRES"), "t_empty")
	default:
		t.Fatalf("unknown backend %q", b.Name)
	}
	db, err := store.Open(context.Background(), dsn, store.Options{Sealer: testdb.Sealer(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rebind turns ? placeholders into $n on PostgreSQL, for the raw SQL of these tests.
func rebind(db *store.DB, s string) string {
	if db.Dialect != store.Postgres {
		return s
	}
	var b strings.Builder
	n := 0
	for _, c := range s {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// rawExec runs SQL directly on the database, bypassing the store.
func rawExec(t *testing.T, db *store.DB, s string, args ...any) int64 {
	t.Helper()
	res, err := db.Writer().ExecContext(context.Background(), rebind(db, s), args...)
	if err != nil {
		t.Fatalf("raw exec %q: %v", s, err)
	}
	n, _ := res.RowsAffected()
	return n
}

func rawRow(db *store.DB, s string, args ...any) *sql.Row {
	return db.Writer().QueryRowContext(context.Background(), rebind(db, s), args...)
}

func wantCode(t *testing.T, err error, code domain.Code, field string) {
	t.Helper()
	if got := domain.ErrorCode(err); got != code {
		t.Fatalf("error %v: code %q, want %q", err, got, code)
	}
	if field != "" {
		if e := domain.AsError(err); e.Field != field {
			t.Fatalf("error %v: field %q, want %q", err, e.Field, field)
		}
	}
}

func inTx(t *testing.T, db *store.DB, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := db.InTx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

// ---------------------------------------------------------------------------------------------
// Migrations

func TestMigrate(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, b testdb.Backend) {
		ctx := context.Background()
		db := openEmpty(t, b)
		latest := db.LatestVersion()
		if latest < 1 {
			t.Fatalf("LatestVersion = %d, want at least 1", latest)
		}
		if v, err := db.SchemaVersion(ctx); err != nil || v != 0 {
			t.Fatalf("empty database: SchemaVersion = %d, %v; want 0", v, err)
		}
		if cur, err := db.CheckVersion(ctx); err != nil || cur {
			t.Fatalf("empty database: CheckVersion = %v, %v; want not current, no error", cur, err)
		}
		n, err := db.Migrate(ctx)
		if err != nil || n != latest {
			t.Fatalf("first Migrate applied %d, %v; want %d", n, err, latest)
		}
		n, err = db.Migrate(ctx)
		if err != nil || n != 0 {
			t.Fatalf("second Migrate applied %d, %v; want 0", n, err)
		}
		if v, err := db.SchemaVersion(ctx); err != nil || v != latest {
			t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, latest)
		}
		if cur, err := db.CheckVersion(ctx); err != nil || !cur {
			t.Fatalf("CheckVersion = %v, %v; want current", cur, err)
		}
		// The schema is usable and the audit chain starts empty and valid.
		if n, err := db.Read().CountUsers(ctx); err != nil || n != 0 {
			t.Fatalf("CountUsers = %d, %v", n, err)
		}
		verifies(t, db, 0)
	})
}

func TestMigrateRefusesNewerDatabase(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		latest := db.LatestVersion()
		// A newer archgov migrated this database.
		rawExec(t, db, `INSERT INTO schema_version (version, applied_at) VALUES (?, ?)`, latest+1, 0)
		if v, err := db.SchemaVersion(ctx); err != nil || v != latest+1 {
			t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, latest+1)
		}
		cur, err := db.CheckVersion(ctx)
		if !errors.Is(err, store.ErrTooNew) || cur {
			t.Fatalf("CheckVersion = %v, %v; want ErrTooNew", cur, err)
		}
		n, err := db.Migrate(ctx)
		if !errors.Is(err, store.ErrTooNew) || n != 0 {
			t.Fatalf("Migrate = %d, %v; want 0, ErrTooNew", n, err)
		}
	})
}

// ---------------------------------------------------------------------------------------------
// Units

func insertUnit(t *testing.T, db *store.DB, u *domain.Unit) *domain.Unit {
	t.Helper()
	if u.Level == 0 {
		u.Level = u.Kind.Level()
	}
	return inserted(t, db, u, func(tx *store.Tx) error { return tx.InsertUnit(context.Background(), u) })
}

// inserted runs insert, which stores x, in a transaction, and checks that it set x's id and
// version 1.
func inserted[T any](t *testing.T, db *store.DB, x *T, insert func(tx *store.Tx) error) *T {
	t.Helper()
	inTx(t, db, insert)
	v := reflect.ValueOf(x).Elem()
	if id, version := v.FieldByName("ID").Int(), v.FieldByName("Version").Int(); id == 0 || version != 1 {
		t.Fatalf("inserting a %T set id %d, version %d", x, id, version)
	}
	return x
}

func TestUnitInsertReadAndEncryption(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		d := insertUnit(t, db, &domain.Unit{Code: "320507", Name: "苏州市相城区", Kind: domain.KindDistrict, Active: true})
		bu := insertUnit(t, db, &domain.Unit{Code: "320507119", Name: "区卫生健康委员会", Kind: domain.KindBureau, ParentID: d.ID, Active: true})

		got, err := db.Read().Unit(ctx, bu.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Code != bu.Code || got.Name != bu.Name || got.Kind != domain.KindBureau || got.Level != 1 || got.ParentID != d.ID ||
			got.ResponsibleUserID != 0 || got.HeadName != "" || got.HeadPhone != "" || got.ContactUserID != 0 || got.ContactName != "" ||
			!got.Active || got.Version != 1 || !got.CreatedAt.Equal(t0) || !got.UpdatedAt.Equal(t0) {
			t.Fatalf("read back %+v", got)
		}
		if byCode, err := db.Read().UnitByCode(ctx, "320507"); err != nil || byCode.ID != d.ID || byCode.ParentID != 0 {
			t.Fatalf("UnitByCode = %+v, %v", byCode, err)
		}
		_, err = db.Read().Unit(ctx, 9999)
		wantCode(t, err, domain.ENotFound, "")
		_, err = db.Read().UnitByCode(ctx, "nope")
		wantCode(t, err, domain.ENotFound, "")
	})
}

// A unit's 责任人 and 联系人 are accounts (ORG-1): the unit reads their names and phones from
// them, so a change of the account shows on the unit at once; the phones stay sealed as the
// accounts' own.
func TestUnitPeopleAreAccounts(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		d := insertUnit(t, db, &domain.Unit{Code: "320507", Name: "苏州市相城区", Kind: domain.KindDistrict, Active: true})
		bu := insertUnit(t, db, &domain.Unit{Code: "320507119", Name: "区卫生健康委员会", Kind: domain.KindBureau, ParentID: d.ID, Active: true})
		head := insertUser(t, db, &domain.User{Username: "weijian_head", Name: "谢宏伟", UnitID: bu.ID, Phone: "0512-65980119"}, "h")
		contact := insertUser(t, db, &domain.User{Username: "weijian", Name: "褚佳敏", UnitID: bu.ID, Phone: "13905120119"}, "h")
		other := insertUser(t, db, &domain.User{Username: "other", Name: "顾建平", UnitID: d.ID}, "h")
		bu.ResponsibleUserID, bu.ContactUserID = head.ID, contact.ID
		d.ResponsibleUserID = other.ID
		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.UpdateUnit(ctx, bu); err != nil {
				return err
			}
			return tx.UpdateUnit(ctx, d)
		})
		got, err := db.Read().Unit(ctx, bu.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ResponsibleUserID != head.ID || got.HeadName != "谢宏伟" || got.HeadPhone != "0512-65980119" ||
			got.ContactUserID != contact.ID || got.ContactName != "褚佳敏" || got.ContactPhone != "13905120119" || got.Version != 2 {
			t.Fatalf("read back %+v", got)
		}
		// The account is renamed: the unit shows the new name, nothing to keep in step.
		contact.Name, contact.Phone = "褚佳敏（新）", "13905127777"
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateUser(ctx, contact) })
		list, err := db.Read().Units(ctx, store.UnitFilter{Query: "卫生"})
		if err != nil || len(list) != 1 || list[0].ContactName != "褚佳敏（新）" || list[0].ContactPhone != "13905127777" {
			t.Fatalf("Units after the rename = %+v, %v", list, err)
		}
		// 密评: the phone is the account's, sealed at rest; the units table holds none.
		var sealed string
		if err := rawRow(db, `SELECT phone_enc FROM users WHERE id = ?`, contact.ID).Scan(&sealed); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(sealed, "sm4gcm1:") || strings.Contains(sealed, "13905127777") {
			t.Fatalf("phone stored as %q, want SM4 ciphertext", sealed)
		}

		// Whom the units' notifications reach, and which units name an account.
		ids, err := db.Read().UnitPeople(ctx, []int64{bu.ID, d.ID})
		if err != nil || !slices.Equal(ids, []int64{head.ID, contact.ID, other.ID}) {
			t.Fatalf("UnitPeople = %v, %v; want %v", ids, err, []int64{head.ID, contact.ID, other.ID})
		}
		if ids, err := db.Read().UnitPeople(ctx, []int64{d.ID}); err != nil || !slices.Equal(ids, []int64{other.ID}) {
			t.Fatalf("UnitPeople(district) = %v, %v", ids, err)
		}
		other.Disabled = true
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateUser(ctx, other) })
		if ids, err := db.Read().UnitPeople(ctx, []int64{d.ID}); err != nil || len(ids) != 0 {
			t.Fatalf("UnitPeople with the account disabled = %v, %v; want none", ids, err)
		}
		named, err := db.Read().UnitsNaming(ctx, contact.ID)
		if err != nil || len(named) != 1 || named[0].ID != bu.ID {
			t.Fatalf("UnitsNaming = %+v, %v", named, err)
		}
		if named, err := db.Read().UnitsNaming(ctx, 9999); err != nil || len(named) != 0 {
			t.Fatalf("UnitsNaming(nobody) = %+v, %v", named, err)
		}
	})
}

func TestUnitUniqueCodeAndOptimisticUpdate(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		d := insertUnit(t, db, &domain.Unit{Code: "D1", Name: "区", Kind: domain.KindDistrict, Active: true})
		b1 := insertUnit(t, db, &domain.Unit{Code: "B1", Name: "局一", Kind: domain.KindBureau, ParentID: d.ID, Active: true})
		insertUnit(t, db, &domain.Unit{Code: "B2", Name: "局二", Kind: domain.KindBureau, ParentID: d.ID, Active: true})

		err := db.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertUnit(ctx, &domain.Unit{Code: "B1", Name: "重复", Kind: domain.KindBureau, Level: 1, ParentID: d.ID, Active: true})
		})
		wantCode(t, err, domain.EInvalid, "code")
		if us, _ := db.Read().Units(ctx, store.UnitFilter{}); len(us) != 3 {
			t.Fatalf("after a refused duplicate: %d units, want 3", len(us))
		}

		// Two editors load version 1; the first save wins, the second is a conflict.
		first, _ := db.Read().Unit(ctx, b1.ID)
		second, _ := db.Read().Unit(ctx, b1.ID)
		clock.Advance(time.Minute)
		first.Name = "局一（改）"
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateUnit(ctx, first) })
		if first.Version != 2 || !first.UpdatedAt.Equal(clock.T) {
			t.Fatalf("after update: version %d updated %v", first.Version, first.UpdatedAt)
		}
		second.Name = "局一（另改）"
		second.Kind = domain.KindTown
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateUnit(ctx, second) })
		wantCode(t, err, domain.EConflict, "")
		got, _ := db.Read().Unit(ctx, b1.ID)
		if got.Name != "局一（改）" || got.Kind != domain.KindBureau || got.Version != 2 {
			t.Fatalf("the stale update changed something: %+v", got)
		}

		// Renaming the code to one that is taken is refused on the field, and nothing changes.
		got.Code = "B2"
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateUnit(ctx, got) })
		wantCode(t, err, domain.EInvalid, "code")
		if again, _ := db.Read().Unit(ctx, b1.ID); again.Code != "B1" || again.Version != 2 {
			t.Fatalf("refused code change stored: %+v", again)
		}
	})
}

func TestUnitFilters(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		d := insertUnit(t, db, &domain.Unit{Code: "320507", Name: "相城区", Kind: domain.KindDistrict, Active: true})
		edu := insertUnit(t, db, &domain.Unit{Code: "320507105", Name: "区教育局", Kind: domain.KindBureau, ParentID: d.ID, Active: true})
		health := insertUnit(t, db, &domain.Unit{Code: "320507119", Name: "区卫生健康委员会", Kind: domain.KindBureau, ParentID: d.ID, Active: true})
		old := insertUnit(t, db, &domain.Unit{Code: "320507199", Name: "原撤并局", Kind: domain.KindBureau, ParentID: d.ID, Active: false})
		st := insertUnit(t, db, &domain.Unit{Code: "320507201", Name: "元和街道", Kind: domain.KindStreet, ParentID: d.ID, Active: true})
		c1 := insertUnit(t, db, &domain.Unit{Code: "320507201001", Name: "御窑社区", Kind: domain.KindCommunity, ParentID: st.ID, Active: true})
		c2 := insertUnit(t, db, &domain.Unit{Code: "320507201002", Name: `100%_达标\社区`, Kind: domain.KindCommunity, ParentID: st.ID, Active: true})
		all := []int64{d.ID, edu.ID, health.ID, old.ID, st.ID, c1.ID, c2.ID}

		yes, no := true, false
		cases := []struct {
			name string
			f    store.UnitFilter
			want []int64
		}{
			{"all", store.UnitFilter{}, all},
			{"name contains", store.UnitFilter{Query: "教育"}, []int64{edu.ID}},
			{"code contains", store.UnitFilter{Query: "201"}, []int64{st.ID, c1.ID, c2.ID}},
			{"percent is literal", store.UnitFilter{Query: "%"}, []int64{c2.ID}},
			{"underscore is literal", store.UnitFilter{Query: "_"}, []int64{c2.ID}},
			{"backslash is literal", store.UnitFilter{Query: `\`}, []int64{c2.ID}},
			{"escaped pattern", store.UnitFilter{Query: `%_达标\`}, []int64{c2.ID}},
			{"no match", store.UnitFilter{Query: "公安"}, nil},
			{"parent", store.UnitFilter{ParentID: d.ID}, []int64{edu.ID, health.ID, old.ID, st.ID}},
			{"parent street", store.UnitFilter{ParentID: st.ID}, []int64{c1.ID, c2.ID}},
			{"kind", store.UnitFilter{Kind: domain.KindBureau}, []int64{edu.ID, health.ID, old.ID}},
			{"inactive", store.UnitFilter{Active: &no}, []int64{old.ID}},
			{"active bureaus", store.UnitFilter{Kind: domain.KindBureau, Active: &yes}, []int64{edu.ID, health.ID}},
			{"parent and query", store.UnitFilter{ParentID: d.ID, Query: "局"}, []int64{edu.ID, old.ID}},
			{"after", store.UnitFilter{After: st.ID}, []int64{c1.ID, c2.ID}},
			{"limit", store.UnitFilter{Limit: 2}, []int64{d.ID, edu.ID}},
		}
		for _, c := range cases {
			us, err := db.Read().Units(ctx, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			got := idsOf(us)
			if !slices.Equal(got, c.want) {
				t.Errorf("%s: got %v, want %v", c.name, got, c.want)
			}
		}

		// Keyset pagination returns every row exactly once, in id order.
		for _, size := range []int{1, 2, 3, 7, 10} {
			seen := idsOf(walkPages(t, "units", size, len(all)+1, func(last *domain.Unit) ([]*domain.Unit, error) {
				f := store.UnitFilter{Limit: size}
				if last != nil {
					f.After = last.ID
				}
				return db.Read().Units(ctx, f)
			}))
			if !slices.Equal(seen, all) {
				t.Errorf("page size %d: saw %v, want %v", size, seen, all)
			}
		}

		// The tree helpers.
		if anc, err := db.Read().UnitAncestors(ctx, c1.ID); err != nil || !slices.Equal(anc, []int64{st.ID, d.ID}) {
			t.Errorf("UnitAncestors(community) = %v, %v; want [%d %d]", anc, err, st.ID, d.ID)
		}
		if anc, err := db.Read().UnitAncestors(ctx, d.ID); err != nil || len(anc) != 0 {
			t.Errorf("UnitAncestors(district) = %v, %v; want none", anc, err)
		}
		inUse := func(id int64) bool {
			t.Helper()
			v, err := db.Read().UnitInUse(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		if !inUse(st.ID) || inUse(edu.ID) || inUse(old.ID) {
			t.Errorf("UnitInUse: street %v (want true), bureau %v (want false), inactive %v (want false)", inUse(st.ID), inUse(edu.ID), inUse(old.ID))
		}
		// An enabled user makes a unit in use; a disabled one does not.
		u := &domain.User{Username: "zhang", Name: "张三", UnitID: edu.ID}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertUser(ctx, u, "h") })
		if !inUse(edu.ID) {
			t.Error("UnitInUse false with an enabled user")
		}
		u.Disabled = true
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateUser(ctx, u) })
		if inUse(edu.ID) {
			t.Error("UnitInUse true with only a disabled user")
		}
	})
}

// ---------------------------------------------------------------------------------------------
// Users and grants

func insertUser(t *testing.T, db *store.DB, u *domain.User, hash string) *domain.User {
	t.Helper()
	return inserted(t, db, u, func(tx *store.Tx) error { return tx.InsertUser(context.Background(), u, hash) })
}

func TestUserInsertReadAndEncryption(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		unit := insertUnit(t, db, &domain.Unit{Code: "D1", Name: "相城区", Kind: domain.KindDistrict, Active: true})
		u := insertUser(t, db, &domain.User{Username: "weijian", Name: "褚佳敏", UnitID: unit.ID, Phone: "13905120119", MustChange: true}, "hash-1")

		got, err := db.Read().User(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Username != "weijian" || got.Name != "褚佳敏" || got.UnitID != unit.ID || got.UnitName != "相城区" || got.Phone != "13905120119" ||
			!got.MustChange || got.Disabled || got.TOTPEnabled || got.Version != 1 || !got.PasswordChangedAt.Equal(t0) || len(got.Grants) != 0 {
			t.Fatalf("read back %+v", got)
		}
		for _, name := range []string{"weijian", " WeiJian "} {
			if byName, err := db.Read().UserByUsername(ctx, name); err != nil || byName.ID != u.ID {
				t.Fatalf("UserByUsername(%q) = %v, %v", name, byName, err)
			}
		}
		_, err = db.Read().UserByUsername(ctx, "nobody")
		wantCode(t, err, domain.ENotFound, "")
		_, err = db.Read().User(ctx, 9999)
		wantCode(t, err, domain.ENotFound, "")

		var phone string
		if err := rawRow(db, `SELECT phone_enc FROM users WHERE id = ?`, u.ID).Scan(&phone); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(phone, "sm4gcm1:") || strings.Contains(phone, "13905120119") {
			t.Fatalf("user phone stored as %q, want SM4 ciphertext", phone)
		}

		err = db.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertUser(ctx, &domain.User{Username: "weijian", Name: "另一个人"}, "h")
		})
		wantCode(t, err, domain.EInvalid, "username")
		if n, _ := db.Read().CountUsers(ctx); n != 1 {
			t.Fatalf("CountUsers = %d after a refused duplicate, want 1", n)
		}

		// Optimistic concurrency on users too.
		stale := *got
		got.Name = "褚佳敏（改）"
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateUser(ctx, got) })
		stale.Name = "另改"
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateUser(ctx, &stale) })
		wantCode(t, err, domain.EConflict, "")
		if again, _ := db.Read().User(ctx, u.ID); again.Name != "褚佳敏（改）" || again.Version != 2 {
			t.Fatalf("after a stale update: %+v", again)
		}
	})
}

func TestUsersScope(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		ua, ub := bureaus(t, db)
		a1 := insertUser(t, db, &domain.User{Username: "a1", Name: "甲一", UnitID: ua.ID}, "h")
		a2 := insertUser(t, db, &domain.User{Username: "a2", Name: "甲二", UnitID: ua.ID}, "h")
		b1 := insertUser(t, db, &domain.User{Username: "b1", Name: "乙一", UnitID: ub.ID}, "h")
		n1 := insertUser(t, db, &domain.User{Username: "expert1", Name: "专家"}, "h")

		cases := []struct {
			name  string
			scope authz.Scope
			f     store.UserFilter
			want  []int64
		}{
			{"all", authz.Scope{All: true}, store.UserFilter{}, []int64{a1.ID, a2.ID, b1.ID, n1.ID}},
			{"unit A", authz.Scope{UnitIDs: []int64{ua.ID}}, store.UserFilter{}, []int64{a1.ID, a2.ID}},
			{"unit A plus self in B", authz.Scope{UnitIDs: []int64{ua.ID}, SelfID: b1.ID}, store.UserFilter{}, []int64{a1.ID, a2.ID, b1.ID}},
			{"units A and B", authz.Scope{UnitIDs: []int64{ua.ID, ub.ID}}, store.UserFilter{}, []int64{a1.ID, a2.ID, b1.ID}},
			{"self only", authz.Scope{SelfID: n1.ID}, store.UserFilter{}, []int64{n1.ID}},
			{"nothing", authz.Scope{}, store.UserFilter{}, nil},
			// Filters narrow within the scope, never widen it.
			{"scope A, filter unit B", authz.Scope{UnitIDs: []int64{ua.ID}}, store.UserFilter{UnitID: ub.ID}, nil},
			{"scope A, query 乙", authz.Scope{UnitIDs: []int64{ua.ID}}, store.UserFilter{Query: "乙"}, nil},
			{"all, query name", authz.Scope{All: true}, store.UserFilter{Query: "甲"}, []int64{a1.ID, a2.ID}},
			{"all, query username", authz.Scope{All: true}, store.UserFilter{Query: "expert"}, []int64{n1.ID}},
			{"all, unit B", authz.Scope{All: true}, store.UserFilter{UnitID: ub.ID}, []int64{b1.ID}},
			{"all, after and limit", authz.Scope{All: true}, store.UserFilter{After: a1.ID, Limit: 2}, []int64{a2.ID, b1.ID}},
		}
		for _, c := range cases {
			us, err := db.Read().Users(ctx, c.scope, c.f)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got := idsOf(us); !slices.Equal(got, c.want) {
				t.Errorf("%s: got %v, want %v", c.name, got, c.want)
			}
		}
	})
}

func TestGrantsPasswordsAndTOTP(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		ua, ub := bureaus(t, db)
		u := insertUser(t, db, &domain.User{Username: "leader", Name: "吴建国", MustChange: true}, "hash-1")

		// ReplaceGrants sets exactly the given roles and bumps the version.
		inTx(t, db, func(tx *store.Tx) error {
			return tx.ReplaceGrants(ctx, u.ID, 1, []domain.Grant{{Role: domain.RoleLeader, UnitID: ub.ID}, {Role: domain.RoleLeader, UnitID: ua.ID}, {Role: domain.RoleExpert}})
		})
		got, _ := db.Read().User(ctx, u.ID)
		want := []string{"expert", "leader:A1", "leader:B1"}
		var names []string
		for _, g := range got.Grants {
			names = append(names, g.String())
		}
		if !slices.Equal(names, want) || got.Version != 2 {
			t.Fatalf("grants %v version %d; want %v version 2", names, got.Version, want)
		}
		if got.Grants[1].UnitName != "甲局" || got.Grants[1].UnitID != ua.ID {
			t.Fatalf("grant unit not resolved: %+v", got.Grants[1])
		}
		// A stale version is a conflict and changes nothing: concurrent grant edits cannot merge.
		err := db.InTx(ctx, func(tx *store.Tx) error {
			return tx.ReplaceGrants(ctx, u.ID, 1, []domain.Grant{{Role: domain.RoleOffice}})
		})
		if domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("stale ReplaceGrants: %v, want conflict", err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			return tx.ReplaceGrants(ctx, u.ID, 2, []domain.Grant{{Role: domain.RoleOffice}})
		})
		if gs, _ := db.Read().Grants(ctx, u.ID); len(gs) != 1 || gs[0].Role != domain.RoleOffice {
			t.Fatalf("after replacing: %v", gs)
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.ReplaceGrants(ctx, u.ID, 3, nil) })
		if gs, _ := db.Read().Grants(ctx, u.ID); len(gs) != 0 {
			t.Fatalf("after clearing: %v", gs)
		}

		// Password history, newest first.
		for i := 2; i <= 4; i++ {
			clock.Advance(time.Minute)
			h := fmt.Sprintf("hash-%d", i)
			inTx(t, db, func(tx *store.Tx) error { return tx.SetPassword(ctx, u.ID, h, i == 4) })
		}
		if h, err := db.Read().PasswordHistory(ctx, u.ID, 2); err != nil || !slices.Equal(h, []string{"hash-4", "hash-3"}) {
			t.Fatalf("PasswordHistory(2) = %v, %v", h, err)
		}
		if h, err := db.Read().PasswordHistory(ctx, u.ID, 10); err != nil || !slices.Equal(h, []string{"hash-4", "hash-3", "hash-2", "hash-1"}) {
			t.Fatalf("PasswordHistory(10) = %v, %v", h, err)
		}
		creds, err := db.Read().Credentials(ctx, u.ID)
		if err != nil || creds.PasswordHash != "hash-4" || creds.TOTPSecret != "" || creds.TOTPLastStep != 0 {
			t.Fatalf("Credentials = %+v, %v", creds, err)
		}
		got, _ = db.Read().User(ctx, u.ID)
		if !got.MustChange || !got.PasswordChangedAt.Equal(clock.T) {
			t.Fatalf("after a reset-style SetPassword: must_change %v changed_at %v", got.MustChange, got.PasswordChangedAt)
		}
		_, err = db.Read().Credentials(ctx, 9999)
		wantCode(t, err, domain.ENotFound, "")

		// TOTP secret sealed at rest, opened for the login use case.
		secret := gm.NewTOTPSecret()
		inTx(t, db, func(tx *store.Tx) error { return tx.SetTOTP(ctx, u.ID, secret, true) })
		creds, _ = db.Read().Credentials(ctx, u.ID)
		if creds.TOTPSecret != secret {
			t.Fatalf("TOTP secret read back %q, want %q", creds.TOTPSecret, secret)
		}
		var raw string
		if err := rawRow(db, `SELECT totp_secret_enc FROM users WHERE id = ?`, u.ID).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if raw == secret || strings.Contains(raw, secret) {
			t.Fatal("TOTP secret stored in the clear")
		}
		if got, _ := db.Read().User(ctx, u.ID); !got.TOTPEnabled {
			t.Fatal("SetTOTP(enabled) did not enable")
		}

		// A step is accepted once; an older or equal one is a replay.
		use := func(step int64) bool {
			t.Helper()
			var ok bool
			inTx(t, db, func(tx *store.Tx) error {
				var err error
				ok, err = tx.UseTOTPStep(ctx, u.ID, step)
				return err
			})
			return ok
		}
		for _, c := range []struct {
			step int64
			want bool
		}{{100, true}, {100, false}, {99, false}, {101, true}, {50, false}, {103, true}} {
			if got := use(c.step); got != c.want {
				t.Errorf("UseTOTPStep(%d) = %v, want %v", c.step, got, c.want)
			}
		}
		if creds, _ := db.Read().Credentials(ctx, u.ID); creds.TOTPLastStep != 103 {
			t.Errorf("TOTPLastStep = %d, want 103", creds.TOTPLastStep)
		}
		// Turning it off clears the secret and the step.
		inTx(t, db, func(tx *store.Tx) error { return tx.SetTOTP(ctx, u.ID, "", false) })
		creds, _ = db.Read().Credentials(ctx, u.ID)
		if got, _ := db.Read().User(ctx, u.ID); got.TOTPEnabled || creds.TOTPSecret != "" || creds.TOTPLastStep != 0 {
			t.Fatalf("after disabling: enabled %v creds %+v", got.TOTPEnabled, creds)
		}
	})
}

// ---------------------------------------------------------------------------------------------
// Sessions, tokens, login failures, settings

func TestSessions(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		u := insertUser(t, db, &domain.User{Username: "alice", Name: "甲"}, "h")
		other := insertUser(t, db, &domain.User{Username: "bob", Name: "乙"}, "h")
		mk := func(id string, user int64, at time.Time) *store.Session {
			s := &store.Session{ID: id, UserID: user, CSRF: "csrf-" + id, Stage: store.StageMFA, CreatedAt: at, LastSeenAt: at, IP: "10.0.0.1", UserAgent: "ua"}
			inTx(t, db, func(tx *store.Tx) error { return tx.InsertSession(ctx, s) })
			return s
		}
		s1 := mk("s1", u.ID, t0)
		mk("s2", u.ID, t0.Add(time.Minute))
		mk("s3", other.ID, t0)

		got, err := db.Read().Session(ctx, "s1")
		if err != nil || got.UserID != u.ID || got.CSRF != "csrf-s1" || got.Stage != store.StageMFA || !got.CreatedAt.Equal(s1.CreatedAt) ||
			!got.LastSeenAt.Equal(t0) || got.IP != "10.0.0.1" || got.UserAgent != "ua" {
			t.Fatalf("Session = %+v, %v", got, err)
		}
		_, err = db.Read().Session(ctx, "nope")
		wantCode(t, err, domain.ENotFound, "")
		ids := func(user int64) []string {
			ss, err := db.Read().Sessions(ctx, user)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, s := range ss {
				out = append(out, s.ID)
			}
			return out
		}
		if got := ids(u.ID); !slices.Equal(got, []string{"s2", "s1"}) {
			t.Fatalf("Sessions = %v, want newest first [s2 s1]", got)
		}

		if err := db.TouchSession(ctx, "s1", t0.Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.SetSessionStage(ctx, "s1", store.StageOK) })
		got, _ = db.Read().Session(ctx, "s1")
		if !got.LastSeenAt.Equal(t0.Add(5*time.Minute)) || got.Stage != store.StageOK || !got.CreatedAt.Equal(t0) {
			t.Fatalf("after touch and stage: %+v", got)
		}

		// "Log out everywhere else" keeps the current session and leaves other users alone.
		var n int64
		inTx(t, db, func(tx *store.Tx) error {
			var err error
			n, err = tx.DeleteUserSessions(ctx, u.ID, "s1")
			return err
		})
		if n != 1 || !slices.Equal(ids(u.ID), []string{"s1"}) || !slices.Equal(ids(other.ID), []string{"s3"}) {
			t.Fatalf("DeleteUserSessions(keep s1) removed %d; left %v and %v", n, ids(u.ID), ids(other.ID))
		}

		// Expiry: s1 was seen at t0+5m, s3 at t0.
		mk("s4", u.ID, t0.Add(time.Hour))
		n, err = db.DeleteExpiredSessions(ctx, t0.Add(time.Minute), t0.Add(-time.Hour))
		if err != nil || n != 1 || len(ids(other.ID)) != 0 || !slices.Equal(ids(u.ID), []string{"s4", "s1"}) {
			t.Fatalf("idle expiry removed %d (%v); left %v / %v", n, err, ids(u.ID), ids(other.ID))
		}
		n, err = db.DeleteExpiredSessions(ctx, t0, t0.Add(30*time.Minute))
		if err != nil || n != 1 || !slices.Equal(ids(u.ID), []string{"s4"}) {
			t.Fatalf("absolute expiry removed %d (%v); left %v", n, err, ids(u.ID))
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.DeleteSession(ctx, "s4") })
		if len(ids(u.ID)) != 0 {
			t.Fatal("DeleteSession left the session")
		}
	})
}

func TestTokens(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		u := insertUser(t, db, &domain.User{Username: "alice", Name: "甲"}, "h")
		other := insertUser(t, db, &domain.User{Username: "bob", Name: "乙"}, "h")
		t1 := &store.Token{UserID: u.ID, Name: "ci", Prefix: "agv_abcdef", CreatedAt: t0, ExpiresAt: t0.Add(24 * time.Hour)}
		t2 := &store.Token{UserID: u.ID, Name: "script", Prefix: "agv_123456", CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.InsertToken(ctx, t1, "hash-1"); err != nil {
				return err
			}
			return tx.InsertToken(ctx, t2, "hash-2")
		})
		if t1.ID == 0 || t2.ID == 0 || t1.ID == t2.ID {
			t.Fatalf("token ids %d %d", t1.ID, t2.ID)
		}
		got, err := db.Read().TokenByHash(ctx, "hash-1")
		if err != nil || got.ID != t1.ID || got.UserID != u.ID || got.Name != "ci" || got.Prefix != "agv_abcdef" ||
			!got.ExpiresAt.Equal(t1.ExpiresAt) || !got.RevokedAt.IsZero() {
			t.Fatalf("TokenByHash = %+v, %v", got, err)
		}
		_, err = db.Read().TokenByHash(ctx, "agv_abcdef")
		wantCode(t, err, domain.ENotFound, "")
		if ts, err := db.Read().Tokens(ctx, u.ID); err != nil || len(ts) != 2 || ts[0].ID != t2.ID {
			t.Fatalf("Tokens = %v, %v; want newest first", ts, err)
		}
		// A second token with the same hash cannot exist.
		err = db.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertToken(ctx, &store.Token{UserID: other.ID, Prefix: "x", CreatedAt: t0, ExpiresAt: t0}, "hash-1")
		})
		if err == nil {
			t.Fatal("duplicate token hash stored")
		}

		revoke := func(user, id int64) bool {
			var ok bool
			inTx(t, db, func(tx *store.Tx) error {
				var err error
				ok, err = tx.RevokeToken(ctx, user, id)
				return err
			})
			return ok
		}
		clock.Advance(time.Minute)
		if revoke(other.ID, t1.ID) {
			t.Fatal("another user revoked the token")
		}
		if !revoke(u.ID, t1.ID) {
			t.Fatal("owner could not revoke")
		}
		if revoke(u.ID, t1.ID) {
			t.Fatal("a revoked token was revoked again")
		}
		got, _ = db.Read().TokenByHash(ctx, "hash-1")
		if !got.RevokedAt.Equal(clock.T) {
			t.Fatalf("RevokedAt = %v, want %v", got.RevokedAt, clock.T)
		}
		if got2, _ := db.Read().TokenByHash(ctx, "hash-2"); !got2.RevokedAt.IsZero() {
			t.Fatal("revoking one token revoked another")
		}
	})
}

func TestLoginFailures(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		f, err := db.Read().Failure(ctx, "u:alice")
		if err != nil || f.Key != "u:alice" || f.Failures != 0 || !f.FirstAt.IsZero() || !f.LockedUntil.IsZero() {
			t.Fatalf("no counter yet: %+v, %v", f, err)
		}
		inTx(t, db, func(tx *store.Tx) error {
			return tx.SaveFailure(ctx, store.Failure{Key: "u:alice", Failures: 1, FirstAt: t0})
		})
		inTx(t, db, func(tx *store.Tx) error {
			return tx.SaveFailure(ctx, store.Failure{Key: "ip:10.0.0.1", Failures: 2, FirstAt: t0})
		})
		// Upsert.
		inTx(t, db, func(tx *store.Tx) error {
			return tx.SaveFailure(ctx, store.Failure{Key: "u:alice", Failures: 5, FirstAt: t0, LockedUntil: t0.Add(15 * time.Minute)})
		})
		f, _ = db.Read().Failure(ctx, "u:alice")
		if f.Failures != 5 || !f.FirstAt.Equal(t0) || !f.LockedUntil.Equal(t0.Add(15*time.Minute)) {
			t.Fatalf("after upsert: %+v", f)
		}
		inTx(t, db, func(tx *store.Tx) error { return tx.ClearFailure(ctx, "u:alice") })
		if f, _ := db.Read().Failure(ctx, "u:alice"); f.Failures != 0 || !f.LockedUntil.IsZero() {
			t.Fatalf("after clear: %+v", f)
		}
		if f, _ := db.Read().Failure(ctx, "ip:10.0.0.1"); f.Failures != 2 {
			t.Fatalf("clearing one key changed another: %+v", f)
		}
	})
}

func TestSettings(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		type pol struct {
			MinLength int      `json:"min_length"`
			Roles     []string `json:"roles"`
		}
		var p pol
		if v, found, err := db.Read().Setting(ctx, "policy", &p); err != nil || found || v != 0 {
			t.Fatalf("unset setting: %d %v %v", v, found, err)
		}
		save := func(v pol, version int64) error {
			return db.InTx(ctx, func(tx *store.Tx) error { return tx.SaveSetting(ctx, "policy", v, version) })
		}
		if err := save(pol{MinLength: 10}, 0); err != nil {
			t.Fatal(err)
		}
		wantCode(t, save(pol{MinLength: 11}, 0), domain.EConflict, "") // someone else created it first
		if err := save(pol{MinLength: 12, Roles: []string{"sysadmin"}}, 1); err != nil {
			t.Fatal(err)
		}
		wantCode(t, save(pol{MinLength: 13}, 1), domain.EConflict, "") // stale
		wantCode(t, save(pol{MinLength: 13}, 7), domain.EConflict, "")
		v, found, err := db.Read().Setting(ctx, "policy", &p)
		if err != nil || !found || v != 2 || p.MinLength != 12 || !slices.Equal(p.Roles, []string{"sysadmin"}) {
			t.Fatalf("Setting = %d %v %+v %v; want version 2, min 12", v, found, p, err)
		}
	})
}

// ---------------------------------------------------------------------------------------------
// Audit chain

func appendAudit(t *testing.T, db *store.DB, actor, action string) *audit.Record {
	t.Helper()
	r := &audit.Record{ActorID: 1, Actor: actor, ActorRoles: "sysadmin", IP: "10.0.0.1", Action: action, EntityType: "unit", EntityID: "7", Outcome: audit.OK, Changes: `{"name":{"old":"甲","new":"乙"}}`}
	inTx(t, db, func(tx *store.Tx) error { return tx.AppendAudit(context.Background(), r) })
	return r
}

func auditIDs(t *testing.T, db *store.DB) []int64 {
	t.Helper()
	rs, err := db.Read().AuditRecords(context.Background(), store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := idsOf(rs)
	slices.Sort(out)
	return out
}

// verifies fails unless the audit chain verifies with n records.
func verifies(t *testing.T, db *store.DB, n int) {
	t.Helper()
	if got, err := db.Read().VerifyAudit(context.Background()); err != nil || got != n {
		t.Fatalf("VerifyAudit = %d, %v; want %d records and no break", got, err, n)
	}
}

// breaksAt fails unless verifying the audit chain finds a break at record id, and returns it.
func breaksAt(t *testing.T, db *store.DB, id int64) *audit.Break {
	t.Helper()
	_, err := db.Read().VerifyAudit(context.Background())
	var br *audit.Break
	if !errors.As(err, &br) || br.ID != id {
		t.Fatalf("VerifyAudit = %v, want a break at record %d", err, id)
	}
	return br
}

func seq(from, to int64) []int64 {
	var out []int64
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func TestAuditAppendAndVerify(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		var recs []*audit.Record
		for i := 1; i <= 4; i++ {
			clock.Advance(time.Second)
			recs = append(recs, appendAudit(t, db, fmt.Sprintf("user%d", i), "unit.update"))
		}
		prev := ""
		for i, r := range recs {
			if r.ID != int64(i+1) || r.PrevHash != prev || r.Hash != audit.ComputeHash(prev, r) || !r.At.Equal(t0.Add(time.Duration(i+1)*time.Second)) {
				t.Fatalf("record %d: %+v", i+1, r)
			}
			prev = r.Hash
		}
		got, err := db.Read().AuditRecord(ctx, 2)
		if err != nil || got.Actor != "user2" || got.Hash != recs[1].Hash || got.PrevHash != recs[0].Hash || got.Changes != recs[1].Changes ||
			got.ActorRoles != "sysadmin" || got.IP != "10.0.0.1" || got.EntityType != "unit" || got.EntityID != "7" || !got.At.Equal(recs[1].At) {
			t.Fatalf("AuditRecord(2) = %+v, %v", got, err)
		}

		// A transaction that rolls back leaves no record and does not move the head.
		boom := errors.New("boom")
		err = db.InTx(ctx, func(tx *store.Tx) error {
			if err := tx.AppendAudit(ctx, &audit.Record{Actor: "ghost", Action: "unit.update", Outcome: audit.OK}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx returned %v, want the callback's error", err)
		}
		if ids := auditIDs(t, db); !slices.Equal(ids, seq(1, 4)) {
			t.Fatalf("after rollback: ids %v", ids)
		}
		if rs, _ := db.Read().AuditRecords(ctx, store.AuditFilter{Actor: "ghost"}); len(rs) != 0 {
			t.Fatal("a rolled-back record is visible")
		}
		// Two records in one transaction are consecutive.
		inTx(t, db, func(tx *store.Tx) error {
			for _, a := range []string{"user.create", "user.grant_roles"} {
				if err := tx.AppendAudit(ctx, &audit.Record{Actor: "sec", Action: a, Outcome: audit.OK}); err != nil {
					return err
				}
			}
			return nil
		})
		r := appendAudit(t, db, "user7", "unit.move")
		if r.ID != 7 {
			t.Fatalf("next id after rollback and a two-record tx = %d, want 7", r.ID)
		}
		verifies(t, db, 7)

		// Search filters.
		if rs, _ := db.Read().AuditRecords(ctx, store.AuditFilter{Action: "user."}); len(rs) != 2 || rs[0].ID != 6 {
			t.Fatalf("action prefix search: %d records", len(rs))
		}
		if rs, _ := db.Read().AuditRecords(ctx, store.AuditFilter{Actor: " USER3 "}); len(rs) != 1 || rs[0].ID != 3 {
			t.Fatalf("actor search: %v", rs)
		}
		if rs, _ := db.Read().AuditRecords(ctx, store.AuditFilter{Before: 4, Limit: 2}); len(rs) != 2 || rs[0].ID != 3 || rs[1].ID != 2 {
			t.Fatalf("keyset search: %v", rs)
		}
		if rs, _ := db.Read().AuditRecords(ctx, store.AuditFilter{From: t0.Add(2 * time.Second), To: t0.Add(4 * time.Second)}); len(rs) != 2 {
			t.Fatalf("time search: %d records, want 2", len(rs))
		}
	})
}

func TestAuditTamperingIsFound(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		tamper func(t *testing.T, db *store.DB)
		wantID int64
	}{
		{"one character of actor changed", func(t *testing.T, db *store.DB) {
			r, err := db.Read().AuditRecord(context.Background(), 3)
			if err != nil {
				t.Fatal(err)
			}
			edited := r.Actor[:len(r.Actor)-1] + "X"
			if rawExec(t, db, `UPDATE audit_log SET actor = ? WHERE id = 3`, edited) != 1 {
				t.Fatal("tamper updated nothing")
			}
		}, 3},
		{"outcome changed", func(t *testing.T, db *store.DB) {
			rawExec(t, db, `UPDATE audit_log SET outcome = 'failure' WHERE id = 4`)
		}, 4},
		{"time moved", func(t *testing.T, db *store.DB) {
			rawExec(t, db, `UPDATE audit_log SET at = at + 1 WHERE id = 2`)
		}, 2},
		{"middle row deleted", func(t *testing.T, db *store.DB) {
			rawExec(t, db, `DELETE FROM audit_log WHERE id = 3`)
		}, 3},
		{"first row deleted", func(t *testing.T, db *store.DB) {
			rawExec(t, db, `DELETE FROM audit_log WHERE id = 1`)
		}, 1},
		{"newest row deleted", func(t *testing.T, db *store.DB) {
			rawExec(t, db, `DELETE FROM audit_log WHERE id = 6`)
		}, 6},
		{"edited and rehashed", func(t *testing.T, db *store.DB) {
			// An attacker who knows the scheme recomputes the edited record's hash: the next
			// record's link breaks.
			r, _ := db.Read().AuditRecord(context.Background(), 3)
			r.Actor = "someone-else"
			h := audit.ComputeHash(r.PrevHash, r)
			rawExec(t, db, `UPDATE audit_log SET actor = ?, hash = ? WHERE id = 3`, r.Actor, h)
		}, 4},
		{"two rows swapped", func(t *testing.T, db *store.DB) {
			rawExec(t, db, `UPDATE audit_log SET id = 100 WHERE id = 2`)
			rawExec(t, db, `UPDATE audit_log SET id = 2 WHERE id = 3`)
			rawExec(t, db, `UPDATE audit_log SET id = 3 WHERE id = 100`)
		}, 2},
	}
	each(t, func(t *testing.T, b testdb.Backend) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				db, clock := openAt(t, b)
				for i := 1; i <= 6; i++ {
					clock.Advance(time.Second)
					appendAudit(t, db, fmt.Sprintf("sysadmin%d", i), "unit.update")
				}
				verifies(t, db, 6)
				c.tamper(t, db)
				breaksAt(t, db, c.wantID)
			})
		}
	})
}

func TestAuditPrune(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		for i := 1; i <= 4; i++ {
			appendAudit(t, db, "old", "unit.update")
		}
		clock.Advance(30 * 24 * time.Hour)
		appendAudit(t, db, "recent", "unit.update") // 5
		appendAudit(t, db, "recent", "unit.update") // 6

		prune := func(before time.Time) (int64, error) {
			var n int64
			err := db.InTx(ctx, func(tx *store.Tx) error {
				var err error
				n, _, _, err = tx.PruneAudit(ctx, before, &audit.Record{Actor: "auditadmin"})
				return err
			})
			return n, err
		}
		// Six months must be kept: a date within 180 days of now is refused.
		_, err := prune(clock.T.AddDate(0, 0, -179))
		wantCode(t, err, domain.EInvalid, "before")
		_, err = prune(clock.T)
		wantCode(t, err, domain.EInvalid, "before")
		if ids := auditIDs(t, db); !slices.Equal(ids, seq(1, 6)) {
			t.Fatalf("refused prune removed records: %v", ids)
		}

		// 200 days after the first records, the old ones may go.
		clock.T = t0.Add(200 * 24 * time.Hour)
		n, err := prune(clock.T.AddDate(0, 0, -180)) // t0+20d: records 1–4 are older
		if err != nil || n != 4 {
			t.Fatalf("prune = %d, %v; want 4", n, err)
		}
		// 7 is the pruning's own record, which anchors the checkpoint in the chain.
		if ids := auditIDs(t, db); !slices.Equal(ids, []int64{5, 6, 7}) {
			t.Fatalf("after prune: ids %v, want [5 6 7]", ids)
		}
		var cpID int64
		var cpHash string
		if err := rawRow(db, `SELECT upto_id, upto_hash FROM audit_checkpoints`).Scan(&cpID, &cpHash); err != nil || cpID != 4 || cpHash == "" {
			t.Fatalf("checkpoint = %d %q, %v; want record 4", cpID, cpHash, err)
		}
		verifies(t, db, 3)
		// Nothing older left: a second prune removes nothing and leaves no extra checkpoint.
		if n, err := prune(clock.T.AddDate(0, 0, -180)); err != nil || n != 0 {
			t.Fatalf("second prune = %d, %v", n, err)
		}
		var cps int
		rawRow(db, `SELECT count(*) FROM audit_checkpoints`).Scan(&cps)
		if cps != 1 {
			t.Fatalf("%d checkpoints, want 1", cps)
		}

		// Appending after pruning continues the chain.
		r := appendAudit(t, db, "auditadmin", "unit.update")
		if r.ID != 8 {
			t.Fatalf("next id after prune = %d, want 8", r.ID)
		}
		verifies(t, db, 4)
		// Verification from the checkpoint still catches an edit.
		rawExec(t, db, `UPDATE audit_log SET actor = 'recenT' WHERE id = 5`)
		breaksAt(t, db, 5)
	})
}

func TestAuditConcurrentAppends(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		const n = 50
		start := make(chan struct{})
		errs := make(chan error, n)
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs <- db.InTx(ctx, func(tx *store.Tx) error {
					return tx.AppendAudit(ctx, &audit.Record{Actor: fmt.Sprintf("w%d", i), Action: "unit.update", Outcome: audit.OK})
				})
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent append: %v", err)
			}
		}
		if ids := auditIDs(t, db); !slices.Equal(ids, seq(1, n)) {
			t.Fatalf("ids %v, want 1..%d without gaps", ids, n)
		}
		verifies(t, db, n)
	})
}

// ---------------------------------------------------------------------------------------------
// Backup

func TestBackup(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		dst := filepath.Join(t.TempDir(), "copy.db")
		if db.Dialect == store.Postgres {
			if err := db.Backup(ctx, dst); !errors.Is(err, store.ErrBackupPostgres) {
				t.Fatalf("Backup on PostgreSQL = %v, want ErrBackupPostgres", err)
			}
			if _, err := os.Stat(dst); err == nil {
				t.Fatal("Backup on PostgreSQL wrote a file")
			}
			return
		}
		for i := 0; i < 20; i++ {
			appendAudit(t, db, "before", "unit.update")
		}
		// A writer keeps going while the backup runs, as a live server would.
		stop := make(chan struct{})
		wrote := make(chan struct{})
		done := make(chan error, 1)
		go func() {
			first := true
			for {
				select {
				case <-stop:
					done <- nil
					return
				default:
				}
				err := db.InTx(ctx, func(tx *store.Tx) error {
					return tx.AppendAudit(ctx, &audit.Record{Actor: "during", Action: "unit.update", Outcome: audit.OK})
				})
				if err != nil {
					done <- err
					return
				}
				if first {
					close(wrote)
					first = false
				}
			}
		}()
		<-wrote
		backupErr := db.Backup(ctx, dst)
		close(stop)
		if err := <-done; err != nil {
			t.Fatalf("writer during backup: %v", err)
		}
		if backupErr != nil {
			t.Fatalf("Backup: %v", backupErr)
		}
		if n, err := db.Read().VerifyAudit(ctx); err != nil || n <= 21 {
			t.Fatalf("live database after backup: %d, %v", n, err)
		}

		cp, err := store.Open(ctx, dst, store.Options{Sealer: testdb.Sealer(t)})
		if err != nil {
			t.Fatal(err)
		}
		defer cp.Close()
		if cur, err := cp.CheckVersion(ctx); err != nil || !cur {
			t.Fatalf("copy CheckVersion = %v, %v", cur, err)
		}
		n, err := cp.Read().VerifyAudit(ctx)
		if err != nil || n < 21 {
			t.Fatalf("copy VerifyAudit = %d, %v; want at least 21 records and an intact chain", n, err)
		}

		// Never overwrite an existing file.
		info, _ := os.Stat(dst)
		if err := db.Backup(ctx, dst); err == nil {
			t.Fatal("Backup over an existing file succeeded")
		}
		if again, _ := os.Stat(dst); again.Size() != info.Size() || !again.ModTime().Equal(info.ModTime()) {
			t.Fatal("a refused backup changed the existing file")
		}
		verifies(t, cp, n)
	})
}
