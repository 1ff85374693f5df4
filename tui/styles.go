package tui

import (
	"image/color"

	"charm.land/lipgloss/v2"
)

// Styles holds every style the screens use, so a screen never builds its own
// colours.
type Styles struct {
	Header    lipgloss.Style
	Title     lipgloss.Style
	Label     lipgloss.Style
	Faint     lipgloss.Style
	Selected  lipgloss.Style
	Focused   lipgloss.Style
	Error     lipgloss.Style
	OK        lipgloss.Style
	Warn      lipgloss.Style
	New       lipgloss.Style
	Mark      lipgloss.Style
	BarFull   lipgloss.Style
	BarEmpty  lipgloss.Style
	Big       lipgloss.Style
	BigInk    lipgloss.Style
	HelpKey   lipgloss.Style
	HelpDesc  lipgloss.Style
	HelpSep   lipgloss.Style
	QRDark    color.Color
	QRLight   color.Color
	Locked    lipgloss.Style
	Running   lipgloss.Style
	Separator lipgloss.Style
}

// DefaultStyles returns the kiosk's styles. Colours are ANSI basics so they
// read on both dark and light terminals; the QR code uses explicit black and
// white whatever the theme.
func DefaultStyles() *Styles {
	blue := lipgloss.Color("4")
	return &Styles{
		Header:    lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("15")).Background(blue),
		Title:     lipgloss.NewStyle().Bold(true),
		Label:     lipgloss.NewStyle().Foreground(lipgloss.Color("6")),
		Faint:     lipgloss.NewStyle().Faint(true),
		Selected:  lipgloss.NewStyle().Reverse(true),
		Focused:   lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("3")),
		Error:     lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("9")),
		OK:        lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("10")),
		Warn:      lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("11")),
		New:       lipgloss.NewStyle().Foreground(lipgloss.Color("0")).Background(lipgloss.Color("11")),
		Mark:      lipgloss.NewStyle().Foreground(lipgloss.Color("13")),
		BarFull:   lipgloss.NewStyle().Background(lipgloss.Color("2")),
		BarEmpty:  lipgloss.NewStyle().Background(lipgloss.Color("8")),
		Big:       lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("14")),
		BigInk:    lipgloss.NewStyle().Foreground(lipgloss.Color("14")).Background(lipgloss.Color("14")), // large glyphs: # on its own colour
		HelpKey:   lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("7")),
		HelpDesc:  lipgloss.NewStyle().Foreground(lipgloss.Color("8")),
		HelpSep:   lipgloss.NewStyle().Foreground(lipgloss.Color("8")),
		QRDark:    lipgloss.Color("#000000"),
		QRLight:   lipgloss.Color("#FFFFFF"),
		Locked:    lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("15")).Background(lipgloss.Color("1")),
		Running:   lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("10")),
		Separator: lipgloss.NewStyle().Foreground(lipgloss.Color("8")),
	}
}
