package app_test

// The information-system registry's spreadsheet round trip (issue 3, "Excel (台账) round-trip"):
// ImportSystems previews and applies workbooks people really keep, all or nothing, with problems
// named by row and column in Chinese; a re-import changes nothing; ExportSystems writes what the
// import reads back; SystemsTemplate is the empty workbook to fill in. Every workbook is built
// in code with excelize.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// impRow is one registry row by SystemSheet column key; absent keys are empty cells.
type impRow map[string]any

// impBook writes a workbook like the template: the 信息系统 sheet, SystemSheet's headers in
// row 1, one row per impRow from row 2.
func impBook(t testing.TB, rows ...impRow) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := app.SystemSheet.Name
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		t.Fatal(err)
	}
	var head []any
	for _, c := range app.SystemSheet.Columns {
		head = append(head, c.Header)
	}
	if err := f.SetSheetRow(sh, "A1", &head); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		line := make([]any, len(app.SystemSheet.Columns))
		for j, c := range app.SystemSheet.Columns {
			line[j] = r[c.Key]
		}
		if err := f.SetSheetRow(sh, "A"+strconv.Itoa(i+2), &line); err != nil {
			t.Fatal(err)
		}
	}
	return impBytes(t, f)
}

func impBytes(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// impCleanRows is a small, valid registry across three units, one of them 涉密.
func impCleanRows() []impRow {
	return []impRow{
		{"code": "XC-WJ-001", "name": "健康档案管理系统", "unit": "区卫生健康委员会", "classification": "非涉密", "category": "业务系统",
			"purpose": "居民健康档案的建立与查询", "hosting": "政务云", "network": "电子政务外网", "levels": "区、镇街",
			"go_live": "2019-05-01", "last_upgrade": "2022-06-30", "vendor": "苏州健康科技有限公司", "annual_cost": "12.50"},
		{"code": "XC-WJ-002", "name": "卫健委门户网站", "unit": "320507119", "classification": "非涉密", "category": "门户网站",
			"purpose": "政务公开", "hosting": "政务云", "network": "互联网", "levels": "区", "go_live": "2018-03-01", "vendor": "苏州网站建设公司", "annual_cost": 3},
		{"code": "XC-JY-001", "name": "智慧教育平台", "unit": "区教育局", "classification": "非涉密", "category": "支撑平台",
			"purpose": "全区中小学教学资源共享", "hosting": "单位机房", "hosting_note": "教育局中心机房", "network": "部门专网",
			"levels": "区、镇街、村社区", "go_live": "2017-09-01", "last_upgrade": "2024-02-20", "annual_cost": "45"},
		{"code": "XC-YH-001", "name": "网格化社会治理系统", "unit": "元和街道", "classification": "非涉密", "category": "业务系统",
			"hosting": "现场生产", "hosting_note": "街道指挥中心现场设备，与视频专网直连", "network": "部门专网", "levels": "镇街、村社区"},
		{"code": "XC-JY-900", "name": "教育局涉密办公系统", "unit": "区教育局", "classification": "涉密"},
	}
}

func impImport(e *env, who string, data []byte, apply bool) *app.ImportReport {
	e.t.Helper()
	rep, err := e.svc.ImportSystems(e.ctx, e.actor(who), bytes.NewReader(data), apply, nil)
	if err != nil {
		e.t.Fatalf("ImportSystems as %s (apply %v): %v", who, apply, err)
	}
	return rep
}

// impAll is every system in the database, read without authorization, by code.
func impAll(e *env) map[string]*domain.System {
	e.t.Helper()
	ss, err := e.db.Read().Systems(e.ctx, authz.Scope{All: true}, store.SystemFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]*domain.System{}
	for _, s := range ss {
		out[s.Code] = s
	}
	return out
}

// impAdded is the systems stored now that were not in base (the demo district's registry).
func impAdded(e *env, base map[string]*domain.System) map[string]*domain.System {
	e.t.Helper()
	out := map[string]*domain.System{}
	for code, s := range impAll(e) {
		if base[code] == nil {
			out[code] = s
		}
	}
	return out
}

func impProblems(rep *app.ImportReport) []string {
	var out []string
	for _, p := range rep.Problems {
		out = append(out, p.String())
	}
	return out
}

// impOutcomes is line → outcome.
func impOutcomes(rep *app.ImportReport) map[int]string {
	out := map[int]string{}
	for _, l := range rep.Lines {
		out[l.Line] = l.Outcome
	}
	return out
}

func impCounts(t *testing.T, rep *app.ImportReport, rows, create, update, unchanged int) {
	t.Helper()
	if rep.Rows != rows || rep.Create != create || rep.Update != update || rep.Unchanged != unchanged {
		t.Fatalf("report rows/create/update/unchanged = %d/%d/%d/%d, want %d/%d/%d/%d (problems %v)",
			rep.Rows, rep.Create, rep.Update, rep.Unchanged, rows, create, update, unchanged, impProblems(rep))
	}
}

func impDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func impChanges(t *testing.T, r *audit.Record) map[string]audit.Change {
	t.Helper()
	m := map[string]audit.Change{}
	if err := json.Unmarshal([]byte(r.Changes), &m); err != nil {
		t.Fatalf("audit %s changes %q: %v", r.Action, r.Changes, err)
	}
	return m
}

func impKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// ---------------------------------------------------------------------------------------------

func TestImportSystemsPreviewThenApply(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		data := impBook(t, impCleanRows()...)
		base := impAll(e)

		// Preview: the counts and the plan, nothing written.
		h := e.head()
		rep := impImport(e, "office", data, false)
		impCounts(t, rep, 5, 5, 0, 0)
		if len(rep.Problems) != 0 || rep.Applied {
			t.Fatalf("preview: problems %v, applied %v", impProblems(rep), rep.Applied)
		}
		want := map[int]string{2: "create", 3: "create", 4: "create", 5: "create", 6: "create"}
		if got := impOutcomes(rep); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("preview lines %v, want %v", got, want)
		}
		if rep.Lines[0].Code != "XC-WJ-001" || rep.Lines[0].Name != "健康档案管理系统" {
			t.Fatalf("preview line %+v", rep.Lines[0])
		}
		if n := len(impAdded(e, base)); n != 0 {
			t.Fatalf("a preview stored %d systems", n)
		}
		e.wantNoAudit(h)

		// Apply: every row created, one create record per row and the import summary last.
		var stages []string
		rep, err := e.svc.ImportSystems(e.ctx, e.actor("office"), bytes.NewReader(data), true, func(stage string, done, total int) {
			stages = append(stages, fmt.Sprintf("%s %d/%d", stage, done, total))
		})
		if err != nil {
			t.Fatal(err)
		}
		impCounts(t, rep, 5, 5, 0, 0)
		if !rep.Applied || len(rep.Problems) != 0 {
			t.Fatalf("apply: applied %v, problems %v", rep.Applied, impProblems(rep))
		}
		if !slices.Contains(stages, "check 0/5") || stages[len(stages)-1] != "write 5/5" {
			t.Fatalf("progress reports %v", stages)
		}
		all := impAdded(e, base)
		if len(all) != 5 {
			t.Fatalf("apply stored %d systems, want 5: %v", len(all), impKeys(all))
		}
		recs := e.since(h)
		if len(recs) != 6 {
			t.Fatalf("apply wrote %d audit records, want 5 creates and 1 import", len(recs))
		}
		created := map[string]bool{}
		for _, r := range recs[:5] {
			if r.Action != "system.create" || r.Actor != "office" || r.EntityType != "system" {
				t.Fatalf("audit record %s by %s on %s, want system.create by office", r.Action, r.Actor, r.EntityType)
			}
			created[r.EntityID] = true
		}
		for code, s := range all {
			if !created[strconv.FormatInt(s.ID, 10)] {
				t.Errorf("no system.create record for %s (id %d)", code, s.ID)
			}
			if s.Status != domain.StatusRunning || s.Version != 1 {
				t.Errorf("%s: status %s version %d, want running, 1", code, s.Status, s.Version)
			}
		}
		sum := recs[5]
		if sum.Action != "system.import" || sum.Actor != "office" {
			t.Fatalf("last record %s by %s, want system.import by office", sum.Action, sum.Actor)
		}
		ch := impChanges(t, sum)
		for k, n := range map[string]float64{"rows": 5, "created": 5, "updated": 0, "unchanged": 0} {
			if ch[k].New != n {
				t.Errorf("import summary %s = %v, want %v (%s)", k, ch[k].New, n, sum.Changes)
			}
		}

		// What was stored is what the sheet said.
		wj, jy, yh := e.unit("320507119").ID, e.unit("320507105").ID, e.unit("320507201").ID
		s := all["XC-WJ-001"]
		if s.Name != "健康档案管理系统" || s.UnitID != wj || s.Classification != domain.Unclassified || s.Category != domain.CategoryBusiness ||
			s.Purpose != "居民健康档案的建立与查询" || s.Hosting != domain.HostingCloud || s.Network != domain.NetworkExtranet ||
			!slices.Equal(s.UserLevels, []domain.UserLevel{domain.LevelDistrict, domain.LevelTown}) ||
			!s.GoLive.Equal(impDay(2019, 5, 1)) || !s.LastUpgrade.Equal(impDay(2022, 6, 30)) ||
			s.Vendor != "苏州健康科技有限公司" || s.AnnualCost != "12.5" { // the amount, in canonical form
			t.Errorf("XC-WJ-001 stored as %+v", s)
		}
		if s := all["XC-WJ-002"]; s.UnitID != wj || s.Network != domain.NetworkInternet || s.AnnualCost != "3" || !s.LastUpgrade.IsZero() {
			t.Errorf("XC-WJ-002 (unit by code) stored as %+v", s)
		}
		if s := all["XC-JY-001"]; s.UnitID != jy || s.Hosting != domain.HostingRoom || s.HostingNote != "教育局中心机房" ||
			!slices.Equal(s.UserLevels, []domain.UserLevel{domain.LevelDistrict, domain.LevelTown, domain.LevelVillage}) {
			t.Errorf("XC-JY-001 stored as %+v", s)
		}
		if s := all["XC-YH-001"]; s.UnitID != yh || s.Hosting != domain.HostingOnsite || s.HostingNote == "" {
			t.Errorf("XC-YH-001 stored as %+v", s)
		}
		if s := all["XC-JY-900"]; s.Classification != domain.Classified || s.Hosting != "" || s.Category != "" || len(s.UserLevels) != 0 {
			t.Errorf("涉密 XC-JY-900 stored as %+v", s)
		}
	})
}

func TestImportSystemsReimportChangesNothing(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		data := impBook(t, impCleanRows()...)
		impImport(e, "office", data, true)
		before := impAll(e)

		for _, apply := range []bool{false, true} {
			h := e.head()
			rep := impImport(e, "office", data, apply)
			impCounts(t, rep, 5, 0, 0, 5)
			if len(rep.Problems) != 0 {
				t.Fatalf("re-import problems %v", impProblems(rep))
			}
			for _, l := range rep.Lines {
				if l.Outcome != "unchanged" {
					t.Errorf("re-import line %d (%s): %s, want unchanged", l.Line, l.Code, l.Outcome)
				}
			}
			e.wantNoAudit(h)
		}
		for code, s := range impAll(e) {
			if b := before[code]; b == nil || b.Version != s.Version || !b.UpdatedAt.Equal(s.UpdatedAt) {
				t.Errorf("re-import touched %s: version %d → %d", code, b.Version, s.Version)
			}
		}
		// A unit user re-importing their own rows: no-op too.
		h := e.head()
		rep := impImport(e, "weijian", impBook(t, impCleanRows()[:2]...), true)
		impCounts(t, rep, 2, 0, 0, 2)
		e.wantNoAudit(h)
	})
}

func TestImportSystemsChangedCellUpdatesThatRow(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		rows := impCleanRows()
		impImport(e, "office", impBook(t, rows...), true)
		before := impAll(e)["XC-WJ-001"]

		rows[0]["hosting"], rows[0]["hosting_note"] = "单位机房", "卫健委中心机房"
		data := impBook(t, rows...)
		h := e.head()
		rep := impImport(e, "office", data, false)
		impCounts(t, rep, 5, 0, 1, 4)
		if got := impOutcomes(rep); got[2] != "update" || got[3] != "unchanged" || got[6] != "unchanged" {
			t.Fatalf("preview outcomes %v, want line 2 update, the rest unchanged", got)
		}
		e.wantNoAudit(h)
		if s := impAll(e)["XC-WJ-001"]; s.Hosting != domain.HostingCloud || s.Version != before.Version {
			t.Fatalf("the preview changed the system: %+v", s)
		}

		rep = impImport(e, "office", data, true)
		impCounts(t, rep, 5, 0, 1, 4)
		if !rep.Applied {
			t.Fatal("apply with one change: not applied")
		}
		after := impAll(e)["XC-WJ-001"]
		if after.Hosting != domain.HostingRoom || after.HostingNote != "卫健委中心机房" || after.Version != before.Version+1 ||
			after.ID != before.ID || after.Status != domain.StatusRunning || after.Name != before.Name || after.AnnualCost != "12.5" {
			t.Fatalf("after the update: %+v", after)
		}
		recs := e.since(h)
		if len(recs) != 2 || recs[0].Action != "system.update" || recs[1].Action != "system.import" {
			var got []string
			for _, r := range recs {
				got = append(got, r.Action)
			}
			t.Fatalf("audit records %v, want system.update then system.import", got)
		}
		if recs[0].EntityID != strconv.FormatInt(after.ID, 10) || recs[0].Actor != "office" {
			t.Fatalf("update record on %s by %s", recs[0].EntityID, recs[0].Actor)
		}
		// The diff names what changed, and only that: the history page shows it.
		ch := impChanges(t, recs[0])
		if got := impKeys(ch); !slices.Equal(got, []string{"hosting", "hosting_note"}) {
			t.Errorf("update diff fields %v, want [hosting hosting_note]: %s", got, recs[0].Changes)
		}
		if c := ch["hosting"]; c.Old != "gov_cloud" || c.New != "unit_room" {
			t.Errorf("hosting change %+v", c)
		}
		if c := ch["hosting_note"]; c.New != "卫健委中心机房" {
			t.Errorf("hosting_note change %+v", c)
		}
		if c := impChanges(t, recs[1]); c["updated"].New != float64(1) || c["unchanged"].New != float64(4) {
			t.Errorf("import summary %s", recs[1].Changes)
		}
		// And again: now it is the same.
		h = e.head()
		impCounts(t, impImport(e, "office", data, true), 5, 0, 0, 5)
		e.wantNoAudit(h)
	})
}

// impMessyBook is a 台账 as offices keep it: a title row, a two-level header with merged cells
// and aliases, full-width text and stray spaces, dates four ways, a unit by code, a unit cell
// merged down two rows, a blank row and a note under the table.
func impMessyBook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "2026年台账"
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		t.Fatal(err)
	}
	set := func(cell string, v any) {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	merge := func(a, b string) {
		if err := f.MergeCell(sh, a, b); err != nil {
			t.Fatal(err)
		}
	}
	row := func(line int, vals ...any) {
		if err := f.SetSheetRow(sh, "A"+strconv.Itoa(line), &vals); err != nil {
			t.Fatal(err)
		}
	}
	set("A1", "相城区信息系统台账（2026年3月）")
	merge("A1", "N1")
	// Two-level header: groups in row 2, columns in row 3; single columns merged down.
	for cell, v := range map[string]string{"A2": "基本信息", "E2": "系统类别", "F2": "用途", "G2": "部署情况", "J2": "服务层级",
		"K2": "时间", "M2": "厂商", "N2": "年运维费用（万元）"} {
		set(cell, v)
	}
	merge("A2", "D2")
	merge("E2", "E3")
	merge("F2", "F3")
	merge("G2", "I2")
	merge("J2", "J3")
	merge("K2", "L2")
	merge("M2", "M3")
	merge("N2", "N3")
	for cell, v := range map[string]string{"A3": "系统编码*", "B3": "系统名称（必填）", "C3": " 所属单位 ", "D3": "是否涉密",
		"G3": "部署方式", "H3": "托管说明", "I3": "网络", "K3": "上线时间", "L3": "最近升级"} {
		set(cell, v)
	}
	row(4, "  ＸＣ－ＳＹＳ－００１ ", " 健康档案管理系统　", "区卫生健康委员会", "否", "业务系统", "居民健康档案的建立与查询",
		" 政务云 ", nil, "政务外网", "区、镇街", "2019.5.1", "2021年3月15日", " 苏州健康科技有限公司 ", "12.50")
	row(5, "xc-sys-002", "教育局ＯＡ系统", 320507105, "不涉密", "支撑平台", nil,
		"本单位机房", "教育局中心机房", "电子政务外网", "村（社区）、镇", 43586, "2023/12/1", nil, nil)
	row(6, "XC-SYS-003", "网格化社会治理系统", "元和街道", "否", "业务系统", "网格事件上报与处置",
		"现场生产", "街道指挥中心现场设备", "部门专网", "区 镇街 村社区", "2019年5月1日", nil, nil, 8)
	row(7, "XC-SYS-004", "元和街道保密系统", nil, "是")
	merge("C6", "C7") // the unit written once beside both of its systems
	row(8, "XC-SYS-005", "区级统一身份认证平台", "区经济和信息化局", "非涉密", "基础库", nil,
		"电子政务云", nil, "互联网", "区级", impDay(2019, 5, 1), nil, "某厂商", 1234.5)
	row(10, "备注：本表由各单位于每年3月底前更新")
	return impBytes(t, f)
}

func TestImportSystemsMessyWorkbook(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		data := impMessyBook(t)
		base := impAll(e)
		rep := impImport(e, "office", data, true)
		if len(rep.Problems) != 0 {
			t.Fatalf("messy workbook problems:\n%s", strings.Join(impProblems(rep), "\n"))
		}
		impCounts(t, rep, 5, 5, 0, 0)
		want := map[int]string{4: "create", 5: "create", 6: "create", 7: "create", 8: "create"}
		if got := impOutcomes(rep); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("lines %v, want %v (the title, header and note rows are not data)", got, want)
		}
		all := impAdded(e, base)
		if len(all) != 5 {
			t.Fatalf("stored %v", impKeys(all))
		}
		may1 := impDay(2019, 5, 1)
		L := func(ls ...domain.UserLevel) []domain.UserLevel { return ls }
		cases := []struct {
			code string
			want domain.System
		}{
			{"XC-SYS-001", domain.System{Name: "健康档案管理系统", UnitID: e.unit("320507119").ID, Classification: domain.Unclassified,
				Category: domain.CategoryBusiness, Purpose: "居民健康档案的建立与查询", Hosting: domain.HostingCloud, Network: domain.NetworkExtranet,
				UserLevels: L(domain.LevelDistrict, domain.LevelTown), GoLive: may1, LastUpgrade: impDay(2021, 3, 15),
				Vendor: "苏州健康科技有限公司", AnnualCost: "12.5"}},
			{"XC-SYS-002", domain.System{Name: "教育局OA系统", UnitID: e.unit("320507105").ID, Classification: domain.Unclassified,
				Category: domain.CategoryPlatform, Hosting: domain.HostingRoom, HostingNote: "教育局中心机房", Network: domain.NetworkExtranet,
				UserLevels: L(domain.LevelTown, domain.LevelVillage), GoLive: may1, LastUpgrade: impDay(2023, 12, 1)}},
			{"XC-SYS-003", domain.System{Name: "网格化社会治理系统", UnitID: e.unit("320507201").ID, Classification: domain.Unclassified,
				Category: domain.CategoryBusiness, Purpose: "网格事件上报与处置", Hosting: domain.HostingOnsite, HostingNote: "街道指挥中心现场设备",
				Network: domain.NetworkPrivate, UserLevels: L(domain.LevelDistrict, domain.LevelTown, domain.LevelVillage), GoLive: may1, AnnualCost: "8"}},
			{"XC-SYS-004", domain.System{Name: "元和街道保密系统", UnitID: e.unit("320507201").ID, Classification: domain.Classified}},
			{"XC-SYS-005", domain.System{Name: "区级统一身份认证平台", UnitID: e.unit("320507104").ID, Classification: domain.Unclassified,
				Category: domain.CategoryBaseLibrary, Hosting: domain.HostingCloud, Network: domain.NetworkInternet,
				UserLevels: L(domain.LevelDistrict), GoLive: may1, Vendor: "某厂商", AnnualCost: "1234.5"}},
		}
		for _, c := range cases {
			s := all[c.code]
			if s == nil {
				t.Errorf("%s not stored (have %v)", c.code, impKeys(all))
				continue
			}
			w := c.want
			if s.Name != w.Name || s.UnitID != w.UnitID || s.Classification != w.Classification || s.Category != w.Category ||
				s.Purpose != w.Purpose || s.Hosting != w.Hosting || s.HostingNote != w.HostingNote || s.Network != w.Network ||
				!slices.Equal(s.UserLevels, w.UserLevels) || !s.GoLive.Equal(w.GoLive) || !s.LastUpgrade.Equal(w.LastUpgrade) ||
				s.Vendor != w.Vendor || s.AnnualCost != w.AnnualCost {
				t.Errorf("%s stored as\n%+v\nwant\n%+v", c.code, *s, w)
			}
		}
		// The messy file, imported again, is recognised row by row.
		h := e.head()
		impCounts(t, impImport(e, "office", data, true), 5, 0, 0, 5)
		e.wantNoAudit(h)
	})
}

// The exemption from the cloud (ENV-P1) round-trips through the sheet: its label (or a synonym
// people write) and its document go in, come back out in the export as the labels, and the
// export imports back unchanged; an exempted system is not off the cloud.
func TestImportSystemsCloudExemption(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		built := "苏州市卫生健康委员会《关于全市统一部署妇幼保健信息系统的通知》（苏卫妇幼〔2018〕7号）"
		kept := "苏州市公安局《关于保留各分局公安信息网机房的通知》（苏公通〔2019〕35号）"
		rows := []impRow{
			{"code": "XC-EX-001", "name": "妇幼保健信息系统", "unit": "区卫生健康委员会", "classification": "非涉密", "category": "业务系统",
				"hosting": "其他托管", "hosting_note": "市卫健委统建，部署于市卫健委数据中心", "network": "电子政务外网",
				"cloud_exemption": "市级统建", "cloud_exemption_basis": " " + built + " "},
			{"code": "XC-EX-002", "name": "卫生应急指挥系统", "unit": "区卫生健康委员会", "classification": "非涉密", "category": "业务系统",
				"hosting": "单位机房", "hosting_note": "卫健委机房", "network": "电子政务外网",
				"cloud_exemption": "上级要求保留", "cloud_exemption_basis": kept},
			{"code": "XC-EX-003", "name": "预约挂号系统", "unit": "区卫生健康委员会", "classification": "非涉密", "category": "业务系统",
				"hosting": "单位机房", "hosting_note": "卫健委机房", "network": "互联网"},
		}
		impCounts(t, impImport(e, "office", impBook(t, rows...), true), 3, 3, 0, 0)
		all := impAll(e)
		for code, want := range map[string]struct {
			ex    domain.CloudExemption
			basis string
			off   bool
		}{"XC-EX-001": {domain.ExemptHigherBuilt, built, false}, "XC-EX-002": {domain.ExemptHigherRetained, kept, false}, "XC-EX-003": {"", "", true}} {
			s := all[code]
			if s == nil || s.CloudExemption != want.ex || s.CloudExemptionBasis != want.basis || e.offCloud(s.ID) != want.off {
				t.Errorf("%s imported as %+v, want %q %q off cloud %v", code, s, want.ex, want.basis, want.off)
			}
		}

		// The export writes the labels; it imports back unchanged.
		var buf bytes.Buffer
		if _, err := e.svc.ExportSystems(e.ctx, e.actor("office"), store.SystemFilter{Query: "XC-EX"}, &buf); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		grid, _ := f.GetRows(app.SystemSheet.Name)
		f.Close()
		col := map[string]int{}
		for i, h := range grid[0] {
			col[h] = i
		}
		cell := func(r []string, h string) string {
			if i, ok := col[h]; ok && i < len(r) {
				return r[i]
			}
			return ""
		}
		var seen int
		for _, r := range grid[1:] {
			switch r[0] {
			case "XC-EX-001":
				seen++
				if cell(r, "上云豁免") != "上级统建" || cell(r, "豁免依据") != built {
					t.Errorf("exported XC-EX-001 as %q", r)
				}
			case "XC-EX-003":
				seen++
				if cell(r, "上云豁免") != "" || cell(r, "豁免依据") != "" {
					t.Errorf("exported XC-EX-003 as %q", r)
				}
			}
		}
		if seen != 2 {
			t.Fatalf("export of XC-EX: %q", grid)
		}
		h := e.head()
		impCounts(t, impImport(e, "office", buf.Bytes(), true), 3, 0, 0, 3)
		e.wantNoAudit(h)
	})
}

func TestImportSystemsOneBadRowWritesNothing(t *testing.T) {
	t.Parallel()
	const options = "政务云、单位机房、其他托管、现场生产"
	good := func(i int) impRow {
		return impRow{"code": fmt.Sprintf("XC-OK-%03d", i), "name": fmt.Sprintf("业务系统%d", i), "unit": "区卫生健康委员会",
			"classification": "非涉密", "category": "业务系统", "hosting": "政务云", "network": "电子政务外网", "levels": "区"}
	}
	with := func(r impRow, kv ...string) impRow {
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				delete(r, kv[i])
			} else {
				r[kv[i]] = kv[i+1]
			}
		}
		return r
	}
	bad := []struct {
		name string
		row  impRow
		want string // the problem, with the bad row on line 3
	}{
		{"hosting not an option", with(good(90), "hosting", "政务云2"),
			"第3行「托管方式」：“政务云2”不是有效值，可选：" + options},
		{"on-site production without a reason", with(good(91), "hosting", "现场生产"),
			"第3行「托管说明」：现场生产须写明理由（ENV-P3）"},
		{"涉密 with a purpose", impRow{"code": "XC-OK-092", "name": "某涉密系统", "unit": "区卫生健康委员会", "classification": "涉密", "purpose": "内部办公"},
			"第3行「密级」：涉密系统只登记编码、名称、单位和密级，其余信息不得填写"},
		{"unknown unit", with(good(93), "unit", "卫健委"),
			"第3行「所属单位」：找不到单位“卫健委”，是否为：区卫生健康委员会？"},
		{"bad date", with(good(94), "go_live", "2019年13月1日"),
			"第3行「上线时间」：“2019年13月1日”不是有效日期，可写作：2019-05-01、2019/5/1、2019.5.1、2019年5月1日、20190501，或 Excel 日期"},
		{"upgrade before go-live", with(good(95), "go_live", "2020-01-01", "last_upgrade", "2019-01-01"),
			"第3行「最近升级」：最近升级不能早于上线时间"},
		{"missing name", with(good(96), "name", ""), "第3行「系统名称」：必填"},
		{"bad code", with(good(97), "code", "XC_OK#97"), "第3行「系统编码」：须为字母、数字或连字符，最长30位"},
		// ENV-P1: an exemption names its document; none on the cloud; no document without one.
		{"exemption without its basis", with(good(98), "hosting", "其他托管", "hosting_note", "省政务云", "cloud_exemption", "上级统建"),
			"第3行「豁免依据」：选择上云豁免时须写明依据（文件名称和文号，ENV-P1）"},
		{"exemption on the cloud", with(good(99), "cloud_exemption", "上级要求保留", "cloud_exemption_basis", "某文件"),
			"第3行「上云豁免」：已部署在政务云或属现场生产（ENV-P3）的系统无需上云豁免"},
		{"basis without an exemption", with(good(89), "hosting", "单位机房", "cloud_exemption_basis", "某文件"),
			"第3行「豁免依据」：未选择上云豁免，不应填写豁免依据：请清空，或选择豁免类型"},
		{"exemption not an option", with(good(88), "hosting", "单位机房", "cloud_exemption", "现场生产", "cloud_exemption_basis", "某文件"),
			"第3行「上云豁免」：“现场生产”不是有效值，可选：上级统建、上级要求保留"},
	}
	eachDemo(t, func(t *testing.T, e *env) {
		base := impAll(e)
		for _, c := range bad {
			t.Run(c.name, func(t *testing.T) {
				e := &env{t: t, ctx: e.ctx, db: e.db, svc: e.svc, clock: e.clock}
				data := impBook(t, good(1), c.row, good(2))
				h := e.head()
				rep := impImport(e, "office", data, true)
				if got := impProblems(rep); !slices.Equal(got, []string{c.want}) {
					t.Fatalf("problems\n%q\nwant\n%q", got, c.want)
				}
				if rep.Applied {
					t.Fatal("a file with a problem was applied")
				}
				if n := len(impAdded(e, base)); n != 0 {
					t.Fatalf("a file with a bad row stored %d systems", n)
				}
				e.wantNoAudit(h)
			})
		}

		// Several bad rows among good ones: every one reported, in line order, nothing written.
		data := impBook(t, good(1), good(2), good(3),
			with(good(4), "hosting", "政务云2"),
			with(good(5), "hosting", "现场生产"),
			impRow{"code": "XC-OK-006", "name": "某涉密系统", "unit": "区卫生健康委员会", "classification": "涉密", "purpose": "内部办公"},
			with(good(7), "unit", "卫健委"),
			good(8))
		h := e.head()
		rep := impImport(e, "office", data, true)
		want := []string{
			"第5行「托管方式」：“政务云2”不是有效值，可选：" + options,
			"第6行「托管说明」：现场生产须写明理由（ENV-P3）",
			"第7行「密级」：涉密系统只登记编码、名称、单位和密级，其余信息不得填写",
			"第8行「所属单位」：找不到单位“卫健委”，是否为：区卫生健康委员会？",
		}
		if got := impProblems(rep); !slices.Equal(got, want) {
			t.Fatalf("problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		if p := rep.Problems[0]; p.Line != 5 || p.Column != "托管方式" {
			t.Fatalf("first problem %+v", p)
		}
		if rep.Applied || len(impAdded(e, base)) != 0 {
			t.Fatal("a file with bad rows was written")
		}
		e.wantNoAudit(h)
		// The good rows are still previewed as they would go.
		if rep.Create != 4 {
			t.Errorf("report create %d, want the 4 good rows", rep.Create)
		}

		// A file that is not a workbook, or has no header: refused as a whole.
		h = e.head()
		_, err := e.svc.ImportSystems(e.ctx, e.actor("office"), strings.NewReader("系统编码,系统名称\nA,B\n"), true, nil)
		wantCode(t, err, domain.EInvalid, "file")
		f := excelize.NewFile()
		f.SetCellValue("Sheet1", "A1", "随便写点什么")
		_, err = e.svc.ImportSystems(e.ctx, e.actor("office"), bytes.NewReader(impBytes(t, f)), true, nil)
		wantCode(t, err, domain.EInvalid, "file")
		e.wantNoAudit(h)
	})
}

func TestImportSystemsScoping(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		// An 教育局 system already registered by the office.
		base := impAll(e)
		impImport(e, "office", impBook(t, impRow{"code": "XC-JY-001", "name": "智慧教育平台", "unit": "区教育局",
			"classification": "非涉密", "category": "支撑平台", "hosting": "政务云", "network": "电子政务外网"}), true)
		eduSys := impAll(e)["XC-JY-001"]

		// A new system of weijian's: no code, the server allocates one (issue 13, low 13b).
		own := impRow{"code": "", "name": "预约挂号系统", "unit": "区卫生健康委员会", "classification": "非涉密",
			"category": "业务系统", "hosting": "政务云", "network": "互联网"}
		row := func(code, unit string) impRow {
			r := impRow{}
			for k, v := range own {
				r[k] = v
			}
			r["code"], r["unit"] = code, unit
			return r
		}
		data := impBook(t, own,
			row("XC-WJ-011", "区教育局"),      // line 3: not weijian's unit
			row("XC-WJ-012", "区卫生健康局"),    // line 4: a near miss of their own unit
			row("XC-JY-001", "区卫生健康委员会"),  // line 5: 教育局's code
			row("XC-WJ-013", "区发展和改革委员会"), // line 6: shares 区…委员会 with their unit
		)
		h := e.head()
		rep := impImport(e, "weijian", data, true)
		want := []string{
			"第3行「所属单位」：找不到单位“区教育局”",
			"第4行「所属单位」：找不到单位“区卫生健康局”，是否为：区卫生健康委员会？",
			"第5行「系统编码」：系统编码“XC-JY-001”不是本单位已登记的系统；登记新系统请留空编码",
			"第6行「所属单位」：找不到单位“区发展和改革委员会”，是否为：区卫生健康委员会？",
		}
		if got := impProblems(rep); !slices.Equal(got, want) {
			t.Fatalf("weijian's problems\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		// Nothing in the report names another unit's system.
		if b, _ := json.Marshal(rep); strings.Contains(string(b), "智慧教育平台") {
			t.Fatalf("the report reveals the other unit's system: %s", b)
		}
		if rep.Applied {
			t.Fatal("applied with problems")
		}
		all := impAdded(e, base)
		if len(all) != 1 {
			t.Fatalf("weijian's refused import stored %v", impKeys(all))
		}
		if s := all["XC-JY-001"]; s.UnitID != eduSys.UnitID || s.Name != eduSys.Name || s.Version != eduSys.Version {
			t.Fatalf("another unit's system was changed: %+v", s)
		}
		e.wantNoAudit(h)

		// The taken code alone is enough to write nothing.
		h = e.head()
		rep = impImport(e, "weijian", impBook(t, own, row("XC-JY-001", "320507119")), true)
		if got := impProblems(rep); !slices.Equal(got, []string{"第3行「系统编码」：系统编码“XC-JY-001”不是本单位已登记的系统；登记新系统请留空编码"}) {
			t.Fatalf("problems %q", got)
		}
		if len(impAdded(e, base)) != 1 {
			t.Fatal("written despite the taken code")
		}
		e.wantNoAudit(h)

		// The same office file resolves every unit: the restriction is weijian's.
		rep = impImport(e, "office", impBook(t, row("XC-OF-001", "区教育局"), row("XC-OF-002", "区发展和改革委员会")), false)
		if len(rep.Problems) != 0 || rep.Create != 2 {
			t.Fatalf("office preview: %v", impProblems(rep))
		}

		// Their own rows go in, audited as weijian.
		h = e.head()
		rep = impImport(e, "weijian", impBook(t, own), true)
		impCounts(t, rep, 1, 1, 0, 0)
		if recs := e.since(h); len(recs) != 2 || recs[0].Actor != "weijian" || recs[1].Action != "system.import" {
			t.Fatalf("weijian's import audit %d records", len(recs))
		}
		// The report gives the allocated code: the district's next.
		if l := rep.Lines[0]; !l.Allocated || l.Code != "XC-SYS-0164" {
			t.Fatalf("weijian's line %+v, want the allocated XC-SYS-0164", l)
		}
		if s := impAll(e)["XC-SYS-0164"]; s == nil || s.UnitID != e.unit("320507119").ID || s.Name != "预约挂号系统" {
			t.Fatalf("weijian's system: %+v", s)
		}

		// Those who keep no registry may not import at all.
		for _, who := range []string{"sysadmin", "secadmin", "auditadmin", "expert", "supervisor", "leader", "finance"} {
			h := e.head()
			_, err := e.svc.ImportSystems(e.ctx, e.actor(who), bytes.NewReader(impBook(t, own)), true, nil)
			wantCode(t, err, domain.EForbidden, "")
			e.wantNoAudit(h)
		}
		_, err := e.svc.ImportSystems(e.ctx, domain.Actor{}, bytes.NewReader(impBook(t, own)), true, nil)
		if err == nil {
			t.Fatal("an anonymous actor imported")
		}
	})
}

func TestImportSystemsDuplicateCodes(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		r := func(code, name string) impRow {
			return impRow{"code": code, "name": name, "unit": "元和街道", "classification": "非涉密", "category": "业务系统",
				"hosting": "政务云", "network": "电子政务外网"}
		}
		data := impBook(t, r("XC-DUP-001", "系统甲"), r("XC-DUP-002", "系统乙"), r("ｘｃ－ｄｕｐ－００１ ", "系统丙"))
		base := impAll(e)
		h := e.head()
		rep := impImport(e, "office", data, true)
		if got := impProblems(rep); !slices.Equal(got, []string{"第4行「系统编码」：与第2行重复"}) {
			t.Fatalf("problems %q", got)
		}
		if rep.Applied || len(impAdded(e, base)) != 0 {
			t.Fatal("a file with a duplicate code was written")
		}
		e.wantNoAudit(h)
	})
}

func TestExportImportRoundTrip(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		office, weijian := e.actor("office"), e.actor("weijian")
		impImport(e, "office", impBook(t, impCleanRows()...), true)
		impImport(e, "office", impMessyBook(t), true)
		all := impAll(e)
		// One system is idle: the 状态 column shows it, the import does not touch it.
		idle := all["XC-WJ-002"]
		if _, err := e.svc.TransitionSystem(e.ctx, office, idle.ID, app.SystemStep{Version: idle.Version, Action: domain.SysMarkIdle}); err != nil {
			t.Fatal(err)
		}

		var buf bytes.Buffer
		h := e.head()
		n, err := e.svc.ExportSystems(e.ctx, office, store.SystemFilter{}, &buf)
		if err != nil || n != len(all) {
			t.Fatalf("ExportSystems = %d, %v; want %d", n, err, len(all))
		}
		rec := e.wantAudit(h, "system.export", "office")
		if c := impChanges(t, rec); c["rows"].New != float64(n) {
			t.Fatalf("export audit %s", rec.Changes)
		}
		exported := buf.Bytes()

		// The file as a person sees it: headers, then one row per system with labels.
		f, err := excelize.OpenReader(bytes.NewReader(exported))
		if err != nil {
			t.Fatal(err)
		}
		grid, err := f.GetRows(app.SystemSheet.Name)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if len(grid) != n+1 {
			t.Fatalf("export has %d rows, want header + %d", len(grid), n)
		}
		var wantHead []string
		for _, c := range app.SystemExportSheet.Columns {
			wantHead = append(wantHead, c.Header)
		}
		if !slices.Equal(grid[0], wantHead) {
			t.Fatalf("export header %v, want %v", grid[0], wantHead)
		}
		statusCol := len(wantHead) - 1
		var idleRow []string
		for _, r := range grid[1:] {
			if r[0] == "XC-WJ-002" {
				idleRow = r
			}
		}
		if idleRow == nil || idleRow[2] != "区卫生健康委员会" || idleRow[6] != "政务云" || len(idleRow) <= statusCol || idleRow[statusCol] != "闲置" {
			t.Fatalf("exported XC-WJ-002 as %q", idleRow)
		}

		// Back in: every row unchanged, the idle system stays idle.
		for _, apply := range []bool{false, true} {
			h = e.head()
			rep := impImport(e, "office", exported, apply)
			if len(rep.Problems) != 0 {
				t.Fatalf("re-import of the export: problems\n%s", strings.Join(impProblems(rep), "\n"))
			}
			for _, l := range rep.Lines {
				if l.Outcome != "unchanged" {
					s := impAll(e)[l.Code]
					t.Errorf("round trip: line %d %s %s: %s (stored %+v)", l.Line, l.Code, l.Name, l.Outcome, *s)
				}
			}
			impCounts(t, rep, n, 0, 0, n)
			e.wantNoAudit(h)
		}
		if s := impAll(e)["XC-WJ-002"]; s.Status != domain.StatusIdle {
			t.Fatalf("the import changed the status to %s", s.Status)
		}

		// Someone edits the 状态 column: still ignored.
		f, _ = excelize.OpenReader(bytes.NewReader(exported))
		for i, r := range grid {
			if i > 0 && r[0] == "XC-WJ-002" {
				col, _ := excelize.ColumnNumberToName(statusCol + 1)
				f.SetCellValue(app.SystemSheet.Name, col+strconv.Itoa(i+1), "已下线")
			}
		}
		edited := impBytes(t, f)
		f.Close()
		h = e.head()
		impCounts(t, impImport(e, "office", edited, true), n, 0, 0, n)
		e.wantNoAudit(h)
		if s := impAll(e)["XC-WJ-002"]; s.Status != domain.StatusIdle {
			t.Fatalf("the 状态 column changed the status to %s", s.Status)
		}

		// A unit user's export holds their unit's systems only, and imports back unchanged.
		buf.Reset()
		h = e.head()
		n, err = e.svc.ExportSystems(e.ctx, weijian, store.SystemFilter{}, &buf)
		if err != nil {
			t.Fatal(err)
		}
		e.wantAudit(h, "system.export", "weijian")
		var wjCodes []string
		for code, s := range all {
			if s.UnitID == e.unit("320507119").ID {
				wjCodes = append(wjCodes, code)
			}
		}
		slices.Sort(wjCodes)
		got := impExportedCodes(t, buf.Bytes())
		if n != len(wjCodes) || !slices.Equal(got, wjCodes) {
			t.Fatalf("weijian's export (%d rows): %v, want %v", n, got, wjCodes)
		}
		h = e.head()
		impCounts(t, impImport(e, "weijian", buf.Bytes(), true), n, 0, 0, n)
		e.wantNoAudit(h)

		// The filtered list is what is exported.
		buf.Reset()
		jy := e.unit("320507105").ID
		if _, err := e.svc.ExportSystems(e.ctx, office, store.SystemFilter{UnitID: jy}, &buf); err != nil {
			t.Fatal(err)
		}
		var jyCodes []string
		for code, s := range all {
			if s.UnitID == jy {
				jyCodes = append(jyCodes, code)
			}
		}
		slices.Sort(jyCodes)
		if got := impExportedCodes(t, buf.Bytes()); !slices.Equal(got, jyCodes) {
			t.Fatalf("office export filtered to 教育局: %v, want %v", got, jyCodes)
		}

		// Administrators keep no registry: their export holds nothing of it.
		buf.Reset()
		if n, err := e.svc.ExportSystems(e.ctx, e.actor("sysadmin"), store.SystemFilter{}, &buf); err == nil && n > 0 {
			t.Fatalf("sysadmin exported %d systems", n)
		}
	})
}

// written is the workbook write writes, opened; it is closed when the test ends.
func written(t *testing.T, write func(io.Writer) error) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func impExportedCodes(t *testing.T, data []byte) []string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	grid, err := f.GetRows(app.SystemSheet.Name)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, r := range grid[1:] {
		codes = append(codes, r[0])
	}
	slices.Sort(codes)
	return codes
}

func TestSystemsTemplate(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		var buf bytes.Buffer
		if err := e.svc.SystemsTemplate(e.ctx, &buf); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) < 2 || sheets[0] != "填表说明" || !slices.Contains(sheets, "信息系统") {
			t.Fatalf("template sheets %v, want 填表说明 first and 信息系统", sheets)
		}
		head, err := f.GetRows("信息系统")
		if err != nil || len(head) == 0 {
			t.Fatalf("信息系统 sheet: %v", err)
		}
		var want []string
		for _, c := range app.SystemSheet.Columns {
			h := c.Header
			if c.Required {
				h += "*"
			}
			want = append(want, h)
		}
		if !slices.Equal(head[0], want) {
			t.Fatalf("template headers %v, want %v", head[0], want)
		}
		for _, h := range []string{"系统名称*", "所属单位*", "密级*"} {
			if !slices.Contains(head[0], h) {
				t.Errorf("required column %s not marked", h)
			}
		}
		// The code is not required: empty registers a new system with a code the server gives.
		if !slices.Contains(head[0], "系统编码") {
			t.Errorf("template headers %v: 系统编码 should not be marked required", head[0])
		}
		// The instructions name every column; the hosting column has its drop-down.
		notes, _ := f.GetRows("填表说明")
		var text strings.Builder
		for _, r := range notes {
			text.WriteString(strings.Join(r, "|") + "\n")
		}
		for _, c := range app.SystemSheet.Columns {
			if !strings.Contains(text.String(), c.Header) {
				t.Errorf("填表说明 does not describe 「%s」", c.Header)
			}
		}
		if !strings.Contains(text.String(), "登记新系统请留空，由系统分配编码") {
			t.Error("填表说明 does not say that a new system's code is left empty")
		}
		if !strings.Contains(text.String(), "政务云、单位机房、其他托管、现场生产") {
			t.Error("填表说明 does not list the hosting options")
		}
		dvs, err := f.GetDataValidations("信息系统")
		if err != nil {
			t.Fatal(err)
		}
		var hostingList bool
		for _, dv := range dvs {
			if strings.HasPrefix(dv.Sqref, "G2:") && strings.Contains(dv.Formula1, "政务云,单位机房,其他托管,现场生产") {
				hostingList = true
			}
		}
		if !hostingList {
			t.Errorf("no drop-down on 托管方式 (column G): %+v", dvs)
		}

		// The template itself imports as nothing; filled in, it imports.
		h := e.head()
		rep := impImport(e, "office", buf.Bytes(), true)
		if rep.Rows != 0 || len(rep.Problems) != 0 {
			t.Fatalf("the empty template: %d rows, problems %v", rep.Rows, impProblems(rep))
		}
		e.wantNoAudit(h)
		line := []any{nil, "模板填写的系统", "区卫生健康委员会", "非涉密", "业务系统", nil, "政务云", nil, "电子政务外网", nil, nil, "区", "2020-01-01"}
		if err := f.SetSheetRow("信息系统", "A2", &line); err != nil {
			t.Fatal(err)
		}
		rep = impImport(e, "weijian", impBytes(t, f), true)
		impCounts(t, rep, 1, 1, 0, 0)
		if s := impAll(e)["XC-SYS-0164"]; s == nil || s.Name != "模板填写的系统" || !s.GoLive.Equal(impDay(2020, 1, 1)) {
			t.Fatalf("system from the filled template: %+v", s)
		}
	})
}

// ---------------------------------------------------------------------------------------------
// Issue 3's target: importing 20,000 system rows takes under 10 s on the 2-core machine.
//
//	go test -run '^$' -bench BenchmarkImportSystems20000 -benchtime 3x -benchmem ./internal/app/

func BenchmarkImportSystems20000(b *testing.B) {
	const n = 20000
	data := impBenchWorkbook(b, n)
	ctx := context.Background()
	b.SetBytes(int64(len(data)))
	var checkS, writeS float64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		clock := &testdb.Clock{T: t0}
		db := testdb.SQLite(b, clock.Now)
		svc := app.New(db, app.Options{KDF: gm.KDFParams{Iterations: 1000, SaltLen: 16, KeyLen: 32}})
		if err := demo.Load(ctx, svc); err != nil {
			b.Fatal(err)
		}
		u, err := db.Read().UserByUsername(ctx, "office")
		if err != nil {
			b.Fatal(err)
		}
		office := domain.Actor{UserID: u.ID, Username: u.Username, Name: u.Name, UnitID: u.UnitID, Grants: u.Grants, IP: "10.20.0.1"}
		b.StartTimer()

		// Where the time goes: reading and checking the rows, then the one write transaction.
		start, writing := time.Now(), time.Time{}
		rep, err := svc.ImportSystems(ctx, office, bytes.NewReader(data), true, func(stage string, done, total int) {
			if stage == "write" && writing.IsZero() {
				writing = time.Now()
			}
		})
		if err != nil {
			b.Fatal(err)
		}
		if !writing.IsZero() {
			checkS += writing.Sub(start).Seconds()
			writeS += time.Since(writing).Seconds()
		}
		if len(rep.Problems) != 0 || !rep.Applied || rep.Create != n {
			b.Fatalf("create %d applied %v problems %v", rep.Create, rep.Applied, rep.Problems[:min(3, len(rep.Problems))])
		}
	}
	b.StopTimer()
	b.ReportMetric(checkS/float64(b.N), "check-s/op")
	b.ReportMetric(writeS/float64(b.N), "write-s/op")
}

// impBenchWorkbook is a 20,000-row registry across every demo unit, by name and by code, with
// every hosting, the date spellings, 涉密 rows and cost figures.
func impBenchWorkbook(b *testing.B, n int) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sh := app.SystemSheet.Name
	if err := f.SetSheetName("Sheet1", sh); err != nil {
		b.Fatal(err)
	}
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		b.Fatal(err)
	}
	var head []any
	for _, c := range app.SystemSheet.Columns {
		head = append(head, c.Header)
	}
	if err := sw.SetRow("A1", head); err != nil {
		b.Fatal(err)
	}
	hostings := []string{"政务云", "单位机房", "其他托管", "现场生产"}
	notes := []string{"", "本单位中心机房", "某运营商IDC", "现场指挥大厅设备"}
	categories := []string{"业务系统", "门户网站", "支撑平台", "基础库", "其他"}
	networks := []string{"电子政务外网", "互联网", "部门专网"}
	levels := []string{"区", "区、镇街", "镇街、村社区", "区、镇街、村社区"}
	dates := []func(int) any{
		func(i int) any { return fmt.Sprintf("%d-%02d-%02d", 2010+i%8, 1+i%12, 1+i%28) },
		func(i int) any { return fmt.Sprintf("%d.%d.%d", 2010+i%8, 1+i%12, 1+i%28) },
		func(i int) any { return fmt.Sprintf("%d年%d月%d日", 2010+i%8, 1+i%12, 1+i%28) },
		func(i int) any { return impDay(2010+i%8, time.Month(1+i%12), 1+i%28) },
	}
	for i := range n {
		u := demo.Units[i%len(demo.Units)]
		unit := u.Name
		if i%3 == 0 {
			unit = u.Code
		}
		row := make([]any, len(app.SystemSheet.Columns))
		row[0] = fmt.Sprintf("XC-B-%06d", i)
		row[1] = fmt.Sprintf("%s业务系统%d", u.Name, i)
		row[2] = unit
		if i%50 == 49 {
			row[3] = "涉密"
		} else {
			row[3] = "非涉密"
			row[4] = categories[i%len(categories)]
			row[5] = "为群众和企业提供在线办事服务"
			row[6] = hostings[i%len(hostings)]
			row[7] = notes[i%len(notes)]
			row[8] = networks[i%len(networks)]
			row[9] = levels[i%len(levels)]
			row[10] = dates[i%4](i)
			row[11] = fmt.Sprintf("%d-12-31", 2018+i%8)
			row[12] = "苏州某信息技术有限公司"
			row[13] = float64(i%1000) / 10
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}
