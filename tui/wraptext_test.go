package tui

import (
	"strings"
	"testing"
)

// TestWrapText: breaks fall between words and after Chinese punctuation,
// never inside a time, a date or an English word.
func TestWrapText(t *testing.T) {
	note := "注：序号 2（朱佳怡）的签到已撤销：签到有误（选错孩子或重复签到），指导员在活动中撤销（陈晓燕，2026-11-22 10:00）"
	for w := 20; w <= 80; w++ {
		lines := wrapText(note, w)
		if strings.Join(lines, "") != note {
			t.Fatalf("w=%d lost text: %q", w, lines)
		}
		for _, l := range lines {
			if lipglossWidth(l) > w {
				t.Fatalf("w=%d: %q too wide", w, l)
			}
			if strings.HasPrefix(l, "00") || strings.HasPrefix(l, "11-22") || strings.HasPrefix(l, "，") {
				t.Fatalf("w=%d: broke inside: %q", w, lines)
			}
		}
	}
	en := "Note: sign-in 2 was withdrawn: a double sign-in (Chen, 2026-11-22 10:00)"
	for w := 12; w <= 80; w++ {
		for _, l := range wrapText(en, w) {
			if strings.HasPrefix(l, "00") || strings.HasSuffix(l, "withd") || lipglossWidth(l) > w {
				t.Fatalf("w=%d: %q", w, wrapText(en, w))
			}
		}
	}
}

// TestHomeOneCursor: at 120x40 the home screen shows one > (the selected
// session); the own unit in the quota table is marked otherwise.
func TestHomeOneCursor(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 120, 40, screenNow)
	v := k.waitFor(fixtureSession, "各单位任务完成情况")
	n := 0
	for _, l := range strings.Split(v, "\n") {
		if strings.HasPrefix(l, "> ") {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d lines start with >:\n%s", n, v)
	}
}

// TestNewSessionEscAsks: esc over typing in the new-session form asks
// first; a second esc drops it; esc on an untouched form leaves at once.
func TestNewSessionEscAsks(t *testing.T) {
	st, dir := copyStore(t, advancingClock(screenNow))
	k := startKiosk(t, st, dir, 80, 24, screenNow)
	k.waitFor(fixtureSession)
	k.keys("n")
	k.waitFor("计划一次")
	k.keys("esc")
	k.waitFor("待进行的活动")
	k.keys("n")
	k.waitFor("计划一次")
	k.keys("tab", "tab", "认识情绪", "esc")
	k.waitFor("还没有保存", "认识情绪")
	k.keys("esc")
	k.waitFor("待进行的活动")
}
