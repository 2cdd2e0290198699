package web

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// Plan list cursors are opaque to clients: base64 of "date|kind|id" of the last plan seen.
func encodePlanCursor(c app.PlanCursor) string {
	if c.Kind == "" {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString([]byte(c.Date + "|" + string(c.Kind) + "|" + strconv.FormatInt(c.ID, 10)))
}

func decodePlanCursor(s string) (app.PlanCursor, error) {
	if s == "" {
		return app.PlanCursor{}, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	parts := strings.Split(string(b), "|")
	if err != nil || len(parts) != 3 {
		return app.PlanCursor{}, badRequest("cursor", "err.cursor")
	}
	id, err := strconv.ParseInt(parts[2], 10, 64)
	if err != nil || id < 0 || (parts[1] != string(domain.PlanKindMigration) && parts[1] != string(domain.PlanKindDocking)) {
		return app.PlanCursor{}, badRequest("cursor", "err.cursor")
	}
	return app.PlanCursor{Date: parts[0], Kind: domain.PlanKind(parts[1]), ID: id}, nil
}

// planFilter reads the plan list filters shared by the page, the export and the API.
func planFilter(r *http.Request) (app.PlanFilter, error) {
	q := filtersOf(r)
	f := app.PlanFilter{Query: q.text("q"), Kind: oneOf(q, "kind", domain.PlanKinds), Status: oneOf(q, "status", domain.PlanStatuses),
		Node: oneOf(q, "node", domain.PlanNodes), Overdue: q.flag("overdue"), UnitID: q.num("unit_id"),
		DoneMonth: q.month("done_month")}
	after, err := decodePlanCursor(q.q.Get("cursor"))
	q.keep(err)
	f.After = after
	return f, q.err
}

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	limit, err := limitOf(r)
	if err != nil {
		return nil, err
	}
	f, err := planFilter(r)
	if err != nil {
		return nil, err
	}
	f.Limit = limit
	p, err := s.svc.Plans(r.Context(), rq.auth.Actor, f)
	if err != nil {
		return nil, err
	}
	l := list[*domain.PlanItem]{Items: p.Items, NextCursor: encodePlanCursor(p.Next)}
	if l.Items == nil {
		l.Items = []*domain.PlanItem{}
	}
	return l, nil
}

func (s *Server) apiDockingPlanCreate(w http.ResponseWriter, r *http.Request, rq *request) (any, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	var in app.DockingPlanEdit
	if err := decode(r, &in); err != nil {
		return nil, err
	}
	p, err := s.svc.CreateDockingPlan(r.Context(), rq.auth.Actor, id, in)
	if err != nil {
		return nil, err
	}
	return s.svc.DockingPlan(r.Context(), rq.auth.Actor, p.ID)
}

// dockingPlansAPI is the docking plans' JSON API (SHR-R8); a system's plans are listed and
// added under the system (the rows of api_routes.go).
func (s *Server) dockingPlansAPI() apiRegister {
	return apiRegister{base: "/api/v1/docking-plans", tag: "plans", one: "DockingPlan", many: "DockingPlans", the: "plan", these: "plans",
		get: recordAt(s, (*app.Service).DockingPlan).says("A docking plan", "For whoever may see its system; others 404."),
		update: thenRead(s, (*app.Service).UpdateDockingPlan, (*app.Service).DockingPlan).answers("The plan as saved.").says("Change a docking plan",
			"Fields left out keep their values; version (the one read) is required (stale: 409). Only open plans are edited (409 otherwise). A plan keeps the standard version it names even once superseded; a new standard_id must be a version in force (ORG-5). Audited as docking_plan.update."),
		transition: thenRead(s, (*app.Service).TransitionDockingPlan, (*app.Service).DockingPlan).says("Take a step of a docking plan",
			"As for migration plans, with docked as the done state. Completing records on the system that it takes the library's data from the library (base_data state docked) in the same transaction, audited as docking_plan.complete and system.plan_docked. Reopening next to another open plan for the library answers 409."),
	}
}
