package app_test

// Data-correction feedback (SHR-R6) on the demo district: 区教育局 (jiaoyu) reports on data of
// 区卫生健康委员会 (weijian answers for it); 元和街道 (yuanhe) is a third unit that must not see
// the case. Deadlines count working days of the 2026 calendar.

import (
	"math"
	"strconv"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// fbAt is 10:00 in the district on the date.
func fbAt(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 2, 0, 0, 0, time.UTC) }

// fbHealthEntry is a published entry of 卫健委 with the data items 公民身份号码, 姓名 …
func (e *env) fbHealthEntry() *domain.CatalogEntry {
	e.t.Helper()
	id, err := e.db.Read().CatalogIDByName(e.ctx, e.unit("320507119").ID, "出生医学证明信息")
	if err != nil {
		e.t.Fatal(err)
	}
	c, err := e.db.Read().CatalogEntry(e.ctx, id)
	if err != nil || c.Status != domain.CatPublished {
		e.t.Fatalf("出生医学证明信息: %v %v", c, err)
	}
	return c
}

// fbReport files a case of 教育局 against the entry as jiaoyu.
func (e *env) fbReport(entryID int64, item string) *domain.Feedback {
	e.t.Helper()
	f := &domain.Feedback{ReporterUnitID: e.unit("320507105").ID, EntryID: entryID, Kind: domain.FbMissing, DataItem: item,
		Description: "新生儿入学登记时出生医学证明信息缺少部分记录", SampleRef: "学籍号 G3205072026001"}
	if err := e.svc.CreateFeedback(e.ctx, e.actor("jiaoyu"), f); err != nil {
		e.t.Fatalf("jiaoyu reports: %v", err)
	}
	return f
}

func (e *env) fbStep(who string, id int64, act domain.FeedbackAction, note string) (*domain.Feedback, error) {
	e.t.Helper()
	cur := must(e, "feedback", store.Reader.Feedback, id)
	return e.svc.TransitionFeedback(e.ctx, e.actor(who), id, app.FeedbackStep{Version: cur.Version, Action: act, Note: note})
}

func (e *env) fbMustStep(who string, id int64, act domain.FeedbackAction, note string) *domain.Feedback {
	e.t.Helper()
	f, err := e.fbStep(who, id, act, note)
	if err != nil {
		e.t.Fatalf("%s %s #%d: %v", who, act, id, err)
	}
	return f
}

// TestFeedbackLifecycle walks a case through every step with its refusals: the deadline across
// the Qingming holiday and a weekend, the reporter's reopening with a new deadline, and one
// audit record per step and none per refusal.
func TestFeedbackLifecycle(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		c := e.fbHealthEntry()
		e.clock.Set(fbAt(2026, 4, 2)) // Thursday; 4–6 April 清明节
		h := e.head()
		f := e.fbReport(c.ID, "姓名")
		e.wantAudit(h, "feedback.create", "jiaoyu")
		if f.Status != domain.FbSubmitted || f.ProviderUnitID != c.ProviderUnitID || f.EntryName != c.Name {
			t.Fatalf("created %+v", f)
		}
		// Fri 3 (1), Sat–Mon holiday and weekend, Tue 7 (2) … Fri 10 (5).
		if !f.DueDate.Equal(day(2026, 4, 10)) {
			t.Fatalf("due %v, want 2026-04-10", f.DueDate)
		}

		// A third unit does not see the case: not found, whatever it tries.
		h = e.head()
		if _, err := e.svc.Feedback(e.ctx, e.actor("yuanhe"), f.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("yuanhe reads: %v, want not found", err)
		}
		_, err := e.fbStep("yuanhe", f.ID, domain.FbAcknowledge, "")
		wantCode(t, err, domain.ENotFound, "")
		p, err := e.svc.Feedbacks(e.ctx, e.actor("yuanhe"), store.FeedbackFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range p.Items {
			if x.ID == f.ID {
				t.Fatal("yuanhe lists the case")
			}
		}
		// The reporter cannot answer for the provider; nothing is answered before it is acknowledged.
		_, err = e.fbStep("jiaoyu", f.ID, domain.FbFix, "已修正")
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.fbStep("weijian", f.ID, domain.FbFix, "已修正")
		wantCode(t, err, domain.EConflict, "")
		_, err = e.fbStep("weijian", f.ID, domain.FbConfirm, "")
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.TransitionFeedback(e.ctx, e.actor("weijian"), f.ID, app.FeedbackStep{Version: f.Version + 5, Action: domain.FbAcknowledge})
		wantCode(t, err, domain.EConflict, "")
		e.wantNoAudit(h)

		e.clock.Set(fbAt(2026, 4, 3))
		h = e.head()
		f = e.fbMustStep("weijian", f.ID, domain.FbAcknowledge, "")
		e.wantAudit(h, "feedback.acknowledge", "weijian")
		if f.Status != domain.FbAcknowledged || !f.AnsweredAt.IsZero() {
			t.Fatalf("acknowledged: %+v", f)
		}
		h = e.head()
		_, err = e.fbStep("weijian", f.ID, domain.FbFix, "  ")
		wantCode(t, err, domain.EInvalid, "note")
		_, err = e.fbStep("weijian", f.ID, domain.FbDispute, "")
		wantCode(t, err, domain.EInvalid, "reason")
		_, err = e.fbStep("weijian", f.ID, domain.FbReopen, "还有问题")
		wantCode(t, err, domain.EForbidden, "")
		e.wantNoAudit(h)
		f = e.fbMustStep("weijian", f.ID, domain.FbFix, "已补录2026年3月以来缺失的出生医学证明信息")
		e.wantAudit(h, "feedback.fix", "weijian")
		if f.Status != domain.FbFixed || f.Resolution != domain.FbFixed || f.AnsweredAt.IsZero() || f.ProviderNote == "" {
			t.Fatalf("fixed: %+v", f)
		}

		// The reporter reopens on Friday 24 April: a new deadline of five working days across
		// the Labour Day holiday (1–5 May): 27, 28, 29, 30 April and 6 May.
		e.clock.Set(fbAt(2026, 4, 24))
		h = e.head()
		_, err = e.fbStep("jiaoyu", f.ID, domain.FbReopen, "")
		wantCode(t, err, domain.EInvalid, "reason")
		e.wantNoAudit(h)
		f = e.fbMustStep("jiaoyu", f.ID, domain.FbReopen, "4月份的记录仍未补录")
		e.wantAudit(h, "feedback.reopen", "jiaoyu")
		if f.Status != domain.FbSubmitted || f.Reopens != 1 || !f.DueDate.Equal(day(2026, 5, 6)) || f.ReopenReason == "" {
			t.Fatalf("reopened: status %s, reopens %d, due %v", f.Status, f.Reopens, f.DueDate)
		}
		e.fbMustStep("weijian", f.ID, domain.FbAcknowledge, "")
		h = e.head()
		f = e.fbMustStep("weijian", f.ID, domain.FbDispute, "4月份数据按月汇交，尚未到汇交时间")
		e.wantAudit(h, "feedback.dispute", "weijian")
		h = e.head()
		f = e.fbMustStep("jiaoyu", f.ID, domain.FbConfirm, "")
		e.wantAudit(h, "feedback.confirm", "jiaoyu")
		if f.Status != domain.FbConfirmed || f.ClosedAt.IsZero() || f.Resolution != domain.FbDisputed {
			t.Fatalf("confirmed: %+v", f)
		}
		h = e.head()
		for _, act := range domain.FeedbackActions {
			who := "weijian"
			if !act.ByProvider() {
				who = "jiaoyu"
			}
			_, err = e.fbStep(who, f.ID, act, "说明")
			wantCode(t, err, domain.EConflict, "")
		}
		e.wantNoAudit(h)
		hist, err := e.svc.FeedbackHistory(e.ctx, e.actor("weijian"), f.ID)
		if err != nil || len(hist) != 7 {
			t.Fatalf("history: %d records (%v), want 7", len(hist), err)
		}
	})
}

// TestFeedbackCreateRefusals: what a report needs, and who may file it.
func TestFeedbackCreateRefusals(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		c := e.fbHealthEntry()
		edu := e.unit("320507105").ID
		good := func() *domain.Feedback {
			return &domain.Feedback{ReporterUnitID: edu, EntryID: c.ID, Kind: domain.FbOutdated, Description: "出生日期与户籍不一致"}
		}
		h := e.head()
		for _, tc := range []struct {
			name  string
			who   string
			edit  func(f *domain.Feedback)
			code  domain.Code
			field string
		}{
			{"no description", "jiaoyu", func(f *domain.Feedback) { f.Description = "  " }, domain.EInvalid, "description"},
			{"unknown data item", "jiaoyu", func(f *domain.Feedback) { f.DataItem = "迁入日期" }, domain.EInvalid, "data_item"},
			{"unknown kind", "jiaoyu", func(f *domain.Feedback) { f.Kind = "wrong" }, domain.EInvalid, "kind"},
			{"no target", "jiaoyu", func(f *domain.Feedback) { f.EntryID = 0 }, domain.EInvalid, "entry_id"},
			{"both targets", "jiaoyu", func(f *domain.Feedback) { f.Library = domain.LibPopulation }, domain.EInvalid, "library"},
			{"unknown library", "jiaoyu", func(f *domain.Feedback) { f.EntryID, f.Library = 0, "moon" }, domain.EInvalid, "library"},
			{"its own data", "weijian", func(f *domain.Feedback) { f.ReporterUnitID = e.unit("320507119").ID }, domain.EInvalid, "reporter_unit_id"},
			{"for another unit", "jiaoyu", func(f *domain.Feedback) { f.ReporterUnitID = e.unit("320507201").ID }, domain.EForbidden, ""},
			{"office has no unit to report for", "office", func(f *domain.Feedback) {}, domain.EForbidden, ""},
		} {
			f := good()
			tc.edit(f)
			err := e.svc.CreateFeedback(e.ctx, e.actor(tc.who), f)
			if domain.ErrorCode(err) != tc.code || (tc.field != "" && domain.AsError(err).Field != tc.field) {
				t.Errorf("%s: %v (field %q), want %s on %q", tc.name, err, domain.AsError(err).Field, tc.code, tc.field)
			}
		}
		// An entry of another unit that is not published is not visible to the reporter.
		draftID, err := e.db.Read().CatalogIDByName(e.ctx, e.unit("320507110").ID, "职业技能等级证书信息")
		if err != nil {
			t.Fatal(err)
		}
		f := good()
		f.EntryID = draftID
		err = e.svc.CreateFeedback(e.ctx, e.actor("jiaoyu"), f)
		wantCode(t, err, domain.EInvalid, "entry_id")
		e.wantNoAudit(h)

		// A base library's report goes to its authoritative provider (the demo's 人口库: 公安分局);
		// a library no longer in use takes none.
		lib := &domain.Feedback{ReporterUnitID: edu, Library: domain.LibPopulation, Kind: domain.FbOutdated, DataItem: "迁入日期", Description: "迁入日期为空"}
		if err := e.svc.CreateFeedback(e.ctx, e.actor("jiaoyu"), lib); err != nil {
			t.Fatalf("library report: %v", err)
		}
		if lib.ProviderUnitID != e.unit("320507106").ID || lib.EntryID != 0 {
			t.Fatalf("library report went to %d (%s)", lib.ProviderUnitID, lib.ProviderName)
		}
		l, err := e.db.Read().BaseLibraryByCode(e.ctx, domain.LibGeo)
		if err != nil {
			t.Fatal(err)
		}
		off := false
		if _, err := e.svc.UpdateBaseLibrary(e.ctx, e.actor("office"), l.ID, app.BaseLibraryEdit{Version: l.Version, Active: &off}); err != nil {
			t.Fatal(err)
		}
		h = e.head()
		err = e.svc.CreateFeedback(e.ctx, e.actor("jiaoyu"), &domain.Feedback{ReporterUnitID: edu, Library: domain.LibGeo, Kind: domain.FbOther, Description: "坐标偏移"})
		wantCode(t, err, domain.EInvalid, "library")
		e.wantNoAudit(h)
	})
}

// TestFeedbackEscalation: an overdue case is escalated exactly once, by the system, the day
// after its deadline — not on it; a reopening with a new deadline may escalate again.
func TestFeedbackEscalation(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		c := e.fbHealthEntry()
		e.clock.Set(fbAt(2026, 4, 2))
		f := e.fbReport(c.ID, "")
		e.svc.EscalateOverdueFeedback(e.ctx, fbAt(2026, 4, 2)) // whatever the demo has overdue
		escalations := func() int {
			rs, err := e.db.Read().AuditRecords(e.ctx, store.AuditFilter{EntityType: "feedback", EntityID: strconv.FormatInt(f.ID, 10), Action: "feedback.escalate"})
			if err != nil {
				t.Fatal(err)
			}
			return len(rs)
		}
		if _, err := e.svc.EscalateOverdueFeedback(e.ctx, fbAt(2026, 4, 10)); err != nil || escalations() != 0 {
			t.Fatalf("escalated on the due date: %d (%v)", escalations(), err)
		}
		e.clock.Set(fbAt(2026, 4, 13))
		h := e.head()
		if _, err := e.svc.EscalateOverdueFeedback(e.ctx, fbAt(2026, 4, 13)); err != nil || escalations() != 1 {
			t.Fatalf("escalations the day after: %d (%v), want 1", escalations(), err)
		}
		rs := e.since(h)
		if len(rs) == 0 || rs[len(rs)-1].Actor != "system" {
			t.Fatalf("escalation records %v, want by system", rs)
		}
		got, _ := e.db.Read().Feedback(e.ctx, f.ID)
		if got.EscalatedAt.IsZero() || !got.EverOverdue {
			t.Fatalf("after the sweep: %+v", got)
		}
		h = e.head()
		if n, err := e.svc.EscalateOverdueFeedback(e.ctx, fbAt(2026, 4, 14)); err != nil || n != 0 || escalations() != 1 {
			t.Fatalf("second sweep: %d (%v), escalations %d", n, err, escalations())
		}
		e.wantNoAudit(h)
		if n, err := e.svc.CountFeedback(e.ctx, e.actor("weijian_head"), store.FeedbackFilter{OverdueOn: day(2026, 4, 13), ProviderUnitIDs: []int64{c.ProviderUnitID}}); err != nil || n < 1 {
			t.Fatalf("the provider's 责任人 counts %d overdue (%v)", n, err)
		}
		// Answered late: stays marked; reopened: a new deadline, escalated again only after it.
		e.fbMustStep("weijian", f.ID, domain.FbAcknowledge, "")
		e.fbMustStep("weijian", f.ID, domain.FbFix, "已补充")
		e.clock.Set(fbAt(2026, 4, 14))
		f = e.fbMustStep("jiaoyu", f.ID, domain.FbReopen, "仍有缺失")
		if !f.EscalatedAt.IsZero() || !f.EverOverdue || !f.DueDate.Equal(day(2026, 4, 21)) {
			t.Fatalf("reopened: escalated %v, ever overdue %v, due %v", f.EscalatedAt, f.EverOverdue, f.DueDate)
		}
		e.svc.EscalateOverdueFeedback(e.ctx, fbAt(2026, 4, 21))
		if escalations() != 1 {
			t.Fatal("escalated before the new deadline passed")
		}
		e.svc.EscalateOverdueFeedback(e.ctx, fbAt(2026, 4, 22))
		if escalations() != 2 {
			t.Fatalf("escalations after the new deadline: %d, want 2", escalations())
		}
	})
}

// TestFeedbackStats computes the provider's numbers on four cases reported on Thursday 2 April
// and looked at on Tuesday 14 April (due date 10 April):
//
//	A fixed on Fri 3 (1 working day), confirmed          → closed, fixed
//	B disputed on Tue 7 (2 working days), confirmed      → closed, not fixed
//	C fixed on Tue 14 (7 working days), after the due date → ever overdue, waiting for the reporter
//	D never answered                                      → overdue now
func TestFeedbackStats(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		c := e.fbHealthEntry()
		e.clock.Set(fbAt(2026, 4, 2))
		a, b, cc, d := e.fbReport(c.ID, ""), e.fbReport(c.ID, "姓名"), e.fbReport(c.ID, ""), e.fbReport(c.ID, "性别")
		_ = d
		e.clock.Set(fbAt(2026, 4, 3))
		e.fbMustStep("weijian", a.ID, domain.FbAcknowledge, "")
		e.fbMustStep("weijian", a.ID, domain.FbFix, "已修正")
		e.fbMustStep("jiaoyu", a.ID, domain.FbConfirm, "")
		e.fbMustStep("weijian", b.ID, domain.FbAcknowledge, "")
		e.fbMustStep("weijian", cc.ID, domain.FbAcknowledge, "")
		e.clock.Set(fbAt(2026, 4, 7))
		e.fbMustStep("weijian", b.ID, domain.FbDispute, "数据无误")
		e.fbMustStep("jiaoyu", b.ID, domain.FbConfirm, "")
		e.clock.Set(fbAt(2026, 4, 14))
		e.fbMustStep("weijian", cc.ID, domain.FbFix, "已修正")

		period := app.FeedbackPeriod{From: day(2026, 4, 2), To: day(2026, 4, 2)}
		for _, who := range []string{"office", "weijian"} {
			rows, err := e.svc.FeedbackStatsFor(e.ctx, e.actor(who), period)
			if err != nil || len(rows) != 1 {
				t.Fatalf("%s: %d rows (%v), want 1", who, len(rows), err)
			}
			r := rows[0]
			if r.ProviderUnitID != c.ProviderUnitID || r.Reported != 4 || r.Open != 1 || r.Answered != 3 || r.Closed != 2 || r.FixedClosed != 1 ||
				r.OverdueNow != 1 || r.EverOverdue != 2 {
				t.Fatalf("%s: %+v", who, r)
			}
			if r.AvgResponse == nil || math.Abs(*r.AvgResponse-10.0/3) > 1e-9 || r.MedianResponse == nil || *r.MedianResponse != 2 ||
				r.FixRate == nil || *r.FixRate != 0.5 {
				t.Fatalf("%s: avg %v, median %v, fix rate %v; want 3.33, 2, 0.5", who, fbDeref(r.AvgResponse), fbDeref(r.MedianResponse), fbDeref(r.FixRate))
			}
		}
		// The reporting unit sees only its own line as a provider: none in this period.
		if rows, err := e.svc.FeedbackStatsFor(e.ctx, e.actor("jiaoyu"), period); err != nil || len(rows) != 0 {
			t.Fatalf("jiaoyu sees %d lines (%v), want 0", len(rows), err)
		}
		// An empty period has no lines.
		if rows, err := e.svc.FeedbackStatsFor(e.ctx, e.actor("office"), app.FeedbackPeriod{From: day(2026, 4, 3), To: day(2026, 4, 30)}); err != nil || len(rows) != 0 {
			t.Fatalf("empty period: %d lines (%v)", len(rows), err)
		}
	})
}

func fbDeref(x *float64) any {
	if x == nil {
		return nil
	}
	return *x
}
