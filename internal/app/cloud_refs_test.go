package app_test

// What refers to a system stays consistent with it: an approval re-checks the system it
// allocates for, and a system does not move to another unit while open records of its unit
// still refer to it.

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// classifyEdit reclassifies a system 涉密, clearing what a classified system may not keep.
func classifyEdit(version int64) app.SystemEdit {
	empty := ""
	return app.SystemEdit{Version: version, Classification: ptr(domain.Classified), Purpose: &empty,
		Category: ptr(domain.SystemCategory("")), Hosting: ptr(domain.Hosting("")), HostingNote: &empty,
		Network: ptr(domain.Network("")), UserLevels: &[]domain.UserLevel{}, GoLive: &time.Time{}, LastUpgrade: &time.Time{},
		Vendor: &empty, AnnualCost: &empty, ExchangeChannels: &[]domain.ExchangeChannel{}, BaseData: &[]domain.BaseDataUse{}}
}

// TestCloudApprovalRechecksSystem: a request submitted for a system that may run on the cloud
// is not approved once the system is reclassified 涉密, filed for cleanup, or no longer the
// requesting unit's; the refusal is 422 on system_id and changes nothing.
func TestCloudApprovalRechecksSystem(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu := e.unit(codeHealth), e.unit(codeEdu)
		p := e.cloudPool("复核测试池", domain.CloudResources{VCPU: 100, MemoryGiB: 100, StorageGiB: 5000, BandwidthMbps: 100, PublicIPs: 10})
		submitted := func(code string) (*domain.System, *domain.CloudRequest) {
			sys := e.addSystem("weijian", registrySystem(health.ID, code, "上云系统"+code))
			r := e.addCloudReq("weijian", cloudReq(health.ID, sys.ID, p.ID, cloudSmallAsk))
			e.cloudMustStep("weijian", r.ID, domain.CloudSubmit, nil, "")
			return sys, r
		}
		classified, r1 := submitted("XC-WJ-CL1")
		retired, r2 := submitted("XC-WJ-CL2")
		moved, r3 := submitted("XC-WJ-CL3")

		if _, err := e.svc.UpdateSystem(e.ctx, e.actor("weijian"), classified.ID, classifyEdit(e.stored(classified.ID).Version)); err != nil {
			t.Fatalf("reclassify: %v", err)
		}
		for _, st := range []struct {
			who string
			act domain.SystemAction
		}{{"weijian", domain.SysMarkIdle}, {"weijian_head", domain.SysFileCleanup}} {
			if _, err := e.svc.TransitionSystem(e.ctx, e.actor(st.who), retired.ID, app.SystemStep{Version: e.stored(retired.ID).Version, Action: st.act}); err != nil {
				t.Fatalf("%s: %v", st.act, err)
			}
		}
		// A system moved to another unit behind the request's back (as data from before the
		// move was refused would be).
		if err := e.db.InTx(e.ctx, func(tx *store.Tx) error {
			s, err := tx.System(e.ctx, moved.ID)
			if err != nil {
				return err
			}
			s.UnitID = edu.ID
			return tx.UpdateSystem(e.ctx, s)
		}); err != nil {
			t.Fatal(err)
		}

		for _, c := range []struct {
			r   *domain.CloudRequest
			key string
		}{{r1, "err.cloud.approve_classified"}, {r2, "err.cloud.approve_retired"}, {r3, "err.cloud.approve_not_of_unit"}} {
			h := e.head()
			_, err := e.cloudStep("office", c.r.ID, domain.CloudApprove, nil, "")
			wantMessage(t, err, domain.EUnprocessable, c.key)
			wantCode(t, err, domain.EUnprocessable, "system_id")
			e.wantNoAudit(h)
			if got := e.storedCloudReq(c.r.ID); got.Status != domain.CloudSubmitted || !got.Granted.IsZero() {
				t.Fatalf("refused approval changed request %d: %+v", c.r.ID, got)
			}
		}
		if got := e.storedCloudPool(p.ID); !got.Allocated.IsZero() {
			t.Fatalf("refused approvals allocated %+v", got.Allocated)
		}
		// The office can still decide them otherwise.
		e.cloudMustStep("office", r1.ID, domain.CloudReject, nil, "系统已定为涉密，不得上云")
		e.cloudMustStep("weijian", r2.ID, domain.CloudWithdraw, nil, "")
		e.wantCloudBooks()
	})
}

// TestSystemUnitMoveRefusedWhileReferenced: a system does not move to another unit while open
// cloud requests, live websites or live new-media accounts of its unit refer to it; the refusal names how many, on
// unit_id, and changes nothing. Once they are dealt with, it moves.
func TestSystemUnitMoveRefusedWhileReferenced(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu := e.unit(codeHealth), e.unit(codeEdu)
		p := e.cloudPool("迁移测试池", domain.CloudResources{VCPU: 100, MemoryGiB: 100, StorageGiB: 5000, BandwidthMbps: 100, PublicIPs: 10})
		sys := e.addSystem("weijian", registrySystem(health.ID, "XC-WJ-MV1", "迁移测试系统"))
		draft := e.addCloudReq("weijian", cloudReq(health.ID, sys.ID, p.ID, cloudSmallAsk))
		held := e.addCloudReq("weijian", cloudReq(health.ID, sys.ID, p.ID, cloudSmallAsk))
		e.cloudMustStep("weijian", held.ID, domain.CloudSubmit, nil, "")
		e.cloudMustStep("office", held.ID, domain.CloudApprove, nil, "")
		done := e.addCloudReq("weijian", cloudReq(health.ID, sys.ID, p.ID, cloudSmallAsk))
		e.cloudMustStep("weijian", done.ID, domain.CloudWithdraw, nil, "")
		site := &domain.Website{Name: "迁移测试网站", Host: "mv-test.szxc.gov.cn", UnitID: health.ID, Hosting: domain.HostingCloud, SystemID: sys.ID}
		if err := e.svc.CreateWebsite(e.ctx, e.actor("weijian"), site); err != nil {
			t.Fatal(err)
		}
		// A live account and one already closed serve it too; only the live one counts.
		acct := &domain.MediaAccount{Kind: domain.MediaMiniProgram, Name: "迁移测试小程序", AccountID: "wxmvtest0001", UnitID: health.ID, SystemID: sys.ID}
		gone := &domain.MediaAccount{Kind: domain.MediaApp, Name: "迁移测试App", AccountID: "cn.gov.szxc.mvtest", UnitID: health.ID, SystemID: sys.ID}
		for _, m := range []*domain.MediaAccount{acct, gone} {
			if err := e.svc.CreateMediaAccount(e.ctx, e.actor("weijian"), m); err != nil {
				t.Fatal(err)
			}
		}
		closeAccount := func(m *domain.MediaAccount) {
			t.Helper()
			if _, err := e.sitesMediaStep("office", m.ID, app.MediaStep{Action: domain.MediaDecide, Decision: domain.DecideClose, Note: "关停"}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.sitesMediaStep("weijian", m.ID, app.MediaStep{Action: domain.MediaComplete}); err != nil {
				t.Fatal(err)
			}
		}
		closeAccount(gone)

		move := func() error {
			_, err := e.svc.UpdateSystem(e.ctx, e.actor("office"), sys.ID, app.SystemEdit{Version: e.stored(sys.ID).Version, UnitID: &edu.ID})
			return err
		}
		refused := func(requests, sites, media int) {
			t.Helper()
			h := e.head()
			err := move()
			wantMessage(t, err, domain.EInvalid, "err.system.move_referenced")
			wantCode(t, err, domain.EInvalid, "unit_id")
			if args := domain.AsError(err).Args; len(args) != 3 || args[0] != requests || args[1] != sites || args[2] != media {
				t.Fatalf("move refused with counts %v, want [%d %d %d]", args, requests, sites, media)
			}
			e.wantNoAudit(h)
			if got := e.stored(sys.ID); got.UnitID != health.ID {
				t.Fatalf("refused move moved the system to unit %d", got.UnitID)
			}
		}
		refused(2, 1, 1) // the draft and the approved request (not the withdrawn one), the site, the live account
		// Nor through the 台账: the import reports the row, and applies nothing.
		book := impBook(t, impRow{"code": sys.Code, "name": "迁移测试系统", "unit": edu.Code, "classification": "非涉密",
			"category": "业务系统", "purpose": "日常业务办理", "hosting": "政务云", "network": "电子政务外网", "levels": "区",
			"go_live": "2019-05-01", "vendor": "苏州某科技有限公司", "annual_cost": "12.5"})
		h := e.head()
		rep, err := e.svc.ImportSystems(e.ctx, e.actor("office"), bytes.NewReader(book), true, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := impProblems(rep); rep.Applied || len(got) != 1 || !strings.Contains(got[0], "所属单位") || !strings.Contains(got[0], "2项未结束的政务云资源申请、1个未关停或并入的网站、1个未关停或并入的新媒体账号") {
			t.Fatalf("import moving the system: applied %v, problems %q", rep.Applied, got)
		}
		e.wantNoAudit(h)
		if got := e.stored(sys.ID); got.UnitID != health.ID {
			t.Fatalf("import moved the system to unit %d", got.UnitID)
		}
		e.cloudMustStep("weijian", draft.ID, domain.CloudWithdraw, nil, "")
		e.cloudMustStep("weijian", held.ID, domain.CloudRelease, nil, "不再需要")
		refused(0, 1, 1)
		if _, err := e.sitesWebStep("weijian", site, domain.WebClose, "已关停"); err != nil {
			t.Fatal(err)
		}
		refused(0, 0, 1)
		// A decision to close is not yet a closed account: it still counts until carried out.
		if _, err := e.sitesMediaStep("office", acct.ID, app.MediaStep{Action: domain.MediaDecide, Decision: domain.DecideClose, Note: "关停"}); err != nil {
			t.Fatal(err)
		}
		refused(0, 0, 1)
		if _, err := e.sitesMediaStep("weijian", acct.ID, app.MediaStep{Action: domain.MediaComplete}); err != nil {
			t.Fatal(err)
		}
		h = e.head()
		if err := move(); err != nil {
			t.Fatalf("move with nothing open referring to it: %v", err)
		}
		e.wantAudit(h, "system.update", "office")
		if got := e.stored(sys.ID); got.UnitID != edu.ID {
			t.Fatalf("system in unit %d after the move", got.UnitID)
		}
	})
}
