package web

import (
	"context"
	"net/http"
	"strings"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/domain"
)

// A register's JSON API is described once (issue 14): an apiRegister names its path, its tag,
// the nouns of its operationIds and of its answers, its list's filters and its operations, and
// registerRoutes writes its rows of the route table (api_routes.go) with their OpenAPI
// documentation. The operations' handlers come from the generic constructors below (pageList,
// recordAt, itemsAt, createFrom, withBody, thenRead), which also give the request and answer
// types the document describes; an operation with a handler of its own gives those itself.
// Rows of a register's other endpoints (a room's milestones, a unit's move) use the same
// constructors where the shape is the same.

// apiRegister describes the JSON API of a register of records.
type apiRegister struct {
	base       string  // the collection's path: /api/v1/machine-rooms
	tag        string  // the document's tag
	one, many  string  // the operationIds' nouns: MachineRoom, MachineRooms
	the, these string  // the record in the answers' descriptions: room, rooms ("The room.")
	filters    []param // the list's and the export's filters

	// The operations; one without a handler is not served. list is GET base (operationId
	// list+many), create POST base, get GET base/{id}, update PATCH base/{id}, transition
	// POST base/{id}/transition, history GET base/{id}/history.
	list, create, get, update, transition, history apiOp

	// The spreadsheet round trip: POST base/import, GET base/export, GET base/template.
	// Their handlers are sheets' (pages_import.go) unless an operation names its own.
	sheets                       *sheetPages
	imports, exports, templating apiOp
}

// apiOp is one operation of a register: its handler, the types of its body and answer, and
// its documentation. Empty fields take the register's defaults.
type apiOp struct {
	h        apiFunc
	in, out  any    // the request body and the answer (values of their JSON types)
	sum, doc string // summary and description
	id       string // the operationId, when not the generated one
	ok       string // what the success answer is, when not the generated description
	inDoc    string
	query    []param // the parameters, when not the generated ones (a list's paging and filters)
	errs     []int
	errDoc   map[int]string
}

// says documents an operation.
func (o apiOp) says(sum, doc string) apiOp {
	o.sum, o.doc = sum, doc
	return o
}

// named gives the operation an operationId of its own.
func (o apiOp) named(id string) apiOp {
	o.id = id
	return o
}

// fails documents the operation's refusals beyond the usual ones (openapi.go), in place of
// the register's defaults.
func (o apiOp) fails(codes ...int) apiOp {
	o.errs = codes
	return o
}

// body describes the operation's request body.
func (o apiOp) body(doc string) apiOp {
	o.inDoc = doc
	return o
}

// answers describes the operation's success answer.
func (o apiOp) answers(ok string) apiOp {
	o.ok = ok
	return o
}

// lowerFirst turns an operationId noun into the start of one: MachineRoom → machineRoom.
func lowerFirst(s string) string { return strings.ToLower(s[:1]) + s[1:] }

// registerRoutes are the register's rows of the route table: each operation with a handler,
// at its path, with its generated operationId and answer description unless it gives its own.
func (s *Server) registerRoutes(g apiRegister) []apiRoute {
	item := g.base + "/{id}"
	var out []apiRoute
	add := func(o apiOp, pattern string, status int, id, ok string, r apiRoute) {
		if o.h == nil {
			return
		}
		r.pattern, r.status, r.h, r.tag, r.id = pattern, status, o.h, g.tag, id
		r.sum, r.doc, r.okDoc, r.inDoc = o.sum, o.doc, ok, o.inDoc
		if o.id != "" {
			r.id = o.id
		}
		if o.ok != "" {
			r.okDoc = o.ok
		}
		if o.in != nil {
			r.in = o.in
		}
		if o.out != nil {
			r.out = o.out
		}
		if o.query != nil {
			r.query = o.query
		}
		if o.errs != nil {
			r.errs = o.errs
		}
		if o.errDoc != nil {
			r.errDoc = o.errDoc
		}
		out = append(out, r)
	}
	the := "The " + g.the
	add(g.list, "GET "+g.base, http.StatusOK, "list"+g.many, "A page of "+g.these+".", apiRoute{query: paged(g.filters...)})
	add(g.create, "POST "+g.base, http.StatusCreated, "create"+g.one, "", apiRoute{})
	add(g.get, "GET "+item, http.StatusOK, "get"+g.one, the+".", apiRoute{errs: []int{400}})
	add(g.update, "PATCH "+item, http.StatusOK, "update"+g.one, the+" after the edit.", apiRoute{})
	add(g.transition, "POST "+item+"/transition", http.StatusOK, "transition"+g.one, the+" after the step.", apiRoute{})
	add(g.history, "GET "+item+"/history", http.StatusOK, lowerFirst(g.one)+"History", "History.",
		apiRoute{out: list[*audit.Record]{}, errs: []int{400}})

	if p := g.sheets; p != nil {
		if g.imports.h == nil {
			g.imports.h = s.apiImport(p)
		}
		if g.exports.h == nil {
			g.exports.h = s.apiXLSX(s.sheetExport(p))
		}
		if g.templating.h == nil {
			g.templating.h = s.apiXLSX(s.sheetTemplate(p))
		}
	}
	add(g.imports, "POST "+g.base+"/import", http.StatusOK, "import"+g.many, "Previewed, or applied.", apiRoute{
		query: []param{pApply}, in: xlsxUpload, out: app.ImportReport{},
		errDoc: map[int]string{422: importProblems + ". An unreadable file is a plain error on field `file`."}})
	add(g.exports, "GET "+g.base+"/export", http.StatusOK, "export"+g.many, "The workbook.",
		apiRoute{query: g.filters, out: xlsxAnswer, errs: []int{400}})
	add(g.templating, "GET "+g.base+"/template", http.StatusOK, lowerFirst(g.many)+"Template", "The template.",
		apiRoute{out: xlsxAnswer})
	return out
}

// importProblems begins the description of an import's 422.
const importProblems = "Problems: nothing was written. The error (code unprocessable) carries `report` with every problem by row and column"

// The generic handlers. Each reads the record id from the path where it has one, decodes the
// body strictly (decode) where it takes one, and calls the service as the actor.

// readFunc is a service call reading one record.
type readFunc[T any] func(*app.Service, context.Context, domain.Actor, int64) (T, error)

// callFunc is a service call on the record id with a request body.
type callFunc[In, Out any] func(*app.Service, context.Context, domain.Actor, int64, In) (Out, error)

// pageList answers a page of a list: filter reads the request's filters, paging sets the page
// size on them and names their order, page reads the page, and key gives a row's sort key for
// next_cursor (nil for a list in id order only).
func pageList[F, T any](s *Server, filter func(*Server, *http.Request, domain.Actor) (F, error), paging func(*F, int) app.ListSort,
	page func(*app.Service, context.Context, domain.Actor, F) (app.Page[T], error), key func(app.ListSort, T) string) apiOp {
	h := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		limit, err := limitOf(r)
		if err != nil {
			return nil, err
		}
		f, err := filter(s, r, rq.auth.Actor)
		if err != nil {
			return nil, err
		}
		o := paging(&f, limit)
		p, err := page(s.svc, r.Context(), rq.auth.Actor, f)
		if key == nil {
			return pageOf(p), err
		}
		return sortedPageOf(p, o, key), err
	}
	return apiOp{h: h, out: list[T]{}}
}

// byID is the paging of a list in id order only (pageList): the page size set on the filter.
func byID[F any](f *F, n int) app.ListSort {
	setLimit(f, n)
	return app.SortID
}

// byRequest is a list filter read from the request alone.
func byRequest[F any](read func(*http.Request) (F, error)) func(*Server, *http.Request, domain.Actor) (F, error) {
	return func(_ *Server, r *http.Request, _ domain.Actor) (F, error) { return read(r) }
}

// recordAt answers the record at the path's id.
func recordAt[T any](s *Server, read readFunc[T]) apiOp {
	h := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		id, err := pathID(r)
		if err != nil {
			return nil, err
		}
		return read(s.svc, r.Context(), rq.auth.Actor, id)
	}
	return apiOp{h: h, out: *new(T)}
}

// itemsAt answers the records read lists for the path's id, as one page (next_cursor empty).
func itemsAt[T any](s *Server, read readFunc[[]T]) apiOp {
	h := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		id, err := pathID(r)
		if err != nil {
			return nil, err
		}
		items, err := read(s.svc, r.Context(), rq.auth.Actor, id)
		return pageOf(app.Page[T]{Items: items}), err
	}
	return apiOp{h: h, out: list[T]{}}
}

// applier is a request body that fills in a new record.
type applier[T any] interface{ Apply(*T) }

// createFrom creates the record the body E describes and answers it as read reads it back by
// its new id (key); with read nil, as create left it.
func createFrom[E applier[T], T, Out any](s *Server, create func(*app.Service, context.Context, domain.Actor, *T) error,
	key func(*T) int64, read readFunc[Out]) apiOp {
	h := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		var in E
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		var rec T
		in.Apply(&rec)
		if err := create(s.svc, r.Context(), rq.auth.Actor, &rec); err != nil {
			return nil, err
		}
		if read == nil {
			return &rec, nil
		}
		return read(s.svc, r.Context(), rq.auth.Actor, key(&rec))
	}
	return apiOp{h: h, in: *new(E), out: new(T)}
}

// withBody answers call on the record at the path's id with the body.
func withBody[In, Out any](s *Server, call callFunc[In, Out]) apiOp {
	h := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		id, err := pathID(r)
		if err != nil {
			return nil, err
		}
		var in In
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		return call(s.svc, r.Context(), rq.auth.Actor, id, in)
	}
	return apiOp{h: h, in: *new(In), out: *new(Out)}
}

// thenRead is withBody answering the record as read reads it after the call.
func thenRead[In, X, Out any](s *Server, call callFunc[In, X], read readFunc[Out]) apiOp {
	o := withBody(s, func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, in In) (Out, error) {
		if _, err := call(svc, ctx, a, id, in); err != nil {
			var zero Out
			return zero, err
		}
		return read(svc, ctx, a, id)
	})
	return o
}
