package web

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"sync"
)

// The OpenAPI document is openapi.json (the frame: info, security, shared schemas, parameters
// and responses, the spine's paths) plus one fragment per feature in openapi/*.json, each
// holding "paths", "components.schemas", "components.parameters" and "tags" of its own (a
// list and its export share their filters as parameters). Fragments are merged at first use;
// a path, schema or parameter defined twice is an error, so two features cannot silently
// overwrite each other.
var openapiOnce = sync.OnceValues(buildOpenAPI)

// OpenAPI returns the merged OpenAPI document.
func OpenAPI() ([]byte, error) { return openapiOnce() }

func buildOpenAPI() ([]byte, error) {
	var doc map[string]any
	base, err := assets.ReadFile("openapi.json")
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	files, err := fs.Glob(assets, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	paths := doc["paths"].(map[string]any)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	params := doc["components"].(map[string]any)["parameters"].(map[string]any)
	tags, _ := doc["tags"].([]any)
	for _, f := range files {
		b, err := assets.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var frag struct {
			Paths      map[string]any `json:"paths"`
			Components struct {
				Schemas    map[string]any `json:"schemas"`
				Parameters map[string]any `json:"parameters"`
			} `json:"components"`
			Tags []any `json:"tags"`
		}
		if err := json.Unmarshal(b, &frag); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for p, v := range frag.Paths {
			if _, dup := paths[p]; dup {
				return nil, fmt.Errorf("%s: path %s is already defined", f, p)
			}
			paths[p] = v
		}
		for n, v := range frag.Components.Schemas {
			if _, dup := schemas[n]; dup {
				return nil, fmt.Errorf("%s: schema %s is already defined", f, n)
			}
			schemas[n] = v
		}
		for n, v := range frag.Components.Parameters {
			if _, dup := params[n]; dup {
				return nil, fmt.Errorf("%s: parameter %s is already defined", f, n)
			}
			params[n] = v
		}
		tags = append(tags, frag.Tags...)
	}
	doc["tags"] = tags
	return json.MarshalIndent(doc, "", "  ")
}
