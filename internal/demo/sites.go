package demo

import (
	"context"
	"fmt"
	"hash/fnv"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func init() {
	loaders = append(loaders, loader{order: 30, name: "websites and new media", load: LoadSites})
}

// WebsiteSeed is one demo website (PTL-R3). State is where its registration stands:
// registered, submitted, unregistered, returned (submitted, then returned: unregistered
// again), notice (a shutdown notice after the deadline), closed, merged (into MergeInto, a
// host).
type WebsiteSeed struct {
	Name, Host, UnitCode string
	SiteNo               int // 政府网站标识码 sequence; 0: none yet
	ICP                  string
	Hosting              domain.Hosting
	SystemCode           string
	State                string
	MergeInto            string
}

const (
	hCloud = domain.HostingCloud
	hRoom  = domain.HostingRoom
	hOther = domain.HostingOther
)

// Websites are the demo district's independent websites: a portal per bureau, town and zone
// on the district's domain, a few special-topic sites, some unregistered and overdue, one under
// a shutdown notice, some closed or merged into the portals.
var Websites = []WebsiteSeed{
	{"相城区人民政府门户网站", "www.szxc.gov.cn", "320507101", 1, "苏ICP备05012301号-1", hCloud, "XC-SYS-0001", "registered", ""},
	{"相城区政务服务网", "zwfw.szxc.gov.cn", "320507126", 2, "苏ICP备05012301号-2", hCloud, "XC-SYS-0091", "registered", ""},
	{"相城党建网", "dj.szxc.gov.cn", "320507102", 3, "苏ICP备05012302号-1", hCloud, "", "registered", ""},
	{"相城区发展和改革委员会网站", "fgw.szxc.gov.cn", "320507103", 4, "苏ICP备05012303号-1", hCloud, "", "registered", ""},
	{"信用相城", "xinyong.szxc.gov.cn", "320507103", 5, "苏ICP备05012303号-2", hCloud, "", "registered", ""},
	{"相城区经济和信息化局网站", "jxj.szxc.gov.cn", "320507104", 6, "苏ICP备05012304号-1", hCloud, "", "registered", ""},
	{"相城区教育局网站", "jyj.szxc.gov.cn", "320507105", 7, "苏ICP备05012305号-1", hCloud, "", "registered", ""},
	{"相城区招生考试网", "zsks.jyj.szxc.gov.cn", "320507105", 8, "苏ICP备05012305号-2", hCloud, "", "submitted", ""},
	{"相城教育资源公共服务平台", "zy.jyj.szxc.gov.cn", "320507105", 0, "", hOther, "", "unregistered", ""},
	{"相城区青少年活动中心网站", "qsn.jyj.szxc.gov.cn", "320507105", 9, "苏ICP备05012305号-3", hCloud, "", "registered", ""},
	{"苏州市公安局相城分局网站", "ga.szxc.gov.cn", "320507106", 10, "苏ICP备05012306号-1", hCloud, "", "registered", ""},
	{"相城区民政局网站", "mzj.szxc.gov.cn", "320507107", 11, "苏ICP备05012307号-1", hCloud, "", "registered", ""},
	{"相城区司法局网站", "sfj.szxc.gov.cn", "320507108", 12, "苏ICP备05012308号-1", hCloud, "", "registered", ""},
	{"相城普法网", "pf.sfj.szxc.gov.cn", "320507108", 0, "苏ICP备05012308号-2", hRoom, "", "merged", "sfj.szxc.gov.cn"},
	{"相城区财政局网站", "czj.szxc.gov.cn", "320507109", 13, "苏ICP备05012309号-1", hCloud, "", "registered", ""},
	{"相城区人力资源和社会保障局网站", "rsj.szxc.gov.cn", "320507110", 14, "苏ICP备05012310号-1", hCloud, "", "registered", ""},
	{"相城人才网", "rc.szxc.gov.cn", "320507110", 15, "苏ICP备05012310号-2", hCloud, "", "submitted", ""},
	{"相城区自然资源和规划网站", "zrzy.szxc.gov.cn", "320507111", 16, "苏ICP备05012311号-1", hCloud, "", "registered", ""},
	{"相城区生态环境网站", "sthj.szxc.gov.cn", "320507112", 17, "苏ICP备05012312号-1", hCloud, "", "registered", ""},
	{"相城区住房和城乡建设局网站", "zjj.szxc.gov.cn", "320507113", 18, "苏ICP备05012313号-1", hCloud, "", "registered", ""},
	{"相城区交通运输局网站", "jtj.szxc.gov.cn", "320507114", 19, "苏ICP备05012314号-1", hCloud, "", "registered", ""},
	{"相城区水务局网站", "swj.szxc.gov.cn", "320507115", 20, "苏ICP备05012315号-1", hCloud, "", "registered", ""},
	{"相城河长制信息网", "hzz.swj.szxc.gov.cn", "320507115", 0, "苏ICP备05012315号-2", hRoom, "", "notice", ""},
	{"相城区农业农村局网站", "nyncj.szxc.gov.cn", "320507116", 21, "苏ICP备05012316号-1", hCloud, "", "registered", ""},
	{"阳澄湖大闸蟹产业网", "dzx.szxc.gov.cn", "320507116", 0, "", hOther, "", "unregistered", ""},
	{"相城区商务局网站", "swuj.szxc.gov.cn", "320507117", 22, "苏ICP备05012317号-1", hCloud, "", "registered", ""},
	{"相城区文化体育和旅游局网站", "wtlj.szxc.gov.cn", "320507118", 23, "苏ICP备05012318号-1", hCloud, "", "registered", ""},
	{"相城旅游网", "lvyou.szxc.gov.cn", "320507118", 24, "苏ICP备05012318号-2", hCloud, "", "registered", ""},
	{"相城区卫生健康委员会网站", "wjw.szxc.gov.cn", "320507119", 25, "苏ICP备05012319号-1", hCloud, "", "registered", ""},
	{"区卫生信息网（旧版门户）", "wsxx.szxc.gov.cn", "320507119", 0, "苏ICP备05012319号-2", hCloud, "XC-SYS-0077", "merged", "www.szxc.gov.cn"},
	{"相城区退役军人事务局网站", "tyjrj.szxc.gov.cn", "320507120", 26, "苏ICP备05012320号-1", hCloud, "", "registered", ""},
	{"相城区应急管理局网站", "yjglj.szxc.gov.cn", "320507121", 27, "苏ICP备05012321号-1", hCloud, "", "registered", ""},
	{"相城区审计局网站", "sjj.szxc.gov.cn", "320507122", 28, "苏ICP备05012322号-1", hCloud, "", "registered", ""},
	{"相城区市场监督管理局网站", "scjgj.szxc.gov.cn", "320507123", 29, "苏ICP备05012323号-1", hCloud, "", "registered", ""},
	{"相城食品安全网", "spaq.szxc.gov.cn", "320507123", 0, "苏ICP备05012323号-2", hRoom, "", "closed", ""},
	{"相城区统计局网站", "tjj.szxc.gov.cn", "320507124", 30, "苏ICP备05012324号-1", hCloud, "", "submitted", ""},
	{"相城区医疗保障局网站", "ybj.szxc.gov.cn", "320507125", 31, "苏ICP备05012325号-1", hCloud, "", "registered", ""},
	{"相城区网上办事大厅", "bsdt.szxc.gov.cn", "320507126", 0, "苏ICP备05012326号-1", hCloud, "XC-SYS-0095", "merged", "zwfw.szxc.gov.cn"},
	{"相城区城市管理局网站", "cgj.szxc.gov.cn", "320507127", 32, "苏ICP备05012327号-1", hCloud, "", "registered", ""},
	{"相城区数据局网站", "sjj-data.szxc.gov.cn", "320507128", 33, "苏ICP备05012328号-1", hCloud, "", "registered", ""},
	{"相城区公共数据开放平台", "data.szxc.gov.cn", "320507128", 34, "苏ICP备05012328号-2", hCloud, "", "registered", ""},
	{"元和街道门户网站", "yuanhe.szxc.gov.cn", "320507201", 35, "苏ICP备05012401号-1", hCloud, "XC-SYS-0111", "registered", ""},
	{"元和街道社区服务网", "sqfw.yuanhe.szxc.gov.cn", "320507201", 36, "苏ICP备05012401号-2", hCloud, "", "submitted", ""},
	{"黄桥街道门户网站", "huangqiao.szxc.gov.cn", "320507202", 37, "苏ICP备05012402号-1", hCloud, "XC-SYS-0115", "registered", ""},
	{"北桥街道门户网站", "beiqiao.szxc.gov.cn", "320507203", 38, "苏ICP备05012403号-1", hCloud, "XC-SYS-0117", "registered", ""},
	{"太平街道门户网站", "taiping.szxc.gov.cn", "320507204", 0, "苏ICP备05012404号-1", hCloud, "XC-SYS-0120", "returned", ""},
	{"澄阳街道门户网站", "chengyang.szxc.gov.cn", "320507205", 39, "苏ICP备05012405号-1", hCloud, "XC-SYS-0123", "registered", ""},
	{"北河泾街道门户网站", "beihejing.szxc.gov.cn", "320507206", 40, "苏ICP备05012406号-1", hCloud, "XC-SYS-0126", "registered", ""},
	{"漕湖街道门户网站", "caohu.szxc.gov.cn", "320507207", 41, "苏ICP备05012407号-1", hCloud, "XC-SYS-0128", "registered", ""},
	{"渭塘镇门户网站", "weitang.szxc.gov.cn", "320507208", 42, "苏ICP备05012408号-1", hCloud, "XC-SYS-0131", "registered", ""},
	{"渭塘珍珠网", "zhenzhu.weitang.szxc.gov.cn", "320507208", 0, "", hOther, "", "unregistered", ""},
	{"阳澄湖镇门户网站", "yangchenghu.szxc.gov.cn", "320507209", 43, "苏ICP备05012409号-1", hCloud, "XC-SYS-0134", "registered", ""},
	{"莲花岛旅游网", "lianhuadao.szxc.gov.cn", "320507209", 0, "苏ICP备05012409号-2", hOther, "", "closed", ""},
	{"黄埭镇门户网站", "huangdai.szxc.gov.cn", "320507210", 44, "苏ICP备05012410号-1", hCloud, "XC-SYS-0137", "registered", ""},
	{"冯梦龙村网站", "fml.huangdai.szxc.gov.cn", "320507210", 0, "苏ICP备05012410号-2", hOther, "", "merged", "huangdai.szxc.gov.cn"},
	{"望亭镇门户网站", "wangting.szxc.gov.cn", "320507211", 45, "苏ICP备05012411号-1", hCloud, "XC-SYS-0140", "registered", ""},
	{"相城经济技术开发区门户网站", "kfq.szxc.gov.cn", "320507301", 46, "苏ICP备05012501号-1", hCloud, "XC-SYS-0143", "registered", ""},
	{"苏州高铁新城门户网站", "gtxc.szxc.gov.cn", "320507302", 47, "苏ICP备05012502号-1", hCloud, "XC-SYS-0146", "registered", ""},
	{"高铁新城招商网", "zs.gtxc.szxc.gov.cn", "320507302", 48, "苏ICP备05012502号-2", hCloud, "", "registered", ""},
	{"阳澄湖生态旅游度假区门户网站", "ychdjq.szxc.gov.cn", "320507303", 49, "苏ICP备05012503号-1", hCloud, "XC-SYS-0149", "registered", ""},
	{"相城高新区门户网站", "gxq.szxc.gov.cn", "320507304", 50, "苏ICP备05012504号-1", hCloud, "XC-SYS-0152", "registered", ""},
}

// websiteSteps replays a seed's state through the registration steps.
var websiteSteps = map[string][]domain.WebAction{
	"registered":   {domain.WebSubmit, domain.WebAccept},
	"submitted":    {domain.WebSubmit},
	"unregistered": nil,
	"returned":     {domain.WebSubmit, domain.WebReturn},
	"notice":       {domain.WebIssueNotice},
	"closed":       {domain.WebClose},
	"merged":       {domain.WebMerge},
}

var websiteNotes = map[domain.WebAction]string{
	domain.WebReturn:      "演示数据：备案材料缺少网站安全等级保护备案证明，请补充后重新提交",
	domain.WebIssueNotice: "演示数据：该网站逾期未向区信息办登记备案，依据《相城区电子政务架构治理工作实施细则》（PTL-R3），请于30日内关停，内容迁入单位门户网站。",
	domain.WebClose:       "演示数据：网站已停止服务，域名解析已撤销",
	domain.WebMerge:       "演示数据：内容已迁入门户网站栏目，原域名跳转至门户",
}

// MediaSeed is one demo new-media account (PTL-R4). State: "" (undecided), proposed,
// decided or done, with Decision and, for a merge, the name of the account merged into.
type MediaSeed struct {
	Kind                  domain.MediaKind
	Name, UnitCode, Topic string
	State                 string
	Decision              domain.MediaDecision
	MergeInto             string
}

// AccountID is the account's demo ID, derived from its name so that it is stable.
func (m MediaSeed) AccountID() string {
	h := fnv.New64a()
	h.Write([]byte(string(m.Kind) + m.Name))
	n := h.Sum64()
	switch m.Kind {
	case domain.MediaWechatService, domain.MediaWechatSubscription, domain.MediaWechatEnterprise:
		return fmt.Sprintf("gh_%012x", n&0xffffffffffff)
	case domain.MediaMiniProgram:
		return fmt.Sprintf("wx%016x", n)
	case domain.MediaApp:
		return fmt.Sprintf("cn.gov.szxc.app%04d", n%10000)
	case domain.MediaWeibo:
		return fmt.Sprintf("%010d", 5000000000+n%1000000000)
	case domain.MediaDouyin:
		return fmt.Sprintf("xc%08d", n%100000000)
	}
	return fmt.Sprintf("xc-%08x", n&0xffffffff)
}

const (
	mSvc   = domain.MediaWechatService
	mSub   = domain.MediaWechatSubscription
	mEnt   = domain.MediaWechatEnterprise
	mMP    = domain.MediaMiniProgram
	mApp   = domain.MediaApp
	mWB    = domain.MediaWeibo
	mDY    = domain.MediaDouyin
	mOther = domain.MediaOther

	dKeep  = domain.DecideKeep
	dMerge = domain.DecideMerge
	dClose = domain.DecideClose
)

// MediaAccounts are the demo district's government new media, with consolidation decisions in
// every state: most still undecided, some proposed by their units, some decided by the office,
// some carried out.
var MediaAccounts = []MediaSeed{
	{mSvc, "相城发布", "320507101", "综合", "done", dKeep, ""},
	{mSub, "相城政务", "320507101", "综合", "done", dMerge, "相城发布"},
	{mWB, "相城发布", "320507101", "综合", "decided", dKeep, ""},
	{mDY, "相城发布", "320507101", "综合", "decided", dKeep, ""},
	{mApp, "相城通", "320507126", "政务服务", "done", dKeep, ""},
	{mMP, "相城办事", "320507126", "政务服务", "decided", dKeep, ""},
	{mSvc, "相城政务服务", "320507126", "政务服务", "proposed", dKeep, ""},
	{mSub, "相城审批", "320507126", "政务服务", "decided", dMerge, "相城政务服务"},
	{mEnt, "相城政务协同", "320507101", "办公协同", "done", dKeep, ""},
	{mSub, "相城党建", "320507102", "党建", "", "", ""},
	{mSub, "相城发改", "320507103", "发展改革", "", "", ""},
	{mSub, "信用相城", "320507103", "社会信用", "proposed", dKeep, ""},
	{mSub, "相城经信", "320507104", "工业和信息化", "", "", ""},
	{mSvc, "相城教育", "320507105", "教育", "done", dKeep, ""},
	{mSub, "相城教育发布", "320507105", "教育", "decided", dMerge, "相城教育"},
	{mMP, "相城入学报名", "320507105", "教育", "", "", ""},
	{mDY, "相城教育", "320507105", "教育", "", "", ""},
	{mSub, "相城招考", "320507105", "教育", "proposed", dMerge, "相城教育"},
	{mSvc, "相城公安", "320507106", "公安", "done", dKeep, ""},
	{mWB, "平安相城", "320507106", "公安", "decided", dKeep, ""},
	{mDY, "相城公安", "320507106", "公安", "", "", ""},
	{mSub, "相城交警", "320507106", "公安", "proposed", dMerge, "相城公安"},
	{mSub, "相城民政", "320507107", "民政", "", "", ""},
	{mSub, "相城养老服务", "320507107", "民政", "proposed", dMerge, "相城民政"},
	{mSub, "相城司法", "320507108", "司法", "", "", ""},
	{mSub, "相城普法", "320507108", "司法", "done", dMerge, "相城司法"},
	{mSub, "相城财政", "320507109", "财政", "", "", ""},
	{mSvc, "相城人社", "320507110", "人力资源社会保障", "decided", dKeep, ""},
	{mSub, "相城就业", "320507110", "人力资源社会保障", "decided", dMerge, "相城人社"},
	{mApp, "相城人社通", "320507110", "人力资源社会保障", "decided", dClose, ""},
	{mSub, "相城人才", "320507110", "人才", "", "", ""},
	{mSub, "相城自然资源", "320507111", "自然资源", "", "", ""},
	{mSub, "相城生态环境", "320507112", "生态环境", "", "", ""},
	{mWB, "相城环保", "320507112", "生态环境", "proposed", dClose, ""},
	{mSub, "相城住建", "320507113", "住房城乡建设", "", "", ""},
	{mSub, "相城交通", "320507114", "交通运输", "", "", ""},
	{mMP, "相城公交", "320507114", "交通运输", "", "", ""},
	{mSub, "相城水务", "320507115", "水务", "", "", ""},
	{mSub, "相城河长", "320507115", "水务", "decided", dMerge, "相城水务"},
	{mSub, "相城农业农村", "320507116", "农业农村", "", "", ""},
	{mDY, "阳澄湖大闸蟹", "320507116", "农业农村", "", "", ""},
	{mSub, "相城商务", "320507117", "商务", "", "", ""},
	{mSvc, "相城文旅", "320507118", "文化旅游", "done", dKeep, ""},
	{mSub, "相城旅游", "320507118", "文化旅游", "done", dMerge, "相城文旅"},
	{mDY, "相城文旅", "320507118", "文化旅游", "", "", ""},
	{mWB, "相城文旅", "320507118", "文化旅游", "", "", ""},
	{mMP, "相城文化云", "320507118", "文化旅游", "", "", ""},
	{mApp, "相城图书馆", "320507118", "文化旅游", "done", dClose, ""},
	{mSvc, "健康相城", "320507119", "卫生健康", "decided", dKeep, ""},
	{mSub, "相城卫健", "320507119", "卫生健康", "proposed", dMerge, "健康相城"},
	{mMP, "相城预约挂号", "320507119", "卫生健康", "", "", ""},
	{mDY, "健康相城", "320507119", "卫生健康", "", "", ""},
	{mSub, "相城退役军人", "320507120", "退役军人事务", "", "", ""},
	{mSub, "相城应急", "320507121", "应急管理", "", "", ""},
	{mSub, "相城审计", "320507122", "审计", "", "", ""},
	{mSvc, "相城市场监管", "320507123", "市场监管", "", "", ""},
	{mSub, "相城食安", "320507123", "市场监管", "done", dClose, ""},
	{mSub, "相城统计", "320507124", "统计", "", "", ""},
	{mSvc, "相城医保", "320507125", "医疗保障", "", "", ""},
	{mSub, "相城城管", "320507127", "城市管理", "", "", ""},
	{mSub, "数据相城", "320507128", "大数据", "", "", ""},
	{mOther, "相城数据开放（百家号）", "320507128", "大数据", "proposed", dClose, ""},
	{mSub, "相城税务", "320507129", "税务", "", "", ""},
	{mSub, "元和发布", "320507201", "综合", "", "", ""},
	{mSub, "元和社区", "320507201", "基层治理", "proposed", dMerge, "元和发布"},
	{mDY, "元和发布", "320507201", "综合", "", "", ""},
	{mSub, "黄桥发布", "320507202", "综合", "", "", ""},
	{mSub, "北桥发布", "320507203", "综合", "", "", ""},
	{mSub, "太平发布", "320507204", "综合", "", "", ""},
	{mSub, "澄阳发布", "320507205", "综合", "", "", ""},
	{mSub, "北河泾发布", "320507206", "综合", "", "", ""},
	{mSub, "漕湖发布", "320507207", "综合", "", "", ""},
	{mSub, "渭塘发布", "320507208", "综合", "", "", ""},
	{mSub, "中国珍珠宝石城", "320507208", "商贸", "decided", dClose, ""},
	{mSub, "阳澄湖镇发布", "320507209", "综合", "", "", ""},
	{mDY, "莲花岛", "320507209", "文化旅游", "", "", ""},
	{mSub, "黄埭发布", "320507210", "综合", "", "", ""},
	{mSub, "望亭发布", "320507211", "综合", "", "", ""},
	{mSub, "相城经开区", "320507301", "招商服务", "", "", ""},
	{mSub, "苏州高铁新城", "320507302", "招商服务", "", "", ""},
	{mWB, "苏州高铁新城", "320507302", "招商服务", "decided", dClose, ""},
	{mSub, "阳澄湖度假区", "320507303", "文化旅游", "", "", ""},
	{mSub, "相城高新区", "320507304", "科技创新", "", "", ""},
}

// MediaSystemKey names a demo account in MediaSystems.
type MediaSystemKey struct {
	Kind domain.MediaKind
	Name string
}

// MediaSystems links the demo accounts that are the front end of an information system —
// mini programs and apps, and the service account of the government service portal — to a
// system of their unit, by the system's code (issue 3: the accounts a system serves).
var MediaSystems = map[MediaSystemKey]string{
	{mApp, "相城通"}:    "XC-SYS-0091", // 相城区政务服务网
	{mSvc, "相城政务服务"}: "XC-SYS-0091",
	{mMP, "相城办事"}:    "XC-SYS-0092", // 一网通办统一受理平台
	{mMP, "相城入学报名"}:  "XC-SYS-0020", // 义务教育招生入学报名平台
	{mApp, "相城人社通"}:  "XC-SYS-0042", // 就业创业服务平台 (the app is to close)
	{mMP, "相城公交"}:    "XC-SYS-0054", // 公交智能调度系统
	{mMP, "相城文化云"}:   "XC-SYS-0067", // 相城文旅公共服务平台
	{mApp, "相城图书馆"}:  "XC-SYS-0068", // 公共图书馆管理系统 (the app is closed)
	{mMP, "相城预约挂号"}:  "XC-SYS-0070", // 基层医疗卫生机构管理信息系统
}

// LoadSites creates the demo websites and new-media accounts through the use cases, then
// replays each one's steps, so validation and audit apply as for any other change.
func LoadSites(ctx context.Context, svc *app.Service, unitIDs map[string]int64) error {
	if err := loadWebsites(ctx, svc, unitIDs); err != nil {
		return err
	}
	return loadMedia(ctx, svc, unitIDs)
}

func loadWebsites(ctx context.Context, svc *app.Service, unitIDs map[string]int64) error {
	cli := app.SystemActor()
	var codes []string
	for _, w := range Websites {
		if w.SystemCode != "" {
			codes = append(codes, w.SystemCode)
		}
	}
	systems, err := svc.DB().Read().SystemsByCodes(ctx, codes)
	if err != nil {
		return err
	}
	ids := map[string]int64{}
	versions := map[string]int64{}
	for _, s := range Websites {
		w := &domain.Website{Name: s.Name, Host: s.Host, UnitID: unitIDs[s.UnitCode], ICP: s.ICP, Hosting: s.Hosting}
		if w.UnitID == 0 {
			return fmt.Errorf("website %s: unknown unit %s", s.Host, s.UnitCode)
		}
		if s.SiteNo > 0 {
			w.SiteCode = fmt.Sprintf("32050700%02d", s.SiteNo)
		}
		if s.SystemCode != "" {
			sys := systems[s.SystemCode]
			if sys == nil {
				return fmt.Errorf("website %s: no demo system %s", s.Host, s.SystemCode)
			}
			w.SystemID = sys.ID
		}
		if err := svc.CreateWebsite(ctx, cli, w); err != nil {
			return fmt.Errorf("website %s: %w", s.Host, err)
		}
		ids[s.Host], versions[s.Host] = w.ID, w.Version
	}
	for _, s := range Websites {
		steps, ok := websiteSteps[s.State]
		if !ok {
			return fmt.Errorf("website %s: unknown state %q", s.Host, s.State)
		}
		for _, act := range steps {
			st := app.WebsiteStep{Version: versions[s.Host], Action: act, Note: websiteNotes[act]}
			if act == domain.WebMerge {
				if st.MergeInto = ids[s.MergeInto]; st.MergeInto == 0 {
					return fmt.Errorf("website %s: merge target %q is not a demo website", s.Host, s.MergeInto)
				}
			}
			w, err := svc.TransitionWebsite(ctx, cli, ids[s.Host], st)
			if err != nil {
				return fmt.Errorf("website %s: %s: %w", s.Host, act, err)
			}
			versions[s.Host] = w.Version
		}
	}
	return nil
}

func loadMedia(ctx context.Context, svc *app.Service, unitIDs map[string]int64) error {
	cli := app.SystemActor()
	type key struct {
		name string
		kind domain.MediaKind
	}
	ids := map[key]int64{}
	byName := map[string]int64{}
	versions := map[int64]int64{}
	var codes []string
	for _, c := range MediaSystems {
		codes = append(codes, c)
	}
	systems, err := svc.DB().Read().SystemsByCodes(ctx, codes)
	if err != nil {
		return err
	}
	for _, s := range MediaAccounts {
		m := &domain.MediaAccount{Kind: s.Kind, Name: s.Name, AccountID: s.AccountID(), UnitID: unitIDs[s.UnitCode], Topic: s.Topic}
		if m.UnitID == 0 {
			return fmt.Errorf("new media %s: unknown unit %s", s.Name, s.UnitCode)
		}
		if code, ok := MediaSystems[MediaSystemKey{s.Kind, s.Name}]; ok {
			sys := systems[code]
			if sys == nil {
				return fmt.Errorf("new media %s: no demo system %s", s.Name, code)
			}
			m.SystemID = sys.ID
		}
		if err := svc.CreateMediaAccount(ctx, cli, m); err != nil {
			return fmt.Errorf("new media %s %s: %w", s.Kind, s.Name, err)
		}
		ids[key{s.Name, s.Kind}] = m.ID
		if s.Kind.Family() == "wechat" {
			byName[s.Name] = m.ID // merge targets are WeChat accounts, named by their name
		}
		versions[m.ID] = m.Version
	}
	var steps = map[string][]domain.MediaAction{
		"":         nil,
		"proposed": {domain.MediaPropose},
		"decided":  {domain.MediaDecide},
		"done":     {domain.MediaDecide, domain.MediaComplete},
	}
	notes := map[domain.MediaDecision]string{
		dKeep:  "演示数据：本部门主要政务新媒体，保留并规范运营",
		dMerge: "演示数据：同一领域账号整合，内容并入主账号",
		dClose: "演示数据：长期未更新、粉丝量小，关停",
	}
	for _, s := range MediaAccounts {
		mID := ids[key{s.Name, s.Kind}]
		acts, ok := steps[s.State]
		if !ok {
			return fmt.Errorf("new media %s: unknown state %q", s.Name, s.State)
		}
		for _, act := range acts {
			st := app.MediaStep{Version: versions[mID], Action: act}
			if domain.StepCarriesDecision(act) {
				st.Decision, st.Note = s.Decision, notes[s.Decision]
				if s.Decision == dMerge {
					if st.MergeInto = byName[s.MergeInto]; st.MergeInto == 0 {
						return fmt.Errorf("new media %s: merge target %q is not a demo WeChat account", s.Name, s.MergeInto)
					}
				}
			}
			m, err := svc.TransitionMedia(ctx, cli, mID, st)
			if err != nil {
				return fmt.Errorf("new media %s %s: %s: %w", s.Kind, s.Name, act, err)
			}
			versions[mID] = m.Version
		}
	}
	return nil
}
