package web_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"archgov/internal/testdb"
)

// FuzzAPIBodies sends arbitrary bytes as the JSON body of a write operation the document
// declares (op picks which, modulo their number, so each exec is one request), as the info
// office (who may write nearly everything) over the demo district on SQLite, through the whole
// stack: decode, the service's validation, the store. No answer may be a 5xx, and every answer
// must be the one the document declares (send validates it), so a refusal is a 4xx with the
// Error body — never a 500.
//
//	go test ./internal/web -run '^$' -fuzz FuzzAPIBodies -fuzztime 60s
func FuzzAPIBodies(f *testing.F) {
	d, _ := loadOpenAPI(f)
	type target struct{ method, path string }
	var targets []target
	for key, op := range d.operations() {
		method, path, _ := strings.Cut(key, " ")
		if method == "GET" || !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		rb, _ := d.resolve(op["requestBody"])
		if obj(rb["content"])["application/json"] == nil {
			continue
		}
		path = strings.NewReplacer("{id}", "1", "{mid}", "1").Replace(path)
		targets = append(targets, target{method, path})
	}
	sort.Slice(targets, func(i, j int) bool { return targets[i].path+targets[i].method < targets[j].path+targets[j].method })
	if len(targets) < 30 {
		f.Fatalf("only %d JSON write operations found in the document", len(targets))
	}
	for _, s := range []string{
		`{}`, `{"version":1}`, `{"version":1,"name":"x"}`, `{"version":1,"action":"submit"}`,
		`{"version":1,"planned_date":"9999-12-31T23:59:59Z"}`, `{"version":1,"planned_date":"0001-01-01T00:00:00Z"}`,
		`{"version":1,"go_live":"-0001-01-01T00:00:00Z"}`, `{"unit_id":1,"name":"\u0000"}`, `{"roles":["sysadmin"],"version":1}`,
		`{"version":1,"requested":{"vcpus":9223372036854775807}}`, `{"version":1,"area_m2":1e308}`, `null`, `[]`,
	} {
		f.Add(uint8(len(s)), []byte(s)) // the fuzzer moves them to other operations itself
	}
	s := openSite(f, testdb.Backends(f)[0], siteConfig{})
	f.Fuzz(func(t *testing.T, op uint8, body []byte) {
		if len(body) == 0 {
			return // an empty body is a different request (no Content-Type)
		}
		tg := targets[int(op)%len(targets)]
		r := s.with(t).api(tg.method, tg.path, "weijian", string(body))
		if r.status >= 500 {
			t.Fatalf("%s %s with %q: %d\n%s", tg.method, tg.path, body, r.status, r.body)
		}
		if r.status >= 400 && r.status != http.StatusNotFound {
			r.apiError(t) // an error body with code and message
		}
	})
}
