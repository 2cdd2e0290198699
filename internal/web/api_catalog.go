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

// catalogAPI is the information resource catalog's JSON API.
func (s *Server) catalogAPI() apiRegister {
	return apiRegister{base: "/api/v1/catalog", tag: "catalog", one: "CatalogEntry", many: "Catalog", the: "entry", these: "entries",
		filters: catalogFilters,
		list: apiOp{h: s.apiCatalog, out: catalogList{}}.answers("A page of entries (without data items) and the facets.").says("List catalog entries with facet counts",
			"Published entries are visible to every government user; the other states only to the provider unit's people, its leader and the info office (authz.ReadScope), so the query is `status = published OR provider in scope`. Keyset-paginated in the order of sort. facets counts the whole filtered list per sharing type, state, update cycle and provider unit, each facet without its own filter."),
		create: createFrom[app.CatalogEdit](s, (*app.Service).CreateCatalogEntry, func(c *domain.CatalogEntry) int64 { return c.ID },
			(*app.Service).CatalogEntry).answers("The entry as stored.").says("Pre-compile a catalog entry",
			"Creates an entry in state precompiled (预编) for provider_unit_id; the caller must be the unit's 责任人/联系人 or the info office. The resource code (classification code + '/' + a six-digit sequence of that classification) is generated and never changes; so does the classification. Validation errors name the field (share_condition is required unless unconditional, share_basis for none; data items may wait until the entry is submitted, which needs at least one). Audited as catalog.create."),
		get: recordAt(s, (*app.Service).CatalogEntry).says("Get a catalog entry", "With its data items. Another unit's entry that is not published answers 404."),
		update: thenRead(s, (*app.Service).UpdateCatalogEntry, (*app.Service).CatalogEntry).says("Edit a catalog entry",
			"Only set fields change; version must be the current one (409 otherwise). A pre-compiled entry is edited in place; a published one gets a new revision (revision + 1, publish_date today) that goes to the change feed; submitted, registered and withdrawn entries answer 409. The classification cannot change (422 on class). Another unit's draft answers 404, another unit's published entry 403. Audited as catalog.update."),
		transition: withBody(s, (*app.Service).TransitionCatalogEntry).says("Take a lifecycle step",
			"The transition table decides (SHR-R3, SHR-R4): submit (precompiled → submitted; the provider unit or the office; needs at least one data item, else 422 on items), return (submitted or registered → precompiled; the office, with a note), register (submitted → registered; the office), publish (registered → published; the office; revision + 1 and a change in the feed), withdraw (published → withdrawn; the office, with a note; a change in the feed). A step impossible from the current state answers 409, a step the caller may not take 403, a missing note 422. Audited as catalog.<action>."),
		history: apiOp{h: s.apiHistory((*app.Service).CatalogHistory)}.says("History of a catalog entry",
			"The entry's audit records, newest first, with the field-by-field diffs; for whoever may see the entry."),
		sheets: catalogPages,
		imports: apiOp{errDoc: map[int]string{422: importProblems + " (columns of the 信息项 sheet are prefixed with it). An unreadable file is a plain error on field `file`."}}.says(
			"Import a catalog workbook (编制指南 columns)",
			"The body is the .xlsx file (or a multipart form with field `file`), at most 20 MiB, with two sheets: 信息资源 (one row per entry) and 信息项 (one row per data item, naming its entry in 所属信息资源 by resource code, or by name for an entry the same file creates). A row with a code updates that entry (if the caller may edit it); one without updates the provider's entry of the same name or pre-compiles a new one. An entry with no item rows keeps its items. Links, state, revision and publish date are not imported; a published entry the file changes gets a new revision, one under review or withdrawn is a problem. Without `apply=true` it only previews. All or nothing: with any problem (by sheet, row and column) nothing is written and the answer is 422. Re-importing the same file, or an export, changes nothing."),
		exports: apiOp{}.says("Export the catalog (编制指南 columns)",
			"The entries the caller may see, filtered like the list, as .xlsx: the 信息资源 sheet with the import's columns plus 状态, 版本号 and 发布日期, and the 信息项 sheet. Audited as catalog.export."),
		templating: apiOp{}.says("The empty catalog workbook", "The two sheets with Chinese headers, drop-downs for every enumeration, and a 填表说明 instructions sheet."),
	}
}

// apiCatalog answers a page of the catalog with the facet counts of the whole filtered list.
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
