package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// The OpenAPI document is written from the code, never by hand beside it: the operations from
// the route table (apiRoutes in api_routes.go: method, path, query parameters, request and
// answer types, refusals), the schemas from the Go types those routes read and answer, by
// reflection. What reflection cannot see — prose, and which values a string type takes — is
// next to them: field and schema descriptions in schemaDocs (openapi_docs.go), enumerations in
// enumTypes (the domain's own lists of values, the same ones validation uses).
//
// The document is written once, at the first request for it. (A sync.Once rather than
// sync.OnceValues(buildOpenAPI): the route table names the handler that serves the document,
// and an initialised variable would make that an initialisation cycle.)
var openapiOnce struct {
	sync.Once
	doc []byte
	err error
}

// OpenAPI returns the OpenAPI document.
func OpenAPI() ([]byte, error) {
	openapiOnce.Do(func() { openapiOnce.doc, openapiOnce.err = buildOpenAPI() })
	return openapiOnce.doc, openapiOnce.err
}

// obj is a JSON object of the document; encoding/json writes its keys sorted, so the document
// is the same bytes on every start.
type obj = map[string]any

// param is one query (or extra path) parameter of an operation.
type param struct {
	name, in, doc string
	required      bool
	schema        obj          // its schema, or
	typ           reflect.Type // the Go type whose schema it is
}

// media is an answer or a request body that is not JSON of a Go type: a file, a workbook.
type media struct {
	content obj
	headers obj
}

func xlsxContent() obj {
	return obj{xlsxType: obj{"schema": obj{"type": "string", "contentMediaType": xlsxType}}}
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// files is an answer of one of types, as bytes, with headers.
func files(headers obj, types ...string) media {
	c := obj{}
	for _, t := range types {
		c[t] = obj{"schema": obj{"type": "string", "format": "binary"}}
	}
	return media{content: c, headers: headers}
}

var (
	// xlsxAnswer is a workbook (export, template).
	xlsxAnswer = media{content: xlsxContent()}
	// xlsxUpload is an import's body: the workbook itself, or a multipart form with field file.
	xlsxUpload = media{content: func() obj {
		c := xlsxContent()
		c["multipart/form-data"] = obj{"schema": obj{"type": "object", "properties": obj{
			"file": obj{"type": "string", "contentMediaType": "application/octet-stream"}}}}
		return c
	}()}
)

// gen writes component schemas for Go types.
type gen struct {
	schemas obj
	names   map[reflect.Type]string
	// request: the schemas being written are of request bodies. An answer's field that is
	// always sent is required, and a pointer that is not omitted may be null; a request's
	// pointer field is one the client may leave out (nil keeps the value), and only its other
	// fields are required. A type met first in an answer keeps the answer's schema.
	request bool
	// seen are the schemas ("System") and fields ("System.code") written, so that a key of
	// schemaDocs and the other maps that names nothing (a typo, a renamed field) is an error.
	seen map[string]bool
}

var timeType = reflect.TypeFor[time.Time]()

// schemaName is the component name of a struct or enumeration type: schemaNames if listed,
// else the Go name (a generic list[T] is T's name + "List").
func schemaName(t reflect.Type) string {
	if n, ok := schemaNames[t]; ok {
		return n
	}
	n := t.Name()
	if strings.HasPrefix(n, "list[") {
		e := t.Field(0).Type.Elem()
		for e.Kind() == reflect.Pointer {
			e = e.Elem()
		}
		return schemaName(e) + "List"
	}
	return n
}

func ref(name string) obj { return obj{"$ref": "#/components/schemas/" + name} }

// of answers the schema of t: a $ref for named structs and enumerations.
func (g *gen) of(t reflect.Type) obj {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return obj{"type": "string", "format": "date-time"}
	}
	if values, ok := enumTypes[t]; ok {
		return g.named(t, obj{"type": "string", "enum": values})
	}
	if s, ok := scalarTypes[t]; ok {
		return g.named(t, s)
	}
	switch t.Kind() {
	case reflect.Struct:
		name := schemaName(t)
		if prev, ok := g.names[t]; ok {
			return ref(prev)
		}
		if _, taken := g.schemas[name]; taken {
			panic(fmt.Sprintf("openapi: two types named %s (add %s to schemaNames)", name, t))
		}
		g.names[t] = name
		g.schemas[name] = obj{} // reserved: a type may refer to itself
		g.schemas[name] = g.object(t, name)
		return ref(name)
	case reflect.Slice, reflect.Array:
		return obj{"type": "array", "items": g.of(t.Elem())}
	case reflect.Map:
		return obj{"type": "object", "additionalProperties": g.of(t.Elem())}
	case reflect.String:
		return obj{"type": "string"}
	case reflect.Bool:
		return obj{"type": "boolean"}
	case reflect.Int64, reflect.Uint64:
		return obj{"type": "integer", "format": "int64"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		return obj{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return obj{"type": "number"}
	case reflect.Interface:
		return obj{}
	}
	panic(fmt.Sprintf("openapi: no schema for %s", t))
}

// named is the component for a scalar type with a schema of its own.
func (g *gen) named(t reflect.Type, s obj) obj {
	name := schemaName(t)
	g.seen[name] = true
	if _, done := g.schemas[name]; !done {
		s = clone(s)
		if d := schemaDocs[name]; d != "" {
			s["description"] = d
		}
		g.schemas[name] = s
	}
	return ref(name)
}

// object is a struct's schema: its JSON fields (embedded structs flattened), each field that is
// always sent required, and a pointer that may be sent as null marked nullable.
func (g *gen) object(t reflect.Type, name string) obj {
	props, required := obj{}, []string{}
	g.fields(t, name, props, &required)
	g.seen[name] = true
	s := obj{"type": "object", "properties": props}
	if len(required) > 0 {
		slices.Sort(required)
		s["required"] = required
	}
	if d := schemaDocs[name]; d != "" {
		s["description"] = d
	}
	return s
}

func (g *gen) fields(t reflect.Type, name string, props obj, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		ft := f.Type
		if f.Anonymous && tag == "" {
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			g.fields(ft, name, props, required)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		omit := slices.Contains(strings.Split(opts, ","), "omitzero") ||
			slices.Contains(strings.Split(opts, ","), "omitempty") && ft.Kind() != reflect.Struct
		g.seen[name+"."+tag] = true
		if g.request {
			omit = !requestRequired[name+"."+tag]
		} else if requiredByRule[name+"."+tag] {
			omit = false
		}
		s := g.of(ft)
		if fs, ok := fieldSchemas[name+"."+tag]; ok {
			s = fs
		}
		if !g.request && ft.Kind() == reflect.Pointer && !omit || nullable[name+"."+tag] {
			s = orNull(s)
		}
		if d := schemaDocs[name+"."+tag]; d != "" {
			s = withDoc(s, d)
		}
		props[tag] = s
		if !omit {
			*required = append(*required, tag)
		}
	}
}

// orNull lets a schema be null as well (OpenAPI 3.1: a type list, or anyOf for a $ref).
func orNull(s obj) obj {
	switch t := s["type"].(type) {
	case string:
		c := clone(s)
		c["type"] = []string{t, "null"}
		return c
	case nil:
		return obj{"anyOf": []any{s, obj{"type": "null"}}}
	}
	return s
}

// withDoc adds a description; beside a $ref it goes into an allOf, as 3.0 readers ignore
// siblings of $ref.
func withDoc(s obj, d string) obj {
	if _, isRef := s["$ref"]; isRef {
		return obj{"allOf": []any{s}, "description": d}
	}
	c := clone(s)
	c["description"] = d
	return c
}

func clone(s obj) obj {
	c := make(obj, len(s)+1)
	for k, v := range s {
		c[k] = v
	}
	return c
}

var pathParam = regexp.MustCompile(`\{([^}]+)\}`)

func errResp(d string) obj {
	return obj{"description": d, "content": obj{"application/json": obj{"schema": ref("Error")}}}
}

// operation writes one route's operation object.
func (g *gen) operation(rt apiRoute) (method, path string, op obj) {
	method, path, _ = strings.Cut(rt.pattern, " ")
	api := strings.HasPrefix(path, "/api/")
	op = obj{"operationId": rt.id, "summary": rt.sum, "description": rt.doc}
	if rt.tag != "" {
		op["tags"] = []string{rt.tag}
	}
	var params []any
	for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
		p := param{name: m[1], in: "path", doc: "Record id.", schema: obj{"type": "integer", "format": "int64", "minimum": 1}}
		for _, x := range rt.query {
			if x.name == m[1] && x.in == "path" {
				p = x
			}
		}
		params = append(params, g.param(p))
	}
	paging := false
	for _, p := range rt.query {
		if p.in == "path" {
			continue
		}
		params = append(params, g.param(p))
		paging = paging || p.name == "limit" || p.name == "cursor" || p.name == "since"
	}
	if len(params) > 0 {
		op["parameters"] = params
	}
	hasVersion := false
	switch in := rt.in.(type) {
	case nil:
	case media:
		op["requestBody"] = obj{"required": true, "content": in.content}
	default:
		t := reflect.TypeOf(in)
		g.request = true
		op["requestBody"] = obj{"required": true, "content": obj{"application/json": obj{"schema": g.of(t)}}}
		g.request = false
		_, hasVersion = g.schemas[schemaName(t)].(obj)["properties"].(obj)["version"]
	}
	if rt.inDoc != "" {
		op["requestBody"].(obj)["description"] = rt.inDoc
	}

	ok := obj{"description": rt.okDoc}
	if rt.okDoc == "" {
		ok["description"] = http.StatusText(rt.status) + "."
	}
	switch out := rt.out.(type) {
	case nil:
	case media:
		ok["content"] = out.content
		if out.headers != nil {
			ok["headers"] = out.headers
		}
	default:
		ok["content"] = obj{"application/json": obj{"schema": g.of(reflect.TypeOf(out))}}
	}
	resps := obj{fmt.Sprint(rt.status): ok}
	for code, name := range map[int]string{400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 422: "Unprocessable"} {
		want := slices.Contains(rt.errs, code)
		if api && !rt.public {
			switch code {
			case 401, 403, 422:
				want = true
			case 400:
				want = want || rt.in != nil || paging
			case 404:
				want = want || strings.Contains(path, "{")
			case 409:
				// A stale edit; a creation (POST to a collection) has no version to be stale.
				want = want || hasVersion && (method != http.MethodPost || strings.Contains(path, "{"))
			}
		}
		if rt.public && api && (code == 401 || code == 422) {
			want = true // a bad token is refused even here; every query is checked
		}
		if want {
			resps[fmt.Sprint(code)] = obj{"$ref": "#/components/responses/" + name}
		}
	}
	for code, d := range rt.errDoc {
		resps[fmt.Sprint(code)] = errResp(d)
		if code >= 500 && rt.raw != nil { // a server-side failure answered in the success's shape (readyz); an API handler's is an error body
			resps[fmt.Sprint(code)] = obj{"description": d, "content": ok["content"]}
		}
	}
	op["responses"] = resps

	switch {
	case rt.public:
		op["security"] = []any{}
	case method == http.MethodGet:
		op["security"] = []any{obj{"bearerAuth": []any{}}, obj{"cookieAuth": []any{}}}
	default:
		op["security"] = []any{obj{"bearerAuth": []any{}}, obj{"cookieAuth": []any{}, "csrfToken": []any{}}}
	}
	return strings.ToLower(method), path, op
}

func (g *gen) param(p param) obj {
	in := p.in
	if in == "" {
		in = "query"
	}
	schema := p.schema
	if p.typ != nil {
		schema = g.of(p.typ)
	}
	o := obj{"name": p.name, "in": in, "required": in == "path" || p.required, "schema": schema}
	if p.doc != "" {
		o["description"] = p.doc
	}
	return o
}

func buildOpenAPI() ([]byte, error) {
	g := &gen{schemas: obj{}, names: map[reflect.Type]string{}, seen: map[string]bool{"Flag": true}}
	g.of(reflect.TypeFor[errorBody]())
	g.schemas["Flag"] = obj{"type": "string", "enum": flagValues, "description": schemaDocs["Flag"]}
	paths := obj{}
	var tags []any
	for _, t := range apiTags {
		tags = append(tags, obj{"name": t[0], "description": t[1]})
	}
	routes := new(Server).apiRoutes() // a zero server: the table only names its handlers
	// Answers first: a type both answered and sent keeps the answer's (stricter) schema.
	for _, rt := range routes {
		if _, isMedia := rt.out.(media); rt.out != nil && !isMedia {
			g.of(reflect.TypeOf(rt.out))
		}
	}
	for _, rt := range routes {
		method, path, op := g.operation(rt)
		item, _ := paths[path].(obj)
		if item == nil {
			item = obj{}
			paths[path] = item
		}
		if _, dup := item[method]; dup {
			return nil, fmt.Errorf("openapi: %s is in the route table twice", rt.pattern)
		}
		item[method] = op
	}
	var errs []error
	for what, keys := range map[string][]string{
		"schemaDocs": slices.Collect(maps.Keys(schemaDocs)), "fieldSchemas": slices.Collect(maps.Keys(fieldSchemas)),
		"requestRequired": slices.Collect(maps.Keys(requestRequired)), "nullable": slices.Collect(maps.Keys(nullable)),
		"requiredByRule": slices.Collect(maps.Keys(requiredByRule)),
	} {
		for _, k := range keys {
			if !g.seen[k] {
				errs = append(errs, fmt.Errorf("openapi: %s names %s, which no schema of the document has", what, k))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	doc := obj{
		"openapi": "3.1.0",
		"info": obj{"title": "archgov API — 电子政务架构治理平台", "version": "1",
			"description": strings.TrimSpace(apiDescription)},
		"servers":  []any{obj{"url": "/"}},
		"tags":     tags,
		"security": []any{obj{"bearerAuth": []any{}}, obj{"cookieAuth": []any{}}},
		"paths":    paths,
		"components": obj{
			"schemas":   g.schemas,
			"responses": errorResponses(),
			"securitySchemes": obj{
				"bearerAuth": obj{"type": "http", "scheme": "bearer", "description": "An API token (agv_…): `archgov token create` or the profile page."},
				"cookieAuth": obj{"type": "apiKey", "in": "cookie", "name": "archgov_session", "description": "The web login's session cookie."},
				"csrfToken":  obj{"type": "apiKey", "in": "header", "name": "X-CSRF-Token", "description": "The session's CSRF token; required with cookieAuth on state-changing requests."},
			},
		},
	}
	return json.MarshalIndent(doc, "", "  ")
}

func errorResponses() obj {
	r := obj{}
	for name, d := range errorDocs {
		r[name] = errResp(d)
	}
	r["Unauthorized"].(obj)["headers"] = obj{"WWW-Authenticate": obj{
		"description": "Always `Bearer realm=\"archgov\"`.", "schema": obj{"type": "string"}}}
	return r
}
