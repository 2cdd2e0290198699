package app

import (
	"archgov/internal/rules"
	"context"
	"slices"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

var catalogType = recordType[domain.CatalogEntry]{entity: "catalog", kind: authz.KindCatalog, read: authz.CatalogRead, res: catalogResource,
	// The entry's application: its pre-compiled catalog (SHR-R3) and, at acceptance, its entries published (SHR-R4).
	subject: rules.KindApplication, affected: func(_ context.Context, _ store.Reader, c *domain.CatalogEntry) ([]int64, error) {
		if c.ProjectID == 0 {
			return []int64{}, nil
		}
		return []int64{c.ProjectID}, nil
	},
	load: store.Reader.CatalogEntry, insert: (*store.Tx).InsertCatalogEntry,
	key:     func(c *domain.CatalogEntry) (int64, int64) { return c.ID, c.Version },
	creates: authz.CatalogCreate, valid: (*domain.CatalogEntry).Validate,
	fresh: func(c *domain.CatalogEntry) {
		c.ID, c.Code, c.Status, c.Revision, c.ReturnNote, c.PublishDate = 0, "", domain.CatPrecompiled, 0, "", time.Time{}
	}}

// catalogWriter is catalogType saving an entry, with its data items or not, and appending
// *change, when one is set, to the change feed after the entry's row.
func catalogWriter(items bool, change *domain.ChangeKind) recordType[domain.CatalogEntry] {
	k := catalogType
	k.update = func(tx *store.Tx, ctx context.Context, c *domain.CatalogEntry) error {
		if err := tx.UpdateCatalogEntry(ctx, c, items); err != nil || *change == "" {
			return err
		}
		return tx.AppendCatalogChange(ctx, &domain.CatalogChange{EntryID: c.ID, Code: c.Code, Kind: *change, Revision: c.Revision, Entry: c})
	}
	return k
}

// Catalog lists the catalog entries the actor may see: every published entry, and the others
// of the units in the actor's scope (authz.ReadScope).
func (s *Service) Catalog(ctx context.Context, a domain.Actor, f store.CatalogFilter) (Page[*domain.CatalogEntry], error) {
	return s.catalogList(ctx, a, &f.Limit, func(sc authz.Scope) ([]*domain.CatalogEntry, error) { return s.db.Read().CatalogEntries(ctx, sc, f) })
}

// CountCatalog counts the entries Catalog lists for f, its search included (the list page's total).
func (s *Service) CountCatalog(ctx context.Context, a domain.Actor, f store.CatalogFilter) (int, error) {
	return catalogType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountCatalogEntries(ctx, sc, f) })
}

// CatalogWithFacets is Catalog and CatalogFacets in one (the list's search planned once).
func (s *Service) CatalogWithFacets(ctx context.Context, a domain.Actor, f store.CatalogFilter) (Page[*domain.CatalogEntry], store.CatalogFacets, error) {
	var facets store.CatalogFacets
	p, err := s.catalogList(ctx, a, &f.Limit, func(sc authz.Scope) (cs []*domain.CatalogEntry, err error) {
		cs, facets, err = s.db.Read().CatalogPage(ctx, sc, f)
		return cs, err
	})
	return p, facets, err
}

// catalogList is a page of entries read in the actor's scope, without the related entries the
// actor may not see.
func (s *Service) catalogList(ctx context.Context, a domain.Actor, limit *int, read func(authz.Scope) ([]*domain.CatalogEntry, error)) (Page[*domain.CatalogEntry], error) {
	p, err := catalogType.list(a, limit, read)
	if err == nil {
		err = visibleRelated(ctx, s.db.Read(), a, p.Items...)
	}
	if err != nil {
		return Page[*domain.CatalogEntry]{}, err
	}
	return p, nil
}

// CatalogFacets counts what the actor may see of the filtered list per facet.
func (s *Service) CatalogFacets(ctx context.Context, a domain.Actor, f store.CatalogFilter) (store.CatalogFacets, error) {
	return inScope(a, authz.CatalogRead, authz.KindCatalog, func(sc authz.Scope) (store.CatalogFacets, error) {
		return s.db.Read().CatalogFacets(ctx, sc, f)
	})
}

func catalogResource(c *domain.CatalogEntry) authz.Resource {
	return authz.CatalogEntry(c.ID, c.ProviderUnitID, c.Status == domain.CatPublished)
}

// CatalogEntry returns one entry with its data items; another unit's draft answers not found.
func (s *Service) CatalogEntry(ctx context.Context, a domain.Actor, entryID int64) (*domain.CatalogEntry, error) {
	c, err := catalogType.get(ctx, s.db.Read(), a, entryID)
	if err != nil {
		return nil, err
	}
	return c, visibleRelated(ctx, s.db.Read(), a, c)
}

// hiddenRelated lists the related resources of the entries that the actor may not see: another
// unit's draft, or an entry withdrawn since. A reader must not learn a hidden entry's id from a
// published entry's links (review finding), so reads leave them out (visibleRelated), and an
// edit, which sends back what its author could see, keeps them (updateCatalogEntry).
func hiddenRelated(ctx context.Context, r store.Reader, a domain.Actor, cs ...*domain.CatalogEntry) (map[int64]bool, error) {
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.RelatedIDs...)
	}
	hidden := map[int64]bool{}
	if len(ids) == 0 {
		return hidden, nil
	}
	slices.Sort(ids)
	refs, err := r.CatalogRefs(ctx, slices.Compact(ids))
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		ref, ok := refs[id]
		if !ok || authz.Can(a, authz.CatalogRead, authz.CatalogEntry(id, ref.ProviderUnitID, ref.Published)) != nil {
			hidden[id] = true
		}
	}
	return hidden, nil
}

// visibleRelated drops the related resources the actor may not see from each entry.
func visibleRelated(ctx context.Context, r store.Reader, a domain.Actor, cs ...*domain.CatalogEntry) error {
	hidden, err := hiddenRelated(ctx, r, a, cs...)
	if err != nil || len(hidden) == 0 {
		return err
	}
	for _, c := range cs {
		c.RelatedIDs = slices.DeleteFunc(slices.Clone(c.RelatedIDs), func(id int64) bool { return hidden[id] })
	}
	return nil
}

// CreateCatalogEntry pre-compiles (预编) an entry for its provider unit; the store generates
// its resource code.
func (s *Service) CreateCatalogEntry(ctx context.Context, a domain.Actor, c *domain.CatalogEntry) error {
	return s.InCatalogBatch(ctx, a, func(b *CatalogBatch) error { return b.Create(c) })
}

func createCatalogEntry(ctx context.Context, tx *store.Tx, a domain.Actor, c *domain.CatalogEntry) error {
	if _, err := activeUnit(ctx, tx, "provider_unit_id", c.ProviderUnitID); err != nil {
		return err
	}
	if err := checkCatalogLinks(ctx, tx, a, c, nil); err != nil {
		return err
	}
	return catalogType.add(ctx, tx, a, c)
}

// checkCatalogLinks checks the links an edit adds (a link the entry already has stays, even if
// the editor cannot see its target): producing systems of the provider unit or visible to the
// actor, related entries the actor may see.
func checkCatalogLinks(ctx context.Context, tx *store.Tx, a domain.Actor, c, before *domain.CatalogEntry) error {
	var hadSys, hadRel []int64
	if before != nil {
		hadSys, hadRel = before.SystemIDs, before.RelatedIDs
	}
	if err := checkCatalogProject(ctx, tx, a, c, before); err != nil { // SHR-R3 (projects.go)
		return err
	}
	if c.BaseLibrary != "" {
		if err := checkLibraryUse(ctx, tx, "base_library", c.BaseLibrary, before == nil || before.BaseLibrary != c.BaseLibrary); err != nil {
			return err
		}
	}
	for _, sid := range c.SystemIDs {
		if slices.Contains(hadSys, sid) {
			continue
		}
		sys, err := tx.System(ctx, sid)
		if err != nil || (sys.UnitID != c.ProviderUnitID && authz.Can(a, authz.SystemRead, authz.System(sys)) != nil) {
			return domain.Invalid("system_ids", "err.catalog.system", sid)
		}
	}
	for _, rid := range c.RelatedIDs {
		if slices.Contains(hadRel, rid) {
			continue
		}
		rel, err := tx.CatalogEntry(ctx, rid)
		if err != nil || authz.Can(a, authz.CatalogRead, catalogResource(rel)) != nil {
			return domain.Invalid("related_ids", "err.catalog.related", rid)
		}
	}
	return nil
}

// CatalogEdit is a change of an entry's metadata (not its state). Nil fields stay. The
// classification is part of the resource code and cannot change.
type CatalogEdit struct {
	Version        int64                `json:"version"`
	Class          *string              `json:"class"`
	Item           *string              `json:"item"`
	Catalog        *string              `json:"catalog"`
	SubCatalog     *string              `json:"sub_catalog"`
	Name           *string              `json:"name"`
	ProviderUnitID *int64               `json:"provider_unit_id"`
	Summary        *string              `json:"summary"`
	Format         *domain.ResFormat    `json:"format"`
	FormatDetail   *string              `json:"format_detail"`
	Items          *[]domain.DataItem   `json:"items"`
	ShareType      *domain.ShareType    `json:"share_type"`
	ShareCondition *string              `json:"share_condition"`
	ShareBasis     *string              `json:"share_basis"`
	ShareChannel   *domain.ShareChannel `json:"share_channel"`
	ShareForm      *domain.ShareForm    `json:"share_form"`
	Open           *bool                `json:"open"`
	OpenCondition  *string              `json:"open_condition"`
	UpdateCycle    *domain.UpdateCycle  `json:"update_cycle"`
	RelatedIDs     *[]int64             `json:"related_ids"`
	SystemIDs      *[]int64             `json:"system_ids"`
	ProjectID      *int64               `json:"project_id"`
	BaseLibrary    *domain.BaseLibrary  `json:"base_library"`
}

// Apply copies the set fields onto c.
func (e CatalogEdit) Apply(c *domain.CatalogEntry) { patch(c, e) }

// UpdateCatalogEntry saves an edit of a pre-compiled entry, or revises a published one: its
// revision goes up, the publish date is today and the change feed gets the new revision.
// Under review (submitted, registered) or withdrawn, an entry does not change (409).
func (s *Service) UpdateCatalogEntry(ctx context.Context, a domain.Actor, entryID int64, e CatalogEdit) (*domain.CatalogEntry, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.CatalogEntry, error) { return updateCatalogEntry(ctx, tx, a, entryID, e) })
}

func updateCatalogEntry(ctx context.Context, tx *store.Tx, a domain.Actor, entryID int64, e CatalogEdit) (*domain.CatalogEntry, error) {
	var change domain.ChangeKind
	return catalogWriter(true, &change).change(ctx, tx, a, entryID, e.Version, catalogType.may(a, authz.CatalogUpdate), func(c, before *domain.CatalogEntry) (string, string, error) {
		if !c.Status.Editable() {
			return "", "", domain.Errorf(domain.EConflict, "err.catalog.not_editable", "catstatus."+string(c.Status))
		}
		before.Items = slices.Clone(c.Items)
		if e.RelatedIDs != nil {
			// The editor saw (and sends back) only the links it may see; the others stay.
			hidden, err := hiddenRelated(ctx, tx.Reader, a, c)
			if err != nil {
				return "", "", err
			}
			rel := slices.Clone(*e.RelatedIDs)
			for _, id := range c.RelatedIDs {
				if hidden[id] {
					rel = append(rel, id)
				}
			}
			e.RelatedIDs = &rel
		}
		e.Apply(c)
		if c.ClassCode() != before.ClassCode() {
			return "", "", domain.Invalid("class", "err.catalog.class_fixed")
		}
		if c.ProviderUnitID != before.ProviderUnitID {
			if c.Status != domain.CatPrecompiled ||
				authz.Can(a, authz.CatalogCreate, authz.Resource{Kind: authz.KindCatalog, UnitID: c.ProviderUnitID}) != nil {
				return "", "", domain.Invalid("provider_unit_id", "err.catalog.provider_fixed")
			}
			if _, err := activeUnit(ctx, tx, "provider_unit_id", c.ProviderUnitID); err != nil {
				return "", "", err
			}
		}
		check := c.Validate
		if before.Status == domain.CatPublished {
			check = c.Complete // a revision of a published entry stays complete: it is public at once
		}
		if err := check(); err != nil {
			return "", "", err
		}
		if err := checkCatalogLinks(ctx, tx, a, c, before); err != nil {
			return "", "", err
		}
		if audit.Diff(before, c, nil) == "" {
			return "", "", nil // nothing changed: no new revision, nothing in the feed
		}
		if c.Status == domain.CatPublished {
			if err := tx.LockCatalogChanges(ctx); err != nil { // before the entry's row: one lock order
				return "", "", err
			}
			c.Revision++
			c.PublishDate = today(tx)
			change = domain.ChangeRevise
		}
		return "update", "", nil
	})
}

// CatalogSteps lists the lifecycle steps the actor may take on c now (for buttons).
func (s *Service) CatalogSteps(a domain.Actor, c *domain.CatalogEntry) []domain.CatalogAction {
	if authz.Can(a, authz.CatalogTransition, catalogResource(c)) != nil {
		return nil
	}
	return domain.CatalogFlow.Available(c.Status, unitActors(a, c.ProviderUnitID), nil)
}

// CatalogStep is one lifecycle step; a return and a withdrawal need a note.
type CatalogStep struct {
	Version int64                `json:"version"`
	Action  domain.CatalogAction `json:"action"`
	Note    string               `json:"note"`
}

// TransitionCatalogEntry takes one lifecycle step (SHR-R3, SHR-R4). The domain's transition
// table decides whether it is legal from here and for this actor. Publishing and withdrawing
// write the change feed in the same transaction.
func (s *Service) TransitionCatalogEntry(ctx context.Context, a domain.Actor, entryID int64, st CatalogStep) (*domain.CatalogEntry, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.CatalogEntry, error) {
		return transitionCatalogEntry(ctx, tx, a, entryID, st)
	})
}

func transitionCatalogEntry(ctx context.Context, tx *store.Tx, a domain.Actor, entryID int64, st CatalogStep) (*domain.CatalogEntry, error) {
	var change domain.ChangeKind
	return catalogWriter(false, &change).change(ctx, tx, a, entryID, st.Version, catalogType.may(a, authz.CatalogTransition), func(c, _ *domain.CatalogEntry) (string, string, error) {
		next, err := domain.CatalogFlow.Next(c.Status, st.Action, unitActors(a, c.ProviderUnitID), st.Note, nil)
		if err != nil {
			return "", "", err
		}
		note := truncate(st.Note, 500)
		switch st.Action {
		case domain.CatSubmit:
			if err := c.Complete(); err != nil { // what was pre-compiled must be complete
				return "", "", err
			}
			c.ReturnNote = ""
		case domain.CatReturn:
			c.ReturnNote, note = note, "" // the note is the entry's own field
		case domain.CatPublish:
			c.Revision++
			c.PublishDate = today(tx)
			change = domain.ChangePublish
		case domain.CatWithdraw:
			change = domain.ChangeWithdraw
		}
		c.Status = next
		if change != "" {
			if err := tx.LockCatalogChanges(ctx); err != nil { // before the entry's row: one lock order
				return "", "", err
			}
		}
		return string(st.Action), note, nil
	})
}

// CatalogHistory is the entry's audit trail, for whoever may see the entry. Readers outside
// the provider's scope see a published entry's public life only, from its first publication:
// its drafts, the office's return notes and earlier names were never theirs to read.
func (s *Service) CatalogHistory(ctx context.Context, a domain.Actor, entryID int64) ([]*audit.Record, error) {
	c, err := s.CatalogEntry(ctx, a, entryID)
	recs, err := s.history(ctx, "catalog", entryID, err)
	if err != nil || authz.ReadScope(a, authz.KindCatalog).Has(c.ProviderUnitID) {
		return recs, err
	}
	var first int64
	for _, r := range recs {
		if r.Action == "catalog."+string(domain.CatPublish) && (first == 0 || r.ID < first) {
			first = r.ID
		}
	}
	out := recs[:0]
	for _, r := range recs {
		if first != 0 && r.ID >= first {
			out = append(out, r)
		}
	}
	return out, nil
}

// CatalogChanges reads the change feed after the change id since (SHR-P4). What it carries
// was published, so every government user may read it.
func (s *Service) CatalogChanges(ctx context.Context, a domain.Actor, since int64, limit int) ([]*domain.CatalogChange, error) {
	if err := authz.Can(a, authz.CatalogRead, authz.Resource{Kind: authz.KindCatalog}); err != nil {
		return nil, err
	}
	chs, err := s.db.Read().CatalogChanges(ctx, since, ClampLimit(limit))
	if err != nil {
		return nil, err
	}
	entries := make([]*domain.CatalogEntry, 0, len(chs))
	for _, ch := range chs {
		if ch.Entry != nil {
			entries = append(entries, ch.Entry)
		}
	}
	return chs, visibleRelated(ctx, s.db.Read(), a, entries...)
}

// CatalogBatch runs several catalog commands in one transaction: each is the same use case,
// with the same authorization, validation and audit record, and either all of them are
// written or none. The demo loader uses it (one transaction per unit instead of one per step).
type CatalogBatch struct {
	ctx context.Context
	tx  *store.Tx
	a   domain.Actor
}

// InCatalogBatch runs fn with a batch in one transaction.
func (s *Service) InCatalogBatch(ctx context.Context, a domain.Actor, fn func(b *CatalogBatch) error) error {
	return s.db.InTx(ctx, func(tx *store.Tx) error { return fn(&CatalogBatch{ctx: ctx, tx: tx, a: a}) })
}

// Create is CreateCatalogEntry within the batch.
func (b *CatalogBatch) Create(c *domain.CatalogEntry) error {
	if c.ProviderUnitID == 0 {
		return domain.Invalid("provider_unit_id", "err.required") // not a refusal: a missing field
	}
	if err := catalogType.admit(b.a, c.ProviderUnitID, c); err != nil {
		return err
	}
	return createCatalogEntry(b.ctx, b.tx, b.a, c)
}

// Update is UpdateCatalogEntry within the batch.
func (b *CatalogBatch) Update(entryID int64, e CatalogEdit) (*domain.CatalogEntry, error) {
	return updateCatalogEntry(b.ctx, b.tx, b.a, entryID, e)
}

// Transition is TransitionCatalogEntry within the batch.
func (b *CatalogBatch) Transition(entryID int64, st CatalogStep) (*domain.CatalogEntry, error) {
	return transitionCatalogEntry(b.ctx, b.tx, b.a, entryID, st)
}
