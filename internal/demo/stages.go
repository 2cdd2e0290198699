package demo

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func init() {
	loaders = append(loaders, loader{order: 99, name: "project stages", load: LoadStages})
}

// demoStageGoals is how far the demo takes the projects whose task books have actuals, oldest
// first (FLOW-4): the over-budget one and the late one are at detailed design (the first with
// its design materials awaiting the office), one has applied for acceptance with its materials
// — its catalog entry registered but not yet published, which the acceptance waits on (SHR-R4)
// —, one is in implementation, two are accepted — their new systems in service (BLD-R5), their
// catalog entries published, the second already in operation — and the next one's bidding
// materials await the office. The rest stay at bidding with nothing submitted.
var demoStageGoals = []struct {
	stage   domain.ProjectStage
	pending bool // the stage's materials submitted, the move not yet confirmed
}{
	{domain.StageDesign, true}, {domain.StageDesign, false}, {domain.StageAcceptance, true},
	{domain.StageImplementation, false}, {domain.StageAccepted, false}, {domain.StageOperation, false},
	{domain.StageBidding, true},
}

// LoadStages moves the demo's projects with task books through their stages as their unit's
// 责任人 reports and the office confirms, each step through the use cases: the materials of
// each stage (every requirement of the task book answered 符合, one evidence file), the moves,
// and before an acceptance what its gates ask — the pre-compiled catalog entry registered and
// published (SHR-R4), the new system's vendor filled in, the draft cloud request submitted and
// granted. Without task books it does nothing.
func LoadStages(ctx context.Context, svc *app.Service, units map[string]int64) error {
	office := officeActor()
	books, err := svc.TaskBooks(ctx, office, app.TaskBookFilter{Limit: 100})
	if err != nil {
		return err
	}
	slices.SortFunc(books.Items, func(a, b *domain.TaskBook) int { return int(a.ProjectID - b.ProjectID) })
	codes := map[int64]string{}
	for code, id := range units {
		codes[id] = code
	}
	i := 0
	for _, t := range books.Items {
		if t.ActualsOn.IsZero() || i >= len(demoStageGoals) {
			continue
		}
		goal := demoStageGoals[i]
		i++
		if err := moveProject(ctx, svc, unitHead(t.UnitID, codes[t.UnitID]), t, goal.stage, goal.pending); err != nil {
			return fmt.Errorf("project %d %s: %w", t.ProjectID, t.ProjectName, err)
		}
	}
	return nil
}

// moveProject takes the project of t from bidding to goal; pending: with goal's materials
// submitted (when it takes them) and the move on not yet confirmed.
func moveProject(ctx context.Context, svc *app.Service, head domain.Actor, t *domain.TaskBook, goal domain.ProjectStage, pending bool) error {
	office := officeActor()
	step := func(who domain.Actor, act domain.StageAction) error {
		p, err := svc.Project(ctx, office, t.ProjectID)
		if err == nil {
			_, err = svc.TransitionStage(ctx, who, p.ID, app.StageStep{Version: p.Version, Action: act})
		}
		if err != nil {
			return fmt.Errorf("%s: %w", act, err)
		}
		return nil
	}
	for _, st := range domain.ProjectStages {
		if st == goal && !pending {
			return nil
		}
		if st.TakesMaterials() {
			if err := stageMaterials(ctx, svc, head, t, st); err != nil {
				return err
			}
		}
		if st == goal {
			if st == domain.StageAcceptance { // the catalog registered, its publication still to come (SHR-R4)
				p, err := svc.Project(ctx, office, t.ProjectID)
				if err == nil {
					err = advanceCatalog(ctx, svc, head, p.CatalogIDs, domain.CatRegistered)
				}
				return err
			}
			return nil
		}
		var err error
		switch st {
		case domain.StageBidding:
			err = step(office, domain.StageFinishBidding)
		case domain.StageDesign:
			err = step(office, domain.StageFinishDesign)
		case domain.StageImplementation:
			err = step(head, domain.StageApplyAcceptance)
		case domain.StageAcceptance:
			if err = readyForAcceptance(ctx, svc, head, t.ProjectID); err == nil {
				err = step(office, domain.StageAccept)
			}
		case domain.StageAccepted:
			err = step(head, domain.StageStartOperation)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// stageMaterials submits the materials of stage as the unit: every requirement answered 符合
// and one evidence file.
func stageMaterials(ctx context.Context, svc *app.Service, head domain.Actor, t *domain.TaskBook, st domain.ProjectStage) error {
	in := app.StageMaterialsEdit{Responses: []domain.ProjectResponse{}, Note: map[domain.ProjectStage]string{
		domain.StageBidding:    "已完成公开招标，中标通知书及采购合同见附件，合同已载明任务书的治理要求。",
		domain.StageDesign:     "详细设计已通过专家评审，设计文件逐项响应任务书的治理要求。",
		domain.StageAcceptance: "项目已完成初验和试运行，申请终验；目录已提交登记，系统登记信息已补全。",
	}[st]}
	for _, r := range t.Requirements {
		in.Responses = append(in.Responses, domain.ProjectResponse{Clause: r.Clause, Answer: domain.AnswerComply})
	}
	if _, err := svc.SubmitStageMaterials(ctx, head, t.ProjectID, string(st), in); err != nil {
		return fmt.Errorf("materials of %s: %w", st, err)
	}
	doc := evidencePDF(fmt.Sprintf("Stage materials (FLOW-4): %s", st), fmt.Sprintf("Project %d, task book no. %d of %d.", t.ProjectID, t.Number.Seq, t.Number.Year))
	name := map[domain.ProjectStage]string{domain.StageBidding: "中标通知书及采购合同.pdf", domain.StageDesign: "详细设计评审意见.pdf",
		domain.StageAcceptance: "初验报告.pdf"}[st]
	if _, err := svc.AddAttachmentFor(ctx, head, "project_stage", t.ProjectID, string(st), name, bytes.NewReader(doc)); err != nil {
		return fmt.Errorf("file of %s: %w", st, err)
	}
	return nil
}

// readyForAcceptance settles what the acceptance of the project asks beyond its materials: its
// catalog entries registered and published (SHR-R4), its new systems' vendor, its draft cloud
// requests submitted and granted (the actuals are on the task book already).
func readyForAcceptance(ctx context.Context, svc *app.Service, head domain.Actor, projectID int64) error {
	office := officeActor()
	p, err := svc.Project(ctx, office, projectID)
	if err != nil {
		return err
	}
	if err := advanceCatalog(ctx, svc, head, p.CatalogIDs, domain.CatPublished); err != nil {
		return err
	}
	for _, id := range p.CreatedSystemIDs {
		sys, err := svc.System(ctx, office, id)
		if err != nil {
			return err
		}
		if sys.Vendor == "" {
			vendor := "苏州相城智慧城市科技有限公司"
			if _, err := svc.UpdateSystem(ctx, head, id, app.SystemEdit{Version: sys.Version, Vendor: &vendor}); err != nil {
				return fmt.Errorf("system %d: %w", id, err)
			}
		}
	}
	for _, id := range p.CloudRequestIDs {
		r, err := svc.CloudRequest(ctx, office, id)
		if err == nil && r.Status == domain.CloudDraft {
			if _, err = svc.TransitionCloudRequest(ctx, head, id, app.CloudStep{Version: r.Version, Action: domain.CloudSubmit}); err == nil {
				r, err = svc.CloudRequest(ctx, office, id)
			}
		}
		if err == nil && r.Status == domain.CloudSubmitted {
			_, err = svc.TransitionCloudRequest(ctx, office, id, app.CloudStep{Version: r.Version, Action: domain.CloudApprove})
		}
		if err != nil {
			return fmt.Errorf("cloud request %d: %w", id, err)
		}
	}
	return nil
}

// advanceCatalog takes the catalog entries ids of a project on to until (registered or
// published): the unit submits a pre-compiled entry, the office registers and publishes it.
func advanceCatalog(ctx context.Context, svc *app.Service, head domain.Actor, ids []int64, until domain.CatalogStatus) error {
	office := officeActor()
	for _, id := range ids {
		for {
			c, err := svc.CatalogEntry(ctx, office, id)
			if err != nil {
				return err
			}
			who, act := office, domain.CatalogAction("")
			switch c.Status {
			case domain.CatPrecompiled:
				who, act = head, domain.CatSubmit
			case domain.CatSubmitted:
				act = domain.CatRegister
			case domain.CatRegistered:
				act = domain.CatPublish
			}
			if act == "" || c.Status == until {
				break
			}
			if _, err := svc.TransitionCatalogEntry(ctx, who, id, app.CatalogStep{Version: c.Version, Action: act}); err != nil {
				return fmt.Errorf("catalog entry %d %s: %w", id, act, err)
			}
		}
	}
	return nil
}
