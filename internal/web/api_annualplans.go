package web

import (
	"net/http"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// annualPlanFilters are read by the list.
var annualPlanFilters = []param{
	qInt("year", "Only this year's plans."),
	qInt("unit_id", "Only this unit's plans."),
	qOf[domain.AnnualPlanStatus]("status", "Only this status."),
}

// annualPlanList reads the list's filters from the request.
func annualPlanList(r *http.Request) (app.AnnualPlanFilter, error) {
	q := filtersOf(r)
	f := app.AnnualPlanFilter{Status: oneOf(q, "status", domain.AnnualPlanStatuses), UnitID: q.num("unit_id"), Year: int(q.num("year")),
		After: q.cursor()}
	return f, q.err
}

// annualPlansAPI is the units' annual plans' JSON API (BLD-R1, BLD-R2, BLD-P1, ORG-2).
func (s *Server) annualPlansAPI() apiRegister {
	return apiRegister{base: "/api/v1/annual-plans", tag: "annual-plans", one: "AnnualPlan", many: "AnnualPlans", the: "plan", these: "plans",
		filters: annualPlanFilters,
		list: pageList(s, byRequest(annualPlanList), func(f *app.AnnualPlanFilter, n int) app.ListSort { f.Limit = n; return "" },
			(*app.Service).AnnualPlans, nil).says("List annual plans",
			"Scoped by construction: the info office sees the district's, a unit's 责任人/联系人 and its leader in charge that unit's. In id order, without their items (item_count and total say how many and how much)."),
		create: createFrom[app.AnnualPlanNew](s, (*app.Service).CreateAnnualPlan, func(p *domain.AnnualPlan) int64 { return p.ID },
			(*app.Service).AnnualPlan).says("Start a unit's annual plan",
			"By the unit's 责任人/联系人; one per unit and year (a second answers 422 on year). Budgets are whole yuan (元). system_ids must be registered systems of the unit. The plan starts in draft. Audited as annualplan.create."),
		get: recordAt(s, (*app.Service).AnnualPlan).says("Get an annual plan", "With its items. Another unit's plan answers 404."),
		update: withBody(s, (*app.Service).UpdateAnnualPlan).says("Edit an annual plan's items",
			"In draft only (otherwise 409); items, when given, replace the plan's items. version (the one read) is required, a stale one answers 409. Audited as annualplan.update."),
		transition: withBody(s, (*app.Service).TransitionAnnualPlan).says("Take a step of an annual plan",
			"The transition table decides (BLD-R1, BLD-R2): send (draft → leader_review, the unit; needs an item), approve or return (the unit's leader in charge), submit (leader_approved → submitted, the unit), accept or send_back (the office). return and send_back lead back to draft and need note. A step impossible from the current state, or a stale version, answers 409; a step the caller may not take 403. Audited as annualplan.<action>."),
		history: apiOp{h: s.apiHistory((*app.Service).AnnualPlanHistory)}.says("An annual plan's history",
			"The audit records of this plan, every returned round included, newest first."),
	}
}
