package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/store"
)

var pdfBytes = []byte("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

func (s *site) weijianSystemID() int64 {
	p, err := s.svc.Systems(s.ctx, app.SystemActor(), store.SystemFilter{UnitID: s.unit("320507119").ID, Limit: 1})
	if err != nil || len(p.Items) == 0 {
		s.t.Fatalf("no system of 区卫健委: %v", err)
	}
	return p.Items[0].ID
}

func TestAttachmentsAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		sys := strconv.FormatInt(s.weijianSystemID(), 10)
		upload := func(actor, name string, content []byte) reply {
			body, ct := multipartBody(t, map[string]string{"entity_type": "system", "entity_id": sys}, name, content)
			return s.api("POST", "/api/v1/attachments", actor, body, "Content-Type", ct)
		}
		r := upload("weijian", "清理备案表.pdf", pdfBytes)
		mustStatus(t, "upload", r, http.StatusCreated)
		var att domain.Attachment
		if err := json.Unmarshal(r.body, &att); err != nil || att.SM3 != gm.SM3Hex(pdfBytes) || att.ContentType != "application/pdf" {
			t.Fatalf("upload answer %s (%v)", r.body, err)
		}
		aid := strconv.FormatInt(att.ID, 10)

		d := s.api("GET", "/api/v1/attachments/"+aid+"/content", "leader", "")
		if d.status != 200 || !bytes.Equal(d.body, pdfBytes) {
			t.Fatalf("download: %d", d.status)
		}
		for k, want := range map[string]string{
			"Content-Type":           "application/pdf",
			"X-Checksum-SM3":         att.SM3,
			"X-Content-Type-Options": "nosniff",
			"Content-Disposition":    "attachment; filename*=UTF-8''%E6%B8%85%E7%90%86%E5%A4%87%E6%A1%88%E8%A1%A8.pdf",
		} {
			if got := d.header.Get(k); got != want {
				t.Errorf("download header %s = %q, want %q", k, got, want)
			}
		}

		runAPICases(t, s, []apiCase{
			{name: "list as the unit", method: "GET", path: "/api/v1/attachments?entity_type=system&entity_id=" + sys, actor: "weijian_head", want: 200,
				has: []string{`"name":"清理备案表.pdf"`, `"sm3":"` + att.SM3 + `"`}},
			{name: "list as another bureau", method: "GET", path: "/api/v1/attachments?entity_type=system&entity_id=" + sys, actor: "jiaoyu", want: 404},
			{name: "describe as another bureau", method: "GET", path: "/api/v1/attachments/" + aid, actor: "jiaoyu", want: 404},
			{name: "download as another bureau", method: "GET", path: "/api/v1/attachments/" + aid + "/content", actor: "jiaoyu", want: 404},
			{name: "download as the sysadmin", method: "GET", path: "/api/v1/attachments/" + aid + "/content", actor: "sysadmin", want: 404},
			{name: "delete as another bureau", method: "DELETE", path: "/api/v1/attachments/" + aid, actor: "jiaoyu", want: 404},
			{name: "delete as the leader", method: "DELETE", path: "/api/v1/attachments/" + aid, actor: "leader", want: 403},
			{name: "list without entity id", method: "GET", path: "/api/v1/attachments?entity_type=system", actor: "weijian", want: 422, has: []string{`"field":"entity_id"`}},
		})

		for _, c := range []struct {
			actor, name string
			content     []byte
			status      int
			has         string
		}{
			{"weijian", "备案表.pdf", []byte("<html><script>alert(1)</script>"), 422, "不支持此文件类型"},
			{"weijian", "照片.pdf", []byte("\x89PNG\r\n\x1a\nxx"), 422, "与扩展名“.pdf”不符"},
			{"weijian", "", nil, 422, "请选择要上传的文件"},
			{"jiaoyu", "x.pdf", pdfBytes, 404, ""},
			{"leader", "x.pdf", pdfBytes, 403, ""},
		} {
			r := upload(c.actor, c.name, c.content)
			if r.status != c.status || !strings.Contains(r.text(), c.has) {
				t.Errorf("upload %q as %s: %d %s; want %d with %q", c.name, c.actor, r.status, r.body, c.status, c.has)
			}
		}
		// A body far over the limit is cut off before it is read to the end.
		big := bytes.Repeat([]byte{'x'}, 21<<20)
		if r := upload("weijian", "big.pdf", append(append([]byte{}, pdfBytes...), big...)); r.status != http.StatusRequestEntityTooLarge && r.status != 422 {
			t.Errorf("oversized upload: %d %s", r.status, r.body)
		}

		if r := s.api("DELETE", "/api/v1/attachments/"+aid, "weijian", ""); r.status != 200 {
			t.Errorf("delete: %d %s", r.status, r.body)
		}
		if r := s.api("GET", "/api/v1/attachments/"+aid, "weijian", ""); r.status != 404 {
			t.Errorf("after delete: %d", r.status)
		}
	})
}

func TestAttachmentsOnTheSystemPage(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		id := strconv.FormatInt(s.weijianSystemID(), 10)
		b := s.login("weijian")
		post := func(name string, content []byte) reply {
			return b.upload("/attachments", map[string]string{"csrf": b.csrf, "entity_type": "system", "entity_id": id, "back": "/systems/" + id}, name, content)
		}
		page := b.get("/systems/" + id)
		if !strings.Contains(page.text(), `action="/attachments"`) || !strings.Contains(page.text(), "暂无附件") {
			t.Fatalf("system page has no upload form:\n%s", page.body)
		}
		if r := post("验收报告.pdf", pdfBytes); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/systems/"+id) {
			t.Fatalf("upload: %d %s", r.status, r.header.Get("Location"))
		}
		page = b.get("/systems/" + id + "?flash=flash.attachment_added")
		if !strings.Contains(page.text(), "验收报告.pdf") || !strings.Contains(page.text(), "附件已上传") || !strings.Contains(page.text(), "data-confirm") {
			t.Errorf("after upload the page lacks the file, the notice or the delete confirmation")
		}
		r := post("验收报告.pdf", []byte("MZ\x90\x00"))
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "不支持此文件类型") || !strings.Contains(r.text(), `href="/systems/`+id+`"`) {
			t.Errorf("bad file: %d\n%s", r.status, r.body)
		}
		// The leader reads the files but gets no upload form.
		l := s.login("leader")
		lp := l.get("/systems/" + id)
		if !strings.Contains(lp.text(), "验收报告.pdf") || strings.Contains(lp.text(), `action="/attachments"`) {
			t.Errorf("leader's view of the attachments is wrong")
		}
	})
}
