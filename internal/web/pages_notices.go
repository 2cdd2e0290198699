package web

import (
	"context"
	"net/http"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
)

// noticeRoutes registers the pages of the notices (通知公告, ORG-4) and the technical
// standards (技术标准, ORG-5): the office drafts and publishes, every login reads.
func (s *Server) noticeRoutes() {
	s.handle("GET /notices", s.ui(s.noticesPage))
	noticePages.routes(s)
	s.handle("GET /standards", s.ui(s.standardsPage))
	standardPages.routes(s)
	s.handle("POST /standards/{id}/steps/revise", s.ui(s.standardRevise)) // to the new draft's form
}

// ---- notices ----

var noticePages = &recordPages[domain.Notice, app.NoticeEdit, *noticeView, *noticeFormView]{
	base: "/notices", nav: "nav.notices", detail: "notice", form: "notice_form",
	newTitle: "notices.new", editTitle: "unit.edit", name: func(n *domain.Notice) string { return n.Title },
	kind: authz.KindNotice, createIn: authz.NoticeWrite,
	get:     (*app.Service).Notice,
	mayEdit: noticeMayEdit,
	blank:   func(domain.Actor) domain.Notice { return domain.Notice{Kind: domain.NoticeNotice} },
	read: func(r *http.Request) (app.NoticeEdit, error) {
		var e app.NoticeEdit
		return e, bindForm(r, &e, "version", "title", "kind", "body")
	},
	create: (*app.Service).CreateNotice,
	update: (*app.Service).UpdateNotice,
	view:   (*Server).noticeView,
	formView: func(_ *Server, _ *http.Request, _ *request, f formBase, n domain.Notice) (*noticeFormView, error) {
		return &noticeFormView{formBase: f, Notice: n, Kinds: domain.NoticeKinds}, nil
	},
	step: func(s *Server, r *http.Request, rq *request, id, ver int64) error {
		_, err := s.svc.TransitionNotice(r.Context(), rq.auth.Actor, id, app.NoticeStep{Version: ver,
			Action: domain.NoticeAction(r.PathValue("action")), WithdrawNote: r.PostFormValue("withdraw_note")})
		return err
	},
}

func noticeMayEdit(a domain.Actor, n *domain.Notice) error {
	if err := authz.Can(a, authz.NoticeWrite, authz.Notice(n.ID, n.Status != domain.NoticeDraft)); err != nil {
		return err
	}
	if n.Status != domain.NoticeDraft {
		return domain.Errorf(domain.EConflict, "err.notice.frozen")
	}
	return nil
}

// NoticeStatus, NoticeAction and NoticeKind name the notice's enumerations in the page's language.
func (p *helpers) NoticeStatus(s domain.NoticeStatus) string { return p.T("noticestatus." + string(s)) }
func (p *helpers) NoticeAction(a domain.NoticeAction) string { return p.T("noticeaction." + string(a)) }
func (p *helpers) NoticeKind(k domain.NoticeKind) string     { return p.T("noticekind." + string(k)) }

// noticeList reads the list filters shared by the page and the API.
func noticeList(r *http.Request) (app.NoticeFilter, error) {
	q := filtersOf(r)
	f := app.NoticeFilter{Query: q.text("q"), Kind: oneOf(q, "kind", domain.NoticeKinds), Status: oneOf(q, "status", domain.NoticeStatuses), After: q.cursor()}
	return f, q.err
}

type noticesView struct {
	listBase
	Notices  []*domain.Notice
	Kinds    []domain.NoticeKind
	Statuses []domain.NoticeStatus
}

func (s *Server) noticesPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.notices", "", nil, "q", "kind", "status")
	if err != nil {
		return err
	}
	v := noticesView{listBase: base, Kinds: domain.NoticeKinds, Statuses: domain.NoticeStatuses}
	v.CanCreate = authz.Can(rq.auth.Actor, authz.NoticeWrite, authz.Resource{Kind: authz.KindNotice}) == nil
	v.Notices, v.Pager, err = listFrom(s, r, noticeList, (*app.Service).Notices, (*app.Service).CountNotices)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "notices", v)
	return nil
}

type noticeView struct {
	Page
	Notice      *domain.Notice
	Steps       []domain.NoticeAction
	CanEdit     bool
	History     []*audit.Record
	Attachments attachmentsView
}

func (s *Server) noticeView(r *http.Request, rq *request, n *domain.Notice, pg Page) (*noticeView, error) {
	a := rq.auth.Actor
	v := &noticeView{Page: pg, Notice: n, Steps: s.svc.NoticeSteps(a, n), CanEdit: noticeMayEdit(a, n) == nil}
	var err error
	if v.History, err = s.svc.NoticeHistory(r.Context(), a, n.ID); err != nil {
		return nil, err
	}
	v.Attachments, err = s.attachments(r, v.Page, "notice", n.ID, "/notices/"+itoa(n.ID))
	return v, err
}

type noticeFormView struct {
	formBase
	Notice domain.Notice
	Kinds  []domain.NoticeKind
}

// ---- technical standards ----

var standardPages = &recordPages[domain.Standard, app.StandardCreate, *standardView, *standardFormView]{
	base: "/standards", nav: "nav.standards", detail: "standard", form: "standard_form",
	newTitle: "standards.new", editTitle: "unit.edit", name: (*domain.Standard).Title,
	kind: authz.KindStandard, createIn: authz.StandardWrite,
	get:     (*app.Service).Standard,
	mayEdit: standardMayEdit,
	blank:   func(domain.Actor) domain.Standard { return domain.Standard{Kind: domain.StdInterface} },
	read: func(r *http.Request) (app.StandardCreate, error) {
		var c app.StandardCreate
		var errs domain.Problems
		errs.Add(bindForm(r, &c, "code"))
		errs.Add(bindForm(r, &c.StandardEdit, "version", "name", "kind", "library", "edition", "effective_date", "summary", "url"))
		return c, errs.Err()
	},
	create: (*app.Service).CreateStandard,
	update: func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, c app.StandardCreate) (*domain.Standard, error) {
		return svc.UpdateStandard(ctx, a, id, c.StandardEdit)
	},
	view: (*Server).standardView,
	formView: func(s *Server, r *http.Request, rq *request, f formBase, x domain.Standard) (*standardFormView, error) {
		libs, err := s.svc.BaseLibraries(r.Context(), rq.auth.Actor)
		return &standardFormView{formBase: f, Standard: x, Kinds: domain.StandardKinds, Libraries: libs}, err
	},
	step: func(s *Server, r *http.Request, rq *request, id, ver int64) error {
		_, err := s.svc.TransitionStandard(r.Context(), rq.auth.Actor, id, app.StandardStep{Version: ver,
			Action: domain.StandardAction(r.PathValue("action")), Edition: r.PostFormValue("edition")})
		return err
	},
}

// standardRevise is the revise step's own handler: the office goes on to the new draft's form.
func (s *Server) standardRevise(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	x, err := s.svc.TransitionStandard(r.Context(), rq.auth.Actor, id, app.StandardStep{Version: ver, Action: domain.StdRevise, Edition: r.PostFormValue("edition")})
	if err != nil {
		return standardPages.refusedOnPage(s, w, r, rq, id, err)
	}
	redirect(w, r, "/standards/"+itoa(x.ID)+"/edit", "flash.saved")
	return nil
}

func standardMayEdit(a domain.Actor, x *domain.Standard) error {
	if err := authz.Can(a, authz.StandardWrite, authz.Standard(x.ID, x.Status != domain.StdDraft)); err != nil {
		return err
	}
	if x.Status != domain.StdDraft {
		return domain.Errorf(domain.EConflict, "err.standard.frozen")
	}
	return nil
}

// StdStatus, StdAction and StdKind name the standard's enumerations in the page's language.
func (p *helpers) StdStatus(s domain.StandardStatus) string { return p.T("stdstatus." + string(s)) }
func (p *helpers) StdAction(a domain.StandardAction) string { return p.T("stdaction." + string(a)) }
func (p *helpers) StdKind(k domain.StandardKind) string     { return p.T("stdkind." + string(k)) }

// standardList reads the list filters shared by the page and the API.
func standardList(r *http.Request) (app.StandardFilter, error) {
	q := filtersOf(r)
	f := app.StandardFilter{Query: q.text("q"), Code: q.text("code"), Kind: oneOf(q, "kind", domain.StandardKinds),
		Library: domain.BaseLibrary(q.text("library")), Status: oneOf(q, "status", domain.StandardStatuses), After: q.cursor()}
	return f, q.err
}

type standardsView struct {
	listBase
	Standards []*domain.Standard
	Kinds     []domain.StandardKind
	Statuses  []domain.StandardStatus
	Libraries []*domain.Library
}

func (s *Server) standardsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.standards", "", nil, "q", "kind", "library", "status")
	if err != nil {
		return err
	}
	v := standardsView{listBase: base, Kinds: domain.StandardKinds, Statuses: domain.StandardStatuses}
	v.CanCreate = authz.Can(rq.auth.Actor, authz.StandardWrite, authz.Resource{Kind: authz.KindStandard}) == nil
	if v.Libraries, err = s.svc.BaseLibraries(r.Context(), rq.auth.Actor); err != nil {
		return err
	}
	v.Standards, v.Pager, err = listFrom(s, r, standardList, (*app.Service).Standards, (*app.Service).CountStandards)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "standards", v)
	return nil
}

type standardView struct {
	Page
	Standard    *domain.Standard
	Versions    []*domain.Standard // every version of its code the reader may see, oldest first
	Current     *domain.Standard   // the version in force, when it is another
	Steps       []domain.StandardAction
	CanEdit     bool
	History     []*audit.Record
	Attachments attachmentsView
}

func (s *Server) standardView(r *http.Request, rq *request, x *domain.Standard, pg Page) (*standardView, error) {
	a := rq.auth.Actor
	v := &standardView{Page: pg, Standard: x, Steps: s.svc.StandardSteps(a, x), CanEdit: standardMayEdit(a, x) == nil}
	var err error
	if v.Versions, err = s.svc.StandardVersions(r.Context(), a, x); err != nil {
		return nil, err
	}
	for _, o := range v.Versions {
		if o.Status == domain.StdPublished && o.ID != x.ID {
			v.Current = o
		}
	}
	if v.History, err = s.svc.StandardHistory(r.Context(), a, x.ID); err != nil {
		return nil, err
	}
	v.Attachments, err = s.attachments(r, v.Page, "standard", x.ID, "/standards/"+itoa(x.ID))
	return v, err
}

type standardFormView struct {
	formBase
	Standard  domain.Standard
	Kinds     []domain.StandardKind
	Libraries []*domain.Library
}
