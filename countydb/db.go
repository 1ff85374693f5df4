// Package countydb keeps the county center's database: the plan (units,
// quotas, bands, reporting), the registered stations, every bundle
// received and the records merged from them. It follows the station
// store's conventions — one SQLite file, WAL with synchronous=FULL, numbered
// migrations embedded in the binary, UUIDs — without group commit: the
// county writes one bundle at a time, each in one transaction.
//
// The read API is what the county's report and web page build on; it
// returns the types of package county and model, never SQL rows: the plan
// (County, PlanYears, Units, QuotaProgress), the stations (Stations,
// StationByKey), what arrived (Receipts, Gaps) and the merged records
// (Sessions with their unit and counts, Session with its segments,
// SignIns with their signatures, Corrections, Withdrawn), and for the
// report ReportRecords, all it needs in one read transaction. Writes are Init,
// SavePlanYear, IssuePlan, Register and ApplyBundle (county.Store).
package countydb

import (
	"context"
	"database/sql"
	"embed"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/google/uuid"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver

	"carekiosk/internal/migrate"
	"carekiosk/model"
	"carekiosk/store"
)

// FileName is the county's database file inside its data folder.
const FileName = "county.db"

// ApplicationID marks a SQLite file as the county's ("CKCY").
const ApplicationID = 0x434B4359

//go:embed migrations/*.sql
var migrationFS embed.FS

// Options tune Open.
type Options struct {
	// Clock dates what the county records (registrations, receipts).
	Clock model.Clock
	// MaxPageCount limits the database size in pages (tests simulate a full disk).
	MaxPageCount int
}

// DB is the county's database.
type DB struct {
	path  string
	w     *sql.DB // one writer connection
	r     *sql.DB // read pool
	clock model.Clock
	// stmts keeps the import's statements prepared on the writer
	// connection (writerStmt).
	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt
	// rstmts keeps statements prepared on the read pool (readStmt).
	rstmts map[string]*sql.Stmt
}

// readStmt returns q prepared on the read pool, kept for the next calls
// (an import looks up a station for each bundle).
func (d *DB) readStmt(ctx context.Context, q string) (*sql.Stmt, error) {
	d.stmtMu.Lock()
	st := d.rstmts[q]
	d.stmtMu.Unlock()
	if st != nil {
		return st, nil
	}
	st, err := d.r.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	d.stmtMu.Lock()
	defer d.stmtMu.Unlock()
	if kept := d.rstmts[q]; kept != nil {
		st.Close()
		return kept, nil
	}
	if d.rstmts == nil {
		d.rstmts = map[string]*sql.Stmt{}
	}
	d.rstmts[q] = st
	return st, nil
}

// keptStmt returns the statement the writer connection keeps for q, or
// nil when it has none yet: q is then noted and keepStmts prepares it once
// the transaction is over (the writer's one connection is the
// transaction's until then).
func (d *DB) keptStmt(q string) *sql.Stmt {
	d.stmtMu.Lock()
	defer d.stmtMu.Unlock()
	st, ok := d.stmts[q]
	if !ok {
		if d.stmts == nil {
			d.stmts = map[string]*sql.Stmt{}
		}
		d.stmts[q] = nil
	}
	return st
}

// queryRowKept runs q outside a transaction on the writer connection,
// with the statement it keeps for q once it has one.
func (d *DB) queryRowKept(ctx context.Context, q string, args ...any) *sql.Row {
	if st := d.keptStmt(q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return d.w.QueryRowContext(ctx, q, args...)
}

// keepStmts prepares on the writer connection the statements noted by
// keptStmt, for the transactions after this one to bind (Tx.Stmt) instead
// of parsing them again. One that fails to prepare is left to be
// prepared in its transaction, as before.
func (d *DB) keepStmts() {
	var want []string
	d.stmtMu.Lock()
	for q, st := range d.stmts {
		if st == nil {
			want = append(want, q)
		}
	}
	d.stmtMu.Unlock()
	for _, q := range want {
		st, err := d.w.Prepare(q)
		if err != nil {
			continue
		}
		d.stmtMu.Lock()
		if d.stmts != nil && d.stmts[q] == nil {
			d.stmts[q], st = st, nil
		}
		d.stmtMu.Unlock()
		if st != nil {
			st.Close()
		}
	}
}

// Exists reports whether dir holds a county database.
func Exists(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, FileName))
	return err == nil
}

// Open opens the county database in dir, creating it when create is true
// and it is absent. A file that is not the county's, or one written by a
// newer carekiosk, is refused and left unchanged.
func Open(dir string, create bool, opt Options) (*DB, error) {
	path := filepath.Join(dir, FileName)
	if !create && !Exists(dir) {
		return nil, model.Errorf(model.ENOTFOUND, "%s 中没有县妇计中心数据库，请先运行 carekiosk county init --data %s", "there is no county database in %s; run carekiosk county init --data %s first", dir, dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, model.Errorf(model.ESTORAGE, "无法创建数据文件夹 %s：%v", "cannot create the data folder %s: %v", dir, err)
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	// It holds the county's private keys: 0600, as the station's.
	if err := store.Private(dir, path, Exists(dir)); err != nil {
		return nil, err
	}
	pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"
	if opt.MaxPageCount > 0 {
		pragmas += "&_pragma=max_page_count(" + strconv.Itoa(opt.MaxPageCount) + ")"
	}
	d := &DB{path: path, clock: opt.Clock}
	var err error
	d.w, err = sql.Open("sqlite", store.FileURI(path)+"?_txlock=immediate&"+pragmas+"&_pragma=journal_mode(WAL)")
	if err != nil {
		return nil, store.StorageError(err)
	}
	d.w.SetMaxOpenConns(1)
	if err := d.migrate(); err != nil {
		d.w.Close()
		return nil, err
	}
	d.r, err = sql.Open("sqlite", store.FileURI(path)+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		d.w.Close()
		return nil, store.StorageError(err)
	}
	d.r.SetMaxOpenConns(4)
	return d, nil
}

// Close closes the database.
func (d *DB) Close() error {
	d.stmtMu.Lock()
	for _, st := range d.stmts {
		if st != nil {
			st.Close()
		}
	}
	for _, st := range d.rstmts {
		st.Close()
	}
	d.stmts, d.rstmts = nil, nil
	d.stmtMu.Unlock()
	_, _ = d.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	err := d.w.Close()
	if e := d.r.Close(); err == nil {
		err = e
	}
	return err
}

// Path returns the database file's path.
func (d *DB) Path() string { return d.path }

func (d *DB) now() time.Time { return d.clock.Time().UTC() }

// checkHeader refuses a file that is not the county's database.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return model.Errorf(model.ESTORAGE, "无法读取数据库文件 %s：%v", "cannot read the database file %s: %v", path, err)
	}
	defer f.Close()
	var h [100]byte
	n, err := io.ReadFull(f, h[:])
	if n == 0 && err == io.EOF {
		return nil
	}
	if err != nil || string(h[:16]) != "SQLite format 3\x00" {
		return model.Errorf(model.ESTORAGE, "%s 不是县妇计中心数据库，未作任何改动", "%s is not a county database; it was not changed", path)
	}
	app := binary.BigEndian.Uint32(h[68:72])
	if app != 0 && app != ApplicationID {
		return model.Errorf(model.ESTORAGE, "%s 是其他程序（或站点）的数据库，不是县妇计中心的，未作任何改动", "%s is another program's (or a station's) database, not the county's; it was not changed", path)
	}
	if v := int(binary.BigEndian.Uint32(h[60:64])); v > latestVersion() {
		return newerErr(path, v)
	}
	return nil
}

func newerErr(path string, v int) error {
	return model.Errorf(model.ESTORAGE, "%s 由更新版本的 carekiosk 写入（数据版本 %d），请升级 carekiosk；文件未作任何改动", "%s was written by a newer carekiosk (schema %d); upgrade carekiosk. The file was not changed", path, v)
}

// migrations are the county database's schema migrations, embedded in the
// program.
func migrations() []migrate.Migration {
	return migrate.MustLoad(migrationFS, "migrations")
}

func latestVersion() int {
	m := migrations()
	return m[len(m)-1].Version
}

// migrate brings the schema up to date, one transaction per migration.
func (d *DB) migrate() error {
	for _, m := range migrations() {
		err := d.write(context.Background(), func(tx *sql.Tx) error {
			var v int
			if err := tx.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
				return err
			}
			if v > latestVersion() {
				return newerErr(d.path, v)
			}
			if v >= m.Version {
				return nil
			}
			if _, err := tx.Exec(m.SQL); err != nil {
				return model.Errorf(model.ESTORAGE, "数据库升级 %s 失败，未作改动：%v", "database migration %s failed and was rolled back: %v", m.Name, err)
			}
			if _, err := tx.Exec("PRAGMA user_version = " + strconv.Itoa(m.Version)); err != nil {
				return err
			}
			_, err := tx.Exec("PRAGMA application_id = " + strconv.Itoa(ApplicationID))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// write runs fn in one immediate transaction on the writer connection and
// commits it durably; any error rolls everything back.
func (d *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var tx *sql.Tx
	var err error
	for try := 0; ; try++ {
		tx, err = d.w.BeginTx(ctx, nil)
		if err == nil || !store.IsBusy(err) || try == 200 {
			break
		}
		time.Sleep(25 * time.Millisecond)
	}
	if err != nil {
		return store.StorageError(err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return store.StorageError(err)
	}
	return store.StorageError(tx.Commit())
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// fmtTime and parseTime are the station store's, so both databases keep
// times in one text form.
var (
	fmtTime   = store.FormatTime
	parseTime = store.ParseTime
)
