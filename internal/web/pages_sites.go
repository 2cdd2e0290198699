package web

// siteRoutes registers the pages and API of websites and new-media accounts (PTL-R3, PTL-R4).
func (s *Server) siteRoutes() {
}
