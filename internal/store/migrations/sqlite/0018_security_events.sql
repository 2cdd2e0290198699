-- 0018: security events (Hardening, low 3; 等保 2.0 §8.1.4.3): refused requests (403), 404s
-- (kind 'hidden' when authorization hid an existing record, 'not_found' otherwise), CSRF
-- failures and login lockouts. Kept apart from the hash-chained audit_log, so that a flood of
-- refusals cannot bloat the chain; the writer rate-limits them (app.SecurityEventLimits) and
-- each row carries how many events were suppressed before it.
CREATE TABLE security_events (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor       TEXT    NOT NULL DEFAULT '',
    ip          TEXT    NOT NULL DEFAULT '',
    kind        TEXT    NOT NULL,
    method      TEXT    NOT NULL DEFAULT '',
    route       TEXT    NOT NULL DEFAULT '',
    target_type TEXT    NOT NULL DEFAULT '',
    target_id   TEXT    NOT NULL DEFAULT '',
    status      INTEGER NOT NULL,
    suppressed  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX security_events_at ON security_events(at);
CREATE INDEX security_events_actor ON security_events(actor, id);
CREATE INDEX security_events_kind ON security_events(kind, id);
