package store

import (
	"database/sql"
	"errors"
	"strings"

	"archgov/internal/domain"
)

// checkOne turns "no row matched" of an optimistic update into a conflict.
func checkOne(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return domain.Conflict()
	}
	return nil
}

// isUnique reports a unique-constraint violation in either dialect.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// like is the case-insensitive LIKE of the dialect: SQLite's LIKE already ignores the case of
// Latin letters, PostgreSQL's does not ("oa" must find "OA系统" on both).
func (q q) like() string {
	if q.d == Postgres {
		return "ILIKE"
	}
	return "LIKE"
}
