package domain

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The duplicate-construction check on an application (应用查重, issue 15; BLD-P3, SHR-R1): the
// application names its function points (功能点); the check (dupcheck.go) ranks what the
// district already has against them; the unit answers each match above the threshold before it
// may submit (reuse it, integrate with it, or say why it differs); the office records, per
// overlapping function point, that it is not approved (duplicates a match) or that the budget is
// cut for it. The verdicts carry into the approval (the approved budget stays within the total
// less the cuts) and into the task book (TaskBook.DupVerdicts).

// DupReply is the unit's answer to a match.
type DupReply string

// DupVerdictKind is the office's verdict on an overlapping function point.
type DupVerdictKind string

const (
	DupReuse     DupReply = "reuse"     // 复用: it uses the existing thing instead of building its own
	DupIntegrate DupReply = "integrate" // 对接整合: it integrates with it
	DupDiffers   DupReply = "differs"   // 有差异: it differs, and the reason says how

	DupNotApproved DupVerdictKind = "not_approved" // 不予建设: the function point duplicates the match
	DupCut         DupVerdictKind = "cut"          // 核减预算: partial overlap, the budget is cut by Amount
)

// The enumerations in display order.
var (
	DupReplies      = []DupReply{DupReuse, DupIntegrate, DupDiffers}
	DupVerdictKinds = []DupVerdictKind{DupNotApproved, DupCut}
)

// DupAnswer is the unit's answer to one match of the check, by the match's kind and id. Name is
// the match's name as the service read it when the answer was saved (for display).
type DupAnswer struct {
	Kind   DupKind  `json:"kind"`
	ID     int64    `json:"id"`
	Name   string   `json:"name,omitempty"`
	Answer DupReply `json:"answer"`
	Reason string   `json:"reason"`
}

// DupVerdict is the office's verdict on one function point of the application that overlaps a
// match (Kind, ID, Name as the service read it): not approved, or a budget cut of Amount 元.
type DupVerdict struct {
	Function string         `json:"function"`
	Verdict  DupVerdictKind `json:"verdict"`
	Kind     DupKind        `json:"kind"`
	ID       int64          `json:"id"`
	Name     string         `json:"name,omitempty"`
	Amount   int64          `json:"amount,omitempty"` // 元, for a cut
	Note     string         `json:"note"`
}

// The bounds of the function points, the answers and the verdicts.
const (
	MaxFunctions      = 50
	minFunctionLen    = 2
	maxFunctionLen    = 60
	minDiffersReason  = 10
	maxDupText        = 500
	MaxDupAnswers     = 100
	DupShown          = 10 // the matches an application's page shows, and the submission checks
	maxDupVerdictNote = 500
)

// DupAnswerField is the field of the answer to a match: dup_answers.<kind>.<id>.
func DupAnswerField(k DupKind, id int64) string {
	return "dup_answers." + string(k) + "." + strconv.FormatInt(id, 10)
}

// DupVerdictField is the field of the verdict on function point i (its index in Functions):
// dup_verdicts.<i>.
func DupVerdictField(i int) string { return "dup_verdicts." + strconv.Itoa(i) }

// DupKindKey is the message key of a kind's name.
func DupKindKey(k DupKind) string { return "dupkind." + string(k) }

// checkDup checks the function points and the answers (Project.Validate): at most MaxFunctions
// function points of 2–60 characters each, none twice; an answer per match at most, of a known
// kind and answer, with a reason of at least 10 characters when it differs.
func (p *Project) checkDup(errs *Problems) {
	errs.Check(len(p.Functions) > MaxFunctions, "functions", "err.project.too_many", MaxFunctions)
	seen := map[string]bool{}
	for i := range p.Functions {
		f := &p.Functions[i]
		*f = strings.TrimSpace(*f)
		n := utf8.RuneCountInString(*f)
		errs.Check(n < minFunctionLen || n > maxFunctionLen, "functions."+strconv.Itoa(i), "err.project.function_len", *f, minFunctionLen, maxFunctionLen)
		errs.Check(seen[*f], "functions."+strconv.Itoa(i), "err.project.function_twice", *f)
		seen[*f] = true
	}
	errs.Check(len(p.DupAnswers) > MaxDupAnswers, "dup_answers", "err.project.too_many", MaxDupAnswers)
	type key struct {
		k  DupKind
		id int64
	}
	answered := map[key]bool{}
	for i := range p.DupAnswers {
		x := &p.DupAnswers[i]
		trimSpace(&x.Reason)
		if !slices.Contains(DupKinds, x.Kind) || x.ID <= 0 {
			errs.Check(true, "dup_answers."+strconv.Itoa(i), "err.project.dup_target")
			continue
		}
		f := DupAnswerField(x.Kind, x.ID)
		errs.Check(answered[key{x.Kind, x.ID}], f, "err.project.dup_twice")
		answered[key{x.Kind, x.ID}] = true
		errs.Check(!slices.Contains(DupReplies, x.Answer), f+".answer", "err.enum")
		errs.Check(x.Answer == DupDiffers && utf8.RuneCountInString(x.Reason) < minDiffersReason, f+".reason", "err.project.dup_reason", minDiffersReason)
		errs.Check(utf8.RuneCountInString(x.Reason) > maxDupText, f+".reason", "err.too_long", maxDupText)
	}
	slices.SortFunc(p.DupAnswers, func(a, b DupAnswer) int {
		if c := slices.Index(DupKinds, a.Kind) - slices.Index(DupKinds, b.Kind); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
}

// DupAnswerTo is the unit's answer to the match of kind k and id, and whether there is one.
func (p *Project) DupAnswerTo(k DupKind, id int64) (DupAnswer, bool) {
	i := slices.IndexFunc(p.DupAnswers, func(x DupAnswer) bool { return x.Kind == k && x.ID == id })
	if i < 0 {
		return DupAnswer{}, false
	}
	return p.DupAnswers[i], true
}

// Unanswered says, a problem per match, which matches above the threshold of the check r have
// no answer of the unit: what keeps the application from being submitted.
func (p *Project) Unanswered(r *DupResult) error {
	var errs Problems
	if r == nil {
		return nil
	}
	for _, m := range r.Matches {
		_, ok := p.DupAnswerTo(m.Kind, m.ID)
		errs.Check(m.Above && !ok, DupAnswerField(m.Kind, m.ID), "err.project.dup_unanswered",
			DupKindKey(m.Kind), m.Name, m.UnitName, m.Score)
	}
	return errs.Err()
}

// CheckVerdicts checks the office's verdicts on the function points of p, every problem at once:
// each on a function point of the application, one per function point, of a known verdict,
// naming the match (kind and id); a cut of at least 1 元, the cuts together within the total.
// Fields are dup_verdicts.<i>.… with i the function point's index. It puts them in the order of
// the function points.
func (p *Project) CheckVerdicts(vs []DupVerdict) error {
	var errs Problems
	seen := map[string]bool{}
	var cuts int64
	for i := range vs {
		v := &vs[i]
		trimSpace(&v.Function, &v.Note)
		fi := slices.Index(p.Functions, v.Function)
		if fi < 0 {
			errs.Check(true, "dup_verdicts", "err.project.verdict_function", v.Function)
			continue
		}
		f := DupVerdictField(fi)
		errs.Check(seen[v.Function], f, "err.project.verdict_twice", v.Function)
		seen[v.Function] = true
		errs.Check(!slices.Contains(DupVerdictKinds, v.Verdict), f+".verdict", "err.enum")
		errs.Check(!slices.Contains(DupKinds, v.Kind) || v.ID <= 0, f+".match", "err.project.verdict_match")
		switch v.Verdict {
		case DupCut:
			errs.Check(v.Amount < 1 || v.Amount > MaxProjectBudget, f+".amount", "err.project.cut_amount")
			cuts += v.Amount
		default:
			v.Amount = 0
		}
		errs.Check(utf8.RuneCountInString(v.Note) > maxDupVerdictNote, f+".note", "err.too_long", maxDupVerdictNote)
	}
	errs.Check(cuts > p.Total, "dup_verdicts", "err.project.cuts_over_total", strconv.FormatInt(cuts, 10), strconv.FormatInt(p.Total, 10))
	slices.SortStableFunc(vs, func(a, b DupVerdict) int {
		return slices.Index(p.Functions, a.Function) - slices.Index(p.Functions, b.Function)
	})
	return errs.Err()
}

// Cuts is the sum of the budget cuts the office recorded (元).
func Cuts(vs []DupVerdict) int64 {
	var n int64
	for _, v := range vs {
		if v.Verdict == DupCut {
			n += v.Amount
		}
	}
	return n
}

// NotApproved lists the verdicts that a function point is not approved.
func NotApproved(vs []DupVerdict) []DupVerdict {
	var out []DupVerdict
	for _, v := range vs {
		if v.Verdict == DupNotApproved {
			out = append(out, v)
		}
	}
	return out
}
