package domain

import (
	"testing"
)

func TestAnnualPlanFlow(t *testing.T) {
	unit, leader, office := []SystemActor{ByUnit}, []SystemActor{ByLeader}, []SystemActor{ByOffice}
	one := AnnualPlanCheck{Items: 1}
	for _, c := range []struct {
		from AnnualPlanStatus
		act  AnnualPlanAction
		who  []SystemActor
		note string
		chk  AnnualPlanCheck
		to   AnnualPlanStatus
		code Code
	}{
		{APDraft, APSend, unit, "", one, APLeaderReview, ""},
		{APDraft, APSend, unit, "", AnnualPlanCheck{}, "", EInvalid},
		{APDraft, APSend, leader, "", one, "", EForbidden},
		{APLeaderReview, APApprove, leader, "", one, APLeaderApproved, ""},
		{APLeaderReview, APApprove, unit, "", one, "", EForbidden},
		{APLeaderReview, APReturn, leader, "why", one, APDraft, ""},
		{APLeaderReview, APReturn, leader, " ", one, "", EInvalid},
		{APLeaderApproved, APSubmit, unit, "", one, APSubmitted, ""},
		{APSubmitted, APAccept, office, "", one, APAccepted, ""},
		{APSubmitted, APSendBack, office, "fix budget", one, APDraft, ""},
		{APSubmitted, APSendBack, office, "", one, "", EInvalid},
		{APDraft, APAccept, office, "", one, "", EConflict},
		{APAccepted, APSendBack, office, "x", one, "", EConflict},
	} {
		to, err := AnnualPlanFlow.Next(c.from, c.act, c.who, c.note, c.chk)
		if to != c.to || ErrorCode(err) != c.code {
			t.Errorf("%s %s by %v: got %q %v, want %q %q", c.from, c.act, c.who, to, err, c.to, c.code)
		}
	}
}

func TestAnnualPlanValidate(t *testing.T) {
	p := AnnualPlan{UnitID: 1, Year: 2027, Items: []AnnualItem{
		{Name: " 上云 ", Kind: ItemNew, Category: CatCloud, Budget: 100},
		{Name: "", Kind: "x", Category: "y", Budget: -1},
	}}
	err := p.Validate()
	e := AsError(err)
	if e == nil {
		t.Fatalf("want problems, got %v", err)
	}
	got := map[string]bool{}
	for _, f := range e.Fields() {
		got[f.Field] = true
	}
	for _, f := range []string{"items.1.name", "items.1.kind", "items.1.category", "items.1.budget"} {
		if !got[f] {
			t.Errorf("no problem on %s: %v", f, err)
		}
	}
	if got["items.0.name"] || p.Items[0].Name != "上云" || p.Items[0].SystemIDs == nil {
		t.Errorf("item 0: %+v", p.Items[0])
	}
	if err := (&AnnualPlan{UnitID: 1, Year: 1999}).Validate(); ErrorCode(err) != EInvalid {
		t.Errorf("year 1999: %v", err)
	}
}
