package app

import (
	"archgov/internal/rules"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// Project applications (立项申请, FLOW-2): a unit applies for a project of an accepted item of
// its annual plan (BLD-P2), says which of its systems and data it integrates or replaces
// (BLD-P3), pre-compiles its catalog entries or declares it produces no data resource (SHR-R3),
// and answers every governance requirement of the year's published guide; the office accepts
// it for review and approves it, returns it for revision or rejects it. Every step is audited
// and reaches the people it concerns through the inbox.

func projectRes(p *domain.Project) authz.Resource {
	r := authz.Registry(authz.KindProject, p.ID, p.UnitID)
	r.Reviewers = p.Reviewers     // review: the assigned experts read it (BLD-R3, project_reviews.go)
	r.Supervisors = p.Supervisors // its supervision unit reads it (FLOW-5, supervision.go)
	r.Inspectors = p.Inspectors   // its spot checks' inspectors read it (FLOW-4, spotchecks.go)
	r.Bureaus = p.Bureaus         // the finance and audit bureaus read it (FLOW-4, rectifications.go)
	return r
}

var projectType = recordType[domain.Project]{subject: rules.KindApplication, entity: "project", kind: authz.KindProject, read: authz.ProjectRead,
	res: projectRes, load: loadProject /* review: with its reviewers */, insert: (*store.Tx).InsertProject, update: (*store.Tx).UpdateProject,
	key:     func(p *domain.Project) (int64, int64) { return p.ID, p.Version },
	creates: authz.ProjectCreate, valid: (*domain.Project).Validate,
	fresh: func(p *domain.Project) {
		p.ID, p.GuideID, p.Status, p.ApprovedBudget, p.DecisionNote = 0, 0, domain.ProjDraft, 0, ""
		p.SubmittedAt, p.DecidedAt, p.PlanItem, p.CatalogIDs = time.Time{}, time.Time{}, nil, nil
		p.CreatedSystemIDs, p.CloudRequestIDs, p.Stage, p.DupVerdicts = nil, nil, "", nil
		if p.KeyCategory == "" {
			p.KeyCategory = domain.KeyNone
		}
		if p.RoomWork == "" {
			p.RoomWork = domain.RoomWorkNone
		}
	},
	// The audit trail records the application's own fields: not its unit's name, its plan item as
	// read, nor its catalog entries, the systems and cloud requests its approval made (their own
	// history says when they were tied to it).
	shown: func(p *domain.Project) *domain.Project {
		x := *p
		x.UnitName, x.PlanItem, x.CatalogIDs, x.CreatedSystemIDs, x.CloudRequestIDs = "", nil, nil, nil, nil
		return &x
	},
	noteKey: "comment"}

// ProjectFilter narrows the application list (year, unit, status; a page after an id).
type ProjectFilter = store.ProjectFilter

// Projects lists the applications in the actor's scope, newest first.
func (s *Service) Projects(ctx context.Context, a domain.Actor, f store.ProjectFilter) (Page[*domain.Project], error) {
	return projectType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.Project, error) {
		return s.db.Read().Projects(ctx, sc, f)
	})
}

// CountProjects counts the applications in the actor's scope that pass f.
func (s *Service) CountProjects(ctx context.Context, a domain.Actor, f store.ProjectFilter) (int, error) {
	return projectType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountProjects(ctx, sc, f) })
}

// Project returns one application with its rows; another unit's answers not found.
func (s *Service) Project(ctx context.Context, a domain.Actor, id int64) (*domain.Project, error) {
	return projectType.get(ctx, s.db.Read(), a, id)
}

// ProjectEdit is a change of an application in draft or returned for revision. Nil fields stay;
// a list given replaces the whole list.
type ProjectEdit struct {
	Version             int64                     `json:"version"`
	PlanItemID          *int64                    `json:"plan_item_id"`
	Name                *string                   `json:"name"`
	Kind                *domain.ItemKind          `json:"kind"`
	KeyCategory         *domain.KeyCategory       `json:"key_category"`
	Budget              *[]domain.BudgetLine      `json:"budget"`
	BudgetJustification *string                   `json:"budget_justification"`
	Content             *string                   `json:"content"`
	Functions           *[]string                 `json:"functions"`     // the function points (功能点, issue 15)
	ComponentIDs        *[]int64                  `json:"component_ids"` // the published shared components it will use (issue 15)
	SystemIDs           *[]int64                  `json:"system_ids"`
	NewSystems          *[]domain.NewSystem       `json:"new_systems"`
	Cloud               *domain.CloudResources    `json:"cloud"`
	RoomWork            *domain.RoomWork          `json:"room_work"`
	Exchanges           *[]domain.ProjectExchange `json:"exchanges"`
	BaseData            *[]domain.BaseLibrary     `json:"base_data"`
	Websites            *[]domain.PlannedWebsite  `json:"websites"`
	Media               *[]domain.PlannedMedia    `json:"media"`
	UserLevels          *[]domain.UserLevel       `json:"user_levels"`
	Integrations        *[]domain.Integration     `json:"integrations"`
	NoData              *bool                     `json:"no_data"`
	Responses           *[]domain.ProjectResponse `json:"responses"`
	// DupAnswers are the unit's answers to the duplicate check's matches (issue 15): the whole
	// list; each names a match by kind and id (its name is read, not sent).
	DupAnswers *[]domain.DupAnswer `json:"dup_answers"`
}

// Apply copies the set fields onto p.
func (e ProjectEdit) Apply(p *domain.Project) { patch(p, e) }

// ProjectNew is a new application: its unit and year and the fields of an edit. Left out, the
// unit, the year, the name and the kind are the plan item's, the key-project category and the
// machine-room work are none.
type ProjectNew struct {
	UnitID int64 `json:"unit_id"`
	Year   int   `json:"year"`
	ProjectEdit
}

// Apply makes the new application.
func (n ProjectNew) Apply(p *domain.Project) {
	p.UnitID, p.Year = n.UnitID, n.Year
	n.ProjectEdit.Apply(p)
}

// CreateProject starts an application of a unit in draft: for an accepted item of the unit's
// annual plan of the year (BLD-P2), answering the year's published guide (its revision is kept
// whatever is published later). Every problem is named at once (422).
func (s *Service) CreateProject(ctx context.Context, a domain.Actor, p *domain.Project) error {
	if p.UnitID == 0 {
		// The unit of the plan item, when the actor may apply for it (the form sends the item).
		// Who may apply for no unit at all is refused as such.
		if !createsSomewhere(a) {
			return domain.Forbidden()
		}
		if it, err := s.db.Read().PlanItem(ctx, p.PlanItemID); err == nil &&
			authz.Can(a, authz.ProjectCreate, authz.Resource{Kind: authz.KindProject, UnitID: it.UnitID}) == nil {
			p.UnitID = it.UnitID
		} else if p.PlanItemID > 0 {
			return domain.Invalid("plan_item_id", "err.project.plan_item")
		} else {
			return domain.Invalid("plan_item_id", "err.required")
		}
	}
	if err := authz.Can(a, authz.ProjectCreate, authz.Resource{Kind: authz.KindProject, UnitID: p.UnitID}); err != nil {
		return err
	}
	projectType.fresh(p)
	return s.db.InTx(ctx, func(tx *store.Tx) error {
		if _, err := activeUnit(ctx, tx, "unit_id", p.UnitID); err != nil {
			return err
		}
		var errs domain.Problems
		item, err := projectPlanItem(ctx, tx, p)
		if err := fieldProblem(&errs, err); err != nil {
			return err
		}
		if item != nil {
			if p.Year == 0 {
				p.Year = item.Year
			}
			if p.Name == "" {
				p.Name = item.Name
			}
			if p.Kind == "" {
				p.Kind = item.Kind
			}
		}
		errs.Add(p.Validate())
		var g *domain.Guide
		if p.Year != 0 {
			gs, err := tx.PublishedGuides(ctx, p.Year)
			if err != nil {
				return err
			}
			if len(gs) == 0 {
				errs.Add(domain.Invalid("year", "err.project.no_guide", p.Year))
			} else {
				g = gs[len(gs)-1]
				p.GuideID = g.ID
			}
		}
		if err := fieldProblem(&errs, checkProjectLinks(ctx, tx, p, g, nil)); err != nil {
			return err
		}
		if err := fieldProblem(&errs, s.nameAnswers(ctx, tx, p, nil)); err != nil { // issue 15
			return err
		}
		if err := errs.Err(); err != nil {
			return err
		}
		return projectType.add(ctx, tx, a, p)
	})
}

// createsSomewhere reports whether the actor may create applications in some unit (a unit's
// 责任人 or 联系人, the operator).
func createsSomewhere(a domain.Actor) bool {
	if a.System {
		return true
	}
	return slices.ContainsFunc(a.Grants, func(g domain.Grant) bool {
		return g.UnitID != 0 && authz.Can(a, authz.ProjectCreate, authz.Resource{Kind: authz.KindProject, UnitID: g.UnitID}) == nil
	})
}

// fieldProblem adds err to errs when it is a field problem (422) and returns any other error.
func fieldProblem(errs *domain.Problems, err error) error {
	if err != nil && domain.ErrorCode(err) != domain.EInvalid {
		return err
	}
	errs.Add(err)
	return nil
}

// projectPlanItem is the annual plan item p refers to, refused on plan_item_id unless it is an
// item of an accepted plan of p's unit and year (BLD-P2); nil without one (Validate says so).
func projectPlanItem(ctx context.Context, tx *store.Tx, p *domain.Project) (*domain.PlanItemRef, error) {
	if p.PlanItemID <= 0 {
		return nil, nil
	}
	it, err := tx.PlanItem(ctx, p.PlanItemID)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, domain.Invalid("plan_item_id", "err.project.plan_item")
	}
	if err != nil {
		return nil, err
	}
	if it.PlanStatus != domain.APAccepted || it.UnitID != p.UnitID || (p.Year != 0 && it.Year != p.Year) {
		return nil, domain.Invalid("plan_item_id", "err.project.plan_item")
	}
	return it, nil
}

// checkProjectLinks checks what an application names beyond itself, every problem at once: the
// answers are to requirements of its guide; the systems it changes, and the systems and catalog
// entries it integrates or replaces, are its unit's (BLD-P3); its exchange partners are units;
// its base libraries exist (and a newly named one is in use). before is the application as
// saved (nil for a new one): a library it already named stays even if retired since.
func checkProjectLinks(ctx context.Context, tx *store.Tx, p *domain.Project, g *domain.Guide, before *domain.Project) error {
	var errs domain.Problems
	if g != nil {
		for _, r := range p.Responses {
			known := slices.ContainsFunc(g.Items, func(it domain.GuideRequirement) bool { return it.Clause == r.Clause })
			errs.Check(!known, domain.ResponseField(r.Clause), "err.project.clause_unknown", r.Clause)
		}
	}
	ownSystem := func(id int64) (bool, error) {
		sys, err := tx.System(ctx, id)
		if domain.ErrorCode(err) == domain.ENotFound {
			return false, nil
		}
		return err == nil && sys.UnitID == p.UnitID, err
	}
	for _, id := range p.SystemIDs {
		ok, err := ownSystem(id)
		if err != nil {
			return err
		}
		if errs.Check(!ok, "system_ids", "err.project.system", id) {
			break
		}
	}
	for _, id := range p.ComponentIDs { // issue 15: a published shared component
		c, err := tx.Component(ctx, id)
		if err != nil && domain.ErrorCode(err) != domain.ENotFound {
			return err
		}
		if errs.Check(err != nil || c.Status != domain.CompPublished, "component_ids", "err.project.component", id) {
			break
		}
	}
	for i, x := range p.Exchanges {
		if x.UnitID <= 0 || x.UnitID == p.UnitID {
			continue // Validate says so
		}
		u, err := tx.Unit(ctx, x.UnitID)
		if err != nil && domain.ErrorCode(err) != domain.ENotFound {
			return err
		}
		errs.Check(err != nil || !u.Active, "exchanges."+strconv.Itoa(i)+".unit_id", "err.unit.missing")
	}
	for _, l := range p.BaseData {
		isNew := before == nil || !slices.Contains(before.BaseData, l)
		if err := checkLibraryUse(ctx, tx, "base_data", l, isNew); domain.ErrorCode(err) == domain.EInvalid {
			errs.Add(err)
		} else if err != nil {
			return err
		}
	}
	for i, it := range p.Integrations {
		if it.ID <= 0 {
			continue
		}
		ok := false
		switch it.Target {
		case domain.TargetSystem:
			var err error
			if ok, err = ownSystem(it.ID); err != nil {
				return err
			}
		case domain.TargetCatalog:
			c, err := tx.CatalogEntry(ctx, it.ID)
			if err != nil && domain.ErrorCode(err) != domain.ENotFound {
				return err
			}
			ok = err == nil && c.ProviderUnitID == p.UnitID
		default:
			continue // Validate says so
		}
		errs.Check(!ok, "integrations."+strconv.Itoa(i)+".id", "err.project.integration", it.ID)
	}
	return errs.Err()
}

// UpdateProject saves an edit of an application in draft or returned for revision (else 409).
// The unit and year, and the guide it answers, do not change.
func (s *Service) UpdateProject(ctx context.Context, a domain.Actor, id int64, e ProjectEdit) (*domain.Project, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Project, error) {
		return projectType.change(ctx, tx, a, id, e.Version, projectType.may(a, authz.ProjectUpdate), func(p, before *domain.Project) (string, string, error) {
			if !p.Status.Editable() {
				return "", "", domain.Errorf(domain.EConflict, "err.project.not_editable", "projstatus."+string(p.Status))
			}
			before.Responses, before.NewSystems = slices.Clone(p.Responses), slices.Clone(p.NewSystems)
			e.Apply(p)
			var errs domain.Problems
			if p.PlanItemID != before.PlanItemID {
				if _, err := projectPlanItem(ctx, tx, p); fieldProblem(&errs, err) != nil {
					return "", "", err
				}
			}
			errs.Add(p.Validate())
			g, err := tx.Guide(ctx, p.GuideID)
			if err != nil {
				return "", "", err
			}
			if err := fieldProblem(&errs, checkProjectLinks(ctx, tx, p, g, before)); err != nil {
				return "", "", err
			}
			if err := fieldProblem(&errs, s.nameAnswers(ctx, tx, p, before)); err != nil { // issue 15
				return "", "", err
			}
			return "update", "", errs.Err()
		})
	})
}

// ProjectStep is a workflow step with the version the client saw; a return and a rejection
// need comment, an approval the budget approved (yuan, at most the requested total).
type ProjectStep struct {
	Version        int64                `json:"version"`
	Action         domain.ProjectAction `json:"action"`
	Comment        string               `json:"comment"`
	ApprovedBudget int64                `json:"approved_budget,omitempty"`
	// AcknowledgeWarnings: the office has read the governance rules' warnings (issue 11) and
	// approves anyway; an approval with warnings not acknowledged is refused (422).
	AcknowledgeWarnings bool `json:"acknowledge_warnings,omitempty"`
}

// projectCheck reads what the steps of p need beside it: the mandatory clauses of its guide and
// its plan item's budget.
func projectCheck(ctx context.Context, r store.Reader, p *domain.Project) (domain.ProjectCheck, error) {
	c := domain.ProjectCheck{P: p}
	g, err := r.Guide(ctx, p.GuideID)
	if err != nil {
		return c, err
	}
	c.Mandatory = g.Mandatory()
	if p.PlanItem != nil {
		c.PlanBudget = p.PlanItem.Budget
	}
	// review: the expert review and the governance review opinion an approval needs (BLD-R3, FLOW-2).
	return c, reviewCheck(ctx, r, &c)
}

// TransitionProject takes one step of domain.ProjectFlow, which decides whether it is legal from
// the state and for the actor (the unit's people submit, the office reviews and decides). Two
// decisions at once: the one that saw the current version wins, the other gets 409. Submitting
// notifies the office; a return, rejection or approval notifies the unit's 责任人 and 联系人, in
// the same transaction.
func (s *Service) TransitionProject(ctx context.Context, a domain.Actor, id int64, st ProjectStep) (*domain.Project, error) {
	p, err := s.transitionProject(ctx, a, id, st)
	return p, s.keepRefusal(ctx, err) // a gate's refusal is kept though the step rolled back
}

func (s *Service) transitionProject(ctx context.Context, a domain.Actor, id int64, st ProjectStep) (*domain.Project, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.Project, error) {
		return projectType.changeThen(ctx, tx, a, id, st.Version, projectType.may(a, authz.ProjectTransition), func(p, _ *domain.Project) (string, string, error) {
			chk, err := projectCheck(ctx, tx.Reader, p)
			if err != nil {
				return "", "", err
			}
			chk.Approved = st.ApprovedBudget
			if st.Action == domain.ProjSubmit && p.Status.Editable() {
				// issue 15: the duplicate check as it stands now, in this transaction: every match
				// above the threshold among the top ones must be answered (domain.ProjectCheck).
				if chk.Dup, err = s.duplicatesTx(ctx, tx, proposalOf(p), domain.DupShown); err != nil {
					return "", "", err
				}
			}
			next, err := domain.ProjectFlow.Next(p.Status, st.Action, unitActors(a, p.UnitID), st.Comment, chk)
			if err != nil {
				return "", "", err
			}
			comment, note := strings.TrimSpace(st.Comment), ""
			link := "/projects/" + strconv.FormatInt(p.ID, 10)
			unit := func(event string, args ...string) error {
				return s.NotifyUnits(ctx, tx, event, "project", p.ID, link, args, p.UnitID)
			}
			// The governance rules' gates (issue 11, rules_gates.go): the rules enforced at submission
			// and approval (ENV-R1, BLD-P2, SHR-R1, SHR-R3, ...) decide after the workflow's own checks.
			switch st.Action {
			case domain.ProjSubmit:
				err = gate(ctx, tx, a, rules.GateSubmit, p, false)
			case domain.ProjApprove:
				err = gate(ctx, tx, a, rules.GateApprove, p, st.AcknowledgeWarnings)
			}
			if err != nil {
				return "", "", err
			}
			switch st.Action {
			case domain.ProjSubmit:
				p.SubmittedAt, note = tx.Now(), comment
				office, err := officePeople(ctx, tx)
				if err == nil {
					err = s.notify(ctx, tx, office, "project_submitted", "project", p.ID, link, p.UnitName, p.Name)
				}
				if err != nil {
					return "", "", err
				}
			case domain.ProjReview:
				note = comment
			case domain.ProjApprove:
				p.ApprovedBudget, p.DecidedAt, p.DecisionNote = st.ApprovedBudget, tx.Now(), comment
				err = unit("project_approved", p.Name, strconv.FormatInt(p.ApprovedBudget, 10))
			case domain.ProjReturn:
				p.DecisionNote = comment
				err = unit("project_returned", p.Name, comment)
			case domain.ProjReject:
				p.DecidedAt, p.DecisionNote = tx.Now(), comment
				err = unit("project_rejected", p.Name, comment)
			}
			if err != nil {
				return "", "", err
			}
			p.Status = next
			return string(st.Action), note, nil
		}, func(p, before *domain.Project) error {
			// On approval, in the same transaction and after the project is claimed at its version:
			// the new systems 在建, the cloud request and its notice to the unit, the catalog kept
			// (project_effects.go).
			if p.Status == domain.ProjApproved && before.Status != domain.ProjApproved {
				return s.approveEffects(ctx, tx, a, p)
			}
			return nil
		})
	})
}

// ProjectSteps lists the steps the actor may take on p now (for buttons).
func (s *Service) ProjectSteps(a domain.Actor, p *domain.Project) []domain.ProjectAction {
	if authz.Can(a, authz.ProjectTransition, projectRes(p)) != nil {
		return nil
	}
	return domain.ProjectFlow.Available(p.Status, unitActors(a, p.UnitID), domain.ProjectCheck{P: p})
}

// ProjectHistory is the application's audit trail (every round of returns), for whoever may
// see it.
func (s *Service) ProjectHistory(ctx context.Context, a domain.Actor, id int64) ([]*audit.Record, error) {
	return s.history(ctx, "project", id, s.projectHistoryAccess(ctx, a, id)) // review: not an expert reviewer's
}

// ProjectPlanItems lists the accepted plan items of year (0: every year) that the actor may
// apply for: the items of the units it may create applications in (BLD-P2).
func (s *Service) ProjectPlanItems(ctx context.Context, a domain.Actor, year int) ([]*domain.PlanItemRef, error) {
	items, err := inScope(a, authz.ProjectRead, authz.KindProject, func(sc authz.Scope) ([]*domain.PlanItemRef, error) {
		return s.db.Read().AcceptedPlanItems(ctx, sc, year)
	})
	return slices.DeleteFunc(items, func(it *domain.PlanItemRef) bool {
		return authz.Can(a, authz.ProjectCreate, authz.Resource{Kind: authz.KindProject, UnitID: it.UnitID}) != nil
	}), err
}

// ProjectCatalog lists the application's catalog entries the actor may see (SHR-R3).
func (s *Service) ProjectCatalog(ctx context.Context, a domain.Actor, p *domain.Project) ([]*domain.CatalogEntry, error) {
	var out []*domain.CatalogEntry
	for _, id := range p.CatalogIDs {
		c, err := s.CatalogEntry(ctx, a, id)
		if domain.ErrorCode(err) == domain.ENotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// checkCatalogProject checks the project an entry is pre-compiled for (SHR-R3) when it is set,
// changed or the entry's provider changes: only in 预编, to an application of the provider unit
// that the actor may see, while the application it joins and the one it leaves are in draft or
// returned for revision (what was submitted for review does not change under the reviewer).
func checkCatalogProject(ctx context.Context, tx *store.Tx, a domain.Actor, c, before *domain.CatalogEntry) error {
	var was, wasUnit int64
	if before != nil {
		was, wasUnit = before.ProjectID, before.ProviderUnitID
	}
	if c.ProjectID == was && (c.ProjectID == 0 || c.ProviderUnitID == wasUnit) {
		return nil
	}
	if c.Status != domain.CatPrecompiled {
		return domain.Invalid("project_id", "err.catalog.project_state")
	}
	touched := []int64{c.ProjectID}
	if was != c.ProjectID {
		touched = append(touched, was) // the application it leaves
	}
	for _, pid := range touched {
		if pid == 0 {
			continue
		}
		p, err := tx.Project(ctx, pid)
		if err == nil && authz.Can(a, authz.ProjectRead, projectRes(p)) != nil {
			err = domain.NotFound()
		}
		if domain.ErrorCode(err) == domain.ENotFound {
			return domain.Invalid("project_id", "err.catalog.project", pid)
		}
		if err != nil {
			return err
		}
		if pid == c.ProjectID && p.UnitID != c.ProviderUnitID {
			return domain.Invalid("project_id", "err.catalog.project_unit", p.Name)
		}
		if !p.Status.Editable() {
			return domain.Invalid("project_id", "err.catalog.project_frozen", p.Name)
		}
	}
	return nil
}

// projectFilesFrozen refuses changing an application's files once it is submitted: the office
// reviews what was sent.
func projectFilesFrozen(ctx context.Context, r store.Reader, id int64) error {
	p, err := r.Project(ctx, id)
	if err != nil {
		return err
	}
	if !p.Status.Editable() {
		return domain.Errorf(domain.EConflict, "err.project.files_frozen", "projstatus."+string(p.Status))
	}
	return nil
}
