package web_test

// Sorted registry lists over HTTP: every order of /api/v1/systems and /api/v1/machine-rooms
// walks each record the reader may see exactly once, in order; the cursors are self-contained
// and belong to their order; the pages offer the order and keep it across pages.

import (
	"encoding/base64"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

type sortedPage[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// walkSorted reads path (which has its query) page by page as actor, following next_cursor.
func walkSorted[T any](t *testing.T, s *site, path, actor string, max int) []T {
	t.Helper()
	var out []T
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > max+1 {
			t.Fatalf("%s: pagination does not end", path)
		}
		var p sortedPage[T]
		u := path
		if cursor != "" {
			u += "&cursor=" + url.QueryEscape(cursor)
		}
		s.apiJSON("GET", u, actor, "", &p)
		out = append(out, p.Items...)
		if p.NextCursor == "" {
			return out
		}
		cursor = p.NextCursor
	}
}

// sortCase is one order of a list: the sort parameter, and whether its keys compare as
// numbers and run backwards.
type sortCase struct {
	sort      string
	num, desc bool
}

// checkOrders walks list in each order at each page size, as weijian (who must see only the
// records of unit: mine) and as the office (all), and compares with the order sortedIDs makes
// of the records' keys; the default order and "id" are by id.
func checkOrders[T any](t *testing.T, s *site, list string, limits []int, key func(store.ListSort, *T) string, id, unitOf func(T) int64,
	unit int64, mine, all []T, orders ...sortCase) {
	t.Helper()
	for _, tc := range orders {
		o := store.ListSort(tc.sort)
		k := func(x T) string { return key(o, &x) }
		if o == "" || o == "id" {
			k = func(x T) string { return strconv.FormatInt(id(x), 10) }
		}
		for _, who := range []struct {
			actor string
			recs  []T
		}{{"weijian", mine}, {"office", all}} {
			want := testdb.SortedIDs(who.recs, k, id, tc.num, tc.desc)
			for _, limit := range limits {
				var ids []int64
				for _, x := range walkSorted[T](t, s, list+"?sort="+tc.sort+"&limit="+itoa(limit), who.actor, len(who.recs)) {
					if who.actor == "weijian" && unitOf(x) != unit {
						t.Fatalf("sort %q: weijian sees record %d of another unit", tc.sort, id(x))
					}
					ids = append(ids, id(x))
				}
				if !slices.Equal(ids, want) {
					t.Fatalf("sort %q limit %d as %s:\n got %v\nwant %v", tc.sort, limit, who.actor, ids, want)
				}
			}
		}
	}
}

// checkSortRefusals checks that each path is refused as weijian, naming field: an order the
// list does not know is a filter value (422 invalid); a cursor it did not issue is paging
// (400 bad_request).
func checkSortRefusals(t *testing.T, s *site, cases []struct{ path, field string }) {
	t.Helper()
	for _, c := range cases {
		want, wantCode := 400, "bad_request"
		if c.field == "sort" {
			want, wantCode = 422, "invalid"
		}
		r := s.api("GET", c.path, "weijian", "")
		mustStatus(t, c.path, r, want)
		if code, _, field := r.apiError(t); code != wantCode || field != c.field {
			t.Fatalf("%s: %s field %q, want %s field %q", c.path, code, field, wantCode, c.field)
		}
	}
}

func TestSortedSystemsAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		weijian := s.unit("320507119")
		// Every system weijian may see, in registration order, and all of them as the office sees them.
		mine := walkSorted[domain.System](t, s, "/api/v1/systems?limit=200", "weijian", 10)
		all := walkSorted[domain.System](t, s, "/api/v1/systems?limit=200", "office", 100)
		if len(mine) < 4 || len(all) <= len(mine) {
			t.Fatalf("demo: weijian sees %d systems of %d", len(mine), len(all))
		}
		checkOrders(t, s, "/api/v1/systems", []int{1, 3, 200}, store.SystemSortKey,
			func(x domain.System) int64 { return x.ID }, func(x domain.System) int64 { return x.UnitID }, weijian.ID, mine, all,
			sortCase{"", true, false}, sortCase{"id", true, false}, sortCase{"name", false, false}, sortCase{"code", false, false},
			sortCase{"go_live", false, true}, sortCase{"updated", true, true})
		// Filters hold with the order.
		got := walkSorted[domain.System](t, s, "/api/v1/systems?sort=name&limit=2&status=running", "weijian", len(mine))
		for _, x := range got {
			if x.Status != domain.StatusRunning {
				t.Fatalf("status filter lost with sort: %s %s", x.Code, x.Status)
			}
		}

		// A cursor belongs to its order; a bad order or cursor is a 400 naming its field.
		var first sortedPage[domain.System]
		s.apiJSON("GET", "/api/v1/systems?sort=name&limit=2", "weijian", "", &first)
		var byID sortedPage[domain.System]
		s.apiJSON("GET", "/api/v1/systems?limit=2", "weijian", "", &byID)
		if first.NextCursor == "" || byID.NextCursor == "" {
			t.Fatal("no second page")
		}
		raw, err := base64.RawURLEncoding.DecodeString(first.NextCursor)
		if err != nil || !strings.HasPrefix(string(raw), "name|") {
			t.Fatalf("name cursor %q decodes to %q (%v)", first.NextCursor, raw, err)
		}
		// Another unit's system as the cursor's position: the answer is still only weijian's.
		var other domain.System
		for _, x := range all {
			if x.UnitID != weijian.ID {
				other = x
				break
			}
		}
		forged := base64.RawURLEncoding.EncodeToString([]byte("name|" + itoa(int(other.ID)) + "|" + other.Name))
		for _, x := range walkSorted[domain.System](t, s, "/api/v1/systems?sort=name&limit=2&cursor="+forged, "weijian", len(mine)) {
			if x.UnitID != weijian.ID || x.Name < other.Name {
				t.Fatalf("after a forged cursor %q: %s of unit %d", other.Name, x.Name, x.UnitID)
			}
		}
		checkSortRefusals(t, s, []struct{ path, field string }{
			{"/api/v1/systems?sort=host", "sort"},
			{"/api/v1/systems?sort=NAME", "sort"},
			{"/api/v1/systems?sort=code&cursor=" + url.QueryEscape(first.NextCursor), "cursor"},
			{"/api/v1/systems?sort=updated&cursor=" + url.QueryEscape(first.NextCursor), "cursor"},
			{"/api/v1/systems?cursor=" + url.QueryEscape(first.NextCursor), "cursor"},
			{"/api/v1/systems?sort=id&cursor=" + url.QueryEscape(first.NextCursor), "cursor"},
			{"/api/v1/systems?sort=name&cursor=" + url.QueryEscape(byID.NextCursor), "cursor"},
			{"/api/v1/systems?sort=name&cursor=%21%21", "cursor"},
			{"/api/v1/systems?sort=name&cursor=" + base64.RawURLEncoding.EncodeToString([]byte("name|x|a")), "cursor"},
			{"/api/v1/systems?sort=updated&cursor=" + base64.RawURLEncoding.EncodeToString([]byte("updated|5|yesterday")), "cursor"},
			{"/api/v1/systems?sort=go_live&cursor=" + base64.RawURLEncoding.EncodeToString([]byte("go_live|5|2019-13-01")), "cursor"},
			{"/api/v1/systems/export?sort=host", "sort"},
		})
		// The export ignores the order (registration order, every filtered row).
		mustStatus(t, "export with sort", s.api("GET", "/api/v1/systems/export?sort=name&status=running", "weijian", ""), 200)
	})
}

func TestSortedRoomsAPIAndPages(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		// A few more rooms, so that the pages have something to order.
		unit := s.unit("320507119")
		for i, name := range []string{"beta机房", "Alpha机房", "alpha机房", "10号机房", "9号机房"} {
			m := &domain.MachineRoom{UnitID: unit.ID, Name: name, Kind: domain.RoomAccess, ExemptionBasis: "苏政办〔2019〕" + itoa(i) + "号", Status: domain.RoomInUse}
			if err := s.svc.CreateMachineRoom(s.ctx, app.SystemActor(), m); err != nil {
				t.Fatal(err)
			}
		}
		mine := walkSorted[domain.MachineRoom](t, s, "/api/v1/machine-rooms?limit=200", "weijian", 10)
		all := walkSorted[domain.MachineRoom](t, s, "/api/v1/machine-rooms?limit=200", "office", 100)
		if len(mine) < 6 || len(all) <= len(mine) {
			t.Fatalf("weijian sees %d rooms of %d", len(mine), len(all))
		}
		checkOrders(t, s, "/api/v1/machine-rooms", []int{1, 4}, store.RoomSortKey,
			func(x domain.MachineRoom) int64 { return x.ID }, func(x domain.MachineRoom) int64 { return x.UnitID }, unit.ID, mine, all,
			sortCase{"", true, false}, sortCase{"name", false, false}, sortCase{"updated", true, true})
		var first sortedPage[domain.MachineRoom]
		s.apiJSON("GET", "/api/v1/machine-rooms?sort=name&limit=2", "weijian", "", &first)
		checkSortRefusals(t, s, []struct{ path, field string }{
			{"/api/v1/machine-rooms?sort=code", "sort"},
			{"/api/v1/machine-rooms?sort=go_live", "sort"},
			{"/api/v1/machine-rooms?sort=updated&cursor=" + url.QueryEscape(first.NextCursor), "cursor"},
			{"/api/v1/machine-rooms?cursor=" + url.QueryEscape(first.NextCursor), "cursor"},
		})

		// The page: the select offers the orders with the current one chosen, the next page
		// keeps the order, and the export link drops it.
		b := s.login("weijian")
		page := b.get("/machine-rooms?sort=name")
		mustStatus(t, "rooms by name", page, 200)
		mustContain(t, "rooms page", page, `<select name="sort"`, `<option value="name" selected>按名称</option>`, `<option value="updated">`, `export.xlsx?`)
		mustNotContain(t, "rooms page (the export link keeps no order)", page, `export.xlsx?sort=`)
		// A bad sort on the page is a 422, as every unknown filter value.
		mustStatus(t, "bad sort", b.get("/machine-rooms?sort=bogus"), 422)
	})
}

func TestSortedSystemsPage(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.login("office")
		first := b.get("/systems?sort=code&status=running")
		mustStatus(t, "systems by code", first, 200)
		mustContain(t, "systems page", first, `<option value="code" selected>按系统编码</option>`, `<option value="go_live">`, `href="/systems?sort=name&amp;status=running"`)
		body := first.text()
		i := strings.Index(body, `" rel="next">`)
		if i < 0 {
			t.Fatal("no next page link")
		}
		next := body[strings.LastIndex(body[:i], `href="`)+len(`href="`) : i]
		next = strings.ReplaceAll(next, "&amp;", "&")
		u, err := url.Parse(next)
		if err != nil || u.Path != "/systems" || u.Query().Get("sort") != "code" || u.Query().Get("status") != "running" || u.Query().Get("page") != "2" {
			t.Fatalf("next page link %q", next)
		}
		second := b.get(next)
		mustStatus(t, "second page", second, 200)
		codes := func(html string) []string {
			var out []string
			for _, part := range strings.Split(html, `<td class="mono"><a href="/systems/`)[1:] {
				part = part[strings.Index(part, ">")+1:]
				out = append(out, part[:strings.Index(part, "<")])
			}
			return out
		}
		c1, c2 := codes(body), codes(second.text())
		if len(c1) == 0 || len(c2) == 0 || !slices.IsSorted(c1) || !slices.IsSorted(c2) || c2[0] <= c1[len(c1)-1] {
			t.Fatalf("pages by code out of order: %v | %v", c1, c2)
		}
	})
}
