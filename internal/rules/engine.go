package rules

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/cost"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
	"cel.dev/cel-go/common/types/traits"
	"cel.dev/cel-go/ext"
	"cel.dev/cel-go/interpreter"
)

// The bounds of one evaluation. CostLimit is CEL's runtime cost (about one unit per operation
// on a value; a list comprehension costs per element): far above what a rule over one record
// needs (the default rules cost under 100), far below what could hold a core for long. An
// evaluation over the limit is an error, never a violation and never a hang; EvalTimeout bounds
// the wall time of one evaluation besides (the interpreter checks it every 100 steps).
const (
	CostLimit   = 100_000
	EvalTimeout = 50 * time.Millisecond
)

// envs holds one CEL environment per kind: the subject's variable, typed by its Go input type
// (field names are the json tags), today, and the date functions.
var envs = sync.OnceValues(func() (map[Kind]*cel.Env, error) {
	out := map[Kind]*cel.Env{}
	for k, info := range kinds {
		env, err := cel.NewEnv(
			ext.NativeTypes(info.typ, ext.ParseStructTag("json")),
			cel.Variable(string(k), cel.ObjectType(objectName(info.typ))),
			cel.Variable("today", cel.StringType),
			ext.Strings(), ext.Lists(), ext.Sets(),
			dateFunctions(),
		)
		if err != nil {
			return nil, fmt.Errorf("rules: the %s environment: %w", k, err)
		}
		out[k] = env
	}
	return out, nil
})

// objectName is the name CEL knows a native type by: the package's name and the type's.
func objectName(t reflect.Type) string {
	pkg := t.PkgPath()
	return pkg[strings.LastIndex(pkg, "/")+1:] + "." + t.Name()
}

// Compiled is a rule set compiled: one program per rule, evaluated many times.
type Compiled struct {
	Set    *Set
	byKind map[Kind][]*program
}

type program struct {
	rule *Rule
	prg  cel.Program
	zh   template // the message, parsed once (its {= expression} placeholders compiled)
	en   template
}

// Compile compiles every rule of the set and checks its description; it returns every problem
// of every rule at once (Problems), and nothing compiled when there is one.
func Compile(set *Set) (*Compiled, error) {
	c := &Compiled{Set: set, byKind: map[Kind][]*program{}}
	var ps Problems
	seen := map[string]bool{}
	for i := range set.Rules {
		r := &set.Rules[i]
		if seen[r.ID] {
			ps = append(ps, Problem{Rule: r.ID, Field: "id", Message: "two rules have this ID"})
		}
		seen[r.ID] = true
		p, rps := compileRule(r)
		ps = append(ps, rps...)
		if p != nil {
			c.byKind[r.Kind] = append(c.byKind[r.Kind], p)
		}
	}
	if len(ps) > 0 {
		return nil, ps
	}
	return c, nil
}

// CheckRule compiles one rule and runs its test cases: every problem of its description, its
// expression (with the position) and its cases, at once. It is what the office's editor runs.
func CheckRule(r *Rule) Problems {
	ps, _ := Check(r)
	return ps
}

// Check is CheckRule with the test cases' results, when the expression compiles (nil otherwise),
// whatever the description's other problems: the editor shows both from one compilation and
// one run of the cases.
func Check(r *Rule) (Problems, []CaseResult) {
	p, ps := compileRule(r)
	if p == nil {
		return ps, nil
	}
	results := p.runCases()
	for _, res := range results {
		if res.Err != "" || res.Got != res.Case.Violated {
			msg := res.Err
			if msg == "" {
				msg = fmt.Sprintf("expected violated=%v, got %v", res.Case.Violated, res.Got)
			}
			ps = append(ps, Problem{Rule: r.ID, Field: "tests", Message: fmt.Sprintf("case %q: %s", res.Case.Name, msg)})
		}
	}
	return ps, results
}

func compileRule(r *Rule) (*program, Problems) {
	ps := r.check()
	if !r.Kind.Known() || strings.TrimSpace(r.When) == "" || len(r.When) > MaxExpression {
		return nil, ps
	}
	prg, eps := compileExpression(r.Kind, r.When)
	for i := range eps {
		eps[i].Rule = r.ID
	}
	if len(eps) > 0 {
		return nil, append(ps, eps...)
	}
	p := &program{rule: r, prg: prg}
	var zps, eps2 Problems
	p.zh, zps = parseTemplate(r.Kind, r.Message.ZH, "、")
	p.en, eps2 = parseTemplate(r.Kind, r.Message.EN, ", ")
	for _, e := range append(zps, eps2...) {
		e.Rule = r.ID
		ps = append(ps, e)
	}
	// The expression compiled: its program comes back with the description's problems, if any,
	// so that the editor still runs the test cases (Compile keeps nothing when there is one).
	return p, ps
}

// compileExpression compiles a rule's expression for its kind's environment: it must type-check
// and be a bool.
func compileExpression(k Kind, expr string) (cel.Program, Problems) {
	return compileCEL(k, expr, func(t *cel.Type) bool { return t == cel.BoolType }, "true or false (a bool)")
}

// isMessageValue accepts what a message's {= expression} may give: a text, a number or a list
// of texts.
func isMessageValue(t *cel.Type) bool {
	return t == cel.StringType || t == cel.IntType || t == cel.UintType || t == cel.DoubleType ||
		t.IsExactType(cel.ListType(cel.StringType))
}

// compileCEL compiles expr for kind k's environment: it must type-check, give a value ok
// accepts (want says which, for the message) and stay under the cost limit for any record.
func compileCEL(k Kind, expr string, ok func(*cel.Type) bool, want string) (cel.Program, Problems) {
	all, err := envs()
	if err != nil {
		return nil, Problems{{Field: "kind", Message: err.Error()}}
	}
	env := all[k]
	ast, iss := env.Compile(expr)
	if iss != nil && iss.Err() != nil {
		var ps Problems
		for _, e := range iss.Errors() {
			ps = append(ps, Problem{Field: "violated_when", Message: e.Message, Line: e.Location.Line(), Column: e.Location.Column() + 1})
		}
		return nil, ps
	}
	if !ok(ast.OutputType()) {
		return nil, Problems{{Field: "violated_when", Message: fmt.Sprintf("must be %s, not %s", want, ast.OutputType())}}
	}
	// Too expensive for some record is refused now, not found out at run time: CEL's static
	// estimate with every list, map and string of an input taken at MaxInputSize elements.
	est, err := env.EstimateCost(ast, inputSizes{})
	if err != nil {
		return nil, Problems{{Field: "violated_when", Message: err.Error()}}
	}
	if est.Max > CostLimit {
		return nil, Problems{{Field: "violated_when", Message: fmt.Sprintf(
			"too expensive: up to %d cost units for a record with %d-element lists and %d-character texts (the limit is %d); avoid loops within loops",
			est.Max, MaxInputSize, MaxInputText, CostLimit)}}
	}
	prg, err := env.Program(ast, cel.CostLimit(CostLimit), cel.InterruptCheckFrequency(100), cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		return nil, Problems{{Field: "violated_when", Message: err.Error()}}
	}
	return prg, nil
}

// The sizes an input's values are assumed to reach when a rule's cost is estimated: an
// application's lists hold at most 50 rows (domain.MaxProjectRows), a text field a few thousand
// characters (the construction content), the text of a list's row a couple of hundred.
const (
	MaxInputSize   = 100  // elements of a list or map
	MaxInputText   = 4000 // characters of a text field
	MaxElementText = 200  // characters of a list row's text
)

// inputSizes sizes an input's lists, maps and texts for the estimate.
type inputSizes struct{}

func (inputSizes) EstimateSize(n cost.AstNode) *cost.SizeEstimate {
	if n.Type() != nil && n.Type().Kind() == types.StringKind {
		if slices.Contains(n.Path(), "@items") {
			return &cost.SizeEstimate{Max: MaxElementText}
		}
		return &cost.SizeEstimate{Max: MaxInputText}
	}
	return &cost.SizeEstimate{Max: MaxInputSize}
}

func (inputSizes) EstimateCallCost(string, string, *cost.AstNode, []cost.AstNode) *cost.CallEstimate {
	return nil
}

// Violation is a rule a subject violates, with its message in both languages.
type Violation struct {
	Rule    *Rule
	Message Text
}

// Kinds lists the kinds the set has rules for.
func (c *Compiled) Kinds() []Kind {
	var out []Kind
	for _, k := range Kinds() {
		if len(c.byKind[k]) > 0 {
			out = append(out, k)
		}
	}
	return out
}

// Has reports whether the set has rules of kind k.
func (c *Compiled) Has(k Kind) bool { return len(c.byKind[k]) > 0 }

// Rules lists the rules of a kind.
func (c *Compiled) Rules(k Kind) []*Rule {
	out := make([]*Rule, len(c.byKind[k]))
	for i, p := range c.byKind[k] {
		out[i] = p.rule
	}
	return out
}

// ErrEval is an evaluation that failed: over the cost limit, out of time, or an error in the
// expression at run time (a missing map key). The rule is then neither violated nor passed; the
// service logs it and keeps the subject's earlier finding as it was.
var ErrEval = errors.New("rules: evaluation failed")

// Eval evaluates every rule of the input's kind over it (the input is the kind's type from
// input.go, by value or pointer) on the day today ("2026-12-07"). It returns the violations,
// and an error joining ErrEval for each rule that could not be evaluated (the others still are).
func (c *Compiled) Eval(ctx context.Context, k Kind, input any, today string) ([]Violation, error) {
	ps := c.byKind[k]
	if len(ps) == 0 {
		return nil, nil
	}
	if _, ok := ctx.Deadline(); !ok { // a sweep brings its own bound; a single evaluation gets one
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, time.Duration(len(ps))*EvalTimeout)
		defer cancel()
	}
	act, err := activation(k, input, today)
	if err != nil {
		return nil, err
	}
	var out []Violation
	var errs []error
	for _, p := range ps {
		v, err := p.evalIn(ctx, act)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if v {
			out = append(out, Violation{Rule: p.rule, Message: p.message(ctx, act, input)})
		}
	}
	return out, errors.Join(errs...)
}

// EvalRule evaluates one rule of the set over the input.
func (c *Compiled) EvalRule(ctx context.Context, id string, input any, today string) (bool, error) {
	for _, ps := range c.byKind {
		for _, p := range ps {
			if p.rule.ID == id {
				return p.eval(ctx, p.rule.Kind, input, today)
			}
		}
	}
	return false, fmt.Errorf("rules: no rule %s", id)
}

// activation is the variables of one evaluation: the subject under its kind's name, and today.
func activation(k Kind, input any, today string) (interpreter.Activation, error) {
	return interpreter.NewActivation(map[string]any{string(k): input, "today": today})
}

// eval evaluates the rule alone over input, within EvalTimeout.
func (p *program) eval(ctx context.Context, k Kind, input any, today string) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, EvalTimeout)
	defer cancel()
	act, err := activation(k, input, today)
	if err != nil {
		return false, err
	}
	return p.evalIn(ctx, act)
}

// evalIn evaluates the rule with the variables of act, until ctx ends.
func (p *program) evalIn(ctx context.Context, act interpreter.Activation) (bool, error) {
	out, err := evalSafely(ctx, p.prg, act) // a panic of the interpreter is an error, never the server's end
	if err != nil {
		return false, fmt.Errorf("%w: %s: %v", ErrEval, p.rule.ID, err)
	}
	b, ok := out.(types.Bool)
	if !ok {
		return false, fmt.Errorf("%w: %s: not a bool: %v", ErrEval, p.rule.ID, out)
	}
	return bool(b), nil
}

// CaseResult is a test case's outcome.
type CaseResult struct {
	Case Case   `json:"case"`
	Got  bool   `json:"got"`
	Err  string `json:"error,omitempty"`
	Pass bool   `json:"pass"`
}

// RunCases runs a compiled rule's test cases.
func (c *Compiled) RunCases(id string) []CaseResult {
	for _, ps := range c.byKind {
		for _, p := range ps {
			if p.rule.ID == id {
				return p.runCases()
			}
		}
	}
	return nil
}

func (p *program) runCases() []CaseResult {
	out := make([]CaseResult, len(p.rule.Tests))
	for i, tc := range p.rule.Tests {
		out[i].Case = tc
		in, err := DecodeInput(p.rule.Kind, tc.Input)
		if err != nil {
			out[i].Err = err.Error()
			continue
		}
		today := tc.Today
		if today == "" {
			today = DefaultCaseDay
		}
		got, err := p.eval(context.Background(), p.rule.Kind, in, today)
		if err != nil {
			out[i].Err = err.Error()
			continue
		}
		out[i].Got, out[i].Pass = got, got == tc.Violated
	}
	return out
}

// DefaultCaseDay is the day a test case without its own is evaluated on.
const DefaultCaseDay = "2026-12-01"

// DecodeInput turns a test case's input (field → value, as YAML or JSON give them) into the
// kind's input type; an unknown field is an error, so a misspelt test cannot pass by accident.
func DecodeInput(k Kind, fields map[string]any) (any, error) {
	info, ok := kinds[k]
	if !ok {
		return nil, fmt.Errorf("unknown kind %q", k)
	}
	return decodeStrict(info.typ, fields)
}

// A message's placeholders: {field}, a field of the input (placeholder), and {= expression},
// CEL over the same input as the rule giving a text, a number or a list of texts (joined), e.g.
// the names of the libraries a system uses undocked. An expression cannot hold braces.
var messagePlaceholder = regexp.MustCompile(`\{(?:([a-z_]+)|=\s*([^{}]*?)\s*)\}`)

// A template is a message parsed once, when its rule compiles: literal text, the input's
// fields by their index, compiled expressions. Rendering it is a walk, not a regular
// expression per finding (a sweep renders tens of thousands).
type template []segment

type segment struct {
	text  string      // literal text, or the placeholder as written when it names no field
	field []int       // a {field}: its index in the kind's input struct
	expr  cel.Program // a {= expression}
	sep   string      // how an expression's list is joined
}

// parseTemplate parses message s of kind k; an expression that does not compile, or gives
// something else than a text, a number or a list of texts, is a problem of the message.
func parseTemplate(k Kind, s, sep string) (template, Problems) {
	var t template
	var ps Problems
	typ := kinds[k].typ
	last := 0
	for _, m := range messagePlaceholder.FindAllStringSubmatchIndex(s, -1) {
		if m[0] > last {
			t = append(t, segment{text: s[last:m[0]]})
		}
		last = m[1]
		if m[2] >= 0 { // {field}
			name := s[m[2]:m[3]]
			sg := segment{text: s[m[0]:m[1]]} // no such field: r.check names it
			for i := range typ.NumField() {
				if tagName(typ.Field(i)) == name {
					sg = segment{field: []int{i}}
				}
			}
			t = append(t, sg)
			continue
		}
		x := s[m[4]:m[5]]
		prg, eps := compileCEL(k, x, isMessageValue, "a text, a number or a list of texts")
		for _, e := range eps {
			ps = append(ps, Problem{Field: "message", Message: fmt.Sprintf("{= %s}: %s", x, e.Message)})
		}
		t = append(t, segment{expr: prg, sep: sep})
	}
	if last < len(s) {
		t = append(t, segment{text: s[last:]})
	}
	return t, ps
}

// render fills the template for input v (the kind's struct) evaluated in act; an expression
// that fails shows as "?".
func (t template) render(ctx context.Context, act interpreter.Activation, v reflect.Value) string {
	var b strings.Builder
	for _, sg := range t {
		switch {
		case sg.field != nil:
			b.WriteString(format(v.FieldByIndex(sg.field)))
		case sg.expr != nil:
			out, err := evalSafely(ctx, sg.expr, act)
			if err != nil {
				b.WriteString("?")
				continue
			}
			if l, ok := out.(traits.Lister); ok {
				n := 0
				for it := l.Iterator(); it.HasNext() == types.True; n++ {
					if n > 0 {
						b.WriteString(sg.sep)
					}
					fmt.Fprint(&b, it.Next().Value())
				}
				continue
			}
			fmt.Fprint(&b, out.Value())
		default:
			b.WriteString(sg.text)
		}
	}
	return b.String()
}

// message renders the rule's message for the input evaluated in act.
func (p *program) message(ctx context.Context, act interpreter.Activation, input any) Text {
	v := reflect.Indirect(reflect.ValueOf(input))
	return Text{ZH: p.zh.render(ctx, act, v), EN: p.en.render(ctx, act, v)}
}

// evalSafely runs prg with act until ctx ends; a panic of the interpreter is an error.
func evalSafely(ctx context.Context, prg cel.Program, act interpreter.Activation) (out ref.Val, err error) {
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("panic: %v", r)
		}
	}()
	out, _, err = prg.ContextEval(ctx, act)
	return out, err
}

// placeholders lists the fields a message's {field} placeholders name.
func placeholders(s string) []string {
	var out []string
	for _, m := range messagePlaceholder.FindAllStringSubmatch(s, -1) {
		if m[1] != "" {
			out = append(out, m[1])
		}
	}
	return out
}

func format(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Int, reflect.Int64, reflect.Int32:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = format(v.Index(i))
		}
		return strings.Join(parts, "、")
	}
	return fmt.Sprint(v.Interface())
}

func hasField(t reflect.Type, name string) bool {
	for i := range t.NumField() {
		if tagName(t.Field(i)) == name {
			return true
		}
	}
	return false
}

func tagName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return name
}
