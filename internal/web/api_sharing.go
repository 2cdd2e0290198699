package web

import (
	"context"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// sharingAPI is the sharing requests' JSON API; the answer and the withdrawal are rows of
// api_routes.go (sharingAnswerAPI, sharingWithdrawAPI).
func (s *Server) sharingAPI() apiRegister {
	return apiRegister{base: "/api/v1/sharing-requests", tag: "sharing", one: "SharingRequest", many: "SharingRequests", the: "request", these: "requests",
		filters: []param{
			qEnum("tab", "`mine`: requested by the caller's units; `answer`: to be answered by them; empty: both.", sharingTabs...),
			qOf[domain.SharingStatus]("status", "Only this status."),
			qFlag("overdue", "Any value: only unanswered requests past their due date."),
			qInt("entry_id", "Only requests of this catalog entry."),
			qInt("provider_unit_id", "Only requests to this provider unit (with tab=answer, one of the caller's)."),
			qDate("answered_from", "Only requests answered on or after this day (yyyy-mm-dd, China time)."),
			qDate("answered_to", "Only requests answered on or before this day (yyyy-mm-dd, China time)."),
			qString("q", "Resource name or purpose contains."),
		},
		list: pageList(s, (*Server).sharingFilter, byID,
			(*app.Service).SharingRequests, nil).says("List sharing requests",
			"Scoped by construction: a request is listed for the units on either side (the requesting unit and the provider) and for the info office. Newest first, keyset-paginated."),
		create: createFrom[sharingCreate](s, (*app.Service).CreateSharingRequest, func(q *domain.SharingRequest) int64 { return q.ID },
			(*app.Service).SharingRequest).fails(404).says("Request a conditionally shared resource",
			"By the requesting unit's 责任人 or 联系人 (requester_unit_id; a person of several units names one). The entry must be another unit's published 有条件共享 entry: an entry the caller cannot see answers 404; 无条件共享 (no request needed), 不予共享 (the message gives its basis), an unpublished or an own entry answer 422 on entry_id. purpose and basis are required (422 with the field); items, if given, are names of the entry's shareable data items; system_id, if given, is one of the requesting unit's systems. The provider is the entry's; the due date is the day of receipt plus Governance.sharing_reply_days working days (weekends and public holidays skipped, 调休 working days counted). Audited as sharing.create."),
		get: recordAt(s, (*app.Service).SharingRequest).says("Get a sharing request",
			"One request, for the units on either side and the office. A request between two other units answers 404, exactly like a missing one."),
		history: apiOp{h: s.apiHistory((*app.Service).SharingHistory)}.says("A request's history",
			"The audit records of this request (creation, answer or withdrawal, escalation), newest first, for whoever may see the request."),
	}
}

// sharingCreate is the body of a new request: what the requester states.
type sharingCreate struct {
	EntryID         int64      `json:"entry_id"`
	RequesterUnitID int64      `json:"requester_unit_id"`
	Purpose         string     `json:"purpose"`
	Basis           string     `json:"basis"`
	Items           []string   `json:"items"`
	SystemID        int64      `json:"system_id"`
	UseUntil        *time.Time `json:"use_until"`
}

// Apply fills in a new request.
func (in sharingCreate) Apply(q *domain.SharingRequest) {
	*q = domain.SharingRequest{EntryID: in.EntryID, RequesterUnitID: in.RequesterUnitID, Purpose: in.Purpose, Basis: in.Basis,
		Items: in.Items, SystemID: in.SystemID}
	if in.UseUntil != nil {
		q.UseUntil = *in.UseUntil
	}
}

// sharingAnswerAPI and sharingWithdrawAPI answer the request after the step.
func (s *Server) sharingAnswerAPI() apiFunc {
	return thenRead(s, (*app.Service).AnswerSharingRequest, (*app.Service).SharingRequest).h
}

// sharingWithdrawBody is the body of a withdrawal: the version the requester saw.
type sharingWithdrawBody struct {
	Version int64 `json:"version"`
}

func (s *Server) sharingWithdrawAPI() apiFunc {
	return thenRead(s, func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, in sharingWithdrawBody) (*domain.SharingRequest, error) {
		return svc.WithdrawSharingRequest(ctx, a, id, in.Version)
	}, (*app.Service).SharingRequest).h
}
