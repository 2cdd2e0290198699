package domain

import (
	"testing"
)

// TestFeedbackTransitions is the lifecycle table (SHR-R6) over every state × action × side:
// the step the table allows leads where it says; the other side gets EForbidden; a step not
// possible from the state EConflict; a step that needs a note or reason a field error without it.
func TestFeedbackTransitions(t *testing.T) {
	type want struct {
		to FeedbackStatus
		by FeedbackActor
	}
	legal := map[FeedbackStatus]map[FeedbackAction]want{
		FbSubmitted:    {FbAcknowledge: {FbAcknowledged, FbByProvider}},
		FbAcknowledged: {FbFix: {FbFixed, FbByProvider}, FbDispute: {FbDisputed, FbByProvider}},
		FbFixed:        {FbConfirm: {FbConfirmed, FbByReporter}, FbReopen: {FbSubmitted, FbByReporter}},
		FbDisputed:     {FbConfirm: {FbConfirmed, FbByReporter}, FbReopen: {FbSubmitted, FbByReporter}},
		FbConfirmed:    {},
	}
	for _, st := range FeedbackStatuses {
		for _, act := range FeedbackActions {
			for _, who := range []FeedbackActor{FbByProvider, FbByReporter} {
				f := &Feedback{Status: st}
				got, err := FeedbackFlow.Next(f.Status, act, []FeedbackActor{who}, "说明", nil)
				w, ok := legal[st][act]
				side := FbByProvider
				if !act.ByProvider() {
					side = FbByReporter
				}
				switch {
				case who != side:
					if ErrorCode(err) != EForbidden {
						t.Errorf("%s %s by the other side: %v, want forbidden", st, act, err)
					}
				case !ok:
					if ErrorCode(err) != EConflict {
						t.Errorf("%s %s: %v, want conflict", st, act, err)
					}
				case err != nil || got != w.to:
					t.Errorf("%s %s: %s %v, want %s", st, act, got, err, w.to)
				}
				if ok && who == side {
					if field := FeedbackNoteField(act); field != "" {
						if _, err := FeedbackFlow.Next(f.Status, act, []FeedbackActor{who}, " ", nil); ErrorCode(err) != EInvalid || AsError(err).Field != field {
							t.Errorf("%s %s without text: %v, want invalid %s", st, act, err, field)
						}
					}
				}
			}
		}
	}
	if got := FeedbackFlow.Available(FbFixed, []FeedbackActor{FbByReporter}, nil); len(got) != 2 || got[0] != FbConfirm || got[1] != FbReopen {
		t.Errorf("reporter's steps from fixed: %v", got)
	}
}

func TestFeedbackValidate(t *testing.T) {
	items := []DataItem{{Name: "姓名"}, {Name: "性别"}}
	ok := func() *Feedback {
		return &Feedback{ReporterUnitID: 1, ProviderUnitID: 2, EntryID: 3, Kind: FbMissing, DataItem: " 姓名 ", Description: " 缺失 "}
	}
	if f := ok(); f.Validate(items) != nil || f.DataItem != "姓名" || f.Description != "缺失" {
		t.Fatalf("valid report refused or not trimmed: %+v", f)
	}
	for _, tc := range []struct {
		field string
		edit  func(f *Feedback)
	}{
		{"reporter_unit_id", func(f *Feedback) { f.ReporterUnitID = 0 }},
		{"entry_id", func(f *Feedback) { f.EntryID = 0 }},
		{"library", func(f *Feedback) { f.Library = LibPopulation }},
		{"library", func(f *Feedback) { f.EntryID, f.Library = 0, "Moon base" }},
		{"kind", func(f *Feedback) { f.Kind = "" }},
		{"data_item", func(f *Feedback) { f.DataItem = "迁入日期" }},
		{"description", func(f *Feedback) { f.Description = "" }},
		{"reporter_unit_id", func(f *Feedback) { f.ProviderUnitID = 1 }},
	} {
		f := ok()
		tc.edit(f)
		if err := f.Validate(items); ErrorCode(err) != EInvalid || AsError(err).Field != tc.field {
			t.Errorf("want invalid %s, got %v", tc.field, err)
		}
	}
	// A base library has no item list: any short name goes.
	f := ok()
	f.EntryID, f.Library, f.DataItem = 0, LibLegalPerson, "法定代表人"
	if err := f.Validate(nil); err != nil {
		t.Errorf("library report: %v", err)
	}
}
