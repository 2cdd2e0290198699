package web

import (
	"net/http"

	"archgov/internal/app"
	"archgov/internal/domain"
)

func (s *Server) apiCloudUtilisation(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	return s.svc.CloudUtilisation(r.Context(), rq.auth.Actor)
}

// cloudPoolsAPI is the government cloud's capacity pools' JSON API.
func (s *Server) cloudPoolsAPI() apiRegister {
	return apiRegister{base: "/api/v1/cloud/pools", tag: "cloud", one: "CloudPool", many: "CloudPools", the: "pool", these: "pools",
		list: apiOp{h: s.apiCloudPools, out: list[*domain.CloudPool]{}, query: []param{}}.answers("The pools.").says("List cloud pools",
			"Every pool, readable by every government user (ENV-R1)."),
		create: createFrom[app.CloudPoolEdit](s, (*app.Service).CreateCloudPool, func(p *domain.CloudPool) int64 { return p.ID },
			(*app.Service).CloudPool).says("Create a cloud pool",
			"The info office only. Name unique; quantities whole and non-negative. Nothing is allocated yet. Audited as cloudpool.create."),
		get: recordAt(s, (*app.Service).CloudPool).says("Get a cloud pool", "One pool with its capacity and allocation."),
		update: withBody(s, (*app.Service).UpdateCloudPool).says("Edit a cloud pool",
			"The info office only, with optimistic concurrency (version). The capacity can never go below what is allocated (422 naming the dimension), even when an approval commits meanwhile; the allocation itself follows approvals and releases only. Audited as cloudpool.update."),
	}
}

// cloudRequestsAPI is the government cloud's resource requests' JSON API.
func (s *Server) cloudRequestsAPI() apiRegister {
	return apiRegister{base: "/api/v1/cloud/requests", tag: "cloud", one: "CloudRequest", many: "CloudRequests", the: "request", these: "requests",
		filters: cloudRequestFilters,
		list: pageList(s, byRequest(cloudRequestFilter), byID,
			(*app.Service).CloudRequests, nil).says("List cloud resource requests",
			"Scoped by construction: the info office sees all, a unit's 责任人/联系人 and its leader see that unit's. Newest first, keyset-paginated."),
		create: createFrom[cloudRequestCreate](s, (*app.Service).CreateCloudRequest, func(q *domain.CloudRequest) int64 { return q.ID },
			(*app.Service).CloudRequest).says("Draft a cloud resource request",
			"By the unit's 责任人/联系人 or the info office, for one of the unit's own systems, on an existing pool: quantities whole and non-negative with at least one above zero, a justification, and a period whose end is after its start. Starts as a draft. Audited as cloudrequest.create."),
		get: recordAt(s, (*app.Service).CloudRequest).says("Get a cloud resource request", "One request. Another unit's request answers 404, exactly like a missing one."),
		update: withBody(s, (*app.Service).UpdateCloudRequest).says("Edit a draft request",
			"Partial edit of a draft with optimistic concurrency; a request past the draft answers 409 and changes only through transitions. Audited as cloudrequest.update."),
		transition: thenRead(s, (*app.Service).TransitionCloudRequest, (*app.Service).CloudRequest).says("Take a step of a request",
			"The transition table decides: submit and withdraw (the unit), approve, reject and return (the info office: cloudrequest.decide), release (the unit or the office). A step impossible from the current state answers 409, a step the caller may not take 403. approve grants `granted` (everything requested when omitted); granting less is a partial approval and needs `note`, as do reject and return; granting more than requested is 422. Approval allocates from the pool in the same transaction with one conditional UPDATE and is refused with 422 naming the dimension that is short when the pool cannot hold it, so concurrent approvals never oversubscribe a pool; release returns the capacity. Audited as cloudrequest.<action>."),
		history: apiOp{h: s.apiHistory((*app.Service).CloudRequestHistory)}.says("A request's history",
			"The audit records of this request, newest first, for whoever may see the request."),
		exports: apiOp{h: s.apiXLSX(s.cloudRequestsExport)}.says("Export cloud resource requests",
			"The requests the caller may see, filtered like the list, as .xlsx. Audited as cloudrequest.export."),
	}
}

func (s *Server) apiCloudPools(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	ps, err := s.svc.CloudPools(r.Context(), rq.auth.Actor)
	return pageOf(app.Page[*domain.CloudPool]{Items: ps}), err
}

// apiCloudPoolUse answers one pool's utilisation (capacity, allocated, free, percentages).
func (s *Server) apiCloudPoolUse(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	if _, err := s.svc.CloudPool(r.Context(), rq.auth.Actor, id); err != nil {
		return nil, err
	}
	u, err := s.svc.CloudUtilisation(r.Context(), rq.auth.Actor)
	if err != nil {
		return nil, err
	}
	for _, p := range u.Pools {
		if p.Pool.ID == id {
			return p, nil
		}
	}
	return nil, domain.NotFound()
}

// cloudRequestCreate is the body of a new request: the unit and the editable fields.
type cloudRequestCreate struct {
	UnitID int64 `json:"unit_id"`
	app.CloudRequestEdit
}

// Apply fills in a new request: its unit, then the edited fields.
func (c cloudRequestCreate) Apply(q *domain.CloudRequest) {
	q.UnitID = c.UnitID
	c.CloudRequestEdit.Apply(q)
}
