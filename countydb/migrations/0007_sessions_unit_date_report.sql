-- The county report counts each unit's sessions of a range before it
-- writes the first row of 活动统计表 (its second line says how many there
-- are), then reads them unit by unit. With voided in sessions_unit_date
-- the count reads that small index alone, not every session's row; and
-- sessions_report holds every column the report's rows are made of, in
-- the order they are listed (unit, date, creation), so they are read
-- from it alone.
DROP INDEX sessions_unit_date;
CREATE INDEX sessions_unit_date ON sessions(unit_id, date, voided);
CREATE INDEX sessions_report ON sessions(unit_id, date, voided, created_at,
	id, station_name, band_min, band_max, title, areas, state, signin_count, family_count, origin);
