package web

import (
	"io/fs"
	"net/http"
)

func (s *Server) routesInit() {
	// The JSON API and the operations endpoints: the route table (api_routes.go), from which
	// the OpenAPI document is written as well.
	for _, rt := range s.apiRoutes() {
		h := rt.raw
		if h == nil {
			h = s.api(rt.status, rt.h)
		}
		s.handle(rt.pattern, h)
	}
	s.handle("GET /api/", func(w http.ResponseWriter, r *http.Request) { s.apiError(w, r, s.notFound()) })

	// Metrics are served on a listener of their own (MetricsHandler); here /metrics is an
	// ordinary 404, so a proxy forwarding everything to this listener cannot expose them.
	s.handle("GET /metrics", http.NotFound)
	static, _ := fs.Sub(assets, "static")
	fileServer := http.StripPrefix("/static/", http.FileServerFS(static))
	s.handle("GET /static/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		fileServer.ServeHTTP(w, r)
	})

	// Login steps.
	s.handle("GET /login", s.loginForm)
	s.handle("POST /login", s.loginSubmit)
	s.handle("GET /login/totp", s.step(s.totpForm))
	s.handle("POST /login/totp", s.step(s.totpSubmit))
	s.handle("GET /password", s.step(s.passwordForm))
	s.handle("POST /password", s.step(s.passwordSubmit))
	s.handle("POST /logout", s.step(s.logout))
	s.handle("GET /lang/{lang}", s.setLang)
	s.handle("GET /profile/totp", s.step(s.totpEnrollForm))
	s.handle("POST /profile/totp", s.step(s.totpEnrollSubmit))

	// Pages.
	s.handle("GET /", s.ui(s.home))
	s.handle("GET /units", s.ui(s.unitsPage))
	s.handle("GET /units/new", s.ui(s.unitNew))
	s.handle("POST /units/new", s.ui(s.unitCreate))
	s.handle("GET /units/{id}", s.ui(s.unitPage))
	s.handle("GET /units/{id}/edit", s.ui(s.unitEdit))
	s.handle("POST /units/{id}", s.ui(s.unitUpdate))
	s.handle("POST /units/{id}/move", s.ui(s.unitMove))
	s.handle("POST /units/{id}/deactivate", s.ui(s.unitSetActive(false)))
	s.handle("POST /units/{id}/activate", s.ui(s.unitSetActive(true)))
	s.handle("GET /users", s.ui(s.usersPage))
	s.handle("GET /users/new", s.ui(s.userNew))
	s.handle("POST /users/new", s.ui(s.userCreate))
	s.handle("GET /users/{id}", s.ui(showPage(s, "user", s.userView)))
	s.handle("POST /users/{id}", s.ui(s.userUpdate))
	s.handle("POST /users/{id}/disable", s.ui(s.userSetDisabled(true)))
	s.handle("POST /users/{id}/enable", s.ui(s.userSetDisabled(false)))
	s.handle("POST /users/{id}/reset-password", s.ui(s.userReset))
	s.handle("POST /users/{id}/unlock", s.ui(s.userUnlock))
	s.handle("POST /users/{id}/roles", s.ui(s.userRoles))
	s.handle("GET /systems", s.ui(s.systemsPage))
	s.sheetRoutes("/systems", systemsPages)
	systemPages.routes(s)   // pages_systems.go
	s.roomRoutes()          // pages_rooms.go: machine rooms (ENV-P2, ENV-P3, ENV-R3)
	s.guideRoutes()         // pages_guides.go: annual declaration guides (FLOW-1)
	s.componentRoutes()     // pages_components.go: the shared component catalog (issue 15)
	s.noticeRoutes()        // pages_notices.go: notices and technical standards (ORG-4, ORG-5)
	s.ruleRoutes()          // pages_rules.go: the governance rule set, its editor, versions, import and export (issue 11)
	s.siteRoutes()          // pages_sites.go: websites and new media (PTL-R3, PTL-R4)
	s.baseLibraryRoutes()   // pages_baselib.go: base libraries and their providers (SHR-P2, SHR-R5)
	s.cloudRoutes()         // pages_cloud.go: government-cloud pools and requests (ENV-R1)
	s.planRoutes()          // pages_plans.go: migration (ENV-R2) and docking (SHR-R8) plans on systems
	s.attachmentRoutes()    // pages_attachments.go: evidence files on records
	s.governanceRoutes()    // pages_governance.go: the governance settings
	s.catalogRoutes()       // pages_catalog.go: the information resource catalog (SHR-P3, SHR-R3, SHR-R4)
	s.sharingRoutes()       // pages_sharing.go: sharing requests (国发〔2016〕51号)
	s.feedbackRoutes()      // pages_feedback.go: data-correction feedback (SHR-R6)
	s.inboxRoutes()         // pages_inbox.go: the caller's notifications (ORG-4)
	s.annualPlanRoutes()    // pages_annualplans.go: the units' annual plans and the district plan (BLD-R1, BLD-R2)
	s.expertRoutes()        // pages_experts.go: the expert pool (BLD-R3)
	s.drawRoutes()          // pages_draws.go: the verifiable draws of experts (BLD-R3)
	s.projectRoutes()       // pages_projects.go: project applications (FLOW-2, BLD-P2, BLD-P3, SHR-R3)
	s.stageRoutes()         // pages_stages.go: a project's stages after its task book (FLOW-4)
	s.taskBookRoutes()      // pages_taskbooks.go: task books (FLOW-3, BLD-R4)
	s.supervisionRoutes()   // pages_supervision.go: key-project supervision (FLOW-5)
	s.spotCheckRoutes()     // pages_spotchecks.go: random spot-check rounds (FLOW-4)
	s.dashboardRoutes()     // pages_dashboard.go: the overview (issue 12, ORG-3)
	s.rectificationRoutes() // pages_rectifications.go: rectification notices, halting (FLOW-4)
	s.projectReviewRoutes() // pages_project_reviews.go: the expert review and the opinion (BLD-R3, FLOW-2)
	s.projectDupRoutes()    // pages_project_dup.go: the duplicate-construction check's answers and verdicts (issue 15)
	s.findingRoutes()       // pages_findings.go: governance findings and waivers (issue 11)
	s.dupCheckRoutes()      // pages_dupcheck.go: the duplicate-construction check (issue 15)
	s.archMapRoutes()       // pages_archmap.go: the architecture map (issue 12)
	s.officialDocRoutes()   // pages_offdocs.go: records as official documents, .docx and PDF (issue 12)
	s.assessmentRoutes()    // pages_assessments.go: department assessment and objections (ORG-3)
	s.handle("GET /audit", s.ui(s.auditPage))
	s.handle("GET /audit/export.xlsx", s.ui(func(w http.ResponseWriter, r *http.Request, rq *request) error {
		s.auditExport(w, r)
		return nil
	}))
	s.handle("POST /audit/verify", s.ui(s.auditVerify))
	s.handle("POST /audit/anchor", s.ui(s.auditAnchor))
	s.handle("GET /audit/security", s.ui(s.secEventsPage))
	s.handle("POST /audit/prune", s.ui(s.auditPrune))
	s.handle("GET /audit/{id}", s.ui(s.auditRecordPage))
	s.handle("GET /profile", s.ui(s.profilePage))
	s.handle("POST /profile/sessions/{sid}/end", s.ui(s.endSession))
	s.handle("POST /profile/logout-everywhere", s.ui(s.logoutEverywhere))
	s.handle("POST /profile/tokens", s.ui(s.tokenCreate))
	s.handle("POST /profile/tokens/{id}/revoke", s.ui(s.tokenRevoke))
	s.handle("POST /profile/totp/disable", s.ui(s.totpDisable))
	s.handle("GET /settings/security", s.ui(s.securityPage))
	s.handle("POST /settings/security", s.ui(s.securitySubmit))

}

func (s *Server) notFound() error { return errNotFound }

func (s *Server) apiAuditExport(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	s.auditExport(w, r)
	return nil, errHandled
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, statusBody{"ok"})
}

// readyz answers 200 only when the database answers and its schema is the one this binary
// expects, so a load balancer keeps traffic away from a replica that cannot serve it.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if err := s.svc.Ready(r.Context()); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, statusBody{err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, statusBody{"ready"})
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	b, err := OpenAPI()
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(b)
}
