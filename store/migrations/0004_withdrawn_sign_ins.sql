-- A sign-in made by mistake (the wrong child picked, a family signed in
-- twice) can be withdrawn by the instructor before the session closes. The
-- row moves here with who withdrew it, when and why, so nothing recorded is
-- lost, and its 序号 is never given to another child. The session's counts
-- follow by the sign_ins delete trigger.
CREATE TABLE withdrawn_sign_ins (
	id              TEXT PRIMARY KEY,
	session_id      TEXT NOT NULL REFERENCES sessions(id),
	seq             INTEGER NOT NULL,
	child_id        TEXT NOT NULL REFERENCES children(id),
	family_id       TEXT NOT NULL REFERENCES families(id),
	caregiver_id    TEXT NOT NULL REFERENCES caregivers(id),
	relation        TEXT NOT NULL,
	age_months      INTEGER NOT NULL,
	method          TEXT NOT NULL,
	signature_png   BLOB,
	signed_name     TEXT NOT NULL,
	consent_version TEXT NOT NULL,
	nonce           TEXT,
	signed_at       TEXT NOT NULL,
	outside_band    INTEGER NOT NULL,
	withdrawn_at    TEXT NOT NULL,
	withdrawn_by    TEXT NOT NULL,
	reason          TEXT NOT NULL
);
CREATE INDEX withdrawn_sign_ins_session ON withdrawn_sign_ins(session_id, seq);

-- Withdrawn sign-ins are kept forever, like corrections.
CREATE TRIGGER withdrawn_sign_ins_no_update BEFORE UPDATE ON withdrawn_sign_ins
BEGIN SELECT RAISE(ABORT, 'withdrawn sign-ins are permanent'); END;
CREATE TRIGGER withdrawn_sign_ins_no_delete BEFORE DELETE ON withdrawn_sign_ins
BEGIN SELECT RAISE(ABORT, 'withdrawn sign-ins are permanent'); END;
