package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
)

// TestMachineRoomsImportExport: `archgov export machine-rooms` writes the demo rooms, `archgov
// import machine-rooms` reads them back as unchanged; a dry run writes nothing; a bad row is
// named and nothing is imported.
func TestMachineRoomsImportExport(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		c.demo()
		out := filepath.Join(t.TempDir(), "rooms.xlsx")
		if got := c.ok("", c.reg("export", "machine-rooms", "--out", out)...); !strings.Contains(got, "exported 20 machine rooms") {
			t.Fatalf("export says %q", got)
		}
		if code, _, errs := c.run("", c.reg("export", "machine-rooms", "--out", out)...); code == 0 || !strings.Contains(errs, "exists") {
			t.Errorf("export over an existing file: exit %d, %q", code, errs)
		}
		if got := c.ok("", c.reg("import", "machine-rooms", out)...); !strings.Contains(got, "无变化 20") || !strings.Contains(got, "没有需要导入的变化") {
			t.Fatalf("re-import says %q", got)
		}
		var before int
		if err := c.sql().QueryRow(`SELECT count(*) FROM machine_rooms`).Scan(&before); err != nil {
			t.Fatal(err)
		}

		// A workbook with a good and a bad row: the dry run and the import both refuse it.
		bad := filepath.Join(t.TempDir(), "bad.xlsx")
		if err := os.WriteFile(bad, roomsBook(t, [][]any{
			{"区卫生健康委员会", "卫健委新机房", "其他", "", "否"},
			{"区卫生健康委员会", "卫健委接入点", "接入机房", "", "否"},
		}), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{c.reg("import", "machine-rooms", bad, "--dry-run"), c.reg("import", "machine-rooms", bad)} {
			code, _, errs := c.run("", args...)
			if code == 0 || !strings.Contains(errs, "第3行「保留依据」") || !strings.Contains(errs, "未导入任何数据") {
				t.Errorf("%v: exit %d, stderr %q", args, code, errs)
			}
		}
		good := filepath.Join(t.TempDir(), "good.xlsx")
		if err := os.WriteFile(good, roomsBook(t, [][]any{{"区卫生健康委员会", "卫健委新机房", "其他", "", "否"}}), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := c.ok("", c.reg("import", "machine-rooms", good, "--dry-run")...); !strings.Contains(got, "新增 1") || !strings.Contains(got, "试运行") {
			t.Fatalf("dry run says %q", got)
		}
		var n int
		c.sql().QueryRow(`SELECT count(*) FROM machine_rooms`).Scan(&n)
		if n != before {
			t.Fatalf("refused imports and the dry run wrote rooms: %d → %d", before, n)
		}
		if got := c.ok("", c.reg("import", "machine-rooms", good)...); !strings.Contains(got, "已导入") {
			t.Fatalf("import says %q", got)
		}
		c.sql().QueryRow(`SELECT count(*) FROM machine_rooms`).Scan(&n)
		if n != before+1 {
			t.Fatalf("import wrote %d rooms", n-before)
		}
	})
}

// roomsBook is a machine-room workbook under the template's headers.
func roomsBook(t *testing.T, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	var head []any
	for _, c := range app.RoomSheet.Columns {
		head = append(head, c.Header)
	}
	f.SetSheetRow("Sheet1", "A1", &head)
	for i, r := range rows {
		f.SetSheetRow("Sheet1", "A"+strconv.Itoa(i+2), &r)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// reg is a registry command with --db and --key after the kind and the file, where its
// flags go (run would put them after the first word).
func (c *cli) reg(verb, kind string, rest ...string) []string {
	return append(append([]string{verb, kind}, rest...), "--db", c.db, "--key", key)
}
