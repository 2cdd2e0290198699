package web

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// cloudRoutes registers the pages and API of government-cloud pools and resource requests (ENV-R1).
func (s *Server) cloudRoutes() {
	s.handle("GET /cloud", s.ui(s.cloudPage))
	s.handle("GET /cloud/pools/new", s.ui(s.cloudPoolNew))
	s.handle("POST /cloud/pools/new", s.ui(s.cloudPoolCreate))
	s.handle("GET /cloud/pools/{id}", s.ui(s.cloudPoolEdit))
	s.handle("POST /cloud/pools/{id}", s.ui(s.cloudPoolUpdate))
	s.handle("GET /cloud/requests", s.ui(s.cloudRequestsPage))
	s.handle("GET /cloud/requests/export.xlsx", s.ui(s.cloudRequestsExport))
	s.handle("GET /cloud/requests/new", s.ui(s.cloudRequestNew))
	s.handle("POST /cloud/requests/new", s.ui(s.cloudRequestCreate))
	s.handle("GET /cloud/requests/{id}", s.ui(showPage(s, "cloud_request", s.cloudRequestView)))
	s.handle("GET /cloud/requests/{id}/edit", s.ui(s.cloudRequestEdit))
	s.handle("POST /cloud/requests/{id}", s.ui(s.cloudRequestUpdate))
	s.handle("POST /cloud/requests/{id}/steps/{action}", s.ui(s.cloudRequestStep))

}

// cloudTodos are the office's open decisions on cloud requests (ENV-R1), for the home page.
func (s *Server) cloudTodos(r *http.Request) []todo {
	rq := reqOf(r)
	a := rq.auth.Actor
	if authz.Can(a, authz.CloudRequestDecide, authz.Resource{Kind: authz.KindCloudRequest}) != nil {
		return nil
	}
	n, err := s.svc.CountCloudRequests(r.Context(), a, app.CloudRequestFilter{Status: domain.CloudSubmitted})
	if err != nil || n == 0 {
		return nil
	}
	return []todo{{Text: i18n.T(rq.lang, "todo.cloud_submitted", n), Href: "/cloud/requests?status=submitted", Clause: "ENV-R1"}}
}

// CloudDim, CloudUnit, CloudStatus and CloudAction name the cloud's enumerations in the page's
// language; CloudQty shows a quantity with its unit (storage from 1 TiB on in TiB).
func (p *helpers) CloudDim(d domain.CloudDim) string  { return p.T("clouddim." + string(d)) }
func (p *helpers) CloudUnit(d domain.CloudDim) string { return p.T("cloudunit." + string(d)) }
func (p *helpers) CloudStatus(st domain.CloudRequestStatus) string {
	return p.T("cloudstatus." + string(st))
}
func (p *helpers) CloudAction(a domain.CloudAction) string { return p.T("cloudaction." + string(a)) }

func (p *helpers) CloudQty(d domain.CloudDim, n int64) string {
	if d == domain.DimStorage && n >= 1024 {
		return strings.TrimSuffix(strconv.FormatFloat(float64(n)/1024, 'f', 1, 64), ".0") + " TiB"
	}
	return strconv.FormatInt(n, 10) + " " + p.CloudUnit(d)
}

// CloudRes lists the non-zero quantities of r, e.g. "vCPU 8 核、内存 16 GiB".
func (p *helpers) CloudRes(r domain.CloudResources) string {
	var out []string
	for _, d := range domain.CloudDims {
		if n := r.Get(d); n != 0 {
			out = append(out, p.CloudDim(d)+" "+p.CloudQty(d, n))
		}
	}
	if len(out) == 0 {
		return "—"
	}
	return strings.Join(out, p.T("ui.list_sep"))
}

type cloudView struct {
	Page
	Use           *app.CloudUtilisation
	Dims          []domain.CloudDim
	CanCreatePool bool
	CanRequest    bool
}

func (s *Server) cloudPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, err := s.svc.CloudUtilisation(r.Context(), rq.auth.Actor)
	if err != nil {
		return err
	}
	v := cloudView{Page: s.page(r, i18n.T(rq.lang, "cloud.title")), Use: u, Dims: domain.CloudDims}
	v.Crumbs = v.Crumbs[:1]
	a := rq.auth.Actor
	v.CanCreatePool = authz.Can(a, authz.CloudPoolCreate, authz.Resource{Kind: authz.KindCloudPool}) == nil
	v.CanRequest = keeper(a)
	s.render(w, r, http.StatusOK, "cloud", v)
	return nil
}

// pool form -----------------------------------------------------------------------------------

type cloudPoolFormView struct {
	Page
	Pool    domain.CloudPool
	New     bool
	Dims    []domain.CloudDim
	History []*audit.Record
}

// Get reads one dimension of a CloudResources in a template.
func (cloudPoolFormView) Get(c domain.CloudResources, d domain.CloudDim) int64 { return c.Get(d) }

func (s *Server) renderPoolForm(w http.ResponseWriter, r *http.Request, rq *request, p domain.CloudPool, isNew bool, status int, err error) error {
	title := i18n.T(rq.lang, "cloud.pool_new")
	if !isNew {
		title = i18n.T(rq.lang, "cloud.pool_edit", p.Name)
	}
	v := cloudPoolFormView{Page: s.page(r, title, crumb{"/cloud", i18n.T(rq.lang, "cloud.title")}, crumb{"", title}), Pool: p, New: isNew, Dims: domain.CloudDims}
	if !isNew {
		var herr error
		if v.History, herr = s.svc.CloudPoolHistory(r.Context(), rq.auth.Actor, p.ID); herr != nil {
			return herr
		}
	}
	if err != nil {
		return s.refused(w, r, err, "cloud_pool_form", &v, &v.Page)
	}
	s.render(w, r, status, "cloud_pool_form", v)
	return nil
}

func (s *Server) cloudPoolNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	if err := authz.Can(rq.auth.Actor, authz.CloudPoolCreate, authz.Resource{Kind: authz.KindCloudPool}); err != nil {
		return err
	}
	return s.renderPoolForm(w, r, rq, domain.CloudPool{}, true, http.StatusOK, nil)
}

// cloudResFromForm reads the five quantities (prefix "" or "granted_"); each value that is not
// a whole number is a field error.
func cloudResFromForm(r *http.Request, prefix string) (domain.CloudResources, error) {
	var c domain.CloudResources
	var errs domain.Problems
	for _, d := range domain.CloudDims {
		n, err := formInt(r, prefix+string(d))
		errs.Add(err)
		*c.Ptr(d) = n
	}
	return c, errs.Err()
}

func poolFromForm(r *http.Request) (app.CloudPoolEdit, error) {
	var e app.CloudPoolEdit
	var errs domain.Problems
	errs.Add(bindForm(r, &e))
	c, err := cloudResFromForm(r, "")
	errs.Add(err)
	e.Capacity = &c
	return e, errs.Err()
}

func (s *Server) cloudPoolCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	e, err := poolFromForm(r)
	var p domain.CloudPool
	e.Apply(&p)
	if err == nil {
		err = s.svc.CreateCloudPool(r.Context(), rq.auth.Actor, &p)
	}
	if err != nil {
		return s.renderPoolForm(w, r, rq, p, true, 0, err)
	}
	redirect(w, r, "/cloud", "flash.saved")
	return nil
}

func (s *Server) cloudPoolEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	p, err := s.svc.CloudPool(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	if err := authz.Can(rq.auth.Actor, authz.CloudPoolUpdate, authz.CloudPool(id)); err != nil {
		return err
	}
	return s.renderPoolForm(w, r, rq, *p, false, http.StatusOK, nil)
}

func (s *Server) cloudPoolUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cur, err := s.svc.CloudPool(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	e, err := poolFromForm(r)
	if err == nil {
		_, err = s.svc.UpdateCloudPool(r.Context(), rq.auth.Actor, id, e)
	}
	if err != nil {
		return s.renderPoolForm(w, r, rq, asSent(cur, e), false, 0, err)
	}
	redirect(w, r, "/cloud", "flash.saved")
	return nil
}

// request list --------------------------------------------------------------------------------

// cloudRequestFilter reads the list filters shared by the page, the export and the API.
func cloudRequestFilter(r *http.Request) (app.CloudRequestFilter, error) {
	q := filtersOf(r)
	f := app.CloudRequestFilter{Query: q.text("q"), Status: oneOf(q, "status", domain.CloudRequestStatuses),
		UnitID: q.num("unit_id"), PoolID: q.num("pool_id"), SystemID: q.num("system_id"), Before: q.cursor()}
	return f, q.err
}

type cloudRequestsView struct {
	Page
	Requests  []*domain.CloudRequest
	Q         map[string]string
	Units     []treeNode
	Pools     []*domain.CloudPool
	Systems   []*domain.System
	Statuses  []domain.CloudRequestStatus
	Pager     pager
	Export    template.URL
	CanCreate bool
}

// visibleSystems lists the systems the actor may see (for the request form and the filter).
func (s *Server) visibleSystems(r *http.Request, a domain.Actor) ([]*domain.System, error) {
	var out []*domain.System
	f := app.SystemFilter{Limit: 200}
	for {
		p, err := s.svc.Systems(r.Context(), a, f)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Items...)
		if p.NextCursor == 0 {
			return out, nil
		}
		f.After = p.NextCursor
	}
}

func (s *Server) cloudRequestsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	v := cloudRequestsView{Page: s.page(r, i18n.T(rq.lang, "cloud.requests"), crumb{"/cloud", i18n.T(rq.lang, "cloud.title")}, crumb{"", i18n.T(rq.lang, "cloud.requests")}),
		Statuses: domain.CloudRequestStatuses, Q: asked(r, "q", "unit_id", "status", "pool_id", "system_id")}
	f, err := cloudRequestFilter(r)
	if err != nil {
		return err
	}
	a := rq.auth.Actor
	v.Requests, v.Pager, err = listOf(s, r, f, (*app.Service).CloudRequests, (*app.Service).CountCloudRequests)
	if err != nil {
		return err
	}
	v.Export = filtersOnly(r)
	if v.Units, err = s.readableUnits(r, a, authz.KindCloudRequest); err != nil {
		return err
	}
	if v.Pools, err = s.svc.CloudPools(r.Context(), a); err != nil {
		return err
	}
	if v.Systems, err = s.visibleSystems(r, a); err != nil {
		return err
	}
	v.CanCreate = keeper(a)
	s.render(w, r, http.StatusOK, "cloud_requests", v)
	return nil
}

func (s *Server) cloudRequestsExport(w http.ResponseWriter, r *http.Request, rq *request) error {
	return s.xlsxExport("cloud-requests", exportOf(cloudRequestFilter, (*app.Service).ExportCloudRequests))(w, r, rq)
}

// request detail ------------------------------------------------------------------------------

type cloudRequestView struct {
	Page
	Req     *domain.CloudRequest
	Pool    *domain.CloudPool
	Steps   []domain.CloudAction // the steps other than the office's decision
	Decide  bool                 // the office may decide now (approve, reject, return)
	CanEdit bool
	History []*audit.Record
	Dims    []domain.CloudDim
	Granted domain.CloudResources // the decision form's values
	// Evidence: the unit's deployment plan, the office's approval, the release confirmation.
	Attachments attachmentsView
}

// Get reads one dimension of a CloudResources in a template.
func (cloudRequestView) Get(c domain.CloudResources, d domain.CloudDim) int64 { return c.Get(d) }

// cloudChangeLabels name the request's fields in its history.
var cloudChangeLabels = map[string]string{"requested": "cloud.requested", "granted": "cloud.granted", "decision_note": "cloud.decision_note",
	"decided_at": "cloud.decided_at", "pool_name": "cloud.pool", "justification": "field.justification", "period_start": "field.period_start",
	"period_end": "field.period_end", "status": "field.status", "note": "field.note", "system_name": "cloud.system", "unit_name": "field.unit",
	"name": "field.name", "description": "cloud.description", "capacity": "cloud.capacity"}

func (s *Server) cloudRequestView(r *http.Request, rq *request, id int64) (cloudRequestView, error) {
	a := rq.auth.Actor
	req, err := s.svc.CloudRequest(r.Context(), a, id)
	if err != nil {
		return cloudRequestView{}, err
	}
	title := i18n.T(rq.lang, "cloud.request_title", req.ID)
	v := cloudRequestView{Page: s.page(r, title, crumb{"/cloud", i18n.T(rq.lang, "cloud.title")}, crumb{"/cloud/requests", i18n.T(rq.lang, "cloud.requests")}, crumb{"", title}),
		Req: req, Dims: domain.CloudDims, Granted: req.Requested}
	v.Pool, _ = s.svc.CloudPool(r.Context(), a, req.PoolID)
	for _, st := range s.svc.CloudRequestSteps(a, req) {
		if st.Decides() {
			v.Decide = true
		} else {
			v.Steps = append(v.Steps, st)
		}
	}
	v.CanEdit = req.Status == domain.CloudDraft && authz.Can(a, authz.CloudRequestUpdate, authz.Registry(authz.KindCloudRequest, req.ID, req.UnitID)) == nil
	if v.History, err = s.svc.CloudRequestHistory(r.Context(), a, id); err != nil {
		return v, err
	}
	v.Attachments, err = s.attachments(r, v.Page, "cloudrequest", id, "/cloud/requests/"+itoa(id))
	return v, err
}

func (s *Server) cloudRequestStep(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	act := domain.CloudAction(r.PathValue("action"))
	st := app.CloudStep{Version: ver, Action: act, Note: r.PostFormValue("note")}
	var granted domain.CloudResources
	if act == domain.CloudApprove {
		if granted, err = cloudResFromForm(r, "granted_"); err == nil {
			st.Granted = &granted
		}
	}
	if err == nil {
		_, err = s.svc.TransitionCloudRequest(r.Context(), rq.auth.Actor, id, st)
	}
	if err != nil {
		if !slices.Contains(shownOnPage, domain.ErrorCode(err)) {
			return err
		}
		v, verr := s.cloudRequestView(r, rq, id)
		if verr != nil {
			return verr
		}
		if act == domain.CloudApprove {
			v.Granted = granted
		}
		return s.refused(w, r, err, "cloud_request", &v, &v.Page)
	}
	redirect(w, r, "/cloud/requests/"+itoa(id), "flash.saved")
	return nil
}

// request form --------------------------------------------------------------------------------

type cloudRequestFormView struct {
	Page
	Req     domain.CloudRequest
	New     bool
	Units   []treeNode
	Systems []*domain.System
	Pools   []*domain.CloudPool
	Dims    []domain.CloudDim
}

// Get reads one dimension of a CloudResources in a template.
func (cloudRequestFormView) Get(c domain.CloudResources, d domain.CloudDim) int64 { return c.Get(d) }

func (s *Server) renderRequestForm(w http.ResponseWriter, r *http.Request, rq *request, req domain.CloudRequest, isNew bool, status int, err error) error {
	a := rq.auth.Actor
	title := i18n.T(rq.lang, "cloud.request_new")
	if !isNew {
		title = i18n.T(rq.lang, "cloud.request_edit", req.ID)
	}
	v := cloudRequestFormView{Page: s.page(r, title, crumb{"/cloud", i18n.T(rq.lang, "cloud.title")}, crumb{"/cloud/requests", i18n.T(rq.lang, "cloud.requests")}, crumb{"", title}),
		Req: req, New: isNew, Dims: domain.CloudDims}
	mine, lerr := s.creatableUnits(r, a, authz.KindCloudRequest, authz.CloudRequestCreate)
	if lerr != nil {
		return lerr
	}
	if len(mine) == 0 {
		return domain.Forbidden()
	}
	v.Units = flatten(mine)
	ok := map[int64]bool{}
	for _, u := range mine {
		ok[u.ID] = true
	}
	systems, lerr := s.visibleSystems(r, a)
	if lerr != nil {
		return lerr
	}
	for _, sys := range systems {
		if ok[sys.UnitID] && (isNew || sys.UnitID == req.UnitID) && (domain.CloudEligible(sys) == nil || sys.ID == req.SystemID) {
			v.Systems = append(v.Systems, sys)
		}
	}
	if v.Pools, lerr = s.svc.CloudPools(r.Context(), a); lerr != nil {
		return lerr
	}
	if err != nil {
		return s.refused(w, r, err, "cloud_request_form", &v, &v.Page)
	}
	s.render(w, r, status, "cloud_request_form", v)
	return nil
}

// requestFromForm reads the form into an edit and the unit (for a new request); a number or a
// date that does not parse is a field error.
func requestFromForm(r *http.Request) (app.CloudRequestEdit, int64, error) {
	var e app.CloudRequestEdit
	var errs domain.Problems
	errs.Add(bindForm(r, &e))
	q, err := cloudResFromForm(r, "")
	errs.Add(err)
	e.Requested = &q
	unit, err := formInt(r, "unit_id")
	errs.Add(err)
	return e, unit, errs.Err()
}

func (s *Server) cloudRequestNew(w http.ResponseWriter, r *http.Request, rq *request) error {
	a := rq.auth.Actor
	req := domain.CloudRequest{UnitID: a.UnitID}
	d := s.svc.Now().In(i18n.Zone)
	req.PeriodStart = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
	req.PeriodEnd = req.PeriodStart.AddDate(3, 0, -1)
	return s.renderRequestForm(w, r, rq, req, true, http.StatusOK, nil)
}

func (s *Server) cloudRequestCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	e, unit, err := requestFromForm(r)
	req := domain.CloudRequest{UnitID: unit}
	e.Apply(&req)
	if err == nil {
		err = s.svc.CreateCloudRequest(r.Context(), rq.auth.Actor, &req)
	}
	if err != nil {
		return s.renderRequestForm(w, r, rq, req, true, 0, err)
	}
	redirect(w, r, "/cloud/requests/"+itoa(req.ID), "flash.saved")
	return nil
}

func (s *Server) cloudRequestEdit(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	req, err := s.svc.CloudRequest(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	if err := authz.Can(rq.auth.Actor, authz.CloudRequestUpdate, authz.Registry(authz.KindCloudRequest, req.ID, req.UnitID)); err != nil {
		return err
	}
	if req.Status != domain.CloudDraft {
		return domain.Errorf(domain.EConflict, "err.cloud.not_draft", "cloudstatus."+string(req.Status))
	}
	return s.renderRequestForm(w, r, rq, *req, false, http.StatusOK, nil)
}

func (s *Server) cloudRequestUpdate(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	cur, err := s.svc.CloudRequest(r.Context(), rq.auth.Actor, id)
	if err != nil {
		return err
	}
	e, _, err := requestFromForm(r)
	if err == nil {
		_, err = s.svc.UpdateCloudRequest(r.Context(), rq.auth.Actor, id, e)
	}
	if err != nil {
		return s.renderRequestForm(w, r, rq, asSent(cur, e), false, 0, err)
	}
	redirect(w, r, "/cloud/requests/"+itoa(id), "flash.saved")
	return nil
}
