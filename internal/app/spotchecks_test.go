package app_test

// Random spot-check rounds (随机抽查, 双随机、一公开, FLOW-4): recusal over 1,000 random pools at
// the pure level, and a round end to end on the demo district on both backends — the office
// prepares and draws it, the draws verify, the inspectors record the outcomes, the round is
// published and read by a unit that was not checked — with the refusals on the way.

import (
	"encoding/hex"
	"math/rand"
	"slices"
	"strconv"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/draw"
	"archgov/internal/store"
)

// actorID is the actor of the login id.
func (e *env) actorID(id int64) domain.Actor {
	e.t.Helper()
	u := must(e, "user", store.Reader.User, id)
	return domain.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, UnitID: u.UnitID, Grants: u.Grants}
}

// TestSpotCheckRecusal: over 1,000 random rounds — random units, possible inspectors tied to
// random units (their own, a role's, an expert affiliation), projects of random units with
// random supervisors — no inspector drawn for a project is tied to its unit or supervises it,
// each check gets InspectorsPer of them or the pool is refused as too small, and each kept
// draw passes CheckDraw with the inspected unit as the unit left out.
func TestSpotCheckRecusal(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewSource(20261126))
	refused, drawn := 0, 0
	for round := range 1000 {
		units := 2 + rng.Intn(12)
		people := make([]domain.Inspector, 2+rng.Intn(30))
		for i := range people {
			x := domain.Inspector{UserID: int64(1000 + i), Name: "检查员" + strconv.Itoa(i)}
			for range rng.Intn(3) {
				x.Units = append(x.Units, int64(1+rng.Intn(units)))
			}
			people[i] = x
		}
		per := 2 + rng.Intn(3)
		for range 1 + rng.Intn(5) {
			unit := int64(1 + rng.Intn(units))
			var sup []int64
			for range rng.Intn(3) {
				sup = append(sup, people[rng.Intn(len(people))].UserID)
			}
			pool := domain.RecusedPool(people, unit, sup)
			if len(pool) < per {
				refused++
				continue
			}
			seed := make([]byte, draw.SeedSize)
			rng.Read(seed)
			keys := make([]string, len(pool))
			for i, c := range pool {
				keys[i] = c.Key
			}
			canonical, result, err := draw.Pick(seed, keys, per)
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			if len(result) != per {
				t.Fatalf("round %d: %d drawn, want %d", round, len(result), per)
			}
			for _, k := range result {
				uid, _ := strconv.ParseInt(k, 10, 64)
				i := slices.IndexFunc(people, func(x domain.Inspector) bool { return x.UserID == uid })
				if slices.Contains(people[i].Units, unit) || slices.Contains(sup, uid) {
					t.Fatalf("round %d: inspector %d of unit %d (ties %v, supervisors %v) drawn", round, uid, unit, people[i].Units, sup)
				}
			}
			byKey := map[string]domain.DrawCandidate{}
			for _, c := range pool {
				byKey[c.Key] = c
			}
			kept := make([]domain.DrawCandidate, len(canonical))
			for i, k := range canonical {
				kept[i] = byKey[k]
			}
			d := &domain.Draw{ExcludeUnitID: unit, Count: per, Algorithm: draw.Version, Commitment: draw.Commit(seed), Pool: kept,
				Candidates: canonical, Seed: hex.EncodeToString(seed), Result: result}
			if c := app.CheckDraw(d); !c.OK {
				t.Fatalf("round %d: the draw does not verify: %+v", round, c.Problems)
			}
			drawn++
		}
	}
	if refused == 0 || drawn < 1000 {
		t.Fatalf("%d checks drawn, %d refused: the rounds do not exercise both", drawn, refused)
	}
}

func TestSpotCheckRound(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		office := e.actor("office")
		// Another office login, so that the pool is large enough for two inspectors everywhere.
		if _, _, err := e.svc.CreateUser(e.ctx, app.SystemActor(), app.NewUser{Username: "office2", Name: "钱敏", Password: demo.Password,
			Grants: []domain.Grant{{Role: domain.RoleOffice}}}); err != nil {
			t.Fatal(err)
		}
		yes := true
		edit := app.CheckRoundEdit{Title: "2026年详细设计阶段抽查", Stage: domain.StageDesign,
			PeriodFrom: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), PeriodTo: time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC),
			SampleSize: 1, IncludeKey: &yes, InspectorsPer: 2, PoolOffice: true, PoolExperts: true, PoolSupervisors: true}

		// Only the office opens a round; bad input is named field by field.
		_, err := e.svc.CreateCheckRound(e.ctx, e.actor("expert"), edit)
		wantCode(t, err, domain.EForbidden, "")
		bad := edit
		bad.InspectorsPer, bad.PoolOffice, bad.PoolExperts, bad.PoolSupervisors, bad.Stage = 1, false, false, false, domain.StageImplementation
		_, err = e.svc.CreateCheckRound(e.ctx, office, bad)
		for _, f := range []string{"inspectors_per", "pool", "stage"} {
			if !hasField(err, f) {
				t.Fatalf("bad round: %v, want %s named", err, f)
			}
		}
		x, err := e.svc.CreateCheckRound(e.ctx, office, edit)
		if err != nil || x.Status != domain.RoundDraft {
			t.Fatalf("create: %+v %v", x, err)
		}
		cands, err := e.svc.RoundCandidates(e.ctx, office, x)
		if err != nil || len(cands) == 0 {
			t.Fatalf("candidates: %v %v", cands, err)
		}
		// A draft is the office's: another user does not see it.
		unitOf := map[int64]bool{}
		for _, c := range cands {
			unitOf[c.UnitID] = true
		}
		_, err = e.svc.CheckRound(e.ctx, e.actor("expert"), x.ID)
		wantCode(t, err, domain.ENotFound, "")

		// A pool too small for nine inspectors a check: 422, nothing drawn.
		big := edit
		big.Version, big.InspectorsPer = x.Version, 9
		if x, err = e.svc.UpdateCheckRound(e.ctx, office, x.ID, big); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.DrawCheckRound(e.ctx, office, x.ID, app.RoundStep{Version: x.Version})
		wantCode(t, err, domain.EInvalid, "inspectors_per")
		edit.Version = x.Version
		if x, err = e.svc.UpdateCheckRound(e.ctx, office, x.ID, edit); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.DrawCheckRound(e.ctx, office, x.ID, app.RoundStep{Version: x.Version - 1})
		wantCode(t, err, domain.EConflict, "")

		x, err = e.svc.DrawCheckRound(e.ctx, office, x.ID, app.RoundStep{Version: x.Version})
		if err != nil || x.Status != domain.RoundDrawn {
			t.Fatalf("draw: %+v %v", x, err)
		}
		_, err = e.svc.UpdateCheckRound(e.ctx, office, x.ID, app.CheckRoundEdit{Version: x.Version, Title: "改"})
		wantCode(t, err, domain.EConflict, "")
		checks, err := e.svc.SpotChecks(e.ctx, office, x)
		if err != nil || len(checks) == 0 {
			t.Fatalf("checks: %v %v", checks, err)
		}
		keys, sampled := 0, 0
		for _, c := range x.Candidates {
			if c.Key {
				keys++
			} else if c.Checked {
				sampled++
			}
		}
		if len(checks) != keys+sampled || (keys < len(x.Candidates) && sampled != 1) {
			t.Fatalf("%d checks of %d candidates (%d key, %d sampled)", len(checks), len(x.Candidates), keys, sampled)
		}
		// Every draw verifies, names the unit left out, and recuses it.
		draws, err := e.svc.RoundDraws(e.ctx, office, x, checks)
		if err != nil || len(draws) != len(checks)+map[bool]int{true: 1, false: 0}[x.ProjectDrawID != 0] {
			t.Fatalf("draws: %d %v", len(draws), err)
		}
		for _, d := range draws {
			if c := app.CheckDraw(d); !c.OK {
				t.Fatalf("draw %d does not verify: %+v", d.ID, c.Problems)
			}
		}
		for _, c := range checks {
			if len(c.Inspectors) != 2 || c.Status != domain.CheckPending {
				t.Fatalf("check %+v", c)
			}
			d, chk, err := e.svc.RoundDraw(e.ctx, office, x.ID, c.InspectorDrawID)
			if err != nil || !chk.OK || d.ExcludeUnitID != c.UnitID || d.Purpose != domain.DrawSpotCheckInspectors {
				t.Fatalf("inspector draw of %d: %+v %+v %v", c.ID, d, chk, err)
			}
			for _, i := range c.Inspectors {
				u := must(e, "user", store.Reader.User, i.UserID)
				if u.UnitID == c.UnitID {
					t.Fatalf("inspector %s is of the inspected unit", u.Name)
				}
			}
		}

		// The inspector reads the round, the project and its task book; publishing before every
		// check is recorded is a 409.
		c := checks[0]
		insp := e.actorID(c.Inspectors[0].UserID)
		if _, err := e.svc.CheckRound(e.ctx, insp, x.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Project(e.ctx, insp, c.ProjectID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.ProjectTaskBook(e.ctx, insp, c.ProjectID); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.PublishCheckRound(e.ctx, office, x.ID, app.RoundStep{Version: x.Version})
		wantCode(t, err, domain.EConflict, "")

		// A bad clause is a 422; someone who is not the check's inspector (a unit's contact) does
		// not see it.
		reqs, err := e.svc.CheckRequirements(e.ctx, insp, c)
		if err != nil || len(reqs) == 0 {
			t.Fatalf("requirements: %v %v", reqs, err)
		}
		outcomes := func(fail bool) []domain.CheckOutcome {
			var out []domain.CheckOutcome
			for i, r := range reqs {
				o := domain.CheckOutcome{Clause: r.Clause, Result: domain.CheckResponded}
				if fail && i == 0 {
					o.Result, o.Comment = domain.CheckPartial, "只响应了一部分"
				}
				out = append(out, o)
			}
			return out
		}
		_, err = e.svc.RecordSpotCheck(e.ctx, insp, c.ID, app.SpotCheckRecordIn{Version: c.Version,
			Outcomes: append(outcomes(false), domain.CheckOutcome{Clause: "XYZ-9", Result: domain.CheckResponded})})
		wantCode(t, err, domain.EInvalid, "")
		stranger := e.unitContact(c.UnitID)
		_, err = e.svc.RecordSpotCheck(e.ctx, stranger, c.ID, app.SpotCheckRecordIn{Version: c.Version, Outcomes: outcomes(false)})
		wantCode(t, err, domain.ENotFound, "")
		if other := otherInspector(e, checks, c); other != nil {
			_, err = e.svc.RecordSpotCheck(e.ctx, *other, c.ID, app.SpotCheckRecordIn{Version: c.Version, Outcomes: outcomes(false)})
			wantCode(t, err, domain.ENotFound, "")
		}
		got, err := e.svc.RecordSpotCheck(e.ctx, insp, c.ID, app.SpotCheckRecordIn{Version: c.Version, Outcomes: outcomes(true)})
		if err != nil || got.Status != domain.CheckFailed || got.RecordedBy != insp.UserID {
			t.Fatalf("record: %+v %v", got, err)
		}
		// The failed design check opened its rectification notice — the failed requirement as its
		// item, issued by the system for the office when an inspector recorded it — and halted the
		// project (FLOW-4); the finding then stands (409).
		if got.RectificationID == 0 {
			t.Fatal("a failed check without its rectification notice")
		}
		n, err := e.svc.Rectification(e.ctx, office, got.RectificationID)
		if err != nil || n.Source != domain.RectFromSpotCheck || n.SourceID != c.ID || n.Stage != domain.StageDesign || !n.Halts ||
			len(n.Items) != 1 || n.Items[0].Clause != reqs[0].Clause || n.Items[0].Outcome != domain.OutcomePartial || n.DeadlineDays != app.CheckRectDays {
			t.Fatalf("the check's notice: %+v %v", n, err)
		}
		if p, err := e.svc.Project(e.ctx, office, c.ProjectID); err != nil || !p.Halted() {
			t.Fatalf("the failed design check did not halt the project: %+v %v", p, err)
		}
		if _, err := e.svc.Rectification(e.ctx, e.unitContact(c.UnitID), n.ID); err != nil {
			t.Fatalf("the checked unit does not read its notice: %v", err)
		}
		_, err = e.svc.RecordSpotCheck(e.ctx, insp, c.ID, app.SpotCheckRecordIn{Version: got.Version, Outcomes: outcomes(false)})
		wantCode(t, err, domain.EConflict, "")
		for _, k := range checks[1:] {
			if got, err := e.svc.RecordSpotCheck(e.ctx, office, k.ID, app.SpotCheckRecordIn{Version: k.Version, Outcomes: outcomes(false)}); err != nil || got.Status != domain.CheckPassed {
				t.Fatalf("record %d: %+v %v", k.ID, got, err)
			}
		}
		if x, err = e.svc.PublishCheckRound(e.ctx, office, x.ID, app.RoundStep{Version: x.Version}); err != nil || !x.Published() {
			t.Fatalf("publish: %+v %v", x, err)
		}
		_, err = e.svc.RecordSpotCheck(e.ctx, insp, c.ID, app.SpotCheckRecordIn{Version: got.Version, Outcomes: outcomes(false)})
		wantCode(t, err, domain.EConflict, "")

		// 一公开: a unit that was not checked reads the round, its draws and the outcomes.
		var outsider domain.Actor
		for _, u := range demo.Units {
			id := e.unit(u.Code).ID
			if !unitOf[id] {
				if ids, _ := e.db.Read().UsersWithRoles(e.ctx, []int64{id}, domain.RoleUnitContact); len(ids) > 0 {
					outsider = e.actorID(ids[0])
					break
				}
			}
		}
		if outsider.UserID == 0 {
			t.Fatal("no unit outside the round")
		}
		r, err := e.svc.CheckRound(e.ctx, outsider, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := e.svc.SpotChecks(e.ctx, outsider, r)
		if err != nil || len(pub) != len(checks) || pub[0].Status != domain.CheckFailed {
			t.Fatalf("published checks: %v %v", pub, err)
		}
		if _, chk, err := e.svc.RoundDraw(e.ctx, outsider, x.ID, pub[0].InspectorDrawID); err != nil || !chk.OK {
			t.Fatalf("published draw: %v %v", chk, err)
		}
		list, err := e.svc.CheckRounds(e.ctx, outsider, app.CheckRoundFilter{})
		if err != nil || !slices.ContainsFunc(list.Items, func(r *domain.CheckRound) bool { return r.ID == x.ID }) ||
			slices.ContainsFunc(list.Items, func(r *domain.CheckRound) bool { return !r.Published() }) {
			t.Fatalf("outsider's rounds: %v %v", list.Items, err) // the published ones (the demo's too), no draft nor drawn
		}
		// A draw of another subject is not the round's.
		if _, _, err := e.svc.RoundDraw(e.ctx, outsider, x.ID, 1); domain.ErrorCode(err) != domain.ENotFound && err != nil {
			t.Fatalf("another draw: %v", err)
		}
	})
}

// otherInspector is a drawn inspector of another check of the round who is not one of c's
// and not of the office (which records any check).
func otherInspector(e *env, checks []*domain.SpotCheck, c *domain.SpotCheck) *domain.Actor {
	for _, k := range checks {
		for _, i := range k.Inspectors {
			if a := e.actorID(i.UserID); !slices.Contains(c.InspectorIDs(), i.UserID) && !a.Has(domain.RoleOffice) {
				return &a
			}
		}
	}
	return nil
}

// hasField reports whether err names field among its problems.
func hasField(err error, field string) bool {
	e := domain.AsError(err)
	if e == nil {
		return false
	}
	if e.Field == field {
		return true
	}
	for _, p := range e.More {
		if p.Field == field {
			return true
		}
	}
	return false
}
