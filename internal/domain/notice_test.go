package domain

import "testing"

// fieldsOf counts the problems of err by field.
func fieldsOf(err error) map[string]int {
	got := map[string]int{}
	if err != nil {
		for _, e := range AsError(err).Fields() {
			got[e.Field]++
		}
	}
	return got
}

func TestNoticeAndStandardValidateNameEveryProblem(t *testing.T) {
	n := Notice{Title: " ", Kind: "memo"}
	if got := fieldsOf(n.Validate()); got["title"] != 1 || got["kind"] != 1 {
		t.Errorf("notice problems %v", got)
	}
	n = Notice{Title: "通知"}
	if err := n.Validate(); err != nil || n.Kind != NoticeNotice {
		t.Errorf("a notice without a kind: %v %s", err, n.Kind)
	}
	s := Standard{Code: "xc jk 1", Kind: "law", Library: "Bad Lib", URL: "ftp://x"}
	got := fieldsOf(s.Validate())
	for _, f := range []string{"code", "name", "kind", "library", "edition", "url"} {
		if got[f] != 1 {
			t.Errorf("standard field %s: %d problems (all %v)", f, got[f], got)
		}
	}
	s = Standard{Code: " xc-jk-001 ", Name: "人口库接口规范", Kind: StdInterface, Library: LibPopulation, Edition: "V2.1"}
	if err := s.Validate(); err != nil || s.Code != "XC-JK-001" || s.Title() != "人口库接口规范 V2.1" {
		t.Errorf("a good standard: %v %q %q", err, s.Code, s.Title())
	}
}

// ORG-4, ORG-5: the office publishes (what it needs named), a published record is not
// published again, a notice is withdrawn with its reason, a version is superseded by the system.
func TestNoticeAndStandardFlows(t *testing.T) {
	n := &Notice{Title: "通知", Kind: NoticeNotice, Status: NoticeDraft}
	if _, err := NoticeFlow.Next(n.Status, NoticePublish, []NoticeActor{NoticeOffice}, "", n); fieldsOf(err)["body"] != 1 {
		t.Errorf("publishing without a body: %v", err)
	}
	n.Body = "正文"
	if to, err := NoticeFlow.Next(n.Status, NoticePublish, []NoticeActor{NoticeOffice}, "", n); err != nil || to != NoticePublished {
		t.Errorf("publish: %s %v", to, err)
	}
	if _, err := NoticeFlow.Next(NoticePublished, NoticeWithdraw, []NoticeActor{NoticeOffice}, " ", n); fieldsOf(err)["withdraw_note"] != 1 {
		t.Errorf("withdrawing without a reason: %v", err)
	}
	if _, err := NoticeFlow.Next(NoticeWithdrawn, NoticePublish, []NoticeActor{NoticeOffice}, "", n); ErrorCode(err) != EConflict {
		t.Errorf("publishing a withdrawn notice: %v", err)
	}
	s := &Standard{Status: StdDraft}
	if got := fieldsOf(func() error {
		_, err := StandardFlow.Next(s.Status, StdPublish, []StandardActor{StdOffice}, "", s)
		return err
	}()); got["effective_date"] != 1 || got["summary"] != 1 {
		t.Errorf("publishing a bare draft: %v", got)
	}
	if _, err := StandardFlow.Next(StdPublished, StdReplace, []StandardActor{StdOffice}, "", s); ErrorCode(err) != EForbidden {
		t.Errorf("the office superseding by hand: %v", err)
	}
	if to, err := StandardFlow.Next(StdPublished, StdReplace, []StandardActor{StdSystem}, "", s); err != nil || to != StdSuperseded {
		t.Errorf("supersede: %s %v", to, err)
	}
}

// A docking plan names a standard version, or keeps the text typed before standards were
// published; with neither, the standard is what it lacks.
func TestDockingPlanNeedsAStandard(t *testing.T) {
	p := DockingPlan{SystemID: 1, Library: LibPopulation, Node: NodeOM, PlannedDate: day(2027, 1, 1), Status: PlanPlanned}
	if err := p.Validate(); fieldsOf(err)["standard_id"] != 1 {
		t.Errorf("a plan naming no standard: %v", err)
	}
	p.StandardID = 3
	if err := p.Validate(); err != nil {
		t.Errorf("a plan naming a version: %v", err)
	}
	p.StandardID, p.InterfaceVersion = 0, "人口库接口规范 v2"
	if err := p.Validate(); err != nil {
		t.Errorf("a plan with the text typed before: %v", err)
	}
}
