package web_test

// The catalog over HTTP: the API (visibility, refusals and their statuses, the lifecycle,
// facets, the change feed walked page by page) and the pages (list with facet counts, detail
// with steps and history, the form with data-item rows and field errors).

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// catalogEntryNamed finds a demo entry by name as the operator sees it.
func (s *site) catalogEntryNamed(name string) *domain.CatalogEntry {
	s.t.Helper()
	p, err := s.svc.Catalog(s.ctx, app.SystemActor(), store.CatalogFilter{Query: name})
	if err != nil {
		s.t.Fatal(err)
	}
	for _, c := range p.Items {
		if c.Name == name {
			return c
		}
	}
	s.t.Fatalf("no catalog entry %s", name)
	return nil
}

// catalogDraft pre-compiles an entry for the unit, as the operator.
func (s *site) catalogDraft(unitCode, name string) *domain.CatalogEntry {
	s.t.Helper()
	c := &domain.CatalogEntry{Class: "3", Item: "88", Name: name, ProviderUnitID: s.unit(unitCode).ID, Summary: "测试用", Format: domain.FormatSheet,
		ShareType: domain.ShareUnconditional, ShareChannel: domain.ChannelPlatform, ShareForm: domain.FormFile, UpdateCycle: domain.CycleYearly,
		Items: []domain.DataItem{{Name: "年份", Column: "nf", Type: domain.ItemChar, Length: 4, PrimaryKey: true}}}
	if err := s.svc.CreateCatalogEntry(s.ctx, app.SystemActor(), c); err != nil {
		s.t.Fatal(err)
	}
	return c
}

// catalogEntryIn finds a demo entry of the unit in state st.
func (s *site) catalogEntryIn(unitCode string, st domain.CatalogStatus) *domain.CatalogEntry {
	s.t.Helper()
	p, err := s.svc.Catalog(s.ctx, app.SystemActor(), store.CatalogFilter{UnitID: s.unit(unitCode).ID, Status: st, Limit: 1})
	if err != nil || len(p.Items) == 0 {
		s.t.Fatalf("no %s entry of %s: %v", st, unitCode, err)
	}
	return p.Items[0]
}

const entryBody = `{"class":"3","item":"19","catalog":"101","name":"%s","provider_unit_id":%d,"summary":"测试","format":"database",
	"share_type":"%s","share_condition":"%s","share_channel":"platform","share_form":"api","update_cycle":"monthly",
	"items":[{"name":"机构代码","column":"org_code","type":"char","length":18,"primary_key":true}]}`

func TestCatalogAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := s.unit("320507119")
		pub := s.catalogEntryIn("320507119", domain.CatPublished)
		draft := s.catalogDraft("320507119", "卫生统计年报")
		eduDraft := s.catalogDraft("320507105", "教育统计年报")
		eduPub := s.catalogEntryIn("320507105", domain.CatPublished)
		path := func(c *domain.CatalogEntry, rest string) string {
			return fmt.Sprintf("/api/v1/catalog/%d%s", c.ID, rest)
		}

		// jiaoyu's list: every published entry, its own unit's drafts, nobody else's.
		var l struct {
			Items  []domain.CatalogEntry
			Facets store.CatalogFacets
		}
		s.apiJSON("GET", "/api/v1/catalog?limit=200&unit_id="+itoa(int(health.ID)), "jiaoyu", "", &l)
		for _, c := range l.Items {
			if c.Status != domain.CatPublished {
				t.Errorf("jiaoyu lists %s entry %s of the health commission", c.Status, c.Name)
			}
		}
		if l.Facets.Status["published"] != len(l.Items) || l.Facets.Status["precompiled"] != 0 || len(l.Items) == 0 {
			t.Errorf("jiaoyu facets %v for %d items", l.Facets.Status, len(l.Items))
		}
		s.apiJSON("GET", "/api/v1/catalog?limit=200&unit_id="+itoa(int(health.ID)), "weijian", "", &l)
		if l.Facets.Status["precompiled"] == 0 || l.Facets.Status["published"] == 0 {
			t.Errorf("weijian facets %v", l.Facets.Status)
		}

		runAPICases(t, s, []apiCase{
			{name: "get published of another unit", method: "GET", path: path(eduPub, ""), actor: "weijian", want: 200, has: []string{`"items":[`, `"revision":`}},
			{name: "get draft of another unit", method: "GET", path: path(eduDraft, ""), actor: "weijian", want: 404, has: []string{`"code":"not_found"`}},
			{name: "edit draft of another unit", method: "PATCH", path: path(eduDraft, ""), actor: "weijian", body: `{"version":1,"name":"x"}`, want: 404},
			{name: "history of draft of another unit", method: "GET", path: path(eduDraft, "/history"), actor: "weijian", want: 404},
			{name: "edit published of another unit", method: "PATCH", path: path(eduPub, ""), actor: "weijian", body: fmt.Sprintf(`{"version":%d,"name":"x"}`, eduPub.Version), want: 403},
			{name: "withdraw by the unit", method: "POST", path: path(pub, "/transition"), actor: "weijian", body: fmt.Sprintf(`{"version":%d,"action":"withdraw","note":"x"}`, pub.Version), want: 403},
			{name: "publish a draft", method: "POST", path: path(draft, "/transition"), actor: "office", body: fmt.Sprintf(`{"version":%d,"action":"publish"}`, draft.Version), want: 409, has: []string{`"code":"conflict"`}},
			{name: "conditional without conditions", method: "POST", path: "/api/v1/catalog", actor: "weijian", body: fmt.Sprintf(entryBody, "新目录", health.ID, "conditional", ""), want: 422, has: []string{`"field":"share_condition"`}},
			{name: "not shared without basis", method: "POST", path: "/api/v1/catalog", actor: "weijian", body: strings.Replace(fmt.Sprintf(entryBody, "新目录", health.ID, "none", "涉密"), `"share_channel":"platform","share_form":"api",`, "", 1), want: 422, has: []string{`"field":"share_basis"`}},
			{name: "bad sharing type", method: "POST", path: "/api/v1/catalog", actor: "weijian", body: fmt.Sprintf(entryBody, "新目录", health.ID, "sometimes", "x"), want: 422, has: []string{`"field":"share_type"`}},
			{name: "create for another unit", method: "POST", path: "/api/v1/catalog", actor: "jiaoyu", body: fmt.Sprintf(entryBody, "新目录", health.ID, "unconditional", ""), want: 403},
			{name: "create", method: "POST", path: "/api/v1/catalog", actor: "weijian", body: fmt.Sprintf(entryBody, "卫生监督员信息", health.ID, "conditional", "仅限执法使用"), want: 201, has: []string{`"code":"319101/000001"`, `"status":"precompiled"`, `"revision":0`}},
			{name: "edit stale", method: "PATCH", path: path(draft, ""), actor: "weijian", body: fmt.Sprintf(`{"version":%d,"name":"x"}`, draft.Version-1), want: 409},
			{name: "edit unknown field", method: "PATCH", path: path(draft, ""), actor: "weijian", body: fmt.Sprintf(`{"version":%d,"status":"published"}`, draft.Version), want: 400},
			{name: "edit", method: "PATCH", path: path(draft, ""), actor: "weijian", body: fmt.Sprintf(`{"version":%d,"open":false,"summary":"修改后的摘要"}`, draft.Version), want: 200, has: []string{`"summary":"修改后的摘要"`}},
			{name: "submit", method: "POST", path: path(draft, "/transition"), actor: "weijian", body: fmt.Sprintf(`{"version":%d,"action":"submit"}`, draft.Version+1), want: 200, has: []string{`"status":"submitted"`}},
			{name: "register by the unit", method: "POST", path: path(draft, "/transition"), actor: "weijian", body: fmt.Sprintf(`{"version":%d,"action":"register"}`, draft.Version+2), want: 403},
			{name: "return without a note", method: "POST", path: path(draft, "/transition"), actor: "office", body: fmt.Sprintf(`{"version":%d,"action":"return"}`, draft.Version+2), want: 422, has: []string{`"field":"note"`}},
			{name: "register", method: "POST", path: path(draft, "/transition"), actor: "office", body: fmt.Sprintf(`{"version":%d,"action":"register"}`, draft.Version+2), want: 200, has: []string{`"status":"registered"`}},
			{name: "publish", method: "POST", path: path(draft, "/transition"), actor: "office", body: fmt.Sprintf(`{"version":%d,"action":"publish"}`, draft.Version+3), want: 200, has: []string{`"status":"published"`, `"revision":1`}},
			{name: "history", method: "GET", path: path(draft, "/history"), actor: "weijian", want: 200, has: []string{`"action":"catalog.publish"`, `"action":"catalog.submit"`}},
			{name: "public history", method: "GET", path: path(draft, "/history"), actor: "jiaoyu", want: 200, has: []string{`"action":"catalog.publish"`}},
			{name: "bad cursor", method: "GET", path: "/api/v1/catalog?sort=name&cursor=xyz", actor: "weijian", want: 400, has: []string{`"field":"cursor"`}},
			{name: "bad since", method: "GET", path: "/api/v1/catalog/changes?since=abc", actor: "weijian", want: 400, has: []string{`"field":"since"`}},
			{name: "no token", method: "GET", path: "/api/v1/catalog", want: 401},
		})

		// The change feed, walked in pages of 37: every change once, in order, ending with the
		// publication above.
		var seen []domain.CatalogChange
		since := int64(0)
		for pages := 0; ; pages++ {
			var page struct {
				Items     []domain.CatalogChange
				NextSince int64 `json:"next_since"`
			}
			s.apiJSON("GET", fmt.Sprintf("/api/v1/catalog/changes?since=%d&limit=37", since), "jiaoyu", "", &page)
			if len(page.Items) == 0 {
				if page.NextSince != since || pages == 0 {
					t.Fatalf("empty page: next_since %d after %d, %d pages", page.NextSince, since, pages)
				}
				break
			}
			seen = append(seen, page.Items...)
			since = page.NextSince
		}
		for i := 1; i < len(seen); i++ {
			if seen[i].ID != seen[i-1].ID+1 {
				t.Fatalf("change %d after %d", seen[i].ID, seen[i-1].ID)
			}
		}
		last := seen[len(seen)-1]
		if last.EntryID != draft.ID || last.Kind != domain.ChangePublish || last.Entry.Summary != "修改后的摘要" {
			t.Fatalf("last change %+v", last)
		}
	})
}

func TestCatalogPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.login("weijian")
		r := b.get("/catalog?status=published&share_type=conditional")
		mustAnswer(t, "list", r, 200, "有条件共享（", `id="catalog-facets"`, `href="/catalog"`)
		if strings.Contains(r.text(), "无条件共享</td>") {
			t.Errorf("the filter on conditional shows an unconditional entry")
		}
		// The pager's 共 N 条 is counted, the search included: it equals the entries listed whole
		// (the office reads the whole catalog, as the system does; 信息 matches 398 of the 406, more
		// than a page, so the count is asked).
		office := s.login("office")
		for _, href := range []string{"/catalog", "/catalog?q=信息", "/catalog?q=人口&status=published", "/catalog?q=zzzz-none"} {
			u, _ := url.Parse(href)
			f := store.CatalogFilter{Query: u.Query().Get("q"), Status: domain.CatalogStatus(u.Query().Get("status"))}
			all, err := s.svc.Catalog(s.ctx, app.SystemActor(), f)
			if err != nil {
				t.Fatal(err)
			}
			if n := listTotal(t, office, href); n != len(all.Items) {
				t.Errorf("%s: the page says 共%d条, the list holds %d", href, n, len(all.Items))
			}
		}
		pop := s.catalogEntryNamed("户籍人口基本信息")
		r = b.get(fmt.Sprintf("/catalog/%d", pop.ID))
		if r.status != 200 || !strings.Contains(r.text(), "公民身份号码") || !strings.Contains(r.text(), "人口库") {
			t.Fatalf("detail of a published entry of another unit: %d\n%s", r.status, r.body)
		}
		if strings.Contains(r.text(), `id="lifecycle"`) || strings.Contains(r.text(), "/edit") {
			t.Errorf("weijian is offered steps or an edit on the police's entry")
		}
		eduDraft := s.catalogDraft("320507105", "教育统计年报")
		mustStatus(t, "another unit's draft", b.get(fmt.Sprintf("/catalog/%d", eduDraft.ID)), 404)

		// The form: a conditional entry without conditions comes back with the field message and
		// the rows typed in; then saved.
		form := b.get("/catalog/new")
		if form.status != 200 || !strings.Contains(form.text(), `name="item_name_4"`) {
			t.Fatalf("new form: %d\n%s", form.status, form.body)
		}
		health := s.unit("320507119")
		v := url.Values{"csrf": {b.csrf}, "class": {"2"}, "item": {"01"}, "catalog": {"009"}, "name": {"家庭医生签约信息"},
			"provider_unit_id": {itoa(int(health.ID))}, "summary": {"家庭医生签约服务记录"}, "format": {"database"},
			"share_type": {"conditional"}, "share_condition": {""}, "share_channel": {"platform"}, "share_form": {"api"},
			"update_cycle": {"daily"}, "item_rows": {"3"},
			"item_name_0": {"签约编号"}, "item_column_0": {"qybh"}, "item_type_0": {"char"}, "item_length_0": {"32"}, "item_pk_0": {"1"},
			"item_name_1": {"居民姓名"}, "item_column_1": {"jmxm"}, "item_type_1": {"char"}, "item_sensitive_1": {"1"}, "item_share_1": {"none"},
			"item_name_2": {""}, "item_column_2": {""}, "item_type_2": {"char"}}
		r = b.post("/catalog/new", v)
		mustAnswer(t, "form error", r, http.StatusUnprocessableEntity, "有条件共享和不予共享须写明共享条件", `value="jmxm"`)
		v.Set("share_condition", "仅限卫生健康业务使用")
		r = b.post("/catalog/new", v)
		id := createdID(t, "create", r, "/catalog/")
		loc := r.header.Get("Location")
		r = b.get(loc)
		mustAnswer(t, "detail after create", r, 200, "201009/000001", "jmxm", `data-confirm="确定要“提交”吗？"`)
		c, err := s.svc.CatalogEntry(s.ctx, app.SystemActor(), id)
		if err != nil || len(c.Items) != 2 || !c.Items[0].PrimaryKey || c.Items[0].Nullable || c.Items[1].ShareType != domain.ShareNone {
			t.Fatalf("stored: %v %+v", err, c)
		}
		// Submit from the page; the office returns it with a note, which the unit then sees.
		r = b.post(fmt.Sprintf("/catalog/%d/steps/submit", id), url.Values{"csrf": {b.csrf}, "version": {itoa(int(c.Version))}})
		mustStatus(t, "submit", r, http.StatusSeeOther)
		o := s.login("office")
		r = o.post(fmt.Sprintf("/catalog/%d/steps/return", id), url.Values{"csrf": {o.csrf}, "version": {itoa(int(c.Version + 1))}})
		mustAnswer(t, "return without note", r, http.StatusUnprocessableEntity, "请填写说明")
		r = o.post(fmt.Sprintf("/catalog/%d/steps/return", id), url.Values{"csrf": {o.csrf}, "version": {itoa(int(c.Version + 1))}, "note": {"请补充签约机构"}})
		mustStatus(t, "return", r, http.StatusSeeOther)
		r = b.get(loc)
		if !strings.Contains(r.text(), "信息办退回意见：请补充签约机构") || !strings.Contains(r.text(), "退回目录") ||
			!strings.Contains(r.text(), "状态：已提交 → 预编") || !strings.Contains(r.text(), "退回意见：请补充签约机构") ||
			!strings.Contains(r.text(), "信息项：签约编号（qybh）、居民姓名（jmxm）") {
			t.Fatalf("returned entry page:\n%s", r.body)
		}
		// The edit form keeps the rows and offers blank ones.
		r = b.get(fmt.Sprintf("/catalog/%d/edit", id))
		mustAnswer(t, "edit form", r, 200, `value="qybh"`, `name="item_name_6"`)
	})
}

// The workbook over HTTP: the unit's export imports back unchanged through the API; edited in
// Excel, the UI previews the change and applies it after the confirmation.
func TestCatalogWorkbook(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := s.unit("320507119")
		mustWorkbook(t, "template", s.api("GET", "/api/v1/catalog/template", "weijian", ""))
		ex := mustWorkbook(t, "export", s.api("GET", "/api/v1/catalog/export?unit_id="+itoa(int(health.ID)), "weijian", ""))
		r := s.uploadBook("/api/v1/catalog/import?apply=true", "weijian", ex.body)
		if r.status != 200 || !strings.Contains(r.text(), `"create":0,"update":0`) || strings.Contains(r.text(), `"unchanged":0`) {
			t.Fatalf("re-import of the export: %d %s", r.status, r.body)
		}
		// Change one summary in the export (a draft of the unit) and upload it through the UI.
		draft := s.catalogDraft("320507119", "卫生统计年报")
		ex = s.api("GET", "/api/v1/catalog/export?q="+url.QueryEscape("卫生统计年报"), "weijian", "")
		f, err := excelize.OpenReader(bytes.NewReader(ex.body))
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := f.GetCellValue("信息资源", "E2"); v != "测试用" {
			t.Fatalf("export E2 = %q", v)
		}
		f.SetCellValue("信息资源", "E2", "卫生健康统计年报数据")
		var book bytes.Buffer
		f.Write(&book)
		b := s.login("weijian")
		mustAnswer(t, "import page", b.get("/catalog/import"), 200, "/catalog/template.xlsx")
		prev := b.uploadBook("/catalog/import", book.Bytes())
		mustStatus(t, "preview", prev, 200)
		mustContain(t, "preview", prev, "卫生统计年报")
		apply := applyPath(t, prev, "/catalog/import")
		if got, _ := s.svc.CatalogEntry(s.ctx, app.SystemActor(), draft.ID); got.Summary != "测试用" {
			t.Fatal("the preview wrote")
		}
		mustStatus(t, "apply", b.post(apply, url.Values{"csrf": {b.csrf}}), 200)
		if got, _ := s.svc.CatalogEntry(s.ctx, app.SystemActor(), draft.ID); got.Summary != "卫生健康统计年报数据" {
			t.Fatalf("after apply: %q", got.Summary)
		}
	})
}
