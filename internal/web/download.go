package web

import (
	"net/http"
)

// noStoreDownloads marks every download (a response with Content-Disposition: spreadsheets,
// templates, the audit export, the DCAT export, attachments, audit anchors) Cache-Control:
// no-store, so that neither a shared proxy nor the browser's disk cache keeps a copy of the
// records after the session ends. It is done here, once, rather than by each handler, so a new
// download cannot forget it. JSON answers already say no-store (writeJSON); pages may be cached
// only privately by the browser as before.
func noStoreDownloads(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(&downloadWriter{ResponseWriter: w}, r)
	})
}

type downloadWriter struct {
	http.ResponseWriter
	decided bool
}

func (w *downloadWriter) decide() {
	if w.decided {
		return
	}
	w.decided = true
	if h := w.Header(); h.Get("Content-Disposition") != "" {
		h.Set("Cache-Control", "no-store")
	}
}

func (w *downloadWriter) WriteHeader(code int) {
	w.decide()
	w.ResponseWriter.WriteHeader(code)
}

func (w *downloadWriter) Write(b []byte) (int, error) {
	w.decide()
	return w.ResponseWriter.Write(b)
}

func (w *downloadWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
