package demo

import (
	"context"
	"fmt"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

func init() {
	loaders = append(loaders, loader{order: 70, name: "sharing", load: LoadSharing})
}

// SharingSeed is one demo sharing request (国发〔2016〕51号): a requesting unit asks a provider
// for one of its 有条件共享 entries (by name; another of the provider's published 有条件共享
// entries when that one is not published in the demo), received DaysAgo calendar days before
// the demo's load, and answered or withdrawn as State says. Requests received long enough ago
// and left unanswered are overdue; LoadSharing escalates them, then adds the LateAfter ones,
// overdue but not yet escalated (the server's hourly run escalates them).
type SharingSeed struct {
	Provider, Entry, Requester string
	Purpose, Basis             string
	Items                      int    // how many of the entry's shareable items are asked for; 0: all
	DaysAgo                    int    // received this many days before the load
	State                      string // "" (unanswered), approve, refuse, withdraw
	Answer                     string // the scope of an approval, the reason of a refusal
	LateAfter                  bool   // created after the escalation run
}

const (
	basisProvince = "《江苏省政务数据共享管理办法》第十二条：政务部门因履行职责需要使用有条件共享数据的，应当向数据提供部门提出申请"
	basisState    = "《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第十条"
)

// SharingSeeds are the demo requests: every state, several units on both sides, the health
// commission (weijian) and the education bureau (jiaoyu) among them so the demo logins see
// requests to make, answer, withdraw and follow up.
var SharingSeeds = []SharingSeed{
	{Provider: "320507106", Entry: "户籍人口基本信息", Requester: "320507107", Purpose: "低保对象家庭人口状况核查", Basis: "《社会救助暂行办法》第十一条；" + basisState,
		Items: 4, DaysAgo: 60, State: "approve", Answer: "通过区数据共享交换平台接口按需核验，仅返回核验结果，不批量下载；有效期一年"},
	{Provider: "320507106", Entry: "户籍人口基本信息", Requester: "320507105", Purpose: "义务教育招生入学户籍核验", Basis: "《江苏省义务教育招生入学工作意见》；" + basisProvince,
		Items: 3, DaysAgo: 45, State: "approve", Answer: "每年5月至8月通过共享平台接口核验适龄儿童户籍，核验结果仅用于招生入学"},
	{Provider: "320507119", Entry: "出生医学证明信息", Requester: "320507105", Purpose: "入学适龄儿童出生信息核验，减少家长提交纸质材料", Basis: basisProvince,
		Items: 3, DaysAgo: 2},
	{Provider: "320507119", Entry: "医师执业注册信息", Requester: "320507107", Purpose: "养老机构内设医疗机构医师资质核验", Basis: "《养老机构管理办法》第二十条；" + basisProvince,
		Items: 4, DaysAgo: 40},
	{Provider: "320507119", Entry: "出生医学证明信息", Requester: "320507201", Purpose: "新生儿家庭入户走访和母婴关爱服务", Basis: basisProvince,
		Items: 2, DaysAgo: 35, LateAfter: true},
	{Provider: "320507110", Entry: "社会保险参保信息", Requester: "320507119", Purpose: "医疗机构从业人员参保情况核验", Basis: "《医疗机构管理条例》；" + basisProvince,
		Items: 3, DaysAgo: 30, State: "approve", Answer: "按月通过共享平台库表交换，仅限本单位监管业务使用，不得向第三方提供"},
	{Provider: "320507110", Entry: "就业登记信息", Requester: "320507109", Purpose: "就业补贴发放对象核验", Basis: basisState,
		DaysAgo: 25, State: "refuse", Answer: "就业补贴资格已由人社部门审核后推送，财政部门无需获取全量就业登记信息"},
	{Provider: "320507125", Entry: "医保参保信息", Requester: "320507119", Purpose: "家庭医生签约居民医保状态核验", Basis: basisProvince,
		Items: 2, DaysAgo: 20, State: "refuse", Answer: "申请用途与共享条件不符：参保状态核验请通过“医保电子凭证”核验接口办理"},
	{Provider: "320507111", Entry: "不动产登记信息", Requester: "320507113", Purpose: "住房保障对象住房状况核查", Basis: "《公共租赁住房管理办法》第七条；" + basisState,
		Items: 5, DaysAgo: 50, State: "approve", Answer: "按需核验，仅返回有无房产及套数，不提供权利人明细"},
	{Provider: "320507107", Entry: "低保对象信息", Requester: "320507110", Purpose: "困难人员就业援助对象认定", Basis: "《就业促进法》第五十二条；" + basisProvince,
		Items: 3, DaysAgo: 28, State: "approve", Answer: "每月通过共享平台推送新增和退出名单，仅用于就业援助"},
	{Provider: "320507107", Entry: "特困人员供养信息", Requester: "320507119", Purpose: "特困人员医疗救助对象核验", Basis: basisProvince,
		DaysAgo: 12, State: "withdraw"},
	{Provider: "320507123", Entry: "特种设备信息", Requester: "320507121", Purpose: "特种设备安全隐患排查", Basis: "《特种设备安全法》第五十七条；" + basisState,
		Items: 4, DaysAgo: 5},
	{Provider: "320507105", Entry: "在校学生学籍信息", Requester: "320507119", Purpose: "中小学生健康体检和近视防控", Basis: "《学校卫生工作条例》第十五条；" + basisProvince,
		Items: 3, DaysAgo: 3},
	{Provider: "320507105", Entry: "教职工信息", Requester: "320507201", Purpose: "辖区学校安全联络员名单维护", Basis: basisProvince,
		Items: 2, DaysAgo: 15, State: "withdraw"},
	{Provider: "320507106", Entry: "流动人口居住登记信息", Requester: "320507201", Purpose: "网格化服务管理中流动人口底数核对", Basis: "《江苏省流动人口居住登记办法》；" + basisProvince,
		Items: 4, DaysAgo: 33, State: "approve", Answer: "按季度推送本街道辖区居住登记数据，仅限网格员核对使用，有效期至年底"},
	{Provider: "320507128", Entry: "人口综合库信息", Requester: "320507119", Purpose: "全民健康信息平台人口主索引比对", Basis: basisState,
		Items: 4, DaysAgo: 22, State: "approve", Answer: "通过人口综合库服务接口按身份号码比对，日调用量不超过五万次"},
	{Provider: "320507129", Entry: "纳税人登记信息", Requester: "320507109", Purpose: "政府采购供应商纳税状况核验", Basis: "《政府采购法实施条例》第十七条；" + basisState,
		Items: 3, DaysAgo: 4},
	{Provider: "320507110", Entry: "社会保险参保信息", Requester: "320507105", Purpose: "民办学校教师社保缴纳情况核查", Basis: basisProvince,
		Items: 2, DaysAgo: 42},
	{Provider: "320507119", Entry: "护士执业注册信息", Requester: "320507125", Purpose: "医保定点医疗机构护理人员配备核查", Basis: "《医疗保障基金使用监督管理条例》；" + basisProvince,
		Items: 3, DaysAgo: 18, State: "approve", Answer: "按月库表交换护士注册状态，仅用于医保定点管理"},
	{Provider: "320507111", Entry: "基本农田保护信息", Requester: "320507116", Purpose: "高标准农田建设项目选址核查", Basis: basisState,
		Items: 3, DaysAgo: 1},
	{Provider: "320507107", Entry: "残疾人两项补贴信息", Requester: "320507201", Purpose: "残疾人两项补贴入户核查", Basis: basisProvince,
		Items: 2, DaysAgo: 38, LateAfter: true},
}

// sharingActor is the command line acting for a unit's 责任人: the requester's for the request
// and its withdrawal, the provider's for the answer. (Its grant names no unit code.)
func sharingActor(unitID int64) domain.Actor { return unitHead(unitID, "") }

// sharingEntry finds the provider's published 有条件共享 entry of that name, or else its first.
func sharingEntry(ctx context.Context, svc *app.Service, providerID int64, name string) (*domain.CatalogEntry, error) {
	p, err := svc.Catalog(ctx, app.SystemActor(), store.CatalogFilter{UnitID: providerID, ShareType: domain.ShareConditional,
		Status: domain.CatPublished, Limit: 100})
	if err != nil {
		return nil, err
	}
	if len(p.Items) == 0 {
		return nil, fmt.Errorf("no published conditional entry of unit %d", providerID)
	}
	for _, c := range p.Items {
		if c.Name == name {
			return svc.CatalogEntry(ctx, app.SystemActor(), c.ID)
		}
	}
	return svc.CatalogEntry(ctx, app.SystemActor(), p.Items[0].ID)
}

// LoadSharing submits the demo requests with their days of receipt, answers or withdraws them
// as their seeds say, escalates the overdue ones, and then adds the late ones not yet escalated.
func LoadSharing(ctx context.Context, svc *app.Service, unitIDs map[string]int64) error {
	today := svc.Now()
	load := func(i int, s SharingSeed) error {
		prov, req := unitIDs[s.Provider], unitIDs[s.Requester]
		if prov == 0 || req == 0 {
			return fmt.Errorf("demo: sharing request %d: unit %s or %s unknown", i+1, s.Provider, s.Requester)
		}
		c, err := sharingEntry(ctx, svc, prov, s.Entry)
		if err != nil {
			return fmt.Errorf("demo: sharing request %d: %w", i+1, err)
		}
		r := &domain.SharingRequest{EntryID: c.ID, RequesterUnitID: req, Purpose: s.Purpose, Basis: s.Basis,
			SubmittedOn: today.AddDate(0, 0, -s.DaysAgo)}
		for _, it := range c.Items {
			if it.ShareType != domain.ShareNone && len(r.Items) < s.Items {
				r.Items = append(r.Items, it.Name)
			}
		}
		if err := svc.CreateSharingRequest(ctx, sharingActor(req), r); err != nil {
			return fmt.Errorf("demo: sharing request %d (%s): %w", i+1, c.Name, err)
		}
		switch s.State {
		case "approve":
			_, err = svc.AnswerSharingRequest(ctx, sharingActor(prov), r.ID, app.SharingStep{Version: r.Version, Action: domain.SharingApprove, Scope: s.Answer})
		case "refuse":
			_, err = svc.AnswerSharingRequest(ctx, sharingActor(prov), r.ID, app.SharingStep{Version: r.Version, Action: domain.SharingRefuse, Reason: s.Answer})
		case "withdraw":
			_, err = svc.WithdrawSharingRequest(ctx, sharingActor(req), r.ID, r.Version)
		}
		if err != nil {
			return fmt.Errorf("demo: sharing request %d (%s): %s: %w", i+1, c.Name, s.State, err)
		}
		return nil
	}
	for i, s := range SharingSeeds {
		if !s.LateAfter {
			if err := load(i, s); err != nil {
				return err
			}
		}
	}
	if _, err := svc.EscalateOverdueSharing(ctx, today); err != nil {
		return err
	}
	for i, s := range SharingSeeds {
		if s.LateAfter {
			if err := load(i, s); err != nil {
				return err
			}
		}
	}
	return nil
}
