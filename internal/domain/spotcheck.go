package domain

import (
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Random spot checks of the projects' stages (随机抽查, 双随机、一公开, FLOW-4). The office opens
// a check round (CheckRound) for a stage that takes materials — bidding, detailed design or
// acceptance — and a period: its candidates are the projects that reached that stage in the
// period (projects.stage_at). Drawing the round, in one transaction, includes the key projects
// (FLOW-5) outright when the round says so, draws a sample of the rest with the verifiable draw
// (BLD-R3's algorithm, purpose DrawSpotCheckProjects) and, for each project checked, draws its
// inspectors from the pool the round names (office staff, experts with an account, supervisors)
// with everyone of the inspected unit recused (purpose DrawSpotCheckInspectors): the two
// randoms, 双随机. The inspectors record the outcome of each requirement of the task book
// (SpotCheck); once every check is recorded the office publishes the round, and from then every
// logged-in user reads it, its draws and outcomes (一公开).

// CheckRoundStatus is where a round stands.
type CheckRoundStatus string

// CheckRoundAction is a step of a round.
type CheckRoundAction string

const (
	RoundDraft     CheckRoundStatus = "draft"     // being prepared: editable, nothing drawn
	RoundDrawn     CheckRoundStatus = "drawn"     // projects and inspectors drawn; the checks are being recorded
	RoundPublished CheckRoundStatus = "published" // every check recorded; public to every logged-in user

	RoundDraw    CheckRoundAction = "draw"
	RoundPublish CheckRoundAction = "publish"
)

// CheckRoundStatuses lists the statuses in order.
var CheckRoundStatuses = []CheckRoundStatus{RoundDraft, RoundDrawn, RoundPublished}

// RoundCheck is what the round's steps read: the number of candidates and of checks still
// pending a recorded outcome.
type RoundCheck struct {
	Candidates int
	Pending    int
}

// CheckRoundFlow is a spot-check round's course (FLOW-4): the office drafts it, draws it and,
// once every check is recorded, publishes it.
var CheckRoundFlow = &Workflow[CheckRoundStatus, CheckRoundAction, SystemActor, RoundCheck]{
	Name: "check_round", Title: "checkround.title", Clauses: []string{"FLOW-4"}, States: CheckRoundStatuses,
	Conflict: "err.checkround.transition", StateKey: "roundstatus.", ActionKey: "roundaction.",
	Steps: []Transition[CheckRoundStatus, CheckRoundAction, SystemActor, RoundCheck]{
		{Action: RoundDraw, From: []CheckRoundStatus{RoundDraft}, To: RoundDrawn, By: officeOnly,
			Rule: "at least one candidate; key projects included, the rest drawn, then each project's inspectors drawn with its unit recused",
			Guard: func(c RoundCheck, _ string) error {
				if c.Candidates == 0 {
					return Errorf(EUnprocessable, "err.checkround.no_candidates")
				}
				return nil
			}},
		{Action: RoundPublish, From: []CheckRoundStatus{RoundDrawn}, To: RoundPublished, By: officeOnly,
			Rule: "every check recorded",
			Guard: func(c RoundCheck, _ string) error {
				if c.Pending > 0 {
					return Errorf(EConflict, "err.checkround.pending", c.Pending)
				}
				return nil
			}},
	},
}

// CheckRoundActions lists the actions in display order.
var CheckRoundActions = CheckRoundFlow.Actions()

// CheckRound is one spot-check round (抽查轮次).
type CheckRound struct {
	ID         int64        `json:"id"`
	Title      string       `json:"title"`
	Stage      ProjectStage `json:"stage"`       // bidding | design | acceptance (MaterialStages)
	PeriodFrom time.Time    `json:"period_from"` // the projects that reached the stage on these days
	PeriodTo   time.Time    `json:"period_to"`
	// The sample of the projects that are not included outright: SampleSize of them, or
	// SamplePercent per cent (rounded up); at least one when there is any.
	SampleSize    int  `json:"sample_size"`
	SamplePercent int  `json:"sample_percent"`
	IncludeKey    bool `json:"include_key"` // key projects (FLOW-5) are always checked
	InspectorsPer int  `json:"inspectors_per"`
	// The inspector pool's kinds: office staff, experts with an account, supervisors.
	PoolOffice      bool             `json:"pool_office"`
	PoolExperts     bool             `json:"pool_experts"`
	PoolSupervisors bool             `json:"pool_supervisors"`
	Status          CheckRoundStatus `json:"status"`
	// Drawn: the candidates as they were, the project draw (0 when every candidate was included
	// outright), when.
	Candidates    []RoundCandidate `json:"candidates"`
	ProjectDrawID int64            `json:"project_draw_id,omitempty"`
	DrawnAt       time.Time        `json:"drawn_at,omitzero"`
	PublishedAt   time.Time        `json:"published_at,omitzero"`
	PublishedBy   int64            `json:"published_by,omitempty"`
	PublisherName string           `json:"published_by_name,omitempty"` // read
	CreatedBy     int64            `json:"created_by,omitempty"`
	Inspectors    []int64          `json:"-"` // read: the logins drawn for its checks, who read it before publication
	Version       int64            `json:"version"`
	CreatedAt     time.Time        `json:"created_at"`
	UpdatedAt     time.Time        `json:"updated_at"`
}

// RoundCandidate is a project that reached the round's stage in its period, as it stood when
// the round was drawn: Key when it was included outright as a key project, Drawn when it was
// checked (outright or by the draw).
type RoundCandidate struct {
	ProjectID int64     `json:"project_id"`
	Name      string    `json:"name"`
	UnitID    int64     `json:"unit_id"`
	UnitName  string    `json:"unit_name"`
	StageAt   time.Time `json:"stage_at"`
	Key       bool      `json:"key"`
	Checked   bool      `json:"checked"`
}

const (
	maxRoundTitle = 100
	// MaxSample bounds a round's sample size (the draw's count).
	MaxSample = 500
	// MaxInspectorsPer bounds the inspectors of a check.
	MaxInspectorsPer = 9
)

// Validate checks a round as the office writes it, every problem at once: a title, a stage that
// takes materials, a period from ≤ to, a sample size of 1..MaxSample or a percentage of 1..100
// (one of them, not both), at least 2 inspectors a check, at least one kind of inspector.
func (r *CheckRound) Validate() error {
	trimSpace(&r.Title)
	var errs Problems
	errs.Check(r.Title == "" || utf8.RuneCountInString(r.Title) > maxRoundTitle, "title", "err.required_len", maxRoundTitle)
	errs.Check(!r.Stage.TakesMaterials(), "stage", "err.enum")
	errs.Check(r.PeriodFrom.IsZero(), "period_from", "err.required")
	if !errs.Check(r.PeriodTo.IsZero(), "period_to", "err.required") && !r.PeriodFrom.IsZero() {
		errs.Check(r.PeriodTo.Before(r.PeriodFrom), "period_to", "err.checkround.period")
	}
	switch {
	case r.SampleSize == 0 && r.SamplePercent == 0:
		errs.Check(true, "sample_size", "err.checkround.sample")
	case r.SampleSize != 0 && r.SamplePercent != 0:
		errs.Check(true, "sample_percent", "err.checkround.sample_both")
	default:
		errs.Check(r.SampleSize < 0 || r.SampleSize > MaxSample, "sample_size", "err.range", 1, MaxSample)
		errs.Check(r.SamplePercent < 0 || r.SamplePercent > 100, "sample_percent", "err.range", 1, 100)
	}
	errs.Check(r.InspectorsPer < 2 || r.InspectorsPer > MaxInspectorsPer, "inspectors_per", "err.range", 2, MaxInspectorsPer)
	errs.Check(!r.PoolOffice && !r.PoolExperts && !r.PoolSupervisors, "pool", "err.checkround.pool")
	if r.Candidates == nil {
		r.Candidates = []RoundCandidate{}
	}
	return errs.Err()
}

// Sample is how many of n projects (those not included outright) the round draws: SampleSize
// or SamplePercent per cent rounded up, at least one and at most n; 0 when n is 0.
func (r *CheckRound) Sample(n int) int {
	if n <= 0 {
		return 0
	}
	k := r.SampleSize
	if k == 0 {
		k = (r.SamplePercent*n + 99) / 100
	}
	return max(1, min(k, n))
}

// Published reports whether the round is public (一公开).
func (r *CheckRound) Published() bool { return r.Status == RoundPublished }

// CheckResult is the outcome of one requirement in a spot check.
type CheckResult string

const (
	CheckResponded    CheckResult = "responded"     // 已响应
	CheckNotResponded CheckResult = "not_responded" // 未响应
	CheckPartial      CheckResult = "partial"       // 部分响应
	CheckImproper     CheckResult = "improper"      // 响应不当
)

// CheckResults lists the results in display order.
var CheckResults = []CheckResult{CheckResponded, CheckNotResponded, CheckPartial, CheckImproper}

// CheckOutcome is the inspectors' finding on one requirement of the task book.
type CheckOutcome struct {
	Clause  string      `json:"clause"`
	Result  CheckResult `json:"result"`
	Comment string      `json:"comment"`
}

// SpotCheckStatus is where a check stands.
type SpotCheckStatus string

const (
	CheckPending SpotCheckStatus = "pending" // drawn, the outcome not recorded yet
	CheckPassed  SpotCheckStatus = "passed"  // every requirement responded
	CheckFailed  SpotCheckStatus = "failed"  // at least one not, partly or improperly responded: rectification
)

// SpotCheckStatuses lists the statuses in order.
var SpotCheckStatuses = []SpotCheckStatus{CheckPending, CheckPassed, CheckFailed}

// SpotCheck is one project checked in a round: its inspectors as drawn, and once recorded the
// outcome of each requirement of its task book and the evidence (attachments of entity
// "spot_check"). RectificationID is the rectification notice a failed check opened (0 until
// one is).
type SpotCheck struct {
	ID              int64            `json:"id"`
	RoundID         int64            `json:"round_id"`
	ProjectID       int64            `json:"project_id"`
	ProjectName     string           `json:"project_name"` // read
	UnitID          int64            `json:"unit_id"`
	UnitName        string           `json:"unit_name"` // read
	Stage           ProjectStage     `json:"stage"`     // the round's, read
	Key             bool             `json:"key"`       // included outright as a key project
	InspectorDrawID int64            `json:"inspector_draw_id"`
	Inspectors      []CheckInspector `json:"inspectors"`
	Outcomes        []CheckOutcome   `json:"outcomes"`
	Summary         string           `json:"summary"`
	Status          SpotCheckStatus  `json:"status"`
	RecordedAt      time.Time        `json:"recorded_at,omitzero"`
	RecordedBy      int64            `json:"recorded_by,omitempty"`
	RecorderName    string           `json:"recorded_by_name,omitempty"` // read
	RectificationID int64            `json:"rectification_id,omitempty"`
	RoundPublished  bool             `json:"-"` // read: whether its round is public
	Version         int64            `json:"version"`
	CreatedAt       time.Time        `json:"created_at"`
	UpdatedAt       time.Time        `json:"updated_at"`
}

// CheckInspector is an inspector drawn for a check.
type CheckInspector struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
}

// InspectorIDs are the logins of the check's inspectors.
func (c *SpotCheck) InspectorIDs() []int64 {
	out := make([]int64, len(c.Inspectors))
	for i, x := range c.Inspectors {
		out[i] = x.UserID
	}
	return out
}

// Failed lists the outcomes that are not responded (what a rectification notice is about).
func (c *SpotCheck) Failed() []CheckOutcome {
	var out []CheckOutcome
	for _, o := range c.Outcomes {
		if o.Result != CheckResponded {
			out = append(out, o)
		}
	}
	return out
}

const maxCheckComment = 2000

// Record checks the outcomes as recorded against the task book's requirements, every problem at
// once — an outcome for each requirement (outcomes.<clause>), none for a clause it does not
// carry, a known result, a comment for every result other than responded — puts them in the
// task book's order and sets the status: passed when every requirement is responded, else
// failed.
func (c *SpotCheck) Record(reqs []TaskRequirement) error {
	trimSpace(&c.Summary)
	var errs Problems
	errs.Check(utf8.RuneCountInString(c.Summary) > maxCheckComment, "summary", "err.too_long", maxCheckComment)
	seen := map[string]bool{}
	for i := range c.Outcomes {
		o := &c.Outcomes[i]
		trimSpace(&o.Clause, &o.Comment)
		known := slices.ContainsFunc(reqs, func(t TaskRequirement) bool { return t.Clause == o.Clause })
		if errs.Check(!known || seen[o.Clause], row("outcomes", i)+"clause", "err.stage.clause", o.Clause) {
			continue
		}
		seen[o.Clause] = true
		f := "outcomes." + o.Clause
		if !errs.Check(!slices.Contains(CheckResults, o.Result), f, "err.enum") {
			errs.Check(o.Result != CheckResponded && o.Comment == "", f, "err.spotcheck.comment")
		}
		errs.Check(utf8.RuneCountInString(o.Comment) > maxCheckComment, f, "err.too_long", maxCheckComment)
	}
	for _, t := range reqs {
		errs.Check(!seen[t.Clause], "outcomes."+t.Clause, "err.spotcheck.missing", t.Clause)
	}
	if err := errs.Err(); err != nil {
		return err
	}
	slices.SortFunc(c.Outcomes, func(a, b CheckOutcome) int {
		return slices.IndexFunc(reqs, func(t TaskRequirement) bool { return t.Clause == a.Clause }) -
			slices.IndexFunc(reqs, func(t TaskRequirement) bool { return t.Clause == b.Clause })
	})
	c.Status = CheckPassed
	if len(c.Failed()) > 0 {
		c.Status = CheckFailed
	}
	return nil
}

// Outcome is the outcome recorded for clause, and whether there is one.
func (c *SpotCheck) Outcome(clause string) (CheckOutcome, bool) {
	i := slices.IndexFunc(c.Outcomes, func(o CheckOutcome) bool { return o.Clause == clause })
	if i < 0 {
		return CheckOutcome{}, false
	}
	return c.Outcomes[i], true
}

// Inspector is a possible inspector: an active login and the units it is tied to — the unit
// it works for, the unit it is affiliated with as an expert, the units it holds a role for.
type Inspector struct {
	UserID int64
	Name   string
	Units  []int64
}

// RecusedPool is the pool of a check's inspector draw: every possible inspector except those
// tied to the inspected unit and the project's own supervisors (recusal, 回避), as draw
// candidates keyed by login id. A candidate's UnitID is the first unit it is tied to, which by
// construction is never the inspected unit: the draw's exclusion check (app.CheckDraw) holds.
func RecusedPool(all []Inspector, unitID int64, recused []int64) []DrawCandidate {
	out := []DrawCandidate{}
	for _, x := range all {
		if slices.Contains(x.Units, unitID) || slices.Contains(recused, x.UserID) {
			continue
		}
		c := DrawCandidate{Key: strconv.FormatInt(x.UserID, 10), Name: x.Name}
		for _, u := range x.Units {
			if u != 0 {
				c.UnitID = u
				break
			}
		}
		out = append(out, c)
	}
	return out
}
