package countydb

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"strings"

	"carekiosk/county"
	"carekiosk/export"
	"carekiosk/model"
)

// Register records a station's public key as one of unit's stations.
// Registering the same key to the same unit again changes nothing; a key
// already registered to another unit is refused.
func (d *DB) Register(ctx context.Context, pub ed25519.PublicKey, unit string) (*county.Station, error) {
	key := export.FormatPublicKey(pub)
	unit = strings.TrimSpace(unit)
	err := d.write(ctx, func(tx *sql.Tx) error {
		var unitID string
		err := tx.QueryRow(`SELECT id FROM units WHERE name = ?`, unit).Scan(&unitID)
		if errors.Is(err, sql.ErrNoRows) {
			return model.FieldErrorf("unit", "计划中没有单位“%s”；请用计划中的单位名（carekiosk county plan 会列出）", "the plan has no unit %q; use a unit name of the plan (carekiosk county plan lists them)", unit)
		}
		if err != nil {
			return err
		}
		var have, haveUnit string
		err = tx.QueryRow(`SELECT s.unit_id, u.name FROM stations s JOIN units u ON u.id = s.unit_id WHERE s.public_key = ?`, key).Scan(&have, &haveUnit)
		switch {
		case err == nil && have == unitID:
			return nil
		case err == nil:
			return model.Errorf(model.ECONFLICT, "这个站点（指纹 %s）已登记在“%s”，未作改动", "this station (%s) is already registered to %s; nothing was changed", export.Fingerprint(pub), haveUnit)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		_, err = tx.Exec(`INSERT INTO stations (id, public_key, fingerprint, unit_id, registered_at) VALUES (?,?,?,?,?)`,
			newID(), key, export.Fingerprint(pub), unitID, fmtTime(d.now()))
		return err
	})
	if err != nil {
		return nil, err
	}
	return d.StationByKey(ctx, key)
}
