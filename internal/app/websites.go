package app

import (
	"archgov/internal/rules"
	"context"
	"strings"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// unitActors says in which capacities the actor acts on a record of unitID, for the
// workflows of the registers the units keep (domain.SystemActor).
func unitActors(a domain.Actor, unitID int64) []domain.SystemActor {
	if a.System {
		// The operator at the command line holds the database itself (as authz.Can says).
		return []domain.SystemActor{domain.ByUnit, domain.ByHead, domain.ByOffice}
	}
	var who []domain.SystemActor
	if a.Has(domain.RoleOffice) {
		who = append(who, domain.ByOffice)
	}
	if a.HasFor(domain.RoleUnitHead, unitID) {
		who = append(who, domain.ByUnit, domain.ByHead)
	} else if a.HasFor(domain.RoleUnitContact, unitID) {
		who = append(who, domain.ByUnit)
	}
	return who
}

func websiteRes(w *domain.Website) authz.Resource {
	return authz.Registry(authz.KindWebsite, w.ID, w.UnitID)
}

var websiteType = recordType[domain.Website]{subject: rules.KindWebsite, entity: "website", kind: authz.KindWebsite, read: authz.WebsiteRead, res: websiteRes,
	load: store.Reader.Website, insert: (*store.Tx).InsertWebsite, update: (*store.Tx).UpdateWebsite,
	key:     func(w *domain.Website) (int64, int64) { return w.ID, w.Version },
	creates: authz.WebsiteCreate, valid: (*domain.Website).Validate,
	fresh: func(w *domain.Website) {
		w.ID, w.Status, w.RegisteredDate, w.NoticeDate, w.NoticeText, w.ClosedDate = 0, domain.WebUnregistered, time.Time{}, time.Time{}, "", time.Time{}
	}}

// websiteDeadline is the registration deadline in force and today's date (PTL-R3), for the
// registration steps (a shutdown notice only after the deadline).
func (s *Service) websiteDeadline(ctx context.Context) (deadline, today time.Time, err error) {
	g, _, err := s.Governance(ctx)
	return g.WebsiteDeadline, dayOf(s.Now()), err
}

// Websites lists the websites in the actor's scope. Each carries its overdue flag and
// f.Overdue keeps the overdue ones: what the rules found (PTL-R3.website-overdue).
func (s *Service) Websites(ctx context.Context, a domain.Actor, f store.WebsiteFilter) (Page[*domain.Website], error) {
	return websiteType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.Website, error) {
		return s.db.Read().Websites(ctx, sc, f)
	})
}

// CountWebsites counts the websites in the actor's scope that match f (for to-do lists).
func (s *Service) CountWebsites(ctx context.Context, a domain.Actor, f store.WebsiteFilter) (int, error) {
	return websiteType.count(a, func(sc authz.Scope) (int, error) {
		return s.db.Read().CountWebsites(ctx, sc, f)
	})
}

// Website returns one website with its overdue flag; another unit's answers not found.
func (s *Service) Website(ctx context.Context, a domain.Actor, id int64) (*domain.Website, error) {
	return websiteType.get(ctx, s.db.Read(), a, id)
}

// checkWebsiteLinks checks what a website points to: an active unit the actor may register
// websites for, a system of the same unit, and a merge target the actor may see that still
// runs and does not lead back to the site (PTL-R3: merged into the unit's or domain's portal).
func checkWebsiteLinks(ctx context.Context, tx *store.Tx, a domain.Actor, w, before *domain.Website) error {
	if before == nil || w.UnitID != before.UnitID {
		if _, err := unitFor(ctx, tx, a, authz.WebsiteCreate, authz.KindWebsite, w.UnitID, "err.website.unit_not_yours"); err != nil {
			return err
		}
	}
	if err := checkLinkedSystem(ctx, tx, a, w.UnitID, w.SystemID, before != nil && w.SystemID == before.SystemID && w.UnitID == before.UnitID); err != nil {
		return err
	}
	if w.MergeInto != 0 && (before == nil || w.MergeInto != before.MergeInto) {
		if err := checkWebsiteTarget(ctx, tx, a, w); err != nil {
			return err
		}
	}
	return nil
}

// checkLinkedSystem checks the system a website or a new-media account serves: it exists, the
// actor may see it, and it belongs to the record's unit. A link the record already has, in the
// same unit (unchanged), is not checked again. Another unit's system answers as one that does
// not exist.
func checkLinkedSystem(ctx context.Context, tx *store.Tx, a domain.Actor, unitID, sysID int64, unchanged bool) error {
	if sysID == 0 || unchanged {
		return nil
	}
	sys, err := tx.System(ctx, sysID)
	if err != nil || authz.Can(a, authz.SystemRead, authz.System(sys)) != nil {
		return domain.Invalid("system_id", "err.website.system")
	}
	if sys.UnitID != unitID {
		return domain.Invalid("system_id", "err.website.system_unit")
	}
	// As for a cloud request: a move of the system racing with this link is ordered by it.
	return tx.LockSystem(ctx, sys.ID, sys.Version)
}

func checkWebsiteTarget(ctx context.Context, tx *store.Tx, a domain.Actor, w *domain.Website) error {
	if w.MergeInto == w.ID {
		return domain.Invalid("merge_into_id", "err.website.merge_self")
	}
	t, err := tx.Website(ctx, w.MergeInto)
	if err != nil || authz.Can(a, authz.WebsiteRead, websiteRes(t)) != nil {
		return domain.Invalid("merge_into_id", "err.website.merge_target")
	}
	if t.Gone() {
		return domain.Invalid("merge_into_id", "err.website.merge_gone", t.Host)
	}
	if w.ID == 0 {
		return nil
	}
	if cycle, err := mergeCycle(ctx, tx, store.LockWebsiteMerges, tx.WebsiteMergeTargets, w.ID, w.MergeInto); err != nil || !cycle {
		return err
	}
	return domain.Invalid("merge_into_id", "err.website.merge_cycle", t.Host)
}

// mergeCycle reports whether merging from into into would come back to from, following the
// merges (PTL-R3, PTL-R4 consolidate, never round in circles). It reads them under the merge
// lock, so two merges cannot close a circle between them.
func mergeCycle(ctx context.Context, tx *store.Tx, lock int64, targets func(context.Context) (map[int64]int64, error), from, into int64) (bool, error) {
	if err := tx.LockMerges(ctx, lock); err != nil {
		return false, err
	}
	t, err := targets(ctx)
	if err != nil {
		return false, err
	}
	return domain.MergeCycle(from, into, func(id int64) int64 { return t[id] }), nil
}

// CreateWebsite registers a website for a unit. It starts unregistered (PTL-R3).
func (s *Service) CreateWebsite(ctx context.Context, a domain.Actor, w *domain.Website) error {
	return websiteType.create(ctx, s.db, a, w.UnitID, w, func(tx *store.Tx) error { return checkWebsiteLinks(ctx, tx, a, w, nil) })
}

// WebsiteEdit is a change of a website's registry fields (not its status). Nil fields stay.
type WebsiteEdit struct {
	Version   int64           `json:"version"`
	Name      *string         `json:"name"`
	Host      *string         `json:"host"` // a host name or an http(s) URL; the host is kept
	UnitID    *int64          `json:"unit_id"`
	ICP       *string         `json:"icp"`
	SiteCode  *string         `json:"site_code"`
	Hosting   *domain.Hosting `json:"hosting"`
	SystemID  *int64          `json:"system_id"`     // 0 for none
	MergeInto *int64          `json:"merge_into_id"` // 0 for none
}

// Apply copies the set fields onto w.
func (e WebsiteEdit) Apply(w *domain.Website) { patch(w, e) }

// UpdateWebsite saves an edit. Moving a site to another unit needs the right to register it
// there as well; a site already merged keeps its merge target.
func (s *Service) UpdateWebsite(ctx context.Context, a domain.Actor, wID int64, e WebsiteEdit) (*domain.Website, error) {
	out, err := inTx(ctx, s, func(tx *store.Tx) (*domain.Website, error) {
		return websiteType.change(ctx, tx, a, wID, e.Version, websiteType.may(a, authz.WebsiteUpdate), func(w, before *domain.Website) (string, string, error) {
			e.Apply(w)
			if w.Status == domain.WebMerged && w.MergeInto != before.MergeInto {
				return "", "", domain.Invalid("merge_into_id", "err.website.merged_fixed")
			}
			if err := w.Validate(); err != nil {
				return "", "", err
			}
			return "update", "", checkWebsiteLinks(ctx, tx, a, w, before)
		})
	})
	if err != nil {
		return nil, err
	}
	return s.Website(ctx, a, out.ID) // its findings as the edit left them (PTL-R3)
}

// WebsiteSteps lists the registration steps the actor may take on w now (for buttons).
func (s *Service) WebsiteSteps(ctx context.Context, a domain.Actor, w *domain.Website) []domain.WebAction {
	if authz.Can(a, authz.WebsiteTransition, websiteRes(w)) != nil {
		return nil
	}
	deadline, today, err := s.websiteDeadline(ctx)
	if err != nil {
		return nil
	}
	return domain.WebFlow.Available(w.Status, unitActors(a, w.UnitID), domain.WebCheck{Site: w, Today: today, Deadline: deadline})
}

// WebsiteStep is one registration step with what it needs.
type WebsiteStep struct {
	Version   int64            `json:"version"`
	Action    domain.WebAction `json:"action"`
	MergeInto int64            `json:"merge_into_id"` // for merge: the target, unless the site already names one
	Note      string           `json:"note"`          // the shutdown notice's text (required for issue_notice); otherwise recorded in the audit log
}

// TransitionWebsite takes one registration step (PTL-R3). The domain's transition table
// decides whether it is legal from here, for this actor, today and with the deadline in force.
func (s *Service) TransitionWebsite(ctx context.Context, a domain.Actor, wID int64, st WebsiteStep) (*domain.Website, error) {
	_, err := inTx(ctx, s, func(tx *store.Tx) (*domain.Website, error) {
		return websiteType.change(ctx, tx, a, wID, st.Version, websiteType.may(a, authz.WebsiteTransition), func(w, _ *domain.Website) (string, string, error) {
			g, _, err := governanceTx(ctx, tx)
			if err != nil {
				return "", "", err
			}
			deadline, today := g.WebsiteDeadline, dayOf(tx.Now())
			if st.Action == domain.WebMerge && st.MergeInto != 0 {
				w.MergeInto = st.MergeInto
			}
			next, err := domain.WebFlow.Next(w.Status, st.Action, unitActors(a, w.UnitID), st.Note, domain.WebCheck{Site: w, Today: today, Deadline: deadline})
			if err != nil {
				return "", "", err
			}
			note := truncate(strings.TrimSpace(st.Note), 3000) // the notice is held to 1,000 characters by Validate
			switch st.Action {
			case domain.WebAccept:
				w.RegisteredDate = today
			case domain.WebIssueNotice:
				w.NoticeDate, w.NoticeText, note = today, note, "" // the notice is the record's own field
			case domain.WebClose:
				w.ClosedDate = today
			case domain.WebMerge:
				if err := checkWebsiteTarget(ctx, tx, a, w); err != nil {
					return "", "", err
				}
				w.ClosedDate = today
			}
			w.Status = next
			return string(st.Action), note, w.Validate()
		})
	})
	if err != nil {
		return nil, err
	}
	return s.Website(ctx, a, wID) // its findings as the step left them (PTL-R3)
}

// WebsiteHistory is the website's audit trail, for whoever may see the website.
func (s *Service) WebsiteHistory(ctx context.Context, a domain.Actor, wID int64) ([]*audit.Record, error) {
	return s.history(ctx, "website", wID, seen(s.Website(ctx, a, wID)))
}
