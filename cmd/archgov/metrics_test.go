package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Hardening (issue 13) low 5: serve answers 404 on the main listener's /metrics and serves the
// metrics on --metrics-addr, to scrapes that send ARCHGOV_METRICS_TOKEN.
func TestServeMetricsListener(t *testing.T) {
	t.Setenv("ARCHGOV_METRICS_TOKEN", "scrape-secret")
	c := newCLI(t)
	var out lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", c.db, "--key", key, "--addr", "127.0.0.1:0", "--metrics-addr", "127.0.0.1:0"},
			strings.NewReader(""), &out, io.Discard)
	}()
	deadline := time.After(30 * time.Second)
	for !strings.Contains(out.String(), "serving") {
		select {
		case code := <-done:
			t.Fatalf("serve ended with %d: %s", code, out.String())
		case <-deadline:
			t.Fatalf("serve did not start: %s", out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
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
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve after shutdown: exit %d", code)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not shut down")
	}
}
