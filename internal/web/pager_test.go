package web

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// TestNewPager: the numbers shown are the first, the last and two either side of the current
// page, with a gap for what is left out; the links keep the filters and drop a key cursor.
func TestNewPager(t *testing.T) {
	for _, c := range []struct {
		total, page int
		want        string // the numbers, "…" for a gap, [n] the current one
		prev, next  string
	}{
		{0, 1, "", "", ""},
		{50, 1, "", "", ""},
		{51, 1, "[1] 2", "", "page=2&q=x"},
		{51, 2, "1 [2]", "q=x", ""},
		{500, 1, "[1] 2 3 … 10", "", "page=2&q=x"},
		{500, 6, "1 … 4 5 [6] 7 8 9 10", "page=5&q=x", "page=7&q=x"},
		{500, 10, "1 … 8 9 [10]", "page=9&q=x", ""},
		{500, 4, "1 2 3 [4] 5 6 … 10", "page=3&q=x", "page=5&q=x"},
		{500, 12, "1 … 10", "page=10&q=x", ""}, // past the end: back to the last page
	} {
		r := httptest.NewRequest("GET", "/systems?q=x&cursor=abc&page=9", nil)
		p := newPager(r, c.total, c.page)
		var got []string
		for _, l := range p.Links {
			switch {
			case l.Gap:
				got = append(got, "…")
			case l.Current:
				got = append(got, "["+itoa(int64(l.N))+"]")
			default:
				got = append(got, itoa(int64(l.N)))
			}
		}
		if g := strings.Join(got, " "); g != c.want || string(p.Prev) != c.prev || string(p.Next) != c.next {
			t.Errorf("%d rows, page %d: %q prev %q next %q; want %q prev %q next %q", c.total, c.page, g, p.Prev, p.Next, c.want, c.prev, c.next)
		}
	}
}
