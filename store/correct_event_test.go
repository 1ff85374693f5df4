package store

import (
	"context"
	"testing"
	"time"

	"carekiosk/model"
)

// A correction changes a closed session, so subscribers (the history and
// record screens) hear of it like any other change to a session.
func TestCorrectionPublishesChange(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	if _, err := s.UpdateSummary(ctx, sess.ID, model.Summary{Handover: "顺利"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	ch, cancel := s.Subscribe()
	defer cancel()
	if _, err := s.Correct(ctx, model.CorrectionInput{SessionID: sess.ID, Who: "陈医生", Field: model.FieldTitle, NewValue: "辅食添加（一）", Reason: "标题写错"}); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-ch:
		if c.Kind != model.ChangeSession || c.SessionID != sess.ID {
			t.Errorf("change: %+v", c)
		}
	case <-time.After(2 * time.Second):
		t.Error("no change published for a correction")
	}
}
