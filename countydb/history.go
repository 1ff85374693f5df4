package countydb

import (
	"context"
	"database/sql"
	"errors"
	"sort"

	"carekiosk/county"
	"carekiosk/model"
)

// txLike is a transaction the history import reads and writes through.
type txLike interface {
	QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row
	ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error)
}

// ImportHistory stores the sessions of old statistics tables in one
// transaction (county.HistoryStore): a session whose key is stored
// already is left as it is, and each outcome says whether a station's
// bundle holds the same session. A dry run reads the same and stores
// nothing.
func (d *DB) ImportHistory(ctx context.Context, list []county.HistorySession, dryRun bool) ([]county.HistoryOutcome, error) {
	var out []county.HistoryOutcome
	run := func(tx txLike) error {
		out = make([]county.HistoryOutcome, len(list))
		for i, h := range list {
			o, err := d.importHistoryOne(ctx, tx, h, dryRun)
			if err != nil {
				return err
			}
			out[i] = o
		}
		return coverOutcomes(ctx, tx, list, out)
	}
	if dryRun {
		tx, err := d.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return nil, err
		}
		defer tx.Rollback()
		return out, run(tx)
	}
	err := d.write(ctx, func(tx *sql.Tx) error { return run(tx) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// importHistoryOne stores one history session unless its key is there.
func (d *DB) importHistoryOne(ctx context.Context, tx txLike, h county.HistorySession, dryRun bool) (county.HistoryOutcome, error) {
	var o county.HistoryOutcome
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM history_sessions WHERE natural_key = ?`, h.Key()).Scan(&id)
	switch {
	case err == nil:
		return o, nil
	case !errors.Is(err, sql.ErrNoRows):
		return o, err
	}
	o.New = true
	if dryRun {
		return o, nil
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO history_sessions (id, unit_id, date, place, title, band_min, band_max, families, natural_key,
		source_file, source_sheet, source_row, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		newID(), h.UnitID, h.Date.String(), h.Place, h.Title, h.Band.Min, h.Band.Max, h.Families, h.Key(),
		h.Source.File, h.Source.Sheet, h.Source.Row, fmtTime(d.now()))
	return o, err
}

// coverOutcomes sets each outcome's Covered as the board will count it:
// over the rows stored on those dates and those of list (a dry run stores
// none), one station session standing in for one row of paper.
func coverOutcomes(ctx context.Context, q querier, list []county.HistorySession, out []county.HistoryOutcome) error {
	if len(list) == 0 {
		return nil
	}
	lo, hi := list[0].Date, list[0].Date
	for _, h := range list {
		if h.Date.Before(lo) {
			lo = h.Date
		}
		if hi.Before(h.Date) {
			hi = h.Date
		}
	}
	stored, err := historySessions(ctx, q, lo, hi, "")
	if err != nil {
		return err
	}
	seen := make(map[string]bool, len(stored))
	for _, h := range stored {
		seen[h.Key()] = true
	}
	all := stored
	for _, h := range list {
		if !seen[h.Key()] {
			seen[h.Key()] = true
			all = append(all, h)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Date.Before(all[j].Date) })
	if err := markCovered(ctx, q, all); err != nil {
		return err
	}
	covered := make(map[string]bool, len(all))
	for _, h := range all {
		covered[h.Key()] = h.Covered
	}
	for i, h := range list {
		out[i].Covered = covered[h.Key()]
	}
	return nil
}

// HistorySessions lists the history the county imported for f's range and
// unit (f.Closed is ignored: all were held), by date, each marked Covered
// when a station's record of it exists.
func (d *DB) HistorySessions(ctx context.Context, f county.SessionFilter) ([]county.HistorySession, error) {
	return historySessions(ctx, d.r, f.From, f.To, f.UnitID)
}

// historySessions reads the history of from..to (open ends when zero) for
// one unit ("" all) and marks those a station's record covers.
func historySessions(ctx context.Context, q querier, from, to model.Date, unitID string) ([]county.HistorySession, error) {
	where, args := ` WHERE 1=1`, []any{}
	if !from.IsZero() {
		where, args = where+` AND h.date >= ?`, append(args, from.String())
	}
	if !to.IsZero() {
		where, args = where+` AND h.date <= ?`, append(args, to.String())
	}
	if unitID != "" {
		where, args = where+` AND h.unit_id = ?`, append(args, unitID)
	}
	rows, err := q.QueryContext(ctx, `SELECT h.id, h.unit_id, u.name, h.date, h.place, h.title, h.band_min, h.band_max, h.families,
		h.source_file, h.source_sheet, h.source_row, h.imported_at FROM history_sessions h JOIN units u ON u.id = h.unit_id`+where+
		` ORDER BY h.date, u.ord, h.source_file, h.source_sheet, h.source_row`, args...)
	if err != nil {
		return nil, err
	}
	var out []county.HistorySession
	for rows.Next() {
		var h county.HistorySession
		var date, at string
		if err := rows.Scan(&h.ID, &h.UnitID, &h.Unit, &date, &h.Place, &h.Title, &h.Band.Min, &h.Band.Max, &h.Families,
			&h.Source.File, &h.Source.Sheet, &h.Source.Row, &at); err != nil {
			rows.Close()
			return nil, err
		}
		h.Date, _ = model.ParseDate(date)
		h.ImportedAt = parseTime(at)
		out = append(out, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, markCovered(ctx, q, out)
}

// markCovered marks the history sessions a station's record covers: one
// read of the stations' closed sessions on those dates. A station's
// session covers one row of paper of its unit, date and place — the one of
// the same 活动内容 first — so a second group held that day that only the
// paper records still counts.
func markCovered(ctx context.Context, q querier, hs []county.HistorySession) error {
	if len(hs) == 0 {
		return nil
	}
	rows, err := q.QueryContext(ctx, `SELECT unit_id, date, station_name, title FROM sessions WHERE state = 'closed' AND voided = 0 AND date >= ? AND date <= ?`,
		hs[0].Date.String(), hs[len(hs)-1].Date.String())
	if err != nil {
		return err
	}
	defer rows.Close()
	held := map[string][]string{} // unit|date|place → the station sessions' contents
	for rows.Next() {
		var unit, date, name, title string
		if err := rows.Scan(&unit, &date, &name, &title); err != nil {
			return err
		}
		k := unit + "|" + date + "|" + model.FoldName(name)
		held[k] = append(held[k], model.FoldName(title))
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rowsOf := map[string][]int{}
	for i := range hs {
		hs[i].Covered = false
		k := hs[i].UnitID + "|" + hs[i].Date.String() + "|" + model.FoldName(hs[i].Place)
		rowsOf[k] = append(rowsOf[k], i)
	}
	for k, idx := range rowsOf {
		coverRows(hs, idx, held[k])
	}
	return nil
}

// coverRows lets each of the station sessions (by content) cover one of the
// rows idx of hs: first a row of the same content, then any row left.
func coverRows(hs []county.HistorySession, idx []int, titles []string) {
	used := make([]bool, len(titles))
	left := len(titles)
	for _, i := range idx {
		for j, t := range titles {
			if !used[j] && t == model.FoldName(hs[i].Title) {
				used[j], hs[i].Covered = true, true
				left--
				break
			}
		}
	}
	for _, i := range idx {
		if left == 0 {
			return
		}
		if !hs[i].Covered {
			hs[i].Covered = true
			left--
		}
	}
}
