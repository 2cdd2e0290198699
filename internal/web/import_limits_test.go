package web_test

import (
	"bytes"
	"crypto/rand"
	"net/http"
	"strings"
	"testing"

	"archgov/internal/sheet/bomb"
	"archgov/internal/testdb"
)

// Issue 13: a workbook over the import limits is answered 422 naming the limit, in the
// user's language, on the API and on the import page; so is an upload over the file limit.
func TestImportLimitsAnswered(t *testing.T) {
	testdb.WithoutRace(t)
	t.Parallel()
	s := newSite(t, testdb.Backends(t)[0])
	var rows bytes.Buffer
	if err := bomb.Rows(&rows, 50000); err != nil { // with the header, one row over the default
		t.Fatal(err)
	}
	post := func(path, lang string, body []byte) reply {
		return s.uploadBook(path, "jiaoyu", body, "Accept-Language", lang)
	}
	for _, path := range []string{"/api/v1/systems/import", "/api/v1/machine-rooms/import", "/api/v1/websites/import", "/api/v1/new-media/import", "/api/v1/catalog/import"} {
		r := post(path, "zh-CN", rows.Bytes())
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "一个工作表不能超过 50000 行") {
			t.Errorf("%s: %d %s, want 422 naming the row limit", path, r.status, r.text())
		}
	}
	r := post("/api/v1/systems/import", "en", rows.Bytes())
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "a sheet may have at most 50000 rows") {
		t.Errorf("in English: %d %s", r.status, r.text())
	}
	big := make([]byte, 21<<20)
	rand.Read(big)
	r = post("/api/v1/systems/import", "zh-CN", big)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "不能超过 20 MB") {
		t.Errorf("21 MB upload: %d %s, want 422 naming the file limit", r.status, r.text())
	}
	b := s.login("jiaoyu")
	r = b.uploadBook("/systems/import", rows.Bytes())
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "一个工作表不能超过 50000 行") {
		t.Errorf("import page: %d, want 422 naming the row limit", r.status)
	}
	// A page upload over the file limit is refused before the form is read: it names the
	// limit too, instead of a bare 413.
	r = b.uploadBook("/systems/import", big)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "不能超过 20 MB") {
		t.Errorf("import page, 21 MB upload: %d, want 422 naming the file limit\n%.300s", r.status, r.text())
	}
}
