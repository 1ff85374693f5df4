package model

import (
	"bytes"
	"image/png"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Relation is the caregiver's relation to the child (养育人与儿童关系).
type Relation string

// The relations offered on every form.
const (
	RelMother   Relation = "妈妈"
	RelFather   Relation = "爸爸"
	RelGrandmaP Relation = "奶奶"
	RelGrandpaP Relation = "爷爷"
	RelGrandmaM Relation = "外婆"
	RelGrandpaM Relation = "外公"
	RelOther    Relation = "其他"
)

// Relations lists the relations in the order forms offer them.
var Relations = []Relation{RelMother, RelFather, RelGrandmaP, RelGrandpaP, RelGrandmaM, RelGrandpaM, RelOther}

// Label renders the relation; the stored value is always the Chinese word.
func (r Relation) Label(lang Lang) string {
	if !lang.English() {
		return string(r)
	}
	en := map[Relation]string{RelMother: "mother", RelFather: "father", RelGrandmaP: "grandmother (paternal)", RelGrandpaP: "grandfather (paternal)", RelGrandmaM: "grandmother (maternal)", RelGrandpaM: "grandfather (maternal)", RelOther: "other"}
	return en[r]
}

// ShortLabel renders the relation for a narrow column: the Chinese word,
// or in English whose parent a grandparent is (奶奶 "dad's mum", 外婆
// "mum's mum"), never cut to look alike.
func (r Relation) ShortLabel(lang Lang) string {
	if !lang.English() {
		return string(r)
	}
	en := map[Relation]string{RelMother: "mother", RelFather: "father", RelGrandmaP: "dad's mum", RelGrandpaP: "dad's dad", RelGrandmaM: "mum's mum", RelGrandpaM: "mum's dad", RelOther: "other"}
	return en[r]
}

// Valid reports whether r is one of Relations.
func (r Relation) Valid() bool {
	for _, x := range Relations {
		if x == r {
			return true
		}
	}
	return false
}

// Family is one household: its children and caregivers. One family is one
// 组 on the forms.
type Family struct {
	ID string
	// CardCode is printed as a QR code on the family card for the scanner path.
	CardCode   string
	Children   []Child
	Caregivers []Caregiver
	CreatedAt  time.Time
	// DuplicateOf names the family this one may be (可能重复): it was made
	// by a new-family sign-in with a phone number another family already
	// has. Only the instructor sees both and merges them or keeps them
	// apart; until then nothing of the other family is shown to anyone
	// signing in for this one.
	DuplicateOf string
	// Erased says the family's personal data was erased (at its request or
	// after the retention): it is no longer anyone's to sign in or show.
	Erased bool
}

// Child is a child under three.
type Child struct {
	ID       string
	FamilyID string
	Name     string
	// BirthDate is the exact date of birth, when known.
	BirthDate Date
	// BirthMonth is set instead when only the age in months was given.
	BirthMonth BirthMonth
}

// AgeOn returns the child's age in completed months on the given date.
func (c Child) AgeOn(d Date) int {
	if !c.BirthDate.IsZero() {
		return AgeMonths(c.BirthDate, d)
	}
	return AgeMonths(c.BirthMonth, d)
}

// Caregiver is an adult who brings a child.
type Caregiver struct {
	ID       string
	FamilyID string
	Name     string
	Phone    string // normalised 11-digit mainland mobile
	Relation Relation
}

// SignInMethod says how a family signed in.
type SignInMethod string

// The sign-in methods.
const (
	MethodPhone SignInMethod = "phone" // the QR page on the caregiver's phone
	MethodKiosk SignInMethod = "kiosk" // typed at the kiosk
	MethodCard  SignInMethod = "card"  // family card read by the scanner
)

// Label renders the method.
func (m SignInMethod) Label(lang Lang) string {
	zh := map[SignInMethod]string{MethodPhone: "手机", MethodKiosk: "现场", MethodCard: "家庭卡", MethodPaper: "纸质"}
	en := map[SignInMethod]string{MethodPhone: "phone", MethodKiosk: "kiosk", MethodCard: "card", MethodPaper: "paper"}
	if lang.English() {
		return en[m]
	}
	return zh[m]
}

// SignIn is one child's attendance at one session (one row of 附件5).
type SignIn struct {
	ID          string
	SessionID   string
	Seq         int // 序号 within the session, from 1
	ChildID     string
	ChildName   string
	FamilyID    string
	CaregiverID string
	Caregiver   string // caregiver's name
	Phone       string
	Relation    Relation
	AgeMonths   int
	Method      SignInMethod
	// SignaturePNG is the drawn signature; SignedName the typed one. At
	// least one is present.
	SignaturePNG []byte
	SignedName   string
	// ByInstructor marks a sign-in the instructor signed for the caregiver
	// (指导员代签); SignedName is then the instructor's name.
	ByInstructor   bool
	ConsentVersion string
	SignedAt       time.Time
	// OutsideBand marks a child whose age is not in the session's band; the
	// sign-in is accepted and marked.
	OutsideBand bool
}

// ChildInput describes one child in a sign-in: an existing child by ID, or a
// new one by name with a birth date or an age in months.
type ChildInput struct {
	ChildID   string
	Name      string
	BirthDate Date
	// AgeMonths is used when BirthDate is zero; -1 means not given.
	AgeMonths int
}

// SignInInput is a sign-in request from the kiosk, a phone or the scanner:
// one caregiver with one or more children (siblings) of one family.
type SignInInput struct {
	SessionID string
	// FamilyID picks a returning family; empty creates a new one.
	FamilyID     string
	Children     []ChildInput
	Caregiver    string // caregiver's name; may be empty when SignedName is given
	Phone        string
	Relation     Relation
	Method       SignInMethod
	SignaturePNG []byte
	SignedName   string
	// ByInstructor: the instructor signed for the caregiver (指导员代签),
	// SignedName is the instructor's name.
	ByInstructor   bool
	ConsentVersion string
	// Nonce makes a retried submission idempotent; empty for none.
	Nonce string
}

// SignInResult reports what a sign-in stored: one SignIn per child, each with
// its 序号. Existing is true for a child that had already signed in.
type SignInResult struct {
	FamilyID string
	SignIns  []SignIn
	Existing []bool
}

// Bounds of a drawn signature: a phone's canvas at twice its pixel ratio
// is about 700x300 and 10–20 KB. One is stored per sign-in (the children
// signed in together share it).
const (
	MaxSignaturePNG    = 100 << 10 // bytes
	MaxSignatureWidth  = 2000
	MaxSignatureHeight = 1000
	MaxSignaturePixels = 1_000_000
)

// errSignatureTooLarge is CheckSignature's answer to a drawing over the bounds.
var errSignatureTooLarge = FieldErrorf("signature", "签名图片过大", "the signature image is too large")

// SignatureTooLarge reports whether err is CheckSignature's answer to a
// drawing over the byte or pixel bounds (the page then asks for a simpler
// one rather than calling it broken).
func SignatureTooLarge(err error) bool { return err == errSignatureTooLarge }

// CheckSignature checks a drawn signature: a PNG within the byte and pixel
// bounds, whose header reads.
func CheckSignature(b []byte) error {
	if len(b) > MaxSignaturePNG {
		return errSignatureTooLarge
	}
	if !IsPNG(b) {
		return FieldErrorf("signature", "签名图片无效", "the signature image is not a PNG")
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil || cfg.Width < 1 || cfg.Height < 1 {
		return FieldErrorf("signature", "签名图片无效", "the signature image is not a PNG")
	}
	if cfg.Width > MaxSignatureWidth || cfg.Height > MaxSignatureHeight || cfg.Width*cfg.Height > MaxSignaturePixels {
		return errSignatureTooLarge
	}
	return nil
}

// Validate checks a sign-in request before it reaches storage. on is the
// session date.
func (in *SignInInput) Validate(on Date) error {
	in.Normalize()
	if in.SessionID == "" {
		return FieldErrorf("session", "没有正在签到的活动", "no session is open for check-in")
	}
	if len(in.Children) == 0 {
		return FieldErrorf("child", "请至少选择或填写一个孩子", "pick or enter at least one child")
	}
	if len(in.Children) > MaxChildrenPerSignIn {
		return FieldErrorf("child", "一次最多为 %d 个孩子签到", "at most %d children in one sign-in", MaxChildrenPerSignIn)
	}
	for i := range in.Children {
		c := &in.Children[i]
		if c.ChildID != "" {
			continue
		}
		if err := CheckName("child", c.Name); err != nil {
			return err
		}
		c.Name = NormalizeName(c.Name)
		if !c.BirthDate.IsZero() {
			if c.BirthDate.After(on) {
				return FieldErrorf("birth", "出生日期不能晚于活动日期", "the birth date cannot be after the session date")
			}
			if c.BirthDate.Before(on.AddMonths(-MaxSignInAgeMonths)) {
				return FieldErrorf("birth", "出生日期不能早于 6 年前", "the birth date cannot be more than 6 years ago")
			}
		} else if c.AgeMonths < 0 || c.AgeMonths > MaxSignInAgeMonths {
			return FieldErrorf("birth", "请填写出生日期，或 0 到 %d 之间的月龄", "enter the birth date, or the age in months between 0 and %d", MaxSignInAgeMonths)
		}
	}
	phone, err := NormalizePhone(in.Phone)
	if err != nil {
		return err
	}
	in.Phone = phone
	if !in.Relation.Valid() {
		return FieldErrorf("relation", "请选择养育人与儿童关系", "choose the caregiver's relation to the child")
	}
	switch in.Method {
	case MethodPhone, MethodKiosk, MethodCard:
	default:
		return FieldErrorf("method", "未知的签到方式", "unknown sign-in method")
	}
	if len(in.SignaturePNG) == 0 && in.SignedName == "" {
		return FieldErrorf("signature", "请签名（手写或输入姓名）", "sign: draw or type your name")
	}
	if len(in.SignaturePNG) > 0 {
		if err := CheckSignature(in.SignaturePNG); err != nil {
			return err
		}
	}
	if in.SignedName != "" {
		if err := CheckName("signature", in.SignedName); err != nil {
			return err
		}
	}
	if in.Caregiver != "" {
		if err := CheckName("caregiver", in.Caregiver); err != nil {
			return err
		}
	}
	// Consent is the caregiver's, given now or earlier: the store checks it
	// (every method), since only it knows who agreed before. A version given
	// now must be one the kiosk has shown.
	if in.ConsentVersion != "" && !ConsentKnown(in.ConsentVersion) {
		return FieldErrorf("consent", "签到须知已更新，请重新阅读并同意", "the notice has changed; read it and agree again")
	}
	if len(in.Nonce) > 64 {
		return FieldErrorf("nonce", "请求无效", "invalid request")
	}
	return nil
}

// Normalize tidies what a sign-in's lookups compare, the one home for it:
// the phone (when it reads as a mobile number; Validate refuses it
// otherwise), the signed and the caregiver's names, and an empty
// caregiver's name taken from the signed one. Validate calls it; the store
// calls it before it looks the family's caregiver up.
func (in *SignInInput) Normalize() {
	if p, err := NormalizePhone(in.Phone); err == nil {
		in.Phone = p
	}
	in.SignedName = NormalizeName(in.SignedName)
	in.Caregiver = NormalizeName(in.Caregiver)
	if in.Caregiver == "" {
		in.Caregiver = in.SignedName
	}
}

// IsPNG reports whether b starts with the PNG signature.
func IsPNG(b []byte) bool {
	return len(b) > 8 && string(b[:8]) == "\x89PNG\r\n\x1a\n"
}

var mobileRe = regexp.MustCompile(`^1[3-9]\d{9}$`)

// NormalizePhone strips spaces, dashes and a +86/0086 prefix and checks the
// result is a mainland mobile number.
func NormalizePhone(s string) (string, error) {
	t := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '\u3000', '\t':
			return -1
		case '＋': // a Chinese keyboard's plus, like its digits
			return '+'
		}
		if r >= '０' && r <= '９' { // full-width digits from a Chinese IME
			return '0' + (r - '０')
		}
		return r
	}, s)
	switch {
	case strings.HasPrefix(t, "+86"):
		t = t[3:]
	case strings.HasPrefix(t, "0086"):
		t = t[4:]
	}
	if t == "" {
		return "", FieldErrorf("phone", "请填写联系电话", "the phone number is required")
	}
	if !mobileRe.MatchString(t) {
		return "", FieldErrorf("phone", "手机号码应为 11 位数字，以 1 开头", "the mobile number must be 11 digits starting with 1")
	}
	return t, nil
}

// MaskName hides the middle of a name wherever a person other than the
// instructor may see it (a family found by phone number, the kiosk's
// family-facing search): 王小明 → 王*明, 李丽 → 李*.
func MaskName(s string) string {
	r := []rune(s)
	switch n := len(r); {
	case n <= 1:
		return s
	case n == 2:
		return string(r[0]) + "*"
	default:
		return string(r[0]) + strings.Repeat("*", n-2) + string(r[n-1])
	}
}

// MaskPhone shows a phone as 138****5678.
func MaskPhone(p string) string {
	if len(p) != 11 {
		return p
	}
	return p[:3] + "****" + p[7:]
}

// NormalizeName is a name as stored and compared, the one home for it (the
// kiosk and the phone agree): trimmed, full-width spaces as spaces, no
// space beside a Chinese character or a middle dot ("李  小明" is "李小明"),
// runs of spaces in a Latin name as one.
func NormalizeName(s string) string {
	f := strings.Fields(strings.ReplaceAll(s, "\u3000", " "))
	var b strings.Builder
	for i, w := range f {
		if i > 0 {
			prev, _ := utf8.DecodeLastRuneInString(f[i-1])
			next, _ := utf8.DecodeRuneInString(w)
			if !tight(prev) && !tight(next) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(w)
	}
	return b.String()
}

// tight reports whether r takes no space beside it in a name.
func tight(r rune) bool { return unicode.Is(unicode.Han, r) || isNameDot(r) }

func isNameDot(r rune) bool { return r == '·' || r == '•' || r == '・' || r == '.' }

// isFiller reports the Hangul fillers, which are letters that show nothing.
func isFiller(r rune) bool { return r == '\u3164' || r == '\u115f' || r == '\u1160' || r == '\uffa0' }

// CheckName checks a person's name (normalised by NormalizeName): 1–20
// characters (not UTF-16 units) of Han script, letters, spaces or the
// middle dot (买买提·艾力), with at least one visible letter; no control,
// invisible or filler characters.
func CheckName(field, s string) error {
	t := NormalizeName(s)
	n := utf8.RuneCountInString(t)
	if n == 0 {
		return FieldErrorf(field, "请填写姓名", "the name is required")
	}
	if n > 20 {
		return FieldErrorf(field, "姓名最多 20 个字", "a name has at most 20 characters")
	}
	if !utf8.ValidString(t) {
		return FieldErrorf(field, "姓名含有无效字符", "the name has invalid characters")
	}
	letters := 0
	for _, r := range t {
		switch {
		case isFiller(r):
			return FieldErrorf(field, "姓名含有看不见的字符", "the name has invisible characters")
		case unicode.Is(unicode.Han, r), unicode.IsLetter(r):
			letters++
		case isNameDot(r) || r == ' ':
		default:
			return FieldErrorf(field, "姓名只能包含汉字、字母和间隔号（·）", "a name may hold only Chinese characters, letters and the middle dot (·)")
		}
	}
	if letters == 0 {
		return FieldErrorf(field, "姓名至少要有一个汉字或字母", "a name needs at least one Chinese character or letter")
	}
	return nil
}

// CheckText checks free text: between min and max characters, valid UTF-8,
// no control characters except newline and tab.
func CheckText(field, s string, min, max int) error {
	if !utf8.ValidString(s) {
		return FieldErrorf(field, "文字含有无效字符", "the text has invalid characters")
	}
	n := utf8.RuneCountInString(strings.TrimSpace(s))
	if n < min {
		return FieldErrorf(field, "请填写此项", "this field is required")
	}
	if n > max {
		return FieldErrorf(field, "文字过长（最多 %d 字）", "the text is too long (at most %d characters)", max)
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' && r != '\r' {
			return FieldErrorf(field, "文字含有控制字符", "the text has control characters")
		}
	}
	return nil
}
