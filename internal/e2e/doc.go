// Package e2e drives archgov end to end through a real browser: the real server (in-process, on
// a real SQLite file, with the demo district) and Chromium controlled over the DevTools protocol
// by chromedp. The tests skip where /usr/bin/chromium is missing, except under CI, where a
// missing browser fails the run instead of hiding it.
//
// Accessibility is checked in the browser too: checkAxe (lists_test.go) runs the vendored
// axe-core (testdata/axe.min.js) for WCAG 2.1 A and AA, and TestBrowserAccessibility calls it on
// every sidebar page, the rules page, a detail page per list and the new-record forms, as three
// roles at 1440 px, and on the office's sidebar pages at 390 px.
package e2e
