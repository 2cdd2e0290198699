package domain_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"archgov/internal/domain"
)

// The plan lifecycle as a matrix: every (state, action, actor) either leads where the table
// says or is refused with the right kind of error.
func TestPlanSteps(t *testing.T) {
	unit, office := []domain.SystemActor{domain.ByUnit}, []domain.SystemActor{domain.ByOffice}
	type want struct {
		to   domain.PlanStatus
		code domain.Code
	}
	cases := map[domain.PlanStatus]map[domain.PlanAction]want{
		domain.PlanPlanned: {domain.PlanStart: {domain.PlanInProgress, ""}, domain.PlanCancel: {domain.PlanCancelled, ""},
			domain.PlanBack: {"", domain.EConflict}, domain.PlanComplete: {"", domain.EConflict}, domain.PlanReopen: {"", domain.EConflict}},
		domain.PlanInProgress: {domain.PlanBack: {domain.PlanPlanned, ""}, domain.PlanComplete: {"done", ""}, domain.PlanCancel: {domain.PlanCancelled, ""},
			domain.PlanStart: {"", domain.EConflict}, domain.PlanReopen: {"", domain.EConflict}},
		domain.PlanCancelled: {domain.PlanReopen: {domain.PlanPlanned, ""}, domain.PlanStart: {"", domain.EConflict}, domain.PlanComplete: {"", domain.EConflict},
			domain.PlanCancel: {"", domain.EConflict}, domain.PlanBack: {"", domain.EConflict}},
	}
	running := &domain.System{Status: domain.StatusRunning}
	for _, done := range []domain.PlanStatus{domain.PlanMigrated, domain.PlanDocked} {
		flow := domain.MigrationPlanFlow
		if done == domain.PlanDocked {
			flow = domain.DockingPlanFlow
		}
		cases[done] = map[domain.PlanAction]want{}
		for _, a := range domain.PlanActions {
			cases[done][a] = want{"", domain.EConflict} // done is final
		}
		for from, acts := range cases {
			for act, w := range acts {
				for _, who := range [][]domain.SystemActor{unit, office} {
					got, err := flow.Next(from, act, who, "理由", running)
					wantTo := w.to
					if wantTo == "done" {
						wantTo = done
					}
					if domain.ErrorCode(err) != w.code || got != wantTo {
						t.Errorf("%s %s by %v (done %s): %q %v, want %q %q", from, act, who, done, got, err, wantTo, w.code)
					}
				}
				// Nobody in a capacity: refused (forbidden) when the step exists from here.
				if _, err := flow.Next(from, act, nil, "理由", running); w.code == "" && domain.ErrorCode(err) != domain.EForbidden {
					t.Errorf("%s %s by nobody: %v", from, act, err)
				}
			}
		}
	}
	if _, err := domain.MigrationPlanFlow.Next(domain.PlanPlanned, "jump", unit, "", running); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("unknown action: %v", err)
	}
	if got := domain.MigrationPlanFlow.Available(domain.PlanInProgress, office, running); !slices.Equal(got, []domain.PlanAction{domain.PlanBack, domain.PlanComplete, domain.PlanCancel}) {
		t.Errorf("steps from in progress: %v", got)
	}
}

func TestMigrationPlanValidate(t *testing.T) {
	day := time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)
	ok := func() domain.MigrationPlan {
		return domain.MigrationPlan{SystemID: 1, Difficulty: domain.DifficultyLow, TargetResources: "政务云 4 vCPU", Node: domain.NodeOM, PlannedDate: day, Status: domain.PlanPlanned}
	}
	for _, c := range []struct {
		name  string
		edit  func(p *domain.MigrationPlan)
		field string
	}{
		{"valid low without reasons", func(p *domain.MigrationPlan) {}, ""},
		{"high without reasons", func(p *domain.MigrationPlan) { p.Difficulty = domain.DifficultyHigh; p.DifficultyReasons = "  " }, "difficulty_reasons"},
		{"medium without reasons", func(p *domain.MigrationPlan) { p.Difficulty = domain.DifficultyMedium }, "difficulty_reasons"},
		{"high with reasons", func(p *domain.MigrationPlan) {
			p.Difficulty = domain.DifficultyHigh
			p.DifficultyReasons = "专用硬件"
		}, ""},
		{"bad difficulty", func(p *domain.MigrationPlan) { p.Difficulty = "extreme" }, "difficulty"},
		{"no target", func(p *domain.MigrationPlan) { p.TargetResources = " " }, "target_resources"},
		{"bad node", func(p *domain.MigrationPlan) { p.Node = "rebuild" }, "node"},
		{"no date", func(p *domain.MigrationPlan) { p.PlannedDate = time.Time{} }, "planned_date"},
		{"docked is not a migration state", func(p *domain.MigrationPlan) { p.Status = domain.PlanDocked }, "status"},
	} {
		p := ok()
		c.edit(&p)
		err := p.Validate()
		if c.field == "" && err != nil || c.field != "" && (domain.ErrorCode(err) != domain.EInvalid || domain.AsError(err).Field != c.field) {
			t.Errorf("%s: %v, want field %q", c.name, err, c.field)
		}
	}
}

func TestSystemSharingValidate(t *testing.T) {
	base := func() domain.System {
		return domain.System{Code: "XC-1", Name: "x", UnitID: 1, Classification: domain.Unclassified, Status: domain.StatusRunning,
			Category: domain.CategoryBusiness, Hosting: domain.HostingCloud, Network: domain.NetworkExtranet}
	}
	s := base()
	s.ExchangeChannels = []domain.ExchangeChannel{domain.ExchangeOther, domain.ExchangePlatform, domain.ExchangeOther}
	s.BaseData = []domain.BaseDataUse{{Library: domain.LibGeo, State: domain.DockNone}, {Library: domain.LibPopulation, State: domain.DockDocked}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.ExchangeChannels, []domain.ExchangeChannel{domain.ExchangePlatform, domain.ExchangeOther}) || s.BaseData[0].Library != domain.LibPopulation {
		t.Fatalf("normalized %v %v", s.ExchangeChannels, s.BaseData)
	}
	for name, edit := range map[string]func(*domain.System){
		"bad channel": func(s *domain.System) { s.ExchangeChannels = []domain.ExchangeChannel{"ftp"} },
		// The domain checks a code's form; whether "weather" is a library is the app's check
		// against the table (issue 4).
		"bad library": func(s *domain.System) {
			s.BaseData = []domain.BaseDataUse{{Library: "Weather data", State: domain.DockDocked}}
		},
		"bad state": func(s *domain.System) { s.BaseData = []domain.BaseDataUse{{Library: domain.LibGeo, State: "maybe"}} },
		"library twice": func(s *domain.System) {
			s.BaseData = []domain.BaseDataUse{{domain.LibGeo, domain.DockNone}, {domain.LibGeo, domain.DockDocked}}
		},
	} {
		s := base()
		edit(&s)
		if err := s.Validate(); domain.ErrorCode(err) != domain.EInvalid {
			t.Errorf("%s: %v", name, err)
		}
	}
	// 涉密: minimal metadata only.
	c := domain.System{Code: "XC-2", Name: "x", UnitID: 1, Classification: domain.Classified, Status: domain.StatusRunning,
		ExchangeChannels: []domain.ExchangeChannel{domain.ExchangeDirect}}
	if err := c.Validate(); domain.AsError(err).Field != "classification" {
		t.Errorf("classified with channels: %v", err)
	}
}

// TestLibraryCode: a library code is lowercase, a letter first, 2 to 32 letters, digits and
// underscores; the seeded libraries come first in their order, added ones after by code.
func TestLibraryCode(t *testing.T) {
	for code, want := range map[domain.BaseLibrary]bool{"population": true, "macro_economy": true, "l2": true,
		"": false, "x": false, "Macro": false, "2lib": false, "_lib": false, "macro-economy": false, "a" + domain.BaseLibrary(strings.Repeat("b", 31)): true,
		"a" + domain.BaseLibrary(strings.Repeat("b", 32)): false} {
		if got := code.Valid(); got != want {
			t.Errorf("%q.Valid() = %v, want %v", code, got, want)
		}
	}
	ls := []domain.BaseLibrary{"macro_economy", domain.LibLicense, "agri", domain.LibPopulation}
	slices.SortFunc(ls, domain.CompareLibraries)
	if want := []domain.BaseLibrary{domain.LibPopulation, domain.LibLicense, "agri", "macro_economy"}; !slices.Equal(ls, want) {
		t.Errorf("order %v, want %v", ls, want)
	}
}
