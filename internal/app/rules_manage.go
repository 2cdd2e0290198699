package app

import (
	"context"
	"reflect"
	"slices"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/rules"
	"archgov/internal/store"
)

// Rule management (issue 11, the info office): read the rule set in force and its history,
// check a rule as it is being edited (compile errors at their position, the test cases), dry-run
// it against the current records, publish it as a new immutable version tied to a guide year,
// compare versions, and export or import a whole set as YAML.

// RuleSetView is one version of the rule set with its publication.
type RuleSetView struct {
	Row *store.RuleSetRow
	Set *rules.Set
}

var ruleSetRes = authz.Resource{Kind: authz.KindRuleSet}

// RuleSet reads a published version (0: the one in force). Before anything is published the
// version in force is the default set, shown as version 0.
func (s *Service) RuleSet(ctx context.Context, a domain.Actor, version int64) (*RuleSetView, error) {
	if err := authz.Can(a, authz.RuleRead, ruleSetRes); err != nil {
		return nil, err
	}
	row, err := s.db.Read().RuleSet(ctx, version)
	if domain.ErrorCode(err) == domain.ENotFound && version == 0 {
		set := rules.Default()
		return &RuleSetView{Row: &store.RuleSetRow{GuideYear: set.GuideYear, Note: set.Note}, Set: set}, nil
	}
	if err != nil {
		return nil, err
	}
	set, err := decodeSet(row)
	if err != nil {
		return nil, err
	}
	return &RuleSetView{Row: row, Set: set}, nil
}

// RuleSetVersions lists every published version, newest first.
func (s *Service) RuleSetVersions(ctx context.Context, a domain.Actor) ([]*store.RuleSetRow, error) {
	if err := authz.Can(a, authz.RuleRead, ruleSetRes); err != nil {
		return nil, err
	}
	return s.db.Read().RuleSets(ctx)
}

// RuleCheck is what checking a rule as edited found: its problems (compile errors with line and
// column) and, when it compiles, its test cases' results.
type RuleCheck struct {
	Problems rules.Problems     `json:"problems"`
	Cases    []rules.CaseResult `json:"cases"`
}

// OK reports whether the rule may be published.
func (c RuleCheck) OK() bool { return len(c.Problems) == 0 }

// CheckRule compiles a rule as edited and runs its test cases (the office).
func (s *Service) CheckRule(a domain.Actor, r *rules.Rule) (RuleCheck, error) {
	if err := authz.Can(a, authz.RuleWrite, ruleSetRes); err != nil {
		return RuleCheck{}, err
	}
	return checkRule(r), nil
}

func checkRule(r *rules.Rule) RuleCheck {
	ps, cases := rules.Check(r)
	return RuleCheck{Problems: ps, Cases: cases}
}

// DryRun is what publishing a rule would change today: how many records it finds, which would
// start and which would stop being findings of it (counts and the first samples).
type DryRun struct {
	Kind     rules.Kind     `json:"kind"`
	Subjects int            `json:"subjects"`
	Violated int            `json:"violated"`
	Start    int            `json:"start"` // would become findings
	Stop     int            `json:"stop"`  // findings that would resolve
	Errors   int            `json:"errors"`
	Samples  []DrySample    `json:"samples"`
	Problems rules.Problems `json:"problems,omitempty"`
}

// DrySample is one record a dry run would change.
type DrySample struct {
	SubjectID int64  `json:"subject_id"`
	Name      string `json:"name"`
	UnitID    int64  `json:"unit_id"`
	Change    string `json:"change"` // start or stop
	MessageZH string `json:"message_zh,omitempty"`
	MessageEN string `json:"message_en,omitempty"`
}

// DrySamples bounds the samples of each change a dry run shows.
const DrySamples = 20

// DryRunRule evaluates a rule as edited over every current record of its kind, against the
// live findings of the rule with the same ID. Nothing is written.
func (s *Service) DryRunRule(ctx context.Context, a domain.Actor, r *rules.Rule) (DryRun, error) {
	out := DryRun{Kind: r.Kind}
	if err := authz.Can(a, authz.RuleWrite, ruleSetRes); err != nil {
		return out, err
	}
	chk := checkRule(r)
	if !chk.OK() {
		out.Problems = chk.Problems
		return out, nil
	}
	c, err := rules.Compile(&rules.Set{Rules: []rules.Rule{*r}})
	if err != nil {
		return out, err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error { // read as one snapshot; nothing is written
		d, err := ruleDayOf(ctx, tx)
		if err != nil {
			return err
		}
		subs, err := subjectSources[r.Kind](ctx, tx.Reader, d, nil)
		if err != nil {
			return err
		}
		live, err := tx.Findings(ctx, authz.Scope{All: true}, store.FindingFilter{Kind: string(r.Kind), RuleID: r.ID})
		if err != nil {
			return err
		}
		had := map[int64]*domain.Finding{}
		for _, f := range live {
			had[f.SubjectID] = f
		}
		out.Subjects = len(subs)
		starts, stops := 0, 0
		for _, sub := range subs {
			vs, err := c.Eval(ctx, r.Kind, sub.input, d.date())
			if err != nil {
				out.Errors++
				continue
			}
			violated := len(vs) > 0
			if violated {
				out.Violated++
			}
			switch {
			case violated && had[sub.id] == nil:
				out.Start++
				if starts < DrySamples {
					out.Samples = append(out.Samples, DrySample{SubjectID: sub.id, Name: sub.name, UnitID: sub.unitID, Change: "start",
						MessageZH: vs[0].Message.ZH, MessageEN: vs[0].Message.EN})
					starts++
				}
			case !violated && had[sub.id] != nil:
				out.Stop++
				if stops < DrySamples {
					out.Samples = append(out.Samples, DrySample{SubjectID: sub.id, Name: sub.name, UnitID: sub.unitID, Change: "stop"})
					stops++
				}
			}
			delete(had, sub.id)
		}
		for _, f := range had { // findings of records no longer read
			out.Stop++
			if stops < DrySamples {
				out.Samples = append(out.Samples, DrySample{SubjectID: f.SubjectID, Name: f.SubjectName, UnitID: f.UnitID, Change: "stop"})
				stops++
			}
		}
		return errDryRun
	})
	if err == errDryRun {
		err = nil
	}
	return out, err
}

// errDryRun rolls a dry run's read transaction back.
var errDryRun = domain.Errorf(domain.EInternal, "dry run")

// PublishRule publishes the set in force with r added or replacing the rule of its ID, as the
// next version for guideYear (0: the set's). base is the version the editor started from: a
// set published meanwhile is a conflict (409), never overwritten. The rule must check (422,
// every problem). Audited as ruleset.publish; the rule's kind is re-evaluated at once.
func (s *Service) PublishRule(ctx context.Context, a domain.Actor, r *rules.Rule, base int64, guideYear int, note string) (*store.RuleSetRow, error) {
	return s.publish(ctx, a, base, note, func(set *rules.Set) error {
		if chk := checkRule(r); !chk.OK() {
			return ruleProblems(chk.Problems)
		}
		if i := slices.IndexFunc(set.Rules, func(x rules.Rule) bool { return x.ID == r.ID }); i >= 0 {
			set.Rules[i] = *r
		} else {
			set.Rules = append(set.Rules, *r)
		}
		if guideYear != 0 {
			set.GuideYear = guideYear
		}
		return nil
	}, r.Kind)
}

// RemoveRule publishes the set in force without the rule id; its findings resolve.
func (s *Service) RemoveRule(ctx context.Context, a domain.Actor, ruleID string, base int64, note string) (*store.RuleSetRow, error) {
	return s.publish(ctx, a, base, note, func(set *rules.Set) error {
		i := slices.IndexFunc(set.Rules, func(x rules.Rule) bool { return x.ID == ruleID })
		if i < 0 {
			return domain.NotFound()
		}
		set.Rules = slices.Delete(set.Rules, i, i+1)
		return nil
	}, "")
}

// ImportRuleSet publishes a whole rule set read from YAML (archgov rules import) as the next
// version: every rule must check (422 with every problem). Audited as ruleset.publish; every
// kind is re-evaluated.
func (s *Service) ImportRuleSet(ctx context.Context, a domain.Actor, yaml []byte, note string) (*store.RuleSetRow, error) {
	in, err := rules.DecodeYAML(yaml)
	if err != nil {
		return nil, domain.Invalid("file", "err.rules.invalid", err.Error())
	}
	if len(in.Rules) == 0 { // an empty file would silently switch every rule off
		return nil, domain.Invalid("file", "err.rules.invalid", "the file has no rules")
	}
	var ps rules.Problems
	for i := range in.Rules {
		ps = append(ps, rules.CheckRule(&in.Rules[i])...)
	}
	if len(ps) > 0 {
		return nil, ruleProblems(ps)
	}
	if note == "" {
		note = in.Note
	}
	return s.publish(ctx, a, -1, note, func(set *rules.Set) error {
		set.Rules, set.GuideYear = in.Rules, in.GuideYear
		return nil
	}, "")
}

// publish applies change to the set in force and stores the result as the next version, then
// re-evaluates the records of kind (every kind when ""). base -1: whatever is in force.
func (s *Service) publish(ctx context.Context, a domain.Actor, base int64, note string, change func(*rules.Set) error, kind rules.Kind) (*store.RuleSetRow, error) {
	if err := authz.Can(a, authz.RuleWrite, ruleSetRes); err != nil {
		return nil, err
	}
	note = strings.TrimSpace(note)
	if note == "" {
		return nil, domain.Invalid("note", "err.required")
	}
	row, err := inTx(ctx, s, func(tx *store.Tx) (*store.RuleSetRow, error) {
		// Before anything is published the editor showed the default set as version 0
		// (RuleSet), which rulesInForce now publishes as version 1: base 0 is then current.
		_, lerr := tx.LatestRuleSet(ctx)
		fresh := domain.ErrorCode(lerr) == domain.ENotFound
		cur, err := rulesInForce(ctx, tx)
		if err != nil {
			return nil, err
		}
		if base >= 0 && base != cur.Set.Version && !(fresh && base == 0) {
			return nil, domain.Errorf(domain.EConflict, "err.rules.stale", cur.Set.Version)
		}
		set := &rules.Set{GuideYear: cur.Set.GuideYear, Rules: slices.Clone(cur.Set.Rules)}
		if err := change(set); err != nil {
			return nil, err
		}
		return publishSet(ctx, tx, a, set, cur.Set.Version+1, note)
	})
	if err != nil {
		return nil, err
	}
	var total SweepCounts
	var failed error
	for _, k := range rules.Kinds() {
		if kind == "" || k == kind {
			n, err := s.sweepKind(ctx, k)
			if err != nil {
				s.log.Warn("rules: re-evaluating after a publication", "kind", k, "err", err)
				failed = err
				continue
			}
			total.add(n)
		}
	}
	if err := s.auditSweep(ctx, a, total, failed); err != nil {
		s.log.Warn("rules: auditing the re-evaluation after a publication", "err", err)
	}
	return row, nil
}

// ExportRuleSet writes a published version (0: in force) as YAML.
func (s *Service) ExportRuleSet(ctx context.Context, a domain.Actor, version int64) ([]byte, error) {
	v, err := s.RuleSet(ctx, a, version)
	if err != nil {
		return nil, err
	}
	return rules.EncodeYAML(v.Set)
}

// RuleChange is how one rule differs between two versions.
type RuleChange struct {
	ID     string      `json:"id"`
	Change string      `json:"change"` // added, removed, changed
	Fields []string    `json:"fields,omitempty"`
	Before *rules.Rule `json:"before,omitempty"`
	After  *rules.Rule `json:"after,omitempty"`
}

// DiffRuleSets compares two published versions rule by rule.
func (s *Service) DiffRuleSets(ctx context.Context, a domain.Actor, from, to int64) ([]RuleChange, error) {
	x, err := s.RuleSet(ctx, a, from)
	if err != nil {
		return nil, err
	}
	y, err := s.RuleSet(ctx, a, to)
	if err != nil {
		return nil, err
	}
	return diffSets(x.Set, y.Set), nil
}

// DiffSets compares two rule sets rule by rule, as DiffRuleSets does two versions: the rule
// management pages show with it what importing a file would change.
func DiffSets(x, y *rules.Set) []RuleChange { return diffSets(x, y) }

func diffSets(x, y *rules.Set) []RuleChange {
	var out []RuleChange
	for i := range y.Rules {
		r := &y.Rules[i]
		old := x.Rule(r.ID)
		if old == nil {
			out = append(out, RuleChange{ID: r.ID, Change: "added", After: r})
			continue
		}
		var fields []string
		ov, nv := reflect.ValueOf(*old), reflect.ValueOf(*r)
		for f := range ov.NumField() {
			if !reflect.DeepEqual(ov.Field(f).Interface(), nv.Field(f).Interface()) {
				name, _, _ := strings.Cut(ov.Type().Field(f).Tag.Get("json"), ",")
				fields = append(fields, name)
			}
		}
		if len(fields) > 0 {
			out = append(out, RuleChange{ID: r.ID, Change: "changed", Fields: fields, Before: old, After: r})
		}
	}
	for i := range x.Rules {
		if y.Rule(x.Rules[i].ID) == nil {
			out = append(out, RuleChange{ID: x.Rules[i].ID, Change: "removed", Before: &x.Rules[i]})
		}
	}
	return out
}
