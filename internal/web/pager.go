package web

import (
	"context"
	"html/template"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// Every list page ends with one pager (templates/partials/pager.html): the total (共 N 条),
// page numbers with previous and next, each link the list's own address with its filters and
// order, only ?page= changed. The store pages by key (a cursor), not by offset, so page n is
// read as the first n×listPageSize rows of the filtered list and cut; the total comes from the
// register's count where it has one, else from the whole (small) list.

// listPageSize is the number of rows of a list page.
const listPageSize = 50

// pager is what the pager partial shows. A log too long to count and read by key (the audit
// log) has Total -1 and only First (when not on it) and Next (see keyPager).
type pager struct {
	Total      int
	Page       int // 1-based
	First      template.URL
	Pages      int
	Prev, Next template.URL // query strings; "" at either end
	Links      []pageLink
}

// pageLink is one page number; Gap is the ellipsis between distant numbers.
type pageLink struct {
	N       int
	URL     template.URL
	Current bool
	Gap     bool
}

// pageNumber reads ?page= (1 when absent); anything but a positive number is a 422 naming page.
func pageNumber(r *http.Request) (int, error) {
	v := strings.TrimSpace(r.URL.Query().Get("page"))
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, domain.Invalid("page", "err.number")
	}
	return n, nil
}

// listPage reads page n of a list. fetch reads the list from its start, at most limit rows
// (0: all of it); count gives the total of the filtered list, or is nil when the list is small
// enough to be counted by reading it whole.
func listPage[T any](r *http.Request, fetch func(limit int) ([]T, error), count func() (int, error)) ([]T, pager, error) {
	n, err := pageNumber(r)
	if err != nil {
		return nil, pager{}, err
	}
	limit := n * listPageSize
	if count == nil {
		limit = 0
	}
	items, err := fetch(limit)
	if err != nil {
		return nil, pager{}, err
	}
	// Fewer rows than asked for are the whole filtered list: their number is the total.
	total := len(items)
	if count != nil && len(items) == limit {
		if total, err = count(); err != nil {
			return nil, pager{}, err
		}
	}
	start := min((n-1)*listPageSize, len(items))
	items = items[start:min(start+listPageSize, len(items))]
	return items, newPager(r, total, n), nil
}

// listOf reads page n of a register's list as the request's actor: list is the service's list
// of the records matching f, read from its start with f's Limit set (listPage); count is its
// count of f, or nil for a list counted by reading it whole.
func listOf[T, F any](s *Server, r *http.Request, f F, list func(*app.Service, context.Context, domain.Actor, F) (app.Page[*T], error),
	count func(*app.Service, context.Context, domain.Actor, F) (int, error)) ([]*T, pager, error) {
	a := reqOf(r).auth.Actor
	var total func() (int, error)
	if count != nil {
		total = func() (int, error) { return count(s.svc, r.Context(), a, f) }
	}
	return listPage(r, func(limit int) ([]*T, error) {
		setLimit(&f, limit)
		p, err := list(s.svc, r.Context(), a, f)
		return p.Items, err
	}, total)
}

// listFrom is listOf of the filters filter reads from the request (its refusal is the page's).
func listFrom[T, F any](s *Server, r *http.Request, filter func(*http.Request) (F, error),
	list func(*app.Service, context.Context, domain.Actor, F) (app.Page[*T], error),
	count func(*app.Service, context.Context, domain.Actor, F) (int, error)) ([]*T, pager, error) {
	f, err := filter(r)
	if err != nil {
		return nil, pager{}, err
	}
	return listOf(s, r, f, list, count)
}

// setLimit sets the page size of a list's filter f (a pointer to a filter with a Limit).
func setLimit(f any, n int) { reflect.ValueOf(f).Elem().FieldByName("Limit").SetInt(int64(n)) }

// newPager builds the links of page n of a list of total rows at the request's address.
func newPager(r *http.Request, total, n int) pager {
	p := pager{Total: total, Page: n, Pages: max(1, (total+listPageSize-1)/listPageSize)}
	at := func(k int) template.URL {
		q := r.URL.Query()
		q.Del("cursor") // a key cursor of the API would shift every page
		q.Del("flash")
		if k > 1 {
			q.Set("page", strconv.Itoa(k))
		} else {
			q.Del("page")
		}
		return template.URL(q.Encode())
	}
	if n > 1 {
		p.Prev = at(min(n-1, p.Pages))
	}
	if n < p.Pages {
		p.Next = at(n + 1)
	}
	if p.Pages == 1 {
		return p
	}
	// The first, the last and two either side of the current one; a gap (…) marks what is left out.
	last := 0
	for k := 1; k <= p.Pages; k++ {
		if k != 1 && k != p.Pages && (k < n-2 || k > n+2) {
			continue
		}
		switch {
		case last != 0 && k == last+2: // a gap of one page: its number takes no more room
			p.Links = append(p.Links, pageLink{N: k - 1, URL: at(k - 1)})
		case last != 0 && k > last+2:
			p.Links = append(p.Links, pageLink{Gap: true})
		}
		p.Links = append(p.Links, pageLink{N: k, URL: at(k), Current: k == n})
		last = k
	}
	return p
}

// filtersOnly is the list's query without its paging (cursor, page) and without the names in
// drop: the filters an export link carries.
func filtersOnly(r *http.Request, drop ...string) template.URL {
	q := r.URL.Query()
	for _, k := range append([]string{"cursor", "page", "flash"}, drop...) {
		q.Del(k)
	}
	return template.URL(q.Encode())
}

// keyPager is the pager of a log read by key (cursor): no total and no numbers, the first page
// and the next one (next is the cursor of the next page, "" on the last).
func keyPager(r *http.Request, next string) pager {
	p := pager{Total: -1, Page: 1, Pages: 1}
	if r.URL.Query().Get("cursor") != "" {
		p.First = filtersOnly(r)
	}
	if next != "" {
		q := r.URL.Query()
		q.Del("flash")
		q.Set("cursor", next)
		p.Next = template.URL(q.Encode())
	}
	return p
}
