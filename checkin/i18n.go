package checkin

import (
	"fmt"

	"carekiosk/model"
)

// ConsentVersion identifies the consent text on the page. It is stored with
// every phone sign-in (model.SignInInput.ConsentVersion). The notice and its
// version live in model (model.Consent), so the kiosk shows the same words.
const ConsentVersion = model.ConsentVersion

// zhConsent and enConsent are the notice's words on the page.
var zhConsent, enConsent = model.Consent(model.LangZH), model.Consent(model.LangEN)

// texts holds the page's words in Chinese (the default) and English.
var texts = map[model.Lang]map[string]string{
	model.LangZH: {
		"lang":          "zh-CN",
		"checkin":       "签到",
		"errs_head":     "请修改以下内容后再提交：",
		"child":         "孩子",
		"child_name":    "孩子姓名",
		"birth":         "出生日期",
		"birth_hint":    "例如 2025-03-05",
		"months":        "不知道出生日期？请填写月龄",
		"months_unit":   "个月",
		"siblings":      fmt.Sprintf("＋ 兄弟姐妹一起签到（最多 %d 个孩子）", model.MaxChildrenPerSignIn),
		"phone":         "联系电话（手机号）",
		"relation":      "您是孩子的",
		"consent_head":  zhConsent.Head,
		"consent_agree": zhConsent.Agree,
		"consent_known": "您已同意签到须知（版本 %s）。",
		"sign":          "家长签字",
		"sign_hint":     "请用手指在框内签名",
		"sign_clear":    "重写",
		"sign_typed":    "无法手写时，请输入您的姓名",
		"sign_nojs":     "请输入您的姓名作为签名",
		"submit":        "提交签到",
		"find_head":     "以前来过？输入手机号找到您家",
		"find_btn":      "查找",
		"find_none":     "没有找到这个手机号，请填写下面的签到表。",
		"back_title":    "欢迎再次参加",
		"back_pick":     "今天来的孩子",
		"back_rel":      "今天谁带孩子来？",
		"back_phone":    "联系电话：",
		"back_submit":   "签到",
		"back_other":    "不是这一家？填写新的签到表",
		"done_title":    "签到成功",
		"done_seq":      "序号",
		"done_existing": "已签到过，序号不变",
		"done_over36":   "已满 36 月龄，已记录并备注",
		"done_outside":  "不在本次活动月龄（%s）内，已记录",
		"done_note":     "请向指导员出示序号。下次扫码即可一键签到。",
		"age":           "%d月龄",
		"back_label":    "%s — 签到",
	},
	model.LangEN: {
		"lang":          "en",
		"checkin":       "Check in",
		"errs_head":     "Please correct the following:",
		"child":         "Child",
		"child_name":    "Child's name",
		"birth":         "Date of birth",
		"birth_hint":    "e.g. 2025-03-05",
		"months":        "Don't know the date? Age in months",
		"months_unit":   "months",
		"siblings":      fmt.Sprintf("+ Siblings too (up to %d children)", model.MaxChildrenPerSignIn),
		"phone":         "Mobile phone",
		"relation":      "You are the child's",
		"consent_head":  enConsent.Head,
		"consent_agree": enConsent.Agree,
		"consent_known": "You agreed to the notice (version %s).",
		"sign":          "Caregiver signature",
		"sign_hint":     "Sign with your finger in the box",
		"sign_clear":    "Clear",
		"sign_typed":    "If drawing does not work, type your name",
		"sign_nojs":     "Type your name as your signature",
		"submit":        "Check in",
		"find_head":     "Been here before? Find your family by phone",
		"find_btn":      "Find",
		"find_none":     "This phone number was not found; please fill in the form below.",
		"back_title":    "Welcome back",
		"back_pick":     "Children here today",
		"back_rel":      "Who brought the child today?",
		"back_phone":    "Phone: ",
		"back_submit":   "Check in",
		"back_other":    "Not your family? Fill in a new form",
		"done_title":    "Checked in",
		"done_seq":      "No.",
		"done_existing": "already checked in; the number stays",
		"done_over36":   "over 36 months; recorded with a note",
		"done_outside":  "outside this session's age band (%s); recorded",
		"done_note":     "Show the number to the instructor. Next time, check in with one tap.",
		"age":           "%d mo",
		"back_label":    "%s — check in",
	},
}

// message pages: title and text.
type msgKind string

const (
	msgExpired     msgKind = "expired"
	msgClosed      msgKind = "closed"
	msgPlanned     msgKind = "planned"
	msgScan        msgKind = "scan"
	msgNotFound    msgKind = "notfound"
	msgRate        msgKind = "rate"
	msgTooLarge    msgKind = "toolarge"
	msgPassFull    msgKind = "passfull"
	msgError       msgKind = "error"
	msgCrossOrigin msgKind = "crossorigin"
	msgBad         msgKind = "bad"
	msgOtherSess   msgKind = "other"
)

var messages = map[msgKind][2][2]string{ // kind → {zh, en} → {title, text}
	msgExpired:     {{"二维码已过期", "请扫描签到屏幕上正在显示的二维码。二维码每 30 秒更新一次，照片或转发的二维码不能签到。"}, {"This code has expired", "Scan the code shown on the kiosk's screen now. The code changes every 30 seconds; a photo or a forwarded code cannot be used."}},
	msgClosed:      {{"本次活动已结束", "这次活动的签到已经结束。如有疑问，请询问健康指导员。"}, {"This session has ended", "Check-in for this session is over. Please ask the health instructor."}},
	msgPlanned:     {{"还没有开始签到", "这次活动还没有开始签到，请稍后再扫描签到屏幕上的二维码。"}, {"Check-in has not started", "Check-in for this session has not started yet; scan the code on the kiosk again a little later."}},
	msgScan:        {{"请扫码签到", "请用手机相机扫描签到屏幕上的二维码。"}, {"Scan to check in", "Scan the code on the kiosk's screen with your phone's camera."}},
	msgNotFound:    {{"找不到这个页面", "请用手机相机扫描签到屏幕上的二维码。"}, {"Page not found", "Scan the code on the kiosk's screen with your phone's camera."}},
	msgRate:        {{"请稍等", "操作太频繁，请等一分钟再试。"}, {"Please wait", "Too many requests; try again in a minute."}},
	msgTooLarge:    {{"提交的内容太大", "签名图片太大，请返回点“重写”后签得简单些，或输入您的姓名。"}, {"Too large", "The signature is too large; go back, clear it and sign more simply, or type your name."}},
	msgPassFull:    {{"这部手机本次已签到多次", "请到签到屏幕前请健康指导员帮忙签到。"}, {"Too many check-ins from this phone", "Please ask the health instructor at the kiosk to check you in."}},
	msgError:       {{"没有保存成功", "签到没有保存，请返回再提交一次；如果仍不行，请到签到屏幕前登记。"}, {"Not saved", "The check-in was not saved. Go back and submit again; if it still fails, check in at the kiosk."}},
	msgCrossOrigin: {{"请求被拒绝", "请直接在本页面签到，不要从其他网站提交。"}, {"Request refused", "Check in on this page itself, not from another site."}},
	msgBad:         {{"请求无效", "请重新扫描签到屏幕上的二维码。"}, {"Invalid request", "Scan the code on the kiosk's screen again."}},
	msgOtherSess:   {{"请重新扫码", "这个页面属于另一场活动，请扫描签到屏幕上正在显示的二维码后再提交。"}, {"Please scan again", "This page belongs to another session; scan the code on the kiosk now and submit again."}},
}
