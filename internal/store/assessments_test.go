package store_test

// Department assessment (ORG-3) on every backend: the year's row and its uniqueness, the
// snapshot's scores (hundredths kept exactly, evidence as stored, the scope), the final score
// after an objection, the latest published score, the objection's once-a-year rule, and the
// facts the computation reads — one query an indicator for all units.

import (
	"context"
	"slices"
	"testing"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

func TestAssessmentStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		_, health, edu := district(t, db)
		all := authz.Scope{All: true}

		x := &domain.Assessment{Year: 2026, Title: "2026年度考核", Weights: domain.DefaultWeights(), ObjectionDays: 10, Status: domain.AssessDraft}
		inserted(t, db, x, func(tx *store.Tx) error { return tx.InsertAssessment(ctx, x) })
		got, err := db.Read().Assessment(ctx, x.ID)
		if err != nil || got.Title != x.Title || !slices.Equal(got.Weights, x.Weights) || got.ObjectionDays != 10 {
			t.Fatalf("read back %+v (%v)", got, err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertAssessment(ctx, &domain.Assessment{Year: 2026, Title: "重复", Weights: domain.DefaultWeights(), ObjectionDays: 5, Status: domain.AssessDraft})
		})
		wantCode(t, err, domain.EInvalid, "year")
		if l, _ := db.Read().Assessments(ctx, authz.Scope{UnitIDs: []int64{health.ID}}, 0); len(l) != 0 {
			t.Errorf("a unit lists the draft: %v", l)
		}

		// Publish: the snapshot, with evidence; the scores are the unit's.
		x.Status, x.PublishedAt, x.ObjectionUntil = domain.AssessPublished, time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC), time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)
		ev := []domain.Evidence{{ID: 7, Name: "系统甲", Met: true}, {ID: 9, Parent: 3, Name: "系统乙"}}
		scores := []*domain.UnitScore{
			{UnitID: health.ID, UnitName: health.Name, Score: 81.17, Final: 81.17, Rank: 1, Items: []domain.IndicatorScore{{Code: domain.IndCloud, Weight: 20, Num: 1, Den: 2, Rate: 0.5, Points: 10, Evidence: ev}}},
			{UnitID: edu.ID, UnitName: edu.Name, Score: 64.05, Final: 64.05, Rank: 2},
		}
		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.UpdateAssessment(ctx, x); err != nil {
				return err
			}
			return tx.InsertScores(ctx, x.ID, scores)
		})
		if l, _ := db.Read().Assessments(ctx, authz.Scope{UnitIDs: []int64{health.ID}}, 0); len(l) != 1 {
			t.Errorf("a unit lists %d published assessments", len(l))
		}
		list, err := db.Read().Scores(ctx, all, x.ID)
		if err != nil || len(list) != 2 || list[0].UnitID != health.ID || list[0].Score != 81.17 || list[1].Score != 64.05 || list[0].Year != 2026 || list[0].Items != nil {
			t.Fatalf("scores %+v (%v)", list, err)
		}
		if mine, _ := db.Read().Scores(ctx, authz.Scope{UnitIDs: []int64{edu.ID}}, x.ID); len(mine) != 1 || mine[0].UnitID != edu.ID {
			t.Errorf("edu's scores %+v", mine)
		}
		if none, _ := db.Read().Scores(ctx, authz.Scope{}, x.ID); len(none) != 0 {
			t.Errorf("an empty scope reads %d scores", len(none))
		}
		one, err := db.Read().Score(ctx, x.ID, health.ID)
		if err != nil || len(one.Items) != 1 || !slices.Equal(one.Items[0].Evidence, ev) || one.Items[0].Points != 10 {
			t.Fatalf("health's score %+v (%v)", one, err)
		}
		_, err = db.Read().Score(ctx, x.ID, 999)
		wantCode(t, err, domain.ENotFound, "")

		// The objection: once a unit and year; accepting sets the final score.
		o := &domain.Objection{AssessmentID: x.ID, UnitID: health.ID, Reason: "请核实", Score: 81.17, Status: domain.ObjSubmitted}
		inserted(t, db, o, func(tx *store.Tx) error { return tx.InsertObjection(ctx, o) })
		err = db.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertObjection(ctx, &domain.Objection{AssessmentID: x.ID, UnitID: health.ID, Reason: "再次", Score: 81.17, Status: domain.ObjSubmitted})
		})
		wantCode(t, err, domain.EInvalid, "reason")
		o.Status, o.Answer, o.CorrectedScore = domain.ObjAccepted, "采纳", 85.5
		inTx(t, db, func(tx *store.Tx) error {
			if err := tx.UpdateObjection(ctx, o); err != nil {
				return err
			}
			return tx.SetFinalScore(ctx, x.ID, health.ID, 85.5)
		})
		back, err := db.Read().Objection(ctx, o.ID)
		if err != nil || back.Year != 2026 || back.UnitName != health.Name || back.CorrectedScore != 85.5 || back.Score != 81.17 {
			t.Fatalf("objection %+v (%v)", back, err)
		}
		if l, _ := db.Read().Objections(ctx, authz.Scope{UnitIDs: []int64{edu.ID}}, store.ObjectionFilter{}); len(l) != 0 {
			t.Errorf("edu lists health's objection")
		}
		latest, err := db.Read().LatestScore(ctx, health.ID)
		if err != nil || latest.Final != 85.5 || latest.Score != 81.17 || latest.Year != 2026 {
			t.Fatalf("latest %+v (%v)", latest, err)
		}
		_, err = db.Read().LatestScore(ctx, 999)
		wantCode(t, err, domain.ENotFound, "")
	})
}

// TestAssessmentFacts: each indicator's records by unit, met or not, from a small district.
func TestAssessmentFacts(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		_, health, edu := district(t, db)
		on := insertSystem(t, db, sys("S-1", "云上系统", health.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusRunning))
		off := insertSystem(t, db, sys("S-2", "机房系统", health.ID, domain.HostingRoom, domain.CategoryBusiness, domain.StatusRunning))
		insertSystem(t, db, sys("S-3", "下线系统", health.ID, domain.HostingCloud, domain.CategoryBusiness, domain.StatusOffline))
		insertSystem(t, db, sys("S-4", "机房系统无发现", edu.ID, domain.HostingRoom, domain.CategoryBusiness, domain.StatusRunning))
		f := addFinding(t, db, domain.SubjectSystem, off.ID, health.ID, domain.RuleOffCloud, domain.FindingOpen)
		closed := insertRoom(t, db, &domain.MachineRoom{UnitID: health.ID, Name: "旧机房", Kind: domain.RoomOther, Status: domain.RoomClosed, ClosedDate: time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC)})
		late := insertRoom(t, db, &domain.MachineRoom{UnitID: health.ID, Name: "迟关机房", Kind: domain.RoomOther, Status: domain.RoomClosed, ClosedDate: time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC)})
		insertRoom(t, db, &domain.MachineRoom{UnitID: health.ID, Name: "接入机房", Kind: domain.RoomAccess, ExemptionBasis: "接入", Status: domain.RoomInUse})

		facts, err := db.Read().AssessmentFacts(ctx, 2026, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 8, 22, 0, 0, 0, 0, time.UTC), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		if len(facts.Units) != 2 || facts.Units[0].ID != health.ID {
			t.Errorf("units %+v (the root is not assessed)", facts.Units)
		}
		h := facts.Evidence[health.ID]
		want := func(i domain.Indicator, ev ...domain.Evidence) {
			t.Helper()
			if !slices.Equal(h[i], ev) {
				t.Errorf("%s: %+v, want %+v", i, h[i], ev)
			}
		}
		want(domain.IndCloud, domain.Evidence{ID: on.ID, Name: on.Name, Met: true}, domain.Evidence{ID: off.ID, Name: off.Name})
		want(domain.IndRooms, domain.Evidence{ID: closed.ID, Name: closed.Name, Met: true}, domain.Evidence{ID: late.ID, Name: late.Name})
		want(domain.IndFindings, domain.Evidence{ID: f.ID, Name: domain.RuleOffCloud + " " + f.SubjectName})
		if facts.Systems[health.ID] != 2 || facts.Systems[edu.ID] != 1 {
			t.Errorf("in-service systems %v", facts.Systems)
		}
		if e := facts.Evidence[edu.ID]; len(e[domain.IndCloud]) != 0 {
			t.Errorf("edu's room system without a finding is not measured: %+v", e)
		}
	})
}
