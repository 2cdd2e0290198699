package app

import (
	"context"
	"io"
	"strconv"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/sheet"
	"archgov/internal/store"
)

// roomFields are the machine-room registry's spreadsheet (台账) columns: template, import and
// export. Rows match the registry by unit and room name.
var roomFields = fields[domain.MachineRoom]{
	unitRef(sheet.Column{Key: "unit", Header: "所属单位", Aliases: []string{"单位", "使用单位", "责任单位"}, Required: true, Help: "单位全称或单位编码"},
		func(m *domain.MachineRoom) (*int64, *string) { return &m.UnitID, &m.UnitName }),
	text(sheet.Column{Key: "name", Header: "机房名称", Aliases: []string{"名称", "机房"}, Kind: sheet.Text, Required: true, MaxLen: 100, Help: "同一单位内不重复；重复导入时按单位和机房名称更新"},
		func(m *domain.MachineRoom) *string { return &m.Name }),
	enum(sheet.Column{Key: "kind", Header: "机房类型", Aliases: []string{"类型", "机房类别"}, Required: true,
		Synonyms: map[string]string{"接入": "接入机房", "网络接入机房": "接入机房", "上级要求": "上级要求保留", "上级保留": "上级要求保留", "保留": "上级要求保留", "其它": "其他"},
		Help:     "ENV-P2：接入机房和上级要求保留的机房可保留，其他机房须在期限内关停（ENV-R3）"},
		"roomkind.", domain.RoomKinds, func(m *domain.MachineRoom) *domain.RoomKind { return &m.Kind }),
	text(sheet.Column{Key: "exemption_basis", Header: "保留依据", Aliases: []string{"保留依据文件", "依据文件", "文件依据"}, Kind: sheet.Text, MaxLen: 200,
		Help: "文件名称和文号；接入机房、上级要求保留的机房必填；现场生产须写明理由（ENV-P3）"},
		func(m *domain.MachineRoom) *string { return &m.ExemptionBasis }),
	flag(sheet.Column{Key: "onsite", Header: "现场生产", Aliases: []string{"是否现场生产", "现场生产设备"}, Help: "是/否（ENV-P3）"},
		func(m *domain.MachineRoom) *bool { return &m.Onsite }),
	text(sheet.Column{Key: "address", Header: "地址", Aliases: []string{"机房地址", "所在位置", "位置"}, Kind: sheet.Text, MaxLen: 200},
		func(m *domain.MachineRoom) *string { return &m.Address }),
	text(sheet.Column{Key: "area_m2", Header: "面积（平方米）", Aliases: []string{"面积", "面积（㎡）", "面积(m2)"}, Kind: sheet.Decimal},
		func(m *domain.MachineRoom) *string { return &m.AreaM2 }),
	count(sheet.Column{Key: "racks", Header: "机柜数", Aliases: []string{"机柜数量", "机柜"}}, func(m *domain.MachineRoom) *int { return &m.Racks }),

	shown(sheet.Column{Key: "status", Header: "状态", Kind: sheet.Text}, func(m *domain.MachineRoom) string { return zhLabel("roomstatus.", string(m.Status)) }),
	shown(sheet.Column{Key: "closed_date", Header: "关停日期", Kind: sheet.Date}, func(m *domain.MachineRoom) string { return fmtDay(m.ClosedDate) }),
	shown(sheet.Column{Key: "deadline", Header: "关停期限", Kind: sheet.Date}, func(m *domain.MachineRoom) string { return fmtDay(m.Deadline) }),
	shown(sheet.Column{Key: "overdue", Header: "是否逾期", Kind: sheet.Text}, func(m *domain.MachineRoom) string { return yesNo(m.Overdue) }),
	shown[domain.MachineRoom](sheet.Column{Key: "systems", Header: "在用系统数", Kind: sheet.Int}, nil), // the export counts them
}

// RoomSheet and RoomExportSheet are the machine-room registry's import and export schemas.
var RoomSheet, RoomExportSheet = roomFields.sheets("机房", []string{"unit", "name"})

// roomRegister describes the machine-room registry's spreadsheet: rows match by unit and
// room name, so a re-import changes nothing; the status is never imported (closing has its own
// steps). In the report's lines, code holds the unit's name.
var roomRegister = &Register[domain.MachineRoom]{
	Kind: "machine-rooms", Record: roomType, Create: authz.RoomCreate,
	Sheets:   staticSheets(RoomSheet, RoomExportSheet),
	ColumnOf: map[string]string{"unit_id": "unit", "onsite_production": "onsite"},
	Begin: func(ctx context.Context, s *Service, in *importRun) (*rowRules[domain.MachineRoom], error) {
		scope := authz.Scope{}
		for _, u := range in.units {
			scope.UnitIDs = append(scope.UnitIDs, u.ID)
		}
		existing, err := s.db.Read().MachineRooms(ctx, scope, store.RoomFilter{})
		if err != nil {
			return nil, err
		}
		byKey := map[string]*domain.MachineRoom{}
		for _, m := range existing {
			byKey[roomKey(m.UnitID, m.Name)] = m
		}
		return &rowRules[domain.MachineRoom]{Row: func(row sheet.Row) (*domain.MachineRoom, *domain.MachineRoom, ImportLine, error) {
			m := &domain.MachineRoom{Status: domain.RoomInUse}
			roomFields.read(row, m)
			m.UnitName = in.unitNames[m.UnitID]
			m.Normalize()
			old := byKey[roomKey(m.UnitID, m.Name)]
			line := ImportLine{Line: row.Line, Code: m.UnitName, Name: m.Name, Outcome: "create"}
			if old != nil {
				m.ID, m.Version, m.Status, m.ClosedDate, m.ClosingNote = old.ID, old.Version, old.Status, old.ClosedDate, old.ClosingNote
				m.Name = old.Name // matched as folded; keep the registry's spelling
				line.Outcome = "update"
			}
			return m, old, line, m.Validate()
		}}, nil
	},
	Same: roomFields.same,
}

// RoomsBook is the machine-room registry's workbook round trip.
var RoomsBook = roomRegister.Workbook()

func roomKey(unitID int64, name string) string {
	return strconv.FormatInt(unitID, 10) + "\x00" + sheet.Fold(name)
}

// ImportMachineRooms previews, or with apply writes, a machine-room workbook (see roomRegister).
func (s *Service) ImportMachineRooms(ctx context.Context, a domain.Actor, r io.Reader, apply bool, progress func(stage string, done, total int)) (*ImportReport, error) {
	return importSheet(ctx, s, roomRegister, a, r, apply, progress)
}

// MachineRoomsTemplate writes the empty registry workbook with its instructions sheet.
func (s *Service) MachineRoomsTemplate(w io.Writer) error {
	return roomRegister.template(context.Background(), s, w)
}

// ExportMachineRooms writes the rooms matching l that the actor may see, as a workbook the
// import reads back, with their status, deadline and overdue flag. The export is audited.
func (s *Service) ExportMachineRooms(ctx context.Context, a domain.Actor, l RoomList, w io.Writer) (int, error) {
	l.Sort, l.AfterKey, l.Limit = store.SortID, "", 1000 // registration order, whatever the list's sort
	var rows []map[string]string
	_, err := allPages(func(after int64) (Page[*domain.MachineRoom], error) {
		l.After = after
		p, err := s.MachineRooms(ctx, a, l)
		if err != nil {
			return p, err
		}
		counts, err := s.RoomSystemCounts(ctx, p.Items)
		for _, m := range p.Items {
			row := roomFields.row(m)
			row["systems"] = strconv.Itoa(counts[m.ID])
			rows = append(rows, row)
		}
		return p, err
	})
	if err != nil {
		return 0, err
	}
	return s.exportBook(ctx, a, "room", len(rows), w, sheet.Part{Schema: RoomExportSheet, Rows: rows})
}
