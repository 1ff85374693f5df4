package store

import (
	"context"
	"strings"
	"testing"

	"carekiosk/model"
)

// A band correction to a band that is not configured says which bands can
// be chosen, so the instructor knows what to type.
func TestCorrectBandNamesTheChoices(t *testing.T) {
	s, _ := newTestStore(t)
	f := newClosedWithFamilies(t, s)
	_, err := s.Correct(context.Background(), model.CorrectionInput{SessionID: f.sess.ID, Who: "陈医生", Field: model.FieldBand, NewValue: "5-7", Reason: "选错"})
	if err == nil {
		t.Fatal("5-7 accepted")
	}
	for _, want := range []string{"5-7月龄", "可选：0-3、4-6、7-9、10-12", "31-36"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the message %q does not say %q", err, want)
		}
	}
}
