package domain

import (
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestGuideValidateNamesEveryProblem(t *testing.T) {
	g := Guide{Year: 1999, WindowStart: day(2026, 12, 10), WindowEnd: day(2026, 12, 1),
		Items: []GuideRequirement{{Clause: "ENV-R1", Text: "x"}, {Clause: "env-r1", Text: "y"}, {Clause: "XYZ-1", Text: ""}}}
	err := g.Validate()
	got := map[string]int{}
	for _, e := range AsError(err).Fields() {
		got[e.Field]++
	}
	want := map[string]int{"year": 1, "title": 1, "window_end": 1, "items.1": 1, "items.2": 1}
	for f, n := range want {
		if got[f] != n {
			t.Errorf("field %s: %d problems, want %d (all: %v)", f, got[f], n, err)
		}
	}
}

func TestGuidePublishNeedsWindowAndItems(t *testing.T) {
	g := &Guide{Year: 2027, Title: "2027年度政务信息化项目申报指南", Status: GuideDraft}
	if _, err := GuideFlow.Next(g.Status, GuidePublish, []GuideActor{GuideOffice}, "", g); err == nil {
		t.Fatal("a guide without window or requirements was published")
	}
	g.WindowStart, g.WindowEnd, g.Items = day(2026, 12, 1), day(2026, 12, 31), DefaultGuideItems()
	if err := g.Validate(); err != nil {
		t.Fatal(err)
	}
	to, err := GuideFlow.Next(g.Status, GuidePublish, []GuideActor{GuideOffice}, "", g)
	if err != nil || to != GuidePublished {
		t.Fatalf("publish: %v %v", to, err)
	}
	if _, err := GuideFlow.Next(GuidePublished, GuidePublish, []GuideActor{GuideOffice}, "", g); ErrorCode(err) != EConflict {
		t.Errorf("publishing twice: %v, want a conflict", err)
	}
	if _, err := GuideFlow.Next(GuidePublished, GuideReplace, []GuideActor{GuideOffice}, "", g); ErrorCode(err) != EForbidden {
		t.Errorf("the office superseding by hand: %v, want forbidden", err)
	}
	g.Status = GuidePublished
	if !g.Open(day(2026, 12, 31)) || g.Open(day(2027, 1, 1)) || g.Open(day(2026, 11, 30)) {
		t.Error("the window includes both ends and nothing else")
	}
	if n := len(g.Mandatory()); n != 10 {
		t.Errorf("%d mandatory requirements by default, want 10", n)
	}
}
