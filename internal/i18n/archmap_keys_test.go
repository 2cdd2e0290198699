package i18n

// The architecture map's message keys (messages/*/archmap.txt, issue 12), for
// TestEveryUsedKeyExists: the layers, node kinds and edge kinds are named at run time.
func init() {
	keyPrefixes = append(keyPrefixes, "archmap")
	dynamic["archmap.layer."] = []string{"portal", "application", "platform", "infrastructure"}
	dynamic["archmap.kind."] = []string{"system", "unit", "exchange", "library", "cloud", "room"}
	dynamic["archmap.edge."] = []string{"hosted", "exchange", "docked", "planned", "not_docked"}
	dynamic["archmap.link."] = []string{"hosted", "exchange", "docked", "planned", "not_docked"}
	dynamic["archmap.node."] = []string{"exchange", "cloud"}
}
