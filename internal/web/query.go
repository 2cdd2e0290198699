package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// The filters of every list and export — page, API and xlsx alike — are read with these
// helpers, so a value a list does not know is refused the same way everywhere: 422 (invalid),
// error.field naming the query parameter, and a message listing what is allowed. Ignoring an
// unknown value would silently widen a list or an export to everything; answering 400 in some
// lists and 422 in others made clients handle one mistake two ways. Paging (cursor, limit)
// stays a 400: those values come from the server, not from a person.

// queryEnum reads the query parameter name, one of allowed or empty (no filter).
func queryEnum[T ~string](q url.Values, name string, allowed []T) (T, error) {
	v := T(strings.TrimSpace(q.Get(name)))
	if v == "" || slices.Contains(allowed, v) {
		return v, nil
	}
	names := make([]string, 0, len(allowed))
	for _, a := range allowed {
		if a != "" {
			names = append(names, string(a))
		}
	}
	return "", domain.Invalid(name, "err.query_enum", name, string(v), strings.Join(names, ", "))
}

// Values of filters that are no domain enumeration, read by the handlers with queryEnum and
// documented from the same lists by the route table (api_routes.go).
var (
	feedbackBoxes = []string{"all", "reported", "todo", "confirm", "provided"} // GET /api/v1/feedback?box=
	sharingTabs   = []string{"mine", "answer"}                                 // GET /api/v1/sharing-requests?tab=
	nameSorts     = []string{"id", "name"}                                     // websites and new media: ?sort=
)

// flagValues are what a yes/no filter accepts: the pages' check boxes send "1".
var flagValues = []string{"1", "true", "0", "false"}

// queryFlag reads a yes/no filter: "1" or "true" is yes; "0", "false" or absent is no.
func queryFlag(q url.Values, name string) (bool, error) {
	v, err := queryEnum(q, name, flagValues)
	return v == "1" || v == "true", err
}

// queryTristate reads a yes/no filter that may be left open: "" (either), "1" (yes), "0" (no).
func queryTristate(q url.Values, name string) (string, error) {
	switch v, err := queryEnum(q, name, flagValues); v {
	case "1", "true":
		return "1", nil
	case "0", "false":
		return "0", nil
	default:
		return "", err
	}
}

// filters reads a list's filters one line each: a reader gives the parameter's value (zero when
// it is absent or refused) and keeps the first refusal, which the filter returns once all are
// read (err). They are read in the order written, so the refusal is the first bad parameter in
// that order, as when each was checked in turn.
type filters struct {
	r   *http.Request
	q   url.Values
	err error
}

func filtersOf(r *http.Request) *filters { return &filters{r: r, q: r.URL.Query()} }

// keep remembers err if it is the first refusal.
func (f *filters) keep(err error) {
	if f.err == nil {
		f.err = err
	}
}

// text is the parameter name, trimmed ("" when absent): a search.
func (f *filters) text(name string) string { return strings.TrimSpace(f.q.Get(name)) }

// num is the whole number name (formInt: an id, a year), 0 when absent.
func (f *filters) num(name string) int64 {
	n, err := formInt(f.r, name)
	f.keep(err)
	return n
}

// day is the day name (yyyy-mm-dd, China time; parseDay), the zero time when absent. A refusal
// names the parameter and the value, as queryEnum's does: the page shows only the message.
func (f *filters) day(name string) time.Time {
	t, err := parseDay(name, f.q.Get(name))
	if err != nil {
		err = domain.Invalid(name, "err.query_date", name, strings.TrimSpace(f.q.Get(name)))
	}
	f.keep(err)
	return t
}

// answered is the window of answer days the lists of sharing requests and data-correction
// reports are narrowed to by answered_from and answered_to (both inclusive): [from, the day
// after to), what the overview's answer-time figures count.
func (f *filters) answered() (from, to time.Time) {
	from, to = f.day("answered_from"), f.day("answered_to")
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1)
	}
	return from, to
}

// flag is the yes/no filter name (queryFlag).
func (f *filters) flag(name string) bool {
	v, err := queryFlag(f.q, name)
	f.keep(err)
	return v
}

// cursor is the keyset cursor of a list in id order (decodeCursor).
func (f *filters) cursor() int64 {
	n, err := decodeCursor(f.q.Get("cursor"))
	f.keep(err)
	return n
}

// sort is the order of a list that offers sorts (listSort).
func (f *filters) sort(allowed []app.ListSort) app.ListSort {
	o, err := listSort(f.r, allowed)
	f.keep(err)
	return o
}

// sortCursor is the cursor of a list in order o: the last row's sort key and id (decodeSortCursor).
func (f *filters) sortCursor(o app.ListSort) (string, int64) {
	key, id, err := decodeSortCursor(f.q.Get("cursor"), o)
	f.keep(err)
	return key, id
}

// oneOf is the parameter name, one of allowed or "" (queryEnum).
func oneOf[T ~string](f *filters, name string, allowed []T) T {
	v, err := queryEnum(f.q, name, allowed)
	f.keep(err)
	return v
}

// tristate is the yes/no filter name that may be left open: "", "1" or "0" (queryTristate).
func (f *filters) tristate(name string) string {
	v, err := queryTristate(f.q, name)
	f.keep(err)
	return v
}

// yesNo is the tristate filter name as an optional yes.
func (f *filters) yesNo(name string) *bool {
	v := f.tristate(name)
	if v == "" {
		return nil
	}
	yes := v == "1"
	return &yes
}
