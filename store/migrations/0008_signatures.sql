-- A caregiver signs once for all the children of one sign-in: the drawing
-- is stored once, in signatures, and each sign-in names it. (Before, each
-- child's row held its own copy: four siblings and a 200 KB drawing stored
-- 800 KB.) Rows written before keep their own copy in signature_png.
CREATE TABLE signatures (
	id         TEXT PRIMARY KEY,
	png        BLOB NOT NULL,
	created_at TEXT NOT NULL
);

-- sign_ins is rebuilt (with its indexes and count triggers) to let a row
-- name its signature instead of holding it: its CHECK required
-- signature_png or a typed name.
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
	signature_id    TEXT REFERENCES signatures(id),
	UNIQUE (session_id, child_id),
	UNIQUE (session_id, seq),
	CHECK (signature_png IS NOT NULL OR signature_id IS NOT NULL OR signed_name <> '')
);
INSERT INTO sign_ins_new (id, session_id, seq, child_id, family_id, caregiver_id, relation, age_months, method,
	signature_png, signed_name, consent_version, nonce, signed_at, outside_band)
	SELECT id, session_id, seq, child_id, family_id, caregiver_id, relation, age_months, method,
	signature_png, signed_name, consent_version, nonce, signed_at, outside_band FROM sign_ins ORDER BY rowid;
DROP TABLE sign_ins;
ALTER TABLE sign_ins_new RENAME TO sign_ins;

CREATE UNIQUE INDEX sign_ins_nonce ON sign_ins(session_id, nonce, child_id) WHERE nonce IS NOT NULL;
CREATE INDEX sign_ins_child ON sign_ins(child_id);
CREATE INDEX sign_ins_session_family ON sign_ins(session_id, family_id);
CREATE INDEX sign_ins_signature ON sign_ins(signature_id) WHERE signature_id IS NOT NULL;

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

-- A withdrawn sign-in keeps the signature it named.
ALTER TABLE withdrawn_sign_ins ADD COLUMN signature_id TEXT REFERENCES signatures(id);
