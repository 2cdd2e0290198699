package app

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// Rectification notices (整改通知书, FLOW-4, FLOW-5; domain.RectificationFlow) and halting (叫停).
//
// A notice is opened in the transaction of what found the problem: the spot-check round when a
// check fails (openRectification, called by the spot-check slice at its merge), or the office
// by hand (OpenRectification: on its own, or from a finding of a key project's supervision log).
// Opening numbers it from the office's document sequence (the task books', NextDocNumber),
// computes its deadline in working days from the issue date (domain.Governance.AddWorkdays),
// audits rectification.create and tells the unit's 责任人 and 联系人. Found at detailed design
// it halts the project in the same transaction (project.halt): TransitionStage refuses every
// step (409) until the office resumes it (ResumeProject), which it may only once every halting
// notice of the project is closed. Found at bidding or acceptance, every active finance and
// audit bureau account gets an inbox entry referring to it; those accounts read exactly those
// notices and the projects and task books they concern (authz.Resource.Bureaus).
//
// The unit answers each item with evidence (attachments of entity "rectification"), the office
// accepts (closed) or returns it with a comment. Overdue notices escalate once per deadline
// through the escalation sweep (EscalateOverdueRectifications) to the unit's 责任人 and show on
// the office's to-do list.

// rectEntity is the attachment and audit entity of a notice.
const rectEntity = "rectification"

func rectLink(id int64) string { return "/rectifications/" + strconv.FormatInt(id, 10) }

func rectRes(x *domain.Rectification) authz.Resource {
	r := authz.Registry(authz.KindRectification, x.ID, x.UnitID)
	r.Bureaus = x.Bureaus
	return r
}

var rectType = recordType[domain.Rectification]{entity: rectEntity, kind: authz.KindRectification, read: authz.RectificationRead,
	res: rectRes, load: store.Reader.Rectification, insert: (*store.Tx).InsertRectification, update: (*store.Tx).UpdateRectification,
	key: func(x *domain.Rectification) (int64, int64) { return x.ID, x.Version }, noteKey: "comment",
	shown: func(x *domain.Rectification) *domain.Rectification {
		y := *x
		y.DocNumber, y.ProjectName, y.UnitName = "", "", ""
		return &y
	}}

// RectificationOpen is a notice to open. The opener (openRectification) keeps this shape for
// the spot-check slice: ProjectID; Source and SourceID (the check, the supervision log entry, 0
// for the office's own); Stage, the stage the spot check looked at (bidding, design or
// acceptance; for the other sources left out: the project's current stage when it takes
// materials, else none); the items (clause, outcome, problem; answers are the unit's); and the
// deadline in working days (1..60).
type RectificationOpen struct {
	ProjectID    int64               `json:"project_id"`
	Source       domain.RectSource   `json:"source"`
	SourceID     int64               `json:"source_id"`
	Stage        domain.ProjectStage `json:"stage,omitempty"`
	Items        []domain.RectItem   `json:"items"`
	DeadlineDays int                 `json:"deadline_days"`
	// IssuedOn is the day a notice was signed on paper when the office records it afterwards
	// (补录): not after today, not more than a year before; its deadline counts from it and it
	// takes its number in that year. Empty: today. A spot check's notice is issued when it fails.
	IssuedOn time.Time `json:"issued_on,omitzero"`
}

// openRectification opens a notice inside tx, the transaction of what found the problem: the
// spot-check round's merge calls it for a failed check (Source spot_check, Stage the stage
// checked, the failing requirements as items). The actor must be allowed to issue notices (the
// office, or the operator: 403); a project that is not found is a 422 on project_id, one
// without its task book a 409 (err.stage.no_task_book); a supervision entry that is not the
// project's a 422 on source_id; every field problem is named at once (422). It takes the next
// document number of the year (the task books' sequence), audits rectification.create,
// tells the unit's 责任人 and 联系人; at design it halts the project (audited project.halt, the
// project's row updated: call it before writing audit records of your own, so that the row is
// taken before the audit chain), at bidding or acceptance it tells every active finance and
// audit bureau account. It returns the notice as stored.
func (s *Service) openRectification(ctx context.Context, tx *store.Tx, a domain.Actor, in RectificationOpen) (*domain.Rectification, error) {
	p, err := loadProject(tx.Reader, ctx, in.ProjectID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Invalid("project_id", "err.rect.project")
	}
	if err != nil {
		return nil, err
	}
	if err := authz.Can(a, authz.ProjectRead, projectRes(p)); err != nil { // hidden: 404
		return nil, err
	}
	if err := authz.Can(a, authz.RectificationCreate, authz.Resource{Kind: authz.KindRectification, UnitID: p.UnitID}); err != nil {
		return nil, err
	}
	if p.Stage == "" {
		return nil, domain.Errorf(domain.EConflict, "err.stage.no_task_book")
	}
	day := today(tx)
	var errs domain.Problems
	if !in.IssuedOn.IsZero() && in.Source != domain.RectFromSpotCheck {
		on := domain.Day(in.IssuedOn)
		if !errs.Check(on.After(day), "issued_on", "err.rect.issued_future") &&
			!errs.Check(on.Before(day.AddDate(-1, 0, 0)), "issued_on", "err.rect.issued_old") {
			day = on
		}
	}
	x := &domain.Rectification{ProjectID: p.ID, ProjectName: p.Name, UnitID: p.UnitID, UnitName: p.UnitName,
		Source: in.Source, SourceID: in.SourceID, Stage: in.Stage, Items: slices.Clone(in.Items), DeadlineDays: in.DeadlineDays,
		IssuedOn: day, Status: domain.RectIssued}
	if x.Source != domain.RectFromSpotCheck {
		x.Stage = ""
		if p.Stage.TakesMaterials() {
			x.Stage = p.Stage
		}
	}
	for i := range x.Items {
		x.Items[i].Answer = ""
	}
	x.Consequences()
	errs.Add(x.Validate())
	if x.Source == domain.RectFromSupervision && x.SourceID > 0 {
		e, err := tx.SupervisionEntry(ctx, x.SourceID)
		if err != nil && domain.ErrorCode(err) != domain.ENotFound {
			return nil, err
		}
		errs.Check(err != nil || e.ProjectID != p.ID, "source_id", "err.rect.source_entry", x.SourceID)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	g, _, err := governanceTx(ctx, tx)
	if err != nil {
		return nil, err
	}
	x.Deadline = g.AddWorkdays(x.IssuedOn, x.DeadlineDays)
	if x.Number, err = s.NextDocNumber(ctx, tx, day.Year()); err != nil {
		return nil, err
	}
	if x.Issuer, err = issuerName(ctx, tx.Reader); err != nil {
		return nil, err
	}
	if err := tx.InsertRectification(ctx, x); err != nil {
		return nil, err
	}
	// The project's row before the audit chain (the lock order: records' rows, then the chain).
	var halted, before *domain.Project
	if x.Halts && !p.Halted() {
		b := *p
		before = &b
		p.HaltedAt = tx.Now()
		p.HaltReason = haltReason(x)
		if err := tx.UpdateProject(ctx, p); err != nil {
			return nil, err
		}
		halted = p
	}
	if err := record(ctx, tx, a, event{action: rectEntity + ".create", entityType: rectEntity, entityID: id(x.ID),
		changes: audit.Diff(nil, rectType.view(x), nil)}); err != nil {
		return nil, err
	}
	if halted != nil {
		if err := projectType.audit(ctx, tx, a, "halt", before, halted, halted.HaltReason); err != nil {
			return nil, err
		}
	}
	deadline := x.Deadline.Format(time.DateOnly)
	if err := s.NotifyUnits(ctx, tx, "rectification_issued", rectEntity, x.ID, rectLink(x.ID), []string{x.DocNumber, p.Name, deadline}, p.UnitID); err != nil {
		return nil, err
	}
	if halted != nil {
		if err := s.NotifyUnits(ctx, tx, "project_halted", "project", p.ID, stageLink(p.ID), []string{p.Name, p.HaltReason}, p.UnitID); err != nil {
			return nil, err
		}
	}
	if x.Bureaus {
		to, err := tx.UsersWithRoles(ctx, nil, domain.RoleFinance, domain.RoleAuditBureau)
		if err == nil {
			err = s.notify(ctx, tx, to, "rectification_bureaus", rectEntity, x.ID, rectLink(x.ID), x.DocNumber, p.UnitName, p.Name, "stage."+string(x.Stage))
		}
		if err != nil {
			return nil, err
		}
	}
	return x, nil
}

// haltReason is the reason a notice halts its project with (as the project page shows it).
func haltReason(x *domain.Rectification) string {
	return "整改通知书" + x.DocNumber + "：详细设计阶段检查未通过，整改核验前暂停项目阶段推进（FLOW-4）"
}

// OpenRectification opens a notice by hand (the office): on its own (source office, source_id
// 0) or from a finding of a key project's supervision log (source supervision, source_id the
// entry, which must be the project's: FLOW-5). A spot check's notices are opened by its round
// (source spot_check here: 422 on source). Otherwise as openRectification.
func (s *Service) OpenRectification(ctx context.Context, a domain.Actor, in RectificationOpen) (*domain.Rectification, error) {
	if in.Source == domain.RectFromSpotCheck {
		return nil, domain.Invalid("source", "err.rect.source_manual")
	}
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Rectification, error) {
		return s.openRectification(ctx, tx, a, in)
	})
}

// CanOpenRectification reports whether the actor may open a notice on p now (for the form).
func (s *Service) CanOpenRectification(a domain.Actor, p *domain.Project) bool {
	return p.Stage != "" && authz.Can(a, authz.RectificationCreate, authz.Resource{Kind: authz.KindRectification, UnitID: p.UnitID}) == nil
}

// Rectification returns one notice the actor may see (404 otherwise).
func (s *Service) Rectification(ctx context.Context, a domain.Actor, id int64) (*domain.Rectification, error) {
	return rectType.get(ctx, s.db.Read(), a, id)
}

// RectificationFilter narrows the notices.
type RectificationFilter = store.RectificationFilter

// Rectifications lists the notices in the actor's scope, newest first: every one for the
// office, their units' for a unit's people and leader, those sent to them for the finance and
// audit bureaus.
func (s *Service) Rectifications(ctx context.Context, a domain.Actor, f RectificationFilter) (Page[*domain.Rectification], error) {
	return rectType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.Rectification, error) {
		return s.db.Read().Rectifications(ctx, sc, f)
	})
}

// CountRectifications counts the notices in the actor's scope that pass f (its paging aside).
func (s *Service) CountRectifications(ctx context.Context, a domain.Actor, f RectificationFilter) (int, error) {
	return rectType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountRectifications(ctx, sc, f) })
}

// RectificationAnswerIn is the unit's answer: the version it saw and one answer per item, in
// the notice's order. The evidence files are the notice's attachments.
type RectificationAnswerIn struct {
	Version int64    `json:"version"`
	Answers []string `json:"answers"`
}

// RectificationStep is one step of a notice with the version the actor saw: accept, or return
// with a comment (the office); answer (the unit) with the answers saved.
type RectificationStep struct {
	Version int64             `json:"version"`
	Action  domain.RectAction `json:"action"`
	Comment string            `json:"comment"` // required to return it
}

// rectPerm is the permission a notice's step needs.
func rectPerm(act domain.RectAction) authz.Action {
	if act == domain.RectAnswer {
		return authz.RectificationAnswer
	}
	return authz.RectificationVerify
}

// RectificationSteps lists the steps the actor may take on x now (for buttons and forms).
func (s *Service) RectificationSteps(a domain.Actor, x *domain.Rectification) []domain.RectAction {
	acts := domain.RectificationFlow.Available(x.Status, unitActors(a, x.UnitID), domain.RectCheck{R: x})
	return permitted(a, rectRes(x), acts, rectPerm)
}

// AnswerRectification saves the unit's answers and takes the answer step (the unit's 责任人 or
// 联系人; the office 403, another unit 404): a notice not awaiting an answer is a 409, as is a
// stale version; answers not one per item a 422 on answers; an item without its answer or no
// evidence file a 422 naming each (items.<i>.answer, files). Audited as rectification.answer;
// the office is told.
func (s *Service) AnswerRectification(ctx context.Context, a domain.Actor, id int64, in RectificationAnswerIn) (*domain.Rectification, error) {
	return s.stepRectification(ctx, a, id, in.Version, domain.RectAnswer, "", in.Answers)
}

// TransitionRectification takes one step of domain.RectificationFlow: accept (answered →
// closed) or return (answered → returned, comment required) by the office; answer by the unit
// with the answers already saved (AnswerRectification gives new ones). A step not possible from
// the status is a 409, as is a stale version; the wrong party 403. Audited as
// rectification.<action>; the unit is told of the office's steps, the office of the unit's.
func (s *Service) TransitionRectification(ctx context.Context, a domain.Actor, id int64, st RectificationStep) (*domain.Rectification, error) {
	return s.stepRectification(ctx, a, id, st.Version, st.Action, st.Comment, nil)
}

func (s *Service) stepRectification(ctx context.Context, a domain.Actor, recID, version int64, act domain.RectAction, comment string, answers []string) (*domain.Rectification, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Rectification, error) {
		allow := func(x *domain.Rectification) error {
			if err := authz.Can(a, authz.RectificationRead, rectRes(x)); err != nil {
				return err
			}
			if act == domain.RectAnswer || act == domain.RectAccept || act == domain.RectReturn {
				return authz.Can(a, rectPerm(act), rectRes(x))
			}
			return nil
		}
		return rectType.change(ctx, tx, a, recID, version, allow, func(x, before *domain.Rectification) (string, string, error) {
			before.Items = slices.Clone(x.Items)
			if answers != nil {
				if len(answers) != len(x.Items) {
					return "", "", domain.Invalid("answers", "err.rect.answers", len(x.Items))
				}
				if x.Status.Open() {
					for i := range x.Items {
						x.Items[i].Answer = strings.TrimSpace(answers[i])
					}
				}
			}
			files := 0
			if act == domain.RectAnswer {
				fs, err := tx.Attachments(ctx, rectEntity, x.ID)
				if err != nil {
					return "", "", err
				}
				files = len(fs)
			}
			next, err := domain.RectificationFlow.Next(x.Status, act, unitActors(a, x.UnitID), comment, domain.RectCheck{R: x, Files: files})
			if err != nil {
				return "", "", err
			}
			x.Status = next
			now := tx.Now()
			note := strings.TrimSpace(comment)
			switch act {
			case domain.RectAnswer:
				x.AnsweredAt = now
				office, err := officePeople(ctx, tx)
				if err == nil {
					err = s.notify(ctx, tx, office, "rectification_answered", rectEntity, x.ID, rectLink(x.ID), x.DocNumber, x.UnitName, x.ProjectName)
				}
				if err != nil {
					return "", "", err
				}
			case domain.RectAccept:
				x.ClosedAt = now
				if err := s.NotifyUnits(ctx, tx, "rectification_closed", rectEntity, x.ID, rectLink(x.ID), []string{x.DocNumber, x.ProjectName}, x.UnitID); err != nil {
					return "", "", err
				}
			case domain.RectReturn:
				x.Comment = note
				if err := s.NotifyUnits(ctx, tx, "rectification_returned", rectEntity, x.ID, rectLink(x.ID), []string{x.DocNumber, x.ProjectName, note}, x.UnitID); err != nil {
					return "", "", err
				}
			}
			return string(act), note, nil
		})
	})
}

// rectFilesFrozen refuses adding and removing evidence files unless the unit owes the notice
// an answer.
func rectFilesFrozen(ctx context.Context, r store.Reader, id int64) error {
	x, err := r.Rectification(ctx, id)
	if err != nil {
		return err
	}
	if !x.Status.Open() {
		return domain.Errorf(domain.EConflict, "err.rect.files_closed")
	}
	return nil
}

// RectificationHistory is a notice's audit trail, for whoever may see it.
func (s *Service) RectificationHistory(ctx context.Context, a domain.Actor, id int64) ([]*audit.Record, error) {
	return s.history(ctx, rectEntity, id, seen(s.Rectification(ctx, a, id)))
}

// EscalateOverdueRectifications escalates every notice the unit owes an answer past its
// deadline as of now, once per deadline: audited as rectification.escalate by the system, the
// unit's 责任人 told through the inbox (the office sees it on its to-do list). It returns how
// many it escalated.
func (s *Service) EscalateOverdueRectifications(ctx context.Context, now time.Time) (int, error) {
	return escalateOverdue(ctx, s, now, func(tx *store.Tx, day time.Time) ([]*domain.Rectification, error) {
		return tx.OverdueUnescalatedRectifications(ctx, day)
	}, func(tx *store.Tx, x *domain.Rectification, day time.Time) (bool, error) {
		return tx.EscalateRectification(ctx, x.ID, day, now)
	}, func(tx *store.Tx, x *domain.Rectification) error {
		before := *x
		x.EscalatedAt = now
		if err := record(ctx, tx, SystemActor(), event{action: rectEntity + ".escalate", entityType: rectEntity, entityID: id(x.ID),
			changes: audit.Diff(rectType.view(&before), rectType.view(x), nil)}); err != nil {
			return err
		}
		heads, err := tx.UsersWithRoles(ctx, []int64{x.UnitID}, domain.RoleUnitHead)
		if err != nil {
			return err
		}
		return s.notify(ctx, tx, heads, "rectification_overdue", rectEntity, x.ID, rectLink(x.ID), x.DocNumber, x.ProjectName, x.Deadline.Format(time.DateOnly))
	})
}

// ProjectHaltStep is the office's halt or resume of a project: the project's version it saw
// and the reason.
type ProjectHaltStep struct {
	Version int64  `json:"version"`
	Reason  string `json:"reason"`
}

const maxHaltReason = 1000

// haltReasonOK names a missing or too long reason (422 on reason).
func haltReasonOK(reason string) error {
	var errs domain.Problems
	errs.Check(reason == "", "reason", "err.required")
	errs.Check(utf8.RuneCountInString(reason) > maxHaltReason, "reason", "err.too_long", maxHaltReason)
	return errs.Err()
}

// CanHalt reports whether the actor may halt or resume p (for the forms).
func (s *Service) CanHalt(a domain.Actor, p *domain.Project) bool {
	return p.Stage != "" && authz.Can(a, authz.ProjectHalt, projectRes(p)) == nil
}

// HaltProject halts a project by hand (叫停, FLOW-4; the office): a project without its task
// book, or one halted already, is a 409, as is a stale version; a reason is required (422).
// While halted it takes no stage step. Audited as project.halt with the reason; the unit is
// told.
func (s *Service) HaltProject(ctx context.Context, a domain.Actor, projectID int64, in ProjectHaltStep) (*domain.Project, error) {
	reason := strings.TrimSpace(in.Reason)
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Project, error) {
		return projectType.change(ctx, tx, a, projectID, in.Version, projectType.may(a, authz.ProjectHalt), func(p, _ *domain.Project) (string, string, error) {
			if p.Stage == "" {
				return "", "", domain.Errorf(domain.EConflict, "err.stage.no_task_book")
			}
			if p.Halted() {
				return "", "", domain.Errorf(domain.EConflict, "err.project.halted_already")
			}
			if err := haltReasonOK(reason); err != nil {
				return "", "", err
			}
			p.HaltedAt, p.HaltReason = tx.Now(), reason
			if err := s.NotifyUnits(ctx, tx, "project_halted", "project", p.ID, stageLink(p.ID), []string{p.Name, reason}, p.UnitID); err != nil {
				return "", "", err
			}
			return "halt", reason, nil
		})
	})
}

// ResumeProject resumes a halted project (the office): one not halted is a 409, as is one with
// a halting notice not closed yet (err.project.halt_open) and a stale version; a reason is
// required (422). Audited as project.resume with the reason; the unit is told.
func (s *Service) ResumeProject(ctx context.Context, a domain.Actor, projectID int64, in ProjectHaltStep) (*domain.Project, error) {
	reason := strings.TrimSpace(in.Reason)
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Project, error) {
		return projectType.change(ctx, tx, a, projectID, in.Version, projectType.may(a, authz.ProjectHalt), func(p, _ *domain.Project) (string, string, error) {
			if !p.Halted() {
				return "", "", domain.Errorf(domain.EConflict, "err.project.not_halted")
			}
			n, err := tx.OpenHaltingRectifications(ctx, p.ID)
			if err != nil {
				return "", "", err
			}
			if n > 0 {
				return "", "", domain.Errorf(domain.EConflict, "err.project.halt_open", n)
			}
			if err := haltReasonOK(reason); err != nil {
				return "", "", err
			}
			p.HaltedAt, p.HaltReason = time.Time{}, ""
			if err := s.NotifyUnits(ctx, tx, "project_resumed", "project", p.ID, stageLink(p.ID), []string{p.Name, reason}, p.UnitID); err != nil {
				return "", "", err
			}
			return "resume", reason, nil
		})
	})
}
