package web_test

// Government-cloud pools and requests (ENV-R1) through the JSON API and the pages, on the demo
// district: the documented answers, the refusals, and the page flows of a unit and the office.

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

const (
	cloudUnitHealth = "320507119" // weijian, weijian_head
	cloudUnitEdu    = "320507105" // jiaoyu
)

// cloudHealthSystem is a demo system of the health commission.
func (s *site) cloudHealthSystem() *domain.System {
	s.t.Helper()
	p, err := s.svc.Systems(s.ctx, app.SystemActor(), store.SystemFilter{UnitID: s.unit(cloudUnitHealth).ID, Limit: 1})
	if err != nil || len(p.Items) == 0 {
		s.t.Fatalf("health systems: %v", err)
	}
	return p.Items[0]
}

// cloudReq reads a request as it is now.
func (s *site) storedCloudReq(id int64) *domain.CloudRequest {
	s.t.Helper()
	r, err := s.svc.CloudRequest(s.ctx, app.SystemActor(), id)
	if err != nil {
		s.t.Fatalf("cloud request %d: %v", id, err)
	}
	return r
}

func TestAPICloud(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		// Pools: everyone reads them; only the office creates and edits.
		var pools struct{ Items []domain.CloudPool }
		s.apiJSON("GET", "/api/v1/cloud/pools", "weijian", "", &pools)
		if len(pools.Items) != 3 {
			t.Fatalf("%d demo pools", len(pools.Items))
		}
		body := `{"name":"测试池","description":"接口测试","capacity":{"vcpu":40,"memory_gib":64,"storage_gib":2048,"bandwidth_mbps":100,"public_ips":2}}`
		s.wantAPIError(s.api("POST", "/api/v1/cloud/pools", "weijian", body), 403, "forbidden", "", "unit user creates a pool")
		var pool domain.CloudPool
		s.apiJSON("POST", "/api/v1/cloud/pools", "office", body, &pool)
		if pool.ID == 0 || pool.Capacity.VCPU != 40 || !pool.Allocated.IsZero() {
			t.Fatalf("created %+v", pool)
		}
		s.wantAPIError(s.api("POST", "/api/v1/cloud/pools", "office", body), 422, "invalid", "name", "duplicate pool name")
		s.wantAPIError(s.api("POST", "/api/v1/cloud/pools", "office", `{"name":"负","capacity":{"vcpu":-1}}`), 422, "invalid", "vcpu", "negative capacity")
		s.wantAPIError(s.api("PATCH", fmt.Sprintf("/api/v1/cloud/pools/%d", pool.ID), "office", `{"version":7,"name":"x"}`), 409, "conflict", "", "stale pool version")
		s.wantAPIError(s.api("GET", "/api/v1/cloud/pools/999999", "office", ""), 404, "not_found", "", "missing pool")

		// A request of the health commission for one of its systems.
		sys := s.cloudHealthSystem()
		health := s.unit(cloudUnitHealth)
		reqBody := func(vcpu, mem int, start, end string) string {
			return fmt.Sprintf(`{"unit_id":%d,"system_id":%d,"pool_id":%d,"requested":{"vcpu":%d,"memory_gib":%d,"storage_gib":1024,"bandwidth_mbps":50,"public_ips":1},
				"justification":"接口测试：系统上云","period_start":"%sT00:00:00Z","period_end":"%sT00:00:00Z"}`, health.ID, sys.ID, pool.ID, vcpu, mem, start, end)
		}
		nothing := strings.Replace(reqBody(0, 0, "2027-01-01", "2028-01-01"), `"storage_gib":1024,"bandwidth_mbps":50,"public_ips":1`, `"storage_gib":0`, 1)
		s.wantAPIError(s.api("POST", "/api/v1/cloud/requests", "weijian", nothing), 422, "invalid", "vcpu", "nothing requested")
		s.wantAPIError(s.api("POST", "/api/v1/cloud/requests", "weijian", reqBody(4, -2, "2027-01-01", "2028-01-01")), 422, "invalid", "memory_gib", "negative quantity")
		s.wantAPIError(s.api("POST", "/api/v1/cloud/requests", "weijian", reqBody(4, 8, "2027-01-01", "2026-01-01")), 422, "invalid", "period_end", "end before start")
		s.wantAPIError(s.api("POST", "/api/v1/cloud/requests", "jiaoyu", reqBody(4, 8, "2027-01-01", "2028-01-01")), 403, "forbidden", "", "another unit's request")
		s.wantAPIError(s.api("POST", "/api/v1/cloud/requests", "weijian", `{"unit_id":1,"vcpus":4}`), 400, "bad_request", "vcpus", "unknown field")

		var r domain.CloudRequest
		s.apiJSON("POST", "/api/v1/cloud/requests", "weijian", reqBody(32, 64, "2027-01-01", "2029-12-31"), &r)
		if r.Status != domain.CloudDraft || r.SystemName != sys.Name || r.PoolName != "测试池" {
			t.Fatalf("created %+v", r)
		}
		path := fmt.Sprintf("/api/v1/cloud/requests/%d", r.ID)

		// Another unit reads and edits nothing: 404. A stale edit: 409.
		s.wantAPIError(s.api("GET", path, "jiaoyu", ""), 404, "not_found", "", "another unit reads")
		s.wantAPIError(s.api("PATCH", path, "jiaoyu", `{"version":1,"justification":"改"}`), 404, "not_found", "", "another unit edits")
		s.wantAPIError(s.api("PATCH", path, "weijian", `{"version":5,"justification":"改"}`), 409, "conflict", "", "stale request version")
		var edited domain.CloudRequest
		s.apiJSON("PATCH", path, "weijian_head", `{"version":1,"justification":"接口测试：系统上云，扩容"}`, &edited)
		if edited.Version != 2 || edited.Justification != "接口测试：系统上云，扩容" {
			t.Fatalf("edited %+v", edited)
		}

		step := func(actor, body string) reply { return s.api("POST", path+"/transition", actor, body) }
		s.wantAPIError(step("office", `{"version":2,"action":"approve"}`), 409, "conflict", "", "approve a draft")
		var sub domain.CloudRequest
		s.apiJSON("POST", path+"/transition", "weijian", `{"version":2,"action":"submit"}`, &sub)
		if sub.Status != domain.CloudSubmitted {
			t.Fatalf("submitted %+v", sub)
		}
		s.wantAPIError(step("weijian", `{"version":3,"action":"approve"}`), 403, "forbidden", "", "unit approves")
		s.wantAPIError(step("office", `{"version":2,"action":"approve"}`), 409, "conflict", "", "stale step")
		s.wantAPIError(step("office", `{"version":3,"action":"approve","granted":{"vcpu":64,"memory_gib":64,"storage_gib":1024,"bandwidth_mbps":50,"public_ips":1},"note":"多给"}`),
			422, "invalid", "granted_vcpu", "granted more than requested")
		s.wantAPIError(step("office", `{"version":3,"action":"approve","granted":{"vcpu":16,"memory_gib":64,"storage_gib":1024,"bandwidth_mbps":50,"public_ips":1}}`),
			422, "invalid", "note", "partial approval without reasons")
		// The pool holds 40 vCPU and 64 GiB: the whole request (32, 64) fits; grant 16 vCPU.
		var dec domain.CloudRequest
		s.apiJSON("POST", path+"/transition", "office", `{"version":3,"action":"approve","granted":{"vcpu":16,"memory_gib":64,"storage_gib":1024,"bandwidth_mbps":50,"public_ips":1},"note":"vCPU按压测结果核减"}`, &dec)
		if dec.Status != domain.CloudPartiallyApproved || dec.Granted.VCPU != 16 || dec.DecisionNote != "vCPU按压测结果核减" {
			t.Fatalf("decision %+v", dec)
		}
		s.wantAPIError(step("office", `{"version":4,"action":"approve"}`), 409, "conflict", "", "approve twice")

		// A second request does not fit: memory is exhausted. The refusal names it.
		var r2 domain.CloudRequest
		s.apiJSON("POST", "/api/v1/cloud/requests", "weijian", reqBody(8, 16, "2027-01-01", "2029-12-31"), &r2)
		path2 := fmt.Sprintf("/api/v1/cloud/requests/%d/transition", r2.ID)
		s.apiJSON("POST", path2, "weijian", `{"version":1,"action":"submit"}`, &r2)
		msg := s.wantAPIError(s.api("POST", path2, "office", `{"version":2,"action":"approve"}`), 422, "unprocessable", "granted_memory_gib", "oversubscription")
		if msg != "资源池剩余内存不足：申请 16 GiB，剩余 0 GiB" {
			t.Fatalf("oversubscription message %q", msg)
		}
		if msg := s.wantAPIError(s.api("POST", path2, "office", `{"version":2,"action":"approve"}`, "Accept-Language", "en"), 422, "unprocessable", "", "oversubscription (en)"); !strings.Contains(msg, "not enough memory") {
			t.Fatalf("English message %q", msg)
		}

		// Capacity cannot go below the allocation.
		s.wantAPIError(s.api("PATCH", fmt.Sprintf("/api/v1/cloud/pools/%d", pool.ID), "office",
			`{"version":1,"capacity":{"vcpu":40,"memory_gib":32,"storage_gib":2048,"bandwidth_mbps":100,"public_ips":2}}`), 422, "invalid", "memory_gib", "capacity below allocation")

		// Utilisation of the pool and per unit.
		var use app.CloudPoolUse
		s.apiJSON("GET", fmt.Sprintf("/api/v1/cloud/pools/%d/utilisation", pool.ID), "jiaoyu", "", &use)
		if use.Free.VCPU != 24 || use.Free.MemoryGiB != 0 || use.Percent[0] != 40 || use.Percent[1] != 100 {
			t.Fatalf("pool use %+v", use)
		}
		var util app.CloudUtilisation
		s.apiJSON("GET", "/api/v1/cloud/utilisation", "jiaoyu", "", &util)
		if len(util.Pools) != 4 {
			t.Fatalf("utilisation pools %d", len(util.Pools))
		}
		for _, u := range util.Units {
			if u.UnitID != s.unit(cloudUnitEdu).ID {
				t.Fatalf("jiaoyu sees the use of unit %s", u.UnitName)
			}
		}

		// Release returns the capacity; history and list filters.
		s.apiJSON("POST", path+"/transition", "weijian", `{"version":4,"action":"release","note":"迁移完成后释放"}`, &dec)
		s.apiJSON("GET", fmt.Sprintf("/api/v1/cloud/pools/%d/utilisation", pool.ID), "office", "", &use)
		if !use.Pool.Allocated.IsZero() {
			t.Fatalf("after release allocated %+v", use.Pool.Allocated)
		}
		var hist struct{ Items []struct{ Action string } }
		s.apiJSON("GET", path+"/history", "weijian", "", &hist)
		if len(hist.Items) != 5 || hist.Items[0].Action != "cloudrequest.release" {
			t.Fatalf("history %+v", hist.Items)
		}
		s.wantAPIError(s.api("GET", path+"/history", "jiaoyu", ""), 404, "not_found", "", "another unit's history")
		var list struct {
			Items      []domain.CloudRequest
			NextCursor string `json:"next_cursor"`
		}
		s.apiJSON("GET", fmt.Sprintf("/api/v1/cloud/requests?pool_id=%d&status=submitted", pool.ID), "office", "", &list)
		if len(list.Items) != 1 || list.Items[0].ID != r2.ID {
			t.Fatalf("filtered list %+v", list.Items)
		}
		s.apiJSON("GET", "/api/v1/cloud/requests?limit=5", "jiaoyu", "", &list)
		for _, x := range list.Items {
			if x.UnitID != s.unit(cloudUnitEdu).ID {
				t.Fatalf("jiaoyu lists request %d of %s", x.ID, x.UnitName)
			}
		}
		// Keyset pagination walks every request the office may see exactly once.
		seen := map[int64]bool{}
		cursor := ""
		for pages := 0; ; pages++ {
			s.apiJSON("GET", "/api/v1/cloud/requests?limit=7&cursor="+url.QueryEscape(cursor), "office", "", &list)
			for _, x := range list.Items {
				if seen[x.ID] {
					t.Fatalf("request %d on two pages", x.ID)
				}
				seen[x.ID] = true
			}
			if list.NextCursor == "" || pages > 20 {
				break
			}
			cursor = list.NextCursor
		}
		all, _ := s.svc.CloudRequests(s.ctx, app.SystemActor(), store.CloudRequestFilter{})
		if len(seen) != len(all.Items) {
			t.Fatalf("pagination saw %d of %d requests", len(seen), len(all.Items))
		}
		ex := s.api("GET", "/api/v1/cloud/requests/export?status=approved", "office", "")
		if mustWorkbook(t, "export", ex); len(ex.body) < 1000 {
			t.Fatalf("export: %d bytes", len(ex.body))
		}
	})
}

func TestCloudPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		office := s.login("office")
		page := office.get("/cloud")
		mustStatus(t, "GET /cloud", page, 200)
		mustContain(t, "/cloud", page, "政务外网区资源池", "互联网区资源池", "灾备资源池", `<meter class="usebar"`, "各单位已核定资源", "区数据局", "ENV-R1")
		home := office.get("/")
		if !strings.Contains(home.text(), "项政务云资源申请待审核") || !strings.Contains(home.text(), "/cloud/requests?status=submitted") {
			t.Fatalf("office home lacks the cloud to-do:\n%s", home.body)
		}

		// The unit drafts a request through the form; a bad quantity is a field error.
		wj := s.login("weijian")
		form := wj.get("/cloud/requests/new")
		mustStatus(t, "GET /cloud/requests/new", form, 200)
		sys := s.cloudHealthSystem()
		pool := s.svc
		pools, _ := pool.CloudPools(s.ctx, app.SystemActor())
		vals := url.Values{"csrf": {wj.csrf}, "unit_id": {fmt.Sprint(s.unit(cloudUnitHealth).ID)}, "system_id": {fmt.Sprint(sys.ID)},
			"pool_id": {fmt.Sprint(pools[0].ID)}, "vcpu": {"8"}, "memory_gib": {"abc"}, "storage_gib": {"1024"}, "bandwidth_mbps": {"20"},
			"public_ips": {"0"}, "period_start": {"2027-01-01"}, "period_end": {"2029-12-31"}, "justification": {"页面测试：系统上云"}}
		bad := wj.post("/cloud/requests/new", vals)
		mustAnswer(t, "bad quantity", bad, 422, "须为整数", `value="页面测试：系统上云"`)
		vals.Set("memory_gib", "16")
		vals.Set("period_end", "2026-01-01")
		bad = wj.post("/cloud/requests/new", vals)
		mustAnswer(t, "bad period", bad, 422, "结束日期须晚于开始日期")
		vals.Set("period_end", "2029-12-31")
		ok := wj.post("/cloud/requests/new", vals)
		id := createdID(t, "create", ok, "/cloud/requests/")
		detail := wj.get(fmt.Sprintf("/cloud/requests/%d", id))
		mustStatus(t, "detail", detail, 200)
		if !strings.Contains(detail.text(), "草稿") || !strings.Contains(detail.text(), "/steps/submit") || strings.Contains(detail.text(), `id="decision"`) {
			t.Fatalf("draft detail:\n%s", detail.body)
		}
		mustStatus(t, "submit", wj.post(fmt.Sprintf("/cloud/requests/%d/steps/submit", id), url.Values{"csrf": {wj.csrf}, "version": {"1"}}), 303)

		// Another unit: 404 on the page, the edit form and the step.
		jy := s.login("jiaoyu")
		mustStatus(t, "another unit's request page", jy.get(fmt.Sprintf("/cloud/requests/%d", id)), 404)
		mustStatus(t, "another unit's step", jy.post(fmt.Sprintf("/cloud/requests/%d/steps/withdraw", id), url.Values{"csrf": {jy.csrf}, "version": {"2"}}), 404)
		// The unit cannot decide: 403.
		mustStatus(t, "unit decides", wj.post(fmt.Sprintf("/cloud/requests/%d/steps/approve", id), url.Values{"csrf": {wj.csrf}, "version": {"2"}}), 403)

		// The office sees the decision form; a partial approval without reasons is a field error,
		// with reasons it is saved and shown with its history.
		dpage := office.get(fmt.Sprintf("/cloud/requests/%d", id))
		if !strings.Contains(dpage.text(), `id="decision"`) || !strings.Contains(dpage.text(), `name="granted_vcpu"`) || !strings.Contains(dpage.text(), "data-confirm") {
			t.Fatalf("office detail lacks the decision form:\n%s", dpage.body)
		}
		dec := url.Values{"csrf": {office.csrf}, "version": {"2"}, "granted_vcpu": {"4"}, "granted_memory_gib": {"16"}, "granted_storage_gib": {"1024"},
			"granted_bandwidth_mbps": {"20"}, "granted_public_ips": {"0"}}
		bad = office.post(fmt.Sprintf("/cloud/requests/%d/steps/approve", id), dec)
		mustAnswer(t, "partial without reasons", bad, 422, "部分同意", `value="4"`)
		dec.Set("note", "vCPU按实际负载核减")
		mustStatus(t, "partial approval", office.post(fmt.Sprintf("/cloud/requests/%d/steps/approve", id), dec), 303)
		if got := s.storedCloudReq(id); got.Status != domain.CloudPartiallyApproved || got.Granted.VCPU != 4 {
			t.Fatalf("after the decision %+v", got)
		}
		dpage = wj.get(fmt.Sprintf("/cloud/requests/%d", id))
		mustContain(t, "detail after decision", dpage, "部分同意", "vCPU按实际负载核减", "同意资源申请", "提交资源申请", "新建资源申请", "vCPU 4 核", "/steps/release")
		// A stale step re-renders with the conflict.
		mustStatus(t, "stale release", wj.post(fmt.Sprintf("/cloud/requests/%d/steps/release", id), url.Values{"csrf": {wj.csrf}, "version": {"2"}}), 409)

		// Lists, filters and the export.
		list := office.get("/cloud/requests?status=partially_approved&q=" + url.QueryEscape(sys.Name))
		mustAnswer(t, "list", list, 200, fmt.Sprintf(`href="/cloud/requests/%d"`, id))
		jl := jy.get("/cloud/requests")
		if strings.Contains(jl.text(), fmt.Sprintf(`href="/cloud/requests/%d"`, id)) {
			t.Fatal("jiaoyu's list shows the health commission's request")
		}
		ex := office.get("/cloud/requests/export.xlsx?status=approved")
		mustStatus(t, "export", ex, 200)

		// Pools: the office creates and edits; a unit user may not.
		mustStatus(t, "unit user's pool form", wj.get("/cloud/pools/new"), 403)
		pv := url.Values{"csrf": {office.csrf}, "name": {"页面测试池"}, "description": {"测试"}, "vcpu": {"10"}, "memory_gib": {"20"},
			"storage_gib": {"1024"}, "bandwidth_mbps": {"100"}, "public_ips": {"1"}}
		mustStatus(t, "create pool", office.post("/cloud/pools/new", pv), 303)
		after, _ := s.svc.CloudPools(s.ctx, app.SystemActor())
		np := after[len(after)-1]
		edit := office.get(fmt.Sprintf("/cloud/pools/%d", pools[0].ID))
		mustAnswer(t, "pool edit form", edit, 200, `id="history"`, "新建资源池", "vCPU 2048 核")
		pv = url.Values{"csrf": {office.csrf}, "version": {fmt.Sprint(pools[0].Version)}, "name": {pools[0].Name}, "description": {pools[0].Description},
			"vcpu": {"1"}, "memory_gib": {"8192"}, "storage_gib": {fmt.Sprint(pools[0].Capacity.StorageGiB)}, "bandwidth_mbps": {"10000"}, "public_ips": {"16"}}
		bad = office.post(fmt.Sprintf("/cloud/pools/%d", pools[0].ID), pv)
		mustAnswer(t, "capacity below allocation", bad, 422, "不能低于已分配的")
		if np.Name != "页面测试池" {
			t.Fatalf("new pool %+v", np)
		}
		var got map[string]any
		s.apiJSON("GET", fmt.Sprintf("/api/v1/cloud/pools/%d", np.ID), "weijian", "", &got)
		if b, _ := json.Marshal(got["capacity"]); !strings.Contains(string(b), `"vcpu":10`) {
			t.Fatalf("pool via API %s", b)
		}

		// The same pages in English.
		office.setLang("en")
		en := office.get("/cloud")
		mustContain(t, "English /cloud", en, "Government cloud", "Granted per unit", "cores", "TiB", "Capacity")
		en = office.get(fmt.Sprintf("/cloud/requests/%d", id))
		if !strings.Contains(en.text(), "Partially approved") || !strings.Contains(en.text(), "Approve cloud request") {
			t.Fatalf("English request page:\n%s", en.body)
		}
		mustStatus(t, "missing request", office.get("/cloud/requests/999999"), http.StatusNotFound)
	})
}
