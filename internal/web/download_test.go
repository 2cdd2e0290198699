package web_test

// Hardening (issue 13) low 4: no download of records may be kept by a cache — every export,
// template, the audit export, the DCAT export and attachments say Cache-Control: no-store.

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
	"archgov/internal/testdb"
)

// downloadRoute picks the download routes out of the route table.
var downloadRoute = regexp.MustCompile(`^GET (.*(export|template|dcat|anchor).*|/attachments/\{id\}|/api/v1/attachments/\{id\}/content)$`)

func TestDownloadsAreNotStored(t *testing.T) {
	testdb.WithoutRace(t)
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		// A demo attachment: the cleanup filing of a system whose filing was submitted.
		p, err := s.svc.Systems(s.ctx, app.SystemActor(), store.SystemFilter{Status: domain.StatusCleanupFiled, Limit: 1})
		if err != nil || len(p.Items) == 0 {
			t.Fatalf("no filed system: %v", err)
		}
		atts, err := s.svc.DB().Read().Attachments(s.ctx, "system", p.Items[0].ID)
		if err != nil || len(atts) == 0 {
			t.Fatalf("no demo attachment: %v", err)
		}
		attID := strconv.FormatInt(atts[0].ID, 10)

		actors := []string{"leader", "office", "auditadmin", "sysadmin"}
		browsers := map[string]*browser{}
		n := 0
		for _, rt := range s.srv.Routes() {
			if !downloadRoute.MatchString(rt) {
				continue
			}
			n++
			path := strings.ReplaceAll(strings.TrimPrefix(rt, "GET "), "{id}", attID)
			var got *reply
			for _, a := range actors {
				var r reply
				if strings.HasPrefix(path, "/api/") {
					r = s.api(http.MethodGet, path, a, "")
				} else {
					if browsers[a] == nil {
						browsers[a] = s.login(a)
					}
					r = browsers[a].get(path)
				}
				if r.status == http.StatusOK {
					got = &r
					break
				}
			}
			if got == nil {
				t.Errorf("%s: no demo role got 200", rt)
				continue
			}
			if got.header.Get("Content-Disposition") == "" {
				t.Errorf("%s: no Content-Disposition", rt)
			}
			if cc := got.header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("%s: Cache-Control %q, want no-store", rt, cc)
			}
		}
		if n < 25 {
			t.Errorf("only %d download routes in the route table", n)
		}
	})
}
