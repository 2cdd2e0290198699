package web_test

// Hardening (issue 13) low 13b over HTTP: a unit user's new system gets its code from the
// server (form, API, import); a code they send is refused alike whether or not it exists.

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
)

// systemsBook is a registry workbook with one row per map (keys: the schema's column keys).
func systemsBook(t *testing.T, rows ...map[string]string) []byte {
	t.Helper()
	var cells [][]any
	for _, r := range rows {
		var row []any
		for _, c := range app.SystemSheet.Columns {
			row = append(row, r[c.Key])
		}
		cells = append(cells, row)
	}
	return workbook(t, app.SystemSheet, cells...)
}

func TestSystemCodesAllocatedOverHTTP(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		health := s.unit("320507119")
		form := func(b *browser, code string) url.Values {
			v := url.Values{"csrf": {b.csrf}, "version": {"0"}, "name": {"表单登记的系统"}, "unit_id": {strconv.FormatInt(health.ID, 10)},
				"classification": {"unclassified"}, "category": {"business"}, "hosting": {"gov_cloud"}, "network": {"extranet"}}
			if code != "" {
				v.Set("code", code)
			}
			return v
		}

		// The unit user's form has no code to fill in; the new system shows the code it got.
		wj := s.login("weijian")
		page := wj.get("/systems/new")
		if page.status != http.StatusOK || strings.Contains(page.text(), `name="code"`) || !strings.Contains(page.text(), "由系统分配") {
			t.Fatalf("unit user's new-system form: %d\n%s", page.status, page.body)
		}
		for _, code := range []string{"XC-SYS-0001", "XC-NOWHERE-1"} { // another unit's, and none's
			r := wj.post("/systems/new", form(wj, code))
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.text(), "新登记系统的编码由系统分配，请留空") {
				t.Fatalf("form with code %s: %d\n%s", code, r.status, r.body)
			}
		}
		r := wj.post("/systems/new", form(wj, ""))
		created := "/systems/" + strconv.FormatInt(createdID(t, "form without code", r, "/systems/"), 10)
		if p := wj.get(created); !strings.Contains(p.text(), "XC-SYS-0164") {
			t.Fatalf("the new system's page does not show its code XC-SYS-0164:\n%s", p.body)
		}
		// Editing: the code is shown, not changeable.
		if p := wj.get(created + "/edit"); !regexp.MustCompile(`name="code" value="XC-SYS-0164" readonly`).MatchString(p.text()) {
			t.Fatalf("unit user's edit form: code not read-only\n%s", p.body)
		}

		// The office's form offers the code, optional.
		of := s.login("office")
		page = of.get("/systems/new")
		if !strings.Contains(page.text(), `name="code" value="" maxlength="30" placeholder="留空则由系统分配"`) {
			t.Fatalf("office's new-system form:\n%s", page.body)
		}
		mustStatus(t, "office's form with a code", of.post("/systems/new", form(of, "XC-OF-0001")), http.StatusSeeOther)

		// The API: the same one answer for any code a unit user sends, in both languages.
		body := func(code string) string {
			b, _ := json.Marshal(map[string]any{"code": code, "name": "接口登记的系统", "unit_id": health.ID, "classification": "unclassified",
				"category": "business", "hosting": "gov_cloud", "network": "extranet"})
			return string(b)
		}
		var first []byte
		for _, code := range []string{"XC-SYS-0001", "XC-NOWHERE-2"} {
			r := s.api(http.MethodPost, "/api/v1/systems", "weijian", body(code))
			if r.status != http.StatusUnprocessableEntity {
				t.Fatalf("API create with code %s: %d %s", code, r.status, r.body)
			}
			if _, msg, field := r.apiError(t); field != "code" || !strings.Contains(msg, "新登记系统的编码由系统分配") {
				t.Fatalf("API create with code %s: %s", code, r.body)
			}
			if first != nil && !bytes.Equal(first, r.body) {
				t.Fatalf("the answers differ:\n%s\n%s", first, r.body)
			}
			first = r.body
		}
		if r := s.api(http.MethodPost, "/api/v1/systems", "weijian", body("XC-X-1"), "Accept-Language", "en"); !strings.Contains(r.text(), "allocated by the server: leave it empty") {
			t.Fatalf("in English: %s", r.body)
		}
		var sys domain.System
		s.apiJSON(http.MethodPost, "/api/v1/systems", "weijian", body(""), &sys)
		if sys.Code != "XC-SYS-0165" {
			t.Fatalf("API create without code: code %q, want XC-SYS-0165", sys.Code)
		}

		// The import: an empty code is a new system, "（系统分配）" in the preview, the code once
		// applied; any code not the unit's gets one answer.
		row := func(code, name string) map[string]string {
			return map[string]string{"code": code, "name": name, "unit": "区卫生健康委员会", "classification": "非涉密",
				"category": "业务系统", "hosting": "政务云", "network": "电子政务外网"}
		}
		imp := func(apply bool, book []byte) app.ImportReport {
			r := s.uploadBook("/api/v1/systems/import?apply="+strconv.FormatBool(apply), "weijian", book)
			var rep app.ImportReport
			if r.status == http.StatusOK && json.Unmarshal(r.body, &rep) == nil {
				return rep
			}
			var refused struct {
				Report app.ImportReport `json:"report"`
			}
			if r.status != http.StatusUnprocessableEntity || json.Unmarshal(r.body, &refused) != nil {
				t.Fatalf("import API: %d %s", r.status, r.body)
			}
			return refused.Report
		}
		rep := imp(false, systemsBook(t, row("XC-SYS-0001", "试探甲"), row("XC-NOWHERE-3", "试探乙")))
		if len(rep.Problems) != 2 || strings.ReplaceAll(rep.Problems[0].Message, "XC-SYS-0001", "X") != strings.ReplaceAll(rep.Problems[1].Message, "XC-NOWHERE-3", "X") {
			t.Fatalf("import problems %+v", rep.Problems)
		}
		book := systemsBook(t, row("", "导入登记的系统"))
		if rep := imp(false, book); len(rep.Lines) != 1 || !rep.Lines[0].Allocated || rep.Lines[0].Code != "" {
			t.Fatalf("import preview %+v", rep)
		}
		mustAnswer(t, "import page preview", wj.uploadBook("/systems/import", book), http.StatusOK, "（系统分配）")
		if rep := imp(true, book); !rep.Applied || len(rep.Lines) != 1 || rep.Lines[0].Code != "XC-SYS-0166" {
			t.Fatalf("import applied %+v", rep)
		}
	})
}
