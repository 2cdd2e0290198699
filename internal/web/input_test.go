package web_test

// Hardening (issue 13) low 1 and low 2: what any request may carry, checked once for every
// route — a bounded query string, and no control characters or invalid UTF-8 in query
// parameters, form fields and JSON strings.

import (
	"archgov/internal/demo"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"archgov/internal/testdb"
)

// unwrapped are the GET routes that do not go through the ui, step or api wrappers (no login,
// no input): everything else must refuse a bad query string.
var unwrapped = map[string]bool{
	"GET /healthz": true, "GET /readyz": true, "GET /metrics": true, "GET /static/": true,
	"GET /login": true, "GET /lang/{lang}": true, "GET /api/v1/openapi.json": true, "GET /api/": true,
}

var routeParamRe = regexp.MustCompile(`\{[^}]*\}`)

// getRoutes is every GET route of the server behind a wrapper, with its path parameters
// filled in (the input check comes before the handler looks at them).
func (s *site) getRoutes() []string {
	var paths []string
	for _, rt := range s.srv.Routes() {
		method, pattern, _ := strings.Cut(rt, " ")
		if method != http.MethodGet || unwrapped[rt] {
			continue
		}
		paths = append(paths, routeParamRe.ReplaceAllString(strings.TrimSuffix(pattern, "{$}"), "1"))
	}
	return paths
}

func TestEveryRouteRefusesABadQuery(t *testing.T) {
	testdb.WithoutRace(t)
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.login("sysadmin")
		long := strings.Repeat("人口a", 16667) // about 50,000 bytes
		cases := []struct {
			name, query, want string
		}{
			{"q of 50,000 bytes", "q=" + url.QueryEscape(long), "参数 q 过长：最多 200 个字符"},
			{"q of 201 characters", "q=" + url.QueryEscape(strings.Repeat("数", 201)), "参数 q 过长：最多 200 个字符"},
			{"a long filter", "action=" + strings.Repeat("x", 201), "过长：最多 200 个字符"},
			{"NUL in q", "q=a%00b", "q 含有控制字符"},
			{"invalid UTF-8 in q", "q=%FF%FE", "q 不是有效的 UTF-8 文本"},
			{"escape in a filter", "status=%1B", "含有控制字符"},
		}
		paths := s.getRoutes()
		if len(paths) < 50 {
			t.Fatalf("only %d GET routes found: %v", len(paths), paths)
		}
		for _, c := range cases {
			for _, p := range paths {
				sep := "?"
				if strings.Contains(p, "?") {
					sep = "&"
				}
				var r reply
				if strings.HasPrefix(p, "/api/") {
					r = s.api(http.MethodGet, p+sep+c.query, "sysadmin", "")
					if r.status == http.StatusUnprocessableEntity {
						_, msg, field := r.apiError(t)
						if field == "" || !strings.Contains(msg, c.want) {
							t.Errorf("%s %s: field %q message %q, want the field named and %q", c.name, p, field, msg, c.want)
						}
					}
				} else {
					r = b.get(p + sep + c.query)
					if r.status == http.StatusUnprocessableEntity && !strings.Contains(r.text(), c.want) {
						t.Errorf("%s %s: page does not say %q", c.name, p, c.want)
					}
				}
				if r.status != http.StatusUnprocessableEntity {
					t.Errorf("%s: GET %s answered %d, want 422\n%.300s", c.name, p, r.status, r.body)
				}
			}
		}

		// Within the rules: 200 characters, tab and line breaks.
		for _, q := range []string{strings.Repeat("数", 200), "人口\t基础", "人口\r\n基础"} {
			if r := s.api(http.MethodGet, "/api/v1/systems?q="+url.QueryEscape(q), "sysadmin", ""); r.status != http.StatusOK {
				t.Errorf("GET /api/v1/systems?q=%q: %d, want 200\n%s", q, r.status, r.body)
			}
			if r := b.get("/catalog?q=" + url.QueryEscape(q)); r.status != http.StatusOK {
				t.Errorf("GET /catalog?q=%q: %d, want 200", q, r.status)
			}
		}
		// The return address may be longer than a filter.
		if r := b.get("/?next=" + url.QueryEscape("/systems?"+strings.Repeat("q=a&", 100))); r.status != http.StatusOK {
			t.Errorf("a 400-character next: %d, want 200", r.status)
		}
	})
}

func TestControlCharactersAreRefusedInBodies(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		id := strconv.FormatInt(s.unit("320507119").ID, 10)
		before := s.unit("320507119")

		// JSON: the field is named by its JSON name; a NUL made PostgreSQL answer 500.
		for _, c := range []struct{ body, field, want string }{
			{`{"version":` + strconv.FormatInt(before.Version, 10) + `,"code":"320507119\u0000"}`, "code", "编码"},
			{`{"version":` + strconv.FormatInt(before.Version, 10) + `,"name":"卫健委\u001b[31m"}`, "name", "名称"},
			{`{"version":` + strconv.FormatInt(before.Version, 10) + `,"name":"卫健委` + "\xff" + `"}`, "name", "UTF-8"},
		} {
			r := s.api(http.MethodPatch, "/api/v1/units/"+id, "sysadmin", c.body)
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("PATCH %s: %d, want 422\n%s", c.body, r.status, r.body)
			}
			if _, msg, field := r.apiError(t); field != c.field || !strings.Contains(msg, c.want) {
				t.Errorf("PATCH %s: field %q message %q, want field %s and %q", c.body, field, msg, c.field, c.want)
			}
		}
		// Tab and line breaks are text.
		r := s.api(http.MethodPatch, "/api/v1/units/"+id, "sysadmin",
			`{"version":`+strconv.FormatInt(before.Version, 10)+`,"name":"区卫生健康\t委员会"}`)
		mustStatus(t, "PATCH with a tab", r, http.StatusOK)

		// A form post: the field is named by its label and nothing is written.
		b := s.login("sysadmin")
		district := strconv.FormatInt(s.unit("320507").ID, 10)
		r = b.post("/units/new", url.Values{"csrf": {b.csrf}, "code": {"320507170"}, "name": {"区表单\x00测试局"}, "kind": {"bureau"},
			"parent_id": {district}})
		mustStatus(t, "POST /units/new with a NUL", r, http.StatusUnprocessableEntity)
		mustContain(t, "refusal page", r, "名称：含有控制字符")
		for _, u := range s.allUnits() {
			if u.Code == "320507170" {
				t.Fatal("the unit with a NUL in its name was created")
			}
		}
	})
}

// The login form is outside the ui wrapper, so it applies the input rules itself: a NUL in
// the username made PostgreSQL answer 500.
func TestLoginRefusesControlCharacters(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		for _, name := range []string{"office\x00", "off\xffice"} {
			r := s.browser().submitLogin(name, "whatever-Pa55")
			mustStatus(t, "POST /login with "+strconv.Quote(name), r, http.StatusUnprocessableEntity)
			mustContain(t, "login refusal", r, "用户名")
		}
		// The refusal is not a failed login: the account is not one step nearer its lockout.
		mustStatus(t, "login after the refusals", s.browser().submitLogin("office", demo.Password), http.StatusSeeOther)
	})
}

// The API's attachment upload reads its multipart fields itself, outside the api wrapper's
// check: a control character in entity_type is refused like anywhere else, naming the field.
func TestAttachmentUploadRefusesControlCharacters(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		sys := strconv.FormatInt(s.weijianSystemID(), 10)
		body, ct := multipartBody(t, map[string]string{"entity_type": "system\x00", "entity_id": sys}, "清理备案表.pdf", pdfBytes)
		r := s.api("POST", "/api/v1/attachments", "weijian", body, "Content-Type", ct)
		mustStatus(t, "upload with a NUL in entity_type", r, http.StatusUnprocessableEntity)
		if _, _, field := r.apiError(t); field != "entity_type" {
			t.Errorf("field %q, want entity_type", field)
		}
	})
}
