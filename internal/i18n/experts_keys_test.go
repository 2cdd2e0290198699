package i18n

// The expert pool's and the draws' message keys (messages/*/experts.txt), for
// TestEveryUsedKeyExists.
func init() {
	keyPrefixes = append(keyPrefixes, "experts", "expertfield", "draws", "drawfield")
	dynamic["specialty."] = []string{"security", "data_governance", "cloud", "software", "project_management", "budget", "egov", "infrastructure"}
	dynamic["drawpurpose."] = []string{"project_review"}
	dynamic["drawsubject."] = []string{"project"}
	dynamic["drawcheck."] = []string{"algorithm", "seed", "commitment", "candidates", "order", "count", "result", "exclusion", "names"}
	dynamic["entity."] = append(dynamic["entity."], "expert", "draw")
	notKeyNames = append(notKeyNames, "experts.phone") // the sealed column's additional data (store)
}
