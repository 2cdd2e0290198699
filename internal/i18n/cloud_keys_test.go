package i18n

import "testing"

var cloudDims = []string{"vcpu", "memory_gib", "storage_gib", "bandwidth_mbps", "public_ips"}

// The government-cloud feature's message keys (messages/*/cloud.txt), for
// TestEveryUsedKeyExists. Keys of the dynamic table are prefixes of this feature's own, so no
// other feature's entry is overwritten.
func init() {
	keyPrefixes = append(keyPrefixes, "cloud", "clouddim", "cloudunit", "cloudstatus", "cloudaction")
	dynamic["clouddim."] = cloudDims
	dynamic["cloudunit."] = cloudDims
	dynamic["field.granted_"] = cloudDims
	dynamic["cloudstatus."] = []string{"draft", "submitted", "approved", "partially_approved", "rejected", "released", "withdrawn"}
	dynamic["cloudaction."] = []string{"submit", "withdraw", "approve", "reject", "return", "release"}
	dynamic["action.cloudrequest."] = []string{"create", "update", "submit", "withdraw", "approve", "reject", "return", "release", "export"}
	dynamic["action.cloudpool."] = []string{"create", "update"}
}

// TestCloudFieldLabels: the quantity fields are named in error messages and forms (field.vcpu
// ...), built at run time from the dimension.
func TestCloudFieldLabels(t *testing.T) {
	for _, d := range cloudDims {
		for _, l := range Langs {
			if !Has(l, "field."+d) {
				t.Errorf("%s: no field.%s", l, d)
			}
		}
	}
}
