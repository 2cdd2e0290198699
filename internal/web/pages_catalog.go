package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
)

// catalogRoutes registers the pages and API of the information resource catalog (SHR-P3,
// SHR-R3, SHR-R4, SHR-P4).
func (s *Server) catalogRoutes() {
	s.handle("GET /catalog", s.ui(s.catalogPage))
	s.sheetRoutes("/catalog", catalogPages)
	catalogEntryPages.routes(s)
}

// catalogEntryPages describes the pages of the catalog's entries.
var catalogEntryPages = &recordPages[domain.CatalogEntry, app.CatalogEdit, *catalogEntryView, *catalogFormView]{
	base: "/catalog", nav: "catalog.title", detail: "catalog_entry", form: "catalog_form",
	newTitle: "catalog.new", editTitle: "unit.edit", name: func(x *domain.CatalogEntry) string { return x.Name },
	kind: authz.KindCatalog, createIn: authz.CatalogCreate,
	get: (*app.Service).CatalogEntry,
	mayEdit: func(a domain.Actor, c *domain.CatalogEntry) error {
		if err := catalogMayEdit(a, c); err != nil {
			return err
		}
		if !c.Status.Editable() {
			return domain.Errorf(domain.EConflict, "err.catalog.not_editable", "catstatus."+string(c.Status))
		}
		return nil
	},
	blank: func(a domain.Actor) domain.CatalogEntry {
		return domain.CatalogEntry{ProviderUnitID: a.UnitID, Class: "3", Format: domain.FormatDatabase, ShareType: domain.ShareUnconditional,
			ShareChannel: domain.ChannelPlatform, ShareForm: domain.FormAPI, UpdateCycle: domain.CycleMonthly}
	},
	read:   catalogFromForm,
	create: (*app.Service).CreateCatalogEntry, update: (*app.Service).UpdateCatalogEntry,
	refused: (*domain.CatalogEntry).Normalize,
	view:    (*Server).catalogEntryView, formView: (*Server).catalogFormView, step: (*Server).catalogStep,
}

// catalogFilter reads the list filters shared by the page and the API.
func catalogFilter(r *http.Request) (app.CatalogFilter, error) {
	q := filtersOf(r)
	f := app.CatalogFilter{Query: q.text("q"), Class: q.text("class"), BaseLibrary: domain.BaseLibrary(q.text("base_library"))}
	if f.BaseLibrary != "" && !f.BaseLibrary.Valid() {
		return f, domain.Invalid("base_library", "err.query_library", "base_library", string(f.BaseLibrary))
	}
	for _, c := range f.Class {
		if c < '0' || c > '9' || len(f.Class) > 16 {
			return f, domain.Invalid("class", "err.number")
		}
	}
	f.ShareType, f.UpdateCycle = oneOf(q, "share_type", domain.ShareTypes), oneOf(q, "update_cycle", domain.UpdateCycles)
	f.Status, f.Open = oneOf(q, "status", domain.CatalogStatuses), q.tristate("open")
	f.UnitID, f.Sort = q.num("unit_id"), q.sort(app.CatalogSorts)
	f.AfterKey, f.After = q.sortCursor(f.Sort)
	return f, q.err
}

type catalogView struct {
	listBase
	Entries    []*domain.CatalogEntry
	Facets     app.CatalogFacets
	Statuses   []domain.CatalogStatus
	ShareTypes []domain.ShareType
	Cycles     []domain.UpdateCycle
	Libraries  []domain.BaseLibrary
}

// CatStatus, ShareTypeName and CycleName name the catalog enumerations in the page's language.
func (p *helpers) CatStatus(s domain.CatalogStatus) string { return p.T("catstatus." + string(s)) }
func (p *helpers) ShareTypeName(s domain.ShareType) string { return p.T("sharetype." + string(s)) }
func (p *helpers) CycleName(c domain.UpdateCycle) string   { return p.T("catalog.cycle." + string(c)) }
func (p *helpers) CatAction(a domain.CatalogAction) string { return p.T("catalog.action." + string(a)) }
func (p *helpers) ResFormatName(f domain.ResFormat) string { return p.T("catalog.format." + string(f)) }
func (p *helpers) ItemTypeName(t domain.ItemType) string   { return p.T("catalog.itemtype." + string(t)) }
func (p *helpers) ChannelName(c domain.ShareChannel) string {
	return p.T("catalog.channel." + string(c))
}
func (p *helpers) ShareFormName(f domain.ShareForm) string { return p.T("catalog.form." + string(f)) }
func (p *helpers) CatClassName(c string) string            { return p.T("catalog.class." + c) }

func (s *Server) catalogPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	// The units: published entries come from every unit.
	base, err := s.listBase(r, rq, "catalog.title", "", app.CatalogSorts,
		"q", "unit_id", "class", "share_type", "open", "update_cycle", "status", "base_library", "sort")
	if err != nil {
		return err
	}
	v := catalogView{listBase: base, Statuses: domain.CatalogStatuses, ShareTypes: domain.ShareTypes, Cycles: domain.UpdateCycles}
	v.Libraries = v.H().LibraryCodes()
	f, err := catalogFilter(r)
	if err != nil {
		return err
	}
	// The entries and their facets come from one read, which plans the search once (as the API's).
	withFacets := func(svc *app.Service, ctx context.Context, a domain.Actor, f app.CatalogFilter) (app.Page[*domain.CatalogEntry], error) {
		p, facets, err := svc.CatalogWithFacets(ctx, a, f)
		v.Facets = facets
		return p, err
	}
	v.Entries, v.Pager, err = listOf(s, r, f, withFacets, (*app.Service).CountCatalog)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "catalog", v)
	return nil
}

type catalogEntryView struct {
	Page
	Entry    *domain.CatalogEntry
	Systems  []linkView
	Related  []linkView
	Steps    []domain.CatalogAction
	Path     []domain.CatalogStatus // the step bar: the states of domain.CatalogFlow, in order
	History  []*audit.Record
	CanEdit  bool
	Editable bool
	Sharing  entrySharing // requesting the entry (pages_sharing.go)
}

// linkView is a link to another record, named if the viewer may see it.
type linkView struct {
	ID   int64
	Name string
	Href string
}

func catalogMayEdit(a domain.Actor, c *domain.CatalogEntry) error {
	return authz.Can(a, authz.CatalogUpdate, authz.CatalogEntry(c.ID, c.ProviderUnitID, c.Status == domain.CatPublished))
}

func (s *Server) catalogEntryView(r *http.Request, rq *request, c *domain.CatalogEntry, pg Page) (*catalogEntryView, error) {
	a := rq.auth.Actor
	v := &catalogEntryView{Page: pg, Entry: c, Path: domain.CatalogFlow.States}
	for _, sid := range c.SystemIDs {
		l := linkView{ID: sid, Name: "#" + itoa(sid)}
		if sys, err := s.svc.System(r.Context(), a, sid); err == nil {
			l.Name, l.Href = sys.Name, "/systems/"+itoa(sid)
		}
		v.Systems = append(v.Systems, l)
	}
	for _, rid := range c.RelatedIDs {
		l := linkView{ID: rid, Name: "#" + itoa(rid)}
		if rel, err := s.svc.CatalogEntry(r.Context(), a, rid); err == nil {
			l.Name, l.Href = rel.Code+" "+rel.Name, "/catalog/"+itoa(rid)
		}
		v.Related = append(v.Related, l)
	}
	v.Steps = s.svc.CatalogSteps(a, c)
	v.CanEdit = catalogMayEdit(a, c) == nil
	v.Editable = c.Status.Editable()
	v.Sharing = s.entrySharing(r, a, c)
	var err error
	v.History, err = s.svc.CatalogHistory(r.Context(), a, c.ID)
	return v, err
}

// blankItemRows is how many empty data-item rows the form offers after the entry's own.
const blankItemRows = 5

type catalogFormView struct {
	formBase
	Entry        domain.CatalogEntry
	Rows         []domain.DataItem
	Systems      []*domain.System // the provider's systems, to link
	Classes      []string
	Formats      []domain.ResFormat
	ItemTypes    []domain.ItemType
	ShareTypes   []domain.ShareType
	Channels     []domain.ShareChannel
	Forms        []domain.ShareForm
	Cycles       []domain.UpdateCycle
	Libraries    []domain.BaseLibrary
	RelatedText  string
	SystemLinked map[int64]bool
	HiddenLinks  []int64 // linked systems the editor cannot see: kept as they are
}

func (s *Server) catalogFormView(r *http.Request, rq *request, f formBase, c domain.CatalogEntry) (*catalogFormView, error) {
	v := &catalogFormView{formBase: f, Entry: c,
		Classes: domain.CatalogClasses, Formats: domain.ResFormats, ItemTypes: domain.ItemTypes, ShareTypes: domain.ShareTypes,
		Channels: domain.ShareChannels, Forms: domain.ShareForms, Cycles: domain.UpdateCycles,
		SystemLinked: map[int64]bool{}}
	v.Libraries = v.H().LibraryOptions(c.BaseLibrary)
	if f.New && c.ProjectID == 0 && r.Method == http.MethodGet {
		// Pre-compiling for a project application (SHR-R3): the link on its page names it.
		if id, err := strconv.ParseInt(r.URL.Query().Get("project_id"), 10, 64); err == nil && id > 0 {
			if p, err := s.svc.Project(r.Context(), rq.auth.Actor, id); err == nil {
				v.Entry.ProjectID, v.Entry.ProviderUnitID = p.ID, p.UnitID
			}
		}
	}
	v.Rows = append(v.Rows, c.Items...)
	for range blankItemRows {
		v.Rows = append(v.Rows, domain.DataItem{Nullable: true})
	}
	parts := make([]string, len(c.RelatedIDs))
	for i, id := range c.RelatedIDs {
		parts[i] = itoa(id)
	}
	v.RelatedText = strings.Join(parts, ", ")
	for _, id := range c.SystemIDs {
		v.SystemLinked[id] = true
	}
	if c.ProviderUnitID != 0 {
		p, err := s.svc.Systems(r.Context(), rq.auth.Actor, app.SystemFilter{UnitID: c.ProviderUnitID, Limit: 500})
		if err == nil {
			v.Systems = p.Items
		}
	}
	for _, id := range c.SystemIDs {
		if slices.ContainsFunc(v.Systems, func(x *domain.System) bool { return x.ID == id }) {
			continue
		}
		if sys, err := s.svc.System(r.Context(), rq.auth.Actor, id); err == nil {
			v.Systems = append(v.Systems, sys)
		} else {
			v.HiddenLinks = append(v.HiddenLinks, id)
		}
	}
	return v, nil
}

// catalogFromForm reads the form into an edit: the fields, the data-item rows (item_*_N for
// N < item_rows; blank rows are dropped by the domain), the linked systems and related IDs.
func catalogFromForm(r *http.Request) (app.CatalogEdit, error) {
	var e app.CatalogEdit
	var errs domain.Problems
	errs.Add(bindForm(r, &e))
	if e.ShareType != nil && *e.ShareType == domain.ShareNone {
		e.ShareChannel, e.ShareForm = new(domain.ShareChannel), new(domain.ShareForm)
	}
	n, err := formInt(r, "item_rows")
	if err != nil || n < 0 || n > 600 {
		errs.Add(domain.Invalid("items", "err.number"))
		n = 0
	}
	items := []domain.DataItem{}
	for i := range n {
		k := "_" + itoa(i)
		it := domain.DataItem{Name: r.PostFormValue("item_name" + k), Column: r.PostFormValue("item_column" + k),
			Type: domain.ItemType(r.PostFormValue("item_type" + k)), PrimaryKey: r.PostFormValue("item_pk"+k) == "1",
			Nullable: r.PostFormValue("item_nullable"+k) == "1", Classified: r.PostFormValue("item_classified"+k) == "1",
			Sensitive: r.PostFormValue("item_sensitive"+k) == "1", ShareType: domain.ShareType(r.PostFormValue("item_share" + k))}
		if l := strings.TrimSpace(r.PostFormValue("item_length" + k)); l != "" {
			if it.Length, err = strconv.Atoi(l); err != nil {
				errs.Add(domain.Invalid("items", "err.catalog.item_length", it.Name))
			}
		}
		items = append(items, it)
	}
	e.Items = &items
	return e, errs.Err()
}

func (s *Server) catalogStep(r *http.Request, rq *request, id, ver int64) error {
	st := app.CatalogStep{Version: ver, Action: domain.CatalogAction(r.PathValue("action")), Note: r.PostFormValue("note")}
	_, err := s.svc.TransitionCatalogEntry(r.Context(), rq.auth.Actor, id, st)
	return err
}

// catalogLabels names the entry's fields in its history where the name differs from the
// field's (catalog.field.<name>).
var catalogLabels = map[string]string{"provider_unit_id": "catalog.field.provider", "system_ids": "catalog.field.systems",
	"related_ids": "catalog.field.related", "project_id": "catalog.field.project"}

// The catalog's workbook pages (pages_import.go).
var catalogPages = &sheetPages{book: app.CatalogBook, nav: "catalog.title", title: "catalog.import", help: "catalog.import_help", key: "catalog.field.code", name: "catalog.field.name",
	export: exportOf(catalogFilter, (*app.Service).ExportCatalog)}
