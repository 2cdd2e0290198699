package app

import (
	"archgov/internal/rules"
	"context"
	"io"
	"slices"
	"strings"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/sheet"
	"archgov/internal/store"
)

// Migration plans (ENV-R2) and docking plans (SHR-R8) belong to their system: who may see and
// keep the system may see and keep its plans (authz.System), and every step's rule is the
// transition table in domain/plan.go.

var migrationType = recordType[domain.MigrationPlan]{subject: rules.KindSystem, affected: func(_ context.Context, _ store.Reader, p *domain.MigrationPlan) ([]int64, error) {
	return []int64{p.SystemID}, nil
}, entity: "migration_plan", kind: authz.KindSystem, read: authz.SystemRead,
	res: func(p *domain.MigrationPlan) authz.Resource {
		return authz.Resource{Kind: authz.KindSystem, ID: p.SystemID, UnitID: p.UnitID}
	},
	load: store.Reader.MigrationPlanOf, insert: (*store.Tx).InsertMigrationPlan, update: (*store.Tx).UpdateMigrationPlan,
	key: func(p *domain.MigrationPlan) (int64, int64) { return p.ID, p.Version }}

var dockingType = recordType[domain.DockingPlan]{subject: rules.KindSystem, affected: func(_ context.Context, _ store.Reader, p *domain.DockingPlan) ([]int64, error) {
	return []int64{p.SystemID}, nil
}, entity: "docking_plan", kind: authz.KindSystem, read: authz.SystemRead,
	res: func(p *domain.DockingPlan) authz.Resource {
		return authz.Resource{Kind: authz.KindSystem, ID: p.SystemID, UnitID: p.UnitID}
	},
	load: store.Reader.DockingPlan, insert: (*store.Tx).InsertDockingPlan, update: (*store.Tx).UpdateDockingPlan,
	key: func(p *domain.DockingPlan) (int64, int64) { return p.ID, p.Version }, noteKey: "step_note", // the plan has a note of its own
	// The audit trail keeps the standard's id and the text, not the state read with it.
	shown: func(p *domain.DockingPlan) *domain.DockingPlan {
		q := *p
		q.StandardName, q.StandardEdition, q.StandardStatus = "", "", ""
		return &q
	}}

// planSystem loads a plan's system inside tx and checks that the actor may do act on it: who
// may see and keep the system may see and keep its plans.
func planSystem(ctx context.Context, tx *store.Tx, a domain.Actor, act authz.Action, sysID int64) (*domain.System, error) {
	sys, err := tx.System(ctx, sysID)
	if err == nil {
		err = authz.Can(a, act, authz.System(sys))
	}
	if err != nil {
		return nil, err
	}
	return sys, nil
}

// mustBeOffCloud refuses a migration plan (a new one, or one reopened) for a system that ENV-P1's
// rule does not find off the cloud: ENV-R2 asks a plan of those systems alone. The rule set in
// force draws that line (the system's findings are current: its every save re-evaluates them).
func mustBeOffCloud(ctx context.Context, tx *store.Tx, sysID int64) error {
	off, err := tx.HasLiveFinding(ctx, domain.SubjectSystem, sysID, domain.RuleOffCloud)
	if err != nil {
		return err
	}
	if !off {
		return domain.Errorf(domain.EUnprocessable, "err.plan.not_offcloud")
	}
	return nil
}

// MigrationPlanOf returns a system's migration plan; not found when it has none (or the
// actor may not see the system).
func (s *Service) MigrationPlanOf(ctx context.Context, a domain.Actor, sysID int64) (*domain.MigrationPlan, error) {
	if _, err := s.System(ctx, a, sysID); err != nil {
		return nil, err
	}
	return s.db.Read().MigrationPlanOf(ctx, sysID)
}

// MigrationPlanEdit is the whole of a migration plan's editable fields (PUT). Version 0
// creates the plan; otherwise it is the version read.
type MigrationPlanEdit struct {
	Version           int64             `json:"version"`
	Difficulty        domain.Difficulty `json:"difficulty"`
	DifficultyReasons string            `json:"difficulty_reasons"`
	TargetResources   string            `json:"target_resources"`
	Node              domain.PlanNode   `json:"node"`
	PlannedDate       time.Time         `json:"planned_date"`
	Evidence          string            `json:"evidence"`
}

// Apply copies the edit onto p.
func (e MigrationPlanEdit) Apply(p *domain.MigrationPlan) {
	p.Difficulty, p.DifficultyReasons, p.TargetResources, p.Node, p.Evidence = e.Difficulty, e.DifficultyReasons, e.TargetResources, e.Node, e.Evidence
	p.PlannedDate = planDay(e.PlannedDate)
}

// planDay keeps only the calendar day of t (as the district reads it), at midnight UTC.
func planDay(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return dayOf(t)
}

// SaveMigrationPlan creates a system's migration plan (version 0) or changes it. Only an
// off-cloud system (ENV-P1) takes a new plan; a plan that is done or cancelled is not edited.
func (s *Service) SaveMigrationPlan(ctx context.Context, a domain.Actor, sysID int64, e MigrationPlanEdit) (*domain.MigrationPlan, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.MigrationPlan, error) {
		sys, err := planSystem(ctx, tx, a, authz.SystemUpdate, sysID)
		if err != nil {
			return nil, err
		}
		if _, err := tx.MigrationPlanOf(ctx, sysID); domain.ErrorCode(err) == domain.ENotFound {
			if e.Version != 0 {
				return nil, domain.Conflict()
			}
			if err := mustBeOffCloud(ctx, tx, sys.ID); err != nil {
				return nil, err
			}
			p := &domain.MigrationPlan{SystemID: sys.ID, Status: domain.PlanPlanned}
			e.Apply(p)
			if err := p.Validate(); err != nil {
				return nil, err
			}
			p.SystemCode, p.SystemName, p.UnitID, p.UnitName = sys.Code, sys.Name, sys.UnitID, sys.UnitName
			return p, migrationType.add(ctx, tx, a, p)
		} else if err != nil {
			return nil, err
		}
		return migrationType.change(ctx, tx, a, sysID, e.Version, nil, func(p, _ *domain.MigrationPlan) (string, string, error) {
			if !p.Status.Open() {
				return "", "", domain.Errorf(domain.EConflict, "err.plan.closed", "planstatus."+string(p.Status))
			}
			e.Apply(p)
			return "update", "", p.Validate()
		})
	})
}

// PlanStep is one step of a migration or docking plan.
type PlanStep struct {
	Version  int64             `json:"version"`
	Action   domain.PlanAction `json:"action"`
	Note     string            `json:"note"`     // the reason of a cancellation (required); recorded in the audit log
	Evidence string            `json:"evidence"` // completing a migration: what shows it happened (kept on the plan)
}

// MigrationPlanSteps lists the steps the actor may take on the plan now (for buttons).
func (s *Service) MigrationPlanSteps(a domain.Actor, sys *domain.System, p *domain.MigrationPlan) []domain.PlanAction {
	if p == nil || authz.Can(a, authz.SystemTransition, authz.System(sys)) != nil {
		return nil
	}
	return domain.MigrationPlanFlow.Available(p.Status, unitActors(a, sys.UnitID), sys)
}

// TransitionMigrationPlan takes one step of a system's migration plan. Completing it
// (migrated) moves the system onto the government cloud in the same transaction: hosting
// 政务云, the room or provider cleared, audited on the system as well as on the plan.
func (s *Service) TransitionMigrationPlan(ctx context.Context, a domain.Actor, sysID int64, st PlanStep) (*domain.MigrationPlan, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.MigrationPlan, error) {
		sys, err := planSystem(ctx, tx, a, authz.SystemTransition, sysID)
		if err != nil {
			return nil, err
		}
		p, err := migrationType.change(ctx, tx, a, sysID, st.Version, nil, func(p, _ *domain.MigrationPlan) (string, string, error) {
			next, err := domain.MigrationPlanFlow.Next(p.Status, st.Action, unitActors(a, sys.UnitID), st.Note, sys)
			if err != nil {
				return "", "", err
			}
			if st.Action == domain.PlanReopen {
				if err := mustBeOffCloud(ctx, tx, sys.ID); err != nil {
					return "", "", err
				}
			}
			p.Status = next
			switch st.Action {
			case domain.PlanComplete:
				p.DoneDate = dayOf(tx.Now())
				if st.Evidence != "" {
					p.Evidence = st.Evidence
				}
				if err := p.Validate(); err != nil {
					return "", "", err
				}
			case domain.PlanReopen:
				p.DoneDate = time.Time{}
			}
			return string(st.Action), truncate(st.Note, 500), nil
		})
		if err != nil || st.Action != domain.PlanComplete || sys.Hosting == domain.HostingCloud {
			return p, err
		}
		_, err = systemType.change(ctx, tx, a, sys.ID, sys.Version, nil, func(sys, _ *domain.System) (string, string, error) {
			sys.Hosting, sys.HostingNote, sys.RoomID = domain.HostingCloud, "", 0 // off the unit's machine room (ENV-P2)
			// On the cloud an exemption from it means nothing (one recorded while the plan ran).
			sys.CloudExemption, sys.CloudExemptionBasis = domain.ExemptNone, ""
			return "plan_migrated", "", sys.Validate()
		})
		return p, err
	})
}

// DockingPlansOf lists a system's docking plans.
func (s *Service) DockingPlansOf(ctx context.Context, a domain.Actor, sysID int64) ([]*domain.DockingPlan, error) {
	if _, err := s.System(ctx, a, sysID); err != nil {
		return nil, err
	}
	return s.db.Read().DockingPlansOf(ctx, sysID)
}

// DockingPlan returns one docking plan, for whoever may see its system.
func (s *Service) DockingPlan(ctx context.Context, a domain.Actor, planID int64) (*domain.DockingPlan, error) {
	return dockingType.get(ctx, s.db.Read(), a, planID)
}

// DockingPlanEdit is a change of a docking plan's fields; nil fields stay. On create,
// version is ignored.
type DockingPlanEdit struct {
	Version    int64               `json:"version"`
	Library    *domain.BaseLibrary `json:"library"`
	StandardID *int64              `json:"standard_id"` // a published standard version (ORG-5)
	// InterfaceVersion is read-only: the standard is named by StandardID. A value other than
	// the plan's own is refused, naming standard_id (a client that echoes the plan back is fine).
	InterfaceVersion *string          `json:"interface_version"`
	Node             *domain.PlanNode `json:"node"`
	PlannedDate      *time.Time       `json:"planned_date"`
	Note             *string          `json:"note"`
}

// Apply copies the set fields onto p.
func (e DockingPlanEdit) Apply(p *domain.DockingPlan) {
	set(&p.Library, e.Library)
	set(&p.StandardID, e.StandardID)
	set(&p.Node, e.Node)
	if e.PlannedDate != nil {
		p.PlannedDate = planDay(*e.PlannedDate)
	}
	set(&p.Note, e.Note)
}

// CreateDockingPlan adds a docking plan to a system that uses base data (SHR-R8). A system
// already docked to the library needs none; a second open plan for one library is refused.
func (s *Service) CreateDockingPlan(ctx context.Context, a domain.Actor, sysID int64, e DockingPlanEdit) (*domain.DockingPlan, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.DockingPlan, error) {
		sys, err := planSystem(ctx, tx, a, authz.SystemUpdate, sysID)
		if err != nil {
			return nil, err
		}
		p := &domain.DockingPlan{SystemID: sys.ID, Status: domain.PlanPlanned}
		if err := dockingStandard(ctx, tx, p, e, 0); err != nil {
			return nil, err
		}
		if err := checkLibraryUse(ctx, tx, "library", p.Library, true); err != nil {
			return nil, err
		}
		switch {
		case sys.Classification == domain.Classified:
			return nil, domain.Errorf(domain.EUnprocessable, "err.plan.classified")
		case !sys.InService():
			return nil, domain.Errorf(domain.EUnprocessable, "err.plan.system_out_of_service")
		case sys.BaseDataState(p.Library) == domain.DockDocked:
			return nil, domain.Errorf(domain.EUnprocessable, "err.plan.already_docked", "baselib."+string(p.Library))
		}
		p.SystemCode, p.SystemName, p.UnitID, p.UnitName = sys.Code, sys.Name, sys.UnitID, sys.UnitName
		return p, dockingType.add(ctx, tx, a, p)
	})
}

// dockingStandard applies e to p and checks the standard version it names (ORG-5): a new plan,
// or one whose standard changes, names a published version, and a standard made for a base
// library must be that of the plan's library. The plan then keeps the standard's name and
// edition as its text. A plan made before standards were published keeps its typed text until
// it names one; typing a new text is refused, naming standard_id.
func dockingStandard(ctx context.Context, tx *store.Tx, p *domain.DockingPlan, e DockingPlanEdit, was int64) error {
	typed := e.InterfaceVersion != nil && strings.TrimSpace(*e.InterfaceVersion) != p.InterfaceVersion
	e.Apply(p)
	var errs domain.Problems
	errs.Add(p.Validate())
	if typed {
		errs.Add(domain.Invalid("standard_id", "err.standard.no_free_text"))
	}
	std, err := namedStandard(ctx, tx, "standard_id", p.StandardID, was)
	switch {
	case domain.ErrorCode(err) == domain.EInvalid:
		errs.Add(err)
	case err != nil:
		return err
	case std != nil && std.Library != "" && p.Library != "" && std.Library != p.Library:
		errs.Add(domain.Invalid("standard_id", "err.standard.other_library", "baselib."+string(std.Library)))
	case std != nil:
		p.StandardName, p.StandardEdition, p.StandardStatus = std.Name, std.Edition, std.Status
		if p.StandardID != was {
			p.InterfaceVersion = std.Title()
		}
	}
	return errs.Err()
}

// dockingFor authorizes act on a docking plan's system, which it loads into *sys.
func dockingFor(ctx context.Context, tx *store.Tx, a domain.Actor, act authz.Action, sys **domain.System) func(*domain.DockingPlan) error {
	return func(p *domain.DockingPlan) (err error) {
		*sys, err = planSystem(ctx, tx, a, act, p.SystemID)
		return err
	}
}

// UpdateDockingPlan saves a change of an open docking plan.
func (s *Service) UpdateDockingPlan(ctx context.Context, a domain.Actor, planID int64, e DockingPlanEdit) (*domain.DockingPlan, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.DockingPlan, error) {
		var sys *domain.System
		return dockingType.change(ctx, tx, a, planID, e.Version, dockingFor(ctx, tx, a, authz.SystemUpdate, &sys), func(p, before *domain.DockingPlan) (string, string, error) {
			if !p.Status.Open() {
				return "", "", domain.Errorf(domain.EConflict, "err.plan.closed", "planstatus."+string(p.Status))
			}
			if err := dockingStandard(ctx, tx, p, e, before.StandardID); err != nil {
				return "", "", err
			}
			if err := checkLibraryUse(ctx, tx, "library", p.Library, p.Library != before.Library); err != nil {
				return "", "", err
			}
			if p.Library != before.Library && sys.BaseDataState(p.Library) == domain.DockDocked {
				return "", "", domain.Errorf(domain.EUnprocessable, "err.plan.already_docked", "baselib."+string(p.Library))
			}
			return "update", "", nil
		})
	})
}

// DockingPlanSteps lists the steps the actor may take on the plan now (for buttons).
func (s *Service) DockingPlanSteps(a domain.Actor, sys *domain.System, p *domain.DockingPlan) []domain.PlanAction {
	if authz.Can(a, authz.SystemTransition, authz.System(sys)) != nil {
		return nil
	}
	return domain.DockingPlanFlow.Available(p.Status, unitActors(a, sys.UnitID), sys)
}

// TransitionDockingPlan takes one step of a docking plan. Completing it (docked) records on
// the system that it takes the library's data from the library, in the same transaction.
func (s *Service) TransitionDockingPlan(ctx context.Context, a domain.Actor, planID int64, st PlanStep) (*domain.DockingPlan, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.DockingPlan, error) {
		var sys *domain.System
		p, err := dockingType.change(ctx, tx, a, planID, st.Version, dockingFor(ctx, tx, a, authz.SystemTransition, &sys), func(p, _ *domain.DockingPlan) (string, string, error) {
			next, err := domain.DockingPlanFlow.Next(p.Status, st.Action, unitActors(a, sys.UnitID), st.Note, sys)
			if err != nil {
				return "", "", err
			}
			p.Status = next
			switch st.Action {
			case domain.PlanComplete:
				p.DoneDate = dayOf(tx.Now())
			case domain.PlanReopen:
				p.DoneDate = time.Time{}
			}
			return string(st.Action), truncate(st.Note, 500), nil
		})
		if err != nil || st.Action != domain.PlanComplete || sys.BaseDataState(p.Library) == domain.DockDocked {
			return p, err
		}
		_, err = systemType.change(ctx, tx, a, sys.ID, sys.Version, nil, func(sys, before *domain.System) (string, string, error) {
			before.BaseData = slices.Clone(sys.BaseData)
			sys.SetBaseDataState(p.Library, domain.DockDocked)
			return "plan_docked", "", sys.Validate()
		})
		return p, err
	})
}

// cancelPlansOffline cancels the open plans of a system taken offline, inside the
// transaction that takes it offline: an offline system has nothing left to migrate or dock.
func cancelPlansOffline(ctx context.Context, tx *store.Tx, a domain.Actor, sys *domain.System) error {
	const note = "系统下线，计划随之取消"
	if p, err := tx.MigrationPlanOf(ctx, sys.ID); err == nil && p.Status.Open() {
		before := *p
		p.Status = domain.PlanCancelled
		if err := tx.UpdateMigrationPlan(ctx, p); err != nil {
			return err
		}
		if err := migrationType.audit(ctx, tx, a, "cancel", &before, p, note); err != nil {
			return err
		}
	} else if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return err
	}
	ds, err := tx.DockingPlansOf(ctx, sys.ID)
	if err != nil {
		return err
	}
	for _, p := range ds {
		if !p.Status.Open() {
			continue
		}
		before := *p
		p.Status = domain.PlanCancelled
		if err := tx.UpdateDockingPlan(ctx, p); err != nil {
			return err
		}
		if err := dockingType.audit(ctx, tx, a, "cancel", &before, p, note); err != nil {
			return err
		}
	}
	return nil
}

// PlanPage is one page of the combined plan list.
type PlanPage struct {
	Items []*domain.PlanItem
	Next  store.PlanCursor // Kind "" when there is no next page
}

// Plans lists the migration and docking plans of the systems in the actor's scope, most
// urgent (earliest planned date) first, each flagged overdue when the rules found its system's
// plan of that kind late (ENV-R2.migration-overdue, SHR-R8.docking-overdue).
func (s *Service) Plans(ctx context.Context, a domain.Actor, f store.PlanFilter) (PlanPage, error) {
	if err := authz.Can(a, authz.SystemRead, authz.Resource{Kind: authz.KindSystem}); err != nil {
		return PlanPage{}, err
	}
	f.Today = dayOf(s.Now()).Format("2006-01-02")
	limit := f.Limit
	f.Limit = plusOne(limit)
	items, err := s.db.Read().Plans(ctx, authz.ReadScope(a, authz.KindSystem), f)
	if err != nil {
		return PlanPage{}, err
	}
	var p PlanPage
	if limit > 0 && len(items) > limit {
		items = items[:limit]
		last := items[limit-1]
		p.Next = store.PlanCursor{Date: last.PlannedDate.Format("2006-01-02"), Kind: last.Kind, ID: last.ID}
	}
	p.Items = items
	return p, nil
}

// PlanHistory is the audit trail of a system's plans, for whoever may see the system.
func (s *Service) PlanHistory(ctx context.Context, a domain.Actor, sysID int64) ([]*audit.Record, error) {
	if _, err := s.System(ctx, a, sysID); err != nil {
		return nil, err
	}
	r := s.db.Read()
	var out []*audit.Record
	if p, err := r.MigrationPlanOf(ctx, sysID); err == nil {
		recs, err := r.AuditRecords(ctx, store.AuditFilter{EntityType: "migration_plan", EntityID: id(p.ID), Limit: 100})
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	ds, err := r.DockingPlansOf(ctx, sysID)
	if err != nil {
		return nil, err
	}
	for _, p := range ds {
		recs, err := r.AuditRecords(ctx, store.AuditFilter{EntityType: "docking_plan", EntityID: id(p.ID), Limit: 100})
		if err != nil {
			return nil, err
		}
		out = append(out, recs...)
	}
	slices.SortFunc(out, func(x, y *audit.Record) int { return int(y.ID - x.ID) })
	return out, nil
}

// planFields are the columns of the combined plan list as a workbook (export only: plans are
// kept on their system's page, not imported).
var planFields = fields[domain.PlanItem]{
	shown(sheet.Column{Key: "kind", Header: "计划类型", Kind: sheet.Text}, func(it *domain.PlanItem) string { return i18n.T(i18n.ZH, "plankind."+string(it.Kind)) }),
	shown(sheet.Column{Key: "code", Header: "系统编码", Kind: sheet.Code}, func(it *domain.PlanItem) string { return it.SystemCode }),
	shown(sheet.Column{Key: "name", Header: "系统名称", Kind: sheet.Text}, func(it *domain.PlanItem) string { return it.SystemName }),
	shown(sheet.Column{Key: "unit", Header: "所属单位", Kind: sheet.Text}, func(it *domain.PlanItem) string { return it.UnitName }),
	shown(sheet.Column{Key: "detail", Header: "迁移难度/基础库", Kind: sheet.Text}, func(it *domain.PlanItem) string {
		if it.Kind == domain.PlanKindDocking {
			return i18n.T(i18n.ZH, "baselib."+it.Detail)
		}
		return i18n.T(i18n.ZH, "difficulty."+it.Detail)
	}),
	shown(sheet.Column{Key: "node", Header: "依托节点", Kind: sheet.Text}, func(it *domain.PlanItem) string { return i18n.T(i18n.ZH, "plannode."+string(it.Node)) }),
	shown(sheet.Column{Key: "planned_date", Header: "计划完成日期", Kind: sheet.Date}, func(it *domain.PlanItem) string { return fmtDay(it.PlannedDate) }),
	shown(sheet.Column{Key: "status", Header: "状态", Kind: sheet.Text}, func(it *domain.PlanItem) string { return i18n.T(i18n.ZH, "planstatus."+string(it.Status)) }),
	shown(sheet.Column{Key: "done_date", Header: "完成日期", Kind: sheet.Date}, func(it *domain.PlanItem) string { return fmtDay(it.DoneDate) }),
	shown(sheet.Column{Key: "overdue", Header: "是否逾期", Kind: sheet.Text}, func(it *domain.PlanItem) string { return yesNo(it.Overdue) }),
}

// PlanExportSheet is the combined plan list as a workbook.
var _, PlanExportSheet = planFields.sheets("迁移与对接计划", nil)

// ExportPlans writes the plans matching f that the actor may see. Audited: it takes data out.
func (s *Service) ExportPlans(ctx context.Context, a domain.Actor, f store.PlanFilter, w io.Writer) (int, error) {
	var rows []map[string]string
	f.After, f.Limit = store.PlanCursor{}, 1000
	for {
		p, err := s.Plans(ctx, a, f)
		if err != nil {
			return 0, err
		}
		for _, it := range p.Items {
			rows = append(rows, planFields.row(it))
		}
		if p.Next.Kind == "" {
			break
		}
		f.After = p.Next
	}
	return s.exportBook(ctx, a, "plan", len(rows), w, sheet.Part{Schema: PlanExportSheet, Rows: rows})
}
