package tui

import (
	"fmt"

	"carekiosk/model"
)

// recordLines renders the activity record (附件4) as it will be exported,
// wrapped to w cells.
func recordLines(c *Common, s *model.Session, signIns []model.SignIn, w int) []string {
	fam := map[string]bool{}
	ages := make([]int, 0, len(signIns))
	for _, si := range signIns {
		fam[si.FamilyID] = true
		ages = append(ages, si.AgeMonths)
	}
	county := c.Settings.County
	var raw []string
	title := county + c.T("3岁以下婴幼儿养育照护小组活动记录表", " care group activity record")
	if s.Voided {
		title += c.T("（已作废）", " (void)")
	}
	raw = append(raw, c.Styles.Title.Render(title))
	raw = append(raw,
		fmt.Sprintf("%s%s   %s%s", c.T("日期：", "Date: "), dateText(c, s.Date), c.T("活动地点：", "Location: "), s.Station),
		fmt.Sprintf("%s%d %s", c.T("参与家庭：", "Families: "), len(fam), c.T("组", "")),
		c.T("月龄分布：", "Ages: ")+model.FormatDistribution(model.Distribution(ages), c.Lang),
		fmt.Sprintf("%s%s%s   %s%s", c.T("活动内容（活动月龄 ", "Content (age band "), s.Band.Label(c.Lang), c.T("）", ")"), c.T("健康指导员：", "Instructor: "), s.Instructor),
		c.T("活动标题：", "Title: ")+s.Title,
	)
	labels := []string{"", c.T("健康教育：", "Health education: "), c.T("育儿分享：", "Parenting sharing: "), c.T("亲子互动：", "Parent-child activity: ")}
	for i := 1; i < 4; i++ {
		sg := s.Segments[i]
		text := sg.Planned
		if sg.Notes != "" {
			if text != "" {
				text += "; "
			}
			text += sg.Notes
		}
		raw = append(raw, labels[i]+oneLine(text))
	}
	raw = append(raw, c.T("活动总结：", "Summary: ")+oneLine(s.Summary.Text(c.Lang)))
	var out []string
	for _, l := range raw {
		out = append(out, wrap(l, w)...)
	}
	return out
}

// signInSheetLines renders the sign-in sheet (附件5) rows.
func signInSheetLines(c *Common, s *model.Session, signIns []model.SignIn, withdrawn []model.WithdrawnSignIn, changes []model.SignInChange, w int) []string {
	st := c.Styles
	out := []string{truncate(fmt.Sprintf("%s%s  %s%s  %s%s", c.T("活动日期：", "Date: "), s.Date, c.T("活动地点：", "Location: "), s.Station,
		c.T("养育指导员：", "Instructor: "), s.Instructor), w)}
	cols := []column{{title: c.T("序号", "No."), width: 4, right: true}, {title: c.T("儿童姓名", "Child"), width: 10},
		{title: c.T("儿童年龄", "Age"), width: 8}, {title: c.T("联系电话", "Phone"), width: 11},
		{title: c.T("关系", "Relation"), width: 8}, {title: c.T("家长签字", "Signature"), width: 10}}
	if w < 60 {
		cols = cols[:4]
	}
	out = append(out, tableHeader(st, cols))
	for _, si := range signIns {
		sig := si.SignedName
		if len(si.SignaturePNG) > 0 {
			sig = c.T("(手写)", "(drawn)") + sig
		}
		age := ageText(c, si.AgeMonths)
		if si.OutsideBand {
			age += "*"
		}
		out = append(out, tableRow(cols, []string{fmt.Sprint(si.Seq), si.ChildName, age, model.MaskPhone(si.Phone), si.Relation.Label(c.Lang), sig}))
	}
	if len(signIns) == 0 {
		out = append(out, st.Faint.Render(c.T("没有签到", "no sign-ins")))
	}
	return append(out, noteLines(c, model.SignInSheetNotes(changes, withdrawn, c.Lang, c.Settings.Location()), w)...)
}

// noteLines renders notes as the 签到表 has them under its table: each
// "注：…", wrapped to w, faint.
func noteLines(c *Common, notes []string, w int) []string {
	var out []string
	for _, n := range notes {
		for _, l := range wrapText(c.T("注：", "Note: ")+n, w) {
			out = append(out, c.Styles.Faint.Render(l))
		}
	}
	return out
}

// correctionLines lists a session's corrections.
func correctionLines(c *Common, cs []model.Correction, w int) []string {
	if len(cs) == 0 {
		return []string{c.Styles.Faint.Render(c.T("没有更正记录", "no corrections"))}
	}
	var out []string
	for _, x := range cs {
		head := fmt.Sprintf("%s %s %s (%s %d)", x.At.In(c.Settings.Location()).Format("2006-01-02 15:04"), x.Who, x.Field.Label(c.Lang), c.T("版本", "rev"), x.Revision)
		out = append(out, c.Styles.Title.Render(truncate(head, w)))
		out = append(out, wrap(c.T("原：", "was: ")+oneLine(x.Field.Display(x.OldValue, c.Lang)), w)...)
		out = append(out, wrap(c.T("新：", "now: ")+oneLine(x.Field.Display(x.NewValue, c.Lang)), w)...)
		out = append(out, wrap(c.T("原因：", "reason: ")+oneLine(x.Reason), w)...)
	}
	return out
}

// signInChangeLines notes the sign-ins' withdrawals and corrections, as the
// 签到表 notes them under its table.
func signInChangeLines(c *Common, changes []model.SignInChange, w int) []string {
	notes := make([]string, len(changes))
	for i, ch := range changes {
		notes[i] = ch.Text(c.Lang, c.Settings.Location())
	}
	return noteLines(c, notes, w)
}

// allCorrectionLines lists a session's corrections, then its sign-ins'
// changes; "no corrections" only when there are neither.
func allCorrectionLines(c *Common, cs []model.Correction, changes []model.SignInChange, w int) []string {
	if len(cs) == 0 && len(changes) > 0 {
		return signInChangeLines(c, changes, w)
	}
	return append(correctionLines(c, cs, w), signInChangeLines(c, changes, w)...)
}
