package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// The pages of key-project supervision (重点项目监理, FLOW-5): the list of the supervised key
// projects (/supervision: a supervisor's own, the office's all, a unit's its own), and under a
// project its supervision page — the supervision unit with the office's form assigning or
// changing it, the log with its pager and the form appending an entry (the supervision unit
// and the office). The project's page shows the latest entries (supervisionSection).

func (s *Server) supervisionRoutes() {
	s.handle("GET /supervision", s.ui(s.supervisionsPage))
	s.handle("GET /projects/{id}/supervision", s.ui(s.supervisionPage))
	s.handle("POST /projects/{id}/supervision", s.ui(s.supervisionAssign))
	s.handle("POST /projects/{id}/supervision-log", s.ui(s.supervisionAdd))
}

// SupKind names a supervision log entry's kind in the page's language.
func (p *helpers) SupKind(k domain.SupervisionKind) string { return p.T("supkind." + string(k)) }

type supervisionsView struct {
	listBase
	Items []*domain.Supervision
}

func (s *Server) supervisionsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.supervision", authz.KindProject, nil)
	if err != nil {
		return err
	}
	base.CanCreate = false // assigned from a key project's page
	v := supervisionsView{listBase: base}
	v.Items, v.Pager, err = listPage(r, func(limit int) ([]*domain.Supervision, error) {
		p, err := s.svc.Supervisions(r.Context(), rq.auth.Actor, app.SupervisionFilter{Limit: limit})
		return p.Items, err
	}, func() (int, error) {
		p, err := s.svc.Supervisions(r.Context(), rq.auth.Actor, app.SupervisionFilter{})
		return len(p.Items), err
	})
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "supervisions", v)
	return nil
}

// supervisionSection is what a key project's page shows of its supervision: the unit and the
// latest log entries, with a link to the whole log.
type supervisionSection struct {
	Page
	Project     *domain.Project
	Supervision *domain.Supervision
	Entries     []*domain.SupervisionEntry
	More        bool
	CanRectify  bool // the office may open a rectification notice from an entry (FLOW-5, pages_rectifications.go)
}

// supervisionSection reads p's supervision for its page; nil when p is no key project or the
// viewer may not read its log (an expert reviewer).
func (s *Server) supervisionSection(r *http.Request, rq *request, p *domain.Project, pg Page) (*supervisionSection, error) {
	if !p.IsKey() {
		return nil, nil
	}
	a, ctx := rq.auth.Actor, r.Context()
	x, err := s.svc.ProjectSupervision(ctx, a, p.ID)
	if domain.ErrorCode(err) == domain.EForbidden {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	log, err := s.svc.SupervisionLog(ctx, a, p.ID, app.SupervisionLogFilter{Limit: 3})
	if err != nil {
		return nil, err
	}
	return &supervisionSection{Page: pg, Project: p, Supervision: x, Entries: log.Items, More: log.NextCursor != 0,
		CanRectify: s.svc.CanOpenRectification(a, p)}, nil
}

type supervisionView struct {
	Page
	Project     *domain.Project
	Supervision *domain.Supervision
	Entries     []*domain.SupervisionEntry
	Pager       pager
	Kinds       []domain.SupervisionKind
	CanWrite    bool
	CanAssign   bool
	Candidates  []*domain.User // the supervisor accounts the office may assign
	CanRectify  bool           // the office may open a rectification notice from an entry (FLOW-5)
	Today       string
	// What a refused form held.
	Entry  app.SupervisionNote
	Assign app.SupervisionAssignment
}

// Chosen reports whether the account is among the assignment's (the form's, else the saved one).
func (v *supervisionView) Chosen(id int64) bool {
	ids := v.Assign.UserIDs
	if ids == nil {
		ids = v.Supervision.UserIDs
	}
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func (s *Server) supervisionView(r *http.Request, rq *request, id int64) (*supervisionView, error) {
	a, ctx := rq.auth.Actor, r.Context()
	p, err := s.svc.Project(ctx, a, id)
	if err != nil {
		return nil, err
	}
	x, err := s.svc.ProjectSupervision(ctx, a, id)
	if err != nil {
		return nil, err
	}
	title := i18n.T(rq.lang, "supervision.title")
	v := &supervisionView{Project: p, Supervision: x, Kinds: domain.SupervisionKinds, Today: s.svc.Today().Format(time.DateOnly),
		CanWrite: x.ID != 0 && s.svc.CanWriteSupervision(a, p), CanAssign: s.svc.CanAssignSupervision(a, p),
		CanRectify: s.svc.CanOpenRectification(a, p)}
	v.Page = s.page(r, title, crumb{"/projects", i18n.T(rq.lang, "nav.projects")}, crumb{"/projects/" + itoa(id), p.Name}, crumb{"", title})
	v.Entries, v.Pager, err = listPage(r, func(limit int) ([]*domain.SupervisionEntry, error) {
		pg, err := s.svc.SupervisionLog(ctx, a, id, app.SupervisionLogFilter{Limit: limit})
		return pg.Items, err
	}, func() (int, error) {
		pg, err := s.svc.SupervisionLog(ctx, a, id, app.SupervisionLogFilter{})
		return len(pg.Items), err
	})
	if err != nil {
		return nil, err
	}
	if v.CanAssign {
		if v.Candidates, err = s.svc.SupervisorAccounts(ctx, a); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func (s *Server) supervisionPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	return showPage(s, "supervision", s.supervisionView)(w, r, rq)
}

// refused shows the supervision page again with a refused form's errors and what it held.
func (s *Server) supervisionRefused(w http.ResponseWriter, r *http.Request, rq *request, id int64, err error, keep func(*supervisionView)) error {
	v, verr := s.supervisionView(r, rq, id)
	if verr != nil {
		return verr
	}
	if ferr := s.formErr(r, &v.Page, err); ferr != nil {
		return ferr
	}
	keep(v)
	s.render(w, r, errorStatus(err), "supervision", v)
	return nil
}

func (s *Server) supervisionAssign(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	q := app.SupervisionAssignment{Version: ver, Firm: r.PostFormValue("firm"), Reason: r.PostFormValue("reason"), UserIDs: []int64{}}
	for _, v := range r.PostForm["user_ids"] {
		n, perr := strconv.ParseInt(v, 10, 64)
		if perr != nil {
			return badRequest("user_ids", "err.number")
		}
		q.UserIDs = append(q.UserIDs, n)
	}
	if _, err := s.svc.AssignSupervision(r.Context(), rq.auth.Actor, id, q); err != nil {
		return s.supervisionRefused(w, r, rq, id, err, func(v *supervisionView) { v.Assign = q })
	}
	redirect(w, r, "/projects/"+itoa(id)+"/supervision", "flash.saved")
	return nil
}

func (s *Server) supervisionAdd(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	n := app.SupervisionNote{Kind: domain.SupervisionKind(r.PostFormValue("kind")), Participants: r.PostFormValue("participants"),
		Findings: r.PostFormValue("findings"), Actions: r.PostFormValue("actions")}
	n.Date, _ = time.Parse(time.DateOnly, strings.TrimSpace(r.PostFormValue("date"))) // unreadable: empty, refused as required
	if c := strings.TrimSpace(r.PostFormValue("corrects")); c != "" {
		if n.Corrects, err = strconv.ParseInt(c, 10, 64); err != nil {
			n.Corrects = -1 // refused as no entry of this project
		}
	}
	if _, err := s.svc.AddSupervisionEntry(r.Context(), rq.auth.Actor, id, n); err != nil {
		return s.supervisionRefused(w, r, rq, id, err, func(v *supervisionView) { v.Entry = n })
	}
	redirect(w, r, "/projects/"+itoa(id)+"/supervision", "flash.saved")
	return nil
}
