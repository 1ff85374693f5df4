-- Sessions units held before carekiosk, imported by the county from their
-- old 活动统计表 (Excel or CSV): one row each, with the file, sheet and row
-- it came from. No personal data. natural_key (unit, date, place and
-- content, compared without spaces and full-width forms) makes importing
-- the same row again a no-op. A session a station's bundle also holds
-- (same unit, date and place) is kept here but counted from the station.
CREATE TABLE history_sessions (
	id           TEXT PRIMARY KEY,
	unit_id      TEXT NOT NULL REFERENCES units(id),
	date         TEXT NOT NULL,
	place        TEXT NOT NULL,
	title        TEXT NOT NULL,
	band_min     INTEGER NOT NULL DEFAULT 0,
	band_max     INTEGER NOT NULL DEFAULT 0,
	families     INTEGER NOT NULL DEFAULT -1,  -- -1: the sheet left it empty
	natural_key  TEXT NOT NULL UNIQUE,
	source_file  TEXT NOT NULL,
	source_sheet TEXT NOT NULL,
	source_row   INTEGER NOT NULL,
	imported_at  TEXT NOT NULL
);
CREATE INDEX history_sessions_unit_date ON history_sessions(unit_id, date);
CREATE INDEX history_sessions_date ON history_sessions(date);
