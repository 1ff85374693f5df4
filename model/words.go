package model

// StationWords is what a station has written that its people type again:
// names of its families, children and instructors, and the text of its
// sessions (titles, segment notes, summaries). The kiosk's pinyin input ranks
// them first on the instructor's screens.
type StationWords struct {
	// Names are people's names, each whole (王小明).
	Names []string
	// Texts are free texts, each as written.
	Texts []string
}
