package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/testdb"
)

func TestGovernanceAPIAndPage(t *testing.T) {
	t.Parallel()
	cases := []apiCase{
		{name: "read as a unit contact", method: "GET", path: "/api/v1/settings/governance", actor: "weijian", want: 200,
			has: []string{`"room_policy_date":"2018-08-22"`, `"room_period_months":24`, `"room_deadline":"2020-08-22"`, `"website_deadline":"2019-08-22"`, `"version":1`,
				`"sharing_reply_days":10`, `"feedback_reply_days":5`, `"2026-10-01"`, `"system_code_prefix":"XC-SYS-"`, `"doc_number_prefix":"相信办"`}},
		{name: "bad document number prefix", method: "PUT", path: "/api/v1/settings/governance", actor: "office", want: 422,
			body: `{"doc_number_prefix":"XC办","version":1}`, has: []string{`"field":"doc_number_prefix"`, "须为1至10个汉字"}},
		{name: "bad document number prefix en", method: "PUT", path: "/api/v1/settings/governance", actor: "office", lang: "en", want: 422,
			body: `{"doc_number_prefix":"相城区大数据管理局信息化办公","version":1}`, has: []string{`"field":"doc_number_prefix"`, "one to ten Chinese characters"}},
		{name: "bad system code prefix", method: "PUT", path: "/api/v1/settings/governance", actor: "office", want: 422,
			body: `{"system_code_prefix":"XC_SYS","version":1}`, has: []string{`"field":"system_code_prefix"`, "须为字母、数字或连字符，最长20位"}},
		{name: "a day both holiday and working day", method: "PUT", path: "/api/v1/settings/governance", actor: "office", want: 422,
			body: `{"holidays":["2026-10-01"],"workdays":["2026-10-01"],"version":1}`, has: []string{`"field":"workdays"`}},
		{name: "bad holiday", method: "PUT", path: "/api/v1/settings/governance", actor: "office", want: 422,
			body: `{"holidays":["10/1"],"version":1}`, has: []string{`"field":"holidays"`}},
		{name: "update by a unit head", method: "PUT", path: "/api/v1/settings/governance", actor: "weijian_head", want: 403,
			body: `{"room_period_months":36,"version":1}`},
		{name: "update by the sysadmin", method: "PUT", path: "/api/v1/settings/governance", actor: "sysadmin", want: 403,
			body: `{"room_period_months":36,"version":1}`},
		{name: "bad date", method: "PUT", path: "/api/v1/settings/governance", actor: "office", want: 422,
			body: `{"room_policy_date":"2018/8/22","version":1}`, has: []string{`"field":"room_policy_date"`}},
		{name: "period out of range", method: "PUT", path: "/api/v1/settings/governance", actor: "office", want: 422,
			body: `{"room_period_months":0,"version":1}`, has: []string{`"field":"room_period_months"`, "1至120"}},
		{name: "without the version read", method: "PUT", path: "/api/v1/settings/governance", actor: "office", want: 409,
			body: `{"room_period_months":36}`},
		{name: "unchanged after refusals", method: "GET", path: "/api/v1/settings/governance", actor: "office", want: 200,
			has: []string{`"room_period_months":24`, `"version":1`}},
		{name: "update by the office", method: "PUT", path: "/api/v1/settings/governance", actor: "office", want: 200,
			body: `{"room_period_months":36,"version":1}`, has: []string{`"room_deadline":"2021-08-22"`, `"version":2`, `"system_code_prefix":"XC-SYS-"`, `"doc_number_prefix":"相信办"`}},
		{name: "stale version", method: "PUT", path: "/api/v1/settings/governance", actor: "office", want: 409,
			body: `{"room_period_months":12,"version":1}`},
	}
	eachBackend(t, func(t *testing.T, s *site) {
		runAPICases(t, s, cases)

		// The page: the office edits, a refused form names the field and keeps what was typed.
		// The next number shown follows the demo's task books (FLOW-3).
		last, err := s.svc.DB().Read().LastDocNumber(s.ctx, 2026)
		if err != nil {
			t.Fatal(err)
		}
		b := s.login("office")
		page := b.get("/settings/governance")
		mustAnswer(t, "governance page", page, http.StatusOK, "2021年8月22日", `name="system_code_prefix" value="XC-SYS-"`,
			`name="doc_number_prefix" value="相信办"`, fmt.Sprintf("相信办〔2026〕%d号", last+1))
		r := b.post("/settings/governance", url.Values{"csrf": {b.csrf}, "version": {"2"}, "room_policy_date": {"2018-08-22"},
			"room_period_months": {"abc"}, "website_deadline": {"2019-08-22"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "须为整数") || !strings.Contains(r.text(), `value="abc"`) {
			t.Errorf("bad period: %d\n%s", r.status, r.body)
		}
		// The 机关代字 (FLOW-3): Chinese characters only, named and kept as typed when refused.
		r = b.post("/settings/governance", url.Values{"csrf": {b.csrf}, "version": {"2"}, "room_policy_date": {"2018-08-22"},
			"room_period_months": {"30"}, "website_deadline": {"2019-12-31"}, "sharing_reply_days": {"10"}, "feedback_reply_days": {"5"},
			"doc_number_prefix": {"XCB"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "须为1至10个汉字") || !strings.Contains(r.text(), `value="XCB"`) {
			t.Errorf("bad office code: %d\n%s", r.status, r.body)
		}
		// The working-day calendar: a mistyped holiday is named, nothing is saved.
		r = b.post("/settings/governance", url.Values{"csrf": {b.csrf}, "version": {"2"}, "room_policy_date": {"2018-08-22"},
			"room_period_months": {"30"}, "website_deadline": {"2019-12-31"}, "sharing_reply_days": {"10"}, "feedback_reply_days": {"5"},
			"holidays": {"2027-01-01\n2027-02-30"}, "workdays": {""}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "“2027-02-30”不是有效日期") {
			t.Errorf("bad holiday: %d\n%s", r.status, r.body)
		}
		r = b.post("/settings/governance", url.Values{"csrf": {b.csrf}, "version": {"2"}, "room_policy_date": {"2018-08-22"},
			"room_period_months": {"30"}, "website_deadline": {"2019-12-31"}, "sharing_reply_days": {"8"}, "feedback_reply_days": {"5"},
			"holidays": {"2027-01-01, 2026-10-01"}, "workdays": {"2026-10-10"}, "system_code_prefix": {"xc-new-"},
			"doc_number_prefix": {" 相城信办 "}})
		if r.status != http.StatusSeeOther {
			t.Errorf("save: %d\n%s", r.status, r.body)
		}
		if p := b.get("/settings/governance"); !strings.Contains(p.text(), "2021年2月22日") {
			t.Errorf("after save the deadline should be 2021-02-22:\n%s", p.body)
		}
		if g := b.get("/api/v1/settings/governance"); !strings.Contains(g.text(), `"holidays":["2026-10-01","2027-01-01"]`) ||
			!strings.Contains(g.text(), `"workdays":["2026-10-10"]`) || !strings.Contains(g.text(), `"sharing_reply_days":8`) ||
			!strings.Contains(g.text(), `"system_code_prefix":"XC-NEW-"`) || !strings.Contains(g.text(), `"doc_number_prefix":"相城信办"`) {
			t.Errorf("calendar after save: %s", g.body)
		}
		// A unit user has no link to the page and may not save it.
		u := s.login("weijian_head")
		if home := u.get("/"); strings.Contains(home.text(), `href="/settings/governance"`) {
			t.Errorf("unit head sees the governance settings link")
		}
		if r := u.post("/settings/governance", url.Values{"csrf": {u.csrf}, "version": {"3"}, "room_policy_date": {"2018-08-22"},
			"room_period_months": {"6"}, "website_deadline": {"2019-08-22"}}); r.status != http.StatusForbidden {
			t.Errorf("unit head saving governance: %d", r.status)
		}
	})
}

// From December on, the office's home page asks for next year's public holidays until one of
// them is in the working-day calendar; in November, or for a unit's user, it does not.
func TestCalendarTodo(t *testing.T) {
	t.Parallel()
	s := newSite(t, testdb.Backends(t)[0])
	const want = "2027年法定节假日尚未录入工作日历"
	mustNotContain(t, "home in November", s.login("office").get("/"), want)
	s.clock.Set(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)) // sessions of November have expired
	office, unit := s.login("office"), s.login("weijian")
	mustContain(t, "home on 1 December", office.get("/"), want, `href="/settings/governance"`)
	mustNotContain(t, "a unit's home on 1 December", unit.get("/"), want)
	g, v, err := s.svc.Governance(s.ctx)
	if err != nil {
		t.Fatal(err)
	}
	g.Holidays = append(g.Holidays, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	if err := s.svc.UpdateGovernance(s.ctx, app.SystemActor(), g, v); err != nil {
		t.Fatal(err)
	}
	mustNotContain(t, "home with 2027-01-01 entered", office.get("/"), want)
}
