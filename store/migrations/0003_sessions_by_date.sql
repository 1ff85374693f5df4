-- Every listing of sessions (history, exports, the statistics table) is
-- ordered by date and then by when the session was planned. With both in
-- one index SQLite walks it in order instead of sorting the whole history
-- in a temporary b-tree. It serves every date-range lookup too, so the
-- date-only index goes.
CREATE INDEX sessions_date_created ON sessions(date, created_at);
DROP INDEX sessions_date;

-- The quota sheet counts each unit's closed sessions of a year; with the
-- state in the index the count never reads the (wide) session rows.
CREATE INDEX sessions_unit_date_state ON sessions(unit_id, date, state);
DROP INDEX sessions_unit_date;
