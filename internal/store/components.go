package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"archgov/internal/authz"
	"archgov/internal/domain"
	"archgov/internal/search"
)

// The shared component catalog (组件目录, issue 15): one row a component, its function points
// as JSON in functions (a few each, read and written with it), the systems that use it in
// component_users.
var components = newTable("component", "components", "k", ` LEFT JOIN units n ON n.id = k.unit_id LEFT JOIN systems sy ON sy.id = k.system_id`,
	func(x *domain.Component) []column {
		return versioned(&x.ID, &x.Version, &x.CreatedAt, &x.UpdatedAt, c("name", &x.Name), c("kind", text(&x.Kind)),
			c("unit_id", &x.UnitID), join("COALESCE(n.name, '')", &x.UnitName),
			c("system_id", ref(&x.SystemID)), join("COALESCE(sy.name, '')", &x.SystemName),
			c("summary", &x.Summary), c("functions", textAs(&x.Functions, parseStrings, stringsText)),
			c("standard_id", ref(&x.StandardID)), c("standard", &x.Standard), c("standard_version", &x.StandardVersion), c("standard_url", &x.StandardURL),
			c("access", &x.Access), c("status", text(&x.Status)))
	}).onUnique(func(x *domain.Component, _ error) error {
	return domain.Invalid("name", "err.component.name_taken", x.Name)
}).onLoad(func(x *domain.Component) { x.UserSystemIDs, x.UserSystems = []int64{}, []domain.ComponentUser{} })

func parseStrings(s string) []string {
	out := []string{}
	_ = json.Unmarshal([]byte(s), &out) // written by stringsText only
	return out
}

func stringsText(ss []string) string {
	if ss == nil {
		ss = []string{}
	}
	b, _ := json.Marshal(ss)
	return string(b)
}

// ComponentSorts are the orders of the component list, in display order.
var ComponentSorts = []ListSort{SortID, SortName, SortUpdated}

// ComponentSortKey is the value of x's sort column under o, for the cursor after it.
func ComponentSortKey(o ListSort, x *domain.Component) string { return sortKey(o, x.Name, x.UpdatedAt) }

// Component loads one component with the systems that use it; domain.NotFound when there is none.
func (r Reader) Component(ctx context.Context, id int64) (*domain.Component, error) {
	x, err := components.get(ctx, r, `k.id = ?`, id)
	if err != nil {
		return nil, err
	}
	return x, r.withUsers(ctx, []*domain.Component{x})
}

// ComponentFilter narrows the component list.
type ComponentFilter struct {
	Query    string // every search term in the name, summary or function points (the search index)
	UnitID   int64  // the providing unit
	Kind     domain.ComponentKind
	Status   domain.ComponentStatus
	SystemID int64 // only the components this system uses
	Sort     ListSort
	After    int64
	AfterKey string
	Limit    int
}

// componentWhere builds the WHERE clause of a filtered, scoped component query: drafts are the
// office's (scope.All), the rest every reader's.
func (r Reader) componentWhere(scope authz.Scope, f ComponentFilter) *filter {
	w := r.where(`1 = 1`)
	w.visible(scope, "k.unit_id", `k.status <> ?`, string(domain.CompDraft))
	if terms := search.QueryTerms(f.Query); len(terms) > 0 {
		cond, args := searchFilter("k.id", DocComponent, terms, false)
		w.join(cond, args...)
	} else if f.Query != "" {
		w.contains(strings.TrimSpace(f.Query), "k.name")
	}
	eq(w, "k.unit_id", f.UnitID)
	eq(w, "k.kind", string(f.Kind))
	eq(w, "k.status", string(f.Status))
	w.addIf(f.SystemID != 0, `k.id IN (SELECT component_id FROM component_users WHERE system_id = ?)`, f.SystemID)
	return w
}

// Components lists the components within scope that match f, in order f.Sort, each with the
// systems that use it.
func (r Reader) Components(ctx context.Context, scope authz.Scope, f ComponentFilter) ([]*domain.Component, error) {
	xs, err := components.sorted(ctx, r, "components", "k", r.componentWhere(scope, f), f.Sort, f.AfterKey, f.After, f.Limit)
	if err != nil {
		return nil, err
	}
	return xs, r.withUsers(ctx, xs)
}

// CountComponents counts the components within scope that match f.
func (r Reader) CountComponents(ctx context.Context, scope authz.Scope, f ComponentFilter) (int, error) {
	return r.countWhere(ctx, "components", "components k", r.componentWhere(scope, f))
}

// withUsers reads the systems that use each of xs, in code order.
func (r Reader) withUsers(ctx context.Context, xs []*domain.Component) error {
	if len(xs) == 0 {
		return nil
	}
	byID := map[int64]*domain.Component{}
	ids := make([]int64, len(xs))
	for i, x := range xs {
		byID[x.ID], ids[i] = x, x.ID
	}
	return chunks(ids, 500, func(part []int64) error {
		in, args := inList("cu.component_id", part, nil)
		return r.q.eachRow(ctx, "component users", func(s rowScanner) error {
			var cid int64
			var u domain.ComponentUser
			if err := s.Scan(&cid, &u.ID, &u.Code, &u.Name, &u.UnitID, &u.UnitName); err != nil {
				return err
			}
			x := byID[cid]
			x.UserSystemIDs = append(x.UserSystemIDs, u.ID)
			x.UserSystems = append(x.UserSystems, u)
			return nil
		}, `SELECT cu.component_id, s.id, s.code, s.name, s.unit_id, COALESCE(n.name, '') FROM component_users cu
			JOIN systems s ON s.id = cu.system_id LEFT JOIN units n ON n.id = s.unit_id
			WHERE `+in+` ORDER BY cu.component_id, s.code, s.id`, args...)
	})
}

// InsertComponent stores a new component with its users and indexes it, in tx.
func (tx *Tx) InsertComponent(ctx context.Context, x *domain.Component) error {
	if err := components.insert(ctx, tx, x); err != nil {
		return err
	}
	return tx.componentRest(ctx, x, false)
}

// UpdateComponent saves x if its version is still x.Version (a stale one is a conflict),
// replaces its users and indexes it again.
func (tx *Tx) UpdateComponent(ctx context.Context, x *domain.Component) error {
	if err := components.update(ctx, tx, x, ""); err != nil {
		return err
	}
	return tx.componentRest(ctx, x, true)
}

// componentRest writes what is not the component's row: its users and its index document.
func (tx *Tx) componentRest(ctx context.Context, x *domain.Component, replace bool) error {
	if replace {
		if _, err := tx.exec(ctx, `DELETE FROM component_users WHERE component_id = ?`, x.ID); err != nil {
			return fmt.Errorf("store: component %d users: %w", x.ID, err)
		}
	}
	err := insertRows(ctx, tx, `INSERT INTO component_users (component_id, system_id) VALUES `, x.UserSystemIDs, 200,
		func(_ int, id int64) []any { return []any{x.ID, id} })
	if err != nil {
		return wrap(err, "component %d users", x.ID)
	}
	return tx.indexComponent(ctx, x)
}

// indexComponent indexes a component's name, summary and function points (one a line): public
// while published, which is what the duplicate-construction check and every reader search;
// a draft or retired one under no unit, so that only a search of every unit's documents (the
// office's list, scope All) finds it — not the providing unit's people.
func (tx *Tx) indexComponent(ctx context.Context, x *domain.Component) error {
	public, unitID := x.Status == domain.CompPublished, int64(0)
	if public {
		unitID = x.UnitID
	}
	return tx.IndexDoc(ctx, DocComponent, x.ID, unitID, public, map[string]string{
		search.FieldName: x.Name, search.FieldSummary: x.Summary, search.FieldItems: x.FunctionLines()})
}
