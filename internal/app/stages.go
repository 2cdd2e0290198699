package app

import (
	"archgov/internal/rules"
	"context"
	"slices"
	"strconv"
	"strings"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// A project's stages after its task book (FLOW-4, BLD-R5, SHR-R4; domain.StageFlow). The unit
// reports: at bidding, detailed design and acceptance it submits the stage's materials — a
// response to each requirement its task book carries and at least one evidence file (an
// attachment of entity "project_stage" whose purpose is the stage) — and it applies for
// acceptance; the office is told in its inbox. The office supervises: it confirms each move on
// (which needs the stage's materials), accepts the project (which needs the acceptance gates of
// domain.StageCheck.ReadyToAccept) or sends the application back; the unit is told. Acceptance
// puts the project's 在建 systems into service and the systems it replaces to 被替代 through
// the system register's own step, in the acceptance's transaction.

// stageEntity is the attachment entity of a project's stage files (the project's id).
const stageEntity = "project_stage"

func stageLink(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) + "#stages" }

// StageStep is one stage step with the project's version the actor saw.
type StageStep struct {
	Version int64              `json:"version"`
	Action  domain.StageAction `json:"action"`
	Comment string             `json:"comment"` // required to send an acceptance application back
}

// StageMaterialsEdit is the unit's submission of a stage's materials: the version of the
// materials it saw (0: none submitted yet), a response per requirement of the task book, a note.
type StageMaterialsEdit struct {
	Version   int64                    `json:"version"`
	Responses []domain.ProjectResponse `json:"responses"`
	Note      string                   `json:"note"`
}

// stageOf parses a stage of the path: one that takes materials, else not found.
func stageOf(stage string) (domain.ProjectStage, error) {
	st := domain.ProjectStage(stage)
	if !st.TakesMaterials() {
		return "", domain.NotFound()
	}
	return st, nil
}

// StageMaterials is what was submitted at a stage of a project the actor may see; a stage
// with nothing submitted yet answers empty materials of version 0. A stage without materials,
// or a project hidden from the actor, is not found.
func (s *Service) StageMaterials(ctx context.Context, a domain.Actor, projectID int64, stage string) (*domain.StageMaterials, error) {
	st, err := stageOf(stage)
	if err != nil {
		return nil, err
	}
	p, err := s.Project(ctx, a, projectID)
	if err != nil {
		return nil, err
	}
	m, err := s.db.Read().StageMaterials(ctx, p.ID, st)
	if domain.ErrorCode(err) == domain.ENotFound {
		return &domain.StageMaterials{ProjectID: p.ID, UnitID: p.UnitID, Stage: st, Responses: []domain.ProjectResponse{}}, nil
	}
	return m, err
}

// stageFilesFrozen refuses adding and removing stage files unless the project is at a stage
// that takes materials (FLOW-4).
func stageFilesFrozen(ctx context.Context, r store.Reader, id int64) error {
	p, err := r.Project(ctx, id)
	if err != nil {
		return err
	}
	if !p.Stage.TakesMaterials() {
		return domain.Errorf(domain.EConflict, "err.stage.files_closed")
	}
	return nil
}

// stageFilePurpose accepts a stage file only for the project's current stage (422 on purpose).
func stageFilePurpose(ctx context.Context, r store.Reader, id int64, purpose string) error {
	p, err := r.Project(ctx, id)
	if err != nil {
		return err
	}
	if purpose != string(p.Stage) {
		return domain.Invalid("purpose", "err.stage.file_purpose", "stage."+string(p.Stage))
	}
	return nil
}

// CanSubmitStage reports whether the actor may submit p's materials at stage now (for the form).
func (s *Service) CanSubmitStage(a domain.Actor, p *domain.Project, stage domain.ProjectStage) bool {
	return p.Stage == stage && stage.TakesMaterials() && authz.Can(a, authz.ProjectStageSubmit, projectRes(p)) == nil
}

// SubmitStageMaterials saves the unit's materials of the project's current stage (FLOW-4): the
// unit's 责任人 or 联系人 only (the office 403, another unit 404); a stage that is not the
// project's current one is a 409, as is a stale version; a missing response, a response to a
// clause the task book does not carry, 部分符合 without a plan or 不适用 without a reason a 422
// naming each. Audited on the project as project.stage_materials; the office is told.
func (s *Service) SubmitStageMaterials(ctx context.Context, a domain.Actor, projectID int64, stage string, in StageMaterialsEdit) (*domain.StageMaterials, error) {
	st, err := stageOf(stage)
	if err != nil {
		return nil, err
	}
	return inTx(ctx, s, func(tx *store.Tx) (*domain.StageMaterials, error) {
		p, err := projectType.get(ctx, tx.Reader, a, projectID)
		if err != nil {
			return nil, err
		}
		if err := authz.Can(a, authz.ProjectStageSubmit, projectRes(p)); err != nil {
			return nil, err
		}
		if err := tx.LockProject(ctx, p.ID, p.Version); err != nil { // the stage as read holds until commit
			return nil, err
		}
		if p.Stage != st {
			return nil, domain.Errorf(domain.EConflict, "err.stage.not_current", "stage."+string(st))
		}
		tb, err := tx.ProjectTaskBook(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		m, err := tx.StageMaterials(ctx, p.ID, st)
		var before *domain.StageMaterials
		switch {
		case domain.ErrorCode(err) == domain.ENotFound:
			m = &domain.StageMaterials{ProjectID: p.ID, UnitID: p.UnitID, Stage: st}
		case err != nil:
			return nil, err
		default:
			b := *m
			before = &b
		}
		if m.Version != in.Version {
			return nil, domain.Conflict()
		}
		m.Responses, m.Note = slices.Clone(in.Responses), in.Note
		if err := m.Check(tb.Requirements); err != nil {
			return nil, err
		}
		m.SubmittedAt, m.SubmittedBy = tx.Now(), actorRecord(a).Actor
		if before == nil {
			err = tx.InsertStageMaterials(ctx, m)
		} else {
			err = tx.UpdateStageMaterials(ctx, m)
		}
		if err != nil {
			return nil, err
		}
		shown := func(m *domain.StageMaterials) any {
			if m == nil {
				return nil
			}
			return map[string]any{"stage": m.Stage, "responses": m.Responses, "note": m.Note}
		}
		if err := record(ctx, tx, a, event{action: "project.stage_materials", entityType: "project", entityID: id(p.ID),
			changes: audit.Diff(shown(before), shown(m), nil)}); err != nil {
			return nil, err
		}
		office, err := officePeople(ctx, tx)
		if err == nil {
			err = s.notify(ctx, tx, office, "stage_materials", "project", p.ID, stageLink(p.ID), p.UnitName, p.Name, "stage."+string(st))
		}
		return m, err
	})
}

// ProjectStageMaterials lists what was submitted at each stage of a project the actor may see.
func (s *Service) ProjectStageMaterials(ctx context.Context, a domain.Actor, p *domain.Project) ([]*domain.StageMaterials, error) {
	if err := authz.Can(a, authz.ProjectRead, projectRes(p)); err != nil {
		return nil, err
	}
	return s.db.Read().ProjectStageMaterials(ctx, p.ID)
}

// stageCheck reads what the stage steps of p need: the task book's requirements and actuals,
// the current stage's materials and files, and at acceptance what the project brought.
func stageCheck(ctx context.Context, r store.Reader, p *domain.Project) (domain.StageCheck, error) {
	c := domain.StageCheck{Stage: p.Stage}
	tb, err := r.ProjectTaskBook(ctx, p.ID)
	if err != nil {
		return c, err
	}
	c.Requirements, c.Actuals = tb.Requirements, !tb.ActualsOn.IsZero()
	if p.Stage.TakesMaterials() {
		m, err := r.StageMaterials(ctx, p.ID, p.Stage)
		switch {
		case err == nil:
			c.Materials = m
		case domain.ErrorCode(err) != domain.ENotFound:
			return c, err
		}
		files, err := r.Attachments(ctx, stageEntity, p.ID)
		if err != nil {
			return c, err
		}
		for _, f := range files {
			if f.Purpose == string(p.Stage) {
				c.Files++
			}
		}
	}
	if p.Stage != domain.StageAcceptance {
		return c, nil
	}
	for _, id := range p.CatalogIDs {
		e, err := r.CatalogEntry(ctx, id)
		if err != nil {
			return c, err
		}
		c.Catalog = append(c.Catalog, e)
	}
	for _, id := range p.CreatedSystemIDs {
		sys, err := r.System(ctx, id)
		if err != nil {
			return c, err
		}
		c.Systems = append(c.Systems, sys)
		if c.Replacing == 0 && sys.InService() {
			c.Replacing = sys.ID
		}
	}
	for _, id := range p.CloudRequestIDs {
		q, err := r.CloudRequest(ctx, id)
		if err != nil {
			return c, err
		}
		c.Cloud = append(c.Cloud, q)
	}
	// BLD-P3: the systems the application says it replaces, those still serving (one already
	// superseded or filed for cleanup is left as it is).
	replaced := map[int64]bool{}
	for _, g := range p.Integrations {
		if g.Target != domain.TargetSystem || g.Mode != domain.ModeReplace {
			continue
		}
		sys, err := r.System(ctx, g.ID)
		if domain.ErrorCode(err) == domain.ENotFound {
			continue
		}
		if err != nil {
			return c, err
		}
		if _, err := domain.SystemFlow.Next(sys.Status, domain.SysMarkSuperseded, []domain.SystemActor{domain.ByOffice}, "", sys); err == nil {
			c.Replaced = append(c.Replaced, sys)
			replaced[sys.ID] = true
		}
	}
	// Without a system of its own, the project replaces them with a system it changes.
	for _, id := range p.SystemIDs {
		if c.Replacing != 0 || replaced[id] {
			break
		}
		c.Replacing = id
	}
	return c, nil
}

// StageCheckOf is stageCheck for the project page (what the next step still needs).
func (s *Service) StageCheckOf(ctx context.Context, a domain.Actor, p *domain.Project) (domain.StageCheck, error) {
	if err := authz.Can(a, authz.ProjectRead, projectRes(p)); err != nil {
		return domain.StageCheck{}, err
	}
	return stageCheck(ctx, s.db.Read(), p)
}

// StageSteps lists the stage steps the actor may take on p now (for buttons).
func (s *Service) StageSteps(a domain.Actor, p *domain.Project) []domain.StageAction {
	if p.Stage == "" || p.Halted() || authz.Can(a, authz.ProjectTransition, projectRes(p)) != nil {
		return nil
	}
	return domain.StageFlow.Available(p.Stage, unitActors(a, p.UnitID), domain.StageCheck{Stage: p.Stage})
}

// TransitionStage takes one step of domain.StageFlow on the project, which decides whether it
// is legal from the stage and for the actor: a project without its task book, or a step not
// possible from its stage, is a 409, as is a stale version; a move on without the stage's
// materials, or an acceptance failing a gate, a 422 naming each missing thing. A halted project
// (叫停, rectifications.go) refuses every step with a 409 (err.stage.halted). Audited as
// project.stage_<action>. On acceptance, in the same transaction, its 在建 systems go live
// (运行) and the systems it replaces are marked 被替代 (BLD-R5), each through the system
// register's own step. The office's steps notify the unit; the unit's notify the office.
func (s *Service) TransitionStage(ctx context.Context, a domain.Actor, projectID int64, st StageStep) (*domain.Project, error) {
	p, err := s.transitionStage(ctx, a, projectID, st)
	return p, s.keepRefusal(ctx, err) // a gate's refusal is kept though the step rolled back
}

func (s *Service) transitionStage(ctx context.Context, a domain.Actor, projectID int64, st StageStep) (*domain.Project, error) {
	var chk domain.StageCheck
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Project, error) {
		return projectType.changeThen(ctx, tx, a, projectID, st.Version, projectType.may(a, authz.ProjectTransition), func(p, _ *domain.Project) (string, string, error) {
			if p.Stage == "" {
				return "", "", domain.Errorf(domain.EConflict, "err.stage.no_task_book")
			}
			if p.Halted() { // 叫停 (FLOW-4, rectifications.go): no step until the office resumes it
				return "", "", domain.Errorf(domain.EConflict, "err.stage.halted", p.HaltReason)
			}
			var err error
			if chk, err = stageCheck(ctx, tx.Reader, p); err != nil {
				return "", "", err
			}
			next, err := domain.StageFlow.Next(p.Stage, st.Action, unitActors(a, p.UnitID), st.Comment, chk)
			if err != nil {
				return "", "", err
			}
			// The governance rules' gates (issue 11): every stage move, and the acceptance (SHR-R4).
			g := rules.GateStage
			if next == domain.StageAccepted {
				g = rules.GateAccept
			}
			if err := gate(ctx, tx, a, g, p, true); err != nil {
				return "", "", err
			}
			p.Stage, p.StageAt = next, tx.Now() // when it reached the stage: a spot-check round's candidates (spotcheck.go)
			args := []string{p.Name, "stage." + string(next)}
			if !a.Has(domain.RoleOffice) && !a.System { // the unit reported: the office is told
				office, err := officePeople(ctx, tx)
				if err == nil {
					err = s.notify(ctx, tx, office, "stage_reported", "project", p.ID, stageLink(p.ID), p.UnitName, p.Name, "stage."+string(next))
				}
				if err != nil {
					return "", "", err
				}
			} else if err := s.NotifyUnits(ctx, tx, "stage_moved", "project", p.ID, stageLink(p.ID), args, p.UnitID); err != nil {
				return "", "", err
			}
			return "stage_" + string(st.Action), strings.TrimSpace(st.Comment), nil
		}, func(p, before *domain.Project) error {
			if p.Stage != domain.StageAccepted || before.Stage == domain.StageAccepted {
				return nil
			}
			// BLD-R5: the systems it built go into service, the systems it replaces are superseded.
			// Their rows first, in id order, at the versions the gates read (changed meanwhile: 409),
			// so that no system's row is waited for while the audit chain is held (the lock order:
			// records' rows, then the audit chain).
			var rows []*domain.System
			for _, sys := range chk.Systems {
				if sys.Status == domain.StatusUnderConstruction {
					rows = append(rows, sys)
				}
			}
			rows = append(rows, chk.Replaced...)
			slices.SortFunc(rows, func(a, b *domain.System) int { return int(a.ID - b.ID) })
			for _, sys := range rows {
				if err := tx.LockSystem(ctx, sys.ID, sys.Version); err != nil {
					return err
				}
			}
			for _, sys := range chk.Systems {
				if sys.Status != domain.StatusUnderConstruction {
					continue
				}
				if _, err := stepSystem(ctx, tx, a, sys.ID, SystemStep{Version: sys.Version, Action: domain.SysGoLive,
					Note: "项目《" + p.Name + "》验收通过，投入运行（FLOW-4）"}); err != nil {
					return err
				}
			}
			for _, sys := range chk.Replaced {
				if _, err := stepSystem(ctx, tx, a, sys.ID, SystemStep{Version: sys.Version, Action: domain.SysMarkSuperseded,
					ReplacedBy: chk.Replacing, Note: "项目《" + p.Name + "》验收通过，被其替代（BLD-P3, BLD-R5）"}); err != nil {
					return err
				}
			}
			return nil
		})
	})
}
