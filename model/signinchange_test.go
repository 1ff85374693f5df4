package model

import (
	"strings"
	"testing"
	"time"
)

// TestSignInCorrectionValidate: each kind needs its new value, and every
// correction a person and a reason.
func TestSignInCorrectionValidate(t *testing.T) {
	ok := SignInCorrectionInput{SessionID: "s", SignInID: "i", Who: "陈医生", Reason: "选错了"}
	good := []SignInCorrectionInput{ok, ok, ok, ok}
	good[0].Kind, good[0].Relation = ChangeRelation, RelGrandmaM
	good[1].Kind, good[1].CaregiverID = ChangeCaregiver, "c"
	good[2].Kind, good[2].ChildID = ChangeChild, "k"
	good[3].Kind = ChangeRemove
	for _, in := range good {
		if err := in.Validate(); err != nil {
			t.Errorf("%s: %v", in.Kind, err)
		}
	}
	bad := []SignInCorrectionInput{good[0], good[1], good[2], good[3], good[3], ok}
	bad[0].Relation = "姑姑"
	bad[1].CaregiverID = ""
	bad[2].ChildID = ""
	bad[3].Reason = "  "
	bad[4].SignInID = ""
	bad[5].Kind = ChangeWithdraw
	for i, in := range bad {
		if err := in.Validate(); err == nil {
			t.Errorf("%d (%s) accepted", i, in.Kind)
		}
	}
}

// TestSignInChangeNote: the forms' line names the 序号, the old and new
// values, who, when (in the station's zone) and why.
func TestSignInChangeNote(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	at := time.Date(2026, 11, 29, 17, 30, 0, 0, time.UTC) // 01:30 on the 30th in China
	c := SignInChange{Seq: 3, Kind: ChangeChild, Who: "陈医生", At: at, Reason: "选错了孩子", OldName: "王小明", NewName: "王小红", OldAge: 14, NewAge: 9}
	n := c.Note(loc)
	for _, want := range []string{"序号 3", "王小明（14月龄）", "王小红（9月龄）", "陈医生", "2026-11-30 01:30", "选错了孩子"} {
		if !strings.Contains(n, want) {
			t.Errorf("note %q lacks %q", n, want)
		}
	}
	c.Kind = ChangeRemove
	if n := c.Note(loc); !strings.Contains(n, "删除") || !strings.Contains(n, "王小明") {
		t.Errorf("remove note %q", n)
	}
}
