package demo

import (
	"context"
	"fmt"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func init() {
	// The standards come before the docking plans (50), which name their versions (ORG-5); the
	// notices, and the standard revised since the plans named it, after everything else.
	loaders = append(loaders, loader{order: 45, name: "technical standards", load: LoadStandards},
		loader{order: 140, name: "notices and standard revisions", load: LoadNotices})
}

// StandardSeed is a demo technical standard (ORG-5): its first version, published, and the
// editions published after it (by LoadNotices, once the docking plans named the first).
type StandardSeed struct {
	Code, Name, Edition, Effective, Summary, URL string
	Kind                                         domain.StandardKind
	Library                                      domain.BaseLibrary
	Later                                        []StandardRevision
}

// StandardRevision is a later edition of a demo standard.
type StandardRevision struct {
	Edition, Effective, Summary string
}

// The demo standards' codes, which the demo docking plans name.
const (
	StdPopulation = "XC-JK-001"
	StdLegal      = "XC-JK-002"
	StdGeo        = "XC-JK-003"
	StdCredit     = "XC-JK-004"
	StdExchange   = "XC-JR-001"
)

// Standards are the demo district's technical standards: the interface standards of four base
// libraries and the exchange platform's access procedure. The population library's was revised
// after the docking plans named V2.0: its V2.1 supersedes it, and those plans show it.
var Standards = []StandardSeed{
	{Code: StdPopulation, Name: "人口基础信息库共享接口规范", Kind: domain.StdInterface, Library: domain.LibPopulation, Edition: "V2.0", Effective: "2024-03-01",
		Summary: "规定人口基础信息库对外提供的查询、核验、订阅接口：身份证号核验、户籍信息查询、人口变动订阅；统一采用 HTTPS + JSON，经区数据交换共享平台调用，按调用方系统授权。",
		URL:     "https://dsj.xiangcheng.example.gov.cn/standards/XC-JK-001",
		Later: []StandardRevision{{Edition: "V2.1", Effective: "2026-07-01",
			Summary: "在 V2.0 基础上新增居住证信息查询接口，身份证号核验返回核验时间戳；订阅接口改为按变动类型订阅。V2.0 接口保留至2027年6月30日。"}}},
	{Code: StdLegal, Name: "法人单位基础信息库共享接口规范", Kind: domain.StdInterface, Library: domain.LibLegalPerson, Edition: "V1.3", Effective: "2025-01-01",
		Summary: "规定法人单位基础信息的查询与核验接口：统一社会信用代码核验、登记信息查询、变更订阅。"},
	{Code: StdGeo, Name: "空间地理信息共享服务接口规范", Kind: domain.StdInterface, Library: domain.LibGeo, Edition: "V3.0", Effective: "2025-06-01",
		Summary: "规定地图服务（WMTS）、地名地址匹配、空间分析服务的接口和坐标系（CGCS2000）。"},
	{Code: StdCredit, Name: "社会信用信息共享接口规范", Kind: domain.StdInterface, Library: domain.LibCredit, Edition: "V1.0", Effective: "2025-09-01",
		Summary: "规定信用记录查询、红黑名单核查和信用承诺上报接口。"},
	{Code: StdExchange, Name: "区数据交换共享平台接入规程", Kind: domain.StdAccess, Edition: "V1.0", Effective: "2024-01-01",
		Summary: "规定部门业务系统接入区数据交换共享平台的申请、联调、安全评估和上线流程（SHR-P1）：接入申请表、前置机部署、接口联调、数据质量核验、上线备案。",
		URL:     "https://dsj.xiangcheng.example.gov.cn/standards/XC-JR-001"},
}

// NoticeSeed is a demo notice (ORG-4): published unless Draft, then withdrawn when Withdrawn
// gives the reason.
type NoticeSeed struct {
	Title, Body string
	Kind        domain.NoticeKind
	Draft       bool
	Withdrawn   string
}

// Notices are the demo district's notices and announcements.
var Notices = []NoticeSeed{
	{Kind: domain.NoticeNotice, Title: "关于开展2027年度政务信息系统上云迁移工作的通知",
		Body: "各单位：\n根据区政务信息化治理要求（ENV-R2），政务云外已建系统须随升级、改造、续建或运维项目同步迁移上云。请各单位于2026年12月31日前在平台登记尚未上云系统的迁移计划，并明确迁移节点。\n区信息办"},
	{Kind: domain.NoticeAnnouncement, Title: "区政务云平台例行维护公告",
		Body: "区政务云平台将于周六 22:00 至次日 02:00 进行例行维护，期间云资源申请审批暂停，已运行的业务不受影响。"},
	{Kind: domain.NoticeNotice, Title: "关于报送非接入机房关停进度的通知",
		Body: "请各单位于2026年11月15日前报送机房关停进度。", Withdrawn: "报送日期有误，将另行通知"},
	{Kind: domain.NoticeNotice, Title: "关于组织2027年度政务信息化治理培训的通知", Draft: true,
		Body: "拟于2027年1月组织各单位责任人、联系人参加治理规则和平台操作培训，具体安排另行通知。"},
}

// LoadStandards drafts and publishes the first version of each demo standard as the office.
func LoadStandards(ctx context.Context, svc *app.Service, _ map[string]int64) error {
	a := officeActor()
	for _, sd := range Standards {
		x := &domain.Standard{Code: sd.Code, Name: sd.Name, Kind: sd.Kind, Library: sd.Library, Edition: sd.Edition,
			EffectiveDate: stdDay(sd.Effective), Summary: sd.Summary, URL: sd.URL}
		if err := svc.CreateStandard(ctx, a, x); err != nil {
			return fmt.Errorf("demo: standard %s: %w", sd.Code, err)
		}
		if _, err := svc.TransitionStandard(ctx, a, x.ID, app.StandardStep{Version: x.Version, Action: domain.StdPublish}); err != nil {
			return fmt.Errorf("demo: standard %s: publish: %w", sd.Code, err)
		}
	}
	return nil
}

// LoadNotices publishes the later editions of the demo standards (each superseding the one in
// force), then the demo notices, as the office.
func LoadNotices(ctx context.Context, svc *app.Service, _ map[string]int64) error {
	a := officeActor()
	for _, sd := range Standards {
		for _, rv := range sd.Later {
			cur, err := PublishedStandard(ctx, svc, sd.Code)
			if err != nil {
				return err
			}
			d, err := svc.TransitionStandard(ctx, a, cur.ID, app.StandardStep{Version: cur.Version, Action: domain.StdRevise, Edition: rv.Edition})
			if err != nil {
				return fmt.Errorf("demo: standard %s: revise: %w", sd.Code, err)
			}
			eff, sum := stdDay(rv.Effective), rv.Summary
			if d, err = svc.UpdateStandard(ctx, a, d.ID, app.StandardEdit{Version: d.Version, EffectiveDate: &eff, Summary: &sum}); err != nil {
				return fmt.Errorf("demo: standard %s %s: %w", sd.Code, rv.Edition, err)
			}
			if _, err := svc.TransitionStandard(ctx, a, d.ID, app.StandardStep{Version: d.Version, Action: domain.StdPublish}); err != nil {
				return fmt.Errorf("demo: standard %s %s: publish: %w", sd.Code, rv.Edition, err)
			}
		}
	}
	for _, sd := range Notices {
		n := &domain.Notice{Title: sd.Title, Kind: sd.Kind, Body: sd.Body}
		if err := svc.CreateNotice(ctx, a, n); err != nil {
			return fmt.Errorf("demo: notice %s: %w", sd.Title, err)
		}
		if sd.Draft {
			continue
		}
		n, err := svc.TransitionNotice(ctx, a, n.ID, app.NoticeStep{Version: n.Version, Action: domain.NoticePublish})
		if err != nil {
			return fmt.Errorf("demo: notice %s: publish: %w", sd.Title, err)
		}
		if sd.Withdrawn != "" {
			if _, err := svc.TransitionNotice(ctx, a, n.ID, app.NoticeStep{Version: n.Version, Action: domain.NoticeWithdraw, WithdrawNote: sd.Withdrawn}); err != nil {
				return fmt.Errorf("demo: notice %s: withdraw: %w", sd.Title, err)
			}
		}
	}
	return nil
}

// PublishedStandard is the version of the standard code in force.
func PublishedStandard(ctx context.Context, svc *app.Service, code string) (*domain.Standard, error) {
	p, err := svc.Standards(ctx, app.SystemActor(), app.StandardFilter{Code: code, Status: domain.StdPublished, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(p.Items) == 0 {
		return nil, fmt.Errorf("demo: standard %s has no version in force", code)
	}
	return p.Items[0], nil
}

// stdDay is a seed's date (the seeds are written right; a test loads them all).
func stdDay(s string) time.Time {
	d, _ := seedDay(s)
	return d
}
