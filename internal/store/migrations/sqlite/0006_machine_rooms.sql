-- 0006: the machine-room registry (ENV-P2, ENV-P3, ENV-R3). A room is named uniquely within its
-- unit (the spreadsheet's natural key). Dates are TEXT 'YYYY-MM-DD' ('' when none). The closing
-- deadline is not stored: it follows from the governance settings, which the office may change.
CREATE TABLE machine_rooms (
    id                INTEGER PRIMARY KEY,
    unit_id           INTEGER NOT NULL REFERENCES units(id),
    name              TEXT    NOT NULL,
    address           TEXT    NOT NULL DEFAULT '',
    area_m2           TEXT    NOT NULL DEFAULT '',
    racks             INTEGER NOT NULL DEFAULT 0,
    kind              TEXT    NOT NULL,
    exemption_basis   TEXT    NOT NULL DEFAULT '',
    onsite_production INTEGER NOT NULL DEFAULT 0,
    status            TEXT    NOT NULL,
    closed_date       TEXT    NOT NULL DEFAULT '',
    closing_note      TEXT    NOT NULL DEFAULT '',
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    UNIQUE (unit_id, name)
);
CREATE INDEX machine_rooms_status ON machine_rooms(status, id);
CREATE INDEX machine_rooms_kind ON machine_rooms(kind, id);

-- The closing plan's milestones (ENV-R3).
CREATE TABLE room_milestones (
    id         INTEGER PRIMARY KEY,
    room_id    INTEGER NOT NULL REFERENCES machine_rooms(id),
    title      TEXT    NOT NULL,
    due_date   TEXT    NOT NULL,
    done_date  TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX room_milestones_room ON room_milestones(room_id, due_date);

-- The systems hosted in a room are derived from the system registry.
ALTER TABLE systems ADD COLUMN room_id INTEGER REFERENCES machine_rooms(id);
CREATE INDEX systems_room ON systems(room_id);
