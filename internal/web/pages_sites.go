package web

import (
	"net/http"
	"slices"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// siteRoutes registers the pages and API of websites and new-media accounts (PTL-R3, PTL-R4).
func (s *Server) siteRoutes() {
	s.handle("GET /websites", s.ui(s.websitesPage))
	s.sheetRoutes("/websites", websitesImport)
	websitePages.routes(s)

	s.mediaRoutes() // pages_media.go
}

// websitePages describes the website pages.
var websitePages = &recordPages[domain.Website, app.WebsiteEdit, *websiteView, *websiteFormView]{
	base: "/websites", nav: "nav.websites", detail: "website", form: "website_form",
	newTitle: "websites.new", editTitle: "websites.edit", name: func(x *domain.Website) string { return x.Name },
	kind: authz.KindWebsite, createIn: authz.WebsiteCreate,
	get: (*app.Service).Website, mayEdit: websiteMayEdit,
	blank: func(a domain.Actor) domain.Website {
		return domain.Website{UnitID: a.UnitID, Hosting: domain.HostingCloud}
	},
	read:   websiteFromForm,
	create: (*app.Service).CreateWebsite, update: (*app.Service).UpdateWebsite,
	view: (*Server).websiteView, formView: (*Server).websiteFormView,
	step: (*Server).websiteStep, reshow: shownOnPage,
}

// WebStatus, WebAction name the website enumerations in the page's language.
func (p *helpers) WebStatus(st domain.WebStatus) string { return p.T("wstatus." + string(st)) }
func (p *helpers) WebAction(a domain.WebAction) string  { return p.T("wsaction." + string(a)) }

// websiteFilter reads the list filters shared by the page, the export and the API.
func websiteFilter(r *http.Request) (app.WebsiteFilter, error) {
	q := filtersOf(r)
	f := app.WebsiteFilter{Query: q.text("q"), Sort: siteSort(q), Status: oneOf(q, "status", domain.WebStatuses),
		Hosting: oneOf(q, "hosting", domain.Hostings), Overdue: q.flag("overdue"),
		UnitID: q.num("unit_id"), SystemID: q.num("system_id"), After: q.cursor()}
	return f, q.err
}

// siteSort reads the order of the website and new-media lists: registration (id) or name.
func siteSort(q *filters) app.SiteSort {
	if oneOf(q, "sort", nameSorts) == "name" {
		return app.SiteSortName
	}
	return ""
}

type websitesView struct {
	listBase
	Websites []*domain.Website
	Statuses []domain.WebStatus
	Hostings []domain.Hosting
	Deadline string
}

func (s *Server) websitesPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.websites", authz.KindWebsite, nil, "q", "unit_id", "status", "hosting", "overdue", "sort")
	if err != nil {
		return err
	}
	v := websitesView{listBase: base, Statuses: domain.WebStatuses, Hostings: domain.Hostings}
	v.Websites, v.Pager, err = listFrom(s, r, websiteFilter, (*app.Service).Websites, (*app.Service).CountWebsites)
	if err != nil {
		return err
	}
	g, _, err := s.svc.Governance(r.Context())
	if err != nil {
		return err
	}
	v.Deadline = i18n.Date(rq.lang, g.WebsiteDeadline)
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
	Findings  findingsSection // what the governance rules found (PTL-R1, PTL-R3; pages_findings.go)
	// Evidence: the registration materials, the shutdown notice, proof of closing or redirecting.
	Attachments attachmentsView
}

func websiteMayEdit(a domain.Actor, ws *domain.Website) error {
	return authz.Can(a, authz.WebsiteUpdate, authz.Registry(authz.KindWebsite, ws.ID, ws.UnitID))
}

func (s *Server) websiteView(r *http.Request, rq *request, ws *domain.Website, pg Page) (*websiteView, error) {
	ctx, a, id := r.Context(), rq.auth.Actor, ws.ID
	v := &websiteView{Page: pg, Website: ws}
	if ws.SystemID != 0 {
		v.System, _ = s.svc.System(ctx, a, ws.SystemID)
	}
	if ws.MergeInto != 0 {
		v.MergeInto, _ = s.svc.Website(ctx, a, ws.MergeInto)
	}
	v.Steps = s.svc.WebsiteSteps(ctx, a, ws)
	var err error
	if slices.Contains(v.Steps, domain.WebMerge) {
		if v.Targets, err = s.siteMergeTargets(r, rq, ws); err != nil {
			return v, err
		}
	}
	v.CanEdit = websiteMayEdit(a, ws) == nil
	g, _, err := s.svc.Governance(ctx)
	if err != nil {
		return v, err
	}
	v.Deadline = i18n.Date(rq.lang, g.WebsiteDeadline)
	if v.History, err = s.svc.WebsiteHistory(ctx, a, id); err != nil {
		return v, err
	}
	if v.Findings, err = s.findingsOf(r, v.Page, domain.SubjectWebsite, id, ws.UnitID); err != nil {
		return v, err
	}
	v.Attachments, err = s.attachments(r, v.Page, "website", id, "/websites/"+itoa(id))
	return v, err
}

type websiteFormView struct {
	formBase
	Website  domain.Website
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

func (s *Server) websiteFormView(r *http.Request, rq *request, f formBase, ws domain.Website) (*websiteFormView, error) {
	v := &websiteFormView{formBase: f, Website: ws, Hostings: domain.Hostings}
	var err error
	if v.Targets, err = s.siteMergeTargets(r, rq, &ws); err != nil {
		return v, err
	}
	if !f.New && ws.MergeInto != 0 && !slices.ContainsFunc(v.Targets, func(t *domain.Website) bool { return t.ID == ws.MergeInto }) {
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

// siteKeepTarget is the merge target option that keeps the current one.
const siteKeepTarget = "keep"

// websiteFromForm reads the form into an edit.
func websiteFromForm(r *http.Request) (app.WebsiteEdit, error) {
	if r.PostFormValue("merge_into_id") == siteKeepTarget {
		r.PostForm.Del("merge_into_id") // the current target stays
	}
	return bound[app.WebsiteEdit](r)
}

func (s *Server) websiteStep(r *http.Request, rq *request, id, ver int64) error {
	target, err := formInt(r, "merge_into_id")
	if err != nil {
		return err
	}
	st := app.WebsiteStep{Version: ver, Action: domain.WebAction(r.PathValue("action")), MergeInto: target, Note: r.PostFormValue("note")}
	_, err = s.svc.TransitionWebsite(r.Context(), rq.auth.Actor, id, st)
	return err
}

// The website and new-media registries' spreadsheet pages (pages_import.go).
var websitesImport = &sheetPages{book: app.WebsitesBook, nav: "nav.websites", title: "import.title", help: "import.help", key: "websites.f.host", name: "field.name",
	export: exportOf(websiteFilter, (*app.Service).ExportWebsites)}

// siteTodos are the website and new-media registries' open obligations in the viewer's scope:
// websites unregistered past the deadline (PTL-R3) for the units and the office; for the office,
// registrations submitted and consolidation proposals (PTL-R4) waiting for its decision.
func (s *Server) siteTodos(r *http.Request) []todo {
	rq := reqOf(r)
	a, ctx := rq.auth.Actor, r.Context()
	var out []todo
	// Websites past the registration deadline: the PTL-R3 rule's open findings.
	out = append(out, s.findingTodo(ctx, rq, domain.RuleWebsiteOverdue, "todo.websites_overdue", "PTL-R3")...)
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
