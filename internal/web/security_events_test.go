package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

type eventList struct {
	Items      []audit.SecurityEvent `json:"items"`
	NextCursor string                `json:"next_cursor"`
}

// foreignSystem is a system of a unit other than weijian's (卫健委), and one of weijian's own.
func foreignSystem(t *testing.T, s *site) (foreign, own int64) {
	t.Helper()
	p, err := s.svc.Systems(s.ctx, app.SystemActor(), store.SystemFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	mine := s.unit("320507119").ID
	for _, sys := range p.Items {
		if sys.UnitID != mine && foreign == 0 {
			foreign = sys.ID
		}
		if sys.UnitID == mine && own == 0 {
			own = sys.ID
		}
	}
	if foreign == 0 || own == 0 {
		t.Fatal("demo district has no systems of two units")
	}
	return foreign, own
}

func (s *site) events(q string) eventList {
	s.t.Helper()
	var l eventList
	s.apiJSON(http.MethodGet, "/api/v1/audit/security-events?"+q, "auditadmin", "", &l)
	return l
}

// Hardening low 3: a unit user's cross-unit read is refused (404) as before, and now leaves a
// security event that the audit admin finds; a missing id is recorded too, with an answer the
// user cannot tell from the hidden one; other roles cannot read the events.
func TestSecurityEventCrossUnitRead(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		foreign, _ := foreignSystem(t, s)
		before := s.events("limit=1")
		hidden := s.api(http.MethodGet, "/api/v1/systems/"+strconv.FormatInt(foreign, 10), "weijian", "")
		missing := s.api(http.MethodGet, "/api/v1/systems/99999999", "weijian", "")
		if hidden.status != http.StatusNotFound || missing.status != http.StatusNotFound || string(hidden.body) != string(missing.body) {
			t.Fatalf("hidden %d %s / missing %d %s: want the same 404", hidden.status, hidden.body, missing.status, missing.body)
		}
		for _, h := range []string{"Content-Type", "Content-Length", "Cache-Control"} {
			if hidden.header.Get(h) != missing.header.Get(h) {
				t.Errorf("header %s differs: %q / %q", h, hidden.header.Get(h), missing.header.Get(h))
			}
		}

		l := s.events("actor=weijian&kind=hidden&limit=10")
		if len(l.Items) == 0 {
			t.Fatal("the cross-unit read left no security event")
		}
		e := l.Items[0]
		if e.Actor != "weijian" || e.ActorID != s.user("weijian").ID || e.Kind != audit.EventHidden || e.Status != 404 ||
			e.Method != "GET" || e.Route != "GET /api/v1/systems/{id}" || e.TargetType != "systems" ||
			e.TargetID != strconv.FormatInt(foreign, 10) || e.IP == "" || e.At.IsZero() {
			t.Fatalf("event = %+v", e)
		}
		if len(before.Items) > 0 && e.ID <= before.Items[0].ID {
			t.Fatalf("event %d is not new (newest before: %d)", e.ID, before.Items[0].ID)
		}
		nf := s.events("actor=weijian&kind=not_found&limit=1")
		if len(nf.Items) != 1 || nf.Items[0].TargetID != "99999999" {
			t.Fatalf("missing id: %+v", nf.Items)
		}

		// The UI: the audit admin's 安全事件 tab lists it and filters by kind.
		page := s.login("auditadmin").get("/audit/security?kind=hidden&actor=weijian")
		if page.status != http.StatusOK || !strings.Contains(page.text(), "GET /api/v1/systems/{id}") || !strings.Contains(page.text(), "无权查看（404）") {
			t.Fatalf("GET /audit/security: %d\n%s", page.status, page.body)
		}
		if r := s.api(http.MethodGet, "/api/v1/audit/security-events?kind=zz", "auditadmin", ""); r.status != http.StatusUnprocessableEntity {
			t.Errorf("unknown kind: %d %s", r.status, r.body)
		} else if _, _, field := r.apiError(t); field != "kind" {
			t.Errorf("unknown kind names field %q", field)
		}

		// Nobody else reads them.
		for _, who := range []string{"weijian", "sysadmin", "secadmin", "office"} {
			if r := s.api(http.MethodGet, "/api/v1/audit/security-events", who, ""); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
				t.Errorf("GET /api/v1/audit/security-events as %s: %d", who, r.status)
			}
		}
		if r := s.login("secadmin").get("/audit/security"); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
			t.Errorf("GET /audit/security as secadmin: %d", r.status)
		}
		// A refused write is recorded as forbidden, a form without its CSRF token as csrf.
		b := s.login("weijian")
		mustStatus(t, "POST /audit/prune without csrf", b.post("/audit/prune", url.Values{"before": {"2020-01-01"}}), http.StatusForbidden)
		if l := s.events("actor=weijian&kind=csrf&limit=1"); len(l.Items) != 1 || l.Items[0].Route != "POST /audit/prune" || l.Items[0].Status != 403 {
			t.Fatalf("csrf event: %+v", l.Items)
		}
		mustStatus(t, "POST /audit/prune as weijian", b.post("/audit/prune", url.Values{"csrf": {b.csrf}, "before": {"2020-01-01"}}), http.StatusForbidden)
		if l := s.events("actor=weijian&kind=forbidden&limit=1"); len(l.Items) != 1 || l.Items[0].Route != "POST /audit/prune" {
			t.Fatalf("forbidden event: %+v", l.Items)
		}
	})
}

// A login lockout is a security event naming the account that was tried.
func TestSecurityEventLockout(t *testing.T) {
	t.Parallel()
	s := newSite(t, testdb.Backends(t)[0])
	b := s.browser()
	var r reply
	for i := 0; i < 30 && r.status != http.StatusTooManyRequests; i++ {
		r = b.submitLogin("jiaoyu", "wrong-password-1A!")
	}
	mustStatus(t, "no lockout after 30 failures", r, http.StatusTooManyRequests)
	l := s.events("kind=lockout&limit=5")
	if len(l.Items) == 0 || l.Items[0].Actor != "jiaoyu" || l.Items[0].Route != "POST /login" || l.Items[0].Status != 429 || l.Items[0].ActorID != 0 {
		t.Fatalf("lockout events: %+v", l.Items)
	}
}

// limitedSite is a demo site whose security events have small limits, driven in-process (no
// network), so that a flood of 10,000 refusals is quick.
func limitedSite(t *testing.T, lim app.SecurityEventLimits) (*site, *testdb.Clock, http.Handler) {
	t.Helper()
	s := newSiteWith(t, testdb.Backends(t)[0], siteConfig{events: lim})
	return s, s.clock, s.srv.Handler()
}

// Hardening low 3: a flood of refusals cannot fill the disk. 10,000 refused cross-unit reads
// from one user at one address write the burst; from 10,000 addresses, at most the daily cap;
// the next day's first event carries the count of those suppressed.
func TestSecurityEventFloodIsCapped(t *testing.T) {
	testdb.WithoutRace(t)
	t.Parallel()
	const burst, dailyCap, flood = 20, 300, 10_000
	s, clock, h := limitedSite(t, app.SecurityEventLimits{Burst: burst, Every: time.Minute, DailyCap: dailyCap})
	foreign, _ := foreignSystem(t, s)
	tok := "Bearer " + s.token("weijian")
	refuse := func(addr string) {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/systems/"+strconv.FormatInt(foreign, 10), nil)
		req.Header.Set("Authorization", tok)
		req.RemoteAddr = addr
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code != http.StatusNotFound {
			t.Fatalf("refusal answered %d", w.Code)
		}
	}
	count := func() int {
		n, err := s.svc.DB().Read().CountSecurityEventsSince(s.ctx, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	start := time.Now()
	for i := 0; i < flood/10; i++ {
		refuse("10.9.0.1:5000")
	}
	if n := count(); n != burst {
		t.Fatalf("%d refusals from one user and address wrote %d events, want the burst %d", flood/10, n, burst)
	}
	for i := 0; i < flood; i++ {
		refuse(fmt.Sprintf("10.%d.%d.%d:5000", 10+i/65536, i/256%256, i%256))
	}
	t.Logf("%d refusals in %v", flood+flood/10, time.Since(start))
	if n := count(); n != dailyCap {
		t.Fatalf("a flood of %d refusals wrote %d events, want the daily cap %d", flood, n, dailyCap)
	}
	// Every refusal is either written or counted: the counts carried by the events written
	// and the count still pending add up to the refusals not written.
	all, err := s.svc.DB().Read().SecurityEvents(s.ctx, store.SecurityEventFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var carried int64
	for _, e := range all {
		carried += e.Suppressed
	}
	suppressed := s.svc.SecurityEventsPending()
	if carried+suppressed != int64(flood+flood/10-dailyCap) || suppressed != flood-(dailyCap-burst) {
		t.Fatalf("suppressed: %d carried + %d pending, want %d in all and %d pending", carried, suppressed, flood+flood/10-dailyCap, flood-(dailyCap-burst))
	}
	// The audit admin sees the count on the page…
	page := s.login("auditadmin").get("/audit/security")
	if !strings.Contains(page.text(), "已抑制 "+strconv.FormatInt(suppressed, 10)+" 条") {
		t.Fatalf("the page does not show the suppressed count:\n%s", page.body)
	}
	// …and the next day's first event records it.
	clock.Advance(24 * time.Hour)
	delete(s.tokens, "weijian")
	delete(s.tokens, "auditadmin")
	tok = "Bearer " + s.token("weijian") // the test tokens last an hour
	refuse("10.9.0.2:5000")
	var l eventList
	s.apiJSON(http.MethodGet, "/api/v1/audit/security-events?limit=1&kind=hidden", "auditadmin", "", &l)
	if len(l.Items) != 1 || l.Items[0].Suppressed != suppressed || l.Items[0].IP != "10.9.0.2" {
		t.Fatalf("next day's first event: %+v, want suppressed %d", l.Items, suppressed)
	}
}

// The audit admin downloads an anchor from the audit page and takes one through the API;
// both name the newest record and verify with the key; nobody else may.
func TestAuditAnchorDownload(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.login("auditadmin")
		r := b.post("/audit/anchor", url.Values{"csrf": {b.csrf}})
		if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Disposition"), `attachment; filename="audit-anchor-`) {
			t.Fatalf("POST /audit/anchor: %d %v\n%s", r.status, r.header, r.body)
		}
		an, err := audit.ParseAnchor(r.body, s.svc.DB().AnchorKey())
		if err != nil {
			t.Fatalf("downloaded anchor: %v\n%s", err, r.body)
		}
		rec, err := s.svc.DB().Read().AuditRecord(s.ctx, an.Seq)
		if err != nil || rec.Action != "audit.anchor" || rec.Actor != "auditadmin" || rec.Hash != an.Hash {
			t.Fatalf("record %d: %+v, %v", an.Seq, rec, err)
		}
		if n, err := s.svc.VerifyAnchor(s.ctx, an); err != nil || n == 0 {
			t.Fatalf("VerifyAnchor: %d, %v", n, err)
		}
		var api audit.Anchor
		s.apiJSON(http.MethodPost, "/api/v1/audit/anchor", "auditadmin", "", &api)
		if api.Seq <= an.Seq || api.Format != audit.AnchorFormat {
			t.Fatalf("API anchor %+v after %d", api, an.Seq)
		}
		raw, _ := json.Marshal(api)
		if _, err := audit.ParseAnchor(raw, s.svc.DB().AnchorKey()); err != nil {
			t.Fatalf("API anchor: %v", err)
		}
		if page := b.get("/audit"); !strings.Contains(page.text(), `action="/audit/anchor"`) {
			t.Fatal("the audit page offers no anchor download")
		}
		for _, who := range []string{"sysadmin", "secadmin", "weijian"} {
			if r := s.api(http.MethodPost, "/api/v1/audit/anchor", who, ""); r.status != http.StatusForbidden {
				t.Errorf("POST /api/v1/audit/anchor as %s: %d", who, r.status)
			}
		}

		// A broken chain is not anchored: the page and the API name the break, no record is added.
		q := "UPDATE audit_log SET actor = 'someone-else' WHERE id = ?"
		if s.svc.DB().Dialect == store.Postgres {
			q = strings.Replace(q, "?", "$1", 1)
		}
		if _, err := s.svc.DB().Writer().ExecContext(s.ctx, q, an.Seq); err != nil {
			t.Fatal(err)
		}
		newest := func() int64 {
			recs, err := s.svc.DB().Read().AuditRecords(s.ctx, store.AuditFilter{Limit: 1})
			if err != nil {
				t.Fatal(err)
			}
			return recs[0].ID
		}
		last := newest()
		r = b.post("/audit/anchor", url.Values{"csrf": {b.csrf}})
		if r.status != http.StatusConflict || !strings.Contains(r.text(), "审计链被破坏") || strings.Contains(r.header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("POST /audit/anchor on a broken chain: %d\n%s", r.status, r.body)
		}
		r = s.api(http.MethodPost, "/api/v1/audit/anchor", "auditadmin", "")
		if code, msg, _ := r.apiError(t); r.status != http.StatusConflict || code != "conflict" || !strings.Contains(msg, fmt.Sprintf("audit record %d", an.Seq)) {
			t.Fatalf("POST /api/v1/audit/anchor on a broken chain: %d %s", r.status, r.body)
		}
		if n := newest(); n != last {
			t.Fatalf("a refused anchor added record %d", n)
		}
	})
}

// A browser asks every site for an icon: with none named, it fetched /favicon.ico, which
// matched only the catch-all route and wrote a not_found security event on every page view,
// spending the daily cap on noise. The layout names the icon it serves.
func TestPagesNameTheirIcon(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.login("weijian")
		for _, p := range []string{"/", "/systems"} {
			mustContain(t, p, b.get(p), `<link rel="icon" href="/static/favicon.svg"`)
		}
		r := b.get("/static/favicon.svg")
		mustStatus(t, "the icon", r, http.StatusOK)
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "image/svg+xml") {
			t.Errorf("icon Content-Type = %q", ct)
		}
	})
}
