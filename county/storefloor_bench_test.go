package county_test

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"filippo.io/age"

	"carekiosk/export"
	"carekiosk/store"
)

// BenchmarkBundleStoreFloor is what any durable import of the same bundles
// must cost at least: the read floor (decrypt, verify, unpack) plus one bare
// INSERT of each record line (and each signature image) into an empty
// SQLite table, one durable transaction per bundle, with the county
// database's pragmas. BenchmarkCountyImport does the same reading and, per
// record, keeps the line by record_id and upserts its typed row.
func BenchmarkBundleStoreFloor(b *testing.B) {
	y := makeBenchYear(b)
	id, err := age.ParseX25519Identity(y.identity)
	if err != nil {
		b.Fatal(err)
	}
	var cpu time.Duration
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		db := rawStore(b)
		b.StartTimer()
		start := cpuTime()
		for _, path := range y.bundles {
			bd := readBundle(b, path, id)
			storeRaw(b, db, bd)
		}
		cpu += cpuTime() - start
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	reportCPU(b, cpu)
}

// rawStore opens an empty SQLite database with one table of lines.
func rawStore(b *testing.B) *sql.DB {
	path := filepath.Join(b.TempDir(), "raw.db")
	db, err := sql.Open("sqlite", store.FileURI(path)+"?_txlock=immediate&_pragma=busy_timeout(10000)&_pragma=synchronous(FULL)&_pragma=journal_mode(WAL)")
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE lines (record_id TEXT PRIMARY KEY, body BLOB NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	return db
}

// readBundle decrypts and reads one sealed bundle, as the read floor does.
func readBundle(b *testing.B, path string, id *age.X25519Identity) *export.Bundle {
	raw, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	r, n, err := export.Unseal(bytes.NewReader(raw), int64(len(raw)), id)
	if err != nil {
		b.Fatal(err)
	}
	plain := make([]byte, n)
	if _, err := r.ReadAt(plain, 0); err != nil && err != io.EOF {
		b.Fatal(err)
	}
	bd, err := export.ReadBundle(bytes.NewReader(plain), n, nil)
	if err != nil {
		b.Fatal(err)
	}
	return bd
}

// storeRaw inserts every line and image of bd in one durable transaction.
func storeRaw(b *testing.B, db *sql.DB, bd *export.Bundle) {
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	ins, err := tx.Prepare(`INSERT INTO lines (record_id, body) VALUES (?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	put := func(key string, body []byte) {
		if _, err := ins.Exec(key, body); err != nil {
			b.Fatal(err)
		}
	}
	for i, l := range bd.Sessions {
		put(l.Rec.ID+"#"+strconv.Itoa(i), l.Raw)
	}
	for _, l := range bd.Families {
		put(l.Rec.ID, l.Raw)
	}
	for _, l := range bd.Children {
		put(l.Rec.ID, l.Raw)
	}
	for _, l := range bd.Caregivers {
		put(l.Rec.ID, l.Raw)
	}
	for _, l := range bd.SignIns {
		put(l.Rec.ID, l.Raw)
	}
	for name, img := range bd.Signatures {
		put(name, img)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}
