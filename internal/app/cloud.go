package app

import (
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

// Government-cloud resources (ENV-R1): capacity pools kept by the info office, and the units'
// requests for capacity, decided by the office. Approval allocates from the pool in the same
// transaction as the decision, with one conditional UPDATE (store.AllocateCloud), so concurrent
// approvals can never oversubscribe a pool; release gives the capacity back.

// CloudPools lists every pool; every government user may read them.
func (s *Service) CloudPools(ctx context.Context, a domain.Actor) ([]*domain.CloudPool, error) {
	if err := authz.Can(a, authz.CloudPoolRead, authz.Resource{Kind: authz.KindCloudPool}); err != nil {
		return nil, err
	}
	return s.db.Read().CloudPools(ctx)
}

// CloudPool returns one pool.
func (s *Service) CloudPool(ctx context.Context, a domain.Actor, id int64) (*domain.CloudPool, error) {
	if err := authz.Can(a, authz.CloudPoolRead, authz.CloudPool(id)); err != nil {
		return nil, err
	}
	return s.db.Read().CloudPool(ctx, id)
}

// CloudPoolEdit is a change of a pool (or a new pool). Nil fields stay. The allocation is
// never edited: it follows approvals and releases.
type CloudPoolEdit struct {
	Version     int64                  `json:"version"`
	Name        *string                `json:"name"`
	Description *string                `json:"description"`
	Capacity    *domain.CloudResources `json:"capacity"`
}

// Apply copies the set fields onto p.
func (e CloudPoolEdit) Apply(p *domain.CloudPool) { patch(p, e) }

// CreateCloudPool adds a pool (the info office). Nothing is allocated yet.
func (s *Service) CreateCloudPool(ctx context.Context, a domain.Actor, p *domain.CloudPool) error {
	return cloudPoolType.create(ctx, s.db, a, 0, p, nil)
}

// UpdateCloudPool saves an edit of a pool (the info office). Its capacity can never go below
// what is allocated, even when an approval commits while the edit is being saved.
func (s *Service) UpdateCloudPool(ctx context.Context, a domain.Actor, poolID int64, e CloudPoolEdit) (*domain.CloudPool, error) {
	if err := authz.Can(a, authz.CloudPoolUpdate, authz.CloudPool(poolID)); err != nil {
		return nil, err
	}
	return inTx(ctx, s, func(tx *store.Tx) (*domain.CloudPool, error) {
		return cloudPoolType.change(ctx, tx, a, poolID, e.Version, nil, func(p, _ *domain.CloudPool) (string, string, error) {
			e.Apply(p)
			return "update", "", p.Validate()
		})
	})
}

// CloudPoolHistory is the pool's audit trail (creation and edits; allocations are recorded on
// the requests that made them).
func (s *Service) CloudPoolHistory(ctx context.Context, a domain.Actor, poolID int64) ([]*audit.Record, error) {
	return s.history(ctx, "cloudpool", poolID, seen(s.CloudPool(ctx, a, poolID)))
}

// CloudPoolUse is one pool's utilisation: capacity, allocated, free and the percentage
// allocated per dimension (in CloudDims order).
type CloudPoolUse struct {
	Pool    *domain.CloudPool     `json:"pool"`
	Free    domain.CloudResources `json:"free"`
	Percent []int                 `json:"percent"`
}

// CloudUtilisation is the government cloud's use: per pool, and per unit (granted totals).
type CloudUtilisation struct {
	Dims  []domain.CloudDim    `json:"dims"`
	Pools []CloudPoolUse       `json:"pools"`
	Units []store.CloudUnitUse `json:"units"`
}

// percent is the share of used in capacity, rounded down, 0 for an empty capacity.
func percent(used, capacity int64) int {
	if capacity <= 0 {
		return 0
	}
	return int(used * 100 / capacity)
}

// CloudUtilisation reports the use of every pool (public) and the granted totals of the units
// the actor may see (all for the office, the own units for a unit's people).
func (s *Service) CloudUtilisation(ctx context.Context, a domain.Actor) (*CloudUtilisation, error) {
	pools, err := s.CloudPools(ctx, a)
	if err != nil {
		return nil, err
	}
	out := &CloudUtilisation{Dims: domain.CloudDims, Pools: []CloudPoolUse{}, Units: []store.CloudUnitUse{}}
	for _, p := range pools {
		u := CloudPoolUse{Pool: p, Free: p.Free()}
		for _, d := range domain.CloudDims {
			u.Percent = append(u.Percent, percent(p.Allocated.Get(d), p.Capacity.Get(d)))
		}
		out.Pools = append(out.Pools, u)
	}
	units, err := s.db.Read().CloudUnitUses(ctx, authz.ReadScope(a, authz.KindCloudRequest))
	if err != nil {
		return nil, err
	}
	if units != nil {
		out.Units = units
	}
	return out, nil
}

func cloudRequestRes(r *domain.CloudRequest) authz.Resource {
	return authz.Registry(authz.KindCloudRequest, r.ID, r.UnitID)
}

var cloudPoolType = recordType[domain.CloudPool]{entity: "cloudpool", kind: authz.KindCloudPool, read: authz.CloudPoolRead,
	res:  func(p *domain.CloudPool) authz.Resource { return authz.CloudPool(p.ID) },
	load: store.Reader.CloudPool, insert: (*store.Tx).InsertCloudPool, update: (*store.Tx).UpdateCloudPool,
	key:     func(p *domain.CloudPool) (int64, int64) { return p.ID, p.Version },
	creates: authz.CloudPoolCreate, valid: (*domain.CloudPool).Validate,
	fresh: func(p *domain.CloudPool) { p.ID, p.Allocated = 0, domain.CloudResources{} }}

var cloudRequestType = recordType[domain.CloudRequest]{entity: "cloudrequest", kind: authz.KindCloudRequest, read: authz.CloudRequestRead,
	res: cloudRequestRes, load: store.Reader.CloudRequest, insert: (*store.Tx).InsertCloudRequest, update: (*store.Tx).UpdateCloudRequest,
	key:     func(r *domain.CloudRequest) (int64, int64) { return r.ID, r.Version },
	creates: authz.CloudRequestCreate, valid: (*domain.CloudRequest).Validate,
	fresh: func(r *domain.CloudRequest) {
		r.ID, r.Status, r.Granted, r.DecisionNote, r.DecidedAt, r.ProjectID = 0, domain.CloudDraft, domain.CloudResources{}, "", time.Time{}, 0
	}}

// CloudRequests lists the requests in the actor's scope, newest first.
func (s *Service) CloudRequests(ctx context.Context, a domain.Actor, f store.CloudRequestFilter) (Page[*domain.CloudRequest], error) {
	return cloudRequestType.list(a, &f.Limit, func(sc authz.Scope) ([]*domain.CloudRequest, error) { return s.db.Read().CloudRequests(ctx, sc, f) })
}

// CountCloudRequests counts the requests in the actor's scope that match f (for to-do lists).
func (s *Service) CountCloudRequests(ctx context.Context, a domain.Actor, f store.CloudRequestFilter) (int, error) {
	return cloudRequestType.count(a, func(sc authz.Scope) (int, error) { return s.db.Read().CountCloudRequests(ctx, sc, f) })
}

// CloudRequest returns one request; another unit's answers not found.
func (s *Service) CloudRequest(ctx context.Context, a domain.Actor, reqID int64) (*domain.CloudRequest, error) {
	return cloudRequestType.get(ctx, s.db.Read(), a, reqID)
}

// checkCloudRefs checks what a request points at: the system must be the unit's own and may
// run on the cloud, and the pool must exist. It fills in their names (so the audit record names them too).
func checkCloudRefs(ctx context.Context, tx *store.Tx, r *domain.CloudRequest) error {
	sys, err := tx.System(ctx, r.SystemID)
	if err != nil || sys.UnitID != r.UnitID {
		return domain.Invalid("system_id", "err.cloud.system_not_of_unit")
	}
	if err := domain.CloudEligible(sys); err != nil {
		return err
	}
	// Taken at the version checked: a move of the system to another unit racing with this
	// draft either waits and then counts it, or commits first and this answers 409.
	if err := tx.LockSystem(ctx, sys.ID, sys.Version); err != nil {
		return err
	}
	pool, err := tx.CloudPool(ctx, r.PoolID)
	if err != nil {
		return domain.Invalid("pool_id", "err.cloud.pool_missing")
	}
	r.SystemName, r.PoolName, r.UnitName = sys.Name, pool.Name, sys.UnitName
	return nil
}

// checkCloudApproval re-checks, inside the approving transaction, the system a request allocates
// for: it may have been reclassified 涉密, filed for cleanup or taken off, or moved to another
// unit since the request was drafted (checkCloudRefs only ran then). Refused with 422.
func checkCloudApproval(ctx context.Context, tx *store.Tx, r *domain.CloudRequest) error {
	sys, err := tx.System(ctx, r.SystemID)
	if err != nil && domain.ErrorCode(err) != domain.ENotFound {
		return err
	}
	refuse := func(key string, args ...any) error {
		e := domain.Errorf(domain.EUnprocessable, key, args...)
		e.Field = "system_id"
		return e
	}
	switch {
	case err != nil || sys.UnitID != r.UnitID:
		return refuse("err.cloud.approve_not_of_unit")
	case domain.CloudEligible(sys) == nil:
		// Taken at the version checked: a reclassification or move racing with the approval
		// either waits for it, or commits first and the approval answers 409.
		return tx.LockSystem(ctx, sys.ID, sys.Version)
	case sys.Classification == domain.Classified:
		return refuse("err.cloud.approve_classified")
	default:
		return refuse("err.cloud.approve_retired", "status."+string(sys.Status))
	}
}

// checkSystemUnitMove refuses to move a system away from oldUnit while open cloud requests,
// live websites or live new-media accounts of oldUnit still refer to it: they would show another unit's system, and an
// approval would allocate for it. The message says only how many there are (422 on unit_id,
// like a room that still hosts systems). Inside a transaction, the caller takes the system first
// (store.Tx.LockSystem), so a request drafted meanwhile is either counted or refused.
func checkSystemUnitMove(ctx context.Context, q store.Reader, sysID, oldUnit int64) error {
	reqs, err := q.CountOpenCloudRequestsOfSystem(ctx, sysID, oldUnit)
	if err != nil {
		return err
	}
	sites, err := q.CountLiveWebsitesOfSystem(ctx, sysID, oldUnit)
	if err != nil {
		return err
	}
	media, err := q.CountLiveMediaOfSystem(ctx, sysID, oldUnit)
	if err != nil {
		return err
	}
	if reqs > 0 || sites > 0 || media > 0 {
		return domain.Invalid("unit_id", "err.system.move_referenced", reqs, sites, media)
	}
	return nil
}

// CreateCloudRequest drafts a request of a unit (its 责任人/联系人, or the office). It starts as a
// draft with nothing granted; the unit submits it.
func (s *Service) CreateCloudRequest(ctx context.Context, a domain.Actor, r *domain.CloudRequest) error {
	return cloudRequestType.create(ctx, s.db, a, r.UnitID, r, func(tx *store.Tx) error { return checkNewCloudRequest(ctx, tx, r) })
}

// checkNewCloudRequest checks, inside the creating transaction, a new request's links: its unit
// active, its system the unit's own and eligible, its pool there (checkCloudRefs).
func checkNewCloudRequest(ctx context.Context, tx *store.Tx, r *domain.CloudRequest) error {
	if _, err := activeUnit(ctx, tx, "unit_id", r.UnitID); err != nil {
		return err
	}
	return checkCloudRefs(ctx, tx, r)
}

// CloudRequestEdit is a change of a draft request. Nil fields stay; the unit never changes.
type CloudRequestEdit struct {
	Version       int64                  `json:"version"`
	SystemID      *int64                 `json:"system_id"`
	PoolID        *int64                 `json:"pool_id"`
	Requested     *domain.CloudResources `json:"requested"`
	Justification *string                `json:"justification"`
	PeriodStart   *time.Time             `json:"period_start"`
	PeriodEnd     *time.Time             `json:"period_end"`
}

// Apply copies the set fields onto r.
func (e CloudRequestEdit) Apply(r *domain.CloudRequest) { patch(r, e) }

// UpdateCloudRequest saves an edit of a draft; a request past the draft is changed only by
// its lifecycle steps.
func (s *Service) UpdateCloudRequest(ctx context.Context, a domain.Actor, reqID int64, e CloudRequestEdit) (*domain.CloudRequest, error) {
	out, err := inTx(ctx, s, func(tx *store.Tx) (*domain.CloudRequest, error) {
		return cloudRequestType.change(ctx, tx, a, reqID, e.Version, cloudRequestType.may(a, authz.CloudRequestUpdate), func(r, _ *domain.CloudRequest) (string, string, error) {
			if r.Status != domain.CloudDraft {
				return "", "", domain.Errorf(domain.EConflict, "err.cloud.not_draft", "cloudstatus."+string(r.Status))
			}
			e.Apply(r)
			if err := r.Validate(); err != nil {
				return "", "", err
			}
			return "update", "", checkCloudRefs(ctx, tx, r)
		})
	})
	if err != nil {
		return nil, err
	}
	return s.db.Read().CloudRequest(ctx, out.ID) // names of a newly chosen system or pool
}

// cloudStepAction is the authorization a step needs: the office's decision, or a step of the
// request's own lifecycle.
func cloudStepAction(act domain.CloudAction) authz.Action {
	if act.Decides() {
		return authz.CloudRequestDecide
	}
	return authz.CloudRequestTransition
}

// CloudRequestSteps lists the steps the actor may take on r now (for buttons).
func (s *Service) CloudRequestSteps(a domain.Actor, r *domain.CloudRequest) []domain.CloudAction {
	return permitted(a, cloudRequestRes(r), domain.CloudFlow.Available(r.Status, unitActors(a, r.UnitID), nil), cloudStepAction)
}

// CloudStep is one lifecycle step with what it needs: for an approval the quantities granted
// (all requested when nil), for a partial approval, a rejection or a return the note.
type CloudStep struct {
	Version int64                  `json:"version"`
	Action  domain.CloudAction     `json:"action"`
	Granted *domain.CloudResources `json:"granted"`
	Note    string                 `json:"note"`
}

// TransitionCloudRequest takes one step of a request. The transition table in the domain decides
// whether it is legal from here and for this actor; an approval allocates from the pool in the
// same transaction (refused, with nothing changed, when the pool cannot hold it), and a release
// gives the granted capacity back.
func (s *Service) TransitionCloudRequest(ctx context.Context, a domain.Actor, reqID int64, st CloudStep) (*domain.CloudRequest, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.CloudRequest, error) {
		allow := cloudRequestType.may(a, authz.CloudRequestRead, cloudStepAction(st.Action))
		return cloudRequestType.changeThen(ctx, tx, a, reqID, st.Version, allow, func(r, before *domain.CloudRequest) (string, string, error) {
			next, err := domain.CloudFlow.Next(r.Status, st.Action, unitActors(a, r.UnitID), "", nil)
			if err != nil {
				return "", "", err
			}
			switch st.Action {
			case domain.CloudApprove, domain.CloudReject, domain.CloudReturn:
				grant := r.Requested
				if st.Granted != nil {
					grant = *st.Granted
				}
				if next, err = domain.DecideCloud(r, st.Action, grant, st.Note); err != nil {
					return "", "", err
				}
				r.DecisionNote, r.DecidedAt = truncate(strings.TrimSpace(st.Note), 3000), tx.Now()
				if st.Action == domain.CloudApprove {
					if err := checkCloudApproval(ctx, tx, r); err != nil {
						return "", "", err
					}
					r.Granted = grant
				}
			}
			r.Status = next
			note := ""
			if !st.Action.Decides() {
				note = truncate(st.Note, 500)
			}
			return string(st.Action), note, nil
		}, func(r, before *domain.CloudRequest) error {
			// The request was claimed first (its version), then the pool, then the audit log: an
			// approval racing with another of the same request failed at the claim without
			// touching the pool.
			switch held := before.Status.Holds(); {
			case r.Status.Holds() && !held:
				return tx.AllocateCloud(ctx, r.PoolID, r.Granted)
			case held && !r.Status.Holds():
				return tx.ReleaseCloud(ctx, r.PoolID, before.Granted)
			}
			return nil
		})
	})
}

// CloudRequestHistory is the request's audit trail, for whoever may see the request.
func (s *Service) CloudRequestHistory(ctx context.Context, a domain.Actor, reqID int64) ([]*audit.Record, error) {
	return s.history(ctx, "cloudrequest", reqID, seen(s.CloudRequest(ctx, a, reqID)))
}

// cloudRequestFields are the columns of the export of the request list (a 台账 of cloud
// resources): a request's quantities, requested and granted, a column per dimension.
var cloudRequestFields = slices.Concat(
	fields[domain.CloudRequest]{
		shown(sheet.Column{Key: "id", Header: "申请编号", Kind: sheet.Int}, func(r *domain.CloudRequest) string { return id(r.ID) }),
		shown(sheet.Column{Key: "unit", Header: "申请单位", Kind: sheet.Text}, func(r *domain.CloudRequest) string { return r.UnitName }),
		shown(sheet.Column{Key: "system", Header: "信息系统", Kind: sheet.Text}, func(r *domain.CloudRequest) string { return r.SystemName }),
		shown(sheet.Column{Key: "pool", Header: "资源池", Kind: sheet.Text}, func(r *domain.CloudRequest) string { return r.PoolName }),
		shown(sheet.Column{Key: "status", Header: "状态", Kind: sheet.Text}, func(r *domain.CloudRequest) string { return i18n.T(i18n.ZH, "cloudstatus."+string(r.Status)) }),
	},
	cloudDimFields("req_", "申请", func(r *domain.CloudRequest) domain.CloudResources { return r.Requested }),
	cloudDimFields("grant_", "核定", func(r *domain.CloudRequest) domain.CloudResources { return r.Granted }),
	fields[domain.CloudRequest]{
		shown(sheet.Column{Key: "period_start", Header: "使用开始日期", Kind: sheet.Date}, func(r *domain.CloudRequest) string { return r.PeriodStart.Format("2006-01-02") }),
		shown(sheet.Column{Key: "period_end", Header: "使用结束日期", Kind: sheet.Date}, func(r *domain.CloudRequest) string { return r.PeriodEnd.Format("2006-01-02") }),
		shown(sheet.Column{Key: "justification", Header: "申请理由", Kind: sheet.Text}, func(r *domain.CloudRequest) string { return r.Justification }),
		shown(sheet.Column{Key: "decision_note", Header: "审核意见", Kind: sheet.Text}, func(r *domain.CloudRequest) string { return r.DecisionNote }),
	})

// cloudDimHeaders name the dimensions (domain.CloudDims) in the export's headers.
var cloudDimHeaders = []string{"vCPU（核）", "内存（GiB）", "存储（GiB）", "带宽（Mbps）", "公网IP（个）"}

// cloudDimFields are a column per dimension of the quantities of gives, each key and header
// with the prefix given.
func cloudDimFields(key, header string, of func(*domain.CloudRequest) domain.CloudResources) fields[domain.CloudRequest] {
	var fs fields[domain.CloudRequest]
	for i, d := range domain.CloudDims {
		fs = append(fs, shown(sheet.Column{Key: key + string(d), Header: header + cloudDimHeaders[i], Kind: sheet.Int},
			func(r *domain.CloudRequest) string { return id(of(r).Get(d)) }))
	}
	return fs
}

// CloudRequestSheet is the export of the request list.
var _, CloudRequestSheet = cloudRequestFields.sheets("政务云资源申请", []string{"id"})

// ExportCloudRequests writes the requests matching f that the actor may see. The export is
// audited (it takes data out of the system).
func (s *Service) ExportCloudRequests(ctx context.Context, a domain.Actor, f store.CloudRequestFilter, w io.Writer) (int, error) {
	f.Limit = 1000
	list, err := allPages(func(before int64) (Page[*domain.CloudRequest], error) {
		f.Before = before
		return s.CloudRequests(ctx, a, f)
	})
	if err != nil {
		return 0, err
	}
	rows := make([]map[string]string, len(list))
	for i, r := range list {
		rows[i] = cloudRequestFields.row(r)
	}
	return s.exportBook(ctx, a, "cloudrequest", len(rows), w, sheet.Part{Schema: CloudRequestSheet, Rows: rows})
}
