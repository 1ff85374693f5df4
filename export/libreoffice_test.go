package export

import (
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// soffice runs LibreOffice headless with its own profile (so it does not
// clash with another LibreOffice on the machine) and returns the output
// folder.
func soffice(t *testing.T, convertTo string, files ...string) string {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed; .ci/run installs it")
	}
	out := t.TempDir()
	profile := "file://" + filepath.ToSlash(t.TempDir())
	args := append([]string{"-env:UserInstallation=" + profile, "--headless", "--convert-to", convertTo, "--outdir", out}, files...)
	cmd := exec.Command(bin, args...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	return out
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestLibreOfficeReadsExports reads the workbooks back with LibreOffice,
// an independent reader: every sheet to CSV (cell values as LibreOffice
// shows them), and the forms to PDF and PNG, checking the sign-in sheet's
// header rows repeat on every printed page.
func TestLibreOfficeReadsExports(t *testing.T) {
	if _, err := exec.LookPath("soffice"); err != nil {
		t.Skip("LibreOffice (soffice) is not installed; .ci/run installs it")
	}
	c := sharedCounty(t)
	rep, err := Run(c.ctx, c.s, Options{OutDir: t.TempDir(), Formats: []string{FormatXLSX}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	stats := findFile(t, rep.Files, "活动统计表")
	big := findFile(t, rep.Files, "大型亲子活动")
	rare := findFile(t, rep.Files, "生僻字测试")
	// 44 = comma, 34 = quote, 76 = UTF-8; the last token -1 writes every sheet.
	dir := soffice(t, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", stats, big, rare)
	base := func(p string) string { return strings.TrimSuffix(filepath.Base(p), ".xlsx") }

	rows := readCSVFile(t, filepath.Join(dir, base(big)+"-"+sheetSignIn+".csv"))
	if rows[0][0] != "青田县3岁以下婴幼儿养育照护小组" || rows[1][0] != "活动签到表" || strings.Join(rows[3], "|") != strings.Join(signInHeader, "|") {
		t.Fatalf("sign-in sheet head as LibreOffice reads it: %q", rows[:4])
	}
	data := rows[4:]
	if len(data) != 200 {
		t.Fatalf("LibreOffice reads %d sign-in rows", len(data))
	}
	for i, k := range kids(200) {
		r := data[i]
		if r[0] != itoa(i+1) || r[1] != k.name || r[3] != k.phone || !strings.HasSuffix(r[2], "月龄") {
			t.Fatalf("row %d as LibreOffice reads it: %q (want phone %s as text)", i+1, r, k.phone)
		}
	}
	rows = readCSVFile(t, filepath.Join(dir, base(rare)+"-"+sheetSignIn+".csv"))
	if rows[4][1] != "𠮷祥" || rows[5][1] != "龚䶮" || rows[5][5] != "龚丽" {
		t.Errorf("rare characters as LibreOffice reads them: %q", rows[4:6])
	}
	rows = readCSVFile(t, filepath.Join(dir, base(stats)+"-"+sheetStatistics+".csv"))
	if rows[0][0] != "青田县3岁以下婴幼儿养育照护小组活动统计表" || rows[2][4] != "参与家庭（组）" || rows[3][0] != "2026-03-15" || rows[5][4] != "40" {
		t.Errorf("statistics as LibreOffice reads them: %q", rows[:6])
	}
	// A title that looks like a formula stays text: LibreOffice would
	// print the formula's result (点我) if it ran it.
	if rows[7][2] != `=HYPERLINK("http://x","点我")（营养、回应性照护）` || rows[8][2] != "@SUM(A1:A9)（营养、回应性照护）" {
		t.Errorf("formula-like titles as LibreOffice reads them: %q %q", rows[7][2], rows[8][2])
	}
	rows = readCSVFile(t, filepath.Join(dir, base(stats)+"-"+sheetQuota+".csv"))
	if rows[2][1] != "温溪片卫生院" || rows[2][4] != "71.4%" || rows[3][0] != "合计" {
		t.Errorf("quota as LibreOffice reads it: %q", rows[:4])
	}

	// Print: the 200-row sheet spans several A4 pages, each with the header.
	pdfDir := soffice(t, "pdf", big)
	pdf := filepath.Join(pdfDir, base(big)+".pdf")
	pages := pdfPages(t, pdf)
	if len(pages) < 4 {
		t.Fatalf("%d pages; want the record and at least three sign-in pages", len(pages))
	}
	if !strings.Contains(pages[0], "活动记录表") || !strings.Contains(pages[0], "活动总结") {
		t.Errorf("page 1 is not the activity record:\n%s", pages[0])
	}
	for i, p := range pages[1:] {
		if !strings.Contains(p, "活动签到表") || !strings.Contains(p, "家长签字") || !strings.Contains(p, "养育人与儿童关系") {
			t.Errorf("sign-in page %d lacks the repeated header rows:\n%s", i+2, p)
		}
		if !strings.Contains(p, "页，共") {
			t.Errorf("page %d has no page number", i+2)
		}
	}
	if _, err := exec.LookPath("pdftoppm"); err == nil {
		png := filepath.Join(pdfDir, "page")
		if b, err := exec.Command("pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "2", pdf, png).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, b)
		}
		if m, _ := filepath.Glob(png + "*.png"); len(m) != 2 {
			t.Errorf("PNG pages: %v", m)
		}
	}
	if keep := os.Getenv("EXPORT_RENDER_DIR"); keep != "" {
		_ = exec.Command("cp", "-r", pdfDir+"/.", keep).Run()
	}
}

// pdfPages returns the text of each page (pdftotext), or skips.
func pdfPages(t *testing.T, pdf string) []string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	b, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(b), "\f")
	if len(pages) > 0 && strings.TrimSpace(pages[len(pages)-1]) == "" {
		pages = pages[:len(pages)-1]
	}
	return pages
}
