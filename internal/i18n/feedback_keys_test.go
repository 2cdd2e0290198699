package i18n

// The data-correction feedback's message keys (messages/*/feedback.txt) for TestEveryUsedKeyExists.
func init() {
	keyPrefixes = append(keyPrefixes, "feedback", "fbstatus", "fbkind", "fbaction")
	dynamic["fbstatus."] = []string{"submitted", "acknowledged", "fixed", "disputed", "confirmed"}
	dynamic["fbkind."] = []string{"missing", "inconsistent", "outdated", "other"}
	dynamic["fbaction."] = []string{"acknowledge", "fix", "dispute", "confirm", "reopen"}
	dynamic["feedback."] = []string{"fix_label", "dispute_label", "reopen_label"}
	dynamic["action.feedback."] = []string{"create", "acknowledge", "fix", "dispute", "confirm", "reopen", "escalate"}
	notKeyNames = append(notKeyNames, "feedback.read", "feedback.create", "feedback.respond", "feedback.close", "feedback.escalate")
}
