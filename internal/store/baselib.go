package store

import (
	"context"
	"database/sql"
	"fmt"

	"archgov/internal/domain"
)

// The district's base libraries (SHR-P2, SHR-R5): five seeded rows and those the office adds,
// each with its one authoritative provider unit and optional contributing units.

// A library added by the office goes after the others in display order (position is only
// ordered by). Its contributing units have their own table.
var baseLibs = newTable("base library", "base_libraries", "l", ` LEFT JOIN units u ON u.id = l.provider_unit_id`, func(l *domain.Library) []column {
	return versioned(&l.ID, &l.Version, &l.CreatedAt, &l.UpdatedAt, once("code", text(&l.Code)),
		computed("position", `(SELECT COALESCE(MAX(position), 0) + 1 FROM base_libraries)`), c("name", &l.Name),
		c("name_en", &l.NameEN), c("description", &l.Description), c("provider_unit_id", ref(&l.ProviderUnitID)),
		join("COALESCE(u.name, '')", &l.ProviderName), c("active", flag(&l.Active)))
}).onLoad(func(l *domain.Library) { l.ContributorUnitIDs, l.ContributorNames = []int64{}, []string{} })

// baseLibraries runs a library query and fills in each library's contributing units.
func (r Reader) baseLibraries(ctx context.Context, where string, args ...any) ([]*domain.Library, error) {
	out, err := baseLibs.all(ctx, r, "base libraries", where+` ORDER BY l.position, l.id`, args...)
	if err != nil || len(out) == 0 {
		return out, err
	}
	byID := map[int64]*domain.Library{}
	for _, l := range out {
		byID[l.ID] = l
	}
	return out, r.eachRow(ctx, "base library contributors", func(s rowScanner) error {
		var lib, unit int64
		var name string
		if err := s.Scan(&lib, &unit, &name); err != nil {
			return err
		}
		if l := byID[lib]; l != nil {
			l.ContributorUnitIDs, l.ContributorNames = append(l.ContributorUnitIDs, unit), append(l.ContributorNames, name)
		}
		return nil
	}, `SELECT c.library_id, c.unit_id, u.name FROM base_library_contributors c JOIN units u ON u.id = c.unit_id
		ORDER BY c.library_id, c.unit_id`)
}

// firstLibrary is the one library of a lookup; domain.NotFound when there is none.
func firstLibrary(ls []*domain.Library, err error) (*domain.Library, error) {
	if err != nil {
		return nil, err
	}
	if len(ls) == 0 {
		return nil, domain.NotFound()
	}
	return ls[0], nil
}

// BaseLibraries lists every base library in display order (active or not).
func (r Reader) BaseLibraries(ctx context.Context) ([]*domain.Library, error) {
	return r.baseLibraries(ctx, "")
}

// BaseLibrary loads one library by id; domain.NotFound when there is none.
func (r Reader) BaseLibrary(ctx context.Context, id int64) (*domain.Library, error) {
	return firstLibrary(r.baseLibraries(ctx, ` WHERE l.id = ?`, id))
}

// BaseLibraryByCode loads one library by its code (population, legal_person, …);
// domain.NotFound when there is none.
func (r Reader) BaseLibraryByCode(ctx context.Context, code domain.BaseLibrary) (*domain.Library, error) {
	return firstLibrary(r.baseLibraries(ctx, ` WHERE l.code = ?`, string(code)))
}

// BaseLibraryProvider returns the authoritative provider unit (SHR-R5) of the library with
// this code: the unit that answers for its data and receives the data-correction feedback
// reported against it (SHR-R6). domain.NotFound for an unknown code; a field error on
// "base_library" when the office has not yet assigned a provider. Usable inside a transaction
// (tx.BaseLibraryProvider) and outside (db.Read().BaseLibraryProvider).
func (r Reader) BaseLibraryProvider(ctx context.Context, code domain.BaseLibrary) (int64, error) {
	unit, err := queryOne(ctx, r.q, "base library provider", scalar[sql.NullInt64], `SELECT provider_unit_id FROM base_libraries WHERE code = ?`, string(code))
	if err != nil {
		return 0, err
	}
	if !unit.Valid || unit.Int64 == 0 {
		return 0, domain.Invalid("base_library", "err.baselib.no_provider", "baselib."+string(code))
	}
	return unit.Int64, nil
}

// UpdateBaseLibrary saves a library's name, description, providers and active flag if its
// version is still l.Version (a stale version is a conflict). The code never changes.
func (tx *Tx) UpdateBaseLibrary(ctx context.Context, l *domain.Library) error {
	if err := baseLibs.update(ctx, tx, l, ""); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM base_library_contributors WHERE library_id = ?`, l.ID); err != nil {
		return fmt.Errorf("store: base library %d contributors: %w", l.ID, err)
	}
	return tx.addContributors(ctx, l.ID, l.ContributorUnitIDs)
}

func (tx *Tx) addContributors(ctx context.Context, libID int64, units []int64) error {
	for _, u := range units {
		if _, err := tx.exec(ctx, `INSERT INTO base_library_contributors (library_id, unit_id) VALUES (?, ?)`, libID, u); err != nil {
			return fmt.Errorf("store: base library %d contributors: %w", libID, err)
		}
	}
	return nil
}

// LibrarySystem is a system that uses a base library's data (SHR-R7), how it gets it, and
// whether an open docking plan (SHR-R8) is on its way.
type LibrarySystem struct {
	SystemID   int64               `json:"system_id"`
	SystemCode string              `json:"system_code"`
	SystemName string              `json:"system_name"`
	UnitID     int64               `json:"unit_id"`
	UnitName   string              `json:"unit_name"`
	Library    domain.BaseLibrary  `json:"library"`
	State      domain.DockingState `json:"state"`
	Group      domain.DockingGroup `json:"group"`
}

// LibrarySystems lists, for every base library, the systems in service that use its data
// (every system: the caller scopes what it shows), each with its docking group. Systems taken
// out of service (cleanup accepted, offline) no longer count.
func (r Reader) LibrarySystems(ctx context.Context) ([]LibrarySystem, error) {
	open := map[int64]map[domain.BaseLibrary]bool{}
	err := r.eachRow(ctx, "library systems", func(s rowScanner) error {
		var sys int64
		var lib string
		if err := s.Scan(&sys, &lib); err != nil {
			return err
		}
		if open[sys] == nil {
			open[sys] = map[domain.BaseLibrary]bool{}
		}
		open[sys][domain.BaseLibrary(lib)] = true
		return nil
	}, `SELECT system_id, library FROM docking_plans WHERE status IN (?, ?)`, string(domain.PlanPlanned), string(domain.PlanInProgress))
	if err != nil {
		return nil, err
	}
	var out []LibrarySystem
	err = r.eachRow(ctx, "library systems", func(sc rowScanner) error {
		var s LibrarySystem
		var data string
		if err := sc.Scan(&s.SystemID, &s.SystemCode, &s.SystemName, &s.UnitID, &s.UnitName, &data); err != nil {
			return err
		}
		for _, u := range parseBaseData(data) {
			x := s
			x.Library, x.State, x.Group = u.Library, u.State, domain.GroupOf(u.State, open[s.SystemID][u.Library])
			out = append(out, x)
		}
		return nil
	}, `SELECT s.id, s.code, s.name, s.unit_id, COALESCE(n.name, ''), s.base_data
		FROM systems s LEFT JOIN units n ON n.id = s.unit_id
		WHERE s.base_data <> '' AND s.status NOT IN (?, ?) ORDER BY s.code, s.id`,
		string(domain.StatusCleanupAccepted), string(domain.StatusOffline))
	return out, err
}

// OpenDockingPlans lists the open (planned or in progress) docking plans to a library, by
// planned date.
func (r Reader) OpenDockingPlans(ctx context.Context, lib domain.BaseLibrary) ([]*domain.DockingPlan, error) {
	return dockings.all(ctx, r, "open docking plans", ` WHERE p.library = ? AND p.status IN (?, ?) ORDER BY p.planned_date, p.id`,
		string(lib), string(domain.PlanPlanned), string(domain.PlanInProgress))
}

// CreateBaseLibrary inserts a library the office adds (issue 4), after the others in display
// order, with its contributing units; it fills in l.ID, version and times. The caller checked
// that the code is free (BaseLibraryByCode).
func (tx *Tx) CreateBaseLibrary(ctx context.Context, l *domain.Library) error {
	if err := baseLibs.insert(ctx, tx, l); err != nil {
		return err
	}
	return tx.addContributors(ctx, l.ID, l.ContributorUnitIDs)
}
