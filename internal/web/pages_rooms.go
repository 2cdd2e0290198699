package web

// roomRoutes registers the pages and API of machine rooms (ENV-P2, ENV-P3, ENV-R3).
func (s *Server) roomRoutes() {
}
