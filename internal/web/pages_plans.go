package web

// planRoutes registers the pages and API of migration plans (ENV-R2) and docking plans (SHR-R8) on systems.
func (s *Server) planRoutes() {
}
