package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
)

// ErrBackupPostgres tells the operator that PostgreSQL is backed up with its own tools.
var ErrBackupPostgres = errors.New("store: backup of PostgreSQL: use pg_dump (e.g. pg_dump -Fc -f archgov.dump \"$ARCHGOV_DB\")")

// Backup writes a consistent copy of a SQLite database to path with VACUUM INTO. It runs in a
// read transaction on a connection of its own, so a running server keeps reading and writing
// meanwhile (WAL). The file must not exist yet.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.Dialect == Postgres {
		return ErrBackupPostgres
	}
	// Claim the name first (O_EXCL), so a failed backup only ever removes its own file.
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	f.Close()
	c, err := sql.Open("sqlite", "file:"+escapePath(db.path)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `VACUUM INTO '`+strings.ReplaceAll(path, "'", "''")+`'`); err != nil {
		os.Remove(path)
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}
