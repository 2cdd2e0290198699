package app

import (
	"archgov/internal/rules"
	"context"
	"slices"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// The district's base libraries (基础库, SHR-P2, SHR-R5), kept by the info office: every
// government user reads them; the office edits their names, descriptions, authoritative
// provider, contributing units and whether they are in use, and adds libraries (issue 4). The
// table is the list: a library code is checked against it (checkLibraryUse) wherever a catalog
// entry, a system's base data, a docking plan or a feedback report names one.

// BaseLibraries lists every library in display order.
func (s *Service) BaseLibraries(ctx context.Context, a domain.Actor) ([]*domain.Library, error) {
	if err := authz.Can(a, authz.BaseLibraryRead, authz.Resource{Kind: authz.KindBaseLibrary}); err != nil {
		return nil, err
	}
	return s.db.Read().BaseLibraries(ctx)
}

// BaseLibrary returns one library.
func (s *Service) BaseLibrary(ctx context.Context, a domain.Actor, id int64) (*domain.Library, error) {
	if err := authz.Can(a, authz.BaseLibraryRead, authz.BaseLibrary(id)); err != nil {
		return nil, err
	}
	return s.db.Read().BaseLibrary(ctx, id)
}

// BaseLibraryProvider returns the authoritative provider unit (SHR-R5) of the library with this
// code, inside tx: the unit the data-correction feedback against the library goes to (SHR-R6).
// domain.NotFound for an unknown code; a field error on "base_library" when the library has no
// provider yet, or is no longer in use.
func (s *Service) BaseLibraryProvider(ctx context.Context, tx *store.Tx, code domain.BaseLibrary) (int64, error) {
	l, err := tx.BaseLibraryByCode(ctx, code)
	if err != nil {
		return 0, err
	}
	if !l.Active {
		return 0, domain.Invalid("base_library", "err.baselib.inactive", l.Name)
	}
	if l.ProviderUnitID == 0 {
		return 0, domain.Invalid("base_library", "err.baselib.no_provider", l.Name)
	}
	return l.ProviderUnitID, nil
}

// checkLibraryUse checks, inside tx, that a reference to a base library names a library of the
// table (a field error on field otherwise) and, when the reference is new (isNew), that the
// library is still in use: a library the office switched off takes no new catalog entries,
// base-data uses, docking plans or reports, while existing references stay.
func checkLibraryUse(ctx context.Context, tx *store.Tx, field string, code domain.BaseLibrary, isNew bool) error {
	l, err := tx.BaseLibraryByCode(ctx, code)
	if domain.ErrorCode(err) == domain.ENotFound {
		return domain.Invalid(field, "err.baselib.unknown", string(code))
	}
	if err != nil {
		return err
	}
	if isNew && !l.Active {
		return domain.Invalid(field, "err.baselib.inactive", l.Name)
	}
	return nil
}

// NewBaseLibrary is a library the office adds (issue 4).
type NewBaseLibrary struct {
	Code               domain.BaseLibrary `json:"code"`
	Name               string             `json:"name"`
	NameEN             string             `json:"name_en"`
	Description        string             `json:"description"`
	ProviderUnitID     int64              `json:"provider_unit_id"`
	ContributorUnitIDs []int64            `json:"contributor_unit_ids"`
}

// CreateBaseLibrary adds a library (issue 4): a new code of the form domain.BaseLibrary.Valid,
// free in the table, with its authoritative provider (SHR-R5). It is in use at once: catalog
// entries, systems' base data, docking plans and feedback may name it.
func (s *Service) CreateBaseLibrary(ctx context.Context, a domain.Actor, n NewBaseLibrary) (*domain.Library, error) {
	if err := authz.Can(a, authz.BaseLibraryUpdate, authz.Resource{Kind: authz.KindBaseLibrary}); err != nil {
		return nil, err
	}
	l := &domain.Library{Code: n.Code, Name: n.Name, NameEN: n.NameEN, Description: n.Description, ProviderUnitID: n.ProviderUnitID,
		ContributorUnitIDs: slices.Clone(n.ContributorUnitIDs), Active: true}
	if !l.Code.Valid() {
		return nil, domain.Invalid("code", "err.baselib.code_form")
	}
	if err := l.Validate(); err != nil {
		return nil, err
	}
	err := s.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := tx.BaseLibraryByCode(ctx, l.Code)
		switch {
		case err == nil:
			return domain.Invalid("code", "err.baselib.code_taken", string(l.Code))
		case domain.ErrorCode(err) != domain.ENotFound:
			return err
		}
		if err := checkLibraryUnits(ctx, tx, l); err != nil {
			return err
		}
		return libraryType.add(ctx, tx, a, l)
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// BaseLibraryEdit is a change of a library. Nil fields stay; the code never changes.
type BaseLibraryEdit struct {
	Version            int64    `json:"version"`
	Name               *string  `json:"name"`
	NameEN             *string  `json:"name_en"`
	Description        *string  `json:"description"`
	ProviderUnitID     *int64   `json:"provider_unit_id"`
	ContributorUnitIDs *[]int64 `json:"contributor_unit_ids"`
	Active             *bool    `json:"active"`
}

// Apply copies the set fields onto l.
func (e BaseLibraryEdit) Apply(l *domain.Library) {
	set(&l.Name, e.Name)
	set(&l.NameEN, e.NameEN)
	set(&l.Description, e.Description)
	set(&l.ProviderUnitID, e.ProviderUnitID)
	if e.ContributorUnitIDs != nil {
		l.ContributorUnitIDs = slices.Clone(*e.ContributorUnitIDs)
	}
	set(&l.Active, e.Active)
}

// UpdateBaseLibrary saves the office's edit of a library. The provider and every contributing
// unit must be active units; a stale version is a conflict.
func (s *Service) UpdateBaseLibrary(ctx context.Context, a domain.Actor, libID int64, e BaseLibraryEdit) (*domain.Library, error) {
	if err := authz.Can(a, authz.BaseLibraryUpdate, authz.BaseLibrary(libID)); err != nil {
		return nil, err
	}
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Library, error) {
		return libraryType.change(ctx, tx, a, libID, e.Version, nil, func(l, _ *domain.Library) (string, string, error) {
			e.Apply(l)
			if err := l.Validate(); err != nil {
				return "", "", err
			}
			return "update", "", checkLibraryUnits(ctx, tx, l)
		})
	})
}

var libraryType = recordType[domain.Library]{subject: rules.KindBaseLibrary, entity: "baselibrary", kind: authz.KindBaseLibrary, read: authz.BaseLibraryRead,
	res:  func(l *domain.Library) authz.Resource { return authz.BaseLibrary(l.ID) },
	load: store.Reader.BaseLibrary, insert: (*store.Tx).CreateBaseLibrary, update: (*store.Tx).UpdateBaseLibrary,
	key: func(l *domain.Library) (int64, int64) { return l.ID, l.Version }, shown: libraryAudit}

// libraryAudit is what the audit trail records of a library: units by id only (the history
// names them), not their names as well.
func libraryAudit(l *domain.Library) *domain.Library {
	c := *l
	c.ProviderName, c.ContributorNames = "", nil
	return &c
}

// checkLibraryUnits checks that the provider and the contributors are active units and fills
// in their names.
func checkLibraryUnits(ctx context.Context, tx *store.Tx, l *domain.Library) error {
	u, err := tx.Unit(ctx, l.ProviderUnitID)
	if domain.ErrorCode(err) == domain.ENotFound || (err == nil && !u.Active) {
		return domain.Invalid("provider_unit_id", "err.baselib.unit_unknown")
	}
	if err != nil {
		return err
	}
	l.ProviderName = u.Name
	l.ContributorNames = l.ContributorNames[:0]
	for _, cid := range l.ContributorUnitIDs {
		c, err := tx.Unit(ctx, cid)
		if domain.ErrorCode(err) == domain.ENotFound || (err == nil && !c.Active) {
			return domain.Invalid("contributor_unit_ids", "err.baselib.unit_unknown")
		}
		if err != nil {
			return err
		}
		l.ContributorNames = append(l.ContributorNames, c.Name)
	}
	return nil
}

// BaseLibraryHistory is the library's audit trail (the office's edits).
func (s *Service) BaseLibraryHistory(ctx context.Context, a domain.Actor, libID int64) ([]*audit.Record, error) {
	return s.history(ctx, "baselibrary", libID, seen(s.BaseLibrary(ctx, a, libID)))
}

// DockingCounts counts the systems using a library per docking group (SHR-R7, SHR-R8).
type DockingCounts struct {
	Docked    int `json:"docked"`
	Planned   int `json:"planned"`
	NotDocked int `json:"not_docked"`
}

func (c *DockingCounts) add(g domain.DockingGroup) {
	switch g {
	case domain.GroupDocked:
		c.Docked++
	case domain.GroupPlanned:
		c.Planned++
	default:
		c.NotDocked++
	}
}

// Total is the number of systems using the library.
func (c DockingCounts) Total() int { return c.Docked + c.Planned + c.NotDocked }

// LibrarySummary is one row of the libraries list: the library, how many catalog entries the
// viewer sees feeding it, and the district's systems using it per docking group.
type LibrarySummary struct {
	Library *domain.Library `json:"library"`
	Entries int             `json:"entries"`
	Systems DockingCounts   `json:"systems"`
}

// LibraryOverview lists every library with its counts. The docking counts are district-wide
// for everyone: how far the district is docked to a library is governance information
// (SHR-R8), and counts name no system. Entry counts are the entries the viewer may see.
func (s *Service) LibraryOverview(ctx context.Context, a domain.Actor) ([]LibrarySummary, error) {
	ls, err := s.BaseLibraries(ctx, a)
	if err != nil {
		return nil, err
	}
	r := s.db.Read()
	uses, err := r.LibrarySystems(ctx)
	if err != nil {
		return nil, err
	}
	entries, err := r.CatalogCountsByLibrary(ctx, authz.ReadScope(a, authz.KindCatalog), store.CatalogFilter{})
	if err != nil {
		return nil, err
	}
	out := make([]LibrarySummary, 0, len(ls))
	for _, l := range ls {
		sum := LibrarySummary{Library: l}
		for _, u := range uses {
			if u.Library == l.Code {
				sum.Systems.add(u.Group)
			}
		}
		sum.Entries = entries[l.Code]
		out = append(out, sum)
	}
	return out, nil
}

// LibraryDetail is what a library's page shows beyond the library itself (SHR-R5): the catalog
// entries feeding it that the viewer may see (the first page; Entries counts them all), the
// district-wide docking counts, the systems using it that the viewer may see (the office: all;
// a unit: its own units' systems) grouped by docking group, and the open docking plans of
// those systems.
type LibraryDetail struct {
	Library      *domain.Library                               `json:"library"`
	Entries      int                                           `json:"entries"`
	EntryList    []*domain.CatalogEntry                        `json:"entry_list"`
	Counts       DockingCounts                                 `json:"systems"`
	Systems      map[domain.DockingGroup][]store.LibrarySystem `json:"system_list"`
	AllSystems   bool                                          `json:"all_systems"` // the viewer sees every system
	DockingPlans []*domain.DockingPlan                         `json:"docking_plans"`
}

// BaseLibraryDetail assembles a library's page; entryLimit caps the entries listed.
func (s *Service) BaseLibraryDetail(ctx context.Context, a domain.Actor, libID int64, entryLimit int) (*LibraryDetail, error) {
	l, err := s.BaseLibrary(ctx, a, libID)
	if err != nil {
		return nil, err
	}
	r := s.db.Read()
	out := &LibraryDetail{Library: l, Systems: map[domain.DockingGroup][]store.LibrarySystem{}, EntryList: []*domain.CatalogEntry{},
		DockingPlans: []*domain.DockingPlan{}}
	for _, g := range domain.DockingGroups {
		out.Systems[g] = []store.LibrarySystem{}
	}
	cs := authz.ReadScope(a, authz.KindCatalog)
	f := store.CatalogFilter{BaseLibrary: l.Code, Sort: store.SortName, Limit: entryLimit}
	if out.EntryList, err = r.CatalogEntries(ctx, cs, f); err != nil {
		return nil, err
	}
	if out.EntryList == nil {
		out.EntryList = []*domain.CatalogEntry{}
	}
	counts, err := r.CatalogCountsByLibrary(ctx, cs, store.CatalogFilter{BaseLibrary: l.Code})
	if err != nil {
		return nil, err
	}
	out.Entries = counts[l.Code]
	uses, err := r.LibrarySystems(ctx)
	if err != nil {
		return nil, err
	}
	ss := authz.ReadScope(a, authz.KindSystem)
	out.AllSystems = ss.All
	for _, u := range uses {
		if u.Library != l.Code {
			continue
		}
		out.Counts.add(u.Group)
		if ss.Has(u.UnitID) {
			out.Systems[u.Group] = append(out.Systems[u.Group], u)
		}
	}
	plans, err := r.OpenDockingPlans(ctx, l.Code)
	if err != nil {
		return nil, err
	}
	for _, p := range plans {
		if ss.Has(p.UnitID) {
			out.DockingPlans = append(out.DockingPlans, p)
		}
	}
	return out, nil
}
