package main

import (
	"os"
	"testing"

	"archgov/internal/rules"
)

// TestDocsUpToDate fails when docs/RULES-INPUT.md no longer matches the rules' input types:
// run go generate ./internal/rules.
func TestDocsUpToDate(t *testing.T) {
	b, err := os.ReadFile("../../../../docs/RULES-INPUT.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != rules.Reference() {
		t.Fatal("docs/RULES-INPUT.md is out of date: go generate ./internal/rules")
	}
}
