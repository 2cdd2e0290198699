package web

import (
	"bufio"
	"io"
	"net/http"
	"strconv"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/dcat"
	"archgov/internal/domain"
)

// catalogList is a page of the catalog with the facet counts of the whole filtered list.
type catalogList struct {
	list[*domain.CatalogEntry]
	Facets app.CatalogFacets `json:"facets"`
}

func (s *Server) apiCatalog(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	f, err := catalogFilter(r)
	if err != nil {
		return nil, err
	}
	out := catalogList{}
	f.Limit = limit
	p, facets, err := s.svc.CatalogWithFacets(r.Context(), rq.auth.Actor, f)
	if err != nil {
		return nil, err
	}
	out.list, out.Facets = sortedPageOf(p, f.Sort, app.CatalogSortKey), facets
	return out, nil
}

func (s *Server) apiCatalogEntry(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.CatalogEntry(r.Context(), rq.auth.Actor, id)
}

func (s *Server) apiCatalogCreate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	var in app.CatalogEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	var c domain.CatalogEntry
	in.Apply(&c)
	if err := s.svc.CreateCatalogEntry(r.Context(), rq.auth.Actor, &c); err != nil {
		return nil, err
	}
	return s.svc.CatalogEntry(r.Context(), rq.auth.Actor, c.ID)
}

func (s *Server) apiCatalogUpdate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.CatalogEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if _, err := s.svc.UpdateCatalogEntry(r.Context(), rq.auth.Actor, id, in); err != nil {
		return nil, err
	}
	return s.svc.CatalogEntry(r.Context(), rq.auth.Actor, id)
}

func (s *Server) apiCatalogTransition(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.CatalogStep
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return s.svc.TransitionCatalogEntry(r.Context(), rq.auth.Actor, id, in)
}

// catalogChanges is a page of the change feed; a client resumes with since=next_since.
type catalogChanges struct {
	Items     []*domain.CatalogChange `json:"items"`
	NextSince int64                   `json:"next_since"`
}

func (s *Server) apiCatalogChanges(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	var since int64
	if v := r.URL.Query().Get("since"); v != "" {
		if since, err = strconv.ParseInt(v, 10, 64); err != nil || since < 0 {
			return nil, badRequest("since", "err.cursor")
		}
	}
	ch, err := s.svc.CatalogChanges(r.Context(), rq.auth.Actor, since, limit)
	if err != nil {
		return nil, err
	}
	out := catalogChanges{Items: ch, NextSince: since}
	if out.Items == nil {
		out.Items = []*domain.CatalogChange{}
	}
	if len(ch) > 0 {
		out.NextSince = ch[len(ch)-1].ID
	}
	return out, nil
}

// apiCatalogDCAT streams the published catalog as DCAT-AP 3 JSON-LD (SHR-P4, docs/DCAT-AP.md).
// The IRIs are this server's URLs as the client reached it.
func (s *Server) apiCatalogDCAT(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	meta := dcat.Meta{Base: scheme + "://" + r.Host}
	// Refusals are decided before the first byte; an error later can only cut the stream short.
	if err := authz.Can(rq.auth.Actor, authz.CatalogRead, authz.Resource{Kind: authz.KindCatalog}); err != nil {
		return nil, err
	}
	w.Header().Set("Content-Type", dcat.MediaType+"; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Disposition", `attachment; filename="catalog-dcat-ap.jsonld"`)
	sw := &startedWriter{w: w}
	bw := bufio.NewWriterSize(sw, 64<<10)
	_, err := s.svc.ExportDCAT(r.Context(), rq.auth.Actor, meta, bw)
	if err == nil {
		err = bw.Flush()
	}
	if err != nil && !sw.started {
		w.Header().Del("Content-Disposition")
		return nil, err // nothing sent yet: an ordinary error answer
	}
	if err != nil {
		s.log.Error("dcat export cut short", "err", err)
	}
	return nil, errHandled
}

// startedWriter notes whether anything reached the client.
type startedWriter struct {
	w       io.Writer
	started bool
}

func (s *startedWriter) Write(p []byte) (int, error) {
	s.started = true
	return s.w.Write(p)
}
