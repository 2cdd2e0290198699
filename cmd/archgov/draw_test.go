package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// TestDrawVerify: `archgov draw verify ID` recomputes a draw the office made on the demo
// district and says OK; with its seed or its candidate list changed in the database it says
// what differs and exits 1; a draw that does not exist is an error, a missing ID a usage error.
func TestDrawVerify(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		c.demo()
		db := c.open()
		svc := app.New(db, app.Options{KDF: kdf, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		ctx := context.Background()
		health, err := db.Read().UnitByCode(ctx, "320507119")
		if err != nil {
			t.Fatal(err)
		}
		d, err := svc.CreateDraw(ctx, app.SystemActor(), app.DrawRequest{Purpose: domain.DrawProjectReview, SubjectKind: domain.DrawSubjectProject,
			SubjectID: 90003, ExcludeUnitID: health.ID, Count: 4})
		if err != nil {
			t.Fatal(err)
		}
		id := fmt.Sprint(d.ID)
		out := c.ok("", "draw", "verify", id)
		if !strings.HasPrefix(out, "draw "+id+" OK") || !strings.Contains(out, strings.Join(d.Result, ", ")) || !strings.Contains(out, d.Commitment) {
			t.Fatalf("verify says %q", out)
		}

		exec := func(q string) {
			t.Helper()
			if _, err := c.sql().Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		exec(fmt.Sprintf(`UPDATE draws SET seed = '%s' WHERE id = %d`, strings.Repeat("0a", 32), d.ID))
		code, out, errs := c.run("", "draw", "verify", id)
		if code != 1 || !strings.Contains(out, "NOT verify") || !strings.Contains(out, "commitment: ") || !strings.Contains(errs, "does not verify") {
			t.Fatalf("a changed seed: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
		}
		exec(fmt.Sprintf(`UPDATE draws SET seed = '%s', candidates = '[{"key":"z","name":"外来者"}]' WHERE id = %d`, d.Seed, d.ID))
		if code, out, _ := c.run("", "draw", "verify", id); code != 1 || !strings.Contains(out, "count: ") {
			t.Fatalf("a changed candidate list: exit %d, %s", code, out)
		}
		if code, _, errs := c.run("", "draw", "verify", "999999"); code != 1 || !strings.Contains(errs, "draw 999999") {
			t.Fatalf("a draw that does not exist: exit %d, %s", code, errs)
		}
		if code, _, _ := c.run("", "draw", "verify"); code != 2 {
			t.Fatalf("no ID: exit %d, want 2", code)
		}
	})
}

// TestDrawVerifySpotCheckRound: the draws of a spot-check round (FLOW-4) — its projects' and
// each check's inspectors', the inspected unit left out — verify with `archgov draw verify`
// unchanged, and an inspector draw whose pool is made to hold someone of the inspected unit
// fails the exclusion check.
func TestDrawVerifySpotCheckRound(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		c.demo()
		db := c.open()
		svc := app.New(db, app.Options{KDF: kdf, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		ctx := context.Background()
		sys := app.SystemActor()
		yes := true
		x, err := svc.CreateCheckRound(ctx, sys, app.CheckRoundEdit{Title: "详细设计阶段抽查", Stage: domain.StageDesign,
			PeriodFrom: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), PeriodTo: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC),
			SamplePercent: 50, IncludeKey: &yes, InspectorsPer: 2, PoolOffice: true, PoolExperts: true, PoolSupervisors: true})
		if err != nil {
			t.Fatal(err)
		}
		if x, err = svc.DrawCheckRound(ctx, sys, x.ID, app.RoundStep{Version: x.Version}); err != nil {
			t.Fatal(err)
		}
		rep, err := svc.RoundReport(ctx, sys, x.ID)
		if err != nil || len(rep.Draws) == 0 {
			t.Fatalf("the round's draws: %+v %v", rep, err)
		}
		for _, d := range rep.Draws {
			id := fmt.Sprint(d.Draw.ID)
			if out := c.ok("", "draw", "verify", id); !strings.HasPrefix(out, "draw "+id+" OK") {
				t.Fatalf("verify %s (%s) says %q", id, d.Draw.Purpose, out)
			}
		}
		last := rep.Draws[len(rep.Draws)-1].Draw
		if last.Purpose != domain.DrawSpotCheckInspectors || last.ExcludeUnitID == 0 {
			t.Fatalf("the last draw: %+v", last)
		}
		pool := fmt.Sprintf(`[{"key":"%s","name":"%s","unit_id":%d}`, last.Pool[0].Key, last.Pool[0].Name, last.ExcludeUnitID)
		for _, p := range last.Pool[1:] {
			pool += fmt.Sprintf(`,{"key":"%s","name":"%s","unit_id":%d}`, p.Key, p.Name, p.UnitID)
		}
		if _, err := c.sql().Exec(fmt.Sprintf(`UPDATE draws SET candidates = '%s]' WHERE id = %d`, pool, last.ID)); err != nil {
			t.Fatal(err)
		}
		if code, out, _ := c.run("", "draw", "verify", fmt.Sprint(last.ID)); code != 1 || !strings.Contains(out, "exclusion: ") {
			t.Fatalf("an inspector of the inspected unit: exit %d, %s", code, out)
		}
	})
}
