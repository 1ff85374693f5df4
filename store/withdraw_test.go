package store

import (
	"context"
	"testing"

	"carekiosk/model"
)

// A sign-in made by mistake is withdrawn before the session closes: it
// leaves the sheet and the counts, is kept aside with who and why, and its
// 序号 is not given to the next child. A closed session refuses.
func TestWithdrawSignIn(t *testing.T) {
	s, _ := newTestStore(t)
	ctx := context.Background()
	sess := openSession(t, s, model.AgeBand{Min: 7, Max: 9})
	a, err := s.SignIn(ctx, kioskSignIn(sess.ID, "王小明", "2026-02-10", "13812345678"))
	if err != nil {
		t.Fatal(err)
	}
	wrong, err := s.SignIn(ctx, kioskSignIn(sess.ID, "李小红", "2026-03-01", "13912345678"))
	if err != nil {
		t.Fatal(err)
	}
	in := model.WithdrawInput{SessionID: sess.ID, SignInID: wrong.SignIns[0].ID, Who: "陈医生", Reason: "选错了孩子"}

	for _, bad := range []model.WithdrawInput{
		{SessionID: sess.ID, SignInID: in.SignInID, Who: "陈医生"},                    // no reason
		{SessionID: sess.ID, SignInID: in.SignInID, Reason: "选错了孩子"},               // nobody
		{SessionID: sess.ID, SignInID: "no-such-sign-in", Who: "陈医生", Reason: "x"}, // unknown
		{SessionID: "other", SignInID: in.SignInID, Who: "陈医生", Reason: "x"},       // another session
	} {
		if err := s.WithdrawSignIn(ctx, bad); err == nil {
			t.Errorf("withdraw %+v was accepted", bad)
		}
	}
	if err := s.WithdrawSignIn(ctx, in); err != nil {
		t.Fatal(err)
	}
	sis, err := s.SignIns(ctx, sess.ID)
	if err != nil || len(sis) != 1 || sis[0].ID != a.SignIns[0].ID {
		t.Fatalf("sign-ins after the withdrawal: %v %+v", err, sis)
	}
	got, _ := s.Session(ctx, sess.ID)
	rows, err := s.r.QueryContext(ctx, `SELECT seq, withdrawn_by, reason, child_id FROM withdrawn_sign_ins WHERE session_id = ?`, sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var seq int
		var by, why, child string
		rows.Scan(&seq, &by, &why, &child)
		if seq != 2 || by != "陈医生" || why != "选错了孩子" || child != wrong.SignIns[0].ChildID {
			t.Errorf("kept aside: %d %s %s %s", seq, by, why, child)
		}
		n++
	}
	rows.Close()
	if n != 1 {
		t.Fatalf("%d withdrawn rows", n)
	}
	var signIns, families int
	if err := s.r.QueryRowContext(ctx, `SELECT signin_count, family_count FROM sessions WHERE id = ?`, sess.ID).Scan(&signIns, &families); err != nil || signIns != 1 || families != 1 {
		t.Fatalf("counts %d %d %v (session %s)", signIns, families, err, got.ID)
	}
	// The next child gets 序号 3: 2 stays with the withdrawn sign-in.
	next, err := s.SignIn(ctx, kioskSignIn(sess.ID, "张小刚", "2026-01-20", "13700001111"))
	if err != nil || next.SignIns[0].Seq != 3 {
		t.Fatalf("next sign-in %+v %v", next, err)
	}
	if err := s.WithdrawSignIn(ctx, in); model.ErrorCode(err) != model.ENOTFOUND {
		t.Errorf("withdrawing twice: %v", err)
	}
	if _, err := s.UpdateSummary(ctx, sess.ID, model.Summary{Handover: "好"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	closed := model.WithdrawInput{SessionID: sess.ID, SignInID: next.SignIns[0].ID, Who: "陈医生", Reason: "晚了"}
	if err := s.WithdrawSignIn(ctx, closed); model.ErrorCode(err) != model.ECONFLICT {
		t.Errorf("withdrawing in a closed session: %v", err)
	}
	err = s.write(ctx, func(tx *txn) error {
		_, err := tx.Exec(`DELETE FROM withdrawn_sign_ins`)
		return err
	})
	if err == nil {
		t.Error("a withdrawn sign-in could be deleted")
	}
	rep, err := s.Check(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("check: %+v %v", rep, err)
	}
}
