package web

import (
	"html/template"
	"net/http"
	"strings"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// mediaRoutes registers the new-media registry (PTL-R4), called from siteRoutes.
func (s *Server) mediaRoutes() {
	s.handle("GET /new-media", s.ui(s.mediaListPage))
	s.handle("GET /new-media/new", s.ui(s.mediaNew))
	s.handle("POST /new-media/new", s.ui(s.mediaCreate))
	s.sheetRoutes("/new-media", mediaImport)
	s.handle("GET /new-media/{id}", s.ui(s.mediaPage))
	s.handle("GET /new-media/{id}/edit", s.ui(s.mediaEdit))
	s.handle("POST /new-media/{id}", s.ui(s.mediaUpdate))
	s.handle("POST /new-media/{id}/steps/{action}", s.ui(s.mediaStep))

}

var mediaImport = &sheetPages{book: app.MediaBook, nav: "nav.newmedia", title: "import.title", help: "import.help", key: "newmedia.f.account_id", name: "field.name",
	export: exportOf(mediaFilter, (*app.Service).ExportMedia)}

// MediaKind, MediaStatus, MediaDecision, MediaAction name the new-media enumerations.
func (p Page) MediaKind(k domain.MediaKind) string { return p.T("mkind." + string(k)) }
func (p Page) MediaStatus(s domain.MediaStatus) string {
	return p.T("mstatus." + string(s))
}
func (p Page) MediaDecision(d domain.MediaDecision) string {
	if d == "" {
		return "—"
	}
	return p.T("mdecision." + string(d))
}
func (p Page) MediaAction(a domain.MediaAction) string { return p.T("maction." + string(a)) }

func mediaFilter(r *http.Request) (app.MediaFilter, error) {
	q := r.URL.Query()
	f := app.MediaFilter{Query: strings.TrimSpace(q.Get("q"))}
	var err error
	if f.Sort, err = siteSort(q); err != nil {
		return f, err
	}
	if f.Kind, err = queryEnum(q, "kind", domain.MediaKinds); err != nil {
		return f, err
	}
	if f.Status, err = queryEnum(q, "status", domain.MediaStatuses); err != nil {
		return f, err
	}
	if f.Decision, err = queryEnum(q, "decision", domain.MediaDecisions); err != nil {
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

type mediaListView struct {
	Page
	Accounts  []*domain.MediaAccount
	Q         map[string]string
	Units     []treeNode
	Kinds     []domain.MediaKind
	Statuses  []domain.MediaStatus
	Decisions []domain.MediaDecision
	Pager     pager
	Export    template.URL
	CanCreate bool
}

func (s *Server) mediaListPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	v := mediaListView{Page: s.page(r, i18n.T(rq.lang, "nav.newmedia")), Kinds: domain.MediaKinds, Statuses: domain.MediaStatuses,
		Decisions: domain.MediaDecisions, Q: map[string]string{}}
	v.Crumbs = v.Crumbs[:1]
	for _, k := range []string{"q", "unit_id", "kind", "status", "decision", "sort"} {
		v.Q[k] = r.URL.Query().Get(k)
	}
	f, err := mediaFilter(r)
	if err != nil {
		return err
	}
	v.Accounts, v.Pager, err = listPage(r, func(limit int) ([]*domain.MediaAccount, error) {
		f.Limit = limit
		p, err := s.svc.MediaAccounts(r.Context(), rq.auth.Actor, f)
		return p.Items, err
	}, func() (int, error) { return s.svc.CountMediaAccounts(r.Context(), rq.auth.Actor, f) })
	if err != nil {
		return err
	}
	v.Export = filtersOnly(r)
	if v.Units, err = s.siteScopedUnits(r, rq, authz.KindMedia); err != nil {
		return err
	}
	v.CanCreate = siteCanKeep(rq.auth.Actor)
	s.render(w, r, http.StatusOK, "media_list", v)
	return nil
}

type mediaView struct {
	Page
	Account   *domain.MediaAccount
	System    *domain.System // the system it serves, if the viewer may see it
	MergeInto *domain.MediaAccount
	Steps     []domain.MediaAction
	Targets   []*domain.MediaAccount // the accounts a merge decision may name
	Decisions []domain.MediaDecision
	History   []*audit.Record
	CanEdit   bool
	// Evidence: the decision document, proof the account was closed or migrated.
	Attachments attachmentsView
}

// Decides reports whether step a carries a decision (the form asks for one).
func (mediaView) Decides(a domain.MediaAction) bool { return domain.StepCarriesDecision(a) }

func (s *Server) mediaPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	v, err := s.mediaView(r, rq, id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "media", v)
	return nil
}

func (s *Server) mediaView(r *http.Request, rq *request, id int64) (mediaView, error) {
	ctx, a := r.Context(), rq.auth.Actor
	m, err := s.svc.MediaAccount(ctx, a, id)
	if err != nil {
		return mediaView{}, err
	}
	v := mediaView{Page: s.page(r, m.Name, crumb{"/new-media", i18n.T(rq.lang, "nav.newmedia")}, crumb{"", m.Name}), Account: m,
		Decisions: domain.MediaDecisions}
	if m.SystemID != 0 {
		v.System, _ = s.svc.System(ctx, a, m.SystemID)
	}
	if m.MergeInto != 0 {
		v.MergeInto, _ = s.svc.MediaAccount(ctx, a, m.MergeInto)
	}
	v.Steps = s.svc.MediaSteps(a, m)
	if siteOneOf(v.Steps, domain.MediaPropose) || siteOneOf(v.Steps, domain.MediaDecide) {
		p, err := s.svc.MediaAccounts(ctx, a, app.MediaFilter{Sort: app.SiteSortName})
		if err != nil {
			return v, err
		}
		for _, t := range p.Items {
			if t.ID != m.ID && m.Kind.CanMergeInto(t.Kind) && t.Decision != domain.DecideClose && !(t.Status == domain.MediaDone && t.Decision == domain.DecideMerge) {
				v.Targets = append(v.Targets, t)
			}
		}
	}
	v.CanEdit = authz.Can(a, authz.MediaUpdate, authz.Registry(authz.KindMedia, m.ID, m.UnitID)) == nil
	if v.History, err = s.svc.MediaHistory(ctx, a, id); err != nil {
		return v, err
	}
	v.Attachments, err = s.attachments(r, v.Page, "media", id, "/new-media/"+itoa(id))
	return v, err
}

type mediaFormView struct {
	Page
	Account domain.MediaAccount
	New     bool
	Units   []treeNode
	Kinds   []domain.MediaKind
	Systems []*domain.System // the systems of the form's units the viewer may see (the use case checks the unit)
}

func (s *Server) mediaFormView(r *http.Request, rq *request, m domain.MediaAccount, isNew bool) (mediaFormView, error) {
	title := i18n.T(rq.lang, "newmedia.new")
	if !isNew {
		title = i18n.T(rq.lang, "newmedia.edit", m.Name)
	}
	v := mediaFormView{Page: s.page(r, title, crumb{"/new-media", i18n.T(rq.lang, "nav.newmedia")}, crumb{"", title}), Account: m, New: isNew,
		Kinds: domain.MediaKinds}
	var err error
	if v.Units, err = s.siteCreatableUnits(r, rq, authz.KindMedia, authz.MediaCreate); err != nil {
		return v, err
	}
	units := map[int64]bool{}
	for _, u := range v.Units {
		units[u.ID] = true
	}
	sys, err := s.svc.Systems(r.Context(), rq.auth.Actor, app.SystemFilter{})
	for _, x := range sys.Items {
		if units[x.UnitID] || x.ID == m.SystemID {
			v.Systems = append(v.Systems, x)
		}
	}
	return v, err
}

func (s *Server) mediaNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	v, err := s.mediaFormView(r, rq, domain.MediaAccount{UnitID: rq.auth.Actor.UnitID, Kind: domain.MediaWechatSubscription}, true)
	if err != nil {
		return err
	}
	if len(v.Units) == 0 {
		return domain.Forbidden()
	}
	s.render(w, r, http.StatusOK, "media_form", v)
	return nil
}

func (s *Server) mediaCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	e, err := bound[app.MediaEdit](r)
	var m domain.MediaAccount
	e.Apply(&m)
	if err == nil {
		err = s.svc.CreateMediaAccount(r.Context(), rq.auth.Actor, &m)
	}
	return s.saved(w, r, err, "media_form", "/new-media/"+itoa(m.ID), func() (any, *Page, error) {
		v, err := s.mediaFormView(r, rq, m, true)
		return &v, &v.Page, err
	})
}

func (s *Server) mediaEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.svc.MediaAccount(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	if err := authz.Can(rq.auth.Actor, authz.MediaUpdate, authz.Registry(authz.KindMedia, m.ID, m.UnitID)); err != nil {
		return err
	}
	v, err := s.mediaFormView(r, rq, *m, false)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "media_form", v)
	return nil
}

func (s *Server) mediaUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cur, err := s.svc.MediaAccount(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	e, err := bound[app.MediaEdit](r)
	if err == nil {
		_, err = s.svc.UpdateMediaAccount(r.Context(), rq.auth.Actor, id, e)
	}
	return s.saved(w, r, err, "media_form", "/new-media/"+itoa(id), func() (any, *Page, error) {
		form := *cur
		e.Apply(&form)
		form.Version = e.Version
		v, err := s.mediaFormView(r, rq, form, false)
		return &v, &v.Page, err
	})
}

func (s *Server) mediaStep(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	target, err := formInt(r, "merge_into_id")
	if err != nil {
		return err
	}
	st := app.MediaStep{Version: ver, Action: domain.MediaAction(r.PathValue("action")), Decision: domain.MediaDecision(r.PostFormValue("decision")),
		MergeInto: target, Note: r.PostFormValue("note")}
	if _, err := s.svc.TransitionMedia(r.Context(), rq.auth.Actor, id, st); err != nil {
		if code := domain.ErrorCode(err); code == domain.EInvalid || code == domain.EConflict {
			v, verr := s.mediaView(r, rq, id)
			if verr != nil {
				return verr
			}
			if err := s.formErr(r, &v.Page, err); err != nil {
				return err
			}
			s.render(w, r, errorStatus(err), "media", v)
			return nil
		}
		return err
	}
	redirect(w, r, "/new-media/"+itoa(id), "flash.saved")
	return nil
}

func (s *Server) apiMediaList(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	f, err := mediaFilter(r)
	if err != nil {
		return nil, err
	}
	f.Limit = limit
	p, err := s.svc.MediaAccounts(r.Context(), rq.auth.Actor, f)
	return pageOf(p), err
}

func (s *Server) apiMedia(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.MediaAccount(r.Context(), rq.auth.Actor, id)
}

func (s *Server) apiMediaCreate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	var in app.MediaEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	var m domain.MediaAccount
	in.Apply(&m)
	if err := s.svc.CreateMediaAccount(r.Context(), rq.auth.Actor, &m); err != nil {
		return nil, err
	}
	return s.svc.MediaAccount(r.Context(), rq.auth.Actor, m.ID)
}

func (s *Server) apiMediaUpdate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.MediaEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	if _, err := s.svc.UpdateMediaAccount(r.Context(), rq.auth.Actor, id, in); err != nil {
		return nil, err
	}
	return s.svc.MediaAccount(r.Context(), rq.auth.Actor, id)
}

func (s *Server) apiMediaTransition(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.MediaStep
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	return s.svc.TransitionMedia(r.Context(), rq.auth.Actor, id, in)
}
