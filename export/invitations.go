package export

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"carekiosk/model"
)

// The sheets of the invitation list.
const (
	sheetInvite   = "邀请名单"
	sheetEntering = "本月进入新月龄段"
	sheetOnce     = "只来过一次"
)

// followUpTable is one printed list: its heading, columns and rows.
type followUpTable struct {
	sheet, title, sub string
	header            []string
	widths            []float64
	rows              [][]string
	// empty is the one line printed when there are no rows.
	empty string
}

// WriteFollowUpFile writes the follow-up as a workbook to print on A4 into
// dir (made 0700 when missing), readable only by the kiosk's user, and
// returns its path. The list holds full phone numbers: it is the
// instructor's, for calling families.
func WriteFollowUpFile(dir string, fu model.FollowUp, station string, now time.Time, loc *time.Location) (string, error) {
	var buf bytes.Buffer
	if err := writeFollowUp(&buf, fu, station, now.In(loc)); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", model.Errorf(model.ESTORAGE, "无法创建文件夹 %s", "cannot create folder %s", dir)
	}
	name := "邀请名单_" + now.In(loc).Format("20060102_1504")
	if fu.Session != nil {
		name = "邀请名单_" + fu.Session.Date.String() + "_" + safeName(fu.Session.Title, 30) + "_" + now.In(loc).Format("1504")
	}
	p := filepath.Join(dir, name+".xlsx")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		return "", model.Errorf(model.ESTORAGE, "无法写入 %s", "cannot write %s", p)
	}
	return p, nil
}

// writeFollowUp writes the three lists, one sheet each: the families to
// invite for the session (when there is one), the children entering a new
// band this month and the families who came once.
func writeFollowUp(w *bytes.Buffer, fu model.FollowUp, station string, now time.Time) error {
	var tables []followUpTable
	if fu.Session != nil {
		tables = append(tables, inviteTable(fu, station))
	}
	tables = append(tables, enteringTable(fu, station), onceTable(fu, station))
	f, st, err := newWorkbook(tables[0].sheet)
	if err != nil {
		return err
	}
	defer f.Close()
	printed := "打印于 " + now.Format("2006-01-02 15:04") + "　　名单含完整电话号码，仅供指导员通知家庭使用，用后请妥善保管或销毁。"
	for i, t := range tables {
		if i > 0 {
			if _, err := f.NewSheet(t.sheet); err != nil {
				return err
			}
		}
		if err := writeFollowUpTable(f, st, t, printed); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// writeFollowUpTable lays out one list on A4 portrait: title, the line
// under it, the header (repeated on every page), the rows and a note.
func writeFollowUpTable(f *excelize.File, st *styles, t followUpTable, printed string) error {
	c := &cellSetter{f: f, sheet: t.sheet}
	c.widths(t.widths)
	last, _ := excelize.ColumnNumberToName(len(t.header))
	total := 0.0
	for _, w := range t.widths {
		total += w
	}
	c.merged("A1", last+"1", t.title, st.title)
	c.height(1, 28)
	c.merged("A2", last+"2", t.sub, st.subtitle)
	c.height(2, rowHeight(textLines(t.sub, total), 22))
	for i, h := range t.header {
		col, _ := excelize.ColumnNumberToName(i + 1)
		c.str(col+"3", h, st.header)
	}
	c.height(3, 30)
	row := 4
	if len(t.rows) == 0 {
		c.merged("A4", last+"4", t.empty, st.cell)
		c.height(4, 30)
		row++
	}
	for _, r := range t.rows {
		lines := 1
		for i, v := range r {
			col, _ := excelize.ColumnNumberToName(i + 1)
			c.str(col+strconv.Itoa(row), v, st.text)
			lines = max(lines, textLines(v, t.widths[i]))
		}
		c.height(row, rowHeight(lines, 30))
		row++
	}
	c.merged("A"+strconv.Itoa(row), last+strconv.Itoa(row), printed, st.note)
	c.height(row, 26)
	if err := c.done(); err != nil {
		return err
	}
	return pageSetup(f, t.sheet, false, "$1:$3")
}

// caregiverLines names each caregiver with the relation and the full phone,
// one per line.
func caregiverLines(f model.Family) (who, phones string) {
	var w, p []string
	for _, cg := range f.Caregivers {
		w = append(w, strings.TrimSpace(string(cg.Relation)+" "+cg.Name))
		p = append(p, cg.Phone)
	}
	return strings.Join(w, "\n"), strings.Join(p, "\n")
}

// lastText is the day of a last visit, or 从未参加.
func lastText(d model.Date) string {
	if d.IsZero() {
		return "从未参加"
	}
	return d.String()
}

func inviteTable(fu model.FollowUp, station string) followUpTable {
	s := fu.Session
	t := followUpTable{sheet: sheetInvite, title: "养育照护小组活动邀请名单",
		sub:    fmt.Sprintf("活动日期：%s　　活动月龄：%s　　活动标题：%s　　活动地点：%s", s.Date.Chinese(), s.Band, s.Title, station),
		header: []string{"序号", "儿童姓名", "活动当日月龄", "养育人", "联系电话", "上次参加", "已通知", "回复/备注"},
		widths: []float64{6, 12, 10, 16, 14, 12, 8, 16},
		empty:  "（没有需要邀请的家庭）"}
	for i, d := range fu.Invite {
		who, phones := caregiverLines(d.Family)
		mark := ""
		if _, ok := fu.Notified[d.Family.ID]; ok {
			mark = "已通知"
		}
		t.rows = append(t.rows, []string{strconv.Itoa(i + 1), d.Child.Name, ageText(d.AgeMonths), who, phones, lastText(d.LastSeen), mark, ""})
	}
	return t
}

func enteringTable(fu model.FollowUp, station string) followUpTable {
	t := followUpTable{sheet: sheetEntering, title: "本月进入新月龄段的儿童",
		sub:    fmt.Sprintf("%d年%d月　　活动地点：%s", fu.Today.Year, int(fu.Today.Month), station),
		header: []string{"序号", "儿童姓名", "进入月龄段", "日期", "养育人", "联系电话", "上次参加"},
		widths: []float64{6, 12, 12, 12, 16, 14, 12},
		empty:  "（本月没有儿童进入新的月龄段）"}
	for i, e := range fu.Entering {
		who, phones := caregiverLines(e.Family)
		t.rows = append(t.rows, []string{strconv.Itoa(i + 1), e.Child.Name, e.Band.String(), e.On.String(), who, phones, lastText(e.Last)})
	}
	return t
}

func onceTable(fu model.FollowUp, station string) followUpTable {
	t := followUpTable{sheet: sheetOnce, title: "只来过一次的家庭",
		sub:    fmt.Sprintf("截至 %s：只来过一次、此后一个多月没有再来的家庭　　活动地点：%s", fu.Today.Chinese(), station),
		header: []string{"序号", "儿童（今日月龄）", "养育人", "联系电话", "来过的日期"},
		widths: []float64{6, 22, 18, 16, 14},
		empty:  "（没有只来过一次的家庭）"}
	for i, fv := range fu.Once {
		var kids []string
		for _, c := range fv.Family.Children {
			kids = append(kids, c.Name+" "+ageText(c.AgeOn(fu.Today)))
		}
		who, phones := caregiverLines(fv.Family)
		t.rows = append(t.rows, []string{strconv.Itoa(i + 1), strings.Join(kids, "\n"), who, phones, fv.Last.String()})
	}
	return t
}
