package main

import (
	"bytes"
	"os"
	"testing"
)

// TestDocsUpToDate fails when docs/workflows.md no longer matches the workflow tables.
func TestDocsUpToDate(t *testing.T) {
	const path = "../../../../docs/workflows.md"
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v; run `go generate ./internal/domain` to write it", err)
	}
	if !bytes.Equal(got, render()) {
		t.Fatal("docs/workflows.md is stale: the workflow tables in internal/domain changed; run `go generate ./internal/domain` and commit the file")
	}
}
