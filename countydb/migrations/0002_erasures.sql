-- Families a station erased (at the family's request or after the
-- retention): ids only. Their names, phone numbers, birth dates and
-- signatures are overwritten here too, in the typed rows and in the record
-- lines kept; counts stay. Kept forever.
CREATE TABLE erasures (
	id                TEXT PRIMARY KEY,
	station           TEXT NOT NULL REFERENCES stations(id),
	family_id         TEXT NOT NULL,
	kind              TEXT NOT NULL,
	at                TEXT NOT NULL,
	consent_withdrawn INTEGER NOT NULL DEFAULT 0,
	received_in       INTEGER NOT NULL,
	received_at       TEXT NOT NULL
);
CREATE INDEX erasures_family ON erasures(family_id);
