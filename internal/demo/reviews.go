package demo

import (
	"context"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// demoReview gives an application under review its expert review and governance review
// (BLD-R3, FLOW-2) as the office would: three experts drawn for it and assigned, and — when
// complete, as an approval needs — every review recorded (from the experts' paper forms) and
// the opinion written; otherwise one review in and no opinion yet. It returns the application
// as it is after (its version moves with every review change).
func demoReview(ctx context.Context, svc *app.Service, office domain.Actor, p *domain.Project, n int, complete bool) (*domain.Project, error) {
	d, err := svc.CreateDraw(ctx, office, app.DrawRequest{Purpose: domain.DrawProjectReview, SubjectKind: domain.DrawSubjectProject,
		SubjectID: p.ID, ExcludeUnitID: p.UnitID, Count: 3})
	if err != nil {
		return nil, err
	}
	set, err := svc.AssignReviewers(ctx, office, p.ID, app.ReviewerAssignment{DrawID: d.ID})
	if err != nil {
		return nil, err
	}
	for i, r := range set.Reviews {
		if !complete && i > 0 {
			break
		}
		sub := app.ReviewSubmission{Version: r.Version, Recommendation: domain.RecApprove, Comment: "项目建设必要，方案基本可行。"}
		if (n+i)%3 == 2 {
			sub.Recommendation, sub.Comment = domain.RecApproveRevise, "建议细化分项预算后立项。"
		}
		for j, c := range domain.ReviewCriteria {
			sub.Scores = append(sub.Scores, domain.ReviewScore{Criterion: c, Score: 3 + (n+i+j)%3, Comment: "符合要求。"})
		}
		if _, err := svc.SubmitReview(ctx, office, p.ID, r.ExpertID, sub); err != nil {
			return nil, err
		}
	}
	if complete {
		e := app.OpinionEdit{Overall: "项目符合全区电子政务统筹建设要求，同意按核定预算立项。"}
		for _, r := range p.Responses {
			e.Items = append(e.Items, domain.OpinionItem{Clause: r.Clause, Verdict: domain.VerdictAccepted})
		}
		if _, err := svc.WriteOpinion(ctx, office, p.ID, e); err != nil {
			return nil, err
		}
	}
	return svc.Project(ctx, office, p.ID)
}
