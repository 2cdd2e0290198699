package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// siteRoutes registers the pages and API of websites and new-media accounts (PTL-R3, PTL-R4).
func (s *Server) siteRoutes() {
	s.handle("GET /websites", s.ui(s.websitesPage))
	s.handle("GET /websites/new", s.ui(s.websiteNew))
	s.handle("POST /websites/new", s.ui(s.websiteCreate))
	s.sheetRoutes("/websites", websitesImport)
	s.handle("GET /websites/{id}", s.ui(s.websitePage))
	s.handle("GET /websites/{id}/edit", s.ui(s.websiteEdit))
	s.handle("POST /websites/{id}", s.ui(s.websiteUpdate))
	s.handle("POST /websites/{id}/steps/{action}", s.ui(s.websiteStep))

	s.mediaRoutes() // pages_media.go
}

// WebStatus, WebAction name the website enumerations in the page's language.
func (p Page) WebStatus(st domain.WebStatus) string { return p.T("wstatus." + string(st)) }
func (p Page) WebAction(a domain.WebAction) string  { return p.T("wsaction." + string(a)) }

// websiteFilter reads the list filters shared by the page, the export and the API.
func websiteFilter(r *http.Request) (app.WebsiteFilter, error) {
	q := r.URL.Query()
	f := app.WebsiteFilter{Query: strings.TrimSpace(q.Get("q"))}
	var err error
	if f.Sort, err = siteSort(q); err != nil {
		return f, err
	}
	if f.Status, err = queryEnum(q, "status", domain.WebStatuses); err != nil {
		return f, err
	}
	if f.Hosting, err = queryEnum(q, "hosting", domain.Hostings); err != nil {
		return f, err
	}
	if f.Overdue, err = queryFlag(q, "overdue"); err != nil {
		return f, err
	}
	if f.UnitID, err = formInt(r, "unit_id"); err != nil {
		return f, err
	}
	if f.SystemID, err = formInt(r, "system_id"); err != nil {
		return f, err
	}
	if f.After, err = decodeCursor(q.Get("cursor")); err != nil {
		return f, err
	}
	return f, nil
}

// siteSort reads the order of the website and new-media lists: registration (id) or name.
func siteSort(q url.Values) (app.SiteSort, error) {
	v, err := queryEnum(q, "sort", nameSorts)
	if v == "name" {
		return app.SiteSortName, err
	}
	return "", err
}

func siteOneOf[T comparable](xs []T, x T) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// siteScopedUnits lists the units whose records of kind k the viewer may list (filter drop-downs).
func (s *Server) siteScopedUnits(r *http.Request, rq *request, k authz.Kind) ([]treeNode, error) {
	units, err := s.svc.Units(r.Context(), rq.auth.Actor, app.UnitFilter{})
	if err != nil {
		return nil, err
	}
	scope := authz.ReadScope(rq.auth.Actor, k)
	var mine []*domain.Unit
	for _, u := range units.Items {
		if scope.Has(u.ID) {
			mine = append(mine, u)
		}
	}
	return flatten(mine), nil
}

// siteCreatableUnits lists the active units the viewer may create records of kind k for (forms).
func (s *Server) siteCreatableUnits(r *http.Request, rq *request, k authz.Kind, act authz.Action) ([]treeNode, error) {
	units, err := s.svc.Units(r.Context(), rq.auth.Actor, app.UnitFilter{})
	if err != nil {
		return nil, err
	}
	var mine []*domain.Unit
	for _, u := range units.Items {
		if u.Active && authz.Can(rq.auth.Actor, act, authz.Resource{Kind: k, UnitID: u.ID}) == nil {
			mine = append(mine, u)
		}
	}
	return flatten(mine), nil
}

func siteCanKeep(a domain.Actor) bool {
	return a.Has(domain.RoleOffice) || a.Has(domain.RoleUnitHead) || a.Has(domain.RoleUnitContact)
}

type websitesView struct {
	Page
	Websites  []*domain.Website
	Q         map[string]string
	Units     []treeNode
	Statuses  []domain.WebStatus
	Hostings  []domain.Hosting
	Pager     pager
	Export    template.URL
	CanCreate bool
	Deadline  string
}

func (s *Server) websitesPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	v := websitesView{Page: s.page(r, i18n.T(rq.lang, "nav.websites")), Statuses: domain.WebStatuses, Hostings: domain.Hostings, Q: map[string]string{}}
	v.Crumbs = v.Crumbs[:1]
	for _, k := range []string{"q", "unit_id", "status", "hosting", "overdue", "sort"} {
		v.Q[k] = r.URL.Query().Get(k)
	}
	f, err := websiteFilter(r)
	if err != nil {
		return err
	}
	v.Websites, v.Pager, err = listPage(r, func(limit int) ([]*domain.Website, error) {
		f.Limit = limit
		p, err := s.svc.Websites(r.Context(), rq.auth.Actor, f)
		return p.Items, err
	}, func() (int, error) { return s.svc.CountWebsites(r.Context(), rq.auth.Actor, f) })
	if err != nil {
		return err
	}
	v.Export = filtersOnly(r)
	if v.Units, err = s.siteScopedUnits(r, rq, authz.KindWebsite); err != nil {
		return err
	}
	g, _, err := s.svc.Governance(r.Context())
	if err != nil {
		return err
	}
	v.Deadline = i18n.Date(rq.lang, g.WebsiteDeadline)
	v.CanCreate = siteCanKeep(rq.auth.Actor)
	s.render(w, r, http.StatusOK, "websites", v)
	return nil
}

type websiteView struct {
	Page
	Website   *domain.Website
	System    *domain.System
	MergeInto *domain.Website
	Steps     []domain.WebAction
	Targets   []*domain.Website // for the merge step
	History   []*audit.Record
	CanEdit   bool
	Deadline  string
	// Evidence: the registration materials, the shutdown notice, proof of closing or redirecting.
	Attachments attachmentsView
}

// siteEnumPrefix maps website and media fields to the catalog prefix of their values.
func (s *Server) websitePage(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.websiteView(r, rq, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "website", v)
	return nil
}

func (s *Server) websiteView(r *http.Request, rq *request, id int64) (websiteView, error) {
	ctx, a := r.Context(), rq.auth.Actor
	ws, err := s.svc.Website(ctx, a, id)
	if err != nil {
		return websiteView{}, err
	}
	v := websiteView{Page: s.page(r, ws.Name, crumb{"/websites", i18n.T(rq.lang, "nav.websites")}, crumb{"", ws.Name}), Website: ws}
	if ws.SystemID != 0 {
		v.System, _ = s.svc.System(ctx, a, ws.SystemID)
	}
	if ws.MergeInto != 0 {
		v.MergeInto, _ = s.svc.Website(ctx, a, ws.MergeInto)
	}
	v.Steps = s.svc.WebsiteSteps(ctx, a, ws)
	if siteOneOf(v.Steps, domain.WebMerge) {
		if v.Targets, err = s.siteMergeTargets(r, rq, ws); err != nil {
			return v, err
		}
	}
	v.CanEdit = authz.Can(a, authz.WebsiteUpdate, authz.Registry(authz.KindWebsite, ws.ID, ws.UnitID)) == nil
	g, _, err := s.svc.Governance(ctx)
	if err != nil {
		return v, err
	}
	v.Deadline = i18n.Date(rq.lang, g.WebsiteDeadline)
	if v.History, err = s.svc.WebsiteHistory(ctx, a, id); err != nil {
		return v, err
	}
	v.Attachments, err = s.attachments(r, v.Page, "website", id, "/websites/"+itoa(id))
	return v, err
}

type websiteFormView struct {
	Page
	Website  domain.Website
	New      bool
	Units    []treeNode
	Hostings []domain.Hosting
	Systems  []*domain.System  // the systems the viewer may link (the use case checks the unit)
	Targets  []*domain.Website // the websites it may be merged into
	// KeepTarget labels the option that keeps the site's current merge target when that is
	// not among Targets (hidden from the viewer, or no longer taking merges); "" for none.
	KeepTarget string
}

// siteMergeTargets lists the websites the viewer may see that can take a merge: running, and
// not w itself (cycles are refused when saving).
func (s *Server) siteMergeTargets(r *http.Request, rq *request, w *domain.Website) ([]*domain.Website, error) {
	p, err := s.svc.Websites(r.Context(), rq.auth.Actor, app.WebsiteFilter{Sort: app.SiteSortName})
	if err != nil {
		return nil, err
	}
	var out []*domain.Website
	for _, t := range p.Items {
		if !t.Gone() && t.ID != w.ID {
			out = append(out, t)
		}
	}
	return out, nil
}

func (s *Server) websiteFormView(r *http.Request, rq *request, ws domain.Website, isNew bool) (websiteFormView, error) {
	title := i18n.T(rq.lang, "websites.new")
	if !isNew {
		title = i18n.T(rq.lang, "websites.edit", ws.Name)
	}
	v := websiteFormView{Page: s.page(r, title, crumb{"/websites", i18n.T(rq.lang, "nav.websites")}, crumb{"", title}), Website: ws, New: isNew,
		Hostings: domain.Hostings}
	var err error
	if v.Units, err = s.siteCreatableUnits(r, rq, authz.KindWebsite, authz.WebsiteCreate); err != nil {
		return v, err
	}
	if v.Targets, err = s.siteMergeTargets(r, rq, &ws); err != nil {
		return v, err
	}
	if !isNew && ws.MergeInto != 0 && !slices.ContainsFunc(v.Targets, func(t *domain.Website) bool { return t.ID == ws.MergeInto }) {
		// Named only if the viewer may see it.
		v.KeepTarget = i18n.T(rq.lang, "websites.merge_keep_hidden")
		if t, err := s.svc.Website(r.Context(), rq.auth.Actor, ws.MergeInto); err == nil {
			v.KeepTarget = i18n.T(rq.lang, "websites.merge_keep", t.Name+" · "+t.Host)
		}
	}
	sys, err := s.svc.Systems(r.Context(), rq.auth.Actor, app.SystemFilter{})
	v.Systems = sys.Items
	return v, err
}

func (s *Server) websiteNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	v, err := s.websiteFormView(r, rq, domain.Website{UnitID: rq.auth.Actor.UnitID, Hosting: domain.HostingCloud}, true)
	if err != nil {
		return err
	}
	if len(v.Units) == 0 {
		return domain.Forbidden()
	}
	s.render(w, r, http.StatusOK, "website_form", v)
	return nil
}

// siteKeepTarget is the merge target option that keeps the current one.
const siteKeepTarget = "keep"

// websiteFromForm reads the form into an edit.
func websiteFromForm(r *http.Request) (app.WebsiteEdit, error) {
	if r.PostFormValue("merge_into_id") == siteKeepTarget {
		r.PostForm.Del("merge_into_id") // the current target stays
	}
	return bound[app.WebsiteEdit](r)
}

func (s *Server) websiteCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	e, err := websiteFromForm(r)
	var ws domain.Website
	e.Apply(&ws)
	if err == nil {
		err = s.svc.CreateWebsite(r.Context(), rq.auth.Actor, &ws)
	}
	return s.saved(w, r, err, "website_form", "/websites/"+itoa(ws.ID), func() (any, *Page, error) {
		v, err := s.websiteFormView(r, rq, ws, true)
		return &v, &v.Page, err
	})
}

func (s *Server) websiteEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ws, err := s.svc.Website(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	if err := authz.Can(rq.auth.Actor, authz.WebsiteUpdate, authz.Registry(authz.KindWebsite, ws.ID, ws.UnitID)); err != nil {
		return err
	}
	v, err := s.websiteFormView(r, rq, *ws, false)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "website_form", v)
	return nil
}

func (s *Server) websiteUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cur, err := s.svc.Website(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	e, err := websiteFromForm(r)
	if err == nil {
		_, err = s.svc.UpdateWebsite(r.Context(), rq.auth.Actor, id, e)
	}
	return s.saved(w, r, err, "website_form", "/websites/"+itoa(id), func() (any, *Page, error) {
		form := *cur
		e.Apply(&form)
		form.Version = e.Version
		v, err := s.websiteFormView(r, rq, form, false)
		return &v, &v.Page, err
	})
}

func (s *Server) websiteStep(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	target, err := formInt(r, "merge_into_id")
	if err != nil {
		return err
	}
	st := app.WebsiteStep{Version: ver, Action: domain.WebAction(r.PathValue("action")), MergeInto: target, Note: r.PostFormValue("note")}
	if _, err := s.svc.TransitionWebsite(r.Context(), rq.auth.Actor, id, st); err != nil {
		if code := domain.ErrorCode(err); code == domain.EInvalid || code == domain.EConflict || code == domain.EUnprocessable {
			v, verr := s.websiteView(r, rq, id)
			if verr != nil {
				return verr
			}
			if err := s.formErr(r, &v.Page, err); err != nil {
				return err
			}
			s.render(w, r, errorStatus(err), "website", v)
			return nil
		}
		return err
	}
	redirect(w, r, "/websites/"+itoa(id), "flash.saved")
	return nil
}

// The website and new-media registries' spreadsheet pages (pages_import.go).
var websitesImport = &sheetPages{book: app.WebsitesBook, nav: "nav.websites", title: "import.title", help: "import.help", key: "websites.f.host", name: "field.name",
	export: exportOf(websiteFilter, (*app.Service).ExportWebsites)}

func (s *Server) apiWebsites(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	f, err := websiteFilter(r)
	if err != nil {
		return nil, err
	}
	f.Limit = limit
	p, err := s.svc.Websites(r.Context(), rq.auth.Actor, f)
	return pageOf(p), err
}

func (s *Server) apiWebsite(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.Website(r.Context(), rq.auth.Actor, id)
}

func (s *Server) apiWebsiteCreate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	var in app.WebsiteEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	var ws domain.Website
	in.Apply(&ws)
	if err := s.svc.CreateWebsite(r.Context(), rq.auth.Actor, &ws); err != nil {
		return nil, err
	}
	return s.svc.Website(r.Context(), rq.auth.Actor, ws.ID)
}

func (s *Server) apiWebsiteUpdate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.WebsiteEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if _, err := s.svc.UpdateWebsite(r.Context(), rq.auth.Actor, id, in); err != nil {
		return nil, err
	}
	return s.svc.Website(r.Context(), rq.auth.Actor, id)
}

func (s *Server) apiWebsiteTransition(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.WebsiteStep
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return s.svc.TransitionWebsite(r.Context(), rq.auth.Actor, id, in)
}

// siteTodos are the website and new-media registries' open obligations in the viewer's scope:
// websites unregistered past the deadline (PTL-R3) for the units and the office; for the office,
// registrations submitted and consolidation proposals (PTL-R4) waiting for its decision.
func (s *Server) siteTodos(r *http.Request) []todo {
	rq := reqOf(r)
	a, ctx := rq.auth.Actor, r.Context()
	var out []todo
	if sc := authz.ReadScope(a, authz.KindWebsite); sc.All || len(sc.UnitIDs) > 0 {
		if n, err := s.svc.CountWebsites(ctx, a, app.WebsiteFilter{Overdue: true}); err == nil && n > 0 {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.websites_overdue", n), Href: "/websites?overdue=1", Clause: "PTL-R3"})
		}
	}
	if a.Has(domain.RoleOffice) {
		if n, err := s.svc.CountWebsites(ctx, a, app.WebsiteFilter{Status: domain.WebSubmitted}); err == nil && n > 0 {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.websites_submitted", n), Href: "/websites?status=submitted", Clause: "PTL-R3"})
		}
		if n, err := s.svc.CountMediaAccounts(ctx, a, app.MediaFilter{Status: domain.MediaProposed}); err == nil && n > 0 {
			out = append(out, todo{Text: i18n.T(rq.lang, "todo.media_proposed", n), Href: "/new-media?status=proposed", Clause: "PTL-R4"})
		}
	}
	return out
}
