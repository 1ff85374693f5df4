package countyweb_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"carekiosk/county/countytest"
	"carekiosk/countyweb"
	"carekiosk/internal/browsertest"
	"carekiosk/model"
)

// withdrawnCounty is a county with one station whose last session had a
// sign-in withdrawn while it ran (序号 2, 李小红) and the same family
// signed in again (序号 3), imported. It returns the session's id.
func withdrawnCounty(t *testing.T) (*countytest.County, string) {
	t.Helper()
	ctx := context.Background()
	c := countytest.New(t, t.TempDir(), 2026, cst(2027, 2, 15, 9))
	st := c.AddStation(t, "温溪片卫生院", 2026, 2)
	s := st.Store
	set, err := s.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := s.CreateSession(ctx, model.NewSessionInput{Date: model.DateOf(st.Clock.Model().Time().In(set.Location())), StationID: set.StationID,
		Band: set.Bands[2], Title: "年末活动", Instructor: "陈医生", Areas: []model.ContentArea{model.AreaNutrition, model.AreaSafety},
		Planned: [4]string{"互相认识", "辅食添加", "分享喂养经验", "翻书游戏"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AdvanceSession(ctx, sess.ID, model.StateOpen); err != nil {
		t.Fatal(err)
	}
	// again is a sign-in of the same family and child as before.
	signIn := func(i int, name string, again *model.SignIn) model.SignIn {
		in := model.SignInInput{SessionID: sess.ID, Phone: "1380000000" + string(rune('0'+i)), Relation: model.RelMother,
			Caregiver: "妈妈" + name, Children: []model.ChildInput{{Name: name, AgeMonths: 8}}, Method: model.MethodKiosk,
			ConsentVersion: model.ConsentVersion, SignedName: "妈妈" + name}
		if again != nil {
			in.FamilyID, in.Children[0].ChildID = again.FamilyID, again.ChildID
		}
		res, err := s.SignIn(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return res.SignIns[0]
	}
	signIn(0, "王小明", nil)
	second := signIn(1, "李小红", nil)
	if err := s.WithdrawSignIn(ctx, model.WithdrawInput{SessionID: sess.ID, SignInID: second.ID, Who: "陈医生", Reason: "重复签到"}); err != nil {
		t.Fatal(err)
	}
	if again := signIn(1, "李小红", &second); again.Seq != 3 || again.ChildID != second.ChildID {
		t.Fatalf("the family signed in again as 序号 %d, want 3", again.Seq)
	}
	if _, err := s.UpdateSummary(ctx, sess.ID, model.Summary{Handover: "顺利", Cooperation: "配合", Incidents: "无", Other: "无"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	c.Import(t, st.Export(t, cst(2027, 1, 5, 16), filepath.Join(c.Root, "U盘")))
	return c, sess.ID
}

// TestSessionPageAsTheForms: a session's page notes a sign-in withdrawn at
// the station under its sign-in sheet as the 签到表 does (in the page's
// language), and heads the activity record's columns as 附件4 does
// (活动标题 · 健康教育 · 育儿分享 · 亲子互动), with the content areas and the
// introductions in 活动标题's column as the 活动记录表 writes them.
func TestSessionPageAsTheForms(t *testing.T) {
	c, id := withdrawnCounty(t)
	s, err := countyweb.New(c.DB, countyweb.Options{Clock: c.Clock.Model(), TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	w := get(t, h, "/session/"+id)
	body := w.Body.String()
	if w.Code != 200 {
		t.Fatalf("session page: %d %s", w.Code, body)
	}
	sheet := body[strings.Index(body, `id="signins"`):]
	if !strings.Contains(sheet, "序号 2（李小红）的签到已撤销：重复签到（陈医生，") {
		t.Errorf("the withdrawn sign-in is not noted under the sign-in sheet:\n%s", sheet)
	}
	record := body[strings.Index(body, `id="record"`):strings.Index(body, `id="signins"`)]
	for _, want := range []string{"<th>活动标题</th><th>健康教育</th><th>育儿分享</th><th>亲子互动</th>", "年末活动（营养、安全与保护）", "自我介绍：互相认识", "辅食添加"} {
		if !strings.Contains(record, want) {
			t.Errorf("the activity record lacks %q:\n%s", want, record)
		}
	}
	for _, not := range []string{"健康宣教", "<th>自我介绍</th>", "<th>亲子活动</th>"} {
		if strings.Contains(record, not) {
			t.Errorf("the activity record says %q, not the paper form's label:\n%s", not, record)
		}
	}
	en := get(t, h, "/session/"+id, &http.Cookie{Name: "ck_county_lang", Value: "en"}).Body.String()
	if !strings.Contains(en, "sign-in 2 (李小红) was withdrawn: 重复签到") || !strings.Contains(en, "<th>Title</th><th>Health education</th>") ||
		!strings.Contains(en, "年末活动 (nutrition, safety &amp; protection)") {
		t.Errorf("the English session page:\n%s", en)
	}
}

// TestBrowserSessionPage opens that session's page in headless Chromium
// as the clerk does: the sign-ins 1 and 3 with the withdrawn 2 noted under
// the sheet, the record under the paper form's column labels with the
// content areas; the screenshot is kept in $COUNTYWEB_SCREENSHOTS.
func TestBrowserSessionPage(t *testing.T) {
	c, id := withdrawnCounty(t)
	base := serve(t, c)
	shots := browsertest.ShotDir(t, "COUNTYWEB_SCREENSHOTS")
	ctx := browsertest.Context(t, 90*time.Second, chromedp.WindowSize(1366, 900))
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/session/"+id), chromedp.WaitVisible("#signin-notes")); err != nil {
		t.Fatal(err)
	}
	record, sheet, notes := text(t, ctx, "#record"), text(t, ctx, "#signins table"), text(t, ctx, "#signin-notes")
	b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(shots, "session-withdrawn.png"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(notes, "序号 2（李小红）的签到已撤销：重复签到") || strings.Contains(sheet, "\n2\t") {
		t.Errorf("sign-in sheet %q, notes %q", sheet, notes)
	}
	for _, want := range []string{"活动标题", "健康教育", "育儿分享", "亲子互动", "年末活动（营养、安全与保护）"} {
		if !strings.Contains(record, want) {
			t.Errorf("the record shows no %q: %q", want, record)
		}
	}
}
