package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"carekiosk/model"
)

// bundleStateKey is the settings row that remembers the last station bundle.
const bundleStateKey = "bundle.last"

// BundleState is the last station bundle this installation wrote: the
// county chains bundles by sequence and by the previous bundle's hash, so
// the next bundle must know both.
type BundleState struct {
	// Sequence is the last bundle's number, 0 when none was written.
	Sequence int `json:"sequence"`
	// SHA256 is the hex SHA-256 of the last bundle file, "" when none.
	SHA256    string    `json:"sha256"`
	CreatedAt time.Time `json:"created_at"`
	File      string    `json:"file"`
}

type queryRower interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func readBundleState(ctx context.Context, q queryRower) (BundleState, error) {
	var st BundleState
	var raw string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, bundleStateKey).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, storageErr(err)
	}
	if err := json.Unmarshal([]byte(raw), &st); err != nil {
		return BundleState{}, model.Errorf(model.ESTORAGE, "数据包记录已损坏：%v", "the bundle record is damaged: %v", err)
	}
	return st, nil
}

// BundleState returns the last station bundle written.
func (s *Store) BundleState(ctx context.Context) (BundleState, error) {
	return readBundleState(ctx, s.r)
}

// SaveBundleState records a newly written bundle. It refuses (ECONFLICT)
// unless the stored state still has prevSequence, so two exports running at
// once cannot both claim the same number.
func (s *Store) SaveBundleState(ctx context.Context, prevSequence int, st BundleState) error {
	raw, err := json.Marshal(st)
	if err != nil {
		return err
	}
	return s.write(ctx, func(tx *txn) error {
		var cur BundleState
		var old string
		err := tx.QueryRow(`SELECT value FROM settings WHERE key = ?`, bundleStateKey).Scan(&old)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			if err := json.Unmarshal([]byte(old), &cur); err != nil {
				return model.Errorf(model.ESTORAGE, "数据包记录已损坏：%v", "the bundle record is damaged: %v", err)
			}
		}
		if cur.Sequence != prevSequence {
			return model.Errorf(model.ECONFLICT, "另一次导出已写出第 %d 号数据包，请重新导出", "another export already wrote bundle %d; export again", cur.Sequence)
		}
		_, err = tx.Exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, bundleStateKey, string(raw))
		return err
	})
}
