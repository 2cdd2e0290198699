// Package bench holds archgov's end-to-end benchmarks: the real HTTP handler over a real
// database filled with the demo district, measured with testing.B. The numbers and the commands
// that produce them are in docs/PERFORMANCE.md.
package bench
