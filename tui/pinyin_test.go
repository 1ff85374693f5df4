package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"carekiosk/model"
)

// pinyinSizes are the terminals the candidate bar must be legible in.
var pinyinSizes = [][2]int{{80, 24}, {80, 16}}

// toNewFamily opens the kiosk's new-family form on today's session.
func toNewFamily(k *kiosk) {
	toCheckin(k)
	k.keys("enter", "ctrl+n")
	k.waitFor("登记新家庭")
}

// TestPinyinNameInNewFamilyForm types wangxiaoming in the new-family form:
// the candidates show under the field, the name comes first, space puts
// 王小明 in and the form goes on.
func TestPinyinNameInNewFamilyForm(t *testing.T) {
	for _, sz := range pinyinSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st, dir := copyStore(t, advancingClock(screenNow))
			k := startKiosk(t, st, dir, sz[0], sz[1], screenNow)
			toNewFamily(k)
			k.keys("wangxiaoming")
			screen := k.waitFor("wangxiaoming 1.王小明")
			checkFits(t, k.view(), sz[0], sz[1])
			golden.RequireEqual(t, []byte(normalize(k.view())))
			if !strings.Contains(screen, "1-5/space") {
				t.Errorf("the bottom line does not show the candidate keys:\n%s", screen)
			}
			k.keys("space")
			k.waitFor("孩子姓名    > 王小明_")
			k.waitGone("1.王小明")
			// The form has the key again: tab moves on.
			k.keys("tab")
			k.waitFor("孩子姓名      王小明", "出生日期    > _")
		})
	}
}

// TestPinyinSentenceInSummary types a sentence of the 活动总结 in pinyin and
// saves it: the sentence candidate comes first and space writes it whole.
func TestPinyinSentenceInSummary(t *testing.T) {
	for _, sz := range pinyinSizes {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			st, dir := copyStore(t, advancingClock(screenNow))
			k := startKiosk(t, st, dir, sz[0], sz[1], screenNow)
			toCheckin(k)
			unlockCheckin(k)
			k.keys("r")
			k.waitFor("每位家长介绍了孩子")
			k.keys("s")
			k.waitFor("活动总结")
			k.keys("jiazhangjijicanyuqinziyouxi")
			k.waitFor("1.家长积极参与亲子游戏")
			checkFits(t, k.view(), sz[0], sz[1])
			golden.RequireEqual(t, []byte(normalize(k.view())))
			// enter while composing does not save or move: it would put
			// the letters in; space picks.
			k.keys("space", ",", "baobao")
			k.waitFor("1.宝宝")
			k.keys("space", "qingxuwending", "space", ".")
			want := "家长积极参与亲子游戏，宝宝情绪稳定。"
			k.waitFor("家长积极参与亲子游戏，宝")
			k.keys("ctrl+s")
			k.waitFor("总结已保存")
			s := summarySession(t, st)
			if s.Summary.Handover != want {
				t.Errorf("saved %q, want %q", s.Summary.Handover, want)
			}
		})
	}
}

// summarySession reads the fixture's session of today.
func summarySession(t *testing.T, st Store) *model.Session {
	t.Helper()
	all, err := st.Sessions(context.Background(), model.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range all {
		if all[i].Title == fixtureSession {
			return &all[i]
		}
	}
	t.Fatalf("no session %q", fixtureSession)
	return nil
}
