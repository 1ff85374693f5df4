-- Corrections of families' data at the stations — a child's name or birth
-- date, a caregiver's name, relation or phone, two families merged, one
-- split — each with who, when, old, new, why and the records that followed
-- it (as JSON, as the bundle carried them). The records themselves arrive
-- corrected in the same bundle; an erasure overwrites the personal values
-- kept here too. Kept forever.
CREATE TABLE family_corrections (
	id              TEXT PRIMARY KEY,
	station         TEXT NOT NULL REFERENCES stations(id),
	kind            TEXT NOT NULL,
	family_id       TEXT NOT NULL,
	other_family_id TEXT NOT NULL DEFAULT '',
	target_id       TEXT NOT NULL DEFAULT '',
	old_value       TEXT NOT NULL DEFAULT '',
	new_value       TEXT NOT NULL DEFAULT '',
	who             TEXT NOT NULL,
	at              TEXT NOT NULL,
	reason          TEXT NOT NULL,
	follows         TEXT NOT NULL DEFAULT '[]',
	received_in     INTEGER NOT NULL,
	received_at     TEXT NOT NULL
);
CREATE INDEX family_corrections_family ON family_corrections(family_id);
CREATE INDEX family_corrections_target ON family_corrections(target_id) WHERE target_id <> '';

-- A family merged into another at its station names the family it went into.
ALTER TABLE families ADD COLUMN merged_into TEXT NOT NULL DEFAULT '';
