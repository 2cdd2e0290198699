package app_test

// Use-case tests: the Service against a real database (every backend of testdb.Backends),
// mostly on the demo district. They check what a user would notice — the answer, the refusal
// and its kind, what was stored — and that every successful change wrote exactly one audit
// record while a refused one wrote none.

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/store"
	"archgov/internal/testdb"
	"archgov/internal/testdb/demodb"
)

var t0 = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// env is one backend's database, clock and service.
type env struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	svc   *app.Service
	clock *testdb.Clock
}

// each runs fn once per backend with a fresh, empty service. Use demo to fill it.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	eachDB(t, false, fn)
}

// eachDemo is each with the demo district loaded: a copy of the demo loaded once per process
// (demodb), so the test's changes are its own.
func eachDemo(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	eachDB(t, true, fn)
}

// testKDF is the tests' cheap password hashing.
var testKDF = gm.KDFParams{Iterations: 1000, SaltLen: 16, KeyLen: 32}

func eachDB(t *testing.T, withDemo bool, fn func(t *testing.T, e *env)) {
	t.Helper()
	for _, b := range testdb.ServiceBackends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			clock := &testdb.Clock{T: t0}
			var db *store.DB
			if withDemo {
				db = demodb.Open(t, b, clock.Now, testKDF)
			} else {
				db = b.Open(t, clock.Now)
			}
			svc := app.New(db, app.Options{KDF: testKDF})
			fn(t, &env{t: t, ctx: context.Background(), db: db, svc: svc, clock: clock})
		})
	}
}

func TestMain(m *testing.M) { os.Exit(demodb.Run(m)) }

// must is what read gives for key, read straight from the database (no authorization), the
// test failing when it fails; what names the record in the failure.
func must[K, T any](e *env, what string, read func(store.Reader, context.Context, K) (T, error), key K) T {
	e.t.Helper()
	x, err := read(e.db.Read(), e.ctx, key)
	if err != nil {
		e.t.Fatalf("%s %v: %v", what, key, err)
	}
	return x
}

// added is x once who has created it through create, the test failing when it cannot.
func added[T any](e *env, who, what string, create func(context.Context, domain.Actor, *T) error, x *T) *T {
	e.t.Helper()
	if err := create(e.ctx, e.actor(who), x); err != nil {
		e.t.Fatalf("%s creates %s: %v", who, what, err)
	}
	return x
}

func (e *env) user(username string) *domain.User {
	e.t.Helper()
	return must(e, "user", store.Reader.UserByUsername, username)
}

// actor is username acting from an office address (as the web adapter would build it).
func (e *env) actor(username string) domain.Actor {
	e.t.Helper()
	u := e.user(username)
	return domain.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, UnitID: u.UnitID, Grants: u.Grants, IP: "10.20.0.1"}
}

func (e *env) unit(code string) *domain.Unit {
	e.t.Helper()
	return must(e, "unit", store.Reader.UnitByCode, code)
}

// head is the id of the newest audit record (ids are gapless, so it is also the count).
func (e *env) head() int64 {
	e.t.Helper()
	rs, err := e.db.Read().AuditRecords(e.ctx, store.AuditFilter{Limit: 1})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(rs) == 0 {
		return 0
	}
	return rs[0].ID
}

// since returns the audit records written after id, oldest first. It reads the log newest
// first a page at a time and stops at id: the demo's log has thousands of records, and reading
// them all for every check was a fifth of the package's time under -race.
func (e *env) since(id int64) []*audit.Record {
	e.t.Helper()
	const page = 64
	var newest []*audit.Record // newest first
	f := store.AuditFilter{Limit: page}
	for {
		rs, err := e.db.Read().AuditRecords(e.ctx, f)
		if err != nil {
			e.t.Fatal(err)
		}
		for _, r := range rs {
			if r.ID <= id {
				rs = nil
				break
			}
			newest = append(newest, r)
		}
		if len(rs) < page {
			break
		}
		f.Before = rs[len(rs)-1].ID
	}
	slices.Reverse(newest)
	return newest
}

// wantAudit checks that exactly one record was written since before, with the given action
// and actor, and returns it.
func (e *env) wantAudit(before int64, action, actor string) *audit.Record {
	e.t.Helper()
	rs := e.since(before)
	if len(rs) != 1 {
		var got []string
		for _, r := range rs {
			got = append(got, r.Action)
		}
		e.t.Fatalf("want exactly one audit record %q, got %d: %v", action, len(rs), got)
	}
	r := rs[0]
	if r.Action != action || r.Actor != actor {
		e.t.Fatalf("audit record: action %q actor %q, want %q by %q", r.Action, r.Actor, action, actor)
	}
	return r
}

// wantNoAudit checks that a refused command wrote nothing.
func (e *env) wantNoAudit(before int64) {
	e.t.Helper()
	if rs := e.since(before); len(rs) != 0 {
		e.t.Fatalf("a refused command wrote %d audit records (first %q)", len(rs), rs[0].Action)
	}
}

// version is the account's current version, as a form or API client would have read it.
func (e *env) version(userID int64) int64 {
	e.t.Helper()
	u, err := e.svc.DB().Read().User(e.ctx, userID)
	if err != nil {
		return 0 // a missing account: the use case answers for it
	}
	return u.Version
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

func wantMessage(t *testing.T, err error, code domain.Code, key string) {
	t.Helper()
	wantCode(t, err, code, "")
	if e := domain.AsError(err); e.Message != key {
		t.Fatalf("error %v: message %q, want %q", err, e.Message, key)
	}
}

func ptr[T any](v T) *T { return &v }

// ---------------------------------------------------------------------------------------------
// 三权分立 and accounts

func TestAccountAdministrationSeparation(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys, sec, aud := e.actor("sysadmin"), e.actor("secadmin"), e.actor("auditadmin")
		health := e.unit("320507119")

		// Only the system administrator opens accounts, and never with roles.
		for _, who := range []string{"secadmin", "auditadmin", "office", "weijian_head"} {
			h := e.head()
			_, _, err := e.svc.CreateUser(e.ctx, e.actor(who), app.NewUser{Username: "x" + strings.ReplaceAll(who, "_", ""), Name: "某人"})
			wantCode(t, err, domain.EForbidden, "")
			e.wantNoAudit(h)
		}
		h := e.head()
		_, _, err := e.svc.CreateUser(e.ctx, sys, app.NewUser{Username: "sneaky", Name: "某人", UnitID: health.ID,
			Grants: []domain.Grant{{Role: domain.RoleOffice}}})
		wantCode(t, err, domain.EForbidden, "")
		e.wantNoAudit(h)
		if _, err := e.db.Read().UserByUsername(e.ctx, "sneaky"); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("refused CreateUser stored the account: %v", err)
		}

		h = e.head()
		u, pw, err := e.svc.CreateUser(e.ctx, sys, app.NewUser{Username: "Newbie", Name: " 新同事 ", UnitID: health.ID, Phone: "13905129999"})
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != "newbie" || u.Name != "新同事" || pw == "" || !u.MustChange || len(u.Grants) != 0 {
			t.Fatalf("created %+v with password %q", u, pw)
		}
		rec := e.wantAudit(h, "user.create", "sysadmin")
		if strings.Contains(rec.Changes, "13905129999") {
			t.Fatalf("the audit record holds the phone in clear: %s", rec.Changes)
		}
		// A duplicate name, a bad name, a unit that does not exist: refused, nothing written.
		for _, c := range []struct {
			n     app.NewUser
			field string
		}{
			{app.NewUser{Username: "newbie", Name: "又一个"}, "username"},
			{app.NewUser{Username: "9lives", Name: "某人"}, "username"},
			{app.NewUser{Username: "ghost", Name: ""}, "name"},
			{app.NewUser{Username: "ghost", Name: "某人", UnitID: 999999}, "unit_id"},
			{app.NewUser{Username: "ghost", Name: "某人", Password: "short1A"}, "password"},
		} {
			h := e.head()
			_, _, err := e.svc.CreateUser(e.ctx, sys, c.n)
			wantCode(t, err, domain.EInvalid, c.field)
			e.wantNoAudit(h)
		}
		// The one-time password works once and must be changed.
		res, err := e.svc.Login(e.ctx, "newbie", pw, "10.0.0.9", "test")
		if err != nil || !res.Auth.MustChange || res.Auth.Ready() {
			t.Fatalf("login with the initial password: %v, %+v", err, res)
		}

		// Roles are the security administrator's, and never their own.
		h = e.head()
		got, err := e.svc.SetGrants(e.ctx, sec, u.ID, e.version(u.ID), []domain.Grant{{Role: domain.RoleUnitContact, UnitCode: "320507119"}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Grants) != 1 || got.Grants[0].String() != "unit_contact:320507119" || got.Grants[0].UnitID != health.ID {
			t.Fatalf("grants after SetGrants: %v", got.Grants)
		}
		rec = e.wantAudit(h, "user.grant_roles", "secadmin")
		if !strings.Contains(rec.Changes, "unit_contact:320507119") {
			t.Fatalf("grant audit changes %s", rec.Changes)
		}

		refusals := []struct {
			name   string
			actor  domain.Actor
			userID int64
			grants []domain.Grant
			code   domain.Code
			field  string
		}{
			{"secadmin on itself", sec, sec.UserID, []domain.Grant{{Role: domain.RoleSecAdmin}, {Role: domain.RoleOffice}}, domain.EForbidden, ""},
			{"secadmin on itself, same roles", sec, sec.UserID, []domain.Grant{{Role: domain.RoleSecAdmin}}, domain.EForbidden, ""},
			{"sysadmin grants", sys, u.ID, []domain.Grant{{Role: domain.RoleOffice}}, domain.EForbidden, ""},
			{"auditadmin grants", aud, u.ID, []domain.Grant{{Role: domain.RoleOffice}}, domain.EForbidden, ""},
			{"unit head grants in own unit", e.actor("weijian_head"), u.ID, []domain.Grant{{Role: domain.RoleOffice}}, domain.EForbidden, ""},
			{"sysadmin and secadmin together", sec, u.ID, []domain.Grant{{Role: domain.RoleSysAdmin}, {Role: domain.RoleSecAdmin}}, domain.EInvalid, "role"},
			{"secadmin and auditadmin together", sec, u.ID, []domain.Grant{{Role: domain.RoleSecAdmin}, {Role: domain.RoleAuditAdmin}}, domain.EInvalid, "role"},
			{"administrator with a business role", sec, u.ID, []domain.Grant{{Role: domain.RoleSysAdmin}, {Role: domain.RoleOffice}}, domain.EInvalid, "role"},
			{"unknown role", sec, u.ID, []domain.Grant{{Role: "root"}}, domain.EInvalid, "role"},
			{"scoped role on a unit that does not exist", sec, u.ID, []domain.Grant{{Role: domain.RoleUnitHead, UnitCode: "999"}}, domain.EInvalid, "role"},
			{"duplicate grant", sec, u.ID, []domain.Grant{{Role: domain.RoleExpert}, {Role: domain.RoleExpert}}, domain.EInvalid, "role"},
		}
		for _, c := range refusals {
			h := e.head()
			_, err := e.svc.SetGrants(e.ctx, c.actor, c.userID, e.version(c.userID), c.grants)
			if domain.ErrorCode(err) != c.code || (c.field != "" && domain.AsError(err).Field != c.field) {
				t.Errorf("%s: %v, want %s %s", c.name, err, c.code, c.field)
			}
			e.wantNoAudit(h)
		}
		if g := e.user("newbie").Grants; len(g) != 1 || g[0].Role != domain.RoleUnitContact {
			t.Fatalf("refused SetGrants changed the roles: %v", g)
		}
		if g := e.user("secadmin").Grants; len(g) != 1 || g[0].Role != domain.RoleSecAdmin {
			t.Fatalf("secadmin's own roles changed: %v", g)
		}
		// A stale version is a conflict.
		h = e.head()
		_, err = e.svc.SetGrants(e.ctx, sec, u.ID, 1, []domain.Grant{{Role: domain.RoleExpert}})
		wantCode(t, err, domain.EConflict, "")
		e.wantNoAudit(h)

		// The system admin does not edit their own account or read the audit log; the audit
		// admin reads it.
		_, err = e.svc.UpdateUser(e.ctx, sys, sys.UserID, app.UserEdit{Version: e.user("sysadmin").Version, Name: ptr("改名")})
		wantCode(t, err, domain.EForbidden, "")
		for _, who := range []domain.Actor{sys, sec, e.actor("office")} {
			_, err := e.svc.AuditSearch(e.ctx, who, store.AuditFilter{})
			wantCode(t, err, domain.EForbidden, "")
		}
		p, err := e.svc.AuditSearch(e.ctx, aud, store.AuditFilter{Action: "user.grant_roles", EntityType: "user", EntityID: fmt.Sprint(u.ID)})
		if err != nil || len(p.Items) != 1 || p.Items[0].Actor != "secadmin" {
			t.Fatalf("auditadmin search: %d items, %v", len(p.Items), err)
		}
	})
}

func TestUserEditDisableAndReset(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := e.actor("sysadmin")
		jy := e.user("jiaoyu")

		h := e.head()
		got, err := e.svc.UpdateUser(e.ctx, sys, jy.ID, app.UserEdit{Version: jy.Version, Phone: ptr("13905121234")})
		if err != nil || got.Phone != "13905121234" {
			t.Fatalf("UpdateUser = %+v, %v", got, err)
		}
		rec := e.wantAudit(h, "user.update", "sysadmin")
		if strings.Contains(rec.Changes, "13905121234") || !strings.Contains(rec.Changes, "phone") {
			t.Fatalf("audit changes %s: want the phone field, masked", rec.Changes)
		}
		h = e.head()
		_, err = e.svc.UpdateUser(e.ctx, sys, jy.ID, app.UserEdit{Version: jy.Version, Name: ptr("旧版本")})
		wantCode(t, err, domain.EConflict, "")
		e.wantNoAudit(h)
		if e.user("jiaoyu").Name != jy.Name {
			t.Fatal("a stale edit changed the name")
		}
		_, err = e.svc.UpdateUser(e.ctx, e.actor("weijian_head"), jy.ID, app.UserEdit{Version: got.Version, Name: ptr("越权")})
		wantCode(t, err, domain.ENotFound, "")

		// A reset password must be changed; it ends the user's sessions.
		res, err := e.svc.Login(e.ctx, "jiaoyu", demo.Password, "10.0.0.5", "")
		if err != nil {
			t.Fatal(err)
		}
		h = e.head()
		pw, err := e.svc.ResetPassword(e.ctx, sys, jy.ID, "")
		if err != nil || pw == "" {
			t.Fatalf("ResetPassword = %q, %v", pw, err)
		}
		e.wantAudit(h, "user.password_reset", "sysadmin")
		_, err = e.svc.SessionAuth(e.ctx, res.Cookie, "10.0.0.5")
		wantCode(t, err, domain.EUnauthorized, "")
		if _, err := e.svc.Login(e.ctx, "jiaoyu", demo.Password, "10.0.0.5", ""); domain.ErrorCode(err) != domain.EUnauthorized {
			t.Fatalf("the old password still works: %v", err)
		}
		res, err = e.svc.Login(e.ctx, "jiaoyu", pw, "10.0.0.5", "")
		if err != nil || !res.Auth.MustChange {
			t.Fatalf("login with the reset password: %v, must change %v", err, res != nil && res.Auth.MustChange)
		}
		for _, who := range []string{"secadmin", "office"} {
			_, err := e.svc.ResetPassword(e.ctx, e.actor(who), jy.ID, "")
			wantCode(t, err, domain.EForbidden, "")
		}
		_, err = e.svc.ResetPassword(e.ctx, e.actor("weijian"), jy.ID, "")
		wantCode(t, err, domain.ENotFound, "")

		// Disabling ends the sessions and keeps the person out; enabling lets them back in.
		h = e.head()
		if _, err := e.svc.SetUserDisabled(e.ctx, sys, jy.ID, e.version(jy.ID), true); err != nil {
			t.Fatal(err)
		}
		// jiaoyu was 教育局's 联系人: the unit names no contact any more (ORG-1), audited too.
		if rs := e.since(h); len(rs) != 2 || rs[0].Action != "user.disable" || rs[1].Action != "unit.update" {
			t.Fatalf("audit after disabling jiaoyu: %d records", len(rs))
		}
		if u := e.unit("320507105"); u.ContactUserID != 0 {
			t.Fatalf("教育局 still names the disabled contact: %+v", u)
		}
		_, err = e.svc.SessionAuth(e.ctx, res.Cookie, "10.0.0.5")
		wantCode(t, err, domain.EUnauthorized, "")
		_, err = e.svc.SetUserDisabled(e.ctx, sys, jy.ID, e.version(jy.ID), true)
		wantCode(t, err, domain.EConflict, "")
		_, err = e.svc.SetUserDisabled(e.ctx, e.actor("secadmin"), jy.ID, 0, false)
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.SetUserDisabled(e.ctx, sys, sys.UserID, e.version(sys.UserID), true)
		wantCode(t, err, domain.EForbidden, "")

		// 三权分立: the system admin cannot take over or silence another administrator by
		// resetting or disabling them; only the operator at the command line can.
		for _, admin := range []string{"secadmin", "auditadmin"} {
			u := e.user(admin)
			h := e.head()
			_, err := e.svc.ResetPassword(e.ctx, sys, u.ID, "")
			wantCode(t, err, domain.EForbidden, "")
			_, err = e.svc.SetUserDisabled(e.ctx, sys, u.ID, e.version(u.ID), true)
			wantCode(t, err, domain.EForbidden, "")
			e.wantNoAudit(h)
			if _, err := e.svc.ResetPassword(e.ctx, app.SystemActor(), u.ID, ""); err != nil {
				t.Fatalf("the command line resetting %s: %v", admin, err)
			}
			e.wantAudit(h, "user.password_reset", "system")
		}
	})
}

// ---------------------------------------------------------------------------------------------
// Scoping: who sees which accounts, and whose phones

func TestUserScoping(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := e.actor("sysadmin")
		// Make every unit the leader leads hold a user, and put someone in the leader's own
		// office, which the leader does not lead.
		for _, n := range []app.NewUser{
			{Username: "gongan", Name: "公安联系人", UnitID: e.unit("320507106").ID},
			{Username: "minzheng", Name: "民政联系人", UnitID: e.unit("320507107").ID},
			{Username: "zhengfuban", Name: "政府办职员", UnitID: e.unit("320507101").ID},
		} {
			if _, _, err := e.svc.CreateUser(e.ctx, sys, n); err != nil {
				t.Fatal(err)
			}
		}
		everyone, err := e.svc.Users(e.ctx, sys, store.UserFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := e.db.Read().CountUsers(e.ctx); len(everyone.Items) != n {
			t.Fatalf("sysadmin sees %d of %d users", len(everyone.Items), n)
		}
		expect := func(self string, unitCodes ...string) []string {
			units := map[int64]bool{}
			for _, c := range unitCodes {
				units[e.unit(c).ID] = true
			}
			var out []string
			for _, u := range everyone.Items {
				if u.Username == self || units[u.UnitID] {
					out = append(out, u.Username)
				}
			}
			return out
		}
		names := func(us []*domain.User) []string {
			var out []string
			for _, u := range us {
				out = append(out, u.Username)
			}
			return out
		}

		cases := []struct {
			who  string
			want []string
		}{
			{"weijian", expect("weijian", "320507119")},
			{"weijian_head", expect("weijian_head", "320507119")},
			{"jiaoyu", expect("jiaoyu", "320507105")},
			{"leader", expect("leader", "320507106", "320507119", "320507105", "320507107")},
			{"expert", []string{"expert"}},
			{"finance", []string{"finance"}},
		}
		for _, c := range cases {
			p, err := e.svc.Users(e.ctx, e.actor(c.who), store.UserFilter{})
			if err != nil {
				t.Fatalf("%s: %v", c.who, err)
			}
			if got := names(p.Items); !slices.Equal(got, c.want) {
				t.Errorf("%s sees %v, want %v", c.who, got, c.want)
			}
		}
		if got := expect("weijian", "320507119"); !slices.Equal(got, []string{"weijian_head", "weijian"}) {
			t.Fatalf("fixture: 卫健委 users %v", got)
		}
		// The leader, the four units' 责任人 and 联系人 accounts (ORG-1) and the two added above.
		if got := expect("leader", "320507106", "320507119", "320507105", "320507107"); len(got) != 11 || slices.Contains(got, "zhengfuban") ||
			!slices.Contains(got, "gongan") || !slices.Contains(got, "head_320507106") {
			t.Fatalf("fixture: leader's scope %v", got)
		}
		for _, who := range []string{"secadmin", "auditadmin", "office"} {
			if p, _ := e.svc.Users(e.ctx, e.actor(who), store.UserFilter{}); len(p.Items) != len(everyone.Items) {
				t.Errorf("%s sees %d users, want all %d", who, len(p.Items), len(everyone.Items))
			}
		}

		// One record: another unit's account is not found, not forbidden.
		wj := e.actor("weijian")
		jy, head := e.user("jiaoyu"), e.user("weijian_head")
		_, err = e.svc.User(e.ctx, wj, jy.ID)
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.User(e.ctx, wj, e.user("office").ID)
		wantCode(t, err, domain.ENotFound, "")
		if u, err := e.svc.User(e.ctx, wj, head.ID); err != nil || u.Username != "weijian_head" {
			t.Fatalf("weijian reading a colleague: %v", err)
		}
		_, err = e.svc.User(e.ctx, e.actor("leader"), e.user("zhengfuban").ID)
		wantCode(t, err, domain.ENotFound, "")
		if _, err := e.svc.User(e.ctx, e.actor("leader"), e.user("gongan").ID); err != nil {
			t.Fatalf("leader reading a user of a led unit: %v", err)
		}
		// Search cannot reach outside the scope either.
		if p, _ := e.svc.Users(e.ctx, wj, store.UserFilter{Query: "jiaoyu"}); len(p.Items) != 0 {
			t.Fatalf("weijian found %v by searching", names(p.Items))
		}
		if p, _ := e.svc.Users(e.ctx, wj, store.UserFilter{UnitID: jy.UnitID}); len(p.Items) != 0 {
			t.Fatalf("weijian listed 教育局 by filtering: %v", names(p.Items))
		}

		// Pages: every user exactly once.
		var paged []string
		f := store.UserFilter{Limit: 4}
		for i := 0; ; i++ {
			if i > len(everyone.Items) {
				t.Fatal("pagination does not end")
			}
			p, err := e.svc.Users(e.ctx, sys, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Items) > 4 {
				t.Fatalf("page of %d", len(p.Items))
			}
			paged = append(paged, names(p.Items)...)
			if p.NextCursor == 0 {
				break
			}
			f.After = p.NextCursor
		}
		if !slices.Equal(paged, names(everyone.Items)) {
			t.Fatalf("paged %v, want %v", paged, names(everyone.Items))
		}
	})
}

func TestPhoneMasking(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := e.actor("sysadmin")
		jy := e.user("jiaoyu")
		if _, err := e.svc.UpdateUser(e.ctx, sys, jy.ID, app.UserEdit{Version: jy.Version, Phone: ptr("13905121234")}); err != nil {
			t.Fatal(err)
		}
		// A user's own phone: clear for themselves and the administrators of accounts and the
		// info office; masked for a leader who may see the account.
		for _, c := range []struct {
			who  string
			want string
		}{
			{"jiaoyu", "13905121234"},
			{"sysadmin", "13905121234"},
			{"office", "13905121234"},
			{"leader", "139****1234"},
		} {
			u, err := e.svc.User(e.ctx, e.actor(c.who), jy.ID)
			if err != nil || u.Phone != c.want {
				t.Errorf("%s sees jiaoyu's phone %q (%v), want %q", c.who, u.Phone, err, c.want)
			}
			p, _ := e.svc.Users(e.ctx, e.actor(c.who), store.UserFilter{Query: "jiaoyu"})
			if len(p.Items) != 1 || p.Items[0].Phone != c.want {
				t.Errorf("%s lists jiaoyu's phone as %v, want %q", c.who, p.Items, c.want)
			}
		}
		if e.user("jiaoyu").Phone != "13905121234" {
			t.Fatal("masking changed the stored phone")
		}

		// Units are public; their phones are clear only for the unit's own people, the system
		// admin and the info office.
		edu, health := e.unit("320507105"), e.unit("320507119")
		check := func(who string, u *domain.Unit, clear bool) {
			t.Helper()
			got, err := e.svc.Unit(e.ctx, e.actor(who), u.ID)
			if err != nil {
				t.Fatalf("%s reading unit %s: %v", who, u.Code, err)
			}
			p, err := e.svc.Units(e.ctx, e.actor(who), store.UnitFilter{Query: u.Code})
			if err != nil || len(p.Items) != 1 {
				t.Fatalf("%s listing unit %s: %v, %d", who, u.Code, err, len(p.Items))
			}
			for _, x := range []*domain.Unit{got, p.Items[0]} {
				if clear {
					if x.HeadPhone != u.HeadPhone || x.ContactPhone != u.ContactPhone {
						t.Errorf("%s sees %s phones %q %q, want them clear", who, u.Code, x.HeadPhone, x.ContactPhone)
					}
				} else if !strings.Contains(x.HeadPhone, "****") || !strings.Contains(x.ContactPhone, "****") ||
					x.HeadPhone == u.HeadPhone || x.ContactPhone == u.ContactPhone {
					t.Errorf("%s sees %s phones %q %q, want them masked", who, u.Code, x.HeadPhone, x.ContactPhone)
				}
			}
		}
		check("weijian", edu, false)
		check("weijian", health, true)
		check("jiaoyu", edu, true)
		check("jiaoyu", health, false)
		check("leader", health, true)
		check("expert", health, false)
		check("sysadmin", edu, true)
		check("office", edu, true)
		// The unit's phones are its people's accounts' (ORG-1): jiaoyu's new phone is 教育局's
		// contact phone at once.
		if edu.HeadPhone != "0512-65980105" || edu.ContactPhone != "13905121234" {
			t.Fatalf("fixture: 教育局 phones %q %q", edu.HeadPhone, edu.ContactPhone)
		}
	})
}

// ---------------------------------------------------------------------------------------------
// Units

func TestCreateUnit(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := e.actor("sysadmin")
		district, bureau := e.unit("320507"), e.unit("320507105")

		for _, who := range []string{"office", "weijian_head", "secadmin", "auditadmin"} {
			h := e.head()
			err := e.svc.CreateUnit(e.ctx, e.actor(who), &domain.Unit{Code: "320507130", Name: "区新局", Kind: domain.KindBureau, ParentID: district.ID})
			wantCode(t, err, domain.EForbidden, "")
			e.wantNoAudit(h)
		}
		refusals := []struct {
			name  string
			u     domain.Unit
			field string
		}{
			{"bad kind", domain.Unit{Code: "320507130", Name: "区新局", Kind: "ministry", ParentID: district.ID}, "kind"},
			{"village under a bureau", domain.Unit{Code: "320507105001", Name: "某村", Kind: domain.KindVillage, ParentID: bureau.ID}, "parent_id"},
			{"bureau under a bureau", domain.Unit{Code: "320507105002", Name: "某科", Kind: domain.KindBureau, ParentID: bureau.ID}, "parent_id"},
			{"parent missing", domain.Unit{Code: "320507130", Name: "区新局", Kind: domain.KindBureau, ParentID: 999999}, "parent_id"},
			{"a second district", domain.Unit{Code: "320508", Name: "另一个区", Kind: domain.KindDistrict}, "parent_id"},
			{"bureau without parent", domain.Unit{Code: "320507130", Name: "区新局", Kind: domain.KindBureau}, "parent_id"},
			{"code taken", domain.Unit{Code: "320507105", Name: "区新局", Kind: domain.KindBureau, ParentID: district.ID}, "code"},
			{"bad code", domain.Unit{Code: "新局", Name: "区新局", Kind: domain.KindBureau, ParentID: district.ID}, "code"},
			{"no name", domain.Unit{Code: "320507130", Name: "  ", Kind: domain.KindBureau, ParentID: district.ID}, "name"},
		}
		for _, c := range refusals {
			h := e.head()
			u := c.u
			err := e.svc.CreateUnit(e.ctx, sys, &u)
			if domain.ErrorCode(err) != domain.EInvalid || domain.AsError(err).Field != c.field {
				t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
			}
			e.wantNoAudit(h)
		}
		if _, err := e.db.Read().UnitByCode(e.ctx, "320507130"); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatal("a refused create stored the unit")
		}

		h := e.head()
		// A new unit names no one yet, whatever it is given: its people are its accounts (ORG-1).
		u := &domain.Unit{Code: " 320507130 ", Name: "区大数据中心", Kind: domain.KindBureau, ParentID: district.ID,
			ResponsibleUserID: e.user("weijian_head").ID, HeadName: "甲", HeadPhone: "13905127777"}
		if err := e.svc.CreateUnit(e.ctx, sys, u); err != nil {
			t.Fatal(err)
		}
		rec := e.wantAudit(h, "unit.create", "sysadmin")
		if strings.Contains(rec.Changes, "13905127777") {
			t.Fatalf("unit.create audit holds the phone in clear: %s", rec.Changes)
		}
		got := e.unit("320507130")
		if got.ID != u.ID || got.Level != 1 || !got.Active || got.ParentID != district.ID || got.ResponsibleUserID != 0 || got.HeadName != "" {
			t.Fatalf("stored %+v", got)
		}
		// A village under a town is fine (three service levels, PTL-P2).
		v := &domain.Unit{Code: "320507208003", Name: "新村", Kind: domain.KindVillage, ParentID: e.unit("320507208").ID}
		if err := e.svc.CreateUnit(e.ctx, sys, v); err != nil || v.Level != 3 {
			t.Fatalf("village under a town: %v, level %d", err, v.Level)
		}
	})
}

func TestMoveUnit(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := e.actor("sysadmin")
		yuanhe, yuyao, huangqiao := e.unit("320507201"), e.unit("320507201001"), e.unit("320507202")

		refusals := []struct {
			name   string
			unit   *domain.Unit
			parent int64
			code   domain.Code
			key    string
		}{
			{"into its own child", yuanhe, yuyao.ID, domain.EInvalid, "err.unit.cycle"},
			{"under itself", yuanhe, yuanhe.ID, domain.EInvalid, "err.unit.cycle"},
			{"community under a bureau", yuyao, e.unit("320507105").ID, domain.EInvalid, "err.unit.parent_kind"},
			{"the district under a bureau", e.unit("320507"), e.unit("320507105").ID, domain.EInvalid, "err.unit.cycle"},
			{"parent missing", yuyao, 999999, domain.EInvalid, "err.unit.parent_missing"},
		}
		for _, c := range refusals {
			h := e.head()
			_, err := e.svc.MoveUnit(e.ctx, sys, c.unit.ID, c.parent, c.unit.Version)
			wantMessage(t, err, c.code, c.key)
			if domain.AsError(err).Field != "parent_id" {
				t.Errorf("%s: field %q, want parent_id", c.name, domain.AsError(err).Field)
			}
			e.wantNoAudit(h)
		}
		h := e.head()
		_, err := e.svc.MoveUnit(e.ctx, e.actor("office"), yuyao.ID, huangqiao.ID, yuyao.Version)
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.MoveUnit(e.ctx, sys, yuyao.ID, huangqiao.ID, yuyao.Version+1)
		wantCode(t, err, domain.EConflict, "")
		e.wantNoAudit(h)

		h = e.head()
		moved, err := e.svc.MoveUnit(e.ctx, sys, yuyao.ID, huangqiao.ID, yuyao.Version)
		if err != nil || moved.ParentID != huangqiao.ID || moved.Version != yuyao.Version+1 {
			t.Fatalf("MoveUnit = %+v, %v", moved, err)
		}
		e.wantAudit(h, "unit.move", "sysadmin")
		if got := e.unit("320507201001"); got.ParentID != huangqiao.ID {
			t.Fatalf("stored parent %d", got.ParentID)
		}
		// The move used up that version.
		_, err = e.svc.MoveUnit(e.ctx, sys, yuyao.ID, yuanhe.ID, yuyao.Version)
		wantCode(t, err, domain.EConflict, "")
	})
}

func TestSetUnitActive(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := e.actor("sysadmin")
		refusals := []struct {
			name string
			code string
			want domain.Code
		}{
			{"street with active communities", "320507201", domain.EUnprocessable},
			{"bureau with enabled users", "320507119", domain.EUnprocessable},
			{"the district", "320507", domain.EUnprocessable},
		}
		for _, c := range refusals {
			u := e.unit(c.code)
			h := e.head()
			_, err := e.svc.SetUnitActive(e.ctx, sys, u.ID, u.Version, false)
			if domain.ErrorCode(err) != c.want {
				t.Errorf("%s: %v, want %s", c.name, err, c.want)
			}
			e.wantNoAudit(h)
			if !e.unit(c.code).Active {
				t.Errorf("%s: deactivated anyway", c.name)
			}
		}

		// 区统计局 still runs systems: a unit with systems in service stays in use.
		_, err0 := e.svc.SetUnitActive(e.ctx, sys, e.unit("320507124").ID, e.unit("320507124").Version, false)
		wantMessage(t, err0, domain.EUnprocessable, "err.unit.in_use")

		stats := e.unit("320507209003") // 清水村: no children, no users, no systems
		h := e.head()
		_, err := e.svc.SetUnitActive(e.ctx, e.actor("office"), stats.ID, stats.Version, false)
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.SetUnitActive(e.ctx, sys, stats.ID, stats.Version-1, false)
		wantCode(t, err, domain.EConflict, "")
		e.wantNoAudit(h)

		h = e.head()
		off, err := e.svc.SetUnitActive(e.ctx, sys, stats.ID, stats.Version, false)
		if err != nil || off.Active {
			t.Fatalf("deactivate = %+v, %v", off, err)
		}
		e.wantAudit(h, "unit.deactivate", "sysadmin")
		// Deactivated, not deleted: it is still there to read.
		if got := e.unit("320507209003"); got.Active || got.Name != stats.Name {
			t.Fatalf("after deactivation: %+v", got)
		}
		h = e.head()
		_, err = e.svc.SetUnitActive(e.ctx, sys, stats.ID, off.Version, false)
		wantCode(t, err, domain.EConflict, "")
		// Nothing new may hang below an inactive unit, nor be moved there.
		err = e.svc.CreateUnit(e.ctx, sys, &domain.Unit{Code: "320507209003001", Name: "x", Kind: domain.KindBureau, ParentID: stats.ID})
		wantCode(t, err, domain.EInvalid, "parent_id")
		e.wantNoAudit(h)

		// disable disables the enabled accounts of a unit (its 责任人 and 联系人 among them).
		disable := func(code string) {
			t.Helper()
			p, err := e.svc.Users(e.ctx, sys, store.UserFilter{UnitID: e.unit(code).ID})
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range p.Items {
				if !u.Disabled {
					if _, err := e.svc.SetUserDisabled(e.ctx, sys, u.ID, e.version(u.ID), true); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		// A street's communities first, then the street.
		yuanhe := e.unit("320507201")
		for _, c := range []string{"320507201001", "320507201002"} {
			u := e.unit(c)
			if _, err := e.svc.SetUnitActive(e.ctx, sys, u.ID, u.Version, false); domain.ErrorCode(err) != domain.EUnprocessable {
				t.Fatalf("community with enabled accounts: %v", err)
			}
			disable(c)
			u = e.unit(c)
			if _, err := e.svc.SetUnitActive(e.ctx, sys, u.ID, u.Version, false); err != nil {
				t.Fatalf("deactivate %s: %v", c, err)
			}
		}
		// The street's accounts must be disabled first too.
		yuanhe = e.unit("320507201")
		if _, err := e.svc.SetUnitActive(e.ctx, sys, yuanhe.ID, yuanhe.Version, false); domain.ErrorCode(err) != domain.EUnprocessable {
			t.Fatalf("street with an enabled user: %v", err)
		}
		disable("320507201")
		// ... and its systems still in service handed over (here by the info office, to the
		// district) before the street can close.
		yuanhe = e.unit("320507201")
		if _, err := e.svc.SetUnitActive(e.ctx, sys, yuanhe.ID, yuanhe.Version, false); domain.ErrorCode(err) != domain.EUnprocessable {
			t.Fatalf("street with systems in service: %v", err)
		}
		office, district := e.actor("office"), e.unit("320507").ID
		streetSystems, err := e.svc.Systems(e.ctx, office, store.SystemFilter{UnitID: yuanhe.ID})
		if err != nil || len(streetSystems.Items) == 0 {
			t.Fatalf("元和街道 systems: %v, %v", streetSystems.Items, err)
		}
		// What of the street's still refers to them goes first: its open cloud requests are
		// released or withdrawn, its websites unlinked (a system does not move while they refer to it).
		reqs, err := e.svc.CloudRequests(e.ctx, office, store.CloudRequestFilter{UnitID: yuanhe.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range reqs.Items {
			st := app.CloudStep{Version: r.Version, Action: domain.CloudWithdraw}
			if r.Status.Holds() {
				st.Action = domain.CloudRelease
			} else if r.Status != domain.CloudDraft && r.Status != domain.CloudSubmitted {
				continue
			}
			if _, err := e.svc.TransitionCloudRequest(e.ctx, app.SystemActor(), r.ID, st); err != nil {
				t.Fatalf("%s cloud request %d: %v", st.Action, r.ID, err)
			}
		}
		sites, err := e.svc.Websites(e.ctx, office, store.WebsiteFilter{UnitID: yuanhe.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range sites.Items {
			if w.SystemID != 0 && !w.Gone() {
				if _, err := e.svc.UpdateWebsite(e.ctx, office, w.ID, app.WebsiteEdit{Version: w.Version, SystemID: ptr(int64(0))}); err != nil {
					t.Fatalf("unlink website %s: %v", w.Host, err)
				}
			}
		}
		for _, sy := range streetSystems.Items {
			if _, err := e.svc.UpdateSystem(e.ctx, office, sy.ID, app.SystemEdit{Version: sy.Version, UnitID: &district}); err != nil {
				t.Fatalf("hand over %s: %v", sy.Code, err)
			}
		}
		yuanhe = e.unit("320507201")
		if _, err := e.svc.SetUnitActive(e.ctx, sys, yuanhe.ID, yuanhe.Version, false); err != nil {
			t.Fatalf("deactivate an empty street: %v", err)
		}
		// A community cannot come back while its street is inactive.
		yy := e.unit("320507201001")
		h = e.head()
		_, err = e.svc.SetUnitActive(e.ctx, sys, yy.ID, yy.Version, true)
		wantCode(t, err, domain.EInvalid, "parent_id")
		e.wantNoAudit(h)
		yuanhe = e.unit("320507201")
		h = e.head()
		if _, err := e.svc.SetUnitActive(e.ctx, sys, yuanhe.ID, yuanhe.Version, true); err != nil {
			t.Fatal(err)
		}
		e.wantAudit(h, "unit.activate", "sysadmin")
	})
}

// account opens an account of the unit with the grants, as the command line (which may grant
// roles at creation).
func (e *env) account(username, name, unitCode, phone string, gs ...domain.Grant) *domain.User {
	e.t.Helper()
	u, _, err := e.svc.CreateUser(e.ctx, app.SystemActor(), app.NewUser{Username: username, Name: name, Phone: phone,
		UnitID: e.unit(unitCode).ID, Password: "Xiangcheng@2026x", Grants: gs})
	if err != nil {
		e.t.Fatalf("account %s: %v", username, err)
	}
	return u
}

func TestUpdateUnit(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys, head := e.actor("sysadmin"), e.actor("weijian_head")
		health := e.unit("320507119")
		if health.ResponsibleUserID != e.user("weijian_head").ID || health.ContactUserID != e.user("weijian").ID ||
			health.HeadName != "谢宏伟" || health.ContactName != "褚佳敏" || health.ContactPhone != "13905120119" {
			t.Fatalf("fixture: 卫健委 names %+v", health)
		}
		contactRole := domain.Grant{Role: domain.RoleUnitContact, UnitCode: "320507119"}
		fresh := e.account("weijian2", "新联系人", "320507119", "13905128888", contactRole)

		// The unit head names their own unit's 联系人 (ORG-1): an account of the unit holding the
		// role; the unit shows the account's name and phone.
		h := e.head()
		got, err := e.svc.UpdateUnit(e.ctx, head, health.ID, app.UnitEdit{Version: health.Version, ContactUserID: &fresh.ID})
		if err != nil || got.ContactUserID != fresh.ID || got.ContactName != "新联系人" || got.ContactPhone != "13905128888" ||
			got.Version != health.Version+1 {
			t.Fatalf("unit head naming the contact: %+v, %v", got, err)
		}
		rec := e.wantAudit(h, "unit.update", "weijian_head")
		if strings.Contains(rec.Changes, "13905128888") || !strings.Contains(rec.Changes, "contact_user_id") || !strings.Contains(rec.Changes, "新联系人") {
			t.Fatalf("audit changes %s", rec.Changes)
		}
		if s := e.unit("320507119"); s.ContactName != "新联系人" || s.ContactPhone != "13905128888" || s.HeadPhone != health.HeadPhone || s.Name != health.Name {
			t.Fatalf("stored %+v", s)
		}
		health = e.unit("320507119")

		roleless := e.account("weijian3", "无角色", "320507119", "")
		disabled := e.account("weijian4", "已停用", "320507119", "", contactRole)
		if _, err := e.svc.SetUserDisabled(e.ctx, sys, disabled.ID, e.version(disabled.ID), true); err != nil {
			t.Fatal(err)
		}
		other, unknown, zero := e.user("jiaoyu").ID, int64(999999), int64(0)
		weijianHead := e.user("weijian_head").ID
		refusals := []struct {
			name   string
			actor  domain.Actor
			unitID int64
			edit   app.UnitEdit
			code   domain.Code
			field  string
		}{
			{"unit head renames", head, health.ID, app.UnitEdit{Version: health.Version, Name: ptr("改名委")}, domain.EForbidden, ""},
			{"unit head recodes", head, health.ID, app.UnitEdit{Version: health.Version, Code: ptr("X1")}, domain.EForbidden, ""},
			{"unit head changes kind", head, health.ID, app.UnitEdit{Version: health.Version, Kind: ptr(domain.KindZone)}, domain.EForbidden, ""},
			{"unit head of another unit", head, e.unit("320507105").ID, app.UnitEdit{Version: 2, ContactUserID: &zero}, domain.EForbidden, ""},
			{"unit contact", e.actor("weijian"), health.ID, app.UnitEdit{Version: health.Version, ContactUserID: &zero}, domain.EForbidden, ""},
			{"leader", e.actor("leader"), health.ID, app.UnitEdit{Version: health.Version, ContactUserID: &zero}, domain.EForbidden, ""},
			{"stale version", sys, health.ID, app.UnitEdit{Version: health.Version - 1, Name: ptr("旧")}, domain.EConflict, ""},
			{"unit head, stale version", head, health.ID, app.UnitEdit{Version: health.Version - 1, ContactUserID: &zero}, domain.EConflict, ""},
			{"another unit's account", head, health.ID, app.UnitEdit{Version: health.Version, ContactUserID: &other}, domain.EInvalid, "contact_user_id"},
			{"no such account", sys, health.ID, app.UnitEdit{Version: health.Version, ResponsibleUserID: &unknown}, domain.EInvalid, "responsible_user_id"},
			{"an account without the role", head, health.ID, app.UnitEdit{Version: health.Version, ResponsibleUserID: &roleless.ID}, domain.EInvalid, "responsible_user_id"},
			{"the head as contact", head, health.ID, app.UnitEdit{Version: health.Version, ContactUserID: &weijianHead}, domain.EInvalid, "contact_user_id"},
			{"a disabled account", sys, health.ID, app.UnitEdit{Version: health.Version, ContactUserID: &disabled.ID}, domain.EInvalid, "contact_user_id"},
			{"code taken", sys, health.ID, app.UnitEdit{Version: health.Version, Code: ptr("320507105")}, domain.EInvalid, "code"},
			{"kind impossible under its parent", sys, health.ID, app.UnitEdit{Version: health.Version, Kind: ptr(domain.KindVillage)}, domain.EInvalid, "kind"},
			{"missing unit", sys, 999999, app.UnitEdit{Version: 1, Name: ptr("无")}, domain.ENotFound, ""},
		}
		for _, c := range refusals {
			h := e.head()
			_, err := e.svc.UpdateUnit(e.ctx, c.actor, c.unitID, c.edit)
			if domain.ErrorCode(err) != c.code || (c.field != "" && domain.AsError(err).Field != c.field) {
				t.Errorf("%s: %v, want %s %s", c.name, err, c.code, c.field)
			}
			e.wantNoAudit(h)
		}
		// Both people wrong at once: both fields are named.
		_, err = e.svc.UpdateUnit(e.ctx, sys, health.ID, app.UnitEdit{Version: health.Version, ResponsibleUserID: &other, ContactUserID: &roleless.ID})
		if domain.ErrorCode(err) != domain.EInvalid || len(domain.AsError(err).Fields()) != 2 {
			t.Errorf("two wrong people: %v, want two problems", err)
		}
		if s := e.unit("320507119"); s.Version != health.Version || s.Name != health.Name || s.ContactName != "新联系人" {
			t.Fatalf("a refused edit changed the unit: %+v", s)
		}

		h = e.head()
		got, err = e.svc.UpdateUnit(e.ctx, sys, health.ID, app.UnitEdit{Version: health.Version, Name: ptr("区卫生健康委")})
		if err != nil || got.Name != "区卫生健康委" || got.ContactPhone != "13905128888" {
			t.Fatalf("sysadmin rename: %+v, %v", got, err)
		}
		e.wantAudit(h, "unit.update", "sysadmin")
		// 0 names no one.
		got, err = e.svc.UpdateUnit(e.ctx, head, health.ID, app.UnitEdit{Version: got.Version, ContactUserID: &zero})
		if err != nil || got.ContactUserID != 0 || got.ContactName != "" || got.ContactPhone != "" {
			t.Fatalf("naming no contact: %+v, %v", got, err)
		}
	})
}

// A unit never names an account that cannot act for it (ORG-1): when the account loses the
// role, moves to another unit or is disabled, the unit names no one there, audited on the unit
// in the same transaction; the unit's notifications then reach only who it still names.
func TestUnitPeopleReleased(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys, sec := e.actor("sysadmin"), e.actor("secadmin")
		health := e.unit("320507119")
		headID := health.ResponsibleUserID

		// Another account holding the contact role, not named: the unit's notifications do not
		// reach it (exactly the two named accounts do).
		spare := e.account("weijian2", "候补联系人", "320507119", "", domain.Grant{Role: domain.RoleUnitContact, UnitCode: "320507119"})
		notify := func(id int64) []string {
			t.Helper()
			if err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
				return e.svc.NotifyUnits(e.ctx, tx, "sharing_received", "sharing", id, "/sharing/1", []string{"a", "b", "c"}, health.ID)
			}); err != nil {
				t.Fatal(err)
			}
			ns, err := e.db.Read().Notifications(e.ctx, store.NotificationFilter{UserID: spare.ID})
			if err != nil || len(ns) != 0 {
				t.Fatalf("the unnamed account with the role was notified: %+v, %v", ns, err)
			}
			return e.notified("sharing_received", "sharing", id)
		}
		if got := notify(1); !slices.Equal(got, []string{"weijian", "weijian_head"}) {
			t.Fatalf("the unit's notification reached %v, want its 责任人 and 联系人", got)
		}

		// The security admin takes the contact's role away: the unit names no contact.
		w := e.user("weijian")
		h := e.head()
		if _, err := e.svc.SetGrants(e.ctx, sec, w.ID, w.Version, nil); err != nil {
			t.Fatal(err)
		}
		rs := e.since(h)
		if len(rs) != 2 || rs[0].Action != "user.grant_roles" || rs[1].Action != "unit.update" || rs[1].Actor != "secadmin" ||
			!strings.Contains(rs[1].Changes, "contact_user_id") {
			t.Fatalf("audit after the role was taken: %+v", rs)
		}
		if u := e.unit("320507119"); u.ContactUserID != 0 || u.ContactName != "" || u.ResponsibleUserID != headID {
			t.Fatalf("after the role was taken: %+v", u)
		}
		if got := notify(2); !slices.Equal(got, []string{"weijian_head"}) {
			t.Fatalf("the unit's notification reached %v, want its 责任人 only", got)
		}

		// The head is moved to another unit: the unit names no head.
		hd := e.user("weijian_head")
		edu := e.unit("320507105").ID
		if _, err := e.svc.UpdateUser(e.ctx, sys, hd.ID, app.UserEdit{Version: hd.Version, UnitID: &edu}); err != nil {
			t.Fatal(err)
		}
		if u := e.unit("320507119"); u.ResponsibleUserID != 0 || u.HeadName != "" {
			t.Fatalf("after the head moved: %+v", u)
		}

		// The spare is named, then disabled: named no more.
		u := e.unit("320507119")
		if _, err := e.svc.UpdateUnit(e.ctx, sys, u.ID, app.UnitEdit{Version: u.Version, ContactUserID: &spare.ID}); err != nil {
			t.Fatal(err)
		}
		sp := e.user("weijian2")
		if _, err := e.svc.SetUserDisabled(e.ctx, sys, sp.ID, sp.Version, true); err != nil {
			t.Fatal(err)
		}
		if u := e.unit("320507119"); u.ContactUserID != 0 {
			t.Fatalf("after the contact was disabled: %+v", u)
		}
		// Editing an account that stays qualified changes nothing on the unit.
		jy := e.user("jiaoyu")
		eduUnit := e.unit("320507105")
		if _, err := e.svc.UpdateUser(e.ctx, sys, jy.ID, app.UserEdit{Version: jy.Version, Name: ptr("孙梦洁")}); err != nil {
			t.Fatal(err)
		}
		if u := e.unit("320507105"); u.Version != eduUnit.Version || u.ContactUserID != jy.ID {
			t.Fatalf("an edit keeping the contact qualified changed the unit: %+v", u)
		}
	})
}

// A kind change must keep the tree valid below the unit too: a street with communities may not
// become a bureau, since communities may not hang below a bureau (PTL-P2).
func TestUpdateUnitKindKeepsChildrenValid(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		yuanhe := e.unit("320507201") // 元和街道, with two communities
		h := e.head()
		_, err := e.svc.UpdateUnit(e.ctx, e.actor("sysadmin"), yuanhe.ID, app.UnitEdit{Version: yuanhe.Version, Kind: ptr(domain.KindBureau)})
		wantCode(t, err, domain.EInvalid, "kind")
		e.wantNoAudit(h)
		if got := e.unit("320507201"); got.Kind != domain.KindStreet {
			t.Fatalf("the street became a %s with communities below it", got.Kind)
		}
		// Street → town keeps its communities valid and is allowed.
		if _, err := e.svc.UpdateUnit(e.ctx, e.actor("sysadmin"), yuanhe.ID, app.UnitEdit{Version: yuanhe.Version, Kind: ptr(domain.KindTown)}); err != nil {
			t.Fatalf("street → town: %v", err)
		}
	})
}

// ---------------------------------------------------------------------------------------------
// Security policy

func TestUpdatePolicy(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sec := e.actor("secadmin")
		for _, who := range []string{"sysadmin", "auditadmin", "office", "weijian_head"} {
			h := e.head()
			p := domain.DefaultPolicy
			p.MinLength = 12
			wantCode(t, e.svc.UpdatePolicy(e.ctx, e.actor(who), p, 0), domain.EForbidden, "")
			_, _, err := e.svc.SecurityPolicy(e.ctx, e.actor(who))
			wantCode(t, err, domain.EForbidden, "")
			e.wantNoAudit(h)
		}
		p, v, err := e.svc.SecurityPolicy(e.ctx, sec)
		if err != nil || v != 0 || p.MinLength != 10 || p.LockThreshold != 5 || p.History != 5 {
			t.Fatalf("default policy %+v version %d, %v", p, v, err)
		}

		invalid := []struct {
			field  string
			change func(p *domain.PasswordPolicy)
		}{
			// 等保 L3 floors: 10 characters, 3 classes, some history, periodic change.
			{"min_length", func(p *domain.PasswordPolicy) { p.MinLength = 9 }},
			{"min_length", func(p *domain.PasswordPolicy) { p.MinLength = 65 }},
			{"min_classes", func(p *domain.PasswordPolicy) { p.MinClasses = 2 }},
			{"history", func(p *domain.PasswordPolicy) { p.History = 0 }},
			{"max_age", func(p *domain.PasswordPolicy) { p.MaxAge = 0 }},
			{"lock_threshold", func(p *domain.PasswordPolicy) { p.LockThreshold = 20 }},
			{"lock_duration", func(p *domain.PasswordPolicy) { p.LockDuration = time.Second }},
			{"idle_timeout", func(p *domain.PasswordPolicy) { p.IdleTimeout = 8 * time.Hour }},
			{"absolute_timeout", func(p *domain.PasswordPolicy) { p.AbsoluteTimeout = 10 * time.Minute }},
			{"totp_roles", func(p *domain.PasswordPolicy) { p.TOTPRoles = []domain.Role{"root"} }},
		}
		for _, c := range invalid {
			h := e.head()
			p := domain.DefaultPolicy
			c.change(&p)
			wantCode(t, e.svc.UpdatePolicy(e.ctx, sec, p, 0), domain.EInvalid, c.field)
			e.wantNoAudit(h)
		}

		p = domain.DefaultPolicy
		p.MinLength = 12
		h := e.head()
		if err := e.svc.UpdatePolicy(e.ctx, sec, p, 0); err != nil {
			t.Fatal(err)
		}
		rec := e.wantAudit(h, "policy.update", "secadmin")
		if !strings.Contains(rec.Changes, "min_length") {
			t.Fatalf("policy audit changes %s", rec.Changes)
		}
		h = e.head()
		p.MinLength = 14
		wantCode(t, e.svc.UpdatePolicy(e.ctx, sec, p, 0), domain.EConflict, "")
		e.wantNoAudit(h)
		got, v, err := e.svc.SecurityPolicy(e.ctx, sec)
		if err != nil || v != 1 || got.MinLength != 12 {
			t.Fatalf("after update: %+v version %d, %v", got, v, err)
		}

		// It takes effect at once: an 11-character password is now too short.
		sys := e.actor("sysadmin")
		jy := e.user("jiaoyu")
		_, err = e.svc.ResetPassword(e.ctx, sys, jy.ID, "Abcdefg12#x")
		wantMessage(t, err, domain.EInvalid, "err.password.too_short")
		if _, err := e.svc.ResetPassword(e.ctx, sys, jy.ID, "Abcdefg12#xy"); err != nil {
			t.Fatalf("12 characters: %v", err)
		}
		_, _, err = e.svc.CreateUser(e.ctx, sys, app.NewUser{Username: "shorty", Name: "某人", Password: "Abcdefg12#x"})
		wantMessage(t, err, domain.EInvalid, "err.password.too_short")
		res, err := e.svc.Login(e.ctx, "office", demo.Password, "10.0.0.1", "")
		if err != nil {
			t.Fatal(err)
		}
		wantMessage(t, e.svc.ChangePassword(e.ctx, res.Auth, demo.Password, "Abcdefg12#x"), domain.EInvalid, "err.password.too_short")

		// A lower lock threshold takes effect too.
		p.MinLength, p.LockThreshold = 12, 3
		if err := e.svc.UpdatePolicy(e.ctx, sec, p, 1); err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 3; i++ {
			_, err := e.svc.Login(e.ctx, "finance", "wrong-password", "10.9.0."+string(rune('0'+i)), "")
			want := domain.EUnauthorized
			if i == 3 {
				want = domain.ELocked
			}
			wantCode(t, err, want, "")
		}
	})
}

// The audit admin's own commands: export and prune are audited; pruning keeps 180 days.
func TestAuditAdminCommands(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		aud := e.actor("auditadmin")
		n := e.head()
		h := e.head()
		rs, err := e.svc.AuditExport(e.ctx, aud, store.AuditFilter{}, 10000)
		if err != nil || int64(len(rs)) != n {
			t.Fatalf("export: %d records, %v; want %d", len(rs), err, n)
		}
		e.wantAudit(h, "audit.export", "auditadmin")
		for _, who := range []string{"sysadmin", "secadmin"} {
			h := e.head()
			_, err := e.svc.AuditExport(e.ctx, e.actor(who), store.AuditFilter{}, 10)
			wantCode(t, err, domain.EForbidden, "")
			_, err = e.svc.AuditPrune(e.ctx, e.actor(who), t0.AddDate(-1, 0, 0))
			wantCode(t, err, domain.EForbidden, "")
			e.wantNoAudit(h)
		}
		h = e.head()
		_, err = e.svc.AuditPrune(e.ctx, aud, e.clock.T.AddDate(0, 0, -10))
		wantCode(t, err, domain.EInvalid, "before")
		e.wantNoAudit(h)

		e.clock.Advance(200 * 24 * time.Hour)
		h = e.head()
		removed, err := e.svc.AuditPrune(e.ctx, aud, e.clock.T.AddDate(0, 0, -180))
		if err != nil || removed != h {
			t.Fatalf("prune removed %d, %v; want %d", removed, err, h)
		}
		rec := e.wantAudit(h, "audit.prune", "auditadmin")
		if rec.ID != h+1 {
			t.Fatalf("prune record id %d, want %d", rec.ID, h+1)
		}
		if n, err := e.svc.VerifyAudit(e.ctx); err != nil || n != 1 {
			t.Fatalf("VerifyAudit after prune = %d, %v", n, err)
		}
	})
}

// The scope the store receives is the one authz computes; keep them in step.
func TestReadScopeMatchesCan(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		all, _ := e.svc.Users(e.ctx, e.actor("sysadmin"), store.UserFilter{})
		for _, who := range []string{"weijian", "leader", "jiaoyu", "expert", "office"} {
			a := e.actor(who)
			scope := authz.ReadScope(a, authz.KindUser)
			for _, u := range all.Items {
				inScope := scope.All || u.ID == scope.SelfID || scope.Has(u.UnitID)
				canRead := authz.Can(a, authz.UserRead, authz.User(u)) == nil
				_, err := e.svc.User(e.ctx, a, u.ID)
				if inScope != canRead || canRead != (err == nil) {
					t.Errorf("%s → %s: scope %v, Can %v, svc.User %v", who, u.Username, inScope, canRead, err)
				}
			}
		}
	})
}
