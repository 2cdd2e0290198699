package demo

import "archgov/internal/domain"

// Grants are the seed's roles with their units named, for the demo login lists (the login
// page and what serve prints): people read 领导（区卫生健康委员会）, not leader:320507119.
func (u UserSeed) Grants() []domain.Grant {
	names := map[string]string{}
	for _, x := range Units {
		names[x.Code] = x.Name
	}
	gs := make([]domain.Grant, 0, len(u.Roles))
	for _, r := range u.Roles {
		g, _ := domain.ParseGrant(r) // the seeds are checked by TestUsers
		g.UnitName = names[g.UnitCode]
		gs = append(gs, g)
	}
	return gs
}
