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
	loaders = append(loaders, loader{order: 20, name: "machine rooms", load: LoadRooms})
}

// RoomSeed is one demo machine room (ENV-P2, ENV-P3, ENV-R3).
type RoomSeed struct {
	UnitCode, Name, Address, AreaM2 string
	Racks                           int
	Kind                            domain.RoomKind
	Basis                           string // exemption basis document, or the on-site justification
	Onsite                          bool
	Status                          domain.RoomStatus // where the closing has got to
	Plan                            string            // the closing plan in words, for rooms closing or closed
	Milestones                      []MilestoneSeed
	Closed                          string // "2020-06-30", for closed rooms
}

// MilestoneSeed is one step of a demo room's closing plan.
type MilestoneSeed struct{ Title, Due, Done string }

// Rooms is the demo district's machine rooms: access rooms and rooms kept by a higher level's
// order, with their documents; on-site production; rooms of kind 其他 closed before or after
// the 2020-08-22 deadline; and some still in use or closing past it (ENV-R3 findings). Rooms
// are named as the systems' hosting notes name them, so LoadRooms links those systems.
var Rooms = []RoomSeed{
	{UnitCode: "320507104", Name: "区经信局网络中心机房（电子政务外网核心接入机房）", Address: "相城区行政中心B座3楼", AreaM2: "180", Racks: 14, Kind: domain.RoomAccess,
		Basis: "《江苏省电子政务外网建设管理办法》（苏政办发〔2017〕88号）", Status: domain.RoomInUse},
	{UnitCode: "320507126", Name: "区政务服务中心接入机房", Address: "相城区政务服务中心1楼", AreaM2: "40", Racks: 4, Kind: domain.RoomAccess,
		Basis: "《苏州市电子政务外网接入规范》（苏数据〔2019〕6号）", Status: domain.RoomInUse},
	{UnitCode: "320507201", Name: "元和街道电子政务外网接入机房", Address: "元和街道办事处2楼", AreaM2: "18", Racks: 2, Kind: domain.RoomAccess,
		Basis: "《苏州市电子政务外网接入规范》（苏数据〔2019〕6号）", Status: domain.RoomInUse},
	{UnitCode: "320507106", Name: "区公安分局机房", Address: "相城分局指挥中心大楼5楼", AreaM2: "260", Racks: 32, Kind: domain.RoomMandated,
		Basis: "苏州市公安局《关于保留各分局公安信息网机房的通知》（苏公通〔2019〕35号）", Status: domain.RoomInUse},
	{UnitCode: "320507129", Name: "区税务局机房", Address: "相城区税务局办公楼4楼", AreaM2: "90", Racks: 10, Kind: domain.RoomMandated,
		Basis: "国家税务总局《关于税务系统机房及网络保留事项的通知》（税总办发〔2018〕102号）", Status: domain.RoomInUse},
	{UnitCode: "320507111", Name: "自然资源和规划分局机房（不动产登记中心）", Address: "不动产登记中心3楼", AreaM2: "75", Racks: 8, Kind: domain.RoomMandated,
		Basis: "自然资源部《关于做好不动产登记信息管理基础平台接入工作的通知》（自然资办发〔2019〕29号）", Status: domain.RoomInUse},
	{UnitCode: "320507115", Name: "区水务局防汛指挥中心机房", Address: "区水务局防汛指挥中心", AreaM2: "55", Racks: 6, Kind: domain.RoomOther, Onsite: true,
		Basis: "水情遥测接收和泵闸控制设备须在指挥中心现场运行（现场生产，ENV-P3）", Status: domain.RoomInUse},
	{UnitCode: "320507119", Name: "区急救中心调度机房", Address: "区急救中心2楼", AreaM2: "35", Racks: 4, Kind: domain.RoomOther, Onsite: true,
		Basis: "120呼救受理交换机和录音设备须在调度大厅现场运行（现场生产，ENV-P3）", Status: domain.RoomInUse},

	// Kind 其他, closed: the plan said how, the date says when.
	{UnitCode: "320507126", Name: "区行政审批局机房（区政务服务中心）", Address: "相城区政务服务中心3楼", AreaM2: "120", Racks: 12, Kind: domain.RoomOther,
		Status: domain.RoomClosed, Plan: "网上审批系统由一网通办统一受理平台替代后下线，设备交区数据局统一处置", Closed: "2020-06-30"},
	{UnitCode: "320507123", Name: "区市场监督管理局机房", Address: "区市场监督管理局办公楼2楼", AreaM2: "45", Racks: 5, Kind: domain.RoomOther,
		Status: domain.RoomClosed, Plan: "业务系统随省市场监管一体化平台上线停用", Closed: "2019-12-20"},
	{UnitCode: "320507110", Name: "区人社局机房", Address: "区人力资源和社会保障局1楼", AreaM2: "60", Racks: 6, Kind: domain.RoomOther,
		Status: domain.RoomClosed, Plan: "社保经办系统迁入政务云", Closed: "2020-07-15"},
	{UnitCode: "320507118", Name: "区文体旅局机房", Address: "区文化中心4楼", AreaM2: "25", Racks: 3, Kind: domain.RoomOther,
		Status: domain.RoomClosed, Plan: "门户网站并入区政府网站集约化平台", Closed: "2019-10-31"},
	{UnitCode: "320507208", Name: "渭塘镇政府机房", Address: "渭塘镇人民政府3楼", AreaM2: "30", Racks: 3, Kind: domain.RoomOther,
		Status: domain.RoomClosed, Plan: "镇级系统迁入区政务云", Closed: "2020-05-29"},
	{UnitCode: "320507201", Name: "元和街道办事处机房", Address: "元和街道办事处3楼", AreaM2: "28", Racks: 3, Kind: domain.RoomOther,
		Status: domain.RoomClosed, Plan: "网格和综治系统迁入政务云，接入设备并入街道接入机房", Closed: "2021-03-15"},

	// Kind 其他, past the deadline (ENV-R3): two closing, four still in use.
	{UnitCode: "320507105", Name: "区教育局机房（教育城域网中心）", Address: "区教育局信息中心", AreaM2: "150", Racks: 16, Kind: domain.RoomOther,
		Status: domain.RoomClosing, Milestones: []MilestoneSeed{
			{Title: "教育城域网管理系统上云方案通过评审", Due: "2024-06-30", Done: "2024-06-20"},
			{Title: "校园安全视频监控平台迁移至政务云", Due: "2025-12-31"},
			{Title: "机房设备下电，资产移交区数据局", Due: "2026-06-30"},
		}},
	{UnitCode: "320507109", Name: "区财政局机房", Address: "区财政局办公楼5楼", AreaM2: "70", Racks: 8, Kind: domain.RoomOther,
		Status: domain.RoomClosing, Plan: "国库集中支付系统随预算管理一体化系统升级迁入政务云，完成后关停"},
	{UnitCode: "320507101", Name: "区政府办公室视频会议机房", Address: "相城区行政中心A座2楼", AreaM2: "40", Racks: 4, Kind: domain.RoomOther, Status: domain.RoomInUse},
	{UnitCode: "320507119", Name: "区卫健委数据中心机房", Address: "区卫生健康委员会6楼", AreaM2: "110", Racks: 12, Kind: domain.RoomOther, Status: domain.RoomInUse},
	{UnitCode: "320507107", Name: "区民政局机房", Address: "区民政局办公楼2楼", AreaM2: "30", Racks: 3, Kind: domain.RoomOther, Status: domain.RoomInUse},
	{UnitCode: "320507303", Name: "度假区管委会机房", Address: "阳澄湖度假区管委会1楼", AreaM2: "35", Racks: 4, Kind: domain.RoomOther, Status: domain.RoomInUse},
}

func seedDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(seedDate, s)
}

// LoadRooms creates the demo rooms through the use cases as the command line, links the demo
// systems hosted in a unit machine room to the room their hosting note names, then replays
// each room's closing (plan, start_closing, close), so validation and audit apply as for any
// other change. Systems are linked before any room closes: a closed room hosting a system in
// service would be refused.
func LoadRooms(ctx context.Context, svc *app.Service, unitIDs map[string]int64) error {
	cli := app.SystemActor()
	type key struct {
		unit int64
		name string
	}
	rooms := map[key]*domain.MachineRoom{}
	for _, s := range Rooms {
		unitID := unitIDs[s.UnitCode]
		if unitID == 0 {
			return fmt.Errorf("room %s: unknown unit %s", s.Name, s.UnitCode)
		}
		m := &domain.MachineRoom{UnitID: unitID, Name: s.Name, Address: s.Address, AreaM2: s.AreaM2, Racks: s.Racks,
			Kind: s.Kind, ExemptionBasis: s.Basis, Onsite: s.Onsite}
		if err := svc.CreateMachineRoom(ctx, cli, m); err != nil {
			return fmt.Errorf("room %s: %w", s.Name, err)
		}
		rooms[key{unitID, s.Name}] = m
	}

	// The systems in unit machine rooms name their room.
	err := eachSystem(ctx, svc, store.SystemFilter{Hosting: domain.HostingRoom}, func(sys *domain.System) error {
		m := rooms[key{sys.UnitID, sys.HostingNote}]
		if m == nil {
			return nil
		}
		if _, err := svc.UpdateSystem(ctx, cli, sys.ID, app.SystemEdit{Version: sys.Version, RoomID: &m.ID}); err != nil {
			return fmt.Errorf("system %s in room %s: %w", sys.Code, m.Name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}

	for _, s := range Rooms {
		// Read again: assigning its systems raised the room's version.
		m, err := svc.MachineRoom(ctx, cli, rooms[key{unitIDs[s.UnitCode], s.Name}].ID)
		if err != nil {
			return fmt.Errorf("room %s: %w", s.Name, err)
		}
		for _, ms := range s.Milestones {
			due, err1 := seedDay(ms.Due)
			done, err2 := seedDay(ms.Done)
			if err1 != nil || err2 != nil {
				return fmt.Errorf("room %s: milestone %s: dates are not YYYY-MM-DD", s.Name, ms.Title)
			}
			plan, err := svc.EditRoomMilestone(ctx, cli, m.ID, 0, app.MilestoneEdit{Version: m.Version, Title: ms.Title, Due: due, Done: done}, false)
			if err != nil {
				return fmt.Errorf("room %s: milestone %s: %w", s.Name, ms.Title, err)
			}
			m.Version = plan.Version
		}
		if s.Status == domain.RoomInUse {
			continue
		}
		if m, err = svc.TransitionRoom(ctx, cli, m.ID, app.RoomStep{Version: m.Version, Action: domain.RoomStartClosing, Note: s.Plan}); err != nil {
			return fmt.Errorf("room %s: start closing: %w", s.Name, err)
		}
		if s.Status != domain.RoomClosed {
			continue
		}
		closed, err := seedDay(s.Closed)
		if err != nil || closed.IsZero() {
			return fmt.Errorf("room %s: closed date %q is not YYYY-MM-DD", s.Name, s.Closed)
		}
		if _, err := svc.TransitionRoom(ctx, cli, m.ID, app.RoomStep{Version: m.Version, Action: domain.RoomClose, ClosedDate: closed}); err != nil {
			return fmt.Errorf("room %s: close: %w", s.Name, err)
		}
	}
	return nil
}
