package countydb

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"

	"carekiosk/county"
	"carekiosk/export"
	"carekiosk/model"
)

// Settings keys.
const (
	keyCounty   = "county.name"
	keySignSeed = "county.sign_seed"
	keyIdentity = "county.age_identity"
	keySerial   = "plan.serial"
)

// Init sets up a new county: its name, its keys and the default plan for
// year (the ten units and quotas of 附件3). It refuses a database that is
// already set up, so keys the stations hold are never replaced.
func (d *DB) Init(ctx context.Context, name string, year int, seed []byte, identity string) error {
	name = strings.TrimSpace(name)
	if err := model.CheckText("county", name, 1, 20); err != nil {
		return err
	}
	if _, err := export.ParseIdentity(identity); err != nil || len(seed) != ed25519.SeedSize {
		return model.Errorf(model.EINTERNAL, "密钥无效", "invalid keys")
	}
	err := d.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRow(`SELECT count(*) FROM settings WHERE key = ?`, keySignSeed).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return model.Errorf(model.ECONFLICT, "这个文件夹已经是县妇计中心的数据，未作改动（重新生成密钥会使各站点的计划失效）", "this folder already holds the county's data; nothing was changed (new keys would void every station's plan)")
		}
		for k, v := range map[string]string{keyCounty: name, keySignSeed: hex.EncodeToString(seed), keyIdentity: identity, keySerial: "0"} {
			if _, err := tx.Exec(`INSERT INTO settings (key, value) VALUES (?, ?)`, k, v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return d.SavePlanYear(ctx, model.DefaultPlanYear(year))
}

func (d *DB) setting(ctx context.Context, key string) (string, error) {
	var v string
	err := d.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", model.Errorf(model.ENOTFOUND, "县妇计中心数据库尚未初始化（carekiosk county init）", "the county database is not set up (carekiosk county init)")
	}
	return v, err
}

// County returns the county's name.
func (d *DB) County(ctx context.Context) (string, error) { return d.setting(ctx, keyCounty) }

// Keys returns the county's keys.
func (d *DB) Keys(ctx context.Context) (county.Keys, error) {
	var k county.Keys
	s, err := d.setting(ctx, keySignSeed)
	if err != nil {
		return k, err
	}
	seed, err := hex.DecodeString(s)
	if err != nil || len(seed) != ed25519.SeedSize {
		return k, model.Errorf(model.ESTORAGE, "县妇计中心的签名密钥已损坏", "the county's signing key is damaged")
	}
	k.Sign = ed25519.NewKeyFromSeed(seed)
	id, err := d.setting(ctx, keyIdentity)
	if err != nil {
		return k, err
	}
	k.Identity, err = export.ParseIdentity(id)
	return k, err
}

// SavePlanYear saves one year of the plan: its bands and reporting, and
// its units with their quotas in the given order. A unit is matched by
// name; a new name adds a unit. Units of earlier years not listed keep
// their rows (their history stays) but get no quota for this year.
func (d *DB) SavePlanYear(ctx context.Context, py model.PlanYear) error {
	if err := py.Validate(); err != nil {
		return err
	}
	var bands []string
	for _, b := range py.Bands {
		bands = append(bands, strconv.Itoa(b.Min)+"-"+strconv.Itoa(b.Max))
	}
	now := fmtTime(d.now())
	return d.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO plan_years (year, bands, period, due_day) VALUES (?,?,?,?)
			ON CONFLICT (year) DO UPDATE SET bands = excluded.bands, period = excluded.period, due_day = excluded.due_day`,
			py.Year, strings.Join(bands, ","), py.Period, py.DueDay); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM quotas WHERE year = ?`, py.Year); err != nil {
			return err
		}
		for _, u := range py.Units {
			name := strings.TrimSpace(u.Name)
			var id string
			err := tx.QueryRow(`SELECT id FROM units WHERE name = ?`, name).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				id = newID()
				_, err = tx.Exec(`INSERT INTO units (id, name, ord, created_at) VALUES (?,?,?,?)`, id, name, u.Order, now)
			} else if err == nil {
				_, err = tx.Exec(`UPDATE units SET ord = ? WHERE id = ?`, u.Order, id)
			}
			if err != nil {
				return err
			}
			if _, err := tx.Exec(`INSERT INTO quotas (unit_id, year, sessions) VALUES (?,?,?)`, id, py.Year, u.Quota); err != nil {
				return err
			}
		}
		return nil
	})
}

// PlanYears returns every year of the plan, oldest first, each with its
// units in 序号 order and their quotas.
func (d *DB) PlanYears(ctx context.Context) ([]model.PlanYear, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT year, bands, period, due_day FROM plan_years ORDER BY year`)
	if err != nil {
		return nil, err
	}
	var out []model.PlanYear
	for rows.Next() {
		var py model.PlanYear
		var bands string
		if err := rows.Scan(&py.Year, &bands, &py.Period, &py.DueDay); err != nil {
			rows.Close()
			return nil, err
		}
		for _, s := range strings.Split(bands, ",") {
			b, err := model.ParseAgeBand(s)
			if err != nil {
				rows.Close()
				return nil, err
			}
			py.Bands = append(py.Bands, b)
		}
		out = append(out, py)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Every year's units in one query (the report and the board read
	// the plan each time).
	at := make(map[int]int, len(out))
	for i, py := range out {
		at[py.Year] = i
	}
	urows, err := d.r.QueryContext(ctx, `SELECT q.year, u.id, u.ord, u.name, q.sessions FROM quotas q JOIN units u ON u.id = q.unit_id
		ORDER BY q.year, u.ord, u.name`)
	if err != nil {
		return nil, err
	}
	defer urows.Close()
	for urows.Next() {
		var y int
		var u model.PlanUnit
		if err := urows.Scan(&y, &u.ID, &u.Order, &u.Name, &u.Quota); err != nil {
			return nil, err
		}
		if i, ok := at[y]; ok {
			out[i].Units = append(out[i].Units, u)
		}
	}
	if err := urows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// IssuePlan returns the whole plan with the next serial number, recorded
// as issued; the caller signs it (county.SignPlan) and writes the file.
func (d *DB) IssuePlan(ctx context.Context) (*model.Plan, error) {
	name, err := d.County(ctx)
	if err != nil {
		return nil, err
	}
	keys, err := d.Keys(ctx)
	if err != nil {
		return nil, err
	}
	years, err := d.PlanYears(ctx)
	if err != nil {
		return nil, err
	}
	p := &model.Plan{County: name, IssuedAt: d.now(), Recipient: keys.Identity.Recipient().String(), Years: years,
		SignKey: export.FormatPublicKey(keys.Sign.Public().(ed25519.PublicKey))}
	err = d.write(ctx, func(tx *sql.Tx) error {
		var s string
		if err := tx.QueryRow(`SELECT value FROM settings WHERE key = ?`, keySerial).Scan(&s); err != nil {
			return err
		}
		n, _ := strconv.Atoi(s)
		p.Serial = n + 1
		_, err := tx.Exec(`UPDATE settings SET value = ? WHERE key = ?`, strconv.Itoa(p.Serial), keySerial)
		return err
	})
	return p, err
}

// Units lists every unit the county has planned, in 序号 order.
func (d *DB) Units(ctx context.Context) ([]model.Unit, error) { return units(ctx, d.r) }

func units(ctx context.Context, q querier) ([]model.Unit, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name, ord FROM units ORDER BY ord, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Unit
	for rows.Next() {
		var u model.Unit
		if err := rows.Scan(&u.ID, &u.Name, &u.Order); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// QuotaProgress lists the units of year's plan with their quota and the
// closed sessions the county holds for them dated in that year: from the
// stations' bundles, and from the old statistics tables it imported
// (Paper of them) where no station's record covers the same session.
func (d *DB) QuotaProgress(ctx context.Context, year int) ([]model.QuotaProgress, error) {
	// One snapshot for both counts: a bundle imported between them could
	// count a session from paper and from the station, or from neither.
	tx, err := d.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	y := strconv.Itoa(year)
	rows, err := tx.QueryContext(ctx, `SELECT u.id, u.name, u.ord, q.sessions,
		(SELECT count(*) FROM sessions s WHERE s.unit_id = u.id AND s.state = 'closed' AND s.voided = 0 AND s.date >= ? AND s.date <= ?)
		FROM quotas q JOIN units u ON u.id = q.unit_id WHERE q.year = ? ORDER BY u.ord, u.name`, y+"-01-01", y+"-12-31", year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.QuotaProgress
	for rows.Next() {
		q := model.QuotaProgress{Year: year}
		if err := rows.Scan(&q.Unit.ID, &q.Unit.Name, &q.Unit.Order, &q.Quota, &q.Held); err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, addHistory(ctx, tx, year, out)
}

// addHistory counts in the units' Held (and Paper) the history sessions of
// year that no station's record covers.
func addHistory(ctx context.Context, q querier, year int, out []model.QuotaProgress) error {
	hs, err := historySessions(ctx, q, model.Date{Year: year, Month: 1, Day: 1}, model.Date{Year: year, Month: 12, Day: 31}, "")
	if err != nil {
		return err
	}
	at := make(map[string]int, len(out))
	for i, p := range out {
		at[p.Unit.ID] = i
	}
	for _, h := range hs {
		if i, ok := at[h.UnitID]; ok && !h.Covered {
			out[i].Held++
			out[i].Paper++
		}
	}
	return nil
}
