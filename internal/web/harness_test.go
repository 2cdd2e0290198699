package web_test

// The HTTP tests run a real server (httptest) over a real database holding the demo district,
// and talk to it only through HTTP: the login form, the forced password change, bearer tokens.

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/i18n"
	"archgov/internal/store"
	"archgov/internal/testdb"
	"archgov/internal/testdb/demodb"
	"archgov/internal/web"
)

// siteNow is the server's clock: fixed, so the dates a page shows (2026年11月26日) and the
// time a lockout ends (10:15) are known. The clock is never moved while the server runs.
var siteNow = time.Date(2026, 11, 26, 10, 0, 0, 0, i18n.Zone)

// newPassword satisfies the default policy and contains no demo username.
const newPassword = "Nw#2026-Tq7x"

// site is one running server over its own database with the demo district loaded.
type site struct {
	t      *testing.T
	ctx    context.Context
	clock  *testdb.Clock // the database's clock, at siteNow unless a test moves it
	svc    *app.Service
	srv    *web.Server
	ts     *httptest.Server
	tokens map[string]string // username → bearer token
	ready  map[string]bool   // usernames whose initial password was changed through the UI
}

// eachBackend runs f on a fresh site per database backend (SQLite always, PostgreSQL when
// ARCHGOV_TEST_POSTGRES is set).
func eachBackend(t *testing.T, f func(t *testing.T, s *site)) {
	t.Helper()
	for _, b := range testdb.ServiceBackends(t) {
		t.Run(b.Name, func(t *testing.T) { t.Parallel(); f(t, newSite(t, b)) })
	}
}

// eachBackendInTurn is eachBackend with the backends one after the other, for a test that
// changes package state (store.CatalogFacetCap); such a test is not parallel either.
func eachBackendInTurn(t *testing.T, f func(t *testing.T, s *site)) {
	t.Helper()
	for _, b := range testdb.ServiceBackends(t) {
		t.Run(b.Name, func(t *testing.T) { f(t, newSite(t, b)) })
	}
}

// TestMain removes the demo templates (demodb) when the tests end.
func TestMain(m *testing.M) { os.Exit(demodb.Run(m)) }

func newSite(t *testing.T, b testdb.Backend) *site { return newSiteWith(t, b, siteConfig{}) }

// siteConfig is what a test may choose of its site: the deployment configuration (its logger
// and version are the tests') and the limits of the security events.
type siteConfig struct {
	web    web.Config
	events app.SecurityEventLimits
}

// newSiteWith is newSite with a configuration of the test's choosing.
func newSiteWith(t *testing.T, b testdb.Backend, c siteConfig) *site {
	t.Helper()
	s := openSite(t, b, c)
	s.t = t
	return s
}

// openSite starts a site for t, which may be a fuzz target's *testing.F; the site is bound to
// a *testing.T with with() before use.
func openSite(t testing.TB, b testdb.Backend, c siteConfig) *site {
	t.Helper()
	clock := &testdb.Clock{T: siteNow}
	kdf := gm.KDFParams{Iterations: 1000, SaltLen: 16, KeyLen: 32}
	db := demodb.Open(t, b, clock.Now, kdf) // the demo district, loaded once per process
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := app.New(db, app.Options{KDF: kdf, Logger: quiet, SecurityEvents: c.events})
	c.web.Logger, c.web.Version = quiet, "test"
	srv, err := web.New(svc, c.web)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &site{ctx: context.Background(), clock: clock, svc: svc, srv: srv, ts: ts, tokens: map[string]string{}, ready: map[string]bool{}}
}

// with returns the site bound to t, for use inside a subtest (a parent's t must not fail
// from a subtest's goroutine).
func (s *site) with(t *testing.T) *site {
	c := *s
	c.t = t
	return &c
}

// unit reads a unit by code as it is now (current version), bypassing the HTTP layer.
func (s *site) unit(code string) *domain.Unit {
	s.t.Helper()
	p, err := s.svc.Units(s.ctx, app.SystemActor(), store.UnitFilter{Query: code})
	if err != nil {
		s.t.Fatalf("units %s: %v", code, err)
	}
	for _, u := range p.Items {
		if u.Code == code {
			return u
		}
	}
	s.t.Fatalf("no unit %s", code)
	return nil
}

// user reads a user by username as it is now.
func (s *site) user(username string) *domain.User {
	s.t.Helper()
	u, err := s.svc.DB().Read().UserByUsername(s.ctx, username)
	if err != nil {
		s.t.Fatalf("user %s: %v", username, err)
	}
	return u
}

// allUnits lists every unit as the operator sees it.
func (s *site) allUnits() []*domain.Unit {
	s.t.Helper()
	p, err := s.svc.Units(s.ctx, app.SystemActor(), store.UnitFilter{})
	if err != nil {
		s.t.Fatal(err)
	}
	return p.Items
}

// token returns a bearer token for a demo user, made as `archgov token create` makes it.
func (s *site) token(username string) string {
	s.t.Helper()
	if tok, ok := s.tokens[username]; ok {
		return tok
	}
	tok, _, err := s.svc.CreateToken(s.ctx, app.SystemActor(), username, "t", time.Hour)
	if err != nil {
		s.t.Fatalf("token for %s: %v", username, err)
	}
	s.tokens[username] = tok
	return tok
}

// reply is an HTTP answer read in full.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) text() string { return string(r.body) }

// apiError decodes an error body; it fails the test when the body is not one.
func (r reply) apiError(t *testing.T) (code, message, field string) {
	t.Helper()
	var e struct {
		Error struct{ Code, Message, Field string }
	}
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("error body is not JSON: %v\n%s", err, r.body)
	}
	if e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("error body lacks error.code or error.message: %s", r.body)
	}
	return e.Error.Code, e.Error.Message, e.Error.Field
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func send(t *testing.T, c *http.Client, req *http.Request) reply {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	r := reply{status: resp.StatusCode, header: resp.Header, body: b}
	conform(t, req, r)
	return r
}

// api calls the JSON API with a bearer token for actor ("" for none). hdr are extra
// header name/value pairs.
func (s *site) api(method, path, actor, body string, hdr ...string) reply {
	s.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.ts.URL+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if actor != "" {
		req.Header.Set("Authorization", "Bearer "+s.token(actor))
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return send(s.t, http.DefaultClient, req)
}

// apiJSON calls the API and decodes a 2xx answer into v.
func (s *site) apiJSON(method, path, actor, body string, v any) {
	s.t.Helper()
	r := s.api(method, path, actor, body)
	if r.status/100 != 2 {
		s.t.Fatalf("%s %s as %s: %d %s", method, path, actor, r.status, r.body)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		s.t.Fatalf("%s %s: %v\n%s", method, path, err, r.body)
	}
}

// placeholderRe matches {unit:CODE}, {user:NAME}, {ver:unit:CODE}, {prev:unit:CODE},
// {ver:user:NAME} in scenario paths and bodies.
var placeholderRe = regexp.MustCompile(`\{(unit|user|ver:unit|prev:unit|ver:user):([^{}]+)\}`)

// expand fills placeholders with the ids and versions the records have right now.
func (s *site) expand(in string) string {
	return placeholderRe.ReplaceAllStringFunc(in, func(m string) string {
		p := placeholderRe.FindStringSubmatch(m)
		switch p[1] {
		case "unit":
			return strconv.FormatInt(s.unit(p[2]).ID, 10)
		case "user":
			return strconv.FormatInt(s.user(p[2]).ID, 10)
		case "ver:unit":
			return strconv.FormatInt(s.unit(p[2]).Version, 10)
		case "prev:unit":
			return strconv.FormatInt(s.unit(p[2]).Version-1, 10)
		case "ver:user":
			return strconv.FormatInt(s.user(p[2]).Version, 10)
		}
		return m
	})
}

// browser is a web UI client: a cookie jar, no automatic redirects (tests look at each 303),
// and the session's CSRF token once logged in.
type browser struct {
	t    *testing.T
	s    *site
	c    *http.Client
	csrf string
}

func (s *site) browser() *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		s.t.Fatal(err)
	}
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &browser{t: s.t, s: s, c: c}
}

func (b *browser) do(req *http.Request) reply {
	b.t.Helper()
	return send(b.t, b.c, req)
}

func (b *browser) get(path string) reply {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.s.ts.URL+path, nil)
	if err != nil {
		b.t.Fatal(err)
	}
	return b.do(req)
}

// post submits a form as the browser would.
func (b *browser) post(path string, form url.Values) reply {
	b.t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.s.ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		b.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// setLang picks the UI language as a user does, with the switch in the top bar.
func (b *browser) setLang(lang string) {
	b.t.Helper()
	if r := b.get("/lang/" + lang); r.status != http.StatusSeeOther {
		b.t.Fatalf("GET /lang/%s: %d", lang, r.status)
	}
}

// cookie returns the value of a cookie the browser would send to path.
func (b *browser) cookie(path, name string) string {
	u, _ := url.Parse(b.s.ts.URL + path)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

var csrfFieldRe = regexp.MustCompile(`name="csrf" value="([^"]*)"`)

// csrfField returns the hidden csrf input of a page.
func csrfField(t *testing.T, page reply) string {
	t.Helper()
	m := csrfFieldRe.FindSubmatch(page.body)
	if m == nil || len(m[1]) == 0 {
		t.Fatalf("no csrf field in page (status %d):\n%s", page.status, page.body)
	}
	return string(m[1])
}

// submitLogin opens the login form and submits it; it returns the answer to the POST.
func (b *browser) submitLogin(username, password string) reply {
	b.t.Helper()
	form := b.get("/login")
	if form.status != http.StatusOK {
		b.t.Fatalf("GET /login: %d", form.status)
	}
	return b.post("/login", url.Values{"csrf": {csrfField(b.t, form)}, "username": {username}, "password": {password}, "next": {"/"}})
}

// changePassword goes through the forced password change of a first login.
func (b *browser) changePassword(current, next string) reply {
	b.t.Helper()
	page := b.get("/password")
	if page.status != http.StatusOK {
		b.t.Fatalf("GET /password: %d\n%s", page.status, page.body)
	}
	b.csrf = csrfField(b.t, page)
	return b.post("/password", url.Values{"csrf": {b.csrf}, "current": {current}, "password": {next}, "confirm": {next}})
}

// login logs a demo user in through the real forms, including the forced change of the
// initial password at the first login, and returns the browser with its session CSRF token.
func (s *site) login(username string) *browser {
	s.t.Helper()
	b := s.browser()
	if s.ready[username] {
		r := b.submitLogin(username, newPassword)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != "/" {
			s.t.Fatalf("login %s: want 303 to /, got %d %q\n%s", username, r.status, r.header.Get("Location"), r.body)
		}
		b.csrf = csrfField(s.t, b.get("/"))
		return b
	}
	r := b.submitLogin(username, demo.Password)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/password" {
		s.t.Fatalf("login %s: want 303 to /password, got %d %q\n%s", username, r.status, r.header.Get("Location"), r.body)
	}
	r = b.changePassword(demo.Password, newPassword)
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/") || strings.HasPrefix(r.header.Get("Location"), "/password") {
		s.t.Fatalf("password change %s: want 303 home, got %d %q\n%s", username, r.status, r.header.Get("Location"), r.body)
	}
	s.ready[username] = true
	// The password change revoked the user's API tokens (issue 13, low 7): issue a new one
	// when the test calls the API as them again.
	delete(s.tokens, username)
	return b
}
