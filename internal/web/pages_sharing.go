package web

import (
	"html/template"
	"net/http"
	"slices"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// sharingRoutes registers the pages and API of sharing requests (国发〔2016〕51号).
func (s *Server) sharingRoutes() {
	s.handle("GET /sharing", s.ui(s.sharingListPage))
	s.handle("GET /sharing/new", s.ui(s.sharingNew))
	s.handle("POST /sharing/new", s.ui(s.sharingCreate))
	s.handle("GET /sharing/{id}", s.ui(showPage(s, "sharing_request", s.sharingView)))
	s.handle("POST /sharing/{id}/answer", s.ui(s.sharingAnswer))
	s.handle("POST /sharing/{id}/withdraw", s.ui(s.sharingWithdraw))

}

// unitsWith lists the units in which the actor holds one of the roles.
func unitsWith(a domain.Actor, roles ...domain.Role) []int64 {
	out := []int64{}
	for _, g := range a.Grants {
		if slices.Contains(roles, g.Role) && g.UnitID != 0 && !slices.Contains(out, g.UnitID) {
			out = append(out, g.UnitID)
		}
	}
	return out
}

// exchangeUnits are the units whose 责任人 or 联系人 the actor is: where it takes either side's
// steps of an exchange between two units (sharing requests, data-correction feedback).
func exchangeUnits(a domain.Actor) []int64 {
	return unitsWith(a, domain.RoleUnitHead, domain.RoleUnitContact)
}

// sharingTodos are the sharing requests waiting on the actor: those its units must answer (for
// their 责任人 and 联系人), the overdue ones escalated to the provider's 责任人, and every overdue
// one for the info office.
func (s *Server) sharingTodos(r *http.Request) []todo {
	rq := reqOf(r)
	a := rq.auth.Actor
	ctx := r.Context()
	var out []todo
	if provider := exchangeUnits(a); len(provider) > 0 {
		n, err := s.svc.CountSharingRequests(ctx, a, app.SharingFilter{ProviderIn: provider, Status: domain.SharingSubmitted})
		if err == nil && n > 0 {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.sharing_to_answer", n), Href: "/sharing?tab=answer&status=submitted", Clause: "国发〔2016〕51号"})
		}
	}
	if heads := unitsWith(a, domain.RoleUnitHead); len(heads) > 0 {
		n, err := s.svc.CountSharingRequests(ctx, a, app.SharingFilter{ProviderIn: heads, Escalated: true})
		if err == nil && n > 0 {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.sharing_overdue", n), Href: "/sharing?tab=answer&overdue=1", Clause: "国发〔2016〕51号"})
		}
	}
	if a.Has(domain.RoleOffice) {
		n, err := s.svc.CountSharingRequests(ctx, a, app.SharingFilter{OverdueOn: s.svc.Today()})
		if err == nil && n > 0 {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.sharing_overdue", n), Href: "/sharing?overdue=1", Clause: "国发〔2016〕51号"})
		}
	}
	return out
}

// sharingClock says how a request stands against its due date in working days.
type sharingClock struct {
	g     domain.Governance
	today time.Time
}

func (s *Server) sharingClock(r *http.Request) sharingClock {
	g, _, err := s.svc.Governance(r.Context())
	if err != nil {
		g = domain.DefaultGovernance()
	}
	return sharingClock{g: g, today: s.svc.Today()}
}

// Overdue reports whether the answer is late today.
func (c sharingClock) Overdue(q *domain.SharingRequest) bool { return q.Overdue(c.today) }

// sharingDue renders the time left or overdue of an unanswered request, "" for an answered one.
func sharingDue(p Page, c sharingClock, q *domain.SharingRequest) string {
	switch {
	case q.Status != domain.SharingSubmitted:
		return ""
	case q.Overdue(c.today):
		// Due on Friday, late on Saturday: no working day has passed yet, but it is late.
		if n := c.g.WorkdaysBetween(q.DueDate, c.today); n > 0 {
			return p.T("sharing.overdue_days", n)
		}
		return p.T("sharing.overdue")
	case q.DueDate.Equal(c.today):
		return p.T("sharing.due_today")
	}
	return p.T("sharing.days_left", c.g.WorkdaysBetween(c.today, q.DueDate))
}

// SharingStatus and SharingAction name the enumerations in the page's language.
func (p *helpers) SharingStatus(st domain.SharingStatus) string {
	return p.T("sharingstatus." + string(st))
}
func (p *helpers) SharingAction(a domain.SharingAction) string {
	return p.T("sharingaction." + string(a))
}

// sharingLabels name a request's fields in its history; the rest (ids, codes) are left out.
var sharingLabels = map[string]string{"entry_name": "sharing.entry", "provider_name": "sharing.provider",
	"requester_name": "sharing.requester", "purpose": "field.purpose", "basis": "field.basis", "items": "field.items",
	"system_name": "field.system", "use_until": "field.use_until", "status": "field.status", "submitted_on": "sharing.submitted_on",
	"due_date": "sharing.due_date", "answered_at": "sharing.answered_at", "scope": "field.scope", "scope_items": "field.scope_items",
	"valid_until": "field.valid_until", "refusal_reason": "field.refusal_reason", "escalated_at": "sharing.escalated_at",
	"provider_head": "sharing.provider_head"}

// list -------------------------------------------------------------------------------------

type sharingListView struct {
	Page
	clock     sharingClock
	Requests  []*domain.SharingRequest
	Q         map[string]string
	Tab       string
	Tabs      []string // "" (all), "mine", "answer"
	Statuses  []domain.SharingStatus
	Pager     pager
	CanCreate bool
}

func (v sharingListView) Due(q *domain.SharingRequest) string { return sharingDue(v.Page, v.clock, q) }
func (v sharingListView) Overdue(q *domain.SharingRequest) bool {
	return v.clock.Overdue(q)
}

// TabQuery is the list's query with another tab, the other filters kept.
func (v sharingListView) TabQuery(tab string) template.URL {
	q := make([]string, 0, 4)
	if tab != "" {
		q = append(q, "tab="+tab)
	}
	for _, k := range []string{"status", "overdue", "q"} {
		if v.Q[k] != "" {
			q = append(q, k+"="+template.URLQueryEscaper(v.Q[k]))
		}
	}
	return template.URL(strings.Join(q, "&"))
}

// sharingFilter reads the list's query: the tab (mine: requested by the actor's units, answer:
// to be answered by them), status, overdue and a search.
func (s *Server) sharingFilter(r *http.Request, a domain.Actor) (app.SharingFilter, error) {
	q := filtersOf(r)
	f := app.SharingFilter{Query: q.text("q"), Status: oneOf(q, "status", domain.SharingStatuses)}
	tab, overdue := oneOf(q, "tab", sharingTabs), q.flag("overdue")
	f.EntryID = q.num("entry_id")
	mine := authz.ReadScope(a, authz.KindSharing).UnitIDs
	if mine == nil {
		mine = []int64{}
	}
	switch tab {
	case "mine":
		f.RequesterIn = mine
	case "answer":
		f.ProviderIn = mine
	}
	if p := q.num("provider_unit_id"); p != 0 {
		if tab == "answer" && !slices.Contains(mine, p) {
			f.ProviderIn = []int64{} // not one of the caller's: nothing
		} else {
			f.ProviderIn = []int64{p}
		}
	}
	if overdue {
		f.OverdueOn = s.svc.Today()
	}
	f.AnsweredFrom, f.AnsweredTo = q.answered()
	f.Before = q.cursor()
	return f, q.err
}

func (s *Server) sharingListPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	a := rq.auth.Actor
	v := sharingListView{Page: s.page(r, i18n.T(rq.lang, "sharing.title"), crumb{"", i18n.T(rq.lang, "sharing.title")}),
		clock: s.sharingClock(r), Statuses: domain.SharingStatuses, Q: asked(r, "q", "status", "overdue", "provider_unit_id", "answered_from", "answered_to"), Tab: r.URL.Query().Get("tab")}
	f, err := s.sharingFilter(r, a)
	if err != nil {
		return err
	}
	v.Requests, v.Pager, err = listOf(s, r, f, (*app.Service).SharingRequests, (*app.Service).CountSharingRequests)
	if err != nil {
		return err
	}
	v.Tabs = []string{""}
	if sc := authz.ReadScope(a, authz.KindSharing); !sc.All && len(sc.UnitIDs) > 0 {
		v.Tabs = []string{"", "mine", "answer"}
	}
	v.CanCreate = len(app.SharingRequesterUnits(a)) > 0
	s.render(w, r, http.StatusOK, "sharing_list", v)
	return nil
}

// detail -----------------------------------------------------------------------------------

type sharingView struct {
	Page
	clock      sharingClock
	Req        *domain.SharingRequest
	Answer     bool     // the actor may answer now
	Withdraw   bool     // the actor may withdraw now
	ItemChoice []string // the items an approval may name
	Form       app.SharingStep
	History    []*audit.Record
}

func (v sharingView) Due() string                         { return sharingDue(v.Page, v.clock, v.Req) }
func (v sharingView) Overdue() bool                       { return v.clock.Overdue(v.Req) }
func (v sharingView) Chosen(list []string, n string) bool { return slices.Contains(list, n) }

// ValidUntil is the approval form's end date for an <input type=date>.
func (v sharingView) ValidUntil() string {
	if v.Form.ValidUntil == nil || v.Form.ValidUntil.IsZero() {
		return ""
	}
	return v.Form.ValidUntil.Format("2006-01-02")
}

func (s *Server) sharingView(r *http.Request, rq *request, id int64) (sharingView, error) {
	a := rq.auth.Actor
	q, err := s.svc.SharingRequest(r.Context(), a, id)
	if err != nil {
		return sharingView{}, err
	}
	title := i18n.T(rq.lang, "sharing.request_title", q.ID)
	v := sharingView{Page: s.page(r, title, crumb{"/sharing", i18n.T(rq.lang, "sharing.title")}, crumb{"", title}),
		clock: s.sharingClock(r), Req: q}
	for _, st := range s.svc.SharingSteps(a, q) {
		if st.Answers() {
			v.Answer = true
		} else {
			v.Withdraw = true
		}
	}
	if v.Answer {
		v.ItemChoice = q.Items
		if len(v.ItemChoice) == 0 {
			if c, err := s.svc.CatalogEntry(r.Context(), a, q.EntryID); err == nil {
				v.ItemChoice = shareableItems(c)
			}
		}
	}
	v.History, err = s.svc.SharingHistory(r.Context(), a, id)
	return v, err
}

// shareableItems lists the names of an entry's items that may be shared at all.
func shareableItems(c *domain.CatalogEntry) []string {
	var out []string
	for _, it := range c.Items {
		if it.ShareType != domain.ShareNone {
			out = append(out, it.Name)
		}
	}
	return out
}

// sharingStepFromForm reads the answer form; a date that does not parse is a field error.
func sharingStepFromForm(r *http.Request) (app.SharingStep, error) {
	st := app.SharingStep{Action: domain.SharingAction(r.PostFormValue("action")), Scope: r.PostFormValue("scope"),
		ScopeItems: r.PostForm["scope_items"], Reason: r.PostFormValue("refusal_reason")}
	var err error
	if st.Version, err = formInt(r, "version"); err != nil {
		return st, err
	}
	d, err := parseDay("valid_until", r.PostFormValue("valid_until"))
	if !d.IsZero() {
		st.ValidUntil = &d
	}
	return st, err
}

func (s *Server) sharingAnswer(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := sharingStepFromForm(r)
	if err == nil {
		_, err = s.svc.AnswerSharingRequest(r.Context(), rq.auth.Actor, id, st)
	}
	return s.saved(w, r, err, "sharing_request", "/sharing/"+itoa(id), func() (any, *Page, error) {
		v, err := s.sharingView(r, rq, id)
		v.Form = st
		return &v, &v.Page, err
	})
}

func (s *Server) sharingWithdraw(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err == nil {
		_, err = s.svc.WithdrawSharingRequest(r.Context(), rq.auth.Actor, id, ver)
	}
	return s.saved(w, r, err, "sharing_request", "/sharing/"+itoa(id), func() (any, *Page, error) {
		v, err := s.sharingView(r, rq, id)
		return &v, &v.Page, err
	})
}

// form -------------------------------------------------------------------------------------

type sharingFormView struct {
	Page
	Entry       *domain.CatalogEntry
	Req         domain.SharingRequest
	Units       []*domain.Unit
	Systems     []*domain.System
	Items       []string // the entry's shareable items
	ReplyDays   int
	UseUntil    string
	Refusal     string // why this entry cannot be requested (no request needed, or not shared and its basis)
	Requestable bool
}

func (v sharingFormView) Chosen(n string) bool { return slices.Contains(v.Req.Items, n) }

// sharingForm builds the request form for the entry of q. An entry the actor may not see is
// not found; one that cannot be requested shows why instead of the form.
func (s *Server) sharingForm(r *http.Request, rq *request, q domain.SharingRequest) (sharingFormView, error) {
	a := rq.auth.Actor
	title := i18n.T(rq.lang, "sharing.new")
	v := sharingFormView{Page: s.page(r, title, crumb{"/sharing", i18n.T(rq.lang, "sharing.title")}, crumb{"", title}), Req: q}
	c, err := s.svc.CatalogEntry(r.Context(), a, q.EntryID)
	if err != nil {
		return v, err
	}
	v.Entry, v.Items = c, shareableItems(c)
	g, _, _ := s.svc.Governance(r.Context())
	v.ReplyDays = g.SharingReplyDays
	if !q.UseUntil.IsZero() {
		v.UseUntil = q.UseUntil.Format("2006-01-02")
	}
	for _, uid := range app.SharingRequesterUnits(a) {
		if u, err := s.svc.Unit(r.Context(), a, uid); err == nil && u.Active && uid != c.ProviderUnitID {
			v.Units = append(v.Units, u)
		}
	}
	if len(v.Units) == 0 && len(app.SharingRequesterUnits(a)) == 0 {
		return v, domain.Forbidden()
	}
	if err := domain.CheckSharable(c, 0, nil); err != nil {
		v.Refusal = s.message(r, err)
	} else if len(v.Units) == 0 {
		v.Refusal = i18n.T(rq.lang, "err.sharing.own_entry")
	}
	v.Requestable = v.Refusal == ""
	if v.Requestable {
		systems, err := s.visibleSystems(r, a)
		if err != nil {
			return v, err
		}
		for _, sys := range systems {
			if slices.ContainsFunc(v.Units, func(u *domain.Unit) bool { return u.ID == sys.UnitID }) {
				v.Systems = append(v.Systems, sys)
			}
		}
	}
	return v, nil
}

func (s *Server) sharingNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	entry, err := formInt(r, "entry")
	if err != nil {
		return err
	}
	if entry == 0 {
		return domain.NotFound()
	}
	v, err := s.sharingForm(r, rq, domain.SharingRequest{EntryID: entry, RequesterUnitID: rq.auth.Actor.UnitID})
	if err != nil {
		return err
	}
	status := http.StatusOK
	if !v.Requestable {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "sharing_form", v)
	return nil
}

func (s *Server) sharingCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	var q domain.SharingRequest
	err := bindForm(r, &q, "entry_id", "requester_unit_id", "system_id", "purpose", "basis", "items", "use_until")
	if err == nil {
		err = s.svc.CreateSharingRequest(r.Context(), rq.auth.Actor, &q)
	}
	return s.saved(w, r, err, "sharing_form", "/sharing/"+itoa(q.ID), func() (any, *Page, error) {
		v, err := s.sharingForm(r, rq, q)
		return &v, &v.Page, err
	})
}

// catalog entry page -------------------------------------------------------------------------

// entrySharing is what the catalog entry page says about requesting the entry: whether the
// actor may request it (a published 有条件共享 entry of another unit), that no request is
// needed (无条件共享), or the basis on which it is not shared (不予共享); and the requests of
// the entry the actor may see.
type entrySharing struct {
	CanRequest bool
	NoRequest  bool
	NotShared  string
	Requests   int
}

func (s *Server) entrySharing(r *http.Request, a domain.Actor, c *domain.CatalogEntry) entrySharing {
	var out entrySharing
	if c.Status != domain.CatPublished {
		return out
	}
	switch c.ShareType {
	case domain.ShareUnconditional:
		out.NoRequest = true
	case domain.ShareNone:
		out.NotShared = c.ShareBasis
		if out.NotShared == "" {
			out.NotShared = c.ShareCondition
		}
	case domain.ShareConditional:
		for _, uid := range app.SharingRequesterUnits(a) {
			if uid != c.ProviderUnitID {
				out.CanRequest = true
			}
		}
	}
	out.Requests, _ = s.svc.CountSharingRequests(r.Context(), a, app.SharingFilter{EntryID: c.ID})
	return out
}
