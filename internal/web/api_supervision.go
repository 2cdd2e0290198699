package web

import (
	"net/http"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// Key-project supervision (FLOW-5) in the JSON API: the office assigns or changes a key
// project's supervision unit; the supervision unit and the office append to the project's
// supervision log; the unit's people read it; a supervisor lists the projects they supervise.

func (s *Server) supervisionAPI() []apiRoute {
	assigned := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		limit, err := limitOf(r)
		if err != nil {
			return nil, err
		}
		f := app.SupervisionFilter{Limit: limit}
		if f.After, err = decodeCursor(r.URL.Query().Get("cursor")); err != nil {
			return nil, err
		}
		p, err := s.svc.Supervisions(r.Context(), rq.auth.Actor, f)
		return pageOf(p), err
	}
	entries := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		id, err := pathID(r)
		if err != nil {
			return nil, err
		}
		limit, err := limitOf(r)
		if err != nil {
			return nil, err
		}
		f := app.SupervisionLogFilter{Limit: limit, Kind: domain.SupervisionKind(r.URL.Query().Get("kind"))}
		if f.After, err = decodeCursor(r.URL.Query().Get("cursor")); err != nil {
			return nil, err
		}
		p, err := s.svc.SupervisionLog(r.Context(), rq.auth.Actor, id, f)
		return pageOf(p), err
	}
	add := withBody(s, (*app.Service).AddSupervisionEntry)
	return []apiRoute{
		{pattern: "GET /api/v1/supervision", status: http.StatusOK, h: assigned,
			id: "listSupervisions", tag: "projects",
			sum:   "List the supervised key projects",
			doc:   "The supervision units assigned to key projects (FLOW-5), newest assignment first, keyset-paginated, each with its project's name, unit and key category and its supervisor accounts. Scoped by construction: the info office sees every one, a supervisor the projects assigned to them, a unit's 责任人/联系人 and its leader their unit's projects; others none.",
			query: paged(),
			out:   list[*domain.Supervision]{},
			okDoc: "The assignments.",
			errs:  []int{400},
		},
		recordAt(s, (*app.Service).ProjectSupervision).says("Get a key project's supervision unit",
			"For the info office, the project's supervision unit (its supervisor accounts) and the project's unit's people and leader; anyone else who may not see the project 404, an expert reviewer 403. None assigned: id 0 and no accounts.").
			route("GET /api/v1/projects/{id}/supervision", "getProjectSupervision", "projects", "The supervision unit."),
		withBody(s, (*app.Service).AssignSupervision).says("Assign or change a key project's supervision unit",
			"The info office only (FLOW-5). The project must be a key project (key_category not none; otherwise 409). version is the assignment's: 0 for the first (one assigned already: 409), the one read for a change (stale: 409). firm is the supervision unit's name; user_ids the supervisor accounts, at least one, each an enabled account holding the supervisor role (422 on user_ids naming it); a change needs a reason (422 on reason). The accounts newly assigned are notified (supervision_assigned) and may then read this project, its task book and its supervision log, and write the log — no other project. Audited as project.assign_supervision, with the reason, in the project's history; the project's version rises.").
			route("PUT /api/v1/projects/{id}/supervision", "assignProjectSupervision", "projects", "The supervision unit as saved.", 409),
		{pattern: "GET /api/v1/projects/{id}/supervision-log", status: http.StatusOK, h: entries,
			id: "listSupervisionLog", tag: "projects",
			sum:   "List a key project's supervision log",
			doc:   "The supervision log (监理日志, FLOW-5), newest entry first, keyset-paginated: material reviews, regular meetings, special governance meetings and site inspections with their date, participants, findings and follow-up actions; a correction names the entry it corrects (corrects). For the info office, the project's supervision unit and the project's unit's people and leader (read only); another project's supervisor, and anyone else who may not see the project, 404; an expert reviewer 403.",
			query: paged(qOf[domain.SupervisionKind]("kind", "Only entries of this kind.")),
			out:   list[*domain.SupervisionEntry]{},
			okDoc: "The entries.",
			errs:  []int{400},
		},
		{pattern: "POST /api/v1/projects/{id}/supervision-log", status: http.StatusCreated, h: add.h,
			id: "addSupervisionEntry", tag: "projects",
			sum:   "Append to a key project's supervision log",
			doc:   "By the project's supervision unit or the info office (the project's own unit: 403; another project's supervisor: 404). The project must be a key project with a supervision unit assigned (otherwise 409). kind is material_review (材料审查), regular_meeting (例会), governance_meeting (专题治理会议) or site_inspection (现场检查); date the day it took place, not after today; participants and findings are required, actions optional; corrects names an earlier entry of the same project this one corrects. Every problem is named at once (422). Entries are never changed nor deleted. Audited as project.supervision_entry in the project's history.",
			in:    app.SupervisionNote{},
			inDoc: "The entry.",
			out:   domain.SupervisionEntry{},
			okDoc: "The entry as stored.",
			errs:  []int{409},
		},
	}
}
