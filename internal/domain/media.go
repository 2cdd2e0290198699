package domain

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// MediaAccount is one government new-media account of a unit (PTL-P1, PTL-R4): a WeChat
// service, subscription or enterprise account, a mini program, a mobile app, a Weibo or Douyin
// account. PTL-R4 asks that they be consolidated per department and domain: each account gets
// a decision — keep it, merge it into another account, or close it — and the decision is then
// carried out.
type MediaAccount struct {
	ID        int64     `json:"id"`
	Kind      MediaKind `json:"kind"`
	Name      string    `json:"name"`
	AccountID string    `json:"account_id"` // 原始ID / AppID / 抖音号 ...; unique per kind
	UnitID    int64     `json:"unit_id"`
	UnitName  string    `json:"unit_name,omitempty"`
	Topic     string    `json:"topic"`               // 领域, e.g. 教育, 卫生健康
	SystemID  int64     `json:"system_id,omitempty"` // the information system it serves (same unit)
	// The consolidation decision (PTL-R4) and where it stands; changed only by steps.
	Decision     MediaDecision `json:"decision"`
	MergeInto    int64         `json:"merge_into_id,omitempty"` // for DecideMerge: the account it is merged into
	DecisionNote string        `json:"decision_note"`
	Status       MediaStatus   `json:"status"`
	DoneDate     time.Time     `json:"done_date,omitzero"`
	Version      int64         `json:"version"`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
}

// MediaKind is the kind of account.
type MediaKind string

// MediaDecision is the consolidation decision: keep, merge, close ("" while undecided).
type MediaDecision string

// MediaStatus is where the decision stands.
type MediaStatus string

const (
	MediaWechatService      MediaKind = "wechat_service"      // 微信服务号
	MediaWechatSubscription MediaKind = "wechat_subscription" // 微信订阅号
	MediaWechatEnterprise   MediaKind = "wechat_enterprise"   // 企业微信/企业号
	MediaMiniProgram        MediaKind = "mini_program"        // 小程序
	MediaApp                MediaKind = "app"                 // 移动App
	MediaWeibo              MediaKind = "weibo"               // 微博
	MediaDouyin             MediaKind = "douyin"              // 抖音
	MediaOther              MediaKind = "other"               // 其他

	DecideKeep  MediaDecision = "keep"  // 保留
	DecideMerge MediaDecision = "merge" // 整合并入
	DecideClose MediaDecision = "close" // 关停

	MediaUndecided MediaStatus = "undecided" // 待定
	MediaProposed  MediaStatus = "proposed"  // 单位已提出意见
	MediaDecided   MediaStatus = "decided"   // 信息办已决定
	MediaDone      MediaStatus = "done"      // 已落实
)

// The enumerations in display order.
var (
	MediaKinds     = []MediaKind{MediaWechatService, MediaWechatSubscription, MediaWechatEnterprise, MediaMiniProgram, MediaApp, MediaWeibo, MediaDouyin, MediaOther}
	MediaDecisions = []MediaDecision{DecideKeep, DecideMerge, DecideClose}
	MediaStatuses  = []MediaStatus{MediaUndecided, MediaProposed, MediaDecided, MediaDone}
)

// Family groups kinds an account may be merged across: the three WeChat account kinds are one
// platform (followers move between them); every other kind is its own family, except 其他,
// which may merge into anything (PTL-R4 consolidates per department and domain, not per app).
func (k MediaKind) Family() string {
	switch k {
	case MediaWechatService, MediaWechatSubscription, MediaWechatEnterprise:
		return "wechat"
	}
	return string(k)
}

// CanMergeInto reports whether an account of kind k may be merged into one of kind target.
func (k MediaKind) CanMergeInto(target MediaKind) bool {
	return k == MediaOther || k.Family() == target.Family()
}

// accountIDRe: letters, digits and _ . @ : - (gh_3a5c7e9b1d2f, wx8f2a..., com.szxc.app, 6012345678).
var accountIDRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.@:-]{1,63}$`)

// Normalize trims what people paste.
func (m *MediaAccount) Normalize() {
	trimSpace(&m.Name, &m.AccountID, &m.Topic, &m.DecisionNote)
	m.AccountID = strings.ReplaceAll(siteHalfWidth(m.AccountID), " ", "")
}

// Validate checks an account's own fields; the use case checks the unit and merge target.
func (m *MediaAccount) Validate() error {
	m.Normalize()
	var errs Problems
	errs.Check(m.Kind == "", "kind", "err.required")
	errs.Check(!slices.Contains(MediaKinds, m.Kind), "kind", "err.enum")
	errs.Check(m.Name == "" || utf8.RuneCountInString(m.Name) > 100, "name", "err.required_len", 100)
	errs.Check(m.AccountID == "", "account_id", "err.required")
	errs.Check(!accountIDRe.MatchString(m.AccountID), "account_id", "err.media.account_id")
	errs.Check(m.UnitID == 0, "unit_id", "err.required")
	errs.Check(utf8.RuneCountInString(m.Topic) > 50, "topic", "err.too_long", 50)
	errs.Check(m.Decision != "" && !slices.Contains(MediaDecisions, m.Decision), "decision", "err.enum")
	errs.Check(!slices.Contains(MediaStatuses, m.Status), "status", "err.enum")
	errs.Check((m.Status == MediaUndecided) != (m.Decision == ""), "decision", "err.required")
	errs.Check(m.Decision == DecideMerge && m.MergeInto == 0, "merge_into_id", "err.media.merge_target")
	errs.Check(m.Decision != DecideMerge && m.MergeInto != 0, "merge_into_id", "err.media.merge_target")
	errs.Check(m.MergeInto != 0 && m.MergeInto == m.ID, "merge_into_id", "err.media.merge_self")
	errs.Check(utf8.RuneCountInString(m.DecisionNote) > 500, "decision_note", "err.too_long", 500)
	return errs.Err()
}

// MediaAction is a step of the consolidation decision (PTL-R4).
type MediaAction string

const (
	MediaPropose  MediaAction = "propose"  // the unit proposes a decision
	MediaDecide   MediaAction = "decide"   // the office decides (its own, or the unit's proposal, or another)
	MediaReject   MediaAction = "reject"   // the office sends a proposal back: undecided again
	MediaReopen   MediaAction = "reopen"   // the office withdraws a decision not yet carried out
	MediaComplete MediaAction = "complete" // the decision is carried out (kept as is, merged, closed)
)

// MediaActions in display order.
var MediaActions = MediaFlow.Actions()

// MediaFlow is the consolidation workflow (PTL-R4). The unit knows its accounts and proposes;
// the info office, which consolidates across departments and domains, decides — accepting the
// proposal or deciding otherwise — and may decide without a proposal. A decision binds: once
// decided only the office can reopen it, and the unit (or the office) reports it carried out.
// The guards read the decision a step carries.
var MediaFlow = &Workflow[MediaStatus, MediaAction, SystemActor, MediaDecision]{
	Name: "media", Title: "nav.newmedia", Clauses: []string{"PTL-R4"}, States: MediaStatuses,
	Conflict: "err.media.transition", StateKey: "mstatus.", ActionKey: "maction.",
	Steps: []Transition[MediaStatus, MediaAction, SystemActor, MediaDecision]{
		{Action: MediaPropose, From: []MediaStatus{MediaUndecided, MediaProposed}, To: MediaProposed, By: unitOnly, Guard: decided, Rule: decidedRule},
		{Action: MediaDecide, From: []MediaStatus{MediaUndecided, MediaProposed}, To: MediaDecided, By: officeOnly, Guard: decided, Rule: decidedRule},
		{Action: MediaReject, From: []MediaStatus{MediaProposed}, To: MediaUndecided, By: officeOnly},
		{Action: MediaReopen, From: []MediaStatus{MediaDecided}, To: MediaUndecided, By: officeOnly},
		{Action: MediaComplete, From: []MediaStatus{MediaDecided}, To: MediaDone, By: unitOrOffice},
	},
}

// Live reports whether the account still runs: not yet merged away or closed (a kept account,
// or one whose merge or closing is not carried out yet, still serves its system).
func (m *MediaAccount) Live() bool {
	return m.Status != MediaDone || m.Decision == DecideKeep
}

// decided is the guard of the steps that carry a decision: they need one.
func decided(d MediaDecision, _ string) error {
	if d == "" {
		return Invalid("decision", "err.required")
	}
	return nil
}

const decidedRule = "a decision: keep, merge (with the account to merge into) or close"

// StepCarriesDecision reports whether the step sets a decision (and a merge target for a merge).
func StepCarriesDecision(act MediaAction) bool { return act == MediaPropose || act == MediaDecide }
