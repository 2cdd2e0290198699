package web

import (
	"net/http"

	"archgov/internal/app"
	"archgov/internal/authz"
	"archgov/internal/domain"
)

// servesLimit bounds each list on the system page; a system serving more links to the full,
// filtered registry list.
const servesLimit = 50

// servesSection is what an information system serves (issue 3: "websites and new-media
// accounts it serves"): the websites and accounts whose system_id is the system, as far as the
// viewer may see them, and the way to its cloud resource requests.
type servesSection struct {
	Websites     []*domain.Website
	MoreWebsites bool // more than servesLimit: the list links to /websites?system_id=
	Media        []*domain.MediaAccount
	MoreMedia    bool
	ShowWebsites bool // the viewer may read the registry at all
	ShowMedia    bool
	ShowCloud    bool
}

func (s *Server) servesSection(r *http.Request, rq *request, sys *domain.System) (servesSection, error) {
	ctx, a := r.Context(), rq.auth.Actor
	var v servesSection
	if authz.Can(a, authz.WebsiteRead, authz.Resource{Kind: authz.KindWebsite}) == nil {
		v.ShowWebsites = true
		p, err := s.svc.Websites(ctx, a, app.WebsiteFilter{SystemID: sys.ID, Sort: app.SiteSortName, Limit: servesLimit})
		if err != nil {
			return v, err
		}
		v.Websites, v.MoreWebsites = p.Items, p.NextCursor != 0
	}
	if authz.Can(a, authz.MediaRead, authz.Resource{Kind: authz.KindMedia}) == nil {
		v.ShowMedia = true
		p, err := s.svc.MediaAccounts(ctx, a, app.MediaFilter{SystemID: sys.ID, Sort: app.SiteSortName, Limit: servesLimit})
		if err != nil {
			return v, err
		}
		v.Media, v.MoreMedia = p.Items, p.NextCursor != 0
	}
	v.ShowCloud = authz.Can(a, authz.CloudRequestRead, authz.Resource{Kind: authz.KindCloudRequest}) == nil
	return v, nil
}
