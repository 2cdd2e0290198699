package i18n

func init() {
	keyPrefixes = append(keyPrefixes, "listsort")
	dynamic["listsort."] = []string{"id", "name", "code", "go_live", "updated"}
}
