package paperimport_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"carekiosk/export"
	"carekiosk/model"
)

// TestExportedSheetsImportCleanly exports a session held on the kiosk and
// imports its forms into another station's database: every sign-in is
// read, none is refused. Imported again into the kiosk that held it, the
// sheet changes nothing.
func TestExportedSheetsImportCleanly(t *testing.T) {
	ctx := context.Background()
	held := newStore(t)
	sess, err := held.CreateSession(ctx, model.NewSessionInput{Date: model.MustDate("2026-11-20"), Band: model.AgeBand{Min: 13, Max: 18},
		Title: "辅食添加", Instructor: "陈医生", Areas: []model.ContentArea{model.AreaNutrition}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := held.AdvanceSession(ctx, sess.ID, model.StateOpen); err != nil {
		t.Fatal(err)
	}
	for _, in := range []model.SignInInput{
		{Children: []model.ChildInput{{Name: "王小明", BirthDate: model.MustDate("2025-08-10")}, {Name: "王小红", AgeMonths: 16}}, Phone: "13812345678", Relation: model.RelMother, SignedName: "王芳"},
		{Children: []model.ChildInput{{Name: "李四", AgeMonths: 14}}, Phone: "13912345678", Relation: model.RelGrandmaM, SignedName: "张兰"},
	} {
		in.SessionID, in.Method, in.ConsentVersion = sess.ID, model.MethodKiosk, model.ConsentVersion
		if _, err := held.SignIn(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := held.UpdateSummary(ctx, sess.ID, model.Summary{Handover: "顺利"}); err != nil {
		t.Fatal(err)
	}
	if _, err := held.CloseSession(ctx, sess.ID); err != nil {
		t.Fatal(err)
	}
	rep, err := export.Run(ctx, held, export.Options{OutDir: t.TempDir(), Formats: []string{export.FormatXLSX, export.FormatCSV}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, f := range rep.Files {
		if strings.HasSuffix(f, ".xlsx") || strings.HasSuffix(f, "签到表.csv") || strings.HasSuffix(f, "活动统计表.csv") {
			files = append(files, f)
		}
	}
	if len(files) != 4 {
		t.Fatalf("export files: %v", rep.Files)
	}
	for _, f := range files {
		other := newStore(t)
		out := runImport(t, other, false, f)
		if !strings.Contains(out, "未能读取 0 行") || strings.Contains(out, "未导入") {
			t.Errorf("%s did not import cleanly:\n%s", filepath.Base(f), out)
		}
		if strings.Contains(filepath.Base(f), "签到表") || strings.Contains(f, "活动记录与签到表") {
			if !strings.Contains(out, "新家庭 2 个，新签到 3 条") {
				t.Errorf("%s: want 2 families and 3 sign-ins:\n%s", filepath.Base(f), out)
			}
		}
		back := runImport(t, held, false, f)
		if !strings.Contains(back, "没有新内容") || strings.Contains(back, "未导入") {
			t.Errorf("%s into the kiosk that held it:\n%s", filepath.Base(f), back)
		}
	}
}

// TestLibreOfficeSavedSheet imports a 签到表 typed as CSV and saved as
// .xlsx by LibreOffice, which turns phones into numbers and 1.38E+10 into
// a number shown in scientific notation.
func TestLibreOfficeSavedSheet(t *testing.T) {
	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "签到表2024年5月.csv")
	text := "青田县3岁以下婴幼儿养育照护小组活动签到表,,,,,\n" +
		"活动日期：2024年5月20日 活动地点：鹤城站 养育指导员：吴敏,,,,,\n" +
		",,,,,\n" +
		"序号,儿童姓名,儿童年龄,联系电话,养育人与儿童关系,家长签字\n" +
		"1,陈一,8月龄,13812345678,妈妈,\n" +
		"2,陈二,1岁,1.38E+10,爸爸,\n" +
		"3,林三,2023-11-02,13712345678,奶奶,\n"
	if err := os.WriteFile(csvPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	cmd := exec.Command(bin, "-env:UserInstallation=file://"+filepath.ToSlash(t.TempDir()), "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", out, csvPath)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	xlsx := filepath.Join(out, "签到表2024年5月.xlsx")
	s := newStore(t)
	assertLines(t, runImport(t, s, true, xlsx), []string{
		"试运行：以下是将要导入的内容，没有保存任何内容 (dry run: nothing stored)",
		"文件 签到表2024年5月.xlsx",
		"  工作表「签到表2024年5月」（签到表）",
		"    2024-05-20 鹤城站：新活动；家庭 2 个（新 2）；签到 2 条（新 2，已有 0）",
		"    第 6 行未导入：联系电话“1.38E+10”：显示为科学计数法，Excel 可能已改掉号码的后几位，不能确认；请把这一格设为文本、填写完整号码后再导入",
		"合计：新活动 1 场（已有 0 场），新家庭 2 个，新签到 2 条（已有 0 条），未能读取 1 行",
		"Total: 1 new sessions (0 already there), 2 new families, 2 new sign-ins (0 already there), 1 rows not read",
		"正式导入请去掉 --dry-run (run again without --dry-run to import)",
		"未导入的行请在表中改正后再导入一次；已导入的不会重复 (fix the rows not read and import again; nothing is stored twice)",
	})
	first := runImport(t, s, false, xlsx)
	if !strings.Contains(first, "新签到 2 条") {
		t.Fatalf("import:\n%s", first)
	}
	if again := runImport(t, s, false, xlsx); !strings.Contains(again, "没有新内容") {
		t.Fatalf("import again:\n%s", again)
	}
}
