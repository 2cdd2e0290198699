package store

import (
	"context"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
)

var media = newTable("media account", "media_accounts", "m", ` LEFT JOIN units n ON n.id = m.unit_id`, func(m *domain.MediaAccount) []column {
	return versioned(&m.ID, &m.Version, &m.CreatedAt, &m.UpdatedAt, c("kind", text(&m.Kind)), c("name", &m.Name),
		c("account_id", &m.AccountID), c("unit_id", &m.UnitID), join("COALESCE(n.name, '')", &m.UnitName), c("topic", &m.Topic),
		c("decision", text(&m.Decision)), c("merge_into_id", ref(&m.MergeInto)), c("decision_note", &m.DecisionNote),
		c("status", text(&m.Status)), c("done_date", date(&m.DoneDate)), c("system_id", ref(&m.SystemID)))
}).onUnique(func(m *domain.MediaAccount, _ error) error {
	return domain.Invalid("account_id", "err.media.account_taken", m.AccountID)
})

// MediaAccount loads one new-media account; domain.NotFound when there is none.
func (r Reader) MediaAccount(ctx context.Context, id int64) (*domain.MediaAccount, error) {
	return media.get(ctx, r, `m.id = ?`, id)
}

// MediaFilter narrows the new-media list.
type MediaFilter struct {
	Query    string // name, account ID or topic contains
	UnitID   int64
	Kind     domain.MediaKind
	Status   domain.MediaStatus
	Decision domain.MediaDecision
	SystemID int64 // the information system the accounts serve
	Sort     SiteSort
	After    int64
	Limit    int
}

func (r Reader) mediaWhere(scope authz.Scope, f MediaFilter) *filter {
	w := r.where(`1 = 1`)
	w.scope(scope, "m.unit_id")
	w.contains(strings.TrimSpace(f.Query), "m.name", "m.account_id", "m.topic")
	eq(w, "m.unit_id", f.UnitID)
	eq(w, "m.kind", string(f.Kind))
	eq(w, "m.status", string(f.Status))
	eq(w, "m.decision", string(f.Decision))
	eq(w, "m.system_id", f.SystemID)
	return w
}

// MediaAccounts lists the accounts within scope (from authz.ReadScope) matching f.
func (r Reader) MediaAccounts(ctx context.Context, scope authz.Scope, f MediaFilter) ([]*domain.MediaAccount, error) {
	return siteList(ctx, r, "media accounts", media, "m", "media_accounts", scope, r.mediaWhere(scope, f), f.Sort, f.After, f.Limit)
}

// CountMediaAccounts counts the accounts within scope matching f (After, Limit, Sort ignored).
func (r Reader) CountMediaAccounts(ctx context.Context, scope authz.Scope, f MediaFilter) (int, error) {
	return r.countWhere(ctx, "media accounts", "media_accounts m", r.mediaWhere(scope, f))
}

// InsertMediaAccount stores a new account.
func (tx *Tx) InsertMediaAccount(ctx context.Context, m *domain.MediaAccount) error {
	return media.insert(ctx, tx, m)
}

// UpdateMediaAccount saves m if its version is still m.Version (a stale one is a conflict).
func (tx *Tx) UpdateMediaAccount(ctx context.Context, m *domain.MediaAccount) error {
	return media.update(ctx, tx, m, "")
}

// MediaKey is an account's natural key: kind and account ID.
type MediaKey struct {
	Kind      domain.MediaKind
	AccountID string
}

// MediaAccountsByKeys loads the accounts with the given natural keys, whatever their unit.
func (r Reader) MediaAccountsByKeys(ctx context.Context, keys []MediaKey) (map[MediaKey]*domain.MediaAccount, error) {
	out := make(map[MediaKey]*domain.MediaAccount, len(keys))
	err := chunks(keys, 400, func(part []MediaKey) error {
		conds := make([]string, len(part))
		var args []any
		for i, k := range part {
			conds[i] = `(m.kind = ? AND m.account_id = ?)`
			args = append(args, string(k.Kind), k.AccountID)
		}
		return r.eachRow(ctx, "media accounts by key", func(s rowScanner) error {
			m, err := media.scanner(r.db)(s)
			if err == nil {
				out[MediaKey{m.Kind, m.AccountID}] = m
			}
			return err
		}, media.selectFrom()+` WHERE `+strings.Join(conds, ` OR `), args...)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MediaMergeTargets maps every account with a merge target to it (to look for cycles).
func (r Reader) MediaMergeTargets(ctx context.Context) (map[int64]int64, error) {
	return r.siteMergeTargets(ctx, `SELECT id, merge_into_id FROM media_accounts WHERE merge_into_id IS NOT NULL`)
}

// CountLiveMediaOfSystem counts the accounts of unitID serving the system that are still live
// (see domain.MediaAccount.Live: not merged away or closed).
func (r Reader) CountLiveMediaOfSystem(ctx context.Context, systemID, unitID int64) (int, error) {
	return r.count(ctx, "live media accounts of system", `SELECT count(*) FROM media_accounts WHERE system_id = ? AND unit_id = ? AND NOT (status = ? AND decision IN (?, ?))`,
		systemID, unitID, string(domain.MediaDone), string(domain.DecideMerge), string(domain.DecideClose))
}
