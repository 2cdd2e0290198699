package app_test

// The machine-room spreadsheet round trip: a messy workbook imports, one bad row writes
// nothing and is named by row and column, a re-import is a no-op, the export reads back.

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// roomBook writes a workbook with a title row, a header row merged over two rows with the
// headers people use, and rows of values under the given headers.
func roomBook(t testing.TB, headers []string, rows ...[]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	f.SetCellValue(sh, "A1", "相城区机房台账（2026年）")
	f.MergeCell(sh, "A1", "F1")
	for i, h := range headers {
		c1, _ := excelize.CoordinatesToCellName(i+1, 2)
		c2, _ := excelize.CoordinatesToCellName(i+1, 3)
		f.SetCellValue(sh, c1, h)
		f.MergeCell(sh, c1, c2)
	}
	for i, r := range rows {
		if err := f.SetSheetRow(sh, "A"+strconv.Itoa(i+4), &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var roomHeaders = []string{"单位", " 机房名称 ", "类型", "保留依据文件", "是否现场生产", "机房地址", "面积（㎡）", "机柜数量"}

func roomsImport(e *env, who string, data []byte, apply bool) *app.ImportReport {
	e.t.Helper()
	rep, err := e.svc.ImportMachineRooms(e.ctx, e.actor(who), bytes.NewReader(data), apply, nil)
	if err != nil {
		e.t.Fatalf("ImportMachineRooms as %s: %v", who, err)
	}
	return rep
}

func roomCount(e *env) int {
	e.t.Helper()
	n, err := e.db.Read().CountMachineRooms(e.ctx, authz.Scope{All: true}, store.RoomFilter{})
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestImportMachineRooms(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		base := roomCount(e)
		messy := roomBook(t, roomHeaders,
			[]any{"区卫生健康委员会", "卫健委　３号机房", "其它", "", "否", "卫健委大楼3楼", "40.50", 4},
			[]any{"320507119", "卫健委接入机房", "接入", "苏数据〔2019〕6号", "", "", 12, "2"},
			[]any{" 区教育局 ", "教育局现场机房", "其他", "录播设备须现场运行", "是", "", "", ""},
			// An existing demo room, as the registry has it: unchanged.
			[]any{"区卫生健康委员会", "区卫健委数据中心机房", "其他", "", "否", "区卫生健康委员会6楼", "110", 12},
		)
		h := e.head()
		rep := roomsImport(e, "office", messy, false)
		if len(rep.Problems) != 0 || rep.Create != 3 || rep.Unchanged != 1 || rep.Update != 0 || rep.Applied {
			t.Fatalf("preview %+v", rep)
		}
		e.wantNoAudit(h)
		if roomCount(e) != base {
			t.Fatal("a preview wrote rooms")
		}
		rep = roomsImport(e, "office", messy, true)
		if !rep.Applied || rep.Create != 3 || roomCount(e) != base+3 {
			t.Fatalf("apply %+v", rep)
		}
		p, _ := e.svc.MachineRooms(e.ctx, e.actor("office"), app.RoomList{RoomFilter: store.RoomFilter{Query: "3号机房"}})
		if len(p.Items) != 1 || p.Items[0].AreaM2 != "40.5" || p.Items[0].Racks != 4 || p.Items[0].Kind != domain.RoomOther || !p.Items[0].Overdue {
			t.Fatalf("imported %+v", p.Items)
		}
		p, _ = e.svc.MachineRooms(e.ctx, e.actor("office"), app.RoomList{RoomFilter: store.RoomFilter{Query: "教育局现场机房"}})
		if len(p.Items) != 1 || !p.Items[0].Onsite || p.Items[0].Overdue {
			t.Fatalf("on-site room %+v", p.Items)
		}

		// Re-import: nothing changes, nothing is written.
		h = e.head()
		rep = roomsImport(e, "office", messy, true)
		if rep.Applied || rep.Unchanged != 4 || rep.Create+rep.Update != 0 {
			t.Fatalf("re-import %+v", rep)
		}
		e.wantNoAudit(h)

		// One bad row: nothing is written, and the report names row and column.
		bad := roomBook(t, roomHeaders,
			[]any{"区卫生健康委员会", "卫健委　３号机房", "其他", "", "否", "卫健委大楼4楼", "40.5", 4}, // an update
			[]any{"区卫生健康委员会", "卫健委新机房", "上级要求保留", "", "否", "", "", ""},         // basis missing
			[]any{"区卫生健康委员会", "卫健委又一机房", "机房", "", "否", "", "", ""},            // bad kind
			[]any{"区卫生键康委员会", "无名机房", "其他", "", "否", "", "", ""},               // unit misspelt
		)
		rep = roomsImport(e, "office", bad, true)
		if rep.Applied || len(rep.Problems) != 3 {
			t.Fatalf("bad workbook: %+v", rep)
		}
		var msgs []string
		for _, p := range rep.Problems {
			msgs = append(msgs, p.String())
		}
		all := strings.Join(msgs, "\n")
		for _, want := range []string{"第5行「保留依据」", "第6行「机房类型」", "第7行「所属单位」", "区卫生健康委员会"} {
			if !strings.Contains(all, want) {
				t.Errorf("problems lack %q:\n%s", want, all)
			}
		}
		e.wantNoAudit(h)
		if p, _ := e.svc.MachineRooms(e.ctx, e.actor("office"), app.RoomList{RoomFilter: store.RoomFilter{Query: "3号机房"}}); p.Items[0].Address != "卫健委大楼3楼" {
			t.Fatal("the good row of a bad workbook was written")
		}

		// A unit imports only its own rooms: another unit's name is not resolved.
		rep = roomsImport(e, "jiaoyu", messy, false)
		if len(rep.Problems) == 0 {
			t.Fatal("jiaoyu imported the health commission's rooms")
		}
		_, err := e.svc.ImportMachineRooms(e.ctx, e.actor("sysadmin"), bytes.NewReader(messy), false, nil)
		wantCode(t, err, domain.EForbidden, "")

		// The export reads back as unchanged, and is audited.
		var buf bytes.Buffer
		n, err := e.svc.ExportMachineRooms(e.ctx, e.actor("office"), app.RoomList{}, &buf)
		if err != nil || n != base+3 {
			t.Fatalf("export %d rows (%v)", n, err)
		}
		h = e.head()
		rep = roomsImport(e, "office", buf.Bytes(), true)
		if len(rep.Problems) != 0 || rep.Unchanged != n || rep.Applied {
			t.Fatalf("export re-imported: %d problems %v, %+v", len(rep.Problems), rep.Problems, rep)
		}
		e.wantNoAudit(h)
		// The template reads as an empty registry.
		buf.Reset()
		if err := e.svc.MachineRoomsTemplate(&buf); err != nil {
			t.Fatal(err)
		}
		if rep := roomsImport(e, "office", buf.Bytes(), false); rep.Rows != 0 || len(rep.Problems) != 0 {
			t.Fatalf("template: %+v", rep)
		}
	})
}
