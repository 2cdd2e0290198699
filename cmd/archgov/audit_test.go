package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"archgov/internal/audit"
)

// Hardening, medium: `archgov audit verify` catches the deletion of the newest records with the
// head pointed at the new last one, and `audit anchor` / `audit verify --anchor` catch a
// rollback to an earlier consistent state, on both engines.
func TestAuditAnchorAndTruncation(t *testing.T) {
	backends(t, func(t *testing.T, c *cli) {
		c.ok("", "migrate")
		c.addOps() // a few audited changes
		file := filepath.Join(t.TempDir(), "anchor.json")
		out := c.ok("", "audit", "anchor", "--out", file)
		if !strings.Contains(out, "audit anchor written to "+file) {
			t.Fatalf("audit anchor says %q", out)
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var an audit.Anchor
		if err := json.Unmarshal(b, &an); err != nil || an.Format != audit.AnchorFormat || an.Seq < 2 || len(an.MAC) != 64 {
			t.Fatalf("anchor file %s: %+v, %v", b, an, err)
		}
		// The anchor is the record of its own taking.
		db := c.sql()
		var action string
		if err := db.QueryRow(rebindCLI(c, `SELECT action FROM audit_log WHERE id = ?`), an.Seq).Scan(&action); err != nil || action != "audit.anchor" {
			t.Fatalf("record %d: %q, %v", an.Seq, action, err)
		}
		if code, _, _ := c.run("", "audit", "anchor", "--out", file); code == 0 {
			t.Fatal("audit anchor overwrote an existing file")
		}
		c.ok("", "user", "disable", "--username", "ops") // one more record after the anchor
		if out := c.ok("", "audit", "verify", "--anchor", file); !strings.Contains(out, "still reaches the anchor") {
			t.Fatalf("audit verify --anchor on an intact chain says %q", out)
		}

		// Truncation: the newest two records deleted, the head pointed at the new last record.
		last := an.Seq - 1
		if _, err := db.Exec(rebindCLI(c, `DELETE FROM audit_log WHERE id > ?`), last); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(rebindCLI(c, `UPDATE audit_head SET last_id = ?, last_hash = (SELECT hash FROM audit_log WHERE id = ?) WHERE id = 1`), last, last); err != nil {
			t.Fatal(err)
		}
		code, _, errs := c.run("", "audit", "verify")
		if code != 1 || !strings.Contains(errs, "the newest records were deleted") {
			t.Fatalf("audit verify after truncation: exit %d, %q", code, errs)
		}
		t.Logf("audit verify after truncation: %s", errs)

		// The anchor file edited (a smaller sequence number) is refused for its MAC.
		edited := filepath.Join(t.TempDir(), "edited.json")
		an2 := an
		an2.Seq = last
		b2, _ := json.Marshal(an2)
		os.WriteFile(edited, b2, 0o600)
		if code, _, errs := c.run("", "audit", "verify", "--anchor", edited); code != 1 || !strings.Contains(errs, "MAC does not verify") {
			t.Fatalf("audit verify --anchor with an edited anchor: exit %d, %q", code, errs)
		}
	})
}

func rebindCLI(c *cli, s string) string {
	if c.driver != "pgx" {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if r == '?' {
			n++
			b.WriteString("$")
			b.WriteString(string(rune('0' + n)))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
