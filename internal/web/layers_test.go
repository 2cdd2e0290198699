package web_test

import (
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestWebSpeaksToTheServiceOnly: the web layer reaches the database through internal/app only
// (issue 14): no non-test file of the package imports internal/store, so every read and
// write a page or the API makes goes through the service's authorization and audit.
func TestWebSpeaksToTheServiceOnly(t *testing.T) {
	t.Parallel()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			if path, _ := strconv.Unquote(imp.Path.Value); path == "archgov/internal/store" {
				t.Errorf("%s imports internal/store; use the service's types and methods (internal/app/queries.go)", name)
			}
		}
	}
}
