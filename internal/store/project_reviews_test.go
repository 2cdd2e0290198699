package store_test

// The expert review and the governance review opinion of applications (BLD-R3, FLOW-2) on
// every backend: reviews read back with their expert and project, one per expert and project,
// optimistic versions, an expert's pending reviews, the reviewers' logins, the opinion, and a
// review change raising the application's version.

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

func TestProjectReviewStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, clock *testdb.Clock) {
		ctx := context.Background()
		_, health, _ := district(t, db)
		g := &domain.Guide{Year: 2027, Revision: 1, Title: "指南", Items: domain.DefaultGuideItems(), Status: domain.GuidePublished}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertGuide(ctx, g) })
		plan := acceptedPlan(t, db, health.ID, 2027, domain.APAccepted, 100_000, 200_000)
		items, err := db.Read().AcceptedPlanItems(ctx, authz.Scope{All: true}, 2027)
		if err != nil || len(items) != 2 || items[0].PlanID != plan.ID {
			t.Fatalf("items %v %v", items, err)
		}
		project := func(item *domain.PlanItemRef, name string) *domain.Project {
			p := &domain.Project{UnitID: health.ID, Year: 2027, PlanItemID: item.ID, GuideID: g.ID, Name: name, Kind: domain.ItemNew,
				KeyCategory: domain.KeyNone, RoomWork: domain.RoomWorkNone, Status: domain.ProjUnderReview, NoData: true}
			if err := p.Validate(); err != nil {
				t.Fatal(err)
			}
			return inserted(t, db, p, func(tx *store.Tx) error { return tx.InsertProject(ctx, p) })
		}
		p, q := project(items[0], "数据中台"), project(items[1], "驾驶舱")
		login := insertUser(t, db, &domain.User{Username: "huanglq", Name: "黄立群"}, "x")
		withLogin := insertExpert(t, db, &domain.Expert{Name: "黄立群", Organization: "苏州大学", Specialties: []domain.Specialty{domain.SpecData},
			Phone: "13905127001", UserID: login.ID, Active: true})
		bare := insertExpert(t, db, &domain.Expert{Name: "陈思远", Organization: "测评中心", Specialties: []domain.Specialty{domain.SpecCloud},
			Phone: "13905127003", Active: true})

		assign := func(p *domain.Project, e *domain.Expert) *domain.ProjectReview {
			r := &domain.ProjectReview{ProjectID: p.ID, ExpertID: e.ID, Scores: []domain.ReviewScore{}}
			return inserted(t, db, r, func(tx *store.Tx) error { return tx.InsertProjectReview(ctx, r) })
		}
		r1, r2, r3 := assign(p, withLogin), assign(p, bare), assign(q, bare)
		got, err := db.Read().ProjectReview(ctx, r1.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *r1
		want.ProjectName, want.UnitID, want.ExpertName, want.ExpertUserID = "数据中台", health.ID, "黄立群", login.ID
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("read back\n%+v\nwant\n%+v", *got, want)
		}
		// One review per expert and project.
		dup := &domain.ProjectReview{ProjectID: p.ID, ExpertID: bare.ID, Scores: []domain.ReviewScore{}}
		wantCode(t, db.InTx(ctx, func(tx *store.Tx) error { return tx.InsertProjectReview(ctx, dup) }), domain.EInvalid, "expert_ids")

		if acc, err := db.Read().ReviewerAccounts(ctx, p.ID); err != nil || !slices.Equal(acc, []int64{login.ID}) {
			t.Fatalf("reviewer accounts %v %v", acc, err)
		}
		if acc, err := db.Read().ReviewerAccounts(ctx, q.ID); err != nil || len(acc) != 0 {
			t.Fatalf("reviewer accounts of q %v %v", acc, err)
		}

		// Submitted: scores and time read back; a stale version is a conflict.
		stale := *r2
		r2.Scores = []domain.ReviewScore{{Criterion: domain.CritFeasibility, Score: 4, Comment: "可行"}}
		r2.Recommendation, r2.Comment, r2.SubmittedAt = domain.RecApproveRevise, "细化预算", clock.Now()
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateProjectReview(ctx, r2) })
		back, err := db.Read().ProjectReviewOf(ctx, p.ID, bare.ID)
		if err != nil || back.Version != 2 || !back.SubmittedAt.Equal(r2.SubmittedAt.Truncate(time.Microsecond)) ||
			!reflect.DeepEqual(back.Scores, r2.Scores) || back.Recommendation != domain.RecApproveRevise {
			t.Fatalf("submitted review %+v %v", back, err)
		}
		stale.Comment = "x"
		wantCode(t, db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateProjectReview(ctx, &stale) }), domain.EConflict, "")
		if _, err := db.Read().ProjectReviewOf(ctx, q.ID, withLogin.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("a review not assigned: %v", err)
		}

		list, err := db.Read().ProjectReviews(ctx, p.ID)
		if err != nil || !slices.Equal(reviewIDs(list), []int64{r1.ID, r2.ID}) {
			t.Fatalf("reviews of p %v %v", reviewIDs(list), err)
		}
		if l, err := db.Read().ExpertReviews(ctx, bare.ID, false); err != nil || !slices.Equal(reviewIDs(l), []int64{r3.ID, r2.ID}) {
			t.Fatalf("the expert's reviews %v %v", reviewIDs(l), err)
		}
		if l, err := db.Read().ExpertReviews(ctx, bare.ID, true); err != nil || !slices.Equal(reviewIDs(l), []int64{r3.ID}) {
			t.Fatalf("the expert's pending reviews %v %v", reviewIDs(l), err)
		}

		// The opinion: none, written, rewritten, stale.
		if _, err := db.Read().ProjectOpinion(ctx, p.ID); domain.ErrorCode(err) != domain.ENotFound {
			t.Fatalf("no opinion yet: %v", err)
		}
		o := &domain.ProjectOpinion{ProjectID: p.ID, Overall: "同意", Items: []domain.OpinionItem{{Clause: "BLD-P3", Verdict: domain.VerdictNeedsChange, Comment: "补充"}}}
		inserted(t, db, o, func(tx *store.Tx) error { return tx.InsertProjectOpinion(ctx, o) })
		staleO := *o
		o.Overall = "同意立项"
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateProjectOpinion(ctx, o) })
		if back, err := db.Read().ProjectOpinion(ctx, p.ID); err != nil || !reflect.DeepEqual(back, o) {
			t.Fatalf("opinion %+v %v, want %+v", back, err, o)
		}
		wantCode(t, db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateProjectOpinion(ctx, &staleO) }), domain.EConflict, "")

		// A review change raises the application's version; against a stale one it is a conflict.
		stalePrj := *p
		inTx(t, db, func(tx *store.Tx) error { return tx.TouchProject(ctx, p) })
		if back, _ := db.Read().Project(ctx, p.ID); back.Version != 2 || p.Version != 2 {
			t.Fatalf("touched: version %d (%d)", back.Version, p.Version)
		}
		wantCode(t, db.InTx(ctx, func(tx *store.Tx) error { return tx.TouchProject(ctx, &stalePrj) }), domain.EConflict, "")
	})
}

func reviewIDs(rs []*domain.ProjectReview) []int64 {
	out := make([]int64, len(rs))
	for i, r := range rs {
		out[i] = r.ID
	}
	return out
}
