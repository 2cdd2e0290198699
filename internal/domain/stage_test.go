package domain_test

import (
	"slices"
	"strings"
	"testing"

	"archgov/internal/domain"
)

// The stage table (FLOW-4): each step from each stage by each side, the office confirming and
// accepting, the unit applying and reporting; a move on without materials and an acceptance
// failing its gates are refused naming every missing thing (SHR-R4, BLD-R4).
func TestStageFlow(t *testing.T) {
	reqs := []domain.TaskRequirement{{Clause: "ENV-R1"}, {Clause: "SHR-R3"}}
	full := &domain.StageMaterials{Responses: []domain.ProjectResponse{{Clause: "ENV-R1", Answer: domain.AnswerComply}, {Clause: "SHR-R3", Answer: domain.AnswerComply}}}
	ready := domain.StageCheck{Requirements: reqs, Materials: full, Files: 1, Actuals: true}
	office, unit := []domain.SystemActor{domain.ByOffice}, []domain.SystemActor{domain.ByUnit}
	for _, c := range []struct {
		from domain.ProjectStage
		act  domain.StageAction
		who  []domain.SystemActor
		to   domain.ProjectStage
		code domain.Code
	}{
		{domain.StageBidding, domain.StageFinishBidding, office, domain.StageDesign, ""},
		{domain.StageBidding, domain.StageFinishBidding, unit, "", domain.EForbidden},
		{domain.StageBidding, domain.StageFinishDesign, office, "", domain.EConflict},
		{domain.StageDesign, domain.StageFinishDesign, office, domain.StageImplementation, ""},
		{domain.StageImplementation, domain.StageApplyAcceptance, unit, domain.StageAcceptance, ""},
		{domain.StageImplementation, domain.StageApplyAcceptance, office, "", domain.EForbidden},
		{domain.StageAcceptance, domain.StageAccept, office, domain.StageAccepted, ""},
		{domain.StageAcceptance, domain.StageAccept, unit, "", domain.EForbidden},
		{domain.StageAccepted, domain.StageStartOperation, unit, domain.StageOperation, ""},
		{domain.StageAccepted, domain.StageStartOperation, office, domain.StageOperation, ""},
		{domain.StageOperation, domain.StageAccept, office, "", domain.EConflict},
		{"", domain.StageFinishBidding, office, "", domain.EConflict},
	} {
		chk := ready
		chk.Stage = c.from
		to, err := domain.StageFlow.Next(c.from, c.act, c.who, "", chk)
		if domain.ErrorCode(err) != c.code && !(c.code == "" && err == nil) || to != c.to {
			t.Errorf("%s %s by %v: %q, %v; want %q, %q", c.from, c.act, c.who, to, err, c.to, c.code)
		}
	}
	// A return needs the comment.
	if _, err := domain.StageFlow.Next(domain.StageAcceptance, domain.StageReturnAcceptance, office, "", ready); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("return without comment: %v", err)
	}

	// Without materials: the materials and the files named.
	bare := domain.StageCheck{Stage: domain.StageBidding, Requirements: reqs}
	_, err := domain.StageFlow.Next(domain.StageBidding, domain.StageFinishBidding, office, "", bare)
	wantFields(t, err, "materials.bidding", "materials.bidding.files")
	// A response missing: that clause named.
	part := bare
	part.Materials, part.Files = &domain.StageMaterials{Responses: full.Responses[:1]}, 1
	_, err = domain.StageFlow.Next(domain.StageBidding, domain.StageFinishBidding, office, "", part)
	wantFields(t, err, "materials.bidding.responses.SHR-R3")

	// Acceptance: every gate at once (the catalog published, SHR-R4, is the rules engine's).
	gates := domain.StageCheck{Stage: domain.StageAcceptance, Requirements: reqs, Materials: full, Files: 1,
		Catalog:  []*domain.CatalogEntry{{ID: 7, Name: "数据", Status: domain.CatRegistered}, {ID: 8, Status: domain.CatPublished}},
		Systems:  []*domain.System{{ID: 3, Name: "新系统", Status: domain.StatusUnderConstruction, Classification: domain.Unclassified, Purpose: "x"}},
		Cloud:    []*domain.CloudRequest{{ID: 5, Status: domain.CloudDraft}, {ID: 6, Status: domain.CloudApproved}},
		Replaced: []*domain.System{{ID: 9}}}
	_, err = domain.StageFlow.Next(domain.StageAcceptance, domain.StageAccept, office, "", gates)
	wantFields(t, err, "gates.systems.3", "gates.cloud.5", "gates.actuals", "gates.replacement")
	for _, f := range []string{"gates.catalog.7", "gates.catalog.8", "gates.cloud.6", "materials.acceptance"} {
		if slices.Contains(fieldNames(err), f) {
			t.Errorf("%s named: %v", f, fieldsOf(err))
		}
	}
	if got := domain.SystemGaps(gates.Systems[0]); !slices.Equal(got, []string{"vendor", "user_levels"}) {
		t.Errorf("gaps %v", got)
	}
}

// The materials answer exactly the task book's requirements (FLOW-4).
func TestStageMaterialsCheck(t *testing.T) {
	reqs := []domain.TaskRequirement{{Clause: "ENV-R1"}, {Clause: "SHR-R3"}, {Clause: "BLD-P3"}}
	m := &domain.StageMaterials{Responses: []domain.ProjectResponse{
		{Clause: "SHR-R3", Answer: domain.AnswerPartial},
		{Clause: "XX-1", Answer: domain.AnswerComply},
		{Clause: "BLD-P3", Answer: domain.AnswerNA, Text: "不涉及"},
		{Clause: "BLD-P3", Answer: domain.AnswerComply},
	}}
	err := m.Check(reqs)
	wantFields(t, err, "responses.SHR-R3", "responses.1.clause", "responses.3.clause", "responses.ENV-R1")
	ok := &domain.StageMaterials{Responses: []domain.ProjectResponse{{Clause: "BLD-P3", Answer: domain.AnswerComply},
		{Clause: "ENV-R1", Answer: domain.AnswerComply}, {Clause: "SHR-R3", Answer: domain.AnswerPartial, Text: "二期完成"}}}
	if err := ok.Check(reqs); err != nil || ok.Responses[0].Clause != "ENV-R1" {
		t.Fatalf("%v, %+v (want the task book's order)", err, ok.Responses)
	}
}

// wantFields checks that err names each of the fields (fieldsOf gives field=key).
func wantFields(t *testing.T, err error, want ...string) {
	t.Helper()
	for _, f := range want {
		if !slices.Contains(fieldNames(err), f) {
			t.Errorf("error %v names %v, want %q among them", err, fieldsOf(err), f)
		}
	}
}

func fieldNames(err error) []string {
	var out []string
	for _, f := range fieldsOf(err) {
		out = append(out, strings.SplitN(f, "=", 2)[0])
	}
	return out
}
