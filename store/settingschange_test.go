package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// TestSettingsChangeAllOrNothing: the settings screen's save is one
// transaction. A quota for a unit that does not exist fails after the new
// unit, station and instructor were written in it: none of them, nor the
// settings, is stored. The same change without the bad quota stores all.
func TestSettingsChangeAllOrNothing(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	before, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	set := before
	set.County = "景宁县"
	ch := model.SettingsChange{Settings: set, UnitName: "船寮片卫生院", StationName: "船寮镇卫生院儿童保健室", Instructor: "周丽",
		QuotaYear: 2026, Quotas: map[string]int{before.UnitID: 9, "no-such-unit": 3}}
	if _, err := s.SaveSettingsChange(ctx, ch); err == nil {
		t.Fatal("a quota for a unit that does not exist was stored")
	}
	after, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after.County != before.County || after.UnitID != before.UnitID || after.StationID != before.StationID {
		t.Errorf("the settings changed although the save failed: %+v", after)
	}
	units, _ := s.Units(ctx)
	stations, _ := s.Stations(ctx)
	instructors, _ := s.Instructors(ctx)
	progress, _ := s.QuotaProgress(ctx, 2026)
	if len(units) != 1 || len(stations) != 1 || len(instructors) != 0 {
		t.Errorf("a failed save left %d units, %d stations, %d instructors; want 1, 1, 0", len(units), len(stations), len(instructors))
	}
	for _, p := range progress {
		if p.Quota != 0 {
			t.Errorf("a failed save left a quota: %+v", p)
		}
	}

	delete(ch.Quotas, "no-such-unit")
	saved, err := s.SaveSettingsChange(ctx, ch)
	if err != nil {
		t.Fatal(err)
	}
	units, _ = s.Units(ctx)
	stations, _ = s.Stations(ctx)
	instructors, _ = s.Instructors(ctx)
	if len(units) != 2 || len(stations) != 2 || len(instructors) != 1 {
		t.Fatalf("the save stored %d units, %d stations, %d instructors; want 2, 2, 1", len(units), len(stations), len(instructors))
	}
	if saved.County != "景宁县" || saved.UnitID != units[1].ID || saved.StationID != stations[1].ID || stations[1].UnitID != units[1].ID {
		t.Errorf("the settings are not the ones saved: %+v", saved)
	}
	if got, _ := s.Settings(ctx); got.UnitID != saved.UnitID || got.County != saved.County {
		t.Errorf("stored settings %+v, returned %+v", got, saved)
	}
	progress, _ = s.QuotaProgress(ctx, 2026)
	for _, p := range progress {
		if p.Unit.ID == before.UnitID && p.Quota != 9 {
			t.Errorf("quota of the first unit %d, want 9", p.Quota)
		}
	}

	// Saving again with the same names makes nothing new.
	ch.Instructor = ""
	if _, err := s.SaveSettingsChange(ctx, ch); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.Units(ctx); len(u) != 2 {
		t.Errorf("a second save made another unit: %d", len(u))
	}
	if st, _ := s.Stations(ctx); len(st) != 2 {
		t.Errorf("a second save made another station: %d", len(st))
	}
}
