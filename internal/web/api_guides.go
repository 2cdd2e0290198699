package web

import (
	"archgov/internal/app"
	"archgov/internal/domain"
)

// guidesAPI is the annual declaration guides' JSON API (FLOW-1, FLOW-2).
func (s *Server) guidesAPI() apiRegister {
	return apiRegister{base: "/api/v1/guides", tag: "guides", one: "Guide", many: "Guides", the: "guide", these: "guides",
		filters: []param{
			qInt("year", "Only this plan year's revisions."),
			qOf[domain.GuideStatus]("status", "Only this status."),
		},
		list: pageList(s, byRequest(guideList), byID,
			(*app.Service).Guides, nil).says("List declaration guides",
			"Newest first, keyset-paginated. Every signed-in user lists the published and superseded revisions; the info office its drafts too."),
		create: createFrom[app.GuideCreate, domain.Guide, *domain.Guide](s, (*app.Service).CreateGuide, func(g *domain.Guide) int64 { return g.ID },
			(*app.Service).Guide).says("Draft a year's guide",
			"The info office only. The draft takes the next revision number of its year; without items it starts with the governance requirements of the rules an application answers (ENV-R1, ENV-R2, BLD-P2, BLD-P3, SHR-P1, SHR-R1, SHR-R2, SHR-R3, SHR-R6, SHR-R7, PTL-R1, PTL-R2), which the office edits. Every field problem is named at once (422). Audited as guide.create."),
		get: recordAt(s, (*app.Service).Guide).says("Get a guide", "A draft answers 404 to anyone but the info office."),
		update: withBody(s, (*app.Service).UpdateGuide).says("Edit a draft guide",
			"Fields left out keep their values; version (the one read) is required, a stale one answers 409. items replaces the whole list of requirements: each a clause ID (ENV-R1 …), its text and whether an answer is mandatory; a bad row is named as items.N. A published revision answers 409: revise it instead. Audited as guide.update."),
		transition: withBody(s, (*app.Service).TransitionGuide).says("Publish or revise a guide",
			"publish (draft → published; needs the declaration window and at least one requirement, 422 naming each missing field) supersedes the year's published revision in the same transaction; two publications racing: one wins, the other answers 409. revise (published) leaves the revision as it is and answers the new draft, a copy with the next revision number. Audited as guide.publish, guide.supersede, guide.create."),
		history: apiOp{h: s.apiHistory((*app.Service).GuideHistory)}.says("A guide's history", "The audit records of this revision, newest first, for whoever may see it."),
	}
}
