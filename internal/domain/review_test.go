package domain

import (
	"slices"
	"testing"
	"time"
)

func TestReviewSubmission(t *testing.T) {
	r := &ProjectReview{Recommendation: RecApprove, Scores: []ReviewScore{
		{Criterion: CritStandards, Score: 5, Comment: " 规范 "}, {Criterion: CritFeasibility, Score: 1, Comment: "a"},
		{Criterion: CritNecessity, Score: 2, Comment: "b"}, {Criterion: CritContent, Score: 3, Comment: "c"}, {Criterion: CritBudget, Score: 4, Comment: "d"}}}
	if err := r.ValidateSubmission(); err != nil {
		t.Fatal(err)
	}
	var order []ReviewCriterion
	for _, s := range r.Scores {
		order = append(order, s.Criterion)
	}
	if !slices.Equal(order, ReviewCriteria) || r.Score(CritStandards).Comment != "规范" {
		t.Fatalf("scores %+v", r.Scores)
	}
	bad := &ProjectReview{Recommendation: "maybe", Scores: []ReviewScore{{Criterion: "beauty", Score: 3, Comment: "x"},
		{Criterion: CritBudget, Score: 0, Comment: "x"}, {Criterion: CritBudget, Score: 3, Comment: "x"}}}
	got := fields(bad.ValidateSubmission())
	for _, f := range []string{"scores", "scores.feasibility.score", "recommendation"} {
		if !got[f] {
			t.Errorf("no problem on %s: %v", f, got)
		}
	}
}

func TestAggregate(t *testing.T) {
	sub := func(rec Recommendation, s ...int) *ProjectReview {
		r := &ProjectReview{Recommendation: rec, SubmittedAt: time.Unix(1, 0)}
		for i, c := range ReviewCriteria {
			r.Scores = append(r.Scores, ReviewScore{Criterion: c, Score: s[i]})
		}
		return r
	}
	g := Aggregate([]*ProjectReview{sub(RecApprove, 5, 4, 3, 2, 1), sub(RecReject, 4, 4, 4, 4, 4), {}})
	if g.Assigned != 3 || g.Submitted != 2 || g.Complete() || g.Recommendations[RecApprove] != 1 || g.Recommendations[RecReject] != 1 ||
		g.Recommendations[RecApproveRevise] != 0 || g.Means[0].Mean != 4.5 || g.Means[4].Mean != 2.5 || g.Overall != 3.5 {
		t.Fatalf("aggregate %+v", g)
	}
	if z := Aggregate(nil); z.Complete() || z.Overall != 0 || len(z.Means) != len(ReviewCriteria) {
		t.Fatalf("empty %+v", z)
	}
}

func TestOpinionValidate(t *testing.T) {
	o := &ProjectOpinion{Overall: "同意", Items: []OpinionItem{{Clause: "SHR-R3", Verdict: VerdictAccepted}, {Clause: "BLD-P3", Verdict: VerdictNeedsChange, Comment: "补充"}}}
	if err := o.Validate([]string{"BLD-P3", "SHR-R3"}); err != nil || o.Items[0].Clause != "BLD-P3" {
		t.Fatalf("%v %+v", err, o.Items)
	}
	o = &ProjectOpinion{Items: []OpinionItem{{Clause: "BLD-P3", Verdict: VerdictNeedsChange}, {Clause: "ORG-9", Verdict: VerdictAccepted}}}
	got := fields(o.Validate([]string{"BLD-P3", "SHR-R3"}))
	for _, f := range []string{"items", "items.BLD-P3", "items.SHR-R3", "overall"} {
		if !got[f] {
			t.Errorf("no problem on %s: %v", f, got)
		}
	}
}
