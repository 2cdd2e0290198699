package demodb_test

import (
	"context"
	"os"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/store"
	"archgov/internal/testdb"
	"archgov/internal/testdb/demodb"
)

func TestMain(m *testing.M) { os.Exit(demodb.Run(m)) }

// kdf is the tests' password hashing, as the demo templates of every package use it.
var kdf = testdb.KDF

// A copy of the template holds what loading the demo for real holds (same users, same audit
// trail, verifying), is marked as the demo, runs on the test's own clock, continues its IDs,
// and is independent of every other copy.
func TestCopyIsTheDemoAndIndependent(t *testing.T) {
	testdb.WithoutRace(t) // the reference loads the demo for real, sequentially: under -race, over a minute a backend
	at := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	ctx := context.Background()
	for _, b := range testdb.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel() // each loads the demo for real, the longest part of this package's run
			// The reference: the demo loaded into a fresh database, as before.
			real := b.Open(t, func() time.Time { return at })
			if err := demo.Load(ctx, app.New(real, app.Options{KDF: kdf})); err != nil {
				t.Fatal(err)
			}
			want := summary(t, real)

			clock := testdb.NewClock(at)
			db := demodb.Open(t, b, clock.Now, kdf)
			svc := app.New(db, app.Options{KDF: kdf})
			if got := summary(t, db); got != want {
				t.Fatalf("copy holds %+v, a real load %+v", got, want)
			}
			if !svc.IsDemo(ctx) {
				t.Error("the copy is not marked as the demo")
			}
			if n, err := svc.VerifyAudit(ctx); err != nil || n != int(want.audit) {
				t.Errorf("VerifyAudit = %d, %v; want %d records", n, err, want.audit)
			}
			// Sealed personal data opens with the tests' key (testdb.Key).
			d0 := demo.Units[0]
			if unit, err := db.Read().UnitByCode(ctx, d0.Code); err != nil || unit.ContactPhone != d0.ContactPhone {
				t.Errorf("unit %s reads back as %+v, %v; want contact phone %s", d0.Code, unit, err, d0.ContactPhone)
			}
			u, err := db.Read().UserByUsername(ctx, "jiaoyu")
			if err != nil {
				t.Fatal(err)
			}

			// A change: on the test's clock, with the next IDs, in this copy only.
			clock.Advance(36 * time.Hour)
			nu, _, err := svc.CreateUser(ctx, app.SystemActor(), app.NewUser{Username: "newbie", Name: "新同事", UnitID: u.UnitID})
			if err != nil {
				t.Fatal(err)
			}
			if nu.ID <= want.maxUser {
				t.Errorf("new user id %d, want above the demo's %d", nu.ID, want.maxUser)
			}
			rs, err := db.Read().AuditRecords(ctx, store.AuditFilter{Limit: 1})
			if err != nil || len(rs) != 1 {
				t.Fatal(rs, err)
			}
			if rs[0].ID != want.audit+1 || !rs[0].At.Equal(at.Add(36*time.Hour)) {
				t.Errorf("the new audit record is #%d at %v; want #%d at %v", rs[0].ID, rs[0].At, want.audit+1, at.Add(36*time.Hour))
			}
			if n, err := svc.VerifyAudit(ctx); err != nil || n != int(want.audit)+1 {
				t.Errorf("VerifyAudit after a change = %d, %v", n, err)
			}

			other := demodb.Open(t, b, testdb.NewClock(at).Now, kdf)
			if got := summary(t, other); got != want {
				t.Errorf("another copy holds %+v after a change to the first; want %+v", got, want)
			}
			if _, err := other.Read().UserByUsername(ctx, "newbie"); err == nil {
				t.Error("a user created in one copy is in another")
			}
		})
	}
}

type sum struct {
	users, audit int64
	maxUser      int64
	head         string
}

func summary(t *testing.T, db *store.DB) sum {
	t.Helper()
	ctx := context.Background()
	n, err := db.Read().CountUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := db.Read().AuditRecords(ctx, store.AuditFilter{Limit: 1})
	if err != nil || len(rs) != 1 {
		t.Fatalf("audit: %v %v", rs, err)
	}
	var maxUser int64
	if err := db.Writer().QueryRowContext(ctx, `SELECT MAX(id) FROM users`).Scan(&maxUser); err != nil {
		t.Fatal(err)
	}
	return sum{users: int64(n), audit: rs[0].ID, maxUser: maxUser, head: rs[0].Action}
}
