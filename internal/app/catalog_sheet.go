package app

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/sheet"
	"archgov/internal/store"
)

// The catalog's workbook (编制指南 column set) has two sheets: 信息资源 (one row per entry) and
// 信息项 (one row per data item, naming its entry in 所属信息资源 by resource code, or, for an
// entry the same file creates, by its name). An entry row with a resource code updates that
// entry; without one it updates the provider's entry of the same name, or pre-compiles a new
// one. The data items of an entry are the item rows naming it, in order; an entry row with no
// item rows keeps its items. Links (systems, related resources, project), the state, the
// revision and the publish date are not imported. As for the registries: every row is checked
// as a form would be, and if any row of either sheet fails nothing is written.

var baseLibLabels, _ = zhLabels("baselib.", domain.BaseLibraries)

// catalogLibraries are the base libraries as the catalog workbook names them (汇聚的基础库): by
// their names from the table (issue 4: a library the office added has its label too), with the
// entries sheet whose column lists them.
type catalogLibraries struct {
	entrySheet, exportSheet sheet.Schema
	nameOf                  map[domain.BaseLibrary]string
	byName                  map[string]domain.BaseLibrary
}

func (s *Service) catalogLibraries(ctx context.Context) (*catalogLibraries, error) {
	ls, err := s.db.Read().BaseLibraries(ctx)
	if err != nil {
		return nil, err
	}
	out := &catalogLibraries{nameOf: map[domain.BaseLibrary]string{}, byName: map[string]domain.BaseLibrary{}}
	labels := make([]string, 0, len(ls))
	synonyms := map[string]string{}
	for _, l := range ls {
		labels = append(labels, l.Name)
		out.nameOf[l.Code], out.byName[l.Name] = l.Name, l.Code
		// A seeded library the office renamed still reads under its usual name (人口库).
		if k := "baselib." + string(l.Code); i18n.Has(i18n.ZH, k) && i18n.T(i18n.ZH, k) != l.Name {
			synonyms[i18n.T(i18n.ZH, k)] = l.Name
		}
	}
	withLabels := func(base sheet.Schema) sheet.Schema {
		sc := base
		sc.Columns = slices.Clone(base.Columns)
		for i := range sc.Columns {
			if sc.Columns[i].Key == "base_library" {
				sc.Columns[i].Enum, sc.Columns[i].Synonyms = labels, synonyms
			}
		}
		return sc
	}
	out.entrySheet, out.exportSheet = withLabels(CatalogEntrySheet), withLabels(CatalogEntryExportSheet)
	return out, nil
}

// catalogFields are the entries sheet's columns. The code, the class and the base library are
// the import's rules' to read.
var catalogFields = fields[domain.CatalogEntry]{
	ruled(sheet.Column{Key: "code", Header: "信息资源代码", Aliases: []string{"资源代码"}, Kind: sheet.Code, MaxLen: 40, Help: "新目录留空，导入时按分类代码生成；已有目录按代码更新"},
		func(c *domain.CatalogEntry) string { return c.Code }),
	ruled(sheet.Column{Key: "class", Header: "信息资源分类", Aliases: []string{"分类代码", "资源分类"}, Kind: sheet.Code, Required: true, MaxLen: 12,
		Help: "类（1位：1基础、2主题、3部门）+项（2位）+目（3位，可无）+细目（若干位），如 101001"}, (*domain.CatalogEntry).ClassCode),
	text(sheet.Column{Key: "name", Header: "信息资源名称", Aliases: []string{"资源名称", "名称"}, Kind: sheet.Text, Required: true, MaxLen: 100},
		func(c *domain.CatalogEntry) *string { return &c.Name }),
	unitRef(sheet.Column{Key: "provider", Header: "信息资源提供方", Aliases: []string{"提供方", "提供单位"}, Required: true, Help: "单位全称或单位编码"},
		func(c *domain.CatalogEntry) (*int64, *string) { return &c.ProviderUnitID, &c.ProviderName }),
	text(sheet.Column{Key: "summary", Header: "信息资源摘要", Aliases: []string{"摘要"}, Kind: sheet.Text, Required: true, MaxLen: 1000},
		func(c *domain.CatalogEntry) *string { return &c.Summary }),
	enum(sheet.Column{Key: "format", Header: "信息资源格式", Aliases: []string{"资源格式", "格式"}, Required: true,
		Synonyms: map[string]string{"库表": "数据库", "接口": "服务接口", "文件": "电子文件", "表格": "电子表格"}},
		"catalog.format.", domain.ResFormats, func(c *domain.CatalogEntry) *domain.ResFormat { return &c.Format }),
	text(sheet.Column{Key: "format_detail", Header: "格式说明", Aliases: []string{"格式类型"}, Kind: sheet.Text, MaxLen: 100},
		func(c *domain.CatalogEntry) *string { return &c.FormatDetail }),
	enum(sheet.Column{Key: "share_type", Header: "共享类型", Aliases: []string{"共享属性"}, Required: true,
		Synonyms: map[string]string{"无条件": "无条件共享", "有条件": "有条件共享", "不共享": "不予共享", "不予": "不予共享"}},
		"sharetype.", domain.ShareTypes, func(c *domain.CatalogEntry) *domain.ShareType { return &c.ShareType }),
	text(sheet.Column{Key: "share_condition", Header: "共享条件", Kind: sheet.Text, MaxLen: 500, Help: "有条件共享、不予共享必填"},
		func(c *domain.CatalogEntry) *string { return &c.ShareCondition }),
	text(sheet.Column{Key: "share_basis", Header: "不予共享依据", Aliases: []string{"不予共享理由"}, Kind: sheet.Text, MaxLen: 500, Help: "不予共享须写明法律、法规或政策依据"},
		func(c *domain.CatalogEntry) *string { return &c.ShareBasis }),
	enum(sheet.Column{Key: "share_channel", Header: "共享方式（渠道）", Aliases: []string{"共享渠道"}, Synonyms: map[string]string{"平台": "共享平台", "邮件": "电子邮件"}},
		"catalog.channel.", domain.ShareChannels, func(c *domain.CatalogEntry) *domain.ShareChannel { return &c.ShareChannel }),
	enum(sheet.Column{Key: "share_form", Header: "共享方式（形式）", Aliases: []string{"共享方式"}, Synonyms: map[string]string{"数据库": "库表", "服务接口": "接口"}},
		"catalog.form.", domain.ShareForms, func(c *domain.CatalogEntry) *domain.ShareForm { return &c.ShareForm }),
	flag(sheet.Column{Key: "open", Header: "是否向社会开放", Aliases: []string{"开放属性", "是否开放"}}, func(c *domain.CatalogEntry) *bool { return &c.Open }),
	text(sheet.Column{Key: "open_condition", Header: "开放条件", Kind: sheet.Text, MaxLen: 500},
		func(c *domain.CatalogEntry) *string { return &c.OpenCondition }),
	enum(sheet.Column{Key: "update_cycle", Header: "更新周期", Required: true,
		Synonyms: map[string]string{"不定时": "不定时/按需", "按需": "不定时/按需", "每天": "每日", "每月一次": "每月", "半年": "每半年", "季度": "每季度"}},
		"catalog.cycle.", domain.UpdateCycles, func(c *domain.CatalogEntry) *domain.UpdateCycle { return &c.UpdateCycle }),
	ruled[domain.CatalogEntry](sheet.Column{Key: "base_library", Header: "汇聚的基础库", Aliases: []string{"基础库"}, Kind: sheet.Enum, Enum: baseLibLabels}, nil),

	shown(sheet.Column{Key: "status", Header: "状态", Kind: sheet.Text}, func(c *domain.CatalogEntry) string { return zhLabel("catstatus.", string(c.Status)) }),
	shown(sheet.Column{Key: "revision", Header: "版本号", Kind: sheet.Text}, func(c *domain.CatalogEntry) string { return strconv.FormatInt(c.Revision, 10) }),
	shown(sheet.Column{Key: "publish_date", Header: "发布日期", Kind: sheet.Text}, func(c *domain.CatalogEntry) string { return fmtDay(c.PublishDate) }),
}

// CatalogEntrySheet and CatalogEntryExportSheet are the entries sheet of an import and of an
// export (with the read-only columns, which an import ignores).
var CatalogEntrySheet, CatalogEntryExportSheet = catalogFields.sheets("信息资源", nil)

// itemFields are the data-items sheet's columns; the entry and provider an item row names are
// the import's rules' to read.
var itemFields = fields[domain.DataItem]{
	ruled[domain.DataItem](sheet.Column{Key: "entry", Header: "所属信息资源", Aliases: []string{"信息资源代码", "信息资源名称"}, Kind: sheet.Text, Required: true, MaxLen: 100,
		Help: "信息资源代码；本文件新建的目录填名称"}, nil),
	ruled[domain.DataItem](sheet.Column{Key: "provider", Header: "信息资源提供方", Aliases: []string{"提供方"}, Kind: sheet.UnitRef,
		Help: "按名称指明所属信息资源、且本文件中不同提供方有同名信息资源时必填"}, nil),
	text(sheet.Column{Key: "name", Header: "信息项名称", Aliases: []string{"数据项名称"}, Kind: sheet.Text, Required: true, MaxLen: 100},
		func(it *domain.DataItem) *string { return &it.Name }),
	text(sheet.Column{Key: "column", Header: "字段名", Aliases: []string{"字段名称", "英文名"}, Kind: sheet.Code, Required: true, MaxLen: 64},
		func(it *domain.DataItem) *string { return &it.Column }),
	enum(sheet.Column{Key: "type", Header: "数据类型", Required: true,
		Synonyms: map[string]string{"字符": "字符型", "字符串": "字符型", "数值": "数值型", "数字": "数值型", "日期": "日期型", "日期时间": "日期时间型", "布尔": "布尔型"}},
		"catalog.itemtype.", domain.ItemTypes, func(it *domain.DataItem) *domain.ItemType { return &it.Type }),
	plain(sheet.Column{Key: "length", Header: "长度", Aliases: []string{"数据长度"}, Kind: sheet.Int}, func(it *domain.DataItem) *int { return &it.Length },
		itemLength, func(v sheet.Cell) int { return int(v.Int) }),
	flag(sheet.Column{Key: "pk", Header: "主键", Aliases: []string{"是否主键"}}, func(it *domain.DataItem) *bool { return &it.PrimaryKey }),
	flag(sheet.Column{Key: "nullable", Header: "可为空", Aliases: []string{"是否可为空"}}, func(it *domain.DataItem) *bool { return &it.Nullable }),
	flag(sheet.Column{Key: "classified", Header: "涉密", Aliases: []string{"是否涉密"}}, func(it *domain.DataItem) *bool { return &it.Classified }),
	flag(sheet.Column{Key: "sensitive", Header: "敏感", Aliases: []string{"是否敏感"}}, func(it *domain.DataItem) *bool { return &it.Sensitive }),
	enum(sheet.Column{Key: "share", Header: "信息项共享类型", Aliases: []string{"信息项共享属性"}, Help: "与目录相同时留空"},
		"sharetype.", domain.ShareTypes, func(it *domain.DataItem) *domain.ShareType { return &it.ShareType }),
}

// itemLength is a data item's length cell, empty when it has none.
func itemLength(n int) string {
	if n > 0 {
		return strconv.Itoa(n)
	}
	return ""
}

// CatalogItemSheet is the data-items sheet.
var CatalogItemSheet, _ = itemFields.sheets("信息项", nil)

// catalogRegister describes the catalog's two-sheet workbook (see above): entry rows match by
// resource code, or by provider and name; the data items are sub-rows of the 信息项 sheet.
var catalogRegister = &Register[domain.CatalogEntry]{
	Kind: "catalog", Record: catalogType, Create: authz.CatalogCreate,
	Sheets: func(ctx context.Context, s *Service) (sheet.Schema, sheet.Schema, error) {
		libs, err := s.catalogLibraries(ctx)
		if err != nil {
			return sheet.Schema{}, sheet.Schema{}, err
		}
		return libs.entrySheet, libs.exportSheet, nil
	},
	More:     []sheet.Schema{CatalogItemSheet},
	ColumnOf: map[string]string{"provider_unit_id": "provider", "item": "class", "catalog": "class", "sub_catalog": "class"},
	Begin:    beginCatalog,
}

// CatalogBook is the catalog's workbook round trip.
var CatalogBook = catalogRegister.Workbook()

// itemProblem names a row of the data-items sheet.
func itemProblem(line int, column, msg string) sheet.Problem {
	return sheet.Problem{Line: line, Column: "信息项」「" + column, Message: msg}
}

// ExportCatalog writes the entries matching f that the actor may see, with their data items,
// as a workbook the import reads back. Audited.
func (s *Service) ExportCatalog(ctx context.Context, a domain.Actor, f store.CatalogFilter, w io.Writer) (int, error) {
	var entries, items []map[string]string
	libs, err := s.catalogLibraries(ctx)
	if err != nil {
		return 0, err
	}
	f.Sort, f.AfterKey, f.Limit = store.SortID, "", 1000
	_, err = allPages(func(after int64) (Page[*domain.CatalogEntry], error) {
		f.After = after
		p, err := s.Catalog(ctx, a, f)
		for _, c := range p.Items {
			full, err := s.db.Read().CatalogEntry(ctx, c.ID)
			if err != nil {
				return p, err
			}
			er, irs := catalogRows(full, libs.nameOf)
			entries, items = append(entries, er), append(items, irs...)
		}
		return p, err
	})
	if err != nil {
		return 0, err
	}
	return s.exportBook(ctx, a, "catalog", len(entries), w, sheet.Part{Schema: libs.exportSheet, Rows: entries}, sheet.Part{Schema: CatalogItemSheet, Rows: items})
}

func catalogRows(c *domain.CatalogEntry, libName map[domain.BaseLibrary]string) (map[string]string, []map[string]string) {
	row := catalogFields.row(c)
	row["base_library"] = libName[c.BaseLibrary]
	var items []map[string]string
	for i := range c.Items {
		ir := itemFields.row(&c.Items[i])
		ir["entry"] = c.Code
		items = append(items, ir)
	}
	return row, items
}

// ImportCatalog reads a catalog workbook and previews, or with apply writes, what it changes:
// all or nothing, a re-import of the same file changes nothing. New entries are pre-compiled;
// a published entry the file changes gets a new revision (and goes to the change feed); an
// entry under review or withdrawn that the file would change is a problem on its row.
func (s *Service) ImportCatalog(ctx context.Context, a domain.Actor, r io.Reader, apply bool) (*ImportReport, error) {
	return importSheet(ctx, s, catalogRegister, a, r, apply, nil)
}

func beginCatalog(ctx context.Context, s *Service, in *importRun) (*rowRules[domain.CatalogEntry], error) {
	a, rep := in.a, in.rep
	libs, err := s.catalogLibraries(ctx)
	if err != nil {
		return nil, err
	}
	itemRows, itemProblems, err := in.book.Read(CatalogItemSheet, unitResolver{in.units})
	if err != nil {
		return nil, sheetFileError(err)
	}
	for _, p := range itemProblems {
		rep.Problems = append(rep.Problems, itemProblem(p.Line, p.Column, p.Message))
	}
	// The data items by the entry they name, in file order.
	itemsOf := map[string][]domain.DataItem{}
	itemLines := map[string][]int{}
	for _, ir := range itemRows {
		v := ir.Values
		var it domain.DataItem
		itemFields.read(ir, &it)
		if _, ok := v["nullable"]; !ok && !it.PrimaryKey {
			it.Nullable = true // an empty 可为空 cell: the usual case
		}
		key := sheet.Fold(v["entry"].Text)
		if p := v["provider"].Int; p != 0 && !resCodeRe.MatchString(strings.TrimSpace(v["entry"].Text)) {
			key = providerKey(p, v["entry"].Text) // a name of this provider's entry
		}
		itemsOf[key] = append(itemsOf[key], it)
		itemLines[key] = append(itemLines[key], ir.Line)
	}
	used := map[string]bool{}
	// Entry names of the file by the providers that use them: item rows naming an entry by a
	// name two providers use must say whose (review finding: items went to both).
	providersOf := map[string]map[int64]bool{}
	for _, row := range in.rows {
		if in.bad[row.Line] || strings.TrimSpace(row.Values["code"].Text) != "" {
			continue
		}
		n := sheet.Fold(row.Values["name"].Text)
		if providersOf[n] == nil {
			providersOf[n] = map[int64]bool{}
		}
		providersOf[n][row.Values["provider"].Int] = true
	}
	ambiguous := map[string]bool{}
	seenCode, seenName := map[string]int{}, map[string]int{}
	problem := func(line int, column, msg string) (*domain.CatalogEntry, *domain.CatalogEntry, ImportLine, error) {
		return nil, nil, ImportLine{}, rowProblem{Line: line, Column: column, Message: msg}
	}
	row := func(row sheet.Row) (*domain.CatalogEntry, *domain.CatalogEntry, ImportLine, error) {
		v := row.Values
		code, cls := strings.TrimSpace(v["code"].Text), strings.TrimSpace(v["class"].Text)
		c := &domain.CatalogEntry{Status: domain.CatPrecompiled}
		catalogFields.read(row, c)
		c.BaseLibrary = libs.byName[v["base_library"].Text]
		if len(cls) < 3 {
			return problem(row.Line, "信息资源分类", "须为类（1位）加项（2位），再加目（3位）和细目")
		}
		c.Class, c.Item = cls[:1], cls[1:3]
		if len(cls) > 3 {
			c.Catalog = cls[3:min(6, len(cls))]
		}
		if len(cls) > 6 {
			c.SubCatalog = cls[6:]
		}
		var existing *domain.CatalogEntry
		if code != "" {
			if l, dup := seenCode[code]; dup {
				return problem(row.Line, "信息资源代码", fmt.Sprintf("与第%d行重复", l))
			}
			seenCode[code] = row.Line
			id, err := s.db.Read().CatalogIDByCode(ctx, code)
			if err != nil {
				return nil, nil, ImportLine{}, err
			}
			if id != 0 {
				if existing, err = s.db.Read().CatalogEntry(ctx, id); err != nil {
					return nil, nil, ImportLine{}, err
				}
			}
			if existing == nil || authz.Can(a, authz.CatalogUpdate, catalogResource(existing)) != nil {
				return problem(row.Line, "信息资源代码", "“"+code+"”不是您可修改的目录的代码；新目录请留空")
			}
		} else {
			nk := strconv.FormatInt(c.ProviderUnitID, 10) + "|" + sheet.Fold(c.Name)
			if l, dup := seenName[nk]; dup {
				return problem(row.Line, "信息资源名称", fmt.Sprintf("与第%d行重复（同一提供方）", l))
			}
			seenName[nk] = row.Line
			id, err := s.db.Read().CatalogIDByName(ctx, c.ProviderUnitID, c.Name)
			if err != nil {
				return nil, nil, ImportLine{}, err
			}
			if id != 0 {
				if existing, err = s.db.Read().CatalogEntry(ctx, id); err != nil {
					return nil, nil, ImportLine{}, err
				}
			}
		}
		// The entry's data items: the rows naming its code, or (new entries) its provider and
		// name, or its name alone when no other provider of the file uses that name.
		keys := []string{providerKey(c.ProviderUnitID, c.Name)}
		if n := sheet.Fold(c.Name); len(providersOf[n]) > 1 {
			ambiguous[n] = true
		} else {
			keys = append(keys, n)
		}
		if code != "" {
			keys = []string{sheet.Fold(code)}
		} else if existing != nil {
			keys = append(keys, sheet.Fold(existing.Code))
		}
		var items []domain.DataItem
		for _, k := range keys {
			if len(itemsOf[k]) > 0 && items == nil {
				items = itemsOf[k]
			}
			used[k] = true
		}
		line := ImportLine{Line: row.Line, Code: code, Name: c.Name, Outcome: "create"}
		if existing != nil {
			line.Code, line.Outcome = existing.Code, "update"
			if c.ClassCode() != existing.ClassCode() {
				return nil, nil, line, domain.Invalid("class", "err.catalog.class_fixed")
			}
			if items == nil {
				items = existing.Items
			}
			c.ID, c.Code, c.Status, c.Version, c.Revision, c.PublishDate, c.ReturnNote = existing.ID, existing.Code, existing.Status,
				existing.Version, existing.Revision, existing.PublishDate, existing.ReturnNote
			c.RelatedIDs, c.SystemIDs, c.ProjectID, c.ProviderName, c.ProviderCode, c.CreatedAt, c.UpdatedAt = existing.RelatedIDs,
				existing.SystemIDs, existing.ProjectID, existing.ProviderName, existing.ProviderCode, existing.CreatedAt, existing.UpdatedAt
		}
		c.Items = slices.Clone(items)
		if err := c.Validate(); err != nil {
			if e := domain.AsError(err); e.Field == "items" {
				return problem(row.Line, "信息项", i18n.T(i18n.ZH, e.Message, e.Args...))
			}
			return nil, nil, line, err
		}
		if existing != nil {
			if audit.Diff(existing, c, nil) == "" {
				line.Outcome = "unchanged"
			} else if !existing.Status.Editable() {
				return problem(row.Line, "信息资源代码", i18n.T(i18n.ZH, "err.catalog.not_editable", i18n.T(i18n.ZH, "catstatus."+string(existing.Status))))
			} else if c.ProviderUnitID != existing.ProviderUnitID {
				return nil, nil, line, domain.Invalid("provider_unit_id", "err.catalog.provider_fixed")
			}
		}
		return c, existing, line, nil
	}
	finish := func(rep *ImportReport) {
		for k, lines := range itemLines {
			for _, l := range lines {
				switch {
				case ambiguous[k] && !used[k]:
					rep.Problems = append(rep.Problems, itemProblem(l, "信息资源提供方", "本文件中有多个提供方的同名信息资源，请填写信息资源提供方"))
				case !used[k]:
					rep.Problems = append(rep.Problems, itemProblem(l, "所属信息资源", "本文件的「信息资源」表中没有这个代码或名称"))
				}
			}
		}
		slices.SortStableFunc(rep.Problems, func(x, y sheet.Problem) int {
			xi, yi := strings.HasPrefix(x.Column, "信息项」"), strings.HasPrefix(y.Column, "信息项」")
			switch {
			case xi != yi && xi:
				return 1
			case xi != yi:
				return -1
			}
			return x.Line - y.Line
		})
	}
	apply := func(ctx context.Context, changes []sheetChange[domain.CatalogEntry], rep *ImportReport) error {
		return s.InCatalogBatch(ctx, a, func(b *CatalogBatch) error {
			// The feed's counter and the code counters of the entries it creates first, in name
			// order, whatever the rows do: see store.LockCatalogChanges.
			locks := []string{"changes"}
			for _, ch := range changes {
				if ch.old == nil {
					locks = append(locks, "code:"+ch.rec.ClassCode())
				}
			}
			if err := b.tx.LockCatalogCounters(ctx, locks...); err != nil {
				return err
			}
			for _, ch := range changes {
				if ch.old == nil {
					if err := b.Create(ch.rec); err != nil {
						return fmt.Errorf("line %d: %w", ch.row, err)
					}
					continue
				}
				c := ch.rec
				e := CatalogEdit{Version: ch.old.Version, Name: &c.Name, Summary: &c.Summary, Format: &c.Format, FormatDetail: &c.FormatDetail,
					Items: &c.Items, ShareType: &c.ShareType, ShareCondition: &c.ShareCondition, ShareBasis: &c.ShareBasis, ShareChannel: &c.ShareChannel,
					ShareForm: &c.ShareForm, Open: &c.Open, OpenCondition: &c.OpenCondition, UpdateCycle: &c.UpdateCycle, BaseLibrary: &c.BaseLibrary}
				if _, err := b.Update(c.ID, e); err != nil {
					return fmt.Errorf("line %d: %w", ch.row, err)
				}
			}
			return recordImport(ctx, b.tx, a, "catalog", rep)
		})
	}
	return &rowRules[domain.CatalogEntry]{Row: row, Finish: finish, Apply: apply}, nil
}

// resCodeRe matches a resource code (信息资源代码): classification code, slash, sequence.
var resCodeRe = regexp.MustCompile(`^[0-9]{3,}/[0-9]{6}$`)

// providerKey keys the data items of an entry named by its provider and name.
func providerKey(unitID int64, name string) string {
	return "p" + strconv.FormatInt(unitID, 10) + "|" + sheet.Fold(name)
}
