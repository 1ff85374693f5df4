package export

import (
	"fmt"
	"strings"
	"time"

	"carekiosk/model"
)

// Form titles as on the county's paper forms; the county name comes first.
const (
	titleGroup      = "3岁以下婴幼儿养育照护小组"
	titleRecord     = "活动记录表"
	titleSignIn     = "活动签到表"
	titleStatistics = "3岁以下婴幼儿养育照护小组活动统计表"
	titleQuota      = "3岁以下婴幼儿养育小组活动任务分解表及完成情况"
)

// Sheet names.
const (
	sheetRecord     = "活动记录表"
	sheetSignIn     = "签到表"
	sheetStatistics = "活动统计表"
	sheetQuota      = "任务完成情况"
)

// Column headers, exactly as on the forms.
var (
	statisticsHeader = []string{"活动日期", "活动地点", "活动内容", "活动月龄", "参与家庭（组）", "备注"}
	signInHeader     = []string{"序号", "儿童姓名", "儿童年龄", "联系电话", "养育人与儿童关系", "家长签字"}
	quotaHeader      = []string{"序号", "单位", "任务数（场次）", "已开展（场次）", "完成率"}
	recordColumns    = model.RecordColumns(model.LangZH)
)

const summaryLabel = "活动总结（包括本次活动衔接情况，家长孩子配合情况，突发事件处理情况以及其他需要记录的细节）："

// ageText renders an age as on the sign-in sheet: 14月龄.
func ageText(months int) string { return fmt.Sprintf("%d月龄", months) }

// correctionNote renders one correction for the 备注 column, dated in the
// station's zone loc (a correction made at 03:07 on 11-30 in China reads
// 11-30, not the UTC 11-29).
func correctionNote(c model.Correction, loc *time.Location) string {
	old, nu := clip(c.Field.Display(c.OldValue, model.LangZH), 40), clip(c.Field.Display(c.NewValue, model.LangZH), 40)
	return fmt.Sprintf("第%d版更正：%s由“%s”改为“%s”（%s，%s，原因：%s）", c.Revision, c.Field.FormLabel(), old, nu, c.Who, c.At.In(loc).Format("2006-01-02"), c.Reason)
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// remarks is the 备注 of a session on the statistics table: its state when
// not closed, an empty sheet, and every correction.
func remarks(r sessionInfo) string {
	if r.paperNote != "" {
		return r.paperNote
	}
	var parts []string
	if mark := originNote(r); mark != "" {
		parts = append(parts, mark)
	}
	if r.State != model.StateClosed {
		parts = append(parts, "活动未结束（"+r.State.Label(model.LangZH)+"）")
	}
	if r.SignIns == 0 {
		parts = append(parts, "无人签到")
	}
	for _, c := range r.corrections {
		parts = append(parts, correctionNote(c, r.loc))
	}
	parts = append(parts, r.familyNotes...)
	parts = append(parts, afterCloseNotes(r)...)
	return strings.Join(parts, "；")
}

// contentText is the 活动内容 of a session: its title and content areas.
func contentText(s model.Session) string {
	if len(s.Areas) == 0 {
		return s.Title
	}
	var b strings.Builder
	b.Grow(len(s.Title) + 6 + 24*len(s.Areas))
	b.WriteString(s.Title)
	b.WriteString("（")
	for i, a := range s.Areas {
		if i > 0 {
			b.WriteString("、")
		}
		b.WriteString(a.Label(model.LangZH))
	}
	b.WriteString("）")
	return b.String()
}

// rangeText names a date range in Chinese.
func rangeText(from, to model.Date) string {
	switch {
	case from.IsZero() && to.IsZero():
		return "全部日期"
	case from.IsZero():
		return "截至" + to.Chinese()
	case to.IsZero():
		return from.Chinese() + "起"
	}
	return from.Chinese() + "至" + to.Chinese()
}

// rangeSlug names a date range in a file name.
func rangeSlug(from, to model.Date) string {
	switch {
	case from.IsZero() && to.IsZero():
		return "全部"
	case from.IsZero():
		return "至" + to.String()
	case to.IsZero():
		return from.String() + "起"
	}
	return from.String() + "至" + to.String()
}

// segmentText is what a segment cell of the activity record shows: the
// planned content, then what was recorded.
func segmentText(seg model.Segment) string {
	planned, notes := strings.TrimSpace(seg.Planned), strings.TrimSpace(seg.Notes)
	switch {
	case planned == "":
		return notes
	case notes == "":
		return planned
	}
	return planned + "\n记录：" + notes
}

// originNote marks a session that began on paper: 纸质补录 with when it
// was entered, or 纸质记录导入; "" for one held on the kiosk.
func originNote(r sessionInfo) string {
	mark := r.OriginLabel()
	if mark == "" {
		return ""
	}
	return mark + "（录入于 " + r.CreatedAt.In(r.loc).Format("2006-01-02 15:04") + "）"
}
