package domain

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// FLOW-5: an assignment and a supervision log entry name every problem at once.
func TestSupervisionValidate(t *testing.T) {
	fields := func(err error) []string {
		var out []string
		if err != nil {
			for _, f := range AsError(err).Fields() {
				out = append(out, f.Field)
			}
		}
		return out
	}
	for _, c := range []struct {
		name string
		s    Supervision
		want []string
	}{
		{"good", Supervision{Firm: " 恒信监理 ", UserIDs: []int64{3, 1}}, nil},
		{"nothing", Supervision{Firm: " "}, []string{"firm", "user_ids"}},
		{"twice", Supervision{Firm: "恒信监理", UserIDs: []int64{3, 3}}, []string{"user_ids"}},
		{"too long", Supervision{Firm: strings.Repeat("监", 101), UserIDs: []int64{1}}, []string{"firm"}},
	} {
		if got := fields(c.s.Validate()); !slices.Equal(got, c.want) {
			t.Errorf("%s: fields %v, want %v", c.name, got, c.want)
		}
	}
	today := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		e    SupervisionEntry
		want []string
	}{
		{"good", SupervisionEntry{Kind: SupSiteInspection, Date: today.Add(20 * time.Hour), Participants: "施文浩", Findings: "检查"}, nil},
		{"nothing", SupervisionEntry{}, []string{"kind", "date", "participants", "findings"}},
		{"tomorrow", SupervisionEntry{Kind: SupRegularMeeting, Date: today.AddDate(0, 0, 1), Participants: "x", Findings: "y"}, []string{"date"}},
		{"blank", SupervisionEntry{Kind: "chat", Date: today, Participants: " ", Findings: "y", Actions: strings.Repeat("措", 4001)},
			[]string{"kind", "participants", "actions"}},
	} {
		if got := fields(c.e.Validate(today)); !slices.Equal(got, c.want) {
			t.Errorf("%s: fields %v, want %v", c.name, got, c.want)
		}
	}
	if (&Project{KeyCategory: KeyNone}).IsKey() || !(&Project{KeyCategory: KeyIntegration}).IsKey() {
		t.Error("IsKey")
	}
}
