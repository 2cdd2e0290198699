package domain_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"archgov/internal/domain"
)

func goodCloudRequest() *domain.CloudRequest {
	return &domain.CloudRequest{UnitID: 7, SystemID: 3, PoolID: 1,
		Requested:     domain.CloudResources{VCPU: 16, MemoryGiB: 64, StorageGiB: 1024, BandwidthMbps: 100, PublicIPs: 1},
		Justification: " 系统上云部署 ", PeriodStart: day(2026, 12, 1), PeriodEnd: day(2029, 11, 30), Status: domain.CloudDraft}
}

func TestCloudRequestValidate(t *testing.T) {
	r := goodCloudRequest()
	if err := r.Validate(); err != nil || r.Justification != "系统上云部署" {
		t.Fatalf("good request: %v (%q)", err, r.Justification)
	}
	for _, c := range []struct {
		name  string
		edit  func(r *domain.CloudRequest)
		field string
		key   string
	}{
		{"no unit", func(r *domain.CloudRequest) { r.UnitID = 0 }, "unit_id", "err.required"},
		{"no system", func(r *domain.CloudRequest) { r.SystemID = 0 }, "system_id", "err.required"},
		{"no pool", func(r *domain.CloudRequest) { r.PoolID = 0 }, "pool_id", "err.required"},
		{"nothing", func(r *domain.CloudRequest) { r.Requested = domain.CloudResources{} }, "vcpu", "err.cloud.nothing_requested"},
		{"negative", func(r *domain.CloudRequest) { r.Requested.StorageGiB = -1 }, "storage_gib", "err.cloud.quantity"},
		{"too big", func(r *domain.CloudRequest) { r.Requested.PublicIPs = domain.MaxCloudQuantity + 1 }, "public_ips", "err.cloud.quantity"},
		{"no justification", func(r *domain.CloudRequest) { r.Justification = " \t" }, "justification", "err.required"},
		{"long justification", func(r *domain.CloudRequest) { r.Justification = strings.Repeat("理", 1001) }, "justification", "err.too_long"},
		{"no start", func(r *domain.CloudRequest) { r.PeriodStart = time.Time{} }, "period_start", "err.required"},
		{"end = start", func(r *domain.CloudRequest) { r.PeriodEnd = r.PeriodStart }, "period_end", "err.cloud.period"},
		{"end before start", func(r *domain.CloudRequest) { r.PeriodEnd = day(2020, 1, 1) }, "period_end", "err.cloud.period"},
		{"no end", func(r *domain.CloudRequest) { r.PeriodEnd = time.Time{} }, "period_end", "err.required"},
		{"bad status", func(r *domain.CloudRequest) { r.Status = "approved-ish" }, "status", "err.enum"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := goodCloudRequest()
			c.edit(r)
			err := r.Validate()
			e := domain.AsError(err)
			if e == nil || e.Code != domain.EInvalid || e.Field != c.field || e.Message != c.key {
				t.Fatalf("%v, want %s on %s", err, c.key, c.field)
			}
		})
	}
}

func TestCloudPoolValidate(t *testing.T) {
	p := &domain.CloudPool{Name: " 政务外网区资源池 ", Capacity: domain.CloudResources{VCPU: 100, MemoryGiB: 200}, Allocated: domain.CloudResources{VCPU: 100, MemoryGiB: 150}}
	if err := p.Validate(); err != nil || p.Name != "政务外网区资源池" {
		t.Fatalf("good pool: %v", err)
	}
	p.Capacity.MemoryGiB = 149
	e := domain.AsError(p.Validate())
	if e == nil || e.Field != "memory_gib" || e.Message != "err.cloud.below_allocated" || e.Args[0] != int64(150) {
		t.Fatalf("capacity below allocation: %v", e)
	}
	if f := p.Free(); f.MemoryGiB != -1 || f.VCPU != 0 {
		t.Fatalf("free %+v", f)
	}
	for _, bad := range []domain.CloudPool{{Name: ""}, {Name: strings.Repeat("池", 101)}, {Name: "x", Description: strings.Repeat("述", 501)},
		{Name: "x", Capacity: domain.CloudResources{BandwidthMbps: -5}}} {
		if err := bad.Validate(); domain.ErrorCode(err) != domain.EInvalid {
			t.Fatalf("%+v: %v", bad, err)
		}
	}
}

func TestCloudShortage(t *testing.T) {
	free := domain.CloudResources{VCPU: 10, MemoryGiB: 32, StorageGiB: 100, BandwidthMbps: 10, PublicIPs: 0}
	if d, short := domain.Shortage(domain.CloudResources{VCPU: 10, MemoryGiB: 32}, free); short {
		t.Fatalf("exactly the free amount is short in %s", d)
	}
	if d, short := domain.Shortage(domain.CloudResources{VCPU: 4, MemoryGiB: 64, PublicIPs: 1}, free); !short || d != domain.DimMemory {
		t.Fatalf("shortage %s %v, want memory first", d, short)
	}
	a := domain.CloudResources{VCPU: 1, MemoryGiB: 2, StorageGiB: 3, BandwidthMbps: 4, PublicIPs: 5}
	if a.Plus(a).Minus(a) != a || !a.Fits(a.Plus(a)) || a.Plus(a).Fits(a) {
		t.Fatal("arithmetic")
	}
	if fmt.Sprint(a.Values()) != "[1 2 3 4 5]" {
		t.Fatalf("values %v", a.Values())
	}
}

// TestCloudTransitionTable checks every (state, action, actor) against the table in words.
func TestCloudTransitionTable(t *testing.T) {
	type key struct {
		from domain.CloudRequestStatus
		act  domain.CloudAction
	}
	legal := map[key]struct {
		to domain.CloudRequestStatus
		by []domain.SystemActor
	}{
		{domain.CloudDraft, domain.CloudSubmit}:              {domain.CloudSubmitted, []domain.SystemActor{domain.ByUnit}},
		{domain.CloudDraft, domain.CloudWithdraw}:            {domain.CloudWithdrawn, []domain.SystemActor{domain.ByUnit}},
		{domain.CloudSubmitted, domain.CloudWithdraw}:        {domain.CloudWithdrawn, []domain.SystemActor{domain.ByUnit}},
		{domain.CloudSubmitted, domain.CloudApprove}:         {domain.CloudApproved, []domain.SystemActor{domain.ByOffice}},
		{domain.CloudSubmitted, domain.CloudReject}:          {domain.CloudRejected, []domain.SystemActor{domain.ByOffice}},
		{domain.CloudSubmitted, domain.CloudReturn}:          {domain.CloudDraft, []domain.SystemActor{domain.ByOffice}},
		{domain.CloudApproved, domain.CloudRelease}:          {domain.CloudReleased, []domain.SystemActor{domain.ByUnit, domain.ByOffice}},
		{domain.CloudPartiallyApproved, domain.CloudRelease}: {domain.CloudReleased, []domain.SystemActor{domain.ByUnit, domain.ByOffice}},
	}
	actors := []domain.SystemActor{domain.ByUnit, domain.ByOffice}
	for _, from := range domain.CloudRequestStatuses {
		for _, act := range domain.CloudActions {
			want, ok := legal[key{from, act}]
			for _, who := range actors {
				r := &domain.CloudRequest{Status: from}
				got, err := domain.CloudFlow.Next(r.Status, act, []domain.SystemActor{who}, "", nil)
				allowed := ok && containsActor(want.by, who)
				switch {
				case allowed && (err != nil || got != want.to):
					t.Errorf("%s --%s--> by %s: %v %v, want %s", from, act, who, got, err, want.to)
				case !ok && domain.ErrorCode(err) != domain.EConflict:
					t.Errorf("%s --%s--> by %s: %v, want conflict", from, act, who, err)
				case ok && !allowed && domain.ErrorCode(err) != domain.EForbidden:
					t.Errorf("%s --%s--> by %s: %v, want forbidden", from, act, who, err)
				}
			}
		}
	}
	if _, err := domain.CloudFlow.Next(domain.CloudDraft, "explode", actors, "", nil); domain.ErrorCode(err) != domain.EInvalid {
		t.Errorf("unknown action: %v", err)
	}
	// Terminal states offer nothing.
	for _, s := range []domain.CloudRequestStatus{domain.CloudRejected, domain.CloudReleased, domain.CloudWithdrawn} {
		if steps := domain.CloudFlow.Available(s, actors, nil); len(steps) != 0 {
			t.Errorf("%s offers %v", s, steps)
		}
	}
}

func containsActor(as []domain.SystemActor, a domain.SystemActor) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

func TestDecideCloud(t *testing.T) {
	r := goodCloudRequest()
	r.Status = domain.CloudSubmitted
	all := r.Requested
	less := all
	less.MemoryGiB = 32
	more := all
	more.PublicIPs = 2
	for _, c := range []struct {
		act     domain.CloudAction
		granted domain.CloudResources
		note    string
		want    domain.CloudRequestStatus
		field   string
	}{
		{domain.CloudApprove, all, "", domain.CloudApproved, ""},
		{domain.CloudApprove, all, "同意", domain.CloudApproved, ""},
		{domain.CloudApprove, less, "按负载核减", domain.CloudPartiallyApproved, ""},
		{domain.CloudApprove, less, "  ", "", "note"},
		{domain.CloudApprove, more, "多给", "", "granted_public_ips"},
		{domain.CloudApprove, domain.CloudResources{}, "全不给", "", "granted_vcpu"},
		{domain.CloudApprove, domain.CloudResources{VCPU: -1}, "负数", "", "granted_vcpu"},
		{domain.CloudReject, domain.CloudResources{}, "应复用现有资源", domain.CloudRejected, ""},
		{domain.CloudReject, domain.CloudResources{}, "", "", "note"},
		{domain.CloudReturn, domain.CloudResources{}, "请补充材料", domain.CloudDraft, ""},
		{domain.CloudReturn, domain.CloudResources{}, "", "", "note"},
		{domain.CloudApprove, all, strings.Repeat("长", 1001), "", "note"},
	} {
		got, err := domain.DecideCloud(r, c.act, c.granted, c.note)
		if c.field != "" {
			if e := domain.AsError(err); e == nil || e.Code != domain.EInvalid || e.Field != c.field {
				t.Errorf("%s %+v %q: %v, want an error on %s", c.act, c.granted, c.note, err, c.field)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s %+v %q: %s %v, want %s", c.act, c.granted, c.note, got, err, c.want)
		}
	}
}

func TestCloudEligible(t *testing.T) {
	for _, c := range []struct {
		class  domain.Classification
		status domain.SystemStatus
		key    string
	}{
		{domain.Unclassified, domain.StatusRunning, ""},
		{domain.Unclassified, domain.StatusIdle, ""},
		{domain.Unclassified, domain.StatusSuperseded, ""},
		{domain.Classified, domain.StatusRunning, "err.cloud.system_classified"},
		{domain.Unclassified, domain.StatusCleanupFiled, "err.cloud.system_retired"},
		{domain.Unclassified, domain.StatusCleanupAccepted, "err.cloud.system_retired"},
		{domain.Unclassified, domain.StatusOffline, "err.cloud.system_retired"},
	} {
		err := domain.CloudEligible(&domain.System{Classification: c.class, Status: c.status})
		if e := domain.AsError(err); (c.key == "" && err != nil) || (c.key != "" && (e == nil || e.Message != c.key || e.Field != "system_id")) {
			t.Errorf("%s %s: %v, want %q", c.class, c.status, err, c.key)
		}
	}
}
