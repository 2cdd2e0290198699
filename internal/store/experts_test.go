package store_test

// The expert pool and the stored draws (BLD-R3) on every backend.

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

func insertExpert(t *testing.T, db *store.DB, e *domain.Expert) *domain.Expert {
	t.Helper()
	return inserted(t, db, e, func(tx *store.Tx) error { return tx.InsertExpert(context.Background(), e) })
}

func TestExpertStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		_, health, edu := district(t, db)
		login := insertUser(t, db, &domain.User{Username: "huanglq", Name: "黄立群"}, "x")

		full := insertExpert(t, db, &domain.Expert{Name: "黄立群", Organization: "苏州大学", Title: "教授", UnitID: health.ID,
			Specialties: []domain.Specialty{domain.SpecSecurity, domain.SpecData}, Phone: "13905127001", UserID: login.ID, Active: true})
		got, err := db.Read().Expert(ctx, full.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *full
		want.UnitName, want.Username = "区卫生健康委员会", "huanglq"
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("read back\n%+v\nwant\n%+v", *got, want)
		}
		if byUser, err := db.Read().ExpertByUser(ctx, login.ID); err != nil || byUser.ID != full.ID {
			t.Fatalf("ExpertByUser = %+v, %v", byUser, err)
		}
		// 密评: the phone is sealed at rest.
		var enc string
		if err := rawRow(db, `SELECT phone_enc FROM experts WHERE id = ?`, full.ID).Scan(&enc); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(enc, "sm4gcm1:") || strings.Contains(enc, "13905127001") {
			t.Fatalf("phone stored as %q", enc)
		}

		// One expert record per login.
		dup := &domain.Expert{Name: "另一人", Organization: "某公司", Specialties: []domain.Specialty{domain.SpecCloud}, Phone: "13905127002", UserID: login.ID, Active: true}
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.InsertExpert(ctx, dup) })
		wantCode(t, err, domain.EInvalid, "user_id")

		bare := insertExpert(t, db, &domain.Expert{Name: "陈思远", Organization: "江苏省软件测评中心",
			Specialties: []domain.Specialty{domain.SpecSoftware, domain.SpecCloud}, Phone: "13905127003", Active: true})
		if got, _ := db.Read().Expert(ctx, bare.ID); got.UnitID != 0 || got.UserID != 0 || got.UnitName != "" || got.Username != "" {
			t.Fatalf("an expert without links read back as %+v", got)
		}
		eduExpert := insertExpert(t, db, &domain.Expert{Name: "王敏", Organization: "区教育局信息中心", UnitID: edu.ID,
			Specialties: []domain.Specialty{domain.SpecCloud}, Phone: "13905127004", Active: true})
		retired := insertExpert(t, db, &domain.Expert{Name: "周建", Organization: "退休", Specialties: []domain.Specialty{domain.SpecCloud}, Phone: "13905127005"})

		// Optimistic update: the stale version is a conflict.
		stale := *bare
		bare.Title = "高级工程师"
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateExpert(ctx, bare) })
		if bare.Version != 2 {
			t.Fatalf("version after update %d", bare.Version)
		}
		stale.Title = "工程师"
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateExpert(ctx, &stale) })
		wantCode(t, err, domain.EConflict, "")

		all := authz.Scope{All: true}
		yes, no := true, false
		for name, c := range map[string]struct {
			scope authz.Scope
			f     store.ExpertFilter
			want  []int64
		}{
			"all":                  {all, store.ExpertFilter{}, []int64{full.ID, bare.ID, eduExpert.ID, retired.ID}},
			"name contains":        {all, store.ExpertFilter{Query: "思远"}, []int64{bare.ID}},
			"organization":         {all, store.ExpertFilter{Query: "教育局"}, []int64{eduExpert.ID}},
			"affiliated":           {all, store.ExpertFilter{UnitID: health.ID}, []int64{full.ID}},
			"specialty":            {all, store.ExpertFilter{Specialty: domain.SpecCloud}, []int64{bare.ID, eduExpert.ID, retired.ID}},
			"first of a list":      {all, store.ExpertFilter{Specialty: domain.SpecSecurity}, []int64{full.ID}},
			"active":               {all, store.ExpertFilter{Active: &yes}, []int64{full.ID, bare.ID, eduExpert.ID}},
			"inactive":             {all, store.ExpertFilter{Active: &no}, []int64{retired.ID}},
			"page":                 {all, store.ExpertFilter{After: full.ID, Limit: 2}, []int64{bare.ID, eduExpert.ID}},
			"one's own record":     {authz.Scope{SelfID: login.ID}, store.ExpertFilter{}, []int64{full.ID}},
			"nothing out of scope": {authz.Scope{}, store.ExpertFilter{}, nil},
		} {
			ids := listIDs(t, db.Read().Experts, c.scope, c.f)
			if !slices.Equal(ids, c.want) {
				t.Errorf("%s: %v, want %v", name, ids, c.want)
			}
			if n, err := db.Read().CountExperts(ctx, c.scope, c.f); err != nil || (c.f.Limit == 0 && n != len(ids)) {
				t.Errorf("%s: count %d (%v), list %d", name, n, err, len(ids))
			}
		}

		// Drawable for a health project: active, not affiliated with 卫健委.
		ids := func(es []*domain.Expert, err error) []int64 {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
			return idsOf(es)
		}
		if got := ids(db.Read().DrawableExperts(ctx, health.ID, "")); !slices.Equal(got, []int64{bare.ID, eduExpert.ID}) {
			t.Errorf("drawable for 卫健委: %v", got)
		}
		if got := ids(db.Read().DrawableExperts(ctx, edu.ID, domain.SpecCloud)); !slices.Equal(got, []int64{bare.ID}) {
			t.Errorf("drawable cloud experts for 教育局: %v", got)
		}
		if got := ids(db.Read().DrawableExperts(ctx, 0, domain.SpecData)); !slices.Equal(got, []int64{full.ID}) {
			t.Errorf("drawable data experts, nobody left out: %v", got)
		}
	})
}

func TestDrawStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		_, health, edu := district(t, db)
		office := insertUser(t, db, &domain.User{Username: "office", Name: "周晓岚"}, "x")
		d := &domain.Draw{Purpose: domain.DrawProjectReview, SubjectKind: domain.DrawSubjectProject, SubjectID: 12,
			ExcludeUnitID: health.ID, Specialty: domain.SpecCloud, Reason: "首次抽取", Count: 2, Algorithm: "archgov-draw-v1",
			Commitment: strings.Repeat("ab", 32), Seed: strings.Repeat("07", 32),
			Pool:   []domain.DrawCandidate{{Key: "10", Name: "陈思远"}, {Key: "3", Name: "王敏", UnitID: edu.ID}, {Key: "7", Name: "李华"}},
			Result: []string{"7", "10"}, DrawnBy: office.ID}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertDraw(ctx, d) })
		got, err := db.Read().Draw(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *d
		want.ExcludeUnitName, want.DrawnByName, want.Candidates = "区卫生健康委员会", "周晓岚", []string{"10", "3", "7"}
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("read back\n%+v\nwant\n%+v", *got, want)
		}
		// The command line draws as nobody, and a draw may leave nobody out.
		cli := &domain.Draw{Purpose: domain.DrawProjectReview, SubjectKind: domain.DrawSubjectProject, SubjectID: 13, Count: 1,
			Algorithm: "archgov-draw-v1", Commitment: "c", Seed: "s", Pool: []domain.DrawCandidate{{Key: "1", Name: "甲"}}, Result: []string{"1"}}
		inTx(t, db, func(tx *store.Tx) error { return tx.InsertDraw(ctx, cli) })
		if got, _ := db.Read().Draw(ctx, cli.ID); got.DrawnBy != 0 || got.ExcludeUnitID != 0 || got.DrawnByName != "" || !slices.Equal(got.Candidates, []string{"1"}) {
			t.Fatalf("a draw of the command line: %+v", got)
		}
		_, err = db.Read().Draw(ctx, 9999)
		wantCode(t, err, domain.ENotFound, "")

		all := authz.Scope{All: true}
		for name, c := range map[string]struct {
			scope authz.Scope
			f     store.DrawFilter
			want  []int64
		}{
			"all, newest first": {all, store.DrawFilter{}, []int64{cli.ID, d.ID}},
			"subject":           {all, store.DrawFilter{SubjectKind: domain.DrawSubjectProject, SubjectID: 12}, []int64{d.ID}},
			"purpose":           {all, store.DrawFilter{Purpose: domain.DrawProjectReview}, []int64{cli.ID, d.ID}},
			"unit left out":     {all, store.DrawFilter{UnitID: health.ID}, []int64{d.ID}},
			"page":              {all, store.DrawFilter{After: cli.ID}, []int64{d.ID}},
			"out of scope":      {authz.Scope{SelfID: office.ID}, store.DrawFilter{}, nil},
		} {
			ids := listIDs(t, db.Read().Draws, c.scope, c.f)
			if !slices.Equal(ids, c.want) {
				t.Errorf("%s: %v, want %v", name, ids, c.want)
			}
			if n, err := db.Read().CountDraws(ctx, c.scope, c.f); err != nil || (c.f.After == 0 && n != len(ids)) {
				t.Errorf("%s: count %d (%v), list %d", name, n, err, len(ids))
			}
		}
	})
}
