package web

import (
	"net/http"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// Rectification notices (整改通知书, FLOW-4, FLOW-5) and halting (叫停) in the JSON API: the
// office issues a notice by hand and verifies the answers; the unit answers; the list is scoped
// (the office all, a unit its own, the finance and audit bureaus those sent to them). The
// office halts and resumes a project.

// rectList reads the notice list's filters (the API's, the page's).
func rectList(s *Server, r *http.Request, _ domain.Actor) (app.RectificationFilter, error) {
	q := filtersOf(r)
	f := app.RectificationFilter{ProjectID: q.num("project_id"), UnitID: q.num("unit_id"),
		Status: oneOf(q, "status", domain.RectStatuses), Bureaus: q.flag("bureaus"), Open: q.flag("open")}
	if q.flag("overdue") {
		f.OverdueOn = s.svc.Today()
	}
	f.After = q.cursor()
	return f, q.err
}

func (s *Server) rectificationsAPI() apiRegister {
	create := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		var in app.RectificationOpen
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		return s.svc.OpenRectification(r.Context(), rq.auth.Actor, in)
	}
	return apiRegister{base: "/api/v1/rectifications", tag: "projects", one: "Rectification", many: "Rectifications",
		the: "notice", these: "notices",
		filters: []param{
			qInt("project_id", "Only this project's notices."),
			qInt("unit_id", "Only this unit's notices."),
			qOf[domain.RectStatus]("status", "Only this status."),
			qFlag("overdue", "Only those the unit owes an answer past their deadline today."),
			qFlag("bureaus", "Only those sent to the finance and audit bureaus."),
			qFlag("open", "Only those not closed yet (issued, answered or returned)."),
		},
		list: pageList(s, rectList, byID, (*app.Service).Rectifications, nil).says("List rectification notices",
			"Newest first, keyset-paginated. Scoped by construction: the info office sees every notice, a unit's people and its leader their unit's, the finance and audit bureaus exactly those sent to them (found at bidding or acceptance, bureaus true); others none."),
		create: apiOp{h: create, in: app.RectificationOpen{}, out: &domain.Rectification{}}.says("Issue a rectification notice",
			"The info office only (FLOW-4, FLOW-5). source office (source_id 0) or supervision (source_id a supervision log entry of the same project, else 422 on source_id); a spot check's notices are opened by its round (source spot_check: 422). The project must have its task book (409). items: one to 50, each a clause, an outcome (not_responded, partial, improper) and the problem; deadline_days 1 to 60 working days. Every problem is named at once (422). The notice takes the next number of the office's documents of the year (the task books' sequence), its deadline is counted in working days from today, the unit's 责任人 and 联系人 are notified. The stage is the project's current one when it takes materials: at design the project is halted (project.halt), at bidding or acceptance every finance and audit bureau account is notified and may then read the notice, its project and its task book. Audited as rectification.create.").fails(409),
		get: recordAt(s, (*app.Service).Rectification).says("Get a rectification notice", "For the info office, the unit's people and leader, and — when it was sent to them — the finance and audit bureaus; others 404."),
		transition: withBody(s, (*app.Service).TransitionRectification).says("Verify a rectification notice",
			"The workflow decides (docs/workflows.md): accept (answered → closed) and return (answered → returned, comment required, 422) are the info office's; answer (issued or returned → answered) the unit's with the answers saved (the answer operation gives new ones). A step not possible from the status, or a stale version, is 409; the wrong party 403. Audited as rectification.<action>; the unit is told of the office's steps."),
		history: apiOp{h: s.apiHistory((*app.Service).RectificationHistory)}.says("A notice's history", "The audit records of the notice, newest first, for whoever may see it."),
	}
}

func (s *Server) rectificationsAPIRoutes() []apiRoute {
	answer := withBody(s, (*app.Service).AnswerRectification).says("Answer a rectification notice",
		"The unit's 责任人 or 联系人 (the office and the bureaus 403, another unit 404), while the notice is issued or returned (else 409; a stale version 409). answers holds one text per item in the notice's order (another count: 422 on answers); an empty answer (items.<i>.answer) and no evidence file (files: the notice's attachments, entity rectification) are each named (422). The office is notified. Audited as rectification.answer.")
	halt := withBody(s, (*app.Service).HaltProject).says("Halt a project",
		"The info office only (叫停, FLOW-4). The project must have its task book and not be halted already (409; a stale version 409); reason is required (422). While halted every stage step answers 409 (err.stage.halted). Audited as project.halt with the reason; the unit is notified.")
	resume := withBody(s, (*app.Service).ResumeProject).says("Resume a halted project",
		"The info office only. A project not halted, or one with a halting rectification notice not closed yet, answers 409 (a stale version too); reason is required (422). Audited as project.resume with the reason; the unit is notified.")
	return []apiRoute{
		answer.route("POST /api/v1/rectifications/{id}/answer", "answerRectification", "projects", "The notice after the answer.", http.StatusConflict),
		halt.route("POST /api/v1/projects/{id}/halt", "haltProject", "projects", "The project, halted.", http.StatusConflict),
		resume.route("POST /api/v1/projects/{id}/resume", "resumeProject", "projects", "The project, resumed.", http.StatusConflict),
	}
}
