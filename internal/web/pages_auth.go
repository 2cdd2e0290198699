package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/i18n"
)

type loginView struct {
	Page
	Username string
	Next     string
	PreCSRF  string
}

// DemoLogins are the demo district's logins, listed on the login page of a demo database.
func (v loginView) DemoLogins() []demo.UserSeed {
	if !v.Demo {
		return nil
	}
	return demo.Users
}

// DemoPassword is the demo logins' initial password (changed at first login).
func (loginView) DemoPassword() string { return demo.Password }

// GrantsText names roles with their units in lang (what serve prints for the demo logins).
func GrantsText(lang i18n.Lang, gs []domain.Grant) string { return (&Page{Lang: lang}).H().Grants(gs) }

// safeNext keeps post-login redirects on this site.
func safeNext(s string) string {
	// url.Parse refuses control characters: browsers drop a tab in "/\t/evil.example" and
	// would follow "//evil.example".
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(s, "/") ||
		strings.HasPrefix(s, "//") || strings.ContainsRune(s, '\\') {
		return "/"
	}
	return s
}

func (s *Server) preCSRF(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie("archgov_pre"); err == nil && len(c.Value) >= 16 {
		return c.Value
	}
	v := gm.RandomToken(18)
	http.SetCookie(w, &http.Cookie{Name: "archgov_pre", Value: v, Path: "/login", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: s.secure(r)})
	return v
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	rq := reqOf(r)
	if rq.auth != nil && rq.auth.Session != nil {
		redirect(w, r, "/", "")
		return
	}
	v := loginView{Page: s.page(r, i18n.T(rq.lang, "login.title")), Next: safeNext(r.URL.Query().Get("next")), PreCSRF: s.preCSRF(w, r)}
	if r.URL.Query().Get("expired") != "" {
		v.Error = i18n.T(rq.lang, "err.session.expired")
	}
	s.render(w, r, http.StatusOK, "login", v)
}

func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) {
	rq := reqOf(r)
	if err := parseForm(r); err != nil {
		s.pageError(w, r, err)
		return
	}
	v := loginView{Page: s.page(r, i18n.T(rq.lang, "login.title")), Username: r.PostFormValue("username"),
		Next: safeNext(r.PostFormValue("next")), PreCSRF: s.preCSRF(w, r)}
	rq.secActor = r.PostFormValue("username")
	if !loginCSRFOK(r) {
		rq.secKind = audit.EventCSRF
		v.Error = i18n.T(rq.lang, "err.csrf")
		s.render(w, r, http.StatusForbidden, "login", v)
		return
	}
	if err := checkForm(r); err != nil {
		// The input rules (input.go) hold here too: a NUL in the username made PostgreSQL
		// answer 500. The form is not echoed back, since it is what was refused.
		v.Username, v.Error = "", s.message(r, err)
		s.render(w, r, http.StatusUnprocessableEntity, "login", v)
		return
	}
	res, err := s.svc.Login(r.Context(), r.PostFormValue("username"), r.PostFormValue("password"), rq.ip, r.UserAgent())
	if err != nil {
		code := domain.ErrorCode(err)
		if code != domain.EUnauthorized && code != domain.ELocked {
			s.pageError(w, r, err)
			return
		}
		v.Error = s.message(r, err)
		s.render(w, r, errorStatus(err), "login", v)
		return
	}
	s.setSession(w, r, res.Cookie)
	switch {
	case res.Auth.NeedTOTP:
		redirect(w, r, "/login/totp?next="+url.QueryEscape(v.Next), "")
	case res.Auth.MustChange:
		redirect(w, r, "/password", "")
	case res.Auth.MustEnroll:
		redirect(w, r, "/profile/totp", "")
	default:
		redirect(w, r, v.Next, "")
	}
}

type totpView struct {
	Page
	Next string
}

func (s *Server) totpForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	if !rq.auth.NeedTOTP {
		redirect(w, r, "/", "")
		return nil
	}
	s.render(w, r, http.StatusOK, "totp", totpView{Page: s.page(r, i18n.T(rq.lang, "totp.title")), Next: safeNext(r.URL.Query().Get("next"))})
	return nil
}

func (s *Server) totpSubmit(w http.ResponseWriter, r *http.Request, rq *request) error {
	v := totpView{Page: s.page(r, i18n.T(rq.lang, "totp.title")), Next: safeNext(r.PostFormValue("next"))}
	if err := s.svc.VerifyTOTP(r.Context(), rq.auth, r.PostFormValue("code")); err != nil {
		if domain.ErrorCode(err) == domain.ELocked || domain.ErrorCode(err) == domain.EInvalid {
			v.Error = s.message(r, err)
			s.render(w, r, errorStatus(err), "totp", v)
			return nil
		}
		return err
	}
	switch {
	case rq.auth.MustChange:
		redirect(w, r, "/password", "")
	case rq.auth.MustEnroll:
		redirect(w, r, "/profile/totp", "")
	default:
		redirect(w, r, v.Next, "")
	}
	return nil
}

type passwordView struct {
	Page
	Forced bool
	Policy domain.PasswordPolicy
}

func (s *Server) passwordView(r *http.Request, rq *request) (passwordView, error) {
	pol, _, err := s.svc.Policy(r.Context())
	return passwordView{Page: s.page(r, i18n.T(rq.lang, "password.title"), crumb{"/profile", i18n.T(rq.lang, "nav.profile")}),
		Forced: rq.auth.MustChange, Policy: pol}, err
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.auth.NeedTOTP {
		redirect(w, r, "/login/totp", "")
		return nil
	}
	v, err := s.passwordView(r, rq)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "password", v)
	return nil
}

func (s *Server) passwordSubmit(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.auth.NeedTOTP {
		return domain.Forbidden()
	}
	v, err := s.passwordView(r, rq)
	if err != nil {
		return err
	}
	next := r.PostFormValue("password")
	if next != r.PostFormValue("confirm") {
		err = domain.Invalid("confirm", "err.password.mismatch")
	} else {
		err = s.svc.ChangePassword(r.Context(), rq.auth, r.PostFormValue("current"), next)
	}
	if err != nil {
		if err := s.formErr(r, &v.Page, err); err != nil {
			return err
		}
		s.render(w, r, errorStatus(domain.Invalid("", "")), "password", v)
		return nil
	}
	if rq.auth.MustEnroll {
		redirect(w, r, "/profile/totp", "flash.password_changed")
		return nil
	}
	redirect(w, r, "/", "flash.password_changed")
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.svc.Logout(r.Context(), rq.auth); err != nil {
		return err
	}
	s.clearSession(w, r)
	redirect(w, r, "/login", "")
	return nil
}

func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	l := i18n.Parse(r.PathValue("lang"))
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: string(l), Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
	back := "/"
	if ref := r.Referer(); ref != "" {
		if i := strings.Index(ref, "://"); i >= 0 {
			if j := strings.Index(ref[i+3:], "/"); j >= 0 {
				back = safeNext(ref[i+3+j:])
			}
		}
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// todo is one item of the user's to-do list on the home page; its count is the top bar badge.
type todo struct {
	Text, Href, Clause string
}

// todos are real obligations found in the data, not notifications: an expiring password, a
// unit without its 责任人 or 联系人 (ORG-1), accounts waiting for roles.
func (s *Server) todos(r *http.Request) []todo {
	rq := reqOf(r)
	a := rq.auth
	ctx := r.Context()
	var out []todo
	if pol, _, err := s.svc.Policy(ctx); err == nil && pol.MaxAge > 0 {
		if left := a.User.PasswordChangedAt.Add(pol.MaxAge).Sub(s.svc.Now()); left < 14*24*time.Hour {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.password_expiring", a.User.PasswordChangedAt.Add(pol.MaxAge)), Href: "/password"})
		}
	}
	// The governance rules' findings (issue 11) make the registry's obligations: each to-do counts
	// the viewer's open findings of one rule and leads to them; nothing here computes a clause.
	// ORG-1: the system admin names the units' people, so counts the units the rule finds
	// without them (units are public); a unit's 责任人 is told of their own unit.
	if a.Actor.Has(domain.RoleSysAdmin) {
		if p, err := s.svc.Units(ctx, a.Actor, app.UnitFilter{Finding: domain.RulePeopleMissing}); err == nil && len(p.Items) > 0 {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.units_missing_people", len(p.Items)), Href: "/units?missing=1", Clause: "ORG-1"})
		}
	}
	for _, g := range a.Actor.Grants {
		if g.Role != domain.RoleUnitHead {
			continue
		}
		n, err := s.svc.CountFindings(ctx, a.Actor, app.FindingFilter{RuleID: domain.RulePeopleMissing, UnitID: g.UnitID, Kind: domain.SubjectUnit,
			SubjectID: g.UnitID, Status: domain.FindingOpen})
		if err != nil || n == 0 {
			continue
		}
		if u, err := s.svc.Unit(ctx, a.Actor, g.UnitID); err == nil {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.my_unit_missing_people", u.Name), Href: "/units/" + itoa(u.ID) + "/edit", Clause: "ORG-1"})
		}
	}
	// Systems off the government cloud without a cloud exemption nor an open migration plan
	// (ENV-P1, ENV-R2), for the units and the office.
	out = append(out, s.findingTodo(ctx, rq, domain.RuleNoMigration, "todo.systems_offcloud_noplan", "ENV-R2")...)
	// Cleanup filings waiting for the office (BLD-R5): a workflow's queue, not a finding.
	if a.Actor.Has(domain.RoleOffice) {
		if n, err := s.svc.CountSystems(ctx, a.Actor, app.SystemFilter{Status: domain.StatusCleanupFiled}); err == nil && n > 0 {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.cleanup_filed", n), Href: "/systems?status=cleanup_filed", Clause: "BLD-R5"})
		}
	}
	// Machine rooms past their closing deadline (ENV-R3), for the units and the office.
	out = append(out, s.findingTodo(ctx, rq, domain.RuleRoomOverdue, "todo.rooms_overdue", "ENV-R3")...)
	out = append(out, s.waiverTodos(r)...) // pages_findings.go: waiver requests waiting for the office (ORG-3)
	out = append(out, s.cloudTodos(r)...)  // pages_cloud.go: cloud requests waiting for the office (ENV-R1)
	out = append(out, s.siteTodos(r)...)   // pages_sites.go: websites past the deadline (PTL-R3), decisions waiting (PTL-R4)

	// pages_baselib.go: base libraries in use without their authoritative provider (SHR-R5).
	out = append(out, s.baseLibraryTodos(r)...)
	out = append(out, s.sharingTodos(r)...)
	// pages_feedback.go: data-correction cases waiting for the provider or overdue (SHR-R6).
	out = append(out, s.feedbackTodos(r)...)
	out = append(out, s.projectTodos(r)...)       // pages_projects.go: applications to review, or returned (FLOW-2)
	out = append(out, s.taskBookTodos(r)...)      // pages_taskbooks.go: task books off their indicators (BLD-R4)
	out = append(out, s.rectificationTodos(r)...) // pages_rectifications.go: notices overdue or to verify (FLOW-4)
	out = append(out, s.calendarTodos(r)...)      // pages_governance.go: next year's holidays not entered by December
	out = append(out, s.objectionTodos(r)...)     // pages_assessments.go: assessment objections to answer (ORG-3)
	if authz.Can(a.Actor, authz.UserGrantRoles, authz.Resource{Kind: authz.KindUser}) == nil {
		if p, err := s.svc.Users(ctx, a.Actor, app.UserFilter{}); err == nil {
			n := 0
			for _, u := range p.Items {
				if len(u.Grants) == 0 && !u.Disabled {
					n++
				}
			}
			if n > 0 {
				out = append(out, todo{Text: i18n.T(rq.lang, "todo.users_without_roles", n), Href: "/users?noroles=1"})
			}
		}
	}
	s.todoMu.Lock()
	if len(s.todoCache) > 10000 {
		clear(s.todoCache) // bounded: stale entries of users long gone
	}
	s.todoCache[a.User.ID] = todoCounted{len(out), time.Now()}
	s.todoMu.Unlock()
	return out
}

type homeView struct {
	Page
	Todos []todo
	// Dash: the overview in the viewer's scope (issue 12): a unit's people see their unit's
	// with its charts beside the to-dos (Charts), the office and the leaders its cards.
	Dash   *dashView
	Charts bool
}

func (s *Server) home(w http.ResponseWriter, r *http.Request, rq *request) error {
	if r.URL.Path != "/" {
		return domain.NotFound()
	}
	todos := s.todos(r) // afresh, and refreshes the badge
	v := homeView{Page: s.page(r, i18n.T(rq.lang, "nav.home")), Todos: todos, Dash: s.homeDashboard(r, rq)}
	v.Charts = v.Dash != nil && !v.Dash.D.District && !rq.auth.Actor.Has(domain.RoleLeader)
	v.Crumbs = nil
	s.render(w, r, http.StatusOK, "home", v)
	return nil
}
