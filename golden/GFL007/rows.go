// gofixleak-options: GFL007.any_loop
package golden

import (
	"context"
	"database/sql"
)

type user struct {
	id    int
	names []string
}

// loadNames queries each user's names; every *sql.Rows stays open (and holds a
// connection) until loadNames returns.
func loadNames(ctx context.Context, db *sql.DB, users []*user) error {
	for _, u := range users {
		rows, err := db.QueryContext(ctx, "SELECT name FROM names WHERE user = ?", u.id)
		if err != nil {
			return err
		}
		defer rows.Close() // want "defer rows.Close\(\) in a loop runs only when loadNames returns"
		for rows.Next() {
			var name string
			if err := rows.Scan(&name); err != nil {
				return err
			}
			u.names = append(u.names, name)
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// inTransaction rolls back each unfinished transaction only at the end.
func inTransaction(db *sql.DB, batches [][]string) error {
	for _, batch := range batches {
		tx, err := db.Begin()
		if err != nil {
			return err
		}
		defer tx.Rollback() // want "defer tx.Rollback\(\) in a loop runs only when inTransaction returns"
		for _, stmt := range batch {
			if _, err := tx.Exec(stmt); err != nil {
				return err
			}
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}
