package web

import (
	"archgov/internal/app"
	"archgov/internal/domain"
)

// systemsAPI is the information-system registry's JSON API.
func (s *Server) systemsAPI() apiRegister {
	return apiRegister{base: "/api/v1/systems", tag: "systems", one: "System", many: "Systems", the: "system", these: "systems",
		filters: systemFilters,
		list: pageList(s, byRequest(systemFilter), func(f *app.SystemFilter, n int) app.ListSort { f.Limit = n; return f.Sort },
			(*app.Service).Systems, app.SystemSortKey).says("List information systems",
			"Scoped by construction: the info office sees the district's, a unit's 责任人/联系人 and its leader see that unit's, others nothing. Keyset-paginated in the order of sort (default: id, registration order)."),
		create: createFrom[app.SystemEdit](s, (*app.Service).CreateSystem, func(x *domain.System) int64 { return x.ID },
			(*app.Service).System).says("Register a system",
			"By the owning unit's 责任人/联系人 or the info office. Audited as system.create. Leave code empty (or out): the server allocates the district's next code (governance setting system_code_prefix, then a number, e.g. XC-SYS-0044) and the answer carries it. Only the info office may set a code; a unit user's code is refused with 422 on code whatever it is, so no answer tells whether a code exists in another unit."),
		get: recordAt(s, (*app.Service).System).says("Get a system", "One system. Another unit's system answers 404, exactly like a missing one."),
		update: thenRead(s, (*app.Service).UpdateSystem, (*app.Service).System).says("Edit a system",
			"Partial edit with optimistic concurrency; the status changes only through transitions. Audited as system.update."),
		transition: withBody(s, (*app.Service).TransitionSystem).says("Take a lifecycle step",
			"The transition table decides (BLD-R5): a step impossible from the current state answers 409, a step the caller may not take 403. Audited as system.<action>."),
		history: apiOp{h: s.apiHistory((*app.Service).SystemHistory)}.says("A system's history",
			"The audit records of this system, newest first, for whoever may see the system."),
		sheets: systemsPages,
		imports: apiOp{}.says("Import a systems workbook (台账)",
			"The body is the .xlsx file (or a multipart form with field `file`), at most 20 MiB. Without `apply=true` it only previews. Rows match by 系统编码; re-importing the same file changes nothing; the status is not imported. All or nothing: with any problem, nothing is written and the answer is 422: the error, with the report beside it."),
		exports: apiOp{}.says("Export the systems (台账)",
			"The systems the caller may see, filtered like the list, as .xlsx with the import's columns plus 状态. Audited as system.export."),
		templating: apiOp{}.says("The empty systems workbook", sheetTemplateDoc),
	}
}
