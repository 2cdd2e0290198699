package i18n

// The department assessment's message keys (messages/*/assessments.txt) for TestEveryUsedKeyExists.
func init() {
	keyPrefixes = append(keyPrefixes, "assess", "assessfield", "assessstatus", "assessaction", "indicator", "indicatorformula",
		"objection", "objectionfield", "objstatus", "objaction")
	notKeyNames = append(notKeyNames, "assessment.read", "assessment.write", "objection.read", "objection.file", "objection.answer")
}
