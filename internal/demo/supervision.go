package demo

import (
	"context"
	"fmt"
	"slices"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func init() {
	loaders = append(loaders, loader{order: 99, name: "key-project supervision", load: LoadSupervision})
}

// SupervisionFirm is the demo's supervision unit (监理单位, FLOW-5), a firm outside the district.
const SupervisionFirm = "姑苏恒信工程监理有限公司"

// LoadSupervision gives one key project under construction its supervision (FLOW-5): the office
// assigns the demo's supervisor login (施文浩) as the supervision unit of the first approved
// key project — 卫健委's when it has one, so that its people see the log beside the supervisor —
// and the supervisor keeps its log: a material review, a regular meeting, a special governance
// meeting, a site inspection and a correction of the inspection's entry, dated over the months
// since the task book was issued. Without an approved key project or a supervisor account it
// makes nothing.
func LoadSupervision(ctx context.Context, svc *app.Service, units map[string]int64) error {
	office := officeActor()
	p, err := supervisedDemoProject(ctx, svc, office, units)
	if p == nil || err != nil {
		return err
	}
	accounts, err := svc.SupervisorAccounts(ctx, office)
	if err != nil || len(accounts) == 0 {
		return err
	}
	u := accounts[0]
	if _, err := svc.AssignSupervision(ctx, office, p.ID, app.SupervisionAssignment{Firm: SupervisionFirm, UserIDs: []int64{u.ID}}); err != nil {
		return fmt.Errorf("project %d %s: assign: %w", p.ID, p.Name, err)
	}
	sup := domain.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, Grants: u.Grants}
	today := svc.Today()
	entries := []app.SupervisionNote{
		{Kind: domain.SupMaterialReview, Date: today.AddDate(0, -3, 5), Participants: u.Name + "（监理）、建设单位项目负责人",
			Findings: "招标文件已按任务书写入治理要求；技术需求书未列明数据共享接口清单。", Actions: "建设单位在详细设计前补充接口清单，报监理复核。"},
		{Kind: domain.SupRegularMeeting, Date: today.AddDate(0, -2, 0), Participants: u.Name + "（监理）、建设单位、承建单位项目经理",
			Findings: "详细设计按计划推进；数据库选型与区政务云资源配额一致。", Actions: "下次例会前提交详细设计初稿。"},
		{Kind: domain.SupGovernanceMeeting, Date: today.AddDate(0, -1, 0), Participants: u.Name + "（监理）、区信息办、建设单位、承建单位",
			Findings: "系统拟自建短信通道，与区统一平台重复。", Actions: "改为接入区统一短信平台，详细设计相应修改。"},
		{Kind: domain.SupSiteInspection, Date: today.AddDate(0, 0, -12), Participants: u.Name + "（监理）、承建单位现场负责人",
			Findings: "测试环境已部署在区政务云；生产环境安全加固未完成。", Actions: "上线前完成安全加固并提交测评报告。"},
	}
	var last *domain.SupervisionEntry
	for _, n := range entries {
		if last, err = svc.AddSupervisionEntry(ctx, sup, p.ID, n); err != nil {
			return fmt.Errorf("project %d %s: log: %w", p.ID, p.Name, err)
		}
	}
	correction := app.SupervisionNote{Kind: domain.SupSiteInspection, Date: today.AddDate(0, 0, -12), Corrects: last.ID,
		Participants: u.Name + "（监理）、承建单位现场负责人、建设单位信息科",
		Findings:     "更正：参加人员漏记建设单位信息科；其余同原记录。", Actions: "上线前完成安全加固并提交测评报告。"}
	if _, err := svc.AddSupervisionEntry(ctx, sup, p.ID, correction); err != nil {
		return fmt.Errorf("project %d %s: correction: %w", p.ID, p.Name, err)
	}
	return nil
}

// supervisedDemoProject is the approved key project the demo supervises: 卫健委's first, else
// the first of any unit; nil when there is none.
func supervisedDemoProject(ctx context.Context, svc *app.Service, office domain.Actor, units map[string]int64) (*domain.Project, error) {
	var keys []*domain.Project
	for f := (app.ProjectFilter{Status: domain.ProjApproved, Limit: 100}); ; {
		pg, err := svc.Projects(ctx, office, f)
		if err != nil {
			return nil, err
		}
		for _, p := range pg.Items {
			if p.IsKey() {
				keys = append(keys, p)
			}
		}
		if pg.NextCursor == 0 {
			break
		}
		f.After = pg.NextCursor
	}
	if len(keys) == 0 {
		return nil, nil
	}
	slices.SortFunc(keys, func(a, b *domain.Project) int { return int(a.ID - b.ID) })
	if i := slices.IndexFunc(keys, func(p *domain.Project) bool { return p.UnitID == units["320507119"] }); i >= 0 {
		return keys[i], nil
	}
	return keys[0], nil
}
