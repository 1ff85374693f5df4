package export

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"carekiosk/model"
)

// Where the CSV files go inside the export folder.
const csvDir = "CSV"

// csv writes one CSV file per table: 活动统计表, 任务完成情况, 活动记录表 (one
// row per session) and 签到表 (every sign-in of the range).
func (j *job) csv() error {
	for _, write := range []func() error{j.csvStatistics, j.csvQuota, j.csvRecords, j.step, j.csvSignIns} {
		if err := write(); err != nil {
			return err
		}
	}
	return nil
}

// csvStatistics writes 活动统计表.csv: a voided session is kept in the other
// forms, marked, but not counted here.
func (j *job) csvStatistics() error {
	return j.out.write(csvDir+"/活动统计表.csv", func(w io.Writer) error {
		c := newCSV(w, statisticsHeader)
		for _, s := range j.ds.sessions {
			if !s.Voided {
				c.row(statisticsRow(s)...)
			}
		}
		return c.close()
	})
}

// csvQuota writes 任务完成情况.csv, a block of rows per year.
func (j *job) csvQuota() error {
	return j.out.write(csvDir+"/任务完成情况.csv", func(w io.Writer) error {
		c := newCSV(w, append([]string{"年度"}, quotaHeader...))
		for _, yq := range j.ds.totals.quota {
			for i, q := range yq.rows {
				c.row(fmt.Sprint(yq.year), fmt.Sprint(quotaSerial(q, i)), q.Unit.Name, fmt.Sprint(q.Quota), fmt.Sprint(q.Held), percentText(q.Held, q.Quota))
			}
		}
		return c.close()
	})
}

// csvRecords writes 活动记录表.csv, one row per session with its 月龄分布.
func (j *job) csvRecords() error {
	return j.out.write(csvDir+"/活动记录表.csv", func(w io.Writer) error {
		c := newCSV(w, recordCSVHeader)
		for _, s := range j.ds.sessions {
			var ages []int
			if err := j.v.EachSignIn(s.ID, func(si model.SignIn) error {
				ages = append(ages, si.AgeMonths)
				return nil
			}); err != nil {
				return err
			}
			c.row(recordCSVRow(s, ages)...)
		}
		return c.close()
	})
}

// csvSignIns writes 签到表.csv: every sign-in of the range, each with its
// session's date, place, title and instructor.
func (j *job) csvSignIns() error {
	ds := j.ds
	byID := make(map[string]*sessionInfo, len(ds.sessions))
	for i := range ds.sessions {
		byID[ds.sessions[i].ID] = &ds.sessions[i]
	}
	return j.out.write(csvDir+"/签到表.csv", func(w io.Writer) error {
		c := newCSV(w, append([]string{"活动日期", "活动地点", "活动标题", "养育指导员"}, append(signInHeader, "签到方式", "签到时间")...))
		last := ""
		loc := ds.set.Location()
		err := j.v.EachSignInInRange(j.opt.From, j.opt.To, false, func(si model.SignIn) error {
			s := byID[si.SessionID]
			if s == nil {
				return nil // a planned session has no sign-ins; defensive
			}
			if si.SessionID != last {
				last = si.SessionID
				if err := j.step(); err != nil {
					return err
				}
			}
			c.row(signInCSVRow(&s.Session, si, loc)...)
			return c.err
		})
		if err != nil {
			return err
		}
		return c.close()
	})
}

// signInCSVRow is a sign-in's row of 签到表.csv: its session's date, place,
// title and instructor (s must be the whole session, not a statistics
// row), then the sign-in, its time in loc.
func signInCSVRow(s *model.Session, si model.SignIn, loc *time.Location) []string {
	return []string{s.Date.String(), s.Station, s.Title, s.Instructor, strconv.Itoa(si.Seq), si.ChildName, ageText(si.AgeMonths),
		csvPhone(si.Phone), string(si.Relation), csvSignature(si), si.Method.Label(model.LangZH), si.SignedAt.In(loc).Format("2006-01-02 15:04")}
}

// csvSignature is what 签到表.csv says in 家长签字: the typed name, 指导员代签
// with whom for, or where to see a drawn signature.
func csvSignature(si model.SignIn) string {
	switch {
	case si.ByInstructor:
		return instructorSigned(si)
	case si.SignedName == "":
		return "（手写签名，见xlsx签到表或数据包）"
	}
	return si.SignedName
}

// recordCSVHeader heads 活动记录表.csv, one row per session.
var recordCSVHeader = slices.Concat([]string{"日期", "活动地点", "参与家庭（组）", "签到儿童（人）", "月龄分布", "活动月龄", "健康指导员",
	recordColumns[0], model.SegIntroductions.FormLabel(model.LangZH)}, recordColumns[1:], []string{"活动总结", "状态", "版本", "更正记录"})

// recordCSVRow is a session's row of 活动记录表.csv; ages are its
// sign-ins' ages in months.
func recordCSVRow(s sessionInfo, ages []int) []string {
	notes := make([]string, len(s.corrections))
	for i, x := range s.corrections {
		notes[i] = correctionNote(x, s.loc)
	}
	notes = append(notes, s.familyNotes...)
	notes = append(notes, afterCloseNotes(s)...)
	state := s.State.Label(model.LangZH)
	if s.Voided {
		state = voidMark
	}
	return []string{s.Date.String(), s.Station, fmt.Sprint(s.Families), fmt.Sprint(s.SignIns),
		model.FormatDistribution(model.Distribution(ages), model.LangZH), s.Band.String(), s.Instructor, contentText(s.Session),
		segmentText(s.Segments[0]), segmentText(s.Segments[1]), segmentText(s.Segments[2]), segmentText(s.Segments[3]),
		s.Summary.Text(model.LangZH), state, fmt.Sprint(s.Revision), strings.Join(notes, "\n")}
}
