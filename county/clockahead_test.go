package county_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekiosk/export"
	"carekiosk/store"
)

// TestImportClockAhead: a bundle made by a station clock an hour or more
// ahead of the county's is flagged, its time shown in China time as every
// time a person reads; a few minutes' drift is not flagged.
func TestImportClockAhead(t *testing.T) {
	for _, c := range []struct {
		ahead   time.Duration
		flagged bool
		made    string // the bundle's time as the note shows it
	}{
		{10 * time.Minute, false, ""},
		{8 * time.Hour, true, "2026-12-28 18:00"},  // a UTC box set to China time
		{14 * time.Hour, true, "2026-12-29 00:00"}, // the next day in China
	} {
		ctx := context.Background()
		db := newCounty(t)
		dir := filepath.Join(t.TempDir(), "站点")
		s, err := store.Open(dir, store.Options{Clock: fixedClock(stationNow.Add(c.ahead))})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		u, _ := s.CreateUnit(ctx, "温溪片卫生院", 1)
		x, _ := s.CreateStation(ctx, "温溪镇卫生院儿童保健室", u.ID)
		set, _ := s.Settings(ctx)
		set.UnitID, set.StationID = u.ID, x.ID
		if err := s.SaveSettings(ctx, set); err != nil {
			t.Fatal(err)
		}
		pub, _ := export.PublicKey(ctx, s)
		if _, err := db.Register(ctx, pub, "温溪片卫生院"); err != nil {
			t.Fatal(err)
		}
		st := &testStation{dir: dir, s: s, unit: "温溪片卫生院"}
		r := importOne(t, db, st.export(t, t.TempDir()), stationNow)
		if r.Err != nil {
			t.Fatal(r.Err)
		}
		notes := strings.Join(r.Notes, "\n")
		if got := strings.Contains(notes, "时钟超前"); got != c.flagged {
			t.Errorf("%s ahead: flagged %v, want %v\n%s", c.ahead, got, c.flagged, notes)
		}
		if c.flagged && (!strings.Contains(notes, "生成时间 "+c.made) || !strings.Contains(notes, "2026-12-28 10:00") || strings.Contains(notes, "Z")) {
			t.Errorf("%s ahead: the note does not show the times in China time:\n%s", c.ahead, notes)
		}
	}
}
