package domain

import (
	"bufio"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// TaskBook is the task book (项目任务书, FLOW-3) the office issues for an approved project: a
// numbered document addressed to the unit that fixes the project's control indicators — the
// approved budget in total and by category, the scope, the cloud resource quota, the
// milestones — and carries the governance requirements the application answered into the
// build requirements and, for what is procured, the procurement requirements. The unit builds
// within the indicators (BLD-R4): it records what it spent, delivered and reached. Whether that
// deviates from the indicators is judged by the governance rules over its application
// (BLD-R4.*, internal/rules), not here.
//
// One task book per project. Budgets are whole yuan (元); dates are days (midnight UTC).
type TaskBook struct {
	ID             int64             `json:"id"`
	ProjectID      int64             `json:"project_id"`
	UnitID         int64             `json:"unit_id"`
	Year           int               `json:"year"` // the project's year
	ProjectName    string            `json:"project_name"`
	Addressee      string            `json:"addressee"` // 主送: the unit's name when issued
	Issuer         string            `json:"issuer"`    // 发文机关: the office's name when issued
	Number         DocNumber         `json:"number"`
	DocNumber      string            `json:"doc_number"` // Number as printed: 相信办〔2026〕12号
	IssuedOn       time.Time         `json:"issued_on"`
	ApprovedBudget int64             `json:"approved_budget"`
	Budget         []BudgetLine      `json:"budget"` // the approved budget by category; sums to ApprovedBudget
	Scope          []ScopeItem       `json:"scope"`
	Quota          CloudResources    `json:"quota"` // the cloud resources it may use (ENV-R1)
	Milestones     []Milestone       `json:"milestones"`
	Requirements   []TaskRequirement `json:"requirements"` // build requirements; those with procurement also procurement requirements
	// DupVerdicts are the office's verdicts of the duplicate check on its application (issue 15)
	// as they stood at issue: the function points not approved (excluded from the scope) and the
	// budget cuts, already deducted from ApprovedBudget by the approval.
	DupVerdicts []DupVerdict `json:"dup_verdicts"`
	Spent       []BudgetLine `json:"spent"` // actual spend by category, as the unit last recorded it
	ActualsNote string       `json:"actuals_note"`
	ActualsOn   time.Time    `json:"actuals_on,omitzero"` // when the unit last recorded actuals
	Version     int64        `json:"version"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
	// supervision (FLOW-5): the logins of its project's supervision unit, read by the service.
	Supervisors []int64 `json:"-"`
	// spot checks (FLOW-4): the logins drawn to inspect its project, read by the service.
	Inspectors []int64 `json:"-"`
	// rectification (FLOW-4): a notice of its project is for the finance and audit bureaus.
	Bureaus bool `json:"-"`
}

// ScopeItem is one item of the construction scope, and whether the unit reports it delivered.
type ScopeItem struct {
	Name      string `json:"name"`
	Delivered bool   `json:"delivered"`
}

// Milestone is a stage with its planned date and, once reached, its actual date.
type Milestone struct {
	Name    string    `json:"name"`
	Planned time.Time `json:"planned"`
	Actual  time.Time `json:"actual,omitzero"`
}

// TaskRequirement is a governance requirement carried into the task book (FLOW-3): the clause
// and its text as the answered guide revision words it, the application's answer (and its plan
// when it complies partly), and whether it is also a procurement requirement.
type TaskRequirement struct {
	Clause      string         `json:"clause"`
	Text        string         `json:"text"`
	Answer      ResponseAnswer `json:"answer"`
	Plan        string         `json:"plan"`
	Procurement bool           `json:"procurement"`
}

// DefaultMilestones are the stages a task book plans unless the office names others: the
// stages FLOW-4 checks (招标, 详细设计, 验收) and the build between them.
var DefaultMilestones = []string{"招标", "详细设计", "实施", "验收"}

// The bounds of a task book's lists and texts.
const (
	MaxTaskScope      = 50
	MaxTaskMilestones = 20
	maxScopeText      = 200
	maxMilestoneName  = 50
)

// AllocateBudget is the approved budget by category: the application's budget lines scaled to
// the approved total, pro rata, whole yuan, the yuan left by rounding down given to the lines
// with the largest remainders (then in order), so the lines sum to approved exactly.
func AllocateBudget(lines []BudgetLine, approved int64) []BudgetLine {
	var total int64
	for _, l := range lines {
		total += l.Amount
	}
	out := make([]BudgetLine, len(lines))
	if total <= 0 {
		copy(out, lines)
		return out
	}
	rem := make([]int64, len(lines))
	var given int64
	for i, l := range lines {
		q, r := mulDiv(l.Amount, approved, total)
		out[i], rem[i] = BudgetLine{Category: l.Category, Amount: q}, r
		given += q
	}
	order := make([]int, len(lines))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case rem[a] > rem[b]:
			return -1
		case rem[a] < rem[b]:
			return 1
		}
		return 0
	})
	for k := 0; given < approved && k < len(order); k++ {
		out[order[k]].Amount++
		given++
	}
	return out
}

// mulDiv is a*b/c and its remainder, exact: the product in 128 bits (a ≤ c, so the quotient
// fits).
func mulDiv(a, b, c int64) (q, r int64) {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	uq, ur := bits.Div64(hi, lo, uint64(c))
	return int64(uq), int64(ur)
}

// ScopeFrom makes the scope of a task book from an application: a build item per new system,
// then each non-empty line of the construction content, at most MaxTaskScope items.
func ScopeFrom(p *Project) []ScopeItem {
	var out []ScopeItem
	for _, n := range p.NewSystems {
		out = append(out, ScopeItem{Name: clip("建设"+n.Name, maxScopeText)})
	}
	sc := bufio.NewScanner(strings.NewReader(p.Content))
	for sc.Scan() && len(out) < MaxTaskScope {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, ScopeItem{Name: clip(l, maxScopeText)})
		}
	}
	if len(out) > MaxTaskScope {
		out = out[:MaxTaskScope]
	}
	if out == nil {
		out = []ScopeItem{}
	}
	return out
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// RequirementsFrom carries the governance requirements of the guide revision the application
// answered into the task book (FLOW-3), in the guide's order: each requirement answered
// 符合 or 部分符合 (with its plan) — one answered 不适用 does not apply to this project — as a
// build requirement and, unless procurement names a subset (nil: all), a procurement one.
func RequirementsFrom(g *Guide, p *Project, procurement []string) []TaskRequirement {
	out := []TaskRequirement{}
	for _, it := range g.Items {
		r, ok := p.Response(it.Clause)
		if !ok || r.Answer == AnswerNA {
			continue
		}
		t := TaskRequirement{Clause: it.Clause, Text: it.Text, Answer: r.Answer, Procurement: procurement == nil || slices.Contains(procurement, it.Clause)}
		if r.Answer == AnswerPartial {
			t.Plan = r.Text
		}
		out = append(out, t)
	}
	return out
}

// CheckPlan checks what the office sets at issue: the scope (at least one item) and the
// milestones (at least one, each named once with its planned date), every problem at once.
func (t *TaskBook) CheckPlan() error {
	var errs Problems
	errs.Check(len(t.Scope) == 0, "scope", "err.required")
	errs.Check(len(t.Scope) > MaxTaskScope, "scope", "err.project.too_many", MaxTaskScope)
	for i := range t.Scope {
		s := &t.Scope[i]
		trimSpace(&s.Name)
		errs.Check(s.Name == "" || utf8.RuneCountInString(s.Name) > maxScopeText, row("scope", i)+"name", "err.required_len", maxScopeText)
	}
	errs.Check(len(t.Milestones) == 0, "milestones", "err.required")
	errs.Check(len(t.Milestones) > MaxTaskMilestones, "milestones", "err.project.too_many", MaxTaskMilestones)
	seen := map[string]bool{}
	for i := range t.Milestones {
		m := &t.Milestones[i]
		trimSpace(&m.Name)
		f := row("milestones", i)
		errs.Check(m.Name == "" || utf8.RuneCountInString(m.Name) > maxMilestoneName || seen[m.Name], f+"name", "err.taskbook.milestone_name", maxMilestoneName)
		seen[m.Name] = true
		errs.Check(m.Planned.IsZero(), f+"planned", "err.required")
		m.Planned, m.Actual = Day(m.Planned), Time0(m.Actual)
	}
	t.nonNil()
	return errs.Err()
}

// Time0 is the day of t, or the zero time for a zero t.
func Time0(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return Day(t)
}

// Actuals is what the unit records against the indicators (BLD-R4): the spend by category so
// far, the scope items delivered (by name), each milestone reached with its date, a note.
type Actuals struct {
	Spent      []BudgetLine      `json:"spent"`
	Delivered  []string          `json:"delivered"`
	Milestones []MilestoneActual `json:"milestones"`
	Note       string            `json:"note"`
}

// MilestoneActual is the date a milestone was reached; a zero date: not reached.
type MilestoneActual struct {
	Name   string    `json:"name"`
	Actual time.Time `json:"actual,omitzero"`
}

// Record applies the actuals to t, every problem at once: categories known and named once,
// amounts within range, delivered items and milestones of the task book, no date after today.
// Items and milestones not named keep what they had.
func (t *TaskBook) Record(in Actuals, today time.Time) error {
	var errs Problems
	trimSpace(&in.Note)
	errs.Check(utf8.RuneCountInString(in.Note) > maxProjectText, "note", "err.too_long", maxProjectText)
	errs.Check(len(in.Spent) > len(ItemCategories), "spent", "err.project.too_many", len(ItemCategories))
	seen := map[ItemCategory]bool{}
	spent := []BudgetLine{}
	for i, b := range in.Spent {
		f := row("spent", i)
		errs.Check(!slices.Contains(ItemCategories, b.Category) || seen[b.Category], f+"category", "err.project.category")
		errs.Check(b.Amount < 0 || b.Amount > MaxProjectBudget, f+"amount", "err.range", 0, MaxProjectBudget)
		seen[b.Category] = true
		spent = append(spent, b)
	}
	slices.SortStableFunc(spent, func(a, b BudgetLine) int {
		return slices.Index(ItemCategories, a.Category) - slices.Index(ItemCategories, b.Category)
	})
	for i, name := range in.Delivered {
		j := slices.IndexFunc(t.Scope, func(s ScopeItem) bool { return s.Name == strings.TrimSpace(name) })
		if !errs.Check(j < 0, "delivered."+strconv.Itoa(i), "err.taskbook.no_scope", name) {
			t.Scope[j].Delivered = true
		}
	}
	for i, m := range in.Milestones {
		f := row("milestones", i)
		j := slices.IndexFunc(t.Milestones, func(x Milestone) bool { return x.Name == strings.TrimSpace(m.Name) })
		if errs.Check(j < 0, f+"name", "err.taskbook.no_milestone", m.Name) {
			continue
		}
		if errs.Check(!m.Actual.IsZero() && Day(m.Actual).After(Day(today)), f+"actual", "err.taskbook.future") {
			continue
		}
		t.Milestones[j].Actual = Time0(m.Actual)
	}
	t.Spent, t.ActualsNote, t.ActualsOn = spent, in.Note, Day(today)
	return errs.Err()
}

// SpentTotal is the total spend recorded.
func (t *TaskBook) SpentTotal() int64 {
	var n int64
	for _, s := range t.Spent {
		n += s.Amount
	}
	return n
}

// Approved is the approved amount of a category (0 when the task book has none for it).
func (t *TaskBook) Approved(c ItemCategory) int64 {
	for _, b := range t.Budget {
		if b.Category == c {
			return b.Amount
		}
	}
	return 0
}

// Procurement lists the requirements that are also procurement requirements.
func (t *TaskBook) Procurement() []TaskRequirement {
	return slices.DeleteFunc(slices.Clone(t.Requirements), func(r TaskRequirement) bool { return !r.Procurement })
}

func (t *TaskBook) nonNil() {
	if t.Budget == nil {
		t.Budget = []BudgetLine{}
	}
	if t.Scope == nil {
		t.Scope = []ScopeItem{}
	}
	if t.Milestones == nil {
		t.Milestones = []Milestone{}
	}
	if t.DupVerdicts == nil {
		t.DupVerdicts = []DupVerdict{}
	}
	if t.Requirements == nil {
		t.Requirements = []TaskRequirement{}
	}
	if t.Spent == nil {
		t.Spent = []BudgetLine{}
	}
}

// NonNil gives every list of t an empty value instead of nil (JSON [] rather than null).
func (t *TaskBook) NonNil() { t.nonNil() }
