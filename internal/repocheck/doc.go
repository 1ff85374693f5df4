// Package repocheck holds tests that check the whole repository's code
// against the project's conventions (see ARCHITECTURE.md); it has no code
// of its own.
package repocheck
