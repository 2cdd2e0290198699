package app

import (
	"context"
	"slices"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/gm"
	"archgov/internal/store"
)

// The expert pool (专家库, BLD-R3): the office registers the experts a project's review is drawn
// from (draws.go), with the district unit each is affiliated with — which keeps them out of
// the draws for that unit's projects — and the login through which they will score. The pool
// is the office's; an expert reads the record of their own login. Phones are personal data:
// sealed at rest, masked in the audit log.

// ExpertFilter narrows the expert list (name or organization, affiliation, specialty, active).
type ExpertFilter = store.ExpertFilter

func expertRes(e *domain.Expert) authz.Resource { return authz.Expert(e.ID, e.UserID) }

var expertType = recordType[domain.Expert]{entity: "expert", kind: authz.KindExpert, read: authz.ExpertRead, res: expertRes,
	load: store.Reader.Expert, insert: (*store.Tx).InsertExpert, update: (*store.Tx).UpdateExpert,
	key:     func(e *domain.Expert) (int64, int64) { return e.ID, e.Version },
	creates: authz.ExpertWrite, valid: (*domain.Expert).Validate,
	fresh: func(e *domain.Expert) { e.ID, e.UnitName, e.Username = 0, "", "" },
	mask:  map[string]func(string) string{"phone": gm.MaskPhone}}

// Experts lists the pool, in registration order: the office's.
func (s *Service) Experts(ctx context.Context, a domain.Actor, f ExpertFilter) (Page[*domain.Expert], error) {
	return expertType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.Expert, error) { return s.db.Read().Experts(ctx, sc, f) })
}

// CountExperts counts the experts f selects (the list page's total).
func (s *Service) CountExperts(ctx context.Context, a domain.Actor, f ExpertFilter) (int, error) {
	return expertType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountExperts(ctx, sc, f) })
}

// Expert returns one expert: to the office, or to the expert whose login it is linked to.
func (s *Service) Expert(ctx context.Context, a domain.Actor, id int64) (*domain.Expert, error) {
	return expertType.get(ctx, s.db.Read(), a, id)
}

// ExpertEdit is a change of an expert's fields. Nil fields stay.
type ExpertEdit struct {
	Version      int64               `json:"version"`
	Name         *string             `json:"name"`
	Organization *string             `json:"organization"`
	Title        *string             `json:"title"`
	UnitID       *int64              `json:"unit_id"` // the affiliation; 0 for none
	Specialties  *[]domain.Specialty `json:"specialties"`
	Phone        *string             `json:"phone"`
	UserID       *int64              `json:"user_id"` // the linked login; 0 for none
	Active       *bool               `json:"active"`
}

// Apply copies the set fields onto e.
func (x ExpertEdit) Apply(e *domain.Expert) { patch(e, x) }

// ExpertCreate is a new expert: the fields of an edit; active unless said otherwise.
type ExpertCreate struct{ ExpertEdit }

// Apply makes the new expert.
func (c ExpertCreate) Apply(e *domain.Expert) {
	e.Active = true
	c.ExpertEdit.Apply(e)
}

// CreateExpert registers an expert in the pool (the office).
func (s *Service) CreateExpert(ctx context.Context, a domain.Actor, e *domain.Expert) error {
	return expertType.create(ctx, s.db, a, 0, e, func(tx *store.Tx) error { return expertLinks(ctx, tx, e, nil) })
}

// UpdateExpert saves an edit of an expert (the office); deactivating is setting active false:
// an inactive expert is kept, with their past draws, and no longer drawn.
func (s *Service) UpdateExpert(ctx context.Context, a domain.Actor, id int64, x ExpertEdit) (*domain.Expert, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Expert, error) {
		return expertType.change(ctx, tx, a, id, x.Version, expertType.may(a, authz.ExpertWrite), func(e, before *domain.Expert) (string, string, error) {
			x.Apply(e)
			if err := e.Validate(); err != nil {
				return "", "", err
			}
			return "update", "", expertLinks(ctx, tx, e, before)
		})
	})
}

// expertLinks checks an expert's references when they are new or changed: the affiliation an
// active unit, the login an enabled account holding the expert role (one expert record per
// login is the table's unique key). Names read with the expert follow the links.
func expertLinks(ctx context.Context, tx *store.Tx, e, before *domain.Expert) error {
	var errs domain.Problems
	if e.UnitID != 0 && (before == nil || before.UnitID != e.UnitID) {
		u, err := activeUnit(ctx, tx, "unit_id", e.UnitID)
		if err != nil {
			errs.Add(err)
		} else {
			e.UnitName = u.Name
		}
	} else if e.UnitID == 0 {
		e.UnitName = ""
	}
	if e.UserID != 0 && (before == nil || before.UserID != e.UserID) {
		u, err := tx.User(ctx, e.UserID)
		if err != nil || u.Disabled || !slices.ContainsFunc(u.Grants, func(g domain.Grant) bool { return g.Role == domain.RoleExpert }) {
			errs.Add(domain.Invalid("user_id", "err.expert.account"))
		} else {
			e.Username = u.Username
		}
	} else if e.UserID == 0 {
		e.Username = ""
	}
	return errs.Err()
}

// ExpertAccounts lists the enabled logins holding the expert role, for linking one to an expert
// (the office's form).
func (s *Service) ExpertAccounts(ctx context.Context, a domain.Actor) ([]*domain.User, error) {
	if err := authz.Can(a, authz.ExpertWrite, authz.Resource{Kind: authz.KindExpert}); err != nil {
		return nil, err
	}
	r := s.db.Read()
	ids, err := r.UsersWithRoles(ctx, nil, domain.RoleExpert)
	if err != nil {
		return nil, err
	}
	out := make([]*domain.User, 0, len(ids))
	for _, id := range ids {
		u, err := r.User(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// ExpertHistory is an expert's audit trail, for whoever may see the expert.
func (s *Service) ExpertHistory(ctx context.Context, a domain.Actor, id int64) ([]*audit.Record, error) {
	return s.history(ctx, "expert", id, seen(s.Expert(ctx, a, id)))
}
