package demo

import (
	"context"
	"fmt"

	"archgov/internal/app"
	"archgov/internal/domain"
	"archgov/internal/store"
)

// Password is the demo logins' initial password. Like any initial password it must be changed
// at first login, so a demo database left on a network is no open door for long.
const Password = "Xiangcheng@2026"

// Load fills an empty database with the demo district, as the command line, through the same
// use cases (and so the same validation and audit) as any other change. It refuses a database
// that already has units or users.
func Load(ctx context.Context, svc *app.Service) error {
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
		u := &domain.Unit{Code: s.Code, Name: s.Name, Kind: domain.UnitKind(s.Kind), ParentID: ids[s.ParentCode],
			HeadName: s.HeadName, HeadPhone: s.HeadPhone, ContactName: s.ContactName, ContactPhone: s.ContactPhone}
		if s.ParentCode != "" && u.ParentID == 0 {
			return fmt.Errorf("demo: unit %s comes before its parent %s", s.Code, s.ParentCode)
		}
		if err := svc.CreateUnit(ctx, sys, u); err != nil {
			return fmt.Errorf("demo: unit %s %s: %w", s.Code, s.Name, err)
		}
		ids[s.Code] = u.ID
	}
	for _, s := range Users {
		var gs []domain.Grant
		for _, r := range s.Roles {
			g, err := domain.ParseGrant(r)
			if err != nil {
				return fmt.Errorf("demo: user %s: %w", s.Username, err)
			}
			gs = append(gs, g)
		}
		_, _, err := svc.CreateUser(ctx, sys, app.NewUser{Username: s.Username, Name: s.Name, UnitID: ids[s.UnitCode], Password: Password, Grants: gs})
		if err != nil {
			return fmt.Errorf("demo: user %s: %w", s.Username, err)
		}
	}
	if err := LoadSystems(ctx, svc, ids); err != nil {
		return err
	}
	return svc.MarkDemo(ctx)
}
