package i18n

// The inbox's message keys (messages/*/inbox.txt), for TestEveryUsedKeyExists.
func init() {
	keyPrefixes = append(keyPrefixes, "inbox")
	dynamic["inbox.event."] = []string{"sharing_received", "sharing_escalated", "feedback_reported", "feedback_escalated"}
}
