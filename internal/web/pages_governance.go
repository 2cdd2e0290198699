package web

// governanceRoutes registers the pages and API of the governance settings.
func (s *Server) governanceRoutes() {
}
