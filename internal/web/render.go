package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

type pages struct {
	t map[string]*template.Template
}

var funcs = template.FuncMap{
	"join":   strings.Join,
	"add":    func(a, b int) int { return a + b },
	"str":    func(v any) string { return fmt.Sprint(v) },
	"until":  func(n int) []int { return make([]int, n) },
	"split":  strings.Fields,
	"clause": clauseChips, // clause IDs as chips linking to the rules page (rules.go)
	"badge":  badge,       // the class of a status badge (badge.go)
}

// parsedPages is parsePages done once per process: the parsed templates are only read (and
// html/template executes them concurrently), so every Server shares them. A process has one
// Server; the web tests start one per test, and parsing every page each time took a tenth of
// their time under -race.
var parsedPages = sync.OnceValues(parsePages)

// parsePages parses layout + partials + each page once at start-up.
func parsePages() (*pages, error) {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{t: map[string]*template.Template{}}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/partials/*.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", base, err)
		}
		p.t[strings.TrimSuffix(base, ".html")] = t
	}
	return p, nil
}

// Page is the part of every view the layout needs.
type Page struct {
	Lang     i18n.Lang
	Title    string
	Auth     *app.Auth
	CSRF     string
	District string
	Demo     bool
	Nav      []navItem
	Crumbs   []crumb
	Flash    string
	Error    string
	Field    string            // the field Error is about
	Errors   map[string]string // every field's message, when a form was refused (forms.go)
	// RuleErrors are the governance rules that refused a step, each with its clauses and
	// message (issue 11; the layout lists them under Error).
	RuleErrors []ruleError
	Todo       int
	Inbox      int // the caller's unread notifications (the top bar's badge)
	Path       string
	Version    string

	unitName  func(int64) string                          // names units in history lines (see Changes)
	refName   func(entity, field string, id int64) string // names other records and actors (history.go)
	libraries func() []*domain.Library                    // the base-library table, read once per page (LibraryName)
}

type navItem struct {
	Href, Label string
	Active      bool
}

// helpers are the page's functions the templates call through H: the names of a register's
// values, options and links in the page's language ({{.H.Status .Status}}). They are methods of
// helpers, not of Page, because every view embeds Page: each method of Page is promoted into
// every view type, and Go compiles a wrapper for each — 19,000 functions for 120 views and
// 150 helpers, four fifths of what the compiler built for this package (issue 14: CI time).
// Page keeps the few that nearly every template calls (T, Date, DateTime and the field errors).
type helpers Page

// H gives the templates (and the handlers) the page's helpers.
func (p *Page) H() *helpers { return (*helpers)(p) }

// T translates in the page's language.
func (p *Page) T(key string, args ...any) string { return p.H().T(key, args...) }

// Date and DateTime format for the page's language.
func (p *Page) Date(t time.Time) string     { return p.H().Date(t) }
func (p *Page) DateTime(t time.Time) string { return p.H().DateTime(t) }

// FieldErr, Aria and ErrFor tie a refused form's messages to its fields (forms.go).
func (p *Page) FieldErr(f string) string        { return p.H().FieldErr(f) }
func (p *Page) Aria(f string) template.HTMLAttr { return p.H().Aria(f) }
func (p *Page) ErrFor(f string) template.HTML   { return p.H().ErrFor(f) }

type crumb struct{ Href, Label string }

// T translates in the page's language.
func (p *helpers) T(key string, args ...any) string { return i18n.T(p.Lang, key, args...) }

// Day formats a day written yyyy-mm-dd (a filter's value) as Date does; anything else as it is.
func (p *helpers) Day(s string) string {
	t, err := parseDay("", s)
	if err != nil || t.IsZero() {
		return s
	}
	return p.Date(t)
}

// Date and DateTime format for the page's language.
func (p *helpers) Date(t time.Time) string     { return i18n.Date(p.Lang, t) }
func (p *helpers) DateTime(t time.Time) string { return i18n.DateTime(p.Lang, t) }

// Role names a role in the page's language.
func (p *helpers) Role(r domain.Role) string { return p.T("role." + string(r)) }

// Grant names a role with its unit, e.g. 单位联系人（区卫生健康委员会）.
func (p *helpers) Grant(g domain.Grant) string {
	if g.UnitName == "" {
		return p.Role(g.Role)
	}
	return p.T("ui.role_of_unit", p.Role(g.Role), g.UnitName)
}

// Grants lists roles with their units, joined the way the language lists things.
func (p *helpers) Grants(gs []domain.Grant) string {
	out := make([]string, len(gs))
	for i, g := range gs {
		out[i] = p.Grant(g)
	}
	return strings.Join(out, p.T("ui.list_sep"))
}

// Kind names a unit kind.
func (p *helpers) Kind(k domain.UnitKind) string { return p.T("kind." + string(k)) }

// Can reports whether the viewer may do action on the collection of kind (to show buttons).
func (p *helpers) Can(action string) bool {
	if p.Auth == nil {
		return false
	}
	return authz.Can(p.Auth.Actor, authz.Action(action), authz.Resource{Kind: authz.Kind(strings.SplitN(action, ".", 2)[0])}) == nil
}

// page builds the base view for a request.
func (s *Server) page(r *http.Request, title string, crumbs ...crumb) Page {
	rq := reqOf(r)
	p := Page{Lang: rq.lang, Title: title, Auth: rq.auth, District: s.cfg.District, Path: r.URL.Path, Version: s.cfg.Version,
		unitName: s.unitNamer(r.Context()), libraries: s.libraryLister(r.Context()), refName: s.refNamer(r)}
	p.Demo = s.demo
	if rq.auth != nil && rq.auth.Session != nil {
		p.CSRF = rq.auth.Session.CSRF
	}
	if rq.auth != nil && rq.auth.Ready() {
		p.Nav = s.nav(rq, r.URL.Path)
		p.Todo = s.todoCount(r)
		p.Inbox, _ = s.svc.UnreadCount(r.Context(), rq.auth.Actor) // one probe of the index notifications_user
		p.Crumbs = append([]crumb{{"/", i18n.T(rq.lang, "nav.home")}}, crumbs...)
	}
	if f := r.URL.Query().Get("flash"); strings.HasPrefix(f, "flash.") && i18n.Has(rq.lang, f) {
		p.Flash = i18n.T(rq.lang, f)
	}
	return p
}

// todoCount is the top bar's badge. The to-do list counts registry rows, so it is remembered
// per user for a minute instead of being counted on every page (that cost the systems page
// p95 6 ms → 500 ms with 20,000 systems); the home page always counts afresh.
func (s *Server) todoCount(r *http.Request) int {
	rq := reqOf(r)
	uid := rq.auth.User.ID
	s.todoMu.Lock()
	c, ok := s.todoCache[uid]
	if ok && time.Since(c.at) < time.Minute {
		s.todoMu.Unlock()
		return c.n
	}
	// One count per user at a time: when the remembered count expires under load, the other
	// requests of that user wait for it instead of all counting at once (50 clients counting
	// together took the /systems page p95 from 6 ms to 170 ms).
	if wait, busy := s.todoBusy[uid]; busy {
		s.todoMu.Unlock()
		select {
		case <-wait:
		case <-r.Context().Done():
		}
		s.todoMu.Lock()
		c = s.todoCache[uid]
		s.todoMu.Unlock()
		return c.n
	}
	done := make(chan struct{})
	s.todoBusy[uid] = done
	s.todoMu.Unlock()
	defer func() {
		s.todoMu.Lock()
		delete(s.todoBusy, uid)
		s.todoMu.Unlock()
		close(done)
	}()
	return len(s.todos(r))
}

// nav lists only the modules the viewer may use.
func (s *Server) nav(rq *request, current string) []navItem {
	a := rq.auth.Actor
	items := []navItem{{Href: "/", Label: "nav.home"}}
	if a.Has(domain.RoleOffice) || a.Has(domain.RoleLeader) { // the overview (issue 12): pages_dashboard.go
		items = append(items, navItem{Href: "/overview", Label: "nav.overview"})
	}
	items = append(items, navItem{Href: "/guides", Label: "nav.guides"})
	if authz.Can(a, authz.NoticeRead, authz.Resource{Kind: authz.KindNotice}) == nil { // 通知公告, 技术标准 (ORG-4, ORG-5): pages_notices.go
		items = append(items, navItem{Href: "/notices", Label: "nav.notices"}, navItem{Href: "/standards", Label: "nav.standards"})
	}
	if authz.Can(a, authz.RuleRead, authz.Resource{Kind: authz.KindRuleSet}) == nil { // 治理规则 (issue 11): pages_rules.go
		items = append(items, navItem{Href: "/rules", Label: "nav.rules"})
	}
	items = append(items, navItem{Href: "/units", Label: "nav.units"})
	if a.UserID != 0 { // 架构图 (issue 12): every login, each in its scope (pages_archmap.go)
		items = append(items, navItem{Href: "/architecture-map", Label: "nav.archmap"})
	}
	if s := authz.ReadScope(a, authz.KindSystem); s.All || len(s.UnitIDs) > 0 {
		items = append(items, navItem{Href: "/systems", Label: "nav.systems"}, navItem{Href: "/machine-rooms", Label: "nav.rooms"},
			navItem{Href: "/websites", Label: "nav.websites"}, navItem{Href: "/new-media", Label: "nav.newmedia"})
	}
	if authz.Can(a, authz.CatalogRead, authz.Resource{Kind: authz.KindCatalog}) == nil {
		items = append(items, navItem{Href: "/catalog", Label: "nav.catalog"})
	}
	if authz.Can(a, authz.BaseLibraryRead, authz.Resource{Kind: authz.KindBaseLibrary}) == nil {
		items = append(items, navItem{Href: "/base-libraries", Label: "nav.baselibraries"})
	}
	if authz.Can(a, authz.ComponentRead, authz.Resource{Kind: authz.KindComponent}) == nil { // 组件目录 (issue 15): pages_components.go
		items = append(items, navItem{Href: "/components", Label: "nav.components"})
	}
	if s := authz.ReadScope(a, authz.KindSharing); s.All || len(s.UnitIDs) > 0 {
		items = append(items, navItem{Href: "/sharing", Label: "nav.sharing"})
	}
	if sc := authz.ReadScope(a, authz.KindFeedback); sc.All || len(sc.UnitIDs) > 0 {
		items = append(items, navItem{Href: "/feedback", Label: "nav.feedback"})
	}
	if sc := authz.ReadScope(a, authz.KindAnnualPlan); sc.All || len(sc.UnitIDs) > 0 {
		items = append(items, navItem{Href: "/annual-plans", Label: "nav.annualplans"})
	}
	if sc := authz.ReadScope(a, authz.KindProject); sc.All || len(sc.UnitIDs) > 0 || sc.Bureaus {
		items = append(items, navItem{Href: "/projects", Label: "nav.projects"})
	}
	// 项目任务书 (FLOW-3): the finance and audit bureaus read those of their notices' projects.
	if sc := authz.ReadScope(a, authz.KindTaskBook); sc.All || len(sc.UnitIDs) > 0 || sc.Bureaus {
		items = append(items, navItem{Href: "/task-books", Label: "nav.taskbooks"})
	}
	// 整改通知书 (FLOW-4): pages_rectifications.go.
	if sc := authz.ReadScope(a, authz.KindRectification); sc.All || len(sc.UnitIDs) > 0 || sc.Bureaus {
		items = append(items, navItem{Href: "/rectifications", Label: "nav.rectifications"})
	}
	// 部门考核 (ORG-3): the office, and whoever reads a unit's scores (pages_assessments.go).
	if sc := authz.ReadScope(a, authz.KindScore); sc.All || len(sc.UnitIDs) > 0 {
		items = append(items, navItem{Href: "/assessments", Label: "nav.assessments"})
	}
	if a.Has(domain.RoleOffice) || a.Has(domain.RoleSupervisor) { // 重点项目监理 (FLOW-5): pages_supervision.go
		items = append(items, navItem{Href: "/supervision", Label: "nav.supervision"})
	}
	if a.UserID != 0 { // 治理发现 (issue 11): every login, each in its scope (pages_findings.go)
		items = append(items, navItem{Href: "/findings", Label: "nav.findings"})
	}
	if a.UserID != 0 { // 随机抽查 (FLOW-4): every logged-in user reads the published rounds (一公开)
		items = append(items, navItem{Href: "/spot-checks", Label: "nav.spotchecks"})
	}
	if authz.Can(a, authz.DupCheckRun, authz.Resource{Kind: authz.KindDupCheck}) == nil { // 应用查重 (issue 15): pages_dupcheck.go
		items = append(items, navItem{Href: "/duplicate-check", Label: "nav.dupcheck"})
	}
	if a.Has(domain.RoleExpert) { // 我的评审 (BLD-R3): pages_project_reviews.go
		items = append(items, navItem{Href: "/reviews", Label: "nav.reviews"})
	}
	if authz.Can(a, authz.ExpertRead, authz.Resource{Kind: authz.KindExpert}) == nil {
		items = append(items, navItem{Href: "/experts", Label: "nav.experts"})
	}
	if authz.Can(a, authz.CloudPoolRead, authz.Resource{Kind: authz.KindCloudPool}) == nil {
		items = append(items, navItem{Href: "/cloud", Label: "nav.cloud"})
	}
	if authz.Can(a, authz.UserRead, authz.Resource{Kind: authz.KindUser}) == nil {
		items = append(items, navItem{Href: "/users", Label: "nav.users"})
	}
	if authz.Can(a, authz.AuditRead, authz.Resource{Kind: authz.KindAudit}) == nil {
		items = append(items, navItem{Href: "/audit", Label: "nav.audit"})
	}
	if authz.Can(a, authz.PolicyRead, authz.Resource{Kind: authz.KindPolicy}) == nil {
		items = append(items, navItem{Href: "/settings/security", Label: "nav.security"})
	}
	if authz.Can(a, authz.GovernanceUpdate, authz.Resource{Kind: authz.KindGovernance}) == nil {
		items = append(items, navItem{Href: "/settings/governance", Label: "nav.governance"})
	}
	items = append(items, navItem{Href: "/profile", Label: "nav.profile"})
	for i := range items {
		items[i].Label = i18n.T(rq.lang, items[i].Label)
		items[i].Active = items[i].Href == current || (items[i].Href != "/" && strings.HasPrefix(current, items[i].Href+"/"))
	}
	return items
}

// render writes a full page. Views are typed structs embedding Page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, view any) {
	t, ok := s.pages.t[name]
	if !ok {
		s.log.Error("no such template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout", addressable(view)); err != nil {
		s.log.Error("render", "template", name, "err", err, "request_id", reqOf(r).id)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// addressable returns a pointer to a copy of view when view is not a pointer. Page's methods
// have pointer receivers, which a template reaches only through an addressable value: with value
// receivers the compiler wrote a wrapper of every Page method for every view type and for its
// pointer (a hundred view types × 150 methods × 2, three quarters of this package's functions
// and of its compile time; docs/DEVELOPMENT.md#compile-time).
func addressable(view any) any {
	v := reflect.ValueOf(view)
	if !v.IsValid() || v.Kind() == reflect.Pointer {
		return view
	}
	pv := reflect.New(v.Type())
	pv.Elem().Set(v)
	return pv.Interface()
}

type errorView struct {
	Page
	Status  int
	Message string
}

// pageError shows an error page; an unauthenticated request goes to the login page instead.
func (s *Server) pageError(w http.ResponseWriter, r *http.Request, err error) {
	markSecurity(r, err)
	st := errorStatus(err)
	if st == http.StatusUnauthorized {
		s.toLogin(w, r)
		return
	}
	msg := s.message(r, err)
	v := errorView{Page: s.page(r, strconv.Itoa(st)), Status: st, Message: msg}
	s.render(w, r, st, "error", v)
}

func (s *Server) toLogin(w http.ResponseWriter, r *http.Request) {
	q := url.Values{}
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		q.Set("next", r.URL.RequestURI())
	}
	if reqOf(r).expired {
		q.Set("expired", "1")
	}
	next := ""
	if len(q) > 0 {
		next = "?" + q.Encode()
	}
	if r.Header.Get("HX-Request") != "" {
		w.Header().Set("HX-Redirect", "/login"+next)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, "/login"+next, http.StatusSeeOther)
}

// redirect after a successful POST (post/redirect/get), with an optional flash message key.
func redirect(w http.ResponseWriter, r *http.Request, to, flash string) {
	if flash != "" {
		// The flash goes into the query, before a fragment (/projects/7#review): after it, it
		// would be part of the fragment, which the server never sees.
		path, frag, hasFrag := strings.Cut(to, "#")
		sep := "?"
		if strings.Contains(path, "?") {
			sep = "&"
		}
		to = path + sep + "flash=" + url.QueryEscape(flash)
		if hasFrag {
			to += "#" + frag
		}
	}
	if r.Header.Get("HX-Request") != "" {
		w.Header().Set("HX-Redirect", to)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// handler kinds ---------------------------------------------------------------------------

type pageFunc func(w http.ResponseWriter, r *http.Request, rq *request) error

// ui wraps a page that needs a fully logged-in user: pending login steps are sent to their
// page, state changes need the CSRF token.
func (s *Server) ui(h pageFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rq := reqOf(r)
		switch {
		case rq.auth == nil || rq.viaAPI:
			s.toLogin(w, r)
			return
		case rq.auth.NeedTOTP:
			redirect(w, r, "/login/totp", "")
			return
		case rq.auth.MustChange:
			redirect(w, r, "/password", "")
			return
		case rq.auth.MustEnroll:
			redirect(w, r, "/profile/totp", "")
			return
		}
		s.serve(w, r, rq, h)
	}
}

// step wraps the login-step pages: a session is needed, a finished login is not.
func (s *Server) step(h pageFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rq := reqOf(r)
		if rq.auth == nil || rq.auth.Session == nil {
			s.toLogin(w, r)
			return
		}
		s.serve(w, r, rq, h)
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, rq *request, h pageFunc) {
	if unsafeMethod(r.Method) {
		if err := parseForm(r); err != nil {
			if domain.ErrorCode(err) == codeTooLarge && strings.HasSuffix(r.URL.Path, "/import") {
				err = s.uploadTooBig() // a workbook: 422 naming the file limit, as the API says it
			}
			if kept := keptForm(r, err); kept != nil {
				r = kept // forms.go: the form again, with what was typed before the limit
			} else {
				s.pageError(w, r, err)
				return
			}
		}
	}
	if !csrfOK(r, rq) {
		s.pageError(w, r, domain.Errorf(domain.EForbidden, "err.csrf"))
		return
	}
	if err := checkInput(r); err != nil {
		s.pageError(w, r, err)
		return
	}
	if err := h(w, r, rq); err != nil {
		s.pageError(w, r, err)
	}
}

// formInt reads an integer form or query value; absent is 0.
func formInt(r *http.Request, name string) (int64, error) {
	v := strings.TrimSpace(r.FormValue(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, domain.Invalid(name, "err.number")
	}
	return n, nil
}

// idVersion reads the record ID from the path and the version the form was rendered with.
func idVersion(r *http.Request) (id, version int64, err error) {
	if id, err = pathID(r); err != nil {
		return 0, 0, err
	}
	version, err = formInt(r, "version")
	return id, version, err
}

func pathID(r *http.Request) (int64, error) {
	n, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || n <= 0 {
		return 0, domain.NotFound()
	}
	return n, nil
}

// pathEscape escapes a file name for a Content-Disposition filename* parameter (RFC 5987).
func pathEscape(s string) string { return url.PathEscape(s) }

// saved finishes a form submission: on success it redirects to the record with the saved
// notice; a refusal (a field, a stale version, a rule) renders the form again, built by view,
// with the message where it belongs; any other error goes to the error page.
func (s *Server) saved(w http.ResponseWriter, r *http.Request, err error, tmpl, to string, view func() (any, *Page, error)) error {
	if err == nil {
		redirect(w, r, to, "flash.saved")
		return nil
	}
	v, p, verr := view()
	if verr != nil {
		return verr
	}
	return s.refused(w, r, err, tmpl, v, p)
}

// refused renders view v (with its Page p) of template tmpl again with the refusal err spread
// over it (formErr); an error that is no refusal is returned, for the error page.
func (s *Server) refused(w http.ResponseWriter, r *http.Request, err error, tmpl string, v any, p *Page) error {
	if err := s.formErr(r, p, err); err != nil {
		return err
	}
	s.render(w, r, errorStatus(err), tmpl, v)
	return nil
}
