package demo

import (
	"context"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func init() {
	loaders = append(loaders, loader{order: 95, name: "declaration guides", load: LoadGuides})
}

// GuideSeed is one year's demo declaration guide (FLOW-1): its revisions are published in
// turn, each superseding the one before.
type GuideSeed struct {
	Year                            int
	Title, Requirements, Scope, Enc string
	Start, End                      string // the declaration window
	Revisions                       int
}

// Guides are the demo district's guides: 2026's, published a year ago, and 2027's, corrected
// once (its first revision superseded by the second).
var Guides = []GuideSeed{
	{Year: 2026, Title: "相城区2026年度政务信息化项目申报指南", Start: "2025-11-01", End: "2025-11-30", Revisions: 1,
		Requirements: "各单位根据本单位业务需求编制2026年度政务信息化项目计划，经分管区领导审核后报区信息办；新建、升级、改造、续建、运维项目均须纳入年度计划。",
		Scope:        "部门内部业务系统整合；政务云外系统迁移上云；非接入机房关停；部门网站向区政府门户集约。",
		Enc:          "基于城市公共资源库和数据交换共享平台的业务协同；“一网通办”事项的流程再造。"},
	{Year: 2027, Title: "相城区2027年度政务信息化项目申报指南", Start: "2026-11-01", End: "2026-12-15", Revisions: 2,
		Requirements: "各单位于申报期内在平台提交2027年度项目计划，经分管区领导审核后报区信息办；项目立项申请须逐条答复本指南所列治理要求。",
		Scope:        "剩余政务云外系统迁移；人口库、法人库、空间地理库对接改造；新媒体账号整合。",
		Enc:          "跨部门数据共享应用；基层减负“一表通”；数据质量反馈闭环。"},
}

// LoadGuides drafts, publishes and revises the demo guides as the office.
func LoadGuides(ctx context.Context, svc *app.Service, _ map[string]int64) error {
	a := officeActor()
	for _, sd := range Guides {
		start, _ := time.Parse("2006-01-02", sd.Start)
		end, _ := time.Parse("2006-01-02", sd.End)
		g := &domain.Guide{Year: sd.Year, Title: sd.Title, Requirements: sd.Requirements, Scope: sd.Scope, Encouraged: sd.Enc,
			WindowStart: start, WindowEnd: end}
		if err := svc.CreateGuide(ctx, a, g); err != nil {
			return err
		}
		for rev := 1; ; rev++ {
			pub, err := svc.TransitionGuide(ctx, a, g.ID, app.GuideStep{Version: g.Version, Action: domain.GuidePublish})
			if err != nil {
				return err
			}
			if rev == sd.Revisions {
				break
			}
			if g, err = svc.TransitionGuide(ctx, a, pub.ID, app.GuideStep{Version: pub.Version, Action: domain.GuideRevise}); err != nil {
				return err
			}
		}
	}
	return nil
}
