-- carekiosk schema, version 1. Times are UTC RFC 3339 text; dates are YYYY-MM-DD
-- civil dates in the station's zone. Every record has a UUID made where it is made.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE units (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	ord        INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL
);

CREATE TABLE quotas (
	unit_id  TEXT NOT NULL REFERENCES units(id),
	year     INTEGER NOT NULL,
	sessions INTEGER NOT NULL CHECK (sessions >= 0),
	PRIMARY KEY (unit_id, year)
);

CREATE TABLE stations (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	unit_id    TEXT NOT NULL REFERENCES units(id),
	created_at TEXT NOT NULL
);

CREATE TABLE instructors (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	unit_id    TEXT NOT NULL REFERENCES units(id),
	created_at TEXT NOT NULL
);

CREATE TABLE sessions (
	id          TEXT PRIMARY KEY,
	date        TEXT NOT NULL,
	station_id  TEXT NOT NULL REFERENCES stations(id),
	station     TEXT NOT NULL,
	unit_id     TEXT NOT NULL REFERENCES units(id),
	unit        TEXT NOT NULL,
	band_min    INTEGER NOT NULL,
	band_max    INTEGER NOT NULL,
	title       TEXT NOT NULL,
	instructor  TEXT NOT NULL,
	areas       TEXT NOT NULL DEFAULT '',
	state       TEXT NOT NULL CHECK (state IN ('planned','open','running','closed')),
	sum_handover    TEXT NOT NULL DEFAULT '',
	sum_cooperation TEXT NOT NULL DEFAULT '',
	sum_incidents   TEXT NOT NULL DEFAULT '',
	sum_other       TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	opened_at   TEXT NOT NULL DEFAULT '',
	closed_at   TEXT NOT NULL DEFAULT '',
	updated_at  TEXT NOT NULL,
	revision    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX sessions_date ON sessions(date);
CREATE INDEX sessions_unit_date ON sessions(unit_id, date);

CREATE TABLE segments (
	session_id      TEXT NOT NULL REFERENCES sessions(id),
	kind            INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 3),
	planned         TEXT NOT NULL DEFAULT '',
	planned_minutes INTEGER NOT NULL DEFAULT 0,
	notes           TEXT NOT NULL DEFAULT '',
	started_at      TEXT NOT NULL DEFAULT '',
	ended_at        TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (session_id, kind)
);

CREATE TABLE families (
	id         TEXT PRIMARY KEY,
	card_code  TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL
);

CREATE TABLE caregivers (
	id         TEXT PRIMARY KEY,
	family_id  TEXT NOT NULL REFERENCES families(id),
	name       TEXT NOT NULL,
	phone      TEXT NOT NULL,
	relation   TEXT NOT NULL,
	created_at TEXT NOT NULL
);
CREATE INDEX caregivers_phone ON caregivers(phone);
CREATE INDEX caregivers_family ON caregivers(family_id);

CREATE TABLE children (
	id          TEXT PRIMARY KEY,
	family_id   TEXT NOT NULL REFERENCES families(id),
	name        TEXT NOT NULL,
	birth_date  TEXT NOT NULL DEFAULT '',
	birth_month TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL
);
CREATE INDEX children_family ON children(family_id);

CREATE TABLE sign_ins (
	id              TEXT PRIMARY KEY,
	session_id      TEXT NOT NULL REFERENCES sessions(id),
	seq             INTEGER NOT NULL,
	child_id        TEXT NOT NULL REFERENCES children(id),
	family_id       TEXT NOT NULL REFERENCES families(id),
	caregiver_id    TEXT NOT NULL REFERENCES caregivers(id),
	relation        TEXT NOT NULL,
	age_months      INTEGER NOT NULL,
	method          TEXT NOT NULL CHECK (method IN ('phone','kiosk','card')),
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
CREATE UNIQUE INDEX sign_ins_nonce ON sign_ins(session_id, nonce, child_id) WHERE nonce IS NOT NULL;
CREATE INDEX sign_ins_child ON sign_ins(child_id);

CREATE TABLE corrections (
	id         TEXT PRIMARY KEY,
	session_id TEXT NOT NULL REFERENCES sessions(id),
	who        TEXT NOT NULL,
	at         TEXT NOT NULL,
	field      TEXT NOT NULL,
	old_value  TEXT NOT NULL,
	new_value  TEXT NOT NULL,
	reason     TEXT NOT NULL,
	revision   INTEGER NOT NULL
);
CREATE INDEX corrections_session ON corrections(session_id);

-- Corrections are kept forever.
CREATE TRIGGER corrections_no_update BEFORE UPDATE ON corrections
BEGIN SELECT RAISE(ABORT, 'corrections are permanent'); END;
CREATE TRIGGER corrections_no_delete BEFORE DELETE ON corrections
BEGIN SELECT RAISE(ABORT, 'corrections are permanent'); END;
