package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// Password is the demo logins' initial password. Like any initial password it must be changed
// at first login, so a demo database left on a network is no open door for long.
const Password = "Xiangcheng@2026"

// SystemCodePrefix starts the demo district's system codes (governance setting
// system_code_prefix): the demo's are XC-SYS-0001 on, and the server continues the series.
const SystemCodePrefix = "XC-SYS-"

// DocNumberPrefix is the demo info office's 机关代字 (相城区信息办): its task books are numbered
// 相信办〔2026〕1号 on (FLOW-3).
const DocNumberPrefix = "相信办"

// loader fills one registry of the demo district, given the units' IDs by code.
type loader struct {
	order int // systems 10, machine rooms 20, websites and new media 30, cloud 40, plans 50
	name  string
	load  func(ctx context.Context, svc *app.Service, units map[string]int64) error
}

// loaders run in order after the units and users; each registry adds its own from an init in
// its file (rooms.go ...).
var loaders = []loader{{order: 10, name: "systems", load: LoadSystems}}

// Load fills an empty database with the demo district, as the command line, through the same
// use cases (and so the same validation and audit) as any other change. It refuses a database
// that already has units or users. Its draws of experts and spot checks are seeded from a fixed
// stream, so the district comes out the same each time it is made (app.WithDemoDrawSeeds).
func Load(ctx context.Context, svc *app.Service) error {
	var seed [32]byte
	copy(seed[:], "archgov demo district, Xiangcheng")
	ctx = app.WithDemoDrawSeeds(ctx, rand.NewChaCha8(seed))
	sys := app.SystemActor()
	if n, err := svc.DB().Read().CountUsers(ctx); err != nil {
		return err
	} else if n > 0 {
		return fmt.Errorf("demo: the database is not empty (%d users)", n)
	}
	if p, err := svc.Units(ctx, sys, store.UnitFilter{Limit: 1}); err != nil {
		return err
	} else if len(p.Items) > 0 {
		return fmt.Errorf("demo: the database is not empty (%d units)", len(p.Items))
	}
	ids := map[string]int64{}
	for _, s := range Units {
		u := &domain.Unit{Code: s.Code, Name: s.Name, Kind: domain.UnitKind(s.Kind), ParentID: ids[s.ParentCode]}
		if s.ParentCode != "" && u.ParentID == 0 {
			return fmt.Errorf("demo: unit %s comes before its parent %s", s.Code, s.ParentCode)
		}
		if err := svc.CreateUnit(ctx, sys, u); err != nil {
			return fmt.Errorf("demo: unit %s %s: %w", s.Code, s.Name, err)
		}
		ids[s.Code] = u.ID
	}
	// The logins get their own hash of the password; the other accounts (every unit's people,
	// ORG-1) share one, hashed once: at full strength a hash takes a good part of a second.
	shared, err := svc.InitialPasswordHash(ctx, sys, Password)
	if err != nil {
		return fmt.Errorf("demo: password: %w", err)
	}
	logins := len(Users)
	people := map[string]int64{} // "unit_head:CODE" → the account
	for i, s := range Accounts() {
		var gs []domain.Grant
		for _, r := range s.Roles {
			g, err := domain.ParseGrant(r)
			if err != nil {
				return fmt.Errorf("demo: user %s: %w", s.Username, err)
			}
			gs = append(gs, g)
		}
		n := app.NewUser{Username: s.Username, Name: s.Name, Phone: s.Phone, UnitID: ids[s.UnitCode], Password: Password, Grants: gs}
		if i >= logins {
			n.Password, n.PasswordHash = "", shared
		}
		u, _, err := svc.CreateUser(ctx, sys, n)
		if err != nil {
			return fmt.Errorf("demo: user %s: %w", s.Username, err)
		}
		for _, r := range s.Roles {
			people[r] = u.ID
		}
	}
	// Every unit names its 责任人 and 联系人 by account (ORG-1).
	for _, s := range Units {
		head, contact := people["unit_head:"+s.Code], people["unit_contact:"+s.Code]
		if _, err := svc.UpdateUnit(ctx, sys, ids[s.Code], app.UnitEdit{Version: 1, ResponsibleUserID: &head, ContactUserID: &contact}); err != nil {
			return fmt.Errorf("demo: unit %s people: %w", s.Code, err)
		}
	}
	// The district's system codes are XC-SYS-NNNN: a system registered later continues the series;
	// its documents are numbered 相信办〔年〕N号.
	g, v, err := svc.Governance(ctx)
	if err != nil {
		return err
	}
	g.SystemCodePrefix, g.DocNumberPrefix = SystemCodePrefix, DocNumberPrefix
	if err := svc.UpdateGovernance(ctx, sys, g, v); err != nil {
		return fmt.Errorf("demo: governance: %w", err)
	}
	slices.SortStableFunc(loaders, func(a, b loader) int { return a.order - b.order })
	for _, l := range loaders {
		if err := l.load(ctx, svc, ids); err != nil {
			return fmt.Errorf("demo: %s: %w", l.name, err)
		}
	}
	// The governance rules' sweep (issue 11): every record's findings as of today, the dated
	// rules (deadlines) included — the saves above evaluated them on the day of each save.
	if _, err := svc.Sweep(ctx, sys); err != nil {
		return fmt.Errorf("demo: rules sweep: %w", err)
	}
	return svc.MarkDemo(ctx)
}

// actingAs is the command line acting in the capacity a step asks for, with that one grant:
// the domain's transition tables decide by capacity, not by the command line's blanket
// authority, and the audit log shows the command line with that role.
func actingAs(g domain.Grant) domain.Actor {
	a := app.SystemActor()
	a.Grants = []domain.Grant{g}
	return a
}

// officeActor is the command line as the info office; unitHead as a unit's 责任人.
func officeActor() domain.Actor { return actingAs(domain.Grant{Role: domain.RoleOffice}) }

func unitHead(unitID int64, unitCode string) domain.Actor {
	return actingAs(domain.Grant{Role: domain.RoleUnitHead, UnitID: unitID, UnitCode: unitCode})
}

// eachSystem calls fn with every system the filter selects, page by page, as the command line.
func eachSystem(ctx context.Context, svc *app.Service, f store.SystemFilter, fn func(*domain.System) error) error {
	for {
		p, err := svc.Systems(ctx, app.SystemActor(), f)
		if err != nil {
			return err
		}
		for _, s := range p.Items {
			if err := fn(s); err != nil {
				return err
			}
		}
		if p.NextCursor == 0 {
			return nil
		}
		f.After = p.NextCursor
	}
}
