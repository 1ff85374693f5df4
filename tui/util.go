package tui

import "github.com/charmbracelet/x/ansi"

// lipglossWidth measures a rendered string in cells.
func lipglossWidth(s string) int { return ansi.StringWidth(s) }
