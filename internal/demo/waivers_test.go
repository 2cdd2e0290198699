package demo_test

import (
	"strings"
	"testing"
	"time"

	"archgov/internal/app"
	"archgov/internal/demo"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// TestDemoFindings: the demo district shows what the governance rules find (issue 11) for
// several clauses, the waivers' course (one approved, its finding waived; one waiting for the
// office), and nothing for the systems ENV-P1 leaves out (XC-SYS-0043 社会保险经办系统, 市人社局统建;
// XC-SYS-0036 社区矫正信息管理系统 on the 省司法行政专网), at both of the demo's clocks.
func TestDemoFindings(t *testing.T) {
	t.Parallel()
	for name, at := range map[string]time.Time{"march": march, "november": november} {
		t.Run(name, func(t *testing.T) {
			onEveryBackend(t, at, func(t *testing.T, svc *app.Service) {
				counts, err := svc.CountFindingsBy(ctx, cli, app.FindingFilter{})
				if err != nil {
					t.Fatal(err)
				}
				byClause := map[string]int{}
				for _, c := range counts.ByClause {
					byClause[c.Key] = c.N
				}
				for _, cl := range []string{"ENV-P1", "ENV-R2", "ENV-R3", "PTL-R3", "PTL-R4", "SHR-R8", "ORG-1"} {
					if byClause[cl] == 0 {
						t.Errorf("no live finding cites %s: %v", cl, byClause)
					}
				}

				// Nothing for the systems a higher level built on a 部门专网.
				sys, err := svc.Systems(ctx, cli, store.SystemFilter{})
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range sys.Items {
					if s.Code != "XC-SYS-0043" && s.Code != "XC-SYS-0036" {
						continue
					}
					fs, err := svc.Findings(ctx, cli, app.FindingFilter{Kind: domain.SubjectSystem, SubjectID: s.ID, All: true})
					if err != nil || len(fs.Items) > 0 {
						t.Errorf("%s has findings %v (%v)", s.Code, fs.Items, err)
					}
				}

				// The waivers: each seed's, with its finding following it.
				ws, err := svc.Waivers(ctx, cli, app.WaiverFilter{})
				if err != nil {
					t.Fatal(err)
				}
				if len(ws.Items) != len(demo.Waivers) {
					t.Fatalf("%d waivers, want %d", len(ws.Items), len(demo.Waivers))
				}
				statuses := map[domain.WaiverStatus]int{}
				for _, w := range ws.Items {
					statuses[w.Status]++
					if w.Reason == "" || !w.ExpiresOn.After(svc.Today()) || w.SubjectName == "" || w.UnitName == "" {
						t.Errorf("waiver %+v", w)
					}
					fs, err := svc.Findings(ctx, cli, app.FindingFilter{Kind: w.SubjectKind, SubjectID: w.SubjectID, RuleID: w.RuleID})
					if err != nil || len(fs.Items) != 1 {
						t.Fatalf("the finding of waiver %d: %v %v", w.ID, fs.Items, err)
					}
					want := map[domain.WaiverStatus]domain.FindingStatus{domain.WaiverApproved: domain.FindingWaived, domain.WaiverRequested: domain.FindingOpen}[w.Status]
					if fs.Items[0].Status != want {
						t.Errorf("waiver %d %s: its finding is %s, want %s", w.ID, w.Status, fs.Items[0].Status, want)
					}
					if w.Status == domain.WaiverApproved && (w.Comment == "" || !strings.HasPrefix(w.SubjectName, "XC-SYS-")) {
						t.Errorf("approved waiver %+v", w)
					}
				}
				if statuses[domain.WaiverApproved] != 1 || statuses[domain.WaiverRequested] != 1 {
					t.Errorf("waiver statuses %v, want one approved and one waiting", statuses)
				}
				// The office is told of the waiting request.
				n, err := svc.CountWaivers(ctx, cli, app.WaiverFilter{Status: domain.WaiverRequested})
				if err != nil || n != 1 {
					t.Errorf("waiting requests %d %v", n, err)
				}
			})
		})
	}
}
