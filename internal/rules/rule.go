// Package rules is archgov's governance rules engine: rules written in CEL, each citing the
// clauses of the district's rules it enforces, checked at the lifecycle's gates (deny, warn,
// audit, as in Kubernetes' ValidatingAdmissionPolicy) and swept over every record (Gatekeeper's
// audit). A rule set is versioned and published by the info office; the service keeps the
// findings the rules produce (app/rules.go). This package knows no database and no HTTP: it
// compiles rules, evaluates them over a subject's input (input.go) and renders their messages.
package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Severity is how serious a violation is.
type Severity string

// The severities, most serious first.
const (
	SevError   Severity = "error"
	SevWarning Severity = "warning"
	SevInfo    Severity = "info"
)

// Severities lists the severities in display order.
var Severities = []Severity{SevError, SevWarning, SevInfo}

// Gate is a point of the lifecycle where rules are enforced.
type Gate string

// The gates.
const (
	GateSubmit  Gate = "submit"  // an application is submitted (FLOW-2)
	GateApprove Gate = "approve" // an application is approved
	GateStage   Gate = "stage"   // a project moves to its next stage (FLOW-4)
	GateAccept  Gate = "accept"  // a project's acceptance (验收, SHR-R4)
)

// Gates lists the gates in lifecycle order.
var Gates = []Gate{GateSubmit, GateApprove, GateStage, GateAccept}

// Enforcement is what a violation does at a gate.
type Enforcement string

// The enforcements.
const (
	Deny  Enforcement = "deny"  // blocks the step: 422 listing every violated rule
	Warn  Enforcement = "warn"  // shown; the reviewer must acknowledge it
	Audit Enforcement = "audit" // recorded only
)

// Enforcements lists the enforcements, strongest first.
var Enforcements = []Enforcement{Deny, Warn, Audit}

// Text is a text in Chinese and English.
type Text struct {
	ZH string `json:"zh" yaml:"zh"`
	EN string `json:"en" yaml:"en"`
}

// In is the text in lang ("en" or anything else for Chinese), falling back to the other.
func (t Text) In(lang string) string {
	if lang == "en" && t.EN != "" || t.ZH == "" {
		return t.EN
	}
	return t.ZH
}

// Rule is one governance rule.
type Rule struct {
	ID       string               `json:"id" yaml:"id"`           // ENV-R1.no-machine-room-build: the first clause, a dot, a name
	Clauses  []string             `json:"clauses" yaml:"clauses"` // the clauses it enforces (DOMAIN.md IDs)
	Title    Text                 `json:"title" yaml:"title"`
	Kind     Kind                 `json:"kind" yaml:"kind"`                   // the subject it reads
	When     string               `json:"violated_when" yaml:"violated_when"` // CEL: true when the subject violates the rule
	Severity Severity             `json:"severity" yaml:"severity"`
	Enforce  map[Gate]Enforcement `json:"enforce,omitempty" yaml:"enforce,omitempty"` // per gate; none: findings only
	Message  Text                 `json:"message" yaml:"message"`                     // {field} takes the subject's field
	Tests    []Case               `json:"tests" yaml:"tests"`
}

// Case is a test case of a rule: an input (the subject's fields, the rest zero) and whether the
// rule must find it violated.
type Case struct {
	Name     string         `json:"name" yaml:"name"`
	Today    string         `json:"today,omitempty" yaml:"today,omitempty"` // the day it is evaluated on; 2026-12-01 when empty
	Input    map[string]any `json:"input" yaml:"input"`
	Violated bool           `json:"violated" yaml:"violated"`
}

// Set is a rule set: the rules in force, as the office publishes them for a guide year.
type Set struct {
	Version   int64  `json:"version" yaml:"version"` // 0 until published
	GuideYear int    `json:"guide_year" yaml:"guide_year"`
	Note      string `json:"note,omitempty" yaml:"note,omitempty"` // what changed
	Rules     []Rule `json:"rules" yaml:"rules"`
}

// Rule returns the rule with the id, or nil.
func (s *Set) Rule(id string) *Rule {
	for i := range s.Rules {
		if s.Rules[i].ID == id {
			return &s.Rules[i]
		}
	}
	return nil
}

// Problem is what is wrong with a rule, for the field it names; Line and Column (1-based) point
// into the expression when the problem is in it.
type Problem struct {
	Rule    string `json:"rule,omitempty"`
	Field   string `json:"field"`
	Message string `json:"message"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
}

func (p Problem) Error() string {
	at := ""
	if p.Line > 0 {
		at = fmt.Sprintf(" (%d:%d)", p.Line, p.Column)
	}
	return fmt.Sprintf("%s %s%s: %s", p.Rule, p.Field, at, p.Message)
}

// Problems is every problem of a rule or set at once.
type Problems []Problem

func (ps Problems) Error() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.Error()
	}
	return strings.Join(s, "; ")
}

var (
	idPattern     = regexp.MustCompile(`^[A-Z]{2,5}-[A-Z]?[0-9]{1,2}\.[a-z0-9]+(-[a-z0-9]+)*$`)
	clausePattern = regexp.MustCompile(`^[A-Z]{2,5}-[A-Z]?[0-9]{1,2}$`)
	datePattern   = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

// check finds what is wrong with the rule's description (its expression is compiled apart).
// Messages are English; the service shows them as they are (the office edits rules in both).
func (r *Rule) check() Problems {
	var ps Problems
	add := func(field, msg string, args ...any) {
		ps = append(ps, Problem{Rule: r.ID, Field: field, Message: fmt.Sprintf(msg, args...)})
	}
	if !idPattern.MatchString(r.ID) {
		add("id", "must be a clause ID, a dot and a lower-case name, e.g. ENV-R1.no-machine-room-build")
	}
	if len(r.Clauses) == 0 {
		add("clauses", "name at least one clause")
	}
	for _, c := range r.Clauses {
		if !clausePattern.MatchString(c) {
			add("clauses", "%q is not a clause ID such as ENV-R1", c)
		}
	}
	if len(r.Clauses) > 0 && !strings.HasPrefix(r.ID, r.Clauses[0]+".") {
		add("id", "must start with its first clause, %s.", r.Clauses[0])
	}
	if r.Title.ZH == "" || r.Title.EN == "" {
		add("title", "needs both the Chinese and the English title")
	}
	if r.Message.ZH == "" || r.Message.EN == "" {
		add("message", "needs both the Chinese and the English message")
	}
	if !r.Kind.Known() {
		add("kind", "unknown kind %q (one of %s)", r.Kind, kindList())
	}
	if !slices.Contains(Severities, r.Severity) {
		add("severity", "must be error, warning or info")
	}
	for g, e := range r.Enforce {
		if !slices.Contains(Gates, g) {
			add("enforce", "unknown gate %q (submit, approve, stage, accept)", g)
		}
		if !slices.Contains(Enforcements, e) {
			add("enforce", "%s: unknown enforcement %q (deny, warn, audit)", g, e)
		}
	}
	if len(r.Enforce) > 0 && r.Kind != KindApplication {
		add("enforce", "only application rules are enforced at gates; the sweep records the findings of a %s", r.Kind)
	}
	if strings.TrimSpace(r.When) == "" {
		add("violated_when", "write the expression that is true when the subject violates the rule")
	}
	if len(r.When) > MaxExpression {
		add("violated_when", "longer than %d characters", MaxExpression)
	}
	if len(r.Tests) == 0 {
		add("tests", "give at least one test case that violates the rule and one that does not")
	} else {
		var yes, no bool
		for _, c := range r.Tests {
			yes, no = yes || c.Violated, no || !c.Violated
			if c.Today != "" && !datePattern.MatchString(c.Today) {
				add("tests", "case %q: today must be a date such as 2026-12-01", c.Name)
			}
		}
		if !yes || !no {
			add("tests", "give at least one test case that violates the rule and one that does not")
		}
	}
	for _, f := range placeholders(r.Message.ZH + r.Message.EN) {
		if r.Kind.Known() && !hasField(kinds[r.Kind].typ, f) {
			add("message", "{%s} is not a field of %s", f, r.Kind)
		}
	}
	return ps
}

func kindList() string {
	var s []string
	for _, k := range Kinds() {
		s = append(s, string(k))
	}
	return strings.Join(s, ", ")
}

// MaxExpression bounds an expression's length in bytes.
const MaxExpression = 4000
