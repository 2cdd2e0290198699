package app

import (
	"context"
	"slices"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// The duplicate-construction check in the application workflow (应用查重, issue 15; BLD-P3,
// SHR-R1): an application's proposal — its name, construction content and function points — is
// ranked by the check (CheckDuplicates, dupcheck.go) against what the district already has,
// leaving out the systems the project itself changes. The unit answers the matches above the
// threshold (its answers are part of the application's edit); submitting runs the check again
// in the submission's transaction and refuses (422, one problem per match) while one of the
// top domain.DupShown matches above the threshold is unanswered. In review the office records
// per overlapping function point "not approved — duplicates X" or a budget cut; an approval
// stays within the total less the cuts (domain.ProjectCheck), and the task book carries the
// verdicts (TaskBook.DupVerdicts).

// proposalOf is what the check ranks of an application: its name, content and function points;
// the systems it changes, and those its approval registered, are left out.
func proposalOf(p *domain.Project) domain.Proposal {
	return domain.Proposal{Name: p.Name, Content: p.Content, Functions: slices.Clone(p.Functions),
		ExcludeSystemIDs: append(slices.Clone(p.SystemIDs), p.CreatedSystemIDs...)}
}

// ProjectDuplicates is the check of an application as its page shows it: the threshold, the
// top matches, and what the unit answered and the office decided.
type ProjectDuplicates struct {
	Threshold int                 `json:"threshold"`
	Matches   []domain.DupMatch   `json:"matches"`
	Answers   []domain.DupAnswer  `json:"answers"`
	Verdicts  []domain.DupVerdict `json:"verdicts"`
}

// ProjectDuplicates runs the check of application id for whoever may read it (the unit's people,
// the office, its expert reviewers, its leader): the top domain.DupShown matches with why they
// matched, the unit's answers and the office's verdicts.
func (s *Service) ProjectDuplicates(ctx context.Context, a domain.Actor, id int64) (*ProjectDuplicates, error) {
	p, err := s.Project(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return s.DuplicatesOf(ctx, p)
}

// DuplicatesOf is ProjectDuplicates of an application already read by its reader (Project):
// the application's page, which has it.
func (s *Service) DuplicatesOf(ctx context.Context, p *domain.Project) (*ProjectDuplicates, error) {
	// Whoever reads the application reads its check: the check ranks the district's records as
	// the submission's gate does, not the reader's scope.
	res, err := s.CheckDuplicates(ctx, SystemActor(), proposalOf(p), domain.DupShown)
	if err != nil {
		return nil, err
	}
	out := &ProjectDuplicates{Threshold: res.Threshold, Matches: res.Matches, Answers: p.DupAnswers, Verdicts: p.DupVerdicts}
	if out.Matches == nil {
		out.Matches = []domain.DupMatch{}
	}
	return out, nil
}

// dupTarget is the name of the thing of kind k and id that an answer or a verdict names, and
// whether it is one the check ranks: one of the matches of res (nil: not run yet), else a
// non-classified system, a published catalog entry or a published component.
func dupTarget(ctx context.Context, r store.Reader, k domain.DupKind, id int64, res *domain.DupResult) (string, bool, error) {
	if res != nil {
		if i := slices.IndexFunc(res.Matches, func(m domain.DupMatch) bool { return m.Kind == k && m.ID == id }); i >= 0 {
			return res.Matches[i].Name, true, nil
		}
	}
	var name string
	var ok bool
	var err error
	switch k {
	case domain.DupSystem:
		var sys *domain.System
		if sys, err = r.System(ctx, id); err == nil {
			name, ok = sys.Name, sys.Classification == domain.Unclassified
		}
	case domain.DupCatalog:
		var c *domain.CatalogEntry
		if c, err = r.CatalogEntry(ctx, id); err == nil {
			name, ok = c.Name, c.Status == domain.CatPublished
		}
	case domain.DupComponent:
		var c *domain.Component
		if c, err = r.Component(ctx, id); err == nil {
			name, ok = c.Name, c.Status == domain.CompPublished
		}
	}
	if domain.ErrorCode(err) == domain.ENotFound {
		return "", false, nil
	}
	return name, ok, err
}

// nameAnswers sets the name of each of p's answers to the duplicate check, refused (422 on the
// answer's field) for one naming nothing the check ranks. An answer kept from before keeps its
// name.
func (s *Service) nameAnswers(ctx context.Context, tx *store.Tx, p, before *domain.Project) error {
	var errs domain.Problems
	var res *domain.DupResult
	for i := range p.DupAnswers {
		x := &p.DupAnswers[i]
		if before != nil {
			if was, ok := before.DupAnswerTo(x.Kind, x.ID); ok && was.Name != "" {
				x.Name = was.Name
				continue
			}
		}
		name, ok, err := dupTarget(ctx, tx.Reader, x.Kind, x.ID, res)
		if err == nil && !ok && res == nil {
			if res, err = s.duplicatesTx(ctx, tx, proposalOf(p), domain.DupShown); err == nil {
				name, ok, err = dupTarget(ctx, tx.Reader, x.Kind, x.ID, res)
			}
		}
		if err != nil {
			return err
		}
		x.Name = name
		errs.Check(!ok, domain.DupAnswerField(x.Kind, x.ID), "err.project.dup_target")
	}
	return errs.Err()
}

// DupVerdictEdit is the office's verdicts on an application's overlapping function points, with
// the version of the application read; it replaces the verdicts recorded before.
type DupVerdictEdit struct {
	Version  int64               `json:"version"`
	Verdicts []domain.DupVerdict `json:"verdicts"`
}

// RecordDupVerdicts records the office's verdicts of the duplicate check on an application under
// review (409 otherwise): per function point not approved (it duplicates the match named) or a
// budget cut of an amount in 元 for its overlap with the match. Only the office (the others who
// see the application 403, the others 404); a stale version 409; every problem at once (422).
// Audited as project.dup_verdicts in the same transaction.
func (s *Service) RecordDupVerdicts(ctx context.Context, a domain.Actor, id int64, e DupVerdictEdit) (*domain.Project, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Project, error) {
		return projectType.change(ctx, tx, a, id, e.Version, projectType.may(a, authz.ProjectReviewManage), func(p, _ *domain.Project) (string, string, error) {
			if err := underReview(p); err != nil {
				return "", "", err
			}
			vs := slices.Clone(e.Verdicts)
			if vs == nil {
				vs = []domain.DupVerdict{}
			}
			var errs domain.Problems
			errs.Add(p.CheckVerdicts(vs))
			if len(vs) > 0 {
				res, err := s.duplicatesTx(ctx, tx, proposalOf(p), domain.DupShown)
				if err != nil {
					return "", "", err
				}
				for i := range vs {
					v := &vs[i]
					fi := slices.Index(p.Functions, v.Function)
					if fi < 0 || v.ID <= 0 {
						continue // CheckVerdicts says so
					}
					name, ok, err := dupTarget(ctx, tx.Reader, v.Kind, v.ID, res)
					if err != nil {
						return "", "", err
					}
					v.Name = name
					errs.Check(!ok, domain.DupVerdictField(fi)+".match", "err.project.verdict_match")
				}
			}
			if err := errs.Err(); err != nil {
				return "", "", err
			}
			p.DupVerdicts = vs
			return "dup_verdicts", "", nil
		})
	})
}
