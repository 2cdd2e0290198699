package app

import (
	"context"
	"slices"
	"strconv"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/store"
)

// Random spot checks of the projects' stages (随机抽查, 双随机、一公开, FLOW-4;
// domain.CheckRound, domain.CheckRoundFlow). The office prepares a round (draft, editable) and
// sees its candidates — the projects that reached its stage in its period — then draws it in
// one transaction: the key projects are included outright when the round says so, a sample of
// the rest is drawn with the verifiable draw (purpose spot_check_projects, subject the round),
// and for each project checked its inspectors are drawn (purpose spot_check_inspectors, subject
// the check) from the round's pool of active users — office staff, experts' linked accounts,
// supervisors — with everyone of the inspected unit recused (domain.RecusedPool): a login whose
// unit, role unit or expert affiliation is that unit, and the project's own supervisors. Each
// draw is kept with ExcludeUnitID the inspected unit, so `archgov draw verify ID` and CheckDraw
// check it as any other. A pool too small for a check is a 422 and nothing is drawn.
//
// The drawn inspectors (and the office, for a paper form) read the checked project, its task
// book and stage materials, and record the outcome of each requirement; any result other than
// responded fails the check, which rectifyFromCheck (spotchecks_rectify.go) hands on to the
// rectification notices. The office publishes the round once every check is recorded; from
// then every logged-in user reads it, its draws and outcomes (一公开). Before, only the office
// and the round's inspectors see it (404 for others).

// spotCheckEntity is the attachment entity of a check's evidence files (the check's id).
const spotCheckEntity = "spot_check"

func roundLink(id int64) string { return "/spot-checks/" + strconv.FormatInt(id, 10) }

func spotCheckLink(c *domain.SpotCheck) string {
	return roundLink(c.RoundID) + "/checks/" + strconv.FormatInt(c.ID, 10)
}

func roundRes(x *domain.CheckRound) authz.Resource {
	return authz.Resource{Kind: authz.KindCheckRound, ID: x.ID, Public: x.Published(), Inspectors: x.Inspectors}
}

func spotCheckRes(c *domain.SpotCheck) authz.Resource {
	return authz.Resource{Kind: authz.KindSpotCheck, ID: c.ID, UnitID: c.UnitID, Public: c.RoundPublished, Inspectors: c.InspectorIDs()}
}

// loadRound reads a round with the logins drawn for its checks (who read it before publication).
func loadRound(r store.Reader, ctx context.Context, id int64) (*domain.CheckRound, error) {
	x, err := r.CheckRound(ctx, id)
	if err != nil {
		return nil, err
	}
	x.Inspectors, err = r.RoundInspectors(ctx, id)
	return x, err
}

var checkRoundType = recordType[domain.CheckRound]{entity: "checkround", kind: authz.KindCheckRound, read: authz.CheckRoundRead,
	res: roundRes, load: loadRound, insert: (*store.Tx).InsertCheckRound, update: (*store.Tx).UpdateCheckRound,
	key:     func(x *domain.CheckRound) (int64, int64) { return x.ID, x.Version },
	creates: authz.CheckRoundWrite, valid: (*domain.CheckRound).Validate,
	fresh: func(x *domain.CheckRound) {
		x.ID, x.Status, x.Candidates, x.ProjectDrawID = 0, domain.RoundDraft, nil, 0
		x.DrawnAt, x.PublishedAt, x.PublishedBy, x.PublisherName = time.Time{}, time.Time{}, 0, ""
	},
	// The audit trail records the round's inputs and steps, not the candidates' names again.
	shown: func(x *domain.CheckRound) *domain.CheckRound {
		y := *x
		y.Candidates = nil
		return &y
	}}

var spotCheckType = recordType[domain.SpotCheck]{entity: "spotcheck", kind: authz.KindSpotCheck, read: authz.CheckRoundRead,
	res: spotCheckRes, load: store.Reader.SpotCheck, update: (*store.Tx).UpdateSpotCheck,
	key: func(x *domain.SpotCheck) (int64, int64) { return x.ID, x.Version }}

// CheckRoundFilter narrows the list of rounds.
type CheckRoundFilter = store.CheckRoundFilter

// CheckRounds lists the rounds the actor may see, newest first: every one for the office, the
// published ones and those they inspect a check of for everyone else.
func (s *Service) CheckRounds(ctx context.Context, a domain.Actor, f CheckRoundFilter) (Page[*domain.CheckRound], error) {
	if err := authz.Can(a, authz.CheckRoundRead, authz.Resource{Kind: authz.KindCheckRound}); err != nil {
		return Page[*domain.CheckRound]{}, err
	}
	n := f.Limit
	f.Limit = plusOne(n)
	all := a.System || a.Has(domain.RoleOffice)
	rs, err := s.db.Read().CheckRounds(ctx, all, a.UserID, f)
	if err != nil {
		return Page[*domain.CheckRound]{}, err
	}
	return paginate(rs, n, func(x *domain.CheckRound) int64 { return x.ID }), nil
}

// CheckRound returns one round the actor may see (404 otherwise).
func (s *Service) CheckRound(ctx context.Context, a domain.Actor, id int64) (*domain.CheckRound, error) {
	return checkRoundType.get(ctx, s.db.Read(), a, id)
}

// CanManageRounds reports whether the actor prepares, draws and publishes rounds (the office).
func (s *Service) CanManageRounds(a domain.Actor) bool {
	return authz.Can(a, authz.CheckRoundWrite, authz.Resource{Kind: authz.KindCheckRound}) == nil
}

// RoundSteps lists the steps the actor may take on the round now (for buttons).
func (s *Service) RoundSteps(a domain.Actor, x *domain.CheckRound) []domain.CheckRoundAction {
	if authz.Can(a, authz.CheckRoundWrite, roundRes(x)) != nil {
		return nil
	}
	return domain.CheckRoundFlow.Available(x.Status, unitActors(a, 0), domain.RoundCheck{Candidates: 1}) // the guards are checked on the step
}

// CheckRoundEdit is a round as the office writes it; Version is the one read (0 to create).
type CheckRoundEdit struct {
	Version         int64               `json:"version"`
	Title           string              `json:"title"`
	Stage           domain.ProjectStage `json:"stage"`
	PeriodFrom      time.Time           `json:"period_from"`
	PeriodTo        time.Time           `json:"period_to"`
	SampleSize      int                 `json:"sample_size"`
	SamplePercent   int                 `json:"sample_percent"`
	IncludeKey      *bool               `json:"include_key"` // default true
	InspectorsPer   int                 `json:"inspectors_per"`
	PoolOffice      bool                `json:"pool_office"`
	PoolExperts     bool                `json:"pool_experts"`
	PoolSupervisors bool                `json:"pool_supervisors"`
}

// Apply copies the edit onto the round.
func (q CheckRoundEdit) Apply(x *domain.CheckRound) {
	x.Title, x.Stage, x.PeriodFrom, x.PeriodTo = q.Title, q.Stage, domain.Day(q.PeriodFrom), domain.Day(q.PeriodTo)
	x.SampleSize, x.SamplePercent, x.InspectorsPer = q.SampleSize, q.SamplePercent, q.InspectorsPer
	x.IncludeKey = q.IncludeKey == nil || *q.IncludeKey
	x.PoolOffice, x.PoolExperts, x.PoolSupervisors = q.PoolOffice, q.PoolExperts, q.PoolSupervisors
	if q.PeriodFrom.IsZero() {
		x.PeriodFrom = time.Time{}
	}
	if q.PeriodTo.IsZero() {
		x.PeriodTo = time.Time{}
	}
}

// CreateCheckRound opens a round as a draft (the office; 403 otherwise; 422 naming each field).
// Audited as checkround.create.
func (s *Service) CreateCheckRound(ctx context.Context, a domain.Actor, q CheckRoundEdit) (*domain.CheckRound, error) {
	x := new(domain.CheckRound)
	q.Apply(x)
	x.CreatedBy = a.UserID
	if err := checkRoundType.create(ctx, s.db, a, 0, x, nil); err != nil {
		return nil, err
	}
	return x, nil
}

// UpdateCheckRound edits a draft round (the office): a round already drawn is a 409, as is a
// stale version; 422 naming each field. Audited as checkround.update.
func (s *Service) UpdateCheckRound(ctx context.Context, a domain.Actor, id int64, q CheckRoundEdit) (*domain.CheckRound, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.CheckRound, error) {
		return checkRoundType.change(ctx, tx, a, id, q.Version, checkRoundType.may(a, authz.CheckRoundWrite), func(x, _ *domain.CheckRound) (string, string, error) {
			if x.Status != domain.RoundDraft {
				return "", "", domain.Errorf(domain.EConflict, "err.checkround.not_draft")
			}
			q.Apply(x)
			if err := x.Validate(); err != nil {
				return "", "", err
			}
			return "update", "", nil
		})
	})
}

// dayBounds is the instants the district's calendar days from..to start and end at.
func dayBounds(from, to time.Time) (time.Time, time.Time) {
	start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, i18n.Zone)
	end := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, i18n.Zone).AddDate(0, 0, 1)
	return start, end
}

// roundCandidates lists the projects that reached the round's stage in its period, each marked
// Key when the round includes it outright.
func roundCandidates(ctx context.Context, r store.Reader, x *domain.CheckRound) ([]domain.RoundCandidate, []*domain.Project, error) {
	from, to := dayBounds(x.PeriodFrom, x.PeriodTo)
	ps, err := r.RoundCandidates(ctx, x.Stage, from, to)
	if err != nil {
		return nil, nil, err
	}
	out := make([]domain.RoundCandidate, len(ps))
	for i, p := range ps {
		out[i] = domain.RoundCandidate{ProjectID: p.ID, Name: p.Name, UnitID: p.UnitID, UnitName: p.UnitName, StageAt: p.StageAt,
			Key: x.IncludeKey && p.IsKey()}
	}
	return out, ps, nil
}

// RoundCandidates lists a round's candidates: as they are now for a draft (the office), as
// they were when drawn afterwards (whoever sees the round).
func (s *Service) RoundCandidates(ctx context.Context, a domain.Actor, x *domain.CheckRound) ([]domain.RoundCandidate, error) {
	if err := authz.Can(a, authz.CheckRoundRead, roundRes(x)); err != nil {
		return nil, err
	}
	if x.Status != domain.RoundDraft {
		return x.Candidates, nil
	}
	if err := authz.Can(a, authz.CheckRoundWrite, roundRes(x)); err != nil {
		return nil, err
	}
	cs, _, err := roundCandidates(ctx, s.db.Read(), x)
	return cs, err
}

// RoundStep is a step on a round with the version the office read.
type RoundStep struct {
	Version int64 `json:"version"`
}

// inspectorPool reads the possible inspectors of a round's kinds (before recusal).
func inspectorPool(ctx context.Context, r store.Reader, x *domain.CheckRound) ([]domain.Inspector, error) {
	var roles []domain.Role
	if x.PoolOffice {
		roles = append(roles, domain.RoleOffice)
	}
	if x.PoolSupervisors {
		roles = append(roles, domain.RoleSupervisor)
	}
	return r.InspectorUnits(ctx, roles, x.PoolExperts)
}

// DrawCheckRound draws a draft round (the office), in one transaction: the key projects
// included outright (when the round says so), a verifiable draw of the rest — the round's
// sample, at least one — and for each project checked a verifiable draw of InspectorsPer
// inspectors from the round's pool with the inspected unit recused. No candidate is a 422
// (err.checkround.no_candidates), as is a pool too small for a check (inspectors_per, naming
// the project); a stale version or a round not in draft a 409. Every draw is kept and audited
// (draw.create), the checks too (spotcheck.create), the round as checkround.draw; the
// inspectors and the checked units are told.
func (s *Service) DrawCheckRound(ctx context.Context, a domain.Actor, roundID int64, st RoundStep) (*domain.CheckRound, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.CheckRound, error) {
		var checks []*domain.SpotCheck
		x, err := checkRoundType.changeThen(ctx, tx, a, roundID, st.Version, checkRoundType.may(a, authz.CheckRoundWrite), func(x, _ *domain.CheckRound) (string, string, error) {
			cands, ps, err := roundCandidates(ctx, tx.Reader, x)
			if err != nil {
				return "", "", err
			}
			next, err := domain.CheckRoundFlow.Next(x.Status, domain.RoundDraw, unitActors(a, 0), "", domain.RoundCheck{Candidates: len(cands)})
			if err != nil {
				return "", "", err
			}
			byID := map[int64]*domain.Project{}
			var checked []int64
			var rest []domain.DrawCandidate
			for i, c := range cands {
				byID[c.ProjectID] = ps[i]
				if c.Key {
					checked = append(checked, c.ProjectID)
				} else {
					rest = append(rest, domain.DrawCandidate{Key: strconv.FormatInt(c.ProjectID, 10), Name: c.Name, UnitID: c.UnitID})
				}
			}
			if len(rest) > 0 {
				d := &domain.Draw{Purpose: domain.DrawSpotCheckProjects, SubjectKind: domain.DrawSubjectCheckRound, SubjectID: x.ID,
					Count: x.Sample(len(rest))}
				if err := drawType.admit(a, 0, d); err != nil {
					return "", "", err
				}
				if err := drawAgain(ctx, tx, d); err != nil {
					return "", "", err
				}
				if err := s.drawFrom(ctx, tx, a, d, rest); err != nil {
					return "", "", err
				}
				x.ProjectDrawID = d.ID
				for _, k := range d.Result {
					pid, _ := strconv.ParseInt(k, 10, 64)
					checked = append(checked, pid)
				}
			}
			for i := range cands {
				cands[i].Checked = slices.Contains(checked, cands[i].ProjectID)
			}
			pool, err := inspectorPool(ctx, tx.Reader, x)
			if err != nil {
				return "", "", err
			}
			for _, pid := range checked {
				p := byID[pid]
				recused, err := tx.SupervisorAccounts(ctx, pid)
				if err != nil {
					return "", "", err
				}
				eligible := domain.RecusedPool(pool, p.UnitID, recused)
				if len(eligible) < x.InspectorsPer {
					return "", "", domain.Invalid("inspectors_per", "err.checkround.pool_small", p.Name, len(eligible), x.InspectorsPer)
				}
				c := &domain.SpotCheck{RoundID: x.ID, ProjectID: pid, ProjectName: p.Name, UnitID: p.UnitID, UnitName: p.UnitName,
					Stage: x.Stage, Key: x.IncludeKey && p.IsKey(), Status: domain.CheckPending,
					Inspectors: []domain.CheckInspector{}, Outcomes: []domain.CheckOutcome{}}
				if err := tx.InsertSpotCheck(ctx, c); err != nil {
					return "", "", err
				}
				d := &domain.Draw{Purpose: domain.DrawSpotCheckInspectors, SubjectKind: domain.DrawSubjectSpotCheck, SubjectID: c.ID,
					ExcludeUnitID: p.UnitID, Count: x.InspectorsPer}
				if err := drawType.admit(a, 0, d); err != nil {
					return "", "", err
				}
				if err := s.drawFrom(ctx, tx, a, d, eligible); err != nil {
					return "", "", err
				}
				c.InspectorDrawID = d.ID
				for _, k := range d.Result {
					uid, _ := strconv.ParseInt(k, 10, 64)
					c.Inspectors = append(c.Inspectors, domain.CheckInspector{UserID: uid, Name: d.Name(k)})
				}
				if err := tx.SetInspectors(ctx, c); err != nil {
					return "", "", err
				}
				if err := record(ctx, tx, a, event{action: "spotcheck.create", entityType: "spotcheck", entityID: id(c.ID),
					changes: audit.Diff(nil, c, nil)}); err != nil {
					return "", "", err
				}
				checks = append(checks, c)
			}
			x.Status, x.Candidates, x.DrawnAt = next, cands, tx.Now()
			return string(domain.RoundDraw), "", nil
		}, nil)
		if err != nil {
			return nil, err
		}
		for _, c := range checks {
			if err := s.notify(ctx, tx, c.InspectorIDs(), "spot_check_assigned", "spotcheck", c.ID, spotCheckLink(c), c.UnitName, c.ProjectName, "stage."+string(c.Stage)); err != nil {
				return nil, err
			}
			if err := s.NotifyUnits(ctx, tx, "spot_check_drawn", "spotcheck", c.ID, roundLink(c.RoundID), []string{c.ProjectName, "stage." + string(c.Stage)}, c.UnitID); err != nil {
				return nil, err
			}
		}
		return x, nil
	})
}

// PublishCheckRound publishes a drawn round (the office) once every check is recorded (409
// naming how many are pending otherwise; a stale version or another status a 409): from then
// every logged-in user reads it (一公开). Audited as checkround.publish; every unit is told.
func (s *Service) PublishCheckRound(ctx context.Context, a domain.Actor, id int64, st RoundStep) (*domain.CheckRound, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.CheckRound, error) {
		x, err := checkRoundType.change(ctx, tx, a, id, st.Version, checkRoundType.may(a, authz.CheckRoundWrite), func(x, _ *domain.CheckRound) (string, string, error) {
			pending, err := tx.SpotChecks(ctx, store.SpotCheckFilter{RoundID: x.ID, Status: domain.CheckPending})
			if err != nil {
				return "", "", err
			}
			next, err := domain.CheckRoundFlow.Next(x.Status, domain.RoundPublish, unitActors(a, 0), "", domain.RoundCheck{Pending: len(pending)})
			if err != nil {
				return "", "", err
			}
			x.Status, x.PublishedAt, x.PublishedBy, x.PublisherName = next, tx.Now(), a.UserID, a.Name
			return string(domain.RoundPublish), "", nil
		})
		if err != nil {
			return nil, err
		}
		return x, s.NotifyUnits(ctx, tx, "check_round_published", "checkround", x.ID, roundLink(x.ID), []string{x.Title, "stage." + string(x.Stage)})
	})
}

// SpotChecks lists the checks of a round the actor may see, in the order drawn.
func (s *Service) SpotChecks(ctx context.Context, a domain.Actor, x *domain.CheckRound) ([]*domain.SpotCheck, error) {
	if err := authz.Can(a, authz.CheckRoundRead, roundRes(x)); err != nil {
		return nil, err
	}
	return s.db.Read().SpotChecks(ctx, store.SpotCheckFilter{RoundID: x.ID})
}

// SpotCheckFilter narrows the list of checks.
type SpotCheckFilter = store.SpotCheckFilter

// MySpotChecks lists the checks the actor was drawn to inspect, newest first (我的抽查).
func (s *Service) MySpotChecks(ctx context.Context, a domain.Actor, f SpotCheckFilter) (Page[*domain.SpotCheck], error) {
	if a.UserID == 0 {
		return Page[*domain.SpotCheck]{}, domain.Errorf(domain.EUnauthorized, "err.unauthorized")
	}
	n := f.Limit
	f.Limit, f.Inspector, f.RoundID = plusOne(n), a.UserID, 0
	rs, err := s.db.Read().SpotChecks(ctx, f)
	if err != nil {
		return Page[*domain.SpotCheck]{}, err
	}
	return paginate(rs, n, func(c *domain.SpotCheck) int64 { return c.ID }), nil
}

// SpotCheck returns one check the actor may see: the office, its inspectors, everyone once its
// round is published (404 otherwise).
func (s *Service) SpotCheck(ctx context.Context, a domain.Actor, id int64) (*domain.SpotCheck, error) {
	return spotCheckType.get(ctx, s.db.Read(), a, id)
}

// CanRecordCheck reports whether the actor may record the check's outcome now (for the form).
func (s *Service) CanRecordCheck(ctx context.Context, a domain.Actor, c *domain.SpotCheck) bool {
	if c.RoundPublished || authz.Can(a, authz.SpotCheckRecord, spotCheckRes(c)) != nil {
		return false
	}
	x, err := s.db.Read().CheckRound(ctx, c.RoundID)
	return err == nil && x.Status == domain.RoundDrawn
}

// CheckRequirements is the task book's requirements a check is recorded against.
func (s *Service) CheckRequirements(ctx context.Context, a domain.Actor, c *domain.SpotCheck) ([]domain.TaskRequirement, error) {
	if err := authz.Can(a, authz.CheckRoundRead, spotCheckRes(c)); err != nil {
		return nil, err
	}
	tb, err := s.db.Read().ProjectTaskBook(ctx, c.ProjectID)
	if err != nil {
		return nil, err
	}
	return tb.Requirements, nil
}

// CheckMaterials is what the checked unit submitted at the round's stage (nil: nothing), for
// whoever sees the check.
func (s *Service) CheckMaterials(ctx context.Context, a domain.Actor, c *domain.SpotCheck) (*domain.StageMaterials, error) {
	if err := authz.Can(a, authz.CheckRoundRead, spotCheckRes(c)); err != nil {
		return nil, err
	}
	m, err := s.db.Read().StageMaterials(ctx, c.ProjectID, c.Stage)
	if domain.ErrorCode(err) == domain.ENotFound {
		return nil, nil
	}
	return m, err
}

// SpotCheckRecordIn is the outcome of a check as recorded: the version read, an outcome per
// requirement of the task book, a summary.
type SpotCheckRecordIn struct {
	Version  int64                 `json:"version"`
	Outcomes []domain.CheckOutcome `json:"outcomes"`
	Summary  string                `json:"summary"`
}

// RecordSpotCheck records a check's outcome: by one of its drawn inspectors or the office (an
// inspector of another check, or anyone else, 404; before publication the check is theirs
// alone); the round must be drawn, not yet published (409), the version current (409); an
// outcome for every requirement of the task book, none for another clause, a comment for each
// one not responded (422 naming each). Any result other than responded fails the check, which
// rectifyFromCheck hands on to a rectification notice. Recording again (before publication)
// replaces the outcome. Audited as spotcheck.record; the unit and the office are told.
func (s *Service) RecordSpotCheck(ctx context.Context, a domain.Actor, checkID int64, in SpotCheckRecordIn) (*domain.SpotCheck, error) {
	return inTx(ctx, s, func(tx *store.Tx) (*domain.SpotCheck, error) {
		c, err := spotCheckType.changeThen(ctx, tx, a, checkID, in.Version, spotCheckType.may(a, authz.SpotCheckRecord), func(c, _ *domain.SpotCheck) (string, string, error) {
			x, err := tx.CheckRound(ctx, c.RoundID)
			if err != nil {
				return "", "", err
			}
			if x.Status != domain.RoundDrawn {
				return "", "", domain.Errorf(domain.EConflict, "err.spotcheck.closed")
			}
			if c.RectificationID != 0 { // its notice is issued (rectifyFromCheck): the finding stands
				return "", "", domain.Errorf(domain.EConflict, "err.spotcheck.rectifying")
			}
			tb, err := tx.ProjectTaskBook(ctx, c.ProjectID)
			if err != nil {
				return "", "", err
			}
			c.Outcomes, c.Summary = slices.Clone(in.Outcomes), in.Summary
			if err := c.Record(tb.Requirements); err != nil {
				return "", "", err
			}
			c.RecordedAt, c.RecordedBy, c.RecorderName = tx.Now(), a.UserID, a.Name
			return "record", "", nil
		}, func(c, _ *domain.SpotCheck) error {
			if c.Status != domain.CheckFailed {
				return nil
			}
			return s.rectifyFromCheck(ctx, tx, a, c)
		})
		if err != nil {
			return nil, err
		}
		err = s.notifyUnitsAndOffice(ctx, tx, []int64{c.UnitID}, true, "spot_check_recorded", "spotcheck", c.ID, spotCheckLink(c),
			c.ProjectName, "stage."+string(c.Stage), "checkstatus."+string(c.Status))
		return c, err
	})
}

// RoundDraws lists the draws of a round — the project draw, then each check's inspector draw —
// for whoever sees the round (一公开 once published): the draws are the office's records
// otherwise, shown here because the round is.
func (s *Service) RoundDraws(ctx context.Context, a domain.Actor, x *domain.CheckRound, checks []*domain.SpotCheck) ([]*domain.Draw, error) {
	if err := authz.Can(a, authz.CheckRoundRead, roundRes(x)); err != nil {
		return nil, err
	}
	r := s.db.Read()
	var out []*domain.Draw
	ids := []int64{x.ProjectDrawID}
	for _, c := range checks {
		ids = append(ids, c.InspectorDrawID)
	}
	for _, did := range ids {
		if did == 0 {
			continue
		}
		d, err := r.Draw(ctx, did)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// RoundDraw returns one draw of a round with its recomputation, for whoever sees the round: a
// draw of another subject is not found.
func (s *Service) RoundDraw(ctx context.Context, a domain.Actor, roundID, drawID int64) (*domain.Draw, *DrawCheck, error) {
	x, err := s.CheckRound(ctx, a, roundID)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.db.Read().Draw(ctx, drawID)
	if err != nil {
		return nil, nil, err
	}
	mine := d.SubjectKind == domain.DrawSubjectCheckRound && d.SubjectID == x.ID
	if !mine && d.SubjectKind == domain.DrawSubjectSpotCheck {
		c, err := s.db.Read().SpotCheck(ctx, d.SubjectID)
		mine = err == nil && c.RoundID == x.ID
	}
	if !mine {
		return nil, nil, domain.NotFound()
	}
	return d, CheckDraw(d), nil
}

// spotCheckFilesFrozen refuses adding and removing a check's evidence unless its round is drawn
// and not yet published (409).
func spotCheckFilesFrozen(ctx context.Context, r store.Reader, checkID int64) error {
	c, err := r.SpotCheck(ctx, checkID)
	if err != nil {
		return err
	}
	x, err := r.CheckRound(ctx, c.RoundID)
	if err != nil {
		return err
	}
	if x.Status != domain.RoundDrawn {
		return domain.Errorf(domain.EConflict, "err.spotcheck.closed")
	}
	return nil
}

// RoundReport is a round as its page and the API show it (一公开 once published): its inputs,
// its candidates, its checks with their outcomes, and its draws each with its recomputation.
type RoundReport struct {
	Round      *domain.CheckRound      `json:"round"`
	Candidates []domain.RoundCandidate `json:"candidates"`
	Checks     []*domain.SpotCheck     `json:"checks"`
	Draws      []RoundDrawCheck        `json:"draws"` // the project draw first, then each check's inspector draw
	// Notices are the rectification notices the failed checks opened, by check id (一公开: the
	// round shows their number, status and deadline to whoever reads it; the notice itself stays
	// its unit's and the office's).
	Notices map[int64]*CheckNotice `json:"notices"`
}

// CheckNotice is what a round makes public of a failed check's rectification notice.
type CheckNotice struct {
	ID        int64             `json:"id"`
	DocNumber string            `json:"doc_number"`
	Status    domain.RectStatus `json:"status"`
	Deadline  time.Time         `json:"deadline"`
}

// RoundDrawCheck is a draw of a round and its recomputation (CheckDraw).
type RoundDrawCheck struct {
	Draw   *domain.Draw `json:"draw"`
	Verify *DrawCheck   `json:"verify"`
}

// RoundReport reads the round id with everything its page shows, for whoever sees it.
func (s *Service) RoundReport(ctx context.Context, a domain.Actor, roundID int64) (*RoundReport, error) {
	x, err := s.CheckRound(ctx, a, roundID)
	if err != nil {
		return nil, err
	}
	rep := &RoundReport{Round: x, Draws: []RoundDrawCheck{}}
	if rep.Candidates, err = s.RoundCandidates(ctx, a, x); domain.ErrorCode(err) == domain.EForbidden {
		rep.Candidates, err = []domain.RoundCandidate{}, nil // a draft's live candidates are the office's
	}
	if err != nil {
		return nil, err
	}
	if rep.Checks, err = s.SpotChecks(ctx, a, x); err != nil {
		return nil, err
	}
	if rep.Checks == nil {
		rep.Checks = []*domain.SpotCheck{}
	}
	ds, err := s.RoundDraws(ctx, a, x, rep.Checks)
	if err != nil {
		return nil, err
	}
	for _, d := range ds {
		rep.Draws = append(rep.Draws, RoundDrawCheck{Draw: d, Verify: CheckDraw(d)})
	}
	// The failed checks' notices, read at once (a round may check hundreds of projects).
	rep.Notices = map[int64]*CheckNotice{}
	var ids []int64
	byNotice := map[int64]int64{} // notice → check
	for _, c := range rep.Checks {
		if c.RectificationID != 0 {
			ids, byNotice[c.RectificationID] = append(ids, c.RectificationID), c.ID
		}
	}
	if len(ids) == 0 {
		return rep, nil
	}
	ns, err := s.db.Read().Rectifications(ctx, authz.Scope{All: true}, store.RectificationFilter{IDs: ids})
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		rep.Notices[byNotice[n.ID]] = noticeOf(n)
	}
	return rep, nil
}

func noticeOf(n *domain.Rectification) *CheckNotice {
	return &CheckNotice{ID: n.ID, DocNumber: n.DocNumber, Status: n.Status, Deadline: n.Deadline}
}

// CheckNoticeOf is what the check c, which the actor reads, makes public of its rectification
// notice; nil when it opened none.
func (s *Service) CheckNoticeOf(ctx context.Context, a domain.Actor, c *domain.SpotCheck) (*CheckNotice, error) {
	if err := authz.Can(a, authz.CheckRoundRead, spotCheckRes(c)); err != nil {
		return nil, err
	}
	return s.checkNotice(ctx, c)
}

func (s *Service) checkNotice(ctx context.Context, c *domain.SpotCheck) (*CheckNotice, error) {
	if c.RectificationID == 0 {
		return nil, nil
	}
	n, err := s.db.Read().Rectification(ctx, c.RectificationID)
	if err != nil {
		return nil, err
	}
	return noticeOf(n), nil
}
