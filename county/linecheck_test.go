package county_test

import (
	"context"
	"strings"
	"testing"

	"carekiosk/model"
	"carekiosk/store"
)

// TestImportRefusesSelfMerge: a merge line that merges a family into
// itself says something no station can do; the bundle is refused.
func TestImportRefusesSelfMerge(t *testing.T) {
	p := newHostilePair(t)
	fam, _ := uniqueFamily(t, p.b.Store)
	tamper(t, p.b.Store, `INSERT INTO family_corrections (id, kind, family_id, other_family_id, old_value, new_value, who, at, reason)
		VALUES ('f0000000-0000-4000-8000-000000000001', 'merge', ?1, ?1, ?1, ?1, '王', '2026-12-30T02:00:00Z', '合并')`, fam)
	p.refused(t, "合并")
}

// TestImportRefusesChangeOfSessionNotCarried: a whole bundle carries every
// session that has a sign-in; a sign-in change of a session it does not
// carry names nothing the county can show, and the bundle is refused.
func TestImportRefusesChangeOfSessionNotCarried(t *testing.T) {
	p := newHostilePair(t)
	sess, err := p.b.Store.CreateSession(context.Background(), model.NewSessionInput{Date: model.MustDate("2026-12-28"), Band: model.AgeBand{Min: 7, Max: 9},
		Title: "辅食添加", Instructor: "陈医生", Areas: []model.ContentArea{model.AreaNutrition}, Planned: [4]string{"", "辅食", "分享", "游戏"}})
	if err != nil {
		t.Fatal(err)
	}
	tamper(t, p.b.Store, `INSERT INTO sign_in_changes (id, session_id, sign_in_id, seq, kind, who, at, reason)
		VALUES ('c0000000-0000-4000-8000-000000000002', ?, 'c0000000-0000-4000-8000-000000000003', 1, 'remove', '王', '2026-12-30T02:00:00Z', '删除')`, sess.ID)
	p.refused(t, "活动")
}

// TestImportRefusesChangeOfSignInOfAnotherSession: a sign-in change filed
// under one session naming a sign-in the bundle carries under another
// would note on one session's forms what happened on another's.
func TestImportRefusesChangeOfSignInOfAnotherSession(t *testing.T) {
	p := newHostilePair(t)
	ctx := context.Background()
	fam, _ := uniqueFamily(t, p.b.Store)
	att, err := p.b.Store.Attendance(ctx, mustChild(t, p.b.Store, fam))
	if err != nil || len(att) == 0 {
		t.Fatalf("attendance %v %v", att, err)
	}
	si := att[0].SignIn
	var other string
	if err := p.b.Store.View(ctx, func(v *store.Snapshot) error {
		rows, err := v.Sessions(model.Date{}, model.Date{}, false, false)
		for _, r := range rows {
			if r.ID != si.SessionID {
				other = r.ID
			}
		}
		return err
	}); err != nil || other == "" {
		t.Fatalf("no other session (%v)", err)
	}
	tamper(t, p.b.Store, `INSERT INTO sign_in_changes (id, session_id, sign_in_id, seq, kind, who, at, reason, old_value, new_value)
		VALUES ('c0000000-0000-4000-8000-000000000004', ?, ?, ?, 'relation', '王', '2026-12-30T02:00:00Z', '填错', '妈妈', '奶奶')`,
		other, si.ID, si.Seq)
	p.refused(t, "另一场活动")
}

// TestImportRefusesHugeLine: one record line of many megabytes (an
// altered station's reason text) is refused with a message naming its
// file, before it is decoded; nothing is stored.
func TestImportRefusesHugeLine(t *testing.T) {
	p := newHostilePair(t)
	fam, _ := uniqueFamily(t, p.b.Store)
	att, err := p.b.Store.Attendance(context.Background(), mustChild(t, p.b.Store, fam))
	if err != nil || len(att) == 0 {
		t.Fatalf("attendance %v %v", att, err)
	}
	si := att[0].SignIn
	tamper(t, p.b.Store, `INSERT INTO sign_in_changes (id, session_id, sign_in_id, seq, kind, who, at, reason, old_value, new_value)
		VALUES ('c0000000-0000-4000-8000-000000000005', ?, ?, ?, 'relation', '王', '2026-12-30T02:00:00Z', ?, '妈妈', '奶奶')`,
		si.SessionID, si.ID, si.Seq, strings.Repeat("很", 3<<20))
	p.refused(t, "records/signin_changes.jsonl")
}
