-- A family's personal data can be erased at its request, and is
-- anonymised once the retention after its last visit has run out: names,
-- phone numbers, birth dates and signatures are overwritten in place
-- (the rows stay, so each session's counts and age distribution stay
-- right). Each erasure is recorded here without personal data — ids, kind,
-- when, by whom, whether consent was withdrawn — and travels to the county
-- in every later bundle. Kept forever.
CREATE TABLE family_erasures (
	id                TEXT PRIMARY KEY,
	family_id         TEXT NOT NULL UNIQUE REFERENCES families(id),
	kind              TEXT NOT NULL CHECK (kind IN ('request','retention')),
	at                TEXT NOT NULL,
	who               TEXT NOT NULL,
	consent_withdrawn INTEGER NOT NULL DEFAULT 0
);
CREATE TRIGGER family_erasures_no_update BEFORE UPDATE ON family_erasures
BEGIN SELECT RAISE(ABORT, 'erasure records are permanent'); END;
CREATE TRIGGER family_erasures_no_delete BEFORE DELETE ON family_erasures
BEGIN SELECT RAISE(ABORT, 'erasure records are permanent'); END;

-- A withdrawn sign-in stays permanent except for the personal data an
-- erasure removes: its signature and the typed name.
DROP TRIGGER withdrawn_sign_ins_no_update;
CREATE TRIGGER withdrawn_sign_ins_no_update BEFORE UPDATE OF id, session_id, seq, child_id, family_id, caregiver_id,
	relation, age_months, method, consent_version, nonce, signed_at, outside_band, withdrawn_at, withdrawn_by, reason,
	signed_by_instructor
	ON withdrawn_sign_ins
BEGIN SELECT RAISE(ABORT, 'withdrawn sign-ins are permanent'); END;
