package model

// EditableAsPlanned reports whether a session can still be edited or
// deleted as a planned one: it is planned, or open for check-in (a session
// saved for today opens at once) and holds no record of anyone yet — no
// sign-in, none withdrawn, no correction. From the first sign-in it is a
// record, changed only by a correction after closing.
func EditableAsPlanned(state SessionState, hasRecords bool) bool {
	return !hasRecords && (state == StatePlanned || state == StateOpen)
}
