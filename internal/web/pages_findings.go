package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
)

// The governance findings and waivers (治理发现、豁免, issue 11) on the pages: the list of what
// the rules found (/findings: its filters, the counts by clause and severity above it, each row
// linking to its record), a finding's page with the unit's waiver request form, the waivers
// (/waivers: the office's requests waiting first) and a waiver's page with the office's steps
// and its history; the section "治理规则发现" on every record's page (findingsSection); and
// the to-dos that read the findings instead of computing a clause.

func (s *Server) findingRoutes() {
	s.handle("GET /findings", s.ui(s.findingsPage))
	s.handle("GET /findings/{id}", s.ui(s.findingPage))
	s.handle("POST /findings/{id}/waiver", s.ui(s.waiverRequestPost))
	s.handle("GET /waivers", s.ui(s.waiversPage))
	s.handle("GET /waivers/{id}", s.ui(s.waiverPage))
	s.handle("POST /waivers/{id}/transition", s.ui(s.waiverStepPost))
}

// Values of the findings' filters that are no domain list of their own.
var (
	findingStatusFilter = []string{"open", "waived", "resolved", "all"} // "": live (open and waived)
	findingSeverities   = []string{"error", "warning", "info"}
)

// clauseIDs are the clause IDs a finding may cite (docs/RULES.md, the clause chips' source).
func clauseIDs() []string {
	list, _ := clauseRules()
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = c.ID
	}
	return out
}

// findingList reads the findings' filters, shared by the page, the API and its counts.
func findingList(r *http.Request) (app.FindingFilter, error) {
	q := filtersOf(r)
	f := app.FindingFilter{Kind: oneOf(q, "kind", domain.FindingSubjects), SubjectID: q.num("subject_id"), UnitID: q.num("unit_id"),
		RuleID: q.text("rule"), Clause: oneOf(q, "clause", clauseIDs()), Severity: oneOf(q, "severity", findingSeverities)}
	switch st := oneOf(q, "status", findingStatusFilter); st {
	case "all":
		f.All = true
	case "":
	default:
		f.Status = domain.FindingStatus(st)
	}
	f.After = q.cursor()
	if q.err == nil && f.SubjectID != 0 && f.Kind == "" {
		q.keep(domain.Invalid("kind", "err.finding.kind_needed"))
	}
	return f, q.err
}

// subjectHref is the page of a finding's or waiver's record.
func subjectHref(kind string, id int64) string {
	base := map[string]string{domain.SubjectSystem: "/systems/", domain.SubjectRoom: "/machine-rooms/", domain.SubjectWebsite: "/websites/",
		domain.SubjectMedia: "/new-media/", domain.SubjectUnit: "/units/", domain.SubjectBaseLibrary: "/base-libraries/",
		domain.SubjectApplication: "/projects/"}[kind]
	if base == "" {
		return ""
	}
	return base + itoa(id)
}

// SubjectHref, SubjectKind … name the findings' and waivers' values in the page's language.
func (p *helpers) SubjectHref(kind string, id int64) string { return subjectHref(kind, id) }
func (p *helpers) SubjectKind(kind string) string           { return p.T("findingkind." + kind) }
func (p *helpers) FindingStatus(st domain.FindingStatus) string {
	return p.T("findingstatus." + string(st))
}
func (p *helpers) FindingStatusName(filter string) string { return p.T("findingfilter." + filter) }
func (p *helpers) Severity(sev string) string             { return p.T("severity." + sev) }
func (p *helpers) SeverityBadge(sev string) string        { return severityBadges[sev] }
func (p *helpers) WaiverStatus(st domain.WaiverStatus) string {
	return p.T("waiverstatus." + string(st))
}
func (p *helpers) WaiverAct(a domain.WaiverAction) string  { return p.T("waiveraction." + string(a)) }
func (p *helpers) WaiverLabel(w *domain.Waiver) string     { return p.T("waiver.label", w.ID) }
func (p *helpers) GateName(g string) string                { return p.T("findings.gate." + g) }
func (p *helpers) GateOutcome(o string) string             { return p.T("findings.outcome." + o) }
func (p *helpers) FindingMessage(f *domain.Finding) string { return f.Message(string(p.Lang)) }
func (p *helpers) ViolationMessage(v app.GateViolation) string {
	return bilingual(p.Lang, v.MessageZH, v.MessageEN)
}
func (p *helpers) Clauses(cs []string) string                      { return strings.Join(cs, " · ") }
func (p *helpers) CountLabel(c app.FindingCount, by string) string { return countLabel(p, c, by) }

// The lists the filters offer.
func (p *helpers) KindOfFindings() []string              { return domain.FindingSubjects }
func (p *helpers) FindingStatusFilters() []string        { return findingStatusFilter }
func (p *helpers) FindingSeverities() []string           { return findingSeverities }
func (p *helpers) WaiverStatuses() []domain.WaiverStatus { return domain.WaiverStatuses }

// WaiverNeedsComment and WaiverAsksConfirm: refusing and revoking need the office's comment,
// and the page asks to confirm them first (domain.WaiverFlow).
func (p *helpers) WaiverNeedsComment(a domain.WaiverAction) bool {
	return a == domain.WaiverRefuse || a == domain.WaiverRevoke
}
func (p *helpers) WaiverAsksConfirm(a domain.WaiverAction) bool { return p.WaiverNeedsComment(a) }

// severityBadges are the badges of the severities (badge.go's kinds).
var severityBadges = map[string]string{"error": badgeRefused, "warning": badgeOverdue, "info": badgeProgress}

func bilingual(lang i18n.Lang, zh, en string) string {
	if lang == i18n.EN && en != "" {
		return en
	}
	return zh
}

// countLabel names a count's key: a clause as it is, a unit by its name, the others in words.
func countLabel(p *helpers, c app.FindingCount, by string) string {
	switch by {
	case "severity":
		return p.Severity(c.Key)
	case "kind":
		return p.SubjectKind(c.Key)
	case "unit":
		if c.Label != "" {
			return c.Label
		}
		return p.T("findings.district_own")
	}
	return c.Key
}

// --- the list ---------------------------------------------------------------------------------

type findingsView struct {
	listBase
	Items     []*domain.Finding
	Counts    app.FindingCounts
	ClauseIDs []string // the clauses to filter by
	query     url.Values
}

// Link is the list's address with the filter key set to val (a count's link), from page one.
func (v findingsView) Link(key, val string) template.URL {
	q := url.Values{}
	for k, x := range v.query {
		if k != "page" && k != "cursor" && k != "flash" {
			q[k] = x
		}
	}
	q.Set(key, val)
	return template.URL("/findings?" + q.Encode())
}

func (s *Server) findingsPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.findings", authz.KindFinding, nil, "status", "severity", "clause", "unit_id", "kind", "rule")
	if err != nil {
		return err
	}
	base.CanCreate = false
	v := findingsView{listBase: base, ClauseIDs: clauseIDs(), query: r.URL.Query()}
	f, err := findingList(r)
	if err != nil {
		return err
	}
	// The counts by clause, unit and severity add up to the list's 共 N 条 (the same condition,
	// findingWhere, in the same scope): the pager takes their total instead of counting the
	// live findings a second time (93,600 at city scale).
	if v.Counts, err = s.svc.CountFindingsBy(r.Context(), rq.auth.Actor, f); err != nil {
		return err
	}
	total := func(*app.Service, context.Context, domain.Actor, app.FindingFilter) (int, error) {
		return v.Counts.Total, nil
	}
	if v.Items, v.Pager, err = listOf(s, r, f, (*app.Service).Findings, total); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "findings", v)
	return nil
}

// --- a finding's page and the waiver request ------------------------------------------------

type findingView struct {
	Page
	F          *domain.Finding
	Waivers    []*domain.Waiver // of its record and rule, newest first
	CanRequest bool             // the unit's 责任人 or 联系人, while it is open and nothing waits or holds
	Reason     string           // what a refused request held
	ExpiresOn  string
	MaxDays    int
}

// mayRequestWaiver reports whether the actor may ask to waive f now: the unit's 责任人 or 联系人
// (the office decides, it does not ask), f open, and no request waiting nor waiver in force.
func mayRequestWaiver(a domain.Actor, f *domain.Finding, ws []*domain.Waiver) bool {
	if f.Status != domain.FindingOpen || f.UnitID == 0 || authz.Can(a, authz.WaiverRequest, authz.Registry(authz.KindWaiver, 0, f.UnitID)) != nil {
		return false
	}
	return !slices.ContainsFunc(ws, func(w *domain.Waiver) bool { return w.RuleID == f.RuleID && w.Blocks() })
}

func (s *Server) findingView(r *http.Request, rq *request, id int64) (*findingView, error) {
	a, ctx := rq.auth.Actor, r.Context()
	f, err := s.svc.Finding(ctx, a, id)
	if err != nil {
		return nil, err
	}
	title := i18n.T(rq.lang, "findings.one", f.RuleID, f.SubjectName)
	v := &findingView{F: f, MaxDays: domain.MaxWaiverDays,
		Page: s.page(r, title, crumb{"/findings", i18n.T(rq.lang, "nav.findings")}, crumb{"", title})}
	ws, err := s.svc.Waivers(ctx, a, app.WaiverFilter{Kind: f.SubjectKind, SubjectID: f.SubjectID, RuleID: f.RuleID, Limit: 50})
	if err != nil {
		return nil, err
	}
	v.Waivers = ws.Items
	v.CanRequest = mayRequestWaiver(a, f, v.Waivers)
	if r.Method == http.MethodPost {
		v.Reason, v.ExpiresOn = r.PostFormValue("reason"), r.PostFormValue("expires_on")
	}
	return v, nil
}

func (s *Server) findingPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	return showPage(s, "finding", s.findingView)(w, r, rq)
}

// waiverRequestPost files the unit's waiver request from the finding's page; a refusal shows
// the page again with each field's message and what was typed.
func (s *Server) waiverRequestPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	in := app.WaiverRequest{FindingID: id, Reason: r.PostFormValue("reason")}
	var errs domain.Problems
	if on := strings.TrimSpace(r.PostFormValue("expires_on")); on != "" {
		if in.ExpiresOn, err = time.Parse(time.DateOnly, on); err != nil {
			errs.Add(domain.Invalid("expires_on", "err.date"))
		}
	}
	var x *domain.Waiver
	if err = errs.Err(); err == nil {
		x, err = s.svc.RequestWaiver(r.Context(), rq.auth.Actor, in)
	}
	if err != nil {
		if c := domain.ErrorCode(err); c != domain.EInvalid && c != domain.EConflict {
			return err
		}
		v, verr := s.findingView(r, rq, id)
		if verr != nil {
			return verr
		}
		return s.refused(w, r, err, "finding", v, &v.Page)
	}
	redirect(w, r, "/waivers/"+itoa(x.ID), "flash.waiver_requested")
	return nil
}

// --- the waivers --------------------------------------------------------------------------------

// waiverList reads the waivers' filters, shared by the page and the API.
func waiverList(r *http.Request) (app.WaiverFilter, error) {
	q := filtersOf(r)
	f := app.WaiverFilter{Kind: oneOf(q, "kind", domain.FindingSubjects), SubjectID: q.num("subject_id"), UnitID: q.num("unit_id"),
		RuleID: q.text("rule"), Status: oneOf(q, "status", domain.WaiverStatuses)}
	f.After = q.cursor()
	if q.err == nil && f.SubjectID != 0 && f.Kind == "" {
		q.keep(domain.Invalid("kind", "err.finding.kind_needed"))
	}
	return f, q.err
}

type waiversView struct {
	listBase
	Waiting []*domain.Waiver // the requests waiting for the office's decision, first (its view without a status filter)
	Items   []*domain.Waiver
}

func (s *Server) waiversPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	base, err := s.listBase(r, rq, "nav.waivers", authz.KindWaiver, nil, "status", "unit_id", "rule")
	if err != nil {
		return err
	}
	base.CanCreate = false
	a := rq.auth.Actor
	v := waiversView{listBase: base}
	f, err := waiverList(r)
	if err != nil {
		return err
	}
	if f.Status == "" && authz.Can(a, authz.WaiverDecide, authz.Resource{Kind: authz.KindWaiver}) == nil {
		wf := f
		wf.Status, wf.Limit = domain.WaiverRequested, 100
		p, err := s.svc.Waivers(r.Context(), a, wf)
		if err != nil {
			return err
		}
		v.Waiting = p.Items
	}
	if v.Items, v.Pager, err = listOf(s, r, f, (*app.Service).Waivers, (*app.Service).CountWaivers); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "waivers", v)
	return nil
}

// waiverRows is a table of waivers (partial waiver_rows).
type waiverRows struct {
	Page
	Items []*domain.Waiver
}

// Rows is the table of xs.
func (v waiversView) Rows(xs []*domain.Waiver) *waiverRows { return &waiverRows{v.Page, xs} }

type waiverView struct {
	Page
	W         *domain.Waiver
	Steps     []domain.WaiverAction
	Finding   *domain.Finding // the finding it sets aside, when the viewer may read it
	Requester string
	Decider   string
	History   []*audit.Record
	Comment   string // what a refused step's form held
	Acted     domain.WaiverAction
}

func (s *Server) waiverView(r *http.Request, rq *request, id int64) (*waiverView, error) {
	a, ctx := rq.auth.Actor, r.Context()
	x, err := s.svc.Waiver(ctx, a, id)
	if err != nil {
		return nil, err
	}
	title := i18n.T(rq.lang, "waiver.label", x.ID)
	v := &waiverView{W: x, Steps: s.svc.WaiverSteps(a, x), Requester: s.svc.UserName(ctx, x.RequestedBy), Decider: s.svc.UserName(ctx, x.DecidedBy),
		Page: s.page(r, title, crumb{"/waivers", i18n.T(rq.lang, "nav.waivers")}, crumb{"", title})}
	if fs, err := s.svc.Findings(ctx, a, app.FindingFilter{Kind: x.SubjectKind, SubjectID: x.SubjectID, RuleID: x.RuleID, All: true, Limit: 1}); err == nil && len(fs.Items) > 0 {
		v.Finding = fs.Items[0]
	}
	if r.Method == http.MethodPost {
		v.Comment, v.Acted = r.PostFormValue("comment"), domain.WaiverAction(r.PostFormValue("action"))
	}
	v.History, err = s.svc.WaiverHistory(ctx, a, x.ID)
	return v, err
}

func (s *Server) waiverPage(w http.ResponseWriter, r *http.Request, rq *request) error {
	return showPage(s, "waiver", s.waiverView)(w, r, rq)
}

func (s *Server) waiverStepPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	id, ver, err := idVersion(r)
	if err != nil {
		return err
	}
	st := app.WaiverStep{Version: ver, Action: domain.WaiverAction(r.PostFormValue("action")), Comment: r.PostFormValue("comment")}
	if _, err := s.svc.TransitionWaiver(r.Context(), rq.auth.Actor, id, st); err != nil {
		if c := domain.ErrorCode(err); c != domain.EInvalid && c != domain.EConflict && c != domain.EUnprocessable {
			return err
		}
		v, verr := s.waiverView(r, rq, id)
		if verr != nil {
			return verr
		}
		return s.refused(w, r, err, "waiver", v, &v.Page)
	}
	redirect(w, r, "/waivers/"+itoa(id), "flash.saved")
	return nil
}

// --- the section on a record's page ---------------------------------------------------------

// findingsSection is the section "治理规则发现" of a record's page (partial "findings"): the
// record's live findings in the viewer's scope, each with its waiver (waiting or in force) and
// the request button for the unit's people; for an application also the gates' decisions.
type findingsSection struct {
	Page
	Show      bool
	Items     []findingRow
	Decisions []decisionRow // an application's gate decisions, newest first
	IsApp     bool
	Warnings  []app.GateViolation // an application's warnings the approval must acknowledge (the approve form)
	Plain     bool                // the messages without links: a viewer who reads the record, not its findings (a task book's bureaus)
}

// findingRow is a finding with its waiver and whether the viewer may ask for one.
type findingRow struct {
	*domain.Finding
	Waiver     *domain.Waiver
	CanRequest bool
}

// decisionRow is a gate's decision with its violations.
type decisionRow struct {
	*app.RuleDecision
	Violations []app.GateViolation
}

// Citing is the section with only the findings citing clause, and no gate decisions: a part of
// a record's findings shown where the clause is (a task book's deviations, BLD-R4).
func (v findingsSection) Citing(clause string) *findingsSection {
	out := &findingsSection{Page: v.Page, Show: v.Show, Plain: v.Plain}
	for _, f := range v.Items {
		if slices.Contains(f.Clauses, clause) {
			out.Items = append(out.Items, f)
		}
	}
	return out
}

// Open counts the section's open findings (the review section's line).
func (v findingsSection) Open() int {
	n := 0
	for _, f := range v.Items {
		if f.Status == domain.FindingOpen {
			n++
		}
	}
	return n
}

// findingsOf builds the section of the record of kind and id, of unit, for the viewer: only
// findings within the viewer's scope (a unit sees its own), so a record read by someone
// outside it (a public unit's page) shows nothing of them.
func (s *Server) findingsOf(r *http.Request, p Page, kind string, id, unit int64) (findingsSection, error) {
	a, ctx := reqOf(r).auth.Actor, r.Context()
	v := findingsSection{Page: p, IsApp: kind == domain.SubjectApplication}
	sc := authz.ReadScope(a, authz.KindFinding)
	v.Show = sc.All || sc.Has(unit)
	if !v.Show {
		return v, nil
	}
	fs, err := s.svc.Findings(ctx, a, app.FindingFilter{Kind: kind, SubjectID: id, Limit: 100})
	if err != nil {
		return v, err
	}
	var ws []*domain.Waiver
	if len(fs.Items) > 0 {
		p, err := s.svc.Waivers(ctx, a, app.WaiverFilter{Kind: kind, SubjectID: id, Limit: 100})
		if err != nil {
			return v, err
		}
		ws = p.Items
	}
	for _, f := range fs.Items {
		row := findingRow{Finding: f, CanRequest: mayRequestWaiver(a, f, ws)}
		for _, w := range ws { // newest first: the latest request waiting, or the waiver in force
			if w.RuleID == f.RuleID && (w.Status == domain.WaiverRequested || w.Status == domain.WaiverApproved) {
				row.Waiver = w
				break
			}
		}
		v.Items = append(v.Items, row)
	}
	if v.IsApp {
		ds, err := s.svc.RuleDecisions(ctx, a, id)
		if err != nil {
			return v, err
		}
		for _, d := range ds {
			v.Decisions = append(v.Decisions, decisionRow{RuleDecision: d, Violations: app.GateViolations(d)})
		}
	}
	return v, nil
}

// --- to-dos -------------------------------------------------------------------------------------

// findingTodo is the to-do "N …" counting the viewer's open findings of rule (their scope),
// linking to those findings; none when there are none or the viewer reads no findings.
func (s *Server) findingTodo(ctx context.Context, rq *request, rule, key, clause string) []todo {
	sc := authz.ReadScope(rq.auth.Actor, authz.KindFinding)
	if !sc.All && len(sc.UnitIDs) == 0 {
		return nil
	}
	n, err := s.svc.CountFindings(ctx, rq.auth.Actor, app.FindingFilter{RuleID: rule, Status: domain.FindingOpen})
	if err != nil || n == 0 {
		return nil
	}
	return []todo{{Text: i18n.T(rq.lang, key, n), Href: "/findings?rule=" + rule + "&status=open", Clause: clause}}
}

// waiverTodos: for the office, the waiver requests waiting for its decision.
func (s *Server) waiverTodos(r *http.Request) []todo {
	rq := reqOf(r)
	a := rq.auth.Actor
	if authz.Can(a, authz.WaiverDecide, authz.Resource{Kind: authz.KindWaiver}) != nil {
		return nil
	}
	n, err := s.svc.CountWaivers(r.Context(), a, app.WaiverFilter{Status: domain.WaiverRequested})
	if err != nil || n == 0 {
		return nil
	}
	return []todo{{Text: i18n.T(rq.lang, "todo.waivers_requested", n), Href: "/waivers?status=requested", Clause: "ORG-3"}}
}
