package domain

import (
	"slices"
	"strings"
	"testing"
)

func rectFields(err error) []string {
	var out []string
	if err != nil {
		for _, f := range AsError(err).Fields() {
			out = append(out, f.Field)
		}
	}
	return out
}

// FLOW-4, FLOW-5: a rectification notice names every problem at once; its consequences follow
// the stage it was found at (design halts, bidding and acceptance go to the bureaus).
func TestRectificationValidate(t *testing.T) {
	item := RectItem{Clause: "SHR-P1", Outcome: OutcomePartial, Problem: "未说明交换通道"}
	for _, c := range []struct {
		name string
		r    Rectification
		want []string
	}{
		{"good spot check", Rectification{ProjectID: 1, Source: RectFromSpotCheck, SourceID: 7, Stage: StageDesign, Items: []RectItem{item}, DeadlineDays: 10}, nil},
		{"good office", Rectification{ProjectID: 1, Source: RectFromOffice, Items: []RectItem{item}, DeadlineDays: 60}, nil},
		{"nothing", Rectification{}, []string{"project_id", "source", "items", "deadline_days"}},
		{"office with a source", Rectification{ProjectID: 1, Source: RectFromOffice, SourceID: 3, Items: []RectItem{item}, DeadlineDays: 1}, []string{"source_id"}},
		{"supervision without entry", Rectification{ProjectID: 1, Source: RectFromSupervision, Items: []RectItem{item}, DeadlineDays: 5}, []string{"source_id"}},
		{"spot check without stage", Rectification{ProjectID: 1, Source: RectFromSpotCheck, SourceID: 2, Items: []RectItem{item}, DeadlineDays: 5}, []string{"stage"}},
		{"bad stage, days", Rectification{ProjectID: 1, Source: RectFromOffice, Stage: StageImplementation, Items: []RectItem{item}, DeadlineDays: 61}, []string{"stage", "deadline_days"}},
		{"bad items", Rectification{ProjectID: 1, Source: RectFromOffice, DeadlineDays: 5,
			Items: []RectItem{{Clause: " ", Outcome: "responded", Problem: ""}, {Clause: "FLOW-4", Outcome: OutcomeImproper, Problem: strings.Repeat("问", 2001)}}},
			[]string{"items.0.clause", "items.0.outcome", "items.0.problem", "items.1.problem"}},
	} {
		if got := rectFields(c.r.Validate()); !slices.Equal(got, c.want) {
			t.Errorf("%s: fields %v, want %v", c.name, got, c.want)
		}
	}
	for st, want := range map[ProjectStage][2]bool{StageBidding: {false, true}, StageDesign: {true, false}, StageAcceptance: {false, true}, "": {false, false}} {
		r := Rectification{Stage: st}
		r.Consequences()
		if r.Halts != want[0] || r.Bureaus != want[1] {
			t.Errorf("%q: halts %v bureaus %v, want %v", st, r.Halts, r.Bureaus, want)
		}
	}
}

// FLOW-4: the notice's workflow: the unit answers every item with evidence, the office accepts
// or returns with a comment, the unit answers again; nothing after closing.
func TestRectificationFlow(t *testing.T) {
	unit, office := []SystemActor{ByUnit}, []SystemActor{ByOffice}
	answered := RectCheck{R: &Rectification{Items: []RectItem{{Clause: "SHR-P1", Answer: "已整改"}}}, Files: 1}
	unanswered := RectCheck{R: &Rectification{Items: []RectItem{{Clause: "SHR-P1"}, {Clause: "FLOW-4", Answer: "已改"}}}}
	for _, c := range []struct {
		from   RectStatus
		act    RectAction
		who    []SystemActor
		note   string
		g      RectCheck
		want   RectStatus
		code   Code
		fields []string
	}{
		{RectIssued, RectAnswer, unit, "", answered, RectAnswered, "", nil},
		{RectReturned, RectAnswer, unit, "", answered, RectAnswered, "", nil},
		{RectIssued, RectAnswer, unit, "", unanswered, "", EInvalid, []string{"items.0.answer", "files"}},
		{RectIssued, RectAnswer, office, "", answered, "", EForbidden, nil},
		{RectIssued, RectAccept, office, "", answered, "", EConflict, nil},
		{RectAnswered, RectAccept, office, "", answered, RectClosed, "", nil},
		{RectAnswered, RectAccept, unit, "", answered, "", EForbidden, nil},
		{RectAnswered, RectReturn, office, " ", answered, "", EInvalid, []string{"comment"}},
		{RectAnswered, RectReturn, office, "证据不足", answered, RectReturned, "", nil},
		{RectClosed, RectAnswer, unit, "", answered, "", EConflict, nil},
		{RectClosed, RectReturn, office, "再看看", answered, "", EConflict, nil},
	} {
		got, err := RectificationFlow.Next(c.from, c.act, c.who, c.note, c.g)
		if c.code == "" {
			if err != nil || got != c.want {
				t.Errorf("%s %s: %s %v, want %s", c.from, c.act, got, err, c.want)
			}
			continue
		}
		if ErrorCode(err) != c.code {
			t.Errorf("%s %s: %v, want %s", c.from, c.act, err, c.code)
		}
		if c.fields != nil && !slices.Equal(rectFields(err), c.fields) {
			t.Errorf("%s %s: fields %v, want %v", c.from, c.act, rectFields(err), c.fields)
		}
	}
	if !RectIssued.Open() || !RectReturned.Open() || RectAnswered.Open() || RectClosed.Open() {
		t.Error("open statuses")
	}
}
