package app

import (
	"context"
	"slices"
	"strings"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// Whole-lifecycle supervision of key projects (重点项目全过程监理, FLOW-5): the office assigns a
// key project's supervision unit (the firm and its supervisor accounts) and may change it with a
// reason; those accounts then read the project, its task book and its supervision log — and no
// other project — and append to the log, as does the office. The project's unit reads the log.
// The log is append-only: a correction is a new entry naming the one it corrects.
//
// Rectification notices (issue 10, later) will be opened from a log entry's findings: a notice
// refers to the entry (SupervisionEntry.ID), and AddSupervisionEntry is where a finding would
// offer to open one. Nothing of that is built here.

// withSupervisors reads the supervision unit's logins of p (who may read it).
func withSupervisors(r store.Reader, ctx context.Context, p *domain.Project) error {
	var err error
	p.Supervisors, err = r.SupervisorAccounts(ctx, p.ID)
	return err
}

// loadTaskBook reads a task book with its project's supervision unit's logins.
func loadTaskBook(r store.Reader, ctx context.Context, id int64) (*domain.TaskBook, error) {
	return taskBookSupervisors(r, ctx)(r.TaskBook(ctx, id))
}

// taskBookSupervisors completes a task book just read with the logins that supervise it.
func taskBookSupervisors(r store.Reader, ctx context.Context) func(*domain.TaskBook, error) (*domain.TaskBook, error) {
	return func(t *domain.TaskBook, err error) (*domain.TaskBook, error) {
		if err != nil {
			return nil, err
		}
		if t.Supervisors, err = r.SupervisorAccounts(ctx, t.ProjectID); err != nil {
			return nil, err
		}
		if t.Inspectors, err = r.InspectorAccounts(ctx, t.ProjectID); err != nil { // spotchecks.go (FLOW-4)
			return nil, err
		}
		t.Bureaus, err = r.BureauProject(ctx, t.ProjectID) // rectifications.go (FLOW-4)
		return t, err
	}
}

// supervisedProject loads a project and authorizes act on it (404 hidden, 403).
func supervisedProject(ctx context.Context, r store.Reader, a domain.Actor, projectID int64, act authz.Action) (*domain.Project, error) {
	p, err := loadProject(r, ctx, projectID)
	if err == nil {
		err = authz.Can(a, act, projectRes(p))
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// CanWriteSupervision reports whether the actor may append to p's supervision log now.
func (s *Service) CanWriteSupervision(a domain.Actor, p *domain.Project) bool {
	return p.IsKey() && authz.Can(a, authz.SupervisionWrite, projectRes(p)) == nil
}

// CanAssignSupervision reports whether the actor may assign p's supervision unit.
func (s *Service) CanAssignSupervision(a domain.Actor, p *domain.Project) bool {
	return p.IsKey() && authz.Can(a, authz.SupervisionAssign, projectRes(p)) == nil
}

// ProjectSupervision returns the supervision unit of a project: for the office, the unit's
// people and leader, and the supervision unit itself. None assigned: one with ID 0 and no
// accounts.
func (s *Service) ProjectSupervision(ctx context.Context, a domain.Actor, projectID int64) (*domain.Supervision, error) {
	r := s.db.Read()
	if _, err := supervisedProject(ctx, r, a, projectID, authz.SupervisionRead); err != nil {
		return nil, err
	}
	x, err := r.ProjectSupervision(ctx, projectID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return &domain.Supervision{ProjectID: projectID, UserIDs: []int64{}, Users: []domain.SupervisorUser{}}, nil
	}
	return x, err
}

// SupervisionFilter narrows the list of assignments.
type SupervisionFilter = store.SupervisionFilter

// Supervisions lists the assignments the actor may see, newest first: every one for the
// office, those of their units' projects for a unit's people, their own for a supervisor.
func (s *Service) Supervisions(ctx context.Context, a domain.Actor, f SupervisionFilter) (Page[*domain.Supervision], error) {
	n := f.Limit
	f.Limit = plusOne(n)
	rs, err := inScope(a, authz.SupervisionRead, authz.KindProject, func(sc authz.Scope) ([]*domain.Supervision, error) {
		return s.db.Read().Supervisions(ctx, sc, a.UserID, f)
	})
	if err != nil {
		return Page[*domain.Supervision]{}, err
	}
	return paginate(rs, n, func(x *domain.Supervision) int64 { return x.ID }), nil
}

// SupervisionAssignment assigns or changes a key project's supervision unit: the firm, its
// supervisor accounts, and — for a change — the version read and the reason.
type SupervisionAssignment struct {
	Version int64   `json:"version"` // 0 for the first assignment
	Firm    string  `json:"firm"`
	UserIDs []int64 `json:"user_ids"`
	Reason  string  `json:"reason"` // required for a change
}

// AssignSupervision assigns (version 0) or changes the supervision unit of a key project (the
// office, FLOW-5): a project that is not a key project is a 409, a stale version a 409; the
// firm, at least one account, each an enabled account holding the supervisor role (422 on
// user_ids naming it), and for a change a reason (422 on reason). Audited as
// project.assign_supervision in the project's history, in the same transaction; the accounts
// newly assigned are told through the inbox.
func (s *Service) AssignSupervision(ctx context.Context, a domain.Actor, projectID int64, q SupervisionAssignment) (*domain.Supervision, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Supervision, error) {
		p, err := supervisedProject(ctx, tx.Reader, a, projectID, authz.SupervisionAssign)
		if err != nil {
			return nil, err
		}
		if !p.IsKey() {
			return nil, domain.Errorf(domain.EConflict, "err.supervision.not_key")
		}
		x, err := tx.ProjectSupervision(ctx, projectID)
		var before *domain.Supervision
		switch {
		case domain.ErrorCode(err) == domain.ENotFound:
			if q.Version != 0 {
				return nil, domain.Conflict()
			}
			x = &domain.Supervision{ProjectID: projectID}
		case err != nil:
			return nil, err
		default:
			if q.Version != x.Version {
				return nil, domain.Conflict()
			}
			b := *x
			before = &b
		}
		x.Firm, x.UserIDs = q.Firm, q.UserIDs
		var errs domain.Problems
		errs.Add(x.Validate())
		names := make([]string, 0, len(q.UserIDs))
		for _, uid := range q.UserIDs {
			u, err := tx.User(ctx, uid)
			if domain.ErrorCode(err) == domain.ENotFound {
				errs.Add(domain.Invalid("user_ids", "err.supervision.user", uid))
				continue
			} else if err != nil {
				return nil, err
			}
			if u.Disabled || !slices.ContainsFunc(u.Grants, func(g domain.Grant) bool { return g.Role == domain.RoleSupervisor }) {
				errs.Add(domain.Invalid("user_ids", "err.supervision.not_supervisor", u.Name))
			}
			names = append(names, u.Name)
		}
		reason := strings.TrimSpace(q.Reason)
		errs.Check(before != nil && reason == "", "reason", "err.required")
		errs.Check(len([]rune(reason)) > 1000, "reason", "err.too_long", 1000)
		if err := errs.Err(); err != nil {
			return nil, err
		}
		if before == nil {
			err = tx.InsertSupervision(ctx, x)
		} else {
			err = tx.UpdateSupervision(ctx, x)
		}
		if err != nil {
			return nil, err
		}
		if err := tx.TouchProject(ctx, p); err != nil {
			return nil, err
		}
		was := map[string]any{}
		if before != nil {
			old := make([]string, len(before.Users))
			for i, u := range before.Users {
				old[i] = u.Name
			}
			was = map[string]any{"firm": before.Firm, "supervisors": old}
		}
		now := map[string]any{"firm": x.Firm, "supervisors": names}
		if reason != "" {
			now["reason"] = reason
		}
		if err := record(ctx, tx, a, event{action: "project.assign_supervision", entityType: "project", entityID: id(p.ID),
			changes: audit.Diff(was, now, nil)}); err != nil {
			return nil, err
		}
		var fresh []int64
		for _, uid := range x.UserIDs {
			if before == nil || !slices.Contains(before.UserIDs, uid) {
				fresh = append(fresh, uid)
			}
		}
		if len(fresh) > 0 {
			if err := s.notify(ctx, tx, fresh, "supervision_assigned", "project", p.ID, supervisionLink(p.ID), p.UnitName, p.Name, x.Firm); err != nil {
				return nil, err
			}
		}
		return x, nil
	})
}

func supervisionLink(projectID int64) string { return projectLink(projectID) + "/supervision" }

// SupervisionLogFilter pages a project's supervision log.
type SupervisionLogFilter = store.SupervisionLogFilter

// SupervisionLog lists a project's supervision log, newest first: for the office, the
// supervision unit and the project's unit (404 for anyone who may not see the project, 403 for
// one who sees it otherwise, an expert reviewer).
func (s *Service) SupervisionLog(ctx context.Context, a domain.Actor, projectID int64, f SupervisionLogFilter) (Page[*domain.SupervisionEntry], error) {
	r := s.db.Read()
	if _, err := supervisedProject(ctx, r, a, projectID, authz.SupervisionRead); err != nil {
		return Page[*domain.SupervisionEntry]{}, err
	}
	if f.Kind != "" && !slices.Contains(domain.SupervisionKinds, f.Kind) {
		return Page[*domain.SupervisionEntry]{}, domain.Invalid("kind", "err.enum")
	}
	n := f.Limit
	f.Limit = plusOne(n)
	rs, err := r.SupervisionLog(ctx, projectID, f)
	if err != nil {
		return Page[*domain.SupervisionEntry]{}, err
	}
	return paginate(rs, n, func(e *domain.SupervisionEntry) int64 { return e.ID }), nil
}

// SupervisionNote is a supervision log entry as written.
type SupervisionNote struct {
	Kind         domain.SupervisionKind `json:"kind"`
	Date         time.Time              `json:"date"` // the day (its time of day is ignored)
	Participants string                 `json:"participants"`
	Findings     string                 `json:"findings"`
	Actions      string                 `json:"actions"`
	Corrects     int64                  `json:"corrects,omitempty"` // the entry of this project it corrects
}

// AddSupervisionEntry appends an entry to a key project's supervision log: by its supervision
// unit or the office (another project's supervisor: 404). A project that is not a key
// project, or one with no supervision unit assigned, is a 409; every field problem is named at
// once (422: kind, date — not after today, participants, findings, actions, corrects — an
// entry of the same project). Audited as supervision.add in the project's history, in the same
// transaction.
func (s *Service) AddSupervisionEntry(ctx context.Context, a domain.Actor, projectID int64, n SupervisionNote) (*domain.SupervisionEntry, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.SupervisionEntry, error) {
		p, err := supervisedProject(ctx, tx.Reader, a, projectID, authz.SupervisionWrite)
		if err != nil {
			return nil, err
		}
		if !p.IsKey() {
			return nil, domain.Errorf(domain.EConflict, "err.supervision.not_key")
		}
		if _, err := tx.ProjectSupervision(ctx, projectID); domain.ErrorCode(err) == domain.ENotFound {
			return nil, domain.Errorf(domain.EConflict, "err.supervision.unassigned")
		} else if err != nil {
			return nil, err
		}
		e := &domain.SupervisionEntry{ProjectID: p.ID, Kind: n.Kind, Date: domain.Day(n.Date), Participants: n.Participants,
			Findings: n.Findings, Actions: n.Actions, Corrects: n.Corrects, AuthorID: a.UserID}
		var errs domain.Problems
		errs.Add(e.Validate(s.Today()))
		if e.Corrects != 0 {
			old, err := tx.SupervisionEntry(ctx, e.Corrects)
			if err != nil && domain.ErrorCode(err) != domain.ENotFound {
				return nil, err
			}
			errs.Check(err != nil || old.ProjectID != p.ID, "corrects", "err.supervision.corrects", e.Corrects)
		}
		if err := errs.Err(); err != nil {
			return nil, err
		}
		if err := tx.InsertSupervisionEntry(ctx, e); err != nil {
			return nil, err
		}
		entry := map[string]any{"supervision_entry": e.ID, "supervision_kind": e.Kind, "supervision_date": e.Date.Format(time.DateOnly),
			"participants": e.Participants, "findings": e.Findings, "actions": e.Actions}
		if e.Corrects != 0 {
			entry["corrects"] = e.Corrects
		}
		if err := record(ctx, tx, a, event{action: "project.supervision_entry", entityType: "project", entityID: id(p.ID),
			changes: audit.Diff(nil, entry, nil)}); err != nil {
			return nil, err
		}
		return e, nil
	})
}

// SupervisorAccounts lists the enabled accounts holding the supervisor role, for the office
// choosing a key project's supervision unit.
func (s *Service) SupervisorAccounts(ctx context.Context, a domain.Actor) ([]*domain.User, error) {
	if err := authz.Can(a, authz.SupervisionAssign, authz.Resource{Kind: authz.KindProject}); err != nil {
		return nil, err
	}
	r := s.db.Read()
	ids, err := r.UsersWithRoles(ctx, nil, domain.RoleSupervisor)
	if err != nil {
		return nil, err
	}
	out := make([]*domain.User, 0, len(ids))
	for _, uid := range ids {
		u, err := r.User(ctx, uid)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}
