package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"time"

	"archgov/internal/app"
)

// cmdSweep re-evaluates the governance rules over every record once (the server does it daily):
// after an import, or to catch up after the server was down.
func cmdSweep(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	return migrated(ctx, "sweep", args, stderr, func(svc *app.Service) error {
		n, err := svc.Sweep(ctx, app.SystemActor())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "swept %d records: %d findings opened, %d resolved, %d changed, %d evaluations failed\n",
			n.Subjects, n.Opened, n.Resolved, n.Changed, n.Errors)
		return nil
	})
}

// The daily sweep: every hour each replica asks for the sweep's lease (app.SweepLease, in the
// database); whoever gets it sweeps and keeps it for sweepPeriod, so the replicas of one
// PostgreSQL database sweep once a day between them, and a replica that died mid-sweep is
// replaced the next day.
const sweepPeriod = 23 * time.Hour

func rulesSweepEvery(ctx context.Context, svc *app.Service, log *slog.Logger) {
	host, _ := os.Hostname()
	holder := host + ":" + strconv.Itoa(os.Getpid())
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		start := time.Now()
		if swept, n, err := svc.SweepIfDue(ctx, holder, sweepPeriod); err != nil {
			log.Warn("rules sweep", "err", err)
		} else if swept {
			log.Info("rules sweep", "records", n.Subjects, "opened", n.Opened, "resolved", n.Resolved, "changed", n.Changed,
				"errors", n.Errors, "ms", time.Since(start).Milliseconds())
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
