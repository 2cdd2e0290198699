package store

import (
	"context"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

// Key-project supervision (FLOW-5), migration 0029: the supervision unit assigned to a project
// (one versioned row, its accounts in project_supervisors) and the project's append-only
// supervision log.

var supervisions = newTable("supervision", "project_supervisions", "s", ` JOIN projects p ON p.id = s.project_id
	LEFT JOIN units u ON u.id = p.unit_id`,
	func(x *domain.Supervision) []column {
		return versioned(&x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt, once("project_id", &x.ProjectID), c("firm", &x.Firm),
			join("p.name", &x.ProjectName), join("p.unit_id", &x.UnitID), join("COALESCE(u.name, '')", &x.UnitName),
			join("p.key_category", text(&x.KeyCategory)))
	})

// supervisorUsers reads the accounts of the assignments of xs.
func (r Reader) supervisorUsers(ctx context.Context, xs ...*domain.Supervision) error {
	for _, x := range xs {
		us, err := queryAll(ctx, r.q, "supervisors", func(s rowScanner) (domain.SupervisorUser, error) {
			var u domain.SupervisorUser
			return u, s.Scan(&u.ID, &u.Username, &u.Name)
		}, `SELECT u.id, u.username, u.name FROM project_supervisors x JOIN users u ON u.id = x.user_id
			WHERE x.project_id = ? ORDER BY u.id`, x.ProjectID)
		if err != nil {
			return err
		}
		x.Users, x.UserIDs = []domain.SupervisorUser{}, []int64{}
		for _, u := range us {
			x.Users, x.UserIDs = append(x.Users, u), append(x.UserIDs, u.ID)
		}
	}
	return nil
}

// ProjectSupervision loads the supervision unit of a project with its accounts;
// domain.NotFound when none is assigned.
func (r Reader) ProjectSupervision(ctx context.Context, projectID int64) (*domain.Supervision, error) {
	x, err := supervisions.get(ctx, r, `s.project_id = ?`, projectID)
	if err != nil {
		return nil, err
	}
	return x, r.supervisorUsers(ctx, x)
}

// SupervisorAccounts lists the logins of a project's supervision unit (who may read it).
func (r Reader) SupervisorAccounts(ctx context.Context, projectID int64) ([]int64, error) {
	return queryAll(ctx, r.q, "supervisor accounts", scalar[int64],
		`SELECT user_id FROM project_supervisors WHERE project_id = ? ORDER BY user_id`, projectID)
}

// SupervisionFilter narrows the assignments: those of one supervisor account, a page after an id.
type SupervisionFilter struct {
	UserID int64
	After  int64 // the id of the last assignment of the previous page (newest first)
	Limit  int
}

// Supervisions lists the assignments, newest first: those of projects within scope and those
// the account self works on (a supervisor sees the projects assigned to them).
func (r Reader) Supervisions(ctx context.Context, scope authz.Scope, self int64, f SupervisionFilter) ([]*domain.Supervision, error) {
	w := r.where(`1 = 1`)
	w.visible(scope, "p.unit_id", `EXISTS (SELECT 1 FROM project_supervisors m WHERE m.project_id = s.project_id AND m.user_id = ?)`, self)
	w.addIf(f.UserID > 0, `EXISTS (SELECT 1 FROM project_supervisors m WHERE m.project_id = s.project_id AND m.user_id = ?)`, f.UserID)
	w.addIf(f.After > 0, `s.id < ?`, f.After)
	xs, err := supervisions.list(ctx, r, "supervisions", w, ` ORDER BY s.id DESC`, f.Limit)
	if err != nil {
		return nil, err
	}
	return xs, r.supervisorUsers(ctx, xs...)
}

// InsertSupervision stores a new assignment and its accounts.
func (tx *Tx) InsertSupervision(ctx context.Context, x *domain.Supervision) error {
	if err := supervisions.insert(ctx, tx, x); err != nil {
		return err
	}
	return tx.putSupervisors(ctx, x)
}

// UpdateSupervision saves x if its version is still x.Version, its accounts replaced.
func (tx *Tx) UpdateSupervision(ctx context.Context, x *domain.Supervision) error {
	if err := supervisions.update(ctx, tx, x, ""); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM project_supervisors WHERE project_id = ?`, x.ProjectID); err != nil {
		return wrap(err, "delete supervisors %d", x.ProjectID)
	}
	return tx.putSupervisors(ctx, x)
}

func (tx *Tx) putSupervisors(ctx context.Context, x *domain.Supervision) error {
	for _, uid := range x.UserIDs {
		if _, err := tx.exec(ctx, `INSERT INTO project_supervisors (project_id, user_id) VALUES (?, ?)`, x.ProjectID, uid); err != nil {
			return wrap(err, "insert supervisor %d/%d", x.ProjectID, uid)
		}
	}
	return tx.supervisorUsers(ctx, x)
}

var supervisionLog = newTable("supervision log entry", "supervision_log", "l", ` LEFT JOIN users a ON a.id = l.author_id`,
	func(e *domain.SupervisionEntry) []column {
		return versioned(&e.ID, &e.Version, &e.CreatedAt, &e.UpdatedAt, once("project_id", &e.ProjectID),
			once("kind", text(&e.Kind)), once("date", date(&e.Date)), once("participants", &e.Participants),
			once("findings", &e.Findings), once("actions", &e.Actions), once("corrects", ref(&e.Corrects)),
			once("author_id", ref(&e.AuthorID)), join("COALESCE(a.name, '')", &e.AuthorName))
	})

// SupervisionEntry loads one log entry; domain.NotFound when there is none.
func (r Reader) SupervisionEntry(ctx context.Context, id int64) (*domain.SupervisionEntry, error) {
	return supervisionLog.get(ctx, r, `l.id = ?`, id)
}

// SupervisionLogFilter pages a project's log (newest first) and narrows it to a kind.
type SupervisionLogFilter struct {
	Kind  domain.SupervisionKind
	After int64 // the id of the last entry of the previous page
	Limit int
}

// SupervisionLog lists a project's log entries, newest first.
func (r Reader) SupervisionLog(ctx context.Context, projectID int64, f SupervisionLogFilter) ([]*domain.SupervisionEntry, error) {
	w := r.where(`l.project_id = ?`, projectID)
	eq(w, "l.kind", strings.TrimSpace(string(f.Kind)))
	w.addIf(f.After > 0, `l.id < ?`, f.After)
	return supervisionLog.list(ctx, r, "supervision log", w, ` ORDER BY l.id DESC`, f.Limit)
}

// InsertSupervisionEntry appends an entry to a project's log (entries are never updated).
func (tx *Tx) InsertSupervisionEntry(ctx context.Context, e *domain.SupervisionEntry) error {
	if err := supervisionLog.insert(ctx, tx, e); err != nil {
		return err
	}
	if e.AuthorName == "" {
		if u, err := tx.User(ctx, e.AuthorID); err == nil {
			e.AuthorName = u.Name
		}
	}
	return nil
}
