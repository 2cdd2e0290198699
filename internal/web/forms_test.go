package web_test

// Forms users expect (issue 14): every field problem at once, each tied to its control, what
// was typed kept on every refusal (a body over the size limit too), required fields marked,
// the replacing system picked from a search box, role names with unit names.

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// mustFieldErrors checks that the refused form names each field with a message outside its
// label, and that the control points to it.
func mustFieldErrors(t *testing.T, what string, r reply, fields ...string) {
	t.Helper()
	mustStatus(t, what, r, http.StatusUnprocessableEntity)
	for _, f := range fields {
		id := "err-" + f
		if !strings.Contains(r.text(), `aria-invalid="true" aria-describedby="`+id+`"`) {
			t.Errorf("%s: no control marked invalid and described by %s", what, id)
		}
		if !strings.Contains(r.text(), `</label><span class="field-error" id="`+id+`">`) &&
			!strings.Contains(r.text(), `</fieldset><span class="field-error" id="`+id+`">`) {
			t.Errorf("%s: no message for %s after its label", what, f)
		}
	}
	if t.Failed() {
		t.Fatalf("%s:\n%s", what, r.body)
	}
}

func TestFormShowsEveryErrorAndKeepsInput(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := fmt.Sprint(s.unit("320507119").ID)
		cases := []struct {
			name, actor, path string
			form              url.Values
			fields            []string // each must be named at once
			kept              []string // what was typed, still on the form
		}{
			{"system", "weijian", "/systems/new", url.Values{"name": {""}, "unit_id": {health}, "classification": {"unclassified"},
				"category": {"business"}, "hosting": {"onsite"}, "hosting_note": {""}, "network": {"extranet"}, "annual_cost": {"很多"},
				"vendor": {"厂商甲"}}, []string{"name", "hosting_note", "annual_cost"}, []string{`value="厂商甲"`, `value="很多"`}},
			{"system dates", "weijian", "/systems/new", url.Values{"name": {"新系统"}, "unit_id": {health}, "go_live": {"去年"},
				"last_upgrade": {"2026-13-45"}}, []string{"go_live", "last_upgrade"}, []string{`value="新系统"`}},
			{"room", "weijian", "/machine-rooms/new", url.Values{"name": {""}, "unit_id": {health}, "kind": {"access"}, "racks": {"-5"},
				"address": {"一号楼三层"}}, []string{"name", "racks", "exemption_basis"}, []string{`value="一号楼三层"`}},
			{"website", "weijian", "/websites/new", url.Values{"name": {""}, "host": {""}, "unit_id": {health}, "hosting": {"gov_cloud"},
				"icp": {"备案号"}}, []string{"name", "host", "icp"}, []string{`value="备案号"`}},
			{"media", "weijian", "/new-media/new", url.Values{"kind": {"wechat_subscription"}, "name": {""}, "account_id": {""}, "unit_id": {health},
				"topic": {"健康科普"}}, []string{"name", "account_id"}, []string{`value="健康科普"`}},
			{"cloud pool", "office", "/cloud/pools/new", url.Values{"name": {""}, "description": {"二期"}, "vcpu": {"-1"}},
				[]string{"name", "vcpu"}, []string{`value="二期"`}},
			{"unit", "sysadmin", "/units/new", url.Values{"code": {"x"}, "name": {""}, "kind": {"bureau"}}, []string{"code", "name"}, []string{`value="x"`}},
			{"user", "sysadmin", "/users/new", url.Values{"username": {""}, "name": {""}, "phone": {"打电话"}},
				[]string{"username", "name", "phone"}, []string{`value="打电话"`}},
		}
		jiaoyu := s.user("jiaoyu")
		cases = append(cases, struct {
			name, actor, path string
			form              url.Values
			fields            []string
			kept              []string
		}{"user edit", "sysadmin", fmt.Sprintf("/users/%d", jiaoyu.ID), url.Values{"version": {fmt.Sprint(jiaoyu.Version)}, "name": {""},
			"phone": {"打电话"}, "unit_id": {fmt.Sprint(jiaoyu.UnitID)}}, []string{"name", "phone"}, []string{`value="打电话"`}})
		browsers := map[string]*browser{}
		for _, c := range cases {
			b := browsers[c.actor]
			if b == nil {
				b = s.login(c.actor)
				browsers[c.actor] = b
			}
			form := b.get(c.path)
			mustStatus(t, c.name+" form", form, http.StatusOK)
			mustContain(t, c.name+" form", form, `class="req"`, ` required`, i18n.T(i18n.ZH, "ui.required_note"))
			mustNotContain(t, c.name+" form", form, `aria-invalid`)
			c.form.Set("csrf", b.csrf)
			r := b.post(c.path, c.form)
			mustFieldErrors(t, c.name, r, c.fields...)
			mustContain(t, c.name+" refused", r, c.kept...)
		}
	})
}

// TestAPIErrorFields: the API names the first field in error.field, as before, and lists every
// field problem in error.fields when there is more than one.
func TestAPIErrorFields(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		body := fmt.Sprintf(`{"name":"","unit_id":%d,"classification":"unclassified","category":"business","hosting":"onsite","network":"extranet","annual_cost":"很多"}`,
			s.unit("320507119").ID)
		r := s.api("POST", "/api/v1/systems", "weijian", body)
		code, _, field := r.apiError(t)
		if r.status != http.StatusUnprocessableEntity || code != "invalid" || field != "name" {
			t.Fatalf("empty system: %d %s %s\n%s", r.status, code, field, r.body)
		}
		for _, f := range []string{`"fields":[{"field":"name"`, `{"field":"hosting_note"`, `{"field":"annual_cost"`} {
			if !strings.Contains(r.text(), f) {
				t.Errorf("error.fields lacks %s: %s", f, r.body)
			}
		}
		// One problem: the answer is what it was.
		body = strings.Replace(strings.Replace(body, `"name":""`, `"name":"新系统"`, 1), `"annual_cost":"很多"`, `"hosting_note":"机房设备"`, 1)
		r = s.api("POST", "/api/v1/systems", "office", strings.Replace(body, `"unit_id"`, `"code":"bad code","unit_id"`, 1))
		if _, _, field := r.apiError(t); r.status != http.StatusUnprocessableEntity || field != "code" || strings.Contains(r.text(), `"fields"`) {
			t.Errorf("one problem: %d %s", r.status, r.body)
		}
	})
}

// TestFormTooLargeKeepsForm: a form body over the size limit is not saved; the form comes back
// (413) with the limit named and what was typed before the limit.
func TestFormTooLargeKeepsForm(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.login("weijian")
		form := b.get("/systems/new")
		mustStatus(t, "form", form, http.StatusOK)
		// The huge field comes last (url.Values sorts the names), as a browser sends the form.
		huge := strings.Repeat("x", 2<<20)
		r := b.post("/systems/new", url.Values{"csrf": {b.csrf}, "_form": {"keep"}, "name": {"超长用途的系统"}, "hosting_note": {"机房乙"}, "purpose": {huge}})
		mustStatus(t, "too large", r, http.StatusRequestEntityTooLarge)
		mustContain(t, "too large", r, i18n.T(i18n.ZH, "err.form_too_large", 1), `value="超长用途的系统"`, `value="机房乙"`, `action="/systems/new"`)
		if l := s.api("GET", "/api/v1/systems?q="+url.QueryEscape("超长用途的系统"), "weijian", ""); strings.Contains(l.text(), "超长用途的系统") {
			t.Fatalf("the oversized form was saved: %s", l.body)
		}
		// Without the keep mark (a step, an upload) the answer stays the bare 413 page.
		r = b.post("/systems/new", url.Values{"csrf": {b.csrf}, "purpose": {huge}})
		mustStatus(t, "too large, unmarked", r, http.StatusRequestEntityTooLarge)
		mustNotContain(t, "too large, unmarked", r, `action="/systems/new"`)
	})
}

// TestReplacingSystemSearchBox: the replacing system is picked from a search box listing the
// systems by code and name, and found by what the box sends.
func TestReplacingSystemSearchBox(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.login("weijian")
		create := func(name string) *domain.System {
			t.Helper()
			r := b.post("/systems/new", url.Values{"csrf": {b.csrf}, "name": {name}, "unit_id": {fmt.Sprint(s.unit("320507119").ID)},
				"classification": {"unclassified"}, "category": {"business"}, "hosting": {"gov_cloud"}, "network": {"extranet"}})
			id := createdID(t, "create "+name, r, "/systems/")
			sys, err := s.svc.DB().Read().System(s.ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return sys
		}
		old, next := create("旧预约挂号系统"), create("新预约挂号平台")
		page := b.get(fmt.Sprintf("/systems/%d", old.ID))
		mustContain(t, "system page", page, `list="replacements"`, `<datalist id="replacements">`, `value="`+next.Code+` `+next.Name+`"`)
		mustNotContain(t, "system page", page, `name="replaced_by_id"`)
		step := fmt.Sprintf("/systems/%d/steps/mark_superseded", old.ID)
		r := b.post(step, url.Values{"csrf": {b.csrf}, "version": {fmt.Sprint(old.Version)}, "replaced_by": {"没有这个系统"}})
		mustStatus(t, "unknown replacement", r, http.StatusUnprocessableEntity)
		mustContain(t, "unknown replacement", r, `aria-describedby="err-replaced_by_id"`, "没有这个系统")
		r = b.post(step, url.Values{"csrf": {b.csrf}, "version": {fmt.Sprint(old.Version)}, "replaced_by": {next.Code + " " + next.Name}})
		mustRedirect(t, "superseded", r, fmt.Sprintf("/systems/%d", old.ID))
		if got, _ := s.svc.DB().Read().System(s.ctx, old.ID); got.ReplacedByID != next.ID {
			t.Fatalf("replaced by %d, want %d", got.ReplacedByID, next.ID)
		}
	})
}

// TestRoleNamesWithUnits: the demo logins on the login page and the user list name roles with
// their units, never role:UNITCODE.
func TestRoleNamesWithUnits(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		leader := i18n.T(i18n.ZH, "ui.role_of_unit", i18n.T(i18n.ZH, "role.leader"), "苏州市公安局相城分局")
		login := s.browser().get("/login")
		mustStatus(t, "login", login, http.StatusOK)
		mustContain(t, "login", login, `id="demo-logins"`, "吴建国", leader)
		mustNotContain(t, "login", login, "leader:320507106")
		users := s.login("sysadmin").get("/users?q=leader")
		mustStatus(t, "users", users, http.StatusOK)
		mustContain(t, "users", users, leader)
		mustNotContain(t, "users", users, "leader:320507106")
	})
}
