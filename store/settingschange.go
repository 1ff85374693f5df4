package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"

	"carekiosk/model"
)

// SaveSettingsChange stores one save of the settings screen in a single
// transaction: the unit and the station (made when new), the instructor,
// the quotas and the settings themselves, which it returns with the unit
// and station filled in. When any part fails nothing is stored.
func (s *Store) SaveSettingsChange(ctx context.Context, ch model.SettingsChange) (model.Settings, error) {
	ch.UnitName, ch.StationName, ch.Instructor = strings.TrimSpace(ch.UnitName), strings.TrimSpace(ch.StationName), strings.TrimSpace(ch.Instructor)
	if err := ch.Validate(); err != nil {
		return model.Settings{}, err
	}
	if err := s.CheckClock(ctx); err != nil {
		return model.Settings{}, err
	}
	set := ch.Settings
	err := s.write(ctx, func(tx *txn) error {
		var err error
		if set.UnitID, err = unitNamed(tx, ch.UnitName); err != nil {
			return err
		}
		if set.StationID, err = stationNamed(tx, ch.StationName, set.UnitID); err != nil {
			return err
		}
		if ch.Instructor != "" {
			if err := insertInstructor(tx, &model.Instructor{ID: newID(), Name: ch.Instructor, UnitID: set.UnitID}); err != nil {
				return err
			}
		}
		for _, id := range slices.Sorted(maps.Keys(ch.Quotas)) {
			if err := upsertQuota(tx, model.Quota{UnitID: id, Year: ch.QuotaYear, Sessions: ch.Quotas[id]}); err != nil {
				return err
			}
		}
		raw, err := json.Marshal(set)
		if err != nil {
			return err
		}
		return putSettings(tx, raw)
	})
	if err != nil {
		return model.Settings{}, err
	}
	s.noteZone(set.Location())
	return set, nil
}

// unitNamed finds the unit called name inside tx, or makes it, last in the
// quota table's order.
func unitNamed(tx *txn, name string) (string, error) {
	var id string
	err := tx.QueryRow(`SELECT id FROM units WHERE name = ?`, name).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	var n int
	if err := tx.QueryRow(`SELECT count(*) FROM units`).Scan(&n); err != nil {
		return "", err
	}
	u := &model.Unit{ID: newID(), Name: name, Order: n + 1}
	return u.ID, insertUnit(tx, u)
}

// stationNamed finds the unit's station called name inside tx, or makes it.
func stationNamed(tx *txn, name, unitID string) (string, error) {
	var id string
	err := tx.QueryRow(`SELECT id FROM stations WHERE name = ? AND unit_id = ? ORDER BY created_at LIMIT 1`, name, unitID).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	x := &model.Station{ID: newID(), Name: name, UnitID: unitID}
	return x.ID, insertStation(tx, x)
}
