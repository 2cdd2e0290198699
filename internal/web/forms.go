package web

import (
	"bytes"
	"context"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// Forms, once for every register (issue 14):
//
//   - bindForm fills an edit struct from a posted form by the struct's JSON names, so a form
//     field is called what the API calls it and no register writes its own reader; what does
//     not parse is collected, every field at once;
//   - a refusal carries every field problem (domain.Problems); formErr spreads them over the
//     page, and each field shows its own message outside its <label>, tied to the control by
//     aria-invalid and aria-describedby (Page.Aria, Page.ErrFor);
//   - a body over the size limit keeps what can be recovered of the form (see keptForm).

// keepField marks a create or edit form whose handler binds it with bindForm: a body over the
// limit is then answered with the form again, holding what came before the limit, instead of a
// bare 413 page. It comes right after the CSRF token, so it is in what is recovered.
const keepField = "_form"

type tooBigKey struct{}

// keptForm handles a form body over the size limit: when the form is one of ours (keepField,
// and the CSRF token, came through), the request goes on with the fields read before the
// limit, marked so that bindForm refuses it before anything is saved. Otherwise it is nil.
// A client that adds the mark to another form gets the start of its own request handled,
// which it could have sent as such; the CSRF check still applies.
func keptForm(r *http.Request, err error) *http.Request {
	if domain.ErrorCode(err) != codeTooLarge || r.PostForm.Get(keepField) == "" {
		return nil
	}
	return r.WithContext(context.WithValue(r.Context(), tooBigKey{}, err))
}

// keptBody keeps what is read of a urlencoded body, so that the part before the size limit
// can still be read as a form (recover). It holds at most the limit (maxBody), once more.
type keptBody struct {
	io.ReadCloser
	read bytes.Buffer
}

func (b *keptBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.read.Write(p[:n])
	return n, err
}

// recover sets the request's form to what came of a urlencoded body cut at the size limit:
// the pairs before the last '&' (the one after it may be cut short), then the query's.
func (b *keptBody) recover(r *http.Request) {
	s := string(b.read.Bytes())
	if i := strings.LastIndexByte(s, '&'); i >= 0 {
		s = s[:i]
	} else {
		s = ""
	}
	r.PostForm, _ = url.ParseQuery(s)
	r.Form = url.Values{}
	for k, v := range r.PostForm {
		r.Form[k] = v
	}
	for k, v := range r.URL.Query() {
		r.Form[k] = append(r.Form[k], v...)
	}
}

// formTooLarge names the limit a form body went over.
func formTooLarge() *domain.Error {
	return &domain.Error{Code: codeTooLarge, Message: "err.form_too_large", Args: []any{maxBody >> 20}}
}

// bindForm fills dst, a pointer to an edit struct, from the posted form: each field by its
// JSON name (only those named in only, when given), when the form sends it, so that a field
// an edit form does not show stays as it is. Lists (checkbox groups, multiple selects) and
// booleans (check boxes) are set even when absent, since a browser sends nothing for "none"
// and "unchecked". Strings, whole numbers, dates (yyyy-mm-dd), booleans and lists of strings
// or of IDs (several values, or one with the IDs separated by commas) are read, alone or
// behind a pointer; other fields are the caller's. What does not parse is a field error; all
// of them are returned at once, after the refusal of a body over the size limit if there was
// one.
func bindForm(r *http.Request, dst any, only ...string) error {
	var errs domain.Problems
	if err, _ := r.Context().Value(tooBigKey{}).(error); err != nil {
		errs.Add(formTooLarge())
	}
	v := reflect.ValueOf(dst).Elem()
	t := v.Type()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name == "" && t.Field(i).Tag == "" {
			name = snake(t.Field(i).Name)
		}
		if name == "" || name == "-" || (len(only) > 0 && !slices.Contains(only, name)) {
			continue
		}
		errs.Add(bindField(r, name, v.Field(i)))
	}
	return errs.Err()
}

// snake names a field without a JSON name as JSON would if it had one: UnitID is unit_id.
func snake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, c := range rs {
		if i > 0 && unicode.IsUpper(c) && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(c))
	}
	return b.String()
}

// bound reads the posted form into a new T with bindForm.
func bound[T any](r *http.Request, only ...string) (T, error) {
	var v T
	err := bindForm(r, &v, only...)
	return v, err
}

// typed copies what a form sent (a set field of an edit) onto the record shown again after a
// refusal.
func typed[T any](dst, src *T) {
	if src != nil {
		*dst = *src
	}
}

var dayType = reflect.TypeFor[time.Time]()

// bindField sets one field, leaving alone what the form does not send and kinds it does not
// read.
func bindField(r *http.Request, name string, f reflect.Value) error {
	t := f.Type()
	elem := t
	if t.Kind() == reflect.Pointer {
		elem = t.Elem()
	}
	values, sent := r.PostForm[name]
	one := strings.TrimSpace(r.PostForm.Get(name))
	val := reflect.New(elem).Elem()
	switch {
	case elem == dayType:
		if !sent {
			return nil
		}
		d, err := parseDay(name, one)
		if err != nil {
			return err
		}
		if !d.IsZero() {
			d = domain.Day(d)
		}
		val.Set(reflect.ValueOf(d))
	case elem.Kind() == reflect.Slice && elem.Elem().Kind() == reflect.String:
		val.Set(reflect.MakeSlice(elem, 0, len(values)))
		for _, s := range values {
			if s = strings.TrimSpace(s); s != "" {
				val.Set(reflect.Append(val, reflect.ValueOf(s).Convert(elem.Elem())))
			}
		}
	case elem.Kind() == reflect.Slice && elem.Elem().Kind() == reflect.Int64:
		val.Set(reflect.MakeSlice(elem, 0, len(values)))
		for _, s := range values {
			for _, p := range strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == '，' || c == '、' || unicode.IsSpace(c) }) {
				n, err := strconv.ParseInt(p, 10, 64)
				if err != nil || n <= 0 {
					return domain.Invalid(name, "err.ids")
				}
				val.Set(reflect.Append(val, reflect.ValueOf(n).Convert(elem.Elem())))
			}
		}
	case elem.Kind() == reflect.Bool:
		val.SetBool(one != "" && one != "0" && one != "false")
	case !sent:
		return nil
	case elem.Kind() == reflect.String:
		val.SetString(r.PostForm.Get(name)) // as typed: the domain trims what it keeps
	case elem.Kind() == reflect.Int || elem.Kind() == reflect.Int64:
		if one == "" {
			break
		}
		n, err := strconv.ParseInt(one, 10, 64)
		if err != nil || val.OverflowInt(n) {
			return domain.Invalid(name, "err.number")
		}
		val.SetInt(n)
	default:
		return nil
	}
	if elem.Kind() == reflect.Slice && val.Len() == 0 && t.Kind() != reflect.Pointer {
		return nil // a plain list stays nil for none; behind a pointer, empty clears it
	}
	if t.Kind() == reflect.Pointer {
		p := reflect.New(elem)
		p.Elem().Set(val)
		val = p
	}
	f.Set(val)
	return nil
}

// formErr spreads a refusal over a form: every field problem by its field, the first as the
// page's message; a stale version, a rule or a body over the limit is the page's message only.
// Other errors are returned.
func (s *Server) formErr(r *http.Request, p *Page, err error) error {
	e := domain.AsError(err)
	switch e.Code {
	case domain.EInvalid, domain.EConflict, domain.EUnprocessable, codeTooLarge:
	default:
		return err
	}
	p.Error, p.Field = s.message(r, err), e.Field
	p.Errors = map[string]string{}
	for _, x := range e.Fields() {
		if x.Rule != "" && x.Field == "" { // a governance rule's refusal (issue 11): every one is listed
			p.RuleErrors = append(p.RuleErrors, ruleError{Rule: x.Rule, Message: s.message(r, x)})
			continue
		}
		if _, seen := p.Errors[x.Field]; x.Field != "" && !seen {
			p.Errors[x.Field] = s.message(r, x)
		}
	}
	if e.Rule != "" && e.Field == "" { // the list says each rule; the alert says what happened
		p.Error = i18n.T(reqOf(r).lang, "rules.refused")
	}
	return nil
}

// ruleError is a governance rule that refused a step (issue 11): its ID and its message, the
// clauses in 【】 first (err.rules.violation).
type ruleError struct{ Rule, Message string }

// FieldErr returns the message about field f, "" when there is none. A page may also name
// the field of its one message in Field (a step's refusal shown at its place).
func (p *helpers) FieldErr(f string) string {
	if msg, ok := p.Errors[f]; ok {
		return msg
	}
	if p.Field == f {
		return p.Error
	}
	return ""
}

// Aria ties a control to its field's message: aria-invalid and aria-describedby naming the
// message's id (ErrFor), nothing when the field is fine.
func (p *helpers) Aria(f string) template.HTMLAttr {
	if p.FieldErr(f) == "" {
		return ""
	}
	return template.HTMLAttr(` aria-invalid="true" aria-describedby="` + template.HTMLEscapeString(errID(f)) + `"`)
}

// ErrFor is the message of field f, outside its <label>, with the id Aria points to.
func (p *helpers) ErrFor(f string) template.HTML {
	msg := p.FieldErr(f)
	if msg == "" {
		return ""
	}
	return template.HTML(`<span class="field-error" id="` + template.HTMLEscapeString(errID(f)) + `">` + template.HTMLEscapeString(msg) + `</span>`)
}

func errID(field string) string { return "err-" + field }
