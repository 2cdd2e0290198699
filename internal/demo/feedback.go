package demo

import (
	"context"
	"fmt"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/store"
)

func init() {
	loaders = append(loaders, loader{order: 70, name: "feedback", load: LoadFeedback})
}

// FeedbackStepSeed is one step replayed on a demo case; Note is the fix note or the reason.
type FeedbackStepSeed struct {
	Action domain.FeedbackAction
	Note   string
}

// FeedbackSeed is one demo data-correction case (SHR-R6): a unit reporting on a published entry
// of another. Ago is how many calendar days ago it was reported, AnswerAfter how many days
// after the report the provider first answered (fixed or disputed), if it did.
type FeedbackSeed struct {
	Reporter, Provider string             // unit codes
	Entry              string             // the provider's entry, by name; or
	Library            domain.BaseLibrary // a base library (Provider is its authoritative provider)
	Kind               domain.FeedbackKind
	Item, Description  string
	SampleRef          string
	Ago, AnswerAfter   int
	Steps              []FeedbackStepSeed
}

var (
	fbAck = FeedbackStepSeed{Action: domain.FbAcknowledge}
	fbOK  = FeedbackStepSeed{Action: domain.FbConfirm}
)

func fbFix(note string) FeedbackStepSeed { return FeedbackStepSeed{Action: domain.FbFix, Note: note} }
func fbDispute(note string) FeedbackStepSeed {
	return FeedbackStepSeed{Action: domain.FbDispute, Note: note}
}
func fbReopen(note string) FeedbackStepSeed {
	return FeedbackStepSeed{Action: domain.FbReopen, Note: note}
}
func fbSteps(s ...FeedbackStepSeed) []FeedbackStepSeed { return s }

const (
	uPolice    = "320507106" // 公安分局
	uCivil     = "320507107" // 民政局
	uEdu       = "320507105" // 教育局
	uHealth    = "320507119" // 卫健委
	uMarket    = "320507123" // 市场监管局
	uLand      = "320507111" // 自然资源分局
	uHR        = "320507110" // 人社局
	uApproval  = "320507126" // 行政审批局
	uData      = "320507128" // 数据局
	uMedicare  = "320507125" // 医保局
	uTax       = "320507129" // 税务局
	uHousing   = "320507113" // 住建局
	uStatistic = "320507124" // 统计局
)

// FeedbackCases are the demo cases, in every state; three are overdue (and escalated when the
// demo loads), one was answered late, two were reopened, two are about base libraries.
var FeedbackCases = []FeedbackSeed{
	// Waiting for the provider to acknowledge.
	{Reporter: uHealth, Provider: uPolice, Entry: "户籍人口基本信息", Kind: domain.FbMissing,
		Description: "共享接口未提供迁入日期，家庭医生签约核验户籍迁入时间时无从判断，请补充“迁入日期”数据项。", SampleRef: "签约单号 JTYS-2026-018832", Ago: 1},
	{Reporter: uEdu, Provider: uPolice, Entry: "居民身份证办理信息", Kind: domain.FbOutdated, Item: "户籍地址",
		Description: "义务教育入学资格审核中，部分学生户籍地址仍为区划调整前的村名，与实际不符。", SampleRef: "学籍号 G320507201903150021", Ago: 2},
	{Reporter: uMedicare, Provider: uHR, Entry: "社会保险参保信息", Kind: domain.FbInconsistent,
		Description: "部分人员社保已停保，但共享数据仍显示参保中，影响城乡居民医保参保比对。", SampleRef: "比对批次 YB-2026-11-03", Ago: 3},
	// Overdue: never acknowledged, or acknowledged and then silent.
	{Reporter: uApproval, Provider: uMarket, Entry: "经营异常名录信息", Kind: domain.FbOutdated, Item: "法定代表人",
		Description: "企业已办理法定代表人变更登记，共享数据仍为原法定代表人，导致企业开办“一件事”办理时身份核验失败。", SampleRef: "办件编号 XC2026102900317", Ago: 16},
	{Reporter: uCivil, Provider: uHealth, Entry: "出生医学证明信息", Kind: domain.FbMissing,
		Description: "10月份部分新生儿出生医学证明信息未推送至共享平台，新生儿出生“一件事”无法自动获取。", SampleRef: "出生医学证明编号 S320123456", Ago: 14, Steps: fbSteps(fbAck)},
	{Reporter: uData, Provider: uLand, Entry: "不动产登记信息", Kind: domain.FbInconsistent, Item: "地址",
		Description: "部分不动产坐落地址仍为区划调整前的村名，与地名地址库不一致。", SampleRef: "不动产单元号 320507001001GB00123F0001", Ago: 12, Steps: fbSteps(fbAck)},
	// Against base libraries, routed to their authoritative providers.
	{Reporter: uApproval, Provider: uMarket, Library: domain.LibLegalPerson, Kind: domain.FbOutdated, Item: "法定代表人",
		Description: "法人库中部分企业的法定代表人未随变更登记更新，“一照通办”自动填表带出原法定代表人。", SampleRef: "统一社会信用代码 91320507MA2XXXXX3Q", Ago: 4, Steps: fbSteps(fbAck)},
	{Reporter: uHousing, Provider: uLand, Library: domain.LibGeo, Kind: domain.FbInconsistent, Item: "门牌地址",
		Description: "空间地理库门牌地址与公安标准地址不一致，保障房选址落图偏移。", Ago: 26, AnswerAfter: 5,
		Steps: fbSteps(fbAck, fbFix("已与标准地址库对齐，更新门牌地址1 208条。"), fbOK)},
	// Acknowledged, within the deadline.
	{Reporter: uTax, Provider: uCivil, Entry: "社会组织登记信息", Kind: domain.FbInconsistent, Item: "登记状态",
		Description: "部分社会组织已注销，共享数据登记状态仍为正常，影响税务注销联办。", SampleRef: "比对清单 2026-11-20 第12行", Ago: 3, Steps: fbSteps(fbAck)},
	{Reporter: uHealth, Provider: uEdu, Entry: "学校基本信息", Kind: domain.FbMissing, Item: "法定代表人",
		Description: "学校卫生工作联系时发现多所学校法定代表人（校长）为空。", Ago: 2, Steps: fbSteps(fbAck)},
	// Fixed, waiting for the reporter.
	{Reporter: uHousing, Provider: uPolice, Entry: "流动人口居住登记信息", Kind: domain.FbOutdated, Item: "登记日期",
		Description: "出租房屋核查中发现部分居住登记的登记日期早于房屋建成时间。", SampleRef: "房屋编号 FW-0507-33910", Ago: 9, AnswerAfter: 4,
		Steps: fbSteps(fbAck, fbFix("已核查并更正31条录入错误的登记日期，11月21日起的增量数据已同步。"))},
	{Reporter: uEdu, Provider: uHealth, Entry: "医疗机构执业许可信息", Kind: domain.FbMissing, Item: "持证主体",
		Description: "校医院执业许可信息持证主体为空，学校卫生室备案时无法关联。", Ago: 6, AnswerAfter: 2,
		Steps: fbSteps(fbAck, fbFix("已补充上传校医院执业许可证电子证照。"))},
	// Disputed, waiting for the reporter.
	{Reporter: uStatistic, Provider: uCivil, Entry: "低保对象信息", Kind: domain.FbInconsistent,
		Description: "低保对象数量与乡镇上报的统计数不一致，相差约120户。", Ago: 8, AnswerAfter: 3,
		Steps: fbSteps(fbAck, fbDispute("低保对象信息按户籍地统计，乡镇上报数含居住地在本乡镇的外区户籍人员，口径不同，数据无误。"))},
	// Closed after a fix.
	{Reporter: uHealth, Provider: uMarket, Entry: "药品零售企业信息", Kind: domain.FbOutdated, Item: "注册地址",
		Description: "部分药店已搬迁，注册地址仍为旧址，慢病用药配送无法定位。", SampleRef: "统一社会信用代码 92320507MA1XXXXX0K", Ago: 30, AnswerAfter: 3,
		Steps: fbSteps(fbAck, fbFix("已按变更登记更新注册地址，共23条。"), fbOK)},
	{Reporter: uApproval, Provider: uPolice, Entry: "驾驶人信息", Kind: domain.FbMissing, Item: "民族",
		Description: "部分驾驶人民族字段为空，政务服务网自动填表缺项。", SampleRef: "办件编号 XC2026092100045", Ago: 45, AnswerAfter: 2,
		Steps: fbSteps(fbAck, fbFix("历史数据补录完成，民族字段空值已清零。"), fbOK)},
	{Reporter: uMedicare, Provider: uCivil, Entry: "特困人员供养信息", Kind: domain.FbOutdated,
		Description: "已死亡的特困人员仍在供养名单中，医疗救助比对出现异常。", Ago: 40, AnswerAfter: 5,
		Steps: fbSteps(fbAck, fbFix("已与殡葬数据比对并停止供养9人。"), fbOK)},
	{Reporter: uEdu, Provider: uApproval, Entry: "电子证照目录信息", Kind: domain.FbInconsistent, Item: "持证主体",
		Description: "职业院校学生证书持证主体姓名含生僻字显示为问号。", Ago: 35, AnswerAfter: 9,
		Steps: fbSteps(fbAck, fbFix("已统一改为 GB 18030 编码重新推送。"), fbOK)}, // answered after its deadline
	// Closed after a dispute the reporter accepted.
	{Reporter: uData, Provider: uTax, Entry: "纳税人登记信息", Kind: domain.FbOther, Item: "经营范围",
		Description: "经营范围字段长度超过2000字符被截断。", Ago: 28, AnswerAfter: 4,
		Steps: fbSteps(fbAck, fbDispute("源库中经营范围均在2000字以内，截断发生在交换平台，请数据局排查交换配置。"), fbOK)},
	// Reopened: the fix did not hold; back with the provider.
	{Reporter: uHealth, Provider: uPolice, Entry: "居民身份证办理信息", Kind: domain.FbOutdated,
		Description: "身份证已换领，共享数据仍显示旧证有效，预约挂号实名核验失败。", SampleRef: "核验日志 2026-10-30 10:21:07", Ago: 20, AnswerAfter: 3,
		Steps: fbSteps(fbAck, fbFix("已修正换领状态同步规则。"), fbReopen("11月份新换领的证件仍未同步，问题依旧。"))},
	{Reporter: uTax, Provider: uLand, Entry: "不动产登记信息", Kind: domain.FbMissing,
		Description: "存量房交易计税时部分不动产面积为空。", Ago: 25, AnswerAfter: 4,
		Steps: fbSteps(fbAck, fbDispute("面积为空的均为在建工程抵押登记，无面积属正常。"), fbReopen("清单中有12条为已竣工商品房，并非在建工程，请核实。"), fbAck)},
	// Closed after a reopening and a second fix.
	{Reporter: uCivil, Provider: uEdu, Entry: "在校学生学籍信息", Kind: domain.FbInconsistent,
		Description: "学籍信息与低保家庭学生名单比对，存在在读学生学籍缺失。", Ago: 50, AnswerAfter: 4,
		Steps: fbSteps(fbAck, fbFix("已补录。"), fbReopen("仍有5名低保家庭学生未纳入。"), fbAck, fbFix("已逐一核实并补录5人。"), fbOK)},
	{Reporter: uStatistic, Provider: uHealth, Entry: "医师执业注册信息", Kind: domain.FbOther,
		Description: "执业地点字段包含多个机构时以分号分隔，统计口径难以解析。", Ago: 22, AnswerAfter: 6,
		Steps: fbSteps(fbAck, fbDispute("多点执业按规定以主执业机构为准，其余为备案信息，字段格式保持不变。"), fbOK)},
}

// LoadFeedback files the demo cases through the use cases, replays their steps, then dates
// them back to when the story says they happened, and runs the escalation sweep once.
func LoadFeedback(ctx context.Context, svc *app.Service, unitIDs map[string]int64) error {
	g, _, err := svc.Governance(ctx)
	if err != nil {
		return err
	}
	now := svc.Now()
	today := domain.Day(now.In(i18n.Zone))
	for i, fs := range FeedbackCases {
		rep, prov := unitIDs[fs.Reporter], unitIDs[fs.Provider]
		if rep == 0 || prov == 0 {
			return fmt.Errorf("demo: feedback %d: unit %s or %s unknown", i+1, fs.Reporter, fs.Provider)
		}
		f := &domain.Feedback{ReporterUnitID: rep, Library: fs.Library, Kind: fs.Kind, DataItem: fs.Item, Description: fs.Description, SampleRef: fs.SampleRef}
		if fs.Library == "" {
			if f.EntryID, err = svc.DB().Read().CatalogIDByName(ctx, prov, fs.Entry); err != nil {
				return fmt.Errorf("demo: feedback %d: entry %q: %w", i+1, fs.Entry, err)
			}
		}
		if err := svc.CreateFeedback(ctx, unitHead(rep, fs.Reporter), f); err != nil {
			return fmt.Errorf("demo: feedback %d (%s%s): %w", i+1, fs.Entry, fs.Library, err)
		}
		if f.ProviderUnitID != prov {
			return fmt.Errorf("demo: feedback %d (%s%s) went to unit %d, not %s", i+1, fs.Entry, fs.Library, f.ProviderUnitID, fs.Provider)
		}
		for _, st := range fs.Steps {
			who := unitHead(prov, fs.Provider)
			if !st.Action.ByProvider() {
				who = unitHead(rep, fs.Reporter)
			}
			next, err := svc.TransitionFeedback(ctx, who, f.ID, app.FeedbackStep{Version: f.Version, Action: st.Action, Note: st.Note})
			if err != nil {
				return fmt.Errorf("demo: feedback %d (%s): %s: %w", i+1, fs.Entry, st.Action, err)
			}
			f = next
		}
		reported := now.AddDate(0, 0, -fs.Ago)
		due := f.DueDate
		if f.Reopens == 0 {
			due = g.AddWorkdays(domain.Day(reported.In(i18n.Zone)), g.FeedbackReplyDays)
		}
		var answered time.Time
		if !f.AnsweredAt.IsZero() {
			answered = reported.AddDate(0, 0, fs.AnswerAfter)
		}
		late := (!answered.IsZero() && domain.Day(answered.In(i18n.Zone)).After(due)) || (f.Status.WithProvider() && today.After(due))
		err = svc.DB().InTx(ctx, func(tx *store.Tx) error { return tx.BackdateFeedback(ctx, f.ID, reported, answered, due, late) })
		if err != nil {
			return err
		}
	}
	_, err = svc.EscalateOverdueFeedback(ctx, now)
	return err
}
