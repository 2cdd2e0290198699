package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// What any request may carry, checked once for every route behind the ui, step and api
// wrappers (serve and api call checkQuery and checkForm; decode calls checkJSON), so that no
// list or form can forget it:
//
//   - every query parameter is at most maxParam characters (maxRedirectParam for the return
//     addresses next and back): a search or filter is short, and a 50,000-byte q made SQLite
//     refuse the LIKE pattern ("pattern too complex") with a 500;
//   - no value of a query parameter, form field or JSON string holds invalid UTF-8 or a
//     control character other than tab, line feed and carriage return (a textarea sends CR LF):
//     PostgreSQL refuses NUL and invalid UTF-8 with a 500, SQLite stores them and the exports
//     turn them into U+FFFD, so a round trip would not give back what was stored.
//
// The answer is a 422 naming the field. Tab and line breaks stay allowed in every field;
// single-line fields are the domain's business.
const (
	maxParam         = 200
	maxRedirectParam = 2048
)

// textOK reports whether s is valid UTF-8 without control characters other than tab and line
// breaks.
func textOK(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' {
			return false
		}
	}
	return true
}

// inputError names field: through its label when it has one (the message adds it in front),
// in the message otherwise.
func inputError(field, key string, args ...any) error {
	if i18n.Has(i18n.ZH, "field."+field) {
		return domain.Invalid(field, key, args...)
	}
	return domain.Invalid(field, key+"_named", append([]any{field}, args...)...)
}

// textError is the refusal of a value that textOK refused.
func textError(field, v string) error {
	if !utf8.ValidString(v) {
		return inputError(field, "err.input.utf8")
	}
	return inputError(field, "err.input.control")
}

// checkQuery applies the input rules to the query string.
func checkQuery(r *http.Request) error {
	return checkValues(r.URL.Query(), true)
}

// checkForm applies the character rule to a parsed form body (urlencoded or multipart; the
// names of uploaded files are the attachment rules' business).
func checkForm(r *http.Request) error {
	return checkValues(r.PostForm, false)
}

func checkValues(vs url.Values, bounded bool) error {
	for name, values := range vs {
		if !textOK(name) {
			return textError(name, name)
		}
		for _, v := range values {
			if !textOK(v) {
				return textError(name, v)
			}
			if !bounded {
				continue
			}
			limit := maxParam
			if name == "next" || name == "back" {
				limit = maxRedirectParam
			}
			if utf8.RuneCountInString(v) > limit {
				return inputError(name, "err.input.too_long", limit)
			}
		}
	}
	return nil
}

// checkJSON applies the character rule to every key and string of a JSON body, naming the
// field by its path (items.name); a body that is not JSON is left to the decoder to report.
func checkJSON(body []byte) error {
	type frame struct {
		object  bool
		key     string
		wantKey bool
	}
	var stack []*frame
	path := func() string {
		var parts []string
		for _, f := range stack {
			if f.object && f.key != "" {
				parts = append(parts, f.key)
			}
		}
		if len(parts) == 0 {
			return "body"
		}
		return strings.Join(parts, ".")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	prev := int64(0)
	for {
		tok, err := dec.Token()
		if err != nil {
			return nil
		}
		off := dec.InputOffset()
		raw := body[prev:off]
		prev = off
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		isKey := top != nil && top.object && top.wantKey
		if s, ok := tok.(string); ok && isKey {
			top.key, top.wantKey = s, false
			if !utf8.Valid(raw) || !textOK(s) {
				return inputError(path(), "err.input.control")
			}
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, wantKey: true})
			continue
		case json.Delim('['):
			stack = append(stack, &frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		default:
			if s, ok := tok.(string); ok {
				if !utf8.Valid(raw) {
					return inputError(path(), "err.input.utf8")
				}
				if !textOK(s) {
					return inputError(path(), "err.input.control")
				}
			}
		}
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].wantKey = true
		}
	}
}

// checkInput applies the rules to the query string and, on a state change, the form body
// (JSON bodies are checked where they are decoded). The api, ui and step wrappers call it
// after authentication, so an anonymous caller cannot make the server parse a body.
func checkInput(r *http.Request) error {
	if err := checkQuery(r); err != nil {
		return err
	}
	if unsafeMethod(r.Method) && r.PostForm != nil {
		return checkForm(r)
	}
	return nil
}
