package main

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// Hardening (issue 13) low 5: serve answers 404 on the main listener's /metrics and serves the
// metrics on --metrics-addr, to scrapes that send ARCHGOV_METRICS_TOKEN.
func TestServeMetricsListener(t *testing.T) {
	t.Setenv("ARCHGOV_METRICS_TOKEN", "scrape-secret")
	c := newCLI(t)
	out, stop := c.serve(t, "--metrics-addr", "127.0.0.1:0")
	defer stop()
	mainURL := regexp.MustCompile(`serving (http://\S+)`).FindStringSubmatch(out.String())
	metrics := regexp.MustCompile(`metrics on (http://\S+)`).FindStringSubmatch(out.String())
	if mainURL == nil || metrics == nil {
		t.Fatalf("addresses not printed:\n%s", out.String())
	}
	get := func(url, token string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get(mainURL[1]+"/metrics", ""); code != http.StatusNotFound || strings.Contains(body, "archgov_") {
		t.Errorf("main listener /metrics: %d", code)
	}
	if code, _ := get(metrics[1], ""); code != http.StatusUnauthorized {
		t.Errorf("metrics without the token: %d, want 401", code)
	}
	if code, body := get(metrics[1], "scrape-secret"); code != http.StatusOK || !strings.Contains(body, "archgov_http_requests_total") {
		t.Errorf("metrics with the token: %d\n%.200s", code, body)
	}
}
