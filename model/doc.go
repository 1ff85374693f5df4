// Package model is the domain of carekiosk: care group sessions, the
// families and children who sign in to them, age bands, units and their
// yearly quotas, and the rules that connect them.
//
// It imports neither the terminal UI nor SQL. It declares the service
// interfaces (SessionService, SignInService, FamilyService, UnitService,
// SettingsService, together Store) that the SQLite store implements and the
// screens use. The phone check-in server (checkin.Store) and the exports
// (export.Store) each declare the few methods they call instead of taking
// the store itself; the exports read through the store's snapshot type.
//
// Concepts used everywhere live here once: correction fields
// (CorrectionField), the family card code (cardcode.go), the sign-in limits
// (limits.go), the language (Lang), coded bilingual errors (Errorf).
package model
