package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"archgov/internal/app"
)

// cmdEscalate escalates the overdue answers once (the server does it every hour): for a cron
// job, or to catch up after the server was down.
func cmdEscalate(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) error {
	return migrated(ctx, "escalate", args, stderr, func(svc *app.Service) error {
		n, err := svc.EscalateOverdue(ctx, svc.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "escalated %d overdue sharing requests, %d overdue data-correction reports and %d overdue rectification notices\n",
			n.Sharing, n.Feedback, n.Rectification)
		return nil
	})
}

// escalateEvery escalates the overdue answers at start and then every interval, until ctx
// ends. Each request is escalated once however often this runs (app.EscalateOverdue).
func escalateEvery(ctx context.Context, svc *app.Service, log *slog.Logger, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if n, err := svc.EscalateOverdue(ctx, svc.Now()); err != nil {
			log.Warn("escalate overdue answers", "err", err)
		} else if n.Sharing > 0 || n.Feedback > 0 || n.Rectification > 0 {
			log.Info("escalated overdue answers", "sharing", n.Sharing, "feedback", n.Feedback, "rectification", n.Rectification)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
