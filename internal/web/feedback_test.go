package web_test

// Data-correction feedback (SHR-R6) through the JSON API and the pages, on the demo district:
// 区教育局 (jiaoyu) reports on data of 区卫生健康委员会 (weijian answers for it; weijian_head is
// its 责任人); 元和街道 (yuanhe) is a third unit.

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// fbHealthEntryID is a published entry of 卫健委 with the data items 公民身份号码, 姓名 …
func (s *site) fbHealthEntryID() int64 {
	s.t.Helper()
	id, err := s.svc.DB().Read().CatalogIDByName(s.ctx, s.unit(cloudUnitHealth).ID, "出生医学证明信息")
	if err != nil {
		s.t.Fatal(err)
	}
	return id
}

func (s *site) fbList(path string) []domain.Feedback {
	s.t.Helper()
	var list struct{ Items []domain.Feedback }
	s.apiJSON("GET", path, "office", "", &list)
	return list.Items
}

func TestAPIFeedback(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		entry := s.fbHealthEntryID()
		edu := s.unit(cloudUnitEdu).ID
		body := func(item, desc string) string {
			return fmt.Sprintf(`{"reporter_unit_id":%d,"entry_id":%d,"kind":"missing","data_item":%q,"description":%q,"sample_ref":"学籍号 G001"}`, edu, entry, item, desc)
		}
		s.wantAPIError(s.api("POST", "/api/v1/feedback", "jiaoyu", body("姓名", "")), 422, "invalid", "description", "no description")
		s.wantAPIError(s.api("POST", "/api/v1/feedback", "jiaoyu", body("迁入日期", "缺少数据")), 422, "invalid", "data_item", "unknown data item")
		s.wantAPIError(s.api("POST", "/api/v1/feedback", "weijian", body("姓名", "缺少数据")), 403, "forbidden", "", "reporting for another unit")
		lib := fmt.Sprintf(`{"reporter_unit_id":%d,"library":"population","kind":"outdated","description":"地址过时"}`, edu)
		var lf domain.Feedback
		s.apiJSON("POST", "/api/v1/feedback", "jiaoyu", lib, &lf)
		if lf.ProviderName != "苏州市公安局相城分局" || lf.Library != domain.LibPopulation {
			t.Fatalf("library report went to %q", lf.ProviderName)
		}
		s.wantAPIError(s.api("POST", "/api/v1/feedback", "jiaoyu", strings.Replace(lib, "population", "moon", 1)), 422, "invalid", "library", "unknown library")

		var f domain.Feedback
		s.apiJSON("POST", "/api/v1/feedback", "jiaoyu", body("姓名", "新生儿入学登记时缺少部分出生医学证明记录"), &f)
		if f.ID == 0 || f.Status != domain.FbSubmitted || f.ProviderName != "区卫生健康委员会" || f.DueDate.IsZero() {
			t.Fatalf("created %+v", f)
		}
		path := fmt.Sprintf("/api/v1/feedback/%d", f.ID)
		s.wantAPIError(s.api("GET", path, "yuanhe", ""), 404, "not_found", "", "a third unit reads")
		s.wantAPIError(s.api("POST", path+"/acknowledge", "yuanhe", `{"version":1}`), 404, "not_found", "", "a third unit acts")
		s.wantAPIError(s.api("POST", path+"/acknowledge", "jiaoyu", `{"version":1}`), 403, "forbidden", "", "the reporter acknowledges")
		s.wantAPIError(s.api("POST", path+"/fix", "weijian", `{"version":1,"note":"已修正"}`), 409, "conflict", "", "fix before acknowledging")
		s.wantAPIError(s.api("POST", path+"/acknowledge", "weijian", `{"version":9}`), 409, "conflict", "", "stale version")
		s.apiJSON("POST", path+"/acknowledge", "weijian", `{"version":1}`, &f)
		s.wantAPIError(s.api("POST", path+"/fix", "weijian", `{"version":2}`), 422, "invalid", "note", "fix without a note")
		s.wantAPIError(s.api("POST", path+"/fix", "jiaoyu", `{"version":2,"note":"自己改"}`), 403, "forbidden", "", "the reporter fixes")
		s.apiJSON("POST", path+"/fix", "weijian", `{"version":2,"note":"已补录"}`, &f)
		if f.Status != domain.FbFixed || f.ProviderNote != "已补录" || f.AnsweredAt.IsZero() {
			t.Fatalf("fixed %+v", f)
		}
		s.wantAPIError(s.api("POST", path+"/reopen", "jiaoyu", `{"version":3}`), 422, "invalid", "reason", "reopen without a reason")
		s.apiJSON("POST", path+"/reopen", "jiaoyu", `{"version":3,"reason":"仍有缺失"}`, &f)
		if f.Status != domain.FbSubmitted || f.Reopens != 1 {
			t.Fatalf("reopened %+v", f)
		}
		s.apiJSON("POST", path+"/acknowledge", "weijian", `{"version":4}`, &f)
		s.wantAPIError(s.api("POST", path+"/dispute", "weijian", `{"version":5,"note":"not the field"}`), 422, "invalid", "reason", "dispute without a reason")
		s.apiJSON("POST", path+"/dispute", "weijian", `{"version":5,"reason":"按月汇交"}`, &f)
		s.apiJSON("POST", path+"/confirm", "jiaoyu", `{"version":6}`, &f)
		if f.Status != domain.FbConfirmed || f.Resolution != domain.FbDisputed {
			t.Fatalf("confirmed %+v", f)
		}
		s.wantAPIError(s.api("POST", path+"/reopen", "jiaoyu", `{"version":7,"reason":"再开"}`), 409, "conflict", "", "reopen a closed case")

		var hist struct{ Items []map[string]any }
		s.apiJSON("GET", path+"/history", "jiaoyu", "", &hist)
		if len(hist.Items) != 7 {
			t.Fatalf("history has %d records, want 7", len(hist.Items))
		}

		// Lists: by box, scoped; a third unit never sees the case.
		var list struct {
			Items      []domain.Feedback
			NextCursor string `json:"next_cursor"`
		}
		has := func(actor, q string) bool {
			s.apiJSON("GET", "/api/v1/feedback?limit=200&"+q, actor, "", &list)
			for _, x := range list.Items {
				if x.ID == f.ID {
					return true
				}
			}
			return false
		}
		if !has("jiaoyu", "box=reported") || has("jiaoyu", "box=todo") || !has("weijian", "") || has("yuanhe", "") || !has("office", "status=confirmed") {
			t.Fatal("the case is listed in the wrong boxes")
		}
		// Answered cases wait for their reporter: its box and its to-do (SHR-R6 closes the loop).
		if has("jiaoyu", "box=confirm") {
			t.Fatal("a confirmed case still waits for confirmation")
		}
		waiting := 0
		for _, who := range []string{"weijian", "jiaoyu", "yuanhe"} {
			s.apiJSON("GET", "/api/v1/feedback?limit=200&box=confirm", who, "", &list)
			for _, x := range list.Items {
				if x.Status != domain.FbFixed && x.Status != domain.FbDisputed {
					t.Errorf("%s's box=confirm lists a case %s", who, x.Status)
				}
			}
			waiting += len(list.Items)
			home := s.login(who).get("/")
			if shows := strings.Contains(home.text(), "待确认"); shows != (len(list.Items) > 0) {
				t.Errorf("%s: %d cases to confirm, to-do shown %v", who, len(list.Items), shows)
			}
		}
		if waiting == 0 {
			t.Error("no demo case waits for its reporter's confirmation")
		}
		s.apiJSON("GET", "/api/v1/feedback?limit=200&box=todo", "weijian", "", &list)
		for _, x := range list.Items {
			if x.ProviderName != "区卫生健康委员会" || !x.Status.WithProvider() {
				t.Fatalf("weijian's to-do lists %+v", x)
			}
		}
		s.apiJSON("GET", "/api/v1/feedback?limit=200&overdue=1", "office", "", &list)
		if len(list.Items) < 1 {
			t.Fatal("no overdue demo case")
		}
		for _, x := range list.Items {
			if !x.Status.WithProvider() {
				t.Fatalf("overdue list has %d in %s", x.ID, x.Status)
			}
		}
		s.wantAPIError(s.api("GET", "/api/v1/feedback?status=nope", "office", ""), 422, "invalid", "status", "bad status filter")

		// Statistics: every provider for the office, the own line for a unit.
		var stats struct{ Items []app.FeedbackStats }
		s.apiJSON("GET", "/api/v1/feedback/stats", "office", "", &stats)
		if len(stats.Items) < 5 {
			t.Fatalf("office sees %d provider lines", len(stats.Items))
		}
		s.apiJSON("GET", "/api/v1/feedback/stats", "weijian", "", &stats)
		if len(stats.Items) != 1 || stats.Items[0].ProviderName != "区卫生健康委员会" || stats.Items[0].Reported < 2 {
			t.Fatalf("weijian's stats %+v", stats.Items)
		}
		s.wantAPIError(s.api("GET", "/api/v1/feedback/stats?from=2026-13-01", "office", ""), 422, "invalid", "from", "bad date")
		raw := s.api("GET", "/api/v1/feedback/stats?from=2026-11-26&to=2026-11-26", "office", "")
		var m map[string][]map[string]any
		// Today: this test's entry report to 卫健委 (closed after a dispute) and its library report to 公安分局.
		if err := json.Unmarshal(raw.body, &m); err != nil || len(m["items"]) != 2 || m["items"][0]["provider_name"] != "区卫生健康委员会" ||
			m["items"][0]["reported"] != float64(1) || m["items"][0]["fix_rate"] != float64(0) || m["items"][1]["avg_response_days"] != nil {
			t.Fatalf("stats of today: %s", raw.body)
		}
	})
}

func TestFeedbackPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		entry := s.fbHealthEntryID()
		// To-dos: the provider's contact sees the open cases, its 责任人 and the office the
		// overdue ones (the demo has one of 卫健委's overdue).
		for who, want := range map[string]string{"weijian": "条数据纠错待处理", "weijian_head": "条数据纠错逾期", "office": "条数据纠错逾期"} {
			home := s.login(who).get("/")
			if !strings.Contains(home.text(), want) {
				t.Errorf("%s's home lacks %q", who, want)
			}
		}

		// The button on the entry page, for another unit only.
		jy := s.login("jiaoyu")
		ep := jy.get(fmt.Sprintf("/catalog/%d", entry))
		mustAnswer(t, "entry page", ep, 200, fmt.Sprintf(`href="/feedback/new?entry=%d"`, entry))
		wj := s.login("weijian")
		if strings.Contains(wj.get(fmt.Sprintf("/catalog/%d", entry)).text(), `id="report-feedback"`) {
			t.Fatal("the provider gets the 数据纠错 button on its own entry")
		}
		if !strings.Contains(jy.get("/").text(), `href="/feedback"`) {
			t.Fatal("nav lacks 数据纠错")
		}

		// The form: the entry's data items to choose from; a missing description is a field error.
		form := jy.get(fmt.Sprintf("/feedback/new?entry=%d", entry))
		mustAnswer(t, "form", form, 200, `<option value="姓名"`, "请勿填写身份证号")
		vals := url.Values{"csrf": {jy.csrf}, "entry_id": {fmt.Sprint(entry)}, "reporter_unit_id": {fmt.Sprint(s.unit(cloudUnitEdu).ID)},
			"kind": {"outdated"}, "data_item": {"姓名"}, "description": {""}, "sample_ref": {"学籍号 G002"}}
		bad := jy.post("/feedback/new", vals)
		mustAnswer(t, "no description", bad, 422, "必填", `value="学籍号 G002"`)
		vals.Set("description", "姓名含生僻字显示为问号")
		ok := jy.post("/feedback/new", vals)
		id := createdID(t, "create", ok, "/feedback/")
		page := fmt.Sprintf("/feedback/%d", id)

		mustStatus(t, "a third unit's page", s.login("yuanhe").get(page), 404)
		d := wj.get(page)
		if !strings.Contains(d.text(), "姓名含生僻字显示为问号") || !strings.Contains(d.text(), `id="step-acknowledge"`) || strings.Contains(d.text(), `id="step-confirm"`) {
			t.Fatalf("provider's detail:\n%s", d.body)
		}
		if strings.Contains(jy.get(page).text(), `id="step-acknowledge"`) {
			t.Fatal("the reporter gets the provider's form")
		}
		mustStatus(t, "the reporter fixes", jy.post(page+"/steps/fix", url.Values{"csrf": {jy.csrf}, "version": {"1"}, "note": {"x"}}), 403)
		mustStatus(t, "acknowledge", wj.post(page+"/steps/acknowledge", url.Values{"csrf": {wj.csrf}, "version": {"1"}}), 303)
		bad = wj.post(page+"/steps/fix", url.Values{"csrf": {wj.csrf}, "version": {"2"}, "note": {" "}})
		mustAnswer(t, "fix without a note", bad, 422, `class="field-error"`)
		mustStatus(t, "fix", wj.post(page+"/steps/fix", url.Values{"csrf": {wj.csrf}, "version": {"2"}, "note": {"已改用 GB 18030 编码"}}), 303)
		d = jy.get(page)
		if !strings.Contains(d.text(), `id="step-confirm"`) || !strings.Contains(d.text(), "data-confirm") || !strings.Contains(d.text(), "已改用 GB 18030 编码") ||
			!strings.Contains(d.text(), "受理数据纠错") {
			t.Fatalf("reporter's detail after the fix:\n%s", d.body)
		}
		mustStatus(t, "confirm", jy.post(page+"/steps/confirm", url.Values{"csrf": {jy.csrf}, "version": {"3"}}), 303)
		if !strings.Contains(jy.get(page).text(), "已确认关闭") {
			t.Fatal("the closed case does not say so")
		}

		// Lists and statistics.
		office := s.login("office")
		for _, p := range []string{"/feedback", "/feedback?overdue=1", "/feedback?box=todo", "/feedback?status=confirmed&provider_unit_id=" + fmt.Sprint(s.unit(cloudUnitHealth).ID)} {
			r := office.get(p)
			mustStatus(t, p, r, 200)
		}
		l := office.get("/feedback?overdue=1")
		if !strings.Contains(l.text(), "逾期") || !strings.Contains(l.text(), "出生医学证明信息") {
			t.Fatalf("overdue list:\n%s", l.body)
		}
		// The demo's overdue case of 卫健委 was escalated to its 责任人 谢宏伟 and the office.
		var overdue int64
		for _, f := range s.fbList("/api/v1/feedback?overdue=1&provider_unit_id=" + fmt.Sprint(s.unit(cloudUnitHealth).ID)) {
			overdue = f.ID
		}
		if d := office.get(fmt.Sprintf("/feedback/%d", overdue)); !strings.Contains(d.text(), "已督办至提供单位责任人（谢宏伟）和区信息办") {
			t.Fatalf("escalated case page:\n%s", d.body)
		}
		if l := jy.get("/feedback?box=reported"); !strings.Contains(l.text(), page) {
			t.Fatal("jiaoyu's reported list lacks the case")
		}
		st := office.get("/feedback/stats")
		mustAnswer(t, "stats", st, 200, "区卫生健康委员会", "区市场监督管理局", "修正率")
		own := wj.get("/feedback/stats")
		if !strings.Contains(own.text(), "区卫生健康委员会") || strings.Contains(own.text(), "区市场监督管理局") {
			t.Fatalf("weijian's stats page shows other providers:\n%s", own.body)
		}
	})
}
