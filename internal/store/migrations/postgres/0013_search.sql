-- The full-text index of internal/search (catalog entries, systems). One row per term of a
-- document, with the bits of the fields it occurs in (1 name, 2 code, 4 summary, 8 data items)
-- and the document's visibility and recency copied in, so a query reads one covering index and
-- joins nothing. Rows are replaced, in the same transaction as the record, by Tx.IndexDoc.
-- Terms compare bytewise (COLLATE "C"), as on SQLite.
CREATE TABLE search_docs (
	doc_kind   TEXT COLLATE "C" NOT NULL,
	doc_id     BIGINT NOT NULL,
	unit_id    BIGINT NOT NULL,
	public     INTEGER NOT NULL,
	title      TEXT NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (doc_kind, doc_id)
);

CREATE TABLE search_terms (
	doc_kind   TEXT COLLATE "C" NOT NULL,
	term       TEXT COLLATE "C" NOT NULL,
	doc_id     BIGINT NOT NULL,
	fields     INTEGER NOT NULL,
	unit_id    BIGINT NOT NULL,
	public     INTEGER NOT NULL,
	updated_at BIGINT NOT NULL,
	PRIMARY KEY (term, doc_kind, doc_id) INCLUDE (fields, unit_id, public, updated_at)
);

CREATE INDEX search_terms_doc ON search_terms (doc_id, doc_kind);
