package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/gm"
	"archgov/internal/testdb"
	"archgov/internal/web"
)

// server starts the real handler on a demo database and returns its URL and an API token of
// the info office's demo user.

func setup(b *testing.B, backend string) (string, string) {
	b.Helper()
	var svc *app.Service
	for _, be := range testdb.Backends(b) {
		if be.Name == backend {
			svc = app.New(be.Open(b, time.Now), app.Options{KDF: gm.KDFParams{Iterations: 1000, SaltLen: 16, KeyLen: 32}})
		}
	}
	if svc == nil {
		b.Skipf("%s not available", backend)
	}
	ctx := context.Background()
	if err := demo.Load(ctx, svc); err != nil {
		b.Fatal(err)
	}
	tok, _, err := svc.CreateToken(ctx, app.SystemActor(), "office", "bench", time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(svc, web.Config{Logger: discardLogger()})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(ts.Close)
	return ts.URL, tok
}

func get(b *testing.B, c *http.Client, url, tok string) {
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := c.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: status %d", url, resp.StatusCode)
	}
}

func benchGet(b *testing.B, backend, path string) {
	base, tok := setup(b, backend)
	c := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.SetParallelism(25) // × GOMAXPROCS(2) = 50 concurrent clients
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			get(b, c, base+path, tok)
		}
	})
}

func BenchmarkAPIMe(b *testing.B)    { benchGet(b, "sqlite", "/api/v1/me") }
func BenchmarkAPIUnits(b *testing.B) { benchGet(b, "sqlite", "/api/v1/units?limit=50") }
func BenchmarkAPIMePostgres(b *testing.B) {
	benchGet(b, "postgres", "/api/v1/me")
}
