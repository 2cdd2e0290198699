package web_test

// Random spot-check rounds over HTTP (FLOW-4), both backends, on the demo: the office opens a
// round on its page (a refused form names the fields, 422), draws it (双随机) and, once every
// check is recorded, publishes it; before, the round is the office's and its inspectors' (404
// for a unit's contact); after, a contact of a unit that was not checked reads its inputs, its
// draws with their commitments and seeds, the outcomes (一公开) and the draw's recomputation
// in the API; the inspector finds the check in 我的抽查 and its outcome form.

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
)

func TestSpotCheckPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		if _, _, err := s.svc.CreateUser(s.ctx, app.SystemActor(), app.NewUser{Username: "office2", Name: "钱敏", Password: demo.Password,
			Grants: []domain.Grant{{Role: domain.RoleOffice}}}); err != nil {
			t.Fatal(err)
		}
		of := s.login("office")
		mustContain(t, "the list", of.get("/spot-checks"), `id="round-form"`, `href="/spot-checks"`)
		form := url.Values{"csrf": {of.csrf}, "version": {"0"}, "title": {"2026年详细设计阶段抽查"}, "stage": {"design"},
			"period_from": {"2000-01-01"}, "period_to": {"2100-12-31"}, "sample_size": {"1"}, "include_key": {"1"},
			"inspectors_per": {"2"}, "pool_office": {"1"}, "pool_experts": {"1"}, "pool_supervisors": {"1"}}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("inspectors_per", "1")
		bad.Del("pool_office")
		bad.Del("pool_experts")
		bad.Del("pool_supervisors")
		mustAnswer(t, "a refused round", of.post("/spot-checks", bad), 422, "须在2至9之间", "至少选择一类检查人员")
		r := of.post("/spot-checks", form)
		mustRedirect(t, "a round", r, "/spot-checks/")
		page := strings.SplitN(r.header.Get("Location"), "?", 2)[0]
		var id int64
		fmt.Sscanf(strings.TrimPrefix(page, "/spot-checks/"), "%d", &id)
		mustContain(t, "the draft", of.get(page), "候选项目", `action="`+page+`/draw"`, "data-confirm")

		contact := s.login("weijian")
		mustStatus(t, "a draft to a unit", contact.get(page), 404)

		mustRedirect(t, "the draw", of.post(page+"/draw", url.Values{"csrf": {of.csrf}, "version": {"1"}}), page)
		x, err := s.svc.CheckRound(s.ctx, app.SystemActor(), id)
		if err != nil {
			t.Fatal(err)
		}
		checks, err := s.svc.SpotChecks(s.ctx, app.SystemActor(), x)
		if err != nil || len(checks) == 0 {
			t.Fatalf("checks: %v %v", checks, err)
		}
		mustAnswer(t, "publishing too early", of.post(page+"/publish", url.Values{"csrf": {of.csrf}, "version": {fmt.Sprint(x.Version)}}), 409)

		// An inspector (a demo login) sees the check in 我的抽查, its form, and the project and
		// task book it checks.
		checked := map[int64]bool{}
		for _, c := range checks {
			checked[c.UnitID] = true
		}
		seen := false
		for _, c := range checks {
			for _, i := range c.Inspectors {
				u, err := s.svc.DB().Read().User(s.ctx, i.UserID)
				if err != nil {
					t.Fatal(err)
				}
				if seen || u.Username == "office2" { // the demo's logins sign in with the harness
					continue
				}
				seen = true
				b := s.login(u.Username)
				mustContain(t, "my checks", b.get("/spot-checks"), `id="my-checks"`, c.ProjectName)
				mustContain(t, "the outcome form", b.get(fmt.Sprintf("%s/checks/%d", page, c.ID)), `name="result.`, "单位阶段材料的响应")
				mustContain(t, "the checked project", b.get(fmt.Sprintf("/projects/%d", c.ProjectID)), c.ProjectName)
				mustContain(t, "its task book", b.get(fmt.Sprintf("/projects/%d/task-book", c.ProjectID)), c.ProjectName)
			}
		}
		if !seen {
			t.Fatal("no demo login was drawn")
		}
		for i, c := range checks {
			reqs, err := s.svc.CheckRequirements(s.ctx, app.SystemActor(), c)
			if err != nil {
				t.Fatal(err)
			}
			in := url.Values{"csrf": {of.csrf}, "version": {fmt.Sprint(c.Version)}}
			for j, q := range reqs {
				in.Set("result."+q.Clause, "responded")
				if i == 0 && j == 0 {
					in.Set("result."+q.Clause, "partial")
					in.Set("comment."+q.Clause, "招标文件未体现数据共享要求")
				}
			}
			mustRedirect(t, "an outcome", of.post(fmt.Sprintf("%s/checks/%d", page, c.ID), in), page)
		}
		x, _ = s.svc.CheckRound(s.ctx, app.SystemActor(), id)
		mustRedirect(t, "the publication", of.post(page+"/publish", url.Values{"csrf": {of.csrf}, "version": {fmt.Sprint(x.Version)}}), page)

		// 一公开: a contact of a unit that was not checked reads the round.
		i := slices.IndexFunc([]string{"weijian", "jiaoyu", "yuanhe", "finance", "audit"}, func(name string) bool {
			u := s.user(name)
			return u.UnitID != 0 && !checked[u.UnitID]
		})
		if i < 0 {
			t.Fatal("every unit login's unit was checked")
		}
		outsider := []string{"weijian", "jiaoyu", "yuanhe", "finance", "audit"}[i]
		b := s.login(outsider)
		body := b.get(page)
		// The failed check's rectification notice, by its number and status (FLOW-4: the
		// rectifications are part of what is published).
		failed, err := s.svc.SpotCheck(s.ctx, app.SystemActor(), checks[0].ID)
		if err != nil || failed.RectificationID == 0 {
			t.Fatalf("the failed check: %+v %v", failed, err)
		}
		notice, err := s.svc.Rectification(s.ctx, app.SystemActor(), failed.RectificationID)
		if err != nil {
			t.Fatal(err)
		}
		mustContain(t, "the published round", body, "2026年详细设计阶段抽查", "已公开", "详细设计", "回避规则", "抽取检查人员",
			"部分响应", "招标文件未体现数据共享要求", "验证通过", "archgov draw verify", checks[0].ProjectName, checks[0].Inspectors[0].Name,
			notice.DocNumber, "待整改")
		commit := regexp.MustCompile(`<code>([0-9a-f]{64})</code>`).FindAllStringSubmatch(body.text(), -1)
		if len(commit) < 2 {
			t.Fatalf("the page shows %d commitments/seeds", len(commit))
		}
		mustContain(t, "the check", b.get(fmt.Sprintf("%s/checks/%d", page, checks[0].ID)), "部分响应", "不合格", notice.DocNumber)
		mustContain(t, "the list", b.get("/spot-checks"), "2026年详细设计阶段抽查")
		var chk app.DrawCheck
		s.apiJSON("GET", fmt.Sprintf("/api/v1/spot-checks/%d/draws/%d", id, checks[0].InspectorDrawID), outsider, "", &chk)
		if !chk.OK || len(chk.Published.Result) != 2 {
			t.Fatalf("the draw's recomputation: %+v", chk)
		}
	})
}
