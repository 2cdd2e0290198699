package web_test

// Sharing requests (国发〔2016〕51号) through the API and the pages: what may be requested and
// what the refusals say, each side's steps, the due date in working days, the entry page's
// button, the to-dos and escalation.

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// sharingEntry publishes an entry of the health commission with the given sharing type.
func (s *site) sharingEntry(name string, st domain.ShareType) *domain.CatalogEntry {
	s.t.Helper()
	c := &domain.CatalogEntry{Class: "3", Item: "19", Name: name, ProviderUnitID: s.unit(cloudUnitHealth).ID, Summary: "测试用",
		Format: domain.FormatDatabase, ShareType: st, ShareChannel: domain.ChannelPlatform, ShareForm: domain.FormAPI, UpdateCycle: domain.CycleMonthly,
		Items: []domain.DataItem{{Name: "证明编号", Column: "zmbh", Type: domain.ItemChar, Length: 20, PrimaryKey: true},
			{Name: "新生儿姓名", Column: "xm", Type: domain.ItemChar, Length: 50}, {Name: "母亲身份证号", Column: "mqsfz", Type: domain.ItemChar, Length: 18, ShareType: domain.ShareNone}}}
	switch st {
	case domain.ShareConditional:
		c.ShareCondition = "仅限政务部门依法履行职责使用"
	case domain.ShareNone:
		c.ShareCondition, c.ShareBasis, c.ShareChannel, c.ShareForm = "涉及个人隐私", "《中华人民共和国个人信息保护法》第十三条", "", ""
	}
	cli := app.SystemActor()
	if err := s.svc.CreateCatalogEntry(s.ctx, cli, c); err != nil {
		s.t.Fatal(err)
	}
	for _, act := range []domain.CatalogAction{domain.CatSubmit, domain.CatRegister, domain.CatPublish} {
		out, err := s.svc.TransitionCatalogEntry(s.ctx, cli, c.ID, app.CatalogStep{Version: c.Version, Action: act})
		if err != nil {
			s.t.Fatal(err)
		}
		c = out
	}
	return c
}

func TestAPISharing(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		edu := s.unit(cloudUnitEdu)
		cond := s.sharingEntry("出生医学证明接口测试", domain.ShareConditional)
		none := s.sharingEntry("预防接种接口测试", domain.ShareNone)
		free := s.sharingEntry("医疗机构名录接口测试", domain.ShareUnconditional)
		body := func(entry int64, purpose, basis string) string {
			return fmt.Sprintf(`{"entry_id":%d,"requester_unit_id":%d,"purpose":%q,"basis":%q,"items":["新生儿姓名"]}`, entry, edu.ID, purpose, basis)
		}
		const purpose, basis = "入学适龄儿童出生信息核验", "《江苏省政务数据共享管理办法》第十二条"
		runAPICases(t, s, []apiCase{
			{name: "不予共享 cannot be requested, the message gives its basis", method: "POST", path: "/api/v1/sharing-requests", actor: "jiaoyu",
				body: body(none.ID, purpose, basis), want: 422, has: []string{"不予共享", "个人信息保护法", `"field":"entry_id"`}},
			{name: "无条件共享 needs no request", method: "POST", path: "/api/v1/sharing-requests", actor: "jiaoyu",
				body: body(free.ID, purpose, basis), want: 422, has: []string{"无需申请"}},
			{name: "in English", method: "POST", path: "/api/v1/sharing-requests", actor: "jiaoyu", lang: "en",
				body: body(free.ID, purpose, basis), want: 422, has: []string{"no request is needed"}},
			{name: "own entry", method: "POST", path: "/api/v1/sharing-requests", actor: "weijian",
				body: strings.Replace(body(cond.ID, purpose, basis), fmt.Sprint(edu.ID), fmt.Sprint(s.unit(cloudUnitHealth).ID), 1), want: 422, has: []string{"本单位"}},
			{name: "no purpose", method: "POST", path: "/api/v1/sharing-requests", actor: "jiaoyu",
				body: body(cond.ID, "", basis), want: 422, has: []string{`"field":"purpose"`}},
			{name: "no basis", method: "POST", path: "/api/v1/sharing-requests", actor: "jiaoyu",
				body: body(cond.ID, purpose, " "), want: 422, has: []string{`"field":"basis"`}},
			{name: "an item not shared", method: "POST", path: "/api/v1/sharing-requests", actor: "jiaoyu",
				body: strings.Replace(body(cond.ID, purpose, basis), "新生儿姓名", "母亲身份证号", 1), want: 422, has: []string{`"field":"items"`}},
			{name: "no such entry", method: "POST", path: "/api/v1/sharing-requests", actor: "jiaoyu",
				body: body(99999999, purpose, basis), want: 404},
			{name: "for another unit", method: "POST", path: "/api/v1/sharing-requests", actor: "yuanhe",
				body: body(cond.ID, purpose, basis), want: 403},
			{name: "unknown field", method: "POST", path: "/api/v1/sharing-requests", actor: "jiaoyu",
				body: `{"entry":1}`, want: 400},
			{name: "bad tab", method: "GET", path: "/api/v1/sharing-requests?tab=x", actor: "jiaoyu", want: 422, has: []string{`"field":"tab"`}},
			{name: "no token", method: "GET", path: "/api/v1/sharing-requests", want: 401},
		})

		var r domain.SharingRequest
		s.apiJSON("POST", "/api/v1/sharing-requests", "jiaoyu", body(cond.ID, purpose, basis), &r)
		// Received Thursday 26 November 2026: ten working days later is Thursday 10 December.
		if r.Status != domain.SharingSubmitted || r.ProviderName != "区卫生健康委员会" || r.DueDate.Format("2006-01-02") != "2026-12-10" {
			t.Fatalf("created %+v", r)
		}
		path := fmt.Sprintf("/api/v1/sharing-requests/%d", r.ID)
		answer := func(v int64, extra string) string { return fmt.Sprintf(`{"version":%d,%s}`, v, extra) }
		runAPICases(t, s, []apiCase{
			{name: "the provider reads it", method: "GET", path: path, actor: "weijian", want: 200, has: []string{purpose}},
			{name: "the office reads it", method: "GET", path: path, actor: "office", want: 200},
			{name: "a third unit does not", method: "GET", path: path, actor: "yuanhe", want: 404},
			{name: "a third unit cannot answer", method: "POST", path: path + "/answer", actor: "yuanhe", body: answer(1, `"action":"approve","scope":"按月"`), want: 404},
			{name: "the requester does not answer itself", method: "POST", path: path + "/answer", actor: "jiaoyu", body: answer(1, `"action":"approve","scope":"按月"`), want: 403},
			{name: "the provider does not withdraw", method: "POST", path: path + "/withdraw", actor: "weijian", body: `{"version":1}`, want: 403},
			{name: "approval without scope", method: "POST", path: path + "/answer", actor: "weijian", body: answer(1, `"action":"approve"`), want: 422, has: []string{`"field":"scope"`}},
			{name: "refusal without reason", method: "POST", path: path + "/answer", actor: "weijian", body: answer(1, `"action":"refuse"`), want: 422, has: []string{`"field":"refusal_reason"`}},
			{name: "stale version", method: "POST", path: path + "/answer", actor: "weijian", body: answer(7, `"action":"approve","scope":"按月"`), want: 409},
			{name: "mine lists it", method: "GET", path: fmt.Sprintf("/api/v1/sharing-requests?tab=mine&entry_id=%d", cond.ID), actor: "jiaoyu", want: 200, has: []string{purpose}},
			{name: "to answer does not", method: "GET", path: fmt.Sprintf("/api/v1/sharing-requests?tab=answer&entry_id=%d", cond.ID), actor: "jiaoyu", want: 200, hasNot: []string{purpose}},
			{name: "the provider's to answer does", method: "GET", path: fmt.Sprintf("/api/v1/sharing-requests?tab=answer&status=submitted&entry_id=%d", cond.ID), actor: "weijian_head", want: 200, has: []string{purpose}},
		})
		var ans domain.SharingRequest
		s.apiJSON("POST", path+"/answer", "weijian", answer(1, `"action":"approve","scope":"按月通过共享平台接口获取","valid_until":"2027-12-31T00:00:00Z"`), &ans)
		if ans.Status != domain.SharingApproved || ans.Scope == "" || ans.ValidUntil.Year() != 2027 {
			t.Fatalf("approved %+v", ans)
		}
		runAPICases(t, s, []apiCase{
			{name: "answer twice", method: "POST", path: path + "/answer", actor: "weijian", body: answer(2, `"action":"refuse","refusal_reason":"改变主意"`), want: 409, has: []string{"已同意"}},
			{name: "withdraw after the answer", method: "POST", path: path + "/withdraw", actor: "jiaoyu", body: `{"version":2}`, want: 409},
			{name: "history", method: "GET", path: path + "/history", actor: "jiaoyu", want: 200, has: []string{"sharing.create", "sharing.approve"}},
			{name: "history of a third unit", method: "GET", path: path + "/history", actor: "yuanhe", want: 404},
		})
		var w domain.SharingRequest
		s.apiJSON("POST", "/api/v1/sharing-requests", "jiaoyu", body(cond.ID, purpose, basis), &w)
		s.apiJSON("POST", fmt.Sprintf("/api/v1/sharing-requests/%d/withdraw", w.ID), "jiaoyu", `{"version":1}`, &w)
		if w.Status != domain.SharingWithdrawn {
			t.Fatalf("withdrawn %+v", w)
		}
	})
}

func TestSharingPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		cond := s.sharingEntry("出生医学证明页面测试", domain.ShareConditional)
		none := s.sharingEntry("预防接种页面测试", domain.ShareNone)
		free := s.sharingEntry("医疗机构名录页面测试", domain.ShareUnconditional)
		jy, wj := s.login("jiaoyu"), s.login("weijian")

		// The catalog entry page: a button for another unit's 有条件共享 entry, none on one's own,
		// "no request needed" for 无条件共享, the basis for 不予共享.
		page := jy.get(fmt.Sprintf("/catalog/%d", cond.ID))
		if !strings.Contains(page.text(), fmt.Sprintf(`href="/sharing/new?entry=%d"`, cond.ID)) {
			t.Fatalf("entry page lacks the request button:\n%s", page.body)
		}
		if strings.Contains(wj.get(fmt.Sprintf("/catalog/%d", cond.ID)).text(), "/sharing/new?entry=") {
			t.Fatal("the provider is offered to request its own entry")
		}
		if p := jy.get(fmt.Sprintf("/catalog/%d", free.ID)).text(); !strings.Contains(p, "无需申请") || strings.Contains(p, "/sharing/new?entry=") {
			t.Fatal("an unconditional entry's page does not say no request is needed")
		}
		if p := jy.get(fmt.Sprintf("/catalog/%d", none.ID)).text(); !strings.Contains(p, "个人信息保护法") || strings.Contains(p, "/sharing/new?entry=") {
			t.Fatal("a 不予共享 entry's page does not show its basis")
		}
		// Asking anyway shows why not.
		got := jy.get(fmt.Sprintf("/sharing/new?entry=%d", none.ID))
		mustStatus(t, "form for a 不予共享 entry", got, 422)
		if !strings.Contains(got.text(), "个人信息保护法") || strings.Contains(got.text(), `name="purpose"`) {
			t.Fatalf("form for a 不予共享 entry:\n%s", got.body)
		}

		form := jy.get(fmt.Sprintf("/sharing/new?entry=%d", cond.ID))
		mustStatus(t, "request form", form, 200)
		if !strings.Contains(form.text(), "新生儿姓名") || strings.Contains(form.text(), `value="母亲身份证号"`) {
			t.Fatalf("the form offers the wrong items:\n%s", form.body)
		}
		vals := url.Values{"csrf": {jy.csrf}, "entry_id": {fmt.Sprint(cond.ID)}, "requester_unit_id": {fmt.Sprint(s.unit(cloudUnitEdu).ID)},
			"purpose": {"入学适龄儿童出生信息核验"}, "basis": {""}, "items": {"新生儿姓名"}}
		bad := jy.post("/sharing/new", vals)
		mustAnswer(t, "no basis", bad, 422, "请写明使用数据的法律或政策依据", "入学适龄儿童出生信息核验")
		vals.Set("basis", "《江苏省政务数据共享管理办法》第十二条")
		ok := jy.post("/sharing/new", vals)
		id := createdID(t, "create", ok, "/sharing/")
		detail := jy.get(fmt.Sprintf("/sharing/%d", id))
		mustContain(t, "requester's detail", detail, "待答复", "2026年12月10日", "剩余10个工作日", `action="/sharing/`+fmt.Sprint(id)+`/withdraw"`, "data-confirm")
		if strings.Contains(detail.text(), `id="answer"`) {
			t.Fatal("the requester is offered the answer form")
		}
		// Another unit sees nothing.
		yh := s.login("yuanhe")
		mustStatus(t, "a third unit's page", yh.get(fmt.Sprintf("/sharing/%d", id)), 404)
		mustStatus(t, "a third unit answers", yh.post(fmt.Sprintf("/sharing/%d/answer", id), url.Values{"csrf": {yh.csrf}, "version": {"1"}, "action": {"approve"}, "scope": {"x"}}), 404)
		mustStatus(t, "the requester answers", jy.post(fmt.Sprintf("/sharing/%d/answer", id), url.Values{"csrf": {jy.csrf}, "version": {"1"}, "action": {"approve"}, "scope": {"x"}}), 403)

		// The provider: to-do, list, answer form; a refusal without reason is a field error.
		home := wj.get("/")
		if !strings.Contains(home.text(), "项共享申请待答复") {
			t.Fatalf("the provider's home lacks the to-do:\n%s", home.body)
		}
		list := wj.get("/sharing?tab=answer&status=submitted")
		if !strings.Contains(list.text(), fmt.Sprintf(`href="/sharing/%d"`, id)) || !strings.Contains(list.text(), "待我答复") {
			t.Fatalf("the provider's list lacks request %d:\n%s", id, list.body)
		}
		if strings.Contains(jy.get("/sharing?tab=answer").text(), fmt.Sprintf(`href="/sharing/%d"`, id)) {
			t.Fatal("the requester's 待我答复 lists its own request")
		}
		pd := wj.get(fmt.Sprintf("/sharing/%d", id))
		if !strings.Contains(pd.text(), `id="answer"`) || strings.Contains(pd.text(), "/withdraw") {
			t.Fatalf("provider's detail:\n%s", pd.body)
		}
		bad = wj.post(fmt.Sprintf("/sharing/%d/answer", id), url.Values{"csrf": {wj.csrf}, "version": {"1"}, "action": {"refuse"}})
		mustAnswer(t, "refusal without reason", bad, 422, "不予同意须说明理由")
		mustStatus(t, "approve", wj.post(fmt.Sprintf("/sharing/%d/answer", id), url.Values{"csrf": {wj.csrf}, "version": {"1"}, "action": {"approve"},
			"scope": {"按月通过共享平台接口获取"}, "scope_items": {"新生儿姓名"}, "valid_until": {"2027-06-30"}}), 303)
		mustStatus(t, "answer twice", wj.post(fmt.Sprintf("/sharing/%d/answer", id), url.Values{"csrf": {wj.csrf}, "version": {"2"}, "action": {"refuse"}, "refusal_reason": {"x"}}), 409)
		mustStatus(t, "withdraw after the answer", jy.post(fmt.Sprintf("/sharing/%d/withdraw", id), url.Values{"csrf": {jy.csrf}, "version": {"2"}}), 409)
		detail = jy.get(fmt.Sprintf("/sharing/%d", id))
		mustContain(t, "detail after the answer", detail, "已同意", "按月通过共享平台接口获取", "2027年6月30日", "同意共享申请", "提交共享申请")

		// Escalation: the demo's overdue requests of the health commission reach its 责任人 and
		// the office as to-dos; the escalation run writes its records once.
		if _, err := s.svc.EscalateOverdue(s.ctx, s.svc.Now()); err != nil {
			t.Fatal(err)
		}
		n, err := s.svc.CountSharingRequests(s.ctx, app.SystemActor(), store.SharingFilter{Escalated: true, ProviderIn: []int64{s.unit(cloudUnitHealth).ID}})
		if err != nil || n == 0 {
			t.Fatalf("escalated requests of the health commission: %d (%v)", n, err)
		}
		head := s.login("weijian_head")
		if h := head.get("/").text(); !strings.Contains(h, fmt.Sprintf("%d项共享申请逾期未答复", n)) {
			t.Fatalf("the 责任人's home lacks the overdue to-do (%d):\n%s", n, h)
		}
		office := s.login("office")
		if h := office.get("/").text(); !strings.Contains(h, "项共享申请逾期未答复") {
			t.Fatalf("the office's home lacks the overdue to-do:\n%s", h)
		}
		ol := office.get("/sharing?overdue=1")
		if !strings.Contains(ol.text(), "已督办") || !strings.Contains(ol.text(), "逾期") {
			t.Fatalf("the office's overdue list:\n%s", ol.body)
		}
		if strings.Contains(office.get("/").text(), `id="sharing-tabs"`) {
			t.Fatal("tabs on the home page")
		}

		// English.
		jy.setLang("en")
		en := jy.get(fmt.Sprintf("/sharing/%d", id))
		mustContain(t, "English detail", en, "Approved", "Approve sharing request", "Answer due")
		mustStatus(t, "missing request", jy.get("/sharing/99999999"), 404)
	})
}
