package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

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
