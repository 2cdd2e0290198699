package web_test

// The expert pool and the verifiable draws (BLD-R3) through the web: the office registers an
// expert on the form (every problem at once, what was typed kept), draws from the pool on the
// drawing form, and reads the draw's page with its recomputation; the same through the JSON
// API, whose draw docs/draw_verify.py recomputes without archgov.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func TestExpertPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		office := s.login("office")
		mustAnswer(t, "the pool", office.get("/experts"), 200, "黄立群", "苏州大学计算机科学与技术学院", "冯立新", "区卫生健康委员会", "登记专家")
		mustAnswer(t, "the pool filtered", office.get("/experts?specialty=budget&active=1"), 200, "朱丽华", "韩永刚")
		mustNotContain(t, "the pool filtered", office.get("/experts?specialty=budget&active=1"), "黄立群", "邵佳")
		mustAnswer(t, "the new expert form", office.get("/experts/new"), 200, `name="specialties"`, "网络安全", "黄立群（expert）")

		health := s.unit("320507119")
		bad := url.Values{"csrf": {office.csrf}, "name": {"林海"}, "organization": {""}, "phone": {"call me"}, "unit_id": {fmt.Sprint(health.ID)}}
		mustAnswer(t, "a refused expert", office.post("/experts/new", bad), 422, "工作单位", "至少选择一个专业领域", `value="林海"`)

		good := url.Values{"csrf": {office.csrf}, "name": {"林海"}, "organization": {"苏州市信息中心"}, "title": {"高级工程师"}, "phone": {"13905127099"},
			"unit_id": {fmt.Sprint(health.ID)}, "specialties": {"cloud", "security"}, "user_id": {"0"}, "active": {"1"}}
		id := createdID(t, "register an expert", office.post("/experts/new", good), "/experts/")
		page := office.get(fmt.Sprintf("/experts/%d", id))
		mustAnswer(t, "the expert's page", page, 200, "林海", "区卫生健康委员会", "网络安全、云计算", "13905127099", "在库", "登记专家")

		// Deactivating from the form (the box unticked): kept, marked inactive.
		edit := url.Values{"csrf": {office.csrf}, "version": {"1"}, "name": {"林海"}, "organization": {"苏州市信息中心"}, "phone": {"13905127099"},
			"unit_id": {fmt.Sprint(health.ID)}, "specialties": {"cloud"}, "user_id": {"0"}}
		mustRedirect(t, "deactivate", office.post(fmt.Sprintf("/experts/%d", id), edit), fmt.Sprintf("/experts/%d", id))
		mustAnswer(t, "the inactive expert", office.get(fmt.Sprintf("/experts/%d", id)), 200, "已停用", "修改专家信息")

		// A unit's people see nothing of the pool; the expert reads their own record only.
		weijian := s.login("weijian_head")
		mustStatus(t, "a unit's pool", weijian.get("/experts"), 403)
		mustStatus(t, "a unit's expert page", weijian.get(fmt.Sprintf("/experts/%d", id)), 404)
		expert := s.login("expert")
		own, err := s.svc.DB().Read().ExpertByUser(s.ctx, s.user("expert").ID)
		if err != nil {
			t.Fatal(err)
		}
		mustAnswer(t, "the expert's own record", expert.get(fmt.Sprintf("/experts/%d", own.ID)), 200, "黄立群", "13905127001")
		mustNotContain(t, "the expert's own record", expert.get(fmt.Sprintf("/experts/%d", own.ID)), `href="/experts/`+fmt.Sprint(own.ID)+`/edit"`)
		mustStatus(t, "the expert's edit form", expert.get(fmt.Sprintf("/experts/%d/edit", own.ID)), 403)
		mustStatus(t, "another expert's page", expert.get(fmt.Sprintf("/experts/%d", id)), 404)
	})
}

func TestExpertAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		var e domain.Expert
		s.apiJSON("POST", "/api/v1/experts", "office", `{"name":"林海","organization":"苏州市信息中心","phone":"13905127099","specialties":["software"]}`, &e)
		if !e.Active || e.ID == 0 || !slices.Equal(e.Specialties, []domain.Specialty{domain.SpecSoftware}) {
			t.Fatalf("created: %+v", e)
		}
		path := fmt.Sprintf("/api/v1/experts/%d", e.ID)
		r := s.api("POST", "/api/v1/experts", "office", `{"name":"","organization":"x","phone":"1","specialties":["astrology"]}`)
		s.wantAPIError(r, 422, "invalid", "name", "an expert without a name")
		mustContain(t, "every problem named", r, "phone", "specialties")
		s.wantAPIError(s.api("POST", "/api/v1/experts", "weijian", `{"name":"x"}`), 403, "forbidden", "", "a unit registering an expert")
		s.wantAPIError(s.api("GET", "/api/v1/experts", "leader", ""), 403, "forbidden", "", "a leader listing the pool")
		s.wantAPIError(s.api("GET", path, "weijian", ""), 404, "not_found", "", "a unit reading an expert")

		expert := s.user("expert")
		s.wantAPIError(s.api("PATCH", path, "office", fmt.Sprintf(`{"version":%d,"user_id":%d}`, e.Version, expert.ID)), 422, "invalid", "user_id", "a login linked twice")
		s.apiJSON("PATCH", path, "office", fmt.Sprintf(`{"version":%d,"title":"高级工程师","active":false}`, e.Version), &e)
		if e.Active || e.Title != "高级工程师" {
			t.Fatalf("after the edit: %+v", e)
		}
		s.wantAPIError(s.api("PATCH", path, "office", `{"version":1,"title":"x"}`), 409, "conflict", "", "a stale edit")

		var list struct{ Items []domain.Expert }
		s.apiJSON("GET", "/api/v1/experts?active=0", "office", "", &list)
		var names []string
		for _, x := range list.Items {
			names = append(names, x.Name)
		}
		if !slices.Contains(names, "林海") || slices.Contains(names, "黄立群") {
			t.Fatalf("inactive experts: %v", names)
		}
		s.wantAPIError(s.api("GET", "/api/v1/experts?specialty=astrology", "office", ""), 422, "invalid", "specialty", "an unknown specialty")
		var hist struct{ Items []json.RawMessage }
		s.apiJSON("GET", path+"/history", "office", "", &hist)
		if len(hist.Items) != 2 {
			t.Fatalf("history: %d records", len(hist.Items))
		}
	})
}

func TestDrawPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		office := s.login("office")
		health := s.unit("320507119")
		draws := office.get("/draws") // the demo's draws for its applications under review and approved
		mustAnswer(t, "the draws", draws, 200, "抽取专家", "立项专家评审")
		mustNotContain(t, "the draws", draws, "暂无抽取记录")
		form := office.get(fmt.Sprintf("/draws/new?subject_id=90012&exclude_unit_id=%d", health.ID))
		mustAnswer(t, "the drawing form", form, 200, `value="90012"`, "回避单位", "符合条件的专家：", "黄立群")
		mustNotContain(t, "the drawing form's eligible experts", form, "冯立新", "邵佳", "徐明远") // 卫健委's, and the inactive

		// Too many asked for: 422 on count, what was typed kept.
		r := office.post("/draws/new", url.Values{"csrf": {office.csrf}, "purpose": {"project_review"}, "subject_kind": {"project"}, "subject_id": {"90012"},
			"exclude_unit_id": {fmt.Sprint(health.ID)}, "count": {"40"}})
		mustAnswer(t, "too many", r, 422, "抽取人数", "要抽取40人，符合条件的专家只有", `value="40"`, "符合条件的专家：")

		id := createdID(t, "draw", office.post("/draws/new", url.Values{"csrf": {office.csrf}, "purpose": {"project_review"}, "subject_kind": {"project"},
			"subject_id": {"90012"}, "exclude_unit_id": {fmt.Sprint(health.ID)}, "count": {"3"}, "specialty": {""}}), "/draws/")
		d, err := s.svc.Draw(s.ctx, app.SystemActor(), id)
		if err != nil {
			t.Fatal(err)
		}
		page := office.get(fmt.Sprintf("/draws/%d", id))
		mustAnswer(t, "the draw's page", page, 200, "复算一致", d.Commitment, d.Seed, d.Name(d.Result[0]), "区卫生健康委员会", "python3 docs/draw_verify.py", "archgov draw verify",
			`<a href="/projects/90012" id="draw-subject">`) // back to the application, to assign the drawn (BLD-R3)
		// The candidates in canonical order, none of 卫健委's experts among them.
		mustNotContain(t, "the draw's page", page, "冯立新")
		body := page.text()
		last := -1
		for _, c := range d.Pool {
			i := strings.Index(body, `<td class="mono">`+c.Key+`</td>`)
			if i < last {
				t.Fatalf("candidate %s shown out of canonical order", c.Key)
			}
			last = i
		}
		mustAnswer(t, "the draws list", office.get(fmt.Sprintf("/draws?subject_kind=project&subject_id=90012&unit_id=%d", health.ID)), 200, fmt.Sprintf("抽取记录 %d", id), "3 / ")

		j := office.get(fmt.Sprintf("/draws/%d/draw.json", id))
		mustAnswer(t, "the draw as JSON", j, 200, `"commitment"`, `"seed"`)
		if cd := j.header.Get("Content-Disposition"); !strings.Contains(cd, fmt.Sprintf("draw-%d.json", id)) {
			t.Errorf("Content-Disposition %q", cd)
		}

		// A tampered seed shows on the page, named.
		if _, err := s.svc.DB().Writer().ExecContext(s.ctx, fmt.Sprintf(`UPDATE draws SET seed = '%s' WHERE id = %d`, strings.Repeat("07", 32), id)); err != nil {
			t.Fatal(err)
		}
		mustAnswer(t, "a tampered draw", office.get(fmt.Sprintf("/draws/%d", id)), 200, "复算不一致", "种子与承诺不符")

		// Nobody else sees draws.
		weijian := s.login("weijian_head")
		mustStatus(t, "a unit's draws", weijian.get("/draws"), 403)
		mustStatus(t, "a unit's draw page", weijian.get(fmt.Sprintf("/draws/%d", id)), 404)
		mustStatus(t, "a unit drawing", weijian.post("/draws/new", url.Values{"csrf": {weijian.csrf}, "count": {"1"}}), 403)
	})
}

func TestDrawAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := s.unit("320507119")
		req := func(n int, extra string) string {
			return fmt.Sprintf(`{"purpose":"project_review","subject_kind":"project","subject_id":90007,"exclude_unit_id":%d,"count":%d%s}`, health.ID, n, extra)
		}
		s.wantAPIError(s.api("POST", "/api/v1/draws", "office", req(45, "")), 422, "invalid", "count", "too few eligible experts")
		s.wantAPIError(s.api("POST", "/api/v1/draws", "office", `{"purpose":"project_review","subject_kind":"project","subject_id":90007,"count":2}`), 422, "invalid", "exclude_unit_id", "no unit left out")
		s.wantAPIError(s.api("POST", "/api/v1/draws", "weijian_head", req(2, "")), 403, "forbidden", "", "a unit drawing")
		s.wantAPIError(s.api("GET", "/api/v1/draws", "expert", ""), 403, "forbidden", "", "an expert listing draws")

		r := s.api("POST", "/api/v1/draws", "office", req(3, `,"specialty":"software"`))
		mustStatus(t, "draw", r, 201)
		var d domain.Draw
		if err := json.Unmarshal(r.body, &d); err != nil {
			t.Fatal(err)
		}
		if len(d.Result) != 3 || d.Specialty != domain.SpecSoftware || d.Seed == "" || d.Commitment == "" || len(d.Candidates) != len(d.Pool) {
			t.Fatalf("drawn: %+v", d)
		}
		s.wantAPIError(s.api("POST", "/api/v1/draws", "office", req(3, "")), 422, "invalid", "reason", "drawing again without a reason")

		path := fmt.Sprintf("/api/v1/draws/%d", d.ID)
		s.wantAPIError(s.api("GET", path, "weijian_head", ""), 404, "not_found", "", "a unit reading a draw")
		s.wantAPIError(s.api("GET", path+"/verify", "expert", ""), 404, "not_found", "", "an expert verifying a draw")
		var check app.DrawCheck
		s.apiJSON("GET", path+"/verify", "office", "", &check)
		if !check.OK || !slices.Equal(check.Recomputed, d.Result) || check.Published.Seed != d.Seed {
			t.Fatalf("verify: %+v", check)
		}
		var list struct{ Items []domain.Draw }
		s.apiJSON("GET", "/api/v1/draws?subject_kind=project&subject_id=90007", "office", "", &list)
		if len(list.Items) != 1 || list.Items[0].ID != d.ID {
			t.Fatalf("the subject's draws: %+v", list.Items)
		}

		// The API's answer is what docs/draw_verify.py reads: it recomputes the draw without
		// archgov, and refuses it with another seed.
		got := s.api("GET", path, "office", "")
		mustStatus(t, "get the draw", got, 200)
		if out, code, ok := pyVerify(t, got.body); ok && (code != 0 || !strings.Contains(out, "verified")) {
			t.Fatalf("draw_verify.py on the kept draw: exit %d\n%s", code, out)
		}
		var raw map[string]any
		_ = json.Unmarshal(got.body, &raw)
		raw["seed"] = strings.Repeat("07", 32)
		tampered, _ := json.Marshal(raw)
		if out, code, ok := pyVerify(t, tampered); ok && (code != 1 || !strings.Contains(out, "does not match the commitment")) {
			t.Fatalf("draw_verify.py on a changed seed: exit %d\n%s", code, out)
		}
	})
}

// pyVerify runs docs/draw_verify.py on a draw; ok is false (and the test says so) when there is
// no python3 with SM3 on this machine.
func pyVerify(t *testing.T, draw []byte) (out string, code int, ok bool) {
	t.Helper()
	if err := exec.Command("python3", "-c", `import hashlib; hashlib.new("sm3")`).Run(); err != nil {
		t.Log("no python3 with SM3: docs/draw_verify.py not run")
		return "", 0, false
	}
	cmd := exec.Command("python3", filepath.Join("..", "..", "docs", "draw_verify.py"))
	cmd.Stdin = bytes.NewReader(draw)
	b, err := cmd.CombinedOutput()
	if ee, isExit := err.(*exec.ExitError); isExit {
		return string(b), ee.ExitCode(), true
	} else if err != nil {
		t.Fatal(err)
	}
	return string(b), 0, true
}
