package store_test

// Project applications (FLOW-2, BLD-P2, SHR-R3) on every backend: a full application read back
// as written, its rows replaced on update, the optimistic version, filters and scope, the plan
// items an application may refer to, and the catalog's project_id checked by the database.

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// acceptedPlan inserts a unit's plan of year in state st with items of the given budgets.
// guideAndItems stores the published 2027 guide (the default requirements) and an accepted 2027
// plan of unit with two items, and returns the guide, the plan and the district's accepted items.
func guideAndItems(t *testing.T, db *store.DB, unit int64) (*domain.Guide, *domain.AnnualPlan, []*domain.PlanItemRef) {
	t.Helper()
	ctx := context.Background()
	g := &domain.Guide{Year: 2027, Revision: 1, Title: "指南", Items: domain.DefaultGuideItems(), Status: domain.GuidePublished}
	inTx(t, db, func(tx *store.Tx) error { return tx.InsertGuide(ctx, g) })
	plan := acceptedPlan(t, db, unit, 2027, domain.APAccepted, 100_000, 200_000)
	items, err := db.Read().AcceptedPlanItems(ctx, authz.Scope{All: true}, 2027)
	if err != nil || len(items) != 2 {
		t.Fatalf("items %v %v", items, err)
	}
	return g, plan, items
}

func acceptedPlan(t *testing.T, db *store.DB, unit int64, year int, st domain.AnnualPlanStatus, budgets ...int64) *domain.AnnualPlan {
	t.Helper()
	p := &domain.AnnualPlan{UnitID: unit, Year: year, Status: st}
	for i, b := range budgets {
		p.Items = append(p.Items, domain.AnnualItem{Name: "项目" + string(rune('甲'+i)), Kind: domain.ItemNew, Category: domain.CatGeneral, Budget: b, SystemIDs: []int64{}})
	}
	return inserted(t, db, p, func(tx *store.Tx) error { return tx.InsertAnnualPlan(context.Background(), p) })
}

func TestProjectsStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		_, health, edu := district(t, db)
		g := &domain.Guide{Year: 2027, Revision: 1, Title: "指南", Items: domain.DefaultGuideItems(), Status: domain.GuidePublished}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertGuide(ctx, g) })
		acceptedPlan(t, db, health.ID, 2027, domain.APAccepted, 1_000_000, 300_000)
		acceptedPlan(t, db, edu.ID, 2027, domain.APDraft, 50_000)
		acceptedPlan(t, db, edu.ID, 2026, domain.APAccepted, 70_000)

		// The accepted items, by year and unit; a scope narrows them.
		items, err := db.Read().AcceptedPlanItems(ctx, authz.Scope{All: true}, 0)
		if err != nil || len(items) != 3 || items[0].UnitID != health.ID || items[0].Budget != 1_000_000 || items[2].Year != 2026 {
			t.Fatalf("accepted items %+v %v", items, err)
		}
		if mine, _ := db.Read().AcceptedPlanItems(ctx, authz.Scope{UnitIDs: []int64{edu.ID}}, 2027); len(mine) != 0 {
			t.Fatalf("edu's accepted items of 2027: %+v (its plan is a draft)", mine)
		}
		item := items[0]
		if got, err := db.Read().PlanItem(ctx, item.ID); err != nil || !reflect.DeepEqual(got, item) || got.PlanStatus != domain.APAccepted {
			t.Fatalf("plan item %+v %v", got, err)
		}
		if _, err := db.Read().PlanItem(ctx, 999999); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("missing plan item: %v", err)
		}

		full := &domain.Project{UnitID: health.ID, Year: 2027, PlanItemID: item.ID, GuideID: g.ID, Name: "卫健数据中台", Kind: domain.ItemNew,
			KeyCategory: domain.KeyTheme, Budget: []domain.BudgetLine{{Category: domain.CatGeneral, Amount: 900_000}, {Category: domain.CatCloud, Amount: 200_000}},
			BudgetJustification: "新增迁移", Content: "建设数据中台", SystemIDs: []int64{}, NewSystems: []domain.NewSystem{{Name: "数据中台", Brief: "汇聚"}, {Name: "驾驶舱"}},
			Cloud: domain.CloudResources{VCPU: 16, MemoryGiB: 64, StorageGiB: 2048}, RoomWork: domain.RoomWorkNone,
			Exchanges:    []domain.ProjectExchange{{UnitID: edu.ID, Data: "学生体检", Channel: domain.ExchangePlatform}},
			BaseData:     []domain.BaseLibrary{domain.LibPopulation, domain.LibGeo},
			Websites:     []domain.PlannedWebsite{{Name: "健康门户", Reason: "对外服务"}},
			Media:        []domain.PlannedMedia{{Kind: domain.MediaWechatService, Name: "健康相城", Reason: ""}},
			UserLevels:   []domain.UserLevel{domain.LevelDistrict, domain.LevelTown},
			Integrations: []domain.Integration{{Target: domain.TargetCatalog, ID: 5, Mode: domain.ModeReplace, Note: "替代旧库"}},
			Responses: []domain.ProjectResponse{{Clause: "ENV-R1", Answer: domain.AnswerComply}, {Clause: "BLD-P3", Answer: domain.AnswerPartial, Text: "二期整合"},
				{Clause: "PTL-R2", Answer: domain.AnswerNA, Text: "不覆盖全区"}},
			Status: domain.ProjDraft, SubmittedAt: clock.Now()}
		if err := full.Validate(); err != nil {
			t.Fatal(err)
		}
		inserted(t, db, full, func(tx *store.Tx) error { return tx.InsertProject(ctx, full) })
		got, err := db.Read().Project(ctx, full.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *full
		want.UnitName, want.PlanItem, want.CatalogIDs = "区卫生健康委员会", item, []int64{}
		want.SubmittedAt = want.SubmittedAt.Truncate(time.Microsecond)
		// Answers come back in clause order.
		want.Responses = []domain.ProjectResponse{full.Responses[1], full.Responses[0], full.Responses[2]}
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("read back\n%+v\nwant\n%+v", *got, want)
		}
		if got.Total != 1_100_000 {
			t.Fatalf("total %d", got.Total)
		}

		// Update replaces the rows; a stale version is a conflict.
		stale := *got
		got.NewSystems, got.Responses = []domain.NewSystem{{Name: "一体化平台"}}, []domain.ProjectResponse{{Clause: "SHR-R3", Answer: domain.AnswerComply}}
		got.Status = domain.ProjSubmitted
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateProject(ctx, got) })
		again, _ := db.Read().Project(ctx, full.ID)
		if again.Version != 2 || len(again.NewSystems) != 1 || len(again.Responses) != 1 || again.Responses[0].Clause != "SHR-R3" || again.Status != domain.ProjSubmitted {
			t.Fatalf("after update %+v", again)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateProject(ctx, &stale) })
		if domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("stale update: %v", err)
		}

		// A plan item that does not exist is refused by the database.
		bad := *full
		bad.ID, bad.PlanItemID = 0, 999999
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.InsertProject(ctx, &bad) }); err == nil {
			t.Fatal("a project of a missing plan item was stored")
		}

		// Filters and scope, newest first.
		eduItem, _ := db.Read().AcceptedPlanItems(ctx, authz.Scope{UnitIDs: []int64{edu.ID}}, 2026)
		other := &domain.Project{UnitID: edu.ID, Year: 2026, PlanItemID: eduItem[0].ID, GuideID: g.ID, Name: "教育", Kind: domain.ItemUpgrade,
			KeyCategory: domain.KeyNone, RoomWork: domain.RoomWorkNone, Status: domain.ProjDraft}
		inserted(t, db, other, func(tx *store.Tx) error { return tx.InsertProject(ctx, other) })
		all := authz.Scope{All: true}
		for name, c := range map[string]struct {
			scope authz.Scope
			f     store.ProjectFilter
			want  []int64
		}{
			"all":         {all, store.ProjectFilter{}, []int64{other.ID, full.ID}},
			"unit scope":  {authz.Scope{UnitIDs: []int64{health.ID}}, store.ProjectFilter{}, []int64{full.ID}},
			"empty scope": {authz.Scope{}, store.ProjectFilter{}, nil},
			"year":        {all, store.ProjectFilter{Year: 2026}, []int64{other.ID}},
			"unit":        {all, store.ProjectFilter{UnitID: health.ID}, []int64{full.ID}},
			"status":      {all, store.ProjectFilter{Status: domain.ProjSubmitted}, []int64{full.ID}},
			"keyset":      {all, store.ProjectFilter{After: other.ID, Limit: 1}, []int64{full.ID}},
		} {
			ids := listIDs(t, db.Read().Projects, c.scope, c.f)
			if !slices.Equal(ids, c.want) {
				t.Errorf("%s: %v, want %v", name, ids, c.want)
			}
			if c.f.After == 0 {
				if n, err := db.Read().CountProjects(ctx, c.scope, c.f); err != nil || n != len(c.want) {
					t.Errorf("%s: count %d %v", name, n, err)
				}
			}
		}

		// SHR-R3: a catalog entry's project_id is a checked reference; the project reads its
		// entries (not the withdrawn).
		entry := func(project int64, st domain.CatalogStatus) *domain.CatalogEntry {
			return &domain.CatalogEntry{Class: "3", Item: "01", Name: "居民健康档案", ProviderUnitID: health.ID, Summary: "档案", Format: domain.FormatDatabase,
				ShareType: domain.ShareUnconditional, UpdateCycle: domain.CycleDaily, Status: st, ProjectID: project, Items: []domain.DataItem{}}
		}
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.InsertCatalogEntry(ctx, entry(999999, domain.CatPrecompiled)) }); err == nil {
			t.Fatal("an entry of a missing project was stored")
		}
		e1 := entry(full.ID, domain.CatPrecompiled)
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertCatalogEntry(ctx, e1) })
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertCatalogEntry(ctx, entry(full.ID, domain.CatWithdrawn)) })
		e1.ProjectID = 999999
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateCatalogEntry(ctx, e1, false) }); err == nil {
			t.Fatal("an entry moved to a missing project")
		}
		if p, _ := db.Read().Project(ctx, full.ID); !slices.Equal(p.CatalogIDs, []int64{e1.ID}) {
			t.Fatalf("catalog ids %v, want [%d]", p.CatalogIDs, e1.ID)
		}
	})
}
