package app

import (
	"context"
	"io"
	"strconv"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/sheet"
	"archgov/internal/store"
)

// Department assessment (部门考核, ORG-3: governance results feed department performance
// assessment and later approvals). The office configures a year's indicators and weights;
// ComputeAssessment works out every unit's figures from the records in one batched read
// (store.AssessmentFacts: one query an indicator); publishing stores them as a frozen snapshot
// and opens the objection window; a unit objects once, the office answers. A unit's people and
// its leader see its scores only; the assessment's indicators and weights are public once
// published. The formulas: docs/guide/assessment.md.

func assessmentRes(x *domain.Assessment) authz.Resource {
	return authz.Assessment(x.ID, x.Status == domain.AssessPublished)
}

// DefaultObjectionDays is the objection window of a new assessment, in working days.
const DefaultObjectionDays = 10

var assessmentType = recordType[domain.Assessment]{entity: "assessment", kind: authz.KindAssessment, read: authz.AssessmentRead,
	res: assessmentRes, load: store.Reader.Assessment, insert: (*store.Tx).InsertAssessment, update: (*store.Tx).UpdateAssessment,
	key:     func(x *domain.Assessment) (int64, int64) { return x.ID, x.Version },
	creates: authz.AssessmentWrite, valid: (*domain.Assessment).Validate,
	fresh: func(x *domain.Assessment) {
		x.ID, x.Status, x.PublishedAt, x.ObjectionUntil = 0, domain.AssessDraft, time.Time{}, time.Time{}
		if x.Weights == nil {
			x.Weights = domain.DefaultWeights()
		}
		if x.ObjectionDays == 0 {
			x.ObjectionDays = DefaultObjectionDays
		}
	}}

func objectionRes(o *domain.Objection) authz.Resource {
	return authz.Registry(authz.KindObjection, o.ID, o.UnitID)
}

var objectionType = recordType[domain.Objection]{entity: "objection", kind: authz.KindObjection, read: authz.ObjectionRead,
	res: objectionRes, load: store.Reader.Objection, insert: (*store.Tx).InsertObjection, update: (*store.Tx).UpdateObjection,
	key:     func(o *domain.Objection) (int64, int64) { return o.ID, o.Version },
	creates: authz.ObjectionFile, valid: (*domain.Objection).Validate, noteKey: "answer",
	fresh: func(o *domain.Objection) {
		o.ID, o.Status, o.Answer, o.CorrectedScore, o.AnsweredAt = 0, domain.ObjSubmitted, "", 0, time.Time{}
	}}

// Assessments lists the years' assessments the actor may see, newest first (the office's drafts too).
func (s *Service) Assessments(ctx context.Context, a domain.Actor) ([]*domain.Assessment, error) {
	return inScope(a, authz.AssessmentRead, authz.KindAssessment, func(sc authz.Scope) ([]*domain.Assessment, error) {
		return s.db.Read().Assessments(ctx, sc, 0)
	})
}

// Assessment returns one year's assessment; a draft answers not found to anyone but the office.
func (s *Service) Assessment(ctx context.Context, a domain.Actor, id int64) (*domain.Assessment, error) {
	return assessmentType.get(ctx, s.db.Read(), a, id)
}

// AssessmentEdit is a change of a draft's fields. Nil fields stay.
type AssessmentEdit struct {
	Version       int64                     `json:"version"`
	Title         *string                   `json:"title"`
	Weights       *[]domain.IndicatorWeight `json:"weights"`
	ObjectionDays *int                      `json:"objection_days"`
}

// Apply copies the set fields onto x.
func (e AssessmentEdit) Apply(x *domain.Assessment) { patch(x, e) }

// AssessmentCreate is a new year's assessment: its year and the fields of an edit (the default
// indicators and weights, and a 10-working-day objection window, when not given).
type AssessmentCreate struct {
	Year int `json:"year"`
	AssessmentEdit
}

// Apply makes the new assessment.
func (c AssessmentCreate) Apply(x *domain.Assessment) {
	x.Year = c.Year
	c.AssessmentEdit.Apply(x)
}

// CreateAssessment starts a year's assessment as a draft (a year has one: 422 on year).
func (s *Service) CreateAssessment(ctx context.Context, a domain.Actor, x *domain.Assessment) error {
	if err := assessmentType.admit(a, 0, x); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error { return assessmentType.add(ctx, tx, a, x) })
}

// UpdateAssessment saves an edit of a draft; a published assessment is frozen (409).
func (s *Service) UpdateAssessment(ctx context.Context, a domain.Actor, id int64, e AssessmentEdit) (*domain.Assessment, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Assessment, error) {
		return assessmentType.change(ctx, tx, a, id, e.Version, assessmentType.may(a, authz.AssessmentWrite), func(x, _ *domain.Assessment) (string, string, error) {
			if x.Status != domain.AssessDraft {
				return "", "", domain.Errorf(domain.EConflict, "err.assess.frozen")
			}
			e.Apply(x)
			return "update", "", x.Validate()
		})
	})
}

// AssessmentSteps lists the steps the actor may take on x now (for buttons).
func (s *Service) AssessmentSteps(a domain.Actor, x *domain.Assessment) []domain.AssessmentAction {
	if authz.Can(a, authz.AssessmentWrite, assessmentRes(x)) != nil {
		return nil
	}
	return domain.AssessmentFlow.Available(x.Status, []domain.SystemActor{domain.ByOffice}, x)
}

// AssessmentStep is one step of an assessment.
type AssessmentStep struct {
	Version int64                   `json:"version"`
	Action  domain.AssessmentAction `json:"action"`
}

// TransitionAssessment takes a step. Publishing computes every unit's figures in the
// transaction and stores them (the frozen snapshot), opens the objection window (the
// assessment's working days from today) and tells every unit's 责任人 and 联系人.
func (s *Service) TransitionAssessment(ctx context.Context, a domain.Actor, id int64, st AssessmentStep) (*domain.Assessment, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Assessment, error) {
		return assessmentType.change(ctx, tx, a, id, st.Version, assessmentType.may(a, authz.AssessmentWrite), func(x, _ *domain.Assessment) (string, string, error) {
			next, err := domain.AssessmentFlow.Next(x.Status, st.Action, []domain.SystemActor{domain.ByOffice}, "", x)
			if err != nil {
				return "", "", err
			}
			g, _, err := governanceTx(ctx, tx)
			if err != nil {
				return "", "", err
			}
			scores, err := compute(ctx, tx.Reader, x.Weights, x.Year, today(tx), g)
			if err != nil {
				return "", "", err
			}
			if err := tx.InsertScores(ctx, x.ID, scores); err != nil {
				return "", "", err
			}
			x.Status, x.PublishedAt = next, tx.Now()
			x.ObjectionUntil = g.AddWorkdays(today(tx), x.ObjectionDays)
			if err := s.NotifyUnits(ctx, tx, "assessment_published", "assessment", x.ID, assessmentLink(x.ID),
				[]string{x.Title, x.ObjectionUntil.Format("2006-01-02")}); err != nil {
				return "", "", err
			}
			return string(st.Action), "", nil
		})
	})
}

func assessmentLink(id int64) string { return "/assessments/" + strconv.FormatInt(id, 10) }

// ComputeAssessment works out every unit's figures for year as they stand now, from the
// records (the year's configured weights; the default ones when the year has no assessment):
// the office's preview of a draft, and what publishing stores. One query an indicator for all
// units (store.AssessmentFacts), best first.
func (s *Service) ComputeAssessment(ctx context.Context, a domain.Actor, year int) ([]*domain.UnitScore, error) {
	if err := authz.Can(a, authz.AssessmentWrite, authz.Resource{Kind: authz.KindAssessment}); err != nil {
		return nil, err
	}
	r := s.db.Read()
	weights := domain.DefaultWeights()
	list, err := r.Assessments(ctx, authz.Scope{All: true}, 0)
	if err != nil {
		return nil, err
	}
	for _, x := range list {
		if x.Year == year {
			weights = x.Weights
		}
	}
	g, _, err := s.Governance(ctx)
	if err != nil {
		return nil, err
	}
	return compute(ctx, r, weights, year, s.Today(), g)
}

// compute scores every assessed unit from the facts (domain.ScoreUnit), ranked.
func compute(ctx context.Context, r store.Reader, weights []domain.IndicatorWeight, year int, day time.Time, g domain.Governance) ([]*domain.UnitScore, error) {
	f, err := r.AssessmentFacts(ctx, year, day, g.RoomDeadline(), i18n.Zone)
	if err != nil {
		return nil, err
	}
	out := make([]*domain.UnitScore, 0, len(f.Units))
	for _, u := range f.Units {
		items, total := domain.ScoreUnit(weights, f.Evidence[u.ID], map[domain.Indicator]int{domain.IndFindings: f.Systems[u.ID]})
		out = append(out, &domain.UnitScore{Year: year, UnitID: u.ID, UnitName: u.Name, Score: total, Final: total, Items: items})
	}
	domain.Rank(out)
	return out, nil
}

// scoreRes is a unit's score as a resource: the unit's (its people, its leader, the office).
func scoreRes(assessmentID, unitID int64) authz.Resource {
	return authz.Registry(authz.KindScore, assessmentID, unitID)
}

// Scores lists a published assessment's scores the actor may see (the office and leaders: their
// units'; a unit: its own), best first, without evidence. A draft has none (its preview is
// ComputeAssessment).
func (s *Service) Scores(ctx context.Context, a domain.Actor, id int64) ([]*domain.UnitScore, error) {
	if _, err := s.Assessment(ctx, a, id); err != nil {
		return nil, err
	}
	return inScope(a, authz.ScoreRead, authz.KindScore, func(sc authz.Scope) ([]*domain.UnitScore, error) {
		return s.db.Read().Scores(ctx, sc, id)
	})
}

// Score is one unit's published score with every indicator's figure and its evidence; another
// unit's answers not found.
func (s *Service) Score(ctx context.Context, a domain.Actor, id, unitID int64) (*domain.UnitScore, error) {
	if _, err := s.Assessment(ctx, a, id); err != nil {
		return nil, err
	}
	if err := authz.Can(a, authz.ScoreRead, scoreRes(id, unitID)); err != nil {
		return nil, err
	}
	return s.db.Read().Score(ctx, id, unitID)
}

// ApplicantScore is the latest published score of a project's unit, for whoever reads the
// project (ORG-3: later approvals — the office and the assigned experts see it in the review);
// nil when none was published.
func (s *Service) ApplicantScore(ctx context.Context, a domain.Actor, p *domain.Project) (*domain.UnitScore, error) {
	if err := authz.Can(a, authz.ProjectRead, projectRes(p)); err != nil {
		return nil, err
	}
	sc, err := s.db.Read().LatestScore(ctx, p.UnitID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, nil
	}
	return sc, err
}

// WriteAssessment writes a published assessment's scores the actor may see as a workbook: a
// row a unit, its rank, every indicator's points (numerator / denominator beside them), the
// score and the final score.
func (s *Service) WriteAssessment(ctx context.Context, a domain.Actor, lang i18n.Lang, assessmentID int64, w io.Writer) error {
	x, err := s.Assessment(ctx, a, assessmentID)
	if err != nil {
		return err
	}
	list, err := s.Scores(ctx, a, assessmentID)
	if err != nil {
		return err
	}
	t := sheet.Table{Sheet: strconv.Itoa(x.Year), Title: x.Title,
		Header: []string{i18n.T(lang, "assess.rank"), i18n.T(lang, "assess.unit")}}
	for _, wt := range x.Weights {
		name := i18n.T(lang, "indicator."+string(wt.Code))
		t.Header = append(t.Header, name+" ("+strconv.Itoa(wt.Weight)+")", name+" "+i18n.T(lang, "assess.figure"))
	}
	t.Header = append(t.Header, i18n.T(lang, "assess.score"), i18n.T(lang, "assess.final"))
	for _, u := range list {
		full, err := s.db.Read().Score(ctx, assessmentID, u.UnitID)
		if err != nil {
			return err
		}
		row := []any{u.Rank, u.UnitName}
		for _, it := range full.Items {
			row = append(row, it.Points, strconv.Itoa(it.Num)+" / "+strconv.Itoa(it.Den))
		}
		t.Rows = append(t.Rows, append(row, u.Score, u.Final))
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		return record(ctx, tx, a, event{action: "assessment.export", entityType: "assessment", entityID: id(x.ID),
			changes: audit.Fields("rows", nil, len(t.Rows))})
	})
	if err != nil {
		return err
	}
	return sheet.WriteTable(w, t)
}

// AssessmentHistory is an assessment's audit trail.
func (s *Service) AssessmentHistory(ctx context.Context, a domain.Actor, id int64) ([]*audit.Record, error) {
	return s.history(ctx, "assessment", id, seen(s.Assessment(ctx, a, id)))
}

// ObjectionFilter narrows the objection list.
type ObjectionFilter = store.ObjectionFilter

// Objections lists the objections the actor may see, newest first.
func (s *Service) Objections(ctx context.Context, a domain.Actor, f ObjectionFilter) (Page[*domain.Objection], error) {
	return objectionType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.Objection, error) { return s.db.Read().Objections(ctx, sc, f) })
}

// CountObjections counts the objections the actor may see that pass f (the office's to-do:
// those waiting for an answer).
func (s *Service) CountObjections(ctx context.Context, a domain.Actor, f ObjectionFilter) (int, error) {
	return objectionType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountObjections(ctx, sc, f) })
}

// Objection returns one objection; another unit's answers not found.
func (s *Service) Objection(ctx context.Context, a domain.Actor, id int64) (*domain.Objection, error) {
	return objectionType.get(ctx, s.db.Read(), a, id)
}

// ObjectionCreate is a unit's objection to its published score.
type ObjectionCreate struct {
	UnitID int64  `json:"unit_id"`
	Reason string `json:"reason"`
}

// FileObjection files a unit's objection (申诉) to its score of a published assessment: by the
// unit's 责任人 or 联系人 (403 for anyone else), within the window (409 after it), once (422 on
// reason the second time). The office is told.
func (s *Service) FileObjection(ctx context.Context, a domain.Actor, assessmentID int64, in ObjectionCreate) (*domain.Objection, error) {
	if in.UnitID == 0 {
		in.UnitID = a.UnitID
	}
	o := &domain.Objection{AssessmentID: assessmentID, UnitID: in.UnitID, Reason: in.Reason}
	if err := objectionType.admit(a, in.UnitID, o); err != nil {
		return nil, err
	}
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Objection, error) {
		x, err := assessmentType.get(ctx, tx.Reader, a, assessmentID)
		if err != nil {
			return nil, err
		}
		if !x.ObjectionOpen(today(tx)) {
			return nil, domain.Errorf(domain.EConflict, "err.objection.closed", x.ObjectionUntil.Format("2006-01-02"))
		}
		sc, err := tx.Score(ctx, assessmentID, in.UnitID)
		if err != nil {
			return nil, domain.Invalid("unit_id", "err.objection.no_score")
		}
		o.Score, o.Year = sc.Score, x.Year
		if err := objectionType.add(ctx, tx, a, o); err != nil {
			return nil, err
		}
		o.UnitName = sc.UnitName // the answer names the unit, as a read of it does
		office, err := officePeople(ctx, tx)
		if err != nil {
			return nil, err
		}
		return o, s.notify(ctx, tx, office, "objection_filed", "objection", o.ID, objectionLink(o.ID), sc.UnitName, x.Title)
	})
}

func objectionLink(id int64) string { return "/objections/" + strconv.FormatInt(id, 10) }

// ObjectionStep is the office's answer to an objection.
type ObjectionStep struct {
	Version        int64                  `json:"version"`
	Action         domain.ObjectionAction `json:"action"`
	Answer         string                 `json:"answer"`
	CorrectedScore float64                `json:"corrected_score"`
}

// ObjectionSteps lists the steps the actor may take on o now (for buttons).
func (s *Service) ObjectionSteps(a domain.Actor, o *domain.Objection) []domain.ObjectionAction {
	if authz.Can(a, authz.ObjectionAnswer, objectionRes(o)) != nil {
		return nil
	}
	return domain.ObjectionFlow.Available(o.Status, []domain.SystemActor{domain.ByOffice}, o)
}

// AnswerObjection is the office's answer: accepting sets the unit's final score to the corrected
// one (the snapshot's computed figures stay as published); rejecting keeps it. The unit is told.
func (s *Service) AnswerObjection(ctx context.Context, a domain.Actor, id int64, st ObjectionStep) (*domain.Objection, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Objection, error) {
		return objectionType.changeThen(ctx, tx, a, id, st.Version, objectionType.may(a, authz.ObjectionAnswer), func(o, _ *domain.Objection) (string, string, error) {
			if st.Action == domain.ObjAccept {
				o.CorrectedScore = domain.Round2(st.CorrectedScore)
			}
			next, err := domain.ObjectionFlow.Next(o.Status, st.Action, []domain.SystemActor{domain.ByOffice}, st.Answer, o)
			if err != nil {
				return "", "", err
			}
			o.Status, o.Answer, o.AnsweredAt = next, st.Answer, tx.Now()
			return string(st.Action), "", nil
		}, func(o, _ *domain.Objection) error {
			if o.Status == domain.ObjAccepted {
				if err := tx.SetFinalScore(ctx, o.AssessmentID, o.UnitID, o.CorrectedScore); err != nil {
					return err
				}
			}
			final := strconv.FormatFloat(o.Score, 'f', 2, 64)
			if o.Status == domain.ObjAccepted {
				final = strconv.FormatFloat(o.CorrectedScore, 'f', 2, 64)
			}
			return s.NotifyUnits(ctx, tx, "objection_"+string(o.Status), "objection", o.ID, objectionLink(o.ID),
				[]string{strconv.Itoa(o.Year), final}, o.UnitID)
		})
	})
}

// ObjectionHistory is an objection's audit trail.
func (s *Service) ObjectionHistory(ctx context.Context, a domain.Actor, id int64) ([]*audit.Record, error) {
	return s.history(ctx, "objection", id, seen(s.Objection(ctx, a, id)))
}
