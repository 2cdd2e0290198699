-- 0039: department assessment (部门考核, ORG-3). An assessment is a year's indicators and weights
-- (weights: JSON [{"code","weight"}]); publishing stores every unit's figures in
-- assessment_scores, which nothing changes afterwards but an accepted objection's final score
-- (scores in hundredths of a point; items: JSON of the indicator figures with their evidence).
-- A unit objects at most once a year (assessment_objections, UNIQUE).
CREATE TABLE assessments (
    id              INTEGER PRIMARY KEY,
    year            INTEGER NOT NULL UNIQUE,
    title           TEXT    NOT NULL,
    weights         TEXT    NOT NULL DEFAULT '[]',
    objection_days  INTEGER NOT NULL,
    status          TEXT    NOT NULL,
    published_at    INTEGER NOT NULL DEFAULT 0,
    objection_until TEXT    NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE assessment_scores (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id),
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    unit_name     TEXT    NOT NULL,
    score_c       INTEGER NOT NULL,
    final_c       INTEGER NOT NULL,
    unit_rank     INTEGER NOT NULL,
    items         TEXT    NOT NULL,
    PRIMARY KEY (assessment_id, unit_id)
);
CREATE INDEX assessment_scores_unit ON assessment_scores(unit_id, assessment_id);

CREATE TABLE assessment_objections (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessments(id),
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    reason        TEXT    NOT NULL,
    score_c       INTEGER NOT NULL,
    status        TEXT    NOT NULL,
    answer        TEXT    NOT NULL DEFAULT '',
    corrected_c   INTEGER NOT NULL DEFAULT 0,
    answered_at   INTEGER NOT NULL DEFAULT 0,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (assessment_id, unit_id)
);
CREATE INDEX assessment_objections_status ON assessment_objections(status, id);
