package dupcheck

import (
	"testing"

	"archgov/internal/domain"
)

func TestWeightIsRarity(t *testing.T) {
	st := Stats{N: 100, DF: map[string]int{"系统": 40, "登记": 5, "蟹扣": 1}}
	if w := st.Weight("系统"); w != 0 {
		t.Errorf("a term in 40%% of the candidates weighs %v, want 0 (generic)", w)
	}
	if a, b := st.Weight("登记"), st.Weight("蟹扣"); !(0 < a && a < b) {
		t.Errorf("登记 %v, 蟹扣 %v: the rarer term must weigh more", a, b)
	}
}

func TestRankExplains(t *testing.T) {
	docs := []Doc{
		{Kind: domain.DupSystem, ID: 1, Name: "不动产登记系统", UnitName: "自然资源分局", Texts: []string{"不动产首次、转移、抵押登记和权属查询"}},
		{Kind: domain.DupSystem, ID: 2, Name: "婚姻登记管理系统", Texts: []string{"结婚、离婚登记和婚姻登记档案查询"}},
		{Kind: domain.DupCatalog, ID: 3, Name: "河道信息", Texts: []string{"河道名称、长度"}},
	}
	st := Stats{N: 3, DF: map[string]int{}}
	for _, d := range docs {
		for _, term := range DocTerms(d) {
			st.DF[term]++
		}
	}
	p := domain.Proposal{Name: "不动产权属登记平台", Functions: []string{"抵押权登记", "权属证明查询", "河道巡查"}}
	ms := Rank(p, map[domain.DupKind]Stats{domain.DupSystem: st, domain.DupCatalog: st}, docs, 60, 10)
	if len(ms) < 2 || ms[0].ID != 1 {
		t.Fatalf("ranking %+v, want 不动产登记系统 first", ms)
	}
	m := ms[0]
	if m.Score <= ms[1].Score || m.NameScore == 0 || len(m.Terms) == 0 || m.UnitName != "自然资源分局" {
		t.Errorf("first match %+v", m)
	}
	if len(m.Functions) != 2 || m.Functions[0].Function != "抵押权登记" || m.Functions[0].Matched != "不动产首次、转移、抵押登记和权属查询" {
		t.Errorf("function points %+v: want the two that overlap, with the purpose they overlap", m.Functions)
	}
	// Deterministic: the same input gives the same answer.
	again := Rank(p, map[domain.DupKind]Stats{domain.DupSystem: st, domain.DupCatalog: st}, docs, 60, 10)
	if again[0].Score != m.Score || again[0].Terms[0] != m.Terms[0] {
		t.Errorf("not deterministic: %+v, %+v", m, again[0])
	}
}

func TestHighlight(t *testing.T) {
	got := Highlight("不动产<登记>系统 OA", []string{"动产", "登记", "oa"})
	want := "不<mark>动产</mark>&lt;<mark>登记</mark>&gt;系统 <mark>OA</mark>"
	if string(got) != want {
		t.Errorf("Highlight = %s, want %s", got, want)
	}
}
