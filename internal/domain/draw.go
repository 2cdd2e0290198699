package domain

import (
	"slices"
	"time"
	"unicode/utf8"
)

// Draw is one verifiable random draw (可验证随机抽取) as it is kept and published: what it was
// for, the commitment made before drawing, the candidates in canonical order, the seed revealed
// after and the result. It is written once and never changed (BLD-R3 for a project's expert
// review; FLOW-4's spot checks add purposes). The JSON of a draw carries the members
// docs/draw_verify.py reads (commitment, candidates, count, seed, result), so that anyone
// given it can recompute the draw without archgov.
type Draw struct {
	ID              int64       `json:"id"`
	Purpose         DrawPurpose `json:"purpose"`
	SubjectKind     DrawSubject `json:"subject_kind"`
	SubjectID       int64       `json:"subject_id"`
	ExcludeUnitID   int64       `json:"exclude_unit_id,omitempty"`   // whose affiliated experts were left out
	ExcludeUnitName string      `json:"exclude_unit_name,omitempty"` // read with the draw
	Specialty       Specialty   `json:"specialty,omitempty"`         // only experts of this specialty, when set
	Reason          string      `json:"reason,omitempty"`            // why the subject is drawn for again
	Count           int         `json:"count"`
	Algorithm       string      `json:"algorithm"`  // the draw package's Version
	Commitment      string      `json:"commitment"` // hex SM3(algorithm ‖ seed), made before the draw
	// Pool is the candidates as they were, in canonical order (by key, bytewise); Candidates
	// their keys, which is what the algorithm draws from.
	Pool        []DrawCandidate `json:"pool"`
	Candidates  []string        `json:"candidates"`
	Seed        string          `json:"seed"`               // hex, revealed with the result
	Result      []string        `json:"result"`             // keys in the order drawn
	DrawnBy     int64           `json:"drawn_by,omitempty"` // the office user; 0 for the command line
	DrawnByName string          `json:"drawn_by_name,omitempty"`
	Version     int64           `json:"-"`          // always 1: a draw is never changed
	CreatedAt   time.Time       `json:"created_at"` // committed and drawn
	UpdatedAt   time.Time       `json:"-"`
}

// DrawCandidate is one candidate of a draw as it stood when drawn: its key (an expert's id),
// its name and the unit it was affiliated with, so that the exclusion can be checked from the
// draw alone.
type DrawCandidate struct {
	Key    string `json:"key"`
	Name   string `json:"name"`
	UnitID int64  `json:"unit_id,omitempty"`
}

// DrawPurpose is what a draw was made for.
type DrawPurpose string

const (
	DrawProjectReview       DrawPurpose = "project_review"        // experts for a project's expert review (BLD-R3)
	DrawSpotCheckProjects   DrawPurpose = "spot_check_projects"   // the projects a spot-check round checks (FLOW-4)
	DrawSpotCheckInspectors DrawPurpose = "spot_check_inspectors" // the inspectors of a spot check, its unit recused (FLOW-4)
)

// DrawSubject is the kind of record a draw was made for.
type DrawSubject string

const (
	DrawSubjectProject    DrawSubject = "project"
	DrawSubjectCheckRound DrawSubject = "check_round" // spotcheck.go
	DrawSubjectSpotCheck  DrawSubject = "spot_check"
)

// The enumerations in display order.
var (
	DrawPurposes = []DrawPurpose{DrawProjectReview, DrawSpotCheckProjects, DrawSpotCheckInspectors}
	DrawSubjects = []DrawSubject{DrawSubjectProject, DrawSubjectCheckRound, DrawSubjectSpotCheck}
)

// MaxDrawCount bounds how many are drawn at once.
const MaxDrawCount = 50

// ValidateRequest checks what the office asks a draw for, every problem at once: a known
// purpose and subject, the subject's id, the unit whose experts are left out (required for a
// project review: the applying unit; for a spot check's inspectors: the inspected unit), a
// count of 1 to MaxDrawCount (MaxSample for a round's projects), a known specialty if any.
func (d *Draw) ValidateRequest() error {
	trimSpace(&d.Reason)
	var errs Problems
	errs.Check(!slices.Contains(DrawPurposes, d.Purpose), "purpose", "err.enum")
	errs.Check(!slices.Contains(DrawSubjects, d.SubjectKind), "subject_kind", "err.enum")
	errs.Check(d.SubjectID <= 0, "subject_id", "err.required")
	errs.Check(d.ExcludeUnitID < 0 || ((d.Purpose == DrawProjectReview || d.Purpose == DrawSpotCheckInspectors) && d.ExcludeUnitID == 0), "exclude_unit_id", "err.draw.exclude_unit")
	most := MaxDrawCount
	if d.Purpose == DrawSpotCheckProjects {
		most = MaxSample
	}
	errs.Check(d.Count < 1 || d.Count > most, "count", "err.range", 1, most)
	errs.Check(d.Specialty != "" && !slices.Contains(Specialties, d.Specialty), "specialty", "err.enum")
	errs.Check(utf8.RuneCountInString(d.Reason) > 500, "reason", "err.too_long", 500)
	return errs.Err()
}

// Name is the candidate's name kept with the draw, "" for a key it does not list.
func (d *Draw) Name(key string) string {
	for _, c := range d.Pool {
		if c.Key == key {
			return c.Name
		}
	}
	return ""
}
