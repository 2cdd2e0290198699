package domain

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

//go:generate go run ./internal/genworkflows -o ../../docs/workflows.md

// Workflow is a register's lifecycle as data: (state, action, who) → next state, with what a
// step needs beyond that (a guard, a note). Neither a handler nor SQL decides whether a step is
// legal; Next does, from the table. The same table gives the buttons a page shows (Available),
// the step indicator (States) and the diagrams of docs/workflows.md.
//
// S is the state, A the action, W the capacity in which someone acts (a side, or the unit or the
// office), G what the guards read (the record, or the day and the deadline; any when none).
type Workflow[S, A, W ~string, G any] struct {
	Name    string   // the register, as docs/workflows.md names it
	Title   string   // the message key of the register's name
	Clauses []string // the clauses the workflow enforces
	States  []S      // every state in display order (filters, the step indicator)
	Steps   []Transition[S, A, W, G]

	// Conflict is the message of a step not possible from the state; it takes the state's and
	// the action's message keys, of which StateKey and ActionKey are the prefixes.
	Conflict, StateKey, ActionKey string

	NoteKey   string    // the message of a missing note ("err.required" when "")
	NoteMax   int       // the longest note in characters; 0: not checked here
	Back      func(G) S // where a step with no To leads: the state the record came from
	SideFirst bool      // the actor's side is checked before the state
}

// Transition is one step of a workflow, in display order.
type Transition[S, A, W ~string, G any] struct {
	Action A
	From   []S
	To     S      // "": back to where the record came from (Workflow.Back)
	Or     []S    // where the register's own rule may lead instead of To (DecideCloud)
	By     []W    // who may take it
	Note   string // the field whose text the step requires ("note", "reason"), "" for none
	// Guard is a rule beyond the state and the actor, given the step's note; nil for none.
	// Rule says it in words, for docs/workflows.md.
	Guard func(g G, note string) error
	Rule  string
}

// Step finds an action's transition.
func (w *Workflow[S, A, W, G]) Step(act A) (Transition[S, A, W, G], bool) {
	i := slices.IndexFunc(w.Steps, func(t Transition[S, A, W, G]) bool { return t.Action == act })
	if i < 0 {
		return Transition[S, A, W, G]{}, false
	}
	return w.Steps[i], true
}

// Actions lists the actions in display order.
func (w *Workflow[S, A, W, G]) Actions() []A {
	out := make([]A, len(w.Steps))
	for i, t := range w.Steps {
		out[i] = t.Action
	}
	return out
}

// NoteField names the field an action's text goes in, "" when the action needs none.
func (w *Workflow[S, A, W, G]) NoteField(act A) string {
	t, _ := w.Step(act)
	return t.Note
}

// Next decides a step from cur: the state it leads to, or why not — EInvalid for an unknown
// action, EConflict for a step not possible from the state, EForbidden for the wrong actor,
// the guard's error, a field error when the note the step needs is missing or too long.
func (w *Workflow[S, A, W, G]) Next(cur S, act A, who []W, note string, g G) (S, error) {
	t, ok := w.Step(act)
	if !ok {
		return "", Invalid("action", "err.enum")
	}
	allowed := slices.ContainsFunc(who, func(x W) bool { return slices.Contains(t.By, x) })
	if w.SideFirst && !allowed {
		return "", Forbidden()
	}
	if !slices.Contains(t.From, cur) {
		return "", Errorf(EConflict, w.Conflict, w.StateKey+string(cur), w.ActionKey+string(act))
	}
	if !allowed {
		return "", Forbidden()
	}
	if t.Guard != nil {
		if err := t.Guard(g, note); err != nil {
			return "", err
		}
	}
	note = strings.TrimSpace(note)
	if t.Note != "" && note == "" {
		return "", Invalid(t.Note, cmp.Or(w.NoteKey, "err.required"))
	}
	if w.NoteMax > 0 && utf8.RuneCountInString(note) > w.NoteMax {
		return "", Invalid(cmp.Or(t.Note, "note"), "err.too_long", w.NoteMax)
	}
	if t.To == "" {
		return w.Back(g), nil
	}
	return t.To, nil
}

// Available lists the actions the actors may take from cur now, in display order (to show
// buttons). What the step's form asks for — a note, a field a guard wants — does not hide it.
func (w *Workflow[S, A, W, G]) Available(cur S, who []W, g G) []A {
	var out []A
	for _, t := range w.Steps {
		if _, err := w.Next(cur, t.Action, who, "", g); err == nil || ErrorCode(err) == EInvalid {
			out = append(out, t.Action)
		}
	}
	return out
}

// Diagram is a workflow with its types erased, for the generated docs/workflows.md.
type Diagram struct {
	Name, Title, StateKey, ActionKey string
	Clauses, States                  []string
	Edges                            []Edge
}

// Edge is one transition from one state.
type Edge struct {
	From, To, Action, Note, Rule string
	By                           []string
	Guarded                      bool
}

// Diagram erases the workflow's types. A step back to where the record came from leads to
// every state a step into its source comes from.
func (w *Workflow[S, A, W, G]) Diagram() Diagram {
	d := Diagram{Name: w.Name, Title: w.Title, StateKey: w.StateKey, ActionKey: w.ActionKey, Clauses: w.Clauses, States: strs(w.States)}
	for _, t := range w.Steps {
		for _, from := range t.From {
			to := append([]S{t.To}, t.Or...)
			if t.To == "" {
				to = nil
				for _, u := range w.Steps {
					if u.To == from {
						to = append(to, u.From...)
					}
				}
			}
			for _, x := range to {
				d.Edges = append(d.Edges, Edge{From: string(from), To: string(x), Action: string(t.Action), Note: t.Note, Rule: t.Rule, By: strs(t.By), Guarded: t.Guard != nil})
			}
		}
	}
	return d
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// Diagrams lists every workflow, for docs/workflows.md.
func Diagrams() []Diagram {
	return []Diagram{SystemFlow.Diagram(), MigrationPlanFlow.Diagram(), DockingPlanFlow.Diagram(),
		RoomFlow.Diagram(), WebFlow.Diagram(), MediaFlow.Diagram(), CloudFlow.Diagram(),
		CatalogFlow.Diagram(), SharingFlow.Diagram(), FeedbackFlow.Diagram(), GuideFlow.Diagram(),
		AnnualPlanFlow.Diagram(),
		ProjectFlow.Diagram(),       // project.go: the project application (FLOW-2)
		StageFlow.Diagram(),         // stage.go: the project's stages after its task book (FLOW-4)
		CheckRoundFlow.Diagram(),    // spotcheck.go: a random spot-check round (FLOW-4)
		RectificationFlow.Diagram(), // rectification.go: rectification notices (FLOW-4, FLOW-5)
		WaiverFlow.Diagram(),        // finding.go: a waiver of a rule's finding (issue 11)
		ComponentFlow.Diagram(),     // component.go: the shared component catalog (issue 15)
		AssessmentFlow.Diagram(),    // assessment.go: the department assessment (ORG-3)
		ObjectionFlow.Diagram(),     // assessment.go: a unit's objection to its score (ORG-3)
	}
}
