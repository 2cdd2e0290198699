package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestRedirectFlash: the flash of a post/redirect/get goes into the query, before a fragment,
// so that the page redirected to shows it (/projects/7#review after assigning reviewers).
func TestRedirectFlash(t *testing.T) {
	for _, c := range []struct{ to, want string }{
		{"/projects/7", "/projects/7?flash=flash.saved"},
		{"/draws?subject_id=7", "/draws?subject_id=7&flash=flash.saved"},
		{"/projects/7#review", "/projects/7?flash=flash.saved#review"},
		{"/systems/3?tab=x#plans", "/systems/3?tab=x&flash=flash.saved#plans"},
	} {
		w := httptest.NewRecorder()
		redirect(w, httptest.NewRequest(http.MethodPost, c.to, nil), c.to, "flash.saved")
		if got := w.Header().Get("Location"); w.Code != http.StatusSeeOther || got != c.want {
			t.Errorf("redirect to %s: %d %s; want 303 %s", c.to, w.Code, got, c.want)
		}
	}
}
