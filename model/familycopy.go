package model

import (
	"fmt"
	"strings"
	"time"
)

// FamilyCopy is everything the station holds about one family, for the
// family to take away (its right to a copy): the family, children and
// caregivers, every sign-in (withdrawn ones too), every consent given and
// the words of each notice version agreed to, and the erasure if any.
type FamilyCopy struct {
	Family   Family
	SignIns  []FamilySignIn
	Consents []GivenConsent
	// Notices holds the stored words of each version agreed to, by version
	// (Chinese, placeholders unfilled).
	Notices map[string]string
	Erasure *Erasure
	// Corrections are the corrections, merges and splits of the family,
	// with who, when and why.
	Corrections []FamilyCorrection
}

// FamilySignIn is one sign-in of the family as its copy shows it.
type FamilySignIn struct {
	Date           Date
	Title, Station string
	Unit           string
	Seq            int
	Child          string
	Caregiver      string
	Relation       Relation
	AgeMonths      int
	Method         SignInMethod
	SignedName     string
	Signature      bool // a drawn signature is kept
	ConsentVersion string
	SignedAt       time.Time
	Withdrawn      bool
}

// GivenConsent is one caregiver's consent to one version of the notice.
type GivenConsent struct {
	Caregiver string
	Relation  Relation
	Version   string
	AgreedAt  time.Time
	Method    SignInMethod
}

// Text renders the copy as plain UTF-8 text, one fact a line, times in the
// station's zone; lang picks the headings.
func (f FamilyCopy) Text(lang Lang, loc *time.Location, made time.Time) string {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	at := func(t time.Time) string { return t.In(loc).Format("2006-01-02 15:04") }
	line("%s", lang.Pick("家庭信息副本（本站保存的您家全部信息）", "Copy of everything this station holds about your family"))
	line("%s%s", lang.Pick("制作时间：", "Made: "), at(made))
	line("%s%s", lang.Pick("家庭卡号：", "Family card: "), f.Family.CardCode)
	if e := f.Erasure; e != nil {
		line("%s%s", lang.Pick("个人信息已删除：", "Personal data erased: "), at(e.At))
	}
	line("\n%s", lang.Pick("【孩子】", "[Children]"))
	for _, c := range f.Family.Children {
		birth := c.BirthDate.String()
		if birth == "" && c.BirthMonth.Year > 0 {
			birth = fmt.Sprintf("%d-%02d", c.BirthMonth.Year, c.BirthMonth.Month)
		}
		line("%s  %s%s", c.Name, lang.Pick("出生：", "born: "), birth)
	}
	line("\n%s", lang.Pick("【养育人】", "[Caregivers]"))
	for _, c := range f.Family.Caregivers {
		line("%s  %s  %s", c.Name, c.Relation.Label(lang), c.Phone)
	}
	line("\n%s", lang.Pick("【签到记录】", "[Sign-ins]"))
	for _, s := range f.SignIns {
		sig := lang.Pick("手写签名已保存", "drawn signature kept")
		if !s.Signature {
			sig = lang.Pick("签名：", "signed: ") + s.SignedName
		}
		w := ""
		if s.Withdrawn {
			w = lang.Pick("（已撤销）", " (withdrawn)")
		}
		line("%s", strings.Join([]string{s.Date.String(), s.Title, s.Unit + " · " + s.Station, fmt.Sprintf(lang.Pick("序号 %d", "no. %d"), s.Seq),
			s.Child, s.Caregiver, s.Relation.Label(lang), fmt.Sprintf(lang.Pick("%d月龄", "%d months"), s.AgeMonths), s.Method.Label(lang), sig,
			lang.Pick("须知版本 ", "notice ") + s.ConsentVersion, at(s.SignedAt) + w}, "  "))
	}
	if len(f.Corrections) > 0 {
		line("\n%s", lang.Pick("【更正记录】", "[Corrections]"))
		for _, c := range f.Corrections {
			line("%s", c.Note(lang, loc))
		}
	}
	line("\n%s", lang.Pick("【同意记录】", "[Consents]"))
	for _, c := range f.Consents {
		line("%s  %s  %s %s  %s  %s", c.Caregiver, c.Relation.Label(lang), lang.Pick("须知版本", "notice"), c.Version, at(c.AgreedAt), c.Method.Label(lang))
	}
	if f.Erasure != nil && f.Erasure.ConsentWithdrawn {
		line("%s%s", lang.Pick("同意已撤回：", "Consent withdrawn: "), at(f.Erasure.At))
	}
	for _, t := range ConsentTexts() {
		if text, ok := f.Notices[t.Version]; ok {
			line("\n%s %s", lang.Pick("【签到须知原文】版本", "[Notice as agreed] version"), t.Version)
			line("%s", text)
		}
	}
	return b.String()
}
