package store

import (
	"context"

	"carekiosk/model"
)

// stationWordsLimit bounds each list StationWords reads: the newest are what
// people type again.
const stationWordsLimit = 3000

// stationWordQueries read, newest first, the names (children, caregivers and
// instructors; none of an erased family) and then the texts of the sessions.
var stationWordQueries = []struct {
	names bool
	sql   string
}{
	{true, `SELECT c.name FROM children c WHERE NOT EXISTS (SELECT 1 FROM family_erasures e WHERE e.family_id = c.family_id) ORDER BY c.rowid DESC LIMIT ?`},
	{true, `SELECT g.name FROM caregivers g WHERE NOT EXISTS (SELECT 1 FROM family_erasures e WHERE e.family_id = g.family_id) ORDER BY g.rowid DESC LIMIT ?`},
	{true, `SELECT name FROM instructors ORDER BY rowid DESC LIMIT ?`},
	{false, `SELECT title || '。' || sum_handover || '。' || sum_cooperation || '。' || sum_incidents || '。' || sum_other FROM sessions ORDER BY date DESC LIMIT ?`},
	{false, `SELECT notes FROM segments WHERE notes <> '' ORDER BY rowid DESC LIMIT ?`},
}

// StationWords returns the names and texts the station has written, for the
// kiosk's pinyin input to rank first.
func (s *Store) StationWords(ctx context.Context) (model.StationWords, error) {
	var w model.StationWords
	for _, q := range stationWordQueries {
		rows, err := s.r.QueryContext(ctx, q.sql, stationWordsLimit)
		if err != nil {
			return w, storageErr(err)
		}
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return w, storageErr(err)
			}
			if q.names {
				w.Names = append(w.Names, v)
			} else {
				w.Texts = append(w.Texts, v)
			}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return w, storageErr(err)
		}
	}
	return w, nil
}
