package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
	"archgov/internal/sheet"
)

// sitesWriteBook writes rows under schema's headers to a file in dir.
func sitesWriteBook(t *testing.T, dir, name string, s sheet.Schema, rows ...[]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", s.Name)
	var head []any
	for _, c := range s.Columns {
		head = append(head, c.Header)
	}
	f.SetSheetRow(s.Name, "A1", &head)
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		f.SetSheetRow(s.Name, cell, &r)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestImportExportSites drives `archgov import|export websites|new-media` on the demo
// district: the export re-imports as unchanged, --dry-run writes nothing, one bad row writes
// nothing and is named by row and column.
func TestImportExportSites(t *testing.T) {
	t.Parallel()
	backends(t, func(t *testing.T, c *cli) {
		c.demo()
		dir := t.TempDir()
		out := filepath.Join(dir, "websites.xlsx")
		if got := c.sitesReg("export", "websites", "--out", out); !strings.Contains(got, "exported 61 websites") {
			t.Fatalf("export says %q", got)
		}
		if got := c.sitesReg("import", "websites", out); !strings.Contains(got, "无变化 61") || !strings.Contains(got, "没有需要导入的变化") {
			t.Errorf("re-import says %q", got)
		}
		good := sitesWriteBook(t, dir, "good.xlsx", app.WebsiteSheet, []any{"http://new.szxc.gov.cn/", "新网站", "区教育局", "", "", "政务云"})
		if got := c.sitesReg("import", "websites", good, "--dry-run"); !strings.Contains(got, "新增 1") || !strings.Contains(got, "未写入") {
			t.Errorf("dry run says %q", got)
		}
		if got := c.sitesReg("import", "websites", out); !strings.Contains(got, "无变化 61") {
			t.Errorf("after the dry run the registry changed: %q", got)
		}
		bad := sitesWriteBook(t, dir, "bad.xlsx", app.WebsiteSheet,
			[]any{"new.szxc.gov.cn", "新网站", "区教育局", "", "", "政务云"},
			[]any{"new2.szxc.gov.cn", "新网站二", "区教育局", "", "", "政务云2"})
		code, _, errs := c.sitesRegRun("import", "websites", bad)
		if code == 0 || !strings.Contains(errs, "第3行「托管方式」") || !strings.Contains(errs, "未导入任何数据") {
			t.Errorf("bad import: exit %d, stderr %q", code, errs)
		}
		if got := c.sitesReg("import", "websites", good); !strings.Contains(got, "新增 1") || !strings.Contains(got, "已导入") {
			t.Errorf("import says %q", got)
		}
		out2 := filepath.Join(dir, "websites2.xlsx")
		if got := c.sitesReg("export", "websites", "--out", out2); !strings.Contains(got, "exported 62 websites") {
			t.Errorf("second export says %q", got)
		}

		media := filepath.Join(dir, "media.xlsx")
		if got := c.sitesReg("export", "new-media", "--out", media); !strings.Contains(got, "exported 83 new-media accounts") {
			t.Fatalf("media export says %q", got)
		}
		if got := c.sitesReg("import", "new-media", media, "--dry-run"); !strings.Contains(got, "无变化 83") {
			t.Errorf("media re-import says %q", got)
		}
		code, _, errs = c.sitesRegRun("import", "new-media", sitesWriteBook(t, dir, "badmedia.xlsx", app.MediaSheet, []any{"快手", "相城快手", "ks1", "区教育局"}))
		if code == 0 || !strings.Contains(errs, "第2行「账号类型」") {
			t.Errorf("bad media import: exit %d, stderr %q", code, errs)
		}
	})
}

// reg runs an import or export: the registry name must come right after the command, so the
// database flags go last.
func (c *cli) sitesReg(args ...string) string {
	c.t.Helper()
	code, out, errs := c.sitesRegRun(args...)
	if code != 0 {
		c.t.Fatalf("archgov %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

func (c *cli) sitesRegRun(args ...string) (int, string, string) {
	c.t.Helper()
	return c.run("", append(args, "--db", c.db, "--key", key)...)
}
