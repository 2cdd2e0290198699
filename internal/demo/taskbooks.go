package demo

import (
	"context"
	"fmt"
	"slices"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func init() {
	loaders = append(loaders, loader{order: 98, name: "task books", load: LoadTaskBooks})
}

// The demo's task books (项目任务书, FLOW-3) and their actuals (BLD-R4). They are issued on the
// day the demo is loaded, like everything the use cases make, but tell the story of projects
// under way: a task book with actuals plans its 招标 three months and its 详细设计 one month
// before the demo's day (both reached), its 实施 and 验收 five and ten months after. The last
// two issued are just issued: the default milestones, all ahead, and nothing recorded yet.
const (
	// taskBooksJustIssued is how many task books (the newest) have no actuals yet.
	taskBooksJustIssued = 2
	// overBudgetPercent is the over-budget task book's spend in its first category, in percent
	// of the approved amount.
	overBudgetPercent = 112
	// lateDays is how many days after its plan the late task book's 详细设计 was reached.
	lateDays = 12
)

// LoadTaskBooks issues the task book of every approved demo application as the office, oldest
// application first, so they are numbered 相信办〔年〕1号 on in that order; then each unit's 责任人
// records the actuals of its task book, all but the taskBooksJustIssued newest: the spend by
// category within the approved budget, the first scope item delivered on every other one, the
// milestones passed reached on time — except the first task book, whose spend in its first
// category is overBudgetPercent of the approved amount (over budget: the one the office's
// to-do and the project page flag), the second, whose 详细设计 was reached lateDays late, and
// the third, whose 详细设计 is past its date and not reached (BLD-R4.milestone-overdue).
// Without approved applications it issues nothing.
func LoadTaskBooks(ctx context.Context, svc *app.Service, units map[string]int64) error {
	office := officeActor()
	var approved []*domain.Project
	for f := (app.ProjectFilter{Status: domain.ProjApproved, Limit: 100}); ; {
		p, err := svc.Projects(ctx, office, f)
		if err != nil {
			return err
		}
		approved = append(approved, p.Items...)
		if p.NextCursor == 0 {
			break
		}
		f.After = p.NextCursor
	}
	slices.SortFunc(approved, func(a, b *domain.Project) int { return int(a.ID - b.ID) })
	codes := map[int64]string{}
	for code, id := range units {
		codes[id] = code
	}
	today := svc.Today()
	withActuals := len(approved) - taskBooksJustIssued
	if withActuals < 1 {
		withActuals = len(approved) // a demo this small shows the over-budget one first
	}
	for i, p := range approved {
		in := app.TaskBookIssue{Version: p.Version}
		if i < withActuals {
			for j, name := range domain.DefaultMilestones {
				in.Milestones = append(in.Milestones, domain.Milestone{Name: name, Planned: today.AddDate(0, []int{-3, -1, 5, 10}[j], 0)})
			}
		}
		t, err := svc.IssueTaskBook(ctx, office, p.ID, in)
		if err != nil {
			return fmt.Errorf("project %d %s: issue: %w", p.ID, p.Name, err)
		}
		if i >= withActuals {
			continue
		}
		if _, err := svc.RecordTaskBookActuals(ctx, unitHead(p.UnitID, codes[p.UnitID]), p.ID, demoActuals(t, i)); err != nil {
			return fmt.Errorf("project %d %s: actuals: %w", p.ID, p.Name, err)
		}
	}
	return nil
}

// demoActuals is what the unit of the i-th task book t reports (see LoadTaskBooks).
func demoActuals(t *domain.TaskBook, i int) app.TaskBookActuals {
	in := app.TaskBookActuals{Version: t.Version, Actuals: domain.Actuals{Spent: []domain.BudgetLine{}, Note: "项目按任务书推进，已完成招标和详细设计。"}}
	pct := int64(20 + 10*(i%5)) // 20 to 60 percent of each category spent
	for j, b := range t.Budget {
		amount := b.Amount * pct / 100
		if i == 0 && j == 0 {
			amount = b.Amount * overBudgetPercent / 100
			in.Note = "实施中需求变更，接口开发工作量增加，支出超出核定预算，已书面报告区信息办。"
		}
		in.Spent = append(in.Spent, domain.BudgetLine{Category: b.Category, Amount: amount})
	}
	if i%2 == 0 && len(t.Scope) > 0 {
		in.Delivered = []string{t.Scope[0].Name}
	}
	for j, m := range t.Milestones {
		if !m.Planned.Before(t.IssuedOn) {
			continue // ahead: not reached
		}
		reached := m.Planned.AddDate(0, 0, -(2 + (i+j)%5))
		if i == 2 && m.Name == "详细设计" {
			in.Note = "详细设计因需求调研未完成尚未通过评审，已超过任务书计划日期。"
			continue // past its date and not reached: BLD-R4.milestone-overdue
		}
		if i == 1 && m.Name == "详细设计" {
			reached = m.Planned.AddDate(0, 0, lateDays)
			in.Note = "详细设计评审意见修改耗时，较计划延后完成，实施阶段将压缩工期追回进度。"
		}
		in.Milestones = append(in.Milestones, domain.MilestoneActual{Name: m.Name, Actual: reached})
	}
	return in
}
