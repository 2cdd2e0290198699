package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// The pages of rectification notices (整改通知书, FLOW-4, FLOW-5) and halting (叫停): the list
// (/rectifications: the office's all, a unit's own, the bureaus' theirs), a notice's page with
// the unit's answer form and its evidence files and the office's verification (each step asks
// to confirm), its print page in the layout of an official document (as the task book's), and
// on a project's page the notices of the project, the office's form issuing one (also from a
// supervision log entry: ?from_entry=) and the halt and resume forms.

func (s *Server) rectificationRoutes() {
	s.handle("GET /rectifications", s.ui(s.rectificationsPage))
	s.handle("GET /rectifications/{id}", s.ui(s.rectificationPage))
	s.handle("GET /rectifications/{id}/print", s.ui(s.rectificationPrint))
	s.handle("POST /rectifications/{id}/answer", s.ui(s.rectificationAnswerPost))
	s.handle("POST /rectifications/{id}/transition", s.ui(s.rectificationStepPost))
	s.handle("POST /projects/{id}/rectifications", s.ui(s.rectificationOpenPost))
	s.handle("POST /projects/{id}/halt", s.ui(s.projectHaltPost))
	s.handle("POST /projects/{id}/resume", s.ui(s.projectResumePost))
}

// RectStatus … RectOutcome name a notice's values in the page's language.
func (p *helpers) RectStatus(st domain.RectStatus) string  { return p.T("rectstatus." + string(st)) }
func (p *helpers) RectAct(a domain.RectAction) string      { return p.T("rectaction." + string(a)) }
func (p *helpers) RectSource(x domain.RectSource) string   { return p.T("rectsource." + string(x)) }
func (p *helpers) RectOutcome(o domain.RectOutcome) string { return p.T("rectoutcome." + string(o)) }

type rectificationsView struct {
	listBase
	Items    []*domain.Rectification
	Statuses []domain.RectStatus
	Today    time.Time
}

// Overdue reports whether x is overdue today (the list's flag).
func (v rectificationsView) Overdue(x *domain.Rectification) bool {
	return x.Overdue(v.Today)
}

func (s *Server) rectificationsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.rectifications", authz.KindRectification, nil, "status", "overdue", "open", "unit_id")
	if err != nil {
		return err
	}
	a := rq.auth.Actor
	base.CanCreate = false // issued from a project's page
	v := rectificationsView{listBase: base, Statuses: domain.RectStatuses, Today: s.svc.Today()}
	f, err := rectList(s, r, a)
	if err != nil {
		return err
	}
	v.Items, v.Pager, err = listPage(r, func(limit int) ([]*domain.Rectification, error) {
		f.Limit = limit
		p, err := s.svc.Rectifications(r.Context(), a, f)
		return p.Items, err
	}, func() (int, error) { return s.svc.CountRectifications(r.Context(), a, f) })
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "rectifications", v)
	return nil
}

type rectificationView struct {
	Page
	R         *domain.Rectification
	Steps     []domain.RectAction
	CanAnswer bool
	CanVerify bool
	Overdue   bool
	Files     attachmentsView
	History   []*audit.Record
	Answers   []string // what a refused answer held
	Comment   string
}

// Answer is the answer to show for item i: the refused form's, else the saved one.
func (v *rectificationView) Answer(i int) string {
	if v.Answers != nil && i < len(v.Answers) {
		return v.Answers[i]
	}
	return v.R.Items[i].Answer
}

// ItemErr is the message about item i's answer.
func (v *rectificationView) ItemErr(i int) string {
	return v.FieldErr("items." + strconv.Itoa(i) + ".answer")
}

func (s *Server) rectificationView(r *http.Request, rq *request, id int64) (*rectificationView, error) {
	a, ctx := rq.auth.Actor, r.Context()
	x, err := s.svc.Rectification(ctx, a, id)
	if err != nil {
		return nil, err
	}
	title := x.DocNumber
	v := &rectificationView{R: x, Steps: s.svc.RectificationSteps(a, x), Overdue: x.Overdue(s.svc.Today())}
	v.Page = s.page(r, title, crumb{"/rectifications", i18n.T(rq.lang, "nav.rectifications")}, crumb{"", title})
	for _, st := range v.Steps {
		v.CanAnswer = v.CanAnswer || st == domain.RectAnswer
		v.CanVerify = v.CanVerify || st == domain.RectAccept
	}
	if r.Method == http.MethodPost {
		v.Comment = r.PostFormValue("comment")
		if strings.HasSuffix(r.URL.Path, "/answer") {
			v.Answers = r.PostForm["answer"]
		}
	}
	if v.Files, err = s.attachments(r, v.Page, "rectification", x.ID, "/rectifications/"+itoa(x.ID)); err != nil {
		return nil, err
	}
	v.Files.SectionID, v.Files.TitleKey = "rect-files", "attach.title"
	v.History, err = s.svc.RectificationHistory(ctx, a, x.ID)
	return v, err
}

func (s *Server) rectificationPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	return showPage(s, "rectification", s.rectificationView)(w, r, rq)
}

func (s *Server) rectificationPrint(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.rectificationView(r, rq, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "rectification_print", v)
	return nil
}

// rectRefused shows a notice's page again with a refused form's errors.
func (s *Server) rectRefused(w http.ResponseWriter, r *http.Request, rq *request, id int64, err error) error {
	if c := domain.ErrorCode(err); c != domain.EInvalid && c != domain.EConflict {
		return err
	}
	v, verr := s.rectificationView(r, rq, id)
	if verr != nil {
		return verr
	}
	return s.refused(w, r, err, "rectification", v, &v.Page)
}

func (s *Server) rectificationAnswerPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	in := app.RectificationAnswerIn{Version: ver, Answers: r.PostForm["answer"]}
	if in.Answers == nil {
		in.Answers = []string{}
	}
	if _, err := s.svc.AnswerRectification(r.Context(), rq.auth.Actor, id, in); err != nil {
		return s.rectRefused(w, r, rq, id, err)
	}
	redirect(w, r, "/rectifications/"+itoa(id), "flash.saved")
	return nil
}

func (s *Server) rectificationStepPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	st := app.RectificationStep{Version: ver, Action: domain.RectAction(r.PostFormValue("action")), Comment: r.PostFormValue("comment")}
	if _, err := s.svc.TransitionRectification(r.Context(), rq.auth.Actor, id, st); err != nil {
		return s.rectRefused(w, r, rq, id, err)
	}
	redirect(w, r, "/rectifications/"+itoa(id), "flash.saved")
	return nil
}

// rectSection is what a project's page shows of its rectification notices and its halt.
type rectSection struct {
	Notices   []*domain.Rectification
	More      bool
	CanOpen   bool
	CanHalt   bool
	Outcomes  []domain.RectOutcome
	FromEntry int64 // the supervision log entry the form opens a notice from (FLOW-5)
	// What a refused form held.
	Items    string
	Outcome  domain.RectOutcome
	Days     string
	Reason   string
	IssuedOn string
}

// rectSectionOf builds the section of p for the viewer; nil when the viewer may not read its
// notices or the project has no stage yet.
func (s *Server) rectSectionOf(r *http.Request, rq *request, p *domain.Project) (*rectSection, error) {
	if p.Stage == "" {
		return nil, nil
	}
	a, ctx := rq.auth.Actor, r.Context()
	pg, err := s.svc.Rectifications(ctx, a, app.RectificationFilter{ProjectID: p.ID, Limit: 20})
	if err != nil {
		return nil, err
	}
	v := &rectSection{Notices: pg.Items, More: pg.NextCursor != 0, CanOpen: s.svc.CanOpenRectification(a, p), CanHalt: s.svc.CanHalt(a, p),
		Outcomes: domain.RectOutcomes, Days: "10", Outcome: domain.OutcomeNotResponded}
	if n, err := strconv.ParseInt(r.URL.Query().Get("from_entry"), 10, 64); err == nil && n > 0 {
		v.FromEntry = n
	}
	if r.Method == http.MethodPost {
		v.Items, v.Days, v.Reason = r.PostFormValue("items"), r.PostFormValue("deadline_days"), r.PostFormValue("reason")
		v.IssuedOn = r.PostFormValue("issued_on")
		v.Outcome = domain.RectOutcome(r.PostFormValue("outcome"))
		if n, err := strconv.ParseInt(r.PostFormValue("source_id"), 10, 64); err == nil {
			v.FromEntry = n
		}
	}
	if len(v.Notices) == 0 && !v.CanOpen && !v.CanHalt && !p.Halted() {
		return nil, nil
	}
	return v, nil
}

// rectItems reads the form's items, one a line as "clause|problem" (a full-width ｜ too).
func rectItems(text string, outcome domain.RectOutcome) ([]domain.RectItem, error) {
	var out []domain.RectItem
	n := 0
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		n++
		clause, problem, ok := strings.Cut(strings.ReplaceAll(line, "｜", "|"), "|")
		if !ok {
			return nil, domain.Invalid("items", "err.rect.items_line", n)
		}
		out = append(out, domain.RectItem{Clause: strings.TrimSpace(clause), Outcome: outcome, Problem: strings.TrimSpace(problem)})
	}
	return out, nil
}

func (s *Server) rectificationOpenPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := app.RectificationOpen{ProjectID: id, Source: domain.RectFromOffice}
	if n, perr := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("source_id")), 10, 64); perr == nil && n > 0 {
		in.Source, in.SourceID = domain.RectFromSupervision, n
	}
	in.DeadlineDays, _ = strconv.Atoi(strings.TrimSpace(r.PostFormValue("deadline_days"))) // unreadable: 0, refused
	if on := strings.TrimSpace(r.PostFormValue("issued_on")); on != "" {
		if in.IssuedOn, err = time.Parse(time.DateOnly, on); err != nil {
			return projectPages.refusedOnPage(s, w, r, rq, id, domain.Invalid("issued_on", "err.date"))
		}
	}
	in.Items, err = rectItems(r.PostFormValue("items"), domain.RectOutcome(r.PostFormValue("outcome")))
	var x *domain.Rectification
	if err == nil {
		x, err = s.svc.OpenRectification(r.Context(), rq.auth.Actor, in)
	}
	if err != nil {
		return projectPages.refusedOnPage(s, w, r, rq, id, err)
	}
	redirect(w, r, "/rectifications/"+itoa(x.ID), "flash.saved")
	return nil
}

func (s *Server) projectHaltPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.haltStep(w, r, rq, (*app.Service).HaltProject)
}

func (s *Server) projectResumePost(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.haltStep(w, r, rq, (*app.Service).ResumeProject)
}

func (s *Server) haltStep(w http.ResponseWriter, r *http.Request, rq *request,
	step func(*app.Service, context.Context, domain.Actor, int64, app.ProjectHaltStep) (*domain.Project, error)) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	if _, err := step(s.svc, r.Context(), rq.auth.Actor, id, app.ProjectHaltStep{Version: ver, Reason: r.PostFormValue("reason")}); err != nil {
		return projectPages.refusedOnPage(s, w, r, rq, id, err)
	}
	redirect(w, r, "/projects/"+itoa(id)+"#rectifications", "flash.saved")
	return nil
}

// rectificationTodos: for the office, the notices overdue and those awaiting verification.
func (s *Server) rectificationTodos(r *http.Request) []todo {
	rq := reqOf(r)
	a := rq.auth.Actor
	if !a.Has(domain.RoleOffice) {
		return nil
	}
	var out []todo
	if n, err := s.svc.CountRectifications(r.Context(), a, app.RectificationFilter{OverdueOn: s.svc.Today()}); err == nil && n > 0 {
		out = append(out, todo{Text: i18n.T(rq.lang, "todo.rectifications_overdue", n), Href: "/rectifications?overdue=1", Clause: "FLOW-4"})
	}
	if n, err := s.svc.CountRectifications(r.Context(), a, app.RectificationFilter{Status: domain.RectAnswered}); err == nil && n > 0 {
		out = append(out, todo{Text: i18n.T(rq.lang, "todo.rectifications_answered", n), Href: "/rectifications?status=answered", Clause: "FLOW-4"})
	}
	return out
}
