package demo_test

import (
	"slices"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/rules"
)

// noDemoFinding are the default rules the demo cannot violate, and why: the use cases refuse the
// record the rule would find (the rule stands guard behind them).
var noDemoFinding = map[string]string{
	// CreateProject and UpdateProject refuse an application without an item of an accepted plan
	// of its unit and year (plan_item_id), and an accepted plan stays accepted.
	"BLD-P2.plan-item": "an application always has an accepted plan item",
}

// The demo's governance findings (issue 11): every default rule but those of noDemoFinding has
// findings, on the violating records and not on the compliant ones beside them; none for the
// systems the district cannot move (XC-SYS-0043 市人社局统建, XC-SYS-0036 省司法行政专网); a rule
// enforced "deny" at a gate finds a record kept before that gate, which the gate would refuse;
// and the demo ends swept: a sweep on the same day changes nothing.
func TestDemoRuleFindings(t *testing.T) {
	onEveryBackend(t, november, func(t *testing.T, svc *app.Service) {
		live, err := svc.Findings(ctx, cli, app.FindingFilter{Limit: 2000})
		if err != nil {
			t.Fatal(err)
		}
		byRule := map[string][]*domain.Finding{}
		for _, f := range live.Items {
			byRule[f.RuleID] = append(byRule[f.RuleID], f)
			if f.MessageZH == "" || f.MessageEN == "" || len(f.Clauses) == 0 || f.RuleVersion < 1 {
				t.Errorf("finding %d of %s: %+v", f.ID, f.RuleID, f)
			}
		}
		for _, r := range rules.Default().Rules {
			_, none := noDemoFinding[r.ID]
			if n := len(byRule[r.ID]); n == 0 && !none {
				t.Errorf("no demo finding of %s", r.ID)
			} else if n > 0 && none {
				t.Errorf("%d demo findings of %s, which the use cases should not let happen", n, r.ID)
			}
		}
		names := func(id string) []string {
			var out []string
			for _, f := range byRule[id] {
				out = append(out, f.SubjectName)
			}
			return out
		}
		// found: each rule's findings name the violating records and not the compliant ones.
		found := func(id string, violating, compliant []string) {
			t.Helper()
			got := names(id)
			for _, v := range violating {
				if !slices.Contains(got, v) {
					t.Errorf("%s: %s violates it but is not found: %v", id, v, got)
				}
			}
			for _, c := range compliant {
				if slices.Contains(got, c) {
					t.Errorf("%s: %s complies but is found: %v", id, c, got)
				}
			}
		}
		// ENV-P1: off the cloud without a plan, and not the systems out of its scope.
		found("ENV-P1.off-cloud", []string{"XC-SYS-0014 电子政务外网网络管理系统", "XC-SYS-0139 黄埭镇网格化管理系统"},
			[]string{"XC-SYS-0043 社会保险经办系统", "XC-SYS-0036 社区矫正信息管理系统"})
		// BLD-R5: idle for nine months is a finding, idle for two is not yet.
		found("BLD-R5.cleanup-not-filed", []string{"XC-SYS-0012 价格监测系统"}, []string{"XC-SYS-0023 教师继续教育管理系统"})
		// ENV-R2 (an O&M project): 区经信局's draft keeps up 政务外网安全接入平台, off the cloud without
		// a migration plan, and answers ENV-R2 partly; the drafts moving systems whose migration is
		// under way comply.
		found("ENV-R2.migration-in-scope", []string{"网络安全态势感知平台运维"}, []string{"不动产登记系统迁移上云", "防汛防旱指挥系统迁移上云"})
		// SHR-R3: the draft without its pre-compiled catalog, not the drafts with theirs.
		found("SHR-R3.pre-compiled-catalog", []string{"食品安全监管平台升级"}, []string{"协同办公系统（OA）移动端升级", "不动产登记系统迁移上云"})
		// SHR-R4: the project applying for acceptance with its catalog entry registered, not yet
		// published; the accepted one has published its entry.
		found("SHR-R4.catalog-published", []string{"国库集中支付系统迁移上云"}, []string{"房产交易与网签备案系统迁移上云"})
		// SHR-R5: the 社会信用库, whose authoritative provider is not yet settled; the others have theirs.
		found("SHR-R5.no-provider", []string{"社会信用库"}, []string{"人口库", "法人库", "空间地理库", "电子证照库"})
		// ORG-1: 清水村 has named neither its 责任人 nor its 联系人; its neighbours in 阳澄湖镇 have.
		found("ORG-1.people-missing", []string{"清水村"}, []string{"莲花村", "消泾村", "阳澄湖镇"})

		// The gates would refuse what the rules enforce "deny" there: the draft extending a machine
		// room at submission (ENV-R1), the O&M draft at approval (ENV-R2), the acceptance of the
		// project whose catalog is not published (SHR-R4).
		for _, c := range []struct {
			rule string
			gate rules.Gate
		}{{"ENV-R1.no-machine-room-build", rules.GateSubmit}, {"ENV-R2.migration-in-scope", rules.GateApprove},
			{"SHR-R4.catalog-published", rules.GateAccept}} {
			if len(byRule[c.rule]) == 0 {
				continue // said above
			}
			f := byRule[c.rule][0]
			vs, err := svc.GateCheck(ctx, cli, f.SubjectID, c.gate)
			if err != nil || !slices.ContainsFunc(vs, func(v app.GateViolation) bool { return v.Rule == c.rule && v.Enforcement == rules.Deny }) {
				t.Errorf("the %s gate of %s: %+v %v", c.gate, f.SubjectName, vs, err)
			}
		}

		// BLD-P2 behind the use cases: every demo application has an item of an accepted plan, and
		// one without is refused.
		ps, err := svc.Projects(ctx, cli, app.ProjectFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ps.Items {
			p, err := svc.Project(ctx, cli, x.ID)
			if err != nil || p.PlanItem == nil || p.PlanItem.PlanStatus != domain.APAccepted {
				t.Errorf("application %d %s: plan item %+v (%v)", x.ID, x.Name, p.PlanItem, err)
			}
		}
		one := ps.Items[0]
		err = svc.CreateProject(ctx, cli, &domain.Project{UnitID: one.UnitID, Year: one.Year, Name: "未列入年度计划的项目", Kind: domain.ItemUpgrade,
			KeyCategory: domain.KeyNone, RoomWork: domain.RoomWorkNone, NoData: true})
		if x := domain.AsError(err); x.Code != domain.EInvalid || !slices.ContainsFunc(append([]*domain.Error{x}, x.More...), func(f *domain.Error) bool {
			return f.Field == "plan_item_id"
		}) {
			t.Errorf("an application without a plan item: %v", err)
		}

		// Swept: the same day's sweep finds what is already there.
		n, err := svc.Sweep(ctx, cli)
		if err != nil || n.Opened != 0 || n.Resolved != 0 || n.Errors != 0 || n.Subjects == 0 {
			t.Errorf("a second sweep changed things: %+v %v", n, err)
		}
	})
}
