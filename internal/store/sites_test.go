package store_test

// Websites (PTL-R3) and new-media accounts (PTL-R4) on every backend.

import (
	"context"
	"slices"
	"testing"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

func TestWebsitesStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		d, health, edu := district(t, db)

		add := func(name, host string, unit int64, code string, st domain.WebStatus) *domain.Website {
			t.Helper()
			w := &domain.Website{Name: name, Host: host, UnitID: unit, SiteCode: code, Hosting: domain.HostingCloud, Status: st}
			inTx(t, db, func(tx *store.Tx) error { return tx.InsertWebsite(ctx, w) })
			return w
		}
		portal := add("相城区人民政府门户网站", "www.szxc.gov.cn", d.ID, "3205070001", domain.WebRegistered)
		jyj := add("相城区教育局网站", "jyj.szxc.gov.cn", edu.ID, "", domain.WebUnregistered)
		zs := add("相城区招生考试网", "zsks.jyj.szxc.gov.cn", edu.ID, "", domain.WebSubmitted)
		wjw := add("卫健委网站", "wjw.szxc.gov.cn", health.ID, "3205070025", domain.WebClosed)

		// Read back with every field.
		jyj.ICP, jyj.MergeInto, jyj.NoticeText = "苏ICP备05012305号-1", portal.ID, "请关停"
		jyj.NoticeDate, jyj.ClosedDate, jyj.RegisteredDate = date(2026, 3, 2), date(2026, 4, 1), date(2019, 1, 2)
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateWebsite(ctx, jyj) })
		got, err := db.Read().Website(ctx, jyj.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.UnitName != "区教育局" || got.MergeInto != portal.ID || got.ICP != jyj.ICP || got.NoticeText != "请关停" ||
			!got.NoticeDate.Equal(date(2026, 3, 2)) || !got.ClosedDate.Equal(date(2026, 4, 1)) || !got.RegisteredDate.Equal(date(2019, 1, 2)) || got.Version != 2 {
			t.Errorf("read back %+v", got)
		}
		// A stale version is a conflict; unique host and 标识码 name their field; empty codes may repeat.
		stale := *got
		stale.Version = 1
		err = db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateWebsite(ctx, &stale) })
		if domain.ErrorCode(err) != domain.EConflict {
			t.Errorf("stale update: %v", err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertWebsite(ctx, &domain.Website{Name: "x", Host: "jyj.szxc.gov.cn", UnitID: edu.ID, Hosting: domain.HostingCloud, Status: domain.WebUnregistered})
		})
		if e := domain.AsError(err); e.Field != "host" {
			t.Errorf("duplicate host: %v", err)
		}
		err = db.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertWebsite(ctx, &domain.Website{Name: "x", Host: "x.szxc.gov.cn", UnitID: edu.ID, SiteCode: "3205070001", Hosting: domain.HostingCloud, Status: domain.WebUnregistered})
		})
		if e := domain.AsError(err); e.Field != "site_code" {
			t.Errorf("duplicate site code: %v", err)
		}

		// Scope, filters, search (case-insensitive on both backends), siteKeyset by id and by name.
		all := authz.Scope{All: true}
		list := func(scope authz.Scope, f store.WebsiteFilter) []int64 {
			t.Helper()
			return listIDs(t, db.Read().Websites, scope, f)
		}
		if got := list(authz.Scope{UnitIDs: []int64{edu.ID}}, store.WebsiteFilter{}); !slices.Equal(got, []int64{jyj.ID, zs.ID}) {
			t.Errorf("edu scope: %v", got)
		}
		if got := list(authz.Scope{}, store.WebsiteFilter{}); len(got) != 0 {
			t.Errorf("empty scope: %v", got)
		}
		if got := list(all, store.WebsiteFilter{Query: "JYJ.SZXC"}); !slices.Equal(got, []int64{jyj.ID, zs.ID}) {
			t.Errorf("search: %v", got)
		}
		if got := list(all, store.WebsiteFilter{Query: "招生"}); !slices.Equal(got, []int64{zs.ID}) {
			t.Errorf("name search: %v", got)
		}
		if got := list(all, store.WebsiteFilter{Query: "%"}); len(got) != 0 {
			t.Errorf("%% is literal: %v", got)
		}
		addFinding(t, db, domain.SubjectWebsite, jyj.ID, edu.ID, domain.RuleWebsiteOverdue, domain.FindingOpen)
		addFinding(t, db, domain.SubjectWebsite, zs.ID, edu.ID, domain.RuleWebsiteOverdue, domain.FindingOpen)
		if got := list(all, store.WebsiteFilter{Overdue: true}); !slices.Equal(got, []int64{jyj.ID, zs.ID}) {
			t.Errorf("overdue (their PTL-R3 findings): %v", got)
		}
		if got := list(all, store.WebsiteFilter{Status: domain.WebClosed, UnitID: health.ID}); !slices.Equal(got, []int64{wjw.ID}) {
			t.Errorf("status+unit: %v", got)
		}
		if got := list(all, store.WebsiteFilter{After: jyj.ID, Limit: 1}); !slices.Equal(got, []int64{zs.ID}) {
			t.Errorf("siteKeyset by id: %v", got)
		}
		byName := list(all, store.WebsiteFilter{Sort: store.SiteSortName})
		if len(byName) != 4 {
			t.Fatalf("by name: %v", byName)
		}
		var paged []int64
		for after := int64(0); ; {
			page := list(all, store.WebsiteFilter{Sort: store.SiteSortName, After: after, Limit: 1})
			if len(page) == 0 {
				break
			}
			paged = append(paged, page...)
			after = page[0]
		}
		if !slices.Equal(paged, byName) {
			t.Errorf("name pages %v, name order %v", paged, byName)
		}
		if n, err := db.Read().CountWebsites(ctx, authz.Scope{UnitIDs: []int64{edu.ID}}, store.WebsiteFilter{Overdue: true}); err != nil || n != 2 {
			t.Errorf("count: %d %v", n, err)
		}
		targets, err := db.Read().WebsiteMergeTargets(ctx)
		if err != nil || len(targets) != 1 || targets[jyj.ID] != portal.ID {
			t.Errorf("merge targets: %v %v", targets, err)
		}
		byHost, err := db.Read().WebsitesByHosts(ctx, []string{"jyj.szxc.gov.cn", "nowhere.cn"})
		if err != nil || len(byHost) != 1 || byHost["jyj.szxc.gov.cn"].ID != jyj.ID {
			t.Errorf("by host: %v %v", byHost, err)
		}
	})
}

func TestMediaStore(t *testing.T) {
	conform(t, func(t *testing.T, db *store.DB, _ *testdb.Clock) {
		ctx := context.Background()
		_, _, edu := district(t, db)
		add := func(k domain.MediaKind, name, id, topic string) *domain.MediaAccount {
			t.Helper()
			m := &domain.MediaAccount{Kind: k, Name: name, AccountID: id, UnitID: edu.ID, Topic: topic, Status: domain.MediaUndecided}
			inTx(t, db, func(tx *store.Tx) error { return tx.InsertMediaAccount(ctx, m) })
			return m
		}
		main := add(domain.MediaWechatService, "相城教育", "gh_000000000001", "教育")
		dy := add(domain.MediaDouyin, "相城教育", "gh_000000000001", "教育") // same ID, another kind
		sub := add(domain.MediaWechatSubscription, "相城招考", "gh_000000000002", "招生考试")
		err := db.InTx(ctx, func(tx *store.Tx) error {
			return tx.InsertMediaAccount(ctx, &domain.MediaAccount{Kind: domain.MediaDouyin, Name: "x", AccountID: "gh_000000000001", UnitID: edu.ID, Status: domain.MediaUndecided})
		})
		if e := domain.AsError(err); e.Field != "account_id" {
			t.Errorf("duplicate kind+id: %v", err)
		}
		sub.Decision, sub.MergeInto, sub.Status, sub.DecisionNote, sub.DoneDate = domain.DecideMerge, main.ID, domain.MediaDone, "整合", date(2026, 3, 2)
		inTx(t, db, func(tx *store.Tx) error { return tx.UpdateMediaAccount(ctx, sub) })
		got, err := db.Read().MediaAccount(ctx, sub.ID)
		if err != nil || got.Decision != domain.DecideMerge || got.MergeInto != main.ID || got.Status != domain.MediaDone || !got.DoneDate.Equal(date(2026, 3, 2)) || got.UnitName != "区教育局" {
			t.Errorf("read back %+v %v", got, err)
		}
		stale := *got
		stale.Version--
		if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.UpdateMediaAccount(ctx, &stale) }); domain.ErrorCode(err) != domain.EConflict {
			t.Errorf("stale: %v", err)
		}
		ms, err := db.Read().MediaAccounts(ctx, authz.Scope{All: true}, store.MediaFilter{Query: "招生"})
		if err != nil || len(ms) != 1 || ms[0].ID != sub.ID {
			t.Errorf("topic search: %v %v", ms, err)
		}
		ms, _ = db.Read().MediaAccounts(ctx, authz.Scope{All: true}, store.MediaFilter{Kind: domain.MediaDouyin})
		if len(ms) != 1 || ms[0].ID != dy.ID {
			t.Errorf("kind filter: %v", ms)
		}
		ms, _ = db.Read().MediaAccounts(ctx, authz.Scope{All: true}, store.MediaFilter{Decision: domain.DecideMerge, Status: domain.MediaDone})
		if len(ms) != 1 {
			t.Errorf("decision filter: %v", ms)
		}
		keys, err := db.Read().MediaAccountsByKeys(ctx, []store.MediaKey{{Kind: domain.MediaDouyin, AccountID: "gh_000000000001"}, {Kind: domain.MediaApp, AccountID: "gh_000000000001"}})
		if err != nil || len(keys) != 1 {
			t.Errorf("by keys: %v %v", keys, err)
		}
		if ts, err := db.Read().MediaMergeTargets(ctx); err != nil || ts[sub.ID] != main.ID || len(ts) != 1 {
			t.Errorf("merge targets: %v %v", ts, err)
		}
	})
}
