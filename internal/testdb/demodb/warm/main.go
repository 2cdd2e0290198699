// Command warm builds the demo templates that the test packages share (package demodb) into
// the directory ARCHGOV_TEST_DEMO_CACHE names, before `go test` runs. .ci/run starts it
// without -race next to go vet: the demo loads several times faster than in a test process
// under -race, and the test processes then only copy the templates. A template a package
// needs that is not listed here is still built by the first test process to need it — slower,
// never wrong.
//
//	ARCHGOV_TEST_DEMO_CACHE=dir [ARCHGOV_TEST_POSTGRES=dsn] go run ./internal/testdb/demodb/warm
package main

import (
	"fmt"
	"os"
	"sync"
	"time"

	"archgov/internal/testdb"
	"archgov/internal/testdb/demodb"
)

// clocks are the times the test packages load the demo at.
var clocks = []struct {
	at    time.Time // zero: the real clock
	who   string
	pgToo bool
}{
	{time.Time{}, "internal/e2e, cmd/archgov", true},
	{time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), "internal/app, internal/demo, internal/testdb/demodb", true},
	{time.Date(2026, 11, 26, 2, 0, 0, 0, time.UTC), "internal/web (10:00 in Shanghai), internal/demo", true},
}

func main() {
	if os.Getenv(demodb.CacheEnv) == "" {
		fmt.Fprintln(os.Stderr, "warm: set", demodb.CacheEnv, "to the directory the test processes share")
		os.Exit(2)
	}
	backends := []string{"sqlite"}
	if os.Getenv("ARCHGOV_TEST_POSTGRES") != "" {
		backends = append(backends, "postgres")
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(clocks)*len(backends))
	start := time.Now()
	for _, c := range clocks {
		for _, b := range backends {
			wg.Go(func() {
				t := time.Now()
				if err := demodb.Prepare(b, c.at, testdb.KDF); err != nil {
					errs <- fmt.Errorf("%s at %v (%s): %w", b, c.at, c.who, err)
					return
				}
				fmt.Printf("demo template %s at %v (%s): %.1f s\n", b, c.at, c.who, time.Since(t).Seconds())
			})
		}
	}
	wg.Wait()
	close(errs)
	code := 0
	for err := range errs {
		fmt.Fprintln(os.Stderr, "warm:", err)
		code = 1
	}
	if err := demodb.Cleanup(); err != nil {
		fmt.Fprintln(os.Stderr, "warm:", err)
		code = 1
	}
	fmt.Printf("warm: %.1f s\n", time.Since(start).Seconds())
	os.Exit(code)
}
