package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// A phone that lost the answer to its sign-in retries it (same nonce) after
// the session moved on and closed: it is told the sign-in it made is stored,
// not that sign-in has ended.
func TestNonceRetryAfterClose(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	in := kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678")
	in.Nonce = "retry-after-close"
	r1, err := s.SignIn(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateSummary(ctx, sess.ID, model.Summary{Handover: "顺利"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	r2, err := s.SignIn(ctx, in)
	if err != nil {
		t.Fatalf("retry after close: %v", err)
	}
	if len(r2.SignIns) != 1 || !r2.Existing[0] || r2.SignIns[0].ID != r1.SignIns[0].ID {
		t.Errorf("retry after close: %+v", r2)
	}
	// A new submission (another nonce) is still refused.
	in.Nonce = "a-new-one"
	if _, err := s.SignIn(ctx, in); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("new sign-in after close: %v", err)
	}
}
