package app

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"archgov/internal/domain"
	"archgov/internal/rules"
	"archgov/internal/store"
)

// The application's gates (issue 11): submission, approval, a stage move and the acceptance
// evaluate the application rules inside the step's transaction. A rule enforced "deny" at the
// gate refuses the step (422, every such rule with its clause and message, nothing changed); a
// "warn" rule is shown, and an approval must acknowledge it (ProjectStep.AcknowledgeWarnings);
// "audit" is recorded only. Every decision is kept (rule_decisions) with the rule-set version
// that made it — a refusal too, in a transaction of its own after the step's rolled back.

// GateViolation is one rule a gate found violated, as the decision keeps it.
type GateViolation struct {
	Rule        string            `json:"rule"`
	Clauses     []string          `json:"clauses"`
	Enforcement rules.Enforcement `json:"enforcement"`
	MessageZH   string            `json:"message_zh"`
	MessageEN   string            `json:"message_en"`
}

// gateRefusal is a gate's refusal on its way out of the step's transaction: the decision to
// keep and the error the caller gets.
type gateRefusal struct {
	decision *store.RuleDecision
	err      error
}

func (g *gateRefusal) Error() string { return g.err.Error() }

// Gate outcomes.
const (
	outcomeAllow = "allow"
	outcomeWarn  = "warn"
	outcomeDeny  = "deny"
)

// gate evaluates the application rules of p at gate g inside tx. ack says whether the caller
// acknowledged the warnings (an approval must). It records an allowing decision in tx and
// returns a *gateRefusal for a refusal.
func gate(ctx context.Context, tx *store.Tx, a domain.Actor, g rules.Gate, p *domain.Project, ack bool) error {
	c, err := rulesInForce(ctx, tx) // a database without a rule set gets the default first
	if err != nil {
		return err
	}
	version, found, err := evalGate(ctx, tx.Reader, c, g, p, today(tx).Format("2006-01-02"))
	if err != nil {
		return err
	}
	var denied, warned domain.Problems
	for _, v := range found {
		err := domain.RuleViolation(v.Rule, v.Clauses, domain.Bilingual{ZH: v.MessageZH, EN: v.MessageEN})
		switch v.Enforcement {
		case rules.Deny:
			denied = append(denied, err)
		case rules.Warn:
			warned = append(warned, err)
		}
	}
	body, _ := json.Marshal(found)
	d := &store.RuleDecision{Gate: string(g), Kind: string(rules.KindApplication), SubjectID: p.ID, RuleVersion: version,
		Outcome: outcomeAllow, Violations: string(body), ActorID: a.UserID, At: tx.Now().UTC()}
	switch {
	case len(denied) > 0:
		d.Outcome = outcomeDeny
		return &gateRefusal{decision: d, err: denied.Err()}
	case len(warned) > 0 && g == rules.GateApprove && !ack:
		d.Outcome = outcomeDeny
		var ids []string
		for _, w := range warned {
			ids = append(ids, w.Rule)
		}
		first := domain.Errorf(domain.EUnprocessable, "err.rules.unacknowledged", strings.Join(ids, "、"))
		first.Field = "acknowledge_warnings"
		return &gateRefusal{decision: d, err: append(domain.Problems{first}, warned...).Err()}
	case len(warned) > 0:
		d.Outcome = outcomeWarn
	}
	return tx.InsertRuleDecision(ctx, d)
}

// evalGate evaluates the application rules of p enforced at gate g on the day: the rule-set
// version and every violated rule with its enforcement there.
func evalGate(ctx context.Context, r store.Reader, c *rules.Compiled, g rules.Gate, p *domain.Project, day string) (int64, []GateViolation, error) {
	in, err := applicationInput(ctx, r, p)
	if err != nil {
		return 0, nil, err
	}
	vs, err := c.Eval(ctx, rules.KindApplication, in, day)
	if err != nil { // a rule that cannot be evaluated does not let a step through unchecked
		return 0, nil, domain.Errorf(domain.EUnprocessable, "err.rules.eval_failed", err.Error())
	}
	var found []GateViolation
	for _, v := range vs {
		if e := v.Rule.Enforce[g]; e != "" {
			found = append(found, GateViolation{Rule: v.Rule.ID, Clauses: v.Rule.Clauses, Enforcement: e, MessageZH: v.Message.ZH, MessageEN: v.Message.EN})
		}
	}
	return c.Set.Version, found, nil
}

// GateCheck says what the rules would decide at gate g for the application now, recording
// nothing: the application page's check before submitting, and the gate's benchmark.
func (s *Service) GateCheck(ctx context.Context, a domain.Actor, projectID int64, g rules.Gate) ([]GateViolation, error) {
	p, err := s.Project(ctx, a, projectID)
	if err != nil {
		return nil, err
	}
	r := s.db.Read()
	c, err := ruleSetFor(ctx, r)
	if err != nil {
		return nil, err
	}
	_, found, err := evalGate(ctx, r, c, g, p, dayOf(s.Now()).Format("2006-01-02"))
	return found, err
}

// keepRefusal records a gate's refused decision in a transaction of its own (the step's rolled
// back) and returns the error the caller gets; any other error passes as it is.
func (s *Service) keepRefusal(ctx context.Context, err error) error {
	var g *gateRefusal
	if !errors.As(err, &g) {
		return err
	}
	if kerr := s.db.InTx(ctx, func(tx *store.Tx) error { return tx.InsertRuleDecision(ctx, g.decision) }); kerr != nil {
		s.log.Error("rules: keeping a refused decision", "err", kerr)
	}
	return g.err
}

// RuleDecisions lists the gate decisions of an application, newest first, for whoever may
// read it: which rule-set version allowed, warned or refused each step.
func (s *Service) RuleDecisions(ctx context.Context, a domain.Actor, projectID int64) ([]*store.RuleDecision, error) {
	if _, err := s.Project(ctx, a, projectID); err != nil {
		return nil, err
	}
	return s.db.Read().RuleDecisions(ctx, string(rules.KindApplication), projectID)
}

// GateViolations decodes a decision's violations.
func GateViolations(d *store.RuleDecision) []GateViolation {
	var out []GateViolation
	_ = json.Unmarshal([]byte(d.Violations), &out)
	return out
}
