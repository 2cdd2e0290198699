// Command loadgen measures archgov's latency under concurrent load: C clients issue GET
// requests with a bearer token for a fixed duration, optionally while other clients log in
// continuously (password KDF) through the web form, and it prints the latency percentiles.
// It only ever targets the URL it is given; use it against a server on this machine.
//
//	go run ./tools/loadgen -url http://127.0.0.1:8080/api/v1/me -token agv_... -c 50 -d 10s
//	go run ./tools/loadgen ... -rate 5000          # constant offered load instead of saturation
//	go run ./tools/loadgen ... -logins 2 -login-user office -login-password '...'
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	target := flag.String("url", "http://127.0.0.1:8080/api/v1/me", "URL to GET (comma-separated for several, used round-robin)")
	token := flag.String("token", "", "bearer token")
	cookie := flag.String("cookie", "", "session cookie value (archgov_session), to load pages instead of the API")
	clients := flag.Int("c", 50, "concurrent clients")
	dur := flag.Duration("d", 10*time.Second, "duration")
	rate := flag.Int("rate", 0, "total requests per second, spread over the clients (0: as fast as they can). Latency is then measured from each request's scheduled time, so a server that falls behind is charged for the wait")
	logins := flag.Int("logins", 0, "clients logging in continuously meanwhile")
	loginUser := flag.String("login-user", "", "username for the login clients")
	loginPass := flag.String("login-password", "", "password for the login clients")
	flag.Parse()
	if !strings.HasPrefix(*target, "http://127.") && !strings.HasPrefix(*target, "http://localhost") && !strings.HasPrefix(*target, "http://[::1]") {
		fmt.Fprintln(os.Stderr, "loadgen: only loopback targets")
		os.Exit(2)
	}
	urls := strings.Split(*target, ",")
	tr := &http.Transport{MaxIdleConns: *clients * 2, MaxIdleConnsPerHost: *clients * 2}
	hc := &http.Client{Transport: tr, Timeout: 10 * time.Second}

	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	var errs, non2xx atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < *clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			var mine []time.Duration
			var interval time.Duration
			next := time.Now()
			if *rate > 0 {
				interval = time.Duration(float64(time.Second) * float64(*clients) / float64(*rate))
				next = next.Add(time.Duration(i) * interval / time.Duration(*clients)) // stagger the clients
			}
			for n := i; ctx.Err() == nil; n++ {
				start := time.Now()
				if interval > 0 {
					if d := time.Until(next); d > 0 {
						select {
						case <-time.After(d):
						case <-ctx.Done():
							continue
						}
					}
					start = next
					next = next.Add(interval)
				}
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, urls[n%len(urls)], nil)
				if *token != "" {
					req.Header.Set("Authorization", "Bearer "+*token)
				}
				if *cookie != "" {
					req.Header.Set("Cookie", "archgov_session="+*cookie)
				}
				resp, err := hc.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						errs.Add(1)
					}
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode/100 != 2 {
					non2xx.Add(1)
				}
				mine = append(mine, time.Since(start))
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}(i)
	}
	var loginCount, loginFail atomic.Int64
	var loginLat []time.Duration
	for i := 0; i < *logins; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			base := urls[0][:strings.Index(urls[0][len("http://"):], "/")+len("http://")]
			for ctx.Err() == nil {
				start := time.Now()
				if err := login(ctx, base, *loginUser, *loginPass); err != nil {
					if ctx.Err() == nil {
						loginFail.Add(1)
					}
					continue
				}
				loginCount.Add(1)
				mu.Lock()
				loginLat = append(loginLat, time.Since(start))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	slices.Sort(lat)
	slices.Sort(loginLat)
	mode := "closed loop"
	if *rate > 0 {
		mode = fmt.Sprintf("offered %d req/s", *rate)
	}
	fmt.Printf("requests %d in %s at %d clients (%s): %.0f req/s, errors %d, non-2xx %d\n", len(lat), *dur, *clients, mode,
		float64(len(lat))/dur.Seconds(), errs.Load(), non2xx.Load())
	fmt.Printf("latency p50 %s  p95 %s  p99 %s  max %s\n", pct(lat, 50), pct(lat, 95), pct(lat, 99), pct(lat, 100))
	if *logins > 0 {
		fmt.Printf("logins meanwhile: %d ok, %d failed; login p50 %s p95 %s\n", loginCount.Load(), loginFail.Load(), pct(loginLat, 50), pct(loginLat, 95))
	}
	if errs.Load() > 0 || non2xx.Load() > 0 {
		os.Exit(1)
	}
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	i := (len(d)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	return d[i-1].Round(10 * time.Microsecond)
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// login runs the web login form once (GET for the CSRF cookie, POST the password).
func login(ctx context.Context, base, user, pass string) error {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/login", nil)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := csrfRe.FindSubmatch(b)
	if m == nil {
		return fmt.Errorf("no csrf field")
	}
	form := url.Values{"username": {user}, "password": {pass}, "csrf": {string(m[1])}}
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = c.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("login: status %d", resp.StatusCode)
	}
	return nil
}
