package i18n

// The catalog's message keys (messages/*/catalog.txt) for TestEveryUsedKeyExists.
func init() {
	keyPrefixes = append(keyPrefixes, "catalog", "catstatus", "sharetype")
	dynamic["catstatus."] = []string{"precompiled", "submitted", "registered", "published", "withdrawn"}
	dynamic["sharetype."] = []string{"unconditional", "conditional", "none"}
	dynamic["catalog.class."] = []string{"1", "2", "3"}
	dynamic["catalog.format."] = []string{"file", "sheet", "database", "image", "stream", "self_desc", "api"}
	dynamic["catalog.itemtype."] = []string{"char", "number", "date", "datetime", "bool", "binary"}
	dynamic["catalog.channel."] = []string{"platform", "email", "media"}
	dynamic["catalog.form."] = []string{"api", "table", "file"}
	dynamic["catalog.cycle."] = []string{"realtime", "daily", "weekly", "monthly", "quarterly", "half_year", "yearly", "on_demand", "other"}
	dynamic["catalog.action."] = []string{"submit", "return", "register", "publish", "withdraw"}
	dynamic["action.catalog."] = []string{"create", "update", "submit", "return", "register", "publish", "withdraw", "import", "export"}
	notKeyNames = append(notKeyNames, "catalog.read", "catalog.create", "catalog.update", "catalog.transition")
}
