-- Records that began on paper: sessions and sign-ins imported from the
-- sheets units kept before the kiosk (签到表, 统计表), and sessions entered
-- afterwards from a paper sheet (纸质补录). The records are dated as held;
-- when they were entered and from which file, sheet and row is kept here.

-- '' = held on the kiosk; 'imported' = from a kept sheet; 'backfill' =
-- entered by hand from a paper sheet.
ALTER TABLE sessions ADD COLUMN origin TEXT NOT NULL DEFAULT '';

CREATE TABLE paper_sources (
	record     TEXT NOT NULL CHECK (record IN ('session','sign_in')),
	record_id  TEXT NOT NULL,
	file       TEXT NOT NULL,
	sheet      TEXT NOT NULL,
	row        INTEGER NOT NULL,
	-- the 参与家庭（组） a statistics table reported for the session; -1 none
	families   INTEGER NOT NULL DEFAULT -1,
	entered_at TEXT NOT NULL,
	PRIMARY KEY (record, record_id)
);

-- A sign-in written on paper gets the method 'paper'. SQLite cannot
-- change a CHECK in place, so the table is rebuilt with its indexes and
-- count triggers (dropping a table fires none of its triggers).
CREATE TABLE sign_ins_new (
	id              TEXT PRIMARY KEY,
	session_id      TEXT NOT NULL REFERENCES sessions(id),
	seq             INTEGER NOT NULL,
	child_id        TEXT NOT NULL REFERENCES children(id),
	family_id       TEXT NOT NULL REFERENCES families(id),
	caregiver_id    TEXT NOT NULL REFERENCES caregivers(id),
	relation        TEXT NOT NULL,
	age_months      INTEGER NOT NULL,
	method          TEXT NOT NULL CHECK (method IN ('phone','kiosk','card','paper')),
	signature_png   BLOB,
	signed_name     TEXT NOT NULL DEFAULT '',
	consent_version TEXT NOT NULL DEFAULT '',
	nonce           TEXT,
	signed_at       TEXT NOT NULL,
	outside_band    INTEGER NOT NULL DEFAULT 0,
	UNIQUE (session_id, child_id),
	UNIQUE (session_id, seq),
	CHECK (signature_png IS NOT NULL OR signed_name <> '')
);
INSERT INTO sign_ins_new SELECT * FROM sign_ins ORDER BY rowid;
DROP TABLE sign_ins;
ALTER TABLE sign_ins_new RENAME TO sign_ins;
CREATE UNIQUE INDEX sign_ins_nonce ON sign_ins(session_id, nonce, child_id) WHERE nonce IS NOT NULL;
CREATE INDEX sign_ins_child ON sign_ins(child_id);
CREATE INDEX sign_ins_session_family ON sign_ins(session_id, family_id);

CREATE TRIGGER sign_ins_count_insert AFTER INSERT ON sign_ins
BEGIN
	UPDATE sessions SET
		signin_count = signin_count + 1,
		family_count = family_count + NOT EXISTS (
			SELECT 1 FROM sign_ins WHERE session_id = NEW.session_id AND family_id = NEW.family_id AND rowid <> NEW.rowid)
	WHERE id = NEW.session_id;
END;

CREATE TRIGGER sign_ins_count_delete AFTER DELETE ON sign_ins
BEGIN
	UPDATE sessions SET
		signin_count = signin_count - 1,
		family_count = family_count - NOT EXISTS (
			SELECT 1 FROM sign_ins WHERE session_id = OLD.session_id AND family_id = OLD.family_id)
	WHERE id = OLD.session_id;
END;
