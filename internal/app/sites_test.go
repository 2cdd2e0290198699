package app_test

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/sheet"
	"archgov/internal/store"
)

// Websites (PTL-R3) and new-media accounts (PTL-R4): the use cases on the demo district, with
// their refusals. The clock (t0, 2026) is years past the default registration deadline.

func (e *env) sitesWebsite(host string) *domain.Website {
	e.t.Helper()
	ws, err := e.db.Read().WebsitesByHosts(e.ctx, []string{host})
	if err != nil || ws[host] == nil {
		e.t.Fatalf("website %s: %v", host, err)
	}
	return ws[host]
}

func (e *env) sitesNewWebsite(who, host, unitCode string) *domain.Website {
	e.t.Helper()
	w := &domain.Website{Name: "测试网站 " + host, Host: host, UnitID: e.unit(unitCode).ID, Hosting: domain.HostingCloud}
	if err := e.svc.CreateWebsite(e.ctx, e.actor(who), w); err != nil {
		e.t.Fatalf("create website %s as %s: %v", host, who, err)
	}
	return w
}

func (e *env) sitesWebStep(who string, w *domain.Website, act domain.WebAction, note string) (*domain.Website, error) {
	e.t.Helper()
	cur, err := e.db.Read().Website(e.ctx, w.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return e.svc.TransitionWebsite(e.ctx, e.actor(who), w.ID, app.WebsiteStep{Version: cur.Version, Action: act, Note: note})
}

func TestWebsiteCreateValidates(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		before := e.head()
		w := &domain.Website{Name: " 卫健委测试网站 ", Host: "HTTPS://Test-WJW.szxc.gov.cn:443/index.html?a=1", UnitID: e.unit("320507119").ID,
			ICP: "苏ICP备 １２３４５６７８号－1", SiteCode: "32050700zz", Hosting: domain.HostingCloud}
		if err := e.svc.CreateWebsite(e.ctx, e.actor("weijian"), w); err != nil {
			t.Fatal(err)
		}
		e.wantAudit(before, "website.create", "weijian")
		got, err := e.svc.Website(e.ctx, e.actor("weijian"), w.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Host != "test-wjw.szxc.gov.cn" || got.Name != "卫健委测试网站" || got.ICP != "苏ICP备12345678号-1" || got.SiteCode != "32050700ZZ" {
			t.Errorf("stored %q %q %q %q", got.Host, got.Name, got.ICP, got.SiteCode)
		}
		if got.Status != domain.WebUnregistered || !got.Overdue {
			t.Errorf("new site: status %s overdue %v, want unregistered and overdue (2026 is past 2019-08-22)", got.Status, got.Overdue)
		}

		unit := e.unit("320507119").ID
		for _, c := range []struct {
			name  string
			w     domain.Website
			field string
			code  domain.Code
		}{
			{"bad hosting", domain.Website{Name: "x", Host: "a1.szxc.gov.cn", UnitID: unit, Hosting: "cloud9"}, "hosting", domain.EInvalid},
			{"no hosting", domain.Website{Name: "x", Host: "a2.szxc.gov.cn", UnitID: unit}, "hosting", domain.EInvalid},
			{"ftp url", domain.Website{Name: "x", Host: "ftp://a3.szxc.gov.cn", UnitID: unit, Hosting: domain.HostingCloud}, "host", domain.EInvalid},
			{"no dot", domain.Website{Name: "x", Host: "localhost", UnitID: unit, Hosting: domain.HostingCloud}, "host", domain.EInvalid},
			{"spaces", domain.Website{Name: "x", Host: "相城 网站", UnitID: unit, Hosting: domain.HostingCloud}, "host", domain.EInvalid},
			{"user in url", domain.Website{Name: "x", Host: "http://u@a4.szxc.gov.cn", UnitID: unit, Hosting: domain.HostingCloud}, "host", domain.EInvalid},
			{"short site code", domain.Website{Name: "x", Host: "a5.szxc.gov.cn", UnitID: unit, Hosting: domain.HostingCloud, SiteCode: "32050"}, "site_code", domain.EInvalid},
			{"site code with dash", domain.Website{Name: "x", Host: "a6.szxc.gov.cn", UnitID: unit, Hosting: domain.HostingCloud, SiteCode: "3205-07000"}, "site_code", domain.EInvalid},
			{"bad icp", domain.Website{Name: "x", Host: "a7.szxc.gov.cn", UnitID: unit, Hosting: domain.HostingCloud, ICP: "ICP备12345678"}, "icp", domain.EInvalid},
			{"taken host", domain.Website{Name: "x", Host: "http://wjw.szxc.gov.cn/", UnitID: unit, Hosting: domain.HostingCloud}, "host", domain.EInvalid},
			{"taken site code", domain.Website{Name: "x", Host: "a8.szxc.gov.cn", UnitID: unit, Hosting: domain.HostingCloud, SiteCode: "3205070025"}, "site_code", domain.EInvalid},
			{"system of another unit", domain.Website{Name: "x", Host: "a9.szxc.gov.cn", UnitID: unit, Hosting: domain.HostingCloud,
				SystemID: e.sitesSystemID("XC-SYS-0001")}, "system_id", domain.EInvalid},
			{"another unit's site", domain.Website{Name: "x", Host: "a10.szxc.gov.cn", UnitID: e.unit("320507105").ID, Hosting: domain.HostingCloud}, "", domain.EForbidden},
		} {
			before := e.head()
			w := c.w
			err := e.svc.CreateWebsite(e.ctx, e.actor("weijian"), &w)
			wantCode(t, err, c.code, c.field)
			e.wantNoAudit(before)
		}
	})
}

func TestWebsiteEditRefusals(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		wjw := e.sitesWebsite("wjw.szxc.gov.cn")
		// Another unit's 联系人 gets 404, the same as for a missing site, and changes nothing.
		before := e.head()
		_, err := e.svc.UpdateWebsite(e.ctx, e.actor("jiaoyu"), wjw.ID, app.WebsiteEdit{Version: wjw.Version, Name: ptr("改名")})
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.Website(e.ctx, e.actor("jiaoyu"), wjw.ID)
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.WebsiteHistory(e.ctx, e.actor("yuanhe"), wjw.ID)
		wantCode(t, err, domain.ENotFound, "")
		// A stale version is a conflict.
		_, err = e.svc.UpdateWebsite(e.ctx, e.actor("weijian"), wjw.ID, app.WebsiteEdit{Version: wjw.Version - 1, Name: ptr("改名")})
		wantCode(t, err, domain.EConflict, "")
		e.wantNoAudit(before)
		// The leader of 卫健委 sees its site but may not edit it.
		if _, err := e.svc.Website(e.ctx, e.actor("leader"), wjw.ID); err != nil {
			t.Errorf("leader reads the site: %v", err)
		}
		_, err = e.svc.UpdateWebsite(e.ctx, e.actor("leader"), wjw.ID, app.WebsiteEdit{Version: wjw.Version, Name: ptr("改名")})
		wantCode(t, err, domain.EForbidden, "")

		// Merge targets: not itself, no cycles, not a closed site.
		a := e.sitesNewWebsite("weijian", "a.wjw.szxc.gov.cn", "320507119")
		b := e.sitesNewWebsite("weijian", "b.wjw.szxc.gov.cn", "320507119")
		if _, err := e.svc.UpdateWebsite(e.ctx, e.actor("weijian"), a.ID, app.WebsiteEdit{Version: a.Version, MergeInto: &b.ID}); err != nil {
			t.Fatalf("a → b: %v", err)
		}
		before = e.head()
		_, err = e.svc.UpdateWebsite(e.ctx, e.actor("weijian"), b.ID, app.WebsiteEdit{Version: b.Version, MergeInto: &a.ID})
		wantMessage(t, err, domain.EInvalid, "err.website.merge_cycle")
		_, err = e.svc.UpdateWebsite(e.ctx, e.actor("weijian"), b.ID, app.WebsiteEdit{Version: b.Version, MergeInto: &b.ID})
		wantMessage(t, err, domain.EInvalid, "err.website.merge_self")
		closed := e.sitesWebsite("spaq.szxc.gov.cn").ID
		_, err = e.svc.UpdateWebsite(e.ctx, e.actor("office"), b.ID, app.WebsiteEdit{Version: b.Version, MergeInto: &closed})
		wantMessage(t, err, domain.EInvalid, "err.website.merge_gone")
		// A unit user cannot merge into a site it cannot see (another unit's).
		portal := e.sitesWebsite("www.szxc.gov.cn").ID
		_, err = e.svc.UpdateWebsite(e.ctx, e.actor("weijian"), b.ID, app.WebsiteEdit{Version: b.Version, MergeInto: &portal})
		wantMessage(t, err, domain.EInvalid, "err.website.merge_target")
		// A bad enum on edit is a field error.
		bad := domain.Hosting("cloud9")
		_, err = e.svc.UpdateWebsite(e.ctx, e.actor("weijian"), b.ID, app.WebsiteEdit{Version: b.Version, Hosting: &bad})
		wantCode(t, err, domain.EInvalid, "hosting")
		e.wantNoAudit(before)
	})
}

func TestWebsiteRegistrationSteps(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		w := e.sitesNewWebsite("weijian", "steps.wjw.szxc.gov.cn", "320507119")
		// The unit submits; only the office registers.
		if _, err := e.sitesWebStep("weijian", w, domain.WebSubmit, ""); err != nil {
			t.Fatal(err)
		}
		before := e.head()
		_, err := e.sitesWebStep("weijian_head", w, domain.WebAccept, "")
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.sitesWebStep("office", w, domain.WebIssueNotice, "关停")
		wantCode(t, err, domain.EConflict, "") // submitted: no notice
		e.wantNoAudit(before)
		got, err := e.sitesWebStep("office", w, domain.WebAccept, "")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != domain.WebRegistered || !got.RegisteredDate.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) || got.Overdue {
			t.Errorf("after accept: %s %v overdue %v", got.Status, got.RegisteredDate, got.Overdue)
		}
		e.wantAudit(before, "website.accept", "office")
		// A registered site gets no shutdown notice (409).
		_, err = e.sitesWebStep("office", w, domain.WebIssueNotice, "关停")
		wantCode(t, err, domain.EConflict, "")

		// Returned registrations are unregistered again.
		r := e.sitesNewWebsite("weijian", "returned.wjw.szxc.gov.cn", "320507119")
		e.sitesWebStep("weijian", r, domain.WebSubmit, "")
		if got, err := e.sitesWebStep("office", r, domain.WebReturn, "材料不全"); err != nil || got.Status != domain.WebUnregistered {
			t.Fatalf("return: %v %v", got, err)
		}

		// Shutdown notice: refused before the deadline, for the unit, and without a text.
		g, v, err := e.svc.Governance(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		later := g
		later.WebsiteDeadline = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
		if err := e.svc.UpdateGovernance(e.ctx, e.actor("office"), later, v); err != nil {
			t.Fatal(err)
		}
		before = e.head()
		_, err = e.sitesWebStep("office", r, domain.WebIssueNotice, "关停")
		wantMessage(t, err, domain.EUnprocessable, "err.website.before_deadline")
		if n, err := e.svc.CountWebsites(e.ctx, e.actor("office"), store.WebsiteFilter{Overdue: true}); err != nil || n != 0 {
			t.Errorf("before the deadline %d sites overdue (%v), want 0", n, err)
		}
		if got, _ := e.svc.Website(e.ctx, e.actor("weijian"), r.ID); got.Overdue {
			t.Errorf("overdue before the deadline")
		}
		e.wantNoAudit(before)
		if err := e.svc.UpdateGovernance(e.ctx, e.actor("office"), g, v+1); err != nil {
			t.Fatal(err)
		}
		before = e.head()
		_, err = e.sitesWebStep("weijian_head", r, domain.WebIssueNotice, "关停")
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.sitesWebStep("office", r, domain.WebIssueNotice, "  ")
		wantCode(t, err, domain.EInvalid, "note")
		e.wantNoAudit(before)
		got, err = e.sitesWebStep("office", r, domain.WebIssueNotice, "逾期未登记，请于30日内关停")
		if err != nil || got.Status != domain.WebNoticed || got.NoticeText != "逾期未登记，请于30日内关停" || got.NoticeDate.IsZero() || !got.Overdue {
			t.Fatalf("notice: %+v %v", got, err)
		}
		e.wantAudit(before, "website.issue_notice", "office")
		// Under a notice the site closes; it cannot be registered any more.
		_, err = e.sitesWebStep("weijian", r, domain.WebSubmit, "")
		wantCode(t, err, domain.EConflict, "")
		if got, err = e.sitesWebStep("weijian", r, domain.WebClose, ""); err != nil || got.Status != domain.WebClosed || got.ClosedDate.IsZero() || got.Overdue {
			t.Fatalf("close: %+v %v", got, err)
		}
		_, err = e.sitesWebStep("office", r, domain.WebClose, "")
		wantCode(t, err, domain.EConflict, "")

		// Merging: into the district portal by the office; a unit user cannot name a target it
		// cannot see; a closed site is no target.
		m := e.sitesNewWebsite("weijian", "merge.wjw.szxc.gov.cn", "320507119")
		cur := e.sitesWebsite("merge.wjw.szxc.gov.cn")
		_, err = e.svc.TransitionWebsite(e.ctx, e.actor("weijian"), m.ID, app.WebsiteStep{Version: cur.Version, Action: domain.WebMerge})
		wantCode(t, err, domain.EInvalid, "merge_into_id")
		_, err = e.svc.TransitionWebsite(e.ctx, e.actor("office"), m.ID, app.WebsiteStep{Version: cur.Version, Action: domain.WebMerge, MergeInto: r.ID})
		wantMessage(t, err, domain.EInvalid, "err.website.merge_gone")
		portal := e.sitesWebsite("www.szxc.gov.cn")
		got, err = e.svc.TransitionWebsite(e.ctx, e.actor("office"), m.ID, app.WebsiteStep{Version: cur.Version, Action: domain.WebMerge, MergeInto: portal.ID})
		if err != nil || got.Status != domain.WebMerged || got.MergeInto != portal.ID || got.ClosedDate.IsZero() {
			t.Fatalf("merge: %+v %v", got, err)
		}
		// Stale version on a step: 409.
		_, err = e.svc.TransitionWebsite(e.ctx, e.actor("office"), m.ID, app.WebsiteStep{Version: cur.Version, Action: domain.WebClose})
		wantCode(t, err, domain.EConflict, "")
		hist, err := e.svc.WebsiteHistory(e.ctx, e.actor("weijian"), m.ID)
		if err != nil || len(hist) != 2 || hist[0].Action != "website.merge" {
			t.Errorf("history: %d records (%v)", len(hist), err)
		}
	})
}

func TestWebsiteListFiltersAndSort(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		office := e.actor("office")
		all, err := e.svc.Websites(e.ctx, office, store.WebsiteFilter{})
		if err != nil {
			t.Fatal(err)
		}
		// Keyset pages by name cover every site exactly once, in name order.
		seen := map[int64]bool{}
		var last string
		f := store.WebsiteFilter{Sort: store.SiteSortName, Limit: 7}
		for {
			p, err := e.svc.Websites(e.ctx, office, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range p.Items {
				if seen[w.ID] {
					t.Fatalf("site %s twice", w.Host)
				}
				seen[w.ID] = true
				if e.db.Dialect == store.SQLite && w.Name < last {
					t.Errorf("%s after %s", w.Name, last)
				}
				last = w.Name
			}
			if p.NextCursor == 0 {
				break
			}
			f.After = p.NextCursor
		}
		if len(seen) != len(all.Items) {
			t.Errorf("name order pages hold %d sites, the list %d", len(seen), len(all.Items))
		}
		// A unit user lists its own unit's sites only; the search finds by host and name.
		mine, err := e.svc.Websites(e.ctx, e.actor("jiaoyu"), store.WebsiteFilter{})
		if err != nil || len(mine.Items) != 4 {
			t.Fatalf("jiaoyu sees %d sites (%v), want the 4 of 区教育局", len(mine.Items), err)
		}
		for _, w := range mine.Items {
			if w.UnitID != e.unit("320507105").ID {
				t.Errorf("jiaoyu sees %s of unit %d", w.Host, w.UnitID)
			}
		}
		found, _ := e.svc.Websites(e.ctx, office, store.WebsiteFilter{Query: "JYJ.szxc"})
		if len(found.Items) != 4 {
			t.Errorf("host search found %d", len(found.Items))
		}
		found, _ = e.svc.Websites(e.ctx, office, store.WebsiteFilter{Query: "招生"})
		if len(found.Items) != 1 || found.Items[0].Host != "zsks.jyj.szxc.gov.cn" {
			t.Errorf("name search found %v", found.Items)
		}
		overdue, _ := e.svc.Websites(e.ctx, e.actor("jiaoyu"), store.WebsiteFilter{Overdue: true})
		if len(overdue.Items) != 2 { // the unregistered resource platform and the submitted 招生考试网
			t.Errorf("jiaoyu's overdue sites: %d", len(overdue.Items))
		}
		if n, _ := e.svc.CountWebsites(e.ctx, e.actor("sysadmin"), store.WebsiteFilter{}); n != 0 {
			t.Errorf("the system administrator lists %d websites; administrators manage accounts, not registries", n)
		}
	})
}

func (e *env) sitesMedia(kind domain.MediaKind, name string) *domain.MediaAccount {
	e.t.Helper()
	ms, err := e.db.Read().MediaAccounts(e.ctx, authz.Scope{All: true}, store.MediaFilter{Kind: kind, Query: name})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, m := range ms {
		if m.Name == name {
			return m
		}
	}
	e.t.Fatalf("no %s account %s", kind, name)
	return nil
}

func (e *env) sitesMediaStep(who string, id int64, st app.MediaStep) (*domain.MediaAccount, error) {
	e.t.Helper()
	st.Version = must(e, "media account", store.Reader.MediaAccount, id).Version
	return e.svc.TransitionMedia(e.ctx, e.actor(who), id, st)
}

func TestMediaCreateAndEdit(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		edu := e.unit("320507105").ID
		before := e.head()
		m := &domain.MediaAccount{Kind: domain.MediaDouyin, Name: "相城教育直播", AccountID: " ｘｃｊｙ２０２６ ", UnitID: edu, Topic: "教育"}
		if err := e.svc.CreateMediaAccount(e.ctx, e.actor("jiaoyu"), m); err != nil {
			t.Fatal(err)
		}
		e.wantAudit(before, "media.create", "jiaoyu")
		if m.AccountID != "xcjy2026" || m.Status != domain.MediaUndecided || m.Decision != "" {
			t.Errorf("stored %q %s %q", m.AccountID, m.Status, m.Decision)
		}
		// The same ID is fine for another kind, not for the same kind.
		other := &domain.MediaAccount{Kind: domain.MediaWeibo, Name: "相城教育微博", AccountID: "xcjy2026", UnitID: edu}
		if err := e.svc.CreateMediaAccount(e.ctx, e.actor("jiaoyu"), other); err != nil {
			t.Errorf("same ID, another kind: %v", err)
		}
		before = e.head()
		for _, c := range []struct {
			m     domain.MediaAccount
			field string
			code  domain.Code
		}{
			{domain.MediaAccount{Kind: "wechat", Name: "x", AccountID: "abc", UnitID: edu}, "kind", domain.EInvalid},
			{domain.MediaAccount{Kind: domain.MediaApp, Name: "x", AccountID: "相城教育", UnitID: edu}, "account_id", domain.EInvalid},
			{domain.MediaAccount{Kind: domain.MediaApp, Name: "", AccountID: "abc", UnitID: edu}, "name", domain.EInvalid},
			{domain.MediaAccount{Kind: domain.MediaDouyin, Name: "x", AccountID: "xcjy2026", UnitID: edu}, "account_id", domain.EInvalid},
			{domain.MediaAccount{Kind: domain.MediaApp, Name: "x", AccountID: "abc", UnitID: e.unit("320507119").ID}, "", domain.EForbidden},
		} {
			m := c.m
			wantCode(t, e.svc.CreateMediaAccount(e.ctx, e.actor("jiaoyu"), &m), c.code, c.field)
		}
		e.wantNoAudit(before)

		cur, _ := e.db.Read().MediaAccount(e.ctx, m.ID)
		_, err := e.svc.UpdateMediaAccount(e.ctx, e.actor("weijian"), m.ID, app.MediaEdit{Version: cur.Version, Name: ptr("x")})
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.UpdateMediaAccount(e.ctx, e.actor("jiaoyu"), m.ID, app.MediaEdit{Version: cur.Version + 1, Name: ptr("x")})
		wantCode(t, err, domain.EConflict, "")
		bad := domain.MediaKind("tiktok")
		_, err = e.svc.UpdateMediaAccount(e.ctx, e.actor("jiaoyu"), m.ID, app.MediaEdit{Version: cur.Version, Kind: &bad})
		wantCode(t, err, domain.EInvalid, "kind")
		e.wantNoAudit(before)
		// An account others merge into keeps a kind they may merge into.
		main := e.sitesMedia(domain.MediaWechatService, "相城教育")
		douyin := domain.MediaDouyin
		_, err = e.svc.UpdateMediaAccount(e.ctx, e.actor("jiaoyu"), main.ID, app.MediaEdit{Version: main.Version, Kind: &douyin})
		wantMessage(t, err, domain.EInvalid, "err.media.merge_family")
		e.wantNoAudit(before)
		got, err := e.svc.UpdateMediaAccount(e.ctx, e.actor("jiaoyu"), m.ID, app.MediaEdit{Version: cur.Version, Topic: ptr("教育直播")})
		if err != nil || got.Topic != "教育直播" {
			t.Fatalf("edit: %v %v", got, err)
		}
		e.wantAudit(before, "media.update", "jiaoyu")
	})
}

func TestMediaConsolidation(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		// 相城教育 (服务号, kept) and 相城入学报名 (小程序, undecided) are 区教育局's.
		main := e.sitesMedia(domain.MediaWechatService, "相城教育")
		mini := e.sitesMedia(domain.MediaMiniProgram, "相城入学报名")
		sub := &domain.MediaAccount{Kind: domain.MediaWechatSubscription, Name: "相城教研", AccountID: "gh_test00000001", UnitID: e.unit("320507105").ID, Topic: "教育"}
		if err := e.svc.CreateMediaAccount(e.ctx, e.actor("jiaoyu"), sub); err != nil {
			t.Fatal(err)
		}
		before := e.head()
		// The unit proposes; only the office decides.
		_, err := e.sitesMediaStep("jiaoyu", sub.ID, app.MediaStep{Action: domain.MediaDecide, Decision: domain.DecideKeep})
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.sitesMediaStep("office", sub.ID, app.MediaStep{Action: domain.MediaPropose, Decision: domain.DecideKeep})
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.sitesMediaStep("jiaoyu", sub.ID, app.MediaStep{Action: domain.MediaComplete})
		wantCode(t, err, domain.EConflict, "")
		_, err = e.sitesMediaStep("jiaoyu", sub.ID, app.MediaStep{Action: domain.MediaPropose})
		wantCode(t, err, domain.EInvalid, "decision")
		_, err = e.sitesMediaStep("jiaoyu", sub.ID, app.MediaStep{Action: domain.MediaPropose, Decision: "archive"})
		wantCode(t, err, domain.EInvalid, "decision")
		// Merge targets: same platform, not itself, not one to be closed, no cycle.
		_, err = e.sitesMediaStep("jiaoyu", sub.ID, app.MediaStep{Action: domain.MediaPropose, Decision: domain.DecideMerge})
		wantCode(t, err, domain.EInvalid, "merge_into_id")
		_, err = e.sitesMediaStep("jiaoyu", sub.ID, app.MediaStep{Action: domain.MediaPropose, Decision: domain.DecideMerge, MergeInto: mini.ID})
		wantMessage(t, err, domain.EInvalid, "err.media.merge_family")
		_, err = e.sitesMediaStep("jiaoyu", sub.ID, app.MediaStep{Action: domain.MediaPropose, Decision: domain.DecideMerge, MergeInto: sub.ID})
		wantMessage(t, err, domain.EInvalid, "err.media.merge_self")
		other := e.sitesMedia(domain.MediaWechatService, "健康相城") // 卫健委's: invisible to jiaoyu
		_, err = e.sitesMediaStep("jiaoyu", sub.ID, app.MediaStep{Action: domain.MediaPropose, Decision: domain.DecideMerge, MergeInto: other.ID})
		wantMessage(t, err, domain.EInvalid, "err.media.merge_target")
		closing := e.sitesMedia(domain.MediaWechatSubscription, "中国珍珠宝石城")
		_, err = e.sitesMediaStep("office", sub.ID, app.MediaStep{Action: domain.MediaDecide, Decision: domain.DecideMerge, MergeInto: closing.ID})
		wantMessage(t, err, domain.EInvalid, "err.media.merge_closing")
		e.wantNoAudit(before)

		got, err := e.sitesMediaStep("jiaoyu", sub.ID, app.MediaStep{Action: domain.MediaPropose, Decision: domain.DecideMerge, MergeInto: main.ID, Note: "同领域整合"})
		if err != nil || got.Status != domain.MediaProposed || got.MergeInto != main.ID || got.DecisionNote != "同领域整合" {
			t.Fatalf("propose: %+v %v", got, err)
		}
		e.wantAudit(before, "media.propose", "jiaoyu")
		// A cycle: B into C, then C into B.
		mk := func(name, id string) *domain.MediaAccount {
			m := &domain.MediaAccount{Kind: domain.MediaWechatSubscription, Name: name, AccountID: id, UnitID: e.unit("320507105").ID}
			if err := e.svc.CreateMediaAccount(e.ctx, e.actor("jiaoyu"), m); err != nil {
				t.Fatal(err)
			}
			return m
		}
		b, c := mk("相城教育B", "gh_test0000000b"), mk("相城教育C", "gh_test0000000c")
		if _, err := e.sitesMediaStep("office", b.ID, app.MediaStep{Action: domain.MediaDecide, Decision: domain.DecideMerge, MergeInto: c.ID}); err != nil {
			t.Fatal(err)
		}
		before = e.head()
		_, err = e.sitesMediaStep("office", c.ID, app.MediaStep{Action: domain.MediaDecide, Decision: domain.DecideMerge, MergeInto: b.ID})
		wantMessage(t, err, domain.EInvalid, "err.media.merge_cycle")
		e.wantNoAudit(before)

		// The office returns the proposal (the decision is cleared), then decides; the unit
		// reports it done; a done decision cannot be reopened.
		got, err = e.sitesMediaStep("office", sub.ID, app.MediaStep{Action: domain.MediaReject, Note: "请与主账号运营方确认"})
		if err != nil || got.Status != domain.MediaUndecided || got.Decision != "" || got.MergeInto != 0 {
			t.Fatalf("reject: %+v %v", got, err)
		}
		if _, err := e.sitesMediaStep("office", sub.ID, app.MediaStep{Action: domain.MediaDecide, Decision: domain.DecideClose}); err != nil {
			t.Fatal(err)
		}
		cur, _ := e.db.Read().MediaAccount(e.ctx, sub.ID)
		got, err = e.svc.TransitionMedia(e.ctx, e.actor("jiaoyu"), sub.ID, app.MediaStep{Version: cur.Version, Action: domain.MediaComplete})
		if err != nil || got.Status != domain.MediaDone || got.DoneDate.IsZero() {
			t.Fatalf("complete: %+v %v", got, err)
		}
		_, err = e.svc.TransitionMedia(e.ctx, e.actor("office"), sub.ID, app.MediaStep{Version: cur.Version, Action: domain.MediaReopen})
		wantCode(t, err, domain.EConflict, "") // stale
		_, err = e.sitesMediaStep("office", sub.ID, app.MediaStep{Action: domain.MediaReopen})
		wantCode(t, err, domain.EConflict, "") // done
		_, err = e.svc.MediaHistory(e.ctx, e.actor("weijian"), sub.ID)
		wantCode(t, err, domain.ENotFound, "")
		hist, err := e.svc.MediaHistory(e.ctx, e.actor("jiaoyu"), sub.ID)
		if err != nil || len(hist) != 5 {
			t.Errorf("history: %d records (%v), want create, propose, reject, decide, complete", len(hist), err)
		}
	})
}

func (e *env) sitesSystemID(code string) int64 {
	e.t.Helper()
	ss, err := e.db.Read().SystemsByCodes(e.ctx, []string{code})
	if err != nil || ss[code] == nil {
		e.t.Fatalf("system %s: %v", code, err)
	}
	return ss[code].ID
}

// sitesBook writes a workbook of schema's sheet; with messy, a merged title row sits above
// the header, which uses the columns' aliases where they have one.
func sitesBook(t testing.TB, s sheet.Schema, messy bool, rows ...impRow) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := s.Name
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		t.Fatal(err)
	}
	first := 1
	if messy {
		f.SetCellValue(sh, "A1", "相城区"+s.Name+"台账（2026年）")
		f.MergeCell(sh, "A1", "E1")
		first = 2
	}
	var head []any
	for _, c := range s.Columns {
		h := c.Header
		if messy && len(c.Aliases) > 0 {
			h = " " + c.Aliases[0] + " "
		}
		head = append(head, h)
	}
	if err := f.SetSheetRow(sh, "A"+strconv.Itoa(first), &head); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		line := make([]any, len(s.Columns))
		for j, c := range s.Columns {
			line[j] = r[c.Key]
		}
		if err := f.SetSheetRow(sh, "A"+strconv.Itoa(first+1+i), &line); err != nil {
			t.Fatal(err)
		}
	}
	return impBytes(t, f)
}

func TestImportWebsites(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		office := e.actor("office")
		base, _ := e.svc.CountWebsites(e.ctx, office, store.WebsiteFilter{})
		rows := []impRow{
			{"host": "HTTP://ＪＹＪ２.szxc.gov.cn/index.html", "name": " 相城区教育局第二网站 ", "unit": "区教育局", "icp": "苏ICP备 05012305号－4",
				"site_code": "3205070099", "hosting": "电子政务云", "system": "", "merge": "http://jyj.szxc.gov.cn"},
			{"host": "wjw2.szxc.gov.cn", "name": "健康相城网", "unit": "320507119", "hosting": "单位机房"},
			// An existing site, as exported: unchanged.
			{"host": "www.szxc.gov.cn", "name": "相城区人民政府门户网站", "unit": "区政府办公室", "icp": "苏ICP备05012301号-1", "site_code": "3205070001",
				"hosting": "政务云", "system": "XC-SYS-0001"},
		}
		book := sitesBook(t, app.WebsiteSheet, true, rows...)
		before := e.head()
		rep, err := e.svc.ImportWebsites(e.ctx, office, bytes.NewReader(book), false, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Problems) > 0 || rep.Create != 2 || rep.Unchanged != 1 || rep.Applied {
			t.Fatalf("preview: %+v", rep)
		}
		e.wantNoAudit(before)
		rep, err = e.svc.ImportWebsites(e.ctx, office, bytes.NewReader(book), true, nil)
		if err != nil || !rep.Applied || rep.Create != 2 {
			t.Fatalf("apply: %+v %v", rep, err)
		}
		w := e.sitesWebsite("jyj2.szxc.gov.cn")
		if w.Name != "相城区教育局第二网站" || w.ICP != "苏ICP备05012305号-4" || w.Hosting != domain.HostingCloud || w.MergeInto != e.sitesWebsite("jyj.szxc.gov.cn").ID || w.Status != domain.WebUnregistered {
			t.Errorf("imported %+v", w)
		}
		if n := len(e.since(before)); n != 3 {
			t.Errorf("%d audit records, want 2 creates and the import", n)
		}
		// Re-importing the same file changes nothing.
		before = e.head()
		rep, err = e.svc.ImportWebsites(e.ctx, office, bytes.NewReader(book), true, nil)
		if err != nil || rep.Applied || rep.Unchanged != 3 || rep.Create+rep.Update != 0 {
			t.Fatalf("re-import: %+v %v", rep, err)
		}
		e.wantNoAudit(before)

		// One bad row (and a host written twice) writes nothing and says where.
		bad := sitesBook(t, app.WebsiteSheet, false,
			impRow{"host": "new1.szxc.gov.cn", "name": "新网站一", "unit": "区教育局", "hosting": "政务云"},
			impRow{"host": "new2.szxc.gov.cn", "name": "新网站二", "unit": "区教育局", "hosting": "政务云2"},
			impRow{"host": "new3.szxc.gov.cn", "name": "新网站三", "unit": "区教育局", "hosting": "政务云", "site_code": "12345"},
			impRow{"host": "https://NEW1.szxc.gov.cn/", "name": "新网站一（重复）", "unit": "区教育局", "hosting": "政务云"},
			impRow{"host": "new5.szxc.gov.cn", "name": "新网站五", "unit": "区教育局", "hosting": "政务云", "merge": "nowhere.szxc.gov.cn"},
			impRow{"host": "new6.szxc.gov.cn", "name": "新网站六", "unit": "区教育局", "hosting": "政务云", "system": "XC-SYS-0001"},
			impRow{"host": "ftp://new7.szxc.gov.cn", "name": "新网站七", "unit": "区教育局", "hosting": "政务云"})
		rep, err = e.svc.ImportWebsites(e.ctx, office, bytes.NewReader(bad), true, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join(impProblems(rep), "\n")
		for _, want := range []string{"第3行「托管方式」", "政务云2", "第4行「政府网站标识码」", "第5行「网站域名」", "第6行「并入网站域名」", "第7行「所属信息系统编码」", "第8行「网站域名」"} {
			if !strings.Contains(got, want) {
				t.Errorf("problems lack %q:\n%s", want, got)
			}
		}
		if rep.Applied {
			t.Error("applied despite problems")
		}
		if n, _ := e.svc.CountWebsites(e.ctx, office, store.WebsiteFilter{}); n != base+2 {
			t.Errorf("%d websites after the refused import, want %d", n, base+2)
		}
		e.wantNoAudit(before)

		// A unit user imports only for its own unit; another unit's host is "taken".
		rep, err = e.svc.ImportWebsites(e.ctx, e.actor("jiaoyu"), bytes.NewReader(sitesBook(t, app.WebsiteSheet, false,
			impRow{"host": "wjw.szxc.gov.cn", "name": "抢注", "unit": "区教育局", "hosting": "政务云"})), true, nil)
		if err != nil || rep.Applied || !strings.Contains(strings.Join(impProblems(rep), ""), "已登记") {
			t.Errorf("import of another unit's host: %+v %v", rep, err)
		}

		// The export reads back as unchanged.
		var out bytes.Buffer
		n, err := e.svc.ExportWebsites(e.ctx, office, store.WebsiteFilter{}, &out)
		if err != nil || n != base+2 {
			t.Fatalf("export %d (%v)", n, err)
		}
		rep, err = e.svc.ImportWebsites(e.ctx, office, bytes.NewReader(out.Bytes()), false, nil)
		if err != nil || len(rep.Problems) > 0 || rep.Unchanged != n {
			t.Fatalf("export re-imported: %d unchanged of %d, problems %v (%v)", rep.Unchanged, n, impProblems(rep), err)
		}
	})
}

func TestImportMedia(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		office := e.actor("office")
		base, _ := e.svc.CountMediaAccounts(e.ctx, office, store.MediaFilter{})
		book := sitesBook(t, app.MediaSheet, true,
			impRow{"kind": "订阅号", "name": "相城教育家长学校", "account_id": " ｇｈ_ab12cd34ef56 ", "unit": "区教育局", "topic": "教育"},
			impRow{"kind": "APP", "name": "健康相城App", "account_id": "cn.gov.szxc.health", "unit": "区卫生健康委员会", "topic": "卫生健康"},
			impRow{"kind": "抖音", "name": "相城公安", "account_id": sitesDemoAccountID(e, domain.MediaDouyin, "相城公安"), "unit": "苏州市公安局相城分局", "topic": "公安"})
		rep, err := e.svc.ImportMedia(e.ctx, office, bytes.NewReader(book), true, nil)
		if err != nil || !rep.Applied || rep.Create != 2 || rep.Unchanged != 1 {
			t.Fatalf("import: %+v %v (%v)", rep, err, impProblems(rep))
		}
		m := e.sitesMedia(domain.MediaWechatSubscription, "相城教育家长学校")
		if m.AccountID != "gh_ab12cd34ef56" || m.Status != domain.MediaUndecided {
			t.Errorf("imported %+v", m)
		}
		before := e.head()
		rep, err = e.svc.ImportMedia(e.ctx, office, bytes.NewReader(book), true, nil)
		if err != nil || rep.Applied || rep.Unchanged != 3 {
			t.Fatalf("re-import: %+v %v", rep, err)
		}
		bad := sitesBook(t, app.MediaSheet, false,
			impRow{"kind": "微信订阅号", "name": "好账号", "account_id": "gh_good", "unit": "区教育局"},
			impRow{"kind": "快手", "name": "坏类型", "account_id": "ks123", "unit": "区教育局"},
			impRow{"kind": "小程序", "name": "坏账号", "account_id": "中文账号", "unit": "区教育局"},
			impRow{"kind": "小程序", "name": "无单位", "account_id": "wx1", "unit": "区教肓局"})
		rep, err = e.svc.ImportMedia(e.ctx, office, bytes.NewReader(bad), true, nil)
		if err != nil || rep.Applied {
			t.Fatalf("bad import: %+v %v", rep, err)
		}
		got := strings.Join(impProblems(rep), "\n")
		for _, want := range []string{"第3行「账号类型」", "第4行「账号ID」", "第5行「主办单位」", "区教育局"} {
			if !strings.Contains(got, want) {
				t.Errorf("problems lack %q:\n%s", want, got)
			}
		}
		e.wantNoAudit(before)
		if n, _ := e.svc.CountMediaAccounts(e.ctx, office, store.MediaFilter{}); n != base+2 {
			t.Errorf("%d accounts, want %d", n, base+2)
		}
		var out bytes.Buffer
		n, err := e.svc.ExportMedia(e.ctx, office, store.MediaFilter{}, &out)
		if err != nil || n != base+2 {
			t.Fatalf("export %d (%v)", n, err)
		}
		rep, err = e.svc.ImportMedia(e.ctx, office, bytes.NewReader(out.Bytes()), false, nil)
		if err != nil || len(rep.Problems) > 0 || rep.Unchanged != n {
			t.Fatalf("export re-imported: %d unchanged of %d, problems %v (%v)", rep.Unchanged, n, impProblems(rep), err)
		}
	})
}

func sitesDemoAccountID(e *env, k domain.MediaKind, name string) string {
	return e.sitesMedia(k, name).AccountID
}

// TestWebsiteConcurrentMergesMakeNoCycle: a into b and b into a at the same moment — one of
// them must be refused, on PostgreSQL as on SQLite.
func TestWebsiteConcurrentMergesMakeNoCycle(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		for round := 0; round < 5; round++ {
			a := e.sitesNewWebsite("office", fmt.Sprintf("ca%d.szxc.gov.cn", round), "320507119")
			b := e.sitesNewWebsite("office", fmt.Sprintf("cb%d.szxc.gov.cn", round), "320507119")
			var wg sync.WaitGroup
			errs := make([]error, 2)
			start := make(chan struct{})
			for i, pair := range [][2]*domain.Website{{a, b}, {b, a}} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, errs[i] = e.svc.UpdateWebsite(e.ctx, e.actor("office"), pair[0].ID, app.WebsiteEdit{Version: pair[0].Version, MergeInto: &pair[1].ID})
				}()
			}
			close(start)
			wg.Wait()
			if (errs[0] == nil) == (errs[1] == nil) {
				t.Fatalf("round %d: both merges %v / %v; exactly one must be refused", round, errs[0], errs[1])
			}
		}
	})
}
