package i18n

// The rule management pages' message keys built at run time (messages/*/rulesui.txt), for
// TestEveryUsedKeyExists: the gates, enforcements and severities of internal/rules, the clause
// families of docs/RULES.md, the kinds of change between two versions.
func init() {
	keyPrefixes = append(keyPrefixes, "rulesfield", "rulegate", "ruleenf", "rulefamily")
	dynamic["rulegate."] = []string{"submit", "approve", "stage", "accept"}
	dynamic["ruleenf."] = []string{"deny", "warn", "audit"}
	dynamic["severity."] = []string{"error", "warning", "info"}
	dynamic["rulefamily."] = []string{"ENV", "BLD", "SHR", "PTL", "FLOW", "ORG"}
	dynamic["rules.change_"] = []string{"added", "removed", "changed"}
	dynamic["rulesfield."] = []string{"id", "title", "clauses", "kind", "severity", "enforce", "message", "violated_when", "tests"}
	dynamic["entity."] = append(dynamic["entity."], "ruleset")
}
