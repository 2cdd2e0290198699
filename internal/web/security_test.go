package web_test

// Regression tests for the security review fixed in 7b1996f and abfbaff, through HTTP only:
// the post-login redirect, body limits, X-Forwarded-For behind a proxy, API tokens from the
// profile page, versions the API requires, flash messages and the API's 405 answer.

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/demo"
	"archgov/internal/store"
	"archgov/internal/testdb"
	"archgov/internal/web"
)

// lastAudit is the newest audit record (nil when there is none).
func (s *site) lastAudit() *audit.Record {
	s.t.Helper()
	rs, err := s.svc.DB().Read().AuditRecords(s.ctx, store.AuditFilter{Limit: 1})
	if err != nil {
		s.t.Fatal(err)
	}
	if len(rs) == 0 {
		return nil
	}
	return rs[0]
}

// loginWith opens the login form and submits it with the given fields and extra request
// headers (name, value pairs; a name may repeat).
func (b *browser) loginWith(fields url.Values, hdr ...string) reply {
	b.t.Helper()
	form := b.get("/login")
	if form.status != http.StatusOK {
		b.t.Fatalf("GET /login: %d", form.status)
	}
	fields.Set("csrf", csrfField(b.t, form))
	req, err := http.NewRequest(http.MethodPost, b.s.ts.URL+"/login", strings.NewReader(fields.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Add(hdr[i], hdr[i+1])
	}
	return b.do(req)
}

// offSite reports whether a browser following loc from base would leave the site. Browsers
// (WHATWG URL) drop tabs and newlines anywhere in a URL, trim leading control characters and
// spaces, and read a backslash as a slash; Go's parser does none of that, so do it first.
func offSite(base *url.URL, loc string) bool {
	clean := strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r':
			return -1
		case '\\':
			return '/'
		}
		return r
	}, loc)
	clean = strings.TrimLeft(clean, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	u, err := url.Parse(clean)
	if err != nil {
		return true
	}
	r := base.ResolveReference(u)
	return r.Scheme != base.Scheme || r.Host != base.Host
}

// /login?next=/%09/evil.example sent people off-site after logging in: the tab passed the
// check and browsers drop it, leaving //evil.example.
func TestLoginNextStaysOnSite(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		s.login("weijian") // initial password changed, so a login goes straight to next
		base, _ := url.Parse(s.ts.URL)
		for _, c := range []struct {
			next, want string // want "" means any same-site location
		}{
			{"/\t/evil.example", "/"},
			{"/\n/evil.example", "/"},
			{"/\r\n/evil.example", "/"},
			{"\t//evil.example", "/"},
			{"//evil.example", "/"},
			{"///evil.example", "/"},
			{`/\evil.example`, "/"},
			{`/\t/evil.example`, "/"},
			{`\\evil.example`, "/"},
			{"https://evil.example", "/"},
			{"https:evil.example", "/"},
			{"javascript:alert(1)", "/"},
			{"/%09/evil.example", ""},
			{"/%2F/evil.example", ""},
			{"/units?x=1", "/units?x=1"},
			{"/units/3", "/units/3"},
		} {
			b := s.browser()
			// The form shown for ?next= carries nothing off-site either.
			form := b.get("/login?next=" + url.QueryEscape(c.next))
			if c.want == "/" && strings.Contains(form.text(), "evil.example") {
				t.Errorf("next %q: the login form carries it", c.next)
			}
			r := b.loginWith(url.Values{"username": {"weijian"}, "password": {newPassword}, "next": {c.next}})
			if r.status != http.StatusSeeOther {
				t.Fatalf("next %q: status %d\n%s", c.next, r.status, r.body)
			}
			loc := r.header.Get("Location")
			if offSite(base, loc) {
				t.Errorf("next %q: redirected to %q, which a browser follows off-site", c.next, loc)
			}
			if c.want != "" && loc != c.want {
				t.Errorf("next %q: redirected to %q, want %q", c.next, loc, c.want)
			}
		}
	})
}

// A 100 KB username is cut before it reaches the audit log; a body over 1 MiB is refused
// before it reaches the login at all.
func TestLoginBodyLimits(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.browser()
		r := b.loginWith(url.Values{"username": {strings.Repeat("a", 100<<10)}, "password": {"Wrong-Password-1"}})
		mustStatus(t, "100 KB username", r, http.StatusUnauthorized)
		rec := s.lastAudit()
		if rec.Action != "login" || rec.Outcome != audit.Failure {
			t.Fatalf("newest record %s/%s, want a failed login", rec.Action, rec.Outcome)
		}
		if len(rec.Actor) > 64 {
			t.Errorf("audit actor of %d bytes, want at most 64", len(rec.Actor))
		}

		before := s.lastAudit().ID
		r = b.loginWith(url.Values{"username": {strings.Repeat("a", 2<<20)}, "password": {"Wrong-Password-1"}})
		if got := s.lastAudit().ID; got != before {
			t.Errorf("a 2 MB login body wrote %d audit records", got-before)
		}
		if r.status != http.StatusRequestEntityTooLarge && r.status != http.StatusBadRequest {
			t.Errorf("2 MB login body: status %d, want 413 (or 400)", r.status)
		}
	})
}

// Behind the proxy (--trust-proxy) the client address is the last X-Forwarded-For entry, the
// one the proxy wrote; entries before it come from the client. Before, the first was taken,
// so anyone could pick the address the lockout counts and the audit log records.
func TestForwardedForTakesTheProxysEntry(t *testing.T) {
	t.Parallel()
	for _, b := range testdb.ServiceBackends(t) {
		t.Run(b.Name, func(t *testing.T) {
			t.Parallel()
			s := newSiteWith(t, b, siteConfig{web: web.Config{TrustProxy: true}})
			for _, c := range []struct {
				name string
				hdr  []string
				want string
			}{
				{"client entry, then the proxy's", []string{"X-Forwarded-For", "6.6.6.6, 10.0.0.7"}, "10.0.0.7"},
				{"one entry", []string{"X-Forwarded-For", "10.0.0.8"}, "10.0.0.8"},
				{"two header lines", []string{"X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "10.0.0.9"}, "10.0.0.9"},
				{"IPv6", []string{"X-Forwarded-For", "6.6.6.6, 2001:db8::7"}, "2001:db8::7"},
				{"garbage last entry", []string{"X-Forwarded-For", "6.6.6.6, not-an-address"}, "127.0.0.1"},
				{"empty last entry", []string{"X-Forwarded-For", "6.6.6.6,"}, "127.0.0.1"},
				{"no header", nil, "127.0.0.1"},
			} {
				r := s.browser().loginWith(url.Values{"username": {"nobody"}, "password": {"Wrong-Password-1"}}, c.hdr...)
				mustStatus(t, c.name, r, http.StatusUnauthorized)
				if rec := s.lastAudit(); rec.Action != "login" || rec.IP != c.want {
					t.Errorf("%s: recorded address %q, want %q", c.name, rec.IP, c.want)
				}
				// Each case counts one failure on its address; start the next from clean counters.
				if _, err := s.svc.DB().Writer().ExecContext(s.ctx, `DELETE FROM login_failures`); err != nil {
					t.Fatal(err)
				}
			}

			// Rotating the client part does not escape the lock on the proxy's address (at the
			// address threshold, app.DefaultAddressLockThreshold).
			for i := 1; i <= app.DefaultAddressLockThreshold; i++ {
				r := s.browser().loginWith(url.Values{"username": {"nobody" + strconv.Itoa(i)}, "password": {"Wrong-Password-1"}},
					"X-Forwarded-For", "6.6.6."+strconv.Itoa(i)+", 10.0.0.20")
				if i < app.DefaultAddressLockThreshold {
					mustStatus(t, "failure", r, http.StatusUnauthorized)
				} else {
					mustStatus(t, "last failure from one proxy address", r, http.StatusTooManyRequests)
				}
			}
			r := s.browser().loginWith(url.Values{"username": {"weijian"}, "password": {demo.Password}}, "X-Forwarded-For", "9.9.9.9, 10.0.0.20")
			mustStatus(t, "right password from the locked address, client part changed", r, http.StatusTooManyRequests)
		})
	}
	// Without --trust-proxy the header is the client's and is ignored.
	eachBackend(t, func(t *testing.T, s *site) {
		r := s.browser().loginWith(url.Values{"username": {"nobody"}, "password": {"Wrong-Password-1"}}, "X-Forwarded-For", "10.0.0.7")
		mustStatus(t, "failure", r, http.StatusUnauthorized)
		if rec := s.lastAudit(); rec.IP != "127.0.0.1" {
			t.Errorf("recorded address %q without --trust-proxy, want the connection's", rec.IP)
		}
	})
}

// Creating an API token from the profile page asks for the password: a borrowed session alone
// cannot mint a long-lived credential. A wrong password is counted and audited.
func TestTokenCreationAsksForPassword(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.login("weijian")
		csrf := b.csrfOrPage("/profile")
		tokens := func() int {
			ts, err := s.svc.Tokens(s.ctx, &app.Auth{User: s.user("weijian")})
			if err != nil {
				t.Fatal(err)
			}
			return len(ts)
		}
		for _, c := range []struct {
			name, password string
		}{
			{"no password", ""},
			{"wrong password", "Wrong-Password-1"},
		} {
			form := url.Values{"csrf": {csrf}, "name": {"ci"}, "days": {"30"}}
			if c.password != "" {
				form.Set("password", c.password)
			}
			r := b.post("/profile/tokens", form)
			mustStatus(t, c.name, r, http.StatusUnprocessableEntity)
			mustNotContain(t, c.name, r, "agv_")
			if n := tokens(); n != 0 {
				t.Fatalf("%s: %d tokens created", c.name, n)
			}
			if rec := s.lastAudit(); rec.Action != "password.confirm" || rec.Actor != "weijian" || rec.Outcome != audit.Failure {
				t.Errorf("%s: newest record %s by %s (%s), want a failed password.confirm", c.name, rec.Action, rec.Actor, rec.Outcome)
			}
		}
		r := b.post("/profile/tokens", url.Values{"csrf": {csrf}, "name": {"ci"}, "days": {"30"}, "password": {newPassword}})
		mustStatus(t, "right password", r, http.StatusCreated)
		mustContain(t, "new token page", r, "agv_")
		if n := tokens(); n != 1 {
			t.Fatalf("%d tokens after creating one", n)
		}
	})
}

// Changing the security policy, disabling an account or granting roles through the API needs
// the version the client read: a body without one is a conflict and changes nothing.
func TestAPIVersionsRequired(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		s.token("secadmin") // issuing the tokens is audited; do it before counting
		s.token("sysadmin")
		before := s.lastAudit().ID
		for _, c := range []struct{ name, method, path, actor, body string }{
			{"policy", "PUT", "/api/v1/settings/security", "secadmin", `{"min_length":12}`},
			{"disable", "POST", "/api/v1/users/{user:jiaoyu}/disable", "sysadmin", `{}`},
			{"disable with version 0", "POST", "/api/v1/users/{user:jiaoyu}/disable", "sysadmin", `{"version":0}`},
			{"roles", "PUT", "/api/v1/users/{user:jiaoyu}/roles", "secadmin", `{"roles":["expert"]}`},
		} {
			r := s.api(c.method, s.expand(c.path), c.actor, c.body)
			if r.status != http.StatusConflict {
				t.Fatalf("%s without a version: %d %s", c.name, r.status, r.body)
			}
			if code, _, _ := r.apiError(t); code != "conflict" {
				t.Errorf("%s: error code %q", c.name, code)
			}
		}
		if got := s.lastAudit().ID; got != before {
			t.Errorf("refused changes wrote %d audit records", got-before)
		}
		var p struct {
			Version   int64 `json:"version"`
			MinLength int   `json:"min_length"`
		}
		s.apiJSON("GET", "/api/v1/settings/security", "secadmin", "", &p)
		if p.Version != 0 || p.MinLength != 10 {
			t.Fatalf("policy after a refused update: %+v", p)
		}
		if u := s.user("jiaoyu"); u.Disabled || len(u.Grants) != 1 {
			t.Fatalf("account after refused changes: disabled %v, grants %v", u.Disabled, u.Grants)
		}
		// With the version read, the same changes go through.
		mustStatus(t, "policy with its version", s.api("PUT", "/api/v1/settings/security", "secadmin", `{"version":0,"min_length":12}`), http.StatusOK)
		mustStatus(t, "disable with its version", s.api("POST", s.expand("/api/v1/users/{user:jiaoyu}/disable"), "sysadmin", s.expand(`{"version":{ver:user:jiaoyu}}`)), http.StatusOK)
	})
}

// Flash messages come from the catalog only: a link cannot make the site say anything.
func TestUnknownFlashIsNotShown(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.login("weijian")
		for _, f := range []string{"flash.伪造内容", "flash.请立即拨打12345", "flash."} {
			r := b.get("/?flash=" + url.QueryEscape(f))
			mustStatus(t, f, r, http.StatusOK)
			mustNotContain(t, "home with flash "+f, r, `class="flash"`)
			if rest := strings.TrimPrefix(f, "flash."); rest != "" && strings.Contains(r.text(), rest) {
				t.Errorf("home shows %q from the link", rest)
			}
		}
		// A catalog message still shows, so the check above can fail.
		mustContain(t, "home with a real flash", b.get("/?flash=flash.password_changed"), `class="flash"`)
	})
}

// A wrong method on an API path answers 405 in the API's JSON error shape, not the mux's
// plain text.
func TestAPIWrongMethodIsJSON(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		for _, c := range []struct{ method, path, actor string }{
			{"DELETE", "/api/v1/units/1", "office"},
			{"DELETE", "/api/v1/units/1", ""},
			{"PUT", "/api/v1/units", "sysadmin"},
			{"POST", "/api/v1/me", "office"},
		} {
			r := s.api(c.method, c.path, c.actor, "")
			if r.status != http.StatusMethodNotAllowed {
				t.Fatalf("%s %s: %d", c.method, c.path, r.status)
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("%s %s: Content-Type %q", c.method, c.path, ct)
			}
			if code, _, _ := r.apiError(t); code != "method_not_allowed" {
				t.Errorf("%s %s: error code %q", c.method, c.path, code)
			}
			if r.header.Get("Allow") == "" {
				t.Errorf("%s %s: no Allow header", c.method, c.path)
			}
		}
	})
}

// Issue 13, low 7: an API token does not outlive its owner's password change (forced or
// chosen), an administrator's reset of it, nor a disable-then-enable of the account; each
// revocation is written in the audit record of the event.
func TestTokensEndWithPasswordChangesAndDisable(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		me := func(token string) int {
			req, err := http.NewRequest(http.MethodGet, s.ts.URL+"/api/v1/me", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+token)
			return send(t, http.DefaultClient, req).status
		}
		issue := func(username string) string {
			tok, _, err := s.svc.CreateToken(s.ctx, app.SystemActor(), username, "ci", time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			if st := me(tok); st != http.StatusOK {
				t.Fatalf("a fresh token of %s: %d", username, st)
			}
			return tok
		}
		revokedIn := func(what, action, actor string) {
			t.Helper()
			rec := s.lastAudit()
			if rec.Action != action || rec.Actor != actor || !strings.Contains(rec.Changes, `"tokens_revoked":{"old":null,"new":1}`) {
				t.Errorf("%s: newest record %s by %s %s, want %s by %s with one token revoked", what, rec.Action, rec.Actor, rec.Changes, action, actor)
			}
		}

		// The forced change of the initial password, then a change the owner chooses.
		tok := issue("jiaoyu")
		b := s.login("jiaoyu")
		if st := me(tok); st != http.StatusUnauthorized {
			t.Errorf("token after the forced password change: %d, want 401", st)
		}
		revokedIn("forced change", "user.password_change", "jiaoyu")
		tok = issue("jiaoyu")
		const chosen = "Qz#2027-Wv8k"
		mustStatus(t, "chosen password change", b.changePassword(newPassword, chosen), http.StatusSeeOther)
		if st := me(tok); st != http.StatusUnauthorized {
			t.Errorf("token after the owner changed the password: %d, want 401", st)
		}
		revokedIn("chosen change", "user.password_change", "jiaoyu")

		// The system admin resets the password through the API.
		tok = issue("yuanhe")
		mustStatus(t, "reset", s.api("POST", s.expand("/api/v1/users/{user:yuanhe}/reset-password"), "sysadmin", ""), http.StatusOK)
		if st := me(tok); st != http.StatusUnauthorized {
			t.Errorf("token after the admin reset: %d, want 401", st)
		}
		revokedIn("reset", "user.password_reset", "sysadmin")

		// Disabled, then enabled again: the old token stays dead, a new one works. (The expert:
		// disabling a unit's named 责任人 or 联系人 also audits the unit naming no one, ORG-1.)
		tok = issue("expert")
		mustStatus(t, "disable", s.api("POST", s.expand("/api/v1/users/{user:expert}/disable"), "sysadmin", s.expand(`{"version":{ver:user:expert}}`)), http.StatusOK)
		revokedIn("disable", "user.disable", "sysadmin")
		mustStatus(t, "enable", s.api("POST", s.expand("/api/v1/users/{user:expert}/enable"), "sysadmin", s.expand(`{"version":{ver:user:expert}}`)), http.StatusOK)
		if st := me(tok); st != http.StatusUnauthorized {
			t.Errorf("token after disable and enable: %d, want 401", st)
		}
		issue("expert")
	})
}
