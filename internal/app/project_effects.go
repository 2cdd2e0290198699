package app

import (
	"context"
	"strconv"
	"strings"

	"archgov/internal/domain"
	"archgov/internal/store"
)

// What approving a project does (FLOW-2, ENV-R1, SHR-R3), in the transaction of the approval
// itself: either the approval and all of it commit, or none of it. approveEffects runs after
// the project's row is claimed at the version the office saw (projectType.changeThen), so of
// two approvals at once the second fails at the claim (409) before it registers anything.
//
//   - each new system of the application is registered through the system register's own create
//     path (authorization, fresh start, validation, the code allocation under its lock, the
//     unit active, the audit record) as the unit's system, in state 在建 (under_construction),
//     naming the project (systems.project_id);
//   - the cloud resources it needs become a cloud request of the unit, tied to the project
//     (cloud_requests.project_id), through the cloud register's create path, in the state a
//     newly filed request has (draft: the unit reviews its pool and period and submits it), and
//     the unit's 责任人 and 联系人 are told so in their inbox, with a link to the request;
//   - its pre-compiled catalog entries stay tied to it: nothing here touches catalog_entries.
//
// A refusal of any of them (422, naming the field) refuses the approval with nothing changed.

// approveEffects registers what the approval of p by a creates; p is the project as approved.
func (s *Service) approveEffects(ctx context.Context, tx *store.Tx, a domain.Actor, p *domain.Project) error {
	created, err := registerProjectSystems(ctx, tx, a, p)
	if err != nil {
		return err
	}
	r, err := fileProjectCloudRequest(ctx, tx, a, p, created)
	if err != nil || r == nil {
		return err
	}
	// The draft waits for the unit (ENV-R1): its people are asked to complete and submit it.
	link := "/cloud/requests/" + strconv.FormatInt(r.ID, 10)
	return s.NotifyUnits(ctx, tx, "project_cloud_draft", "cloudrequest", r.ID, link, []string{p.Name}, p.UnitID)
}

// registerProjectSystems registers p's new systems 在建 as its unit's, each with the district's
// next code (the code lock is taken before any system's row, the register's lock order).
func registerProjectSystems(ctx context.Context, tx *store.Tx, a domain.Actor, p *domain.Project) ([]*domain.System, error) {
	if len(p.NewSystems) == 0 {
		return nil, nil
	}
	codes, err := allocateSystemCodes(ctx, tx)
	if err != nil {
		return nil, err
	}
	var out []*domain.System
	for _, n := range p.NewSystems {
		// What the application says of it; the rest is the district's default for a new system,
		// which the unit corrects on the system's page: not classified, a business system on the
		// government cloud (ENV-P1, ENV-R1: the approval refused machine-room work) on the
		// e-government extranet, serving the application's user levels.
		sys := &domain.System{Name: n.Name, UnitID: p.UnitID, Purpose: truncate(n.Brief, 500),
			Classification: domain.Unclassified, Category: domain.CategoryBusiness, Hosting: domain.HostingCloud,
			Network: domain.NetworkExtranet, UserLevels: append([]domain.UserLevel(nil), p.UserLevels...)}
		_, err := admitSystem(a, sys, func(sys *domain.System) error {
			sys.Status, sys.ProjectID = domain.StatusUnderConstruction, p.ID
			return nil
		})
		if err == nil {
			err = addSystem(ctx, tx, a, sys, codes)
		}
		if err != nil {
			return nil, err
		}
		out = append(out, sys)
	}
	return out, nil
}

// fileProjectCloudRequest turns the cloud resources p needs (ENV-R1) into one draft request of
// its unit tied to it: for its first new system (the request's justification names them all),
// or, when it builds none, for the first system it changes that may be given cloud resources;
// from the first pool with room for it (else the first pool). Nothing needed, nothing filed
// (nil). Refused on "cloud" when there is no system to name or no pool to ask.
func fileProjectCloudRequest(ctx context.Context, tx *store.Tx, a domain.Actor, p *domain.Project, created []*domain.System) (*domain.CloudRequest, error) {
	if p.Cloud.IsZero() {
		return nil, nil
	}
	var sysID int64
	var names []string
	for _, sys := range created {
		names = append(names, sys.Name)
	}
	if len(created) > 0 {
		sysID = created[0].ID
	} else {
		for _, id := range p.SystemIDs {
			sys, err := tx.System(ctx, id)
			if domain.ErrorCode(err) == domain.ENotFound {
				continue
			}
			if err != nil {
				return nil, err
			}
			if sys.UnitID == p.UnitID && domain.CloudEligible(sys) == nil {
				sysID, names = sys.ID, []string{sys.Name}
				break
			}
		}
	}
	if sysID == 0 {
		return nil, domain.Invalid("cloud", "err.project.cloud_system")
	}
	pools, err := tx.CloudPools(ctx)
	if err != nil {
		return nil, err
	}
	if len(pools) == 0 {
		return nil, domain.Invalid("cloud", "err.project.cloud_pool")
	}
	pool := pools[0]
	for _, pl := range pools {
		if p.Cloud.Fits(pl.Free()) {
			pool = pl
			break
		}
	}
	start := today(tx)
	r := &domain.CloudRequest{UnitID: p.UnitID, SystemID: sysID, PoolID: pool.ID, Requested: p.Cloud,
		Justification: truncate("立项申请《"+p.Name+"》获批，按其申报的政务云资源需求（ENV-R1）申请，用于："+strings.Join(names, "、")+"。", 1000),
		PeriodStart:   start, PeriodEnd: start.AddDate(1, 0, 0)}
	if err := cloudRequestType.admit(a, r.UnitID, r, func(r *domain.CloudRequest) error {
		r.ProjectID = p.ID
		return nil
	}); err != nil {
		return nil, err
	}
	if err := checkNewCloudRequest(ctx, tx, r); err != nil {
		return nil, err
	}
	return r, cloudRequestType.add(ctx, tx, a, r)
}

// ProjectCreated lists the systems and cloud requests p's approval made that the actor may see
// (the project page's links; a hidden one is left out).
func (s *Service) ProjectCreated(ctx context.Context, a domain.Actor, p *domain.Project) ([]*domain.System, []*domain.CloudRequest, error) {
	var systems []*domain.System
	for _, id := range p.CreatedSystemIDs {
		sys, err := s.System(ctx, a, id)
		if domain.ErrorCode(err) == domain.ENotFound {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		systems = append(systems, sys)
	}
	var reqs []*domain.CloudRequest
	for _, id := range p.CloudRequestIDs {
		r, err := s.CloudRequest(ctx, a, id)
		if domain.ErrorCode(err) == domain.ENotFound || domain.ErrorCode(err) == domain.EForbidden {
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		reqs = append(reqs, r)
	}
	return systems, reqs, nil
}
