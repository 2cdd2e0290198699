package app_test

// What approving a project does, in the approval's transaction (FLOW-2, ENV-R1, SHR-R3): its new
// systems registered 在建 as the unit's through the register's create path, its cloud
// resources filed as a draft request tied to it, its catalog entries still tied to it; two
// approvals at once make them once; a side effect that fails leaves nothing.

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/store"
)

// reviewedWith is an application of plan item it of the health commission that builds systems
// (names), needs cloud, is submitted and accepted for review, and has what an approval needs
// (e.reviewed: the experts' reviews and the opinion); noData false pre-compiles a catalog entry,
// whose id is returned too.
func (e *env) reviewedWith(item *domain.PlanItemRef, cloud domain.CloudResources, noData bool, systems ...string) (*domain.Project, int64) {
	e.t.Helper()
	guides, err := e.svc.Guides(e.ctx, e.actor("weijian"), store.GuideFilter{Year: item.Year, Status: domain.GuidePublished})
	if err != nil || len(guides.Items) == 0 {
		e.t.Fatalf("guide of %d: %v", item.Year, err)
	}
	var answers []domain.ProjectResponse
	for _, cl := range guides.Items[0].Mandatory() {
		answers = append(answers, domain.ProjectResponse{Clause: cl, Answer: domain.AnswerComply})
	}
	var news []domain.NewSystem
	for _, n := range systems {
		news = append(news, domain.NewSystem{Name: n, Brief: n + "的建设"})
	}
	p := added(e, "weijian", "application", e.svc.CreateProject, &domain.Project{Functions: testFunctions(), PlanItemID: item.ID, Content: "建设内容",
		Budget: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 100_000}}, NoData: noData, Responses: answers,
		NewSystems: news, Cloud: cloud, UserLevels: []domain.UserLevel{domain.LevelDistrict, domain.LevelTown}})
	var entry int64
	if !noData {
		entry = e.addEntry("weijian", withProject(newEntry(item.UnitID, p.Name+"数据"), p.ID)).ID
	}
	for _, st := range []struct {
		who string
		act domain.ProjectAction
	}{{"weijian", domain.ProjSubmit}, {"office", domain.ProjReview}} {
		if _, err := e.projStep(st.who, p.ID, st.act, "", 0); err != nil {
			e.t.Fatalf("%s: %v", st.act, err)
		}
	}
	e.reviewed(p.ID)
	return must(e, "project", store.Reader.Project, p.ID), entry
}

// notice is who's notification of event about the record, or nil.
func (e *env) notice(who, event, entity string, id int64) *domain.Notification {
	e.t.Helper()
	list, _, err := e.svc.Inbox(e.ctx, e.actor(who), app.InboxFilter{Limit: 100})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, n := range list {
		if n.Event == event && n.EntityType == entity && n.EntityID == id {
			return n
		}
	}
	return nil
}

// notices counts who's notifications of event.
func (e *env) notices(who, event string) int {
	e.t.Helper()
	list, _, err := e.svc.Inbox(e.ctx, e.actor(who), app.InboxFilter{Limit: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, x := range list {
		if x.Event == event {
			n++
		}
	}
	return n
}

// countOfProject counts the rows of table whose project_id is the project's.
func (e *env) countOfProject(table string, project int64) int {
	e.t.Helper()
	var n int
	if err := e.db.Writer().QueryRowContext(e.ctx, `SELECT count(*) FROM `+table+` WHERE project_id = `+strconv.FormatInt(project, 10)).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

var projectCloud = domain.CloudResources{VCPU: 8, MemoryGiB: 32, StorageGiB: 500}

func TestProjectApprovalEffects(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		items := e.acceptedPlan(health.ID, 2027, 200_000, 200_000)
		p, entry := e.reviewedWith(items[0], projectCloud, false, "卫健数据中台", "健康档案查询")
		if p.Status != domain.ProjUnderReview || len(p.CreatedSystemIDs) != 0 || len(p.CloudRequestIDs) != 0 {
			t.Fatalf("under review %+v", p)
		}
		before := e.head()
		approved, err := e.projStep("office", p.ID, domain.ProjApprove, "同意", 90_000)
		if err != nil || approved.Status != domain.ProjApproved {
			t.Fatalf("approve: %+v %v", approved, err)
		}

		// Audited in the same transaction: each system, the request, then the approval.
		var actions []string
		for _, r := range e.since(before) {
			if r.Actor != "office" {
				t.Errorf("audit record %s by %s, want office", r.Action, r.Actor)
			}
			actions = append(actions, r.Action)
		}
		if want := []string{"system.create", "system.create", "cloudrequest.create", "project.approve"}; !slices.Equal(actions, want) {
			t.Fatalf("audit %v, want %v", actions, want)
		}

		// The project answer names what it made.
		got, err := e.svc.Project(e.ctx, e.actor("weijian"), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.CreatedSystemIDs) != 2 || len(got.CloudRequestIDs) != 1 {
			t.Fatalf("created systems %v, cloud requests %v", got.CreatedSystemIDs, got.CloudRequestIDs)
		}
		// The new systems: the unit's, 在建, naming the project, the district's next codes (the
		// register's allocation), the application's name, brief and user levels.
		var codes []string
		for i, id := range got.CreatedSystemIDs {
			sys, err := e.svc.System(e.ctx, e.actor("weijian"), id)
			if err != nil {
				t.Fatal(err)
			}
			if sys.Status != domain.StatusUnderConstruction || sys.UnitID != health.ID || sys.ProjectID != p.ID ||
				sys.Name != p.NewSystems[i].Name || sys.Purpose != p.NewSystems[i].Brief || sys.Hosting != domain.HostingCloud ||
				!slices.Equal(sys.UserLevels, p.UserLevels) || !strings.HasPrefix(sys.Code, demo.SystemCodePrefix) {
				t.Fatalf("system %d: %+v", i, sys)
			}
			codes = append(codes, sys.Code)
		}
		if codes[0] == codes[1] || domain.NextSystemCode(demo.SystemCodePrefix, codes[:1]) != codes[1] {
			t.Fatalf("codes %v: not the next two", codes)
		}
		// Listed by the state 在建.
		list, err := e.svc.Systems(e.ctx, e.actor("office"), app.SystemFilter{Status: domain.StatusUnderConstruction, Limit: 100})
		if err != nil || !slices.ContainsFunc(list.Items, func(s *domain.System) bool { return s.ID == got.CreatedSystemIDs[0] }) {
			t.Fatalf("systems 在建: %v", err)
		}
		for _, s := range list.Items {
			if s.Status != domain.StatusUnderConstruction {
				t.Fatalf("the filter 在建 lists %s", s.Status)
			}
		}

		// The cloud request: the unit's, draft (as a newly filed one), for the first new system,
		// tied to the project, asking what the application needed.
		req, err := e.svc.CloudRequest(e.ctx, e.actor("weijian"), got.CloudRequestIDs[0])
		if err != nil {
			t.Fatal(err)
		}
		if req.Status != domain.CloudDraft || req.UnitID != health.ID || req.ProjectID != p.ID || req.SystemID != got.CreatedSystemIDs[0] ||
			req.Requested != projectCloud || !req.Granted.IsZero() || !strings.Contains(req.Justification, p.Name) {
			t.Fatalf("cloud request %+v", req)
		}
		// The unit's 责任人 and 联系人 are asked, in the approval's transaction, to complete and
		// submit the draft, with a link to it; another unit's people are not.
		for _, who := range []string{"weijian", "weijian_head"} {
			n := e.notice(who, "project_cloud_draft", "cloudrequest", req.ID)
			if n == nil {
				t.Fatalf("%s has no notice of the draft request %d", who, req.ID)
			}
			if n.Link != "/cloud/requests/"+strconv.FormatInt(req.ID, 10) ||
				app.NotificationText(i18n.ZH, n) != "立项已批复，已为您生成云资源申请草稿，请补充后提交（"+p.Name+"）" {
				t.Errorf("%s's notice: %q → %s", who, app.NotificationText(i18n.ZH, n), n.Link)
			}
		}
		if e.notice("jiaoyu", "project_cloud_draft", "cloudrequest", req.ID) != nil {
			t.Error("another unit's contact was told of the draft request")
		}
		// A request may name a system under construction: the unit submits it, the office approves it.
		req, err = e.svc.TransitionCloudRequest(e.ctx, e.actor("weijian"), req.ID, app.CloudStep{Version: req.Version, Action: domain.CloudSubmit})
		if err != nil {
			t.Fatal(err)
		}
		if req, err = e.svc.TransitionCloudRequest(e.ctx, e.actor("office"), req.ID, app.CloudStep{Version: req.Version, Action: domain.CloudApprove}); err != nil || req.Status != domain.CloudApproved || req.ProjectID != p.ID {
			t.Fatalf("approve the request of a system 在建: %+v %v", req, err)
		}
		// So may a request the unit files itself.
		if err := e.svc.CreateCloudRequest(e.ctx, e.actor("weijian"), &domain.CloudRequest{UnitID: health.ID, SystemID: got.CreatedSystemIDs[1],
			PoolID: req.PoolID, Requested: domain.CloudResources{VCPU: 2}, Justification: "测试环境",
			PeriodStart: t0, PeriodEnd: t0.AddDate(0, 6, 0)}); err != nil {
			t.Fatalf("a request for a system 在建: %v", err)
		}

		// SHR-R3: the catalog entry stays tied to the approved project.
		if c := must(e, "entry", store.Reader.CatalogEntry, entry); c.ProjectID != p.ID || !slices.Equal(got.CatalogIDs, []int64{entry}) {
			t.Fatalf("entry project %d, project catalog %v", c.ProjectID, got.CatalogIDs)
		}

		// The system goes live: running, the go-live date set.
		sys := must(e, "system", store.Reader.System, got.CreatedSystemIDs[0])
		sys, err = e.svc.TransitionSystem(e.ctx, e.actor("weijian"), sys.ID, app.SystemStep{Version: sys.Version, Action: domain.SysGoLive})
		if err != nil || sys.Status != domain.StatusRunning || sys.GoLive.IsZero() || sys.ProjectID != p.ID {
			t.Fatalf("go live: %+v %v", sys, err)
		}

		// A project that needs nothing of the cloud and builds nothing makes nothing, and asks
		// nothing of the unit beyond the approval's own notice.
		plain, _ := e.reviewedWith(items[1], domain.CloudResources{}, true)
		drafts := e.notices("weijian", "project_cloud_draft")
		before = e.head()
		if _, err := e.projStep("office", plain.ID, domain.ProjApprove, "", 50_000); err != nil {
			t.Fatal(err)
		}
		e.wantAudit(before, "project.approve", "office")
		if n := e.notices("weijian", "project_cloud_draft"); n != drafts {
			t.Errorf("%d notices of a draft request after approving a project without cloud needs, %d before", n, drafts)
		}
	})
}

// Cloud resources with no system to request them for refuse the approval (ENV-R1), as does a
// side effect failing after systems were registered: the project stays under review, nothing is
// created, nothing audited; once the cause is gone it is approved.
func TestProjectApprovalRollback(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		items := e.acceptedPlan(health.ID, 2027, 200_000, 200_000)

		nosys, _ := e.reviewedWith(items[0], projectCloud, true)
		before := e.head()
		_, err := e.projStep("office", nosys.ID, domain.ProjApprove, "", 90_000)
		wantCode(t, err, domain.EInvalid, "cloud")
		e.wantNoAudit(before)
		if p := must(e, "project", store.Reader.Project, nosys.ID); p.Status != domain.ProjUnderReview || !p.DecidedAt.IsZero() {
			t.Fatalf("refused approval left %+v", p)
		}

		drafts := e.notices("weijian", "project_cloud_draft")

		// The database refuses the cloud request, after the systems were inserted.
		p, _ := e.reviewedWith(items[1], projectCloud, true, "新系统甲", "新系统乙")
		refuse := []string{`CREATE TRIGGER test_refuse BEFORE INSERT ON cloud_requests BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`}
		undo := []string{`DROP TRIGGER test_refuse`}
		if e.db.Dialect == store.Postgres {
			refuse = []string{`CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`,
				`CREATE TRIGGER test_refuse BEFORE INSERT ON cloud_requests FOR EACH ROW EXECUTE FUNCTION test_refuse()`}
			undo = []string{`DROP TRIGGER test_refuse ON cloud_requests`, `DROP FUNCTION test_refuse()`}
		}
		for _, q := range refuse {
			if _, err := e.db.Writer().ExecContext(e.ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		var nsys int
		if err := e.db.Writer().QueryRowContext(e.ctx, `SELECT count(*) FROM systems`).Scan(&nsys); err != nil {
			t.Fatal(err)
		}
		before = e.head()
		if _, err := e.projStep("office", p.ID, domain.ProjApprove, "", 90_000); err == nil || !strings.Contains(err.Error(), "refused by the test") {
			t.Fatalf("approval with the request refused: %v", err)
		}
		e.wantNoAudit(before)
		if got := must(e, "project", store.Reader.Project, p.ID); got.Status != domain.ProjUnderReview || got.Version != p.Version ||
			len(got.CreatedSystemIDs) != 0 || len(got.CloudRequestIDs) != 0 {
			t.Fatalf("after the failed approval %+v", got)
		}
		var after int
		if err := e.db.Writer().QueryRowContext(e.ctx, `SELECT count(*) FROM systems`).Scan(&after); err != nil || after != nsys {
			t.Fatalf("systems %d after the failed approval, %d before (%v)", after, nsys, err)
		}
		if e.inboxHas("weijian", "project_approved", p.ID) || e.notices("weijian", "project_cloud_draft") != drafts {
			t.Fatal("the unit was told of an approval that did not happen")
		}
		for _, q := range undo {
			if _, err := e.db.Writer().ExecContext(e.ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.projStep("office", p.ID, domain.ProjApprove, "", 90_000); err != nil {
			t.Fatal(err)
		}
		if n, m := e.countOfProject("systems", p.ID), e.countOfProject("cloud_requests", p.ID); n != 2 || m != 1 {
			t.Fatalf("after the approval: %d systems, %d requests", n, m)
		}
	})
}

// Two approvals of one application at once: one wins, the other is told it changed (409), and
// the systems and the request are made once.
func TestProjectApprovalConcurrent(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		items := e.acceptedPlan(health.ID, 2027, 200_000, 200_000, 200_000)
		for round, item := range items {
			p, _ := e.reviewedWith(item, projectCloud, true, "并发系统甲", "并发系统乙")
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = e.svc.TransitionProject(e.ctx, e.actor("office"), p.ID,
						app.ProjectStep{Version: p.Version, Action: domain.ProjApprove, ApprovedBudget: 90_000})
				}()
			}
			wg.Wait()
			if (errs[0] == nil) == (errs[1] == nil) {
				t.Fatalf("round %d: two approvals at once: %v, %v", round, errs[0], errs[1])
			}
			for _, err := range errs {
				if err != nil && domain.ErrorCode(err) != domain.EConflict {
					t.Fatalf("round %d: the losing approval: %v", round, err)
				}
			}
			if n, m := e.countOfProject("systems", p.ID), e.countOfProject("cloud_requests", p.ID); n != 2 || m != 1 {
				t.Fatalf("round %d: %d systems, %d requests, want 2 and 1", round, n, m)
			}
		}
	})
}
