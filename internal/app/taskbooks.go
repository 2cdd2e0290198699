package app

import (
	"archgov/internal/rules"
	"context"
	"strconv"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// Task books (项目任务书, FLOW-3, BLD-R4): the office issues one for an approved project, with
// the next document number of the year, carrying the approved budget (by category, pro rata
// to the application's), the scope, the cloud quota, the milestones and the governance
// requirements the application answered as build and procurement requirements. The unit
// records its actuals; whether they deviate from the indicators is judged by the governance
// rules over the application (BLD-R4.*: every save of the task book re-evaluates them in its
// transaction, the daily sweep catches the milestones the date overtakes), and the pages, the
// list's filter and the office's to-do read those findings (TaskBookFindings). Issuing is its
// own step, not part of the approval: the approval decides, the task book is the document that
// follows it.

func taskBookRes(t *domain.TaskBook) authz.Resource {
	r := authz.Registry(authz.KindTaskBook, t.ID, t.UnitID)
	r.Supervisors = t.Supervisors // its project's supervision unit reads it (FLOW-5, supervision.go)
	r.Inspectors = t.Inspectors   // its project's spot-check inspectors read it (FLOW-4, spotchecks.go)
	r.Bureaus = t.Bureaus         // the finance and audit bureaus read it (FLOW-4, rectifications.go)
	return r
}

var taskBookType = recordType[domain.TaskBook]{entity: "taskbook", kind: authz.KindTaskBook, read: authz.TaskBookRead,
	// Its project's rules read its indicators and actuals (BLD-R4).
	subject: rules.KindApplication, affected: func(_ context.Context, _ store.Reader, t *domain.TaskBook) ([]int64, error) {
		return []int64{t.ProjectID}, nil
	},
	res: taskBookRes, load: loadTaskBook, insert: (*store.Tx).InsertTaskBook, update: (*store.Tx).UpdateTaskBook,
	key: func(t *domain.TaskBook) (int64, int64) { return t.ID, t.Version },
	// The audit trail records the task book's own fields, not the number as printed.
	shown: func(t *domain.TaskBook) *domain.TaskBook {
		x := *t
		x.DocNumber = ""
		return &x
	}}

// TaskBookIssue is what the office sets when it issues a task book; left out, the scope is the
// application's (a build item per new system, then each line of its construction content), the
// milestones are 招标, 详细设计, 实施 and 验收 one, three, nine and twelve months after issue,
// and every requirement carried in is also a procurement requirement.
type TaskBookIssue struct {
	Version     int64              `json:"version"` // optional: the project's version read (stale: 409)
	Scope       []domain.ScopeItem `json:"scope"`
	Milestones  []domain.Milestone `json:"milestones"`
	Procurement []string           `json:"procurement"` // the clauses that are procurement requirements too
}

// TaskBookActuals is the unit's record of its actuals (BLD-R4) with the version it saw.
type TaskBookActuals struct {
	Version int64 `json:"version"`
	domain.Actuals
}

// ProjectTaskBook is the task book of a project; 404 when the project has none or the actor
// may not see it.
func (s *Service) ProjectTaskBook(ctx context.Context, a domain.Actor, projectID int64) (*domain.TaskBook, error) {
	r := s.db.Read()
	t, err := taskBookSupervisors(r, ctx)(r.ProjectTaskBook(ctx, projectID))
	if err == nil {
		err = authz.Can(a, authz.TaskBookRead, taskBookRes(t))
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

// CanIssueTaskBook reports whether the actor may issue p's task book now (for the button).
func (s *Service) CanIssueTaskBook(a domain.Actor, p *domain.Project) bool {
	return p.Status == domain.ProjApproved &&
		authz.Can(a, authz.TaskBookIssue, authz.Resource{Kind: authz.KindTaskBook, UnitID: p.UnitID}) == nil
}

// CanRecordActuals reports whether the actor may record t's actuals.
func (s *Service) CanRecordActuals(a domain.Actor, t *domain.TaskBook) bool {
	return authz.Can(a, authz.TaskBookActuals, taskBookRes(t)) == nil
}

// IssueTaskBook issues the task book of an approved project (FLOW-3): the office only; a
// project not approved, or one that has its task book already (two issues at once: the
// second), is a 409; a plan with no scope or milestones, or a milestone without its date, a
// 422 naming each. The number is the next of the year in the same transaction (no gap, no
// duplicate), the issue is audited as taskbook.issue and the unit's 责任人 and 联系人 are
// notified with a link to it.
func (s *Service) IssueTaskBook(ctx context.Context, a domain.Actor, projectID int64, in TaskBookIssue) (*domain.TaskBook, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.TaskBook, error) {
		p, err := projectType.get(ctx, tx.Reader, a, projectID)
		if err != nil {
			return nil, err
		}
		if err := authz.Can(a, authz.TaskBookIssue, authz.Resource{Kind: authz.KindTaskBook, UnitID: p.UnitID}); err != nil {
			return nil, err
		}
		if in.Version != 0 && in.Version != p.Version {
			return nil, domain.Conflict()
		}
		if p.Status != domain.ProjApproved {
			return nil, domain.Errorf(domain.EConflict, "err.taskbook.not_approved", "projstatus."+string(p.Status))
		}
		if _, err := tx.ProjectTaskBook(ctx, p.ID); err == nil {
			return nil, domain.Errorf(domain.EConflict, "err.taskbook.issued")
		}
		today := s.Today()
		t := &domain.TaskBook{ProjectID: p.ID, UnitID: p.UnitID, Year: p.Year, ProjectName: p.Name, Addressee: p.UnitName,
			IssuedOn: today, ApprovedBudget: p.ApprovedBudget, Budget: domain.AllocateBudget(p.Budget, p.ApprovedBudget),
			Quota: p.Cloud, Scope: in.Scope, Milestones: in.Milestones,
			DupVerdicts: p.DupVerdicts} // issue 15: the function points excluded and the cuts, as decided
		if t.Scope == nil {
			t.Scope = domain.ScopeFrom(p)
		}
		if t.Milestones == nil {
			for i, name := range domain.DefaultMilestones {
				t.Milestones = append(t.Milestones, domain.Milestone{Name: name, Planned: today.AddDate(0, []int{1, 3, 9, 12}[i], 0)})
			}
		}
		g, err := tx.Guide(ctx, p.GuideID)
		if err != nil {
			return nil, err
		}
		t.Requirements = domain.RequirementsFrom(g, p, in.Procurement)
		var errs domain.Problems
		errs.Add(t.CheckPlan())
		for i, cl := range in.Procurement {
			known := false
			for _, r := range t.Requirements {
				known = known || r.Clause == cl
			}
			errs.Check(!known, "procurement."+strconv.Itoa(i), "err.taskbook.procurement", cl)
		}
		if err := errs.Err(); err != nil {
			return nil, err
		}
		// The number first: its counter row is the lock every issuer of the year waits on, so
		// the check below sees a task book another issuer committed meanwhile (the one above
		// only spares a number when it is plain).
		if t.Number, err = s.NextDocNumber(ctx, tx, today.Year()); err != nil {
			return nil, err
		}
		if _, err := tx.ProjectTaskBook(ctx, p.ID); err == nil {
			return nil, domain.Errorf(domain.EConflict, "err.taskbook.issued")
		} else if domain.ErrorCode(err) != domain.ENotFound {
			return nil, err
		}
		if t.Issuer, err = issuerName(ctx, tx.Reader); err != nil {
			return nil, err
		}
		if err := tx.InsertTaskBook(ctx, t); err != nil {
			return nil, err
		}
		// FLOW-4: with its task book the project enters its first stage, bidding (stages.go).
		before := *p
		p.Stage, p.StageAt = domain.StageBidding, tx.Now()
		if err := tx.UpdateProject(ctx, p); err != nil {
			return nil, err
		}
		// Its application's rules read the task book from now on (BLD-R4): its findings are
		// brought up to date in this transaction, as every later save of the task book does.
		if err := taskBookType.refreshFindings(ctx, tx, t); err != nil {
			return nil, err
		}
		if err := record(ctx, tx, a, event{action: "taskbook.issue", entityType: "taskbook", entityID: id(t.ID),
			changes: audit.Diff(nil, taskBookType.view(t), nil)}); err != nil {
			return nil, err
		}
		if err := projectType.audit(ctx, tx, a, "stage_start", &before, p, ""); err != nil {
			return nil, err
		}
		link := "/projects/" + strconv.FormatInt(p.ID, 10) + "/task-book"
		if err := s.NotifyUnits(ctx, tx, "taskbook_issued", "taskbook", t.ID, link, []string{t.DocNumber, p.Name}, p.UnitID); err != nil {
			return nil, err
		}
		return t, nil
	})
}

// issuerName is the issuing office's name on the document: the district's information office
// (the district is the root unit).
func issuerName(ctx context.Context, r store.Reader) (string, error) {
	roots, err := r.Units(ctx, store.UnitFilter{Kind: domain.KindDistrict})
	if err != nil || len(roots) == 0 {
		return "区信息化办公室", err
	}
	return roots[0].Name + "信息化办公室", nil
}

// RecordTaskBookActuals saves the unit's actuals against the project's task book (BLD-R4): the
// unit's 责任人 or 联系人 only; a stale version is a 409, an unknown category, scope item or
// milestone, or a date after today a 422 naming each. Audited as taskbook.actuals.
func (s *Service) RecordTaskBookActuals(ctx context.Context, a domain.Actor, projectID int64, in TaskBookActuals) (*domain.TaskBook, error) {
	today := s.Today()
	t, err := inTx(ctx, s, func(tx *store.Tx) (*domain.TaskBook, error) {
		t, err := taskBookSupervisors(tx.Reader, ctx)(tx.ProjectTaskBook(ctx, projectID))
		if err == nil {
			err = authz.Can(a, authz.TaskBookRead, taskBookRes(t))
		}
		if err != nil {
			return nil, err
		}
		return taskBookType.change(ctx, tx, a, t.ID, in.Version, taskBookType.may(a, authz.TaskBookActuals), func(t, _ *domain.TaskBook) (string, string, error) {
			return "actuals", "", t.Record(in.Actuals, today)
		})
	})
	if err != nil {
		return nil, err
	}
	t.DocNumber = t.Number.String()
	return t, nil
}

// TaskBookHistory is the task book's audit trail, for whoever may see it.
func (s *Service) TaskBookHistory(ctx context.Context, a domain.Actor, projectID int64) ([]*audit.Record, error) {
	t, err := s.ProjectTaskBook(ctx, a, projectID)
	if err != nil {
		return nil, err
	}
	return s.history(ctx, "taskbook", t.ID, nil)
}

// TaskBookFilter narrows the task books.
type TaskBookFilter = store.TaskBookFilter

// CountDeviatingTaskBooks counts the task books in the actor's scope whose application has a
// live BLD-R4 finding (a deviation from the indicators): the office's to-do.
func (s *Service) CountDeviatingTaskBooks(ctx context.Context, a domain.Actor) (int, error) {
	return taskBookType.count(a, func(sc authz.Scope) (int, error) {
		return s.db.Read().CountTaskBooks(ctx, sc, store.TaskBookFilter{Deviating: true})
	})
}

// CountTaskBooks counts the task books in the actor's scope that pass f (its paging aside): the
// total of the task-book list.
func (s *Service) CountTaskBooks(ctx context.Context, a domain.Actor, f store.TaskBookFilter) (int, error) {
	return taskBookType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountTaskBooks(ctx, sc, f) })
}

// TaskBooks lists the task books in the actor's scope, newest first (only the deviating ones
// when f says so).
func (s *Service) TaskBooks(ctx context.Context, a domain.Actor, f store.TaskBookFilter) (Page[*domain.TaskBook], error) {
	return taskBookType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.TaskBook, error) {
		return s.db.Read().TaskBooks(ctx, sc, f)
	})
}

// TaskBookFindings are the live findings citing BLD-R4 of the applications of task books the
// caller has read as the actor (their visibility is the caller's check, as FindingsOf's), by
// project: their deviations from the indicators as the rules found them. Whoever reads a task
// book reads its deviations — the finance and audit bureaus too, who read no findings else.
func (s *Service) TaskBookFindings(ctx context.Context, books ...*domain.TaskBook) (map[int64][]*domain.Finding, error) {
	out := map[int64][]*domain.Finding{}
	if len(books) == 0 {
		return out, nil
	}
	ids := make([]int64, len(books))
	for i, t := range books {
		ids[i] = t.ProjectID
	}
	fs, err := s.db.Read().Findings(ctx, authz.Scope{All: true}, store.FindingFilter{Kind: domain.SubjectApplication, SubjectIDs: ids, Clause: domain.ClauseTaskBook})
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		out[f.SubjectID] = append(out[f.SubjectID], f)
	}
	return out, nil
}
