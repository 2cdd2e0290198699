package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// markSecurity notes on the request what its error says about it for the security-event log:
// a CSRF failure, or a 404 that authorization gave for a record that exists. It changes
// nothing the client sees.
func markSecurity(r *http.Request, err error) {
	rq := reqOf(r)
	switch {
	case errors.Is(err, domain.ErrHidden):
		rq.secKind = audit.EventHidden
	case domain.AsError(err).Message == "err.csrf":
		rq.secKind = audit.EventCSRF
	}
}

// securityEvent records a refused request (403, 404 on a route, 429 lockout) as a security
// event (等保 2.0 §8.1.4.3). It runs after the answer is complete, for every such answer alike,
// so a 404 for a hidden record and one for a missing record cost and look the same. The
// service rate-limits what is written.
func (s *Server) securityEvent(r *http.Request, rq *request, status int) {
	if r.Pattern == "" || strings.HasPrefix(r.URL.Path, "/static/") {
		return // no route: scanners' noise, nothing targeted
	}
	var kind string
	switch status {
	case http.StatusForbidden:
		kind = audit.EventForbidden
		if rq.secKind == audit.EventCSRF {
			kind = audit.EventCSRF
		}
	case http.StatusNotFound:
		kind = audit.EventNotFound
		if rq.secKind == audit.EventHidden {
			kind = audit.EventHidden
		}
	case http.StatusTooManyRequests:
		kind = audit.EventLockout
	default:
		return
	}
	e := &audit.SecurityEvent{IP: rq.ip, Kind: kind, Method: r.Method, Route: r.Pattern, Status: status}
	if rq.auth != nil && rq.auth.User != nil {
		e.ActorID, e.Actor = rq.auth.User.ID, rq.auth.User.Username
	} else if rq.secActor != "" {
		e.Actor = clip(strings.ToLower(strings.TrimSpace(rq.secActor)), 64)
	}
	e.TargetType, e.TargetID = target(r)
	s.svc.RecordSecurityEvent(r.Context(), e)
}

// target names what a route is about: the first path segment after /api/v1 and the {id}.
func target(r *http.Request) (kind, id string) {
	_, path, _ := strings.Cut(r.Pattern, " ")
	if path == "" {
		path = r.Pattern
	}
	path = strings.TrimPrefix(path, "/api/v1")
	kind, _, _ = strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if strings.HasPrefix(kind, "{") {
		kind = ""
	}
	return clip(kind, 64), clip(r.PathValue("id"), 64)
}

// clip cuts s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// securityFilter reads the search form of the security events; "to" is inclusive of that day.
func securityFilter(r *http.Request) (app.SecurityEventFilter, error) {
	q := r.URL.Query()
	f := app.SecurityEventFilter{Actor: q.Get("actor"), IP: strings.TrimSpace(q.Get("ip"))}
	var err error
	if f.Kind, err = queryEnum(q, "kind", audit.EventKinds); err != nil {
		return f, err
	}
	f.From, f.To, f.Before, err = logWindow(q)
	return f, err
}

type secEventsView struct {
	Page
	Events  []*audit.SecurityEvent
	Kinds   []string
	Q       url.Values
	Next    template.URL
	Pending int64
}

// secEventsPage is the audit admin's 安全事件 tab.
func (s *Server) secEventsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	title := i18n.T(rq.lang, "secev.title")
	v := secEventsView{Page: s.page(r, title, crumb{"/audit", i18n.T(rq.lang, "nav.audit")}, crumb{"", title}), Kinds: audit.EventKinds, Q: r.URL.Query()}
	f, err := securityFilter(r)
	var p app.Page[*audit.SecurityEvent]
	if err == nil {
		f.Limit = 50
		p, err = s.svc.SecurityEvents(r.Context(), rq.auth.Actor, f)
	}
	if err != nil {
		if err := s.formErr(r, &v.Page, err); err != nil {
			return err
		}
		s.render(w, r, errorStatus(err), "audit_security", v)
		return nil
	}
	v.Events, v.Pending = p.Items, s.svc.SecurityEventsPending()
	if p.NextCursor != 0 {
		nq := r.URL.Query()
		nq.Set("cursor", encodeCursor(p.NextCursor))
		v.Next = template.URL(nq.Encode())
	}
	s.render(w, r, http.StatusOK, "audit_security", v)
	return nil
}

func (s *Server) apiSecurityEvents(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	f, err := securityFilter(r)
	if err != nil {
		return nil, err
	}
	f.Limit = limit
	p, err := s.svc.SecurityEvents(r.Context(), rq.auth.Actor, f)
	return pageOf(p), err
}
