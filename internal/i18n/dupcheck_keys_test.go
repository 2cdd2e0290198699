package i18n

// The duplicate-construction check's message keys (messages/*/dupcheck.txt) for TestEveryUsedKeyExists.
func init() {
	keyPrefixes = append(keyPrefixes, "dup")
	notKeyNames = append(notKeyNames, "dupcheck.run")
}
