package store

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// Department assessment (部门考核, ORG-3): a year's indicators and weights (assessments), the
// frozen snapshot of every unit's figures written when it is published (assessment_scores), and
// the units' objections (assessment_objections). Scores are kept in hundredths of a point.

var assessments = newTable("assessment", "assessments", "a", "", func(x *domain.Assessment) []column {
	return versioned(&x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt, once("year", &x.Year), c("title", &x.Title),
		c("weights", textAs(&x.Weights, parseJSON[[]domain.IndicatorWeight], jsonText[[]domain.IndicatorWeight])),
		c("objection_days", &x.ObjectionDays), c("status", text(&x.Status)), c("published_at", at(&x.PublishedAt)),
		c("objection_until", date(&x.ObjectionUntil)))
}).onUnique(func(x *domain.Assessment, _ error) error {
	return domain.Invalid("year", "err.assess.year_taken", x.Year)
})

var objections = newTable("objection", "assessment_objections", "o",
	` JOIN assessments a ON a.id = o.assessment_id JOIN units u ON u.id = o.unit_id`,
	func(x *domain.Objection) []column {
		return versioned(&x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt, once("assessment_id", &x.AssessmentID),
			join("a.year", &x.Year), once("unit_id", &x.UnitID), join("u.name", &x.UnitName), once("reason", &x.Reason),
			once("score_c", cents(&x.Score)), c("status", text(&x.Status)), c("answer", &x.Answer),
			c("corrected_c", cents(&x.CorrectedScore)), c("answered_at", at(&x.AnsweredAt)))
	}).onUnique(func(x *domain.Objection, _ error) error {
	return domain.Invalid("reason", "err.objection.twice", x.Year) // one objection a unit and year
})

// centsCol keeps a score as whole hundredths.
type centsCol struct{ p *float64 }

func cents(p *float64) centsCol { return centsCol{p} }

func (c centsCol) Scan(src any) error           { n, err := num(src); *c.p = float64(n) / 100; return err }
func (c centsCol) Value() (driver.Value, error) { return hundredths(*c.p), nil }

func parseJSON[T any](s string) T {
	var out T
	_ = json.Unmarshal([]byte(s), &out) // written by jsonText only
	return out
}

func jsonText[T any](v T) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Assessment loads one year's assessment; domain.NotFound when there is none.
func (r Reader) Assessment(ctx context.Context, id int64) (*domain.Assessment, error) {
	return assessments.get(ctx, r, `a.id = ?`, id)
}

// Assessments lists the assessments newest year first: every one for the office (scope.All),
// the published ones for everyone else.
func (r Reader) Assessments(ctx context.Context, scope authz.Scope, limit int) ([]*domain.Assessment, error) {
	w := r.where(`1 = 1`)
	w.addIf(!scope.All, `a.status = ?`, string(domain.AssessPublished))
	return assessments.list(ctx, r, "assessments", w, ` ORDER BY a.year DESC`, limit)
}

// InsertAssessment stores a new year's assessment (a year has one: err.assess.year_taken).
func (tx *Tx) InsertAssessment(ctx context.Context, x *domain.Assessment) error {
	return assessments.insert(ctx, tx, x)
}

// UpdateAssessment saves x if its version is still x.Version.
func (tx *Tx) UpdateAssessment(ctx context.Context, x *domain.Assessment) error {
	return assessments.update(ctx, tx, x, "")
}

// InsertScores writes the published snapshot of an assessment: one row a unit, its figures and
// evidence as JSON. Nothing updates a row afterwards but SetFinalScore.
func (tx *Tx) InsertScores(ctx context.Context, assessmentID int64, scores []*domain.UnitScore) error {
	for _, s := range scores {
		items := s.Items
		if items == nil {
			items = []domain.IndicatorScore{}
		}
		_, err := tx.exec(ctx, `INSERT INTO assessment_scores (assessment_id, unit_id, unit_name, score_c, final_c, unit_rank, items)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, assessmentID, s.UnitID, s.UnitName, hundredths(s.Score), hundredths(s.Final), s.Rank, jsonText(items))
		if err != nil {
			return wrap(err, "insert assessment score %d/%d", assessmentID, s.UnitID)
		}
	}
	return nil
}

func hundredths(f float64) int64 { return int64(math.Round(f * 100)) }

// SetFinalScore sets the score that stands after an accepted objection.
func (tx *Tx) SetFinalScore(ctx context.Context, assessmentID, unitID int64, final float64) error {
	_, err := tx.exec(ctx, `UPDATE assessment_scores SET final_c = ? WHERE assessment_id = ? AND unit_id = ?`, hundredths(final), assessmentID, unitID)
	return wrap(err, "set final score %d/%d", assessmentID, unitID)
}

const scoreCols = `SELECT s.assessment_id, a.year, s.unit_id, s.unit_name, s.score_c, s.final_c, s.unit_rank`

func scanScore(withItems bool) func(rowScanner) (*domain.UnitScore, error) {
	return func(r rowScanner) (*domain.UnitScore, error) {
		x := &domain.UnitScore{}
		dest := []any{&x.AssessmentID, &x.Year, &x.UnitID, &x.UnitName, cents(&x.Score), cents(&x.Final), &x.Rank}
		var items string
		if withItems {
			dest = append(dest, &items)
		}
		if err := r.Scan(dest...); err != nil {
			return nil, err
		}
		if withItems {
			x.Items = parseJSON[[]domain.IndicatorScore](items)
		}
		return x, nil
	}
}

// Scores lists an assessment's published scores in scope, best first, without their evidence.
func (r Reader) Scores(ctx context.Context, scope authz.Scope, assessmentID int64) ([]*domain.UnitScore, error) {
	w := r.where(`s.assessment_id = ?`, assessmentID)
	w.scope(scope, "s.unit_id")
	return list(ctx, r.q, "assessment scores", scanScore(false), scoreCols+` FROM assessment_scores s JOIN assessments a ON a.id = s.assessment_id`,
		w, ` ORDER BY s.unit_rank, s.unit_id`, 0)
}

// Score reads one unit's published score with its figures and evidence; domain.NotFound when
// the assessment has none for the unit.
func (r Reader) Score(ctx context.Context, assessmentID, unitID int64) (*domain.UnitScore, error) {
	return queryOne(ctx, r.q, "assessment score", scanScore(true), scoreCols+`, s.items FROM assessment_scores s JOIN assessments a ON a.id = s.assessment_id
		WHERE s.assessment_id = ? AND s.unit_id = ?`, assessmentID, unitID)
}

// LatestScore is a unit's score in the latest published assessment (ORG-3: later approvals),
// without evidence; domain.NotFound when none was published.
func (r Reader) LatestScore(ctx context.Context, unitID int64) (*domain.UnitScore, error) {
	return queryOne(ctx, r.q, "latest assessment score", scanScore(false), scoreCols+` FROM assessment_scores s JOIN assessments a ON a.id = s.assessment_id
		WHERE s.unit_id = ? AND a.status = ? ORDER BY a.year DESC LIMIT 1`, unitID, string(domain.AssessPublished))
}

// Objection loads one objection.
func (r Reader) Objection(ctx context.Context, id int64) (*domain.Objection, error) {
	return objections.get(ctx, r, `o.id = ?`, id)
}

// ObjectionFilter narrows the objection list.
type ObjectionFilter struct {
	AssessmentID int64
	UnitID       int64
	Status       domain.ObjectionStatus
	After        int64 // the id of the last objection of the previous page (newest first)
	Limit        int
}

// objectionWhere is the filter of the objection list and its count.
func (r Reader) objectionWhere(scope authz.Scope, f ObjectionFilter) *filter {
	w := r.where(`1 = 1`)
	w.scope(scope, "o.unit_id")
	eq(w, "o.assessment_id", f.AssessmentID)
	eq(w, "o.unit_id", f.UnitID)
	eq(w, "o.status", string(f.Status))
	return w
}

// Objections lists the objections in scope, newest first.
func (r Reader) Objections(ctx context.Context, scope authz.Scope, f ObjectionFilter) ([]*domain.Objection, error) {
	w := r.objectionWhere(scope, f)
	w.addIf(f.After > 0, `o.id < ?`, f.After)
	return objections.list(ctx, r, "objections", w, ` ORDER BY o.id DESC`, f.Limit)
}

// CountObjections counts the objections in scope that pass f.
func (r Reader) CountObjections(ctx context.Context, scope authz.Scope, f ObjectionFilter) (int, error) {
	return r.countWhere(ctx, "objections", `assessment_objections o`, r.objectionWhere(scope, f))
}

// InsertObjection stores a unit's objection (a second one of the unit and year: err.objection.twice).
func (tx *Tx) InsertObjection(ctx context.Context, x *domain.Objection) error {
	return objections.insert(ctx, tx, x)
}

// UpdateObjection saves x if its version is still x.Version.
func (tx *Tx) UpdateObjection(ctx context.Context, x *domain.Objection) error {
	return objections.update(ctx, tx, x, "")
}

// AssessedUnit is a unit the assessment scores: every active unit but the district's root.
type AssessedUnit struct {
	ID   int64
	Name string
}

// AssessmentFacts is what the assessment is computed from: the units, every indicator's
// evidence by unit, and the in-service systems by unit (the findings indicator's denominator).
type AssessmentFacts struct {
	Units    []AssessedUnit
	Evidence map[int64]map[domain.Indicator][]domain.Evidence
	Systems  map[int64]int
}

// AssessmentFacts reads the evidence of every indicator for every unit at once: one query an
// indicator (ORG-3; the formulas are docs/guide/assessment.md's). year bounds the timed
// indicators (feedback, rectifications: due in the year; spot checks: recorded in the year);
// today decides what is already due; loc is the district's zone (an answer's day); roomDeadline
// is ENV-R3's closing day (domain.Governance.RoomDeadline).
func (r Reader) AssessmentFacts(ctx context.Context, year int, today, roomDeadline time.Time, loc *time.Location) (*AssessmentFacts, error) {
	f := &AssessmentFacts{Evidence: map[int64]map[domain.Indicator][]domain.Evidence{}, Systems: map[int64]int{}}
	err := r.q.eachRow(ctx, "assessed units", func(s rowScanner) error {
		var u AssessedUnit
		err := s.Scan(&u.ID, &u.Name)
		f.Units = append(f.Units, u)
		return err
	}, `SELECT id, name FROM units WHERE active = 1 AND parent_id IS NOT NULL ORDER BY id`)
	if err != nil {
		return nil, err
	}
	add := func(ind domain.Indicator, unit int64, e domain.Evidence) {
		m := f.Evidence[unit]
		if m == nil {
			m = map[domain.Indicator][]domain.Evidence{}
			f.Evidence[unit] = m
		}
		m[ind] = append(m[ind], e)
	}
	// state: rows of (unit, id, name, met 0/1) decided in SQL.
	state := func(ind domain.Indicator, sqlText string, args ...any) error {
		return r.q.eachRow(ctx, string(ind), func(s rowScanner) error {
			var unit int64
			var e domain.Evidence
			var met int64
			err := s.Scan(&unit, &e.ID, &e.Name, &met)
			e.Met = met != 0
			add(ind, unit, e)
			return err
		}, sqlText, args...)
	}
	notServing := []any{string(domain.StatusOffline), string(domain.StatusCleanupAccepted)}
	open := string(domain.FindingOpen)
	// ENV-P1: on the cloud (met) or found off it by the rule that defines it (open finding).
	if err := state(domain.IndCloud, `SELECT s.unit_id, s.id, s.name,
			CASE WHEN s.hosting = ? THEN 1 ELSE 0 END FROM systems s
		WHERE s.classification = ? AND s.status NOT IN (?, ?) AND (s.hosting = ? OR EXISTS (SELECT 1 FROM findings f
			WHERE f.subject_kind = 'system' AND f.subject_id = s.id AND f.rule_id = ? AND f.status = ?))
		ORDER BY s.unit_id, s.id`,
		string(domain.HostingCloud), string(domain.Unclassified), notServing[0], notServing[1], string(domain.HostingCloud),
		domain.RuleOffCloud, open); err != nil {
		return nil, err
	}
	// ENV-R3: rooms of kind 其他 must close; met when closed on or before the deadline.
	deadline := fmtDate(roomDeadline)
	if err := state(domain.IndRooms, `SELECT m.unit_id, m.id, m.name,
			CASE WHEN m.status = ? AND m.closed_date <> '' AND m.closed_date <= ? THEN 1 ELSE 0 END
		FROM machine_rooms m WHERE m.kind = ? ORDER BY m.unit_id, m.id`,
		string(domain.RoomClosed), deadline, string(domain.RoomOther)); err != nil {
		return nil, err
	}
	// PTL-R3: live websites (not closed, not merged); met when registered.
	if err := state(domain.IndWebsites, `SELECT w.unit_id, w.id, w.name, CASE WHEN w.status = ? THEN 1 ELSE 0 END
		FROM websites w WHERE w.status NOT IN (?, ?) ORDER BY w.unit_id, w.id`,
		string(domain.WebRegistered), string(domain.WebClosed), string(domain.WebMerged)); err != nil {
		return nil, err
	}
	// SHR-P3, SHR-R4: entries beyond pre-compiled and not withdrawn; met when published.
	if err := state(domain.IndCatalog, `SELECT e.provider_unit_id, e.id, e.name, CASE WHEN e.status = ? THEN 1 ELSE 0 END
		FROM catalog_entries e WHERE e.status IN (?, ?, ?) ORDER BY e.provider_unit_id, e.id`,
		string(domain.CatPublished), string(domain.CatSubmitted), string(domain.CatRegistered), string(domain.CatPublished)); err != nil {
		return nil, err
	}
	// Open findings of the unit's records (met = false), against its in-service systems.
	if err := state(domain.IndFindings, `SELECT f.unit_id, f.id, f.rule_id || ' ' || f.subject_name, 0
		FROM findings f WHERE f.status = ? AND f.unit_id <> 0 ORDER BY f.unit_id, f.id`, open); err != nil {
		return nil, err
	}
	if err := r.q.eachRow(ctx, "in-service systems", func(s rowScanner) error {
		var unit int64
		var n int
		err := s.Scan(&unit, &n)
		f.Systems[unit] = n
		return err
	}, `SELECT unit_id, COUNT(*) FROM systems WHERE status NOT IN (?, ?) GROUP BY unit_id`, notServing...); err != nil {
		return nil, err
	}
	// Timed: due in the year and either answered or already past due; met when the answer's day
	// (in the district) is on or before the due day.
	from, to, day := fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-12-31", year), fmtDate(today)
	timed := func(ind domain.Indicator, name func(string) string, sqlText string) error {
		return r.q.eachRow(ctx, string(ind), func(s rowScanner) error {
			var unit, answered int64
			var e domain.Evidence
			var due string
			err := s.Scan(&unit, &e.ID, &e.Name, &due, &answered)
			e.Name = name(e.Name)
			e.Met = answered != 0 && fromMicros(answered).In(loc).Format(dateLayout) <= due
			add(ind, unit, e)
			return err
		}, sqlText, from, to, day)
	}
	if err := timed(domain.IndFeedback, func(s string) string { return clip(s, 40) }, `SELECT b.provider_unit_id, b.id, b.description, b.due_date, b.answered_at
		FROM feedback b WHERE b.due_date >= ? AND b.due_date <= ? AND (b.answered_at <> 0 OR b.due_date < ?)
		ORDER BY b.provider_unit_id, b.id`); err != nil {
		return nil, err
	}
	if err := timed(domain.IndRect, func(s string) string { return s }, `SELECT n.unit_id, n.id,
			n.doc_prefix || '〔' || CAST(n.doc_year AS TEXT) || '〕' || CAST(n.doc_seq AS TEXT) || '号', n.deadline, n.answered_at
		FROM rectifications n WHERE n.deadline >= ? AND n.deadline <= ? AND (n.answered_at <> 0 OR n.deadline < ?)
		ORDER BY n.unit_id, n.id`); err != nil {
		return nil, err
	}
	// FLOW-4: checks recorded in the year (the district's calendar year, µs bounds); met when passed.
	start := time.Date(year, 1, 1, 0, 0, 0, 0, loc)
	err = r.q.eachRow(ctx, string(domain.IndSpot), func(s rowScanner) error {
		var unit int64
		var e domain.Evidence
		var st string
		err := s.Scan(&unit, &e.ID, &e.Parent, &e.Name, &st)
		e.Met = st == string(domain.CheckPassed)
		add(domain.IndSpot, unit, e)
		return err
	}, `SELECT k.unit_id, k.id, k.round_id, p.name, k.status FROM spot_checks k JOIN projects p ON p.id = k.project_id
		WHERE k.status IN (?, ?) AND k.recorded_at >= ? AND k.recorded_at < ? ORDER BY k.unit_id, k.id`,
		string(domain.CheckPassed), string(domain.CheckFailed), micros(start), micros(start.AddDate(1, 0, 0)))
	if err != nil {
		return nil, err
	}
	return f, nil
}

// clip shortens s to n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
