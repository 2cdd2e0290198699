package web_test

// The inbox (ORG-4) through the pages and the JSON API: a data-correction report of 区教育局
// (jiaoyu) on 卫健委's data reaches weijian (联系人) and weijian_head (责任人).

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"archgov/internal/domain"
)

func TestInbox(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		body := fmt.Sprintf(`{"reporter_unit_id":%d,"entry_id":%d,"kind":"missing","data_item":"姓名","description":"缺少部分出生医学证明记录"}`,
			s.unit(cloudUnitEdu).ID, s.fbHealthEntryID())
		var f domain.Feedback
		s.apiJSON("POST", "/api/v1/feedback", "jiaoyu", body, &f)

		// The API: weijian's unread notifications name the report; the count agrees.
		var page struct {
			Items      []domain.Notification
			NextCursor string `json:"next_cursor"`
		}
		s.apiJSON("GET", "/api/v1/inbox?unread=1&limit=200", "weijian", "", &page)
		var n *domain.Notification
		for i := range page.Items {
			if it := &page.Items[i]; it.Event == "feedback_reported" && it.EntityID == f.ID {
				n = it
			}
		}
		if n == nil || n.Link != fmt.Sprintf("/feedback/%d", f.ID) || !strings.Contains(n.Text, "提出数据纠错") {
			t.Fatalf("weijian's inbox: %+v", page.Items)
		}
		var count struct{ Count int }
		s.apiJSON("GET", "/api/v1/inbox/unread-count", "weijian", "", &count)
		if count.Count != len(page.Items) {
			t.Errorf("unread count %d, list %d", count.Count, len(page.Items))
		}
		s.apiJSON("GET", "/api/v1/inbox?limit=1", "weijian", "", &page)
		if len(page.Items) != 1 || (count.Count > 1 && page.NextCursor == "") {
			t.Errorf("first page of one: %d items, cursor %q", len(page.Items), page.NextCursor)
		}
		mustStatus(t, "bad cursor", s.api("GET", "/api/v1/inbox?cursor=!!!", "weijian", ""), http.StatusBadRequest)

		// Another user's notification does not exist for them.
		read := fmt.Sprintf("/api/v1/inbox/%d/read", n.ID)
		s.wantAPIError(s.api("POST", read, "jiaoyu", ""), 404, "not_found", "", "another user marks it read")
		s.wantAPIError(s.api("POST", read, "weijian_head", ""), 404, "not_found", "", "a colleague marks it read")
		mustStatus(t, "no token", s.api("POST", read, "", ""), http.StatusUnauthorized)

		// The page: the badge in the top bar, the list with its total, unread rows bold.
		b := s.login("weijian")
		home := b.get("/")
		mustContain(t, "badge", home, `href="/inbox"`, fmt.Sprintf(`<b>%d</b>`, count.Count))
		inbox := b.get("/inbox")
		mustContain(t, "inbox page", inbox, "共", "提出数据纠错", "<b>", "标为已读", "全部标为已读", fmt.Sprintf(`/inbox/%d/open`, n.ID))
		mustContain(t, "unread filter", b.get("/inbox?unread=1"), "提出数据纠错")

		// Opening the link marks it read and goes to the record; another user's is 404.
		r := b.get(fmt.Sprintf("/inbox/%d/open", n.ID))
		mustRedirect(t, "open", r, fmt.Sprintf("/feedback/%d", f.ID))
		var after domain.Notification
		s.apiJSON("POST", read, "weijian", "", &after)
		if after.ReadAt.IsZero() || after.Text == "" {
			t.Errorf("after open: %+v", after)
		}
		other := s.login("jiaoyu")
		mustStatus(t, "jiaoyu opens weijian's", other.get(fmt.Sprintf("/inbox/%d/open", n.ID)), http.StatusNotFound)
		mustStatus(t, "jiaoyu marks weijian's", other.post(fmt.Sprintf("/inbox/%d/read", n.ID), url.Values{"csrf": {other.csrf}}), http.StatusNotFound)

		// Mark all read: a form with CSRF, back to the page with a flash; the badge is zero.
		mustStatus(t, "no csrf", b.post("/inbox/read-all", url.Values{}), http.StatusForbidden)
		r = b.post("/inbox/read-all", url.Values{"csrf": {b.csrf}, "back": {"/inbox?unread=1&flash=flash.saved"}})
		mustRedirect(t, "read all", r, "/inbox?unread=1&flash=flash.inbox.all_read")
		s.apiJSON("GET", "/api/v1/inbox/unread-count", "weijian", "", &count)
		if count.Count != 0 {
			t.Errorf("unread after read all: %d", count.Count)
		}
		mustContain(t, "zero badge", b.get("/inbox"), `<b class="zero">0</b>`)
		s.apiJSON("GET", "/api/v1/inbox/unread-count", "weijian_head", "", &count)
		if count.Count == 0 {
			t.Error("weijian's read-all emptied weijian_head's inbox")
		}
		var all struct{ Count int }
		s.apiJSON("POST", "/api/v1/inbox/read-all", "weijian_head", "", &all)
		if all.Count != count.Count {
			t.Errorf("read-all marked %d, unread was %d", all.Count, count.Count)
		}
	})
}

func TestUserEmail(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		wj := s.user("weijian").ID
		path := fmt.Sprintf("/api/v1/users/%d/email", wj)
		s.wantAPIError(s.api("PUT", path, "weijian", `{"email":"not an address"}`), 422, "invalid", "email", "a bad address")
		s.wantAPIError(s.api("PUT", path, "weijian", `{"email":"`+strings.Repeat("a", 190)+`@example.gov.cn"}`), 422, "invalid", "email", "a long address")
		s.wantAPIError(s.api("PUT", path, "jiaoyu", `{"email":"x@example.gov.cn"}`), 404, "not_found", "", "another unit's account")
		var got struct{ Email string }
		s.apiJSON("PUT", path, "weijian", `{"email":" chu@weijian.example.gov.cn "}`, &got)
		if got.Email != "chu@weijian.example.gov.cn" {
			t.Fatalf("set %q", got.Email)
		}
		b := s.login("weijian")
		mustContain(t, "profile", b.get("/profile"), `value="chu@weijian.example.gov.cn"`)
		r := b.post("/profile/email", url.Values{"csrf": {b.csrf}, "email": {"bad"}})
		mustAnswer(t, "profile bad address", r, http.StatusUnprocessableEntity, "正确的电子邮箱")
		mustRedirect(t, "profile", b.post("/profile/email", url.Values{"csrf": {b.csrf}, "email": {"jia@weijian.example.gov.cn"}}), "/profile?flash=flash.saved")
		admin := s.login("sysadmin")
		mustContain(t, "user page", admin.get(fmt.Sprintf("/users/%d", wj)), "jia@weijian.example.gov.cn", "电子邮箱")
		mustRedirect(t, "admin sets", admin.post(fmt.Sprintf("/users/%d/email", wj), url.Values{"csrf": {admin.csrf}, "email": {""}}), fmt.Sprintf("/users/%d?flash=flash.saved", wj))
		s.apiJSON("PUT", path, "sysadmin", `{"email":""}`, &got)
	})
}
