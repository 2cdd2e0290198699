package domain

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Department assessment (部门考核, ORG-3: governance results feed department performance
// assessment and later approvals). The office configures, per year, which indicators count and
// their weights; the service computes every unit's figures from the records (each point with the
// records that make it); publishing freezes them as a snapshot. A unit may object (申诉) to its
// published score within the window; the office accepts with a corrected score or rejects with a
// reason. docs/guide/assessment.md states every formula.

// Indicator is one measure of a unit's governance results.
type Indicator string

const (
	IndCloud    Indicator = "cloud"         // ENV-P1: systems on the cloud / systems that must be on it
	IndRooms    Indicator = "rooms"         // ENV-R3: rooms closed by the deadline / rooms that must close
	IndWebsites Indicator = "websites"      // PTL-R3: registered websites / live websites
	IndCatalog  Indicator = "catalog"       // SHR-P3, SHR-R4: published entries / entries beyond pre-compiled
	IndFeedback Indicator = "feedback"      // SHR-R6: corrections answered by the due day, as the provider
	IndRect     Indicator = "rectification" // FLOW-4: notices answered by their deadline
	IndSpot     Indicator = "spotcheck"     // FLOW-4: spot checks passed / checks recorded
	IndFindings Indicator = "findings"      // issue 11: 1 − open findings per in-service system
)

// Indicators in display order.
var Indicators = []Indicator{IndCloud, IndRooms, IndWebsites, IndCatalog, IndFeedback, IndRect, IndSpot, IndFindings}

// IndicatorClause is the clause an indicator measures (cited on every page that shows it).
var IndicatorClause = map[Indicator]string{
	IndCloud: "ENV-P1", IndRooms: "ENV-R3", IndWebsites: "PTL-R3", IndCatalog: "SHR-R4",
	IndFeedback: "SHR-R6", IndRect: "FLOW-4", IndSpot: "FLOW-4", IndFindings: "ORG-3",
}

// Valid reports whether i is a known indicator.
func (i Indicator) Valid() bool { return slices.Contains(Indicators, i) }

// IndicatorWeight is one configured indicator of a year's assessment and its weight in points.
type IndicatorWeight struct {
	Code   Indicator `json:"code"`
	Weight int       `json:"weight"` // points out of 100
}

// Assessment is a year's department assessment: its indicators and weights and, once published,
// the window in which units may object. The scores are kept apart (UnitScore), one row a unit.
type Assessment struct {
	ID             int64             `json:"id"`
	Year           int               `json:"year"`
	Title          string            `json:"title"`
	Weights        []IndicatorWeight `json:"weights"`
	ObjectionDays  int               `json:"objection_days"` // working days after publication
	Status         AssessmentStatus  `json:"status"`
	PublishedAt    time.Time         `json:"published_at,omitzero"`
	ObjectionUntil time.Time         `json:"objection_until,omitzero"` // the last day of the window
	Version        int64             `json:"version"`
	CreatedAt      time.Time         `json:"created_at"`
	UpdatedAt      time.Time         `json:"updated_at"`
}

// AssessmentStatus is a state of a year's assessment.
type AssessmentStatus string

const (
	AssessDraft     AssessmentStatus = "draft"     // the office configures it; scores are a live preview
	AssessPublished AssessmentStatus = "published" // the snapshot is stored and frozen
)

// AssessmentAction is a step of an assessment.
type AssessmentAction string

const AssessPublish AssessmentAction = "publish"

// AssessmentStatuses in display order.
var AssessmentStatuses = []AssessmentStatus{AssessDraft, AssessPublished}

// AssessmentFlow is the assessment's lifecycle (ORG-3): publishing computes and freezes.
var AssessmentFlow = &Workflow[AssessmentStatus, AssessmentAction, SystemActor, *Assessment]{
	Name: "assessment", Title: "nav.assessments", Clauses: []string{"ORG-3"}, States: AssessmentStatuses,
	Conflict: "err.assess.transition", StateKey: "assessstatus.", ActionKey: "assessaction.",
	Steps: []Transition[AssessmentStatus, AssessmentAction, SystemActor, *Assessment]{
		{Action: AssessPublish, From: []AssessmentStatus{AssessDraft}, To: AssessPublished, By: officeOnly,
			Guard: func(x *Assessment, _ string) error { return x.Validate() },
			Rule:  "weights sum to 100; every unit's scores are computed and stored in the same transaction; the units are notified"},
	},
}

// AssessmentActions in display order.
var AssessmentActions = AssessmentFlow.Actions()

// MaxObjectionDays bounds the objection window.
const MaxObjectionDays = 30

// Validate checks the assessment's fields: every problem at once, each naming its field (a
// weight's row is weights.<i>; the sum is weights).
func (x *Assessment) Validate() error {
	x.Title = strings.TrimSpace(x.Title)
	var errs Problems
	errs.Check(x.Year < 2000 || x.Year > 2100, "year", "err.range", 2000, 2100)
	errs.Check(x.Title == "" || utf8.RuneCountInString(x.Title) > 200, "title", "err.required_len", 200)
	errs.Check(x.ObjectionDays < 1 || x.ObjectionDays > MaxObjectionDays, "objection_days", "err.range", 1, MaxObjectionDays)
	seen, sum := map[Indicator]bool{}, 0
	for i, w := range x.Weights {
		f := fmt.Sprintf("weights.%d", i)
		switch {
		case !w.Code.Valid():
			errs.Check(true, f, "err.assess.indicator", string(w.Code))
		case seen[w.Code]:
			errs.Check(true, f, "err.assess.indicator_twice", string(w.Code))
		default:
			errs.Check(w.Weight < 1 || w.Weight > 100, f, "err.assess.weight", string(w.Code))
		}
		seen[w.Code], sum = true, sum+w.Weight
	}
	errs.Check(len(x.Weights) == 0, "weights", "err.assess.no_weights")
	errs.Check(len(x.Weights) > 0 && sum != 100, "weights", "err.assess.weight_sum", sum)
	return errs.Err()
}

// WeightOf is the weight of an indicator, 0 when it does not count this year.
func (x *Assessment) WeightOf(i Indicator) int {
	for _, w := range x.Weights {
		if w.Code == i {
			return w.Weight
		}
	}
	return 0
}

// ObjectionOpen says whether a unit may still object on day (the window's last day included).
func (x *Assessment) ObjectionOpen(day time.Time) bool {
	return x.Status == AssessPublished && !Day(day).After(x.ObjectionUntil)
}

// DefaultWeights is what a new year's assessment starts with; the office edits them.
func DefaultWeights() []IndicatorWeight {
	return []IndicatorWeight{{IndCloud, 20}, {IndRooms, 10}, {IndWebsites, 10}, {IndCatalog, 15},
		{IndFeedback, 10}, {IndRect, 15}, {IndSpot, 10}, {IndFindings, 10}}
}

// Evidence is one record that makes an indicator's figure: its id (a spot check's round in
// Parent, for its link), its name when computed, and whether it counts for the unit (Met) or
// against it.
type Evidence struct {
	ID     int64  `json:"id"`
	Parent int64  `json:"parent,omitempty"`
	Name   string `json:"name"`
	Met    bool   `json:"met"`
}

// IndicatorScore is one indicator's figure for a unit. For a rate, Num counts the records met
// and Den all the records it is measured on; for findings, Num is the open findings and Den the
// in-service systems. Rate is in [0, 1]; Points = round(Weight × Rate, 2).
type IndicatorScore struct {
	Code     Indicator  `json:"code"`
	Weight   int        `json:"weight"`
	Num      int        `json:"num"`
	Den      int        `json:"den"`
	Rate     float64    `json:"rate"`
	Points   float64    `json:"points"`
	NA       bool       `json:"na"` // nothing to measure: full points
	Evidence []Evidence `json:"evidence"`
}

// UnitScore is a unit's result of a year's assessment: computed (a preview) or frozen in the
// published snapshot. Final is the score that stands: Score, or the office's corrected score
// after an accepted objection.
type UnitScore struct {
	AssessmentID int64            `json:"assessment_id"`
	Year         int              `json:"year"`
	UnitID       int64            `json:"unit_id"`
	UnitName     string           `json:"unit_name"`
	Score        float64          `json:"score"`
	Final        float64          `json:"final"`
	Rank         int              `json:"rank"` // 1 = best, by Score, ties share a rank
	Items        []IndicatorScore `json:"items,omitempty"`
}

// Round2 rounds to hundredths, half away from zero (the points and the scores).
func Round2(f float64) float64 { return math.Round(f*100) / 100 }

// ScoreUnit computes a unit's indicator figures and score from the counted evidence: rate =
// Num / Den (findings: max(0, 1 − Num/Den)); nothing to measure (Den = 0) is full points, except
// findings without systems, which is full points only without open findings.
func ScoreUnit(weights []IndicatorWeight, ev map[Indicator][]Evidence, extra map[Indicator]int) ([]IndicatorScore, float64) {
	var items []IndicatorScore
	total := 0.0
	for _, w := range weights {
		it := IndicatorScore{Code: w.Code, Weight: w.Weight, Evidence: ev[w.Code]}
		if it.Evidence == nil {
			it.Evidence = []Evidence{}
		}
		if w.Code == IndFindings {
			for _, e := range it.Evidence {
				if !e.Met {
					it.Num++ // an open finding
				}
			}
			it.Den = extra[IndFindings] // in-service systems
			switch {
			case it.Den > 0:
				it.Rate = math.Max(0, 1-float64(it.Num)/float64(it.Den))
			case it.Num == 0:
				it.Rate, it.NA = 1, true
			}
		} else {
			for _, e := range it.Evidence {
				if e.Met {
					it.Num++
				}
			}
			it.Den = len(it.Evidence)
			if it.Den == 0 {
				it.Rate, it.NA = 1, true
			} else {
				it.Rate = float64(it.Num) / float64(it.Den)
			}
		}
		it.Points = Round2(float64(w.Weight) * it.Rate)
		total += it.Points
		items = append(items, it)
	}
	return items, Round2(total)
}

// Rank sets the ranks of scores by Score, best first (ties share the better rank), and sorts them.
func Rank(scores []*UnitScore) {
	slices.SortStableFunc(scores, func(a, b *UnitScore) int {
		if a.Score != b.Score {
			if a.Score > b.Score {
				return -1
			}
			return 1
		}
		return int(a.UnitID - b.UnitID)
	})
	for i, s := range scores {
		s.Rank = i + 1
		if i > 0 && s.Score == scores[i-1].Score {
			s.Rank = scores[i-1].Rank
		}
	}
}

// Objection is a unit's appeal (申诉) against its published score (ORG-3), answered by the office.
type Objection struct {
	ID             int64           `json:"id"`
	AssessmentID   int64           `json:"assessment_id"`
	Year           int             `json:"year"`
	UnitID         int64           `json:"unit_id"`
	UnitName       string          `json:"unit_name"`
	Reason         string          `json:"reason"`
	Score          float64         `json:"score"` // the published score objected to
	Status         ObjectionStatus `json:"status"`
	Answer         string          `json:"answer"`
	CorrectedScore float64         `json:"corrected_score"` // set when accepted
	AnsweredAt     time.Time       `json:"answered_at,omitzero"`
	Version        int64           `json:"version"`
	CreatedAt      time.Time       `json:"created_at"`
	UpdatedAt      time.Time       `json:"updated_at"`
}

// ObjectionStatus is a state of an objection.
type ObjectionStatus string

const (
	ObjSubmitted ObjectionStatus = "submitted" // 待答复
	ObjAccepted  ObjectionStatus = "accepted"  // 已采纳: the corrected score stands
	ObjRejected  ObjectionStatus = "rejected"  // 已驳回: the published score stands
)

// ObjectionAction is a step of an objection.
type ObjectionAction string

const (
	ObjAccept ObjectionAction = "accept"
	ObjReject ObjectionAction = "reject"
)

// ObjectionStatuses in display order.
var ObjectionStatuses = []ObjectionStatus{ObjSubmitted, ObjAccepted, ObjRejected}

// ObjectionFlow is the objection's lifecycle (ORG-3). The unit's filing is the objection's
// creation (within the window, once per unit and year); the office answers it.
var ObjectionFlow = &Workflow[ObjectionStatus, ObjectionAction, SystemActor, *Objection]{
	Name: "objection", Title: "objection.title", Clauses: []string{"ORG-3"}, States: ObjectionStatuses,
	Conflict: "err.objection.transition", StateKey: "objstatus.", ActionKey: "objaction.", NoteMax: 2000,
	Steps: []Transition[ObjectionStatus, ObjectionAction, SystemActor, *Objection]{
		{Action: ObjAccept, From: []ObjectionStatus{ObjSubmitted}, To: ObjAccepted, By: officeOnly, Note: "answer",
			Guard: func(o *Objection, _ string) error { return o.CheckCorrected() },
			Rule:  "a corrected score from 0 to 100, which replaces the published score as the unit's final score"},
		{Action: ObjReject, From: []ObjectionStatus{ObjSubmitted}, To: ObjRejected, By: officeOnly, Note: "answer"},
	},
}

// ObjectionActions in display order.
var ObjectionActions = ObjectionFlow.Actions()

// Validate checks a new objection: a reason.
func (o *Objection) Validate() error {
	o.Reason = strings.TrimSpace(o.Reason)
	var errs Problems
	errs.Check(o.Reason == "" || utf8.RuneCountInString(o.Reason) > 2000, "reason", "err.required_len", 2000)
	return errs.Err()
}

// CheckCorrected checks the corrected score of an accepted objection.
func (o *Objection) CheckCorrected() error {
	if o.CorrectedScore < 0 || o.CorrectedScore > 100 || math.IsNaN(o.CorrectedScore) {
		return Invalid("corrected_score", "err.range", 0, 100)
	}
	return nil
}
