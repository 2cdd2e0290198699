// Package web is archgov's HTTP adapter: server-rendered pages (html/template, htmx) and the
// JSON API under /api/v1, over the same use cases. Handlers are thin: they parse input, call
// one app.Service method and render the result; the use case authorizes and audits. One
// function (errorStatus) maps error kinds to HTTP statuses for both.
package web

import (
	"context"
	"crypto/subtle"
	"embed"
	"errors"

	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/i18n"
)

//go:embed templates static
var assets embed.FS

// Config is what the web adapter needs to know about its deployment.
type Config struct {
	District      string // shown in the top bar, e.g. 相城区
	SecureCookies bool   // force the Secure flag (set when TLS ends at a proxy)
	TrustProxy    bool   // take the client address from X-Forwarded-For (behind a load balancer)
	Version       string
	Logger        *slog.Logger
	DocFont       string // the PDF documents' CJK TrueType font (-doc-font); empty: the known Debian paths (pages_offdocs.go)
}

// Server serves the UI and the API.
type Server struct {
	svc     *app.Service
	cfg     Config
	log     *slog.Logger
	pages   *pages
	mux     *http.ServeMux
	metrics *metrics
	routes  []string // "METHOD /pattern", for the OpenAPI test
	demo    bool     // the database holds the demo district (marked in the UI)
	fonts   docFonts // the official documents' PDF font, read once (pages_offdocs.go)

	todoMu    sync.Mutex
	todoCache map[int64]todoCounted   // user → to-do count, see todoCount
	todoBusy  map[int64]chan struct{} // user → a count in progress
}

type todoCounted struct {
	n  int
	at time.Time
}

// New builds a Server. It parses every template now, so a broken view fails the start rather
// than a request.
func New(svc *app.Service, cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.District == "" {
		cfg.District = "相城区"
	}
	p, err := parsedPages()
	if err != nil {
		return nil, err
	}
	s := &Server{svc: svc, cfg: cfg, log: cfg.Logger, pages: p, mux: http.NewServeMux(), demo: svc.IsDemo(context.Background()),
		todoCache: map[int64]todoCounted{}, todoBusy: map[int64]chan struct{}{}}
	s.metrics = newMetrics(svc.Collectors())
	svc.LoginFailed = s.metrics.loginFailures.Inc
	s.routesInit()
	return s, nil
}

// Routes lists the registered "METHOD /pattern" routes.
func (s *Server) Routes() []string { return s.routes }

func (s *Server) handle(pattern string, h http.HandlerFunc) {
	s.routes = append(s.routes, pattern)
	s.mux.HandleFunc(pattern, h)
}

// maxBody bounds request bodies: forms and JSON are small, and an unbounded body would let
// anyone fill memory (and, through the login form, the audit log).
const maxBody = 1 << 20

// Handler is the whole application with its middleware.
func (s *Server) Handler() http.Handler {
	return s.recover(s.observe(s.headers(noStoreDownloads(s.limit(s.identify(s.mux))))))
}

func (s *Server) limit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(maxBody)
		if strings.HasSuffix(r.URL.Path, "/import") && r.Method == http.MethodPost {
			limit = s.maxUpload() // workbooks
		}
		if (r.URL.Path == "/attachments" || r.URL.Path == "/api/v1/attachments") && r.Method == http.MethodPost {
			// Evidence files: the configured limit plus room for the form around the file, so
			// a file just over the limit gets the precise message from the use case.
			limit = s.svc.MaxAttachment() + 64<<10
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if strings.HasPrefix(r.URL.Path, "/api/") {
			// The mux answers a wrong method with plain text; API clients get the error shape.
			w = &apiMethodWriter{ResponseWriter: w, s: s, r: r}
		}
		next.ServeHTTP(w, r)
	})
}

// apiMethodWriter turns the mux's plain-text 405 into the API's JSON error.
type apiMethodWriter struct {
	http.ResponseWriter
	s       *Server
	r       *http.Request
	swallow bool
}

func (w *apiMethodWriter) WriteHeader(code int) {
	if code == http.StatusMethodNotAllowed && !w.swallow && strings.HasPrefix(w.Header().Get("Content-Type"), "text/plain") {
		w.swallow = true
		w.Header().Del("X-Content-Type-Options")
		writeJSON(w.ResponseWriter, code, apiErrorBody{apiErrorDetail{Code: "method_not_allowed",
			Message: i18n.T(reqOf(w.r).lang, "err.method", w.r.Method)}})
		return
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *apiMethodWriter) Write(b []byte) (int, error) {
	if w.swallow {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

func (w *apiMethodWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

type ctxKey int

const reqKey ctxKey = 0

// request is what the middleware learns about a request.
type request struct {
	id      string
	lang    i18n.Lang
	ip      string
	auth    *app.Auth
	viaAPI  bool // authenticated by bearer token: CSRF does not apply
	expired bool // the session cookie was valid but timed out
	status  int

	// For the security-event log (security_events.go): set where an error is answered.
	secKind  string // audit.EventCSRF or audit.EventHidden; otherwise decided by the status
	secActor string // a refused login's username (no identity yet)
}

func reqOf(r *http.Request) *request {
	if rq, ok := r.Context().Value(reqKey).(*request); ok {
		return rq
	}
	return &request{lang: i18n.ZH}
}

func (s *Server) recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "err", v, "stack", string(debug.Stack()), "path", r.URL.Path)
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe assigns the request ID, logs the request and records its metrics.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rq := &request{id: gm.RandomToken(9), ip: s.clientIP(r)}
		// Pages are Chinese unless the user picks English (the lang cookie): government PCs
		// often run English browsers. API clients choose with Accept-Language.
		rq.lang = i18n.ZH
		if strings.HasPrefix(r.URL.Path, "/api/") {
			rq.lang = i18n.Parse(r.Header.Get("Accept-Language"))
		}
		if c, err := r.Cookie("lang"); err == nil {
			rq.lang = i18n.Parse(c.Value)
		}
		w.Header().Set("X-Request-ID", rq.id)
		sw := &statusWriter{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), reqKey, rq))
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		s.securityEvent(r, rq, sw.status)
		d := time.Since(start)
		s.metrics.observe(route, sw.status, d)
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		attrs := []any{"request_id", rq.id, "method", r.Method, "path", r.URL.Path, "route", route, "status", sw.status,
			"duration_ms", float64(d.Microseconds()) / 1000, "ip", rq.ip}
		if rq.auth != nil {
			attrs = append(attrs, "user", rq.auth.User.Username)
		}
		s.log.Log(r.Context(), level, "request", attrs...)
	})
}

// clientIP is the address that lockout counts and the audit log records. Behind our own proxy it
// is the last X-Forwarded-For entry, the one that proxy wrote: earlier entries come from the
// client and could be anything.
func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if vs := r.Header.Values("X-Forwarded-For"); len(vs) > 0 {
			parts := strings.Split(vs[len(vs)-1], ",")
			if ip := net.ParseIP(strings.TrimSpace(parts[len(parts)-1])); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// headers sets the security headers every response carries (等保: no inline script, no
// framing, no MIME sniffing).
func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		if s.secure(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) secure(r *http.Request) bool {
	return s.cfg.SecureCookies || r.TLS != nil
}

const sessionCookie = "archgov_session"

// identify resolves the bearer token or the session cookie. It never refuses: the route's
// wrapper decides whether it needs an identity.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rq := reqOf(r)
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			next.ServeHTTP(w, r)
			return
		}
		if h := r.Header.Get("Authorization"); h != "" {
			tok, ok := strings.CutPrefix(h, "Bearer ")
			a, err := s.svc.TokenAuth(r.Context(), strings.TrimSpace(tok), rq.ip)
			if !ok || err != nil {
				if err == nil || domain.ErrorCode(err) == domain.EUnauthorized {
					err = domain.Errorf(domain.EUnauthorized, "err.token.invalid")
				}
				s.apiError(w, r, err)
				return
			}
			rq.auth, rq.viaAPI = a, true
		} else if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			a, err := s.svc.SessionAuth(r.Context(), c.Value, rq.ip)
			switch domain.ErrorCode(err) {
			case "":
				rq.auth = a
			case domain.EUnauthorized:
				s.clearSession(w, r)
				rq.expired = domain.AsError(err).Message == "err.session.expired"
			default:
				s.fail(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) setSession(w http.ResponseWriter, r *http.Request, value string) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: value, Path: "/", HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

func (s *Server) clearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: s.secure(r)})
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// csrfOK checks the session's CSRF token on a state-changing request made with the session
// cookie: in the form field "csrf" or the X-CSRF-Token header (htmx). Bearer-token requests
// carry no ambient credentials and are exempt.
func csrfOK(r *http.Request, rq *request) bool {
	if !unsafeMethod(r.Method) || rq.viaAPI {
		return true
	}
	if rq.auth == nil || rq.auth.Session == nil {
		return false
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(rq.auth.Session.CSRF)) == 1
}

// loginCSRFOK protects the login form itself (login CSRF) with a double-submit cookie, as
// there is no session yet.
func loginCSRFOK(r *http.Request) bool {
	c, err := r.Cookie("archgov_pre")
	got := r.PostFormValue("csrf")
	return err == nil && c.Value != "" && subtle.ConstantTimeCompare([]byte(got), []byte(c.Value)) == 1
}

// errorStatus is the one mapping from error kinds to HTTP statuses.
func errorStatus(err error) int {
	switch domain.ErrorCode(err) {
	case domain.EInvalid, domain.EUnprocessable:
		return http.StatusUnprocessableEntity
	case domain.ENotFound:
		return http.StatusNotFound
	case domain.EUnauthorized:
		return http.StatusUnauthorized
	case domain.EForbidden:
		return http.StatusForbidden
	case domain.EConflict:
		return http.StatusConflict
	case domain.ELocked:
		return http.StatusTooManyRequests
	case codeBadRequest:
		return http.StatusBadRequest
	case codeTooLarge:
		return http.StatusRequestEntityTooLarge
	case codeUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// codeTooLarge is a request body over the limit.
const codeTooLarge domain.Code = "too_large"

// parseForm reads a form body once, so an oversized one is answered 413 instead of looking
// like a missing CSRF token.
func parseForm(r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(formMemory)
	} else {
		kept := &keptBody{ReadCloser: r.Body}
		r.Body = kept
		err = r.ParseForm()
		if errors.As(err, new(*http.MaxBytesError)) {
			kept.recover(r) // forms.go: what came before the limit
		}
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &domain.Error{Code: codeTooLarge, Message: "err.too_large"}
	}
	return nil // other parse errors surface as missing fields
}

// codeBadRequest is a malformed request (bad JSON, a bad cursor): the web adapter's own kind.
const codeBadRequest domain.Code = "bad_request"

func badRequest(field, key string, args ...any) *domain.Error {
	return &domain.Error{Code: codeBadRequest, Field: field, Message: key, Args: args}
}

// message renders an error for the user in their language; internal errors are logged with
// the request ID and shown only as "internal error" with that ID.
func (s *Server) message(r *http.Request, err error) string {
	rq := reqOf(r)
	e := domain.AsError(err)
	if e.Code == domain.EInternal {
		s.log.Error("internal error", "request_id", rq.id, "err", err)
		return i18n.T(rq.lang, "err.internal", rq.id)
	}
	msg := i18n.T(rq.lang, e.Message, e.Args...)
	if e.Field != "" && e.Code == domain.EInvalid {
		if label := fieldLabel(rq.lang, e.Message, e.Field); label != "" {
			msg = i18n.T(rq.lang, label) + "：" + msg
			if rq.lang == i18n.EN {
				msg = i18n.T(rq.lang, label) + ": " + i18n.T(rq.lang, e.Message, e.Args...)
			}
		}
	}
	return msg
}

// fieldLabel is the label key of the field an error names: the register's own label when the
// message is the register's (err.rect.items_line on items: rectfield.items, 整改事项), else the
// shared one (field.items is a sharing request's 申请信息项); "" when there is none.
func fieldLabel(lang i18n.Lang, message, field string) string {
	if rest, ok := strings.CutPrefix(message, "err."); ok {
		if ns, _, ok := strings.Cut(rest, "."); ok && i18n.Has(lang, ns+"field."+field) {
			return ns + "field." + field
		}
	}
	if i18n.Has(lang, "field."+field) {
		return "field." + field
	}
	return ""
}

// fail answers err for whichever kind of route the request is on.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.apiError(w, r, err)
		return
	}
	s.pageError(w, r, err)
}
