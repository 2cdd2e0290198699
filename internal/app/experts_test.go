package app_test

// The expert pool and the verifiable draw (BLD-R3) on the demo district: the office keeps the
// pool and draws; an expert of the unit left out is never drawn; a kept draw recomputes, and a
// changed seed or candidate list does not.

import (
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/draw"
	"archgov/internal/store"
)

func (e *env) expert(id int64) *domain.Expert {
	e.t.Helper()
	return must(e, "expert", store.Reader.Expert, id)
}

// newExpert is an expert as the office's form would send it.
func newExpert(name string, unitID int64, sp ...domain.Specialty) *domain.Expert {
	return &domain.Expert{Name: name, Organization: "苏州大学", Phone: "13905127099", UnitID: unitID, Specialties: sp, Active: true}
}

func TestExpertPool(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit("320507119")
		login := e.user("expert")
		if old, err := e.db.Read().ExpertByUser(e.ctx, login.ID); err == nil { // the demo links it: unlink
			if _, err := e.svc.UpdateExpert(e.ctx, e.actor("office"), old.ID, app.ExpertEdit{Version: old.Version, UserID: ptr(int64(0))}); err != nil {
				t.Fatal(err)
			}
		}
		h := e.head()
		x := newExpert("林海", health.ID, domain.SpecCloud, domain.SpecSecurity)
		x.UserID = login.ID
		added(e, "office", "expert", e.svc.CreateExpert, x)
		r := e.wantAudit(h, "expert.create", "office")
		if s := fmt.Sprint(r.Changes); strings.Contains(s, "13905127099") {
			t.Errorf("the audit log keeps the phone in clear: %s", s)
		}
		if got := e.expert(x.ID); got.UnitName != "区卫生健康委员会" || got.Username != "expert" || !got.Active || !slices.Equal(got.Specialties, []domain.Specialty{domain.SpecSecurity, domain.SpecCloud}) {
			t.Fatalf("created: %+v", got)
		}

		// The pool is the office's: a unit's people neither register, list nor read experts —
		// not even those affiliated with their own unit.
		wantCode(t, e.svc.CreateExpert(e.ctx, e.actor("weijian"), newExpert("某人", 0, domain.SpecCloud)), domain.EForbidden, "")
		_, err := e.svc.Experts(e.ctx, e.actor("weijian_head"), app.ExpertFilter{})
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.Expert(e.ctx, e.actor("weijian_head"), x.ID)
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.UpdateExpert(e.ctx, e.actor("leader"), x.ID, app.ExpertEdit{Version: 1, Title: ptr("x")})
		wantCode(t, err, domain.ENotFound, "")
		// The expert reads the record of their own login (phone included), not the pool, and does
		// not edit it.
		if got, err := e.svc.Expert(e.ctx, e.actor("expert"), x.ID); err != nil || got.Phone != "13905127099" {
			t.Fatalf("the expert reading their record: %+v %v", got, err)
		}
		_, err = e.svc.Experts(e.ctx, e.actor("expert"), app.ExpertFilter{})
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.UpdateExpert(e.ctx, e.actor("expert"), x.ID, app.ExpertEdit{Version: 1, Phone: ptr("13900000000")})
		wantCode(t, err, domain.EForbidden, "")

		// Links: one expert per login, a login must hold the expert role, the unit must exist.
		h = e.head()
		dup := newExpert("另一人", 0, domain.SpecCloud)
		dup.UserID = login.ID
		wantCode(t, e.svc.CreateExpert(e.ctx, e.actor("office"), dup), domain.EInvalid, "user_id")
		notExpert := newExpert("另一人", 0, domain.SpecCloud)
		notExpert.UserID = e.user("weijian").ID
		wantCode(t, e.svc.CreateExpert(e.ctx, e.actor("office"), notExpert), domain.EInvalid, "user_id")
		wantCode(t, e.svc.CreateExpert(e.ctx, e.actor("office"), newExpert("另一人", 999999, domain.SpecCloud)), domain.EInvalid, "unit_id")
		// Every field problem at once.
		err = e.svc.CreateExpert(e.ctx, e.actor("office"), &domain.Expert{Specialties: []domain.Specialty{"astrology"}})
		var fields []string
		for _, f := range domain.AsError(err).Fields() {
			fields = append(fields, f.Field)
		}
		if !slices.Equal(fields, []string{"name", "organization", "phone", "specialties"}) {
			t.Errorf("an empty expert: problems on %v", fields)
		}
		e.wantNoAudit(h)

		// Deactivating keeps the expert, out of the draws; a stale version is a conflict.
		cur := e.expert(x.ID)
		off, err := e.svc.UpdateExpert(e.ctx, e.actor("office"), x.ID, app.ExpertEdit{Version: cur.Version, Active: ptr(false)})
		if err != nil || off.Active {
			t.Fatalf("deactivate: %+v %v", off, err)
		}
		_, err = e.svc.UpdateExpert(e.ctx, e.actor("office"), x.ID, app.ExpertEdit{Version: cur.Version, Active: ptr(true)})
		wantCode(t, err, domain.EConflict, "")
		if hist, err := e.svc.ExpertHistory(e.ctx, e.actor("office"), x.ID); err != nil || len(hist) != 2 {
			t.Fatalf("history: %d records, %v", len(hist), err)
		}
	})
}

// drawFor is the office's request of n experts for a project of unit.
func drawFor(project, unit int64, n int) app.DrawRequest {
	return app.DrawRequest{Purpose: domain.DrawProjectReview, SubjectKind: domain.DrawSubjectProject, SubjectID: project, ExcludeUnitID: unit, Count: n}
}

// An expert affiliated with the applying unit is never drawn: over the candidates the service
// collects, 1,000 draws with fresh seeds never pick one (the draw package directly, so that it
// is fast), and neither do real draws of the service.
func TestDrawLeavesOutTheApplyingUnit(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit("320507119")
		// Two more 卫健委 experts, so that most of the pool's affiliated experts are the unit's.
		for _, n := range []string{"卫健专家甲", "卫健专家乙"} {
			added(e, "office", "expert", e.svc.CreateExpert, newExpert(n, health.ID, domain.SpecData))
		}
		affiliated := map[string]bool{}
		all, err := e.svc.Experts(e.ctx, e.actor("office"), app.ExpertFilter{UnitID: health.ID})
		if err != nil || len(all.Items) < 3 {
			t.Fatalf("卫健委's experts: %d, %v", len(all.Items), err)
		}
		for _, x := range all.Items {
			affiliated[strconv.FormatInt(x.ID, 10)] = true
		}
		cands, err := e.svc.DrawCandidates(e.ctx, e.actor("office"), drawFor(1, health.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		keys := make([]string, len(cands))
		for i, c := range cands {
			keys[i] = c.Key
			if affiliated[c.Key] || c.UnitID == health.ID {
				t.Fatalf("candidate %+v is affiliated with the applying unit", c)
			}
		}
		if !slices.IsSorted(keys) || len(keys) < 10 {
			t.Fatalf("candidates %v: want at least 10, in canonical order", keys)
		}
		for i := range 1000 {
			d, err := draw.Run(keys, 5)
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range d.Result {
				if affiliated[k] {
					t.Fatalf("draw %d picked %s, of the applying unit", i, k)
				}
			}
		}
		// Real draws through the service: the whole eligible pool drawn, none of them affiliated.
		for i := range 3 {
			d, err := e.svc.CreateDraw(e.ctx, e.actor("office"), drawFor(int64(100+i), health.ID, len(keys)))
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Sorted(slices.Values(d.Result)); !slices.Equal(got, keys) {
				t.Fatalf("drawing all %d eligible experts gave %v", len(keys), got)
			}
		}
	})
}

func TestDrawKeptAndVerified(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit("320507119")
		h := e.head()
		d, err := e.svc.CreateDraw(e.ctx, e.actor("office"), app.DrawRequest{Purpose: domain.DrawProjectReview, SubjectKind: domain.DrawSubjectProject,
			SubjectID: 90007, ExcludeUnitID: health.ID, Count: 3, Specialty: domain.SpecData})
		if err != nil {
			t.Fatal(err)
		}
		r := e.wantAudit(h, "draw.create", "office")
		if s := fmt.Sprint(r.Changes); !strings.Contains(s, d.Commitment) || !strings.Contains(s, d.Seed) {
			t.Errorf("the audit record does not keep the commitment and the seed: %s", s)
		}
		kept, err := e.svc.Draw(e.ctx, e.actor("office"), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(kept.Result) != 3 || kept.ExcludeUnitName != "区卫生健康委员会" || kept.DrawnByName != "周晓岚" || kept.Algorithm != draw.Version ||
			len(kept.Pool) != len(kept.Candidates) || kept.Name(kept.Result[0]) == "" {
			t.Fatalf("kept draw: %+v", kept)
		}
		for _, c := range kept.Pool {
			if x := e.expert(mustID(t, c.Key)); !x.Has(domain.SpecData) || !x.Active || x.UnitID == health.ID {
				t.Errorf("candidate %s (%s): %v, affiliated %d, active %v", c.Key, c.Name, x.Specialties, x.UnitID, x.Active)
			}
		}
		check, err := e.svc.VerifyDraw(e.ctx, e.actor("office"), d.ID)
		if err != nil || !check.OK || !slices.Equal(check.Recomputed, kept.Result) {
			t.Fatalf("verify a kept draw: %+v %v", check, err)
		}
		if err := draw.Verify(check.Published); err != nil {
			t.Fatalf("the published form does not verify: %v", err)
		}

		// Tampering with what was kept is found: a changed seed breaks the commitment (and the
		// result), a changed candidate list the result.
		exec := func(q string) {
			t.Helper()
			if _, err := e.db.Writer().ExecContext(e.ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		problems := func() []string {
			t.Helper()
			c, err := e.svc.VerifyDraw(e.ctx, e.actor("office"), d.ID)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range c.Problems {
				out = append(out, p.Check)
			}
			if c.OK != (len(out) == 0) {
				t.Fatalf("OK %v with problems %v", c.OK, out)
			}
			return out
		}
		exec(fmt.Sprintf(`UPDATE draws SET seed = '%s' WHERE id = %d`, strings.Repeat("07", 32), d.ID))
		if got := problems(); !slices.Contains(got, "commitment") {
			t.Errorf("a changed seed: %v, want the commitment refused", got)
		}
		exec(fmt.Sprintf(`UPDATE draws SET seed = '%s' WHERE id = %d`, d.Seed, d.ID))
		if got := problems(); len(got) != 0 {
			t.Fatalf("the seed put back: %v", got)
		}
		// A candidate not drawn taken out of the list: the same seed draws another result (the
		// first such candidate whose absence changes it; one that changes nothing cannot be told
		// by recomputing, and leaves the outcome as it was).
		seed, _ := hex.DecodeString(kept.Seed)
		cut := -1
		for i, c := range kept.Pool {
			less := slices.Delete(slices.Clone(kept.Candidates), i, i+1)
			if _, r, err := draw.Pick(seed, less, kept.Count); !slices.Contains(kept.Result, c.Key) && err == nil && !slices.Equal(r, kept.Result) {
				cut = i
				break
			}
		}
		if cut < 0 {
			t.Fatal("no candidate's absence changes the result")
		}
		var pool []string
		for i, c := range kept.Pool {
			if i != cut {
				pool = append(pool, fmt.Sprintf(`{"key":%q,"name":%q}`, c.Key, c.Name))
			}
		}
		exec(fmt.Sprintf(`UPDATE draws SET candidates = '[%s]' WHERE id = %d`, strings.Join(pool, ","), d.ID))
		if got := problems(); !slices.Equal(got, []string{"result"}) {
			t.Errorf("a candidate taken out: %v, want the result refused", got)
		}
		// A candidate of the unit left out slipped into the list is named.
		exec(fmt.Sprintf(`UPDATE draws SET candidates = '[{"key":"1","name":"x","unit_id":%d}]', count = 1, result = '["1"]' WHERE id = %d`, health.ID, d.ID))
		if got := problems(); !slices.Contains(got, "exclusion") {
			t.Errorf("a candidate of the unit left out: %v", got)
		}
	})
}

func mustID(t *testing.T, key string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(key, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestDrawRefusals(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit("320507119")
		h := e.head()
		// Too few eligible experts: 422 naming count, with how many there are.
		cands, err := e.svc.DrawCandidates(e.ctx, e.actor("office"), drawFor(1, health.ID, 0))
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.CreateDraw(e.ctx, e.actor("office"), drawFor(1, health.ID, len(cands)+1))
		wantCode(t, err, domain.EInvalid, "count")
		if a := domain.AsError(err).Args; len(a) != 2 || a[1] != len(cands) {
			t.Errorf("too few: args %v, want the count and %d eligible", a, len(cands))
		}
		// Bad requests name every field; a unit that does not exist is named too.
		_, err = e.svc.CreateDraw(e.ctx, e.actor("office"), app.DrawRequest{Purpose: "lottery", Count: 0})
		wantCode(t, err, domain.EInvalid, "purpose")
		_, err = e.svc.CreateDraw(e.ctx, e.actor("office"), drawFor(1, 999999, 1))
		wantCode(t, err, domain.EInvalid, "exclude_unit_id")
		// Nobody but the office draws or reads draws.
		for _, who := range []string{"weijian_head", "leader", "expert", "audit", "sysadmin"} {
			_, err = e.svc.CreateDraw(e.ctx, e.actor(who), drawFor(1, health.ID, 1))
			wantCode(t, err, domain.EForbidden, "")
			_, err = e.svc.Draws(e.ctx, e.actor(who), app.DrawFilter{})
			wantCode(t, err, domain.EForbidden, "")
		}
		e.wantNoAudit(h)

		d, err := e.svc.CreateDraw(e.ctx, e.actor("office"), drawFor(90001, health.ID, 2))
		if err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"weijian_head", "leader", "expert"} {
			_, err = e.svc.Draw(e.ctx, e.actor(who), d.ID)
			wantCode(t, err, domain.ENotFound, "")
			_, err = e.svc.VerifyDraw(e.ctx, e.actor(who), d.ID)
			wantCode(t, err, domain.ENotFound, "")
		}
		// Drawing again for the same subject needs a reason, kept with the draw.
		_, err = e.svc.CreateDraw(e.ctx, e.actor("office"), drawFor(90001, health.ID, 2))
		wantCode(t, err, domain.EInvalid, "reason")
		again := drawFor(90001, health.ID, 2)
		again.Reason = "一名专家回避"
		d2, err := e.svc.CreateDraw(e.ctx, e.actor("office"), again)
		if err != nil || d2.Reason != "一名专家回避" {
			t.Fatalf("a second draw with a reason: %+v %v", d2, err)
		}
		p, err := e.svc.Draws(e.ctx, e.actor("office"), app.DrawFilter{SubjectKind: domain.DrawSubjectProject, SubjectID: 90001})
		if err != nil || len(p.Items) != 2 || p.Items[0].ID != d2.ID {
			t.Fatalf("the subject's draws: %d, %v", len(p.Items), err)
		}
	})
}
