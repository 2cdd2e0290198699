package i18n

func init() {
	keyPrefixes = append(keyPrefixes, "serves")
	dynamic["newmedia.f."] = append(dynamic["newmedia.f."], "system_id")
}
