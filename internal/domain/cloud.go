package domain

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// CloudDim is one dimension of government-cloud capacity (ENV-R1). Every quantity is a whole
// number in the dimension's unit: cores, GiB of memory, GiB of storage (shown in TiB when it
// is a whole number of TiB), Mbps of bandwidth, public IP addresses. Whole numbers keep the
// allocation arithmetic exact in SQL on both backends.
type CloudDim string

const (
	DimVCPU      CloudDim = "vcpu"
	DimMemory    CloudDim = "memory_gib"
	DimStorage   CloudDim = "storage_gib"
	DimBandwidth CloudDim = "bandwidth_mbps"
	DimPublicIPs CloudDim = "public_ips"
)

// CloudDims lists the dimensions in display order.
var CloudDims = []CloudDim{DimVCPU, DimMemory, DimStorage, DimBandwidth, DimPublicIPs}

// MaxCloudQuantity bounds every quantity, so sums of thousands of requests stay far from
// overflowing and a typo of a few extra digits is caught.
const MaxCloudQuantity = 100_000_000

// CloudResources is an amount of capacity in every dimension: a pool's capacity or its
// allocation, a request's quantities or what was granted.
type CloudResources struct {
	VCPU          int64 `json:"vcpu"`
	MemoryGiB     int64 `json:"memory_gib"`
	StorageGiB    int64 `json:"storage_gib"`
	BandwidthMbps int64 `json:"bandwidth_mbps"`
	PublicIPs     int64 `json:"public_ips"`
}

// Get returns the quantity of one dimension.
func (c CloudResources) Get(d CloudDim) int64 {
	switch d {
	case DimVCPU:
		return c.VCPU
	case DimMemory:
		return c.MemoryGiB
	case DimStorage:
		return c.StorageGiB
	case DimBandwidth:
		return c.BandwidthMbps
	case DimPublicIPs:
		return c.PublicIPs
	}
	return 0
}

// Ptr returns the field of one dimension, for forms and scanning.
func (c *CloudResources) Ptr(d CloudDim) *int64 {
	switch d {
	case DimVCPU:
		return &c.VCPU
	case DimMemory:
		return &c.MemoryGiB
	case DimStorage:
		return &c.StorageGiB
	case DimBandwidth:
		return &c.BandwidthMbps
	case DimPublicIPs:
		return &c.PublicIPs
	}
	return nil
}

// Values lists the quantities in CloudDims order.
func (c CloudResources) Values() []int64 {
	out := make([]int64, len(CloudDims))
	for i, d := range CloudDims {
		out[i] = c.Get(d)
	}
	return out
}

// Plus and Minus add and subtract dimension by dimension.
func (c CloudResources) Plus(o CloudResources) CloudResources {
	for _, d := range CloudDims {
		*c.Ptr(d) += o.Get(d)
	}
	return c
}

func (c CloudResources) Minus(o CloudResources) CloudResources {
	for _, d := range CloudDims {
		*c.Ptr(d) -= o.Get(d)
	}
	return c
}

// IsZero reports whether nothing is asked for in any dimension.
func (c CloudResources) IsZero() bool { return c == CloudResources{} }

// Fits reports whether c is at most o in every dimension.
func (c CloudResources) Fits(o CloudResources) bool {
	for _, d := range CloudDims {
		if c.Get(d) > o.Get(d) {
			return false
		}
	}
	return true
}

// check validates quantities: whole, non-negative, bounded. prefix goes before the dimension
// in the field name ("" or "granted_").
func (c CloudResources) check(prefix string) error {
	var errs Problems
	for _, d := range CloudDims {
		v := c.Get(d)
		errs.Check(v < 0 || v > MaxCloudQuantity, prefix+string(d), "err.cloud.quantity", MaxCloudQuantity)
	}
	return errs.Err()
}

// Shortage names the first dimension in which want does not fit into free: that dimension and
// true, or "" and false when it fits.
func Shortage(want, free CloudResources) (CloudDim, bool) {
	for _, d := range CloudDims {
		if want.Get(d) > free.Get(d) {
			return d, true
		}
	}
	return "", false
}

// CloudPool is a government-cloud capacity pool (ENV-R1), kept by the info office and readable
// by every government user. Allocated is the sum of what approved requests were granted; it
// changes only through approval and release, never by editing the pool.
type CloudPool struct {
	ID          int64          `json:"id"`
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Capacity    CloudResources `json:"capacity"`
	Allocated   CloudResources `json:"allocated"`
	Version     int64          `json:"version"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
}

// Free is what the pool can still grant.
func (p *CloudPool) Free() CloudResources { return p.Capacity.Minus(p.Allocated) }

// Normalize trims what people paste into forms.
func (p *CloudPool) Normalize() {
	trimSpace(&p.Name, &p.Description)
}

// Validate checks a pool's own fields; capacity can never be lowered below what is allocated.
func (p *CloudPool) Validate() error {
	p.Normalize()
	var errs Problems
	errs.Check(p.Name == "" || utf8.RuneCountInString(p.Name) > 100, "name", "err.required_len", 100)
	errs.Check(utf8.RuneCountInString(p.Description) > 500, "description", "err.too_long", 500)
	errs.Add(p.Capacity.check(""))
	for _, d := range CloudDims {
		errs.Check(p.Capacity.Get(d) < p.Allocated.Get(d), string(d), "err.cloud.below_allocated", p.Allocated.Get(d), "cloudunit."+string(d))
	}
	return errs.Err()
}

// CloudEligible says whether a system may be given government-cloud resources: a classified
// (涉密) system is never deployed on the government cloud, and a system filed for cleanup or
// taken offline (BLD-R5) gets nothing new. A system under construction (在建, registered by an
// approved project, FLOW-2) may: its project's cloud resources are requested for it.
func CloudEligible(s *System) error {
	switch {
	case s.Classification == Classified:
		return Invalid("system_id", "err.cloud.system_classified")
	case s.Status == StatusCleanupFiled || s.Status == StatusCleanupAccepted || s.Status == StatusOffline:
		return Invalid("system_id", "err.cloud.system_retired", "status."+string(s.Status))
	}
	return nil
}

// CloudRequestStatus is a state of a cloud resource request.
type CloudRequestStatus string

const (
	CloudDraft             CloudRequestStatus = "draft"
	CloudSubmitted         CloudRequestStatus = "submitted"
	CloudApproved          CloudRequestStatus = "approved"
	CloudPartiallyApproved CloudRequestStatus = "partially_approved"
	CloudRejected          CloudRequestStatus = "rejected"
	CloudReleased          CloudRequestStatus = "released"
	CloudWithdrawn         CloudRequestStatus = "withdrawn"
)

// CloudRequestStatuses lists the states in display order.
var CloudRequestStatuses = []CloudRequestStatus{CloudDraft, CloudSubmitted, CloudApproved, CloudPartiallyApproved, CloudRejected, CloudReleased, CloudWithdrawn}

// Holds reports whether a request in this state holds capacity of its pool.
func (s CloudRequestStatus) Holds() bool { return s == CloudApproved || s == CloudPartiallyApproved }

// CloudRequest is a unit's request for government-cloud resources for one of its systems
// (ENV-R1: compute, storage and network are requested from the info office and deployed on the
// cloud instead of in a machine room). ProjectID is the approved project whose needed cloud
// resources it requests (filed by the approval, FLOW-2); 0 for a request the unit filed itself.
type CloudRequest struct {
	ID            int64              `json:"id"`
	UnitID        int64              `json:"unit_id"`
	UnitName      string             `json:"unit_name,omitempty"`
	SystemID      int64              `json:"system_id"`
	SystemName    string             `json:"system_name,omitempty"`
	ProjectID     int64              `json:"project_id,omitempty"`
	PoolID        int64              `json:"pool_id"`
	PoolName      string             `json:"pool_name,omitempty"`
	Requested     CloudResources     `json:"requested"`
	Granted       CloudResources     `json:"granted"` // what approval allocated; zero unless approved or released
	Justification string             `json:"justification"`
	PeriodStart   time.Time          `json:"period_start"`
	PeriodEnd     time.Time          `json:"period_end"`
	Status        CloudRequestStatus `json:"status"`
	DecisionNote  string             `json:"decision_note"` // the reason of a partial approval or rejection, the note of a return
	DecidedAt     time.Time          `json:"decided_at,omitzero"`
	Version       int64              `json:"version"`
	CreatedAt     time.Time          `json:"created_at"`
	UpdatedAt     time.Time          `json:"updated_at"`
}

// Normalize trims what people paste into forms.
func (r *CloudRequest) Normalize() {
	r.Justification = strings.TrimSpace(r.Justification)
}

// Validate checks a request's own fields (the app checks that the system belongs to the unit
// and that the pool exists).
func (r *CloudRequest) Validate() error {
	r.Normalize()
	var errs Problems
	errs.Check(r.UnitID == 0, "unit_id", "err.required")
	errs.Check(r.SystemID == 0, "system_id", "err.required")
	errs.Check(r.PoolID == 0, "pool_id", "err.required")
	errs.Add(r.Requested.check(""))
	errs.Check(r.Requested.IsZero(), string(DimVCPU), "err.cloud.nothing_requested")
	errs.Check(r.Justification == "", "justification", "err.required")
	errs.Check(utf8.RuneCountInString(r.Justification) > 1000, "justification", "err.too_long", 1000)
	errs.Check(r.PeriodStart.IsZero(), "period_start", "err.required")
	errs.Check(r.PeriodEnd.IsZero(), "period_end", "err.required")
	errs.Check(!r.PeriodEnd.After(r.PeriodStart), "period_end", "err.cloud.period")
	errs.Check(!slices.Contains(CloudRequestStatuses, r.Status), "status", "err.enum")
	return errs.Err()
}

// CloudAction is a step of a request's lifecycle.
type CloudAction string

const (
	CloudSubmit   CloudAction = "submit"   // the unit submits its draft to the info office
	CloudWithdraw CloudAction = "withdraw" // the unit withdraws a draft or a submitted request
	CloudApprove  CloudAction = "approve"  // the office grants all (approved) or part (partially approved, with reasons)
	CloudReject   CloudAction = "reject"   // the office refuses, with reasons
	CloudReturn   CloudAction = "return"   // the office returns it to draft, with a note
	CloudRelease  CloudAction = "release"  // the unit or the office gives the granted capacity back
)

// CloudActions lists the actions in display order.
var CloudActions = CloudFlow.Actions()

// Decides reports whether the action is the office's decision (authz cloudrequest.decide).
func (a CloudAction) Decides() bool { return a == CloudApprove || a == CloudReject || a == CloudReturn }

// CloudFlow is the request lifecycle (ENV-R1). Approval leads to approved; DecideCloud turns
// it into partially_approved when less was granted, and asks for the reasons.
var CloudFlow = &Workflow[CloudRequestStatus, CloudAction, SystemActor, any]{
	Name: "cloud", Title: "cloud.requests", Clauses: []string{"ENV-R1"}, States: CloudRequestStatuses,
	Conflict: "err.cloud.transition", StateKey: "cloudstatus.", ActionKey: "cloudaction.",
	Steps: []Transition[CloudRequestStatus, CloudAction, SystemActor, any]{
		{Action: CloudSubmit, From: []CloudRequestStatus{CloudDraft}, To: CloudSubmitted, By: unitOnly},
		{Action: CloudApprove, From: []CloudRequestStatus{CloudSubmitted}, To: CloudApproved, Or: []CloudRequestStatus{CloudPartiallyApproved}, By: officeOnly},
		{Action: CloudReturn, From: []CloudRequestStatus{CloudSubmitted}, To: CloudDraft, By: officeOnly},
		{Action: CloudReject, From: []CloudRequestStatus{CloudSubmitted}, To: CloudRejected, By: officeOnly},
		{Action: CloudWithdraw, From: []CloudRequestStatus{CloudDraft, CloudSubmitted}, To: CloudWithdrawn, By: unitOnly},
		{Action: CloudRelease, From: []CloudRequestStatus{CloudApproved, CloudPartiallyApproved}, To: CloudReleased, By: unitOrOffice},
	},
}

// DecideCloud checks the office's decision on a submitted request and returns its outcome: an
// approval granting everything requested is approved; granting less in any dimension is a
// partial approval, which needs its reasons (so does a rejection, and a return needs a note).
// Nothing may be granted beyond what was requested.
func DecideCloud(r *CloudRequest, act CloudAction, granted CloudResources, note string) (CloudRequestStatus, error) {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > 1000 {
		return "", Invalid("note", "err.too_long", 1000)
	}
	switch act {
	case CloudReject, CloudReturn:
		if note == "" {
			return "", Invalid("note", "err.cloud.reason_required")
		}
		if act == CloudReject {
			return CloudRejected, nil
		}
		return CloudDraft, nil
	case CloudApprove:
		if err := granted.check("granted_"); err != nil {
			return "", err
		}
		for _, d := range CloudDims {
			if granted.Get(d) > r.Requested.Get(d) {
				return "", Invalid("granted_"+string(d), "err.cloud.granted_more", r.Requested.Get(d), "cloudunit."+string(d))
			}
		}
		if granted.IsZero() {
			return "", Invalid("granted_"+string(DimVCPU), "err.cloud.granted_nothing")
		}
		if granted == r.Requested {
			return CloudApproved, nil
		}
		if note == "" {
			return "", Invalid("note", "err.cloud.partial_reason")
		}
		return CloudPartiallyApproved, nil
	}
	return "", Invalid("action", "err.enum")
}
