-- 0042: the overview dashboards' aggregates over the whole district (issue 12: every dashboard
-- p95 < 150 ms at city scale) read from indexes alone instead of the wide rows
-- (docs/PERFORMANCE.md, Overview dashboards):
-- the open findings by unit, rule, kind, severity and clauses (store.Reader.FindingGroups: the
-- heat map, the ranking, the findings card; also the live findings' counts of the list);
CREATE INDEX findings_groups ON findings(status, unit_id, rule_id, subject_kind, severity, clauses);
-- the findings first seen and resolved in the last 90 days (DashFindingFlow);
CREATE INDEX findings_flow ON findings(unit_id, first_seen, resolved_at);
-- the applications by year, status and stage (DashProjects: the funnel, the year's card);
CREATE INDEX projects_year_status_stage ON projects(year, status, stage);
-- the systems running and on the cloud by unit, with the id the catalog coverage looks up (DashUnits).
CREATE INDEX systems_unit_status ON systems(unit_id, status, hosting, id);
