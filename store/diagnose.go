package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"carekiosk/model"
)

// openFailure explains why the database at path could not be opened or set
// up. Only SQLite's own verdict (a corrupt page, not a database) calls it
// damaged and sends the instructor to a backup; an I/O or open error is
// usually the storage — full, read-only, or not this user's to write — and
// is named as such, with what to do: restoring a backup over an intact file
// would throw good records away.
func openFailure(path string, cause error) error {
	var me *model.Error
	if errors.As(cause, &me) {
		return cause
	}
	if isCorrupt(cause) {
		return damagedErr(path, cause)
	}
	if err := storageProblem(path); err != nil {
		return err
	}
	return model.Errorf(model.ESTORAGE, "无法打开数据库文件 %s（%v），文件未作改动。请检查存储设备（SD 卡、U 盘）是否插好、是否有坏道，然后重新启动；仍不行请联系技术人员", "cannot open the database file %s (%v); it was not changed. Check the storage (SD card, USB stick) and start again; if it still fails, contact support", path, cause)
}

// isCorrupt reports whether SQLite found the file itself damaged.
func isCorrupt(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}

// storageProblem looks at the database's folder as the operating system
// sees it: whether the files can be opened for writing and whether a small
// file can be written and synced there (removed at once). It returns the
// explained problem, or nil when it finds none.
func storageProblem(path string) error {
	dir := filepath.Dir(path)
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		f, err := os.OpenFile(p, os.O_RDWR, 0)
		if err == nil {
			f.Close()
			continue
		}
		if e := explainStorage(dir, err); e != nil {
			return e
		}
	}
	f, err := os.CreateTemp(dir, ".carekiosk-probe-*")
	if err != nil {
		return explainStorage(dir, err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	// Room for SQLite's -shm and a few pages of -wal.
	_, err = f.Write(make([]byte, 64<<10))
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		return explainStorage(dir, err)
	}
	return nil
}

// explainStorage turns an operating-system error about the data folder into
// a message that says what is wrong and what to do.
func explainStorage(dir string, err error) error {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return model.Errorf(model.EFULL, "数据文件夹 %s 所在的磁盘已满，无法启动。已有记录完好，未作改动。请删除不需要的文件腾出空间（至少几 MB），然后重新启动；不要用备份覆盖", "the disk is full: the data folder %s has no room, so the kiosk cannot start. The records are intact and were not changed. Delete files you do not need to free some space (a few MB at least), then start again: the records need no backup", dir)
	case errors.Is(err, syscall.EROFS):
		return model.Errorf(model.ESTORAGE, "数据文件夹 %s 所在的存储是只读的，无法记录。已有记录完好，未作改动。请把它重新挂载为可写（或拨开 SD 卡、U 盘的写保护开关），然后重新启动；不要用备份覆盖", "the data folder %s is on read-only storage, so nothing can be recorded. The records are intact and were not changed. Remount it read-write (or slide off the card's write-protect switch), then start again: the records need no backup", dir)
	case errors.Is(err, fs.ErrPermission):
		return model.Errorf(model.ESTORAGE, "没有权限写入数据文件夹 %s 或其中的数据库文件（%v）。已有记录完好，未作改动。请技术人员把文件夹和其中的文件交给运行 carekiosk 的用户（例如 sudo chown -R carekiosk: %s），然后重新启动；不要用备份覆盖", "no permission to write the data folder %s or its database files (%v). The records are intact and were not changed. Have support give the folder and its files to the user that runs carekiosk (e.g. sudo chown -R carekiosk: %s), then start again: the records need no backup", dir, err, dir)
	}
	return nil
}
