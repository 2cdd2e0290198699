package app

import (
	"context"

	"archgov/internal/domain"
	"archgov/internal/rules"
	"archgov/internal/store"
)

// RuleDecision is a gate's decision on an application, as RuleDecisions lists them.
type RuleDecision = store.RuleDecision

// ApprovalWarnings are the rules the approval of an application would warn about now (issue
// 11): those enforced "warn" at the approve gate that the application violates, for the
// approve form to show them and ask for their acknowledgement (ProjectStep.AcknowledgeWarnings).
// It takes no step and keeps no decision: the gate decides again in the approval's
// transaction. For whoever may read the application (404 otherwise).
func (s *Service) ApprovalWarnings(ctx context.Context, a domain.Actor, projectID int64) ([]GateViolation, error) {
	p, err := s.Project(ctx, a, projectID)
	if err != nil {
		return nil, err
	}
	r := s.db.Read()
	var c *rules.Compiled
	row, err := r.LatestRuleSet(ctx)
	switch {
	case domain.ErrorCode(err) == domain.ENotFound: // the default set is published by the first step that needs it
		c, err = rules.Compile(rules.Default())
	case err == nil:
		c, err = compiled(row)
	}
	if err != nil {
		return nil, err
	}
	in, err := applicationInput(ctx, r, p)
	if err != nil {
		return nil, err
	}
	vs, err := c.Eval(ctx, rules.KindApplication, in, dayOf(s.Now()).Format("2006-01-02"))
	if err != nil {
		return nil, err
	}
	var out []GateViolation
	for _, v := range vs {
		if e := v.Rule.Enforce[rules.GateApprove]; e == rules.Warn {
			out = append(out, GateViolation{Rule: v.Rule.ID, Clauses: v.Rule.Clauses, Enforcement: e, MessageZH: v.Message.ZH, MessageEN: v.Message.EN})
		}
	}
	return out, nil
}
