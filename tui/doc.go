// Package tui is the kiosk's terminal interface (Bubble Tea v2): the home
// screen, planning a session, the family-facing check-in screen, running the
// four segments, the summary and close, history, families and the settings
// behind the instructor PIN.
//
// Design: one Common (size, styles, key map, language, store, clock) is shared
// by every screen; each screen lives in its own file and renders a string;
// only the root model returns a tea.View. The root routes global keys first,
// then application messages, then hands the rest to the active screen. Side
// effects (every store call, file writes) run only inside tea.Cmds that return
// typed messages, errors included. The TUI never writes SQL: it talks to the
// model service interfaces.
//
// Text widths are measured with ansi.StringWidth (East-Asian-ambiguous
// characters count as one cell, as with RUNEWIDTH_EASTASIAN=0) and the UI text
// contains no ambiguous characters, so Chinese never shifts a column.
package tui
