package export

import (
	"io"

	"carekiosk/model"
	"carekiosk/store"
)

// signInChangesFile carries every sign-in withdrawn, removed or corrected.
const signInChangesFile = "records/signin_changes.jsonl"

// voidMark is what the forms say of a voided session.
const voidMark = "已作废"

// signInChangeRecord is one change to a sign-in after it was stored: a
// withdrawal before the session closed (kind "withdraw"), or after it a
// removal ("remove") or a correction of the relation ("relation", old and
// new relation), the caregiver ("caregiver", old and new caregiver id) or
// the child ("child", old and new child id with the 月龄 of each). It holds
// ids, never names, so an erasure leaves it as it is. The county applies
// it to its copy of the sign-in.
type signInChangeRecord struct {
	Type      string `json:"type"`
	ID        string `json:"id"`
	Revision  int    `json:"revision"`
	RecordID  string `json:"record_id"`
	SessionID string `json:"session_id"`
	SignInID  string `json:"sign_in_id"`
	Seq       int    `json:"seq"`
	Kind      string `json:"kind"`
	Who       string `json:"who"`
	At        string `json:"at"`
	Reason    string `json:"reason"`
	OldValue  string `json:"old_value"`
	NewValue  string `json:"new_value"`
	OldAge    int    `json:"old_age"`
	NewAge    int    `json:"new_age"`
}

// signInChangeToRecord is the bundle's line of one sign-in change.
func signInChangeToRecord(c model.SignInChange) signInChangeRecord {
	return signInChangeRecord{Type: "sign_in_change", ID: c.ID, Revision: 1, RecordID: c.ID + "#1", SessionID: c.SessionID,
		SignInID: c.SignInID, Seq: c.Seq, Kind: string(c.Kind), Who: c.Who, At: fmtTimeUTC(c.At), Reason: c.Reason,
		OldValue: c.OldValue, NewValue: c.NewValue, OldAge: c.OldAge, NewAge: c.NewAge}
}

// bundleSignInChanges writes every sign-in change of the station, so the
// county's copy follows the withdrawals and corrections with their trail.
func (j *job) bundleSignInChanges(b *bundleWriter, m *Manifest) error {
	list, err := j.v.SignInChanges(model.Date{}, model.Date{})
	if err != nil {
		return err
	}
	return b.file(signInChangesFile, func(w io.Writer) error {
		jl := newJSONLines(w)
		for _, c := range list {
			if err := jl.put(signInChangeToRecord(c)); err != nil {
				return err
			}
		}
		m.Counts.SignInChanges = jl.n
		return jl.flush()
	})
}

// signInChangesBySession reads the sign-in changes of the range's sessions.
func signInChangesBySession(v *store.Snapshot, opt Options) (map[string][]model.SignInChange, error) {
	list, err := v.SignInChanges(opt.From, opt.To)
	if err != nil {
		return nil, err
	}
	by := map[string][]model.SignInChange{}
	for _, c := range list {
		by[c.SessionID] = append(by[c.SessionID], c)
	}
	return by, nil
}

// afterCloseNotes lists, as the 备注 lists corrections, the changes made to
// the session's sign-ins after it closed (a withdrawal before closing is
// noted under the 签到表 only).
func afterCloseNotes(s sessionInfo) []string {
	var out []string
	for _, c := range s.signInChanges {
		if c.Kind != model.ChangeWithdraw {
			out = append(out, c.Note(s.loc))
		}
	}
	return out
}

// signInSheetNotes are the notes under the 签到表 (model.SignInSheetNotes),
// each marked 注：.
func signInSheetNotes(s sessionInfo, withdrawn []model.WithdrawnSignIn) []string {
	out := model.SignInSheetNotes(s.signInChanges, withdrawn, model.LangZH, s.loc)
	for i, n := range out {
		out[i] = "注：" + n
	}
	return out
}

// voidTitle follows a form's title for a voided session.
func voidTitle(s sessionInfo) string {
	if s.Voided {
		return "（" + voidMark + "）"
	}
	return ""
}
