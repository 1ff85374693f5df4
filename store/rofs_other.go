//go:build !unix

package store

// readOnlyStorage reports whether dir is on read-only storage; without
// access(2) it cannot tell and says no.
func readOnlyStorage(dir string) bool { return false }
