-- Each session carries the number of its sign-ins and of distinct families
-- among them (the statistics table's 参与家庭（组）), kept by triggers so no
-- write path can forget them; `carekiosk check` recounts and compares.
-- The statistics export then reads one row per session instead of walking
-- every sign-in.
CREATE INDEX sign_ins_session_family ON sign_ins(session_id, family_id);

ALTER TABLE sessions ADD COLUMN signin_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN family_count INTEGER NOT NULL DEFAULT 0;

UPDATE sessions SET
	signin_count = (SELECT count(*) FROM sign_ins WHERE session_id = sessions.id),
	family_count = (SELECT count(DISTINCT family_id) FROM sign_ins WHERE session_id = sessions.id);

CREATE TRIGGER sign_ins_count_insert AFTER INSERT ON sign_ins
BEGIN
	UPDATE sessions SET
		signin_count = signin_count + 1,
		family_count = family_count + NOT EXISTS (
			SELECT 1 FROM sign_ins WHERE session_id = NEW.session_id AND family_id = NEW.family_id AND rowid <> NEW.rowid)
	WHERE id = NEW.session_id;
END;

CREATE TRIGGER sign_ins_count_delete AFTER DELETE ON sign_ins
BEGIN
	UPDATE sessions SET
		signin_count = signin_count - 1,
		family_count = family_count - NOT EXISTS (
			SELECT 1 FROM sign_ins WHERE session_id = OLD.session_id AND family_id = OLD.family_id)
	WHERE id = OLD.session_id;
END;
