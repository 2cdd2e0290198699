package app

import (
	"context"
	"io"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/sheet"
	"archgov/internal/store"
)

// websiteFields are the website registry's spreadsheet columns (PTL-R3). Rows match the
// registry by the site's host, whatever way the URL is written. The registration status is not
// imported: it changes only through its steps.
var websiteFields = fields[domain.Website]{
	text(sheet.Column{Key: "host", Header: "网站域名", Aliases: []string{"域名", "网址", "网站地址", "网站网址", "URL"}, Kind: sheet.Code, Required: true, MaxLen: 300,
		Help: "域名或网址，如 jyj.szxc.gov.cn 或 http://jyj.szxc.gov.cn/；按域名更新"}, func(w *domain.Website) *string { return &w.Host }),
	text(sheet.Column{Key: "name", Header: "网站名称", Aliases: []string{"名称"}, Kind: sheet.Text, Required: true, MaxLen: 100},
		func(w *domain.Website) *string { return &w.Name }),
	unitRef(sheet.Column{Key: "unit", Header: "主办单位", Aliases: []string{"所属单位", "单位", "责任单位"}, Required: true, Help: "单位全称或单位编码"},
		func(w *domain.Website) (*int64, *string) { return &w.UnitID, &w.UnitName }),
	text(sheet.Column{Key: "icp", Header: "ICP备案号", Aliases: []string{"备案号", "ICP备案"}, Kind: sheet.Code, MaxLen: 30, Help: "如 苏ICP备12345678号 或 苏ICP备12345678号-1"},
		func(w *domain.Website) *string { return &w.ICP }),
	text(sheet.Column{Key: "site_code", Header: "政府网站标识码", Aliases: []string{"网站标识码", "标识码"}, Kind: sheet.Code, MaxLen: 10, Help: "10位数字或大写字母"},
		func(w *domain.Website) *string { return &w.SiteCode }),
	enum(sheet.Column{Key: "hosting", Header: "托管方式", Aliases: []string{"部署方式", "部署位置"}, Required: true, Synonyms: hostingSynonyms},
		"hosting.", domain.Hostings, func(w *domain.Website) *domain.Hosting { return &w.Hosting }),
	ruled[domain.Website](sheet.Column{Key: "system", Header: "所属信息系统编码", Aliases: []string{"系统编码", "所属系统"}, Kind: sheet.Code, MaxLen: 30, Help: "同一单位的信息系统编码，可空"}, nil),
	ruled[domain.Website](sheet.Column{Key: "merge", Header: "并入网站域名", Aliases: []string{"整合至", "并入网站"}, Kind: sheet.Code, MaxLen: 300, Help: "整合时并入的网站（门户）域名，须已在网站库中；可空"}, nil),

	shown(sheet.Column{Key: "status", Header: "登记状态", Kind: sheet.Text}, func(w *domain.Website) string { return zhLabel("wstatus.", string(w.Status)) }),
	shown(sheet.Column{Key: "overdue", Header: "逾期未登记", Kind: sheet.Text}, func(w *domain.Website) string { return yesNo(w.Overdue) }),
	shown(sheet.Column{Key: "registered_date", Header: "登记日期", Kind: sheet.Date}, func(w *domain.Website) string { return fmtDay(w.RegisteredDate) }),
	shown(sheet.Column{Key: "notice_date", Header: "关停通知日期", Kind: sheet.Date}, func(w *domain.Website) string { return fmtDay(w.NoticeDate) }),
	shown(sheet.Column{Key: "closed_date", Header: "关停/并入日期", Kind: sheet.Date}, func(w *domain.Website) string { return fmtDay(w.ClosedDate) }),
}

// WebsiteSheet and WebsiteExportSheet are the website registry's import and export schemas.
var WebsiteSheet, WebsiteExportSheet = websiteFields.sheets("网站", []string{"host"})

// mediaFields are the new-media registry's spreadsheet columns (PTL-R4). Rows match by kind and
// account ID. The consolidation decision is not imported: it has its own steps.
var mediaFields = fields[domain.MediaAccount]{
	enum(sheet.Column{Key: "kind", Header: "账号类型", Aliases: []string{"类型", "平台", "新媒体类型"}, Required: true,
		Synonyms: map[string]string{"服务号": "微信服务号", "订阅号": "微信订阅号", "企业号": "微信企业号", "企业微信": "微信企业号", "微信小程序": "小程序",
			"APP": "移动App", "App": "移动App", "app": "移动App", "移动应用": "移动App", "客户端": "移动App", "新浪微博": "微博", "抖音号": "抖音"}},
		"mkind.", domain.MediaKinds, func(m *domain.MediaAccount) *domain.MediaKind { return &m.Kind }),
	text(sheet.Column{Key: "name", Header: "账号名称", Aliases: []string{"名称", "新媒体名称"}, Kind: sheet.Text, Required: true, MaxLen: 100},
		func(m *domain.MediaAccount) *string { return &m.Name }),
	text(sheet.Column{Key: "account_id", Header: "账号ID", Aliases: []string{"原始ID", "微信号", "AppID", "账号"}, Kind: sheet.Code, Required: true, MaxLen: 64,
		Help: "原始ID、AppID、应用包名或平台账号；同一类型内不得重复，按类型+账号ID更新"}, func(m *domain.MediaAccount) *string { return &m.AccountID }),
	unitRef(sheet.Column{Key: "unit", Header: "主办单位", Aliases: []string{"所属单位", "单位", "运营单位"}, Required: true, Help: "单位全称或单位编码"},
		func(m *domain.MediaAccount) (*int64, *string) { return &m.UnitID, &m.UnitName }),
	text(sheet.Column{Key: "topic", Header: "领域", Aliases: []string{"所属领域", "主题"}, Kind: sheet.Text, MaxLen: 50},
		func(m *domain.MediaAccount) *string { return &m.Topic }),
	ruled[domain.MediaAccount](sheet.Column{Key: "system", Header: "所属信息系统编码", Aliases: []string{"系统编码", "所属系统"}, Kind: sheet.Code, MaxLen: 30, Help: "同一单位的信息系统编码，可空"}, nil),

	shown(sheet.Column{Key: "decision", Header: "整合意见", Kind: sheet.Text}, func(m *domain.MediaAccount) string { return zhLabel("mdecision.", string(m.Decision)) }),
	shown[domain.MediaAccount](sheet.Column{Key: "merge_into", Header: "并入账号", Kind: sheet.Text}, nil), // the export names it
	shown(sheet.Column{Key: "status", Header: "整合状态", Kind: sheet.Text}, func(m *domain.MediaAccount) string { return zhLabel("mstatus.", string(m.Status)) }),
	shown(sheet.Column{Key: "done_date", Header: "落实日期", Kind: sheet.Date}, func(m *domain.MediaAccount) string { return fmtDay(m.DoneDate) }),
}

// MediaSheet and MediaExportSheet are the new-media registry's import and export schemas.
var MediaSheet, MediaExportSheet = mediaFields.sheets("新媒体", []string{"kind", "account_id"})

// websiteRegister describes the website registry's spreadsheet (PTL-R3): rows match by host,
// whatever way the URL is written, so that a re-import changes nothing.
var websiteRegister = &Register[domain.Website]{
	Kind: "websites", Record: websiteType, Create: authz.WebsiteCreate,
	Sheets:   staticSheets(WebsiteSheet, WebsiteExportSheet),
	ColumnOf: map[string]string{"unit_id": "unit", "system_id": "system", "merge_into_id": "merge"},
	Begin:    beginWebsites,
	Same: func(old, w *domain.Website) bool {
		return websiteFields.same(old, w) && w.SystemID == old.SystemID && w.MergeInto == old.MergeInto
	},
}

// WebsitesBook is the website registry's workbook round trip.
var WebsitesBook = websiteRegister.Workbook()

// ImportWebsites previews, or with apply writes, a website workbook (see websiteRegister).
func (s *Service) ImportWebsites(ctx context.Context, a domain.Actor, r io.Reader, apply bool, progress func(string, int, int)) (*ImportReport, error) {
	return importSheet(ctx, s, websiteRegister, a, r, apply, progress)
}

// rowSystem is a row's system (所属信息系统编码, by code among systems) for a record of unit,
// which had oldID in oldUnit: as in the form, a link the record already has, in the same unit,
// is not checked again. An empty cell keeps a system the actor may not see (an export leaves
// its cell empty).
func (s *Service) rowSystem(ctx context.Context, a domain.Actor, systems map[string]*domain.System, code string, unit, oldID, oldUnit int64) (int64, error) {
	if code = strings.ToUpper(code); code == "" {
		if oldID != 0 && unit == oldUnit {
			if sys, err := s.db.Read().System(ctx, oldID); err != nil || authz.Can(a, authz.SystemRead, authz.System(sys)) != nil {
				return oldID, nil
			}
		}
		return 0, nil
	}
	sys := systems[code]
	switch {
	case sys != nil && sys.ID == oldID && unit == oldUnit:
	case sys == nil || authz.Can(a, authz.SystemRead, authz.System(sys)) != nil:
		return 0, domain.Invalid("system_id", "err.website.system_code", code)
	case sys.UnitID != unit:
		return 0, domain.Invalid("system_id", "err.website.system_unit")
	}
	return sys.ID, nil
}

func beginWebsites(ctx context.Context, s *Service, in *importRun) (*rowRules[domain.Website], error) {
	a := in.a
	// Hosts of the rows and of their merge targets, as the registry writes them.
	var hosts, sysCodes, siteCodes []string
	for _, row := range in.rows {
		for _, k := range []string{"host", "merge"} {
			if h, ok := domain.NormalizeHost(row.Values[k].Text); ok {
				hosts = append(hosts, h)
			}
		}
		if c := strings.ToUpper(row.Values["system"].Text); c != "" {
			sysCodes = append(sysCodes, c)
		}
		sc := domain.Website{SiteCode: row.Values["site_code"].Text}
		if sc.Normalize(); sc.SiteCode != "" {
			siteCodes = append(siteCodes, sc.SiteCode)
		}
	}
	existing, err := s.db.Read().WebsitesByHosts(ctx, hosts)
	if err != nil {
		return nil, err
	}
	byCode, err := s.db.Read().WebsitesBySiteCodes(ctx, siteCodes)
	if err != nil {
		return nil, err
	}
	hiddenSite := func(id int64) bool {
		t, err := s.db.Read().Website(ctx, id)
		return err != nil || authz.Can(a, authz.WebsiteRead, websiteRes(t)) != nil
	}
	systems, err := s.db.Read().SystemsByCodes(ctx, sysCodes)
	if err != nil {
		return nil, err
	}
	targets, err := s.db.Read().WebsiteMergeTargets(ctx)
	if err != nil {
		return nil, err
	}
	seen, seenCode := map[string]int{}, map[string]int{}
	row := func(row sheet.Row) (*domain.Website, *domain.Website, ImportLine, error) {
		v := row.Values
		w := &domain.Website{Status: domain.WebUnregistered}
		websiteFields.read(row, w)
		w.UnitName = in.unitNames[w.UnitID]
		w.Normalize()
		line := ImportLine{Line: row.Line, Code: w.Host, Name: w.Name, Outcome: "create"}
		if first, dup := seen[w.Host]; dup {
			return nil, nil, line, domain.Invalid("host", "err.website.host_twice", w.Host, first)
		}
		seen[w.Host] = row.Line
		old := existing[w.Host]
		if old != nil {
			if authz.Can(a, authz.WebsiteUpdate, websiteRes(old)) != nil {
				return nil, nil, line, domain.Invalid("host", "err.website.host_taken", w.Host)
			}
			w.ID, w.Version, w.Status, w.RegisteredDate, w.NoticeDate, w.NoticeText, w.ClosedDate =
				old.ID, old.Version, old.Status, old.RegisteredDate, old.NoticeDate, old.NoticeText, old.ClosedDate
			line.Outcome = "update"
		}
		var oldSys, oldUnit int64
		if old != nil {
			oldSys, oldUnit = old.SystemID, old.UnitID
		}
		var err error
		if w.SystemID, err = s.rowSystem(ctx, a, systems, v["system"].Text, w.UnitID, oldSys, oldUnit); err != nil {
			return nil, nil, line, err
		}
		if m := v["merge"].Text; m != "" {
			h, _ := domain.NormalizeHost(m)
			t := existing[h]
			kept := t != nil && old != nil && t.ID == old.MergeInto
			switch {
			case t == nil || !kept && authz.Can(a, authz.WebsiteRead, websiteRes(t)) != nil:
				return nil, nil, line, domain.Invalid("merge_into_id", "err.website.merge_host", m)
			case t.Host == w.Host:
				return nil, nil, line, domain.Invalid("merge_into_id", "err.website.merge_self")
			case !kept && t.Gone():
				return nil, nil, line, domain.Invalid("merge_into_id", "err.website.merge_gone", t.Host)
			}
			w.MergeInto = t.ID
		} else if old != nil && old.MergeInto != 0 && hiddenSite(old.MergeInto) {
			w.MergeInto = old.MergeInto
		}
		if c := w.SiteCode; c != "" {
			if first, dup := seenCode[c]; dup {
				return nil, nil, line, domain.Invalid("site_code", "err.website.site_code_twice", c, first)
			}
			seenCode[c] = row.Line
			if other := byCode[c]; other != nil && other.ID != w.ID {
				// Whose it is stays unsaid: it may be another unit's.
				return nil, nil, line, domain.Invalid("site_code", "err.website.site_code_taken", c)
			}
		}
		if err := w.Validate(); err != nil {
			return nil, nil, line, err
		}
		if old != nil && old.Status == domain.WebMerged && w.MergeInto != old.MergeInto {
			return nil, nil, line, domain.Invalid("merge_into_id", "err.website.merged_fixed")
		}
		if w.MergeInto != 0 && w.ID != 0 {
			// The file's targets count, over the registry's (a cycle may close within the file).
			targets[w.ID] = w.MergeInto
			if domain.MergeCycle(w.ID, w.MergeInto, func(id int64) int64 { return targets[id] }) {
				return nil, nil, line, domain.Invalid("merge_into_id", "err.website.merge_cycle", v["merge"].Text)
			}
		}
		return w, old, line, nil
	}
	// Merge targets again under the lock: someone may have merged meanwhile.
	write := func(ctx context.Context, tx *store.Tx, changes []sheetChange[domain.Website]) error {
		if err := tx.LockMerges(ctx, store.LockWebsiteMerges); err != nil {
			return err
		}
		now, err := tx.WebsiteMergeTargets(ctx)
		if err != nil {
			return err
		}
		for _, c := range changes {
			if c.old != nil {
				now[c.rec.ID] = c.rec.MergeInto
			}
		}
		for _, c := range changes {
			if c.old != nil && c.rec.MergeInto != 0 && domain.MergeCycle(c.rec.ID, c.rec.MergeInto, func(id int64) int64 { return now[id] }) {
				return domain.Invalid("merge_into_id", "err.website.merge_cycle", c.rec.Host)
			}
		}
		return nil
	}
	return &rowRules[domain.Website]{Row: row, Write: write}, nil
}

// ExportWebsites writes the websites matching f that the actor may see, as a workbook the
// import reads back. The export is audited.
func (s *Service) ExportWebsites(ctx context.Context, a domain.Actor, f store.WebsiteFilter, w io.Writer) (int, error) {
	f.Limit, f.Sort = 1000, store.SiteSortID
	list, err := allPages(func(after int64) (Page[*domain.Website], error) { f.After = after; return s.Websites(ctx, a, f) })
	if err != nil {
		return 0, err
	}
	hostOf := websiteType.namer(ctx, s.db.Read(), a, list, func(w *domain.Website) string { return w.Host })
	codeOf := s.systemCodeOf(ctx, a)
	var rows []map[string]string
	for _, x := range list {
		row := websiteFields.row(x)
		row["system"], row["merge"] = codeOf(x.SystemID), hostOf(x.MergeInto)
		rows = append(rows, row)
	}
	return s.exportBook(ctx, a, "website", len(rows), w, sheet.Part{Schema: WebsiteExportSheet, Rows: rows})
}

// systemCodeOf returns a function giving the code of a system by ID, each read once; a system
// the actor may not see stays unnamed (the import keeps it).
func (s *Service) systemCodeOf(ctx context.Context, a domain.Actor) func(int64) string {
	return systemType.namer(ctx, s.db.Read(), a, nil, func(sys *domain.System) string { return sys.Code })
}

// mediaRegister describes the new-media registry's spreadsheet (PTL-R4): rows match by kind
// and account ID; the consolidation decision is not imported (it has its own steps).
var mediaRegister = &Register[domain.MediaAccount]{
	Kind: "new-media", Record: mediaType, Create: authz.MediaCreate,
	Sheets:   staticSheets(MediaSheet, MediaExportSheet),
	ColumnOf: map[string]string{"unit_id": "unit", "system_id": "system"},
	Begin:    beginMedia,
	Same: func(old, m *domain.MediaAccount) bool {
		return mediaFields.same(old, m) && m.SystemID == old.SystemID
	},
}

// MediaBook is the new-media registry's workbook round trip.
var MediaBook = mediaRegister.Workbook()

// ImportMedia previews, or with apply writes, a new-media workbook (see mediaRegister).
func (s *Service) ImportMedia(ctx context.Context, a domain.Actor, r io.Reader, apply bool, progress func(string, int, int)) (*ImportReport, error) {
	return importSheet(ctx, s, mediaRegister, a, r, apply, progress)
}

func beginMedia(ctx context.Context, s *Service, in *importRun) (*rowRules[domain.MediaAccount], error) {
	a := in.a
	var keys []store.MediaKey
	var sysCodes []string
	for _, row := range in.rows {
		if !in.bad[row.Line] {
			var m domain.MediaAccount
			mediaFields.read(row, &m)
			keys = append(keys, store.MediaKey{Kind: m.Kind, AccountID: m.AccountID})
			if c := strings.ToUpper(row.Values["system"].Text); c != "" {
				sysCodes = append(sysCodes, c)
			}
		}
	}
	existing, err := s.db.Read().MediaAccountsByKeys(ctx, keys)
	if err != nil {
		return nil, err
	}
	systems, err := s.db.Read().SystemsByCodes(ctx, sysCodes)
	if err != nil {
		return nil, err
	}
	return &rowRules[domain.MediaAccount]{Row: func(row sheet.Row) (*domain.MediaAccount, *domain.MediaAccount, ImportLine, error) {
		v := row.Values
		m := &domain.MediaAccount{Status: domain.MediaUndecided}
		mediaFields.read(row, m)
		m.UnitName = in.unitNames[m.UnitID]
		m.Normalize()
		old := existing[store.MediaKey{Kind: m.Kind, AccountID: m.AccountID}]
		line := ImportLine{Line: row.Line, Code: v["kind"].Text + " " + m.AccountID, Name: m.Name, Outcome: "create"}
		var oldSys, oldUnit int64
		if old != nil {
			if authz.Can(a, authz.MediaUpdate, mediaRes(old)) != nil {
				return nil, nil, line, domain.Invalid("account_id", "err.media.account_taken", m.AccountID)
			}
			m.ID, m.Version, m.Decision, m.MergeInto, m.DecisionNote, m.Status, m.DoneDate =
				old.ID, old.Version, old.Decision, old.MergeInto, old.DecisionNote, old.Status, old.DoneDate
			line.Outcome, oldSys, oldUnit = "update", old.SystemID, old.UnitID
		}
		var err error
		if m.SystemID, err = s.rowSystem(ctx, a, systems, v["system"].Text, m.UnitID, oldSys, oldUnit); err != nil {
			return nil, nil, line, err
		}
		return m, old, line, m.Validate()
	}}, nil
}

// ExportMedia writes the accounts matching f that the actor may see; audited.
func (s *Service) ExportMedia(ctx context.Context, a domain.Actor, f store.MediaFilter, w io.Writer) (int, error) {
	f.Limit, f.Sort = 1000, store.SiteSortID
	list, err := allPages(func(after int64) (Page[*domain.MediaAccount], error) {
		f.After = after
		return s.MediaAccounts(ctx, a, f)
	})
	if err != nil {
		return 0, err
	}
	nameOf := mediaType.namer(ctx, s.db.Read(), a, list, func(m *domain.MediaAccount) string { return m.Name })
	codeOf := s.systemCodeOf(ctx, a)
	var rows []map[string]string
	for _, x := range list {
		row := mediaFields.row(x)
		row["system"], row["merge_into"] = codeOf(x.SystemID), nameOf(x.MergeInto)
		rows = append(rows, row)
	}
	return s.exportBook(ctx, a, "media", len(rows), w, sheet.Part{Schema: MediaExportSheet, Rows: rows})
}
