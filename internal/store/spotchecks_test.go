package store_test

// Random spot checks (FLOW-4) on every backend: projects.stage_at chooses a round's candidates
// by stage and period; a round read back, edited (a stale edit refused) and listed — all for
// the office, the published ones and those one inspects for anyone else; a check read back
// with its project, unit and round's stage, its inspectors kept and found by login and by
// project; the inspector pool with each login's ties to units (its own, its roles', its expert
// affiliation).

import (
	"context"
	"slices"
	"testing"
	"time"

	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

func TestSpotCheckStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		_, health, edu := district(t, db)
		g, _, items := guideAndItems(t, db, health.ID)
		day := time.Date(2027, 3, 10, 4, 0, 0, 0, time.UTC) // 12:00 in the district
		project := func(item *domain.PlanItemRef, name string, stage domain.ProjectStage, at time.Time) *domain.Project {
			p := &domain.Project{UnitID: health.ID, Year: 2027, PlanItemID: item.ID, GuideID: g.ID, Name: name, Kind: domain.ItemNew,
				KeyCategory: domain.KeyNone, RoomWork: domain.RoomWorkNone, Status: domain.ProjApproved, NoData: true, Stage: stage, StageAt: at}
			return inserted(t, db, p, func(tx *store.Tx) error { return tx.InsertProject(ctx, p) })
		}
		p := project(items[0], "数据中台", domain.StageDesign, day)
		project(items[1], "驾驶舱", domain.StageDesign, day.AddDate(0, 0, 2))
		got, err := db.Read().Project(ctx, p.ID)
		if err != nil || !got.StageAt.Equal(day) {
			t.Fatalf("stage_at read back: %v %v", got.StageAt, err)
		}
		from, to := time.Date(2027, 3, 10, 0, 0, 0, 0, time.UTC), time.Date(2027, 3, 11, 0, 0, 0, 0, time.UTC)
		if cs, err := db.Read().RoundCandidates(ctx, domain.StageDesign, from, to); err != nil || len(cs) != 1 || cs[0].ID != p.ID {
			t.Fatalf("candidates of the 10th: %v %v", cs, err)
		}
		if cs, err := db.Read().RoundCandidates(ctx, domain.StageBidding, from, to.AddDate(0, 0, 5)); err != nil || len(cs) != 0 {
			t.Fatalf("candidates of another stage: %v %v", cs, err)
		}

		office := insertUser(t, db, &domain.User{Username: "zhouxl", Name: "周晓岚", UnitID: edu.ID}, "x")
		inTx(t, db, func(tx *store.Tx) error {
			return tx.ReplaceGrants(ctx, office.ID, office.Version, []domain.Grant{{Role: domain.RoleOffice}})
		})
		head := insertUser(t, db, &domain.User{Username: "xiehw", Name: "谢宏伟"}, "x")
		inTx(t, db, func(tx *store.Tx) error {
			return tx.ReplaceGrants(ctx, head.ID, head.Version, []domain.Grant{{Role: domain.RoleUnitHead, UnitID: health.ID}, {Role: domain.RoleOffice}})
		})
		ex := insertUser(t, db, &domain.User{Username: "huanglq", Name: "黄立群"}, "x")
		e := &domain.Expert{Name: "黄立群", Organization: "苏州大学", Title: "教授", UnitID: health.ID, Specialties: []domain.Specialty{domain.SpecData},
			UserID: ex.ID, Active: true}
		inserted(t, db, e, func(tx *store.Tx) error { return tx.InsertExpert(ctx, e) })
		pool, err := db.Read().InspectorUnits(ctx, []domain.Role{domain.RoleOffice}, true)
		if err != nil || len(pool) != 3 {
			t.Fatalf("pool %+v %v", pool, err)
		}
		ties := map[int64][]int64{}
		for _, x := range pool {
			ties[x.UserID] = x.Units
		}
		if !slices.Equal(ties[office.ID], []int64{edu.ID}) || !slices.Equal(ties[head.ID], []int64{health.ID}) || !slices.Equal(ties[ex.ID], []int64{health.ID}) {
			t.Fatalf("ties %v", ties)
		}
		if noExperts, err := db.Read().InspectorUnits(ctx, []domain.Role{domain.RoleOffice}, false); err != nil || len(noExperts) != 2 {
			t.Fatalf("pool without experts %+v %v", noExperts, err)
		}

		r := &domain.CheckRound{Title: "设计阶段抽查", Stage: domain.StageDesign, PeriodFrom: from, PeriodTo: to, SampleSize: 1, IncludeKey: true,
			InspectorsPer: 2, PoolOffice: true, Status: domain.RoundDraft, Candidates: []domain.RoundCandidate{}, CreatedBy: office.ID}
		inserted(t, db, r, func(tx *store.Tx) error { return tx.InsertCheckRound(ctx, r) })
		clock.Advance(time.Minute)
		r.Status, r.Candidates = domain.RoundDrawn, []domain.RoundCandidate{{ProjectID: p.ID, Name: p.Name, UnitID: health.ID, Checked: true}}
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateCheckRound(ctx, r) })
		stale := *r
		stale.Version = 1
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateCheckRound(ctx, &stale) }); domain.ErrorCode(err) != domain.EConflict {
			t.Fatalf("stale update: %v", err)
		}
		rr, err := db.Read().CheckRound(ctx, r.ID)
		if err != nil || rr.Version != 2 || !rr.PeriodTo.Equal(to) || !rr.IncludeKey || rr.PoolExperts || len(rr.Candidates) != 1 || !rr.Candidates[0].Checked {
			t.Fatalf("round read back %+v %v", rr, err)
		}

		c := &domain.SpotCheck{RoundID: r.ID, ProjectID: p.ID, UnitID: health.ID, Status: domain.CheckPending,
			Inspectors: []domain.CheckInspector{}, Outcomes: []domain.CheckOutcome{}}
		inserted(t, db, c, func(tx *store.Tx) error { return tx.InsertSpotCheck(ctx, c) })
		c.Inspectors = []domain.CheckInspector{{UserID: office.ID, Name: office.Name}, {UserID: ex.ID, Name: ex.Name}}
		inTx(t, db, func(tx *store.Tx) error { return tx.SetInspectors(ctx, c) })
		k, err := db.Read().SpotCheck(ctx, c.ID)
		if err != nil || k.Version != 1 || k.ProjectName != "数据中台" || k.UnitName != health.Name || k.Stage != domain.StageDesign ||
			len(k.Inspectors) != 2 || k.RoundPublished {
			t.Fatalf("check read back %+v %v", k, err)
		}
		k.Outcomes = []domain.CheckOutcome{{Clause: "SHR-R3", Result: domain.CheckPartial, Comment: "缺"}}
		k.Status, k.RecordedAt, k.RecordedBy = domain.CheckFailed, clock.Now(), office.ID
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateSpotCheck(ctx, k) })
		if k, err = db.Read().SpotCheck(ctx, c.ID); err != nil || k.Status != domain.CheckFailed || k.RecorderName != "周晓岚" || k.Outcomes[0].Result != domain.CheckPartial {
			t.Fatalf("recorded %+v %v", k, err)
		}
		for _, q := range []struct {
			what string
			got  func() ([]int64, error)
			want []int64
		}{
			{"round inspectors", func() ([]int64, error) { return db.Read().RoundInspectors(ctx, r.ID) }, []int64{office.ID, ex.ID}},
			{"project inspectors", func() ([]int64, error) { return db.Read().InspectorAccounts(ctx, p.ID) }, []int64{office.ID, ex.ID}},
		} {
			if ids, err := q.got(); err != nil || !slices.Equal(ids, q.want) {
				t.Fatalf("%s: %v %v", q.what, ids, err)
			}
		}
		if ks, err := db.Read().SpotChecks(ctx, store.SpotCheckFilter{Inspector: ex.ID}); err != nil || len(ks) != 1 {
			t.Fatalf("the expert's checks %v %v", ks, err)
		}
		if ks, err := db.Read().SpotChecks(ctx, store.SpotCheckFilter{Inspector: head.ID}); err != nil || len(ks) != 0 {
			t.Fatalf("another's checks %v %v", ks, err)
		}
		// The list: every round for the office, the drawn round to its inspector, nothing to
		// another until it is published.
		draft := &domain.CheckRound{Title: "验收抽查", Stage: domain.StageAcceptance, PeriodFrom: from, PeriodTo: to, SamplePercent: 10,
			InspectorsPer: 2, PoolOffice: true, Status: domain.RoundDraft, Candidates: []domain.RoundCandidate{}}
		inserted(t, db, draft, func(tx *store.Tx) error { return tx.InsertCheckRound(ctx, draft) })
		list := func(all bool, self int64) []*domain.CheckRound {
			t.Helper()
			xs, err := db.Read().CheckRounds(ctx, all, self, store.CheckRoundFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return xs
		}
		if n := len(list(true, 0)); n != 2 {
			t.Fatalf("the office lists %d", n)
		}
		if xs := list(false, ex.ID); len(xs) != 1 || xs[0].ID != r.ID {
			t.Fatalf("the inspector lists %v", xs)
		}
		if n := len(list(false, head.ID)); n != 0 {
			t.Fatalf("another lists %d before publication", n)
		}
		rr.Status, rr.PublishedAt, rr.PublishedBy = domain.RoundPublished, clock.Now(), office.ID
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateCheckRound(ctx, rr) })
		if xs := list(false, head.ID); len(xs) != 1 || xs[0].PublisherName != "周晓岚" {
			t.Fatalf("another lists %v after publication", xs)
		}
		if k, err = db.Read().SpotCheck(ctx, c.ID); err != nil || !k.RoundPublished {
			t.Fatalf("the check of a published round %+v %v", k, err)
		}
	})
}
