-- 0035: the shared component catalog (组件目录, issue 15): the reusable components the district
-- offers (unified identity, electronic seal, licences, SMS, maps, payment, the exchange
-- interfaces, the cloud's PaaS services), kept by the info office. functions is the function
-- points as a JSON array of strings. The systems that use a component are component_users; a
-- system's page reads them by system (the second index).
CREATE TABLE components (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    system_id        INTEGER REFERENCES systems(id),
    summary          TEXT    NOT NULL DEFAULT '',
    functions        TEXT    NOT NULL DEFAULT '[]',
    standard         TEXT    NOT NULL DEFAULT '',
    standard_version TEXT    NOT NULL DEFAULT '',
    standard_url     TEXT    NOT NULL DEFAULT '',
    access           TEXT    NOT NULL DEFAULT '',
    status           TEXT    NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (name)
);
CREATE INDEX components_status ON components(status, id);
CREATE INDEX components_unit ON components(unit_id, id);

CREATE TABLE component_users (
    component_id INTEGER NOT NULL REFERENCES components(id),
    system_id    INTEGER NOT NULL REFERENCES systems(id),
    PRIMARY KEY (component_id, system_id)
);
CREATE INDEX component_users_system ON component_users(system_id, component_id);
