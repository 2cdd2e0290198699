package i18n

// The keys of the list parts (messages/*/lists.txt): the pager, the list buttons, the rules page.
func init() {
	keyPrefixes = append(keyPrefixes, "list", "pager", "rules")
}
