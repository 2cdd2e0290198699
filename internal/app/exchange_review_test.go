package app_test

import (
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// Regression tests of the review of sharing requests and data-correction feedback.

// The hourly escalation is the system's note on a case: the provider's page, opened before
// it ran, still acknowledges (it used to answer 409 stale version).
func TestFeedbackEscalationKeepsTheProvidersFormFresh(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		c := e.fbHealthEntry()
		e.clock.Set(fbAt(2026, 4, 2))
		f := e.fbReport(c.ID, "姓名")
		seen := f.Version // weijian opens the case page
		e.clock.Set(fbAt(2026, 4, 13))
		if n, err := e.svc.EscalateOverdueFeedback(e.ctx, e.clock.Now()); err != nil || n < 1 {
			t.Fatalf("escalate: %d, %v", n, err)
		}
		got, err := e.svc.TransitionFeedback(e.ctx, e.actor("weijian"), f.ID, app.FeedbackStep{Version: seen, Action: domain.FbAcknowledge})
		if err != nil {
			t.Fatalf("acknowledging with the version on screen after escalation: %v", err)
		}
		if got.EscalatedAt.IsZero() || !got.EverOverdue {
			t.Errorf("the escalation mark was lost: %+v", got)
		}
		// A second run finds nothing: the case is escalated (and answered).
		if n, err := e.svc.EscalateOverdueFeedback(e.ctx, e.clock.Now()); err != nil || n != 0 {
			t.Errorf("second run escalated %d, %v", n, err)
		}
	})
}

// A user who can read another unit's draft (its leader) and is the contact of a second unit
// cannot file a report on the draft from the second unit: its name would reach people of the
// second unit who may not read it.
func TestFeedbackOnlyOnPublishedEntries(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		draft := e.entryIn(domain.CatPrecompiled, "未发布的内部目录RV")
		health, edu := e.unit(codeHealth).ID, e.unit("320507105").ID
		u := e.user("leader")
		a := domain.Actor{UserID: u.ID, Username: u.Username, UnitID: u.UnitID, IP: "10.20.0.1",
			Grants: []domain.Grant{{Role: domain.RoleLeader, UnitID: health}, {Role: domain.RoleUnitContact, UnitID: edu}}}
		h := e.head()
		f := &domain.Feedback{ReporterUnitID: edu, EntryID: draft.ID, Kind: domain.FbOther, Description: "信息项缺失"}
		wantCode(t, e.svc.CreateFeedback(e.ctx, a, f), domain.EInvalid, "entry_id")
		e.wantNoAudit(h)
	})
}

// Leaving out which unit asks is a field error, not a refusal.
func TestExchangeWithoutTheAskingUnit(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		c := e.fbHealthEntry()
		h := e.head()
		wantCode(t, e.svc.CreateFeedback(e.ctx, e.actor("jiaoyu"), &domain.Feedback{EntryID: c.ID, Kind: domain.FbOther, Description: "x"}),
			domain.EInvalid, "reporter_unit_id")
		wantCode(t, e.svc.CreateSharingRequest(e.ctx, e.actor("jiaoyu"), &domain.SharingRequest{EntryID: c.ID, Purpose: "核验", Basis: "依据"}),
			domain.EInvalid, "requester_unit_id")
		e.wantNoAudit(h)
	})
}

// An approval valid until today, given as midnight in the district's zone (as the API's
// clients and the web form send it), is not "in the past".
func TestSharingValidUntilTodayInTheDistrictsZone(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		e.clock.Set(time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC)) // 10:00 in the district
		c := e.sharedEntry("共享测试RV", domain.ShareConditional)
		r := e.addSharing("jiaoyu", sharingReq(e.unit("320507105").ID, c.ID))
		today, _ := time.Parse(time.RFC3339, "2026-11-26T00:00:00+08:00")
		if _, err := e.answer("weijian", r.ID, app.SharingStep{Action: domain.SharingApprove, Scope: "按月核验", ValidUntil: &today}); err != nil {
			t.Fatalf("approving until today: %v", err)
		}
		r2 := e.addSharing("jiaoyu", sharingReq(e.unit("320507105").ID, c.ID))
		yesterday, _ := time.Parse(time.RFC3339, "2026-11-25T00:00:00+08:00")
		_, err := e.answer("weijian", r2.ID, app.SharingStep{Action: domain.SharingApprove, Scope: "按月核验", ValidUntil: &yesterday})
		wantCode(t, err, domain.EInvalid, "valid_until")
	})
}
