package app

import (
	"context"
	"encoding/json"
	"reflect"
	"time"

	"archgov/internal/audit"
	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/i18n"
	"archgov/internal/rules"
	"archgov/internal/store"
)

// The use cases every register shares, written once: list and count in the actor's scope, read
// one record (404 when hidden), create and audit, and change a record — load it in the
// transaction, authorize, check the version the client saw (409), decide, save and audit.
// A register's file says only what is its own: the checks of its links and its special rules.

// recordType says how a register's records are read, authorized, saved and audited.
type recordType[T any] struct {
	entity string       // the audit entity type, and the prefix of the audit actions
	kind   authz.Kind   // the permission kind of the list
	read   authz.Action // who may see a record
	res    func(*T) authz.Resource
	load   func(store.Reader, context.Context, int64) (*T, error)
	insert func(*store.Tx, context.Context, *T) error
	update func(*store.Tx, context.Context, *T) error
	key    func(*T) (id, version int64)

	// For create: who may create a unit's records, what a new record starts as (the fields
	// the server keeps, cleared) and its validation.
	creates authz.Action
	fresh   func(*T)
	valid   func(*T) error

	// For the audit trail: what it records of a record (nil: all of it), the fields it keeps
	// masked (audit.Diff), and where a step's note stands beside the fields ("note" when "").
	shown   func(*T) *T
	mask    map[string]func(string) string
	noteKey string

	// The governance rules' subject kind of the records (internal/rules; "" for none): a save
	// re-evaluates the record's rules and updates its findings in the same transaction (rules.go).
	// affected names the records whose findings the save may change beside the record itself
	// (nil: the record alone).
	subject  rules.Kind
	affected func(context.Context, store.Reader, *T) ([]int64, error)
}

// refreshFindings brings the findings of the records a save of x touches up to date in tx.
func (k recordType[T]) refreshFindings(ctx context.Context, tx *store.Tx, x *T) error {
	if k.subject == "" {
		return nil
	}
	ids, err := k.touched(ctx, tx.Reader, x)
	if err != nil {
		return err
	}
	if len(ids) == 0 { // nothing of the kind concerned (never "every record": that is the sweep)
		return nil
	}
	return refresh(ctx, tx, k.subject, ids...)
}

// touched are the records whose findings a save of x may change: x, or those affected names.
func (k recordType[T]) touched(ctx context.Context, r store.Reader, x *T) ([]int64, error) {
	if k.affected != nil {
		return k.affected(ctx, r, x)
	}
	return []int64{k.id(x)}, nil
}

func (k recordType[T]) id(x *T) int64 { n, _ := k.key(x); return n }

func (k recordType[T]) view(x *T) *T {
	if k.shown == nil {
		return x
	}
	return k.shown(x)
}

// inScope authorizes reading records of kind at all and gives read the actor's scope: a list
// or count can only ever see the records of its units (authz.ReadScope).
func inScope[R any](a domain.Actor, act authz.Action, kind authz.Kind, read func(authz.Scope) (R, error)) (R, error) {
	if err := authz.Can(a, act, authz.Resource{Kind: kind}); err != nil {
		var zero R
		return zero, err
	}
	return read(authz.ReadScope(a, kind))
}

// list is one page of the records read gives in the actor's scope; *limit is the filter's page
// size, which read is asked for one more than (paginate).
func (k recordType[T]) list(a domain.Actor, limit *int, read func(authz.Scope) ([]*T, error)) (Page[*T], error) {
	n := *limit
	*limit = plusOne(n)
	rs, err := inScope(a, k.read, k.kind, read)
	if err != nil {
		return Page[*T]{}, err
	}
	return paginate(rs, n, k.id), nil
}

// count counts what read counts in the actor's scope (for to-do lists).
func (k recordType[T]) count(a domain.Actor, read func(authz.Scope) (int, error)) (int, error) {
	return inScope(a, k.read, k.kind, read)
}

// get reads one record the actor may see; one it may not answers as one that does not exist.
func (k recordType[T]) get(ctx context.Context, r store.Reader, a domain.Actor, recID int64) (*T, error) {
	x, err := k.load(r, ctx, recID)
	if err == nil {
		err = authz.Can(a, k.read, k.res(x))
	}
	if err != nil {
		return nil, err
	}
	return x, nil
}

// resource loads a record as the authz resource it is (an attachment's owner).
func (k recordType[T]) resource(ctx context.Context, r store.Reader, recID int64) (authz.Resource, error) {
	x, err := k.load(r, ctx, recID)
	if err != nil {
		return authz.Resource{}, err
	}
	return k.res(x), nil
}

// namer gives what name says of the record with an id (an export's cell for a link): the
// records of list are known, another is read as the actor, once; 0, a record the actor may
// not see or none at all gives "" (the export leaves a hidden link unnamed, the import keeps it).
func (k recordType[T]) namer(ctx context.Context, r store.Reader, a domain.Actor, list []*T, name func(*T) string) func(recID int64) string {
	names := map[int64]string{0: ""}
	for _, x := range list {
		names[k.id(x)] = name(x)
	}
	return func(recID int64) string {
		n, ok := names[recID]
		if !ok {
			if x, err := k.get(ctx, r, a, recID); err == nil {
				n = name(x)
			}
			names[recID] = n
		}
		return n
	}
}

// add inserts a new record and audits its creation (action entity.create, every field).
func (k recordType[T]) add(ctx context.Context, tx *store.Tx, a domain.Actor, x *T) error {
	if err := k.insert(tx, ctx, x); err != nil {
		return err
	}
	if err := k.refreshFindings(ctx, tx, x); err != nil {
		return err
	}
	return record(ctx, tx, a, event{action: k.entity + ".create", entityType: k.entity, entityID: id(k.id(x)), changes: audit.Diff(nil, k.view(x), k.mask)})
}

// admit readies a new record of a unit for its insert: the actor must be allowed to create the
// kind's records there (403), the record starts fresh, then rules (a register's own, in order)
// and its validation must pass (422).
func (k recordType[T]) admit(a domain.Actor, unitID int64, x *T, rules ...func(*T) error) error {
	if err := authz.Can(a, k.creates, authz.Resource{Kind: k.kind, UnitID: unitID}); err != nil {
		return err
	}
	k.fresh(x)
	for _, rule := range append(rules, k.valid) {
		if err := rule(x); err != nil {
			return err
		}
	}
	return nil
}

// create registers a new record of a unit: admit it, then check, the links, inside the
// transaction (nil for none); then it is inserted and audited.
func (k recordType[T]) create(ctx context.Context, db *store.DB, a domain.Actor, unitID int64, x *T, check func(*store.Tx) error) error {
	if err := k.admit(a, unitID, x); err != nil {
		return err
	}
	return db.InTx(ctx, func(tx *store.Tx) error {
		if check != nil {
			if err := check(tx); err != nil {
				return err
			}
		}
		return k.add(ctx, tx, a, x)
	})
}

// may checks, in order, that the actor may do each of acts on the record.
func (k recordType[T]) may(a domain.Actor, acts ...authz.Action) func(*T) error {
	return func(x *T) error {
		for _, act := range acts {
			if err := authz.Can(a, act, k.res(x)); err != nil {
				return err
			}
		}
		return nil
	}
}

// open loads a record inside tx for a command: allow authorizes it (nil when the caller did
// before), and the client must have seen its current version (409).
func (k recordType[T]) open(ctx context.Context, tx *store.Tx, recID, version int64, allow func(*T) error) (*T, error) {
	x, err := k.load(tx.Reader, ctx, recID)
	if err == nil && allow != nil {
		err = allow(x)
	}
	if err != nil {
		return nil, err
	}
	if _, v := k.key(x); v != version {
		return nil, domain.Conflict()
	}
	return x, nil
}

// change is one command on a saved record inside tx: open it, then decide: fn edits x (before
// is the record as loaded) and names the audit action after the entity's prefix ("update", a
// workflow action) and a note to record beside the fields ("" for none). The record is saved
// and audited in tx; an action "" saves and audits nothing (nothing changed).
func (k recordType[T]) change(ctx context.Context, tx *store.Tx, a domain.Actor, recID, version int64, allow func(*T) error,
	fn func(x, before *T) (action, note string, err error)) (*T, error) {
	return k.changeThen(ctx, tx, a, recID, version, allow, fn, nil)
}

// changeThen is change with then run after the record is saved and before its audit record is
// written: a step that moves other rows too (a cloud approval allocates from its pool) takes
// their locks after the record's own (its version) and before the audit log's head, the order
// every other writer of those rows takes them in, so that concurrent writers cannot deadlock
// (PostgreSQL 40P01, TestCloudShrinkRacesApprovals).
func (k recordType[T]) changeThen(ctx context.Context, tx *store.Tx, a domain.Actor, recID, version int64, allow func(*T) error,
	fn func(x, before *T) (action, note string, err error), then func(x, before *T) error) (*T, error) {
	x, err := k.open(ctx, tx, recID, version, allow)
	if err != nil {
		return nil, err
	}
	before := *x
	action, note, err := fn(x, &before)
	if err != nil {
		return nil, err
	}
	if action == "" {
		return x, nil
	}
	if err := k.update(tx, ctx, x); err != nil {
		return nil, err
	}
	if then != nil {
		if err := then(x, &before); err != nil {
			return nil, err
		}
	}
	if err := k.refreshFindings(ctx, tx, x); err != nil {
		return nil, err
	}
	return x, k.audit(ctx, tx, a, action, &before, x, note)
}

// audit records a change of x: the fields changed and the step's note beside them.
func (k recordType[T]) audit(ctx context.Context, tx *store.Tx, a domain.Actor, action string, before, x *T, note string) error {
	var after any = k.view(x)
	if note != "" {
		fields := map[string]any{}
		j, _ := json.Marshal(after)
		_ = json.Unmarshal(j, &fields) // as audit.Diff reads x
		key := k.noteKey
		if key == "" {
			key = "note"
		}
		fields[key] = note
		after = fields
	}
	changes := audit.Diff(k.view(before), after, k.mask)
	return record(ctx, tx, a, event{action: k.entity + "." + action, entityType: k.entity, entityID: id(k.id(x)), changes: changes})
}

// inTx runs fn in one transaction and returns what it returns (nil when it fails).
func inTx[T any](ctx context.Context, s *Service, fn func(tx *store.Tx) (*T, error)) (*T, error) {
	var out *T
	err := s.db.InTx(ctx, func(tx *store.Tx) (err error) {
		out, err = fn(tx)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// permitted keeps the workflow actions whose permission (perm of the action) the actor has on
// res: what the table allows and authz.Can allows, the buttons a page shows.
func permitted[A any](a domain.Actor, res authz.Resource, acts []A, perm func(A) authz.Action) []A {
	var out []A
	for _, act := range acts {
		if authz.Can(a, perm(act), res) == nil {
			out = append(out, act)
		}
	}
	return out
}

// exchangeSides says on which sides of an exchange between two units the actor acts (for the
// workflows of feedback and sharing): a side is its unit's 责任人 or 联系人; the operator at the
// command line acts on both.
func exchangeSides[W any](a domain.Actor, unit1 int64, side1 W, unit2 int64, side2 W) []W {
	if a.System {
		return []W{side1, side2}
	}
	var who []W
	for _, s := range []struct {
		unit int64
		side W
	}{{unit1, side1}, {unit2, side2}} {
		if a.HasFor(domain.RoleUnitHead, s.unit) || a.HasFor(domain.RoleUnitContact, s.unit) {
			who = append(who, s.side)
		}
	}
	return who
}

// mayOpen checks that the actor may open an exchange of kind (act) as unit unitID, the form's
// field: which unit opens it must be said (422, not a refusal) unless the operator at the
// command line does, and the actor must act for that unit (403).
func mayOpen(a domain.Actor, kind authz.Kind, act authz.Action, field string, unitID int64) error {
	if unitID == 0 && !a.System {
		return domain.Invalid(field, "err.required")
	}
	return authz.Can(a, act, authz.Exchange(kind, 0, 0, unitID))
}

// activeUnit is the unit a record names, refused on field when it does not exist or is closed.
func activeUnit(ctx context.Context, tx *store.Tx, field string, unitID int64) (*domain.Unit, error) {
	unit, err := tx.Unit(ctx, unitID)
	if err != nil || !unit.Active {
		return nil, domain.Invalid(field, "err.unit.missing")
	}
	return unit, nil
}

// unitFor checks a record's unit when it is new or moves: the actor must be allowed to create
// the kind's records there (else notYours on unit_id), and the unit must be active.
func unitFor(ctx context.Context, tx *store.Tx, a domain.Actor, create authz.Action, kind authz.Kind, unitID int64, notYours string) (*domain.Unit, error) {
	if err := authz.Can(a, create, authz.Resource{Kind: kind, UnitID: unitID}); err != nil {
		return nil, domain.Invalid("unit_id", notYours)
	}
	return activeUnit(ctx, tx, "unit_id", unitID)
}

// dayOf is the calendar day of t in the district (17:30 UTC is already tomorrow there), as
// midnight UTC, the form dates are kept in.
func dayOf(t time.Time) time.Time { return domain.Day(t.In(i18n.Zone)) }

// today is the date in the district's time zone.
func today(tx *store.Tx) time.Time { return dayOf(tx.Now()) }

// patch copies each field an edit sets (a non-nil pointer) onto the record's field of the same
// name: an Edit type's Apply. A field the record lacks is a programming error (it panics, and
// TestEditsApplyEveryField finds it).
func patch[T any](x *T, edit any) {
	dst, e := reflect.ValueOf(x).Elem(), reflect.ValueOf(edit)
	for i := range e.NumField() {
		f := e.Field(i)
		if name := e.Type().Field(i).Name; f.Kind() == reflect.Pointer && !f.IsNil() {
			to := dst.FieldByName(name)
			if !to.IsValid() {
				panic("app: patch: no field " + name + " in " + dst.Type().String())
			}
			to.Set(f.Elem())
		}
	}
}
