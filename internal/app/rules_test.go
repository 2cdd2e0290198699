package app_test

import (
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/rules"
)

// liveFindings lists the live findings of rule id on one record, as the office sees them.
func (e *env) liveFindings(rule string, kind rules.Kind, id int64) []*domain.Finding {
	e.t.Helper()
	p, err := e.svc.Findings(e.ctx, e.actor("office"), app.FindingFilter{RuleID: rule, Kind: string(kind), SubjectID: id})
	if err != nil {
		e.t.Fatal(err)
	}
	return p.Items
}

// Every save re-evaluates the record's rules in its transaction: a system registered off the
// cloud is an ENV-P1 finding and an ENV-R2 one (no migration plan) at once; its migration plan
// resolves the second, not the first; cancelling the plan opens the same ENV-R2 finding again
// (first seen anew); the unit sees its own finding, another unit does not.
func TestFindingsFollowSaves(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		s := registrySystem(health.ID, "", "卫健数据直报系统")
		s.Hosting, s.HostingNote = domain.HostingRoom, "卫健委中心机房"
		s = e.addSystem("weijian", s)
		fs := e.liveFindings("ENV-P1.off-cloud", rules.KindSystem, s.ID)
		if len(fs) != 1 || fs[0].Status != domain.FindingOpen || fs[0].UnitID != health.ID || fs[0].RuleVersion < 1 {
			t.Fatalf("after the registration: %+v", fs)
		}
		first := fs[0]
		np := e.liveFindings("ENV-R2.no-migration-plan", rules.KindSystem, s.ID)
		if len(np) != 1 || np[0].Severity != "warning" {
			t.Fatalf("no ENV-R2 finding: %+v", np)
		}
		if _, err := e.svc.Finding(e.ctx, e.actor("weijian"), first.ID); err != nil {
			t.Fatalf("the unit reads its finding: %v", err)
		}
		if _, err := e.svc.Finding(e.ctx, e.actor("jiaoyu"), first.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("another unit reads it: %v", err)
		}
		plan, err := e.svc.SaveMigrationPlan(e.ctx, e.actor("weijian"), s.ID, migrationEdit(0))
		if err != nil {
			t.Fatal(err)
		}
		if fs := e.liveFindings("ENV-R2.no-migration-plan", rules.KindSystem, s.ID); len(fs) != 0 {
			t.Fatalf("the plan did not resolve the finding: %+v", fs)
		}
		if fs := e.liveFindings("ENV-P1.off-cloud", rules.KindSystem, s.ID); len(fs) != 1 || fs[0].ID != first.ID {
			t.Fatalf("with a plan the system is still off the cloud (ENV-P1): %+v", fs)
		}
		noPlan := e.liveFindings("ENV-R2.no-migration-plan", rules.KindSystem, s.ID)
		e.clock.Advance(24 * time.Hour)
		if _, err := e.svc.TransitionMigrationPlan(e.ctx, e.actor("weijian"), s.ID, app.PlanStep{Version: plan.Version,
			Action: domain.PlanCancel, Note: "系统将停用"}); err != nil {
			t.Fatal(err)
		}
		fs = e.liveFindings("ENV-R2.no-migration-plan", rules.KindSystem, s.ID)
		if len(noPlan) != 0 || len(fs) != 1 || fs[0].ID != np[0].ID || !fs[0].FirstSeen.After(np[0].FirstSeen) {
			t.Fatalf("after the cancellation: %+v (first %+v)", fs, np[0])
		}
	})
}

// The office publishes a rule (a new immutable version, audited, re-evaluated at once); an
// editor who started from an older version is refused (409); a unit may not publish (403); a
// broken expression is refused with its position and publishes nothing.
func TestPublishRule(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		office := e.actor("office")
		cur, err := e.svc.RuleSet(e.ctx, office, 0)
		if err != nil {
			t.Fatal(err)
		}
		base := cur.Row.Version
		r := *cur.Set.Rule("BLD-R5.cleanup-not-filed")
		before := len(e.liveFindings(r.ID, rules.KindSystem, 0))
		r.When = "system.status in ['idle', 'unmaintained', 'superseded'] && system.status_since != '' && add_months(system.status_since, 1) < today"
		r.Tests = append(r.Tests, rules.Case{Name: "闲置两个月", Today: "2026-12-01", Input: map[string]any{"status": "idle", "status_since": "2026-10-01"}, Violated: true})
		r.Tests[1].Violated = true // idle since September: now a finding too

		_, err = e.svc.PublishRule(e.ctx, e.actor("weijian_head"), &r, base, 0, "缩短期限")
		wantCode(t, err, domain.EForbidden, "")
		broken := r
		broken.When = "system.status == 'idle' &&\n system.stauts_since < today"
		_, err = e.svc.PublishRule(e.ctx, office, &broken, base, 0, "错误")
		wantCode(t, err, domain.EInvalid, "violated_when")
		if v, _ := e.svc.RuleSet(e.ctx, office, 0); v.Row.Version != base {
			t.Fatalf("a broken rule was published: version %d", v.Row.Version)
		}
		row, err := e.svc.PublishRule(e.ctx, office, &r, base, 2027, "2027年申报指南：闲置一个月即须清理备案")
		if err != nil || row.Version != base+1 || row.GuideYear != 2027 {
			t.Fatalf("publish: %+v %v", row, err)
		}
		if after := len(e.liveFindings(r.ID, rules.KindSystem, 0)); after <= before {
			t.Fatalf("BLD-R5 findings %d → %d after the shorter period", before, after)
		}
		_, err = e.svc.PublishRule(e.ctx, office, &r, base, 0, "同一版本再改")
		wantCode(t, err, domain.EConflict, "")
		diff, err := e.svc.DiffRuleSets(e.ctx, office, base, base+1)
		if err != nil || len(diff) != 1 || diff[0].ID != r.ID || diff[0].Change != "changed" {
			t.Fatalf("diff %+v %v", diff, err)
		}
		if rs := e.since(0); len(rs) == 0 {
			t.Fatal("no audit")
		}
	})
}

// A waiver (TestWaiverLapse): the unit asks, the office approves (the finding is waived), the waiver lapses on
// its expiry at the sweep (the finding open again); a refusal needs its comment; another unit
// cannot ask.
func TestWaiverLapse(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		s := registrySystem(health.ID, "", "卫健应急指挥系统")
		s.Hosting, s.HostingNote = domain.HostingRoom, "卫健委中心机房"
		s = e.addSystem("weijian", s)
		f := e.liveFindings("ENV-P1.off-cloud", rules.KindSystem, s.ID)[0]
		expires := e.clock.T.AddDate(0, 1, 0)
		_, err := e.svc.RequestWaiver(e.ctx, e.actor("jiaoyu"), app.WaiverRequest{FindingID: f.ID, Reason: "x", ExpiresOn: expires})
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.RequestWaiver(e.ctx, e.actor("weijian"), app.WaiverRequest{FindingID: f.ID, Reason: "应急系统须就近部署", ExpiresOn: e.clock.T.AddDate(0, 0, -1)})
		wantCode(t, err, domain.EInvalid, "expires_on")
		w, err := e.svc.RequestWaiver(e.ctx, e.actor("weijian"), app.WaiverRequest{FindingID: f.ID, Reason: "应急系统须就近部署，待市级统建平台上线后迁移", ExpiresOn: expires})
		if err != nil || w.Status != domain.WaiverRequested {
			t.Fatalf("request: %+v %v", w, err)
		}
		_, err = e.svc.RequestWaiver(e.ctx, e.actor("weijian"), app.WaiverRequest{FindingID: f.ID, Reason: "再次申请", ExpiresOn: expires})
		wantCode(t, err, domain.EConflict, "")
		_, err = e.svc.TransitionWaiver(e.ctx, e.actor("office"), w.ID, app.WaiverStep{Version: w.Version, Action: domain.WaiverRefuse})
		wantCode(t, err, domain.EInvalid, "comment")
		_, err = e.svc.TransitionWaiver(e.ctx, e.actor("weijian"), w.ID, app.WaiverStep{Version: w.Version, Action: domain.WaiverApprove})
		wantCode(t, err, domain.EForbidden, "")
		if w, err = e.svc.TransitionWaiver(e.ctx, e.actor("office"), w.ID, app.WaiverStep{Version: w.Version, Action: domain.WaiverApprove}); err != nil {
			t.Fatal(err)
		}
		if fs := e.liveFindings("ENV-P1.off-cloud", rules.KindSystem, s.ID); len(fs) != 1 || fs[0].Status != domain.FindingWaived {
			t.Fatalf("approved: %+v", fs)
		}
		e.clock.Advance(40 * 24 * time.Hour)
		if _, err := e.svc.Sweep(e.ctx, app.SystemActor()); err != nil {
			t.Fatal(err)
		}
		if w, _ = e.svc.Waiver(e.ctx, e.actor("office"), w.ID); w.Status != domain.WaiverLapsed {
			t.Fatalf("waiver %s after its expiry", w.Status)
		}
		if fs := e.liveFindings("ENV-P1.off-cloud", rules.KindSystem, s.ID); len(fs) != 1 || fs[0].Status != domain.FindingOpen {
			t.Fatalf("lapsed: %+v", fs)
		}
	})
}

// Of several replicas asking for the sweep's lease at once, one gets it; it is free again once
// it expires.
func TestSweepLease(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		var got []bool
		for _, h := range []string{"a", "b", "a"} {
			ok, err := e.db.TryLease(e.ctx, app.SweepLease, h, e.clock.T, time.Hour)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, ok)
		}
		if got[0] != true || got[1] != false || got[2] != true {
			t.Fatalf("leases %v, want the first holder only", got)
		}
		if ok, _ := e.db.TryLease(e.ctx, app.SweepLease, "b", e.clock.T.Add(2*time.Hour), time.Hour); !ok {
			t.Fatal("an expired lease was not taken over")
		}
		swept, _, err := e.svc.SweepIfDue(e.ctx, "c", time.Hour)
		if err != nil || swept {
			t.Fatalf("swept under another's lease: %v %v", swept, err)
		}
	})
}
