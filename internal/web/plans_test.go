package web_test

// Migration plans (ENV-R2) and docking plans (SHR-R8) through the JSON API and the pages, with
// their refusals; the systems' exchange channels and base data in the form and the API.

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"archgov/internal/demo"
	"archgov/internal/domain"
)

const planHealthUnit = "320507119" // 区卫生健康委员会: weijian (联系人), weijian_head (责任人); led by leader

// planSystem registers a health-commission system through the API as weijian and returns its id.
func (s *site) planSystem(code, hosting, extra string) int64 {
	s.t.Helper()
	var sys domain.System
	// No code: a unit user's new system gets one from the server; the label goes into the name.
	s.apiJSON(http.MethodPost, "/api/v1/systems", "weijian", fmt.Sprintf(`{"name":"系统%s","unit_id":%d,"category":"business",
		"classification":"unclassified","hosting":%q,"hosting_note":"卫健委机房","network":"extranet"%s}`, code, s.unit(planHealthUnit).ID, hosting, extra), &sys)
	return sys.ID
}

func planAPIError(t *testing.T, r reply, status int, field, contains string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	_, msg, f := r.apiError(t)
	if f != field || !strings.Contains(msg, contains) {
		t.Fatalf("error field %q message %q, want field %q containing %q", f, msg, field, contains)
	}
}

func TestPlansAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		id := s.planSystem("XC-API-PLAN-1", "unit_room", `,"exchange_channels":["direct","platform"],"base_data":[{"library":"population","state":"own_copy"}]`)
		var sys domain.System
		s.apiJSON(http.MethodGet, "/api/v1/systems/"+itoa(int(id)), "weijian", "", &sys)
		if len(sys.ExchangeChannels) != 2 || sys.ExchangeChannels[0] != domain.ExchangePlatform || sys.BaseDataState(domain.LibPopulation) != domain.DockOwnCopy {
			t.Fatalf("system sharing fields %+v %+v", sys.ExchangeChannels, sys.BaseData)
		}
		bad := s.api(http.MethodPatch, "/api/v1/systems/"+itoa(int(id)), "weijian", `{"version":1,"base_data":[{"library":"weather","state":"docked"}]}`)
		planAPIError(t, bad, http.StatusUnprocessableEntity, "base_data", "")
		onCloud := s.planSystem("XC-API-PLAN-2", "gov_cloud", "")
		base := "/api/v1/systems/" + itoa(int(id)) + "/migration-plan"
		plan := `{"version":%d,"difficulty":"%s","difficulty_reasons":"%s","target_resources":"政务云 4 vCPU / 16 GiB","node":"renovation","planned_date":"2027-03-31T00:00:00Z"}`

		// Refusals: a system on the cloud (422, saying why), 高 without reasons (field),
		// another unit (404), a leader (403), nothing yet (404).
		planAPIError(t, s.api(http.MethodPut, "/api/v1/systems/"+itoa(int(onCloud))+"/migration-plan", "weijian", fmt.Sprintf(plan, 0, "low", "")),
			http.StatusUnprocessableEntity, "", "ENV-R2")
		planAPIError(t, s.api(http.MethodPut, base, "weijian", fmt.Sprintf(plan, 0, "high", "")), http.StatusUnprocessableEntity, "difficulty_reasons", "")
		mustStatus(t, "another unit's PUT", s.api(http.MethodPut, base, "jiaoyu", fmt.Sprintf(plan, 0, "low", "")), http.StatusNotFound)
		mustStatus(t, "leader's PUT", s.api(http.MethodPut, base, "leader", fmt.Sprintf(plan, 0, "low", "")), http.StatusForbidden)
		mustStatus(t, "GET before any plan", s.api(http.MethodGet, base, "weijian", ""), http.StatusNotFound)
		var p domain.MigrationPlan
		s.apiJSON(http.MethodPut, base, "weijian", fmt.Sprintf(plan, 0, "high", "Oracle 9i 需升级"), &p)
		if p.Status != domain.PlanPlanned || p.Version != 1 || p.PlannedDate.Format("2006-01-02") != "2027-03-31" {
			t.Fatalf("created %+v", p)
		}
		mustStatus(t, "another unit's GET", s.api(http.MethodGet, base, "jiaoyu", ""), http.StatusNotFound)
		s.apiJSON(http.MethodGet, base, "leader", "", &p)
		planAPIError(t, s.api(http.MethodPut, base, "weijian", fmt.Sprintf(plan, 0, "low", "")), http.StatusConflict, "", "")
		s.apiJSON(http.MethodPut, base, "office", fmt.Sprintf(plan, 1, "medium", "接口改造"), &p)
		planAPIError(t, s.api(http.MethodPut, base, "weijian", fmt.Sprintf(plan, 1, "low", "")), http.StatusConflict, "", "")

		// Steps: an illegal one is 409; start, then complete: the system is on the cloud.
		planAPIError(t, s.api(http.MethodPost, base+"/transition", "weijian", `{"version":2,"action":"complete"}`), http.StatusConflict, "", "计划中")
		planAPIError(t, s.api(http.MethodPost, base+"/transition", "weijian", `{"version":2,"action":"cancel"}`), http.StatusUnprocessableEntity, "note", "")
		s.apiJSON(http.MethodPost, base+"/transition", "weijian", `{"version":2,"action":"start"}`, &p)
		s.apiJSON(http.MethodPost, base+"/transition", "weijian_head", `{"version":3,"action":"complete","evidence":"验收报告 2026-11"}`, &p)
		if p.Status != domain.PlanMigrated || p.Evidence != "验收报告 2026-11" {
			t.Fatalf("after complete %+v", p)
		}
		s.apiJSON(http.MethodGet, "/api/v1/systems/"+itoa(int(id)), "weijian", "", &sys)
		if sys.Hosting != domain.HostingCloud || sys.HostingNote != "" {
			t.Fatalf("system after migration: %s %q", sys.Hosting, sys.HostingNote)
		}

		// Docking plans.
		docks := "/api/v1/systems/" + itoa(int(id)) + "/docking-plans"
		popStd := s.standard(demo.StdPopulation)
		dock := `{"library":"population","standard_id":` + itoa(int(popStd.ID)) + `,"node":"om","planned_date":"2026-12-31T00:00:00Z"}`
		var d domain.DockingPlan
		s.apiJSON(http.MethodPost, docks, "weijian", dock, &d)
		if d.Status != domain.PlanPlanned || d.Library != domain.LibPopulation || d.SystemName != "系统XC-API-PLAN-1" || !strings.HasPrefix(d.SystemCode, "XC-SYS-") {
			t.Fatalf("docking plan %+v", d)
		}
		planAPIError(t, s.api(http.MethodPost, docks, "office", dock), http.StatusConflict, "", "人口库")
		planAPIError(t, s.api(http.MethodPost, docks, "weijian", `{"library":"geo","node":"om","planned_date":"2026-12-31T00:00:00Z"}`),
			http.StatusUnprocessableEntity, "standard_id", "")
		mustStatus(t, "another unit's POST", s.api(http.MethodPost, docks, "yuanhe", dock), http.StatusNotFound)
		one := "/api/v1/docking-plans/" + itoa(int(d.ID))
		mustStatus(t, "another unit's GET", s.api(http.MethodGet, one, "jiaoyu", ""), http.StatusNotFound)
		planAPIError(t, s.api(http.MethodPatch, one, "weijian", `{"version":9,"note":"x"}`), http.StatusConflict, "", "")
		s.apiJSON(http.MethodPatch, one, "weijian", `{"version":1,"note":"随运维合同实施"}`, &d)
		s.apiJSON(http.MethodPost, one+"/transition", "weijian", `{"version":2,"action":"start"}`, &d)
		s.apiJSON(http.MethodPost, one+"/transition", "office", `{"version":3,"action":"complete"}`, &d)
		if d.Status != domain.PlanDocked || d.Note != "随运维合同实施" {
			t.Fatalf("docked %+v", d)
		}
		s.apiJSON(http.MethodGet, "/api/v1/systems/"+itoa(int(id)), "weijian", "", &sys)
		if sys.BaseDataState(domain.LibPopulation) != domain.DockDocked {
			t.Fatalf("system base data after docking %+v", sys.BaseData)
		}
		var ds struct{ Items []domain.DockingPlan }
		s.apiJSON(http.MethodGet, docks, "leader", "", &ds)
		if len(ds.Items) != 1 {
			t.Fatalf("docking plans %+v", ds)
		}

		// The combined list, filtered and paged.
		var l struct {
			Items      []domain.PlanItem `json:"items"`
			NextCursor string            `json:"next_cursor"`
		}
		s.apiJSON(http.MethodGet, "/api/v1/plans?q=XC-API-PLAN&limit=1", "weijian", "", &l)
		if len(l.Items) != 1 || l.NextCursor == "" || l.Items[0].Kind != domain.PlanKindDocking {
			t.Fatalf("first page %+v", l)
		}
		s.apiJSON(http.MethodGet, "/api/v1/plans?q=XC-API-PLAN&limit=1&cursor="+l.NextCursor, "weijian", "", &l)
		if len(l.Items) != 1 || l.NextCursor != "" || l.Items[0].Kind != domain.PlanKindMigration || l.Items[0].Status != domain.PlanMigrated {
			t.Fatalf("second page %+v", l)
		}
		s.apiJSON(http.MethodGet, "/api/v1/plans?q=XC-API-PLAN", "jiaoyu", "", &l)
		if len(l.Items) != 0 {
			t.Fatalf("another unit lists %+v", l.Items)
		}
		mustStatus(t, "bad cursor", s.api(http.MethodGet, "/api/v1/plans?cursor=bad", "weijian", ""), http.StatusBadRequest)
		mustWorkbook(t, "export", s.api(http.MethodGet, "/api/v1/plans/export?kind=migration", "office", ""))
	})
}

func TestPlanPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		id := s.planSystem("XC-PAGE-PLAN-1", "unit_room", `,"base_data":[{"library":"geo","state":"none"}]`)
		sysPath := "/systems/" + itoa(int(id))
		b := s.login("weijian")

		// The finding chips: no migration plan (ENV-R2), base data used without docking (SHR-R8).
		page := b.get(sysPath)
		mustAnswer(t, "system page", page, http.StatusOK, `id="noplan-finding"`, "ENV-R2 尚无迁移计划", `id="undocked-finding"`, "空间地理库")
		// The list filter finds it; after the plan it is gone from the filter.
		if l := b.get("/systems?noplan=1&q=XC-PAGE-PLAN"); !strings.Contains(l.text(), "XC-PAGE-PLAN-1") {
			t.Fatalf("noplan filter misses the system:\n%s", l.body)
		}

		form := b.get(sysPath + "/migration-plan")
		mustAnswer(t, "migration form", form, http.StatusOK, `name="difficulty_reasons"`)
		vals := url.Values{"csrf": {b.csrf}, "version": {"0"}, "difficulty": {"high"}, "difficulty_reasons": {""}, "target_resources": {"政务云 2 vCPU"},
			"node": {"om"}, "planned_date": {"2026-10-31"}}
		r := b.post(sysPath+"/migration-plan", vals)
		mustAnswer(t, "high without reasons", r, http.StatusUnprocessableEntity, "迁移难度为中或高时须写明理由")
		vals.Set("difficulty_reasons", "依赖本地加密机")
		if r = b.post(sysPath+"/migration-plan", vals); r.status != http.StatusSeeOther || r.header.Get("Location") != sysPath+"?flash=flash.saved#plans" {
			t.Fatalf("save plan: %d %q\n%s", r.status, r.header.Get("Location"), r.body)
		}
		if l := b.get("/systems?noplan=1&q=XC-PAGE-PLAN"); strings.Contains(l.text(), "XC-PAGE-PLAN-1") {
			t.Fatal("noplan filter still shows a system with a plan")
		}
		page = b.get(sysPath)
		if strings.Contains(page.text(), `id="noplan-finding"`) || strings.Contains(page.text(), `id="offcloud-finding"`) || !strings.Contains(page.text(), `id="migration-plan"`) || !strings.Contains(page.text(), "依赖本地加密机") ||
			!strings.Contains(page.text(), `action="`+sysPath+`/migration-plan/steps/start"`) || !strings.Contains(page.text(), "data-confirm=") {
			t.Fatalf("system page with a plan:\n%s", page.body)
		}
		// An illegal step from a stale page: 409 shown on the page; then start and complete.
		r = b.post(sysPath+"/migration-plan/steps/complete", url.Values{"csrf": {b.csrf}, "version": {"1"}})
		mustAnswer(t, "illegal step", r, http.StatusConflict, `id="plan-error"`)
		for i, act := range []string{"start", "complete"} {
			if r = b.post(sysPath+"/migration-plan/steps/"+act, url.Values{"csrf": {b.csrf}, "version": {strconv.Itoa(i + 1)}}); r.status != http.StatusSeeOther {
				t.Fatalf("%s: %d\n%s", act, r.status, r.body)
			}
		}
		page = b.get(sysPath)
		if !strings.Contains(page.text(), "已迁移") || !strings.Contains(page.text(), "政务云") || strings.Contains(page.text(), `id="offcloud-finding"`) ||
			!strings.Contains(page.text(), "按迁移计划迁移上云") || !strings.Contains(page.text(), `id="plan-history"`) {
			t.Fatalf("after migration:\n%s", page.body)
		}

		// A docking plan through its form, and the second one for the library refused.
		mustAnswer(t, "docking form", b.get(sysPath+"/docking-plans/new?library=geo"), http.StatusOK, `value="geo" selected`)
		geoStd := s.standard(demo.StdGeo)
		dv := url.Values{"csrf": {b.csrf}, "version": {"0"}, "library": {"geo"}, "standard_id": {itoa(int(geoStd.ID))}, "node": {"upgrade"}, "planned_date": {"2027-01-15"}}
		if r = b.post(sysPath+"/docking-plans/new", dv); r.status != http.StatusSeeOther {
			t.Fatalf("docking create: %d\n%s", r.status, r.body)
		}
		r = b.post(sysPath+"/docking-plans/new", dv)
		mustAnswer(t, "second open docking plan", r, http.StatusConflict, "已有一个未完成的空间地理库对接计划")
		page = b.get(sysPath)
		if strings.Contains(page.text(), `id="undocked-finding"`) || !strings.Contains(page.text(), "空间地理信息共享服务接口规范 V3.0") ||
			!strings.Contains(string(page.body), `href="/standards/`+itoa(int(geoStd.ID))+`"`) {
			t.Fatalf("docking row:\n%s", page.body)
		}

		// The plan list and its export.
		l := b.get("/plans?q=XC-PAGE-PLAN")
		mustAnswer(t, "plans page", l, http.StatusOK, "XC-PAGE-PLAN-1", "对接计划", "迁移计划")
		if l = b.get("/plans?q=XC-PAGE-PLAN&kind=docking&status=migrated"); strings.Contains(l.text(), "XC-PAGE-PLAN-1") {
			t.Fatal("filters do not filter")
		}
		mustWorkbook(t, "export", b.get("/plans/export.xlsx?kind=docking"))

		// Another unit: 404 on the forms.
		jy := s.login("jiaoyu")
		for _, p := range []string{sysPath + "/migration-plan", sysPath + "/docking-plans/new"} {
			if r := jy.get(p); r.status != http.StatusNotFound {
				t.Fatalf("jiaoyu GET %s: %d", p, r.status)
			}
		}
		if r := jy.post(sysPath+"/docking-plans/new", dv); r.status != http.StatusNotFound && r.status != http.StatusForbidden {
			t.Fatalf("jiaoyu POST: %d", r.status)
		}
	})
}

// The system form keeps exchange channels and base data; the home to-do counts off-cloud
// systems without a migration plan.
func TestSystemFormSharingAndTodo(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		id := s.planSystem("XC-FORM-PLAN-1", "other_hosting", "")
		b := s.login("weijian")
		edit := b.get("/systems/" + itoa(int(id)) + "/edit")
		if !strings.Contains(edit.text(), `name="exchange_channels"`) || !strings.Contains(edit.text(), `name="base_population"`) {
			t.Fatalf("system form lacks the sharing fields:\n%s", edit.body)
		}
		var sys domain.System
		s.apiJSON(http.MethodGet, "/api/v1/systems/"+itoa(int(id)), "weijian", "", &sys)
		vals := url.Values{"csrf": {b.csrf}, "version": {strconv.FormatInt(sys.Version, 10)}, "code": {sys.Code}, "name": {sys.Name},
			"unit_id": {strconv.FormatInt(sys.UnitID, 10)}, "classification": {"unclassified"}, "category": {"business"}, "hosting": {"other_hosting"},
			"hosting_note": {"电信IDC"}, "network": {"extranet"}, "exchange_channels": {"platform", "other"}, "base_population": {"docked"},
			"base_credit": {"own_copy"}, "base_geo": {""}}
		mustStatus(t, "save", b.post("/systems/"+itoa(int(id)), vals), http.StatusSeeOther)
		page := b.get("/systems/" + itoa(int(id)))
		if !strings.Contains(page.text(), "区数据交换平台、其他") || !strings.Contains(page.text(), "人口库（已对接基础库）、社会信用库（自建副本）") {
			t.Fatalf("system page sharing fields:\n%s", page.body)
		}
		home := b.get("/")
		if !strings.Contains(home.text(), "尚无迁移计划") || !strings.Contains(home.text(), "/findings?rule=ENV-R2.no-migration-plan&amp;status=open") {
			t.Fatalf("home to-do:\n%s", home.body)
		}
	})
}
