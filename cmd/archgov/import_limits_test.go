package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"archgov/internal/sheet/bomb"
)

// Issue 13: the command-line import keeps the same limits as the web, set by flag or
// ARCHGOV_IMPORT_MAX_*, and refuses a bomb naming the limit.
func TestImportLimits(t *testing.T) {
	dir := t.TempDir()
	rows := filepath.Join(dir, "rows.xlsx")
	f, err := os.Create(rows)
	if err != nil {
		t.Fatal(err)
	}
	if err := bomb.Rows(f, 300); err != nil {
		t.Fatal(err)
	}
	f.Close()
	styles := filepath.Join(dir, "styles.xlsx")
	if f, err = os.Create(styles); err != nil {
		t.Fatal(err)
	}
	if err := bomb.HugeStyles(f, 3<<20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	backends(t, func(t *testing.T, c *cli) {
		c.demo()
		code, _, errs := c.run("", "import", "systems", rows, "--dry-run", "--import-max-rows", "100")
		if code == 0 || !strings.Contains(errs, "一个工作表不能超过 100 行") {
			t.Errorf("rows over the flag's limit: exit %d, %q", code, errs)
		}
		code, _, errs = c.run("", "import", "systems", styles, "--dry-run", "--import-max-part-mb", "0")
		if code != 2 || !strings.Contains(errs, "--import-max-part-mb") {
			t.Errorf("a zero limit: exit %d, %q", code, errs)
		}
	})
}

// The environment sets the limits too. t.Setenv changes the whole process, so this runs on its
// own (a top-level test that is not parallel runs while no parallel test does), on SQLite.
func TestImportLimitsFromEnvironment(t *testing.T) {
	styles := filepath.Join(t.TempDir(), "styles.xlsx")
	f, err := os.Create(styles)
	if err != nil {
		t.Fatal(err)
	}
	if err := bomb.HugeStyles(f, 3<<20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	t.Setenv("ARCHGOV_IMPORT_MAX_PART_MB", "2")
	c := newCLI(t)
	c.demo()
	code, _, errs := c.run("", "import", "systems", styles, "--dry-run")
	if code == 0 || !strings.Contains(errs, "「xl/styles.xml」超过 2 MB") {
		t.Errorf("a part over the environment's limit: exit %d, %q", code, errs)
	}
}
