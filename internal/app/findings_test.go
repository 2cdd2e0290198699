package app_test

// Governance findings and waivers through the use cases (issue 11), on the demo district: a
// unit reads its own findings and no other unit's, the office all; a waiver's course (asked by
// the unit, decided by the office, revoked, withdrawn, lapsing on expiry at the sweep) with its
// refusals; the gates' deny (ENV-R1 at submission) and the warnings an approval acknowledges.

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/domain"
	"archgov/internal/rules"
	"archgov/internal/store"
)

// TestFindingRulesExist: the rules whose findings the registers read (domain.Rule*) are in the
// default rule set, of the kind the registers read them for.
func TestFindingRulesExist(t *testing.T) {
	set := rules.Default()
	for id, kind := range map[string]rules.Kind{domain.RuleOffCloud: rules.KindSystem, domain.RuleRoomOverdue: rules.KindMachineRoom,
		domain.RuleWebsiteOverdue: rules.KindWebsite, domain.RulePeopleMissing: rules.KindUnit, domain.RuleNoProvider: rules.KindBaseLibrary,
		domain.RuleUndocked: rules.KindSystem, domain.RuleMigrationLate: rules.KindSystem, domain.RuleNoRoomBuild: rules.KindApplication,
		domain.RuleExchangeOff: rules.KindApplication, domain.RuleNoMigration: rules.KindSystem, domain.RuleDockingLate: rules.KindSystem} {
		if r := set.Rule(id); r == nil || r.Kind != kind {
			t.Errorf("rule %s: %+v, want one of kind %s", id, r, kind)
		}
	}
	for _, k := range domain.FindingSubjects {
		if !rules.Kind(k).Known() {
			t.Errorf("subject kind %s is no rules kind", k)
		}
	}
}

// openFinding is an open finding of the unit, of a system (the unit's 责任人 or 联系人 may ask
// to waive it), with no waiver asked for.
func (e *env) openFinding(unit int64) *domain.Finding {
	e.t.Helper()
	p, err := e.svc.Findings(e.ctx, app.SystemActor(), app.FindingFilter{UnitID: unit, Kind: domain.SubjectSystem, Status: domain.FindingOpen, Limit: 50})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, f := range p.Items {
		if n, err := e.svc.CountWaivers(e.ctx, app.SystemActor(), app.WaiverFilter{Kind: f.SubjectKind, SubjectID: f.SubjectID, RuleID: f.RuleID}); err == nil && n == 0 {
			return f
		}
	}
	e.t.Fatalf("no open system finding of unit %d", unit)
	return nil
}

func TestFindingsScope(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu := e.unit(codeHealth), e.unit(codeEdu)
		all, err := e.svc.CountFindings(e.ctx, e.actor("office"), app.FindingFilter{})
		if err != nil || all == 0 {
			t.Fatalf("the office counts %d findings (%v)", all, err)
		}
		mine, err := e.svc.Findings(e.ctx, e.actor("weijian"), app.FindingFilter{Limit: 500})
		if err != nil || len(mine.Items) == 0 || len(mine.Items) >= all {
			t.Fatalf("weijian lists %d of %d (%v)", len(mine.Items), all, err)
		}
		for _, f := range mine.Items {
			if f.UnitID != health.ID {
				t.Errorf("weijian lists %s of unit %d", f.RuleID, f.UnitID)
			}
		}
		counts, err := e.svc.CountFindingsBy(e.ctx, e.actor("weijian"), app.FindingFilter{})
		if err != nil || counts.Total != len(mine.Items) || len(counts.ByUnit) != 1 || counts.ByUnit[0].Key != strconv.FormatInt(health.ID, 10) {
			t.Errorf("weijian's counts %+v (%v)", counts, err)
		}
		// Another unit's finding is not there for weijian; the office reads it.
		theirs := e.openFinding(edu.ID)
		_, err = e.svc.Finding(e.ctx, e.actor("weijian"), theirs.ID)
		wantCode(t, err, domain.ENotFound, "")
		if f, err := e.svc.Finding(e.ctx, e.actor("office"), theirs.ID); err != nil || f.ID != theirs.ID {
			t.Fatalf("the office reads %v (%v)", f, err)
		}
		// The administrators read no findings; an unknown filter value reads nothing either.
		if n, err := e.svc.CountFindings(e.ctx, e.actor("sysadmin"), app.FindingFilter{}); err != nil || n != 0 {
			t.Errorf("sysadmin counts %d (%v)", n, err)
		}
		// Filters: by clause, by rule, by severity.
		byClause, _ := e.svc.Findings(e.ctx, e.actor("office"), app.FindingFilter{Clause: "ENV-R3", Limit: 500})
		for _, f := range byClause.Items {
			if !slices.Contains(f.Clauses, "ENV-R3") {
				t.Errorf("clause ENV-R3 lists %s %v", f.RuleID, f.Clauses)
			}
		}
		if len(byClause.Items) == 0 {
			t.Error("no ENV-R3 finding in the demo")
		}
	})
}

func TestWaiverCourse(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		f := e.openFinding(health.ID)
		today := e.svc.Today()
		ask := func(who, reason string, until time.Time) (*domain.Waiver, error) {
			return e.svc.RequestWaiver(e.ctx, e.actor(who), app.WaiverRequest{FindingID: f.ID, Reason: reason, ExpiresOn: until})
		}
		status := func() domain.FindingStatus {
			t.Helper()
			x, err := e.svc.Finding(e.ctx, e.actor("office"), f.ID)
			if err != nil {
				t.Fatal(err)
			}
			return x.Status
		}
		before := e.head()
		// Refusals: another unit's user (404), the office (403: it decides, it does not ask), no
		// reason, an expiry not after today or beyond a year (422 naming each field).
		_, err := ask("jiaoyu", "理由", today.AddDate(0, 1, 0))
		wantCode(t, err, domain.ENotFound, "")
		_, err = ask("office", "理由", today.AddDate(0, 1, 0))
		wantCode(t, err, domain.EForbidden, "")
		_, err = ask("weijian", " ", today)
		wantCode(t, err, domain.EInvalid, "reason")
		if got := fieldsOf(err); !slices.Equal(got, []string{"reason", "expires_on"}) {
			t.Errorf("fields %v, want reason and expires_on", got)
		}
		_, err = ask("weijian", "理由", today.AddDate(0, 0, -1))
		wantMessage(t, err, domain.EInvalid, "err.waiver.expiry_past")
		_, err = ask("weijian", "理由", today.AddDate(0, 0, domain.MaxWaiverDays+1))
		wantMessage(t, err, domain.EInvalid, "err.waiver.expiry_far")
		e.wantNoAudit(before)

		// The unit asks; a second request while it waits is a conflict; the office is told.
		w, err := ask("weijian", "系统承建合同至年底，届时随升级迁移", today.AddDate(0, 2, 0))
		if err != nil || w.Status != domain.WaiverRequested || w.UnitID != health.ID {
			t.Fatalf("request: %+v %v", w, err)
		}
		e.wantAudit(before, "waiver.create", "weijian")
		_, err = ask("weijian_head", "再次申请", today.AddDate(0, 2, 0))
		wantMessage(t, err, domain.EConflict, "err.waiver.pending")
		if n, _ := e.svc.CountWaivers(e.ctx, e.actor("office"), app.WaiverFilter{Status: domain.WaiverRequested}); n < 1 {
			t.Error("the office sees no request waiting")
		}
		_, err = e.svc.Waiver(e.ctx, e.actor("jiaoyu"), w.ID)
		wantCode(t, err, domain.ENotFound, "")

		step := func(who string, act domain.WaiverAction, comment string) (*domain.Waiver, error) {
			cur, err := e.svc.Waiver(e.ctx, e.actor("office"), w.ID)
			if err != nil {
				t.Fatal(err)
			}
			return e.svc.TransitionWaiver(e.ctx, e.actor(who), w.ID, app.WaiverStep{Version: cur.Version, Action: act, Comment: comment})
		}
		// The unit does not decide; a refusal needs its comment; a stale version is a conflict.
		_, err = step("weijian", domain.WaiverApprove, "")
		wantCode(t, err, domain.EForbidden, "")
		_, err = step("office", domain.WaiverRefuse, " ")
		wantCode(t, err, domain.EInvalid, "comment")
		_, err = e.svc.TransitionWaiver(e.ctx, e.actor("office"), w.ID, app.WaiverStep{Version: w.Version + 5, Action: domain.WaiverApprove})
		wantCode(t, err, domain.EConflict, "")
		// Approved: the finding is waived in the same transaction.
		if w, err = step("office", domain.WaiverApprove, "同意"); err != nil || w.Status != domain.WaiverApproved {
			t.Fatalf("approve: %+v %v", w, err)
		}
		if st := status(); st != domain.FindingWaived {
			t.Fatalf("after approval the finding is %s", st)
		}
		// Revoked (with its comment): open again.
		_, err = step("office", domain.WaiverRevoke, "")
		wantCode(t, err, domain.EInvalid, "comment")
		if w, err = step("office", domain.WaiverRevoke, "迁移计划未按期报送"); err != nil || w.Status != domain.WaiverRevoked {
			t.Fatalf("revoke: %+v %v", w, err)
		}
		if st := status(); st != domain.FindingOpen {
			t.Fatalf("after revocation the finding is %s", st)
		}
		hist, err := e.svc.WaiverHistory(e.ctx, e.actor("weijian"), w.ID)
		if err != nil || len(hist) != 3 {
			t.Fatalf("history %d %v", len(hist), err)
		}

		// A request the unit withdraws.
		w, err = ask("weijian", "重新申请", today.AddDate(0, 1, 0))
		if err != nil {
			t.Fatal(err)
		}
		_, err = step("office", domain.WaiverWithdraw, "")
		wantCode(t, err, domain.EForbidden, "")
		if w, err = step("weijian_head", domain.WaiverWithdraw, ""); err != nil || w.Status != domain.WaiverWithdrawn {
			t.Fatalf("withdraw: %+v %v", w, err)
		}

		// A waiver of ten days lapses at the first sweep after its expiry: the finding opens again.
		w, err = ask("weijian", "短期豁免", today.AddDate(0, 0, 10))
		if err != nil {
			t.Fatal(err)
		}
		if w, err = step("office", domain.WaiverApprove, ""); err != nil {
			t.Fatal(err)
		}
		e.clock.T = e.clock.T.AddDate(0, 0, 10)
		if _, err := e.svc.Sweep(e.ctx, app.SystemActor()); err != nil {
			t.Fatal(err)
		}
		if x, _ := e.svc.Waiver(e.ctx, e.actor("office"), w.ID); x.Status != domain.WaiverApproved || status() != domain.FindingWaived {
			t.Fatalf("on its last day the waiver is %s, the finding %s", x.Status, status())
		}
		e.clock.T = e.clock.T.AddDate(0, 0, 1)
		at := e.head()
		if _, err := e.svc.Sweep(e.ctx, app.SystemActor()); err != nil {
			t.Fatal(err)
		}
		if x, _ := e.svc.Waiver(e.ctx, e.actor("office"), w.ID); x.Status != domain.WaiverLapsed || status() != domain.FindingOpen {
			t.Fatalf("after its expiry the waiver is %s, the finding %s", x.Status, status())
		}
		if recs := e.since(at); !slices.ContainsFunc(recs, func(r *audit.Record) bool {
			return r.Action == "waiver.lapse" && r.EntityID == strconv.FormatInt(w.ID, 10) && r.Actor == "system"
		}) {
			t.Errorf("no waiver.lapse by the system among %d records", len(recs))
		}
	})
}

// TestGates: an application that builds a machine room is refused at submission citing ENV-R1
// (422, the rule named, nothing changed, the refusal kept as a decision); the same without it
// is submitted. An approval with the rules' warnings needs their acknowledgement.
func TestGates(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		items := e.acceptedPlan(health.ID, 2027, 100_000)
		guides, _ := e.svc.Guides(e.ctx, e.actor("weijian"), store.GuideFilter{Year: 2027, Status: domain.GuidePublished})
		var answers []domain.ProjectResponse
		for _, cl := range guides.Items[0].Mandatory() {
			answers = append(answers, domain.ProjectResponse{Clause: cl, Answer: domain.AnswerComply})
		}
		p := added(e, "weijian", "application", e.svc.CreateProject, &domain.Project{Functions: testFunctions(), PlanItemID: items[0].ID, Content: "新建卫健专用机房",
			Budget: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 90_000}}, NoData: true, Responses: answers,
			RoomWork: domain.RoomWorkBuild, KeyCategory: domain.KeyTheme, UserLevels: []domain.UserLevel{domain.LevelDistrict}})
		_, err := e.projStep("weijian", p.ID, domain.ProjSubmit, "", 0)
		wantCode(t, err, domain.EUnprocessable, "")
		if x := domain.AsError(err); x.Rule != "ENV-R1.no-machine-room-build" || x.Message != "err.rules.violation" {
			t.Fatalf("refusal %+v, want ENV-R1's", x)
		}
		if got := must(e, "project", store.Reader.Project, p.ID); got.Status != domain.ProjDraft || got.Version != p.Version {
			t.Fatalf("a refused submission changed the application: %s v%d", got.Status, got.Version)
		}
		ds, err := e.svc.RuleDecisions(e.ctx, e.actor("weijian"), p.ID)
		if err != nil || len(ds) != 1 || ds[0].Outcome != "deny" || ds[0].Gate != "submit" || ds[0].RuleVersion == 0 {
			t.Fatalf("decisions %v (%v)", ds, err)
		}
		if vs := app.GateViolations(ds[0]); !slices.ContainsFunc(vs, func(v app.GateViolation) bool { return v.Rule == "ENV-R1.no-machine-room-build" }) {
			t.Errorf("the refusal keeps %v", vs)
		}
		_, err = e.svc.RuleDecisions(e.ctx, e.actor("jiaoyu"), p.ID)
		wantCode(t, err, domain.ENotFound, "")

		// The same application without the machine room goes through (its warnings: submit warns).
		none := domain.RoomWorkNone
		if _, err := e.svc.UpdateProject(e.ctx, e.actor("weijian"), p.ID, app.ProjectEdit{Version: p.Version, RoomWork: &none}); err != nil {
			t.Fatal(err)
		}
		if p, err = e.projStep("weijian", p.ID, domain.ProjSubmit, "", 0); err != nil || p.Status != domain.ProjSubmitted {
			t.Fatalf("submit without the room: %v", err)
		}
		if _, err = e.projStep("office", p.ID, domain.ProjReview, "", 0); err != nil {
			t.Fatal(err)
		}
		e.reviewed(p.ID)

		// A theme project for the district level only: PTL-R2 warns at approval.
		ws, err := e.svc.ApprovalWarnings(e.ctx, e.actor("office"), p.ID)
		if err != nil || !slices.ContainsFunc(ws, func(v app.GateViolation) bool { return v.Rule == "PTL-R2.user-levels" }) {
			t.Fatalf("approval warnings %v (%v)", ws, err)
		}
		approve := func(ack bool) (*domain.Project, error) {
			cur := must(e, "project", store.Reader.Project, p.ID)
			return e.svc.TransitionProject(e.ctx, e.actor("office"), p.ID, app.ProjectStep{Version: cur.Version, Action: domain.ProjApprove,
				ApprovedBudget: 90_000, AcknowledgeWarnings: ack})
		}
		_, err = approve(false)
		wantCode(t, err, domain.EUnprocessable, "acknowledge_warnings")
		if x := domain.AsError(err); !slices.ContainsFunc(x.More, func(m *domain.Error) bool { return m.Rule == "PTL-R2.user-levels" }) {
			t.Errorf("the refusal lists %v", x.Fields())
		}
		if p, err = approve(true); err != nil || p.Status != domain.ProjApproved {
			t.Fatalf("approve with the acknowledgement: %v", err)
		}
		ds, _ = e.svc.RuleDecisions(e.ctx, e.actor("office"), p.ID)
		if len(ds) < 3 || ds[0].Gate != "approve" || ds[0].Outcome != "warn" || ds[1].Outcome != "deny" {
			t.Errorf("decisions %v", ds)
		}
	})
}
