package web_test

import (
	"net/http"
	"regexp"
	"sync"
	"testing"

	"archgov/internal/testdb"
)

// Many pages of one user at once before any count is remembered: every page shows the same
// badge as the home page counts afterwards (one count runs, the others wait for it).
func TestTodoBadgeUnderConcurrentPages(t *testing.T) {
	t.Parallel()
	s := newSite(t, testdb.Backends(t)[0])
	b := s.login("office")
	badge := regexp.MustCompile(`class="todo-count"[^>]*>[^<]*<b[^>]*>(\d+)</b>`)
	var wg sync.WaitGroup
	got := make([]string, 20)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("GET", s.ts.URL+"/machine-rooms", nil)
			r := b.do(req)
			if m := badge.FindStringSubmatch(r.text()); m != nil {
				got[i] = m[1]
			}
		}()
	}
	wg.Wait()
	home := b.get("/")
	want := badge.FindStringSubmatch(home.text())
	if want == nil || want[1] == "0" {
		t.Fatalf("home page badge not found or zero:\n%s", home.body)
	}
	for i, g := range got {
		if g != want[1] {
			t.Errorf("page %d badge %q, home says %q", i, g, want[1])
		}
	}
}
