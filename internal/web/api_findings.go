package web

import (
	"context"
	"net/http"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// The governance rules' findings and waivers in the JSON API (issue 11): the findings in the
// caller's scope with their counts by clause, unit, severity, rule and kind (the dashboards'),
// one finding, the unit's waiver request on it; the waivers, one waiver, its steps and its
// history. The same filters as the pages (findingList, waiverList).

// findingFilters are the findings list's and counts' filters.
var findingFilters = []param{
	qEnum("status", "`open` (待整改), `waived` (已豁免), `resolved` (已解决) or `all`; absent: the live ones, open and waived (the rule still fires).", findingStatusFilter...),
	qEnum("severity", "Only this severity.", findingSeverities...),
	qString("clause", "Only findings citing this clause (DOMAIN.md's IDs, e.g. ENV-P1; docs/RULES.md lists them); another value is a 422."),
	qString("rule", "Only findings of this rule, by its ID (e.g. ENV-P1.off-cloud)."),
	qEnum("kind", "Only findings of records of this kind.", domain.FindingSubjects...),
	qInt("subject_id", "With kind: only the findings of this record."),
	qInt("unit_id", "Only findings of this unit's records."),
}

// waiverAsk is the body of a waiver request: the finding is the path's.
type waiverAsk struct {
	Reason    string    `json:"reason"`
	ExpiresOn time.Time `json:"expires_on"`
}

func (s *Server) findingsAPI() []apiRoute {
	list := pageList(s, byRequest(findingList), byID, (*app.Service).Findings, nil).says("List governance findings",
		"What the governance rules found (治理发现, issue 11): one finding per record and rule, citing its clauses, with the message in both languages, open / waived / resolved, first and last seen. Newest first, keyset-paginated. Scoped by construction like the records themselves: the info office sees the district's (the base libraries', unit 0, too), a unit's 责任人/联系人 and its leader their unit's, others none. A finding opens at the save of its record or at the daily sweep when its rule fires, resolves by itself when it stops firing, and is waived while an approved waiver holds.")
	counts := apiOp{h: func(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
		f, err := findingList(r)
		if err != nil {
			return nil, err
		}
		return s.svc.CountFindingsBy(r.Context(), rq.auth.Actor, f)
	}, out: app.FindingCounts{}, query: findingFilters}.says("Count governance findings",
		"The findings the list would give (same filters and scope, paging aside) counted by clause (a finding citing two clauses counts under each), unit, severity, rule and kind, each largest first; for the dashboards.")
	get := recordAt(s, (*app.Service).Finding).says("Get a governance finding",
		"One finding; another unit's answers 404, like a missing one.")
	ask := withBody(s, func(svc *app.Service, ctx context.Context, a domain.Actor, id int64, in waiverAsk) (*domain.Waiver, error) {
		return svc.RequestWaiver(ctx, a, app.WaiverRequest{FindingID: id, Reason: in.Reason, ExpiresOn: dayUTC(in.ExpiresOn)})
	}).says("Ask to waive a finding",
		"The finding's unit's 责任人 or 联系人 asks the info office to set it aside (豁免) with a reason (required, at most 1,000 characters) until expires_on, a day after today and at most 366 days ahead (422 naming the field, in the caller's language). A finding another unit's (or the district's own) answers 404; the office and others who may see it 403; a resolved finding, or one with a request waiting or a waiver in force, 409. The office's people are notified. Audited as waiver.create.")
	return []apiRoute{
		{pattern: "GET /api/v1/findings", status: http.StatusOK, h: list.h, id: "listFindings", tag: "findings", sum: list.sum, doc: list.doc,
			query: paged(findingFilters...), out: list.out, okDoc: "A page of findings.", errs: []int{400}},
		{pattern: "GET /api/v1/findings/counts", status: http.StatusOK, h: counts.h, id: "countFindings", tag: "findings", sum: counts.sum,
			doc: counts.doc, query: counts.query, out: counts.out, okDoc: "The counts."},
		{pattern: "GET /api/v1/findings/{id}", status: http.StatusOK, h: get.h, id: "getFinding", tag: "findings", sum: get.sum, doc: get.doc,
			out: get.out, okDoc: "The finding.", errs: []int{400}},
		{pattern: "POST /api/v1/findings/{id}/waiver", status: http.StatusCreated, h: ask.h, id: "requestWaiver", tag: "findings", sum: ask.sum,
			doc: ask.doc, in: ask.in, out: ask.out, okDoc: "The waiver request, waiting for the office.", errs: []int{409}},
	}
}

func (s *Server) waiversAPI() apiRegister {
	return apiRegister{base: "/api/v1/waivers", tag: "findings", one: "Waiver", many: "Waivers", the: "waiver", these: "waivers",
		filters: []param{
			qOf[domain.WaiverStatus]("status", "Only this status (requested: waiting for the office)."),
			qEnum("kind", "Only waivers of records of this kind.", domain.FindingSubjects...),
			qInt("subject_id", "With kind: only this record's waivers."),
			qString("rule", "Only waivers of this rule."),
			qInt("unit_id", "Only this unit's waivers."),
		},
		list: pageList(s, byRequest(waiverList), byID, (*app.Service).Waivers, nil).says("List waivers",
			"The waivers (豁免) of findings, newest first, keyset-paginated; scoped like the findings: the info office all, a unit's people and its leader their unit's."),
		get: recordAt(s, (*app.Service).Waiver).says("Get a waiver", "One waiver; another unit's answers 404."),
		transition: withBody(s, (*app.Service).TransitionWaiver).says("Decide on a waiver",
			"The waiver's course (docs/workflows.md, ORG-3): approve (requested → approved, the info office; the finding is waived in the same transaction until expires_on, when the daily sweep lapses it and the finding opens again), refuse (requested → refused, the office, comment required: 422 naming comment), withdraw (requested → withdrawn, the unit's 责任人 or 联系人), revoke (approved → revoked, the office, comment required; the finding opens again). A step impossible from the status, or a stale version, is 409; the wrong party 403; another unit's waiver 404. The unit is told of the office's decisions. Audited as waiver.<action>."),
		history: apiOp{h: s.apiHistory((*app.Service).WaiverHistory)}.says("A waiver's history",
			"The audit records of the waiver (its request, the office's decision, its lapse), newest first, for whoever may see it."),
	}
}
