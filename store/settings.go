package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"carekiosk/model"
)

const settingsKey = "settings"

// Settings returns the saved settings, or the defaults when none are saved.
func (s *Store) Settings(ctx context.Context) (model.Settings, error) {
	return readSettings(ctx, s.r)
}

// readSettings reads the saved settings through the read pool or a
// snapshot, falling back to the defaults when none are saved.
func readSettings(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}) (model.Settings, error) {
	set := model.DefaultSettings()
	var raw string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingsKey).Scan(&raw)
	if err == sql.ErrNoRows {
		return set, nil
	}
	if err != nil {
		return set, storageErr(err)
	}
	if err := json.Unmarshal([]byte(raw), &set); err != nil {
		return model.DefaultSettings(), model.Errorf(model.ESTORAGE, "设置已损坏：%v", "the settings are damaged: %v", err)
	}
	if len(set.Bands) == 0 {
		set.Bands = append([]model.AgeBand(nil), model.DefaultAgeBands...)
	}
	return set, nil
}

// SaveSettings validates and saves the settings.
func (s *Store) SaveSettings(ctx context.Context, set model.Settings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	raw, err := json.Marshal(set)
	if err != nil {
		return err
	}
	err = s.write(ctx, func(tx *txn) error { return putSettings(tx, raw) })
	if err == nil {
		s.noteZone(set.Location())
	}
	return err
}

// putSettings stores the settings as JSON inside tx.
func putSettings(tx *txn, raw []byte) error {
	_, err := tx.Exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, settingsKey, string(raw))
	return err
}

// Secret returns a named per-installation secret (random, 32 bytes), made
// and stored on first use: the phone page's token key, the station's signing
// key seed.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	key := "secret." + name
	var raw []byte
	err := s.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&raw)
	if err == nil && len(raw) == 64 {
		return decodeHex(raw)
	}
	if err != nil && err != sql.ErrNoRows {
		return nil, storageErr(err)
	}
	fresh := randomHex(32)
	err = s.write(ctx, func(tx *txn) error {
		// Another caller may have made it first: keep theirs.
		_, err := tx.Exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, key, fresh)
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := s.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&raw); err != nil {
		return nil, storageErr(err)
	}
	return decodeHex(raw)
}

// Stats counts what the database holds.
func (s *Store) Stats(ctx context.Context) (model.Stats, error) {
	var st model.Stats
	var newest string
	err := s.r.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM sessions),
		(SELECT count(*) FROM sessions WHERE state = 'closed'),
		(SELECT count(*) FROM sign_ins),
		(SELECT count(*) FROM families),
		(SELECT count(*) FROM children),
		(SELECT count(*) FROM corrections),
		coalesce((SELECT max(date) FROM sessions), '')`).Scan(&st.Sessions, &st.Closed, &st.SignIns, &st.Families, &st.Children, &st.Corrections, &newest)
	if err != nil {
		return st, storageErr(err)
	}
	st.NewestSession = parseDate(newest)
	st.NewestRecord, err = s.newestRecord(ctx)
	return st, err
}
