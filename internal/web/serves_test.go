package web_test

import (
	"fmt"
	"net/url"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// servesSystem reads a demo system by code, bypassing HTTP.
func (s *site) servesSystem(code string) *domain.System {
	s.t.Helper()
	ss, err := s.svc.DB().Read().SystemsByCodes(s.ctx, []string{code})
	if err != nil || ss[code] == nil {
		s.t.Fatalf("system %s: %v", code, err)
	}
	return ss[code]
}

// TestSystemPageListsWhatItServes: the system page lists the websites and new-media accounts
// whose system is this one, as far as the viewer may see them, and links the system's cloud
// requests; the media pages show and set the system an account serves.
func TestSystemPageListsWhatItServes(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		cli := app.SystemActor()
		health, edu := s.unit("320507119"), s.unit("320507105")
		appt := s.servesSystem("XC-SYS-0070") // the demo's 相城预约挂号 mini program serves it
		mini := s.sitesMedia(domain.MediaMiniProgram, "相城预约挂号")
		w := &domain.Website{Name: "相城预约挂号网", Host: "yygh.wjw.szxc.gov.cn", UnitID: health.ID, Hosting: domain.HostingCloud, SystemID: appt.ID}
		if err := s.svc.CreateWebsite(s.ctx, cli, w); err != nil {
			t.Fatal(err)
		}
		b := s.login("weijian")
		page := b.get(fmt.Sprintf("/systems/%d", appt.ID))
		mustStatus(t, "system page", page, 200)
		mustContain(t, "system page", page, `id="serves"`, "服务的网站与新媒体", "相城预约挂号", fmt.Sprintf(`href="/new-media/%d"`, mini.ID),
			"小程序", "yygh.wjw.szxc.gov.cn", fmt.Sprintf(`href="/websites/%d"`, w.ID), "未备案",
			fmt.Sprintf(`href="/cloud/requests?system_id=%d"`, appt.ID), fmt.Sprintf(`href="/new-media?system_id=%d"`, appt.ID))
		// A system serving nothing says so.
		mustContain(t, "empty", b.get(fmt.Sprintf("/systems/%d", s.servesSystem("XC-SYS-0073").ID)), "暂无关联本系统的网站或新媒体账号")

		// A system that moved to 卫健委 while a closed 教育局 account still names it: 卫健委
		// sees the system but not the other unit's account; the office sees both.
		sys := &domain.System{Code: "XC-WJ-SV2", Name: "服务测试系统", UnitID: edu.ID, Purpose: "日常业务办理", Category: domain.CategoryBusiness,
			Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet,
			UserLevels: []domain.UserLevel{domain.LevelDistrict}, GoLive: time.Date(2019, 5, 1, 0, 0, 0, 0, time.UTC), Vendor: "苏州某科技有限公司"}
		if err := s.svc.CreateSystem(s.ctx, cli, sys); err != nil {
			t.Fatal(err)
		}
		acct := &domain.MediaAccount{Kind: domain.MediaApp, Name: "教育服务测试App", AccountID: "cn.gov.szxc.svweb", UnitID: edu.ID, SystemID: sys.ID}
		if err := s.svc.CreateMediaAccount(s.ctx, cli, acct); err != nil {
			t.Fatal(err)
		}
		m, err := s.svc.TransitionMedia(s.ctx, cli, acct.ID, app.MediaStep{Version: acct.Version, Action: domain.MediaDecide, Decision: domain.DecideClose, Note: "关停"})
		if err == nil {
			_, err = s.svc.TransitionMedia(s.ctx, cli, acct.ID, app.MediaStep{Version: m.Version, Action: domain.MediaComplete})
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.svc.UpdateSystem(s.ctx, cli, sys.ID, app.SystemEdit{Version: sys.Version, UnitID: &health.ID}); err != nil {
			t.Fatalf("move: %v", err)
		}
		moved := b.get(fmt.Sprintf("/systems/%d", sys.ID))
		mustStatus(t, "moved system", moved, 200)
		mustNotContain(t, "moved system as weijian", moved, "教育服务测试App")
		mustContain(t, "moved system as weijian", moved, "暂无关联本系统的网站或新媒体账号")
		mustContain(t, "moved system as office", s.login("office").get(fmt.Sprintf("/systems/%d", sys.ID)), "教育服务测试App", "已落实")
		// Another unit's user does not see the system page at all.
		mustStatus(t, "other unit's system", s.login("jiaoyu").get(fmt.Sprintf("/systems/%d", appt.ID)), 404)

		// The media page names the system; the form offers the unit's systems and links one.
		detail := b.get(fmt.Sprintf("/new-media/%d", mini.ID))
		mustContain(t, "media page", detail, `id="system"`, fmt.Sprintf(`href="/systems/%d"`, appt.ID), "XC-SYS-0070")
		form := b.get(fmt.Sprintf("/new-media/%d/edit", mini.ID))
		mustContain(t, "media form", form, `name="system_id"`, fmt.Sprintf(`<option value="%d" selected>`, appt.ID), "XC-SYS-0069")
		mustNotContain(t, "media form", form, "XC-SYS-0020") // 教育局's
		other := s.servesSystem("XC-SYS-0020")
		post := func(system int64) reply {
			cur := s.sitesMedia(domain.MediaMiniProgram, "相城预约挂号")
			return b.post(fmt.Sprintf("/new-media/%d", mini.ID), url.Values{"csrf": {b.csrf}, "version": {fmt.Sprint(cur.Version)}, "kind": {"mini_program"},
				"name": {cur.Name}, "account_id": {cur.AccountID}, "unit_id": {fmt.Sprint(health.ID)}, "topic": {cur.Topic}, "system_id": {fmt.Sprint(system)}})
		}
		r := post(other.ID)
		mustStatus(t, "another unit's system", r, 422)
		mustContain(t, "another unit's system", r, "所属信息系统不存在")
		mustNotContain(t, "another unit's system", r, other.Name)
		mustRedirect(t, "link 0069", post(s.servesSystem("XC-SYS-0069").ID), fmt.Sprintf("/new-media/%d", mini.ID))
		if got := s.sitesMedia(domain.MediaMiniProgram, "相城预约挂号"); got.SystemID != s.servesSystem("XC-SYS-0069").ID {
			t.Errorf("after the form the account serves %d", got.SystemID)
		}
	})
}

// TestAPIListsBySystem: /api/v1/websites and /api/v1/new-media filter by system_id, within the
// caller's scope; an id that is not a number is a field error.
func TestAPIListsBySystem(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		portal := s.servesSystem("XC-SYS-0091") // 相城区政务服务网: its site, its app and its service account
		enrol := s.servesSystem("XC-SYS-0020")
		runAPICases(t, s, []apiCase{
			{name: "media of the portal", method: "GET", path: fmt.Sprintf("/api/v1/new-media?system_id=%d", portal.ID), actor: "office", want: 200,
				has: []string{`"name":"相城通"`, `"name":"相城政务服务"`, fmt.Sprintf(`"system_id":%d`, portal.ID)}, hasNot: []string{"相城办事", "相城发布"}},
			{name: "websites of the portal", method: "GET", path: fmt.Sprintf("/api/v1/websites?system_id=%d", portal.ID), actor: "office", want: 200,
				has: []string{`"host":"zwfw.szxc.gov.cn"`}, hasNot: []string{`"host":"www.szxc.gov.cn"`, `"host":"bsdt.szxc.gov.cn"`}},
			{name: "media of 教育局's system as jiaoyu", method: "GET", path: fmt.Sprintf("/api/v1/new-media?system_id=%d", enrol.ID), actor: "jiaoyu", want: 200,
				has: []string{`"name":"相城入学报名"`}, hasNot: []string{"相城教育发布"}},
			{name: "media of 教育局's system as weijian", method: "GET", path: fmt.Sprintf("/api/v1/new-media?system_id=%d", enrol.ID), actor: "weijian", want: 200,
				hasNot: []string{"相城入学报名"}},
			{name: "bad system_id", method: "GET", path: "/api/v1/new-media?system_id=abc", actor: "office", want: 422, has: []string{`"field":"system_id"`}},
			{name: "bad website system_id", method: "GET", path: "/api/v1/websites?system_id=abc", actor: "office", want: 422, has: []string{`"field":"system_id"`}},
		})
	})
}
