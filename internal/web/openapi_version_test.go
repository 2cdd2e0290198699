package web_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// Hardening (issue 13) low 13a: the document said a RolesUpdate with version 0 skips the
// check; the server answers 409 (TestAPIVersionsRequired). The document says what it does.
func TestOpenAPIRolesUpdateVersionRequired(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		r := s.api(http.MethodGet, "/api/v1/openapi.json", "", "")
		var doc struct {
			Components struct {
				Schemas map[string]struct {
					Required   []string `json:"required"`
					Properties map[string]struct {
						Description string `json:"description"`
					} `json:"properties"`
				} `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(r.body, &doc); err != nil {
			t.Fatal(err)
		}
		ru := doc.Components.Schemas["RolesUpdate"]
		desc := ru.Properties["version"].Description
		if strings.Contains(desc, "skip") || !strings.Contains(desc, "409") {
			t.Errorf("RolesUpdate.version: %q, want it required (409 otherwise)", desc)
		}
		if !strings.Contains(strings.Join(ru.Required, " "), "version") {
			t.Errorf("RolesUpdate.required = %v, want version", ru.Required)
		}
		// What the document says, the server does.
		v := s.user("jiaoyu").Version
		for _, body := range []string{`{"version":0,"roles":["expert"]}`, `{"roles":["expert"]}`,
			`{"version":` + strconv.FormatInt(v+1, 10) + `,"roles":["expert"]}`} {
			if r := s.api(http.MethodPut, s.expand("/api/v1/users/{user:jiaoyu}/roles"), "secadmin", body); r.status != http.StatusConflict {
				t.Errorf("PUT roles %s: %d, want 409", body, r.status)
			}
		}
	})
}
