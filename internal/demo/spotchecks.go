package demo

import (
	"context"
	"fmt"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

func init() {
	loaders = append(loaders, loader{order: 100, name: "spot checks and rectification", load: LoadSpotChecks})
}

// LoadSpotChecks runs the demo's random spot checks (FLOW-4, 双随机、一公开) over the projects the
// stages loader left at bidding and design, and what they bring:
//   - a bidding round of the year, drawn, recorded and published: its first check failed (a
//     requirement not responded), so its rectification notice went to the unit and the finance
//     and audit bureaus were told; the other checks passed;
//   - a design round, drawn and recorded, awaiting publication: its first check failed (a
//     requirement improperly responded), so the project is halted (叫停) with its notice open;
//   - a notice the office signed on paper a month ago for a project in implementation and
//     recorded afterwards (补录), overdue and escalated to the unit's 责任人.
//
// The draws are real (crypto/rand): which projects and inspectors each round checks differs
// from one load to the next; what the demo records does not (the first check by id fails).
// The inspectors, drawn from the office's staff, record their own checks. Without projects at
// those stages it makes nothing.
func LoadSpotChecks(ctx context.Context, svc *app.Service, _ map[string]int64) error {
	office := officeActor()
	today := svc.Today()
	year := time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	rounds := []struct {
		edit    app.CheckRoundEdit
		fail    domain.CheckResult
		comment string
		publish bool
	}{
		{app.CheckRoundEdit{Title: fmt.Sprintf("%d年招标阶段架构治理随机抽查", today.Year()), Stage: domain.StageBidding, SampleSize: 1},
			domain.CheckNotResponded, "招标文件（采购需求）未载明任务书中的该项治理要求。", true},
		{app.CheckRoundEdit{Title: fmt.Sprintf("%d年详细设计阶段架构治理随机抽查", today.Year()), Stage: domain.StageDesign, SampleSize: 1},
			domain.CheckImproper, "设计说明书另建了独立的用户库，未按要求对接统一身份认证。", false},
	}
	for _, r := range rounds {
		yes := true
		r.edit.PeriodFrom, r.edit.PeriodTo, r.edit.IncludeKey = year, today, &yes
		// The inspectors are the office's staff: whoever is drawn, nobody reads a project through
		// the demo's checks who did not read it before (the draws differ from load to load).
		r.edit.InspectorsPer, r.edit.PoolOffice = 2, true
		if err := demoRound(ctx, svc, office, r.edit, r.fail, r.comment, r.publish); err != nil {
			return fmt.Errorf("%s: %w", r.edit.Title, err)
		}
	}
	if err := demoPaperNotice(ctx, svc, office, today); err != nil {
		return fmt.Errorf("paper notice: %w", err)
	}
	_, err := svc.EscalateOverdueRectifications(ctx, svc.Now()) // the sharing demo leaves some of its own unescalated
	return err
}

// demoRound opens, draws and records one round: its first check fails with fail on the first
// requirement, the others pass; publish: then it is published (一公开).
func demoRound(ctx context.Context, svc *app.Service, office domain.Actor, edit app.CheckRoundEdit, fail domain.CheckResult, comment string, publish bool) error {
	if pg, err := svc.Projects(ctx, office, store.ProjectFilter{Stage: edit.Stage, Limit: 1}); err != nil || len(pg.Items) == 0 {
		return err // no project at the stage: no round
	}
	x, err := svc.CreateCheckRound(ctx, office, edit)
	if err != nil {
		return err
	}
	if x, err = svc.DrawCheckRound(ctx, office, x.ID, app.RoundStep{Version: x.Version}); err != nil {
		return fmt.Errorf("draw: %w", err)
	}
	checks, err := svc.SpotChecks(ctx, office, x)
	if err != nil {
		return err
	}
	for i, c := range checks {
		u, err := svc.User(ctx, app.SystemActor(), c.Inspectors[0].UserID)
		if err != nil {
			return err
		}
		insp := domain.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, Grants: u.Grants}
		reqs, err := svc.CheckRequirements(ctx, insp, c)
		if err != nil {
			return err
		}
		in := app.SpotCheckRecordIn{Version: c.Version, Summary: "材料齐全，逐条响应了任务书的治理要求。"}
		for j, q := range reqs {
			o := domain.CheckOutcome{Clause: q.Clause, Result: domain.CheckResponded}
			if i == 0 && j == 0 {
				o.Result, o.Comment = fail, comment
				in.Summary = "存在未按任务书响应的治理要求，须整改。"
			}
			in.Outcomes = append(in.Outcomes, o)
		}
		if _, err := svc.RecordSpotCheck(ctx, insp, c.ID, in); err != nil {
			return fmt.Errorf("check %d (%s): %w", c.ID, c.ProjectName, err)
		}
	}
	if !publish {
		return nil
	}
	if x, err = svc.CheckRound(ctx, office, x.ID); err == nil {
		_, err = svc.PublishCheckRound(ctx, office, x.ID, app.RoundStep{Version: x.Version})
	}
	return err
}

// demoPaperNotice records the notice the office signed a month ago for the first project in
// implementation — its unit's system not yet registered with the identity platform — due in 10
// working days: overdue now.
func demoPaperNotice(ctx context.Context, svc *app.Service, office domain.Actor, today time.Time) error {
	pg, err := svc.Projects(ctx, office, store.ProjectFilter{Stage: domain.StageImplementation, Limit: 1})
	if err != nil || len(pg.Items) == 0 {
		return err
	}
	p := pg.Items[0]
	tb, err := svc.ProjectTaskBook(ctx, office, p.ID)
	if err != nil || len(tb.Requirements) == 0 {
		return err
	}
	_, err = svc.OpenRectification(ctx, office, app.RectificationOpen{ProjectID: p.ID, Source: domain.RectFromOffice, DeadlineDays: 10,
		IssuedOn: today.AddDate(0, 0, -30), Items: []domain.RectItem{{Clause: tb.Requirements[0].Clause, Outcome: domain.OutcomePartial,
			Problem: "实施方案只对接了部分业务的统一身份认证，其余仍使用独立账号。"}}})
	return err
}
