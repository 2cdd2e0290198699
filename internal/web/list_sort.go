package web

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"archgov/internal/app"
)

// listSort reads ?sort= of a registry list: one of allowed, where "" and "id" are the
// registration order (app.SortID).
func listSort(r *http.Request, allowed []app.ListSort) (app.ListSort, error) {
	q := r.URL.Query()
	if strings.TrimSpace(q.Get("sort")) == "id" {
		return app.SortID, nil
	}
	names := append([]app.ListSort{"id"}, allowed...)
	return queryEnum(q, "sort", names)
}

// Sorted list cursors are opaque to clients and self-contained: base64 of "sort|id|key", the
// sort they belong to and the last row's id and sort key, so continuing a list reads no other
// row (a cursor cannot probe records outside the actor's scope). The registration order keeps
// the plain id cursor of the other lists.
func encodeSortCursor(o app.ListSort, key string, id int64) string {
	if o == app.SortID {
		return encodeCursor(id)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(string(o) + "|" + strconv.FormatInt(id, 10) + "|" + key))
}

// decodeSortCursor reads a cursor of the list in order o; one that does not decode, or that
// belongs to another order, is a bad request naming the field cursor.
func decodeSortCursor(s string, o app.ListSort) (key string, id int64, err error) {
	if o == app.SortID || s == "" {
		id, err = decodeCursor(s)
		return "", id, err
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	parts := strings.SplitN(string(b), "|", 3)
	if err != nil || len(parts) != 3 || parts[0] != string(o) {
		return "", 0, badRequest("cursor", "err.cursor")
	}
	id, err = strconv.ParseInt(parts[1], 10, 64)
	if err != nil || id <= 0 || !o.ValidKey(parts[2]) {
		return "", 0, badRequest("cursor", "err.cursor")
	}
	return parts[2], id, nil
}

// nextSortCursor is the cursor of the page after p in order o ("" on the last page).
func nextSortCursor[T any](p app.Page[T], o app.ListSort, key func(app.ListSort, T) string) string {
	if p.NextCursor == 0 || len(p.Items) == 0 {
		return ""
	}
	return encodeSortCursor(o, key(o, p.Items[len(p.Items)-1]), p.NextCursor)
}

// sortedPageOf is pageOf for a list in order o.
func sortedPageOf[T any](p app.Page[T], o app.ListSort, key func(app.ListSort, T) string) list[T] {
	l := pageOf(p)
	l.NextCursor = nextSortCursor(p, o, key)
	return l
}

// sortOption is one choice of a list's sort select.
type sortOption struct {
	Value    string
	Label    string
	Selected bool
}

// sortOptions lists the orders of a list for its sort select, the current one selected.
func sortOptions(p Page, allowed []app.ListSort, current string) []sortOption {
	out := make([]sortOption, len(allowed))
	for i, o := range allowed {
		v := string(o)
		if o == app.SortID {
			v = ""
		}
		out[i] = sortOption{Value: v, Label: p.T("listsort." + sortName(o)), Selected: v == current || (v == "" && current == "id")}
	}
	return out
}

func sortName(o app.ListSort) string {
	if o == app.SortID {
		return "id"
	}
	return string(o)
}

// sortLinks gives, for each order, the list's current query in that order from its first page
// (the column headers link there).
func sortLinks(r *http.Request, allowed []app.ListSort) map[string]template.URL {
	out := make(map[string]template.URL, len(allowed))
	for _, o := range allowed {
		q := r.URL.Query()
		q.Del("cursor")
		q.Del("page")
		if o == app.SortID {
			q.Del("sort")
		} else {
			q.Set("sort", string(o))
		}
		out[sortName(o)] = template.URL(q.Encode())
	}
	return out
}
