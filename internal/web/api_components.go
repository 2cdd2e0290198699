package web

import (
	"archgov/internal/app"
	"archgov/internal/domain"
)

// componentFilters are read by the component list and by its export alike.
var componentFilters = []param{
	qSort("Order of the list: `id` (default, the order components were added), `name` (bytewise, then id), `updated` (most recently changed first). The next_cursor belongs to the order it was made in.", app.ComponentSorts),
	qString("q", "Every search term in the name, the summary or a function point (the Chinese-aware search index)."),
	qInt("unit_id", "Only the components this unit provides."),
	qOf[domain.ComponentKind]("kind", "Only this kind."),
	qOf[domain.ComponentStatus]("status", "Only this status."),
	qInt("system_id", "Only the components this system uses."),
}

// componentsAPI is the shared component catalog's JSON API (组件目录, issue 15).
func (s *Server) componentsAPI() apiRegister {
	return apiRegister{base: "/api/v1/components", tag: "components", one: "Component", many: "Components", the: "component", these: "components",
		filters: componentFilters,
		list: pageList(s, byRequest(componentList), func(f *app.ComponentFilter, n int) app.ListSort { f.Limit = n; return f.Sort },
			(*app.Service).Components, app.ComponentSortKey).says("List shared components",
			"Every signed-in user lists the published and retired components, the info office its drafts too. Keyset-paginated in the order of sort. Each component carries its function points and the systems that use it (user_systems: id, code, name, unit)."),
		create: createFrom[app.ComponentEdit](s, (*app.Service).CreateComponent, func(x *domain.Component) int64 { return x.ID },
			(*app.Service).Component).says("Add a component",
			"The info office only. The component starts as a draft. functions: 1–50 function points of 2–40 characters, none twice and none holding 、 ； or a line break; system_id must be a system of the providing unit; user_system_ids must exist and not be classified. Every field problem is named at once (422). Audited as component.create."),
		get: recordAt(s, (*app.Service).Component).says("Get a component", "A draft answers 404 to anyone but the info office."),
		update: withBody(s, (*app.Service).UpdateComponent).says("Edit a component",
			"The info office only. Fields left out keep their values; version (the one read) is required, a stale one answers 409. user_system_ids and functions replace the whole lists. The status changes only through transitions. Audited as component.update."),
		transition: withBody(s, (*app.Service).TransitionComponent).says("Publish, retire or reinstate a component",
			"The info office only. publish (draft → published; needs summary and access, 422 naming each), retire (published → retired), reinstate (retired → published). A step impossible from the current state answers 409. Published components are public documents of the search index; drafts and retired ones are not. Audited as component.<action>."),
		history: apiOp{h: s.apiHistory((*app.Service).ComponentHistory)}.says("A component's history",
			"The audit records of this component, newest first, for whoever may see it."),
		sheets: componentsPages,
		imports: apiOp{}.says("Import a component workbook",
			"The info office only. The body is the .xlsx file (or a multipart form with field `file`). Without `apply=true` it only previews. Rows match by component name; new ones are drafts; the status is not imported. Function points and user systems (by system code) are separated by 、 or line breaks in one cell. All or nothing: with any problem, nothing is written and the answer is 422."),
		exports: apiOp{}.says("Export the components",
			"The components the caller may see, filtered like the list, as .xlsx with the import's columns plus 状态 and 使用系统名称. Audited as component.export."),
		templating: apiOp{}.says("The empty component workbook",
			"Chinese headers, a drop-down for the kind, and a 填表说明 instructions sheet."),
	}
}
