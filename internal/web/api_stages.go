package web

import (
	"net/http"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// A project's stages after its task book in the JSON API (FLOW-4, BLD-R5, SHR-R4): the stage
// steps, and the materials of the stages that take them.

var pStage = param{name: "stage", in: "path", doc: "A stage that takes materials: bidding (招标), design (详细设计) or acceptance (验收申请); any other 404.",
	schema: obj{"type": "string", "enum": []string{string(domain.StageBidding), string(domain.StageDesign), string(domain.StageAcceptance)}}}

func (s *Server) stagesAPI() []apiRoute {
	step := withBody(s, (*app.Service).TransitionStage).says("Take a step of a project's stages",
		"The stage table decides (FLOW-4; docs/workflows.md): finish_bidding (bidding → design) and finish_design (design → implementation) are the office's and need the stage's materials — a response to each requirement of the task book and an evidence file (422 on materials.<stage>, materials.<stage>.responses.<clause>, materials.<stage>.files); apply_acceptance (implementation → acceptance) is the unit's; accept (acceptance → accepted) is the office's and is refused with 422 naming each missing thing at once: the acceptance materials, each pre-compiled catalog entry not registered and published (gates.catalog.<id>, SHR-R4), each new system not filled in (gates.systems.<id>: purpose, vendor, user levels), each cloud request in draft or awaiting decision (gates.cloud.<id>), no actuals on the task book (gates.actuals, BLD-R4); return_acceptance (acceptance → implementation, comment required) is the office's; start_operation (accepted → operation) the unit's or the office's. On accept, in the same transaction, the project's 在建 systems go live (运行) and the systems its application replaces (integrations, BLD-P3) are marked superseded (被替代, BLD-R5) by its new system, each through the system register's step and audited there. version is the project's; a stale one, a project without task book, or a step impossible from the stage answers 409. The office's steps notify the unit's 责任人 and 联系人, the unit's notify the office. Audited as project.stage_<action>.")
	get := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		id, err := pathID(r)
		if err != nil {
			return nil, err
		}
		return s.svc.StageMaterials(r.Context(), rq.auth.Actor, id, r.PathValue("stage"))
	}
	put := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		id, err := pathID(r)
		if err != nil {
			return nil, err
		}
		var in app.StageMaterialsEdit
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		return s.svc.SubmitStageMaterials(r.Context(), rq.auth.Actor, id, r.PathValue("stage"), in)
	}
	return []apiRoute{
		step.route("POST /api/v1/projects/{id}/stage/transition", "transitionProjectStage", "projects", "The project at its new stage.", http.StatusConflict),
		{pattern: "GET /api/v1/projects/{id}/stages/{stage}/materials", status: http.StatusOK, h: get, out: &domain.StageMaterials{},
			id: "getProjectStageMaterials", tag: "projects", sum: "Get a stage's materials",
			doc:   "What the unit submitted at the stage (FLOW-4): a response per requirement of the task book (comply; partial with the plan; na with the reason), a note, who submitted it and when. Nothing submitted yet: version 0 and no responses. The evidence files are the project's attachments of entity project_stage whose purpose is the stage. Whoever may read the project; others 404.",
			query: []param{pStage}, okDoc: "The materials."},
		{pattern: "PUT /api/v1/projects/{id}/stages/{stage}/materials", status: http.StatusOK, h: put, in: app.StageMaterialsEdit{}, out: &domain.StageMaterials{},
			id: "submitProjectStageMaterials", tag: "projects", sum: "Submit a stage's materials",
			doc:   "The unit's 责任人 or 联系人 (the office 403; another unit 404), at the project's current stage only (else 409). responses holds one {clause, answer, text} per requirement the task book carries (422 on responses.<clause> for one missing; partial needs the plan, na the reason; a clause not carried in 422 on responses.<i>.clause); version is the materials' (0 for the first submission; a stale one 409). Submitting again replaces the materials; the office is notified. Audited as project.stage_materials in the project's history.",
			inDoc: "The version read, the responses and a note.", query: []param{pStage}, okDoc: "The materials as submitted.",
			errs: []int{http.StatusConflict}},
	}
}
