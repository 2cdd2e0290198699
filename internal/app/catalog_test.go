package app_test

// The catalog entry use cases (SHR-P3, SHR-R3, SHR-R4) on the demo district: the lifecycle
// matrix, the refusals, revisions, generated resource codes, visibility and the change feed.

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// newEntry is a valid pre-compiled entry of a unit, as a form would send it.
func newEntry(unitID int64, name string) *domain.CatalogEntry {
	return &domain.CatalogEntry{
		Class: "3", Item: "19", Catalog: "001", Name: name, ProviderUnitID: unitID, Summary: "测试用信息资源",
		Format: domain.FormatDatabase, ShareType: domain.ShareConditional, ShareCondition: "仅限卫生健康业务使用",
		ShareChannel: domain.ChannelPlatform, ShareForm: domain.FormAPI, UpdateCycle: domain.CycleMonthly,
		Items: []domain.DataItem{
			{Name: "机构代码", Column: "org_code", Type: domain.ItemChar, Length: 18, PrimaryKey: true},
			{Name: "机构名称", Column: "org_name", Type: domain.ItemChar, Length: 100},
		},
	}
}

func (e *env) addEntry(who string, c *domain.CatalogEntry) *domain.CatalogEntry {
	e.t.Helper()
	return added(e, who, c.Name, e.svc.CreateCatalogEntry, c)
}

func (e *env) storedEntry(id int64) *domain.CatalogEntry {
	e.t.Helper()
	return must(e, "catalog entry", store.Reader.CatalogEntry, id)
}

func (e *env) catStep(a domain.Actor, id int64, act domain.CatalogAction, note string) (*domain.CatalogEntry, error) {
	e.t.Helper()
	return e.svc.TransitionCatalogEntry(e.ctx, a, id, app.CatalogStep{Version: e.storedEntry(id).Version, Action: act, Note: note})
}

// entryIn creates an entry of the health commission and drives it to state st as the office.
func (e *env) entryIn(st domain.CatalogStatus, name string) *domain.CatalogEntry {
	e.t.Helper()
	c := e.addEntry("weijian", newEntry(e.unit(codeHealth).ID, name))
	path := map[domain.CatalogStatus][]domain.CatalogAction{
		domain.CatSubmitted:  {domain.CatSubmit},
		domain.CatRegistered: {domain.CatSubmit, domain.CatRegister},
		domain.CatPublished:  {domain.CatSubmit, domain.CatRegister, domain.CatPublish},
		domain.CatWithdrawn:  {domain.CatSubmit, domain.CatRegister, domain.CatPublish, domain.CatWithdraw},
	}[st]
	for _, act := range path {
		if _, err := e.catStep(app.SystemActor(), c.ID, act, "测试"); err != nil {
			e.t.Fatalf("%s: %v", act, err)
		}
	}
	return e.storedEntry(c.ID)
}

func TestCatalogLifecycleMatrix(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		const ok, conflict, forbidden, notFound = "ok", "409", "403", "404"
		// want[actor][state][action]: the outcome, or the state reached. Written out, not derived
		// from the domain's table.
		office := map[domain.CatalogStatus]map[domain.CatalogAction]string{
			domain.CatPrecompiled: {domain.CatSubmit: "submitted", domain.CatReturn: conflict, domain.CatRegister: conflict, domain.CatPublish: conflict, domain.CatWithdraw: conflict},
			domain.CatSubmitted:   {domain.CatSubmit: conflict, domain.CatReturn: "precompiled", domain.CatRegister: "registered", domain.CatPublish: conflict, domain.CatWithdraw: conflict},
			domain.CatRegistered:  {domain.CatSubmit: conflict, domain.CatReturn: "precompiled", domain.CatRegister: conflict, domain.CatPublish: "published", domain.CatWithdraw: conflict},
			domain.CatPublished:   {domain.CatSubmit: conflict, domain.CatReturn: conflict, domain.CatRegister: conflict, domain.CatPublish: conflict, domain.CatWithdraw: "withdrawn"},
			domain.CatWithdrawn:   {domain.CatSubmit: conflict, domain.CatReturn: conflict, domain.CatRegister: conflict, domain.CatPublish: conflict, domain.CatWithdraw: conflict},
		}
		unit := map[domain.CatalogStatus]map[domain.CatalogAction]string{
			domain.CatPrecompiled: {domain.CatSubmit: "submitted", domain.CatReturn: conflict, domain.CatRegister: conflict, domain.CatPublish: conflict, domain.CatWithdraw: conflict},
			domain.CatSubmitted:   {domain.CatSubmit: conflict, domain.CatReturn: forbidden, domain.CatRegister: forbidden, domain.CatPublish: conflict, domain.CatWithdraw: conflict},
			domain.CatRegistered:  {domain.CatSubmit: conflict, domain.CatReturn: forbidden, domain.CatRegister: conflict, domain.CatPublish: forbidden, domain.CatWithdraw: conflict},
			domain.CatPublished:   {domain.CatSubmit: conflict, domain.CatReturn: conflict, domain.CatRegister: conflict, domain.CatPublish: conflict, domain.CatWithdraw: forbidden},
			domain.CatWithdrawn:   {domain.CatSubmit: conflict, domain.CatReturn: conflict, domain.CatRegister: conflict, domain.CatPublish: conflict, domain.CatWithdraw: conflict},
		}
		other := map[domain.CatalogStatus]string{ // another unit's contact, whatever the action
			domain.CatPrecompiled: notFound, domain.CatSubmitted: notFound, domain.CatRegistered: notFound,
			domain.CatPublished: forbidden, domain.CatWithdrawn: notFound,
		}
		codes := map[domain.Code]string{domain.EConflict: conflict, domain.EForbidden: forbidden, domain.ENotFound: notFound}
		n := 0
		for _, who := range []string{"office", "weijian", "jiaoyu"} {
			for _, st := range domain.CatalogStatuses {
				for _, act := range domain.CatalogActions {
					n++
					c := e.entryIn(st, fmt.Sprintf("矩阵%d", n))
					before := e.head()
					_, err := e.catStep(e.actor(who), c.ID, act, "退回说明")
					got := ok
					if err != nil {
						got = codes[domain.ErrorCode(err)]
						if got == "" {
							t.Fatalf("%s %s from %s: unexpected %v", who, act, st, err)
						}
					}
					var want string
					switch who {
					case "office":
						want = office[st][act]
					case "weijian":
						want = unit[st][act]
					default:
						want = other[st]
					}
					if got == ok {
						got = string(e.storedEntry(c.ID).Status)
						e.wantAudit(before, "catalog."+string(act), who)
					} else {
						e.wantNoAudit(before)
					}
					if got != want {
						t.Errorf("%s %s from %s: %s, want %s", who, act, st, got, want)
					}
				}
			}
		}
	})
}

func TestCatalogRefusals(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth).ID
		before := e.head()

		c := newEntry(health, "无条件缺失")
		c.ShareCondition = ""
		wantCode(t, e.svc.CreateCatalogEntry(e.ctx, e.actor("weijian"), c), domain.EInvalid, "share_condition")
		c = newEntry(health, "不予共享无依据")
		c.ShareType, c.ShareChannel, c.ShareForm = domain.ShareNone, "", ""
		wantCode(t, e.svc.CreateCatalogEntry(e.ctx, e.actor("weijian"), c), domain.EInvalid, "share_basis")
		c = newEntry(health, "错误格式")
		c.Format = "pdf"
		wantCode(t, e.svc.CreateCatalogEntry(e.ctx, e.actor("weijian"), c), domain.EInvalid, "format")
		// A unit contact does not pre-compile for another unit (the collection: 403).
		wantCode(t, e.svc.CreateCatalogEntry(e.ctx, e.actor("jiaoyu"), newEntry(health, "别人的")), domain.EForbidden, "")
		e.wantNoAudit(before)

		draft := e.addEntry("weijian", newEntry(health, "卫生机构基本信息"))
		if draft.Code != "319001/000001" || draft.Revision != 0 || draft.Status != domain.CatPrecompiled {
			t.Fatalf("created: code %q revision %d status %s", draft.Code, draft.Revision, draft.Status)
		}
		before = e.head()
		name := "改名"
		// Another unit's draft does not exist for them.
		_, err := e.svc.UpdateCatalogEntry(e.ctx, e.actor("jiaoyu"), draft.ID, app.CatalogEdit{Version: draft.Version, Name: &name})
		wantCode(t, err, domain.ENotFound, "")
		_, err = e.svc.CatalogEntry(e.ctx, e.actor("jiaoyu"), draft.ID)
		wantCode(t, err, domain.ENotFound, "")
		// Stale version.
		_, err = e.svc.UpdateCatalogEntry(e.ctx, e.actor("weijian"), draft.ID, app.CatalogEdit{Version: draft.Version - 1, Name: &name})
		wantCode(t, err, domain.EConflict, "")
		// Conditions emptied on an edit.
		empty := ""
		_, err = e.svc.UpdateCatalogEntry(e.ctx, e.actor("weijian"), draft.ID, app.CatalogEdit{Version: draft.Version, ShareCondition: &empty})
		wantCode(t, err, domain.EInvalid, "share_condition")
		// The classification is in the resource code.
		item := "20"
		_, err = e.svc.UpdateCatalogEntry(e.ctx, e.actor("weijian"), draft.ID, app.CatalogEdit{Version: draft.Version, Item: &item})
		wantCode(t, err, domain.EInvalid, "class")
		// A system of another unit the editor cannot see.
		other, err := e.svc.Systems(e.ctx, app.SystemActor(), store.SystemFilter{UnitID: e.unit(codeEdu).ID, Limit: 1})
		if err != nil || len(other.Items) == 0 {
			t.Fatalf("an education system: %v", err)
		}
		ids := []int64{other.Items[0].ID}
		_, err = e.svc.UpdateCatalogEntry(e.ctx, e.actor("weijian"), draft.ID, app.CatalogEdit{Version: draft.Version, SystemIDs: &ids})
		wantCode(t, err, domain.EInvalid, "system_ids")
		// Pre-compiled without data items (SHR-R3 asks for name, provider, summary, sharing, cycle):
		// kept, but not submitted until it has them.
		bare := newEntry(health, "没有信息项")
		bare.Items = nil
		e.addEntry("weijian", bare)
		before = e.head()
		_, err = e.catStep(e.actor("weijian"), bare.ID, domain.CatSubmit, "")
		wantCode(t, err, domain.EInvalid, "items")
		e.wantNoAudit(before)
		// A return needs its note.
		if _, err := e.catStep(e.actor("weijian"), draft.ID, domain.CatSubmit, ""); err != nil {
			t.Fatal(err)
		}
		before = e.head()
		_, err = e.catStep(e.actor("office"), draft.ID, domain.CatReturn, " ")
		wantCode(t, err, domain.EInvalid, "note")
		// Under review, an entry does not change.
		_, err = e.svc.UpdateCatalogEntry(e.ctx, e.actor("weijian"), draft.ID, app.CatalogEdit{Version: e.storedEntry(draft.ID).Version, Name: &name})
		wantMessage(t, err, domain.EConflict, "err.catalog.not_editable")
		e.wantNoAudit(before)
		if got := e.storedEntry(draft.ID); got.Name != "卫生机构基本信息" || got.Status != domain.CatSubmitted {
			t.Fatalf("refusals changed the entry: %+v", got)
		}
		// The returned entry carries the office's note and can be edited and submitted again.
		if _, err := e.catStep(e.actor("office"), draft.ID, domain.CatReturn, "共享条件不明确"); err != nil {
			t.Fatal(err)
		}
		if got := e.storedEntry(draft.ID); got.Status != domain.CatPrecompiled || got.ReturnNote != "共享条件不明确" {
			t.Fatalf("returned: %s %q", got.Status, got.ReturnNote)
		}
	})
}

func TestCatalogRevisions(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		c := e.entryIn(domain.CatPublished, "卫生监督信息")
		if c.Revision != 1 || c.PublishDate.IsZero() {
			t.Fatalf("published: revision %d date %v", c.Revision, c.PublishDate)
		}
		// The provider unit revises its published entry: revision 2, a change in the feed.
		summary := "卫生监督执法检查结果"
		items := append(slices.Clone(c.Items), domain.DataItem{Name: "检查日期", Column: "check_date", Type: domain.ItemDate})
		before := e.head()
		got, err := e.svc.UpdateCatalogEntry(e.ctx, e.actor("weijian"), c.ID, app.CatalogEdit{Version: c.Version, Summary: &summary, Items: &items})
		if err != nil {
			t.Fatal(err)
		}
		r := e.wantAudit(before, "catalog.update", "weijian")
		if got.Revision != 2 || got.Status != domain.CatPublished || len(e.storedEntry(c.ID).Items) != 3 || !strings.Contains(r.Changes, "check_date") {
			t.Fatalf("revised: revision %d status %s items %d, audit %s", got.Revision, got.Status, len(e.storedEntry(c.ID).Items), r.Changes)
		}
		// The same again changes nothing: no revision, no audit record.
		before = e.head()
		if got, err = e.svc.UpdateCatalogEntry(e.ctx, e.actor("weijian"), c.ID, app.CatalogEdit{Version: got.Version, Summary: &summary}); err != nil || got.Revision != 2 {
			t.Fatalf("no-op edit: %v revision %d", err, got.Revision)
		}
		e.wantNoAudit(before)
		// Another unit sees the published entry but does not edit it.
		if _, err := e.svc.CatalogEntry(e.ctx, e.actor("jiaoyu"), c.ID); err != nil {
			t.Fatalf("published entry hidden from another unit: %v", err)
		}
		_, err = e.svc.UpdateCatalogEntry(e.ctx, e.actor("jiaoyu"), c.ID, app.CatalogEdit{Version: got.Version, Summary: &summary})
		wantCode(t, err, domain.EForbidden, "")
		var kinds []string
		for since := int64(0); ; {
			ch, err := e.svc.CatalogChanges(e.ctx, e.actor("jiaoyu"), since, 200)
			if err != nil {
				t.Fatal(err)
			}
			if len(ch) == 0 {
				break
			}
			for _, x := range ch {
				if x.EntryID == c.ID {
					kinds = append(kinds, fmt.Sprintf("%s:%d", x.Kind, x.Revision))
				}
			}
			since = ch[len(ch)-1].ID
		}
		if strings.Join(kinds, ",") != "publish:1,revise:2" {
			t.Fatalf("feed of the entry: %v", kinds)
		}
	})
}

func TestCatalogCodesUniqueConcurrently(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		unit := bootstrapUnit(t, e)
		const n = 24
		var wg sync.WaitGroup
		codes := make([]string, n)
		errs := make([]error, n)
		for i := range n {
			wg.Go(func() {
				c := newEntry(unit, fmt.Sprintf("并发%02d", i))
				errs[i] = e.svc.CreateCatalogEntry(e.ctx, app.SystemActor(), c)
				codes[i] = c.Code
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		slices.Sort(codes)
		for i, c := range codes {
			if want := fmt.Sprintf("319001/%06d", i+1); c != want {
				t.Fatalf("codes %v: #%d is %s, want %s", codes, i, c, want)
			}
		}
		// Another classification has its own sequence.
		c := newEntry(unit, "人口")
		c.Class, c.Item, c.Catalog = "1", "01", ""
		if err := e.svc.CreateCatalogEntry(e.ctx, app.SystemActor(), c); err != nil || c.Code != "101/000001" {
			t.Fatalf("other classification: %v %q", err, c.Code)
		}
	})
}

// bootstrapUnit creates the district unit of an empty database.
func bootstrapUnit(t *testing.T, e *env) int64 {
	t.Helper()
	u := domain.Unit{Code: "320507", Name: "吴中区", Kind: domain.KindDistrict}
	if err := e.svc.CreateUnit(e.ctx, app.SystemActor(), &u); err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestCatalogVisibilityAndFacets(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth).ID
		pub := e.entryIn(domain.CatPublished, "可见性已发布")
		draft := e.entryIn(domain.CatPrecompiled, "可见性预编")
		gone := e.entryIn(domain.CatWithdrawn, "可见性已撤销")
		seen := func(who string, f store.CatalogFilter) map[int64]bool {
			out := map[int64]bool{}
			f.Limit = 7
			for pages := 0; ; pages++ {
				p, err := e.svc.Catalog(e.ctx, e.actor(who), f)
				if err != nil || pages > 500 {
					t.Fatalf("%s lists: %v", who, err)
				}
				for _, c := range p.Items {
					if out[c.ID] {
						t.Fatalf("%s: entry %d on two pages", who, c.ID)
					}
					out[c.ID] = true
					if c.Status != domain.CatPublished && c.ProviderUnitID != health && who == "weijian" {
						t.Fatalf("weijian sees another unit's %s entry %d", c.Status, c.ID)
					}
				}
				if p.NextCursor == 0 {
					return out
				}
				f.After = p.NextCursor
			}
		}
		f := store.CatalogFilter{UnitID: health, Query: "可见性"}
		for who, want := range map[string][]bool{"office": {true, true, true}, "weijian": {true, true, true}, "jiaoyu": {true, false, false}} {
			got := seen(who, f)
			if got[pub.ID] != want[0] || got[draft.ID] != want[1] || got[gone.ID] != want[2] {
				t.Errorf("%s sees published %v draft %v withdrawn %v, want %v", who, got[pub.ID], got[draft.ID], got[gone.ID], want)
			}
		}
		// Facets count what the list shows, each without its own dimension.
		for _, who := range []string{"office", "jiaoyu", "weijian"} {
			all := seen(who, store.CatalogFilter{})
			fc, err := e.svc.CatalogFacets(e.ctx, e.actor(who), store.CatalogFilter{Status: domain.CatPublished})
			if err != nil {
				t.Fatal(err)
			}
			sum := 0
			for _, n := range fc.Status {
				sum += n
			}
			if sum != len(all) {
				t.Errorf("%s: status facets sum to %d, the list holds %d", who, sum, len(all))
			}
			pubs := seen(who, store.CatalogFilter{Status: domain.CatPublished})
			shares := 0
			for _, st := range domain.ShareTypes {
				n := len(seen(who, store.CatalogFilter{Status: domain.CatPublished, ShareType: st}))
				if fc.ShareType[string(st)] != n {
					t.Errorf("%s: facet %s = %d, list %d", who, st, fc.ShareType[string(st)], n)
				}
				shares += n
			}
			if shares != len(pubs) || fc.Status[string(domain.CatPublished)] != len(pubs) {
				t.Errorf("%s: share facets %d, published %d / %d", who, shares, fc.Status["published"], len(pubs))
			}
		}
	})
}

// TestCatalogChangeFeed publishes, revises and withdraws concurrently and walks the feed in
// small pages while that happens: every change comes exactly once, in id order.
func TestCatalogChangeFeed(t *testing.T) {
	t.Parallel()
	each(t, func(t *testing.T, e *env) {
		unit := bootstrapUnit(t, e)
		const n = 16
		ids := make([]int64, n)
		for i := range n {
			c := newEntry(unit, fmt.Sprintf("变更%02d", i))
			if err := e.svc.CreateCatalogEntry(e.ctx, app.SystemActor(), c); err != nil {
				t.Fatal(err)
			}
			for _, act := range []domain.CatalogAction{domain.CatSubmit, domain.CatRegister} {
				if _, err := e.catStep(app.SystemActor(), c.ID, act, ""); err != nil {
					t.Fatal(err)
				}
			}
			ids[i] = c.ID
		}
		sys := app.SystemActor()
		var wg sync.WaitGroup
		var seen []*domain.CatalogChange
		done := make(chan struct{})
		var since int64
		walk := func() {
			for {
				ch, err := e.svc.CatalogChanges(e.ctx, sys, since, 3)
				if err != nil {
					t.Error(err)
					return
				}
				if len(ch) == 0 {
					return
				}
				seen = append(seen, ch...)
				since = ch[len(ch)-1].ID
			}
		}
		stop := make(chan struct{})
		go func() { // a client following the feed while the office publishes
			defer close(done)
			for {
				walk()
				select {
				case <-stop:
					return
				case <-time.After(time.Millisecond):
				}
			}
		}()
		for i := range n {
			wg.Go(func() {
				c, err := e.svc.TransitionCatalogEntry(e.ctx, sys, ids[i], app.CatalogStep{Version: e.storedEntry(ids[i]).Version, Action: domain.CatPublish})
				if err != nil {
					t.Error(err)
					return
				}
				summary := "修订后的摘要"
				if c, err = e.svc.UpdateCatalogEntry(e.ctx, sys, c.ID, app.CatalogEdit{Version: c.Version, Summary: &summary}); err != nil {
					t.Error(err)
					return
				}
				if i%4 == 0 {
					if _, err := e.svc.TransitionCatalogEntry(e.ctx, sys, c.ID, app.CatalogStep{Version: c.Version, Action: domain.CatWithdraw, Note: "停止提供"}); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		close(stop)
		<-done
		walk()
		want := n*2 + n/4
		if len(seen) != want {
			t.Fatalf("the feed holds %d changes, want %d", len(seen), want)
		}
		per := map[int64][]string{}
		for i, ch := range seen {
			if i > 0 && ch.ID != seen[i-1].ID+1 {
				t.Fatalf("change ids not consecutive: %d after %d", ch.ID, seen[i-1].ID)
			}
			per[ch.EntryID] = append(per[ch.EntryID], fmt.Sprintf("%s:%d", ch.Kind, ch.Revision))
			if ch.Entry == nil || ch.Entry.Code != ch.Code || ch.Entry.Revision != ch.Revision {
				t.Fatalf("change %d does not carry its entry: %+v", ch.ID, ch.Entry)
			}
		}
		for i, id := range ids {
			w := "publish:1,revise:2"
			if i%4 == 0 {
				w += ",withdraw:2"
			}
			if got := strings.Join(per[id], ","); got != w {
				t.Errorf("entry %d: %s, want %s", id, got, w)
			}
		}
	})
}

// Every order of the list walks each visible entry once and in order, with self-contained
// cursors (the sort key and id of the last row).
func TestCatalogSortedPages(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		a := e.actor("jiaoyu")
		all, err := e.svc.Catalog(e.ctx, a, store.CatalogFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range store.CatalogSorts {
			f := store.CatalogFilter{Sort: o, Limit: 13}
			var got []*domain.CatalogEntry
			for pages := 0; ; pages++ {
				p, err := e.svc.Catalog(e.ctx, a, f)
				if err != nil || pages > 200 {
					t.Fatalf("%s: %v", o, err)
				}
				got = append(got, p.Items...)
				if p.NextCursor == 0 {
					break
				}
				f.After, f.AfterKey = p.NextCursor, store.CatalogSortKey(o, p.Items[len(p.Items)-1])
			}
			if len(got) != len(all.Items) {
				t.Fatalf("%s: %d entries over the pages, %d in the list", o, len(got), len(all.Items))
			}
			seen := map[int64]bool{}
			for i, c := range got {
				if seen[c.ID] {
					t.Fatalf("%s: entry %d twice", o, c.ID)
				}
				seen[c.ID] = true
				if i == 0 {
					continue
				}
				prev := got[i-1]
				ok := true
				switch o {
				case store.SortName:
					ok = prev.Name < c.Name || prev.Name == c.Name && prev.ID < c.ID
				case store.SortUpdated:
					ok = prev.UpdatedAt.After(c.UpdatedAt) || prev.UpdatedAt.Equal(c.UpdatedAt) && prev.ID > c.ID
				default:
					ok = prev.ID < c.ID
				}
				if !ok {
					t.Fatalf("%s: %s (%d) before %s (%d)", o, prev.Name, prev.ID, c.Name, c.ID)
				}
			}
		}
	})
}
