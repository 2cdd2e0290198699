package web

// The inbox's request bodies, for FuzzDecodeJSON (decode_fuzz_test.go).
func init() { jsonBodies["emailBody"] = func() any { return new(emailBody) } }
