package app

import (
	"context"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// The shared component catalog (组件目录, issue 15): the reusable components the district offers
// (unified identity, electronic seal, licences, SMS, maps, payment, the exchange interfaces,
// the cloud's PaaS services), with their function points and the systems that use them, so
// that a project reuses instead of building again (SHR-R1, BLD-P3). The info office keeps the
// catalog; every login reads what is not a draft.

// ComponentFilter narrows the component list; ComponentSorts are its orders.
type ComponentFilter = store.ComponentFilter

var (
	ComponentSorts   = store.ComponentSorts
	ComponentSortKey = store.ComponentSortKey
)

func componentRes(x *domain.Component) authz.Resource {
	return authz.Component(x.ID, x.UnitID, x.Status == domain.CompDraft)
}

var componentType = recordType[domain.Component]{entity: "component", kind: authz.KindComponent, read: authz.ComponentRead, res: componentRes,
	load: store.Reader.Component, insert: (*store.Tx).InsertComponent, update: (*store.Tx).UpdateComponent,
	key:     func(x *domain.Component) (int64, int64) { return x.ID, x.Version },
	creates: authz.ComponentWrite, valid: (*domain.Component).Validate,
	fresh: func(x *domain.Component) {
		x.ID, x.Status, x.UnitName, x.SystemName, x.UserSystems = 0, domain.CompDraft, "", "", nil
	},
	// The audit trail keeps the fields, not the names read with them.
	shown: func(x *domain.Component) *domain.Component {
		y := *x
		y.UnitName, y.SystemName, y.UserSystems = "", "", nil
		return &y
	}}

// Components lists the components the actor may see: the office's drafts too.
func (s *Service) Components(ctx context.Context, a domain.Actor, f ComponentFilter) (Page[*domain.Component], error) {
	return componentType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.Component, error) { return s.db.Read().Components(ctx, sc, f) })
}

// CountComponents counts what Components lists without paging.
func (s *Service) CountComponents(ctx context.Context, a domain.Actor, f ComponentFilter) (int, error) {
	return componentType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountComponents(ctx, sc, f) })
}

// Component returns one component; a draft answers not found to anyone but the office.
func (s *Service) Component(ctx context.Context, a domain.Actor, id int64) (*domain.Component, error) {
	return componentType.get(ctx, s.db.Read(), a, id)
}

// SystemComponents lists the components the system uses that the actor may see (for the
// system's page), by name.
func (s *Service) SystemComponents(ctx context.Context, a domain.Actor, systemID int64) ([]*domain.Component, error) {
	p, err := s.Components(ctx, a, ComponentFilter{SystemID: systemID, Sort: store.SortName, Limit: 200})
	return p.Items, err
}

// CreateComponent adds a component to the catalog as a draft (the office only).
func (s *Service) CreateComponent(ctx context.Context, a domain.Actor, x *domain.Component) error {
	if err := authz.Can(a, componentType.creates, authz.Resource{Kind: authz.KindComponent}); err != nil {
		return err
	}
	componentType.fresh(x)
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if err := componentChecks(ctx, tx, x, 0); err != nil {
			return err
		}
		return componentType.add(ctx, tx, a, x)
	})
}

// componentChecks is the component's validation and its links' checks, every problem at once.
// was is the standard version the component named before (0 for a new one).
func componentChecks(ctx context.Context, tx *store.Tx, x *domain.Component, was int64) error {
	var errs domain.Problems
	// ORG-5: a component that names a standard version follows a published one, whose name,
	// edition and link it then shows.
	if std, err := namedStandard(ctx, tx, "standard_id", x.StandardID, was); err != nil {
		if domain.ErrorCode(err) != domain.EInvalid {
			return err
		}
		errs.Add(err)
	} else if std != nil {
		x.Standard, x.StandardVersion, x.StandardURL = std.Name, std.Edition, std.URL
	}
	errs.Add(x.Validate())
	if err := componentLinks(ctx, tx, x); err != nil {
		if domain.ErrorCode(err) != domain.EInvalid {
			return err
		}
		errs.Add(err)
	}
	return errs.Err()
}

// componentLinks checks what the component names in other registers, all problems at once: an
// active providing unit, a providing system of that unit, user systems that exist and are not
// classified (their names are shown to every reader of the catalog). It sets the names read
// with the component.
func componentLinks(ctx context.Context, tx *store.Tx, x *domain.Component) error {
	var errs domain.Problems
	if unit, err := activeUnit(ctx, tx, "unit_id", x.UnitID); err != nil {
		errs.Add(err)
	} else {
		x.UnitName = unit.Name
	}
	x.SystemName = ""
	if x.SystemID != 0 {
		sys, err := tx.System(ctx, x.SystemID)
		switch {
		case domain.ErrorCode(err) == domain.ENotFound:
			errs.Add(domain.Invalid("system_id", "err.component.system_unit"))
		case err != nil:
			return err
		case sys.UnitID != x.UnitID:
			errs.Add(domain.Invalid("system_id", "err.component.system_unit"))
		default:
			x.SystemName = sys.Name
		}
	}
	x.UserSystems = []domain.ComponentUser{}
	for _, id := range x.UserSystemIDs {
		sys, err := tx.System(ctx, id)
		switch {
		case domain.ErrorCode(err) == domain.ENotFound:
			errs.Add(domain.Invalid("user_system_ids", "err.component.system_unknown", id))
		case err != nil:
			return err
		case sys.Classification == domain.Classified:
			errs.Add(domain.Invalid("user_system_ids", "err.component.user_classified"))
		default:
			x.UserSystems = append(x.UserSystems, domain.ComponentUser{ID: sys.ID, Code: sys.Code, Name: sys.Name, UnitID: sys.UnitID, UnitName: sys.UnitName})
		}
	}
	return errs.Err()
}

// ComponentEdit is a change of a component's fields (not its status). Nil fields stay.
type ComponentEdit struct {
	Version         int64                 `json:"version"`
	Name            *string               `json:"name"`
	Kind            *domain.ComponentKind `json:"kind"`
	UnitID          *int64                `json:"unit_id"`
	SystemID        *int64                `json:"system_id"`
	StandardID      *int64                `json:"standard_id"` // a published standard version (ORG-5); 0 for none
	Summary         *string               `json:"summary"`
	Functions       *[]string             `json:"functions"`
	Standard        *string               `json:"standard"`
	StandardVersion *string               `json:"standard_version"`
	StandardURL     *string               `json:"standard_url"`
	Access          *string               `json:"access"`
	UserSystemIDs   *[]int64              `json:"user_system_ids"`
}

// Apply copies the set fields onto x.
func (e ComponentEdit) Apply(x *domain.Component) { patch(x, e) }

// UpdateComponent saves an edit, every problem at once (422); a stale version is 409.
func (s *Service) UpdateComponent(ctx context.Context, a domain.Actor, id int64, e ComponentEdit) (*domain.Component, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Component, error) {
		return componentType.change(ctx, tx, a, id, e.Version, componentType.may(a, authz.ComponentWrite), func(x, before *domain.Component) (string, string, error) {
			e.Apply(x)
			return "update", "", componentChecks(ctx, tx, x, before.StandardID)
		})
	})
}

// ComponentSteps lists the steps the actor may take on x now (for buttons).
func (s *Service) ComponentSteps(a domain.Actor, x *domain.Component) []domain.ComponentAction {
	if authz.Can(a, authz.ComponentWrite, componentRes(x)) != nil {
		return nil
	}
	return domain.ComponentFlow.Available(x.Status, []domain.SystemActor{domain.ByOffice}, x)
}

// ComponentStep is one step of a component.
type ComponentStep struct {
	Version int64                  `json:"version"`
	Action  domain.ComponentAction `json:"action"`
}

// TransitionComponent publishes, retires or reinstates a component (the office); the search
// index follows its state in the same transaction (the store's update).
func (s *Service) TransitionComponent(ctx context.Context, a domain.Actor, id int64, st ComponentStep) (*domain.Component, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Component, error) {
		return componentType.change(ctx, tx, a, id, st.Version, componentType.may(a, authz.ComponentWrite), func(x, _ *domain.Component) (string, string, error) {
			next, err := domain.ComponentFlow.Next(x.Status, st.Action, []domain.SystemActor{domain.ByOffice}, "", x)
			if err != nil {
				return "", "", err
			}
			x.Status = next
			return string(st.Action), "", nil
		})
	})
}

// ComponentHistory is a component's audit trail, for whoever may see it.
func (s *Service) ComponentHistory(ctx context.Context, a domain.Actor, id int64) ([]*audit.Record, error) {
	return s.history(ctx, "component", id, seen(s.Component(ctx, a, id)))
}
