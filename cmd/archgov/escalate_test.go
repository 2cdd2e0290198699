package main

import (
	"strings"
	"testing"
)

// TestEscalate: `archgov escalate` escalates the demo's overdue sharing requests and
// data-correction reports not yet escalated, and a second run finds nothing left to do.
func TestEscalate(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		c.demo()
		first := c.ok("", "escalate")
		if !strings.HasPrefix(first, "escalated ") || strings.HasPrefix(first, "escalated 0 ") {
			t.Fatalf("first run: %q, want some escalated", first)
		}
		if second := c.ok("", "escalate"); second != "escalated 0 overdue sharing requests, 0 overdue data-correction reports and 0 overdue rectification notices\n" {
			t.Fatalf("second run: %q", second)
		}
		var n int
		if err := c.sql().QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'sharing.escalate'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n < 2 {
			t.Fatalf("%d sharing.escalate records", n)
		}
		// The demo's overdue data-correction reports went through the same sweep.
		if err := c.sql().QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'feedback.escalate'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n < 1 {
			t.Fatalf("%d feedback.escalate records", n)
		}
	})
}
