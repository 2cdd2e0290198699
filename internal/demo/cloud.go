package demo

import (
	"context"
	"fmt"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

func init() {
	loaders = append(loaders, loader{order: 40, name: "cloud", load: LoadCloud})
}

// PoolSeed is one demo government-cloud pool (ENV-R1). Storage is in GiB.
type PoolSeed struct {
	Name, Description string
	Capacity          domain.CloudResources
}

// CloudPools are the district government cloud's three pools.
var CloudPools = []PoolSeed{
	{Name: "政务外网区资源池", Description: "部署在电子政务外网区，承载全区各部门业务系统和基础数据库",
		Capacity: domain.CloudResources{VCPU: 2048, MemoryGiB: 8192, StorageGiB: 512 * 1024, BandwidthMbps: 10000, PublicIPs: 16}},
	{Name: "互联网区资源池", Description: "部署在互联网区，承载门户网站、政务服务网和移动服务等面向公众的应用",
		Capacity: domain.CloudResources{VCPU: 1024, MemoryGiB: 4096, StorageGiB: 200 * 1024, BandwidthMbps: 5000, PublicIPs: 128}},
	{Name: "灾备资源池", Description: "同城异地灾备中心，承载重要系统的数据备份和应用级容灾",
		Capacity: domain.CloudResources{VCPU: 512, MemoryGiB: 2048, StorageGiB: 300 * 1024, BandwidthMbps: 2000, PublicIPs: 8}},
}

// CloudStepSeed is one lifecycle step replayed on a demo request. Granted is for a partial
// approval (nil grants everything requested).
type CloudStepSeed struct {
	Action  domain.CloudAction
	Granted *domain.CloudResources
	Note    string
}

// CloudRequestSeed is one demo resource request of a unit for one of its systems.
type CloudRequestSeed struct {
	UnitCode, System, Pool string
	Requested              domain.CloudResources
	Justification          string
	Start, End             string // YYYY-MM-DD
	Steps                  []CloudStepSeed
}

func cq(vcpu, mem, storage, bw, ips int64) domain.CloudResources {
	return domain.CloudResources{VCPU: vcpu, MemoryGiB: mem, StorageGiB: storage, BandwidthMbps: bw, PublicIPs: ips}
}

var (
	cSubmit   = CloudStepSeed{Action: domain.CloudSubmit}
	cApprove  = CloudStepSeed{Action: domain.CloudApprove}
	cWithdraw = CloudStepSeed{Action: domain.CloudWithdraw}
)

func cPartly(g domain.CloudResources, note string) CloudStepSeed {
	return CloudStepSeed{Action: domain.CloudApprove, Granted: &g, Note: note}
}

func cReject(note string) CloudStepSeed { return CloudStepSeed{Action: domain.CloudReject, Note: note} }
func cReturn(note string) CloudStepSeed { return CloudStepSeed{Action: domain.CloudReturn, Note: note} }
func cRelease(note string) CloudStepSeed {
	return CloudStepSeed{Action: domain.CloudRelease, Note: note}
}
func cSteps(s ...CloudStepSeed) []CloudStepSeed { return s }

const (
	cpExtranet = "政务外网区资源池"
	cpInternet = "互联网区资源池"
	cpDR       = "灾备资源池"
)

// CloudRequests are the demo requests, in every state, of several units for their own systems,
// including off-cloud systems moving onto the cloud (ENV-R1, ENV-R2).
var CloudRequests = []CloudRequestSeed{
	// Approved in full: they hold capacity.
	{UnitCode: "320507128", System: "政务数据共享交换平台", Pool: cpExtranet, Requested: cq(64, 256, 20480, 500, 0),
		Justification: "共享交换平台扩容，支撑全区部门间数据交换（SHR-P1）", Start: "2025-01-01", End: "2027-12-31", Steps: cSteps(cSubmit, cApprove)},
	{UnitCode: "320507128", System: "人口基础信息库", Pool: cpExtranet, Requested: cq(32, 128, 51200, 200, 0),
		Justification: "人口库数据量增长，扩充数据库节点和存储", Start: "2025-03-01", End: "2028-02-29", Steps: cSteps(cSubmit, cApprove)},
	{UnitCode: "320507128", System: "人口基础信息库", Pool: cpDR, Requested: cq(16, 64, 51200, 100, 0),
		Justification: "人口库同城灾备，按等保三级要求建设数据级容灾", Start: "2025-03-01", End: "2028-02-29", Steps: cSteps(cSubmit, cApprove)},
	{UnitCode: "320507126", System: "相城区政务服务网", Pool: cpInternet, Requested: cq(48, 192, 10240, 1000, 8),
		Justification: "政务服务网面向公众，年度办件量增长，增加应用节点和带宽", Start: "2025-06-01", End: "2028-05-31", Steps: cSteps(cSubmit, cApprove)},
	{UnitCode: "320507119", System: "全民健康信息平台", Pool: cpExtranet, Requested: cq(48, 192, 30720, 300, 0),
		Justification: "接入全区医疗机构诊疗数据，扩充平台计算和存储资源", Start: "2025-09-01", End: "2028-08-31", Steps: cSteps(cSubmit, cApprove)},
	{UnitCode: "320507101", System: "协同办公系统（OA）", Pool: cpExtranet, Requested: cq(16, 64, 4096, 100, 0),
		Justification: "协同办公系统升级改造，新版部署于政务云", Start: "2025-04-01", End: "2027-03-31", Steps: cSteps(cSubmit, cApprove)},
	{UnitCode: "320507201", System: "元和街道门户网站", Pool: cpInternet, Requested: cq(4, 8, 500, 50, 1),
		Justification: "街道门户网站集约化部署", Start: "2025-02-01", End: "2027-01-31", Steps: cSteps(cSubmit, cApprove)},

	// Partially approved, with the office's reasons.
	{UnitCode: "320507105", System: "智慧教育云平台", Pool: cpExtranet, Requested: cq(128, 512, 102400, 1000, 0),
		Justification: "智慧教育云平台覆盖全区中小学，承载在线课堂和资源库", Start: "2025-08-01", End: "2028-07-31",
		Steps: cSteps(cSubmit, cPartly(cq(64, 256, 51200, 500, 0), "按现有在线课堂并发量核定一期资源，二期视使用率另行申请"))},
	{UnitCode: "320507119", System: "电子健康档案管理系统", Pool: cpDR, Requested: cq(32, 128, 40960, 200, 2),
		Justification: "电子健康档案应用级容灾", Start: "2026-01-01", End: "2028-12-31",
		Steps: cSteps(cSubmit, cPartly(cq(16, 64, 40960, 100, 0), "灾备按数据级容灾核定，应用级容灾待演练后再议；灾备区不分配公网IP"))},
	{UnitCode: "320507115", System: "智慧水务平台", Pool: cpExtranet, Requested: cq(32, 128, 20480, 200, 0),
		Justification: "接入全区泵闸站和水质监测数据", Start: "2026-03-01", End: "2029-02-28",
		Steps: cSteps(cSubmit, cPartly(cq(24, 96, 20480, 200, 0), "计算资源按历史峰值的1.5倍核定"))},

	// Submitted, waiting for the office.
	{UnitCode: "320507119", System: "社区卫生服务中心HIS", Pool: cpExtranet, Requested: cq(24, 96, 10240, 200, 0),
		Justification: "社区卫生服务中心HIS由单位机房迁移上云（ENV-R2，随系统升级迁移）", Start: "2027-01-01", End: "2029-12-31", Steps: cSteps(cSubmit)},
	{UnitCode: "320507115", System: "防汛防旱指挥系统", Pool: cpExtranet, Requested: cq(16, 64, 8192, 100, 0),
		Justification: "防汛防旱指挥系统迁移上云，单位机房随之关停（ENV-P2）", Start: "2027-01-01", End: "2029-12-31", Steps: cSteps(cSubmit)},
	{UnitCode: "320507126", System: "一网通办统一受理平台", Pool: cpInternet, Requested: cq(32, 128, 4096, 500, 4),
		Justification: "一网通办受理量增长，需扩容应用集群", Start: "2027-01-01", End: "2029-12-31", Steps: cSteps(cSubmit)},
	{UnitCode: "320507107", System: "低保审核系统", Pool: cpExtranet, Requested: cq(8, 32, 2048, 50, 0),
		Justification: "低保审核系统由单位机房迁移至政务云", Start: "2027-02-01", End: "2030-01-31", Steps: cSteps(cSubmit)},
	{UnitCode: "320507128", System: "城市大脑数据中台", Pool: cpExtranet, Requested: cq(256, 1024, 204800, 2000, 0),
		Justification: "城市大脑数据中台二期：汇聚城市运行数据并支撑实时分析", Start: "2027-01-01", End: "2029-12-31", Steps: cSteps(cSubmit)},

	// Drafts: one new, one returned by the office for more information.
	{UnitCode: "320507105", System: "义务教育招生入学报名平台", Pool: cpInternet, Requested: cq(16, 64, 1024, 500, 2),
		Justification: "招生季并发访问量大，临时扩容", Start: "2027-04-01", End: "2027-09-30"},
	{UnitCode: "320507201", System: "元和街道智慧社区服务平台", Pool: cpExtranet, Requested: cq(8, 32, 2048, 50, 0),
		Justification: "智慧社区服务平台新增社区养老模块", Start: "2027-01-01", End: "2029-12-31",
		Steps: cSteps(cSubmit, cReturn("请补充与区智慧养老服务平台的数据对接方案，避免重复建设（BLD-P3）"))},
	{UnitCode: "320507119", System: "家庭医生签约服务系统", Pool: cpExtranet, Requested: cq(8, 32, 2048, 50, 0),
		Justification: "家庭医生签约服务移动端接入", Start: "2027-03-01", End: "2030-02-28"},
	{UnitCode: "320507123", System: "食品安全监管平台", Pool: cpExtranet, Requested: cq(8, 32, 4096, 50, 0),
		Justification: "食品安全追溯数据接入", Start: "2027-01-01", End: "2029-12-31"},

	// Rejected, with reasons.
	{UnitCode: "320507123", System: "计量器具检定管理系统", Pool: cpInternet, Requested: cq(16, 64, 2048, 200, 4),
		Justification: "系统对外提供查询服务", Start: "2026-01-01", End: "2028-12-31",
		Steps: cSteps(cSubmit, cReject("该系统仅内部使用，不应部署在互联网区；请改为申请政务外网区资源"))},
	{UnitCode: "320507101", System: "网格化社会治理平台", Pool: cpExtranet, Requested: cq(64, 256, 10240, 500, 0),
		Justification: "网格化平台新建视频分析模块", Start: "2026-05-01", End: "2029-04-30",
		Steps: cSteps(cSubmit, cReject("视频分析应复用城市大脑数据中台能力，不予单独分配资源（BLD-P3）"))},

	// Released: capacity given back.
	{UnitCode: "320507201", System: "元和街道网格化管理系统（旧版）", Pool: cpExtranet, Requested: cq(8, 16, 1024, 20, 0),
		Justification: "旧版网格化系统过渡期运行", Start: "2024-01-01", End: "2025-12-31",
		Steps: cSteps(cSubmit, cApprove, cRelease("全区网格化社会治理平台已接替，旧系统闲置，资源释放"))},
	{UnitCode: "320507119", System: "预防接种管理系统", Pool: cpExtranet, Requested: cq(8, 32, 1024, 50, 0),
		Justification: "新冠疫苗接种高峰期临时扩容", Start: "2024-01-01", End: "2024-12-31",
		Steps: cSteps(cSubmit, cApprove, cRelease("接种高峰已过，临时扩容资源释放"))},

	// Withdrawn by the unit.
	{UnitCode: "320507126", System: "政务服务“好差评”系统", Pool: cpInternet, Requested: cq(8, 32, 1024, 100, 1),
		Justification: "好差评系统独立部署", Start: "2026-07-01", End: "2029-06-30", Steps: cSteps(cWithdraw)},
	{UnitCode: "320507115", System: "水资源管理系统", Pool: cpDR, Requested: cq(8, 32, 8192, 50, 0),
		Justification: "水资源数据备份", Start: "2026-06-01", End: "2029-05-31",
		Steps: cSteps(cSubmit, cWithdraw)},
}

// cloudStepActor is the command line in the capacity a step asks for: the info office decides,
// the requesting unit's 责任人 takes the unit's steps.
func cloudStepActor(act domain.CloudAction, unitID int64, unitCode string) domain.Actor {
	if act.Decides() {
		return officeActor()
	}
	return unitHead(unitID, unitCode)
}

// LoadCloud creates the demo pools and requests through the use cases, then replays each
// request's steps, so approvals allocate from their pools exactly as in use.
func LoadCloud(ctx context.Context, svc *app.Service, unitIDs map[string]int64) error {
	cli := app.SystemActor()
	pools := map[string]int64{}
	for _, ps := range CloudPools {
		p := &domain.CloudPool{Name: ps.Name, Description: ps.Description, Capacity: ps.Capacity}
		if err := svc.CreateCloudPool(ctx, cli, p); err != nil {
			return fmt.Errorf("demo: pool %s: %w", ps.Name, err)
		}
		pools[ps.Name] = p.ID
	}
	systems := map[string]*domain.System{}
	err := eachSystem(ctx, svc, store.SystemFilter{Limit: 1000}, func(s *domain.System) error {
		systems[s.Name] = s
		return nil
	})
	if err != nil {
		return err
	}
	for i, rs := range CloudRequests {
		unitID, sys, poolID := unitIDs[rs.UnitCode], systems[rs.System], pools[rs.Pool]
		if unitID == 0 || sys == nil || sys.UnitID != unitID || poolID == 0 {
			return fmt.Errorf("demo: cloud request %d: unit %s, system %q or pool %q unknown", i+1, rs.UnitCode, rs.System, rs.Pool)
		}
		start, err1 := time.Parse(seedDate, rs.Start)
		end, err2 := time.Parse(seedDate, rs.End)
		if err1 != nil || err2 != nil {
			return fmt.Errorf("demo: cloud request %d: bad period %s..%s", i+1, rs.Start, rs.End)
		}
		r := &domain.CloudRequest{UnitID: unitID, SystemID: sys.ID, PoolID: poolID, Requested: rs.Requested,
			Justification: rs.Justification, PeriodStart: start, PeriodEnd: end}
		if err := svc.CreateCloudRequest(ctx, cloudStepActor(domain.CloudSubmit, unitID, rs.UnitCode), r); err != nil {
			return fmt.Errorf("demo: cloud request %d (%s): %w", i+1, rs.System, err)
		}
		for _, st := range rs.Steps {
			next, err := svc.TransitionCloudRequest(ctx, cloudStepActor(st.Action, unitID, rs.UnitCode), r.ID,
				app.CloudStep{Version: r.Version, Action: st.Action, Granted: st.Granted, Note: st.Note})
			if err != nil {
				return fmt.Errorf("demo: cloud request %d (%s): %s: %w", i+1, rs.System, st.Action, err)
			}
			r = next
		}
	}
	return nil
}
