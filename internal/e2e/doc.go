// Package e2e drives archgov end to end through a real browser: the real server (in-process, on
// a real SQLite file, with the demo district) and Chromium controlled over the DevTools protocol
// by chromedp. The tests skip where /usr/bin/chromium is missing, except under CI, where a
// missing browser fails the run instead of hiding it.
package e2e
