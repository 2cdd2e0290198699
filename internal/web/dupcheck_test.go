package web_test

// The duplicate-construction check over HTTP (issue 15): the page shows a proposal's ranked
// matches with highlighted terms and the function points' explanation, keeps what was typed
// and names every bad field; the API answers the same ranking, names bad fields in a 422, and
// refuses the administrators; the threshold is a governance setting in the form and the API.

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"archgov/internal/domain"
)

func TestDuplicateCheckPageAndAPI(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		// A unit of another bureau proposes what 自然资源和规划分局's 不动产登记系统 already does.
		jy := s.login("jiaoyu")
		mustAnswer(t, "empty page", jy.get("/duplicate-check"), http.StatusOK, `name="functions"`, "应用查重", `href="/duplicate-check"`)
		form := url.Values{"csrf": {jy.csrfOrPage("/duplicate-check")}, "name": {"房地产权属登记一网通办系统"},
			"content": {"房屋和土地权属登记网上办理"}, "functions": {"抵押权设立登记\n权属证明查询打印"}}
		res := jy.post("/duplicate-check", form)
		mustAnswer(t, "result", res, http.StatusOK, `id="dup-result"`, `<a href="/systems/`, "不动产<mark>登记</mark>系统", "自然资源", "抵押权设立登记", "<mark>抵押登记</mark>", "共 ")
		mustContain(t, "kept input", res, `value="房地产权属登记一网通办系统"`, "权属证明查询打印</textarea>")

		// Bad input: every field named, what was typed kept.
		bad := url.Values{"csrf": form["csrf"], "name": {""}, "functions": {strings.Repeat("长", 61)}}
		mustAnswer(t, "bad form", jy.post("/duplicate-check", bad), http.StatusUnprocessableEntity, "必填", "每个功能点不能超过60个字符", strings.Repeat("长", 61))

		// The API: the same ranking, JSON.
		var out domain.DupResult
		s.apiJSON("POST", "/api/v1/duplicate-check", "office",
			`{"name":"房地产权属登记一网通办系统","content":"房屋和土地权属登记网上办理","functions":["抵押权设立登记","权属证明查询打印"],"limit":3}`, &out)
		if out.Threshold != domain.DefaultDupThreshold || len(out.Matches) == 0 || len(out.Matches) > 3 || out.Matches[0].Name != "不动产登记系统" ||
			out.Matches[0].Kind != domain.DupSystem || len(out.Matches[0].Functions) == 0 || len(out.Matches[0].Terms) == 0 {
			b, _ := json.Marshal(out)
			t.Fatalf("API answer %s", b)
		}
		// Leaving the system out (the project changes it on purpose) drops it.
		s.apiJSON("POST", "/api/v1/duplicate-check", "office",
			`{"name":"房地产权属登记一网通办系统","functions":["抵押权设立登记"],"exclude_system_ids":[`+itoa(int(out.Matches[0].ID))+`]}`, &out)
		for _, m := range out.Matches {
			if m.Kind == domain.DupSystem && m.Name == "不动产登记系统" {
				t.Errorf("excluded system still ranked: %+v", m)
			}
		}
		r := s.api("POST", "/api/v1/duplicate-check", "office", `{"name":"","functions":["`+strings.Repeat("长", 61)+`"],"limit":51}`)
		mustAnswer(t, "API 422", r, http.StatusUnprocessableEntity, `"name"`, `"functions"`, `"limit"`)
		mustStatus(t, "sysadmin", s.api("POST", "/api/v1/duplicate-check", "sysadmin", `{"name":"不动产登记"}`), http.StatusForbidden)
		mustStatus(t, "unknown field", s.api("POST", "/api/v1/duplicate-check", "office", `{"name":"x","nme":1}`), http.StatusBadRequest)

		// The threshold is a governance setting: the API keeps it when absent and sets it.
		var g struct {
			DupThreshold int   `json:"dup_threshold"`
			Version      int64 `json:"version"`
		}
		s.apiJSON("GET", "/api/v1/settings/governance", "office", "", &g)
		if g.DupThreshold != domain.DefaultDupThreshold {
			t.Fatalf("default threshold %d", g.DupThreshold)
		}
		mustAnswer(t, "threshold out of range", s.api("PUT", "/api/v1/settings/governance", "office", `{"dup_threshold":101,"version":`+itoa(int(g.Version))+`}`),
			http.StatusUnprocessableEntity, `"dup_threshold"`)
		s.apiJSON("PUT", "/api/v1/settings/governance", "office", `{"dup_threshold":45,"version":`+itoa(int(g.Version))+`}`, &g)
		if g.DupThreshold != 45 {
			t.Fatalf("threshold after the update %d", g.DupThreshold)
		}
		s.apiJSON("POST", "/api/v1/duplicate-check", "jiaoyu", `{"name":"房地产权属登记一网通办系统"}`, &out)
		if out.Threshold != 45 {
			t.Errorf("the check's threshold %d, want the setting's 45", out.Threshold)
		}
		mustContain(t, "settings form", s.login("office").get("/settings/governance"), `name="dup_threshold"`, `value="45"`)
	})
}
