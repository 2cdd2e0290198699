// Package docs is the project's documentation. RULES.md, the governance rules with their
// clause IDs, is embedded: the web's rules page and its clause chips read their texts from it,
// so a clause ID in the UI resolves to the same text as in the documentation.
package docs

import _ "embed"

// Rules is docs/RULES.md.
//
//go:embed RULES.md
var Rules string
