package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"archgov/internal/app"
)

// cmdDraw is `archgov draw verify ID`: recompute a kept draw (BLD-R3) from its inputs, as the
// operator, and say OK or what differs; the exit status is 1 when it does not verify.
func cmdDraw(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	const use = "usage: archgov draw verify ID"
	if len(args) == 0 || args[0] != "verify" {
		return usageError{use}
	}
	var c Config
	fs := flags("draw verify", &c)
	fs.SetOutput(stderr)
	// The ID may come before or after the flags (the flag package stops at the first argument
	// that is not a flag, so parse what follows it again).
	var idArg string
	rest := args[1:]
	for {
		if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
			if idArg != "" {
				return usageError{use}
			}
			idArg, rest = rest[0], rest[1:]
		}
		if err := flagError(fs.Parse(rest)); err != nil {
			return err
		}
		if rest = fs.Args(); len(rest) == 0 {
			break
		}
	}
	id, err := strconv.ParseInt(idArg, 10, 64)
	if err != nil || id <= 0 {
		return usageError{use}
	}
	db, svc, err := open(ctx, &c, false, stderr)
	if err != nil {
		return err
	}
	defer db.Close()
	d, err := svc.Draw(ctx, app.SystemActor(), id)
	if err != nil {
		return fmt.Errorf("draw %d: %w", id, err)
	}
	check := app.CheckDraw(d)
	if !check.OK {
		fmt.Fprintf(stdout, "draw %d does NOT verify:\n", id)
		for _, p := range check.Problems {
			fmt.Fprintf(stdout, "  %s: %s\n", p.Check, p.Detail)
		}
		return fmt.Errorf("draw %d does not verify", id)
	}
	fmt.Fprintf(stdout, "draw %d OK: the seed matches the commitment %s, the %d candidates are in canonical order, drawing %d again gives %s as recorded, no candidate is affiliated with the unit left out\n",
		id, d.Commitment, len(d.Candidates), d.Count, strings.Join(check.Recomputed, ", "))
	return nil
}
