-- A family's data can be corrected with a reason: a child's name or birth
-- date, a caregiver's name, relation or phone; two families that are one
-- are merged, one that is two is split. Each correction keeps who, when,
-- the old and new value and why; every record that followed it (the age in
-- months of the child's earlier sign-ins, a sign-in's relation, a child,
-- caregiver or sign-in moved to another family) is kept beside it. Kept
-- forever; an erasure of the family overwrites only the personal values.
CREATE TABLE family_corrections (
	id              TEXT PRIMARY KEY,
	kind            TEXT NOT NULL CHECK (kind IN ('child.name','child.birth','caregiver.name','caregiver.relation',
		'caregiver.phone','merge','split')),
	family_id       TEXT NOT NULL REFERENCES families(id),
	other_family_id TEXT NOT NULL DEFAULT '',
	target_id       TEXT NOT NULL DEFAULT '',
	old_value       TEXT NOT NULL DEFAULT '',
	new_value       TEXT NOT NULL DEFAULT '',
	who             TEXT NOT NULL,
	at              TEXT NOT NULL,
	reason          TEXT NOT NULL
);
CREATE INDEX family_corrections_family ON family_corrections(family_id);

CREATE TABLE family_correction_follows (
	correction_id TEXT NOT NULL REFERENCES family_corrections(id),
	ord           INTEGER NOT NULL,
	kind          TEXT NOT NULL CHECK (kind IN ('sign_in','child','caregiver')),
	entity_id     TEXT NOT NULL,
	session_id    TEXT NOT NULL DEFAULT '',
	seq           INTEGER NOT NULL DEFAULT 0,
	old_value     TEXT NOT NULL,
	new_value     TEXT NOT NULL,
	PRIMARY KEY (correction_id, ord)
);
CREATE INDEX family_correction_follows_session ON family_correction_follows(session_id) WHERE session_id <> '';

CREATE TRIGGER family_corrections_no_update BEFORE UPDATE OF id, kind, family_id, other_family_id, target_id, who, at, reason
	ON family_corrections
BEGIN SELECT RAISE(ABORT, 'family corrections are permanent'); END;
CREATE TRIGGER family_corrections_no_delete BEFORE DELETE ON family_corrections
BEGIN SELECT RAISE(ABORT, 'family corrections are permanent'); END;
CREATE TRIGGER family_correction_follows_no_update BEFORE UPDATE OF correction_id, ord, kind, entity_id, session_id, seq
	ON family_correction_follows
BEGIN SELECT RAISE(ABORT, 'family corrections are permanent'); END;
CREATE TRIGGER family_correction_follows_no_delete BEFORE DELETE ON family_correction_follows
BEGIN SELECT RAISE(ABORT, 'family corrections are permanent'); END;
