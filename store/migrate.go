package store

import (
	"context"
	"strconv"
	"time"

	"carekiosk/internal/migrate"
	"carekiosk/model"
)

// migrations are the store's schema migrations, embedded in the program.
func migrations() []migrate.Migration {
	return migrate.MustLoad(migrationFS, "migrations")
}

func latestVersion() int {
	m := migrations()
	return m[len(m)-1].Version
}

// migrate brings the schema up to date, one transaction per migration, and
// marks the file as carekiosk's.
func (s *Store) migrate() error {
	ctx := context.Background()
	// The first query opens the connection, whose set-up switches the file
	// to WAL. When another process opens the same new folder at that very
	// moment, SQLite answers "locked" at once instead of waiting: try again
	// for a while, as the busy timeout would.
	var v int
	for try := 0; ; try++ {
		err := s.w.QueryRow("PRAGMA user_version").Scan(&v)
		if err == nil {
			break
		}
		if !isBusy(err) || try == 200 {
			return storageErr(err)
		}
		time.Sleep(25 * time.Millisecond)
	}
	if v > latestVersion() {
		return newerErr(s.path, v)
	}
	for _, m := range migrations() {
		if m.Version <= v {
			continue
		}
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return storageErr(err)
		}
		// Another process opening the folder at the same moment may have
		// run this migration while we waited for the write lock.
		var now int
		if err := tx.QueryRow("PRAGMA user_version").Scan(&now); err != nil {
			tx.Rollback()
			return storageErr(err)
		}
		if now > latestVersion() {
			tx.Rollback()
			return newerErr(s.path, now)
		}
		if now >= m.Version {
			tx.Rollback()
			continue
		}
		if _, err := tx.Exec(m.SQL); err != nil {
			tx.Rollback()
			return model.Errorf(model.ESTORAGE, "数据库升级 %s 失败，未作改动：%v", "database migration %s failed and was rolled back: %v", m.Name, err)
		}
		if _, err := tx.Exec("PRAGMA user_version = " + strconv.Itoa(m.Version)); err != nil {
			tx.Rollback()
			return storageErr(err)
		}
		if _, err := tx.Exec("PRAGMA application_id = " + strconv.Itoa(ApplicationID)); err != nil {
			tx.Rollback()
			return storageErr(err)
		}
		if err := tx.Commit(); err != nil {
			return storageErr(err)
		}
	}
	return nil
}
