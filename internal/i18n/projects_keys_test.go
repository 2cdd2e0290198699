package i18n

// The project applications' message keys (messages/*/projects.txt), for TestEveryUsedKeyExists.
func init() {
	keyPrefixes = append(keyPrefixes, "projects", "projfield")
	for prefix, vals := range map[string][]string{
		"projstatus.":     {"draft", "submitted", "under_review", "returned", "approved", "rejected"},
		"projaction.":     {"submit", "review", "approve", "return", "reject"},
		"action.project.": {"create", "update", "submit", "review", "approve", "return", "reject"},
		"projkey.":        {"none", "architecture", "theme", "integration"},
		"projroom.":       {"none", "build", "extend", "renovate"},
		"projtarget.":     {"system", "catalog"},
		"projmode.":       {"integrate", "replace"},
		"projanswer.":     {"comply", "partial", "na"},
		"inbox.event.":    {"project_submitted", "project_returned", "project_rejected", "project_approved", "project_cloud_draft"},
	} {
		dynamic[prefix] = append(dynamic[prefix], vals...)
	}
}
