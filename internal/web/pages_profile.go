package web

import (
	"net/http"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

type profileView struct {
	Page
	Sessions []*app.Session
	Tokens   []*app.Token
	Current  string
	NewToken string
	TOTPMust bool
	Email    string // where notifications are e-mailed (pages_inbox.go)
}

func (s *Server) profileView(r *http.Request, rq *request) (profileView, error) {
	v := profileView{Page: s.page(r, i18n.T(rq.lang, "nav.profile")), Current: rq.auth.Session.ID}
	v.Crumbs = v.Crumbs[:1]
	var err error
	if v.Sessions, err = s.svc.Sessions(r.Context(), rq.auth); err != nil {
		return v, err
	}
	if v.Tokens, err = s.svc.Tokens(r.Context(), rq.auth); err != nil {
		return v, err
	}
	if v.Email, err = s.svc.UserEmail(r.Context(), rq.auth.Actor, rq.auth.User.ID); err != nil {
		return v, err
	}
	pol, _, err := s.svc.Policy(r.Context())
	v.TOTPMust = pol.RequiresTOTP(rq.auth.User.Grants)
	return v, err
}

func (s *Server) profilePage(w http.ResponseWriter, r *http.Request, rq *request) error {
	v, err := s.profileView(r, rq)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "profile", v)
	return nil
}

func (s *Server) endSession(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.svc.EndSession(r.Context(), rq.auth, r.PathValue("sid")); err != nil {
		return err
	}
	redirect(w, r, "/profile", "flash.session_ended")
	return nil
}

func (s *Server) logoutEverywhere(w http.ResponseWriter, r *http.Request, rq *request) error {
	if _, err := s.svc.LogoutEverywhere(r.Context(), rq.auth); err != nil {
		return err
	}
	s.clearSession(w, r)
	redirect(w, r, "/login", "")
	return nil
}

func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	days, err := formInt(r, "days")
	if err == nil {
		err = s.svc.ConfirmPassword(r.Context(), rq.auth, r.PostFormValue("password"), "password")
	}
	var value string
	if err == nil {
		value, _, err = s.svc.CreateToken(r.Context(), rq.auth.Actor, rq.auth.User.Username, r.PostFormValue("name"), time.Duration(days)*24*time.Hour)
	}
	v, verr := s.profileView(r, rq)
	if verr != nil {
		return verr
	}
	status := http.StatusCreated
	if err != nil {
		if err := s.formErr(r, &v.Page, err); err != nil {
			return err
		}
		status = errorStatus(err)
	}
	v.NewToken = value
	s.render(w, r, status, "profile", v)
	return nil
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.svc.RevokeToken(r.Context(), rq.auth.Actor, rq.auth.User.Username, id, ""); err != nil {
		return err
	}
	redirect(w, r, "/profile", "flash.token_revoked")
	return nil
}

type totpEnrollView struct {
	Page
	Secret string
	URI    string
	Sealed string
	Groups string // the secret in groups of four, easier to type
}

func (s *Server) totpEnrollForm(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.auth.NeedTOTP {
		redirect(w, r, "/login/totp", "")
		return nil
	}
	if rq.auth.User.TOTPEnabled {
		redirect(w, r, "/profile", "")
		return nil
	}
	e, err := s.svc.BeginTOTP(rq.auth, s.totpIssuer())
	if err != nil {
		return err
	}
	s.renderEnroll(w, r, rq, e, nil)
	return nil
}

func (s *Server) totpIssuer() string { return "archgov " + s.cfg.District }

func (s *Server) renderEnroll(w http.ResponseWriter, r *http.Request, rq *request, e app.TOTPEnrollment, err error) {
	title := i18n.T(rq.lang, "totp.enroll")
	v := totpEnrollView{Page: s.page(r, title, crumb{"/profile", i18n.T(rq.lang, "nav.profile")}, crumb{"", title}), Secret: e.Secret, URI: e.URI, Sealed: e.Sealed}
	var groups []string
	for i := 0; i < len(e.Secret); i += 4 {
		groups = append(groups, e.Secret[i:min(i+4, len(e.Secret))])
	}
	v.Groups = strings.Join(groups, " ")
	status := http.StatusOK
	if err != nil {
		v.Error, v.Field = s.message(r, err), domain.AsError(err).Field
		status = errorStatus(err)
	}
	if rq.auth.MustEnroll && v.Flash == "" {
		v.Flash = i18n.T(rq.lang, "totp.required_notice")
	}
	s.render(w, r, status, "totp_enroll", v)
}

func (s *Server) totpEnrollSubmit(w http.ResponseWriter, r *http.Request, rq *request) error {
	if rq.auth.NeedTOTP {
		return domain.Forbidden()
	}
	sealed := r.PostFormValue("sealed")
	if err := s.svc.ConfirmTOTP(r.Context(), rq.auth, sealed, r.PostFormValue("password"), r.PostFormValue("code")); err != nil {
		e, oerr := s.svc.OpenTOTPEnrollment(rq.auth, s.totpIssuer(), sealed)
		if code := domain.ErrorCode(err); (code != domain.EInvalid && code != domain.ELocked) || oerr != nil {
			return err
		}
		s.renderEnroll(w, r, rq, e, err)
		return nil
	}
	redirect(w, r, "/profile", "flash.totp_enabled")
	return nil
}

func (s *Server) totpDisable(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := s.svc.DisableTOTP(r.Context(), rq.auth, r.PostFormValue("password")); err != nil {
		v, verr := s.profileView(r, rq)
		if verr != nil {
			return verr
		}
		if err := s.formErr(r, &v.Page, err); err != nil {
			return err
		}
		s.render(w, r, errorStatus(err), "profile", v)
		return nil
	}
	redirect(w, r, "/profile", "flash.totp_disabled")
	return nil
}

type securityView struct {
	Page
	Policy  domain.PasswordPolicy
	Version int64
	Roles   []domain.Role
}

// Has reports whether role r must use a second factor.
func (v securityView) Has(r domain.Role) bool {
	for _, x := range v.Policy.TOTPRoles {
		if x == r {
			return true
		}
	}
	return false
}

// Minutes, Days and Hours render durations for the form.
func (securityView) Minutes(d time.Duration) int64 { return int64(d / time.Minute) }
func (securityView) Days(d time.Duration) int64    { return int64(d / (24 * time.Hour)) }
func (securityView) Hours(d time.Duration) int64   { return int64(d / time.Hour) }

func (s *Server) securityPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	p, ver, err := s.svc.SecurityPolicy(r.Context(), rq.auth.Actor)
	if err != nil {
		return err
	}
	v := securityView{Page: s.page(r, i18n.T(rq.lang, "nav.security")), Policy: p, Version: ver, Roles: domain.Roles}
	v.Crumbs = v.Crumbs[:1]
	s.render(w, r, http.StatusOK, "security", v)
	return nil
}

func (s *Server) securitySubmit(w http.ResponseWriter, r *http.Request, rq *request) error {
	cur, _, err := s.svc.SecurityPolicy(r.Context(), rq.auth.Actor)
	if err != nil {
		return err
	}
	p := cur
	ver, err := formInt(r, "version")
	num := func(name string, dst *int) {
		if err == nil {
			var n int64
			n, err = formInt(r, name)
			*dst = int(n)
		}
	}
	dur := func(name string, unit time.Duration, dst *time.Duration) {
		if err == nil {
			var n int64
			n, err = formInt(r, name)
			*dst = time.Duration(n) * unit
		}
	}
	num("min_length", &p.MinLength)
	num("min_classes", &p.MinClasses)
	num("history", &p.History)
	dur("max_age", 24*time.Hour, &p.MaxAge)
	num("lock_threshold", &p.LockThreshold)
	dur("lock_duration", time.Minute, &p.LockDuration)
	dur("idle_timeout", time.Minute, &p.IdleTimeout)
	dur("absolute_timeout", time.Hour, &p.AbsoluteTimeout)
	p.TOTPRoles = nil
	for _, role := range r.PostForm["totp_roles"] {
		p.TOTPRoles = append(p.TOTPRoles, domain.Role(role))
	}
	if err == nil {
		err = s.svc.UpdatePolicy(r.Context(), rq.auth.Actor, p, ver)
	}
	if err != nil {
		v := securityView{Page: s.page(r, i18n.T(rq.lang, "nav.security")), Policy: p, Version: ver, Roles: domain.Roles}
		if err := s.formErr(r, &v.Page, err); err != nil {
			return err
		}
		s.render(w, r, errorStatus(err), "security", v)
		return nil
	}
	redirect(w, r, "/settings/security", "flash.saved")
	return nil
}
