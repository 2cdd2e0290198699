package web

import (
	"net/http"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// projectsAPI is the project applications' JSON API (立项申请, FLOW-2, BLD-P2, BLD-P3, SHR-R3).
func (s *Server) projectsAPI() apiRegister {
	return apiRegister{base: "/api/v1/projects", tag: "projects", one: "Project", many: "Projects", the: "application", these: "applications",
		filters: []param{
			qInt("year", "Only this year's applications."),
			qInt("unit_id", "Only this unit's applications."),
			qOf[domain.ProjectStatus]("status", "Only this status."),
		},
		list: pageList(s, byRequest(projectList), func(f *app.ProjectFilter, n int) app.ListSort { f.Limit = n; return app.SortID },
			(*app.Service).Projects, nil).says("List project applications",
			"Newest first, keyset-paginated, without their rows (new_systems, responses, catalog_ids and plan_item are read with one application). Scoped by construction: the info office sees the district's, a unit's 责任人/联系人 and its leader in charge that unit's; others none."),
		create: createFrom[app.ProjectNew](s, (*app.Service).CreateProject, func(p *domain.Project) int64 { return p.ID },
			(*app.Service).Project).says("Start a project application",
			"By the unit's 责任人/联系人, in draft. plan_item_id must be an item of the unit's accepted annual plan of the year (BLD-P2; otherwise 422 on plan_item_id; GET /api/v1/projects/plan-items lists them); unit_id, year, name and kind default to the item's. The application answers the year's published declaration guide (none published: 422 on year) and keeps that revision whatever is published later. Budgets are whole yuan (元). system_ids and integrations must name the unit's own systems and catalog entries (BLD-P3); responses answer requirements of the guide: comply, partial (text: the plan) or na (text: the reason). Every problem is named at once (422). Audited as project.create."),
		get: recordAt(s, (*app.Service).Project).says("Get a project application",
			"With its plan item, the systems it builds, its answers, its catalog entries (catalog_ids: the entries whose project_id names it, SHR-R3). Another unit's application answers 404."),
		update: withBody(s, (*app.Service).UpdateProject).says("Edit a project application",
			"In draft or returned for revision only (otherwise 409). Fields left out keep their values; a list given replaces the whole list. version (the one read) is required, a stale one answers 409. Every problem is named at once (422). Audited as project.update."),
		transition: withBody(s, (*app.Service).TransitionProject).says("Take a step of a project application",
			"The transition table decides (FLOW-2): submit (draft or returned → submitted, the unit) is refused with 422 naming every missing field at once — each mandatory requirement of the guide unanswered (responses.<clause>), no catalog entry and no no_data declaration (catalog_ids, SHR-R3), no budget, no content, a total over the plan item's budget without budget_justification; review (submitted → under_review), approve (under_review → approved, with approved_budget between 1 and the requested total; machine-room work refused, ENV-R1), return (submitted or under_review → returned, comment required) and reject (under_review → rejected, comment required) are the office's. A step impossible from the current state, or a stale version (two reviewers deciding at once: the second), answers 409; a step the caller may not take 403. Submitting notifies the office; a return, rejection or approval notifies the unit's 责任人 and 联系人. Audited as project.<action>."),
		history: apiOp{h: s.apiHistory((*app.Service).ProjectHistory)}.says("A project application's history",
			"The audit records of this application, every returned round included, newest first."),
	}
}

// projectsAPIRoutes are the register's rows and the list of the plan items an application may
// be for.
func (s *Server) projectsAPIRoutes() []apiRoute {
	return append(s.registerRoutes(s.projectsAPI()), apiRoute{
		pattern: "GET /api/v1/projects/plan-items", status: http.StatusOK, h: s.apiProjectPlanItems,
		id: "listProjectPlanItems", tag: "projects",
		sum:   "List the plan items the caller may apply for",
		doc:   "The items of accepted annual plans (BLD-P2) of the units whose applications the caller may write, by year (newest first), unit and position; year narrows them. One page: next_cursor is empty.",
		query: []param{qInt("year", "Only this year's items.")},
		out:   list[*domain.PlanItemRef]{},
		okDoc: "The items.",
	})
}

func (s *Server) apiProjectPlanItems(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	year, err := formInt(r, "year")
	if err != nil {
		return nil, err
	}
	items, err := s.svc.ProjectPlanItems(r.Context(), rq.auth.Actor, int(year))
	return pageOf(app.Page[*domain.PlanItemRef]{Items: items}), err
}
