package i18n

// The machine-room registry's message keys (messages/*/rooms.txt) for TestEveryUsedKeyExists.
func init() {
	keyPrefixes = append(keyPrefixes, "rooms", "roomkind", "roomstatus", "roomaction", "roomfield")
	dynamic["roomkind."] = []string{"access", "mandated", "other"}
	dynamic["roomstatus."] = []string{"in_use", "closing", "closed"}
	dynamic["roomaction."] = []string{"start_closing", "close", "reopen"}
	dynamic["action.room."] = []string{"create", "update", "start_closing", "close", "reopen", "milestone_add", "milestone_update",
		"milestone_delete", "import", "export"}
	dynamic["roomfield."] = []string{"name", "unit_id", "unit_name", "address", "area_m2", "racks", "kind", "exemption_basis", "onsite_production",
		"status", "closed_date", "closing_note", "deadline", "overdue", "note", "title", "due", "done"}
}
