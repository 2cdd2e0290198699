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

var systemType = recordType[domain.System]{subject: rules.KindSystem, entity: "system", kind: authz.KindSystem, read: authz.SystemRead, res: authz.System,
	load: store.Reader.System, insert: (*store.Tx).InsertSystem, update: (*store.Tx).UpdateSystem,
	key:     func(sys *domain.System) (int64, int64) { return sys.ID, sys.Version },
	creates: authz.SystemCreate, valid: validSystem,
	fresh: func(sys *domain.System) {
		sys.ID, sys.Status, sys.StatusBefore, sys.ReplacedByID, sys.OfflineDate = 0, domain.StatusRunning, "", 0, time.Time{}
		sys.StatusAt = time.Time{} // the store dates a new system's status
		sys.ProjectID = 0          // set only by its project's approval (registerProjectSystems)
		sys.Code = strings.TrimSpace(sys.Code)
	}}

// validSystem validates a system whose code may be empty still (the server allocates it).
func validSystem(sys *domain.System) error {
	if sys.Code != "" {
		return sys.Validate()
	}
	sys.Code = "AUTO" // stands in for the code the transaction gives, to check the other fields first
	err := sys.Validate()
	sys.Code = ""
	return err
}

// Systems lists the information systems in the actor's scope.
func (s *Service) Systems(ctx context.Context, a domain.Actor, f store.SystemFilter) (Page[*domain.System], error) {
	return systemType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.System, error) { return s.db.Read().Systems(ctx, sc, f) })
}

// CountSystems counts the systems in the actor's scope that match f (for to-do lists).
func (s *Service) CountSystems(ctx context.Context, a domain.Actor, f store.SystemFilter) (int, error) {
	return systemType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountSystems(ctx, sc, f) })
}

// System returns one system; another unit's answers not found.
func (s *Service) System(ctx context.Context, a domain.Actor, id int64) (*domain.System, error) {
	return systemType.get(ctx, s.db.Read(), a, id)
}

// ChoosesSystemCodes reports whether the actor may choose a system's code (信息系统编码): the
// info office, who reads every system and so learns nothing from a refusal of a taken code, and
// the operator at the command line. A unit user never does: the server allocates the code of a
// system they register, and a code they send is refused whatever it is, so no answer tells them
// whether a code exists in another unit (issue 13, low 13b; docs/SECURITY.md). Every channel
// (form, API, import) asks here; the pages show or hide the code input by it.
func ChoosesSystemCodes(a domain.Actor) bool {
	return a.System || a.Has(domain.RoleOffice)
}

// codeAllocator gives new systems the district's next codes within one transaction.
type codeAllocator struct {
	prefix string
	last   []string // the codes with the prefix, then the last one given
}

// allocateSystemCodes takes the code lock (store: LockSystemCodes) and reads the prefix
// (governance setting system_code_prefix) and the codes with it. Call it before taking any
// system's row: the counter comes first in the one lock order.
func allocateSystemCodes(ctx context.Context, tx *store.Tx) (*codeAllocator, error) {
	if err := tx.LockSystemCodes(ctx); err != nil {
		return nil, err
	}
	g, _, err := governanceTx(ctx, tx)
	if err != nil {
		return nil, err
	}
	codes, err := tx.SystemCodesWithPrefix(ctx, g.SystemCodePrefix)
	if err != nil {
		return nil, err
	}
	return &codeAllocator{prefix: g.SystemCodePrefix, last: codes}, nil
}

// next gives the next free code: the prefix and the number after the highest among the codes
// with it (domain.NextSystemCode).
func (c *codeAllocator) next() string {
	code := domain.NextSystemCode(c.prefix, c.last)
	c.last = []string{code}
	return code
}

// CreateSystem registers a system for a unit. It starts running. An empty code asks the server
// for the district's next code (the only way a unit user registers a system); the office may set
// one instead.
func (s *Service) CreateSystem(ctx context.Context, a domain.Actor, sys *domain.System) error {
	allocate, err := admitSystem(a, sys)
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *store.Tx) error {
		var codes *codeAllocator
		if allocate {
			if codes, err = allocateSystemCodes(ctx, tx); err != nil {
				return err
			}
		}
		return addSystem(ctx, tx, a, sys, codes)
	})
	if err != nil && allocate {
		sys.Code = "" // a form shown again asks for no code
	}
	return err
}

// admitSystem readies a new system for its insert (systemType.admit): the actor may register
// systems of its unit, it starts fresh, then rules (a caller's own, after the fresh start) and
// the code rule and the validation pass. allocate: the code is empty, the server gives one.
func admitSystem(a domain.Actor, sys *domain.System, rules ...func(*domain.System) error) (allocate bool, err error) {
	err = systemType.admit(a, sys.UnitID, sys, append(rules, func(sys *domain.System) error {
		if allocate = sys.Code == ""; !allocate && !ChoosesSystemCodes(a) {
			return domain.Invalid("code", "err.system.code_allocated")
		}
		return nil
	})...)
	return allocate, err
}

// addSystem is the register's create inside tx, for an admitted system: the next code from
// codes when it is to be allocated (nil: it has its own), its unit active, its room and base
// libraries checked, then inserted and audited.
func addSystem(ctx context.Context, tx *store.Tx, a domain.Actor, sys *domain.System, codes *codeAllocator) error {
	if codes != nil {
		sys.Code = codes.next()
	}
	if _, err := activeUnit(ctx, tx, "unit_id", sys.UnitID); err != nil {
		return err
	}
	if err := checkSystemRoom(ctx, tx, sys, true); err != nil {
		return err
	}
	if err := checkSystemLibraries(ctx, tx, sys, nil); err != nil {
		return err
	}
	return systemType.add(ctx, tx, a, sys)
}

// checkSystemLibraries checks the base libraries a system's base data names (SHR-R7) against
// the table: each must exist, and a library the system did not use before must be in use.
func checkSystemLibraries(ctx context.Context, tx *store.Tx, sys, before *domain.System) error {
	for _, u := range sys.BaseData {
		isNew := before == nil || before.BaseDataState(u.Library) == ""
		if err := checkLibraryUse(ctx, tx, "base_data", u.Library, isNew); err != nil {
			return err
		}
	}
	return nil
}

// SystemEdit is a change of a system's registry fields (not its status). Nil fields stay.
type SystemEdit struct {
	Version        int64                  `json:"version"`
	Code           *string                `json:"code"`
	Name           *string                `json:"name"`
	UnitID         *int64                 `json:"unit_id"`
	Purpose        *string                `json:"purpose"`
	Category       *domain.SystemCategory `json:"category"`
	Classification *domain.Classification `json:"classification"`
	Hosting        *domain.Hosting        `json:"hosting"`
	HostingNote    *string                `json:"hosting_note"`
	Network        *domain.Network        `json:"network"`
	UserLevels     *[]domain.UserLevel    `json:"user_levels"`
	GoLive         *time.Time             `json:"go_live"`
	LastUpgrade    *time.Time             `json:"last_upgrade"`
	Vendor         *string                `json:"vendor"`
	AnnualCost     *string                `json:"annual_cost"`
	RoomID         *int64                 `json:"room_id"`

	ExchangeChannels *[]domain.ExchangeChannel `json:"exchange_channels"` // SHR-P1
	BaseData         *[]domain.BaseDataUse     `json:"base_data"`         // SHR-R7

	CloudExemption      *domain.CloudExemption `json:"cloud_exemption"` // ENV-P1
	CloudExemptionBasis *string                `json:"cloud_exemption_basis"`
}

// Apply copies the set fields onto sys.
func (e SystemEdit) Apply(sys *domain.System) { patch(sys, e) }

// UpdateSystem saves an edit. Moving a system to another unit needs the right to create it
// there as well.
func (s *Service) UpdateSystem(ctx context.Context, a domain.Actor, sysID int64, e SystemEdit) (*domain.System, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.System, error) {
		return systemType.change(ctx, tx, a, sysID, e.Version, systemType.may(a, authz.SystemUpdate), func(sys, before *domain.System) (string, string, error) {
			e.Apply(sys)
			if strings.ToUpper(strings.TrimSpace(sys.Code)) != before.Code && !ChoosesSystemCodes(a) {
				// Choosing a code would again tell whether it is taken (ChoosesSystemCodes).
				return "", "", domain.Invalid("code", "err.system.code_fixed")
			}
			if sys.UnitID != before.UnitID {
				if _, err := unitFor(ctx, tx, a, authz.SystemCreate, authz.KindSystem, sys.UnitID, "err.system.unit_not_yours"); err != nil {
					return "", "", err
				}
				if err := tx.LockSystem(ctx, before.ID, before.Version); err != nil {
					return "", "", err
				}
				if err := checkSystemUnitMove(ctx, tx.Reader, before.ID, before.UnitID); err != nil { // cloud.go
					return "", "", err
				}
			}
			if err := sys.Validate(); err != nil {
				return "", "", err
			}
			if err := checkSystemRoom(ctx, tx, sys, e.RoomID != nil && *e.RoomID != before.RoomID); err != nil {
				return "", "", err
			}
			return "update", "", checkSystemLibraries(ctx, tx, sys, before)
		})
	})
}

// SystemSteps lists the lifecycle steps the actor may take on sys now (for buttons).
func (s *Service) SystemSteps(a domain.Actor, sys *domain.System) []domain.SystemAction {
	if authz.Can(a, authz.SystemTransition, authz.System(sys)) != nil {
		return nil
	}
	return domain.SystemFlow.Available(sys.Status, unitActors(a, sys.UnitID), sys)
}

// SystemStep is one lifecycle step with what it needs.
type SystemStep struct {
	Version    int64               `json:"version"`
	Action     domain.SystemAction `json:"action"`
	ReplacedBy int64               `json:"replaced_by_id"` // for mark_superseded: the system that replaces it
	Note       string              `json:"note"`           // recorded in the audit log (e.g. the filing's reasons)
	// Since is the day the new state began, when the unit records it after the fact (补录: idle
	// since the spring); not after today nor before the system went live. Zero: today. BLD-R5
	// counts the months of an idle, unmaintained or superseded system from it.
	Since time.Time `json:"since,omitzero"`
}

// TransitionSystem takes one lifecycle step (BLD-R5). The transition table in the domain
// decides whether it is legal from here and for this actor.
func (s *Service) TransitionSystem(ctx context.Context, a domain.Actor, sysID int64, st SystemStep) (*domain.System, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.System, error) { return stepSystem(ctx, tx, a, sysID, st) })
}

// stepSystem is TransitionSystem inside tx: a project's acceptance takes the same steps for
// its systems in its own transaction (stages.go).
func stepSystem(ctx context.Context, tx *store.Tx, a domain.Actor, sysID int64, st SystemStep) (*domain.System, error) {
	return systemType.change(ctx, tx, a, sysID, st.Version, systemType.may(a, authz.SystemTransition), func(sys, _ *domain.System) (string, string, error) {
		next, err := domain.SystemFlow.Next(sys.Status, st.Action, unitActors(a, sys.UnitID), st.Note, sys)
		if err != nil {
			return "", "", err
		}
		switch st.Action {
		case domain.SysMarkSuperseded:
			if st.ReplacedBy == 0 || st.ReplacedBy == sys.ID {
				return "", "", domain.Invalid("replaced_by_id", "err.system.replacement")
			}
			repl, err := tx.System(ctx, st.ReplacedBy)
			if err != nil || authz.Can(a, authz.SystemRead, authz.System(repl)) != nil {
				return "", "", domain.Invalid("replaced_by_id", "err.system.replacement")
			}
			sys.ReplacedByID = repl.ID
		case domain.SysGoLive: // 在建 → 运行: the day it went live, unless already known (not kept for 涉密)
			if sys.GoLive.IsZero() && sys.Classification != domain.Classified {
				sys.GoLive = today(tx)
			}
		case domain.SysResume:
			sys.ReplacedByID = 0
		case domain.SysFileCleanup:
			sys.StatusBefore = sys.Status
		case domain.SysReturnCleanup, domain.SysAcceptCleanup:
			sys.StatusBefore = ""
		case domain.SysTakeOffline:
			sys.OfflineDate = today(tx)
			if err := cancelPlansOffline(ctx, tx, a, sys); err != nil { // plans.go: nothing left to migrate or dock
				return "", "", err
			}
		}
		if next != sys.Status {
			sys.StatusAt = today(tx) // BLD-R5 counts from here
			if since := domain.Day(st.Since); !st.Since.IsZero() {
				if since.After(sys.StatusAt) {
					return "", "", domain.Invalid("since", "err.system.since_future")
				}
				if !sys.GoLive.IsZero() && since.Before(sys.GoLive) {
					return "", "", domain.Invalid("since", "err.system.since_before_golive")
				}
				sys.StatusAt = since
			}
		}
		sys.Status = next
		return string(st.Action), truncate(st.Note, 500), nil
	})
}

// SystemHistory is the system's audit trail, for whoever may see the system: a record's
// history is part of the record.
func (s *Service) SystemHistory(ctx context.Context, a domain.Actor, sysID int64) ([]*audit.Record, error) {
	return s.history(ctx, "system", sysID, seen(s.System(ctx, a, sysID)))
}
