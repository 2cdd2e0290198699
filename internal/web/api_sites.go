package web

import (
	"archgov/internal/app"
	"archgov/internal/domain"
)

// sheetTemplateDoc describes a register's empty workbook.
const sheetTemplateDoc = "Chinese headers, drop-downs for every enumeration, and a 填表说明 instructions sheet."

// websitesAPI is the website registry's JSON API.
func (s *Server) websitesAPI() apiRegister {
	return apiRegister{base: "/api/v1/websites", tag: "websites", one: "Website", many: "Websites", the: "website", these: "websites",
		filters: websiteFilters,
		list: pageList(s, byRequest(websiteFilter), byID,
			(*app.Service).Websites, nil).named("listWebsite").says("List websites",
			"Scoped by construction: the info office sees the district's, a unit's 责任人/联系人 and its leader see that unit's, others nothing. Keyset-paginated, in id order or (sort=name) by name."),
		create: createFrom[app.WebsiteEdit](s, (*app.Service).CreateWebsite, func(x *domain.Website) int64 { return x.ID },
			(*app.Service).Website).says("Register a website",
			"By the owning unit's 责任人/联系人 or the info office. Audited as website.create."),
		get: recordAt(s, (*app.Service).Website).says("Get a website", "One website. Another unit's answers 404, exactly like a missing one."),
		update: thenRead(s, (*app.Service).UpdateWebsite, (*app.Service).Website).says("Edit a website",
			"Partial edit with optimistic concurrency (a stale version answers 409); the status changes only through transitions. Audited as website.update."),
		transition: withBody(s, (*app.Service).TransitionWebsite).says("Take a step",
			"The registration table decides (PTL-R3): the unit submits, the office accepts or returns; the office issues a shutdown notice only to an unregistered site after the deadline (before it: 422); a site closes, or merges into its merge target (no cycles). A step impossible from the current state answers 409, a step the caller may not take 403. Audited as website.<action>."),
		history: apiOp{h: s.apiHistory((*app.Service).WebsiteHistory)}.says("A website's history",
			"The audit records of this website, newest first, for whoever may see it."),
		sheets: websitesImport,
		imports: apiOp{}.says("Import a website workbook (台账)",
			"The body is the .xlsx file (or a multipart form with field `file`), at most 20 MiB. Without `apply=true` it only previews. Rows match by host (网站域名), however the URL is written. Re-importing the same file changes nothing; the status is not imported. All or nothing: with any problem nothing is written and the answer is 422, the error with the report beside it."),
		exports: apiOp{}.says("Export the websites (台账)",
			"The websites the caller may see, filtered like the list, as .xlsx with the import's columns plus 登记状态, 逾期未登记 and the dates. Audited as website.export."),
		templating: apiOp{}.says("The empty website workbook", sheetTemplateDoc),
	}
}

// mediaAPI is the government new-media registry's JSON API.
func (s *Server) mediaAPI() apiRegister {
	return apiRegister{base: "/api/v1/new-media", tag: "new-media", one: "MediaAccount", many: "MediaAccounts", the: "new-media account", these: "new-media accounts",
		filters: mediaFilters,
		list: pageList(s, byRequest(mediaFilter), byID,
			(*app.Service).MediaAccounts, nil).named("listMediaAccount").says("List new-media accounts",
			"Scoped by construction: the info office sees the district's, a unit's 责任人/联系人 and its leader see that unit's, others nothing. Keyset-paginated, in id order or (sort=name) by name."),
		create: createFrom[app.MediaEdit](s, (*app.Service).CreateMediaAccount, func(x *domain.MediaAccount) int64 { return x.ID },
			(*app.Service).MediaAccount).says("Register a new-media account",
			"By the owning unit's 责任人/联系人 or the info office. Audited as media.create."),
		get: recordAt(s, (*app.Service).MediaAccount).says("Get a new-media account", "One new-media account. Another unit's answers 404, exactly like a missing one."),
		update: thenRead(s, (*app.Service).UpdateMediaAccount, (*app.Service).MediaAccount).says("Edit a new-media account",
			"Partial edit with optimistic concurrency (a stale version answers 409); the status changes only through transitions. Audited as media.update."),
		transition: withBody(s, (*app.Service).TransitionMedia).says("Take a step",
			"The consolidation table decides (PTL-R4): the unit proposes keep/merge/close, the office decides (or returns the proposal, or decides on its own), the unit or office reports it done. A merge names an account of the same platform (WeChat kinds together; 其他 into any) that is not to be closed, without cycles. A step impossible from the current state answers 409, a step the caller may not take 403. Audited as media.<action>."),
		history: apiOp{h: s.apiHistory((*app.Service).MediaHistory)}.says("A new-media account's history",
			"The audit records of this new-media account, newest first, for whoever may see it."),
		sheets: mediaImport,
		imports: apiOp{}.says("Import a new-media account workbook (台账)",
			"The body is the .xlsx file (or a multipart form with field `file`), at most 20 MiB. Without `apply=true` it only previews. Rows match by kind and account ID (账号类型 + 账号ID). Re-importing the same file changes nothing; the status is not imported. All or nothing: with any problem nothing is written and the answer is 422, the error with the report beside it."),
		exports: apiOp{}.says("Export the new-media accounts (台账)",
			"The new-media accounts the caller may see, filtered like the list, as .xlsx with the import's columns plus 整合意见, 并入账号, 整合状态 and 落实日期. Audited as media.export."),
		templating: apiOp{}.says("The empty new-media account workbook", sheetTemplateDoc),
	}
}
