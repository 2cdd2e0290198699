package web

import (
	"net/http"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// The overview's JSON API (issue 12, ORG-3): the same figures as the page /overview, its
// workbook, and the list of published spot checks its spot-check chart drills into.
func (s *Server) dashboardAPI() []apiRoute {
	dashboard := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		q, err := dashboardQuery(r)
		if err != nil {
			return nil, err
		}
		return s.svc.Dashboard(r.Context(), rq.auth.Actor, q)
	}
	checks := pageList(s, byRequest(publishedCheckList), byID, (*app.Service).PublishedSpotChecks, nil)
	unit := qInt("unit_id", "Only this unit, which must be in the caller's scope (otherwise 404).")
	const scope = "In the caller's read scope: the info office the whole district, a leader in charge (分管领导) the units they lead, a unit's 责任人/联系人 their unit; a login with no unit to read (experts, supervision units, the bureaus, administrators) gets 403."
	return []apiRoute{
		{pattern: "GET /api/v1/dashboard", status: http.StatusOK, h: dashboard,
			id: "getDashboard", tag: "dashboard", sum: "The governance overview (总览)",
			doc:   "The KPI cards and the charts' data of the overview page (issue 12, ORG-3). " + scope + " Every count carries `href`, the list page with the filters it counts (its 共 N 条 is the count): cloud adoption of the systems the rules want on the cloud (ENV-P1), machine rooms closed against those to close and past the deadline (ENV-R3), websites registered (PTL-R3), new-media decisions carried out (PTL-R4), running systems named by a published catalog entry (SHR-P3), applications of the latest declaration year and projects by stage (FLOW-2, FLOW-4), open findings, rectification notices not closed and overdue (FLOW-4), the providers' mean answer time of sharing requests and data-correction feedback over the last 12 months and the answers overdue (SHR-R6). Trends compare the last 12 months with the 12 before, from the records' own dates. Charts: migrations completed by month (24 months), rooms left to close by month since the policy date with the deadline, the funnel of statuses and stages, open findings by clause × unit (the 20 units with the most), spot-check outcomes of published rounds by stage, and every unit's row ranked by open findings.",
			query: []param{unit}, out: app.Dashboard{}, okDoc: "The overview.", errs: []int{404}},
		{pattern: "GET /api/v1/dashboard/export", status: http.StatusOK, h: s.apiXLSX(s.overviewExport),
			id: "exportDashboard", tag: "dashboard", sum: "Export the governance overview",
			doc:   "The overview as .xlsx: the cards' figures with their lists, every unit's row, open findings by clause × unit, the monthly series, the stages and the spot checks. " + scope,
			query: []param{unit}, out: xlsxAnswer, okDoc: "The workbook.", errs: []int{404}},
		{pattern: "GET /api/v1/spot-checks/published", status: http.StatusOK, h: checks.h,
			id: "listPublishedSpotChecks", tag: "dashboard", sum: "List the checks of published rounds",
			doc: "Every check of the published spot-check rounds (一公开, FLOW-4) of the units the caller reads (the office: all), newest first, keyset-paginated: what the overview's spot-check chart counts.",
			query: paged(qEnum("stage", "Only checks of rounds of this stage.", string(domain.StageBidding), string(domain.StageDesign), string(domain.StageAcceptance)),
				qOf[domain.SpotCheckStatus]("status", "Only checks with this outcome."), qInt("unit_id", "Only this unit's checks.")),
			out: list[*domain.SpotCheck]{}, okDoc: "The checks.", errs: []int{400}},
	}
}
