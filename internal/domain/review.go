package domain

import (
	"slices"
	"time"
	"unicode/utf8"
)

// ProjectReview is one expert's review of a project application (专家评审, BLD-R3): the office
// assigns the expert (by hand, or from a draw for the project: DrawID), the expert scores each
// criterion 1–5 with a comment and recommends. Submitted, it is frozen.
type ProjectReview struct {
	ID             int64          `json:"id"`
	ProjectID      int64          `json:"project_id"`
	ProjectName    string         `json:"project_name,omitempty"` // read with the review
	UnitID         int64          `json:"unit_id,omitempty"`      // the applying unit, read
	ExpertID       int64          `json:"expert_id"`
	ExpertName     string         `json:"expert_name,omitempty"` // read with the review
	ExpertUserID   int64          `json:"-"`                     // the expert's login, read: who may score
	DrawID         int64          `json:"draw_id,omitempty"`     // the draw it came from; 0 by hand
	Scores         []ReviewScore  `json:"scores"`                // one per criterion, in ReviewCriteria's order, once submitted
	Recommendation Recommendation `json:"recommendation,omitempty"`
	Comment        string         `json:"comment"` // the overall opinion
	SubmittedAt    time.Time      `json:"submitted_at,omitzero"`
	Version        int64          `json:"version"`
	CreatedAt      time.Time      `json:"created_at"`
	UpdatedAt      time.Time      `json:"updated_at"`
}

// ReviewScore is the score of one criterion, 1 to 5, with its comment.
type ReviewScore struct {
	Criterion ReviewCriterion `json:"criterion"`
	Score     int             `json:"score"`
	Comment   string          `json:"comment"`
}

// ReviewCriterion is what an expert scores (BLD-R3).
type ReviewCriterion string

// Recommendation is an expert's conclusion.
type Recommendation string

const (
	CritFeasibility ReviewCriterion = "feasibility" // 可行性
	CritNecessity   ReviewCriterion = "necessity"   // 必要性
	CritContent     ReviewCriterion = "content"     // 建设内容
	CritBudget      ReviewCriterion = "budget"      // 预算合理性
	CritStandards   ReviewCriterion = "standards"   // 技术规范

	RecApprove       Recommendation = "approve"        // 建议立项
	RecApproveRevise Recommendation = "approve_revise" // 修改后立项
	RecReject        Recommendation = "reject"         // 不建议立项
)

// The enumerations in display order.
var (
	ReviewCriteria  = []ReviewCriterion{CritFeasibility, CritNecessity, CritContent, CritBudget, CritStandards}
	Recommendations = []Recommendation{RecApprove, RecApproveRevise, RecReject}
)

// Submitted reports whether the expert has submitted the review.
func (r *ProjectReview) Submitted() bool { return !r.SubmittedAt.IsZero() }

// Score is the score of criterion c (0 when not scored).
func (r *ProjectReview) Score(c ReviewCriterion) ReviewScore {
	i := slices.IndexFunc(r.Scores, func(s ReviewScore) bool { return s.Criterion == c })
	if i < 0 {
		return ReviewScore{Criterion: c}
	}
	return r.Scores[i]
}

const maxReviewComment = 1000

// ScoreField is the field of a criterion's score: scores.<criterion>.score (and .comment).
func ScoreField(c ReviewCriterion, part string) string { return "scores." + string(c) + "." + part }

// ValidateSubmission checks a review as the expert submits it, every problem at once: every
// criterion scored 1–5 with a comment, no criterion twice or unknown, a recommendation. It puts
// the scores in ReviewCriteria's order.
func (r *ProjectReview) ValidateSubmission() error {
	trimSpace(&r.Comment)
	var errs Problems
	for _, s := range r.Scores {
		errs.Check(!slices.Contains(ReviewCriteria, s.Criterion), "scores", "err.review.criterion", string(s.Criterion))
	}
	byCrit := map[ReviewCriterion]ReviewScore{}
	for _, s := range r.Scores {
		trimSpace(&s.Comment)
		if _, dup := byCrit[s.Criterion]; dup {
			errs.Check(true, "scores", "err.review.criterion", string(s.Criterion))
		}
		byCrit[s.Criterion] = s
	}
	scores := make([]ReviewScore, 0, len(ReviewCriteria))
	for _, c := range ReviewCriteria {
		s, ok := byCrit[c]
		s.Criterion = c
		errs.Check(!ok || s.Score < 1 || s.Score > 5, ScoreField(c, "score"), "err.review.score")
		errs.Check(s.Comment == "" || utf8.RuneCountInString(s.Comment) > maxReviewComment, ScoreField(c, "comment"), "err.required_len", maxReviewComment)
		scores = append(scores, s)
	}
	r.Scores = scores
	errs.Check(!slices.Contains(Recommendations, r.Recommendation), "recommendation", "err.enum")
	errs.Check(utf8.RuneCountInString(r.Comment) > maxReviewComment, "comment", "err.too_long", maxReviewComment)
	return errs.Err()
}

// ReviewAggregate is what the office reads of a project's expert review: how many experts are
// assigned and have submitted, the mean score of each criterion over the submitted reviews,
// and how many recommend each conclusion.
type ReviewAggregate struct {
	Assigned        int                    `json:"assigned"`
	Submitted       int                    `json:"submitted"`
	Means           []CriterionMean        `json:"means"`
	Recommendations map[Recommendation]int `json:"recommendations"`
	Overall         float64                `json:"overall"` // the mean of the means; 0 before any submission
}

// CriterionMean is the mean score of one criterion (0 with no submitted review).
type CriterionMean struct {
	Criterion ReviewCriterion `json:"criterion"`
	Mean      float64         `json:"mean"`
}

// Aggregate sums up a project's reviews.
func Aggregate(reviews []*ProjectReview) ReviewAggregate {
	g := ReviewAggregate{Assigned: len(reviews), Recommendations: map[Recommendation]int{}, Means: []CriterionMean{}}
	for _, rec := range Recommendations {
		g.Recommendations[rec] = 0
	}
	sums := map[ReviewCriterion]int{}
	for _, r := range reviews {
		if !r.Submitted() {
			continue
		}
		g.Submitted++
		g.Recommendations[r.Recommendation]++
		for _, s := range r.Scores {
			sums[s.Criterion] += s.Score
		}
	}
	total := 0.0
	for _, c := range ReviewCriteria {
		m := 0.0
		if g.Submitted > 0 {
			m = round2(float64(sums[c]) / float64(g.Submitted))
		}
		total += m
		g.Means = append(g.Means, CriterionMean{Criterion: c, Mean: m})
	}
	g.Overall = round2(total / float64(len(ReviewCriteria)))
	return g
}

func round2(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

// Complete reports whether experts are assigned and every one has submitted.
func (g ReviewAggregate) Complete() bool { return g.Assigned > 0 && g.Submitted == g.Assigned }

// ProjectOpinion is the office's governance review opinion of an application (治理审核意见,
// FLOW-2): per requirement the application answered, accepted or needs change (with the
// comment saying what), and an overall opinion. Written while the application is under review.
type ProjectOpinion struct {
	ID        int64         `json:"id"`
	ProjectID int64         `json:"project_id"`
	Items     []OpinionItem `json:"items"`
	Overall   string        `json:"overall"`
	Version   int64         `json:"version"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
}

// OpinionItem is the office's verdict on the answer to one requirement.
type OpinionItem struct {
	Clause  string         `json:"clause"`
	Verdict OpinionVerdict `json:"verdict"`
	Comment string         `json:"comment"`
}

// OpinionVerdict is accepted or needs change.
type OpinionVerdict string

const (
	VerdictAccepted    OpinionVerdict = "accepted"     // 通过
	VerdictNeedsChange OpinionVerdict = "needs_change" // 需修改
)

// OpinionVerdicts lists them in display order.
var OpinionVerdicts = []OpinionVerdict{VerdictAccepted, VerdictNeedsChange}

// OpinionField is the field of the verdict on a clause: items.<clause>.
func OpinionField(clause string) string { return "items." + clause }

// Validate checks an opinion against the clauses the application answered, every problem at
// once: one verdict per answered clause and none for another, a comment with needs change, an
// overall opinion. It puts the items in the order of clauses.
func (o *ProjectOpinion) Validate(clauses []string) error {
	trimSpace(&o.Overall)
	var errs Problems
	byClause := map[string]OpinionItem{}
	for _, it := range o.Items {
		trimSpace(&it.Clause, &it.Comment)
		_, dup := byClause[it.Clause]
		errs.Check(dup || !slices.Contains(clauses, it.Clause), "items", "err.opinion.clause", it.Clause)
		byClause[it.Clause] = it
	}
	items := make([]OpinionItem, 0, len(clauses))
	for _, cl := range clauses {
		it, ok := byClause[cl]
		it.Clause = cl
		switch {
		case !ok || !slices.Contains(OpinionVerdicts, it.Verdict):
			errs.Check(true, OpinionField(cl), "err.opinion.verdict", cl)
		case it.Verdict == VerdictNeedsChange && it.Comment == "":
			errs.Check(true, OpinionField(cl), "err.opinion.comment", cl)
		}
		errs.Check(utf8.RuneCountInString(it.Comment) > maxReviewComment, OpinionField(cl), "err.too_long", maxReviewComment)
		items = append(items, it)
	}
	o.Items = items
	errs.Check(o.Overall == "" || utf8.RuneCountInString(o.Overall) > maxProjectContent, "overall", "err.required_len", maxProjectContent)
	return errs.Err()
}
