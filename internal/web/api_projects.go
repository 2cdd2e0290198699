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
			qOf[domain.ProjectStage]("stage", "Only the projects at this stage (FLOW-4)."),
			qFlag("awaiting", "`1`/`true`: only the projects whose current stage's materials are submitted and whose move on the office has not confirmed yet (FLOW-4)."),
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
			"In draft or returned for revision only (otherwise 409). Fields left out keep their values; a list given replaces the whole list. version (the one read) is required, a stale one answers 409. functions are the function points (功能点, issue 15): at most 50, each 2–60 characters, none twice (functions.<i>). component_ids are the published shared components (组件目录) it will use; a draft, retired or unknown component, or one named twice, is refused on component_ids. dup_answers are the unit's answers to the duplicate check's matches (GET …/duplicates), the whole list: {kind, id, answer: reuse | integrate | differs, reason} — differs needs a reason of at least 10 characters; problems are named dup_answers.<kind>.<id>[.answer|.reason]; name is read back. Every problem is named at once (422). Audited as project.update."),
		transition: withBody(s, (*app.Service).TransitionProject).says("Take a step of a project application",
			"The transition table decides (FLOW-2): submit (draft or returned → submitted, the unit) is refused with 422 naming every missing field at once — each mandatory requirement of the guide unanswered (responses.<clause>), no catalog entry and no no_data declaration (catalog_ids, SHR-R3), no budget, no content, a total over the plan item's budget without budget_justification, no function points (functions), a match of the duplicate check among the top 10 above the threshold without an answer (dup_answers.<kind>.<id>, issue 15; the check is run in the step's transaction); review (submitted → under_review), approve (under_review → approved, with approved_budget between 1 and the requested total less the budget cuts the office recorded for duplicated function points), return (submitted or under_review → returned, comment required) and reject (under_review → rejected, comment required) are the office's. A step impossible from the current state, or a stale version (two reviewers deciding at once: the second), answers 409; a step the caller may not take 403. Submitting notifies the office; a return, rejection or approval notifies the unit's 责任人 and 联系人, and an approval that files a draft cloud request (ENV-R1) also asks them, with a link to it, to complete and submit it. Audited as project.<action>. The governance rules (issue 11) are checked at submit and approve in the step's transaction: a rule enforced deny at the gate (ENV-R1 building, extending or renovating a machine room, BLD-P2, SHR-R1, SHR-R3, ENV-R2 at approval …) refuses the step with 422 (code unprocessable), `rule` naming the first and `fields` listing every violated rule with its clauses and message, nothing changed; rules enforced warn at approval must be acknowledged with acknowledge_warnings true (else 422 on acknowledge_warnings, each warning in `fields`). Every decision, a refusal too, is kept with its rule-set version (the application's page lists them)."),
		history: apiOp{h: s.apiHistory((*app.Service).ProjectHistory)}.says("A project application's history",
			"The audit records of this application, every returned round included, newest first."),
	}
}

// projectsAPIRoutes are the register's rows and the list of the plan items an application may
// be for.
func (s *Server) projectsAPIRoutes() []apiRoute {
	routes := append(s.registerRoutes(s.projectsAPI()), s.registerRoutes(s.taskBooksAPI())...)
	routes = append(routes, s.projectDupAPI()...) // issue 15: the duplicate-construction check
	return append(append(routes, s.taskBookAPIRoutes()...), apiRoute{
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

// taskBooksAPI is the list of the task books (项目任务书, FLOW-3, BLD-R4); each is read, issued
// and recorded under its project (taskBookAPIRoutes).
func (s *Server) taskBooksAPI() apiRegister {
	return apiRegister{base: "/api/v1/task-books", tag: "projects", one: "TaskBook", many: "TaskBooks", the: "task book", these: "task books",
		filters: []param{
			qInt("year", "Only the task books of this year's projects."),
			qInt("unit_id", "Only this unit's task books."),
			qFlag("deviation", "`1`/`true`: only the task books deviating from their indicators (BLD-R4): those whose application has a live finding (open or waived) of a rule citing BLD-R4 — the default rules BLD-R4.over-budget, BLD-R4.category-over-budget, BLD-R4.milestone-late and BLD-R4.milestone-overdue: spend over the approved budget in total or in a category, a milestone reached late, one past its planned date and not reached — as the rules found at the task book's last save or the daily sweep."),
		},
		list: pageList(s, taskBookList, func(f *app.TaskBookFilter, n int) app.ListSort { f.Limit = n; return app.SortID },
			(*app.Service).TaskBooks, nil).says("List task books",
			"Newest first, keyset-paginated. Whether a task book deviates from its indicators is not part of it: the governance rules judge it over the application, and GET /api/v1/findings?kind=application&subject_id={project_id}&clause=BLD-R4 lists what they found. Scoped by construction: the info office and the finance and audit bureaus see every task book, a unit's 责任人/联系人 and its leader in charge that unit's; others none."),
	}
}

// taskBookAPIRoutes are the task book's endpoints under its project (FLOW-3, BLD-R4).
func (s *Server) taskBookAPIRoutes() []apiRoute {
	read := recordAt(s, (*app.Service).ProjectTaskBook)
	issue := withBody(s, (*app.Service).IssueTaskBook)
	actuals := withBody(s, (*app.Service).RecordTaskBookActuals)
	return []apiRoute{{
		pattern: "GET /api/v1/projects/{id}/task-book", status: http.StatusOK, h: read.h, out: read.out,
		id: "getTaskBook", tag: "projects", sum: "Get a project's task book",
		doc:   "The task book (项目任务书, FLOW-3) of the project: number, issue date, addressee, the control indicators (approved budget in total and by category, scope, cloud quota, milestones), the governance requirements carried in (procurement: also a procurement requirement), and the unit's actuals (BLD-R4). The deviations from the indicators are the application's findings citing BLD-R4 (GET /api/v1/findings?kind=application&subject_id={id}&clause=BLD-R4), brought up to date in the transaction of every issue and record of actuals and by the daily sweep. The office, the finance and audit bureaus read every task book, the unit's people and its leader their own; anyone else, or a project without one, 404.",
		okDoc: "The task book.",
	}, {
		pattern: "POST /api/v1/projects/{id}/task-book", status: http.StatusOK, h: issue.h, in: issue.in, out: issue.out,
		id: "issueTaskBook", tag: "projects", sum: "Issue a project's task book",
		doc:   "The info office only (others 403; a project they may not see 404). The project must be approved and have no task book yet (else 409; two issues at once: the second). The number is the next of the year (机关代字〔年〕序号 with the governance settings' doc_number_prefix): sequential, no gap, no duplicate. Left out, scope is the application's new systems and content lines, milestones 招标/详细设计/实施/验收 at one, three, nine and twelve months, and every requirement carried in is a procurement requirement too (procurement lists the clauses otherwise). A plan without scope or milestones, a milestone without its planned date or named twice, a clause not carried in: 422 naming each. The unit's 责任人 and 联系人 are notified. Audited as taskbook.issue.",
		inDoc: "The scope, milestones and procurement clauses, each optional.", okDoc: "The task book issued.",
		errs: []int{http.StatusConflict},
	}, {
		pattern: "PUT /api/v1/projects/{id}/task-book/actuals", status: http.StatusOK, h: actuals.h, in: actuals.in, out: actuals.out,
		id: "recordTaskBookActuals", tag: "projects", sum: "Record a task book's actuals",
		doc:   "The unit's 责任人 or 联系人 (BLD-R4): spent replaces the spend by category; delivered names scope items now delivered; milestones give the dates reached (a zero date: not reached); items and milestones not named keep what they had. An unknown category, scope item or milestone, or a date after today: 422 naming each; a stale version 409. The application's BLD-R4 findings are re-evaluated in the same transaction (GET /api/v1/findings?kind=application&subject_id={id}&clause=BLD-R4). Audited as taskbook.actuals.",
		inDoc: "The version read and the actuals.", okDoc: "The task book as recorded.",
	}}
}

// projectDupAPI is the duplicate-construction check of an application (应用查重, issue 15): the
// check and the answers as they stand, and the office's verdicts in review.
func (s *Server) projectDupAPI() []apiRoute {
	return []apiRoute{
		recordAt(s, (*app.Service).ProjectDuplicates).says("Check an application for duplicate construction",
			"Whoever may read the application (the unit's people and leader, the office, its expert reviewers …; others 404). The application's proposal — name, content and function points — ranked against what the district already has (non-classified systems in service or under construction of every unit, published catalog entries, shared components), leaving out the systems it changes and those its approval registered: the top 10 matches, best first, each with its kind, id, name, unit, score (0–100), above (score ≥ threshold: the unit must answer it before submitting), the overlapping terms and, per function point of the application, the text of the match it overlaps. answers are the unit's answers (set with the application's edit, dup_answers), verdicts the office's (POST …/dup-verdicts).").
			route("GET /api/v1/projects/{id}/duplicates", "getProjectDuplicates", "projects", "The check, the answers and the verdicts."),
		withBody(s, (*app.Service).RecordDupVerdicts).says("Record the office's verdicts on duplicated function points",
			"The info office, on an application under review (otherwise 409; the unit's people and the experts 403, others 404). verdicts replaces the verdicts recorded before: per function point of the application (function, one verdict each) not_approved (不予建设: it duplicates the match named by kind and id) or cut (核减预算: amount in 元, at least 1, for its overlap with the match), with a note. A function point the application does not have, a match the check does not rank, a cut without an amount or cuts over the total: 422 naming each (dup_verdicts.<i>… with i the function point's index). version is the application's; a stale one 409. An approval then keeps the approved budget within the total less the cuts (422 on approved_budget), and the task book carries the verdicts. Audited as project.dup_verdicts.").
			route("POST /api/v1/projects/{id}/dup-verdicts", "recordProjectDupVerdicts", "projects", "The application with its verdicts.", 409),
	}
}
