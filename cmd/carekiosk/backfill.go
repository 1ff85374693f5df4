package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"carekiosk/model"
	"carekiosk/paperimport"
	"carekiosk/store"
)

func init() {
	commands["backfill"] = command{"补录一场在纸上进行的活动（PIN） enter a session held on paper (PIN)", runBackfill}
}

// stdin is where commands read the PIN; tests replace it.
var stdin io.Reader = os.Stdin

const backfillUsage = "carekiosk backfill --data DIR --date YYYY-MM-DD --band 7-9 --title 标题 --instructor 姓名 --handover 文字 … [--sheet 签到表.xlsx|.csv]  (PIN 从标准输入读取 the PIN is read from standard input)"

// backfillFlags are the command's flags beside --data.
type backfillFlags struct {
	date, band, title, instructor, station, areas, sheet *string
	segments                                             [4]*string
	summary                                              [4]*string
}

func newBackfillFlags(fs *flag.FlagSet) backfillFlags {
	b := backfillFlags{
		date:       fs.String("date", "", "活动日期（今天或以前） the session date (today or earlier)"),
		band:       fs.String("band", "", "活动月龄，如 7-9 the age band, e.g. 7-9"),
		title:      fs.String("title", "", "活动标题 the title"),
		instructor: fs.String("instructor", "", "健康指导员 the instructor"),
		station:    fs.String("station", "", "活动地点（默认本站） the place, this station's by default"),
		areas:      fs.String("areas", "", "活动内容方面，逗号分隔：营养,卫生与健康,回应性照护,安全与保护,早期学习和探索 content areas"),
		sheet:      fs.String("sheet", "", "照纸质签到表录入的表格（.xlsx 或 .csv） the paper sign-in sheet typed into a spreadsheet"),
	}
	for i, n := range []string{"intro", "education", "sharing", "activity"} {
		b.segments[i] = fs.String(n, "", model.SegmentKind(i).Label(model.LangZH)+" "+model.SegmentKind(i).Label(model.LangEN))
	}
	for i, n := range []string{"handover", "cooperation", "incidents", "other"} {
		b.summary[i] = fs.String(n, "", "活动总结 summary: "+n)
	}
	return b
}

// runBackfill enters a session held on paper: carekiosk backfill --data DIR ….
func runBackfill(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, data := newFlags("backfill", backfillUsage, stderr)
	b := newBackfillFlags(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	in, err := b.input()
	if err != nil {
		return usageError(stderr, err)
	}
	if *b.sheet != "" {
		rows, problems, err := paperimport.SignInRows(*b.sheet, in.Date)
		if err != nil {
			return err
		}
		if len(problems) > 0 {
			for _, p := range problems {
				fmt.Fprintf(stderr, "第 %d 行：%s\n", p.Row, p.Err.Message)
			}
			return model.Errorf(model.EINVALID, "签到表有 %d 行不能读取，请改正后再补录；什么也没有保存", "%d rows of the sheet cannot be read; fix them and try again; nothing was stored", len(problems))
		}
		in.SignIns = rows
	}
	s, err := store.Open(*data, store.Options{Clock: clockOf(ctx), Existing: true})
	if err != nil {
		return err
	}
	defer s.Close()
	if err := checkPIN(ctx, s, stderr); err != nil {
		return err
	}
	sess, err := s.BackfillSession(ctx, in)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已补录 Backfilled（纸质补录）：%s %s %s，%s，签到 %d 条 sign-ins\n", sess.Date, sess.Station, sess.Title, sess.Band, len(in.SignIns))
	return nil
}

// input builds the backfill from the flags.
func (b backfillFlags) input() (model.BackfillInput, error) {
	var in model.BackfillInput
	d, err := model.ParseDate(*b.date)
	if err != nil {
		return in, err
	}
	band, err := model.ParseAgeBand(*b.band)
	if err != nil {
		return in, err
	}
	in.Date, in.Band, in.Title, in.Instructor, in.Station = d, band, *b.title, *b.instructor, *b.station
	for _, a := range strings.FieldsFunc(*b.areas, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
		area, ok := areaByLabel(strings.TrimSpace(a))
		if !ok {
			return in, model.FieldErrorf("areas", "未知的活动内容方面：%s", "unknown content area: %s", a)
		}
		in.Areas = append(in.Areas, area)
	}
	for i := range in.Segments {
		in.Segments[i] = *b.segments[i]
	}
	in.Summary = model.Summary{Handover: *b.summary[0], Cooperation: *b.summary[1], Incidents: *b.summary[2], Other: *b.summary[3]}
	return in, nil
}

// areaByLabel finds a content area by its Chinese or English label or code.
func areaByLabel(s string) (model.ContentArea, bool) {
	for _, a := range model.ContentAreas {
		if s == a.Label(model.LangZH) || strings.EqualFold(s, a.Label(model.LangEN)) || s == string(a) {
			return a, true
		}
	}
	return "", false
}

// checkPIN reads the instructor's PIN from standard input and checks it.
func checkPIN(ctx context.Context, s *store.Store, stderr io.Writer) error {
	set, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	fmt.Fprint(stderr, "PIN: ")
	line, _ := bufio.NewReader(stdin).ReadString('\n')
	fmt.Fprintln(stderr)
	g := model.PINGuard{Hash: set.PINHash}
	return g.Check(strings.TrimSpace(line), s.Now())
}
