-- A session that began on paper keeps its mark at the county as at the
-- station: origin is the bundle's "backfill" (纸质补录, entered after a
-- session held on paper) or "imported" (纸质记录导入, from a station's
-- old sheets); '' for a session held on the kiosk. Sessions stored before
-- this column take it from the newest line the county kept of them.
ALTER TABLE sessions ADD COLUMN origin TEXT NOT NULL DEFAULT '';
UPDATE sessions SET origin = coalesce((SELECT json_extract(r.body, '$.origin') FROM records r
	WHERE r.type = 'session' AND r.entity_id = sessions.id ORDER BY r.revision DESC LIMIT 1), '');
