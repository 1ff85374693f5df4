-- Consent to the guardian notice (签到须知) belongs to the caregiver who
-- agreed, for one version of the notice: another caregiver of the same
-- family (a grandmother, a number typed on a stranger's phone) is asked
-- herself. Every sign-in needs its caregiver's consent to the version of
-- the day, given with it or earlier. Kept forever.
CREATE TABLE caregiver_consents (
	caregiver_id TEXT NOT NULL REFERENCES caregivers(id),
	version      TEXT NOT NULL,
	agreed_at    TEXT NOT NULL,
	method       TEXT NOT NULL,
	PRIMARY KEY (caregiver_id, version)
);

-- Consents already given are those recorded with a sign-in, withdrawn or not.
INSERT OR IGNORE INTO caregiver_consents (caregiver_id, version, agreed_at, method)
	SELECT caregiver_id, consent_version, min(signed_at), method FROM (
		SELECT caregiver_id, consent_version, signed_at, method FROM sign_ins WHERE consent_version <> ''
		UNION ALL
		SELECT caregiver_id, consent_version, signed_at, method FROM withdrawn_sign_ins WHERE consent_version <> '')
	GROUP BY caregiver_id, consent_version;

CREATE TRIGGER caregiver_consents_no_update BEFORE UPDATE ON caregiver_consents
BEGIN SELECT RAISE(ABORT, 'consents are permanent'); END;
