package demo

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

func init() {
	loaders = append(loaders, loader{order: 60, name: "catalog", load: LoadCatalog})
}

// The demo catalog (SHR-P3) is generated from seed tables: each bureau's resources, the same
// set of local resources for every street, town and zone, and data-item groups the entries
// take their items from. About 400 entries; most are published, some are still on their way
// (pre-compiled, submitted, registered, one returned now and then), a few withdrawn or revised.

// CatalogBureauSeeds lists each bureau's resources as "名称|分类|items|共享|周期|基础库":
// 分类 is a full classification code (101001: 基础 · 人口 · 001) or "3" for the unit's own
// department catalog (部门, 项 from the unit code); 共享 u/c/n = 无条件/有条件/不予共享.
var CatalogBureauSeeds = map[string][]string{
	"320507101": {"区政府常务会议纪要目录|3|stat|c|m|", "政府信息公开目录|3|stat|u|w|", "区政府规范性文件信息|3|license|u|od|", "政务督查事项信息|3|event|c|w|", "人大建议政协提案办理信息|3|service|u|y|", "区长信箱来信信息|3|event|n|d|", "重大行政决策事项信息|3|event|u|od|", "区政府领导分工信息|3|stat|u|od|"},
	"320507102": {"区委文件目录|3|stat|n|od|", "党员基本信息|3|person|n|m|", "基层党组织信息|3|org|c|q|", "督查督办事项信息|3|event|c|w|", "机要文件交换登记信息|3|service|n|d|", "党建阵地点位信息|3|place|u|h|", "区委会议纪要信息|3|stat|n|m|", "党代表信息|3|person|c|y|"},
	"320507103": {"政府投资项目信息|3|service|c|m|", "重大项目库信息|3|service|u|m|", "价格监测信息|3|stat|u|w|", "企业投资项目备案信息|3|license|u|d|", "节能审查信息|3|license|c|od|", "社会信用红黑名单信息|104001|org|u|d|credit", "公共信用评价信息|104002|org|c|m|credit", "粮食储备信息|3|stat|c|q|"},
	"320507104": {"工业企业基本信息|3|org|c|m|", "规上工业企业运行指标|3|stat|u|m|", "电子政务外网接入单位信息|3|org|c|q|", "信息化项目建设信息|3|service|c|m|", "政务信息系统目录|3|service|c|q|", "智能制造示范企业信息|3|org|u|y|", "工业用地绩效评价信息|3|place|c|y|", "无线电台站信息|3|place|n|q|"},
	"320507105": {"学校基本信息|3|org|u|y|", "在校学生学籍信息|3|person|c|m|", "教职工信息|3|person|c|m|", "义务教育招生入学信息|3|service|c|y|", "学前教育机构信息|3|org|u|h|", "校外培训机构信息|3|org|u|q|", "学生资助信息|3|person|n|h|", "教师资格认定信息|105001|license|c|od|license"},
	"320507106": {"户籍人口基本信息|101001|person|c|d|population", "流动人口居住登记信息|101002|person|c|d|population", "居民身份证办理信息|101003|person|c|d|population", "机动车登记信息|3|vehicle|c|d|", "驾驶人信息|3|person|c|d|", "出入境证件办理信息|3|service|c|d|", "治安案件统计信息|3|stat|u|m|", "公安视频监控点位信息|3|place|n|q|"},
	"320507107": {"低保对象信息|201001|person|c|m|", "特困人员供养信息|201002|person|c|m|", "婚姻登记信息|101004|person|c|d|population", "社会组织登记信息|102003|org|u|d|legal_person", "养老机构信息|3|org|u|q|", "殡葬服务信息|3|service|n|d|", "残疾人两项补贴信息|201003|person|c|m|", "区划地名信息|103003|place|u|y|geo"},
	"320507108": {"律师事务所信息|3|org|u|q|", "人民调解案件信息|3|event|c|m|", "社区矫正对象信息|3|person|n|d|", "法律援助案件信息|3|service|c|m|", "公证机构信息|3|org|u|y|", "行政执法人员信息|3|person|u|q|", "普法宣传阵地信息|3|place|u|h|", "行政复议案件信息|3|event|c|m|"},
	"320507109": {"财政预算信息|3|stat|u|y|", "财政决算信息|3|stat|u|y|", "政府采购项目信息|3|service|u|d|", "非税收入票据信息|3|service|c|d|", "行政事业单位国有资产信息|3|place|c|y|", "政府债务信息|3|stat|n|q|", "惠民惠农补贴发放信息|3|person|c|m|", "财政专项资金信息|3|stat|c|q|"},
	"320507110": {"社会保险参保信息|202001|person|c|m|", "养老保险待遇发放信息|202002|person|c|m|", "就业登记信息|202003|person|c|d|", "失业登记信息|202004|person|c|d|", "人力资源服务机构信息|3|org|u|q|", "职业技能等级证书信息|105002|license|u|d|license", "劳动保障监察案件信息|3|event|c|m|", "事业单位招聘信息|3|service|u|od|"},
	"320507111": {"不动产登记信息|103001|place|c|d|geo", "国土空间规划信息|103002|place|c|y|geo", "建设用地审批信息|3|license|u|od|", "土地供应信息|3|place|u|m|", "地质灾害隐患点信息|3|place|u|h|", "基本农田保护信息|3|place|c|y|", "测绘成果信息|103004|place|n|y|geo", "建设工程规划许可信息|105003|license|u|d|license"},
	"320507112": {"排污许可信息|105004|license|u|d|license", "环境质量监测信息|3|stat|u|d|", "重点排污单位信息|3|org|u|q|", "环境行政处罚信息|104003|event|u|d|credit", "建设项目环评审批信息|3|license|u|od|", "环境信访投诉信息|3|event|c|d|", "危险废物经营单位信息|3|org|u|q|", "饮用水源地信息|3|place|c|y|"},
	"320507113": {"建筑业企业资质信息|3|org|u|m|", "商品房预售许可信息|105005|license|u|d|license", "房屋租赁登记备案信息|3|place|c|d|", "物业服务企业信息|3|org|u|q|", "建设工程施工许可信息|3|license|u|d|", "住房保障对象信息|3|person|n|m|", "既有建筑安全排查信息|3|place|c|q|", "建筑工地扬尘监测信息|3|stat|u|rt|"},
	"320507114": {"道路运输经营许可信息|105006|license|u|d|license", "公交线路站点信息|3|place|u|m|", "出租汽车驾驶员信息|3|person|c|m|", "营运车辆信息|3|vehicle|c|d|", "农村公路信息|3|place|u|y|", "交通工程建设项目信息|3|service|u|m|", "公共自行车站点信息|3|place|u|w|", "交通运输行政处罚信息|3|event|u|d|"},
	"320507115": {"河道信息|3|place|u|y|", "水文监测信息|3|stat|u|rt|", "取水许可信息|3|license|u|od|", "防汛物资储备信息|3|stat|c|q|", "排水许可信息|3|license|u|d|", "河长制巡河信息|3|event|c|d|", "水利工程信息|3|place|u|y|", "供水水质信息|3|stat|u|m|"},
	"320507116": {"农业经营主体信息|3|org|u|q|", "家庭农场信息|3|org|u|q|", "耕地地力信息|3|place|c|y|", "动物防疫信息|3|stat|c|m|", "农产品质量安全检测信息|3|stat|u|w|", "农村土地承包经营权信息|3|place|c|y|", "农机购置补贴信息|3|person|c|h|", "渔业船舶信息|3|vehicle|c|y|"},
	"320507117": {"外商投资企业信息|3|org|u|m|", "对外贸易经营者备案信息|3|org|u|d|", "商贸流通企业信息|3|org|u|q|", "单用途预付卡备案信息|3|license|u|m|", "成品油零售许可信息|3|license|u|od|", "重点商贸企业运行信息|3|stat|c|m|", "家政服务机构信息|3|org|u|q|", "商业网点规划信息|3|place|u|y|"},
	"320507118": {"文物保护单位信息|3|place|u|y|", "公共文化设施信息|3|place|u|h|", "旅游景区信息|3|place|u|q|", "旅行社信息|3|org|u|q|", "文化市场经营许可信息|3|license|u|d|", "体育场馆信息|3|place|u|h|", "非物质文化遗产信息|3|stat|u|y|", "文化市场行政处罚信息|3|event|u|d|"},
	"320507119": {"医疗机构执业许可信息|105007|license|u|d|license", "医师执业注册信息|3|person|c|d|", "出生医学证明信息|101005|person|c|d|population", "预防接种信息|3|person|n|d|", "居民电子健康档案信息|3|person|n|d|", "传染病报告信息|3|event|n|rt|", "护士执业注册信息|3|person|c|d|", "公共场所卫生许可信息|3|license|u|d|"},
	"320507120": {"退役军人基本信息|3|person|c|m|", "优抚对象信息|3|person|n|m|", "退役军人服务站信息|3|place|u|q|", "军休干部信息|3|person|n|y|", "烈士纪念设施信息|3|place|u|y|", "退役军人就业创业信息|3|service|c|m|", "光荣牌悬挂信息|3|person|c|y|", "双拥模范单位信息|3|org|u|y|"},
	"320507121": {"安全生产许可信息|3|license|u|d|", "危险化学品企业信息|3|org|c|q|", "应急避难场所信息|3|place|u|h|", "安全生产行政处罚信息|104004|event|u|d|credit", "应急救援队伍信息|3|org|c|q|", "生产安全事故信息|3|event|c|od|", "自然灾害灾情信息|3|stat|u|od|", "应急物资储备点信息|3|place|c|q|"},
	"320507122": {"审计项目计划信息|3|service|u|y|", "审计整改信息|3|event|c|q|", "经济责任审计信息|3|service|n|y|", "审计发现问题信息|3|event|n|q|", "政府投资审计信息|3|service|c|y|", "审计结果公告信息|3|stat|u|od|", "内部审计机构信息|3|org|u|y|", "审计人员信息|3|person|c|y|"},
	"320507123": {"企业登记信息|102001|org|u|d|legal_person", "个体工商户登记信息|102002|org|u|d|legal_person", "食品经营许可信息|105008|license|u|d|license", "行政处罚信息|104005|event|u|d|credit", "经营异常名录信息|104006|org|u|d|credit", "特种设备信息|3|place|c|m|", "药品零售企业信息|3|org|u|q|", "消费投诉举报信息|3|event|c|d|"},
	"320507124": {"国民经济主要指标|3|stat|u|m|", "统计年鉴信息|3|stat|u|y|", "常住人口统计信息|3|stat|u|y|", "名录库企业信息|3|org|c|q|", "居民收支调查信息|3|stat|u|q|", "规上服务业统计信息|3|stat|u|m|", "农业统计信息|3|stat|u|q|", "经济普查信息|3|stat|c|od|"},
	"320507125": {"医保参保信息|202005|person|c|m|", "医保定点医药机构信息|3|org|u|q|", "医疗费用结算信息|3|service|n|d|", "医保目录信息|3|stat|u|q|", "医疗救助信息|201004|person|c|m|", "长期护理保险信息|3|person|c|m|", "医保基金监管信息|3|event|c|m|", "门诊慢特病认定信息|3|person|n|m|"},
	"320507126": {"政务服务事项目录|3|stat|u|m|", "政务服务办件信息|3|service|c|rt|", "电子证照目录信息|105009|license|c|d|license", "好差评信息|3|event|u|d|", "投资项目在线审批信息|3|service|u|d|", "一件事套餐信息|3|stat|u|od|", "12345热线工单信息|3|event|c|rt|", "帮办代办信息|3|service|c|d|"},
	"320507127": {"城市管理案件信息|3|event|c|rt|", "户外广告设置许可信息|3|license|u|d|", "市政道路设施信息|3|place|u|y|", "路灯设施信息|3|place|u|q|", "环卫作业信息|3|stat|c|d|", "渣土运输车辆信息|3|vehicle|c|m|", "垃圾分类设施信息|3|place|u|q|", "城市管理行政处罚信息|3|event|u|d|"},
	"320507128": {"公共数据资源目录|3|stat|u|w|", "数据共享申请信息|3|service|c|d|", "数据质量问题信息|3|event|c|d|", "法人综合库信息|102004|org|c|d|legal_person", "人口综合库信息|101006|person|c|d|population", "城市运行指标信息|3|stat|u|rt|", "政务数据开放目录|3|stat|u|m|", "信用主体画像信息|104007|org|n|m|credit"},
	"320507129": {"纳税人登记信息|102005|org|c|d|legal_person", "纳税信用等级信息|104008|org|u|y|credit", "重大税收违法案件信息|104009|event|u|m|credit", "发票领用信息|3|service|n|d|", "税收收入统计信息|3|stat|c|m|", "社保费征收信息|3|stat|n|m|", "出口退税信息|3|service|n|m|", "欠税公告信息|3|org|u|q|"},
}

// CatalogLocalSeeds are every street's, town's and zone's own resources; {u} is its name.
var CatalogLocalSeeds = []string{
	"{u}常住人口统计信息|3|stat|u|y|", "{u}网格员信息|3|person|c|q|", "{u}网格化事件信息|3|event|c|rt|", "{u}重点人群关爱信息|3|person|n|m|",
	"{u}出租房屋信息|3|place|c|m|", "{u}企业走访信息|3|org|c|m|", "{u}为民服务事项信息|3|service|u|od|", "{u}安全生产检查信息|3|event|c|w|",
	"{u}垃圾分类点位信息|3|place|u|q|", "{u}老年人口信息|3|person|n|m|", "{u}公共服务设施信息|3|place|u|h|",
}

// catalogItem is "名称:字段名:类型:长度:flags" with flags p (primary key), s (sensitive),
// x (classified), n (not null).
var catalogItemGroups = map[string][]string{
	"person":  {"公民身份号码:gmsfhm:char:18:ps", "姓名:xm:char:50:n", "性别:xb:char:1:", "出生日期:csrq:date::", "民族:mz:char:2:", "户籍地址:hjdz:char:200:s", "联系电话:lxdh:char:20:s", "登记日期:djrq:date::n", "办理机关:bljg:char:100:", "状态:zt:char:2:", "更新时间:gxsj:datetime::n", "备注:bz:char:500:"},
	"org":     {"统一社会信用代码:tyshxydm:char:18:p", "单位名称:dwmc:char:200:n", "法定代表人:fddbr:char:50:", "注册地址:zcdz:char:200:", "成立日期:clrq:date::", "登记机关:djjg:char:100:", "经营范围:jyfw:char:2000:", "注册资本:zczb:number:18:", "登记状态:djzt:char:2:", "行业代码:hydm:char:4:", "联系电话:lxdh:char:20:s", "更新时间:gxsj:datetime::n"},
	"place":   {"编号:bh:char:32:p", "名称:mc:char:200:n", "地址:dz:char:200:", "所属街道:ssjd:char:100:", "经度:jd:number:12:", "纬度:wd:number:12:", "面积:mj:number:12:", "权利人:qlr:char:100:s", "登记日期:djrq:date::", "状态:zt:char:2:", "现场照片:xczp:binary::", "更新时间:gxsj:datetime::n"},
	"event":   {"事件编号:sjbh:char:32:p", "事件类型:sjlx:char:50:n", "发生时间:fssj:datetime::n", "发生地点:fsdd:char:200:", "事件描述:sjms:char:2000:", "上报人:sbr:char:50:s", "处置单位:czdw:char:100:", "处置状态:czzt:char:2:", "办结时间:bjsj:datetime::", "满意度:myd:number:3:", "附件:fj:binary::", "更新时间:gxsj:datetime::n"},
	"stat":    {"统计期:tjq:char:7:p", "统计区域代码:tjqydm:char:12:n", "指标名称:zbmc:char:100:n", "指标值:zbz:number:18:", "计量单位:jldw:char:20:", "数据来源:sjly:char:100:", "发布日期:fbrq:date::", "是否初步数:sfcbs:bool::", "备注:bz:char:500:"},
	"vehicle": {"号牌号码:hphm:char:15:p", "号牌种类:hpzl:char:2:n", "车辆类型:cllx:char:3:", "车辆品牌:clpp:char:50:", "车身颜色:csys:char:5:", "所有人:syr:char:100:s", "初次登记日期:ccdjrq:date::", "检验有效期止:yxqz:date::", "机动车状态:jdczt:char:2:", "更新时间:gxsj:datetime::n"},
	"service": {"办件编号:bjbh:char:40:p", "事项名称:sxmc:char:200:n", "申请人:sqr:char:100:", "申请人证件号码:sqrzjhm:char:30:s", "受理时间:slsj:datetime::n", "办结时间:bjsj:datetime::", "办理结果:bljg:char:20:", "承办单位:cbdw:char:100:", "办理环节:blhj:char:50:", "评价结果:pjjg:char:10:"},
	"license": {"证照编号:zzbh:char:50:p", "证照名称:zzmc:char:100:n", "持证主体:czzt:char:200:n", "持证主体代码:czztdm:char:30:", "发证机关:fzjg:char:100:", "发证日期:fzrq:date::", "有效期起:yxqq:date::", "有效期止:yxqz:date::", "证照状态:zzzt:char:2:", "证照文件:zzwj:binary::"},
}

var catalogCycles = map[string]domain.UpdateCycle{"rt": domain.CycleRealtime, "d": domain.CycleDaily, "w": domain.CycleWeekly, "m": domain.CycleMonthly,
	"q": domain.CycleQuarterly, "h": domain.CycleHalfYear, "y": domain.CycleYearly, "od": domain.CycleOnDemand}

var catalogFormats = map[string]struct {
	f      domain.ResFormat
	detail string
	form   domain.ShareForm
}{
	"stat": {domain.FormatSheet, "xlsx", domain.FormFile}, "license": {domain.FormatFile, "OFD, pdf", domain.FormFile},
	"place": {domain.FormatDatabase, "空间数据库", domain.FormAPI},
}

// catalogEntrySeed turns one seed line into an entry of unit unitID; n is the entry's number
// (for spreading item counts and states) and pos its place within the unit (for 目).
func catalogEntrySeed(line, unitName, unitCode string, unitID int64, n, pos int) (*domain.CatalogEntry, string, error) {
	f := strings.Split(strings.ReplaceAll(line, "{u}", unitName), "|")
	if len(f) != 6 {
		return nil, "", fmt.Errorf("demo: catalog seed %q", line)
	}
	c := &domain.CatalogEntry{Name: f[0], ProviderUnitID: unitID, UpdateCycle: catalogCycles[f[4]], BaseLibrary: domain.BaseLibrary(f[5]),
		Format: domain.FormatDatabase, FormatDetail: "关系型数据库", ShareChannel: domain.ChannelPlatform, ShareForm: domain.FormAPI}
	if f[1] == "3" {
		// 部门: 项 from the unit (bureaus 01–29, streets and towns 51–61, zones 71–74), 目 its place.
		item := unitCode[len(unitCode)-2:]
		switch unitCode[6] {
		case '2':
			item = fmt.Sprintf("%02d", 50+int(unitCode[8]-'0')+10*int(unitCode[7]-'0'))
		case '3':
			item = fmt.Sprintf("%02d", 70+int(unitCode[8]-'0'))
		}
		c.Class, c.Item, c.Catalog = "3", item, fmt.Sprintf("%03d", pos+1)
	} else {
		c.Class, c.Item, c.Catalog = f[1][:1], f[1][1:3], f[1][3:]
	}
	if fm, ok := catalogFormats[f[2]]; ok {
		c.Format, c.FormatDetail, c.ShareForm = fm.f, fm.detail, fm.form
	}
	group := catalogItemGroups[f[2]]
	if group == nil {
		return nil, "", fmt.Errorf("demo: catalog seed %q: no item group %s", line, f[2])
	}
	count := 3 + (n*7)%(len(group)-2) // 3 … all of the group
	var names []string
	for _, it := range group[:count] {
		p := strings.Split(it, ":")
		d := domain.DataItem{Name: p[0], Column: p[1], Type: domain.ItemType(p[2]), PrimaryKey: strings.Contains(p[4], "p"),
			Sensitive: strings.Contains(p[4], "s"), Nullable: !strings.Contains(p[4], "p") && !strings.Contains(p[4], "n")}
		fmt.Sscan(p[3], &d.Length)
		names = append(names, d.Name)
		c.Items = append(c.Items, d)
	}
	switch f[3] {
	case "u":
		c.ShareType = domain.ShareUnconditional
		c.Open = f[2] == "stat" || f[2] == "license"
	case "c":
		c.ShareType, c.ShareCondition = domain.ShareConditional, "仅限政务部门依法履行职责使用，经"+unitName+"审核后通过共享平台获取"
		for i := range c.Items {
			if c.Items[i].Sensitive {
				c.Items[i].ShareType = domain.ShareNone // the sensitive items stay home
			}
		}
	case "n":
		c.ShareType, c.ShareChannel, c.ShareForm = domain.ShareNone, "", ""
		c.ShareCondition = "涉及个人隐私或工作秘密，不予共享"
		c.ShareBasis = "《中华人民共和国个人信息保护法》第十三条；《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第九条"
	}
	c.Summary = fmt.Sprintf("%s掌握的%s，包括%s等信息项。", unitName, strings.TrimSuffix(c.Name, "信息")+"信息", strings.Join(names[:min(4, len(names))], "、"))
	if lib, ok := baseLibraryFeeds[c.BaseLibrary]; ok {
		c.Summary += "汇入" + lib + "。" // SHR-P2: the base library it feeds
	}
	return c, f[2], nil
}

// baseLibraryFeeds names the base library (SHR-P2) an entry feeds, in its summary.
var baseLibraryFeeds = map[domain.BaseLibrary]string{
	domain.LibPopulation: "区人口基础信息库", domain.LibLegalPerson: "区法人单位基础信息库",
	domain.LibGeo: "区自然资源和空间地理基础信息库", domain.LibCredit: "区社会信用信息库", domain.LibLicense: "区电子证照库",
}

// LoadCatalog pre-compiles the demo entries and takes each through the lifecycle as far as
// its number says: most published, some on their way, a few withdrawn or revised.
func LoadCatalog(ctx context.Context, svc *app.Service, unitIDs map[string]int64) error {
	cli := app.SystemActor()
	names := map[string]string{}
	var locals []string
	for _, u := range Units {
		names[u.Code] = u.Name
		if u.Kind == "street" || u.Kind == "town" || u.Kind == "zone" {
			locals = append(locals, u.Code)
		}
	}
	type job struct {
		code string
		line string
		pos  int
	}
	var jobs []job
	bureaus := make([]string, 0, len(CatalogBureauSeeds))
	for code := range CatalogBureauSeeds {
		bureaus = append(bureaus, code)
	}
	slices.Sort(bureaus)
	for _, code := range bureaus {
		for i, l := range CatalogBureauSeeds[code] {
			jobs = append(jobs, job{code, l, i})
		}
	}
	for _, code := range locals {
		for i, l := range CatalogLocalSeeds {
			jobs = append(jobs, job{code, l, i})
		}
	}
	// One transaction per unit: the same use cases and audit records as one per step, without
	// two thousand commits slowing every test that loads the demo.
	for start := 0; start < len(jobs); {
		end := start
		for end < len(jobs) && jobs[end].code == jobs[start].code {
			end++
		}
		code := jobs[start].code
		unitID, ok := unitIDs[code]
		if !ok {
			return fmt.Errorf("demo: catalog: no unit %s", code)
		}
		p, err := svc.Systems(ctx, cli, store.SystemFilter{UnitID: unitID, Limit: 3}) // to link as the producers
		if err != nil {
			return err
		}
		err = svc.InCatalogBatch(ctx, cli, func(b *app.CatalogBatch) error {
			for n := start; n < end; n++ {
				c, _, err := catalogEntrySeed(jobs[n].line, names[code], code, unitID, n, jobs[n].pos)
				if err != nil {
					return err
				}
				if ss := p.Items; len(ss) > 0 && n%3 != 2 {
					c.SystemIDs = []int64{ss[n%len(ss)].ID}
				}
				if err := b.Create(c); err != nil {
					return fmt.Errorf("demo: catalog entry %s: %w", c.Name, err)
				}
				if err := catalogDemoSteps(b, c, n); err != nil {
					return fmt.Errorf("demo: catalog entry %s: %w", c.Name, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		start = end
	}
	return nil
}

// catalogDemoSteps takes entry n as far as its number says: of every 20, 14 are published,
// one is published and revised, one withdrawn, one registered, one submitted, and two stay
// pre-compiled (one in two of the first returned by the office once).
func catalogDemoSteps(b *app.CatalogBatch, c *domain.CatalogEntry, n int) error {
	step := func(act domain.CatalogAction, note string) error {
		out, err := b.Transition(c.ID, app.CatalogStep{Version: c.Version, Action: act, Note: note})
		if err == nil {
			*c = *out
		}
		return err
	}
	var path []domain.CatalogAction
	switch k := n % 20; {
	case k == 15:
		path = []domain.CatalogAction{domain.CatSubmit, domain.CatRegister}
	case k == 16:
		path = []domain.CatalogAction{domain.CatSubmit}
	case k == 17 && n%40 == 17:
		path = []domain.CatalogAction{domain.CatSubmit, domain.CatReturn}
	case k == 17 || k == 18:
		path = nil
	default:
		path = []domain.CatalogAction{domain.CatSubmit, domain.CatRegister, domain.CatPublish}
	}
	for _, act := range path {
		note := ""
		if act == domain.CatReturn {
			note = "共享条件表述不具体，请写明使用范围和审核方式后重新提交"
		}
		if err := step(act, note); err != nil {
			return err
		}
	}
	switch n % 20 {
	case 19: // a published revision: one more data item, revision 2
		items := append(slices.Clone(c.Items), domain.DataItem{Name: "数据更新标识", Column: "sjgxbs", Type: domain.ItemChar, Length: 1, Nullable: true})
		summary := c.Summary + "2025年起增加数据更新标识。"
		out, err := b.Update(c.ID, app.CatalogEdit{Version: c.Version, Items: &items, Summary: &summary})
		if err != nil {
			return err
		}
		*c = *out
	case 14: // withdrawn
		return step(domain.CatWithdraw, "资源已整合至区数据局统一目录，原目录撤销")
	}
	return nil
}

// CatalogEntryFromSeed is the entry a bureau seed line makes (for tests).
func CatalogEntryFromSeed(line, unitName, unitCode string, unitID int64, n int) (*domain.CatalogEntry, error) {
	c, _, err := catalogEntrySeed(line, unitName, unitCode, unitID, n, n%8)
	return c, err
}
