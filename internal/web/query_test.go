package web_test

import (
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"archgov/internal/testdb"
)

// TestListFiltersRefuseUnknownValues walks every GET operation of the document and, for each
// query filter with a declared shape (an enumeration, a yes/no flag, a number, a date, a
// pattern), sends a value outside it: the answer must be 422 with error.field naming the
// parameter, in every list and export alike — never a 200 that ignored the filter (before,
// /systems?status=zz listed everything) and never a 400 in some lists and a 422 in others.
// Every value the document declares must be accepted, so the document and the parser agree.
func TestListFiltersRefuseUnknownValues(t *testing.T) {
	testdb.WithoutRace(t)
	t.Parallel()
	d, _ := loadOpenAPI(t)
	s := newSite(t, testdb.Backends(t)[0])
	actor := func(path string) string {
		if strings.HasPrefix(path, "/api/v1/audit") {
			return "auditadmin"
		}
		if strings.HasPrefix(path, "/api/v1/experts") || strings.HasPrefix(path, "/api/v1/draws") {
			return "office" // the pool and its draws are the office's
		}
		return "weijian"
	}
	ops := d.operations()
	keys := make([]string, 0, len(ops))
	for k := range ops {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	checked := 0
	for _, key := range keys {
		method, path, _ := strings.Cut(key, " ")
		// Only collection reads filter; the attachments list names one record
		// (entity_type + entity_id), where an unknown kind is an unknown record: 404.
		if method != "GET" || strings.Contains(path, "{") || path == "/api/v1/attachments" || !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		for _, pv := range slicesOf(ops[key]["parameters"]) {
			p, _ := d.resolve(pv)
			name, _ := p["name"].(string)
			if p["in"] != "query" || name == "limit" || name == "cursor" || name == "since" {
				continue
			}
			schema, _ := d.resolve(p["schema"])
			var bad string
			switch {
			case schema["enum"] != nil:
				bad = "zz"
			case schema["type"] == "integer":
				bad = "zz"
			case schema["format"] == "date":
				bad = "2026-13-01"
			case schema["pattern"] != nil:
				bad = "Not a code!"
			default:
				continue // free text (q, actor, class …)
			}
			checked++
			r := s.api(method, path+"?"+url.Values{name: {bad}}.Encode(), actor(path), "")
			if r.status != http.StatusUnprocessableEntity {
				t.Errorf("GET %s?%s=%s: %d, want 422\n%s", path, name, bad, r.status, r.body)
				continue
			}
			code, msg, field := r.apiError(t)
			if code != "invalid" || field != name || !strings.Contains(msg, name) && schema["enum"] != nil {
				t.Errorf("GET %s?%s=%s: error %s field %q %q, want invalid naming %s", path, name, bad, code, field, msg, name)
			}
			for _, v := range slicesOf(schema["enum"]) {
				if v == "" {
					continue
				}
				r := s.api(method, path+"?"+url.Values{name: {v.(string)}}.Encode(), actor(path), "")
				if r.status != http.StatusOK {
					t.Errorf("GET %s?%s=%s (declared): %d, want 200\n%s", path, name, v, r.status, r.body)
				}
			}
		}
	}
	// The lists named in the review, so the walk cannot silently shrink.
	for _, want := range []string{"/api/v1/systems", "/api/v1/systems/export", "/api/v1/feedback", "/api/v1/feedback/stats"} {
		if !slices.Contains(keys, "GET "+want) {
			t.Errorf("GET %s is not in the document", want)
		}
	}
	if checked < 60 {
		t.Errorf("only %d filters checked; the walk over the document finds fewer lists than it should", checked)
	}
	t.Logf("%d filters checked", checked)
}
