package i18n

// The sharing requests' message keys (messages/*/sharing.txt), for TestEveryUsedKeyExists.
func init() {
	keyPrefixes = append(keyPrefixes, "sharing", "sharingstatus", "sharingaction")
	dynamic["sharingstatus."] = []string{"submitted", "approved", "refused", "withdrawn"}
	dynamic["sharingaction."] = []string{"approve", "refuse", "withdraw"}
	dynamic["action.sharing."] = []string{"create", "approve", "refuse", "withdraw", "escalate"}
	dynamic["entity."] = append(dynamic["entity."], "sharing")
	notKeyNames = append(notKeyNames, "sharing.read", "sharing.create", "sharing.answer", "sharing.withdraw",
		"sharing.approve", "sharing.refuse", "sharing.escalate", "sharing.go")
}
