package app_test

// Adding a base library (issue 4): the office only, a new well-formed code, a provider; the
// table, not a fixed list, then decides which codes catalog entries, systems' base data,
// docking plans and feedback reports may name, and a library switched off takes no new
// references while existing ones stay.

import (
	"slices"

	"archive/zip"
	"bytes"
	"github.com/xuri/excelize/v2"
	"io"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

const libMacro domain.BaseLibrary = "macro_economy"

// addMacroLibrary adds 宏观经济库 with 区统计局 as its provider, as the office.
func (e *env) addMacroLibrary() *domain.Library {
	e.t.Helper()
	l, err := e.svc.CreateBaseLibrary(e.ctx, e.actor("office"), app.NewBaseLibrary{Code: libMacro, Name: " 宏观经济库 ",
		NameEN: "Macro economy", Description: "地区生产总值、固定资产投资等宏观经济统计数据", ProviderUnitID: e.unit("320507124").ID,
		ContributorUnitIDs: []int64{e.unit(codeHealth).ID}})
	if err != nil {
		e.t.Fatalf("office adds 宏观经济库: %v", err)
	}
	return l
}

func TestBaseLibraryCreate(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		stats := e.unit("320507124")
		n := app.NewBaseLibrary{Code: libMacro, Name: "宏观经济库", ProviderUnitID: stats.ID}

		// Only the office adds a library.
		for _, who := range []string{"weijian", "weijian_head", "leader", "sysadmin"} {
			h := e.head()
			_, err := e.svc.CreateBaseLibrary(e.ctx, e.actor(who), n)
			wantCode(t, err, domain.EForbidden, "")
			e.wantNoAudit(h)
		}
		// Bad input names the field and writes nothing.
		for _, c := range []struct {
			code     domain.BaseLibrary
			name     string
			provider int64
			field    string
		}{
			{"Macro", "宏观经济库", stats.ID, "code"},
			{"m", "宏观经济库", stats.ID, "code"},
			{"macro-economy", "宏观经济库", stats.ID, "code"},
			{"", "宏观经济库", stats.ID, "code"},
			{domain.LibPopulation, "人口库二", stats.ID, "code"}, // taken
			{libMacro, " ", stats.ID, "name"},
			{libMacro, "宏观经济库", 0, "provider_unit_id"},
			{libMacro, "宏观经济库", 999999, "provider_unit_id"},
		} {
			h := e.head()
			_, err := e.svc.CreateBaseLibrary(e.ctx, e.actor("office"), app.NewBaseLibrary{Code: c.code, Name: c.name, ProviderUnitID: c.provider})
			wantCode(t, err, domain.EInvalid, c.field)
			e.wantNoAudit(h)
		}

		h := e.head()
		l := e.addMacroLibrary()
		e.wantAudit(h, "baselibrary.create", "office")
		if l.ID == 0 || l.Name != "宏观经济库" || !l.Active || l.ProviderUnitID != stats.ID || l.ProviderName != stats.Name || l.Version != 1 {
			t.Fatalf("added %+v", l)
		}
		// Listed after the five seeded libraries.
		ls, err := e.svc.BaseLibraries(e.ctx, e.actor("weijian"))
		if err != nil || len(ls) != len(domain.BaseLibraries)+1 || ls[len(ls)-1].Code != libMacro || ls[0].Code != domain.LibPopulation {
			t.Fatalf("libraries after adding: %v %v", ls, err)
		}
		// A second library with the same code is refused.
		h = e.head()
		_, err = e.svc.CreateBaseLibrary(e.ctx, e.actor("office"), n)
		wantMessage(t, err, domain.EInvalid, "err.baselib.code_taken")
		e.wantNoAudit(h)
	})
}

func TestAddedLibraryInUse(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		lib := e.addMacroLibrary()

		// A code that names no library is refused where a library is named, and writes nothing.
		h := e.head()
		unknown := newEntry(health.ID, "不存在的库的目录")
		unknown.BaseLibrary = "weather"
		wantCode(t, e.svc.CreateCatalogEntry(e.ctx, e.actor("weijian"), unknown), domain.EInvalid, "base_library")
		e.wantNoAudit(h)

		// A catalog entry feeds the added library; the catalog filter finds it.
		c := newEntry(health.ID, "卫生经济统计数据")
		c.BaseLibrary = libMacro
		e.addEntry("weijian", c)
		got, err := e.db.Read().CatalogEntries(e.ctx, authz.Scope{All: true}, store.CatalogFilter{BaseLibrary: libMacro, Limit: 10})
		if err != nil || len(got) != 1 || got[0].ID != c.ID {
			t.Fatalf("catalog filtered by %s: %v %v", libMacro, got, err)
		}

		// A system uses its data (its own copy) and plans to dock to it (SHR-R7, SHR-R8).
		s := registrySystem(health.ID, "XC-MACRO-001", "卫生经济运行监测系统")
		s.BaseData = []domain.BaseDataUse{{Library: libMacro, State: domain.DockOwnCopy}, {Library: domain.LibPopulation, State: domain.DockDocked}}
		sys := e.addSystem("weijian", s)
		if st := e.stored(sys.ID); st.BaseDataState(libMacro) != domain.DockOwnCopy || st.BaseData[0].Library != domain.LibPopulation {
			t.Fatalf("stored base data %+v", st.BaseData)
		}
		p, err := e.svc.CreateDockingPlan(e.ctx, e.actor("weijian"), sys.ID, e.dockingEdit(libMacro))
		if err != nil || p.Library != libMacro {
			t.Fatalf("docking plan to %s: %v %v", libMacro, p, err)
		}
		d, err := e.svc.BaseLibraryDetail(e.ctx, e.actor("office"), lib.ID, 50)
		if err != nil || d.Entries != 1 || d.Counts.Planned != 1 || len(d.DockingPlans) != 1 {
			t.Fatalf("library detail %+v %v", d, err)
		}

		// A report against the library goes to its provider, 区统计局 (SHR-R6).
		f := &domain.Feedback{ReporterUnitID: e.unit("320507105").ID, Library: libMacro, Kind: domain.FbOutdated,
			Description: "2025年地区生产总值未更新"}
		if err := e.svc.CreateFeedback(e.ctx, e.actor("jiaoyu"), f); err != nil {
			t.Fatal(err)
		}
		if f.ProviderUnitID != lib.ProviderUnitID {
			t.Fatalf("report goes to %d, want %d", f.ProviderUnitID, lib.ProviderUnitID)
		}

		// Switched off: no new references (422 on the field, nothing written); existing ones stay.
		off := false
		if _, err := e.svc.UpdateBaseLibrary(e.ctx, e.actor("office"), lib.ID, app.BaseLibraryEdit{Version: lib.Version, Active: &off}); err != nil {
			t.Fatal(err)
		}
		h = e.head()
		c2 := newEntry(health.ID, "停用后的目录")
		c2.BaseLibrary = libMacro
		wantCode(t, e.svc.CreateCatalogEntry(e.ctx, e.actor("weijian"), c2), domain.EInvalid, "base_library")
		other := e.addSystem("weijian", registrySystem(health.ID, "XC-MACRO-002", "另一个系统"))
		h = e.head()
		_, err = e.svc.CreateDockingPlan(e.ctx, e.actor("weijian"), other.ID, e.dockingEdit(libMacro))
		wantMessage(t, err, domain.EInvalid, "err.baselib.inactive")
		use := []domain.BaseDataUse{{Library: libMacro, State: domain.DockNone}}
		_, err = e.svc.UpdateSystem(e.ctx, e.actor("weijian"), other.ID, app.SystemEdit{Version: other.Version, BaseData: &use})
		wantCode(t, err, domain.EInvalid, "base_data")
		err = e.svc.CreateFeedback(e.ctx, e.actor("jiaoyu"), &domain.Feedback{ReporterUnitID: e.unit("320507105").ID, Library: libMacro,
			Kind: domain.FbOther, Description: "停用后的反馈"})
		wantCode(t, err, domain.EInvalid, "library")
		e.wantNoAudit(h)
		// The system that used it keeps it through an unrelated edit.
		cur := e.stored(sys.ID)
		if _, err := e.svc.UpdateSystem(e.ctx, e.actor("weijian"), sys.ID, app.SystemEdit{Version: cur.Version, Name: ptr("卫生经济运行监测平台")}); err != nil {
			t.Fatalf("edit of a system using a library switched off: %v", err)
		}
		if st := e.stored(sys.ID); st.BaseDataState(libMacro) != domain.DockOwnCopy {
			t.Fatalf("base data after edit %+v", st.BaseData)
		}
	})
}

// TestAddedLibraryInCatalogWorkbook: the catalog workbook names an added library by its name,
// and reads that name back (issue 4).
func TestAddedLibraryInCatalogWorkbook(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		e.addMacroLibrary()
		c := newEntry(e.unit(codeHealth).ID, "卫生经济统计数据")
		c.BaseLibrary = libMacro
		e.addEntry("weijian", c)
		book := e.exportCatalog(e.actor("weijian"), store.CatalogFilter{BaseLibrary: libMacro})
		zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
		if err != nil {
			t.Fatal(err)
		}
		text := ""
		for _, f := range zr.File {
			if rc, err := f.Open(); err == nil {
				b, _ := io.ReadAll(rc)
				rc.Close()
				text += string(b)
			}
		}
		if !strings.Contains(text, "宏观经济库") || strings.Contains(text, "baselib.") {
			t.Fatalf("the workbook does not name the library")
		}
		rep, err := e.svc.ImportCatalog(e.ctx, e.actor("weijian"), bytes.NewReader(book), false)
		if err != nil || len(rep.Problems) != 0 || rep.Unchanged != 1 {
			t.Fatalf("re-import: %v %+v", err, rep)
		}
	})
}

// TestAddedLibraryInSystemsWorkbook: the registry workbook has a column for an added library
// (issue 4); a system's use of it exports, and an edit of the cell imports.
func TestAddedLibraryInSystemsWorkbook(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		e.addMacroLibrary()
		s := registrySystem(e.unit(codeHealth).ID, "XC-MACRO-XLS", "卫生经济运行监测系统")
		s.BaseData = []domain.BaseDataUse{{Library: libMacro, State: domain.DockOwnCopy}}
		sys := e.addSystem("weijian", s)
		tf := written(t, func(w io.Writer) error { return e.svc.SystemsTemplate(e.ctx, w) })
		header, err := tf.GetRows(app.SystemSheet.Name)
		if err != nil || len(header) == 0 || !slices.Contains(header[0], "宏观经济库") || !slices.Contains(header[0], "人口库") {
			t.Fatalf("template header lacks the added library: %v %v", header, err)
		}

		var b bytes.Buffer
		if _, err := e.svc.ExportSystems(e.ctx, e.actor("weijian"), store.SystemFilter{Query: sys.Code}, &b); err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(b.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sh := app.SystemSheet.Name
		rows, err := f.GetRows(sh)
		if err != nil || len(rows) != 2 {
			t.Fatalf("export rows %v %v", rows, err)
		}
		col := slices.Index(rows[0], "宏观经济库")
		if col < 0 || col >= len(rows[1]) || rows[1][col] != "自建副本" {
			t.Fatalf("export of the added library's use: %v", rows)
		}
		rep := impImport(e, "weijian", b.Bytes(), false)
		impCounts(t, rep, 1, 0, 0, 1)
		cell, _ := excelize.CoordinatesToCellName(col+1, 2)
		if err := f.SetCellValue(sh, cell, "已对接基础库"); err != nil {
			t.Fatal(err)
		}
		h := e.head()
		rep = impImport(e, "weijian", impBytes(t, f), true)
		impCounts(t, rep, 1, 0, 1, 0)
		if recs := e.since(h); len(recs) != 2 || recs[0].Action != "system.update" || recs[1].Action != "system.import" {
			t.Fatalf("import audit %v", recs)
		}
		if got := e.stored(sys.ID); got.BaseDataState(libMacro) != domain.DockDocked {
			t.Fatalf("after import %+v", got.BaseData)
		}
	})
}
