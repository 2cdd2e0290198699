-- 0020: the units' annual plans (BLD-R1, BLD-R2, BLD-P1, ORG-2): one per unit and year, its items
-- a child table so that the district plan (accepted items totalled by unit, kind and category)
-- is one GROUP BY. Budgets are whole yuan; system_ids is a JSON list of the unit's systems.
CREATE TABLE annual_plans (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER  NOT NULL REFERENCES units(id),
    year       INTEGER  NOT NULL,
    status     TEXT    NOT NULL,
    version    INTEGER  NOT NULL DEFAULT 1,
    created_at INTEGER  NOT NULL,
    updated_at INTEGER  NOT NULL,
    UNIQUE (unit_id, year)
);
CREATE INDEX annual_plans_year ON annual_plans(year, status, id);

CREATE TABLE annual_plan_items (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER  NOT NULL REFERENCES annual_plans(id),
    position   INTEGER  NOT NULL,
    name       TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    budget     INTEGER  NOT NULL DEFAULT 0,
    funding    TEXT    NOT NULL DEFAULT '',
    category   TEXT    NOT NULL,
    brief      TEXT    NOT NULL DEFAULT '',
    system_ids TEXT    NOT NULL DEFAULT '[]',
    UNIQUE (plan_id, position)
);
