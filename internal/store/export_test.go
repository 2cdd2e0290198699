package store

// BackfillSystemsIndex is the Go step of migration 0013, for the conformance tests.
var BackfillSystemsIndex = backfillSystemsIndex
