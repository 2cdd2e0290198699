package app

import (
	"context"
	"slices"
	"strconv"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// Technical standards (技术标准, ORG-5): the interface standards of the base libraries and the
// exchange platform, and the platform's access procedures, kept current by the office. A
// version is drafted and published; publishing supersedes the version in force of the same
// standard (code) in the same transaction and notifies every active unit's people. A
// superseded version stays readable: docking plans and components name the version they
// follow, and a plan keeps naming it when a newer one is published.

// StandardFilter narrows the standard list.
type StandardFilter = store.StandardFilter

func standardRes(x *domain.Standard) authz.Resource {
	return authz.Standard(x.ID, x.Status != domain.StdDraft)
}

var standardType = recordType[domain.Standard]{entity: "standard", kind: authz.KindStandard, read: authz.StandardRead, res: standardRes,
	load: store.Reader.Standard, insert: (*store.Tx).InsertStandard, update: (*store.Tx).UpdateStandard,
	key:     func(x *domain.Standard) (int64, int64) { return x.ID, x.Version },
	creates: authz.StandardWrite, valid: (*domain.Standard).Validate,
	fresh: func(x *domain.Standard) { x.ID, x.Status, x.PublishedAt = 0, domain.StdDraft, time.Time{} }}

// Standards lists the versions the actor may see, newest first: the office's drafts too.
func (s *Service) Standards(ctx context.Context, a domain.Actor, f StandardFilter) (Page[*domain.Standard], error) {
	return standardType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.Standard, error) { return s.db.Read().Standards(ctx, sc, f) })
}

// CountStandards counts what Standards lists without paging.
func (s *Service) CountStandards(ctx context.Context, a domain.Actor, f StandardFilter) (int, error) {
	return standardType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountStandards(ctx, sc, f) })
}

// Standard returns one version; a draft answers not found to anyone but the office.
func (s *Service) Standard(ctx context.Context, a domain.Actor, id int64) (*domain.Standard, error) {
	return standardType.get(ctx, s.db.Read(), a, id)
}

// StandardVersions lists the versions of x's standard the actor may see, oldest first.
func (s *Service) StandardVersions(ctx context.Context, a domain.Actor, x *domain.Standard) ([]*domain.Standard, error) {
	all, err := s.db.Read().StandardVersions(ctx, x.Code)
	if err != nil {
		return nil, err
	}
	var out []*domain.Standard
	for _, v := range all {
		if authz.Can(a, authz.StandardRead, standardRes(v)) == nil {
			out = append(out, v)
		}
	}
	return out, nil
}

// PublishedStandards lists the versions in force (what a docking plan may name), by code.
func (s *Service) PublishedStandards(ctx context.Context, a domain.Actor) ([]*domain.Standard, error) {
	if err := authz.Can(a, authz.StandardRead, authz.Resource{Kind: authz.KindStandard}); err != nil {
		return nil, err
	}
	return s.db.Read().PublishedStandards(ctx)
}

// StandardChoices is what a form naming a standard version offers (a docking plan's, a
// component's): the versions in force, and first the one the record names already when that
// one has been superseded since (a record keeps naming its version).
func (s *Service) StandardChoices(ctx context.Context, a domain.Actor, named int64) ([]*domain.Standard, error) {
	xs, err := s.PublishedStandards(ctx, a)
	if err != nil || named == 0 || slices.ContainsFunc(xs, func(x *domain.Standard) bool { return x.ID == named }) {
		return xs, err
	}
	if x, err := s.Standard(ctx, a, named); err == nil {
		xs = append([]*domain.Standard{x}, xs...)
	}
	return xs, nil
}

// StandardEdit is a change of a draft's fields. Nil fields stay.
type StandardEdit struct {
	Version       int64                `json:"version"`
	Name          *string              `json:"name"`
	Kind          *domain.StandardKind `json:"kind"`
	Library       *domain.BaseLibrary  `json:"library"`
	Edition       *string              `json:"edition"`
	EffectiveDate *time.Time           `json:"effective_date"`
	Summary       *string              `json:"summary"`
	URL           *string              `json:"url"`
}

// Apply copies the set fields onto x.
func (e StandardEdit) Apply(x *domain.Standard) {
	patch(x, e)
	if e.EffectiveDate != nil {
		x.EffectiveDate = dayOf(*e.EffectiveDate)
	}
}

// StandardCreate is a new standard's first version: its code and the fields of an edit.
type StandardCreate struct {
	Code string `json:"code"`
	StandardEdit
}

// Apply makes the new version.
func (c StandardCreate) Apply(x *domain.Standard) {
	x.Code = c.Code
	c.StandardEdit.Apply(x)
}

// CreateStandard drafts a version (the office only). A code the district already has makes
// a new version of that standard (revising a published version is the usual way).
func (s *Service) CreateStandard(ctx context.Context, a domain.Actor, x *domain.Standard) error {
	return standardType.create(ctx, s.db, a, 0, x, func(tx *store.Tx) error { return standardLibrary(ctx, tx, x) })
}

// standardLibrary checks that the library an interface standard names is one of the district's.
func standardLibrary(ctx context.Context, tx *store.Tx, x *domain.Standard) error {
	if x.Library == "" {
		return nil
	}
	if _, err := tx.BaseLibraryByCode(ctx, x.Library); domain.ErrorCode(err) == domain.ENotFound {
		return domain.Invalid("library", "err.enum")
	} else if err != nil {
		return err
	}
	return nil
}

// UpdateStandard saves an edit of a draft; a published or superseded version is refused (409):
// the next edition is a revision.
func (s *Service) UpdateStandard(ctx context.Context, a domain.Actor, id int64, e StandardEdit) (*domain.Standard, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Standard, error) {
		return standardType.change(ctx, tx, a, id, e.Version, standardType.may(a, authz.StandardWrite), func(x, _ *domain.Standard) (string, string, error) {
			if x.Status != domain.StdDraft {
				return "", "", domain.Errorf(domain.EConflict, "err.standard.frozen")
			}
			e.Apply(x)
			if err := x.Validate(); err != nil {
				return "", "", err
			}
			return "update", "", standardLibrary(ctx, tx, x)
		})
	})
}

// StandardSteps lists the steps the actor may take on x now (for buttons).
func (s *Service) StandardSteps(a domain.Actor, x *domain.Standard) []domain.StandardAction {
	if authz.Can(a, authz.StandardWrite, standardRes(x)) != nil {
		return nil
	}
	return domain.StandardFlow.Available(x.Status, []domain.StandardActor{domain.StdOffice}, x)
}

// StandardStep is one step of a version; revising names the next edition.
type StandardStep struct {
	Version int64                 `json:"version"`
	Action  domain.StandardAction `json:"action"`
	Edition string                `json:"edition,omitempty"` // revise: the new draft's edition
}

// TransitionStandard takes a step. Publishing supersedes the version of the same code in
// force and notifies every active unit's people (ORG-5), in the same transaction; revising
// leaves the version as it is and returns the new draft, a copy with the edition given.
func (s *Service) TransitionStandard(ctx context.Context, a domain.Actor, id int64, st StandardStep) (*domain.Standard, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Standard, error) {
		var draft *domain.Standard
		x, err := standardType.change(ctx, tx, a, id, st.Version, standardType.may(a, authz.StandardWrite), func(x, _ *domain.Standard) (string, string, error) {
			next, err := domain.StandardFlow.Next(x.Status, st.Action, []domain.StandardActor{domain.StdOffice}, "", x)
			if err != nil {
				return "", "", err
			}
			switch st.Action {
			case domain.StdPublish:
				superseded, err := s.supersedeStandard(ctx, tx, a, x.Code)
				if err != nil {
					return "", "", err
				}
				x.Status, x.PublishedAt = next, tx.Now()
				event, args := "standard_published", []string{x.Name, x.Edition, x.Code}
				if superseded != "" {
					event, args = "standard_revised", append(args, superseded)
				}
				if err := s.NotifyUnits(ctx, tx, event, "standard", x.ID, "/standards/"+strconv.FormatInt(x.ID, 10), args); err != nil {
					return "", "", err
				}
				return string(st.Action), "", nil
			case domain.StdRevise:
				d := *x
				d.Edition, d.Status, d.PublishedAt, d.EffectiveDate = st.Edition, domain.StdDraft, time.Time{}, time.Time{}
				if err := d.Validate(); err != nil {
					return "", "", err
				}
				if err := standardType.add(ctx, tx, a, &d); err != nil {
					return "", "", err
				}
				draft = &d
			}
			return "", "", nil // revising changes nothing of this version
		})
		if draft != nil {
			return draft, err
		}
		return x, err
	})
}

// supersedeStandard marks the code's version in force superseded (the system's step, audited)
// and returns its edition ("" when none was in force).
func (s *Service) supersedeStandard(ctx context.Context, tx *store.Tx, a domain.Actor, code string) (string, error) {
	all, err := tx.StandardVersions(ctx, code)
	if err != nil {
		return "", err
	}
	edition := ""
	for _, o := range all {
		if o.Status != domain.StdPublished {
			continue
		}
		before := *o
		if o.Status, err = domain.StandardFlow.Next(o.Status, domain.StdReplace, []domain.StandardActor{domain.StdSystem}, "", o); err != nil {
			return "", err
		}
		if err := tx.UpdateStandard(ctx, o); err != nil {
			return "", err
		}
		if err := standardType.audit(ctx, tx, a, string(domain.StdReplace), &before, o, ""); err != nil {
			return "", err
		}
		edition = o.Edition
	}
	return edition, nil
}

// StandardHistory is a version's audit trail, for whoever may see it.
func (s *Service) StandardHistory(ctx context.Context, a domain.Actor, id int64) ([]*audit.Record, error) {
	return s.history(ctx, "standard", id, seen(s.Standard(ctx, a, id)))
}

// namedStandard checks the standard version a record names (a docking plan, a component):
// changed (id differs from was), it must be a published version (ORG-5) — a draft, a
// superseded version or none at all is refused at field. It returns the version (nil for 0).
func namedStandard(ctx context.Context, tx *store.Tx, field string, id, was int64) (*domain.Standard, error) {
	if id == 0 {
		return nil, nil
	}
	x, err := tx.Standard(ctx, id)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Invalid(field, "err.standard.not_published")
	}
	if err != nil {
		return nil, err
	}
	if id != was && x.Status != domain.StdPublished {
		return nil, domain.Invalid(field, "err.standard.not_published")
	}
	return x, nil
}
