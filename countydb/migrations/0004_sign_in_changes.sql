-- A session a station voided (opened by mistake) is kept, marked, and left
-- out of the statistics and the quota.
ALTER TABLE sessions ADD COLUMN voided INTEGER NOT NULL DEFAULT 0;

-- Every sign-in change a station's bundle carried: a withdrawal before the
-- session closed, a removal after, a correction of the relation, the
-- caregiver or the child; ids only, no personal data. Kept forever, as the
-- station keeps them.
CREATE TABLE sign_in_changes (
	id          TEXT PRIMARY KEY,
	station     TEXT NOT NULL REFERENCES stations(id),
	session_id  TEXT NOT NULL,
	sign_in_id  TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	kind        TEXT NOT NULL,
	who         TEXT NOT NULL,
	at          TEXT NOT NULL,
	reason      TEXT NOT NULL,
	old_value   TEXT NOT NULL DEFAULT '',
	new_value   TEXT NOT NULL DEFAULT '',
	old_age     INTEGER NOT NULL DEFAULT 0,
	new_age     INTEGER NOT NULL DEFAULT 0,
	received_in INTEGER NOT NULL,
	received_at TEXT NOT NULL
);
CREATE INDEX sign_in_changes_session ON sign_in_changes(session_id, at);
CREATE TRIGGER sign_in_changes_no_update BEFORE UPDATE ON sign_in_changes
BEGIN SELECT RAISE(ABORT, 'sign-in changes are permanent'); END;
CREATE TRIGGER sign_in_changes_no_delete BEFORE DELETE ON sign_in_changes
BEGIN SELECT RAISE(ABORT, 'sign-in changes are permanent'); END;
