package web

import (
	"context"
	"net/http"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// expertFilters are read by the expert list, page and API alike.
var expertFilters = []param{
	qString("q", "Name or organization contains."),
	qInt("unit_id", "Only the experts affiliated with this unit."),
	qOf[domain.Specialty]("specialty", "Only the experts reviewing in this specialty."),
	qFlag("active", "`1`: only the active experts (those a draw may pick); `0`: only the inactive ones."),
}

// expertList reads the list's filters from the request.
func expertList(r *http.Request) (app.ExpertFilter, error) {
	q := filtersOf(r)
	f := app.ExpertFilter{Query: q.q.Get("q"), Specialty: oneOf(q, "specialty", domain.Specialties), UnitID: q.num("unit_id"),
		Active: q.yesNo("active"), After: q.cursor()}
	return f, q.err
}

// expertsAPI is the expert pool's JSON API (专家库, BLD-R3).
func (s *Server) expertsAPI() apiRegister {
	return apiRegister{base: "/api/v1/experts", tag: "experts", one: "Expert", many: "Experts", the: "expert", these: "experts",
		filters: expertFilters,
		list: pageList(s, byRequest(expertList), byID,
			(*app.Service).Experts, nil).says("List the expert pool",
			"The info office only (anyone else 403): in registration order, keyset-paginated, phones included."),
		create: createFrom[app.ExpertCreate, domain.Expert, *domain.Expert](s, (*app.Service).CreateExpert, func(e *domain.Expert) int64 { return e.ID },
			(*app.Service).Expert).says("Register an expert",
			"The info office only. name, organization, phone and at least one specialty are required; unit_id is the district unit the expert is affiliated with (they are never drawn for its projects), user_id a login holding the expert role (one expert per login). Active unless active is false. Every field problem is named at once (422). Audited as expert.create, the phone masked."),
		get: recordAt(s, (*app.Service).Expert).says("Get an expert",
			"The info office, or the expert whose login the record is linked to; anyone else 404."),
		update: withBody(s, func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, x app.ExpertEdit) (*domain.Expert, error) {
			return svc.UpdateExpert(ctx, a, id, x)
		}).says("Edit an expert",
			"The info office only. Fields left out keep their values; version (the one read) is required, a stale one answers 409. active false keeps the expert, with their past draws, and leaves them out of new draws; unit_id or user_id 0 removes the link. Audited as expert.update."),
		history: apiOp{h: s.apiHistory((*app.Service).ExpertHistory)}.says("An expert's history",
			"The audit records of this expert, newest first (phones masked), for whoever may see the expert."),
	}
}
