package model

import (
	"strconv"
	"strings"
)

// ConsentVersion identifies the guardian consent notice (签到须知) shown
// today. It is stored with every sign-in the caregiver agreed to
// (SignInInput.ConsentVersion). Change it, and add the new words to
// consentTexts and to a new store migration, whenever the words change, so
// every family, on the phone page and at the kiosk, is asked again and the
// words agreed to can always be shown later.
const ConsentVersion = "2026-11-v2"

// ConsentNotice is the guardian consent notice in one language: a heading,
// who processes the data and how to reach them, the four things a caregiver
// must know (purpose, what is kept, for how long, who sees it), the
// family's rights and the sentence the caregiver agrees to. The phone page
// and the kiosk both show these words. Stored notices hold the placeholders
// {unit}, {phone} and {years}; ConsentFor fills them.
type ConsentNotice struct {
	Head   string
	By     string
	Why    string
	What   string
	Long   string
	Who    string
	Rights string
	Agree  string
}

// Lines returns the paragraphs of the notice in reading order (the heading
// and the sentence agreed to apart).
func (n ConsentNotice) Lines() []string {
	var out []string
	for _, l := range []string{n.By, n.Why, n.What, n.Long, n.Who, n.Rights} {
		if l != "" { // notices before 2026-11-v2 had no By and Rights
			out = append(out, l)
		}
	}
	return out
}

// Text is the whole notice as one text: the heading, each paragraph and the
// sentence agreed to, one a line. It is what the store keeps of a version.
func (n ConsentNotice) Text() string {
	return strings.Join(append(append([]string{n.Head}, n.Lines()...), n.Agree), "\n")
}

// ConsentText is one version of the notice in both languages.
type ConsentText struct {
	Version string
	ZH, EN  ConsentNotice
}

// consentTexts are every version of the notice ever shown, oldest first;
// the last is ConsentVersion.
var consentTexts = []ConsentText{
	{
		Version: "2026-11-v1",
		ZH: ConsentNotice{
			Head:  "签到须知",
			Why:   "用途：记录孩子参加本次养育照护小组活动，统计活动情况并按规定上报。",
			What:  "保存内容：孩子姓名、出生日期或月龄、联系电话、与孩子的关系和您的签名。",
			Long:  "保存多久：随活动记录保存 3 年。",
			Who:   "谁能看到：本站健康指导员、所属卫生院和县妇计中心的工作人员；不提供给其他人，也不在其他家庭的手机上显示。",
			Agree: "我是孩子的监护人，已阅读并同意记录孩子的以上信息",
		},
		EN: ConsentNotice{
			Head:  "About your information",
			Why:   "Purpose: to record the child's attendance at this care group session, count sessions and report them as required.",
			What:  "What is kept: the child's name, date of birth or age in months, your phone number, your relation to the child and your signature.",
			Long:  "How long: 3 years, with the session records.",
			Who:   "Who sees it: this station's health instructors and the staff of its health centre and the county center; nobody else, and never on another family's phone.",
			Agree: "I am the child's guardian; I have read this and agree to the child's information above being recorded",
		},
	},
	{
		Version: "2026-11-v2",
		ZH: ConsentNotice{
			Head:   "签到须知",
			By:     "处理者：{unit}（本站）。联系方式：{phone}。",
			Why:    "用途：记录孩子参加本次养育照护小组活动，统计活动情况并按规定上报。",
			What:   "保存内容：孩子姓名、出生日期或月龄、联系电话、与孩子的关系和您的签名。",
			Long:   "保存多久：自孩子最后一次参加活动起 {years} 年，之后姓名、电话、出生日期和签名被删除，只留下不能识别个人的统计数字。",
			Who:    "谁能看到：本站健康指导员、所属卫生院和县妇计中心的工作人员；不提供给其他人，也不在其他家庭的手机上显示。",
			Rights: "您的权利：可随时请本站健康指导员查看并拷贝本站保存的您家全部信息、更正错误，或删除您家的信息并撤回同意；删除同样转告县妇计中心。",
			Agree:  "我是孩子的监护人，已阅读并同意记录孩子的以上信息",
		},
		EN: ConsentNotice{
			Head:   "About your information",
			By:     "Processed by: {unit} (this station). Contact: {phone}.",
			Why:    "Purpose: to record the child's attendance at this care group session, count sessions and report them as required.",
			What:   "What is kept: the child's name, date of birth or age in months, your phone number, your relation to the child and your signature.",
			Long:   "How long: {years} years after the child's last session; then names, phone numbers, birth dates and signatures are erased and only counts that identify nobody remain.",
			Who:    "Who sees it: this station's health instructors and the staff of its health centre and the county center; nobody else, and never on another family's phone.",
			Rights: "Your rights: ask this station's health instructor at any time to see and take a copy of everything held about your family, to correct a mistake, or to erase your family's data and withdraw consent; an erasure is passed on to the county center too.",
			Agree:  "I am the child's guardian; I have read this and agree to the child's information above being recorded",
		},
	},
}

// ConsentTexts returns every version of the notice ever shown, oldest
// first, with the placeholders unfilled.
func ConsentTexts() []ConsentText { return append([]ConsentText(nil), consentTexts...) }

// ConsentOf returns the notice of a version in lang (English for LangEN,
// anything else Chinese), unfilled, and whether the version is known.
func ConsentOf(version string, lang Lang) (ConsentNotice, bool) {
	for _, t := range consentTexts {
		if t.Version == version {
			if lang.English() {
				return t.EN, true
			}
			return t.ZH, true
		}
	}
	return ConsentNotice{}, false
}

// Consent returns the notice of ConsentVersion in lang, unfilled.
func Consent(lang Lang) ConsentNotice {
	n, _ := ConsentOf(ConsentVersion, lang)
	return n
}

// ConsentContact is what the notice names from the settings: the unit that
// processes the data, the station's phone and the retention in years.
type ConsentContact struct {
	Unit  string
	Phone string
	Years int
}

// ContactOf is the notice's contact from the settings and the unit's name.
func ContactOf(set Settings, unit string) ConsentContact {
	return ConsentContact{Unit: unit, Phone: set.StationPhone, Years: set.Retention()}
}

// Fill returns the notice with its placeholders replaced; what is not set
// says whom to ask instead, so the notice never shows a placeholder.
func (n ConsentNotice) Fill(lang Lang, c ConsentContact) ConsentNotice {
	unit := strings.TrimSpace(c.Unit)
	if unit == "" {
		unit = lang.Pick("本站所属卫生院", "this station's health centre")
	}
	phone := strings.TrimSpace(c.Phone)
	if phone == "" {
		phone = lang.Pick("本站健康指导员", "this station's health instructor")
	}
	years := c.Years
	if years <= 0 {
		years = DefaultRetentionYears
	}
	r := strings.NewReplacer("{unit}", unit, "{phone}", phone, "{years}", strconv.Itoa(years))
	for _, p := range []*string{&n.Head, &n.By, &n.Why, &n.What, &n.Long, &n.Who, &n.Rights, &n.Agree} {
		*p = r.Replace(*p)
	}
	return n
}

// ConsentFor returns the current notice in lang with the contact filled in.
func ConsentFor(lang Lang, c ConsentContact) ConsentNotice { return Consent(lang).Fill(lang, c) }

// ConsentKnown reports whether v is the version of a notice the kiosk has
// shown (the current one or an earlier one whose words are kept); the store
// records only these.
func ConsentKnown(v string) bool {
	_, ok := ConsentOf(v, LangZH)
	return ok
}
