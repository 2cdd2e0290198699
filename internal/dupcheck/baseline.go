package dupcheck

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"archgov/internal/domain"
)

// BaselineScore is the plain baseline the check is measured against (issue 15, "Quality,
// measured"): the cosine of TF-IDF-weighted character-pair vectors of the proposal's whole text
// (name, content, function points) and the candidate's name and description, 0–1. It knows
// nothing of names, function points or generic terms; idf is ln((N+1)/(df+1)) from st.
func BaselineScore(p domain.Proposal, d Doc, st Stats) float64 {
	a := tfidf(p.Name+"\n"+p.Content+"\n"+strings.Join(p.Functions, "\n"), st)
	b := tfidf(d.Name+"\n"+strings.Join(d.Texts, "\n"), st)
	var dot, na, nb float64
	for t, x := range a {
		na += x * x
		dot += x * b[t]
	}
	for _, y := range b {
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

func tfidf(text string, st Stats) map[string]float64 {
	v := map[string]float64{}
	for _, t := range termsWithRepeats(text) {
		v[t]++
	}
	for t, tf := range v {
		idf := 1.0
		if st.N > 0 {
			idf = math.Log(float64(st.N+1) / float64(st.DF[t]+1))
		}
		v[t] = tf * idf
	}
	return v
}

// termsWithRepeats is Terms with every occurrence kept (term frequency).
func termsWithRepeats(text string) []string {
	var out []string
	for _, line := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' }) {
		// Terms dedups; count a term once per clause, which for short texts is its frequency.
		for _, cl := range strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune("。；;，,、 ", r) }) {
			out = append(out, Terms(cl)...)
		}
	}
	return out
}

// BaselineRank orders docs by BaselineScore, best first (ties: lower id), at most limit, with
// their scores.
func BaselineRank(p domain.Proposal, docs []Doc, st Stats, limit int) ([]Doc, []float64) {
	type s struct {
		d Doc
		x float64
	}
	all := make([]s, 0, len(docs))
	for _, d := range docs {
		all = append(all, s{d, BaselineScore(p, d, st)})
	}
	slices.SortFunc(all, func(a, b s) int {
		if c := cmp.Compare(b.x, a.x); c != 0 {
			return c
		}
		return cmp.Compare(a.d.ID, b.d.ID)
	})
	all = all[:min(limit, len(all))]
	ds, xs := make([]Doc, len(all)), make([]float64, len(all))
	for i, x := range all {
		ds[i], xs[i] = x.d, x.x
	}
	return ds, xs
}
