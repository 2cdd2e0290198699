package web_test

import (
	"cmp"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// apiCase is one API scenario. Paths and bodies may hold {unit:CODE}, {user:NAME} (ids),
// {ver:unit:CODE}, {ver:user:NAME} (current versions) and {prev:unit:CODE} (the version
// before the current one), filled in when the case runs.
type apiCase struct {
	name   string
	method string
	path   string
	actor  string // demo username; "" for no token
	body   string
	lang   string // Accept-Language; "" for the default (Chinese)
	want   int
	ctype  string   // the answer's media type; "" for application/json
	has    []string // substrings the body must contain
	hasNot []string // substrings it must not contain
}

func runAPICases(t *testing.T, s *site, cases []apiCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := s.with(t)
			var hdr []string
			if c.lang != "" {
				hdr = []string{"Accept-Language", c.lang}
			}
			path, body := s.expand(c.path), s.expand(c.body)
			r := s.api(c.method, path, c.actor, body, hdr...)
			if r.status != c.want {
				t.Fatalf("%s %s as %q: status %d, want %d\n%s", c.method, path, c.actor, r.status, c.want, r.body)
			}
			ctype := cmp.Or(c.ctype, "application/json")
			if !strings.HasPrefix(r.header.Get("Content-Type"), ctype) {
				t.Errorf("Content-Type = %q, want %s", r.header.Get("Content-Type"), ctype)
			}
			for _, h := range c.has {
				if !strings.Contains(r.text(), h) {
					t.Errorf("body lacks %q:\n%s", h, r.body)
				}
			}
			for _, h := range c.hasNot {
				if strings.Contains(r.text(), h) {
					t.Errorf("body must not contain %q:\n%s", h, r.body)
				}
			}
			if r.status >= 400 {
				_, msg, _ := r.apiError(t)
				if c.lang == "en" && hasHan(msg) {
					t.Errorf("Accept-Language: en, but message is %q", msg)
				}
				if c.lang == "" && !hasHan(msg) {
					t.Errorf("default language is Chinese, but message is %q", msg)
				}
				if r.status == http.StatusUnauthorized && r.header.Get("WWW-Authenticate") == "" {
					t.Errorf("401 without WWW-Authenticate")
				}
			}
		})
	}
}

func TestAPIScenarios(t *testing.T) {
	t.Parallel()
	var cases []apiCase

	// Every demo role reaches /api/v1/me with a token, even before the initial password was
	// changed on the web (tokens are issued by the operator), and sees itself.
	for _, u := range demo.Users {
		has := []string{`"username":"` + u.Username + `"`, `"ready":true`}
		for _, r := range u.Roles {
			role, _, _ := strings.Cut(r, ":")
			has = append(has, `"role":"`+role+`"`)
		}
		cases = append(cases, apiCase{name: "me/" + u.Username, method: "GET", path: "/api/v1/me", actor: u.Username, want: 200, has: has})
	}
	// Units are public to every government user.
	for _, u := range demo.Users {
		cases = append(cases, apiCase{name: "units list/" + u.Username, method: "GET", path: "/api/v1/units?limit=200", actor: u.Username, want: 200,
			has: []string{"苏州市相城区", "区卫生健康委员会", "御窑社区", `"next_cursor":""`}})
	}

	cases = append(cases, []apiCase{
		{name: "me anonymous", method: "GET", path: "/api/v1/me", want: 401, has: []string{`"code":"unauthorized"`}},
		{name: "me anonymous en", method: "GET", path: "/api/v1/me", lang: "en", want: 401, has: []string{"Please log in"}},

		// Phone numbers (密评: personal data) are masked for a 联系人 looking at another unit,
		// shown to their own unit, the system admin and the info office.
		{name: "unit other bureau as weijian: phones masked", method: "GET", path: "/api/v1/units/{unit:320507105}", actor: "weijian", want: 200,
			has:    []string{`"name":"区教育局"`, `"contact_phone":"139****0105"`, `"head_phone":"0512-****0105"`, `"contact_name":"孙梦洁"`},
			hasNot: []string{"13905120105", "65980105"}},
		{name: "unit own bureau as weijian: phones clear", method: "GET", path: "/api/v1/units/{unit:320507119}", actor: "weijian", want: 200,
			has: []string{`"contact_phone":"13905120119"`, `"head_phone":"0512-65980119"`}, hasNot: []string{"****"}},
		{name: "unit as sysadmin: phones clear", method: "GET", path: "/api/v1/units/{unit:320507105}", actor: "sysadmin", want: 200,
			has: []string{`"contact_phone":"13905120105"`, `"head_phone":"0512-65980105"`}, hasNot: []string{"****"}},
		{name: "unit as office: phones clear", method: "GET", path: "/api/v1/units/{unit:320507105}", actor: "office", want: 200,
			has: []string{`"contact_phone":"13905120105"`}, hasNot: []string{"****"}},
		{name: "unit as leader of the bureau: phones clear", method: "GET", path: "/api/v1/units/{unit:320507105}", actor: "leader", want: 200,
			has: []string{`"contact_phone":"13905120105"`}},
		{name: "units list as weijian masks other units only", method: "GET", path: "/api/v1/units?limit=200", actor: "weijian", want: 200,
			has: []string{`"contact_phone":"13905120119"`, `"contact_phone":"139****0105"`}, hasNot: []string{"13905120105", "13905120001"}},
		{name: "units list as sysadmin clear", method: "GET", path: "/api/v1/units?limit=200", actor: "sysadmin", want: 200,
			has: []string{"13905120105", "13905120001"}, hasNot: []string{"****"}},
		{name: "units filtered by kind", method: "GET", path: "/api/v1/units?kind=zone&limit=200", actor: "weijian", want: 200,
			has: []string{"苏州高铁新城", `"kind":"zone"`}, hasNot: []string{`"kind":"bureau"`, `"kind":"street"`}},
		{name: "units filtered by parent", method: "GET", path: "/api/v1/units?parent_id={unit:320507209}", actor: "weijian", want: 200,
			has: []string{"莲花村", "消泾村", "清水村"}, hasNot: []string{"御窑社区", "区教育局"}},
		{name: "units searched by q", method: "GET", path: "/api/v1/units?q=" + url.QueryEscape("街道") + "&limit=200", actor: "weijian", want: 200,
			has: []string{"元和街道", "漕湖街道"}, hasNot: []string{"区教育局", "渭塘镇"}},
		{name: "unit missing", method: "GET", path: "/api/v1/units/999999", actor: "sysadmin", want: 404, has: []string{`"code":"not_found"`}},
		{name: "unit bad id", method: "GET", path: "/api/v1/units/abc", actor: "sysadmin", want: 404},
		{name: "unknown API path is a JSON 404", method: "GET", path: "/api/v1/nope", actor: "sysadmin", want: 404, has: []string{`"code":"not_found"`}},

		// Creating units is the system admin's (三权分立).
		{name: "create unit sysadmin", method: "POST", path: "/api/v1/units", actor: "sysadmin", want: 201,
			body: `{"code":"320507190","name":"区大数据中心","kind":"bureau","parent_id":{unit:320507}}`,
			has:  []string{`"code":"320507190"`, `"name":"区大数据中心"`, `"level":1`, `"active":true`, `"head_name":""`}, hasNot: []string{"responsible_user_id"}},
		// ORG-1: the people are accounts, named by an edit once the unit has them; not free text.
		{name: "create unit with a free-text head", method: "POST", path: "/api/v1/units", actor: "sysadmin", want: 400,
			body: `{"code":"320507189","name":"区测试局","kind":"bureau","parent_id":{unit:320507},"head_name":"测试"}`, has: []string{`"field":"head_name"`}},
		{name: "create unit office", method: "POST", path: "/api/v1/units", actor: "office", want: 403,
			body: `{"code":"320507191","name":"区测试一局","kind":"bureau","parent_id":{unit:320507}}`, has: []string{`"code":"forbidden"`}},
		{name: "create unit weijian", method: "POST", path: "/api/v1/units", actor: "weijian", want: 403,
			body: `{"code":"320507192","name":"区测试二局","kind":"bureau","parent_id":{unit:320507}}`, has: []string{`"code":"forbidden"`}},
		{name: "create unit secadmin", method: "POST", path: "/api/v1/units", actor: "secadmin", want: 403,
			body: `{"code":"320507193","name":"区测试三局","kind":"bureau","parent_id":{unit:320507}}`},
		{name: "create unit anonymous", method: "POST", path: "/api/v1/units", want: 401,
			body: `{"code":"320507194","name":"区测试四局","kind":"bureau","parent_id":{unit:320507}}`},
		{name: "create unit bad kind", method: "POST", path: "/api/v1/units", actor: "sysadmin", want: 422,
			body: `{"code":"320507195","name":"区测试五局","kind":"ministry","parent_id":{unit:320507}}`,
			has:  []string{`"code":"invalid"`, `"field":"kind"`, "类型"}},
		{name: "create unit bad kind en", method: "POST", path: "/api/v1/units", actor: "sysadmin", lang: "en", want: 422,
			body: `{"code":"320507195","name":"区测试五局","kind":"ministry","parent_id":{unit:320507}}`,
			has:  []string{`"field":"kind"`, "not a unit kind"}},
		{name: "create unit unknown field", method: "POST", path: "/api/v1/units", actor: "sysadmin", want: 400,
			body: `{"code":"320507196","name":"区测试六局","kind":"bureau","parent_id":{unit:320507},"colour":"red"}`,
			has:  []string{`"code":"bad_request"`, `"field":"colour"`}},
		{name: "create unit malformed JSON", method: "POST", path: "/api/v1/units", actor: "sysadmin", want: 400,
			body: `{"code":`, has: []string{`"code":"bad_request"`}},
		{name: "create unit wrong JSON type", method: "POST", path: "/api/v1/units", actor: "sysadmin", want: 400,
			body: `{"code":"320507197","name":"x","kind":"bureau","parent_id":"one"}`, has: []string{`"field":"parent_id"`}},
		{name: "create unit duplicate code", method: "POST", path: "/api/v1/units", actor: "sysadmin", want: 422,
			body: `{"code":"320507119","name":"重复","kind":"bureau","parent_id":{unit:320507}}`, has: []string{`"field":"code"`}},
		{name: "create unit bureau below a town", method: "POST", path: "/api/v1/units", actor: "sysadmin", want: 422,
			body: `{"code":"320507198","name":"错位局","kind":"bureau","parent_id":{unit:320507208}}`, has: []string{`"field":"parent_id"`}},

		// Optimistic concurrency: the right version saves, the version it replaced is stale.
		{name: "patch unit right version", method: "PATCH", path: "/api/v1/units/{unit:320507119}", actor: "sysadmin", want: 200,
			body: `{"version":{ver:unit:320507119},"contact_user_id":0}`, has: []string{`"contact_name":""`, `"head_name":"谢宏伟"`, `"name":"区卫生健康委员会"`},
			hasNot: []string{"contact_user_id"}},
		{name: "patch unit stale version", method: "PATCH", path: "/api/v1/units/{unit:320507119}", actor: "sysadmin", want: 409,
			body: `{"version":{prev:unit:320507119},"contact_user_id":{user:weijian}}`, has: []string{`"code":"conflict"`}},
		{name: "stale patch changed nothing", method: "GET", path: "/api/v1/units/{unit:320507119}", actor: "sysadmin", want: 200,
			has: []string{`"contact_name":""`}, hasNot: []string{"褚佳敏", "contact_user_id"}},
		{name: "patch unit free-text person", method: "PATCH", path: "/api/v1/units/{unit:320507119}", actor: "sysadmin", want: 400,
			body: `{"version":{ver:unit:320507119},"contact_name":"褚佳敏"}`, has: []string{`"field":"contact_name"`}},
		{name: "patch unit another unit's account", method: "PATCH", path: "/api/v1/units/{unit:320507119}", actor: "sysadmin", want: 422,
			body: `{"version":{ver:unit:320507119},"contact_user_id":{user:jiaoyu}}`, has: []string{`"field":"contact_user_id"`, "须为本单位的账号"}},
		{name: "patch unit another unit's account en", method: "PATCH", path: "/api/v1/units/{unit:320507119}", actor: "sysadmin", lang: "en", want: 422,
			body: `{"version":{ver:unit:320507119},"contact_user_id":{user:jiaoyu}}`, has: []string{`"field":"contact_user_id"`, "must be an account of this unit"}},
		{name: "patch unit account without the role", method: "PATCH", path: "/api/v1/units/{unit:320507119}", actor: "sysadmin", want: 422,
			body: `{"version":{ver:unit:320507119},"responsible_user_id":{user:weijian}}`, has: []string{`"field":"responsible_user_id"`, "褚佳敏"}},
		{name: "patch unit unknown field", method: "PATCH", path: "/api/v1/units/{unit:320507119}", actor: "sysadmin", want: 400,
			body: `{"version":{ver:unit:320507119},"parent_id":1}`, has: []string{`"field":"parent_id"`}},
		{name: "patch missing unit", method: "PATCH", path: "/api/v1/units/999999", actor: "sysadmin", want: 404, body: `{"version":1}`},
		// ORG-1: a unit's 责任人 names its own responsible person and contact, nothing else.
		{name: "unit head names own contact", method: "PATCH", path: "/api/v1/units/{unit:320507119}", actor: "weijian_head", want: 200,
			body: `{"version":{ver:unit:320507119},"contact_user_id":{user:weijian}}`, has: []string{`"contact_name":"褚佳敏"`, `"contact_phone":"13905120119"`}},
		{name: "unit head may not rename", method: "PATCH", path: "/api/v1/units/{unit:320507119}", actor: "weijian_head", want: 403,
			body: `{"version":{ver:unit:320507119},"name":"改名"}`},
		{name: "unit head may not edit another unit", method: "PATCH", path: "/api/v1/units/{unit:320507105}", actor: "weijian_head", want: 403,
			body: `{"version":{ver:unit:320507105},"contact_user_id":0}`},
		{name: "unit contact may not edit", method: "PATCH", path: "/api/v1/units/{unit:320507119}", actor: "weijian", want: 403,
			body: `{"version":{ver:unit:320507119},"contact_user_id":0}`},
		{name: "deactivate unit in use", method: "POST", path: "/api/v1/units/{unit:320507119}/deactivate", actor: "sysadmin", want: 422,
			body: `{"version":{ver:unit:320507119}}`, has: []string{`"code":"unprocessable"`}},
		{name: "deactivate unit as office", method: "POST", path: "/api/v1/units/{unit:320507190}/deactivate", actor: "office", want: 403,
			body: `{"version":{ver:unit:320507190}}`},
		{name: "deactivate unused unit", method: "POST", path: "/api/v1/units/{unit:320507190}/deactivate", actor: "sysadmin", want: 200,
			body: `{"version":{ver:unit:320507190}}`, has: []string{`"active":false`}},
		{name: "deactivate twice", method: "POST", path: "/api/v1/units/{unit:320507190}/deactivate", actor: "sysadmin", want: 409,
			body: `{"version":{ver:unit:320507190}}`},
		{name: "move unit below itself", method: "POST", path: "/api/v1/units/{unit:320507209}/move", actor: "sysadmin", want: 422,
			body: `{"version":{ver:unit:320507209},"parent_id":{unit:320507209001}}`, has: []string{`"field":"parent_id"`}},

		// Accounts: a unit role sees its unit's accounts and itself; another bureau's account
		// answers 404, exactly like a missing one (the spine's acceptance criterion).
		{name: "users list as weijian", method: "GET", path: "/api/v1/users?limit=200", actor: "weijian", want: 200,
			has:    []string{`"username":"weijian"`, `"username":"weijian_head"`},
			hasNot: []string{`"username":"jiaoyu"`, `"username":"sysadmin"`, `"username":"yuanhe"`, `"username":"leader"`, "区教育局"}},
		{name: "users list as office", method: "GET", path: "/api/v1/users?limit=200", actor: "office", want: 200,
			has: []string{`"username":"jiaoyu"`, `"username":"weijian"`, `"username":"sysadmin"`}},
		{name: "users list by unit as office", method: "GET", path: "/api/v1/users?unit_id={unit:320507105}", actor: "office", want: 200,
			has: []string{`"username":"jiaoyu"`}, hasNot: []string{`"username":"weijian"`}},
		{name: "other bureau's user as weijian", method: "GET", path: "/api/v1/users/{user:jiaoyu}", actor: "weijian", want: 404,
			has: []string{`"code":"not_found"`}, hasNot: []string{"孙梦洁", "jiaoyu"}},
		{name: "other bureau's user as weijian en", method: "GET", path: "/api/v1/users/{user:jiaoyu}", actor: "weijian", lang: "en", want: 404,
			has: []string{"Not found"}},
		{name: "missing user as weijian looks the same", method: "GET", path: "/api/v1/users/999999", actor: "weijian", want: 404,
			has: []string{`"code":"not_found"`}},
		{name: "other bureau's user as office", method: "GET", path: "/api/v1/users/{user:jiaoyu}", actor: "office", want: 200,
			has: []string{`"username":"jiaoyu"`, `"name":"孙梦洁"`}},
		{name: "led bureau's user as leader", method: "GET", path: "/api/v1/users/{user:jiaoyu}", actor: "leader", want: 200,
			has: []string{`"username":"jiaoyu"`}},
		{name: "other bureau's user as yuanhe", method: "GET", path: "/api/v1/users/{user:jiaoyu}", actor: "yuanhe", want: 404},
		{name: "colleague as weijian", method: "GET", path: "/api/v1/users/{user:weijian_head}", actor: "weijian", want: 200,
			has: []string{`"username":"weijian_head"`}},
		{name: "self as expert", method: "GET", path: "/api/v1/users/{user:expert}", actor: "expert", want: 200,
			has: []string{`"username":"expert"`}},
		{name: "admin account as expert", method: "GET", path: "/api/v1/users/{user:sysadmin}", actor: "expert", want: 404},
		{name: "hidden user's roles as weijian", method: "PUT", path: "/api/v1/users/{user:jiaoyu}/roles", actor: "weijian", want: 404,
			body: `{"roles":["expert"]}`},
		{name: "create user as office", method: "POST", path: "/api/v1/users", actor: "office", want: 403,
			body: `{"username":"newbie","name":"新人"}`},
		{name: "create user as sysadmin", method: "POST", path: "/api/v1/users", actor: "sysadmin", want: 201,
			body: `{"username":"newbie","name":"新人","unit_id":{unit:320507119}}`,
			has:  []string{`"username":"newbie"`, `"one_time_password":"`, `"must_change_password":true`}},
		{name: "create user duplicate", method: "POST", path: "/api/v1/users", actor: "sysadmin", want: 422,
			body: `{"username":"newbie","name":"新人"}`, has: []string{`"field":"username"`}},
		{name: "new colleague visible to weijian", method: "GET", path: "/api/v1/users?limit=200", actor: "weijian", want: 200,
			has: []string{`"username":"newbie"`}},
		{name: "sysadmin edits own account", method: "PATCH", path: "/api/v1/users/{user:sysadmin}", actor: "sysadmin", want: 403,
			body: `{"version":{ver:user:sysadmin},"name":"自己"}`},

		// Roles are the security admin's, never for themselves (三权分立, least privilege).
		{name: "roles by secadmin", method: "PUT", path: "/api/v1/users/{user:jiaoyu}/roles", actor: "secadmin", want: 200,
			body: `{"version":{ver:user:jiaoyu},"roles":["unit_contact:320507105","expert"]}`,
			has:  []string{`"role":"expert"`, `"role":"unit_contact"`, `"unit_code":"320507105"`}},
		{name: "roles by sysadmin", method: "PUT", path: "/api/v1/users/{user:jiaoyu}/roles", actor: "sysadmin", want: 403,
			body: `{"roles":["unit_contact:320507105"]}`, has: []string{`"code":"forbidden"`}},
		{name: "roles by secadmin on self", method: "PUT", path: "/api/v1/users/{user:secadmin}/roles", actor: "secadmin", want: 403,
			body: `{"roles":["secadmin","office"]}`},
		{name: "roles breaking separation of duties", method: "PUT", path: "/api/v1/users/{user:office}/roles", actor: "secadmin", want: 422,
			body: `{"version":{ver:user:office},"roles":["auditadmin","office"]}`, has: []string{`"field":"role"`, "三权分立"}},
		{name: "roles without the version read", method: "PUT", path: "/api/v1/users/{user:office}/roles", actor: "secadmin", want: 409,
			body: `{"roles":["office"]}`, has: []string{`"code":"conflict"`}},
		{name: "roles unknown role", method: "PUT", path: "/api/v1/users/{user:office}/roles", actor: "secadmin", want: 422,
			body: `{"roles":["king"]}`, has: []string{`"field":"role"`}},
		{name: "roles scoped without unit", method: "PUT", path: "/api/v1/users/{user:office}/roles", actor: "secadmin", want: 422,
			body: `{"roles":["unit_head"]}`, has: []string{`"field":"role"`}},
		{name: "roles unchanged after refusals", method: "GET", path: "/api/v1/users/{user:office}", actor: "secadmin", want: 200,
			has: []string{`"role":"office"`}, hasNot: []string{"auditadmin", "king", "unit_head"}},
		// 三权分立 (issue 13, low 6): an administrator's account and roles are the command line's.
		// The security admin cannot silence the auditor nor make a new one; the system admin
		// cannot edit or unlock another administrator.
		{name: "secadmin removes the auditor's role", method: "PUT", path: "/api/v1/users/{user:auditadmin}/roles", actor: "secadmin", want: 403,
			body: `{"version":{ver:user:auditadmin},"roles":[]}`, has: []string{`"code":"forbidden"`, "三权分立", "命令行"}},
		{name: "secadmin turns the auditor into an office reviewer", method: "PUT", path: "/api/v1/users/{user:auditadmin}/roles", actor: "secadmin", want: 403,
			body: `{"version":{ver:user:auditadmin},"roles":["office"]}`, lang: "en", has: []string{`"code":"forbidden"`, "command line"}},
		{name: "secadmin makes a new auditor", method: "PUT", path: "/api/v1/users/{user:jiaoyu}/roles", actor: "secadmin", want: 403,
			body: `{"version":{ver:user:jiaoyu},"roles":["auditadmin"]}`, has: []string{`"code":"forbidden"`, "三权分立"}},
		{name: "the auditor keeps the role", method: "GET", path: "/api/v1/users/{user:auditadmin}", actor: "secadmin", want: 200,
			has: []string{`"role":"auditadmin"`}},
		{name: "jiaoyu did not become an auditor", method: "GET", path: "/api/v1/users/{user:jiaoyu}", actor: "secadmin", want: 200,
			hasNot: []string{"auditadmin"}},
		{name: "sysadmin edits the security admin's record", method: "PATCH", path: "/api/v1/users/{user:secadmin}", actor: "sysadmin", want: 403,
			body: `{"version":{ver:user:secadmin},"name":"改名"}`, has: []string{`"code":"forbidden"`, "三权分立"}},
		{name: "sysadmin moves the auditor to another unit", method: "PATCH", path: "/api/v1/users/{user:auditadmin}", actor: "sysadmin", want: 403,
			body: `{"version":{ver:user:auditadmin},"unit_id":{unit:320507119}}`, has: []string{"三权分立"}},
		{name: "sysadmin unlocks the auditor", method: "POST", path: "/api/v1/users/{user:auditadmin}/unlock", actor: "sysadmin", want: 403,
			has: []string{"三权分立"}},
		{name: "the security admin's record is unchanged", method: "GET", path: "/api/v1/users/{user:secadmin}", actor: "sysadmin", want: 200,
			hasNot: []string{"改名"}},

		// The audit log is the audit admin's alone; other actors do not even see its records.
		{name: "audit list as auditadmin", method: "GET", path: "/api/v1/audit?limit=5", actor: "auditadmin", want: 200,
			has: []string{`"items":[{`, `"hash":"`}, hasNot: []string{`"next_cursor":""`}},
		{name: "audit filtered", method: "GET", path: "/api/v1/audit?action=user.grant_roles&actor=secadmin", actor: "auditadmin", want: 200,
			has: []string{`"action":"user.grant_roles"`, `"actor":"secadmin"`}, hasNot: []string{`"action":"unit.create"`}},
		{name: "audit bad date", method: "GET", path: "/api/v1/audit?from=26.11.2026", actor: "auditadmin", want: 422, has: []string{`"field":"from"`}},
		{name: "audit list as sysadmin", method: "GET", path: "/api/v1/audit", actor: "sysadmin", want: 403, has: []string{`"code":"forbidden"`}},
		{name: "audit list as secadmin", method: "GET", path: "/api/v1/audit", actor: "secadmin", want: 403},
		{name: "audit list as weijian", method: "GET", path: "/api/v1/audit", actor: "weijian", want: 403},
		{name: "audit record as auditadmin", method: "GET", path: "/api/v1/audit/1", actor: "auditadmin", want: 200, has: []string{`"id":1,`, `"prev_hash":"`}},
		{name: "audit record as sysadmin", method: "GET", path: "/api/v1/audit/1", actor: "sysadmin", want: 404, has: []string{`"code":"not_found"`}},
		{name: "audit record as secadmin", method: "GET", path: "/api/v1/audit/1", actor: "secadmin", want: 404},
		{name: "audit record as weijian", method: "GET", path: "/api/v1/audit/1", actor: "weijian", want: 404},
		{name: "audit verify as auditadmin", method: "POST", path: "/api/v1/audit/verify", actor: "auditadmin", want: 200, has: []string{`"ok":true`}},
		{name: "audit verify as sysadmin", method: "POST", path: "/api/v1/audit/verify", actor: "sysadmin", want: 403},
		{name: "audit export as sysadmin", method: "GET", path: "/api/v1/audit/export", actor: "sysadmin", want: 403},

		// The security policy is the security admin's.
		{name: "policy as secadmin", method: "GET", path: "/api/v1/settings/security", actor: "secadmin", want: 200,
			has: []string{`"min_length":10`, `"lock_threshold":5`, `"max_age_days":90`}},
		{name: "policy as sysadmin", method: "GET", path: "/api/v1/settings/security", actor: "sysadmin", want: 403},
		{name: "policy as auditadmin", method: "GET", path: "/api/v1/settings/security", actor: "auditadmin", want: 403},
		{name: "policy as office", method: "GET", path: "/api/v1/settings/security", actor: "office", want: 403},
		{name: "policy as weijian", method: "GET", path: "/api/v1/settings/security", actor: "weijian", want: 403},
		{name: "policy below 等保 floor", method: "PUT", path: "/api/v1/settings/security", actor: "secadmin", want: 422,
			body: `{"min_length":6}`, has: []string{`"field":"min_length"`}},
		{name: "policy stale version", method: "PUT", path: "/api/v1/settings/security", actor: "secadmin", want: 409,
			body: `{"version":42,"min_length":12}`},
		{name: "policy update without the version read", method: "PUT", path: "/api/v1/settings/security", actor: "secadmin", want: 409,
			body: `{"min_length":12}`, has: []string{`"code":"conflict"`}},
		{name: "policy update", method: "PUT", path: "/api/v1/settings/security", actor: "secadmin", want: 200,
			body: `{"version":0,"min_length":12}`, has: []string{`"min_length":12`, `"lock_threshold":5`, `"version":1`}},
		{name: "policy update by sysadmin", method: "PUT", path: "/api/v1/settings/security", actor: "sysadmin", want: 403,
			body: `{"min_length":14}`},

		// Malformed paging.
		{name: "units bad cursor", method: "GET", path: "/api/v1/units?cursor=not-a-cursor!", actor: "weijian", want: 400,
			has: []string{`"code":"bad_request"`, `"field":"cursor"`}},
		{name: "units cursor not a number", method: "GET", path: "/api/v1/units?cursor=YWJj", actor: "weijian", want: 400, has: []string{`"field":"cursor"`}},
		{name: "units bad cursor en", method: "GET", path: "/api/v1/units?cursor=%25%25", actor: "weijian", lang: "en", want: 400, has: []string{"invalid cursor"}},
		{name: "users bad cursor", method: "GET", path: "/api/v1/users?cursor=%21%21", actor: "office", want: 400, has: []string{`"field":"cursor"`}},
		{name: "audit bad cursor", method: "GET", path: "/api/v1/audit?cursor=%21%21", actor: "auditadmin", want: 400, has: []string{`"field":"cursor"`}},
		{name: "units limit zero", method: "GET", path: "/api/v1/units?limit=0", actor: "weijian", want: 400, has: []string{`"field":"limit"`}},
		{name: "units limit not a number", method: "GET", path: "/api/v1/units?limit=ten", actor: "weijian", want: 400, has: []string{`"field":"limit"`}},
		{name: "units parent not a number", method: "GET", path: "/api/v1/units?parent_id=x", actor: "weijian", want: 422, has: []string{`"field":"parent_id"`}},
	}...)

	eachBackend(t, func(t *testing.T, s *site) { runAPICases(t, s, cases) })
}

type unitPage struct {
	Items      []domain.Unit `json:"items"`
	NextCursor string        `json:"next_cursor"`
}

// TestAPIPagination walks /api/v1/units page by page: every unit exactly once, full pages
// until the last, and an empty next_cursor only there.
func TestAPIPagination(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		all := s.allUnits()
		for _, limit := range []int{7, 10, len(all), len(all) - 1, 200} {
			seen := map[int64]int{}
			cursor, pages := "", 0
			for {
				var p unitPage
				path := "/api/v1/units?limit=" + itoa(limit)
				if cursor != "" {
					path += "&cursor=" + url.QueryEscape(cursor)
				}
				s.apiJSON("GET", path, "weijian", "", &p)
				pages++
				for _, u := range p.Items {
					seen[u.ID]++
				}
				if p.NextCursor == "" {
					break
				}
				if len(p.Items) != limit {
					t.Fatalf("limit %d: page %d has %d items but a next_cursor", limit, pages, len(p.Items))
				}
				if pages > len(all)+1 {
					t.Fatalf("limit %d: pagination does not end", limit)
				}
				cursor = p.NextCursor
			}
			for _, u := range all {
				if seen[u.ID] != 1 {
					t.Errorf("limit %d: unit %s %s seen %d times", limit, u.Code, u.Name, seen[u.ID])
				}
			}
			if len(seen) != len(all) {
				t.Errorf("limit %d: %d distinct units, want %d", limit, len(seen), len(all))
			}
			wantPages := (len(all) + limit - 1) / limit
			if pages != wantPages {
				t.Errorf("limit %d: %d pages, want %d", limit, pages, wantPages)
			}
		}
		// A limit over the cap is clamped to 200, not refused.
		var p unitPage
		s.apiJSON("GET", "/api/v1/units?limit=5000", "weijian", "", &p)
		if len(p.Items) != len(all) {
			t.Errorf("limit=5000: %d items, want all %d", len(p.Items), len(all))
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestAPIUsersScope checks by content, not by substrings, that a 联系人 lists only the
// accounts of their own unit plus their own.
func TestAPIUsersScope(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		me := s.user("weijian")
		var p struct {
			Items []domain.User `json:"items"`
		}
		s.apiJSON("GET", "/api/v1/users?limit=200", "weijian", "", &p)
		names := map[string]bool{}
		for _, u := range p.Items {
			names[u.Username] = true
			if u.UnitID != me.UnitID && u.ID != me.ID {
				t.Errorf("weijian lists %s of unit %d (%s)", u.Username, u.UnitID, u.UnitName)
			}
		}
		if !names["weijian"] || !names["weijian_head"] || len(names) != 2 {
			t.Errorf("weijian lists %v, want exactly weijian and weijian_head", names)
		}
		// Filtering by another unit does not widen the scope.
		p.Items = nil
		s.apiJSON("GET", "/api/v1/users?unit_id="+itoa(int(s.unit("320507105").ID)), "weijian", "", &p)
		if len(p.Items) != 0 {
			t.Errorf("weijian filtering by 区教育局 sees %d accounts", len(p.Items))
		}
	})
}

// TestAPIAuthentication: requests without valid credentials get 401 with a WWW-Authenticate
// challenge and the error body, whatever is wrong with the token.
func TestAPIAuthentication(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		revoked := s.token("office")
		if err := s.svc.RevokeToken(s.ctx, app.SystemActor(), "", 0, revoked); err != nil {
			t.Fatal(err)
		}
		// A disabled account's token stops working at once.
		victim := s.token("finance")
		mustStatus(t, "finance token before disabling", s.api("GET", "/api/v1/me", "finance", ""), 200)
		mustStatus(t, "disable finance", s.api("POST", s.expand("/api/v1/users/{user:finance}/disable"), "sysadmin", s.expand(`{"version":{ver:user:finance}}`)), 200)
		for _, c := range []struct{ name, auth string }{
			{"no token", ""},
			{"garbage token", "Bearer agv_garbage"},
			{"empty bearer", "Bearer "},
			{"basic auth", "Basic b2ZmaWNlOnB3"},
			{"token without scheme", victim},
			{"revoked token", "Bearer " + revoked},
			{"disabled user's token", "Bearer " + victim},
		} {
			t.Run(c.name, func(t *testing.T) {
				for _, path := range []string{"/api/v1/me", "/api/v1/units"} {
					req, _ := http.NewRequest("GET", s.ts.URL+path, nil)
					if c.auth != "" {
						req.Header.Set("Authorization", c.auth)
					}
					r := send(t, http.DefaultClient, req)
					if r.status != http.StatusUnauthorized {
						t.Fatalf("%s: status %d, want 401\n%s", path, r.status, r.body)
					}
					if got := r.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
						t.Errorf("%s: WWW-Authenticate = %q", path, got)
					}
					code, msg, _ := r.apiError(t)
					if code != "unauthorized" || !hasHan(msg) {
						t.Errorf("%s: error %s %q, want unauthorized in Chinese", path, code, msg)
					}
				}
			})
		}
		// The English message for a bad token.
		r := s.api("GET", "/api/v1/me", "", "", "Authorization", "Bearer nope", "Accept-Language", "en")
		if _, msg, _ := r.apiError(t); r.status != 401 || !strings.Contains(msg, "token") || hasHan(msg) {
			t.Errorf("English bad-token error: %d %q", r.status, msg)
		}
		// A bad token is refused even on the public document, rather than silently ignored.
		if r := s.api("GET", "/api/v1/openapi.json", "", "", "Authorization", "Bearer nope"); r.status != 401 {
			t.Errorf("openapi.json with a bad token: %d", r.status)
		}
	})
}

// TestAPIWithSessionCookie: a browser session may use the API once its login is complete, and
// its writes need the CSRF header; before the forced password change it may not.
func TestAPIWithSessionCookie(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.browser()
		mustStatus(t, "login", b.submitLogin("sysadmin", demo.Password), http.StatusSeeOther)
		apiReq := func(method, path, body, csrf string) reply {
			req, _ := http.NewRequest(method, s.ts.URL+path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			if csrf != "" {
				req.Header.Set("X-CSRF-Token", csrf)
			}
			return b.do(req)
		}
		r := apiReq("GET", "/api/v1/me", "", "")
		if r.status != http.StatusForbidden {
			t.Fatalf("me before the forced password change: %d, want 403\n%s", r.status, r.body)
		}
		if code, msg, _ := r.apiError(t); code != "forbidden" || !strings.Contains(msg, "密码") {
			t.Errorf("login-incomplete error: %s %q", code, msg)
		}
		mustStatus(t, "password change", b.changePassword(demo.Password, newPassword), http.StatusSeeOther)
		if r := apiReq("GET", "/api/v1/me", "", ""); r.status != 200 || !strings.Contains(r.text(), `"username":"sysadmin"`) {
			t.Fatalf("me after login: %d %s", r.status, r.body)
		}
		body := s.expand(`{"code":"320507180","name":"区会话测试局","kind":"bureau","parent_id":{unit:320507}}`)
		for _, c := range []struct{ name, csrf string }{{"none", ""}, {"wrong", "forged-token"}} {
			r := apiReq("POST", "/api/v1/units", body, c.csrf)
			if r.status != http.StatusForbidden {
				t.Errorf("cookie write with %s CSRF token: %d, want 403", c.name, r.status)
			}
			if code, _, _ := r.apiError(t); code != "forbidden" {
				t.Errorf("cookie write with %s CSRF token: code %s", c.name, code)
			}
		}
		p, _ := s.svc.Units(s.ctx, app.SystemActor(), store.UnitFilter{Query: "320507180"})
		if len(p.Items) != 0 {
			t.Fatalf("a refused write created the unit")
		}
		if r := apiReq("POST", "/api/v1/units", body, b.csrf); r.status != http.StatusCreated {
			t.Errorf("cookie write with the session's CSRF header: %d, want 201\n%s", r.status, r.body)
		}
	})
}

// TestAPIMeAgreesWithAccount: /api/v1/me tells a token holder the same about their account
// as /api/v1/users/{id} does; a demo user who never changed the initial password still has
// to (the token works meanwhile, and "ready" says so).
func TestAPIMeAgreesWithAccount(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		var me, self map[string]any
		s.apiJSON("GET", "/api/v1/me", "weijian", "", &me)
		s.apiJSON("GET", s.expand("/api/v1/users/{user:weijian}"), "weijian", "", &self)
		if self["must_change_password"] != true {
			t.Fatalf("users/{id}: must_change_password = %v, want true for an unchanged initial password", self["must_change_password"])
		}
		if me["must_change_password"] != self["must_change_password"] {
			t.Errorf("/api/v1/me says must_change_password = %v, /api/v1/users/{id} says %v", me["must_change_password"], self["must_change_password"])
		}
		if me["ready"] != true {
			t.Errorf("/api/v1/me ready = %v, want true for a token", me["ready"])
		}
	})
}
