package app_test

// The units' annual plans (BLD-R1, BLD-R2, BLD-P1) on the demo district: the whole path to the
// district plan, the refusals, and the district plan's workbook.

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/store"
)

func (e *env) planStep(who string, id int64, act domain.AnnualPlanAction, note string) (*domain.AnnualPlan, error) {
	e.t.Helper()
	p := must(e, "annual plan", store.Reader.AnnualPlan, id)
	return e.svc.TransitionAnnualPlan(e.ctx, e.actor(who), id, app.AnnualPlanStep{Version: p.Version, Action: act, Note: note})
}

func planItems(budgets ...int64) []domain.AnnualItem {
	var out []domain.AnnualItem
	cats := domain.ItemCategories
	for i, b := range budgets {
		out = append(out, domain.AnnualItem{Name: "项目" + string(rune('甲'+i)), Kind: domain.ItemNew, Category: cats[i%len(cats)], Budget: b, Funding: "区财政"})
	}
	return out
}

// The plans these tests make are of 2028: the demo district has its own plans of 2027
// (demo.Plans), which would be in the lists and the district plan.
func TestAnnualPlanPath(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu := e.unit(codeHealth), e.unit(codeEdu)
		p := added(e, "weijian", "plan", e.svc.CreateAnnualPlan, &domain.AnnualPlan{UnitID: health.ID, Year: 2028, Status: domain.APAccepted})
		if p.Status != domain.APDraft || p.Version != 1 {
			t.Fatalf("new plan %+v", p)
		}
		// Sending without items: 422 naming items.
		_, err := e.planStep("weijian", p.ID, domain.APSend, "")
		wantCode(t, err, domain.EInvalid, "items")
		// One per unit and year.
		err = e.svc.CreateAnnualPlan(e.ctx, e.actor("weijian"), &domain.AnnualPlan{UnitID: health.ID, Year: 2028})
		wantCode(t, err, domain.EInvalid, "year")
		// Another unit's plan is hidden; another unit's create is forbidden.
		_, err = e.svc.AnnualPlan(e.ctx, e.actor("jiaoyu"), p.ID)
		wantCode(t, err, domain.ENotFound, "")
		err = e.svc.CreateAnnualPlan(e.ctx, e.actor("jiaoyu"), &domain.AnnualPlan{UnitID: health.ID, Year: 2028})
		wantCode(t, err, domain.EForbidden, "")

		items := planItems(1_000_000, 250_000)
		_, err = e.svc.UpdateAnnualPlan(e.ctx, e.actor("jiaoyu"), p.ID, app.AnnualPlanEdit{Version: 1, Items: &items})
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.UpdateAnnualPlan(e.ctx, e.actor("weijian"), p.ID, app.AnnualPlanEdit{Version: 9, Items: &items})
		wantCode(t, err, domain.EConflict, "")
		bad := planItems(5)
		bad[0].SystemIDs = []int64{999999}
		_, err = e.svc.UpdateAnnualPlan(e.ctx, e.actor("weijian"), p.ID, app.AnnualPlanEdit{Version: 1, Items: &bad})
		wantCode(t, err, domain.EInvalid, "items.0.system_ids")
		p, err = e.svc.UpdateAnnualPlan(e.ctx, e.actor("weijian"), p.ID, app.AnnualPlanEdit{Version: 1, Items: &items})
		if err != nil || p.ItemCount != 2 || p.Total != 1_250_000 {
			t.Fatalf("edit: %+v %v", p, err)
		}

		if _, err := e.planStep("weijian", p.ID, domain.APSend, ""); err != nil {
			t.Fatal(err)
		}
		// Items are edited only in draft.
		_, err = e.svc.UpdateAnnualPlan(e.ctx, e.actor("weijian"), p.ID, app.AnnualPlanEdit{Version: 2, Items: &items})
		wantCode(t, err, domain.EConflict, "")
		// The unit cannot approve its own plan; returning needs comments.
		_, err = e.planStep("weijian", p.ID, domain.APApprove, "")
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.planStep("leader", p.ID, domain.APReturn, "")
		wantCode(t, err, domain.EInvalid, "note")
		if _, err := e.planStep("leader", p.ID, domain.APReturn, "预算偏高"); err != nil {
			t.Fatal(err)
		}
		for _, st := range []struct {
			who string
			act domain.AnnualPlanAction
		}{{"weijian", domain.APSend}, {"leader", domain.APApprove}, {"weijian", domain.APSubmit}, {"office", domain.APAccept}} {
			if p, err = e.planStep(st.who, p.ID, st.act, ""); err != nil {
				t.Fatalf("%s %s: %v", st.who, st.act, err)
			}
		}
		if p.Status != domain.APAccepted {
			t.Fatalf("status %s", p.Status)
		}
		// An illegal step: 409.
		_, err = e.planStep("office", p.ID, domain.APAccept, "")
		wantCode(t, err, domain.EConflict, "")
		// A stale version: 409.
		_, err = e.svc.TransitionAnnualPlan(e.ctx, e.actor("office"), p.ID, app.AnnualPlanStep{Version: 1, Action: domain.APSendBack, Note: "x"})
		wantCode(t, err, domain.EConflict, "")

		// The history keeps the returned round and its comments.
		hist, err := e.svc.AnnualPlanHistory(e.ctx, e.actor("weijian"), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		returned := false
		for _, r := range hist {
			actions = append(actions, r.Action)
			returned = returned || (r.Action == "annualplan.return" && bytes.Contains([]byte(r.Changes), []byte("预算偏高")))
		}
		if !returned || len(hist) != 8 {
			t.Fatalf("history %v", actions)
		}

		// A leader acting on a unit not theirs: hidden (404). The finance bureau is not led by the
		// demo leader.
		fin := e.unit("320507109")
		other := &domain.AnnualPlan{UnitID: fin.ID, Year: 2028, Items: planItems(300)}
		if err := e.svc.CreateAnnualPlan(e.ctx, domain.Actor{System: true}, other); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.TransitionAnnualPlan(e.ctx, domain.Actor{System: true}, other.ID, app.AnnualPlanStep{Version: 1, Action: domain.APSend}); err != nil {
			t.Fatal(err)
		}
		_, err = e.planStep("leader", other.ID, domain.APApprove, "")
		wantCode(t, err, domain.ENotFound, "")

		// The district plan totals accepted plans only; edu's draft is not in it.
		added(e, "jiaoyu", "edu plan", e.svc.CreateAnnualPlan, &domain.AnnualPlan{UnitID: edu.ID, Year: 2028, Items: planItems(7)})
		rows, err := e.svc.DistrictPlan(e.ctx, e.actor("office"), 2028)
		if err != nil || len(rows) != 2 || rows[0].UnitID != health.ID {
			t.Fatalf("district plan %+v %v", rows, err)
		}
		var buf bytes.Buffer
		if err := e.svc.WriteDistrictPlan(e.ctx, e.actor("office"), i18n.ZH, 2028, &buf); err != nil {
			t.Fatal(err)
		}
		checkDistrictBook(t, buf.Bytes(), health.Name)
	})
}

// checkDistrictBook opens the workbook and checks its layout and totals: one unit row, the
// categories as columns, the totals column and row.
func checkDistrictBook(t *testing.T, b []byte, unit string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sh := f.GetSheetName(0)
	rows, err := f.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[2][0] != unit || rows[1][1] != "一般" || rows[1][6] != "合计" || rows[3][0] != "合计" {
		t.Fatalf("layout %q", rows)
	}
	for _, cell := range []string{"G3", "G4"} {
		v, err := f.GetCellValue(sh, cell)
		if err != nil || v != "1250000" {
			t.Fatalf("%s = %q %v", cell, v, err)
		}
		typ, _ := f.GetCellType(sh, cell)
		if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Fatalf("%s is text, not a number", cell)
		}
	}
	if v, _ := f.GetCellValue(sh, "B4"); v != "1000000" {
		t.Fatalf("general total %q", v)
	}
}

func TestAnnualPlanList(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu := e.unit(codeHealth), e.unit(codeEdu)
		added(e, "weijian", "plan", e.svc.CreateAnnualPlan, &domain.AnnualPlan{UnitID: health.ID, Year: 2028, Items: planItems(5, 6)})
		added(e, "jiaoyu", "plan", e.svc.CreateAnnualPlan, &domain.AnnualPlan{UnitID: edu.ID, Year: 2028})
		for who, n := range map[string]int{"weijian": 1, "leader": 2, "office": 2, "expert": 0} {
			p, err := e.svc.AnnualPlans(e.ctx, e.actor(who), store.AnnualPlanFilter{Year: 2028, Limit: 1})
			if err != nil {
				t.Fatalf("%s: %v", who, err)
			}
			if len(p.Items) != min(n, 1) || (n == 2) != (p.NextCursor != 0) {
				t.Fatalf("%s: %d plans, next %d", who, len(p.Items), p.NextCursor)
			}
			if n > 0 && p.Items[0].UnitID == health.ID && (p.Items[0].ItemCount != 2 || p.Items[0].Total != 11) {
				t.Fatalf("%s: %+v", who, p.Items[0])
			}
		}
	})
}
