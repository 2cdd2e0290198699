package app_test

import (
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/rules"
)

// TestPublishOnFreshDatabase: before anything is published the rule set in force is the
// default, shown as version 0; the office's edit of it (base 0) publishes version 2 over the
// default's version 1, and a second edit from base 0 is then stale (409).
func TestPublishOnFreshDatabase(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		a := app.SystemActor()
		v, err := e.svc.RuleSet(e.ctx, a, 0)
		if err != nil || v.Set.Version != 0 || len(v.Set.Rules) == 0 {
			t.Fatalf("the set in force of a fresh database: %+v %v", v, err)
		}
		r := v.Set.Rules[0]
		r.Severity = rules.SevInfo
		row, err := e.svc.PublishRule(e.ctx, a, &r, 0, 0, "首次修订")
		if err != nil {
			t.Fatalf("publishing from the default set: %v", err)
		}
		if row.Version != 2 {
			t.Fatalf("published version %d, want 2 (the default is 1)", row.Version)
		}
		if _, err := e.svc.PublishRule(e.ctx, a, &r, 0, 0, "再次修订"); domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("a second edit from base 0: %v, want a conflict", err)
		}
	})
}
