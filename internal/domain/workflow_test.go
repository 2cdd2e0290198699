package domain_test

import (
	"slices"
	"testing"

	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// TestWorkflowTables checks every workflow table for what a typo would break: each step leads
// between states of the workflow, every state but the first is reached by some step, and every
// state and action has its name in both languages (the buttons, the conflict message and
// docs/workflows.md show them).
func TestWorkflowTables(t *testing.T) {
	for _, d := range domain.Diagrams() {
		reached := map[string]bool{d.States[0]: true}
		for _, e := range d.Edges {
			if !slices.Contains(d.States, e.From) || !slices.Contains(d.States, e.To) {
				t.Errorf("%s: %s leads from %q to %q, not both states of the workflow", d.Name, e.Action, e.From, e.To)
			}
			reached[e.To] = true
			if e.Guarded != (e.Rule != "") {
				t.Errorf("%s: %s has a guard without its rule in words, or the other way round", d.Name, e.Action)
			}
			for _, lang := range i18n.Langs {
				if !i18n.Has(lang, d.ActionKey+e.Action) {
					t.Errorf("%s: no %s message %s", d.Name, lang, d.ActionKey+e.Action)
				}
			}
		}
		for _, s := range d.States {
			if !reached[s] {
				t.Errorf("%s: no step leads to %s", d.Name, s)
			}
			for _, lang := range i18n.Langs {
				if !i18n.Has(lang, d.StateKey+s) {
					t.Errorf("%s: no %s message %s", d.Name, lang, d.StateKey+s)
				}
			}
		}
		if !i18n.Has(i18n.ZH, d.Title) || len(d.Clauses) == 0 {
			t.Errorf("%s: title %q, clauses %v", d.Name, d.Title, d.Clauses)
		}
	}
}

// TestWorkflowAvailable: the buttons are the steps Next allows, save what the step's form
// asks for (a field error); a guard's other refusal hides the step.
func TestWorkflowAvailable(t *testing.T) {
	office := []domain.SystemActor{domain.ByOffice}
	out := &domain.System{Status: domain.StatusCleanupAccepted}
	if got := domain.MigrationPlanFlow.Available(domain.PlanInProgress, office, out); !slices.Equal(got, []domain.PlanAction{domain.PlanCancel}) {
		t.Errorf("plan of a system out of service: %v, want only cancel", got)
	}
	running := &domain.System{Status: domain.StatusRunning}
	if got := domain.MigrationPlanFlow.Available(domain.PlanInProgress, office, running); !slices.Equal(got, []domain.PlanAction{domain.PlanBack, domain.PlanComplete, domain.PlanCancel}) {
		t.Errorf("plan of a running system: %v", got)
	}
	if _, err := domain.MigrationPlanFlow.Next(domain.PlanPlanned, domain.PlanCancel, office, " ", running); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("cancel without a reason: %v", err)
	}
	if _, err := domain.MigrationPlanFlow.Next(domain.PlanPlanned, domain.PlanStart, office, "", out); domain.ErrorCode(err) != domain.EUnprocessable {
		t.Errorf("start the plan of a system out of service: %v", err)
	}
}
