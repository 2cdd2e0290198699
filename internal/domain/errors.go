// Package domain holds archgov's entities, their validation and the rules that decide what a
// change may do. It imports neither net/http nor database/sql: adapters depend on it, never the
// other way round.
package domain

import (
	"errors"
	"fmt"
	"strings"
)

// Code is the kind of an error. One function in the web adapter maps codes to HTTP statuses,
// so use cases never think about HTTP.
type Code string

const (
	EInvalid       Code = "invalid"       // bad input: 400/422, names the field
	ENotFound      Code = "not_found"     // missing, or hidden from the actor: 404
	EUnauthorized  Code = "unauthorized"  // not logged in: 401
	EForbidden     Code = "forbidden"     // visible but not allowed: 403
	EConflict      Code = "conflict"      // stale version or illegal state change: 409
	ELocked        Code = "locked"        // login locked out: 429
	EInternal      Code = "internal"      // everything else: 500, details only in the log
	EUnprocessable Code = "unprocessable" // well-formed but refused by a rule: 422
)

// Error is archgov's error type. Message is a message-catalog key (see package i18n) so the
// web adapter can show it in the user's language; Args fill in its %v verbs.
type Error struct {
	Code    Code
	Field   string // the offending field, for forms and API clients
	Message string // i18n key, e.g. "err.password.too_short"
	Args    []any
	Rule    string   // the governance rule that refused (internal/rules), its ID; "" for others
	Err     error    // wrapped cause (internal errors)
	More    []*Error // the further field errors found by the same validation (see Problems)
}

func (e *Error) Error() string {
	s := string(e.Code) + ": " + e.Message
	if e.Field != "" {
		s += " (" + e.Field + ")"
	}
	if len(e.Args) > 0 {
		s += fmt.Sprint(" ", e.Args)
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Fields lists every problem e carries: e itself first, then the others found with it, so
// that a form can show them all at once.
func (e *Error) Fields() []*Error { return append([]*Error{e}, e.More...) }

// Problems collects the field errors of one validation, in the order of the checks; a field
// keeps its first problem (a missing value is not also reported as too long). Err gives the
// first with the others in More, so whoever reads one field (the API's error.field) still
// sees the one a check-and-return validation would have given.
type Problems []*Error

// Add records err unless it is nil or its field already has a problem.
func (p *Problems) Add(err error) {
	if err == nil {
		return
	}
	e := AsError(err)
	for _, x := range e.Fields() {
		if x.Field == "" || !p.Has(x.Field) {
			x := *x
			x.More = nil
			*p = append(*p, &x)
		}
	}
}

// Check records the problem key in field when bad holds, and reports bad.
func (p *Problems) Check(bad bool, field, key string, args ...any) bool {
	if bad {
		p.Add(Invalid(field, key, args...))
	}
	return bad
}

// Has reports whether field already has a problem.
func (p Problems) Has(field string) bool {
	for _, e := range p {
		if e.Field == field {
			return true
		}
	}
	return false
}

// Err is nil without problems, otherwise the first one carrying the others.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	first := *p[0]
	first.More = p[1:]
	return &first
}

// trimSpace trims what people paste into forms and spreadsheets from each of the fields.
func trimSpace(fields ...*string) {
	for _, p := range fields {
		*p = strings.TrimSpace(*p)
	}
}

// Errorf builds an error of the given code with a message key and arguments.
func Errorf(code Code, key string, args ...any) *Error {
	return &Error{Code: code, Message: key, Args: args}
}

// Invalid reports bad input in one field.
func Invalid(field, key string, args ...any) *Error {
	return &Error{Code: EInvalid, Field: field, Message: key, Args: args}
}

// NotFound is what the actor sees for a missing record and for a record it may not see alike,
// so that existence is never leaked.
func NotFound() *Error { return &Error{Code: ENotFound, Message: "err.not_found"} }

// ErrHidden is the cause of the NotFound that authorization gives for a record the actor may
// not see. Users get exactly the NotFound of a missing record (the cause is never shown); only
// the security-event log tells the two apart.
var ErrHidden = errors.New("hidden from the actor")

// Hidden is NotFound for a record that authorization hides from the actor.
func Hidden() *Error { return &Error{Code: ENotFound, Message: "err.not_found", Err: ErrHidden} }

// Conflict reports a stale version: someone else changed the record first.
func Conflict() *Error { return &Error{Code: EConflict, Message: "err.conflict.version"} }

// Forbidden reports a refusal of an action on something the actor may see.
func Forbidden() *Error { return &Error{Code: EForbidden, Message: "err.forbidden"} }

// ErrorCode returns the code of err, EInternal for foreign errors and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// AsError returns err as *Error, wrapping foreign errors as internal.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: EInternal, Message: "err.internal", Err: err}
}
