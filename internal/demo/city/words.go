package city

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"archgov/internal/domain"
	"archgov/internal/search"
)

// The shapes of generated records, shared with the benchmarks of internal/bench (which built
// them first): a catalog document (name, summary, data items) shaped like a district catalog, a
// catalog entry around it, and a system with a name and purpose. Each is a pure function of its
// index, so two backends, or two runs, hold the same records.

var (
	places = []string{"", "", "", "", "元和街道", "黄桥街道", "太平街道", "北桥街道", "漕湖街道", "澄阳街道", "阳澄湖镇", "渭塘镇", "望亭镇", "黄埭镇", "高铁新城", "相城经济技术开发区"}
	// subjects by data-item group
	subjects = [][]string{
		{"户籍人口", "流动人口", "常住人口", "人口基础", "新生儿", "死亡人员", "婚姻登记", "残疾人", "老年人", "退役军人", "特困人员", "低保对象", "志愿者", "网格员", "外籍人员"},
		{"企业", "个体工商户", "法人", "纳税人", "社会组织", "农民专业合作社", "食品经营者", "药品经营企业", "建筑企业", "外资企业", "民办非企业单位"},
		{"不动产", "土地", "房屋", "国有建设用地", "农村宅基地", "商品房预售", "房屋租赁", "物业服务"},
		{"学校", "幼儿园", "学生", "教师", "校外培训机构", "招生", "学籍", "职业培训"},
		{"医疗机构", "医师", "护士", "疫苗接种", "传染病", "母婴保健", "药品", "医疗器械", "养老机构"},
		{"社保", "医保", "公积金", "就业", "失业保险", "工伤保险", "最低工资", "劳动合同"},
		{"机动车", "驾驶人", "公交线路", "道路", "停车场", "交通违法", "充电桩", "出租汽车"},
		{"环境监测", "排污许可", "水质", "空气质量", "河道", "危险废物", "噪声", "气象"},
		{"行政处罚", "行政许可", "行政检查", "信访", "法律援助", "公证", "失信被执行人", "安全生产"},
	}
	aspects = []string{"基本信息", "登记信息", "变更信息", "注销信息", "许可信息", "备案信息", "检查信息", "处罚信息", "统计信息", "名录",
		"资格信息", "缴费信息", "补贴发放信息", "年报信息", "评价信息", "监测数据", "台账", "档案信息", "申请信息", "审批结果"}
	cycles = []string{"实时", "每日", "每月", "每季度", "每年"}
	items  = [][]string{
		{"姓名", "性别", "公民身份号码", "出生日期", "民族", "户籍地址", "现住址", "联系电话", "家庭人口数", "婚姻状况", "文化程度", "户号", "与户主关系"},
		{"统一社会信用代码", "企业名称", "法定代表人", "注册资本", "成立日期", "经营范围", "登记机关", "住所", "企业类型", "经营状态", "核准日期"},
		{"不动产单元号", "权利人", "坐落", "面积", "用途", "权利性质", "登记时间", "不动产权证号", "共有情况", "宗地代码"},
		{"学校名称", "学段", "在校学生数", "教职工数", "办学性质", "学籍号", "入学年份", "班级", "校区地址", "举办者"},
		{"医疗机构名称", "床位数", "执业范围", "执业医师数", "诊疗科目", "接种日期", "疫苗名称", "批准文号", "生产企业", "有效期"},
		{"参保状态", "缴费基数", "缴费月份", "险种", "参保单位", "个人账户余额", "待遇类别", "发放金额", "保障金额", "申领日期"},
		{"车牌号码", "车辆类型", "驾驶证号", "准驾车型", "违法时间", "违法地点", "线路编号", "泊位数", "车辆识别代号", "处理状态"},
		{"监测点位", "监测时间", "监测项目", "监测值", "排放口编号", "许可证编号", "污染物种类", "河道名称", "水质类别", "超标倍数"},
		{"案件编号", "当事人", "违法事实", "处罚依据", "处罚决定书文号", "处罚金额", "决定日期", "检查日期", "检查结果", "办理状态"},
	}
	common = []string{"数据更新时间", "数据来源单位", "行政区划代码", "备注", "记录标识", "有效标志", "创建时间", "信息来源系统"}

	sysSubjects = []string{"人口", "企业", "不动产", "学籍", "医疗", "社保", "公交", "环境", "执法", "养老", "救助", "党建", "信用", "审批", "档案", "应急",
		"河道", "停车", "文旅", "农业", "税务", "统计", "审计", "采购", "招投标", "消防", "燃气", "电梯", "物业", "就业"}
	sysAspects  = []string{"登记", "监管", "服务", "监测", "调度", "审批", "统计分析", "预警", "查询", "办理", "考核", "巡查"}
	sysSuffixes = []string{"系统", "平台", "管理系统", "服务平台", "信息系统", "综合平台"}
	sysVerbs    = []string{"受理", "审核", "汇聚", "共享", "采集", "上报", "派单", "处置", "发布", "归档", "核查", "统计"}

	updateCycles = []domain.UpdateCycle{domain.CycleRealtime, domain.CycleDaily, domain.CycleWeekly, domain.CycleMonthly, domain.CycleQuarterly,
		domain.CycleHalfYear, domain.CycleYearly, domain.CycleOnDemand}
	draftStatuses = []domain.CatalogStatus{domain.CatPrecompiled, domain.CatSubmitted, domain.CatRegistered, domain.CatWithdrawn}
)

// Places are the district's towns and streets as a catalog name may start with them ("" for
// none, four times in sixteen).
func Places() []string { return places }

// CatalogDoc is catalog document i: a provider among 60 (unit is 1–60), whether it is public
// (published, eight in ten), and its index fields (search.FieldName, FieldSummary, FieldItems:
// ten data items, six of its subject's group and four common ones). One name in 10,000 is the
// rare 阳澄湖大闸蟹养殖….
func CatalogDoc(i int) (unit int64, public bool, fields map[string]string) {
	r := rand.New(rand.NewPCG(uint64(i), 7))
	g := r.IntN(len(subjects))
	subject := subjects[g][r.IntN(len(subjects[g]))]
	aspect := aspects[r.IntN(len(aspects))]
	place := places[r.IntN(len(places))]
	name := place + subject + aspect
	if i%10000 == 4321 {
		name = "阳澄湖大闸蟹养殖" + aspect // the rare term: 20 of 200,000
	}
	summary := "汇聚" + cmpOr(place, "全区") + subject + aspect + "，" + cycles[r.IntN(len(cycles))] + "更新"
	its := make([]string, 0, 10)
	for _, k := range r.Perm(len(items[g]))[:6] {
		its = append(its, items[g][k])
	}
	for _, k := range r.Perm(len(common))[:4] {
		its = append(its, common[k])
	}
	return int64(1 + r.IntN(60)), r.IntN(10) < 8, map[string]string{
		search.FieldName: name, search.FieldSummary: summary, search.FieldItems: strings.Join(its, "\n")}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// CatalogEntry is entry i: CatalogDoc's name, summary and items, a provider among units
// (CatalogDoc's unit modulo len(units)), a classification by subject group, a sharing type
// (four in ten unconditional, five conditional, one not shared, each with what the catalog
// rules ask of it), an update cycle and a state: public documents are published on day with
// revision 1, the others pre-compiled, submitted, registered or withdrawn.
func CatalogEntry(i int, units []int64, day time.Time) *domain.CatalogEntry {
	unit, public, f := CatalogDoc(i)
	r := rand.New(rand.NewPCG(uint64(i), 11))
	g := 0
	for k, subs := range subjects {
		for _, s := range subs {
			if strings.Contains(f[search.FieldName], s) {
				g = k
			}
		}
	}
	name, summary := f[search.FieldName], f[search.FieldSummary]
	if g == 2 && i%7 == 0 { // some Latin words for the Latin prefix query
		name = "GIS" + name
	}
	c := &domain.CatalogEntry{Class: "3", Item: fmt.Sprintf("%02d", 20+g), Catalog: fmt.Sprintf("%03d", 1+r.IntN(9)), Name: name,
		ProviderUnitID: units[int(unit)%len(units)], Summary: summary, Format: domain.FormatDatabase, UpdateCycle: updateCycles[r.IntN(len(updateCycles))],
		Status: domain.CatPublished, Revision: 1, PublishDate: day}
	switch r.IntN(10) {
	case 0, 1, 2, 3:
		c.ShareType, c.ShareChannel, c.ShareForm, c.Open = domain.ShareUnconditional, domain.ChannelPlatform, domain.FormAPI, r.IntN(3) == 0
	case 4, 5, 6, 7, 8:
		c.ShareType, c.ShareCondition, c.ShareChannel, c.ShareForm = domain.ShareConditional, "仅限依法履职使用", domain.ChannelPlatform, domain.FormTable
	default:
		c.ShareType, c.ShareCondition, c.ShareBasis = domain.ShareNone, "不予共享", "《中华人民共和国保守国家秘密法》"
	}
	if !public {
		c.Status, c.Revision, c.PublishDate = draftStatuses[r.IntN(len(draftStatuses))], 0, time.Time{}
	}
	for k, n := range strings.Split(f[search.FieldItems], "\n") {
		c.Items = append(c.Items, domain.DataItem{Name: n, Column: "c" + strconv.Itoa(k), Type: domain.ItemChar, Length: 64, Nullable: k > 0, PrimaryKey: k == 0})
	}
	return c
}

// System is synthetic system i of unit, coded BENCH-NNNNN: a place, a subject and an aspect in
// its name, a purpose sentence of them, running on the government cloud on the extranet; one
// in twenty classified (no purpose, category, hosting or network), one in twenty idle.
func System(i int, unit int64) *domain.System {
	r := rand.New(rand.NewPCG(uint64(i), 13))
	place := places[r.IntN(len(places))]
	subj, aspect := sysSubjects[r.IntN(len(sysSubjects))], sysAspects[r.IntN(len(sysAspects))]
	name := fmt.Sprintf("%s%s%s%s%d", place, subj, aspect, sysSuffixes[r.IntN(len(sysSuffixes))], i)
	purpose := fmt.Sprintf("%s%s信息%s、%s和%s，%s%s数据%s", cmpOr(place, "全区"), subj, sysVerbs[r.IntN(len(sysVerbs))],
		sysVerbs[r.IntN(len(sysVerbs))], sysVerbs[r.IntN(len(sysVerbs))], subj, aspect, sysVerbs[r.IntN(len(sysVerbs))])
	s := &domain.System{Code: fmt.Sprintf("BENCH-%05d", i), Name: name, UnitID: unit, Purpose: purpose, Category: domain.CategoryBusiness,
		Classification: domain.Unclassified, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet, Status: domain.StatusRunning}
	switch i % 20 {
	case 0:
		s.Classification, s.Purpose, s.Category, s.Hosting, s.Network = domain.Classified, "", "", "", ""
	case 1:
		s.Status = domain.StatusIdle
	}
	return s
}

// Component is synthetic published component i of unit: a subject and an aspect in its name,
// two function points.
func Component(i int, unit int64) *domain.Component {
	r := rand.New(rand.NewPCG(uint64(i), 17))
	subj := sysSubjects[r.IntN(len(sysSubjects))]
	return &domain.Component{Name: fmt.Sprintf("%s%s组件%d", subj, sysAspects[r.IntN(len(sysAspects))], i),
		Kind: domain.CompOther, UnitID: unit, Summary: subj + "数据" + sysVerbs[r.IntN(len(sysVerbs))] + "服务",
		Functions: []string{subj + "数据" + sysVerbs[r.IntN(len(sysVerbs))], subj + "接口" + sysVerbs[r.IntN(len(sysVerbs))]},
		Access:    "向区信息办申请", Status: domain.CompPublished}
}
