package checkin

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"strconv"
	"strings"
	"time"
)

// TokenStep is how often the QR code's token changes. A token is accepted
// during its own step and the next one, so a photo of the code is useless
// within a minute.
const TokenStep = 30 * time.Second

// tokenChars is how many characters a QR token has: 50 bits of the HMAC in
// base32 capitals. Within the minute a token lives, and behind the rate
// limit, no one guesses 50 bits; and capitals and digits let the QR code hold
// the address in alphanumeric mode, small enough for an 80x16 screen.
const tokenChars = 10

// qrPath is the path prefix of the QR address, in capitals for the same
// reason; the lower-case form, typed by hand, works too.
const qrPath = "/C/"

var b64 = base64.RawURLEncoding

// keys holds the keys derived from the installation's check-in secret, one per
// purpose, so a value signed for one use is never accepted for another.
type keys struct {
	token, pass, family, form, kid []byte
}

func deriveKeys(secret []byte) keys {
	d := func(purpose string) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte("carekiosk/checkin/" + purpose))
		return m.Sum(nil)
	}
	return keys{token: d("qr"), pass: d("pass"), family: d("family"), form: d("form"), kid: d("kid")}
}

func step(t time.Time) int64 { return t.Unix() / int64(TokenStep/time.Second) }

// tokenMAC is HMAC-SHA256 over (session id, step).
func tokenMAC(key []byte, sessionID string, st int64) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(sessionID))
	m.Write([]byte{0})
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(st))
	m.Write(b[:])
	return m.Sum(nil)
}

// encodeToken makes the path element of the QR URL: the session's MAC for
// the step of at, in base32 capitals. It names no session: the server finds
// the session whose MAC it is.
func encodeToken(key []byte, sessionID string, at time.Time) string {
	return tokenOf(key, sessionID, step(at))
}

func tokenOf(key []byte, sessionID string, st int64) string {
	return base32.StdEncoding.EncodeToString(tokenMAC(key, sessionID, st))[:tokenChars]
}

// normToken returns a scanned or typed token in capitals, or "" when it
// cannot be one.
func normToken(tok string) string {
	if len(tok) != tokenChars {
		return ""
	}
	tok = strings.ToUpper(tok)
	for _, r := range tok {
		if !(r >= 'A' && r <= 'Z' || r >= '2' && r <= '7') {
			return ""
		}
	}
	return tok
}

// tokenValid reports whether tok was made for sessionID in the step of now
// or the one before.
func tokenValid(key []byte, sessionID, tok string, now time.Time) bool {
	s := step(now)
	ok := hmac.Equal([]byte(tok), []byte(tokenOf(key, sessionID, s)))
	ok = hmac.Equal([]byte(tok), []byte(tokenOf(key, sessionID, s-1))) || ok
	return ok
}

// tokenWasValid reports whether tok was made for sessionID in any step of
// the span before now: an old photo of the code.
func tokenWasValid(key []byte, sessionID, tok string, now time.Time, span time.Duration) bool {
	s := step(now)
	for back := int64(0); back <= int64(span/TokenStep); back++ {
		if hmac.Equal([]byte(tok), []byte(tokenOf(key, sessionID, s-back))) {
			return true
		}
	}
	return false
}

// sign appends an HMAC of the parts to them: "a|b|c|mac". The parts must not
// contain '|'.
func sign(key []byte, parts ...string) string {
	body := strings.Join(parts, "|")
	m := hmac.New(sha256.New, key)
	m.Write([]byte(body))
	return body + "|" + b64.EncodeToString(m.Sum(nil)[:16])
}

// verify checks a value made by sign and returns its parts.
func verify(key []byte, v string, n int) ([]string, bool) {
	if len(v) > 400 {
		return nil, false
	}
	i := strings.LastIndexByte(v, '|')
	if i < 0 {
		return nil, false
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(v[:i]))
	want := b64.EncodeToString(m.Sum(nil)[:16])
	if !hmac.Equal([]byte(want), []byte(v[i+1:])) {
		return nil, false
	}
	parts := strings.Split(v[:i], "|")
	if len(parts) != n {
		return nil, false
	}
	return parts, true
}

// passLife is how long a scan keeps the form usable: long enough for the
// slowest family, short enough that a pass is no use at the next session.
const passLife = 3 * time.Hour

// makePass returns the pass cookie's value for a session. Each scan's pass
// is its own (a random part), so what one pass stored can be counted.
func makePass(key []byte, sessionID string, now time.Time) string {
	return sign(key, "p", sessionID, strconv.FormatInt(now.Add(passLife).Unix(), 10), rand.Text())
}

// checkPass returns the session a pass is for, when it is genuine and not
// expired.
func checkPass(key []byte, v string, now time.Time) (string, bool) {
	p, ok := verify(key, v, 4)
	if !ok || p[0] != "p" {
		return "", false
	}
	exp, err := strconv.ParseInt(p[2], 10, 64)
	if err != nil || now.Unix() > exp {
		return "", false
	}
	return p[1], true
}

// familyRef is what the family cookie and the one-tap form carry: ids only.
type familyRef struct {
	FamilyID    string
	CaregiverID string
	// Consent is the consent version the caregiver agreed to.
	Consent string
	// Found marks a family found by phone number rather than by this
	// phone's cookie: its children's names are shown partly hidden.
	Found bool
}

func makeFamily(key []byte, f familyRef) string {
	kind := "f"
	if f.Found {
		kind = "m"
	}
	return sign(key, kind, f.FamilyID, f.CaregiverID, f.Consent)
}

func checkFamily(key []byte, v string) (familyRef, bool) {
	p, ok := verify(key, v, 4)
	if !ok || (p[0] != "f" && p[0] != "m") || p[1] == "" {
		return familyRef{}, false
	}
	return familyRef{FamilyID: p[1], CaregiverID: p[2], Consent: p[3], Found: p[0] == "m"}, true
}

// tapRef is what the one-tap form carries in its sealed hidden field: the
// family reference and the caregiver's phone and relation, so the check-in
// needs no read before the write. It is a form field on the family's own
// page, never a cookie, and sealed (encrypted and authenticated) so the page
// shows no id and nothing of the caregiver.
type tapRef struct {
	familyRef
	Phone    string
	Relation string
}

func makeTap(key []byte, t tapRef) string {
	kind := "f"
	if t.Found {
		kind = "m"
	}
	return sealText(key, strings.Join([]string{kind, t.FamilyID, t.CaregiverID, t.Consent, t.Phone, t.Relation}, "|"))
}

func checkTap(key []byte, v string) (tapRef, bool) {
	body, ok := openText(key, v)
	if !ok {
		return tapRef{}, false
	}
	p := strings.Split(body, "|")
	if len(p) != 6 || (p[0] != "f" && p[0] != "m") || p[1] == "" {
		return tapRef{}, false
	}
	return tapRef{familyRef: familyRef{FamilyID: p[1], CaregiverID: p[2], Consent: p[3], Found: p[0] == "m"}, Phone: p[4], Relation: p[5]}, true
}
