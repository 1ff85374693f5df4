package model

// Limits that the kiosk, the phone page and the store all apply. Change them
// here; every screen, page and check reads these.
const (
	// MaxSignInAgeMonths is the oldest age, in completed months, a child may
	// be signed in with (six years). Children older than MaxAgeMonths but not
	// older than this are accepted with a note (outside the programme's
	// bands); a birth date more than this many months before the session is
	// refused as a typing mistake.
	MaxSignInAgeMonths = 72

	// MaxChildrenPerSignIn is how many children (siblings) one sign-in may
	// carry, at the kiosk, on the phone page or by the family card.
	MaxChildrenPerSignIn = 4
)
