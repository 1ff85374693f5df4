package tui

import (
	"context"
	"os"
	"strings"
	"testing"

	"carekiosk/export"
	"carekiosk/model"
	"carekiosk/store"
)

// amendFixture adds to the store a family 欧阳 (mum and grandma, three
// children) whose three children came to a closed session on 11-20 and two
// of them (小明 by mum, 小红 by mum) to a closed session 纠错测试 on 11-21.
func amendFixture(t *testing.T, st *store.Store) *model.Session {
	t.Helper()
	ctx := context.Background()
	set, err := st.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	session := func(date, title string) *model.Session {
		s, err := st.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate(date), StationID: set.StationID, Band: model.AgeBand{Min: 7, Max: 9},
			Title: title, Instructor: "陈晓燕", Areas: []model.ContentArea{model.AreaSafety}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.AdvanceSession(ctx, s.ID, model.StateOpen); err != nil {
			t.Fatal(err)
		}
		return s
	}
	closeIt := func(s *model.Session) {
		if _, err := st.UpdateSummary(ctx, s.ID, model.Summary{Handover: "好"}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.CloseSession(ctx, s.ID); err != nil {
			t.Fatal(err)
		}
	}
	first := session("2026-11-20", "纠错前一场")
	sign := func(s *model.Session, fam string, rel model.Relation, kids ...model.ChildInput) *model.SignInResult {
		name := map[model.Relation]string{model.RelMother: "欧阳丽", model.RelGrandmaM: "王秀英"}[rel]
		r, err := st.SignIn(ctx, model.SignInInput{SessionID: s.ID, FamilyID: fam, Children: kids, Caregiver: name, Phone: "13955550001",
			Relation: rel, Method: model.MethodKiosk, SignedName: "欧阳丽", ConsentVersion: model.ConsentVersion})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := sign(first, "", model.RelMother, model.ChildInput{Name: "欧阳小明", AgeMonths: 8}, model.ChildInput{Name: "欧阳小红", AgeMonths: 8},
		model.ChildInput{Name: "欧阳小刚", AgeMonths: 7})
	closeIt(first)
	other := session("2026-11-19", "纠错前两场")
	sign(other, r.FamilyID, model.RelGrandmaM, model.ChildInput{ChildID: r.SignIns[0].ChildID, AgeMonths: -1})
	if _, err := st.SignIn(ctx, model.SignInInput{SessionID: other.ID, Children: []model.ChildInput{{Name: "赵小雨", AgeMonths: 9}}, Caregiver: "赵丽",
		Phone: "13955550002", Relation: model.RelMother, Method: model.MethodKiosk, SignedName: "赵丽", ConsentVersion: model.ConsentVersion}); err != nil {
		t.Fatal(err)
	}
	closeIt(other)
	s := session("2026-11-21", "纠错测试")
	sign(s, r.FamilyID, model.RelMother, model.ChildInput{ChildID: r.SignIns[0].ChildID, AgeMonths: -1}, model.ChildInput{ChildID: r.SignIns[1].ChildID, AgeMonths: -1})
	closeIt(s)
	return s
}

// TestAmendFromTheScreen: after the PIN, each sign-in correction (relation,
// caregiver, child, removal) and the void are made from the closed
// session's screen with a reason; the store keeps each with who and why,
// the export's forms list them and its bundle carries them, and the voided
// session leaves the quota.
func TestAmendFromTheScreen(t *testing.T) {
	ctx := context.Background()
	st, dir := copyStore(t, advancingClock(screenNow))
	s := amendFixture(t, st)
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	k.tm.Send(gotoMsg{to: scrSummary, sessionID: s.ID})
	k.waitFor("本次活动已结束")
	k.keys("i")
	k.waitFor("更正签到需要指导员 PIN")
	k.keys("2468", "enter")
	k.waitFor("选择要更正的签到", "欧阳小明", "欧阳小红")
	// 序号 1: the relation, 妈妈 → the first other, 爸爸; a reason is needed.
	k.keys("enter")
	k.waitFor("更正内容", "爸爸")
	k.keys("enter", "enter", "enter", "enter")
	k.waitFor("更正必须写明原因")
	k.keys("shift+tab", "是爸爸带来的", "enter", "enter")
	k.waitFor("签到更正已记录", "序号 1 签到更正：养育人与儿童关系由“妈妈”改为“爸爸”")
	// 序号 1: the caregiver, to grandma (her relation follows).
	k.keys("enter")
	k.waitFor("< 养育人与儿童关系 >")
	k.keys("right")
	k.waitFor("< 养育人 >", "外婆")
	k.keys("enter", "enter", "其实是外婆", "enter", "enter")
	k.waitFor("由“爸爸”改为“外婆”")
	// 序号 2: the child, 欧阳小红 → 欧阳小刚.
	k.keys("down", "enter")
	k.waitFor("序号 2：欧阳小红", "< 养育人与儿童关系 >")
	k.keys("right", "right")
	k.waitFor("< 儿童 >", "欧阳小刚")
	k.keys("enter", "enter", "enter", "点错了孩子", "enter", "enter")
	k.waitFor("儿童由“欧阳小红（8月龄）”改为“欧阳小刚")
	// 序号 2 again: a child of another family, found by name, with its
	// caregiver.
	k.keys("enter")
	k.waitFor("序号 2：欧阳小刚", "< 养育人与儿童关系 >")
	k.keys("right", "right", "tab", "tab", "赵小雨", "enter")
	k.waitFor("赵小雨 · ", "赵丽")
	k.keys("enter", "enter", "其实是赵家的孩子", "enter", "enter")
	k.waitFor("改为“赵小雨")
	// 序号 1: removed.
	k.keys("up", "enter")
	k.waitFor("序号 1：欧阳小明", "< 养育人与儿童关系 >")
	k.keys("left")
	k.waitFor("< 删除签到 >")
	k.keys("enter", "enter", "重复签到", "enter", "enter")
	k.waitFor("在活动结束后删除")
	screen := k.waitFor("赵小雨")
	checkFits(t, screen, 80, 24)
	// The void, from the summary.
	k.keys("esc")
	k.waitFor("本次活动已结束")
	k.keys("v")
	k.waitFor("作废活动需要指导员 PIN")
	k.keys("2468", "enter")
	k.waitFor("作废误开的活动")
	k.keys("测试时误开", "enter", "enter")
	k.waitFor("活动已作废")

	changes, err := st.SignInChanges(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, c := range changes {
		kinds = append(kinds, string(c.Kind))
		if c.Who != "陈晓燕" || c.Reason == "" {
			t.Errorf("change %+v", c)
		}
	}
	if got := strings.Join(kinds, ","); got != "relation,caregiver,relation,child,child,caregiver,remove" {
		t.Errorf("changes %s", got)
	}
	got, err := st.Session(ctx, s.ID)
	if err != nil || !got.Voided {
		t.Fatalf("the session is not void: %+v %v", got, err)
	}
	if sis, _ := st.SignIns(ctx, s.ID); len(sis) != 1 || sis[0].ChildName != "赵小雨" {
		t.Errorf("sign-ins after the corrections: %+v", sis)
	}

	rep, err := export.Run(ctx, st, export.Options{OutDir: t.TempDir()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := readBundle(t, rep.Bundle)
	n := 0
	for _, l := range b.SignInChanges {
		if l.Rec.SessionID == s.ID {
			n++
		}
	}
	if n != len(changes) {
		t.Errorf("the bundle carries %d of the %d changes", n, len(changes))
	}
}

// readBundle reads and verifies a bundle file.
func readBundle(t *testing.T, path string) *export.Bundle {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	b, err := export.ReadBundle(f, fi.Size(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCorrectionListWithSignInChanges: the corrections view of a session
// whose only changes are to its sign-ins lists them and does not say it has
// no corrections; one with neither says so.
func TestCorrectionListWithSignInChanges(t *testing.T) {
	c := &Common{Width: 80, Height: 24, Styles: DefaultStyles(), Settings: model.DefaultSettings()}
	ch := model.SignInChange{Seq: 2, Kind: model.ChangeRemove, Who: "陈晓燕", At: screenNow, Reason: "重复签到", OldName: "欧阳小红"}
	got := strings.Join(allCorrectionLines(c, nil, []model.SignInChange{ch}, 80), "\n")
	if strings.Contains(got, "没有更正记录") || !strings.Contains(got, "序号 2（欧阳小红）的签到在活动结束后删除") {
		t.Errorf("sign-in changes only:\n%s", got)
	}
	if got := strings.Join(allCorrectionLines(c, nil, nil, 80), "\n"); !strings.Contains(got, "没有更正记录") {
		t.Errorf("nothing corrected:\n%s", got)
	}
}

// TestCorrectSessionFieldsFromTheScreen: the date, band and content areas
// of a closed session are corrected from its correction form as a person
// types them; the 月龄 follow the new date.
func TestCorrectSessionFieldsFromTheScreen(t *testing.T) {
	ctx := context.Background()
	st, dir := copyStore(t, advancingClock(screenNow))
	s := amendFixture(t, st)
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	k.tm.Send(gotoMsg{to: scrSummary, sessionID: s.ID, correct: true})
	k.waitFor("更正已结束的活动", "< 活动标题 >")
	k.keys("right", "right")
	k.waitFor("< 活动日期 >", "2026-11-21")
	k.keys("tab", "ctrl+u", "2026-10-21", "enter", "日期写错了", "enter", "enter")
	k.waitFor("更正已记录", "2026年10月21日")
	k.keys("x")
	k.waitFor("< 活动标题 >")
	k.keys("right", "right", "right", "right")
	k.waitFor("< 活动内容方面 >", "安全与保护")
	k.keys("tab", "ctrl+u", "营养、早期学习和探索", "enter", "按计划表更正", "enter", "enter")
	k.waitFor("更正已记录")
	got, err := st.Session(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Date.String() != "2026-10-21" || model.JoinAreas(got.Areas) != "nutrition,learning" {
		t.Errorf("session after the corrections: %s %v", got.Date, got.Areas)
	}
	sis, _ := st.SignIns(ctx, s.ID)
	for _, si := range sis {
		if si.AgeMonths != 7 {
			t.Errorf("%s is %d months on 2026-10-21, want 7", si.ChildName, si.AgeMonths)
		}
	}
}

// TestAmendFromHistory: a closed session's record in the history offers
// the sign-in corrections and the void too, each after the PIN.
func TestAmendFromHistory(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	s := amendFixture(t, st)
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	k.tm.Send(gotoMsg{to: scrHistory, sessionID: s.ID})
	k.waitFor("纠错测试", "活动记录表")
	k.keys("v")
	k.waitFor("作废活动需要指导员 PIN")
	k.keys("2468", "enter")
	k.waitFor("作废误开的活动")
	k.keys("esc")
	k.waitFor("本次活动已结束")
}
