package store

import (
	"context"
	"sync"
	"time"

	"carekiosk/model"
)

// clockState tracks the clock and the newest record time so writes can
// refuse a clock that went backwards.
type clockState struct {
	mu     sync.Mutex
	clock  model.Clock
	newest time.Time
	loc    *time.Location // the station's zone for messages; nil until read
}

// SetClock replaces the store's clock, e.g. after the instructor confirmed
// today's date on a box whose clock was wrong.
func (s *Store) SetClock(c model.Clock) {
	s.cs.mu.Lock()
	s.cs.clock = c
	s.cs.mu.Unlock()
}

// Now returns the store's current time (UTC).
func (s *Store) Now() time.Time {
	s.cs.mu.Lock()
	defer s.cs.mu.Unlock()
	return s.cs.clock.Time().UTC()
}

// CheckClock reports whether the clock can date a new record: not before
// 2025 and not before the newest record stored.
func (s *Store) CheckClock(ctx context.Context) error {
	s.cs.mu.Lock()
	newest, loc := s.cs.newest, s.cs.loc
	s.cs.mu.Unlock()
	if newest.IsZero() {
		st, err := s.newestRecord(ctx)
		if err != nil {
			return err
		}
		newest = st
		s.noteWritten(newest)
	}
	if loc == nil {
		set, err := s.Settings(ctx)
		if err != nil {
			return err
		}
		loc = set.Location()
		s.noteZone(loc)
	}
	return model.CheckClock(s.Now(), newest, loc)
}

// NewestRecord returns the time of the newest record stored (zero when
// there is none): a confirmed clock may not read earlier.
func (s *Store) NewestRecord(ctx context.Context) (time.Time, error) {
	s.cs.mu.Lock()
	newest := s.cs.newest
	s.cs.mu.Unlock()
	if !newest.IsZero() {
		return newest, nil
	}
	newest, err := s.newestRecord(ctx)
	if err == nil {
		s.noteWritten(newest)
	}
	return newest, err
}

// noteZone keeps the station's zone for the clock's messages.
func (s *Store) noteZone(loc *time.Location) {
	s.cs.mu.Lock()
	s.cs.loc = loc
	s.cs.mu.Unlock()
}

func (s *Store) noteWritten(t time.Time) {
	s.cs.mu.Lock()
	if t.After(s.cs.newest) {
		s.cs.newest = t
	}
	s.cs.mu.Unlock()
}

func (s *Store) newestRecord(ctx context.Context) (time.Time, error) {
	var a, b, c string
	err := s.r.QueryRowContext(ctx, `SELECT
		coalesce((SELECT max(updated_at) FROM sessions), ''),
		coalesce((SELECT signed_at FROM sign_ins ORDER BY rowid DESC LIMIT 1), ''),
		coalesce((SELECT at FROM corrections ORDER BY rowid DESC LIMIT 1), '')`).Scan(&a, &b, &c)
	if err != nil {
		return time.Time{}, storageErr(err)
	}
	var newest time.Time
	for _, s := range []string{a, b, c} {
		if t := parseTime(s); t.After(newest) {
			newest = t
		}
	}
	return newest, nil
}
