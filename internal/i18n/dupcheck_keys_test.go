package i18n

// The duplicate-construction check's message keys (messages/*/dupcheck.txt) for TestEveryUsedKeyExists.
func init() {
	keyPrefixes = append(keyPrefixes, "dup")
	dynamic["dup.kind."] = []string{"system", "catalog", "component"}
	notKeyNames = append(notKeyNames, "dupcheck.run")
}
