// Package docs holds the checks of the repository's documentation: every relative link in
// README.md and docs/**/*.md reaches an existing file and heading, and every clause ID the code
// and the templates cite (ENV-P1, SHR-R6 …) has its anchor in docs/RULES.md. It has no code of
// its own; the checks are its tests.
package docs
