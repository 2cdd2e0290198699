package i18n

func init() {
	keyPrefixes = append(keyPrefixes, "plans", "planstatus", "planaction", "plannode", "difficulty", "baselib", "dockstate", "exchannel", "plankind")
	steps := []string{"create", "update", "start", "back", "complete", "cancel", "reopen"}
	dynamic["planstatus."] = []string{"planned", "in_progress", "migrated", "docked", "cancelled"}
	dynamic["planaction."] = []string{"start", "back", "complete", "cancel", "reopen", "complete_migration", "complete_docking"}
	dynamic["plannode."] = []string{"upgrade", "renovation", "continuation", "om"}
	dynamic["difficulty."] = []string{"low", "medium", "high"}
	dynamic["baselib."] = []string{"population", "legal_person", "geo", "credit", "license"}
	dynamic["dockstate."] = []string{"docked", "own_copy", "none"}
	dynamic["exchannel."] = []string{"platform", "direct", "other"}
	dynamic["plankind."] = []string{"migration", "docking"}
	dynamic["action.migration_plan."] = steps
	dynamic["action.docking_plan."] = steps
	dynamic["entity."] = append(dynamic["entity."], "plan")
	notKeyNames = append(notKeyNames, "planaction.complete_") // completed with the plan kind (complete_migration ...)
}
