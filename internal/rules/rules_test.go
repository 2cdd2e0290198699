package rules

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// Every default rule compiles, is described completely and passes its own test cases.
func TestDefaultRules(t *testing.T) {
	set := Default()
	if len(set.Rules) < 20 {
		t.Fatalf("%d default rules", len(set.Rules))
	}
	for i := range set.Rules {
		r := &set.Rules[i]
		if ps := CheckRule(r); len(ps) > 0 {
			t.Errorf("%s: %v", r.ID, ps)
		}
	}
	if _, err := Compile(set); err != nil {
		t.Fatal(err)
	}
}

// A syntax error is reported at its line and column, and nothing compiles.
func TestCompileErrorPosition(t *testing.T) {
	r := Default().Rule("ENV-R3.room-overdue")
	r.When = "machine_room.kind == 'other' &&\n  machine_room.deadlin < today"
	ps := CheckRule(r)
	if len(ps) != 1 || ps[0].Field != "violated_when" || ps[0].Line != 2 || ps[0].Column != 15 {
		t.Fatalf("%+v", ps)
	}
	r.When = "machine_room.kind == 'other' && (("
	if ps := CheckRule(r); len(ps) == 0 || ps[0].Line != 1 {
		t.Fatalf("%+v", ps)
	}
	r.When = "machine_room.name"
	if ps := CheckRule(r); len(ps) != 1 || !strings.Contains(ps[0].Message, "bool") {
		t.Fatalf("%+v", ps)
	}
	set := &Set{Rules: []Rule{*r}}
	if c, err := Compile(set); err == nil || c != nil {
		t.Fatal("a broken set compiled")
	}
}

// A test case the rule does not meet, an unknown field in a case, and a description without
// its clause are refused with the field they concern.
func TestRuleProblems(t *testing.T) {
	r := Default().Rule("ORG-1.people-missing")
	r.Tests[0].Violated = false
	r.Tests = append(r.Tests, Case{Name: "typo", Input: map[string]any{"has_responsibel": true}, Violated: false})
	r.ID = "ORG1.people"
	r.Enforce = map[Gate]Enforcement{GateSubmit: Deny}
	fields := map[string]bool{}
	for _, p := range CheckRule(r) {
		fields[p.Field] = true
	}
	for _, f := range []string{"id", "tests", "enforce"} {
		if !fields[f] {
			t.Errorf("no problem with %s: %v", f, fields)
		}
	}
}

// The editor still shows the test cases' results when only the description is wrong (here the
// title), and none when the expression does not compile; Compile keeps nothing either way.
func TestCheckRunsCasesDespiteDescription(t *testing.T) {
	r := Default().Rule("ORG-1.people-missing")
	r.Title.ZH = ""
	ps, cases := Check(r)
	if len(ps) != 1 || ps[0].Field != "title" {
		t.Fatalf("problems %+v", ps)
	}
	if len(cases) != len(r.Tests) || len(cases) == 0 {
		t.Fatalf("%d case results for %d cases", len(cases), len(r.Tests))
	}
	for _, c := range cases {
		if c.Err != "" || c.Got != c.Case.Violated {
			t.Errorf("case %q: %+v", c.Case.Name, c)
		}
	}
	if c, err := Compile(&Set{Rules: []Rule{*r}}); err == nil || c != nil {
		t.Fatal("a rule without its title compiled")
	}
	r.When = "unit.nope"
	if _, cases := Check(r); cases != nil {
		t.Fatalf("cases ran on a broken expression: %+v", cases)
	}
}

// An expression too expensive for one record stops at the cost limit: an evaluation error,
// never a violation, never a hang.
func TestCostLimit(t *testing.T) {
	r := *Default().Rule("PTL-R2.user-levels")
	r.When = "[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, " +
		"[1,2,3,4,5,6,7,8,9,10].all(d, [1,2,3,4,5,6,7,8,9,10].all(e, a+b+c+d+e > 0)))))"
	ps := CheckRule(&r)
	if len(ps) == 0 || !strings.Contains(ps[0].Message, "cost") {
		t.Fatalf("%+v", ps)
	}
}

// A rule whose cost could exceed the limit on some record is refused when it is compiled: loops
// within loops over an application's lists.
func TestCostEstimateRefuses(t *testing.T) {
	r := *Default().Rule("PTL-R4.new-media")
	r.When = "application.systems.exists(a, application.systems.exists(b, application.systems.exists(c, a.code + b.code == c.code)))"
	ps := CheckRule(&r)
	if len(ps) == 0 || ps[0].Field != "violated_when" || !strings.Contains(ps[0].Message, "too expensive") {
		t.Fatalf("%+v", ps)
	}
	r.When = "application.systems.exists(s, s.off_cloud) && application.media.exists(m, m.reason == '')"
	if ps := CheckRule(&r); len(ps) > 0 && strings.Contains(ps[0].Message, "expensive") {
		t.Fatalf("a plain rule refused: %+v", ps)
	}
}

// Messages take the subject's fields; lists are joined with 、.
func TestRender(t *testing.T) {
	zh, _ := parseTemplate(KindSystem, "{name} 用户{user_levels}", "、")
	en, _ := parseTemplate(KindSystem, "{name} {missing}", ", ")
	in := reflect.ValueOf(System{Name: "学籍系统", UserLevels: []string{"区", "镇"}})
	if got := zh.render(context.Background(), nil, in); got != "学籍系统 用户区、镇" {
		t.Fatal(got)
	}
	if got := en.render(context.Background(), nil, in); got != "学籍系统 {missing}" {
		t.Fatal(got)
	}
}

// A message's {= expression} placeholders are evaluated over the rule's input: here the names of
// only the libraries used undocked without a plan, joined; a placeholder that does not compile
// or gives a bool is refused when the rule is checked, with the message field.
func TestMessageExpression(t *testing.T) {
	c, err := Compile(Default())
	if err != nil {
		t.Fatal(err)
	}
	in := &System{Code: "XC-SYS-0021", Name: "学籍管理系统", InService: true, BaseData: []SystemBaseData{
		{Library: "population", Name: "人口库"}, {Library: "legal_entity", Name: "法人库", Docked: true},
		{Library: "spatial", Name: "空间地理库"}, {Library: "credit", Name: "信用库", PlanOpen: true}}}
	vs, err := c.Eval(context.Background(), KindSystem, in, "2026-12-01")
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, v := range vs {
		if v.Rule.ID == "SHR-R8.undocked-base-data" {
			found = true
			if v.Message.ZH != "XC-SYS-0021 学籍管理系统 使用人口库、空间地理库数据但未对接基础库，也没有接口改造计划" ||
				!strings.Contains(v.Message.EN, "data of population, spatial without") {
				t.Errorf("%+v", v.Message)
			}
		}
	}
	if !found {
		t.Fatalf("no SHR-R8 violation: %+v", vs)
	}
	// BLD-R5 says the state in words, not its stored code.
	idle := &System{Code: "XC-SYS-0012", Name: "价格监测系统", InService: true, Status: "idle", StatusSince: "2026-01-15"}
	vs, err = c.Eval(context.Background(), KindSystem, idle, "2026-12-01")
	if err != nil {
		t.Fatal(err)
	}
	bld := ""
	for _, v := range vs {
		if v.Rule.ID == "BLD-R5.cleanup-not-filed" {
			bld = v.Message.ZH
		}
	}
	if bld != "XC-SYS-0012 价格监测系统 自 2026-01-15 起闲置超过6个月，尚未向区信息办清理备案" {
		t.Errorf("BLD-R5: %q", bld)
	}
	r := Default().Rule("SHR-R8.undocked-base-data")
	r.Message.ZH = "{name} {= system.nope} {= system.in_service}"
	ps := CheckRule(r)
	if len(ps) != 2 || ps[0].Field != "message" || ps[1].Field != "message" || !strings.Contains(ps[1].Message, "bool") {
		t.Fatalf("%+v", ps)
	}
}

// The date functions.
func TestDates(t *testing.T) {
	set := &Set{Rules: []Rule{{ID: "BLD-R5.x", Clauses: []string{"BLD-R5"}, Kind: KindSystem, Severity: SevInfo,
		Title: Text{"t", "t"}, Message: Text{"m", "m"},
		When:  "add_months('2026-01-31', 1) == '2026-02-28' && add_days(system.status_since, 1) == '2026-03-01' && days_between('2026-01-01', today) == 334",
		Tests: []Case{{Name: "y", Input: map[string]any{"status_since": "2026-02-28"}, Violated: true}, {Name: "n", Input: map[string]any{"status_since": "2026-02-27"}}}}}}
	c, err := Compile(set)
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.Eval(context.Background(), KindSystem, &System{StatusSince: "2026-02-28"}, "2026-12-01")
	if err != nil || len(v) != 1 {
		t.Fatalf("%v %v", v, err)
	}
	_, err = c.Eval(context.Background(), KindSystem, &System{StatusSince: "28/02/2026"}, "2026-12-01")
	if !errors.Is(err, ErrEval) {
		t.Fatalf("a malformed date: %v", err)
	}
}

// The YAML round trip keeps every rule as it was.
func TestYAMLRoundTrip(t *testing.T) {
	set := Default()
	b, err := EncodeYAML(set)
	if err != nil {
		t.Fatal(err)
	}
	back, err := DecodeYAML(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(normalize(set), normalize(back)) {
		t.Fatal("the round trip changed the set")
	}
	if _, err := DecodeYAML([]byte("rules:\n  - id: X\n    violated_whn: true\n")); err == nil {
		t.Fatal("a misspelt key was accepted")
	}
}

func normalize(s *Set) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// Compiling and evaluating random expressions over random inputs never panics and never runs
// past the bounds.
func FuzzCompileEval(f *testing.F) {
	for _, r := range Default().Rules {
		f.Add(r.When, "extranet", int64(3), "2026-01-01")
	}
	f.Add("system.base_data.map(x, system.base_data.map(y, x.name + y.name)).size() > 0", "a", int64(-1), "")
	f.Add("add_months(system.status_since, 9223372036854775807) < today", "", int64(0), "2026-13-45")
	f.Fuzz(func(t *testing.T, expr, s string, n int64, day string) {
		prg, ps := compileExpression(KindSystem, expr)
		if len(ps) > 0 {
			return
		}
		c := &Compiled{byKind: map[Kind][]*program{KindSystem: {{rule: &Rule{ID: "ENV-P1.fuzz", Kind: KindSystem, Message: Text{"{name}", "{name}"}}, prg: prg}}}}
		in := &System{Name: s, Network: s, StatusSince: day, MigrationDue: day, BaseData: []SystemBaseData{{Library: s, Name: s, PlanDue: day}, {Name: s}, {Name: s}}, ID: n}
		c.Eval(context.Background(), KindSystem, in, day) //nolint:errcheck // only a panic or a hang fails
	})
}
