-- The mark 已通知: the instructor told a family about a planned session
-- (by phone, a message or in person), so the follow-up list shows whom she
-- has reached. One mark per family and session; taking a mark back deletes
-- it. Ids and a time only: no personal data. A session deleted while still
-- planned takes its marks with it.
CREATE TABLE invitations (
	id         TEXT PRIMARY KEY,
	session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
	family_id  TEXT NOT NULL REFERENCES families(id),
	at         TEXT NOT NULL,
	who        TEXT NOT NULL,
	UNIQUE (session_id, family_id)
);
