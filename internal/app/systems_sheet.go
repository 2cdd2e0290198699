package app

import (
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/i18n"
	"archgov/internal/sheet"
	"archgov/internal/store"
)

// Spreadsheets (台账) are Chinese: their labels are the zh catalog's, so a label changed there
// changes the sheet too.
func zhLabels[T ~string](prefix string, vals []T) ([]string, map[string]T) {
	labels := make([]string, 0, len(vals))
	back := map[string]T{}
	for _, v := range vals {
		l := i18n.T(i18n.ZH, prefix+string(v))
		labels = append(labels, l)
		back[l] = v
	}
	return labels, back
}

// hostingSynonyms are the other names people give the hosting choices (systems and websites).
var hostingSynonyms = map[string]string{"电子政务云": "政务云", "云上": "政务云", "本单位机房": "单位机房", "自建机房": "单位机房"}

// systemFields are the information-system registry's spreadsheet columns: the template, the
// import and the export. Rows are matched to the registry by 系统编码.
var systemFields = fields[domain.System]{
	text(sheet.Column{Key: "code", Header: "系统编码", Aliases: []string{"编码", "系统代码"}, Kind: sheet.Code, MaxLen: 30, Help: "登记新系统请留空，由系统分配编码；填写已登记系统的编码则更新该系统"},
		func(s *domain.System) *string { return &s.Code }),
	text(sheet.Column{Key: "name", Header: "系统名称", Aliases: []string{"名称", "信息系统名称"}, Kind: sheet.Text, Required: true, MaxLen: 100},
		func(s *domain.System) *string { return &s.Name }),
	unitRef(sheet.Column{Key: "unit", Header: "所属单位", Aliases: []string{"建设单位", "责任单位", "单位"}, Required: true, Help: "单位全称或单位编码"},
		func(s *domain.System) (*int64, *string) { return &s.UnitID, &s.UnitName }),
	enum(sheet.Column{Key: "classification", Header: "密级", Aliases: []string{"是否涉密"}, Required: true,
		Synonyms: map[string]string{"否": "非涉密", "是": "涉密", "不涉密": "非涉密"}, Help: "涉密系统只填编码、名称、单位、密级"},
		"class.", domain.Classifications, func(s *domain.System) *domain.Classification { return &s.Classification }),
	enum(sheet.Column{Key: "category", Header: "系统类别", Aliases: []string{"类别", "系统类型"}},
		"category.", domain.SystemCategories, func(s *domain.System) *domain.SystemCategory { return &s.Category }),
	text(sheet.Column{Key: "purpose", Header: "用途", Aliases: []string{"系统用途", "主要功能"}, Kind: sheet.Text, MaxLen: 500},
		func(s *domain.System) *string { return &s.Purpose }),
	enum(sheet.Column{Key: "hosting", Header: "托管方式", Aliases: []string{"部署方式", "部署位置"}, Synonyms: hostingSynonyms, Help: "ENV-P1：非涉密系统应部署在政务云"},
		"hosting.", domain.Hostings, func(s *domain.System) *domain.Hosting { return &s.Hosting }),
	text(sheet.Column{Key: "hosting_note", Header: "托管说明", Aliases: []string{"机房名称", "托管单位"}, Kind: sheet.Text, MaxLen: 200, Help: "所在机房或托管服务商；现场生产须写明理由（ENV-P3）"},
		func(s *domain.System) *string { return &s.HostingNote }),
	enum(sheet.Column{Key: "network", Header: "网络", Aliases: []string{"网络类型", "运行网络"},
		Synonyms: map[string]string{"政务外网": "电子政务外网", "外网": "电子政务外网", "专网": "部门专网"}},
		"network.", domain.Networks, func(s *domain.System) *domain.Network { return &s.Network }),
	// ENV-P1: why a system off the cloud may stay (上级统建, 上级要求保留), and the document.
	enum(sheet.Column{Key: "cloud_exemption", Header: "上云豁免", Aliases: []string{"豁免类型", "上云豁免类型"},
		Synonyms: map[string]string{"上级统一建设": "上级统建", "省级统建": "上级统建", "市级统建": "上级统建", "上级保留": "上级要求保留"},
		Help:     "ENV-P1：上级统建、上级要求保留的系统可不迁移上政务云；不豁免的留空；现场生产请在托管方式中选“现场生产”（ENV-P3）"},
		"cloudexempt.", domain.CloudExemptions, func(s *domain.System) *domain.CloudExemption { return &s.CloudExemption }),
	text(sheet.Column{Key: "cloud_exemption_basis", Header: "豁免依据", Aliases: []string{"上云豁免依据", "豁免文件"}, Kind: sheet.Text, MaxLen: 200,
		Help: "选择上云豁免时必填：依据文件名称和文号"},
		func(s *domain.System) *string { return &s.CloudExemptionBasis }),
	enums(sheet.Column{Key: "levels", Header: "服务层级", Aliases: []string{"用户层级"},
		Synonyms: map[string]string{"区级": "区", "镇": "镇街", "街道": "镇街", "镇（街道）": "镇街", "村": "村社区", "社区": "村社区", "村（社区）": "村社区"}},
		"ulevel.", domain.UserLevels, func(s *domain.System) *[]domain.UserLevel { return &s.UserLevels }),
	date(sheet.Column{Key: "go_live", Header: "上线时间", Aliases: []string{"上线日期", "投运时间"}}, func(s *domain.System) *time.Time { return &s.GoLive }),
	date(sheet.Column{Key: "last_upgrade", Header: "最近升级", Aliases: []string{"最近升级时间", "升级时间"}}, func(s *domain.System) *time.Time { return &s.LastUpgrade }),
	text(sheet.Column{Key: "vendor", Header: "建设/运维厂商", Aliases: []string{"厂商", "运维厂商", "建设厂商"}, Kind: sheet.Text, MaxLen: 100},
		func(s *domain.System) *string { return &s.Vendor }),
	text(sheet.Column{Key: "annual_cost", Header: "年运维费用（万元）", Aliases: []string{"年运维费用", "运维费用"}, Kind: sheet.Decimal},
		func(s *domain.System) *string { return &s.AnnualCost }),
	// systems_plans.go: the exchange channels (SHR-P1), then a base-data column per library.
	enums(sheet.Column{Key: "exchange", Header: "数据交换渠道", Aliases: []string{"交换渠道", "数据交换方式"},
		Synonyms: map[string]string{"交换平台": "区数据交换平台", "共享平台": "区数据交换平台", "数据交换共享平台": "区数据交换平台", "直连": "点对点直连", "点对点": "点对点直连"},
		Help:     "SHR-P1：跨部门交换应通过区数据交换共享平台；可多选，用顿号分隔"},
		"exchannel.", domain.ExchangeChannels, func(s *domain.System) *[]domain.ExchangeChannel { return &s.ExchangeChannels }),

	shown(sheet.Column{Key: "status", Header: "状态", Kind: sheet.Text}, func(s *domain.System) string { return zhLabel("status.", string(s.Status)) }),
}

// SystemSheet and SystemExportSheet are the registry's import and export schemas with the
// seeded base libraries (systemSheets puts the libraries of the table in their place).
var SystemSheet, SystemExportSheet = systemFields.sheets("信息系统", []string{"code"}, libraryColumns...)

// ImportLine is what the import does, or would do, with one row.
type ImportLine struct {
	Line int `json:"line"`
	// Code is the row's code; for a new system whose code the server allocates (Allocated), it
	// is empty in a preview and the allocated code once applied.
	Code      string `json:"code"`
	Allocated bool   `json:"allocated,omitempty"`
	Name      string `json:"name"`
	Outcome   string `json:"outcome"` // create, update, unchanged
}

// ImportReport is the preview of an import, or its result.
type ImportReport struct {
	Rows      int             `json:"rows"`
	Create    int             `json:"create"`
	Update    int             `json:"update"`
	Unchanged int             `json:"unchanged"`
	Lines     []ImportLine    `json:"lines"`
	Problems  []sheet.Problem `json:"problems"`
	Applied   bool            `json:"applied"`
}

// unitResolver resolves units the actor may register systems for, and suggests the closest
// among those only: suggestions must not reveal units the actor has nothing to do with.
type unitResolver struct {
	units []*domain.Unit
}

func (r unitResolver) ResolveUnit(s string) (int64, []string, bool) {
	f := sheet.Fold(s)
	for _, u := range r.units {
		if sheet.Fold(u.Name) == f || strings.EqualFold(u.Code, s) {
			return u.ID, nil, true
		}
	}
	type cand struct {
		name  string
		score int
	}
	var cs []cand
	for _, u := range r.units {
		n := sheet.Fold(u.Name)
		score := 0
		for _, ch := range f {
			if strings.ContainsRune(n, ch) {
				score++
			}
		}
		if strings.Contains(n, f) || strings.Contains(f, n) {
			score += 10
		}
		if score >= 2 {
			cs = append(cs, cand{u.Name, score})
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return b.score - a.score })
	var out []string
	for i := 0; i < len(cs) && i < 3; i++ {
		out = append(out, cs[i].name)
	}
	return 0, out, false
}

// systemRegister describes the information-system registry's spreadsheet: rows match by
// 系统编码, so a re-import of the same file changes nothing; a new system's code is left empty and
// allocated by the server when the import is applied. The status is never imported (the
// lifecycle has its own steps).
var systemRegister = &Register[domain.System]{
	Kind: "systems", Record: systemType, Create: authz.SystemCreate,
	Sheets: func(ctx context.Context, s *Service) (sheet.Schema, sheet.Schema, error) {
		sh, err := s.systemSheets(ctx)
		if err != nil {
			return sheet.Schema{}, sheet.Schema{}, err
		}
		return sh.imp, sh.exp, nil
	},
	ColumnOf: map[string]string{"unit_id": "unit", "user_levels": "levels", "exchange_channels": "exchange"},
	Begin:    beginSystems,
	Same:     sameRegistryFields,
}

// SystemsBook is the information-system registry's workbook round trip.
var SystemsBook = systemRegister.Workbook()

// ImportSystems previews, or with apply writes, a registry workbook (see systemRegister).
func (s *Service) ImportSystems(ctx context.Context, a domain.Actor, r io.Reader, apply bool, progress func(stage string, done, total int)) (*ImportReport, error) {
	return importSheet(ctx, s, systemRegister, a, r, apply, progress)
}

func beginSystems(ctx context.Context, s *Service, in *importRun) (*rowRules[domain.System], error) {
	a := in.a
	sheets, err := s.systemSheets(ctx)
	if err != nil {
		return nil, err
	}
	present, err := in.book.Columns(in.imp) // systems_plans.go: keepSharing
	if err != nil {
		return nil, sheetFileError(err)
	}
	codes := make([]string, 0, len(in.rows))
	for _, row := range in.rows {
		if !in.bad[row.Line] {
			codes = append(codes, strings.ToUpper(strings.TrimSpace(row.Values["code"].Text)))
		}
	}
	existingByCode, err := s.db.Read().SystemsByCodes(ctx, codes)
	if err != nil {
		return nil, err
	}
	row := func(row sheet.Row) (*domain.System, *domain.System, ImportLine, error) {
		sys := systemFromRow(row, sheets.libs)
		sys.UnitName = in.unitNames[sys.UnitID]
		existing := existingByCode[sys.Code]
		line := ImportLine{Line: row.Line, Code: sys.Code, Name: sys.Name, Outcome: "create", Allocated: sys.Code == ""}
		sys.Status = domain.StatusRunning
		if existing != nil && authz.Can(a, authz.SystemUpdate, authz.System(existing)) != nil {
			existing = nil // another unit's system: answered as any code not the actor's, below
			if ChoosesSystemCodes(a) {
				return nil, nil, line, domain.Invalid("code", "err.system.code_taken", sys.Code)
			}
		}
		if existing == nil && !line.Allocated && !ChoosesSystemCodes(a) {
			// A unit user updates its own systems by code and registers new ones with an empty
			// code: a code that is neither gets one answer, whether or not it exists elsewhere.
			return nil, nil, line, domain.Invalid("code", "err.system.code_not_yours", sys.Code)
		}
		if existing != nil {
			sys.ID, sys.Version, sys.Status, sys.StatusBefore, sys.ReplacedByID, sys.OfflineDate, sys.ProjectID =
				existing.ID, existing.Version, existing.Status, existing.StatusBefore, existing.ReplacedByID, existing.OfflineDate, existing.ProjectID
			sys.StatusAt = existing.StatusAt // the server dates the status (BLD-R5)
			if sys.Hosting == domain.HostingRoom && sys.UnitID == existing.UnitID {
				sys.RoomID = existing.RoomID // the sheet has no room column: keep the link
			}
			keepSharing(present, sys, existing, sheets.libs)
			line.Outcome = "update"
		}
		if err := validSystem(sys); err != nil { // an empty code: the write allocates one
			return nil, nil, line, err
		}
		if existing != nil && sys.UnitID != existing.UnitID {
			if err := checkSystemUnitMove(ctx, s.db.Read(), existing.ID, existing.UnitID); err != nil { // cloud.go
				return nil, nil, line, err
			}
		}
		return sys, existing, line, nil
	}
	var codeGen *codeAllocator
	allocated := map[int]string{} // rep.Lines index → code, kept only once the write commits
	write := func(ctx context.Context, tx *store.Tx, changes []sheetChange[domain.System]) error {
		if !slices.ContainsFunc(changes, func(c sheetChange[domain.System]) bool { return c.rec.Code == "" }) {
			return nil
		}
		var err error
		if codeGen, err = allocateSystemCodes(ctx, tx); err != nil { // before any system's row
			return err
		}
		for _, c := range changes {
			codeGen.last = append(codeGen.last, c.rec.Code) // the file's own codes count too (the office's)
		}
		return nil
	}
	each := func(ctx context.Context, tx *store.Tx, c *sheetChange[domain.System]) error {
		if err := checkSystemLibraries(ctx, tx, c.rec, c.old); err != nil {
			return err
		}
		switch {
		case c.old == nil && c.rec.Code == "":
			c.rec.Code = codeGen.next()
			allocated[c.line] = c.rec.Code
		case c.old != nil && c.rec.UnitID != c.old.UnitID:
			if err := tx.LockSystem(ctx, c.old.ID, c.old.Version); err != nil {
				return err
			}
			return checkSystemUnitMove(ctx, tx.Reader, c.old.ID, c.old.UnitID)
		}
		return nil
	}
	applied := func(rep *ImportReport) {
		for i, code := range allocated {
			rep.Lines[i].Code = code
		}
	}
	return &rowRules[domain.System]{Row: row, Write: write, Each: each, Applied: applied}, nil
}

func systemFromRow(row sheet.Row, libs []domain.BaseLibrary) *domain.System {
	sys := &domain.System{}
	systemFields.read(row, sys)
	baseDataFromRow(row, sys, libs)
	sys.Normalize()
	return sys
}

// sameRegistryFields reports whether an import row would change nothing.
func sameRegistryFields(a, b *domain.System) bool {
	return systemFields.same(a, b) && slices.Equal(a.BaseData, b.BaseData)
}

// SystemsTemplate writes the empty registry workbook with its instructions sheet.
func (s *Service) SystemsTemplate(ctx context.Context, w io.Writer) error {
	return systemRegister.template(ctx, s, w)
}

// ExportSystems writes the systems matching f that the actor may see, as a workbook the
// import reads back. The export is audited (it takes data out of the system).
func (s *Service) ExportSystems(ctx context.Context, a domain.Actor, f store.SystemFilter, w io.Writer) (int, error) {
	sheets, err := s.systemSheets(ctx)
	if err != nil {
		return 0, err
	}
	f.Sort, f.AfterKey, f.Limit = store.SortID, "", 1000 // registration order, whatever the list's sort
	list, err := allPages(func(after int64) (Page[*domain.System], error) { f.After = after; return s.Systems(ctx, a, f) })
	if err != nil {
		return 0, err
	}
	rows := make([]map[string]string, len(list))
	for i, sys := range list {
		rows[i] = systemRow(sys)
	}
	return s.exportBook(ctx, a, "system", len(rows), w, sheet.Part{Schema: sheets.exp, Rows: rows})
}

func systemRow(sys *domain.System) map[string]string {
	m := systemFields.row(sys)
	for _, u := range sys.BaseData {
		m[baseDataColumn(u.Library)] = zhLabel("dockstate.", string(u.State))
	}
	return m
}

// StageImport keeps an uploaded workbook until its uploader confirms the previewed import, and
// returns the id to confirm it by. Only the uploader can apply it.
func (s *Service) StageImport(ctx context.Context, a domain.Actor, kind, filename string, content []byte) (string, error) {
	p := &store.PendingImport{ID: gm.RandomToken(16), UserID: a.UserID, Kind: kind, Filename: truncate(filename, 200), Content: content}
	if err := s.db.InTx(ctx, func(tx *store.Tx) error { return tx.SavePendingImport(ctx, p) }); err != nil {
		return "", err
	}
	return p.ID, nil
}
