package i18n

// The government-cloud feature's message keys (zh_cloud.go), for TestEveryUsedKeyExists.
func init() {
	keyPrefixes = append(keyPrefixes, "cloud", "clouddim", "cloudunit", "cloudstatus", "cloudaction")
	dims := []string{"vcpu", "memory_gib", "storage_gib", "bandwidth_mbps", "public_ips"}
	dynamic["clouddim."] = dims
	dynamic["cloudunit."] = dims
	dynamic["field."] = append(append([]string{}, dims...), "granted_vcpu", "granted_memory_gib", "granted_storage_gib", "granted_bandwidth_mbps", "granted_public_ips")
	dynamic["cloudstatus."] = []string{"draft", "submitted", "approved", "partially_approved", "rejected", "released", "withdrawn"}
	dynamic["cloudaction."] = []string{"submit", "withdraw", "approve", "reject", "return", "release"}
	dynamic["action.cloudrequest."] = []string{"create", "update", "submit", "withdraw", "approve", "reject", "return", "release", "export"}
	dynamic["action.cloudpool."] = []string{"create", "update"}
}
