package tui

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"carekiosk/demo"
	"carekiosk/model"
	"carekiosk/store"
)

// TestTmuxWholeSession drives the real binary in tmux at 80x24 like a new
// user: from the demo data it plans a session, checks in three families at
// the kiosk (one found by the phone's last four digits), each agreeing to
// the consent notice, runs the four segments with notes, writes the summary
// (its first part in pinyin) and closes; then it reads the database and checks exactly what was done.
func TestTmuxWholeSession(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux not installed")
	}
	if testing.Short() {
		t.Skip("short mode")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "carekiosk")
	if out, err := exec.Command("go", "build", "-o", bin, "carekiosk/cmd/carekiosk").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	data := filepath.Join(tmp, "data")
	// At 03:00 in China, whenever the test runs: the hour a new user once
	// found the kiosk stuck on the date screen.
	now := chinaToday(3, 0)
	demoCmd := exec.Command(bin, "demo", "--data", data)
	demoCmd.Env = append(demoCmd.Environ(), "CAREKIOSK_NOW="+now.Format(time.RFC3339))
	if out, err := demoCmd.CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	fams := pickFamilies(t, data, model.DateOf(now))

	sock := filepath.Join(tmp, "tmux.sock")
	tm := func(args ...string) string {
		out, err := exec.Command("tmux", append([]string{"-u", "-S", sock}, args...)...).CombinedOutput()
		if err != nil && args[0] != "has-session" {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	cmd := fmt.Sprintf("env LANG=C.UTF-8 RUNEWIDTH_EASTASIAN=0 TERM=xterm-256color CAREKIOSK_NOW=%s %s --data %s --no-phone 2>%s", now.Format(time.RFC3339), bin, data, filepath.Join(tmp, "stderr"))
	tm("new-session", "-d", "-s", "kiosk", "-x", "80", "-y", "24", cmd)
	t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })

	pane := func() string { return tm("capture-pane", "-p", "-t", "kiosk") }
	wait := func(texts ...string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			p := pane()
			ok := true
			for _, s := range texts {
				ok = ok && strings.Contains(p, s)
			}
			if ok {
				for i, l := range strings.Split(strings.TrimRight(p, "\n"), "\n") {
					if w := len([]rune(l)); w > 0 && lipglossWidth(l) > 80 {
						t.Errorf("line %d wider than 80: %q", i, l)
					}
				}
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("pane never showed %q:\n%s", texts, p)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	keys := func(k ...string) { tm(append([]string{"send-keys", "-t", "kiosk"}, k...)...) }
	text := func(s string) { tm("send-keys", "-t", "kiosk", "-l", s) }

	const title = "认识颜色的游戏"
	wait("待进行的活动")
	keys("n")
	wait("计划一次")
	keys("Tab", "Right", "Right", "Tab")
	wait("7-9月龄", "活动标题    > _")
	text(title)
	keys("Tab", "Tab", "Space", "Tab")
	text("辅食的颜色搭配")
	keys("Tab")
	text("分享挑食的办法")
	keys("Tab")
	text("彩色积木配对")
	keys("Enter")
	wait("没有智能手机")

	for i, f := range fams {
		keys("Enter")
		wait("来过的家庭")
		text(f.query)
		keys("Enter")
		wait("> " + model.MaskName(f.child) + " ") // the screen faces families
		keys("Enter")
		wait("请输入您的姓名作为签名")
		text(f.signer) // a one-child family starts on the name
		keys("Enter")
		// The demo's families never agreed to the current notice: the
		// kiosk shows it and the caregiver agrees with y.
		wait("签到须知", "为 "+model.MaskName(f.child)+" 签到", "同意并签到")
		keys("y")
		wait(fmt.Sprintf("已签到 %d 组家庭", i+1), model.MaskName(f.child))
	}

	keys("Escape")
	wait("离开签到屏需要指导员 PIN")
	text(demo.PIN)
	keys("Enter")
	wait("r 进行活动")
	keys("r")
	wait("自我介绍", "未开始")
	notes := []string{"笔记一：大家互相认识", "笔记二：讲了辅食颜色", "笔记三：三位家长分享", "笔记四：积木配对很开心"}
	labels := []string{"1 自我介绍", "2 健康宣教", "3 育儿分享", "4 亲子活动"}
	for i, n := range notes {
		keys("n")
		wait(labels[i], "进行中", "(按 e 写记录)")
		keys("e")
		wait("回车保存记录")
		text(n)
		keys("Enter")
		wait("记录：" + n)
	}
	keys("Space")
	wait("4  亲子活动")
	keys("s")
	wait("活动总结")
	summary := []string{"今天的活动顺利完成", "家长孩子都很配合", "无", "下次讲睡眠"}
	// The first part is typed in pinyin, as on the box, where no input
	// method runs: the sentence comes first and space writes it.
	text("jintiandehuodongshunliwancheng")
	wait("1.今天的活动顺利完成", "1-5/space 选字")
	keys("Space")
	wait("衔接情况  > 今天的活动顺利完成")
	for _, s := range summary[1:] {
		keys("Tab")
		text(s)
	}
	keys("Enter")
	wait("总结已保存")
	keys("c")
	wait("确认结束本次活动")
	keys("y")
	wait("本次活动已结束")
	// The history screen shows the record and the sign-in sheet.
	keys("h")
	wait(title, "签到表   更正记录", "参与家庭：3 组", summary[0])
	keys("Tab")
	wait("家长签字", fams[0].child, fams[1].child, fams[2].child)
	keys("Escape")
	wait("全部月份", title, "已结束")
	keys("Escape")
	wait("待进行的活动")
	keys("C-c")
	wait("退出程序需要指导员 PIN")
	text(demo.PIN)
	keys("Enter")
	deadline := time.Now().Add(20 * time.Second)
	for exec.Command("tmux", "-S", sock, "has-session", "-t", "kiosk").Run() == nil {
		if time.Now().After(deadline) {
			t.Fatalf("the kiosk did not quit:\n%s", pane())
		}
		time.Sleep(100 * time.Millisecond)
	}

	// Exactly what was done is in the database.
	st, err := store.Open(data, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	all, err := st.Sessions(ctx, model.SessionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var s *model.Session
	for i := range all {
		if all[i].Title == title {
			if s != nil {
				t.Fatal("two sessions with the test title")
			}
			s = &all[i]
		}
	}
	if s == nil {
		t.Fatal("the session is not in the database")
	}
	if s.State != model.StateClosed || s.Band != (model.AgeBand{Min: 7, Max: 9}) || len(s.Areas) != 1 || s.Areas[0] != model.AreaNutrition {
		t.Errorf("session: state %s band %v areas %v", s.State, s.Band, s.Areas)
	}
	if s.Segments[1].Planned != "辅食的颜色搭配" || s.Segments[2].Planned != "分享挑食的办法" || s.Segments[3].Planned != "彩色积木配对" {
		t.Errorf("planned content: %+v", s.Segments)
	}
	for i, n := range notes {
		sg := s.Segments[i]
		if sg.Notes != n || sg.StartedAt.IsZero() || sg.EndedAt.IsZero() || sg.EndedAt.Before(sg.StartedAt) {
			t.Errorf("segment %d: notes %q started %v ended %v", i, sg.Notes, sg.StartedAt, sg.EndedAt)
		}
	}
	want := model.Summary{Handover: summary[0], Cooperation: summary[1], Incidents: summary[2], Other: summary[3]}
	if s.Summary != want {
		t.Errorf("summary %+v, want %+v", s.Summary, want)
	}
	sis, err := st.SignIns(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(sis) != len(fams) {
		t.Fatalf("%d sign-ins, want %d", len(sis), len(fams))
	}
	for i, si := range sis {
		f := fams[i]
		if si.Seq != i+1 || si.ChildID != f.childID || si.FamilyID != f.familyID || si.Method != model.MethodKiosk ||
			si.SignedName != f.signer || si.Relation != f.relation || si.ConsentVersion != model.ConsentVersion {
			t.Errorf("sign-in %d: %+v, want child %s family %s signed %s relation %s", i, si, f.child, f.familyID, f.signer, f.relation)
		}
	}
	cs, err := st.Corrections(ctx, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 0 {
		t.Errorf("%d corrections, want none", len(cs))
	}
}

type tmuxFamily struct {
	query, child, childID, familyID, signer string
	relation                                model.Relation
}

// pickFamilies chooses three one-child families of the 7-9 band with a
// unique way to find them: the first by the phone's last four digits, the
// others by the child's name.
func pickFamilies(t *testing.T, data string, today model.Date) []tmuxFamily {
	st, err := store.Open(data, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	due, err := st.FamiliesDue(ctx, model.AgeBand{Min: 7, Max: 9}, today, today, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []tmuxFamily
	for _, d := range due {
		if len(d.Family.Children) != 1 || len(d.Family.Caregivers) != 1 {
			continue
		}
		cg := d.Family.Caregivers[0]
		q := model.FamilyQuery{ChildName: d.Child.Name}
		query := d.Child.Name
		if len(out) == 0 {
			q, query = model.FamilyQuery{PhoneLast4: cg.Phone[7:]}, cg.Phone[7:]
		}
		found, err := st.FindFamilies(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(found) != 1 {
			continue
		}
		out = append(out, tmuxFamily{query: query, child: d.Child.Name, childID: d.Child.ID, familyID: d.Family.ID, signer: cg.Name, relation: cg.Relation})
		if len(out) == 3 {
			return out
		}
	}
	if len(out) < 3 {
		t.Fatalf("demo data has only %d families to pick", len(out))
	}
	return out
}

// chinaToday is today's date in China at hour:minute there.
func chinaToday(hour, minute int) time.Time {
	loc := model.DefaultSettings().Location()
	d := model.DateOf(time.Now().In(loc))
	return time.Date(d.Year, d.Month, d.Day, hour, minute, 0, 0, loc)
}

// TestTmuxDemoStartsAtAnyHour runs the README's first command, the kiosk on
// a new demo folder, at hours across a Chinese day: it must open on the home
// screen, never on the date confirmation.
func TestTmuxDemoStartsAtAnyHour(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("tmux not installed")
	}
	if testing.Short() {
		t.Skip("short mode")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "carekiosk")
	if out, err := exec.Command("go", "build", "-o", bin, "carekiosk/cmd/carekiosk").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	for _, hm := range [][2]int{{0, 30}, {7, 59}, {23, 59}} {
		now := chinaToday(hm[0], hm[1])
		t.Run(now.Format("1504"), func(t *testing.T) {
			sock := filepath.Join(tmp, fmt.Sprintf("tmux%d.sock", hm[0]))
			home := filepath.Join(tmp, fmt.Sprintf("home%d", hm[0]))
			cmd := fmt.Sprintf("env LANG=C.UTF-8 RUNEWIDTH_EASTASIAN=0 TERM=xterm-256color HOME=%s XDG_DATA_HOME= CAREKIOSK_DATA= CAREKIOSK_NOW=%s %s --demo --no-phone", home, now.Format(time.RFC3339), bin)
			if out, err := exec.Command("tmux", "-u", "-S", sock, "new-session", "-d", "-s", "k", "-x", "80", "-y", "24", cmd).CombinedOutput(); err != nil {
				t.Fatalf("tmux: %v\n%s", err, out)
			}
			t.Cleanup(func() { exec.Command("tmux", "-S", sock, "kill-server").Run() })
			deadline := time.Now().Add(90 * time.Second)
			for {
				out, _ := exec.Command("tmux", "-S", sock, "capture-pane", "-p", "-t", "k").CombinedOutput()
				p := string(out)
				if strings.Contains(p, "确认日期") || strings.Contains(p, "不可信") {
					t.Fatalf("at %s the kiosk asks to confirm the date:\n%s", now, p)
				}
				if strings.Contains(p, "待进行的活动") && strings.Contains(p, now.Format("2006-01-02 15:04")[:13]) {
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("at %s the home screen never showed:\n%s", now, p)
				}
				time.Sleep(200 * time.Millisecond)
			}
		})
	}
}
