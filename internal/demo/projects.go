package demo

import (
	"bytes"
	"context"
	"fmt"
	"slices"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

func init() {
	loaders = append(loaders, loader{order: 97, name: "project applications", load: LoadProjects})
}

// MaxDemoProjects bounds the demo's applications.
const MaxDemoProjects = 40

// projectPath is the demo applications' states in turn, each reached through the workflow: every
// state shows, the returned one with its comment, the rejected one with its reason.
var projectPath = []domain.ProjectStatus{domain.ProjDraft, domain.ProjSubmitted, domain.ProjUnderReview,
	domain.ProjReturned, domain.ProjApproved, domain.ProjRejected, domain.ProjApproved, domain.ProjSubmitted}

// LoadProjects makes the demo's project applications (FLOW-2) from the accepted items of the
// units' annual plans, at most MaxDemoProjects, each by its unit's 责任人 and decided by the
// office, in the states of projectPath. It needs what other loaders make: annual plans
// accepted into the district plan (BLD-P2) and a published guide of their year. Without
// accepted plan items it makes no application (an item of a year without a published guide
// is passed over): the demo then has none, which the project list says ("暂无立项申请").
func LoadProjects(ctx context.Context, svc *app.Service, units map[string]int64) error {
	items, err := svc.ProjectPlanItems(ctx, app.SystemActor(), 0)
	if err != nil || len(items) == 0 {
		return err
	}
	codes := map[int64]string{}
	for code, id := range units {
		codes[id] = code
	}
	guides := map[int]*domain.Guide{}
	office := officeActor()
	systems := map[int64]map[string][]int64{} // plan → item name → the systems it concerns
	n := 0
	for _, it := range items {
		if n == MaxDemoProjects {
			break
		}
		g, ok := guides[it.Year]
		if !ok {
			p, err := svc.Guides(ctx, office, store.GuideFilter{Year: it.Year, Status: domain.GuidePublished})
			if err != nil {
				return err
			}
			if len(p.Items) > 0 {
				g = p.Items[0]
			}
			guides[it.Year] = g
		}
		if g == nil {
			continue
		}
		// The systems the application changes are its plan item's (ENV-R2, BLD-P3).
		if _, ok := systems[it.PlanID]; !ok {
			plan, err := svc.AnnualPlan(ctx, office, it.PlanID)
			if err != nil {
				return err
			}
			systems[it.PlanID] = map[string][]int64{}
			for _, x := range plan.Items {
				systems[it.PlanID][x.Name] = x.SystemIDs
			}
		}
		partner := units["320507128"] // 区数据局, the district platform's keeper: the exchange of a draft that skips the platform
		if partner == it.UnitID {
			partner = units["320507106"]
		}
		if err := demoProject(ctx, svc, unitHead(it.UnitID, codes[it.UnitID]), office, it, systems[it.PlanID][it.Name], g, n, partner); err != nil {
			return fmt.Errorf("plan item %d %s: %w", it.ID, it.Name, err)
		}
		n++
	}
	return demoDuplicates(ctx, svc, units, items, guides, systems)
}

// demoProject applies for plan item it, which concerns systems, as head and walks the
// application to projectPath[n].
func demoProject(ctx context.Context, svc *app.Service, head, office domain.Actor, it *domain.PlanItemRef, systems []int64, g *domain.Guide, n int, partner int64) error {
	budget := it.Budget * 9 / 10
	p := &domain.Project{UnitID: it.UnitID, PlanItemID: it.ID, KeyCategory: domain.KeyCategories[n%len(domain.KeyCategories)],
		Content:   it.Name + "：按年度计划建设，整合本单位已有业务系统，数据经区数据交换共享平台共享。",
		Cloud:     domain.CloudResources{VCPU: int64(4 + 4*(n%4)), MemoryGiB: int64(16 + 16*(n%4)), StorageGiB: int64(500 * (1 + n%3))},
		Functions: []string{clip(it.Name, 60)}, // issue 15: what the duplicate check compares
		NoData:    n%4 != 0, UserLevels: []domain.UserLevel{domain.LevelDistrict}, SystemIDs: slices.Clone(systems),
		// The system it builds: registered 在建 when it is approved, with its cloud request (FLOW-2, ENV-R1).
		NewSystems: []domain.NewSystem{{Name: it.Name, Brief: "项目建设的业务系统：" + it.Name + "。"}}}
	if budget <= 0 {
		budget, p.BudgetJustification = 100_000, "年度计划未列预算，按实际测算。"
	}
	p.Budget = []domain.BudgetLine{{Category: it.Category, Amount: budget}}
	for _, r := range g.Items {
		switch {
		case n == 3 && r.Clause == "BLD-P3": // the one answering 部分符合, with its plan
			p.Responses = append(p.Responses, domain.ProjectResponse{Clause: r.Clause, Answer: domain.AnswerPartial, Text: "一期整合两套业务系统，二期完成其余系统整合。"})
		case r.Clause == "PTL-R2":
			p.Responses = append(p.Responses, domain.ProjectResponse{Clause: r.Clause, Answer: domain.AnswerNA, Text: "项目不覆盖全区各级用户。"})
		default:
			p.Responses = append(p.Responses, domain.ProjectResponse{Clause: r.Clause, Answer: domain.AnswerComply})
		}
	}
	// The drafts the governance rules find fault with (issue 11): what the unit sees on its draft,
	// and the gate would refuse or warn about at submission (or approval), before it submits.
	precompile := !p.NoData // SHR-R3: the catalog entry it pre-compiles
	if projectPath[n%len(projectPath)] == domain.ProjDraft {
		switch n / len(projectPath) % 5 {
		case 0: // ENV-R1: the project extends the unit's machine room
			p.RoomWork = domain.RoomWorkExtend
		case 1: // ENV-R1: servers of its own; SHR-P1: an exchange beside the platform; ENV-R2: the
			// systems it keeps up off the cloud (区经信局's 政务外网安全接入平台) left where they are
			p.Content += "采购服务器6台、磁盘阵列1套，部署于单位机房。"
			if partner != 0 {
				p.Exchanges = []domain.ProjectExchange{{UnitID: partner, Data: "业务办理结果", Channel: domain.ExchangeDirect}}
			}
			for i := range p.Responses {
				if p.Responses[i].Clause == "ENV-R2" {
					p.Responses[i] = domain.ProjectResponse{Clause: "ENV-R2", Answer: domain.AnswerPartial, Text: "本期为年度运维，部署在单位机房的系统迁移上云另行评估，暂不纳入本项目。"}
				}
			}
		case 2: // SHR-R1: an exchange platform of its own; PTL-R1: a website without saying why
			p.NewSystems = append(p.NewSystems, domain.NewSystem{Name: "部门数据交换平台", Brief: "与各业务条线交换数据。"})
			p.Websites = []domain.PlannedWebsite{{Name: it.Name + "专题网站"}}
		case 3: // SHR-R7: population data without committing to the library; PTL-R4: a service account without a reason
			p.BaseData = []domain.BaseLibrary{domain.LibPopulation}
			p.Media = []domain.PlannedMedia{{Kind: domain.MediaWechatService, Name: it.Name + "服务号"}}
			for i := range p.Responses {
				if p.Responses[i].Clause == "SHR-R7" {
					p.Responses[i] = domain.ProjectResponse{Clause: "SHR-R7", Answer: domain.AnswerPartial, Text: "一期自建人口信息表，二期对接人口库。"}
				}
			}
		case 4: // SHR-R3: the catalog not yet pre-compiled, nor the application declared data-free
			precompile = false
		}
	}
	if err := svc.CreateProject(ctx, head, p); err != nil {
		return err
	}
	if precompile {
		c := &domain.CatalogEntry{Class: "3", Item: "99", Name: it.Name + "业务数据", ProviderUnitID: it.UnitID, ProjectID: p.ID,
			Summary: it.Name + "建设中产生的业务数据。", Format: domain.FormatDatabase, FormatDetail: "关系型数据库",
			ShareType: domain.ShareUnconditional, ShareChannel: domain.ChannelPlatform, ShareForm: domain.FormAPI, UpdateCycle: domain.CycleMonthly,
			Items: []domain.DataItem{{Name: "业务编号", Column: "biz_no", Type: domain.ItemChar, Length: 32, PrimaryKey: true}}}
		if err := svc.CreateCatalogEntry(ctx, head, c); err != nil {
			return err
		}
	}
	// The materials (issue 9, FLOW-2): a draft has its proposal so far; the application returned for
	// revision lacks the feasibility study and the budget sheet its return asks for; the others have all three.
	target := projectPath[n%len(projectPath)]
	materials := []struct{ purpose, name string }{{"proposal", "项目建议书"}, {"feasibility", "可行性研究报告"}, {"budget", "预算表"}}
	if target == domain.ProjDraft || target == domain.ProjReturned {
		materials = materials[:1]
	}
	for _, m := range materials {
		doc := evidencePDF(fmt.Sprintf("Project application %d: %s", p.ID, m.purpose), "Submitted by the applying unit (FLOW-2).")
		if _, err := svc.AddAttachmentFor(ctx, head, "project", p.ID, m.purpose, m.name+".pdf", bytes.NewReader(doc)); err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
	}
	type step struct {
		who     domain.Actor
		act     domain.ProjectAction
		comment string
	}
	var steps []step
	switch target {
	case domain.ProjSubmitted:
		steps = []step{{head, domain.ProjSubmit, ""}}
	case domain.ProjUnderReview:
		steps = []step{{head, domain.ProjSubmit, ""}, {office, domain.ProjReview, ""}}
	case domain.ProjReturned:
		steps = []step{{head, domain.ProjSubmit, ""}, {office, domain.ProjReview, ""}, {office, domain.ProjReturn, "请补充可行性研究报告和分项预算表。"}}
	case domain.ProjApproved:
		steps = []step{{head, domain.ProjSubmit, ""}, {office, domain.ProjReview, ""}, {office, domain.ProjApprove, "同意立项。"}}
	case domain.ProjRejected:
		steps = []step{{head, domain.ProjSubmit, ""}, {office, domain.ProjReview, ""}, {office, domain.ProjReject, "与已建区级平台功能重复，不予立项。"}}
	}
	if len(steps) > 0 { // issue 15: the unit answers the duplicate check before it submits
		var err error
		if p, err = answerDuplicates(ctx, svc, head, p, nil); err != nil {
			return fmt.Errorf("duplicate check: %w", err)
		}
	}
	for _, st := range steps {
		var err error
		if st.act == domain.ProjApprove { // review: the experts' reviews and the opinion first (BLD-R3, FLOW-2)
			if p, err = demoReview(ctx, svc, office, p, n, true); err != nil {
				return fmt.Errorf("review: %w", err)
			}
		}
		// The office read the governance rules' warnings in its review (issue 11) and approves anyway.
		p, err = svc.TransitionProject(ctx, st.who, p.ID, app.ProjectStep{Version: p.Version, Action: st.act, Comment: st.comment,
			ApprovedBudget: budget, AcknowledgeWarnings: st.act == domain.ProjApprove})
		if err != nil {
			return fmt.Errorf("%s: %w", st.act, err)
		}
	}
	if p.Status == domain.ProjUnderReview { // review: experts drawn, one review in
		if _, err := demoReview(ctx, svc, office, p, n, false); err != nil {
			return fmt.Errorf("review: %w", err)
		}
	}
	return nil
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// answerDuplicates answers, as head, every match of p's duplicate check above the threshold
// (issue 15): with the answer given for its system's code in given, else that the project
// integrates with it. It returns the application as saved.
func answerDuplicates(ctx context.Context, svc *app.Service, head domain.Actor, p *domain.Project, given map[int64]domain.DupAnswer) (*domain.Project, error) {
	res, err := svc.ProjectDuplicates(ctx, head, p.ID)
	if err != nil {
		return nil, err
	}
	answers := slices.Clone(p.DupAnswers)
	for _, m := range res.Matches {
		if _, ok := p.DupAnswerTo(m.Kind, m.ID); ok || !m.Above {
			continue
		}
		a := domain.DupAnswer{Kind: m.Kind, ID: m.ID, Answer: domain.DupIntegrate, Reason: "建设中与其对接，复用其已有功能和数据，不重复建设。"}
		if x, ok := given[m.ID]; ok && m.Kind == domain.DupSystem {
			a.Answer, a.Reason = x.Answer, x.Reason
		}
		answers = append(answers, a)
	}
	if len(answers) == len(p.DupAnswers) {
		return p, nil
	}
	return svc.UpdateProject(ctx, head, p.ID, app.ProjectEdit{Version: p.Version, DupAnswers: &answers})
}

// demoDuplicates makes the two applications that show the duplicate-construction check (issue
// 15), each paraphrasing a system another unit already runs: a draft of 区司法局 for grid
// patrols of disputes (区政府办公室's 网格化社会治理平台), not answered yet — its page lists the
// match and its submission is refused; and one of 区人社局 for home care (区民政局's 智慧养老服务平台),
// answered, submitted and under review, on which the office found one function point a
// duplicate (不予建设) and cut the budget of another (核减预算). Each is for an accepted plan
// item of its unit that another demo application is also for.
func demoDuplicates(ctx context.Context, svc *app.Service, units map[string]int64, items []*domain.PlanItemRef, guides map[int]*domain.Guide,
	planSystems map[int64]map[string][]int64) error {
	itemOf := func(code string) *domain.PlanItemRef {
		for _, it := range items {
			if it.UnitID == units[code] && it.Year == PlanYear && guides[it.Year] != nil && len(planSystems[it.PlanID][it.Name]) > 0 {
				return it
			}
		}
		return nil
	}
	systems := map[string]int64{}
	if err := eachSystem(ctx, svc, store.SystemFilter{}, func(s *domain.System) error {
		systems[s.Code] = s.ID
		return nil
	}); err != nil {
		return err
	}
	office := officeActor()
	for _, d := range []struct {
		unit, name, content string
		functions           []string
		against             string // the code of the system it paraphrases
		answer              domain.DupAnswer
		verdicts            []domain.DupVerdict
	}{{
		unit: "320507108", name: "司法矛盾纠纷网格排查处置平台",
		content:   "建设司法矛盾纠纷排查处置平台：网格员巡查上报矛盾纠纷，事件在区、镇街、村社区流转处置，对社会治理态势进行分析研判。",
		functions: []string{"网格员巡查上报", "矛盾纠纷事件流转处置", "社会治理态势分析", "人民调解案件登记"},
		against:   "XC-SYS-0004",
	}, {
		unit: "320507110", name: "居家养老服务与能力评估平台",
		content:   "建设居家养老服务平台，为老年人提供居家上门服务派单，对养老机构开展监管，开展老年人能力评估，并办理养老保险待遇资格认证。",
		functions: []string{"居家上门服务派单", "养老机构监管", "老年人能力评估", "养老保险待遇资格认证"},
		against:   "XC-SYS-0031",
		answer: domain.DupAnswer{Answer: domain.DupDiffers,
			Reason: "区智慧养老服务平台不办理养老保险待遇资格认证，本平台的认证功能为人社业务；上门服务派单拟对接区平台。"},
		verdicts: []domain.DupVerdict{
			{Function: "居家上门服务派单", Verdict: domain.DupNotApproved, Note: "上门服务派单直接使用区智慧养老服务平台，不单独建设。"},
			{Function: "老年人能力评估", Verdict: domain.DupCut, Amount: 30_000, Note: "能力评估复用区平台的评估模块，仅建设与待遇认证的对接，核减相应预算。"},
		},
	}} {
		it := itemOf(d.unit)
		against := systems[d.against]
		if it == nil || against == 0 {
			continue // a demo without the unit's plan or the system: nothing to show
		}
		head := unitHead(it.UnitID, d.unit)
		// The systems it changes are its plan item's, as every demo application's.
		p := &domain.Project{UnitID: it.UnitID, PlanItemID: it.ID, Name: d.name, Content: d.content, Functions: d.functions,
			SystemIDs:   slices.Clone(planSystems[it.PlanID][it.Name]),
			KeyCategory: domain.KeyNone, NoData: true, UserLevels: []domain.UserLevel{domain.LevelDistrict, domain.LevelTown},
			Budget: []domain.BudgetLine{{Category: it.Category, Amount: max(it.Budget*9/10, 100_000)}}}
		if p.Total = p.Budget[0].Amount; p.Total > it.Budget {
			p.BudgetJustification = "年度计划预算不足，按实际测算。"
		}
		for _, r := range guides[it.Year].Items {
			p.Responses = append(p.Responses, domain.ProjectResponse{Clause: r.Clause, Answer: domain.AnswerComply})
		}
		if err := svc.CreateProject(ctx, head, p); err != nil {
			return fmt.Errorf("%s: %w", d.name, err)
		}
		if d.verdicts == nil {
			continue // the draft: not answered yet
		}
		var err error
		if p, err = answerDuplicates(ctx, svc, head, p, map[int64]domain.DupAnswer{against: d.answer}); err != nil {
			return fmt.Errorf("%s: duplicate check: %w", d.name, err)
		}
		for _, st := range []struct {
			who domain.Actor
			act domain.ProjectAction
		}{{head, domain.ProjSubmit}, {office, domain.ProjReview}} {
			if p, err = svc.TransitionProject(ctx, st.who, p.ID, app.ProjectStep{Version: p.Version, Action: st.act}); err != nil {
				return fmt.Errorf("%s: %s: %w", d.name, st.act, err)
			}
		}
		vs := slices.Clone(d.verdicts)
		for i := range vs {
			vs[i].Kind, vs[i].ID = domain.DupSystem, against
		}
		if _, err := svc.RecordDupVerdicts(ctx, office, p.ID, app.DupVerdictEdit{Version: p.Version, Verdicts: vs}); err != nil {
			return fmt.Errorf("%s: verdicts: %w", d.name, err)
		}
	}
	return nil
}
