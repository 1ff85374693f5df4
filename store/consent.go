package store

import "context"

// FamilyConsented reports whether a guardian of the family has agreed to the
// consent notice of the given version in any earlier sign-in (on a phone or
// at the kiosk). A family never seen, or whose sign-ins carry no or another
// version, has not: the kiosk then shows the notice before storing anything.
// It reads through the children's index, so its cost follows the family's
// own sign-ins, not the whole year.
func (s *Store) FamilyConsented(ctx context.Context, familyID, version string) (bool, error) {
	if familyID == "" || version == "" {
		return false, nil
	}
	var ok bool
	err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sign_ins
		WHERE child_id IN (SELECT id FROM children WHERE family_id = ?) AND consent_version = ?)`, familyID, version).Scan(&ok)
	if err != nil {
		return false, storageErr(err)
	}
	return ok, nil
}
