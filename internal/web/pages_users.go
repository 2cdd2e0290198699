package web

import (
	"net/http"
	"strings"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

type usersView struct {
	Page
	Users     []*domain.User
	Query     string
	UnitID    int64
	Units     []treeNode
	NoRoles   bool
	Pager     pager
	CanCreate bool
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	q := r.URL.Query()
	v := usersView{Page: s.page(r, i18n.T(rq.lang, "nav.users")), Query: strings.TrimSpace(q.Get("q")), NoRoles: q.Get("noroles") == "1"}
	v.Crumbs = v.Crumbs[:1]
	var err error
	if v.UnitID, err = formInt(r, "unit"); err != nil {
		return err
	}
	// The accounts of a district are hundreds: read whole, the role-less ones picked here.
	v.Users, v.Pager, err = listPage(r, func(int) ([]*domain.User, error) {
		p, err := s.svc.Users(r.Context(), rq.auth.Actor, app.UserFilter{Query: v.Query, UnitID: v.UnitID})
		var out []*domain.User
		for _, u := range p.Items {
			if !v.NoRoles || (len(u.Grants) == 0 && !u.Disabled) {
				out = append(out, u)
			}
		}
		return out, err
	}, nil)
	if err != nil {
		return err
	}
	units, err := s.svc.Units(r.Context(), rq.auth.Actor, app.UnitFilter{})
	if err != nil {
		return err
	}
	v.Units = flatten(units.Items)
	v.CanCreate = authz.Can(rq.auth.Actor, authz.UserCreate, authz.Resource{Kind: authz.KindUser}) == nil
	s.render(w, r, http.StatusOK, "users", v)
	return nil
}

type userView struct {
	Page
	User       *domain.User
	Units      []treeNode
	Roles      []domain.Role
	CanEdit    bool
	CanDisable bool
	CanReset   bool
	CanGrant   bool
	OneTime    string // a freshly generated password, shown once
	Email      string // where the account's notifications are e-mailed (pages_inbox.go)
}

func (s *Server) userView(r *http.Request, rq *request, id int64) (userView, error) {
	u, err := s.svc.User(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return userView{}, err
	}
	v := userView{Page: s.page(r, u.Name, crumb{"/users", i18n.T(rq.lang, "nav.users")}, crumb{"", u.Name})}
	for _, role := range domain.Roles {
		// Administrator roles are granted at the command line only (三权分立): not offered here.
		if !role.Admin() {
			v.Roles = append(v.Roles, role)
		}
	}
	v.User = u
	if v.Email, err = s.svc.UserEmail(r.Context(), rq.auth.Actor, u.ID); err != nil {
		return v, err
	}
	a := rq.auth.Actor
	res := authz.User(u)
	v.CanEdit = authz.Can(a, authz.UserUpdate, res) == nil
	v.CanDisable = authz.Can(a, authz.UserDisable, res) == nil
	v.CanReset = authz.Can(a, authz.UserResetPassword, res) == nil
	v.CanGrant = authz.Can(a, authz.UserGrantRoles, res) == nil
	if v.CanEdit || v.CanGrant {
		units, err := s.svc.Units(r.Context(), a, app.UnitFilter{})
		if err != nil {
			return v, err
		}
		v.Units = flatten(units.Items)
	}
	return v, nil
}

type userNewView struct {
	Page
	Form  app.NewUser
	Units []treeNode
}

func (s *Server) userNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := authz.Can(rq.auth.Actor, authz.UserCreate, authz.Resource{Kind: authz.KindUser}); err != nil {
		return err
	}
	return s.renderUserNew(w, r, rq, app.NewUser{}, nil)
}

func (s *Server) renderUserNew(w http.ResponseWriter, r *http.Request, rq *request, n app.NewUser, err error) error {
	title := i18n.T(rq.lang, "user.new")
	v := userNewView{Page: s.page(r, title, crumb{"/users", i18n.T(rq.lang, "nav.users")}, crumb{"", title}), Form: n}
	units, uerr := s.svc.Units(r.Context(), rq.auth.Actor, app.UnitFilter{})
	if uerr != nil {
		return uerr
	}
	v.Units = flatten(units.Items)
	status := http.StatusOK
	if err != nil {
		if err := s.formErr(r, &v.Page, err); err != nil {
			return err
		}
		status = errorStatus(err)
	}
	s.render(w, r, status, "user_new", v)
	return nil
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	var n app.NewUser
	if err := bindForm(r, &n, "username", "name", "phone", "unit_id"); err != nil {
		return s.renderUserNew(w, r, rq, n, err)
	}
	u, pw, err := s.svc.CreateUser(r.Context(), rq.auth.Actor, n)
	if err != nil {
		return s.renderUserNew(w, r, rq, n, err)
	}
	return s.showOneTime(w, r, rq, http.StatusCreated, u.ID, pw, "flash.user_created")
}

// showOneTime shows user id's page with a freshly generated password, once, and flash.
func (s *Server) showOneTime(w http.ResponseWriter, r *http.Request, rq *request, status int, id int64, pw, flash string) error {
	v, err := s.userView(r, rq, id)
	if err != nil {
		return err
	}
	v.OneTime = pw
	v.Flash = i18n.T(rq.lang, flash)
	s.render(w, r, status, "user", v)
	return nil
}

func (s *Server) userUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var e app.UserEdit
	if err = bindForm(r, &e); err == nil {
		_, err = s.svc.UpdateUser(r.Context(), rq.auth.Actor, id, e)
	}
	return s.saved(w, r, err, "user", "/users/"+itoa(id), func() (any, *Page, error) {
		v, err := s.userView(r, rq, id)
		if err == nil { // the form keeps what was typed
			form := *v.User
			form.Version = e.Version
			typed(&form.Name, e.Name)
			typed(&form.Phone, e.Phone)
			typed(&form.UnitID, e.UnitID)
			v.User = &form
		}
		return &v, &v.Page, err
	})
}

func (s *Server) userSetDisabled(disabled bool) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, rq *request) error {
		id, ver, err := idVersion(r)
		if err != nil {
			return err
		}
		if _, err := s.svc.SetUserDisabled(r.Context(), rq.auth.Actor, id, ver, disabled); err != nil {
			return err
		}
		flash := "flash.user_enabled"
		if disabled {
			flash = "flash.user_disabled"
		}
		redirect(w, r, "/users/"+itoa(id), flash)
		return nil
	}
}

func (s *Server) userReset(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	pw, err := s.svc.ResetPassword(r.Context(), rq.auth.Actor, id, "")
	if err != nil {
		return err
	}
	return s.showOneTime(w, r, rq, http.StatusOK, id, pw, "flash.password_reset")
}

func (s *Server) userUnlock(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := s.svc.Unlock(r.Context(), rq.auth.Actor, id); err != nil {
		return err
	}
	redirect(w, r, "/users/"+itoa(id), "flash.unlocked")
	return nil
}

// userRoles replaces the roles: the kept ones are checked boxes "keep" (role[:UNITCODE]), and
// one more may be added with "add_role" and "add_unit".
func (s *Server) userRoles(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	var gs []domain.Grant
	for _, k := range r.PostForm["keep"] {
		g, err := domain.ParseGrant(k)
		if err != nil {
			return err
		}
		gs = append(gs, g)
	}
	if role := r.PostFormValue("add_role"); role != "" {
		spec := role
		if unit := strings.TrimSpace(r.PostFormValue("add_unit")); unit != "" {
			spec += ":" + unit
		}
		g, err := domain.ParseGrant(spec)
		if err == nil {
			gs = append(gs, g)
		} else {
			return s.rolesFailed(w, r, rq, id, err)
		}
	}
	if _, err := s.svc.SetGrants(r.Context(), rq.auth.Actor, id, ver, gs); err != nil {
		return s.rolesFailed(w, r, rq, id, err)
	}
	redirect(w, r, "/users/"+itoa(id), "flash.roles_saved")
	return nil
}

func (s *Server) rolesFailed(w http.ResponseWriter, r *http.Request, rq *request, id int64, err error) error {
	v, verr := s.userView(r, rq, id)
	if verr != nil {
		return verr
	}
	return s.refused(w, r, err, "user", &v, &v.Page)
}
