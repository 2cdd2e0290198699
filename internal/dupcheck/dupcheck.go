// Package dupcheck ranks what a proposed project says it will build against what the district
// already has (the duplicate-construction check, 应用查重, issue 15): registered systems,
// published catalog entries and shared components. It is pure — the store finds the candidates
// and counts the document frequencies, this package scores them — deterministic, and built to
// be explained to an office worker (docs/DUPCHECK.md).
//
// Words are the terms of the search index (internal/search): in Chinese every pair of
// neighbouring characters (不动产 → 不动 动产), in Latin script every word. A term's weight is
// how rare it is among the candidates (inverse document frequency, ln(N+1 / df+1)): 大闸蟹's
// pairs weigh a lot, 系统 and 信息 almost nothing, and a term found in more than GenericShare of
// the candidates weighs nothing at all. So there is no hand-kept list of generic words: the
// corpus decides, and a district whose systems are all 平台 learns that 平台 says nothing.
//
// A candidate's score (0–100) is three similarities, each a share of weighted terms:
//
//   - names (NameWeight): the weighted terms the two names have in common, against the
//     weighted terms of both names (Dice: 2·common / (proposal + candidate));
//   - function points (FunctionWeight): for each of the proposal's function points, the share
//     of its weighted terms found in the candidate (its name, description or function points),
//     averaged over the function points; each point is reported with the candidate's sentence
//     it overlaps most and the terms they share;
//   - everything (ContentWeight): the weighted terms of the whole proposal (name, content,
//     function points) in common with the whole candidate, against both (cosine of the two
//     weighted term sets).
//
// Without function points, their weight goes to the names and the content in proportion.
package dupcheck

import (
	"cmp"
	"html"
	"html/template"
	"math"
	"slices"
	"strings"
	"unicode"

	"archgov/internal/domain"
	"archgov/internal/search"
)

// The weights of the three similarities in the score; they sum to 1.
const (
	NameWeight     = 0.35
	FunctionWeight = 0.40
	ContentWeight  = 0.25
)

// GenericShare: a term found in more than this share of the candidates, and in more than
// GenericMin of them, weighs nothing (系统, 信息, 管理 in most districts). The minimum keeps a
// small register (a new district's first systems) from calling every term generic.
const (
	GenericShare = 0.08
	GenericMin   = 3
)

// GenericAbove is the document frequency above which a term is generic among n candidates.
func GenericAbove(n int) int {
	return max(int(GenericShare*float64(n)), GenericMin)
}

// Scale stretches the weighted similarity (0–1) onto the 0–100 score, capped at 100.
// Paraphrases never share all their words: on the evaluation set (testdata/eval.json, the
// demo district) the labelled duplicates' raw similarity is 0.17–0.62 (median ≈ 0.4) and the
// novel proposals' best match at most 0.21. Scale 2.4 puts the default threshold 60 at a raw
// 0.25, between the two. It was calibrated on that same set (there is no held-out set yet),
// so the threshold's margin on new proposals is an estimate, not a measurement.
const Scale = 2.4

// Doc is one candidate: an existing system, catalog entry or component, with its texts (a
// system's purpose, an entry's summary, a component's function points).
type Doc struct {
	Kind     domain.DupKind
	ID       int64
	Name     string
	UnitID   int64
	UnitName string
	Texts    []string
}

// Stats are the document frequencies the weights come from: N candidates in all, DF[term] of
// them holding term. A term missing from DF is taken to be in none.
type Stats struct {
	N  int
	DF map[string]int
}

// Weight is a term's weight: ln((N+1)/(df+1)), and 0 for a generic term (df > GenericAbove(N)).
func (s Stats) Weight(term string) float64 {
	df := s.DF[term]
	if s.N <= 0 {
		return 1
	}
	if df > GenericAbove(s.N) {
		return 0
	}
	return math.Log(float64(s.N+1) / float64(df+1))
}

// Terms are the distinct terms of text the check compares, sorted: Chinese character pairs
// (a lone character on its own), Latin and digit words (internal/search's query terms).
func Terms(text string) []string { return search.QueryTerms(text) }

// ProposalTerms are all terms of a proposal (name, content, function points): those whose
// document frequencies the caller must count.
func ProposalTerms(p domain.Proposal) []string {
	return Terms(p.Name + "\n" + p.Content + "\n" + strings.Join(p.Functions, "\n"))
}

// DocTerms are all terms of a candidate.
func DocTerms(d Doc) []string {
	return Terms(d.Name + "\n" + strings.Join(d.Texts, "\n"))
}

type termSet map[string]struct{}

func setOf(terms []string) termSet {
	s := make(termSet, len(terms))
	for _, t := range terms {
		s[t] = struct{}{}
	}
	return s
}

// scorer weighs terms, remembering each weight.
type scorer struct {
	st Stats
	w  map[string]float64
}

func (sc *scorer) weight(t string) float64 {
	if w, ok := sc.w[t]; ok {
		return w
	}
	w := sc.st.Weight(t)
	sc.w[t] = w
	return w
}

func (sc *scorer) total(s termSet) float64 {
	var sum float64
	for t := range s {
		sum += sc.weight(t)
	}
	return sum
}

// common is the weight of the terms in both sets and those terms.
func (sc *scorer) common(a, b termSet) (float64, []string) {
	if len(b) < len(a) {
		a, b = b, a
	}
	var sum float64
	var terms []string
	for t := range a {
		if _, ok := b[t]; ok {
			if w := sc.weight(t); w > 0 {
				sum += w
				terms = append(terms, t)
			}
		}
	}
	return sum, terms
}

// byWeight sorts terms heaviest first, ties in term order, and keeps at most n.
func (sc *scorer) byWeight(terms []string, n int) []string {
	slices.SortFunc(terms, func(a, b string) int {
		if c := cmp.Compare(sc.weight(b), sc.weight(a)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	if len(terms) > n {
		terms = terms[:n]
	}
	return terms
}

type proposal struct {
	name  termSet
	all   termSet
	funcs []string
	fsets []termSet
}

// Checker scores candidates against one proposal.
type Checker struct {
	sc scorer
	p  proposal
}

// NewChecker prepares p for scoring with the document frequencies st.
func NewChecker(p domain.Proposal, st Stats) *Checker {
	c := &Checker{sc: scorer{st: st, w: map[string]float64{}}}
	c.p.name = setOf(Terms(p.Name))
	c.p.all = setOf(ProposalTerms(p))
	for _, f := range p.Functions {
		if f = strings.TrimSpace(f); f != "" {
			c.p.funcs = append(c.p.funcs, f)
			c.p.fsets = append(c.p.fsets, setOf(Terms(f)))
		}
	}
	return c
}

// Weight is the weight of term in this check.
func (c *Checker) Weight(term string) float64 { return c.sc.weight(term) }

// MaxTerms bounds DupMatch.Terms and DupFunction.Terms.
const MaxTerms = 12

// FunctionMatched is the score (0–100) from which a function point counts as found.
const FunctionMatched = 50

// Score ranks d against the proposal. raw is the unscaled similarity (0–1), for ordering ties.
func (c *Checker) Score(d Doc) (m domain.DupMatch, raw float64) {
	sc := &c.sc
	m = domain.DupMatch{Kind: d.Kind, ID: d.ID, Name: d.Name, UnitID: d.UnitID, UnitName: d.UnitName,
		Terms: []string{}, Functions: []domain.DupFunction{}}
	dname := setOf(Terms(d.Name))
	dall := setOf(DocTerms(d))

	// Names: weighted Dice.
	var nameSim float64
	if den := sc.total(c.p.name) + sc.total(dname); den > 0 {
		w, _ := sc.common(c.p.name, dname)
		nameSim = 2 * w / den
	}
	// Everything: weighted cosine.
	var allSim float64
	wall, common := sc.common(c.p.all, dall)
	if den := math.Sqrt(sc.total(c.p.all) * sc.total(dall)); den > 0 {
		allSim = wall / den
	}
	// Function points: each one's share found in the candidate, with its best sentence.
	var funcSim float64
	if len(c.p.funcs) > 0 {
		clauses := clausesOf(d)
		csets := make([]termSet, len(clauses))
		for i, cl := range clauses {
			csets[i] = setOf(Terms(cl))
		}
		for i, f := range c.p.funcs {
			fs := c.p.fsets[i]
			tot := sc.total(fs)
			w, terms := sc.common(fs, dall)
			var cov float64
			if tot > 0 {
				cov = w / tot
			}
			funcSim += cov
			if len(terms) == 0 {
				continue
			}
			best, bestW := 0, -1.0
			for j, cs := range csets {
				if cw, _ := sc.common(fs, cs); cw > bestW {
					best, bestW = j, cw
				}
			}
			m.Functions = append(m.Functions, domain.DupFunction{Function: f, Matched: clauses[best],
				Terms: sc.byWeight(terms, MaxTerms), Score: pct(cov)})
		}
		funcSim /= float64(len(c.p.funcs))
		raw = NameWeight*nameSim + FunctionWeight*funcSim + ContentWeight*allSim
	} else {
		raw = (NameWeight*nameSim + ContentWeight*allSim) / (NameWeight + ContentWeight)
	}
	m.NameScore = pct(nameSim)
	m.Score = pct(raw * Scale)
	// The terms of the candidate's name the proposal shares come first, so the name a person
	// reads first is marked; then the rest, heaviest first.
	_, inName := sc.common(c.p.all, dname)
	inName = sc.byWeight(inName, MaxTerms)
	rest := slices.DeleteFunc(common, func(t string) bool { return slices.Contains(inName, t) })
	m.Terms = append(inName, sc.byWeight(rest, MaxTerms-len(inName))...)
	return m, raw
}

func pct(x float64) int {
	return int(math.Round(100 * min(1, max(0, x))))
}

// clausesOf splits a candidate's texts into the sentences and clauses a function point is
// shown against: its name, then each text cut at sentence and clause punctuation.
func clausesOf(d Doc) []string {
	out := []string{d.Name}
	for _, t := range d.Texts {
		for _, cl := range strings.FieldsFunc(t, func(r rune) bool {
			return strings.ContainsRune("。；;，,\n！？!?", r)
		}) {
			if cl = strings.TrimSpace(cl); cl != "" {
				out = append(out, cl)
			}
		}
	}
	return out
}

// Rank scores every candidate with the statistics of its kind (st[d.Kind]: a term telling
// among systems may be common among catalog entries) and returns the best limit of them,
// highest score first (ties: higher raw similarity, then kind in domain.DupKinds order, then
// lower id), each marked Above when its score reaches threshold. Candidates sharing no
// weighted term are left out.
func Rank(p domain.Proposal, st map[domain.DupKind]Stats, docs []Doc, threshold, limit int) []domain.DupMatch {
	checkers := map[domain.DupKind]*Checker{}
	type scored struct {
		m   domain.DupMatch
		raw float64
	}
	var all []scored
	for _, d := range docs {
		c := checkers[d.Kind]
		if c == nil {
			c = NewChecker(p, st[d.Kind])
			checkers[d.Kind] = c
		}
		m, raw := c.Score(d)
		if len(m.Terms) == 0 {
			continue
		}
		m.Above = m.Score >= threshold
		all = append(all, scored{m, raw})
	}
	slices.SortFunc(all, func(a, b scored) int {
		if c := cmp.Compare(b.m.Score, a.m.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(b.raw, a.raw); c != 0 {
			return c
		}
		if c := cmp.Compare(slices.Index(domain.DupKinds, a.m.Kind), slices.Index(domain.DupKinds, b.m.Kind)); c != 0 {
			return c
		}
		return cmp.Compare(a.m.ID, b.m.ID)
	})
	out := make([]domain.DupMatch, 0, min(limit, len(all)))
	for _, s := range all[:min(limit, len(all))] {
		out = append(out, s.m)
	}
	return out
}

// Highlight escapes text for HTML and marks with <mark> every character covered by an
// occurrence of one of terms (as Terms makes them: character pairs, words), case-insensitively.
func Highlight(text string, terms []string) template.HTML {
	rs := []rune(text)
	low := make([]rune, len(rs))
	for i, r := range rs {
		low[i] = fold(r)
	}
	covered := make([]bool, len(rs))
	for _, t := range terms {
		tr := []rune(t)
		if len(tr) == 0 {
			continue
		}
		for i := 0; i+len(tr) <= len(low); i++ {
			if slices.Equal(low[i:i+len(tr)], tr) {
				for k := i; k < i+len(tr); k++ {
					covered[k] = true
				}
			}
		}
	}
	var b strings.Builder
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && covered[j] == covered[i] {
			j++
		}
		seg := html.EscapeString(string(rs[i:j]))
		if covered[i] {
			b.WriteString("<mark>" + seg + "</mark>")
		} else {
			b.WriteString(seg)
		}
		i = j
	}
	return template.HTML(b.String()) // #nosec G203 -- every piece of text was escaped above
}

// fold is internal/search's folding of one character: full-width ASCII made half-width, lower case.
func fold(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFF01 - '!'
	}
	return unicode.ToLower(r)
}
