package store

import (
	"context"
	"database/sql"

	"carekiosk/model"
)

// errNoConsent refuses a sign-in whose caregiver has not agreed to the
// current notice.
func errNoConsent() error {
	return model.FieldErrorf("consent", "请先阅读签到须知并同意", "read the notice and agree to it first")
}

// Consented reports whether the caregiver a sign-in would be recorded for
// (the family's caregiver with that phone and relation) has agreed to the
// current consent notice, on a phone or at the kiosk. A new family, a new
// caregiver of a known family, or one who agreed only to an older version
// has not: the kiosk then shows the notice before storing anything.
func (s *Store) Consented(ctx context.Context, in model.SignInInput) (bool, error) {
	if in.FamilyID == "" {
		return false, nil
	}
	phone, err := model.NormalizePhone(in.Phone)
	if err != nil {
		return false, nil
	}
	in.Phone = phone
	var ok bool
	err = s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM caregiver_consents WHERE version = :version AND caregiver_id = (`+caregiverLookup+`))`,
		append(caregiverArgs(in.FamilyID, in), sql.Named("version", model.ConsentVersion))...).Scan(&ok)
	if err != nil {
		return false, storageErr(err)
	}
	return ok, nil
}

// consentAsked is the version of the notice a sign-in's caregiver must
// have agreed to: the one given with it (a known version, checked by
// Validate), else the current one.
func consentAsked(in model.SignInInput) string {
	if in.ConsentVersion != "" {
		return in.ConsentVersion
	}
	return model.ConsentVersion
}

// requireConsent records the consent given with a sign-in for its
// caregiver, or, when none was given with it, requires the caregiver's
// earlier consent to the current notice, whatever the sign-in method.
// agreed is whether the caregiver's consent to consentAsked(in) is stored
// (findCaregiver). It returns the version the sign-in is recorded with.
func requireConsent(tx *txn, caregiverID string, agreed bool, in model.SignInInput, now string) (string, error) {
	if agreed {
		return consentAsked(in), nil
	}
	if in.ConsentVersion == "" {
		return "", errNoConsent()
	}
	_, err := tx.Exec(`INSERT OR IGNORE INTO caregiver_consents (caregiver_id, version, agreed_at, method) VALUES (?,?,?,?)`,
		caregiverID, in.ConsentVersion, now, string(in.Method))
	return in.ConsentVersion, err
}

// ConsentNotice returns the stored words of a version of the guardian
// notice in lang (LangEN for English, Chinese otherwise), one paragraph a
// line, with the placeholders of the settings unfilled; false when the
// version is not stored.
func (s *Store) ConsentNotice(ctx context.Context, version string, lang model.Lang) (string, bool, error) {
	l := "zh"
	if lang.English() {
		l = "en"
	}
	var text string
	err := s.r.QueryRowContext(ctx, `SELECT text FROM consent_notices WHERE version = ? AND lang = ?`, version, l).Scan(&text)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	if err != nil {
		return "", false, storageErr(err)
	}
	return text, true, nil
}

// ConsentNoticeText is one stored version of the notice in one language.
type ConsentNoticeText struct {
	Version, Lang, Text string
}

// ConsentNotices returns every stored version of the notice, by version
// and language.
func (s *Store) ConsentNotices(ctx context.Context) ([]ConsentNoticeText, error) {
	return readConsentNotices(ctx, s.r)
}

func readConsentNotices(ctx context.Context, q interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}) ([]ConsentNoticeText, error) {
	rows, err := q.QueryContext(ctx, `SELECT version, lang, text FROM consent_notices ORDER BY version, lang`)
	if err != nil {
		return nil, storageErr(err)
	}
	defer rows.Close()
	var out []ConsentNoticeText
	for rows.Next() {
		var n ConsentNoticeText
		if err := rows.Scan(&n.Version, &n.Lang, &n.Text); err != nil {
			return nil, storageErr(err)
		}
		out = append(out, n)
	}
	return out, storageErr(rows.Err())
}
