package web

// attachmentRoutes registers the pages and API of evidence files on records.
func (s *Server) attachmentRoutes() {
}
