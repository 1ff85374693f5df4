package store

import (
	"context"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"carekiosk/model"
)

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() []migration {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		panic(err)
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			panic("store: migration file name must start with its number: " + e.Name())
		}
		b, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			panic(err)
		}
		out = append(out, migration{v, e.Name(), string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	// Numbers run 1, 2, 3… with no gap and no twice-used number: a
	// migration numbered below one a database already ran would never run
	// there.
	for i, m := range out {
		if m.version != i+1 {
			panic("store: migrations must be numbered 1, 2, 3… without gaps or repeats: " + m.name)
		}
	}
	return out
}

func latestVersion() int {
	m := migrations()
	return m[len(m)-1].version
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
		if m.version <= v {
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
		if now >= m.version {
			tx.Rollback()
			continue
		}
		if _, err := tx.Exec(m.sql); err != nil {
			tx.Rollback()
			return model.Errorf(model.ESTORAGE, "数据库升级 %s 失败，未作改动：%v", "database migration %s failed and was rolled back: %v", m.name, err)
		}
		if _, err := tx.Exec("PRAGMA user_version = " + strconv.Itoa(m.version)); err != nil {
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
