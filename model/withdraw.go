package model

import (
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
