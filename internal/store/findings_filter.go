package store

import "archgov/internal/domain"

// Registers selected by what the governance rules found (issue 11): a list filter, a record's
// flag or a to-do asks whether a record has a live (open or waived) finding of a rule instead
// of computing the clause's check again in SQL. The findings are the engine's (app/rules.go):
// every save of a record and the daily sweep keep them current.

// liveFindingOf is the SQL condition "the record whose id is in column idCol has a live finding
// of the rule", for a subject kind; its arguments are liveFindingArgs.
func liveFindingOf(idCol string) string {
	return `EXISTS (SELECT 1 FROM findings lf WHERE lf.subject_kind = ? AND lf.subject_id = ` + idCol +
		` AND lf.rule_id = ? AND lf.status IN (?, ?))`
}

func liveFindingArgs(kind, rule string) []any {
	return []any{kind, rule, string(domain.FindingOpen), string(domain.FindingWaived)}
}

// liveFinding keeps the records (their id in idCol) with a live finding of rule; no condition
// when rule is "".
func (w *filter) liveFinding(kind, idCol, rule string) {
	if rule != "" {
		w.add(liveFindingOf(idCol), liveFindingArgs(kind, rule)...)
	}
}

// liveClauseFinding keeps the records (their id in idCol) with a live finding of any rule citing
// clause: every rule of a clause, those the office publishes later too (a task book deviating
// from its indicators: BLD-R4).
func (w *filter) liveClauseFinding(kind, idCol, clause string) {
	w.add(`EXISTS (SELECT 1 FROM findings lf WHERE lf.subject_kind = ? AND lf.subject_id = `+idCol+
		` AND (' ' || lf.clauses || ' ') LIKE ? AND lf.status IN (?, ?))`,
		kind, "% "+escapeLike(clause)+" %", string(domain.FindingOpen), string(domain.FindingWaived))
}

// liveFindingFlag is a SELECT expression, 1 when the record (its id in idCol) has a live
// finding of rule and 0 otherwise: a record's flag (a room or website overdue) read with it.
// The kind and rule are the program's constants, never input, so they are written inline.
func liveFindingFlag(kind, idCol, rule string) string {
	return `CASE WHEN EXISTS (SELECT 1 FROM findings lf WHERE lf.subject_kind = '` + kind + `' AND lf.subject_id = ` + idCol +
		` AND lf.rule_id = '` + rule + `' AND lf.status IN ('` + string(domain.FindingOpen) + `', '` + string(domain.FindingWaived) + `')) THEN 1 ELSE 0 END`
}
