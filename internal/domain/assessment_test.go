package domain_test

import (
	"testing"

	"archgov/internal/domain"
)

// The scoring of ORG-3 as docs/guide/assessment.md states it: points = round(weight × rate, 2),
// nothing to measure counts in full, findings per system bottom out at 0, the total is the sum.
func TestScoreUnit(t *testing.T) {
	ev := func(met ...bool) []domain.Evidence {
		out := make([]domain.Evidence, len(met))
		for i, m := range met {
			out[i] = domain.Evidence{ID: int64(i + 1), Met: m}
		}
		return out
	}
	weights := []domain.IndicatorWeight{{Code: domain.IndCloud, Weight: 20}, {Code: domain.IndRooms, Weight: 10},
		{Code: domain.IndCatalog, Weight: 15}, {Code: domain.IndFindings, Weight: 55}}
	items, total := domain.ScoreUnit(weights, map[domain.Indicator][]domain.Evidence{
		domain.IndCloud:    ev(true, true, false),          // 2/3 × 20 = 13.333… → 13.33
		domain.IndCatalog:  ev(true, false, false),         // 1/3 × 15 = 5
		domain.IndFindings: ev(false, false, false, false), // 1 − 4/10 = 0.6 × 55 = 33
	}, map[domain.Indicator]int{domain.IndFindings: 10})
	want := []struct {
		num, den int
		points   float64
		na       bool
	}{{2, 3, 13.33, false}, {0, 0, 10, true}, {1, 3, 5, false}, {4, 10, 33, false}}
	for i, w := range want {
		it := items[i]
		if it.Num != w.num || it.Den != w.den || it.Points != w.points || it.NA != w.na {
			t.Errorf("%s: %d/%d %.2f na=%v, want %d/%d %.2f na=%v", it.Code, it.Num, it.Den, it.Points, it.NA, w.num, w.den, w.points, w.na)
		}
	}
	if total != 61.33 {
		t.Errorf("total %.2f, want 61.33", total)
	}
	// More open findings than systems: 0, not negative; findings without systems: 0.
	for _, systems := range []int{2, 0} {
		items, _ = domain.ScoreUnit([]domain.IndicatorWeight{{Code: domain.IndFindings, Weight: 100}},
			map[domain.Indicator][]domain.Evidence{domain.IndFindings: ev(false, false, false)}, map[domain.Indicator]int{domain.IndFindings: systems})
		if items[0].Points != 0 || items[0].NA {
			t.Errorf("3 findings on %d systems: %.2f points", systems, items[0].Points)
		}
	}
}

func TestRankTies(t *testing.T) {
	s := []*domain.UnitScore{{UnitID: 3, Score: 80}, {UnitID: 1, Score: 90}, {UnitID: 2, Score: 80}, {UnitID: 4, Score: 70}}
	domain.Rank(s)
	got := []int{s[0].Rank, s[1].Rank, s[2].Rank, s[3].Rank}
	if s[0].UnitID != 1 || s[1].UnitID != 2 || got[1] != 2 || got[2] != 2 || got[3] != 4 {
		t.Errorf("ranks %v of units %d %d %d %d", got, s[0].UnitID, s[1].UnitID, s[2].UnitID, s[3].UnitID)
	}
}
