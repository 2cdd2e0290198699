package web_test

// Every answer a test receives from a documented route is checked against the served OpenAPI
// document by an independent validator (kin-openapi): the status must be declared for the
// operation, the content type declared for that status, and the body must match its schema.
// send() calls conform for every request, so a handler that answers something the document
// does not say fails whichever test happened to provoke it — the document stays true by
// construction instead of by a separate, always incomplete list of cases.
//
// Requests are not validated: many tests send malformed requests on purpose to check the refusal.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"archgov/internal/testdb"
	"archgov/internal/web"
)

// oaRouter is the served document, loaded and validated once per test process.
var oaRouter = sync.OnceValues(func() (routers.Router, error) {
	raw, err := web.OpenAPI()
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		return nil, err
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, err
	}
	doc.Servers = nil // the document's server is "/": match any host, as the test server has its own
	return gorillamux.NewRouter(doc)
})

// conform fails t when the answer to req is not what the document declares. Routes the
// document does not know are left to TestOpenAPIMatchesRoutes, except that an /api/v1 path the
// router cannot place must have been answered with the JSON 404 or a 405.
func conform(t *testing.T, req *http.Request, r reply) {
	t.Helper()
	router, err := oaRouter()
	if err != nil {
		t.Fatalf("OpenAPI document: %v", err)
	}
	route, params, err := router.FindRoute(req)
	if err != nil {
		if strings.HasPrefix(req.URL.Path, "/api/v1/") && r.status != http.StatusNotFound && r.status != http.StatusMethodNotAllowed {
			t.Errorf("OpenAPI: %s %s answered %d but the document has no such operation", req.Method, req.URL.Path, r.status)
		}
		return
	}
	key := conformKey(route, r)
	if _, ok := conforming.Load(key); ok {
		return
	}
	if conformsFast(req, route, params, r) {
		conforming.Store(key, struct{}{})
		return
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 r.status,
		Header:                 r.header,
		Body:                   io.NopCloser(bytes.NewReader(r.body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(req.Context(), in); err != nil {
		body := r.body
		if len(body) > 600 {
			body = body[:600]
		}
		t.Errorf("OpenAPI: %s %s answered %d %s not as documented: %v\nbody: %s",
			req.Method, req.URL.RequestURI(), r.status, r.header.Get("Content-Type"), err, body)
		return
	}
	conforming.Store(key, struct{}{})
}

// conforming holds the keys (conformKey) of the answers found conforming so far in this
// process. More than half of the answers the tests receive are byte for byte ones received
// before (the same page or list, asked again), and validating one compiles its JSON schema
// anew (kin-openapi, OpenAPI 3.1): an answer met again is not validated again.
var conforming sync.Map

// conformKey is a digest of everything ValidateResponse reads of an answer: the operation, the
// status, the Content-Type and the headers the document declares for that status, and the
// body. (Of the request it reads only whether the method is HEAD, which the operation fixes.)
func conformKey(route *routers.Route, r reply) [sha256.Size]byte {
	h := sha256.New()
	fmt.Fprintf(h, "%p\x00%d\x00", route.Operation, r.status)
	names := []string{"Content-Type"}
	if rs := route.Operation.Responses; rs != nil {
		ref := rs.Status(r.status)
		if ref == nil {
			ref = rs.Default()
		}
		if ref != nil && ref.Value != nil {
			for name := range ref.Value.Headers {
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	for _, name := range names {
		fmt.Fprintf(h, "%s\x00%q\x00", name, r.header.Values(name))
	}
	h.Write(r.body)
	return [sha256.Size]byte(h.Sum(nil))
}

// conformsFast reports whether an answer with a JSON body conforms, checked the way
// openapi3filter.ValidateResponse checks it but without compiling the body's schema, and false
// when it does not or when it cannot tell (conform then asks ValidateResponse itself, which
// also words the failure). CI time (issue 14): for an OpenAPI 3.1 document, ValidateResponse
// compiles the body's schema into a JSON Schema 2020-12 validator on every call (kin-openapi
// 0.153, openapi3.(*Schema).useJSONSchema2020), then throws the compiled validator away and
// validates with its own (3.0) validator whenever the schema refers to components
// (#/components/schemas/…) and uses none of the 2020 keywords its fallback cannot handle —
// nearly all of this document's JSON bodies (fastSchema). Under -race the compilation was a
// tenth of internal/web's CPU. For those schemas this function makes the same call that
// validation ends in, without the compilation: the status and the declared headers are
// checked by ValidateResponse with ExcludeResponseBody, the body is decoded by the decoder
// ValidateResponse uses and visited with the same options. The one setting it cannot pass
// (EnableJSONSchema2020) changes only whether "nullable" admits null, so schemas that say
// nullable anywhere are left to ValidateResponse (fastSchema).
func conformsFast(req *http.Request, route *routers.Route, params map[string]string, r reply) bool {
	switch r.status {
	case http.StatusNotModified, http.StatusPermanentRedirect, http.StatusTemporaryRedirect, http.StatusMovedPermanently:
		return false // not validated at all: cheap either way
	}
	if req.Method == http.MethodHead || route.Operation.Responses.Len() == 0 {
		return false
	}
	ref := route.Operation.Responses.Status(r.status)
	if ref == nil {
		ref = route.Operation.Responses.Default()
	}
	if ref == nil || ref.Value == nil || len(ref.Value.Content) == 0 {
		return false
	}
	ct := ref.Value.Content.Get(r.header.Get("Content-Type"))
	if ct == nil || ct.Schema == nil || ct.Schema.Value == nil || len(ct.Encoding) != 0 {
		return false
	}
	if mt, _, err := mime.ParseMediaType(r.header.Get("Content-Type")); err != nil || mt != "application/json" {
		return false
	}
	if !fastSchema(ct.Schema.Value) {
		return false
	}
	// The status, the headers the document declares and their schemas.
	head := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 r.status,
		Header:                 r.header,
		Body:                   io.NopCloser(bytes.NewReader(r.body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, ExcludeResponseBody: true},
	}
	if err := openapi3filter.ValidateResponse(req.Context(), head); err != nil {
		return false
	}
	decode := openapi3filter.RegisteredBodyDecoder("application/json")
	if decode == nil {
		return false
	}
	value, err := decode(bytes.NewReader(r.body), r.header, ct.Schema, func(name string) *openapi3.Encoding { return ct.Encoding[name] })
	if err != nil {
		return false
	}
	return ct.Schema.Value.VisitJSON(value, openapi3.MultiErrors(), openapi3.VisitAsResponse()) == nil
}

// fastSchemas caches fastSchema's verdict per schema of the document.
var fastSchemas sync.Map // *openapi3.Schema → bool

// fastSchema reports whether ValidateResponse validates a body against s with kin-openapi's
// own validator (after compiling s for nothing): s refers to a component schema somewhere
// (openapi3's containsInternalSchemaRef, on s as JSON) and none of its subschemas uses the
// keywords that make it keep the compiled validator (schemaUsesJSONSchema2020Features). Also
// none may say nullable (see conformsFast). Any doubt answers false.
func fastSchema(s *openapi3.Schema) bool {
	if v, ok := fastSchemas.Load(s); ok {
		return v.(bool)
	}
	fast := false
	if b, err := json.Marshal(s); err == nil {
		var doc any
		if json.Unmarshal(b, &doc) == nil && refersToComponent(doc) {
			fast = true
			openapi3.NewSchemaRef("", s).WalkSubtree(func(_ string, ref *openapi3.SchemaRef) error {
				x := ref.Value
				if x == nil || x.Nullable || x.Const != nil || len(x.PrefixItems) != 0 || x.Contains != nil ||
					len(x.PatternProperties) != 0 || len(x.DependentSchemas) != 0 || x.PropertyNames != nil ||
					x.UnevaluatedItems.Has != nil || x.UnevaluatedItems.Schema != nil ||
					x.UnevaluatedProperties.Has != nil || x.UnevaluatedProperties.Schema != nil ||
					x.If != nil || x.Then != nil || x.Else != nil || len(x.DependentRequired) != 0 || len(x.Defs) != 0 ||
					x.ContentSchema != nil {
					fast = false
				}
				return nil
			})
		}
	}
	fastSchemas.Store(s, fast)
	return fast
}

// refersToComponent is openapi3's containsInternalSchemaRef.
func refersToComponent(node any) bool {
	switch node := node.(type) {
	case map[string]any:
		if ref, ok := node["$ref"].(string); ok && strings.HasPrefix(ref, "#/components/schemas/") {
			return true
		}
		for _, v := range node {
			if refersToComponent(v) {
				return true
			}
		}
	case []any:
		return slices.ContainsFunc(node, refersToComponent)
	}
	return false
}

// TestConformFastPath: the shortcut validates (a body that breaks the schema is refused by it
// as by ValidateResponse), and it is taken for the document's JSON answers.
func TestConformFastPath(t *testing.T) {
	t.Parallel()
	s := newSite(t, testdb.Backends(t)[0])
	router, err := oaRouter()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ path, actor string }{{"/api/v1/units", "sysadmin"}, {"/api/v1/units/999999", "sysadmin"}, {"/api/v1/units", ""}} {
		req, err := http.NewRequest(http.MethodGet, s.ts.URL+c.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c.actor != "" {
			req.Header.Set("Authorization", "Bearer "+s.token(c.actor))
		}
		r := send(t, http.DefaultClient, req)
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Fatal(err)
		}
		if !conformsFast(req, route, params, r) {
			t.Errorf("GET %s (%d): the shortcut was not taken or refused a conforming answer\n%.300s", c.path, r.status, r.body)
		}
		for _, bad := range []string{`{"items":"none"}`, `{"error":{"code":7}}`, `[]`, `{`} {
			broken := reply{status: r.status, header: r.header, body: []byte(bad)}
			if conformsFast(req, route, params, broken) {
				t.Errorf("GET %s (%d): the shortcut accepted %s", c.path, r.status, bad)
			}
			in := &openapi3filter.ResponseValidationInput{
				RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
				Status:                 broken.status, Header: broken.header, Body: io.NopCloser(bytes.NewReader(broken.body)),
				Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
			}
			if openapi3filter.ValidateResponse(req.Context(), in) == nil {
				t.Errorf("GET %s (%d): ValidateResponse accepted %s", c.path, r.status, bad)
			}
		}
	}
}
