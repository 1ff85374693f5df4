package export

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"carekiosk/model"
)

// followUpFixture is a follow-up for a session on Feb 28 with 40 families
// to invite (so the list runs over a page), one child entering a band and
// one family that came once.
func followUpFixture() model.FollowUp {
	sess := &model.Session{ID: "s1", Date: model.MustDate("2026-02-28"), Band: model.AgeBand{Min: 4, Max: 6}, Title: "翻身与爬行"}
	fu := model.FollowUp{Today: model.MustDate("2026-01-31"), Session: sess, Notified: map[string]model.Invitation{}}
	for i := range 40 {
		f := model.Family{ID: fmt.Sprintf("f%02d", i), Caregivers: []model.Caregiver{{Name: "李丽", Phone: fmt.Sprintf("138%08d", i), Relation: model.RelMother}}}
		if i == 0 {
			f.Caregivers = append(f.Caregivers, model.Caregiver{Name: "王桂兰", Phone: "13900000000", Relation: model.RelGrandmaP})
		}
		c := model.Child{Name: fmt.Sprintf("王小%02d", i), BirthDate: model.MustDate("2025-10-31")}
		f.Children = []model.Child{c}
		d := model.DueChild{Child: c, Family: f, AgeMonths: 4}
		if i%2 == 1 {
			d.LastSeen = model.MustDate("2025-12-31")
		}
		fu.Invite = append(fu.Invite, d)
	}
	fu.Notified["f01"] = model.Invitation{SessionID: "s1", FamilyID: "f01"}
	fu.Entering = []model.BandEntry{{Child: fu.Invite[0].Child, Family: fu.Invite[0].Family, Band: model.AgeBand{Min: 4, Max: 6}, On: model.MustDate("2026-01-30")}}
	fu.Once = []model.FamilyVisits{{Family: fu.Invite[1].Family, Sessions: 1, First: model.MustDate("2025-12-31"), Last: model.MustDate("2025-12-31")}}
	return fu
}

// The invitation list holds each family's full phone numbers, the mark
// 已通知 and the last visit, one sheet per list, A4 portrait with the
// header repeated; the file is the kiosk user's only.
func TestFollowUpWorkbook(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "邀请")
	now := time.Date(2026, 1, 31, 1, 30, 0, 0, time.UTC)
	loc, _ := time.LoadLocation("Asia/Shanghai")
	p, err := WriteFollowUpFile(dir, followUpFixture(), "温溪镇社区卫生服务站", now, loc)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(p) != "邀请名单_2026-02-28_翻身与爬行_0930.xlsx" {
		t.Errorf("file name %s", filepath.Base(p))
	}
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("file mode: %v %v", fi, err)
	}
	f, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "邀请名单,本月进入新月龄段,只来过一次" {
		t.Fatalf("sheets %s", got)
	}
	rows, err := f.GetRows(sheetInvite)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "养育照护小组活动邀请名单" || !strings.Contains(rows[1][0], "2026年2月28日") || !strings.Contains(rows[1][0], "4-6月龄") {
		t.Errorf("head: %q", rows[:2])
	}
	want := [][]string{
		{"1", "王小00", "4月龄", "妈妈 李丽\n奶奶 王桂兰", "13800000000\n13900000000", "从未参加", "", ""},
		{"2", "王小01", "4月龄", "妈妈 李丽", "13800000001", "2025-12-31", "已通知", ""},
	}
	for i, w := range want {
		// Trailing empty cells are not read back.
		for len(w) > 0 && w[len(w)-1] == "" {
			w = w[:len(w)-1]
		}
		if got := rows[3+i]; strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("row %d: %q, want %q", i+1, got, w)
		}
	}
	if len(rows) != 3+40+1 || !strings.Contains(rows[43][0], "完整电话号码") {
		t.Errorf("%d rows; last %q", len(rows), rows[len(rows)-1])
	}
	ent, _ := f.GetRows(sheetEntering)
	if strings.Join(ent[3][:4], "|") != "1|王小00|4-6月龄|2026-01-30" || !strings.Contains(ent[1][0], "2026年1月") {
		t.Errorf("entering: %q", ent)
	}
	once, _ := f.GetRows(sheetOnce)
	if strings.Join(once[3], "|") != "1|王小01 3月龄|妈妈 李丽|13800000001|2025-12-31" {
		t.Errorf("came once: %q", once[3])
	}
	if out := os.Getenv("EXPORT_RENDER_DIR"); out != "" {
		_ = exec.Command("cp", p, out).Run()
	}
	printFollowUp(t, p)
}

// printFollowUp prints the list with LibreOffice: two A4 pages of
// invitations, each with the header, then one page per other list.
func printFollowUp(t *testing.T, p string) {
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	pdfDir := soffice(t, "pdf", p)
	pdf := filepath.Join(pdfDir, strings.TrimSuffix(filepath.Base(p), ".xlsx")+".pdf")
	pages := pdfPages(t, pdf)
	if len(pages) < 4 {
		t.Fatalf("%d pages; want at least two of invitations and one per other list", len(pages))
	}
	for i, pg := range pages[:2] {
		if !strings.Contains(pg, "联系电话") || !strings.Contains(pg, "已通知") || !strings.Contains(pg, "页，共") {
			t.Errorf("invitation page %d lacks the header or the page number:\n%s", i+1, pg)
		}
	}
	if !strings.Contains(pages[0], "13900000000") || !strings.Contains(strings.Join(pages, ""), "王小39") {
		t.Errorf("phones or the last child missing from the print")
	}
	if out := os.Getenv("EXPORT_RENDER_DIR"); out != "" {
		_ = exec.Command("cp", pdf, out).Run()
	}
}
