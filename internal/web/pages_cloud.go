package web

// cloudRoutes registers the pages and API of government-cloud pools and resource requests (ENV-R1).
func (s *Server) cloudRoutes() {
}
