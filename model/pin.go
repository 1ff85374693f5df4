package model

import (
	"time"
	"unicode"

	"golang.org/x/crypto/bcrypt"
)

// PIN rules: 4–8 digits, hashed with bcrypt, five wrong tries lock for a minute.
const (
	PINMaxTries = 5
	PINLockFor  = time.Minute
)

// CheckPINFormat validates a new PIN.
func CheckPINFormat(pin string) error {
	if len(pin) < 4 || len(pin) > 8 {
		return FieldErrorf("pin", "PIN 应为 4 到 8 位数字", "the PIN must be 4 to 8 digits")
	}
	for _, r := range pin {
		if !unicode.IsDigit(r) || r > '9' {
			return FieldErrorf("pin", "PIN 只能是数字", "the PIN must be digits only")
		}
	}
	return nil
}

// HashPIN returns the bcrypt hash of a PIN after checking its format.
func HashPIN(pin string) (string, error) {
	if err := CheckPINFormat(pin); err != nil {
		return "", err
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pin), bcrypt.DefaultCost)
	return string(h), err
}

// PINGuard checks PIN attempts against a hash and locks after too many wrong
// ones. It holds no clock of its own: callers pass now.
type PINGuard struct {
	Hash        string
	failures    int
	lockedUntil time.Time
}

// Check verifies pin at time now.
func (g *PINGuard) Check(pin string, now time.Time) error {
	if now.Before(g.lockedUntil) {
		secs := int(g.lockedUntil.Sub(now).Seconds() + 0.999)
		return Errorf(ECONFLICT, "PIN 错误次数过多，请 %d 秒后再试", "too many wrong PINs; try again in %d seconds", secs)
	}
	if g.Hash == "" {
		return Errorf(ECONFLICT, "尚未设置 PIN", "no PIN has been set")
	}
	if bcrypt.CompareHashAndPassword([]byte(g.Hash), []byte(pin)) != nil {
		g.failures++
		if g.failures >= PINMaxTries {
			g.failures = 0
			g.lockedUntil = now.Add(PINLockFor)
			return Errorf(EINVALID, "PIN 错误 %d 次，已锁定 1 分钟", "%d wrong PINs; locked for one minute", PINMaxTries)
		}
		return Errorf(EINVALID, "PIN 错误，还可再试 %d 次", "wrong PIN; %d tries left", PINMaxTries-g.failures)
	}
	g.failures = 0
	return nil
}
