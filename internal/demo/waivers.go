package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func init() {
	loaders = append(loaders, loader{order: 110, name: "waivers", load: LoadWaivers})
}

// WaiverSeed is a demo waiver (豁免, issue 11): the finding it sets aside (the rule and the
// record, named as its finding names it), the unit's reason, how long from the load it holds,
// and whether the office has approved it (else it waits for the office).
type WaiverSeed struct {
	UnitCode string
	Rule     string
	Subject  string // the start of the finding's record name: a system's code, a room's name
	Reason   string
	Months   int
	Approve  string // the office's comment on approving; "" leaves the request waiting
}

// Waivers are the demo's waivers: one the office approved (a call centre off the cloud while
// its operator's contract runs, without a migration plan till then: ENV-R2) and one waiting for it (a video-conference room kept
// until the new meeting centre opens, ENV-R3).
var Waivers = []WaiverSeed{
	{UnitCode: "320507107", Rule: domain.RuleNoMigration, Subject: "XC-SYS-0035",
		Reason: "居家养老服务呼叫中心的语音中继、坐席和录音设备由运营商按服务合同部署在其机房，合同至明年三季度末；" +
			"合同到期前随“智慧养老服务平台续建”项目完成迁移上云，期间不再扩容。",
		Months: 9, Approve: "同意豁免至合同到期。请在续建项目申报时将迁移上云列入建设内容（ENV-R2），到期前报送迁移计划。"},
	{UnitCode: "320507101", Rule: domain.RuleRoomOverdue, Subject: "区政府办公室视频会议机房",
		Reason: "视频会议机房承载省、市、区三级视频会议的MCU和专线终端，须与省市视频会议专网直连，暂无法迁入政务云；" +
			"拟在行政中心新会议中心启用后整体迁移并关停本机房。",
		Months: 6},
}

// LoadWaivers files the demo waivers through the use cases: each unit's 责任人 asks, the office
// approves those the demo approves. Their findings are those the saves before found.
func LoadWaivers(ctx context.Context, svc *app.Service, units map[string]int64) error {
	office := officeActor()
	today := svc.Today()
	for _, w := range Waivers {
		unit := units[w.UnitCode]
		fs, err := svc.Findings(ctx, office, app.FindingFilter{UnitID: unit, RuleID: w.Rule, Status: domain.FindingOpen, Limit: 100})
		if err != nil {
			return err
		}
		var f *domain.Finding
		for _, x := range fs.Items {
			if strings.HasPrefix(x.SubjectName, w.Subject) {
				f = x
			}
		}
		if f == nil {
			return fmt.Errorf("waiver: no open finding of %s on %s", w.Rule, w.Subject)
		}
		x, err := svc.RequestWaiver(ctx, unitHead(unit, w.UnitCode), app.WaiverRequest{FindingID: f.ID, Reason: w.Reason,
			ExpiresOn: monthEnd(today.AddDate(0, w.Months, 0))})
		if err != nil {
			return fmt.Errorf("waiver of %s on %s: %w", w.Rule, w.Subject, err)
		}
		if w.Approve != "" {
			if _, err := svc.TransitionWaiver(ctx, office, x.ID, app.WaiverStep{Version: x.Version, Action: domain.WaiverApprove, Comment: w.Approve}); err != nil {
				return fmt.Errorf("approve the waiver of %s on %s: %w", w.Rule, w.Subject, err)
			}
		}
	}
	return nil
}

// monthEnd is the last day of t's month (a waiver of up to 11 months stays within a year,
// domain.MaxWaiverDays).
func monthEnd(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC)
}
