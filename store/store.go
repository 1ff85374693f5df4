// Package store keeps carekiosk's records in one SQLite database file
// (modernc.org/sqlite, pure Go). It implements model.Store.
//
// Durability: WAL with synchronous=FULL, so a call that returned nil has been
// fsynced. All writes go through one writer connection owned by a committer
// goroutine that groups writes arriving together into one transaction (group
// commit); each caller is answered only after that transaction commits.
// Reads use a separate pool.
package store

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/google/uuid"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"carekiosk/model"
)

// FileName is the database file inside the data folder.
const FileName = "carekiosk.db"

// ApplicationID marks a SQLite file as carekiosk's ("CKIO").
const ApplicationID = 0x434B494F

//go:embed migrations/*.sql
var migrationFS embed.FS

// Options tune Open; the zero value is right for the kiosk.
type Options struct {
	// Clock supplies the time for new records.
	Clock model.Clock
	// MaxPageCount limits the database size in pages (tests simulate a full disk).
	MaxPageCount int
	// ReadOnly opens without migrating or writing (check, export).
	ReadOnly bool
	// Existing refuses a missing or empty database instead of setting one
	// up (export, pubkey: a mistyped folder must not become a new station).
	// ReadOnly implies it.
	Existing bool
}

// Store is the SQLite implementation of model.Store.
type Store struct {
	path      string
	w         *sql.DB // one writer connection, used only by the committer
	r         *sql.DB // read pool
	cs        clockState
	stmts     map[string]*sql.Stmt // the committer's prepared statements
	toPrepare map[string]bool      // statements to prepare after this batch
	reqs      chan *writeReq
	done      chan struct{}
	closed    chan struct{}

	closeOnce sync.Once
	hub       hub
}

var (
	_ model.Store    = (*Store)(nil)
	_ model.Notifier = (*Store)(nil)
)

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// Open opens (creating when absent) the database in dir. A file that is not
// a carekiosk database, a damaged one, or one written by a newer carekiosk is
// refused with a clear *model.Error and left unchanged.
func Open(dir string, opt Options) (*Store, error) {
	existing := opt.Existing || opt.ReadOnly
	if !existing {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, model.Errorf(model.ESTORAGE, "无法创建数据文件夹 %s：%v", "cannot create the data folder %s: %v", dir, err)
		}
	}
	path := filepath.Join(dir, FileName)
	exists, err := checkHeader(path)
	if err != nil {
		return nil, err
	}
	if existing && !exists {
		return nil, model.Errorf(model.ENOTFOUND, "%s 中没有 carekiosk 数据库", "there is no carekiosk database in %s", dir)
	}
	// On read-only storage nobody can write the file: read it as immutable,
	// unless commits wait in a -wal (immutable would not read them).
	immutable := ""
	if opt.ReadOnly && readOnlyStorage(dir) && !walHasContent(path) {
		immutable = "&immutable=1"
	}
	if exists {
		if err := precheck(path, immutable, existing); err != nil {
			return nil, err
		}
	}
	if !opt.ReadOnly {
		if err := Private(dir, path, exists); err != nil {
			return nil, err
		}
	}
	s := &Store{path: path}
	s.cs.clock = opt.Clock
	// secure_delete overwrites deleted content, so an erased record does not
	// linger in the file's free pages.
	pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=secure_delete(1)"
	if opt.MaxPageCount > 0 {
		pragmas += "&_pragma=max_page_count(" + strconv.Itoa(opt.MaxPageCount) + ")"
	}
	if opt.ReadOnly {
		s.r, err = sql.Open("sqlite", fileURI(path)+"?mode=ro"+immutable+"&"+pragmas+"&_pragma=query_only(1)")
		if err != nil {
			return nil, storageErr(err)
		}
		s.r.SetMaxOpenConns(4)
		return s, nil
	}
	s.w, err = sql.Open("sqlite", fileURI(path)+"?_txlock=immediate&"+pragmas+"&_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, storageErr(err)
	}
	s.w.SetMaxOpenConns(1)
	s.w.SetMaxIdleConns(1)
	s.w.SetConnMaxLifetime(0)
	if err := s.migrate(); err != nil {
		s.w.Close()
		// A full, read-only or foreign-owned folder, not the file, is the
		// usual reason the first write fails.
		if p := storageProblem(path); p != nil {
			return nil, p
		}
		return nil, err
	}
	s.r, err = sql.Open("sqlite", fileURI(path)+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		s.w.Close()
		return nil, storageErr(err)
	}
	s.r.SetMaxOpenConns(4)
	s.stmts, s.toPrepare = map[string]*sql.Stmt{}, map[string]bool{}
	s.reqs = make(chan *writeReq, 256)
	s.done = make(chan struct{})
	s.closed = make(chan struct{})
	go s.committer()
	return s, nil
}

// Close stops the committer and closes the database.
func (s *Store) Close() error {
	var err error
	s.closeOnce.Do(func() { err = s.close() })
	return err
}

func (s *Store) close() error {
	if s.done != nil {
		close(s.done)
		<-s.closed
	}
	var err error
	for _, st := range s.stmts {
		st.Close()
	}
	if s.w != nil {
		// A clean checkpoint so the WAL does not grow across restarts.
		_, _ = s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		err = s.w.Close()
	}
	if s.r != nil {
		if e := s.r.Close(); err == nil {
			err = e
		}
	}
	return err
}

// Private makes the data folder 0700 and the database at path 0600
// whatever the umask, for a folder or a database an older carekiosk made
// open to others too; the county's database (countydb) is kept so as well.
// A new database file (exists false) is made 0600 before SQLite opens it:
// SQLite gives its -wal and -shm files the database file's permissions.
// Changing the mode is best effort (a FAT stick has none to change).
func Private(dir, path string, exists bool) error {
	_ = os.Chmod(dir, 0o700)
	if !exists {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE, 0o600)
		if err != nil {
			return model.Errorf(model.ESTORAGE, "无法创建数据库 %s：%v", "cannot create the database %s: %v", path, err)
		}
		f.Close()
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		_ = os.Chmod(p, 0o600)
	}
	return nil
}

// fileURI returns the SQLite URI of the file at path. SQLite reads %, ? and
// # in a URI as escapes, the query and the fragment, so a data folder named
// like "站点#2" would otherwise open a different file.
func fileURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// newID returns a time-ordered UUID (version 7).
func newID() string { return uuid.Must(uuid.NewV7()).String() }

const timeFmt = "2006-01-02T15:04:05.000000Z"

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeFmt)
}

func parseTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(timeFmt, s)
	if err != nil {
		t, _ = time.Parse(time.RFC3339Nano, s)
	}
	return t
}

func parseDate(s string) model.Date {
	if s == "" {
		return model.Date{}
	}
	d, _ := model.ParseDate(s)
	return d
}

// checkHeader reads the first 100 bytes of an existing file, without opening
// it as a database, and refuses anything that is not a carekiosk database of
// a version this program knows.
func checkHeader(path string) (exists bool, err error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, model.Errorf(model.ESTORAGE, "无法读取数据库文件 %s：%v", "cannot read the database file %s: %v", path, err)
	}
	defer f.Close()
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	if n == 0 && err == io.EOF {
		// SQLite creates the file before it writes the first page: a power
		// cut or a second process opening the folder in that instant finds
		// it empty. An empty file is an empty database with nothing to
		// lose; precheck confirms it and migrate sets it up.
		return true, nil
	}
	if err != nil || string(h[:16]) != "SQLite format 3\x00" {
		return true, model.Errorf(model.ESTORAGE, "%s 不是 carekiosk 数据库（也不是 SQLite 文件），未作任何改动", "%s is not a carekiosk database (not even SQLite); it was not changed", path)
	}
	appID := binary.BigEndian.Uint32(h[68:72])
	version := binary.BigEndian.Uint32(h[60:64])
	if appID == 0 {
		// Not decided by the header: carekiosk's first commits may still be
		// only in the -wal file (a power cut before the first checkpoint).
		// precheck reads through the WAL and decides.
		return true, nil
	}
	if appID != ApplicationID {
		return true, foreignErr(path)
	}
	if int(version) > latestVersion() {
		return true, newerErr(path, int(version))
	}
	return true, nil
}

func foreignErr(path string) error {
	return model.Errorf(model.ESTORAGE, "%s 是其他程序的 SQLite 数据库，不是 carekiosk 的，未作任何改动", "%s is another program's SQLite database, not carekiosk's; it was not changed", path)
}

func newerErr(path string, v int) error {
	return model.Errorf(model.ESTORAGE, "%s 由更新版本的 carekiosk 写入（数据版本 %d，本程序只认识到 %d），请升级 carekiosk；文件未作任何改动", "%s was written by a newer carekiosk (schema %d; this program knows up to %d); upgrade carekiosk. The file was not changed", path, v, latestVersion())
}

// precheck opens the file read-only and runs quick_check and the version
// check, so a damaged file is refused before anything writes to it. A file
// whose set-up never committed (0 bytes, or no schema at all) is accepted, to
// be set up, unless refuseEmpty. A refused file's folder is left as it was: the -wal and -shm files that
// SQLite makes when it reads a WAL-mode file are removed again.
func precheck(path, immutable string, refuseEmpty bool) (err error) {
	made := absentCompanions(path)
	defer func() {
		if err != nil {
			removeCompanions(path, made)
		}
	}()
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro"+immutable+"&_pragma=query_only(1)&_pragma=busy_timeout(10000)")
	if err != nil {
		return openFailure(path, err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// One statement, so one read of the file: another carekiosk setting up
	// this new folder at the same moment may commit its first migration
	// between two separate reads.
	var v, app int64
	var objects int
	if err := db.QueryRow(`SELECT (SELECT user_version FROM pragma_user_version), (SELECT application_id FROM pragma_application_id),
		(SELECT count(*) FROM sqlite_schema)`).Scan(&v, &app, &objects); err != nil {
		return openFailure(path, err)
	}
	// An empty database is one whose set-up was cut off before the first
	// migration committed: carekiosk's own, to be set up again.
	empty := app == 0 && v == 0 && objects == 0
	if empty && refuseEmpty {
		return model.Errorf(model.ENOTFOUND, "%s 是空的，还没有 carekiosk 数据；未作任何改动", "%s is empty and holds no carekiosk data yet; it was not changed", path)
	}
	if app != ApplicationID && !empty {
		return foreignErr(path)
	}
	if int(v) > latestVersion() {
		return newerErr(path, int(v))
	}
	problems, err := integrity(db, "quick_check")
	if err != nil {
		return openFailure(path, err)
	}
	if len(problems) > 0 {
		return damagedErr(path, errors.New(strings.Join(problems, "; ")))
	}
	return nil
}

// walHasContent reports whether the database's -wal file holds anything.
func walHasContent(path string) bool {
	fi, err := os.Lstat(path + "-wal")
	return err == nil && fi.Size() > 0
}

// companions are the files SQLite keeps beside a WAL-mode database.
var companions = []string{"-wal", "-shm"}

// absentCompanions lists which of the database's -wal and -shm files do not
// exist yet.
func absentCompanions(path string) []string {
	var out []string
	for _, c := range companions {
		if _, err := os.Lstat(path + c); errors.Is(err, os.ErrNotExist) {
			out = append(out, c)
		}
	}
	return out
}

// removeCompanions removes the -wal and -shm files that reading a refused
// file made (those in made), but only when both were made by this read and
// the -wal holds nothing: a WAL with content, or one that was already
// there, belongs to whoever wrote it.
func removeCompanions(path string, made []string) {
	if len(made) != len(companions) {
		return
	}
	if walHasContent(path) {
		return
	}
	for _, c := range made {
		_ = os.Remove(path + c)
	}
}

// damagedErr is the one message that advises a backup: SQLite found the
// file itself damaged.
func damagedErr(path string, cause error) error {
	return model.Errorf(model.ESTORAGE, "数据库文件 %s 已损坏，未作任何改动（%v）。请联系技术人员，用备份恢复", "the database file %s is damaged and was not changed (%v); contact support and restore a backup", path, cause)
}

// integrity runs PRAGMA integrity_check or quick_check and returns its
// problems; none means ok.
func integrity(db *sql.DB, pragma string) ([]string, error) {
	rows, err := db.Query("PRAGMA " + pragma)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			out = append(out, line)
		}
	}
	return out, rows.Err()
}

// CheckReport is what Check found.
type CheckReport struct {
	Integrity []string // problems from PRAGMA integrity_check; empty when ok
	Schema    []string // schema problems; empty when ok
	Version   int
	Stats     model.Stats
}

// OK reports whether nothing was wrong.
func (r CheckReport) OK() bool { return len(r.Integrity) == 0 && len(r.Schema) == 0 }

// Check runs the full integrity check and the schema check. It works on a
// store opened ReadOnly and changes nothing.
func (s *Store) Check(ctx context.Context) (CheckReport, error) {
	var rep CheckReport
	var err error
	rep.Integrity, err = integrity(s.r, "integrity_check")
	if err != nil {
		return rep, storageErr(err)
	}
	fk, err := s.r.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return rep, storageErr(err)
	}
	for fk.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var idx int
		if err := fk.Scan(&table, &rowid, &parent, &idx); err == nil {
			rep.Integrity = append(rep.Integrity, fmt.Sprintf("foreign key: %s row %d → %s", table, rowid.Int64, parent))
		}
	}
	fk.Close()
	if err := s.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&rep.Version); err != nil {
		return rep, storageErr(err)
	}
	if rep.Version != latestVersion() {
		rep.Schema = append(rep.Schema, fmt.Sprintf("schema version %d, expected %d", rep.Version, latestVersion()))
	}
	want := map[string]bool{}
	for _, t := range []string{"settings", "units", "quotas", "stations", "instructors", "sessions", "segments", "families", "caregivers", "children", "sign_ins", "corrections"} {
		want[t] = true
	}
	rows, err := s.r.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type='table'")
	if err != nil {
		return rep, storageErr(err)
	}
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			delete(want, n)
		}
	}
	rows.Close()
	var missing []string
	for t := range want {
		missing = append(missing, t)
	}
	sort.Strings(missing)
	for _, t := range missing {
		rep.Schema = append(rep.Schema, "missing table "+t)
	}
	if len(rep.Schema) == 0 {
		var off int
		if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM sessions s WHERE
			s.signin_count <> (SELECT count(*) FROM sign_ins WHERE session_id = s.id) OR
			s.family_count <> (SELECT count(DISTINCT family_id) FROM sign_ins WHERE session_id = s.id)`).Scan(&off); err != nil {
			return rep, storageErr(err)
		}
		if off > 0 {
			rep.Schema = append(rep.Schema, fmt.Sprintf("%d sessions whose sign-in or family counts are out of step", off))
		}
	}
	if len(rep.Schema) == 0 {
		rep.Stats, err = s.Stats(ctx)
		if err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// isBusy reports whether err is SQLite's "database is locked".
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY
}

// storageErr turns a driver error into a *model.Error a person can read.
func storageErr(err error) error {
	if err == nil {
		return nil
	}
	var me *model.Error
	if errors.As(err, &me) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		// SQLite names a full disk SQLITE_FULL when a page cannot be added,
		// but an I/O error when the -shm file cannot grow.
		full := se.Code() == sqlite3.SQLITE_IOERR_SHMSIZE || errors.Is(err, syscall.ENOSPC)
		switch code := se.Code() & 0xff; {
		case code == sqlite3.SQLITE_FULL || full:
			return model.Errorf(model.EFULL, "存储空间已满，本次记录未保存；已有记录完好。请清理空间或联系技术人员", "storage is full; this record was not saved and earlier records are intact. Free space or contact support")
		case code == sqlite3.SQLITE_CORRUPT || code == sqlite3.SQLITE_NOTADB:
			return model.Errorf(model.ESTORAGE, "数据库已损坏：%v", "the database is damaged: %v", err)
		case code == sqlite3.SQLITE_READONLY || code == sqlite3.SQLITE_CANTOPEN || code == sqlite3.SQLITE_IOERR:
			return model.Errorf(model.ESTORAGE, "无法写入数据库：%v", "cannot write the database: %v", err)
		case code == sqlite3.SQLITE_BUSY:
			return model.Errorf(model.ESTORAGE, "数据库正被其他程序占用，请稍后再试", "the database is in use by another program; try again")
		}
	}
	return fmt.Errorf("store: %w", err)
}
