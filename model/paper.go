package model

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// MethodPaper marks a sign-in written on a paper 签到表 and entered later.
const MethodPaper SignInMethod = "paper"

// Origins of a session record: held on the kiosk, imported from a kept
// paper or Excel sheet, or entered by hand afterwards from a paper sheet.
const (
	OriginKiosk    = ""
	OriginImported = "imported" // 纸质导入
	OriginBackfill = "backfill" // 纸质补录
)

// PaperAge is the 儿童年龄 of a paper sheet: an age in months, or a birth
// date (then Months is its age on the session date).
type PaperAge struct {
	Months    int
	BirthDate Date // zero when the sheet gave an age
}

var (
	ageMonthsRe = regexp.MustCompile(`^(\d{1,2})(?:月龄|个月|月)?$`)
	ageYearsRe  = regexp.MustCompile(`^(\d)(?:岁|周岁)(半|(?:零)?(\d{1,2})(?:个月|月)?)?$`)
)

// ParsePaperAge reads 儿童年龄 as units wrote it: 14月龄, 14个月, 14 (the
// form's unit is the month), 1岁2个月, 1岁半, 2岁, or a birth date
// (2025-01-15, 2025/1/15, 2025.1.15, 2025年1月15日), whose age is counted on
// the session date on.
func ParsePaperAge(s string, on Date) (PaperAge, error) {
	t := strings.Map(func(r rune) rune {
		if r >= '０' && r <= '９' {
			return '0' + (r - '０')
		}
		if r == ' ' || r == '\u3000' || r == '\t' {
			return -1
		}
		return r
	}, strings.TrimSpace(s))
	if t == "" {
		return PaperAge{}, FieldErrorf("age", "儿童年龄为空", "the child's age is empty")
	}
	if m := ageMonthsRe.FindStringSubmatch(t); m != nil {
		n, _ := strconv.Atoi(m[1])
		return checkPaperAge(PaperAge{Months: n}, s)
	}
	if m := ageYearsRe.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		n := y * 12
		switch {
		case m[2] == "半":
			n += 6
		case m[3] != "":
			extra, _ := strconv.Atoi(m[3])
			if extra > 11 {
				return PaperAge{}, FieldErrorf("age", "儿童年龄“%s”的月数应小于 12", "the months in the age %q must be under 12", s)
			}
			n += extra
		}
		return checkPaperAge(PaperAge{Months: n}, s)
	}
	if d, ok := ParseLooseDate(t); ok {
		if d.After(on) {
			return PaperAge{}, FieldErrorf("age", "出生日期 %s 晚于活动日期 %s", "the birth date %s is after the session date %s", d, on)
		}
		return checkPaperAge(PaperAge{Months: AgeMonths(d, on), BirthDate: d}, s)
	}
	return PaperAge{}, FieldErrorf("age", "看不懂儿童年龄“%s”（应写作 14月龄、1岁2个月或出生日期）", "cannot read the age %q (write 14月龄, 1岁2个月 or a birth date)", s)
}

func checkPaperAge(a PaperAge, s string) (PaperAge, error) {
	if a.Months < 0 || a.Months > MaxSignInAgeMonths {
		return PaperAge{}, FieldErrorf("age", "儿童年龄“%s”不在 0 到 %d 月龄之间", "the age %q is not between 0 and %d months", s, MaxSignInAgeMonths)
	}
	return a, nil
}

var looseDateRe = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$`)

// ParseLooseDate reads a date as people write it in a sheet: 2025-01-15,
// 2025/1/15, 2025.1.15, 2025年1月15日 or 20250115. Impossible dates are
// refused.
func ParseLooseDate(s string) (Date, bool) {
	s = strings.TrimSpace(s)
	var y, m, d int
	if mm := looseDateRe.FindStringSubmatch(s); mm != nil {
		y, _ = strconv.Atoi(mm[1])
		m, _ = strconv.Atoi(mm[2])
		d, _ = strconv.Atoi(mm[3])
	} else if len(s) == 8 && strings.Trim(s, "0123456789") == "" {
		y, _ = strconv.Atoi(s[:4])
		m, _ = strconv.Atoi(s[4:6])
		d, _ = strconv.Atoi(s[6:])
	} else {
		return Date{}, false
	}
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return Date{}, false
	}
	return Date{y, time.Month(m), d}, true
}

var sciRe = regexp.MustCompile(`^[0-9](\.[0-9]+)?[eE]\+?[0-9]+$`)

// ParsePaperPhone reads 联系电话 from a sheet: text or a number, with
// spaces or dashes. A number Excel has turned into scientific notation
// (1.38E+10) has lost its digits and is refused, never guessed.
func ParsePaperPhone(s string) (string, error) {
	t := strings.TrimSpace(s)
	if sciRe.MatchString(t) {
		return "", FieldErrorf("phone", "显示为科学计数法，Excel 可能已改掉号码的后几位，不能确认；请把这一格设为文本、填写完整号码后再导入", "shown in scientific notation: Excel may have changed the last digits, so the number cannot be trusted; make the cell text, write the whole number and import again")
	}
	// A number cell read as 13812345678.0.
	if strings.HasSuffix(t, ".0") && strings.Trim(t[:len(t)-2], "0123456789") == "" {
		t = t[:len(t)-2]
	}
	return NormalizePhone(t)
}

// ParseRelation reads 养育人与儿童关系 as written on paper: 妈妈 or 母亲,
// 外婆 or 姥姥, and so on. Anything else written is 其他; ok is false when
// the cell is empty.
func ParseRelation(s string) (r Relation, ok bool) {
	t := strings.TrimSpace(s)
	if t == "" {
		return RelOther, false
	}
	for rel, words := range map[Relation][]string{
		RelMother: {"妈妈", "母亲", "母", "妈", "母子", "母女"}, RelFather: {"爸爸", "父亲", "父", "爸", "父子", "父女"},
		RelGrandmaP: {"奶奶", "祖母"}, RelGrandpaP: {"爷爷", "祖父"},
		RelGrandmaM: {"外婆", "外祖母", "姥姥"}, RelGrandpaM: {"外公", "外祖父", "姥爷"},
	} {
		for _, w := range words {
			if t == w {
				return rel, true
			}
		}
	}
	return RelOther, true
}

// PaperSource names where a record was read: file, sheet and row (1 =
// the sheet's first row, as a spreadsheet numbers them).
type PaperSource struct {
	File  string
	Sheet string
	Row   int
}

// PaperSignIn is one readable row of a paper 签到表.
type PaperSignIn struct {
	Source     PaperSource
	Child      string
	Age        PaperAge
	Phone      string // normalised
	Relation   Relation
	SignedName string // what 家长签字 holds as text; often empty on a scanned sheet
}

// PaperSession is one session read from kept sheets: a 签到表 (with its
// sign-ins), a 统计表 row, or both for the same date and place.
type PaperSession struct {
	Source     PaperSource
	Date       Date
	Station    string // 活动地点 as written
	Instructor string
	Title      string  // 活动内容; empty when only a 签到表 was read
	Band       AgeBand // zero when the sheets do not say
	// Families is the 参与家庭（组） a 统计表 reported; -1 when none did.
	Families int
	SignIns  []PaperSignIn
	// Unit is the 单位 of the row of a county-wide 统计表 (one with a 单位
	// column); "" when the sheet has none or the row's cell is empty.
	Unit string
	// UnitColumn is true when the row's sheet has a 单位 column, so an
	// empty Unit is a row that does not say whose session it is.
	UnitColumn bool
}

// PaperOutcome is what storing (or, in a dry run, would store) one
// PaperSession did.
type PaperOutcome struct {
	Source     PaperSource
	Date       Date
	Station    string
	NewSession bool // false: the session was already there
	// NewSignIns were stored; KnownSignIns were already there.
	NewSignIns, KnownSignIns int
	// Families counts the distinct families of the sign-ins; NewFamilies
	// those this import made (the others were matched by phone and child).
	Families, NewFamilies int
	// Refused says why nothing of this session was stored; "" when stored.
	Refused *Error
}

// PaperSignedName stands in 家长签字 for a caregiver who signed the paper
// sheet by hand: the signature itself stays on the paper.
const PaperSignedName = "纸质签字"

// BandOfMost returns the band of bands holding the most of ages (the first
// such band on a tie), for a session whose sheet does not name its band;
// 0–36 when none holds any.
func BandOfMost(bands []AgeBand, ages []int) AgeBand {
	best, most := AgeBand{Min: 0, Max: MaxAgeMonths}, 0
	for _, b := range bands {
		n := 0
		for _, a := range ages {
			if b.Contains(a) {
				n++
			}
		}
		if n > most {
			best, most = b, n
		}
	}
	return best
}

// BackfillInput is a session held on paper (the box was broken, the power
// out) entered afterwards from its paper record and sign-in sheet (补录).
type BackfillInput struct {
	Date       Date
	Band       AgeBand
	Title      string
	Instructor string
	Areas      []ContentArea
	// Segments holds what each part of the session covered, by SegmentKind.
	Segments [4]string
	Summary  Summary
	// Station is the 活动地点 as on the paper sheet; empty for this kiosk's.
	Station string
	SignIns []PaperSignIn
}

// Validate checks a backfill entered on today (the station's date): a
// session already held, with its summary, every sign-in readable.
func (in *BackfillInput) Validate(today Date, bands []AgeBand) error {
	if in.Date.IsZero() {
		return FieldErrorf("date", "请填写活动日期", "the session date is required")
	}
	if in.Date.After(today) {
		return FieldErrorf("date", "补录的活动日期 %s 晚于今天 %s", "a backfilled session's date %s is after today %s", in.Date, today)
	}
	if in.Date.Before(today.AddMonths(-MaxSignInAgeMonths)) {
		return FieldErrorf("date", "活动日期 %s 早于 6 年前", "the session date %s is more than 6 years ago", in.Date)
	}
	nsi := NewSessionInput{Date: in.Date, StationID: "-", Band: in.Band, Title: in.Title, Instructor: in.Instructor, Areas: in.Areas, Planned: in.Segments}
	if err := nsi.Validate(bands); err != nil {
		return err
	}
	if in.Summary.IsEmpty() {
		return FieldErrorf("summary", "请填写活动总结", "write the summary")
	}
	for _, v := range []string{in.Summary.Handover, in.Summary.Cooperation, in.Summary.Incidents, in.Summary.Other} {
		if err := CheckText("summary", v, 0, 2000); err != nil {
			return err
		}
	}
	if err := CheckText("station", in.Station, 0, 60); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, si := range in.SignIns {
		if err := CheckName("child", si.Child); err != nil {
			return signInErr(i, err)
		}
		if si.Age.Months < 0 || si.Age.Months > MaxSignInAgeMonths {
			return FieldErrorf("age", "第 %d 个签到：月龄应在 0 到 %d 之间", "sign-in %d: the age must be 0 to %d months", i+1, MaxSignInAgeMonths)
		}
		phone, err := NormalizePhone(si.Phone)
		if err != nil {
			return signInErr(i, err)
		}
		in.SignIns[i].Phone = phone
		if !si.Relation.Valid() {
			return FieldErrorf("relation", "第 %d 个签到：请选择养育人与儿童关系", "sign-in %d: choose the relation", i+1)
		}
		if seen[si.Child+"|"+phone] {
			return FieldErrorf("child", "第 %d 个签到：%s 已经签到过", "sign-in %d: %s is already signed in", i+1, si.Child)
		}
		seen[si.Child+"|"+phone] = true
	}
	return nil
}

// signInErr names the sign-in (from 1) a field error is about.
func signInErr(i int, err error) error {
	e, ok := err.(*Error)
	if !ok {
		return err
	}
	return &Error{Code: e.Code, Field: e.Field, Message: fmt.Sprintf("第 %d 个签到：%s", i+1, e.Message), MessageEN: fmt.Sprintf("sign-in %d: %s", i+1, e.MessageEN)}
}
