package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/domain"
)

// errHandled tells the api wrapper that the handler wrote the response itself (a download).
var errHandled = errors.New("response written")

var errNotFound = domain.NotFound()

type apiFunc func(w http.ResponseWriter, r *http.Request, rq *request) (any, error)

// api wraps a JSON endpoint: an identity is required (bearer token or a finished web login);
// cookie-authenticated state changes need the CSRF header.
func (s *Server) api(status int, h apiFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rq := reqOf(r)
		switch {
		case rq.auth == nil:
			s.apiError(w, r, domain.Errorf(domain.EUnauthorized, "err.unauthorized"))
			return
		case !rq.auth.Ready():
			s.apiError(w, r, domain.Errorf(domain.EForbidden, "err.login_incomplete"))
			return
		case !csrfOK(r, rq):
			s.apiError(w, r, domain.Errorf(domain.EForbidden, "err.csrf"))
			return
		}
		if err := checkInput(r); err != nil {
			s.apiError(w, r, err)
			return
		}
		body, err := h(w, r, rq)
		if err == errHandled {
			return
		}
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		writeJSON(w, status, body)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	enc.Encode(v)
}

type apiErrorBody struct {
	Error apiErrorDetail `json:"error"`
}

type apiErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	Rule    string `json:"rule,omitempty"` // the governance rule that refused (issue 11)
	// Fields lists every field problem when validation found more than one (Field is the
	// first, as before), so that a client can show them all at once; and every governance
	// rule a gate found violated, even one alone.
	Fields []apiFieldError `json:"fields,omitempty"`
}

type apiFieldError struct {
	Field   string `json:"field"`
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message"`
}

func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	markSecurity(r, err)
	e := domain.AsError(err)
	st := errorStatus(err)
	if st == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="archgov"`)
	}
	d := apiErrorDetail{Code: string(e.Code), Message: s.message(r, err), Field: e.Field, Rule: e.Rule}
	if len(e.More) > 0 || e.Rule != "" {
		for _, x := range e.Fields() {
			d.Fields = append(d.Fields, apiFieldError{Field: x.Field, Rule: x.Rule, Message: s.message(r, x)})
		}
	}
	writeJSON(w, st, apiErrorBody{d})
}

// decode reads a JSON body strictly: unknown fields and trailing data are errors, so a typo in
// a field name is reported instead of silently ignored.
func decode(r *http.Request, v any) error {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return badRequest("", "err.json")
	}
	if err := checkJSON(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return badRequest(te.Field, "err.json.type", te.Field)
		}
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			f = strings.Trim(f, `"`)
			return badRequest(f, "err.json.unknown_field", f)
		}
		return badRequest("", "err.json")
	}
	if dec.More() {
		return badRequest("", "err.json")
	}
	return nil
}

type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func pageOf[T any](p app.Page[T]) list[T] {
	l := list[T]{Items: p.Items}
	if l.Items == nil {
		l.Items = []T{}
	}
	if p.NextCursor != 0 {
		l.NextCursor = encodeCursor(p.NextCursor)
	}
	return l
}

func limitOf(r *http.Request) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return app.ClampLimit(0), nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, badRequest("limit", "err.limit")
	}
	return app.ClampLimit(n), nil
}

// meBody is the caller's own account; must_change_password is the account's (a bearer token
// works regardless, but the person still has to change it at their next web login).
type meBody struct {
	*domain.User
	Ready bool `json:"ready"` // this identity may use the API (no pending login step)
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	return meBody{User: rq.auth.User, Ready: rq.auth.Ready()}, nil
}

// unitsAPI is the organisation tree's JSON API; moving, deactivating and reactivating a unit
// are rows of api_routes.go.
func (s *Server) unitsAPI() apiRegister {
	return apiRegister{base: "/api/v1/units", tag: "units", one: "Unit", many: "Units", the: "unit", these: "units",
		filters: []param{
			qString("q", "Name or code contains (名称或编码包含)."),
			qOf[domain.UnitKind]("kind", "Only units of this kind."),
			qInt("parent_id", "Only direct children of this unit."),
			qFlag("active", "`true`/`1` only active units, anything else only deactivated ones; absent: both."),
			qFlag("missing", "`1`/`true`: only units the ORG-1 rule finds without their 责任人 or 联系人 (a live finding of ORG-1.people-missing; GET /api/v1/findings lists them)."),
		},
		list: pageList(s, byRequest(unitFilter), byID,
			(*app.Service).Units, nil).says("List units",
			"Units are readable by every government user (组织机构公开); phone numbers are masked as the caller requires. Keyset-paginated in id order."),
		create: createFrom[unitCreate, domain.Unit, *domain.Unit](s, (*app.Service).CreateUnit, nil, nil).body("The new unit.").says("Create a unit",
			"System admin only (系统管理员). Audited as unit.create."),
		get: recordAt(s, (*app.Service).Unit).says("Get a unit", "One unit, phones masked as the caller requires."),
		update: thenRead(s, func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, in app.UnitEdit) (*domain.Unit, error) {
			if _, err := svc.Unit(ctx, a, id); err != nil {
				return nil, err // a unit the caller may not see is not found, before any permission check
			}
			return svc.UpdateUnit(ctx, a, id, in)
		}, (*app.Service).Unit).body("Fields to change and the version they are based on.").says("Edit a unit",
			"Partial edit with optimistic concurrency. Audited as unit.update."),
	}
}

// unitFilter reads the units list's filters.
func unitFilter(r *http.Request) (app.UnitFilter, error) {
	q := filtersOf(r)
	f := app.UnitFilter{Query: q.text("q"), After: q.cursor(), ParentID: q.num("parent_id"), Kind: oneOf(q, "kind", domain.UnitKinds),
		Active: q.yesNo("active")}
	if q.flag("missing") {
		f.Finding = domain.RulePeopleMissing // ORG-1: what the rules found
	}
	return f, q.err
}

// unitCreate is a new unit; its 责任人 and 联系人 are named by an edit once it has accounts (ORG-1).
type unitCreate struct {
	Code     string          `json:"code"`
	Name     string          `json:"name"`
	Kind     domain.UnitKind `json:"kind"`
	ParentID int64           `json:"parent_id"`
}

// Apply fills in a new unit.
func (in unitCreate) Apply(u *domain.Unit) {
	*u = domain.Unit{Code: in.Code, Name: in.Name, Kind: in.Kind, ParentID: in.ParentID}
}

type unitMoveBody struct {
	Version  int64 `json:"version"`
	ParentID int64 `json:"parent_id"`
}

// apiUnitMove moves the unit under a new parent.
func (s *Server) apiUnitMove() apiFunc {
	return thenRead(s, func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, in unitMoveBody) (*domain.Unit, error) {
		return svc.MoveUnit(ctx, a, id, in.ParentID, in.Version)
	}, (*app.Service).Unit).h
}

type versionBody struct {
	Version int64 `json:"version"`
}

// apiUnitActive deactivates or reactivates the unit.
func (s *Server) apiUnitActive(active bool) apiFunc {
	return thenRead(s, func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, in versionBody) (*domain.Unit, error) {
		return svc.SetUnitActive(ctx, a, id, in.Version, active)
	}, (*app.Service).Unit).h
}

// usersAPI is the accounts' JSON API; the account's other operations (disable, enable, reset
// its password, unlock, set its roles) are rows of api_routes.go.
func (s *Server) usersAPI() apiRegister {
	return apiRegister{base: "/api/v1/users", tag: "users", one: "User", many: "Users", the: "account", these: "accounts",
		filters: []param{qString("q", "Username or name contains."), qInt("unit_id", "Only accounts of this unit.")},
		list: pageList(s, byRequest(userFilter), byID,
			(*app.Service).Users, nil).says("List accounts",
			"The accounts in the caller's scope: all for the administrators and the info office; for unit roles, the accounts of their units and their own. Keyset-paginated in id order."),
		create: apiOp{h: s.apiUserCreate, in: userCreateBody{}, out: userCreated{}, inDoc: "The new account."}.says("Create an account",
			"System admin only. The answer carries a one-time password that must be changed at first login. Audited as user.create."),
		get: recordAt(s, (*app.Service).User).says("Get an account",
			"An account outside the caller's scope answers 404 (a 联系人 of one bureau never learns about another bureau's accounts)."),
		update: withBody(s, (*app.Service).UpdateUser).body("Fields to change and the version.").says("Edit an account",
			"System admin only, never their own account. An administrator's account (sysadmin, secadmin, auditadmin) answers 403 (三权分立: the operator changes it at the command line). Audited as user.update."),
	}
}

// userFilter reads the accounts list's filters.
func userFilter(r *http.Request) (app.UserFilter, error) {
	q := filtersOf(r)
	f := app.UserFilter{Query: q.q.Get("q"), After: q.cursor(), UnitID: q.num("unit_id")}
	return f, q.err
}

type userCreateBody struct {
	Username string `json:"username"`
	Name     string `json:"name"`
	Phone    string `json:"phone"`
	UnitID   int64  `json:"unit_id"`
}

type userCreated struct {
	*domain.User
	OneTimePassword string `json:"one_time_password"`
}

func (s *Server) apiUserCreate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	var in userCreateBody
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	u, pw, err := s.svc.CreateUser(r.Context(), rq.auth.Actor, app.NewUser{Username: in.Username, Name: in.Name, Phone: in.Phone, UnitID: in.UnitID})
	if err != nil {
		return nil, err
	}
	return userCreated{User: u, OneTimePassword: pw}, nil
}

// apiUserDisabled disables or enables the account.
func (s *Server) apiUserDisabled(disabled bool) apiFunc {
	return thenRead(s, func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, in versionBody) (*domain.User, error) {
		return svc.SetUserDisabled(ctx, a, id, in.Version, disabled)
	}, (*app.Service).User).h
}

type resetBody struct {
	OneTimePassword string `json:"one_time_password"`
}

func (s *Server) apiUserReset(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	pw, err := s.svc.ResetPassword(r.Context(), rq.auth.Actor, id, "")
	return resetBody{pw}, err
}

func (s *Server) apiUserUnlock(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	if err := s.svc.Unlock(r.Context(), rq.auth.Actor, id); err != nil {
		return nil, err
	}
	return s.svc.User(r.Context(), rq.auth.Actor, id)
}

type rolesBody struct {
	Version int64    `json:"version"`
	Roles   []string `json:"roles"` // "role" or "role:UNITCODE"
}

func (s *Server) apiUserRoles(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in rolesBody
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	gs := make([]domain.Grant, 0, len(in.Roles))
	for _, spec := range in.Roles {
		g, err := domain.ParseGrant(spec)
		if err != nil {
			return nil, err
		}
		gs = append(gs, g)
	}
	return s.svc.SetGrants(r.Context(), rq.auth.Actor, id, in.Version, gs)
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	f, err := auditFilter(r)
	if err != nil {
		return nil, err
	}
	f.Limit = limit
	p, err := s.svc.AuditSearch(r.Context(), rq.auth.Actor, f)
	return pageOf(p), err
}

func (s *Server) apiAuditRecord(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.AuditRecord(r.Context(), rq.auth.Actor, id)
}

type verifyBody struct {
	OK      bool   `json:"ok"`
	Checked int    `json:"checked"`
	BadID   int64  `json:"bad_id,omitempty"`
	Reason  string `json:"reason,omitempty"`
}

func (s *Server) apiAuditVerify(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	if _, err := s.svc.AuditSearch(r.Context(), rq.auth.Actor, app.AuditFilter{Limit: 1}); err != nil {
		return nil, err
	}
	n, err := s.svc.VerifyAudit(r.Context())
	var b *audit.Break
	if errors.As(err, &b) {
		return verifyBody{Checked: n, BadID: b.ID, Reason: b.Reason}, nil
	}
	return verifyBody{OK: err == nil, Checked: n}, err
}

// apiAuditAnchor takes an anchor (audit.Anchor) and answers it as the body; a broken chain is
// answered 409 naming the break, and nothing is anchored.
func (s *Server) apiAuditAnchor(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	an, err := s.svc.AuditAnchor(r.Context(), rq.auth.Actor)
	var b *audit.Break
	if errors.As(err, &b) {
		return nil, &domain.Error{Code: domain.EConflict, Message: "audit.verify_broken", Args: []any{b.Error()}}
	}
	return an, err
}

// policyBody is the security policy with durations in the units people set them in.
type policyBody struct {
	Version              int64         `json:"version"`
	MinLength            int           `json:"min_length"`
	MinClasses           int           `json:"min_classes"`
	History              int           `json:"history"`
	MaxAgeDays           int           `json:"max_age_days"`
	LockThreshold        int           `json:"lock_threshold"`
	LockMinutes          int           `json:"lock_minutes"`
	IdleTimeoutMinutes   int           `json:"idle_timeout_minutes"`
	AbsoluteTimeoutHours int           `json:"absolute_timeout_hours"`
	TOTPRoles            []domain.Role `json:"totp_roles"`
}

func toPolicyBody(p domain.PasswordPolicy, v int64) policyBody {
	roles := p.TOTPRoles
	if roles == nil {
		roles = []domain.Role{}
	}
	return policyBody{Version: v, MinLength: p.MinLength, MinClasses: p.MinClasses, History: p.History,
		MaxAgeDays: int(p.MaxAge / (24 * time.Hour)), LockThreshold: p.LockThreshold, LockMinutes: int(p.LockDuration / time.Minute),
		IdleTimeoutMinutes: int(p.IdleTimeout / time.Minute), AbsoluteTimeoutHours: int(p.AbsoluteTimeout / time.Hour), TOTPRoles: roles}
}

func (s *Server) apiPolicy(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	p, v, err := s.svc.SecurityPolicy(r.Context(), rq.auth.Actor)
	return toPolicyBody(p, v), err
}

func (s *Server) apiPolicyUpdate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	cur, v, err := s.svc.SecurityPolicy(r.Context(), rq.auth.Actor)
	if err != nil {
		return nil, err
	}
	in := toPolicyBody(cur, v)
	in.Version = -1 // the client must say which version it edited; omitted means a conflict
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	p := domain.PasswordPolicy{MinLength: in.MinLength, MinClasses: in.MinClasses, History: in.History,
		MaxAge: time.Duration(in.MaxAgeDays) * 24 * time.Hour, LockThreshold: in.LockThreshold,
		LockDuration: time.Duration(in.LockMinutes) * time.Minute, IdleTimeout: time.Duration(in.IdleTimeoutMinutes) * time.Minute,
		AbsoluteTimeout: time.Duration(in.AbsoluteTimeoutHours) * time.Hour, TOTPRoles: in.TOTPRoles}
	if err := s.svc.UpdatePolicy(r.Context(), rq.auth.Actor, p, in.Version); err != nil {
		return nil, err
	}
	p, v, err = s.svc.SecurityPolicy(r.Context(), rq.auth.Actor)
	return toPolicyBody(p, v), err
}
