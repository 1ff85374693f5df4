-- A closed session can be voided when it was opened by mistake: it is kept,
-- its forms say 已作废, and the statistics table and the quota leave it out.
-- The void is a correction (field 'void') like any other.
ALTER TABLE sessions ADD COLUMN voided INTEGER NOT NULL DEFAULT 0;

-- Every change to a sign-in after it was stored: a withdrawal while the
-- session was open (the row moved to withdrawn_sign_ins), and after the
-- session closed a correction of its relation, its caregiver or its child,
-- or its removal (also moved to withdrawn_sign_ins). Who, when, why and the
-- old and new values (a relation, a caregiver id or a child id — ids only,
-- so an erasure has nothing to remove here) are kept forever and travel to
-- the county in every bundle.
CREATE TABLE sign_in_changes (
	id         TEXT PRIMARY KEY,
	session_id TEXT NOT NULL REFERENCES sessions(id),
	sign_in_id TEXT NOT NULL,
	seq        INTEGER NOT NULL,
	kind       TEXT NOT NULL CHECK (kind IN ('withdraw','remove','relation','caregiver','child')),
	who        TEXT NOT NULL,
	at         TEXT NOT NULL,
	reason     TEXT NOT NULL,
	old_value  TEXT NOT NULL DEFAULT '',
	new_value  TEXT NOT NULL DEFAULT '',
	old_age    INTEGER NOT NULL DEFAULT 0,
	new_age    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sign_in_changes_session ON sign_in_changes(session_id, at);

-- The withdrawals made before this table existed (old_value names the child).
INSERT INTO sign_in_changes (id, session_id, sign_in_id, seq, kind, who, at, reason, old_value, old_age, new_age)
SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
		|| substr('89ab', 1 + abs(random()) % 4, 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
	session_id, id, seq, 'withdraw', withdrawn_by, withdrawn_at, reason, child_id, age_months, age_months
FROM withdrawn_sign_ins ORDER BY withdrawn_at;

CREATE TRIGGER sign_in_changes_no_update BEFORE UPDATE ON sign_in_changes
BEGIN SELECT RAISE(ABORT, 'sign-in changes are permanent'); END;
CREATE TRIGGER sign_in_changes_no_delete BEFORE DELETE ON sign_in_changes
BEGIN SELECT RAISE(ABORT, 'sign-in changes are permanent'); END;

-- A sign-in moved to a child of another family changes the session's
-- families; the count follows here as it does on insert and delete.
CREATE TRIGGER sign_ins_count_update AFTER UPDATE OF family_id ON sign_ins
WHEN OLD.family_id <> NEW.family_id
BEGIN
	UPDATE sessions SET family_count = (SELECT count(DISTINCT family_id) FROM sign_ins WHERE session_id = NEW.session_id)
	WHERE id = NEW.session_id;
END;
