package app_test

// Key-project supervision (FLOW-5) on the demo district, both backends: the office assigns a
// key project's supervision unit (and changes it with a reason, 409 on a stale version), whose
// accounts then read that project, its task book and its log and nothing of another project
// (404); the log is append-only, written by the supervision unit and the office, read by the
// project's unit; bad input is a 422 naming each field.

import (
	"slices"
	"testing"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// keyProjects are the demo's approved key projects — the one it supervises first, then the
// others — and an approved project that is not a key project.
func (e *env) keyProjects() ([]*domain.Project, *domain.Project) {
	e.t.Helper()
	pg, err := e.svc.Projects(e.ctx, e.actor("office"), app.ProjectFilter{Status: domain.ProjApproved})
	if err != nil {
		e.t.Fatal(err)
	}
	sup, err := e.svc.Supervisions(e.ctx, e.actor("office"), app.SupervisionFilter{})
	if err != nil || len(sup.Items) != 1 {
		e.t.Fatalf("demo supervisions: %v %v", sup.Items, err)
	}
	i := slices.IndexFunc(pg.Items, func(p *domain.Project) bool { return !p.IsKey() })
	if i < 0 {
		e.t.Fatal("no approved project that is not a key project")
	}
	plain := pg.Items[i]
	keys := slices.DeleteFunc(pg.Items, func(p *domain.Project) bool { return !p.IsKey() })
	slices.SortStableFunc(keys, func(a, b *domain.Project) int {
		return map[bool]int{true: 0, false: 1}[a.ID == sup.Items[0].ProjectID] - map[bool]int{true: 0, false: 1}[b.ID == sup.Items[0].ProjectID]
	})
	if len(keys) < 2 || keys[0].ID != sup.Items[0].ProjectID {
		e.t.Fatalf("want the supervised key project and another: %d", len(keys))
	}
	return keys, plain
}

// unitContact is an actor of a 联系人 of unit.
func (e *env) unitContact(unit int64) domain.Actor {
	e.t.Helper()
	ids, err := e.db.Read().UsersWithRoles(e.ctx, []int64{unit}, domain.RoleUnitContact)
	if err != nil || len(ids) == 0 {
		e.t.Fatalf("contact of unit %d: %v", unit, err)
	}
	u := must(e, "user", store.Reader.User, ids[0])
	return domain.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, UnitID: u.UnitID, Grants: u.Grants}
}

func TestSupervision(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		keys, plain := e.keyProjects()
		sup, office := e.actor("supervisor"), e.actor("office")
		// p2: a key project sup does not supervise — nor inspect in the demo's spot checks, whose
		// draws (crypto/rand) may have drawn the supervisor for one (FLOW-4).
		inspects := func(id int64) bool {
			ids, err := e.db.Read().InspectorAccounts(e.ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return slices.Contains(ids, sup.UserID)
		}
		p1, p2 := keys[0], (*domain.Project)(nil)
		for _, k := range keys[1:] {
			if !inspects(k.ID) {
				p2 = k
				break
			}
		}
		if p2 == nil {
			t.Fatal("every other key project is inspected by the supervisor")
		}

		// The demo's supervisor reads the supervised project, its task book and its log (newest
		// first, paged) and no other project: the list of applications is empty, the other key
		// project, its task book and its log are not found.
		x, err := e.svc.ProjectSupervision(e.ctx, sup, p1.ID)
		if err != nil || x.Firm != demo.SupervisionFirm || !slices.Contains(x.UserIDs, sup.UserID) {
			t.Fatalf("supervision of the demo project: %+v %v", x, err)
		}
		if _, err := e.svc.Project(e.ctx, sup, p1.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.ProjectTaskBook(e.ctx, sup, p1.ID); err != nil {
			t.Fatal(err)
		}
		page, err := e.svc.SupervisionLog(e.ctx, sup, p1.ID, app.SupervisionLogFilter{Limit: 2})
		if err != nil || len(page.Items) != 2 || page.NextCursor == 0 || page.Items[0].Corrects != page.Items[1].ID {
			t.Fatalf("log page 1: %+v %v", page, err)
		}
		rest, err := e.svc.SupervisionLog(e.ctx, sup, p1.ID, app.SupervisionLogFilter{After: page.NextCursor})
		if err != nil || len(rest.Items) != 3 || rest.Items[2].Kind != domain.SupMaterialReview {
			t.Fatalf("log page 2: %+v %v", rest, err)
		}
		if all, err := e.svc.Projects(e.ctx, sup, app.ProjectFilter{}); err != nil || slices.ContainsFunc(all.Items, func(p *domain.Project) bool { return !inspects(p.ID) }) {
			t.Fatalf("supervisor's applications: %d %v", len(all.Items), err)
		}
		if mine, err := e.svc.Supervisions(e.ctx, sup, app.SupervisionFilter{}); err != nil || len(mine.Items) != 1 || mine.Items[0].ProjectID != p1.ID {
			t.Fatalf("supervisor's projects: %+v %v", mine.Items, err)
		}
		_, err = e.svc.Project(e.ctx, sup, p2.ID)
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.ProjectTaskBook(e.ctx, sup, p2.ID)
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.SupervisionLog(e.ctx, sup, p2.ID, app.SupervisionLogFilter{})
		wantCode(t, err, domain.ENotFound, "")
		day := e.svc.Today()
		note := app.SupervisionNote{Kind: domain.SupSiteInspection, Date: day, Participants: "监理", Findings: "现场检查"}
		_, err = e.svc.AddSupervisionEntry(e.ctx, sup, p2.ID, note)
		wantCode(t, err, domain.ENotFound, "")

		// The project's unit reads the log but does not write it; a unit that is not the
		// project's does not see it.
		unit := e.unitContact(p1.UnitID)
		if _, err := e.svc.SupervisionLog(e.ctx, unit, p1.ID, app.SupervisionLogFilter{}); err != nil {
			t.Fatal(err)
		}
		_, err = e.svc.AddSupervisionEntry(e.ctx, unit, p1.ID, note)
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.SupervisionLog(e.ctx, e.unitContact(p2.UnitID), p1.ID, app.SupervisionLogFilter{})
		if p1.UnitID != p2.UnitID {
			wantCode(t, err, domain.ENotFound, "")
		}

		// The office assigns p2 a supervision unit: every problem at once, an account that is no
		// supervisor refused by name; a project that is not a key project is a 409; the unit's
		// people may not assign (403).
		other, _, err := e.svc.CreateUser(e.ctx, app.SystemActor(), app.NewUser{Username: "jianli2", Name: "监理二", Password: demo.Password,
			Grants: []domain.Grant{{Role: domain.RoleSupervisor}}})
		if err != nil {
			t.Fatal(err)
		}
		sup2 := e.actor("jianli2")
		_, err = e.svc.AssignSupervision(e.ctx, office, p2.ID, app.SupervisionAssignment{Firm: " "})
		if f := fieldsOf(err); !slices.Equal(f, []string{"firm", "user_ids"}) {
			t.Fatalf("empty assignment: %v (%v)", f, err)
		}
		_, err = e.svc.AssignSupervision(e.ctx, office, p2.ID, app.SupervisionAssignment{Firm: "监理公司", UserIDs: []int64{e.user("weijian").ID}})
		wantCode(t, err, domain.EInvalid, "user_ids")
		_, err = e.svc.AssignSupervision(e.ctx, e.unitContact(p2.UnitID), p2.ID, app.SupervisionAssignment{Firm: "监理公司", UserIDs: []int64{other.ID}})
		wantCode(t, err, domain.EForbidden, "")
		_, err = e.svc.AssignSupervision(e.ctx, office, plain.ID, app.SupervisionAssignment{Firm: "监理公司", UserIDs: []int64{other.ID}})
		wantMessage(t, err, domain.EConflict, "err.supervision.not_key")
		_, err = e.svc.AddSupervisionEntry(e.ctx, office, plain.ID, note)
		wantMessage(t, err, domain.EConflict, "err.supervision.not_key")
		before := e.head()
		x2, err := e.svc.AssignSupervision(e.ctx, office, p2.ID, app.SupervisionAssignment{Firm: "第二监理公司", UserIDs: []int64{other.ID}})
		if err != nil || x2.Version != 1 || len(x2.Users) != 1 || x2.Users[0].Name != "监理二" {
			t.Fatalf("assign: %+v %v", x2, err)
		}
		if e.head() != before+1 || !e.inboxHasOf("jianli2", "supervision_assigned", "project", p2.ID) {
			t.Fatal("the assignment is audited and the supervisor told")
		}
		// A second first assignment, or a stale version: 409; a change without a reason: 422.
		_, err = e.svc.AssignSupervision(e.ctx, office, p2.ID, app.SupervisionAssignment{Firm: "X", UserIDs: []int64{other.ID}})
		wantCode(t, err, domain.EConflict, "")
		_, err = e.svc.AssignSupervision(e.ctx, office, p2.ID, app.SupervisionAssignment{Version: 1, Firm: "第二监理公司", UserIDs: []int64{other.ID, sup.UserID}})
		wantCode(t, err, domain.EInvalid, "reason")
		x2, err = e.svc.AssignSupervision(e.ctx, office, p2.ID, app.SupervisionAssignment{Version: 1, Firm: "第二监理公司", UserIDs: []int64{other.ID, sup.UserID}, Reason: "增派监理人员"})
		if err != nil || x2.Version != 2 || len(x2.UserIDs) != 2 {
			t.Fatalf("change: %+v %v", x2, err)
		}
		hist, err := e.svc.ProjectHistory(e.ctx, office, p2.ID)
		if err != nil || !slices.ContainsFunc(hist, func(r *audit.Record) bool { return r.Action == "project.assign_supervision" }) {
			t.Fatalf("history: %v", err)
		}

		// The new supervisor writes p2's log: bad input names every field; a date after today,
		// a correction of another project's entry: 422; a good entry and its correction stored.
		_, err = e.svc.AddSupervisionEntry(e.ctx, sup2, p2.ID, app.SupervisionNote{Kind: "chat"})
		if f := fieldsOf(err); !slices.Equal(f, []string{"kind", "date", "participants", "findings"}) {
			t.Fatalf("bad entry: %v (%v)", f, err)
		}
		late := note
		late.Date = day.AddDate(0, 0, 1)
		_, err = e.svc.AddSupervisionEntry(e.ctx, sup2, p2.ID, late)
		wantCode(t, err, domain.EInvalid, "date")
		wrong := note
		wrong.Corrects = page.Items[0].ID // p1's
		_, err = e.svc.AddSupervisionEntry(e.ctx, sup2, p2.ID, wrong)
		wantCode(t, err, domain.EInvalid, "corrects")
		first, err := e.svc.AddSupervisionEntry(e.ctx, sup2, p2.ID, note)
		if err != nil || first.AuthorName != "监理二" || !first.Date.Equal(day) {
			t.Fatalf("entry: %+v %v", first, err)
		}
		fix := note
		fix.Corrects, fix.Findings = first.ID, "更正：现场检查发现机房温度过高"
		if _, err := e.svc.AddSupervisionEntry(e.ctx, office, p2.ID, fix); err != nil {
			t.Fatal(err)
		}
		// sup2 supervises p2 only.
		_, err = e.svc.AddSupervisionEntry(e.ctx, sup2, p1.ID, note)
		wantCode(t, err, domain.ENotFound, "")
	})
}
