package store

import "time"

// Helpers the county's database (package countydb) shares with the
// station's, so both open files and report storage errors the same way.

// FileURI returns the SQLite URI of the file at path, with SQLite's URI
// characters escaped (a folder named like "站点#2" opens the right file).
func FileURI(path string) string { return fileURI(path) }

// StorageError turns a driver error into a *model.Error a person can read
// (full disk, damaged file, busy); other errors are wrapped.
func StorageError(err error) error { return storageErr(err) }

// IsBusy reports whether err is SQLite's "database is locked".
func IsBusy(err error) bool { return isBusy(err) }

// FormatTime writes t as the stored UTC text both databases use ("" for
// the zero time).
func FormatTime(t time.Time) string { return fmtTime(t) }

// ParseTime reads a time FormatTime wrote (zero for "").
func ParseTime(s string) time.Time { return parseTime(s) }
