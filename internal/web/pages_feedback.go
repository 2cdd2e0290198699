package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// feedbackRoutes registers the pages and API of data-correction feedback (数据纠错, SHR-R6).
func (s *Server) feedbackRoutes() {
	s.handle("GET /feedback", s.ui(s.feedbackListPage))
	s.handle("GET /feedback/stats", s.ui(s.feedbackStatsPage))
	s.handle("GET /feedback/new", s.ui(s.feedbackNew))
	s.handle("POST /feedback/new", s.ui(s.feedbackCreate))
	s.handle("GET /feedback/{id}", s.ui(showPage(s, "feedback", s.feedbackView)))
	s.handle("POST /feedback/{id}/steps/{action}", s.ui(s.feedbackStep))

}

// feedbackTodos: the provider's people see the cases waiting for them, the provider's 责任人
// and the office the overdue ones (SHR-R6).
func (s *Server) feedbackTodos(r *http.Request) []todo {
	rq := reqOf(r)
	a := rq.auth.Actor
	ctx := r.Context()
	var out []todo
	if mine := exchangeUnits(a); len(mine) > 0 {
		if n, err := s.svc.CountFeedback(ctx, a, app.FeedbackFilter{ProviderUnitIDs: mine, Open: true}); err == nil && n > 0 {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.feedback_open", n), Href: "/feedback?box=todo", Clause: "SHR-R6"})
		}
		// The reporter closes the loop (SHR-R6): a fix or a dispute waits for its confirmation.
		if n, err := s.svc.CountFeedback(ctx, a, app.FeedbackFilter{ReporterUnitIDs: mine, AwaitingReporter: true}); err == nil && n > 0 {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.feedback_confirm", n), Href: "/feedback?box=confirm", Clause: "SHR-R6"})
		}
	}
	today := s.svc.Today()
	if a.Has(domain.RoleOffice) {
		if n, err := s.svc.CountFeedback(ctx, a, app.FeedbackFilter{OverdueOn: today}); err == nil && n > 0 {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.feedback_overdue", n), Href: "/feedback?overdue=1", Clause: "SHR-R6"})
		}
	} else if heads := unitsWith(a, domain.RoleUnitHead); len(heads) > 0 {
		if n, err := s.svc.CountFeedback(ctx, a, app.FeedbackFilter{ProviderUnitIDs: heads, OverdueOn: today}); err == nil && n > 0 {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.feedback_overdue", n), Href: "/feedback?box=todo&overdue=1", Clause: "SHR-R6"})
		}
	}
	return out
}

// FbStatus, FbKind and FbAction name the feedback enumerations in the page's language.
func (p *helpers) FbStatus(st domain.FeedbackStatus) string { return p.T("fbstatus." + string(st)) }
func (p *helpers) FbKind(k domain.FeedbackKind) string      { return p.T("fbkind." + string(k)) }
func (p *helpers) FbAction(a domain.FeedbackAction) string  { return p.T("fbaction." + string(a)) }

// FbTarget names a case's target: the entry, or the base library.
func (p *helpers) FbTarget(f *domain.Feedback) string {
	if f.EntryID != 0 {
		return f.EntryName
	}
	return p.LibraryName(f.Library)
}

// CanReportFeedback says whether the viewer may report on data of the provider unit: as the
// 责任人 or 联系人 of another unit (the catalog entry page's 数据纠错 button).
func (p *helpers) CanReportFeedback(providerUnitID int64) bool {
	if p.Auth == nil {
		return false
	}
	for _, u := range exchangeUnits(p.Auth.Actor) {
		if u != providerUnitID {
			return true
		}
	}
	return false
}

// list ----------------------------------------------------------------------------------------

// feedbackFilter reads the list filters shared by the page and the API: box (reported: ours as
// reporter; todo: waiting for us as provider; confirm: answered, waiting for us as reporter), status, provider, overdue, entry, library.
func feedbackFilter(r *http.Request, a domain.Actor, today time.Time) (app.FeedbackFilter, error) {
	q := filtersOf(r)
	f := app.FeedbackFilter{Library: domain.BaseLibrary(q.text("library")), Status: oneOf(q, "status", domain.FeedbackStatuses)}
	if f.Library != "" && !f.Library.Valid() {
		q.keep(domain.Invalid("library", "err.query_library", "library", string(f.Library)))
	}
	box, overdue := oneOf(q, "box", feedbackBoxes), q.flag("overdue")
	switch box {
	case "reported":
		f.ReporterUnitIDs = append([]int64{}, authz.ReadScope(a, authz.KindFeedback).UnitIDs...)
	case "todo":
		f.ProviderUnitIDs = exchangeUnits(a)
		f.Open = true
	case "confirm":
		f.ReporterUnitIDs = exchangeUnits(a)
		f.AwaitingReporter = true
	case "provided": // every report on the data of the units the caller sees, in any state
		if sc := authz.ReadScope(a, authz.KindFeedback); !sc.All {
			f.ProviderUnitIDs = append([]int64{}, sc.UnitIDs...)
		}
	}
	f.AnsweredFrom, f.AnsweredTo = q.answered()
	f.ProviderUnitID, f.EntryID = q.num("provider_unit_id"), q.num("entry_id")
	if overdue {
		f.OverdueOn = today
	}
	f.Before = q.cursor()
	return f, q.err
}

type feedbackListView struct {
	Page
	Cases     []*domain.Feedback
	Q         map[string]string
	Statuses  []domain.FeedbackStatus
	Providers []*domain.Unit
	Today     time.Time
	Pager     pager
	Office    bool
}

// Overdue reports whether the case is past its deadline today.
func (v feedbackListView) Overdue(f *domain.Feedback) bool { return f.Overdue(v.Today) }

func (s *Server) feedbackListPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	a := rq.auth.Actor
	title := i18n.T(rq.lang, "feedback.title")
	v := feedbackListView{Page: s.page(r, title, crumb{"", title}), Statuses: domain.FeedbackStatuses,
		Q: asked(r, "box", "status", "provider_unit_id", "overdue", "entry_id", "library", "answered_from", "answered_to"), Today: s.svc.Today(), Office: a.Has(domain.RoleOffice)}
	f, err := feedbackFilter(r, a, v.Today)
	if err != nil {
		return err
	}
	v.Cases, v.Pager, err = listOf(s, r, f, (*app.Service).Feedbacks, (*app.Service).CountFeedback)
	if err != nil {
		return err
	}
	units, err := s.svc.Units(r.Context(), a, app.UnitFilter{})
	if err != nil {
		return err
	}
	v.Providers = units.Items
	s.render(w, r, http.StatusOK, "feedback_list", v)
	return nil
}

// stats ---------------------------------------------------------------------------------------

type feedbackStatsView struct {
	Page
	Rows     []app.FeedbackStats
	From, To string
}

// Num shows an optional number with one decimal, "—" when there is none.
func (feedbackStatsView) Num(x *float64) string {
	if x == nil {
		return "—"
	}
	return strconv.FormatFloat(*x, 'f', 1, 64)
}

// Pct shows an optional ratio as a percentage, "—" when there is none.
func (feedbackStatsView) Pct(x *float64) string {
	if x == nil {
		return "—"
	}
	return strconv.FormatFloat(*x*100, 'f', 0, 64) + "%"
}

// feedbackPeriod reads from and to (dates, both optional).
func feedbackPeriod(r *http.Request) (app.FeedbackPeriod, error) {
	var p app.FeedbackPeriod
	var err error
	if p.From, err = parseDay("from", r.URL.Query().Get("from")); err != nil {
		return p, err
	}
	if p.To, err = parseDay("to", r.URL.Query().Get("to")); err != nil {
		return p, err
	}
	return p, nil
}

func (s *Server) feedbackStatsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	title := i18n.T(rq.lang, "feedback.stats")
	v := feedbackStatsView{Page: s.page(r, title, crumb{"/feedback", i18n.T(rq.lang, "feedback.title")}, crumb{"", title}),
		From: r.URL.Query().Get("from"), To: r.URL.Query().Get("to")}
	p, err := feedbackPeriod(r)
	if err != nil {
		return err
	}
	if v.Rows, err = s.svc.FeedbackStatsFor(r.Context(), rq.auth.Actor, p); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "feedback_stats", v)
	return nil
}

// detail --------------------------------------------------------------------------------------

type feedbackView struct {
	Page
	Case     *domain.Feedback
	Steps    []domain.FeedbackAction
	History  []*audit.Record
	Overdue  bool
	Note     string // what was typed, shown again after a refusal
	Provider bool   // the viewer answers for the provider
	// ProviderHead is the provider unit's 责任人, to whom (and the office) an overdue case escalates.
	ProviderHead string
}

// NoteField names the text field of a step ("note" or "reason").
func (feedbackView) NoteField(a domain.FeedbackAction) string { return domain.FeedbackNoteField(a) }

// feedbackChangeLabels name the case's fields in its history.
var feedbackChangeLabels = map[string]string{"status": "field.status", "provider_note": "feedback.provider_note",
	"reopen_reason": "feedback.reopen_reason", "due_date": "feedback.due_date", "description": "feedback.description",
	"kind": "feedback.kind", "data_item": "feedback.data_item", "sample_ref": "feedback.sample_ref", "escalated_at": "feedback.escalated_at"}

func (s *Server) feedbackView(r *http.Request, rq *request, id int64) (feedbackView, error) {
	a := rq.auth.Actor
	f, err := s.svc.Feedback(r.Context(), a, id)
	if err != nil {
		return feedbackView{}, err
	}
	title := i18n.T(rq.lang, "feedback.case_title", f.ID)
	v := feedbackView{Page: s.page(r, title, crumb{"/feedback", i18n.T(rq.lang, "feedback.title")}, crumb{"", title}),
		Case: f, Steps: s.svc.FeedbackSteps(a, f), Overdue: f.Overdue(s.svc.Today()),
		Provider: slices.Contains(exchangeUnits(a), f.ProviderUnitID)}
	if u, err := s.svc.Unit(r.Context(), a, f.ProviderUnitID); err == nil {
		v.ProviderHead = u.HeadName
	}
	v.History, err = s.svc.FeedbackHistory(r.Context(), a, id)
	return v, err
}

func (s *Server) feedbackStep(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	act := domain.FeedbackAction(r.PathValue("action"))
	field := domain.FeedbackNoteField(act)
	if field == "" {
		field = "note"
	}
	note := r.PostFormValue(field)
	_, err = s.svc.TransitionFeedback(r.Context(), rq.auth.Actor, id, app.FeedbackStep{Version: ver, Action: act, Note: note})
	return s.saved(w, r, err, "feedback", "/feedback/"+itoa(id), func() (any, *Page, error) {
		v, verr := s.feedbackView(r, rq, id)
		v.Note = note
		return &v, &v.Page, verr
	})
}

// form ----------------------------------------------------------------------------------------

type feedbackFormView struct {
	Page
	Case      domain.Feedback
	Entry     *domain.CatalogEntry
	Units     []*domain.Unit // where the viewer may report from
	Kinds     []domain.FeedbackKind
	Libraries []domain.BaseLibrary
}

// feedbackForm builds the form for a report against ?entry=ID or ?library=code (or the posted
// entry_id / library).
func (s *Server) feedbackForm(r *http.Request, rq *request, f domain.Feedback) (*feedbackFormView, error) {
	a := rq.auth.Actor
	title := i18n.T(rq.lang, "feedback.new")
	v := &feedbackFormView{Page: s.page(r, title, crumb{"/feedback", i18n.T(rq.lang, "feedback.title")}, crumb{"", title}),
		Case: f, Kinds: domain.FeedbackKinds}
	v.Libraries = v.H().LibraryOptions(f.Library)
	var provider int64
	if f.EntryID != 0 {
		c, err := s.svc.CatalogEntry(r.Context(), a, f.EntryID)
		if err != nil {
			return nil, err
		}
		v.Entry, provider = c, c.ProviderUnitID
	}
	for _, uid := range exchangeUnits(a) {
		if uid == provider {
			continue
		}
		if u, err := s.svc.Unit(r.Context(), a, uid); err == nil && u.Active {
			v.Units = append(v.Units, u)
		}
	}
	if len(v.Units) == 0 {
		return nil, domain.Forbidden()
	}
	if v.Case.ReporterUnitID == 0 {
		v.Case.ReporterUnitID = v.Units[0].ID
		if slices.ContainsFunc(v.Units, func(u *domain.Unit) bool { return u.ID == a.UnitID }) {
			v.Case.ReporterUnitID = a.UnitID
		}
	}
	return v, nil
}

func (s *Server) feedbackNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	f := domain.Feedback{Kind: domain.FbMissing, Library: domain.BaseLibrary(r.URL.Query().Get("library"))}
	var err error
	if f.EntryID, err = formInt(r, "entry"); err != nil {
		return err
	}
	if f.EntryID == 0 && f.Library == "" {
		f.Library = domain.LibPopulation
	}
	if f.Library != "" && !f.Library.Valid() {
		return domain.Invalid("library", "err.enum")
	}
	v, err := s.feedbackForm(r, rq, f)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "feedback_form", v)
	return nil
}

func feedbackFromForm(r *http.Request) (domain.Feedback, error) {
	var f domain.Feedback
	err := bindForm(r, &f, "library", "kind", "data_item", "description", "sample_ref", "entry_id", "reporter_unit_id")
	if f.EntryID != 0 {
		f.Library = ""
	}
	return f, err
}

func (s *Server) feedbackCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	f, err := feedbackFromForm(r)
	form := f
	if err == nil {
		err = s.svc.CreateFeedback(r.Context(), rq.auth.Actor, &f)
	}
	return s.saved(w, r, err, "feedback_form", "/feedback/"+itoa(f.ID), func() (any, *Page, error) {
		v, verr := s.feedbackForm(r, rq, form)
		if verr != nil {
			return nil, nil, verr
		}
		return v, &v.Page, nil
	})
}
