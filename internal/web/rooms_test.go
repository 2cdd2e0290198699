package web_test

// The machine-room registry over HTTP: the API (scoping, refusals and their statuses, the
// closing plan, the workbook) and the pages (list with overdue flags, detail, form errors,
// the home to-do, the import preview and confirm).

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// roomNamed finds a demo room by name, as the operator sees it now.
func (s *site) roomNamed(name string) *domain.MachineRoom {
	s.t.Helper()
	p, err := s.svc.MachineRooms(s.ctx, app.SystemActor(), app.RoomList{RoomFilter: store.RoomFilter{Query: name}})
	if err != nil {
		s.t.Fatal(err)
	}
	for _, m := range p.Items {
		if m.Name == name {
			return m
		}
	}
	s.t.Fatalf("no room %s", name)
	return nil
}

func TestRoomsAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		hw := s.roomNamed("区卫健委数据中心机房")
		edu := s.roomNamed("区教育局机房（教育城域网中心）")
		path := func(m *domain.MachineRoom, rest string) string {
			return fmt.Sprintf("/api/v1/machine-rooms/%d%s", m.ID, rest)
		}

		// Lists are scoped and flagged.
		var l struct{ Items []domain.MachineRoom }
		s.apiJSON("GET", "/api/v1/machine-rooms?limit=200", "weijian", "", &l)
		if len(l.Items) != 2 {
			t.Fatalf("weijian lists %d rooms", len(l.Items))
		}
		for _, m := range l.Items {
			if m.UnitID != hw.UnitID {
				t.Errorf("weijian lists %s of another unit", m.Name)
			}
		}
		r := s.api("GET", "/api/v1/machine-rooms?overdue=1&limit=200", "office", "")
		if r.status != 200 || !strings.Contains(r.text(), `"overdue":true`) || strings.Contains(r.text(), `"overdue":false`) ||
			!strings.Contains(r.text(), `"deadline":"2020-08-22T00:00:00Z"`) {
			t.Fatalf("overdue list: %d %s", r.status, r.body)
		}
		mustAnswer(t, "sysadmin list", s.api("GET", "/api/v1/machine-rooms?limit=200", "sysadmin", ""), 200, `"items":[]`)

		runAPICases(t, s, []apiCase{
			{name: "get own", method: "GET", path: path(hw, ""), actor: "weijian", want: 200, has: []string{`"name":"区卫健委数据中心机房"`, `"overdue":true`, `"kind":"other"`}},
			{name: "get another unit's", method: "GET", path: path(edu, ""), actor: "weijian", want: 404, has: []string{`"code":"not_found"`}},
			{name: "edit another unit's", method: "PATCH", path: path(edu, ""), actor: "weijian", body: `{"version":1,"racks":2}`, want: 404},
			{name: "step on another unit's", method: "POST", path: path(edu, "/transition"), actor: "weijian", body: `{"version":1,"action":"close","closed_date":"2026-01-01T00:00:00Z"}`, want: 404},
			{name: "history of another unit's", method: "GET", path: path(edu, "/history"), actor: "weijian", want: 404},
			{name: "milestones of another unit's", method: "GET", path: path(edu, "/milestones"), actor: "weijian", want: 404},
			{name: "create bad kind", method: "POST", path: "/api/v1/machine-rooms", actor: "weijian", body: fmt.Sprintf(`{"unit_id":%d,"name":"新机房","kind":"big"}`, hw.UnitID), want: 422, has: []string{`"field":"kind"`}},
			{name: "create access without basis", method: "POST", path: "/api/v1/machine-rooms", actor: "weijian", body: fmt.Sprintf(`{"unit_id":%d,"name":"新机房","kind":"access"}`, hw.UnitID), want: 422, has: []string{`"field":"exemption_basis"`, "ENV-P2"}},
			{name: "create for another unit", method: "POST", path: "/api/v1/machine-rooms", actor: "weijian", body: fmt.Sprintf(`{"unit_id":%d,"name":"新机房","kind":"other"}`, edu.UnitID), want: 403},
			{name: "create", method: "POST", path: "/api/v1/machine-rooms", actor: "weijian", body: fmt.Sprintf(`{"unit_id":%d,"name":"新机房","kind":"access","exemption_basis":"苏数据〔2019〕6号","racks":2}`, hw.UnitID), want: 201, has: []string{`"name":"新机房"`, `"status":"in_use"`, `"overdue":false`}},
			{name: "edit stale", method: "PATCH", path: path(hw, ""), actor: "weijian", body: fmt.Sprintf(`{"version":%d,"racks":2}`, hw.Version-1), want: 409, has: []string{`"code":"conflict"`}},
			{name: "edit unknown field", method: "PATCH", path: path(hw, ""), actor: "weijian", body: fmt.Sprintf(`{"version":%d,"status":"closed"}`, hw.Version), want: 400},
			{name: "illegal step", method: "POST", path: path(hw, "/transition"), actor: "weijian", body: fmt.Sprintf(`{"version":%d,"action":"close","closed_date":"2026-01-01T00:00:00Z"}`, hw.Version), want: 409, has: []string{`"code":"conflict"`}},
			{name: "start without plan", method: "POST", path: path(hw, "/transition"), actor: "weijian", body: fmt.Sprintf(`{"version":%d,"action":"start_closing"}`, hw.Version), want: 422, has: []string{`"field":"note"`}},
			{name: "reopen by the unit", method: "POST", path: path(edu, "/transition"), actor: "jiaoyu", body: fmt.Sprintf(`{"version":%d,"action":"reopen"}`, edu.Version), want: 403},
			{name: "edit", method: "PATCH", path: path(hw, ""), actor: "weijian", body: fmt.Sprintf(`{"version":%d,"racks":10}`, hw.Version), want: 200, has: []string{`"racks":10`, fmt.Sprintf(`"version":%d`, hw.Version+1)}},
			{name: "systems in the room", method: "GET", path: path(hw, "/systems"), actor: "weijian", want: 200, has: []string{"社区卫生服务中心HIS", `"room_id":`}},
			{name: "history", method: "GET", path: path(hw, "/history"), actor: "weijian", want: 200, has: []string{`"action":"room.update"`, `"action":"room.create"`}},
			{name: "plan", method: "GET", path: path(edu, "/milestones"), actor: "jiaoyu", want: 200, has: []string{"校园安全视频监控平台迁移至政务云", `"done":"2024-06-20T00:00:00Z"`}},
			{name: "add milestone stale", method: "POST", path: path(edu, "/milestones"), actor: "jiaoyu", body: `{"version":1,"title":"x","due":"2026-12-31T00:00:00Z"}`, want: 409},
			{name: "add milestone", method: "POST", path: path(edu, "/milestones"), actor: "jiaoyu", body: fmt.Sprintf(`{"version":%d,"title":"机房消防设施拆除","due":"2026-12-31T00:00:00Z"}`, edu.Version), want: 201, has: []string{"机房消防设施拆除", fmt.Sprintf(`"version":%d`, edu.Version+1)}},
			{name: "template", method: "GET", path: "/api/v1/machine-rooms/template", actor: "weijian", want: 200, ctype: xlsxType},
			{name: "export", method: "GET", path: "/api/v1/machine-rooms/export?overdue=1", actor: "office", want: 200, ctype: xlsxType},
		})

		// Milestones: change and delete, each needing the room's current version.
		var plan app.RoomPlan
		s.apiJSON("GET", path(edu, "/milestones"), "jiaoyu", "", &plan)
		last := plan.Milestones[len(plan.Milestones)-1]
		body := fmt.Sprintf(`{"version":%d,"title":"机房消防设施拆除","due":"2026-12-31T00:00:00Z","done":"2026-11-20T00:00:00Z"}`, plan.Version)
		s.apiJSON("PATCH", fmt.Sprintf("%s/%d", path(edu, "/milestones"), last.ID), "jiaoyu", body, &plan)
		if got := plan.Milestones[len(plan.Milestones)-1]; got.Done.IsZero() {
			t.Fatalf("done not saved: %+v", got)
		}
		mustStatus(t, "stale delete", s.api("DELETE", fmt.Sprintf("%s/%d?version=%d", path(edu, "/milestones"), last.ID, plan.Version-1), "jiaoyu", ""), 409)
		s.apiJSON("DELETE", fmt.Sprintf("%s/%d?version=%d", path(edu, "/milestones"), last.ID, plan.Version), "jiaoyu", "", &plan)
		if len(plan.Milestones) != 3 {
			t.Fatalf("after delete %d milestones", len(plan.Milestones))
		}

		// Export → import preview through the API: nothing to change.
		ex := mustWorkbook(t, "export", s.api("GET", "/api/v1/machine-rooms/export", "weijian", ""))
		imp := s.uploadBook("/api/v1/machine-rooms/import?apply=true", "weijian", ex.body)
		var rep app.ImportReport
		if err := json.Unmarshal(imp.body, &rep); imp.status != 200 || err != nil || rep.Unchanged != 3 || rep.Applied {
			t.Fatalf("re-import: %d %s", imp.status, imp.body)
		}
	})
}

func TestRoomsPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		office := s.login("office")
		list := office.get("/machine-rooms?overdue=1")
		mustStatus(t, "list", list, 200)
		mustContain(t, "overdue list", list, "区卫健委数据中心机房", "逾期未关停", "ENV-R3", "2020年8月22日")
		if strings.Contains(list.text(), "区公安分局机房") || strings.Contains(list.text(), "区人社局机房") {
			t.Error("overdue list shows a mandated or closed room")
		}
		all := office.get("/machine-rooms?kind=mandated")
		if !strings.Contains(all.text(), "区公安分局机房") || !strings.Contains(all.text(), "可保留，无关停期限") {
			t.Error("mandated rooms list")
		}

		hw := s.roomNamed("区卫健委数据中心机房")
		detail := office.get(fmt.Sprintf("/machine-rooms/%d", hw.ID))
		mustContain(t, "detail", detail, "社区卫生服务中心HIS", "overdue-finding", "关停计划", "登记机房", "开始关停")

		// Another unit's room: 404 on every page.
		jy := s.login("jiaoyu")
		for _, p := range []string{"", "/edit"} {
			if r := jy.get(fmt.Sprintf("/machine-rooms/%d%s", hw.ID, p)); r.status != 404 {
				t.Errorf("jiaoyu GET %s: %d", p, r.status)
			}
		}
		if r := jy.post(fmt.Sprintf("/machine-rooms/%d", hw.ID), url.Values{"csrf": {jy.csrf}, "version": {"1"}, "name": {"x"}, "kind": {"other"}}); r.status != 404 {
			t.Errorf("jiaoyu POST edit: %d", r.status)
		}

		// The home page's to-do, for the unit with an overdue room: its open ENV-R3 finding.
		wj := s.login("weijian")
		home := wj.get("/")
		if !strings.Contains(home.text(), "1个机房已超过关停期限仍未关停") || !strings.Contains(home.text(), "/findings?rule=ENV-R3.room-overdue&amp;status=open") {
			t.Errorf("weijian's home lacks the overdue-room to-do:\n%s", home.body)
		}

		// The form: a field error in words, then a room created.
		form := wj.get("/machine-rooms/new")
		mustStatus(t, "new form", form, 200)
		bad := wj.post("/machine-rooms/new", url.Values{"csrf": {wj.csrf}, "name": {"卫健委接入机房"}, "unit_id": {fmt.Sprint(hw.UnitID)}, "kind": {"access"}, "racks": {"2"}})
		if bad.status != 422 || !strings.Contains(bad.text(), "须写明保留依据文件") {
			t.Fatalf("form without basis: %d", bad.status)
		}
		ok := wj.post("/machine-rooms/new", url.Values{"csrf": {wj.csrf}, "name": {"卫健委接入机房"}, "unit_id": {fmt.Sprint(hw.UnitID)}, "kind": {"access"},
			"exemption_basis": {"苏数据〔2019〕6号"}, "racks": {"2"}, "area_m2": {"12"}})
		mustStatus(t, "create", ok, http.StatusSeeOther)
		created := s.roomNamed("卫健委接入机房")

		// The closing plan and steps through the page's forms.
		plan := wj.post(fmt.Sprintf("/machine-rooms/%d/milestones", created.ID), url.Values{"csrf": {wj.csrf}, "version": {"1"}, "title": {"设备下电"}, "due": {"2026-12-31"}})
		mustStatus(t, "add milestone", plan, http.StatusSeeOther)
		stale := wj.post(fmt.Sprintf("/machine-rooms/%d/steps/start_closing", created.ID), url.Values{"csrf": {wj.csrf}, "version": {"1"}})
		mustStatus(t, "stale step", stale, http.StatusConflict)
		step := wj.post(fmt.Sprintf("/machine-rooms/%d/steps/start_closing", created.ID), url.Values{"csrf": {wj.csrf}, "version": {"2"}})
		mustStatus(t, "start closing", step, http.StatusSeeOther)
		page := wj.get(fmt.Sprintf("/machine-rooms/%d", created.ID))
		mustContain(t, "room page after the plan", page, "关停中", "设备下电", "添加关停计划节点", "机房开始关停", "确认已关停")

		// The system form offers the unit's rooms.
		sysForm := wj.get("/systems/new")
		if !strings.Contains(sysForm.text(), `name="room_id"`) || !strings.Contains(sysForm.text(), "区卫健委数据中心机房") || strings.Contains(sysForm.text(), "区教育局机房") {
			t.Error("system form's room choice")
		}
	})
}

// TestRoomsImportPage: upload, preview, confirm, as in the systems import.
func TestRoomsImportPage(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.login("weijian")
		ex := b.get("/machine-rooms/export.xlsx")
		mustStatus(t, "export", ex, 200)
		// Change one room's racks in the exported workbook by importing a new room instead:
		// a fresh workbook with one row.
		book := roomWorkbook(t, "区卫生健康委员会", "卫健委备份机房", "其他", "8")
		upload := func(content []byte) reply { return b.uploadBook("/machine-rooms/import", content) }
		prev := upload(book)
		if prev.status != 200 || !strings.Contains(prev.text(), "卫健委备份机房") || !strings.Contains(prev.text(), "confirm-import") {
			t.Fatalf("preview: %d\n%s", prev.status, prev.body)
		}
		applied := b.post(applyPath(t, prev, "/machine-rooms/import"), url.Values{"csrf": {b.csrf}})
		mustAnswer(t, "apply", applied, 200, "已导入：新增1条")
		s.roomNamed("卫健委备份机房")
		// Unchanged export: nothing to confirm.
		again := upload(ex.body)
		if again.status != 200 || strings.Contains(again.text(), "confirm-import") || !strings.Contains(again.text(), "没有需要导入的变化") {
			t.Fatalf("re-upload of the export: %d", again.status)
		}
		bad := upload(roomWorkbook(t, "区卫生健康委员会", "卫健委坏机房", "机房", "8"))
		mustAnswer(t, "bad upload", bad, 422, "「机房类型」")
	})
}

// roomWorkbook is a one-row machine-room workbook under the template's headers.
func roomWorkbook(t *testing.T, unit, name, kind, racks string) []byte {
	t.Helper()
	return workbook(t, app.RoomSheet, []any{unit, name, kind, "", "否", "", "", racks})
}
