package app_test

// Hardening (issue 13) low 12: the two PostgreSQL races left open when the registries were
// built. A cloud approval and a reclassification of its system, and a cloud request drafted
// while its system moves to another unit, are ordered by the system's row (store.LockSystem):
// on PostgreSQL (READ COMMITTED) they race for real; SQLite's single writer orders them anyway.

import (
	"fmt"
	"strconv"
	"sync"
	"testing"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// auditID is the id of the newest audit record of action on the entity (0 when none).
func (e *env) auditID(entityType string, entityID int64, action string) int64 {
	e.t.Helper()
	rs, err := e.db.Read().AuditRecords(e.ctx, store.AuditFilter{EntityType: entityType, EntityID: strconv.FormatInt(entityID, 10), Action: action, Limit: 1})
	if err != nil {
		e.t.Fatal(err)
	}
	if len(rs) == 0 {
		return 0
	}
	return rs[0].ID
}

// TestCloudApprovalRacesReclassification: the office approves a request while the unit
// reclassifies its system 涉密. When both succeed, the approval must come first (it was
// decided on the system as it then was); an approval that read the system before the
// reclassification committed and wrote after it allocated cloud resources for a 涉密 system.
func TestCloudApprovalRacesReclassification(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health := e.unit(codeHealth)
		p := e.cloudPool("并发定密测试池", domain.CloudResources{VCPU: 1000, MemoryGiB: 1000, StorageGiB: 50000, BandwidthMbps: 1000, PublicIPs: 100})
		const rounds = 16
		approved, classified, both := 0, 0, 0
		for round := range rounds {
			sys := e.addSystem("weijian", registrySystem(health.ID, fmt.Sprintf("XC-WJ-RA%02d", round), "并发定密系统"))
			r := e.addCloudReq("weijian", cloudReq(health.ID, sys.ID, p.ID, cloudSmallAsk))
			e.cloudMustStep("weijian", r.ID, domain.CloudSubmit, nil, "")
			reqVersion, sysVersion := e.storedCloudReq(r.ID).Version, e.stored(sys.ID).Version
			start := make(chan struct{})
			var wg sync.WaitGroup
			var approveErr, classifyErr error
			wg.Add(2)
			go func() {
				defer wg.Done()
				<-start
				_, approveErr = e.svc.TransitionCloudRequest(e.ctx, e.actor("office"), r.ID, app.CloudStep{Version: reqVersion, Action: domain.CloudApprove})
			}()
			go func() {
				defer wg.Done()
				<-start
				_, classifyErr = e.svc.UpdateSystem(e.ctx, e.actor("weijian"), sys.ID, classifyEdit(sysVersion))
			}()
			close(start)
			wg.Wait()
			switch domain.ErrorCode(approveErr) {
			case "":
				approved++
			case domain.EConflict: // the reclassification committed first
			case domain.EUnprocessable:
				if domain.AsError(approveErr).Message != "err.cloud.approve_classified" {
					t.Fatalf("round %d approve: %v", round, approveErr)
				}
			default:
				t.Fatalf("round %d approve: %v", round, approveErr)
			}
			if classifyErr != nil {
				t.Fatalf("round %d reclassify: %v", round, classifyErr)
			}
			classified++
			got := e.storedCloudReq(r.ID)
			if approveErr != nil {
				if got.Status != domain.CloudSubmitted || !got.Granted.IsZero() {
					t.Fatalf("round %d: refused approval changed the request: %+v", round, got)
				}
				continue
			}
			both++
			a, c := e.auditID("cloudrequest", r.ID, "cloudrequest.approve"), e.auditID("system", sys.ID, "system.update")
			if a == 0 || c == 0 || a > c {
				t.Fatalf("round %d: approval (audit %d) committed after the reclassification (audit %d) it did not see: resources allocated for a 涉密 system", round, a, c)
			}
		}
		e.wantCloudBooks()
		t.Logf("%d rounds: %d approved, %d reclassified, %d both (approval first)", rounds, approved, classified, both)
	})
}

// TestCloudDraftRacesSystemMove: the unit drafts a request for its system while the office
// moves the system to another unit. Whatever order they land in, no open request of a unit
// refers to another unit's system afterwards.
func TestCloudDraftRacesSystemMove(t *testing.T) {
	t.Parallel()
	eachDemo(t, func(t *testing.T, e *env) {
		health, edu := e.unit(codeHealth), e.unit(codeEdu)
		p := e.cloudPool("并发迁移测试池", domain.CloudResources{VCPU: 1000, MemoryGiB: 1000, StorageGiB: 50000, BandwidthMbps: 1000, PublicIPs: 100})
		const rounds, drafters = 16, 3
		moved, drafted := 0, 0
		for round := range rounds {
			sys := e.addSystem("weijian", registrySystem(health.ID, fmt.Sprintf("XC-WJ-RM%02d", round), "并发迁移系统"))
			version := e.stored(sys.ID).Version
			start := make(chan struct{})
			var wg sync.WaitGroup
			var moveErr error
			reqs := make([]*domain.CloudRequest, drafters)
			errs := make([]error, drafters)
			for i := range drafters {
				wg.Add(1)
				go func() {
					defer wg.Done()
					reqs[i] = cloudReq(health.ID, sys.ID, p.ID, cloudSmallAsk)
					<-start
					errs[i] = e.svc.CreateCloudRequest(e.ctx, e.actor("weijian"), reqs[i])
				}()
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, moveErr = e.svc.UpdateSystem(e.ctx, e.actor("office"), sys.ID, app.SystemEdit{Version: version, UnitID: &edu.ID})
			}()
			close(start)
			wg.Wait()
			for i, err := range errs {
				switch domain.ErrorCode(err) {
				case "":
					drafted++
				case domain.EConflict: // the move committed first, or another draft held the row
				case domain.EInvalid:
					if domain.AsError(err).Message != "err.cloud.system_not_of_unit" {
						t.Fatalf("round %d draft %d: %v", round, i, err)
					}
				default:
					t.Fatalf("round %d draft %d: %v", round, i, err)
				}
			}
			switch domain.ErrorCode(moveErr) {
			case "":
				moved++
			case domain.EInvalid:
				if domain.AsError(moveErr).Message != "err.system.move_referenced" {
					t.Fatalf("round %d move: %v", round, moveErr)
				}
			default:
				t.Fatalf("round %d move: %v", round, moveErr)
			}
			now := e.stored(sys.ID)
			for i, r := range reqs {
				if errs[i] != nil {
					continue
				}
				if got := e.storedCloudReq(r.ID); got.UnitID != now.UnitID {
					t.Fatalf("round %d: open request %d of unit %d refers to system %s, now of unit %d", round, got.ID, got.UnitID, now.Code, now.UnitID)
				}
			}
		}
		t.Logf("%d rounds: %d moved, %d drafts", rounds, moved, drafted)
	})
}
