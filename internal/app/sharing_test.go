package app_test

// Sharing requests (国发〔2016〕51号) on the demo district: what may be requested, who answers
// and withdraws, the transition table's conflicts, the due date in working days and the
// escalation of overdue answers, exactly once.

import (
	"strconv"
	"sync"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// sharedEntry creates a published entry of the health commission with the given sharing type.
func (e *env) sharedEntry(name string, st domain.ShareType) *domain.CatalogEntry {
	e.t.Helper()
	c := newEntry(e.unit(codeHealth).ID, name)
	c.ShareType = st
	switch st {
	case domain.ShareUnconditional:
		c.ShareCondition = ""
	case domain.ShareNone:
		c.ShareCondition, c.ShareBasis = "涉及个人隐私", "《中华人民共和国个人信息保护法》第十三条"
		c.ShareChannel, c.ShareForm = "", ""
	}
	e.addEntry("weijian", c)
	for _, act := range []domain.CatalogAction{domain.CatSubmit, domain.CatRegister, domain.CatPublish} {
		if _, err := e.catStep(app.SystemActor(), c.ID, act, ""); err != nil {
			e.t.Fatalf("%s: %v", act, err)
		}
	}
	return e.storedEntry(c.ID)
}

// sharingReq is a valid request of unit for entry, as a form would send it.
func sharingReq(unitID, entryID int64) *domain.SharingRequest {
	return &domain.SharingRequest{RequesterUnitID: unitID, EntryID: entryID, Purpose: "核验学生家庭成员的出生医学证明",
		Basis: "《江苏省政务数据共享管理办法》第十二条"}
}

func (e *env) addSharing(who string, r *domain.SharingRequest) *domain.SharingRequest {
	e.t.Helper()
	return added(e, who, "a request of entry "+strconv.FormatInt(r.EntryID, 10), e.svc.CreateSharingRequest, r)
}

func (e *env) storedSharing(id int64) *domain.SharingRequest {
	e.t.Helper()
	return must(e, "sharing request", store.Reader.SharingRequest, id)
}

func (e *env) answer(who string, id int64, st app.SharingStep) (*domain.SharingRequest, error) {
	e.t.Helper()
	if st.Version == 0 {
		st.Version = e.storedSharing(id).Version
	}
	return e.svc.AnswerSharingRequest(e.ctx, e.actor(who), id, st)
}

func TestSharingCreate(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		edu, health := e.unit(codeEdu), e.unit(codeHealth)
		cond := e.sharedEntry("出生医学证明共享测试", domain.ShareConditional)

		h := e.head()
		r := sharingReq(edu.ID, cond.ID)
		r.Items = []string{"机构名称", " 机构名称 ", ""}
		r.ProviderUnitID = edu.ID                        // ignored: the provider comes from the entry
		r.SubmittedOn = t0.AddDate(0, -1, 0)             // ignored: only the operator backfills
		r.Status, r.Scope = domain.SharingApproved, "全部" // ignored: a request starts submitted
		e.addSharing("jiaoyu", r)
		e.wantAudit(h, "sharing.create", "jiaoyu")
		got := e.storedSharing(r.ID)
		if got.ProviderUnitID != health.ID || got.RequesterUnitID != edu.ID || got.Status != domain.SharingSubmitted || got.Scope != "" {
			t.Fatalf("stored %+v, want submitted from 教育局 to 卫健委", got)
		}
		if len(got.Items) != 1 || got.Items[0] != "机构名称" {
			t.Errorf("items %v, want [机构名称]", got.Items)
		}
		// t0 is Monday 2 March 2026: ten working days later is Monday 16 March.
		if want := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC); !got.SubmittedOn.Equal(want) {
			t.Errorf("submitted on %v, want %v", got.SubmittedOn, want)
		}
		if want := time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC); !got.DueDate.Equal(want) {
			t.Errorf("due %v, want %v", got.DueDate, want)
		}

		none := e.sharedEntry("预防接种共享测试", domain.ShareNone)
		free := e.sharedEntry("医疗机构名录共享测试", domain.ShareUnconditional)
		draft := e.entryIn(domain.CatPrecompiled, "未发布的资源")
		gone := e.entryIn(domain.CatWithdrawn, "撤销的资源")
		sys, err := e.svc.Systems(e.ctx, app.SystemActor(), store.SystemFilter{UnitID: health.ID, Limit: 1})
		if err != nil || len(sys.Items) == 0 {
			t.Fatal("no system of the health commission", err)
		}
		cases := []struct {
			name  string
			who   string
			req   func() *domain.SharingRequest
			code  domain.Code
			field string
			key   string
		}{
			{"不予共享", "jiaoyu", func() *domain.SharingRequest { return sharingReq(edu.ID, none.ID) }, domain.EUnprocessable, "entry_id", "err.sharing.not_shared"},
			{"无条件共享", "jiaoyu", func() *domain.SharingRequest { return sharingReq(edu.ID, free.ID) }, domain.EUnprocessable, "entry_id", "err.sharing.unconditional"},
			{"own entry", "weijian", func() *domain.SharingRequest { return sharingReq(health.ID, cond.ID) }, domain.EUnprocessable, "entry_id", "err.sharing.own_entry"},
			{"another unit's draft", "jiaoyu", func() *domain.SharingRequest { return sharingReq(edu.ID, draft.ID) }, domain.ENotFound, "", ""},
			{"a withdrawn entry", "jiaoyu", func() *domain.SharingRequest { return sharingReq(edu.ID, gone.ID) }, domain.ENotFound, "", ""},
			{"no such entry", "jiaoyu", func() *domain.SharingRequest { return sharingReq(edu.ID, 1<<40) }, domain.ENotFound, "", ""},
			{"no purpose", "jiaoyu", func() *domain.SharingRequest { r := sharingReq(edu.ID, cond.ID); r.Purpose = " "; return r }, domain.EInvalid, "purpose", "err.sharing.purpose_required"},
			{"no basis", "jiaoyu", func() *domain.SharingRequest { r := sharingReq(edu.ID, cond.ID); r.Basis = ""; return r }, domain.EInvalid, "basis", "err.sharing.basis_required"},
			{"unknown item", "jiaoyu", func() *domain.SharingRequest {
				r := sharingReq(edu.ID, cond.ID)
				r.Items = []string{"身高"}
				return r
			}, domain.EInvalid, "items", "err.sharing.no_such_item"},
			{"another unit's system", "jiaoyu", func() *domain.SharingRequest {
				r := sharingReq(edu.ID, cond.ID)
				r.SystemID = sys.Items[0].ID
				return r
			}, domain.EInvalid, "system_id", "err.sharing.system_not_of_unit"},
			{"use ended", "jiaoyu", func() *domain.SharingRequest {
				r := sharingReq(edu.ID, cond.ID)
				r.UseUntil = t0.AddDate(0, 0, -1)
				return r
			}, domain.EInvalid, "use_until", "err.sharing.use_until_past"},
			{"for another unit", "jiaoyu", func() *domain.SharingRequest { return sharingReq(e.unit(codeYuanhe).ID, cond.ID) }, domain.EForbidden, "", ""},
			{"the office does not ask", "office", func() *domain.SharingRequest { return sharingReq(edu.ID, cond.ID) }, domain.EForbidden, "", ""},
			{"the leader does not ask", "leader", func() *domain.SharingRequest { return sharingReq(edu.ID, cond.ID) }, domain.EForbidden, "", ""},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				h := e.head()
				err := e.svc.CreateSharingRequest(e.ctx, e.actor(c.who), c.req())
				wantCode(t, err, c.code, c.field)
				if c.key != "" {
					wantMessage(t, err, c.code, c.key)
				}
				e.wantNoAudit(h)
			})
		}
		// The refusal of 不予共享 names its basis, so the requester reads why.
		err = e.svc.CreateSharingRequest(e.ctx, e.actor("jiaoyu"), sharingReq(edu.ID, none.ID))
		if args := domain.AsError(err).Args; len(args) != 1 || args[0] != none.ShareBasis {
			t.Errorf("refusal args %v, want the basis %q", args, none.ShareBasis)
		}
	})
}

func TestSharingAnswerAndWithdraw(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		edu := e.unit(codeEdu)
		cond := e.sharedEntry("出生医学证明共享测试", domain.ShareConditional)
		r := e.addSharing("jiaoyu", func() *domain.SharingRequest {
			r := sharingReq(edu.ID, cond.ID)
			r.Items = []string{"机构名称"}
			return r
		}())
		approve := app.SharingStep{Action: domain.SharingApprove, Scope: "通过共享平台接口按月获取，仅用于学籍核验"}

		refused := []struct {
			name  string
			who   string
			st    app.SharingStep
			code  domain.Code
			field string
		}{
			{"a third unit cannot see it", "yuanhe", approve, domain.ENotFound, ""},
			{"the requester does not answer its own request", "jiaoyu", approve, domain.EForbidden, ""},
			{"the office follows up, it does not answer", "office", approve, domain.EForbidden, ""},
			{"approval without a scope", "weijian", app.SharingStep{Action: domain.SharingApprove, Scope: "  "}, domain.EInvalid, "scope"},
			{"refusal without a reason", "weijian", app.SharingStep{Action: domain.SharingRefuse}, domain.EInvalid, "refusal_reason"},
			{"approving an item not asked for", "weijian", app.SharingStep{Action: domain.SharingApprove, Scope: "按月", ScopeItems: []string{"机构代码"}}, domain.EInvalid, "scope_items"},
			{"an end date in the past", "weijian", app.SharingStep{Action: domain.SharingApprove, Scope: "按月", ValidUntil: ptr(t0.AddDate(0, 0, -2))}, domain.EInvalid, "valid_until"},
			{"a stale version", "weijian", app.SharingStep{Version: 99, Action: domain.SharingApprove, Scope: "按月"}, domain.EConflict, ""},
			{"withdraw is not an answer", "weijian", app.SharingStep{Action: domain.SharingWithdraw}, domain.EInvalid, "action"},
		}
		for _, c := range refused {
			t.Run(c.name, func(t *testing.T) {
				h := e.head()
				_, err := e.answer(c.who, r.ID, c.st)
				wantCode(t, err, c.code, c.field)
				e.wantNoAudit(h)
			})
		}
		// The provider does not withdraw the requester's request.
		h := e.head()
		_, err := e.svc.WithdrawSharingRequest(e.ctx, e.actor("weijian"), r.ID, e.storedSharing(r.ID).Version)
		wantCode(t, err, domain.EForbidden, "")
		e.wantNoAudit(h)

		h = e.head()
		st := approve
		st.ValidUntil = ptr(time.Date(2027, 12, 31, 0, 0, 0, 0, time.UTC))
		got, err := e.answer("weijian_head", r.ID, st)
		if err != nil {
			t.Fatal(err)
		}
		e.wantAudit(h, "sharing.approve", "weijian_head")
		if got.Status != domain.SharingApproved || got.Scope != approve.Scope || !got.AnsweredAt.Equal(t0) || got.ValidUntil.Year() != 2027 {
			t.Fatalf("after approval: %+v", got)
		}

		// Answered is final: a second answer, either way, and a late withdrawal are conflicts.
		for _, c := range []struct {
			who string
			do  func(v int64) error
		}{
			{"weijian", func(v int64) error {
				_, err := e.answer("weijian", r.ID, app.SharingStep{Version: v, Action: domain.SharingApprove, Scope: "再次"})
				return err
			}},
			{"weijian", func(v int64) error {
				_, err := e.answer("weijian", r.ID, app.SharingStep{Version: v, Action: domain.SharingRefuse, Reason: "改变主意"})
				return err
			}},
			{"jiaoyu", func(v int64) error {
				_, err := e.svc.WithdrawSharingRequest(e.ctx, e.actor("jiaoyu"), r.ID, v)
				return err
			}},
		} {
			h := e.head()
			err := c.do(e.storedSharing(r.ID).Version)
			wantMessage(t, err, domain.EConflict, "err.sharing.transition")
			e.wantNoAudit(h)
		}

		// Refusal with a reason, on a second request.
		r2 := e.addSharing("jiaoyu", sharingReq(edu.ID, cond.ID))
		h = e.head()
		got, err = e.answer("weijian", r2.ID, app.SharingStep{Action: domain.SharingRefuse, Reason: "申请用途与共享条件不符"})
		if err != nil {
			t.Fatal(err)
		}
		e.wantAudit(h, "sharing.refuse", "weijian")
		if got.Status != domain.SharingRefused || got.RefusalReason != "申请用途与共享条件不符" || got.Scope != "" {
			t.Fatalf("after refusal: %+v", got)
		}

		// Withdrawal by the requester before the answer; then nothing more.
		r3 := e.addSharing("jiaoyu", sharingReq(edu.ID, cond.ID))
		h = e.head()
		if _, err := e.svc.WithdrawSharingRequest(e.ctx, e.actor("jiaoyu"), r3.ID, r3.Version); err != nil {
			t.Fatal(err)
		}
		e.wantAudit(h, "sharing.withdraw", "jiaoyu")
		h = e.head()
		_, err = e.answer("weijian", r3.ID, app.SharingStep{Action: domain.SharingApprove, Scope: "按月"})
		wantCode(t, err, domain.EConflict, "")
		e.wantNoAudit(h)

		if steps := e.svc.SharingSteps(e.actor("weijian"), e.storedSharing(r3.ID)); len(steps) != 0 {
			t.Errorf("steps on a withdrawn request: %v", steps)
		}
		r4 := e.addSharing("jiaoyu", sharingReq(edu.ID, cond.ID))
		if steps := e.svc.SharingSteps(e.actor("weijian"), r4); len(steps) != 2 {
			t.Errorf("provider's steps %v, want approve and refuse", steps)
		}
		if steps := e.svc.SharingSteps(e.actor("jiaoyu"), r4); len(steps) != 1 || steps[0] != domain.SharingWithdraw {
			t.Errorf("requester's steps %v, want withdraw", steps)
		}
	})
}

func TestSharingVisibility(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		edu, health := e.unit(codeEdu), e.unit(codeHealth)
		cond := e.sharedEntry("出生医学证明共享测试", domain.ShareConditional)
		r := e.addSharing("jiaoyu", sharingReq(edu.ID, cond.ID))
		for who, sees := range map[string]bool{"jiaoyu": true, "weijian": true, "weijian_head": true, "office": true, "yuanhe": false, "expert": false} {
			_, err := e.svc.SharingRequest(e.ctx, e.actor(who), r.ID)
			if sees != (err == nil) {
				t.Errorf("%s reads the request: %v", who, err)
			}
			if !sees {
				wantCode(t, err, domain.ENotFound, "")
			}
			p, err := e.svc.SharingRequests(e.ctx, e.actor(who), store.SharingFilter{EntryID: cond.ID})
			if err != nil || (len(p.Items) == 1) != sees {
				t.Errorf("%s lists %d requests of the entry (%v), sees %v", who, len(p.Items), err, sees)
			}
			if _, err := e.svc.SharingHistory(e.ctx, e.actor(who), r.ID); sees != (err == nil) {
				t.Errorf("%s reads the history: %v", who, err)
			}
		}
		// The sides: 我申请的 and 待我答复.
		for _, c := range []struct {
			f    store.SharingFilter
			want int
		}{
			{store.SharingFilter{EntryID: cond.ID, RequesterIn: []int64{edu.ID}}, 1},
			{store.SharingFilter{EntryID: cond.ID, ProviderIn: []int64{edu.ID}}, 0},
			{store.SharingFilter{EntryID: cond.ID, ProviderIn: []int64{health.ID}}, 1},
			{store.SharingFilter{EntryID: cond.ID, ProviderIn: []int64{}}, 0},
			{store.SharingFilter{EntryID: cond.ID, Status: domain.SharingApproved}, 0},
		} {
			n, err := e.svc.CountSharingRequests(e.ctx, e.actor("office"), c.f)
			if err != nil || n != c.want {
				t.Errorf("count %+v = %d (%v), want %d", c.f, n, err, c.want)
			}
		}
	})
}

// TestSharingDueDate: the due date counts working days from the day after receipt, skipping
// weekends and public holidays and counting the declared weekend working days (调休).
func TestSharingDueDate(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		edu := e.unit(codeEdu)
		cond := e.sharedEntry("出生医学证明共享测试", domain.ShareConditional)
		for _, c := range []struct {
			at, due time.Time
		}{
			// Friday 6 March: two weekends in between.
			{time.Date(2026, 3, 6, 2, 0, 0, 0, time.UTC), time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)},
			// Thursday 30 April: 劳动节 1–5 May, Saturday 9 May a working day.
			{time.Date(2026, 4, 30, 2, 0, 0, 0, time.UTC), time.Date(2026, 5, 18, 0, 0, 0, 0, time.UTC)},
			// 23:30 UTC on 30 April is already 1 May in the district: received on a holiday,
			// the count starts on the next working day all the same.
			{time.Date(2026, 4, 30, 23, 30, 0, 0, time.UTC), time.Date(2026, 5, 18, 0, 0, 0, 0, time.UTC)},
			// 17:00 UTC on Friday 8 May is Saturday 9 May in the district, a working day (调休).
			{time.Date(2026, 5, 8, 17, 0, 0, 0, time.UTC), time.Date(2026, 5, 22, 0, 0, 0, 0, time.UTC)},
		} {
			e.clock.Set(c.at)
			r := e.addSharing("jiaoyu", sharingReq(edu.ID, cond.ID))
			if !r.DueDate.Equal(c.due) {
				t.Errorf("received at %v: due %v, want %v", c.at, r.DueDate.Format("2006-01-02"), c.due.Format("2006-01-02"))
			}
		}
	})
}

func TestSharingEscalation(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		edu := e.unit(codeEdu)
		cond := e.sharedEntry("出生医学证明共享测试", domain.ShareConditional)
		late := e.addSharing("jiaoyu", sharingReq(edu.ID, cond.ID))     // due Monday 16 March
		answered := e.addSharing("jiaoyu", sharingReq(edu.ID, cond.ID)) // answered in time
		if _, err := e.answer("weijian", answered.ID, app.SharingStep{Action: domain.SharingRefuse, Reason: "不符合条件"}); err != nil {
			t.Fatal(err)
		}
		escalations := func(h, id int64) int {
			n := 0
			for _, rec := range e.since(h) {
				if rec.Action == "sharing.escalate" && rec.EntityID == strconv.FormatInt(id, 10) {
					if rec.Actor != "system" {
						t.Errorf("escalated by %q, want the system", rec.Actor)
					}
					n++
				}
			}
			return n
		}

		// On the due date it is not late yet (16:00 in the district on 16 March).
		h := e.head()
		if _, err := e.svc.EscalateOverdueSharing(e.ctx, time.Date(2026, 3, 16, 8, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if n := escalations(h, late.ID); n != 0 || !e.storedSharing(late.ID).EscalatedAt.IsZero() {
			t.Fatalf("escalated on its due date")
		}
		if e.storedSharing(late.ID).Overdue(time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC)) {
			t.Error("overdue on its due date")
		}

		// The day after, two runs at once and one more later: escalated exactly once.
		now := time.Date(2026, 3, 17, 1, 0, 0, 0, time.UTC)
		h = e.head()
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				if _, err := e.svc.EscalateOverdue(e.ctx, now); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if _, err := e.svc.EscalateOverdueSharing(e.ctx, now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if n := escalations(h, late.ID); n != 1 {
			t.Fatalf("escalated %d times, want once", n)
		}
		if n := escalations(h, answered.ID); n != 0 {
			t.Fatalf("an answered request was escalated")
		}
		got := e.storedSharing(late.ID)
		if !got.EscalatedAt.Equal(now) || got.Version != late.Version {
			t.Fatalf("escalated at %v version %d, want %v and the version unchanged (%d)", got.EscalatedAt, got.Version, now, late.Version)
		}
		// It shows as overdue and escalated for the office and the provider's 责任人.
		for _, who := range []string{"office", "weijian_head"} {
			n, err := e.svc.CountSharingRequests(e.ctx, e.actor(who), store.SharingFilter{EntryID: cond.ID, Escalated: true})
			if err != nil || n != 1 {
				t.Errorf("%s counts %d escalated (%v), want 1", who, n, err)
			}
		}
		n, err := e.svc.CountSharingRequests(e.ctx, e.actor("office"), store.SharingFilter{EntryID: cond.ID, OverdueOn: domain.Day(now)})
		if err != nil || n != 1 {
			t.Errorf("overdue count %d (%v), want 1", n, err)
		}
		// The provider's open answer form is not made stale by the escalation.
		e.clock.Set(now)
		if _, err := e.answer("weijian", late.ID, app.SharingStep{Version: late.Version, Action: domain.SharingApprove, Scope: "按月"}); err != nil {
			t.Fatalf("answer after escalation: %v", err)
		}
	})
}
