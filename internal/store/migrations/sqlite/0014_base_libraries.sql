-- 0014: the district's base libraries (基础库, SHR-P2, SHR-R5), kept by the info office. The code
-- is the stable key that systems' base data (SHR-R7), docking plans (SHR-R8) and catalog entries
-- (the library an entry feeds) refer to. provider_unit_id is the ONE authoritative provider
-- (权威来源部门, SHR-R5): the unit that answers for the library's data and receives the
-- data-correction feedback reported against it (SHR-R6). It is NULL only for a seeded library
-- the office has not yet assigned; every edit must name it. Contributing units
-- (base_library_contributors) also feed the library but do not answer for it.
CREATE TABLE base_libraries (
    id               INTEGER PRIMARY KEY,
    code             TEXT    NOT NULL UNIQUE,
    name             TEXT    NOT NULL,
    name_en          TEXT    NOT NULL DEFAULT '',
    description      TEXT    NOT NULL DEFAULT '',
    provider_unit_id INTEGER REFERENCES units(id),
    active           INTEGER NOT NULL DEFAULT 1,
    position         INTEGER NOT NULL DEFAULT 0,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX base_libraries_provider ON base_libraries(provider_unit_id);

CREATE TABLE base_library_contributors (
    library_id INTEGER NOT NULL REFERENCES base_libraries(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (library_id, unit_id)
);
CREATE INDEX base_library_contributors_unit ON base_library_contributors(unit_id);

INSERT INTO base_libraries (code, name, name_en, description, position, created_at, updated_at) VALUES
    ('population',   '人口库',     'Population',        '全区实有人口基础信息：身份、户籍、居住、婚姻、出生和死亡等', 1, 0, 0),
    ('legal_person', '法人库',     'Legal persons',     '企业、机关、事业单位和社会组织等法人单位的基础信息', 2, 0, 0),
    ('geo',          '空间地理库', 'Spatial geography', '基础测绘成果、影像、地名地址和不动产空间数据', 3, 0, 0),
    ('credit',       '社会信用库', 'Social credit',     '自然人、法人和其他组织的公共信用信息', 4, 0, 0),
    ('license',      '电子证照库', 'Electronic licences', '各部门签发的电子证照及其用证核验', 5, 0, 0);
