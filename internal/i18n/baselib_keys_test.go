package i18n

// The base libraries' message keys (messages/*/baselib.txt) for TestEveryUsedKeyExists.
func init() {
	keyPrefixes = append(keyPrefixes, "baselibrary")
	dynamic["baselibrary.group."] = []string{"docked", "planned", "not_docked"}
	dynamic["action.baselibrary."] = []string{"update"}
	notKeyNames = append(notKeyNames, "baselibrary.read", "baselibrary.update", "baselibrary.create")
	dynamic["entity."] = append(dynamic["entity."], "baselibrary")
}
