-- A new-family sign-in with a phone number another family already has is
-- never filed under that family (whoever knows a number would otherwise
-- join a family and see its children). It makes a new family marked with
-- the family it may be; the instructor merges the two or keeps them apart.
ALTER TABLE families ADD COLUMN duplicate_of TEXT NOT NULL DEFAULT '';
-- A family merged into another keeps its row (its printed card still
-- finds the family it went into) and names the family it went into.
ALTER TABLE families ADD COLUMN merged_into TEXT NOT NULL DEFAULT '';
CREATE INDEX families_duplicate_of ON families(duplicate_of) WHERE duplicate_of <> '';

-- Each decision on a possible duplicate: merged (children, caregivers and
-- sign-ins moved into the kept family) or kept apart; who, when and why.
-- Kept forever.
CREATE TABLE family_decisions (
	id          TEXT PRIMARY KEY,
	family_id   TEXT NOT NULL REFERENCES families(id),
	other_id    TEXT NOT NULL REFERENCES families(id),
	decision    TEXT NOT NULL CHECK (decision IN ('merge','apart')),
	children    INTEGER NOT NULL DEFAULT 0,
	caregivers  INTEGER NOT NULL DEFAULT 0,
	sign_ins    INTEGER NOT NULL DEFAULT 0,
	who         TEXT NOT NULL,
	at          TEXT NOT NULL,
	reason      TEXT NOT NULL
);
CREATE TRIGGER family_decisions_no_update BEFORE UPDATE ON family_decisions
BEGIN SELECT RAISE(ABORT, 'family decisions are permanent'); END;
CREATE TRIGGER family_decisions_no_delete BEFORE DELETE ON family_decisions
BEGIN SELECT RAISE(ABORT, 'family decisions are permanent'); END;
