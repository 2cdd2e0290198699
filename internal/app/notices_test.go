package app_test

// Notices (ORG-4) and technical standards (ORG-5) on the demo district: the office drafts and
// publishes; publishing notifies every active unit's people in the same transaction; a new
// version of a standard supersedes the one in force, which stays readable; a docking plan
// names a published version, and keeps naming it once superseded.

import (
	"slices"
	"strconv"
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/store"
)

// standardInForce is the demo standard code's published version.
func (e *env) standardInForce(code string) *domain.Standard {
	e.t.Helper()
	x, err := demo.PublishedStandard(e.ctx, e.svc, code)
	if err != nil {
		e.t.Fatal(err)
	}
	return x
}

func TestNoticeDraftPublishWithdraw(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		office, unit := e.actor("office"), e.actor("weijian")
		// Only the office drafts; a unit's people are refused (403), and nothing is written.
		h := e.head()
		if err := e.svc.CreateNotice(e.ctx, unit, &domain.Notice{Title: "自行发布", Body: "x"}); domain.ErrorCode(err) != domain.EForbidden {
			t.Fatalf("a unit drafting a notice: %v, want forbidden", err)
		}
		wantCode(t, e.svc.CreateNotice(e.ctx, office, &domain.Notice{Title: " ", Kind: "memo"}), domain.EInvalid, "title")
		e.wantNoAudit(h)

		n := added(e, "office", "notice", e.svc.CreateNotice, &domain.Notice{Title: "关于报送2027年度机房关停计划的通知"})
		if n.Status != domain.NoticeDraft || n.Kind != domain.NoticeNotice {
			t.Fatalf("new notice: %+v", n)
		}
		// A draft is hidden from units: 404 by id, absent from their list.
		_, err := e.svc.Notice(e.ctx, unit, n.ID)
		wantCode(t, err, domain.ENotFound, "")
		if p, _ := e.svc.Notices(e.ctx, unit, store.NoticeFilter{Query: "机房关停计划"}); len(p.Items) != 0 {
			t.Fatalf("a unit lists a draft: %+v", p.Items)
		}
		// Publishing without a body names it, and notifies nobody.
		_, err = e.svc.TransitionNotice(e.ctx, office, n.ID, app.NoticeStep{Version: n.Version, Action: domain.NoticePublish})
		wantCode(t, err, domain.EInvalid, "body")
		if got := e.notified("notice_published", "notice", n.ID); len(got) != 0 {
			t.Fatalf("a refused publication notified %v", got)
		}
		n, err = e.svc.UpdateNotice(e.ctx, office, n.ID, app.NoticeEdit{Version: n.Version, Body: ptr("请于12月31日前报送。")})
		if err != nil {
			t.Fatal(err)
		}
		// A unit user cannot publish (a draft is not theirs to see: 404).
		_, err = e.svc.TransitionNotice(e.ctx, unit, n.ID, app.NoticeStep{Version: n.Version, Action: domain.NoticePublish})
		wantCode(t, err, domain.ENotFound, "")

		h = e.head()
		pub, err := e.svc.TransitionNotice(e.ctx, office, n.ID, app.NoticeStep{Version: n.Version, Action: domain.NoticePublish})
		if err != nil || pub.Status != domain.NoticePublished || pub.PublishedAt.IsZero() {
			t.Fatalf("publish: %+v %v", pub, err)
		}
		e.wantAudit(h, "notice.publish", "office")
		// ORG-4: every unit's 责任人 and 联系人 were notified in the same transaction, the office not.
		if got := e.notified("notice_published", "notice", n.ID); !slices.Contains(got, "weijian") || !slices.Contains(got, "jiaoyu") || slices.Contains(got, "office") {
			t.Errorf("notified of the notice: %v", got)
		}
		inbox, _, err := e.svc.Inbox(e.ctx, unit, app.InboxFilter{Limit: 1})
		if err != nil || len(inbox) != 1 || inbox[0].Link != "/notices/"+strconv.FormatInt(n.ID, 10) || app.NotificationText(i18n.ZH, inbox[0]) != "区信息办发布通知：《关于报送2027年度机房关停计划的通知》" {
			t.Fatalf("the unit's inbox: %+v %v", inbox, err)
		}
		// Published: every login reads it and finds it by search; nobody edits it.
		if p, err := e.svc.Notices(e.ctx, e.actor("leader"), store.NoticeFilter{Query: "机房关停计划"}); err != nil || len(p.Items) != 1 {
			t.Fatalf("the leader's search: %d, %v", len(p.Items), err)
		}
		_, err = e.svc.UpdateNotice(e.ctx, office, n.ID, app.NoticeEdit{Version: pub.Version, Title: ptr("改")})
		wantMessage(t, err, domain.EConflict, "err.notice.frozen")
		// Withdrawing needs the reason; the unit cannot withdraw (403: it sees the notice).
		_, err = e.svc.TransitionNotice(e.ctx, unit, n.ID, app.NoticeStep{Version: pub.Version, Action: domain.NoticeWithdraw, WithdrawNote: "x"})
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.TransitionNotice(e.ctx, office, n.ID, app.NoticeStep{Version: pub.Version, Action: domain.NoticeWithdraw})
		wantCode(t, err, domain.EInvalid, "withdraw_note")
		w, err := e.svc.TransitionNotice(e.ctx, office, n.ID, app.NoticeStep{Version: pub.Version, Action: domain.NoticeWithdraw, WithdrawNote: "日期有误"})
		if err != nil || w.Status != domain.NoticeWithdrawn || w.WithdrawNote != "日期有误" {
			t.Fatalf("withdraw: %+v %v", w, err)
		}
		// Still readable, marked withdrawn.
		if r, err := e.svc.Notice(e.ctx, unit, n.ID); err != nil || r.Status != domain.NoticeWithdrawn {
			t.Fatalf("the unit reading a withdrawn notice: %+v %v", r, err)
		}
		_, err = e.svc.TransitionNotice(e.ctx, office, n.ID, app.NoticeStep{Version: w.Version, Action: domain.NoticePublish})
		wantMessage(t, err, domain.EConflict, "err.notice.transition")
	})
}

func TestStandardVersionsSupersede(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		office, unit := e.actor("office"), e.actor("weijian")
		if err := e.svc.CreateStandard(e.ctx, unit, &domain.Standard{Code: "XC-JK-009", Name: "x", Kind: domain.StdInterface, Edition: "V1"}); domain.ErrorCode(err) != domain.EForbidden {
			t.Fatalf("a unit adding a standard: %v", err)
		}
		wantCode(t, e.svc.CreateStandard(e.ctx, office, &domain.Standard{Code: "xc jk", Name: "x", Kind: domain.StdInterface, Edition: "V1"}), domain.EInvalid, "code")
		wantCode(t, e.svc.CreateStandard(e.ctx, office, &domain.Standard{Code: "XC-JK-009", Name: "x", Kind: domain.StdInterface, Edition: "V1", Library: "weather"}), domain.EInvalid, "library")
		// An edition the code has already: refused at edition (the demo's population standard has V2.0 and V2.1).
		wantCode(t, e.svc.CreateStandard(e.ctx, office, &domain.Standard{Code: demo.StdPopulation, Name: "人口", Kind: domain.StdInterface, Edition: "V2.1"}), domain.EInvalid, "edition")

		v1 := added(e, "office", "standard", e.svc.CreateStandard, &domain.Standard{Code: "xc-jk-009", Name: "电子证照库共享接口规范",
			Kind: domain.StdInterface, Library: domain.LibLicense, Edition: "V1.0"})
		if v1.Code != "XC-JK-009" || v1.Status != domain.StdDraft {
			t.Fatalf("new standard: %+v", v1)
		}
		_, err := e.svc.Standard(e.ctx, unit, v1.ID)
		wantCode(t, err, domain.ENotFound, "") // a draft: hidden
		// A draft cannot be named by a docking plan (bad version).
		sys := e.addSystem("weijian", func() *domain.System {
			s := registrySystem(e.unit(codeHealth).ID, "XC-STD-001", "出生医学证明系统")
			s.BaseData = []domain.BaseDataUse{{Library: domain.LibLicense, State: domain.DockNone}, {Library: domain.LibPopulation, State: domain.DockOwnCopy}}
			return s
		}())
		edit := e.dockingEdit(domain.LibLicense)
		edit.StandardID = &v1.ID
		_, err = e.svc.CreateDockingPlan(e.ctx, unit, sys.ID, edit)
		wantMessage(t, err, domain.EInvalid, "err.standard.not_published")
		// Publishing needs the effective date and the summary, both named.
		_, err = e.svc.TransitionStandard(e.ctx, office, v1.ID, app.StandardStep{Version: v1.Version, Action: domain.StdPublish})
		wantCode(t, err, domain.EInvalid, "effective_date")
		if f := domain.AsError(err).Fields(); len(f) != 2 {
			t.Fatalf("publish refusal fields: %+v", f)
		}
		eff := day(2027, 1, 1)
		v1, err = e.svc.UpdateStandard(e.ctx, office, v1.ID, app.StandardEdit{Version: v1.Version, EffectiveDate: &eff, Summary: ptr("证照查询与核验接口。")})
		if err != nil {
			t.Fatal(err)
		}
		v1, err = e.svc.TransitionStandard(e.ctx, office, v1.ID, app.StandardStep{Version: v1.Version, Action: domain.StdPublish})
		if err != nil || v1.Status != domain.StdPublished {
			t.Fatalf("publish V1.0: %+v %v", v1, err)
		}
		if got := e.notified("standard_published", "standard", v1.ID); !slices.Contains(got, "weijian") || slices.Contains(got, "office") {
			t.Errorf("notified of the standard: %v", got)
		}
		// A plan names V1.0; a standard of another library is refused.
		edit.StandardID = &v1.ID
		plan, err := e.svc.CreateDockingPlan(e.ctx, unit, sys.ID, edit)
		if err != nil || plan.StandardID != v1.ID || plan.StandardName != "电子证照库共享接口规范" || plan.StandardEdition != "V1.0" || plan.InterfaceVersion != "电子证照库共享接口规范 V1.0" {
			t.Fatalf("plan naming V1.0: %+v %v", plan, err)
		}
		other := e.dockingEdit(domain.LibPopulation)
		other.StandardID = &v1.ID
		_, err = e.svc.CreateDockingPlan(e.ctx, unit, sys.ID, other)
		wantMessage(t, err, domain.EInvalid, "err.standard.other_library")
		// Typing the standard as text instead is refused, naming standard_id.
		typed := e.dockingEdit(domain.LibPopulation)
		typed.InterfaceVersion = ptr("人口库接口 v9")
		_, err = e.svc.CreateDockingPlan(e.ctx, unit, sys.ID, typed)
		wantMessage(t, err, domain.EInvalid, "err.standard.no_free_text")

		// Revise: a draft copy with the new edition; a unit cannot revise.
		_, err = e.svc.TransitionStandard(e.ctx, unit, v1.ID, app.StandardStep{Version: v1.Version, Action: domain.StdRevise, Edition: "V1.1"})
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.TransitionStandard(e.ctx, office, v1.ID, app.StandardStep{Version: v1.Version, Action: domain.StdRevise})
		wantCode(t, err, domain.EInvalid, "edition")
		v2, err := e.svc.TransitionStandard(e.ctx, office, v1.ID, app.StandardStep{Version: v1.Version, Action: domain.StdRevise, Edition: "V1.1"})
		if err != nil || v2.ID == v1.ID || v2.Status != domain.StdDraft || v2.Code != v1.Code || v2.Summary != v1.Summary || !v2.EffectiveDate.IsZero() {
			t.Fatalf("revise: %+v %v", v2, err)
		}
		eff = day(2027, 7, 1)
		if v2, err = e.svc.UpdateStandard(e.ctx, office, v2.ID, app.StandardEdit{Version: v2.Version, EffectiveDate: &eff}); err != nil {
			t.Fatal(err)
		}
		h := e.head()
		v2, err = e.svc.TransitionStandard(e.ctx, office, v2.ID, app.StandardStep{Version: v2.Version, Action: domain.StdPublish})
		if err != nil || v2.Status != domain.StdPublished {
			t.Fatalf("publish V1.1: %+v %v", v2, err)
		}
		var acts []string
		for _, r := range e.since(h) {
			acts = append(acts, r.Action)
		}
		if !slices.Equal(acts, []string{"standard.supersede", "standard.publish"}) {
			t.Fatalf("audit of the publication: %v", acts)
		}
		if got := e.notified("standard_revised", "standard", v2.ID); !slices.Contains(got, "jiaoyu") {
			t.Errorf("notified of the new version: %v", got)
		}
		// V1.0 stays readable, superseded; the plan still names it and shows so.
		old, err := e.svc.Standard(e.ctx, unit, v1.ID)
		if err != nil || old.Status != domain.StdSuperseded {
			t.Fatalf("V1.0 after V1.1: %+v %v", old, err)
		}
		plan, err = e.svc.DockingPlan(e.ctx, unit, plan.ID)
		if err != nil || plan.StandardID != v1.ID || plan.StandardStatus != domain.StdSuperseded {
			t.Fatalf("the plan after V1.1: %+v %v", plan, err)
		}
		// Editing the plan keeps the superseded version; naming it anew is refused; V1.1 is fine.
		if plan, err = e.svc.UpdateDockingPlan(e.ctx, unit, plan.ID, app.DockingPlanEdit{Version: plan.Version, Note: ptr("随升级项目实施")}); err != nil {
			t.Fatalf("editing a plan naming a superseded version: %v", err)
		}
		_, err = e.svc.CreateDockingPlan(e.ctx, e.actor("office"), e.addSystem("weijian", registryWith(e, "XC-STD-002", domain.LibLicense)).ID, edit)
		wantMessage(t, err, domain.EInvalid, "err.standard.not_published")
		if plan, err = e.svc.UpdateDockingPlan(e.ctx, unit, plan.ID, app.DockingPlanEdit{Version: plan.Version, StandardID: &v2.ID}); err != nil || plan.StandardEdition != "V1.1" {
			t.Fatalf("moving the plan to V1.1: %+v %v", plan, err)
		}
		// The versions, oldest first; what is in force is what plans may name.
		vs, err := e.svc.StandardVersions(e.ctx, unit, v2)
		if err != nil || len(vs) != 2 || vs[0].ID != v1.ID || vs[1].ID != v2.ID {
			t.Fatalf("versions: %v %v", vs, err)
		}
		pub, err := e.svc.PublishedStandards(e.ctx, unit)
		if err != nil || slices.ContainsFunc(pub, func(x *domain.Standard) bool { return x.ID == v1.ID }) || !slices.ContainsFunc(pub, func(x *domain.Standard) bool { return x.ID == v2.ID }) {
			t.Fatalf("in force: %v %v", pub, err)
		}
		// A published version does not change.
		_, err = e.svc.UpdateStandard(e.ctx, office, v2.ID, app.StandardEdit{Version: v2.Version, Name: ptr("改")})
		wantMessage(t, err, domain.EConflict, "err.standard.frozen")
	})
}

// registryWith is a running system of the health commission using lib's data undocked.
func registryWith(e *env, code string, lib domain.BaseLibrary) *domain.System {
	s := registrySystem(e.unit(codeHealth).ID, code, "证照应用"+code)
	s.BaseData = []domain.BaseDataUse{{Library: lib, State: domain.DockNone}}
	return s
}

// The demo: the population library's interface standard was revised after the demo's docking
// plans named V2.0, which they still name, marked superseded.
func TestDemoStandardsAndNotices(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		unit := e.actor("weijian")
		p, err := e.svc.Standards(e.ctx, unit, store.StandardFilter{Code: demo.StdPopulation})
		if err != nil || len(p.Items) != 2 || p.Items[0].Edition != "V2.1" || p.Items[0].Status != domain.StdPublished || p.Items[1].Status != domain.StdSuperseded {
			t.Fatalf("population standard versions: %+v %v", p.Items, err)
		}
		v20 := p.Items[1]
		plans, err := e.db.Read().OpenDockingPlans(e.ctx, domain.LibPopulation)
		if err != nil || len(plans) == 0 {
			t.Fatalf("open population plans: %v", err)
		}
		for _, d := range plans {
			if d.StandardID != v20.ID || d.StandardStatus != domain.StdSuperseded {
				t.Errorf("plan %d names %d (%s), want V2.0 superseded", d.ID, d.StandardID, d.StandardStatus)
			}
		}
		n, err := e.svc.CountNotices(e.ctx, unit, store.NoticeFilter{})
		if err != nil || n != len(demo.Notices)-1 { // the draft is the office's
			t.Fatalf("the unit counts %d notices, %v", n, err)
		}
		if n, _ := e.svc.CountNotices(e.ctx, e.actor("office"), store.NoticeFilter{}); n != len(demo.Notices) {
			t.Fatalf("the office counts %d notices", n)
		}
	})
}

// A component names a published standard version (ORG-5): its standard, version and link are
// the standard's; a draft version is refused.
func TestComponentNamesStandard(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		std := e.standardInForce(demo.StdExchange)
		office := e.actor("office")
		c := &domain.Component{Name: "数据交换前置机", Kind: domain.CompOther, UnitID: e.unit(codeHealth).ID, Functions: []string{"前置交换"},
			StandardID: std.ID, Standard: "手填的名称", UserSystemIDs: []int64{}}
		if err := e.svc.CreateComponent(e.ctx, office, c); err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Component(e.ctx, office, c.ID)
		if err != nil || got.StandardID != std.ID || got.Standard != std.Name || got.StandardVersion != std.Edition || got.StandardURL != std.URL {
			t.Fatalf("component naming %s: %+v %v", std.Title(), got, err)
		}
		d, err := e.svc.TransitionStandard(e.ctx, office, std.ID, app.StandardStep{Version: std.Version, Action: domain.StdRevise, Edition: "V9.9"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.UpdateComponent(e.ctx, office, c.ID, app.ComponentEdit{Version: got.Version, StandardID: &d.ID})
		wantMessage(t, err, domain.EInvalid, "err.standard.not_published")
	})
}
