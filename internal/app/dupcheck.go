package app

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"time"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/dupcheck"
	"archgov/internal/store"
)

// The duplicate-construction check (应用查重, issue 15; BLD-P3, SHR-R1, PTL-R1): a proposal is
// ranked against the district's existing systems (all units, non-classified, in service or
// under construction), published catalog entries and shared components. The store finds the
// candidates through the search index; internal/dupcheck scores them (docs/DUPCHECK.md).

// dupLoader loads the candidates of one kind among ids (those the check may show: a system
// non-classified and in service, an entry published), their texts for scoring. exclude are
// systems the proposal changes on purpose.
type dupLoader func(ctx context.Context, r store.Reader, ids, exclude []int64) ([]dupcheck.Doc, error)

// dupLoaders are the kinds the check compares against, by the doc kind of the search index.
// A kind is added by indexing its records under a doc kind and adding its loader here.
var dupLoaders = map[string]struct {
	kind domain.DupKind
	load dupLoader
}{
	store.DocSystem: {domain.DupSystem, func(ctx context.Context, r store.Reader, ids, exclude []int64) ([]dupcheck.Doc, error) {
		return r.DupSystems(ctx, ids, exclude)
	}},
	store.DocCatalog: {domain.DupCatalog, func(ctx context.Context, r store.Reader, ids, _ []int64) ([]dupcheck.Doc, error) {
		return r.DupCatalog(ctx, ids)
	}},
	store.DocComponent: {domain.DupComponent, func(ctx context.Context, r store.Reader, ids, _ []int64) ([]dupcheck.Doc, error) {
		return r.DupComponents(ctx, ids)
	}},
}

// Retrieval bounds (measured in docs/PERFORMANCE.md, "Duplicate-construction check").
const (
	// dupRetrieveTerms: the proposal's heaviest terms that find candidates.
	dupRetrieveTerms = 48
	// dupPerTerm: postings read per term to find candidates; a term in more documents finds an
	// arbitrary part of them (its weight is low anyway).
	dupPerTerm = 2000
	// dupCandidates: the candidates scored, of each kind.
	dupCandidates = 200
	// dupStatsTTL: how long document frequencies are reused. They are statistics of tens of
	// thousands of documents: a record written since changes them by a hair.
	dupStatsTTL = 10 * time.Minute
	// dupSmallKind: a kind of fewer documents is counted afresh at every check (refresh).
	dupSmallKind = 1000
)

// dupStats caches the document counts and term frequencies of the check's corpus, per kind
// (a term telling among systems may be common among catalog entries), per Service.
type dupStats struct {
	mu sync.Mutex
	at time.Time
	n  map[string]int            // documents per doc kind
	df map[string]map[string]int // doc kind → term → documents holding it
}

// refresh readies the counts for one check: all of them anew once they are dupStatsTTL old,
// and a small kind (a young register, the components) every time — it is cheap, and ten
// minutes of an old count would weigh its words wrongly (with no document counted, every word
// weighs the same).
func (c *dupStats) refresh(ctx context.Context, r store.Reader) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == nil || time.Since(c.at) > dupStatsTTL {
		counts, err := r.DocCounts(ctx, dupKinds())
		if err != nil {
			return err
		}
		c.n, c.df, c.at = counts, map[string]map[string]int{}, time.Now()
		return nil
	}
	var small []string
	for _, k := range dupKinds() {
		if c.n[k] < dupSmallKind {
			small = append(small, k)
		}
	}
	if len(small) == 0 {
		return nil
	}
	counts, err := r.DocCounts(ctx, small)
	if err != nil {
		return err
	}
	for _, k := range small {
		c.n[k] = counts[k]
		delete(c.df, k)
	}
	return nil
}

// stats returns the frequencies of terms among the documents of kind (counted now for those
// not cached since refresh) and the number of those documents. The count of a term stops at
// the generic share of the documents: beyond it the term weighs nothing, however common.
func (c *dupStats) stats(ctx context.Context, r store.Reader, kind string, terms []string) (dupcheck.Stats, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	df := c.df[kind]
	if df == nil {
		df = map[string]int{}
		c.df[kind] = df
	}
	var missing []string
	for _, t := range terms {
		if _, ok := df[t]; !ok {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		missing = slices.Compact(missing)
		got, err := r.TermCounts(ctx, []string{kind}, missing, dupcheck.GenericAbove(c.n[kind])+1)
		if err != nil {
			return dupcheck.Stats{}, err
		}
		for _, t := range missing {
			df[t] = got[t]
		}
	}
	st := dupcheck.Stats{N: c.n[kind], DF: make(map[string]int, len(terms))}
	for _, t := range terms {
		st.DF[t] = df[t]
	}
	return st, nil
}

// CheckDuplicates ranks the district's existing systems, published catalog entries and
// components against proposal p: the best limit matches (DefaultDupLimit when 0, at most
// MaxDupLimit), with the threshold of the governance settings. Every government user but the
// administrators may run it (authz.DupCheckRun); it changes nothing and is not audited.
func (s *Service) CheckDuplicates(ctx context.Context, a domain.Actor, p domain.Proposal, limit int) (*domain.DupResult, error) {
	if err := authz.Can(a, authz.DupCheckRun, authz.Resource{Kind: authz.KindDupCheck}); err != nil {
		return nil, err
	}
	var errs domain.Problems
	errs.Add(p.Validate())
	errs.Check(limit < 0 || limit > domain.MaxDupLimit, "limit", "err.range", 1, domain.MaxDupLimit)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	g, _, err := s.Governance(ctx)
	if err != nil {
		return nil, err
	}
	return s.duplicates(ctx, s.db.Read(), p, limit, g.DupThresholdOrDefault())
}

// duplicatesTx is the check inside a transaction, for a use case that decides on its answer
// (the submission of an application): p must be valid; no authorization (the caller's).
func (s *Service) duplicatesTx(ctx context.Context, tx *store.Tx, p domain.Proposal, limit int) (*domain.DupResult, error) {
	g, _, err := governanceTx(ctx, tx)
	if err != nil {
		return nil, err
	}
	return s.duplicates(ctx, tx.Reader, p, limit, g.DupThresholdOrDefault())
}

// dupKinds are the doc kinds of dupLoaders, sorted (a stable statement text).
func dupKinds() []string {
	ks := make([]string, 0, len(dupLoaders))
	for k := range dupLoaders {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func (s *Service) duplicates(ctx context.Context, r store.Reader, p domain.Proposal, limit, threshold int) (*domain.DupResult, error) {
	if limit <= 0 {
		limit = domain.DefaultDupLimit
	}
	p.Normalize()
	res := &domain.DupResult{Threshold: threshold, Matches: []domain.DupMatch{}}
	docs, st, err := s.dupCandidates(ctx, r, p)
	if err != nil || len(docs) == 0 {
		return res, err
	}
	res.Matches = dupcheck.Rank(p, st, docs, threshold, limit)
	return res, nil
}

// dupCandidates finds and loads the candidates of p, with the statistics to score them: of
// each kind, the documents sharing the most weight of p's heaviest terms (a term in a name
// counting twice).
func (s *Service) dupCandidates(ctx context.Context, r store.Reader, p domain.Proposal) ([]dupcheck.Doc, map[domain.DupKind]dupcheck.Stats, error) {
	terms := dupcheck.ProposalTerms(p)
	stats := map[domain.DupKind]dupcheck.Stats{}
	if len(terms) == 0 {
		return nil, stats, nil
	}
	if err := s.dupStats.refresh(ctx, r); err != nil {
		return nil, nil, err
	}
	var docs []dupcheck.Doc
	for _, kind := range dupKinds() {
		st, err := s.dupStats.stats(ctx, r, kind, terms)
		if err != nil {
			return nil, nil, err
		}
		heavy := slices.Clone(terms)
		slices.SortStableFunc(heavy, func(a, b string) int { return cmp.Compare(st.Weight(b), st.Weight(a)) })
		var find []string
		var weights []int64
		for _, t := range heavy[:min(dupRetrieveTerms, len(heavy))] {
			if w := st.Weight(t); w > 0 {
				find = append(find, t)
				weights = append(weights, int64(w*1000))
			}
		}
		refs, err := r.SharedTerms(ctx, []string{kind}, find, weights, dupPerTerm, dupCandidates)
		if err != nil {
			return nil, nil, err
		}
		ids := make([]int64, len(refs))
		for i, ref := range refs {
			ids[i] = ref.ID
		}
		l := dupLoaders[kind]
		found, err := l.load(ctx, r, ids, p.ExcludeSystemIDs)
		if err != nil {
			return nil, nil, err
		}
		// The candidates' own terms weigh in the similarities too.
		all := slices.Clone(terms)
		for _, d := range found {
			all = append(all, dupcheck.DocTerms(d)...)
		}
		if stats[l.kind], err = s.dupStats.stats(ctx, r, kind, all); err != nil {
			return nil, nil, err
		}
		docs = append(docs, found...)
	}
	return docs, stats, nil
}
