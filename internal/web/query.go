package web

import (
	"net/url"
	"slices"
	"strings"

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
	feedbackBoxes = []string{"all", "reported", "todo", "confirm"} // GET /api/v1/feedback?box=
	sharingTabs   = []string{"mine", "answer"}                     // GET /api/v1/sharing-requests?tab=
	nameSorts     = []string{"id", "name"}                         // websites and new media: ?sort=
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
