package app

// INTERIM (dupflow branch only): a stand-in for the duplicate-construction check's engine
// (internal/app/dupcheck.go, built on another branch) with the same two signatures, so that the
// application workflow can be built and tested. It is deleted at the merge. It ranks the
// district's non-classified systems in service or under construction by the CJK character pairs
// their name and purpose share with the proposal's name, content and function points; nothing
// else (no catalog entries, no components).

import (
	"context"
	"math"
	"slices"
	"strings"
	"unicode"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// CheckDuplicates ranks what the district has against a proposal (interim).
func (s *Service) CheckDuplicates(ctx context.Context, a domain.Actor, p domain.Proposal, limit int) (*domain.DupResult, error) {
	if !a.System && authz.Can(a, authz.ProjectRead, authz.Resource{Kind: authz.KindProject}) != nil {
		return nil, domain.Forbidden()
	}
	return interimRank(ctx, s.db.Read(), p, limit)
}

// duplicatesTx is CheckDuplicates inside a transaction, for the submission's gate (interim).
func (s *Service) duplicatesTx(ctx context.Context, tx *store.Tx, p domain.Proposal, limit int) (*domain.DupResult, error) {
	return interimRank(ctx, tx.Reader, p, limit)
}

// interimStop are pairs too common in system names to tell anything.
var interimStop = map[string]bool{"系统": true, "平台": true, "管理": true, "建设": true, "信息": true, "服务": true, "数据": true, "功能": true, "实现": true, "支持": true}

func interimPairs(text string) []string {
	var out []string
	seen := map[string]bool{}
	var prev rune
	for _, r := range text {
		if unicode.Is(unicode.Han, r) {
			if prev != 0 {
				if b := string([]rune{prev, r}); !interimStop[b] && !seen[b] {
					seen[b] = true
					out = append(out, b)
				}
			}
			prev = r
		} else {
			prev = 0
		}
	}
	return out
}

func interimShared(a, b []string) []string {
	var out []string
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func interimRank(ctx context.Context, r store.Reader, p domain.Proposal, limit int) (*domain.DupResult, error) {
	res := &domain.DupResult{Threshold: domain.DefaultDupThreshold, Matches: []domain.DupMatch{}}
	systems, err := r.Systems(ctx, authz.Scope{All: true}, store.SystemFilter{})
	if err != nil {
		return nil, err
	}
	proposal := interimPairs(p.Name + "\n" + p.Content + "\n" + strings.Join(p.Functions, "\n"))
	name := interimPairs(p.Name)
	for _, sys := range systems {
		if sys.Classification != domain.Unclassified || slices.Contains(p.ExcludeSystemIDs, sys.ID) ||
			(sys.Status != domain.StatusRunning && sys.Status != domain.StatusUnderConstruction) {
			continue
		}
		text := sys.Name + "。" + sys.Purpose
		pairs := interimPairs(text)
		shared := interimShared(pairs, proposal)
		if len(pairs) == 0 || len(shared) == 0 {
			continue
		}
		sysName := interimPairs(sys.Name)
		nameShared := interimShared(name, sysName)
		dice := 0.0
		if len(name)+len(sysName) > 0 {
			dice = 2 * float64(len(nameShared)) / float64(len(name)+len(sysName))
		}
		// How much of the system's own words the proposal repeats (when it repeats a few at least),
		// or how alike the names are, whichever is more.
		coverage := 0.0
		if len(shared) >= 4 {
			coverage = float64(len(shared)) / float64(len(pairs))
		}
		m := domain.DupMatch{Kind: domain.DupSystem, ID: sys.ID, Name: sys.Name, UnitID: sys.UnitID, UnitName: sys.UnitName,
			Score: int(math.Round(100 * max(dice, coverage))), NameScore: int(math.Round(100 * dice)), Terms: shared, Functions: []domain.DupFunction{}}
		m.Above = m.Score >= res.Threshold
		sentences := strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("。；;，,、\n", r) })
		for _, f := range p.Functions {
			fp := interimPairs(f)
			best := domain.DupFunction{}
			for _, sn := range sentences {
				if sh := interimShared(fp, interimPairs(sn)); len(sh) > len(best.Terms) {
					best = domain.DupFunction{Function: f, Matched: sn, Terms: sh, Score: int(math.Round(100 * float64(len(sh)) / float64(len(fp))))}
				}
			}
			if best.Function != "" {
				m.Functions = append(m.Functions, best)
			}
		}
		res.Matches = append(res.Matches, m)
	}
	slices.SortStableFunc(res.Matches, func(a, b domain.DupMatch) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return int(a.ID - b.ID)
	})
	if limit > 0 && len(res.Matches) > limit {
		res.Matches = res.Matches[:limit]
	}
	return res, nil
}
