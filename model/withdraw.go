package model

import (
	"strconv"
	"strings"
	"time"
)

// WithdrawInput asks to withdraw a sign-in made by mistake (the wrong child
// picked, one family signed in twice) while its session is still open or
// running. The sign-in is kept aside with who withdrew it and why; its 序号
// is never given to another child.
type WithdrawInput struct {
	SessionID string
	SignInID  string
	Who       string
	Reason    string
}

// Validate checks a withdrawal request.
func (in WithdrawInput) Validate() error {
	if in.SessionID == "" || in.SignInID == "" {
		return FieldErrorf("sign_in", "请选择要撤销的签到", "choose the sign-in to withdraw")
	}
	if err := CheckName("who", in.Who); err != nil {
		return err
	}
	if strings.TrimSpace(in.Reason) == "" {
		return FieldErrorf("reason", "撤销签到必须写明原因", "withdrawing a sign-in needs a reason")
	}
	return CheckText("reason", in.Reason, 1, 200)
}

// WithdrawnSignIn is a sign-in taken back before its session closed, as
// the 签到表 and the history screen note it under the table.
type WithdrawnSignIn struct {
	Seq       int
	ChildName string
	By        string
	At        time.Time
	Reason    string
}

// Text renders the withdrawal in one line in lang, dated in loc, as the
// 签到表 notes it under its table.
func (w WithdrawnSignIn) Text(lang Lang, loc *time.Location) string {
	seq, when := strconv.Itoa(w.Seq), w.At.In(loc).Format("2006-01-02 15:04")
	return lang.Pick("序号 "+seq+"（"+w.ChildName+"）的签到已撤销："+w.Reason+"（"+w.By+"，"+when+"）",
		"sign-in "+seq+" ("+w.ChildName+") was withdrawn: "+w.Reason+" ("+w.By+", "+when+")")
}

// SignInSheetNotes are the notes under a 签到表, in lang and dated in loc:
// every change of its sign-ins (withdrawals, removals, corrections), then
// each withdrawn sign-in no change names (one withdrawn before changes were
// recorded, or a county copy whose bundle carried no change lines).
func SignInSheetNotes(changes []SignInChange, withdrawn []WithdrawnSignIn, lang Lang, loc *time.Location) []string {
	named := map[int]bool{}
	out := make([]string, 0, len(changes)+len(withdrawn))
	for _, c := range changes {
		if c.Kind == ChangeWithdraw || c.Kind == ChangeRemove {
			named[c.Seq] = true
		}
		out = append(out, c.Text(lang, loc))
	}
	for _, w := range withdrawn {
		if !named[w.Seq] {
			out = append(out, w.Text(lang, loc))
		}
	}
	return out
}
