package web_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/store"
)

// pageSize is the rows of a list page (web.listPageSize).
const pageSize = 50

// TestListPager: a list page shows its total (共 N 条, the count of the filtered list), page
// numbers and previous/next whose links keep the filters and order, and page 2 continues
// page 1; a page number that is no number is a 422 naming page.
func TestListPager(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.login("office")
		// The office sees every system, as the command line's actor does.
		n, err := s.svc.CountSystems(context.Background(), app.SystemActor(), store.SystemFilter{Status: "running"})
		if err != nil {
			t.Fatal(err)
		}
		if n <= pageSize {
			t.Fatalf("the demo has %d running systems; the test needs more than one page", n)
		}
		first := b.get("/systems?status=running&sort=code")
		body := first.text()
		if want := fmt.Sprintf("共%d条", n); !strings.Contains(body, want) {
			t.Fatalf("systems page lacks the total %q", want)
		}
		for _, want := range []string{
			`href="/systems?page=2&amp;sort=code&amp;status=running" rel="next"`,
			`<span class="button current" aria-current="page">1</span>`,
			`<span class="button disabled" aria-disabled="true">上一页</span>`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("page 1 lacks %s", want)
			}
		}
		second := b.get("/systems?page=2&sort=code&status=running").text()
		for _, want := range []string{`<span class="button current" aria-current="page">2</span>`, `href="/systems?sort=code&amp;status=running" rel="prev"`} {
			if !strings.Contains(second, want) {
				t.Errorf("page 2 lacks %s", want)
			}
		}
		codes := regexp.MustCompile(`<td class="mono"><a href="/systems/\d+">([^<]+)</a>`)
		c1, c2 := codes.FindAllStringSubmatch(body, -1), codes.FindAllStringSubmatch(second, -1)
		if len(c1) != pageSize || len(c2) == 0 || c2[0][1] <= c1[len(c1)-1][1] {
			t.Fatalf("page 2 does not continue page 1: %d rows, then %d", len(c1), len(c2))
		}
		if r := b.get("/systems?page=x"); r.status != 422 || !strings.Contains(r.text(), "页码：") {
			t.Errorf("page=x: %d, want 422 naming the field 页码", r.status)
		}
		// Past the end: an empty page that still shows the total and a way back.
		if last := b.get("/systems?status=running&page=99").text(); !strings.Contains(last, `rel="prev"`) || !strings.Contains(last, fmt.Sprintf("共%d条", n)) {
			t.Error("a page past the end has no way back or no total")
		}
	})
}

// TestListPagesShareThePager: every register list page ends with the one pager partial.
func TestListPagesShareThePager(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.login("office")
		for _, path := range []string{"/systems", "/machine-rooms", "/websites", "/new-media", "/catalog", "/cloud/requests",
			"/feedback", "/sharing", "/plans", "/task-books"} {
			body := b.get(path).text()
			if !strings.Contains(body, `<nav class="pager" aria-label="分页">`) || !regexp.MustCompile(`共\d+条`).MatchString(body) {
				t.Errorf("%s has no pager with the total", path)
			}
		}
		if body := s.login("sysadmin").get("/users").text(); !strings.Contains(body, `<nav class="pager"`) {
			t.Error("/users has no pager")
		}
	})
}

// TestRulesPageLists: the rules page lists every clause, each row the target of its chips.
func TestRulesPageLists(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		page := s.login("weijian").get("/rules")
		if page.status != 200 || !strings.Contains(page.text(), `<tr id="ENV-P1">`) || !strings.Contains(page.text(), "阶段跟踪用随机抽查") {
			t.Fatalf("rules page: %d", page.status)
		}
		sys := s.login("office").get("/systems").text()
		if !strings.Contains(sys, `href="/rules#ENV-P1" title="`) {
			t.Error("the systems page's ENV-P1 chip does not link to its rule")
		}
	})
}

// TestAuditLogPager: the audit log, read by key, has the same pager without a total: 下一页,
// and from the second page on 第一页 back to the start with the filters kept.
func TestAuditLogPager(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		b := s.login("auditadmin")
		first := b.get("/audit?entity_type=unit").text()
		next := regexp.MustCompile(`href="(/audit\?[^"]*)" rel="next"`).FindStringSubmatch(first)
		if next == nil || strings.Contains(first, "第一页") || strings.Contains(first, `class="total"`) {
			t.Fatal("the first page of the audit log lacks 下一页, or has 第一页 or a total")
		}
		second := b.get(strings.ReplaceAll(next[1], "&amp;", "&")).text()
		if !strings.Contains(second, `href="/audit?entity_type=unit">第一页</a>`) {
			t.Error("the second page of the audit log has no 第一页 keeping the filter")
		}
	})
}
