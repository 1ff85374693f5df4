-- The county center's database, version 1. Times are UTC RFC 3339 text;
-- dates are YYYY-MM-DD civil dates in the stations' zone. Records imported
-- from station bundles keep the stations' UUIDs.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- The plan: units (附件3), per year their quotas, bands and reporting.
CREATE TABLE units (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	ord        INTEGER NOT NULL,
	created_at TEXT NOT NULL
);

CREATE TABLE plan_years (
	year    INTEGER PRIMARY KEY,
	bands   TEXT NOT NULL,            -- "0-3,4-6,…"
	period  TEXT NOT NULL DEFAULT 'monthly' CHECK (period IN ('monthly')),
	due_day INTEGER NOT NULL CHECK (due_day BETWEEN 1 AND 28)
);

CREATE TABLE quotas (
	unit_id  TEXT NOT NULL REFERENCES units(id),
	year     INTEGER NOT NULL REFERENCES plan_years(year),
	sessions INTEGER NOT NULL CHECK (sessions BETWEEN 0 AND 1000),
	PRIMARY KEY (unit_id, year)
);

-- Registered stations: a station is known by its public key.
CREATE TABLE stations (
	id            TEXT PRIMARY KEY,
	public_key    TEXT NOT NULL UNIQUE,  -- carekiosk-ed25519:BASE64
	fingerprint   TEXT NOT NULL,
	unit_id       TEXT NOT NULL REFERENCES units(id),
	station_id    TEXT NOT NULL DEFAULT '', -- the station's own id, from its first bundle
	name          TEXT NOT NULL DEFAULT '', -- the station's name, from its latest bundle
	registered_at TEXT NOT NULL
);

-- Every bundle received and stored.
CREATE TABLE receipts (
	id              TEXT PRIMARY KEY,
	station         TEXT NOT NULL REFERENCES stations(id),
	sequence        INTEGER NOT NULL,
	sha256          TEXT NOT NULL,
	previous_sha256 TEXT NOT NULL,
	created_at      TEXT NOT NULL,   -- when the station wrote it (its clock)
	received_at     TEXT NOT NULL,   -- when the county imported it
	range_from      TEXT NOT NULL DEFAULT '',
	range_to        TEXT NOT NULL DEFAULT '',
	file_name       TEXT NOT NULL DEFAULT '',
	sealed          INTEGER NOT NULL DEFAULT 0,  -- 1: it came encrypted to the county
	replaced        INTEGER NOT NULL DEFAULT 0,  -- 1: another bundle with this number came first
	new_records       INTEGER NOT NULL DEFAULT 0,
	changed_records   INTEGER NOT NULL DEFAULT 0,
	unchanged_records INTEGER NOT NULL DEFAULT 0,
	UNIQUE (station, sha256)
);
CREATE INDEX receipts_station_seq ON receipts(station, sequence);

-- Every record line received, the version kept for each record_id.
CREATE TABLE records (
	record_id TEXT PRIMARY KEY,       -- UUID#revision
	type      TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	revision  INTEGER NOT NULL,
	station   TEXT NOT NULL REFERENCES stations(id),
	sequence  INTEGER NOT NULL,       -- the bundle it was last taken from
	sha256    TEXT NOT NULL,          -- of the line
	body      TEXT NOT NULL           -- the JSON line as the station wrote it
);
CREATE INDEX records_entity ON records(entity_id);

-- The sessions as they stand (highest revision; the newest bundle wins a tie).
CREATE TABLE sessions (
	id          TEXT PRIMARY KEY,
	station     TEXT NOT NULL REFERENCES stations(id),
	unit_id     TEXT NOT NULL REFERENCES units(id),
	revision    INTEGER NOT NULL,
	sequence    INTEGER NOT NULL,     -- the bundle this row comes from
	signins_sequence INTEGER NOT NULL DEFAULT 0, -- the bundle the sign-in list comes from
	date        TEXT NOT NULL,
	station_name TEXT NOT NULL,
	band_min    INTEGER NOT NULL,
	band_max    INTEGER NOT NULL,
	title       TEXT NOT NULL,
	instructor  TEXT NOT NULL,
	areas       TEXT NOT NULL DEFAULT '',  -- comma-separated
	state       TEXT NOT NULL,
	sum_handover    TEXT NOT NULL DEFAULT '',
	sum_cooperation TEXT NOT NULL DEFAULT '',
	sum_incidents   TEXT NOT NULL DEFAULT '',
	sum_other       TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL DEFAULT '',
	opened_at   TEXT NOT NULL DEFAULT '',
	closed_at   TEXT NOT NULL DEFAULT '',
	signin_count INTEGER NOT NULL DEFAULT 0,
	family_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_unit_date ON sessions(unit_id, date);
CREATE INDEX sessions_date ON sessions(date);

CREATE TABLE segments (
	session_id      TEXT NOT NULL REFERENCES sessions(id),
	kind            INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 3),
	name            TEXT NOT NULL DEFAULT '',
	planned         TEXT NOT NULL DEFAULT '',
	planned_minutes INTEGER NOT NULL DEFAULT 0,
	notes           TEXT NOT NULL DEFAULT '',
	started_at      TEXT NOT NULL DEFAULT '',
	ended_at        TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (session_id, kind)
);

-- Every correction any bundle carried; kept forever.
CREATE TABLE corrections (
	id         TEXT PRIMARY KEY,
	session_id TEXT NOT NULL REFERENCES sessions(id),
	revision   INTEGER NOT NULL,
	who        TEXT NOT NULL,
	at         TEXT NOT NULL,
	field      TEXT NOT NULL,
	old_value  TEXT NOT NULL,
	new_value  TEXT NOT NULL,
	reason     TEXT NOT NULL
);
CREATE INDEX corrections_session ON corrections(session_id);
CREATE TRIGGER corrections_no_update BEFORE UPDATE ON corrections
BEGIN SELECT RAISE(ABORT, 'corrections are permanent'); END;
CREATE TRIGGER corrections_no_delete BEFORE DELETE ON corrections
BEGIN SELECT RAISE(ABORT, 'corrections are permanent'); END;

CREATE TABLE families (
	id         TEXT PRIMARY KEY,
	station    TEXT NOT NULL REFERENCES stations(id),
	sequence   INTEGER NOT NULL,
	card_code  TEXT NOT NULL,
	created_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE children (
	id          TEXT PRIMARY KEY,
	station     TEXT NOT NULL REFERENCES stations(id),
	sequence    INTEGER NOT NULL,
	family_id   TEXT NOT NULL,
	name        TEXT NOT NULL,
	birth_date  TEXT NOT NULL DEFAULT '',
	birth_month TEXT NOT NULL DEFAULT ''
);
CREATE INDEX children_family ON children(family_id);

CREATE TABLE caregivers (
	id        TEXT PRIMARY KEY,
	station   TEXT NOT NULL REFERENCES stations(id),
	sequence  INTEGER NOT NULL,
	family_id TEXT NOT NULL,
	name      TEXT NOT NULL,
	phone     TEXT NOT NULL,
	relation  TEXT NOT NULL
);
CREATE INDEX caregivers_family ON caregivers(family_id);

-- The sign-ins as they stand in the newest bundle holding their session.
CREATE TABLE sign_ins (
	id              TEXT PRIMARY KEY,
	session_id      TEXT NOT NULL REFERENCES sessions(id),
	seq             INTEGER NOT NULL,
	child_id        TEXT NOT NULL,
	child_name      TEXT NOT NULL,
	family_id       TEXT NOT NULL,
	caregiver_id    TEXT NOT NULL,
	caregiver       TEXT NOT NULL,
	phone           TEXT NOT NULL,
	relation        TEXT NOT NULL,
	age_months      INTEGER NOT NULL,
	method          TEXT NOT NULL,
	signed_name     TEXT NOT NULL DEFAULT '',
	signature_png   BLOB,
	consent_version TEXT NOT NULL DEFAULT '',
	signed_at       TEXT NOT NULL,
	outside_band    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sign_ins_session ON sign_ins(session_id, seq);

-- Sign-ins a later bundle no longer carried: withdrawn at the station.
CREATE TABLE withdrawn_sign_ins (
	id           TEXT PRIMARY KEY,
	session_id   TEXT NOT NULL REFERENCES sessions(id),
	seq          INTEGER NOT NULL,
	child_name   TEXT NOT NULL,
	relation     TEXT NOT NULL,
	age_months   INTEGER NOT NULL,
	signed_at    TEXT NOT NULL,
	noticed_in   INTEGER NOT NULL,   -- the bundle number that no longer held it
	noticed_at   TEXT NOT NULL
);
CREATE INDEX withdrawn_session ON withdrawn_sign_ins(session_id);
