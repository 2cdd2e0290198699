package web

import (
	"archgov/internal/app"
	"archgov/internal/domain"
)

// noticesAPI is the notices' JSON API (通知公告, ORG-4).
func (s *Server) noticesAPI() apiRegister {
	return apiRegister{base: "/api/v1/notices", tag: "notices", one: "Notice", many: "Notices", the: "notice", these: "notices",
		filters: []param{
			qString("q", "Only the notices whose title or text contains this (case-insensitive)."),
			qOf[domain.NoticeKind]("kind", "Only this kind: notice (通知) or announcement (公告)."),
			qOf[domain.NoticeStatus]("status", "Only this status."),
		},
		list: pageList(s, byRequest(noticeList), byID,
			(*app.Service).Notices, nil).says("List notices",
			"Newest first, keyset-paginated. Every signed-in user lists the published and withdrawn notices (ORG-4); the info office its drafts too."),
		create: createFrom[app.NoticeEdit, domain.Notice, *domain.Notice](s, (*app.Service).CreateNotice, func(n *domain.Notice) int64 { return n.ID },
			(*app.Service).Notice).says("Draft a notice",
			"The info office only. The notice starts as a draft: a title (at most 200 characters), its kind (notice by default) and its text (at most 20,000 characters). Every field problem is named at once (422). Audited as notice.create."),
		get: recordAt(s, (*app.Service).Notice).says("Get a notice", "A draft answers 404 to anyone but the info office."),
		update: withBody(s, (*app.Service).UpdateNotice).says("Edit a draft notice",
			"Fields left out keep their values; version (the one read) is required, a stale one answers 409. A published or withdrawn notice answers 409. Audited as notice.update."),
		transition: withBody(s, (*app.Service).TransitionNotice).says("Publish or withdraw a notice",
			"The info office only. publish (draft → published; needs the text, 422) notifies every active unit's 责任人 and 联系人 through the inbox in the same transaction, with an e-mail queued when e-mail is configured (ORG-4). withdraw (published → withdrawn) needs withdraw_note, the reason readers see. A step impossible from the current state answers 409. Audited as notice.publish, notice.withdraw."),
		history: apiOp{h: s.apiHistory((*app.Service).NoticeHistory)}.says("A notice's history", "The audit records of this notice, newest first, for whoever may see it."),
	}
}

// standardsAPI is the technical standards' JSON API (技术标准, ORG-5).
func (s *Server) standardsAPI() apiRegister {
	return apiRegister{base: "/api/v1/standards", tag: "standards", one: "Standard", many: "Standards", the: "standard version", these: "standard versions",
		filters: []param{
			qString("q", "Only the versions whose code, name or summary contains this (case-insensitive)."),
			qString("code", "Only the versions of this standard."),
			qOf[domain.StandardKind]("kind", "Only this kind: interface (接口标准) or access (接入规程)."),
			qString("library", "Only the interface standards of this base library (its code)."),
			qOf[domain.StandardStatus]("status", "Only this status: published lists the versions in force, which docking plans may name."),
		},
		list: pageList(s, byRequest(standardList), byID,
			(*app.Service).Standards, nil).says("List technical standard versions",
			"Newest first, keyset-paginated, one entry a version (the versions of a standard share its code). Every signed-in user lists the published and superseded versions (ORG-5); the info office its drafts too."),
		create: createFrom[app.StandardCreate, domain.Standard, *domain.Standard](s, (*app.Service).CreateStandard, func(x *domain.Standard) int64 { return x.ID },
			(*app.Service).Standard).says("Draft a standard version",
			"The info office only. code (XC-JK-001: 2–40 capital letters, digits, . / -) is shared by a standard's versions; edition (V2.1) is the version's label, unique within the code; kind is interface or access; library, optional, is the base library an interface standard is for; effective_date and summary are needed to publish; url, optional, links the full text. Every field problem is named at once (422). Audited as standard.create."),
		get: recordAt(s, (*app.Service).Standard).says("Get a standard version", "A draft answers 404 to anyone but the info office."),
		update: withBody(s, (*app.Service).UpdateStandard).says("Edit a draft standard version",
			"Fields left out keep their values; version (the record's, as read) is required, a stale one answers 409. A published or superseded version answers 409: revise it instead. Audited as standard.update."),
		transition: withBody(s, (*app.Service).TransitionStandard).says("Publish or revise a standard version",
			"The info office only. publish (draft → published; needs effective_date and summary, 422 naming each) supersedes the version of the same code in force and notifies every active unit's 责任人 and 联系人 through the inbox, in the same transaction; superseded versions stay readable. revise (published) answers the new draft, a copy with the edition given (required, not one the code has). Audited as standard.publish, standard.supersede, standard.create."),
		history: apiOp{h: s.apiHistory((*app.Service).StandardHistory)}.says("A standard version's history", "The audit records of this version, newest first, for whoever may see it."),
	}
}
