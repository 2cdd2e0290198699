package app_test

// The review of an application (BLD-R3, FLOW-2) on the demo district: experts assigned from a
// draw and by hand (never one of the applying unit), an expert reading the application assigned
// and nothing else, scores validated and frozen, the aggregate, the governance review opinion,
// and approval refused until both are in.

import (
	"slices"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// underReview makes an application of the health commission for its accepted plan item and
// walks it to under review.
func (e *env) underReview(item *domain.PlanItemRef) *domain.Project {
	e.t.Helper()
	budget := item.Budget
	guides, err := e.svc.Guides(e.ctx, e.actor("weijian"), store.GuideFilter{Year: 2027, Status: domain.GuidePublished})
	if err != nil || len(guides.Items) == 0 {
		e.t.Fatalf("guides %v", err)
	}
	var answers []domain.ProjectResponse
	for _, cl := range guides.Items[0].Mandatory() {
		answers = append(answers, domain.ProjectResponse{Clause: cl, Answer: domain.AnswerComply})
	}
	p := added(e, "weijian", "application", e.svc.CreateProject, &domain.Project{Functions: testFunctions(), PlanItemID: item.ID, Content: "建设卫健数据中台",
		Budget: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: budget}}, NoData: true, Responses: answers})
	for _, st := range []struct {
		who string
		act domain.ProjectAction
	}{{"weijian", domain.ProjSubmit}, {"office", domain.ProjReview}} {
		if _, err := e.projStep(st.who, p.ID, st.act, "", 0); err != nil {
			e.t.Fatalf("%s: %v", st.act, err)
		}
	}
	return must(e, "project", store.Reader.Project, p.ID)
}

// fullReview is a valid submission: every criterion scored with a comment.
func fullReview(version int64, rec domain.Recommendation, scores ...int) app.ReviewSubmission {
	sub := app.ReviewSubmission{Version: version, Recommendation: rec, Comment: "总体可行"}
	for i, c := range domain.ReviewCriteria {
		sub.Scores = append(sub.Scores, domain.ReviewScore{Criterion: c, Score: scores[i%len(scores)], Comment: "意见" + string(c)})
	}
	return sub
}

// reviewed gives an application under review what an approval needs (BLD-R3, FLOW-2): two
// experts assigned by a draw, both reviews recorded by the office, the opinion written.
func (e *env) reviewed(projectID int64) {
	e.t.Helper()
	p := must(e, "project", store.Reader.Project, projectID)
	d, err := e.svc.CreateDraw(e.ctx, e.actor("office"), drawFor(p.ID, p.UnitID, 2))
	if err != nil {
		e.t.Fatal(err)
	}
	set, err := e.svc.AssignReviewers(e.ctx, e.actor("office"), p.ID, app.ReviewerAssignment{DrawID: d.ID})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, r := range set.Reviews {
		if _, err := e.svc.SubmitReview(e.ctx, e.actor("office"), p.ID, r.ExpertID, fullReview(r.Version, domain.RecApprove, 4)); err != nil {
			e.t.Fatal(err)
		}
	}
	o := app.OpinionEdit{Overall: "同意立项"}
	for _, r := range p.Responses {
		o.Items = append(o.Items, domain.OpinionItem{Clause: r.Clause, Verdict: domain.VerdictAccepted})
	}
	if _, err := e.svc.WriteOpinion(e.ctx, e.actor("office"), p.ID, o); err != nil {
		e.t.Fatal(err)
	}
}

func TestProjectReview(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		items := e.acceptedPlan(e.unit(codeHealth).ID, 2027, 500_000, 300_000)
		p := e.underReview(items[0])
		other := e.underReview(items[1]) // a second application of the same unit
		office, expertLogin := e.actor("office"), e.actor("expert")
		mine, err := e.db.Read().ExpertByUser(e.ctx, e.user("expert").ID)
		if err != nil || mine.UnitID == p.UnitID {
			t.Fatalf("the demo login's expert %+v %v", mine, err)
		}

		// Before anything: approval names the reviews and the opinion.
		_, err = e.projStep("office", p.ID, domain.ProjApprove, "", 400_000)
		if got := fieldsOf(err); !slices.Equal(got, []string{"reviews", "opinion"}) {
			t.Fatalf("approve with no review: %v", err)
		}

		// The expert does not read the application before being assigned, nor list any.
		_, err = e.svc.Project(e.ctx, expertLogin, p.ID)
		wantCode(t, err, domain.ENotFound, "")
		if l, err := e.svc.Projects(e.ctx, expertLogin, app.ProjectFilter{}); err != nil || len(l.Items) != 0 {
			t.Fatalf("the expert lists %d applications, %v", len(l.Items), err)
		}

		// By hand: an expert affiliated with the applying unit is refused (BLD-R3), as are an
		// unknown expert and asking for nothing; only the office assigns.
		affiliated, err := e.svc.Experts(e.ctx, office, app.ExpertFilter{UnitID: p.UnitID})
		if err != nil || len(affiliated.Items) == 0 {
			t.Fatalf("no expert of the unit in the demo pool: %v", err)
		}
		h := e.head()
		_, err = e.svc.AssignReviewers(e.ctx, office, p.ID, app.ReviewerAssignment{ExpertIDs: []int64{mine.ID, affiliated.Items[0].ID}})
		wantCode(t, err, domain.EInvalid, "expert_ids")
		if domain.AsError(err).Message != "err.review.affiliated" {
			t.Fatalf("affiliated: %v", err)
		}
		_, err = e.svc.AssignReviewers(e.ctx, office, p.ID, app.ReviewerAssignment{ExpertIDs: []int64{999999}})
		wantCode(t, err, domain.EInvalid, "expert_ids")
		_, err = e.svc.AssignReviewers(e.ctx, office, p.ID, app.ReviewerAssignment{})
		wantCode(t, err, domain.EInvalid, "expert_ids")
		_, err = e.svc.AssignReviewers(e.ctx, e.actor("weijian"), p.ID, app.ReviewerAssignment{ExpertIDs: []int64{mine.ID}})
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.AssignReviewers(e.ctx, e.actor("jiaoyu"), p.ID, app.ReviewerAssignment{ExpertIDs: []int64{mine.ID}})
		wantCode(t, err, domain.ENotFound, "")
		e.wantNoAudit(h)

		set, err := e.svc.AssignReviewers(e.ctx, office, p.ID, app.ReviewerAssignment{ExpertIDs: []int64{mine.ID}})
		if err != nil || len(set.Reviews) != 1 || set.Reviews[0].DrawID != 0 {
			t.Fatalf("by hand: %+v %v", set, err)
		}
		e.wantAudit(h, "project.assign_reviewers", "office")
		if !e.inboxHas("expert", "review_assigned", p.ID) {
			t.Error("the expert was not told of the assignment")
		}
		_, err = e.svc.AssignReviewers(e.ctx, office, p.ID, app.ReviewerAssignment{ExpertIDs: []int64{mine.ID}})
		wantMessage(t, err, domain.EInvalid, "err.review.assigned")

		// From a draw: only a draw for this application leaving out its unit; the drawn experts
		// join the one chosen by hand (one already assigned is passed over).
		wrong, err := e.svc.CreateDraw(e.ctx, office, drawFor(other.ID, other.UnitID, 2))
		if err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.AssignReviewers(e.ctx, office, p.ID, app.ReviewerAssignment{DrawID: wrong.ID})
		wantCode(t, err, domain.EInvalid, "draw_id")
		d, err := e.svc.CreateDraw(e.ctx, office, drawFor(p.ID, p.UnitID, 2))
		if err != nil {
			t.Fatal(err)
		}
		set, err = e.svc.AssignReviewers(e.ctx, office, p.ID, app.ReviewerAssignment{DrawID: d.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range set.Reviews {
			if r.ExpertID != mine.ID && r.DrawID != d.ID {
				t.Errorf("review %+v: not from draw %d", r, d.ID)
			}
			if x := e.expert(r.ExpertID); x.UnitID == p.UnitID {
				t.Errorf("expert %s of the applying unit assigned", x.Name)
			}
		}
		n := len(set.Reviews)
		if n < 2 || n > 3 || set.Aggregate.Assigned != n || set.Aggregate.Submitted != 0 {
			t.Fatalf("after the draw: %d reviews, %+v", n, set.Aggregate)
		}

		// The expert reads the application assigned — not the other one of its unit, not the
		// reviews of the others, not the opinion — and lists their task.
		if _, err := e.svc.Project(e.ctx, expertLogin, p.ID); err != nil {
			t.Fatalf("the expert reading the assigned application: %v", err)
		}
		_, err = e.svc.Project(e.ctx, expertLogin, other.ID)
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.MyReview(e.ctx, expertLogin, other.ID)
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.SubmitMyReview(e.ctx, expertLogin, other.ID, fullReview(1, domain.RecApprove, 5))
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.ProjectReviews(e.ctx, expertLogin, p.ID)
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.ProjectOpinion(e.ctx, expertLogin, p.ID)
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.ProjectHistory(e.ctx, expertLogin, p.ID) // it holds the opinion and the reviewers' names
		wantCode(t, err, domain.EForbidden, "")
		// Among the expert's pending reviews (the demo's applications under review have some too).
		if l, err := e.svc.MyReviews(e.ctx, expertLogin, true); err != nil ||
			!slices.ContainsFunc(l, func(r *domain.ProjectReview) bool { return r.ProjectID == p.ID && r.ProjectName == p.Name }) {
			t.Fatalf("my reviews %+v %v", l, err)
		}
		// Another expert's review is not the expert's to submit; the unit submits none.
		var otherExpert int64
		for _, r := range set.Reviews {
			if r.ExpertID != mine.ID {
				otherExpert = r.ExpertID
			}
		}
		_, err = e.svc.SubmitReview(e.ctx, expertLogin, p.ID, otherExpert, fullReview(1, domain.RecApprove, 5))
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.SubmitReview(e.ctx, e.actor("weijian"), p.ID, otherExpert, fullReview(1, domain.RecApprove, 5))
		wantCode(t, err, domain.EForbidden, "")

		// Scores: every problem named at once.
		h = e.head()
		_, err = e.svc.SubmitMyReview(e.ctx, expertLogin, p.ID, app.ReviewSubmission{Version: 1,
			Scores: []domain.ReviewScore{{Criterion: domain.CritFeasibility, Score: 6, Comment: "好"}, {Criterion: domain.CritNecessity, Score: 3}}})
		want := []string{"scores.feasibility.score", "scores.necessity.comment", "scores.content.score", "scores.content.comment",
			"scores.budget.score", "scores.budget.comment", "scores.standards.score", "scores.standards.comment", "recommendation"}
		if got := fieldsOf(err); !slices.Equal(got, want) {
			t.Fatalf("an incomplete review: problems on %v, want %v", got, want)
		}
		_, err = e.svc.SubmitMyReview(e.ctx, expertLogin, p.ID, fullReview(7, domain.RecApprove, 5))
		wantCode(t, err, domain.EConflict, "") // stale version
		e.wantNoAudit(h)
		r, err := e.svc.SubmitMyReview(e.ctx, expertLogin, p.ID, fullReview(1, domain.RecApproveRevise, 5, 3))
		if err != nil || !r.Submitted() || r.Score(domain.CritNecessity).Score != 3 {
			t.Fatalf("submit: %+v %v", r, err)
		}
		e.wantAudit(h, "project_review.submit", "expert")
		// Frozen.
		_, err = e.svc.SubmitMyReview(e.ctx, expertLogin, p.ID, fullReview(r.Version, domain.RecReject, 1))
		wantMessage(t, err, domain.EConflict, "err.review.submitted")

		// Not all in: approval names the reviews (and the opinion).
		_, err = e.projStep("office", p.ID, domain.ProjApprove, "", 400_000)
		if got := fieldsOf(err); !slices.Equal(got, []string{"reviews", "opinion"}) {
			t.Fatalf("approve with reviews pending: %v", err)
		}
		// The office records the others' paper forms; the last one in tells the office.
		set, _ = e.svc.ProjectReviews(e.ctx, office, p.ID)
		for _, x := range set.Reviews {
			if !x.Submitted() {
				if _, err := e.svc.SubmitReview(e.ctx, office, p.ID, x.ExpertID, fullReview(x.Version, domain.RecApprove, 4)); err != nil {
					t.Fatal(err)
				}
			}
		}
		if !e.inboxHas("office", "reviews_complete", p.ID) {
			t.Error("the office was not told the reviews are in")
		}
		set, err = e.svc.ProjectReviews(e.ctx, office, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		g := set.Aggregate
		// Means: the expert's 5,3,5,3,5 and n-1 reviews of 4 each.
		k := float64(n)
		wantMeans := []float64{(5 + 4*(k-1)) / k, (3 + 4*(k-1)) / k, (5 + 4*(k-1)) / k, (3 + 4*(k-1)) / k, (5 + 4*(k-1)) / k}
		for i, m := range g.Means {
			if d := m.Mean - wantMeans[i]; d > 0.006 || d < -0.006 || m.Criterion != domain.ReviewCriteria[i] {
				t.Errorf("mean %d: %+v, want %.2f", i, m, wantMeans[i])
			}
		}
		if !g.Complete() || g.Recommendations[domain.RecApproveRevise] != 1 || g.Recommendations[domain.RecApprove] != n-1 || g.Recommendations[domain.RecReject] != 0 {
			t.Fatalf("aggregate %+v", g)
		}
		_, err = e.projStep("office", p.ID, domain.ProjApprove, "", 400_000)
		if got := fieldsOf(err); !slices.Equal(got, []string{"opinion"}) {
			t.Fatalf("approve without the opinion: %v", err)
		}

		// The opinion: a verdict per requirement answered, a comment with needs change.
		p = must(e, "project", store.Reader.Project, p.ID)
		cl := p.Responses[0].Clause
		_, err = e.svc.WriteOpinion(e.ctx, office, p.ID, app.OpinionEdit{Items: []domain.OpinionItem{{Clause: cl, Verdict: domain.VerdictNeedsChange}, {Clause: "ORG-9", Verdict: domain.VerdictAccepted}}})
		got := fieldsOf(err)
		if !slices.Contains(got, "items") || !slices.Contains(got, domain.OpinionField(cl)) || !slices.Contains(got, domain.OpinionField(p.Responses[1].Clause)) ||
			!slices.Contains(got, "overall") {
			t.Fatalf("an incomplete opinion: problems on %v", got)
		}
		_, err = e.svc.WriteOpinion(e.ctx, e.actor("weijian"), p.ID, app.OpinionEdit{})
		wantCode(t, err, domain.EForbidden, "")
		op := app.OpinionEdit{Overall: "基本符合治理要求"}
		for _, r := range p.Responses {
			op.Items = append(op.Items, domain.OpinionItem{Clause: r.Clause, Verdict: domain.VerdictAccepted})
		}
		op.Items[0] = domain.OpinionItem{Clause: cl, Verdict: domain.VerdictNeedsChange, Comment: "补充整合计划"}
		o, err := e.svc.WriteOpinion(e.ctx, office, p.ID, op)
		if err != nil || o.Version != 1 {
			t.Fatalf("opinion: %+v %v", o, err)
		}
		_, err = e.svc.WriteOpinion(e.ctx, office, p.ID, op) // version 0 seen: stale
		wantCode(t, err, domain.EConflict, "")
		op.Version, op.Overall = 1, "符合治理要求，同意立项"
		if o, err = e.svc.WriteOpinion(e.ctx, office, p.ID, op); err != nil || o.Version != 2 {
			t.Fatalf("rewrite: %+v %v", o, err)
		}
		if got, err := e.svc.ProjectOpinion(e.ctx, e.actor("weijian"), p.ID); err != nil || got.Overall != "符合治理要求，同意立项" || got.Items[0].Comment != "补充整合计划" {
			t.Fatalf("the unit reads %+v %v", got, err)
		}

		// Approved now; the history keeps the assignment and the opinion.
		if p, err = e.projStep("office", p.ID, domain.ProjApprove, "", 400_000); err != nil || p.Status != domain.ProjApproved {
			t.Fatalf("approve: %v", err)
		}
		hist, err := e.svc.ProjectHistory(e.ctx, office, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, r := range hist {
			actions = append(actions, r.Action)
		}
		all := strings.Join(actions, " ")
		if strings.Count(all, "project.opinion") != 2 || strings.Count(all, "project.assign_reviewers") != 2 {
			t.Fatalf("history %v", actions)
		}
		// Decided: the review no longer changes.
		_, err = e.svc.WriteOpinion(e.ctx, office, p.ID, op)
		wantMessage(t, err, domain.EConflict, "err.review.not_under_review")
		_, err = e.svc.AssignReviewers(e.ctx, office, p.ID, app.ReviewerAssignment{ExpertIDs: []int64{affiliated.Items[0].ID}})
		wantCode(t, err, domain.EConflict, "")
	})
}
