package web_test

// ENV-P1's scope on the pages and the API: a system's exemption from moving to the cloud
// (上级统建, 上级要求保留) in the form, the detail page, the API and the history; and the three
// places that say a system is off the cloud without a migration plan — the system page's
// notice, the list filter (offcloud=1&noplan=1) and the home page's to-do — agree.

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"archgov/internal/domain"
)

func TestSystemCloudExemption(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		id := s.planSystem("XC-EXEMPT-WEB", "other_hosting", "")
		path := "/systems/" + itoa(int(id))
		var sys domain.System
		s.apiJSON(http.MethodGet, "/api/v1/"+path[1:], "weijian", "", &sys)
		if sys.CloudExemption != "" || !s.offCloud(id) {
			t.Fatalf("new system %+v", sys)
		}

		// API refusals name the field, in Chinese and in English; nothing changes.
		patch := func(body string, hdr ...string) reply {
			return s.api(http.MethodPatch, "/api/v1"+path, "weijian", fmt.Sprintf(`{"version":%d,%s}`, sys.Version, body), hdr...)
		}
		msg := s.wantAPIError(patch(`"cloud_exemption":"higher_level_built"`), http.StatusUnprocessableEntity, "invalid", "cloud_exemption_basis", "exemption without basis")
		if !strings.Contains(msg, "豁免依据") || !strings.Contains(msg, "文件名称和文号") {
			t.Errorf("message %q", msg)
		}
		msg = s.wantAPIError(patch(`"cloud_exemption":"higher_level_built"`, "Accept-Language", "en"), http.StatusUnprocessableEntity, "invalid", "cloud_exemption_basis", "in English")
		if !strings.Contains(msg, "Exemption basis") || !strings.Contains(msg, "document") {
			t.Errorf("English message %q", msg)
		}
		s.wantAPIError(patch(`"cloud_exemption":"onsite","cloud_exemption_basis":"现场设备"`), http.StatusUnprocessableEntity, "invalid", "cloud_exemption", "unknown exemption")
		s.wantAPIError(patch(`"hosting":"gov_cloud","cloud_exemption":"higher_level_retained","cloud_exemption_basis":"某文件"`), http.StatusUnprocessableEntity, "invalid", "cloud_exemption", "exemption on the cloud")
		s.wantAPIError(patch(`"cloud_exemption_basis":"`+strings.Repeat("文", 201)+`"`), http.StatusUnprocessableEntity, "invalid", "cloud_exemption_basis", "basis without an exemption")

		// The form: a refusal shows the form again with the field's error and what was typed.
		b := s.login("weijian")
		vals := url.Values{"csrf": {b.csrf}, "version": {strconv.FormatInt(sys.Version, 10)}, "code": {sys.Code}, "name": {sys.Name},
			"unit_id": {strconv.FormatInt(sys.UnitID, 10)}, "classification": {"unclassified"}, "category": {"business"}, "hosting": {"other_hosting"},
			"hosting_note": {"市卫健委统建，部署于市卫健委数据中心"}, "network": {"extranet"}, "cloud_exemption": {"higher_level_built"}, "cloud_exemption_basis": {""}}
		form := b.get(path + "/edit")
		mustAnswer(t, "edit form", form, http.StatusOK, `name="cloud_exemption"`, `name="cloud_exemption_basis"`, "上级统建", "上级要求保留")
		r := b.post(path, vals)
		mustAnswer(t, "exemption without basis", r, http.StatusUnprocessableEntity, "选择上云豁免时须写明依据", `value="higher_level_built" selected`)
		basis := "苏州市卫生健康委员会《关于妇幼保健信息系统全市统一建设的通知》（苏卫妇幼〔2018〕7号）"
		vals.Set("cloud_exemption_basis", basis)
		mustStatus(t, "save the exemption", b.post(path, vals), http.StatusSeeOther)

		// The detail page shows it; no finding; the plan section says why no plan is needed.
		page := b.get(path)
		mustAnswer(t, "exempt system", page, http.StatusOK, `id="cloud-exemption"`, "上级统建", basis, "有上云豁免（上级统建），无需迁移计划")
		if strings.Contains(page.text(), `id="offcloud-finding"`) || strings.Contains(page.text(), "plans.") {
			t.Fatalf("an exempt system shows the finding:\n%s", page.body)
		}
		// The history names the field and the value.
		if _, hist, _ := strings.Cut(page.text(), `id="history"`); !strings.Contains(hist, "上云豁免") || !strings.Contains(hist, "上级统建") ||
			!strings.Contains(hist, "豁免依据") || strings.Contains(hist, "higher_level_built") {
			t.Errorf("history does not name the exemption by its labels:\n%s", hist)
		}
		s.apiJSON(http.MethodGet, "/api/v1"+path, "weijian", "", &sys)
		if sys.CloudExemption != domain.ExemptHigherBuilt || sys.CloudExemptionBasis != basis || s.offCloud(id) {
			t.Fatalf("API: %+v", sys)
		}
		// Neither the filter nor a new migration plan takes it.
		var l struct{ Items []domain.System }
		s.apiJSON(http.MethodGet, "/api/v1/systems?offcloud=1&limit=100", "weijian", "", &l)
		for _, x := range l.Items {
			if x.ID == id {
				t.Fatal("the offcloud filter lists an exempt system")
			}
		}
		r = s.api(http.MethodPut, "/api/v1"+path+"/migration-plan", "weijian",
			`{"version":0,"difficulty":"low","target_resources":"政务云 2 vCPU","node":"om","planned_date":"2027-03-31T00:00:00Z"}`)
		if m := s.wantAPIError(r, http.StatusUnprocessableEntity, "unprocessable", "", "plan for an exempt system"); !strings.Contains(m, "上云豁免") {
			t.Errorf("plan refusal %q", m)
		}

		// A 部门专网 system off the cloud: no finding, the plan section says it is out of scope.
		priv := s.planSystem("XC-PRIVATE-WEB", "unit_room", "")
		s.apiJSON(http.MethodGet, "/api/v1/systems/"+itoa(int(priv)), "weijian", "", &sys)
		s.apiJSON(http.MethodPatch, "/api/v1/systems/"+itoa(int(priv)), "weijian", fmt.Sprintf(`{"version":%d,"network":"private"}`, sys.Version), &sys)
		page = b.get("/systems/" + itoa(int(priv)))
		mustAnswer(t, "private-network system", page, http.StatusOK, "部门专网上的系统不在上政务云的范围内")
		if strings.Contains(page.text(), `id="offcloud-finding"`) {
			t.Fatalf("a private-network system shows the finding:\n%s", page.body)
		}
	})
}

// todoOffCloudRe reads the home page's to-do count of systems off the cloud without a plan.
var todoOffCloudRe = regexp.MustCompile(`(\d+)个非涉密信息系统未上政务云且尚无迁移计划`)

// The page notice, the list filter, the findings and the home to-do agree (ENV-P1, ENV-R2): all
// read the rule ENV-R2.no-migration-plan's findings. For every system a unit sees, the notice shows
// exactly when the filter offcloud=1&noplan=1 lists it (a live finding, open or waived), and the
// to-do counts the open ones — a waived finding (the demo's approved waiver) is no obligation.
// A system with an open migration plan shows no notice; exempt, private-network, on-site and
// on-cloud systems show none either.
func TestOffCloudNoticeFilterTodoAgree(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, s *site) {
		withPlan := s.planSystem("XC-AGREE-1", "unit_room", "")
		s.apiJSON(http.MethodPut, "/api/v1/systems/"+itoa(int(withPlan))+"/migration-plan", "weijian",
			`{"version":0,"difficulty":"low","target_resources":"政务云 2 vCPU","node":"om","planned_date":"2027-03-31T00:00:00Z"}`, new(domain.MigrationPlan))
		s.planSystem("XC-AGREE-2", "other_hosting", "")
		s.planSystem("XC-AGREE-3", "other_hosting", `,"cloud_exemption":"higher_level_retained","cloud_exemption_basis":"某上级通知"`)
		s.planSystem("XC-AGREE-4", "onsite", "")
		s.planSystem("XC-AGREE-5", "gov_cloud", `,"hosting_note":""`)

		for _, who := range []string{"weijian", "office"} {
			var noPlan, all struct{ Items []domain.System }
			s.apiJSON(http.MethodGet, "/api/v1/systems?offcloud=1&noplan=1&limit=100", who, "", &noPlan)
			listed := map[int64]bool{}
			for _, x := range noPlan.Items {
				listed[x.ID] = true
			}
			var open, waived struct{ Items []domain.Finding }
			s.apiJSON(http.MethodGet, "/api/v1/findings?rule=ENV-R2.no-migration-plan&status=open&limit=200", who, "", &open)
			s.apiJSON(http.MethodGet, "/api/v1/findings?rule=ENV-R2.no-migration-plan&status=waived&limit=200", who, "", &waived)
			found := map[int64]bool{}
			for _, f := range append(open.Items, waived.Items...) {
				found[f.SubjectID] = true
			}
			if len(found) != len(listed) {
				t.Errorf("%s: %d live ENV-R2 findings, the filter lists %d", who, len(found), len(listed))
			}
			for id := range listed {
				if !found[id] {
					t.Errorf("%s: the filter lists system %d without its finding", who, id)
				}
			}
			b := s.login(who)
			m := todoOffCloudRe.FindStringSubmatch(b.get("/").text())
			if len(listed) == 0 || m == nil || m[1] != strconv.Itoa(len(open.Items)) {
				t.Fatalf("%s: the to-do says %v, %d open findings (the filter lists %d)", who, m, len(open.Items), len(listed))
			}
			if who == "office" && len(waived.Items) == 0 {
				t.Error("the demo's approved waiver leaves no waived ENV-R2 finding")
			}
			if who == "office" {
				continue // the office sees the whole district; the unit's pages are enough to compare
			}
			s.apiJSON(http.MethodGet, "/api/v1/systems?limit=100", who, "", &all)
			for _, x := range all.Items {
				page := b.get("/systems/" + itoa(int(x.ID)))
				if notice := strings.Contains(page.text(), `id="offcloud-finding"`); notice != listed[x.ID] {
					t.Errorf("%s %s (%s, %s, %q): notice %v, listed %v", x.Code, x.Name, x.Hosting, x.Network, x.CloudExemption, notice, listed[x.ID])
				}
			}
			if listed[withPlan] {
				t.Error("a system with an open migration plan is listed as without one")
			}
		}
	})
}

// offCloud reports whether the rules find the system off the cloud where ENV-P1 wants it on (a
// live ENV-P1.off-cloud finding).
func (s *site) offCloud(id int64) bool {
	s.t.Helper()
	off, err := s.svc.DB().Read().HasLiveFinding(s.ctx, domain.SubjectSystem, id, domain.RuleOffCloud)
	if err != nil {
		s.t.Fatal(err)
	}
	return off
}
