package app

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/sheet"
	"archgov/internal/store"
)

var (
	siteKindLabels, siteKindByLabel = zhLabels("mkind.", domain.MediaKinds)
)

// WebsiteSheet is the website registry's spreadsheet (PTL-R3). Rows match the registry by the
// site's host, whatever way the URL is written. The registration status is not imported: it
// changes only through its steps.
var WebsiteSheet = sheet.Schema{
	Name: "网站",
	Key:  []string{"host"},
	Columns: []sheet.Column{
		{Key: "host", Header: "网站域名", Aliases: []string{"域名", "网址", "网站地址", "网站网址", "URL"}, Kind: sheet.Code, Required: true, MaxLen: 300,
			Help: "域名或网址，如 jyj.szxc.gov.cn 或 http://jyj.szxc.gov.cn/；按域名更新"},
		{Key: "name", Header: "网站名称", Aliases: []string{"名称"}, Kind: sheet.Text, Required: true, MaxLen: 100},
		{Key: "unit", Header: "主办单位", Aliases: []string{"所属单位", "单位", "责任单位"}, Kind: sheet.UnitRef, Required: true, Help: "单位全称或单位编码"},
		{Key: "icp", Header: "ICP备案号", Aliases: []string{"备案号", "ICP备案"}, Kind: sheet.Code, MaxLen: 30, Help: "如 苏ICP备12345678号 或 苏ICP备12345678号-1"},
		{Key: "site_code", Header: "政府网站标识码", Aliases: []string{"网站标识码", "标识码"}, Kind: sheet.Code, MaxLen: 10, Help: "10位数字或大写字母"},
		{Key: "hosting", Header: "托管方式", Aliases: []string{"部署方式", "部署位置"}, Kind: sheet.Enum, Required: true, Enum: hostingLabels,
			Synonyms: map[string]string{"电子政务云": "政务云", "云上": "政务云", "本单位机房": "单位机房", "自建机房": "单位机房"}},
		{Key: "system", Header: "所属信息系统编码", Aliases: []string{"系统编码", "所属系统"}, Kind: sheet.Code, MaxLen: 30, Help: "同一单位的信息系统编码，可空"},
		{Key: "merge", Header: "并入网站域名", Aliases: []string{"整合至", "并入网站"}, Kind: sheet.Code, MaxLen: 300, Help: "整合时并入的网站（门户）域名，须已在网站库中；可空"},
	},
}

// WebsiteExportSheet adds the read-only columns an export shows; an import ignores them.
var WebsiteExportSheet = func() sheet.Schema {
	s := WebsiteSheet
	s.Columns = append(slices.Clone(s.Columns),
		sheet.Column{Key: "status", Header: "登记状态", Kind: sheet.Text},
		sheet.Column{Key: "overdue", Header: "逾期未登记", Kind: sheet.Text},
		sheet.Column{Key: "registered_date", Header: "登记日期", Kind: sheet.Date},
		sheet.Column{Key: "notice_date", Header: "关停通知日期", Kind: sheet.Date},
		sheet.Column{Key: "closed_date", Header: "关停/并入日期", Kind: sheet.Date})
	return s
}()

// MediaSheet is the new-media registry's spreadsheet (PTL-R4). Rows match by kind and
// account ID. The consolidation decision is not imported: it has its own steps.
var MediaSheet = sheet.Schema{
	Name: "新媒体",
	Key:  []string{"kind", "account_id"},
	Columns: []sheet.Column{
		{Key: "kind", Header: "账号类型", Aliases: []string{"类型", "平台", "新媒体类型"}, Kind: sheet.Enum, Required: true, Enum: siteKindLabels,
			Synonyms: map[string]string{"服务号": "微信服务号", "订阅号": "微信订阅号", "企业号": "微信企业号", "企业微信": "微信企业号", "微信小程序": "小程序",
				"APP": "移动App", "App": "移动App", "app": "移动App", "移动应用": "移动App", "客户端": "移动App", "新浪微博": "微博", "抖音号": "抖音"}},
		{Key: "name", Header: "账号名称", Aliases: []string{"名称", "新媒体名称"}, Kind: sheet.Text, Required: true, MaxLen: 100},
		{Key: "account_id", Header: "账号ID", Aliases: []string{"原始ID", "微信号", "AppID", "账号"}, Kind: sheet.Code, Required: true, MaxLen: 64,
			Help: "原始ID、AppID、应用包名或平台账号；同一类型内不得重复，按类型+账号ID更新"},
		{Key: "unit", Header: "主办单位", Aliases: []string{"所属单位", "单位", "运营单位"}, Kind: sheet.UnitRef, Required: true, Help: "单位全称或单位编码"},
		{Key: "topic", Header: "领域", Aliases: []string{"所属领域", "主题"}, Kind: sheet.Text, MaxLen: 50},
		{Key: "system", Header: "所属信息系统编码", Aliases: []string{"系统编码", "所属系统"}, Kind: sheet.Code, MaxLen: 30, Help: "同一单位的信息系统编码，可空"},
	},
}

// MediaExportSheet adds the read-only decision columns.
var MediaExportSheet = func() sheet.Schema {
	s := MediaSheet
	s.Columns = append(slices.Clone(s.Columns),
		sheet.Column{Key: "decision", Header: "整合意见", Kind: sheet.Text},
		sheet.Column{Key: "merge_into", Header: "并入账号", Kind: sheet.Text},
		sheet.Column{Key: "status", Header: "整合状态", Kind: sheet.Text},
		sheet.Column{Key: "done_date", Header: "落实日期", Kind: sheet.Date})
	return s
}()

// siteProblem turns a domain error about a field into a spreadsheet problem in Chinese.
func siteProblem(s sheet.Schema, cols map[string]string, line int, field string, e *domain.Error) sheet.Problem {
	key := field
	if k, ok := cols[field]; ok {
		key = k
	}
	header := ""
	if c, ok := s.Column(key); ok {
		header = c.Header
	}
	return sheet.Problem{Line: line, Column: header, Message: i18n.T(i18n.ZH, e.Message, e.Args...)}
}

// siteImportUnits lists the active units the actor may register records of kind k for.
func (s *Service) siteImportUnits(ctx context.Context, a domain.Actor, k authz.Kind, act authz.Action) ([]*domain.Unit, map[int64]string, error) {
	units, err := s.db.Read().Units(ctx, store.UnitFilter{})
	if err != nil {
		return nil, nil, err
	}
	var mine []*domain.Unit
	names := map[int64]string{}
	for _, u := range units {
		if u.Active && authz.Can(a, act, authz.Resource{Kind: k, UnitID: u.ID}) == nil {
			mine = append(mine, u)
			names[u.ID] = u.Name
		}
	}
	if len(mine) == 0 {
		return nil, nil, domain.Forbidden()
	}
	return mine, names, nil
}

func siteCount(rep *ImportReport, outcome string) {
	switch outcome {
	case "create":
		rep.Create++
	case "update":
		rep.Update++
	default:
		rep.Unchanged++
	}
}

var siteWebColumns = map[string]string{"unit_id": "unit", "system_id": "system", "merge_into_id": "merge"}

// ImportWebsites reads a website workbook and previews, or with apply writes, what it changes
// — with the same checks as the form, all or nothing, matched by host so that a re-import
// changes nothing.
func (s *Service) ImportWebsites(ctx context.Context, a domain.Actor, r io.Reader, apply bool, progress func(string, int, int)) (*ImportReport, error) {
	mine, unitNames, err := s.siteImportUnits(ctx, a, authz.KindWebsite, authz.WebsiteCreate)
	if err != nil {
		return nil, err
	}
	book, err := s.openSheet(r)
	if err != nil {
		return nil, err
	}
	defer book.Close()
	rows, problems, err := book.Read(WebsiteSheet, unitResolver{mine})
	if err != nil {
		return nil, sheetFileError(err)
	}
	rep := &ImportReport{Rows: len(rows), Problems: problems}
	bad := map[int]bool{}
	for _, p := range problems {
		bad[p.Line] = true
	}
	prob := func(line int, e *domain.Error) {
		rep.Problems = append(rep.Problems, siteProblem(WebsiteSheet, siteWebColumns, line, e.Field, e))
	}
	// Hosts of the rows and of their merge targets, as the registry writes them.
	var hosts, sysCodes, siteCodes []string
	for _, row := range rows {
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
	// A system or merge target a site already points to that the actor may not see: an export
	// leaves its cell empty, and an empty cell keeps it.
	hiddenSystem := func(id int64) bool {
		sys, err := s.db.Read().System(ctx, id)
		return err != nil || authz.Can(a, authz.SystemRead, authz.System(sys)) != nil
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
	type change struct{ w, before *domain.Website }
	var changes []change
	seen, seenCode := map[string]int{}, map[string]int{}
	for i, row := range rows {
		if progress != nil && i%500 == 0 {
			progress("check", i, len(rows))
		}
		if bad[row.Line] {
			continue
		}
		v := row.Values
		w := &domain.Website{Host: v["host"].Text, Name: v["name"].Text, UnitID: v["unit"].Int, ICP: v["icp"].Text, SiteCode: v["site_code"].Text,
			Hosting: hostingByLabel[v["hosting"].Text], Status: domain.WebUnregistered}
		w.UnitName = unitNames[w.UnitID]
		w.Normalize()
		if first, dup := seen[w.Host]; dup {
			prob(row.Line, domain.Invalid("host", "err.website.host_twice", w.Host, first))
			continue
		}
		seen[w.Host] = row.Line
		old := existing[w.Host]
		line := ImportLine{Line: row.Line, Code: w.Host, Name: w.Name, Outcome: "create"}
		if old != nil {
			if authz.Can(a, authz.WebsiteUpdate, websiteRes(old)) != nil {
				prob(row.Line, domain.Invalid("host", "err.website.host_taken", w.Host))
				continue
			}
			w.ID, w.Version, w.Status, w.RegisteredDate, w.NoticeDate, w.NoticeText, w.ClosedDate =
				old.ID, old.Version, old.Status, old.RegisteredDate, old.NoticeDate, old.NoticeText, old.ClosedDate
			line.Outcome = "update"
		}
		if c := strings.ToUpper(v["system"].Text); c != "" {
			sys := systems[c]
			// As in the form, a link the site already has, in the same unit, is not checked again.
			kept := sys != nil && old != nil && sys.ID == old.SystemID && w.UnitID == old.UnitID
			switch {
			case kept:
			case sys == nil || authz.Can(a, authz.SystemRead, authz.System(sys)) != nil:
				prob(row.Line, domain.Invalid("system_id", "err.website.system_code", c))
				continue
			case sys.UnitID != w.UnitID:
				prob(row.Line, domain.Invalid("system_id", "err.website.system_unit"))
				continue
			}
			w.SystemID = sys.ID
		} else if old != nil && old.SystemID != 0 && w.UnitID == old.UnitID && hiddenSystem(old.SystemID) {
			w.SystemID = old.SystemID
		}
		if m := v["merge"].Text; m != "" {
			h, _ := domain.NormalizeHost(m)
			t := existing[h]
			kept := t != nil && old != nil && t.ID == old.MergeInto
			switch {
			case t == nil || !kept && authz.Can(a, authz.WebsiteRead, websiteRes(t)) != nil:
				prob(row.Line, domain.Invalid("merge_into_id", "err.website.merge_host", m))
				continue
			case t.Host == w.Host:
				prob(row.Line, domain.Invalid("merge_into_id", "err.website.merge_self"))
				continue
			case !kept && t.Gone():
				prob(row.Line, domain.Invalid("merge_into_id", "err.website.merge_gone", t.Host))
				continue
			}
			w.MergeInto = t.ID
		} else if old != nil && old.MergeInto != 0 && hiddenSite(old.MergeInto) {
			w.MergeInto = old.MergeInto
		}
		if c := w.SiteCode; c != "" {
			if first, dup := seenCode[c]; dup {
				prob(row.Line, domain.Invalid("site_code", "err.website.site_code_twice", c, first))
				continue
			}
			seenCode[c] = row.Line
			if other := byCode[c]; other != nil && other.ID != w.ID {
				// Whose it is stays unsaid: it may be another unit's.
				prob(row.Line, domain.Invalid("site_code", "err.website.site_code_taken", c))
				continue
			}
		}
		if err := w.Validate(); err != nil {
			prob(row.Line, domain.AsError(err))
			continue
		}
		if old != nil && old.Status == domain.WebMerged && w.MergeInto != old.MergeInto {
			prob(row.Line, domain.Invalid("merge_into_id", "err.website.merged_fixed"))
			continue
		}
		if w.MergeInto != 0 && w.ID != 0 {
			// The file's targets count, over the registry's (a cycle may close within the file).
			targets[w.ID] = w.MergeInto
			if domain.MergeCycle(w.ID, w.MergeInto, func(id int64) int64 { return targets[id] }) {
				prob(row.Line, domain.Invalid("merge_into_id", "err.website.merge_cycle", v["merge"].Text))
				continue
			}
		}
		if old != nil && sameWebsite(old, w) {
			line.Outcome = "unchanged"
		}
		siteCount(rep, line.Outcome)
		rep.Lines = append(rep.Lines, line)
		if line.Outcome != "unchanged" {
			changes = append(changes, change{w, old})
		}
	}
	WebsiteSheet.SortProblems(rep.Problems)
	if !apply || len(rep.Problems) > 0 || len(changes) == 0 {
		return rep, nil
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		// Merge targets again under the lock: someone may have merged meanwhile.
		if err := tx.LockMerges(ctx, store.LockWebsiteMerges); err != nil {
			return err
		}
		now, err := tx.WebsiteMergeTargets(ctx)
		if err != nil {
			return err
		}
		for _, c := range changes {
			if c.before != nil {
				now[c.w.ID] = c.w.MergeInto
			}
		}
		for _, c := range changes {
			if c.before != nil && c.w.MergeInto != 0 && domain.MergeCycle(c.w.ID, c.w.MergeInto, func(id int64) int64 { return now[id] }) {
				return domain.Invalid("merge_into_id", "err.website.merge_cycle", c.w.Host)
			}
		}
		for i, c := range changes {
			if progress != nil && i%500 == 0 {
				progress("write", i, len(changes))
			}
			if c.before == nil {
				if err := tx.InsertWebsite(ctx, c.w); err != nil {
					return err
				}
				if err := record(ctx, tx, a, event{action: "website.create", entityType: "website", entityID: id(c.w.ID), changes: audit.Diff(nil, c.w, nil)}); err != nil {
					return err
				}
				continue
			}
			if err := tx.UpdateWebsite(ctx, c.w); err != nil {
				return err
			}
			if err := record(ctx, tx, a, event{action: "website.update", entityType: "website", entityID: id(c.w.ID), changes: audit.Diff(c.before, c.w, nil)}); err != nil {
				return err
			}
		}
		return record(ctx, tx, a, event{action: "website.import", entityType: "website", changes: audit.Fields(
			"rows", nil, rep.Rows, "created", nil, rep.Create, "updated", nil, rep.Update, "unchanged", nil, rep.Unchanged)})
	})
	if err != nil {
		return nil, err
	}
	if progress != nil {
		progress("write", len(changes), len(changes))
	}
	rep.Applied = true
	return rep, nil
}

func sameWebsite(a, b *domain.Website) bool {
	return a.Host == b.Host && a.Name == b.Name && a.UnitID == b.UnitID && a.ICP == b.ICP && a.SiteCode == b.SiteCode &&
		a.Hosting == b.Hosting && a.SystemID == b.SystemID && a.MergeInto == b.MergeInto
}

// WebsitesTemplate writes the empty website workbook with its instructions sheet.
func (s *Service) WebsitesTemplate(w io.Writer) error { return sheet.WriteTemplate(w, WebsiteSheet) }

// ExportWebsites writes the websites matching f that the actor may see, as a workbook the
// import reads back. The export is audited.
func (s *Service) ExportWebsites(ctx context.Context, a domain.Actor, f store.WebsiteFilter, w io.Writer) (int, error) {
	var list []*domain.Website
	f.After, f.Limit, f.Sort = 0, 1000, store.SiteSortID
	for {
		p, err := s.Websites(ctx, a, f)
		if err != nil {
			return 0, err
		}
		list = append(list, p.Items...)
		if p.NextCursor == 0 {
			break
		}
		f.After = p.NextCursor
	}
	hostOf := map[int64]string{}
	for _, x := range list {
		hostOf[x.ID] = x.Host
	}
	codeOf := map[int64]string{}
	var rows []map[string]string
	for _, x := range list {
		// A target or system the actor may not see stays unnamed (the import keeps it).
		target := hostOf[x.MergeInto]
		if x.MergeInto != 0 && target == "" {
			if t, err := s.db.Read().Website(ctx, x.MergeInto); err == nil && authz.Can(a, authz.WebsiteRead, websiteRes(t)) == nil {
				target = t.Host
			}
		}
		sysCode := ""
		if x.SystemID != 0 {
			if c, ok := codeOf[x.SystemID]; ok {
				sysCode = c
			} else if sys, err := s.db.Read().System(ctx, x.SystemID); err == nil {
				if authz.Can(a, authz.SystemRead, authz.System(sys)) == nil {
					sysCode = sys.Code
				}
				codeOf[x.SystemID] = sysCode
			}
		}
		rows = append(rows, map[string]string{
			"host": x.Host, "name": x.Name, "unit": x.UnitName, "icp": x.ICP, "site_code": x.SiteCode,
			"hosting": i18n.T(i18n.ZH, "hosting."+string(x.Hosting)), "system": sysCode, "merge": target,
			"status": i18n.T(i18n.ZH, "wstatus."+string(x.Status)), "overdue": siteYesNo(x.Overdue),
			"registered_date": siteDate(x.RegisteredDate), "notice_date": siteDate(x.NoticeDate), "closed_date": siteDate(x.ClosedDate),
		})
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		return record(ctx, tx, a, event{action: "website.export", entityType: "website", changes: audit.Fields("rows", nil, len(rows))})
	})
	if err != nil {
		return 0, err
	}
	return len(rows), sheet.Export(w, WebsiteExportSheet, rows)
}

func siteYesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func siteDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// ApplyStagedWebsites applies a staged website workbook (see ApplyStagedSystems).
func (s *Service) ApplyStagedWebsites(ctx context.Context, a domain.Actor, stagedID string) (*ImportReport, string, error) {
	return s.siteApplyStaged(ctx, a, stagedID, "websites", s.ImportWebsites)
}

// ApplyStagedMedia applies a staged new-media workbook.
func (s *Service) ApplyStagedMedia(ctx context.Context, a domain.Actor, stagedID string) (*ImportReport, string, error) {
	return s.siteApplyStaged(ctx, a, stagedID, "new-media", s.ImportMedia)
}

func (s *Service) siteApplyStaged(ctx context.Context, a domain.Actor, stagedID, kind string,
	imp func(context.Context, domain.Actor, io.Reader, bool, func(string, int, int)) (*ImportReport, error)) (*ImportReport, string, error) {
	p, err := s.db.Read().PendingImport(ctx, stagedID, a.UserID, kind)
	if err != nil {
		return nil, "", err
	}
	rep, err := imp(ctx, a, bytes.NewReader(p.Content), true, nil)
	if err != nil {
		return nil, p.Filename, err
	}
	if rep.Applied || len(rep.Problems) == 0 {
		err = s.db.InTx(ctx, func(tx *store.Tx) error { return tx.DeletePendingImport(ctx, stagedID) })
	}
	return rep, p.Filename, err
}

var siteMediaColumns = map[string]string{"unit_id": "unit", "system_id": "system"}

// ImportMedia reads a new-media workbook and previews, or with apply writes, what it changes,
// matched by kind and account ID; all or nothing.
func (s *Service) ImportMedia(ctx context.Context, a domain.Actor, r io.Reader, apply bool, progress func(string, int, int)) (*ImportReport, error) {
	mine, unitNames, err := s.siteImportUnits(ctx, a, authz.KindMedia, authz.MediaCreate)
	if err != nil {
		return nil, err
	}
	book, err := s.openSheet(r)
	if err != nil {
		return nil, err
	}
	defer book.Close()
	rows, problems, err := book.Read(MediaSheet, unitResolver{mine})
	if err != nil {
		return nil, sheetFileError(err)
	}
	rep := &ImportReport{Rows: len(rows), Problems: problems}
	bad := map[int]bool{}
	for _, p := range problems {
		bad[p.Line] = true
	}
	prob := func(line int, e *domain.Error) {
		rep.Problems = append(rep.Problems, siteProblem(MediaSheet, siteMediaColumns, line, e.Field, e))
	}
	var keys []store.MediaKey
	var sysCodes []string
	for _, row := range rows {
		if !bad[row.Line] {
			keys = append(keys, store.MediaKey{Kind: siteKindByLabel[row.Values["kind"].Text], AccountID: row.Values["account_id"].Text})
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
	// A system an account already serves that the actor may not see: an export leaves its cell
	// empty, and an empty cell keeps it.
	hiddenSystem := func(id int64) bool {
		sys, err := s.db.Read().System(ctx, id)
		return err != nil || authz.Can(a, authz.SystemRead, authz.System(sys)) != nil
	}
	type change struct{ m, before *domain.MediaAccount }
	var changes []change
	for i, row := range rows {
		if progress != nil && i%500 == 0 {
			progress("check", i, len(rows))
		}
		if bad[row.Line] {
			continue
		}
		v := row.Values
		m := &domain.MediaAccount{Kind: siteKindByLabel[v["kind"].Text], Name: v["name"].Text, AccountID: v["account_id"].Text,
			UnitID: v["unit"].Int, Topic: v["topic"].Text, Status: domain.MediaUndecided}
		m.UnitName = unitNames[m.UnitID]
		m.Normalize()
		old := existing[store.MediaKey{Kind: m.Kind, AccountID: m.AccountID}]
		line := ImportLine{Line: row.Line, Code: v["kind"].Text + " " + m.AccountID, Name: m.Name, Outcome: "create"}
		if old != nil {
			if authz.Can(a, authz.MediaUpdate, mediaRes(old)) != nil {
				prob(row.Line, domain.Invalid("account_id", "err.media.account_taken", m.AccountID))
				continue
			}
			m.ID, m.Version, m.Decision, m.MergeInto, m.DecisionNote, m.Status, m.DoneDate =
				old.ID, old.Version, old.Decision, old.MergeInto, old.DecisionNote, old.Status, old.DoneDate
			line.Outcome = "update"
		}
		if c := strings.ToUpper(v["system"].Text); c != "" {
			sys := systems[c]
			// As in the form, a link the account already has, in the same unit, is not checked again.
			kept := sys != nil && old != nil && sys.ID == old.SystemID && m.UnitID == old.UnitID
			switch {
			case kept:
			case sys == nil || authz.Can(a, authz.SystemRead, authz.System(sys)) != nil:
				prob(row.Line, domain.Invalid("system_id", "err.website.system_code", c))
				continue
			case sys.UnitID != m.UnitID:
				prob(row.Line, domain.Invalid("system_id", "err.website.system_unit"))
				continue
			}
			m.SystemID = sys.ID
		} else if old != nil && old.SystemID != 0 && m.UnitID == old.UnitID && hiddenSystem(old.SystemID) {
			m.SystemID = old.SystemID
		}
		if err := m.Validate(); err != nil {
			prob(row.Line, domain.AsError(err))
			continue
		}
		if old != nil && m.Kind == old.Kind && m.Name == old.Name && m.AccountID == old.AccountID && m.UnitID == old.UnitID && m.Topic == old.Topic &&
			m.SystemID == old.SystemID {
			line.Outcome = "unchanged"
		}
		siteCount(rep, line.Outcome)
		rep.Lines = append(rep.Lines, line)
		if line.Outcome != "unchanged" {
			changes = append(changes, change{m, old})
		}
	}
	MediaSheet.SortProblems(rep.Problems)
	if !apply || len(rep.Problems) > 0 || len(changes) == 0 {
		return rep, nil
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		for i, c := range changes {
			if progress != nil && i%500 == 0 {
				progress("write", i, len(changes))
			}
			if c.before == nil {
				if err := tx.InsertMediaAccount(ctx, c.m); err != nil {
					return err
				}
				if err := record(ctx, tx, a, event{action: "media.create", entityType: "media", entityID: id(c.m.ID), changes: audit.Diff(nil, c.m, nil)}); err != nil {
					return err
				}
				continue
			}
			if err := tx.UpdateMediaAccount(ctx, c.m); err != nil {
				return err
			}
			if err := record(ctx, tx, a, event{action: "media.update", entityType: "media", entityID: id(c.m.ID), changes: audit.Diff(c.before, c.m, nil)}); err != nil {
				return err
			}
		}
		return record(ctx, tx, a, event{action: "media.import", entityType: "media", changes: audit.Fields(
			"rows", nil, rep.Rows, "created", nil, rep.Create, "updated", nil, rep.Update, "unchanged", nil, rep.Unchanged)})
	})
	if err != nil {
		return nil, err
	}
	if progress != nil {
		progress("write", len(changes), len(changes))
	}
	rep.Applied = true
	return rep, nil
}

// MediaTemplate writes the empty new-media workbook with its instructions sheet.
func (s *Service) MediaTemplate(w io.Writer) error { return sheet.WriteTemplate(w, MediaSheet) }

// ExportMedia writes the accounts matching f that the actor may see; audited.
func (s *Service) ExportMedia(ctx context.Context, a domain.Actor, f store.MediaFilter, w io.Writer) (int, error) {
	var list []*domain.MediaAccount
	f.After, f.Limit, f.Sort = 0, 1000, store.SiteSortID
	for {
		p, err := s.MediaAccounts(ctx, a, f)
		if err != nil {
			return 0, err
		}
		list = append(list, p.Items...)
		if p.NextCursor == 0 {
			break
		}
		f.After = p.NextCursor
	}
	nameOf := map[int64]string{}
	for _, x := range list {
		nameOf[x.ID] = x.Name
	}
	codeOf := map[int64]string{}
	var rows []map[string]string
	for _, x := range list {
		// A system the actor may not see stays unnamed (the import keeps it).
		sysCode := ""
		if x.SystemID != 0 {
			if c, ok := codeOf[x.SystemID]; ok {
				sysCode = c
			} else if sys, err := s.db.Read().System(ctx, x.SystemID); err == nil {
				if authz.Can(a, authz.SystemRead, authz.System(sys)) == nil {
					sysCode = sys.Code
				}
				codeOf[x.SystemID] = sysCode
			}
		}
		target := nameOf[x.MergeInto]
		if x.MergeInto != 0 && target == "" {
			if t, err := s.db.Read().MediaAccount(ctx, x.MergeInto); err == nil && authz.Can(a, authz.MediaRead, mediaRes(t)) == nil {
				target = t.Name
			}
		}
		decision := ""
		if x.Decision != "" {
			decision = i18n.T(i18n.ZH, "mdecision."+string(x.Decision))
		}
		rows = append(rows, map[string]string{
			"kind": i18n.T(i18n.ZH, "mkind."+string(x.Kind)), "name": x.Name, "account_id": x.AccountID, "unit": x.UnitName, "topic": x.Topic,
			"system": sysCode, "decision": decision, "merge_into": target, "status": i18n.T(i18n.ZH, "mstatus."+string(x.Status)), "done_date": siteDate(x.DoneDate),
		})
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		return record(ctx, tx, a, event{action: "media.export", entityType: "media", changes: audit.Fields("rows", nil, len(rows))})
	})
	if err != nil {
		return 0, err
	}
	return len(rows), sheet.Export(w, MediaExportSheet, rows)
}
