package demo

import (
	"context"
	"fmt"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func init() {
	// Last: the catalog of shared components reads the systems, and nothing reads it.
	loaders = append(loaders, loader{order: 120, name: "component catalog", load: LoadComponents})
}

// ComponentSeed is one shared component of the demo district (组件目录, issue 15): its providing
// unit and system by code, its function points, and the systems that use it by code (drawn from
// the demo's systems by hand, so that the district comes out the same every time).
type ComponentSeed struct {
	Name                      string
	Kind                      domain.ComponentKind
	UnitCode, SystemCode      string
	Summary                   string
	Functions                 []string
	Standard, StdVersion, URL string
	Access                    string
	Users                     []string
	Status                    domain.ComponentStatus // published unless said
}

const accessForm = "填写《相城区共享组件接入申请表》，经本单位分管领导签字后报区信息办；区信息办5个工作日内完成审核并分配接入凭证，技术对接由组件提供单位配合完成。"

// Components are the demo district's shared components: the data bureau's platforms, the cloud's
// PaaS services of the information office's unit, the approval bureau's service components and
// the others; one still a draft, one retired.
var Components = []ComponentSeed{
	{Name: "统一身份认证平台", Kind: domain.CompIdentity, UnitCode: "320507128", SystemCode: "XC-SYS-0108",
		Summary:   "全区政务应用统一的用户身份认证和单点登录服务，覆盖政务人员和办事群众、企业。",
		Functions: []string{"单点登录", "统一用户管理", "实名核验", "扫码登录", "多因素认证", "组织机构同步"},
		Standard:  "相城区统一身份认证接入规范", StdVersion: "2.1", URL: "https://dsj.szxc.gov.cn/standards/idp-2.1.pdf", Access: accessForm,
		Users: []string{"XC-SYS-0002", "XC-SYS-0003", "XC-SYS-0018", "XC-SYS-0031", "XC-SYS-0042", "XC-SYS-0069", "XC-SYS-0091", "XC-SYS-0092", "XC-SYS-0097", "XC-SYS-0109"}},
	{Name: "电子印章系统", Kind: domain.CompSeal, UnitCode: "320507126", SystemCode: "XC-SYS-0092",
		Summary:   "为各部门提供符合国密要求的电子印章制作、签章和验章服务，支撑电子证照和审批结果文书。",
		Functions: []string{"电子印章制作", "电子签章", "验章", "印章授权管理", "签章日志审计"},
		Standard:  "GB/T 38540-2020 安全电子签章密码技术规范", StdVersion: "2020", Access: accessForm,
		Users: []string{"XC-SYS-0002", "XC-SYS-0034", "XC-SYS-0045", "XC-SYS-0084", "XC-SYS-0092"}},
	{Name: "电子证照库", Kind: domain.CompLicense, UnitCode: "320507128", SystemCode: "XC-SYS-0104",
		Summary:   "汇聚全区各部门签发的电子证照，提供证照归集、查询核验和用证授权服务。",
		Functions: []string{"证照归集", "证照查询", "证照核验", "用证授权", "证照照面信息提取"},
		Standard:  "GB/T 36901-2018 电子证照 总体技术架构", StdVersion: "2018", Access: accessForm,
		Users: []string{"XC-SYS-0020", "XC-SYS-0034", "XC-SYS-0052", "XC-SYS-0084", "XC-SYS-0091", "XC-SYS-0092"}},
	{Name: "政务短信平台", Kind: domain.CompSMS, UnitCode: "320507128",
		Summary:   "统一的政务短信发送通道，提供验证码、业务通知和预警短信发送。",
		Functions: []string{"短信发送", "短信验证码", "批量通知", "发送状态回执", "签名模板管理"},
		Standard:  "政务短信平台接口说明", StdVersion: "1.3", Access: accessForm,
		Users: []string{"XC-SYS-0003", "XC-SYS-0020", "XC-SYS-0042", "XC-SYS-0074", "XC-SYS-0081", "XC-SYS-0091", "XC-SYS-0093"}},
	{Name: "时空信息云平台", Kind: domain.CompMap, UnitCode: "320507111", SystemCode: "XC-SYS-0046",
		Summary:   "全区统一的政务电子地图和时空信息服务，提供底图、地名地址和空间分析服务。",
		Functions: []string{"政务电子地图", "地名地址匹配", "坐标转换", "空间分析", "专题图层发布", "影像底图服务"},
		Standard:  "CH/T 9032-2022 时空大数据平台技术规范", StdVersion: "2022", Access: accessForm,
		Users: []string{"XC-SYS-0004", "XC-SYS-0045", "XC-SYS-0047", "XC-SYS-0057", "XC-SYS-0058", "XC-SYS-0097", "XC-SYS-0098", "XC-SYS-0147"}},
	{Name: "统一支付平台", Kind: domain.CompPayment, UnitCode: "320507109", SystemCode: "XC-SYS-0039",
		Summary:   "政务服务收费和非税收入的统一线上支付，对接银行和第三方支付渠道。",
		Functions: []string{"在线缴费", "非税收入收缴", "支付对账", "电子票据开具", "退款处理"},
		Standard:  "相城区统一支付平台接入规范", StdVersion: "1.0", Access: accessForm,
		Users: []string{"XC-SYS-0052", "XC-SYS-0091", "XC-SYS-0094", "XC-SYS-0151"}},
	{Name: "数据共享交换接口", Kind: domain.CompExchange, UnitCode: "320507128", SystemCode: "XC-SYS-0101",
		Summary:   "区数据交换共享平台对外提供的库表、文件和接口交换服务（SHR-P1），跨部门数据交换统一经此通道。",
		Functions: []string{"库表交换", "文件交换", "接口服务注册", "接口调用鉴权", "交换日志审计", "数据订阅"},
		Standard:  "政务信息资源交换体系 GB/T 21062", StdVersion: "2007", Access: accessForm,
		Users: []string{"XC-SYS-0010", "XC-SYS-0032", "XC-SYS-0043", "XC-SYS-0069", "XC-SYS-0089", "XC-SYS-0092", "XC-SYS-0097", "XC-SYS-0110"}},
	{Name: "人口基础信息核验接口", Kind: domain.CompExchange, UnitCode: "320507128", SystemCode: "XC-SYS-0102",
		Summary:   "基于人口基础信息库的身份信息核验和户籍信息查询接口。",
		Functions: []string{"身份信息核验", "户籍信息查询", "人口状态比对"},
		Standard:  "人口基础信息库共享接口规范", StdVersion: "1.2", Access: accessForm,
		Users: []string{"XC-SYS-0020", "XC-SYS-0031", "XC-SYS-0032", "XC-SYS-0033", "XC-SYS-0075"}},
	{Name: "法人单位信息核验接口", Kind: domain.CompExchange, UnitCode: "320507128", SystemCode: "XC-SYS-0103",
		Summary:   "基于法人单位基础信息库的企业和机构登记信息查询核验接口。",
		Functions: []string{"统一社会信用代码核验", "法人登记信息查询", "经营异常状态查询"},
		Standard:  "法人单位基础信息库共享接口规范", StdVersion: "1.0", Access: accessForm,
		Users: []string{"XC-SYS-0017", "XC-SYS-0041", "XC-SYS-0066", "XC-SYS-0094"}},
	{Name: "政务云容器服务", Kind: domain.CompPaaS, UnitCode: "320507104", SystemCode: "XC-SYS-0013",
		Summary:   "政务云上的容器集群服务，提供应用容器化部署、弹性伸缩和镜像仓库。",
		Functions: []string{"容器集群", "弹性伸缩", "镜像仓库", "应用灰度发布", "容器监控"},
		Standard:  "政务云PaaS服务目录", StdVersion: "2026", Access: "通过政务云资源申请提交（ENV-R1），注明容器规格和命名空间；区信息办审批后开通。",
		Users: []string{"XC-SYS-0091", "XC-SYS-0097", "XC-SYS-0107", "XC-SYS-0109"}},
	{Name: "政务云数据库服务", Kind: domain.CompPaaS, UnitCode: "320507104", SystemCode: "XC-SYS-0013",
		Summary:   "政务云上的关系型数据库服务，提供国产数据库实例、备份恢复和读写分离。",
		Functions: []string{"数据库实例开通", "自动备份", "备份恢复", "读写分离", "国产数据库支持"},
		Standard:  "政务云PaaS服务目录", StdVersion: "2026", Access: "通过政务云资源申请提交（ENV-R1），注明数据库类型和容量；区信息办审批后开通。",
		Users: []string{"XC-SYS-0018", "XC-SYS-0038", "XC-SYS-0043", "XC-SYS-0069", "XC-SYS-0084", "XC-SYS-0101"}},
	{Name: "政务云对象存储", Kind: domain.CompPaaS, UnitCode: "320507104", SystemCode: "XC-SYS-0013",
		Summary:   "政务云上的对象存储服务，存放影像、附件和归档文件。",
		Functions: []string{"对象存储", "文件归档", "生命周期管理", "跨区复制"},
		Standard:  "政务云PaaS服务目录", StdVersion: "2026", Access: "通过政务云资源申请提交（ENV-R1），注明存储容量；区信息办审批后开通。",
		Users: []string{"XC-SYS-0045", "XC-SYS-0072", "XC-SYS-0098"}},
	{Name: "统一消息推送服务", Kind: domain.CompOther, UnitCode: "320507128", SystemCode: "XC-SYS-0109",
		Summary:   "向i相城App、微信和政务钉钉统一推送办事进度和通知消息。",
		Functions: []string{"App消息推送", "微信模板消息", "站内信", "推送统计"},
		Standard:  "统一消息推送接口说明", StdVersion: "1.1", Access: accessForm,
		Users: []string{"XC-SYS-0020", "XC-SYS-0091", "XC-SYS-0093", "XC-SYS-0097"}},
	{Name: "视频会议服务", Kind: domain.CompOther, UnitCode: "320507101", SystemCode: "XC-SYS-0005",
		Summary:   "区、镇（街道）两级视频会议，支持会场预约和会议录制。",
		Functions: []string{"视频会议预约", "多会场互动", "会议录制", "移动端入会"},
		Standard:  "", Access: "向区政府办公室提交会场接入申请。",
		Users: []string{"XC-SYS-0002", "XC-SYS-0081", "XC-SYS-0097"}},
	{Name: "OCR识别服务", Kind: domain.CompOther, UnitCode: "320507128", SystemCode: "XC-SYS-0107",
		Summary:   "证件、票据和表格的文字识别服务，用于材料预审和信息提取。",
		Functions: []string{"身份证识别", "营业执照识别", "票据识别", "表格识别", "手写体识别"},
		Standard:  "城市大脑AI能力接口", StdVersion: "1.0", Access: accessForm,
		Users: []string{"XC-SYS-0084", "XC-SYS-0092"}},
	{Name: "电子档案管理服务", Kind: domain.CompOther, UnitCode: "320507101", SystemCode: "XC-SYS-0002",
		Summary:   "办公和审批业务的电子文件归档和长期保存服务。",
		Functions: []string{"电子文件归档", "档案检索", "四性检测", "长期保存"},
		Standard:  "DA/T 48-2009 基于XML的电子文件封装规范", StdVersion: "2009", Access: accessForm,
		Users: []string{"XC-SYS-0002", "XC-SYS-0092"}},
	{Name: "政务服务好差评", Kind: domain.CompOther, UnitCode: "320507126", SystemCode: "XC-SYS-0093",
		Summary:   "政务服务评价的统一入口，评价数据上报省好差评系统。",
		Functions: []string{"服务评价", "差评回访整改", "评价数据上报", "评价统计分析"},
		Standard:  "政务服务“好差评”数据规范", StdVersion: "2020", Access: accessForm,
		Users: []string{"XC-SYS-0003", "XC-SYS-0091", "XC-SYS-0092"}},
	{Name: "统一预约服务", Kind: domain.CompOther, UnitCode: "320507126", SystemCode: "XC-SYS-0091",
		Summary:   "政务服务大厅和各部门窗口的统一线上预约和取号。",
		Functions: []string{"网上预约", "预约取号", "排队叫号", "预约提醒"},
		Standard:  "", Access: accessForm,
		Users: []string{"XC-SYS-0034", "XC-SYS-0043", "XC-SYS-0052"}},
	{Name: "统一受理服务", Kind: domain.CompOther, UnitCode: "320507126", SystemCode: "XC-SYS-0092",
		Summary:   "一网通办事项的统一收件、受理和办件分发。",
		Functions: []string{"统一收件", "事项受理", "办件分发", "办件状态回传", "材料预审"},
		Standard:  "一网通办统一受理接口规范", StdVersion: "3.0", Access: accessForm,
		Users: []string{"XC-SYS-0042", "XC-SYS-0045", "XC-SYS-0084", "XC-SYS-0089"}},
	{Name: "社会信用核查接口", Kind: domain.CompExchange, UnitCode: "320507103", SystemCode: "XC-SYS-0010",
		Summary:   "行政审批和公共资源交易中查询主体信用状况和联合奖惩名单。",
		Functions: []string{"信用报告查询", "失信名单核查", "联合奖惩提示", "信用承诺管理"},
		Standard:  "社会信用信息共享接口规范", StdVersion: "2.0", Access: accessForm,
		Users: []string{"XC-SYS-0041", "XC-SYS-0084", "XC-SYS-0092", "XC-SYS-0094"}},
	{Name: "网格事件流转接口", Kind: domain.CompExchange, UnitCode: "320507101", SystemCode: "XC-SYS-0004",
		Summary:   "网格事件的上报、派单和处置结果回传接口，连接各街道和部门的处置系统。",
		Functions: []string{"事件上报", "事件派单", "处置结果回传", "事件督办"},
		Standard:  "网格化社会治理事件接口规范", StdVersion: "1.0", Access: accessForm,
		Users: []string{"XC-SYS-0097", "XC-SYS-0098", "XC-SYS-0112", "XC-SYS-0139"}},
	{Name: "区块链存证服务", Kind: domain.CompOther, UnitCode: "320507128",
		Summary:   "电子证据和电子文件的区块链存证与核验（试运行，尚未发布）。",
		Functions: []string{"数据存证", "存证核验", "存证证书出具"},
		Access:    "", Status: domain.CompDraft},
	{Name: "电子政务外网VPN接入", Kind: domain.CompOther, UnitCode: "320507104", SystemCode: "XC-SYS-0015",
		Summary:   "外网移动办公的VPN接入（已由政务外网安全接入平台替代，停止新接入）。",
		Functions: []string{"VPN接入", "终端认证", "访问控制"},
		Standard:  "", Access: "已停止受理新的接入申请。",
		Users: []string{"XC-SYS-0024"}, Status: domain.CompRetired},
}

// LoadComponents adds the demo components as the office, publishes them, and retires the one
// meant to be retired.
func LoadComponents(ctx context.Context, svc *app.Service, units map[string]int64) error {
	a := officeActor()
	var codes []string
	for _, sd := range Components {
		codes = append(codes, sd.SystemCode)
		codes = append(codes, sd.Users...)
	}
	systems, err := svc.DB().Read().SystemsByCodes(ctx, codes)
	if err != nil {
		return err
	}
	id := func(code string) (int64, error) {
		if code == "" {
			return 0, nil
		}
		s := systems[code]
		if s == nil {
			return 0, fmt.Errorf("no system %s", code)
		}
		return s.ID, nil
	}
	for _, sd := range Components {
		c := &domain.Component{Name: sd.Name, Kind: sd.Kind, UnitID: units[sd.UnitCode], Summary: sd.Summary, Functions: sd.Functions,
			Standard: sd.Standard, StandardVersion: sd.StdVersion, StandardURL: sd.URL, Access: sd.Access}
		var err error
		if c.SystemID, err = id(sd.SystemCode); err != nil {
			return fmt.Errorf("component %s: %w", sd.Name, err)
		}
		for _, u := range sd.Users {
			sid, err := id(u)
			if err != nil {
				return fmt.Errorf("component %s: %w", sd.Name, err)
			}
			c.UserSystemIDs = append(c.UserSystemIDs, sid)
		}
		if err := svc.CreateComponent(ctx, a, c); err != nil {
			return fmt.Errorf("component %s: %w", sd.Name, err)
		}
		if sd.Status == domain.CompDraft {
			continue
		}
		for _, act := range []domain.ComponentAction{domain.CompPublish, domain.CompRetire} {
			if act == domain.CompRetire && sd.Status != domain.CompRetired {
				break
			}
			if c, err = svc.TransitionComponent(ctx, a, c.ID, app.ComponentStep{Version: c.Version, Action: act}); err != nil {
				return fmt.Errorf("component %s: %s: %w", sd.Name, act, err)
			}
		}
	}
	return usesComponents(ctx, svc, units)
}

// usesComponents names, on the draft application that paraphrases the grid platform
// (projects.go), the shared components it will use: the grid's event interface and unified
// identity (issue 15: an application lists the components it will use).
func usesComponents(ctx context.Context, svc *app.Service, units map[string]int64) error {
	const unit, name = "320507108", "司法矛盾纠纷网格排查处置平台"
	head := unitHead(units[unit], unit)
	ps, err := svc.Projects(ctx, head, app.ProjectFilter{UnitID: units[unit], Status: domain.ProjDraft, Limit: 100})
	if err != nil {
		return err
	}
	cs, err := svc.Components(ctx, head, app.ComponentFilter{Status: domain.CompPublished, Limit: 100})
	if err != nil {
		return err
	}
	var ids []int64
	for _, c := range cs.Items {
		if c.Name == "网格事件流转接口" || c.Name == "统一身份认证平台" {
			ids = append(ids, c.ID)
		}
	}
	for _, p := range ps.Items {
		if p.Name != name {
			continue
		}
		_, err := svc.UpdateProject(ctx, head, p.ID, app.ProjectEdit{Version: p.Version, ComponentIDs: &ids})
		return err
	}
	return nil // a demo without that application: nothing to show
}
