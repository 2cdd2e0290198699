package app

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/sheet"
	"archgov/internal/store"
)

// componentFields are the component catalog's spreadsheet columns: template, import and export.
// Rows match the catalog by component name. The function points and the user systems (by
// code) are lists in one cell, joined by 、 in an export as the multi-choice columns are, and
// read split on 、, ；, ; or line breaks.
var componentFields = fields[domain.Component]{
	text(sheet.Column{Key: "name", Header: "组件名称", Aliases: []string{"名称", "组件"}, Kind: sheet.Text, Required: true, MaxLen: 100,
		Help: "组件目录内不重复；重复导入时按名称更新"}, func(x *domain.Component) *string { return &x.Name }),
	enum(sheet.Column{Key: "kind", Header: "组件类型", Aliases: []string{"类型", "类别"}, Required: true,
		Synonyms: map[string]string{"身份认证": "统一身份认证", "印章": "电子印章", "证照": "电子证照", "地图": "地图与时空信息", "时空信息": "地图与时空信息",
			"支付": "统一支付", "交换接口": "数据共享交换接口", "PaaS": "政务云PaaS服务", "其它": "其他"}},
		"compkind.", domain.ComponentKinds, func(x *domain.Component) *domain.ComponentKind { return &x.Kind }),
	unitRef(sheet.Column{Key: "unit", Header: "提供单位", Aliases: []string{"单位", "提供方"}, Required: true, Help: "单位全称或单位编码"},
		func(x *domain.Component) (*int64, *string) { return &x.UnitID, &x.UnitName }),
	ruled[domain.Component](sheet.Column{Key: "system", Header: "提供系统编码", Aliases: []string{"提供系统", "系统编码"}, Kind: sheet.Code, MaxLen: 30,
		Help: "提供单位的信息系统编码，可空"}, nil),
	text(sheet.Column{Key: "summary", Header: "简介", Aliases: []string{"组件简介", "功能简介", "说明"}, Kind: sheet.Text, MaxLen: 2000},
		func(x *domain.Component) *string { return &x.Summary }),
	ruled[domain.Component](sheet.Column{Key: "functions", Header: "功能点", Aliases: []string{"主要功能", "功能"}, Kind: sheet.Text, Required: true, MaxLen: 2500,
		Help: "每个功能点2–40字，用“、”分隔或分行填写，最多50个"}, func(x *domain.Component) string { return strings.Join(x.Functions, "、") }),
	text(sheet.Column{Key: "standard", Header: "接口标准", Aliases: []string{"接口规范", "标准名称"}, Kind: sheet.Text, MaxLen: 200},
		func(x *domain.Component) *string { return &x.Standard }),
	text(sheet.Column{Key: "standard_version", Header: "标准版本", Aliases: []string{"版本"}, Kind: sheet.Text, MaxLen: 50},
		func(x *domain.Component) *string { return &x.StandardVersion }),
	text(sheet.Column{Key: "standard_url", Header: "标准文本链接", Aliases: []string{"标准链接", "链接"}, Kind: sheet.Text, MaxLen: 500, Help: "http(s) 链接，可空"},
		func(x *domain.Component) *string { return &x.StandardURL }),
	text(sheet.Column{Key: "access", Header: "接入方式", Aliases: []string{"接入流程", "申请方式"}, Kind: sheet.Text, MaxLen: 2000},
		func(x *domain.Component) *string { return &x.Access }),
	ruled[domain.Component](sheet.Column{Key: "users", Header: "使用系统编码", Aliases: []string{"使用系统"}, Kind: sheet.Text, MaxLen: 10000,
		Help: "信息系统编码，用“、”分隔或分行填写，可空"}, nil),

	shown(sheet.Column{Key: "status", Header: "状态", Kind: sheet.Text}, func(x *domain.Component) string { return zhLabel("compstatus.", string(x.Status)) }),
	shown(sheet.Column{Key: "user_names", Header: "使用系统名称", Kind: sheet.Text}, func(x *domain.Component) string {
		names := make([]string, len(x.UserSystems))
		for i, u := range x.UserSystems {
			names[i] = u.Name
		}
		return strings.Join(names, "、")
	}),
}

// ComponentSheet and ComponentExportSheet are the component catalog's import and export schemas.
var ComponentSheet, ComponentExportSheet = componentFields.sheets("组件目录", []string{"name"})

// componentRegister describes the catalog's spreadsheet: rows match by name, so a re-import
// changes nothing; a new component is a draft, the status is never imported.
var componentRegister = &Register[domain.Component]{
	Kind: "components", Record: componentType, Create: authz.ComponentWrite,
	Sheets:   staticSheets(ComponentSheet, ComponentExportSheet),
	ColumnOf: map[string]string{"unit_id": "unit", "system_id": "system", "user_system_ids": "users"},
	Begin:    beginComponents,
	Same: func(old, rec *domain.Component) bool {
		return componentFields.same(old, rec) && old.SystemID == rec.SystemID && slices.Equal(old.Functions, rec.Functions) &&
			slices.Equal(sortedIDs(old.UserSystemIDs), sortedIDs(rec.UserSystemIDs))
	},
}

// ComponentsBook is the component catalog's workbook round trip.
var ComponentsBook = componentRegister.Workbook()

func sortedIDs(ids []int64) []int64 {
	out := slices.Clone(ids)
	slices.Sort(out)
	return out
}

func beginComponents(ctx context.Context, s *Service, in *importRun) (*rowRules[domain.Component], error) {
	existing, err := s.db.Read().Components(ctx, authz.Scope{All: true}, store.ComponentFilter{}) // the importer keeps the catalog (ComponentWrite)
	if err != nil {
		return nil, err
	}
	byName := map[string]*domain.Component{}
	for _, x := range existing {
		byName[sheet.Fold(x.Name)] = x
	}
	var codes []string
	for _, row := range in.rows {
		codes = append(codes, strings.ToUpper(row.Values["system"].Text))
		codes = append(codes, splitCodes(row.Values["users"].Text)...)
	}
	systems, err := s.db.Read().SystemsByCodes(ctx, codes)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{}
	return &rowRules[domain.Component]{Row: func(row sheet.Row) (*domain.Component, *domain.Component, ImportLine, error) {
		x := &domain.Component{Status: domain.CompDraft}
		componentFields.read(row, x)
		x.UnitName = in.unitNames[x.UnitID]
		x.Functions = domain.SplitFunctions(row.Values["functions"].Text)
		x.Normalize()
		line := ImportLine{Line: row.Line, Code: x.UnitName, Name: x.Name, Outcome: "create"}
		key := sheet.Fold(x.Name)
		if first, dup := seen[key]; dup {
			return nil, nil, line, rowProblem{Line: row.Line, Column: "组件名称", Message: "与第" + strconv.Itoa(first) + "行重复"}
		}
		seen[key] = row.Line
		old := byName[key]
		if old != nil {
			x.ID, x.Version, x.Status, x.Name = old.ID, old.Version, old.Status, old.Name
			line.Outcome = "update"
		}
		var errs domain.Problems
		errs.Add(x.Validate())
		if c := strings.ToUpper(strings.TrimSpace(row.Values["system"].Text)); c != "" {
			sys := systems[c]
			switch {
			case sys == nil:
				errs.Add(domain.Invalid("system_id", "err.component.system_unknown", c))
			case sys.UnitID != x.UnitID:
				errs.Add(domain.Invalid("system_id", "err.component.system_unit"))
			default:
				x.SystemID, x.SystemName = sys.ID, sys.Name
			}
		}
		for _, c := range splitCodes(row.Values["users"].Text) {
			sys := systems[c]
			switch {
			case sys == nil:
				errs.Add(domain.Invalid("user_system_ids", "err.component.user_code", c))
			case sys.Classification == domain.Classified:
				errs.Add(domain.Invalid("user_system_ids", "err.component.user_classified"))
			default:
				x.UserSystemIDs = append(x.UserSystemIDs, sys.ID)
			}
		}
		x.Normalize()
		return x, old, line, errs.Err()
	}}, nil
}

// splitCodes reads a cell of system codes.
func splitCodes(s string) []string {
	var out []string
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、，,；;/|\n\r\t ", r) }) {
		out = append(out, strings.ToUpper(c))
	}
	return out
}

// ImportComponents previews, or with apply writes, a component workbook (see componentRegister).
func (s *Service) ImportComponents(ctx context.Context, a domain.Actor, r io.Reader, apply bool, progress func(stage string, done, total int)) (*ImportReport, error) {
	return importSheet(ctx, s, componentRegister, a, r, apply, progress)
}

// ExportComponents writes the components matching f that the actor may see, as a workbook the
// import reads back, with their status and their users' names. The export is audited.
func (s *Service) ExportComponents(ctx context.Context, a domain.Actor, f ComponentFilter, w io.Writer) (int, error) {
	f.Sort, f.AfterKey, f.Limit = store.SortID, "", 1000
	list, err := allPages(func(after int64) (Page[*domain.Component], error) { f.After = after; return s.Components(ctx, a, f) })
	if err != nil {
		return 0, err
	}
	codeOf := s.systemCodeOf(ctx, a)
	var rows []map[string]string
	for _, x := range list {
		row := componentFields.row(x)
		row["system"] = codeOf(x.SystemID)
		codes := make([]string, len(x.UserSystems))
		for i, u := range x.UserSystems {
			codes[i] = u.Code
		}
		row["users"] = strings.Join(codes, "、")
		rows = append(rows, row)
	}
	return s.exportBook(ctx, a, "component", len(rows), w, sheet.Part{Schema: ComponentExportSheet, Rows: rows})
}
