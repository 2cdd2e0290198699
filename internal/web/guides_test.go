package web_test

// The annual declaration guide (FLOW-1) through the web: the office drafts a guide on the form
// (requirements table included), publishes it from its page, units read it; the same through
// the JSON API with its refusals.

import (
	"fmt"
	"net/url"
	"testing"

	"archgov/internal/domain"
)

func TestGuidePages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		office := s.login("office")
		form := office.get("/guides/new")
		mustAnswer(t, "the new guide form", form, 200, "ENV-R1", "不新建、扩建、改造机房", `name="item_clause"`)

		// Refused: no title, a window that ends before it starts, a bad clause — all at once, and
		// what was typed stays on the form.
		bad := url.Values{"csrf": {office.csrf}, "year": {"2027"}, "title": {""}, "window_start": {"2026-12-20"}, "window_end": {"2026-12-01"},
			"item_clause": {"ENV-R1", "XX-9"}, "item_text": {"不新建机房", "自拟要求"}, "item_mandatory": {"0"}}
		r := office.post("/guides/new", bad)
		mustAnswer(t, "a refused guide", r, 422, "标题", "申报截止日期不能早于开始日期", "条款编号“XX-9”无效或重复", `value="自拟要求"`)

		good := url.Values{"csrf": {office.csrf}, "year": {"2029"}, "title": {"2029年度政务信息化项目申报指南"},
			"window_start": {"2026-12-01"}, "window_end": {"2026-12-31"}, "requirements": {"各单位按时申报"},
			"item_clause": {"ENV-R1", "SHR-R3", ""}, "item_text": {"不新建机房", "预编目录", ""}, "item_mandatory": {"0", "1"}}
		id := createdID(t, "create guide", office.post("/guides/new", good), "/guides/")
		page := office.get(fmt.Sprintf("/guides/%d", id))
		mustAnswer(t, "the draft's page", page, 200, "2029年度政务信息化项目申报指南", "草稿", "SHR-R3", "预编目录", "发布")

		// A unit does not see the draft.
		weijian := s.login("weijian")
		mustStatus(t, "a unit opening a draft", weijian.get(fmt.Sprintf("/guides/%d", id)), 404)

		// Publishing from the page; the unit then reads it, and nobody edits it.
		mustRedirect(t, "publish", office.post(fmt.Sprintf("/guides/%d/steps/publish", id), url.Values{"csrf": {office.csrf}, "version": {"1"}}), fmt.Sprintf("/guides/%d", id))
		mustAnswer(t, "the unit reads the published guide", weijian.get(fmt.Sprintf("/guides/%d", id)), 200, "已发布", "预编目录")
		mustAnswer(t, "the unit's guide list", weijian.get("/guides?year=2029"), 200, "2029年度政务信息化项目申报指南", "共1条")
		mustStatus(t, "editing a published guide", office.get(fmt.Sprintf("/guides/%d/edit", id)), 409)
		mustStatus(t, "a unit's new-guide form", weijian.get("/guides/new"), 403)
	})
}

func TestGuideAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		var g domain.Guide
		s.apiJSON("POST", "/api/v1/guides", "office", `{"year":2028,"title":"2028年度指南"}`, &g)
		if g.Revision != 1 || g.Status != domain.GuideDraft || len(g.Items) == 0 {
			t.Fatalf("created: %+v", g)
		}
		path := fmt.Sprintf("/api/v1/guides/%d", g.ID)
		s.wantAPIError(s.api("GET", path, "weijian", ""), 404, "not_found", "", "a unit reading a draft")
		s.wantAPIError(s.api("POST", "/api/v1/guides", "weijian", `{"year":2028,"title":"x"}`), 403, "forbidden", "", "a unit drafting")

		// Publishing without a window names both dates.
		r := s.api("POST", path+"/transition", "office", fmt.Sprintf(`{"action":"publish","version":%d}`, g.Version))
		s.wantAPIError(r, 422, "invalid", "window_start", "publish without a window")
		mustContain(t, "publish without a window", r, "window_end")

		s.apiJSON("PATCH", path, "office", fmt.Sprintf(`{"version":%d,"window_start":"2027-12-01T00:00:00+08:00","window_end":"2027-12-31T00:00:00+08:00"}`, g.Version), &g)
		if g.WindowStart.Format("2006-01-02") != "2027-12-01" || g.WindowEnd.Format("2006-01-02") != "2027-12-31" {
			t.Fatalf("window after the edit: %v – %v", g.WindowStart, g.WindowEnd)
		}
		stale := fmt.Sprintf(`{"action":"publish","version":%d}`, g.Version-1)
		s.wantAPIError(s.api("POST", path+"/transition", "office", stale), 409, "conflict", "", "a stale publish")
		s.apiJSON("POST", path+"/transition", "office", fmt.Sprintf(`{"action":"publish","version":%d}`, g.Version), &g)
		if g.Status != domain.GuidePublished {
			t.Fatalf("published: %s", g.Status)
		}
		s.wantAPIError(s.api("POST", path+"/transition", "office", fmt.Sprintf(`{"action":"publish","version":%d}`, g.Version)), 409, "conflict", "", "publishing twice")

		var rev domain.Guide
		s.apiJSON("POST", path+"/transition", "office", fmt.Sprintf(`{"action":"revise","version":%d}`, g.Version), &rev)
		if rev.Revision != 2 || rev.Status != domain.GuideDraft {
			t.Fatalf("revision: %+v", rev)
		}
		var list struct{ Items []domain.Guide }
		s.apiJSON("GET", "/api/v1/guides?year=2028", "weijian", "", &list)
		if len(list.Items) != 1 || list.Items[0].ID != g.ID {
			t.Fatalf("a unit lists %+v, want the published revision only", list.Items)
		}
		s.apiJSON("GET", "/api/v1/guides?year=2028", "office", "", &list)
		if len(list.Items) != 2 || list.Items[0].ID != rev.ID {
			t.Fatalf("the office lists %d revisions, newest first", len(list.Items))
		}
	})
}
