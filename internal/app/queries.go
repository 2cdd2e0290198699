package app

import (
	"context"
	"errors"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"archgov/internal/domain"
	"archgov/internal/store"
)

// The service's query types: the filters, sorts and read models its list methods take and
// return. They are the store's (an alias, not a copy), named here so that the layers above
// the service (internal/web, cmd) speak to the service only and never import the store.
type (
	ListSort            = store.ListSort
	UnitFilter          = store.UnitFilter
	UserFilter          = store.UserFilter
	SystemFilter        = store.SystemFilter
	RoomFilter          = store.RoomFilter
	WebsiteFilter       = store.WebsiteFilter
	MediaFilter         = store.MediaFilter
	SiteSort            = store.SiteSort
	CatalogFilter       = store.CatalogFilter
	CatalogFacets       = store.CatalogFacets
	CloudRequestFilter  = store.CloudRequestFilter
	CloudUnitUse        = store.CloudUnitUse
	SharingFilter       = store.SharingFilter
	FeedbackFilter      = store.FeedbackFilter
	PlanFilter          = store.PlanFilter
	PlanCursor          = store.PlanCursor
	AuditFilter         = store.AuditFilter
	SecurityEventFilter = store.SecurityEventFilter
	GuideFilter         = store.GuideFilter
	LibrarySystem       = store.LibrarySystem
	Session             = store.Session
	Token               = store.Token
	RuleSetRow          = store.RuleSetRow // a published version of the governance rules (issue 11)
)

// The sort orders of the lists that can be sorted, and the keys a page of each ends on.
const (
	SortID       = store.SortID
	SiteSortName = store.SiteSortName
)

var (
	SystemSorts    = store.SystemSorts
	RoomSorts      = store.RoomSorts
	CatalogSorts   = store.CatalogSorts
	SystemSortKey  = store.SystemSortKey
	RoomSortKey    = store.RoomSortKey
	CatalogSortKey = store.CatalogSortKey
)

// UnitName is a unit's name, for naming units in histories and audit records: the district's
// units are no secret to anyone logged in. "" when there is no such unit.
func (s *Service) UnitName(ctx context.Context, id int64) string {
	if u, err := s.db.Read().Unit(ctx, id); err == nil {
		return u.Name
	}
	return ""
}

// UserName is a user's name, for naming who acted in a history or an audit record. "" when
// there is no such user.
func (s *Service) UserName(ctx context.Context, id int64) string {
	if u, err := s.db.Read().User(ctx, id); err == nil {
		return u.Name
	}
	return ""
}

// LibraryTable is the base-library table, for naming and listing libraries on any page (the
// table, not a fixed list, is the set of libraries; issue 4).
func (s *Service) LibraryTable(ctx context.Context) ([]*domain.Library, error) {
	return s.db.Read().BaseLibraries(ctx)
}

// Errors of Ready.
var (
	ErrUnreachable = errors.New("database unreachable")
	ErrSchemaOld   = errors.New("schema not current")
)

// Ready reports whether the database answers and its schema is the one this binary expects
// (GET /readyz): ErrUnreachable or ErrSchemaOld when not.
func (s *Service) Ready(ctx context.Context) error {
	if err := s.db.Ping(ctx); err != nil {
		return ErrUnreachable
	}
	if current, err := s.db.CheckVersion(ctx); err != nil || !current {
		return ErrSchemaOld
	}
	return nil
}

// Collectors are the database's metrics: the writer pool, and on SQLite the reader pool.
func (s *Service) Collectors() []prometheus.Collector {
	cs := []prometheus.Collector{collectors.NewDBStatsCollector(s.db.Writer(), "writer")}
	if s.db.Dialect == store.SQLite {
		cs = append(cs, readerStats{s.db})
	}
	return cs
}

// readerStats exports the SQLite reader pool beside the writer.
type readerStats struct{ db *store.DB }

var (
	readerOpen  = prometheus.NewDesc("archgov_db_reader_open_connections", "Open connections of the SQLite reader pool.", nil, nil)
	readerInUse = prometheus.NewDesc("archgov_db_reader_in_use", "Reader connections in use.", nil, nil)
	readerWait  = prometheus.NewDesc("archgov_db_reader_wait_count_total", "Times a reader waited for a connection.", nil, nil)
)

func (r readerStats) Describe(ch chan<- *prometheus.Desc) {
	ch <- readerOpen
	ch <- readerInUse
	ch <- readerWait
}

func (r readerStats) Collect(ch chan<- prometheus.Metric) {
	st := r.db.Stats()
	ch <- prometheus.MustNewConstMetric(readerOpen, prometheus.GaugeValue, float64(st.OpenConnections))
	ch <- prometheus.MustNewConstMetric(readerInUse, prometheus.GaugeValue, float64(st.InUse))
	ch <- prometheus.MustNewConstMetric(readerWait, prometheus.CounterValue, float64(st.WaitCount))
}
