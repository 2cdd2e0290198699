package web_test

// The access matrix (docs/ACCESS.md): for every registered route and every demo role, the
// expected answer is declared once, in testdata/access_matrix.txt, and walked here against a
// real server on the demo district. A route registered without a row fails the test, and so
// does a row whose route is gone.
//
// To see what the server answers today (after adding a route, say), run
//
//	ARCHGOV_MATRIX_RECORD=1 go test ./internal/web -run TestAccessMatrix -count=1
//
// which rewrites the outcome columns of the file with what was observed; then read the diff
// as a reviewer would, row by row, before committing it.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/testdb"
)

const matrixFile = "testdata/access_matrix.txt"

// matrixRoles are the table's columns: the short name in the header → the demo login ("" is
// anonymous).
var matrixRoles = []struct{ col, user string }{
	{"anon", ""}, {"sysadm", "sysadmin"}, {"secadm", "secadmin"}, {"audadm", "auditadmin"},
	{"office", "office"}, {"leader", "leader"}, {"head", "weijian_head"}, {"contact", "weijian"},
	{"expert", "expert"}, {"superv", "supervisor"}, {"finance", "finance"}, {"audit", "audit"},
}

// matrixLast are the routes that end the caller's session: each role walks them after all others.
var matrixLast = []string{"POST /profile/sessions/{sid}/end", "POST /profile/logout-everywhere", "POST /logout"}

// matrixVersion is the version every state-changing request carries: no record has it, so a
// caller who is let through is stopped by the version check (409) and nothing changes.
const matrixVersion = "999999"

type matrixRow struct {
	line           int
	route, path    string // "METHOD /pattern", the concrete path with placeholders
	want           []string
	method, target string // filled by the walk: the method, the path with ids
}

var matrixPlaceholder = regexp.MustCompile(`\{([a-z-]+(?::[a-z-]+)?)\}`)

// readMatrix parses the table: comment lines start with #, the header line with "route".
func readMatrix(t *testing.T) (rows []*matrixRow, lines []string) {
	t.Helper()
	b, err := os.ReadFile(matrixFile)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(strings.NewReader(string(b)))
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		lines = append(lines, line)
		f := strings.Fields(line)
		if len(f) == 0 || strings.HasPrefix(f[0], "#") {
			continue
		}
		if f[0] == "route" {
			if got := f[2:]; len(got) != len(matrixRoles) {
				t.Fatalf("%s:%d: header has %d role columns, want %d", matrixFile, n, len(got), len(matrixRoles))
			} else {
				for i, r := range matrixRoles {
					if got[i] != r.col {
						t.Fatalf("%s:%d: column %d is %s, want %s", matrixFile, n, i+3, got[i], r.col)
					}
				}
			}
			continue
		}
		if len(f) != 3+len(matrixRoles) {
			t.Fatalf("%s:%d: %d fields, want METHOD /pattern /path and %d outcomes", matrixFile, n, len(f), len(matrixRoles))
		}
		for _, w := range f[3:] {
			if !validOutcome(w) {
				t.Fatalf("%s:%d: outcome %q is not ok, login or a status code", matrixFile, n, w)
			}
		}
		rows = append(rows, &matrixRow{line: n, route: f[0] + " " + f[1], path: f[2], want: f[3:]})
	}
	return rows, lines
}

func validOutcome(w string) bool {
	if w == "ok" || w == "login" {
		return true
	}
	n, err := strconv.Atoi(w)
	return err == nil && n >= 200 && n < 600
}

// outcome is the observed answer in the table's words: "ok" when the caller was let through
// (2xx, a redirect other than to the login, or 400/409/422: the request was read and refused
// for its content, which happens only after the access check), "login" for a redirect to the
// login, otherwise the status code.
func outcome(status int, location string) string {
	switch {
	case status == http.StatusFound || status == http.StatusSeeOther:
		if strings.HasPrefix(location, "/login") {
			return "login"
		}
		return "ok"
	case status/100 == 2, status == http.StatusBadRequest, status == http.StatusConflict, status == http.StatusUnprocessableEntity:
		return "ok"
	}
	return strconv.Itoa(status)
}

func matches(want, got string, status int) bool {
	if want == "ok" || want == "login" {
		return want == got
	}
	return want == strconv.Itoa(status)
}

// matrixIDs finds the records the placeholders stand for: "own" records belong to 卫健委 (the
// unit of head and contact, led by leader), "other" ones to a unit none of the demo roles
// belongs to or leads, "pub" is another unit's published catalog entry.
func matrixIDs(t *testing.T, s *site) map[string]string {
	t.Helper()
	ids := map[string]string{}
	db := s.svc.DB().Writer()
	own := s.unit("320507119").ID
	// Units that some demo login belongs to or holds a role for (the other units' 责任人 and
	// 联系人 accounts are no logins of the table).
	var logins []string
	for _, us := range demo.Users {
		logins = append(logins, "'"+us.Username+"'")
	}
	isLogin := `u.username IN (` + strings.Join(logins, ",") + `)`
	taken := map[int64]bool{}
	for _, q := range []string{`SELECT g.unit_id FROM user_roles g JOIN users u ON u.id = g.user_id WHERE g.unit_id IS NOT NULL AND ` + isLogin,
		`SELECT u.unit_id FROM users u WHERE u.unit_id IS NOT NULL AND ` + isLogin} {
		rows, err := db.QueryContext(s.ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			taken[id] = true
		}
		rows.Close()
	}
	var free []string
	for id := range taken {
		free = append(free, strconv.FormatInt(id, 10))
	}
	notTaken := "(" + strings.Join(free, ",") + ")"
	ownS := strconv.FormatInt(own, 10)
	one := func(name, q string) {
		t.Helper()
		var id any
		if err := db.QueryRowContext(s.ctx, q).Scan(&id); err != nil {
			t.Fatalf("matrix placeholder {%s}: %v\n%s", name, err, q)
		}
		ids[name] = fmt.Sprint(id)
	}
	byUnit := func(kind, table, col string) {
		one(kind+":own", `SELECT id FROM `+table+` WHERE `+col+` = `+ownS+` ORDER BY id LIMIT 1`)
		one(kind+":other", `SELECT id FROM `+table+` WHERE `+col+` NOT IN `+notTaken+` ORDER BY id LIMIT 1`)
	}
	one("unit:own", `SELECT `+ownS)
	one("unit:other", `SELECT id FROM units WHERE kind = 'bureau' AND id NOT IN `+notTaken+` ORDER BY id LIMIT 1`)
	byUnit("system", "systems", "unit_id")
	one("room:own", `SELECT id FROM machine_rooms WHERE unit_id = `+ownS+` AND status <> 'closed' ORDER BY id LIMIT 1`)
	one("room:other", `SELECT id FROM machine_rooms WHERE unit_id NOT IN `+notTaken+` AND status <> 'closed' ORDER BY id LIMIT 1`)
	// A milestone on each of the two rooms (the demo plans few).
	for _, w := range []string{"own", "other"} {
		room, _ := strconv.ParseInt(ids["room:"+w], 10, 64)
		m, err := s.svc.MachineRoom(s.ctx, app.SystemActor(), room)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := s.svc.EditRoomMilestone(s.ctx, app.SystemActor(), room, 0, app.MilestoneEdit{Version: m.Version, Title: "访问矩阵", Due: siteNow.AddDate(0, 1, 0)}, false)
		if err != nil {
			t.Fatal(err)
		}
		ids["msroom:"+w], ids["ms:"+w] = ids["room:"+w], strconv.FormatInt(plan.Milestones[len(plan.Milestones)-1].ID, 10)
	}
	byUnit("website", "websites", "unit_id")
	byUnit("media", "media_accounts", "unit_id")
	byUnit("cloudreq", "cloud_requests", "unit_id")
	byUnit("attachment", "attachments", "unit_id")
	for _, w := range []string{"own", "other"} {
		one("attent:"+w, `SELECT entity_type FROM attachments WHERE id = `+ids["attachment:"+w])
		one("attid:"+w, `SELECT entity_id FROM attachments WHERE id = `+ids["attachment:"+w])
	}
	ids["catalog:own"] = strconv.FormatInt(s.catalogDraft("320507119", "访问矩阵草稿").ID, 10) // 卫健委's are all published
	one("catalog:other", `SELECT id FROM catalog_entries WHERE provider_unit_id NOT IN `+notTaken+` AND status <> 'published' ORDER BY id LIMIT 1`)
	one("catalog:pub", `SELECT id FROM catalog_entries WHERE provider_unit_id NOT IN `+notTaken+` AND status = 'published' ORDER BY id LIMIT 1`)
	one("sharing:own", `SELECT id FROM sharing_requests WHERE requester_unit_id = `+ownS+` OR provider_unit_id = `+ownS+` ORDER BY id LIMIT 1`)
	one("sharing:other", `SELECT id FROM sharing_requests WHERE requester_unit_id NOT IN `+notTaken+` AND provider_unit_id NOT IN `+notTaken+` ORDER BY id LIMIT 1`)
	one("feedback:own", `SELECT id FROM feedback WHERE reporter_unit_id = `+ownS+` OR provider_unit_id = `+ownS+` ORDER BY id LIMIT 1`)
	one("feedback:other", `SELECT id FROM feedback WHERE reporter_unit_id NOT IN `+notTaken+` AND provider_unit_id NOT IN `+notTaken+` ORDER BY id LIMIT 1`)
	one("migsys:own", `SELECT s.id FROM migration_plans m JOIN systems s ON s.id = m.system_id WHERE s.unit_id = `+ownS+` ORDER BY m.id LIMIT 1`)
	one("migsys:other", `SELECT s.id FROM migration_plans m JOIN systems s ON s.id = m.system_id WHERE s.unit_id NOT IN `+notTaken+` ORDER BY m.id LIMIT 1`)
	for _, w := range []string{"own", "other"} {
		cond := `s.unit_id = ` + ownS
		if w == "other" {
			cond = `s.unit_id NOT IN ` + notTaken
		}
		one("dock:"+w, `SELECT d.id FROM docking_plans d JOIN systems s ON s.id = d.system_id WHERE `+cond+` ORDER BY d.id LIMIT 1`)
		one("docksys:"+w, `SELECT d.system_id FROM docking_plans d JOIN systems s ON s.id = d.system_id WHERE `+cond+` ORDER BY d.id LIMIT 1`)
	}
	// A published guide and a draft revision of it (the demo has none of its own).
	pub := &domain.Guide{Year: 2027, Title: "访问矩阵指南", WindowStart: siteNow, WindowEnd: siteNow.AddDate(0, 1, 0)}
	if err := s.svc.CreateGuide(s.ctx, app.SystemActor(), pub); err != nil {
		t.Fatal(err)
	}
	if _, err := s.svc.TransitionGuide(s.ctx, app.SystemActor(), pub.ID, app.GuideStep{Version: pub.Version, Action: domain.GuidePublish}); err != nil {
		t.Fatal(err)
	}
	draft, err := s.svc.TransitionGuide(s.ctx, app.SystemActor(), pub.ID, app.GuideStep{Version: pub.Version + 1, Action: domain.GuideRevise})
	if err != nil {
		t.Fatal(err)
	}
	ids["guide:pub"], ids["guide:draft"] = strconv.FormatInt(pub.ID, 10), strconv.FormatInt(draft.ID, 10)
	// Department assessment (ORG-3): the demo's published one, a draft made for the walk, and an
	// objection of the own and of the other unit to the published scores.
	as, err := s.svc.Assessments(s.ctx, app.SystemActor())
	if err != nil || len(as) != 1 {
		t.Fatalf("the demo's assessments: %v (%v)", as, err)
	}
	ids["assessment:pub"] = strconv.FormatInt(as[0].ID, 10)
	adraft := &domain.Assessment{Year: 2035, Title: "访问矩阵考核"}
	if err := s.svc.CreateAssessment(s.ctx, app.SystemActor(), adraft); err != nil {
		t.Fatal(err)
	}
	ids["assessment:draft"] = strconv.FormatInt(adraft.ID, 10)
	for _, w := range []string{"own", "other"} {
		unit, _ := strconv.ParseInt(ids["unit:"+w], 10, 64)
		o, err := s.svc.FileObjection(s.ctx, app.SystemActor(), as[0].ID, app.ObjectionCreate{UnitID: unit, Reason: "访问矩阵"})
		if err != nil {
			t.Fatalf("objection of %s: %v", w, err)
		}
		ids["objection:"+w] = strconv.FormatInt(o.ID, 10)
	}
	// Notices (ORG-4): the demo's published ones and its draft; standards (ORG-5): a version in
	// force of the demo's and a draft version made for the walk.
	one("notice:pub", `SELECT id FROM notices WHERE status = 'published' ORDER BY id LIMIT 1`)
	one("notice:draft", `SELECT id FROM notices WHERE status = 'draft' ORDER BY id LIMIT 1`)
	one("standard:pub", `SELECT id FROM standards WHERE status = 'published' ORDER BY id LIMIT 1`)
	std := &domain.Standard{Code: "XC-MATRIX-1", Name: "访问矩阵标准", Kind: domain.StdAccess, Edition: "V1"}
	if err := s.svc.CreateStandard(s.ctx, app.SystemActor(), std); err != nil {
		t.Fatal(err)
	}
	ids["standard:draft"] = strconv.FormatInt(std.ID, 10)
	// A published component and a draft of the 卫健委 (the office's all the same), made for the walk.
	for _, w := range []string{"pub", "draft"} {
		unit, _ := strconv.ParseInt(ids["unit:own"], 10, 64)
		c := &domain.Component{Name: "访问矩阵组件" + w, Kind: domain.CompOther, UnitID: unit, Summary: "访问矩阵", Functions: []string{"访问矩阵"}, Access: "申请"}
		if err := s.svc.CreateComponent(s.ctx, app.SystemActor(), c); err != nil {
			t.Fatal(err)
		}
		if w == "pub" {
			if _, err := s.svc.TransitionComponent(s.ctx, app.SystemActor(), c.ID, app.ComponentStep{Version: c.Version, Action: domain.CompPublish}); err != nil {
				t.Fatal(err)
			}
		}
		ids["component:"+w] = strconv.FormatInt(c.ID, 10)
	}
	// An annual plan of each unit, made for the walk (the demo district has none of 2030).
	for _, w := range []string{"own", "other"} {
		unit, _ := strconv.ParseInt(ids["unit:"+w], 10, 64)
		p := &domain.AnnualPlan{UnitID: unit, Year: 2030}
		if err := s.svc.CreateAnnualPlan(s.ctx, app.SystemActor(), p); err != nil {
			t.Fatal(err)
		}
		ids["annualplan:"+w] = strconv.FormatInt(p.ID, 10)
	}
	// The demo expert linked to the login expert, one linked to none, and a draw made for the walk.
	one("expert:linked", `SELECT e.id FROM experts e JOIN users u ON u.id = e.user_id WHERE u.username = 'expert'`)
	one("expert:other", `SELECT id FROM experts WHERE user_id IS NULL ORDER BY id LIMIT 1`)
	d, err := s.svc.CreateDraw(s.ctx, app.SystemActor(), app.DrawRequest{Purpose: domain.DrawProjectReview, SubjectKind: domain.DrawSubjectProject,
		SubjectID: 90001, ExcludeUnitID: own, Count: 3})
	if err != nil {
		t.Fatal(err)
	}
	ids["draw"] = strconv.FormatInt(d.ID, 10)
	// A project application of each unit, for an accepted plan item of 2031, answering a guide of
	// 2031 (the demo district has neither).
	g31 := &domain.Guide{Year: 2031, Title: "访问矩阵指南2031", WindowStart: siteNow, WindowEnd: siteNow.AddDate(0, 1, 0)}
	if err := s.svc.CreateGuide(s.ctx, app.SystemActor(), g31); err != nil {
		t.Fatal(err)
	}
	if _, err := s.svc.TransitionGuide(s.ctx, app.SystemActor(), g31.ID, app.GuideStep{Version: g31.Version, Action: domain.GuidePublish}); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"own", "other"} {
		unit, _ := strconv.ParseInt(ids["unit:"+w], 10, 64)
		p := &domain.AnnualPlan{UnitID: unit, Year: 2031, Items: []domain.AnnualItem{{Name: "访问矩阵项目", Kind: domain.ItemNew, Category: domain.CatGeneral, Budget: 100},
			{Name: "访问矩阵评审项目", Kind: domain.ItemNew, Category: domain.CatGeneral, Budget: 100}}}
		if err := s.svc.CreateAnnualPlan(s.ctx, app.SystemActor(), p); err != nil {
			t.Fatal(err)
		}
		for _, act := range []domain.AnnualPlanAction{domain.APSend, domain.APApprove, domain.APSubmit, domain.APAccept} {
			var err error
			if p, err = s.svc.TransitionAnnualPlan(s.ctx, app.SystemActor(), p.ID, app.AnnualPlanStep{Version: p.Version, Action: act}); err != nil {
				t.Fatal(err)
			}
		}
		items, err := s.svc.ProjectPlanItems(s.ctx, app.SystemActor(), 2031)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(items, func(it *domain.PlanItemRef) bool { return it.PlanID == p.ID })
		proj := &domain.Project{UnitID: unit, PlanItemID: items[i].ID, Functions: []string{"甲类专项台账填报"}}
		if err := s.svc.CreateProject(s.ctx, app.SystemActor(), proj); err != nil {
			t.Fatal(err)
		}
		ids["project:"+w] = strconv.FormatInt(proj.ID, 10)
		if w == "other" {
			ids["project:reviewed"] = reviewedProject(t, s, unit, items[i+1].ID, g31, ids["expert:linked"])
		}
		// An approved application of the same item with its task book (FLOW-3).
		tbp := &domain.Project{UnitID: unit, PlanItemID: items[i].ID, Functions: []string{"甲类专项台账填报"}, NoData: true, Content: "访问矩阵任务书", Responses: mandatoryAnswers(),
			Budget: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 100}}}
		if err := s.svc.CreateProject(s.ctx, app.SystemActor(), tbp); err != nil {
			t.Fatal(err)
		}
		for _, act := range []domain.ProjectAction{domain.ProjSubmit, domain.ProjReview, domain.ProjApprove} {
			var err error
			if act == domain.ProjApprove { // reviewed and given the opinion first (BLD-R3)
				s.reviewed(tbp.ID)
				if tbp, err = s.svc.Project(s.ctx, app.SystemActor(), tbp.ID); err != nil {
					t.Fatal(err)
				}
			}
			if tbp, err = s.svc.TransitionProject(s.ctx, app.SystemActor(), tbp.ID, app.ProjectStep{Version: tbp.Version, Action: act, ApprovedBudget: 100}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.svc.IssueTaskBook(s.ctx, app.SystemActor(), tbp.ID, app.TaskBookIssue{}); err != nil {
			t.Fatal(err)
		}
		ids["tbproject:"+w] = strconv.FormatInt(tbp.ID, 10)
		// A rectification notice of it (FLOW-4): found at bidding, so sent to the finance and
		// audit bureaus; the other unit's is then made one they were not sent, so that they
		// read {rect:own}, its project and task book, and nothing of {rect:other}.
		x, err := s.svc.OpenRectification(s.ctx, app.SystemActor(), app.RectificationOpen{ProjectID: tbp.ID, Source: domain.RectFromOffice,
			Items: []domain.RectItem{{Clause: "FLOW-4", Outcome: domain.OutcomePartial, Problem: "访问矩阵"}}, DeadlineDays: 5})
		if err != nil {
			t.Fatal(err)
		}
		if w == "other" {
			if _, err := db.ExecContext(s.ctx, `UPDATE rectifications SET bureaus = 0 WHERE id = `+strconv.FormatInt(x.ID, 10)); err != nil {
				t.Fatal(err)
			}
		}
		ids["rect:"+w] = strconv.FormatInt(x.ID, 10)
	}
	// Governance findings (issue 11): an open finding of each unit, and a waiver request on
	// another finding of each (the first stays open, so that a request on it is let through).
	for _, w := range []string{"own", "other"} {
		cond := `unit_id = ` + ownS
		if w == "other" {
			cond = `unit_id NOT IN ` + notTaken + ` AND unit_id <> 0`
		}
		one("finding:"+w, `SELECT id FROM findings WHERE status = 'open' AND `+cond+` ORDER BY id LIMIT 1`)
		one("waived:"+w, `SELECT id FROM findings WHERE status = 'open' AND id <> `+ids["finding:"+w]+` AND `+cond+`
			AND NOT EXISTS (SELECT 1 FROM waivers x WHERE x.subject_kind = findings.subject_kind AND x.subject_id = findings.subject_id
				AND x.rule_id = findings.rule_id AND x.status IN ('requested', 'approved')) ORDER BY id LIMIT 1`)
		f, _ := strconv.ParseInt(ids["waived:"+w], 10, 64)
		x, err := s.svc.RequestWaiver(s.ctx, app.SystemActor(), app.WaiverRequest{FindingID: f, Reason: "访问矩阵", ExpiresOn: siteNow.AddDate(0, 1, 0)})
		if err != nil {
			t.Fatal(err)
		}
		ids["waiver:"+w] = strconv.FormatInt(x.ID, 10)
	}
	// Key-project supervision (FLOW-5): an approved key project the test gives the demo's supervisor
	// (施文浩) to supervise, and one nobody supervises — both of units none of the logins belongs to
	// and neither reviewed by a reviewer with a login: the demo draws its reviewers (from a fixed
	// seed stream, app.WithDemoDrawSeeds, so the same each time), and 黄立群 (expert) reads what he
	// reviews; nor one the demo's failed spot checks told the finance
	// and audit bureaus of (they read it).
	freeKey := `SELECT id FROM projects WHERE key_category <> 'none' AND status = 'approved' AND unit_id NOT IN ` + notTaken + `
		AND id NOT IN (SELECT project_id FROM project_supervisors)
		AND id NOT IN (SELECT r.project_id FROM project_reviews r JOIN experts e ON e.id = r.expert_id WHERE e.user_id IS NOT NULL)
		AND id NOT IN (SELECT project_id FROM rectifications WHERE bureaus <> 0)
		ORDER BY id LIMIT 1`
	one("supproject:own", freeKey)
	supervised, _ := strconv.ParseInt(ids["supproject:own"], 10, 64)
	supervisor, err := s.svc.DB().Read().UserByUsername(s.ctx, "supervisor")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.svc.AssignSupervision(s.ctx, app.SystemActor(), supervised,
		app.SupervisionAssignment{Firm: "访问矩阵监理有限公司", UserIDs: []int64{supervisor.ID}}); err != nil {
		t.Fatal(err)
	}
	one("supproject:other", freeKey)
	// Random spot checks (FLOW-4): a draft round, the office's alone until it is drawn.
	yes := true
	round, err := s.svc.CreateCheckRound(s.ctx, app.SystemActor(), app.CheckRoundEdit{Title: "访问矩阵抽查", Stage: domain.StageBidding,
		PeriodFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), PeriodTo: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC),
		SampleSize: 1, IncludeKey: &yes, InspectorsPer: 2, PoolOffice: true, PoolExperts: true})
	if err != nil {
		t.Fatal(err)
	}
	ids["round:draft"] = strconv.FormatInt(round.ID, 10)
	one("pool", `SELECT id FROM cloud_pools ORDER BY id LIMIT 1`)
	one("baselib", `SELECT id FROM base_libraries ORDER BY id LIMIT 1`)
	one("audit", `SELECT id FROM audit_log ORDER BY id LIMIT 1`)
	// Two accounts made for the walk, so that a reset or an unlock let through touches no login
	// of the table: one of 卫健委, one of another unit.
	for w, unit := range map[string]int64{"own": own, "other": s.unit("320507103").ID} {
		u, _, err := s.svc.CreateUser(s.ctx, app.SystemActor(), app.NewUser{Username: "matrix_" + w, Name: "矩阵" + w, UnitID: unit, Password: demo.Password,
			Grants: []domain.Grant{{Role: domain.RoleUnitContact, UnitID: unit}}})
		if err != nil {
			t.Fatal(err)
		}
		ids["user:"+w] = strconv.FormatInt(u.ID, 10)
	}
	// A workbook staged for import by matrix_own (a 卫健委 contact), for every register: only
	// the one who staged it may apply it, so every role of the table must find none (404).
	ownID, _ := strconv.ParseInt(ids["user:own"], 10, 64)
	for _, kind := range []string{"systems", "machine-rooms", "websites", "new-media", "catalog", "components"} {
		id, err := s.svc.StageImport(s.ctx, domain.Actor{UserID: ownID, Username: "matrix_own"}, kind, "matrix.xlsx", []byte("not a workbook"))
		if err != nil {
			t.Fatal(err)
		}
		ids["staged:"+kind] = id
	}
	_, tok, err := s.svc.CreateToken(s.ctx, app.SystemActor(), "matrix_other", "matrix", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	ids["token:other"] = strconv.FormatInt(tok.ID, 10)
	ids["none"] = "999999"
	return ids
}

func TestAccessMatrix(t *testing.T) {
	testdb.WithoutRace(t)
	t.Parallel()
	rows, lines := readMatrix(t)
	b := testdb.Backends(t)[0] // authorization is the server's, not the database's: SQLite only
	s := newSite(t, b)

	// Every route has a row, every row a route.
	registered := map[string]bool{}
	for _, r := range s.srv.Routes() {
		registered[r] = true
	}
	covered := map[string]bool{}
	for _, r := range rows {
		if !registered[r.route] {
			t.Errorf("%s:%d: %s is not a registered route", matrixFile, r.line, r.route)
		}
		covered[r.route] = true
	}
	for _, r := range s.srv.Routes() {
		if !covered[r] {
			t.Errorf("route %s has no row in %s: add one (docs/ACCESS.md)", r, matrixFile)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	ids := matrixIDs(t, s)
	for _, r := range rows {
		r.method, _, _ = strings.Cut(r.route, " ")
		r.target = matrixPlaceholder.ReplaceAllStringFunc(r.path, func(m string) string {
			if strings.HasPrefix(m, "{fresh-") || m == "{session:office}" {
				return m // made anew for each call (matrixFresh); the session once logged in
			}
			if id, ok := ids[m[1:len(m)-1]]; ok {
				return id
			}
			t.Fatalf("%s:%d: unknown placeholder %s", matrixFile, r.line, m)
			return m
		})
	}
	// Walk the table in order, the session-ending routes last.
	order := slices.Clone(rows)
	last := func(r *matrixRow) int { return slices.Index(matrixLast, r.route) } // -1 for the others
	slices.SortStableFunc(order, func(a, b *matrixRow) int { return last(a) - last(b) })

	// Each role logs in through the real forms; the walk then hands its requests, with the
	// session's cookies or the token, straight to the server's handler (middleware and all):
	// no sockets, so 5,000 requests stay cheap under -race.
	type caller struct {
		cookies []*http.Cookie
		csrf    string
		token   string
	}
	callers := make([]caller, len(matrixRoles))
	home, _ := url.Parse(s.ts.URL + "/")
	for i, role := range matrixRoles {
		if role.user == "" {
			callers[i] = caller{csrf: "x"}
			continue
		}
		br := s.login(role.user)
		callers[i] = caller{cookies: br.c.Jar.Cookies(home), csrf: br.csrf, token: s.token(role.user)}
	}
	handler := s.srv.Handler()
	// The office's session, for ending a session that is someone else's (404) or one's own.
	var sid string
	if err := s.svc.DB().Writer().QueryRowContext(s.ctx, `SELECT id FROM sessions WHERE user_id = `+strconv.FormatInt(s.user("office").ID, 10)+` ORDER BY created_at DESC LIMIT 1`).Scan(&sid); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		r.target = strings.ReplaceAll(r.target, "{session:office}", sid)
	}

	got := make([][]string, len(rows)) // row index → per role outcome
	status := make([][]int, len(rows)) // row index → per role status
	index := map[*matrixRow]int{}
	for i, r := range rows {
		index[r] = i
		got[i], status[i] = make([]string, len(matrixRoles)), make([]int, len(matrixRoles))
	}
	spent := make([][]time.Duration, len(rows))
	for i := range spent {
		spent[i] = make([]time.Duration, len(matrixRoles))
	}
	var wg sync.WaitGroup
	errs := make([]error, len(matrixRoles))
	start := time.Now()
	for ri := range matrixRoles {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := callers[ri]
			for _, r := range order {
				target, err := matrixFresh(s, ids, r.target)
				if err != nil {
					errs[ri] = fmt.Errorf("%s %s: %w", r.route, r.target, err)
					return
				}
				t0 := time.Now()
				code, loc, err := matrixCall(handler, c.cookies, c.csrf, c.token, r.method, target)
				spent[index[r]][ri] = time.Since(t0)
				if err != nil {
					errs[ri] = fmt.Errorf("%s %s: %w", r.route, r.target, err)
					return
				}
				got[index[r]][ri], status[index[r]][ri] = outcome(code, loc), code
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d rows × %d roles in %s", len(rows), len(matrixRoles), time.Since(start).Round(time.Millisecond))

	if os.Getenv("ARCHGOV_MATRIX_SLOW") != "" {
		for i, r := range rows {
			var sum time.Duration
			for _, d := range spent[i] {
				sum += d
			}
			t.Logf("SLOW %8.1fms %s", float64(sum.Microseconds())/1000, r.target)
		}
	}
	if os.Getenv("ARCHGOV_MATRIX_RECORD") != "" {
		recordMatrix(t, rows, lines, got, status)
		return
	}
	for i, r := range rows {
		for ri, role := range matrixRoles {
			if !matches(r.want[ri], got[i][ri], status[i][ri]) {
				t.Errorf("%s:%d: %s %s as %s: got %s (%d), want %s", matrixFile, r.line, r.method, r.target, role.col, got[i][ri], status[i][ri], r.want[ri])
			}
		}
	}
}

var matrixFreshRe = regexp.MustCompile(`\{fresh-attachment:([a-z]+)\}`)

// matrixFresh makes the records of {fresh-…} placeholders, one per call: a request that is let
// through and needs no version (deleting an attachment) uses its record up, and the next role
// must find one to be judged on.
func matrixFresh(s *site, ids map[string]string, target string) (string, error) {
	var err error
	out := matrixFreshRe.ReplaceAllStringFunc(target, func(m string) string {
		w := matrixFreshRe.FindStringSubmatch(m)[1]
		id, _ := strconv.ParseInt(ids["attachment:"+w], 10, 64)
		var att *domain.Attachment
		if att, err = s.svc.AttachmentInfo(s.ctx, app.SystemActor(), id); err != nil {
			return m
		}
		var made *domain.Attachment
		made, err = s.svc.AddAttachment(s.ctx, app.SystemActor(), att.EntityType, att.EntityID, "访问矩阵.pdf", strings.NewReader("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
		if err != nil {
			return m
		}
		return strconv.FormatInt(made.ID, 10)
	})
	return out, err
}

// matrixCall sends one request as one caller. Pages get the session cookie and, on a POST,
// the session's CSRF token; the API gets the bearer token. A state-changing request carries
// version matrixVersion and the fields of the path's query string (as form fields, or as JSON
// members: numbers where they parse as one; the query stays on the URL too, for handlers that
// read form values of a multipart upload); "version=" leaves the version out, and "file=X"
// sends a multipart form whose "file" part holds X.
func matrixCall(h http.Handler, cookies []*http.Cookie, csrf, token, method, target string) (int, string, error) {
	var body io.Reader
	api := strings.HasPrefix(target, "/api/")
	var ctype string
	if method != http.MethodGet && method != http.MethodDelete {
		_, query, _ := strings.Cut(target, "?")
		q, err := url.ParseQuery(query)
		if err != nil {
			return 0, "", err
		}
		if !q.Has("version") {
			q.Set("version", matrixVersion)
		} else if q.Get("version") == "" {
			q.Del("version")
		}
		if q.Has("file") {
			// An upload: the fields and a "file" part holding the value (not a workbook).
			var buf strings.Builder
			mw := multipart.NewWriter(&buf)
			for k := range q {
				if k != "file" {
					mw.WriteField(k, q.Get(k))
				}
			}
			if !api {
				mw.WriteField("csrf", csrf)
			}
			fw, _ := mw.CreateFormFile("file", "matrix.xlsx")
			io.WriteString(fw, q.Get("file"))
			mw.Close()
			body, ctype = strings.NewReader(buf.String()), mw.FormDataContentType()
		} else if api {
			m := map[string]any{}
			for k := range q {
				if n, err := strconv.ParseInt(q.Get(k), 10, 64); err == nil {
					m[k] = n
				} else {
					m[k] = q.Get(k)
				}
			}
			b, _ := json.Marshal(m)
			body, ctype = strings.NewReader(string(b)), "application/json"
		} else {
			q.Set("csrf", csrf)
			body, ctype = strings.NewReader(q.Encode()), "application/x-www-form-urlencoded"
		}
	}
	req := httptest.NewRequest(method, target, body)
	req.RemoteAddr = "127.0.0.1:40000"
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if api && token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if !api {
		for _, c := range cookies {
			req.AddCookie(c)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Header().Get("Location"), nil
}

// recordMatrix rewrites the outcome columns with what was observed, aligned.
func recordMatrix(t *testing.T, rows []*matrixRow, lines []string, got [][]string, status [][]int) {
	t.Helper()
	w1, w2 := len("route"), 0
	for _, r := range rows {
		m, p, _ := strings.Cut(r.route, " ")
		w1 = max(w1, len(m)+1+len(p))
		w2 = max(w2, len(r.path))
	}
	format := func(a, b string, cols []string) string {
		var sb strings.Builder
		fmt.Fprintf(&sb, "%-*s %-*s", w1, a, w2, b)
		for i, c := range cols {
			fmt.Fprintf(&sb, " %-*s", max(len(matrixRoles[i].col), 5), c)
		}
		return strings.TrimRight(sb.String(), " ")
	}
	byLine := map[int]int{}
	for i, r := range rows {
		byLine[r.line] = i
	}
	var out []string
	for n, line := range lines {
		f := strings.Fields(line)
		switch {
		case len(f) > 0 && f[0] == "route":
			var cols []string
			for _, r := range matrixRoles {
				cols = append(cols, r.col)
			}
			out = append(out, format("route", "path", cols))
		case len(f) > 0 && !strings.HasPrefix(f[0], "#"):
			i := byLine[n+1]
			out = append(out, format(rows[i].route, rows[i].path, got[i]))
			var raw []string
			for _, c := range status[i] {
				raw = append(raw, strconv.Itoa(c))
			}
			t.Logf("%s %s: %s", rows[i].route, rows[i].target, strings.Join(raw, " "))
		default:
			out = append(out, line)
		}
	}
	if err := os.WriteFile(matrixFile, []byte(strings.Join(out, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// reviewedProject is an application of unit under review (BLD-R3) that the demo login expert is
// assigned to review, not submitted: {project:reviewed}.
func reviewedProject(t *testing.T, s *site, unit, item int64, g *domain.Guide, expertID string) string {
	t.Helper()
	sys := app.SystemActor()
	p := &domain.Project{UnitID: unit, PlanItemID: item, Functions: []string{"甲类专项台账填报"}, Content: "访问矩阵评审", NoData: true,
		Budget: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 100}}}
	for _, cl := range g.Mandatory() {
		p.Responses = append(p.Responses, domain.ProjectResponse{Clause: cl, Answer: domain.AnswerComply})
	}
	if err := s.svc.CreateProject(s.ctx, sys, p); err != nil {
		t.Fatal(err)
	}
	for _, act := range []domain.ProjectAction{domain.ProjSubmit, domain.ProjReview} {
		var err error
		if p, err = s.svc.TransitionProject(s.ctx, sys, p.ID, app.ProjectStep{Version: p.Version, Action: act}); err != nil {
			t.Fatal(err)
		}
	}
	expert, _ := strconv.ParseInt(expertID, 10, 64)
	if _, err := s.svc.AssignReviewers(s.ctx, sys, p.ID, app.ReviewerAssignment{ExpertIDs: []int64{expert}}); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(p.ID, 10)
}
