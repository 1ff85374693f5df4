package model

// ConsentVersion identifies the guardian consent notice (签到须知) below. It
// is stored with every sign-in the caregiver agreed to
// (SignInInput.ConsentVersion). Change it whenever the words change, so every
// family, on the phone page and at the kiosk, is asked again.
const ConsentVersion = "2026-11-v1"

// ConsentNotice is the guardian consent notice in one language: a heading,
// the four things a caregiver must know (purpose, what is kept, for how long,
// who sees it) and the sentence the caregiver agrees to. The phone page and
// the kiosk both show these words.
type ConsentNotice struct {
	Head  string
	Why   string
	What  string
	Long  string
	Who   string
	Agree string
}

// Lines returns the four paragraphs of the notice in reading order.
func (n ConsentNotice) Lines() []string { return []string{n.Why, n.What, n.Long, n.Who} }

// Consent returns the notice of ConsentVersion in lang: English for LangEN,
// anything else for Chinese.
func Consent(lang Lang) ConsentNotice {
	if lang.English() {
		return ConsentNotice{
			Head:  "About your information",
			Why:   "Purpose: to record the child's attendance at this care group session, count sessions and report them as required.",
			What:  "What is kept: the child's name, date of birth or age in months, your phone number, your relation to the child and your signature.",
			Long:  "How long: 3 years, with the session records.",
			Who:   "Who sees it: this station's health instructors and the staff of its health centre and the county center; nobody else, and never on another family's phone.",
			Agree: "I am the child's guardian; I have read this and agree to the child's information above being recorded",
		}
	}
	return ConsentNotice{
		Head:  "签到须知",
		Why:   "用途：记录孩子参加本次养育照护小组活动，统计活动情况并按规定上报。",
		What:  "保存内容：孩子姓名、出生日期或月龄、联系电话、与孩子的关系和您的签名。",
		Long:  "保存多久：随活动记录保存 3 年。",
		Who:   "谁能看到：本站健康指导员、所属卫生院和县妇计中心的工作人员；不提供给其他人，也不在其他家庭的手机上显示。",
		Agree: "我是孩子的监护人，已阅读并同意记录孩子的以上信息",
	}
}

// pastConsentVersions are the versions of the notice before ConsentVersion,
// which sign-ins of earlier years carry.
var pastConsentVersions = []string{"2026-01"}

// ConsentKnown reports whether v is the current notice's version or an
// earlier one's; the store records only these.
func ConsentKnown(v string) bool {
	if v == ConsentVersion {
		return true
	}
	for _, p := range pastConsentVersions {
		if v == p {
			return true
		}
	}
	return false
}
