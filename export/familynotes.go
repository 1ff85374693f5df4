package export

import (
	"fmt"
	"io"
	"strings"
	"time"

	"carekiosk/model"
	"carekiosk/store"
)

// familyNotesBySession renders, per session, what each family correction
// did to its sign-ins (a corrected name or 月龄, a merge or split), for the
// forms' notes and 备注, dated in the station's zone loc.
func familyNotesBySession(v *store.Snapshot, loc *time.Location) (map[string][]string, error) {
	list, err := v.FamilyCorrections()
	if err != nil {
		return nil, err
	}
	out := map[string][]string{}
	for _, c := range list {
		for _, f := range c.Follows {
			if f.Kind == model.FollowSignIn && f.SessionID != "" {
				out[f.SessionID] = append(out[f.SessionID], c.FormNote(f, loc))
			}
		}
	}
	return out, nil
}

// sessionFamilyNotes renders what the corrections did to the sign-ins of
// one session.
func sessionFamilyNotes(list []model.FamilyCorrection, sessionID string, loc *time.Location) []string {
	var out []string
	for _, c := range list {
		for _, f := range c.Follows {
			if f.Kind == model.FollowSignIn && f.SessionID == sessionID {
				out = append(out, c.FormNote(f, loc))
			}
		}
	}
	return out
}

// familyCorrectionRecord is one correction of a family's data at the
// station — a child's name or birth date, a caregiver's name, relation or
// phone, a merge or a split — with who, when, old, new, why and every
// record that followed it. The records it names are carried as they stand
// in the same bundle; the county keeps the trail and applies it.
type familyCorrectionRecord struct {
	Type          string         `json:"type"`
	ID            string         `json:"id"`
	Revision      int            `json:"revision"`
	RecordID      string         `json:"record_id"`
	Kind          string         `json:"kind"`
	FamilyID      string         `json:"family_id"`
	OtherFamilyID string         `json:"other_family_id"`
	TargetID      string         `json:"target_id"`
	OldValue      string         `json:"old_value"`
	NewValue      string         `json:"new_value"`
	Who           string         `json:"who"`
	At            string         `json:"at"`
	Reason        string         `json:"reason"`
	Follows       []followRecord `json:"follows"`
}

// followRecord is one record that followed a family correction.
type followRecord struct {
	Kind      string `json:"kind"`
	ID        string `json:"id"`
	SessionID string `json:"session_id,omitempty"`
	Seq       int    `json:"seq,omitempty"`
	OldValue  string `json:"old_value"`
	NewValue  string `json:"new_value"`
}

// familyCorrectionsFile is the bundle's file of family corrections.
const familyCorrectionsFile = "records/family_corrections.jsonl"

// bundleFamilyCorrections writes every family correction recorded, oldest
// first, so the county follows them.
func (j *job) bundleFamilyCorrections(b *bundleWriter, m *Manifest) error {
	list, err := j.v.FamilyCorrections()
	if err != nil {
		return err
	}
	return b.file(familyCorrectionsFile, func(w io.Writer) error {
		jl := newJSONLines(w)
		for _, c := range list {
			if err := jl.put(familyCorrectionToRecord(c)); err != nil {
				return err
			}
		}
		m.Counts.FamilyCorrections = jl.n
		return jl.flush()
	})
}

func familyCorrectionToRecord(c model.FamilyCorrection) familyCorrectionRecord {
	r := familyCorrectionRecord{Type: "family_correction", ID: c.ID, Revision: 1, RecordID: c.ID + "#1", Kind: string(c.Kind),
		FamilyID: c.FamilyID, OtherFamilyID: c.OtherFamilyID, TargetID: c.TargetID, OldValue: c.OldValue, NewValue: c.NewValue,
		Who: c.Who, At: fmtTimeUTC(c.At), Reason: c.Reason, Follows: []followRecord{}}
	for _, f := range c.Follows {
		r.Follows = append(r.Follows, followRecord{Kind: string(f.Kind), ID: f.ID, SessionID: f.SessionID, Seq: f.Seq, OldValue: f.OldValue, NewValue: f.NewValue})
	}
	return r
}

// familyNotesRow adds, under what the sheet holds, one note row (merged
// from column A to last) listing the family corrections of the session's
// sign-ins, its height for a text width chars wide; nothing when there
// are none.
func familyNotesRow(c *cellSetter, st *styles, notes []string, last string, width float64) {
	if len(notes) == 0 {
		return
	}
	text := fmt.Sprintf("注：家庭信息更正 %d 处（均留有记录），本表已按更正后的信息填写：\n", len(notes)) + strings.Join(notes, "\n")
	row := c.maxRow + 1
	c.merged(fmt.Sprintf("A%d", row), fmt.Sprintf("%s%d", last, row), text, st.note)
	c.height(row, rowHeight(textLines(text, width), 20))
}
