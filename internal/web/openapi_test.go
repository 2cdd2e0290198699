package web_test

import (
	"bytes"
	"encoding/json"
	"net/http"

	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/domain"
	"archgov/internal/sheet"
	"archgov/internal/testdb"
	"archgov/internal/web"
)

// oaDoc is the OpenAPI document decoded generically.
type oaDoc map[string]any

func loadOpenAPI(t testing.TB) (oaDoc, []byte) {
	t.Helper()
	raw, err := web.OpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var d oaDoc
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	return d, raw
}

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// resolve follows a local "$ref" ("#/components/...") once.
func (d oaDoc) resolve(v any) (map[string]any, bool) {
	m := obj(v)
	ref, ok := m["$ref"].(string)
	if !ok {
		return m, m != nil
	}
	if !strings.HasPrefix(ref, "#/") {
		return nil, false
	}
	var cur any = map[string]any(d)
	for _, part := range strings.Split(ref[2:], "/") {
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		c := obj(cur)
		if c == nil {
			return nil, false
		}
		if cur, ok = c[part]; !ok {
			return nil, false
		}
	}
	return obj(cur), obj(cur) != nil
}

var oaMethods = []string{"get", "post", "put", "patch", "delete"}

// operations lists "METHOD /path" → operation object.
func (d oaDoc) operations() map[string]map[string]any {
	out := map[string]map[string]any{}
	for p, item := range obj(d["paths"]) {
		for _, m := range oaMethods {
			if op := obj(obj(item)[m]); op != nil {
				out[strings.ToUpper(m)+" "+p] = op
			}
		}
	}
	return out
}

// documentedRoute reports whether a registered mux route must appear in the document.
func documentedRoute(r string) bool {
	switch r {
	case "GET /healthz", "GET /readyz": // GET /metrics here is a deliberate 404 (metrics have a listener of their own)
		return true
	case "GET /api/": // the JSON 404 for unknown API paths
		return false
	}
	for _, m := range []string{"GET", "POST", "PATCH", "PUT", "DELETE"} {
		if strings.HasPrefix(r, m+" /api/") {
			return true
		}
	}
	return false
}

// TestOpenAPIMatchesRoutes keeps the document true: every JSON route the server registers
// is documented with its method, and nothing is documented that the server does not serve.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	t.Parallel()
	d, _ := loadOpenAPI(t)
	if v := d["openapi"]; v != "3.1.0" {
		t.Errorf("openapi = %v, want 3.1.0", v)
	}
	s := newSite(t, testdb.Backends(t)[0])
	routes := map[string]bool{}
	for _, r := range s.srv.Routes() {
		if documentedRoute(r) {
			// Go's {id} wildcards are OpenAPI's path templates; a trailing {x...} is not used.
			if strings.Contains(r, "...}") {
				t.Errorf("route %q has a multi-segment wildcard OpenAPI cannot express", r)
			}
			routes[r] = true
		}
	}
	if len(routes) < 20 {
		t.Fatalf("only %d API routes registered; Routes() is not what this test expects: %v", len(routes), s.srv.Routes())
	}
	ops := d.operations()
	var missing, ghosts []string
	for r := range routes {
		if ops[r] == nil {
			missing = append(missing, r)
		}
	}
	for o := range ops {
		if !routes[o] {
			ghosts = append(ghosts, o)
		}
	}
	sort.Strings(missing)
	sort.Strings(ghosts)
	for _, r := range missing {
		t.Errorf("route %s is not in openapi.json", r)
	}
	for _, o := range ghosts {
		t.Errorf("openapi.json documents %s, which the server does not register", o)
	}
}

// TestOpenAPIOperations checks each operation: a success answer, errors in the one Error
// shape, path parameters declared, security stated (with the CSRF header for cookie writes).
func TestOpenAPIOperations(t *testing.T) {
	t.Parallel()
	d, _ := loadOpenAPI(t)
	comps := obj(d["components"])
	for _, name := range []string{"Unit", "User", "Grant", "AuditRecord", "SecurityPolicy", "Error", "UnitList", "UserList", "AuditList"} {
		if obj(obj(comps["schemas"])[name]) == nil {
			t.Errorf("components/schemas/%s missing", name)
		}
	}
	schemes := obj(comps["securitySchemes"])
	if b := obj(schemes["bearerAuth"]); b["type"] != "http" || b["scheme"] != "bearer" {
		t.Errorf("bearerAuth = %v, want http bearer", b)
	}
	if c := obj(schemes["cookieAuth"]); c["type"] != "apiKey" || c["in"] != "cookie" || c["name"] != "archgov_session" {
		t.Errorf("cookieAuth = %v, want apiKey in cookie archgov_session", c)
	}
	if c := obj(schemes["csrfToken"]); c["in"] != "header" || c["name"] != "X-CSRF-Token" {
		t.Errorf("csrfToken = %v, want apiKey in header X-CSRF-Token", c)
	}

	paramRe := regexp.MustCompile(`\{([^}]+)\}`)
	public := map[string]bool{"GET /healthz": true, "GET /readyz": true, "GET /metrics": true, "GET /api/v1/openapi.json": true}
	ops := d.operations()
	keys := make([]string, 0, len(ops))
	for k := range ops {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, key := range keys {
		op := ops[key]
		method, path, _ := strings.Cut(key, " ")
		if id, _ := op["operationId"].(string); id == "" {
			t.Errorf("%s: no operationId", key)
		}
		if desc, _ := op["description"].(string); desc == "" {
			t.Errorf("%s: no description", key)
		}
		resps := obj(op["responses"])
		ok2xx := false
		for code, rv := range resps {
			r, found := d.resolve(rv)
			if !found {
				t.Errorf("%s %s: response does not resolve: %v", key, code, rv)
				continue
			}
			if strings.HasPrefix(code, "2") {
				ok2xx = true
			}
			if strings.HasPrefix(code, "4") {
				schema := obj(obj(obj(r["content"])["application/json"])["schema"])
				if schema["$ref"] != "#/components/schemas/Error" {
					t.Errorf("%s %s: error response schema = %v, want the Error schema", key, code, schema)
				}
			}
		}
		if !ok2xx {
			t.Errorf("%s: no 2xx response", key)
		}
		if !public[key] && resps["401"] == nil {
			t.Errorf("%s: authenticated operation without a 401 response", key)
		}
		// Any API call can meet a session with a pending login step (403); a list or export
		// refuses a paging value it did not issue (400) and a filter value it does not know (422).
		if !public[key] && strings.HasPrefix(path, "/api/") && resps["403"] == nil {
			t.Errorf("%s: API operation without a 403 response (login step pending)", key)
		}
		// Every API operation checks every query parameter and body field it is sent, declared
		// or not (too long, control characters: internal/web/input.go), and refuses with a 422.
		if strings.HasPrefix(path, "/api/") && resps["422"] == nil {
			t.Errorf("%s: API operation without a 422 response (input check)", key)
		}
		for _, pv := range slicesOf(op["parameters"]) {
			p, _ := d.resolve(pv)
			if p["in"] != "query" {
				continue
			}
			code := "422"
			if n := p["name"]; n == "limit" || n == "cursor" || n == "since" {
				code = "400"
			}
			if resps[code] == nil {
				t.Errorf("%s: query parameter %v without a %s response for its refusal", key, p["name"], code)
			}
		}

		// Path parameters: each {x} declared in: path, required; none declared that is not in the path.
		declared := map[string]bool{}
		item := obj(obj(d["paths"])[path])
		for _, pv := range append(slicesOf(item["parameters"]), slicesOf(op["parameters"])...) {
			p, found := d.resolve(pv)
			if !found {
				t.Errorf("%s: parameter does not resolve: %v", key, pv)
				continue
			}
			if p["in"] == "path" {
				declared[p["name"].(string)] = true
				if p["required"] != true {
					t.Errorf("%s: path parameter %v not required", key, p["name"])
				}
			}
		}
		inPath := map[string]bool{}
		for _, m := range paramRe.FindAllStringSubmatch(path, -1) {
			inPath[m[1]] = true
			if !declared[m[1]] {
				t.Errorf("%s: path parameter {%s} not declared", key, m[1])
			}
		}
		for n := range declared {
			if !inPath[n] {
				t.Errorf("%s: declares path parameter %s that the path lacks", key, n)
			}
		}

		// Security: public operations say so; the rest accept a bearer token or the session
		// cookie, and cookie-authenticated writes need the CSRF header as well.
		sec, hasSec := op["security"]
		if !hasSec {
			sec = d["security"]
		}
		reqs := slicesOf(sec)
		if public[key] {
			if len(reqs) != 0 {
				t.Errorf("%s: public operation with security %v", key, reqs)
			}
			continue
		}
		var bearer, cookie, cookieCSRF bool
		for _, rv := range reqs {
			r := obj(rv)
			_, b := r["bearerAuth"]
			_, c := r["cookieAuth"]
			_, x := r["csrfToken"]
			bearer = bearer || (b && len(r) == 1)
			cookie = cookie || c
			cookieCSRF = cookieCSRF || (c && x)
		}
		if !bearer || !cookie {
			t.Errorf("%s: security %v, want bearerAuth or cookieAuth", key, reqs)
		}
		write := method != "GET"
		if write != cookieCSRF {
			t.Errorf("%s: cookie+csrfToken requirement = %v, want %v", key, cookieCSRF, write)
		}
		if write {
			for _, code := range []string{"403"} {
				if resps[code] == nil {
					t.Errorf("%s: write without a %s response (CSRF refusal)", key, code)
				}
			}
		}
	}
}

func slicesOf(v any) []any {
	s, _ := v.([]any)
	return s
}

// TestOpenAPIRefsResolve finds dangling $refs anywhere in the document.
func TestOpenAPIRefsResolve(t *testing.T) {
	t.Parallel()
	d, _ := loadOpenAPI(t)
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				if _, found := d.resolve(x); !found {
					t.Errorf("%s: $ref %q does not resolve", path, ref)
				}
			}
			for k, c := range x {
				walk(path+"/"+k, c)
			}
		case []any:
			for _, c := range x {
				walk(path+"[]", c)
			}
		}
	}
	walk("#", map[string]any(d))
}

// jsonFields lists the JSON names of a struct's fields (embedded structs flattened).
func jsonFields(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			out = append(out, jsonFields(ft)...)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func schemaProps(t *testing.T, d oaDoc, name string) []string {
	t.Helper()
	s := obj(obj(obj(d["components"])["schemas"])[name])
	if s == nil {
		t.Fatalf("no schema %s", name)
	}
	var out []string
	for k := range obj(s["properties"]) {
		out = append(out, k)
	}
	for _, part := range slicesOf(s["allOf"]) {
		if ref, ok := obj(part)["$ref"].(string); ok {
			out = append(out, schemaProps(t, d, strings.TrimPrefix(ref, "#/components/schemas/"))...)
		}
		for k := range obj(obj(part)["properties"]) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// TestOpenAPISchemasMatchTypes compares the documented fields with the JSON the Go types
// actually produce and accept, so a renamed or added field shows up here.
// schemaTypes maps schemas to the Go types they describe; a feature adds its own from an init
// in its test file.
var schemaTypes = map[string]reflect.Type{
	"Unit":        reflect.TypeFor[domain.Unit](),
	"User":        reflect.TypeFor[domain.User](),
	"Grant":       reflect.TypeFor[domain.Grant](),
	"AuditRecord": reflect.TypeFor[audit.Record](),
	"UnitEdit":    reflect.TypeFor[app.UnitEdit](),
	"UserEdit":    reflect.TypeFor[app.UserEdit](),
}

func TestOpenAPISchemasMatchTypes(t *testing.T) {
	t.Parallel()
	d, _ := loadOpenAPI(t)
	for name, typ := range schemaTypes {
		got, want := schemaProps(t, d, name), jsonFields(typ)
		if !slices.Equal(got, want) {
			t.Errorf("schema %s properties = %v, Go type %s has %v", name, got, typ, want)
		}
	}

	// Types private to the web adapter: compare with what the server actually sends.
	s := newSite(t, testdb.Backends(t)[0])
	keys := func(path, actor string) []string {
		var m map[string]any
		s.apiJSON(http.MethodGet, path, actor, "", &m)
		var out []string
		for k := range m {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	for _, c := range []struct{ schema, path, actor string }{
		{"SecurityPolicy", "/api/v1/settings/security", "secadmin"},
		{"Me", "/api/v1/me", "weijian"},
		{"UnitList", "/api/v1/units?limit=1", "weijian"},
		{"UserList", "/api/v1/users?limit=1", "weijian"},
		{"AuditList", "/api/v1/audit?limit=1", "auditadmin"},
	} {
		got := keys(c.path, c.actor)
		want := schemaProps(t, d, c.schema)
		// Optional fields left out of this answer (omitempty) may be documented.
		for _, k := range got {
			if !slices.Contains(want, k) {
				t.Errorf("GET %s sends %q, which schema %s lacks (%v)", c.path, k, c.schema, want)
			}
		}
		req := obj(obj(obj(d["components"])["schemas"])[c.schema])["required"]
		for _, k := range slicesOf(req) {
			if !slices.Contains(got, k.(string)) {
				t.Errorf("schema %s requires %q, which GET %s does not send (%v)", c.schema, k, c.path, got)
			}
		}
	}
	var verify map[string]any
	s.apiJSON(http.MethodPost, "/api/v1/audit/verify", "auditadmin", "", &verify)
	for k := range verify {
		if !slices.Contains(schemaProps(t, d, "AuditVerify"), k) {
			t.Errorf("POST /api/v1/audit/verify sends %q, which schema AuditVerify lacks", k)
		}
	}
}

// TestOpenAPIServed checks that the server publishes this very document.
func TestOpenAPIServed(t *testing.T) {
	t.Parallel()
	_, raw := loadOpenAPI(t)
	s := newSite(t, testdb.Backends(t)[0])
	r := s.api(http.MethodGet, "/api/v1/openapi.json", "", "")
	if r.status != http.StatusOK {
		t.Fatalf("GET /api/v1/openapi.json = %d", r.status)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q", ct)
	}
	if !bytes.Equal(r.body, raw) {
		t.Errorf("served document differs from web.OpenAPI()")
	}
}

// alwaysSent lists the JSON names of a struct's fields that are in every answer: those
// without omitempty/omitzero (embedded structs flattened).
func alwaysSent(t reflect.Type) []string {
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			out = append(out, alwaysSent(ft)...)
			continue
		}
		if !f.IsExported() || slices.Contains(strings.Split(opts, ","), "omitzero") {
			continue
		}
		// omitempty leaves out empty values, but never a struct (a time.Time is always sent).
		if slices.Contains(strings.Split(opts, ","), "omitempty") && f.Type.Kind() != reflect.Struct {
			continue
		}
		if name == "" {
			name = f.Name
		}
		out = append(out, name)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// schemaRefs collects the schema names a part of the document refers to, transitively.
func (d oaDoc) schemaRefs(v any, into map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok {
			if name, ok := strings.CutPrefix(ref, "#/components/schemas/"); ok && !into[name] {
				into[name] = true
				d.schemaRefs(obj(obj(d["components"])["schemas"])[name], into)
			} else if strings.HasPrefix(ref, "#/components/responses/") || strings.HasPrefix(ref, "#/components/parameters/") {
				r, _ := d.resolve(x)
				d.schemaRefs(r, into)
			}
		}
		for _, c := range x {
			d.schemaRefs(c, into)
		}
	case []any:
		for _, c := range x {
			d.schemaRefs(c, into)
		}
	}
}

// requiredByRule are fields Go omits when empty but a saved record always has, because
// validation refuses the record without them.
var requiredByRule = map[string]bool{
	"RoomMilestone.due": true, // domain.RoomMilestone.Validate: a milestone has a due date
}

func init() {
	schemaTypes["ImportProblem"] = reflect.TypeFor[sheet.Problem]()
	schemaTypes["ImportLine"] = reflect.TypeFor[app.ImportLine]()
}

// TestOpenAPIResponseSchemasRequire keeps `required` true for answers: a schema that only
// describes answers requires exactly the fields its Go type always sends, so a client
// generated from the document neither treats a field that is always there as optional nor
// expects one the server leaves out. A schema also used in request bodies may require less
// (a request may leave fields out), never a field that answers omit.
func TestOpenAPIResponseSchemasRequire(t *testing.T) {
	t.Parallel()
	d, _ := loadOpenAPI(t)
	inAnswers, inRequests := map[string]bool{}, map[string]bool{}
	for _, op := range d.operations() {
		d.schemaRefs(op["responses"], inAnswers)
		d.schemaRefs(op["requestBody"], inRequests)
	}
	for name, typ := range schemaTypes {
		if !inAnswers[name] {
			continue
		}
		var required []string
		for _, k := range slicesOf(obj(obj(obj(d["components"])["schemas"])[name])["required"]) {
			required = append(required, k.(string))
		}
		slices.Sort(required)
		sent := alwaysSent(typ)
		if inRequests[name] {
			for _, k := range required {
				if !slices.Contains(sent, k) {
					t.Errorf("schema %s requires %q, which %s leaves out when empty", name, k, typ)
				}
			}
			if len(required) == 0 {
				t.Errorf("schema %s (answers and requests) requires no field", name)
			}
			continue
		}
		for _, k := range sent {
			if !slices.Contains(required, k) {
				t.Errorf("schema %s does not require %q, which %s always sends", name, k, typ)
			}
		}
		for _, k := range required {
			if !slices.Contains(sent, k) && !requiredByRule[name+"."+k] {
				t.Errorf("schema %s requires %q, which %s leaves out when empty", name, k, typ)
			}
		}
	}
}
