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
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

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
