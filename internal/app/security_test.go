package app_test

// Regression tests for the security review fixed in 7b1996f and abfbaff. Each one failed on
// the code before the fix; the concurrent ones whenever the race they describe was hit, and
// they never fail on the fixed code whatever the interleaving.

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// trail is the audit trail of action by actor since record h, in chain order (which is the
// order the transactions committed in): one letter per record, F failure, O ok, D denied.
func (e *env) trail(h int64, action, actor string) string {
	e.t.Helper()
	var b strings.Builder
	for _, r := range e.since(h) {
		if r.Action != action || r.Actor != actor {
			continue
		}
		switch r.Outcome {
		case audit.Failure:
			b.WriteByte('F')
		case audit.OK:
			b.WriteByte('O')
		case audit.Denied:
			b.WriteByte('D')
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// noEntryWhileLocked fails when a success follows threshold failures with no success between
// them (the account was locked by then), and returns how many failures came before the first
// success (0 without one).
func noEntryWhileLocked(t *testing.T, trail string, threshold int) int {
	t.Helper()
	run, before, seenOK := 0, 0, false
	for i, c := range trail {
		switch c {
		case 'F':
			run++
			if !seenOK {
				before++
			}
		case 'O':
			if run >= threshold {
				t.Errorf("a right answer got in after %d failures, with the account locked (record %d of %s)", run, i+1, trail)
			}
			run, seenOK = 0, true
		}
	}
	if !seenOK {
		return 0
	}
	return before
}

func countCodes(errs []error) map[domain.Code]int {
	n := map[domain.Code]int{}
	for _, err := range errs {
		n[domain.ErrorCode(err)]++
	}
	return n
}

// A burst of concurrent guesses all passed the lock check before the fifth failure was
// saved, and a right password among them got in (等保 8.1.4.1 b: lockout after repeated
// failures). The lock is now decided again under the write lock.
func TestLoginLockoutHoldsUnderConcurrentBurst(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		threshold := domain.DefaultPolicy.LockThreshold
		// Locked first, sequentially (one address each, so only the account counts).
		for i := 1; i <= threshold; i++ {
			_, err := e.svc.Login(e.ctx, "office", "Wrong-password-1", fmt.Sprintf("10.7.0.%d", i), "")
			if i < threshold {
				wantCode(t, err, domain.EUnauthorized, "")
			} else {
				lockedUntil(t, err)
			}
		}
		// Twenty right passwords at once, each from a fresh address: none gets in.
		var fns []func() error
		for i := 0; i < 20; i++ {
			fns = append(fns, func() error {
				_, err := e.svc.Login(e.ctx, "office", demo.Password, fmt.Sprintf("10.8.0.%d", i+1), "")
				return err
			})
		}
		if n := countCodes(testdb.Together(fns...)); n[domain.ELocked] != 20 {
			t.Fatalf("right passwords on a locked account: %v, want 20 locked", n)
		}
		if ss := e.sessions("office"); len(ss) != 0 {
			t.Fatalf("a locked account got %d sessions", len(ss))
		}

		// Once the lock is over: twenty wrong guesses at once, and the right password sent
		// while they are under way. Whatever the order, the right one must not get in after the
		// fifth failure, and no failure may be lost.
		e.clock.Advance(domain.DefaultPolicy.LockDuration + time.Second)
		now := e.clock.Now()
		h := e.head()
		wrong, right := burst(20, func(i int) error {
			_, err := e.svc.Login(e.ctx, "office", fmt.Sprintf("Wrong-guess-%d", i), fmt.Sprintf("10.9.0.%d", i+1), "")
			return err
		}, func() error {
			_, err := e.svc.Login(e.ctx, "office", demo.Password, "10.9.1.1", "")
			return err
		})

		for i, err := range wrong {
			if c := domain.ErrorCode(err); c != domain.EUnauthorized && c != domain.ELocked {
				t.Errorf("wrong guess %d: %v, want unauthorized or locked", i, err)
			}
		}
		if c := domain.ErrorCode(right); right != nil && c != domain.ELocked {
			t.Errorf("the right password during the burst: %v, want a session or locked", right)
		}
		tr := e.trail(h, "login", "office")
		if len(tr) != 21 || strings.Count(tr, "F") > 20 || strings.Count(tr, "O") > 1 {
			t.Fatalf("audit trail of the burst %q: want one record per attempt, at most 20 failures and one success", tr)
		}
		if (right == nil) != (strings.Count(tr, "O") == 1) {
			t.Fatalf("right password answered %v, audit trail %q", right, tr)
		}
		before := noEntryWhileLocked(t, tr, threshold)
		// Exactly threshold-1 guesses are told "wrong password" after the last success; one more
		// locks. A lost increment (two guesses reading the same count) lets more through.
		if n := countCodes(wrong)[domain.EUnauthorized]; n != before+threshold-1 {
			t.Errorf("%d guesses answered 'wrong password', want %d (trail %s)", n, before+threshold-1, tr)
		}
		f, err := e.db.Read().Failure(e.ctx, "u:office")
		if err != nil {
			t.Fatal(err)
		}
		if f.Failures != threshold || !f.LockedUntil.Equal(now.Add(domain.DefaultPolicy.LockDuration)) {
			t.Errorf("counter after the burst %+v: want %d failures, locked until %v", f, threshold, now.Add(domain.DefaultPolicy.LockDuration))
		}
		_, err = e.svc.Login(e.ctx, "office", demo.Password, "10.9.2.1", "")
		lockedUntil(t, err)
	})
}

// The same for the second factor: a burst of codes cannot outrun the lock.
func TestTOTPLockoutHoldsUnderConcurrentBurst(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		threshold := domain.DefaultPolicy.LockThreshold
		a := e.login("office", demo.Password, "10.0.0.1").Auth
		enr, err := e.svc.BeginTOTP(a, "archgov")
		if err != nil {
			t.Fatal(err)
		}
		code, _ := gm.TOTPCode(enr.Secret, e.clock.Now())
		if err := e.svc.ConfirmTOTP(e.ctx, a, enr.Sealed, demo.Password, code); err != nil {
			t.Fatal(err)
		}
		pending := func(n int, ip string) []*app.Auth {
			var out []*app.Auth
			for i := 0; i < n; i++ {
				res := e.login("office", demo.Password, ip)
				if !res.Auth.NeedTOTP {
					t.Fatal("a password alone completed the login")
				}
				out = append(out, res.Auth)
			}
			return out
		}

		// Locked by wrong codes, then twenty right codes at once: all refused.
		e.clock.Advance(30 * time.Second)
		as := pending(21, "10.0.0.2")
		code, _ = gm.TOTPCode(enr.Secret, e.clock.Now())
		for i := 1; i <= threshold; i++ {
			err := e.svc.VerifyTOTP(e.ctx, as[20], otherCode(code))
			if i < threshold {
				wantCode(t, err, domain.EInvalid, "totp_code")
			} else {
				lockedUntil(t, err)
			}
		}
		var fns []func() error
		for _, a := range as[:20] {
			fns = append(fns, func() error { return e.svc.VerifyTOTP(e.ctx, a, code) })
		}
		if n := countCodes(testdb.Together(fns...)); n[domain.ELocked] != 20 {
			t.Fatalf("right codes on a locked account: %v, want 20 locked", n)
		}
		for _, a := range as {
			if s, err := e.db.Read().Session(e.ctx, a.Session.ID); err != nil || s.Stage != store.StageMFA {
				t.Fatalf("a session passed the second factor while locked: %+v, %v", s, err)
			}
		}

		// After the lock: twenty wrong codes at once and the right one while they run.
		e.clock.Advance(domain.DefaultPolicy.LockDuration + time.Second)
		as = pending(21, "10.0.0.3")
		code, _ = gm.TOTPCode(enr.Secret, e.clock.Now())
		h := e.head()
		wrong, right := burst(20, func(i int) error { return e.svc.VerifyTOTP(e.ctx, as[i], otherCode(code)) },
			func() error { return e.svc.VerifyTOTP(e.ctx, as[20], code) })

		for i, err := range wrong {
			if c := domain.ErrorCode(err); c != domain.EInvalid && c != domain.ELocked {
				t.Errorf("wrong code %d: %v, want invalid or locked", i, err)
			}
		}
		if right != nil && domain.ErrorCode(right) != domain.ELocked {
			t.Errorf("the right code during the burst: %v, want accepted or locked", right)
		}
		// A code refused by the first lock check is not recorded (nothing was tried).
		tr := e.trail(h, "login.totp", "office")
		if len(tr) > 21 || strings.Count(tr, "O") > 1 || (right == nil) != (strings.Count(tr, "O") == 1) {
			t.Fatalf("audit trail of the burst %q (right code: %v)", tr, right)
		}
		before := noEntryWhileLocked(t, tr, threshold)
		if n := countCodes(wrong)[domain.EInvalid]; n != before+threshold-1 {
			t.Errorf("%d codes answered 'wrong code', want %d (trail %s)", n, before+threshold-1, tr)
		}
		if f, _ := e.db.Read().Failure(e.ctx, "u:office"); f.Failures != threshold || !f.LockedUntil.After(e.clock.Now()) {
			t.Errorf("counter after the burst %+v: want %d failures and a lock", f, threshold)
		}
	})
}

// Usernames are cut before they reach the counters and the audit log, so a 100 KB name
// cannot bloat either; whatever is cut must still be text the database accepts.
func TestLoginLongUsernames(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		for _, c := range []struct{ name, username string }{
			{"100 KB ascii", strings.Repeat("a", 100<<10)},
			{"100 KB of Chinese", strings.Repeat("伪", 100<<10/3)},
			{"invalid UTF-8", "office\xff\xfe"},
		} {
			t.Run(c.name, func(t *testing.T) {
				h := e.head()
				_, err := e.svc.Login(e.ctx, c.username, "Wrong-password-1", "10.3.3.3", "")
				wantCode(t, err, domain.EUnauthorized, "")
				rs := e.since(h)
				if len(rs) != 1 || rs[0].Action != "login" || rs[0].Outcome != audit.Failure {
					t.Fatalf("want one failed-login record, got %d", len(rs))
				}
				if a := rs[0].Actor; len(a) > 64 || !utf8.ValidString(a) {
					t.Errorf("audit actor is %d bytes (valid UTF-8: %v), want at most 64 valid bytes", len(a), utf8.ValidString(a))
				}
				var longest int
				if err := e.db.Writer().QueryRowContext(e.ctx, `SELECT max(length(key)) FROM login_failures`).Scan(&longest); err != nil {
					t.Fatal(err)
				}
				if longest > 64+len("u:") {
					t.Errorf("a failure counter key of %d characters", longest)
				}
			})
		}
		// The same cut on the other free-text fields of a login and a token: a long Chinese
		// user agent or token name is stored, cut at a character boundary.
		t.Run("long user agent", func(t *testing.T) {
			res, err := e.svc.Login(e.ctx, "jiaoyu", demo.Password, "10.3.3.4", strings.Repeat("浏览器", 40))
			if err != nil {
				t.Fatalf("login with a 360-byte Chinese user agent: %v", err)
			}
			if ua := res.Auth.Session.UserAgent; !utf8.ValidString(ua) || len(ua) > 200 {
				t.Errorf("stored user agent: %d bytes, valid %v", len(ua), utf8.ValidString(ua))
			}
		})
		t.Run("long token name", func(t *testing.T) {
			_, tok, err := e.svc.CreateToken(e.ctx, app.SystemActor(), "jiaoyu", strings.Repeat("数据接口", 10), time.Hour)
			if err != nil {
				t.Fatalf("token with a 40-character Chinese name: %v", err)
			}
			if !utf8.ValidString(tok.Name) || len(tok.Name) > 100 {
				t.Errorf("token name %q: %d bytes, valid %v", tok.Name, len(tok.Name), utf8.ValidString(tok.Name))
			}
		})
	})
}

// changeOf reads one field's new value from an audit record's changes.
func changeOf(t *testing.T, rec *audit.Record, field string) any {
	t.Helper()
	var m map[string]audit.Change
	if err := json.Unmarshal([]byte(rec.Changes), &m); err != nil {
		t.Fatalf("changes of %s: %v (%s)", rec.Action, err, rec.Changes)
	}
	c, ok := m[field]
	if !ok {
		t.Fatalf("changes of %s lack %q: %s", rec.Action, field, rec.Changes)
	}
	return c.New
}

// A reset password or "log out everywhere" means the account may be in the wrong hands: its
// API tokens must stop working too, and the audit record says how many were revoked.
func TestResetAndLogoutEverywhereRevokeTokens(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := app.SystemActor()
		tokens := func(username string, n int) []string {
			var out []string
			for i := 0; i < n; i++ {
				v, _, err := e.svc.CreateToken(e.ctx, sys, username, fmt.Sprint("t", i), time.Hour)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, v)
			}
			return out
		}
		works := func(v string) bool {
			_, err := e.svc.TokenAuth(e.ctx, v, "")
			if err != nil && domain.ErrorCode(err) != domain.EUnauthorized {
				t.Fatal(err)
			}
			return err == nil
		}

		// Password reset: two live tokens, one already revoked.
		jy := tokens("jiaoyu", 3)
		if err := e.svc.RevokeToken(e.ctx, sys, "", 0, jy[2]); err != nil {
			t.Fatal(err)
		}
		other := tokens("office", 1)[0]
		h := e.head()
		if _, err := e.svc.ResetPassword(e.ctx, e.actor("sysadmin"), e.user("jiaoyu").ID, ""); err != nil {
			t.Fatal(err)
		}
		rec := e.wantAudit(h, "user.password_reset", "sysadmin")
		if n := changeOf(t, rec, "tokens_revoked"); n != float64(2) {
			t.Errorf("reset record says %v tokens revoked, want 2", n)
		}
		for i, v := range jy {
			if works(v) {
				t.Errorf("token %d still works after the password reset", i)
			}
		}
		if !works(other) {
			t.Fatal("a reset revoked another user's token")
		}

		// Log out everywhere, from the person's own session.
		a := e.login("office", demo.Password, "10.0.0.1").Auth
		more := tokens("office", 1)
		h = e.head()
		if _, err := e.svc.LogoutEverywhere(e.ctx, a); err != nil {
			t.Fatal(err)
		}
		rec = e.wantAudit(h, "logout.everywhere", "office")
		if n := changeOf(t, rec, "tokens_revoked"); n != float64(2) {
			t.Errorf("logout record says %v tokens revoked, want 2", n)
		}
		for _, v := range append(more, other) {
			if works(v) {
				t.Error("a token still works after logging out everywhere")
			}
		}
	})
}

// The second factor's secret is the server's, sealed for the user: the client cannot choose
// it or take another user's, a borrowed session cannot bind it without the password, and an
// active second factor is not silently replaced.
func TestTOTPEnrolmentCannotBeRebound(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		a := e.login("office", demo.Password, "10.0.0.1").Auth
		enr, err := e.svc.BeginTOTP(a, "archgov")
		if err != nil {
			t.Fatal(err)
		}
		now := e.clock.Now()
		code, _ := gm.TOTPCode(enr.Secret, now)
		const chosen = "JBSWY3DPEHPK3PXP"
		chosenCode, _ := gm.TOTPCode(chosen, now)
		other := e.login("jiaoyu", demo.Password, "10.0.0.2").Auth
		otherEnr, _ := e.svc.BeginTOTP(other, "archgov")
		otherNow, _ := gm.TOTPCode(otherEnr.Secret, now)
		sealedChosen, err := e.db.Sealer().Seal(chosen, "users.totp_secret") // sealed, but not as an enrolment
		if err != nil {
			t.Fatal(err)
		}

		for _, c := range []struct {
			name, sealed, password, code string
			field                        string
		}{
			{"a secret the client picked", chosen, demo.Password, chosenCode, ""},
			{"a secret sealed for another purpose", sealedChosen, demo.Password, chosenCode, ""},
			{"another user's enrolment", otherEnr.Sealed, demo.Password, otherNow, ""},
			{"an empty enrolment", "", demo.Password, code, ""},
			{"the wrong password", enr.Sealed, "Wrong-password-1", code, "password"},
			{"no password", enr.Sealed, "", code, "password"},
		} {
			h := e.head()
			err := e.svc.ConfirmTOTP(e.ctx, a, c.sealed, c.password, c.code)
			if c.field == "" {
				wantMessage(t, err, domain.EInvalid, "err.totp.enrollment")
			} else {
				wantCode(t, err, domain.EInvalid, c.field)
			}
			if c.field == "password" {
				// A wrong password is counted and audited, as at the login.
				if rec := e.wantAudit(h, "password.confirm", "office"); rec.Outcome != audit.Failure {
					t.Errorf("%s: audited as %q", c.name, rec.Outcome)
				}
			} else {
				e.wantNoAudit(h)
			}
			if u := e.user("office"); u.TOTPEnabled {
				t.Fatalf("%s turned the second factor on", c.name)
			}
		}
		if f, _ := e.db.Read().Failure(e.ctx, "u:office"); f.Failures != 2 {
			t.Errorf("failure counter %d after two wrong passwords, want 2", f.Failures)
		}

		if err := e.svc.ConfirmTOTP(e.ctx, a, enr.Sealed, demo.Password, code); err != nil {
			t.Fatal(err)
		}
		// Enabled: a new enrolment, however valid, does not replace it.
		e.clock.Advance(30 * time.Second)
		fresh, err := e.svc.SessionAuth(e.ctx, e.login("office", demo.Password, "10.0.0.3").Cookie, "10.0.0.3")
		if err != nil {
			t.Fatal(err)
		}
		code2, _ := gm.TOTPCode(enr.Secret, e.clock.Now())
		if err := e.svc.VerifyTOTP(e.ctx, fresh, code2); err != nil {
			t.Fatal(err)
		}
		enr2, _ := e.svc.BeginTOTP(fresh, "archgov")
		c2, _ := gm.TOTPCode(enr2.Secret, e.clock.Now())
		h := e.head()
		wantCode(t, e.svc.ConfirmTOTP(e.ctx, fresh, enr2.Sealed, demo.Password, c2), domain.EConflict, "")
		e.wantNoAudit(h)
		if creds, err := e.db.Read().Credentials(e.ctx, e.user("office").ID); err != nil || creds.TOTPSecret != enr.Secret {
			t.Fatalf("the second factor's secret was replaced (%v)", err)
		}
	})
}

// A session that was logged in before the second factor was turned on elsewhere still holds
// the account as it was then; confirming a new enrolment from it must not replace the
// active secret (the check must be made on the stored account, as for two concurrent
// confirmations).
func TestTOTPConfirmFromAnOlderSessionDoesNotReplace(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		a1 := e.login("office", demo.Password, "10.0.0.1").Auth
		a2 := e.login("office", demo.Password, "10.0.0.2").Auth
		enr1, _ := e.svc.BeginTOTP(a1, "archgov")
		enr2, _ := e.svc.BeginTOTP(a2, "archgov")
		now := e.clock.Now()
		c1, _ := gm.TOTPCode(enr1.Secret, now)
		c2, _ := gm.TOTPCode(enr2.Secret, now)
		errs := testdb.Together(
			func() error { return e.svc.ConfirmTOTP(e.ctx, a1, enr1.Sealed, demo.Password, c1) },
			func() error { return e.svc.ConfirmTOTP(e.ctx, a2, enr2.Sealed, demo.Password, c2) },
		)
		n := countCodes(errs)
		if n[""] != 1 || n[domain.EConflict] != 1 {
			t.Fatalf("two confirmations of different enrolments: %v, want one enabled and one conflict", errs)
		}
		want := enr1.Secret
		if errs[0] != nil {
			want = enr2.Secret
		}
		if creds, _ := e.db.Read().Credentials(e.ctx, e.user("office").ID); creds.TOTPSecret != want {
			t.Fatal("the active secret is not the one whose confirmation succeeded")
		}
	})
}

// Disabling an account, granting roles: a client must send the version it read. Before, 0
// skipped the check, so a stale form silently overwrote a newer change.
func TestVersionsRequired(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		jy := e.user("jiaoyu")
		h := e.head()
		_, err := e.svc.SetUserDisabled(e.ctx, e.actor("sysadmin"), jy.ID, 0, true)
		wantCode(t, err, domain.EConflict, "")
		_, err = e.svc.SetGrants(e.ctx, e.actor("secadmin"), jy.ID, 0, []domain.Grant{{Role: domain.RoleExpert}})
		wantCode(t, err, domain.EConflict, "")
		_, err = e.svc.SetGrants(e.ctx, e.actor("secadmin"), jy.ID, jy.Version+1, []domain.Grant{{Role: domain.RoleExpert}})
		wantCode(t, err, domain.EConflict, "")
		e.wantNoAudit(h)
		if u := e.user("jiaoyu"); u.Disabled || len(u.Grants) != 1 || u.Grants[0].Role != domain.RoleUnitContact || u.Version != jy.Version {
			t.Fatalf("a refused change changed the account: %+v", u)
		}
		// The operator at the command line acts on the account as it is.
		if _, err := e.svc.SetGrants(e.ctx, app.SystemActor(), jy.ID, 0, []domain.Grant{{Role: domain.RoleExpert}}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SetUserDisabled(e.ctx, app.SystemActor(), jy.ID, 0, true); err != nil {
			t.Fatal(err)
		}
	})
}

// Two security administrators granting roles to the same account from the same version: one
// wins, the other is told of the conflict; the roles are never a merge of both.
func TestConcurrentSetGrants(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		u, _, err := e.svc.CreateUser(e.ctx, e.actor("sysadmin"), app.NewUser{Username: "racer", Name: "并发", UnitID: e.unit("320507104").ID})
		if err != nil {
			t.Fatal(err)
		}
		sec := e.actor("secadmin")
		for round := 0; round < 5; round++ {
			v := e.version(u.ID)
			reqs := [][]domain.Grant{
				{{Role: domain.RoleUnitContact, UnitCode: "320507124"}, {Role: domain.RoleExpert}},
				{{Role: domain.RoleUnitHead, UnitCode: "320507105"}, {Role: domain.RoleSupervisor}},
			}
			h := e.head()
			errs := testdb.Together(
				func() error { _, err := e.svc.SetGrants(e.ctx, sec, u.ID, v, reqs[0]); return err },
				func() error { _, err := e.svc.SetGrants(e.ctx, sec, u.ID, v, reqs[1]); return err },
			)
			n := countCodes(errs)
			if n[""] != 1 || n[domain.EConflict] != 1 {
				t.Fatalf("round %d: %v, want one success and one conflict", round, errs)
			}
			won := reqs[0]
			if errs[0] != nil {
				won = reqs[1]
			}
			var want, got []string
			for _, g := range won {
				want = append(want, g.String())
			}
			for _, g := range e.user("racer").Grants {
				got = append(got, domain.Grant{Role: g.Role, UnitCode: g.UnitCode}.String())
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("round %d: roles %v, want exactly the winner's %v", round, got, want)
			}
			if rs := e.since(h); len(rs) != 1 {
				t.Fatalf("round %d: %d audit records, want 1", round, len(rs))
			}
			if _, err := e.svc.SetGrants(e.ctx, sec, u.ID, e.version(u.ID), nil); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// There is one district: two concurrent creations of a root cannot both pass the check.
func TestConcurrentSecondRoot(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		sys := app.SystemActor()
		errs := testdb.Together(
			func() error {
				return e.svc.CreateUnit(e.ctx, sys, &domain.Unit{Code: "320507", Name: "苏州市相城区", Kind: domain.KindDistrict})
			},
			func() error {
				return e.svc.CreateUnit(e.ctx, sys, &domain.Unit{Code: "320508", Name: "苏州市姑苏区", Kind: domain.KindDistrict})
			},
		)
		n := countCodes(errs)
		if n[""] != 1 || n[domain.EInvalid] != 1 {
			t.Fatalf("two concurrent roots: %v, want one created and one refused", errs)
		}
		for _, err := range errs {
			if err != nil {
				wantCode(t, err, domain.EInvalid, "parent_id")
			}
		}
		roots, err := e.db.Read().Units(e.ctx, store.UnitFilter{Kind: domain.KindDistrict})
		if err != nil || len(roots) != 1 {
			t.Fatalf("%d districts, %v", len(roots), err)
		}
		creates := 0
		for _, r := range e.since(0) { // besides: the default rule set's publication (issue 11)
			if r.Action == "unit.create" {
				creates++
			}
		}
		if creates != 1 {
			t.Fatalf("want one unit.create record, got %d", creates)
		}
	})
}

// A unit cannot be moved into its own subtree. No two kinds may hang below each other
// (domain.allowedParents is a hierarchy), so two opposite moves cannot both be valid; the
// cycle check is what stands between a move and a loop, concurrent or not.
func TestMoveUnitNeverMakesACycle(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := e.actor("sysadmin")
		district := e.unit("320507")
		zone := e.unit("320507301")
		town := &domain.Unit{Code: "320507301900", Name: "测试镇", Kind: domain.KindTown, ParentID: zone.ID}
		if err := e.svc.CreateUnit(e.ctx, sys, town); err != nil {
			t.Fatal(err)
		}
		village := &domain.Unit{Code: "320507301901", Name: "测试村", Kind: domain.KindVillage, ParentID: town.ID}
		if err := e.svc.CreateUnit(e.ctx, sys, village); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name           string
			unit, parentID int64
		}{
			{"a zone under its own town", zone.ID, town.ID},
			{"a zone under its own village", zone.ID, village.ID},
			{"a town under its own village", town.ID, village.ID},
			{"a unit under itself", town.ID, town.ID},
			{"the district under a village", district.ID, village.ID},
		} {
			u, _ := e.db.Read().Unit(e.ctx, c.unit)
			h := e.head()
			_, err := e.svc.MoveUnit(e.ctx, sys, u.ID, c.parentID, u.Version)
			wantMessage(t, err, domain.EInvalid, "err.unit.cycle")
			e.wantNoAudit(h)
		}

		// Opposite moves at once: the zone below its town, the town out to the district.
		z, tw := e.unit("320507301"), e.unit("320507301900")
		testdb.Together(
			func() error { _, err := e.svc.MoveUnit(e.ctx, sys, z.ID, tw.ID, z.Version); return err },
			func() error { _, err := e.svc.MoveUnit(e.ctx, sys, tw.ID, district.ID, tw.Version); return err },
		)
		all, err := e.db.Read().Units(e.ctx, store.UnitFilter{})
		if err != nil {
			t.Fatal(err)
		}
		parent := map[int64]int64{}
		for _, u := range all {
			parent[u.ID] = u.ParentID
		}
		for _, u := range all {
			seen := map[int64]bool{}
			for id := u.ID; id != 0; id = parent[id] {
				if seen[id] {
					t.Fatalf("unit %s is in a cycle", u.Code)
				}
				seen[id] = true
			}
			if u.ID != district.ID && !seen[district.ID] {
				t.Errorf("unit %s is not below the district", u.Code)
			}
		}
	})
}

// Roles scoped to a unit keep it in use: deactivating it would leave an enabled person
// holding a role on an inactive unit.
func TestUnitInUseCountsScopedRoles(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := e.actor("sysadmin")
		stats := e.unit("320507209003") // 清水村: no children, no users, no systems of its own
		u, _, err := e.svc.CreateUser(e.ctx, sys, app.NewUser{Username: "tongji", Name: "统计联系人", UnitID: e.unit("320507104").ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SetGrants(e.ctx, e.actor("secadmin"), u.ID, e.version(u.ID),
			[]domain.Grant{{Role: domain.RoleUnitContact, UnitCode: stats.Code}}); err != nil {
			t.Fatal(err)
		}
		h := e.head()
		_, err = e.svc.SetUnitActive(e.ctx, sys, stats.ID, stats.Version, false)
		wantMessage(t, err, domain.EUnprocessable, "err.unit.in_use")
		e.wantNoAudit(h)
		if !e.unit(stats.Code).Active {
			t.Fatal("deactivated anyway")
		}
		// A disabled account's role no longer holds the unit.
		if _, err := e.svc.SetUserDisabled(e.ctx, sys, u.ID, e.version(u.ID), true); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SetUnitActive(e.ctx, sys, stats.ID, stats.Version, false); err != nil {
			t.Fatalf("deactivating a unit only a disabled account holds a role on: %v", err)
		}
	})
}

// A new account needs an active unit, as an edited one already did.
func TestCreateUserNeedsAnActiveUnit(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		sys := e.actor("sysadmin")
		stats := e.unit("320507209003") // 清水村: nothing keeps it in use
		if _, err := e.svc.SetUnitActive(e.ctx, sys, stats.ID, stats.Version, false); err != nil {
			t.Fatal(err)
		}
		h := e.head()
		_, _, err := e.svc.CreateUser(e.ctx, sys, app.NewUser{Username: "ghost", Name: "某人", UnitID: stats.ID})
		wantCode(t, err, domain.EInvalid, "unit_id")
		e.wantNoAudit(h)
		if _, err := e.db.Read().UserByUsername(e.ctx, "ghost"); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("the account was stored: %v", err)
		}
	})
}

// The pruning record carries the checkpoint it left, anchoring it in the chain; a real prune
// still verifies.
func TestAuditPruneRecordCarriesCheckpoint(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		aud := e.actor("auditadmin")
		last := e.head()
		lastRec, err := e.db.Read().AuditRecord(e.ctx, last)
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(200 * 24 * time.Hour)
		h := e.head()
		if _, err := e.svc.AuditPrune(e.ctx, aud, e.clock.Now().AddDate(0, 0, -180)); err != nil {
			t.Fatal(err)
		}
		rec := e.wantAudit(h, "audit.prune", "auditadmin")
		if id := changeOf(t, rec, "checkpoint_id"); id != float64(last) {
			t.Errorf("checkpoint_id %v, want %d", id, last)
		}
		if hash := changeOf(t, rec, "checkpoint_hash"); hash != lastRec.Hash {
			t.Errorf("checkpoint_hash %v, want the hash of record %d", hash, last)
		}
		if rec.PrevHash != lastRec.Hash {
			t.Errorf("the prune record does not link to the last pruned record")
		}
		if n, err := e.svc.VerifyAudit(e.ctx); err != nil || n != 1 {
			t.Fatalf("VerifyAudit after a real prune = %d, %v", n, err)
		}
	})
}

// A checkpoint bridges only the gap a pruning left, and the pruning's own record, inside the
// verified chain, names it. Records removed by someone with database access, with a checkpoint
// row forged to bridge the gap, are not a pruning and must not verify.
func TestAuditGapNeedsItsPruneRecord(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		prune bool // a real prune first
		cut   int64
	}{
		{"the oldest records removed", false, 10},
		{"more removed after a real prune", true, 0}, // cut: the real prune's record and a few after it
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			eachDemo(t, func(t *testing.T, e *env) {
				cut := c.cut
				if c.prune {
					e.clock.Advance(200 * 24 * time.Hour)
					if _, err := e.svc.AuditPrune(e.ctx, e.actor("auditadmin"), e.clock.Now().AddDate(0, 0, -180)); err != nil {
						t.Fatal(err)
					}
					for i := 0; i < 5; i++ {
						e.login("office", demo.Password, "10.0.0.1")
					}
					if n, err := e.svc.VerifyAudit(e.ctx); err != nil || n != 6 {
						t.Fatalf("after a real prune: %d, %v", n, err)
					}
					cut = e.head() - 2
				}
				rec, err := e.db.Read().AuditRecord(e.ctx, cut)
				if err != nil {
					t.Fatal(err)
				}
				for _, q := range []string{
					fmt.Sprintf(`DELETE FROM audit_log WHERE id <= %d`, cut),
					fmt.Sprintf(`INSERT INTO audit_checkpoints (upto_id, upto_hash, created_at) VALUES (%d, '%s', %d)`, cut, rec.Hash, e.clock.Now().UnixMicro()),
				} {
					if _, err := e.db.Writer().ExecContext(e.ctx, q); err != nil {
						t.Fatal(err)
					}
				}
				_, err = e.svc.VerifyAudit(e.ctx)
				var br *audit.Break
				if !errors.As(err, &br) {
					t.Fatalf("VerifyAudit after removing records %d and forging a checkpoint = %v, want a break", cut, err)
				}
			})
		})
	}
}

// burst calls wrong(i) from n goroutines at once and right while they run (once all have
// started), and gives what each call answered.
func burst(n int, wrong func(i int) error, right func() error) ([]error, error) {
	errs := make([]error, n)
	var started, done sync.WaitGroup
	start := make(chan struct{})
	for i := range errs {
		started.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			<-start
			started.Done()
			errs[i] = wrong(i)
		}()
	}
	close(start)
	started.Wait()
	r := right()
	done.Wait()
	return errs, r
}
