package app

import (
	"context"
	"strconv"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// The annual declaration guide (申报指南, FLOW-1): the office writes a year's guide, with the
// governance requirements every application must answer (FLOW-2), and publishes it. A
// published revision never changes: a correction is the next revision, which supersedes it
// when published; an application keeps the revision it answered.

func guideRes(g *domain.Guide) authz.Resource {
	return authz.Guide(g.ID, g.Status != domain.GuideDraft)
}

var guideType = recordType[domain.Guide]{entity: "guide", kind: authz.KindGuide, read: authz.GuideRead, res: guideRes,
	load: store.Reader.Guide, insert: (*store.Tx).InsertGuide, update: (*store.Tx).UpdateGuide,
	key:     func(g *domain.Guide) (int64, int64) { return g.ID, g.Version },
	creates: authz.GuideWrite, valid: (*domain.Guide).Validate,
	fresh: func(g *domain.Guide) {
		g.ID, g.Revision, g.Status, g.PublishedAt = 0, 0, domain.GuideDraft, time.Time{}
		if g.Items == nil {
			g.Items = domain.DefaultGuideItems() // pre-filled from the rules; the office edits them
		}
	}}

// Guides lists the revisions the actor may see, newest first: the office's drafts too.
func (s *Service) Guides(ctx context.Context, a domain.Actor, f store.GuideFilter) (Page[*domain.Guide], error) {
	return guideType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.Guide, error) { return s.db.Read().Guides(ctx, sc, f) })
}

// Guide returns one revision; a draft answers not found to anyone but the office.
func (s *Service) Guide(ctx context.Context, a domain.Actor, id int64) (*domain.Guide, error) {
	return guideType.get(ctx, s.db.Read(), a, id)
}

// CreateGuide starts the first revision of a year's guide (the next one if the year has
// some): a draft, its requirements pre-filled from the rules unless given.
func (s *Service) CreateGuide(ctx context.Context, a domain.Actor, g *domain.Guide) error {
	if err := guideType.admit(a, 0, g); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		n, err := tx.LastGuideRevision(ctx, g.Year)
		if err != nil {
			return err
		}
		g.Revision = n + 1
		return guideType.add(ctx, tx, a, g)
	})
}

// GuideEdit is a change of a draft's fields. Nil fields stay.
type GuideEdit struct {
	Version      int64                      `json:"version"`
	Title        *string                    `json:"title"`
	Requirements *string                    `json:"requirements"`
	Scope        *string                    `json:"scope"`
	Encouraged   *string                    `json:"encouraged"`
	WindowStart  *time.Time                 `json:"window_start"`
	WindowEnd    *time.Time                 `json:"window_end"`
	Items        *[]domain.GuideRequirement `json:"items"`
}

// Apply copies the set fields onto g.
func (e GuideEdit) Apply(g *domain.Guide) { patch(g, e) }

// GuideCreate is a new guide: its year and the fields of an edit.
type GuideCreate struct {
	Year int `json:"year"`
	GuideEdit
}

// Apply makes the new guide.
func (c GuideCreate) Apply(g *domain.Guide) {
	g.Year = c.Year
	c.GuideEdit.Apply(g)
}

// UpdateGuide saves an edit of a draft; a published revision is refused (409): correct it by
// revising.
func (s *Service) UpdateGuide(ctx context.Context, a domain.Actor, id int64, e GuideEdit) (*domain.Guide, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Guide, error) {
		return guideType.change(ctx, tx, a, id, e.Version, guideType.may(a, authz.GuideWrite), func(g, _ *domain.Guide) (string, string, error) {
			if g.Status != domain.GuideDraft {
				return "", "", domain.Errorf(domain.EConflict, "err.guide.frozen")
			}
			e.Apply(g)
			if e.WindowStart != nil {
				g.WindowStart = dayOf(*e.WindowStart)
			}
			if e.WindowEnd != nil {
				g.WindowEnd = dayOf(*e.WindowEnd)
			}
			return "update", "", g.Validate()
		})
	})
}

// GuideSteps lists the steps the actor may take on g now (for buttons).
func (s *Service) GuideSteps(a domain.Actor, g *domain.Guide) []domain.GuideAction {
	if authz.Can(a, authz.GuideWrite, guideRes(g)) != nil {
		return nil
	}
	return domain.GuideFlow.Available(g.Status, []domain.GuideActor{domain.GuideOffice}, g)
}

// GuideStep is one step of a guide.
type GuideStep struct {
	Version int64              `json:"version"`
	Action  domain.GuideAction `json:"action"`
}

// TransitionGuide takes a step. Publishing supersedes the year's published revision in the
// same transaction; revising leaves the revision as it is and returns the new draft, a copy
// with the next revision number.
func (s *Service) TransitionGuide(ctx context.Context, a domain.Actor, id int64, st GuideStep) (*domain.Guide, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Guide, error) {
		var draft *domain.Guide
		g, err := guideType.change(ctx, tx, a, id, st.Version, guideType.may(a, authz.GuideWrite), func(g, _ *domain.Guide) (string, string, error) {
			next, err := domain.GuideFlow.Next(g.Status, st.Action, []domain.GuideActor{domain.GuideOffice}, "", g)
			if err != nil {
				return "", "", err
			}
			switch st.Action {
			case domain.GuidePublish:
				if err := s.supersede(ctx, tx, a, g.Year); err != nil {
					return "", "", err
				}
				g.Status, g.PublishedAt = next, tx.Now()
				// ORG-4: the guide reaches every unit's 责任人 and 联系人, in this transaction.
				end := g.WindowEnd.Format("2006-01-02")
				if err := s.NotifyUnits(ctx, tx, "guide_published", "guide", g.ID, "/guides/"+strconv.FormatInt(g.ID, 10), []string{g.Title, end}); err != nil {
					return "", "", err
				}
				return string(st.Action), "", nil
			case domain.GuideRevise:
				n, err := tx.LastGuideRevision(ctx, g.Year)
				if err != nil {
					return "", "", err
				}
				d := *g
				d.Revision, d.Status, d.PublishedAt = n+1, domain.GuideDraft, time.Time{}
				if err := guideType.add(ctx, tx, a, &d); err != nil {
					return "", "", err
				}
				draft = &d
			}
			return "", "", nil // revising changes nothing of this revision
		})
		if draft != nil {
			return draft, err
		}
		return g, err
	})
}

// supersede marks the year's published revisions superseded (the system's step, audited).
func (s *Service) supersede(ctx context.Context, tx *store.Tx, a domain.Actor, year int) error {
	old, err := tx.PublishedGuides(ctx, year)
	if err != nil {
		return err
	}
	for _, o := range old {
		before := *o
		if o.Status, err = domain.GuideFlow.Next(o.Status, domain.GuideReplace, []domain.GuideActor{domain.GuideSystem}, "", o); err != nil {
			return err
		}
		if err := tx.UpdateGuide(ctx, o); err != nil {
			return err
		}
		if err := guideType.audit(ctx, tx, a, string(domain.GuideReplace), &before, o, ""); err != nil {
			return err
		}
	}
	return nil
}

// GuideHistory is a revision's audit trail, for whoever may see it.
func (s *Service) GuideHistory(ctx context.Context, a domain.Actor, id int64) ([]*audit.Record, error) {
	return s.history(ctx, "guide", id, seen(s.Guide(ctx, a, id)))
}
