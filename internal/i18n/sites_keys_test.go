package i18n

func init() {
	keyPrefixes = append(keyPrefixes, "websites", "wstatus", "wsaction", "newmedia", "mkind", "mstatus", "maction", "mdecision")
	dynamic["wstatus."] = []string{"unregistered", "submitted", "registered", "notice_issued", "closed", "merged"}
	dynamic["wsaction."] = []string{"submit", "accept", "return", "issue_notice", "close", "merge"}
	dynamic["action.website."] = []string{"create", "update", "import", "export", "submit", "accept", "return", "issue_notice", "close", "merge"}
	dynamic["mkind."] = []string{"wechat_service", "wechat_subscription", "wechat_enterprise", "mini_program", "app", "weibo", "douyin", "other"}
	dynamic["mdecision."] = []string{"keep", "merge", "close"}
	dynamic["mstatus."] = []string{"undecided", "proposed", "decided", "done"}
	dynamic["maction."] = []string{"propose", "decide", "reject", "reopen", "complete"}
	dynamic["action.media."] = []string{"create", "update", "import", "export", "propose", "decide", "reject", "reopen", "complete"}
	for _, f := range []string{"name", "host", "unit_id", "icp", "site_code", "hosting", "system_id", "merge_into_id", "status",
		"registered_date", "notice_date", "notice_text", "closed_date", "note"} {
		dynamic["websites.f."] = append(dynamic["websites.f."], f)
	}
	for _, f := range []string{"kind", "name", "account_id", "unit_id", "topic", "decision", "merge_into_id", "decision_note", "status", "done_date", "note"} {
		dynamic["newmedia.f."] = append(dynamic["newmedia.f."], f)
	}
}
