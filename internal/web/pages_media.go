package web

import (
	"net/http"
	"slices"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
)

// mediaRoutes registers the new-media registry (PTL-R4), called from siteRoutes.
func (s *Server) mediaRoutes() {
	s.handle("GET /new-media", s.ui(s.mediaListPage))
	s.sheetRoutes("/new-media", mediaImport)
	mediaPages.routes(s)
}

// mediaPages describes the new-media account pages.
var mediaPages = &recordPages[domain.MediaAccount, app.MediaEdit, *mediaView, *mediaFormView]{
	base: "/new-media", nav: "nav.newmedia", detail: "media", form: "media_form",
	newTitle: "newmedia.new", editTitle: "newmedia.edit", name: func(x *domain.MediaAccount) string { return x.Name },
	kind: authz.KindMedia, createIn: authz.MediaCreate,
	get: (*app.Service).MediaAccount, mayEdit: mediaMayEdit,
	blank: func(a domain.Actor) domain.MediaAccount {
		return domain.MediaAccount{UnitID: a.UnitID, Kind: domain.MediaWechatSubscription}
	},
	create: (*app.Service).CreateMediaAccount, update: (*app.Service).UpdateMediaAccount,
	view: (*Server).mediaView, formView: (*Server).mediaFormView, step: (*Server).mediaStep,
}

var mediaImport = &sheetPages{book: app.MediaBook, nav: "nav.newmedia", title: "import.title", help: "import.help", key: "newmedia.f.account_id", name: "field.name",
	export: exportOf(mediaFilter, (*app.Service).ExportMedia)}

// MediaKind, MediaStatus, MediaDecision, MediaAction name the new-media enumerations.
func (p *helpers) MediaKind(k domain.MediaKind) string { return p.T("mkind." + string(k)) }
func (p *helpers) MediaStatus(s domain.MediaStatus) string {
	return p.T("mstatus." + string(s))
}
func (p *helpers) MediaDecision(d domain.MediaDecision) string {
	if d == "" {
		return "—"
	}
	return p.T("mdecision." + string(d))
}
func (p *helpers) MediaAction(a domain.MediaAction) string { return p.T("maction." + string(a)) }

func mediaFilter(r *http.Request) (app.MediaFilter, error) {
	q := filtersOf(r)
	f := app.MediaFilter{Query: q.text("q"), Sort: siteSort(q), Kind: oneOf(q, "kind", domain.MediaKinds),
		Status: oneOf(q, "status", domain.MediaStatuses), Decision: oneOf(q, "decision", domain.MediaDecisions),
		UnitID: q.num("unit_id"), SystemID: q.num("system_id"), After: q.cursor()}
	return f, q.err
}

type mediaListView struct {
	listBase
	Accounts  []*domain.MediaAccount
	Kinds     []domain.MediaKind
	Statuses  []domain.MediaStatus
	Decisions []domain.MediaDecision
}

func (s *Server) mediaListPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.newmedia", authz.KindMedia, nil, "q", "unit_id", "kind", "status", "decision", "sort")
	if err != nil {
		return err
	}
	v := mediaListView{listBase: base, Kinds: domain.MediaKinds, Statuses: domain.MediaStatuses, Decisions: domain.MediaDecisions}
	v.Accounts, v.Pager, err = listFrom(s, r, mediaFilter, (*app.Service).MediaAccounts, (*app.Service).CountMediaAccounts)
	if err != nil {
		return err
	}
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
	Findings  findingsSection // what the governance rules found (PTL-R4; pages_findings.go)
	// Evidence: the decision document, proof the account was closed or migrated.
	Attachments attachmentsView
}

// Decides reports whether step a carries a decision (the form asks for one).
func (mediaView) Decides(a domain.MediaAction) bool { return domain.StepCarriesDecision(a) }

func mediaMayEdit(a domain.Actor, m *domain.MediaAccount) error {
	return authz.Can(a, authz.MediaUpdate, authz.Registry(authz.KindMedia, m.ID, m.UnitID))
}

func (s *Server) mediaView(r *http.Request, rq *request, m *domain.MediaAccount, pg Page) (*mediaView, error) {
	ctx, a, id := r.Context(), rq.auth.Actor, m.ID
	v := &mediaView{Page: pg, Account: m, Decisions: domain.MediaDecisions}
	if m.SystemID != 0 {
		v.System, _ = s.svc.System(ctx, a, m.SystemID)
	}
	if m.MergeInto != 0 {
		v.MergeInto, _ = s.svc.MediaAccount(ctx, a, m.MergeInto)
	}
	v.Steps = s.svc.MediaSteps(a, m)
	if slices.Contains(v.Steps, domain.MediaPropose) || slices.Contains(v.Steps, domain.MediaDecide) {
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
	v.CanEdit = mediaMayEdit(a, m) == nil
	var err error
	if v.History, err = s.svc.MediaHistory(ctx, a, id); err != nil {
		return v, err
	}
	if v.Findings, err = s.findingsOf(r, v.Page, domain.SubjectMedia, id, m.UnitID); err != nil {
		return v, err
	}
	v.Attachments, err = s.attachments(r, v.Page, "media", id, "/new-media/"+itoa(id))
	return v, err
}

type mediaFormView struct {
	formBase
	Account domain.MediaAccount
	Kinds   []domain.MediaKind
	Systems []*domain.System // the systems of the form's units the viewer may see (the use case checks the unit)
}

func (s *Server) mediaFormView(r *http.Request, rq *request, f formBase, m domain.MediaAccount) (*mediaFormView, error) {
	v := &mediaFormView{formBase: f, Account: m, Kinds: domain.MediaKinds}
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

func (s *Server) mediaStep(r *http.Request, rq *request, id, ver int64) error {
	target, err := formInt(r, "merge_into_id")
	if err != nil {
		return err
	}
	st := app.MediaStep{Version: ver, Action: domain.MediaAction(r.PathValue("action")), Decision: domain.MediaDecision(r.PostFormValue("decision")),
		MergeInto: target, Note: r.PostFormValue("note")}
	_, err = s.svc.TransitionMedia(r.Context(), rq.auth.Actor, id, st)
	return err
}
