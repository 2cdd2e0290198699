package rules

import (
	"bytes"
	_ "embed"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// EncodeYAML writes a rule set as YAML, for review outside the app (archgov rules export).
func EncodeYAML(s *Set) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// DecodeYAML reads a rule set written by EncodeYAML or by hand; an unknown key is an error
// (a misspelt "violated_when" must not silently drop the expression).
func DecodeYAML(b []byte) (*Set, error) {
	if len(b) > MaxSetBytes {
		return nil, fmt.Errorf("a rule set file is at most %d bytes", MaxSetBytes)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var s Set
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("rule set: %v", err)
	}
	return &s, nil
}

// MaxSetBytes bounds a rule set file.
const MaxSetBytes = 1 << 20

//go:embed default.yaml
var defaultYAML []byte

// Default is the rule set archgov ships: the district's rules as the 2018 implementation rules
// state them (docs/RULES.md lists them). The service publishes it as version 1 when a database
// has none; the office changes rules from there.
func Default() *Set {
	s, err := DecodeYAML(defaultYAML)
	if err != nil {
		panic("rules: default.yaml: " + err.Error())
	}
	return s
}
