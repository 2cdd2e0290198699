package web_test

// Hardening (issue 13) low 5: /metrics needed no login and the shipped nginx.conf forwarded
// it. The metrics are now served only by MetricsHandler, on a listener of their own
// (archgov serve --metrics-addr), optionally behind a bearer token (ARCHGOV_METRICS_TOKEN).

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// sendRaw sends req to a listener that is not the API (the metrics listener), so the answer is
// not held against the OpenAPI document.
func sendRaw(t *testing.T, req *http.Request) reply {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: b}
}

func mustRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestMetricsOnTheirOwnListener(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		// The main listener: 404 for anyone, logged in or not, with or without a token.
		if r := s.browser().get("/metrics"); r.status != http.StatusNotFound || strings.Contains(r.text(), "archgov_http") {
			t.Errorf("main listener /metrics without login: %d\n%.200s", r.status, r.body)
		}
		if r := s.login("sysadmin").get("/metrics"); r.status != http.StatusNotFound || strings.Contains(r.text(), "archgov_http") {
			t.Errorf("main listener /metrics as sysadmin: %d", r.status)
		}
		if r := s.api(http.MethodGet, "/metrics", "", "", "Authorization", "Bearer metrics-secret"); r.status != http.StatusNotFound {
			t.Errorf("main listener /metrics with the metrics token: %d", r.status)
		}

		// The metrics listener with a token.
		ms := httptest.NewServer(s.srv.MetricsHandler("metrics-secret"))
		defer ms.Close()
		for _, auth := range []string{"", "Bearer wrong", "metrics-secret", "Basic bWV0cmljcy1zZWNyZXQ="} {
			req := mustRequest(t, http.MethodGet, ms.URL+"/metrics")
			if auth != "" {
				req.Header.Set("Authorization", auth)
			}
			if r := sendRaw(t, req); r.status != http.StatusUnauthorized || strings.Contains(r.text(), "archgov_http") {
				t.Errorf("metrics with Authorization %q: %d, want 401", auth, r.status)
			}
		}
		req := mustRequest(t, http.MethodGet, ms.URL+"/metrics")
		req.Header.Set("Authorization", "Bearer metrics-secret")
		r := sendRaw(t, req)
		if r.status != http.StatusOK || !strings.Contains(r.text(), `archgov_http_requests_total{code="404",route="GET /metrics"}`) {
			t.Errorf("metrics with the token: %d\n%.300s", r.status, r.body)
		}
		// Nothing else is served there.
		if r := sendRaw(t, mustRequest(t, http.MethodGet, ms.URL+"/healthz")); r.status != http.StatusNotFound {
			t.Errorf("metrics listener /healthz: %d", r.status)
		}
	})
}

// TestNginxDoesNotForwardMetrics keeps the shipped proxy configuration from exposing the
// metrics listener: it forwards only to the main listener, whose /metrics is a 404.
func TestNginxDoesNotForwardMetrics(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../deploy/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(strings.TrimSuffix(strings.TrimSpace(line), ";"))
		if len(f) == 2 && f[0] == "proxy_pass" {
			n++
			if f[1] != "http://127.0.0.1:8080" {
				t.Errorf("deploy/nginx.conf forwards to %s, want only the main listener", f[1])
			}
		}
		if len(f) > 0 && !strings.HasPrefix(f[0], "#") && strings.Contains(line, "metrics") {
			t.Errorf("deploy/nginx.conf names the metrics: %s", line)
		}
	}
	if n == 0 {
		t.Error("deploy/nginx.conf forwards nothing")
	}
}
