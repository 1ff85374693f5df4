package export

import (
	"testing"

	"carekiosk/model"
)

// TestInstructorSignedCell: a sign-in the instructor signed for the
// caregiver says 指导员代签 in 家长签字, never the caregiver's name as if
// the caregiver had signed; a caregiver's own typed name stays as typed.
func TestInstructorSignedCell(t *testing.T) {
	text, pic := signatureCell(model.SignIn{Caregiver: "王桂兰", SignedName: "陈晓燕", ByInstructor: true})
	if pic != nil || text != "指导员代签（陈晓燕）" {
		t.Fatalf("instructor-signed cell: %q %v", text, pic)
	}
	if text, _ := signatureCell(model.SignIn{Caregiver: "王桂兰", SignedName: "王桂兰"}); text != "王桂兰" {
		t.Fatalf("typed name cell: %q", text)
	}
}
