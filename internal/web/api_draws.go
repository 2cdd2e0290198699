package web

import (
	"net/http"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// drawFilters are read by the draw list, page and API alike.
var drawFilters = []param{
	qOf[domain.DrawPurpose]("purpose", "Only draws made for this purpose."),
	qOf[domain.DrawSubject]("subject_kind", "Only draws for subjects of this kind."),
	qInt("subject_id", "Only draws for this subject (with subject_kind)."),
	qInt("unit_id", "Only draws that left this unit's experts out."),
}

// drawList reads the list's filters from the request.
func drawList(r *http.Request) (app.DrawFilter, error) {
	q := filtersOf(r)
	f := app.DrawFilter{Purpose: oneOf(q, "purpose", domain.DrawPurposes), SubjectKind: oneOf(q, "subject_kind", domain.DrawSubjects),
		SubjectID: q.num("subject_id"), UnitID: q.num("unit_id"), After: q.cursor()}
	return f, q.err
}

// drawsAPI is the verifiable draws' JSON API (BLD-R3; FLOW-4 reuses the draw).
func (s *Server) drawsAPI() apiRegister {
	create := func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		var in app.DrawRequest
		if err := decode(r, &in); err != nil {
			return nil, err
		}
		return s.svc.CreateDraw(r.Context(), rq.auth.Actor, in)
	}
	return apiRegister{base: "/api/v1/draws", tag: "draws", one: "Draw", many: "Draws", the: "draw", these: "draws",
		filters: drawFilters,
		list: pageList(s, byRequest(drawList), byID,
			(*app.Service).Draws, nil).says("List draws",
			"The info office only (anyone else 403): newest first, keyset-paginated."),
		create: apiOp{h: create, in: app.DrawRequest{}, out: &domain.Draw{}}.says("Draw experts",
			"The info office only. Draws count experts for the subject (purpose project_review: subject_kind project and its id) from the active experts, leaving out those affiliated with exclude_unit_id (required for a project review: the applying unit) and, with specialty, those without it. In one transaction: the eligible experts are put in canonical order (ids as strings, sorted bytewise), a fresh 32-byte seed is committed to (SM3 of the algorithm name and the seed), the draw is made from the seed alone and the draw is kept with its commitment, candidates (names and affiliations as they were), seed and result. Fewer eligible experts than count answers 422 on count; drawing again for a subject that has a draw of the purpose needs reason (422 on reason without it). Audited as draw.create.").
			answers("The draw, kept. Its JSON carries commitment, candidates, count, seed and result as docs/draw_verify.py reads them."),
		get: recordAt(s, (*app.Service).Draw).says("Get a draw",
			"The info office only (anyone else 404). The answer can be given as it is to docs/draw_verify.py, which recomputes it without archgov."),
	}
}

// drawVerifyAPI is the draw's recomputation, beside its register.
func (s *Server) drawVerifyAPI() []apiRoute {
	return []apiRoute{{pattern: "GET /api/v1/draws/{id}/verify", status: http.StatusOK, h: recordAt(s, (*app.Service).VerifyDraw).h,
		id: "verifyDraw", tag: "draws",
		sum:   "Recompute a draw",
		doc:   "For whoever may see the draw (the info office; anyone else 404). Recomputes the draw from what was kept: the seed against the commitment, the candidates' canonical order, the result drawn again, and that no candidate was affiliated with the unit left out. ok is true when every check passes; problems names each failed check (algorithm, seed, commitment, candidates, order, count, result, exclusion, names). published is the draw in the form docs/draw_verify.py reads. `archgov draw verify ID` does the same at the command line.",
		out:   &app.DrawCheck{},
		okDoc: "The checks' outcome.",
		errs:  []int{400},
	}}
}
